//! Events the essay makes of a verb: "Japan surrendered".
//!
//! The development golds record such a clause as an event of its own, labelled in the annotator's
//! words ("surrender of Japan"), which the scorer finds by its label or aligns as a described end
//! (score.rs). One construction, counted on the development golds (README's round-29 paragraph):
//!
//! - **A surrender with no object**: "X surrendered" ("Japan surrendered in August 1945", "the
//!   fortress of Sveaborg surrendered", "Santiago de Cuba, which surrendered on 17 July"), X named
//!   right before the verb (or before ", which"): an `Event` "surrender of X" that a state or place
//!   underwent and a person or force took part in ("which" takes up a thing, never a person).
//!   Left: "surrendered Candia" (an object: Candia was given up), "surrendered to the French" (the
//!   one development case's gold makes no surrender event of it), "the forces in
//!   Dhaka surrendered" (a name after a preposition is not who surrendered) and a subject farther
//!   from the verb than ", which" ("Napoleon III, the nephew of the first Napoleon, surrendered").
//!
//! Tried and left out: an invasion in a temporal clause ("when Germany invaded Belgium") as an
//! event "invasion of Belgium (by Germany)" that the invader took part in and that targeted the
//! land. The golds split on it: 6 of 10 relations right on the five such clauses of the 34
//! development essays, 7 of 10 had the event been quoted from the verb (the invader
//! `took_part_in` it twice, `responsible_for` three times; the land `targeted` four times,
//! `victim_of` once), below the 80% a rule must reach.
//!
//! The event's quote is the essay's words from X to the verb, its note says it is made of a
//! verb, and its label is built from the essay's name of X.

use crate::model::{EntityType, RelationKind};

use super::candidates::Mention;
use super::sentences::Tokenized;

/// Words after an intransitive "surrendered": a date, a place, a manner or the clause's end.
const AFTER_SURRENDER: [&str; 8] = ["in", "on", "at", "after", "with", "and", "within", "unconditionally"];

/// Prepositions before a name that make it where something happened, not who did it ("the
/// forces in Dhaka surrendered").
const PLACE_PREPOSITIONS: [&str; 7] = ["in", "at", "near", "from", "on", "by", "with"];

/// A surrender the essay states with a verb, its actor as the essay's mention (an index into the
/// names).
#[derive(Debug, Clone)]
pub(crate) struct VerbEvent {
    /// Who surrendered.
    pub actor: usize,
    /// Character span of the event's quote and of its relation's: the actor to the verb.
    pub span: (usize, usize),
    /// The sentence.
    pub sentence: usize,
    /// Whether the actor is taken up by "which", a thing's pronoun, not a person's.
    pub which: bool,
}

/// The name that ends right at token `t` (none when `t` is not a name's last token).
fn ending_at(names: &[Mention], s: usize, t: usize) -> Option<usize> {
    names.iter().position(|m| m.sentence == s && m.last_token == t && !m.description)
}

/// Every surrender with no object, in essay order.
///
/// # Complexity
/// O(T + V·N) for T tokens, V surrender verbs and N names.
pub(crate) fn find_verb_events(essay: &Tokenized, names: &[Mention]) -> Vec<VerbEvent> {
    let toks = &essay.tokens;
    let mut out = Vec::new();
    for (s, sentence) in essay.sentences.iter().enumerate() {
        let (a, b) = (sentence.tokens.start, sentence.tokens.end);
        for v in a + 1..b {
            if toks[v].text != "surrendered" {
                continue;
            }
            // No object: the clause ends, or a date, place or manner follows.
            let next = toks.get(v + 1).filter(|_| v + 1 < b);
            if next.is_some_and(|n| n.word && !AFTER_SURRENDER.contains(&n.text.as_str())) {
                continue;
            }
            // "X surrendered" or "X, which surrendered".
            let which = v.checked_sub(2).filter(|&w| w > a && toks[v - 1].text == "which" && toks[w].text == ",");
            let actor = ending_at(names, s, v - 1).or_else(|| ending_at(names, s, which? - 1));
            let Some(actor) = actor else { continue };
            let before = names[actor].first_token.checked_sub(1).filter(|&p| p >= a);
            if before.is_some_and(|p| PLACE_PREPOSITIONS.contains(&toks[p].text.as_str())) {
                continue;
            }
            out.push(VerbEvent {
                actor,
                span: (names[actor].start, toks[v].end),
                sentence: s,
                which: which.is_some() && ending_at(names, s, v - 1).is_none(),
            });
        }
    }
    out
}

impl VerbEvent {
    /// The event's label from the essay's name of the actor: "surrender of Japan".
    pub(crate) fn label(&self, actor: &str) -> String {
        format!("surrender of {actor}")
    }

    /// The relation of the actor to the event, by the actor's type (a name "which" takes up is
    /// no person, whatever its type); `None` when no kind fits.
    pub(crate) fn actor_kind(&self, actor: EntityType) -> Option<RelationKind> {
        let person = actor.is_a(EntityType::Person) && !self.which;
        let kind =
            if person || actor.is_a(EntityType::Army) { RelationKind::TookPartIn } else { RelationKind::Underwent };
        kind.admits(actor, EntityType::Event).then_some(kind)
    }
}

#[cfg(test)]
mod tests {
    use crate::draft::test_support::{drafted, drafted_with_entities};

    #[test]
    fn a_surrender_with_no_object_is_an_event() {
        let (entities, relations) = drafted_with_entities("In August 1945 Japan surrendered, and the war ended.");
        assert!(entities.contains("label = \"surrender of Japan\""), "{entities}");
        assert!(entities.contains("type = \"Event\""), "{entities}");
        assert!(entities.contains("quote = \"Japan surrendered\""), "{entities}");
        assert!(relations.lines().any(|l| l == "japan underwent surrender_of_japan"), "{relations}");
        // After ", which": the name before it surrendered, and is no person.
        let relations = drafted("The fleet was sunk off Santiago de Cuba, which surrendered on 17 July.");
        assert!(
            relations.lines().any(|l| l == "santiago_de_cuba underwent surrender_of_santiago_de_cuba"),
            "{relations}"
        );
        // A person takes part in a surrender.
        let relations = drafted("In 1870 Emperor Napoleon III surrendered at Sedan.");
        assert!(relations.lines().any(|l| l.ends_with("took_part_in surrender_of_napoleon_iii")), "{relations}");
    }

    #[test]
    fn a_surrender_with_an_object_or_a_place_before_it_makes_no_event() {
        // "surrendered Candia": Candia was given up, no one's surrender is named.
        let (entities, _) = drafted_with_entities("In 1669 Venice surrendered Candia to the Ottomans.");
        assert!(!entities.contains("surrender of"), "{entities}");
        // "surrendered to": not drafted (the golds make no surrender event of it).
        let (entities, _) = drafted_with_entities("In 1926 Abd el-Krim surrendered to France.");
        assert!(!entities.contains("surrender of"), "{entities}");
        // "the forces in Dhaka": Dhaka did not surrender.
        let (entities, _) = drafted_with_entities("In 1971 the Pakistani forces in Dhaka surrendered.");
        assert!(!entities.contains("surrender of Dhaka"), "{entities}");
    }
}
