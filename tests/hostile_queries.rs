//! Queries on hostile graphs: a 12,000-level `part_of` chain (no recursion, no copying of the chain
//! per place) and a dense graph whose simple paths explode (the search stops at its budget with a
//! clear error). Built in memory, run on the test thread's small stack.

mod common;

use kg::{all_paths, related_places, shortest_path, Containment, KnowledgeGraph, PathOptions, Source, Sources};

fn sources(essay: String, entities: String, relations: String) -> Sources {
    let source = |name: &str, text: String| Source { name: name.to_string(), text };
    Sources {
        essay: source("essay.txt", essay),
        entities: source("entities.toml", entities),
        relations: source("relations.toml", relations),
        background: source("background.toml", String::new()),
        coverage: source("coverage.toml", String::new()),
    }
}

/// `P0` part of `P1` part of ... `Pn`.
fn chain(n: usize) -> KnowledgeGraph {
    let (mut essay, mut entities, mut relations) = (String::from("Chain\n\n"), String::new(), String::new());
    for i in 0..n {
        essay.push_str(&format!("P{i} lies within P{} here.\n", i + 1));
        entities.push_str(&format!(
            "[[entity]]\nid = \"p{i}\"\ntype = \"Territory\"\nlabel = \"P{i}\"\nquote = \"P{i} lies within\"\n"
        ));
        relations.push_str(&format!(
            "[[relation]]\nsubject = \"p{i}\"\nrelation = \"part_of\"\nobject = \"p{}\"\nquote = \"P{i} lies within P{} here\"\n",
            i + 1,
            i + 1
        ));
    }
    entities.push_str(&format!(
        "[[entity]]\nid = \"p{n}\"\ntype = \"Territory\"\nlabel = \"P{n}\"\nquote = \"within P{n} here\"\n"
    ));
    KnowledgeGraph::new(kg::load(&sources(essay, entities, relations)).expect("chain loads"))
}

#[test]
fn a_deep_chain_neither_recurses_nor_copies() {
    let n = 12_000;
    let kg = chain(n);
    let (from, to) = ("p0".to_string(), format!("p{n}"));
    let options = PathOptions::default();
    let paths = all_paths(&kg, &from, &to, &options, usize::MAX, 5).expect("within budget");
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0].steps.len(), n);
    assert_eq!(shortest_path(&kg, &from, &to, &options).unwrap().steps.len(), n);

    let places = related_places(&kg, &to);
    assert_eq!(places.len(), n + 1);
    assert_eq!(
        places[n],
        ("p0".to_string(), Containment::PartOf { depth: n, towards: "p1".to_string(), background: false })
    );
    let places = related_places(&kg, &from);
    assert_eq!(
        places[n],
        (to.clone(), Containment::Contains { depth: n, towards: format!("p{}", n - 1), background: false })
    );
}

/// Every pair of `n` states allied with each other.
fn complete(n: usize) -> KnowledgeGraph {
    let (essay, entities, relations) = complete_files(n);
    KnowledgeGraph::new(kg::load(&sources(essay, entities, relations)).expect("dense graph loads"))
}

/// The essay, entities.toml and relations.toml of [`complete`].
fn complete_files(n: usize) -> (String, String, String) {
    let (mut essay, mut entities, mut relations) = (String::from("Alliances\n\n"), String::new(), String::new());
    for i in 0..n {
        essay.push_str(&format!("State{i} exists.\n"));
        entities.push_str(&format!(
            "[[entity]]\nid = \"s{i}\"\ntype = \"State\"\nlabel = \"State{i}\"\nquote = \"State{i} exists\"\n"
        ));
        for j in i + 1..n {
            essay.push_str(&format!("Pact {i}-{j}.\n"));
            relations.push_str(&format!(
                "[[relation]]\nsubject = \"s{i}\"\nrelation = \"allied_with\"\nobject = \"s{j}\"\nquote = \"Pact {i}-{j}.\"\n"
            ));
        }
    }
    (essay, entities, relations)
}

#[test]
fn a_dense_graph_stops_at_the_budget() {
    let kg = complete(15);
    let options = PathOptions { budget: Some(20_000), ..Default::default() };
    // The budget counts expansions, so the error's own count is the bound on the work done.
    let err = all_paths(&kg, "s0", "s1", &options, 1_000_000_000, usize::MAX).expect_err("13! paths exceed the budget");
    assert_eq!(err.budget, 20_000);
    assert!(!err.found.is_empty() && err.found[0].steps.len() == 1);
    assert!(err.to_string().contains("stopped after 20000 expansions"), "{err}");
    // A small question on the same graph is answered whole.
    let paths = all_paths(&kg, "s0", "s1", &options, 2, usize::MAX).unwrap();
    assert_eq!(paths.len(), 1 + 13);
}

#[test]
fn the_cli_names_the_budget() {
    let dir = common::Scratch::new("dense");
    let (essay, entities, relations) = complete_files(9);
    std::fs::write(dir.join("essay.txt"), essay).unwrap();
    std::fs::write(dir.join("entities.toml"), entities).unwrap();
    std::fs::write(dir.join("relations.toml"), relations).unwrap();
    let out = common::kg(&[
        "--data",
        dir.str(),
        "path",
        "s0",
        "s1",
        "--all",
        "--max-hops",
        "1000000000",
        "--limit",
        "100000",
        "--budget",
        "500",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("stopped after 500 expansions") && stderr.contains("--budget"), "{stderr}");
}
