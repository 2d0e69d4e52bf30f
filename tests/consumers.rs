//! Every export fed to the real tools people load it with: Graphviz `dot`, `rapper`, rdflib,
//! pyoxigraph, networkx, pandas, Cytoscape.js and Mermaid's parser, checking what they read, not
//! only that they did not fail. A missing tool fails these tests (scripts/test installs them).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{consumer, js_consumer, kg, kg_ok, root, run_ok, tool, Scratch};

/// `kg export --all` once for every test here, into cargo's scratch directory for tests
/// (`target/tmp`): a static is never dropped, so a directory under /tmp would be left behind by
/// every run; this one is replaced by the next run instead.
fn exports() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("consumers-exports");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the exports directory");
        kg_ok(&["export", "--all", "-o", dir.to_str().expect("utf-8 path")]);
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

fn stats() -> serde_json::Value {
    serde_json::from_str(&kg_ok(&["stats", "--format", "json"])).unwrap()
}

#[test]
fn networkx_loads_json_and_graphml_and_writes_the_json_on_as_graphml_and_gexf() {
    let stats = stats();
    let out = Scratch::new("networkx-out");
    let seen = consumer("networkx", &[&file("essay.json"), &file("essay.graphml"), out.str()]);
    for which in ["json", "graphml"] {
        assert_eq!(seen[which]["class"], "MultiDiGraph", "{seen}");
        assert_eq!(seen[which]["nodes"], stats["entities"], "{which}: {seen}");
        assert_eq!(seen[which]["edges"], stats["relations"], "{which}: {seen}");
        assert_eq!(seen[which]["sakhalin_type"], "Island");
        assert_eq!(seen[which]["sakhalin_types"], "Island; Territory", "{which}: supertypes");
        assert_eq!(
            seen[which]["sakhalin_iri"],
            "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/sakhalin"
        );
    }
    assert_eq!(seen["json"]["sakhalin_evidence"], "Sakhalin and the Kuril Islands were long disputed territories");
    let graphml = &seen["graphml"];
    assert_eq!(graphml["mentions_type"], "int", "GraphML keys are typed");
    // Quantities, notes and background bases, which GraphML used to drop.
    assert_eq!(graphml["men_taken"], serde_json::json!([["soviet_internment_of_japanese_soldiers", 575000]]));
    assert_eq!(graphml["background_bases"], stats["background_relations"], "{seen}");
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    assert_eq!(graphml["notes"], kg.entities().iter().filter(|e| e.note.is_some()).count());
    // The yEd styling is read by networkx too: Sakhalin, an Island, is an inverted house in DOT.
    assert_eq!(graphml["yed_shape"], "trapezoid2");
    let transfers = seen["json"]["transfers"].as_array().unwrap();
    assert!(
        transfers.iter().any(|t| t[0] == "southern_sakhalin" && t[1] == "japan" && t[2] == "treaty_of_portsmouth"),
        "{transfers:?}"
    );
    // networkx wrote the node-link graph on, and read its own files back whole.
    for which in ["written_graphml", "written_gexf"] {
        assert_eq!(seen[which]["nodes"], stats["entities"], "{which}: {seen}");
        assert_eq!(seen[which]["edges"], stats["relations"], "{which}: {seen}");
    }
    assert_eq!(seen["written_graphml"]["sakhalin_iri"], seen["json"]["sakhalin_iri"]);
    assert_eq!(seen["written_gexf"]["sakhalin_label"], "Sakhalin");
}

#[test]
fn networkx_reads_the_gexf_with_colours_shapes_and_time_intervals() {
    let stats = stats();
    let seen = consumer("gexf", &[&file("essay.gexf")]);
    assert_eq!(seen["class"], "MultiDiGraph", "{seen}");
    assert_eq!(seen["mode"], "dynamic");
    assert_eq!(seen["nodes"], stats["entities"]);
    assert_eq!(seen["edges"], stats["relations"]);
    let sakhalin = &seen["sakhalin"];
    assert_eq!(sakhalin["label"], "Sakhalin");
    assert_eq!(sakhalin["type"], "Island");
    assert_eq!(sakhalin["mentions"], 2);
    assert_eq!(
        sakhalin["iri"],
        "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/sakhalin"
    );
    // The DOT fill of an Island, #a1d99b.
    assert_eq!(sakhalin["viz"]["color"], serde_json::json!({"r": 161, "g": 217, "b": 155, "a": 1.0}));
    assert_eq!(seen["sakhalin_shape"], "triangle");
    assert_eq!(seen["node_shapes"], serde_json::json!(["diamond", "disc", "square", "triangle"]));
    // Yalta Conference, February 1945: an interval over the whole month.
    assert_eq!(seen["yalta"], serde_json::json!({"start": "1945-02-01", "end": "1945-02-28", "date": "1945-02"}));
    let transfers = seen["transfers"].as_array().unwrap();
    assert!(
        transfers.contains(&serde_json::json!([
            "southern_sakhalin",
            "japan",
            "treaty_of_portsmouth",
            "1905-01-01",
            "1905-12-31"
        ])),
        "{transfers:?}"
    );
    assert_eq!(seen["background"], stats["background_relations"]);
    assert_eq!(seen["dashed"], stats["background_relations"], "background edges are dashed");
}

