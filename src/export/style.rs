//! How each entity type and each relation looks, in one place, so that every picture-making export
//! (DOT, GraphML, GEXF, HTML, Cytoscape, Mermaid) draws a type the same way, labels an edge the
//! same way, and a change is made once.

use std::borrow::Cow;

use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, Relation};

/// The look of an entity type: a Graphviz shape name and a fill colour (`#rrggbb`).
///
/// Every type differs from every other by shape or colour; the types of one group (agents,
/// places, events, treaties; works stand alone) share a hue family so that the groups read at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TypeStyle {
    /// Graphviz node shape (`box`, `ellipse`, ...); other formats map it to their nearest shape.
    pub shape: &'static str,
    /// Fill colour as `#rrggbb`.
    pub fill: &'static str,
    /// The group the type belongs to (its root class): `Agent`, `Territory`, `Event`, `Treaty`, `Work`.
    pub group: EntityType,
}

/// The look of `t`.
pub(crate) fn type_style(t: EntityType) -> TypeStyle {
    use EntityType::*;
    let (shape, fill) = match t {
        Agent => ("box", "#deebf7"),
        State => ("box", "#9ecae1"),
        Person => ("ellipse", "#fdd0a2"),
        Organisation => ("box3d", "#dadaeb"),
        Army => ("octagon", "#bcbddc"),
        Government => ("tab", "#cbc9e2"),
        Alliance => ("component", "#dadaeb"),
        Territory => ("house", "#e5f5e0"),
        Region => ("pentagon", "#c7e9c0"),
        Island => ("invhouse", "#a1d99b"),
        IslandGroup => ("invtrapezium", "#a1d99b"),
        Peninsula => ("trapezium", "#c7e9c0"),
        City => ("circle", "#e5f5e0"),
        Sea => ("cylinder", "#c6dbef"),
        Forest => ("triangle", "#74c476"),
        Event => ("diamond", "#fff7bc"),
        War => ("diamond", "#fc9272"),
        Conference => ("hexagon", "#fee391"),
        Visit => ("cds", "#fec44f"),
        Attack => ("septagon", "#ef6548"),
        Intervention => ("parallelogram", "#fdae6b"),
        Dispute => ("Mdiamond", "#fee391"),
        Treaty => ("note", "#fcbba1"),
        Pact => ("note", "#f4a582"),
        Agreement => ("note", "#fde0dd"),
        Work => ("folder", "#f0f0f0"),
    };
    let mut group = t;
    while let Some(parent) = group.parent() {
        group = parent;
    }
    TypeStyle { shape, fill, group }
}

/// Stated relations are drawn solid in this colour, background ones dashed in [`BACKGROUND_COLOUR`].
pub(crate) const STATED_COLOUR: &str = "#444444";
/// The colour of background relations.
pub(crate) const BACKGROUND_COLOUR: &str = "#999999";

/// The lines of a relation's edge label, unwrapped: its reading and the qualifiers that matter
/// ("went to", "under Treaty of Portsmouth", "\[mediator\]", "at Portsmouth", "(1905)"), one per
/// line; a picture wraps each line to its width with [`wrap_into`].
pub(crate) fn relation_label_lines<'a>(kg: &'a KnowledgeGraph, r: &'a Relation) -> Vec<Cow<'a, str>> {
    let label = |id: &'a str| kg.entity(id).map_or(id, |e| e.label.as_str());
    let mut lines = vec![Cow::Borrowed(r.kind.reading())];
    let q = &r.qualifiers;
    if let Some(role) = &q.role {
        lines.push(Cow::Owned(["[", role, "]"].concat()));
    }
    if let Some(under) = &q.under {
        lines.push(Cow::Owned(["under ", label(under)].concat()));
    }
    if let Some(place) = &q.place {
        lines.push(Cow::Owned(["at ", label(place)].concat()));
    }
    if let Some(d) = q.when() {
        // As `format!("({d})")` writes it, without `core::fmt` (`decimal::push_date`).
        let mut line = String::with_capacity(16);
        line.push('(');
        super::decimal::push_date(&mut line, d);
        line.push(')');
        lines.push(Cow::Owned(line));
    }
    lines
}

