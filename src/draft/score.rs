//! Scoring a draft against a curated annotation of the same essay.
//!
//! - **Entities.** A draft entity *finds* a gold entity when they share a name (by [`name_key`])
//!   or a mention (the same span of the essay). Recall counts the gold entities the essay *names*:
//!   those with a name in proper-name form ("Treaty of Kiel", "WWI", and after a lowercase ordinal
//!   "first Anglo-Dutch War"), not the ones it only describes ("a non-aggression pact"). Precision counts draft entities that find any gold
//!   entity. A type is right when it is the gold type exactly.
//! - **Aliases.** Pairs of names of one entity, as the essay uses them. Recall: gold pairs that one
//!   draft entity holds. Precision: draft pairs whose names belong to one gold entity. The pairs
//!   that must merge are acronym/expansion pairs and pairs the essay links by "calls" or "known
//!   as"; two gold people in one draft entity is a wrong merge.
//! - **Relations.** (subject, kind, object) with both ends mapped to their gold entities, against
//!   the gold's stated relations.
//! - **Described ends.** Golds label an entity the essay only describes in the annotator's words
//!   ("Russian invasion of Finland" for "the invasion"), so neither a name nor a span can find it.
//!   A draft entity that finds no gold entity by name or mention stands for such a gold entity *in
//!   one sentence* when a draft relation of that sentence and a stated gold relation agree on
//!   everything else: the same kind; the other end, in the same position (subject or object),
//!   found by name or mention as the same gold entity; the two relations' quotes overlap; the gold
//!   end is one the essay does not name (no mention in proper-name form); one of the draft
//!   entity's mentions (or its quote) lies inside the gold relation's quote; and the draft entity
//!   is like the gold end: the same type, or a content word (not "of", "the", "and" ...) shared
//!   by the two labels ("treaty of 1992" for "treaty on the foundations of their relations",
//!   "South Vietnamese forces" for "South Vietnam"), so that a treaty never stands for a battle
//!   only because it sits in the right place. When the sentence
//!   offers a draft entity two such gold ends, it stands for neither there. Named gold entities
//!   keep the name rules alone; entity recall still counts named gold entities only; such a draft
//!   entity counts as right in entity precision and is typed against that gold end.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{Dataset, Entity, EntityType, Evidence, Relation};
use crate::names::name_key;

/// Entity scores.
#[derive(Debug, Clone, Serialize)]
pub struct EntityScore {
    /// Gold entities the essay names.
    pub gold_named: usize,
    /// Of those, found by the draft.
    pub found_named: usize,
    /// All gold entities, named or described.
    pub gold_all: usize,
    /// Of those, found.
    pub found_all: usize,
    /// Draft entities.
    pub drafted: usize,
    /// Draft entities that find a gold entity.
    pub correct: usize,
    /// Draft entities that find a gold entity and have its type.
    pub typed_right: usize,
    /// Gold names the draft does not find, for review.
    pub missed: Vec<String>,
    /// Draft labels that find nothing.
    pub spurious: Vec<String>,
    /// Draft entity, its type, and the gold type, where they differ.
    pub mistyped: Vec<(String, String, String)>,
}

/// Alias scores.
#[derive(Debug, Clone, Serialize)]
pub struct AliasScore {
    /// Pairs of names of one gold entity.
    pub gold_pairs: usize,
    /// Of those, held by one draft entity.
    pub merged: usize,
    /// Pairs of names of one draft entity that can be judged (both names resolve to gold entities).
    pub draft_pairs: usize,
    /// Of those, names of one gold entity.
    pub correct: usize,
    /// Acronym/expansion and "calls"/"known as" pairs of the gold.
    pub required: usize,
    /// Of those, merged.
    pub required_merged: usize,
    /// Required pairs not merged.
    pub required_missed: Vec<(String, String)>,
    /// Gold pairs no draft entity holds (required or not).
    pub missed: Vec<(String, String)>,
    /// Draft entities that hold two or more gold people.
    pub people_merged: Vec<String>,
}

