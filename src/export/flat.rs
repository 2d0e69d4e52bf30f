//! The flat, typed attributes of an entity or a relation — text, integers, booleans, lists of
//! text and day-precise dates, never nested objects — in one place, so that every table-like
//! export (node-link JSON, CSV, GEXF, GraphML, Cytoscape.js) carries the same attributes under the
//! same names, and a tool that only takes scalars (networkx `write_graphml`, Gephi, a spreadsheet)
//! can pass them on. Each format decides how to spell a list (CSV: the importer's array
//! delimiter; GraphML and GEXF: joined with `"; "`; JSON: an array or a joined string).
//!
//! Names: `evidence`, `evidence_start`, `evidence_end` are the stating passage and its offsets;
//! `date`, `start`, `end` are dates as precise as the essay gives them; `earliest` and `latest`
//! are the first and last day they cover (the interval a timeline plays); `number_P` and
//! `number_P_unit` are a number the essay states about the entity (`number_men_taken`).

use std::borrow::Cow;

use super::decimal::{push_date, push_i64};
use super::rdf::{entity_iri, entity_iri_unchecked};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Dated, Entity, HistDate, Provenance, Relation};

/// One attribute value, borrowed from the graph where it can be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// Text.
    Text(Cow<'a, str>),
    /// A date as precise as the essay gives it, written as text (`1945-02`).
    Date(HistDate),
    /// A whole number (offsets, counts, stated numbers).
    Int(i64),
    /// A yes/no flag.
    Bool(bool),
    /// Several names.
    List(Vec<&'a str>),
    /// A day-precise date (`earliest`, `latest`).
    Day(HistDate),
}

impl Value<'_> {
    /// Writes the value as text onto `out`, lists joined with `sep`, its text pieces through
    /// `escape` (numbers, flags and dates hold nothing any format escapes).
    #[inline]
    pub(crate) fn write_text(&self, sep: &str, out: &mut String, escape: fn(&mut String, &str)) {
        match self {
            Value::Text(s) => escape(out, s),
            Value::Int(n) => push_i64(out, *n),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        escape(out, sep);
                    }
                    escape(out, item);
                }
            }
            Value::Date(d) | Value::Day(d) => push_date(out, *d),
        }
    }

    /// The value as text: lists joined with `sep`.
    #[cfg(test)]
    pub(crate) fn text(&self, sep: &str) -> String {
        let mut out = String::new();
        self.write_text(sep, &mut out, |out, s| out.push_str(s));
        out
    }

    /// What kind of value it is.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Value::Text(_) | Value::Date(_) => Kind::Text,
            Value::Int(_) => Kind::Int,
            Value::Bool(_) => Kind::Bool,
            Value::List(_) => Kind::List,
            Value::Day(_) => Kind::Day,
        }
    }
}

/// The kind of an attribute's values (every value under one name has the same kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text.
    Text,
    /// A whole number.
    Int,
    /// A flag.
    Bool,
    /// A list of text.
    List,
    /// A day-precise date.
    Day,
}

/// How lists are joined where a format has only scalars (GraphML, GEXF, flat JSON).
pub(crate) const LIST_SEPARATOR: &str = "; ";

/// An attribute's name: a fixed one (of [`ENTITY_ORDER`] or [`RELATION_ORDER`]) borrowed, a
/// `number_*` one made. Only the fixed names are borrowed, and none of them holds a byte that a
/// format escapes, so the exports write a borrowed name as it is ([`push_key`]).
pub(crate) type Key = Cow<'static, str>;

/// Attributes in output order.
pub(crate) type Attrs<'a> = Vec<(Key, Value<'a>)>;

/// Writes an attribute's name onto `out`: a fixed name as it is (plain in every format: the
/// tests check each against every escaper), a made one through `escape`.
#[inline]
pub(crate) fn push_key(out: &mut String, key: &Key, escape: fn(&mut String, &str)) {
    match key {
        Cow::Borrowed(fixed) => out.push_str(fixed),
        Cow::Owned(made) => escape(out, made),
    }
}

/// The order of entity attributes; `number_*` attributes follow, sorted.
pub(crate) const ENTITY_ORDER: &[&str] = &[
    "iri",
    "label",
    "type",
    "types",
    "aliases",
    "background_aliases",
    "shared_aliases",
    "wikidata",
    "evidence",
    "evidence_start",
    "evidence_end",
    "date",
    "start",
    "end",
    "earliest",
    "latest",
    "mentions",
    "note",
];

/// The order of relation attributes.
pub(crate) const RELATION_ORDER: &[&str] = &[
    "relation",
    "label",
    "under",
    "place",
    "date",
    "start",
    "end",
    "earliest",
    "latest",
    "role",
    "background",
    "evidence",
    "evidence_start",
    "evidence_end",
    "basis",
    "context",
    "context_start",
    "context_end",
    "note",
];

fn text<'a>(attrs: &mut Attrs<'a>, key: &'static str, value: Option<&'a str>) {
    if let Some(v) = value {
        attrs.push((Cow::Borrowed(key), Value::Text(Cow::Borrowed(v))));
    }
}

