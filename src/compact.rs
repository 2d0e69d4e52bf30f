//! The built-in dataset's compact form: what `build.rs` writes (in postcard) and
//! [`crate::load_builtin`] decodes at every start. It is the [`Dataset`] with every string
//! borrowed from the encoded bytes (so decoding, from the `'static` bytes embedded in the binary,
//! gives `'static` strings and allocates none of them), every quote a span of the essay (its
//! character offsets and its byte offsets), and every reference to an entity its index.
//!
//! A field added to the model fails to compile here until it is encoded: both conversions
//! build and take apart every struct with all its fields named.

use serde::{Deserialize, Serialize};

use crate::model::{
    Dataset, Dated, Entity, EntityType, Evidence, HistDate, Id, LeftOut, Provenance, Qualifiers, Quantity, Relation,
    RelationKind, SharedStr,
};
use crate::name_table::NameTable;

/// The dataset, borrowed from its encoded bytes.
#[derive(Serialize, Deserialize)]
struct Compact<'a> {
    #[serde(borrow)]
    essay: &'a str,
    title: &'a str,
    #[serde(borrow)]
    entities: Vec<CompactEntity<'a>>,
    #[serde(borrow)]
    relations: Vec<CompactRelation<'a>>,
    #[serde(borrow)]
    left_out: Vec<(&'a str, &'a str)>,
    /// The name index (`src/name_table.rs`): the sorted keys, and its entries (12 bytes each).
    name_keys: &'a str,
    name_entries: &'a [u8],
}

/// An [`Evidence`]: characters `start..end` of the essay, which are its bytes `from..to`.
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    from: u32,
    to: u32,
}

#[derive(Serialize, Deserialize)]
struct CompactEntity<'a> {
    id: &'a str,
    entity_type: EntityType,
    label: &'a str,
    #[serde(borrow)]
    aliases: Vec<&'a str>,
    #[serde(borrow)]
    background_aliases: Vec<&'a str>,
    #[serde(borrow)]
    shared_aliases: Vec<&'a str>,
    wikidata: Option<&'a str>,
    evidence: Span,
    note: Option<&'a str>,
    date: Option<(HistDate, Span)>,
    start: Option<(HistDate, Span)>,
    end: Option<(HistDate, Span)>,
    #[serde(borrow)]
    numbers: Vec<CompactQuantity<'a>>,
    mentions: Vec<Span>,
    attributed_mentions: Vec<Span>,
}

#[derive(Serialize, Deserialize)]
struct CompactQuantity<'a> {
    property: &'a str,
    value: u64,
    unit: Option<&'a str>,
    evidence: Span,
}

#[derive(Serialize, Deserialize)]
struct CompactRelation<'a> {
    id: &'a str,
    /// Entity indices.
    subject: u32,
    kind: RelationKind,
    object: u32,
    under: Option<u32>,
    place: Option<u32>,
    date: Option<HistDate>,
    start: Option<HistDate>,
    end: Option<HistDate>,
    role: Option<&'a str>,
    #[serde(borrow)]
    provenance: CompactProvenance<'a>,
    note: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
enum CompactProvenance<'a> {
    Essay(Span),
    Background { basis: &'a str, context: Option<Span> },
}

#[cfg_attr(not(test), allow(dead_code))]
fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
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
        let n = |x: usize| u32::try_from(x).ok();
        Some(Span { start: n(e.start)?, end: n(e.end)?, from: n(from)?, to: n(to)? })
    };
    let spans = |es: &[Evidence]| es.iter().map(span).collect::<Option<Vec<Span>>>();
    let dated = |d: &Option<Dated>| -> Option<Option<(HistDate, Span)>> {
        match d {
            Some(d) => Some(Some((d.value, span(&d.evidence)?))),
            None => Some(None),
        }
    };
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
                Some(CompactQuantity { property, value: *value, unit: unit.as_deref(), evidence: span(evidence)? })
            })
            .collect::<Option<Vec<_>>>()?;
        entities.push(CompactEntity {
            id,
            entity_type: *entity_type,
            label,
            aliases: strs(aliases),
            background_aliases: strs(background_aliases),
            shared_aliases: strs(shared_aliases),
            wikidata: wikidata.as_deref(),
            evidence: span(evidence)?,
            note: note.as_deref(),
            date: dated(date)?,
            start: dated(start)?,
            end: dated(end)?,
            numbers,
            mentions: spans(mentions)?,
            attributed_mentions: spans(attributed_mentions)?,
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
                basis,
                context: match context {
                    Some(c) => Some(span(c)?),
                    None => None,
                },
            },
        };
        relations.push(CompactRelation {
            id,
            subject: index(subject)?,
            kind: *kind,
            object: index(object)?,
            under: optional(under)?,
            place: optional(place)?,
            date: *date,
            start: *start,
            end: *end,
            role: role.as_deref(),
            provenance,
            note: note.as_deref(),
        });
    }
    let left_out = data.left_out.iter().map(|l| (l.phrase.as_str(), l.reason.as_str())).collect();
    let (name_keys, name_entries) = crate::name_table::encode(&data.entities)?;
    let compact = Compact {
        essay,
        title: &data.title,
        entities,
        relations,
        left_out,
        name_keys: &name_keys,
        name_entries: &name_entries,
    };
    postcard::to_stdvec(&compact).ok()
}

