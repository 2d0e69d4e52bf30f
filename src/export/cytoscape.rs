//! The Cytoscape.js JSON export: `{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]},
//! "style": […]}`, which Cytoscape.js takes as is (`cytoscape({...json, container})`) and
//! Cytoscape desktop imports as a `.cyjs` network. Each element's `data` holds the flat attributes
//! of `flat.rs` (lists as JSON arrays), nodes also `name` (the column Cytoscape desktop labels
//! nodes with), `color` and `shape` (from the DOT styling in `style.rs`), which the included
//! stylesheet maps; background edges are dashed.

use std::io::Write;

use super::flat::{
    entity_attrs, output_buffer, pass_on, relation_attrs, touch_entity, touch_relation, touched_ahead, ENTITY_ORDER,
    RELATION_ORDER,
};
use super::json::{sorted_object, Member, SortedShape};
use super::json_writer::JsonWriter;
use super::rdf::{entity_iri, entity_iri_unchecked};
use super::style::type_style;
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Relation};

/// The Cytoscape.js node shape nearest to a Graphviz shape.
fn cytoscape_shape(graphviz: &str) -> &'static str {
    match graphviz {
        "box" | "rect" | "rectangle" | "square" => "rectangle",
        "note" | "folder" | "tab" | "box3d" => "cut-rectangle",
        "octagon" => "octagon",
        "hexagon" => "hexagon",
        "pentagon" | "house" => "pentagon",
        "invhouse" => "vee",
        "trapezium" | "invtrapezium" | "parallelogram" => "rhomboid",
        "cylinder" => "barrel",
        "triangle" => "triangle",
        "diamond" => "diamond",
        _ => "ellipse",
    }
}

/// A value in the stylesheet.
enum StyleValue {
    Text(&'static str),
    Number(&'static str),
}

/// The stylesheet: label, colour and shape from each element's data; each rule's properties in
/// the order serde_json's sorted maps wrote them.
const STYLESHEET: &[(&str, &[(&str, StyleValue)])] = {
    use StyleValue::{Number, Text};
    &[
        (
            "node",
            &[
                ("background-color", Text("data(color)")),
                ("border-color", Text("#444444")),
                ("border-width", Number("1")),
                ("font-size", Number("11")),
                ("label", Text("data(label)")),
                ("shape", Text("data(shape)")),
            ],
        ),
        (
            "edge",
            &[
                ("curve-style", Text("bezier")),
                ("font-size", Number("9")),
                ("label", Text("data(label)")),
                ("line-color", Text("#444444")),
                ("target-arrow-color", Text("#444444")),
                ("target-arrow-shape", Text("triangle")),
            ],
        ),
        (
            "edge[?background]",
            &[("line-color", Text("#999999")), ("line-style", Text("dashed")), ("target-arrow-color", Text("#999999"))],
        ),
    ]
};

fn write_stylesheet(w: &mut JsonWriter) {
    w.open('[');
    for (selector, style) in STYLESHEET {
        w.item();
        w.open('{');
        w.key("selector");
        w.string(selector);
        w.key("style");
        w.open('{');
        for (key, value) in *style {
            w.key(key);
            match value {
                StyleValue::Text(s) => w.string(s),
                StyleValue::Number(n) => w.raw(n),
            }
        }
        w.close('}');
        w.close('}');
    }
    w.close(']');
}

/// `{"data": {…}}`: one element, its data sorted by key, lists as arrays.
fn element<'r>(w: &mut JsonWriter, shape: &SortedShape, members: &[(&'r str, Member<'r, '_>)]) {
    w.item();
    w.open('{');
    w.key("data");
    sorted_object(w, shape, members, true);
    w.close('}');
}

/// The fixed keys of a node's data, in the order [`node`] lists them (the members of
/// `{"elements": {"nodes": [{"data": {...}}]}}` are five deep).
fn node_shape() -> SortedShape {
    SortedShape::new(["id", "name"].into_iter().chain(ENTITY_ORDER.iter().copied()).chain(["color", "shape"]), 5)
}

/// The fixed keys of an edge's data, in the order [`edge`] lists them.
fn edge_shape() -> SortedShape {
    SortedShape::new(["id", "source", "target"].into_iter().chain(RELATION_ORDER.iter().copied()), 5)
}

fn node(w: &mut JsonWriter, shape: &SortedShape, e: &Entity, iri: String) {
    let attrs = entity_attrs(e, iri);
    let style = type_style(e.entity_type);
    let mut members: Vec<(&str, Member)> = Vec::with_capacity(attrs.len() + 4);
    members.push(("id", Member::Str(&e.id)));
    members.push(("name", Member::Str(&e.label)));
    members.extend(attrs.iter().map(|(k, v)| (k.as_ref(), Member::Attr(v))));
    members.push(("color", Member::Str(style.fill)));
    members.push(("shape", Member::Str(cytoscape_shape(style.shape))));
    element(w, shape, &members);
}

fn edge(w: &mut JsonWriter, shape: &SortedShape, r: &Relation) {
    let attrs = relation_attrs(r);
    let mut members: Vec<(&str, Member)> = Vec::with_capacity(attrs.len() + 3);
    members.push(("id", Member::Str(&r.id)));
    members.push(("source", Member::Str(&r.subject)));
    members.push(("target", Member::Str(&r.object)));
    members.extend(attrs.iter().map(|(k, v)| (k.as_ref(), Member::Attr(v))));
    element(w, shape, &members);
}

