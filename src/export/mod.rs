//! Exports: one file per format. RDF syntaxes go through oxrdfio (`rdf.rs`, vocabulary in
//! `ontology.rs`), compact JSON-LD through serde_json (`jsonld.rs`); DOT (`dot.rs`) and GraphML (`graphml.rs`) are our own emitters, escaping by
//! their grammars; JSON (`json.rs`) is the networkx node-link shape, flat written by `json_writer.rs`,
//! full via serde_json. Exporters read
//! the graph and never change it; output is deterministic (sorted by id).

mod csv;
mod cytoscape;
mod decimal;
mod dot;
mod escape;
mod flat;
mod gexf;
mod graphml;
#[cfg(test)]
mod hostile_rdf;
pub(crate) mod html;
mod json;
mod json_pretty;
mod json_writer;
mod jsonld;
mod mermaid;
mod ontology;
mod rdf;
mod rdf_stored;
mod rdfxml;
mod recent;
mod style;
mod turtle;

use std::io::Write;

/// A writer that counts the bytes written and keeps none: the size of an export without writing
/// it anywhere (`kg push` measures its Content-Length with it; the benchmarks time exports into it).
///
/// ```
/// let graph = kg::KnowledgeGraph::builtin().unwrap();
/// let mut size = kg::ByteCount::default();
/// kg::export(&graph, kg::Format::Dot, &kg::ExportOptions::default(), &mut size).unwrap();
/// assert!(size.0 > 0);
/// ```
#[derive(Debug, Default)]
pub struct ByteCount(pub u64);

impl Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub use csv::{write_csv_nodes, write_csv_relationships, CSV_ARRAY_DELIMITER};
pub use cytoscape::write_cytoscape;
pub use dot::{
    dot_quote, write_dot, DotOptions, DotView, RankDir, FOCUS_NODE_BUDGET, HUB_RELATIONS, TERRITORY_RELATIONS,
};
pub use gexf::write_gexf;
pub use graphml::write_graphml;
pub use html::{write_html, HTML_MAX_ENTITIES};
pub use json::{node_link, write_json, JsonDetail, Node, NodeLink};
pub use jsonld::jsonld_context;
pub(crate) use jsonld::plan::well_formed as jsonld_plan_well_formed;
pub(crate) use jsonld::write_jsonld_stored;
pub use mermaid::{write_mermaid, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT};
pub use ontology::{class_iri, domain_and_range, inverse_property_iri, ontology_quads, property_iri};
pub use rdf::{
    background_graph, export_prefixes, quads_for, rdf_quads, rdf_quads_in_batches, write_rdf, RdfOptions, RdfSyntax,
};
pub(crate) use rdf::{write_line, RdfStream, PIECE};
pub(crate) use rdf_stored::{stream_kinds, strings_at, written_at, LineTerms, StoredStream};
pub(crate) use rdfxml::{forms_well_formed as rdfxml_forms_well_formed, write_rdfxml_stored};
pub(crate) use turtle::{terms_well_formed as turtle_terms_well_formed, write_turtle_stored};

use crate::graph::KnowledgeGraph;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The base IRI is unusable.
    #[error("invalid base IRI: {0}")]
    BadBase(String),
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// JSON encoding failed.
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The graph is larger than the format can draw.
    #[error(
        "the {format} export draws at most {limit} entities and this graph has {entities}; export DOT or JSON instead"
    )]
    TooLarge {
        /// The format's name.
        format: &'static str,
        /// The number of entities in the graph.
        entities: usize,
        /// The format's limit.
        limit: usize,
    },
    /// The graph, or a value in it, cannot be written in this format (a view over a budget, a
    /// value containing a delimiter the format cannot escape).
    #[error("cannot write {format}: {reason}")]
    Unrepresentable {
        /// The format's name.
        format: &'static str,
        /// What is wrong and what to do.
        reason: String,
    },
}

macro_rules! formats {
    ($( $variant:ident => $name:literal, $ext:literal, $doc:literal; )*) => {
        /// An export format.
        ///
        /// ```
        /// use kg::Format;
        /// assert_eq!(Format::from_extension("ttl"), Some(Format::Turtle));
        /// assert_eq!(Format::GraphMl.file_name(), "essay.graphml");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Format { $( #[doc = $doc] $variant, )* }

        impl Format {
            /// Every format, in the order `kg export --all` writes them.
            pub const ALL: &'static [Format] = &[$(Format::$variant),*];

            /// The name used on the command line (`turtle`).
            pub fn name(self) -> &'static str {
                match self { $(Format::$variant => $name),* }
            }

            /// The conventional file extension (`ttl`).
            pub fn extension(self) -> &'static str {
                match self { $(Format::$variant => $ext),* }
            }

            /// What the format is, in a few words (`RDF Turtle`).
            pub fn description(self) -> &'static str {
                match self { $(Format::$variant => $doc),* }
            }
        }
    };
}

