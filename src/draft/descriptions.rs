//! Things the essay describes without naming: an indefinite noun phrase headed by a noun of the
//! type hierarchy ("a separate peace", "a non-aggression pact", "a ten-year uprising", "an
//! alliance"). Each becomes a candidate end for the relation cues; [`super::assemble`] keeps it as
//! an entity only when a relation uses it (precision first: never a generic noun alone). Its name
//! is the phrase without its article (docs/annotation-format.md: the description goes into the
//! aliases), its label that name with the sentence's year ("separate peace of 1573"), its type the
//! head noun's (`head` in words.tsv).

use crate::model::EntityType;
use crate::names::name_key;

use super::candidates::Mention;
use super::lexicon::Lexicon;
use super::sentences::{Token, Tokenized};
use super::typing::Guess;

/// Words that end the modifiers of a description: prepositions, conjunctions, relative pronouns
/// and the verbs "to be" and "to have".
const STOPS: [&str; 30] = [
    "of", "with", "between", "against", "in", "at", "to", "on", "for", "by", "from", "over", "under", "and", "or",
    "but", "that", "which", "who", "whom", "was", "were", "is", "are", "had", "has", "have", "be", "been", "not",
];

/// At most this many modifiers before the head noun ("a secret mutual defence treaty").
const MAX_MODIFIERS: usize = 3;

/// The type of a description's head noun: agreements, alliances and wars, the things a relation
/// takes as an unnamed end; `None` for any other noun.
pub(crate) fn head_type(word: &str, lex: &Lexicon) -> Option<EntityType> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if !first.is_lowercase() {
        return None;
    }
    let capitalised: String = first.to_uppercase().chain(chars).collect();
    let t = *lex.heads.get(&capitalised)?;
    (t.is_a(EntityType::Treaty) || t == EntityType::War || t == EntityType::Alliance).then_some(t)
}

/// Whether a lowercase word is the head of a described treaty, war or alliance
/// ([`find_descriptions`]' own heads), which the events of described.rs leave to it.
pub(crate) fn head_type_of_word(word: &str) -> bool {
    head_type(word, Lexicon::get()).is_some()
}

/// Verbs after which a definite alliance that says against or between whom is a described end:
/// "Russia joined the coalition against Prussia" (round 14, from the development golds, which
/// give such a phrase as the alliance's alias).
const JOIN_VERBS: [&str; 1] = ["joined"];

/// Verbs that take a bare noun as one act ("declare a war", "wage a war"): no entity.
const LIGHT_VERBS: [&str; 2] = ["declar", "wag"];

/// The words of tokens `from..=to` as the essay spaces them.
pub(crate) fn phrase(toks: &[Token], from: usize, to: usize) -> String {
    let mut out = String::new();
    for k in from..=to {
        if k > from && toks[k].start > toks[k - 1].end {
            out.push(' ');
        }
        out.push_str(&toks[k].text);
    }
    out
}

/// The last token of a complement that says between or against whom, right after the head at
/// `h`: "between A and B", "against (the) A", "with (the) A", where A and B are names.
fn complement_end(toks: &[Token], h: usize, end: usize, names: &[Mention]) -> Option<usize> {
    let name_at = |k: usize| {
        let k = if toks.get(k).is_some_and(|t| t.text == "the") { k + 1 } else { k };
        // The name ends the phrase: "against Han rule" is against no name.
        names.iter().find(|m| m.first_token == k && m.last_token < end).map(|m| m.last_token).filter(|&l| {
            toks.get(l + 1)
                .is_none_or(|n| l + 1 >= end || !n.word || n.is_capitalised() || STOPS.contains(&n.text.as_str()))
        })
    };
    let preposition = toks.get(h + 1).filter(|_| h + 1 < end)?;
    let first = name_at(h + 2)?;
    match preposition.text.as_str() {
        "between" => {
            let and = toks.get(first + 1).filter(|t| t.text == "and")?;
            let _ = and;
            name_at(first + 2)
        }
        "against" | "with" => Some(first),
        _ => None,
    }
}

