//! The Cytoscape.js JSON export: `{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]},
//! "style": […]}`, which Cytoscape.js takes as is (`cytoscape({...json, container})`) and
//! Cytoscape desktop imports as a `.cyjs` network. Each element's `data` holds the flat attributes
//! of `flat.rs` (lists as JSON arrays), nodes also `name` (the column Cytoscape desktop labels
//! nodes with), `color` and `shape` (from the DOT styling in `style.rs`), which the included
//! stylesheet maps; background edges are dashed.

use std::io::Write;

use serde_json::{json, Map};

use super::flat::{entity_attrs, relation_attrs};
use super::rdf::entity_iri;
use super::style::type_style;
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;

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

/// Writes the graph as Cytoscape.js JSON; entity IRIs under `rdf.base`.
pub fn write_cytoscape(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut nodes = Vec::new();
    for e in kg.entities() {
        let mut data = Map::new();
        data.insert("id".into(), json!(e.id));
        data.insert("name".into(), json!(e.label));
        for (key, value) in entity_attrs(e, entity_iri(&rdf.base_for(kg), &e.id)?) {
            data.insert(key, value.json(true));
        }
        let style = type_style(e.entity_type);
        data.insert("color".into(), json!(style.fill));
        data.insert("shape".into(), json!(cytoscape_shape(style.shape)));
        nodes.push(json!({ "data": data }));
    }
    let edges: Vec<serde_json::Value> = kg
        .relations()
        .iter()
        .map(|r| {
            let mut data = Map::new();
            data.insert("id".into(), json!(r.id));
            data.insert("source".into(), json!(r.subject));
            data.insert("target".into(), json!(r.object));
            for (key, value) in relation_attrs(r) {
                data.insert(key, value.json(true));
            }
            json!({ "data": data })
        })
        .collect();
    let document = json!({
        "format_version": "1.0",
        "generated_by": format!("kg {}", env!("CARGO_PKG_VERSION")),
        "target_cytoscapejs_version": "~3",
        "data": { "name": kg.data().title },
        "elements": { "nodes": nodes, "edges": edges },
        "style": stylesheet(),
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")?;
    Ok(())
}