formats! {
    Turtle => "turtle", "ttl", "RDF Turtle";
    NTriples => "ntriples", "nt", "RDF N-Triples";
    NQuads => "nquads", "nq", "RDF N-Quads, with named graphs";
    TriG => "trig", "trig", "RDF TriG, with named graphs";
    RdfXml => "rdfxml", "rdf", "RDF/XML";
    JsonLd => "jsonld", "jsonld", "JSON-LD, compact, with @context and named graphs";
    Dot => "dot", "dot", "Graphviz DOT";
    Json => "json", "json", "JSON in the networkx node-link shape";
    GraphMl => "graphml", "graphml", "GraphML, with yEd styling";
    JsonFull => "json-full", "full.json", "JSON in the networkx node-link shape with full, nested detail";
    CsvNodes => "csv-nodes", "nodes.csv", "CSV nodes file with neo4j-admin import headers";
    CsvRelationships => "csv-relationships", "relationships.csv", "CSV relationships file with neo4j-admin import headers";
    Gexf => "gexf", "gexf", "GEXF 1.3 for Gephi, with colours, shapes and time intervals";
    Cytoscape => "cytoscape", "cyjs", "Cytoscape.js JSON (elements and style)";
    Mermaid => "mermaid", "mmd", "Mermaid flowchart (best with a focus)";
    Html => "html", "html", "A self-contained interactive HTML page: the graph, the essay, search, cards and paths";
}

impl Format {
    /// The format whose conventional extension this is (also `owl`/`xml` for RDF/XML, `gv` for
    /// DOT, `n3`-less).
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        Format::ALL.iter().copied().find(|f| f.extension() == ext).or(match ext.as_str() {
            "gv" => Some(Format::Dot),
            "owl" | "xml" => Some(Format::RdfXml),
            "ntriples" => Some(Format::NTriples),
            "nquads" => Some(Format::NQuads),
            _ => None,
        })
    }

    /// The file name `kg export --all` uses (`essay.ttl`).
    pub fn file_name(self) -> String {
        format!("essay.{}", self.extension())
    }

    /// The RDF syntax, for RDF formats.
    pub fn rdf_syntax(self) -> Option<RdfSyntax> {
        match self {
            Format::Turtle => Some(RdfSyntax::Turtle),
            Format::NTriples => Some(RdfSyntax::NTriples),
            Format::NQuads => Some(RdfSyntax::NQuads),
            Format::TriG => Some(RdfSyntax::TriG),
            Format::RdfXml => Some(RdfSyntax::RdfXml),
            Format::JsonLd => Some(RdfSyntax::JsonLd),
            _ => None,
        }
    }
}

/// Options of every export format.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// RDF options (base IRI, vocabulary).
    pub rdf: RdfOptions,
    /// DOT options (focus, depth, direction); Mermaid draws the same view.
    pub dot: DotOptions,
}

/// Writes the graph in `format`.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let mut out = Vec::new();
/// kg::export(&kg, kg::Format::NTriples, &kg::ExportOptions::default(), &mut out).unwrap();
/// assert!(String::from_utf8(out).unwrap().contains("/entity/sakhalin>"));
/// ```
pub fn export(
    kg: &KnowledgeGraph,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format.rdf_syntax() {
        Some(syntax) => write_rdf(kg, syntax, &options.rdf, out),
        None => match format {
            Format::Dot => write_dot(kg, &options.dot, out),
            Format::Json => write_json(kg, JsonDetail::Flat, &options.rdf, out),
            Format::JsonFull => write_json(kg, JsonDetail::Full, &options.rdf, out),
            Format::GraphMl => write_graphml(kg, &options.rdf, out),
            Format::CsvNodes => write_csv_nodes(kg, &options.rdf, out),
            Format::CsvRelationships => write_csv_relationships(kg, out),
            Format::Gexf => write_gexf(kg, &options.rdf, out),
            Format::Cytoscape => write_cytoscape(kg, &options.rdf, out),
            Format::Mermaid => write_mermaid(kg, &options.dot, out),
            Format::Html => write_html(kg, out),
            _ => unreachable!("RDF formats are handled above"),
        },
    }
}

/// The built-in graph, the graph the loader makes of the same essay (its stream generated, not
/// stored) and the stream `build.rs` stored: what the tests of the writers' stored-stream paths
/// (Turtle, RDF/XML, JSON-LD) compare.
#[cfg(test)]
pub(crate) fn essay_graphs_and_stored_stream() -> (KnowledgeGraph, KnowledgeGraph, &'static StoredStream<'static>) {
    let builtin = KnowledgeGraph::builtin().unwrap();
    let loaded = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
    let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
    (builtin, loaded, stored)
}