/// The last token of "of NOUN" or "of NOUN and NOUN" right after a treaty's head at `h`, with
/// lowercase nouns ("a treaty of friendship and cooperation"), when the phrase ends there.
fn of_tail(toks: &[Token], h: usize, end: usize) -> Option<usize> {
    let noun = |k: usize| {
        toks.get(k).filter(|_| k < end).is_some_and(|w| {
            w.word && !w.is_capitalised() && !w.is_number() && !STOPS.contains(&w.text.as_str()) && w.text != "the"
        })
    };
    if toks.get(h + 1).filter(|_| h + 1 < end).is_none_or(|w| w.text != "of") || !noun(h + 2) {
        return None;
    }
    let last = if toks.get(h + 3).is_some_and(|w| w.text == "and") && noun(h + 4) { h + 4 } else { h + 2 };
    // What follows is no noun of the same phrase ("a treaty of friendship pact" is no such phrase).
    let after = toks.get(last + 1).filter(|_| last + 1 < end);
    after
        .is_none_or(|n| !n.word || n.is_capitalised() || STOPS.contains(&n.text.as_str()) || n.text.ends_with("ed"))
        .then_some(last)
}

/// A description and how the drafter labels it.
#[derive(Debug, Clone)]
pub(crate) struct Description {
    pub mention: Mention,
    /// The phrase without its article ("separate peace").
    pub name: String,
    /// The name with the sentence's one year, when it has one ("separate peace of 1573").
    pub label: String,
    /// The first token of each name in a complement "with A" ("a pact with Japan").
    pub with: Vec<usize>,
}

