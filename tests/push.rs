//! `kg push` against a real Oxigraph server (started by scripts/test, or by these tests), and
//! `oxigraph load` of the N-Quads export.

mod common;

use std::time::Duration;

use common::{kg, kg_ok, oxigraph_binary, root, run_ok, OxigraphServer, Scratch};

fn endpoint(server: &OxigraphServer) -> String {
    format!("{}/store", server.url)
}

/// Runs a SPARQL query over HTTP at the server's `/query` endpoint and returns the JSON results.
fn query(server: &OxigraphServer, sparql: &str) -> serde_json::Value {
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build().into();
    let mut response = agent
        .post(&format!("{}/query", server.url))
        .header("Content-Type", "application/sparql-query")
        .header("Accept", "application/sparql-results+json")
        .send(sparql)
        .unwrap_or_else(|e| panic!("query failed: {e}\n{sparql}"));
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

fn count(server: &OxigraphServer, graph: Option<&str>) -> u64 {
    let pattern = match graph {
        Some(g) => format!("GRAPH <{g}> {{ ?s ?p ?o }}"),
        None => "?s ?p ?o".to_string(),
    };
    let answer = query(server, &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"));
    answer["results"]["bindings"][0]["n"]["value"].as_str().unwrap().parse().unwrap()
}

fn export_triples() -> u64 {
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    kg::quads_for(kg::RdfSyntax::Turtle, kg::rdf_quads(&kg, &kg::RdfOptions::default()).unwrap()).len() as u64
}

#[test]
fn push_then_ask_the_server_for_the_treaties_that_involved_sakhalin() {
    let server = OxigraphServer::get();
    let out = kg(&["push", "--endpoint", &endpoint(&server), "--replace"]);
    assert_eq!(out.status.code(), Some(0));
    // The status line is on standard error (tests/conventions.rs checks --quiet).
    let out = String::from_utf8_lossy(&out.stderr);
    assert!(out.starts_with(&format!("replaced graph default with {} triples", export_triples())), "{out}");
    assert_eq!(count(&server, None), export_triples());

    let readme_query = std::fs::read_to_string(root().join("docs/queries/treaties-involving-sakhalin.rq")).unwrap();
    let answer = query(&server, &readme_query);
    let labels: Vec<&str> = answer["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Treaty of St. Petersburg", "Treaty of Portsmouth"]);
}

#[test]
fn replace_leaves_exactly_one_copy_and_post_adds() {
    let server = OxigraphServer::get();
    let endpoint = endpoint(&server);
    let graph = "http://example.org/kg-tests/replace";
    let other_base = "http://other.example/";
    // Something else in the graph first: the same graph under another base.
    kg_ok(&["push", "--endpoint", &endpoint, "--graph", graph, "--base", other_base, "--replace"]);
    assert_eq!(count(&server, Some(graph)), export_triples());
    // POST adds: both copies.
    kg_ok(&["push", "--endpoint", &endpoint, "--graph", graph]);
    let both = count(&server, Some(graph));
    assert!(both > export_triples() + 1000, "POST should add: {both}");
    // PUT replaces, twice: exactly one copy, and none of the other base.
    for _ in 0..2 {
        let out = kg_ok(&["push", "--endpoint", &endpoint, "--graph", graph, "--replace", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["method"], "PUT");
        assert!((200..300).contains(&report["status"].as_u64().unwrap()));
        assert_eq!(count(&server, Some(graph)), export_triples());
    }
    let leftovers = query(
        &server,
        &format!("ASK {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{other_base}\")) }} }}"),
    );
    assert_eq!(leftovers["boolean"], false);
}

#[test]
fn nothing_listening_is_a_clear_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // The listener is dropped: nothing listens on that port now.
    let out = kg(&["push", "--endpoint", &format!("http://127.0.0.1:{port}/store")]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty(), "nothing may claim success");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot connect to http://127.0.0.1:{port}/store?default")), "{err}");
    assert!(err.contains("refused"), "{err}");
}

#[test]
fn an_http_error_shows_the_servers_message() {
    let server = OxigraphServer::get();
    let out = kg(&["push", "--endpoint", &format!("{}/no-such-service", server.url)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("answered HTTP 404") && err.contains("not supported"), "{err}");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let holder = std::thread::spawn(move || {
        // Accept and hold the connection without answering, for longer than the timeout.
        let (stream, _) = listener.accept().unwrap();
        std::thread::sleep(Duration::from_secs(4));
        drop(stream);
    });
    let out = kg(&["push", "--endpoint", &format!("http://127.0.0.1:{port}/store"), "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did not answer within 1 s"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    holder.join().unwrap();
}

#[test]
fn bad_endpoints_and_graph_names_are_usage_errors() {
    assert_eq!(kg(&["push", "--endpoint", "ftp://example.org/store"]).status.code(), Some(2));
    let graph = "not an iri";
    assert_eq!(kg(&["push", "--endpoint", "http://127.0.0.1:9/store", "--graph", graph]).status.code(), Some(2));
}

#[test]
fn oxigraph_load_reads_the_nquads_export() {
    let dir = Scratch::new("oxigraph-load");
    let nq = dir.join("essay.nq");
    kg_ok(&["export", "-o", nq.to_str().unwrap()]);
    let store = dir.join("store");
    let oxigraph = oxigraph_binary();
    run_ok(&oxigraph, &["load", "--location", store.to_str().unwrap(), "--file", nq.to_str().unwrap()]);
    let lines = std::fs::read_to_string(&nq).unwrap().lines().count();
    let (csv, _) = run_ok(
        &oxigraph,
        &[
            "query",
            "--location",
            store.to_str().unwrap(),
            "--query",
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
            "--results-format",
            "csv",
        ],
    );
    assert_eq!(csv.lines().nth(1).map(str::trim), Some(lines.to_string().as_str()), "{csv}");
    let (csv, _) = run_ok(
        &oxigraph,
        &[
            "query",
            "--location",
            store.to_str().unwrap(),
            "--query-file",
            root().join("docs/queries/treaties-involving-sakhalin.rq").to_str().unwrap(),
            "--union-default-graph",
            "--results-format",
            "csv",
        ],
    );
    assert!(csv.contains("Treaty of St. Petersburg") && csv.contains("Treaty of Portsmouth"), "{csv}");
}
