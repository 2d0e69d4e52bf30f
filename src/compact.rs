//! The built-in dataset's compact form: what `build.rs` writes (in postcard, beside one text file)
//! and [`crate::load_builtin`] decodes at every start. It is the [`Dataset`] with every string a
//! span of one text embedded beside the encoded bytes (so decoding, from the `'static` text
//! embedded in the binary, gives `'static` [`SharedStr`]s and allocates none of them: ids,
//! labels, aliases, notes, roles and every other string of the model), every quote a span
//! of the essay (its character offsets and its byte offsets), and every reference to an entity
//! its index; and the graph's name index (`src/name_table.rs`).
//!
//! A field added to the model fails to compile here until it is encoded: both conversions
//! build and take apart every struct with all its fields named.

use serde::{Deserialize, Serialize};

use crate::coverage::{CoverageReport, Phrase};
use crate::model::{
    Dataset, Dated, Entity, EntityType, Evidence, HistDate, Id, LeftOut, Provenance, Qualifiers, Quantity, Relation,
    RelationKind, SharedStr,
};
use crate::name_table::NameTable;

/// The dataset, borrowed from its encoded bytes. Its strings are spans of one string (`strings`,
/// where checking each of ~3,000 `&str` fields as UTF-8 cost ~0.13 M instructions at every
/// start), which with the essay and the name index's keys is one text beside the bytes
/// ([`encode`]), embedded by `include_str!` and so checked as UTF-8 when kg is compiled (postcard
/// checked the three at every start, ~0.04 M instructions); its lists of names and of passages are runs of fixed-width tables
/// (`lists`, `spans`) that decoding reads straight into the model's `Vec`s, and its entities,
/// numbers, relations and left-out phrases are fixed-width records of little-endian `u32`s
/// (`records`: postcard's variable-length integers, read field by field through serde, were
/// ~0.4 M instructions of the 0.54 M decode at every start).
#[derive(Serialize, Deserialize)]
struct Compact<'a> {
    /// Where the essay ends in the text, and where `strings` ends (the name index's keys follow).
    essay_end: u32,
    strings_end: u32,
    /// `(start, end)` of a string in `strings`, little-endian `u32`s, per name of a [`List`].
    lists: &'a [u8],
    /// A [`Span`] per passage of a [`Runs`], four little-endian `u32`s.
    spans: &'a [u8],
    title: Str,
    /// [`ENTITY`] words per entity, in [`Dataset::entities`]' order.
    entities: &'a [u8],
    /// [`QUANTITY`] words per number of an entity, the entities' numbers one after the other.
    numbers: &'a [u8],
    /// [`RELATION`] words per relation.
    relations: &'a [u8],
    /// A phrase and its reason (two [`Str`]s) per phrase left out.
    left_out: &'a [u8],
    /// The name index (`src/name_table.rs`): its entries (12 bytes each; the sorted keys are the
    /// end of the text).
    name_entries: &'a [u8],
    /// The coverage report (`src/coverage.rs`) of the dataset, which `kg check` prints.
    #[serde(borrow)]
    coverage: CompactCoverage<'a>,
}

/// A [`CoverageReport`], read only by `kg check` (so that decoding allocates nothing for it):
/// its unaccounted phrases as runs of `spans` (and whether each is numeric), its left-out
/// phrases as indices in [`Dataset::left_out`], little-endian `u32`s.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct CompactCoverage<'a> {
    unaccounted: Runs,
    numeric: &'a [u8],
    left_out_used: &'a [u8],
    left_out_stale: &'a [u8],
    tokens: u64,
    tokens_accounted: u64,
}

/// What [`decode`] gives: the dataset, and what `build.rs` derived from it.
pub(crate) struct Decoded {
    pub(crate) data: Dataset,
    pub(crate) names: NameTable,
    coverage: CompactCoverage<'static>,
    tables: Reader,
    /// The relations' records, which hold their ends and qualifiers as entity indices.
    pub(crate) relation_records: &'static [u8],
}

/// A relation's subject, object and the entities its qualifiers name (`under`, `place`), as
/// indices in [`Dataset::entities`].
pub(crate) type RelationEnds = (usize, usize, [Option<usize>; 2]);

