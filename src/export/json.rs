//! The JSON exports in the networkx node-link shape (`directed`, `multigraph`, `graph`, `nodes`,
//! `edges`), which `networkx.node_link_graph(data, edges="edges")` loads as a MultiDiGraph.
//!
//! Two levels of detail. The default (`json`, `essay.json`) is flat: every node and edge
//! attribute is a string, an integer or a boolean (lists joined with `"; "`, see `flat.rs`), so
//! networkx can pass the graph on with `write_graphml` or `write_gexf`, which refuse lists,
//! objects and nulls. The full detail (`json-full`, `essay.full.json`) nests what is nested: each
//! date and number with its own evidence, every mention, background context. Both carry each
//! entity's RDF IRI. Schemas: `schema/kg-node-link.schema.json` (flat) and
//! `schema/kg-node-link-full.schema.json` (full).

use std::io::Write;

use serde::Serialize;

use super::flat::{
    entity_attrs, find_from, output_buffer, pass_on, relation_attrs, touch_entity, touch_relation, touched_ahead,
    Value, ENTITY_ORDER, RELATION_ORDER,
};
use super::json_pretty;
use super::json_writer::{push_json_escaped, JsonWriter};
use super::rdf::{entity_iri, entity_iri_unchecked};
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Provenance, Relation};
use crate::query::{EntitySummary, Quote};

/// The whole graph, node-link style.
#[derive(Debug, Clone, Serialize)]
pub struct NodeLink {
    /// Always `true`: relations have a direction.
    pub directed: bool,
    /// Always `true`: two entities may be linked by several relations.
    pub multigraph: bool,
    /// Attributes of the graph.
    pub graph: GraphInfo,
    /// Entities, sorted by id.
    pub nodes: Vec<Node>,
    /// Relations, sorted by id.
    pub edges: Vec<Edge>,
}

/// One entity: its IRI and all its attributes.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// The entity's IRI, as the RDF export names it.
    pub iri: String,
    /// Everything known about it.
    #[serde(flatten)]
    pub entity: EntitySummary,
}

/// Attributes of the graph as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct GraphInfo {
    /// The essay's title.
    pub name: String,
    /// The file offsets refer to.
    pub source: String,
    /// How offsets count: Unicode code points from 0, end exclusive.
    pub offsets: String,
    /// The tool and version that wrote it.
    pub generator: String,
    /// `full` (nested detail) or `flat` (scalar attributes only).
    pub detail: String,
}

/// One relation.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// Subject entity id.
    pub source: String,
    /// Object entity id.
    pub target: String,
    /// The multigraph key: the relation id.
    pub key: String,
    /// The relation id.
    pub id: String,
    /// The relation kind (`transferred_to`).
    pub relation: String,
    /// How it reads (`went to`).
    pub label: String,
    /// The treaty under which it holds (entity id).
    pub under: Option<String>,
    /// Where it holds (entity id).
    pub place: Option<String>,
    /// When.
    pub date: Option<String>,
    /// Since when.
    pub start: Option<String>,
    /// Until when.
    pub end: Option<String>,
    /// Role, part or manner.
    pub role: Option<String>,
    /// Whether it is background knowledge rather than stated by the essay.
    pub background: bool,
    /// The passage that states it (`null` for background knowledge).
    pub evidence: Option<Quote>,
    /// Why a background fact is held.
    pub basis: Option<String>,
    /// The passage that made a background fact relevant.
    pub context: Option<Quote>,
    /// Editorial remark.
    pub note: Option<String>,
}

/// The graph in node-link shape, with full detail; entity IRIs under `rdf.base`.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let graph = kg::node_link(&kg, &kg::RdfOptions::default()).unwrap();
/// let sakhalin = graph.nodes.iter().find(|n| n.entity.id == "sakhalin").unwrap();
/// assert!(sakhalin.iri.ends_with("/entity/sakhalin"));
/// ```
pub fn node_link(kg: &KnowledgeGraph, rdf: &RdfOptions) -> Result<NodeLink, ExportError> {
    let base = rdf.base_for(kg);
    let nodes = kg.entities().iter().map(|e| node(&base, e)).collect::<Result<_, ExportError>>()?;
    let edges = kg.relations().iter().map(edge).collect();
    Ok(NodeLink { directed: true, multigraph: true, graph: graph_info(kg, "full"), nodes, edges })
}

fn node(base: &str, e: &Entity) -> Result<Node, ExportError> {
    Ok(Node { iri: entity_iri(base, &e.id)?, entity: EntitySummary::new(e) })
}

