//! The loader's search for names, around the names' first words: every occurrence of every
//! name in the case-folded essay, overlapping ones and those inside words included (the
//! occurrence budget counts them all), found without the Aho–Corasick automaton of every name.
//!
//! An occurrence of a name starts with an occurrence of its head, wherever that is: at a word
//! start or inside a word. A name's head is its first word (its leading run of word
//! characters), or its leading run of other characters when it starts with one (`‘Northern
//! Territory’ issue`). So a small automaton of the names' distinct heads (few: names share
//! them) finds every place a name can start, and at each of them the names with that head are
//! looked up: the name that is the head itself at once, the longer ones (whose next character
//! is of the other kind, so the text's must be too) by a hash of the text's bytes at each of
//! their lengths in a table of the names, where the text's byte at that length is the last byte
//! of one of them. The same occurrences as the automaton of every name,
//! each once, so the same count against the budget and the same error;
//! [`crate::text::EssayText::find_names_flat`] keeps that automaton for the names this cannot
//! take (too many distinct heads) and for a search that spends more work than its bound.

use crate::text::TooManyMatches;

/// The work (heads' occurrences and bytes hashed) one search may spend per byte
/// of the text before it gives up for the automaton of every name.
const WORK_PER_BYTE: usize = 8;

/// Every occurrence of every one of `patterns` (case-folded names, none empty) in `hay` (the
/// case-folded text), overlapping ones and those inside words included, passed to `each` as
/// (pattern, start byte), in no particular order. `Ok(true)` when done; `Ok(false)` when this
/// search does not apply (more than `max_first_words` distinct heads) or gave up past its work bound: the caller then discards what `each`
/// saw and asks the automaton. An error as soon as more than `budget` occurrences were found,
/// which happens exactly when the automaton's search finds more than `budget` too.
///
/// # Complexity
/// O(N + L) to build for names of N bytes and a text of L bytes, and at most
/// [`WORK_PER_BYTE`]` · L` more for the search (else it gives up).
pub(crate) fn find_by_first_words(
    hay: &str,
    patterns: &[&str],
    budget: usize,
    max_first_words: usize,
    mut each: impl FnMut(usize, usize),
) -> Result<bool, TooManyMatches> {
    let Some(names) = FirstWords::new(patterns, max_first_words) else { return Ok(false) };
    // A DFA while the heads are few (one table lookup per byte; the automaton's own choice for
    // ~100 heads, a contiguous NFA, took twice the time on generated corpora).
    let dfa = (names.words.len() <= DFA_HEADS).then_some(aho_corasick::AhoCorasickKind::DFA);
    let Ok(automaton) = aho_corasick::AhoCorasick::builder().kind(dfa).build(&names.words) else { return Ok(false) };
    let bytes = hay.as_bytes();
    let work_bound = WORK_PER_BYTE.saturating_mul(bytes.len()).saturating_add(1024);
    let (mut work, mut total) = (0usize, 0usize);
    let mut found = |pattern: u32, start: usize, total: &mut usize| {
        *total += 1;
        if *total > budget {
            return Err(TooManyMatches { budget });
        }
        each(pattern as usize, start);
        Ok(())
    };
    for m in automaton.find_overlapping_iter(hay) {
        work += 1;
        if work > work_bound {
            return Ok(false);
        }
        let (group, start, end) = (m.pattern().as_usize(), m.start(), m.end());
        for &pattern in names.singles(group) {
            found(pattern, start, &mut total)?;
        }
        let lengths = names.lengths(group);
        // A longer name goes on with a character of the other kind than its head's: so must the
        // text.
        let head_is_word = names.words_of_word_chars[group];
        if lengths.is_empty() || hay[end..].chars().next().is_none_or(|c| is_word_char(c) == head_is_word) {
            continue;
        }
        for (&len, last_bytes) in lengths.iter().zip(names.last_bytes(group)) {
            let stop = start + len as usize;
            let Some(&last) = bytes.get(stop.wrapping_sub(1)).filter(|_| stop <= bytes.len()) else { break };
            // The text's byte where these names end must be the last byte of one of them.
            if last_bytes[usize::from(last >> 6)] & (1 << (last & 63)) == 0 {
                continue;
            }
            work += len as usize;
            if let Some(key) = names.lookup(hash(&bytes[start..stop]), &bytes[start..stop]) {
                let mut pattern = names.keys[key];
                while pattern != NONE {
                    found(pattern, start, &mut total)?;
                    pattern = names.same[pattern as usize];
                }
            }
        }
    }
    Ok(work <= work_bound)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A name's head: its leading run of word characters, or of other characters when it starts
/// with one (`‘Northern Territory’ issue 0`), so that what follows the head in the name, if
/// anything, starts with a character of the other kind.
fn head(pattern: &str) -> &str {
    let Some(first) = pattern.chars().next() else { return pattern };
    let kind = is_word_char(first);
    let end = pattern.find(|c: char| is_word_char(c) != kind).unwrap_or(pattern.len());
    &pattern[..end]
}

/// Up to how many distinct heads their automaton is a DFA.
const DFA_HEADS: usize = 2_000;

/// No pattern (the end of a list in [`FirstWords::same`]).
const NONE: u32 = u32::MAX;

/// The names by their heads, and the longer names in a hash table of their bytes.
struct FirstWords<'p> {
    patterns: &'p [&'p str],
    /// The distinct heads; a head's index is its group.
    words: Vec<&'p str>,
    /// Whether each head is of word characters (else of other characters).
    words_of_word_chars: Vec<bool>,
    /// The names that are their head, by group (`single_from[g]..single_from[g + 1]`).
    singles: Vec<u32>,
    single_from: Vec<u32>,
    /// The distinct byte lengths of the longer names, ascending, by group.
    lengths: Vec<u32>,
    /// For each of `lengths`, the last bytes of the group's names of that length (256 bits).
    last_bytes: Vec<[u64; 4]>,
    length_from: Vec<u32>,
    /// The hash table of the longer names' distinct bytes: each slot 0 (empty) or the hash's
    /// high 32 bits and 1 + the key's index.
    slots: Vec<u64>,
    /// Each key's first pattern.
    keys: Vec<u32>,
    /// Each pattern's next pattern with the same bytes, or [`NONE`].
    same: Vec<u32>,
}

