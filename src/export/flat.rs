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

use serde_json::json;

use super::rdf::{entity_iri, entity_iri_unchecked};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Dated, Entity, HistDate, Provenance, Relation};

/// One attribute value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text.
    Text(String),
    /// A whole number (offsets, counts, stated numbers).
    Int(i64),
    /// A yes/no flag.
    Bool(bool),
    /// Several names.
    List(Vec<String>),
    /// A day-precise date (`earliest`, `latest`).
    Day(HistDate),
}

impl Value {
    /// The value as text: lists joined with `sep`.
    pub(crate) fn text(&self, sep: &str) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => items.join(sep),
            Value::Day(d) => d.to_string(),
        }
    }

    /// The value as JSON: lists as arrays when `arrays`, else joined with `"; "`.
    pub(crate) fn json(&self, arrays: bool) -> serde_json::Value {
        match self {
            Value::Int(n) => json!(n),
            Value::Bool(b) => json!(b),
            Value::List(items) if arrays => json!(items),
            other => json!(other.text(LIST_SEPARATOR)),
        }
    }

    /// What kind of value it is.
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Value::Text(_) => Kind::Text,
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

/// Attributes in output order.
pub(crate) type Attrs = Vec<(String, Value)>;

/// The order of entity attributes; `number_*` attributes follow, sorted.
const ENTITY_ORDER: &[&str] = &[
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
const RELATION_ORDER: &[&str] = &[
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

fn text(attrs: &mut Attrs, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        attrs.push((key.to_string(), Value::Text(v.to_string())));
    }
}

fn int(n: usize) -> Value {
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

fn dates(attrs: &mut Attrs, date: Option<HistDate>, start: Option<HistDate>, end: Option<HistDate>) {
    for (key, d) in [("date", date), ("start", start), ("end", end)] {
        text(attrs, key, d.map(|d| d.to_string()).as_deref());
    }
    let (earliest, latest) = interval(date, start, end);
    for (key, d) in [("earliest", earliest), ("latest", latest)] {
        if let Some(d) = d {
            attrs.push((key.to_string(), Value::Day(d)));
        }
    }
}

/// The type and its ancestors, most specific first (`Island`, `Territory`).
pub(crate) fn type_names(e: &Entity) -> Vec<String> {
    std::iter::successors(Some(e.entity_type), |t| t.parent()).map(|t| t.name().to_string()).collect()
}

/// The attributes of an entity, `iri` being its RDF IRI. Empty lists and absent values are left
/// out.
pub(crate) fn entity_attrs(e: &Entity, iri: String) -> Attrs {
    let mut a: Attrs = vec![
        ("iri".into(), Value::Text(iri)),
        ("label".into(), Value::Text(e.label.to_string())),
        ("type".into(), Value::Text(e.entity_type.name().to_string())),
        ("types".into(), Value::List(type_names(e))),
    ];
    for (key, list) in
        [("aliases", &e.aliases), ("background_aliases", &e.background_aliases), ("shared_aliases", &e.shared_aliases)]
    {
        if !list.is_empty() {
            a.push((key.into(), Value::List(list.iter().map(|s| s.to_string()).collect())));
        }
    }
    text(&mut a, "wikidata", e.wikidata.as_deref());
    a.push(("evidence".into(), Value::Text(e.evidence.quote().to_string())));
    a.push(("evidence_start".into(), int(e.evidence.start)));
    a.push(("evidence_end".into(), int(e.evidence.end)));
    let value = |d: &Option<Dated>| d.as_ref().map(|d| d.value);
    dates(&mut a, value(&e.date), value(&e.start), value(&e.end));
    a.push(("mentions".into(), int(e.mentions.len())));
    text(&mut a, "note", e.note.as_deref());
    let mut numbers: Vec<_> = e.numbers.iter().collect();
    numbers.sort_by(|x, y| x.property.cmp(&y.property));
    for n in numbers {
        a.push((format!("number_{}", n.property), Value::Int(i64::try_from(n.value).unwrap_or(i64::MAX))));
        text(&mut a, &format!("number_{}_unit", n.property), n.unit.as_deref());
    }
    a
}

/// The attributes of a relation (without its id and ends, which each format places itself).
pub(crate) fn relation_attrs(r: &Relation) -> Attrs {
    let q = &r.qualifiers;
    let mut a: Attrs = vec![
        ("relation".into(), Value::Text(r.kind.name().to_string())),
        ("label".into(), Value::Text(r.kind.reading().to_string())),
    ];
    text(&mut a, "under", q.under.as_deref());
    text(&mut a, "place", q.place.as_deref());
    dates(&mut a, q.date, q.start, q.end);
    text(&mut a, "role", q.role.as_deref());
    a.push(("background".into(), Value::Bool(r.provenance.is_background())));
    match &r.provenance {
        Provenance::Essay(ev) => {
            a.push(("evidence".into(), Value::Text(ev.quote().to_string())));
            a.push(("evidence_start".into(), int(ev.start)));
            a.push(("evidence_end".into(), int(ev.end)));
        }
        Provenance::Background { basis, context } => {
            a.push(("basis".into(), Value::Text(basis.to_string())));
            if let Some(c) = context {
                a.push(("context".into(), Value::Text(c.quote().to_string())));
                a.push(("context_start".into(), int(c.start)));
                a.push(("context_end".into(), int(c.end)));
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
) -> Result<impl Iterator<Item = (&'a Entity, Attrs)> + 'a, ExportError> {
    entity_iri(base, "")?;
    Ok(kg.entities().iter().map(move |e| (e, entity_attrs(e, entity_iri_unchecked(base, &e.id)))))
}

/// The attributes of every relation, in relation order, each made when the iterator reaches it.
pub(crate) fn relation_rows(kg: &KnowledgeGraph) -> impl Iterator<Item = (&Relation, Attrs)> + '_ {
    kg.relations().iter().map(|r| (r, relation_attrs(r)))
}

/// Output made in a string is passed on to the writer in pieces of about this size, so that an
/// export holds one piece, not its whole text.
const OUTPUT_PIECE: usize = 1 << 16;

/// Writes `s` to `out` and empties it once it holds a piece's worth.
pub(crate) fn pass_on(s: &mut String, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if s.len() >= OUTPUT_PIECE {
        out.write_all(s.as_bytes())?;
        s.clear();
    }
    Ok(())
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

/// Every attribute name used by `rows` with its kind, in output order: the fixed order of
/// entity or relation attributes, then the others (the `number_*` ones) sorted by name.
pub(crate) fn columns<T>(rows: impl IntoIterator<Item = (T, Attrs)>, relations: bool) -> Vec<(String, Kind)> {
    let order = if relations { RELATION_ORDER } else { ENTITY_ORDER };
    let mut seen: Vec<(String, Kind)> = Vec::new();
    for (_, row) in rows {
        for (key, value) in row {
            if !seen.iter().any(|(k, _)| *k == key) {
                seen.push((key, value.kind()));
            }
        }
    }
    let rank = |key: &str| order.iter().position(|k| *k == key).unwrap_or(order.len());
    seen.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    seen
}

/// The value of `key` in `attrs`.
pub(crate) fn get<'a>(attrs: &'a Attrs, key: &str) -> Option<&'a Value> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn an_interval_runs_from_the_first_to_the_last_day_covered() {
        let d = |s: &str| Some(s.parse::<HistDate>().unwrap());
        let (a, b) = interval(d("1945-02"), None, None);
        assert_eq!((a.unwrap().to_string(), b.unwrap().to_string()), ("1945-02-01".into(), "1945-02-28".into()));
        let (a, b) = interval(None, d("1904"), d("1905-09-05"));
        assert_eq!((a.unwrap().to_string(), b.unwrap().to_string()), ("1904-01-01".into(), "1905-09-05".into()));
        assert_eq!(interval(None, d("1850s"), None).1, None);
    }
}