fn int(n: usize) -> Value<'static> {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The first and last day covered by `date`, or by `start` .. `end`.
pub(crate) fn interval(
    date: Option<HistDate>,
    start: Option<HistDate>,
    end: Option<HistDate>,
) -> (Option<HistDate>, Option<HistDate>) {
    (start.or(date).map(|d| d.first_day()), end.or(date).map(|d| d.last_day()))
}

fn dates(attrs: &mut Attrs<'_>, date: Option<HistDate>, start: Option<HistDate>, end: Option<HistDate>) {
    for (key, d) in [("date", date), ("start", start), ("end", end)] {
        if let Some(d) = d {
            attrs.push((Cow::Borrowed(key), Value::Date(d)));
        }
    }
    let (earliest, latest) = interval(date, start, end);
    for (key, d) in [("earliest", earliest), ("latest", latest)] {
        if let Some(d) = d {
            attrs.push((Cow::Borrowed(key), Value::Day(d)));
        }
    }
}

/// The type and its ancestors, most specific first (`Island`, `Territory`).
pub(crate) fn type_names(e: &Entity) -> Vec<&'static str> {
    std::iter::successors(Some(e.entity_type), |t| t.parent()).map(|t| t.name()).collect()
}

/// The attributes of an entity, `iri` being its RDF IRI. Empty lists and absent values are left
/// out.
pub(crate) fn entity_attrs(e: &Entity, iri: String) -> Attrs<'_> {
    let mut a: Attrs = Vec::with_capacity(ENTITY_ORDER.len() + 2 * e.numbers.len());
    a.push((Cow::Borrowed("iri"), Value::Text(Cow::Owned(iri))));
    a.push((Cow::Borrowed("label"), Value::Text(Cow::Borrowed(&e.label))));
    a.push((Cow::Borrowed("type"), Value::Text(Cow::Borrowed(e.entity_type.name()))));
    a.push((Cow::Borrowed("types"), Value::List(type_names(e))));
    for (key, list) in
        [("aliases", &e.aliases), ("background_aliases", &e.background_aliases), ("shared_aliases", &e.shared_aliases)]
    {
        if !list.is_empty() {
            a.push((Cow::Borrowed(key), Value::List(list.iter().map(|s| s.as_str()).collect())));
        }
    }
    text(&mut a, "wikidata", e.wikidata.as_deref());
    a.push((Cow::Borrowed("evidence"), Value::Text(Cow::Borrowed(e.evidence.quote()))));
    a.push((Cow::Borrowed("evidence_start"), int(e.evidence.start)));
    a.push((Cow::Borrowed("evidence_end"), int(e.evidence.end)));
    let value = |d: &Option<Dated>| d.as_ref().map(|d| d.value);
    dates(&mut a, value(&e.date), value(&e.start), value(&e.end));
    a.push((Cow::Borrowed("mentions"), int(e.mentions.len())));
    text(&mut a, "note", e.note.as_deref());
    let mut numbers: Vec<_> = e.numbers.iter().collect();
    numbers.sort_by(|x, y| x.property.cmp(&y.property));
    for n in numbers {
        a.push((Cow::Owned(format!("number_{}", n.property)), Value::Int(i64::try_from(n.value).unwrap_or(i64::MAX))));
        if let Some(unit) = n.unit.as_deref() {
            a.push((Cow::Owned(format!("number_{}_unit", n.property)), Value::Text(Cow::Borrowed(unit))));
        }
    }
    a
}

/// The attributes of a relation (without its id and ends, which each format places itself).
pub(crate) fn relation_attrs(r: &Relation) -> Attrs<'_> {
    let q = &r.qualifiers;
    let mut a: Attrs = Vec::with_capacity(RELATION_ORDER.len());
    a.push((Cow::Borrowed("relation"), Value::Text(Cow::Borrowed(r.kind.name()))));
    a.push((Cow::Borrowed("label"), Value::Text(Cow::Borrowed(r.kind.reading()))));
    text(&mut a, "under", q.under.as_deref());
    text(&mut a, "place", q.place.as_deref());
    dates(&mut a, q.date, q.start, q.end);
    text(&mut a, "role", q.role.as_deref());
    a.push((Cow::Borrowed("background"), Value::Bool(r.provenance.is_background())));
    match &r.provenance {
        Provenance::Essay(ev) => {
            a.push((Cow::Borrowed("evidence"), Value::Text(Cow::Borrowed(ev.quote()))));
            a.push((Cow::Borrowed("evidence_start"), int(ev.start)));
            a.push((Cow::Borrowed("evidence_end"), int(ev.end)));
        }
        Provenance::Background { basis, context } => {
            a.push((Cow::Borrowed("basis"), Value::Text(Cow::Borrowed(basis))));
            if let Some(c) = context {
                a.push((Cow::Borrowed("context"), Value::Text(Cow::Borrowed(c.quote()))));
                a.push((Cow::Borrowed("context_start"), int(c.start)));
                a.push((Cow::Borrowed("context_end"), int(c.end)));
            }
        }
    }
    text(&mut a, "note", r.note.as_deref());
    a
}