/// [`node`] for a base already checked.
fn node_unchecked(base: &str, e: &Entity) -> Node {
    Node { iri: entity_iri_unchecked(base, &e.id), entity: EntitySummary::new(e) }
}

fn edge(r: &Relation) -> Edge {
    let q = &r.qualifiers;
    let (evidence, basis, context) = match &r.provenance {
        Provenance::Essay(e) => (Some(Quote::from(e)), None, None),
        Provenance::Background { basis, context } => (None, Some(basis.to_string()), context.as_ref().map(Quote::from)),
    };
    Edge {
        source: r.subject.to_string(),
        target: r.object.to_string(),
        key: r.id.to_string(),
        id: r.id.to_string(),
        relation: r.kind.name().to_string(),
        label: r.kind.reading().to_string(),
        under: q.under.as_deref().map(str::to_string),
        place: q.place.as_deref().map(str::to_string),
        date: q.date.map(|d| d.to_string()),
        start: q.start.map(|d| d.to_string()),
        end: q.end.map(|d| d.to_string()),
        role: q.role.as_deref().map(str::to_string),
        background: r.provenance.is_background(),
        evidence,
        basis,
        context,
        note: r.note.as_deref().map(str::to_string),
    }
}

/// A JSON array serialized from a fresh iterator, one element at a time: what the JSON exports
/// write instead of a collected `Vec`, so that they hold one node or edge at a time.
pub(crate) struct Each<F>(pub(crate) F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// [`NodeLink`]'s shape, with its nodes and edges made one at a time as they are written.
#[derive(Serialize)]
#[serde(bound = "Each<N>: Serialize, Each<E>: Serialize")]
struct FullView<N, E> {
    directed: bool,
    multigraph: bool,
    graph: GraphInfo,
    nodes: Each<N>,
    edges: Each<E>,
}

/// A member of a flat node or edge: a string of the graph's, or a flat attribute.
pub(crate) enum Member<'r, 'a> {
    Str(&'r str),
    Attr(&'r Value<'a>),
}

/// One flat node or edge, written as serde_json wrote its sorted map: the members sorted by key.
fn flat_object<'r>(w: &mut JsonWriter, shape: &SortedShape, members: &[(&'r str, Member<'r, '_>)]) {
    w.item();
    sorted_object(w, shape, members, false);
}

/// The most fixed keys a [`SortedShape`] holds.
const MAX_FIXED_KEYS: usize = 32;

/// The fixed keys of one kind of object (a flat node, an edge, ...), in the order its members are
/// listed, and each one's place once sorted: made once per export, so that each object is
/// written in serde_json's sorted order without a sort of its own, its fixed keys escaped once.
pub(crate) struct SortedShape {
    /// The fixed keys, in the order the members list them (each once).
    listed: Vec<&'static str>,
    /// Each listed key's place among the sorted keys.
    place: Vec<usize>,
    /// The fixed keys sorted, each with its written form at `depth` (`,\n`, the indent,
    /// `"key": `).
    sorted: Vec<(&'static str, String)>,
    /// The depth of the objects' members.
    depth: usize,
}

impl SortedShape {
    /// The shape of objects whose members come with the fixed keys `listed`, in that order (any
    /// of them may be missing from an object); another key is sorted in where it falls. `depth`
    /// is how deep their members are in the document (1 for a top-level object's); an object
    /// written at another depth is still right, its keys written anew.
    ///
    /// # Panics
    /// When more than [`MAX_FIXED_KEYS`] keys are listed (the shapes are constants).
    pub(crate) fn new(listed: impl IntoIterator<Item = &'static str>, depth: usize) -> Self {
        let mut unique: Vec<&'static str> = Vec::new();
        for key in listed {
            if !unique.contains(&key) {
                unique.push(key);
            }
        }
        assert!(unique.len() <= MAX_FIXED_KEYS, "a sorted shape of {} keys", unique.len());
        let mut sorted = unique.clone();
        sorted.sort_unstable();
        let place = unique.iter().map(|key| sorted.binary_search(key).unwrap_or_default()).collect();
        let sorted = sorted
            .into_iter()
            .map(|key| {
                let mut written = String::with_capacity(2 * depth + key.len() + 6);
                written.push_str(",\n");
                (0..depth).for_each(|_| written.push_str("  "));
                written.push('"');
                push_json_escaped(&mut written, key);
                written.push_str("\": ");
                (key, written)
            })
            .collect();
        SortedShape { listed: unique, place, sorted, depth }
    }
}

/// The same string, by address first (the fixed keys are mostly the very same constants).
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a == b)
}

fn write_member(w: &mut JsonWriter, member: &Member, arrays: bool) {
    match member {
        Member::Str(s) => w.string(s),
        Member::Attr(v) => w.value(v, arrays),
    }
}