/// Relation scores.
#[derive(Debug, Clone, Serialize)]
pub struct RelationScore {
    /// Distinct (subject, kind, object) triples stated in the gold.
    pub gold: usize,
    /// Of those, drafted.
    pub found: usize,
    /// Draft relations.
    pub drafted: usize,
    /// Draft relations whose mapped triple is a gold stated triple.
    pub correct: usize,
    /// Of those, right only through a described end (the module's doc).
    pub described: usize,
    /// Draft relations that are not, as `subject kind object`.
    pub wrong: Vec<String>,
    /// Gold stated triples the draft does not have, as `subject kind object` (gold ids).
    pub missed: Vec<String>,
}

/// The scores of a draft against a gold annotation.
#[derive(Debug, Clone, Serialize)]
pub struct DraftScore {
    /// Entities.
    pub entities: EntityScore,
    /// Aliases.
    pub aliases: AliasScore,
    /// Relations.
    pub relations: RelationScore,
}

/// A ratio as a percentage; 100 for 0 of 0.
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

impl EntityScore {
    /// Named gold entities found, in percent.
    pub fn recall(&self) -> f64 {
        percent(self.found_named, self.gold_named)
    }
    /// Draft entities that are right, in percent.
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.drafted)
    }
    /// Found entities with the right type, in percent.
    pub fn type_accuracy(&self) -> f64 {
        percent(self.typed_right, self.correct)
    }
}

impl AliasScore {
    /// Gold pairs merged, in percent.
    pub fn recall(&self) -> f64 {
        percent(self.merged, self.gold_pairs)
    }
    /// Draft pairs right, in percent.
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.draft_pairs)
    }
}

impl RelationScore {
    /// Gold triples drafted, in percent.
    pub fn recall(&self) -> f64 {
        percent(self.found, self.gold)
    }
    /// Draft relations right, in percent.
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.drafted)
    }
}

const CONNECTORS: [&str; 10] = ["of", "the", "and", "de", "von", "van", "der", "da", "du", "la"];

/// Lowercase ordinals that may open a proper name: "the first Anglo-Dutch War" names the war.
const ORDINALS: [&str; 10] =
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

/// Whether a name is written as a proper name: every word capitalised (or a number), apart from
/// connecting words and a lowercase ordinal before a capitalised head ("first Anglo-Dutch War").
fn is_proper(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let words = match words.split_first() {
        Some((first, rest)) if ORDINALS.contains(first) && !rest.is_empty() => rest.to_vec(),
        _ => words,
    };
    let capital = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    !words.is_empty() && capital(words[0]) && words.iter().all(|w| capital(w) || CONNECTORS.contains(w))
}

fn names_of(e: &Entity) -> impl Iterator<Item = &str> {
    e.names().chain(e.shared_aliases.iter().map(crate::SharedStr::as_str))
}

/// Keys of the names of an entity that occur in the essay (its mentions), plus its label.
fn used_keys(e: &Entity) -> BTreeSet<String> {
    let mentioned: BTreeSet<String> = e.mentions.iter().map(|m| name_key(m.quote())).collect();
    e.names().map(name_key).filter(|k| mentioned.contains(k)).collect()
}