/// The label of a relation's edge: [`relation_label_lines`], each wrapped to `width` (test-only:
/// the reference of [`push_relation_label_line`], which the HTML page writes).
#[cfg(test)]
pub(crate) fn relation_label(kg: &KnowledgeGraph, r: &Relation, width: usize) -> String {
    relation_label_lines(kg, r).iter().map(|l| wrap(l, width)).collect::<Vec<_>>().join("\n")
}

/// The label of a relation's edge on one line, onto `out`: [`relation_label_lines`], each line's
/// white space made single spaces, joined by spaces (what `relation_label(kg, r, usize::MAX)`
/// with its line breaks replaced by spaces was: the HTML page's edge label), without a `String`
/// per line.
pub(crate) fn push_relation_label_line(out: &mut String, kg: &KnowledgeGraph, r: &Relation) {
    for (i, line) in relation_label_lines(kg, r).iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        wrap_into(out, line, usize::MAX);
    }
}

/// Why a relation holds, as a tooltip says it: the essay's quote, or the basis of a background
/// fact; written onto `out`.
pub(crate) fn push_relation_basis(out: &mut String, r: &Relation) {
    match &r.provenance {
        crate::model::Provenance::Essay(e) => {
            out.push('"');
            out.push_str(e.quote());
            out.push('"');
        }
        crate::model::Provenance::Background { basis, .. } => {
            out.push_str("background: ");
            out.push_str(basis);
        }
    }
}

/// Why a relation holds, as a tooltip says it: the essay's quote, or the basis of a background
/// fact (test-only: the HTML page's reference; the writers use [`push_relation_basis`]).
#[cfg(test)]
pub(crate) fn relation_basis(r: &Relation) -> String {
    let mut out = String::new();
    push_relation_basis(&mut out, r);
    out
}

/// Breaks `text` into lines of at most `width` characters at spaces (a longer word stays whole):
/// "Treaty of Shimoda" at 10 is "Treaty of" and "Shimoda" (see the tests below). Test-only: the
/// writers wrap onto their buffers with [`wrap_into`].
#[cfg(test)]
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    wrap_into(&mut out, text, width);
    out
}

/// `wrap` onto the end of `out`. Runs of white space become one space or one line break.
///
/// One pass over the bytes: printable ASCII skipped eight bytes at a time, then byte by byte
/// (each counted as a character), white space found by [`whitespace_at`], a character of
/// several bytes counted once (`split_whitespace` decoded every character, and a word that was
/// not ASCII was read again to count them); words the text already separates by one space are
/// copied together.
pub(crate) fn wrap_into(out: &mut String, text: &str, width: usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    // Most lines already are what wrapping makes of them (a label shorter than the width, a
    // tooltip's quote): copied whole after one look at their bytes.
    if bytes.len() <= width && is_one_plain_line(bytes) {
        out.push_str(text);
        return;
    }
    let mut line_len = 0;
    let mut i = 0;
    // The text from `.0` to `.1` written as it is, not yet copied.
    let mut run: Option<(usize, usize)> = None;
    loop {
        while let Some(len) = whitespace_at(bytes, i) {
            i += len;
        }
        if i >= bytes.len() {
            break;
        }
        let (start, mut n) = (i, 0);
        loop {
            let run = i;
            // Words of eight bytes from `!` to DEL (exact: no byte borrows unless one is below
            // `!`, and that byte's high bit is then set, as it is for a byte from 0x80).
            while let Some(chunk) = bytes.get(i..i + 8) {
                let w = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
                if (w.wrapping_sub(ONES * 0x21) | w) & HIGHS != 0 {
                    break;
                }
                i += 8;
            }
            while bytes.get(i).is_some_and(|&b| (0x21..0x80).contains(&b)) {
                i += 1;
            }
            n += i - run;
            if i >= bytes.len() || whitespace_at(bytes, i).is_some() {
                break;
            }
            // A control character that is no white space, or a character of several bytes.
            n += 1;
            i += 1;
            while bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
                i += 1;
            }
        }
        // The word goes after a line break, a space, or nothing (the first word). After a space
        // that the text has too, it extends the run of text copied as it is; else the run is
        // written and a new one begins (one copy a run, not one a word).
        let separator = if line_len > 0 && line_len + 1 + n > width {
            line_len = 0;
            Some('\n')
        } else if line_len > 0 {
            line_len += 1;
            Some(' ')
        } else {
            None
        };
        match run {
            Some((_, end)) if separator == Some(' ') && end + 1 == start && bytes.get(end) == Some(&b' ') => {
                run = run.map(|(from, _)| (from, i));
            }
            _ => {
                // Runs begin and end at words' ends: character boundaries.
                if let Some((from, end)) = run {
                    out.push_str(text.get(from..end).unwrap_or_default());
                }
                if let Some(c) = separator {
                    out.push(c);
                }
                run = Some((start, i));
            }
        }
        line_len += n;
    }
    if let Some((from, end)) = run {
        out.push_str(text.get(from..end).unwrap_or_default());
    }
}

