//! Searching the essay by character offsets: exact quotes, and names matched case-insensitively
//! on word boundaries. Offsets are Unicode scalar values, never bytes.

/// Bytes (or characters) between two checkpoints of the offset tables: converting an offset
/// walks at most this many bytes from the nearest checkpoint.
use crate::model::{Evidence, SharedStr};

const BLOCK: usize = 64;

/// The essay's characters, prepared for searching.
///
/// Memory: the text and two checkpoint tables of one `u32` per 64 bytes or characters, about
/// 1.1 bytes per essay byte (a table entry per byte, as before, cost 14). The case-folded copy
/// that names are searched in is made by [`EssayText::find_names`] for its search only (kept,
/// it was ~90 MB of the loader's peak at a million relations).
#[derive(Debug, Clone)]
pub struct EssayText {
    /// Shared with the [`Evidence`] made of it ([`EssayText::evidence`]) and the dataset.
    text: SharedStr,
    /// Number of characters.
    len: usize,
    /// Characters in `text[..i * BLOCK]`.
    chars_before_byte: Vec<u32>,
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

/// How many bytes of `bytes` start a character, counted 8 bytes at a time (a byte loop cost ~5
/// instructions per byte of the essay, twice per load).
pub(crate) fn char_starts(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut continuations = 0;
    for chunk in &mut words {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // A continuation byte is 0b10xx_xxxx: bit 7 set, bit 6 (shifted to bit 7) clear.
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
    }
    bytes.len() - continuations - words.remainder().iter().filter(|&&b| !starts_char(b)).count()
}

/// Characters before every [`BLOCK`]-th byte of `s`.
fn chars_before_blocks(s: &str) -> Vec<u32> {
    let mut table = Vec::with_capacity(s.len() / BLOCK + 1);
    let mut n = 0u32;
    for block in s.as_bytes().chunks(BLOCK) {
        table.push(n);
        n += char_starts(block) as u32;
    }
    table.push(n);
    table
}

/// The character offset of byte offset `byte` (a character boundary, or the end) of `s`.
fn char_at(s: &str, table: &[u32], byte: usize) -> usize {
    let block = byte / BLOCK;
    let from = block * BLOCK;
    table[block] as usize + char_starts(&s.as_bytes()[from..byte])
}

/// An essay's title line: see [`title_line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TitleLine<'a> {
    /// Character offset of its first visible character.
    pub start: usize,
    /// Character offset just after its last visible character.
    pub end: usize,
    /// Its text, trimmed of white space (`&essay[..]` from `start` to `end`).
    pub text: &'a str,
}

/// The essay's title: its first line with visible text, trimmed of white space (an essay may open
/// with blank or whitespace-only lines). One notion for the loader ([`crate::Dataset`]'s title)
/// and the drafter (which reads no names in the title). `None` when the essay has no visible text.
///
/// # Complexity
/// O(L) for the L bytes up to the end of the title line.
pub(crate) fn title_line(essay: &str) -> Option<TitleLine<'_>> {
    let mut from = 0; // byte offset of the line
    for line in essay.split_inclusive('\n') {
        let text = line.trim();
        if !text.is_empty() {
            let byte = from + (line.len() - line.trim_start().len());
            let start = essay[..byte].chars().count();
            return Some(TitleLine { start, end: start + text.chars().count(), text });
        }
        from += line.len();
    }
    None
}

/// Bytes of a word (8 bytes read as a `u64`), for [`all_bytes`]'s tests.
pub(crate) mod word {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// Whether the word holds a byte below 0x20 or equal to 0x7F (an ASCII control character).
    /// Exact for whether one exists (a borrow can mark bytes after a true one, never alone).
    pub(crate) fn has_control(x: u64) -> bool {
        let below = x.wrapping_sub(0x20 * ONES) & !x & HIGH;
        below != 0 || has_byte(x, 0x7F)
    }

    /// Whether the word holds byte `b`.
    pub(crate) fn has_byte(x: u64, b: u8) -> bool {
        let y = x ^ (u64::from(b) * ONES);
        y.wrapping_sub(ONES) & !y & HIGH != 0
    }

    /// Whether the word holds a byte of 0xF0 or more (bits 7 to 4 set).
    pub(crate) fn has_byte_from_f0(x: u64) -> bool {
        x & (x << 1) & (x << 2) & (x << 3) & HIGH != 0
    }

    /// Whether the word holds a byte of 0x80 or more (anything but ASCII).
    pub(crate) fn has_non_ascii(x: u64) -> bool {
        x & HIGH != 0
    }
}

/// Whether every byte of `bytes` passes `ok`, read 8 bytes at a time: a word that `suspect`
/// clears passes without a look at its bytes, so `suspect` must hold for every word with a byte
/// that `ok` refuses ([`word()`]); the other words are checked byte by byte. (A loop over the
/// bytes cost ~4 instructions per byte of every quote and string field, ~10% of loading.)
pub(crate) fn all_bytes(bytes: &[u8], suspect: impl Fn(u64) -> bool, ok: impl Fn(u8) -> bool) -> bool {
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let Ok(w) = <[u8; 8]>::try_from(chunk) else { return chunk.iter().all(|&b| ok(b)) };
        if suspect(u64::from_le_bytes(w)) && !chunk.iter().all(|&b| ok(b)) {
            return false;
        }
    }
    words.remainder().iter().all(|&b| ok(b))
}

impl EssayText {
    /// Prepares `text` for searching.
    ///
    /// # Panics
    /// Never; texts of 4 GiB or more are not searched correctly (the loader caps essays far
    /// below, at [`crate::MAX_ESSAY_BYTES`]).
    pub fn new(text: &str) -> Self {
        Self::from_shared(SharedStr::from(text))
    }

    /// [`EssayText::new`] of a text it takes (copied once into a shared allocation).
    pub fn from_string(text: String) -> Self {
        Self::from_shared(SharedStr::from(text))
    }

    /// [`EssayText::new`] of a shared text, without a copy (a `'static` one, such as the
    /// built-in essay, stays borrowed).
    pub fn from_shared(text: SharedStr) -> Self {
        let chars_before_byte = chars_before_blocks(&text);
        let len = chars_before_byte.last().map_or(0, |&n| n as usize);
        // The byte of every BLOCK-th character, found from the characters before each block of
        // bytes: directly in a block of ASCII, by a walk in the others (a walk over every
        // character cost ~12 instructions per byte).
        let mut byte_of_char = Vec::with_capacity(len / BLOCK + 1);
        let mut next = 0;
        for (block, counts) in chars_before_byte.windows(2).enumerate() {
            let (before, after) = (counts[0] as usize, counts[1] as usize);
            let from = block * BLOCK;
            let bytes = &text.as_bytes()[from..text.len().min(from + BLOCK)];
            while next < after {
                let k = next - before;
                let at = if after - before == bytes.len() {
                    k
                } else {
                    bytes.iter().enumerate().filter(|(_, &b)| starts_char(b)).nth(k).map_or(bytes.len(), |(i, _)| i)
                };
                byte_of_char.push((from + at) as u32);
                next += BLOCK;
            }
        }
        EssayText { chars_before_byte, byte_of_char, len, text }
    }

