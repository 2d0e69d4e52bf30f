//! Loading and validating an annotated essay: parse the TOML files, check every quote against the
//! essay, resolve every reference, and build a [`Dataset`] — or report every problem at once.

// A fast hash with a per-process random seed: ids, names and quotes come from the input.
use foldhash::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{LoadError, Problem};
use crate::model::{
    Dataset, Dated, Entity, EntityType, Evidence, HistDate, Id, LeftOut, Provenance, Qualifiers, Quantity, Relation,
    RelationKind, SharedStr, SharedText, SharedTextBuilder,
};
use crate::names::push_name_key;
use crate::text::EssayText;
use crate::trace::span;

/// The text of one annotation file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name used in error messages (`data/relations.toml`).
    pub name: String,
    /// The file's contents.
    pub text: String,
}

impl Source {
    fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }
}

/// The files of an annotated essay. `background` and `coverage` may be empty.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `essay.txt`
    pub essay: Source,
    /// `entities.toml`
    pub entities: Source,
    /// `relations.toml`
    pub relations: Source,
    /// `background.toml`
    pub background: Source,
    /// `coverage.toml`
    pub coverage: Source,
}

impl Sources {
    /// The essay's own annotations, compiled into the crate.
    pub fn builtin() -> Sources {
        Sources {
            essay: Source::new("data/essay.txt", include_str!("../data/essay.txt")),
            entities: Source::new("data/entities.toml", include_str!("../data/entities.toml")),
            relations: Source::new("data/relations.toml", include_str!("../data/relations.toml")),
            background: Source::new("data/background.toml", include_str!("../data/background.toml")),
            coverage: Source::new("data/coverage.toml", include_str!("../data/coverage.toml")),
        }
    }

    /// Reads the files of `dir`. `background.toml` and `coverage.toml` are optional.
    ///
    /// # Errors
    /// [`LoadError::Io`] when a required file cannot be read; [`LoadError::Invalid`] when a file is
    /// larger than its cap ([`MAX_ESSAY_BYTES`], [`MAX_ANNOTATION_BYTES`]) or is not UTF-8 (the
    /// problem names the byte offset). A byte order mark at the start is dropped.
    pub fn read_dir(dir: &Path) -> Result<Sources, LoadError> {
        let essay = read_source(dir, "essay.txt", true, MAX_ESSAY_BYTES as u64)?;
        Ok(Sources { essay, ..Sources::read_dir_without_essay(dir)? })
    }

    /// [`Sources::read_dir`] but for the essay, left empty.
    fn read_dir_without_essay(dir: &Path) -> Result<Sources, LoadError> {
        let read = |file: &str, required: bool, cap: u64| read_source(dir, file, required, cap);
        Ok(Sources {
            essay: Source::new(dir.join("essay.txt").display().to_string(), ""),
            entities: read("entities.toml", true, MAX_ANNOTATION_BYTES as u64)?,
            relations: read("relations.toml", true, MAX_ANNOTATION_BYTES as u64)?,
            background: read("background.toml", false, MAX_ANNOTATION_BYTES as u64)?,
            coverage: read("coverage.toml", false, MAX_ANNOTATION_BYTES as u64)?,
        })
    }

    /// The essay (shared: [`Essay::Shared`]) and [`Sources::read_dir_without_essay`], read on two
    /// threads when `parallel` ([`both`]): `relations.toml`, the largest file, on one, the others
    /// on the other (about half the bytes each: at a million relations, 248 MB beside 256 MB).
    /// The same result as reading them one by one in the order of [`Sources::read_dir`] (the
    /// first error in that order is the one returned), which the tests hold it to.
    fn read_dir_shared(dir: &Path, parallel: bool) -> Result<(Essay<'static>, Sources), LoadError> {
        let read = |file: &str, required: bool| {
            let cap = if file == "essay.txt" { MAX_ESSAY_BYTES } else { MAX_ANNOTATION_BYTES };
            read_source(dir, file, required, cap as u64)
        };
        let (rest, relations) = both(
            parallel,
            || {
                // The essay is made shared (one copy) before the next file is read.
                let essay = read("essay.txt", true).map(|essay| (essay.name, SharedStr::from(essay.text)));
                let rest = ["entities.toml", "background.toml", "coverage.toml"]
                    .map(|file| read(file, file == "entities.toml"));
                (essay, rest)
            },
            || read("relations.toml", true),
        );
        let (essay, [entities, background, coverage]) = rest;
        let (essay_name, essay) = essay?;
        let entities = entities?;
        let relations = relations?;
        let (background, coverage) = (background?, coverage?);
        let sources = Sources { essay: Source::new(essay_name, ""), entities, relations, background, coverage };
        Ok((Essay::Shared(essay), sources))
    }
}

/// Reads `file` of `dir` (a missing optional file is empty), at most `cap` bytes, as UTF-8 without
/// a byte order mark.
fn read_source(dir: &Path, file: &str, required: bool, cap: u64) -> Result<Source, LoadError> {
    let path = dir.join(file);
    let name = path.display().to_string();
    let bytes = match read_capped(&path, cap) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(LoadError::Invalid(vec![Problem {
                file: name,
                line: None,
                subject: None,
                message: format!("larger than {cap} bytes, the most kg reads; split or shorten it"),
            }]))
        }
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(Source::new(name, "")),
        Err(source) => return Err(LoadError::Io { path, source }),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text))),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(LoadError::Invalid(vec![Problem {
                file: name,
                line: Some(line),
                subject: None,
                message: format!(
                    "not valid UTF-8: byte 0x{:02X} at byte offset {offset}; save the file as UTF-8",
                    bytes[offset]
                ),
            }]))
        }
    }
}

/// The file's bytes, or `None` when it has more than `cap` bytes (reading stops there, so a huge
/// file costs no memory).
fn read_capped(path: &Path, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // Sized from the file's length: a buffer grown by doubling held up to twice the input (the
    // largest holder but one at a million relations).
    let len = file.metadata().map_or(0, |m| m.len()).min(cap + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// The largest essay kg loads, in bytes: 128 MiB (the essay has about 6,400; a synthetic corpus
/// of 1,000,000 relations about 90 MB; the search tables cost about 2 bytes per essay byte).
pub const MAX_ESSAY_BYTES: usize = 128 << 20;
/// The largest annotation file kg loads, in bytes: 512 MiB (a corpus of 1,000,000 relations has
/// a `relations.toml` of about 250 MB).
pub const MAX_ANNOTATION_BYTES: usize = 512 << 20;
/// The longest quote, in characters: a quote is a passage, not a chapter (and Graphviz refuses
/// labels of 16,384 characters).
pub const MAX_QUOTE_CHARS: usize = 4_000;
/// The longest label, alias, unit, role or left-out phrase, in characters.
pub const MAX_NAME_CHARS: usize = 500;
/// How many occurrences of all quotes (and, separately, of all names) loading looks at before it
/// gives up: quotes that occur once each, and names that occur a few times each, stay far below.
pub const MAX_OCCURRENCES: usize = 5_000_000;

/// Loads and validates the annotated essay in `dir`.
///
/// The same as [`load`] of [`Sources::read_dir`], but the files' text is freed as soon as it is
/// parsed (at a million relations, ~0.5 GB less at the peak), and the essay is made shared (the
/// [`Dataset::essay`] that every quote is a span of) before the other files are read.
pub fn load_dir(dir: &Path) -> Result<Dataset, LoadError> {
    // The essay is read first and made shared (`SharedStr`, one copy) while it is the only file
    // held: copied later, at the parse, it stood on top of the peak.
    // Read on two threads (the files are hundreds of megabytes only at scale, where two threads
    // pay; small ones are read on one).
    let parallel = std::fs::metadata(dir.join("relations.toml")).is_ok_and(|m| m.len() >= PARALLEL_READ_BYTES);
    let (essay, sources) = span("read the files", || Sources::read_dir_shared(dir, parallel))?;
    let parsed = parse(&sources, essay)?;
    let files = FileNames::of(&sources);
    span("free the files' text", || drop(sources));
    check(parsed, &files)
}

// ---- the files' shapes -------------------------------------------------------------------------

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntitiesFile {
    #[serde(default)]
    pub(crate) entity: Vec<Spanned<RawEntity>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEntity {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) entity_type: String,
    pub(crate) label: SharedStr,
    #[serde(default)]
    pub(crate) aliases: Vec<SharedStr>,
    #[serde(default)]
    pub(crate) background_aliases: Vec<SharedStr>,
    #[serde(default)]
    pub(crate) shared_aliases: Vec<SharedStr>,
    pub(crate) wikidata: Option<SharedStr>,
    pub(crate) quote: String,
    pub(crate) note: Option<SharedStr>,
    pub(crate) date: Option<RawDated>,
    pub(crate) start: Option<RawDated>,
    pub(crate) end: Option<RawDated>,
    #[serde(default)]
    pub(crate) numbers: Vec<RawNumber>,
    #[serde(default)]
    pub(crate) mentions_in: Vec<RawMentionIn>,
}

/// `mentions_in = [{ name = "Russia", passage = "..." }]`: the name's occurrences inside the
/// passage are mentions of this entity.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMentionIn {
    pub(crate) name: String,
    pub(crate) passage: String,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDated {
    pub(crate) value: String,
    pub(crate) quote: String,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNumber {
    pub(crate) property: SharedStr,
    pub(crate) value: u64,
    pub(crate) unit: Option<SharedStr>,
    pub(crate) quote: String,
}

/// A piece of `relations.toml` or `background.toml`, parsed into a compact form: every string of
/// its relations side by side in one buffer, each relation a fixed-size record of spans into it.
/// (At a million relations an owned record per relation, with a `Box<str>` per field, was
/// ~0.9 GB with the entities' and six allocations per relation; this form holds about the
/// strings' bytes plus 112 bytes per relation, and allocates twice per piece.)
#[derive(Default, Debug)]
pub(crate) struct RelationsFile {
    /// The text of every string field of the relations, side by side.
    pub(crate) strings: String,
    pub(crate) relation: Vec<RawRelation>,
}

/// A string field of a relation: a span of [`RelationsFile::strings`], or [`Str::NONE`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Str {
    start: u32,
    len: u32,
}

impl Str {
    /// An absent field.
    pub(crate) const NONE: Str = Str { start: 0, len: u32::MAX };

    pub(crate) fn is_some(self) -> bool {
        self.len != u32::MAX
    }

    /// Appends `text` to `strings` and returns its span (`None` past 4 GiB, which the file caps
    /// rule out).
    pub(crate) fn push(strings: &mut String, text: &str) -> Option<Str> {
        let start = u32::try_from(strings.len()).ok()?;
        let len = u32::try_from(text.len()).ok().filter(|&l| l != u32::MAX)?;
        strings.push_str(text);
        Some(Str { start, len })
    }
}

/// The relations file's keys, in the order of [`RawRelation::fields`].
pub(crate) const RELATION_KEYS: [&str; RELATION_FIELDS] = [
    "subject", "relation", "object", "under", "place", "date", "start", "end", "role", "quote", "basis", "context",
    "note",
];
/// How many keys a relation may have.
pub(crate) const RELATION_FIELDS: usize = 13;

/// One relation as read: spans into its piece's strings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawRelation {
    /// The byte offset of its `[[relation]]` header in the file (its line is counted from it).
    pub(crate) at: u32,
    /// Its kind, when the `relation` field names one exactly (the field is then not kept);
    /// otherwise the field holds the name as written, for the problem that reports it.
    pub(crate) kind: Option<RelationKind>,
    /// Every field, by [`RELATION_KEYS`].
    pub(crate) fields: [Str; RELATION_FIELDS],
}

impl RawRelation {
    const SUBJECT: usize = 0;
    pub(crate) const RELATION: usize = 1;
    const OBJECT: usize = 2;
    const UNDER: usize = 3;
    const PLACE: usize = 4;
    const DATE: usize = 5;
    const START: usize = 6;
    const END: usize = 7;
    const ROLE: usize = 8;
    const QUOTE: usize = 9;
    const BASIS: usize = 10;
    const CONTEXT: usize = 11;
    const NOTE: usize = 12;

    /// A relation with its required fields (`subject`, `relation`, `object`), or `None`.
    pub(crate) fn new(at: usize, kind: Option<RelationKind>, fields: [Str; RELATION_FIELDS]) -> Option<RawRelation> {
        let required = fields[Self::SUBJECT].is_some()
            && fields[Self::OBJECT].is_some()
            && (kind.is_some() || fields[Self::RELATION].is_some());
        required.then_some(RawRelation { at: u32::try_from(at).ok()?, kind, fields })
    }
}

impl RelationsFile {
    /// Field `field` of `relation`, if given.
    pub(crate) fn get(&self, relation: &RawRelation, field: usize) -> Option<&str> {
        let s = relation.fields[field];
        s.is_some().then(|| &self.strings[s.start as usize..(s.start + s.len) as usize])
    }

    /// The `relation` field as written.
    fn kind_name<'a>(&'a self, relation: &'a RawRelation) -> &'a str {
        match relation.kind {
            Some(kind) => kind.name(),
            None => self.get(relation, RawRelation::RELATION).unwrap_or_default(),
        }
    }

    /// Each relation as (header offset, kind, fields), for comparing two readings.
    #[cfg(test)]
    pub(crate) fn view(&self) -> Vec<RelationView<'_>> {
        self.relation.iter().map(|r| (r.at, r.kind, (0..RELATION_FIELDS).map(|f| self.get(r, f)).collect())).collect()
    }

    /// The same relations read by the `toml` crate (files outside the canonical form), with their
    /// offsets moved by `offset`.
    pub(crate) fn from_toml(file: TomlRelationsFile, offset: usize) -> Option<RelationsFile> {
        let mut out = RelationsFile { strings: String::new(), relation: Vec::with_capacity(file.relation.len()) };
        for spanned in file.relation {
            let at = spanned.span().start + offset;
            let r = spanned.into_inner();
            let kind = RelationKind::from_name_exact(&r.relation);
            let mut fields = [Str::NONE; RELATION_FIELDS];
            let given = [
                Some(r.subject),
                kind.is_none().then_some(r.relation),
                Some(r.object),
                r.under,
                r.place,
                r.date,
                r.start,
                r.end,
                r.role,
                r.quote,
                r.basis,
                r.context,
                r.note,
            ];
            for (slot, value) in fields.iter_mut().zip(given) {
                if let Some(value) = value {
                    *slot = Str::push(&mut out.strings, &value)?;
                }
            }
            out.relation.push(RawRelation::new(at, kind, fields)?);
        }
        Some(out)
    }
}

/// A relation as (header offset, kind, fields), for comparing two readings in tests.
#[cfg(test)]
pub(crate) type RelationView<'a> = (u32, Option<RelationKind>, Vec<Option<&'a str>>);

/// `relations.toml` and `background.toml` as the `toml` crate reads them, for files outside the
/// canonical form ([`crate::canonical`]); made into a [`RelationsFile`] at once.
#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct TomlRelationsFile {
    #[serde(default)]
    pub(crate) relation: Vec<Spanned<TomlRelation>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct TomlRelation {
    pub(crate) subject: Box<str>,
    pub(crate) relation: Box<str>,
    pub(crate) object: Box<str>,
    pub(crate) under: Option<Box<str>>,
    pub(crate) place: Option<Box<str>>,
    pub(crate) date: Option<Box<str>>,
    pub(crate) start: Option<Box<str>>,
    pub(crate) end: Option<Box<str>>,
    pub(crate) role: Option<Box<str>>,
    pub(crate) quote: Option<Box<str>>,
    pub(crate) basis: Option<Box<str>>,
    pub(crate) context: Option<Box<str>>,
    pub(crate) note: Option<Box<str>>,
}

#[derive(Deserialize, Default, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct CoverageFile {
    #[serde(default)]
    pub(crate) left_out: Vec<Spanned<RawLeftOut>>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLeftOut {
    pub(crate) phrase: SharedStr,
    pub(crate) reason: SharedStr,
}

// ---- validation --------------------------------------------------------------------------------

/// Whom a problem is about (`entity japan`, `relation japan signed treaty_of_shimoda`), made into
/// text only when a problem is reported: formatting it for every record cost an allocation and
/// ~1,500 instructions per record.
#[derive(Clone, Copy)]
enum Who<'s> {
    Entity(&'s str),
    Relation(&'s str, &'s str, &'s str),
    Text(&'s str),
}

impl Who<'_> {
    fn name(self) -> String {
        match self {
            Who::Entity(id) => format!("entity {id}"),
            Who::Relation(subject, relation, object) => format!("relation {subject} {relation} {object}"),
            Who::Text(text) => text.to_string(),
        }
    }
}

/// Collects problems while validating; every check reports and goes on.
struct Checker<'a> {
    text: &'a EssayText,
    /// Where each quote of the annotations occurs in the essay (found in one pass for all).
    quotes: &'a QuoteIndex,
    /// The slots of `quotes` of the record being checked ([`Checker::record`]).
    record: std::ops::Range<usize>,
    problems: Vec<Problem>,
    /// The name of the file being checked.
    file: &'a str,
}

/// The 1-based line of each record that starts at the byte offsets `starts` of `text`, counted
/// from one record to the next (the records come in file order), so that no table of line
/// starts is kept (a `usize` per line of every file was ~120 MB at a million relations).
fn record_lines(text: &str, starts: impl Iterator<Item = usize>) -> Vec<u32> {
    // (memchr: a byte loop cost ~5 instructions per byte of every file.)
    let newlines = |from: usize, to: usize| memchr::memchr_iter(b'\n', &text.as_bytes()[from..to]).count();
    let (mut at, mut line) = (0, 1);
    starts
        .map(|start| {
            let start = start.min(text.len());
            if start < at {
                (at, line) = (0, 1);
            }
            line += newlines(at, start);
            at = start;
            line as u32
        })
        .collect()
}

impl<'a> Checker<'a> {
    /// A checker of `file` whose records' quotes start at slot `base` of `quotes`.
    fn new(text: &'a EssayText, quotes: &'a QuoteIndex, base: usize, file: &'a str) -> Checker<'a> {
        Checker { text, quotes, record: base..base, problems: Vec::new(), file }
    }

    /// The next record, with `quotes` quotes ([`entity_quotes`], [`relation_quotes`]).
    fn record(&mut self, quotes: usize) {
        let start = self.record.end;
        self.record = start..start + quotes;
    }

    fn report(&mut self, line: usize, subject: impl Into<Option<String>>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line: Some(line),
            subject: subject.into(),
            message: message.into(),
        });
    }

    /// Finds `quote` in the essay; it must occur exactly once. The evidence's quote is that
    /// occurrence: a span of the essay, shared, not a copy.
    fn locate(&mut self, quote: &str, line: usize, who: Who) -> Option<Evidence> {
        if quote.trim().is_empty() {
            self.report(line, who.name(), "empty quote: give the passage of the essay that states it");
            return None;
        }
        let length = quote.chars().count();
        if length > MAX_QUOTE_CHARS {
            self.report(
                line,
                who.name(),
                format!("quote of {length} characters; quote at most {MAX_QUOTE_CHARS}, the passage that states it"),
            );
            return None;
        }
        let searched;
        let found = match self.quotes.get(self.record.clone(), quote) {
            Located::Once(start) => return Some(self.occurrence(quote, start, length)),
            Located::Listed(starts) => starts,
            // Every quote of the record was searched for with the others; this is only a
            // safety net (for a string that is not one of the record's quotes).
            Located::Unknown => {
                searched = self
                    .text
                    .find_exact_many_bytes(&[quote], usize::MAX)
                    .ok()
                    .and_then(|found| found.into_iter().next())
                    .unwrap_or_default();
                &searched[..]
            }
        };
        let message = match found {
            [start] => {
                return Some(self.occurrence(quote, *start, length));
            }
            [] => {
                let hint = if quote.contains('\'') { " (the essay writes the apostrophe as ’, U+2019)" } else { "" };
                format!("quote not found in the essay{hint}: \"{quote}\"")
            }
            many => {
                let mut at: Vec<String> =
                    many.iter().take(10).map(|&byte| self.text.char_of_byte(byte).to_string()).collect();
                if many.len() > 10 {
                    at.push("…".to_string());
                }
                format!(
                    "quote occurs {} times in the essay (at characters {}); lengthen it so it occurs once: \"{quote}\"",
                    many.len(),
                    at.join(", ")
                )
            }
        };
        self.report(line, who.name(), message);
        None
    }

    /// The evidence of `quote`, found at byte `from` of the essay, `length` characters long:
    /// bytes `from..from + quote.len()` of the essay, which hold exactly `quote` (the search
    /// compared them). (The search gives bytes: finding them again from a character offset
    /// walked up to 64 characters per quote.) Marked as the quote's only occurrence (the search
    /// found no other, overlapping ones included), which the RDF export's passage naming reuses.
    fn occurrence(&self, quote: &str, from: usize, length: usize) -> Evidence {
        let start = self.text.char_of_byte(from);
        self.text.evidence_found_once(from..from + quote.len(), start, start + length)
    }

    /// Reports a string field that holds what no export or terminal can carry: control characters
    /// (only the free-text fields may hold line breaks and tabs), Unicode noncharacters, or more
    /// than [`MAX_NAME_CHARS`] characters in a name.
    fn check_text(&mut self, line: usize, who: Who, field: &str, value: &str, kind: TextKind) {
        if let Some(problem) = text_problem(value, kind) {
            self.report(line, who.name(), format!("{field}: {problem}"));
        }
    }

    fn date(&mut self, value: &str, line: usize, who: Who) -> Option<HistDate> {
        match value.parse() {
            Ok(d) => Some(d),
            Err(e) => {
                self.report(line, who.name(), e);
                None
            }
        }
    }
}

