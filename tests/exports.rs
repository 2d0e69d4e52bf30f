//! Exports as files: golden files for every format (refresh with `UPDATE_GOLDEN=1`), RDF that
//! parses back to the same quads, DOT escaping, format inference and all-or-nothing writes.

mod common;

use std::collections::HashSet;

use common::{check_golden, kg, kg_ok, Scratch};
use kg::{ExportOptions, Format, KnowledgeGraph};

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::builtin().unwrap()
}

fn render(kg: &KnowledgeGraph, format: Format, options: &ExportOptions) -> String {
    let mut out = Vec::new();
    kg::export(kg, format, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_format_matches_its_golden_file() {
    let kg = graph();
    for &format in Format::ALL {
        check_golden(&format.file_name(), &render(&kg, format, &ExportOptions::default()));
    }
    let mut focus = ExportOptions::default();
    focus.dot.focus = Some("sakhalin".into());
    focus.dot.depth = 2;
    check_golden("essay-focus-sakhalin.dot", &render(&kg, Format::Dot, &focus));
}

#[test]
fn the_cli_writes_what_the_library_renders() {
    let kg = graph();
    let dir = Scratch::new("cli-export");
    kg_ok(&["export", "--all", "-o", dir.str()]);
    for &format in Format::ALL {
        let written = std::fs::read_to_string(dir.join(&format.file_name())).unwrap();
        assert_eq!(written, render(&kg, format, &ExportOptions::default()), "{}", format.name());
    }
    // Output is deterministic.
    assert_eq!(kg_ok(&["export", "--format", "turtle"]), kg_ok(&["export", "--format", "turtle"]));
}

#[test]
fn every_rdf_format_parses_back_to_the_same_quads() {
    let kg = graph();
    let options = ExportOptions::default();
    let quads = kg::rdf_quads(&kg, &options.rdf).unwrap();
    for &format in Format::ALL {
        let Some(syntax) = format.rdf_syntax() else { continue };
        let text = render(&kg, format, &options);
        let parsed: HashSet<oxrdf::Quad> = oxrdfio::RdfParser::from_format(syntax.format())
            .for_slice(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", format.name()));
        let expected: HashSet<oxrdf::Quad> = kg::quads_for(syntax, quads.clone()).into_iter().collect();
        assert_eq!(parsed.len(), expected.len(), "{}", format.name());
        assert!(parsed == expected, "{} parses back to different quads", format.name());
    }
}

#[test]
fn named_graphs_keep_the_essay_apart_from_background_knowledge() {
    let nq = kg_ok(&["export", "--format", "nquads", "--no-ontology"]);
    let essay = "<https://example.org/kg-essay/russo-japanese/graph/essay> .";
    let background = "<https://example.org/kg-essay/russo-japanese/graph/background> .";
    let port_arthur = nq
        .lines()
        .find(|l| l.contains("entity/port_arthur> <https://example.org/kg-essay/vocab#locatedIn>"))
        .expect("Port Arthur on the Liaodong Peninsula is background knowledge");
    assert!(port_arthur.ends_with(background), "{port_arthur}");
    let sakhalin =
        nq.lines().find(|l| l.contains("entity/sakhalin> <https://example.org/kg-essay/vocab#transferredTo>")).unwrap();
    assert!(sakhalin.ends_with(essay), "{sakhalin}");
    assert!(nq.lines().all(|l| l.ends_with(essay) || l.ends_with(background)), "--no-ontology leaves no default graph");
}

#[test]
fn turtle_declares_only_the_prefixes_it_uses_and_base_changes_every_iri() {
    let ttl = kg_ok(&["export", "--format", "turtle", "--no-ontology", "--base", "http://example.com/x/"]);
    assert!(ttl.contains("@prefix ent: <http://example.com/x/entity/> ."));
    assert!(!ttl.contains("https://example.org/kg-essay/russo-japanese/"));
    for line in ttl.lines().filter(|l| l.starts_with("@prefix")) {
        let prefix = line.split_whitespace().nth(1).unwrap();
        let used = ttl.lines().filter(|l| !l.starts_with("@prefix")).any(|l| l.contains(prefix));
        assert!(used, "{prefix} declared but unused");
    }
    let out = kg(&["export", "--format", "turtle", "--base", "not an iri"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid base IRI"));
}

#[test]
fn every_entity_has_one_language_tagged_label_and_no_blank_nodes() {
    let nt = kg_ok(&["export", "--format", "ntriples"]);
    assert!(!nt.contains("_:"), "blank node in the export");
    let kg = graph();
    for e in kg.entities() {
        let subject = format!(
            "<https://example.org/kg-essay/russo-japanese/entity/{}> <http://www.w3.org/2000/01/rdf-schema#label> ",
            e.id
        );
        let labels: Vec<&str> = nt.lines().filter(|l| l.starts_with(&subject)).collect();
        assert_eq!(labels.len(), 1, "{}: {labels:?}", e.id);
        assert!(labels[0].ends_with("\"@en ."), "{}", labels[0]);
    }
}

#[test]
fn dot_quotes_and_escapes_every_id_and_label() {
    let dir = common::fixture_copy("tiny");
    common::edit(&dir.join("entities.toml"), "label = \"Sakhalin\"", "label = \"node \\\"graph\\\" \\\\ edge\"");
    let dot = kg_ok(&["--data", dir.str(), "export", "--format", "dot"]);
    // The label wraps at a space; the line break is DOT's `\n`, the backslash `\\`.
    assert!(dot.contains("\"sakhalin\" [label=\"node \\\"graph\\\" \\\\\\nedge\""), "{dot}");
    assert_eq!(kg::dot_quote("strict"), "\"strict\"");
}

#[test]
fn the_format_comes_from_the_extension_and_unknown_ones_are_refused() {
    let dir = Scratch::new("infer");
    let ttl = dir.join("graph.ttl");
    kg_ok(&["export", "-o", ttl.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&ttl).unwrap().contains("@prefix kgv:"));
    let out = kg(&["export", "-o", dir.join("graph.xyz").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the format from"));
    assert!(!dir.join("graph.xyz").exists());
}

#[test]
fn a_failed_export_leaves_no_file_behind() {
    let dir = Scratch::new("atomic");
    let target = dir.join("essay.ttl");
    std::fs::write(&target, "previous content").unwrap();
    // An unknown focus fails before anything is written.
    let out = kg(&["export", "--format", "dot", "--focus", "Atlantis", "-o", dir.join("essay.dot").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("essay.dot").exists());
    // A bad base fails the whole --all run before any file is written.
    let all = dir.join("all");
    let out = kg(&["export", "--all", "-o", all.to_str().unwrap(), "--base", "relative/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!all.exists());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous content");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn dot_options_with_another_format_are_refused() {
    let out = kg(&["export", "--format", "turtle", "--focus", "japan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("only shape the DOT export"));
}

#[test]
fn an_export_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let dir = Scratch::new("symlink");
    let target = dir.join("target.ttl");
    std::fs::write(&target, "old").unwrap();
    let link = dir.join("link.ttl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    kg_ok(&["export", "-o", link.to_str().unwrap()]);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("@prefix kgv:"));
}

#[test]
fn the_published_vocabulary_is_current() {
    // docs/kgv.ttl is regenerated with: kg export --ontology-only -o docs/kgv.ttl
    let graph = graph();
    let mut options = ExportOptions::default();
    options.rdf.data = false;
    let vocabulary = render(&graph, Format::Turtle, &options);
    assert!(vocabulary.contains("kgv:Island a owl:Class") && vocabulary.contains("rdfs:subClassOf kgv:Territory"));
    assert!(!vocabulary.contains("ent:"), "the vocabulary alone has no entities");
    let path = common::root().join("docs/kgv.ttl");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &vocabulary).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), vocabulary, "docs/kgv.ttl is stale: regenerate it");
    assert_eq!(kg_ok(&["export", "--format", "turtle", "--ontology-only"]), vocabulary);
    assert_eq!(kg(&["export", "--format", "json", "--ontology-only"]).status.code(), Some(2));
}
