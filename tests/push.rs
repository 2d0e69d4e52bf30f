//! `kg push` against a real Oxigraph server (started by scripts/test, or by these tests), and
//! uploads of the N-Quads and TriG exports to a server in its default setup (no union default
//! graph), and `oxigraph load` of the N-Quads export; README's queries answered on each.

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

/// How many triples the export puts in the default graph (vocabulary, dataset description and
/// what the essay states) and in the background graph.
fn export_triples() -> (u64, u64) {
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let quads = kg::rdf_quads(&kg, &kg::RdfOptions::default()).unwrap();
    let stated = quads.iter().filter(|q| q.graph_name.is_default_graph()).count() as u64;
    (stated, quads.len() as u64 - stated)
}

const BACKGROUND: &str =
    "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/graph/background";

fn rows(answer: &serde_json::Value) -> Vec<&serde_json::Value> {
    answer["results"]["bindings"].as_array().unwrap().iter().collect()
}

/// Runs every query README.md shows (docs/queries/*.rq) on the server, as it comes after loading
/// the export, and checks the answers against kg's own; checks that what the essay states and
/// background knowledge stay apart.
fn check_readme_queries_and_graphs(server: &OxigraphServer, how: &str) {
    let (stated, background) = export_triples();
    assert_eq!(count(server, None), stated, "{how}: default graph");
    assert_eq!(count(server, Some(BACKGROUND)), background, "{how}: background graph");
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let run = |name: &str| query(server, &std::fs::read_to_string(root().join("docs/queries").join(name)).unwrap());

    let answer = run("treaties-involving-sakhalin.rq");
    let labels: Vec<&str> = rows(&answer).iter().map(|b| b["label"]["value"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Treaty of St. Petersburg", "Treaty of Portsmouth"], "{how}");

    let answer = run("dated-1930-1945.rq");
    let options = kg::TimelineOptions { from: Some(1930), to: Some(1945), ..Default::default() };
    let timeline = kg::timeline(&kg, &options);
    assert!(timeline.len() >= 20, "{}", timeline.len());
    assert_eq!(rows(&answer).len(), timeline.len(), "{how}: the range query and kg timeline disagree");

    let answer = run("background-facts.rq");
    let expected = kg.relations().iter().filter(|r| !r.is_stated()).count();
    assert_eq!(rows(&answer).len(), expected, "{how}: background facts");
    assert!(rows(&answer).iter().all(|b| !b["basis"]["value"].as_str().unwrap().is_empty()));

    // Port Arthur on the Liaodong Peninsula is background: not in the default graph, but in its own.
    let fact = "<https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/port_arthur> \
                <https://example.org/kg-essay/vocab#locatedIn> \
                <https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/liaodong_peninsula>";
    assert_eq!(query(server, &format!("ASK {{ {fact} }}"))["boolean"], false, "{how}");
    assert_eq!(query(server, &format!("ASK {{ GRAPH <{BACKGROUND}> {{ {fact} }} }}"))["boolean"], true, "{how}");
}

#[test]
fn push_then_ask_the_server_the_readme_queries() {
    let server = OxigraphServer::fresh();
    let (stated, background) = export_triples();
    // The status lines are on standard error (tests/conventions.rs checks --quiet).
    let out = kg(&["push", "--endpoint", &endpoint(&server), "--replace"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = String::from_utf8_lossy(&out.stderr).to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with(&format!("replaced graph default with {stated} triples: PUT")), "{out}");
    assert!(lines[1].starts_with(&format!("replaced graph {BACKGROUND} with {background} triples")), "{out}");
    check_readme_queries_and_graphs(&server, "kg push");
    // Pushing again with --replace leaves one copy of each graph.
    kg_ok(&["push", "--endpoint", &endpoint(&server), "--replace"]);
    check_readme_queries_and_graphs(&server, "kg push twice");
}

#[test]
fn push_as_quads_to_the_dataset_endpoint() {
    let server = OxigraphServer::fresh();
    let out = kg_ok(&["push", "--dataset", "--endpoint", &endpoint(&server), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["graphs"][0]["graph"], "dataset", "{report}");
    assert_eq!(report["graphs"][0]["url"], endpoint(&server), "{report}");
    check_readme_queries_and_graphs(&server, "kg push --dataset");
}

#[test]
fn uploaded_nquads_and_trig_answer_the_readme_queries_on_a_default_server() {
    for (format, content_type) in [("nquads", "application/n-quads"), ("trig", "application/trig")] {
        let server = OxigraphServer::fresh();
        let body = kg_ok(&["export", "--format", format]);
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(60))).build().into();
        agent
            .post(&endpoint(&server))
            .header("Content-Type", content_type)
            .send(body.as_bytes())
            .unwrap_or_else(|e| panic!("uploading {format} failed: {e}"));
        check_readme_queries_and_graphs(&server, &format!("upload of {format}"));
    }
}

#[test]
fn replace_leaves_exactly_one_copy_and_post_adds() {
    let server = OxigraphServer::get();
    let endpoint = endpoint(&server);
    let graph = "http://example.org/kg-tests/replace";
    let other_base = "http://other.example/";
    let (stated, _) = export_triples();
    // Something else in the graph first: the same graph under another base.
    kg_ok(&["push", "--endpoint", &endpoint, "--graph", graph, "--base", other_base, "--replace"]);
    let other_stated = count(&server, Some(graph));
    assert!(other_stated > 5000, "{other_stated}");
    // POST adds: both copies.
    kg_ok(&["push", "--endpoint", &endpoint, "--graph", graph]);
    let both = count(&server, Some(graph));
    assert!(both > stated + 1000, "POST should add: {both}");
    // PUT replaces, twice: exactly one copy, and none of the other base.
    for _ in 0..2 {
        let out = kg_ok(&["push", "--endpoint", &endpoint, "--graph", graph, "--replace", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["method"], "PUT");
        assert!((200..300).contains(&report["graphs"][0]["status"].as_u64().unwrap()));
        assert_eq!(report["graphs"][0]["graph"], graph);
        assert_eq!(count(&server, Some(graph)), stated);
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
            "--results-format",
            "csv",
        ],
    );
    assert!(csv.contains("Treaty of St. Petersburg") && csv.contains("Treaty of Portsmouth"), "{csv}");
}

/// How many quads in all graphs have a subject under `base`.
fn quads_under(server: &OxigraphServer, base: &str) -> u64 {
    let answer = query(
        server,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} \
             FILTER(STRSTARTS(STR(?s), \"{base}\")) }}"
        ),
    );
    answer["results"]["bindings"][0]["n"]["value"].as_str().unwrap().parse().unwrap()
}

#[test]
fn push_by_one_sparql_update_replaces_each_graph() {
    let server = OxigraphServer::fresh();
    let update = format!("{}/update", server.url);
    let (stated, background) = export_triples();
    // Something else first, under another base, in the same graphs.
    kg_ok(&["push", "--update-endpoint", &update, "--base", "http://other.example/"]);
    assert!(quads_under(&server, "http://other.example/") > 5000);
    // Without --replace it adds; with it, each graph is replaced, twice: exactly one copy.
    kg_ok(&["push", "--update-endpoint", &update]);
    assert!(count(&server, None) > stated + 1000);
    for _ in 0..2 {
        let out = kg(&["push", "--update-endpoint", &update, "--replace"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines[0],
            format!("replaced graph default with {stated} triples: SPARQL Update {update} answered HTTP 204"),
            "{err}"
        );
        assert!(lines[1].starts_with(&format!("replaced graph {BACKGROUND} with {background} triples")), "{err}");
        check_readme_queries_and_graphs(&server, "kg push --update-endpoint --replace");
    }
    // The other base's background graph is another graph: replacing ours leaves it alone.
    let other_background = "http://other.example/graph/background";
    assert!(count(&server, Some(other_background)) > 0);
    assert_eq!(quads_under(&server, "http://other.example/"), count(&server, Some(other_background)));
}

/// Two `--replace` pushes of different datasets (the essay under two bases) at the same time,
/// repeated: each round ends with exactly one of them whole and nothing of the other. Oxigraph
/// applies `DROP ALL ; INSERT DATA {…}` as one write without reading first, so the last one wins
/// whole (see README, "what `--replace` promises").
#[test]
fn concurrent_replace_pushes_by_update_leave_exactly_one_dataset_whole() {
    let server = OxigraphServer::fresh();
    let update = format!("{}/update", server.url);
    let quads = {
        let kg = kg::KnowledgeGraph::builtin().unwrap();
        kg::rdf_quads(&kg, &kg::RdfOptions::default()).unwrap().len() as u64
    };
    let bases = ["http://first.example/", "http://second.example/"];
    let binary = env!("CARGO_BIN_EXE_kg");
    let mut winners = [0, 0];
    for round in 0..8 {
        let children: Vec<_> = bases
            .iter()
            .map(|base| {
                std::process::Command::new(binary)
                    .args(["push", "--update-endpoint", &update, "--dataset", "--replace", "--base", base])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let under: Vec<u64> = bases.iter().map(|b| quads_under(&server, b)).collect();
        let total = query(&server, "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }");
        let total: u64 = total["results"]["bindings"][0]["n"]["value"].as_str().unwrap().parse().unwrap();
        assert_eq!(total, quads, "round {round}: the store holds {total} quads, one dataset has {quads}: {under:?}");
        assert!(under.contains(&0), "round {round}: a mix of both datasets: {under:?}");
        winners[under.iter().position(|&n| n > 0).unwrap()] += 1;
    }
    assert_eq!(winners.iter().sum::<u32>(), 8, "{winners:?}");
}
