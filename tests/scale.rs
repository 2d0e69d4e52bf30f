//! Path search on a graph 1,000 times the essay's gives the same answers as on the essay, within
//! one copy (the timing is measured by `cargo bench --bench paths`, not here).

mod common;

use kg::{all_paths, shortest_path, KnowledgeGraph, PathOptions, PathView};

#[path = "common/scale.rs"]
mod scale;

fn relation_ids(kg: &KnowledgeGraph, paths: &[kg::Path], strip: &str) -> Vec<Vec<String>> {
    paths.iter().map(|p| PathView::new(kg, p).edges.into_iter().map(|e| e.id.replace(strip, "")).collect()).collect()
}

#[test]
fn paths_in_a_graph_1000_times_larger_match_the_essay() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let big = KnowledgeGraph::new(scale::replicate(essay.data(), 1000, "japan"));
    assert_eq!(big.entities().len(), essay.entities().len() * 1000);
    let options = PathOptions::default();

    let small = all_paths(&essay, "triple_intervention", "russo_japanese_war", &options, 3, 50).unwrap();
    let large = all_paths(&big, "triple_intervention__c500", "russo_japanese_war__c500", &options, 3, 50).unwrap();
    assert!(!small.is_empty());
    assert_eq!(relation_ids(&big, &large, "__c500"), relation_ids(&essay, &small, ""));

    let small = shortest_path(&essay, "theodore_roosevelt", "sakhalin", &options).unwrap();
    let large = shortest_path(&big, "theodore_roosevelt__c999", "sakhalin__c999", &options).unwrap();
    assert_eq!(relation_ids(&big, &[large], "__c999"), relation_ids(&essay, &[small], ""));

    // Copies are linked: a path crosses from one copy to the next.
    let across = shortest_path(&big, "japan__c10", "japan__c12", &options).unwrap();
    assert_eq!(across.steps.len(), 2);
}
