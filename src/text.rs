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
    text_index: GramIndex,
    folded_index: GramIndex,
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
            text_index: GramIndex::new(text),
            folded_index: GramIndex::new(&folded),
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
    /// O(C·n) for C places where the needle's first four bytes occur and a needle of n bytes.
    pub fn find_exact(&self, needle: &str) -> Vec<usize> {
        self.text_index.find(&self.text, needle).into_iter().map(|b| self.char_at_byte[b] as usize).collect()
    }

    /// `(start, end)` in characters of every case-insensitive occurrence of `name` that starts and
    /// ends on a word boundary.
    pub fn find_name(&self, name: &str) -> Vec<(usize, usize)> {
        let needle: String = name.chars().map(fold).collect();
        let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
            return Vec::new();
        };
        let len = needle.chars().count();
        self.folded_index
            .find(&self.folded, &needle)
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
    }
}

/// Where every 4-byte sequence starts in a text, sorted and bucketed by its first two bytes, so
/// that a search only checks the places where one of its needle's grams occurs.
#[derive(Debug, Clone)]
struct GramIndex {
    /// `(four bytes as a number, byte offset)`, sorted.
    starts: Vec<(u32, u32)>,
    /// `starts[buckets[h]..buckets[h + 1]]` are the grams whose first two bytes are `h`, so a
    /// lookup searches one small, contiguous bucket (few cache misses on a large corpus).
    buckets: Vec<u32>,
}

fn gram(bytes: &[u8]) -> Option<u32> {
    bytes.get(..4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl GramIndex {
    /// # Complexity
    /// O(L) for a text of L bytes: the grams are listed in text order and sorted by a stable
    /// two-pass radix sort on their 32 bits, which leaves each gram's offsets in order.
    fn new(text: &str) -> GramIndex {
        let bytes = text.as_bytes();
        let starts: Vec<(u32, u32)> =
            text.char_indices().filter_map(|(i, _)| gram(&bytes[i..]).map(|g| (g, i as u32))).collect();
        let low = radix_pass(&starts, |g| g & 0xFFFF);
        let starts = radix_pass(&low, |g| g >> 16);
        let mut buckets = vec![0u32; (1 << 16) + 1];
        for &(g, _) in &starts {
            buckets[(g >> 16) as usize + 1] += 1;
        }
        for h in 1..buckets.len() {
            buckets[h] += buckets[h - 1];
        }
        GramIndex { starts, buckets }
    }

    /// The `(gram, offset)` entries of one gram, sorted by offset.
    fn occurrences(&self, g: u32) -> &[(u32, u32)] {
        let h = (g >> 16) as usize;
        let bucket = &self.starts[self.buckets[h] as usize..self.buckets[h + 1] as usize];
        let from = bucket.partition_point(|&(x, _)| x < g);
        let to = from + bucket[from..].partition_point(|&(x, _)| x == g);
        &bucket[from..to]
    }

    /// Byte offsets of every occurrence of `needle`, overlapping ones included, in order.
    ///
    /// Candidates come from the rarest of a few grams spread over the needle, so that a needle
    /// whose first four bytes are common (a name that every essay of a corpus uses) still checks
    /// few places.
    ///
    /// # Complexity
    /// O(log L + C·n) for C places where the rarest sampled gram occurs and a needle of n bytes.
    fn find(&self, haystack: &str, needle: &str) -> Vec<usize> {
        if gram(needle.as_bytes()).is_none() {
            return find_all(haystack, needle).collect();
        }
        let mut best: Option<(usize, &[(u32, u32)])> = None;
        for at in sample_offsets(needle) {
            let Some(g) = gram(&needle.as_bytes()[at..]) else { continue };
            let places = self.occurrences(g);
            if best.is_none_or(|(_, b)| places.len() < b.len()) {
                best = Some((at, places));
            }
        }
        let Some((at, places)) = best else { return Vec::new() };
        // `places` is sorted by offset, so the occurrences come out in order.
        places
            .iter()
            .filter_map(|&(_, i)| (i as usize).checked_sub(at))
            .filter(|&i| haystack.as_bytes()[i..].starts_with(needle.as_bytes()))
            .collect()
    }
}

/// One stable counting-sort pass of `(gram, offset)` pairs on a 16-bit digit of the gram.
fn radix_pass(items: &[(u32, u32)], digit: impl Fn(u32) -> u32) -> Vec<(u32, u32)> {
    let mut next = vec![0usize; 1 << 16];
    for &(g, _) in items {
        next[digit(g) as usize] += 1;
    }
    let mut total = 0;
    for slot in next.iter_mut() {
        let count = *slot;
        *slot = total;
        total += count;
    }
    let mut sorted = vec![(0, 0); items.len()];
    for &(g, i) in items {
        let slot = &mut next[digit(g) as usize];
        sorted[*slot] = (g, i);
        *slot += 1;
    }
    sorted
}

/// How many grams of a needle [`GramIndex::find`] compares: enough to find a rare one, few enough
/// that counting them stays cheaper than checking candidates.
const SAMPLED_GRAMS: usize = 8;

/// About [`SAMPLED_GRAMS`] byte offsets of `needle`, on character boundaries, spread evenly over
/// it, from the first gram to the last; each has at least four bytes after it.
fn sample_offsets(needle: &str) -> impl Iterator<Item = usize> + '_ {
    let last = needle.len().saturating_sub(4);
    let step = (last / SAMPLED_GRAMS).max(1);
    (0..=last)
        .step_by(step)
        .take(SAMPLED_GRAMS + 1)
        .chain(std::iter::once(last))
        .filter(move |&at| needle.is_char_boundary(at))
}

/// Byte offsets of every occurrence of `needle` in `haystack`, overlapping ones included.
fn find_all<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        let found = from + haystack.get(from..)?.find(needle)?;
        // Step past the first character so that overlapping occurrences are found too.
        from = found + haystack[found..].chars().next().map_or(1, char::len_utf8);
        Some(found)
    })
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
