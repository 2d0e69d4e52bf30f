//! The built-in essay that `build.rs` validated and embedded is exactly what the full loader makes
//! of the same files at run time, and `--data DIR` still validates in full.

mod common;

use kg::{load, load_builtin, Sources};

#[test]
fn the_embedded_dataset_equals_what_the_loader_makes_of_the_same_files() {
    let embedded = load_builtin().unwrap();
    let loaded = load(&Sources::builtin()).unwrap();
    // Compare piece by piece first, so that a failure names what drifted.
    assert_eq!(embedded.title, loaded.title);
    assert_eq!(embedded.essay, loaded.essay);
    assert_eq!(embedded.entities.len(), loaded.entities.len());
    for (e, l) in embedded.entities.iter().zip(&loaded.entities) {
        assert_eq!(e, l, "entity {} differs", l.id);
    }
    assert_eq!(embedded.relations.len(), loaded.relations.len());
    for (e, l) in embedded.relations.iter().zip(&loaded.relations) {
        assert_eq!(e, l, "relation {} differs", l.id);
    }
    assert_eq!(embedded.left_out, loaded.left_out);
    assert_eq!(embedded, loaded);
    assert!(!loaded.entities.is_empty() && !loaded.relations.is_empty());
}

#[test]
fn a_data_directory_is_still_validated_in_full() {
    // A copy of the built-in data with one quote the essay does not contain: `--data` reports it,
    // so `--data` does not take the embedded, pre-validated form.
    let dir = common::Scratch::new("builtin-full-validation");
    let data = common::root().join("data");
    for file in ["essay.txt", "entities.toml", "background.toml", "coverage.toml"] {
        std::fs::copy(data.join(file), dir.join(file)).unwrap();
    }
    let relations = std::fs::read_to_string(data.join("relations.toml")).unwrap();
    let first_quote = relations.find("quote = \"").expect("a quoted relation") + "quote = \"".len();
    let broken = format!("{}NOT IN THE ESSAY {}", &relations[..first_quote], &relations[first_quote..]);
    std::fs::write(dir.join("relations.toml"), broken).unwrap();
    let out = common::kg(&["--data", dir.str(), "stats"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("relations.toml") && stderr.contains("quote not found"), "stderr: {stderr}");
}

/// Every command and every export format answers the same, byte for byte, from the built-in essay
/// (decoded from the form `build.rs` made, with its name table) and from `--data data` (the same
/// files loaded and validated at run time): a test that fails when anything precomputed at build
/// time drifts from what the run-time path makes. Misspelt and shared names take the lookup's
/// suggestion and ambiguity paths through the name index.
#[test]
fn every_command_answers_the_same_built_in_and_with_data_data() {
    let data = common::root().join("data");
    let query = common::root().join("docs/queries/treaties-involving-sakhalin.rq");
    let dated = common::root().join("docs/queries/dated-1930-1945.rq");
    let background = common::root().join("docs/queries/background-facts.rq");
    let mut commands: Vec<Vec<String>> = [
        &["stats"][..],
        &["stats", "--format", "json"],
        &["check"],
        &["check", "--format", "json"],
        &["entities"],
        &["entities", "--type", "island", "--format", "json"],
        &["show", "Sakhalin"],
        &["show", "the soviet union", "--format", "json"],
        &["show", "Rosevelt"],
        &["show", "Roosevelt"],
        &["show", "Sakhalin Island"],
        &["path", "Shinzo Abe", "Sakhalin"],
        &["path", "Triple Intervention", "Russo-Japanese War", "--all", "--max-hops", "2", "--format", "json"],
        &["treaties", "--involving", "Sakhalin"],
        &["treaties", "--involving", "Northern Territory", "--format", "json"],
        &["neighbors", "Treaty of Portsmouth", "--depth", "2"],
        &["timeline", "--involving", "Sakhalin", "--format", "json"],
        &["timeline", "--from", "1945", "--to", "1945"],
        &["timeline"],
        &["timeline", "--format", "json"],
        &["neighbors", "Japan", "--depth", "2"],
        &["neighbors", "Japan", "--depth", "2", "--format", "json"],
        &["path", "Japan", "Russia", "--all", "--max-hops", "4"],
        &["path", "Japan", "Russia", "--all", "--max-hops", "4", "--format", "json"],
        &["sparql", "--file", query.to_str().unwrap()],
        &["sparql", "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"],
        &["sparql", "--file", dated.to_str().unwrap(), "--format", "json"],
        &["sparql", "--file", background.to_str().unwrap(), "--format", "csv"],
        &["sparql", "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s oa:start ?o } GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 5"],
        &["sparql", "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    for format in kg::Format::ALL {
        commands.push(vec!["export".into(), "--format".into(), format.name().into()]);
    }
    // The RDF formats with options other than the defaults: the built-in essay's stored RDF
    // stream (`src/export/rdf_stored.rs`) must not be used for them.
    for format in ["ntriples", "nquads", "turtle", "trig", "rdfxml", "jsonld"] {
        for options in [
            &["--base", "urn:kg:x:"][..],
            &["--base", "https://example.org/kg/"],
            &["--vocab", "http://example.com/v#"],
            &["--background-only"],
            &["--no-ontology"],
        ] {
            let mut command: Vec<String> = vec!["export".into(), "--format".into(), format.into()];
            command.extend(options.iter().map(|s| s.to_string()));
            commands.push(command);
        }
    }
    // The graph formats' other views and options, which draw from the same rows and styles.
    for extra in [
        &["export", "--format", "dot", "--focus", "Sakhalin", "--depth", "2"][..],
        &["export", "--format", "dot", "--view", "territories", "--rankdir", "TB"],
        &["export", "--format", "dot", "--view", "overview"],
        &["export", "--format", "mermaid", "--focus", "Treaty of Portsmouth"],
        &["export", "--format", "mermaid", "--view", "territories"],
        &["export", "--format", "json", "--base", "https://example.org/é/"],
        &["export", "--format", "cytoscape", "--base", "urn:kg:x:"],
        &["export", "--format", "graphml", "--base", "urn:kg:x:"],
        &["export", "--format", "csv-nodes", "--base", "urn:kg:x:"],
    ] {
        commands.push(extra.iter().map(|s| s.to_string()).collect());
    }
    assert!(commands.len() > 30);
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let built_in = common::kg(&args);
        let with_data = common::kg(&[&["--data", data.to_str().unwrap()][..], &args].concat());
        assert_eq!(built_in.status.code(), with_data.status.code(), "kg {args:?}: exit codes differ");
        assert!(
            built_in.stdout == with_data.stdout,
            "kg {args:?}: the built-in essay and --data data answer differently:\n--- built-in\n{}\n--- --data data\n{}",
            String::from_utf8_lossy(&built_in.stdout),
            String::from_utf8_lossy(&with_data.stdout)
        );
        assert_eq!(
            String::from_utf8_lossy(&built_in.stderr),
            String::from_utf8_lossy(&with_data.stderr),
            "kg {args:?}"
        );
        assert!(!built_in.stdout.is_empty() || !built_in.stderr.is_empty(), "kg {args:?} said nothing");
    }
}