/// Whether [`wrap_into`] writes `bytes` as they are when they fit the width in bytes: no white
/// space but single ASCII spaces between words (none first or last, no two together, no other
/// white space character) and no control character. Eight bytes at a time where they are all
/// from ` ` to DEL (a space marked exactly, as a zero byte of the word XOR spaces); a word with
/// another byte is read byte by byte, a byte from 0x80 looked at by [`whitespace_at`].
fn is_one_plain_line(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut i = 0;
    // Whether the byte before `i` is a space.
    let mut after_space = false;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
            // No byte below ` ` nor from 0x80: no borrow, so the test is exact.
            if (w.wrapping_sub(ONES * 0x20) | w) & HIGHS == 0 {
                let t = w ^ (ONES * 0x20);
                // The high bit of each byte that is a space, exactly (no carry between bytes).
                let spaces = !(((t & LOWS) + LOWS) | t | LOWS);
                if spaces & (spaces << 8) != 0 || (after_space && spaces & 0x80 != 0) {
                    return false;
                }
                after_space = spaces >> 63 != 0;
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            match bytes[i] {
                b' ' if after_space => return false,
                b' ' => after_space = true,
                0x21..=0x7f => after_space = false,
                0x80.. if whitespace_at(bytes, i).is_none() => after_space = false,
                _ => return false,
            }
            i += 1;
        }
    }
    true
}

