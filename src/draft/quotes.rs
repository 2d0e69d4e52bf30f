//! Verbatim quotes that occur exactly once in the essay, as the loader requires: a span is
//! widened word by word within its sentence until it is unique, or given up.

use super::sentences::{Sentence, Token};

/// Finds unique quotes in one essay.
pub(crate) struct Quoter<'a> {
    /// The essay, searched as the loader does: exact text, overlapping occurrences counted.
    pub essay: &'a str,
    pub chars: &'a [char],
    pub tokens: &'a [Token],
}

/// Whether `needle` occurs exactly once in `hay`, overlapping occurrences counted (as
/// `EssayText::find_exact` counts them, without building an automaton for one needle: the
/// drafter asks this a few hundred times per essay).
fn occurs_once(hay: &str, needle: &str) -> bool {
    let Some(first) = hay.find(needle) else { return false };
    let next = first + needle.chars().next().map_or(1, char::len_utf8);
    !hay[next..].contains(needle)
}

impl Quoter<'_> {
    /// The text of a span.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// Widens `start..end` (which must lie within `sentence`) by whole tokens until its text
    /// occurs once in the essay; `None` when even the whole sentence occurs more than once.
    pub fn unique(&self, start: usize, end: usize, sentence: &Sentence) -> Option<(usize, usize)> {
        let range = sentence.tokens.clone();
        let mut first = range.clone().find(|&t| self.tokens[t].end > start)?;
        let mut last = range.clone().rev().find(|&t| self.tokens[t].start < end)?;
        // Left first: "in Manchuria" reads better than "Manchuria as".
        let mut grow_right = false;
        loop {
            let (s, e) = (self.tokens[first].start.min(start), self.tokens[last].end.max(end));
            if occurs_once(self.essay, &self.slice(s, e)) {
                return Some((s, e));
            }
            let can_right = last + 1 < range.end;
            let can_left = first > range.start;
            // Grow by a word at a time: a quote that ends in "Ukraine," reads worse than one
            // that ends at a word.
            match (grow_right, can_right, can_left) {
                (true, true, _) | (false, true, false) => {
                    last += 1;
                    while !self.tokens[last].word && last + 1 < range.end {
                        last += 1;
                    }
                }
                (_, false, true) | (false, _, true) => {
                    first -= 1;
                    while !self.tokens[first].word && first > range.start {
                        first -= 1;
                    }
                }
                (_, false, false) => return None,
            }
            grow_right = !grow_right;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::occurs_once;

    #[test]
    fn once_counts_overlapping_occurrences() {
        assert!(occurs_once("the Treaty of Kiel", "Kiel"));
        assert!(!occurs_once("Kiel and Kiel", "Kiel"));
        assert!(!occurs_once("aaa", "aa"));
        assert!(!occurs_once("Kiel", "Riga"));
        assert!(occurs_once("Ösel and Öland", "Ösel"));
        assert!(!occurs_once("Ösel and Ösel", "Ösel"));
    }
}
