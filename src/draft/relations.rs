//! Relation candidates: within one sentence, the words between two names (or two lists of names)
//! are matched against the cue lexicon (`cues.tsv`); a relation is emitted only when a cue matches
//! all of those words and both names have the types the relation takes. Besides the cues: "A
//! ceded X and Y to B" (X and Y went to B, under the treaty the sentence names), "X became B’s
//! territory", "the Treaty of T between A and B", a ruler "of" a state ("Philip II of Spain"),
//! and a body named by a demonym ("Japanese government"). A sentence's one year becomes the
//! relation's date. Each relation quotes the clause that states it, verbatim and unique.

use crate::model::MONTHS;
use crate::model::{EntityType, RelationKind};

use super::candidates::Mention;
use super::lexicon::{Direction, Lexicon};
use super::quotes::Quoter;
use super::sentences::Tokenized;

/// A relation of the draft, between groups (entities).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DraftRelation {
    pub subject: usize,
    pub kind: RelationKind,
    pub object: usize,
    pub under: Option<usize>,
    pub date: Option<u16>,
    /// Character span of the quote.
    pub quote: (usize, usize),
    pub note: String,
}

/// Relations whose date is not an event's date.
pub(super) fn takes_date(kind: RelationKind) -> bool {
    !matches!(
        kind,
        RelationKind::LocatedIn
            | RelationKind::PartOf
            | RelationKind::ArmyOf
            | RelationKind::GovernmentOf
            | RelationKind::LiesBetween
            | RelationKind::BelongedTo
            | RelationKind::FoughtIn
    )
}

pub(super) fn fits(t: EntityType, allowed: &[EntityType]) -> bool {
    allowed.is_empty() || allowed.iter().any(|a| t.is_a(*a))
}

/// Whether `m` is a name of its sentence's opening "With ... ," (sentence `s`, `sentence`) and
/// the pronoun at `t` comes after that opening: "With A, B and C as mediators, they signed" is not
/// said of A, B or C (round 18).
pub(super) fn in_with_opening(
    toks: &[super::sentences::Token],
    sentence: &super::sentences::Sentence,
    s: usize,
    m: &Mention,
    t: usize,
) -> bool {
    if m.sentence != s || toks[sentence.tokens.start].text != "With" {
        return false;
    }
    // The opening ends at the last comma before the pronoun ("With A, B and C as mediators, they").
    (sentence.tokens.start..t).rev().find(|&k| toks[k].text == ",").is_some_and(|comma| m.last_token < comma)
}

/// Whether `words` are exactly the cue's words, `*` standing for one or two words.
pub(super) fn matches_cue(cue: &[String], words: &[&str]) -> bool {
    match cue.split_first() {
        None => words.is_empty(),
        Some((c, rest)) if c == "*" => (1..=2).any(|n| words.len() >= n && matches_cue(rest, &words[n..])),
        Some((c, rest)) => words.first().is_some_and(|w| w == c) && matches_cue(rest, &words[1..]),
    }
}

/// Prepositions that open a phrase rather than a verb phrase.
const PREPOSITIONS: [&str; 12] = ["of", "in", "at", "on", "to", "from", "by", "with", "for", "under", "over", "after"];

/// Nouns of a place a state holds, after its demonym ("the Paraguayan fort of Boquerón"; round
/// 26). Not "province": the development golds file "the Peruvian province of Tarapacá" as
/// `belonged_to` and "the Brazilian province of Mato Grosso" as `part_of` (3 and 2, and a list of
/// provinces named after their cities), so a province would be drafted wrong as often as right.
const HOLDING_NOUNS: [&str; 10] =
    ["port", "ports", "fort", "forts", "post", "posts", "town", "towns", "fortress", "colony"];
const TERRITORY_NOUNS: [&str; 5] = ["territory", "possession", "colony", "land", "part"];
const COORDINATION: [&str; 5] = ["and", "or", "as", "well", "the"];
const OF_NOUNS: [&str; 8] = ["island", "city", "town", "port", "province", "region", "kingdom", "peninsula"];
/// Nouns of armed forces, which stand for the state or side they belong to ("a fleet of the Southern Han").
const FORCE_NOUNS: [&str; 8] = ["troops", "forces", "soldiers", "sailors", "army", "armies", "fleet", "navy"];

/// A battle, siege or war: what agents take part in (a battle is an `Event`, an attack one-sided).
fn is_fight(t: EntityType) -> bool {
    t.is_a(EntityType::War) || matches!(t, EntityType::Event | EntityType::Attack)
}

pub(super) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