#[test]
fn pandas_reads_the_csv_files_whose_headers_follow_the_neo4j_import_rules() {
    let stats = stats();
    let seen = consumer("csv", &[&file("essay.nodes.csv"), &file("essay.relationships.csv")]);
    assert_eq!(seen["problems"], serde_json::json!([]), "{seen}");
    assert_eq!(seen["nodes"], stats["entities"]);
    assert_eq!(seen["relationships"], stats["relations"]);
    let sakhalin = &seen["sakhalin"];
    assert_eq!(sakhalin[":LABEL"], "Island;Territory");
    assert_eq!(sakhalin["label"], "Sakhalin");
    assert_eq!(sakhalin["evidence"], "Sakhalin and the Kuril Islands were long disputed territories");
    assert_eq!(sakhalin["evidence_start:long"], "1060");
    let transfers = seen["transfers"].as_array().unwrap();
    assert!(transfers.contains(&serde_json::json!(["southern_sakhalin", "japan", "treaty_of_portsmouth"])), "{seen}");
    assert_eq!(seen["background"], stats["background_relations"]);
    assert_eq!(seen["men_taken"], serde_json::json!([["soviet_internment_of_japanese_soldiers", 575000]]));
    let rel_columns = seen["relationship_columns"].as_array().unwrap();
    for column in [":START_ID", ":END_ID", ":TYPE", "earliest:date", "background:boolean", "basis"] {
        assert!(rel_columns.iter().any(|c| c == column), "{column} missing: {rel_columns:?}");
    }

    // The header check can fail: a misspelt type, a second :ID, a date that is not a full date.
    let dir = Scratch::new("csv-broken");
    let nodes = std::fs::read_to_string(file("essay.nodes.csv")).unwrap();
    let rels = std::fs::read_to_string(file("essay.relationships.csv")).unwrap();
    let broken_nodes = dir.join("nodes.csv");
    std::fs::write(&broken_nodes, nodes.replacen("\"evidence_start:long\"", "\"evidence_start:integer\"", 1)).unwrap();
    let broken_rels = dir.join("rels.csv");
    std::fs::write(&broken_rels, rels.replacen("\"1905-12-31\"", "\"1905\"", 1)).unwrap();
    let seen = consumer("csv", &[broken_nodes.to_str().unwrap(), broken_rels.to_str().unwrap()]);
    let problems = seen["problems"].to_string();
    assert!(problems.contains("evidence_start:integer"), "{problems}");
    assert!(problems.contains("'1905' is not a date"), "{problems}");
}

#[test]
fn cytoscape_js_loads_the_export_as_is_with_data_and_style() {
    let stats = stats();
    let seen = js_consumer("cytoscape", &[&file("essay.cyjs")]);
    assert_eq!(seen["nodes"], stats["entities"], "{seen}");
    assert_eq!(seen["edges"], stats["relations"]);
    let sakhalin = &seen["sakhalin"];
    assert_eq!(sakhalin["data"]["label"], "Sakhalin");
    assert_eq!(sakhalin["data"]["types"], serde_json::json!(["Island", "Territory"]));
    assert_eq!(
        sakhalin["data"]["iri"],
        "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/sakhalin"
    );
    assert_eq!(sakhalin["data"]["evidence_start"], 1060);
    // The stylesheet maps data to style: the DOT fill of an Island and its nearest shape.
    assert_eq!(sakhalin["color"], "rgb(161,217,155)");
    assert_eq!(sakhalin["shape"], "vee");
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    assert_eq!(sakhalin["degree"], kg.incident("sakhalin").len());
    let transfers = seen["transfers"].as_array().unwrap();
    assert!(transfers.contains(&serde_json::json!(["southern_sakhalin", "japan", "treaty_of_portsmouth"])), "{seen}");
    assert_eq!(seen["background"], stats["background_relations"]);
    assert_eq!(seen["background_line"], "dashed");
    assert_eq!(seen["stated_line"], "solid");
}

