//! A benchmark helper, not a user command: `kg sparql`'s treaties query (docs/queries) on the
//! built-in essay or an annotated directory (`examples/gen_corpus.rs` writes synthetic ones),
//! answered two ways in one process: through Oxigraph's in-memory `Store` loaded with every quad
//! (what `kg sparql` did before `src/query/sparql_index.rs`), and through `kg::sparql` (the
//! index). Prints the median CPU time of each, store building and query together, and checks
//! that both give the same answer.
//!
//! ```text
//! cargo run --release --example sparql_store -- [DIR] [RUNS]
//! ```

use std::process::ExitCode;
use std::time::Duration;

use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

#[path = "support/timing.rs"]
mod timing;
use timing::{cpu, median};

/// The query's treaty labels through Oxigraph's `Store`, as `kg sparql` ran it before.
fn through_store(graph: &kg::KnowledgeGraph, query: &str) -> Vec<String> {
    let options = kg::RdfOptions::default();
    let store = Store::new().expect("an in-memory store");
    store.extend(kg::rdf_quads(graph, &options).expect("the quads")).expect("loaded");
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in kg::sparql_prefixes(graph, &options) {
        evaluator = evaluator.with_prefix(prefix, iri).expect("a prefix");
    }
    let mut prepared = evaluator.parse_query(query).expect("the query parses");
    prepared.dataset_mut().set_default_graph_as_union();
    let Ok(QueryResults::Solutions(solutions)) = prepared.on_store(&store).execute() else {
        panic!("a SELECT query answers with solutions")
    };
    solutions.map(|s| s.expect("a solution").get("label").map(ToString::to_string).unwrap_or_default()).collect()
}

/// The same through `kg::sparql`.
fn through_index(graph: &kg::KnowledgeGraph, query: &str) -> Vec<String> {
    let Ok(kg::SparqlAnswer::Solutions { variables, rows }) = kg::sparql(graph, query) else {
        panic!("a SELECT query answers with solutions")
    };
    let at = variables.iter().position(|v| v.as_str() == "label").expect("a ?label column");
    rows.iter().map(|r| r[at].as_ref().map(ToString::to_string).unwrap_or_default()).collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let graph = match args.first().filter(|a| a.parse::<usize>().is_err()) {
        Some(dir) => match kg::load_dir(std::path::Path::new(dir)) {
            Ok(data) => kg::KnowledgeGraph::new(data),
            Err(e) => {
                eprintln!("sparql_store: {e}");
                return ExitCode::from(1);
            }
        },
        None => kg::KnowledgeGraph::builtin().expect("the built-in essay"),
    };
    let runs: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5).max(1);
    // Asked about the first Sakhalin (`sakhalin`, or `sakhalin__c0` in a generated corpus), under
    // the essay's own base IRI, as benches/scale.rs asks it.
    let place =
        graph.entities().iter().map(|e| e.id.as_str()).find(|id| id.starts_with("sakhalin")).unwrap_or("sakhalin");
    let base = kg::RdfOptions::default().base_for(&graph);
    let query = include_str!("../docs/queries/treaties-involving-sakhalin.rq")
        .replace(
            "<https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/>",
            &format!("<{base}entity/>"),
        )
        .replace("ent:sakhalin ", &format!("ent:{place} "))
        .replace("ent:sakhalin\n", &format!("ent:{place}\n"));
    let time = |f: &dyn Fn() -> Vec<String>| {
        let mut times = Vec::new();
        let mut answer = Vec::new();
        for _ in 0..runs {
            let start = cpu();
            answer = f();
            times.push(cpu() - start);
        }
        (median(times), answer)
    };
    let (store, store_answer) = time(&|| through_store(&graph, &query));
    let (index, index_answer) = time(&|| through_index(&graph, &query));
    if store_answer != index_answer {
        eprintln!("sparql_store: different answers: {store_answer:?} (Store) vs {index_answer:?} (index)");
        return ExitCode::from(1);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} relations, {} rows, median CPU of {runs}: Oxigraph Store {:.1} ms, index {:.1} ms ({:.2}x)",
        graph.relations().len(),
        index_answer.len(),
        ms(store),
        ms(index),
        store.as_secs_f64() / index.as_secs_f64()
    );
    ExitCode::SUCCESS
}