fn parse_file<T: for<'de> Deserialize<'de> + Default>(source: &Source, problems: &mut Vec<Problem>) -> T {
    match toml::from_str(&source.text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.span().map(|s| source.text[..s.start.min(source.text.len())].matches('\n').count() + 1);
            problems.push(Problem {
                file: source.name.clone(),
                line,
                subject: None,
                message: format!("not valid: {}", e.message()),
            });
            T::default()
        }
    }
}

/// An annotation file cut into pieces that parse on their own, so that large files are parsed in
/// parallel and no piece's token list holds the whole file.
const PIECE_BYTES: usize = 2 << 20;

/// The byte ranges of the pieces of `text`: cut just before lines that are exactly `header`
/// (`[[relation]]`), every [`PIECE_BYTES`] or so. A file is cut only when nothing can make a
/// piece mean something else than it means in the whole file: no multi-line strings (which could
/// hold such a line), and nothing but blank lines and comments before the first header. A piece
/// that does not parse sends the whole file to the parser again ([`PieceResults::finish`]), so
/// errors are the same as without pieces.
fn pieces(text: &str, header: &str) -> Vec<std::ops::Range<usize>> {
    let whole = std::iter::once(0..text.len()).collect();
    // (memmem: a vectorised search; `str::contains` cost ~6 instructions per byte here.)
    let has = |needle: &[u8]| memchr::memmem::find(text.as_bytes(), needle).is_some();
    if text.len() <= PIECE_BYTES || has(b"'''") || has(b"\"\"\"") {
        return whole;
    }
    let marker = format!("\n{header}\n");
    let bytes = text.as_bytes();
    // The first header: the file's first line (as every generated corpus has it), or a line after
    // blank lines and comments only.
    let first = if bytes.starts_with(&marker.as_bytes()[1..]) {
        0
    } else {
        let Some(at) = memchr::memmem::find(bytes, marker.as_bytes()) else { return whole };
        at + 1
    };
    if !text[..first].lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return whole;
    }
    let mut ranges = Vec::new();
    let mut start = 0;
    while text.len() - start > PIECE_BYTES {
        // Searched as bytes: `start + PIECE_BYTES` may fall inside a multi-byte character; a cut
        // just after the marker's newline is always on a character boundary.
        let from = start + PIECE_BYTES;
        let Some(cut) = memchr::memmem::find(&bytes[from..], marker.as_bytes()).map(|i| from + i + 1) else {
            break;
        };
        ranges.push(start..cut);
        start = cut;
    }
    ranges.push(start..text.len());
    ranges
}

/// One piece of one annotation file, parsed.
enum Piece {
    Entities(EntitiesFile),
    Relations(RelationsFile),
    Coverage(CoverageFile),
}

/// Parses a piece as the file it comes from (0 entities, 1 relations, 2 background, 3 coverage),
/// with spans moved by its offset in the file; `None` when it does not parse.
fn parse_piece(file: usize, text: &str, offset: usize) -> Option<Piece> {
    fn shift<T>(items: Vec<Spanned<T>>, offset: usize) -> Vec<Spanned<T>> {
        if offset == 0 {
            return items;
        }
        items
            .into_iter()
            .map(|s| {
                let span = s.span();
                Spanned::new(span.start + offset..span.end + offset, s.into_inner())
            })
            .collect()
    }
    // The canonical form first; what it does not cover goes to the `toml` crate.
    let canonical = match file {
        0 => crate::canonical::read_entities(text, offset).map(Piece::Entities),
        1 | 2 => crate::canonical::read_relations(text, offset).map(Piece::Relations),
        _ => crate::canonical::read_coverage(text, offset).map(Piece::Coverage),
    };
    if canonical.is_some() {
        return canonical;
    }
    Some(match file {
        0 => Piece::Entities(EntitiesFile { entity: shift(toml::from_str::<EntitiesFile>(text).ok()?.entity, offset) }),
        1 | 2 => Piece::Relations(RelationsFile::from_toml(toml::from_str(text).ok()?, offset)?),
        _ => Piece::Coverage(CoverageFile {
            left_out: shift(toml::from_str::<CoverageFile>(text).ok()?.left_out, offset),
        }),
    })
}

/// The four annotation files, parsed, each as its pieces in order: the checks consume one piece
/// after the other, so each piece's raw records are freed as soon as they are checked (putting
/// the pieces together first held every raw record, twice while the list grew).
struct Parsed {
    entities: Vec<EntitiesFile>,
    relations: Vec<RelationsFile>,
    background: Vec<RelationsFile>,
    coverage: Vec<CoverageFile>,
}

/// The pieces of each file, parsed (`None` where a piece did not parse).
struct PieceResults([Vec<Option<Piece>>; 4]);

impl PieceResults {
    /// The parsed files: their pieces in order, or, for a file with a piece that did not parse,
    /// the whole file parsed again, which reports its error just as it would without pieces.
    fn finish(self, sources: &Sources, problems: &mut Vec<Problem>) -> Parsed {
        let [entities, relations, background, coverage] = self.0;
        Parsed {
            entities: pieces_or_whole(entities, &sources.entities, problems, |p| match p {
                Piece::Entities(f) => Some(f),
                _ => None,
            }),
            relations: relation_pieces_or_whole(relations, &sources.relations, problems),
            background: relation_pieces_or_whole(background, &sources.background, problems),
            coverage: pieces_or_whole(coverage, &sources.coverage, problems, |p| match p {
                Piece::Coverage(f) => Some(f),
                _ => None,
            }),
        }
    }
}

fn relations_piece(piece: Piece) -> Option<RelationsFile> {
    match piece {
        Piece::Relations(f) => Some(f),
        _ => None,
    }
}

/// [`pieces_or_whole`] for a relations file, read by the `toml` crate when whole.
fn relation_pieces_or_whole(
    pieces: Vec<Option<Piece>>,
    source: &Source,
    problems: &mut Vec<Problem>,
) -> Vec<RelationsFile> {
    if pieces.iter().any(Option::is_none) {
        let whole: TomlRelationsFile = parse_file(source, problems);
        // (`None` only past 4 GiB of strings, which the file cap rules out.)
        vec![RelationsFile::from_toml(whole, 0).unwrap_or_default()]
    } else {
        pieces.into_iter().flatten().filter_map(relations_piece).collect()
    }
}

/// One file's parsed pieces, or the whole file parsed again when one of them did not parse.
fn pieces_or_whole<T: for<'de> Deserialize<'de> + Default>(
    pieces: Vec<Option<Piece>>,
    source: &Source,
    problems: &mut Vec<Problem>,
    take: impl Fn(Piece) -> Option<T>,
) -> Vec<T> {
    if pieces.iter().any(Option::is_none) {
        vec![parse_file(source, problems)]
    } else {
        pieces.into_iter().flatten().filter_map(take).collect()
    }
}

/// Parses the annotation files, checks the essay's characters ([`essay_problems`]) and prepares
/// the essay for searching. Large inputs are cut into pieces ([`pieces`]) parsed by one thread
/// per core (at most 8), while this thread checks and prepares the essay and then takes pieces
/// too; small inputs (the built-in essay) are parsed on this thread alone.
fn parse_files(sources: &Sources, essay: SharedStr) -> (PieceResults, EssayText, Vec<Problem>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let files = [&sources.entities, &sources.relations, &sources.background, &sources.coverage];
    let headers = ["[[entity]]", "[[relation]]", "[[relation]]", "[[left_out]]"];
    let tasks: Vec<(usize, std::ops::Range<usize>)> = files
        .iter()
        .zip(headers)
        .enumerate()
        .flat_map(|(i, (source, header))| pieces(&source.text, header).into_iter().map(move |r| (i, r)))
        .collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((file, range)) = tasks.get(i) else { break };
            done.push((i, parse_piece(*file, &files[*file].text[range.clone()], range.start)));
        }
        done
    };
    let total: usize = files.iter().map(|f| f.text.len()).sum::<usize>() + essay.len();
    // (One core: this thread alone, no worker to share it with.)
    let threads = if total < PIECE_BYTES || cores() == 1 { 0 } else { cores().min(8) };
    let (mut done, text, essay_problems) = std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..threads).filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok()).collect();
        let essay_problems = essay_problems(&sources.essay.name, &essay);
        let text = EssayText::from_shared(essay);
        let mut done = work();
        for h in handles {
            // A worker that panicked leaves its pieces unparsed: their files are parsed whole.
            done.extend(h.join().unwrap_or_default());
        }
        (done, text, essay_problems)
    });
    done.sort_by_key(|(i, _)| *i);
    let mut results: [Vec<Option<Piece>>; 4] = Default::default();
    let mut got = done.into_iter().peekable();
    for (i, (file, _)) in tasks.iter().enumerate() {
        let piece = if got.peek().is_some_and(|(j, _)| *j == i) { got.next().and_then(|(_, p)| p) } else { None };
        results[*file].push(piece);
    }
    (PieceResults(results), text, essay_problems)
}

/// What a string field may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// A label, alias, unit, role, phrase: one short line.
    Name,
    /// A quote, note, basis or reason: may hold line breaks and tabs.
    Free,
}

/// Why a character cannot be carried by RDF/XML, GraphML, DOT or a terminal: control characters
/// other than line feed and tab (carriage returns included, so that offsets mean the same in every
/// format), and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, ...).
fn bad_char(c: char, allow_breaks: bool) -> Option<&'static str> {
    if c == '\r' {
        Some("a carriage return (save the file with LF line endings)")
    } else if (c == '\n' || c == '\t') && allow_breaks {
        None
    } else if c.is_control() {
        Some("a control character")
    } else if matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE {
        Some("a Unicode noncharacter")
    } else {
        None
    }
}

/// Whether byte `b` of a UTF-8 text can be part of no character that [`bad_char`] refuses: not
/// a C0 control (but a line feed or tab when `allow_breaks`), not DEL, and not the lead byte of
/// a C1 control (0xC2), of a noncharacter (0xEF for U+FDD0–U+FDEF and U+xFFFE, 0xF0–0xF4 for
/// the other planes' U+xFFFE/U+xFFFF) or a byte that no UTF-8 text holds (0xF5–0xFF).
fn surely_clean_byte(b: u8, allow_breaks: bool) -> bool {
    match b {
        b'\n' | b'\t' => allow_breaks,
        0x00..=0x1F | 0x7F | 0xC2 | 0xEF..=0xFF => false,
        _ => true,
    }
}

/// Whether `text` surely holds no character that [`bad_char`] refuses (see
/// [`surely_clean_byte`]); `false` sends the caller to the exact check, character by character.
fn surely_clean(text: &str, allow_breaks: bool) -> bool {
    use crate::text::word;
    // The words with a byte that `surely_clean_byte` may refuse: typographic quotes and accents
    // (0xE2, 0xC3...) pass without a look at their bytes.
    let suspect = |x| {
        word::has_control(x)
            || (word::has_non_ascii(x)
                && (word::has_byte(x, 0xC2) || word::has_byte(x, 0xEF) || word::has_byte_from_f0(x)))
    };
    crate::text::all_bytes(text.as_bytes(), suspect, |b| surely_clean_byte(b, allow_breaks))
}

fn text_problem(value: &str, kind: TextKind) -> Option<String> {
    // Text without control characters and without the lead bytes of C1 controls and
    // noncharacters holds no bad character (the common case, checked 8 bytes at a time without
    // decoding); a name of at most MAX_NAME_CHARS bytes has at most as many characters.
    if surely_clean(value, kind == TextKind::Free) && (kind == TextKind::Free || value.len() <= MAX_NAME_CHARS) {
        return None;
    }
    if let Some((i, c, why)) =
        value.chars().enumerate().find_map(|(i, c)| bad_char(c, kind == TextKind::Free).map(|why| (i, c, why)))
    {
        return Some(format!("holds {why}, U+{:04X}, at character {i}; remove it", c as u32));
    }
    let length = value.chars().count();
    if kind == TextKind::Name && length > MAX_NAME_CHARS {
        return Some(format!("{length} characters long; names have at most {MAX_NAME_CHARS}"));
    }
    None
}

/// The essay's own problems: characters no export can carry, each with its line and column (at
/// most 20 reported).
pub(crate) fn essay_problems(name: &str, essay: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    // The common case, an essay without any, found without counting lines and columns (and
    // without decoding it, [`surely_clean`]).
    if surely_clean(essay, true) || !essay.chars().any(|c| bad_char(c, true).is_some()) {
        return problems;
    }
    for (n, line) in essay.split('\n').enumerate() {
        for (column, c) in line.chars().enumerate() {
            if let Some(why) = bad_char(c, true) {
                problems.push(Problem {
                    file: name.to_string(),
                    line: Some(n + 1),
                    subject: None,
                    message: format!("column {}: {why}, U+{:04X}; remove it", column + 1, c as u32),
                });
                if problems.len() == 20 {
                    return problems;
                }
            }
        }
    }
    problems
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && id.as_bytes()[0].is_ascii_lowercase()
}

/// Loads and validates an annotated essay from its sources.
///
/// Returns every problem found, each with its file, line and entity, when anything is wrong.
///
/// # Complexity
/// Linear in the size of the files (plus sorting): the essay is read once for all quotes and once
/// for all names. Inputs are capped by [`MAX_ESSAY_BYTES`], [`MAX_ANNOTATION_BYTES`],
/// [`MAX_QUOTE_CHARS`], [`MAX_NAME_CHARS`] and [`MAX_OCCURRENCES`].
pub fn load(sources: &Sources) -> Result<Dataset, LoadError> {
    let parsed = parse(sources, Essay::Borrowed(&sources.essay.text))?;
    check(parsed, &FileNames::of(sources))
}

/// The names of the five files, as problems report them.
struct FileNames {
    essay: String,
    entities: String,
    relations: String,
    background: String,
    coverage: String,
}

impl FileNames {
    fn of(sources: &Sources) -> FileNames {
        FileNames {
            essay: sources.essay.name.clone(),
            entities: sources.entities.name.clone(),
            relations: sources.relations.name.clone(),
            background: sources.background.name.clone(),
            coverage: sources.coverage.name.clone(),
        }
    }
}

/// The files parsed, with the line of each record, and the essay prepared for searching: all
/// that checking needs, without the files' text.
struct Prepared {
    text: EssayText,
    parsed: Parsed,
    /// The line of each record of each file, in order: entities, relations, background, coverage.
    lines: [Vec<u32>; 4],
    problems: Vec<Problem>,
}

/// The first half of [`load`]: size caps, the essay's characters, parsing.
/// The essay as [`parse`] takes it: borrowed from the sources (copied once into a `SharedStr`
/// after the size checks), or already shared ([`load_dir`]).
enum Essay<'a> {
    Borrowed(&'a str),
    Shared(SharedStr),
}

impl Essay<'_> {
    fn len(&self) -> usize {
        match self {
            Essay::Borrowed(e) => e.len(),
            Essay::Shared(e) => e.len(),
        }
    }
}