/// Each relation's [`RelationEnds`], read in place from its record in `relation_records`
/// ([`Decoded::relation_records`]), so that the graph is built without looking an id up; `None`
/// for a malformed record.
pub(crate) fn relation_ends(relation_records: &[u8]) -> impl ExactSizeIterator<Item = Option<RelationEnds>> + '_ {
    relation_records.chunks_exact(4 * RELATION).map(|record| {
        let mut c = Cursor::<RELATION>::new(record)?;
        c.str()?;
        let subject = c.word()? as usize;
        c.word()?;
        let object = c.word()? as usize;
        let (under, place) = (c.index()?, c.index()?);
        Some((subject, object, [under.map(|i| i as usize), place.map(|i| i as usize)]))
    })
}

impl Decoded {
    /// The dataset's coverage report, as `build.rs` made it.
    pub(crate) fn coverage_report(&self) -> Option<CoverageReport> {
        coverage_report(&self.coverage, &self.tables, &self.data.left_out)
    }
}

/// The coverage report `c`, its phrases read by `t`, its left-out phrases indices in `left_out`.
fn coverage_report(c: &CompactCoverage, t: &Reader, left_out: &[LeftOut]) -> Option<CoverageReport> {
    let evidence = t.runs(c.unaccounted)?;
    if evidence.len() != c.numeric.len() {
        return None;
    }
    let unaccounted =
        evidence.into_iter().zip(c.numeric).map(|(evidence, n)| Phrase { evidence, numeric: *n != 0 }).collect();
    let indexed = |bytes: &[u8]| -> Option<Vec<LeftOut>> {
        bytes.chunks_exact(4).map(|b| left_out.get(u32_at(b, 0)?).cloned()).collect()
    };
    Some(CoverageReport {
        unaccounted,
        left_out_used: indexed(c.left_out_used)?,
        left_out_stale: indexed(c.left_out_stale)?,
        tokens: usize::try_from(c.tokens).ok()?,
        tokens_accounted: usize::try_from(c.tokens_accounted).ok()?,
    })
}

/// The coverage report encoded by [`encode`] in `bytes` and `text`, read without decoding the
/// entities, relations or name index (`kg check` prints the report and nothing else of the
/// dataset: decoding them was ~0.33 M of its 0.56 M instructions); `None` when they are not
/// such an encoding, as [`decode`] would say.
pub(crate) fn decode_coverage(bytes: &'static [u8], text: &'static str) -> Option<CoverageReport> {
    let compact: Compact<'static> = postcard::from_bytes(bytes).ok()?;
    let t = Reader::new(&compact, text)?;
    let left_out = left_out(&t, compact.left_out)?;
    coverage_report(&compact.coverage, &t, &left_out)
}

/// The title encoded by [`encode`] in `bytes` and `text`, read without decoding the dataset
/// (`kg sparql` of the built-in essay needs nothing else of it: the base IRI of its prefixes is
/// made from the title); `None` when they are not such an encoding, as [`decode`] would say.
pub(crate) fn decode_title(bytes: &'static [u8], text: &'static str) -> Option<&'static str> {
    let compact: Compact<'static> = postcard::from_bytes(bytes).ok()?;
    Reader::new(&compact, text)?.str(compact.title)
}

/// The phrases left out, [`LEFT_OUT`] words each in `table`.
fn left_out(t: &Reader, table: &[u8]) -> Option<Vec<LeftOut>> {
    let mut left_out = Vec::with_capacity(table.len() / (4 * LEFT_OUT));
    for record in records(table, LEFT_OUT)? {
        let mut c = Cursor::<LEFT_OUT>::new(record)?;
        left_out.push(LeftOut { phrase: t.string(c.str()?)?, reason: t.string(c.str()?)? });
    }
    Some(left_out)
}

/// Bytes `0..1` of `strings`.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Str(u32, u32);

/// Names `0..1` of `lists`.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct List(u32, u32);

/// Passages `0..1` of `spans`.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Runs(u32, u32);

/// An [`Evidence`]: characters `start..end` of the essay, which are its bytes `from..to`.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    from: u32,
    to: u32,
}

/// The words of an entity's record: id, type (its index in [`EntityType::ALL`]), label, three
/// lists of names, Wikidata id, evidence, note, date, start, end (a date word pair and a span
/// each), its numbers (a run of the numbers' table) and its two runs of passages.
const ENTITY: usize = 2 + 1 + 2 + 3 * 2 + 2 + 4 + 2 + 3 * 6 + 2 + 2 * 2;
/// The words of a number: property, value (low word first), unit, evidence.
const QUANTITY: usize = 2 + 2 + 2 + 4;
/// The words of a relation: id, subject, kind (its index in [`RelationKind::ALL`]), object,
/// under, place, date, start, end, role, whether it is background, its passage (the quote, or a
/// background fact's context), basis, note.
const RELATION: usize = 2 + 1 + 1 + 1 + 2 + 3 * 2 + 2 + 1 + 4 + 2 + 2;
/// The words of a phrase left out: the phrase and the reason.
const LEFT_OUT: usize = 2 + 2;
/// The word of an absent value (an optional string, span, reference or date).
const NONE: u32 = u32::MAX;

