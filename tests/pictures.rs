//! The pictures, checked by what people look at them with: every DOT view rendered by Graphviz's
//! `dot`, `neato`, `fdp` and `sfdp` without a warning and without two nodes overlapping, the views
//! kept to their promises (focus stays focused and says what it left out), and the HTML page opened
//! in real headless Chromium through WebDriver (`tests/python/browser.py`): the graph draws, search
//! finds an alias, a click shows the card and highlights the evidence in the essay at the right
//! code-point offsets, a highlighted passage selects its relation, the path finder answers what
//! `kg path` answers, and the page makes no network request. A missing tool fails these tests.

mod common;

use std::path::Path;

use common::{kg_ok, python, root, run_ok, tool, Scratch};

/// A node's box in a `-Tplain` layout: name, centre and size (inches).
struct PlacedNode {
    name: String,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The nodes of `dot -Tplain` output (`node name x y width height label ...`; names may be
/// quoted).
fn plain_nodes(plain: &str) -> Vec<PlacedNode> {
    let mut nodes = Vec::new();
    for line in plain.lines().filter(|l| l.starts_with("node ")) {
        let rest = &line[5..];
        let (name, rest) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').expect("closing quote of a node name");
            (quoted[..end].to_string(), &quoted[end + 1..])
        } else {
            let end = rest.find(' ').unwrap();
            (rest[..end].to_string(), &rest[end..])
        };
        let nums: Vec<f64> = rest.split_whitespace().take(4).map(|v| v.parse().unwrap()).collect();
        nodes.push(PlacedNode { name, x: nums[0], y: nums[1], w: nums[2], h: nums[3] });
    }
    nodes
}

/// Pairs of nodes whose boxes overlap by more than a hair (Graphviz's own `overlap=false` leaves
/// shapes touching at most).
fn overlaps(nodes: &[PlacedNode]) -> Vec<(String, String)> {
    const TOLERANCE: f64 = 0.02; // inches
    let mut found = Vec::new();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            let dx = (a.x - b.x).abs() - (a.w + b.w) / 2.0;
            let dy = (a.y - b.y).abs() - (a.h + b.h) / 2.0;
            if dx < -TOLERANCE && dy < -TOLERANCE {
                found.push((a.name.clone(), b.name.clone()));
            }
        }
    }
    found
}

fn render(engine: &Path, dot_file: &Path, format: &str) -> String {
    let (out, stderr) = run_ok(engine, &[&format!("-T{format}"), dot_file.to_str().unwrap()]);
    assert_eq!(stderr, "", "{} warned on {}", engine.display(), dot_file.display());
    out
}

#[test]
fn every_view_renders_with_every_engine_without_warnings_or_overlapping_nodes() {
    let dir = Scratch::new("pictures");
    let views: &[(&str, &[&str])] = &[
        ("whole", &[]),
        ("overview", &["--view", "overview"]),
        ("territories", &["--view", "territories"]),
        ("focus-kuril-2", &["--focus", "Kuril Islands", "--depth", "2", "--rankdir", "TB"]),
        ("focus-japan-1", &["--focus", "Japan", "--rankdir", "BT"]),
        ("focus-portsmouth-3", &["--focus", "Treaty of Portsmouth", "--depth", "3", "--rankdir", "RL"]),
    ];
    let engines: Vec<_> = ["dot", "neato", "fdp", "sfdp"].iter().map(|e| tool(e, "graphviz")).collect();
    for (name, args) in views {
        let file = dir.join(&format!("{name}.dot"));
        let mut all = vec!["export", "--format", "dot", "-o", file.to_str().unwrap()];
        all.extend_from_slice(args);
        kg_ok(&all);
        for engine in &engines {
            let nodes = plain_nodes(&render(engine, &file, "plain"));
            assert!(nodes.len() > 5, "{name} with {}: {} nodes", engine.display(), nodes.len());
            let bad = overlaps(&nodes);
            assert!(bad.is_empty(), "{name} with {}: overlapping nodes {bad:?}", engine.display());
        }
    }
    // The whole graph draws every entity and every relation, as SVG elements named by id.
    let svg = render(&engines[0], &dir.join("whole.dot"), "svg");
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    for e in kg.entities() {
        assert!(svg.contains(&format!("<title>{}</title>", e.id)), "node {} missing", e.id);
    }
    for r in kg.relations() {
        assert!(svg.contains(&format!("id=\"{}\"", r.id)), "relation {} missing", r.id);
    }
}