fn parse(sources: &Sources, essay: Essay<'_>) -> Result<Prepared, LoadError> {
    let mut problems = Vec::new();
    let sizes = [
        (&sources.essay.name, essay.len(), MAX_ESSAY_BYTES),
        (&sources.entities.name, sources.entities.text.len(), MAX_ANNOTATION_BYTES),
        (&sources.relations.name, sources.relations.text.len(), MAX_ANNOTATION_BYTES),
        (&sources.background.name, sources.background.text.len(), MAX_ANNOTATION_BYTES),
        (&sources.coverage.name, sources.coverage.text.len(), MAX_ANNOTATION_BYTES),
    ];
    for (name, len, cap) in sizes {
        if len > cap {
            problems.push(Problem {
                file: name.clone(),
                line: None,
                subject: None,
                message: format!("larger than {cap} bytes, the most kg reads; split or shorten it"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    // A byte order mark is an encoding marker, not part of the essay or its title.
    let essay = match essay {
        Essay::Borrowed(e) => SharedStr::from(e.strip_prefix('\u{FEFF}').unwrap_or(e)),
        Essay::Shared(e) => match e.strip_prefix('\u{FEFF}') {
            Some(rest) => SharedStr::from(rest),
            None => e,
        },
    };
    let (pieces, text, essay_problems) =
        span("parse: pieces (all threads) | essay checked, folded", || parse_files(sources, essay));
    problems.extend(essay_problems);
    let parsed = span("parse: pieces joined", || pieces.finish(sources, &mut problems));
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    let lines = span("parse: record lines", || {
        [
            record_lines(
                &sources.entities.text,
                parsed.entities.iter().flat_map(|p| &p.entity).map(|e| e.span().start),
            ),
            record_lines(
                &sources.relations.text,
                parsed.relations.iter().flat_map(|p| &p.relation).map(|r| r.at as usize),
            ),
            record_lines(
                &sources.background.text,
                parsed.background.iter().flat_map(|p| &p.relation).map(|r| r.at as usize),
            ),
            record_lines(
                &sources.coverage.text,
                parsed.coverage.iter().flat_map(|p| &p.left_out).map(|l| l.span().start),
            ),
        ]
    });
    Ok(Prepared { text, parsed, lines, problems })
}

/// The second half of [`load`]: every check, then the dataset.
fn check(prepared: Prepared, files: &FileNames) -> Result<Dataset, LoadError> {
    check_with(prepared, files, |unfinished, text| span("finish (two threads)", || unfinished.finish(text)))
}

/// [`check`], with the finish done by `finish` (the tests compare the finish with the one
/// before round 17 there).
fn check_with(
    prepared: Prepared,
    files: &FileNames,
    finish: impl FnOnce(&mut Unfinished, &EssayText),
) -> Result<Dataset, LoadError> {
    let Prepared { text, parsed, lines, mut problems } = prepared;
    let [entity_lines, relation_lines, background_lines, coverage_lines] = lines;
    let Parsed { entities: entity_pieces, relations: relation_pieces, background: background_pieces, coverage } =
        parsed;
    let count = |pieces: &[RelationsFile]| pieces.iter().map(|p| p.relation.len()).sum::<usize>();
    let (stated_count, background_count) = (count(&relation_pieces), count(&background_pieces));
    let relation_count = stated_count + background_count;
    // The phases below that do not depend on each other run on two threads for large inputs
    // (on a machine with more than one core, [`both`]).
    let parallel = entity_lines.len() + relation_count >= PARALLEL_RECORDS;
    // Every quote, searched for once, then the declarations (on one thread); every label and
    // alias, searched for once (whether each alias occurs, and the mentions), then the names that
    // two entities claim (on the other); then those names' conflicts, by the declarations.
    // Round 22 moved the declarations to the names' side, and the name conflicts, which need
    // them, came with them; at a million relations that side became the longer by ~0.3 s (round
    // 25's measure: ~1.48 s of thread CPU against ~1.16 s). Since round 26 the names' side finds
    // the names claimed by more than one entity without the declarations ([`names_claimed_twice`],
    // by entity index), the declarations are made on the quotes' side, and only the few
    // candidates are resolved once both sides are done ([`name_conflicts_of`]).
    let ((quotes, declared), (names, claimed_twice)) = span("check 1 (two threads)", || {
        both(
            parallel,
            || {
                let quotes = span("check 1a: quotes searched", || {
                    QuoteIndex::new(&text, &entity_pieces, [&relation_pieces, &background_pieces])
                });
                let declared = span("check 1a: ids declared", || Declarations::of(&entity_pieces, &entity_lines));
                (quotes, declared)
            },
            || {
                let names = span("check 1b: names searched", || NameHits::new(&text, &entity_pieces));
                let claimed_twice =
                    span("check 1b: names claimed twice", || names_claimed_twice(&entity_pieces, &entity_lines));
                (names, claimed_twice)
            },
        )
    });
    let name_conflicts =
        span("check 1: name conflicts", || name_conflicts_of(claimed_twice, &declared, &files.entities));
    let Ok(quotes) = quotes else {
        return Err(LoadError::Invalid(vec![too_many(&files.essay, "the quotes")]));
    };
    let Ok(names) = names else {
        return Err(LoadError::Invalid(vec![too_many(&files.essay, "the labels and aliases")]));
    };
    // The entities and the background facts on one thread, the stated relations on the other:
    // relations need only the declared ids and types, which hold every declared entity whose
    // type is valid, even one with other problems, so that one mistake is reported once rather
    // than again at every reference. (Rounds 27 and 28 could check the last of the stated
    // relations on the entities' side, `split_stated`; since round 28, where the entities are made
    // in their places, the two sides take about as long and none were moved: round 29 removed
    // the split.) The problems and the relations are put together in file order: stated, then
    // background.
    let (
        (entities, (entity_order, places), entity_problems, (background, background_ends), background_problems),
        (mut relations, mut ends, relation_problems),
    ) = span("check 2 (two threads)", || {
        both(
            parallel,
            || {
                // The entities' order by id, found from the ids as declared, so that each
                // entity is made in its place (the finish's order of the relations is then found
                // from the ids' ranks). Where an entity is not kept there are problems, and no
                // finish.
                let (entity_order, places) = span("check 2a: entities' order", || {
                    let ids = entity_pieces.iter().flat_map(|piece| &piece.entity).map(|e| e.get_ref().id.as_str());
                    let order = IdOrder::of_ids(ids);
                    let places = order.places();
                    (order, places)
                });
                let (entities, entity_problems) = span("check 2a: entities", || {
                    let mut checker = Checker::new(&text, &quotes, quotes.bases[0], &files.entities);
                    let entities = check_entities(
                        &mut checker,
                        entity_pieces,
                        &entity_lines,
                        &declared,
                        &names.alias_occurs,
                        &places,
                    );
                    (entities, checker.problems)
                });
                // The background facts (appended to the other side's relations, which have room
                // for them).
                let (mut background, mut background_ends) =
                    (Vec::with_capacity(background_count), Vec::with_capacity(background_count));
                let background_problems = span("check 2a: background relations", || {
                    let mut checker = Checker::new(&text, &quotes, quotes.bases[2], &files.background);
                    check_relations(
                        &mut checker,
                        background_pieces,
                        &background_lines,
                        &declared,
                        true,
                        &mut background,
                        &mut background_ends,
                    );
                    checker.problems
                });
                (entities, (entity_order, places), entity_problems, (background, background_ends), background_problems)
            },
            || {
                span("check 2b: stated relations", || {
                    let mut checker = Checker::new(&text, &quotes, quotes.bases[1], &files.relations);
                    // Room for the relations the other side checks too, appended after.
                    let mut relations = Vec::with_capacity(stated_count + background_count);
                    let mut ends = Vec::with_capacity(stated_count + background_count);
                    check_relations(
                        &mut checker,
                        relation_pieces,
                        &relation_lines,
                        &declared,
                        false,
                        &mut relations,
                        &mut ends,
                    );
                    (relations, ends, checker.problems)
                })
            },
        )
    });
    relations.extend(background);
    ends.extend(background_ends);
    span("check: indexes freed", || {
        drop(declared);
        drop(quotes);
    });
    problems.extend(entity_problems);
    problems.extend(name_conflicts);
    problems.extend(relation_problems);
    problems.extend(background_problems);

    let no_quotes = QuoteIndex::default();
    let mut checker = Checker { problems, ..Checker::new(&text, &no_quotes, 0, &files.coverage) };
    let mut left_out = Vec::new();
    for (spanned, &line) in coverage.into_iter().flat_map(|piece| piece.left_out).zip(&coverage_lines) {
        let line = line as usize;
        let raw = spanned.into_inner();
        let who = format!("left_out \"{}\"", raw.phrase.escape_debug());
        checker.check_text(line, Who::Text(&who), "phrase", &raw.phrase, TextKind::Name);
        checker.check_text(line, Who::Text(&who), "reason", &raw.reason, TextKind::Free);
        if raw.reason.trim().is_empty() {
            checker.report(line, format!("left_out \"{}\"", raw.phrase), "give a reason for leaving it out");
        }
        if left_out.iter().any(|l: &LeftOut| l.phrase == raw.phrase) {
            checker.report(line, format!("left_out \"{}\"", raw.phrase), "listed twice");
        }
        left_out.push(LeftOut { phrase: raw.phrase, reason: raw.reason });
    }
    let problems = checker.problems;
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }

    // Without problems every entity was kept, in its id's place: the entity the names' search
    // and check 2 knew by its index in file order `i` is `entities[places[i]]`. The relations'
    // order is found from integer keys, their ends' ranks among the sorted entity ids, where
    // every entity was kept (true without problems: an entity's index is then its declaration's,
    // which check 2 gave each end) and the ranks order as the ids do ([`IdOrder::ranks`]); else
    // from their bases ([`RelationOrder`]).
    let ranks = if entities.len() == entity_lines.len() { entity_order.ranks() } else { None };
    let mut unfinished = Unfinished { entities, relations, matches: names.matches, places, ends, ranks, parallel };
    finish(&mut unfinished, &text);
    let Unfinished { entities, relations, .. } = unfinished;
    left_out.sort_by(|a, b| a.phrase.cmp(&b.phrase));

    // The essay as searched (without a byte order mark), not copied again.
    let essay = text.into_text();
    // Its first line with visible text: an essay may open with a blank line, and an empty title
    // would leave the HTML page, the pictures and the RDF dataset without one.
    let title = crate::text::title_line(&essay).map_or("", |t| t.text).to_string();
    Ok(Dataset { essay, title: title.into(), entities, relations, left_out })
}

/// What the finish of [`check`] starts from: the entities checked, in their ids' order, the
/// relations checked, in file order, and what check 1 and check 2 found for their order.
#[derive(Clone)]
struct Unfinished {
    entities: Vec<Entity>,
    relations: Vec<Relation>,
    /// Every occurrence of every label and alias ([`NameHits::matches`]), with the entity's index
    /// in file order.
    matches: Vec<(u32, u32, u32)>,
    /// Each entity's place in `entities` by its index in file order ([`IdOrder::places`]).
    places: Vec<usize>,
    /// Each relation's ends, as check 2 found them.
    ends: Vec<Ends>,
    /// Each entity's rank among the sorted ids, where they order the relations
    /// ([`IdOrder::ranks`]).
    ranks: Option<Vec<u32>>,
    parallel: bool,
}

impl Unfinished {
    /// Attaches the mentions, sorts the relations by id and gives them their ids (the entities
    /// are already in their order: [`check_entities`]). Where the relations' order is found
    /// from their ends' ranks ([`RankedOrder`], the rule without problems), it is found first
    /// (~0.08 s of thread CPU at a million relations), then the relations are moved into it on
    /// one thread while the other attaches the mentions and makes the relations' ids from the
    /// sorted entities' ids. (Before round 17, the mentions and entities' moves ran beside the
    /// order, then the relations' moves beside the ids: ~0.44 s then ~0.76 s at a million
    /// relations, the moves alone longer than anything beside them; `Unfinished::finish_in_steps`,
    /// kept for the tests.) Elsewhere the relations' order is found from their bases
    /// ([`RelationOrder`]) beside the mentions, then applied.
    fn finish(&mut self, text: &EssayText) {
        let Unfinished { entities, relations, matches, places, ends, ranks, parallel } = self;
        let (matches, places, ends) = (std::mem::take(matches), std::mem::take(places), std::mem::take(ends));
        let mentions = |entities: &mut Vec<Entity>| {
            crate::mentions::attach_mentions_placed(text, entities, matches, |i| places.get(i).copied().unwrap_or(i))
        };
        let ranked = span("finish: relations' order by their ends' ranks", || {
            ranks.take().and_then(|ranks| RankedOrder::of(&ends, &ranks))
        });
        drop(ends);
        let Some(order) = ranked else {
            let ((), order) = both(
                *parallel,
                || span("finish a: mentions", || mentions(entities)),
                || span("finish b: relations' order by their bases", || RelationOrder::of(relations)),
            );
            span("finish c: relations sorted, ids made", || match order {
                Some(order) => order.apply(relations, *parallel),
                None => assign_relation_ids_slowly(relations),
            });
            return;
        };
        let moves = order.from();
        let (made, ()) = both(
            *parallel,
            || {
                span("finish a: mentions, relation ids made", || {
                    span("finish a1: mentions", || mentions(entities));
                    // The entities are in the ids' order: the entity of rank r is entities[r].
                    span("finish a3: relation ids made", || {
                        let ids: Vec<&str> = entities.iter().map(|e| e.id.as_str()).collect();
                        order.ids(&ids)
                    })
                })
            },
            || span("finish b: relations sorted", || permute(relations, moves)),
        );
        span("finish: relation ids put in place", || {
            for (r, id) in relations.iter_mut().zip(made) {
                r.id = id;
            }
        });
    }

    /// [`Unfinished::finish`] as it was before round 17, on entities in file order as they were
    /// made before round 28: the entities put back into file order (by their places), then the
    /// mentions attached and the entities sorted by id beside the relations' order, then the
    /// relations' moves beside their ids.
    #[cfg(test)]
    fn finish_in_steps(&mut self, text: &EssayText) {
        let Unfinished { entities, relations, matches, places, ends, ranks, parallel } = self;
        let (matches, places, ends) = (std::mem::take(matches), std::mem::take(places), std::mem::take(ends));
        let ranks = ranks.take();
        let ((), order) = both(
            *parallel,
            || {
                // `places[i]` is where the entity of file index `i` is.
                permute(entities, places);
                crate::mentions::attach_mentions(text, entities, matches);
                sort_by_id(entities, |e| &e.id);
            },
            || match ranks.and_then(|ranks| RankedOrder::of(&ends, &ranks)) {
                Some(order) => Some(Order::Ranked(order)),
                None => RelationOrder::of(relations).map(Order::Bases),
            },
        );
        match order {
            Some(Order::Ranked(order)) => {
                order.apply(relations, || entities.iter().map(|e| e.id.as_str()).collect(), *parallel)
            }
            Some(Order::Bases(order)) => order.apply(relations, *parallel),
            None => assign_relation_ids_slowly(relations),
        }
    }
}

/// From how many records (entities and relations) on [`check`] runs independent phases on two
/// threads (below, a thread costs more than it saves; the built-in essay has about 600).
const PARALLEL_RECORDS: usize = 4_096;

/// From how many bytes of `relations.toml` [`load_dir`] reads the files on two threads.
const PARALLEL_READ_BYTES: u64 = 1 << 20;

/// How many threads can run at once ([`std::thread::available_parallelism`]; 1 when unknown).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Runs `a` on this thread and `b` on another when `parallel`, one after the other otherwise,
/// and returns both results; one after the other too on a machine with one core ([`cores`]).
/// (The operating system's failure to start a thread ends the
/// process, as a failed allocation does; a panic in `b` is resumed here.)
pub(crate) fn both<A, B: Send>(parallel: bool, a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    if !parallel || cores() == 1 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let handle = scope.spawn(b);
        let a = a();
        match handle.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// From how many bytes on [`huge_vec`] and [`huge_string`] ask for 2 MiB pages: twice a huge page,
/// so that at least one whole huge page lies inside the buffer wherever it starts.
const HUGE_PAGES_FROM: usize = 4 << 20;

/// An empty vector with room for `capacity` items whose memory the kernel is asked to back with
/// 2 MiB pages (transparent huge pages, `madvise(MADV_HUGEPAGE)` on Linux) when it is at least
/// [`HUGE_PAGES_FROM`] bytes: for the loader's large buffers that are read at random at a
/// million relations (the quotes' slots, the sort keys and the bases they compare, the quote
/// search's anchors), where 4 KiB pages cost a TLB miss and a page fault each. (Not for the
/// relations' and entities' own vectors: filled in order, their huge pages cost check 2 more
/// than they saved the moves; benches/analysis.md, round 14.) A hint
/// only: the vector is the same whatever the kernel does with it, and it is asked for before
/// anything is written, so the first touch of each huge page faults once instead of 512 times.
pub(crate) fn huge_vec<T>(capacity: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(capacity);
    advise_huge_pages(v.as_ptr() as usize, v.capacity().saturating_mul(std::mem::size_of::<T>()));
    v
}

/// [`huge_vec`] holding `len` copies of `value` (`vec![value; len]` with the advice).
pub(crate) fn huge_filled<T: Clone>(len: usize, value: T) -> Vec<T> {
    let mut v = huge_vec(len);
    v.resize(len, value);
    v
}

/// [`huge_vec`] for a string buffer.
pub(crate) fn huge_string(capacity: usize) -> String {
    let s = String::with_capacity(capacity);
    advise_huge_pages(s.as_ptr() as usize, s.capacity());
    s
}

/// The whole 4 KiB pages inside the `bytes` bytes from `addr`, as (start, length), when they are
/// at least [`HUGE_PAGES_FROM`] bytes long; `None` for a smaller buffer (or one that would wrap).
fn huge_page_span(addr: usize, bytes: usize) -> Option<(usize, usize)> {
    const PAGE: usize = 4096;
    let start = addr.checked_add(PAGE - 1)? & !(PAGE - 1);
    let end = addr.checked_add(bytes)? & !(PAGE - 1);
    (end > start && end - start >= HUGE_PAGES_FROM).then(|| (start, end - start))
}

/// Asks for 2 MiB pages over the whole pages of a buffer of ours ([`huge_vec`]); nothing
/// elsewhere than Linux, nor where the kernel's transparent huge pages are off (the call then
/// fails, and its failure is ignored: it changes nothing either way). Says whether the kernel
/// took the advice (for the tests).
fn advise_huge_pages(addr: usize, bytes: usize) -> bool {
    let Some((_start, _len)) = huge_page_span(addr, bytes) else { return false };
    #[cfg(target_os = "linux")]
    {
        // `madvise(2)`, declared here rather than through the `libc` crate because `build.rs`
        // compiles this file without it. 14 is `MADV_HUGEPAGE` on every Linux architecture.
        unsafe extern "C" {
            fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: std::ffi::c_int) -> std::ffi::c_int;
        }
        const MADV_HUGEPAGE: std::ffi::c_int = 14;
        // SAFETY: the range is whole pages inside an allocation the caller owns and has not shared;
        // MADV_HUGEPAGE changes only how the kernel backs those pages, never their contents, and
        // the call touches no memory of ours.
        unsafe { madvise(_start as *mut std::ffi::c_void, _len, MADV_HUGEPAGE) == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    false
}

fn too_many(essay: &str, what: &str) -> Problem {
    Problem {
        file: essay.to_string(),
        line: None,
        subject: None,
        message: format!(
            "{what} occur more than {MAX_OCCURRENCES} times in all in the essay; quotes must occur once, names a few times"
        ),
    }
}

/// Where a quote occurs, as [`QuoteIndex`] keeps it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Hits {
    /// Not searched for (a quote too long to search: `locate` reports it first).
    Unsearched,
    /// Nowhere.
    Absent,
    /// Once, at this byte offset (the common case, kept without an allocation).
    Once(u32),
    /// Several times: the index of the offsets in [`QuoteIndex::many`].
    Many(u32),
}

/// What [`QuoteIndex::get`] knows of a quote.
#[derive(Debug, PartialEq)]
enum Located<'a> {
    Once(usize),
    Listed(&'a [usize]),
    /// Not among the quotes searched for.
    Unknown,
}

/// The quotes of one entity, in the order [`check_entities`] locates them: its quote, its dates'
/// quotes, its numbers' quotes, its `mentions_in` passages. [`QuoteIndex::new`] numbers them in
/// this order, and check 2 counts each record's quotes with it.
fn entity_quotes(e: &RawEntity) -> impl Iterator<Item = &str> {
    std::iter::once(e.quote.as_str())
        .chain([&e.date, &e.start, &e.end].into_iter().flatten().map(|d| d.quote.as_str()))
        .chain(e.numbers.iter().map(|n| n.quote.as_str()))
        .chain(e.mentions_in.iter().map(|m| m.passage.as_str()))
}

/// The quotes of one relation, in the order [`check_relation`] may locate them: its `quote`,
/// then its `context` (a stated relation locates only the first, a background fact the second).
fn relation_quotes<'a>(file: &'a RelationsFile, r: &'a RawRelation) -> impl Iterator<Item = &'a str> {
    [RawRelation::QUOTE, RawRelation::CONTEXT].into_iter().filter_map(move |f| file.get(r, f))
}

/// One quote of the annotations, as check 2 meets it: where its text lies in memory (which tells
/// it from any other string alive while the files are checked) and where it occurs in the essay.
#[derive(Clone, Copy)]
struct Slot {
    addr: usize,
    len: usize,
    hits: Hits,
}

/// Every quote of the annotations, numbered in the order check 2 reads them (entities, stated
/// relations, background facts: [`entity_quotes`], [`relation_quotes`]), with where it occurs in
/// the essay, found in one pass over the essay for all the distinct quotes. Check 2 reads its
/// record's few slots in order and knows its quote by its address ([`QuoteIndex::get`]): no
/// hash table is built or probed. (Before, a table keyed by the quotes' 64-bit hashes, ~38 MB at
/// a million relations, was filled in check 1 and probed again by check 2: ~0.5 s of random
/// reads and writes on each side.) Repeated quotes are found by sorting the quotes' hashes and
/// comparing the texts of equal hashes, so each distinct quote is searched for once, in order of
/// its first use, as before.
#[derive(Default)]
struct QuoteIndex {
    /// Every quote, in check 2's order.
    slots: Vec<Slot>,
    /// The byte offsets of quotes that occur more than once.
    many: Vec<Vec<usize>>,
    /// Where the entities', the stated relations' and the background facts' quotes start in
    /// `slots`.
    bases: [usize; 3],
}

impl QuoteIndex {
    fn new(
        text: &EssayText,
        entities: &[EntitiesFile],
        relations: [&[RelationsFile]; 2],
    ) -> Result<QuoteIndex, crate::text::TooManyMatches> {
        QuoteIndex::with_budget(text, entities, relations, MAX_OCCURRENCES)
    }

    /// [`QuoteIndex::new`], with at most `budget` occurrences of the distinct quotes in all.
    fn with_budget<'a>(
        text: &EssayText,
        entities: &'a [EntitiesFile],
        relations: [&'a [RelationsFile]; 2],
        budget: usize,
    ) -> Result<QuoteIndex, crate::text::TooManyMatches> {
        // Sized up front (about a quote per relation and one or two per entity).
        let expected = relations.iter().flat_map(|r| r.iter()).map(|f| f.relation.len()).sum::<usize>()
            + 2 * entities.iter().map(|f| f.entity.len()).sum::<usize>();
        let mut quotes: Vec<&str> = huge_vec(expected);
        quotes.extend(entities.iter().flat_map(|f| &f.entity).flat_map(|e| entity_quotes(e.get_ref())));
        let mut bases = [0; 3];
        for (k, files) in relations.into_iter().enumerate() {
            bases[k + 1] = quotes.len();
            for file in files {
                file.relation.iter().for_each(|r| quotes.extend(relation_quotes(file, r)));
            }
        }
        let (needles, distinct) = span("check 1a: distinct quotes", || distinct_quotes(&quotes));
        let found = text.find_exact_many_flat(&needles, budget)?;
        drop(needles);
        // The quotes found more than once (rare: each is a problem to report), with their starts.
        let mut many: Vec<Vec<usize>> = Vec::new();
        let mut many_of: HashMap<u32, u32> = HashMap::default();
        for &(i, start) in found.more() {
            let at = *many_of.entry(i).or_insert_with(|| {
                many.push(found.first(i as usize).into_iter().collect());
                many.len() as u32 - 1
            });
            many[at as usize].push(start);
        }
        let hits_of = |i: u32| {
            if i == UNSEARCHED {
                return Hits::Unsearched;
            }
            match (found.first(i as usize), many_of.get(&i)) {
                (None, _) => Hits::Absent,
                (Some(start), None) => Hits::Once(start as u32),
                (Some(_), Some(&at)) => Hits::Many(at),
            }
        };
        let mut slots = huge_vec(quotes.len());
        slots.extend(quotes.iter().zip(distinct).map(|(q, i)| Slot {
            addr: q.as_ptr() as usize,
            len: q.len(),
            hits: hits_of(i),
        }));
        Ok(QuoteIndex { slots, many, bases })
    }

    /// Where `quote`, one of the quotes of `record` (a range of slots), occurs: the slot whose
    /// text lies where `quote` lies (the same string, not only the same text), or
    /// [`Located::Unknown`] for any other string.
    fn get(&self, record: std::ops::Range<usize>, quote: &str) -> Located<'_> {
        let at = (quote.as_ptr() as usize, quote.len());
        let slot = self.slots.get(record).unwrap_or_default().iter().find(|s| (s.addr, s.len) == at);
        match slot.map(|s| s.hits) {
            None | Some(Hits::Unsearched) => Located::Unknown,
            Some(Hits::Absent) => Located::Listed(&[]),
            Some(Hits::Once(start)) => Located::Once(start as usize),
            Some(Hits::Many(i)) => Located::Listed(&self.many[i as usize]),
        }
    }
}

/// [`distinct_quotes`]' mark of a quote that is not searched for.
const UNSEARCHED: u32 = u32::MAX;

/// The distinct quotes among `quotes` to search for, in order of first use, and for each quote
/// its index among them ([`UNSEARCHED`] for a quote too long to search: `locate` reports it
/// without a search). Repeats are found by [`first_uses`].
fn distinct_quotes<'a>(quotes: &[&'a str]) -> (Vec<&'a str>, Vec<u32>) {
    // Too long quotes are reported by `locate` without a search (bytes bound characters).
    let searched = |q: &str| q.len() <= MAX_QUOTE_CHARS || q.chars().count() <= MAX_QUOTE_CHARS;
    let mut first = first_uses(quotes, searched);
    // Numbered in order of first use (a first use's number is made before its repeats').
    let mut needles = Vec::new();
    for i in 0..first.len() {
        let f = first[i];
        first[i] = if f == UNSEARCHED {
            UNSEARCHED
        } else if f as usize == i {
            needles.push(quotes[i]);
            needles.len() as u32 - 1
        } else {
            first[f as usize]
        };
    }
    (needles, first)
}

/// For each of `texts`, the index of the first of them with its text (its own index for a first
/// use), or [`UNSEARCHED`] where `kept` refuses it. Repeats are found by sorting (hash, index)
/// pairs, side by side in memory, and comparing the texts of equal hashes: exact, whatever the
/// hashes (no hash table is probed at random). Used for the quotes ([`distinct_quotes`]) and the
/// name keys ([`names_claimed_twice`]).
///
/// The pairs are sorted in two steps (since round 26): placed by their hash's top bits into
/// buckets of about eight (a counting sort: two passes in order and one write per pair), then
/// each bucket sorted alone, in the cache; the order is the full sort's, as equal top bits
/// make one bucket and the buckets follow each other in hash order (`sort_unstable` of all
/// the pairs took most of the ~0.26 s of the quotes' and ~0.2 s of the names' at a million
/// relations).
fn first_uses(texts: &[&str], kept: impl Fn(&str) -> bool) -> Vec<u32> {
    let hasher = foldhash::fast::RandomState::default();
    // first[i]: the first text equal to text i (i itself for a first use).
    let mut first = huge_filled(texts.len(), UNSEARCHED);
    // Each text's hash (0 where not kept) and how many are kept.
    let mut hashes: Vec<u64> = huge_vec(texts.len());
    let mut count = 0;
    for (i, t) in texts.iter().enumerate() {
        if kept(t) {
            first[i] = i as u32;
            hashes.push(std::hash::BuildHasher::hash_one(&hasher, t));
            count += 1;
        } else {
            hashes.push(0);
        }
    }
    let keys = sorted_by_hash(&hashes, &first, count);
    drop(hashes);
    // Within a run of equal hashes (by index), each text is a repeat of the first earlier one
    // with its text, if any.
    let mut run = 0;
    for k in 1..keys.len() {
        if keys[k].0 != keys[k - 1].0 {
            run = k;
            continue;
        }
        let i = keys[k].1;
        let earlier = keys[run..k]
            .iter()
            .map(|&(_, j)| j)
            .find(|&j| first[j as usize] == j && texts[j as usize] == texts[i as usize]);
        if let Some(j) = earlier {
            first[i as usize] = j;
        }
    }
    first
}

/// The (hash, index) pairs of the `count` texts that `first` keeps (not [`UNSEARCHED`]), sorted
/// as `sort_unstable` sorts them, by buckets of the hashes' top bits ([`first_uses`]).
fn sorted_by_hash(hashes: &[u64], first: &[u32], count: usize) -> Vec<(u64, u32)> {
    // About eight pairs a bucket, at most 2^24 buckets.
    let bits = (usize::BITS - count.leading_zeros()).saturating_sub(3).min(24);
    let bucket = |h: u64| if bits == 0 { 0 } else { (h >> (64 - bits)) as usize };
    let kept = || hashes.iter().zip(first).enumerate().filter(|(_, (_, &f))| f != UNSEARCHED);
    // Where each bucket starts, then (as the pairs are placed) where its next pair goes.
    let mut next = vec![0u32; (1 << bits) + 1];
    for (_, (&h, _)) in kept() {
        next[bucket(h) + 1] += 1;
    }
    for b in 1..next.len() {
        next[b] += next[b - 1];
    }
    let starts = next.clone();
    let mut keys: Vec<(u64, u32)> = huge_filled(count, (0, 0));
    for (i, (&h, _)) in kept() {
        let at = &mut next[bucket(h)];
        keys[*at as usize] = (h, i as u32);
        *at += 1;
    }
    for b in 0..starts.len() - 1 {
        keys[starts[b] as usize..starts[b + 1] as usize].sort_unstable();
    }
    keys
}

/// The labels and aliases of every entity ([`Entity::names`]), searched for once.
struct NameHits {
    /// Whether each alias occurs, in file order of the entities and their aliases.
    alias_occurs: Vec<bool>,
    /// Every occurrence of every label and alias: (start, end, index of its entity in file order).
    matches: Vec<(u32, u32, u32)>,
}

impl NameHits {
    fn new(text: &EssayText, entities: &[EntitiesFile]) -> Result<NameHits, crate::text::TooManyMatches> {
        // (entity index, is an alias, name)
        let mut names: Vec<&str> = Vec::new();
        let mut owners: Vec<(u32, bool)> = Vec::new();
        for (i, e) in entities.iter().flat_map(|f| &f.entity).enumerate() {
            let e = e.get_ref();
            names.push(&e.label);
            owners.push((i as u32, false));
            names.extend(e.aliases.iter().map(SharedStr::as_str));
            owners.extend(e.aliases.iter().map(|_| (i as u32, true)));
        }
        if let Some(mut matches) = text.find_names_flat(&names, MAX_OCCURRENCES)? {
            // Whether each name occurs; each match's name made its entity's index.
            let mut occurs = vec![false; names.len()];
            for m in &mut matches {
                occurs[m.2 as usize] = true;
                m.2 = owners[m.2 as usize].0;
            }
            let alias_occurs =
                owners.iter().zip(occurs).filter(|((_, alias), _)| *alias).map(|(_, occurs)| occurs).collect();
            return Ok(NameHits { alias_occurs, matches });
        }
        let found = text.find_names(&names, MAX_OCCURRENCES)?;
        drop(names);
        let mut hits = NameHits { alias_occurs: Vec::new(), matches: Vec::new() };
        for ((entity, alias), occurrences) in owners.into_iter().zip(found) {
            if alias {
                hits.alias_occurs.push(!occurrences.is_empty());
            }
            hits.matches.extend(occurrences.into_iter().map(|(s, e)| (s as u32, e as u32, entity)));
        }
        Ok(hits)
    }
}

/// Checks the entities of `pieces` and makes each one kept in its place among them, `places[i]`
/// for the entity of index `i` in file order (its id's rank: [`IdOrder::places`]), so that the
/// finish need not move them (~0.13 s of thread CPU at a million relations, ~450,000 entities
/// moved at random, when they were made in file order). The checks and their problems go in
/// file order, as before. An entity not kept leaves its place empty; the others close up.
fn check_entities(
    checker: &mut Checker,
    pieces: Vec<EntitiesFile>,
    lines: &[u32],
    declared: &Declarations,
    alias_occurs: &[bool],
    places: &[usize],
) -> Vec<Entity> {
    let n = pieces.iter().map(|p| p.entity.len()).sum();
    // Not [`huge_vec`]: the places are all written now, in order, and a huge page is cleared
    // whole at its first write (2 MB out of the cache before its places are written), a 4 KB
    // page just before its places are (check 2a's entities ~+0.4 s against ~+0.04 s at a
    // million relations, round 28).
    let mut slots: Vec<Option<Entity>> = Vec::with_capacity(n);
    slots.resize_with(n, || None);
    let (mut kept, mut touched) = (0, 0);
    // Every place filled, the entities are taken out where they lie (`map_while` is collected in
    // place; `flatten` is not: a second copy, ~0.4 s at a million relations); else there are
    // problems (no finish), and the entities kept close up.
    let entities = |slots: Vec<Option<Entity>>, kept: usize, touched: usize| -> Vec<Entity> {
        std::hint::black_box(touched);
        match kept == slots.len() {
            true => slots.into_iter().map_while(|entity| entity).collect(),
            false => slots.into_iter().flatten().collect(),
        }
    };

    // Whether each alias occurs, in order (`NameHits`).
    let mut alias_occurs = alias_occurs.iter();
    let mut lines = lines.iter();
    let mut next_index = 0;
    // The declared ids of the next entities, looked up ahead in a loop of their own, as the
    // relations' ends are ([`check_relations`]): one entity's lookup at a time, amid its checks,
    // was ~20% of this side's samples at a million relations, most of them waiting on memory.
    let mut ids: Vec<Option<Id>> = Vec::with_capacity(KEPT_CHUNK);
    for piece in pieces {
        let mut raws = piece.entity.into_iter();
        while !raws.as_slice().is_empty() {
            let ahead = &raws.as_slice()[..raws.len().min(KEPT_CHUNK)];
            ids.extend(ahead.iter().map(|spanned| declared.id(&spanned.get_ref().id)));
            // And the places they go to, read ahead the same way: an entity put in its place
            // first drops what the place holds, a read at random (its gain was not measured
            // apart from the places' other costs).
            let going = places.get(next_index..next_index + ahead.len()).unwrap_or_default();
            touched += going.iter().filter(|&&place| slots.get(place).is_some_and(Option::is_some)).count();
            for (declared_id, spanned) in ids.drain(..).zip(raws.by_ref()) {
                let Some(&line) = lines.next() else { return entities(slots, kept, touched) };
                let raw = spanned.into_inner();
                let entity =
                    check_entity(checker, raw, line as usize, next_index, declared_id, declared, &mut alias_occurs);
                if let Some(slot) = places.get(next_index).and_then(|&place| slots.get_mut(place)) {
                    kept += usize::from(entity.is_some());
                    *slot = entity;
                }
                next_index += 1;
            }
        }
    }
    entities(slots, kept, touched)
}

/// One entity of [`check_entities`], checked: its problems reported to `checker`, and the entity
/// when its type and quote are valid. `index` is its place among all the entities, `declared_id`
/// its id as [`Declarations`] holds it, `alias_occurs` whether each alias occurs (its aliases'
/// share is read from it).
fn check_entity(
    checker: &mut Checker,
    raw: RawEntity,
    line: usize,
    index: usize,
    declared_id: Option<Id>,
    declared: &Declarations,
    alias_occurs: &mut std::slice::Iter<'_, bool>,
) -> Option<Entity> {
    checker.record(entity_quotes(&raw).count());
    let who = Who::Entity(&raw.id);
    checker.check_text(line, who, "label", &raw.label, TextKind::Name);
    for name in raw.aliases.iter().chain(&raw.background_aliases).chain(&raw.shared_aliases) {
        checker.check_text(line, who, "alias", name, TextKind::Name);
    }
    checker.check_text(line, who, "quote", &raw.quote, TextKind::Free);
    if let Some(note) = &raw.note {
        checker.check_text(line, who, "note", note, TextKind::Free);
    }
    let mut properties = std::collections::HashSet::new();
    for n in &raw.numbers {
        if !is_valid_id(&n.property) {
            checker.report(
                line,
                who.name(),
                format!(
                    "number property `{}` must be lower snake_case ASCII (letters, digits, _), starting with a letter",
                    n.property.escape_debug()
                ),
            );
        } else if !properties.insert(n.property.as_str()) {
            checker.report(line, who.name(), format!("number property `{}` given twice", n.property));
        }
        if let Some(unit) = &n.unit {
            checker.check_text(line, who, "unit", unit, TextKind::Name);
        }
    }
    if !is_valid_id(&raw.id) {
        checker.report(
            line,
            who.name(),
            "id must be lower snake_case ASCII (letters, digits, _), starting with a letter",
        );
    }
    let parsed_type = raw.entity_type.parse::<EntityType>();
    // The index of the first entity with this id, and the line of the one before it.
    if let Some(before) = declared.repeated.get(&(index as u32)) {
        checker.report(line, who.name(), format!("duplicate id: already defined at line {before}; ids must be unique"));
    }
    let entity_type = match parsed_type {
        Ok(t) => Some(t),
        Err(e) => {
            checker.report(line, who.name(), e);
            None
        }
    };
    if let Some(q) = &raw.wikidata {
        let ok = q.strip_prefix('Q').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            checker.report(line, who.name(), format!("wikidata id `{q}` is not of the form Q123"));
        }
    }
    if raw.label.trim().is_empty() {
        checker.report(line, who.name(), "empty label");
    }
    for alias in &raw.aliases {
        if alias_occurs.next() != Some(&true) {
            checker.report(
                line,
                who.name(),
                format!("alias \"{alias}\" does not occur in the essay; move it to background_aliases"),
            );
        }
    }
    let evidence = checker.locate(&raw.quote, line, who);
    let dated = |d: Option<RawDated>, checker: &mut Checker| {
        d.and_then(|d| {
            let value = checker.date(&d.value, line, who);
            let evidence = checker.locate(&d.quote, line, who);
            Some(Dated { value: value?, evidence: evidence? })
        })
    };
    let date = dated(raw.date, checker);
    let start = dated(raw.start, checker);
    let end = dated(raw.end, checker);
    let numbers: Vec<Quantity> = raw
        .numbers
        .into_iter()
        .filter_map(|n| {
            let evidence = checker.locate(&n.quote, line, who)?;
            Some(Quantity { property: n.property, value: n.value, unit: n.unit, evidence })
        })
        .collect();
    let attributed_mentions = attributed_mentions(checker, &raw.mentions_in, line, who);
    let (Some(entity_type), Some(evidence)) = (entity_type, evidence) else { return None };
    Some(Entity {
        // The declared id, which the relations that name the entity share.
        id: declared_id.unwrap_or_else(|| Id::from(raw.id)),
        entity_type,
        label: raw.label,
        aliases: raw.aliases,
        background_aliases: raw.background_aliases,
        shared_aliases: raw.shared_aliases,
        wikidata: raw.wikidata,
        evidence,
        note: raw.note,
        date,
        start,
        end,
        numbers,
        mentions: Vec::new(),
        attributed_mentions,
    })
}

/// The names (by [`crate::names::name_key`]) that two entities claim without both listing them under
/// `shared_aliases`, reported as problems of the entities file, sorted by name: the two halves
/// [`check`] runs apart, [`names_claimed_twice`] (without the declarations) and
/// [`name_conflicts_of`] (with them), one after the other.
#[cfg(test)]
fn name_conflicts(pieces: &[EntitiesFile], lines: &[u32], declared: &Declarations, file: &str) -> Vec<Problem> {
    name_conflicts_of(names_claimed_twice(pieces, lines), declared, file)
}

/// The name keys (by [`crate::names::name_key`]) claimed by more than one entity of the
/// entities file (by entity index in file order, so without the declarations: an entity whose id
/// repeats an earlier one's is another entity here), each with its claims in claim order, the
/// entity's index as a claim's first field. A superset of the conflicting names
/// ([`name_conflicts_of`] keeps those whose claims' owners differ): rare, as few as the names
/// two entries of the file claim.
///
/// Every name's key is written into one buffer, in the order the names are claimed (each
/// entity's label, aliases and background aliases, then its shared aliases), and the repeated
/// keys are found by sorting their hashes ([`first_uses`]): no `String` per name and no hash table
/// read at random (before, a `String` per key and a hash map of ~1 M 56-byte entries probed at
/// random, ~0.58 s of thread CPU at a million relations; `name_conflict_tests::name_conflicts_by_hash`,
/// kept as the reference). Only the keys claimed by more than one entity are then gathered.
fn names_claimed_twice(pieces: &[EntitiesFile], lines: &[u32]) -> Vec<(String, Vec<Claim>)> {
    let raws = || pieces.iter().flat_map(|piece| &piece.entity).map(|spanned| spanned.get_ref());
    let (mut count, mut bytes) = (0, 0);
    for raw in raws() {
        for name in claimed_names(raw) {
            count += 1;
            bytes += name.len();
        }
    }
    // Every claim's key (as `ends`, where each ends in `keys`) and its claim, in claim order.
    let mut keys = huge_string(bytes);
    let mut ends: Vec<usize> = huge_vec(count);
    let mut claims: Vec<Claim> = huge_vec(count);
    for (index, (raw, &line)) in raws().zip(lines).enumerate() {
        let (from, from_byte) = (claims.len(), keys.len());
        for name in claimed_names(raw) {
            push_name_key(name, &mut keys);
            ends.push(keys.len());
            claims.push((index as u32, line, false));
        }
        // A name is shared when its key is one of the entity's shared aliases' keys (its last
        // claims); those are shared themselves.
        let shared_from = claims.len() - raw.shared_aliases.len();
        if shared_from < claims.len() {
            let key = |i: usize| &keys[if i == from { from_byte } else { ends[i - 1] }..ends[i]];
            for i in from..claims.len() {
                claims[i].2 = i >= shared_from || (shared_from..claims.len()).any(|j| key(j) == key(i));
            }
        }
    }
    let texts: Vec<&str> = (0..ends.len()).map(|i| &keys[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]).collect();
    drop(ends);
    let first = first_uses(&texts, |_| true);
    // The keys claimed by more than one entity (rare), numbered; then their claims, in order.
    let mut twice: HashMap<u32, usize> = HashMap::default();
    for (i, &f) in first.iter().enumerate() {
        if f as usize != i && claims[i].0 != claims[f as usize].0 && !twice.contains_key(&f) {
            twice.insert(f, twice.len());
        }
    }
    let mut found: Vec<(String, Vec<Claim>)> = Vec::with_capacity(twice.len());
    if !twice.is_empty() {
        found.resize(twice.len(), (String::new(), Vec::new()));
        for (i, &f) in first.iter().enumerate() {
            if let Some(&at) = twice.get(&f) {
                if found[at].1.is_empty() {
                    found[at].0 = texts[f as usize].to_string();
                }
                found[at].1.push(claims[i]);
            }
        }
    }
    // A name all of whose claims are shared is no conflict ([`report_name_conflicts`]): dropped
    // here, so that a file whose only repeated names are shared aliases (the generated corpora's
    // ~4,000 at a million relations) leaves none to resolve and no id table to build after.
    found.retain(|(_, claims)| !claims.iter().all(|&(_, _, shared)| shared));
    found
}

/// The problems of the names of [`names_claimed_twice`] (`claimed`) whose claims name more than
/// one owner (the index of the first entity with the claimant's id, by `declared`): the same
/// problems, in the same order, as one pass with the owners known (before round 26).
fn name_conflicts_of(claimed: Vec<(String, Vec<Claim>)>, declared: &Declarations, file: &str) -> Vec<Problem> {
    let owner = |index: u32| declared.first.get(index as usize).copied().unwrap_or(index);
    // A key's first claim is its first use, whose owner the others' are compared with.
    let mut conflicts: Vec<(&str, Vec<Claim>)> = claimed
        .iter()
        .filter_map(|(key, claims)| {
            let claims: Vec<Claim> = claims.iter().map(|&(index, line, shared)| (owner(index), line, shared)).collect();
            let first = claims.first()?.0;
            claims.iter().any(|c| c.0 != first).then_some((key.as_str(), claims))
        })
        .collect();
    conflicts.sort_by(|a, b| a.0.cmp(b.0));
    report_name_conflicts(conflicts, declared, file)
}

/// The names an entity claims, in the order [`names_claimed_twice`] claims them: its label, aliases
/// and background aliases, then its shared aliases.
fn claimed_names(raw: &RawEntity) -> impl Iterator<Item = &str> {
    std::iter::once(&raw.label)
        .chain(&raw.aliases)
        .chain(&raw.background_aliases)
        .chain(&raw.shared_aliases)
        .map(|name| name.as_str())
}

/// The problems of the names that more than one entity claims (`conflicts`, sorted by key, each
/// with its claims in order): a name claimed by two ids or more, not all as shared aliases.
fn report_name_conflicts(conflicts: Vec<(&str, Vec<Claim>)>, declared: &Declarations, file: &str) -> Vec<Problem> {
    // The id of each entity index that owns a conflicting name (found only when there is one).
    let id_of: HashMap<u32, &str> = if conflicts.is_empty() {
        HashMap::default()
    } else {
        declared.ids.iter().map(|(id, d)| (d.first, id.as_str())).collect()
    };
    let mut problems = Vec::new();
    for (key, owners) in conflicts {
        let mut ids: Vec<&str> = owners.iter().filter_map(|(owner, _, _)| id_of.get(owner).copied()).collect();
        ids.sort();
        ids.dedup();
        if ids.len() > 1 && !owners.iter().all(|(_, _, shared)| *shared) {
            let (_, line, _) = owners.iter().find(|(_, _, shared)| !shared).unwrap_or(&owners[0]);
            problems.push(Problem {
                file: file.to_string(),
                line: Some(*line as usize),
                subject: Some(format!("name \"{key}\"")),
                message: format!(
                    "the name is claimed by {}; list it under shared_aliases of each if it really names all of them",
                    ids.join(" and ")
                ),
            });
        }
    }
    problems
}

/// The entity ids as declared, found before the entities and relations are checked (on two
/// threads: relations need only these).
struct Declarations {
    /// Each declared entity id: the index of its first declaration and its type, if valid (the
    /// type of its last declaration with a valid one).
    /// The ids are the entities' own ([`Entity::id`]), which the relations share.
    ids: HashMap<Id, Declared>,
    /// For each entity in file order, the index of the first entity with its id.
    first: Vec<u32>,
    /// For each entity whose id was declared before: the line of the declaration before it.
    repeated: HashMap<u32, u32>,
}

struct Declared {
    first: u32,
    entity_type: Option<EntityType>,
}

impl Declarations {
    fn of(pieces: &[EntitiesFile], lines: &[u32]) -> Declarations {
        let n = pieces.iter().map(|p| p.entity.len()).sum();
        let mut ids: HashMap<Id, Declared> = HashMap::with_capacity_and_hasher(n, Default::default());
        let mut first = Vec::with_capacity(n);
        let mut repeated = HashMap::default();
        // The line of each id's last declaration, only while a repeat is possible to report.
        let mut last_line: HashMap<u32, u32> = HashMap::default();
        for (index, (spanned, &line)) in pieces.iter().flat_map(|piece| &piece.entity).zip(lines).enumerate() {
            let raw = spanned.get_ref();
            let entity_type = raw.entity_type.parse::<EntityType>().ok();
            match ids.get_mut(raw.id.as_str()) {
                Some(d) => {
                    let at =
                        last_line.entry(d.first).or_insert_with(|| lines.get(d.first as usize).copied().unwrap_or(0));
                    repeated.insert(index as u32, std::mem::replace(at, line));
                    if entity_type.is_some() {
                        d.entity_type = entity_type;
                    }
                    first.push(d.first);
                }
                None => {
                    ids.insert(Id::from(raw.id.as_str()), Declared { first: index as u32, entity_type });
                    first.push(index as u32);
                }
            }
        }
        Declarations { ids, first, repeated }
    }

    /// The declared id equal to `id`, shared.
    fn id(&self, id: &str) -> Option<Id> {
        self.ids.get_key_value(id).map(|(id, _)| id.clone())
    }
}

/// A claim on a name: (entity index, line, shared?); the entity is the claimant's own index in
/// [`names_claimed_twice`], the first with its id's after ([`name_conflicts_of`]).
type Claim = (u32, u32, bool);

/// The occurrences of each `mentions_in` name inside its passage (which must occur once, and
/// contain the name).
fn attributed_mentions(checker: &mut Checker, raws: &[RawMentionIn], line: usize, who: Who) -> Vec<Evidence> {
    let mut out = Vec::new();
    for raw in raws {
        let Some(passage) = checker.locate(&raw.passage, line, who) else { continue };
        let inside = checker.text.find_name_within(&raw.name, passage.start, passage.end);
        if inside.is_empty() {
            checker.report(
                line,
                who.name(),
                format!("mentions_in: the name \"{}\" does not occur in the passage \"{}\"", raw.name, raw.passage),
            );
        }
        for (start, end) in inside {
            out.push(checker.text.evidence(start, end));
        }
    }
    out
}

/// Checks the relations of `pieces` and appends those made to `out`, and to `ends` each one's
/// [`Ends`] (its subject and object as the index of their first declaration, and its kind).
fn check_relations(
    checker: &mut Checker,
    pieces: Vec<RelationsFile>,
    lines: &[u32],
    types: &Declarations,
    background: bool,
    out: &mut Vec<Relation>,
    ends: &mut Vec<Ends>,
) {
    let mut lines = lines.iter();
    let mut found = Vec::with_capacity(KEPT_CHUNK);
    for piece in pieces {
        let piece = &piece;
        for chunk in piece.relation.chunks(KEPT_CHUNK) {
            let kept = kept_strings(piece, chunk);
            let mut reader = kept.reader();
            // The chunk's ends and qualifiers looked up in a loop of their own, before any is
            // checked: at a million relations each lookup is two or three misses to memory in a
            // table of ~430,000 ids, and lookups one after another, with nothing between them
            // that waits on them, keep several in flight (one relation's at a time, amid its
            // checks, they were ~20% of the stated relations' thread).
            found.clear();
            found.extend(chunk.iter().map(|raw| declared_ends(piece, raw, types)));
            for (raw, &found) in chunk.iter().zip(&found) {
                let Some(&line) = lines.next() else { return };
                checker.record(relation_quotes(piece, raw).count());
                let strings = KEPT_FIELDS.map(|f| piece.get(raw, f).map(|s| reader.next(s)));
                let relation = check_relation(checker, piece, raw, line as usize, background, strings, found, ends);
                out.extend(relation);
            }
        }
        // The piece's strings are freed here, as soon as its relations are made.
    }
}

/// How many relations' [`KEPT_FIELDS`] share one buffer ([`kept_strings`]). One buffer per piece
/// (~7,000 relations) copied all of a piece's strings before its first relation was made, while
/// the piece and the other side's inputs were still held: that raised the loader's peak by ~50
/// bytes per relation at 12,000 relations (tests/load_work.rs). A buffer per 256 relations holds
/// a few kilobytes ahead and still allocates once per 256 relations, not up to three times per
/// relation.
const KEPT_CHUNK: usize = 256;

/// The fields of a relation that it keeps as strings of its own: its role, note and basis (in this
/// order), read from one buffer per piece ([`kept_strings`]).
const KEPT_FIELDS: [usize; 3] = [RawRelation::ROLE, RawRelation::NOTE, RawRelation::BASIS];

/// The [`KEPT_FIELDS`] of `relations` (a [`KEPT_CHUNK`] of `piece`'s), copied side by side into
/// one shared buffer (one allocation per chunk instead of up to three per relation: at a million
/// relations those allocations took about 30% of the stated relations' thread in glibc's
/// `malloc`), to be read back in the same order ([`SharedText::reader`]).
fn kept_strings(piece: &RelationsFile, relations: &[RawRelation]) -> SharedText {
    let kept = |raw| KEPT_FIELDS.into_iter().filter_map(move |f| piece.get(raw, f));
    let bytes = relations.iter().flat_map(kept).map(str::len).sum();
    let mut buffer = SharedTextBuilder::with_capacity(bytes);
    for s in relations.iter().flat_map(kept) {
        buffer.push(s);
    }
    buffer.finish()
}

/// A declared id as the relations find it: the shared id and its declaration, or `None` for an
/// id no entity declares.
type Found<'a> = Option<(&'a Id, &'a Declared)>;

/// A relation's subject, object, `under` and `place` (in this order) looked up among the
/// declared ids (`None` for a qualifier it does not give; a missing end is looked up as the
/// empty id, as [`check_relation`] names it).
fn declared_ends<'a>(piece: &RelationsFile, raw: &RawRelation, types: &'a Declarations) -> [Found<'a>; 4] {
    let end = |f: usize| types.ids.get_key_value(piece.get(raw, f).unwrap_or_default());
    let qualifier = |f: usize| piece.get(raw, f).and_then(|id| types.ids.get_key_value(id));
    [end(RawRelation::SUBJECT), end(RawRelation::OBJECT), qualifier(RawRelation::UNDER), qualifier(RawRelation::PLACE)]
}