    /// The text, given back without a copy.
    pub fn into_text(self) -> SharedStr {
        self.text
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The passage from character `start` to character `end` (exclusive) as evidence whose quote
    /// shares this text; an empty quote when `end` is not after `start`.
    pub fn evidence(&self, start: usize, end: usize) -> Evidence {
        let (s, e) = (self.byte_at(start), self.byte_at(end));
        self.evidence_at_bytes(s..e.max(s), start, end)
    }

    /// Evidence for the text's bytes `bytes`, which hold characters `start..end`.
    pub(crate) fn evidence_at_bytes(&self, bytes: std::ops::Range<usize>, start: usize, end: usize) -> Evidence {
        // `bytes` come from this text's own tables, so they lie on character boundaries.
        Evidence::in_text(&self.text, bytes, start, end).unwrap_or_else(|| Evidence::new("", start, end))
    }

    /// [`EssayText::evidence_at_bytes`] of a quote found in this text at `bytes` and nowhere
    /// else, overlapping occurrences included ([`Evidence::found_once`]).
    pub(crate) fn evidence_found_once(&self, bytes: std::ops::Range<usize>, start: usize, end: usize) -> Evidence {
        self.evidence_at_bytes(bytes, start, end).found_once()
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
    pub(crate) fn byte_at(&self, c: usize) -> usize {
        if c >= self.len {
            return self.text.len();
        }
        let block = c / BLOCK;
        let from = self.byte_of_char[block] as usize;
        // BLOCK characters in BLOCK bytes are all ASCII: the byte is found without the walk (the
        // finish's mentions ask for two per mention, ~32 characters walked each at a million
        // relations).
        if self.byte_of_char.get(block + 1).is_some_and(|&next| (next as usize).checked_sub(from) == Some(BLOCK)) {
            return from + c % BLOCK;
        }
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
    /// O(L + N + M) for an essay of L bytes, needles of N bytes in all and M occurrences in all
    /// (needles of 19 bytes or more are found by anchored windows, shorter ones by an automaton).
    pub fn find_exact_many(&self, needles: &[&str], budget: usize) -> Result<Vec<Vec<usize>>, TooManyMatches> {
        let found = self.find_exact_many_bytes(needles, budget)?;
        Ok(found.into_iter().map(|v| v.into_iter().map(|b| self.char_of_byte(b)).collect()).collect())
    }

    /// [`EssayText::find_exact_many`] in byte offsets: what the loader keeps, since a quote's
    /// evidence needs its bytes, and its characters only once ([`EssayText::char_of_byte`]).
    pub(crate) fn find_exact_many_bytes(
        &self,
        needles: &[&str],
        budget: usize,
    ) -> Result<Vec<Vec<usize>>, TooManyMatches> {
        self.find_exact_many_flat(needles, budget).map(Found::into_lists)
    }

    /// [`EssayText::find_exact_many_bytes`] without a list per needle ([`Found`]).
    pub(crate) fn find_exact_many_flat(&self, needles: &[&str], budget: usize) -> Result<Found, TooManyMatches> {
        find_all_at_word_starts_flat(&self.text, needles, budget, QUOTE_WINDOWS)
    }

    /// The loader's quote search for `needles` ([`EssayText::find_exact_many`]), with what it
    /// cost counted instead of its results: probes, bytes compared, bytes an automaton read
    /// (see [`EssayText::linear_search_work`]); `None` past `budget` occurrences. For tests
    /// that bound the search's work instead of timing it; not part of the API.
    #[doc(hidden)]
    pub fn quote_search_work(&self, needles: &[&str], budget: usize) -> Option<usize> {
        self.find_exact_many_flat(needles, budget).ok().map(|found| found.work())
    }

    /// The most work [`EssayText::quote_search_work`] may count for `needles` in this essay and
    /// still be linear: 4 units per byte of the essay and the needles (a probe every 4th byte,
    /// each needle compared about once where it occurs, short needles' automaton reading both
    /// once). A search that compares every needle wherever a shared opening occurs costs about
    /// the needles' count times their bytes instead. Not part of the API.
    #[doc(hidden)]
    pub fn linear_search_work(&self, needles: &[&str]) -> usize {
        4 * (self.text.len() + bytes(needles))
    }

    /// The character offset of byte offset `byte` (a character boundary, or the end).
    pub(crate) fn char_of_byte(&self, byte: usize) -> usize {
        char_at(&self.text, &self.chars_before_byte, byte.min(self.text.len()))
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
        // The text case-folded character by character, so that character offsets stay the same.
        let (folded, same_bytes) = fold_text(&self.text);
        let found = find_all_many(&folded, &refs, budget)?;
        if same_bytes {
            // Byte offsets in the folded text are byte offsets in the text too.
            return Ok(found
                .into_iter()
                .zip(&needles)
                .map(|(starts, needle)| self.names_at_bytes(needle, starts))
                .collect());
        }
        let chars_before_folded_byte = chars_before_blocks(&folded);
        Ok(found
            .into_iter()
            .zip(&needles)
            .map(|(starts, needle)| {
                let starts = starts.into_iter().map(|b| char_at(&folded, &chars_before_folded_byte, b));
                self.on_word_boundaries(needle, starts)
            })
            .collect())
    }

    /// [`EssayText::find_names`] as the loader uses it: every occurrence on word boundaries as
    /// `(start, end, index of the name)` in characters, in no particular order, without a list
    /// per name (two allocations per name before: its hits and its hits on word boundaries) and
    /// with the folded names side by side in one buffer (not a `String` each); the same budget
    /// and the same error. `None` when case folding changes the text's byte lengths (almost
    /// never: the Kelvin sign), for the caller to use [`EssayText::find_names`].
    pub(crate) fn find_names_flat(
        &self,
        names: &[&str],
        budget: usize,
    ) -> Result<Option<Vec<NameMatch>>, TooManyMatches> {
        let every = if names.len() >= PADDED_FROM { NAMES_PER_PADDING } else { 0 };
        self.find_names_flat_padded(names, budget, every)
    }

    /// [`EssayText::find_names_flat`] with a padding pattern after every `every` names in the
    /// automaton (none when 0; [`names_automaton`]); the same result whatever `every` is.
    fn find_names_flat_padded(
        &self,
        names: &[&str],
        budget: usize,
        every: usize,
    ) -> Result<Option<Vec<NameMatch>>, TooManyMatches> {
        self.find_names_flat_by(names, budget, every, FOLDED_WINDOW)
    }

    /// [`EssayText::find_names_flat_padded`], the essay folded and searched `window` bytes at a
    /// time ([`FOLDED_WINDOW`]; the same result whatever `window` is, 1 or `usize::MAX`, which
    /// folds and searches the whole essay at once, as before round 28).
    ///
    /// Each window's text is folded into one buffer, reused, with the longest name's bytes after
    /// it, and searched from its start: every occurrence that starts in the window lies whole in
    /// that text, is found there, and is kept there only (one that starts after the window is
    /// left to the next), so each occurrence is counted against the budget once, as in one search
    /// of the whole folded essay. Before, the whole essay was folded into a new string (~90 MB at
    /// a million relations: its pages faulted in and zeroed, written once, read once by the
    /// search); a window's stays in the cache for its search. `None` as soon as a window's
    /// folding changes byte lengths (found after the automaton is built, the rare cost of such an
    /// essay); an error found before then is the name lists' too, as the occurrences counted so
    /// far are occurrences in the folded essay.
    fn find_names_flat_by(
        &self,
        names: &[&str],
        budget: usize,
        every: usize,
        window: usize,
    ) -> Result<Option<Vec<NameMatch>>, TooManyMatches> {
        let mut buffer = String::with_capacity(names.iter().map(|n| n.len()).sum());
        let mut spans = Vec::with_capacity(names.len());
        for name in names {
            let start = buffer.len();
            push_folded(name, &mut buffer);
            spans.push(start..buffer.len());
        }
        // Empty names match nowhere (the automaton would match them everywhere). Each pattern:
        // its name and its length in characters (whether its first and last characters are word
        // characters is read from each match: below).
        let mut shapes: Vec<(u32, u32)> = Vec::with_capacity(names.len());
        let mut patterns: Vec<&str> = Vec::with_capacity(names.len());
        for (i, span) in spans.into_iter().enumerate() {
            let needle = &buffer[span];
            if needle.is_empty() {
                continue;
            }
            let len = u32::try_from(needle.chars().count()).map_err(|_| TooManyMatches { budget })?;
            let name = u32::try_from(i).map_err(|_| TooManyMatches { budget })?;
            shapes.push((name, len));
            patterns.push(needle);
        }
        let mut out = Vec::new();
        if patterns.is_empty() {
            return Ok(Some(out));
        }
        let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let automaton = names_automaton(&patterns, every).map_err(|_| TooManyMatches { budget })?;
        drop(patterns);
        let text: &str = &self.text;
        let boundary_from = |mut at: usize| {
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        let mut folded = String::with_capacity(window.min(text.len()).saturating_add(longest + 4));
        let mut total = 0;
        let mut from = 0;
        while from < text.len() {
            let to = boundary_from(from.saturating_add(window.max(1)).min(text.len()));
            let end = boundary_from(to.saturating_add(longest).min(text.len()));
            folded.clear();
            if !push_folded(&text[from..end], &mut folded) {
                return Ok(None);
            }
            for m in automaton.find_overlapping_iter(folded.as_str()) {
                let mut pattern = m.pattern().as_usize();
                if every > 0 {
                    // Padding is no name: skipped, and not counted against the budget.
                    if pattern % (every + 1) == every {
                        continue;
                    }
                    pattern -= pattern / (every + 1);
                }
                if from + m.start() >= to {
                    // Found again, and counted, in the next window.
                    continue;
                }
                total += 1;
                if total > budget {
                    return Err(TooManyMatches { budget });
                }
                // Whether the name's first and last characters are word characters, read from
                // the match in the folded window (its bytes are the folded name's), which is in the
                // cache: most occurrences are not on word boundaries, and reading the name's shape
                // for each was a read at random among the ~580,000 names' at a million relations.
                let matched = folded.get(m.start()..m.end()).unwrap_or_default();
                let ends = (
                    matched.chars().next().is_some_and(is_word_char),
                    matched.chars().next_back().is_some_and(is_word_char),
                );
                // Byte offsets in the folded text are byte offsets in the text (the same lengths).
                let (start, end) = (from + m.start(), from + m.end());
                if self.on_word_boundary(start, end, ends) {
                    let (name, len) = shapes[pattern];
                    // (Characters fit: the essay is capped far below 4 G.)
                    let start = self.char_of_byte(start) as u32;
                    out.push((start, start + len, name));
                }
            }
            from = to;
        }
        Ok(Some(out))
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

    /// [`EssayText::on_word_boundaries`] of occurrences found at byte offsets `starts` of the text
    /// (no walk from characters to bytes and back for each of them).
    fn names_at_bytes(&self, needle: &str, starts: Vec<usize>) -> Vec<(usize, usize)> {
        let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
            return Vec::new();
        };
        let len = needle.chars().count();
        let ends = (is_word_char(first), is_word_char(last));
        starts
            .into_iter()
            .filter(|&start| self.on_word_boundary(start, start + needle.len(), ends))
            .map(|start| {
                let start = self.char_of_byte(start);
                (start, start + len)
            })
            .collect()
    }

    /// The occurrences of the folded `needle` at character offsets `starts` that begin and end on
    /// a word boundary, as `(start, end)` in characters.
    fn on_word_boundaries(&self, needle: &str, starts: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
        let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
            return Vec::new();
        };
        let len = needle.chars().count();
        let ends = (is_word_char(first), is_word_char(last));
        starts
            .filter(|&start| self.on_word_boundary(self.byte_at(start), self.byte_at(start + len), ends))
            .map(|start| (start, start + len))
            .collect()
    }

    /// Whether the text's bytes `start..end` begin and end on a word boundary, where `ends` says
    /// whether the needle's first and last characters are word characters (a needle that begins
    /// or ends with another character needs no boundary on that side).
    fn on_word_boundary(&self, start: usize, end: usize, (first_is_word, last_is_word): (bool, bool)) -> bool {
        let before = self.text.get(..start).and_then(|t| t.chars().next_back());
        let after = self.text.get(end..).and_then(|t| t.chars().next());
        let before_ok = !first_is_word || before.is_none_or(|c| !is_word_char(c));
        let after_ok = !last_is_word || after.is_none_or(|c| !is_word_char(c));
        before_ok && after_ok
    }
}

/// The bytes of the essay [`EssayText::find_names_flat`] folds and searches at a time (and the
/// longest name's after them): a window's folded text stays in the cache for its search.
const FOLDED_WINDOW: usize = 64 * 1024;

/// From how many names [`EssayText::find_names_flat`] pads its automaton ([`names_automaton`]):
/// below, the padding's states cost more than they save (measured on generated corpora: the
/// same build time at 58,000 names, 180 → 145 ms at 145,000, 2.0 → 0.73 s at 580,000).
const PADDED_FROM: usize = 65_536;

/// How many names [`names_automaton`] puts between two padding patterns.
const NAMES_PER_PADDING: usize = 128;

/// The bytes of each padding pattern's own path after its number ([`padding`]).
const PADDING_PATH: usize = 64;

/// The Aho–Corasick automaton of `patterns` (none empty) and, when `every` > 0, of a padding
/// pattern after every `every` of them: the automaton's pattern `i` is a padding pattern when
/// `i % (every + 1) == every`, else `patterns[i - i / (every + 1)]`.
///
/// Why pad: aho-corasick (1.1.5) moves every match state before every other once its automaton
/// is built (`noncontiguous::Compiler::shuffle`, by pairwise swaps), then finds the permutation
/// those swaps made by walking each cycle once from each of its states (`Remapper::remap`):
/// work Σ L² over cycles of L states. When nearly every state is a match state, as when names
/// share long prefixes and each adds one state of its own ("{label} {k}" in a generated
/// corpus), the few other states (the shared prefixes) are carried forward in chains about
/// (states / non-match states) long, so the build's time grows with the square of the names:
/// at 579,644 names (1,000,000 relations) that walk was 1.3 s of a 2.0 s build. A padding
/// pattern ([`padding`]) runs through ~70 states of its own, all but its last non-match states;
/// one every 128 names makes about a third of the states non-match states spread evenly, so
/// the chains are a few states long: that build 2.0 → 0.73 s. Padding patterns begin with NUL
/// (an essay the loader searches holds no control character but line breaks and tabs), so the
/// search does not enter their states; the caller skips their matches all the same, so the
/// result does not depend on the text.
fn names_automaton(patterns: &[&str], every: usize) -> Result<aho_corasick::AhoCorasick, aho_corasick::BuildError> {
    if every == 0 {
        return aho_corasick::AhoCorasick::new(patterns);
    }
    let paddings: Vec<String> = (0..patterns.len() / every).map(padding).collect();
    let mut all: Vec<&str> = Vec::with_capacity(patterns.len() + paddings.len());
    for (i, pattern) in patterns.iter().enumerate() {
        all.push(pattern);
        if (i + 1) % every == 0 {
            all.push(&paddings[i / every]);
        }
    }
    aho_corasick::AhoCorasick::new(&all)
}

/// Padding pattern `k` of [`names_automaton`]: NUL, `k` in base 16 lowest digit first (at
/// least four digits, as U+0001–U+0010, so that consecutive paddings part at once and each
/// has a path of its own), [`PADDING_PATH`] times U+001E, then U+001F.
fn padding(mut k: usize) -> String {
    let mut out = String::with_capacity(8 + PADDING_PATH);
    out.push('\0');
    let mut digits = 0;
    while digits < 4 || k > 0 {
        out.push(char::from(1 + (k % 16) as u8));
        k /= 16;
        digits += 1;
    }
    out.extend(std::iter::repeat_n('\u{1e}', PADDING_PATH));
    out.push('\u{1f}');
    out
}

/// `text` case-folded character by character ([`fold`]), and whether every character folded to
/// one of the same length in UTF-8 (almost always: the Kelvin sign is an exception), so that
/// byte offsets in the folded text are byte offsets in `text`. ASCII runs are folded a slice
/// at a time (folding and collecting character by character cost ~26 instructions per byte).
fn fold_text(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let same_bytes = push_folded(text, &mut out);
    (out, same_bytes)
}

/// Appends `text` case-folded character by character ([`fold`]) to `out`, ASCII runs a slice at
/// a time ([`fold_text`]); whether every character folded to one of the same length in UTF-8.
/// The loader's names are folded by it too (since round 27: `chars().map(fold)` into the
/// names' buffer was ~0.09 s of the names' side of check 1 at a million relations).
fn push_folded(text: &str, out: &mut String) -> bool {
    let mut same_bytes = true;
    let mut rest = text;
    while !rest.is_empty() {
        let (run, tail) = rest.split_at(ascii_run(rest.as_bytes()));
        let at = out.len();
        out.push_str(run);
        out[at..].make_ascii_lowercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            let folded = fold(c);
            same_bytes &= folded.len_utf8() == c.len_utf8();
            out.push(folded);
        }
        rest = chars.as_str();
    }
    same_bytes
}

/// How many bytes `bytes` starts with are ASCII, found 16 bytes at a time (round 29: a byte loop
/// (`position`) was most of [`push_folded`]'s ~0.12 s at a million relations, where the essay's
/// ASCII runs are ~430 bytes long between curly quotes).
fn ascii_run(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for chunk in bytes.chunks_exact(16) {
        let (a, b) = chunk.split_at(8);
        let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or([0x80; 8]));
        if (word(a) | word(b)) & HIGH != 0 {
            break;
        }
        n += 16;
    }
    n + bytes[n..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - n)
}

/// An occurrence of a name: `(start, end, index of the name)`, in characters.
pub(crate) type NameMatch = (u32, u32, u32);

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
    find_all_many_by(haystack, needles, budget, None)
}

/// [`find_all_many`] by an automaton of `kind` (`None`: the one `aho_corasick` picks, a
/// contiguous NFA past a hundred needles), or of its own kind where one of `kind` cannot be
/// built. The same occurrences whatever the kind.
pub(crate) fn find_all_many_by(
    haystack: &str,
    needles: &[&str],
    budget: usize,
    kind: Option<aho_corasick::AhoCorasickKind>,
) -> Result<Vec<Vec<usize>>, TooManyMatches> {
    let mut found = vec![Vec::new(); needles.len()];
    // Empty needles match nowhere (the automaton would match them everywhere).
    let (ids, patterns): (Vec<usize>, Vec<&str>) =
        needles.iter().enumerate().filter(|(_, n)| !n.is_empty()).map(|(i, n)| (i, *n)).unzip();
    if patterns.is_empty() {
        return Ok(found);
    }
    let automaton = match aho_corasick::AhoCorasick::builder().kind(kind).build(&patterns) {
        Ok(automaton) => automaton,
        Err(_) if kind.is_some() => aho_corasick::AhoCorasick::new(&patterns).map_err(|_| TooManyMatches { budget })?,
        Err(_) => return Err(TooManyMatches { budget }),
    };
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

/// How [`find_all_anchored`] anchors a needle: by `stride` consecutive windows of `width` bytes
/// (1 to 16), with the haystack probed at every `stride`-th byte, so that each occurrence of the
/// needle covers exactly one probed window. A needle needs `width + stride - 1` bytes at least.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Windows {
    /// Bytes per window.
    pub(crate) width: usize,
    /// The haystack is probed at every `stride`-th byte.
    pub(crate) stride: usize,
    /// Places along a needle (its start, its end and evenly between) whose windows are
    /// candidates for its anchor: more tell near-identical needles apart where they differ, at
    /// the cost of hashing more windows.
    pub(crate) candidates: usize,
}

impl Windows {
    /// The shortest needle these windows anchor.
    const fn min_len(self) -> usize {
        self.width + self.stride - 1
    }
}

/// The loader's quotes: 16-byte windows probed at every 4th byte, for needles of 19 bytes or
/// more (few probes; the essay's quotes are long), anchored at their start, middle or end (8
/// candidates measured ~9% more loader CPU at 100,000 relations, one A/B on a loaded machine,
/// and its quotes do not need them).
pub(crate) const QUOTE_WINDOWS: &[Windows] = &[Windows { width: 16, stride: 4, candidates: 3 }];

/// A word of `n` (at most 8) bytes of `bytes` from `at`, zero-padded: `n` is known by the caller
/// to fit.
#[inline(always)]
fn word(bytes: &[u8], at: usize, n: usize) -> u64 {
    let mut w = [0u8; 8];
    w[..n].copy_from_slice(&bytes[at..at + n]);
    u64::from_le_bytes(w)
}

