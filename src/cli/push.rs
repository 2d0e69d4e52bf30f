//! `kg push --endpoint URL [--graph IRI] [--replace] [--dataset]`: the RDF into a triple store,
//! what the essay states and background knowledge in separate graphs, over the SPARQL 1.1 Graph
//! Store HTTP Protocol (or one N-Quads request with `--dataset`), or with `--update-endpoint URL`
//! as one SPARQL 1.1 Update request. Exit status 3 when the server fails or cannot be reached.

use std::process::ExitCode;
use std::time::Duration;

use kg::{KnowledgeGraph, PushError, PushOptions, RdfOptions};

use super::output::{self, Failure, Out};
use super::{OutputArgs, OutputFormat};

#[derive(clap::Args, Debug)]
pub struct PushArgs {
    /// The Graph Store endpoint, such as http://127.0.0.1:7878/store (Oxigraph) or
    /// http://localhost:3030/ds/data (Fuseki).
    #[arg(long, value_name = "URL", required_unless_present = "update_endpoint", conflicts_with = "update_endpoint")]
    endpoint: Option<String>,
    /// Instead of --endpoint: a SPARQL 1.1 Update endpoint, such as http://127.0.0.1:7878/update
    /// (Oxigraph) or http://localhost:3030/ds/update (Fuseki). The whole push is then ONE update
    /// request (with --replace: DROP SILENT of each graph written, or DROP ALL with --dataset,
    /// then INSERT DATA), which the server applies as one transaction.
    #[arg(long, value_name = "URL")]
    update_endpoint: Option<String>,
    /// Write what the essay states into this named graph instead of the default graph (the
    /// background always goes to its own named graph, BASE/graph/background).
    #[arg(long, value_name = "IRI", conflicts_with = "dataset")]
    graph: Option<String>,
    /// Replace each graph's content instead of adding to it. With --endpoint, one HTTP PUT per
    /// graph: whether a concurrent reader or another push can see a mix depends on the server's
    /// PUT. With --update-endpoint, one transactional update; on Oxigraph two concurrent pushes
    /// leave exactly one whole only with --dataset (README: "what --replace promises").
    #[arg(long)]
    replace: bool,
    /// Send every graph in one N-Quads request to ENDPOINT, a dataset endpoint that takes quads
    /// (Oxigraph: /store; Fuseki: the dataset URL /ds; GraphDB: /repositories/ID/statements).
    /// With --replace the server replaces its whole dataset. With --update-endpoint: every
    /// quad in the one update, and --replace drops all graphs first (DROP ALL).
    #[arg(long)]
    dataset: bool,
    /// Base IRI for entities, relations and evidence: any absolute IRI (default: derived from
    /// the essay's title).
    #[arg(long, value_name = "IRI")]
    base: Option<String>,
    /// Namespace of the vocabulary (default: https://example.org/kg-essay/vocab#).
    #[arg(long, value_name = "IRI")]
    vocab: Option<String>,
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
        endpoint: args.endpoint.clone().or_else(|| args.update_endpoint.clone()).unwrap_or_default(),
        update: args.update_endpoint.is_some(),
        graph: args.graph.clone(),
        replace: args.replace,
        dataset: args.dataset,
        timeout: Duration::from_secs(args.timeout.max(1)),
        rdf: RdfOptions {
            base: args.base.clone(),
            vocab: args.vocab.clone(),
            ontology: !args.no_ontology,
            ..RdfOptions::default()
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
    // The JSON report is an answer asked for; the text is status lines, on standard error.
    if args.out.format == OutputFormat::Json {
        return Out::new(args.out.format).answer(&report, String::new);
    }
    let verb = if args.replace { "replaced" } else { "added to" };
    for g in &report.graphs {
        output::status(&format!(
            "{verb} {} with {} {}: {} {} answered HTTP {}",
            if g.graph == "dataset" { "the dataset".to_string() } else { format!("graph {}", g.graph) },
            g.triples,
            if g.graph == "dataset" { "quads" } else { "triples" },
            report.method,
            g.url,
            g.status
        ));
    }
    Ok(ExitCode::SUCCESS)
}