/// Checks one relation and makes it, with `kept` its [`KEPT_FIELDS`] (already shared: the other
/// strings are shared ids or spans of the essay) and `found` its ends and qualifiers looked up
/// ([`declared_ends`]); a relation made has its [`Ends`] pushed to `ends_out`.
#[allow(clippy::too_many_arguments)]
fn check_relation(
    checker: &mut Checker,
    piece: &RelationsFile,
    raw: &RawRelation,
    line: usize,
    background: bool,
    kept: [Option<SharedStr>; 3],
    found: [Found<'_>; 4],
    ends_out: &mut Vec<Ends>,
) -> Option<Relation> {
    let [role, note, kept_basis] = kept;
    let field = |f: usize| piece.get(raw, f);
    let (subject, object) =
        (field(RawRelation::SUBJECT).unwrap_or_default(), field(RawRelation::OBJECT).unwrap_or_default());
    let who = Who::Relation(subject, piece.kind_name(raw), object);
    for (name, f, kind) in [
        ("role", RawRelation::ROLE, TextKind::Name),
        ("quote", RawRelation::QUOTE, TextKind::Free),
        ("basis", RawRelation::BASIS, TextKind::Free),
        ("context", RawRelation::CONTEXT, TextKind::Free),
        ("note", RawRelation::NOTE, TextKind::Free),
    ] {
        if let Some(value) = field(f) {
            checker.check_text(line, who, name, value, kind);
        }
    }
    let known = match raw.kind {
        Some(kind) => Ok(kind),
        None => RelationKind::from_name(piece.kind_name(raw)),
    };
    let kind = match known {
        Ok(k) => Some(k),
        Err(e) => {
            checker.report(line, who.name(), e);
            None
        }
    };
    let (under, place) = (field(RawRelation::UNDER), field(RawRelation::PLACE));
    // Each end looked up once, for its type and its shared id (at a million relations every
    // lookup is a cache miss or two in a table of ~430,000 ids: ten per relation became four),
    // ahead, with the other relations of its chunk ([`check_relations`]).
    let [found_subject, found_object, found_under, found_place] = found;
    let ends = [found_subject, found_object];
    let qualifiers = [(under, found_under), (place, found_place)].map(|(id, found)| id.map(|id| (id, found)));
    let declared = [(subject, ends[0]), (object, ends[1])].into_iter().map(Some).chain(qualifiers);
    for (name, end) in ["subject", "object", "under", "place"].into_iter().zip(declared) {
        let Some((id, found)) = end else { continue };
        match found.and_then(|(_, d)| d.entity_type) {
            None => {
                checker.report(line, who.name(), format!("{name} `{id}` is not the id of any entity in entities.toml"))
            }
            Some(t) if name == "under" && !t.is_a(EntityType::Treaty) => checker.report(
                line,
                who.name(),
                format!("under `{id}` is a {t}, but `under` names the treaty under which something happened"),
            ),
            Some(t) if name == "place" && !t.is_a(EntityType::Territory) => {
                checker.report(line, who.name(), format!("place `{id}` is a {t}, not a Territory"))
            }
            Some(_) => {}
        }
    }
    if subject == object {
        checker.report(line, who.name(), "a relation needs two different entities");
    }
    let type_of = |end: Found| end.and_then(|(_, d)| d.entity_type);
    if let (Some(kind), Some(s), Some(o)) = (kind, type_of(ends[0]), type_of(ends[1])) {
        if let Some(message) = crate::model::check_relation_types(kind, s, o) {
            checker.report(line, who.name(), message);
        }
    }
    let mut date = |f: usize| field(f).and_then(|v| checker.date(v, line, who));
    let (date, start, end) = (date(RawRelation::DATE), date(RawRelation::START), date(RawRelation::END));
    let (quote, basis, context) = (field(RawRelation::QUOTE), field(RawRelation::BASIS), field(RawRelation::CONTEXT));
    let provenance = if background {
        if quote.is_some() {
            checker.report(
                line,
                who.name(),
                "background facts take `basis` and `context`, not `quote`; stated facts belong in relations.toml",
            );
        }
        let basis = basis.unwrap_or_default();
        if basis.trim().is_empty() {
            checker.report(line, who.name(), "a background fact needs a `basis` saying why we hold it");
        }
        let context = match context {
            Some(c) => Some(checker.locate(c, line, who)?),
            None => None,
        };
        Some(Provenance::Background { basis: kept_basis.unwrap_or_default(), context })
    } else {
        if basis.is_some() || context.is_some() {
            checker.report(
                line,
                who.name(),
                "`basis` and `context` are for background.toml; a stated relation takes `quote`",
            );
        }
        match quote {
            Some(q) => checker.locate(q, line, who).map(Provenance::Essay),
            None => {
                checker.report(
                    line,
                    who.name(),
                    "missing `quote`: every relation carries the passage of the essay that states it",
                );
                None
            }
        }
    };
    let (Some(kind), Some(provenance)) = (kind, provenance) else { return None };
    // Every reference is to a declared entity (or reported above): its id is shared, not copied.
    let id = |id: &str, found: Found| found.map_or_else(|| Id::from(id), |(id, _)| id.clone());
    let [under, place] = qualifiers.map(|q| q.map(|(name, found)| id(name, found)));
    // Its ends for the finish ([`RankedOrder`]), pushed only with the relation made.
    let at = |end: Found| end.map_or(u32::MAX, |(_, d)| d.first);
    ends_out.push((at(ends[0]), at(ends[1]), kind));
    Some(Relation {
        id: Id::default(),
        subject: id(subject, ends[0]),
        kind,
        object: id(object, ends[1]),
        qualifiers: Qualifiers { under, place, date, start, end, role },
        provenance,
        note,
    })
}

/// Sorts `items` by their (unique) ids. The ids are first copied side by side into one buffer
/// and sorted there: comparing them where they lie, scattered over the heap, costs two cache
/// misses per comparison, which made sorting a million relations grow much faster than
/// n log n in time. The items are then moved into place ([`permute`]).
fn sort_by_id<T>(items: &mut [T], id: impl Fn(&T) -> &str) {
    permute(items, IdOrder::of(items, id).from);
}

/// Items' order by their ids ([`sort_by_id`] without the moves).
#[derive(Clone)]
struct IdOrder {
    /// `from[i]`: the index of the item that goes to `i`.
    from: Vec<usize>,
    /// Whether the ids are distinct and every byte of every id sorts after '.': then the ids'
    /// ranks order the relations' bases `subject.kind.object` as their text does ([`RankedOrder`]).
    plain: bool,
}

impl IdOrder {
    fn of<T>(items: &[T], id: impl Fn(&T) -> &str) -> IdOrder {
        IdOrder::of_ids(items.iter().map(&id))
    }

    /// The order of `ids` (an iterator read twice: once for their length, once to copy them).
    fn of_ids<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> IdOrder {
        let (mut bytes, mut count) = (0, 0);
        for id in ids.clone() {
            (bytes, count) = (bytes + id.len(), count + 1);
        }
        let mut text = huge_string(bytes);
        let mut keys: Vec<(u64, usize, usize, usize)> = huge_vec(count);
        let mut after_dot = true;
        for (i, id) in ids.enumerate() {
            after_dot &= id.bytes().all(|b| b > b'.');
            keys.push((head(id.as_bytes(), b""), text.len(), id.len(), i));
            text.push_str(id);
        }
        let id = |k: &(u64, usize, usize, usize)| &text[k.1..k.1 + k.2];
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a).cmp(id(b))));
        // Sorted, a repeated id is its neighbour's.
        let distinct = keys.windows(2).all(|w| id(&w[0]) != id(&w[1]));
        drop(text);
        IdOrder { from: keys.into_iter().map(|k| k.3).collect(), plain: after_dot && distinct }
    }

    /// Each item's place in the order (the inverse of [`IdOrder::from`]): `places()[i]` is where
    /// the item of index `i` goes.
    fn places(&self) -> Vec<usize> {
        let mut places = vec![0; self.from.len()];
        for (place, &i) in self.from.iter().enumerate() {
            places[i] = place;
        }
        places
    }

    /// Each item's rank (its place in the order), where the order is plain and the ranks fit
    /// in `u32`.
    fn ranks(&self) -> Option<Vec<u32>> {
        if !self.plain || u32::try_from(self.from.len()).is_err() {
            return None;
        }
        let mut ranks = vec![0u32; self.from.len()];
        for (rank, &i) in self.from.iter().enumerate() {
            ranks[i] = rank as u32;
        }
        Some(ranks)
    }
}