/// The 8 bytes of `bytes` from `at` (known by the caller to fit) as a word.
#[inline(always)]
fn word8(bytes: &[u8], at: usize) -> u64 {
    bytes.get(at..at + 8).map_or(0, |w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
}

/// The hash of the `width` bytes (at most 16) at `at` (two multiplications; collisions only cost
/// a comparison): a window of 8 bytes or more is read as two words, its first 8 bytes and its
/// last 8 (overlapping below 16), so the probe loop reads two words whatever the width. Inlined:
/// called out of line from the probe loop, with words zero-padded to the width, it cost ~50
/// instructions per probe.
#[inline(always)]
fn window_hash(bytes: &[u8], at: usize, width: usize) -> u64 {
    let (a, b) =
        if width >= 8 { (word8(bytes, at), word8(bytes, at + width - 8)) } else { (word(bytes, at, width), 0) };
    (a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_left(29)).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// What [`find_all_many`] returns — byte offsets of every occurrence, overlapping ones included,
/// sorted, of every needle — without building one automaton over all of them. Each needle goes
/// to the first of `windows` it is long enough for ([`Windows`]): it is anchored at the place
/// (among `candidates` spread from its start to its end) whose window the fewest needles share,
/// so that needles that differ in a few bytes anywhere (`Sakhalin 17` and `Sakhalin 18`, two
/// quotes with different last words) are told apart there; the haystack is probed through a bit
/// filter and each hit compared with the needles anchored there. Needles too short for every
/// window go to the automaton.
///
/// The comparisons that find nothing are budgeted (one that finds an occurrence is paid for by
/// it): if windows shared by many needles and many places of the haystack make them cost more
/// than a few times the input per bit of the needles' count, that group of needles is searched
/// by the automaton instead, so that the search stays within n log n whatever the input.
///
/// # Complexity
/// O((L + N) log N + M) for a haystack of L bytes, needles of N bytes in all and M occurrences, per
/// entry of `windows`.
pub(crate) fn find_all_anchored(
    haystack: &str,
    needles: &[&str],
    budget: usize,
    windows: &[Windows],
) -> Result<Vec<Vec<usize>>, TooManyMatches> {
    find_all_anchored_flat(haystack, needles, budget, windows).map(Found::into_lists)
}

/// [`find_all_anchored`] without a list per needle: each needle's first occurrence in one list,
/// the rare further ones apart ([`Found`]). The loader's quotes each occur once: as lists, they
/// were ~1.4 million one-element `Vec`s at a million relations, allocated and freed at once.
pub(crate) fn find_all_anchored_flat(
    haystack: &str,
    needles: &[&str],
    budget: usize,
    windows: &[Windows],
) -> Result<Found, TooManyMatches> {
    // Each needle's group: the first windows it fits, or the automaton (`windows.len()`).
    let group = |n: &str| windows.iter().position(|w| w.width <= 16 && n.len() >= w.min_len()).unwrap_or(windows.len());
    let mut found = Found::new(needles.len());
    for g in 0..=windows.len() {
        let (ids, members): (Vec<usize>, Vec<&str>) =
            needles.iter().enumerate().filter(|(_, n)| group(n) == g).map(|(i, n)| (i, *n)).unzip();
        if members.is_empty() {
            continue;
        }
        let left = budget - found.total;
        let by_automaton = |members: &[&str]| {
            find_all_many(haystack, members, left)
                .map(|lists| Found { work: haystack.len() + bytes(members), ..Found::from_lists(&lists) })
                .map_err(|_| TooManyMatches { budget })
        };
        let starts = match windows.get(g) {
            Some(&w) => {
                match anchored(haystack.as_bytes(), &members, left, w).map_err(|_| TooManyMatches { budget })? {
                    Some(starts) => starts,
                    None => {
                        // The comparisons spent their whole budget before the automaton took over.
                        let starts = by_automaton(&members)?;
                        Found { work: starts.work + comparison_budget(haystack.len(), &members), ..starts }
                    }
                }
            }
            None => by_automaton(&members)?,
        };
        found.add_part(&ids, starts);
    }
    found.more.sort_unstable();
    Ok(found)
}

/// The loader's quotes' windows at word starts ([`find_all_at_word_starts_flat`]): 16 bytes,
/// from 8 bytes before a word start (so that a window fits around a needle's last word, which
/// tells copies of a sentence apart where one from the word start would not fit), at the least
/// shared of 3 word starts spread over the needle.
const WORD_WINDOW: usize = 16;
const WORD_WINDOW_BEFORE: usize = 8;
const WORD_CANDIDATES: usize = 3;
const _: () = assert!(WORD_WINDOW_BEFORE < WORD_WINDOW);

/// [`find_all_anchored_flat`] with the needles that hold a word start ([`word_windows`]) anchored
/// by one window around it and the haystack probed around its word starts only, the others by
/// `windows` as before. Probing every `stride`-th byte needs `stride` anchors per needle so that
/// every occurrence covers one probed window; a word start inside a needle is one wherever the
/// needle occurs (the space before it is the needle's), so one anchor is enough and the haystack
/// is probed around its word starts, found by `memchr` on spaces: at a million relations 4 times
/// fewer anchors (a filter and a table 4 times smaller, read at random) and ~1.7 times fewer
/// probes than by `QUOTE_WINDOWS`. The same occurrences, the same error past `budget`
/// occurrences; when the comparisons around word starts run out of their budget, those needles
/// are searched by `windows` (then, if need be, the automaton).
///
/// # Complexity
/// As [`find_all_anchored`].
pub(crate) fn find_all_at_word_starts_flat(
    haystack: &str,
    needles: &[&str],
    budget: usize,
    windows: &[Windows],
) -> Result<Found, TooManyMatches> {
    find_at_word_starts_within(haystack, needles, budget, windows, None)
}

/// [`find_all_at_word_starts_flat`], with the comparisons around word starts allowed `work_left`
/// units of work instead of [`comparison_budget`]'s (for the tests: the same answer when they
/// run out).
fn find_at_word_starts_within(
    haystack: &str,
    needles: &[&str],
    budget: usize,
    windows: &[Windows],
    work_left: Option<usize>,
) -> Result<Found, TooManyMatches> {
    let hay = haystack.as_bytes();
    let mut parts: [(Vec<usize>, Vec<&str>); 2] = Default::default();
    for (i, n) in needles.iter().enumerate() {
        let part = &mut parts[usize::from(word_windows(n.as_bytes()).next().is_none())];
        part.0.push(i);
        part.1.push(n);
    }
    let [(ids, members), (rest_ids, rest)] = parts;
    if rest.len() == needles.len() {
        return find_all_anchored_flat(haystack, needles, budget, windows);
    }
    let mut found = Found::new(needles.len());
    let table = AnchorTable::at_word_starts(&members, WORD_CANDIDATES);
    let work_left = work_left.unwrap_or_else(|| comparison_budget(hay.len(), &members));
    let starts = match table.probe_word_starts(hay, &members, budget, work_left)? {
        Some(starts) => starts,
        None => {
            // The comparisons spent their whole budget: these needles are searched by `windows`.
            let starts = find_all_anchored_flat(haystack, &members, budget, windows)?;
            Found { work: starts.work + work_left, ..starts }
        }
    };
    drop(table);
    found.add_part(&ids, starts);
    if !rest.is_empty() {
        let left = budget - found.total;
        let starts = find_all_anchored_flat(haystack, &rest, left, windows).map_err(|_| TooManyMatches { budget })?;
        found.add_part(&rest_ids, starts);
    }
    found.more.sort_unstable();
    Ok(found)
}

/// The windows of [`WORD_WINDOW`] bytes around the word starts of `bytes`, in order, by where
/// they start: a word start is a byte `p` that follows a space and is not one, its window bytes
/// `p - WORD_WINDOW_BEFORE..p - WORD_WINDOW_BEFORE + WORD_WINDOW`, which must lie in `bytes`.
///
/// Found 64 bytes at a time ([`WordStarts`]): a mask of the block's spaces, eight bytes per
/// step, and its word starts taken from it bit by bit. (By `memchr` on spaces before round 27:
/// a call per space, one every ~6 bytes of the essay and of every quote, whose set-up cost more
/// than the scan; at a million relations ~0.28 s of the quotes' side of check 1, ~0.2 s of it
/// in the anchor table's ~1.2 million quotes. `word_windows_by_memchr`, kept for the tests.)
fn word_windows(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    // p from `lo` to `hi` (both included); p < bytes.len() since the window reaches past p.
    let lo = WORD_WINDOW_BEFORE.max(1);
    let hi = (bytes.len() + WORD_WINDOW_BEFORE).checked_sub(WORD_WINDOW);
    let end = hi.filter(|&hi| hi >= lo).map_or(0, |hi| hi + 1);
    WordStarts { bytes, block: 0, starts: 0, lo, end }.map(|p| p - WORD_WINDOW_BEFORE)
}

/// The word starts `p` of `bytes` with `lo <= p < end` (`end <= bytes.len()`), rising, a block
/// of 64 bytes at a time ([`word_windows`]).
struct WordStarts<'a> {
    bytes: &'a [u8],
    /// The next block to scan: bytes `64 * block..`.
    block: usize,
    /// The word starts of the block scanned last not yet returned, as bits (bit k: byte
    /// `64 * (block - 1) + k`).
    starts: u64,
    lo: usize,
    end: usize,
}

impl WordStarts<'_> {
    /// Scans blocks until one holds a word start; `false` at the end. Out of line: the loops
    /// that take the word starts (the quotes' probes) keep only `next`'s few instructions.
    #[inline(never)]
    fn refill(&mut self) -> bool {
        while self.starts == 0 {
            let from = self.block * 64;
            if from >= self.end {
                return false;
            }
            self.block += 1;
            // Bit k: byte `from + k` is a word start; bit 0 needs the byte before the block.
            let spaces = space_mask(self.bytes, from);
            let before = u64::from(from > 0 && self.bytes[from - 1] == b' ');
            let mut starts = ((spaces << 1) | before) & !spaces;
            // Only `lo..end`, within the block.
            if from < self.lo {
                starts &= u64::MAX << (self.lo - from);
            }
            if self.end - from < 64 {
                starts &= (1u64 << (self.end - from)) - 1;
            }
            self.starts = starts;
        }
        true
    }
}

impl Iterator for WordStarts<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        if self.starts == 0 && !self.refill() {
            return None;
        }
        let k = self.starts.trailing_zeros() as usize;
        self.starts &= self.starts - 1;
        Some((self.block - 1) * 64 + k)
    }
}

/// The spaces among the 64 bytes of `bytes` from `from` (fewer at its end) as bits (bit k: byte
/// `from + k`), eight bytes at a time: a byte is a space when its XOR with 0x20 is zero, tested
/// for all eight at once (exactly: no carry crosses from one byte into the next). The eight
/// words' tests (bit 7 of each byte) are packed into one word, word `w`'s byte `j` at bit
/// `8j + w`, then moved to bit `8w + j` at once ([`transpose_bits`]). (Until round 33 each
/// word's eight bits were gathered by a multiplication, which the compiler made a vector one
/// that SSE2 lacks for 64-bit lanes, and a short block was tested byte by byte: ~257
/// instructions a call of [`WordStarts::refill`], most of them on the quotes' short blocks.)
#[inline(always)]
fn space_mask(bytes: &[u8], from: usize) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let block = &bytes[from..bytes.len().min(from + 64)];
    // The last block, shorter (most of the quotes' blocks: they are scanned too, each for its
    // word starts), padded with NUL, no space.
    let mut padded = [0u8; 64];
    let block: &[u8; 64] = match <&[u8; 64]>::try_from(block) {
        Ok(whole) => whole,
        Err(_) => {
            padded[..block.len()].copy_from_slice(block);
            &padded
        }
    };
    let mut packed = 0u64;
    for (w, chunk) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) ^ 0x2020_2020_2020_2020;
        // Bit 7 of each byte: set where the byte of `x` is zero.
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        packed |= zero >> (7 - w);
    }
    transpose_bits(packed)
}

/// The 8×8 bit matrix `x` (bit `8r + c`: row `r`, column `c`) transposed (bit `8c + r`), by
/// three exchanges of off-diagonal blocks: of single bits, of 2×2 blocks, of 4×4 blocks.
#[inline(always)]
fn transpose_bits(mut x: u64) -> u64 {
    let t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA;
    x ^= t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC;
    x ^= t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0;
    x ^= t ^ (t << 28);
    x
}

/// Where each needle of a search occurs ([`find_all_anchored_flat`]): each needle's lowest
/// start in one list, and its further starts, if any, apart (sorted by needle and start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Each needle's lowest start, or [`Found::NONE`].
    first: Vec<usize>,
    /// (needle, start) of each occurrence after a needle's first; sorted once complete.
    more: Vec<(u32, usize)>,
    /// Occurrences in all.
    total: usize,
    /// What the search cost ([`Found::work`]).
    work: usize,
}

impl Found {
    /// No occurrence.
    const NONE: usize = usize::MAX;

    fn new(needles: usize) -> Found {
        // Written at random as the essay is read (`crate::load::huge_vec`).
        Found { first: crate::load::huge_filled(needles, Found::NONE), more: Vec::new(), total: 0, work: 0 }
    }

    /// One occurrence of needle `i`, at `start`, found in any order.
    #[inline]
    fn push(&mut self, i: usize, start: usize) {
        self.total += 1;
        let first = &mut self.first[i];
        if *first == Found::NONE {
            *first = start;
        } else {
            self.more.push((i as u32, start.max(*first)));
            *first = start.min(*first);
        }
    }

    fn from_lists(lists: &[Vec<usize>]) -> Found {
        let mut found = Found::new(lists.len());
        for (i, starts) in lists.iter().enumerate() {
            starts.iter().for_each(|&start| found.push(i, start));
        }
        found
    }

    /// Adds what a search of some of the needles found: `part`'s needle `k` is needle `ids[k]`
    /// (`ids` ascending); `part.more` is kept unsorted.
    fn add_part(&mut self, ids: &[usize], part: Found) {
        if ids.len() == self.first.len() {
            // Every needle in this part: its indices are the needles'.
            *self = Found { total: self.total + part.total, work: self.work + part.work, ..part };
            return;
        }
        for (k, &i) in ids.iter().enumerate() {
            self.first[i] = part.first[k];
        }
        self.more.extend(part.more.iter().map(|&(k, start)| (ids[k as usize] as u32, start)));
        self.total += part.total;
        self.work += part.work;
    }