#[test]
fn the_legend_draws_each_type_with_its_own_shape_and_colour() {
    let dot = kg_ok(&["export", "--format", "dot"]);
    // Every type present appears in the legend with the shape and fill of its entities.
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let mut looks = std::collections::BTreeSet::new();
    for e in kg.entities() {
        let node = dot.lines().find(|l| l.starts_with(&format!("  \"{}\" [", e.id))).unwrap();
        let legend = dot
            .lines()
            .find(|l| l.starts_with(&format!("  \"kg:legend:{}\" [", e.entity_type)))
            .unwrap_or_else(|| panic!("no legend entry for {}", e.entity_type));
        let attr = |line: &str, key: &str| {
            let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
            line[at..at + line[at..].find('"').unwrap()].to_string()
        };
        assert_eq!(attr(node, "shape"), attr(legend, "shape"), "{}", e.id);
        assert_eq!(attr(node, "fillcolor"), attr(legend, "fillcolor"), "{}", e.id);
        looks.insert((e.entity_type, attr(node, "shape"), attr(node, "fillcolor")));
    }
    // No two types look alike: Event, Conference, Visit and Dispute included.
    let distinct: std::collections::BTreeSet<_> = looks.iter().map(|(_, s, f)| (s.clone(), f.clone())).collect();
    assert_eq!(distinct.len(), looks.len(), "{looks:?}");
    // Drawn in SVG as shapes, not named in words.
    let file = Scratch::new("legend");
    let path = file.join("whole.dot");
    std::fs::write(&path, &dot).unwrap();
    let svg = render(&tool("dot", "graphviz"), &path, "svg");
    let legend_node = svg.split("<title>kg:legend:Conference</title>").nth(1).unwrap();
    let legend_node = &legend_node[..legend_node.find("</g>").unwrap()];
    assert!(legend_node.contains("<polygon fill=\"#fee391\""), "{legend_node}");
}

#[test]
fn edges_carry_their_qualifiers_and_background_edges_their_basis() {
    let dot = kg_ok(&["export", "--format", "dot"]);
    let edge = |id: &str| dot.lines().find(|l| l.contains(&format!("id=\"{id}\""))).unwrap().to_string();
    // Under which treaty, and when.
    let transfer = edge("southern_sakhalin.transferred_to.japan");
    assert!(transfer.contains("label=\"went to\\nunder Treaty of\\nPortsmouth\\n(1905)\""), "{transfer}");
    // A role.
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let with_role = kg.relations().iter().find(|r| r.qualifiers.role.is_some()).unwrap();
    let line = edge(&with_role.id);
    let role_words: Vec<&str> = with_role.qualifiers.role.as_deref().unwrap().split_whitespace().collect();
    assert!(line.contains(role_words[0]), "{line}");
    // Background: dashed, with the basis in the tooltip.
    let background = kg.relations().iter().find(|r| !r.is_stated()).unwrap();
    let line = edge(&background.id);
    let kg::Provenance::Background { basis, .. } = &background.provenance else { unreachable!() };
    assert!(line.contains("style=\"dashed\""), "{line}");
    assert!(line.contains(&format!("background: {}", kg::dot_quote(basis).trim_matches('"'))), "{line}");
}