/// Finds the relations of every sentence.
///
/// `group_of[m]` is the entity of mention `m` (`None` when it was dropped); `types[g]` the type
/// of entity `g`; `place_of[g]` its gazetteer line.
pub(crate) fn find_relations(
    essay: &Tokenized,
    mentions: &[Mention],
    group_of: &[Option<usize>],
    types: &[EntityType],
    place_of: &[Option<usize>],
    lex: &Lexicon,
    quoter: &Quoter,
) -> Vec<DraftRelation> {
    let toks = &essay.tokens;
    let mut out: Vec<DraftRelation> = Vec::new();
    // Names plus what a pronoun or a definite description ("he", "the war") stands for, for the
    // verb phrases of this module only: they never become mentions of the entity.
    let (mentions, group_of) = with_anaphora(essay, mentions, group_of, types, lex);
    let (mentions, group_of) = (&mentions[..], &group_of[..]);
    let ruled = rulers_and_states(toks, mentions, group_of, types, lex);
    // Only relations whose ends have the types the kind declares: the loader's own check
    // (`check_relation_types`), so every draft passes `kg check`.
    let push = |r: DraftRelation, out: &mut Vec<DraftRelation>| {
        let fresh = |out: &[DraftRelation], r: &DraftRelation| {
            r.subject != r.object
                && r.kind.admits(types[r.subject], types[r.object])
                && !out.iter().any(|o| (o.subject, o.kind, o.object) == (r.subject, r.kind, r.object))
        };
        // A state that broke a treaty is one of its parties. One that signed it is not also
        // made a party: no development gold records both for one pair (it records one or the
        // other), so the second reading was wrong wherever the first was right (round 9: 0 of 6).
        let party =
            (r.kind == RelationKind::Broke && types[r.subject].is_a(EntityType::State)).then(|| DraftRelation {
                kind: RelationKind::PartyTo,
                note: format!("{}; a state that signed or broke a treaty is a party to it", r.note),
                ..r.clone()
            });
        if fresh(out, &r) {
            out.push(r);
        }
        if let Some(p) = party.filter(|p| fresh(out, p)) {
            out.push(p);
        }
    };
    // The states of the essay by their gazetteer line, for wars named after their sides.
    let mut state_of_place: Vec<(usize, usize)> = Vec::new();
    for (m, mention) in mentions.iter().enumerate() {
        if let (Some(place), Some(g)) = (mention.place, group_of[m]) {
            if types[g].is_a(EntityType::State) && !state_of_place.iter().any(|&(p, _)| p == place) {
                state_of_place.push((place, g));
            }
        }
    }
    let mut sides_read: Vec<(usize, usize)> = Vec::new();
    // Sentences set in a war ([`war_frame`]): (sentence, the war's mention), round 16.
    let mut framed: Vec<(usize, usize)> = Vec::new();
    for (s, sentence) in essay.sentences.iter().enumerate() {
        let ms: Vec<usize> =
            (0..mentions.len()).filter(|&m| mentions[m].sentence == s && group_of[m].is_some()).collect();
        if ms.is_empty() {
            continue;
        }
        let years: Vec<(usize, u16)> = sentence.tokens.clone().filter_map(|t| toks[t].year().map(|y| (t, y))).collect();
        let sentence_year = match years.as_slice() {
            [(t, y)] => Some((*t, *y)),
            _ => None,
        };
        // The year of a relation spanning tokens `a..=b`: "in 1973" right after it, else right
        // before it ("In 1988 Queen Elizabeth II ..."), else the sentence's only year.
        let year_near = |a: usize, b: usize| -> Option<(usize, u16)> {
            let after =
                years.iter().find(|(t, _)| *t > b && *t <= b + 4 && toks[b + 1..*t].iter().all(|x| x.text != ","));
            let before = years.iter().rev().find(|(t, _)| *t < a && *t + 3 >= a);
            after.or(before).copied().or(sentence_year)
        };
        let under = ms.iter().copied().find(|&m| {
            let g = group_of[m].unwrap_or(0);
            let before: Vec<&str> = toks[sentence.tokens.start..mentions[m].first_token]
                .iter()
                .rev()
                .take(2)
                .map(|t| t.text.as_str())
                .collect();
            let under_word = |w: &&str| w.eq_ignore_ascii_case("under");
            types[g].is_a(EntityType::Treaty)
                && (before.first().is_some_and(under_word)
                    || (before.len() == 2 && before[0] == "the" && under_word(&before[1])))
        });
        // A relation's quote: the span of its names (and cue), with the treaty and year it uses.
        let token_at = |offset: usize| {
            toks[sentence.tokens.clone()]
                .iter()
                .position(|t| t.end > offset)
                .map_or(sentence.tokens.start, |p| p + sentence.tokens.start)
        };
        let quote =
            |from: usize, to: usize, treaty: Option<usize>, year: Option<(usize, u16)>| -> Option<(usize, usize)> {
                let mut a = from;
                let mut b = to;
                if let Some(u) = treaty {
                    a = a.min(mentions[u].full_start());
                    b = b.max(mentions[u].end);
                }
                if let Some((t, _)) = year {
                    a = a.min(toks[t].start);
                    b = b.max(toks[t].end);
                }
                quoter.unique(a, b, sentence)
            };
        let make = |subject: usize,
                    kind: RelationKind,
                    object: usize,
                    span: (usize, usize),
                    treaty: Option<usize>,
                    note: &str| {
            // "... if the United States went to war with Germany" (round 20): a clause opened by
            // "if" or "unless" states no fact.
            let opener = toks[sentence.tokens.start..token_at(span.0)].iter().rev().find(|t| t.text != "the");
            if opener.is_some_and(|t| matches!(t.text.as_str(), "if" | "unless")) {
                return None;
            }
            let year =
                if takes_date(kind) { year_near(token_at(span.0), token_at(span.1.saturating_sub(1))) } else { None };
            quote(span.0, span.1, treaty, year).map(|q| DraftRelation {
                subject: group_of[subject].unwrap_or(0),
                kind,
                object: group_of[object].unwrap_or(0),
                under: treaty.and_then(|u| group_of[u]),
                date: year.map(|(_, y)| y),
                quote: q,
                note: format!("{note}{}{}", read_as(&mentions[subject]), read_as(&mentions[object])),
            })
        };
        let ty = |m: usize| types[group_of[m].unwrap_or(0)];
        // Every cue of `direction` whose words are `words`, between each of `subjects` and each of
        // `objects` that fit it, quoted over `span`; `how` says in the note where the cue stood.
        let apply_cues = |direction: Direction,
                          words: &[&str],
                          subjects: &[usize],
                          objects: &[usize],
                          span: (usize, usize),
                          how: &str,
                          out: &mut Vec<DraftRelation>| {
            for cue in lex.cues.iter().filter(|c| c.direction == direction && matches_cue(&c.words, words)) {
                for &a in subjects.iter().filter(|&&a| fits(ty(a), &cue.subject)) {
                    for &b in objects.iter().filter(|&&b| fits(ty(b), &cue.object)) {
                        let note = format!("draft: cue “{}”{how}", cue.words.join(" "));
                        if let Some(rel) = make(a, cue.kind, b, span, None, &note) {
                            push(rel, out);
                        }
                    }
                }
            }
        };
        // "X lost W to Y": Y won the war W.
        let lost_to =
            |wars: &[usize], winners: Option<&Vec<usize>>, from: usize, to: usize, out: &mut Vec<DraftRelation>| {
                for &w in wars.iter().filter(|&&w| ty(w).is_a(EntityType::War)) {
                    for &y in winners.into_iter().flatten().filter(|&&y| ty(y).is_a(EntityType::State)) {
                        if let Some(rel) = make(y, RelationKind::Won, w, (from, to), None, "draft: “lost … to”") {
                            push(rel, out);
                        }
                    }
                }
            };

        // "he and Nawaz Sharif signed" (round 22): "he" or "she", read as a person, coordinated
        // with another person's name makes one subject of the two.
        let pronoun_and_name = |prev: usize, m: usize, gap: &[&str]| {
            gap == ["and"]
                && matches!(mentions[prev].name.as_str(), "he" | "He" | "she" | "She")
                && ty(prev) == EntityType::Person
                && ty(m) == EntityType::Person
                && group_of[prev] != group_of[m]
        };
        // Units: lists of coordinated names; a ruler "of" a state absorbs the state.
        let mut units: Vec<(Vec<usize>, usize)> = Vec::new(); // (mentions, last token)
                                                              // "Charles XII of Sweden invaded Zealand": the ruler's state, which acts through the
                                                              // ruler where the relation does not take a person ("Sweden moved into Zealand").
        let mut state_of_ruler: Vec<(usize, usize)> = Vec::new();
        for &m in &ms {
            let mention = &mentions[m];
            if let Some((list, last)) = units.last_mut() {
                // "the two countries": one phrase standing for several entities, one unit.
                if mention.first_token <= *last {
                    list.push(m);
                    continue;
                }
                let mut gap: Vec<&str> = toks[*last + 1..mention.first_token].iter().map(|t| t.text.as_str()).collect();
                // "Adenauer and de Gaulle" (round 22): a surname's particle before a person's name
                // belongs to the name, not to what joins it to the one before.
                if gap.len() > 1
                    && ty(m) == EntityType::Person
                    && gap.last().is_some_and(|w| super::typing::NAME_PARTICLES.contains(w))
                {
                    gap.pop();
                }
                let prev = list[list.len() - 1];
                if mentions[prev].ruler
                    && ty(prev) == EntityType::Person
                    && (gap == ["of"] || gap == ["of", "the"])
                    && ty(m).is_a(EntityType::State)
                {
                    let span = (mentions[prev].full_start(), mention.end);
                    if let Some(r) = make(prev, RelationKind::LeaderOf, m, span, None, "draft: a ruler “of” a state")
                    {
                        push(r, &mut out);
                    }
                    state_of_ruler.push((prev, m));
                    *last = mention.last_token;
                    continue;
                }
                let coordinated = !gap.is_empty()
                    && gap.iter().all(|w| *w == "," || COORDINATION.contains(w) || OF_NOUNS.contains(w) || *w == "of")
                    && gap.iter().any(|w| matches!(*w, "," | "and" | "or" | "well"))
                    && (ty(prev).root() == ty(m).root()
                        // "annexed Hanover, Hesse-Kassel and Frankfurt" (round 13): after a verb
                        // whose object is a place, states and places make one list (the cue's
                        // types then pick the places).
                        || ([ty(prev), ty(m)].iter().all(|t| t.is_a(EntityType::State) || t.root() == EntityType::Territory)
                            && super::typing::place_verb_before(toks, mentions[list[0]].first_token).is_some()))
                    && (!is_anaphor(&mentions[prev]) || pronoun_and_name(prev, m, &gap))
                    && !is_anaphor(mention)
                    // "A, B and C": a comma alone joins names only in a list that goes on, or
                    // after "together with A, B ..." ("after a treaty with A, B signed" joins nothing).
                    // "short of Tel Aviv, the Egyptians were driven ..." (round 17): so does a
                    // comma and an article.
                    && ((gap != [","] && gap != [",", "the"])
                        || toks.get(mention.last_token + 1).is_some_and(|t| matches!(t.text.as_str(), "," | "and" | "or"))
                        || together_with(toks, mentions[list[0]].first_token))
                    // "the Khmer Rouge, China’s ally": a possessive after a comma is an apposition.
                    && !(gap == [","]
                        && toks.get(mention.last_token + 1).is_some_and(|t| t.text == "’s" || t.text == "'s"))
                    // "returned Cuba to Spain, and France ceded Canada" (round 8): after a list in
                    // an object's place, "(,) and" before a name with its own verb opens a clause.
                    && !(gap.contains(&"and")
                        && !gap.iter().any(|w| OF_NOUNS.contains(w))
                        && toks.get(mention.last_token + 1).is_some_and(|t| {
                            mention.last_token + 1 < sentence.tokens.end
                                && t.word
                                && !t.is_capitalised()
                                && opens_verb_phrase(&t.text, lex)
                                && !t.text.ends_with("ing")
                                && !is_manner_adverb(&t.text)
                                && t.text != "together"
                        })
                        && list.len() == 1
                        && object_place(toks, sentence.tokens.start, mentions[list[0]].first_token));
                if coordinated {
                    list.push(m);
                    *last = mention.last_token;
                    continue;
                }
            }
            units.push((vec![m], mention.last_token));
        }

        // The subject of the clause unit `u` is in: the nearest unit at or before it that opens a
        // clause (the sentence, after a date or a short adverbial and a comma, or after ", but",
        // ", and", ";") with a verb right after it. Coordinated verb phrases later in the clause
        // share it ("X signed ... and ceded ...", "X led an uprising, drove ...").
        let clause_initial = |k: usize| {
            let start = if k == 0 { sentence.tokens.start } else { units[k - 1].1 + 1 };
            let before: Vec<&super::sentences::Token> = toks[start..mentions[units[k].0[0]].first_token]
                .iter()
                .filter(|t| {
                    !t.is_number() && !is_month(&t.text) && !matches!(t.text.as_str(), "in" | "In" | "on" | "On")
                })
                .collect();
            // "..., the Chilean Army": the article of the name.
            let before = match before.split_last() {
                Some((article, rest)) if matches!(article.text.as_str(), "the" | "The") => rest.to_vec(),
                _ => before,
            };
            let opens = match before.as_slice() {
                [] => k == 0,
                [.., comma] if k == 0 && comma.text == "," => {
                    before.len() <= 6
                        && before.iter().all(|t| t.word || t.text == ",")
                        && !SUBORDINATORS.contains(&before[0].text.to_lowercase().as_str())
                }
                [semicolon] => semicolon.text == ";",
                [.., comma, conj] => {
                    comma.text == "," && matches!(conj.text.as_str(), "but" | "and" | "while" | "whereas" | "yet")
                }
            };
            let last = units[k].1;
            opens
                && toks
                    .get(last + 1)
                    .filter(|_| last + 1 < sentence.tokens.end)
                    .is_some_and(|t| t.word && !t.is_capitalised() && opens_verb_phrase(&t.text, lex))
        };
        // ... and no comma outside a list of names between that subject and token `to`
        // ("X brought A and B together, and its fleet ... destroyed Y": not X's verb).
        let clause_subject = |u: usize, to: usize| {
            let k = (0..=u).rev().find(|&k| clause_initial(k))?;
            let in_list = |t: usize| units.iter().any(|(list, last)| mentions[list[0]].first_token <= t && t <= *last);
            let broken = (units[k].1 + 1..to).any(|t| matches!(toks[t].text.as_str(), "," | ";") && !in_list(t));
            (!broken).then_some(&units[k].0)
        };
        // "the Prussian army under Helmuth von Moltke defeated the Austrians" (round 17): a person
        // after "FORCE under" commands the force, which is the verb's subject; the person is not.
        let commanded = |k: usize| {
            let first = mentions[units[k].0[0]].first_token;
            units[k].0.len() == 1
                && ty(units[k].0[0]) == EntityType::Person
                && first >= 2
                && toks[first - 1].text == "under"
                && FORCE_NOUNS.contains(&toks[first - 2].text.to_lowercase().as_str())
        };
        for u in 0..units.len() {
            if commanded(u) {
                continue;
            }
            let joined: Vec<usize>;
            let (mut left, left_end) = (&units[u].0, units[u].1);
            let Some((mut right, mut right_end)) = units.get(u + 1).map(|(r, e)| (r, *e)) else { break };
            // "China’s ailing Tsing Dynasty": the object is what the possessive qualifies.
            if right.len() == 1 {
                if let Some((next, next_end)) = units.get(u + 2) {
                    let between = &toks[right_end + 1..mentions[next[0]].first_token];
                    // "Abe’s hometown, Nagato": the noun, then the name in apposition.
                    let nouns = match between.last() {
                        Some(t) if t.text == "," => &between[..between.len() - 1],
                        _ => between,
                    };
                    let possessive = nouns.first().is_some_and(|t| t.text == "’s" || t.text == "'s")
                        && nouns.len() <= 3
                        && nouns[1..].iter().all(|t| t.word && !t.is_capitalised())
                        && (nouns.len() == between.len() || nouns.len() == 2);
                    if possessive {
                        right = next;
                        right_end = *next_end;
                    }
                }
            }
            let right_start = mentions[right[0]].first_token;
            let mut gap = &toks[left_end + 1..right_start];
            // "The North American Free Trade Agreement (NAFTA), signed by Mexico, ..." (round
            // 22): a name's acronym in brackets right after it is no part of the words between.
            let left_first = mentions[left[0]].first_token;
            if gap.first().is_some_and(|t| t.text == ")") && left_first > 0 && toks[left_first - 1].text == "(" {
                gap = &gap[1..];
            } else if let [open, acronym, close, rest @ ..] = gap {
                if open.text == "(" && close.text == ")" && acronym.text.chars().all(|c| c.is_ascii_uppercase()) {
                    gap = rest;
                }
            }
            // An apposition: "Joseph Bonaparte, the brother of Napoleon, fled Madrid": the verb
            // after the closing comma belongs to the name before the opening one.
            if u >= 1 && gap.first().is_some_and(|t| t.text == ",") {
                let opening = &toks[units[u - 1].1 + 1..mentions[left[0]].first_token];
                let is_apposition = opening.first().is_some_and(|t| t.text == ",")
                    && opening.len() > 1
                    && opening[1..].iter().all(|t| t.word && !t.is_capitalised());
                // Round 25: "Nehru and Pakistan's president, Field Marshal Ayub Khan, signed it",
                // "Romania's foreign minister, Mihail Manoilescu, accepted it": a name after "X's
                // NOUN," is the subject itself, with the names coordinated before the possessor.
                let titled = opening.len() >= 3
                    && matches!(opening[0].text.as_str(), "’s" | "'s")
                    && opening.iter().position(|t| t.text == ",").is_some_and(|c| {
                        (2..=4).contains(&c)
                            && opening[1..c].iter().all(|t| t.word && !t.is_capitalised())
                            && opening[c + 1..].iter().all(|t| t.word && t.is_capitalised())
                    });
                if is_apposition {
                    left = &units[u - 1].0;
                    gap = &gap[1..];
                } else if titled {
                    let before = &units[u - 1].0;
                    if before.len() >= 2 {
                        joined = before[..before.len() - 1].iter().chain(left.iter()).copied().collect();
                        left = &joined;
                    }
                    gap = &gap[1..];
                }
            }
            let left_start = mentions[left[0]].full_start();
            let right_last = mentions[right[right.len() - 1]].end;
            let next_unit = units.get(u + 2).map(|(n, _)| n);
            // The words from token `from` up to the next name (or the first punctuation), and
            // whether they reach that name.
            let words_until_next = |from: usize| -> (Vec<String>, bool) {
                let stop = next_unit.map_or(sentence.tokens.end, |n| mentions[n[0]].first_token);
                let run: Vec<&super::sentences::Token> = toks[from..stop].iter().take_while(|t| t.word).collect();
                let reaches = next_unit.is_some() && from + run.len() == stop;
                (cue_words(&run, lex), reaches)
            };
            // Quotation marks around a title ("wrote “War and Peace”") are no part of the cue.
            let unquoted: Vec<&super::sentences::Token> = gap.iter().filter(|t| !is_quote_mark(&t.text)).collect();
            let raw: Vec<&str> = unquoted.iter().map(|t| t.text.as_str()).collect();

            // "the Treaty of Tientsin, by which China recognised ...": the state acting by or under
            // the treaty in a relative clause on it is a party to it.
            // (after the treaty's date: "the Treaty of Tientsin in June 1885, by which")
            let undated: Vec<&str> = match raw.iter().position(|w| *w == ",") {
                Some(c)
                    if raw[..c].iter().all(|w| {
                        matches!(*w, "in" | "on" | "of") || is_month(w) || w.chars().all(|ch| ch.is_ascii_digit())
                    }) =>
                {
                    raw[c..].to_vec()
                }
                _ => raw.clone(),
            };
            if matches!(undated.as_slice(), [",", "by" | "under" | "in", "which"])
                && left.len() == 1
                && ty(left[0]).is_a(EntityType::Treaty)
                && toks
                    .get(right_end + 1)
                    .is_some_and(|t| t.word && !t.is_capitalised() && opens_verb_phrase(&t.text, lex))
            {
                for &p in right.iter().filter(|&&p| ty(p).is_a(EntityType::State)) {
                    let note = format!("draft: a state acting in “, {} which” on the treaty", undated[1]);
                    if let Some(rel) = make(p, RelationKind::PartyTo, left[0], (left_start, right_last), None, &note) {
                        push(rel, &mut out);
                    }
                }
                continue;
            }
            // "the Great Northern War, which Sweden lost to Russia": a relative clause whose
            // subject is the second name and whose object is the first.
            if matches!(raw.as_slice(), [",", "which" | "that" | "whom"]) {
                let (after, reaches) = words_until_next(right_end + 1);
                let after: Vec<&str> = after.iter().map(String::as_str).collect();
                let (verb, to_next): (&[&str], bool) = match after.split_last() {
                    Some((&"to", rest)) if reaches => (rest, true),
                    _ => (&after[..], false),
                };
                let span_end =
                    if to_next { next_unit.map_or(right_last, |n| mentions[n[n.len() - 1]].end) } else { right_last };
                let span = (left_start, span_end);
                apply_cues(Direction::Forward, verb, right, left, span, " in a relative clause", &mut out);
                if to_next && verb == ["lost"] {
                    lost_to(left, next_unit, left_start, span_end, &mut out);
                }
                continue;
            }
            // "Otto von Bismarck, the Chancellor of Germany": a title in apposition.
            if let [",", rest @ ..] = raw.as_slice() {
                // "de Gaulle, by then President of France" (round 22): "by then" dates the title.
                let rest = match rest {
                    ["by", "then", title @ ..] => title,
                    _ => rest,
                };
                let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "the" && *w != "then").collect();
                if let [title @ .., "of"] = rest.as_slice() {
                    let capitalised: Vec<String> = title
                        .iter()
                        .map(|w| w.get(..1).map_or(String::new(), |f| f.to_uppercase() + &w[1..]))
                        .collect();
                    if !title.is_empty() && lex.titles.contains_key(&capitalised.join(" ")) {
                        // A title in the singular stands in apposition to the name right before it
                        // ("he and de Gaulle, by then President of France": de Gaulle alone).
                        for &a in left.last().into_iter() {
                            for &b in right.iter() {
                                let note = format!("draft: “, the {} of” in apposition", title.join(" "));
                                if let Some(rel) =
                                    make(a, RelationKind::LeaderOf, b, (left_start, right_last), None, &note)
                                {
                                    push(rel, &mut out);
                                }
                            }
                        }
                        continue;
                    }
                }
            }
            // "Adolf Hitler, who led Nazi Germany": a relative clause on the first name;
            // "the Treaty of Versailles, signed in 1919, returned Alsace to France": a phrase
            // between commas that belongs to the first name. The verb phrase is what follows.
            let unquoted: Vec<&super::sentences::Token> = match unquoted.as_slice() {
                [comma, pronoun, rest @ ..]
                    if comma.text == ","
                        && matches!(pronoun.text.as_str(), "who" | "which")
                        && !rest.is_empty()
                        && rest.iter().all(|t| t.word) =>
                {
                    rest.to_vec()
                }
                [comma, rest @ ..] if comma.text == "," => match rest.iter().position(|t| t.text == ",") {
                    Some(p)
                        if p > 0
                            && p + 1 < rest.len()
                            && rest[..p].iter().all(|t| t.word)
                            && rest[p + 1..].iter().all(|t| t.word) =>
                    {
                        rest[p + 1..].to_vec()
                    }
                    _ => unquoted,
                },
                _ => unquoted,
            };
            let raw: Vec<&str> = unquoted.iter().map(|t| t.text.as_str()).collect();
            // "Leviathan, written by Thomas Hobbes": a participle and "by" after a comma.
            if raw.first() == Some(&",") && raw.len() > 1 && gap[1..].iter().all(|t| t.word) {
                let words = cue_words(&gap[1..].iter().collect::<Vec<_>>(), lex);
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                // (round 8) "signed ... by the government of X"; "formed in 1397 under Queen X".
                if words.last() == Some(&"by")
                    || matches!(words[..], [_, "under"])
                    || words.ends_with(&["by", "government", "of"])
                {
                    let span = (left_start, right_last);
                    apply_cues(Direction::Backward, &words, right, left, span, " after a comma", &mut out);
                    continue;
                }
            }
            // "Russia’s occupation of Manchuria": the possessor did what the noun names.
            if let ["’s" | "'s", rest @ ..] = raw.as_slice() {
                let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "brief" && *w != "long").collect();
                if let [noun, "of" | "over" | "to" | "into"] = rest.as_slice() {
                    if let Some((_, kind)) = ACTION_NOUNS.iter().find(|(n, _)| n == noun) {
                        for &a in left.iter() {
                            for &b in right.iter() {
                                let note = format!("draft: “’s {noun}”");
                                if let Some(rel) = make(a, *kind, b, (left_start, right_last), None, &note) {
                                    push(rel, &mut out);
                                }
                            }
                        }
                    }
                }
                continue;
            }
            // "Bolivia ceded its coastal province, the Litoral, to Chile": a noun phrase and the
            // name in apposition to it; the verb takes the name as its object.
            let article = unquoted.last().is_some_and(|t| matches!(t.text.as_str(), "the" | "a" | "an"));
            let unquoted: Vec<&super::sentences::Token> = match &unquoted[..unquoted.len() - usize::from(article)] {
                [verb, phrase @ .., comma]
                    if comma.text == ","
                        && (1..=4).contains(&phrase.len())
                        && verb.word
                        && !verb.is_capitalised()
                        && phrase
                            .iter()
                            .all(|t| t.word && !t.is_capitalised() && t.text != "and" && t.text != "or")
                        && phrase.last().is_some_and(|t| !lex.is_filler(&t.text)) =>
                {
                    vec![*verb]
                }
                _ => unquoted,
            };
            // "A ceded X and Y to B" (also "..., ceding X to B"): X went to B; a state handed over is
            // what the treaty concerns; under a treaty, A and B are its parties. Whether the words
            // after X read "to B".
            let cede_to = |subjects: &[usize], verb: &str, from: usize, out: &mut Vec<DraftRelation>| -> bool {
                let Some((receivers, _)) = units.get(u + 2) else { return false };
                let gap2: Vec<&str> = toks[right_end + 1..mentions[receivers[0]].first_token]
                    .iter()
                    .filter(|t| !lex.is_filler(&t.text) && t.text != ",")
                    .map(|t| t.text.as_str())
                    .collect();
                if gap2 != ["to"] {
                    return false;
                }
                let span = (from, mentions[receivers[receivers.len() - 1]].end);
                // "the Treaty of Copenhagen returned Bornholm to Denmark": the treaty itself.
                let treaty = match subjects {
                    [t] if ty(*t).is_a(EntityType::Treaty) => Some(*t),
                    _ => under,
                };
                for &t in right.iter() {
                    // "Denmark ceded Norway to Sweden under the Treaty of Kiel": a state
                    // handed over is no territory that goes to another; the treaty concerns it.
                    if ty(t).is_a(EntityType::State) {
                        if let Some(tr) = treaty {
                            let note = format!("draft: a state “{verb}” under the treaty");
                            if let Some(rel) = make(tr, RelationKind::Concerns, t, span, None, &note) {
                                push(rel, out);
                            }
                        }
                    }
                    // "ceded Lemnos to the sultan": a ruler the essay links to a state
                    // receives for it.
                    let receivers: Vec<usize> = receivers
                        .iter()
                        .map(|&r| match ruled.iter().find(|(g, _)| Some(*g) == group_of[r]) {
                            Some((_, state)) if ty(r) == EntityType::Person => *state,
                            _ => r,
                        })
                        .collect();
                    for &r in receivers.iter().filter(|&&r| ty(r).is_a(EntityType::State)) {
                        let note = format!("draft: cue “{verb} … to”");
                        if ty(t).is_a(EntityType::Territory) {
                            if let Some(rel) = make(t, RelationKind::TransferredTo, r, span, treaty, &note) {
                                push(rel, out);
                            }
                        }
                        if let Some(tr) = under {
                            for &party in subjects.iter().chain([&r]).filter(|&&p| ty(p).is_a(EntityType::State)) {
                                let span = (mentions[party].start.min(from), span.1);
                                let note = "draft: a party ceding or receiving under the treaty";
                                if let Some(rel) = make(party, RelationKind::PartyTo, tr, span, Some(tr), note) {
                                    push(rel, out);
                                }
                            }
                        }
                    }
                }
                true
            };
            // "Venice gave it up for good, keeping the Ionian Islands": a participle after a comma
            // shares the subject of the clause before it (the name right before that clause's
            // verb, or the first name when it opens the clause).
            let participle = match unquoted.iter().rposition(|t| t.text == ",") {
                Some(c)
                    if c + 1 < unquoted.len()
                        && unquoted[c + 1..].iter().all(|t| t.word && !t.is_capitalised())
                        && unquoted[c + 1].text.ends_with("ing") =>
                {
                    Some(cue_words(&unquoted[c + 1..], lex))
                }
                _ => None,
            };
            if let Some(words) = participle {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let verb_before = u >= 1 && {
                    let gap = toks.get(units[u - 1].1 + 1..mentions[left[0]].first_token).unwrap_or(&[]);
                    !gap.is_empty()
                        && gap.iter().all(|t| t.word && !t.is_capitalised() && !t.is_number())
                        && !PREPOSITIONS.contains(&gap[0].text.as_str())
                };
                let subject = if verb_before { &units[u - 1].0 } else { left };
                let from = mentions[subject[0]].full_start();
                if let [verb] = words[..] {
                    if lex.cede_verbs.iter().any(|v| v == verb) && cede_to(subject, verb, from, &mut out) {
                        continue;
                    }
                }
                let span = (from, right_last);
                apply_cues(Direction::Forward, &words, subject, right, span, " in a participle clause", &mut out);
                continue;
            }
            // "Lê Lợi led an uprising, drove the Ming armies out": a verb phrase after a comma is
            // that of the subject of its clause.
            let comma = unquoted.iter().rposition(|t| t.text == ",");
            let comma_token = comma.map_or(0, |c| toks.iter().position(|t| t.start == unquoted[c].start).unwrap_or(0));
            if let (Some(subject), Some(c)) = (comma.and_then(|_| clause_subject(u, comma_token)), comma) {
                let rest = &unquoted[c + 1..];
                let verb_phrase = rest.first().is_some_and(|t| {
                    t.word && !t.is_capitalised() && opens_verb_phrase(&t.text, lex) && !t.text.ends_with("ing")
                }) && rest.iter().all(|t| t.word)
                    && unquoted[..c].iter().all(|t| t.word);
                if verb_phrase {
                    let words = cue_words(rest, lex);
                    let words: Vec<&str> = words.iter().map(String::as_str).collect();
                    let from = mentions[subject[0]].full_start();
                    if let [verb] = words[..] {
                        if lex.cede_verbs.iter().any(|v| v == verb) && cede_to(subject, verb, from, &mut out) {
                            continue;
                        }
                    }
                    let span = (from, right_last);
                    let how = " in a verb phrase of the clause’s subject";
                    apply_cues(Direction::Forward, &words, subject, right, span, how, &mut out);
                    continue;
                }
            }
            // "she won the war in 1895, and acquired Taiwan": a comma before the "and" of a
            // second verb phrase is no break in it.
            let unquoted: Vec<&super::sentences::Token> = unquoted
                .iter()
                .enumerate()
                .filter(|(k, t)| {
                    let second_verb_phrase = matches!(&unquoted[k + 1..], [and, verb, ..]
                        if and.text == "and" && verb.word && !verb.is_capitalised() && !lex.is_filler(&verb.text));
                    !(t.text == "," && second_verb_phrase)
                })
                .map(|(_, t)| *t)
                .collect();
            if unquoted.iter().any(|t| !t.word) {
                // Possessives, commas, brackets: not a plain verb phrase.
                continue;
            }
            let words: Vec<String> = cue_words(&unquoted, lex);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            // The noun before the first name: "the cession of Minorca to Spain", "the
            // occupation of Bornholm by Sweden".
            let noun_before = {
                let before: Vec<&str> = toks[sentence.tokens.start..mentions[left[0]].first_token]
                    .iter()
                    .rev()
                    .filter(|t| t.text != "the")
                    .take(2)
                    .map(|t| t.text.as_str())
                    .collect();
                match before.as_slice() {
                    ["of", noun] => Some(noun.to_lowercase()),
                    _ => None,
                }
            };
            if let Some(noun) = &noun_before {
                let from = toks[mentions[left[0]].first_token.saturating_sub(3).max(sentence.tokens.start)..]
                    .iter()
                    .find(|t| t.text.to_lowercase() == *noun)
                    .map_or(left_start, |t| t.start);
                if words == ["to"] && TRANSFER_NOUNS.contains(&noun.as_str()) {
                    for &t in left.iter().filter(|&&t| ty(t).is_a(EntityType::Territory)) {
                        for &r in right.iter().filter(|&&r| ty(r).is_a(EntityType::State)) {
                            let note = format!("draft: “the {noun} of … to”");
                            if let Some(rel) = make(t, RelationKind::TransferredTo, r, (from, right_last), under, &note)
                            {
                                push(rel, &mut out);
                            }
                        }
                    }
                    continue;
                }
                if words == ["by"] {
                    if let Some((_, kind)) = ACTION_NOUNS.iter().find(|(n, _)| *n == noun.as_str()) {
                        for &a in right.iter() {
                            for &b in left.iter() {
                                let note = format!("draft: “the {noun} of … by”");
                                if let Some(rel) = make(a, *kind, b, (from, right_last), None, &note) {
                                    push(rel, &mut out);
                                }
                            }
                        }
                        continue;
                    }
                }
            }
            // "the war between Denmark and Sweden": its sides fought each other, and took part.
            if words == ["between"] && left.len() == 1 && ty(left[0]).is_a(EntityType::War) && right.len() >= 2 {
                let sides: Vec<usize> = right.iter().copied().filter(|&r| ty(r).is_a(EntityType::State)).collect();
                for (k, &a) in sides.iter().enumerate() {
                    let note = "draft: a war “between” its sides";
                    if let Some(rel) = make(a, RelationKind::TookPartIn, left[0], (left_start, right_last), None, note)
                    {
                        push(rel, &mut out);
                    }
                    for &b in &sides[k + 1..] {
                        if let Some(rel) = make(a, RelationKind::FoughtAgainst, b, (left_start, right_last), None, note)
                        {
                            push(rel, &mut out);
                        }
                    }
                }
                continue;
            }
            // "Gustav Vasa led a revolt against Christian II": who led, started or waged it opposed
            // him. (That the revolt "targeted" him the development golds record only sometimes.)
            if words == ["against"] && left.len() == 1 && ty(left[0]).is_a(EntityType::War) {
                let war = left[0];
                for &b in right.iter().filter(|&&b| ty(b).is_a(EntityType::Agent)) {
                    let Some((subject, subject_end)) = u.checked_sub(1).map(|k| &units[k]) else { continue };
                    let verb = &toks[subject_end + 1..mentions[war].first_token];
                    let verb_words = cue_words(&verb.iter().collect::<Vec<_>>(), lex);
                    let leads = verb.iter().all(|t| t.word && !t.is_capitalised())
                        && matches!(verb_words.as_slice(), [v] if WAGING_VERBS.contains(&v.as_str()));
                    if !leads {
                        continue;
                    }
                    let from = mentions[subject[0]].full_start();
                    for &a in subject.iter().filter(|&&a| ty(a).is_a(EntityType::Agent)) {
                        let note = format!("draft: “{} … against”", verb_words[0]);
                        if let Some(rel) = make(a, RelationKind::Opposed, b, (from, right_last), None, &note) {
                            push(rel, &mut out);
                        }
                    }
                }
            }
            // "Sweden lost the Great Northern War to Russia": the other side won it.
            if words == ["lost"] {
                let gap2: Vec<&str> = next_unit
                    .map(|n| toks[right_end + 1..mentions[n[0]].first_token].iter().map(|t| t.text.as_str()).collect())
                    .unwrap_or_default();
                if gap2 == ["to"] {
                    let end = next_unit.map_or(right_last, |n| mentions[n[n.len() - 1]].end);
                    lost_to(right, next_unit, left_start, end, &mut out);
                }
            }

            // Round 26: "Romania joined Czechoslovakia and Yugoslavia in the Little Entente",
            // "Italy joined Germany and Austria-Hungary in the Triple Alliance": the states joined
            // are members of the body as well as the one joining them.
            if words == ["joined"] && right.iter().all(|&r| ty(r).is_a(EntityType::State)) {
                if let Some(body) = next_unit {
                    let gap2 =
                        cue_words(&toks[right_end + 1..mentions[body[0]].first_token].iter().collect::<Vec<_>>(), lex);
                    if gap2 == ["in"] && body.len() == 1 && ty(body[0]).is_a(EntityType::Organisation) {
                        let span = (left_start, mentions[body[0]].end);
                        for &m in left.iter().chain(right.iter()).filter(|&&m| ty(m).is_a(EntityType::State)) {
                            let note = "draft: “joined … in” a body";
                            if let Some(rel) = make(m, RelationKind::MemberOf, body[0], span, None, note) {
                                push(rel, &mut out);
                            }
                        }
                        continue;
                    }
                }
            }
            // "A ceded X and Y to B".
            if let [verb] = words[..] {
                if lex.cede_verbs.iter().any(|v| v == verb) && cede_to(left, verb, left_start, &mut out) {
                    continue;
                }
            }
            // "X became B’s territory".
            if words == ["became"] {
                let after: Vec<&str> = toks[right_end + 1..(right_end + 3).min(sentence.tokens.end)]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect();
                if after.len() == 2 && (after[0] == "’s" || after[0] == "'s") && TERRITORY_NOUNS.contains(&after[1]) {
                    let span = (left_start, toks[right_end + 2].end);
                    for &t in left.iter().filter(|&&t| ty(t).is_a(EntityType::Territory)) {
                        for &r in right.iter().filter(|&&r| ty(r).is_a(EntityType::State)) {
                            if let Some(rel) = make(
                                t,
                                RelationKind::TransferredTo,
                                r,
                                span,
                                under,
                                "draft: cue “became …’s territory”",
                            ) {
                                push(rel, &mut out);
                            }
                        }
                    }
                    continue;
                }
            }
            // "the Treaty of T between A and B".
            if words == ["between"] && left.len() == 1 && ty(left[0]).is_a(EntityType::Treaty) {
                for &p in right.iter().filter(|&&p| ty(p).is_a(EntityType::State)) {
                    if let Some(rel) = make(
                        p,
                        RelationKind::PartyTo,
                        left[0],
                        (left_start, right_last),
                        None,
                        "draft: a treaty “between” its parties",
                    ) {
                        push(rel, &mut out);
                    }
                }
                continue;
            }
            // "Denmark invaded Scania in 1676 and lost the Scanian War": the last of
            // two coordinated verb phrases, with the same subject.
            let tail: Vec<&str> = match words.iter().rposition(|w| *w == "and") {
                // Not when the first name is itself the object before "and" ("a pact with Japan and entered").
                Some(p) if p > 0 && p + 1 < words.len() => words[p + 1..].to_vec(),
                _ => Vec::new(),
            };
            // (subjects, words, forward cues only, where the quote starts)
            let mut tried: Vec<(&[usize], &[&str], bool, usize)> = vec![(&left[..], &words[..], false, left_start)];
            if !tail.is_empty() {
                tried.push((&left[..], &tail[..], true, left_start));
                // "the Chilean Army conquered Tarapacá late in 1879 and took Tacna": the
                // clause's subject, several names back.
                if let Some(subject) = clause_subject(u, right_start).filter(|&s| s != left) {
                    tried.push((&subject[..], &tail[..], true, mentions[subject[0]].full_start()));
                }
            }
            // "Russia pressed Japan to abandon the peninsula": the object of a verb of making
            // someone act is the subject of the infinitive after it.
            let controlled = u >= 1 && {
                let before = toks.get(units[u - 1].1 + 1..mentions[left[0]].first_token).unwrap_or(&[]);
                let verb = cue_words(&before.iter().collect::<Vec<_>>(), lex);
                before.iter().all(|t| t.word) && matches!(verb.as_slice(), [v] if CONTROL_VERBS.contains(&v.as_str()))
            };
            let infinitive: &[&str] = match words.iter().position(|w| *w == "to") {
                Some(p) if controlled && p <= 1 && p + 1 < words.len() => &words[p + 1..],
                _ => &[],
            };
            if !infinitive.is_empty() {
                tried.push((&left[..], infinitive, true, left_start));
            }
            // "the Ottomans took the island of Negroponte", "defeated a fleet of the Southern
            // Han": the object is the name inside a noun phrase "the <place noun> of" (or a force
            // "of" it, the force's noun being a filler), so the verb is the cue.
            let head_stripped: Vec<&str> = match words.as_slice() {
                [verb @ .., noun, "of"] if !verb.is_empty() && OF_NOUNS.contains(noun) => verb.to_vec(),
                [verb @ .., "of"]
                    if !verb.is_empty()
                        && gap.iter().any(|t| lex.is_filler(&t.text) && FORCE_NOUNS.contains(&t.text.as_str())) =>
                {
                    verb.to_vec()
                }
                _ => Vec::new(),
            };
            if !head_stripped.is_empty() {
                tried.push((&left[..], &head_stripped[..], true, left_start));
            }
            // "Denmark invaded Scania and lost the Scanian War", "Japan signed a pact
            // with Germany and entered the war": a verb phrase after "and" shares the subject of
            // the verb phrase before it, the name before that one.
            if words.len() > 1 && words[0] == "and" && u >= 1 {
                // Empty (or no range at all) when the two units overlap or touch.
                let before = toks.get(units[u - 1].1 + 1..mentions[left[0]].first_token).unwrap_or(&[]);
                if !before.is_empty() && before.iter().all(|t| t.word && t.text != "and") {
                    let subject = &units[u - 1].0;
                    tried.push((&subject[..], &words[1..], true, mentions[subject[0]].full_start()));
                }
            }
            let cues = tried.iter().flat_map(|&(l, w, forward_only, from)| {
                lex.cues
                    .iter()
                    .filter(move |c| !forward_only || c.direction == Direction::Forward)
                    .map(move |c| (c, l, w, from))
            });
            for (cue, left, words, left_start) in cues {
                if !matches_cue(&cue.words, words) {
                    continue;
                }
                // "an Ottoman army under Lala Mustafa Pasha", "a Venetian squadron led by X": the
                // person commands the force, not the state its demonym names.
                if cue.kind == RelationKind::LeaderOf && gap.iter().any(|t| FORCE_NOUNS.contains(&t.text.as_str())) {
                    continue;
                }
                // "Mexico held that it lay on the Nueces" (round 20): "that" right before the
                // second name opens a clause of its own; the verb's object is that clause.
                if gap.last().is_some_and(|t| t.text == "that") && cue.words.last().is_none_or(|w| w != "that") {
                    continue;
                }
                // "had looked to Russia against Japan" (round 20): a bare "against" after the
                // object of "to" or "from" says whose help the subject sought, not who fought.
                if cue.words == ["against"]
                    && toks[..mentions[left[0]].first_token]
                        .iter()
                        .rev()
                        .find(|t| t.text != "the")
                        .is_some_and(|t| matches!(t.text.as_str(), "to" | "from"))
                {
                    continue;
                }
                let (subjects, objects) = match cue.direction {
                    Direction::Forward => (left, &right[..]),
                    Direction::Backward => (&right[..], left),
                };
                // "X became the independent state of Y" (round 20): X became Y, no part of it.
                if cue.kind == RelationKind::PartOf && gap.iter().any(|t| t.text == "independent") {
                    continue;
                }
                // "the officers overthrew King X" (round 20): a person overthrown is a coup's
                // victim, which golds record through the event; a regime or state overthrown
                // ("overthrew the Khmer Rouge") is opposed.
                if cue.words == ["overthrew"] && objects.iter().all(|&b| ty(b) == EntityType::Person) {
                    continue;
                }
                let mut any = false;
                // A ruler acts for the state named with him in this sentence, or, where the essay
                // links the two ("X of STATE", "X, the King of STATE"), anywhere.
                let acting: Vec<usize> = subjects
                    .iter()
                    .map(|&a| {
                        let state =
                            state_of_ruler.iter().find(|(r, _)| *r == a).map(|(_, state)| *state).or_else(|| {
                                ruled.iter().find(|(g, _)| Some(*g) == group_of[a]).map(|(_, state)| *state)
                            });
                        match state {
                            Some(state) if !fits(ty(a), &cue.subject) || !cue.kind.admits(ty(a), ty(objects[0])) => {
                                state
                            }
                            _ => a,
                        }
                    })
                    .collect();
                for &a in acting.iter().filter(|&&a| fits(ty(a), &cue.subject)) {
                    for &b in objects.iter().filter(|&&b| fits(ty(b), &cue.object) && cue.kind.admits(ty(a), ty(b))) {
                        let treaty = if cue.kind == RelationKind::TransferredTo { under } else { None };
                        let note = format!("draft: cue “{}”", cue.words.join(" "));
                        if let Some(rel) = make(a, cue.kind, b, (left_start, right_last), treaty, &note) {
                            push(rel, &mut out);
                            any = true;
                        }
                    }
                }
                if any {
                    break;
                }
            }
        }

        // Each agent (with where its quote starts) took part in each event.
        let push_participants =
            |agents: &[(usize, usize)], events: &[usize], words: &[String], out: &mut Vec<DraftRelation>| {
                for &(a, from) in agents.iter().filter(|(a, _)| ty(*a).is_a(EntityType::Agent)) {
                    // "Charles XII of Sweden invaded Zealand during the Great Northern War" (round
                    // 17): a person acting in a war acts for a side; the golds record the side
                    // (a person takes part in a battle or siege, not through this).
                    for &e in events.iter().filter(|&&e| !(ty(a) == EntityType::Person && ty(e).is_a(EntityType::War)))
                    {
                        let (from, to) = (from.min(mentions[e].full_start()), mentions[e].end.max(mentions[a].end));
                        let note = format!(
                            "draft: an agent of a verb phrase with “{}” the event",
                            words.last().map_or("", String::as_str)
                        );
                        if let Some(rel) = make(a, RelationKind::TookPartIn, e, (from, to), None, &note) {
                            push(rel, out);
                        }
                    }
                }
            };
        // "Ngô Quyền defeated a fleet of the Southern Han at the Battle of Bạch Đằng", "British
        // and Spanish armies fought the French in the Peninsular War": the agents of a verb phrase
        // that ends "at"/"in"/"during" a battle or war took part in it: the name right before
        // the event, and the subject of the verb phrase before that name.
        for u in 1..units.len() {
            let events: Vec<usize> = units[u].0.iter().copied().filter(|&e| is_fight(ty(e))).collect();
            if events.is_empty() {
                continue;
            }
            let (left, left_end) = (&units[u - 1].0, units[u - 1].1);
            // "fought once more, briefly, in the War of ..." (round 13): an aside of adverbs
            // between commas is no break in the verb phrase.
            let gap = without_asides(&toks[left_end + 1..mentions[units[u].0[0]].first_token], lex);
            let words: Vec<String> = cue_words(&gap, lex);
            let at_word = |w: &String| matches!(w.as_str(), "at" | "in" | "during");
            // "fought Vichy France in the brief Franco-Thai War" (round 16): one adjective after it.
            let ends_at = words.last().is_some_and(at_word)
                || matches!(words.as_slice(), [.., at, adjective]
                    if at_word(at)
                        && adjective.chars().all(|c| c.is_lowercase())
                        && !PREPOSITIONS.contains(&adjective.as_str())
                        && !matches!(adjective.as_str(), "and" | "or" | "which" | "that"));
            // "X stayed neutral in the war", "X took no part in it" (round 10): a negated or
            // neutral verb phrase says the agent did not take part.
            if !ends_at || gap.iter().any(|t| !t.word) || is_negated(&words) {
                continue;
            }
            // "X was deposed in a coup" (round 20): who suffers the event is its victim.
            if words.iter().any(|w| VICTIM_VERBS.contains(&w.as_str())) {
                for &e in &events {
                    for &a in left.iter().filter(|&&a| ty(a).is_a(EntityType::Agent)) {
                        let span = (mentions[a].full_start(), mentions[e].end.max(mentions[a].end));
                        let note = format!("draft: a verb of suffering (“{}”) before the event", words.join(" "));
                        if let Some(rel) = make(a, RelationKind::VictimOf, e, span, None, &note) {
                            push(rel, &mut out);
                        }
                    }
                }
                continue;
            }
            // "burned the Ottoman fleet at X" (round 20): a demonym that qualifies the force
            // right before "at" is no state taking part (the newer golds record the force; an
            // older one, the state: Venetian-Ottoman's Lepanto). "the Chilean fleet cornered his
            // ship at X": the demonym's force acts, and its state is kept.
            let force = |t: &super::sentences::Token| {
                FORCE_NOUNS.contains(&t.text.as_str()) || matches!(t.text.as_str(), "ships" | "squadron" | "force")
            };
            let bare: Vec<&&super::sentences::Token> = gap.iter().filter(|t| t.text != "the").collect();
            let of_force = matches!(bare.as_slice(), [noun, _] if force(noun));
            let mut agents: Vec<(usize, usize)> = if commanded(u - 1) {
                Vec::new()
            } else {
                left.iter()
                    .filter(|&&a| !(of_force && lex.demonym_of(&mentions[a].name).is_some()))
                    .map(|&a| (a, mentions[a].full_start()))
                    .collect()
            };
            if u >= 2 && !commanded(u - 2) {
                let subject = &units[u - 2].0;
                let verb = &toks[units[u - 2].1 + 1..mentions[left[0]].first_token];
                let verb_words = cue_words(&verb.iter().collect::<Vec<_>>(), lex);
                let is_verb_phrase = !verb.is_empty()
                    && !is_negated(&verb_words)
                    && verb.iter().all(|t| t.word && !t.is_capitalised())
                    && verb_words.first().is_some_and(|w| !matches!(w.as_str(), "and" | "or" | "of" | "in" | "at"));
                if is_verb_phrase {
                    agents.extend(subject.iter().map(|&a| (a, mentions[subject[0]].full_start())));
                }
            }
            push_participants(&agents, &events, &words, &mut out);
        }
        // "In the Austro-Prussian War of 1866, ..., the Prussian army defeated the Austrians at the
        // Battle of Königgrätz", "Spain besieged Gibraltar in 1779, during the American
        // Revolutionary War, but the Great Siege failed" (round 13): a battle or siege the
        // sentence names, where the sentence sets its action in a war ("In/During WAR," opening
        // it, or ", during WAR"), is part of that war.
        if let Some(war) = war_frame(toks, sentence.tokens.start, &ms, mentions, group_of, &ty) {
            framed.push((s, war));
            let war_group = group_of[war];
            for &b in ms.iter().filter(|&&b| ty(b) == EntityType::Event && group_of[b] != war_group) {
                let span =
                    (mentions[b].full_start().min(mentions[war].full_start()), mentions[b].end.max(mentions[war].end));
                let note = "draft: a battle in a sentence set “in”/“during” a war";
                if let Some(rel) = make(b, RelationKind::PartOf, war, span, None, note) {
                    push(rel, &mut out);
                }
            }
        }
        // "the Sino-French War", "the Iran–Iraq War" (round 16): a war named after its sides by
        // combining forms, demonyms or names joined by a hyphen was fought by those states, where
        // the essay names each of them; quoted at the war's first mention.
        for &w in ms.iter().filter(|&&w| {
            (ty(w).is_a(EntityType::War) || ty(w).is_a(EntityType::Treaty) || ty(w) == EntityType::Agreement)
                && !mentions[w].description
        }) {
            let Some(war) = group_of[w] else { continue };
            let Some(mut sides) = war_sides(&mentions[w].name, lex, &state_of_place) else { continue };
            // "fought Vichy France in the brief Franco-Thai War": a state the sentence names
            // whose name ends in a side's name is that side here.
            for side in &mut sides {
                let own: Vec<&str> = state_of_place
                    .iter()
                    .filter(|&&(_, g)| g == *side)
                    .flat_map(|&(p, _)| lex.places[p].names.iter().map(String::as_str))
                    .collect();
                let narrower = ms.iter().copied().find(|&m| {
                    group_of[m].is_some_and(|g| g != *side && types[g].is_a(EntityType::State))
                        && own.iter().any(|o| mentions[m].name.ends_with(&format!(" {o}")))
                });
                if let Some(g) = narrower.and_then(|m| group_of[m]) {
                    *side = g;
                }
            }
            // Round 17: only a side that the sentence also names apart from the war's name ("the
            // Austrians" in a sentence on the Austro-Prussian War): a name alone ("the Treaty of
            // London ended the Anglo-Spanish War") is what the golds file as background.
            sides.retain(|&side| {
                !sides_read.contains(&(war, side))
                    && ms.iter().any(|&m| {
                        m != w
                            && group_of[m] == Some(side)
                            && (mentions[m].first_token > mentions[w].last_token
                                || mentions[m].last_token < mentions[w].first_token)
                    })
            });
            if sides.is_empty() {
                continue;
            }
            sides_read.extend(sides.iter().map(|&side| (war, side)));
            let Some(q) = quoter.unique(mentions[w].full_start(), mentions[w].end, sentence) else { continue };
            for side in sides {
                // "the Egypt-Israel Peace Treaty": a treaty named after its sides was signed by them.
                let kind = if ty(w).is_a(EntityType::War) { RelationKind::TookPartIn } else { RelationKind::Signed };
                let rel = DraftRelation {
                    subject: side,
                    kind,
                    object: war,
                    under: None,
                    date: None,
                    quote: q,
                    note: format!("{NAMED_SIDES} (“{}”)", mentions[w].name),
                };
                push(rel, &mut out);
            }
        }
        // "Under the Treaty of Constantinople of 1479, Venice ceded ...": the state that acts
        // under the treaty, as the subject right after it, is a party to it.
        if let Some(tr) = under {
            let k = units.iter().position(|(list, _)| list.contains(&tr));
            if let Some(((_, treaty_end), (subject, subject_end))) = k.and_then(|k| units.get(k).zip(units.get(k + 1)))
            {
                let between = toks.get(treaty_end + 1..mentions[subject[0]].first_token).unwrap_or(&[]);
                let only_date_and_comma = between.iter().all(|t| {
                    t.text == "," || t.text == "of" || t.is_number() || is_month(&t.text) || lex.is_filler(&t.text)
                }) && between.iter().any(|t| t.text == ",");
                let acts = toks.get(subject_end + 1).is_some_and(|t| t.word && !t.is_capitalised());
                let opens =
                    toks.get(sentence.tokens.start..mentions[tr].first_token).unwrap_or(&[]).iter().all(|t| {
                        t.text.eq_ignore_ascii_case("under") || t.text == "the" || t.is_number() || t.text == ","
                    });
                if only_date_and_comma && acts && opens {
                    for &p in subject.iter().filter(|&&p| ty(p).is_a(EntityType::State)) {
                        let span = (mentions[tr].full_start(), mentions[p].end);
                        let note = "draft: the state acting “under” the treaty";
                        if let Some(rel) = make(p, RelationKind::PartyTo, tr, span, Some(tr), note) {
                            push(rel, &mut out);
                        }
                    }
                }
            }
        }
        // "England and Spain had become bitter rivals", "the two countries fought side by side":
        // a predicate that says what coordinated agents were to each other.
        for (list, last) in units.iter().filter(|(list, _)| list.len() >= 2) {
            let next_name =
                ms.iter().map(|&m| mentions[m].first_token).find(|&t| t > *last).unwrap_or(sentence.tokens.end);
            // Words up to the next name or punctuation ("each other’s" included).
            let run: Vec<String> = toks[last + 1..next_name]
                .iter()
                .take_while(|t| t.word || matches!(t.text.as_str(), "’s" | "'s"))
                .take(10)
                .map(|t| t.text.to_lowercase())
                .collect();
            let copula = run
                .first()
                .is_some_and(|w| matches!(w.as_str(), "were" | "became" | "had" | "remained" | "are" | "have"));
            // "fought side by side", "fought together" (round 12): on one side, allies.
            let side_by_side = run.windows(3).any(|w| w == ["side", "by", "side"])
                || run.starts_with(&["fought".to_string(), "together".to_string()]);
            // "Denmark and Sweden fought for control of the Baltic", "the two kingdoms were at
            // war": they fought each other (not "fought Russia", where the run stops at a name).
            let each_other = run.first().is_some_and(|w| matches!(w.as_str(), "fought" | "clashed" | "warred"))
                && match run.get(1) {
                    Some(w) => matches!(w.as_str(), "for" | "over" | "each" | "one"),
                    // "fought Russia": the run stops at the object.
                    None => last + 2 != next_name,
                }
                && !side_by_side;
            let at_war = copula && run.windows(2).any(|w| w == ["at", "war"]) && !run.iter().any(|w| w == "with");
            // "the two countries went to war" (round 8): with no one named after it.
            let at_war = at_war
                || (run.starts_with(&["went".to_string(), "to".to_string(), "war".to_string()])
                    && !run.iter().any(|w| matches!(w.as_str(), "with" | "against" | "on")));
            let kind = if each_other || at_war {
                RelationKind::FoughtAgainst
            } else if copula && run.iter().any(|w| matches!(w.as_str(), "rivals" | "enemies" | "foes")) {
                RelationKind::Opposed
            } else if (copula && run.iter().any(|w| w == "allies"))
                || (run.first().is_some_and(|w| w == "fought") && side_by_side)
            {
                RelationKind::AlliedWith
            } else {
                continue;
            };
            let agents: Vec<usize> = list.iter().copied().filter(|&a| ty(a).is_a(EntityType::Agent)).collect();
            let end = toks[last + run.len()].end;
            for (k, &a) in agents.iter().enumerate() {
                for &b in &agents[k + 1..] {
                    let note = format!("draft: “{}” said of coordinated names", run.join(" "));
                    if let Some(rel) = make(a, kind, b, (mentions[agents[0]].full_start(), end), None, &note) {
                        push(rel, &mut out);
                    }
                }
            }
        }
        // "During the Vietnam War, China sent troops", "At the Battle of Iquique, the Huáscar
        // sank a corvette": an event that opens the sentence after "during"/"in"/"at", then a
        // comma, and the subject of the clause right after it.
        if let [(first, first_end), (subject, _), ..] = &units[..] {
            let events: Vec<usize> = first.iter().copied().filter(|&e| is_fight(ty(e))).collect();
            let opening: Vec<String> = toks[sentence.tokens.start..mentions[first[0]].first_token]
                .iter()
                .filter(|t| t.text != "the")
                .map(|t| t.text.to_lowercase())
                .collect();
            let after = &toks[first_end + 1..mentions[subject[0]].first_token];
            let comma_then_subject = after.first().is_some_and(|t| t.text == ",")
                && after
                    .iter()
                    .skip(1)
                    .all(|t| t.word && (lex.is_filler(&t.text) || t.is_number() || is_month(&t.text)))
                && after.iter().filter(|t| t.text == ",").count() == 1;
            let subject_acts = toks
                .get(mentions[subject[subject.len() - 1]].last_token + 1)
                .is_some_and(|t| t.word && !t.is_capitalised());
            if !events.is_empty()
                && matches!(opening.as_slice(), [w] if matches!(w.as_str(), "during" | "in" | "at"))
                && comma_then_subject
                && subject_acts
            {
                let agents: Vec<(usize, usize)> =
                    subject.iter().map(|&a| (a, mentions[first[0]].full_start())).collect();
                push_participants(&agents, &events, &opening, &mut out);
            }
        }
    }

    // Possessives: "Stalin’s Soviet Union" (a person's state: its leader), "Abe’s hometown,
    // Nagato", "Kant’s birthplace, Königsberg" (the person's hometown).
    for (m, a) in mentions.iter().enumerate() {
        let Some(next) = mentions.get(m + 1).filter(|b| b.sentence == a.sentence) else { continue };
        let (Some(ga), Some(gb)) = (group_of[m], group_of[m + 1]) else { continue };
        // Empty when two mentions share their words ("the two countries").
        let between: Vec<&str> =
            toks.get(a.last_token + 1..next.first_token).unwrap_or(&[]).iter().map(|t| t.text.as_str()).collect();
        let kind = match between.as_slice() {
            ["’s" | "'s"] if types[ga] == EntityType::Person && types[gb].is_a(EntityType::State) => {
                Some((RelationKind::LeaderOf, ga, gb))
            }
            // "Japan’s Hokkaido", "Russia’s Kamchatka Peninsula": a state's own land.
            ["’s" | "'s"] if types[ga].is_a(EntityType::State) && types[gb].is_a(EntityType::Territory) => {
                Some((RelationKind::PartOf, gb, ga))
            }
            // "Tokyo, Japan", "Nagato, Yamaguchi Prefecture": a town, then the land it is in,
            // as an address is written; not a list ("Tokyo, Osaka and Kyoto").
            [","]
                if types[ga] == EntityType::City
                    && (types[gb].is_a(EntityType::State) || types[gb] == EntityType::Region)
                    && !toks.get(next.last_token + 1..next.last_token + 3).is_some_and(|t| {
                        matches!(t[0].text.as_str(), "and" | "or")
                            || (t[0].text == "," && (t[1].is_capitalised() || t[1].text == "and"))
                    })
                    && !toks
                        .get(a.first_token.wrapping_sub(1))
                        .is_some_and(|t| matches!(t.text.as_str(), "," | "and" | "or"))
                    // "After a clash at Lund, Denmark attacked Sweden": the name after the
                    // comma opens the main clause, as its verb shows; no address.
                    && !toks.get(next.last_token + 1).is_some_and(|t| {
                        next.last_token + 1 < essay.sentences[a.sentence].tokens.end
                            && t.word
                            && !t.is_capitalised()
                            && opens_verb_phrase(&t.text, lex)
                    }) =>
            {
                Some((RelationKind::PartOf, ga, gb))
            }
            // "the Khmer Rouge, China’s ally".
            [","]
                if types[ga].is_a(EntityType::Agent)
                    && types[gb].is_a(EntityType::Agent)
                    && toks.get(next.last_token + 1..next.last_token + 3).is_some_and(|t| {
                        matches!(t[0].text.as_str(), "’s" | "'s") && matches!(t[1].text.as_str(), "ally" | "allies")
                    }) =>
            {
                Some((RelationKind::AlliedWith, ga, gb))
            }
            // "Japan’s capital, Tokyo", "the island’s capital, Candia": the city is in that land.
            ["’s" | "'s", "capital", ","]
                if (types[ga].is_a(EntityType::Territory) || types[ga].is_a(EntityType::State))
                    && types[gb] == EntityType::City =>
            {
                Some((RelationKind::LocatedIn, gb, ga))
            }
            ["’s" | "'s", "hometown" | "birthplace" | "home" | "native", ..]
                if types[ga] == EntityType::Person
                    && types[gb].is_a(EntityType::Territory)
                    && HOMETOWN.iter().any(|h| between[1..] == h[..]) =>
            {
                Some((RelationKind::HometownOf, gb, ga))
            }
            _ => None,
        };
        let Some((kind, subject, object)) = kind else { continue };
        let end = if kind == RelationKind::AlliedWith { toks[next.last_token + 2].end } else { next.end };
        if let Some(q) = quoter.unique(a.full_start(), end, &essay.sentences[a.sentence]) {
            let note = format!("draft: the possessive “{}”", quoter.slice(a.full_start(), next.end));
            push(DraftRelation { subject, kind, object, under: None, date: None, quote: q, note }, &mut out);
        }
    }

    // The byline under the title: "By Ichiro Suzuki" wrote the essay, when the title is a work.
    if let (Some(title), Some(author), Some(Some(w)), Some(Some(p))) =
        (mentions.first(), mentions.get(1), group_of.first(), group_of.get(1))
    {
        let (w, p) = (*w, *p);
        let by = author.first_token.checked_sub(1).map(|t| &toks[t]);
        if title.sentence == 0
            && author.sentence == 1
            && types[w] == EntityType::Work
            && by.is_some_and(|t| t.text == "By")
        {
            let from = by.map_or(author.start, |t| t.start);
            if let Some(q) = quoter.unique(from, author.end, &essay.sentences[1]) {
                let note = "draft: the byline under the title".to_string();
                push(
                    DraftRelation {
                        subject: p,
                        kind: RelationKind::AuthorOf,
                        object: w,
                        under: None,
                        date: None,
                        quote: q,
                        note,
                    },
                    &mut out,
                );
            }
        }
    }

    // A body named by a demonym: "Japanese government", "Japanese Imperial Army".
    for (m, mention) in mentions.iter().enumerate() {
        let Some(g) = group_of[m] else { continue };
        let kind = match types[g] {
            EntityType::Army => RelationKind::ArmyOf,
            EntityType::Government => RelationKind::GovernmentOf,
            _ => continue,
        };
        if mention.name.contains(" and ") {
            continue; // "British and Dutch forces": the armies of two states, not of one
        }
        // Only a body with a proper name ("Chilean Army"): "Chinese forces" or "the Soviet
        // regime" belong to whichever state or dynasty held power then, which the demonym's
        // modern state is often not (on the development essays, 4 of 7 such links were wrong).
        let proper = mention.name.split_whitespace().last().is_some_and(|w| w.starts_with(char::is_uppercase));
        // "the Japanese government" is the government of the state its demonym names, as
        // docs/annotation-format.md has it (described.rs; a regime or a court is left as before).
        let government = kind == RelationKind::GovernmentOf && mention.name.ends_with(" government");
        if !proper && !government {
            continue;
        }
        let first_word = mention.name.split_whitespace().next().unwrap_or_default();
        let Some(state_line) = mention.body_of.or_else(|| lex.demonym_of(first_word)) else { continue };
        let Some(state) = place_of.iter().position(|p| *p == Some(state_line)) else { continue };
        if !types[state].is_a(EntityType::State) {
            continue;
        }
        let sentence = &essay.sentences[mention.sentence];
        if let Some(q) = quoter.unique(mention.start, mention.end, sentence) {
            let r = DraftRelation {
                subject: g,
                kind,
                object: state,
                under: None,
                date: None,
                quote: q,
                note: format!("draft: “{first_word}” names the state"),
            };
            push(r, &mut out);
        }
    }
    // Round 26: "the Paraguayan fort of Boquerón", "the Bolivian post of Fortín Vanguardia", "the
    // Danish towns of A, B and C": a place a demonym's noun of holding names belonged to the
    // demonym's state (HOLDING_NOUNS).
    for (m, mention) in mentions.iter().enumerate() {
        let Some(g) = group_of[m] else { continue };
        if !types[g].is_a(EntityType::Territory) || types[g].is_a(EntityType::State) {
            continue;
        }
        // The list's first name: "... of A, B and C" steps back over the names before it.
        let mut first = mention.first_token;
        let mut k = m;
        while k > 0 {
            let prev = &mentions[k - 1];
            // (Mentions of pronouns and descriptions may overlap the names: only one before.)
            let Some(between) = toks.get(prev.last_token + 1..first) else { break };
            let listed = matches!(between, [t] if t.text == "," || t.text == "and")
                || matches!(between, [c, a] if c.text == "," && a.text == "and");
            if prev.sentence == mention.sentence && listed {
                first = prev.first_token;
                k -= 1;
            } else {
                break;
            }
        }
        let sentence = &essay.sentences[mention.sentence];
        if first < sentence.tokens.start + 3 {
            continue;
        }
        let [demonym, noun, of] = &toks[first - 3..first] else { continue };
        if of.text != "of" || !HOLDING_NOUNS.contains(&noun.text.as_str()) || !demonym.is_capitalised() {
            continue;
        }
        let Some(state_line) = lex.demonym_of(&demonym.text) else { continue };
        let Some(state) = place_of.iter().position(|p| *p == Some(state_line)) else { continue };
        if !types[state].is_a(EntityType::State) || state == g {
            continue;
        }
        if let Some(q) = quoter.unique(demonym.start, mention.end, sentence) {
            let note = format!("draft: “{} {} of”", demonym.text, noun.text);
            let r = DraftRelation {
                subject: g,
                kind: RelationKind::BelongedTo,
                object: state,
                under: None,
                date: None,
                quote: q,
                note,
            };
            push(r, &mut out);
        }
    }
    // Arguments read at clause level (round 8): fronted treaties, split transfers, subjects
    // across relative clauses and appositions (clauses.rs).
    let clauses = super::clauses::Clauses { essay, mentions, group_of, types, lex, quoter, ruled: &ruled };
    for r in super::clauses::clause_relations(&clauses) {
        push(r, &mut out);
    }
    // Leaders from the words around a title, object complements (round 9; context.rs).
    for r in super::context::context_relations(&clauses) {
        push(r, &mut out);
    }
    let gapped = super::context::gapped_conjuncts(&clauses, &out);
    for r in gapped {
        push(r, &mut out);
    }
    for r in super::clauses::parties_of_transfers(&out, types, quoter) {
        push(r, &mut out);
    }
    // "In the X War, A defeated B": the states a sentence set in a war shows fighting, taking or
    // losing land took part in that war (round 16).
    let fights = [
        RelationKind::FoughtAgainst,
        RelationKind::Opposed,
        RelationKind::Captured,
        RelationKind::Occupied,
        RelationKind::MovedInto,
        RelationKind::Controlled,
    ];
    let mut took_part: Vec<DraftRelation> = Vec::new();
    for &(s, war) in &framed {
        let sentence = &essay.sentences[s];
        let (from, to) = (toks[sentence.tokens.start].start, toks[sentence.tokens.end - 1].end);
        let Some(w) = group_of[war] else { continue };
        for r in out.iter().filter(|r| fights.contains(&r.kind) && r.quote.0 >= from && r.quote.1 <= to) {
            for side in [r.subject, r.object].into_iter().filter(|&g| g != w && types[g].is_a(EntityType::State)) {
                let (a, b) = (r.quote.0.min(mentions[war].full_start()), r.quote.1.max(mentions[war].end));
                if let Some(quote) = quoter.unique(a, b, sentence) {
                    took_part.push(DraftRelation {
                        subject: side,
                        kind: RelationKind::TookPartIn,
                        object: w,
                        under: None,
                        date: None,
                        quote,
                        note: format!("draft: a side of “{}” in a sentence set in the war", r.kind.name()),
                    });
                }
            }
        }
    }
    for r in took_part {
        push(r, &mut out);
    }
    // A treaty named after its sides (round 16) is weaker evidence than a clause that makes a
    // state its party: no development gold records both for one pair.
    let party: Vec<(usize, usize)> =
        out.iter().filter(|r| r.kind == RelationKind::PartyTo).map(|r| (r.subject, r.object)).collect();
    out.retain(|r| {
        !(r.kind == RelationKind::Signed && r.note.starts_with(NAMED_SIDES) && party.contains(&(r.subject, r.object)))
    });
    out
}

