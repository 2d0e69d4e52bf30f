//! `kg push --endpoint URL [--graph IRI] [--replace]`: the RDF into a triple store over the SPARQL
//! 1.1 Graph Store HTTP Protocol. Exit status 3 when the server fails or cannot be reached.

use std::process::ExitCode;
use std::time::Duration;

use kg::{KnowledgeGraph, PushError, PushOptions, RdfOptions};

use super::output::{self, Failure, Out};
use super::{OutputArgs, OutputFormat};

#[derive(clap::Args, Debug)]
pub struct PushArgs {
    /// The Graph Store endpoint, such as http://127.0.0.1:7878/store (Oxigraph) or
    /// http://localhost:3030/ds/data (Fuseki).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// Write into this named graph instead of the default graph.
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
    /// Replace the graph's content (HTTP PUT) instead of adding to it (POST).
    #[arg(long)]
    replace: bool,
    /// Base IRI for entities, relations and evidence.
    #[arg(long, value_name = "IRI")]
    base: Option<String>,
    /// Leave the vocabulary out.
    #[arg(long)]
    no_ontology: bool,
    /// Give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
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
            PushError::BadEndpoint(_) | PushError::BadGraph { .. } | PushError::Export(kg::ExportError::BadBase(_)) => {
                2
            }
            PushError::Export(_) => 1,
            _ => 3,
        };
        Failure { code, message: e.to_string() }
    })?;
    // The JSON report is an answer asked for; the text is a status line, on standard error.
    if args.out.format == OutputFormat::Json {
        return Out::new(args.out.format).answer(&report, String::new);
    }
    let verb = if report.method == "PUT" { "replaced" } else { "added to" };
    output::status(&format!(
        "{verb} graph {} with {} triples: {} {} answered HTTP {}",
        report.graph, report.triples, report.method, report.url, report.status
    ));
    Ok(ExitCode::SUCCESS)
}