/// The first 8 bytes of `text` followed by `more`, big-endian and zero-padded: they order as the
/// strings do and settle most comparisons.
fn head(text: &[u8], more: &[u8]) -> u64 {
    let mut prefix = [0u8; 8];
    for (slot, b) in prefix.iter_mut().zip(text.iter().chain(more)) {
        *slot = *b;
    }
    u64::from_be_bytes(prefix)
}

/// Moves the items into the order `from` gives (`from[i]`: the index of the item that goes to
/// `i`) by following the permutation's cycles, without a second list of them (two copies of the
/// relations were the loader's peak).
fn permute<T>(items: &mut [T], mut from: Vec<usize>) {
    for start in 0..from.len() {
        let mut at = start;
        loop {
            let source = from[at];
            from[at] = at;
            if source == start || source == at {
                break;
            }
            items.swap(at, source);
            at = source;
        }
    }
}

/// Gives each relation its id `subject.kind.object`, numbering repeats `.2`, `.3` in file order
/// (stated relations before background ones), and sorts the relations by id, on one thread
/// ([`RelationOrder`]; the loader runs its two halves on two threads).
#[cfg(test)]
fn assign_relation_ids_sorted(relations: &mut [Relation], parallel: bool) {
    match RelationOrder::of(relations) {
        Some(order) => order.apply(relations, parallel),
        None => assign_relation_ids_slowly(relations),
    }
}

/// The relations' order by id and their ids, found before either is applied. The bases are
/// written side by side into one buffer and sorted there once, with the file order breaking
/// ties: repeats are then neighbours, numbered without a table of counts, and the ids are made
/// in their final order. (Made and then sorted apart, the ids were hashed once, copied again
/// into a second buffer and read back from every relation: three passes over a million
/// relations at random.)
struct RelationOrder {
    /// Every relation's base `subject.kind.object`, side by side.
    bases: String,
    /// (head of the id, start and end in `bases`, index in file order, repeat number), in the
    /// ids' order.
    keys: Vec<(u64, u32, u32, u32, u32)>,
}