/// `n` as a `u32`, or `None` past 4 GiB.
fn n32(n: usize) -> Option<u32> {
    u32::try_from(n).ok()
}

/// The tables being written.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Default)]
struct Tables {
    strings: String,
    lists: Vec<u8>,
    spans: Vec<u8>,
}

#[cfg_attr(not(test), allow(dead_code))]
impl Tables {
    fn str(&mut self, s: &str) -> Option<Str> {
        let start = n32(self.strings.len())?;
        self.strings.push_str(s);
        Some(Str(start, n32(self.strings.len())?))
    }

    fn opt(&mut self, s: Option<&str>) -> Option<Option<Str>> {
        match s {
            Some(s) => Some(Some(self.str(s)?)),
            None => Some(None),
        }
    }

    fn list(&mut self, names: &[SharedStr]) -> Option<List> {
        let first = n32(self.lists.len() / 8)?;
        for name in names {
            let Str(a, b) = self.str(name)?;
            self.lists.extend(a.to_le_bytes().into_iter().chain(b.to_le_bytes()));
        }
        Some(List(first, n32(self.lists.len() / 8)?))
    }

    fn runs(&mut self, spans: impl IntoIterator<Item = Option<Span>>) -> Option<Runs> {
        let first = n32(self.spans.len() / 16)?;
        for s in spans {
            let s = s?;
            for n in [s.start, s.end, s.from, s.to] {
                self.spans.extend_from_slice(&n.to_le_bytes());
            }
        }
        Some(Runs(first, n32(self.spans.len() / 16)?))
    }
}

/// A record being written: its words.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Default)]
struct Record(Vec<u32>);

#[cfg_attr(not(test), allow(dead_code))]
impl Record {
    fn word(&mut self, w: u32) -> &mut Self {
        self.0.push(w);
        self
    }

    fn str(&mut self, Str(a, b): Str) -> &mut Self {
        self.word(a).word(b)
    }

    fn opt(&mut self, s: Option<Str>) -> &mut Self {
        self.str(s.unwrap_or(Str(NONE, NONE)))
    }

    fn pair(&mut self, (a, b): (u32, u32)) -> &mut Self {
        self.word(a).word(b)
    }

    fn span(&mut self, s: Span) -> &mut Self {
        self.word(s.start).word(s.end).word(s.from).word(s.to)
    }

    fn opt_span(&mut self, s: Option<Span>) -> &mut Self {
        self.span(s.unwrap_or(Span { start: NONE, end: NONE, from: NONE, to: NONE }))
    }

    fn date(&mut self, d: Option<HistDate>) -> &mut Self {
        match d.map(|d| d.packed()) {
            Some((year, word)) => self.word(year as u32).word(word),
            None => self.word(0).word(NONE),
        }
    }

    /// Appends the record to `table`, or `None` when it does not have `width` words.
    fn write(&self, width: usize, table: &mut Vec<u8>) -> Option<()> {
        (self.0.len() == width).then_some(())?;
        table.extend(self.0.iter().flat_map(|w| w.to_le_bytes()));
        Some(())
    }
}

