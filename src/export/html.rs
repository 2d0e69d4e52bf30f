//! The HTML export: one self-contained page (no network, no CDN, works from `file://`) with the
//! graph drawn as SVG, pan and zoom, search by any name or alias, type and stated/background
//! filters, an entity's card, a relation's evidence, the essay beside the graph with the evidence
//! highlighted in place, and a path finder.
//!
//! Everything the page knows is computed here and embedded as one JSON document, written by hand
//! (`html/json.rs`, as serde_json wrote it before, with every `<` written as `\u003c` so that
//! nothing in the data can close the `<script>`): the cards are `kg show`'s own
//! ([`crate::entity_card`]), the name keys are [`crate::names::name_key`]'s, the node positions
//! come from a deterministic force layout (`html/layout.rs`), and the paths are
//! [`crate::shortest_path`]'s answers for every ordered pair of entities (with and without
//! background relations), so the page
//! finds exactly the path `kg path` finds. The page's script and style are ours
//! (`html/page.js`, `html/page.css`), compiled in with `include_str!`.

use std::borrow::Cow;
use std::io::Write;

use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::query::{move_table, PathOptions};

#[path = "html/json.rs"]
mod json;
#[path = "html/layout.rs"]
pub(crate) mod layout;

const PAGE_JS: &str = include_str!("html/page.js");
const PAGE_CSS: &str = include_str!("html/page.css");

/// The most entities the page draws: the layout costs O(V²) per iteration and the embedded paths
/// O(V²) space (about 8,800 pairs for the essay's 94 entities; 1,500 entities would be 2.2 million).
pub const HTML_MAX_ENTITIES: usize = 1500;

/// Writes the interactive page.
///
/// # Errors
/// [`ExportError::TooLarge`] for a graph of more than [`HTML_MAX_ENTITIES`] entities, before
/// anything is written; else only `out`'s own errors (so `kg export` streams a page within the
/// limit to standard output, and `tests/pictures.rs` checks that one beyond it prints nothing).
pub fn write_html(kg: &KnowledgeGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    let entities = kg.entities().len();
    if entities > HTML_MAX_ENTITIES {
        return Err(ExportError::TooLarge { format: "html", entities, limit: HTML_MAX_ENTITIES });
    }
    let tables = path_tables(kg);
    let tables = [&*tables[0], &*tables[1]];
    let title = &kg.data().title;
    // The built-in essay's data object as `build.rs` stored it (`<` escaped already); any other
    // graph's written now, whole, before the page's first byte.
    if let Some(stored) = crate::builtin::builtin_page_data(kg) {
        return Ok(write_page(title, |out| out.write_all(stored), tables, out)?);
    }
    // The data object, left open for the path tables, the last of its members.
    let mut json = Vec::with_capacity(1 << 19);
    json::write_page_data(kg, &positions(kg), &mut json);
    Ok(write_page(title, |out| json::write_lt_escaped(&json, out), tables, out)?)
}

/// Writes the page of the essay titled `title` onto `out`: its head, style, the data object
/// (`data` writes it, left open and with every `<` escaped: [`json::write_lt_escaped`]), then
/// `tables` (`paths`, `stated_paths`) as its last members, and the script. Written in pieces,
/// each copied once: the page is never assembled whole. [`crate::StoredPage`] writes the built-in
/// essay's with it, from what `build.rs` stored.
pub(crate) fn write_page(
    title: &str,
    data: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    tables: [&[u8]; 2],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
          <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
          <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
          <title>",
    )?;
    out.write_all(escape_html(title).as_bytes())?;
    out.write_all(b"</title>\n<style>\n")?;
    out.write_all(PAGE_CSS.as_bytes())?;
    out.write_all(b"</style>\n</head>\n<body>\n<script type=\"application/json\" id=\"kg-data\">")?;
    data(out)?;
    for (member, table) in [(&b",\"paths\":"[..], tables[0]), (b",\"stated_paths\":", tables[1])] {
        out.write_all(member)?;
        out.write_all(table)?;
    }
    out.write_all(b"}</script>\n<script>\n")?;
    out.write_all(PAGE_JS.as_bytes())?;
    out.write_all(b"</script>\n</body>\n</html>\n")
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The page's two path tables, `paths` and `stated_paths` (`kg path`'s answers for every
/// ordered pair of entities, without and with `--stated-only`;
/// [`crate::query::path_table::MoveTable::write_json`]): the built-in essay's as `build.rs`
/// wrote them (for its graph, `KnowledgeGraph::is_builtin`, which `build.rs` wrote them for,
/// without making its moves: [`crate::builtin::builtin_path_table`]; for another graph whose
/// moves are the ones they were written from, [`crate::builtin::html_path_table`]), any other
/// graph's now.
fn path_tables(kg: &KnowledgeGraph) -> [Cow<'static, [u8]>; 2] {
    [false, true].map(|stated_only| {
        if let Some(stored) = crate::builtin::builtin_path_table(kg, stated_only) {
            return Cow::Borrowed(stored);
        }
        let table = move_table(kg, &PathOptions { stated_only, ..Default::default() });
        match crate::builtin::html_path_table(stated_only, &table) {
            Some(stored) => Cow::Borrowed(stored),
            None => {
                let mut text = Vec::new();
                table.write_json(&mut text);
                Cow::Owned(text)
            }
        }
    })
}

