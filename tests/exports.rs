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
    check_golden("essay-focus-sakhalin.mmd", &render(&kg, Format::Mermaid, &focus));
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
fn the_default_graph_holds_what_the_essay_states_and_background_has_its_own_graph() {
    let nq = kg_ok(&["export", "--format", "nquads", "--no-ontology"]);
    let background =
        "<https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/graph/background> .";
    let port_arthur = nq
        .lines()
        .find(|l| l.contains("entity/port_arthur> <https://example.org/kg-essay/vocab#locatedIn>"))
        .expect("Port Arthur on the Liaodong Peninsula is background knowledge");
    assert!(port_arthur.ends_with(background), "{port_arthur}");
    let sakhalin =
        nq.lines().find(|l| l.contains("entity/sakhalin> <https://example.org/kg-essay/vocab#transferredTo>")).unwrap();
    assert!(sakhalin.ends_with("> ."), "stated: default graph: {sakhalin}");
    assert!(!sakhalin.ends_with(background));
    // Turtle is the default graph: nothing background is asserted in it.
    let ttl = kg_ok(&["export", "--format", "ntriples"]);
    assert!(!ttl.contains("entity/port_arthur> <https://example.org/kg-essay/vocab#locatedIn>"));
    let background_statement =
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/kg-essay/vocab#BackgroundAssertion>";
    assert!(!ttl.contains(background_statement), "no background statement in the triple syntaxes");
    let background_only = kg_ok(&["export", "--format", "ntriples", "--background-only"]);
    assert!(background_only.contains("entity/port_arthur> <https://example.org/kg-essay/vocab#locatedIn>"));
    assert!(background_only.lines().all(|l| !l.contains("vocab#Assertion>")), "only background");
    assert!(background_only.contains("<http://www.w3.org/2004/02/skos/core#altLabel> \"Qing"), "background aliases");
}

