//! The one loop the hand-written formats escape text with (XML for GraphML and GEXF, DOT, JSON
//! for the flat node-link and Cytoscape.js exports): runs of plain text copied whole, found eight
//! bytes at a time, since escaping the quotes byte by byte was the largest cost of those exports
//! (~7 instructions a byte). Each format keeps its own rules, given as a word test that marks
//! the bytes that may need escaping and a replacement per byte.

/// Writes `s` onto `out`, each byte for which `replace(bytes, i)` gives `(replacement, length)`
/// replaced (with the `length` bytes from `i`, which the caller keeps to whole characters).
/// `special` marks the bytes of an 8-byte word (little-endian) that may need replacing, by the
/// high bit of each: it must mark every byte that `replace` replaces, and the lowest byte it
/// marks must be one that may (marks above the lowest may be false, as the subtraction tests'
/// borrows make them): the scan jumps there without a look at the bytes before it, and a run of
/// plain text is copied at once. (It read every byte of a marked word one by one, and tested a
/// word by four branches, ~36 instructions a word of the essay's quotes.)
pub(crate) fn push_escaped<O: Text + ?Sized>(
    out: &mut O,
    s: &str,
    special: impl Fn(u64) -> u64,
    replace: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>,
) {
    push_escaped_from(out, s, 0, special, replace);
}

/// [`push_escaped`] of `s` whose first `from` bytes are known to hold none that `replace`
/// replaces (found by a faster test, as [`json_plain_len`]'s): the scan begins at `from`, and
/// those bytes are copied with the run of plain text they begin.
#[inline]
pub(crate) fn push_escaped_from<O: Text + ?Sized>(
    out: &mut O,
    s: &str,
    from: usize,
    special: impl Fn(u64) -> u64,
    replace: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>,
) {
    let bytes = s.as_bytes();
    let (mut plain, mut i, mut tail) = (0, from.min(bytes.len()), false);
    while i < bytes.len() {
        if !tail {
            match bytes.get(i..i + 8) {
                Some(chunk) => {
                    let marks = special(<[u8; 8]>::try_from(chunk).map_or(u64::MAX, u64::from_le_bytes));
                    if marks == 0 {
                        i += 8;
                        continue;
                    }
                    // The first byte that may need replacing.
                    i += (marks.trailing_zeros() / 8) as usize;
                }
                // The last bytes (most strings written are short: ids, keys, types, and end here),
                // as one word without a copy (a `copy_from_slice` of a length unknown until run
                // time was a call to `memcpy` for every string written); where it is marked, byte
                // by byte to the end (its bytes are not in their places).
                None => {
                    if special(last_word(bytes, i)) == 0 {
                        break;
                    }
                    tail = true;
                }
            }
        }
        match replace(bytes, i) {
            None => i += 1,
            Some((replacement, len)) => {
                // `i` and `i + len` are character boundaries: the caller replaces ASCII bytes and
                // whole characters only.
                out.push_text(s.get(plain..i).unwrap_or_default());
                out.push_text(replacement);
                i += len;
                plain = i;
            }
        }
    }
    out.push_text(s.get(plain..).unwrap_or_default());
}

/// Where escaped text goes: a string, or the UTF-8 bytes of one (the HTML page's data).
pub(crate) trait Text {
    /// Appends `s`.
    fn push_text(&mut self, s: &str);
}

