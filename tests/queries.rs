//! Questions asked of the essay's graph, with answers checked by hand against the essay.

mod common;

use common::{kg, kg_ok};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&kg_ok(&all)).unwrap_or_else(|e| panic!("kg {args:?}: {e}"))
}

fn ids(values: &Value) -> Vec<String> {
    values.as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_leader_to_a_territory() {
    // Teddy Roosevelt brokered the Treaty of Portsmouth, under which the southern half of
    // Sakhalin, part of Sakhalin, became Japan's.
    let answer = json(&["path", "Teddy Roosevelt", "Sakhalin"]);
    assert_eq!(answer["from"]["id"], "theodore_roosevelt");
    assert_eq!(answer["to"]["id"], "sakhalin");
    let path = &answer["paths"][0];
    assert_eq!(ids(&path["nodes"]), ["theodore_roosevelt", "treaty_of_portsmouth", "southern_sakhalin", "sakhalin"]);
    let edges = path["edges"].as_array().unwrap();
    let relations: Vec<&str> = edges.iter().map(|e| e["relation"].as_str().unwrap()).collect();
    assert_eq!(relations, ["brokered", "concerns", "part_of"]);
    for e in edges {
        assert_eq!(e["direction"], "forward");
        assert_eq!(e["evidence"]["source"], "essay", "{e}");
        let quote = e["evidence"]["quote"].as_str().unwrap();
        assert!(kg::load_builtin().unwrap().essay.contains(quote));
    }
    assert_eq!(edges[0]["source"], "theodore_roosevelt");
    assert_eq!(edges[0]["target"], "treaty_of_portsmouth");
}

#[test]
fn a_president_to_the_city_he_visited() {
    let answer = json(&["path", "putin", "nagato"]);
    let path = &answer["paths"][0];
    assert_eq!(path["length"], 1);
    assert_eq!(path["edges"][0]["relation"], "visited");
    assert!(path["edges"][0]["evidence"]["quote"].as_str().unwrap().contains("Putin came to Abe’s hometown, Nagato"));
}

#[test]
fn an_event_of_1895_to_one_of_1904() {
    // "Triple intervention in 1895 had an indirect impact on the decision to enter war with Russia."
    let answer = json(&["path", "Triple Intervention", "Russo-Japanese War"]);
    assert_eq!(ids(&answer["paths"][0]["nodes"]), ["triple_intervention", "russo_japanese_war"]);
    assert_eq!(answer["paths"][0]["edges"][0]["relation"], "caused");
    // The 1895 war reaches the 1904 war through Japan, which won the first and fought the second.
    let answer = json(&["path", "war against the Tsing Dynasty", "Russo-Japanese War", "--avoid", "caused"]);
    assert_eq!(ids(&answer["paths"][0]["nodes"]), ["first_sino_japanese_war", "japan", "russo_japanese_war"]);
    let edges = &answer["paths"][0]["edges"];
    assert_eq!((edges[0]["relation"].as_str(), edges[0]["direction"].as_str()), (Some("won"), Some("backward")));
    assert_eq!(edges[0]["reads"], "was won by");
}

#[test]
fn the_yalta_conference_to_the_kuril_islands() {
    let text = kg_ok(&["path", "Yalta Conference", "Kuril Islands", "--stated-only"]);
    assert!(text.starts_with("3 hops\n  Yalta Conference (Conference)\n"), "{text}");
    assert!(text.contains("-> captured Kuril Islands (IslandGroup)"), "{text}");
    assert!(!text.contains("background:"), "{text}");
}

#[test]
fn shortest_paths_prefer_what_the_essay_states() {
    let answer = json(&["path", "Teddy Roosevelt", "Sakhalin"]);
    let edges = answer["paths"][0]["edges"].as_array().unwrap();
    assert!(edges.iter().all(|e| e["evidence"]["source"] == "essay"));
}

#[test]
fn direction_via_and_avoid_restrict_paths() {
    assert_eq!(json(&["path", "Teddy Roosevelt", "Sakhalin", "--directed"])["paths"][0]["length"], 3);
    assert_eq!(json(&["path", "Sakhalin", "Teddy Roosevelt", "--directed"])["paths"], Value::Array(vec![]));

    let answer = json(&["path", "Yalta Conference", "Kuril Islands", "--avoid", "State"]);
    let nodes = answer["paths"][0]["nodes"].as_array().unwrap();
    assert!(nodes.len() > 2);
    assert!(nodes[1..nodes.len() - 1].iter().all(|n| n["type"] != "State"), "{nodes:?}");

    let answer = json(&["path", "Japan", "forest of Katyn", "--via", "visited"]);
    assert_eq!(answer["paths"], Value::Array(vec![]));
    assert_eq!(
        kg_ok(&["path", "Japan", "forest of Katyn", "--via", "visited"]),
        "no path from Japan to forest of Katyn\n"
    );

    let out = kg(&["path", "Japan", "Russia", "--avoid", "volcano"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a relation kind"));
}

#[test]
fn all_paths_come_shortest_first_and_simple_within_the_limit() {
    let answer =
        json(&["path", "Triple Intervention", "Russo-Japanese War", "--all", "--max-hops", "3", "--limit", "12"]);
    let paths = answer["paths"].as_array().unwrap();
    assert!(paths.len() > 3 && paths.len() <= 12, "{}", paths.len());
    let lengths: Vec<u64> = paths.iter().map(|p| p["length"].as_u64().unwrap()).collect();
    assert!(
        lengths.windows(2).all(|w| w[0] <= w[1]) && lengths[0] == 1 && lengths[lengths.len() - 1] <= 3,
        "{lengths:?}"
    );
    for p in paths {
        let nodes = ids(&p["nodes"]);
        let mut unique = nodes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), nodes.len(), "not a simple path: {nodes:?}");
        assert_eq!(nodes.first().unwrap(), "triple_intervention");
        assert_eq!(nodes.last().unwrap(), "russo_japanese_war");
        // Each step really connects consecutive nodes.
        for (i, e) in p["edges"].as_array().unwrap().iter().enumerate() {
            let (a, b) = (&nodes[i], &nodes[i + 1]);
            let forward = e["direction"] == "forward";
            let (s, t) = if forward { (a, b) } else { (b, a) };
            assert_eq!((e["source"].as_str().unwrap(), e["target"].as_str().unwrap()), (s.as_str(), t.as_str()));
        }
    }
}

#[test]
fn unknown_names_exit_2_with_suggestions() {
    let out = kg(&["path", "Yalta Conferense", "Sakhalin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean Yalta Conference"));
    assert_eq!(kg(&["treaties", "--involving", "Atlantis"]).status.code(), Some(2));
    assert_eq!(kg(&["neighbors", "Atlantis"]).status.code(), Some(2));
    assert_eq!(kg(&["timeline", "--involving", "Atlantis"]).status.code(), Some(2));
}

#[test]
fn treaties_that_involved_sakhalin_directly_and_through_its_southern_half() {
    let answer = json(&["treaties", "--involving", "Sakhalin"]);
    assert_eq!(ids(&answer), ["treaty_of_st_petersburg", "treaty_of_portsmouth"]);
    assert_eq!(answer[0]["date"], "1875");
    assert_eq!(answer[1]["date"], "1905");
    let portsmouth = answer[1]["how"].as_array().unwrap();
    let transfer = portsmouth.iter().find(|h| h["relation"] == "transferred_to").unwrap();
    assert_eq!(transfer["place"]["id"], "southern_sakhalin");
    assert_eq!(transfer["via"], "via part of: southern half of Sakhalin is part of Sakhalin");
    assert!(transfer["evidence"]["quote"].as_str().unwrap().contains("under the Treaty of Portsmouth"));
    let st_petersburg = answer[0]["how"].as_array().unwrap();
    assert!(st_petersburg.iter().any(|h| h["relation"] == "transferred_to" && h["via"].is_null()));
}

#[test]
fn treaties_that_involved_the_northern_territories_through_the_kurils() {
    // The Japanese government's claim rests on the 1858 treaty; that treaty drew a border
    // through the Kurils; the Treaty of St. Petersburg gave all the Kurils to Japan. The last
    // two reach the four islands only because they are part of the Kurils.
    let answer = json(&["treaties", "--involving", "Northern Territory"]);
    assert_eq!(ids(&answer), ["russo_japanese_treaty_1858", "treaty_of_st_petersburg"]);
    let how_1858: Vec<(&str, bool)> = answer[0]["how"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["relation"].as_str().unwrap(), h["via"].is_null()))
        .collect();
    assert!(
        how_1858.contains(&("claimed", true)) && how_1858.contains(&("drew_border_through", false)),
        "{how_1858:?}"
    );
    assert!(answer[1]["how"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["via"] == "via part of: Northern Territory is part of Kuril Islands"));
}