/// The attributes of every entity, in entity order, IRIs under `base`, each made when the
/// iterator reaches it (the exports go through the rows twice, for the columns and to write
/// them, and never hold them all). The base is checked before the first row.
pub(crate) fn entity_rows<'a>(
    kg: &'a KnowledgeGraph,
    base: &'a str,
) -> Result<impl Iterator<Item = (&'a Entity, Attrs<'a>)> + 'a, ExportError> {
    entity_iri(base, "")?;
    Ok(touched_ahead(kg.entities(), touch_entity).map(move |e| (e, entity_attrs(e, entity_iri_unchecked(base, &e.id)))))
}

/// The attributes of every relation, in relation order, each made when the iterator reaches it.
pub(crate) fn relation_rows(kg: &KnowledgeGraph) -> impl Iterator<Item = (&Relation, Attrs<'_>)> + '_ {
    touched_ahead(kg.relations(), touch_relation).map(|r| (r, relation_attrs(r)))
}

/// How many entities or relations have their scattered parts read together, ahead of their
/// writing ([`touched_ahead`]).
pub(crate) const TOUCH_BATCH: usize = 16;

/// From how many items [`touched_ahead`] touches them: a smaller walk's parts are in the caches
/// already (the essay's ~600 relations), where the touch would only add instructions (~60,000 of
/// DOT's 2.2 M on the essay).
pub(crate) const TOUCH_FROM: usize = 4_096;

/// The items of `items` in order, each batch of [`TOUCH_BATCH`] first put to `touch` in a loop of
/// its own, which reads a byte of each part of an item that lies elsewhere on the heap (its ids,
/// its quote in the essay, its note: [`touch_relation`], [`touch_entity`]).
///
/// An item's parts are read at random: relations are sorted by id, their quotes lie where the
/// essay has them, their objects' ids where those entities were loaded. Written one item at a
/// time, each of those reads waits for memory in turn once the graph is larger than the caches
/// (at 100,000 relations, ~50 MB); the loop of reads alone has no other work between them, so the
/// processor has the batch's reads in flight together, and the writing then finds them cached.
/// Nothing is written differently: `touch` only reads. Walks of fewer than [`TOUCH_FROM`] items
/// are not touched.
pub(crate) fn touched_ahead<'a, T>(
    items: &'a [T],
    touch: impl Fn(&T) -> usize + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    let (small, large) = if items.len() < TOUCH_FROM { (items, &items[..0]) } else { (&items[..0], items) };
    let touched = large.chunks(TOUCH_BATCH).flat_map(move |batch| {
        touch_batch(batch, &touch);
        batch
    });
    small.iter().chain(touched)
}

/// Puts every item of `batch` to `touch` in a loop of its own, the bytes read summed and kept
/// from the optimiser ([`touched_ahead`]; the RDF walk's batches too).
#[inline]
pub(crate) fn touch_batch<I: IntoIterator>(batch: I, touch: impl Fn(I::Item) -> usize) {
    std::hint::black_box(batch.into_iter().fold(0usize, |sum, item| sum.wrapping_add(touch(item))));
}

/// The first byte of `s` (0 for an empty one), read for [`touched_ahead`].
#[inline]
pub(crate) fn first_byte(s: &str) -> usize {
    s.as_bytes().first().map_or(0, |&b| usize::from(b))
}

/// Reads a byte of each part of `r` that lies apart from it: its subject's and object's ids, its
/// quote (or basis and context) and its note.
pub(crate) fn touch_relation(r: &Relation) -> usize {
    let provenance = match &r.provenance {
        Provenance::Essay(ev) => first_byte(ev.quote()),
        Provenance::Background { basis, context } => {
            first_byte(basis).wrapping_add(context.as_ref().map_or(0, |c| first_byte(c.quote())))
        }
    };
    let note = r.note.as_deref().map_or(0, first_byte);
    first_byte(&r.subject).wrapping_add(first_byte(&r.object)).wrapping_add(provenance).wrapping_add(note)
}

/// Reads a byte of each part of `e` that lies apart from it: its id, label, quote and note.
pub(crate) fn touch_entity(e: &Entity) -> usize {
    let note = e.note.as_deref().map_or(0, first_byte);
    first_byte(&e.id).wrapping_add(first_byte(&e.label)).wrapping_add(first_byte(e.evidence.quote())).wrapping_add(note)
}

/// Output made in a string is passed on to the writer in pieces of about this size, so that an
/// export holds one piece, not its whole text.
pub(crate) const OUTPUT_PIECE: usize = 1 << 16;

/// A string for an export's output, sized for a piece and the row that goes over it, so that it
/// never grows.
pub(crate) fn output_buffer() -> String {
    String::with_capacity(OUTPUT_PIECE + (OUTPUT_PIECE >> 2))
}

/// Writes `s` to `out` and empties it once it holds a piece's worth.
pub(crate) fn pass_on(s: &mut String, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if s.len() >= OUTPUT_PIECE {
        out.write_all(s.as_bytes())?;
        s.clear();
    }
    Ok(())
}

