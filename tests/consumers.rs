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

/// The number of triples the triple syntaxes hold (the default graph: vocabulary, dataset
/// description and what the essay states), by kg's own library.
fn expected_triples() -> usize {
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let quads = kg::rdf_quads(&kg, &kg::RdfOptions::default()).unwrap();
    kg::quads_for(kg::RdfSyntax::NTriples, quads).len()
}

/// The number of quads the dataset syntaxes hold (with the background graph).
fn expected_quads() -> usize {
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    kg::rdf_quads(&kg, &kg::RdfOptions::default()).unwrap().len()
}

#[test]
fn rapper_reads_every_rdf_format_it_knows_with_the_same_triple_count() {
    let rapper = tool("rapper", "raptor2-utils");
    assert!(expected_triples() > 3000, "suspiciously small export: {} triples", expected_triples());
    assert!(expected_quads() > expected_triples(), "no background graph");
    for (syntax, name) in [
        ("turtle", "essay.ttl"),
        ("ntriples", "essay.nt"),
        ("nquads", "essay.nq"),
        ("trig", "essay.trig"),
        ("rdfxml", "essay.rdf"),
    ] {
        let expected =
            if name.ends_with(".nq") || name.ends_with(".trig") { expected_quads() } else { expected_triples() };
        let (_, stderr) = run_ok(&rapper, &["-i", syntax, "-c", &file(name)]);
        let count = format!("returned {expected} triples");
        assert!(stderr.contains(&count), "rapper on {name}: expected {count:?}, got:\n{stderr}");
        assert!(!stderr.contains("Error") && !stderr.contains("Warning"), "rapper on {name}:\n{stderr}");
    }
}

#[test]
fn rdflib_reads_every_rdf_format_with_the_same_triple_count() {
    for (format, name) in [
        ("turtle", "essay.ttl"),
        ("nt", "essay.nt"),
        ("nquads", "essay.nq"),
        ("trig", "essay.trig"),
        ("xml", "essay.rdf"),
        ("json-ld", "essay.jsonld"),
    ] {
        let seen = consumer("rdflib", &[&file(name), format]);
        if ["nquads", "trig", "json-ld"].contains(&format) {
            assert_eq!(seen["quads"], expected_quads(), "rdflib on {name}: {seen}");
        } else {
            assert_eq!(seen["triples"], expected_triples(), "rdflib on {name}: {seen}");
        }
    }
}

#[test]
fn pyoxigraph_answers_the_readme_query_for_the_treaties_that_involved_sakhalin() {
    let query = root().join("docs/queries/treaties-involving-sakhalin.rq");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for entry in std::fs::read_dir(root().join("docs/queries")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(readme.contains(text.trim()), "README.md must show {} verbatim", path.display());
    }

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
    // cargo run --release -- export --format dot | dot -Tsvg -o docs/graph.svg
    let svg = std::fs::read_to_string(root().join("docs/graph.svg")).unwrap();
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    for e in kg.entities() {
        assert!(svg.contains(&format!("<title>{}</title>", e.id)), "docs/graph.svg lacks {}: regenerate it", e.id);
    }
    for r in kg.relations() {
        assert!(svg.contains(&format!("id=\"{}\"", r.id)), "docs/graph.svg lacks relation {}: regenerate it", r.id);
    }
}

/// Every vocabulary the export aligns to, with its axioms (see the README there).
fn ontologies() -> String {
    root().join("tests/fixtures/ontologies").to_str().unwrap().to_string()
}

#[test]
fn an_owl_rl_reasoner_finds_the_export_consistent_and_infers_nothing_absurd() {
    // The N-Quads export (both graphs) with PROV-O, SKOS, Web Annotation, DCAT and Dublin Core.
    let seen = consumer("owlrl", &[&ontologies(), &file("essay.nq")]);
    assert_eq!(seen["triples"], expected_quads(), "{seen}");
    assert_eq!(seen["errors"], serde_json::json!([]), "OWL-RL inconsistencies: {seen}");
    assert_eq!(seen["absurd"], serde_json::json!([]), "absurd inferences (a resource of two disjoint kinds): {seen}");
    // The reasoner did use the vocabulary: inverses, transitivity and the PROV-O alignment.
    assert_eq!(seen["inferred"]["brokered_inverse"], true, "{seen}");
    assert_eq!(seen["inferred"]["roosevelt_is_prov_person"], true, "{seen}");
    let parts = seen["inferred"]["part_of_transitive"].as_array().unwrap();
    assert!(parts.iter().any(|p| p.as_str().unwrap().ends_with("/entity/sakhalin")), "{seen}");
}