#[test]
fn treaties_for_other_places() {
    assert_eq!(
        ids(&json(&["treaties", "--involving", "Kuril Islands"])),
        ["russo_japanese_treaty_1858", "treaty_of_st_petersburg"]
    );
    // The essay names no treaty for the Liaodong Peninsula (the 1895 peace is not named).
    assert_eq!(json(&["treaties", "--involving", "Liaodong Peninsula"]), Value::Array(vec![]));
    let text = kg_ok(&["treaties", "--involving", "Sakhalin"]);
    assert!(text.starts_with("2 treaties involved Sakhalin:\n\nTreaty of St. Petersburg (Treaty, 1875)\n"), "{text}");
}

#[test]
fn sparql_gives_the_same_treaties_as_kg_treaties_for_every_place() {
    let graph = kg::KnowledgeGraph::builtin().unwrap();
    let store = kg::sparql_store(&graph, &kg::RdfOptions::default()).unwrap();
    let template = std::fs::read_to_string(common::root().join("docs/queries/treaties-involving-sakhalin.rq")).unwrap();
    let mut checked = 0;
    for place in graph.entities().iter().filter(|e| e.entity_type.is_a(kg::EntityType::Territory)) {
        let query = template.replace("ent:sakhalin", &format!("ent:{}", place.id));
        let kg::SparqlAnswer::Solutions { rows, .. } = kg::run_query(&store, &query).unwrap() else {
            panic!("a SELECT query gives solutions")
        };
        let mut from_sparql: Vec<String> = rows
            .iter()
            .map(|r| match &r[0] {
                Some(oxrdf::Term::NamedNode(n)) => n.as_str().rsplit('/').next().unwrap().to_string(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        from_sparql.sort();
        let mut from_graph: Vec<String> = kg::treaties_involving(&graph, &place.id).into_iter().map(|t| t.id).collect();
        from_graph.sort();
        assert_eq!(from_sparql, from_graph, "{}", place.id);
        checked += usize::from(!from_graph.is_empty());
    }
    assert!(checked >= 4, "only {checked} places have treaties");
}

#[test]
fn the_timeline_of_1945_in_order() {
    let entries = json(&["timeline", "--from", "1945", "--to", "1945"]);
    let entries = entries.as_array().unwrap();
    let order: Vec<&str> = entries
        .iter()
        .filter(|e| e["kind"] == "entity" || ["broke", "joined"].contains(&e["type"].as_str().unwrap()))
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "yalta_agreement",
            "yalta_conference",
            "atomic_bombing_of_hiroshima",
            "soviet_union.broke.soviet_japanese_non_aggression_pact",
            "atomic_bombing_of_nagasaki",
            "soviet_union.joined.pacific_war",
            "japan_surrender",
        ]
    );
    let dates: Vec<&str> = entries.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(entries.iter().all(|e| e["date"].as_str().unwrap().starts_with("1945")));
}

#[test]
fn the_timeline_around_one_entity() {
    let entries = json(&["timeline", "--involving", "Treaty of Portsmouth"]);
    let ids: Vec<&str> = entries.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"treaty_of_portsmouth") && ids.contains(&"russo_japanese_war"), "{ids:?}");
    assert!(!ids.contains(&"yalta_conference"));
}

