//! A fast reader for the canonical form of the annotation files: the shape the hand-written
//! `data/*.toml` and the corpus generator (`examples/gen_corpus.rs`) use (`[[entity]]`,
//! `[[relation]]`, `[[entity.numbers]]`, `[[left_out]]` headers, one `key = value` per line,
//! basic strings, decimal integers, arrays of strings or inline tables, one-line inline tables,
//! comment lines).
//!
//! It is an accelerator, not a second TOML parser: it accepts a strict subset of TOML and of the
//! files' schema, and gives up (`None`) at the first thing outside it — a literal or multi-line
//! string, an escape other than TOML 1.0's, a control character, a trailing comment, a dotted or
//! quoted key, a repeated or unknown key, a missing field, a value of the wrong type, a carriage
//! return, anything before the first header. The loader then hands the same text to the `toml`
//! crate, which reads everything else and writes every error message. So whatever this reader
//! accepts, `toml` accepts too and makes the same structs of (unit tests compare the two on the
//! data files and on mutated copies of them), and every error is the `toml` crate's.
//!
//! Spans are those `toml` gives an element of an array of tables: its `[[header]]`.

use toml::Spanned;

use crate::model::SharedStr;

use crate::load::{
    CoverageFile, EntitiesFile, RawDated, RawEntity, RawLeftOut, RawMentionIn, RawNumber, RawRelation, RelationsFile,
    Str, RELATION_FIELDS, RELATION_KEYS,
};

/// A value as read: what the schema's fields are made of.
enum Value<'a> {
    /// Borrowed from the text when it holds no escape (no allocation).
    Str(std::borrow::Cow<'a, str>),
    Int(u64),
    Array(Vec<Value<'a>>),
    /// An inline table: keys (borrowed from the text) in order.
    Table(Vec<(&'a str, Value<'a>)>),
}

/// Arrays and inline tables nest at most this deep (the schema needs 2); deeper input goes to
/// the `toml` crate, so no recursion depth is controlled by the input.
const MAX_DEPTH: usize = 3;

/// A cursor over one piece of a file.
struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader { bytes: text.as_bytes(), text, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        // (A local index, stored once: a loop on `self.pos` stored it at every byte.)
        let mut pos = self.pos;
        while matches!(self.bytes.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        self.pos = pos;
    }

    /// Spaces, tabs and line feeds (inside a multi-line array).
    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.pos += 1;
        }
    }

    /// The end of a line: spaces, then a line feed or the end of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            _ => None,
        }
    }

    /// A comment line's text: tabs and printable characters only, as TOML requires.
    fn comment(&mut self) -> Option<()> {
        let end = memchr_newline(&self.bytes[self.pos..]).map_or(self.bytes.len(), |i| self.pos + i);
        if !crate::text::all_bytes(&self.bytes[self.pos..end], crate::text::word::has_control, |b| !is_control(b)) {
            return None;
        }
        self.pos = end;
        self.end_of_line()
    }

    fn bare_key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        // (A local index and a table lookup per byte: the loop on `self.pos` with four
        // comparisons took 12 instructions a byte, ~4% of a load's at 100,000 relations.)
        let mut pos = start;
        while self.bytes.get(pos).is_some_and(|&b| BARE_KEY[usize::from(b)]) {
            pos += 1;
        }
        self.pos = pos;
        // Every byte of a bare key is ASCII, so `start..pos` is on character boundaries.
        (pos > start).then(|| &self.text[start..pos])
    }

    /// `key = ` up to the value.
    fn key_and_equals(&mut self) -> Option<&'a str> {
        let key = self.bare_key()?;
        self.skip_spaces();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.pos += 1;
        self.skip_spaces();
        Some(key)
    }

    fn value(&mut self, depth: usize) -> Option<Value<'a>> {
        match self.peek()? {
            b'"' => self.basic_string().map(Value::Str),
            b'0'..=b'9' => self.integer().map(Value::Int),
            b'[' if depth < MAX_DEPTH => self.array(depth + 1).map(Value::Array),
            b'{' if depth < MAX_DEPTH => self.inline_table(depth + 1).map(Value::Table),
            _ => None,
        }
    }

    /// A basic string (`"..."`, not `"""`), escapes decoded.
    fn basic_string(&mut self) -> Option<std::borrow::Cow<'a, str>> {
        self.pos += 1;
        if self.peek() == Some(b'"') && self.bytes.get(self.pos + 1) == Some(&b'"') {
            return None;
        }
        let mut out: Option<String> = None;
        loop {
            // The run up to the next quote or backslash, checked for control characters at once.
            let run = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..])? + self.pos;
            if !crate::text::all_bytes(&self.bytes[self.pos..run], crate::text::word::has_control, |b| !is_control(b)) {
                return None;
            }
            let text = &self.text[self.pos..run];
            self.pos = run + 1;
            if self.bytes[run] == b'"' {
                return Some(match out {
                    Some(mut out) => {
                        out.push_str(text);
                        std::borrow::Cow::Owned(out)
                    }
                    None => std::borrow::Cow::Borrowed(text),
                });
            }
            let out = out.get_or_insert_with(String::new);
            out.push_str(text);
            let escape = *self.bytes.get(self.pos)?;
            self.pos += 1;
            match escape {
                b'b' => out.push('\u{8}'),
                b't' => out.push('\t'),
                b'n' => out.push('\n'),
                b'f' => out.push('\u{c}'),
                b'r' => out.push('\r'),
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'u' => out.push(self.hex_char(4)?),
                b'U' => out.push(self.hex_char(8)?),
                _ => return None,
            }
        }
    }

    fn hex_char(&mut self, digits: usize) -> Option<char> {
        let hex = self.text.get(self.pos..self.pos + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += digits;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    }

    /// A decimal integer without sign, underscores or leading zeros, at most `i64::MAX`.
    fn integer(&mut self) -> Option<u64> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = &self.text[start..self.pos];
        // Whatever follows a number must end it (no `1.5`, `1e3`, `12:00`, `1_000`, `0x1F`).
        if (digits.len() > 1 && digits.starts_with('0'))
            || self.peek().is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b',' | b']' | b'}'))
        {
            return None;
        }
        digits.parse::<i64>().ok().map(|n| n as u64)
    }

    /// `[ value, value, ]`, over several lines or one; no comments inside.
    fn array(&mut self, depth: usize) -> Option<Vec<Value<'a>>> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value(depth)?);
            self.skip_blank();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// `{ key = value, key = value }` on one line, no trailing comma, no repeated key.
    fn inline_table(&mut self, depth: usize) -> Option<Vec<(&'a str, Value<'a>)>> {
        self.pos += 1;
        let mut entries: Vec<(&'a str, Value<'a>)> = Vec::new();
        self.skip_spaces();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(entries);
        }
        loop {
            self.skip_spaces();
            let key = self.key_and_equals()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            let value = self.value(depth)?;
            entries.push((key, value));
            self.skip_spaces();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(entries);
                }
                _ => return None,
            }
        }
    }
}

