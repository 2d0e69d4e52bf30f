//! The `kg` command as a user runs it: exit codes, both output formats, name lookup.

mod common;

use common::{kg, kg_ok};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&kg_ok(args)).unwrap_or_else(|e| panic!("kg {args:?} did not print JSON: {e}"))
}

#[test]
fn check_passes_with_an_empty_coverage_report() {
    let text = kg_ok(&["check"]);
    assert!(text.contains("annotations: valid") && text.trim_end().ends_with("ok"), "{text}");
    let report = json(&["check", "--format", "json"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["unaccounted"], Value::Array(vec![]), "{report:#}");
    assert_eq!(report["stale_left_out"], Value::Array(vec![]));
    assert_eq!(report["problems"], Value::Array(vec![]));
}

#[test]
fn check_with_data_dir_reads_the_files_on_disk() {
    // The repository's data/ is the same as the built-in data.
    let root = common::root();
    let text = kg_ok(&["--data", root.join("data").to_str().unwrap(), "check"]);
    assert!(text.trim_end().ends_with("ok"), "{text}");
}

#[test]
fn stats_counts_match_the_library_in_both_formats() {
    let graph = kg::KnowledgeGraph::builtin().unwrap();
    let s = json(&["stats", "--format", "json"]);
    assert_eq!(s["entities"], graph.entities().len());
    assert_eq!(s["relations"], graph.relations().len());
    assert_eq!(s["relations"], s["stated_relations"].as_u64().unwrap() + s["background_relations"].as_u64().unwrap());
    let by_type: u64 = s["entities_by_type"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_type, graph.entities().len() as u64);
    let text = kg_ok(&["stats"]);
    assert!(text.contains(&format!("{} entities, {} relations", graph.entities().len(), graph.relations().len())));
    assert!(text.contains("entities by type:") && text.contains("relations by kind:"));
}

#[test]
fn entities_json_lists_id_label_type_and_aliases() {
    let all = json(&["entities", "--format", "json"]);
    let rows = all.as_array().unwrap();
    assert_eq!(rows.len(), kg::KnowledgeGraph::builtin().unwrap().entities().len());
    for r in rows {
        for key in ["id", "label", "type", "aliases"] {
            assert!(r.get(key).is_some(), "entity row without {key}: {r}");
        }
    }
    let ussr = rows.iter().find(|r| r["id"] == "soviet_union").expect("soviet_union listed");
    assert!(ussr["aliases"].as_array().unwrap().iter().any(|a| a == "USSR"));
}

#[test]
fn entities_filter_by_type_includes_subtypes() {
    let places = json(&["entities", "--type", "territory", "--format", "json"]);
    let ids: Vec<&str> = places.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"sakhalin") && ids.contains(&"kuril_islands") && ids.contains(&"sea_of_japan"), "{ids:?}");
    assert!(!ids.contains(&"japan"));
    let islands = json(&["entities", "--type", "Island", "--format", "json"]);
    assert!(islands.as_array().unwrap().iter().all(|r| r["type"] == "Island"));

    let out = kg(&["entities", "--type", "Planet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown entity type `Planet`"));
}