/// The compact form of `data`, or `None` when a quote is not the essay's text at its offsets, a
/// reference names no entity, or an offset passes 4 GiB (none of which a validated dataset has).
// (Used by `build.rs`, which compiles this file, and by the tests; the library only decodes.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode(data: &Dataset) -> Option<(Vec<u8>, String)> {
    let essay: &str = &data.essay;
    // The byte offset of every character, and of the end.
    let bytes: Vec<usize> = essay.char_indices().map(|(b, _)| b).chain(std::iter::once(essay.len())).collect();
    let span = |e: &Evidence| -> Option<Span> {
        let (from, to) = (*bytes.get(e.start)?, *bytes.get(e.end)?);
        (essay.get(from..to)? == e.quote()).then_some(())?;
        Some(Span { start: n32(e.start)?, end: n32(e.end)?, from: n32(from)?, to: n32(to)? })
    };
    let mut t = Tables::default();
    let (mut entities, mut numbers_table) = (Vec::new(), Vec::new());
    for e in &data.entities {
        let Entity {
            id,
            entity_type,
            label,
            aliases,
            background_aliases,
            shared_aliases,
            wikidata,
            evidence,
            note,
            date,
            start,
            end,
            numbers,
            mentions,
            attributed_mentions,
        } = e;
        let first_number = n32(numbers_table.len() / (4 * QUANTITY))?;
        for q in numbers {
            let Quantity { property, value, unit, evidence } = q;
            let mut r = Record::default();
            r.str(t.str(property)?).word(*value as u32).word((*value >> 32) as u32);
            r.opt(t.opt(unit.as_deref())?).span(span(evidence)?);
            r.write(QUANTITY, &mut numbers_table)?;
        }
        let numbers = (first_number, n32(numbers_table.len() / (4 * QUANTITY))?);
        let mut r = Record::default();
        r.str(t.str(id)?).word(n32(EntityType::ALL.iter().position(|x| x == entity_type)?)?);
        r.str(t.str(label)?);
        for names in [aliases, background_aliases, shared_aliases] {
            let List(a, b) = t.list(names)?;
            r.pair((a, b));
        }
        r.opt(t.opt(wikidata.as_deref())?).span(span(evidence)?).opt(t.opt(note.as_deref())?);
        for d in [date, start, end] {
            let evidence = match d {
                Some(d) => Some(span(&d.evidence)?),
                None => None,
            };
            r.date(d.as_ref().map(|d| d.value)).opt_span(evidence);
        }
        r.pair(numbers);
        for passages in [mentions, attributed_mentions] {
            let Runs(a, b) = t.runs(passages.iter().map(span))?;
            r.pair((a, b));
        }
        r.write(ENTITY, &mut entities)?;
    }
    let index = |id: &str| data.entity_index(id).and_then(n32);
    let optional = |id: &Option<Id>| -> Option<u32> {
        match id {
            Some(id) => index(id),
            None => Some(NONE),
        }
    };
    let mut relations = Vec::new();
    for rel in &data.relations {
        let Relation { id, subject, kind, object, qualifiers, provenance, note } = rel;
        let Qualifiers { under, place, date, start, end, role } = qualifiers;
        let (background, passage, basis) = match provenance {
            Provenance::Essay(e) => (0, Some(span(e)?), None),
            Provenance::Background { basis, context } => {
                let context = match context {
                    Some(c) => Some(span(c)?),
                    None => None,
                };
                (1, context, Some(t.str(basis)?))
            }
        };
        let mut r = Record::default();
        r.str(t.str(id)?).word(index(subject)?).word(n32(RelationKind::ALL.iter().position(|k| k == kind)?)?);
        r.word(index(object)?).word(optional(under)?).word(optional(place)?);
        r.date(*date).date(*start).date(*end).opt(t.opt(role.as_deref())?);
        r.word(background).opt_span(passage).opt(basis).opt(t.opt(note.as_deref())?);
        r.write(RELATION, &mut relations)?;
    }
    let mut left_out = Vec::new();
    for l in &data.left_out {
        let LeftOut { phrase, reason } = l;
        Record::default().str(t.str(phrase)?).str(t.str(reason)?).write(LEFT_OUT, &mut left_out)?;
    }
    let title = t.str(&data.title)?;
    let (name_keys, name_entries) = crate::name_table::encode(&data.entities)?;
    let report = crate::coverage::coverage_report(data);
    let indices = |phrases: &[LeftOut]| -> Option<Vec<u8>> {
        let index_of = |l: &LeftOut| data.left_out.iter().position(|x| x == l).and_then(n32);
        Some(
            phrases
                .iter()
                .map(index_of)
                .collect::<Option<Vec<u32>>>()?
                .into_iter()
                .flat_map(u32::to_le_bytes)
                .collect(),
        )
    };
    let (used, stale) = (indices(&report.left_out_used)?, indices(&report.left_out_stale)?);
    let numeric: Vec<u8> = report.unaccounted.iter().map(|p| u8::from(p.numeric)).collect();
    let coverage = CompactCoverage {
        unaccounted: t.runs(report.unaccounted.iter().map(|p| span(&p.evidence)))?,
        numeric: &numeric,
        left_out_used: &used,
        left_out_stale: &stale,
        tokens: report.tokens as u64,
        tokens_accounted: report.tokens_accounted as u64,
    };
    let text = [essay, &t.strings, &name_keys].concat();
    let compact = Compact {
        essay_end: n32(essay.len())?,
        strings_end: n32(essay.len() + t.strings.len())?,
        lists: &t.lists,
        spans: &t.spans,
        title,
        entities: &entities,
        numbers: &numbers_table,
        relations: &relations,
        left_out: &left_out,
        name_entries: &name_entries,
        coverage,
    };
    Some((postcard::to_stdvec(&compact).ok()?, text))
}

