//! Events the essay makes of a verb: "when Germany invaded Belgium", "Japan surrendered".
//!
//! The development golds record such a clause as an event of its own, labelled in the annotator's
//! words ("German invasion of Belgium", "surrender of Japan"), which the scorer aligns with a
//! drafted event quoted inside the gold relation's quote (score.rs's described ends). Two
//! constructions, each counted on the development golds (README's round-29 paragraph):
//!
//! - **An invasion in a temporal clause**: "when/after/before/as/once/until X \[adverbs\] invaded
//!   Y", X a state, ruler or force and Y a named place: an `Event` "invasion of Y (by X)", which X
//!   took part in (a person: is responsible for) and which targeted Y. The clause's reading as
//!   X `fought_against` Y goes: no development gold records it for such a clause. An invasion
//!   in a main clause stays `moved_into`/`fought_against` (round 9's survey: the golds make no
//!   event of it three times out of four).
//! - **A surrender**: "X surrendered" with no object ("Japan surrendered in August 1945",
//!   "Santiago de Cuba, which surrendered on 17 July"), X named right before the verb (or before
//!   ", which"): an `Event` "surrender of X"; a state or place underwent it, a person or force
//!   took part in it. "surrendered Candia" (an object) and "the forces in Dhaka surrendered" (a
//!   place after a preposition is not who surrendered) are left.
//!
//! Each event's quote is the clause's words from X to Y (or to the verb), its note says it is
//! made of a verb, and its label is built from the essay's names.

use crate::model::{EntityType, RelationKind};

use super::candidates::Mention;
use super::sentences::Tokenized;

/// Conjunctions that open a temporal clause.
const TEMPORAL: [&str; 7] = ["when", "after", "before", "as", "once", "until", "while"];

/// Adverbs that may stand between a subject and its verb ("Charles at last invaded").
const ADVERBS: [&str; 8] = ["at", "last", "finally", "then", "again", "first", "also", "soon"];

/// Words after an intransitive "surrendered": a date, a place, a manner or the clause's end.
const AFTER_SURRENDER: [&str; 8] = ["in", "on", "at", "after", "with", "and", "within", "unconditionally"];

/// Prepositions before a name that make it where something happened, not who did it ("the
/// forces in Dhaka surrendered").
const PLACE_PREPOSITIONS: [&str; 7] = ["in", "at", "near", "from", "on", "by", "with"];

/// What made the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// "invaded" in a temporal clause.
    Invasion,
    /// "surrendered" with no object.
    Surrender,
}

/// An event made of a verb, its ends as the essay's mentions (indices into the names).
#[derive(Debug, Clone)]
pub(crate) struct VerbEvent {
    /// The construction.
    pub verb: Verb,
    /// Who invaded or surrendered.
    pub actor: usize,
    /// What was invaded.
    pub target: Option<usize>,
    /// Character span of the event's quote: actor to target (or to the verb).
    pub span: (usize, usize),
    /// Character span of the relations' quote: the clause from its conjunction (or the actor).
    pub clause: (usize, usize),
    /// The sentence.
    pub sentence: usize,
    /// Whether the essay writes "the" before the target ("invaded the Soviet Union").
    pub article: bool,
    /// Whether the actor is taken up by "which", a thing's pronoun, not a person's.
    pub which: bool,
}

/// The mention that ends right at token `t` (none when `t` is not a name's last token).
fn ending_at(names: &[Mention], s: usize, t: usize) -> Option<usize> {
    names.iter().position(|m| m.sentence == s && m.last_token == t && !m.description)
}

/// The mention that starts at token `t`, or at `t + 1` after "the".
fn starting_at(names: &[Mention], essay: &Tokenized, s: usize, t: usize) -> Option<usize> {
    let t = if essay.tokens.get(t).is_some_and(|w| w.text == "the") { t + 1 } else { t };
    names.iter().position(|m| m.sentence == s && m.first_token == t && !m.description)
}

/// Every invasion in a temporal clause and every surrender with no object, in essay order.
///
/// # Complexity
/// O(T·N) for T tokens and N names (a name is looked up only at the two verbs).
pub(crate) fn find_verb_events(essay: &Tokenized, names: &[Mention]) -> Vec<VerbEvent> {
    let toks = &essay.tokens;
    let mut out = Vec::new();
    for (s, sentence) in essay.sentences.iter().enumerate() {
        let (a, b) = (sentence.tokens.start, sentence.tokens.end);
        for v in a..b {
            let verb = match toks[v].text.as_str() {
                "invaded" => Verb::Invasion,
                "surrendered" => Verb::Surrender,
                _ => continue,
            };
            // The actor: a name ending right before the verb, or before adverbs.
            let mut k = v;
            while k > a && ADVERBS.contains(&toks[k - 1].text.as_str()) && v - k < 2 {
                k -= 1;
            }
            if k == a {
                continue;
            }
            match verb {
                Verb::Invasion => {
                    let Some(actor) = ending_at(names, s, k - 1) else { continue };
                    let first = names[actor].first_token;
                    let conjunction = first
                        .checked_sub(1)
                        .filter(|&c| c >= a && TEMPORAL.contains(&toks[c].text.to_lowercase().as_str()));
                    let Some(c) = conjunction else { continue };
                    let Some(target) = starting_at(names, essay, s, v + 1) else { continue };
                    let end = names[target].end;
                    out.push(VerbEvent {
                        verb,
                        actor,
                        target: Some(target),
                        span: (names[actor].start, end),
                        clause: (toks[c].start, end),
                        sentence: s,
                        article: toks.get(v + 1).is_some_and(|w| w.text == "the"),
                        which: false,
                    });
                }
                Verb::Surrender => {
                    if k != v {
                        continue;
                    }
                    // No object: the clause ends, or a date, place or manner follows.
                    let next = toks.get(v + 1).filter(|_| v + 1 < b);
                    if next.is_some_and(|n| n.word && !AFTER_SURRENDER.contains(&n.text.as_str())) {
                        continue;
                    }
                    // "X surrendered" or "X, which surrendered".
                    let which =
                        v.checked_sub(2).filter(|&w| w > a && toks[v - 1].text == "which" && toks[w].text == ",");
                    let actor = ending_at(names, s, v - 1).or_else(|| ending_at(names, s, which? - 1));
                    let Some(actor) = actor else { continue };
                    let before = names[actor].first_token.checked_sub(1).filter(|&p| p >= a);
                    if before.is_some_and(|p| PLACE_PREPOSITIONS.contains(&toks[p].text.as_str())) {
                        continue;
                    }
                    out.push(VerbEvent {
                        verb,
                        actor,
                        target: None,
                        span: (names[actor].start, toks[v].end),
                        clause: (names[actor].start, toks[v].end),
                        sentence: s,
                        article: false,
                        which: which.is_some(),
                    });
                }
            }
        }
    }
    out
}