/// Whether `s` holds nothing a format escapes, for a string of at most 16 bytes (`None` for a
/// longer one): its bytes read as one or two words (overlapping; a string under 8 bytes as its
/// first and last four, or its first, middle and last bytes) and put to the format's word test,
/// which must hold for every word with a byte the format replaces (`escape.rs`'s tests check
/// this of each). A word test asks which bytes a word holds, never where or how often, so bytes
/// read twice can only make a word suspect. Most strings the graph formats write are ids, keys,
/// types and dates shorter than that, and the shared escaping loop cost ~95 instructions a call
/// before its first byte (~1.0 M of json-full's 4.2 M); a plain one is now copied after this.
#[inline]
pub(crate) fn short_plain(s: &str, special: impl Fn(u64) -> bool) -> Option<bool> {
    let b = s.as_bytes();
    let len = b.len();
    let word = |at: usize| b.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_le_bytes);
    let half = |at: usize| b.get(at..at + 4).and_then(|w| <[u8; 4]>::try_from(w).ok()).map(u32::from_le_bytes);
    let x = match len {
        0 => return Some(true),
        1..=3 => {
            let at = |k: usize| b.get(k).copied().unwrap_or_default();
            let first = at(0);
            u64::from_le_bytes([first, at(len / 2), at(len - 1), first, first, first, first, first])
        }
        4..=7 => u64::from(half(0)?) | u64::from(half(len - 4)?) << 32,
        8..=16 => return Some(!special(word(0)?) && !special(word(len - 8)?)),
        _ => return None,
    };
    Some(!special(x))
}

/// The XML Schema type name of a kind where GraphML and GEXF agree (`long`, `boolean`,
/// `string`; lists and dates are written as text).
pub(crate) fn xml_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "long",
        Kind::Bool => "boolean",
        Kind::Text | Kind::List | Kind::Day => "string",
    }
}

/// A column: an attribute name and the kind of its values.
pub(crate) type Column = (String, Kind);

/// The columns of the entities' rows (what `columns` gives for [`entity_rows`]), read from the
/// entities without making their rows: which fixed attributes some entity has, each of its one
/// kind, then the `number_*` names in the order the rows give them, sorted. Making every row's
/// attributes (an IRI `String`, the type list, the alias lists, a `format!`ed name per number)
/// only to learn this was ~0.26 M instructions of each of GraphML, GEXF and the CSV nodes file.
/// The base is checked first, as [`entity_rows`] checks it.
pub(crate) fn entity_columns(kg: &KnowledgeGraph, base: &str) -> Result<Vec<Column>, ExportError> {
    entity_iri(base, "")?;
    let entities = kg.entities();
    let has = |f: fn(&Entity) -> bool| entities.iter().any(f);
    let any = !entities.is_empty();
    let (earliest, latest) =
        (has(|e| e.start.is_some() || e.date.is_some()), has(|e| e.end.is_some() || e.date.is_some()));
    let fixed: [(&str, Kind, bool); 18] = [
        ("iri", Kind::Text, any),
        ("label", Kind::Text, any),
        ("type", Kind::Text, any),
        ("types", Kind::List, any),
        ("aliases", Kind::List, has(|e| !e.aliases.is_empty())),
        ("background_aliases", Kind::List, has(|e| !e.background_aliases.is_empty())),
        ("shared_aliases", Kind::List, has(|e| !e.shared_aliases.is_empty())),
        ("wikidata", Kind::Text, has(|e| e.wikidata.is_some())),
        ("evidence", Kind::Text, any),
        ("evidence_start", Kind::Int, any),
        ("evidence_end", Kind::Int, any),
        ("date", Kind::Text, has(|e| e.date.is_some())),
        ("start", Kind::Text, has(|e| e.start.is_some())),
        ("end", Kind::Text, has(|e| e.end.is_some())),
        ("earliest", Kind::Day, earliest),
        ("latest", Kind::Day, latest),
        ("mentions", Kind::Int, any),
        ("note", Kind::Text, has(|e| e.note.is_some())),
    ];
    // The `number_*` names, each with the kind of its first value in row order (a property
    // `x_unit` and the unit of a property `x` share a name).
    let mut others: Vec<Column> = Vec::new();
    let mut add = |property: &str, unit: bool, kind: Kind| {
        let named = |k: &str| {
            let rest = k.strip_prefix("number_");
            if unit {
                rest.and_then(|r| r.strip_suffix("_unit")) == Some(property)
            } else {
                rest == Some(property)
            }
        };
        if !others.iter().any(|(k, _)| named(k)) {
            let name = if unit { format!("number_{property}_unit") } else { format!("number_{property}") };
            others.push((name, kind));
        }
    };
    let mut sorted = Vec::new();
    for e in entities {
        sorted.clear();
        sorted.extend(e.numbers.iter());
        sorted.sort_by(|x, y| x.property.cmp(&y.property));
        for n in &sorted {
            add(&n.property, false, Kind::Int);
            if n.unit.is_some() {
                add(&n.property, true, Kind::Text);
            }
        }
    }
    Ok(fixed_then(&fixed, others))
}

