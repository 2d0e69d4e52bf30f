//! `kg push --endpoint URL [--graph IRI] [--replace]`: the RDF into a triple store over the SPARQL
//! 1.1 Graph Store HTTP Protocol. Exit status 3 when the server fails or cannot be reached.

use std::fmt::Write;
use std::process::ExitCode;
use std::time::Duration;

use kg::{KnowledgeGraph, PushError, PushOptions, RdfOptions};

use super::output::{Failure, Out};
use super::OutputArgs;

#[derive(clap::Args, Debug)]
pub struct PushArgs {
    /// The Graph Store endpoint, such as http://127.0.0.1:7878/store (Oxigraph) or
    /// http://localhost:3030/ds/data (Fuseki).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// Write into this named graph instead of the default graph.
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
    /// Replace the graph's content (HTTP PUT) instead of adding to it (POST). One request: whether
    /// a concurrent reader or another push can see a mix depends on the server's PUT; do not push
    /// to the same graph from two places at once.
    #[arg(long)]
    replace: bool,
    /// Base IRI for entities, relations and evidence.
    #[arg(long, value_name = "IRI")]
    base: Option<String>,
    /// Leave the vocabulary out.
    #[arg(long)]
    no_ontology: bool,
    /// Give up after this many seconds (1 to 604800, a week).
    #[arg(long, value_name = "SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=kg::MAX_PUSH_TIMEOUT.as_secs()))]
    timeout: u64,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(kg: &KnowledgeGraph, args: &PushArgs) -> Result<ExitCode, Failure> {
    let options = PushOptions {
        endpoint: args.endpoint.clone(),
        graph: args.graph.clone(),
        replace: args.replace,
        timeout: Duration::from_secs(args.timeout.max(1)),
        rdf: RdfOptions {
            base: args.base.clone().unwrap_or_else(|| RdfOptions::default().base),
            ontology: !args.no_ontology,
            data: true,
        },
    };
    let report = kg::push(kg, &options).map_err(|e| {
        let code = match e {
            PushError::BadEndpoint { .. }
            | PushError::BadGraph { .. }
            | PushError::Export(kg::ExportError::BadBase(_)) => 2,
            PushError::Export(_) => 1,
            _ => 3,
        };
        Failure { code, message: e.to_string() }
    })?;
    Out::new(args.out.format).answer(&report, || {
        let mut t = String::new();
        let verb = if report.method == "PUT" { "replaced" } else { "added to" };
        let _ = writeln!(
            t,
            "{verb} graph {} with {} triples: {} {} answered HTTP {}",
            report.graph, report.triples, report.method, report.url, report.status
        );
        t
    })
}
