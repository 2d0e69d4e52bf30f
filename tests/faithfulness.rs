//! Invariants of the essay's graph that make it faithful: every quote is the essay's own text at
//! its offsets, every stated relation has one, different people stay different, one thing under
//! several names is one node.

mod common;

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
            assert_eq!(slice(essay, ev.start, ev.end), ev.quote(), "entity {}", e.id);
            checked += 1;
        }
    }
    for r in kg.relations() {
        if let Some(ev) = r.provenance.passage() {
            assert_eq!(slice(essay, ev.start, ev.end), ev.quote(), "relation {}", r.id);
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
            Provenance::Essay(ev) => assert!(!ev.quote().trim().is_empty(), "{}", r.id),
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
    assert!(fdr.mentions.iter().all(|m| !m.quote().contains("Teddy")));
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
        assert!(!e.evidence.quote().is_empty());
    }
    assert!(unnamed.len() * 5 < kg.entities().len(), "too many entities without a mention: {unnamed:?}");
}

#[test]
fn mentions_of_russia_in_the_passages_on_1858_to_1905_belong_to_imperial_russia_in_json_and_rdf() {
    let kg = graph();
    let essay = &kg.data().essay;
    let offset_of = |passage: &str, word: &str| {
        let byte = essay.find(passage).unwrap() + passage.find(word).unwrap();
        essay[..byte].chars().count()
    };
    // Imperial Russia: the 1858 treaty, 1875, the influence in Manchuria, 1895, 1904.
    let imperial = [
        offset_of("Japan signed a similar treaty with Russia in 1858", "Russia"),
        offset_of("Sakhalin went to Russia", "Russia"),
        offset_of("Russia already had strong influence in Manchuria", "Russia"),
        offset_of("Together with France and Germany, Russia pressed", "Russia"),
        offset_of("declare a war against Russia in 1904", "Russia"),
    ];
    // The Russian Federation: the opening sentence and Yeltsin's time.
    let federation = [
        offset_of("territorial disputes with Russia", "Russia"),
        offset_of("It was a time that Russia behaved", "Russia"),
    ];
    let mention_owner = |start: usize| -> Vec<&str> {
        kg.entities().iter().filter(|e| e.mentions.iter().any(|m| m.start == start)).map(|e| e.id.as_str()).collect()
    };
    for at in imperial {
        assert_eq!(mention_owner(at), ["russian_empire"], "mention at {at}");
    }
    for at in federation {
        assert_eq!(mention_owner(at), ["russia"], "mention at {at}");
    }
    // Likewise "Ukraine": the state at war today, but a place in the USSR in 1945.
    assert_eq!(mention_owner(offset_of("a war rages in Ukraine", "Ukraine")), ["ukraine"]);
    assert_eq!(mention_owner(offset_of("as far west as Ukraine", "Ukraine")), ["ukraine_region"]);
    assert_eq!(kg.resolve("Ukraine").unwrap().id, "ukraine");
    // JSON export: the node's mentions.
    let json: serde_json::Value = serde_json::from_str(&common::kg_ok(&["export", "--format", "json-full"])).unwrap();
    let starts = |id: &str| -> Vec<u64> {
        let node = json["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap();
        node["mentions"].as_array().unwrap().iter().map(|m| m["start"].as_u64().unwrap()).collect()
    };
    for at in imperial {
        assert!(starts("russian_empire").contains(&(at as u64)) && !starts("russia").contains(&(at as u64)));
    }
    // RDF: kgv:mention passages, asked by SPARQL.
    let q = format!(
        "PREFIX kgv: <https://example.org/kg-essay/vocab#> PREFIX oa: <http://www.w3.org/ns/oa#> \
         SELECT ?e WHERE {{ ?e kgv:mention ?p . ?p oa:hasSelector ?s . ?s oa:start {} }}",
        imperial[0]
    );
    let out = common::kg_ok(&["sparql", &q, "--format", "csv"]);
    assert!(out.contains("russian_empire") && !out.contains("entity/russia\r"), "{out}");
}

#[test]
fn every_relation_fits_the_declared_types_and_the_docs_table_says_them() {
    let kg = graph();
    for r in kg.relations() {
        let (s, o) = (kg.entity(&r.subject).unwrap(), kg.entity(&r.object).unwrap());
        assert!(r.kind.admits(s.entity_type, o.entity_type), "{}", r.id);
    }
    let doc = std::fs::read_to_string(common_root().join("docs/annotation-format.md")).unwrap();
    for &kind in kg::RelationKind::ALL {
        let names = |t: &[EntityType]| t.iter().map(|t| t.name()).collect::<Vec<_>>().join(" / ");
        let row = format!(
            "| `{}` | {} | {} → {} |",
            kind.name(),
            kind.reading(),
            names(kind.subject_types()),
            names(kind.object_types())
        );
        assert!(doc.contains(&row), "docs/annotation-format.md lacks the row {row}");
    }
}

#[test]
fn wikidata_ids_are_those_of_the_state_in_the_period_the_essay_means() {
    let kg = graph();
    let q = |id: &str| kg.entity(id).unwrap().wikidata.clone();
    assert_eq!(q("germany").as_deref(), Some("Q43287"), "1895: the German Empire");
    assert_eq!(q("italy").as_deref(), Some("Q172579"), "1918: the Kingdom of Italy");
    assert_eq!(q("britain").as_deref(), Some("Q174193"), "1918: the UK of Great Britain and Ireland");
    assert_eq!(q("russian_empire").as_deref(), Some("Q34266"));
    // Today's states' items are not given to their predecessors.
    for (id, modern) in [("germany", "Q183"), ("italy", "Q38"), ("britain", "Q145"), ("china", "Q148")] {
        assert_ne!(q(id).as_deref(), Some(modern), "{id}");
    }
}

#[test]
fn the_essay_is_not_made_to_say_more_than_it_does() {
    let kg = graph();
    let has = |id: &str| kg.relations().iter().any(|r| r.id == id);
    // "technically remain in a state of war" is no peace treaty, not fighting; and the note says
    // that the 1956 Joint Declaration ended the state of war.
    assert!(!has("japan.fought_against.russia") && !has("north_korea.fought_against.south_korea"));
    let r = kg.relations().iter().find(|r| r.id == "japan.no_peace_treaty_with.russia").unwrap();
    let note = r.note.as_deref().unwrap();
    assert!(note.contains("1956") && note.contains("inaccurate"), "{note}");
    assert_eq!(r.kind.reading(), r.kind.inverse_reading(), "symmetric");
    // "showed no interest" is not opposition; a G7 leader is not a member; the allied force is
    // not the WWI alliance.
    // "Putin showed no interest in inclusion of the Northern Territory in the agenda": what the
    // words name is the Northern Territory, whose mention there belongs to northern_territories.
    assert!(has("vladimir_putin.showed_no_interest_in.northern_territories"));
    assert!(
        !has("vladimir_putin.opposed.northern_territory_issue") && !has("vladimir_putin.opposed.northern_territories")
    );
    assert!(has("shinzo_abe.leader_in.g7") && !has("shinzo_abe.member_of.g7"));
    assert_eq!(kg.resolve("allied force").unwrap().id, "allied_expeditionary_force");
    // Historian's notes where the essay is wrong or contested, the essay's words kept.
    for (id, needle) in [
        ("red_army.captured.manchuria", "9 August 1945"),
        ("red_army.captured.southern_sakhalin", "11 August 1945"),
        ("boris_yeltsin.admitted_responsibility.katyn_massacre", "1990"),
    ] {
        let r = kg.relations().iter().find(|r| r.id == id).unwrap();
        assert!(r.note.as_deref().unwrap().contains(needle), "{id}");
        assert_eq!(
            r.qualifiers.date.map(|d| d.to_string()).as_deref(),
            if id.contains("captured") { Some("1945") } else { None }
        );
    }
    let internment = kg.entity("soviet_internment_of_japanese_soldiers").unwrap();
    assert!(internment.numbers.iter().any(|n| n.property == "died" && n.value == 257_000));
    assert!(internment.note.as_deref().unwrap().contains("disputed"));
    assert!(kg.entity("katyn_massacre").unwrap().note.as_deref().unwrap().contains("several sites"));
}

#[test]
fn the_islands_of_the_dispute_are_described_by_the_essay_and_named_only_in_background() {
    let kg = graph();
    for (id, names) in [
        ("etorofu", &["Iturup"][..]),
        ("urup", &["Uruppu"]),
        ("kunashiri", &["Kunashir"]),
        ("shikotan", &[]),
        ("habomai", &["Habomai"]),
    ] {
        let e = kg.entity(id).unwrap();
        assert!(e.entity_type.is_a(EntityType::Territory));
        assert!(e.aliases.is_empty() && e.mentions.is_empty(), "{id}: the essay does not name it");
        assert!(e.evidence.quote().contains("southernmost islands"), "{id}: {}", e.evidence.quote());
        assert!(e.background_aliases.contains(&e.label), "{id}: its label is a background name");
        for n in names {
            assert!(e.background_aliases.iter().any(|a| a == n), "{id} lacks {n}");
        }
        assert!(e.note.as_deref().unwrap().contains("does not name"), "{id}");
    }
    // Where the essay says it, containment is stated; the islands' membership of the Northern
    // Territories is background.
    let part_of = |s: &str, o: &str| {
        kg.relations().iter().find(|r| r.subject == s && r.object == o && r.kind == kg::RelationKind::PartOf)
    };
    assert!(part_of("etorofu", "kuril_islands").unwrap().is_stated());
    assert!(part_of("urup", "kuril_islands").unwrap().is_stated());
    for island in ["etorofu", "kunashiri", "shikotan", "habomai"] {
        assert!(!part_of(island, "northern_territories").unwrap().is_stated(), "{island}");
    }
    assert!(part_of("urup", "northern_territories").is_none());
}

/// Second reader's audit of issue 8: the sentence "After other countries withdrew on the Russian
/// anti-revolutionary force’s collapse, Japan stayed until 1922 ..." states a sequence ("on" =
/// upon), not a cause; and every note that restates "the war" as still going on says that the
/// 1956 Joint Declaration ended the state of war.
#[test]
fn the_allies_withdrawal_is_recorded_as_following_the_collapse_not_caused_by_it() {
    let kg = graph();
    let has = |id: &str| kg.relations().iter().any(|r| r.id == id);
    assert!(has("allied_withdrawal_from_siberia.followed.anti_revolutionary_collapse"));
    assert!(!kg
        .relations()
        .iter()
        .any(|r| r.kind == kg::RelationKind::Caused && r.object == "allied_withdrawal_from_siberia"));
    let r = kg
        .relations()
        .iter()
        .find(|r| r.id == "allied_withdrawal_from_siberia.followed.anti_revolutionary_collapse")
        .unwrap();
    match &r.provenance {
        kg::Provenance::Essay(e) => {
            assert!(e.quote().contains("withdrew on the Russian anti-revolutionary force’s collapse"))
        }
        other => panic!("stated by the essay, not background: {other:?}"),
    }
    let note = |id: &str| kg.relations().iter().find(|r| r.id == id).unwrap().note.clone().unwrap_or_default();
    for id in ["japan.no_peace_treaty_with.russia", "japan_soviet_peace_treaty.concerns.pacific_war"] {
        assert!(note(id).contains("Historian's note") && note(id).contains("1956"), "{id}: {}", note(id));
    }
    // "originally belonged to Japan based on the 1858 treaty": Japan's claim rests on the 1855
    // Treaty of Shimoda; "Abe’s hometown, Nagato": Abe was born in Tokyo.
    assert!(note("japanese_government.claimed.northern_territories").contains("Shimoda"));
    assert!(note("nagato.hometown_of.shinzo_abe").contains("born in Tokyo"));
    // "more in tune with the West compared to its past": a comparison, dated to Yeltsin's time.
    let tune = kg.relations().iter().find(|r| r.id == "russia.in_tune_with.the_west").unwrap();
    assert_eq!(tune.qualifiers.date.map(|d| d.to_string()).as_deref(), Some("1993"));
    assert!(tune.qualifiers.role.as_deref().unwrap().contains("more than"));
}