impl RelationOrder {
    /// The order, or `None` where the ids' order is not the bases' (an id with a character
    /// that sorts before '.', never valid) or the bases outgrow 4 GiB: for
    /// [`assign_relation_ids_slowly`].
    fn of(relations: &[Relation]) -> Option<RelationOrder> {
        // Sized once (an `Id`'s length is read without following it).
        let dots = 2 * ".".len();
        let size = relations.iter().map(|r| r.subject.len() + r.kind.name().len() + r.object.len() + dots).sum();
        let mut bases = huge_string(size);
        let mut keys: Vec<(u64, u32, u32, u32, u32)> = huge_vec(relations.len());
        for (i, r) in relations.iter().enumerate() {
            let start = bases.len();
            for part in [&r.subject, ".", r.kind.name(), ".", &r.object] {
                bases.push_str(part);
            }
            // (Offsets past 4 GiB cannot occur: the files that hold the ids are capped far below.)
            let (Ok(start), Ok(end), Ok(i)) = (u32::try_from(start), u32::try_from(bases.len()), u32::try_from(i))
            else {
                return None;
            };
            keys.push((head(&bases.as_bytes()[start as usize..], b""), start, end, i, 1));
        }
        let base = |k: &(u64, u32, u32, u32, u32)| &bases[k.1 as usize..k.2 as usize];
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| base(a).cmp(base(b))).then(a.3.cmp(&b.3)));
        // Repeats: numbered in file order, then ordered by their ids' suffixes (".10" sorts before
        // ".2").
        let suffix = |n: u32| if n == 1 { String::new() } else { format!(".{n}") };
        let mut run = 0;
        while run < keys.len() {
            let end = run + keys[run..].iter().take_while(|k| base(k) == base(&keys[run])).count();
            for (n, k) in keys[run..end].iter_mut().enumerate() {
                k.4 = n as u32 + 1;
            }
            if end - run >= 10 {
                keys[run..end].sort_by_cached_key(|k| suffix(k.4));
            }
            run = end;
        }
        // The order is the ids' order when no base followed by its suffix sorts after the next base
        // (true of valid ids, whose characters all sort after '.'); checked, with the slow way kept
        // for anything else.
        let full = |k: &(u64, u32, u32, u32, u32)| {
            let s = suffix(k.4);
            base(k).bytes().chain(s.into_bytes()).collect::<Vec<u8>>()
        };
        let in_order = keys.windows(2).all(|w| {
            let (a, b) = (base(&w[0]), base(&w[1]));
            a == b || !b.starts_with(a) || w[0].4 == 1 || full(&w[0]) < full(&w[1])
        });
        in_order.then_some(RelationOrder { bases, keys })
    }

    /// Moves the relations into the order and gives them their ids: the moves on this thread,
    /// the ids made on another when `parallel` ([`both`]), then put in place.
    fn apply(self, relations: &mut [Relation], parallel: bool) {
        let RelationOrder { bases, keys } = self;
        let mut from: Vec<usize> = huge_vec(keys.len());
        from.extend(keys.iter().map(|k| k.3 as usize));
        let ((), ids) = both(
            parallel,
            || permute(relations, from),
            || {
                let base = |k: &(u64, u32, u32, u32, u32)| &bases[k.1 as usize..k.2 as usize];
                keys.iter()
                    .map(|k| if k.4 == 1 { Id::from(base(k)) } else { Id::from(format!("{}.{}", base(k), k.4)) })
                    .collect::<Vec<Id>>()
            },
        );
        for (r, id) in relations.iter_mut().zip(ids) {
            r.id = id;
        }
    }
}

/// The relations' order by id, found one of two ways ([`Unfinished::finish_in_steps`]).
#[cfg(test)]
enum Order {
    Ranked(RankedOrder),
    Bases(RelationOrder),
}

/// A relation's ends as check 2 found them ([`check_relations`]): the index in file order of
/// the first declaration of its subject and of its object (`u32::MAX` for an undeclared one),
/// and its kind.
type Ends = (u32, u32, RelationKind);

/// Each relation kind's rank among the kinds' names (by `kind as usize`) and the names in that
/// order, or `None` if a name has a byte that does not sort after '.'.
fn kinds_by_name() -> Option<(Vec<u32>, Vec<&'static str>)> {
    let mut names: Vec<(&'static str, usize)> = RelationKind::ALL.iter().map(|&k| (k.name(), k as usize)).collect();
    if names.iter().any(|(name, _)| !name.bytes().all(|b| b > b'.')) {
        return None;
    }
    names.sort_unstable();
    let mut ranks = vec![0u32; names.len()];
    for (rank, &(_, k)) in names.iter().enumerate() {
        *ranks.get_mut(k)? = rank as u32;
    }
    Some((ranks, names.into_iter().map(|(name, _)| name).collect()))
}

/// The relations' order by id ([`RelationOrder`]'s), found by sorting integer keys: each end's
/// rank among the sorted entity ids, the kind's among the kinds' names, and the file order
/// breaking ties. Where every id's and kind's byte sorts after '.' (checked:
/// [`IdOrder::plain`], [`kinds_by_name`]), `subject.kind.object` orders as the triple of ranks
/// does (a shorter part is followed by '.', which sorts before any byte of the longer), and a
/// repeat's suffix `.n` cannot sort past the next base. (By the bases' text, at a million
/// relations the sort compared strings from random places, sharing long prefixes, with
/// `memcmp`, after copying every base: ~0.7 s of thread CPU.)
struct RankedOrder {
    /// (subject's rank, kind's rank, object's rank, index in file order, repeat number), in
    /// the ids' order.
    keys: Vec<[u32; 5]>,
    /// The kinds' names by rank.
    kinds: Vec<&'static str>,
}

impl RankedOrder {
    /// The order of relations whose [`Ends`] are `ends`, given each entity's rank by its index
    /// in file order ([`IdOrder::ranks`]); `None` where an end has no rank, a kind's name is not
    /// plain or there are 4 Gi relations.
    fn of(ends: &[Ends], ranks: &[u32]) -> Option<RankedOrder> {
        let (kind_ranks, kinds) = kinds_by_name()?;
        u32::try_from(ends.len()).ok()?;
        let mut keys: Vec<u128> = huge_vec(ends.len());
        for (i, &(s, o, kind)) in ends.iter().enumerate() {
            let (s, o) = (*ranks.get(s as usize)?, *ranks.get(o as usize)?);
            let kind = *kind_ranks.get(kind as usize)?;
            keys.push(u128::from(s) << 96 | u128::from(kind) << 64 | u128::from(o) << 32 | i as u128);
        }
        keys.sort_unstable();
        // Repeats (the same three ranks) are neighbours, in file order: numbered 1, 2, ...
        let mut out: Vec<[u32; 5]> = huge_vec(keys.len());
        for (k, &key) in keys.iter().enumerate() {
            let n = if k > 0 && keys[k - 1] >> 32 == key >> 32 { out[k - 1][4] + 1 } else { 1 };
            out.push([(key >> 96) as u32, (key >> 64) as u32, (key >> 32) as u32, key as u32, n]);
        }
        drop(keys);
        // Then ordered by their ids' suffixes (".10" sorts before ".2").
        let suffix = |n: u32| if n == 1 { String::new() } else { format!(".{n}") };
        let mut run = 0;
        while run < out.len() {
            let end = run + out[run..].iter().take_while(|k| k[..3] == out[run][..3]).count();
            if end - run >= 10 {
                out[run..end].sort_by_cached_key(|k| suffix(k[4]));
            }
            run = end;
        }
        Some(RankedOrder { keys: out, kinds })
    }

    /// Where each relation goes: `from()[i]` is the index in file order of the relation that
    /// goes to `i` (for [`permute`]).
    fn from(&self) -> Vec<usize> {
        let mut from: Vec<usize> = huge_vec(self.keys.len());
        from.extend(self.keys.iter().map(|k| k[3] as usize));
        from
    }

    /// The relations' ids in their order, made from `ids`, the entity ids by rank: written side
    /// by side into one shared buffer ([`SharedText`]), one allocation for all instead of one
    /// per relation (a million of them took ~0.1 s of the finish's thread in `malloc`).
    fn ids(&self, ids: &[&str]) -> Vec<Id> {
        // Each kind's name between its dots, so that an id is copied in three pieces, not five.
        let kinds: Vec<String> = self.kinds.iter().map(|kind| format!(".{kind}.")).collect();
        let parts = |k: &[u32; 5]| [ids[k[0] as usize], kinds[k[1] as usize].as_str(), ids[k[2] as usize]];
        let suffix = |n: u32| (n > 1).then(|| format!(".{n}"));
        let len = |k: &[u32; 5]| {
            let digits = if k[4] > 1 { k[4].ilog10() as usize + 2 } else { 0 };
            parts(k).iter().map(|p| p.len()).sum::<usize>() + digits
        };
        let mut buffer = SharedTextBuilder::with_capacity(self.keys.iter().map(len).sum());
        // The ends' ids lie at random (an entity's id was allocated in file order, the
        // relations go in rank order): the first byte of those [`IDS_AHEAD`] relations ahead is
        // read first, so that their cache misses overlap instead of stalling each copy in turn.
        let mut touched = 0usize;
        for (at, k) in self.keys.iter().enumerate() {
            if let Some(ahead) = self.keys.get(at + IDS_AHEAD) {
                let first = |rank: u32| ids[rank as usize].as_bytes().first().map_or(0, |&b| usize::from(b));
                touched = touched.wrapping_add(first(ahead[0])).wrapping_add(first(ahead[2]));
            }
            for part in parts(k) {
                buffer.push(part);
            }
            if let Some(suffix) = suffix(k[4]) {
                buffer.push(&suffix);
            }
        }
        std::hint::black_box(touched);
        let buffer = buffer.finish();
        let mut reader = buffer.reader();
        let mut out: Vec<Id> = huge_vec(self.keys.len());
        out.extend(self.keys.iter().map(|k| {
            // Made again, the old way, should the buffer not hold it (it always does).
            reader.next_len(len(k)).unwrap_or_else(|| {
                let mut id = parts(k).concat();
                id.extend(suffix(k[4]));
                Id::from(id)
            })
        }));
        out
    }

    /// Moves the relations into the order and gives them their ids, made from `ids()`, the
    /// entity ids by rank: the moves on this thread, the ids made on another when `parallel`
    /// ([`both`]), then put in place (the finish before round 17: [`Unfinished::finish_in_steps`]).
    #[cfg(test)]
    fn apply<'a>(self, relations: &mut [Relation], ids: impl FnOnce() -> Vec<&'a str> + Send, parallel: bool) {
        let from = self.from();
        let ((), made) = both(parallel, || permute(relations, from), || self.ids(&ids()));
        for (r, id) in relations.iter_mut().zip(made) {
            r.id = id;
        }
    }
}

/// How many relations ahead [`RankedOrder::ids`] reads their ends' ids.
const IDS_AHEAD: usize = 16;

/// `assign_relation_ids_sorted` the slow way: the ids made in file order, then sorted.
fn assign_relation_ids_slowly(relations: &mut [Relation]) {
    assign_relation_ids(relations);
    sort_by_id(relations, |r| &r.id);
}

/// Gives each relation its id `subject.kind.object`, numbering repeats `.2`, `.3` in file order
/// (stated relations before background ones). The bases are written side by side into one
/// buffer (no allocation per relation but the id's own).
fn assign_relation_ids(relations: &mut [Relation]) {
    let mut bases = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(relations.len());
    for r in relations.iter() {
        let start = bases.len();
        for part in [&r.subject, ".", r.kind.name(), ".", &r.object] {
            bases.push_str(part);
        }
        spans.push((start, bases.len()));
    }
    // How many relations before each one have its base (borrowed: no copy of the ids).
    let mut counts: HashMap<&str, u32> = HashMap::with_capacity_and_hasher(relations.len(), Default::default());
    let repeats: Vec<u32> = spans
        .iter()
        .map(|&(start, end)| {
            let n = counts.entry(&bases[start..end]).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    drop(counts);
    for ((r, (start, end)), n) in relations.iter_mut().zip(spans).zip(repeats) {
        let base = &bases[start..end];
        r.id = if n == 1 { Id::from(base) } else { Id::from(format!("{base}.{n}")) };
    }
}

#[cfg(test)]
mod quote_index_tests {
    use super::*;

    /// Where a quote occurs, as [`QuoteIndexByHash`] keeps it.
    #[derive(Clone, Copy)]
    enum ByHashHits {
        /// Nowhere.
        Absent,
        /// Once, at this byte offset (the common case, kept without an allocation).
        Once(u32),
        /// Several times: the index of the offsets in [`QuoteIndexByHash::many`].
        Many(u32),
        /// Only while the index is made: the quote's index among those searched for.
        Searched(u32),
    }

    /// The quote index as it was before round 13 (the reference the tests hold [`QuoteIndex`] to):
    /// every quote of the annotations with the byte offsets where it occurs, found in one pass
    /// over the essay, keyed by the quote's 64-bit hash: the quotes are not copied (at a million
    /// relations, copies of the quotes, a `Vec` per quote and sorting them to drop repeats were the
    /// loader's largest holder after the input). Quotes that share a hash with another quote (never
    /// seen in practice) are kept apart by their text, so a lookup is always exact.
    struct QuoteIndexByHash {
        hasher: foldhash::fast::RandomState,
        /// Quote hash -> where the quote occurs.
        hits: HashMap<u64, ByHashHits>,
        /// The byte offsets of quotes that occur more than once.
        many: Vec<Vec<usize>>,
        /// Quotes whose hash an earlier, different quote has, by their text.
        collided: HashMap<String, ByHashHits>,
    }

    impl QuoteIndexByHash {
        fn new<'a>(
            text: &EssayText,
            entities: &'a [EntitiesFile],
            relations: [&'a [RelationsFile]; 2],
            budget: usize,
        ) -> Result<QuoteIndexByHash, crate::text::TooManyMatches> {
            let hasher = foldhash::fast::RandomState::default();
            // Sized up front (about a quote per relation and one or two per entity): grown by
            // doubling, the table was rehashed ~20 times at a million relations.
            let expected = relations.iter().flat_map(|r| r.iter()).map(|f| f.relation.len()).sum::<usize>()
                + 2 * entities.iter().map(|f| f.entity.len()).sum::<usize>();
            // Quote hash -> its index among the quotes searched for, then where it occurs (the same
            // table, its values replaced in one pass: a second table keyed by the hashes was built
            // before, a random insert per quote).
            let mut hits: HashMap<u64, ByHashHits> = HashMap::with_capacity_and_hasher(expected, Default::default());
            let mut unique: Vec<&str> = Vec::with_capacity(expected);
            let mut collided: Vec<&str> = Vec::new();
            let mut add = |q: &'a str| {
                // Too long quotes are reported by `locate` without a search (bytes bound characters).
                if q.len() > MAX_QUOTE_CHARS && q.chars().count() > MAX_QUOTE_CHARS {
                    return;
                }
                match hits.entry(std::hash::BuildHasher::hash_one(&hasher, q)) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(ByHashHits::Searched(unique.len() as u32));
                        unique.push(q);
                    }
                    std::collections::hash_map::Entry::Occupied(e) => {
                        if let ByHashHits::Searched(at) = *e.get() {
                            if unique[at as usize] != q {
                                collided.push(q);
                            }
                        }
                    }
                }
            };
            for e in entities.iter().flat_map(|f| &f.entity) {
                let e = e.get_ref();
                add(&e.quote);
                [&e.date, &e.start, &e.end].into_iter().flatten().for_each(|d| add(&d.quote));
                e.numbers.iter().for_each(|n| add(&n.quote));
                e.mentions_in.iter().for_each(|m| add(&m.passage));
            }
            for file in relations.into_iter().flatten() {
                for r in &file.relation {
                    [RawRelation::QUOTE, RawRelation::CONTEXT]
                        .into_iter()
                        .filter_map(|f| file.get(r, f))
                        .for_each(&mut add);
                }
            }
            collided.sort_unstable();
            collided.dedup();
            let n = unique.len();
            unique.extend(&collided);
            let found = text.find_exact_many_flat(&unique, budget)?;
            drop(unique);
            // The quotes found more than once (rare: each is a problem to report), with their starts.
            let mut many: Vec<Vec<usize>> = Vec::new();
            let mut many_of: HashMap<u32, u32> = HashMap::default();
            for &(i, start) in found.more() {
                let at = *many_of.entry(i).or_insert_with(|| {
                    many.push(found.first(i as usize).into_iter().collect());
                    many.len() as u32 - 1
                });
                many[at as usize].push(start);
            }
            let hits_of = |i: usize| match (found.first(i), many_of.get(&(i as u32))) {
                (None, _) => ByHashHits::Absent,
                (Some(start), None) => ByHashHits::Once(start as u32),
                (Some(_), Some(&at)) => ByHashHits::Many(at),
            };
            let collided = collided.into_iter().enumerate().map(|(k, q)| (q.to_string(), hits_of(n + k))).collect();
            for h in hits.values_mut() {
                if let ByHashHits::Searched(i) = *h {
                    *h = hits_of(i as usize);
                }
            }
            Ok(QuoteIndexByHash { hasher, hits, many, collided })
        }

        fn get(&self, quote: &str) -> Located<'_> {
            let hits = match self.collided.get(quote) {
                Some(hits) => Some(*hits),
                None => self.hits.get(&std::hash::BuildHasher::hash_one(&self.hasher, quote)).copied(),
            };
            match hits {
                // (`Searched` is replaced before the index is used.)
                None | Some(ByHashHits::Searched(_)) => Located::Unknown,
                Some(ByHashHits::Absent) => Located::Listed(&[]),
                Some(ByHashHits::Once(start)) => Located::Once(start as usize),
                Some(ByHashHits::Many(i)) => Located::Listed(&self.many[i as usize]),
            }
        }
    }

    /// The files of a test: `essay`, one entity per item of `entities` (its quote and its
    /// dates' quotes and mentions' passages), and relations (quote) and background facts
    /// (context), each with its quote.
    fn sources(essay: &str, entities: &[(&str, &[&str])], stated: &[&str], background: &[&str]) -> Sources {
        let esc = |q: &str| q.replace('\\', "\\\\").replace('"', "\\\"");
        let mut e = String::new();
        for (k, (quote, more)) in entities.iter().enumerate() {
            e += &format!(
                "[[entity]]\nid = \"e{k}\"\ntype = \"Person\"\nlabel = \"E{k}\"\nquote = \"{}\"\n",
                esc(quote)
            );
            for (m, q) in more.iter().enumerate() {
                match m % 3 {
                    0 => e += &format!("date = {{ value = \"1905\", quote = \"{}\" }}\n", esc(q)),
                    1 => e += &format!("numbers = [{{ property = \"n\", value = 1, quote = \"{}\" }}]\n", esc(q)),
                    _ => e += &format!("mentions_in = [{{ name = \"x\", passage = \"{}\" }}]\n", esc(q)),
                }
            }
            e += "\n";
        }
        let relations = |quotes: &[&str], key: &str| {
            let mut r = String::new();
            for q in quotes {
                r += &format!(
                    "[[relation]]\nsubject = \"e0\"\nrelation = \"met\"\nobject = \"e1\"\n{key} = \"{}\"\n\n",
                    esc(q)
                );
            }
            r
        };
        Sources {
            essay: Source::new("essay.txt", essay),
            entities: Source::new("entities.toml", e),
            relations: Source::new("relations.toml", relations(stated, "quote")),
            background: Source::new("background.toml", relations(background, "context")),
            coverage: Source::new("coverage.toml", ""),
        }
    }

    /// Every quote of the files, looked up by the numbered index (by record and address) and by
    /// the hash-keyed reference: the same answers (or the same error), in check 2's order;
    /// returns how many quotes were compared.
    fn compare(sources: &Sources, budget: usize) -> usize {
        let prepared = parse(sources, Essay::Borrowed(&sources.essay.text)).expect("the test files parse");
        let Parsed { entities, relations, background, .. } = &prepared.parsed;
        let text = &prepared.text;
        let fast = QuoteIndex::with_budget(text, entities, [relations, background], budget);
        let slow = QuoteIndexByHash::new(text, entities, [relations, background], budget);
        let (fast, slow) = match (fast, slow) {
            (Ok(fast), Ok(slow)) => (fast, slow),
            (Err(a), Err(b)) => {
                assert_eq!(a, b);
                return 0;
            }
            (a, b) => panic!("one index failed: {:?} / {:?}", a.err(), b.err()),
        };
        let mut compared = 0;
        let mut check = |checker: &mut Checker, quotes: Vec<&str>| {
            checker.record(quotes.len());
            for q in quotes {
                assert_eq!(fast.get(checker.record.clone(), q), slow.get(q), "{q:?}");
                compared += 1;
            }
        };
        let mut checker = Checker::new(text, &fast, fast.bases[0], "entities.toml");
        for e in entities.iter().flat_map(|f| &f.entity) {
            check(&mut checker, entity_quotes(e.get_ref()).collect());
        }
        for (files, base) in [(relations, fast.bases[1]), (background, fast.bases[2])] {
            let mut checker = Checker::new(text, &fast, base, "relations.toml");
            for file in files {
                file.relation.iter().for_each(|r| check(&mut checker, relation_quotes(file, r).collect()));
            }
        }
        compared
    }

    const ESSAY: &str = "Japan and Russia signed the Treaty of Portsmouth in 1905. \
        Sakhalin was divided. Sakhalin was divided. The Soviet Union declared war on Japan in 1945, \
        two days after Hiroshima. Ainu lived on Sakhalin. Łódź is not Tōkyō, and Tōkyō is not Łódź.";

    #[test]
    fn numbered_quotes_are_found_as_the_hash_keyed_index_finds_them() {
        let once = "signed the Treaty of Portsmouth in 1905";
        let twice = "Sakhalin was divided.";
        let absent = "signed the Treaty of Shimoda";
        let apostrophe = "Russia's war";
        let multibyte = "Łódź is not Tōkyō";
        let short = "Ainu";
        let edge = &ESSAY[..20];
        let end = &ESSAY[ESSAY.len() - 12..];
        let long = "x".repeat(MAX_QUOTE_CHARS + 1);
        let files = sources(
            ESSAY,
            &[
                (once, &[twice, absent, multibyte]),
                (twice, &[once]),
                ("   ", &[""]),
                (long.as_str(), &[edge, end, short]),
            ],
            &[once, once, absent, apostrophe, multibyte, long.as_str(), edge, end, "", short],
            &[end, twice, once, multibyte],
        );
        assert_eq!(compare(&files, usize::MAX), 12 + 10 + 4);
        // The distinct quotes occur 7 times in all (the second quote twice, the unfound, empty,
        // blank and too long ones never, the rest once), each repeat of a quote not counted
        // again: at a budget of 7 both indexes are made, at 6 both fail.
        assert_eq!(compare(&files, 7), 12 + 10 + 4);
        assert_eq!(compare(&files, 6), 0);
    }

    #[test]
    fn the_same_text_elsewhere_in_memory_is_refused_by_the_numbered_index() {
        let sources = sources(ESSAY, &[("Sakhalin was divided.", &[])], &["two days after Hiroshima"], &[]);
        let prepared = parse(&sources, Essay::Borrowed(&sources.essay.text)).expect("the test files parse");
        let Parsed { entities, relations, background, .. } = &prepared.parsed;
        let index = QuoteIndex::new(&prepared.text, entities, [relations, background]).expect("searched");
        let quote = relations[0].get(&relations[0].relation[0], RawRelation::QUOTE).expect("a quote");
        let at = index.bases[1]..index.bases[1] + 1;
        assert!(matches!(index.get(at.clone(), quote), Located::Once(_)));
        // A copy of the same text, and the right text in the wrong record: not the slot's string.
        let copy_of_quote = String::from(quote);
        assert_eq!(index.get(at.clone(), &copy_of_quote), Located::Unknown);
        assert_eq!(index.get(0..1, quote), Located::Unknown);
        // `locate` then searches for it itself: the same evidence, and the same problems.
        let mut checker = Checker::new(&prepared.text, &index, index.bases[1], "relations.toml");
        checker.record(1);
        let fast = checker.locate(quote, 3, Who::Text("r"));
        let copy = checker.locate(&copy_of_quote, 3, Who::Text("r"));
        assert!(fast.is_some());
        assert_eq!(fast, copy);
        let twice = entities[0].entity[0].get_ref().quote.as_str();
        let mut checker = Checker::new(&prepared.text, &index, 0, "entities.toml");
        checker.record(1);
        assert!(checker.locate(twice, 1, Who::Text("e")).is_none());
        let copy_of_twice = String::from(twice);
        assert!(checker.locate(&copy_of_twice, 1, Who::Text("e")).is_none());
        assert_eq!(checker.problems.len(), 2);
        assert_eq!(checker.problems[0], checker.problems[1]);
        assert!(checker.problems[0].message.starts_with("quote occurs 2 times"), "{:?}", checker.problems[0]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Random quotes, many repeated, drawn from the essay's own windows (found once, several
        /// times) and from outside it (not found), over a random essay of a few letters.
        #[test]
        fn numbered_quotes_match_the_hash_keyed_index(
            essay in "[ab ł]{0,120}",
            picks in proptest::collection::vec((0usize..140, 0usize..40, proptest::bool::ANY), 0..40),
            shape in proptest::collection::vec(0usize..4, 0..12),
            budget in 0usize..12,
        ) {
            let quotes: Vec<String> = picks
                .iter()
                .map(|&(at, len, inside)| {
                    let start = (0..=at.min(essay.len())).rev().find(|&s| essay.is_char_boundary(s)).unwrap_or(0);
                    let end = (start..=(start + len).min(essay.len())).rev().find(|&e| essay.is_char_boundary(e)).unwrap_or(start);
                    if inside { essay[start..end].to_string() } else { format!("{}q", &essay[start..end]) }
                })
                .collect();
            let mut pool = quotes.iter().map(String::as_str).cycle();
            let mut next = || pool.next().unwrap_or("a");
            let entities: Vec<(&str, Vec<&str>)> = shape.iter().map(|&k| (next(), (0..k).map(|_| next()).collect())).collect();
            let entities: Vec<(&str, &[&str])> = entities.iter().map(|(q, more)| (*q, more.as_slice())).collect();
            let stated: Vec<&str> = (0..quotes.len()).map(|_| next()).collect();
            let background: Vec<&str> = (0..quotes.len() / 2).map(|_| next()).collect();
            let files = sources(&essay, &entities, &stated, &background);
            compare(&files, usize::MAX);
            compare(&files, budget);
        }
    }
}