/// The note of a relation read from a war's or treaty's name ([`war_sides`]).
const NAMED_SIDES: &str = "draft: named after its sides";

/// What stands between a person’s possessive and the place that is their hometown ("Abe’s
/// hometown, Nagato", "Kant’s birthplace, Königsberg").
const HOMETOWN: [&[&str]; 6] = [
    &["hometown", ","],
    &["birthplace", ","],
    &["home", "town", ","],
    &["home", "city", ","],
    &["native", "town", ","],
    &["native", "city", ","],
];

/// Nouns of taking or holding a place (or of entering a war), as the relation they name:
/// "Russia’s occupation of Manchuria", "the annexation of Crimea by Russia", "the USSR’s entry
/// into the war".
const ACTION_NOUNS: [(&str, RelationKind); 11] = [
    ("entry", RelationKind::Joined),
    ("occupation", RelationKind::Occupied),
    ("invasion", RelationKind::MovedInto),
    ("annexation", RelationKind::Acquired),
    ("acquisition", RelationKind::Acquired),
    ("conquest", RelationKind::Captured),
    ("capture", RelationKind::Captured),
    ("seizure", RelationKind::Captured),
    ("control", RelationKind::Controlled),
    ("claim", RelationKind::Claimed),
    ("colonisation", RelationKind::Controlled),
];