/// The page's node positions, [`layout::layout`]'s for this graph: the built-in essay's made
/// when the crate was built ([`crate::builtin::html_layout`], used when this graph's label
/// widths and edges are the ones it was made for), any other graph's now.
fn positions(kg: &KnowledgeGraph) -> Vec<(f64, f64)> {
    let widths: Vec<f64> = kg.entities().iter().map(|e| layout::box_width(&e.label)).collect();
    let g = kg.graph();
    let edges: Vec<(usize, usize)> =
        g.edge_indices().filter_map(|e| g.edge_endpoints(e)).map(|(s, t)| (s.index(), t.index())).collect();
    crate::builtin::html_layout(&widths, &edges).unwrap_or_else(|| layout::layout(&widths, &edges))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    // The structs the page's data was serialized from (serde) before `json.rs` wrote it by hand:
    // the reference `json::write_page_data` is compared with.
    use super::super::style::{relation_basis, relation_label, type_style, BACKGROUND_COLOUR, STATED_COLOUR};
    use crate::model::EntityType;
    use crate::names::name_key;
    use crate::query::{entity_card, EntityCard, Quote};
    use serde::Serialize;

    /// The data the page embeds.
    #[derive(Serialize)]
    struct PageData<'a> {
        title: &'a str,
        essay: &'a str,
        stated_colour: &'static str,
        background_colour: &'static str,
        types: Vec<TypeView>,
        nodes: Vec<NodeView>,
        edges: Vec<EdgeView>,
        // Then `paths` and `stated_paths`, written after these members by `path_tables`:
        // `paths[i][j]`, the shortest path from node i to node j as `kg path` finds it, as a list
        // of steps `e + 1` (edge e walked forwards) or `-(e + 1)` (backwards), `null` when none;
        // `stated_paths`, the same with `--stated-only`.
    }

    #[derive(Serialize)]
    struct TypeView {
        name: &'static str,
        shape: &'static str,
        fill: &'static str,
        group: &'static str,
        comment: &'static str,
    }

    #[derive(Serialize)]
    struct NodeView {
        id: String,
        label: String,
        #[serde(rename = "type")]
        entity_type: &'static str,
        x: f64,
        y: f64,
        /// Every name the entity resolves by in `kg show`, as written: label first, then the aliases
        /// (also background and shared ones), then the id.
        names: Vec<String>,
        /// `name_key` of each of `names`, in the same order.
        keys: Vec<String>,
        card: EntityCard,
    }

    #[derive(Serialize)]
    struct EdgeView {
        id: String,
        source: usize,
        target: usize,
        relation: &'static str,
        /// How the relation reads forwards, from subject to object ("went to").
        reading: &'static str,
        /// How the relation reads backwards, from object to subject ("received").
        inverse: &'static str,
        /// The reading with its qualifiers, as the DOT export labels the edge.
        label: String,
        /// "southern half of Sakhalin went to Japan".
        sentence: String,
        stated: bool,
        /// The quote, or the background basis.
        basis: String,
        /// The essay passage: the stating quote, or a background fact's context.
        #[serde(skip_serializing_if = "Option::is_none")]
        passage: Option<Quote>,
    }

    fn page_data(kg: &KnowledgeGraph, positions: Vec<(f64, f64)>) -> PageData<'_> {
        let types = EntityType::ALL
            .iter()
            .map(|&t| {
                let style = type_style(t);
                TypeView {
                    name: t.name(),
                    shape: style.shape,
                    fill: style.fill,
                    group: style.group.name(),
                    comment: t.comment(),
                }
            })
            .collect();
        let nodes = kg
            .entities()
            .iter()
            .zip(positions)
            .map(|(e, (x, y))| {
                // Every name `kg show` resolves: label, aliases, background and shared aliases, id.
                let mut names: Vec<String> = Vec::new();
                let all =
                    e.names().chain(e.background_aliases.iter().chain(&e.shared_aliases).map(crate::SharedStr::as_str));
                for name in all.chain(std::iter::once(e.id.as_str())) {
                    if !names.iter().any(|n| n == name) {
                        names.push(name.to_string());
                    }
                }
                let keys = names.iter().map(|n| name_key(n)).collect();
                NodeView {
                    id: e.id.to_string(),
                    label: e.label.to_string(),
                    entity_type: e.entity_type.name(),
                    x,
                    y,
                    names,
                    keys,
                    card: entity_card(kg, e),
                }
            })
            .collect();
        let g = kg.graph();
        let edges = g
            .edge_indices()
            .map(|ei| {
                let r = kg.relation_at(ei);
                let (s, t) = g.edge_endpoints(ei).expect("an edge index of this graph");
                EdgeView {
                    id: r.id.to_string(),
                    source: s.index(),
                    target: t.index(),
                    relation: r.kind.name(),
                    reading: r.kind.reading(),
                    inverse: r.kind.inverse_reading(),
                    label: relation_label(kg, r, usize::MAX).replace('\n', " "),
                    sentence: kg.sentence(r),
                    stated: r.is_stated(),
                    basis: relation_basis(r),
                    passage: r.provenance.passage().map(Quote::from),
                }
            })
            .collect();
        PageData {
            title: &kg.data().title,
            essay: &kg.data().essay,
            stated_colour: STATED_COLOUR,
            background_colour: BACKGROUND_COLOUR,
            types,
            nodes,
            edges,
        }
    }

    #[test]
    fn the_layout_keeps_every_pair_of_nodes_and_labels_apart() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let pos = positions(&kg);
        let widths: Vec<f64> = kg.entities().iter().map(|e| layout::box_width(&e.label)).collect();
        for i in 0..pos.len() {
            for j in (i + 1)..pos.len() {
                let over_x = (widths[i] + widths[j]) / 2.0 - (pos[i].0 - pos[j].0).abs();
                let over_y = layout::NODE_BOX_HEIGHT - (pos[i].1 - pos[j].1).abs();
                assert!(over_x <= 0.1 || over_y <= 0.1, "{} and {} overlap", kg.entities()[i].id, kg.entities()[j].id);
            }
        }
    }

    /// The built-in essay's stored layout is used, and is what the layout makes of its graph now.
    #[test]
    fn the_stored_layout_is_the_layout_of_the_graph() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let widths: Vec<f64> = kg.entities().iter().map(|e| layout::box_width(&e.label)).collect();
        let g = kg.graph();
        let edges: Vec<(usize, usize)> =
            g.edge_indices().filter_map(|e| g.edge_endpoints(e)).map(|(s, t)| (s.index(), t.index())).collect();
        let stored = crate::builtin::html_layout(&widths, &edges).expect("build.rs stored the essay's layout");
        assert_eq!(stored, layout::layout(&widths, &edges));
        assert_eq!(positions(&kg), stored);
        // Another graph (one edge fewer) is not given the stored layout.
        assert!(crate::builtin::html_layout(&widths, &edges[1..]).is_none());
        assert!(stored.iter().any(|&(x, y)| x > 100.0 && y > 100.0), "{stored:?}");
    }

    /// The built-in essay's stored path tables are used, are what the library writes for its
    /// graph now, and are refused for any other moves.
    #[test]
    fn the_stored_path_tables_are_the_tables_of_the_graph() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let mut smaller = crate::load_builtin().unwrap();
        smaller.relations.pop();
        let smaller = KnowledgeGraph::new(smaller);
        for stated_only in [false, true] {
            let options = PathOptions { stated_only, ..Default::default() };
            let table = move_table(&kg, &options);
            let stored = crate::builtin::html_path_table(stated_only, &table).expect("build.rs stored the tables");
            let mut fresh = Vec::new();
            table.write_json(&mut fresh);
            assert!(stored == fresh.as_slice(), "the stored table is not the graph's");
            // The built-in graph takes it without its moves being made and compared; a graph
            // loaded at run time (the same data), a changed one, compare their moves.
            let taken = crate::builtin::builtin_path_table(&kg, stated_only).expect("the built-in graph's");
            assert!(std::ptr::eq(taken, stored));
            assert_eq!(path_tables(&kg)[usize::from(stated_only)], Cow::Borrowed(stored));
            let loaded = KnowledgeGraph::new(crate::load_builtin().unwrap());
            assert!(!loaded.is_builtin() && crate::builtin::builtin_path_table(&loaded, stated_only).is_none());
            assert!(crate::builtin::builtin_path_table(&smaller, stated_only).is_none());
            assert!(
                matches!(&path_tables(&loaded)[usize::from(stated_only)], Cow::Borrowed(t) if std::ptr::eq(*t, stored))
            );
            assert!(matches!(&path_tables(&smaller)[usize::from(stated_only)], Cow::Owned(_)));
            assert!(fresh.len() > 10_000 && fresh.starts_with(b"[[[],"), "{}", fresh.len());
            // Another graph, or other moves, are written at run time.
            assert!(crate::builtin::html_path_table(stated_only, &move_table(&smaller, &options)).is_none());
            assert!(crate::builtin::html_path_table(!stated_only, &table).is_none());
            let mut blocked = table.clone();
            blocked.blocked[1] = true;
            assert!(crate::builtin::html_path_table(stated_only, &blocked).is_none());
        }
    }

    #[test]
    fn the_path_table_is_written_as_the_lists_of_every_path_would_be() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for options in [PathOptions::default(), PathOptions { stated_only: true, ..Default::default() }] {
            let lists: Vec<Vec<Option<Vec<i64>>>> = crate::all_shortest_paths(&kg, &options)
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .map(|p| {
                            p.map(|p| {
                                p.iter().map(|s| (s.edge.index() as i64 + 1) * if s.forward { 1 } else { -1 }).collect()
                            })
                        })
                        .collect()
                })
                .collect();
            let mut written = Vec::new();
            move_table(&kg, &options).write_json(&mut written);
            assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string(&lists).unwrap());
            // Not a table of nulls: most pairs are joined, some by several steps.
            let joined = lists.iter().flatten().filter(|p| p.as_ref().is_some_and(|p| p.len() > 2)).count();
            assert!(joined > 1_000, "{joined}");
        }
    }

    /// The page's data as `json.rs` writes it, closed, and as serde_json wrote the structs.
    fn both_ways(kg: &KnowledgeGraph, positions: Vec<(f64, f64)>) -> (String, String) {
        let mut direct = Vec::new();
        json::write_page_data(kg, &positions, &mut direct);
        direct.push(b'}');
        let reference = serde_json::to_string(&page_data(kg, positions)).unwrap();
        (String::from_utf8(direct).unwrap(), reference)
    }

    #[test]
    fn the_page_data_is_written_by_hand_as_serde_json_wrote_it() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let (direct, reference) = both_ways(&kg, positions(&kg));
        assert!(direct == reference, "{}", first_difference(&direct, &reference));
        // Not vacuous: cards with relations, qualifiers, background evidence and dates.
        for piece in ["\"relations\":[{", "\"qualifies\":[{", "\"source\":\"background\"", "\"date\":{\"value\""] {
            assert!(direct.contains(piece), "{piece}");
        }
    }

    fn first_difference(a: &str, b: &str) -> String {
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(80);
        let near = |s: &str| String::from_utf8_lossy(&s.as_bytes()[from..(at + 80).min(s.len())]).into_owned();
        format!("they differ at byte {at}:\n hand:  {}\n serde: {}", near(a), near(b))
    }

    pub(crate) mod hostile {
        use super::*;
        use crate::model::{Evidence, Provenance, SharedStr};
        use proptest::prelude::*;

        /// What JSON inside an HTML `<script>` must survive.
        const PIECES: &[&str] = &[
            "</script>",
            "<!--",
            "-->",
            "<",
            ">",
            "&amp;",
            "\"",
            "'",
            "\\",
            "/",
            "\u{2028}",
            "\u{2029}",
            "\u{0}",
            "\u{1}",
            "\u{8}",
            "\u{c}",
            "\u{1f}",
            "\u{7f}",
            "\n",
            "\r",
            "\t",
            "é",
            "𝔘",
            "\u{feff}",
            "plain text ",
        ];

        pub(crate) fn hostile_string() -> impl Strategy<Value = String> {
            prop_oneof![
                3 => proptest::collection::vec(proptest::sample::select(PIECES), 0..8).prop_map(|p| p.concat()),
                1 => any::<String>(),
            ]
        }

        /// The essay's dataset with hostile strings in every free-text field the page shows.
        pub(crate) fn hostile_graph(h: &[String]) -> KnowledgeGraph {
            let mut data = crate::load_builtin().unwrap();
            let at = |i: usize| SharedStr::from(h[i % h.len()].as_str());
            data.title = at(0);
            data.essay = at(1);
            for (i, e) in data.entities.iter_mut().enumerate() {
                e.label = at(i);
                e.aliases.push(at(i + 1));
                e.background_aliases.push(at(i + 2));
                e.note = Some(at(i + 3));
                e.wikidata = Some(at(i + 4));
                e.evidence = Evidence::new(&h[(i + 5) % h.len()], e.evidence.start, e.evidence.end);
                for n in &mut e.numbers {
                    n.property = at(i + 6);
                    n.unit = Some(at(i + 7));
                }
                if let Some(m) = e.mentions.first_mut() {
                    *m = Evidence::new(&h[(i + 8) % h.len()], m.start, m.end);
                }
            }
            for (i, r) in data.relations.iter_mut().enumerate() {
                r.qualifiers.role = Some(at(i + 9));
                match &mut r.provenance {
                    Provenance::Essay(e) => *e = Evidence::new(&h[(i + 10) % h.len()], e.start, e.end),
                    Provenance::Background { basis, .. } => *basis = at(i + 11),
                }
            }
            KnowledgeGraph::new(data)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]
            /// Hostile names, quotes, notes, roles and bases are written as serde_json wrote
            /// them, the page's JSON parses, and nothing in it can end the script.
            #[test]
            fn hostile_strings_are_written_as_serde_json_wrote_them(
                h in proptest::collection::vec(hostile_string(), 12..13),
                x in prop_oneof![Just(0.0f64), Just(-0.0), Just(1e300), Just(0.1), any::<f64>()],
            ) {
                let kg = hostile_graph(&h);
                let positions: Vec<(f64, f64)> = (0..kg.entities().len()).map(|i| (x, i as f64 / 3.0)).collect();
                let (direct, reference) = both_ways(&kg, positions);
                prop_assert!(direct == reference, "{}", first_difference(&direct, &reference));
                let mut page = Vec::new();
                write_html(&kg, &mut page).unwrap();
                let page = String::from_utf8(page).unwrap();
                let data = &page[page.find("id=\"kg-data\">").unwrap() + 13..];
                let data = &data[..data.find("</script>").unwrap()];
                prop_assert!(!data.contains('<'));
                let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
                prop_assert_eq!(parsed["title"].as_str(), Some(h[0].as_str()));
            }
        }
    }

    #[test]
    fn nothing_in_the_data_can_close_the_script() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let mut out = Vec::new();
        write_html(&kg, &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        let data = &page[page.find("id=\"kg-data\">").unwrap()..];
        let data = &data[..data.find("</script>").unwrap()];
        assert!(!data.contains('<'), "a raw < in the embedded JSON");
    }
}
