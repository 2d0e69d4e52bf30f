//! The JSON export in the networkx node-link shape (`directed`, `multigraph`, `graph`, `nodes`,
//! `edges`), which `networkx.node_link_graph(data, edges="edges")` loads as a MultiDiGraph and D3
//! or Cytoscape map directly. Its JSON Schema is `schema/kg-node-link.schema.json`.

use std::io::Write;

use serde::Serialize;

use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::Provenance;
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
    pub nodes: Vec<EntitySummary>,
    /// Relations, sorted by id.
    pub edges: Vec<Edge>,
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

/// The graph in node-link shape.
pub fn node_link(kg: &KnowledgeGraph) -> NodeLink {
    let edges = kg
        .relations()
        .iter()
        .map(|r| {
            let q = &r.qualifiers;
            let (evidence, basis, context) = match &r.provenance {
                Provenance::Essay(e) => (Some(Quote::from(e)), None, None),
                Provenance::Background { basis, context } => {
                    (None, Some(basis.clone()), context.as_ref().map(Quote::from))
                }
            };
            Edge {
                source: r.subject.clone(),
                target: r.object.clone(),
                key: r.id.clone(),
                id: r.id.clone(),
                relation: r.kind.name().to_string(),
                label: r.kind.reading().to_string(),
                under: q.under.clone(),
                place: q.place.clone(),
                date: q.date.map(|d| d.to_string()),
                start: q.start.map(|d| d.to_string()),
                end: q.end.map(|d| d.to_string()),
                role: q.role.clone(),
                background: r.provenance.is_background(),
                evidence,
                basis,
                context,
                note: r.note.clone(),
            }
        })
        .collect();
    NodeLink {
        directed: true,
        multigraph: true,
        graph: GraphInfo {
            name: kg.data().title.clone(),
            source: "data/essay.txt".to_string(),
            offsets: "Unicode code points from 0, end exclusive".to_string(),
            generator: format!("kg {}", env!("CARGO_PKG_VERSION")),
        },
        nodes: kg.entities().iter().map(EntitySummary::new).collect(),
        edges,
    }
}

/// Writes the graph as pretty-printed node-link JSON.
pub fn write_json(kg: &KnowledgeGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(&mut *out, &node_link(kg))?;
    out.write_all(b"\n")?;
    Ok(())
}
