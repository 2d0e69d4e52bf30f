//! SPARQL 1.1 over the same RDF that `kg export` writes, in an embedded in-memory Oxigraph store.
//! Unlike a server's, the default graph here is the union of the store's default graph (the
//! vocabulary and what the essay states) and the background graph, like `oxigraph query
//! --union-default-graph`; `GRAPH kgg:background` still reaches the background alone. The
//! standard prefixes and the export's own (`kgv:`, `ent:`, `rel:`, `ev:`, `qty:`, `kgg:`) are
//! declared implicitly; a query's own `PREFIX` wins.

use std::io::Write;

use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::export::{export_prefixes, rdf_quads, RdfOptions};
use crate::graph::KnowledgeGraph;

/// Why a SPARQL query failed.
#[derive(Debug, thiserror::Error)]
pub enum SparqlError {
    /// The query does not parse.
    #[error("invalid SPARQL query: {0}")]
    Syntax(String),
    /// The query could not be evaluated.
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    /// The RDF could not be built or stored.
    #[error("cannot build the SPARQL store: {0}")]
    Store(String),
}

/// The answer to a query, fully read.
#[derive(Debug, Clone, PartialEq)]
pub enum SparqlAnswer {
    /// A SELECT query's solutions.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// One row per solution, a value (or none) per variable.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// An ASK query's answer.
    Boolean(bool),
    /// A CONSTRUCT or DESCRIBE query's triples.
    Graph(Vec<Triple>),
}

/// The standard SPARQL results formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL Query Results XML.
    Xml,
}

/// An in-memory store holding the graph's RDF.
///
/// # Complexity
/// O(Q log Q) for Q quads.
pub fn sparql_store(kg: &KnowledgeGraph, options: &RdfOptions) -> Result<Store, SparqlError> {
    let quads = rdf_quads(kg, options).map_err(|e| SparqlError::Store(e.to_string()))?;
    let store = Store::new().map_err(|e| SparqlError::Store(e.to_string()))?;
    store.extend(quads).map_err(|e| SparqlError::Store(e.to_string()))?;
    Ok(store)
}

/// The prefixes `kg sparql` declares implicitly for an export: the standard ones and the
/// export's own, as `(prefix, namespace)`.
pub fn sparql_prefixes(kg: &KnowledgeGraph, options: &RdfOptions) -> Vec<(&'static str, String)> {
    export_prefixes(&options.base_for(kg), options.vocab_namespace())
}

/// Runs a query on a store made by [`sparql_store`], with no implicit prefixes.
pub fn run_query(store: &Store, query: &str) -> Result<SparqlAnswer, SparqlError> {
    run_query_with_prefixes(store, query, &[])
}

/// Runs a query on a store made by [`sparql_store`], with `prefixes` declared implicitly.
pub fn run_query_with_prefixes(
    store: &Store,
    query: &str,
    prefixes: &[(&str, String)],
) -> Result<SparqlAnswer, SparqlError> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in prefixes {
        evaluator = evaluator.with_prefix(*prefix, iri.as_str()).map_err(|e| SparqlError::Store(e.to_string()))?;
    }
    let mut prepared = evaluator.parse_query(query).map_err(|e| SparqlError::Syntax(e.to_string()))?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let eval = |e: oxigraph::sparql::QueryEvaluationError| SparqlError::Evaluation(e.to_string());
    Ok(match prepared.on_store(store).execute().map_err(eval)? {
        QueryResults::Solutions(solutions) => {
            let mut variables = solutions.variables().to_vec();
            if is_select_star(query) {
                variables = in_query_order(query, variables);
            }
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(eval)?;
                rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            SparqlAnswer::Solutions { variables, rows }
        }
        QueryResults::Boolean(b) => SparqlAnswer::Boolean(b),
        QueryResults::Graph(triples) => SparqlAnswer::Graph(triples.collect::<Result<_, _>>().map_err(eval)?),
    })
}

/// Whether the query's (first, outermost) projection is `SELECT *`.
fn is_select_star(query: &str) -> bool {
    let upper = query.to_ascii_uppercase();
    let Some(at) = upper.find("SELECT") else { return false };
    let rest = upper[at + "SELECT".len()..].trim_start();
    let rest = rest.strip_prefix("DISTINCT").or_else(|| rest.strip_prefix("REDUCED")).unwrap_or(rest);
    rest.trim_start().starts_with('*')
}

/// `SELECT *`'s variables in the order they first appear in the query text (Oxigraph sorts
/// them), so a table's columns follow the query.
fn in_query_order(query: &str, mut variables: Vec<Variable>) -> Vec<Variable> {
    let mut order: Vec<&str> = Vec::new();
    let mut rest = query;
    while let Some(at) = rest.find(['?', '$']) {
        let name_len = rest[at + 1..].find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len() - at - 1);
        let name = &rest[at + 1..at + 1 + name_len];
        if !name.is_empty() && !order.contains(&name) {
            order.push(name);
        }
        rest = &rest[at + 1 + name_len..];
    }
    variables.sort_by_key(|v| order.iter().position(|n| *n == v.as_str()).unwrap_or(usize::MAX));
    variables
}

/// Runs a SPARQL 1.1 query over the graph's RDF (with the default export options), the standard
/// and the export's prefixes declared.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let answer = kg::sparql(&kg, "ASK { ?t rdfs:label \"Treaty of Portsmouth\"@en ; a kgv:Treaty }").unwrap();
/// assert_eq!(answer, kg::SparqlAnswer::Boolean(true));
/// ```
pub fn sparql(kg: &KnowledgeGraph, query: &str) -> Result<SparqlAnswer, SparqlError> {
    let options = RdfOptions::default();
    run_query_with_prefixes(&sparql_store(kg, &options)?, query, &sparql_prefixes(kg, &options))
}

impl SparqlAnswer {
    /// Writes the answer in a standard results format. CONSTRUCT and DESCRIBE answers are RDF,
    /// written as N-Triples whatever the format.
    pub fn write(&self, format: ResultsFormat, out: &mut dyn Write) -> std::io::Result<()> {
        let serializer = QueryResultsSerializer::from_format(match format {
            ResultsFormat::Json => QueryResultsFormat::Json,
            ResultsFormat::Csv => QueryResultsFormat::Csv,
            ResultsFormat::Tsv => QueryResultsFormat::Tsv,
            ResultsFormat::Xml => QueryResultsFormat::Xml,
        });
        match self {
            SparqlAnswer::Boolean(b) => {
                serializer.serialize_boolean_to_writer(&mut *out, *b)?;
            }
            SparqlAnswer::Solutions { variables, rows } => {
                let mut writer = serializer.serialize_solutions_to_writer(&mut *out, variables.clone())?;
                for row in rows {
                    writer.serialize(
                        variables.iter().zip(row).filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref()))),
                    )?;
                }
                writer.finish()?;
            }
            SparqlAnswer::Graph(triples) => {
                for t in triples {
                    writeln!(out, "{t} .")?;
                }
            }
        }
        Ok(())
    }
}
