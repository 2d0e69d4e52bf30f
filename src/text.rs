//! Searching the essay by character offsets: exact quotes, and names matched case-insensitively
//! on word boundaries. Offsets are Unicode scalar values, never bytes.

/// Bytes (or characters) between two checkpoints of the offset tables: converting an offset
/// walks at most this many bytes from the nearest checkpoint.
const BLOCK: usize = 64;

/// The essay's characters, prepared for searching.
///
/// Memory: the text, its case-folded copy and three checkpoint tables of one `u32` per
/// 64 bytes or characters, about 2.2 bytes per essay byte (a table entry per byte, as
/// before, cost 14).
#[derive(Debug, Clone)]
pub struct EssayText {
    text: String,
    /// The text case-folded character by character, so that character offsets stay the same.
    folded: String,
    /// Number of characters.
    len: usize,
    /// Characters in `text[..i * BLOCK]`.
    chars_before_byte: Vec<u32>,
    /// Characters in `folded[..i * BLOCK]`.
    chars_before_folded_byte: Vec<u32>,
    /// Byte offset in `text` of character `i * BLOCK`.
    byte_of_char: Vec<u32>,
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

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

/// Characters before every [`BLOCK`]-th byte of `s`.
fn chars_before_blocks(s: &str) -> Vec<u32> {
    let mut table = Vec::with_capacity(s.len() / BLOCK + 1);
    let mut n = 0u32;
    for block in s.as_bytes().chunks(BLOCK) {
        table.push(n);
        n += block.iter().filter(|&&b| starts_char(b)).count() as u32;
    }
    table.push(n);
    table
}

/// The character offset of byte offset `byte` (a character boundary, or the end) of `s`.
fn char_at(s: &str, table: &[u32], byte: usize) -> usize {
    let block = byte / BLOCK;
    let from = block * BLOCK;
    table[block] as usize + s.as_bytes()[from..byte].iter().filter(|&&b| starts_char(b)).count()
}

impl EssayText {
    /// Prepares `text` for searching.
    ///
    /// # Panics
    /// Never; texts of 4 GiB or more are not searched correctly (the loader caps essays far
    /// below, at [`crate::MAX_ESSAY_BYTES`]).
    pub fn new(text: &str) -> Self {
        let folded: String = text.chars().map(fold).collect();
        let mut byte_of_char = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut len = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % BLOCK == 0 {
                byte_of_char.push(b as u32);
            }
            len += 1;
        }
        EssayText {
            chars_before_byte: chars_before_blocks(text),
            chars_before_folded_byte: chars_before_blocks(&folded),
            byte_of_char,
            len,
            text: text.to_string(),
            folded,
        }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the essay is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The byte offset in the text of character offset `c` (the text's length for `c` at or past
    /// the end).
    fn byte_at(&self, c: usize) -> usize {
        if c >= self.len {
            return self.text.len();
        }
        let from = self.byte_of_char[c / BLOCK] as usize;
        self.text[from..].char_indices().nth(c % BLOCK).map_or(self.text.len(), |(b, _)| from + b)
    }

    /// The characters from `start` to `end` (exclusive); empty when `end` is not after `start`.
    pub fn slice(&self, start: usize, end: usize) -> String {
        let (s, e) = (self.byte_at(start), self.byte_at(end));
        self.text.get(s..e.max(s)).unwrap_or_default().to_string()
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
        Ok(found
            .into_iter()
            .map(|v| v.into_iter().map(|b| char_at(&self.text, &self.chars_before_byte, b)).collect())
            .collect())
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
                let starts = starts.into_iter().map(|b| char_at(&self.folded, &self.chars_before_folded_byte, b));
                self.on_word_boundaries(needle, starts)
            })
            .collect())
    }

    /// [`EssayText::find_name`] inside the characters `start..end` only (occurrences that lie
    /// wholly inside; the word boundaries are checked against the whole text).
    ///
    /// # Complexity
    /// O(P · n) for a span of P bytes and a name of n bytes, whatever the size of the essay.
    pub fn find_name_within(&self, name: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
        let needle: String = name.chars().map(fold).collect();
        let (start_byte, end_byte) = (self.byte_at(start), self.byte_at(end));
        let Some(span) = self.text.get(start_byte..end_byte) else { return Vec::new() };
        let folded: String = span.chars().map(fold).collect();
        if needle.is_empty() {
            return Vec::new();
        }
        // Every occurrence, overlapping ones included, as the whole-text search finds them.
        let mut starts = Vec::new();
        let mut from = 0;
        while let Some(i) = folded.get(from..).and_then(|rest| rest.find(&needle)) {
            starts.push(start + folded[..from + i].chars().count());
            from += i + folded[from + i..].chars().next().map_or(1, char::len_utf8);
        }
        self.on_word_boundaries(&needle, starts.into_iter())
    }

    /// The occurrences of the folded `needle` at character offsets `starts` that begin and end on
    /// a word boundary, as `(start, end)` in characters.
    fn on_word_boundaries(&self, needle: &str, starts: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
        let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
            return Vec::new();
        };
        let len = needle.chars().count();
        starts
            .filter(|&start| {
                let (start_byte, end_byte) = (self.byte_at(start), self.byte_at(start + len));
                let before = self.text[..start_byte].chars().next_back();
                let after = self.text[end_byte..].chars().next();
                let before_ok = before.is_none_or(|c| !is_word_char(c)) || !is_word_char(first);
                let after_ok = after.is_none_or(|c| !is_word_char(c)) || !is_word_char(last);
                before_ok && after_ok
            })
            .map(|start| (start, start + len))
            .collect()
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
    fn offsets_far_into_a_multibyte_text_match_a_naive_count() {
        let essay: String = (0..60).map(|i| format!("Ünïcode ‘Kuril’ {i} Япония—Kurilx. ")).collect();
        let t = EssayText::new(&essay);
        let chars: Vec<char> = essay.chars().collect();
        assert_eq!(t.len(), chars.len());
        let naive: Vec<usize> = essay.match_indices("Kuril").map(|(b, _)| essay[..b].chars().count()).collect();
        assert_eq!(t.find_exact("Kuril"), naive);
        for &start in &naive {
            assert_eq!(t.slice(start, start + 5), "Kuril");
        }
        // Word boundaries: "Kurilx" is not a mention of "Kuril"; "Япония" is, case-insensitively.
        assert_eq!(t.find_name("kuril").len(), 60);
        let japan: Vec<(usize, usize)> =
            essay.match_indices("Япония").map(|(b, _)| essay[..b].chars().count()).map(|s| (s, s + 6)).collect();
        assert_eq!(t.find_name("ЯПОНИЯ"), japan);
        assert_eq!(t.slice(chars.len() - 3, chars.len()), chars[chars.len() - 3..].iter().collect::<String>());
        assert_eq!(t.slice(5, 2), "");
        // Within a span: the same occurrences as the whole-text search, cut to the span.
        let (from, to) = (japan[3].0 - 2, japan[7].1);
        let inside: Vec<(usize, usize)> = japan.iter().copied().filter(|&(s, e)| s >= from && e <= to).collect();
        assert_eq!(t.find_name_within("япония", from, to), inside);
        assert_eq!(t.find_name_within("kuril", 0, chars.len()), t.find_name("kuril"));
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let t = EssayText::new("‘Northern Territory’ issue");
        assert_eq!(t.find_exact("issue"), vec![21]);
        assert_eq!(t.slice(1, 19), "Northern Territory");
    }
}