    /// Needle `i`'s lowest start, if it occurs.
    pub(crate) fn first(&self, i: usize) -> Option<usize> {
        Some(self.first[i]).filter(|&s| s != Found::NONE)
    }

    /// (needle, start) of every occurrence after a needle's first, by needle and start.
    pub(crate) fn more(&self) -> &[(u32, usize)] {
        &self.more
    }

    /// What the search cost, counted rather than timed (for the tests' bounds): each probe of
    /// the haystack 1, each comparison of a needle with the haystack its bytes (at most 64, as
    /// the comparisons' budget counts them), an automaton's search the bytes of its haystack and
    /// its needles, and comparisons that ran out of their budget the whole budget.
    pub(crate) fn work(&self) -> usize {
        self.work
    }

    /// Each needle's starts, sorted.
    pub(crate) fn into_lists(self) -> Vec<Vec<usize>> {
        let mut lists: Vec<Vec<usize>> =
            self.first.iter().map(|&s| if s == Found::NONE { Vec::new() } else { vec![s] }).collect();
        for (i, start) in self.more {
            lists[i as usize].push(start);
        }
        lists
    }
}

/// One group of [`find_all_anchored`]: needles of at least `w.min_len()` bytes, found through
/// their windows; `Ok(None)` when the comparisons ran out of their budget (for the automaton to
/// take over), an error when more than `budget` occurrences were found.
fn anchored(hay: &[u8], needles: &[&str], budget: usize, w: Windows) -> Result<Option<Found>, TooManyMatches> {
    if hay.len() < w.width {
        return Ok(Some(Found::new(needles.len())));
    }
    probed(&AnchorTable::new(needles, w), hay, needles, budget)
}

/// [`anchored`]'s search of `hay` with a table made for `needles`.
fn probed(table: &AnchorTable, hay: &[u8], needles: &[&str], budget: usize) -> Result<Option<Found>, TooManyMatches> {
    // Comparisons allowed before the automaton takes over: a few times the input per bit of the
    // needles' count (n log n). Linear (without the bits), passage naming's 1.5 million quotes at a
    // million relations ran out (labels such as `peace treaty 1` are the start of a thousand
    // others, each window of theirs met at every copy: ~0.9 G bytes compared against a budget
    // of 0.7 G) and went to the automaton, ~40 s of CPU where the comparisons take a few.
    let mut found = table.probe(hay, needles, budget, comparison_budget(hay.len(), needles))?;
    if let Some(found) = &mut found {
        found.more.sort_unstable();
    }
    Ok(found)
}

/// The anchor table of needles that all fit one `Windows` (`w.min_len()` bytes or more, `w.width`
/// at most 16), made once and searched with in several haystacks, in each finding what
/// [`find_all_anchored`] finds there with `&[w]`: the passage naming searches the two halves of
/// a large essay on two threads with one table (a table each was ~90 MB more at a million
/// relations, and built twice).
pub(crate) struct SharedAnchors<'n> {
    needles: &'n [&'n str],
    width: usize,
    table: AnchorTable,
}

impl<'n> SharedAnchors<'n> {
    pub(crate) fn new(needles: &'n [&'n str], w: Windows) -> SharedAnchors<'n> {
        debug_assert!(w.width <= 16 && needles.iter().all(|n| n.len() >= w.min_len()));
        SharedAnchors { needles, width: w.width, table: AnchorTable::new(needles, w) }
    }

    /// Each needle's starts in `haystack`, sorted; an error past `budget` occurrences.
    pub(crate) fn find_all(&self, haystack: &str, budget: usize) -> Result<Vec<Vec<usize>>, TooManyMatches> {
        if haystack.len() < self.width {
            return Ok(vec![Vec::new(); self.needles.len()]);
        }
        match probed(&self.table, haystack.as_bytes(), self.needles, budget)? {
            Some(found) => Ok(found.into_lists()),
            // The comparisons spent their whole budget: the automaton, as `find_all_anchored`.
            None => find_all_many(haystack, self.needles, budget),
        }
    }
}

/// The bytes of `needles` in all.
fn bytes(needles: &[&str]) -> usize {
    needles.iter().map(|n| n.len()).sum()
}

/// The comparisons' budget of one [`anchored`] search: a few times the input per bit of the
/// needles' count (n log n).
fn comparison_budget(hay: usize, needles: &[&str]) -> usize {
    let bits = (usize::BITS - needles.len().leading_zeros()) as usize;
    4 * (hay + bytes(needles)) * bits.max(1) + (1 << 20)
}

/// The anchors of one [`anchored`] search, as its probe loop reads them.
struct AnchorTable {
    width: usize,
    stride: usize,
    /// The blocked Bloom filter: 3 bits of one word per anchor.
    filter: Vec<u64>,
    /// The anchors are bucketed by the top `buckets_log2` bits of their hash.
    buckets_log2: u32,
    /// Where each bucket's anchors start in `anchors` (one more entry than buckets).
    starts: Vec<u32>,
    /// (window hash, needle, offset of the window in the needle), sorted by hash.
    anchors: Vec<(u64, u32, u32)>,
}

/// How many probes [`AnchorTable::probe`] tests against the filter before it looks any of them
/// up: one probe's filter word, then its bucket, then its anchors are each a miss to memory at a
/// million relations (the filter is ~5.6 MB, the anchors ~90 MB), and tested one by one, each
/// probe waited for its word before the next was read.
const PROBE_BATCH: usize = 64;

/// How many needles [`AnchorTable::of`] takes at a time: their candidates' windows are made, then
/// the table of shared windows read or written for all of them in a loop of its own.
const ANCHOR_CHUNK: usize = 1024;
// A batch's passing probes are the bits of one `u64`.
const _: () = assert!(PROBE_BATCH <= 64);

impl AnchorTable {
    /// Each needle anchored by `w.stride` windows at the candidate place that the fewest
    /// needles share, and the anchors filtered and bucketed for [`AnchorTable::probe`].
    fn new(needles: &[&str], w: Windows) -> AnchorTable {
        AnchorTable::of(needles, w.width, w.stride.max(1), w.candidates.max(1), AnchorTable::spread_over(w))
    }

    /// Where a needle's run of `w.stride` windows may start for [`AnchorTable::new`]: at most
    /// `w.candidates` places spread from its start to its end.
    fn spread_over(w: Windows) -> impl FnMut(&[u8], &mut Vec<usize>) {
        move |n: &[u8], out: &mut Vec<usize>| {
            let last = n.len() - w.min_len();
            let count = w.candidates.clamp(1, last + 1);
            out.clear();
            out.extend((0..count).map(move |c| if count == 1 { 0 } else { c * last / (count - 1) }));
        }
    }

    /// Each needle anchored by one window of [`WORD_WINDOW`] bytes around the word start
    /// ([`word_windows`]) that the fewest needles share among `candidates` spread over its word
    /// starts, for [`AnchorTable::probe_word_starts`]; every needle has a word start.
    fn at_word_starts(needles: &[&str], candidates: usize) -> AnchorTable {
        AnchorTable::of(needles, WORD_WINDOW, 1, candidates.max(1), AnchorTable::spread_over_words(candidates))
    }

    /// Where a needle's window may be for [`AnchorTable::at_word_starts`]: around at most
    /// `candidates` of its word starts, spread over them.
    fn spread_over_words(candidates: usize) -> impl FnMut(&[u8], &mut Vec<usize>) {
        let mut starts = Vec::new();
        move |n: &[u8], out: &mut Vec<usize>| {
            starts.clear();
            starts.extend(word_windows(n));
            let count = candidates.clamp(1, starts.len().max(1));
            out.clear();
            out.extend((0..count).filter_map(|c| {
                let k = if count == 1 { 0 } else { c * (starts.len() - 1) / (count - 1) };
                starts.get(k).copied()
            }));
        }
    }

    /// Each needle anchored by `stride` consecutive windows of `width` bytes from the place, among
    /// those `candidates` gives it (at most `per_needle`, the first when there are none), whose
    /// window the fewest needles share; the anchors filtered and bucketed.
    fn of(
        needles: &[&str],
        width: usize,
        stride: usize,
        per_needle: usize,
        mut candidates: impl FnMut(&[u8], &mut Vec<usize>),
    ) -> AnchorTable {
        let mut places = Vec::with_capacity(per_needle);
        // Each needle's candidates' windows are counted in u8s below.
        let per_needle = per_needle.clamp(1, usize::from(u8::MAX));
        // How many needles share each candidate window, counted in saturating `u16`s at the top bits
        // of the window's hash (slots twice the candidates): an estimate, since windows may share a
        // slot, but the choice only needs to tell a window shared by hundreds of needles from one of
        // its own, and any choice finds the same occurrences. (An exact table of counts, a hash map
        // grown to millions of entries at a million relations, cost more than the probes. Counts in
        // bytes saturated at a million relations: every window of `peace treaty 1` is a candidate
        // of the thousand `peace treaty 1…` labels, all counted 255, so the first was taken, shared
        // by ~40 needles and found at every copy of the label; passage naming's comparisons ran out
        // and its 1.5 million quotes went to the automaton, ~40 s of CPU.) At most 2^32 slots, so
        // that a slot is known from a hash's top 32 bits.
        let slots_log2 = (needles.len() * per_needle * 2).next_power_of_two().trailing_zeros().clamp(6, 32);
        let slot = |top: u32| (top >> (32 - slots_log2)) as usize;
        // This table, the anchors, the filter and the buckets are read at random: asked for huge
        // pages (`crate::load::huge_vec`).
        let mut shared = crate::load::huge_filled(1 << slots_log2, 0u16);
        // Every needle's candidates' windows, made once, as the top 32 bits of the window's hash
        // (its slot) above its place in the needle, and how many each needle has. (Until round
        // 28 they were made twice, to count them and to choose among them: each needle's word
        // starts found and its windows hashed again, ~40% of the quote search's instructions
        // counted at 100,000 relations; kept, they take 8 bytes a window, ~29 MB at a million
        // relations, while the table is made.)
        let mut windows: Vec<u64> = crate::load::huge_vec(needles.len() * per_needle);
        let mut made: Vec<u8> = Vec::with_capacity(needles.len());
        let top = |w: u64| (w >> 32) as u32;
        // A chunk of needles' windows are made, then the table of shared windows written for all
        // of them in a loop of its own (and read so below): a read of the table is a miss to
        // memory at a million relations (~16 MB), and a loop of a few instructions per read keeps
        // many of them in flight (made and read needle by needle, the table's reads were ~30% of
        // the quote search's own time).
        for chunk in needles.chunks(ANCHOR_CHUNK) {
            let from = windows.len();
            for n in chunk {
                candidates(n.as_bytes(), &mut places);
                places.truncate(per_needle);
                windows.extend(places.iter().map(|&at| (window_hash(n.as_bytes(), at, width) >> 32 << 32) | at as u64));
                made.push(places.len() as u8);
            }
            for &w in &windows[from..] {
                let s = &mut shared[slot(top(w))];
                *s = s.saturating_add(1);
            }
        }
        // (window hash, needle, offset of the window in the needle), sorted by hash.
        let mut anchors: Vec<(u64, u32, u32)> = crate::load::huge_vec(needles.len() * stride);
        let mut counts: Vec<u16> = Vec::with_capacity(ANCHOR_CHUNK * per_needle);
        let mut from = 0;
        for (c, chunk) in needles.chunks(ANCHOR_CHUNK).enumerate() {
            let made = &made[c * ANCHOR_CHUNK..c * ANCHOR_CHUNK + chunk.len()];
            let to = from + made.iter().map(|&m| usize::from(m)).sum::<usize>();
            let mine = &windows[from..to];
            counts.clear();
            counts.extend(mine.iter().map(|&w| shared[slot(top(w))]));
            let mut at_window = 0;
            for (k, n) in chunk.iter().enumerate() {
                let (bytes, i) = (n.as_bytes(), c * ANCHOR_CHUNK + k);
                let end = at_window + usize::from(made[k]);
                // The first of the least shared.
                let best = (at_window..end).min_by_key(|&x| counts[x]);
                at_window = end;
                let at = best.map_or(0, |x| mine[x] as u32 as usize);
                for j in at..at + stride {
                    anchors.push((window_hash(bytes, j, width), i as u32, j as u32));
                }
            }
            from = to;
        }
        drop(windows);
        drop(shared);
        anchors.sort_unstable();
        AnchorTable::from_sorted(width, stride, anchors)
    }

    /// The table over `anchors` (each needle's chosen windows, as (hash, needle, place), sorted):
    /// the filter's bits and the buckets' starts, counted from the hashes.
    fn from_sorted(width: usize, stride: usize, anchors: Vec<(u64, u32, u32)>) -> AnchorTable {
        // A filter of about 8 bits per anchor, so that most probes stop at one word (it stays in
        // the cache where the anchors do not), and the anchors bucketed by the top bits of their hash
        // (sorted by hash, so a bucket is a range found in one step instead of a binary search).
        // Each anchor sets 3 bits of one 64-bit word (a blocked Bloom filter): about 4% of the probes
        // that no anchor has pass it, where one bit per anchor let 12% through, each of them a
        // look-up in the buckets and the anchors, out of the cache at a million relations.
        let words = (anchors.len() * 8).next_power_of_two().max(64) / 64;
        let buckets_log2 = anchors.len().next_power_of_two().trailing_zeros().max(1);
        let mut table = AnchorTable {
            width,
            stride,
            filter: crate::load::huge_filled(words, 0u64),
            buckets_log2,
            starts: crate::load::huge_filled((1 << buckets_log2) + 1, 0u32),
            anchors: Vec::new(),
        };
        for &(h, _, _) in &anchors {
            let (word, bucket) = (table.filter_word(h), table.bucket(h));
            table.filter[word] |= AnchorTable::filter_mask(h);
            table.starts[bucket + 1] += 1;
        }
        for b in 1..table.starts.len() {
            table.starts[b] += table.starts[b - 1];
        }
        table.anchors = anchors;
        table
    }

