//! Searching the essay by character offsets: exact quotes, and names matched case-insensitively
//! on word boundaries. Offsets are Unicode scalar values, never bytes.

/// The essay's characters, prepared for searching.
#[derive(Debug, Clone)]
pub struct EssayText {
    text: String,
    /// The text case-folded character by character, so that character offsets stay the same.
    folded: String,
    chars: Vec<char>,
    /// Character offset of every byte offset of `text` (and of its end).
    char_at_byte: Vec<u32>,
    /// Character offset of every byte offset of `folded` (and of its end).
    char_at_folded_byte: Vec<u32>,
}

/// Case-folds one character to one character, so offsets in the folded text equal offsets in the
/// original.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn char_offsets(s: &str) -> Vec<u32> {
    let mut table = vec![0; s.len() + 1];
    let mut n = 0;
    for (i, c) in s.char_indices() {
        for slot in &mut table[i..i + c.len_utf8()] {
            *slot = n;
        }
        n += 1;
    }
    table[s.len()] = n;
    table
}

impl EssayText {
    /// Prepares `text` for searching.
    pub fn new(text: &str) -> Self {
        let folded: String = text.chars().map(fold).collect();
        EssayText {
            chars: text.chars().collect(),
            char_at_byte: char_offsets(text),
            char_at_folded_byte: char_offsets(&folded),
            text: text.to_string(),
            folded,
        }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the essay is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The characters from `start` to `end` (exclusive).
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// Start offsets (in characters) of every exact occurrence of `needle`, overlapping ones
    /// included.
    ///
    /// # Complexity
    /// O(L + n + M) for an essay of L bytes, a needle of n bytes and M occurrences. To look for
    /// many needles, use [`EssayText::find_exact_many`], which reads the essay once for all.
    pub fn find_exact(&self, needle: &str) -> Vec<usize> {
        self.find_exact_many(&[needle], usize::MAX).map(|mut v| v.remove(0)).unwrap_or_default()
    }

    /// For each needle, the start offsets (in characters) of its exact occurrences, overlapping
    /// ones included; an error when more than `budget` occurrences were found in all.
    ///
    /// # Complexity
    /// O(L + N + M) for an essay of L bytes, needles of N bytes in all and M occurrences in all.
    pub fn find_exact_many(&self, needles: &[&str], budget: usize) -> Result<Vec<Vec<usize>>, TooManyMatches> {
        let found = find_all_many(&self.text, needles, budget)?;
        Ok(found.into_iter().map(|v| v.into_iter().map(|b| self.char_at_byte[b] as usize).collect()).collect())
    }

    /// `(start, end)` in characters of every case-insensitive occurrence of `name` that starts and
    /// ends on a word boundary.
    pub fn find_name(&self, name: &str) -> Vec<(usize, usize)> {
        self.find_names(&[name], usize::MAX).map(|mut v| v.remove(0)).unwrap_or_default()
    }

    /// [`EssayText::find_name`] for many names at once, reading the essay once; an error when more
    /// than `budget` occurrences (before the word-boundary check) were found in all.
    ///
    /// # Complexity
    /// O(L + N + M) as for [`EssayText::find_exact_many`].
    pub fn find_names(&self, names: &[&str], budget: usize) -> Result<Vec<Vec<(usize, usize)>>, TooManyMatches> {
        let needles: Vec<String> = names.iter().map(|n| n.chars().map(fold).collect()).collect();
        let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
        let found = find_all_many(&self.folded, &refs, budget)?;
        Ok(found
            .into_iter()
            .zip(&needles)
            .map(|(starts, needle)| {
                let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
                    return Vec::new();
                };
                let len = needle.chars().count();
                starts
                    .into_iter()
                    .map(|b| self.char_at_folded_byte[b] as usize)
                    .filter(|&start| {
                        let end = start + len;
                        let before_ok = start == 0 || !is_word_char(self.chars[start - 1]) || !is_word_char(first);
                        let after_ok = end == self.chars.len() || !is_word_char(self.chars[end]) || !is_word_char(last);
                        before_ok && after_ok
                    })
                    .map(|start| (start, start + len))
                    .collect()
            })
            .collect())
    }
}

/// Too many occurrences in all: a search for many needles stopped at its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyMatches {
    /// The budget that was reached.
    pub budget: usize,
}

/// Byte offsets of every occurrence (overlapping ones included) of every needle in `haystack`, in
/// order, found in one pass by an Aho–Corasick automaton; `None` when more than `budget`
/// occurrences were found in all.
///
/// # Complexity
/// O(L + N + M) for a haystack of L bytes, needles of N bytes in all, and M ≤ `budget`
/// occurrences.
pub(crate) fn find_all_many(
    haystack: &str,
    needles: &[&str],
    budget: usize,
) -> Result<Vec<Vec<usize>>, TooManyMatches> {
    let mut found = vec![Vec::new(); needles.len()];
    // Empty needles match nowhere (the automaton would match them everywhere).
    let (ids, patterns): (Vec<usize>, Vec<&str>) =
        needles.iter().enumerate().filter(|(_, n)| !n.is_empty()).map(|(i, n)| (i, *n)).unzip();
    if patterns.is_empty() {
        return Ok(found);
    }
    let automaton = aho_corasick::AhoCorasick::new(&patterns).map_err(|_| TooManyMatches { budget })?;
    let mut total = 0;
    for m in automaton.find_overlapping_iter(haystack) {
        total += 1;
        if total > budget {
            return Err(TooManyMatches { budget });
        }
        found[ids[m.pattern().as_usize()]].push(m.start());
    }
    for f in &mut found {
        f.sort_unstable();
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_on_word_boundaries_only() {
        let t = EssayText::new("Japan’s Japanese japan");
        assert_eq!(t.find_name("Japan"), vec![(0, 5), (17, 22)]);
    }

    #[test]
    fn indexed_search_finds_every_occurrence() {
        let essay = "Japan’s Japan Japan japanese Kuril Islands Kuril";
        let t = EssayText::new(essay);
        assert_eq!(t.find_exact("Japan"), vec![0, 8, 14]);
        assert_eq!(t.find_exact("Jap"), vec![0, 8, 14, 20].into_iter().filter(|&i| i != 20).collect::<Vec<_>>());
        assert_eq!(t.find_name("KURIL"), vec![(29, 34), (43, 48)]);
        assert_eq!(t.find_name("Kuril Islands"), vec![(29, 42)]);
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let t = EssayText::new("‘Northern Territory’ issue");
        assert_eq!(t.find_exact("issue"), vec![21]);
        assert_eq!(t.slice(1, 19), "Northern Territory");
    }
}