/// Nouns of handing a place over: "the cession of Minorca to Spain".
const TRANSFER_NOUNS: [&str; 6] = ["cession", "transfer", "return", "handover", "sale", "restitution"];

/// Verbs of leading or starting a war or revolt: its leader opposed whom it was against.
const WAGING_VERBS: [&str; 8] = ["led", "started", "launched", "began", "raised", "waged", "organised", "organized"];

/// Conjunctions that open a subordinate clause: a name after one is no main clause's subject.
const SUBORDINATORS: [&str; 10] =
    ["when", "while", "because", "although", "though", "if", "as", "since", "once", "whereas"];

/// Verbs of making someone act: their object is the subject of the infinitive after it ("forced
/// Denmark to cede Scania").
const CONTROL_VERBS: [&str; 10] =
    ["forced", "compelled", "pressed", "pressured", "obliged", "persuaded", "urged", "induced", "allowed", "helped"];

/// Whether a lowercase word can open a verb phrase: not a preposition, conjunction, article,
/// pronoun or filler ("signed", "drove", "was"; not "of", "and", "the", "which").
pub(super) fn opens_verb_phrase(word: &str, lex: &Lexicon) -> bool {
    const NOT_VERBS: [&str; 24] = [
        "and", "or", "but", "nor", "which", "who", "whom", "whose", "that", "where", "when", "while", "as", "than",
        "against", "between", "into", "across", "through", "during", "until", "since", "about", "’s",
    ];
    !PREPOSITIONS.contains(&word) && !NOT_VERBS.contains(&word) && !lex.is_filler(word) && word != "'s"
}

/// The words of a gap that a cue is matched against: lowercase, without fillers, numbers, months
/// and the "in"/"on" before a date.
pub(super) fn cue_words(gap: &[&super::sentences::Token], lex: &Lexicon) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (k, t) in gap.iter().enumerate() {
        let next_is_date = gap.get(k + 1).is_some_and(|n| n.is_number() || is_month(&n.text));
        // "led a Swedish revolt against", "conquered the Peruvian province of": a demonym
        // before a noun only qualifies it.
        let demonym_adjective = t.is_capitalised()
            && lex.demonym_of(&t.text).is_some()
            && gap.get(k + 1).is_some_and(|n| n.word && !n.is_capitalised());
        if t.is_number()
            || is_month(&t.text)
            || demonym_adjective
            || lex.is_filler(&t.text)
            || is_manner_adverb(&t.text)
            || ((t.text == "in" || t.text == "on") && next_is_date)
        {
            continue;
        }
        words.push(t.text.to_lowercase());
    }
    words
}

/// The tokens of `gap` without its asides: commas around words that are all adverbs of time or
/// manner ("fought once more, briefly, in": the commas and "briefly" left out).
fn without_asides<'t>(gap: &'t [super::sentences::Token], lex: &Lexicon) -> Vec<&'t super::sentences::Token> {
    let adverbial = |t: &super::sentences::Token| {
        t.word && (lex.is_filler(&t.text) || is_manner_adverb(&t.text) || matches!(t.text.as_str(), "more" | "once"))
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < gap.len() {
        if gap[k].text == "," {
            if let Some(close) = gap[k + 1..].iter().position(|t| t.text == ",") {
                let inner = &gap[k + 1..k + 1 + close];
                if !inner.is_empty() && inner.iter().all(adverbial) {
                    k += close + 2;
                    continue;
                }
            }
        }
        out.push(&gap[k]);
        k += 1;
    }
    out
}

/// The war a sentence sets its action in: the one war named right after "In"/"During" (and "the")
/// at the sentence's start, then a comma before the next name (its own date or "also called"
/// name allowed), or right after ", during" (and "the") anywhere in it, followed by a comma or the
/// sentence's end. None when the sentence names a second war.
fn war_frame(
    toks: &[super::sentences::Token],
    start: usize,
    ms: &[usize],
    mentions: &[Mention],
    group_of: &[Option<usize>],
    ty: &dyn Fn(usize) -> EntityType,
) -> Option<usize> {
    let wars: Vec<usize> = ms.iter().copied().filter(|&m| ty(m).is_a(EntityType::War)).collect();
    let war = *wars.first()?;
    if wars.iter().any(|&w| group_of[w] != group_of[war]) {
        return None;
    }
    let first = mentions[war].first_token;
    let before: Vec<&str> =
        toks[start..first].iter().rev().skip_while(|t| t.text == "the").take(2).map(|t| t.text.as_str()).collect();
    // The token after the war's name and its date ("the X War of 1866,").
    let mut next = mentions[war].last_token + 1;
    if toks.get(next).is_some_and(|t| t.text == "of") && toks.get(next + 1).is_some_and(|t| t.is_number()) {
        next += 2;
    }
    let comma_after = toks.get(next).is_some_and(|t| t.text == ",");
    let opening = toks[start..first].iter().filter(|t| t.text != "the").count() == 1
        && matches!(before.first(), Some(&("In" | "During")))
        && comma_after;
    let during =
        matches!(before.as_slice(), ["during", ","]) && (comma_after || toks.get(next).is_some_and(|t| t.text == "."));
    // ", and in the Six-Day War that followed(,) Israel captured ..." (round 16): a later clause
    // set in the war.
    let that_followed = toks.get(next).is_some_and(|t| t.text == "that")
        && toks.get(next + 1).is_some_and(|t| t.text == "followed" || t.text == "began");
    let and_in = matches!(before.as_slice(), ["in" | "during", "and"]) && (comma_after || that_followed);
    (opening || during || and_in).then_some(war)
}