/// The tables being read.
struct Reader {
    essay: &'static str,
    strings: &'static str,
    lists: &'static [u8],
    spans: &'static [u8],
}

/// The little-endian `u32` at `bytes[at..at + 4]`.
fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(b) as usize)
}

/// A record being read, word by word, in the order [`Record`] wrote it: its `N` words converted
/// at once, so that with the reads inlined each word's place is known when kg is compiled and
/// reading it checks nothing (a cursor over the bytes' `chunks_exact`, an `Option` per word, was
/// ~14 instructions a word of the built-in graph's decode, which every command pays).
struct Cursor<const N: usize> {
    words: [u32; N],
    at: usize,
}

impl<const N: usize> Cursor<N> {
    /// The cursor of `record`; `None` unless it is `N` words long.
    #[inline(always)]
    fn new(record: &[u8]) -> Option<Self> {
        if record.len() != 4 * N {
            return None;
        }
        let mut words = [NONE; N];
        for (w, b) in words.iter_mut().zip(record.chunks_exact(4)) {
            *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        Some(Cursor { words, at: 0 })
    }

    #[inline(always)]
    fn word(&mut self) -> Option<u32> {
        let w = *self.words.get(self.at)?;
        self.at += 1;
        Some(w)
    }

    #[inline(always)]
    fn pair(&mut self) -> Option<(u32, u32)> {
        Some((self.word()?, self.word()?))
    }

    #[inline(always)]
    fn str(&mut self) -> Option<Str> {
        let (a, b) = self.pair()?;
        Some(Str(a, b))
    }

    #[inline(always)]
    fn opt(&mut self) -> Option<Option<Str>> {
        let (a, b) = self.pair()?;
        Some((a != NONE).then_some(Str(a, b)))
    }

    #[inline(always)]
    fn span(&mut self) -> Option<Span> {
        Some(Span { start: self.word()?, end: self.word()?, from: self.word()?, to: self.word()? })
    }

    #[inline(always)]
    fn opt_span(&mut self) -> Option<Option<Span>> {
        let s = self.span()?;
        Some((s.start != NONE).then_some(s))
    }

    #[inline(always)]
    fn date(&mut self) -> Option<Option<HistDate>> {
        let (year, word) = self.pair()?;
        match word {
            NONE => Some(None),
            word => Some(Some(HistDate::unpacked(year as i32, word)?)),
        }
    }

    /// An entity reference (an index), `None` inside when absent.
    #[inline(always)]
    fn index(&mut self) -> Option<Option<u32>> {
        let i = self.word()?;
        Some((i != NONE).then_some(i))
    }
}

impl Reader {
    /// The reader of `compact`'s tables and of `text`'s essay and strings.
    fn new(compact: &Compact<'static>, text: &'static str) -> Option<Reader> {
        let (essay_end, strings_end) = (compact.essay_end as usize, compact.strings_end as usize);
        Some(Reader {
            essay: text.get(..essay_end)?,
            strings: text.get(essay_end..strings_end)?,
            lists: compact.lists,
            spans: compact.spans,
        })
    }

    #[inline(always)]
    fn str(&self, Str(a, b): Str) -> Option<&'static str> {
        self.strings.get(a as usize..b as usize)
    }

    /// The string, borrowed from the binary: no allocation.
    #[inline(always)]
    fn string(&self, s: Str) -> Option<SharedStr> {
        self.str(s).map(SharedStr::from_static)
    }

    #[inline(always)]
    fn opt(&self, s: Option<Str>) -> Option<Option<SharedStr>> {
        match s {
            Some(s) => Some(Some(self.string(s)?)),
            None => Some(None),
        }
    }

    fn list(&self, (a, b): (u32, u32)) -> Option<Vec<SharedStr>> {
        // Bounded by the table, so that a damaged count allocates nothing; its records read
        // whole (one bounds check for the run, not one a word).
        let records = self.lists.get(8 * a as usize..8 * b as usize)?;
        let mut out = Vec::with_capacity(records.len() / 8);
        for record in records.chunks_exact(8) {
            let mut c = Cursor::<2>::new(record)?;
            out.push(self.string(c.str()?)?);
        }
        Some(out)
    }

    #[inline(always)]
    fn evidence(&self, s: Span) -> Option<Evidence> {
        Evidence::in_static(self.essay, s.from as usize..s.to as usize, s.start as usize, s.end as usize)
    }