/// The lowercase words of a name, for containment.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn contains_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Scores `draft` against `gold` (the same essay).
///
/// # Complexity
/// O(D·G) name comparisons for D draft and G gold entities.
pub fn score(gold: &Dataset, draft: &Dataset) -> DraftScore {
    // Gold entity of each name key.
    let mut gold_by_key: HashMap<String, usize> = HashMap::new();
    for (g, e) in gold.entities.iter().enumerate() {
        for n in names_of(e) {
            gold_by_key.entry(name_key(n)).or_insert(g);
        }
    }
    let mut gold_by_span: HashMap<(usize, usize), usize> = HashMap::new();
    for (g, e) in gold.entities.iter().enumerate() {
        for m in &e.mentions {
            gold_by_span.insert((m.start, m.end), g);
        }
    }
    // The gold entity a draft name stands for: the same key, else the gold name with the most
    // words that the draft name contains ("President Yeltsin" stands for "Yeltsin").
    let gold_of_name = |name: &str| -> Option<usize> {
        if let Some(g) = gold_by_key.get(&name_key(name)) {
            return Some(*g);
        }
        let w = words(name);
        gold.entities
            .iter()
            .enumerate()
            .flat_map(|(g, e)| names_of(e).map(move |n| (g, n)))
            .filter(|(_, n)| contains_words(&w, &words(n)))
            .max_by_key(|(_, n)| words(n).len())
            .map(|(g, _)| g)
    };
    // Gold entities each draft entity finds, best first (most shared names and mentions).
    let found: Vec<Vec<usize>> = draft
        .entities
        .iter()
        .map(|d| {
            let mut votes: HashMap<usize, usize> = HashMap::new();
            for n in d.names() {
                if let Some(g) = gold_by_key.get(&name_key(n)) {
                    *votes.entry(*g).or_default() += 2;
                }
            }
            for m in &d.mentions {
                if let Some(g) = gold_by_span.get(&(m.start, m.end)) {
                    *votes.entry(*g).or_default() += 1;
                }
            }
            let mut v: Vec<(usize, usize)> = votes.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter().map(|(g, _)| g).collect()
        })
        .collect();
    let best: Vec<Option<usize>> = found.iter().map(|f| f.first().copied()).collect();
    let named: Vec<bool> = gold.entities.iter().map(|e| e.mentions.iter().any(|m| is_proper(m.quote()))).collect();
    let sentences = Sentences::of_essay(&gold.essay);
    let described = described_ends(gold, draft, &best, &named, &sentences);
    // The gold entity a draft entity stands for by description anywhere, for the entity scores.
    let mut described_any: Vec<Option<usize>> = vec![None; draft.entities.len()];
    for (&(d, _), &g) in &described {
        described_any[d].get_or_insert(g);
    }

    // Entities.
    let mut gold_found = vec![false; gold.entities.len()];
    for f in &found {
        for &g in f {
            gold_found[g] = true;
        }
    }
    for g in described.values() {
        gold_found[*g] = true;
    }
    let best_or_described: Vec<Option<usize>> = best.iter().zip(&described_any).map(|(b, d)| b.or(*d)).collect();
    let mut entities = EntityScore {
        gold_named: named.iter().filter(|n| **n).count(),
        found_named: (0..gold.entities.len()).filter(|&g| named[g] && gold_found[g]).count(),
        gold_all: gold.entities.len(),
        found_all: gold_found.iter().filter(|f| **f).count(),
        drafted: draft.entities.len(),
        correct: best_or_described.iter().filter(|b| b.is_some()).count(),
        typed_right: 0,
        missed: (0..gold.entities.len())
            .filter(|&g| named[g] && !gold_found[g])
            .map(|g| gold.entities[g].label.to_string())
            .collect(),
        spurious: Vec::new(),
        mistyped: Vec::new(),
    };
    for (d, b) in best_or_described.iter().enumerate() {
        let de = &draft.entities[d];
        match b {
            Some(g) if gold.entities[*g].entity_type == de.entity_type => entities.typed_right += 1,
            Some(g) => entities.mistyped.push((
                de.label.to_string(),
                de.entity_type.name().to_string(),
                gold.entities[*g].entity_type.name().to_string(),
            )),
            None => entities.spurious.push(de.label.to_string()),
        }
    }

    // Aliases.
    let pairs = |keys: &BTreeSet<String>| -> Vec<(String, String)> {
        let k: Vec<&String> = keys.iter().collect();
        let mut out = Vec::new();
        for i in 0..k.len() {
            for j in i + 1..k.len() {
                out.push((k[i].clone(), k[j].clone()));
            }
        }
        out
    };
    let draft_keys: Vec<BTreeSet<String>> = draft.entities.iter().map(used_keys).collect();
    let held = |a: &str, b: &str| draft_keys.iter().any(|k| k.contains(a) && k.contains(b));
    let mut aliases = AliasScore {
        gold_pairs: 0,
        merged: 0,
        draft_pairs: 0,
        correct: 0,
        required: 0,
        required_merged: 0,
        required_missed: Vec::new(),
        missed: Vec::new(),
        people_merged: Vec::new(),
    };
    let essay_lower = gold.essay.to_lowercase();
    for e in &gold.entities {
        let names: Vec<&str> = e.names().collect();
        for (a, b) in pairs(&used_keys(e)) {
            aliases.gold_pairs += 1;
            let merged = held(&a, &b);
            aliases.merged += usize::from(merged);
            let name = |k: &str| names.iter().find(|n| name_key(n) == k).map(|n| n.to_string()).unwrap_or_default();
            let (na, nb) = (name(&a), name(&b));
            if !merged {
                aliases.missed.push((na.clone(), nb.clone()));
            }
            if is_required_pair(&na, &nb, &essay_lower) {
                aliases.required += 1;
                if merged {
                    aliases.required_merged += 1;
                } else {
                    aliases.required_missed.push((na, nb));
                }
            }
        }
    }
    for (d, e) in draft.entities.iter().enumerate() {
        let names: Vec<&str> = e.names().filter(|n| draft_keys[d].contains(&name_key(n))).collect();
        for i in 0..names.len() {
            for j in i + 1..names.len() {
                if let (Some(a), Some(b)) = (gold_of_name(names[i]), gold_of_name(names[j])) {
                    aliases.draft_pairs += 1;
                    aliases.correct += usize::from(a == b);
                }
            }
        }
        let people: BTreeSet<usize> =
            found[d].iter().copied().filter(|&g| gold.entities[g].entity_type == EntityType::Person).collect();
        if people.len() > 1 {
            aliases.people_merged.push(e.label.to_string());
        }
    }

    // Relations.
    let gold_triples: BTreeSet<(usize, &str, usize)> = gold
        .relations
        .iter()
        .filter(|r| r.is_stated())
        .filter_map(|r| Some((gold.entity_index(&r.subject)?, r.kind.name(), gold.entity_index(&r.object)?)))
        .collect();
    let mut found_triples: BTreeSet<(usize, &str, usize)> = BTreeSet::new();
    let mut relations = RelationScore {
        gold: gold_triples.len(),
        found: 0,
        drafted: 0,
        correct: 0,
        described: 0,
        wrong: Vec::new(),
        missed: Vec::new(),
    };
    for r in &draft.relations {
        relations.drafted += 1;
        let sentence = quote_of(r).map(|q| sentences.of(q.start));
        let mut through_description = false;
        let mut map = |id: &str| {
            let d = draft.entity_index(id)?;
            best[d].or_else(|| {
                let g = described.get(&(d, sentence?)).copied();
                through_description |= g.is_some();
                g
            })
        };
        let triple = map(&r.subject).zip(map(&r.object)).map(|(s, o)| (s, r.kind.name(), o));
        match triple.filter(|t| gold_triples.contains(t)) {
            Some(t) => {
                relations.correct += 1;
                relations.described += usize::from(through_description);
                found_triples.insert(t);
            }
            None => relations.wrong.push(format!("{} {} {}", r.subject, r.kind.name(), r.object)),
        }
    }
    relations.found = found_triples.len();
    relations.missed = gold_triples
        .difference(&found_triples)
        .map(|(s, k, o)| format!("{} {k} {}", gold.entities[*s].id, gold.entities[*o].id))
        .collect();
    DraftScore { entities, aliases, relations }
}

