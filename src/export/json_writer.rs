//! Pretty JSON written straight into one string, byte for byte as `serde_json::to_writer_pretty`
//! writes it (two-space indent, `": "` after a key, `[]` and `{}` when empty, strings escaped as
//! serde_json escapes them: `"`, `\`, and control characters, `\b \t \n \f \r` by name and the
//! others as `\u00xx`), for the flat node-link JSON and Cytoscape.js exports, whose rows are flat
//! attributes that need no tree. serde_json stays the reference: the tests compare this writer's
//! strings with serde_json's on hostile text, and each export with its former serde_json path on
//! the essay.

use super::decimal::push_i64;
use super::escape::{json_escape, json_plain_len, json_special, json_special_marks, push_escaped_from, Text};
use super::flat::{short_plain, Value, LIST_SEPARATOR};

/// A pretty JSON document being written onto a string.
pub(crate) struct JsonWriter<'s> {
    out: &'s mut String,
    depth: usize,
    /// Whether the innermost open object or array has no member yet.
    empty: bool,
}

/// Writes `s` onto `out` as the inside of a JSON string (runs of plain text copied whole; every
/// byte escaped is ASCII, so a run never splits a character). The HTML page's data are written
/// with it too, as bytes.
///
/// A string of at most 16 bytes with nothing to escape is copied as it is (`short_plain`); in a
/// longer one, the scan for what to escape skips the 16-byte pieces `json_plain_len` finds plain.
#[inline(always)]
pub(crate) fn push_json_escaped<O: Text + ?Sized>(out: &mut O, s: &str) {
    if short_plain(s, json_special) == Some(true) {
        out.push_text(s);
    } else {
        let from = json_plain_len(s.as_bytes());
        push_escaped_from(out, s, from, json_special_marks, |bytes, i| json_escape(bytes[i]).map(|escape| (escape, 1)));
    }
}

/// A line break and the indent of `depth` levels (two spaces each), as serde_json's pretty
/// printer writes them: one piece of a constant where the depth is in reach.
#[inline]
pub(crate) fn push_newline(out: &mut String, depth: usize) {
    const INDENT: &str = "\n                                                                ";
    match INDENT.get(..1 + 2 * depth) {
        Some(indent) => out.push_str(indent),
        None => {
            out.push('\n');
            (0..depth).for_each(|_| out.push_str("  "));
        }
    }
}

impl<'s> JsonWriter<'s> {
    /// A document written onto the end of `out`.
    pub(crate) fn new(out: &'s mut String) -> Self {
        JsonWriter { out, depth: 0, empty: true }
    }

    /// The string written so far (to pass on a piece of it).
    pub(crate) fn out(&mut self) -> &mut String {
        self.out
    }

    fn newline(&mut self) {
        push_newline(self.out, self.depth);
    }

    /// Before a member of the innermost object or array.
    fn member(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.newline();
    }

    /// Opens an object (`'{'`) or an array (`'['`) as the next value.
    pub(crate) fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    /// Closes the innermost object (`'}'`) or array (`']'`).
    #[inline]
    pub(crate) fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        // The enclosing object or array holds at least this value.
        self.empty = false;
    }

    /// The key of the next member of an object; its value follows.
    pub(crate) fn key(&mut self, key: &str) {
        self.member();
        self.string(key);
        self.out.push_str(": ");
    }

    /// The key of the next member of an object, written already with what precedes it at
    /// `depth` (`,\n`, the indent, `"key": `): used as it is when the innermost object's members
    /// are at that depth, else `key` is written anew. Its value follows.
    #[inline]
    pub(crate) fn written_key(&mut self, depth: usize, written: &str, key: &str) {
        if depth == self.depth {
            // Without its comma before the object's first member.
            self.out.push_str(written.get(usize::from(self.empty)..).unwrap_or_default());
            self.empty = false;
        } else {
            self.key(key);
        }
    }

    /// Before the next element of an array; its value follows.
    #[inline]
    pub(crate) fn item(&mut self) {
        self.member();
    }

    /// A string value.
    pub(crate) fn string(&mut self, s: &str) {
        self.out.push('"');
        push_json_escaped(self.out, s);
        self.out.push('"');
    }

    /// A number, `true`, `false` or `null`, already in JSON.
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A flat attribute: numbers and flags as themselves, lists as arrays of strings when
    /// `arrays` (else joined with `"; "`), everything else as a string.
    // Inlined into the writers' loops (left to the compiler, it inlined these or not by how
    // the crate's other code was split: ~0.07 M instructions of the JSON export either way).
    #[inline]
    pub(crate) fn value(&mut self, value: &Value, arrays: bool) {
        match value {
            Value::Int(n) => push_i64(self.out, *n),
            Value::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Value::List(items) if arrays => {
                self.open('[');
                for item in items {
                    self.item();
                    self.string(item);
                }
                self.close(']');
            }
            other => {
                self.out.push('"');
                other.write_text(LIST_SEPARATOR, self.out, push_json_escaped);
                self.out.push('"');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    fn written(build: impl FnOnce(&mut JsonWriter)) -> String {
        let mut out = String::new();
        build(&mut JsonWriter::new(&mut out));
        out
    }

    #[test]
    fn documents_are_laid_out_as_serde_json_lays_them_out() {
        let expected = serde_json::to_string_pretty(&json!({
            "a": [1, "x", [], {}, {"b": true, "c": [false]}],
            "d": {},
            "e": "\u{7}\"\\\n/é\u{7f}",
        }))
        .unwrap();
        let got = written(|w| {
            w.open('{');
            w.key("a");
            w.open('[');
            for v in ["1", "\"x\""] {
                w.item();
                w.raw(v);
            }
            w.item();
            w.open('[');
            w.close(']');
            w.item();
            w.open('{');
            w.close('}');
            w.item();
            w.open('{');
            w.key("b");
            w.raw("true");
            w.key("c");
            w.open('[');
            w.item();
            w.raw("false");
            w.close(']');
            w.close('}');
            w.close(']');
            w.key("d");
            w.open('{');
            w.close('}');
            w.key("e");
            w.string("\u{7}\"\\\n/é\u{7f}");
            w.close('}');
        });
        assert_eq!(got, expected);
    }

    #[test]
    fn long_strings_are_escaped_as_serde_json_escapes_them_wherever_the_first_escape_falls() {
        // Past the 16-byte pieces found plain at once: the first escape at each place of three
        // pieces and a tail, onto a string and onto bytes (the page's), and a second after it.
        for special in ["\"", "\\", "\u{0}", "\u{1f}", "\n", "\u{7f}", "é", "\u{2028}"] {
            for at in 0..50 {
                let s = format!("{}{special}{}\"{}", "x".repeat(at), "y".repeat(50 - at), "z".repeat(at % 7));
                let expected = serde_json::to_string(&s).unwrap();
                assert_eq!(written(|w| w.string(&s)), expected, "{s:?}");
                let mut bytes = Vec::new();
                push_json_escaped(&mut bytes, &s);
                assert_eq!(bytes, expected.as_bytes()[1..expected.len() - 1], "{s:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "(\"|\\\\|[\u{0}-\u{1f}]|\u{7f}|/|é|\u{2028}|\u{fffe}|[a-z ]|\\PC)*") {
            prop_assert_eq!(written(|w| w.string(&s)), serde_json::to_string(&s).unwrap());
        }
    }
}
