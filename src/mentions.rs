//! Mentions: every place in the essay where an entity's label or alias occurs, found
//! case-insensitively on word boundaries, leftmost-longest, so that "Kuril Islands" is one mention
//! of the island group and not also a mention of some "Kuril". Occurrences that the annotations
//! attribute to an entity by passage (`mentions_in`: "Russia" in 1858 is Imperial Russia) come
//! first and win over every name match they overlap.

use crate::model::{Entity, Evidence};
use crate::text::EssayText;

/// Finds the mentions of every entity and stores them in `entities[i].mentions`, in essay order.
///
/// Overlapping matches are resolved leftmost-longest; a name that two entities share (a
/// `shared_alias`) is never used, since it cannot say which entity is meant.
///
/// # Complexity
/// O(N·L) for N names and an essay of L characters.
pub fn attach_mentions(text: &EssayText, entities: &mut [Entity]) {
    // (start, end, entity index)
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    for (i, entity) in entities.iter().enumerate() {
        for name in entity.names() {
            for (start, end) in text.find_name(name) {
                matches.push((start, end, i));
            }
        }
    }
    matches.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    matches.dedup();
    for entity in entities.iter_mut() {
        entity.mentions.clear();
    }
    let attributed: Vec<(usize, usize, usize)> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.attributed_mentions.iter().map(move |m| (m.start, m.end, i)))
        .collect();
    let overlaps_attributed = |s: usize, e: usize| attributed.iter().any(|&(a, b, _)| s < b && a < e);
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
}