/// Writes `members` as an object, sorted by key as serde_json's maps are (a key listed twice
/// written once, with its last value); lists as arrays when `arrays`. The fixed keys of `shape`
/// go to their sorted places as they come (one cursor: members come in the listed order), any
/// other key is sorted among the others and merged in.
pub(crate) fn sorted_object<'r>(
    w: &mut JsonWriter,
    shape: &SortedShape,
    members: &[(&'r str, Member<'r, '_>)],
    arrays: bool,
) {
    let mut slots: [Option<&Member>; MAX_FIXED_KEYS] = [None; MAX_FIXED_KEYS];
    let mut others: Vec<(&str, &Member)> = Vec::new();
    let mut at = 0;
    for (key, member) in members {
        let found = match shape.listed.get(at) {
            Some(listed) if same(listed, key) => Some(at),
            _ => find_from(shape.listed.len(), at, |&i| same(shape.listed[i], key)),
        };
        match found {
            Some(i) => {
                slots[shape.place[i]] = Some(member);
                at = i + 1;
            }
            None => others.push((key, member)),
        }
    }
    // Stable: of a key listed twice, the last is the last of its run, the one written.
    others.sort_by(|a, b| a.0.cmp(b.0));
    let mut others = others.iter().peekable();
    let mut write_others_before = |w: &mut JsonWriter, bound: Option<&str>| {
        while let Some(&(key, member)) = others.next_if(|(key, _)| bound.is_none_or(|bound| *key < bound)) {
            if others.peek().is_none_or(|(next, _)| next != &key) {
                w.key(key);
                write_member(w, member, arrays);
            }
        }
    };
    w.open('{');
    for (slot, (key, written)) in slots.iter().zip(&shape.sorted) {
        if let Some(member) = slot {
            write_others_before(w, Some(key));
            w.written_key(shape.depth, written, key);
            write_member(w, member, arrays);
        }
    }
    write_others_before(w, None);
    w.close('}');
}

/// The flat shape, written straight into `s`: its keys in the order serde_json's sorted maps
/// wrote them (`directed`, `edges`, `graph`, `multigraph`, `nodes`), each node and edge a sorted
/// map of its own. `base` is checked.
fn write_flat(kg: &KnowledgeGraph, base: &str, s: &mut String, out: &mut dyn Write) -> Result<(), ExportError> {
    let edge_shape =
        SortedShape::new(["source", "target", "key", "id"].into_iter().chain(RELATION_ORDER.iter().copied()), 3);
    let node_shape = SortedShape::new(std::iter::once("id").chain(ENTITY_ORDER.iter().copied()), 3);
    let mut w = JsonWriter::new(s);
    w.open('{');
    w.key("directed");
    w.raw("true");
    w.key("edges");
    w.open('[');
    for r in touched_ahead(kg.relations(), touch_relation) {
        let attrs = relation_attrs(r);
        let mut members: Vec<(&str, Member)> = Vec::with_capacity(attrs.len() + 4);
        members.extend([
            ("source", Member::Str(&r.subject)),
            ("target", Member::Str(&r.object)),
            ("key", Member::Str(&r.id)),
            ("id", Member::Str(&r.id)),
        ]);
        members.extend(attrs.iter().map(|(k, v)| (k.as_ref(), Member::Attr(v))));
        flat_object(&mut w, &edge_shape, &members);
        pass_on(w.out(), out)?;
    }
    w.close(']');
    w.key("graph");
    let info = graph_info(kg, "flat");
    w.open('{');
    for (key, value) in [
        ("detail", &info.detail),
        ("generator", &info.generator),
        ("name", &info.name),
        ("offsets", &info.offsets),
        ("source", &info.source),
    ] {
        w.key(key);
        w.string(value);
    }
    w.close('}');
    w.key("multigraph");
    w.raw("true");
    w.key("nodes");
    w.open('[');
    for e in touched_ahead(kg.entities(), touch_entity) {
        let attrs = entity_attrs(e, entity_iri_unchecked(base, &e.id));
        let mut members: Vec<(&str, Member)> = Vec::with_capacity(attrs.len() + 1);
        members.push(("id", Member::Str(&e.id)));
        members.extend(attrs.iter().map(|(k, v)| (k.as_ref(), Member::Attr(v))));
        flat_object(&mut w, &node_shape, &members);
        pass_on(w.out(), out)?;
    }
    w.close(']');
    w.close('}');
    s.push('\n');
    Ok(())
}

fn graph_info(kg: &KnowledgeGraph, detail: &str) -> GraphInfo {
    GraphInfo {
        name: kg.data().title.to_string(),
        source: "data/essay.txt".to_string(),
        offsets: "Unicode code points from 0, end exclusive".to_string(),
        generator: format!("kg {}", env!("CARGO_PKG_VERSION")),
        detail: detail.to_string(),
    }
}

/// How much detail the JSON export carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JsonDetail {
    /// Scalar attributes only, so that networkx can write the graph on as GraphML or GEXF.
    #[default]
    Flat,
    /// Everything, nested: each date and number with its evidence, every mention.
    Full,
}