#[test]
fn neighbors_within_depth_and_by_relation() {
    let answer = json(&["neighbors", "Treaty of Portsmouth", "--relation", "brokered"]);
    assert_eq!(
        ids(&answer["neighbors"].as_array().unwrap().iter().map(|n| n["entity"].clone()).collect::<Value>()),
        ["theodore_roosevelt"]
    );
    let one = json(&["neighbors", "Kuril Islands"])["neighbors"].as_array().unwrap().len();
    let two = json(&["neighbors", "Kuril Islands", "--depth", "2"])["neighbors"].as_array().unwrap().len();
    assert!(two > one && one >= 5, "{one} {two}");
    let out = kg(&["neighbors", "Kuril Islands", "--relation", "likes"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sparql_in_the_standard_results_formats() {
    let q = "SELECT ?label WHERE { ?t a <https://example.org/kg-essay/vocab#Treaty> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label";
    let json: Value = serde_json::from_str(&kg_ok(&["sparql", q, "--format", "json"])).unwrap();
    let labels: Vec<&str> =
        json["results"]["bindings"].as_array().unwrap().iter().map(|b| b["label"]["value"].as_str().unwrap()).collect();
    assert!(labels.contains(&"Treaty of Portsmouth") && labels.contains(&"Treaty of St. Petersburg"), "{labels:?}");
    let csv = kg_ok(&["sparql", q, "--format", "csv"]);
    assert!(csv.starts_with("label\r\n") && csv.contains("Treaty of Portsmouth"), "{csv:?}");
    let table = kg_ok(&[
        "sparql",
        "--file",
        common::root().join("docs/queries/treaties-involving-sakhalin.rq").to_str().unwrap(),
    ]);
    assert!(table.contains("ent:treaty_of_portsmouth") && table.ends_with("2 rows\n"), "{table}");
    assert_eq!(kg_ok(&["sparql", "ASK { ?s ?p ?o }"]), "true\n");
    let out = kg(&["sparql", "SELECT WHERE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid SPARQL query"));
}

#[test]
fn questions_that_make_no_sense_are_usage_errors() {
    for args in [
        &["timeline", "--from", "2000", "--to", "1900"][..],
        &["treaties", "--involving", "Japan"],
        &["path", "Japan", "Sakhalin", "--max-hops", "2"],
        &["path", "Japan", "Sakhalin", "--all", "--limit", "0"],
        &["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "--format", "json"],
    ] {
        let out = kg(args);
        assert_eq!(out.status.code(), Some(2), "kg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "kg {args:?}");
    }
    assert!(
        String::from_utf8_lossy(&kg(&["treaties", "--involving", "Japan"]).stderr).contains("is a State, not a place")
    );
    assert_eq!(kg(&["--data", "/nonexistent-kg-data", "stats"]).status.code(), Some(2));
}

/// One way a treaty involved the place asked about: (treaty id, relation kind, place the
/// relation names, how that place relates to the one asked about).
type Involvement = (String, String, String, Option<String>);

fn involvements(place: &str) -> Vec<Involvement> {
    let answer = json(&["treaties", "--involving", place]);
    let essay = kg::load_builtin().unwrap().essay;
    let mut out = Vec::new();
    for t in answer.as_array().unwrap() {
        for h in t["how"].as_array().unwrap() {
            // Every "how" carries the essay's words, or a basis for background knowledge.
            if h["evidence"]["source"] == "essay" {
                assert!(essay.contains(h["evidence"]["quote"].as_str().unwrap()), "{h}");
            }
            out.push((
                t["id"].as_str().unwrap().to_string(),
                h["relation"].as_str().unwrap().to_string(),
                h["place"]["id"].as_str().unwrap().to_string(),
                h["via"].as_str().map(str::to_string),
            ));
        }
    }
    out.sort();
    out
}

fn inv(treaty: &str, relation: &str, place: &str, via: Option<&str>) -> Involvement {
    (treaty.to_string(), relation.to_string(), place.to_string(), via.map(str::to_string))
}

#[test]
fn treaties_involving_each_disputed_island_under_each_of_its_names() {
    const T1858: &str = "russo_japanese_treaty_1858";
    const T1875: &str = "treaty_of_st_petersburg";
    // "The treaty drew the Russo-Japanese border between the fourth and the fifth southernmost
    // islands of the Kuril": the 1858 treaty drew the border between Etorofu (the fourth) and
    // Urup (the fifth), and so through the Kurils they are part of. "1875 ... the Treaty of St.
    // Petersburg ... all the Kuril Islands became Japan's territory": each island is part of the
    // Kurils. "the Japanese government maintains that the four southernmost islands ...
    // originally belonged to Japan based on the 1858 treaty": a claim on the Northern
    // Territories, which Etorofu, Kunashiri, Shikotan and the Habomai islets make up (that
    // membership is background knowledge: the essay does not name the islands), but not Urup.
    let kurils_1875 = |via: &str| {
        vec![
            inv(T1875, "concerns", "kuril_islands", Some(via)),
            inv(T1875, "transferred_to", "kuril_islands", Some(via)),
        ]
    };
    let mut etorofu = vec![
        inv(
            T1858,
            "claimed",
            "northern_territories",
            Some("via part of: Etorofu is part of Northern Territory (background knowledge)"),
        ),
        inv(T1858, "drew_border_between", "etorofu", None),
        inv(T1858, "drew_border_through", "kuril_islands", Some("via part of: Etorofu is part of Kuril Islands")),
    ];
    etorofu.extend(kurils_1875("via part of: Etorofu is part of Kuril Islands"));
    etorofu.sort();
    let mut urup = vec![
        inv(T1858, "drew_border_between", "urup", None),
        inv(T1858, "drew_border_through", "kuril_islands", Some("via part of: Urup is part of Kuril Islands")),
    ];
    urup.extend(kurils_1875("via part of: Urup is part of Kuril Islands"));
    urup.sort();
    let southern = |label: &str| {
        let via_kurils = format!(
            "via part of: {label} is part of Northern Territory is part of Kuril Islands (background knowledge)"
        );
        let mut v = vec![
            inv(
                T1858,
                "claimed",
                "northern_territories",
                Some(&format!("via part of: {label} is part of Northern Territory (background knowledge)")),
            ),
            inv(T1858, "drew_border_through", "kuril_islands", Some(&via_kurils)),
        ];
        v.extend(kurils_1875(&via_kurils));
        v.sort();
        v
    };
    let cases: Vec<(&[&str], Vec<Involvement>)> = vec![
        (&["Etorofu", "Iturup", "Etorofu Island", "iturup island"], etorofu),
        (&["Urup", "Uruppu", "Urup Island"], urup),
        (&["Kunashiri", "Kunashir", "Kunashir Island"], southern("Kunashiri")),
        (&["Shikotan", "Shikotan Island"], southern("Shikotan")),
        (&["Habomai", "Habomai islets", "the Habomai Islands"], southern("Habomai islets")),
    ];
    for (names, expected) in cases {
        for name in names {
            assert_eq!(involvements(name), expected, "kg treaties --involving {name:?}");
        }
    }
    // The border reads as one sentence naming both sides.
    let text = kg_ok(&["treaties", "--involving", "Iturup"]);
    assert!(text.starts_with("2 treaties involved Etorofu:\n"), "{text}");
    assert!(text.contains("drew a border between Etorofu and Urup"), "{text}");
}

#[test]
fn the_timeline_follows_containment_as_treaties_do() {
    // Sakhalin: 1875 it went to Russia; 1905 its southern half became Japan's (Portsmouth).
    let entries = json(&["timeline", "--involving", "Sakhalin"]);
    let ids: Vec<&str> = entries.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    for id in [
        "sakhalin.transferred_to.russian_empire",
        "treaty_of_portsmouth",
        "southern_sakhalin.transferred_to.japan",
        "red_army.captured.southern_sakhalin",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    // Etorofu: the 1858 border, the 1875 Kurils, the capture of 1945 — through the Kurils and
    // the Northern Territories that contain it.
    let entries = json(&["timeline", "--involving", "Iturup"]);
    let ids: Vec<&str> = entries.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    for id in [
        "russo_japanese_treaty_1858.drew_border_between.etorofu",
        "kuril_islands.transferred_to.japan",
        "red_army.captured.kuril_islands",
        "soviet_union.captured.northern_territories",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    assert!(!ids.contains(&"southern_sakhalin.transferred_to.japan"), "{ids:?}");
}

#[test]
fn names_people_type_resolve_without_a_did_you_mean() {
    for (typed, id) in [
        ("Sakhalin Island", "sakhalin"),
        ("the Kuril Islands", "kuril_islands"),
        ("Kurils", "kuril_islands"),
        ("the Kuril Island", "kuril_islands"),
        ("Treaty of Saint Petersburg", "treaty_of_st_petersburg"),
        ("treaty of st petersburg", "treaty_of_st_petersburg"),
        ("Karafuto", "southern_sakhalin"),
        ("Iturup", "etorofu"),
        ("Northern Territories", "northern_territories"),
        ("the northern territory", "northern_territories"),
        ("Triple Interventions", "triple_intervention"),
        ("Yamaguchi", "yamaguchi_prefecture"),
        ("Liaodong", "liaodong_peninsula"),
        ("Qing dynasty", "tsing_dynasty"),
    ] {
        let answer = json(&["show", typed]);
        assert_eq!(answer["entity"]["id"], id, "kg show {typed:?}");
    }
}

#[test]
fn different_things_never_merge_and_ambiguity_stays_an_error() {
    for (a, b) in [
        ("Korea", "Korean Peninsula"),
        ("Korea", "North Korea"),
        ("Sakhalin", "southern half of Sakhalin"),
        ("Russia", "Imperial Russia"),
        ("Germany", "Nazi Germany"),
        ("Kuril", "Kunashiri"),
        ("Northern Territory", "Northern Territory issue"),
        ("Japanese government", "Japan"),
        ("allied force", "Allies of WWI"),
    ] {
        let (x, y) = (json(&["show", a]), json(&["show", b]));
        assert_ne!(x["entity"]["id"], y["entity"]["id"], "{a} and {b} merged");
    }
    // No variant key is shared by two entities, so no variant can silently pick one of two.
    let graph = kg::KnowledgeGraph::builtin().unwrap();
    let mut owners: std::collections::BTreeMap<String, std::collections::BTreeSet<&str>> = Default::default();
    for e in graph.entities() {
        for n in e.names().chain(e.background_aliases.iter().map(kg::SharedStr::as_str)) {
            owners.entry(kg::loose_key(n)).or_default().insert(&e.id);
        }
    }
    let shared: Vec<_> = owners.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(shared.is_empty(), "{shared:?}");
    // A shared name stays ambiguous, in every form.
    for typed in ["Roosevelt", "the Roosevelts"] {
        let out = kg(&["show", typed]);
        assert_eq!(out.status.code(), Some(2), "{typed}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("ambiguous") && err.contains("franklin_d_roosevelt") && err.contains("theodore_roosevelt"),
            "{err}"
        );
    }
}

#[test]
fn relation_options_take_the_readings_the_output_prints() {
    // `kg path` prints "brokered", "concerns", "is part of"; the same words select relations.
    let answer =
        json(&["path", "Teddy Roosevelt", "Sakhalin", "--via", "brokered", "--via", "concerns", "--via", "is part of"]);
    let relations: Vec<&str> =
        answer["paths"][0]["edges"].as_array().unwrap().iter().map(|e| e["relation"].as_str().unwrap()).collect();
    assert_eq!(relations, ["brokered", "concerns", "part_of"]);
    // A backward reading names the same kind.
    let answer = json(&["neighbors", "Treaty of Portsmouth", "--relation", "was brokered by"]);
    assert_eq!(answer["neighbors"][0]["entity"]["id"], "theodore_roosevelt");
    let answer = json(&["neighbors", "Sakhalin", "--relation", "went to"]);
    assert_eq!(answer["neighbors"][0]["entity"]["id"], "russian_empire");
    let direct = json(&["path", "Japan", "Sakhalin"]);
    assert!(direct["paths"][0]["edges"].as_array().unwrap().iter().any(|e| e["relation"] == "disputed_between"));
    let answer = json(&["path", "Japan", "Sakhalin", "--avoid", "was disputed between", "--avoid", "received"]);
    let edges = answer["paths"][0]["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    assert!(
        edges.iter().all(|e| e["relation"] != "disputed_between" && e["relation"] != "transferred_to"),
        "{edges:?}"
    );
    // An unknown one lists the valid names (not a file to go and read).
    for args in [
        &["neighbors", "Sakhalin", "--relation", "flew to"][..],
        &["path", "Japan", "Russia", "--via", "flew to"],
        &["path", "Japan", "Russia", "--avoid", "flew to"],
    ] {
        let out = kg(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("flew to") && err.contains("transferred_to (\"went to\""), "{err}");
        assert!(!err.contains(".md"), "{err}");
    }
}

#[test]
fn sparql_declares_the_prefixes_keeps_select_star_order_and_shows_tags_and_datatypes() {
    // No PREFIX: the project's and the standard prefixes are declared.
    let table = kg_ok(&[
        "sparql",
        "SELECT * WHERE { ?t a kgv:Attack ; rdfs:label ?label ; kgv:date ?d FILTER(YEAR(?d) = 1945) } ORDER BY ?t",
    ]);
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["?t", "?label", "(@en)", "?d", "(xsd:date)"], "{table}");
    assert!(table.contains("ent:atomic_bombing_of_hiroshima"), "{table}");
    // A column that mixes datatypes shows each.
    let table = kg_ok(&["sparql", "SELECT ?d WHERE { ?t a kgv:Treaty ; kgv:date ?d } ORDER BY ?d"]);
    assert!(table.contains("1875^^xsd:gYear") && table.contains("1945-02^^xsd:gYearMonth"), "{table}");
    // A query's own PREFIX wins over the implicit one.
    let own = kg_ok(&["sparql", "PREFIX kgv: <http://example.com/none#> ASK { ?t a kgv:Treaty }"]);
    assert_eq!(own, "false\n");
}