#[test]
fn any_absolute_iri_is_a_base_and_the_vocabulary_namespace_can_be_set() {
    let nt = kg_ok(&["export", "--format", "ntriples", "--base", "urn:kg:x:", "--vocab", "http://example.com/v#"]);
    assert!(nt.contains("<urn:kg:x:entity/sakhalin> <http://example.com/v#transferredTo>"), "{}", &nt[..500]);
    assert!(!nt.contains("example.org/kg-essay"), "every IRI follows --base and --vocab");
    let ttl = kg_ok(&["export", "--format", "turtle", "--ontology-only", "--vocab", "http://example.com/v#"]);
    assert!(
        ttl.contains("@prefix kgv: <http://example.com/v#>") && ttl.contains("<http://example.com/v> a owl:Ontology")
    );
    for bad in ["not an iri", "relative/", "http://x/a b/"] {
        let out = kg(&["export", "--format", "turtle", "--base", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("invalid base IRI"), "{bad}");
    }
}

#[test]
fn another_essay_gets_a_base_of_its_own() {
    let dir = common::fixture_copy("tiny");
    let nt = kg_ok(&["--data", dir.str(), "export", "--format", "ntriples", "--no-ontology"]);
    assert!(nt.contains("<https://example.org/kg-essay/a-tiny-essay/entity/sakhalin>"), "{}", &nt[..300]);
    assert!(!nt.contains("russo-japanese"));
}

/// The relation and passage IRIs of an export of the annotated essay in `dir`.
fn minted_iris(dir: &str) -> (HashSet<String>, HashSet<String>) {
    let nt = kg_ok(&["--data", dir, "export", "--format", "nquads", "--no-ontology"]);
    let mut relations = HashSet::new();
    let mut passages = HashSet::new();
    for subject in nt.lines().filter_map(|l| l.split_whitespace().next()) {
        if subject.contains("/relation/") {
            relations.insert(subject.to_string());
        } else if subject.split("/evidence/").nth(1).is_some_and(|local| !local.contains('.')) {
            passages.insert(subject.to_string());
        }
    }
    (relations, passages)
}

#[test]
fn iris_stay_put_when_other_relations_or_other_text_change() {
    let dir = Scratch::new("stable");
    for name in ["essay.txt", "entities.toml", "relations.toml", "background.toml", "coverage.toml"] {
        std::fs::copy(common::root().join("data").join(name), dir.join(name)).unwrap();
    }
    let (relations, passages) = minted_iris(dir.str());
    assert!(relations.len() > 200 && passages.len() > 300, "{} {}", relations.len(), passages.len());
    // A second relation with the same subject, kind and object, inserted first: nothing renamed.
    let text = std::fs::read_to_string(dir.join("relations.toml")).unwrap();
    let extra = "[[relation]]\nsubject = \"russia\"\nrelation = \"took_part_in\"\nobject = \"japan_russia_territorial_disputes\"\nquote = \"the majority of the countries that share borders with Russia\"\n\n";
    let at = text.find("[[relation]]").unwrap();
    std::fs::write(dir.join("relations.toml"), format!("{}{extra}{}", &text[..at], &text[at..])).unwrap();
    let (more_relations, _) = minted_iris(dir.str());
    assert_eq!(more_relations.len(), relations.len() + 1);
    assert!(relations.is_subset(&more_relations), "an inserted relation renamed others");
    // Text added at the end of the essay moves no passage named by its own words.
    let essay = std::fs::read_to_string(dir.join("essay.txt")).unwrap();
    std::fs::write(dir.join("essay.txt"), format!("{}\n\nwith a postscript of plain words.\n", essay.trim_end()))
        .unwrap();
    let (after_relations, after_passages) = minted_iris(dir.str());
    assert_eq!(after_relations, more_relations, "relation IRIs follow content, not offsets");
    let kept = passages.intersection(&after_passages).count();
    assert!(kept * 100 >= passages.len() * 98, "only {kept} of {} passage IRIs kept", passages.len());
}

#[test]
fn every_entity_has_one_language_tagged_label_and_no_blank_nodes() {
    let nt = kg_ok(&["export", "--format", "ntriples"]);
    assert!(!nt.contains("_:"), "blank node in the export");
    let kg = graph();
    for e in kg.entities() {
        let subject = format!(
            "<https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/{}> <http://www.w3.org/2000/01/rdf-schema#label> ",
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("only shape the DOT export (and Mermaid)"));
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

#[test]
fn the_entity_iris_other_formats_carry_follow_the_base_and_a_bad_base_is_refused() {
    let base = "http://example.com/x/";
    for format in ["json", "json-full", "csv-nodes", "gexf", "graphml", "cytoscape"] {
        let text = kg_ok(&["export", "--format", format, "--base", base]);
        assert!(text.contains("http://example.com/x/entity/sakhalin"), "{format} lacks the IRI under --base");
        assert!(
            !text.contains("https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/"),
            "{format}"
        );
        let out = kg(&["export", "--format", format, "--base", "relative/"]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(out.stdout.is_empty());
    }
    // The same IRI as the RDF export mints.
    let nt = kg_ok(&["export", "--format", "ntriples", "--base", base]);
    assert!(nt.contains("<http://example.com/x/entity/sakhalin>"));
}

#[test]
fn mermaid_draws_the_dot_view_and_other_view_options_are_refused() {
    let mermaid =
        kg_ok(&["export", "--format", "mermaid", "--focus", "Kuril Islands", "--depth", "1", "--rankdir", "TB"]);
    assert!(mermaid.starts_with("flowchart TD\n"), "{mermaid}");
    assert!(mermaid.contains("n_northern_territories") && !mermaid.contains("n_katyn_forest"), "{mermaid}");
    let out = kg(&["export", "--format", "gexf", "--focus", "japan"]);
    assert_eq!(out.status.code(), Some(2));
    let dir = Scratch::new("csv-bad-output");
    let out = kg(&["export", "--format", "csv", "-o", dir.join("nowhere.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a directory nor NAME.csv"));
    // The whole conventional extension decides: essay.full.json is the full JSON, x.nodes.csv the
    // nodes file alone.
    let full = dir.join("essay.full.json");
    kg_ok(&["export", "-o", full.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&full).unwrap().contains("\"detail\": \"full\""));
    let nodes = dir.join("x.nodes.csv");
    kg_ok(&["export", "-o", nodes.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&nodes).unwrap().starts_with("\"id:ID\""));
    assert!(!dir.join("x.nodes.nodes.csv").exists() && !dir.join("x.relationships.csv").exists());
}

#[test]
fn the_published_json_ld_context_is_current() {
    // docs/context.jsonld is the @context every JSON-LD export of the essay embeds.
    let jsonld: serde_json::Value = serde_json::from_str(&kg_ok(&["export", "--format", "jsonld"])).unwrap();
    let published =
        serde_json::to_string_pretty(&serde_json::json!({ "@context": jsonld["@context"] })).unwrap() + "\n";
    let path = common::root().join("docs/context.jsonld");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &published).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), published, "docs/context.jsonld is stale: UPDATE_GOLDEN=1");
    assert_eq!(jsonld["@context"]["label"], serde_json::json!({"@id": "rdfs:label", "@language": "en"}));
}

#[test]
fn turtle_and_trig_write_each_subject_once_per_graph() {
    let kg = graph();
    for format in [Format::Turtle, Format::TriG] {
        let text = render(&kg, format, &ExportOptions::default());
        let blocks = text.lines().filter(|l| l.starts_with("ent:japan ") || l.starts_with("\tent:japan ")).count();
        assert_eq!(
            blocks,
            if format == Format::Turtle { 1 } else { 2 },
            "{}: ent:japan in {blocks} blocks",
            format.name()
        );
    }
    let trig = render(&kg, Format::TriG, &ExportOptions::default());
    let graphs = trig.lines().filter(|l| l.trim_end().ends_with('{')).count();
    assert_eq!(graphs, 1, "TriG opens the background graph once");
}

#[test]
fn the_dataset_describes_itself_with_true_counts_and_the_essay_names_its_author() {
    let nt = kg_ok(&["export", "--format", "ntriples"]);
    let base = "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/";
    let count_of = |subject: &str| -> usize {
        let prefix = format!("<{subject}> <http://rdfs.org/ns/void#triples> \"");
        let line =
            nt.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no void:triples for {subject}"));
        line[prefix.len()..].split('"').next().unwrap().parse().unwrap()
    };
    assert_eq!(count_of(&format!("{base}dataset")), nt.lines().count(), "void:triples of the default graph");
    let background = kg_ok(&["export", "--format", "ntriples", "--background-only"]);
    assert_eq!(count_of(&format!("{base}graph/background")), background.lines().count());
    assert!(nt.contains(&format!("<{base}essay> <http://purl.org/dc/terms/creator> <{base}entity/ichiro_suzuki> .")));
    // Quantities have their own namespace and a label.
    assert!(nt.contains(&format!("<{base}quantity/")), "quantities under BASE/quantity/");
    assert!(nt.lines().any(|l| l.starts_with(&format!("<{base}quantity/")) && l.contains("rdf-schema#label")));
}