#[test]
fn show_finds_one_entity_under_all_its_names() {
    let a = json(&["show", "USSR", "--format", "json"]);
    let b = json(&["show", "soviet union", "--format", "json"]);
    let c = json(&["show", "The Soviet-Union", "--format", "json"]);
    assert_eq!(a["entity"]["id"], "soviet_union");
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn show_json_has_the_entity_and_every_relation_with_evidence() {
    let card = json(&["show", "Treaty of Portsmouth", "--format", "json"]);
    assert_eq!(card["entity"]["type"], "Treaty");
    let relations = card["relations"].as_array().unwrap();
    let broker =
        relations.iter().find(|r| r["relation"] == "brokered").unwrap_or_else(|| panic!("no broker in {card:#}"));
    assert_eq!(broker["direction"], "incoming");
    assert_eq!(broker["other"]["id"], "theodore_roosevelt");
    assert_eq!(broker["other"]["type"], "Person");
    assert!(broker["evidence"]["quote"].as_str().unwrap().contains("brokered by President Teddy Roosevelt"));
    // The transfer made under it is shown as a qualifier.
    assert!(card["qualifies"].as_array().unwrap().iter().any(|r| r["relation"] == "transferred_to"
        && r["other"]["id"] == "southern_sakhalin"
        && r["object"]["id"] == "japan"));
}

#[test]
fn show_text_is_readable() {
    let text = kg_ok(&["show", "sakhalin"]);
    assert!(text.starts_with("Sakhalin  [Island < Territory] (sakhalin)"), "{text}");
    assert!(text.contains("-> went to Imperial Russia") || text.contains("-> went to Russia"), "{text}");
    assert!(text.contains("\"Sakhalin went to Russia\" [1713..1736]"), "{text}");
}

#[test]
fn a_misspelt_name_gets_suggestions_and_exit_2() {
    let out = kg(&["show", "Rosevelt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean") && err.contains("franklin_d_roosevelt") && err.contains("theodore_roosevelt"),
        "{err}"
    );
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let out = kg(&["show", "Roosevelt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ambiguous") && err.contains("Franklin D. Roosevelt") && err.contains("Theodore Roosevelt"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kg(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(kg(&["show"]).status.code(), Some(2));
    assert_eq!(kg(&["stats", "--format", "yaml"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["export", "--format", "ntriples"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn streamed_rdf_on_stdout_is_the_file_and_a_bad_base_prints_nothing() {
    let dir = std::env::temp_dir().join(format!("kg-cli-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["ntriples", "nquads", "turtle", "trig", "rdfxml"] {
        let file = dir.join(format!("out.{format}"));
        kg_ok(&["export", "--format", format, "-o", file.to_str().unwrap()]);
        let streamed = kg_ok(&["export", "--format", format]);
        assert_eq!(streamed, std::fs::read_to_string(&file).unwrap(), "{format}");
        let bad = kg(&["export", "--format", format, "--base", "not an iri"]);
        assert_eq!(bad.status.code(), Some(2), "{format}");
        assert!(bad.stdout.is_empty(), "{format}: a refused export prints nothing");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The built-in essay's RDF exports (N-Triples, N-Quads, Turtle, TriG, RDF/XML, JSON-LD) are
/// written from what kg stored when it was built (`kg::StoredExport`, no graph decoded): the same
/// bytes as the graph's export, on standard output and into a file. With `--data` the files on
/// disk are read (the essay's own files give the same bytes; another dataset its own export),
/// and with an option the export is made from the graph.
#[test]
fn stored_rdf_exports_are_the_graphs_and_data_is_read_from_disk() {
    let dir = common::Scratch::new("stored-lines");
    let tiny = kg::KnowledgeGraph::new(kg::load_dir(std::path::Path::new("tests/fixtures/tiny")).unwrap());
    let formats = [
        ("ntriples", kg::Format::NTriples),
        ("nquads", kg::Format::NQuads),
        ("turtle", kg::Format::Turtle),
        ("trig", kg::Format::TriG),
        ("rdfxml", kg::Format::RdfXml),
        ("jsonld", kg::Format::JsonLd),
    ];
    for (name, format) in formats {
        let stored = kg_ok(&["export", "--format", name]);
        assert_eq!(stored, kg_ok(&["--data", "data", "export", "--format", name]), "{name}");
        let file = dir.join(&format!("essay.{}", format.extension()));
        kg_ok(&["export", "-o", file.to_str().unwrap()]);
        assert_eq!(stored, std::fs::read_to_string(&file).unwrap(), "{name}");
        let mut expected = Vec::new();
        kg::export(&tiny, format, &kg::ExportOptions::default(), &mut expected).unwrap();
        let from_disk = kg_ok(&["--data", "tests/fixtures/tiny", "export", "--format", name]);
        assert_eq!(from_disk.as_bytes(), expected, "{name}");
        let builtin = kg::KnowledgeGraph::builtin().unwrap();
        let no_ontology = kg::RdfOptions { ontology: false, ..Default::default() };
        let background_only = kg::RdfOptions { only_background: true, ..Default::default() };
        for (flag, rdf) in [("--no-ontology", no_ontology), ("--background-only", background_only)] {
            let mut expected = Vec::new();
            kg::export(&builtin, format, &kg::ExportOptions { rdf, ..Default::default() }, &mut expected).unwrap();
            assert_ne!(expected, stored.as_bytes(), "{name} {flag}");
            assert_eq!(kg_ok(&["export", "--format", name, flag]).as_bytes(), expected, "{name} {flag}");
        }
    }
}

/// The built-in essay's HTML page is written from what kg stored when it was built
/// (`kg::StoredPage`, no graph decoded): the same bytes as the graph's page, on standard output
/// and into a file, and as `--data data`'s (written from the graph). Another dataset gets its own
/// page, and the options the page refuses are still refused.
#[test]
fn the_stored_page_is_the_graphs_and_data_is_read_from_disk() {
    let dir = common::Scratch::new("stored-page");
    let stored = kg_ok(&["export", "--format", "html"]);
    assert!(stored.starts_with("<!DOCTYPE html>") && stored.contains("\"stated_paths\":[["), "{}", &stored[..200]);
    assert_eq!(stored, kg_ok(&["--data", "data", "export", "--format", "html"]));
    let mut expected = Vec::new();
    kg::write_html(&kg::KnowledgeGraph::builtin().unwrap(), &mut expected).unwrap();
    assert_eq!(stored.as_bytes(), expected);
    let file = dir.join("essay.html");
    kg_ok(&["export", "-o", file.to_str().unwrap()]);
    assert_eq!(stored, std::fs::read_to_string(&file).unwrap());
    // Options the page ignores give the same page; those it refuses, a usage error and nothing.
    for flag in [&["--no-ontology"][..], &["--base", "not an iri"], &["--vocab", "https://example.org/v#"]] {
        let args = [&["export", "--format", "html"][..], flag].concat();
        assert_eq!(kg_ok(&args), stored, "{flag:?}");
    }
    for flag in ["--ontology-only", "--background-only"] {
        let refused = kg(&["export", "--format", "html", flag]);
        assert_eq!(refused.status.code(), Some(2), "{flag}");
        assert!(refused.stdout.is_empty(), "{flag}");
    }
    let tiny = kg::KnowledgeGraph::new(kg::load_dir(std::path::Path::new("tests/fixtures/tiny")).unwrap());
    let mut expected = Vec::new();
    kg::write_html(&tiny, &mut expected).unwrap();
    let from_disk = kg_ok(&["--data", "tests/fixtures/tiny", "export", "--format", "html"]);
    assert_eq!(from_disk.as_bytes(), expected);
    assert_ne!(from_disk, stored);
}

/// `kg sparql` of the built-in essay answers from the index stored when kg was built
/// (`kg::builtin_sparql`, no graph decoded): the same answers as `--data data` (the essay's own
/// files, whose index is built now), in each results format. With `--data` the files on disk are
/// read: another dataset gets its own answers.
#[test]
fn stored_sparql_answers_are_the_graphs_and_data_is_read_from_disk() {
    let files = ["treaties-involving-sakhalin.rq", "background-facts.rq", "dated-1930-1945.rq"];
    for file in files.map(|f| format!("docs/queries/{f}")) {
        for format in ["text", "json", "csv"] {
            let stored = kg_ok(&["sparql", "--file", &file, "--format", format]);
            let from_disk = kg_ok(&["--data", "data", "sparql", "--file", &file, "--format", format]);
            assert_eq!(stored, from_disk, "{file} {format}");
        }
    }
    let query = "SELECT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label";
    let tiny = kg::KnowledgeGraph::new(kg::load_dir(std::path::Path::new("tests/fixtures/tiny")).unwrap());
    let mut expected = Vec::new();
    kg::sparql(&tiny, query).unwrap().write(kg::ResultsFormat::Csv, &mut expected).unwrap();
    if !expected.ends_with(b"\n") {
        expected.push(b'\n');
    }
    let from_disk = kg_ok(&["--data", "tests/fixtures/tiny", "sparql", query, "--format", "csv"]);
    assert_eq!(from_disk.as_bytes(), expected);
    assert_ne!(from_disk, kg_ok(&["sparql", query, "--format", "csv"]));
}
