//! # kg
//!
//! The essay "A Short History of Russo-Japanese Relationships" as a faithful, queryable knowledge
//! graph. Every entity and relation comes from the essay's annotations (`data/`), and carries the
//! exact quote that states it, with its character offsets; what the essay only implies is kept
//! apart as background.
//!
//! ```
//! let kg = kg::KnowledgeGraph::builtin().unwrap();
//! let treaty = kg.resolve("treaty of portsmouth").unwrap();
//! assert_eq!(treaty.entity_type, kg::EntityType::Treaty);
//! ```
//!
//! The pipeline is: [`load`] (parse and validate the annotations) → [`Dataset`] →
//! [`KnowledgeGraph`] (petgraph, lookup by name with [`KnowledgeGraph::resolve`]) →
//! - questions: [`entity_card`], [`shortest_path`], [`all_paths`], [`treaties_involving`],
//!   [`neighbors`], [`timeline`], [`sparql`], [`stats`], [`coverage_report`];
//! - exports: [`export`] in every [`Format`] (RDF through oxrdfio, DOT, JSON, GraphML);
//! - [`push`] to a SPARQL Graph Store endpoint.
//!
//! ```
//! let kg = kg::KnowledgeGraph::builtin().unwrap();
//! let treaties = kg::treaties_involving(&kg, &kg.resolve("Northern Territory").unwrap().id);
//! assert!(treaties.iter().any(|t| t.label == "Treaty of St. Petersburg"));
//! ```

#![warn(missing_docs)]

mod builtin;
mod coverage;
mod error;
mod export;
mod graph;
mod load;
mod lookup;
mod mentions;
mod model;
mod names;
mod push;
mod query;
mod text;
pub mod vocab;

pub use builtin::load_builtin;
pub use coverage::{coverage_report, CoverageReport, Phrase};
pub use error::{LoadError, Problem};
pub use export::{
    class_iri, dot_quote, export, node_link, ontology_quads, property_iri, quads_for, rdf_quads, write_dot,
    write_graphml, write_json, write_rdf, DotOptions, ExportError, ExportOptions, Format, NodeLink, RankDir,
    RdfOptions, RdfSyntax,
};
pub use graph::{Incident, KnowledgeGraph};
pub use load::{load, load_dir, Source, Sources};
pub use lookup::LookupError;
pub use model::{
    Dataset, Dated, Entity, EntityType, Evidence, HistDate, LeftOut, Precision, Provenance, Qualifiers, Quantity,
    Relation, RelationKind,
};
pub use names::name_key;
pub use push::{graph_store_url, push, PushError, PushOptions, PushReport};
pub use query::{
    all_paths, entity_card, neighbors, related_places, run_query, shortest_path, sparql, sparql_store, stats, timeline,
    treaties_involving, Containment, EdgeView, EntityCard, EntityRef, EntitySummary, EvidenceView, How, Neighbor, Path,
    PathOptions, PathView, QualifierView, Quote, RelationView, ResultsFormat, SparqlAnswer, SparqlError, Stats, Step,
    TimelineEntry, TimelineOptions, TreatyInvolvement,
};
pub use text::EssayText;