#[test]
fn mermaids_own_parser_reads_a_focus_view_and_the_whole_graph() {
    let dir = Scratch::new("mermaid");
    let focus = dir.join("portsmouth.mmd");
    kg_ok(&["export", "--format", "mermaid", "--focus", "Treaty of Portsmouth", "-o", focus.to_str().unwrap()]);
    let seen = js_consumer("mermaid", &[focus.to_str().unwrap(), "n_treaty_of_portsmouth"]);
    assert_eq!(seen["ok"], true, "{seen}");
    assert_eq!(seen["type"], "flowchart-v2");
    // The view is the treaty and its neighbours, with every relation among them.
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let mut ids: Vec<String> =
        kg.incident("treaty_of_portsmouth").iter().map(|i| format!("n_{}", i.other.id)).collect();
    ids.push("n_treaty_of_portsmouth".into());
    ids.sort();
    ids.dedup();
    assert_eq!(seen["node_ids"], serde_json::json!(ids));
    assert_eq!(seen["focus_label"], "Treaty of Portsmouth<br>Treaty");
    let edges = seen["edge_list"].as_array().unwrap();
    assert!(edges.contains(&serde_json::json!([
        "n_theodore_roosevelt",
        "n_treaty_of_portsmouth",
        "brokered",
        "normal"
    ])));
    assert!(edges.contains(&serde_json::json!(["n_japan", "n_treaty_of_portsmouth", "is a party to", "dotted"])));

    let whole = js_consumer("mermaid", &[&file("essay.mmd")]);
    assert_eq!(whole["ok"], true, "{whole}");
    assert_eq!(whole["nodes"], kg.entities().len());
    assert_eq!(whole["edges"], kg.relations().len());

    // The check can fail: an unescaped quote inside a label breaks the flowchart.
    let text = std::fs::read_to_string(&focus).unwrap();
    let broken = dir.join("broken.mmd");
    std::fs::write(&broken, text.replacen("Treaty of Portsmouth<br/>", "Treaty \"of\" Portsmouth<br/>", 1)).unwrap();
    let seen = js_consumer("mermaid", &[broken.to_str().unwrap()]);
    assert_eq!(seen["ok"], false, "{seen}");
}

#[test]
fn mermaid_ids_and_labels_survive_hostile_names() {
    let dir = common::fixture_copy("tiny");
    common::edit(
        &dir.join("entities.toml"),
        "label = \"Sakhalin\"",
        "label = \"end \\\"graph\\\" #1 <b>|x|</b> & -->\"",
    );
    let out = Scratch::new("mermaid-hostile");
    let path = out.join("tiny.mmd");
    kg_ok(&["--data", dir.str(), "export", "--format", "mermaid", "-o", path.to_str().unwrap()]);
    let seen = js_consumer("mermaid", &[path.to_str().unwrap(), "n_sakhalin"]);
    assert_eq!(seen["ok"], true, "{seen}");
    let tiny = kg::KnowledgeGraph::new(kg::load_dir(dir.path()).unwrap());
    assert_eq!(seen["nodes"], tiny.entities().len(), "{seen}");
    assert_eq!(seen["edges"], tiny.relations().len(), "{seen}");
    // Mermaid reads back exactly the label, after its entity codes are decoded.
    assert_eq!(seen["focus_label"], "end \"graph\" #1 <b>|x|</b> & --><br>Island");
}