    #[inline(always)]
    fn filter_word(&self, h: u64) -> usize {
        (h >> 32) as usize & (self.filter.len() - 1)
    }

    #[inline(always)]
    fn filter_mask(h: u64) -> u64 {
        // (The bits below 32 of `h` hold little of the window's middle bytes: mixed again.)
        let g = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (1u64 << (g >> 58)) | (1u64 << ((g >> 52) & 63)) | (1u64 << ((g >> 46) & 63))
    }

    #[inline(always)]
    fn bucket(&self, h: u64) -> usize {
        (h >> (64 - self.buckets_log2)) as usize
    }

    /// Whether `h` passes the filter (the batched probes test their words apart).
    #[cfg(test)]
    fn passes(&self, h: u64) -> bool {
        let mask = AnchorTable::filter_mask(h);
        self.filter[self.filter_word(h)] & mask == mask
    }

    /// Where the anchors of `h`'s bucket are in `anchors`.
    #[inline(always)]
    fn bucket_range(&self, h: u64) -> (u32, u32) {
        let b = self.bucket(h);
        (self.starts[b], self.starts[b + 1])
    }

    /// The needles whose anchor `h` is (among the anchors `range` of its bucket), compared with
    /// the haystack at probe `p` (in the order of the anchors): `Ok(false)` when the comparisons
    /// ran out of `work_left`.
    #[inline(always)]
    fn look_up(
        &self,
        (hay, needles, budget): (&[u8], &[&str], usize),
        (p, h, range): (usize, u64, (u32, u32)),
        found: &mut Found,
        work_left: &mut usize,
    ) -> Result<bool, TooManyMatches> {
        let in_bucket = &self.anchors[range.0 as usize..range.1 as usize];
        for &(_, i, j) in in_bucket.iter().filter(|a| a.0 == h) {
            let needle = needles[i as usize].as_bytes();
            let Some(start) = p.checked_sub(j as usize) else { continue };
            let cost = needle.len().min(64);
            found.work += cost;
            *work_left = work_left.saturating_sub(cost);
            if *work_left == 0 {
                return Ok(false);
            }
            if hay.get(start..start + needle.len()) == Some(needle) {
                if found.total == budget {
                    return Err(TooManyMatches { budget });
                }
                found.push(i as usize, start);
                // An occurrence pays for the comparison that found it (every occurrence is
                // returned anyway): only comparisons that find nothing count against the budget.
                *work_left += cost;
            }
        }
        Ok(true)
    }

    /// Probes the haystack at every `stride`-th byte, [`PROBE_BATCH`] probes at a time: their
    /// hashes and filter words first, with no branch on what a word holds (so that the reads of
    /// a batch's words overlap), then the bounds of the passing probes' buckets, then those
    /// probes looked up one by one, in order ([`AnchorTable::probe_batch`]): the same
    /// comparisons, occurrences and errors, in the same order, as probing one by one
    /// (`AnchorTable::probe_one_by_one`, kept for the tests). `Ok(None)` when the comparisons
    /// ran out of `work_left`; `found.more` is left unsorted.
    fn probe(
        &self,
        hay: &[u8],
        needles: &[&str],
        budget: usize,
        work_left: usize,
    ) -> Result<Option<Found>, TooManyMatches> {
        let (width, stride) = (self.width, self.stride);
        // Probes p = 0, stride, ... while p + width <= hay.len().
        let probes = match hay.len().checked_sub(width) {
            Some(last) => last / stride + 1,
            None => 0,
        };
        self.probe_at((0..probes).map(|k| k * stride), (hay, needles, budget), work_left)
    }

    /// [`AnchorTable::probe`] around the haystack's word starts ([`word_windows`]) instead of at
    /// every `stride`-th byte, for a table made by [`AnchorTable::at_word_starts`]: an occurrence
    /// of a needle holds its anchor's word start (the byte before it, a space, is the needle's
    /// own) and its window, so it is probed there. The starts are found by `memchr` on spaces.
    fn probe_word_starts(
        &self,
        hay: &[u8],
        needles: &[&str],
        budget: usize,
        work_left: usize,
    ) -> Result<Option<Found>, TooManyMatches> {
        self.probe_at(word_windows(hay), (hay, needles, budget), work_left)
    }

    /// The probes at the haystack's bytes `places` (rising, each with a whole window in the
    /// haystack), [`PROBE_BATCH`] at a time ([`AnchorTable::probe_batch`]); `found.work` counts
    /// the probes. `Ok(None)` when the comparisons ran out of `work_left`; `found.more` is left
    /// unsorted.
    fn probe_at(
        &self,
        places: impl Iterator<Item = usize>,
        (hay, needles, budget): (&[u8], &[&str], usize),
        mut work_left: usize,
    ) -> Result<Option<Found>, TooManyMatches> {
        let mut found = Found::new(needles.len());
        let mut at = [0usize; PROBE_BATCH];
        let (mut n, mut probes) = (0, 0);
        for p in places {
            at[n] = p;
            n += 1;
            if n == PROBE_BATCH {
                probes += n;
                if !self.probe_batch((hay, needles, budget), &at, &mut found, &mut work_left)? {
                    return Ok(None);
                }
                n = 0;
            }
        }
        probes += n;
        if !self.probe_batch((hay, needles, budget), &at[..n], &mut found, &mut work_left)? {
            return Ok(None);
        }
        found.work += probes;
        Ok(Some(found))
    }

    /// One batch of probes (at most [`PROBE_BATCH`]), at the haystack's bytes `at`: their hashes
    /// and filter words first, with no branch on what a word holds (so that the reads of a
    /// batch's words overlap), then the bounds of the passing probes' buckets, then those probes
    /// looked up one by one, in order. `Ok(false)` when the comparisons ran out of `work_left`.
    #[inline(always)]
    fn probe_batch(
        &self,
        (hay, needles, budget): (&[u8], &[&str], usize),
        at: &[usize],
        found: &mut Found,
        work_left: &mut usize,
    ) -> Result<bool, TooManyMatches> {
        let width = self.width;
        let mut hashes = [0u64; PROBE_BATCH];
        let mut words = [(0usize, 0u64); PROBE_BATCH];
        let mut ranges = [(0u32, 0u32); PROBE_BATCH];
        let n = at.len().min(PROBE_BATCH);
        // The hashes and their filter words' places first, then the words read in a loop of
        // their own: a few instructions per probe, so that the whole batch's reads fit in the
        // processor's window at once (one loop of both held ~8 probes' reads in flight).
        for (k, slot) in hashes[..n].iter_mut().enumerate() {
            let h = window_hash(hay, at[k], width);
            *slot = h;
            words[k] = (self.filter_word(h), AnchorTable::filter_mask(h));
        }
        let mut passed = 0u64;
        for (k, &(word, mask)) in words[..n].iter().enumerate() {
            passed |= u64::from(self.filter[word] & mask == mask) << k;
        }
        // The passing probes' buckets, read before any is searched (their reads overlap too),
        // then the first anchor of each (its hash, so that the reads are not optimised away):
        // the look-ups below then find their anchors in the cache.
        let mut left = passed;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            ranges[k] = self.bucket_range(hashes[k]);
        }
        let mut left = passed;
        let mut touched = 0u64;
        while left != 0 {
            let k = left.trailing_zeros() as usize;
            left &= left - 1;
            touched ^= self.anchors.get(ranges[k].0 as usize).map_or(0, |a| a.0);
        }
        std::hint::black_box(touched);
        while passed != 0 {
            let k = passed.trailing_zeros() as usize;
            passed &= passed - 1;
            let probe = (at[k], hashes[k], ranges[k]);
            if !self.look_up((hay, needles, budget), probe, found, work_left)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// [`AnchorTable::probe`] one probe at a time: the way it was before the batches, the
    /// reference the tests hold it to.
    #[cfg(test)]
    fn probe_one_by_one(
        &self,
        hay: &[u8],
        needles: &[&str],
        budget: usize,
        mut work_left: usize,
    ) -> Result<Option<Found>, TooManyMatches> {
        let mut found = Found::new(needles.len());
        let mut p = 0;
        while p + self.width <= hay.len() {
            let h = window_hash(hay, p, self.width);
            if self.passes(h) {
                let probe = (p, h, self.bucket_range(h));
                if !self.look_up((hay, needles, budget), probe, &mut found, &mut work_left)? {
                    return Ok(None);
                }
            }
            found.work += 1;
            p += self.stride;
        }
        Ok(Some(found))
    }
}

/// A slot among `1 << bits` for a direct-mapped cache of recently met strings (IRIs: the SPARQL
/// index's term numbers; the export writers' `Recent` takes the same bits of [`tail_hash`]
/// itself): the top `bits` of [`tail_hash`]; `bits` is at most 64.
pub(crate) fn tail_slot(text: &str, bits: u32) -> usize {
    tail_hash(text).checked_shr(64 - bits).unwrap_or(0) as usize
}

/// A hash of the text's length and its last eight bytes, where strings of one namespace differ;
/// [`tail_slot`] takes its top bits.
#[inline]
pub(crate) fn tail_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let tail = match bytes.len().checked_sub(8) {
        Some(at) => u64::from_le_bytes(bytes[at..].try_into().unwrap_or_default()),
        None => bytes.iter().fold(0u64, |h, b| (h << 8) | u64::from(*b)),
    };
    (tail ^ bytes.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_line_is_the_first_line_with_visible_text() {
        fn t(s: &str) -> Option<(usize, usize, &str)> {
            title_line(s).map(|t| (t.start, t.end, t.text))
        }
        assert_eq!(t("A Title\nText."), Some((0, 7, "A Title")));
        assert_eq!(t("\n \t\r\n  Ærø’s Title \r\nText."), Some((7, 18, "Ærø’s Title")));
        assert_eq!(t("\u{a0}\n\u{2003}Title"), Some((3, 8, "Title")));
        assert_eq!(t(""), None);
        assert_eq!(t(" \n\t\n"), None);
        // The offsets are characters, and the text is the essay's between them.
        let essay = "\n\n  Ødegaard’s War\nBody.";
        let line = title_line(essay).unwrap();
        let between: String = essay.chars().skip(line.start).take(line.end - line.start).collect();
        assert_eq!(between, line.text);
    }

    /// A slot lies among `1 << bits`.
    #[test]
    fn tail_slots_lie_in_range() {
        for text in ["", "a", "http://example.org/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"] {
            for bits in [0, 1, 7, 8, 16] {
                assert!(tail_slot(text, bits) < 1 << bits, "{text} {bits}");
            }
        }
    }

    #[test]
    fn offset_tables_convert_every_character_and_byte() {
        // Blocks of ASCII, of 2-, 3- and 4-byte characters and of mixes, so that every kind of
        // block and every place of a 64th character in a block is met.
        let pieces = ["abcdefg", "é", "’", "𝄞", "Japan’s ", "ŁÓDŹ", "x"];
        let mut text = String::new();
        for i in 0..900 {
            text.push_str(pieces[(i * 7 + i / 13) % pieces.len()]);
            if i % 50 < 20 {
                text.push_str("ascii only for a while ");
            }
        }
        let t = EssayText::new(&text);
        assert_eq!(t.len(), text.chars().count());
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(t.byte_at(c), b, "byte of character {c}");
            assert_eq!(t.char_of_byte(b), c, "character of byte {b}");
        }
        assert_eq!(t.byte_at(t.len()), text.len());
        assert_eq!(t.char_of_byte(text.len()), t.len());
    }