/// The dataset encoded in `bytes` by [`encode`], its ids and quotes borrowed from `bytes` (not
/// allocated), and its name index read in place; `None` when the bytes are not such an encoding.
pub(crate) fn decode(bytes: &'static [u8]) -> Option<(Dataset, NameTable)> {
    let compact: Compact<'static> = postcard::from_bytes(bytes).ok()?;
    let essay = SharedStr::from_static(compact.essay);
    let evidence =
        |s: Span| Evidence::in_text(&essay, s.from as usize..s.to as usize, s.start as usize, s.end as usize);
    let spans = |v: Vec<Span>| v.into_iter().map(evidence).collect::<Option<Vec<Evidence>>>();
    let dated = |d: Option<(HistDate, Span)>| -> Option<Option<Dated>> {
        match d {
            Some((value, s)) => Some(Some(Dated { value, evidence: evidence(s)? })),
            None => Some(None),
        }
    };
    let owned = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<String>>();
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
            evidence: e_evidence,
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
                let CompactQuantity { property, value, unit, evidence: s } = q;
                Some(Quantity {
                    property: property.to_string(),
                    value,
                    unit: unit.map(str::to_string),
                    evidence: evidence(s)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        entities.push(Entity {
            id: Id::from_static(id),
            entity_type,
            label: label.to_string(),
            aliases: owned(aliases),
            background_aliases: owned(background_aliases),
            shared_aliases: owned(shared_aliases),
            wikidata: wikidata.map(str::to_string),
            evidence: evidence(e_evidence)?,
            note: note.map(str::to_string),
            date: dated(date)?,
            start: dated(start)?,
            end: dated(end)?,
            numbers,
            mentions: spans(mentions)?,
            attributed_mentions: spans(attributed_mentions)?,
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
            CompactProvenance::Essay(s) => Provenance::Essay(evidence(s)?),
            CompactProvenance::Background { basis, context } => Provenance::Background {
                basis: basis.to_string(),
                context: match context {
                    Some(s) => Some(evidence(s)?),
                    None => None,
                },
            },
        };
        relations.push(Relation {
            id: Id::from_static(id),
            subject: id_at(subject)?,
            kind,
            object: id_at(object)?,
            qualifiers: Qualifiers {
                under: optional(under)?,
                place: optional(place)?,
                date,
                start,
                end,
                role: role.map(str::to_string),
            },
            provenance,
            note: note.map(str::to_string),
        });
    }
    let left_out = compact
        .left_out
        .into_iter()
        .map(|(phrase, reason)| LeftOut { phrase: phrase.to_string(), reason: reason.to_string() })
        .collect();
    let names = NameTable::new(compact.name_keys, compact.name_entries, entities.len())?;
    Some((Dataset { essay, title: compact.title.to_string(), entities, relations, left_out }, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact form gives back the very dataset the loader makes, with its ids and quotes
    /// borrowed (`'static`), and refuses what is not an encoding.
    #[test]
    fn decodes_what_it_encodes_borrowing_ids_and_quotes() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let bytes: &'static [u8] = Box::leak(encode(&data).unwrap().into_boxed_slice());
        let (decoded, names) = decode(bytes).unwrap();
        assert_eq!(decoded, data);
        assert!(decoded.essay.as_static().is_some());
        assert!(decoded.entities.iter().all(|e| e.id.as_static().is_some()));
        assert!(decoded.relations.iter().all(|r| r.subject.as_static().is_some() && r.id.as_static().is_some()));
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
