//! The Cytoscape.js JSON export: `{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]},
//! "style": […]}`, which Cytoscape.js takes as is (`cytoscape({...json, container})`) and
//! Cytoscape desktop imports as a `.cyjs` network. Each element's `data` holds the flat attributes
//! of `flat.rs` (lists as JSON arrays), nodes also `name` (the column Cytoscape desktop labels
//! nodes with), `color` and `shape` (from the DOT styling in `style.rs`), which the included
//! stylesheet maps; background edges are dashed.

use std::io::Write;

use serde::Serialize;
use serde_json::{json, Map};

use super::flat::{entity_attrs, relation_attrs};
use super::json::{Each, OrFail};
use super::rdf::entity_iri;
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

/// The stylesheet: label, colour and shape from each element's data.
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

/// The document, its keys in the order serde_json's sorted maps wrote them, its elements made
/// one at a time as they are written.
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
        data.insert(key, value.json(true));
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
        data.insert(key, value.json(true));
    }
    json!({ "data": data })
}

/// Writes the graph as Cytoscape.js JSON, one element at a time; entity IRIs under `rdf.base`.
pub fn write_cytoscape(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    // The base is checked before the first byte.
    entity_iri(&base, "")?;
    let out = &mut std::io::BufWriter::with_capacity(1 << 16, out);
    let view = View {
        data: json!({ "name": kg.data().title }),
        elements: Elements {
            edges: Each(|| kg.relations().iter().map(edge)),
            nodes: Each(|| kg.entities().iter().map(|e| OrFail(entity_iri(&base, &e.id).map(|iri| node(e, iri))))),
        },
        format_version: "1.0",
        generated_by: format!("kg {}", env!("CARGO_PKG_VERSION")),
        style: stylesheet(),
        target_cytoscapejs_version: "~3",
    };
    serde_json::to_writer_pretty(&mut *out, &view)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}