    fn runs(&self, Runs(a, b): Runs) -> Option<Vec<Evidence>> {
        let records = self.spans.get(16 * a as usize..16 * b as usize)?;
        let mut out = Vec::with_capacity(records.len() / 16);
        for record in records.chunks_exact(16) {
            out.push(self.evidence(Cursor::<4>::new(record)?.span()?)?);
        }
        Some(out)
    }

    // Always: left to the compiler, it was inlined or not with the crate's unrelated code
    // (round 20: a call per date cost every command that decodes the graph 16 K instructions).
    #[inline(always)]
    fn dated<const N: usize>(&self, c: &mut Cursor<N>) -> Option<Option<Dated>> {
        let (date, span) = (c.date()?, c.opt_span()?);
        match (date, span) {
            (Some(value), Some(s)) => Some(Some(Dated { value, evidence: self.evidence(s)? })),
            (None, None) => Some(None),
            _ => None,
        }
    }

    /// The numbers `a..b` of the numbers' table.
    fn numbers(&self, table: &[u8], (a, b): (u32, u32)) -> Option<Vec<Quantity>> {
        let records = table.get(a as usize * 4 * QUANTITY..b as usize * 4 * QUANTITY)?;
        let mut out = Vec::with_capacity(records.len() / (4 * QUANTITY));
        for record in records.chunks_exact(4 * QUANTITY) {
            let mut c = Cursor::<QUANTITY>::new(record)?;
            let property = self.string(c.str()?)?;
            let value = u64::from(c.word()?) | u64::from(c.word()?) << 32;
            let unit = self.opt(c.opt()?)?;
            let evidence = self.evidence(c.span()?)?;
            out.push(Quantity { property, value, unit, evidence });
        }
        Some(out)
    }
}

/// The records of `table`, `width` words each; `None` when it is not a whole number of them.
fn records(table: &[u8], width: usize) -> Option<std::slice::ChunksExact<'_, u8>> {
    table.len().is_multiple_of(4 * width).then(|| table.chunks_exact(4 * width))
}