/// Writes the graph as pretty-printed node-link JSON, flat or with full detail.
pub fn write_json(
    kg: &KnowledgeGraph,
    detail: JsonDetail,
    rdf: &RdfOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    // The base is checked before the first byte, so that the nodes cannot fail once written.
    entity_iri(&base, "")?;
    if detail == JsonDetail::Flat {
        let mut s = output_buffer();
        write_flat(kg, &base, &mut s, out)?;
        out.write_all(s.as_bytes())?;
        return Ok(());
    }
    // serde_json's pretty layout, written by our own serializer (serde_json is its reference).
    let view = FullView {
        directed: true,
        multigraph: true,
        graph: graph_info(kg, "full"),
        nodes: Each(|| kg.entities().iter().map(|e| node_unchecked(&base, e))),
        edges: Each(|| kg.relations().iter().map(edge)),
    };
    json_pretty::to_writer_pretty(out, &view).map_err(|e| match e {
        json_pretty::Error::Io(e) => ExportError::Io(e),
        json_pretty::Error::Message(m) => ExportError::Json(serde::ser::Error::custom(m)),
    })?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The exports' former serde_json paths, kept as the reference the written JSON is compared
/// with byte for byte.
#[cfg(test)]
pub(crate) mod reference {
    use serde::Serialize;
    use serde_json::json;

    use super::super::flat::{entity_attrs, relation_attrs, Value, LIST_SEPARATOR};
    use super::super::rdf::entity_iri;
    use super::{graph_info, Each, ExportError};
    use crate::graph::KnowledgeGraph;
    use crate::model::{Entity, Relation};

    /// A flat value as serde_json held it: lists as arrays when `arrays`, else joined with `"; "`.
    pub(crate) fn json_value(value: &Value, arrays: bool) -> serde_json::Value {
        match value {
            Value::Int(n) => json!(n),
            Value::Bool(b) => json!(b),
            Value::List(items) if arrays => json!(items),
            other => json!(other.text(LIST_SEPARATOR)),
        }
    }

    /// An element that could not be made fails the serialization.
    pub(crate) struct OrFail<T>(pub(crate) Result<T, ExportError>);

    impl<T: Serialize> Serialize for OrFail<T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match &self.0 {
                Ok(t) => t.serialize(serializer),
                Err(e) => Err(serde::ser::Error::custom(e)),
            }
        }
    }

    #[derive(Serialize)]
    #[serde(bound = "Each<N>: Serialize, Each<E>: Serialize")]
    struct FlatView<E, N> {
        directed: bool,
        edges: Each<E>,
        graph: serde_json::Value,
        multigraph: bool,
        nodes: Each<N>,
    }

    type FlatObject = std::collections::BTreeMap<String, serde_json::Value>;

    fn flat_node(base: &str, e: &Entity) -> Result<FlatObject, ExportError> {
        let mut node = FlatObject::new();
        node.insert("id".into(), json!(e.id));
        for (key, value) in entity_attrs(e, entity_iri(base, &e.id)?) {
            node.insert(key.into_owned(), json_value(&value, false));
        }
        Ok(node)
    }

    fn flat_edge(r: &Relation) -> FlatObject {
        let mut edge = FlatObject::new();
        edge.insert("source".into(), json!(r.subject));
        edge.insert("target".into(), json!(r.object));
        edge.insert("key".into(), json!(r.id));
        edge.insert("id".into(), json!(r.id));
        for (key, value) in relation_attrs(r) {
            edge.insert(key.into_owned(), json_value(&value, false));
        }
        edge
    }

    /// The flat node-link JSON as serde_json wrote it from sorted maps.
    pub(crate) fn flat_json(kg: &KnowledgeGraph, base: &str) -> String {
        let mut out = serde_json::to_string_pretty(&FlatView {
            directed: true,
            edges: Each(|| kg.relations().iter().map(flat_edge)),
            graph: serde_json::to_value(graph_info(kg, "flat")).unwrap(),
            multigraph: true,
            nodes: Each(|| kg.entities().iter().map(|e| OrFail(flat_node(base, e)))),
        })
        .unwrap();
        out.push('\n');
        out
    }

    use proptest::prelude::*;

    use super::super::json_writer::JsonWriter;
    use super::{sorted_object, Member, SortedShape};

    /// `members` written by [`sorted_object`] with `shape`, and as serde_json writes a sorted map
    /// of them (a key given twice holding its last value).
    fn sorted_both_ways(shape: &SortedShape, members: &[(String, String)]) -> (String, String) {
        let borrowed: Vec<(&str, Member)> = members.iter().map(|(k, v)| (k.as_str(), Member::Str(v))).collect();
        let mut written = String::new();
        sorted_object(&mut JsonWriter::new(&mut written), shape, &borrowed, false);
        let map: std::collections::BTreeMap<&str, &str> =
            members.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        (written, serde_json::to_string_pretty(&map).unwrap())
    }

    const LISTED: &[&str] =
        &["source", "target", "key", "id", "relation", "label", "date", "évidence", "a\"b", "number"];

    #[test]
    fn objects_of_a_shape_are_sorted_as_serde_json_sorts_maps() {
        let member = |k: &str| (k.to_string(), format!("<{k}>"));
        for members in [
            vec![],
            LISTED.iter().map(|k| member(k)).collect(),
            LISTED.iter().rev().map(|k| member(k)).collect(),
            vec![member("number_b"), member("id"), member("number_a"), member("zz"), member("0"), member("id")],
        ] {
            // Depth 1 is a top-level object's: its keys as written by the shape; at depth 3 the
            // written keys do not fit and are written anew.
            for depth in [1, 3] {
                let (written, expected) = sorted_both_ways(&SortedShape::new(LISTED.iter().copied(), depth), &members);
                assert_eq!(written, expected, "depth {depth}");
            }
        }
    }

    proptest! {
        #[test]
        fn any_members_are_sorted_as_serde_json_sorts_maps(
            picks in prop::collection::vec((0..LISTED.len() + 4, "(\"|\\\\|[\u{0}-\u{1f}]|<|é|\u{2028}|number_[a-z_]{0,3}|[a-z]{0,3})*", "\\PC{0,6}"), 0..24),
        ) {
            // A listed key, mostly in the listed order, or any other key.
            let members: Vec<(String, String)> = picks
                .into_iter()
                .map(|(i, other, value)| (LISTED.get(i).map_or(other, |k| k.to_string()), value))
                .collect();
            for depth in [1, 3] {
                let (written, expected) = sorted_both_ways(&SortedShape::new(LISTED.iter().copied(), depth), &members);
                prop_assert_eq!(written, expected);
            }
        }
    }

    /// The full JSON as written, and as serde_json writes [`super::node_link`]'s graph.
    fn full_both_ways(kg: &KnowledgeGraph, rdf: &super::RdfOptions) -> (String, String) {
        let mut written = Vec::new();
        super::write_json(kg, super::JsonDetail::Full, rdf, &mut written).unwrap();
        let mut expected = serde_json::to_string_pretty(&super::node_link(kg, rdf).unwrap()).unwrap();
        expected.push('\n');
        (String::from_utf8(written).unwrap(), expected)
    }

    #[test]
    fn the_full_json_is_written_as_serde_json_writes_it() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for base in [None, Some("https://example.org/é/".to_string())] {
            let (written, expected) = full_both_ways(&kg, &super::RdfOptions { base, ..Default::default() });
            assert_eq!(written, expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Hostile labels, aliases, notes, Wikidata ids, quotes, number properties, units, roles
        /// and bases: the full JSON as serde_json writes it.
        #[test]
        fn hostile_graphs_are_written_in_full_as_serde_json_writes_them(
            h in prop::collection::vec(crate::export::html::tests::hostile::hostile_string(), 12..13),
        ) {
            let kg = crate::export::html::tests::hostile::hostile_graph(&h);
            let (written, expected) = full_both_ways(&kg, &super::RdfOptions::default());
            prop_assert!(written == expected, "written:\n{written}\nexpected:\n{expected}");
        }
    }

    #[test]
    fn the_flat_json_is_written_as_serde_json_wrote_it() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for base in [None, Some("https://example.org/é/".to_string())] {
            let rdf = super::RdfOptions { base, ..Default::default() };
            let mut written = Vec::new();
            if super::write_json(&kg, super::JsonDetail::Flat, &rdf, &mut written).is_err() {
                assert!(rdf.base.is_some(), "the default base is valid");
                continue;
            }
            assert_eq!(String::from_utf8(written).unwrap(), flat_json(&kg, &rdf.base_for(&kg)));
        }
    }
}
