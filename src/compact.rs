//! The built-in dataset's compact form: what `build.rs` writes (in postcard) and
//! [`crate::load_builtin`] decodes at every start. It is the [`Dataset`] with every string a
//! span of one string borrowed from the encoded bytes (so decoding, from the `'static` bytes
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
/// checked as UTF-8 once, where checking each of ~3,000 `&str` fields cost ~0.13 M instructions
/// at every start), and its lists of names and of passages are runs of fixed-width tables
/// (`lists`, `spans`) that decoding reads straight into the model's `Vec`s: no list is
/// deserialized into a temporary `Vec` first.
#[derive(Serialize, Deserialize)]
struct Compact<'a> {
    essay: &'a str,
    strings: &'a str,
    /// `(start, end)` of a string in `strings`, little-endian `u32`s, per name of a [`List`].
    lists: &'a [u8],
    /// A [`Span`] per passage of a [`Runs`], four little-endian `u32`s.
    spans: &'a [u8],
    title: Str,
    entities: Vec<CompactEntity>,
    relations: Vec<CompactRelation>,
    left_out: Vec<(Str, Str)>,
    /// The name index (`src/name_table.rs`): the sorted keys, and its entries (12 bytes each).
    name_keys: &'a str,
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
}

impl Decoded {
    /// The dataset's coverage report, as `build.rs` made it.
    pub(crate) fn coverage_report(&self) -> Option<CoverageReport> {
        let (c, t) = (&self.coverage, &self.tables);
        let evidence = t.runs(c.unaccounted)?;
        if evidence.len() != c.numeric.len() {
            return None;
        }
        let unaccounted =
            evidence.into_iter().zip(c.numeric).map(|(evidence, n)| Phrase { evidence, numeric: *n != 0 }).collect();
        let left_out = |bytes: &[u8]| -> Option<Vec<LeftOut>> {
            bytes.chunks_exact(4).map(|b| self.data.left_out.get(u32_at(b, 0)?).cloned()).collect()
        };
        Some(CoverageReport {
            unaccounted,
            left_out_used: left_out(c.left_out_used)?,
            left_out_stale: left_out(c.left_out_stale)?,
            tokens: usize::try_from(c.tokens).ok()?,
            tokens_accounted: usize::try_from(c.tokens_accounted).ok()?,
        })
    }
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

#[derive(Serialize, Deserialize)]
struct CompactEntity {
    id: Str,
    entity_type: EntityType,
    label: Str,
    aliases: List,
    background_aliases: List,
    shared_aliases: List,
    wikidata: Option<Str>,
    evidence: Span,
    note: Option<Str>,
    date: Option<(HistDate, Span)>,
    start: Option<(HistDate, Span)>,
    end: Option<(HistDate, Span)>,
    numbers: Vec<CompactQuantity>,
    mentions: Runs,
    attributed_mentions: Runs,
}

#[derive(Serialize, Deserialize)]
struct CompactQuantity {
    property: Str,
    value: u64,
    unit: Option<Str>,
    evidence: Span,
}

#[derive(Serialize, Deserialize)]
struct CompactRelation {
    id: Str,
    /// Entity indices.
    subject: u32,
    kind: RelationKind,
    object: u32,
    under: Option<u32>,
    place: Option<u32>,
    date: Option<HistDate>,
    start: Option<HistDate>,
    end: Option<HistDate>,
    role: Option<Str>,
    provenance: CompactProvenance,
    note: Option<Str>,
}

#[derive(Serialize, Deserialize)]
enum CompactProvenance {
    Essay(Span),
    Background { basis: Str, context: Option<Span> },
}

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

/// The compact form of `data`, or `None` when a quote is not the essay's text at its offsets, a
/// reference names no entity, or an offset passes 4 GiB (none of which a validated dataset has).
// (Used by `build.rs`, which compiles this file, and by the tests; the library only decodes.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode(data: &Dataset) -> Option<Vec<u8>> {
    let essay: &str = &data.essay;
    // The byte offset of every character, and of the end.
    let bytes: Vec<usize> = essay.char_indices().map(|(b, _)| b).chain(std::iter::once(essay.len())).collect();
    let span = |e: &Evidence| -> Option<Span> {
        let (from, to) = (*bytes.get(e.start)?, *bytes.get(e.end)?);
        (essay.get(from..to)? == e.quote()).then_some(())?;
        Some(Span { start: n32(e.start)?, end: n32(e.end)?, from: n32(from)?, to: n32(to)? })
    };
    let dated = |d: &Option<Dated>| -> Option<Option<(HistDate, Span)>> {
        match d {
            Some(d) => Some(Some((d.value, span(&d.evidence)?))),
            None => Some(None),
        }
    };
    let mut t = Tables::default();
    let mut entities = Vec::with_capacity(data.entities.len());
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
        let numbers = numbers
            .iter()
            .map(|q| {
                let Quantity { property, value, unit, evidence } = q;
                Some(CompactQuantity {
                    property: t.str(property)?,
                    value: *value,
                    unit: t.opt(unit.as_deref())?,
                    evidence: span(evidence)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        entities.push(CompactEntity {
            id: t.str(id)?,
            entity_type: *entity_type,
            label: t.str(label)?,
            aliases: t.list(aliases)?,
            background_aliases: t.list(background_aliases)?,
            shared_aliases: t.list(shared_aliases)?,
            wikidata: t.opt(wikidata.as_deref())?,
            evidence: span(evidence)?,
            note: t.opt(note.as_deref())?,
            date: dated(date)?,
            start: dated(start)?,
            end: dated(end)?,
            numbers,
            mentions: t.runs(mentions.iter().map(span))?,
            attributed_mentions: t.runs(attributed_mentions.iter().map(span))?,
        });
    }
    let index = |id: &str| data.entity_index(id).and_then(|i| u32::try_from(i).ok());
    let optional = |id: &Option<Id>| -> Option<Option<u32>> {
        match id {
            Some(id) => Some(Some(index(id)?)),
            None => Some(None),
        }
    };
    let mut relations = Vec::with_capacity(data.relations.len());
    for r in &data.relations {
        let Relation { id, subject, kind, object, qualifiers, provenance, note } = r;
        let Qualifiers { under, place, date, start, end, role } = qualifiers;
        let provenance = match provenance {
            Provenance::Essay(e) => CompactProvenance::Essay(span(e)?),
            Provenance::Background { basis, context } => CompactProvenance::Background {
                basis: t.str(basis)?,
                context: match context {
                    Some(c) => Some(span(c)?),
                    None => None,
                },
            },
        };
        relations.push(CompactRelation {
            id: t.str(id)?,
            subject: index(subject)?,
            kind: *kind,
            object: index(object)?,
            under: optional(under)?,
            place: optional(place)?,
            date: *date,
            start: *start,
            end: *end,
            role: t.opt(role.as_deref())?,
            provenance,
            note: t.opt(note.as_deref())?,
        });
    }
    let left_out =
        data.left_out.iter().map(|l| Some((t.str(&l.phrase)?, t.str(&l.reason)?))).collect::<Option<Vec<_>>>()?;
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
    let compact = Compact {
        essay,
        strings: &t.strings,
        lists: &t.lists,
        spans: &t.spans,
        title,
        entities,
        relations,
        left_out,
        name_keys: &name_keys,
        name_entries: &name_entries,
        coverage,
    };
    postcard::to_stdvec(&compact).ok()
}

/// The tables being read.
struct Reader {
    essay: SharedStr,
    strings: &'static str,
    lists: &'static [u8],
    spans: &'static [u8],
}

/// The little-endian `u32` at `bytes[at..at + 4]`.
fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(b) as usize)
}

impl Reader {
    fn str(&self, Str(a, b): Str) -> Option<&'static str> {
        self.strings.get(a as usize..b as usize)
    }