/// The length in bytes of the white space character at `i` (Unicode `White_Space`, what
/// `char::is_whitespace` holds), if one starts there; never a match inside a character.
#[inline]
fn whitespace_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i..)? {
        [b'\t'..=b'\r' | b' ', ..] => Some(1),
        // U+0085, U+00A0.
        [0xC2, 0x85 | 0xA0, ..] => Some(2),
        // U+1680; U+2000 to U+200A, U+2028, U+2029, U+202F; U+205F; U+3000.
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words() {
        assert_eq!(wrap("Treaty of Shimoda", 10), "Treaty of\nShimoda");
        assert_eq!(wrap("Nichi-Ro-Washin-Joyaku", 5), "Nichi-Ro-Washin-Joyaku");
        assert_eq!(wrap("a b", 10), "a b");
    }

    /// The former `wrap_into`, the reference of the byte loop.
    fn wrap_by_chars(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line_len = 0;
        for word in text.split_whitespace() {
            let n = word.chars().count();
            if line_len > 0 && line_len + 1 + n > width {
                out.push('\n');
                line_len = 0;
            } else if line_len > 0 {
                out.push(' ');
                line_len += 1;
            }
            out.push_str(word);
            line_len += n;
        }
        out
    }

    #[test]
    fn white_space_is_what_char_is_whitespace_says_at_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            let expected = c.is_whitespace().then_some(encoded.len());
            assert_eq!(whitespace_at(encoded, 0), expected, "{c:?}");
            // Never inside a character: from its second byte on, nothing matches.
            for i in 1..encoded.len() {
                assert_eq!(whitespace_at(encoded, i), None, "{c:?} at {i}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn wrapping_is_as_before(
            text in "([ \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}]|[a-z]{1,12}|é|—|\u{10348}|\\PC)*",
            width in 0usize..40,
        ) {
            proptest::prop_assert_eq!(wrap(&text, width), wrap_by_chars(&text, width));
        }
    }

    /// What [`is_one_plain_line`] must say: the text is what wrapping it at no width makes of it
    /// (single spaces between words), and has no byte below ` `.
    fn plain_by_chars(text: &str) -> bool {
        text == wrap_by_chars(text, usize::MAX) && !text.bytes().any(|b| b < b' ')
    }

    #[test]
    fn only_a_plain_line_is_copied_whole() {
        for plain in
            ["", "a", "Treaty of Shimoda", "Ryūkyū — “the islands”", "a\u{7f}b c", "abcdefgh ijklmnop qrstuvwx"]
        {
            assert!(is_one_plain_line(plain.as_bytes()), "{plain:?}");
            assert!(plain_by_chars(plain), "{plain:?}");
        }
        let refused = [
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\nb",
            "a\u{a0}b",
            "a\u{2028}b",
            "a\u{3000}b",
            "a\u{85}b",
            "a\u{1}b",
            // Two spaces across two words of eight bytes, inside one, in the last bytes.
            "abcdefg  hijklmno",
            "abc  defghijklmno",
            "abcdefghijklmnop qrs  t",
            "abcdefgh\u{a0}ijklmnop",
        ];
        for other in refused {
            assert!(!is_one_plain_line(other.as_bytes()), "{other:?}");
            assert!(!plain_by_chars(other), "{other:?}");
        }
        // Within the width it is copied; beyond it, wrapped.
        assert_eq!(wrap("Treaty of Shimoda", 17), "Treaty of Shimoda");
        assert_eq!(wrap("Treaty of Shimoda", 16), "Treaty of\nShimoda");
    }

    proptest::proptest! {
        /// Texts made to be plain lines more often than `wrapping_is_as_before`'s: words joined
        /// by one separator each, mostly a single space, at widths around their lengths.
        #[test]
        fn a_plain_line_is_found_exactly_and_wrapped_as_before(
            words in proptest::collection::vec("([a-zA-Z]{1,9}|é|—|\u{7f}|\u{1}|\u{a0}|\u{2009})+", 0..8),
            seps in proptest::collection::vec(proptest::sample::select(vec![" ", " ", " ", " ", "  ", "\t", "\u{a0}", "\n"]), 8),
            ends in proptest::sample::select(vec![("", ""), ("", ""), (" ", ""), ("", " ")]),
            slack in 0usize..3,
        ) {
            let mut text = String::from(ends.0);
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    text.push_str(seps[i]);
                }
                text.push_str(w);
            }
            text.push_str(ends.1);
            proptest::prop_assert_eq!(is_one_plain_line(text.as_bytes()), plain_by_chars(&text), "{:?}", text);
            for width in [text.len().saturating_sub(slack), text.len() + slack, text.chars().count(), usize::MAX] {
                let mut onto = String::from("before|");
                wrap_into(&mut onto, &text, width);
                proptest::prop_assert_eq!(onto, format!("before|{}", wrap_by_chars(&text, width)), "{:?} at {}", text, width);
            }
        }
    }

    #[test]
    fn every_type_differs_from_every_other_by_shape_or_colour() {
        for (i, a) in EntityType::ALL.iter().enumerate() {
            for b in &EntityType::ALL[i + 1..] {
                let (sa, sb) = (type_style(*a), type_style(*b));
                assert!(sa.shape != sb.shape || sa.fill != sb.fill, "{a} and {b} look the same");
            }
        }
    }
}