/// A way of breaking a JSON export, and its name.
type Breakage = (&'static str, fn(&mut serde_json::Value));

#[test]
fn the_json_exports_validate_against_their_schemas_which_are_closed() {
    for (schema, export) in
        [("schema/kg-node-link.schema.json", "essay.json"), ("schema/kg-node-link-full.schema.json", "essay.full.json")]
    {
        let schema = root().join(schema);
        let schema = schema.to_str().unwrap();
        let seen = consumer("jsonschema", &[schema, &file(export)]);
        assert_eq!(seen["valid"], true, "{export}: {seen}");
        let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file(export)).unwrap()).unwrap();
        // Each way of breaking the file is refused: by the schema, or by the checks after it.
        let breakages: [Breakage; 6] = [
            ("node without a label", |d| {
                d["nodes"][0].as_object_mut().unwrap().remove("label");
            }),
            ("unknown relation kind", |d| d["edges"][0]["relation"] = "invaded".into()),
            ("unknown property", |d| d["edges"][0]["weight"] = 1.into()),
            ("dangling edge end", |d| d["edges"][0]["target"] = "atlantis".into()),
            ("duplicate node id", |d| {
                let first = d["nodes"][0].clone();
                d["nodes"].as_array_mut().unwrap().push(first);
            }),
            ("duplicate edge id", |d| {
                let first = d["edges"][0].clone();
                d["edges"].as_array_mut().unwrap().push(first);
            }),
        ];
        for (what, break_it) in breakages {
            let mut broken = data.clone();
            break_it(&mut broken);
            let path = exports().join(format!("broken-{export}"));
            std::fs::write(&path, broken.to_string()).unwrap();
            let seen = consumer("jsonschema", &[schema, path.to_str().unwrap()]);
            assert_eq!(seen["valid"], false, "{export} with a {what} passed: {seen}");
        }
    }
    // The flat export has only scalars: a list where a string belongs is refused.
    let mut data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file("essay.json")).unwrap()).unwrap();
    data["nodes"][0]["types"] = serde_json::json!(["Attack", "Event"]);
    let path = exports().join("nested.json");
    std::fs::write(&path, data.to_string()).unwrap();
    let schema = root().join("schema/kg-node-link.schema.json");
    let seen = consumer("jsonschema", &[schema.to_str().unwrap(), path.to_str().unwrap()]);
    assert_eq!(seen["valid"], false, "{seen}");
}

#[test]
fn the_schemas_list_exactly_the_relation_kinds_and_entity_types_of_the_vocabulary() {
    let kinds: Vec<&str> = kg::RelationKind::ALL.iter().map(|k| k.name()).collect();
    let types: Vec<&str> = kg::EntityType::ALL.iter().map(|t| t.name()).collect();
    for name in ["schema/kg-node-link.schema.json", "schema/kg-node-link-full.schema.json"] {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(name)).unwrap()).unwrap();
        assert_eq!(schema["$defs"]["relation"]["enum"], serde_json::json!(kinds), "{name}: update the relation enum");
        assert_eq!(schema["$defs"]["entity_type"]["enum"], serde_json::json!(types), "{name}: update the type enum");
    }
}

#[test]
fn csv_is_two_files_written_together_and_refused_on_standard_output() {
    let dir = Scratch::new("csv-cli");
    kg_ok(&["export", "--format", "csv", "-o", dir.str()]);
    assert_eq!(
        std::fs::read_to_string(dir.join("essay.nodes.csv")).unwrap(),
        std::fs::read_to_string(file("essay.nodes.csv")).unwrap()
    );
    assert!(dir.join("essay.relationships.csv").exists());
    let named = dir.join("graph.csv");
    kg_ok(&["export", "-o", named.to_str().unwrap()]);
    assert!(dir.join("graph.nodes.csv").exists() && dir.join("graph.relationships.csv").exists());
    assert!(!named.exists());
    let out = kg(&["export", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("CSV is two files"), "{out:?}");
    let nodes = kg_ok(&["export", "--format", "csv-nodes"]);
    assert!(nodes.starts_with("\"id:ID\",\":LABEL\""));
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
    // The default graph and the background graph, both non-empty.
    assert_eq!(seen["graphs"].as_array().map(Vec::len), Some(2), "{seen}");
    // pyld, rdflib, and Oxigraph's JSON-LD parser and its streaming one (the export is in the
    // streaming document form: @context first, @type then @id first in each node object) read
    // the same dataset as the N-Quads export: same quads, and each graph isomorphic.
    for reader in ["pyld", "rdflib", "oxigraph", "oxigraph_streaming"] {
        assert_eq!(seen[reader], expected_quads(), "{reader}: {seen}");
        for key in ["missing", "extra"] {
            assert_eq!(seen[format!("{reader}_{key}")], serde_json::json!([]), "{reader}_{key}: {seen}");
        }
        assert_eq!(seen[format!("{reader}_isomorphic")], true, "{reader}: {seen}");
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
