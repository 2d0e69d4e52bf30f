//! The loader's and the path search's work, counted (not timed: timings belong in
//! `scripts/bench`): a corpus 4 times the size costs about 4 times the allocations and bytes to
//! load, validate and build, so no step grows faster than n log n; a shortest path costs the same
//! in a graph 4 times larger, since the search visits only what it reaches.
//!
//! This file holds one test so that the counting allocator sees no other test's work.

#[path = "common/corpus.rs"]
#[allow(dead_code)]
mod corpus;

#[path = "common/counting.rs"]
mod counting;

/// Allocations and bytes allocated while `f` runs.
fn count<T>(f: impl FnOnce() -> T) -> (f64, f64, T) {
    let (out, cost) = counting::measure(f);
    (cost.allocations as f64, cost.allocated as f64, out)
}

fn sources(c: &corpus::Corpus) -> kg::Sources {
    let source = |name: &str, text: &str| kg::Source { name: name.to_string(), text: text.to_string() };
    kg::Sources {
        essay: source("essay.txt", &c.essay),
        entities: source("entities.toml", &c.entities),
        relations: source("relations.toml", &c.relations),
        background: source("background.toml", &c.background),
        coverage: source("coverage.toml", ""),
    }
}

#[test]
fn loading_four_times_the_relations_costs_four_times_the_work_and_a_path_costs_the_same() {
    let essay = kg::load_builtin().unwrap();
    // 3,000 relations: small enough for one thread; 12,000: cut into pieces parsed in parallel.
    let (small, large) = (sources(&corpus::generate(&essay, 3_000)), sources(&corpus::generate(&essay, 12_000)));
    let (calls_s, bytes_s, graph_s) = count(|| kg::KnowledgeGraph::new(kg::load(&small).unwrap()));
    let (calls_l, bytes_l, graph_l) = count(|| kg::KnowledgeGraph::new(kg::load(&large).unwrap()));
    assert_eq!(graph_s.relations().len(), 3_000);
    assert_eq!(graph_l.relations().len(), 12_000);
    // Linear work gives 4; n log n a little more; quadratic work would give 16.
    for (what, ratio) in [("allocations", calls_l / calls_s), ("bytes allocated", bytes_l / bytes_s)] {
        assert!((3.0..6.0).contains(&ratio), "{what}: 4 times the relations cost {ratio:.2} times as much");
    }

    let options = kg::PathOptions::default();
    let path = |kg: &kg::KnowledgeGraph| {
        count(|| kg::shortest_path(kg, "theodore_roosevelt__c3", "sakhalin__c3", &options).unwrap())
    };
    let ((calls_s, bytes_s, path_s), (calls_l, bytes_l, path_l)) = (path(&graph_s), path(&graph_l));
    let ids = |kg: &kg::KnowledgeGraph, p: &kg::Path| -> Vec<String> {
        p.nodes.iter().map(|n| kg.entity_at(*n).id.clone()).collect()
    };
    assert_eq!(ids(&graph_s, &path_s), ids(&graph_l, &path_l));
    assert!(calls_l <= calls_s * 1.5, "a path in a graph 4 times larger: {calls_l} allocations, not ~{calls_s}");
    assert!(bytes_l <= bytes_s * 1.5, "a path in a graph 4 times larger: {bytes_l} bytes, not ~{bytes_s}");
}