#[cfg(test)]
mod relation_id_tests {
    use super::*;

    fn relation(subject: &str, kind: RelationKind, object: &str, note: usize) -> Relation {
        Relation {
            id: Id::default(),
            subject: Id::from(subject),
            kind,
            object: Id::from(object),
            qualifiers: Qualifiers::default(),
            provenance: Provenance::Background { basis: SharedStr::from("test"), context: None },
            note: Some(SharedStr::from(note.to_string())),
        }
    }

    /// (id, note) in order: the note tells which relation of the input it is.
    type Ids = Vec<(String, String)>;

    fn ids(relations: &[Relation]) -> Ids {
        relations
            .iter()
            .map(|r| (r.id.to_string(), r.note.as_ref().map(|n| n.to_string()).unwrap_or_default()))
            .collect()
    }

    fn both_ways(ends: &[(&str, &str)]) -> (Ids, Ids) {
        let kinds = [RelationKind::from_name_exact("signed"), RelationKind::from_name_exact("party_to")];
        let kinds: Vec<RelationKind> = kinds.into_iter().flatten().collect();
        assert_eq!(kinds.len(), 2);
        let relations: Vec<Relation> =
            ends.iter().enumerate().map(|(i, (s, o))| relation(s, kinds[i % 7 / 6], o, i)).collect();
        let (mut fast, mut on_two, mut slow) = (relations.clone(), relations.clone(), relations);
        assign_relation_ids_sorted(&mut fast, false);
        assign_relation_ids_sorted(&mut on_two, true);
        assign_relation_ids_slowly(&mut slow);
        assert_eq!(ids(&fast), ids(&on_two));
        (ids(&fast), ids(&slow))
    }

    /// The relations sorted and given ids from their ends' ranks ([`RankedOrder`]), as the
    /// finish does, for relations whose ends are among `entity_ids` (in file order; an end is
    /// the first entity with its id, as check 2 gives it), or `None` where that way is refused.
    fn ranked(relations: &[Relation], entity_ids: &[&str], parallel: bool) -> Option<Ids> {
        let order = IdOrder::of(entity_ids, |id: &&str| *id);
        let ranks = order.ranks()?;
        let at = |id: &str| entity_ids.iter().position(|e| *e == id).map_or(u32::MAX, |i| i as u32);
        let ends: Vec<Ends> = relations.iter().map(|r| (at(&r.subject), at(&r.object), r.kind)).collect();
        let ranked = RankedOrder::of(&ends, &ranks)?;
        let mut by_rank = entity_ids.to_vec();
        permute(&mut by_rank, order.from);
        let mut out = relations.to_vec();
        ranked.apply(&mut out, || by_rank, parallel);
        Some(ids(&out))
    }

    /// The relations with these ends (kinds alternating as in [`both_ways`]) and the entity ids
    /// they name, each once, in order of first use turned by `turn`.
    fn relations_of(ends: &[(&str, &str)], turn: usize) -> (Vec<Relation>, Vec<String>) {
        let kinds: Vec<RelationKind> =
            ["signed", "party_to"].into_iter().filter_map(RelationKind::from_name_exact).collect();
        let relations: Vec<Relation> =
            ends.iter().enumerate().map(|(i, (s, o))| relation(s, kinds[i % 7 / 6], o, i)).collect();
        let mut entity_ids: Vec<String> = Vec::new();
        for id in ends.iter().flat_map(|(s, o)| [s, o]) {
            if !entity_ids.iter().any(|e| e == id) {
                entity_ids.push(id.to_string());
            }
        }
        if !entity_ids.is_empty() {
            let turn = turn % entity_ids.len();
            entity_ids.rotate_left(turn);
        }
        (relations, entity_ids)
    }

    /// Ranked (one thread and two) equals the slow way, or is refused.
    fn ranked_or_refused(ends: &[(&str, &str)], turn: usize) -> Option<Ids> {
        let (relations, entity_ids) = relations_of(ends, turn);
        let entity_ids: Vec<&str> = entity_ids.iter().map(String::as_str).collect();
        let (one, two) = (ranked(&relations, &entity_ids, false), ranked(&relations, &entity_ids, true));
        assert_eq!(one, two);
        let mut slow = relations;
        assign_relation_ids_slowly(&mut slow);
        if let Some(one) = &one {
            assert_eq!(one, &ids(&slow));
        }
        one
    }

    #[test]
    fn ids_from_ranks_equal_ids_from_bases_and_made_then_sorted() {
        // As below: twelve repeats of one base, bases that are prefixes of others, ids shorter
        // than the 8-byte heads, ids that are prefixes of others ("b", "b_x", "bb").
        let mut ends = vec![("b", "c"); 12];
        ends.extend([("b", "c_d"), ("b", "c2"), ("a", "b"), ("a", "b"), ("b_x", "a"), ("japan", "russia")]);
        ends.extend([("russia", "japan"), ("b", "c_d"), ("a", "bb"), ("ab", "a"), ("b", "c"), ("zz", "a")]);
        ends.rotate_left(5);
        let (fast, _) = both_ways(&ends);
        for turn in 0..4 {
            assert_eq!(ranked_or_refused(&ends, turn).as_ref(), Some(&fast));
        }
    }

    #[test]
    fn ranks_are_refused_where_they_would_not_order_the_ids() {
        // A byte that sorts before '.' ('!', ' ', '-'), in an end or only in another entity's id.
        for odd in ["b!", "b ", "b-c", "-"] {
            assert_eq!(ranked_or_refused(&[("a", "b"), ("a", odd), ("a", "b")], 0), None, "{odd}");
            let order = IdOrder::of(&["a", "b", odd], |id: &&str| *id);
            assert!(order.ranks().is_none(), "{odd}");
        }
        // Repeated entity ids, which would share no rank.
        assert!(IdOrder::of(&["a", "b", "a"], |id: &&str| *id).ranks().is_none());
        assert!(IdOrder::of(&["a", "b", "c"], |id: &&str| *id).ranks().is_some());
        // An end that was not declared (check 2's u32::MAX), or past the ranks.
        let kind = RelationKind::ALL[0];
        assert!(RankedOrder::of(&[(0, 1, kind)], &[0, 1]).is_some());
        assert!(RankedOrder::of(&[(0, u32::MAX, kind)], &[0, 1]).is_none());
        assert!(RankedOrder::of(&[(2, 0, kind)], &[0, 1]).is_none());
        // Every kind's name is plain, so the kinds never refuse the ranks.
        assert!(kinds_by_name().is_some());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        /// Ids over a small alphabet (prefixes of each other, repeated relations, runs past ten
        /// repeats), and now and then a byte before '.': the ranked order is the slow way's, or
        /// refused exactly when an id holds such a byte.
        #[test]
        fn ranked_ids_match_ids_made_then_sorted(
            ids in proptest::collection::vec("[ab_0-]{1,3}", 1..12),
            picks in proptest::collection::vec((0usize..12, 0usize..12, 1usize..13), 0..30),
            turn in 0usize..12,
        ) {
            let mut ends: Vec<(&str, &str)> = Vec::new();
            for &(s, o, times) in &picks {
                let (s, o) = (ids[s % ids.len()].as_str(), ids[o % ids.len()].as_str());
                ends.extend(std::iter::repeat_n((s, o), if times > 10 { times } else { 1 }));
            }
            let got = ranked_or_refused(&ends, turn);
            let odd = ends.iter().flat_map(|(s, o)| [s, o]).any(|id| id.bytes().any(|b| b <= b'.'));
            proptest::prop_assert_eq!(got.is_none(), odd);
        }
    }

    #[test]
    fn ids_sorted_at_once_equal_ids_made_then_sorted() {
        // Twelve repeats of one base (".10" and ".11" sort before ".2"), bases that are prefixes
        // of others, ids shorter than the 8-byte heads, and the input in no order.
        let mut ends = vec![("b", "c"); 12];
        ends.extend([("b", "c_d"), ("b", "c2"), ("a", "b"), ("a", "b"), ("b_x", "a"), ("japan", "russia")]);
        ends.extend([("russia", "japan"), ("b", "c_d"), ("a", "bb"), ("ab", "a"), ("b", "c"), ("zz", "a")]);
        ends.rotate_left(5);
        let (fast, slow) = both_ways(&ends);
        assert_eq!(fast, slow);
        let at = |id: &str| fast.iter().position(|(i, _)| i == id);
        assert!(at("b.signed.c.10").is_some() && at("b.signed.c.10") < at("b.signed.c.2"), "{fast:?}");
    }

    #[test]
    fn ids_that_sort_before_the_dot_take_the_slow_way_with_the_same_result() {
        // '!' sorts before '.': "a.signed.b!" comes before "a.signed.b.2", though its base comes
        // after "a.signed.b". (Not a valid id; the order must hold all the same.)
        let (fast, slow) = both_ways(&[("a", "b"), ("a", "b!"), ("a", "b"), ("a", "b "), ("a", "b")]);
        assert_eq!(fast, slow);
        assert_eq!(fast[0].0, "a.signed.b");
    }
}

#[cfg(test)]
mod finish_tests {
    use super::*;

    /// The entities and relations finished, by the finish or the one before round 17.
    fn finished(mut unfinished: Unfinished, text: &EssayText, now: bool) -> (Vec<Entity>, Vec<Relation>) {
        if now {
            unfinished.finish(text);
        } else {
            unfinished.finish_in_steps(text);
        }
        (unfinished.entities, unfinished.relations)
    }

    /// Loads `sources`, and at the finish compares the finish with the one before round 17
    /// ([`Unfinished::finish_in_steps`]) on one thread and on two, with the relations' order
    /// found from the ends' ranks and (the ranks taken away) from the bases; returns how many
    /// relations were finished, after checking that the reference sorted them.
    fn compare(sources: &Sources) -> usize {
        let prepared = parse(sources, Essay::Borrowed(&sources.essay.text)).expect("the test files parse");
        let mut count = 0;
        let data = check_with(prepared, &FileNames::of(sources), |unfinished, text| {
            // Valid files: every entity kept, ids plain, so the ranks are there.
            assert!(unfinished.ranks.is_some());
            let (entities, relations) = finished(unfinished.clone(), text, false);
            assert!(entities.windows(2).all(|w| w[0].id < w[1].id));
            assert!(relations.windows(2).all(|w| w[0].id < w[1].id));
            assert!(relations.iter().all(|r| r.id.starts_with(&format!("{}.{}.", r.subject, r.kind.name()))));
            for parallel in [false, true] {
                for ranked in [true, false] {
                    let mut other = unfinished.clone();
                    other.parallel = parallel;
                    if !ranked {
                        other.ranks = None;
                    }
                    let (e, r) = finished(other, text, true);
                    assert!(e == entities, "entities differ (parallel {parallel}, ranked {ranked})");
                    assert!(r == relations, "relations differ (parallel {parallel}, ranked {ranked})");
                }
            }
            unfinished.finish(text);
            count = unfinished.relations.len();
        })
        .expect("the test files load");
        assert_eq!(data.relations.len(), count);
        count
    }

    /// Files of `ids.len()` entities (States named `Name0`, `Name1`... in the essay, each with its
    /// own sentence) and a relation per pick (subject, object, kind among three, how many copies;
    /// every third one a background fact), each quoting its subject's sentence.
    fn corpus(ids: &[String], picks: &[(usize, usize, usize, usize)]) -> Sources {
        let mut essay = String::from("A Generated Essay\n\n");
        let mut e = String::new();
        for (k, id) in ids.iter().enumerate() {
            essay += &format!("Name{k} spoke. Then Name{k} was named again.\n");
            e += &format!(
                "[[entity]]\nid = \"{id}\"\ntype = \"State\"\nlabel = \"Name{k}\"\nquote = \"Name{k} spoke.\"\n\n"
            );
        }
        let kinds = ["allied_with", "blamed", "in_tune_with"];
        let (mut stated, mut background) = (String::new(), String::new());
        for (n, &(s, o, kind, times)) in picks.iter().enumerate() {
            let (s, mut o) = (s % ids.len(), o % ids.len());
            if s == o {
                o = (o + 1) % ids.len();
            }
            for _ in 0..times {
                let (subject, object, kind) = (&ids[s], &ids[o], kinds[kind % 3]);
                let head =
                    format!("[[relation]]\nsubject = \"{subject}\"\nrelation = \"{kind}\"\nobject = \"{object}\"\n");
                if n % 3 == 2 {
                    background += &format!("{head}basis = \"generated\"\ncontext = \"Name{s} spoke.\"\n\n");
                } else {
                    stated += &format!("{head}quote = \"Name{s} spoke.\"\n\n");
                }
            }
        }
        Sources {
            essay: Source::new("essay.txt", essay),
            entities: Source::new("entities.toml", e),
            relations: Source::new("relations.toml", stated),
            background: Source::new("background.toml", background),
            coverage: Source::new("coverage.toml", ""),
        }
    }

    #[test]
    fn the_finish_equals_the_finish_in_steps_on_the_built_in_essay() {
        assert!(compare(&Sources::builtin()) > 100);
    }

    #[test]
    fn the_finish_equals_the_finish_in_steps_with_repeats_and_prefixes() {
        // Ids that are prefixes of others, twelve copies of one relation (".10" sorts before
        // ".2"), relations both ways, in no order.
        let ids: Vec<String> = ["b", "b_x", "bb", "a", "ab", "russia", "japan", "c2", "c"].map(String::from).to_vec();
        let picks =
            [(0, 8, 0, 12), (0, 1, 1, 1), (3, 0, 0, 2), (1, 3, 2, 1), (6, 5, 0, 1), (5, 6, 0, 3), (4, 3, 1, 11)];
        assert_eq!(compare(&corpus(&ids, &picks)), 31);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Random ids (prefixes of each other), relations among them with repeats past ten:
        /// the finish is the finish in steps, on one thread and two, ranked or not.
        #[test]
        fn the_finish_equals_the_finish_in_steps(
            ids in proptest::collection::hash_set("[ab_][ab_0]{0,3}", 2..10),
            picks in proptest::collection::vec((0usize..10, 0usize..10, 0usize..3, 1usize..13), 1..24),
        ) {
            let ids: Vec<String> = ids.into_iter().filter(|id| is_valid_id(id)).collect();
            proptest::prop_assume!(ids.len() >= 2);
            let picks: Vec<_> = picks.into_iter().map(|(s, o, k, t)| (s, o, k, if t > 10 { t } else { 1 })).collect();
            let expected: usize = picks.iter().map(|p| p.3).sum();
            proptest::prop_assert_eq!(compare(&corpus(&ids, &picks)), expected);
        }
    }
}