#[test]
fn every_rdf_export_conforms_to_the_shacl_shapes_and_the_shapes_can_fail() {
    let shapes = root().join("docs/shapes.ttl");
    let shapes = shapes.to_str().unwrap();
    for names in [
        &["essay.ttl"][..],
        &["essay.nt"],
        &["essay.rdf"],
        &["essay.nq"],
        &["essay.trig"],
        &["essay.jsonld"],
        &["essay.ttl", "essay-background.ttl"],
    ] {
        let mut args = vec![shapes.to_string()];
        args.extend(names.iter().map(|n| file(n)));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let seen = consumer("shacl", &args);
        assert_eq!(seen["conforms"], true, "{names:?}: {seen}");
        assert!(seen["triples"].as_u64().unwrap() as usize >= expected_triples(), "{names:?}: {seen}");
    }
    // A label removed, a selector of two types, an offset that is a plain integer, a background
    // relation without its basis: each is a violation.
    let nq = std::fs::read_to_string(file("essay.nq")).unwrap();
    let label = nq.lines().find(|l| l.contains("/entity/japan> <http://www.w3.org/2000/01/rdf-schema#label>")).unwrap();
    let start = nq.lines().find(|l| l.contains("<http://www.w3.org/ns/oa#start>")).unwrap();
    let basis =
        nq.lines().find(|l| l.split_whitespace().nth(1) == Some("<https://example.org/kg-essay/vocab#basis>")).unwrap();
    let selector = start.split_whitespace().next().unwrap();
    let plain_integer = start.replace("#nonNegativeInteger>", "#integer>");
    let broken = nq
        .replace(&format!("{label}\n"), "")
        .replace(&format!("{basis}\n"), "")
        .replace(&format!("{start}\n"), &format!("{plain_integer}\n"))
        + &format!("{selector} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/oa#TextQuoteSelector> .\n");
    let path = exports().join("broken.nq");
    std::fs::write(&path, broken).unwrap();
    let seen = consumer("shacl", &[shapes, path.to_str().unwrap()]);
    assert_eq!(seen["conforms"], false, "{seen}");
    let violations = seen["violations"].to_string();
    let selector = selector.trim_matches(['<', '>']);
    for what in ["entity/japan", "vocab#basis", "oa#start", selector] {
        assert!(violations.contains(what), "no violation about {what}: {seen}");
    }
}

#[test]
fn json_ld_is_compact_one_object_per_node_and_the_same_rdf_as_n_quads() {
    let seen = consumer("jsonld", &[&file("essay.jsonld"), &file("essay.nq")]);
    assert_eq!(seen["expected"], expected_quads(), "{seen}");
    assert_eq!(seen["pyld"], expected_quads(), "pyld: {seen}");
    assert_eq!(seen["rdflib"], expected_quads(), "rdflib: {seen}");
    for key in ["pyld_missing", "pyld_extra", "rdflib_missing", "rdflib_extra"] {
        assert_eq!(seen[key], serde_json::json!([]), "{key}: {seen}");
    }
    assert_eq!(seen["duplicate_node_objects"], 0, "{seen}");
    assert_eq!(seen["has_context"], true);

    // Readable as plain JSON: Japan is one object with its type, label and relations by short names.
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file("essay.jsonld")).unwrap()).unwrap();
    let japan: Vec<&serde_json::Value> =
        doc["@graph"].as_array().unwrap().iter().filter(|n| n["@id"] == "ent:japan").collect();
    assert_eq!(japan.len(), 1);
    assert_eq!(japan[0]["label"], "Japan", "{}", japan[0]);
    assert!(japan[0]["@type"].as_array().unwrap().contains(&serde_json::json!("kgv:State")), "{}", japan[0]);
    assert!(japan[0]["signed"].to_string().contains("ent:"), "{}", japan[0]);
    // The published context is the one the export embeds.
    let published: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/context.jsonld")).unwrap()).unwrap();
    assert_eq!(published["@context"], doc["@context"], "docs/context.jsonld is stale: UPDATE_GOLDEN=1 cargo test");
}