/// The bytes of a bare key: ASCII letters and digits, `_` and `-`.
static BARE_KEY: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    table
};

/// TOML forbids these outside escapes: control characters other than tab, and DEL.
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7F
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

/// One line of a file: a header, a key and its value, or nothing (blank or comment).
enum Line<'a> {
    Blank,
    /// The header's name (`entity.numbers`) and its byte span.
    Header(&'a str, std::ops::Range<usize>),
    KeyValue(&'a str, Value<'a>),
}

impl<'a> Reader<'a> {
    /// The next line, or `None` at the end of the text; `Some(None)` when it is outside the
    /// canonical form.
    fn line(&mut self) -> Option<Option<Line<'a>>> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        Some(self.line_inner())
    }

    fn line_inner(&mut self) -> Option<Line<'a>> {
        self.skip_spaces();
        match self.peek() {
            None => Some(Line::Blank),
            Some(b'\n') => {
                self.pos += 1;
                Some(Line::Blank)
            }
            Some(b'#') => self.comment().map(|()| Line::Blank),
            Some(b'[') => {
                let start = self.pos;
                if self.bytes.get(start + 1) != Some(&b'[') {
                    return None;
                }
                // The first `]`, which must start the `]]` (one `]` alone would be in the name,
                // which no simple name holds: outside the form either way). `memchr`, not
                // `str::find("]]")`, which set up a substring searcher for every header.
                let close = memchr::memchr(b']', &self.bytes[start..]).map(|i| start + i)?;
                if self.bytes.get(close + 1) != Some(&b']') {
                    return None;
                }
                let name = &self.text[start + 2..close];
                let simple = |part: &str| !part.is_empty() && part.bytes().all(|b| BARE_KEY[usize::from(b)]);
                if !name.split('.').all(simple) {
                    return None;
                }
                self.pos = close + 2;
                self.end_of_line()?;
                Some(Line::Header(name, start..close + 2))
            }
            Some(_) => {
                let key = self.key_and_equals()?;
                let value = self.value(0)?;
                self.end_of_line()?;
                Some(Line::KeyValue(key, value))
            }
        }
    }
}