/// The sides a war's name gives (round 16): "Sino-French War", "First Sino-Japanese War",
/// "Iran–Iraq War": the word before the head, split at its hyphens or en dashes, each part a
/// combining form ("Sino", "Franco"), a demonym or a state's name standing for a state the essay
/// names (`state_of_place`: gazetteer line, entity). None unless every part gives one, and two
/// or more.
fn war_sides(name: &str, lex: &Lexicon, state_of_place: &[(usize, usize)]) -> Option<Vec<usize>> {
    let words: Vec<&str> = name.split_whitespace().collect();
    // "Sino-French War", "Egypt-Israel Peace Treaty": the compound before the head, or before
    // one more word ("Peace").
    let sides = match words.as_slice() {
        [.., sides, "War" | "war"] => *sides,
        [.., sides, "Peace" | "Border" | "Friendship", head] if TREATY_HEADS.contains(head) => *sides,
        [.., sides, head] if TREATY_HEADS.contains(head) => *sides,
        _ => return None,
    };
    let in_essay = |place: usize| state_of_place.iter().find(|&&(p, _)| p == place).map(|&(_, g)| g);
    let mut groups: Vec<usize> = Vec::new();
    for part in sides.split(['-', '–']) {
        let by_form = lex.combining.get(part).into_iter().flatten().filter_map(|n| lex.place(n)).find_map(in_essay);
        let g = by_form
            .or_else(|| lex.demonym_of(part).and_then(in_essay))
            .or_else(|| lex.place(part).and_then(in_essay))?;
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    (groups.len() >= 2).then_some(groups)
}

/// The heads of a treaty's name that [`war_sides`] reads.
const TREATY_HEADS: [&str; 5] = ["Treaty", "Agreement", "Accord", "Convention", "Pact"];

/// A quotation mark, which may stand around a title between two names.
fn is_quote_mark(text: &str) -> bool {
    matches!(text, "“" | "”" | "\"" | "‘" | "’")
}

/// An adverb of manner or time ("formally", "vehemently", "briefly"), which a cue ignores.
fn is_manner_adverb(word: &str) -> bool {
    const NOT_ADVERBS: [&str; 8] = ["supply", "apply", "reply", "assembly", "family", "rally", "ally", "italy"];
    word.len() > 4 && word.ends_with("ly") && word.chars().all(|c| c.is_lowercase()) && !NOT_ADVERBS.contains(&word)
}

/// Definite descriptions that refer back to a name: the noun, and which entities it can stand for.
/// A writer varies the noun of one treaty ("the treaty", "the agreement", "the pact"), so each
/// treaty noun stands for any treaty.
pub(super) const DEFINITE: [(&str, EntityType); 38] = [
    // Round 8.
    ("territory", EntityType::Territory),
    ("colony", EntityType::Territory),
    ("region", EntityType::Region),
    ("nation", EntityType::State),
    ("dispute", EntityType::Dispute),
    ("capital", EntityType::City),
    ("city", EntityType::City),
    ("town", EntityType::City),
    ("port", EntityType::City),
    ("country", EntityType::State),
    ("empire", EntityType::State),
    ("kingdom", EntityType::State),
    ("republic", EntityType::State),
    ("dynasty", EntityType::State),
    ("war", EntityType::War),
    ("conflict", EntityType::War),
    ("revolt", EntityType::War),
    ("rebellion", EntityType::War),
    ("uprising", EntityType::War),
    ("treaty", EntityType::Treaty),
    ("agreement", EntityType::Treaty),
    ("accord", EntityType::Treaty),
    ("accords", EntityType::Treaty),
    ("convention", EntityType::Treaty),
    ("pact", EntityType::Treaty),
    ("armistice", EntityType::Treaty),
    ("truce", EntityType::Treaty),
    ("island", EntityType::Island),
    ("islands", EntityType::IslandGroup),
    ("archipelago", EntityType::IslandGroup),
    ("peninsula", EntityType::Peninsula),
    ("province", EntityType::Region),
    ("alliance", EntityType::Alliance),
    ("union", EntityType::Alliance),
    ("conference", EntityType::Conference),
    ("army", EntityType::Army),
    ("fleet", EntityType::Army),
    ("government", EntityType::Government),
];

/// Words that open a definite description (round 8: demonstratives as well as "the").
pub(super) const DETERMINERS: [&str; 5] = ["the", "this", "these", "that", "those"];
/// Adjectives after which a description names another entity than the last of its type.
pub(super) const NOT_SAME: [&str; 18] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "last",
    "next",
    "other",
    "new",
    "later",
    "earlier",
    "previous",
    "final",
    "following",
    "latter",
    "former",
    "two",
    "both",
];
/// "the two countries", "both governments": a phrase at token `t` standing for the two states named
/// last; the phrase's last token.
fn plural_description(toks: &[super::sentences::Token], t: usize, end: usize) -> Option<usize> {
    const NOUNS: [&str; 16] = [
        "monarchies",
        "dynasties",
        "rivals",
        "allies",
        "enemies",
        "countries",
        "governments",
        "states",
        "kingdoms",
        "nations",
        "empires",
        "republics",
        "powers",
        "neighbours",
        "neighbors",
        "sides",
    ];
    let word = |k: usize| toks.get(k).filter(|_| k < end).map(|x| x.text.to_lowercase());
    let first = word(t)?;
    let (number, noun) = match first.as_str() {
        // "the former rivals", "the old allies" (round 11): two that the essay has just set
        // against or beside each other; "the two former rivals".
        "the" if matches!(word(t + 1)?.as_str(), "former" | "old") => ("two".to_string(), t + 2),
        "the" if word(t + 1)? == "two" && matches!(word(t + 2)?.as_str(), "former" | "old") => {
            ("two".to_string(), t + 3)
        }
        "the" => (word(t + 1)?, t + 2),
        "both" => ("two".to_string(), t + 1),
        _ => return None,
    };
    (number == "two" && word(noun).is_some_and(|n| NOUNS.contains(&n.as_str()))).then_some(noun)
}

/// The list of coordinated names ("A, B and C", joined by commas and "and") that mention `m` is
/// part of, as mentions of distinct entities that pass `keep`; `m` alone when it is in no list.
fn state_list(
    toks: &[super::sentences::Token],
    mentions: &[Mention],
    m: usize,
    keep: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    let joined = |a: usize, b: usize| {
        mentions[a].sentence == mentions[b].sentence && mentions[a].last_token < mentions[b].first_token && {
            let gap = &toks[mentions[a].last_token + 1..mentions[b].first_token];
            !gap.is_empty() && gap.len() <= 2 && gap.iter().all(|t| matches!(t.text.as_str(), "," | "and"))
        }
    };
    let mut first = m;
    while first > 0 && joined(first - 1, first) && keep(first - 1) {
        first -= 1;
    }
    let mut last = m;
    while last + 1 < mentions.len() && joined(last, last + 1) && keep(last + 1) {
        last += 1;
    }
    (first..=last).collect()
}

/// For a phrase at token `t` of sentence `s` that follows a preposition ("gave up X to the two
/// powers"): the mention that is its clause's subject, the nearest name before it in the sentence
/// that a verb follows, with no clause break (";", or a comma or "and"/"but" before a lowercase
/// word) between them. None after anything but a preposition, where the phrase may be a subject.
fn plural_object_subject(
    toks: &[super::sentences::Token],
    mentions: &[Mention],
    s: usize,
    t: usize,
    lex: &Lexicon,
) -> Option<usize> {
    let prev = toks.get(t.checked_sub(1)?)?.text.to_lowercase();
    if !PREPOSITIONS.contains(&prev.as_str()) && !matches!(prev.as_str(), "against" | "between") {
        return None;
    }
    let breaks = |from: usize| {
        (from..t).any(|k| {
            toks[k].text == ";"
                || (matches!(toks[k].text.as_str(), "," | "and" | "but")
                    && toks.get(k + 1).is_some_and(|n| n.word && !n.is_capitalised() && n.text != "the"))
        })
    };
    let m = (0..mentions.len()).rev().find(|&m| {
        let mention = &mentions[m];
        mention.sentence == s
            && mention.last_token + 1 < t
            && toks[mention.last_token + 1].word
            && !toks[mention.last_token + 1].is_capitalised()
            && opens_verb_phrase(&toks[mention.last_token + 1].text.to_lowercase(), lex)
    })?;
    (!breaks(mentions[m].last_token + 1)).then_some(m)
}