/// The columns of the relations' rows (what `columns` gives for [`relation_rows`]), read from
/// the relations without making their rows (relations have no made names).
pub(crate) fn relation_columns(kg: &KnowledgeGraph) -> Vec<Column> {
    let relations = kg.relations();
    let has = |f: fn(&Relation) -> bool| relations.iter().any(f);
    let any = !relations.is_empty();
    let essay = has(|r| matches!(r.provenance, Provenance::Essay(_)));
    let context = has(|r| matches!(r.provenance, Provenance::Background { context: Some(_), .. }));
    let fixed: [(&str, Kind, bool); 19] = [
        ("relation", Kind::Text, any),
        ("label", Kind::Text, any),
        ("under", Kind::Text, has(|r| r.qualifiers.under.is_some())),
        ("place", Kind::Text, has(|r| r.qualifiers.place.is_some())),
        ("date", Kind::Text, has(|r| r.qualifiers.date.is_some())),
        ("start", Kind::Text, has(|r| r.qualifiers.start.is_some())),
        ("end", Kind::Text, has(|r| r.qualifiers.end.is_some())),
        ("earliest", Kind::Day, has(|r| r.qualifiers.start.or(r.qualifiers.date).is_some())),
        ("latest", Kind::Day, has(|r| r.qualifiers.end.or(r.qualifiers.date).is_some())),
        ("role", Kind::Text, has(|r| r.qualifiers.role.is_some())),
        ("background", Kind::Bool, any),
        ("evidence", Kind::Text, essay),
        ("evidence_start", Kind::Int, essay),
        ("evidence_end", Kind::Int, essay),
        ("basis", Kind::Text, has(|r| r.provenance.is_background())),
        ("context", Kind::Text, context),
        ("context_start", Kind::Int, context),
        ("context_end", Kind::Int, context),
        ("note", Kind::Text, has(|r| r.note.is_some())),
    ];
    fixed_then(&fixed, Vec::new())
}

/// The fixed columns present, in their order, then `others` sorted by name.
fn fixed_then(fixed: &[(&str, Kind, bool)], mut others: Vec<Column>) -> Vec<Column> {
    others.sort_by(|(a, _), (b, _)| a.cmp(b));
    let named = fixed.iter().filter(|(_, _, present)| *present).map(|(name, kind, _)| (name.to_string(), *kind));
    named.chain(others).collect()
}

/// Every attribute name used by `rows` with its kind, in output order: the fixed order of
/// entity or relation attributes, then the others (the `number_*` ones) sorted by name. The
/// reference [`entity_columns`] and [`relation_columns`] are held to (test-only).
///
/// # Complexity
/// O(rows × (attributes + fixed names)): a row's fixed attributes come in the fixed order
/// (`entity_attrs` and `relation_attrs` push them so), so one cursor walks both; an attribute
/// out of that order is still found, by a search from the start.
#[cfg(test)]
pub(crate) fn columns<'a, T>(rows: impl IntoIterator<Item = (T, Attrs<'a>)>, relations: bool) -> Vec<Column> {
    let order = if relations { RELATION_ORDER } else { ENTITY_ORDER };
    let mut fixed: Vec<Option<Kind>> = vec![None; order.len()];
    let mut others: Vec<Column> = Vec::new();
    for (_, row) in rows {
        let mut at = 0;
        for (key, value) in &row {
            match find_from(order.len(), at, |&i| order[i] == key) {
                Some(i) => {
                    fixed[i].get_or_insert(value.kind());
                    at = i + 1;
                }
                None if !others.iter().any(|(k, _)| k == key) => others.push((key.to_string(), value.kind())),
                None => {}
            }
        }
    }
    others.sort_by(|(a, _), (b, _)| a.cmp(b));
    let named = order.iter().zip(fixed).filter_map(|(name, kind)| Some((name.to_string(), kind?)));
    named.chain(others).collect()
}

/// The first position below `len` at which `here` holds, looked for from `from` on, then before
/// it.
#[inline]
pub(crate) fn find_from(len: usize, from: usize, here: impl Fn(&usize) -> bool) -> Option<usize> {
    (from..len).find(&here).or_else(|| (0..from.min(len)).find(&here))
}

/// The values of `attrs` under each of `columns` (`None` where the row has none): one pass over
/// both, since a row's attributes come in its columns' order.
pub(crate) fn align<'r, 'a>(columns: &[Column], attrs: &'r Attrs<'a>) -> Vec<Option<&'r Value<'a>>> {
    let mut slots = vec![None; columns.len()];
    let mut at = 0;
    for (key, value) in attrs {
        if let Some(i) = find_from(columns.len(), at, |&i| columns[i].0 == *key) {
            slots[i] = Some(value);
            at = i + 1;
        }
    }
    slots
}

/// The value of `key` in `attrs`.
pub(crate) fn get<'r, 'a>(attrs: &'r Attrs<'a>, key: &str) -> Option<&'r Value<'a>> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
pub(crate) mod tests {
    use proptest::prelude::*;

    use super::super::escape::{control_quote_or_backslash, json_escape, json_special, push_escaped, xml_special};
    use super::super::{dot, graphml, json_writer};
    use super::*;

