//! Groups the essay describes and then lists: "the great powers, among them Britain, Russia,
//! France, Austria and Prussia", "four guarantors, Argentina, Brazil, Chile and the United
//! States,", "the Allied powers, Romania among them", "the western forts, among them Detroit and
//! Niagara", "a delegation that included Henry Clay and John Quincy Adams". General English puts
//! the members of a plural in apposition to it (or after "among them", "that included"); the
//! development golds make such a group an entity of its own, labelled or aliased by the noun phrase
//! without its article or number ("great powers", "guarantors", "Allied powers", "western forts",
//! "delegation"): an `Alliance` of states `member_of` it, a `Territory` whose places are `part_of`
//! it, or an `Organisation` whose people or bodies are `member_of` it (round 27: Denmark–Germany,
//! Peru–Ecuador, Hungary–Romania, Thailand–Cambodia, Britain–United States). The group is kept on
//! its own, since its members are named right there; a plural with no list after it ("the great
//! powers stood by the treaty") is left alone, as no gold convention says who it is. Only a
//! described end the scorer can align counts, and it aligns by name: the phrase the essay uses is
//! the name the golds give such a group.

use crate::model::{EntityType, RelationKind};

use super::candidates::Mention;
use super::described::{description, Body, Owner, FORCE_NOUNS};
use super::lexicon::Lexicon;
use super::sentences::Tokenized;

/// Lowercase plural nouns that stand for a group of states.
const GROUP_NOUNS: [&str; 4] = ["powers", "guarantors", "mediators", "allies"];

/// Lowercase or capitalised adjectives that may stand before the noun and belong to the group's
/// name ("great powers", "Allied powers", "European powers").
const GROUP_MODIFIERS: [&str; 8] =
    ["great", "allied", "european", "western", "central", "neutral", "colonial", "naval"];

/// Number words that may stand before the noun and are not part of its name ("four guarantors").
const COUNTS: [&str; 9] = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/// Lowercase words that end a group's modifiers going back from its noun: articles, possessives,
/// prepositions, conjunctions and relative words ("in the western forts", "where resistance
/// groups").
const PHRASE_STOPS: [&str; 26] = [
    "the", "a", "an", "its", "their", "his", "her", "in", "on", "at", "of", "to", "for", "by", "with", "from", "into",
    "between", "against", "and", "or", "but", "where", "when", "while", "which",
];