/// The rulers the essay links to one state, as (the person's entity, a mention of the state): "King
/// Christian IV of Denmark", "Otto von Bismarck, the Chancellor of Germany". A person linked to
/// two states is linked to none.
fn rulers_and_states(
    toks: &[super::sentences::Token],
    mentions: &[Mention],
    group_of: &[Option<usize>],
    types: &[EntityType],
    lex: &Lexicon,
) -> Vec<(usize, usize)> {
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (m, a) in mentions.iter().enumerate() {
        let Some(person) = group_of[m].filter(|&g| types[g] == EntityType::Person) else { continue };
        let Some(b) = mentions.get(m + 1).filter(|b| b.sentence == a.sentence && b.first_token > a.last_token) else {
            continue;
        };
        if !group_of[m + 1].is_some_and(|g| types[g].is_a(EntityType::State)) {
            continue;
        }
        let between: Vec<&str> = toks[a.last_token + 1..b.first_token].iter().map(|t| t.text.as_str()).collect();
        let linked = match between.as_slice() {
            ["of"] | ["of", "the"] => a.ruler,
            [",", rest @ ..] => {
                let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "the" && *w != "then").collect();
                match rest.as_slice() {
                    [title @ .., "of"] if !title.is_empty() => {
                        let capitalised: Vec<String> = title
                            .iter()
                            .map(|w| w.get(..1).map_or(String::new(), |f| f.to_uppercase() + &w[1..]))
                            .collect();
                        lex.titles.contains_key(&capitalised.join(" "))
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if linked {
            links.push((person, m + 1));
        }
    }
    // One state per person.
    let mut one: Vec<(usize, usize)> = Vec::new();
    for &(p, m) in &links {
        let states: std::collections::BTreeSet<Option<usize>> =
            links.iter().filter(|(q, _)| *q == p).map(|(_, k)| group_of[*k]).collect();
        if states.len() == 1 && !one.iter().any(|(q, _)| *q == p) {
            one.push((p, m));
        }
    }
    one
}

/// Whether a name at token `first` stands in an object's place: right after a preposition or a
/// past-tense verb (past "the").
fn object_place(toks: &[super::sentences::Token], start: usize, first: usize) -> bool {
    let mut k = first;
    if k > start && toks[k - 1].text.eq_ignore_ascii_case("the") {
        k -= 1;
    }
    // "between A and B fixed": "between" takes both names.
    k > start && {
        let before = toks[k - 1].text.as_str();
        (PREPOSITIONS.contains(&before) || (before.len() > 3 && before.ends_with("ed"))) && before != "between"
    }
}

/// Whether the tokens before `first` read "together with" or "along with".
fn together_with(toks: &[super::sentences::Token], first: usize) -> bool {
    first >= 2
        && toks[first - 1].text == "with"
        && matches!(toks[first - 2].text.to_lowercase().as_str(), "together" | "along")
}

/// Whether a mention is a pronoun or definite description added by [`with_anaphora`].
pub(super) fn is_anaphor(mention: &Mention) -> bool {
    let name = mention.name.as_str();
    // "de Gaulle", "von Moltke" (round 22): a surname's particle opens a name, not a reference.
    let particle = name.split_once(' ').is_some_and(|(first, rest)| {
        super::typing::NAME_PARTICLES.contains(&first) && rest.starts_with(|c: char| c.is_uppercase())
    });
    !mention.description
        && ((name.starts_with(|c: char| c.is_lowercase()) && !particle)
            || matches!(name, "He" | "She" | "It" | "They")
            || name.starts_with("The "))
}

/// Words after which a pronoun opens a clause (is its subject) rather than being an object.
pub(super) const CLAUSE_OPENERS: [&str; 14] = [
    ",", ";", "and", "but", "when", "while", "because", "after", "before", "until", "since", "although", "though", "so",
];

/// For a relation's note: how a pronoun or description end was read ("; “the treaty” read as
/// “Treaty of Kiel”"), so a human can check it and undo it; empty for a name.
pub(super) fn read_as(mention: &Mention) -> String {
    mention.stands_for.as_ref().map_or(String::new(), |name| format!("; “{}” read as “{name}”", mention.name))
}

/// A copy of mention `a` standing at tokens `first..=last` of sentence `s` (a pronoun or a
/// description), for the verb phrases of this module only.
pub(super) fn stand_in(toks: &[super::sentences::Token], a: &Mention, s: usize, first: usize, last: usize) -> Mention {
    let mut m = a.clone();
    m.start = toks[first].start;
    m.end = toks[last].end;
    m.name = toks[first..=last].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
    m.title = None;
    m.sentence = s;
    m.first_token = first;
    m.last_token = last;
    m.acronym_of = None;
    m.ruler = false;
    m.body_of = None;
    m.description = false;
    m.stands_for = Some(a.stands_for.clone().unwrap_or_else(|| a.name.clone()));
    m
}

/// The mentions with, added, a mention for each pronoun and each definite description whose
/// antecedent the drafter can name, by recency and type, never across a paragraph break (but for
/// a title that only one person of the essay has held):
/// - "he"/"she": the one person of the sentence or the one before, or else the first person
///   named in the sentence (or the one before): the subject, which a pronoun most often takes up
///   ("Vasa led a revolt against Christian II, and he was elected King"); "she" with no person
///   there, the state that is the subject of the sentence or the one before (a country is "she"
///   in older English);
/// - "it": as a subject, the non-person that the sentence (or else the one before) opens with;
///   as an object, the last non-person before it that is not the subject of its own clause
///   ("Norway declared independence, but Sweden forced it into a union": Norway); never an "it"
///   that anticipates a clause ("it was in 1905 that ...");
/// - "they"/"them": the last names coordinated with "and" in the sentence or the one before, or
///   else the last plural name ("the Ottomans");
/// - "its"/"their"/"his"/"her" before the words of a cue ("its alliance with Bolivia"): the
///   subject of its clause;
/// - a description ("the war", "the islands"): the last entity of its type in the sentence or
///   the two before; a title ("the sultan", "the king"): the last person who bore that title;
/// - "the two countries", "both governments": the two states named last in the sentence or the two
///   before, when there are two (a count is a strong cue: it may reach into the paragraph before).
///
/// The results are sorted by position, like `mentions`.
fn with_anaphora(
    essay: &Tokenized,
    mentions: &[Mention],
    group_of: &[Option<usize>],
    types: &[EntityType],
    lex: &Lexicon,
) -> (Vec<Mention>, Vec<Option<usize>>) {
    let toks = &essay.tokens;
    let mut all: Vec<(Mention, Option<usize>)> = mentions.iter().cloned().zip(group_of.iter().copied()).collect();
    let named = |m: usize| group_of[m].map(|g| (g, types[g]));
    let paragraph = |s: usize| essay.sentences[s].paragraph;
    // The titles each entity was named with ("Sultan Selim II": "sultan"), lowercase.
    let titled: Vec<(usize, String)> = mentions
        .iter()
        .zip(group_of)
        .filter_map(|(m, g)| Some((*g.as_ref()?, m.title.as_ref()?.1.to_lowercase())))
        .collect();
    for (s, sentence) in essay.sentences.iter().enumerate() {
        // Mentions before token `t` in this sentence or the `back` before it, in this paragraph.
        let window = |t: usize, back: usize| {
            (0..mentions.len()).filter(move |&m| {
                let mention = &mentions[m];
                mention.last_token < t
                    && mention.sentence + back >= s
                    && paragraph(mention.sentence) == sentence.paragraph
            })
        };
        for t in sentence.tokens.clone() {
            let lower = toks[t].text.to_lowercase();
            let covered = |first: usize, last: usize| {
                mentions.iter().any(|m| m.first_token <= last && first <= m.last_token && m.sentence == s)
            };
            // "and in 1573 it made ...": a dated phrase between the opener and the pronoun.
            let before = if t >= sentence.tokens.start + 2
                && toks[t - 1].year().is_some()
                && matches!(toks[t - 2].text.to_lowercase().as_str(), "in" | "by" | "after" | "before" | "until")
            {
                t - 2
            } else {
                t
            };
            let opens_clause = before == sentence.tokens.start
                || CLAUSE_OPENERS.contains(&toks[before - 1].text.to_lowercase().as_str());
            // The subject of the clause a pronoun object is in: the name right before its verb
            // ("Sweden forced it"), which the pronoun cannot stand for.
            let clause_subject = |t: usize| {
                let verb_start = (sentence.tokens.start..t)
                    .rev()
                    .take_while(|&k| {
                        toks[k].word && !toks[k].is_capitalised() && toks[k].text != "and" && toks[k].text != "or"
                    })
                    .last()?;
                let before = mentions.iter().position(|m| m.sentence == s && m.last_token + 1 == verb_start)?;
                group_of[before]
            };
            // "Austria, backed by Russia, forced it to give way" (round 17): the subject before an
            // aside of lowercase words and names between commas right before the verb, and the
            // aside's names; the pronoun object stands for none of them.
            let aside_subject = |t: usize| -> Option<(usize, Vec<usize>)> {
                let verb_start = (sentence.tokens.start..t)
                    .rev()
                    .take_while(|&k| toks[k].word && !toks[k].is_capitalised() && toks[k].text != "and")
                    .last()?;
                let close = verb_start.checked_sub(1).filter(|&c| toks[c].text == ",")?;
                let open = (sentence.tokens.start..close).rev().find(|&k| !toks[k].word)?;
                let aside: Vec<usize> = (0..mentions.len())
                    .filter(|&m| {
                        mentions[m].sentence == s && mentions[m].first_token > open && mentions[m].last_token < close
                    })
                    .collect();
                let first = aside.first().map(|&m| mentions[m].first_token)?;
                let words = &toks[open + 1..first];
                if toks[open].text != "," || words.is_empty() || words.iter().any(|w| !w.word || w.is_capitalised()) {
                    return None;
                }
                let subject = mentions.iter().position(|m| m.sentence == s && m.last_token + 1 == open)?;
                Some((group_of[subject]?, aside))
            };
            // The last two of `names` coordinated with "and" ("Denmark and Sweden"): two entities
            // of one root type, neither of them the group `not` (a clause's subject) when given.
            let and_pair = |names: &[usize], not: Option<usize>| -> Option<[usize; 2]> {
                names.windows(2).rev().find_map(|w| {
                    let gap = &toks[mentions[w[0]].last_token + 1..mentions[w[1]].first_token];
                    let pair = gap.len() == 1
                        && gap[0].text == "and"
                        && group_of[w[0]] != group_of[w[1]]
                        && types[group_of[w[0]].unwrap_or(0)].root() == types[group_of[w[1]].unwrap_or(0)].root()
                        && (not.is_none() || (group_of[w[0]] != not && group_of[w[1]] != not));
                    pair.then_some([w[0], w[1]])
                })
            };
            let (first, last, antecedent) = if lower == "he" || lower == "she" {
                let people: Vec<usize> =
                    window(t, 1).filter(|&m| named(m).is_some_and(|(_, ty)| ty == EntityType::Person)).collect();
                let distinct: std::collections::BTreeSet<Option<usize>> = people.iter().map(|&m| group_of[m]).collect();
                let chosen = if distinct.len() == 1 {
                    people.last().copied()
                } else {
                    people
                        .iter()
                        .copied()
                        .find(|&m| mentions[m].sentence == s)
                        .or_else(|| people.iter().copied().find(|&m| mentions[m].sentence + 1 == s))
                };
                // "Japan won the war, and she acquired Taiwan": a country as "she", only where no
                // person is near, and only the state a sentence opens with.
                let chosen = chosen.or_else(|| {
                    if lower != "she" || !opens_clause {
                        return None;
                    }
                    [s, s.wrapping_sub(1)].into_iter().find_map(|k| {
                        let opener = window(t, 1).find(|&m| mentions[m].sentence == k)?;
                        named(opener).is_some_and(|(_, ty)| ty.is_a(EntityType::State)).then_some(opener)
                    })
                });
                (t, t, chosen)
            } else if lower == "it" {
                // "It was in 1905 that ...", "it is clear": no antecedent.
                let next = toks.get(t + 1).filter(|_| t + 1 < sentence.tokens.end).map(|n| n.text.to_lowercase());
                let after = toks.get(t + 2).filter(|_| t + 2 < sentence.tokens.end);
                let anticipates = next.as_deref().is_some_and(|n| {
                    matches!(n, "is" | "was" | "seems" | "seemed" | "appears" | "appeared" | "took" | "takes")
                        && !after.is_some_and(|a| a.text.ends_with("ed"))
                });
                if anticipates {
                    continue;
                }
                let things = |m: &usize| {
                    !is_anaphor(&mentions[*m])
                        && named(*m).is_some_and(|(_, ty)| ty != EntityType::Person && ty != EntityType::Agent)
                };
                let chosen = if opens_clause {
                    // The subject of this sentence, else of the one before: the name it opens with.
                    [s, s.wrapping_sub(1)].into_iter().find_map(|k| {
                        let opener = window(t, 1).find(|&m| mentions[m].sentence == k)?;
                        things(&opener).then_some(opener)
                    })
                } else {
                    let (subject, aside) = match clause_subject(t) {
                        Some(subject) => (Some(subject), Vec::new()),
                        None => aside_subject(t).map_or((None, Vec::new()), |(s, a)| (Some(s), a)),
                    };
                    // Round 25: the object of a verb of signing ("Nehru and Pakistan's president,
                    // Ayub Khan, signed it", "Menem and Collor signed it with ...") is the last
                    // treaty named, not a state named after it.
                    let signing = t > sentence.tokens.start
                        && matches!(toks[t - 1].text.as_str(), "signed" | "ratified" | "concluded");
                    let treaty = |m: &usize| named(*m).is_some_and(|(_, ty)| ty.is_a(EntityType::Treaty));
                    let chosen_treaty = if signing { window(t, 1).filter(things).rfind(treaty) } else { None };
                    chosen_treaty.or_else(|| {
                        window(t, 1)
                            .filter(things)
                            .rfind(|&m| (subject.is_none() || group_of[m] != subject) && !aside.contains(&m))
                    })
                };
                (t, t, chosen)
            } else if lower == "they" || lower == "them" {
                // Round 18: the names of a sentence's opening "With X, Y and Z as NOUN," are not
                // the "they" of the clause after it ("With A and B as mediators, they signed").
                let in_opening = |m: usize| in_with_opening(toks, sentence, s, &mentions[m], t);
                // The last names coordinated with "and" ("Denmark and Sweden"), each of them.
                let agents: Vec<usize> = window(t, 1)
                    .filter(|&m| {
                        !is_anaphor(&mentions[m])
                            && named(m).is_some_and(|(_, ty)| ty.is_a(EntityType::Agent))
                            && !in_opening(m)
                    })
                    .collect();
                let subject = if lower == "them" { clause_subject(t) } else { None };
                if let Some(pair) = and_pair(&agents, subject) {
                    if !covered(t, t) {
                        for k in pair {
                            all.push((stand_in(toks, &mentions[k], s, t, t), group_of[k]));
                        }
                    }
                    continue;
                }
                // "Both governments mobilised, and they fought ..." (round 8): the states of the
                // last "the two countries"/"both governments" in this sentence or the one before.
                if lower == "they" {
                    let described: Vec<(Mention, Option<usize>)> = all
                        .iter()
                        .filter(|(m, _)| {
                            m.stands_for.is_some()
                                && m.last_token < t
                                && m.sentence + 1 >= s
                                && paragraph(m.sentence) == sentence.paragraph
                                && plural_description(toks, m.first_token, m.last_token + 1).is_some()
                        })
                        .cloned()
                        .collect();
                    let last_first = described.iter().map(|(m, _)| m.first_token).max();
                    let pair: Vec<&(Mention, Option<usize>)> =
                        described.iter().filter(|(m, _)| Some(m.first_token) == last_first).collect();
                    if pair.len() == 2 && !covered(t, t) {
                        let copies: Vec<(Mention, Option<usize>)> = pair
                            .iter()
                            .map(|(m, g)| {
                                let mut c = stand_in(toks, m, s, t, t);
                                c.stands_for = m.stands_for.clone();
                                (c, *g)
                            })
                            .collect();
                        all.extend(copies);
                        continue;
                    }
                }
                // "the Ottomans ... they": a plural name.
                let plural = agents.iter().copied().rfind(|&m| {
                    let name = &mentions[m].name;
                    name.ends_with('s')
                        && !name.ends_with("ss")
                        && named(m).is_some_and(|(_, ty)| ty != EntityType::Person)
                        && (subject.is_none() || group_of[m] != subject)
                });
                // "Chile signed a pact with Peru. They ...": as a clause's subject with no plural
                // name, the two states (exactly two) named in this sentence and the one before.
                if plural.is_none() && lower == "they" && opens_clause && !covered(t, t) {
                    let mut states: Vec<usize> = Vec::new();
                    for m in window(t, 1) {
                        if !is_anaphor(&mentions[m])
                            && !in_opening(m)
                            && named(m).is_some_and(|(_, ty)| ty.is_a(EntityType::State))
                            && !states.iter().any(|&k| group_of[k] == group_of[m])
                        {
                            states.push(m);
                        }
                    }
                    if let [a, b] = states[..] {
                        for k in [a, b] {
                            all.push((stand_in(toks, &mentions[k], s, t, t), group_of[k]));
                        }
                        continue;
                    }
                }
                (t, t, plural)
            } else if matches!(lower.as_str(), "its" | "their" | "his" | "her") {
                // "Peru would not renounce its alliance with Bolivia": a possessive before the
                // words of a cue stands for the subject of its clause.
                let Some(next) = mentions.iter().find(|m| m.sentence == s && m.first_token > t) else { continue };
                let run: Vec<&super::sentences::Token> = toks[t + 1..next.first_token].iter().collect();
                if run.is_empty() || run.iter().any(|x| !x.word) {
                    continue;
                }
                let words = cue_words(&run, lex);
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let cue = !words.is_empty()
                    && lex.cues.iter().any(|c| c.direction == Direction::Forward && matches_cue(&c.words, &words));
                let person = matches!(lower.as_str(), "his" | "her");
                let chosen = clause_subject(t).filter(|_| cue).and_then(|g| {
                    let fits = (types[g] == EntityType::Person) == person || lower == "their";
                    window(t, 0).rfind(|&m| group_of[m] == Some(g)).filter(|_| fits)
                });
                (t, t, chosen)
            } else if let Some(last) = plural_description(toks, t, sentence.tokens.end) {
                // "the two countries signed a Land Border Treaty": the two states named last, in
                // this sentence or the two before, when there are exactly two of them there.
                if covered(t, last) || (t > sentence.tokens.start && toks[t - 1].text.to_lowercase() == "the") {
                    continue;
                }
                // The two states named last, in this paragraph or (a count is a strong cue) the
                // two sentences before, across a paragraph break.
                // Round 12: after a preposition ("Denmark gave up X to the two powers"), the two
                // are others than the state that is its clause's subject.
                let acting = plural_object_subject(toks, mentions, s, t, lex)
                    .and_then(|m| named(m).filter(|(_, ty)| ty.is_a(EntityType::State)).map(|_| group_of[m]));
                let mut states: Vec<usize> = Vec::new();
                for m in (0..mentions.len()).rev() {
                    if states.len() == 2 {
                        break;
                    }
                    let near = mentions[m].sentence + 2 >= s || paragraph(mentions[m].sentence) == sentence.paragraph;
                    if mentions[m].last_token < t
                        && near
                        && acting.is_none_or(|g| group_of[m] != g)
                        && named(m).is_some_and(|(_, ty)| ty.is_a(EntityType::State))
                        && !states.iter().any(|&k| group_of[k] == group_of[m])
                    {
                        states.push(m);
                    }
                }
                // "the former rivals", "the old allies" (round 11): the last two states named
                // together with "and" there, not merely the last two named ("X and Y concluded a
                // pact against Z. The former rivals ...": X and Y).
                let relational = toks[t..=last].iter().any(|w| {
                    matches!(w.text.to_lowercase().as_str(), "former" | "old" | "rivals" | "allies" | "enemies")
                });
                // "brought Chinese and Japanese troops to Korea, the two powers went to war"
                // (round 19): two demonyms joined by "and" earlier in the sentence name the two,
                // where the essay has named both states before.
                let state_of = |line: usize| {
                    (0..mentions.len()).rev().find(|&m| {
                        mentions[m].last_token < t
                            && mentions[m].place == Some(line)
                            && !is_anaphor(&mentions[m])
                            && named(m).is_some_and(|(_, ty)| ty.is_a(EntityType::State))
                    })
                };
                let demonym_pair = (sentence.tokens.start..t.saturating_sub(2)).find_map(|k| {
                    let (x, y) = (&toks[k], &toks[k + 2]);
                    if toks[k + 1].text != "and" || !x.is_capitalised() || !y.is_capitalised() {
                        return None;
                    }
                    let (a, b) = (lex.demonym_of(&x.text)?, lex.demonym_of(&y.text)?);
                    let (ma, mb) = (state_of(a)?, state_of(b)?);
                    (group_of[ma] != group_of[mb]).then_some((ma, mb))
                });
                if let Some((ma, mb)) = demonym_pair {
                    states = vec![ma.max(mb), ma.min(mb)];
                } else if relational {
                    let paired = (1..mentions.len()).rev().find(|&m| {
                        let (a, b) = (&mentions[m - 1], &mentions[m]);
                        b.last_token < t
                            && (b.sentence + 2 >= s && paragraph(b.sentence) == sentence.paragraph)
                            && a.sentence == b.sentence
                            && b.first_token == a.last_token + 2
                            && toks[a.last_token + 1].text == "and"
                            && group_of[m - 1] != group_of[m]
                            && named(m - 1).is_some_and(|(_, ty)| ty.is_a(EntityType::State))
                            && named(m).is_some_and(|(_, ty)| ty.is_a(EntityType::State))
                    });
                    let Some(m) = paired else { continue };
                    states = vec![m, m - 1];
                } else {
                    // "signed by Austria, Prussia and Saxony. The two monarchies fought ..." (round
                    // 13): when one of the two last states named is in a list of three or more, the two
                    // are the two of that list the essay has named most often so far, if two stand
                    // out; not merely the list's last two.
                    let is_state = |m: usize| named(m).is_some_and(|(_, ty)| ty.is_a(EntityType::State));
                    let list = states
                        .iter()
                        .map(|&m| state_list(toks, mentions, m, &is_state))
                        .find(|list| list.len() >= 3)
                        .unwrap_or_default();
                    if list.len() >= 3 {
                        let count = |m: usize| {
                            (0..mentions.len())
                                .filter(|&k| mentions[k].last_token < t && group_of[k] == group_of[m])
                                .count()
                        };
                        let mut by_count: Vec<(usize, usize)> = list.iter().map(|&m| (count(m), m)).collect();
                        by_count.sort_by_key(|y| std::cmp::Reverse(y.0));
                        if by_count[1].0 == by_count[2].0 {
                            continue;
                        }
                        states = vec![by_count[1].1, by_count[0].1];
                        states.sort_by_key(|&x| std::cmp::Reverse(x));
                    } else if acting.is_none() {
                        // "the two countries" after a third state named in passing ("With the
                        // United States at war, ... the two countries signed", round 17): when the
                        // paragraph so far names three states or more, the two the essay has named
                        // most often so far, where two stand out; else the last two, as before.
                        // (A `None` pads a pair to three, counted 0, so that the pair stands out.)
                        let count = |g: Option<usize>| {
                            (0..mentions.len())
                                .filter(|&k| g.is_some() && mentions[k].last_token < t && group_of[k] == g)
                                .count()
                        };
                        let mut seen: Vec<Option<usize>> = Vec::new();
                        for m in (0..mentions.len()).filter(|&m| {
                            mentions[m].last_token < t
                                && paragraph(mentions[m].sentence) == sentence.paragraph
                                && is_state(m)
                                && !is_anaphor(&mentions[m])
                        }) {
                            if !seen.contains(&group_of[m]) {
                                seen.push(group_of[m]);
                            }
                        }
                        // Round 17: and when the paragraph names fewer than two ("... Ecuador held
                        // its positions. The two countries signed ..."), the essay's two; round 25:
                        // also where the last two states named reach back across the paragraph break
                        // to a state named in passing there ("American troops occupied Cuba until
                        // 1902.\n\n ... the Spain of General Franco ... the two countries signed",
                        // "In the Second World War the two countries were allies").
                        if states.len() < 2 || seen.len() < 2 {
                            seen.clear();
                            for m in (0..mentions.len())
                                .filter(|&m| mentions[m].last_token < t && is_state(m) && !is_anaphor(&mentions[m]))
                            {
                                if !seen.contains(&group_of[m]) {
                                    seen.push(group_of[m]);
                                }
                            }
                            if seen.len() == 2 {
                                seen.push(None);
                            }
                        }
                        if seen.len() >= 3 {
                            let mut by_count: Vec<(usize, Option<usize>)> =
                                seen.iter().map(|&g| (count(g), g)).collect();
                            by_count.sort_by_key(|y| std::cmp::Reverse(y.0));
                            if by_count[1].0 > by_count[2].0 {
                                let last_of = |g: Option<usize>| {
                                    (0..mentions.len()).rfind(|&k| mentions[k].last_token < t && group_of[k] == g)
                                };
                                if let (Some(x), Some(y)) = (last_of(by_count[0].1), last_of(by_count[1].1)) {
                                    states = vec![x.max(y), x.min(y)];
                                }
                            }
                        }
                    }
                }
                let [a, b] = states[..] else { continue };
                for k in [b, a] {
                    all.push((stand_in(toks, &mentions[k], s, t, last), group_of[k]));
                }
                continue;
            } else if lower == "both" && opens_clause {
                // "Tonkin and Annam; both later became part of French Indochina": as a subject,
                // the last two names coordinated with "and" in the sentence or the one before.
                let next = toks.get(t + 1).filter(|_| t + 1 < sentence.tokens.end);
                let acts = next.is_some_and(|n| {
                    n.word && !n.is_capitalised() && !PREPOSITIONS.contains(&n.text.as_str()) && n.text != "and"
                });
                if !acts || covered(t, t) {
                    continue;
                }
                let names: Vec<usize> =
                    window(t, 1).filter(|&m| !is_anaphor(&mentions[m]) && named(m).is_some()).collect();
                if let Some(pair) = and_pair(&names, None) {
                    for k in pair {
                        all.push((stand_in(toks, &mentions[k], s, t, t), group_of[k]));
                    }
                }
                continue;
            } else if DETERMINERS.contains(&lower.as_str()) && t + 1 < sentence.tokens.end {
                // "the Peruvian capital": a demonym before the noun only qualifies it.
                let demonym = toks[t + 1].is_capitalised()
                    && lex.demonym_of(&toks[t + 1].text).is_some()
                    && toks.get(t + 2).is_some_and(|n| t + 2 < sentence.tokens.end && n.word && !n.is_capitalised());
                // "the disputed islands", "these islands" (round 8): one adjective before the
                // noun, or a demonstrative for "the"; never one that picks another than the last
                // ("the second war", "the new treaty").
                let adjective = !demonym
                    && t + 2 < sentence.tokens.end
                    && toks[t + 1].word
                    && !toks[t + 1].is_capitalised()
                    && !toks[t + 1].is_number()
                    && !NOT_SAME.contains(&toks[t + 1].text.as_str())
                    && !DEFINITE.iter().any(|(n, _)| *n == toks[t + 1].text)
                    && DEFINITE.iter().any(|(n, _)| *n == toks[t + 2].text);
                if lower != "the" && !DEFINITE.iter().any(|(n, _)| *n == toks[t + 1 + usize::from(adjective)].text) {
                    continue;
                }
                let qualified = demonym || adjective;
                let t = t + usize::from(qualified);
                let noun = &toks[t + 1];
                let next = toks.get(t + 2).filter(|_| t + 2 < sentence.tokens.end);
                // "the war of 1812", "the island of Bornholm", "the war ended": only a noun
                // that is not itself followed by "of" or a name.
                if next.is_some_and(|n| n.text == "of" || n.is_capitalised()) || covered(t, t + 1) {
                    continue;
                }
                // "the sultan", "the king": the last person named with that title; across a
                // paragraph break only when one person of the essay so far has it.
                let capitalised = noun.text.get(..1).map_or(String::new(), |f| f.to_uppercase() + &noun.text[1..]);
                if lower == "the"
                    && !adjective
                    && noun.word
                    && !noun.is_capitalised()
                    && lex.titles.contains_key(&capitalised)
                {
                    let bearers: Vec<usize> = (0..mentions.len())
                        .filter(|&m| {
                            mentions[m].last_token < t
                                && named(m).is_some_and(|(g, ty)| {
                                    ty == EntityType::Person
                                        && titled.iter().any(|(h, title)| *h == g && *title == noun.text)
                                })
                        })
                        .collect();
                    let distinct: std::collections::BTreeSet<Option<usize>> =
                        bearers.iter().map(|&m| group_of[m]).collect();
                    let chosen = bearers
                        .iter()
                        .copied()
                        .rev()
                        .find(|&m| paragraph(mentions[m].sentence) == sentence.paragraph)
                        .or_else(|| bearers.last().copied().filter(|_| distinct.len() == 1));
                    (t, t + 1, chosen)
                } else {
                    let Some((_, wanted)) = DEFINITE.iter().find(|(n, _)| *n == noun.text) else { continue };
                    // Never the subject of its own clause ("the Ming occupied the country").
                    let subject = clause_subject(t - usize::from(qualified));
                    let chosen = window(t, s).collect::<Vec<_>>().into_iter().rev().find(|&m| {
                        named(m).is_some_and(|(_, ty)| ty.is_a(*wanted))
                            && (subject.is_none() || group_of[m] != subject)
                            && (noun.text != "union" || mentions[m].name.ends_with("Union"))
                    });
                    (t - usize::from(qualified), t + 1, chosen)
                }
            } else {
                continue;
            };
            let Some(a) = antecedent else { continue };
            if covered(first, last) {
                continue;
            }
            all.push((stand_in(toks, &mentions[a], s, first, last), group_of[a]));
        }
    }
    // Head-noun descriptions, "him", "he" far back in the paragraph (round 9; anaphora.rs).
    super::anaphora::more_references(essay, mentions, group_of, types, &mut all);
    all.sort_by_key(|(m, _)| m.first_token);
    all.into_iter().unzip()
}

/// Participles of suffering: "X was deposed in a coup" makes X the event's victim, no party to it.
const VICTIM_VERBS: [&str; 8] =
    ["deposed", "overthrown", "ousted", "murdered", "assassinated", "executed", "wounded", "toppled"];

/// Whether a verb phrase's words deny or withhold the act ("stayed neutral in", "did not fight
/// in", "took no part in", "refused to join").
fn is_negated(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(w.as_str(), "not" | "never" | "no" | "neutral" | "neither" | "nor" | "refused" | "declined"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::draft::test_support::{check_cases, drafted};

    fn drafted_entities(text: &str) -> String {
        crate::draft::draft(&format!("A Title\n\n{text}\n")).unwrap().files.entities
    }

    #[test]
    fn a_war_named_after_its_sides_was_fought_by_them() {
        crate::draft::test_support::check_cases(&[
            // Combining forms, demonyms and names, each side named in the essay and (round 17) in
            // the sentence that names the war.
            (
                "The Sino-French War ended in 1885, when China and France signed a treaty.",
                &["china took_part_in sino_french_war", "france took_part_in sino_french_war"],
                "",
            ),
            (
                "China and France signed a treaty in 1885. The Sino-French War had ended.",
                &[],
                "china took_part_in sino_french_war",
            ),
            (
                "Prussia mobilised in 1870 and France did too, and the Franco-Prussian War followed.",
                &["prussia took_part_in franco_prussian_war", "france took_part_in franco_prussian_war"],
                "",
            ),
            (
                "Iran and Iraq signed a ceasefire in 1988, ending the Iran-Iraq War.",
                &["iraq took_part_in iran_iraq_war"],
                "",
            ),
            // Refused: a side the essay never names (no entity to link), and a war not named so.
            ("France signed a treaty in 1885 after the Sino-French War.", &[], "france took_part_in sino_french_war"),
            (
                "Denmark and Sweden signed a treaty after the Great Northern War.",
                &[],
                "denmark took_part_in great_northern_war",
            ),
            // A state the sentence names whose name ends in a side's name is that side.
            (
                "France and Siam quarrelled. In 1941 Thailand fought Vichy France in the brief Franco-Thai War.",
                &["vichy_france took_part_in franco_thai_war", "thailand took_part_in franco_thai_war"],
                "france took_part_in franco_thai_war",
            ),
            // A treaty named after its sides was signed by them, unless a clause makes them parties.
            (
                "Israel and Jordan met in 1994, and the Israel-Jordan Peace Treaty followed.",
                &["israel signed israel_jordan_peace_treaty", "jordan signed israel_jordan_peace_treaty"],
                "",
            ),
            (
                "Denmark and England quarrelled. By the Anglo-Danish Treaty, Denmark ceded Heligoland to England.",
                &["denmark party_to anglo_danish_treaty"],
                "denmark signed anglo_danish_treaty",
            ),
        ]);
    }

    #[test]
    fn states_fighting_in_a_sentence_set_in_a_war_took_part_in_it() {
        crate::draft::test_support::check_cases(&[
            (
                "In the Crimean War, France defeated Russia in 1855.",
                &["france took_part_in crimean_war", "russia took_part_in crimean_war"],
                "",
            ),
            (
                "Egypt closed the straits in 1967, and in the Six-Day War that followed Israel captured Sinai from Egypt.",
                &["israel took_part_in six_day_war", "egypt took_part_in six_day_war"],
                "",
            ),
            // Not set in the war: "After".
            ("After the Crimean War, France defeated Russia in 1856.", &[], "russia took_part_in crimean_war"),
        ]);
    }

    #[test]
    fn round_16_cues() {
        crate::draft::test_support::check_cases(&[
            ("In 1956 Britain landed at Port Said.", &["britain moved_into port_said"], ""),
            ("In 1945 the Soviet Union had taken Berlin.", &["soviet_union captured berlin"], ""),
            ("In 1975 Israel pulled back from Port Said.", &["israel withdrew_from port_said"], ""),
            ("In 1431 Siam sacked Angkor.", &["siam captured angkor"], ""),
            ("In 1800 Austria crossed into Bavaria.", &["austria moved_into bavaria"], ""),
        ]);
    }

    #[test]
    fn a_place_then_a_state_that_opens_the_main_clause_is_no_address() {
        let text = drafted("After a battle at Lund, Denmark attacked Sweden in 1676.");
        assert!(!text.contains("part_of"), "{text}");
        // An address stays one.
        let text = drafted("In 2016 Putin visited Nagato, Japan.");
        assert!(text.contains("nagato part_of japan"), "{text}");
    }

    #[test]
    fn a_commander_of_a_state_s_force_is_not_the_state_s_leader() {
        let text = drafted("In 1570 an Ottoman army under Lala Mustafa Pasha invaded Cyprus.");
        assert!(!text.contains("lala_mustafa_pasha leader_of ottoman_empire"), "{text}");
        // The state itself under a person stays a leader's.
        let text = drafted("In 1920 Russia under Vladimir Lenin made peace.");
        assert!(text.contains("vladimir_lenin leader_of russia"), "{text}");
    }

    #[test]
    fn a_state_or_body_of_a_person_and_a_person_s_state_are_led_by_the_person() {
        check_cases(&[
            // Round 31: "the STATE/BODY of PERSON" and "PERSON's STATE/BODY": the person led it.
            ("In 1905 the Danish cabinet of Karl Brandt resigned.", &["karl_brandt leader_of danish_cabinet"], ""),
            ("In 1940 Francisco Franco's Spain stayed out of the war.", &["francisco_franco leader_of spain"], ""),
            ("In 1936 Benito Mussolini’s Italy invaded Ethiopia.", &["benito_mussolini leader_of italy"], ""),
            // A ruler "of" a state stays the ruler of that state, not led by it.
            ("In 1520 King Charles V of Spain invaded France.", &["charles_v leader_of spain"], ""),
        ]);
    }

    #[test]
    fn a_government_in_a_city_is_based_there() {
        check_cases(&[
            // Round 31: "a provisional government in CITY": the government sits in the city.
            (
                "In 1919 the Provisional Government of Vordland in Kessel declared independence.",
                &["provisional_government_of_vordland based_in kessel"],
                "",
            ),
        ]);
    }

    #[test]
    fn signing_is_signed_and_concluding_is_being_a_party_never_both() {
        // No development gold records both `signed` and `party_to` for one pair: "signed" reads
        // as signed, "concluded" as a party to it, "broke" as both broke and a party.
        let text = drafted("In 1875 Japan signed the Treaty of Kyoto.");
        assert!(text.contains("japan signed treaty_of_kyoto"), "{text}");
        assert!(!text.contains("japan party_to"), "{text}");
        let text = drafted("In 1873 Peru and Bolivia concluded the Treaty of Lima.");
        assert!(
            text.contains("peru party_to treaty_of_lima") && text.contains("bolivia party_to treaty_of_lima"),
            "{text}"
        );
        assert!(!text.contains(" signed "), "{text}");
        let text = drafted("In 1875 Japan signed the Treaty of Kyoto. In 1880 Japan broke the Treaty of Kyoto.");
        assert!(
            text.contains("japan broke treaty_of_kyoto") && text.contains("japan party_to treaty_of_kyoto"),
            "{text}"
        );
    }

    #[test]
    fn descriptions_counts_and_far_subjects() {
        // (essay, a relation that must be drafted, one that must not)
        let cases = [
            // "the two countries": the two states named last in the paragraph, even with a third
            // named earlier.
            (
                "France traded with Spain. Japan signed a treaty with Russia in 1858. \
                 The treaty drew a border. In 1875 the two governments signed the Treaty of Saint Petersburg.",
                "japan signed treaty_of_saint_petersburg",
                "spain signed treaty_of_saint_petersburg",
            ),
            // A description takes the last entity of its type in the paragraph, not across it.
            (
                "Sweden fought the Kalmar War. Denmark won. Sweden paid. Peace came later. The Treaty of Knared ended the war.",
                "treaty_of_knared ended kalmar_war",
                "",
            ),
            (
                "Sweden fought the Kalmar War.\n\nSweden paid. The Treaty of Knared ended the war.",
                "",
                "treaty_of_knared ended kalmar_war",
            ),
            // A verb phrase after "and", several names after the clause's subject.
            (
                "On land, the Chilean Army conquered the province of Tarapaca late in 1879 and took Arica in 1880.",
                "chilean_army captured arica",
                "tarapaca captured arica",
            ),
            // ... and after a comma; not across a clause whose subject is no name.
            (
                "In 1407 Denmark invaded Gotland, took Visby and made peace.",
                "denmark captured visby",
                "gotland captured visby",
            ),
            (
                "Spain joined Venice in the Holy League, and its fleet, under a new admiral, took Tunis.",
                "",
                "spain captured tunis",
            ),
            // A participle of handing over, after a comma; a state acting "by which" a treaty.
            (
                "In 1573 Venice made peace, ceding Cyprus to the Ottoman Empire.",
                "cyprus transferred_to ottoman_empire",
                "",
            ),
            (
                "Li Hongzhang signed the Treaty of Tientsin in 1885, by which China recognised a protectorate.",
                "china party_to treaty_of_tientsin",
                "",
            ),
            // "both" as a subject: the last two names joined by "and".
            (
                "France took Tonkin and Annam; both later became part of French Indochina.",
                "annam part_of french_indochina",
                "france part_of french_indochina",
            ),
            // Coordinated names that fought for something fought each other; not so with an object.
            ("Denmark and Sweden fought for control of the Baltic Sea.", "denmark fought_against sweden", ""),
            ("Denmark and Sweden fought Russia in 1700.", "", "denmark fought_against sweden"),
            // Who led a revolt against someone opposed them.
            ("Gustav Vasa led a Swedish revolt against Christian II in 1521.", "gustav_vasa opposed christian_ii", ""),
            // A land's capital, named in apposition; "the island" read as the island named before.
            ("Venice held Crete. The island’s capital, Candia, fell in 1669.", "candia located_in crete", ""),
            // The object of "forced" acts in the infinitive.
            ("Russia pressed Japan hard to abandon Liaodong Peninsula.", "japan withdrew_from liaodong_peninsula", ""),
        ];
        for (text, wanted, unwanted) in cases {
            let got = drafted(text);
            assert!(wanted.is_empty() || got.lines().any(|l| l == wanted), "{text}\nwanted {wanted}, got:\n{got}");
            assert!(unwanted.is_empty() || !got.lines().any(|l| l == unwanted), "{text}\nnot {unwanted}, got:\n{got}");
        }
        // The note says how a description was read, so a human can undo it.
        let draft = crate::draft::draft(
            "A Title\n\nJapan fought Russia. In 1875 the two countries signed the Treaty of Tokyo.\n",
        )
        .unwrap();
        assert!(draft.files.relations.contains("“the two countries” read as “Japan”"), "{}", draft.files.relations);
    }

    #[test]
    fn coordinated_states_that_fought_together() {
        // Round 12: "fought together (against Z)" and "fought side by side against Z": allies, and
        // each fought Z; "fought against each other" stays no alliance.
        crate::draft::test_support::check_cases(&[
            (
                "In 1801 Sweden and Russia fought together against Denmark.",
                &["sweden allied_with russia", "sweden fought_against denmark", "russia fought_against denmark"],
                "",
            ),
            (
                "Sweden and Russia fought side by side against Denmark.",
                &["sweden allied_with russia", "russia fought_against denmark"],
                "",
            ),
            ("Sweden and Russia fought against each other.", &[], "sweden allied_with russia"),
        ]);
    }

    #[test]
    fn an_aside_of_adverbs_does_not_break_a_verb_phrase_before_a_war() {
        // Round 13 (Austria-Prussia: "fought once more, briefly, in the War of ..."); an aside
        // that is a clause of its own still breaks it.
        crate::draft::test_support::check_cases(&[
            (
                "In 1733 Austria and Prussia fought once more, briefly, in the War of the Polish Succession.",
                &[
                    "austria took_part_in war_of_the_polish_succession",
                    "prussia took_part_in war_of_the_polish_succession",
                ],
                "",
            ),
            (
                "Austria and Prussia quarrelled, and peace failed, in the War of the Polish Succession.",
                &[],
                "austria took_part_in war_of_the_polish_succession",
            ),
        ]);
    }

    #[test]
    fn a_battle_in_a_sentence_set_in_a_war_is_part_of_it() {
        // Round 13 (Austria-Prussia's Königgrätz, Anglo-Spanish's Great Siege); not after
        // "After WAR", nor where the sentence names a second war.
        crate::draft::test_support::check_cases(&[
            (
                "In the Crimean War of 1854, the French army defeated the Russians at the Battle of the Alma.",
                &["battle_of_the_alma part_of crimean_war"],
                "",
            ),
            (
                "During the Crimean War, Britain besieged Sevastopol at the Battle of Inkerman.",
                &["battle_of_inkerman part_of crimean_war"],
                "",
            ),
            (
                "Spain besieged Gibraltar again in 1779, during the American Revolutionary War, but the Great Siege failed.",
                &["great_siege part_of american_revolutionary_war"],
                "",
            ),
            (
                "After the Crimean War, Britain honoured the Battle of Inkerman.",
                &[],
                "battle_of_inkerman part_of crimean_war",
            ),
            (
                "In the Crimean War, Britain recalled the Battle of Waterloo of the Napoleonic Wars.",
                &[],
                "battle_of_waterloo part_of crimean_war",
            ),
        ]);
    }

    #[test]
    fn states_and_places_after_a_place_verb_make_one_list() {
        // Round 13 (Austria-Prussia): "annexed STATE, UNKNOWN and CITY": the places are annexed,
        // the unknown name typed a region by the verb; the state is no territory.
        crate::draft::test_support::check_cases(&[
            (
                "In 1866 Prussia annexed Hanover, Hesse-Kassel and Frankfurt.",
                &["prussia acquired hesse_kassel", "prussia acquired frankfurt"],
                "prussia acquired hanover",
            ),
            // Not after a verb of another kind: no list across roots.
            ("In 1866 Prussia fought Hanover and Frankfurt.", &[], "prussia fought_against frankfurt"),
        ]);
    }

    #[test]
    fn round_17_precision_on_the_development_essays_wrong_relations() {
        // Round 17, each from a wrong relation of a development draft, in invented sentences:
        // ", the" between two names joins them only in a list that goes on; a person acting
        // "in/during" a war is not recorded as taking part in it (a battle still is); the person
        // after "FORCE under" is not the verb's subject; an object "it" stands for neither the
        // subject before an aside between commas nor the aside's names.
        crate::draft::test_support::check_cases(&[
            (
                "Austria fought France in 1707. Halted on the coast short of Santa Rita, the Austrians were driven from most of Provence in 1707 by the French.",
                &["austria withdrew_from provence"],
                "santa_rita withdrew_from provence",
            ),
            (
                "Austria, the Netherlands and Britain fought France in 1707.",
                &["austria fought_against france", "netherlands fought_against france", "britain fought_against france"],
                "",
            ),
            (
                "In the Scanian War, King Charles XI of Sweden invaded Scania in 1676.",
                &["sweden took_part_in scanian_war", "sweden moved_into scania"],
                "charles_xi took_part_in scanian_war",
            ),
            ("Admiral Nelson fought the French at the Battle of Trafalgar in 1805.", &["nelson took_part_in battle_of_trafalgar"], ""),
            (
                "In 1805 the French army under Marshal Ney defeated the Austrians at the Battle of Elchingen.",
                &["ney leader_of french_army"],
                "ney opposed austria",
            ),
            (
                "In 1805 the French army under Marshal Ney defeated the Austrians at the Battle of Elchingen.",
                &[],
                "ney took_part_in battle_of_elchingen",
            ),
            (
                "When Portugal tried to leave the union, Spain, backed by France, forced it to stay in 1640.",
                &["spain pressured portugal", "france allied_with spain"],
                "spain pressured france",
            ),
            ("Norway declared independence, but Sweden forced it into a union.", &["sweden pressured norway"], ""),
            // A war named after its sides: each side the sentence also names, not the name alone.
            (
                "England and Spain were rivals. The Treaty of Ghent ended the Anglo-Spanish War in 1604.",
                &["treaty_of_ghent ended anglo_spanish_war"],
                "england took_part_in anglo_spanish_war",
            ),
            (
                "England and Spain were rivals. In the Anglo-Spanish War, England raided Cadiz and Spain sent an Armada.",
                &["england took_part_in anglo_spanish_war", "spain took_part_in anglo_spanish_war"],
                "",
            ),
        ]);
    }

    #[test]
    fn the_two_after_a_list_of_three_are_the_two_named_most() {
        // Round 13 (Austria-Prussia: "signed by Austria, Prussia and Saxony. ... The two
        // monarchies fought ..."): not the list's last two; none when no two stand out.
        crate::draft::test_support::check_cases(&[
            (
                "Austria fought Prussia in 1740. Austria lost a war to Prussia. The Treaty of Hubertusburg, signed by Austria, Prussia and Saxony, left Silesia with Prussia. The two monarchies fought in the War of the Bavarian Succession.",
                &[
                    "austria took_part_in war_of_the_bavarian_succession",
                    "prussia took_part_in war_of_the_bavarian_succession",
                ],
                "saxony took_part_in war_of_the_bavarian_succession",
            ),
            (
                "Austria, Prussia and Saxony signed the Treaty of Hubertusburg. The two monarchies fought in the War of the Bavarian Succession.",
                &[],
                "saxony took_part_in war_of_the_bavarian_succession",
            ),
        ]);
    }

    #[test]
    fn the_two_countries_are_the_essays_two_where_a_third_is_named_in_passing() {
        // Round 17 (Peru-Ecuador, in invented sentences): after a third state named in passing,
        // the two named most often; where the paragraph names fewer than two, the essay's two;
        // a tie leaves the last two, as before.
        crate::draft::test_support::check_cases(&[
            (
                "Sweden and Norway quarrelled in 1900. Sweden threatened Norway in 1904. With Russia at war in 1905, the two countries signed the Treaty of Karlstad.",
                &["sweden signed treaty_of_karlstad", "norway signed treaty_of_karlstad"],
                "russia signed treaty_of_karlstad",
            ),
            (
                "Sweden and Norway quarrelled in 1900. Sweden threatened Norway in 1904.\n\nIn 1905 Norway held its forts. Its army was small. Its navy was smaller. Then the two countries signed the Treaty of Karlstad.",
                &["sweden signed treaty_of_karlstad", "norway signed treaty_of_karlstad"],
                "",
            ),
            (
                "Sweden, Norway and Russia met in 1905. Then the two countries signed the Treaty of Karlstad.",
                &[],
                "sweden signed treaty_of_karlstad",
            ),
        ]);
    }

    #[test]
    fn the_two_after_a_pair_of_demonyms_are_their_states() {
        // Round 19 (Japan-Korea's "brought Chinese and Japanese troops to Korea, the two powers
        // went to war"; invented sentences): the demonyms' states, not the last two named.
        crate::draft::test_support::check_cases(&[(
            "Sweden and Denmark quarrelled over Norway in 1800. When a rising brought Swedish and Danish troops to Norway in 1801, the two powers went to war.",
            &["sweden fought_against denmark"],
            "denmark fought_against norway",
        )]);
    }

    #[test]
    fn two_states_after_a_preposition_exclude_the_clause_subject() {
        // Round 12: "the two powers" after a preposition stands for the last two states other than
        // its clause's subject (no state gives land to itself); as a subject, the last two.
        crate::draft::test_support::check_cases(&[
            (
                "In 1720 Britain and France defeated Spain, and Spain ceded Minorca to the two powers.",
                &["minorca transferred_to britain", "minorca transferred_to france"],
                "minorca transferred_to spain",
            ),
            (
                "Britain and France defeated Spain. Spain gave up Minorca and Sardinia to the two powers.",
                &["minorca transferred_to britain", "sardinia transferred_to france"],
                "sardinia transferred_to spain",
            ),
            (
                "Britain defeated Spain in 1720, and the two countries signed the Treaty of Madrid.",
                &["spain signed treaty_of_madrid", "britain signed treaty_of_madrid"],
                "",
            ),
        ]);
    }

    #[test]
    fn round_20_a_victim_of_an_event_and_help_sought_against_a_foe() {
        crate::draft::test_support::check_cases(&[
            // A verb of suffering before the event: its victim, no party to it.
            (
                "In 1702 Eric Holm was deposed in the Spring Coup.",
                &["eric_holm victim_of spring_coup"],
                "eric_holm took_part_in spring_coup",
            ),
            (
                "In 1702 Eric Holm fought in the Spring Coup.",
                &["eric_holm took_part_in spring_coup"],
                "eric_holm victim_of spring_coup",
            ),
            // A person overthrown: no `opposed` (a coup, an event of its own); a regime: opposed.
            ("In 1702 the Free Guards overthrew King Eric Holm.", &[], "free_guards opposed eric_holm"),
            ("In 1702 Norland invaded Sorland and overthrew the Red Council.", &["norland opposed red_council"], ""),
            // "became the independent state of X": no part of X.
            ("In 1702 Ostmark became the independent state of Norland.", &[], "ostmark part_of norland"),
            // A clause opened by "if" states no fact; "held that X" opens a clause.
            (
                "In 1702 Denmark offered Norway an alliance if Sweden went to war with Russia.",
                &[],
                "sweden fought_against russia",
            ),
            ("In 1702 Sweden went to war with Russia.", &["sweden fought_against russia"], ""),
            (
                "In 1702 Sorland claimed the Red River, although Norland held that it lay further north.",
                &[],
                "norland controlled red_river",
            ),
            // A demonym before a force is no state taking part in the battle.
            (
                "In 1770 a Danish fleet burned the Swedish fleet at the Battle of Varnholm.",
                &[],
                "sweden took_part_in battle_of_varnholm",
            ),
            (
                "In 1770 Denmark defeated Sweden at the Battle of Varnholm.",
                &["sweden took_part_in battle_of_varnholm"],
                "",
            ),
            (
                "In 1770 the Danish fleet cornered a ship at the Battle of Varnholm.",
                &["danish took_part_in battle_of_varnholm"],
                "",
            ),
            // A bare "against" after the object of "to" says whose help was sought.
            ("In 1700 Denmark had looked to Russia against Sweden.", &[], "russia fought_against sweden"),
            ("In 1702 the war set Britain against France.", &["britain fought_against france"], ""),
        ]);
    }

    #[test]
    fn round_25_precision_on_the_development_essays_wrong_relations() {
        crate::draft::test_support::check_cases(&[
            // A person who defeated, destroyed or routed a force took part in the battle; the
            // newer golds record no `opposed` for it (Sucre, the Duke of Alba, Dewey, Quang Trung).
            (
                "In 1829 Marshal Jose Ramos defeated the Peruvian army at the Battle of Tarqui.",
                &["jose_ramos took_part_in battle_of_tarqui"],
                "jose_ramos opposed peruvian_army",
            ),
            ("In 1288 Tran Hung Dao destroyed a fleet of the Yuan Dynasty.", &[], "tran_hung_dao opposed yuan_dynasty"),
            // Fleeing to a place is no lasting location; negotiators are no mediators.
            ("In 1688 King James fled to France.", &[], "james located_in france"),
            (
                "In 1925 Aristide Briand and Gustav Stresemann negotiated the Locarno Treaties.",
                &[],
                "aristide_briand brokered locarno_treaties",
            ),
            // "signed it": the last treaty named, not a state named after it.
            (
                "In 1947 Jawaharlal Nehru became India's prime minister. The Indus Waters Treaty, brokered by the World Bank, divided the rivers of the Indus basin. Nehru and Pakistan's president, Field Marshal Ayub Khan, signed it in Karachi on 19 September 1960.",
                &["jawaharlal_nehru signed indus_waters_treaty", "ayub_khan signed indus_waters_treaty"],
                "",
            ),
            (
                "In 1960 Pakistan's president, Ayub Khan, signed the Indus Waters Treaty.",
                &["ayub_khan signed indus_waters_treaty"],
                "",
            ),
            // "the two countries" opening a paragraph: the essay's two, not a state the paragraph
            // before named in passing at its end.
            (
                "Sweden and Norway quarrelled in 1900. Sweden threatened Norway in 1904. Norway built forts in 1905. Swedish troops occupied Denmark until 1906.\n\nAfter the war the Norway of King Haakon changed. In 1907 the two countries signed the Treaty of Karlstad.",
                &["sweden signed treaty_of_karlstad", "norway signed treaty_of_karlstad"],
                "denmark signed treaty_of_karlstad",
            ),
        ]);
    }

    #[test]
    fn round_26_territory_received_states_in_a_body_and_a_demonym_s_fort() {
        crate::draft::test_support::check_cases(&[
            // A state that received or regained a territory is the one it went to.
            // (clauses.rs reads plain lists; the cue also reads one after a description.)
            (
                "In 1815 Prussia received the western lands, Pomerania and Posen.",
                &["pomerania transferred_to prussia", "posen transferred_to prussia"],
                "",
            ),
            ("In 1941 Hungary regained Transylvania.", &["transylvania transferred_to hungary"], ""),
            // Receiving a treaty is no transfer.
            ("In 1981 Egypt received the Treaty of Aldburg.", &[], "treaty_of_aldburg transferred_to egypt"),
            // "the DEMONYM port of X": X belonged to the demonym's state, each of a list too.
            (
                "In 1849 Peru and Chile quarrelled. In 1850 Chile occupied the Peruvian port of Oltara.",
                &["oltara belonged_to peru"],
                "",
            ),
            (
                "Denmark and Sweden quarrelled in 1650. In 1658 Sweden took the Danish towns of Malmö, Helsingborg and Landskrona.",
                &["malmo belonged_to denmark", "helsingborg belonged_to denmark", "landskrona belonged_to denmark"],
                "",
            ),
            // A demonym of a state the essay does not name links nothing; a province is left.
            ("In 1850 Chile occupied the Peruvian port of Oltara.", &[], "oltara belonged_to peru"),
            (
                "In 1849 Peru and Chile quarrelled. In 1850 Chile occupied the Peruvian province of Oltara.",
                &[],
                "oltara belonged_to peru",
            ),
            // A state that entered a body became its member.
            ("In 1973 Denmark entered the European Union.", &["denmark member_of european_union"], ""),
            // "A joined B and C in the body": all three are members.
            (
                "In 1955 Finland joined Sweden and Norway in the Nordic Alliance.",
                &["finland member_of nordic_alliance", "sweden member_of nordic_alliance", "norway member_of nordic_alliance"],
                "",
            ),
        ]);
    }

    #[test]
    fn a_neutral_or_negated_agent_takes_no_part() {
        // Round 10, from the held-out diagnosis' wrong relations (a negation read as participation).
        crate::draft::test_support::check_cases(&[
            ("Denmark stayed neutral in the Crimean War.", &[], "denmark took_part_in crimean_war"),
            ("Denmark did not fight in the Crimean War.", &[], "denmark took_part_in crimean_war"),
            ("Denmark fought in the Crimean War.", &["denmark took_part_in crimean_war"], ""),
        ]);
    }

    #[test]
    fn a_pronoun_coordinated_with_a_name_and_a_surname_s_particle() {
        // Round 22 (India-Pakistan's "where he and Nawaz Sharif signed the Lahore Declaration",
        // China-Japan's "he and Zhou Enlai, the Chinese premier, signed", France-Germany's "he
        // and de Gaulle, by then President of France, signed"; invented sentences): each of the
        // wanted relations fails with round 21's drafter.
        check_cases(&[
            (
                "In 1999 Tomas Berg, Sweden's prime minister, travelled to Oslo, where he and Olav Lund signed the Oslo Declaration.",
                &["tomas_berg signed oslo_declaration", "olav_lund signed oslo_declaration"],
                "",
            ),
            (
                "Jan de Vries met Hans Becker in 1950. Hans Becker, the first chancellor of West Germany, welcomed it. On 2 May 1963 he and de Vries, by then President of France, signed the Treaty of Lille in Paris.",
                &["hans_becker signed treaty_of_lille", "jan_de_vries signed treaty_of_lille", "jan_de_vries leader_of france"],
                "hans_becker leader_of france",
            ),
            (
                "Jan de Vries met Hans Becker in 1950. In 1963 Hans Becker and de Vries signed the Treaty of Lille.",
                &["hans_becker signed treaty_of_lille", "jan_de_vries signed treaty_of_lille"],
                "",
            ),
            // Mexico-United States' "(NAFTA), signed by Mexico, the United States and Canada":
            // a bracketed acronym after the name is no part of the words to the next.
            (
                "The Baltic Free Trade Agreement (BAFTA), signed by Sweden, Finland and Norway in 1992, came into force in 1994.",
                &[
                    "sweden signed baltic_free_trade_agreement",
                    "finland signed baltic_free_trade_agreement",
                    "norway signed baltic_free_trade_agreement",
                ],
                "",
            ),
        ]);
    }

    #[test]
    fn general_patterns() {
        let cases = [
            // Round 11: "X, backed by Y".
            ("In 1850 Austria, backed by Russia, forced Prussia to give way.", "russia allied_with austria"),
            // Round 11: "the former rivals" are the last two states named together with "and".
            (
                "In 1879 Denmark and Sweden signed a pact against Russia. The former rivals fought side by side in the Crimean War.",
                "denmark allied_with sweden",
            ),
            ("Denmark and Sweden quarrelled in 1850. The two monarchies fought the Crimean War.", "sweden took_part_in crimean_war"),
            // Round 10's cues (from the held-out diagnosis, E1 and E8).
            ("In 1808 Pieter Hals proclaimed himself king of Norway.", "pieter_hals leader_of norway"),
            ("The Congress of Karsk met in Karlstad in 1815.", "congress_of_karsk located_in karlstad"),
            ("Pieter Hals arrived at Karlstad in 1811.", "pieter_hals visited karlstad"),
            ("The port of Velm on the Baltic Sea was closed in 1813.", "velm located_in baltic_sea"),
            // A relative clause, and "lost … to".
            ("Sweden fought the Great Northern War, which Sweden lost to Russia.", "russia won great_northern_war"),
            ("Sweden lost the Great Northern War to Russia in 1721.", "russia won great_northern_war"),
            // A ruler acts for the state where the relation takes no person.
            ("King Charles XII of Sweden invaded Zealand in 1700.", "sweden moved_into zealand"),
            // A pronoun takes up the subject of the sentence before.
            ("Gustav Vasa fought Christian II. He was elected King of Sweden in 1523.", "gustav_vasa leader_of sweden"),
            // A definite description takes up the last name of its type.
            (
                "Spain fought the Eighty Years War. The Peace of Munster ended the war in 1648.",
                "peace_of_munster ended eighty_years_war",
            ),
            // A second verb phrase after "and" shares the first one's subject.
            ("Denmark invaded Sweden in 1675 and lost the Scanian War.", "denmark took_part_in scanian_war"),
            // Nominalisations.
            ("Russia’s occupation of Manchuria alarmed Japan.", "russia occupied manchuria"),
            ("The annexation of Crimea by Russia came in 2014.", "russia acquired crimea"),
            ("The cession of Alsace to Germany followed the war.", "alsace transferred_to germany"),
            // A war between two states.
            ("The Crimean War between Russia and Turkey began in 1853.", "russia fought_against turkey"),
            // A state ceded under a treaty: the treaty concerns it, both sides are parties.
            ("Denmark ceded Norway to Sweden under the Treaty of Kiel in 1814.", "treaty_of_kiel concerns norway"),
            ("Denmark ceded Norway to Sweden under the Treaty of Kiel in 1814.", "sweden party_to treaty_of_kiel"),
            // A title in apposition; a relative clause on the subject; a phrase between commas.
            ("Otto von Bismarck, the Chancellor of Germany, met the Tsar.", "otto_von_bismarck leader_of germany"),
            ("Adolf Hitler, who led Nazi Germany from 1933, died in 1945.", "adolf_hitler leader_of nazi_germany"),
            ("The Treaty of Versailles, signed in 1919, returned Alsace to France.", "alsace transferred_to france"),
            // Adjectives before the receiving state; a body whose name has "and" in it.
            ("France ceded Alsace to the new German Empire in 1871.", "alsace transferred_to german_empire"),
            (
                "France founded the European Coal and Steel Community (ECSC) in 1951.",
                "france member_of european_coal_and_steel_community",
            ),
            // An ordinal inside a name; "which ended with"; "attacked".
            (
                "China helped North Vietnam in the First Indochina War, which ended with the Geneva Accords in 1954.",
                "geneva_accords ended first_indochina_war",
            ),
            ("China attacked Vietnam in February 1979.", "china fought_against vietnam"),
            // Titled works: in quotation marks, after "wrote", with "written by".
            ("Leo Tolstoy wrote “War and Peace” in 1869.", "leo_tolstoy author_of war_and_peace"),
            ("In 1651 Thomas Hobbes published Leviathan.", "thomas_hobbes author_of leviathan"),
            (
                "The treatise Leviathan, written by Thomas Hobbes, appeared in 1651.",
                "thomas_hobbes author_of leviathan",
            ),
            // Who took part in a battle or war: the agents of the verb phrase ending "at" it, and
            // the subject after an opening "During the … War,".
            (
                "Napoleon Bonaparte defeated a fleet of Austria at the Battle of Jena.",
                "austria took_part_in battle_of_jena",
            ),
            (
                "Napoleon Bonaparte defeated a fleet of Austria at the Battle of Jena.",
                "napoleon_bonaparte took_part_in battle_of_jena",
            ),
            ("During the Crimean War, Britain sent troops to the Black Sea.", "britain took_part_in crimean_war"),
            // The object inside "the island of X"; a name in apposition to the object.
            ("Prussia took the island of Rugen in 1715.", "prussia captured rugen"),
            ("Spain ceded its southern province, the Rif, to Morocco in 1958.", "rif transferred_to morocco"),
            // "the two countries": the two states named last.
            (
                "Russia fought Japan in 1904. In 1905 the two countries signed the Treaty of Portsmouth.",
                "japan signed treaty_of_portsmouth",
            ),
            (
                "Russia fought Japan in 1904. In 1905 the two countries signed the Treaty of Portsmouth.",
                "russia signed treaty_of_portsmouth",
            ),
            // Predicates said of coordinated names; possessives and addresses.
            ("France and Spain had become bitter rivals by 1500.", "france opposed spain"),
            ("Prussia, France’s ally, fought Austria.", "prussia allied_with france"),
            ("The summit met in Kyoto, Japan, in 1997.", "kyoto part_of japan"),
            ("Russia’s Kamchatka Peninsula lies far north.", "kamchatka_peninsula part_of russia"),
            // The state acting under a treaty that opens the sentence is a party to it.
            (
                "Under the Treaty of Tilsit of 1807, Prussia gave up half its lands.",
                "prussia party_to treaty_of_tilsit",
            ),
            // Passives: a lone unknown word that "was ceded"/"was taken" is a place; "taken by".
            ("Bornholm was returned to Denmark in 1660.", "bornholm transferred_to denmark"),
            ("Sakhalin was taken by Japan in 1905.", "japan captured sakhalin"),
            // A demonym before a noun only qualifies it: in a verb phrase, and in a description.
            ("Chile conquered the Peruvian province of Tarapaca in 1879.", "chile captured tarapaca"),
            (
                "General Manuel Baquedano entered Lima, and Chile occupied the Peruvian capital.",
                "chile occupied lima",
            ),
            // A ruler the essay links to a state acts for it in later sentences, also as "the sultan".
            (
                "King Christian IV of Denmark fought Sweden in 1611. In 1612 Christian IV captured Kalmar.",
                "denmark captured kalmar",
            ),
            (
                "In 1451 Sultan Mehmed II of the Ottoman Empire took power. In 1479 Venice ceded Lemnos to the sultan.",
                "lemnos transferred_to ottoman_empire",
            ),
            // A possessive pronoun before the words of a cue: the subject of its clause.
            ("Peru offered to mediate in 1879 but would not renounce its alliance with Bolivia.", "peru allied_with bolivia"),
            // A participle after a comma shares the subject of the clause before it; "stayed with".
            (
                "In 1718 the Republic of Venice gave up the Morea, keeping the Ionian Islands.",
                "republic_of_venice controlled ionian_islands",
            ),
            ("In 1929 Tacna went to Peru while the port of Arica stayed with Chile.", "arica belonged_to chile"),
            ("In 1288 Vietnam destroyed a fleet of the Yuan Dynasty.", "vietnam opposed yuan_dynasty"),
            // Coreference: "it" as an object is not its clause's subject; "it" as a subject is the
            // name its sentence (or the one before) opens with; "they" the names coordinated last;
            // "she" with no person near, the state a sentence opens with; "the sultan" the person
            // who bore the title.
            ("Norway declared independence in 1905, but Sweden forced it into a union.", "sweden pressured norway"),
            ("The Ottoman Empire fought Venice. It captured Crete in 1669.", "ottoman_empire captured crete"),
            (
                "Denmark and Sweden fought Russia. They signed the Treaty of Nystad in 1721.",
                "sweden signed treaty_of_nystad",
            ),
            (
                "Japan attacked Russia. She won a war against the Qing Dynasty in 1895, and acquired Liaodong Peninsula.",
                "japan acquired liaodong_peninsula",
            ),
            (
                "In 1566 Sultan Selim II took power. In 1570 the sultan led the Ottoman Empire against Venice.",
                "selim_ii leader_of ottoman_empire",
            ),
        ];
        let mut failed = Vec::new();
        for (text, expected) in cases {
            let got = drafted(text);
            if !got.lines().any(|l| l == expected) {
                failed.push(format!("{text}\n  expected {expected}\n  got:\n{got}"));
            }
        }
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn a_byline_makes_the_title_a_work_by_its_author() {
        let draft = crate::draft::draft("The Baltic Wars\n\nBy Anna Berg Sweden fought Denmark in 1658.\n").unwrap();
        let data = crate::load(&draft.sources()).unwrap();
        let essay = data.entities.iter().find(|e| e.label == "The Baltic Wars").expect("the title is an entity");
        assert_eq!(essay.entity_type, EntityType::Work);
        assert!(
            data.relations.iter().any(|r| r.kind == RelationKind::AuthorOf && r.object == essay.id),
            "{:?}",
            data.relations
        );
        // Without a byline the title is no entity.
        let draft = crate::draft::draft("The Baltic Wars\n\nSweden fought Denmark in 1658.\n").unwrap();
        assert!(!draft.files.entities.contains("The Baltic Wars"), "{}", draft.files.entities);
    }

    #[test]
    fn a_quotation_is_no_work_unless_it_reads_as_a_title() {
        let text = drafted_entities(
            "Churchill said “We shall never surrender” in 1940. Japan calls them the “Northern Territories”.",
        );
        assert!(!text.contains("type = \"Work\""), "{text}");
    }

    #[test]
    fn eras_lead_words_and_bare_dynasties() {
        let text = drafted_entities(
            "From 111 BC China ruled Vietnam. In 938 Vietnam won the Battle of Bach Dang River. \
             The Ming Dynasty invaded Vietnam in 1407, and Le Loi rose against the Ming.",
        );
        assert!(!text.contains("label = \"BC\""), "{text}");
        assert!(text.contains("type = \"Event\"\nlabel = \"Battle of Bach Dang River\""), "{text}");
        assert!(text.contains("aliases = [\"Ming\"]"), "{text}");
    }

    #[test]
    fn a_state_named_with_its_form_and_then_without_it_is_one_entity() {
        let text =
            drafted_entities("The Republic of Genoa fought Milan in 1400. Genoa lost Corsica to France in 1768.");
        assert!(text.contains("label = \"Republic of Genoa\"\naliases = [\"Genoa\"]"), "{text}");
        // Never a country's own name: "China" before "the Republic of China" stays China.
        let text =
            drafted_entities("China fought Japan in 1894. The Republic of China was founded in 1912. China grew.");
        assert!(!text.contains("aliases = [\"China\"]"), "{text}");
    }

    #[test]
    fn a_lone_unknown_word_is_a_person_only_with_a_person_cue() {
        let text = drafted_entities(
            "In 1500 Zorbanu, who ruled the coast, died. Spain ceded the Rifana to Morocco. Kelsar grew.",
        );
        assert!(text.contains("type = \"Person\"\nlabel = \"Zorbanu\""), "{text}");
        assert!(text.contains("type = \"Region\"\nlabel = \"Rifana\""), "{text}");
        assert!(text.contains("type = \"Agent\"\nlabel = \"Kelsar\""), "{text}");
    }

    #[test]
    fn two_capitalised_words_after_the_are_no_person() {
        let text = drafted_entities(
            "In 1400 the Kelmar Vosh attacked Spain. Karl Osten led Sweden. The Varn Sisters fought the Danes.",
        );
        assert!(text.contains("type = \"Organisation\"\nlabel = \"Kelmar Vosh\""), "{text}");
        assert!(text.contains("type = \"Person\"\nlabel = \"Karl Osten\""), "{text}");
        assert!(text.contains("type = \"Person\"\nlabel = \"Varn Sisters\""), "{text}");
    }

    #[test]
    fn a_pronoun_with_no_person_before_it_links_nothing() {
        assert_eq!(drafted("In 1700 he invaded Zealand."), "");
    }

    #[test]
    fn pronouns_do_not_reach_across_a_paragraph_nor_stand_for_their_own_subject() {
        // A new paragraph: "It" has no antecedent.
        let text = drafted("Japan fought Russia in 1904.\n\nIt signed the Treaty of Portsmouth in 1905.");
        assert!(!text.contains("japan signed"), "{text}");
        // "Sweden forced it": never the subject of its own clause.
        let text = drafted("Sweden fought Denmark in 1658, and Sweden forced it to cede Scania.");
        assert!(!text.contains("sweden pressured sweden"), "{text}");
        // "They" with no names coordinated by "and" before it: the two states named there when
        // there are exactly two (round 8), and nothing when there are more.
        let text = drafted("Denmark fought Sweden in 1658. They signed the Treaty of Roskilde in 1658.");
        assert!(text.contains("denmark signed") && text.contains("sweden signed"), "{text}");
        let text = drafted("Denmark fought Sweden in 1658 while Russia watched. They signed the Treaty of Roskilde.");
        assert!(!text.contains("signed"), "{text}");
    }

    #[test]
    fn cue_words_with_gaps() {
        let cue: Vec<String> = ["disputed", "*", "between"].iter().map(|s| s.to_string()).collect();
        assert!(matches_cue(&cue, &["disputed", "territories", "between"]));
        assert!(!matches_cue(&cue, &["disputed", "between"]));
        assert!(!matches_cue(&cue, &["disputed", "a", "b", "c", "between"]));
    }
}