impl VerbEvent {
    /// The event's label from the essay's names: "invasion of Belgium (by Germany)", "surrender
    /// of Japan".
    pub(crate) fn label(&self, actor: &str, target: Option<&str>) -> String {
        match (self.verb, target) {
            (Verb::Invasion, Some(t)) if self.article => format!("invasion of the {t} (by {actor})"),
            (Verb::Invasion, Some(t)) => format!("invasion of {t} (by {actor})"),
            (Verb::Invasion, None) => format!("invasion by {actor}"),
            (Verb::Surrender, _) => format!("surrender of {actor}"),
        }
    }

    /// The relation of the actor to the event, by the actor's type (a name "which" takes up is
    /// no person, whatever its type); `None` when no kind fits.
    pub(crate) fn actor_kind(&self, actor: EntityType) -> Option<RelationKind> {
        let person = actor.is_a(EntityType::Person) && !self.which;
        let kind = match self.verb {
            Verb::Invasion if person => RelationKind::ResponsibleFor,
            Verb::Invasion => RelationKind::TookPartIn,
            Verb::Surrender if person || actor.is_a(EntityType::Army) => RelationKind::TookPartIn,
            Verb::Surrender => RelationKind::Underwent,
        };
        kind.admits(actor, EntityType::Event).then_some(kind)
    }
}

#[cfg(test)]
mod tests {
    use crate::draft::test_support::{drafted, drafted_with_entities};

    #[test]
    fn an_invasion_in_a_temporal_clause_is_an_event() {
        let (entities, relations) =
            drafted_with_entities("When Germany invaded Belgium in August 1914, Britain entered the war.");
        assert!(entities.contains("label = \"invasion of Belgium (by Germany)\""), "{entities}");
        assert!(entities.contains("type = \"Event\""), "{entities}");
        assert!(entities.contains("quote = \"Germany invaded Belgium\""), "{entities}");
        let wanted =
            ["germany took_part_in invasion_of_belgium_by_germany", "invasion_of_belgium_by_germany targeted belgium"];
        for w in wanted {
            assert!(relations.lines().any(|l| l == w), "wanted {w}, got:\n{relations}");
        }
        // The clause no longer reads as a fight between the two.
        assert!(!relations.lines().any(|l| l == "germany fought_against belgium"), "{relations}");
        // A ruler is responsible for it; adverbs may stand before the verb.
        let relations = drafted("In 1700 King Karl of Sweden ruled. After Karl at last invaded Russia, he lost.");
        assert!(relations.lines().any(|l| l.ends_with("responsible_for invasion_of_russia_by_karl")), "{relations}");
    }

    #[test]
    fn an_invasion_in_a_main_clause_makes_no_event() {
        let (entities, relations) = drafted_with_entities("In 1914 Germany invaded Belgium.");
        assert!(!entities.contains("invasion of Belgium"), "{entities}");
        assert!(!relations.contains("invasion"), "{relations}");
    }

    #[test]
    fn a_surrender_with_no_object_is_an_event() {
        let (entities, relations) = drafted_with_entities("In August 1945 Japan surrendered, and the war ended.");
        assert!(entities.contains("label = \"surrender of Japan\""), "{entities}");
        assert!(relations.lines().any(|l| l == "japan underwent surrender_of_japan"), "{relations}");
        // After ", which": the name before it surrendered.
        let relations = drafted("The fleet was sunk off Santiago de Cuba, which surrendered on 17 July.");
        assert!(
            relations.lines().any(|l| l == "santiago_de_cuba underwent surrender_of_santiago_de_cuba"),
            "{relations}"
        );
    }

    #[test]
    fn a_surrender_with_an_object_or_a_place_before_it_makes_no_event() {
        // "surrendered Candia": Candia was given up, no one's surrender is named.
        let (entities, _) = drafted_with_entities("In 1669 Venice surrendered Candia to the Ottomans.");
        assert!(!entities.contains("surrender of"), "{entities}");
        // "the forces in Dhaka": Dhaka did not surrender.
        let (entities, _) = drafted_with_entities("In 1971 the Pakistani forces in Dhaka surrendered.");
        assert!(!entities.contains("surrender of Dhaka"), "{entities}");
    }
}