/// The sentences of an essay, as the character offsets where each begins.
struct Sentences {
    starts: Vec<usize>,
}

impl Sentences {
    fn of_essay(essay: &str) -> Self {
        let t = super::sentences::tokenize(essay);
        Sentences {
            starts: t.sentences.iter().filter_map(|s| t.tokens.get(s.tokens.start)).map(|tok| tok.start).collect(),
        }
    }

    /// The sentence a character offset lies in.
    fn of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }
}

/// A stated relation's quote.
fn quote_of(r: &Relation) -> Option<&Evidence> {
    match r.is_stated() {
        true => r.provenance.passage(),
        false => None,
    }
}

fn overlap(a: &Evidence, b: &Evidence) -> bool {
    a.start < b.end && b.start < a.end
}

fn inside(a: &Evidence, b: &Evidence) -> bool {
    b.start <= a.start && a.end <= b.end
}

/// Described ends (the module's doc): for each (draft entity, sentence), the one gold entity the
/// essay does not name that the draft entity stands for there.
///
/// # Complexity
/// O(R·S) for R draft and S gold relations.
fn described_ends(
    gold: &Dataset,
    draft: &Dataset,
    best: &[Option<usize>],
    named: &[bool],
    sentences: &Sentences,
) -> BTreeMap<(usize, usize), usize> {
    let stated: Vec<(usize, &str, usize, &Evidence)> = gold
        .relations
        .iter()
        .filter_map(|r| {
            Some((gold.entity_index(&r.subject)?, r.kind.name(), gold.entity_index(&r.object)?, quote_of(r)?))
        })
        .collect();
    let mut candidates: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for r in &draft.relations {
        let (Some(s), Some(o), Some(q)) = (draft.entity_index(&r.subject), draft.entity_index(&r.object), quote_of(r))
        else {
            continue;
        };
        let kind = r.kind.name();
        let sentence = sentences.of(q.start);
        // (the draft end to align, whether it is the subject, the gold entity of the other end)
        let open = match (best[s], best[o]) {
            (None, Some(g)) => (s, true, g),
            (Some(g), None) => (o, false, g),
            _ => continue,
        };
        let (d, subject_open, anchor) = open;
        let de = &draft.entities[d];
        for &(gs, gk, go, gq) in &stated {
            let (gold_open, gold_anchor) = if subject_open { (gs, go) } else { (go, gs) };
            let mentioned_there = de.mentions.iter().chain(std::iter::once(&de.evidence)).any(|m| inside(m, gq));
            if gk == kind
                && gold_anchor == anchor
                && !named[gold_open]
                && overlap(q, gq)
                && mentioned_there
                && alike(de, &gold.entities[gold_open])
            {
                candidates.entry((d, sentence)).or_default().insert(gold_open);
            }
        }
    }
    candidates.into_iter().filter(|(_, g)| g.len() == 1).filter_map(|(k, g)| Some((k, *g.first()?))).collect()
}

