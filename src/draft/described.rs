//! Bodies the essay describes without naming: armed forces named by their nation ("Chilean
//! troops", "an Ottoman fleet", "Italy's army", "the armed forces of Peru") and governments
//! ("the Japanese government", "the government of Peru"). docs/annotation-format.md makes such
//! troops an `Army` of their own, linked to their state with `army_of`, when the essay makes them
//! act; a government acting as a body is a `Government` with `government_of`. Like the other
//! descriptions ([`super::descriptions`]), each is a candidate end that [`super::assemble`] keeps
//! only when a relation cue uses it (precision first), and then links to its state.
//!
//! The span is the phrase without its article ("Chilean troops"), as the annotation format puts a
//! description into the aliases; the label is that phrase.

use crate::model::EntityType;

use super::candidates::Mention;
use super::descriptions::Description;
use super::lexicon::Lexicon;
use super::sentences::{Token, Tokenized};
use super::typing::Guess;

/// Lowercase nouns of armed forces: after a demonym or a state's possessive, a body of that
/// state's forces.
const FORCE_NOUNS: [&str; 15] = [
    "troops",
    "forces",
    "army",
    "armies",
    "navy",
    "fleet",
    "squadron",
    "garrison",
    "soldiers",
    "sailors",
    "marines",
    "warship",
    "warships",
    "militia",
    "expeditionary",
];

/// Lowercase nouns of a ruling body.
const GOVERNMENT_NOUNS: [&str; 4] = ["government", "regime", "junta", "cabinet"];

/// Lowercase words that may stand between the demonym and the noun ("Italian colonial troops",
/// "the Soviet armed forces"); one at most.
const FORCE_MODIFIERS: [&str; 8] =
    ["armed", "colonial", "regular", "naval", "military", "expeditionary", "occupying", "royal"];

/// Whose body a description is: the state of a demonym (a gazetteer line) or of a name mentioned
/// right there ("Italy's army": the mention's first token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The gazetteer line of the demonym.
    Place(usize),
    /// The first token of the owner's mention.
    Mention(usize),
}

/// A described body and whose it is.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub description: Description,
    pub owner: Owner,
}

/// The words of tokens `from..=to` as the essay spaces them.
fn phrase(toks: &[Token], from: usize, to: usize) -> String {
    let mut out = String::new();
    for k in from..=to {
        if k > from && toks[k].start > toks[k - 1].end {
            out.push(' ');
        }
        out.push_str(&toks[k].text);
    }
    out
}

fn body_type(noun: &str) -> Option<EntityType> {
    if FORCE_NOUNS.contains(&noun) {
        Some(EntityType::Army)
    } else if GOVERNMENT_NOUNS.contains(&noun) {
        Some(EntityType::Government)
    } else {
        None
    }
}

fn description(toks: &[Token], s: usize, first: usize, last: usize, entity_type: EntityType) -> Description {
    let name = phrase(toks, first, last);
    Description {
        mention: Mention {
            start: toks[first].start,
            end: toks[last].end,
            name: name.clone(),
            title: None,
            sentence: s,
            first_token: first,
            last_token: last,
            guess: Guess { entity_type, strength: 4 },
            place: None,
            acronym_of: None,
            ruler: false,
            body_of: None,
            description: true,
            stands_for: None,
        },
        label: name.clone(),
        name,
        with: Vec::new(),
    }
}