/// Every group the essay describes and lists the members of, as a [`Body`] whose `members` are
/// the first tokens of the listed names. The list is names joined by commas and a last "and" (an
/// article before a name allowed), closed by a comma or the sentence's end:
///
/// - after a plural noun of states ([`GROUP_NOUNS`]) and a comma, with "among them" or
///   "including" before it, or bare when it has two names or more; or one name and "among them"
///   ("the Allied powers, Romania among them"): an `Alliance`;
/// - after any other lowercase plural and a comma, only with "among them" before or after it ("the
///   western forts, among them Detroit and Niagara", "resistance groups, the Khmer Rouge among
///   them"), or after a noun and "that/which included" ("a delegation that included Henry Clay and
///   John Quincy Adams"): a `Territory` when every member is a place (its parts), an `Alliance`
///   when every member is a state, else an `Organisation` (its members). Armed forces are left
///   out: the golds make a force listed so ("American soldiers, among them the Rough Riders") a
///   body of its state, not a group.
///
/// # Complexity
/// O(T + N) for T tokens and N names.
pub(crate) fn find_groups(essay: &Tokenized, names: &[Mention], lex: &Lexicon) -> Vec<Body> {
    let toks = &essay.tokens;
    let mut out: Vec<Body> = Vec::new();
    for (s, sentence) in essay.sentences.iter().enumerate() {
        let (a, b) = (sentence.tokens.start, sentence.tokens.end);
        let from = names.partition_point(|m| m.sentence < s);
        let to = names.partition_point(|m| m.sentence <= s);
        let in_sentence = names.get(from..to).unwrap_or(&[]);
        let text = |k: usize| if (a..b).contains(&k) { toks[k].text.as_str() } else { "" };
        let name_at = |k: usize| {
            let k = if text(k) == "the" { k + 1 } else { k };
            in_sentence.iter().find(|m| m.first_token == k)
        };
        for h in a..b {
            let states = GROUP_NOUNS.contains(&text(h));
            let included = matches!(text(h + 1), "that" | "which") && text(h + 2) == "included";
            let lowercase = toks[h].word && !toks[h].is_capitalised() && !toks[h].is_number();
            if !(text(h + 1) == "," || included) || !lowercase || FORCE_NOUNS.contains(&text(h)) {
                continue;
            }
            // The name: up to two modifiers before the noun; a count or article before them is
            // left out. A noun inside a name is the name's; a capitalised modifier read as a name
            // of its own ("Allied") is the group's.
            let modifier = |k: usize| {
                let w = text(k).to_lowercase();
                if states {
                    GROUP_MODIFIERS.contains(&w.as_str())
                } else {
                    toks[k].word
                        && !toks[k].is_capitalised()
                        && !PHRASE_STOPS.contains(&w.as_str())
                        && !COUNTS.contains(&w.as_str())
                }
            };
            let mut first = h;
            while first > a && first + 2 > h && modifier(first - 1) {
                first -= 1;
            }
            let before = if first > a { text(first - 1).to_lowercase() } else { String::new() };
            let opened = if states {
                matches!(before.as_str(), "the" | "its" | "their") || COUNTS.contains(&before.as_str())
            } else {
                before == "," || PHRASE_STOPS.contains(&before.as_str()) || COUNTS.contains(&before.as_str())
            };
            let overlaps = |m: &&Mention| m.first_token <= h && first <= m.last_token;
            if !opened || in_sentence.iter().filter(overlaps).any(|m| m.last_token >= h || m.first_token < first) {
                continue;
            }
            // The list: "among them" or "including" before it, or "among them" after one name.
            let mut k = if included { h + 3 } else { h + 2 };
            let mut marked = match (text(k), text(k + 1)) {
                _ if included => true,
                ("among", "them") => {
                    k += 2;
                    true
                }
                ("including", _) if states => {
                    k += 1;
                    true
                }
                _ => false,
            };
            let mut members: Vec<usize> = Vec::new();
            let mut closed = false;
            while let Some(m) = name_at(k) {
                members.push(m.first_token);
                let next = m.last_token + 1;
                match text(next) {
                    "," if text(next + 1) == "and" => k = next + 2,
                    "," if name_at(next + 1).is_some() => k = next + 1,
                    "and" => k = next + 1,
                    "among" if !marked && members.len() == 1 && text(next + 1) == "them" => {
                        marked = true;
                        closed = true;
                        break;
                    }
                    after => {
                        closed = after == "," || next >= b;
                        break;
                    }
                }
            }
            // Any noun but a plural of states needs a marker; a plural, but for "that included".
            if !states && (!marked || !(included || text(h).ends_with('s'))) {
                continue;
            }
            let guess = |first: usize| {
                let m = in_sentence.iter().find(|m| m.first_token == first)?;
                Some(m.place.map_or(m.guess.entity_type, |p| lex.places[p].entity_type))
            };
            let kinds: Vec<Option<EntityType>> = members.iter().map(|&m| guess(m)).collect();
            let all = |f: &dyn Fn(EntityType) -> bool| kinds.iter().all(|t| t.is_some_and(f));
            let entity_type = if states || all(&|t| t.is_a(EntityType::State)) {
                EntityType::Alliance
            } else if all(&|t| t.root() == EntityType::Territory) {
                EntityType::Territory
            } else {
                EntityType::Organisation
            };
            let enough = if marked { !members.is_empty() } else { members.len() >= 2 };
            if !closed || !enough {
                continue;
            }
            let d = description(toks, s, first, h, entity_type);
            out.push(Body {
                description: d,
                owner: Owner::Mention(usize::MAX),
                link: if entity_type == EntityType::Territory { RelationKind::PartOf } else { RelationKind::MemberOf },
                alone: true,
                aliases: Vec::new(),
                members,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::draft::test_support::drafted;

    fn members_of(text: &str) -> Vec<String> {
        drafted(text).lines().filter(|r| r.contains(" member_of ")).map(str::to_string).collect()
    }

    #[test]
    fn a_listed_group_of_states_is_an_alliance_of_its_members() {
        // Round 27: Denmark–Germany, Peru–Ecuador, Hungary–Romania.
        let got = members_of(
            "In 1852 the great powers, among them Britain, Russia and Prussia, confirmed the integrity of Denmark.",
        );
        assert_eq!(
            got,
            ["britain member_of great_powers", "prussia member_of great_powers", "russia member_of great_powers"]
        );
        let got = members_of(
            "Peru withdrew its troops, and four guarantors, Argentina, Brazil, Chile and the United States, \
             undertook to see the treaty carried out.",
        );
        assert_eq!(
            got,
            [
                "argentina member_of guarantors",
                "brazil member_of guarantors",
                "chile member_of guarantors",
                "united_states member_of guarantors"
            ]
        );
        let got = members_of("The treaty was signed between Hungary and the Allied powers, Romania among them.");
        assert_eq!(got, ["romania member_of allied_powers"]);
    }

    #[test]
    fn a_group_listed_with_among_them_or_that_included_holds_its_members() {
        // Round 27: Britain–United States, Thailand–Cambodia (places are parts, people members).
        let got = drafted(
            "British troops nevertheless stayed in the western forts, among them Detroit and Niagara, on American soil.",
        );
        assert!(
            got.contains("detroit part_of western_forts") && got.contains("niagara part_of western_forts"),
            "{got}"
        );
        let got = members_of(
            "The treaty was signed by a delegation that included Henry Clay and John Quincy Adams, the son of John Adams.",
        );
        assert_eq!(got, ["henry_clay member_of delegation", "john_quincy_adams member_of delegation"]);
        let got = members_of("Along the border, resistance groups, the Khmer Rouge among them, kept their bases.");
        assert_eq!(got, ["khmer_rouge member_of resistance_groups"]);
    }

    #[test]
    fn forces_and_unmarked_lists_of_people_are_no_group() {
        // The golds make a listed force a body of its state (United States–Spain), and a plural of
        // people in bare apposition is not always a body (Britain–United States' envoys).
        let got =
            drafted("In Cuba, American soldiers, among them Theodore Roosevelt's Rough Riders, stormed San Juan Hill.");
        assert!(!got.contains(" member_of ") && !got.contains(" part_of "), "{got}");
        let got = drafted("Wilkes took off two Confederate envoys, James Mason and John Slidell, in November 1861.");
        assert!(!got.contains(" member_of "), "{got}");
    }

    #[test]
    fn a_group_without_a_list_is_no_alliance() {
        // No list: who the powers are is not said.
        assert!(members_of("Sweden would not accept this, and the great powers stood by the treaty.").is_empty());
        // One name alone after the comma is no list.
        assert!(members_of("In 1865 the old allies, Brazil said, met again.").is_empty());
        // "as guarantors" after a list is another construction (France–Germany's gold: party_to).
        assert!(
            members_of("Germany and France accepted their borders, with Britain and Italy as guarantors.").is_empty()
        );
    }
}