    /// The string, borrowed from the binary: no allocation.
    fn string(&self, s: Str) -> Option<SharedStr> {
        self.str(s).map(SharedStr::from_static)
    }

    fn opt(&self, s: Option<Str>) -> Option<Option<SharedStr>> {
        match s {
            Some(s) => Some(Some(self.string(s)?)),
            None => Some(None),
        }
    }

    fn list(&self, List(a, b): List) -> Option<Vec<SharedStr>> {
        let (a, b) = (a as usize, b as usize);
        let mut out = Vec::with_capacity(b.checked_sub(a)?);
        for i in a..b {
            let s = Str(u32_at(self.lists, 8 * i)? as u32, u32_at(self.lists, 8 * i + 4)? as u32);
            out.push(self.string(s)?);
        }
        Some(out)
    }

    fn evidence(&self, s: Span) -> Option<Evidence> {
        Evidence::in_text(&self.essay, s.from as usize..s.to as usize, s.start as usize, s.end as usize)
    }

    fn runs(&self, Runs(a, b): Runs) -> Option<Vec<Evidence>> {
        let (a, b) = (a as usize, b as usize);
        let mut out = Vec::with_capacity(b.checked_sub(a)?);
        for i in a..b {
            let at = |k: usize| u32_at(self.spans, 16 * i + 4 * k);
            out.push(Evidence::in_text(&self.essay, at(2)?..at(3)?, at(0)?, at(1)?)?);
        }
        Some(out)
    }

    fn dated(&self, d: Option<(HistDate, Span)>) -> Option<Option<Dated>> {
        match d {
            Some((value, s)) => Some(Some(Dated { value, evidence: self.evidence(s)? })),
            None => Some(None),
        }
    }
}

