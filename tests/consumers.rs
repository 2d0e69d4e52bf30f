//! Every export fed to the real tools people load it with: Graphviz `dot`, `rapper`, rdflib,
//! pyoxigraph and networkx, checking what they read, not only that they did not fail. A missing
//! tool fails these tests (scripts/test installs them).

mod common;

use std::sync::OnceLock;

use common::{consumer, kg_ok, root, run_ok, tool, Scratch};

/// `kg export --all` once for every test here.
fn exports() -> &'static Scratch {
    static DIR: OnceLock<Scratch> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Scratch::new("consumers");
        kg_ok(&["export", "--all", "-o", dir.str()]);
        dir
    })
}

fn file(name: &str) -> String {
    exports().join(name).to_str().unwrap().to_string()
}

/// The number of distinct triples the export holds, by kg's own library.
fn expected_triples() -> usize {
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let quads = kg::rdf_quads(&kg, &kg::RdfOptions::default()).unwrap();
    kg::quads_for(kg::RdfSyntax::NTriples, quads).len()
}

#[test]
fn rapper_reads_every_rdf_format_it_knows_with_the_same_triple_count() {
    let rapper = tool("rapper", "raptor2-utils");
    let expected = expected_triples();
    assert!(expected > 3000, "suspiciously small export: {expected} triples");
    for (syntax, name) in [
        ("turtle", "essay.ttl"),
        ("ntriples", "essay.nt"),
        ("nquads", "essay.nq"),
        ("trig", "essay.trig"),
        ("rdfxml", "essay.rdf"),
    ] {
        let (_, stderr) = run_ok(&rapper, &["-i", syntax, "-c", &file(name)]);
        let count = format!("returned {expected} triples");
        assert!(stderr.contains(&count), "rapper on {name}: expected {count:?}, got:\n{stderr}");
        assert!(!stderr.contains("Error") && !stderr.contains("Warning"), "rapper on {name}:\n{stderr}");
    }
}

#[test]
fn rdflib_reads_every_rdf_format_with_the_same_triple_count() {
    let expected = expected_triples();
    for (format, name) in [
        ("turtle", "essay.ttl"),
        ("nt", "essay.nt"),
        ("nquads", "essay.nq"),
        ("trig", "essay.trig"),
        ("xml", "essay.rdf"),
        ("json-ld", "essay.jsonld"),
    ] {
        let seen = consumer("rdflib", &[&file(name), format]);
        assert_eq!(seen["triples"], expected, "rdflib on {name}: {seen}");
    }
}

#[test]
fn pyoxigraph_answers_the_readme_query_for_the_treaties_that_involved_sakhalin() {
    let query = root().join("docs/queries/treaties-involving-sakhalin.rq");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let text = std::fs::read_to_string(&query).unwrap();
    assert!(readme.contains(text.trim()), "README.md must show docs/queries/treaties-involving-sakhalin.rq verbatim");

    let answer = consumer("sparql", &[&file("essay.ttl"), query.to_str().unwrap()]);
    let labels: Vec<&str> = answer["rows"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    // Checked by hand against the essay: Sakhalin went to Russia under the Treaty of St.
    // Petersburg (1875); its southern half, part of it, went to Japan under the Treaty of
    // Portsmouth (1905).
    assert_eq!(labels, ["Treaty of St. Petersburg", "Treaty of Portsmouth"], "{answer}");
    assert_eq!(answer["triples"], expected_triples());
}

#[test]
fn graphviz_renders_the_whole_graph_and_a_focus_view_without_warnings() {
    let dot = tool("dot", "graphviz");
    let svg = exports().join("whole.svg");
    let (_, stderr) = run_ok(&dot, &["-Tsvg", &file("essay.dot"), "-o", svg.to_str().unwrap()]);
    assert_eq!(stderr, "", "dot warned on the whole graph");
    let svg = std::fs::read_to_string(svg).unwrap();
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    for e in kg.entities() {
        assert!(svg.contains(&format!("<title>{}</title>", e.id)), "node {} missing from the SVG", e.id);
    }
    assert!(svg.contains("Legend") && svg.contains("background (implied)"));

    let focus = exports().join("focus.dot");
    kg_ok(&[
        "export",
        "--format",
        "dot",
        "--focus",
        "Kuril Islands",
        "--depth",
        "1",
        "--rankdir",
        "TB",
        "-o",
        focus.to_str().unwrap(),
    ]);
    let (svg, stderr) = run_ok(&dot, &["-Tsvg", focus.to_str().unwrap()]);
    assert_eq!(stderr, "", "dot warned on the focus view");
    assert!(svg.contains("<title>kuril_islands</title>") && svg.contains("<title>northern_territories</title>"));
    assert!(!svg.contains("<title>katyn_forest</title>"), "focus view drew an unrelated entity");
}

#[test]
fn networkx_loads_json_and_graphml_with_the_counts_of_kg_stats() {
    let stats: serde_json::Value = serde_json::from_str(&kg_ok(&["stats", "--format", "json"])).unwrap();
    let seen = consumer("networkx", &[&file("essay.json"), &file("essay.graphml")]);
    for which in ["json", "graphml"] {
        assert_eq!(seen[which]["class"], "MultiDiGraph", "{seen}");
        assert_eq!(seen[which]["nodes"], stats["entities"], "{which}: {seen}");
        assert_eq!(seen[which]["edges"], stats["relations"], "{which}: {seen}");
        assert_eq!(seen[which]["sakhalin_type"], "Island");
    }
    assert_eq!(seen["graphml"]["mentions_type"], "int", "GraphML keys are typed");
    let transfers = seen["json"]["transfers"].as_array().unwrap();
    assert!(
        transfers.iter().any(|t| t[0] == "southern_sakhalin" && t[1] == "japan" && t[2] == "treaty_of_portsmouth"),
        "{transfers:?}"
    );
}

#[test]
fn the_json_export_validates_against_its_schema() {
    let schema = root().join("schema/kg-node-link.schema.json");
    let seen = consumer("jsonschema", &[schema.to_str().unwrap(), &file("essay.json")]);
    assert_eq!(seen["valid"], true, "{seen}");
    // The schema can fail: a node without a label does not validate.
    let broken = exports().join("broken.json");
    let mut data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file("essay.json")).unwrap()).unwrap();
    data["nodes"][0].as_object_mut().unwrap().remove("label");
    std::fs::write(&broken, data.to_string()).unwrap();
    let seen = consumer("jsonschema", &[schema.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(seen["valid"], false, "{seen}");
}

#[test]
fn the_readme_picture_shows_the_current_graph() {
    // docs/graph.svg is regenerated with:
    // cargo run --release -- export --format dot --view overview | dot -Tsvg -o docs/graph.svg
    let svg = std::fs::read_to_string(root().join("docs/graph.svg")).unwrap();
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    for e in kg.entities() {
        assert!(svg.contains(&format!("<title>{}</title>", e.id)), "docs/graph.svg lacks {}: regenerate it", e.id);
    }
    for r in kg.relations() {
        assert!(svg.contains(&format!("id=\"{}\"", r.id)), "docs/graph.svg lacks relation {}: regenerate it", r.id);
    }
}
