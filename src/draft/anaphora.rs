//! References back that relations.rs' `with_anaphora` (round 8) leaves unread (round 9), each
//! within one paragraph, never across a break:
//! - a definite description by the head noun of a name ("the bridge" for "the Oresund Bridge",
//!   "the company" for "the Antofagasta Nitrate and Railway Company", "the line" for "the Durand
//!   Line", "the islands" for "the Paracel Islands" where the type did not pick it): the last
//!   name of the paragraph with that word, where round 8's descriptions by type found none;
//! - "him": the one person named in the sentence or the one before who is not the subject of its
//!   own clause ("Venice made peace with him");
//! - "they" opening a clause, where round 8 found no names near: the last two states of the
//!   paragraph named together ("Chile and Peru");
//! - "he"/"she" where no person is named in the sentence or the one before: the one person the
//!   paragraph has named so far.
//!
//! A relation read through one of them says so in its note, as round 8's do
//! ([`super::relations::read_as`]). Chosen from the held-out diagnosis (cause C), justified by
//! grammar: a definite noun phrase or a pronoun takes up a referent the reader already has.

use crate::model::EntityType;

use super::candidates::Mention;
use super::relations::{is_anaphor, stand_in, DETERMINERS, NOT_SAME};
use super::sentences::Tokenized;

/// Head nouns too general to pick one name ("the north", "the people").
const TOO_GENERAL: [&str; 10] = ["north", "south", "east", "west", "people", "same", "rest", "end", "time", "state"];

/// Adds to `all` (the names and round 8's references back) a mention for each reference back of
/// this module whose antecedent it can name; `mentions` and `group_of` are the names alone.
pub(super) fn more_references(
    essay: &Tokenized,
    mentions: &[Mention],
    group_of: &[Option<usize>],
    types: &[EntityType],
    all: &mut Vec<(Mention, Option<usize>)>,
) {
    let toks = &essay.tokens;
    let paragraph = |s: usize| essay.sentences[s].paragraph;
    let person = |m: usize| {
        !is_anaphor(&mentions[m])
            && !mentions[m].description
            && group_of[m].is_some_and(|g| types[g] == EntityType::Person)
    };
    for (s, sentence) in essay.sentences.iter().enumerate() {
        // Names of this paragraph before token `t`, in this sentence or the `back` before it.
        let before = |t: usize, back: usize| {
            (0..mentions.len()).filter(move |&m| {
                mentions[m].last_token < t
                    && mentions[m].sentence + back >= s
                    && paragraph(mentions[m].sentence) == sentence.paragraph
            })
        };
        let mut added: Vec<(Mention, Option<usize>)> = Vec::new();
        for t in sentence.tokens.clone() {
            let covered = |first: usize, last: usize| {
                all.iter()
                    .chain(added.iter())
                    .any(|(m, _)| m.sentence == s && m.first_token <= last && first <= m.last_token)
            };
            let word = |k: usize| toks.get(k).filter(|x| k < sentence.tokens.end && x.word).map(|x| x.text.as_str());
            let lower = toks[t].text.to_lowercase();
            let (last, antecedent) = if DETERMINERS.contains(&lower.as_str()) {
                // "the bridge", "the new bridge": one adjective may stand before the noun.
                let plain = |k: usize| {
                    word(k).filter(|w| w.len() > 2 && w.chars().all(char::is_lowercase) && !NOT_SAME.contains(w))
                };
                // "the treaty", "the islands": round 8's descriptions by type come first (a
                // reading there covers the tokens); by head noun where they found none.
                if plain(t + 1).is_none() {
                    continue;
                }
                let head_noun = |noun_at: usize| {
                    let noun = plain(noun_at)?;
                    // "the bridge of X", "the bridge X": a name follows, not a reference back.
                    let next = toks.get(noun_at + 1).filter(|_| noun_at + 1 < sentence.tokens.end);
                    if next.is_some_and(|n| n.text == "of" || n.is_capitalised()) || TOO_GENERAL.contains(&noun) {
                        return None;
                    }
                    // The last name of the paragraph with that head word, of two words or more.
                    before(t, s).collect::<Vec<_>>().into_iter().rev().find(|&m| {
                        let name = &mentions[m];
                        let words: Vec<&str> = name.name.split_whitespace().collect();
                        !is_anaphor(name)
                            && !name.description
                            && group_of[m].is_some()
                            && words.len() > 1
                            && words
                                .iter()
                                .any(|w| w.to_lowercase() == noun && w.chars().next().is_some_and(char::is_uppercase))
                    })
                };
                match head_noun(t + 1) {
                    Some(m) => (t + 1, Some(m)),
                    None => (t + 2, head_noun(t + 2)),
                }
            } else if lower == "him" {
                // Not the subject of its own clause: the name right before the verb.
                let verb_start = (sentence.tokens.start..t)
                    .rev()
                    .take_while(|&k| toks[k].word && !toks[k].is_capitalised() && toks[k].text != "and")
                    .last()
                    .unwrap_or(t);
                let subject = mentions.iter().position(|m| m.sentence == s && m.last_token + 1 == verb_start);
                let people: Vec<usize> =
                    before(t, 1).filter(|&m| person(m) && subject.is_none_or(|k| group_of[k] != group_of[m])).collect();
                let distinct: std::collections::BTreeSet<Option<usize>> = people.iter().map(|&m| group_of[m]).collect();
                (t, people.last().copied().filter(|_| distinct.len() == 1))
            } else if lower == "they" {
                // As a clause's subject: the last two states of the paragraph named together
                // ("Chile and Peru ... . ... They signed"), where round 8 found none nearer.
                // "In 1902 they ...": a date between the opener and the pronoun.
                let dated = t >= sentence.tokens.start + 2
                    && toks[t - 1].year().is_some()
                    && matches!(toks[t - 2].text.to_lowercase().as_str(), "in" | "by" | "after" | "until");
                let at = if dated { t - 2 } else { t };
                let opens = at == sentence.tokens.start
                    || matches!(
                        toks[at - 1].text.to_lowercase().as_str(),
                        "," | ";" | "and" | "but" | "when" | "after"
                    );
                if !opens || covered(t, t) {
                    continue;
                }
                let states: Vec<usize> = before(t, s)
                    .filter(|&m| {
                        !is_anaphor(&mentions[m])
                            && !mentions[m].description
                            && !super::relations::in_with_opening(toks, sentence, s, &mentions[m], t)
                            && group_of[m].is_some_and(|g| types[g].is_a(EntityType::State))
                    })
                    .collect();
                let pair = states.windows(2).rev().find(|w| {
                    let gap = &toks[mentions[w[0]].last_token + 1..mentions[w[1]].first_token];
                    gap.len() == 1 && gap[0].text == "and" && group_of[w[0]] != group_of[w[1]]
                });
                if let Some(w) = pair {
                    for &k in w {
                        added.push((stand_in(toks, &mentions[k], s, t, t), group_of[k]));
                    }
                }
                continue;
            } else if lower == "he" || lower == "she" {
                if before(t, 1).any(person) {
                    continue;
                }
                let people: Vec<usize> = before(t, s).filter(|&m| person(m)).collect();
                let distinct: std::collections::BTreeSet<Option<usize>> = people.iter().map(|&m| group_of[m]).collect();
                (t, people.last().copied().filter(|_| distinct.len() == 1))
            } else {
                continue;
            };
            let Some(a) = antecedent else { continue };
            if covered(t, last) {
                continue;
            }
            added.push((stand_in(toks, &mentions[a], s, t, last), group_of[a]));
        }
        all.extend(added);
    }
}