/// The dataset encoded by [`encode`] in `bytes` and `text`, its strings and quotes borrowed from
/// `text` (not allocated), its name index read in place, and its coverage report; `None` when
/// they are not such an encoding.
pub(crate) fn decode(bytes: &'static [u8], text: &'static str) -> Option<Decoded> {
    let compact: Compact<'static> = postcard::from_bytes(bytes).ok()?;
    let t = Reader::new(&compact, text)?;
    let mut entities = Vec::with_capacity(compact.entities.len() / (4 * ENTITY));
    for record in records(compact.entities, ENTITY)? {
        let mut c = Cursor::<ENTITY>::new(record)?;
        let id = Id::from_static(t.str(c.str()?)?);
        let entity_type = *EntityType::ALL.get(c.word()? as usize)?;
        let label = t.string(c.str()?)?;
        let (aliases, background_aliases, shared_aliases) =
            (t.list(c.pair()?)?, t.list(c.pair()?)?, t.list(c.pair()?)?);
        let wikidata = t.opt(c.opt()?)?;
        let evidence = t.evidence(c.span()?)?;
        let note = t.opt(c.opt()?)?;
        let (date, start, end) = (t.dated(&mut c)?, t.dated(&mut c)?, t.dated(&mut c)?);
        let numbers = t.numbers(compact.numbers, c.pair()?)?;
        let (m, a) = (c.pair()?, c.pair()?);
        entities.push(Entity {
            id,
            entity_type,
            label,
            aliases,
            background_aliases,
            shared_aliases,
            wikidata,
            evidence,
            note,
            date,
            start,
            end,
            numbers,
            mentions: t.runs(Runs(m.0, m.1))?,
            attributed_mentions: t.runs(Runs(a.0, a.1))?,
        });
    }
    // A reference borrows the entity's id from the binary, as the entity does: made anew from
    // the `'static` text, not by `SharedStr`'s clone, whose three arms (one of them a shared
    // buffer's part, which the built-in graph never has) kept this closure out of line (round 25:
    // ~10 instructions a reference, ~10 K in every command that decodes the graph).
    let id_at = |i: u32| Some(Id::from_static(entities.get(i as usize)?.id.as_static()?));
    let optional = |i: Option<u32>| -> Option<Option<Id>> {
        match i {
            Some(i) => Some(Some(id_at(i)?)),
            None => Some(None),
        }
    };
    let mut relations = Vec::with_capacity(compact.relations.len() / (4 * RELATION));
    for record in records(compact.relations, RELATION)? {
        let mut c = Cursor::<RELATION>::new(record)?;
        let id = Id::from_static(t.str(c.str()?)?);
        let subject = id_at(c.word()?)?;
        let kind = *RelationKind::ALL.get(c.word()? as usize)?;
        let object = id_at(c.word()?)?;
        let (under, place) = (optional(c.index()?)?, optional(c.index()?)?);
        let (date, start, end) = (c.date()?, c.date()?, c.date()?);
        let role = t.opt(c.opt()?)?;
        let (background, passage, basis) = (c.word()?, c.opt_span()?, c.opt()?);
        let passage = match passage {
            Some(s) => Some(t.evidence(s)?),
            None => None,
        };
        let provenance = match (background, passage, basis) {
            (0, Some(e), None) => Provenance::Essay(e),
            (1, context, Some(basis)) => Provenance::Background { basis: t.string(basis)?, context },
            _ => return None,
        };
        let note = t.opt(c.opt()?)?;
        relations.push(Relation {
            id,
            subject,
            kind,
            object,
            qualifiers: Qualifiers { under, place, date, start, end, role },
            provenance,
            note,
        });
    }
    let left_out = left_out(&t, compact.left_out)?;
    let names = NameTable::new(text.get(compact.strings_end as usize..)?, compact.name_entries, entities.len())?;
    let title = t.string(compact.title)?;
    let data = Dataset { essay: SharedStr::from_static(t.essay), title, entities, relations, left_out };
    Some(Decoded { data, names, coverage: compact.coverage, tables: t, relation_records: compact.relations })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact form gives back the very dataset the loader makes, with its strings and quotes
    /// borrowed (`'static`), and refuses what is not an encoding.
    #[test]
    fn decodes_what_it_encodes_borrowing_ids_and_quotes() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let (bytes, text) = encode(&data).unwrap();
        let (bytes, text): (&'static [u8], &'static str) = (bytes.leak(), text.leak());
        let all = decode(bytes, text).unwrap();
        let coverage = all.coverage_report().unwrap();
        let (decoded, names) = (all.data, all.names);
        // The coverage report is the one `coverage_report` makes.
        let made = crate::coverage_report(&data);
        assert_eq!(coverage.unaccounted, made.unaccounted);
        assert_eq!(coverage.left_out_used, made.left_out_used);
        assert_eq!(coverage.left_out_stale, made.left_out_stale);
        assert_eq!((coverage.tokens, coverage.tokens_accounted), (made.tokens, made.tokens_accounted));
        assert!(coverage.tokens > 0 && !coverage.left_out_used.is_empty());
        // Read alone (`kg check`), without the entities and relations, it is the same report;
        // cut bytes or a text not theirs give none.
        let alone = decode_coverage(bytes, text).unwrap();
        assert_eq!(alone.unaccounted, coverage.unaccounted);
        assert_eq!((alone.left_out_used, alone.left_out_stale), (coverage.left_out_used, coverage.left_out_stale));
        assert_eq!((alone.tokens, alone.tokens_accounted), (coverage.tokens, coverage.tokens_accounted));
        assert!(decode_coverage(&bytes[..bytes.len() / 2], text).is_none());
        assert!(decode_coverage(bytes, &text[..text.len() / 2]).is_none());
        assert!(decode_coverage(bytes, "").is_none());
        assert_eq!(decoded, data);
        assert!(decoded.essay.as_static().is_some());
        assert!(decoded.entities.iter().all(|e| e.id.as_static().is_some()));
        assert!(decoded.relations.iter().all(|r| r.subject.as_static().is_some() && r.id.as_static().is_some()));
        // So are its other strings: labels, aliases, notes, roles, bases, units, the title.
        let fixed = |s: &SharedStr| s.as_static().is_some();
        for e in &decoded.entities {
            let names = e.aliases.iter().chain(&e.background_aliases).chain(&e.shared_aliases);
            assert!(fixed(&e.label) && names.into_iter().all(fixed), "{}", e.id);
            assert!(e.wikidata.iter().chain(&e.note).all(fixed), "{}", e.id);
            assert!(e.numbers.iter().all(|n| fixed(&n.property) && n.unit.iter().all(fixed)), "{}", e.id);
        }
        for r in &decoded.relations {
            assert!(r.note.iter().chain(&r.qualifiers.role).all(fixed), "{}", r.id);
            if let Provenance::Background { basis, .. } = &r.provenance {
                assert!(fixed(basis), "{}", r.id);
            }
        }
        assert!(fixed(&decoded.title) && decoded.left_out.iter().all(|l| fixed(&l.phrase) && fixed(&l.reason)));
        assert!(decoded.entities.iter().any(|e| !e.aliases.is_empty() && e.note.is_some()));
        // A reference shares its entity's id (borrowed from the binary, made anew from the
        // `'static` text, not cloned), a quote is the essay's own text.
        let r = &decoded.relations[0];
        let subject = decoded.entity(&r.subject).unwrap();
        assert!(std::ptr::eq(r.subject.as_str(), subject.id.as_str()));
        for r in &decoded.relations {
            let (q, ends) = (&r.qualifiers, [&r.subject, &r.object]);
            for end in ends.into_iter().chain(q.under.as_ref()).chain(q.place.as_ref()) {
                let entity = decoded.entity(end).unwrap();
                assert!(end.as_static().is_some() && std::ptr::eq(end.as_str(), entity.id.as_str()), "{}", r.id);
            }
        }
        assert!(decoded.relations.iter().any(|r| r.qualifiers.under.is_some() || r.qualifiers.place.is_some()));
        // A quote borrowed from a `'static` text, as the decode makes it, is the one the text
        // shared at run time gives, and a span off its characters or past its end is refused.
        let essay: &'static str = decoded.essay.as_static().unwrap();
        let shared = SharedStr::from(essay);
        let (e, span) = (&subject.evidence, subject.evidence.bytes_in(essay));
        assert!(span.is_none(), "a static quote is no span of a run-time text");
        let at = essay.find(e.quote()).unwrap();
        let quoted = at..at + e.quote().len();
        assert_eq!(Evidence::in_static(essay, quoted.clone(), e.start, e.end).as_ref(), Some(e));
        assert_eq!(Evidence::in_text(&shared, quoted, e.start, e.end).as_ref(), Some(e));
        assert!(Evidence::in_static(essay, essay.len()..essay.len() + 1, 0, 1).is_none());
        if let Some((wide, _)) = essay.char_indices().find(|(_, c)| c.len_utf8() > 1) {
            assert!(Evidence::in_static(essay, wide + 1..wide + 2, 0, 1).is_none());
        }
        let quote = subject.evidence.quote();
        let essay = decoded.essay.as_str().as_bytes().as_ptr_range();
        assert!(essay.contains(&quote.as_ptr()), "the quote lies in the essay");
        // The name index is read in place: "Sakhalin" is one entity's name.
        let sakhalin = decoded.entity_index("sakhalin").unwrap();
        assert_eq!(names.owners(&crate::name_key("Sakhalin")).collect::<Vec<_>>(), [sakhalin]);
        assert_eq!(names.owners("nosuchname").count(), 0);
        assert!(decode(&bytes[..bytes.len() / 2], text).is_none());
        assert!(decode(b"", text).is_none());
        // Damaged bytes or a text that is not theirs give no dataset, and no panic.
        assert!(decode(bytes, &text[..text.len() / 2]).is_none());
        assert!(decode(bytes, "").is_none());
        for at in (0..bytes.len()).step_by(491) {
            let mut damaged = bytes.to_vec();
            damaged[at] ^= 0xa5;
            let damaged: &'static [u8] = damaged.leak();
            let _ = (decode(damaged, text), decode_coverage(damaged, text));
        }
    }

    /// A record's cursor reads its words in order, and refuses a record of another length or
    /// a word past its end.
    #[test]
    fn a_cursor_reads_its_words_and_refuses_another_length() {
        let bytes: Vec<u8> = [7u32, NONE, 9].iter().flat_map(|w| w.to_le_bytes()).collect();
        let mut c = Cursor::<3>::new(&bytes).unwrap();
        assert_eq!((c.word(), c.index(), c.word(), c.word()), (Some(7), Some(None), Some(9), None));
        assert!(Cursor::<2>::new(&bytes).is_none() && Cursor::<4>::new(&bytes).is_none());
        assert!(Cursor::<3>::new(&bytes[..11]).is_none());
    }

    /// A quote that is not the essay's text at its offsets has no compact form.
    #[test]
    fn a_quote_that_is_not_the_text_at_its_offsets_is_not_encoded() {
        let mut data = crate::load(&crate::Sources::builtin()).unwrap();
        let e = &mut data.entities[0];
        e.evidence = Evidence::new("not the essay", e.evidence.start, e.evidence.end);
        assert!(encode(&data).is_none());
    }
}