#[cfg(test)]
mod first_use_tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The pairs sorted by buckets of their hashes' top bits are the pairs sorted whole,
        /// for hashes that share their top bits, their whole value or nothing, some texts not
        /// kept; and [`first_uses`] finds each text's first equal one.
        #[test]
        fn pairs_sorted_by_buckets_are_sorted_whole(
            items in proptest::collection::vec((0u64..4, proptest::prelude::any::<u64>(), 0u8..6), 0..300),
        ) {
            let hashes: Vec<u64> = items
                .iter()
                .map(|&(kind, h, _)| match kind {
                    0 => h,
                    1 => h >> 40,
                    2 => h | (u64::MAX << 50),
                    _ => h % 3,
                })
                .collect();
            let first: Vec<u32> = items
                .iter()
                .enumerate()
                .map(|(i, &(_, _, t))| if t == 0 { UNSEARCHED } else { i as u32 })
                .collect();
            let count = first.iter().filter(|&&f| f != UNSEARCHED).count();
            let mut whole: Vec<(u64, u32)> = hashes
                .iter()
                .zip(&first)
                .enumerate()
                .filter(|(_, (_, &f))| f != UNSEARCHED)
                .map(|(i, (&h, _))| (h, i as u32))
                .collect();
            whole.sort_unstable();
            proptest::prop_assert_eq!(sorted_by_hash(&hashes, &first, count), whole);

            let texts: Vec<String> = items.iter().map(|&(_, h, t)| format!("{}{}", h % 5, t)).collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let kept = |t: &str| !t.ends_with('0');
            let got = first_uses(&texts, kept);
            for (i, t) in texts.iter().enumerate() {
                let expected = if kept(t) { texts.iter().position(|u| u == t).unwrap() as u32 } else { UNSEARCHED };
                proptest::prop_assert_eq!(got[i], expected);
            }
        }
    }
}

#[cfg(test)]
mod name_conflict_tests {
    use super::*;
    use crate::names::name_key;

    /// The entities that claim a name, the first without a list.
    struct Owners {
        first: Claim,
        more: Vec<Claim>,
    }

    /// [`name_conflicts`] as it was before round 18 (the reference the tests hold it to): a
    /// `String` per name key and a hash map keyed by the keys' 64-bit hashes.
    ///
    /// Memory: the keys are held side by side in one buffer and found by their 64-bit hash (keys
    /// that share a hash with another key are kept apart by their text, so the answer is exact),
    /// without a `String` per name (at a million relations, ~900,000 names).
    fn name_conflicts_by_hash(
        pieces: &[EntitiesFile],
        lines: &[u32],
        declared: &Declarations,
        file: &str,
    ) -> Vec<Problem> {
        let n: usize = pieces.iter().map(|p| p.entity.len()).sum();
        let hasher = foldhash::fast::RandomState::default();
        // name key hash -> (the key in `keys`, the entities that claim it); each entity by the index
        // of the first entity with its id (no list allocated for a name with one owner).
        let mut by_hash: HashMap<u64, (u32, u32, Owners)> =
            HashMap::with_capacity_and_hasher(2 * n, Default::default());
        let mut keys = String::new();
        let mut collided: HashMap<String, Owners> = HashMap::default();
        for (index, (spanned, &line)) in pieces.iter().flat_map(|piece| &piece.entity).zip(lines).enumerate() {
            let raw = spanned.get_ref();
            let owner = declared.first.get(index).copied().unwrap_or(index as u32);
            let shared_keys: Vec<String> = raw.shared_aliases.iter().map(|s| name_key(s)).collect();
            let mut claim = |key: &str, shared: bool| {
                let claim = (owner, line, shared);
                match by_hash.entry(std::hash::BuildHasher::hash_one(&hasher, key)) {
                    std::collections::hash_map::Entry::Occupied(mut e) => {
                        let (start, len, owners) = e.get_mut();
                        if &keys[*start as usize..(*start + *len) as usize] == key {
                            owners.more.push(claim);
                        } else {
                            match collided.get_mut(key) {
                                Some(owners) => owners.more.push(claim),
                                None => {
                                    collided.insert(key.to_string(), Owners { first: claim, more: Vec::new() });
                                }
                            }
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert((keys.len() as u32, key.len() as u32, Owners { first: claim, more: Vec::new() }));
                        keys.push_str(key);
                    }
                }
            };
            for name in std::iter::once(&raw.label).chain(&raw.aliases).chain(&raw.background_aliases) {
                let key = name_key(name);
                let shared = shared_keys.contains(&key);
                claim(&key, shared);
            }
            for key in &shared_keys {
                claim(key, true);
            }
        }
        let conflicting = |owners: &Owners| owners.more.iter().any(|o| o.0 != owners.first.0);
        let claims = |owners: &Owners| -> Vec<Claim> {
            std::iter::once(owners.first).chain(owners.more.iter().copied()).collect()
        };
        let mut conflicts: Vec<(&str, Vec<Claim>)> = by_hash
            .values()
            .filter(|(_, _, owners)| conflicting(owners))
            .map(|(start, len, owners)| (&keys[*start as usize..(*start + *len) as usize], claims(owners)))
            .chain(
                collided
                    .iter()
                    .filter(|(_, owners)| conflicting(owners))
                    .map(|(key, owners)| (key.as_str(), claims(owners))),
            )
            .collect();
        conflicts.sort_by(|a, b| a.0.cmp(b.0));
        // The id of each entity index that owns a conflicting name (found only when there is one).
        let id_of: HashMap<u32, &str> = if conflicts.is_empty() {
            HashMap::default()
        } else {
            declared.ids.iter().map(|(id, d)| (d.first, id.as_str())).collect()
        };
        let mut problems = Vec::new();
        for (key, owners) in conflicts {
            let mut ids: Vec<&str> = owners.iter().filter_map(|(owner, _, _)| id_of.get(owner).copied()).collect();
            ids.sort();
            ids.dedup();
            if ids.len() > 1 && !owners.iter().all(|(_, _, shared)| *shared) {
                let (_, line, _) = owners.iter().find(|(_, _, shared)| !shared).unwrap_or(&owners[0]);
                problems.push(Problem {
                    file: file.to_string(),
                    line: Some(*line as usize),
                    subject: Some(format!("name \"{key}\"")),
                    message: format!(
                        "the name is claimed by {}; list it under shared_aliases of each if it really names all of them",
                        ids.join(" and ")
                    ),
                });
            }
        }
        problems
    }

    /// One entity of the test files: (id, label, aliases, background aliases, shared aliases).
    type Names<'a> = (&'a str, &'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);

    fn strs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    /// An entities file of `entities` (the essay and the other files do not matter here).
    fn sources(entities: &[Names]) -> Sources {
        let list =
            |names: &[&str]| names.iter().map(|n| format!("\"{}\"", n.escape_debug())).collect::<Vec<_>>().join(", ");
        let mut e = String::new();
        for (id, label, aliases, background, shared) in entities {
            e += &format!(
                "[[entity]]\nid = \"{id}\"\ntype = \"Person\"\nlabel = \"{}\"\nquote = \"x\"\n",
                label.escape_debug()
            );
            for (field, names) in [("aliases", aliases), ("background_aliases", background), ("shared_aliases", shared)]
            {
                if !names.is_empty() {
                    e += &format!("{field} = [{}]\n", list(names));
                }
            }
            e += "\n";
        }
        Sources {
            essay: Source::new("essay.txt", "An essay.\n"),
            entities: Source::new("entities.toml", e),
            relations: Source::new("relations.toml", ""),
            background: Source::new("background.toml", ""),
            coverage: Source::new("coverage.toml", ""),
        }
    }

    /// The name conflicts of `entities` found both ways: the same problems (asserted); returns
    /// them.
    fn compare(entities: &[Names]) -> Vec<Problem> {
        let sources = sources(entities);
        let prepared = parse(&sources, Essay::Borrowed(&sources.essay.text)).expect("the test files parse");
        let (pieces, lines) = (&prepared.parsed.entities, &prepared.lines[0]);
        assert_eq!(lines.len(), entities.len());
        let declared = Declarations::of(pieces, lines);
        let new = name_conflicts(pieces, lines, &declared, "entities.toml");
        let old = name_conflicts_by_hash(pieces, lines, &declared, "entities.toml");
        assert_eq!(new, old);
        new
    }

    #[test]
    fn name_conflicts_are_found_as_the_hash_keyed_map_found_them() {
        let problems = compare(&[
            ("russia", "Russia", vec!["the Russians"], vec![], vec![]),
            ("russia_empire", "Russian Empire", vec![], vec!["RUSSIA"], vec![]),
            ("japan", "Japan", vec!["Nippon"], vec![], vec!["the Islands"]),
            ("japan_islands", "Japanese islands", vec!["Islands"], vec![], vec!["islands"]),
            ("ussr", "the Soviet Union", vec!["Soviet-Union"], vec!["U.S.S.R."], vec![]),
            ("soviets", "Soviets", vec![], vec![], vec!["soviet union"]),
            ("tokyo", "Tōkyō", vec![], vec![], vec![]),
            ("tokyo_city", "Tokyo", vec![], vec![], vec![]),
            // A repeated id claims for its first declaration: no conflict with itself.
            ("russia", "Russia", vec![], vec![], vec![]),
            ("dash", "--", vec![], vec![], vec![]),
            ("dots", "...", vec![], vec![], vec![]),
            ("a", "Ab", vec!["ab", "AB"], vec![], vec!["ab"]),
            ("b", "Ab", vec![], vec![], vec!["ab"]),
        ]);
        let subjects: Vec<_> = problems.iter().map(|p| (p.subject.clone().unwrap(), p.line.unwrap())).collect();
        // Sorted by key; the line of the first claim not shared; "ab" shared by both.
        assert_eq!(
            subjects,
            [
                ("name \"\"".to_string(), 64),
                ("name \"russia\"".to_string(), 1),
                ("name \"sovietunion\"".to_string(), 31),
                ("name \"tokyo\"".to_string(), 46),
            ]
        );
        assert!(problems[1].message.contains("russia and russia_empire"), "{}", problems[1].message);
        assert!(compare(&[("a", "A", vec![], vec![], vec![]), ("b", "B", vec![], vec![], vec![])]).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Random entities whose ids repeat and whose names, of a few letters, collide often (by
        /// case, spacing, a leading "the", accents): the same problems both ways.
        #[test]
        fn name_conflicts_equal_the_hash_keyed_ones(
            entities in proptest::collection::vec(
                (
                    "[abc]",
                    "(the )?[aAbB][ -]?[aAé]?",
                    proptest::collection::vec("[aAbB][ .]?[aé]?", 0..3),
                    proptest::collection::vec("[aAbB][aé]?", 0..2),
                    proptest::collection::vec("(The )?[aAbB][aé]?", 0..2),
                ),
                1..12,
            ),
        ) {
            let entities: Vec<Names> = entities
                .iter()
                .map(|(id, label, aliases, background, shared)| {
                    (id.as_str(), label.as_str(), strs(aliases), strs(background), strs(shared))
                })
                .collect();
            compare(&entities);
        }
    }
}

#[cfg(test)]
mod pieces_tests {
    use super::*;

    /// `n` relation records whose quotes hold multi-byte characters (3 bytes each), so that a
    /// piece's nominal end falls inside a character somewhere; `lead` goes before the first.
    fn records(lead: &str, n: usize) -> String {
        let mut text = lead.to_string();
        for i in 0..n {
            text.push_str(&format!(
                "[[relation]]\nsubject = \"a{i}\"\nrelation = \"signed\"\nobject = \"b\"\nquote = \"\u{2018}{}\u{2019}\"\n\n",
                "\u{2014}".repeat(i % 7 + 20)
            ));
        }
        text
    }

    /// The pieces cover the text in order, each starts at a header line (the first at the file's
    /// start), and each is a `str` of its own (cut on character boundaries).
    fn check(text: &str, ranges: &[std::ops::Range<usize>]) {
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(text[pair[1].clone()].starts_with("[[relation]]\n"));
        }
        for r in ranges {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn a_file_whose_first_line_is_the_header_is_cut_into_pieces() {
        // (Before: the first header was looked for after a newline only, so such a file, as every
        // generated corpus is written, was parsed whole on one thread.)
        let text = records("", 50_000);
        assert!(text.len() > 3 * PIECE_BYTES);
        let ranges = pieces(&text, "[[relation]]");
        assert!(ranges.len() >= 3, "{} pieces", ranges.len());
        check(&text, &ranges);
    }

    #[test]
    fn cuts_never_fall_inside_a_character() {
        // Shifts of the records against the piece size, over a whole record: some put the first
        // piece's nominal end inside a three-byte character (before: a panic, "byte index is not
        // a char boundary").
        let mut inside = false;
        for pad in (0..160).step_by(10) {
            let text = records(&format!("# {}\n", "x".repeat(pad)), 30_000);
            inside |= !text.is_char_boundary(PIECE_BYTES);
            let ranges = pieces(&text, "[[relation]]");
            assert!(ranges.len() >= 2, "{} pieces", ranges.len());
            check(&text, &ranges);
        }
        assert!(inside, "no cut was tried inside a character");
    }

    #[test]
    fn files_that_could_change_meaning_are_not_cut() {
        for lead in ["title = \"x\"\n", "[meta]\nx = 1\n"] {
            let text = records(lead, 30_000);
            assert_eq!(pieces(&text, "[[relation]]"), vec![0..text.len()], "{lead:?}");
        }
        let text = records("note = '''\n[[relation]]\n'''\n", 30_000);
        assert_eq!(pieces(&text, "[[relation]]"), vec![0..text.len()]);
        let small = records("", 10);
        assert_eq!(pieces(&small, "[[relation]]"), vec![0..small.len()]);
    }
}

#[cfg(test)]
mod read_tests {
    use super::*;

    /// What [`Sources::read_dir_shared`] read, as text: each file's name and text, or the error.
    fn shared(dir: &Path, parallel: bool) -> Result<Vec<(String, String)>, String> {
        let (essay, sources) = Sources::read_dir_shared(dir, parallel).map_err(|e| format!("{e:?}"))?;
        let Essay::Shared(essay) = essay else { panic!("the essay is read shared") };
        assert_eq!(sources.essay.text, "");
        Ok(files(Sources { essay: Source::new(sources.essay.name.clone(), essay.as_str()), ..sources }))
    }

    fn files(sources: Sources) -> Vec<(String, String)> {
        [sources.essay, sources.entities, sources.relations, sources.background, sources.coverage]
            .into_iter()
            .map(|s| (s.name, s.text.to_string()))
            .collect()
    }

    /// Reads `dir` on one thread and on two, and one by one in order ([`Sources::read_dir`], the
    /// reference): the same files or the same error.
    fn compare(dir: &Path) -> Result<Vec<(String, String)>, String> {
        let reference = Sources::read_dir(dir).map(files).map_err(|e| format!("{e:?}"));
        for parallel in [false, true] {
            assert_eq!(shared(dir, parallel), reference, "parallel {parallel}");
        }
        reference
    }

    #[test]
    fn files_read_on_two_threads_are_the_files_read_in_order() {
        let dir = std::env::temp_dir().join(format!("kg-read-tests-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let write = |file: &str, bytes: &[u8]| std::fs::write(dir.join(file), bytes).unwrap();
        // Nothing there: the essay's error comes first.
        assert!(compare(&dir).unwrap_err().contains("essay.txt"));
        write("essay.txt", "\u{FEFF}An essay.\n".as_bytes());
        // The entities' error before the relations'.
        assert!(compare(&dir).unwrap_err().contains("entities.toml"));
        write("entities.toml", b"[[entity]]\n");
        assert!(compare(&dir).unwrap_err().contains("relations.toml"));
        // Not UTF-8 in two files: the first in order is reported.
        write("relations.toml", b"x = \"\xFF\"\n");
        write("background.toml", b"\xC0");
        assert!(compare(&dir).unwrap_err().contains("relations.toml"));
        write("relations.toml", b"[[relation]]\n");
        assert!(compare(&dir).unwrap_err().contains("background.toml"));
        // Optional files missing, then all there.
        std::fs::remove_file(dir.join("background.toml")).unwrap();
        let read = compare(&dir).unwrap();
        assert_eq!(read[0].1, "An essay.\n");
        assert_eq!(read[3].1, "");
        write("background.toml", b"# facts\n");
        write("coverage.toml", b"# left out\n");
        assert_eq!(compare(&dir).unwrap()[4].1, "# left out\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[cfg(test)]
mod huge_page_tests {
    use super::*;

    #[test]
    fn only_whole_pages_of_large_buffers_are_advised() {
        // Aligned: the whole buffer.
        assert_eq!(huge_page_span(1 << 30, 4 << 20), Some((1 << 30, 4 << 20)));
        // Unaligned ends are cut to whole 4 KiB pages inside the buffer, never outside it.
        let (start, len) = huge_page_span((1 << 30) + 16, (8 << 20) - 16).unwrap();
        assert_eq!((start, len), ((1 << 30) + 4096, (8 << 20) - 4096));
        // Refused: smaller than HUGE_PAGES_FROM, or smaller once cut to whole pages, or wrapping.
        assert_eq!(huge_page_span(1 << 30, (4 << 20) - 1), None);
        assert_eq!(huge_page_span((1 << 30) + 1, 4 << 20), None);
        assert_eq!(huge_page_span(1 << 30, 0), None);
        assert_eq!(huge_page_span(usize::MAX - 4096, 8 << 20), None);
    }

    #[test]
    fn huge_buffers_hold_what_plain_ones_hold() {
        let mut v: Vec<u64> = huge_vec(1 << 20);
        assert!(v.is_empty() && v.capacity() >= 1 << 20);
        v.extend(0..1 << 20);
        v.push(7);
        assert_eq!(v.len(), (1 << 20) + 1);
        assert!(v.iter().take(1 << 20).enumerate().all(|(i, &x)| x == i as u64));
        let mut s = huge_string(5 << 20);
        s.push_str("ł.a");
        assert_eq!(s, "ł.a");
        let small: Vec<u8> = huge_vec(10);
        assert!(small.capacity() >= 10);
    }

    /// On Linux the advice reaches the kernel: the pages of a large buffer lie in a mapping marked
    /// `hg` (MADV_HUGEPAGE) in /proc/self/smaps. (Whether the kernel then uses huge pages depends
    /// on its settings; the mark does not.)
    #[cfg(target_os = "linux")]
    #[test]
    fn the_kernel_is_asked_for_huge_pages() {
        // The advice is given by hand here, to see whether the kernel took it: a kernel built with
        // transparent huge pages (it then has the file below) must take it, whatever its setting.
        let v: Vec<u8> = Vec::with_capacity(16 << 20);
        let (start, len) = huge_page_span(v.as_ptr() as usize, v.capacity()).unwrap();
        let taken = advise_huge_pages(v.as_ptr() as usize, v.capacity());
        let has_thp = std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists();
        assert!(taken || !has_thp, "this kernel has transparent huge pages but refused MADV_HUGEPAGE");
        if !taken {
            // Without them the advice is refused, and no mapping can carry the mark: the buffer is
            // still an ordinary one (`huge_buffers_hold_what_plain_ones_hold`).
            return;
        }
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut within = None;
        for line in smaps.lines() {
            let range = line.split(' ').next().unwrap_or("");
            if let Some((a, b)) = range.split_once('-') {
                if let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16)) {
                    within = Some(a <= start && start + len <= b);
                    continue;
                }
            }
            if within == Some(true) && line.starts_with("VmFlags:") {
                assert!(line.split_whitespace().any(|f| f == "hg"), "{line}");
                return;
            }
        }
        panic!("no mapping holds the buffer");
    }
}