/// Every line of `text` through `on_line`, stopping (and returning `None`) at the first line
/// outside the canonical form or that `on_line` refuses.
fn read_lines<'a>(text: &'a str, mut on_line: impl FnMut(Line<'a>) -> Option<()>) -> Option<()> {
    if text.starts_with('\u{FEFF}') {
        return None;
    }
    let mut reader = Reader::new(text);
    while let Some(line) = reader.line() {
        on_line(line?)?;
    }
    Some(())
}

fn string(value: Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.into_owned()),
        _ => None,
    }
}

/// A string the model keeps (a label, an alias, a note...): one allocation, shared from then on.
fn shared(value: Value) -> Option<SharedStr> {
    match value {
        Value::Str(std::borrow::Cow::Borrowed(s)) => Some(SharedStr::from(s)),
        Value::Str(std::borrow::Cow::Owned(s)) => Some(SharedStr::from(s)),
        _ => None,
    }
}

fn shared_strings(value: Value) -> Option<Vec<SharedStr>> {
    match value {
        Value::Array(items) => items.into_iter().map(shared).collect(),
        _ => None,
    }
}

fn tables(value: Value<'_>) -> Option<Vec<Vec<(&str, Value<'_>)>>> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::Table(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Sets an optional field once: a key given twice is outside the form (and a `toml` error).
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

#[derive(Default)]
struct EntityFields {
    id: Option<String>,
    entity_type: Option<String>,
    label: Option<SharedStr>,
    aliases: Option<Vec<SharedStr>>,
    background_aliases: Option<Vec<SharedStr>>,
    shared_aliases: Option<Vec<SharedStr>>,
    wikidata: Option<SharedStr>,
    quote: Option<String>,
    note: Option<SharedStr>,
    date: Option<RawDated>,
    start: Option<RawDated>,
    end: Option<RawDated>,
    /// From `numbers = [...]`.
    numbers: Option<Vec<RawNumber>>,
    /// From `[[entity.numbers]]` tables.
    number_tables: Vec<RawNumber>,
    mentions_in: Option<Vec<RawMentionIn>>,
}

impl EntityFields {
    fn set(&mut self, key: &str, value: Value) -> Option<()> {
        match key {
            "id" => set(&mut self.id, string(value)),
            "type" => set(&mut self.entity_type, string(value)),
            "label" => set(&mut self.label, shared(value)),
            "aliases" => set(&mut self.aliases, shared_strings(value)),
            "background_aliases" => set(&mut self.background_aliases, shared_strings(value)),
            "shared_aliases" => set(&mut self.shared_aliases, shared_strings(value)),
            "wikidata" => set(&mut self.wikidata, shared(value)),
            "quote" => set(&mut self.quote, string(value)),
            "note" => set(&mut self.note, shared(value)),
            "date" => set(&mut self.date, dated(value)),
            "start" => set(&mut self.start, dated(value)),
            "end" => set(&mut self.end, dated(value)),
            "numbers" if self.number_tables.is_empty() => {
                set(&mut self.numbers, tables(value)?.into_iter().map(number).collect())
            }
            "mentions_in" => set(&mut self.mentions_in, tables(value)?.into_iter().map(mention_in).collect()),
            _ => None,
        }
    }

    fn finish(self) -> Option<RawEntity> {
        let numbers = match (self.numbers, self.number_tables) {
            (Some(n), t) if t.is_empty() => n,
            (None, t) => t,
            _ => return None,
        };
        Some(RawEntity {
            id: self.id?,
            entity_type: self.entity_type?,
            label: self.label?,
            aliases: self.aliases.unwrap_or_default(),
            background_aliases: self.background_aliases.unwrap_or_default(),
            shared_aliases: self.shared_aliases.unwrap_or_default(),
            wikidata: self.wikidata,
            quote: self.quote?,
            note: self.note,
            date: self.date,
            start: self.start,
            end: self.end,
            numbers,
            mentions_in: self.mentions_in.unwrap_or_default(),
        })
    }
}

fn dated(value: Value) -> Option<RawDated> {
    let Value::Table(entries) = value else { return None };
    let (value, quote) = two_strings(entries, "value", "quote")?;
    Some(RawDated { value, quote })
}

/// A table of exactly two string fields, `first` and `second`, each once.
fn two_strings(entries: Vec<(&str, Value)>, first: &str, second: &str) -> Option<(String, String)> {
    let (mut a, mut b) = (None, None);
    for (key, v) in entries {
        if key == first {
            set(&mut a, string(v))?;
        } else if key == second {
            set(&mut b, string(v))?;
        } else {
            return None;
        }
    }
    Some((a?, b?))
}

#[derive(Default)]
struct NumberFields {
    property: Option<SharedStr>,
    value: Option<u64>,
    unit: Option<SharedStr>,
    quote: Option<String>,
}

impl NumberFields {
    fn set(&mut self, key: &str, v: Value) -> Option<()> {
        match key {
            "property" => set(&mut self.property, shared(v)),
            "value" => set(
                &mut self.value,
                match v {
                    Value::Int(n) => Some(n),
                    _ => None,
                },
            ),
            "unit" => set(&mut self.unit, shared(v)),
            "quote" => set(&mut self.quote, string(v)),
            _ => None,
        }
    }

    fn finish(self) -> Option<RawNumber> {
        Some(RawNumber { property: self.property?, value: self.value?, unit: self.unit, quote: self.quote? })
    }
}

fn number(entries: Vec<(&str, Value)>) -> Option<RawNumber> {
    let mut fields = NumberFields::default();
    for (key, v) in entries {
        fields.set(key, v)?;
    }
    fields.finish()
}

fn mention_in(entries: Vec<(&str, Value)>) -> Option<RawMentionIn> {
    let (name, passage) = two_strings(entries, "name", "passage")?;
    Some(RawMentionIn { name, passage })
}

fn spanned<T>(span: &std::ops::Range<usize>, offset: usize, value: T) -> Spanned<T> {
    Spanned::new(span.start + offset..span.end + offset, value)
}

/// `entities.toml` (or a piece of it starting at byte `offset` of the file), or `None` when it is
/// outside the canonical form.
pub(crate) fn read_entities(text: &str, offset: usize) -> Option<EntitiesFile> {
    // Sized once (a list grown by doubling held up to twice the records).
    let mut entity = Vec::with_capacity(memchr::memmem::find_iter(text.as_bytes(), b"[[entity]]").count());
    // The entity being read, its header span, and the number table being read.
    let mut current: Option<(EntityFields, std::ops::Range<usize>)> = None;
    let mut number: Option<NumberFields> = None;
    let finish_number = |current: &mut Option<(EntityFields, std::ops::Range<usize>)>, n: Option<NumberFields>| {
        if let Some(n) = n {
            let (fields, _) = current.as_mut()?;
            fields.number_tables.push(n.finish()?);
        }
        Some(())
    };
    read_lines(text, |line| match line {
        Line::Blank => Some(()),
        Line::Header("entity", span) => {
            finish_number(&mut current, number.take())?;
            if let Some((fields, span)) = current.replace((EntityFields::default(), span)) {
                entity.push(spanned(&span, offset, fields.finish()?));
            }
            Some(())
        }
        Line::Header("entity.numbers", _) => {
            finish_number(&mut current, number.take())?;
            let (fields, _) = current.as_ref()?;
            if fields.numbers.is_some() {
                return None;
            }
            number = Some(NumberFields::default());
            Some(())
        }
        Line::Header(..) => None,
        Line::KeyValue(key, value) => match (&mut number, &mut current) {
            (Some(n), _) => n.set(key, value),
            (None, Some((fields, _))) => fields.set(key, value),
            (None, None) => None,
        },
    })?;
    finish_number(&mut current, number.take())?;
    if let Some((fields, span)) = current {
        entity.push(spanned(&span, offset, fields.finish()?));
    }
    Some(EntitiesFile { entity })
}

/// The fields of the relation being read, each written into the piece's `strings` as soon as
/// it is read (no allocation per field).
struct RelationFields {
    at: usize,
    /// The kind, when the `relation` field names one (then it is not written out).
    kind: Option<crate::model::RelationKind>,
    fields: [Str; RELATION_FIELDS],
}

impl RelationFields {
    fn new(at: usize) -> Self {
        RelationFields { at, kind: None, fields: [Str::NONE; RELATION_FIELDS] }
    }

    fn set(&mut self, key: &str, value: Value, strings: &mut String) -> Option<()> {
        let slot = relation_key(key)?;
        let Value::Str(value) = value else { return None };
        // A key given twice is outside the form (and a `toml` error).
        if self.fields[slot].is_some() || (slot == RawRelation::RELATION && self.kind.is_some()) {
            return None;
        }
        if slot == RawRelation::RELATION {
            self.kind = crate::model::RelationKind::from_name_exact(&value);
            if self.kind.is_some() {
                return Some(());
            }
        }
        self.fields[slot] = Str::push(strings, &value)?;
        Some(())
    }

    fn finish(self) -> Option<RawRelation> {
        RawRelation::new(self.at, self.kind, self.fields)
    }
}

/// The place of `key` in [`RELATION_KEYS`] (a `match`, which the compiler makes a switch on the
/// length and bytes, for the scan of the keys; the tests hold the two equal).
fn relation_key(key: &str) -> Option<usize> {
    let slot = match key {
        "subject" => 0,
        "relation" => 1,
        "object" => 2,
        "under" => 3,
        "place" => 4,
        "date" => 5,
        "start" => 6,
        "end" => 7,
        "role" => 8,
        "quote" => 9,
        "basis" => 10,
        "context" => 11,
        "note" => 12,
        _ => return None,
    };
    debug_assert_eq!(RELATION_KEYS[slot], key);
    Some(slot)
}

/// `relations.toml` or `background.toml` (or a piece of one starting at byte `offset` of the
/// file), or `None` when it is outside the canonical form. Every string of its relations is
/// written side by side into one buffer ([`RelationsFile::strings`]).
pub(crate) fn read_relations(text: &str, offset: usize) -> Option<RelationsFile> {
    let mut relation = Vec::with_capacity(memchr::memmem::find_iter(text.as_bytes(), b"[[relation]]").count());
    // The strings are never longer than the text they are read from (escapes only shorten):
    // reserved at its size, so the buffer never moves, and shrunk to what it holds at the end
    // (a buffer grown by doubling was counted at twice its size in `tests/load_work.rs`).
    let mut strings = String::with_capacity(text.len());
    let mut current: Option<RelationFields> = None;
    read_lines(text, |line| match line {
        Line::Blank => Some(()),
        Line::Header("relation", span) => {
            if let Some(fields) = current.replace(RelationFields::new(span.start + offset)) {
                relation.push(fields.finish()?);
            }
            Some(())
        }
        Line::Header(..) => None,
        Line::KeyValue(key, value) => current.as_mut()?.set(key, value, &mut strings),
    })?;
    if let Some(fields) = current {
        relation.push(fields.finish()?);
    }
    strings.shrink_to_fit();
    Some(RelationsFile { strings, relation })
}

/// `coverage.toml` (or a piece of it), or `None` when it is outside the canonical form.
pub(crate) fn read_coverage(text: &str, offset: usize) -> Option<CoverageFile> {
    let mut left_out = Vec::new();
    // (phrase, reason) of the entry being read, and its header's span.
    type Fields = (Option<SharedStr>, Option<SharedStr>);
    let mut current: Option<(Fields, std::ops::Range<usize>)> = None;
    let finish = |((phrase, reason), span): (Fields, std::ops::Range<usize>)| {
        Some(spanned(&span, offset, RawLeftOut { phrase: phrase?, reason: reason? }))
    };
    read_lines(text, |line| match line {
        Line::Blank => Some(()),
        Line::Header("left_out", span) => {
            if let Some(previous) = current.replace(((None, None), span)) {
                left_out.push(finish(previous)?);
            }
            Some(())
        }
        Line::Header(..) => None,
        Line::KeyValue(key, value) => {
            let ((phrase, reason), _) = current.as_mut()?;
            match key {
                "phrase" => set(phrase, shared(value)),
                "reason" => set(reason, shared(value)),
                _ => None,
            }
        }
    })?;
    if let Some(previous) = current {
        left_out.push(finish(previous)?);
    }
    Some(CoverageFile { left_out })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `toml` makes of `text`, spans included (`Spanned` compares values only).
    fn by_toml<T: for<'de> serde::Deserialize<'de>>(text: &str) -> Option<T> {
        toml::from_str(text).ok()
    }

    fn spans<T>(items: &[Spanned<T>]) -> Vec<std::ops::Range<usize>> {
        items.iter().map(Spanned::span).collect()
    }

    /// Whatever the fast reader accepts, `toml` accepts too and reads the same, spans included.
    /// Returns whether the fast reader accepted it.
    fn agree(file: &str, text: &str) -> bool {
        match file {
            "entities" => match read_entities(text, 0) {
                Some(fast) => {
                    let slow: EntitiesFile =
                        by_toml(text).unwrap_or_else(|| panic!("toml refuses what we read: {text}"));
                    assert_eq!(fast, slow, "{text}");
                    assert_eq!(spans(&fast.entity), spans(&slow.entity), "{text}");
                    true
                }
                None => false,
            },
            "relations" => match read_relations(text, 0) {
                Some(fast) => {
                    let slow: crate::load::TomlRelationsFile =
                        by_toml(text).unwrap_or_else(|| panic!("toml refuses what we read: {text}"));
                    let slow = RelationsFile::from_toml(slow, 0).expect("toml's relations in the compact form");
                    // The same relations (fields, kinds and header offsets), whatever the layout
                    // of the strings.
                    assert_eq!(fast.view(), slow.view(), "{text}");
                    true
                }
                None => false,
            },
            _ => match read_coverage(text, 0) {
                Some(fast) => {
                    let slow: CoverageFile =
                        by_toml(text).unwrap_or_else(|| panic!("toml refuses what we read: {text}"));
                    assert_eq!(fast, slow, "{text}");
                    assert_eq!(spans(&fast.left_out), spans(&slow.left_out), "{text}");
                    true
                }
                None => false,
            },
        }
    }

    const DATA: [(&str, &str); 4] = [
        ("entities", include_str!("../data/entities.toml")),
        ("relations", include_str!("../data/relations.toml")),
        ("relations", include_str!("../data/background.toml")),
        ("coverage", include_str!("../data/coverage.toml")),
    ];

    #[test]
    fn the_data_files_are_read_fast_and_as_toml_reads_them() {
        for (file, text) in DATA {
            assert!(agree(file, text), "the fast reader gave up on the built-in {file} file");
        }
    }

    #[test]
    fn the_generators_shapes_are_read_as_toml_reads_them() {
        let entities = r#"[[entity]]
id = "japan__c3"
type = "State"
label = "Japan 3"
aliases = ["Nippon 3", "Land \"of\" the \u00e9 Sun\t3"]
quote = "Japan is \\ no stranger [x1]"
date = { value = "1905-09-05", quote = "in 1905 [x2]" }
[[entity.numbers]]
property = "troops"
value = 9223372036854775807
unit = "men"
quote = "many men [x3]"

[[entity.numbers]]
property = "ships"
value = 0
quote = "no ships [x4]"

[[entity]]
id = "b"
type = "Person"
label = "B"
quote = "b's quote"
numbers = [ { property = "age", value = 12, quote = "q" }, ]
mentions_in = [
  { name = "Russia", passage = "p1" },
  { name = "Russia", passage = "p2" }
]
"#;
        assert!(agree("entities", entities));
        assert!(agree("entities", ""));
        assert!(agree("relations", "# only a comment\n\n"));
        assert!(agree("coverage", "[[left_out]]\nphrase = \"Russo-Japanese\"\nreason = \"an adjective\"\n"));
    }

    #[test]
    fn what_the_fast_reader_does_not_cover_goes_to_toml() {
        let outside = [
            "[[entity]]\nid = 'literal'\ntype = \"State\"\nlabel = \"L\"\nquote = \"q\"\n",
            "[[relation]]\nsubject = \"a\" # trailing comment\nrelation = \"r\"\nobject = \"b\"\n",
            "[[relation]]\nsubject = \"a\"\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n",
            "[[relation]]\nsubject = \"a\"\r\nrelation = \"r\"\nobject = \"b\"\n",
            "[[relation]]\nsubject = \"\"\"a\"\"\"\nrelation = \"r\"\nobject = \"b\"\n",
            "[[relation]]\nsubject = \"a\"\nrelation = \"r\"\n",
            "[[relation]]\nsubject = \"a\\e\"\nrelation = \"r\"\nobject = \"b\"\n",
            "[[relation]]\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\nextra = \"x\"\n",
            "subject = \"a\"\n[[relation]]\n",
            "[[entity]]\nid = \"a\"\ntype = \"State\"\nlabel = \"L\"\nquote = \"q\"\nnumbers = []\n[[entity.numbers]]\n",
            "[[entity]]\nid = \"a\"\ntype = \"State\"\nlabel = \"L\"\nquote = \"q\"\n[[entity.numbers]]\nproperty = \"p\"\nvalue = 012\nquote = \"q\"\n",
            "[[entity]]\nid = \"a\"\ntype = \"State\"\nlabel = \"L\"\nquote = \"q\"\n[[entity.numbers]]\nproperty = \"p\"\nvalue = 1_000\nquote = \"q\"\n",
        ];
        for text in outside {
            let file = if text.contains("entity") { "entities" } else { "relations" };
            assert!(!agree(file, text), "the fast reader took what it should leave to toml: {text}");
        }
    }

    /// The keys' `match` finds what a scan of [`RELATION_KEYS`] finds (round 29).
    #[test]
    fn relation_keys_are_found_as_the_scan_finds_them() {
        let scan = |key: &str| RELATION_KEYS.iter().position(|k| *k == key);
        for (slot, key) in RELATION_KEYS.iter().enumerate() {
            assert_eq!(relation_key(key), Some(slot));
            for other in [&key[1..], &key[..key.len() - 1], &format!("{key}s"), &key.to_uppercase(), "", "kind", "type"]
            {
                assert_eq!(relation_key(other), scan(other), "{other}");
            }
        }
    }

    /// Every byte inside a key and around a header's brackets (the key table and the header's
    /// `]]` found by `memchr`, round 29): whatever the fast reader accepts, `toml` reads the
    /// same; bare keys are exactly ASCII letters, digits, `_` and `-`.
    #[test]
    fn every_byte_in_keys_and_headers_is_read_as_toml_reads_it_or_left_to_it() {
        for b in 0..=255u8 {
            let bare = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
            assert_eq!(BARE_KEY[usize::from(b)], bare, "byte {b:#04x}");
            let Ok(c) = std::str::from_utf8(&[b]).map(str::to_string) else { continue };
            let key = format!("[[relation]]\nsub{c}ject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n");
            let mut reader = Reader::new(&key[13..]);
            assert_eq!(reader.bare_key().map(str::len), Some(if bare { 8 } else { 3 }), "byte {b:#04x}");
            agree("relations", &key);
            for header in [
                format!("[[relation{c}]]"),
                format!("[[relation]{c}]"),
                format!("[[relation]]{c}"),
                format!("[[{c}relation]]"),
                format!("[[relation]{c}"),
            ] {
                let text = format!("{header}\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n");
                agree("relations", &text);
                agree("relations", &format!("[[relation]]\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n{text}"));
            }
        }
        // The canonical header and keys are still read (the checks above have bite).
        assert!(agree("relations", "[[relation]]\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n"));
        assert!(!agree("relations", "[[relation]x]\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n"));
        assert!(!agree("relations", "[[relation]\nsubject = \"a\"\nrelation = \"r\"\nobject = \"b\"\n"));
    }

    /// Single-byte changes to the data files (deletions, and insertions of the characters that
    /// matter to TOML): wherever the fast reader still accepts the text, `toml` reads the same.
    #[test]
    fn mutated_files_are_read_as_toml_reads_them_or_left_to_it() {
        let inserts = ["\"", "\\", "#", "[", "]", "{", "}", ",", "=", "\n", " ", "'", "0", "-", "\t", "\u{7f}", "é"];
        let mut accepted = 0;
        for (file, text) in DATA {
            // A few hundred positions per file, spread over it, each on a character boundary.
            let positions: Vec<usize> =
                (0..text.len()).step_by(text.len() / 300 + 1).filter(|&i| text.is_char_boundary(i)).collect();
            for &at in &positions {
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let deleted = format!("{}{}", &text[..at], &text[end..]);
                accepted += usize::from(agree(file, &deleted));
                let insert = inserts[at % inserts.len()];
                let inserted = format!("{}{insert}{}", &text[..at], &text[at..]);
                accepted += usize::from(agree(file, &inserted));
            }
        }
        // Many changes land inside strings or comments and stay readable: the check has bite.
        assert!(accepted > 200, "only {accepted} mutated files were read fast");
    }
}