    /// A format's replacement of the byte at an index, as the shared escaping loop takes it.
    type Replace = fn(&[u8], usize) -> Option<(&'static str, usize)>;

    fn json_replace(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
        json_escape(bytes[i]).map(|e| (e, 1))
    }

    /// A format's name, word test, replacement and writer.
    type Format = (&'static str, fn(u64) -> bool, Replace, fn(&str) -> String);

    /// The three formats whose writers skip short plain strings.
    fn formats() -> [Format; 3] {
        [
            ("json", json_special, json_replace, |s| {
                let mut out = String::new();
                json_writer::push_json_escaped(&mut out, s);
                out
            }),
            ("dot", control_quote_or_backslash, dot::dot_escape, |s| {
                let quoted = dot::dot_quote(s);
                quoted[1..quoted.len() - 1].to_string()
            }),
            ("xml", xml_special, graphml::xml_escape, graphml::xml),
        ]
    }

    /// The reference: the shared loop with every word suspect (byte by byte), never the fast path.
    fn byte_by_byte(s: &str, replace: Replace) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s, |_| u64::MAX, replace);
        out
    }

    /// Whether the format replaces any byte of `s`.
    fn escapes(s: &str, replace: Replace) -> bool {
        (0..s.len()).any(|i| replace(s.as_bytes(), i).is_some())
    }