/// Every indefinite description in the essay ("a/an", up to three lowercase modifiers, a head
/// noun), in essay order, outside the names already found.
///
/// # Complexity
/// O(T) for T tokens.
pub(crate) fn find_descriptions(essay: &Tokenized, names: &[Mention], lex: &Lexicon) -> Vec<Description> {
    let toks = &essay.tokens;
    let mut out = Vec::new();
    for (s, sentence) in essay.sentences.iter().enumerate() {
        let years: Vec<u16> = sentence.tokens.clone().filter_map(|t| toks[t].year()).collect();
        let (a, b) = (sentence.tokens.start, sentence.tokens.end);
        for t in a..b {
            // "joined the coalition against X": a definite alliance (checked below).
            let definite = toks[t].text == "the" && t > a && JOIN_VERBS.contains(&toks[t - 1].text.as_str());
            if !definite && !matches!(toks[t].text.as_str(), "a" | "an" | "A" | "An") {
                continue;
            }
            // The run of lowercase words after the article, up to a stop word.
            let run: Vec<usize> = (t + 1..b)
                .take_while(|&k| {
                    let w = &toks[k];
                    w.word && !w.is_capitalised() && !w.is_number() && !STOPS.contains(&w.text.as_str())
                })
                .take(MAX_MODIFIERS + 1)
                .collect();
            // The head: the first head noun not followed by another ("a peace treaty": "treaty").
            let is_head = |k: usize| head_type(&toks[k].text, lex).is_some();
            let Some(h) = run.iter().copied().find(|&k| is_head(k) && !(k + 1 < b && is_head(k + 1))) else {
                continue;
            };
            // The phrase must end at its head: what follows is a stop word, punctuation, a name
            // or a verb in the past ("a war memorial" is no war).
            let after = toks.get(h + 1).filter(|_| h + 1 < b);
            if after.is_some_and(|n| {
                n.word && !n.is_capitalised() && !STOPS.contains(&n.text.as_str()) && !n.text.ends_with("ed")
            }) {
                continue;
            }
            if names.iter().any(|m| m.sentence == s && m.first_token <= h && t <= m.last_token) {
                continue;
            }
            let Some(entity_type) = head_type(&toks[h].text, lex) else { continue };
            // "a treaty of friendship (and cooperation)": what a treaty is of belongs to its
            // description (described.rs); the phrase then ends there.
            let h = match of_tail(toks, h, b) {
                Some(end) if entity_type.is_a(EntityType::Treaty) => end,
                _ => h,
            };
            let name = phrase(toks, t + 1, h);
            // "declare a war", "wage a war": the act, not a war of its own.
            if t > a && LIGHT_VERBS.iter().any(|v| toks[t - 1].text.starts_with(v)) {
                continue;
            }
            // The label: with the phrase that says between whom or against whom ("war against
            // the Tsing Dynasty"), else with the sentence's one year ("separate peace of 1573").
            let complement = complement_end(toks, h, b, names);
            // A war or an alliance is described by many phrases a reader would not list ("a
            // ten-year uprising"): only one that says against or between whom is an end.
            if !entity_type.is_a(EntityType::Treaty) && complement.is_none() {
                continue;
            }
            // After "the", only an alliance against or between names: "joined the war" is no
            // war of its own, "the treaty" a reference back (anaphora.rs).
            if definite && (entity_type != EntityType::Alliance || complement.is_none()) {
                continue;
            }
            // A label that occurs in the essay claims the names inside it as its own mentions
            // (docs/annotation-format.md): only where each name is mentioned elsewhere too.
            let elsewhere = |m: &Mention| names.iter().filter(|n| name_key(&n.name) == name_key(&m.name)).count() > 1;
            let spelled = complement
                .filter(|&end| names.iter().filter(|m| m.first_token > h && m.last_token <= end).all(elsewhere));
            let label = match (spelled, years.as_slice()) {
                (Some(end), _) => phrase(toks, t + 1, end),
                (None, [y]) => format!("{name} of {y}"),
                (None, _) => name.clone(),
            };
            let mention = Mention {
                start: toks[t].start,
                end: toks[h].end,
                name: name.clone(),
                title: None,
                sentence: s,
                first_token: t,
                last_token: h,
                guess: Guess { entity_type, strength: 4, rule: "description" },
                place: None,
                acronym_of: None,
                ruler: false,
                body_of: None,
                description: true,
                stands_for: None,
            };
            let with = match (toks.get(h + 1).map(|t| t.text.as_str()), complement) {
                (Some("with"), Some(end)) => names
                    .iter()
                    .filter(|m| m.sentence == s && m.first_token > h && m.last_token == end)
                    .map(|m| m.first_token)
                    .collect(),
                _ => Vec::new(),
            };
            out.push(Description { mention, name, label, with });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::draft::test_support::drafted_with_entities as draft;

    #[test]
    fn a_treaty_the_essay_only_describes_is_an_end_when_a_cue_takes_it() {
        let (entities, relations) = draft("In 1941 Japan broke a non-aggression pact with Korea.");
        assert!(entities.contains("label = \"non-aggression pact of 1941\""), "{entities}");
        assert!(entities.contains("aliases = [\"non-aggression pact\"]"), "{entities}");
        assert!(entities.contains("type = \"Pact\""), "{entities}");
        assert!(relations.contains("japan broke non_aggression_pact_of_1941"), "{relations}");
        assert!(relations.contains("korea party_to non_aggression_pact_of_1941"), "{relations}");
    }

    #[test]
    fn a_complement_whose_names_recur_labels_it() {
        let (entities, relations) =
            draft("Japan defeated China. In 1895 Japan won a war against China. China lost Taiwan.");
        assert!(entities.contains("label = \"war against China\""), "{entities}");
        assert!(relations.contains("japan won war_against_china"), "{relations}");
    }

    /// Round 14: "joined the coalition against X" (the Austria–Prussia gold's alliance, given by
    /// that phrase): the joiner is a member, the alliance opposed X; "the" alone, or a war, is no
    /// end of its own.
    #[test]
    fn a_definite_alliance_joined_against_a_name_is_an_end() {
        let (entities, relations) = draft(
            "Prussia invaded Saxony in 1756. In 1757 Russia joined the coalition against Prussia, and Sweden joined the \
             league between Austria and France.",
        );
        assert!(entities.contains("label = \"coalition against Prussia\""), "{entities}");
        assert!(entities.contains("type = \"Alliance\""), "{entities}");
        assert!(relations.contains("russia member_of coalition_against_prussia"), "{relations}");
        assert!(relations.contains("coalition_against_prussia opposed prussia"), "{relations}");
        for text in [
            "Prussia fought Austria. Russia joined the coalition in 1757.",
            "Prussia fought Austria. Russia joined the war against Prussia in 1757.",
            "Prussia fought Austria. Russia saw the coalition against Prussia fail.",
        ] {
            let (entities, _) = draft(text);
            assert!(!entities.contains("describes this without naming"), "{text}\n{entities}");
        }
    }

    #[test]
    fn no_entity_without_a_cue_nor_for_a_bare_war_or_an_idiom() {
        for text in [
            "A treaty was a fine thing for Japan and Korea.",
            "Le Loi led a ten-year uprising.",
            "Japan declared a war against China in 1894.",
        ] {
            let (entities, _) = draft(text);
            assert!(!entities.contains("describes this without naming"), "{text}\n{entities}");
        }
    }
}