#[test]
fn focus_views_stay_focused_and_say_what_they_left_out() {
    let one = kg_ok(&["export", "--format", "dot", "--focus", "Kuril Islands"]);
    assert!(one.contains("Kuril Islands within 1 hop\""), "{}", one.lines().nth(1).unwrap());
    let two = kg_ok(&["export", "--format", "dot", "--focus", "Kuril Islands", "--depth", "2"]);
    let nodes = two.lines().filter(|l| l.starts_with("  \"") && !l.starts_with("  \"kg:") && !l.contains("->")).count();
    assert!(nodes <= kg::FOCUS_NODE_BUDGET, "{nodes} nodes");
    let title = two.lines().nth(1).unwrap();
    assert!(title.contains("within 2 hops") && title.contains("not drawn") && title.contains("Japan ("), "{title}");
    // Japan is drawn (a neighbour of the Kurils) but not expanded: Hiroshima hangs only off Japan.
    assert!(two.contains("  \"japan\" [") && !two.contains("  \"hiroshima\" ["), "went through the hub");
    // The focus itself may be a hub: its own neighbours are all drawn.
    let japan = kg_ok(&["export", "--format", "dot", "--focus", "Japan"]);
    assert!(japan.contains("  \"hiroshima\" ["));
}

#[test]
fn rankdir_takes_the_four_graphviz_directions() {
    for dir in ["TB", "BT", "LR", "RL"] {
        let dot = kg_ok(&["export", "--format", "dot", "--focus", "Sakhalin", "--rankdir", dir]);
        assert!(dot.contains(&format!("rankdir=\"{dir}\"")), "{dir}");
    }
    let out = common::kg(&["export", "--format", "dot", "--rankdir", "XY"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Opens `page` in headless Chromium (tests/python/browser.py) and returns what it saw.
fn browse(page: &Path, alias: &str, node: &str, from: &str, to: &str) -> serde_json::Value {
    tool("chromium", "chromium");
    tool("chromedriver", "chromium-driver");
    let script = root().join("tests/python/browser.py");
    let (stdout, _) = run_ok(&python(), &[script.to_str().unwrap(), page.to_str().unwrap(), alias, node, from, to]);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// The highlights are the essay's text at their code-point offsets, the entity's own evidence is
/// highlighted whole, and so is every mention.
fn check_highlights(kg: &kg::KnowledgeGraph, seen: &serde_json::Value, id: &str) {
    let entity = kg.entity(id).unwrap();
    let essay: Vec<char> = kg.data().essay.chars().collect();
    let marks = seen["marks"].as_array().unwrap();
    for m in marks {
        let (start, end) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        let expected: Vec<u64> = essay[start..end].iter().map(|&c| c as u64).collect();
        let shown: Vec<u64> = m["codes"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
        assert_eq!(shown, expected, "a highlight's text is not the essay's at [{start}..{end}]");
    }
    let text = |m: &serde_json::Value| -> String {
        m["codes"].as_array().unwrap().iter().filter_map(|c| char::from_u32(c.as_u64().unwrap() as u32)).collect()
    };
    let primary: String = marks.iter().filter(|m| m["class"] == "primary").map(text).collect();
    assert_eq!(primary, entity.evidence.quote(), "the entity's own evidence is highlighted");
    let covered: std::collections::HashSet<u64> =
        marks.iter().flat_map(|m| m["start"].as_u64().unwrap()..m["end"].as_u64().unwrap()).collect();
    for mention in &entity.mentions {
        assert!(
            (mention.start as u64..mention.end as u64).all(|i| covered.contains(&i)),
            "mention at {} not highlighted",
            mention.start
        );
    }
}

#[test]
fn the_page_highlights_at_code_point_offsets_after_characters_outside_the_bmp() {
    // JavaScript strings count UTF-16 units; an emoji before the quotes is two of them but one
    // code point, so a page that sliced by UTF-16 would highlight one character off.
    let data = common::fixture_copy("tiny");
    common::edit(
        &data.join("essay.txt"),
        "St. Petersburg. Sakhalin went",
        "St. Petersburg. \u{1F5FE}\u{1F5FE} Sakhalin went",
    );
    let page = data.join("essay.html");
    kg_ok(&["--data", data.str(), "export", "--format", "html", "-o", page.to_str().unwrap()]);
    let kg = kg::KnowledgeGraph::new(kg::load_dir(data.path()).unwrap());
    let emoji = kg.data().essay.chars().position(|c| c == '\u{1F5FE}').unwrap();
    assert!(emoji < kg.entity("sakhalin").unwrap().evidence.start);
    let seen = browse(&page, "Sakhalin", "sakhalin", "Japan", "Sakhalin");
    assert_eq!(seen["nodes_drawn"], kg.entities().len());
    check_highlights(&kg, &seen, "sakhalin");
    assert_eq!(seen["requests"], serde_json::json!([]));
}

#[test]
fn the_page_works_in_headless_chromium_offline() {
    let dir = Scratch::new("browser");
    let page = dir.join("essay.html");
    kg_ok(&["export", "--format", "html", "-o", page.to_str().unwrap()]);
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    // "USSR" is an alias of the Soviet Union; Sakhalin's card and passages are checked below.
    let seen = browse(&page, "USSR", "sakhalin", "Yalta Conference", "Kuril Islands");
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or("").to_string()).collect()
    };

    // The detector of network requests works, and the page made none.
    assert_eq!(strings(&seen["probe_requests"]), ["http://example.invalid/probe.png"], "{seen}");
    assert_eq!(strings(&seen["requests"]), Vec::<String>::new(), "the page made network requests");
    assert_eq!(strings(&seen["console_errors"]), Vec::<String>::new());

    // The graph drew: one SVG node per entity, one edge per relation, with a real extent.
    let mut ids: Vec<String> = kg.entities().iter().map(|e| e.id.to_string()).collect();
    ids.sort();
    assert_eq!(strings(&seen["node_ids"]), ids);
    assert_eq!(seen["edges_drawn"], kg.relations().len());
    assert!(seen["nodes_bbox"][0].as_f64().unwrap() > 500.0 && seen["nodes_bbox"][1].as_f64().unwrap() > 300.0);

    // Zoom in, zoom by the wheel and pan each change the view.
    let boxes = strings(&seen["view_boxes"]);
    assert!(boxes.len() == 4 && boxes.iter().all(|b| b.split(' ').count() == 4), "{boxes:?}");
    // The first view shows every node whole, its label included.
    let first: Vec<f64> = boxes[0].split(' ').map(|v| v.parse().unwrap()).collect();
    let nodes: Vec<f64> = seen["nodes_extent"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
    assert!(
        first[0] <= nodes[0]
            && first[1] <= nodes[1]
            && first[0] + first[2] >= nodes[0] + nodes[2]
            && first[1] + first[3] >= nodes[1] + nodes[3],
        "the first view {first:?} cuts off part of the nodes and labels {nodes:?}"
    );
    assert!(boxes.windows(2).all(|w| w[0] != w[1]), "{boxes:?}");
    // Hiding a type hides exactly its entities.
    let kind = seen["filter_type"].as_str().unwrap();
    let mut of_kind: Vec<String> =
        kg.entities().iter().filter(|e| e.entity_type.name() == kind).map(|e| e.id.to_string()).collect();
    of_kind.sort();
    let mut hidden = strings(&seen["hidden_nodes"]);
    hidden.sort();
    assert_eq!(hidden, of_kind);

    // The path finder resolves a name as `kg show` does (a shared name resolves to nobody).
    let resolved = seen["resolved"].as_object().unwrap();
    assert!(resolved.len() > kg.entities().len(), "{resolved:?}");
    for (name, id) in resolved {
        let expected = kg.resolve(name).ok().map(|e| e.id.to_string());
        assert_eq!(id.as_str().map(str::to_string), expected, "{name}");
    }
    assert_eq!(resolved["Roosevelt"], serde_json::Value::Null);

    // The page's name keys agree with kg's for every name, so search matches as `kg show` does.
    assert_eq!(seen["js_key_mismatches"], serde_json::json!([]));
    assert_eq!(strings(&seen["search_results"]).first().map(String::as_str), Some("soviet_union"), "{seen}");

    // A click on Sakhalin shows its card (the relations of `kg show`) ...
    let sakhalin = kg.entity("sakhalin").unwrap();
    assert!(seen["card_title"].as_str().unwrap().starts_with("Sakhalin"), "{seen}");
    assert_eq!(strings(&seen["selected_nodes"]), ["sakhalin"]);
    let card = kg::entity_card(&kg, sakhalin);
    let card_ids: Vec<String> = card.relations.iter().chain(&card.qualifies).map(|r| r.id.clone()).collect();
    assert_eq!(strings(&seen["card_relations"]), card_ids);
    // ... and highlights its evidence in the essay at its code-point offsets, with the right text.
    check_highlights(&kg, &seen, "sakhalin");

    // A click on a highlighted passage selects the relation it states.
    let clicked = seen["clicked_passage_edge"].as_str().unwrap();
    assert!(card_ids.iter().any(|id| id == clicked), "{clicked}");
    assert_eq!(strings(&seen["selected_edges_after_passage_click"]), [clicked]);
    let relation = kg.relations().iter().find(|r| r.id == clicked).unwrap();
    assert!(seen["edge_card"].as_str().unwrap().contains(relation.provenance.passage().unwrap().quote()));

    // A click on an edge shows its evidence and highlights its passage.
    let clicked = kg.relations().iter().find(|r| r.id == seen["clicked_edge"].as_str().unwrap()).unwrap();
    let quote = &clicked.provenance.passage().unwrap().quote();
    assert!(seen["clicked_edge_card"].as_str().unwrap().contains(quote), "{seen}");
    assert!(strings(&seen["clicked_edge_marks"]).iter().all(|id| *id == clicked.id));
    assert!(!strings(&seen["clicked_edge_marks"]).is_empty());

    // The path finder answers what `kg path --stated-only` answers.
    let path: serde_json::Value = serde_json::from_str(&kg_ok(&[
        "path",
        "Yalta Conference",
        "Kuril Islands",
        "--stated-only",
        "--format",
        "json",
    ]))
    .unwrap();
    let expected: Vec<String> =
        path["paths"][0]["edges"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(strings(&seen["path_edges"]), expected);
    assert_eq!(seen["path_title"], format!("{} hops", expected.len()));

    // Background relations hide with the toggle.
    assert_eq!(seen["background_edges_visible"], 0);
}

#[test]
fn the_readme_pictures_show_the_current_views() {
    // Regenerated with the commands in README.md's Graphviz section.
    for (svg, args) in [
        ("docs/territories.svg", &["--view", "territories"][..]),
        ("docs/focus-kuril-islands.svg", &["--focus", "Kuril Islands", "--depth", "2", "--rankdir", "TB"][..]),
    ] {
        let picture = std::fs::read_to_string(root().join(svg)).unwrap();
        let mut all = vec!["export", "--format", "dot"];
        all.extend_from_slice(args);
        let dot = kg_ok(&all);
        for line in dot.lines() {
            if let Some(rest) = line.strip_prefix("  \"").filter(|_| !line.contains("->")) {
                let id = &rest[..rest.find('"').unwrap()];
                if !id.starts_with("kg:") {
                    assert!(picture.contains(&format!("<title>{id}</title>")), "{svg} lacks {id}: regenerate it");
                }
            }
            if let Some(at) = line.find(" id=\"") {
                let id = &line[at + 5..at + 5 + line[at + 5..].find('"').unwrap()];
                assert!(picture.contains(&format!("id=\"{id}\"")), "{svg} lacks relation {id}: regenerate it");
            }
        }
    }
    assert!(root().join("docs/page.png").is_file());
}

#[test]
fn the_page_embeds_the_paths_kg_path_finds_for_every_pair() {
    let kg = kg::KnowledgeGraph::builtin().unwrap();
    let page = kg_ok(&["export", "--format", "html"]);
    let json = &page[page.find("id=\"kg-data\">").unwrap() + 13..];
    let data: serde_json::Value = serde_json::from_str(&json[..json.find("</script>").unwrap()]).unwrap();
    let edges = data["edges"].as_array().unwrap();
    for (key, options) in [
        ("paths", kg::PathOptions::default()),
        ("stated_paths", kg::PathOptions { stated_only: true, ..Default::default() }),
    ] {
        for (i, from) in kg.entities().iter().enumerate() {
            for (j, to) in kg.entities().iter().enumerate() {
                let embedded: Option<Vec<(String, bool)>> = data[key][i][j].as_array().map(|steps| {
                    steps
                        .iter()
                        .map(|s| {
                            let s = s.as_i64().unwrap();
                            (edges[(s.unsigned_abs() - 1) as usize]["id"].as_str().unwrap().to_string(), s > 0)
                        })
                        .collect()
                });
                let expected = kg::shortest_path(&kg, &from.id, &to.id, &options).map(|p| {
                    p.steps.iter().map(|s| (kg.relation_at(s.edge).id.to_string(), s.forward)).collect::<Vec<_>>()
                });
                assert_eq!(embedded, expected, "{key} from {} to {}", from.id, to.id);
            }
        }
    }
}

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/scale.rs"]
mod scale;

#[test]
fn the_page_refuses_a_graph_beyond_its_limit_instead_of_running_for_hours() {
    let essay = kg::KnowledgeGraph::builtin().unwrap();
    let copies = kg::HTML_MAX_ENTITIES / essay.entities().len() + 1;
    let big = kg::KnowledgeGraph::new(scale::replicate(essay.data(), copies, "japan"));
    let mut out = Vec::new();
    let err = kg::write_html(&big, &mut out).unwrap_err();
    assert!(matches!(err, kg::ExportError::TooLarge { limit: kg::HTML_MAX_ENTITIES, .. }), "{err}");
    assert!(out.is_empty());
    assert!(err.to_string().contains("export DOT or JSON instead"));
}

/// `kg export --format html` streams a page within the limit to standard output (the essay's is
/// the page written to a file, byte for byte), and prints nothing for a graph beyond it: the
/// stream is refused before its first byte.
#[test]
fn the_page_streams_within_its_limit_and_prints_nothing_beyond_it() {
    let dir = Scratch::new("page-stream");
    let file = dir.join("essay.html");
    kg_ok(&["export", "--format", "html", "-o", file.to_str().unwrap()]);
    let streamed = common::kg(&["export", "--format", "html"]);
    assert!(streamed.status.success());
    assert!(streamed.stdout == std::fs::read(&file).unwrap(), "the streamed page is the page written to a file");
    let essay = kg::KnowledgeGraph::builtin().unwrap();
    let relations = (kg::HTML_MAX_ENTITIES / essay.entities().len() + 1) * essay.data().relations.len();
    let c = corpus::generate(essay.data(), relations);
    let data = dir.join("big");
    std::fs::create_dir_all(&data).unwrap();
    for (name, text) in [
        ("essay.txt", &c.essay),
        ("entities.toml", &c.entities),
        ("relations.toml", &c.relations),
        ("background.toml", &c.background),
    ] {
        std::fs::write(data.join(name), text).unwrap();
    }
    let big = common::kg(&["--data", data.to_str().unwrap(), "export", "--format", "html"]);
    assert!(!big.status.success());
    assert!(big.stdout.is_empty(), "{} bytes printed", big.stdout.len());
    assert!(String::from_utf8_lossy(&big.stderr).contains("export DOT or JSON instead"));
    // The same corpus within the other formats' reach: the data directory loads.
    assert!(common::kg(&["--data", data.to_str().unwrap(), "stats"]).status.success());
}