/// Writes the graph as Cytoscape.js JSON, one element at a time; entity IRIs under `rdf.base`.
/// The document's keys come in the order serde_json's sorted maps wrote them.
pub fn write_cytoscape(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    // The base is checked before the first byte.
    entity_iri(&base, "")?;
    let mut s = output_buffer();
    let mut w = JsonWriter::new(&mut s);
    w.open('{');
    w.key("data");
    w.open('{');
    w.key("name");
    w.string(&kg.data().title);
    w.close('}');
    w.key("elements");
    w.open('{');
    w.key("edges");
    w.open('[');
    let shape = edge_shape();
    for r in touched_ahead(kg.relations(), touch_relation) {
        edge(&mut w, &shape, r);
        pass_on(w.out(), out)?;
    }
    w.close(']');
    w.key("nodes");
    w.open('[');
    let shape = node_shape();
    for e in touched_ahead(kg.entities(), touch_entity) {
        node(&mut w, &shape, e, entity_iri_unchecked(&base, &e.id));
        pass_on(w.out(), out)?;
    }
    w.close(']');
    w.close('}');
    w.key("format_version");
    w.string("1.0");
    w.key("generated_by");
    w.string(concat!("kg ", env!("CARGO_PKG_VERSION")));
    w.key("style");
    write_stylesheet(&mut w);
    w.key("target_cytoscapejs_version");
    w.string("~3");
    w.close('}');
    s.push('\n');
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// The former serde_json path, the reference the written document is compared with.
#[cfg(test)]
mod reference {
    use serde::Serialize;
    use serde_json::{json, Map};

    use super::super::flat::{entity_attrs, relation_attrs};
    use super::super::json::reference::{json_value, OrFail};
    use super::super::json::Each;
    use super::super::rdf::entity_iri;
    use super::{cytoscape_shape, type_style};
    use crate::graph::KnowledgeGraph;
    use crate::model::{Entity, Relation};

    fn stylesheet() -> serde_json::Value {
        json!([
            { "selector": "node", "style": {
                "label": "data(label)", "background-color": "data(color)", "shape": "data(shape)",
                "border-width": 1, "border-color": "#444444", "font-size": 11
            } },
            { "selector": "edge", "style": {
                "label": "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle",
                "line-color": "#444444", "target-arrow-color": "#444444", "font-size": 9
            } },
            { "selector": "edge[?background]", "style": {
                "line-style": "dashed", "line-color": "#999999", "target-arrow-color": "#999999"
            } }
        ])
    }

    #[derive(Serialize)]
    #[serde(bound = "Each<N>: Serialize, Each<E>: Serialize")]
    struct View<N, E> {
        data: serde_json::Value,
        elements: Elements<N, E>,
        format_version: &'static str,
        generated_by: String,
        style: serde_json::Value,
        target_cytoscapejs_version: &'static str,
    }

    #[derive(Serialize)]
    #[serde(bound = "Each<N>: Serialize, Each<E>: Serialize")]
    struct Elements<N, E> {
        edges: Each<E>,
        nodes: Each<N>,
    }

    fn node(e: &Entity, iri: String) -> serde_json::Value {
        let mut data = Map::new();
        data.insert("id".into(), json!(e.id));
        data.insert("name".into(), json!(e.label));
        for (key, value) in entity_attrs(e, iri) {
            data.insert(key.into_owned(), json_value(&value, true));
        }
        let style = type_style(e.entity_type);
        data.insert("color".into(), json!(style.fill));
        data.insert("shape".into(), json!(cytoscape_shape(style.shape)));
        json!({ "data": data })
    }

    fn edge(r: &Relation) -> serde_json::Value {
        let mut data = Map::new();
        data.insert("id".into(), json!(r.id));
        data.insert("source".into(), json!(r.subject));
        data.insert("target".into(), json!(r.object));
        for (key, value) in relation_attrs(r) {
            data.insert(key.into_owned(), json_value(&value, true));
        }
        json!({ "data": data })
    }

    fn cytoscape(kg: &KnowledgeGraph, base: &str) -> String {
        let view = View {
            data: json!({ "name": kg.data().title }),
            elements: Elements {
                edges: Each(|| kg.relations().iter().map(edge)),
                nodes: Each(|| kg.entities().iter().map(|e| OrFail(entity_iri(base, &e.id).map(|iri| node(e, iri))))),
            },
            format_version: "1.0",
            generated_by: format!("kg {}", env!("CARGO_PKG_VERSION")),
            style: stylesheet(),
            target_cytoscapejs_version: "~3",
        };
        let mut out = serde_json::to_string_pretty(&view).unwrap();
        out.push('\n');
        out
    }

    #[test]
    fn the_document_is_written_as_serde_json_wrote_it() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for base in [None, Some("https://example.org/é/".to_string())] {
            let rdf = super::RdfOptions { base, ..Default::default() };
            let mut written = Vec::new();
            super::write_cytoscape(&kg, &rdf, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), cytoscape(&kg, &rdf.base_for(&kg)));
        }
    }
}