/// The dataset encoded in `bytes` by [`encode`], its strings and quotes borrowed from `bytes` (not
/// allocated), its name index read in place, and its coverage report; `None` when the bytes are
/// not such an encoding.
pub(crate) fn decode(bytes: &'static [u8]) -> Option<Decoded> {
    let compact: Compact<'static> = postcard::from_bytes(bytes).ok()?;
    let t = Reader {
        essay: SharedStr::from_static(compact.essay),
        strings: compact.strings,
        lists: compact.lists,
        spans: compact.spans,
    };
    let mut entities = Vec::with_capacity(compact.entities.len());
    for e in compact.entities {
        let CompactEntity {
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
        let numbers = numbers
            .into_iter()
            .map(|q| {
                let CompactQuantity { property, value, unit, evidence } = q;
                Some(Quantity {
                    property: t.string(property)?,
                    value,
                    unit: t.opt(unit)?,
                    evidence: t.evidence(evidence)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        entities.push(Entity {
            id: Id::from_static(t.str(id)?),
            entity_type,
            label: t.string(label)?,
            aliases: t.list(aliases)?,
            background_aliases: t.list(background_aliases)?,
            shared_aliases: t.list(shared_aliases)?,
            wikidata: t.opt(wikidata)?,
            evidence: t.evidence(evidence)?,
            note: t.opt(note)?,
            date: t.dated(date)?,
            start: t.dated(start)?,
            end: t.dated(end)?,
            numbers,
            mentions: t.runs(mentions)?,
            attributed_mentions: t.runs(attributed_mentions)?,
        });
    }
    // A reference shares the entity's id.
    let id_at = |i: u32| entities.get(i as usize).map(|e: &Entity| e.id.clone());
    let optional = |i: Option<u32>| -> Option<Option<Id>> {
        match i {
            Some(i) => Some(Some(id_at(i)?)),
            None => Some(None),
        }
    };
    let mut relations = Vec::with_capacity(compact.relations.len());
    for r in compact.relations {
        let CompactRelation { id, subject, kind, object, under, place, date, start, end, role, provenance, note } = r;
        let provenance = match provenance {
            CompactProvenance::Essay(s) => Provenance::Essay(t.evidence(s)?),
            CompactProvenance::Background { basis, context } => Provenance::Background {
                basis: t.string(basis)?,
                context: match context {
                    Some(s) => Some(t.evidence(s)?),
                    None => None,
                },
            },
        };
        relations.push(Relation {
            id: Id::from_static(t.str(id)?),
            subject: id_at(subject)?,
            kind,
            object: id_at(object)?,
            qualifiers: Qualifiers {
                under: optional(under)?,
                place: optional(place)?,
                date,
                start,
                end,
                role: t.opt(role)?,
            },
            provenance,
            note: t.opt(note)?,
        });
    }
    let left_out = compact
        .left_out
        .into_iter()
        .map(|(phrase, reason)| Some(LeftOut { phrase: t.string(phrase)?, reason: t.string(reason)? }))
        .collect::<Option<Vec<_>>>()?;
    let names = NameTable::new(compact.name_keys, compact.name_entries, entities.len())?;
    let title = t.string(compact.title)?;
    let data = Dataset { essay: t.essay.clone(), title, entities, relations, left_out };
    Some(Decoded { data, names, coverage: compact.coverage, tables: t })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact form gives back the very dataset the loader makes, with its strings and quotes
    /// borrowed (`'static`), and refuses what is not an encoding.
    #[test]
    fn decodes_what_it_encodes_borrowing_ids_and_quotes() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let bytes: &'static [u8] = Box::leak(encode(&data).unwrap().into_boxed_slice());
        let all = decode(bytes).unwrap();
        let coverage = all.coverage_report().unwrap();
        let (decoded, names) = (all.data, all.names);
        // The coverage report is the one `coverage_report` makes.
        let made = crate::coverage_report(&data);
        assert_eq!(coverage.unaccounted, made.unaccounted);
        assert_eq!(coverage.left_out_used, made.left_out_used);
        assert_eq!(coverage.left_out_stale, made.left_out_stale);
        assert_eq!((coverage.tokens, coverage.tokens_accounted), (made.tokens, made.tokens_accounted));
        assert!(coverage.tokens > 0 && !coverage.left_out_used.is_empty());
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
        // A reference shares its entity's id, a quote is the essay's own text.
        let r = &decoded.relations[0];
        let subject = decoded.entity(&r.subject).unwrap();
        assert!(std::ptr::eq(r.subject.as_str(), subject.id.as_str()));
        let quote = subject.evidence.quote();
        let essay = decoded.essay.as_str().as_bytes().as_ptr_range();
        assert!(essay.contains(&quote.as_ptr()), "the quote lies in the essay");
        // The name index is read in place: "Sakhalin" is one entity's name.
        let sakhalin = decoded.entity_index("sakhalin").unwrap();
        assert_eq!(names.owners(&crate::name_key("Sakhalin")).collect::<Vec<_>>(), [sakhalin]);
        assert_eq!(names.owners("nosuchname").count(), 0);
        assert!(decode(&bytes[..bytes.len() / 2]).is_none());
        assert!(decode(b"").is_none());
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
