//! The HTML export: one self-contained page (no network, no CDN, works from `file://`) with the
//! graph drawn as SVG, pan and zoom, search by any name or alias, type and stated/background
//! filters, an entity's card, a relation's evidence, the essay beside the graph with the evidence
//! highlighted in place, and a path finder.
//!
//! Everything the page knows is computed here and embedded as one JSON document (via serde_json,
//! with every `<` written as `\u003c` so that nothing in the data can close the `<script>`):
//! the cards are `kg show`'s own ([`entity_card`]), the name keys are [`name_key`]'s, the node
//! positions come from a deterministic force layout below, and the paths are [`crate::shortest_path`]'s
//! answers for every ordered pair of entities (with and without background relations), so the page
//! finds exactly the path `kg path` finds. The page's script and style are ours
//! (`html/page.js`, `html/page.css`), compiled in with `include_str!`.

use std::io::Write;

use serde::Serialize;

use super::style::{relation_basis, relation_label, type_style, BACKGROUND_COLOUR, STATED_COLOUR};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::EntityType;
use crate::names::name_key;
use crate::query::{entity_card, shortest_path_trees, EntityCard, PathOptions, PathTree, Quote};

#[path = "html/layout.rs"]
pub(crate) mod layout;

const PAGE_JS: &str = include_str!("html/page.js");
const PAGE_CSS: &str = include_str!("html/page.css");

/// The most entities the page draws: the layout costs O(V²) per iteration and the embedded paths
/// O(V²) space (about 8,800 pairs for the essay's 94 entities; 1,500 entities would be 2.2 million).
pub const HTML_MAX_ENTITIES: usize = 1500;

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
    // Then `paths` and `stated_paths`, written after these members by [`write_path_table`]:
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

/// Writes the interactive page.
///
/// # Errors
/// [`ExportError::TooLarge`] for a graph of more than [`HTML_MAX_ENTITIES`] entities.
pub fn write_html(kg: &KnowledgeGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    let entities = kg.entities().len();
    if entities > HTML_MAX_ENTITIES {
        return Err(ExportError::TooLarge { format: "html", entities, limit: HTML_MAX_ENTITIES });
    }
    let data = page_data(kg);
    let mut json = serde_json::to_vec(&data)?;
    // The object is left open for the path tables, the last of its members.
    if json.pop() != Some(b'}') {
        let reason = "the page's data did not encode as a JSON object".to_string();
        return Err(ExportError::Unrepresentable { format: "html", reason });
    }
    json.extend_from_slice(b",\"paths\":");
    write_path_table(&shortest_path_trees(kg, &PathOptions::default()), &mut json);
    json.extend_from_slice(b",\"stated_paths\":");
    write_path_table(&shortest_path_trees(kg, &PathOptions { stated_only: true, ..Default::default() }), &mut json);
    json.push(b'}');
    let title = escape_html(&kg.data().title);
    let mut page = Vec::with_capacity(json.len() + PAGE_CSS.len() + PAGE_JS.len() + 1024);
    page.extend_from_slice(
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
             <title>{title}</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n\
             <script type=\"application/json\" id=\"kg-data\">"
        )
        .as_bytes(),
    );
    // Every `<` as `\u003c` (JSON strings only hold one inside a string), so that nothing in
    // the data can close the script.
    let mut plain = 0;
    for at in memchr::memchr_iter(b'<', &json) {
        page.extend_from_slice(&json[plain..at]);
        page.extend_from_slice(b"\\u003c");
        plain = at + 1;
    }
    page.extend_from_slice(&json[plain..]);
    page.extend_from_slice(format!("</script>\n<script>\n{PAGE_JS}</script>\n</body>\n</html>\n").as_bytes());
    out.write_all(&page)?;
    Ok(())
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn page_data(kg: &KnowledgeGraph) -> PageData<'_> {
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
    let positions = positions(kg);
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

/// Writes `kg path`'s answer for every ordered pair of entities ([`crate::all_shortest_paths`])
/// as compact JSON, `paths[i][j]`: a list of steps `e + 1` (edge e walked forwards) or `-(e + 1)`
/// (backwards), or `null`, as serde_json writes a `Vec<Vec<Option<Vec<i64>>>>` (the path
/// `query::path_in_tree` reads). Within one tree, each node's list is written once, after its
/// parent's, and every path to it is a copy of it; the ~22,000 paths of the essay's two tables
/// are never held as lists of steps.
///
/// # Complexity
/// O(V² · path length) bytes copied; O(V²) steps written.
fn write_path_table(trees: &[PathTree], out: &mut Vec<u8>) {
    /// A node's list in `text`; `UNKNOWN` before it is written, `UNREACHED` when there is none.
    const UNKNOWN: (u32, u32) = (u32::MAX, 0);
    const UNREACHED: (u32, u32) = (u32::MAX, 1);
    let (mut text, mut spans, mut chain) = (Vec::new(), Vec::new(), Vec::new());
    out.push(b'[');
    for (start, tree) in trees.iter().enumerate() {
        if start > 0 {
            out.push(b',');
        }
        text.clear();
        spans.clear();
        spans.resize(tree.len(), UNKNOWN);
        if let Some(root) = spans.get_mut(start) {
            *root = (0, 0);
        }
        out.push(b'[');
        for to in 0..tree.len() {
            if to > 0 {
                out.push(b',');
            }
            // The nodes up to the nearest one whose list is known, then their lists downwards.
            chain.clear();
            let mut current = to;
            while spans[current] == UNKNOWN {
                match tree[current] {
                    Some((parent, step)) if chain.len() < tree.len() && parent.index() < tree.len() => {
                        chain.push((current, step));
                        current = parent.index();
                    }
                    // No way back to the root, or a broken tree: none of them is reached.
                    _ => {
                        spans[current] = UNREACHED;
                        break;
                    }
                }
            }
            let mut above = spans[current];
            for &(node, step) in chain.iter().rev() {
                spans[node] = if above == UNREACHED {
                    UNREACHED
                } else {
                    let begin = text.len();
                    text.extend_from_within(above.0 as usize..above.1 as usize);
                    if above.1 > above.0 {
                        text.push(b',');
                    }
                    if !step.forward {
                        text.push(b'-');
                    }
                    push_decimal(&mut text, step.edge.index() + 1);
                    (begin as u32, text.len() as u32)
                };
                above = spans[node];
            }
            match spans[to] {
                UNREACHED => out.extend_from_slice(b"null"),
                (begin, end) => {
                    out.push(b'[');
                    out.extend_from_slice(&text[begin as usize..end as usize]);
                    out.push(b']');
                }
            }
        }
        out.push(b']');
    }
    out.push(b']');
}

/// Writes `n` in decimal.
fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
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
mod tests {
    use super::*;

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
            write_path_table(&shortest_path_trees(&kg, &options), &mut written);
            assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string(&lists).unwrap());
            // Not a table of nulls: most pairs are joined, some by several steps.
            let joined = lists.iter().flatten().filter(|p| p.as_ref().is_some_and(|p| p.len() > 2)).count();
            assert!(joined > 1_000, "{joined}");
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