/// Every described force or government of the essay, in essay order: "DEMONYM [modifier] NOUN",
/// "NAME's [modifier] NOUN" and "the [modifier] NOUN of NAME", where NAME is a state. A phrase a
/// name already covers ("12,000 British troops", "the Japanese government" are bodies of their
/// own in [`super::candidates`]) is left to it.
///
/// # Complexity
/// O(T + N) for T tokens and N names.
pub(crate) fn find_bodies(essay: &Tokenized, names: &[Mention], lex: &Lexicon) -> Vec<Body> {
    let toks = &essay.tokens;
    let state_line = |m: &Mention| m.place.filter(|&p| lex.places[p].entity_type.is_a(EntityType::State));
    let mut out: Vec<Body> = Vec::new();
    // Bodies never overlap: the verb phrases read ends that do not.
    let mut push = |body: Body| {
        let m = &body.description.mention;
        if out.last().is_none_or(|l| l.description.mention.last_token < m.first_token) {
            out.push(body);
        }
    };
    for (s, sentence) in essay.sentences.iter().enumerate() {
        let (a, b) = (sentence.tokens.start, sentence.tokens.end);
        let covered = |from: usize, to: usize| {
            names.iter().any(|m| m.sentence == s && m.first_token <= to && from <= m.last_token && m.last_token > from)
        };
        for t in a..b {
            // The noun, after at most one modifier.
            let noun_at = |k: usize| -> Option<(usize, EntityType)> {
                let w = toks.get(k).filter(|_| k < b)?;
                if let Some(ty) = body_type(&w.text) {
                    return Some((k, ty));
                }
                if FORCE_MODIFIERS.contains(&w.text.as_str()) {
                    let n = toks.get(k + 1).filter(|_| k + 1 < b)?;
                    return body_type(&n.text).filter(|ty| *ty == EntityType::Army).map(|ty| (k + 1, ty));
                }
                None
            };
            let w = &toks[t];
            // "Chilean troops", "an Ottoman fleet".
            if w.is_capitalised() {
                let Some(line) = lex.demonym_of(&w.text) else { continue };
                if !lex.places[line].entity_type.is_a(EntityType::State) {
                    continue;
                }
                // "British and Dutch forces": the forces of two states, found as one name.
                if t > a && matches!(toks[t - 1].text.as_str(), "and" | "-") {
                    continue;
                }
                let Some((h, ty)) = noun_at(t + 1) else { continue };
                if covered(t, h) {
                    continue;
                }
                push(Body { description: description(toks, s, t, h, ty), owner: Owner::Place(line) });
                continue;
            }
            // "Italy's army": a state's possessive.
            if matches!(w.text.as_str(), "’s" | "'s") && t > a {
                let Some(owner) = names.iter().find(|m| m.sentence == s && m.last_token + 1 == t) else { continue };
                if state_line(owner).is_none() {
                    continue;
                }
                let Some((h, ty)) = noun_at(t + 1) else { continue };
                if covered(t + 1, h) {
                    continue;
                }
                let d = description(toks, s, owner.first_token, h, ty);
                push(Body { description: d, owner: Owner::Mention(owner.first_token) });
                continue;
            }
            // "the armed forces of Peru", "the government of Peru".
            if w.text == "the" {
                let Some((h, ty)) = noun_at(t + 1) else { continue };
                if toks.get(h + 1).filter(|_| h + 1 < b).is_none_or(|o| o.text != "of") {
                    continue;
                }
                let Some(owner) = names.iter().find(|m| m.sentence == s && m.first_token == h + 2) else { continue };
                if state_line(owner).is_none() || covered(t + 1, h) {
                    continue;
                }
                let d = description(toks, s, t + 1, owner.last_token, ty);
                push(Body { description: d, owner: Owner::Mention(owner.first_token) });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    fn draft(text: &str) -> (String, String) {
        let draft = crate::draft::draft(&format!("A Title\n\n{text}\n")).unwrap();
        let data = crate::load(&draft.sources()).unwrap();
        let mut lines: Vec<String> =
            data.relations.iter().map(|r| format!("{} {} {}", r.subject, r.kind.name(), r.object)).collect();
        lines.sort();
        (draft.files.entities, lines.join("\n"))
    }

    #[test]
    fn troops_named_by_their_nation_that_act_are_an_army_of_that_state() {
        let (entities, relations) = draft("Chile was at war with Peru. In 1881 Chilean troops occupied Lima.");
        assert!(entities.contains("label = \"Chilean troops\""), "{entities}");
        assert!(entities.contains("type = \"Army\""), "{entities}");
        assert!(relations.contains("chilean_troops occupied lima"), "{relations}");
        assert!(relations.contains("chilean_troops army_of chile"), "{relations}");
        // The state's own reading stays: the essay's gold may record either.
        assert!(relations.contains("chile occupied lima"), "{relations}");
    }

    #[test]
    fn a_state_possessive_and_an_of_phrase_name_the_owner() {
        let (_, relations) =
            draft("In 1935 Italy's army occupied Tigray. Later the armed forces of Peru occupied Arica.");
        assert!(relations.contains("italy_s_army army_of italy"), "{relations}");
        assert!(relations.contains("italy_s_army occupied tigray"), "{relations}");
        assert!(relations.contains("armed_forces_of_peru army_of peru"), "{relations}");
    }

    #[test]
    fn no_body_that_no_relation_uses_nor_one_of_two_states() {
        for text in ["Chilean troops were tired in 1879.", "British and Dutch forces captured Gibraltar in 1704."] {
            let (entities, _) = draft(text);
            assert!(!entities.contains("label = \"Chilean troops\""), "{text}\n{entities}");
            assert!(!entities.contains("label = \"Dutch forces\""), "{text}\n{entities}");
        }
    }

    #[test]
    fn a_government_named_by_its_demonym_is_that_state_s() {
        let (_, relations) = draft("Japan lost Etorofu in 1945. To this day, the Japanese government claims Etorofu.");
        assert!(relations.contains("japanese_government government_of japan"), "{relations}");
    }
}
