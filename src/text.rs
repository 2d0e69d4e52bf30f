//! Searching the essay by character offsets: exact quotes, and names matched case-insensitively
//! on word boundaries. Offsets are Unicode scalar values, never bytes.

/// The essay's characters, prepared for searching.
#[derive(Debug, Clone)]
pub struct EssayText {
    chars: Vec<char>,
    folded: Vec<char>,
}

/// Case-folds one character to one character, so offsets in the folded text equal offsets in the
/// original.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl EssayText {
    /// Prepares `text` for searching.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let folded = chars.iter().copied().map(fold).collect();
        EssayText { chars, folded }
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

    /// The characters of the essay.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Start offsets of every exact occurrence of `needle`.
    pub fn find_exact(&self, needle: &str) -> Vec<usize> {
        let needle: Vec<char> = needle.chars().collect();
        find_all(&self.chars, &needle)
    }

    /// `(start, end)` of every case-insensitive occurrence of `name` that starts and ends on a
    /// word boundary.
    pub fn find_name(&self, name: &str) -> Vec<(usize, usize)> {
        let needle: Vec<char> = name.chars().map(fold).collect();
        if needle.is_empty() {
            return Vec::new();
        }
        find_all(&self.folded, &needle)
            .into_iter()
            .filter(|&start| {
                let end = start + needle.len();
                let before_ok = start == 0 || !is_word_char(self.chars[start - 1]) || !is_word_char(needle[0]);
                let after_ok = end == self.chars.len()
                    || !is_word_char(self.chars[end])
                    || !is_word_char(needle[needle.len() - 1]);
                before_ok && after_ok
            })
            .map(|start| (start, start + needle.len()))
            .collect()
    }
}

fn find_all(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    haystack.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
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
    fn offsets_count_characters_not_bytes() {
        let t = EssayText::new("‘Northern Territory’ issue");
        assert_eq!(t.find_exact("issue"), vec![21]);
        assert_eq!(t.slice(1, 19), "Northern Territory");
    }
}