impl Text for String {
    #[inline]
    fn push_text(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl Text for Vec<u8> {
    #[inline]
    fn push_text(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// The bytes from `i` (fewer than eight) in one word, some of them twice: the string's last
/// eight bytes where it has eight (the bytes before `i` in it were looked at already, and a
/// second look at them can only make the word suspect, never plain); else (`i` is 0) its first
/// and last four bytes where it has four, else its first, middle and last bytes, the first
/// repeated. Only which bytes a word holds matters to a word test, not where or how often.
#[inline]
fn last_word(bytes: &[u8], i: usize) -> u64 {
    let len = bytes.len();
    let four = |at: usize| bytes.get(at..at + 4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map(u32::from_le_bytes);
    if let Some(last) = len.checked_sub(8).and_then(|start| bytes.get(start..)) {
        return <[u8; 8]>::try_from(last).map_or(u64::MAX, u64::from_le_bytes);
    }
    debug_assert_eq!(i, 0);
    match (four(0), len.checked_sub(4).and_then(four)) {
        (Some(first), Some(last)) => u64::from(first) | u64::from(last) << 32,
        _ => {
            let at = |k: usize| bytes.get(k).copied().unwrap_or(b' ');
            let first = at(0);
            u64::from_le_bytes([first, at(len / 2), at(len.saturating_sub(1)), first, first, first, first, first])
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the word's bytes below `n` (at most 0x80): exact for the lowest such byte,
/// and a byte above it may be marked by the borrow.
fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// The high bit of the word's bytes equal to `b`: exact for the lowest, as [`below`].
fn equal(x: u64, b: u8) -> u64 {
    below(x ^ (ONES * u64::from(b)), 1)
}

/// The bytes (as [`push_escaped`] takes them) that may be a control character, `"` or `\`: what
/// JSON and DOT strings escape. Computed without branches: one test of the four marks.
pub(crate) fn control_quote_or_backslash_marks(x: u64) -> u64 {
    below(x, 0x20) | equal(x, 0x7F) | equal(x, b'"') | equal(x, b'\\')
}

/// Whether the word may hold a control character, `"` or `\`: what JSON and DOT strings escape.
pub(crate) fn control_quote_or_backslash(x: u64) -> bool {
    control_quote_or_backslash_marks(x) != 0
}

/// Whether the word holds a byte that N-Triples and N-Quads escape or may (`rdf::escaped`):
/// a control character, `"`, `\`, DEL, or 0xEF (the first byte of U+FFFE and U+FFFF, and of
/// other characters written as they are). Exact for the word as a whole.
pub(crate) fn ntriples_special(x: u64) -> bool {
    (control_quote_or_backslash_marks(x) | equal(x, 0xEF)) != 0
}

/// The bytes that may be what a JSON string escapes: a byte below 0x20, `"` or `\\` (unlike
/// [`control_quote_or_backslash_marks`], DEL is no suspect).
pub(crate) fn json_special_marks(x: u64) -> u64 {
    below(x, 0x20) | equal(x, b'"') | equal(x, b'\\')
}

/// Whether the word may hold what a JSON string escapes: a byte below 0x20, `"` or `\\` (exact:
/// unlike [`control_quote_or_backslash`], DEL is no suspect). Both JSON writers (`json_writer.rs`,
/// `jsonld.rs`) skip words by it.
pub(crate) fn json_special(x: u64) -> bool {
    json_special_marks(x) != 0
}

/// How many bytes from the start of `bytes` JSON is known to write as they are, a multiple of 16:
/// the whole 16-byte pieces before the first one that holds a control character (below 0x20), `"`
/// or `\\` (what a JSON string escapes: exactly the bytes [`json_escape`] replaces). Each piece is
/// tested at once: the loop over its 16 bytes is a few vector instructions (SSE2 on x86-64:
/// ~1.3 instructions a byte, where [`push_escaped`]'s word test costs ~3.5), and the escaping
/// loop begins after them ([`push_escaped_from`]).
#[inline]
pub(crate) fn json_plain_len(bytes: &[u8]) -> usize {
    let mut plain = 0;
    for piece in bytes.chunks_exact(16) {
        let mut marks = 0u8;
        for &b in piece {
            marks |= u8::from((b < 0x20) | (b == b'"') | (b == b'\\'));
        }
        if marks != 0 {
            break;
        }
        plain += 16;
    }
    plain
}

/// How JSON writes each control character, as serde_json writes it: by name where JSON has one,
/// else `\u00xx`.
const CONTROL: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b", "\\t", "\\n",
    "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015",
    "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];

/// How a JSON string writes byte `b`, as serde_json writes it, when `b` needs escaping (`"`,
/// `\`, a control character); `None` for a byte written as it is. Both JSON writers use it.
pub(crate) fn json_escape(b: u8) -> Option<&'static str> {
    match b {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        b => CONTROL.get(usize::from(b)).copied(),
    }
}

/// The bytes that may be what XML text escapes or replaces: a control character, `"`, `&`, `'`,
/// `<`, `>`, or the first byte of U+FFFE or U+FFFF (0xEF).
pub(crate) fn xml_special_marks(x: u64) -> u64 {
    below(x, 0x20)
        | equal(x, 0x7F)
        | between(x, b'!', b'(')
        // `<` (0x3C) and `>` (0x3E) are the bytes that become 0x3E with bit 1 set.
        | equal(x | (ONES * 2), b'>')
        | equal(x, 0xEF)
}

/// Whether the word may hold what XML text escapes or replaces: a control character, `"`, `&`,
/// `'`, `<`, `>`, or the first byte of U+FFFE or U+FFFF (0xEF).
pub(crate) fn xml_special(x: u64) -> bool {
    xml_special_marks(x) != 0
}

/// The high bit of the word's ASCII bytes strictly between `low` and `high` (both at most 128):
/// exact for every byte, since neither sum below carries or borrows between bytes.
fn between(x: u64, low: u8, high: u8) -> u64 {
    const LOW7: u64 = ONES * 0x7F;
    let ascii = x & LOW7;
    (ONES * (127 + u64::from(high)) - ascii) & !x & (ascii + ONES * (127 - u64::from(low))) & HIGHS
}

/// Whether the word holds an ASCII byte strictly between `low` and `high` (both at most 128).
#[cfg(test)]
fn has_between(x: u64, low: u8, high: u8) -> bool {
    between(x, low, high) != 0
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn words(s: &str) -> impl Iterator<Item = (u64, &[u8])> {
        s.as_bytes().windows(8).map(|w| (u64::from_le_bytes(w.try_into().unwrap()), w))
    }

    /// The same loop with every word suspect: byte by byte, the reference for the words skipped
    /// and for the last bytes read as one word.
    fn byte_by_byte(s: &str, replace: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s, |_| u64::MAX, replace);
        out
    }

    fn json(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
        json_escape(bytes[i]).map(|e| (e, 1))
    }

    fn xml(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
        match bytes[i] {
            b'<' => Some(("&lt;", 1)),
            b'&' => Some(("&amp;", 1)),
            b'"' => Some(("&quot;", 1)),
            b'\'' => Some(("&apos;", 1)),
            b'>' => Some(("&gt;", 1)),
            b if b < 0x20 => Some(("\u{fffd}", 1)),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some(("\u{fffd}", 3)),
            _ => None,
        }
    }

    /// A format's replacement of the byte at an index, as `push_escaped` takes it.
    type Replace = fn(&[u8], usize) -> Option<(&'static str, usize)>;

    fn escaped(s: &str, special: fn(u64) -> u64, replace: Replace) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s, special, replace);
        out
    }

    #[test]
    fn a_special_byte_in_the_last_bytes_is_escaped() {
        // Lengths 1 to 17, the special byte at each place: the last word overlaps plain bytes
        // looked at already, or is padded where the string is shorter than a word.
        for len in 1..18 {
            for at in 0..len {
                let mut s = "a".repeat(len);
                s.replace_range(at..=at, "\"");
                let quoted = s.replace('"', "\\\"");
                assert_eq!(escaped(&s, json_special_marks, json), quoted, "{s}");
                assert_eq!(escaped(&s, xml_special_marks, xml), s.replace('"', "&quot;"), "{s}");
            }
        }
    }

    /// [`json_plain_len`]'s reference: the 16-byte pieces before the first byte JSON escapes.
    fn json_plain_len_by_byte(bytes: &[u8]) -> usize {
        let first = bytes.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\').unwrap_or(bytes.len());
        first / 16 * 16
    }

    #[test]
    fn the_plain_pieces_end_before_the_first_byte_json_escapes() {
        // Every byte value at every place of a 50-byte string (past three pieces and a tail).
        for b in 0..=255u8 {
            for at in 0..50 {
                let mut bytes = vec![b'a'; 50];
                bytes[at] = b;
                assert_eq!(json_plain_len(&bytes), json_plain_len_by_byte(&bytes), "{b:#x} at {at}");
            }
        }
        assert_eq!(json_plain_len(b""), 0);
        assert_eq!(json_plain_len(&[b'a'; 15]), 0);
        assert_eq!(json_plain_len(&[0x80; 33]), 32);
    }

    proptest! {
        #[test]
        fn the_plain_pieces_are_found_as_byte_by_byte(bytes in prop::collection::vec(prop_oneof![any::<u8>(), 0x20..0x7Fu8, 0x20..0x7Fu8], 0..80)) {
            prop_assert_eq!(json_plain_len(&bytes), json_plain_len_by_byte(&bytes));
        }

        #[test]
        fn an_escape_begun_after_the_plain_pieces_writes_what_the_byte_by_byte_loop_writes(s in "([\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}]|é|[a-z ]{1,17}|\\PC){0,40}") {
            let mut out = String::new();
            push_escaped_from(&mut out, &s, json_plain_len(s.as_bytes()), json_special_marks, json);
            prop_assert_eq!(out, byte_by_byte(&s, json));
        }

        #[test]
        fn words_skipped_write_what_the_byte_by_byte_loop_writes(s in "([\"&'<>\\\\\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}\u{2028}]|é|[a-z ]{1,9}|\\PC){0,24}") {
            prop_assert_eq!(escaped(&s, json_special_marks, json), byte_by_byte(&s, json));
            prop_assert_eq!(escaped(&s, control_quote_or_backslash_marks, json), byte_by_byte(&s, json));
            prop_assert_eq!(escaped(&s, xml_special_marks, xml), byte_by_byte(&s, xml));
        }

        #[test]
        fn a_word_with_a_special_byte_is_always_suspect(s in "([\"&'<>!()#$%=?;\\\\\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}\u{fffd}]|é|[a-z ]|\\PC){8,40}") {
            for (x, w) in words(&s) {
                let xml = w.iter().any(|&b| b < 0x20 || b"\"&'<>".contains(&b) || b == 0xEF);
                prop_assert!(!xml || xml_special(x), "{w:?}");
                let json = w.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                prop_assert!(!json || control_quote_or_backslash(x), "{w:?}");
                prop_assert!(!json || json_special(x), "{w:?}");
                let between = w.iter().any(|&b| (b'"'..=b'\'').contains(&b));
                prop_assert_eq!(between, has_between(x, b'!', b'('), "{:?}", w);
            }
        }

        /// The lowest byte a word test marks is exactly the first of the bytes it looks for (so
        /// that the loop may jump there), and a word without them has no mark.
        #[test]
        fn the_lowest_mark_is_the_first_byte_looked_for(s in "([\"&'<>!()#$%=?;\\\\\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}\u{fffd}]|é|[a-z ]|\\PC){8,40}") {
            type Test = (fn(u64) -> u64, fn(u8) -> bool);
            let tests: [Test; 3] = [
                (json_special_marks, |b| b < 0x20 || b == b'"' || b == b'\\'),
                (control_quote_or_backslash_marks, |b| b < 0x20 || b == 0x7F || b == b'"' || b == b'\\'),
                (xml_special_marks, |b| b < 0x20 || b == 0x7F || (b'"'..=b'\'').contains(&b) || b == b'<' || b == b'>' || b == 0xEF),
            ];
            for (x, w) in words(&s) {
                for (marks, looked_for) in tests {
                    let first = w.iter().position(|&b| looked_for(b));
                    let marks = marks(x);
                    prop_assert_eq!(first, (marks != 0).then_some(marks.trailing_zeros() as usize / 8), "{:?}", w);
                    prop_assert_eq!(marks & !HIGHS, 0);
                }
            }
        }
    }
}
