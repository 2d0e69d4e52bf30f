//! Mentions: every place in the essay where an entity's label or alias occurs, found
//! case-insensitively on word boundaries, leftmost-longest, so that "Kuril Islands" is one mention
//! of the island group and not also a mention of some "Kuril". Occurrences that the annotations
//! attribute to an entity by passage (`mentions_in`: "Russia" in 1858 is Imperial Russia) come
//! first and win over every name match they overlap.

use crate::model::Entity;
use crate::text::EssayText;

/// Stores the mentions of every entity in `entities[i].mentions`, in essay order, from `matches`:
/// every occurrence `(start, end, entity index)` (character offsets) of every entity's label and
/// aliases ([`Entity::names`]). The loader finds them in the same search that checks that each
/// alias occurs, so the essay is searched for names once.
///
/// Overlapping matches are resolved leftmost-longest; a name that two entities share (a
/// `shared_alias`) is never used, since it cannot say which entity is meant. A match whose entity
/// index is out of range is ignored.
///
/// # Complexity
/// O(M log M + A log A) for M matches and A attributed mentions.
/// (Since round 28 the loader makes the entities in their ids' order and calls
/// [`attach_mentions_placed`]; this is kept for the tests' finish as it was before.)
#[cfg(test)]
pub fn attach_mentions(text: &EssayText, entities: &mut [Entity], matches: Vec<(u32, u32, u32)>) {
    attach_mentions_placed(text, entities, matches, |i| i);
}

/// `attach_mentions` (the tests' reference) where the matches' entity indices are not the
/// entities' places: the entity of index `i` in `matches` is `entities[place(i)]` (the loader
/// makes the entities in their ids' order, and the names were searched with the entities in file
/// order). The matches are ordered by their own indices, as `attach_mentions` orders them, so the
/// mentions are the same.
pub(crate) fn attach_mentions_placed(
    text: &EssayText,
    entities: &mut [Entity],
    mut matches: Vec<(u32, u32, u32)>,
    place: impl Fn(usize) -> usize,
) {
    matches.retain(|m| (m.2 as usize) < entities.len());
    matches.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    matches.dedup();
    for entity in entities.iter_mut() {
        entity.mentions.clear();
    }
    let mut attributed: Vec<(usize, usize, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.attributed_mentions.iter().map(move |m| (m.start, m.end, i)))
        .collect();
    attributed.sort();
    // The furthest end among the attributed spans that start at or before each one, so that an
    // overlap is one binary search, not a scan.
    let furthest_end: Vec<usize> = attributed
        .iter()
        .scan(0, |furthest, &(_, end, _)| {
            *furthest = end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    let overlaps_attributed = |s: usize, e: usize| {
        let starting_before_end = attributed.partition_point(|&(a, _, _)| a < e);
        starting_before_end > 0 && furthest_end[starting_before_end - 1] > s
    };
    let mut covered_to = 0;
    let mut accepted: Vec<(usize, usize, usize)> = Vec::with_capacity(matches.len() + attributed.len());
    for (start, end, i) in matches {
        let (start, end, i) = (start as usize, end as usize, i as usize);
        if start < covered_to || overlaps_attributed(start, end) {
            continue;
        }
        covered_to = end;
        let i = place(i);
        if i < entities.len() {
            accepted.push((start, end, i));
        }
    }
    accepted.extend_from_slice(&attributed);
    // Each entity's list sized once (grown one by one, lists of 2 or 3 mentions held room for 4:
    // ~30 MB at a million relations).
    let mut counts = vec![0usize; entities.len()];
    for &(_, _, i) in &accepted {
        counts[i] += 1;
    }
    for (entity, n) in entities.iter_mut().zip(counts) {
        entity.mentions.reserve_exact(n);
    }
    for (start, end, i) in accepted {
        entities[i].mentions.push(text.evidence(start, end));
    }
    for entity in entities.iter_mut() {
        entity.mentions.sort_by_key(|m| (m.start, m.end));
        entity.mentions.dedup();
    }
}