/// Words too common to tie a draft label to a gold one.
const FUNCTION_WORDS: [&str; 12] = ["of", "the", "and", "with", "to", "by", "in", "on", "for", "at", "a", "an"];

/// Whether a draft entity can stand for a described gold end: the same type, or a content word
/// (not a function word) shared by the two labels ("agreement of 2004" and "agreement of October
/// 2004"; "invasion of Belgium (by Germany)" and "German invasion of Belgium").
fn alike(draft: &Entity, gold: &Entity) -> bool {
    if draft.entity_type == gold.entity_type {
        return true;
    }
    let content = |label: &str| -> BTreeSet<String> {
        words(label).into_iter().filter(|w| !FUNCTION_WORDS.contains(&w.as_str())).collect()
    };
    !content(&draft.label).is_disjoint(&content(&gold.label))
}

/// Whether two names of one entity must be merged by any drafter: one is the acronym of the
/// other, or the essay links them by "calls"/"call"/"known as" within a short span.
fn is_required_pair(a: &str, b: &str, essay_lower: &str) -> bool {
    let acronym_of = |short: &str, long: &str| {
        let letters: String = short.chars().filter(|c| c.is_alphabetic()).collect();
        let initials: String = long
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .filter_map(|w| w.chars().next())
            .collect();
        letters.len() >= 2 && letters.chars().all(char::is_uppercase) && letters == initials
    };
    if acronym_of(a, b) || acronym_of(b, a) {
        return true;
    }
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    for (x, y) in [(&la, &lb), (&lb, &la)] {
        for (at, _) in essay_lower.match_indices(x.as_str()) {
            let rest = &essay_lower[at + x.len()..];
            if let Some(end) = rest.find(y.as_str()) {
                let middle = &rest[..end];
                if end < 60 && (middle.contains(" call") || middle.contains("known as")) {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proper_names() {
        assert!(is_proper("Treaty of St. Petersburg"));
        assert!(is_proper("WWI"));
        assert!(!is_proper("non-aggression pact"));
        assert!(!is_proper("Japanese soldiers"));
        // A lowercase ordinal before a capitalised head: a reader calls it a name.
        assert!(is_proper("first Anglo-Dutch War"));
        assert!(is_proper("second Treaty of Westminster"));
        assert!(!is_proper("first war"));
        assert!(!is_proper("first"));
        assert!(!is_proper("the first Anglo-Dutch War"));
    }

    #[test]
    fn a_described_end_must_share_a_type_or_a_word_with_the_gold_end() {
        // The gold end is an Event labelled "Russian invasion of Finland (1808)": a Conference
        // labelled with none of its content words does not stand for it, one sharing "Finland" does.
        let relation = relation("russia", "took_part_in", "invasion", "Russia began the invasion of Finland, and");
        let unlike =
            dataset(&entity("invasion", "Conference", "talks of 1809", "the invasion of Finland, and"), &relation);
        assert_eq!(score(&gold(), &unlike).relations.correct, 0);
        let alike =
            dataset(&entity("invasion", "Conference", "talks on Finland", "the invasion of Finland, and"), &relation);
        assert_eq!(score(&gold(), &alike).relations.described, 1);
    }

    const ESSAY: &str = "Russia and Finland\n\nIn 1808 Russia began the invasion of Finland, and Sweden lost. \
        In 1939 Russia began the invasion of Finland again. Sweden stayed out of the Winter War.\n";

    const STATES: &str =
        "[[entity]]\nid = \"russia\"\ntype = \"State\"\nlabel = \"Russia\"\nquote = \"In 1808 Russia\"\n\n\
        [[entity]]\nid = \"finland\"\ntype = \"State\"\nlabel = \"Finland\"\nquote = \"Finland again\"\n\n\
        [[entity]]\nid = \"sweden\"\ntype = \"State\"\nlabel = \"Sweden\"\nquote = \"Sweden lost\"\n\n";

    /// An annotation of [`ESSAY`]: the three states, then `entities` and `relations` as TOML.
    fn dataset(entities: &str, relations: &str) -> Dataset {
        let source = |name: &str, text: &str| crate::Source { name: name.to_string(), text: text.to_string() };
        crate::load(&crate::Sources {
            essay: source("essay.txt", ESSAY),
            entities: source("entities.toml", &format!("{STATES}{entities}")),
            relations: source("relations.toml", relations),
            background: source("background.toml", ""),
            coverage: source("coverage.toml", ""),
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn entity(id: &str, entity_type: &str, label: &str, quote: &str) -> String {
        format!("[[entity]]\nid = \"{id}\"\ntype = \"{entity_type}\"\nlabel = \"{label}\"\nquote = \"{quote}\"\n\n")
    }

    fn relation(subject: &str, kind: &str, object: &str, quote: &str) -> String {
        format!("[[relation]]\nsubject = \"{subject}\"\nrelation = \"{kind}\"\nobject = \"{object}\"\nquote = \"{quote}\"\n\n")
    }

    /// The gold's first invasion in the annotator's words, and Russia's part in it.
    fn invasion_1808() -> (String, String) {
        (
            entity("invasion_1808", "Event", "Russian invasion of Finland (1808)", "the invasion of Finland, and"),
            relation("russia", "took_part_in", "invasion_1808", "In 1808 Russia began the invasion of Finland, and"),
        )
    }

    /// The gold: the two invasions in the annotator's words, each taken part in by Russia.
    fn gold() -> Dataset {
        dataset(
            &format!(
                "{}{}",
                invasion_1808().0,
                entity("invasion_1939", "Event", "Soviet invasion of Finland (1939)", "the invasion of Finland again"),
            ),
            &format!(
                "{}{}",
                invasion_1808().1,
                relation(
                    "russia",
                    "took_part_in",
                    "invasion_1939",
                    "In 1939 Russia began the invasion of Finland again"
                ),
            ),
        )
    }

    /// A draft with one described event quoted at `quote` and one relation.
    fn draft(quote: &str, relation: &str) -> Dataset {
        dataset(&entity("invasion", "Event", "invasion of Finland (by Russia)", quote), relation)
    }

    #[test]
    fn a_described_end_aligns_in_the_sentence_of_its_gold_relation() {
        let d = draft(
            "the invasion of Finland, and",
            &relation("russia", "took_part_in", "invasion", "Russia began the invasion of Finland, and"),
        );
        let r = score(&gold(), &d).relations;
        assert_eq!((r.correct, r.described, r.found), (1, 1, 1), "{r:?}");
        // The draft entity is right in entity precision, named recall is unchanged.
        let e = score(&gold(), &d).entities;
        assert_eq!((e.correct, e.drafted, e.found_named, e.gold_named), (4, 4, 3, 3), "{e:?}");
    }

    #[test]
    fn a_described_end_does_not_align_in_another_sentence() {
        // The draft entity is quoted in the first sentence, its relation in the second.
        let d = draft(
            "the invasion of Finland, and",
            &relation("russia", "took_part_in", "invasion", "Russia began the invasion of Finland again"),
        );
        let r = score(&gold(), &d).relations;
        assert_eq!((r.correct, r.described), (0, 0), "{r:?}");
        // A relation quoted where the gold states none.
        let d =
            draft("the invasion of Finland, and", &relation("russia", "took_part_in", "invasion", "Sweden stayed out"));
        assert_eq!(score(&gold(), &d).relations.correct, 0);
    }

    #[test]
    fn a_described_end_does_not_align_across_kinds_or_anchors() {
        // (A reversed `took_part_in` is refused by the loader's type check before any scoring.)
        let d = draft(
            "the invasion of Finland, and",
            &relation("russia", "responsible_for", "invasion", "Russia began the invasion of Finland, and"),
        );
        let r = score(&gold(), &d).relations;
        assert_eq!((r.correct, r.described), (0, 0), "{r:?}");
        // The anchored end must be the gold's: Sweden took no part in the invasion.
        let d = draft(
            "the invasion of Finland, and",
            &relation("sweden", "took_part_in", "invasion", "Russia began the invasion of Finland, and Sweden"),
        );
        assert_eq!(score(&gold(), &d).relations.correct, 0);
    }

    #[test]
    fn a_span_overlapping_two_gold_ends_aligns_with_neither() {
        // The gold states two events in the one sentence, each with a quote holding the draft's.
        let gold = dataset(
            &format!(
                "{}{}",
                invasion_1808().0,
                entity("swedish_defeat", "Event", "Swedish defeat (1808)", "and Sweden lost"),
            ),
            &format!(
                "{}{}",
                invasion_1808().1,
                relation(
                    "russia",
                    "took_part_in",
                    "swedish_defeat",
                    "Russia began the invasion of Finland, and Sweden lost"
                ),
            ),
        );
        let d = draft(
            "the invasion of Finland, and",
            &relation("russia", "took_part_in", "invasion", "Russia began the invasion of Finland, and"),
        );
        let r = score(&gold, &d).relations;
        assert_eq!((r.correct, r.described), (0, 0), "{r:?}");
    }

    #[test]
    fn a_named_gold_end_keeps_the_name_rules() {
        // "the Winter War" is named in the essay: a described draft end never stands for it.
        let gold = dataset(
            &entity("winter_war", "War", "Winter War", "the Winter War"),
            &relation("sweden", "took_part_in", "winter_war", "Sweden stayed out of the Winter War"),
        );
        let d = dataset(
            &entity("war", "War", "war of 1939", "the Winter War"),
            &relation("sweden", "took_part_in", "war", "Sweden stayed out of the Winter War"),
        );
        let r = score(&gold, &d).relations;
        assert_eq!((r.correct, r.described), (0, 0), "{r:?}");
    }

    #[test]
    fn required_pairs() {
        let essay = "the paracel islands, which china calls the xisha islands";
        assert!(is_required_pair("Paracel Islands", "Xisha Islands", essay));
        assert!(is_required_pair("NATO", "North Atlantic Treaty Organization", ""));
        assert!(!is_required_pair("Abe", "Shinzo Abe", essay));
    }
}