impl<'p> FirstWords<'p> {
    fn new(patterns: &'p [&'p str], max_first_words: usize) -> Option<FirstWords<'p>> {
        let n = u32::try_from(patterns.len()).ok().filter(|&n| n < NONE)?;
        let mut group_of: std::collections::HashMap<&str, u32, foldhash::fast::RandomState> =
            std::collections::HashMap::default();
        let mut words = Vec::new();
        // (group, pattern) for the names that are one word, (group, length) for the others.
        let mut singles: Vec<(u32, u32)> = Vec::new();
        let mut lengths: Vec<(u32, u32, u8)> = Vec::new();
        let longer = patterns.iter().filter(|p| head(p).len() < p.len()).count();
        let mut slots = vec![0u64; (longer + longer / 2).next_power_of_two().max(2)];
        let mut keys = Vec::with_capacity(longer);
        let mut same = vec![NONE; patterns.len()];
        for (i, pattern) in (0..n).zip(patterns) {
            let word = head(pattern);
            let word_end = word.len();
            if word_end == 0 {
                return None;
            }
            let next = u32::try_from(words.len()).ok()?;
            let group = *group_of.entry(word).or_insert(next);
            if group == next {
                if words.len() == max_first_words {
                    return None;
                }
                words.push(word);
            }
            if word_end == pattern.len() {
                singles.push((group, i));
                continue;
            }
            let last = pattern.as_bytes()[pattern.len() - 1];
            lengths.push((group, u32::try_from(pattern.len()).ok()?, last));
            let hash = hash(pattern.as_bytes());
            let mask = slots.len() - 1;
            let mut slot = hash as usize & mask;
            loop {
                let held = slots[slot];
                if held == 0 {
                    slots[slot] = (hash & !0xFFFF_FFFF) | (keys.len() as u64 + 1);
                    keys.push(i);
                    break;
                }
                let key = (held & 0xFFFF_FFFF) as usize - 1;
                if held >> 32 == hash >> 32 && patterns[keys[key] as usize] == *pattern {
                    // The same bytes again: listed after the key's first pattern.
                    same[i as usize] = same[keys[key] as usize];
                    same[keys[key] as usize] = i;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        drop(group_of);
        singles.sort_unstable();
        lengths.sort_unstable();
        lengths.dedup();
        let mut last_bytes: Vec<[u64; 4]> = Vec::new();
        let mut distinct: Vec<(u32, u32)> = Vec::new();
        for &(group, len, last) in &lengths {
            if distinct.last() != Some(&(group, len)) {
                distinct.push((group, len));
                last_bytes.push([0; 4]);
            }
            if let Some(bits) = last_bytes.last_mut() {
                bits[usize::from(last >> 6)] |= 1 << (last & 63);
            }
        }
        let single_from = starts(&singles, words.len());
        let length_from = starts(&distinct, words.len());
        Some(FirstWords {
            patterns,
            words_of_word_chars: words.iter().map(|w| w.starts_with(is_word_char)).collect(),
            words,
            singles: singles.into_iter().map(|(_, p)| p).collect(),
            single_from,
            lengths: distinct.into_iter().map(|(_, len)| len).collect(),
            last_bytes,
            length_from,
            slots,
            keys,
            same,
        })
    }

    fn singles(&self, group: usize) -> &[u32] {
        &self.singles[self.single_from[group] as usize..self.single_from[group + 1] as usize]
    }

    fn lengths(&self, group: usize) -> &[u32] {
        &self.lengths[self.length_from[group] as usize..self.length_from[group + 1] as usize]
    }

    fn last_bytes(&self, group: usize) -> &[[u64; 4]] {
        &self.last_bytes[self.length_from[group] as usize..self.length_from[group + 1] as usize]
    }

    /// The key whose bytes are `bytes` (whose hash is `hash`), if a longer name has them.
    fn lookup(&self, hash: u64, bytes: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let held = self.slots[slot];
            if held == 0 {
                return None;
            }
            let key = (held & 0xFFFF_FFFF) as usize - 1;
            if held >> 32 == hash >> 32 && self.patterns[self.keys[key] as usize].as_bytes() == bytes {
                return Some(key);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Where each group's run begins in `pairs` (sorted by group), for `groups` groups, and the end.
fn starts(pairs: &[(u32, u32)], groups: usize) -> Vec<u32> {
    let mut from = Vec::with_capacity(groups + 1);
    let mut at = 0;
    for g in 0..groups {
        from.push(at as u32);
        while pairs.get(at).is_some_and(|&(group, _)| group as usize == g) {
            at += 1;
        }
    }
    from.push(at as u32);
    from
}

/// The table's hash of a name's (or the text's) bytes: foldhash with a fixed seed, so that the
/// names and the text hash alike.
fn hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6b67_6e61_6d65_7321).hash_one(bytes)
}
