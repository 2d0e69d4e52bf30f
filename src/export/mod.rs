//! Exports: one file per format. RDF syntaxes go through oxrdfio (`rdf.rs`, vocabulary in
//! `ontology.rs`); DOT (`dot.rs`) and GraphML (`graphml.rs`) are our own emitters, escaping by
//! their grammars; JSON (`json.rs`) is the networkx node-link shape via serde_json. Exporters read
//! the graph and never change it; output is deterministic (sorted by id).

mod dot;
mod graphml;
mod html;
mod json;
mod ontology;
mod rdf;
mod style;

use std::io::Write;

pub use dot::{
    dot_quote, write_dot, DotOptions, DotView, RankDir, FOCUS_NODE_BUDGET, HUB_RELATIONS, TERRITORY_RELATIONS,
};
pub use graphml::write_graphml;
pub use html::{write_html, HTML_MAX_ENTITIES};
pub use json::{node_link, write_json, NodeLink};
pub use ontology::{class_iri, ontology_quads, property_iri};
pub use rdf::{quads_for, rdf_quads, write_rdf, RdfOptions, RdfSyntax};

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
        }
    };
}

formats! {
    Turtle => "turtle", "ttl", "RDF Turtle";
    NTriples => "ntriples", "nt", "RDF N-Triples";
    NQuads => "nquads", "nq", "RDF N-Quads, with named graphs";
    TriG => "trig", "trig", "RDF TriG, with named graphs";
    RdfXml => "rdfxml", "rdf", "RDF/XML";
    JsonLd => "jsonld", "jsonld", "JSON-LD";
    Dot => "dot", "dot", "Graphviz DOT";
    Json => "json", "json", "JSON in the networkx node-link shape";
    GraphMl => "graphml", "graphml", "GraphML";
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
            Format::Dot | Format::Json | Format::GraphMl | Format::Html => None,
        }
    }
}

/// Options of every export format.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// RDF options (base IRI, vocabulary).
    pub rdf: RdfOptions,
    /// DOT options (focus, depth, direction).
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
            Format::Json => write_json(kg, out),
            Format::GraphMl => write_graphml(kg, out),
            Format::Html => write_html(kg, out),
            _ => unreachable!("RDF formats are handled above"),
        },
    }
}