    #[test]
    fn a_special_character_anywhere_in_a_short_string_refuses_the_fast_path() {
        // Every byte below 0x20, DEL, the ASCII each format escapes, and U+FFFE/U+FFFF (which XML
        // replaces), at each place of strings of 1 to 16 bytes: the padded words of 1 to 3 bytes,
        // the two halves of 4 to 7, the two overlapping words of 8 to 16.
        let mut specials: Vec<char> = (0u8..0x20).map(char::from).collect();
        specials.extend(['\u{7f}', '"', '\\', '&', '<', '>', '\'', '\u{fffe}', '\u{ffff}']);
        for (name, special, replace, writer) in formats() {
            for c in &specials {
                for len in c.len_utf8()..=16 {
                    for at in 0..=len - c.len_utf8() {
                        let mut s = "a".repeat(at);
                        s.push(*c);
                        s.push_str(&"b".repeat(len - at - c.len_utf8()));
                        assert_eq!(s.len(), len);
                        if escapes(&s, replace) {
                            assert_eq!(short_plain(&s, special), Some(false), "{name} {s:?}");
                        }
                        assert_eq!(writer(&s), byte_by_byte(&s, replace), "{name} {s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn plain_strings_of_16_bytes_and_fewer_take_the_fast_path() {
        for (name, special, _, _) in formats() {
            for s in ["", "a", "id", "War", "Army", "Japan", "1905-09-05", "é", "日本", "Южно-Сах", "sixteen_bytes_16"]
            {
                assert_eq!(short_plain(s, special), Some(true), "{name} {s:?}");
            }
            assert_eq!(short_plain("seventeen_bytes17", special), None, "{name}");
        }
    }

    proptest! {
        #[test]
        fn the_fast_path_writes_what_the_byte_by_byte_loop_writes(
            s in "([\"&'<>\\\\\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}\u{2028}]|é|[a-z ]{1,9}|\\PC){0,6}"
        ) {
            for (name, special, replace, writer) in formats() {
                if short_plain(&s, special) == Some(true) {
                    prop_assert!(!escapes(&s, replace), "{} {:?}", name, s);
                }
                prop_assert_eq!(writer(&s), byte_by_byte(&s, replace), "{} {:?}", name, s);
            }
            let mut json = String::new();
            json_writer::push_json_escaped(&mut json, &s);
            prop_assert_eq!(format!("\"{json}\""), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn every_attribute_is_a_scalar_or_a_list_and_has_one_kind_per_name() {
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        let rows: Vec<Attrs> = kg.entities().iter().map(|e| entity_attrs(e, format!("x:{}", e.id))).collect();
        let cols = columns(rows.iter().map(|r| ((), r.clone())), false);
        for row in &rows {
            for (key, value) in row {
                let kind = cols.iter().find(|(k, _)| k == key).unwrap().1;
                assert_eq!(kind, value.kind(), "{key}");
            }
        }
        assert!(cols.iter().any(|(k, kind)| k == "number_men_taken" && *kind == Kind::Int), "{cols:?}");
        let rows: Vec<Attrs> = kg.relations().iter().map(relation_attrs).collect();
        let cols = columns(rows.into_iter().map(|r| ((), r)), true);
        assert_eq!(cols[0].0, "relation");
        assert!(cols.iter().any(|(k, kind)| k == "background" && *kind == Kind::Bool));
    }

    #[test]
    fn a_fixed_name_is_written_as_it_is_and_only_a_made_one_escaped() {
        type Escape = fn(&mut String, &str);
        let escapers: [(&str, Escape); 2] =
            [("xml", super::super::graphml::push_xml), ("json", super::super::json_writer::push_json_escaped)];
        for (format, escape) in escapers {
            for &name in ENTITY_ORDER.iter().chain(RELATION_ORDER) {
                let mut escaped = String::new();
                escape(&mut escaped, name);
                assert_eq!(escaped, name, "{format} escapes the fixed name {name}");
            }
            let made: Key = Cow::Owned("number_<\"&\u{1}".to_string());
            let (mut written, mut escaped) = (String::new(), String::new());
            push_key(&mut written, &made, escape);
            escape(&mut escaped, &made);
            assert_eq!(written, escaped);
            assert_ne!(written, *made, "{format}");
        }
        // Every name the essay's rows borrow is a fixed one.
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        let entities = kg.entities().iter().map(|e| (ENTITY_ORDER, entity_attrs(e, String::new())));
        let relations = kg.relations().iter().map(|r| (RELATION_ORDER, relation_attrs(r)));
        for (order, attrs) in entities.chain(relations) {
            for (key, _) in attrs {
                if let Cow::Borrowed(name) = key {
                    assert!(order.contains(&name), "{name}");
                }
            }
        }
    }

    /// The essay's dataset with each optional field of each entity and relation kept or dropped
    /// by the bits of `keep`, and numbers under properties that share names (`x_unit` and the
    /// unit of `x`) or hold bytes the formats escape.
    pub(crate) fn varied_graph(keep: &[u16], properties: &[(u8, bool)], entities: usize) -> crate::KnowledgeGraph {
        use crate::model::{Evidence, Quantity, SharedStr};
        const PROPERTIES: [&str; 5] = ["x", "x_unit", "men_taken", "a<&\"b", "number_x"];
        let mut data = crate::load_builtin().unwrap();
        data.entities.truncate(entities);
        let ids: Vec<_> = data.entities.iter().map(|e| e.id.clone()).collect();
        data.relations.retain(|r| ids.contains(&r.subject) && ids.contains(&r.object));
        let bit = |i: usize, b: u16| keep[i % keep.len()] & (1 << b) != 0;
        for (i, e) in data.entities.iter_mut().enumerate() {
            let some = e.evidence.clone();
            let dated = e.date.clone().or(e.start.clone()).or(e.end.clone());
            let dated = dated.or_else(|| Some(Dated { value: "1905".parse().unwrap(), evidence: some.clone() }));
            if !bit(i, 0) {
                e.aliases.clear();
            } else if e.aliases.is_empty() {
                e.aliases.push(SharedStr::from("alias"));
            }
            e.background_aliases = if bit(i, 1) { vec![SharedStr::from("b")] } else { Vec::new() };
            e.shared_aliases = if bit(i, 2) { vec![SharedStr::from("s")] } else { Vec::new() };
            e.wikidata = bit(i, 3).then(|| SharedStr::from("Q1"));
            e.note = bit(i, 4).then(|| SharedStr::from("n"));
            e.date = if bit(i, 5) { dated.clone() } else { None };
            e.start = if bit(i, 6) { dated.clone() } else { None };
            e.end = if bit(i, 7) { dated.clone() } else { None };
            e.numbers.clear();
            for (k, &(p, unit)) in properties.iter().enumerate() {
                if bit(i + k, 8) {
                    e.numbers.push(Quantity {
                        property: SharedStr::from(PROPERTIES[p as usize % PROPERTIES.len()]),
                        value: k as u64,
                        unit: unit.then(|| SharedStr::from("men")),
                        evidence: Evidence::new("n", 0, 1),
                    });
                }
            }
        }
        for (i, r) in data.relations.iter_mut().enumerate() {
            let q = &mut r.qualifiers;
            let day = "1905-09-05".parse().ok();
            q.under = if bit(i, 9) { ids.first().cloned() } else { None };
            q.place = if bit(i, 10) { ids.last().cloned() } else { None };
            q.date = if bit(i, 11) { day } else { None };
            q.start = if bit(i, 12) { day } else { None };
            q.end = if bit(i, 13) { day } else { None };
            q.role = bit(i, 14).then(|| SharedStr::from("r"));
            r.note = bit(i, 15).then(|| SharedStr::from("n"));
            let quote = Evidence::new("q", 0, 1);
            r.provenance = match (bit(i, 1), bit(i, 2)) {
                (false, _) => Provenance::Essay(quote),
                (true, context) => {
                    Provenance::Background { basis: SharedStr::from("b"), context: context.then_some(quote) }
                }
            };
        }
        crate::KnowledgeGraph::new(data)
    }

    /// The columns read from the graph are the ones the reference [`columns`] finds in the rows.
    fn assert_columns_as_the_rows_give_them(kg: &crate::KnowledgeGraph) {
        let base = "https://example.org/k/";
        let from_rows = columns(entity_rows(kg, base).unwrap(), false);
        assert_eq!(entity_columns(kg, base).unwrap(), from_rows);
        assert_eq!(relation_columns(kg), columns(relation_rows(kg), true));
    }

    #[test]
    fn the_columns_are_read_from_the_graph_as_the_rows_give_them() {
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        assert_columns_as_the_rows_give_them(&kg);
        assert!(entity_columns(&kg, "https://example.org/k/")
            .unwrap()
            .iter()
            .any(|(k, kind)| k == "number_men_taken" && *kind == Kind::Int));
        // No entity, or no relation.
        assert_columns_as_the_rows_give_them(&varied_graph(&[0], &[], 0));
        assert!(entity_columns(&varied_graph(&[0], &[], 0), "https://example.org/k/").unwrap().is_empty());
        assert_columns_as_the_rows_give_them(&varied_graph(&[0], &[], 1));
        // Everything present: every fixed name, in the fixed order, then the made ones sorted;
        // `number_x_unit` is text (the unit of `x` comes before the property `x_unit`).
        let all = varied_graph(&[u16::MAX], &[(0, true), (1, false), (4, false), (3, true)], 105);
        assert_columns_as_the_rows_give_them(&all);
        let cols = entity_columns(&all, "https://example.org/k/").unwrap();
        let names: Vec<&str> = cols.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names[..ENTITY_ORDER.len()], *ENTITY_ORDER);
        assert!(cols.contains(&("number_x_unit".to_string(), Kind::Text)), "{cols:?}");
        let names: Vec<String> = relation_columns(&all).into_iter().map(|(k, _)| k).collect();
        let essay = varied_graph(&[u16::MAX ^ 2], &[], 105);
        assert_columns_as_the_rows_give_them(&essay);
        let mut both = relation_columns(&essay);
        both.extend(relation_columns(&all));
        assert!(RELATION_ORDER.iter().all(|n| both.iter().any(|(k, _)| k == n)));
        assert!(names.iter().all(|n| RELATION_ORDER.contains(&n.as_str())));
        // A bad base is refused as the rows refuse it.
        let (fast, rows) = (entity_columns(&kg, "no base").unwrap_err(), entity_rows(&kg, "no base").err().unwrap());
        assert_eq!(fast.to_string(), rows.to_string());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn varied_graphs_have_the_columns_their_rows_give(
            keep in proptest::collection::vec(any::<u16>(), 1..12),
            properties in proptest::collection::vec((any::<u8>(), any::<bool>()), 0..6),
            entities in 0usize..110,
        ) {
            assert_columns_as_the_rows_give_them(&varied_graph(&keep, &properties, entities));
        }
    }

    #[test]
    fn the_touched_walk_gives_every_item_once_in_order_and_touches_each_once() {
        // Lengths around the threshold and the batch: none, one, one short of the threshold
        // (none touched), the threshold, one over, a batch and a bit over.
        let (batch, from) = (TOUCH_BATCH, TOUCH_FROM);
        for len in [0, 1, batch, from - 1, from, from + 1, from + batch + 5] {
            let items: Vec<usize> = (0..len).map(|i| i * 7 + 3).collect();
            let touched = std::cell::RefCell::new(Vec::new());
            let walked: Vec<usize> = touched_ahead(&items, |&i| {
                touched.borrow_mut().push(i);
                i
            })
            .copied()
            .collect();
            assert_eq!(walked, items, "{len} items walked");
            let expected = if len < from { &items[..0] } else { &items[..] };
            assert_eq!(*touched.borrow(), expected, "{len} items touched");
        }
        // A batch is touched before its first item is given, and not before the previous batch
        // was walked (so at most one batch's parts are held in the cache for the writing).
        let items: Vec<usize> = (0..from + 1).collect();
        let touched = std::cell::Cell::new(0);
        for (given, &i) in touched_ahead(&items, |_| {
            touched.set(touched.get() + 1);
            0
        })
        .enumerate()
        {
            assert_eq!(i, given);
            assert_eq!(touched.get(), (((given / batch) + 1) * batch).min(items.len()), "at item {given}");
        }
    }

    #[test]
    fn a_touch_reads_what_the_writers_read() {
        // The essay's relations and entities, stated and background: every touch is the sum of
        // the first bytes it names, so that it cannot read something else.
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        let first = |s: &str| s.bytes().next().map_or(0, usize::from);
        let mut background = 0;
        for r in kg.relations() {
            let provenance = match &r.provenance {
                Provenance::Essay(ev) => first(ev.quote()),
                Provenance::Background { basis, context } => {
                    background += 1;
                    first(basis) + context.as_ref().map_or(0, |c| first(c.quote()))
                }
            };
            let expected = first(&r.subject) + first(&r.object) + provenance + r.note.as_deref().map_or(0, first);
            assert_eq!(touch_relation(r), expected, "{}", r.id);
        }
        assert!(background > 0, "the essay has background relations");
        for e in kg.entities() {
            let expected =
                first(&e.id) + first(&e.label) + first(e.evidence.quote()) + e.note.as_deref().map_or(0, first);
            assert_eq!(touch_entity(e), expected, "{}", e.id);
        }
        assert_eq!(first_byte(""), 0);
    }

    #[test]
    fn an_interval_runs_from_the_first_to_the_last_day_covered() {
        let d = |s: &str| Some(s.parse::<HistDate>().unwrap());
        let (a, b) = interval(d("1945-02"), None, None);
        assert_eq!((a.unwrap().to_string(), b.unwrap().to_string()), ("1945-02-01".into(), "1945-02-28".into()));
        let (a, b) = interval(None, d("1904"), d("1905-09-05"));
        assert_eq!((a.unwrap().to_string(), b.unwrap().to_string()), ("1904-01-01".into(), "1905-09-05".into()));
        assert_eq!(interval(None, d("1850s"), None).1, None);
    }
}
