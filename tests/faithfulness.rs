//! Invariants of the essay's graph that make it faithful: every quote is the essay's own text at
//! its offsets, every stated relation has one, different people stay different, one thing under
//! several names is one node.

use kg::{EntityType, KnowledgeGraph, Provenance};

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::builtin().expect("the essay's annotations load")
}

fn slice(essay: &str, start: usize, end: usize) -> String {
    essay.chars().skip(start).take(end - start).collect()
}

#[test]
fn data_essay_is_the_seed_essay_byte_for_byte() {
    let ours = std::fs::read(common_root().join("data/essay.txt")).unwrap();
    assert_eq!(kg::load_builtin().unwrap().essay.as_bytes(), ours.as_slice());
    // Where the project's shared seed is beside the checkout (as in CI), compare with it too.
    let seed_path = common_root().join("../shared/seed/essay.txt");
    if let Ok(seed) = std::fs::read(&seed_path) {
        assert_eq!(seed, ours, "data/essay.txt differs from {}", seed_path.display());
    }
}

fn common_root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_quote_is_the_essay_text_at_its_offsets() {
    let kg = graph();
    let essay = &kg.data().essay;
    let mut checked = 0;
    for e in kg.entities() {
        let mut all = vec![&e.evidence];
        all.extend(&e.mentions);
        all.extend([&e.date, &e.start, &e.end].into_iter().flatten().map(|d| &d.evidence));
        all.extend(e.numbers.iter().map(|n| &n.evidence));
        for ev in all {
            assert_eq!(slice(essay, ev.start, ev.end), ev.quote, "entity {}", e.id);
            checked += 1;
        }
    }
    for r in kg.relations() {
        if let Some(ev) = r.provenance.passage() {
            assert_eq!(slice(essay, ev.start, ev.end), ev.quote, "relation {}", r.id);
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} quotes checked");
}

#[test]
fn every_stated_relation_has_a_quote_and_every_background_one_a_basis() {
    let kg = graph();
    for r in kg.relations() {
        match &r.provenance {
            Provenance::Essay(ev) => assert!(!ev.quote.trim().is_empty(), "{}", r.id),
            Provenance::Background { basis, .. } => assert!(!basis.trim().is_empty(), "{}", r.id),
        }
    }
    assert!(kg.relations().iter().filter(|r| r.is_stated()).count() > 100);
}

#[test]
fn the_two_roosevelts_are_two_people() {
    let kg = graph();
    let fdr = kg.resolve("Franklin D. Roosevelt").unwrap();
    let teddy = kg.resolve("Teddy Roosevelt").unwrap();
    assert_ne!(fdr.id, teddy.id);
    assert_eq!(fdr.entity_type, EntityType::Person);
    assert_eq!(teddy.entity_type, EntityType::Person);
    assert!(fdr.mentions.iter().all(|m| !m.quote.contains("Teddy")));
}

#[test]
fn one_thing_under_several_names_is_one_node() {
    let kg = graph();
    let ids: Vec<&str> =
        ["USSR", "Soviet Union", "the Soviet"].iter().map(|n| kg.resolve(n).unwrap().id.as_str()).collect();
    assert!(ids.iter().all(|id| *id == "soviet_union"), "{ids:?}");
    assert_eq!(kg.resolve("Tsing Dynasty").unwrap().id, kg.resolve("Qing dynasty").unwrap().id);
    let soviet = kg.entity("soviet_union").unwrap();
    assert!(soviet.mentions.len() >= 8, "USSR/Soviet Union mentions: {}", soviet.mentions.len());
}

#[test]
fn every_entity_but_the_described_ones_is_named_in_the_essay() {
    let kg = graph();
    let unnamed: Vec<&str> = kg.entities().iter().filter(|e| e.mentions.is_empty()).map(|e| e.id.as_str()).collect();
    // Entities the essay only describes keep their evidence quote instead of a mention.
    for id in &unnamed {
        let e = kg.entity(id).unwrap();
        assert!(!e.evidence.quote.is_empty());
    }
    assert!(unnamed.len() * 5 < kg.entities().len(), "too many entities without a mention: {unnamed:?}");
}
