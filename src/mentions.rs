//! Mentions: every place in the essay where an entity's label or alias occurs, found
//! case-insensitively on word boundaries, leftmost-longest, so that "Kuril Islands" is one mention
//! of the island group and not also a mention of some "Kuril". Occurrences that the annotations
//! attribute to an entity by passage (`mentions_in`: "Russia" in 1858 is Imperial Russia) come
//! first and win over every name match they overlap.

use crate::model::{Entity, Evidence};
use crate::text::{EssayText, TooManyMatches};

/// Finds the mentions of every entity and stores them in `entities[i].mentions`, in essay order.
///
/// Overlapping matches are resolved leftmost-longest; a name that two entities share (a
/// `shared_alias`) is never used, since it cannot say which entity is meant.
///
/// # Errors
/// When the names occur more than `budget` times in all (the work stays bounded).
///
/// # Complexity
/// O(L + N + M log M) for an essay of L bytes, names of N bytes in all and M occurrences.
pub fn attach_mentions(text: &EssayText, entities: &mut [Entity], budget: usize) -> Result<(), TooManyMatches> {
    let (owners, names): (Vec<usize>, Vec<&str>) =
        entities.iter().enumerate().flat_map(|(i, e)| e.names().map(move |n| (i, n))).unzip();
    let found = text.find_names(&names, budget)?;
    // (start, end, entity index)
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    for (i, occurrences) in owners.into_iter().zip(found) {
        matches.extend(occurrences.into_iter().map(|(start, end)| (start, end, i)));
    }
    matches.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
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
    for (start, end, i) in matches {
        if start < covered_to || overlaps_attributed(start, end) {
            continue;
        }
        covered_to = end;
        entities[i].mentions.push(Evidence { quote: text.slice(start, end), start, end });
    }
    for &(start, end, i) in &attributed {
        entities[i].mentions.push(Evidence { quote: text.slice(start, end), start, end });
    }
    for entity in entities.iter_mut() {
        entity.mentions.sort_by_key(|m| (m.start, m.end));
        entity.mentions.dedup();
    }
    Ok(())
}