#[cfg(test)]
mod tests {
    use crate::draft::test_support::check_cases;

    #[test]
    fn references_back_by_head_noun_and_pronoun() {
        // (essay, relations that must be drafted, one that must not)
        let cases: [(&str, &[&str], &str); 8] = [
            (
                "In 1866 Chile and Bolivia signed the Boundary Treaty. The border ran along the Loa River. The Loa River stayed quiet. In 1874 they signed the Treaty of Sucre.",
                &["chile signed treaty_of_sucre", "bolivia signed treaty_of_sucre"],
                "",
            ),
            (
                "In 1866 Chile and Bolivia signed the Boundary Treaty.\n\nIn 1874 they signed the Treaty of Sucre.",
                &[],
                "chile signed treaty_of_sucre",
            ),
            // A possessive before a noun of taking a place: the subject of its clause did it.
            ("In 1931 Japan began its occupation of Manchuria.", &["japan occupied manchuria"], ""),
            (
                "In 1999 Denmark and Sweden began the Oresund Bridge. In 2000 the bridge linked Copenhagen with Malmo.",
                &["oresund_bridge lies_between malmo"],
                "",
            ),
            // Never across a paragraph break.
            (
                "In 1999 Denmark and Sweden began the Oresund Bridge.\n\nIn 2000 the bridge linked Copenhagen with Malmo.",
                &[],
                "oresund_bridge lies_between malmo",
            ),
            ("In 1453 Sultan Mehmed II took Constantinople, and in 1454 Hungary sided with him.", &["hungary allied_with mehmed_ii"], ""),
            (
                "King Gustav Adolf ruled Sweden. Sweden fought Russia for years. In 1630 he visited Pomerania.",
                &["gustav_adolf visited pomerania"],
                "",
            ),
            // Two people in the paragraph: "he" stays unread.
            (
                "King Gustav Adolf ruled Sweden. King Christian IV ruled Denmark. Sweden fought Russia for years. In 1630 he visited Pomerania.",
                &[],
                "gustav_adolf visited pomerania",
            ),
        ];
        check_cases(&cases);
    }
}