    #[test]
    fn all_bytes_agrees_with_a_byte_by_byte_check() {
        // Every byte value at every place of texts of 1 to 19 bytes (whole words, a remainder),
        // the rest printable: the word tests may never pass a byte that the predicate refuses.
        type Case = (fn(u64) -> bool, fn(u8) -> bool);
        let cases: [Case; 3] = [
            (|x| word::has_control(x) || word::has_non_ascii(x), |b| (0x20..0x7F).contains(&b)),
            (word::has_control, |b| b >= 0x20 && b != 0x7F || b == b'\t'),
            (
                |x| {
                    word::has_control(x)
                        || word::has_byte(x, 0xC2)
                        || word::has_byte(x, 0xEF)
                        || word::has_byte_from_f0(x)
                },
                |b| !matches!(b, 0..=0x1F | 0x7F | 0xC2 | 0xEF..=0xFF) || b == b'\n',
            ),
        ];
        for (suspect, ok) in cases {
            for len in 1..20 {
                for at in 0..len {
                    for b in 0..=255u8 {
                        for fill in [b'a', 0x80, 0xE2] {
                            let mut bytes = vec![fill; len];
                            bytes[at] = b;
                            let expected = bytes.iter().all(|&b| ok(b));
                            assert_eq!(
                                all_bytes(&bytes, suspect, ok),
                                expected,
                                "byte {b:#x} at {at} of {len} in {fill:#x}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn names_are_found_alike_whether_folding_keeps_byte_lengths_or_not() {
        // The Kelvin sign folds to a one-byte `k`: with it, byte offsets of the folded text are
        // not those of the text, and the names are found through character offsets instead.
        let text = "Łódź and ŁÓDŹ, Japan’s japan. ÉIRE éire Éirean; Αθήνα αθηνα ΑΘΉΝΑ an";
        let names = ["łódź", "JAPAN", "Éire", "Αθήνα", "an", "’s", "ire"];
        let keeps = EssayText::new(text).find_names(&names, usize::MAX).unwrap();
        let kelvin = format!("{text} \u{212A}elvin");
        let changes = EssayText::new(&kelvin).find_names(&names, usize::MAX).unwrap();
        assert_eq!(keeps, changes);
        assert_eq!(keeps[0], vec![(0, 4), (9, 13)]);
        assert_eq!(keeps[2], vec![(30, 34), (35, 39)]);
        assert!(keeps[6].is_empty());
    }

    #[test]
    fn the_flat_name_search_finds_what_the_name_lists_find() {
        let text = "Łódź and ŁÓDŹ, Japan’s japan. ÉIRE éire Éirean; Αθήνα αθηνα ΑΘΉΝΑ an Japan Japan-Russia";
        // Repeated, empty, overlapping and non-word-edged names.
        let names = ["łódź", "JAPAN", "Éire", "", "Αθήνα", "an", "’s", "ire", "japan", "Japan Japan", "-Russia"];
        let t = EssayText::new(text);
        let lists = t.find_names(&names, usize::MAX).unwrap();
        let mut expected: Vec<(u32, u32, u32)> = lists
            .iter()
            .enumerate()
            .flat_map(|(i, hits)| hits.iter().map(move |&(s, e)| (s as u32, e as u32, i as u32)))
            .collect();
        let mut flat = t.find_names_flat(&names, usize::MAX).unwrap().unwrap();
        expected.sort_unstable();
        flat.sort_unstable();
        assert_eq!(flat, expected);
        assert!(flat.iter().any(|m| m.2 == 9) && flat.iter().any(|m| m.2 == 10));
        // The same budget: every occurrence counts, on a word boundary or not.
        let all = lists.iter().map(Vec::len).sum::<usize>();
        for budget in [0, all, all + 5] {
            assert_eq!(t.find_names(&names, budget).is_err(), t.find_names_flat(&names, budget).is_err(), "{budget}");
        }
        // A text whose folding changes byte lengths is left to the name lists.
        assert_eq!(EssayText::new("\u{212A}elvin").find_names_flat(&names, usize::MAX), Ok(None));
    }

    #[test]
    fn a_padded_name_automaton_finds_what_the_unpadded_one_finds() {
        // Padding after every 1, 2, 3 and 128 names against none; the text holds padding
        // patterns themselves (found, but no name), non-ASCII names, repeats and overlaps.
        let mut text = String::from("Łódź and ŁÓDŹ, Japan’s japan. ÉIRE éire Αθήνα an Japan Japan-Russia ");
        for k in [0, 1, 2, 17] {
            text.push_str(&padding(k));
            text.push_str(" Japan ");
        }
        let names = ["łódź", "JAPAN", "Éire", "", "Αθήνα", "an", "’s", "ire", "japan", "Japan Japan", "-Russia"];
        let t = EssayText::new(&text);
        let sorted = |every| {
            let mut found = t.find_names_flat_padded(&names, usize::MAX, every).unwrap().unwrap();
            found.sort_unstable();
            found
        };
        let unpadded = sorted(0);
        assert!(unpadded.iter().any(|m| m.2 == 0) && unpadded.iter().any(|m| m.2 == 10));
        for every in [1, 2, 3, 128] {
            assert_eq!(sorted(every), unpadded, "padding after every {every}");
            // The same budget: padding patterns found in the text do not count.
            let all = t.find_names(&names, usize::MAX).unwrap().iter().map(Vec::len).sum::<usize>();
            for budget in [0, all - 1, all] {
                assert_eq!(
                    t.find_names_flat_padded(&names, budget, every).is_err(),
                    t.find_names(&names, budget).is_err(),
                    "{every} {budget}"
                );
            }
        }
        // Each padding pattern has its own path and holds no name's character.
        let paddings: Vec<String> = (0..300).map(padding).collect();
        for (k, p) in paddings.iter().enumerate() {
            assert!(p.starts_with('\0') && p.len() >= 6 + PADDING_PATH, "{k}");
            assert!(paddings[..k].iter().all(|q| !p.starts_with(q.as_str()) && !q.starts_with(p.as_str())), "{k}");
        }
        assert_eq!(padding(0x12345).len(), 7 + PADDING_PATH);
    }

    #[test]
    fn the_loaders_search_pads_many_names_and_finds_the_same() {
        // As many names as make `find_names_flat` pad its automaton: "Place {i}", found once,
        // twice, inside a longer name (no word boundary), or not at all.
        let names: Vec<String> = (0..PADDED_FROM + 300).map(|i| format!("Place {i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let text = "Place 1, place 12 and PLACE 65599; Place 70000 is not one. Place 1 again, Łódź Place 9x.";
        let t = EssayText::new(text);
        let mut padded = t.find_names_flat(&names, usize::MAX).unwrap().unwrap();
        let mut plain = t.find_names_flat_padded(&names, usize::MAX, 0).unwrap().unwrap();
        padded.sort_unstable();
        plain.sort_unstable();
        assert_eq!(padded, plain);
        assert_eq!(padded.iter().map(|m| m.2).collect::<Vec<_>>(), vec![1, 12, 65_599, 1]);
        // Every occurrence, on a word boundary or not ("Place 1" in "place 12", "Place 9" in
        // "9x"), counts against the budget, as in the name lists (and as the small padded
        // searches of `a_padded_name_automaton_finds_what_the_unpadded_one_finds` check).
        assert!(t.find_names_flat(&names, padded.len()).is_err());
    }

    /// The occurrences [`EssayText::find_names_flat_by`] finds with windows of `window` bytes,
    /// sorted, and whether each budget from 0 to one past their count is refused; checked against
    /// one window (the whole essay folded and searched at once, as before round 28) and against
    /// the name lists ([`EssayText::find_names`]).
    fn windows_find_what_one_search_finds(text: &str, names: &[&str], windows: &[usize]) {
        let t = EssayText::new(text);
        let sorted = |window: usize, every: usize| {
            let mut found = t.find_names_flat_by(names, usize::MAX, every, window).unwrap().unwrap();
            found.sort_unstable();
            found
        };
        let whole = sorted(usize::MAX, 0);
        let lists = t.find_names(names, usize::MAX).unwrap();
        let mut expected: Vec<NameMatch> = lists
            .iter()
            .enumerate()
            .flat_map(|(i, hits)| hits.iter().map(move |&(s, e)| (s as u32, e as u32, i as u32)))
            .collect();
        expected.sort_unstable();
        assert_eq!(whole, expected, "{text:?}");
        // Every occurrence counts, on word boundaries or not: the least budget the lists accept.
        let occurrences = (0..=usize::MAX).find(|&b| t.find_names(names, b).is_ok()).unwrap_or(0);
        for &window in windows {
            for every in [0, 2] {
                assert_eq!(sorted(window, every), whole, "window {window}, padding after {every}, {text:?}");
            }
            for budget in [0, occurrences.saturating_sub(1), occurrences, occurrences + 1] {
                assert_eq!(
                    t.find_names_flat_by(names, budget, 0, window).is_err(),
                    t.find_names(names, budget).is_err(),
                    "window {window}, budget {budget}, {text:?}"
                );
            }
        }
    }

    #[test]
    fn names_searched_by_windows_are_those_searched_at_once() {
        let names = ["łódź", "JAPAN", "Éire", "", "Αθήνα", "an", "’s", "ire", "japan", "Japan Japan", "-Russia"];
        let text = "Łódź and ŁÓDŹ, Japan’s japan. ÉIRE éire Éirean; Αθήνα αθηνα ΑΘΉΝΑ an Japan Japan-Russia";
        // Windows of every size up to past the text, so that a window ends at every byte: inside
        // a name, between overlapping names, inside a word, inside a multibyte character.
        let windows: Vec<usize> = (1..=text.len() + 1).chain([64 * 1024, usize::MAX]).collect();
        windows_find_what_one_search_finds(text, &names, &windows);
        // Names inside words (counted, not found), repeated in a row, at the text's two ends.
        windows_find_what_one_search_finds("aaaa a aa", &["a", "aa", "A"], &windows);
        windows_find_what_one_search_finds(
            "Place 1, place 12 and Place 9x; Place 1",
            &["Place 1", "place 12", "Place 9"],
            &windows,
        );
        // A label `a` in a text of `a`s: every occurrence counts against the budget, windows or not.
        let many = "a".repeat(5_000);
        let t = EssayText::new(&many);
        for window in [1, 7, 4096, usize::MAX] {
            assert_eq!(t.find_names_flat_by(&["a"], 4_999, 0, window), Err(TooManyMatches { budget: 4_999 }));
            assert_eq!(t.find_names_flat_by(&["a"], 5_000, 0, window).map(|f| f.map(|f| f.len())), Ok(Some(0)));
        }
        // A text whose folding changes byte lengths is still left to the name lists; refused as
        // they refuse it when the windows before its first such character hold too many.
        assert_eq!(EssayText::new("ab \u{212A}elvin").find_names_flat_by(&names, usize::MAX, 0, 1), Ok(None));
        let t = EssayText::new("a a a \u{212A}");
        assert_eq!(t.find_names_flat_by(&["a"], 2, 0, 1), Err(TooManyMatches { budget: 2 }));
        assert_eq!(t.find_names(&["a"], 2), Err(TooManyMatches { budget: 2 }));
        assert_eq!(t.find_names_flat_by(&["a"], 3, 0, 1), Ok(None));
    }

    #[test]
    fn names_folded_by_runs_are_folded_char_by_char() {
        for name in ["", "Sakhalin", "ÉTAT Libre d’Ørsted", "\u{212A}elvin", "İstanbul", "ΣΑΣ", "a\u{0}B", "ßẞ"]
        {
            let mut out = String::from("x");
            let same = push_folded(name, &mut out);
            let expected: String = name.chars().map(fold).collect();
            assert_eq!(out, format!("x{expected}"), "{name}");
            assert_eq!(
                same,
                expected.len() == name.len()
                    && name.chars().zip(expected.chars()).all(|(a, b)| a.len_utf8() == b.len_utf8()),
                "{name}"
            );
        }
    }

    /// [`word_windows`] as it was before round 27, by `memchr` on spaces: the reference.
    fn word_windows_by_memchr(bytes: &[u8]) -> Vec<usize> {
        let lo = WORD_WINDOW_BEFORE.max(1);
        let hi = (bytes.len() + WORD_WINDOW_BEFORE).checked_sub(WORD_WINDOW);
        let spaces = hi.and_then(|hi| bytes.get(lo - 1..hi)).unwrap_or_default();
        memchr::memchr_iter(b' ', spaces)
            .map(move |i| i + lo)
            .filter(move |&p| bytes[p] != b' ')
            .map(|p| p - WORD_WINDOW_BEFORE)
            .collect()
    }

    #[test]
    fn space_masks_are_the_spaces_byte_by_byte() {
        let naive = |bytes: &[u8], from: usize| -> u64 {
            bytes[from..].iter().take(64).enumerate().fold(0, |m, (k, &b)| m | (u64::from(b == b' ') << k))
        };
        // Every byte at every place of a whole block (spaces or not around it), and blocks cut
        // short at every length.
        for fill in [b'a', b' ', 0xA0] {
            for at in 0..64 {
                for b in 0..=255u8 {
                    let mut block = [fill; 64];
                    block[at] = b;
                    assert_eq!(space_mask(&block, 0), naive(&block, 0), "{fill} {at} {b}");
                }
            }
        }
        let text: Vec<u8> = (0..300u32).map(|i| if i % 3 == 0 || i % 7 == 0 { b' ' } else { i as u8 }).collect();
        for from in 0..text.len() {
            assert_eq!(space_mask(&text, from), naive(&text, from), "{from}");
        }
        assert_eq!(transpose_bits(0x0102_0408_1020_4080), 0x0102_0408_1020_4080);
        assert_eq!(transpose_bits(0xFF), 0x0101_0101_0101_0101);
    }

    #[test]
    fn word_windows_found_by_blocks_are_those_found_by_memchr() {
        let same = |bytes: &[u8]| assert_eq!(word_windows(bytes).collect::<Vec<_>>(), word_windows_by_memchr(bytes));
        // Every length up to three blocks, with a space at every place, then two, then at the
        // edges of the range (`lo`, the end) and of the blocks (63, 64, 127, 128).
        for len in 0..200 {
            let mut text = vec![b'a'; len];
            same(&text);
            for at in 0..len {
                text[at] = b' ';
                same(&text);
                if at + 1 < len {
                    text[at + 1] = b' ';
                    same(&text);
                    text[at + 1] = b'a';
                }
                text[at] = b'a';
            }
        }
        let words = "ab cd  efg   Ł é\u{0} x\ty ".repeat(40);
        same(words.as_bytes());
        same(" ".repeat(300).as_bytes());
        // Bytes that differ from a space in one bit only (the mask's test is exact).
        let near: Vec<u8> = (0..=255u8).flat_map(|b| [b, b' ', b ^ 0x20, b' ' ^ 0x80, b' ' | 1]).collect();
        same(&near);
        // A word start at 64 and at 128 exactly (bit 0 of a block, its space in the block before).
        let mut edge = vec![b'x'; 200];
        edge[63] = b' ';
        edge[127] = b' ';
        assert_eq!(word_windows(&edge).collect::<Vec<_>>(), vec![64 - WORD_WINDOW_BEFORE, 128 - WORD_WINDOW_BEFORE]);
        same(&edge);
    }

    proptest::proptest! {
        #[test]
        fn the_search_around_word_starts_answers_as_the_automaton(
            text in "[ab Ł]{0,400}",
            cuts in proptest::collection::vec((0usize..400, 1usize..40), 0..24),
            others in proptest::collection::vec("[ab Ł]{15,30}", 0..4),
        ) {
            // Needles cut from the text (so most occur, often more than once) and a few made apart.
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut needles: Vec<&str> = cuts
                .iter()
                .filter(|&&(at, _)| at < chars.len())
                .map(|&(at, len)| {
                    let end = chars.get(at + len).map_or(text.len(), |c| c.0);
                    &text[chars[at].0..end]
                })
                .collect();
            needles.extend(others.iter().map(String::as_str));
            word_starts_both_ways(&text, &needles);
        }

        #[test]
        fn word_windows_by_blocks_answer_as_memchr(text in proptest::collection::vec(
            proptest::sample::select(vec![b' ', b'a', b'\t', 0xC5, 0x81, 0x00, 0xA0]), 0..400)) {
            proptest::prop_assert_eq!(word_windows(&text).collect::<Vec<_>>(), word_windows_by_memchr(&text));
        }

        #[test]
        fn names_searched_by_windows_answer_as_one_search(
            text in "[a-c ,Ł\u{212A}]{0,80}",
            names in proptest::collection::vec("[a-c Ł]{0,5}", 0..10),
            window in 1usize..24,
            budget in 0usize..40,
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let t = EssayText::new(&text);
            // The loader's answer: the name lists' when folding changes byte lengths (`None`).
            let answer = |window: usize| match t.find_names_flat_by(&names, budget, 0, window) {
                Ok(None) => t.find_names(&names, budget).map(|lists| {
                    lists
                        .iter()
                        .enumerate()
                        .flat_map(|(i, hits)| hits.iter().map(move |&(s, e)| (s as u32, e as u32, i as u32)))
                        .collect::<Vec<NameMatch>>()
                }),
                Ok(Some(found)) => Ok(found),
                Err(e) => Err(e),
            }
            .map(|mut found| {
                found.sort_unstable();
                found
            });
            proptest::prop_assert_eq!(answer(window), answer(usize::MAX));
            proptest::prop_assert_eq!(answer(window).is_err(), t.find_names(&names, budget).is_err());
        }

        /// Round 29: the flat search reads whether a name starts and ends with a word character
        /// from the match in the folded window, not from the name: the same occurrences as the
        /// name lists (which read it from the name), for names that begin or end with spaces,
        /// punctuation, curly quotes or a non-ASCII letter, at every window size.
        #[test]
        fn names_read_from_the_window_are_the_name_lists_names(
            text in "[a-cA-C ,.’Ł\u{142}]{0,80}",
            names in proptest::collection::vec("[a-cB ,.’Ł]{0,5}", 0..10),
            window in 1usize..24,
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let t = EssayText::new(&text);
            let mut lists: Vec<NameMatch> = t
                .find_names(&names, usize::MAX)
                .unwrap()
                .iter()
                .enumerate()
                .flat_map(|(i, hits)| hits.iter().map(move |&(s, e)| (s as u32, e as u32, i as u32)))
                .collect();
            lists.sort_unstable();
            for window in [window, usize::MAX] {
                let mut flat = t.find_names_flat_by(&names, usize::MAX, 0, window).unwrap().unwrap();
                flat.sort_unstable();
                proptest::prop_assert_eq!(&flat, &lists);
            }
        }

        /// [`ascii_run`] is the length of the leading ASCII bytes, wherever the first other byte
        /// falls against its 16-byte steps.
        #[test]
        fn ascii_runs_are_found_as_by_a_byte_loop(text in proptest::collection::vec(
            proptest::sample::select(vec![b'a', b'Z', b' ', 0x00, 0x7F, 0x80, 0xC5, 0xFF]), 0..70)) {
            let expected = text.iter().position(|b| !b.is_ascii()).unwrap_or(text.len());
            proptest::prop_assert_eq!(ascii_run(&text), expected);
            let ascii: Vec<u8> = text.iter().map(|b| b & 0x7F).collect();
            proptest::prop_assert_eq!(ascii_run(&ascii), ascii.len());
        }

        #[test]
        fn padding_leaves_the_names_found_unchanged(
            text in "[a-c ,Ł\u{0}-\u{2}]{0,60}",
            names in proptest::collection::vec("[a-c Ł]{0,4}", 0..12),
            every in 1usize..5,
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let t = EssayText::new(&text);
            let mut plain = t.find_names_flat_padded(&names, usize::MAX, 0).unwrap().unwrap();
            let mut padded = t.find_names_flat_padded(&names, usize::MAX, every).unwrap().unwrap();
            plain.sort_unstable();
            padded.sort_unstable();
            proptest::prop_assert_eq!(padded, plain);
        }
    }

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
    /// The windows the tests try: the loader's, passage naming's, and odd ones.
    const TRIED: [&[Windows]; 5] = [
        QUOTE_WINDOWS,
        crate::passage_names::NAME_WINDOWS,
        &[Windows { width: 1, stride: 1, candidates: 1 }],
        &[Windows { width: 5, stride: 3, candidates: 8 }, Windows { width: 2, stride: 2, candidates: 2 }],
        &[Windows { width: 13, stride: 1, candidates: 5 }],
    ];

    /// The anchored search finds what the automaton finds: random texts over small alphabets
    /// (many repeats and overlaps), needles cut from them or made up, near-identical ones (a
    /// byte changed anywhere), of every length around the anchoring thresholds, multibyte
    /// characters included, with every set of windows.
    #[test]
    fn the_anchored_search_finds_what_the_automaton_finds() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for alphabet in [&["a", "b"][..], &["ab", "a", "é", " "], &["x", "y", "z", "Я", "q", "r", "s", "t"]] {
            for round in 0..40 {
                let text: String = (0..next(3000)).map(|_| alphabet[next(alphabet.len())]).collect();
                let mut needles: Vec<String> = Vec::new();
                for _ in 0..next(60) {
                    let from = next(text.len() + 1);
                    let len = next(40);
                    let cut: String = text.get(from..).unwrap_or("").chars().take(len).collect();
                    // A near-identical twin: one character changed.
                    let mut chars: Vec<String> = cut.chars().map(String::from).collect();
                    if !chars.is_empty() {
                        let k = next(chars.len());
                        chars[k] = alphabet[next(alphabet.len())].to_string();
                    }
                    needles.push(chars.concat());
                    needles.push(cut);
                    let made: String = (0..next(30)).map(|_| alphabet[next(alphabet.len())]).collect();
                    needles.push(made);
                }
                let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
                let windows = TRIED[round % TRIED.len()];
                assert_eq!(
                    find_all_anchored(&text, &refs, usize::MAX, windows),
                    find_all_many(&text, &refs, usize::MAX),
                    "{windows:?} {text:?} {refs:?}"
                );
                // The same budget errors.
                let budget = next(50);
                assert_eq!(
                    find_all_anchored(&text, &refs, budget, windows).is_err(),
                    find_all_many(&text, &refs, budget).is_err(),
                    "budget {budget}"
                );
            }
        }
    }

    /// The flat result ([`Found`]) holds what the lists hold: each needle's lowest start in
    /// `first`, every later one in `more`, by needle and start, and so the same answer as the
    /// automaton for needles found nowhere, once or several times (overlapping repeats, closer
    /// than a stride, found out of order), in multibyte text, with needles split over several
    /// groups (the automaton's and the windows') or all in one, and the same budget errors.
    #[test]
    fn the_flat_search_holds_every_occurrence_in_order() {
        let text = "é Sakhalin went to Russia, é Sakhalin went to Russia, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ".repeat(3)
            + "Яблоко Sakhalin went to Japan";
        let needles = [
            "Sakhalin went to Russia",      // 6 times
            "Sakhalin went to Japan",       // once, at the end
            "Sakhalin went to the moon",    // nowhere
            "aaaaaaaaaaaaaaaaaaaa",         // overlapping repeats, 2 bytes apart and 1
            "é Sakhalin went to Russia, é", // multibyte, 3 times... overlapping its twin
            "Sakhalin",                     // short: the automaton's group
            "Яблоко Sakhalin",              // multibyte start
        ];
        let expected = find_all_many(&text, &needles, usize::MAX).unwrap();
        assert_eq!(expected[2], Vec::<usize>::new());
        assert!(expected[3].len() > 20 && expected[0].len() == 6 && expected[1].len() == 1);
        for windows in TRIED.into_iter().chain([&[Windows { width: 16, stride: 4, candidates: 3 }][..]]) {
            for take in [needles.len(), 5, 1] {
                let needles = &needles[..take];
                let found = find_all_anchored_flat(&text, needles, usize::MAX, windows).unwrap();
                for (i, starts) in expected[..take].iter().enumerate() {
                    assert_eq!(found.first(i), starts.first().copied(), "{windows:?} {i}");
                    let more: Vec<usize> = found.more().iter().filter(|m| m.0 as usize == i).map(|m| m.1).collect();
                    assert_eq!(more, starts.get(1..).unwrap_or_default(), "{windows:?} {i}");
                }
                assert!(found.more().is_sorted(), "{windows:?}");
                assert_eq!(found.into_lists(), expected[..take], "{windows:?}");
                let all = expected[..take].iter().map(Vec::len).sum::<usize>();
                for budget in [0, all / 2, all - 1] {
                    let got = find_all_anchored_flat(&text, needles, budget, windows);
                    assert_eq!(got, Err(TooManyMatches { budget }), "{windows:?} {budget}");
                }
                assert!(find_all_anchored_flat(&text, needles, all, windows).is_ok(), "{windows:?}");
            }
        }
    }

    /// The search around word starts against the automaton: every occurrence of every needle
    /// (needles with and without a word start, overlapping ones, multibyte text, runs of spaces,
    /// a needle whose only word start is at the edge of where a window fits), the same error
    /// at every budget below the occurrences, and the same answer when its comparisons run out
    /// of their budget at once, partway, or never.
    fn word_starts_both_ways(text: &str, needles: &[&str]) {
        let expected = find_all_many(text, needles, usize::MAX).unwrap();
        let all = expected.iter().map(Vec::len).sum::<usize>();
        for work_left in [None, Some(0), Some(40), Some(all * 16)] {
            let found = find_at_word_starts_within(text, needles, usize::MAX, QUOTE_WINDOWS, work_left).unwrap();
            assert!(found.more().is_sorted(), "{work_left:?}");
            assert_eq!(found.into_lists(), expected, "{work_left:?}");
            for budget in [0, all / 2, all.saturating_sub(1)].into_iter().filter(|&b| b < all) {
                let got = find_at_word_starts_within(text, needles, budget, QUOTE_WINDOWS, work_left);
                assert_eq!(got, Err(TooManyMatches { budget }), "{work_left:?} {budget}");
            }
            assert!(find_at_word_starts_within(text, needles, all, QUOTE_WINDOWS, work_left).is_ok());
        }
        let flat = find_all_at_word_starts_flat(text, needles, usize::MAX, QUOTE_WINDOWS).unwrap();
        assert_eq!(flat.into_lists(), expected);
    }

    #[test]
    fn the_search_around_word_starts_finds_what_the_automaton_finds() {
        let text = "é Sakhalin went to Russia, é Sakhalin went to Russia, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ".repeat(3)
            + "Яблоко Sakhalin went to Japan  in   1905 and  Sakhalin went to Japan";
        let needles = [
            "Sakhalin went to Russia",      // 6 times
            "Sakhalin went to Japan",       // twice, once at the end
            "Sakhalin went to the moon",    // nowhere
            "aaaaaaaaaaaaaaaaaaaa",         // no word start: the windows' group
            "é Sakhalin went to Russia, é", // multibyte, 3 times, overlapping its twin
            "Sakhalin",                     // short: the automaton's group
            "Яблоко Sakhalin",              // multibyte start, its word start 7 bytes from the end
            "o Japan  in   1905 and  S",    // runs of spaces
            "abcdefgh ijklmnop",            // its word start exactly where a window fits
            " Sakhalin went to Japan",      // a space first: a word start at byte 1
        ];
        let found = find_all_many(&text, &needles, usize::MAX).unwrap();
        assert!(found[0].len() == 6 && found[1].len() == 2 && found[2].is_empty() && found[3].len() > 20);
        assert_eq!((word_windows(b"abcdefgh ijklmnop").count(), word_windows(b"abcdefgh ijklmno").count()), (1, 0));
        assert_eq!(word_windows(needles[3].as_bytes()).count(), 0);
        word_starts_both_ways(&text, &needles);
        for take in [1, 2, 5] {
            word_starts_both_ways(&text, &needles[..take]);
        }
        word_starts_both_ways("short", &needles);
        word_starts_both_ways("", &needles);
    }

    /// Needles that share their windows with each other and with most of the text: the
    /// comparisons run out of budget and the automaton takes over, with the same answer.
    #[test]
    fn shared_windows_fall_back_to_the_automaton() {
        // Every window of every needle (`b`, a run of `a`, `b`) is met every 18 bytes of the text;
        // all but one needle (a run of 17) occur nowhere, so nearly every comparison fails.
        let text = ("b".to_string() + &"a".repeat(17)).repeat(11_111) + "b";
        let needles: Vec<String> = (4..300).map(|n| "b".to_string() + &"a".repeat(n) + "b").collect();
        let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
        for windows in TRIED {
            let long: Vec<&str> = refs.iter().copied().filter(|n| n.len() >= windows[0].min_len()).collect();
            assert_eq!(anchored(text.as_bytes(), &long, usize::MAX, windows[0]), Ok(None), "{windows:?}");
            let found = find_all_anchored(&text, &refs, usize::MAX, windows).unwrap();
            assert_eq!(found, find_all_many(&text, &refs, usize::MAX).unwrap());
            assert_eq!(found[17 - 4].len(), 11_111);
            assert_eq!(found.iter().map(Vec::len).sum::<usize>(), 11_111);
        }
    }

    /// Labels of a thousand copies (`peace treaty 1`, `peace treaty 10`, … `peace treaty 1999`),
    /// each the start of others, in a text where each is said twice: every window of the short
    /// ones is a candidate of hundreds of the long ones, and the windows the short ones take are
    /// met at every copy. The comparisons stay within the budget (n log n; a linear one ran out
    /// at a million relations and passage naming fell back to the automaton, ~40 s of CPU).
    #[test]
    fn label_families_stay_anchored() {
        let mut text = String::new();
        let mut needles = Vec::new();
        for k in 0..3000 {
            for label in ["peace treaty between Japan and Russia", "Yalta agreement on the Soviet entry"] {
                text.push_str(&format!("{label} {k}, {label} {k}. Then "));
                needles.push(format!("{label} {k}"));
            }
        }
        let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
        let found = anchored(text.as_bytes(), &refs, usize::MAX, crate::passage_names::NAME_WINDOWS[0]).unwrap();
        let expected = find_all_many(&text, &refs, usize::MAX).unwrap();
        assert_eq!(found.map(Found::into_lists), Some(expected.clone()));
        // The labels are found inside longer ones too (`… 1` in `… 1999`): occurrences are paid
        // for, not counted against the budget.
        assert!(expected.iter().map(Vec::len).sum::<usize>() > 3 * refs.len());
    }

    /// Quotes that differ only in a number in their middle, or only in their last characters,
    /// in a text that repeats everything else: each is anchored where it differs, so the search
    /// does not run out of comparisons.
    #[test]
    fn near_identical_needles_are_told_apart_without_the_automaton() {
        let mut text = String::new();
        let mut needles = Vec::new();
        for k in 0..2000 {
            let middle = format!("the Russian anti-revolutionary force {k} and its collapse");
            let end = format!("After other countries withdrew on the collapse [{k:x}z]");
            text.push_str(&format!("{middle}. {end}. "));
            needles.push(middle);
            needles.push(end);
        }
        let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
        let quotes = [Windows { candidates: 8, ..QUOTE_WINDOWS[0] }];
        for windows in [&quotes[..], crate::passage_names::NAME_WINDOWS] {
            let found = anchored(text.as_bytes(), &refs, usize::MAX, windows[0]).unwrap().map(Found::into_lists);
            assert_eq!(found, Some(find_all_many(&text, &refs, usize::MAX).unwrap()), "{windows:?}");
        }
    }

    /// Both probe loops over one table: the batched one must give exactly what the one-by-one
    /// reference gives (the same occurrences pushed in the same order, the same budget error,
    /// the same point where the comparisons run out), whatever the budgets.
    fn probe_both_ways(text: &str, needles: &[&str], w: Windows, budget: usize, work_left: usize) {
        let long: Vec<&str> = needles.iter().copied().filter(|n| n.len() >= w.min_len()).collect();
        if text.len() < w.width {
            return;
        }
        let table = AnchorTable::new(&long, w);
        let batched = table.probe(text.as_bytes(), &long, budget, work_left);
        let one_by_one = table.probe_one_by_one(text.as_bytes(), &long, budget, work_left);
        assert_eq!(batched, one_by_one, "{w:?} budget {budget} work {work_left} {text:?} {long:?}");
    }

    /// The batched probes against the one-by-one reference: haystacks whose probe counts end
    /// just before, at and after a batch boundary (1, 31, 32, 33, 64, 65 probes...), needles
    /// found nowhere, once and many times (overlapping repeats, multibyte text, at the very
    /// start and end of the haystack), occurrence budgets from 0 (an error at the first hit,
    /// in the first or a later batch) up, and comparison budgets that run out inside a batch.
    #[test]
    fn batched_probes_find_what_one_by_one_probes_find() {
        let unit = "é Sakhalin went to Russia [12], and then to Japan. ";
        for windows in TRIED {
            let w = windows[0];
            for probes in [1, 2, 31, 32, 33, 63, 64, 65, 97, 200] {
                let len = (probes - 1) * w.stride.max(1) + w.width;
                let full = unit.repeat(len / unit.len() + 1);
                let cut = (0..=len).rev().find(|&l| full.is_char_boundary(l)).unwrap_or(0);
                let text = &full[..cut];
                let needles = [
                    &text[..text.len().min(24)],
                    "Sakhalin went to Russia [12]",
                    "to Japan. é Sakhalin went",
                    "Sakhalin went to the moon, never",
                    &text[text.len().saturating_sub(20)..],
                ];
                let needles: Vec<&str> = needles.into_iter().filter(|n| !n.is_empty()).collect();
                for budget in [0, 1, 2, 5, usize::MAX] {
                    for work_left in [1, 30, 100, 1000, usize::MAX] {
                        probe_both_ways(text, &needles, w, budget, work_left);
                    }
                }
            }
        }
    }

    /// `n` lines that open alike, and each line's quote (its opening and its own number) and
    /// number quote (short: the automaton's group), as tests/hostile_input.rs loads them.
    fn shared_openings(n: usize) -> (String, Vec<String>) {
        let mut essay = String::from("Facts\n\n");
        let mut quotes = Vec::new();
        for i in 0..n {
            essay.push_str(&format!("The same long opening words of fact {i} end here.\n"));
            quotes.push(format!("The same long opening words of fact {i} end"));
            quotes.push(format!("fact {i} end"));
        }
        (essay, quotes)
    }

    /// The search made quadratic on purpose, for the work bound to be shown to catch it: each
    /// needle anchored at its opening only (the window every needle shares), with no budget on
    /// the comparisons, so that every needle is compared wherever the shared opening occurs.
    fn quadratic_search(hay: &str, needles: &[&str]) -> Found {
        let long: Vec<&str> = needles.iter().copied().filter(|n| n.len() >= QUOTE_WINDOWS[0].min_len()).collect();
        let w = Windows { candidates: 1, ..QUOTE_WINDOWS[0] };
        let table = AnchorTable::new(&long, w);
        table.probe(hay.as_bytes(), &long, usize::MAX, usize::MAX).unwrap().unwrap()
    }

    /// The loader's quote search on quotes that share their opening stays within the linear
    /// bound of [`EssayText::linear_search_work`] (the bound tests/hostile_input.rs holds the
    /// loader to), where the deliberately quadratic search exceeds it many times over, and so
    /// does the search anchored at the shared opening with its budget (it runs the budget out,
    /// n log n, then the automaton): the bound tells them apart. The counted work is the
    /// same whichever probe loop runs, and the searches find the same occurrences.
    #[test]
    fn the_work_bound_catches_a_quadratic_quote_search() {
        let (essay, quotes) = shared_openings(2000);
        let refs: Vec<&str> = quotes.iter().map(String::as_str).collect();
        let text = EssayText::new(&essay);
        let bound = text.linear_search_work(&refs);
        let work = text.quote_search_work(&refs, usize::MAX).unwrap();
        assert!(work <= bound, "the loader's search: {work} > {bound}");
        // Most of it is spent: a probe every 4th byte and one comparison per quote at least.
        assert!(work >= essay.len() / 4 + quotes.iter().step_by(2).map(String::len).sum::<usize>());
        let expected = find_all_many(&essay, &refs, usize::MAX).unwrap();
        assert_eq!(text.find_exact_many_bytes(&refs, usize::MAX).unwrap(), expected);

        let quadratic = quadratic_search(&essay, &refs);
        assert!(quadratic.work() > 50 * bound, "the quadratic search: {} <= 50 x {bound}", quadratic.work());
        let long: Vec<&str> = refs.iter().copied().step_by(2).collect();
        let long_expected: Vec<Vec<usize>> = expected.iter().step_by(2).cloned().collect();
        assert_eq!(quadratic.into_lists(), long_expected);
        let at_openings = [Windows { candidates: 1, ..QUOTE_WINDOWS[0] }];
        let budgeted = find_all_anchored_flat(&essay, &refs, usize::MAX, &at_openings).unwrap();
        assert!(budgeted.work() > 5 * bound, "anchored at the openings: {} <= 5 x {bound}", budgeted.work());
        assert_eq!(budgeted.into_lists(), expected);

        // Both probe loops count alike.
        let table = AnchorTable::new(&long, QUOTE_WINDOWS[0]);
        let batched = table.probe(essay.as_bytes(), &long, usize::MAX, usize::MAX).unwrap().unwrap();
        let one_by_one = table.probe_one_by_one(essay.as_bytes(), &long, usize::MAX, usize::MAX).unwrap().unwrap();
        assert_eq!(batched.work(), one_by_one.work());
        assert!(batched.work() >= essay.len() / 4);
    }

    proptest::proptest! {
        /// Random haystacks and needles (cut from them or made up, repeats and multibyte
        /// characters likely), random budgets: the batched probes give what the reference gives.
        #[test]
        fn batched_probes_match_the_reference(
            text in "[ab é]{0,300}",
            cuts in proptest::collection::vec((0usize..300, 0usize..40), 0..12),
            made in proptest::collection::vec("[ab é]{0,30}", 0..6),
            which in 0usize..5,
            budget in 0usize..40,
            work_left in 0usize..3000,
        ) {
            let mut needles: Vec<String> = made;
            for (from, len) in cuts {
                let cut: String = text.chars().skip(from % (text.chars().count() + 1)).take(len).collect();
                needles.push(cut);
            }
            let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
            for w in TRIED[which % TRIED.len()] {
                probe_both_ways(&text, &refs, *w, budget, work_left);
                probe_both_ways(&text, &refs, *w, usize::MAX, usize::MAX);
            }
        }
    }

    /// [`AnchorTable::of`] as it was before round 28, the reference its tests hold it to: each
    /// needle's candidates' windows made twice, to count them and to choose among them.
    fn anchors_made_twice(
        needles: &[&str],
        width: usize,
        stride: usize,
        per_needle: usize,
        mut candidates: impl FnMut(&[u8], &mut Vec<usize>),
    ) -> AnchorTable {
        let mut places = Vec::with_capacity(per_needle);
        let slots_log2 = (needles.len() * per_needle * 2).next_power_of_two().trailing_zeros().max(6);
        let slot = |h: u64| (h >> (64 - slots_log2)) as usize;
        let mut shared = vec![0u16; 1 << slots_log2];
        let mut windows: Vec<(u64, u32)> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut counts: Vec<u16> = Vec::new();
        let mut fill = |chunk: &[&str], windows: &mut Vec<(u64, u32)>, ends: &mut Vec<usize>| {
            windows.clear();
            ends.clear();
            for n in chunk {
                candidates(n.as_bytes(), &mut places);
                windows.extend(places.iter().map(|&at| (window_hash(n.as_bytes(), at, width), at as u32)));
                ends.push(windows.len());
            }
        };
        for chunk in needles.chunks(ANCHOR_CHUNK) {
            fill(chunk, &mut windows, &mut ends);
            for &(h, _) in &windows {
                let s = &mut shared[slot(h)];
                *s = s.saturating_add(1);
            }
        }
        let mut anchors: Vec<(u64, u32, u32)> = Vec::new();
        for (c, chunk) in needles.chunks(ANCHOR_CHUNK).enumerate() {
            fill(chunk, &mut windows, &mut ends);
            counts.clear();
            counts.extend(windows.iter().map(|&(h, _)| shared[slot(h)]));
            let mut from = 0;
            for (k, n) in chunk.iter().enumerate() {
                let (bytes, i) = (n.as_bytes(), c * ANCHOR_CHUNK + k);
                let best = (from..ends[k]).min_by_key(|&x| counts[x]);
                from = ends[k];
                let at = best.map_or(0, |x| windows[x].1 as usize);
                for j in at..at + stride {
                    anchors.push((window_hash(bytes, j, width), i as u32, j as u32));
                }
            }
        }
        anchors.sort_unstable();
        AnchorTable::from_sorted(width, stride, anchors)
    }

    /// Both ways of making `needles`' tables, around word starts (those needles that have one)
    /// and by every set of windows tried (those long enough), give the same tables: the same
    /// anchors (so the same window chosen for every needle), filter and buckets.
    fn tables_made_both_ways(needles: &[&str]) {
        let same = |a: AnchorTable, b: AnchorTable, what: &str| {
            assert_eq!((a.width, a.stride, a.buckets_log2), (b.width, b.stride, b.buckets_log2), "{what}");
            assert!(a.anchors == b.anchors, "{what}: the anchors differ");
            assert!(a.filter == b.filter, "{what}: the filters differ");
            assert!(a.starts == b.starts, "{what}: the buckets differ");
        };
        let worded: Vec<&str> =
            needles.iter().copied().filter(|n| word_windows(n.as_bytes()).next().is_some()).collect();
        for candidates in [1, WORD_CANDIDATES, 8] {
            let once = AnchorTable::at_word_starts(&worded, candidates);
            let twice =
                anchors_made_twice(&worded, WORD_WINDOW, 1, candidates, AnchorTable::spread_over_words(candidates));
            same(once, twice, &format!("word starts, {candidates} candidates"));
        }
        for w in TRIED.iter().flat_map(|ws| ws.iter()) {
            let long: Vec<&str> = needles.iter().copied().filter(|n| n.len() >= w.min_len()).collect();
            let twice =
                anchors_made_twice(&long, w.width, w.stride.max(1), w.candidates.max(1), AnchorTable::spread_over(*w));
            same(AnchorTable::new(&long, *w), twice, &format!("{w:?}"));
        }
    }

    /// The anchor table made with each needle's windows kept from their count to the choice
    /// (round 28) against the one that made them twice: needles with one word start, many,
    /// none; sharing their windows (ties broken alike, counts past `u16`'s saturation: 70,000
    /// needles that share every window); multibyte text; and needle counts at the chunks' edges
    /// (1023, 1024, 1025, 2049), where the kept windows are read back a chunk at a time.
    #[test]
    fn anchor_tables_made_once_are_those_made_twice() {
        tables_made_both_ways(&[]);
        tables_made_both_ways(&["", "a", "Sakhalin", "  ", "éééééééé éééééééé", "the Treaty of Portsmouth ended it"]);
        for count in [1, 2, 1023, 1024, 1025, 2049] {
            let made: Vec<String> = (0..count)
                .map(|k| match k % 4 {
                    0 => format!("the same opening of quote {k} and its own end"),
                    1 => format!("Ωmega’s quote {k}, with words and ‘more’ words"),
                    2 => format!("{k:08}abcdefghijklmnopqrstuvwxyz"),
                    _ => format!("short {k}"),
                })
                .collect();
            let refs: Vec<&str> = made.iter().map(String::as_str).collect();
            tables_made_both_ways(&refs);
        }
        // Every window shared by more needles than a `u16` counts.
        let same = "one long sentence, the same for every needle, here";
        let shared: Vec<&str> = vec![same; 70_000];
        let twice = anchors_made_twice(
            &shared,
            WORD_WINDOW,
            1,
            WORD_CANDIDATES,
            AnchorTable::spread_over_words(WORD_CANDIDATES),
        );
        let once = AnchorTable::at_word_starts(&shared, WORD_CANDIDATES);
        assert!(once.anchors == twice.anchors && once.filter == twice.filter && once.starts == twice.starts);
    }

    proptest::proptest! {
        /// Random needles (repeats, shared words, multibyte characters and spaces likely): the
        /// table made once is the table made twice.
        #[test]
        fn anchor_tables_made_once_match_the_reference(
            needles in proptest::collection::vec("[ab é]{0,60}", 0..40),
            copies in 1usize..4,
        ) {
            let mut refs: Vec<&str> = Vec::new();
            for _ in 0..copies {
                refs.extend(needles.iter().map(String::as_str));
            }
            tables_made_both_ways(&refs);
        }
    }
}
