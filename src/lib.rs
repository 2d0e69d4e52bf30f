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
//! The pipeline is: [`load()`] (parse and validate the annotations) → [`Dataset`] →
//! [`KnowledgeGraph`] (petgraph, lookup by name with [`KnowledgeGraph::resolve`]) →
//! - questions: [`entity_card`], [`shortest_path`], [`all_paths`], [`treaties_involving`],
//!   [`neighbors`], [`timeline`], [`sparql`], [`stats`], [`coverage_report`];
//! - exports: [`export()`] in every [`Format`] (RDF through oxrdfio, DOT, JSON, GraphML);
//! - [`push()`] to a SPARQL Graph Store endpoint;
//! - [`draft()`]: a first annotation of any other essay, from its text alone, and
//!   [`score_draft`] to compare a draft with a curated annotation.
//!
//! ```
//! let kg = kg::KnowledgeGraph::builtin().unwrap();
//! let treaties = kg::treaties_involving(&kg, &kg.resolve("Northern Territory").unwrap().id);
//! assert!(treaties.iter().any(|t| t.label == "Treaty of St. Petersburg"));
//! ```

#![warn(missing_docs)]

mod builtin;
mod canonical;
mod compact;
mod coverage;
mod draft;
mod error;
mod export;
mod graph;
mod load;
mod lookup;
mod mentions;
mod model;
mod name_table;
mod names;
mod passage_names;
mod push;
mod query;
mod text;
#[doc(hidden)]
pub mod trace;
pub mod vocab;

pub use builtin::{
    builtin_coverage, builtin_sparql, load_builtin, load_builtin_with_coverage, StoredExport, StoredPage,
};
pub use coverage::{coverage_report, coverage_report_work, linear_coverage_work, CoverageReport, Phrase};
pub use draft::{
    draft, score as score_draft, AliasScore, Draft, DraftError, DraftFiles, DraftScore, EntityScore, RelationScore,
};
pub use error::{LoadError, Problem};
pub use export::{
    background_graph, class_iri, domain_and_range, dot_quote, export, export_prefixes, inverse_property_iri,
    jsonld_context, node_link, ontology_quads, property_iri, quads_for, rdf_quads, rdf_quads_in_batches, write_dot,
    write_graphml, write_html, write_json, write_rdf, DotOptions, DotView, ExportError, ExportOptions, Format,
    NodeLink, RankDir, RdfOptions, RdfSyntax, FOCUS_NODE_BUDGET, HTML_MAX_ENTITIES, HUB_RELATIONS, TERRITORY_RELATIONS,
};
pub use export::{
    write_csv_nodes, write_csv_relationships, write_cytoscape, write_gexf, write_mermaid, ByteCount, JsonDetail, Node,
    CSV_ARRAY_DELIMITER, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT,
};
pub use graph::{Incident, KnowledgeGraph};
pub use load::{
    load, load_dir, Source, Sources, MAX_ANNOTATION_BYTES, MAX_ESSAY_BYTES, MAX_NAME_CHARS, MAX_OCCURRENCES,
    MAX_QUOTE_CHARS,
};
pub use lookup::LookupError;
pub use model::{
    check_relation_types, Dataset, Dated, Entity, EntityType, Evidence, HistDate, Id, LeftOut, Precision, Provenance,
    Qualifiers, Quantity, Relation, RelationKind, SharedStr,
};
pub use names::{loose_key, name_key};
pub use push::{graph_store_url, push, PushError, PushOptions, PushReport, PushedGraph, MAX_PUSH_TIMEOUT};
pub use query::{
    all_paths, all_shortest_paths, containment_index, describe_containment, entity_card, neighbors, related_places,
    run_query, run_query_here, run_query_with_prefixes, run_query_within, shortest_path, shortest_paths_from, sparql,
    sparql_prefixes, sparql_store, sparql_within, stats, timeline, treaties_involving, Containment, EdgeView,
    EntityCard, EntityRef, EntitySummary, EvidenceView, How, Neighbor, Path, PathOptions, PathView, QualifierView,
    QueryLimits, Quote, RelationView, ResultsFormat, SearchBudgetExceeded, SparqlAnswer, SparqlError, SparqlStore,
    Stats, Step, TimelineEntry, TimelineOptions, TreatyInvolvement, PATH_SEARCH_BUDGET,
};
pub use text::EssayText;
