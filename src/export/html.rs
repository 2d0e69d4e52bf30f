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
use crate::query::{entity_card, path_in_tree, shortest_path_trees, EntityCard, PathOptions, PathTree, Quote};

const PAGE_JS: &str = include_str!("html/page.js");
const PAGE_CSS: &str = include_str!("html/page.css");

/// The most entities the page draws: the layout costs O(V²) per iteration and the embedded paths
/// O(V²) space (about 8,800 pairs for the essay's 94 entities; 1,500 entities would be 2.2 million).
pub const HTML_MAX_ENTITIES: usize = 1500;

/// The layout's canvas, in SVG user units.
const WIDTH: f64 = 1600.0;
const HEIGHT: f64 = 1200.0;
/// Force-layout iterations; a fixed number keeps the output deterministic. The temperature (the
/// most a node moves in one iteration) starts at an eighth of the canvas and falls by
/// [`LAYOUT_COOLING`] each time, reaching its floor of 1 unit at the last iteration: 150 give the
/// essay as few edge crossings and as even edge lengths as the 400 (with cooling 0.985) before,
/// for 0.38 of the work (benches/analysis.md, "Essay commands, round 5").
const LAYOUT_ITERATIONS: usize = 150;
/// 200 · 0.9653^150 ≈ 1.
const LAYOUT_COOLING: f64 = 0.9653;
/// The cosine and sine of the golden angle, π(3 − √5), which spaces the starting spiral evenly;
/// written out so that the layout needs only IEEE-exact arithmetic (no `sin`/`cos` from libm,
/// whose last bit may differ between platforms, and which kg would load for this alone).
const GOLDEN_COS: f64 = -0.737_368_878_078_319_7;
const GOLDEN_SIN: f64 = 0.675_490_294_261_523_8;
/// The box a node and its label take (the page draws a shape 30 units high with a 15-unit label
/// below, cut at 30 characters): no two boxes overlap after the layout.
const NODE_BOX_HEIGHT: f64 = 50.0;
const LABEL_CHAR_WIDTH: f64 = 8.0;
const LABEL_MAX_CHARS: usize = 30;

/// The width of a node's box: its label's, or its shape's.
fn box_width(label: &str) -> f64 {
    (label.chars().count().min(LABEL_MAX_CHARS) as f64 * LABEL_CHAR_WIDTH).max(40.0) + 12.0
}

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
    /// `paths[i][j]`: the shortest path from node i to node j as `kg path` finds it, as a list of
    /// steps `e + 1` (edge e walked forwards) or `-(e + 1)` (backwards); `null` when none.
    paths: PathTable,
    /// The same with `--stated-only`.
    stated_paths: PathTable,
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
    let json = serde_json::to_string(&data)?.replace('<', "\\u003c");
    let title = escape_html(&kg.data().title);
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{title}</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n\
         <script type=\"application/json\" id=\"kg-data\">{json}</script>\n\
         <script>\n{PAGE_JS}</script>\n</body>\n</html>\n"
    );
    out.write_all(page.as_bytes())?;
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
    let positions = layout(kg);
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
    let stated_only = PathOptions { stated_only: true, ..Default::default() };
    PageData {
        title: &kg.data().title,
        essay: &kg.data().essay,
        stated_colour: STATED_COLOUR,
        background_colour: BACKGROUND_COLOUR,
        types,
        nodes,
        edges,
        paths: PathTable(shortest_path_trees(kg, &PathOptions::default())),
        stated_paths: PathTable(shortest_path_trees(kg, &stated_only)),
    }
}

/// `kg path`'s answer for every ordered pair of entities ([`crate::all_shortest_paths`]), written
/// as `paths[i][j]`: a list of steps `e + 1` (edge e walked forwards) or `-(e + 1)` (backwards),
/// or `null`. Each path is read from its shortest-path tree as it is written, so the ~17,700
/// paths of the essay's two tables are never held as lists of their own.
///
/// # Complexity
/// V searches of O((V + E) log E); writing, O(V² · path length).
struct PathTable(Vec<PathTree>);

/// One row of a [`PathTable`]: the paths from `start`.
struct PathRow<'a> {
    start: usize,
    tree: &'a [Option<(petgraph::graph::NodeIndex, crate::Step)>],
}

impl Serialize for PathTable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut rows = serializer.serialize_seq(Some(self.0.len()))?;
        for (start, tree) in self.0.iter().enumerate() {
            rows.serialize_element(&PathRow { start, tree })?;
        }
        rows.end()
    }
}

impl Serialize for PathRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut paths = serializer.serialize_seq(Some(self.tree.len()))?;
        let (mut steps, mut codes) = (Vec::new(), Vec::<i64>::new());
        for to in 0..self.tree.len() {
            let path = path_in_tree(self.tree, self.start, to, &mut steps).then(|| {
                codes.clear();
                codes.extend(steps.iter().map(|s| {
                    let e = s.edge.index() as i64 + 1;
                    if s.forward {
                        e
                    } else {
                        -e
                    }
                }));
                &codes[..]
            });
            paths.serialize_element(&path)?;
        }
        paths.end()
    }
}

/// Node positions by a Fruchterman–Reingold force layout from a deterministic start (a spiral in
/// entity-id order), followed by a pass that moves apart any two nodes whose boxes (shape and
/// label) overlap; coordinates rounded to a tenth of a unit. Only IEEE-exact operations (`+ − × ÷`,
/// `sqrt`, comparisons), in a fixed order, so every platform draws the same page.
///
/// # Complexity
/// O(iterations · V²) + O(V² · passes); about 0.9 million pair visits for the essay.
fn layout(kg: &KnowledgeGraph) -> Vec<(f64, f64)> {
    let n = kg.entities().len();
    if n == 0 {
        return Vec::new();
    }
    let g = kg.graph();
    let mut edges: Vec<(usize, usize)> = g
        .edge_indices()
        .filter_map(|e| g.edge_endpoints(e))
        .map(|(s, t)| (s.index(), t.index()))
        .filter(|(s, t)| s != t)
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let area = WIDTH * HEIGHT;
    let k = (area / n as f64).sqrt() * 0.9;
    let k2 = k * k;
    // An even spiral: node i at the golden angle times i, its cosine and sine by rotating the
    // previous node's.
    let (mut cos, mut sin) = (1.0f64, 0.0f64);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let r = 0.45 * HEIGHT * ((i as f64 + 0.5) / n as f64).sqrt();
            let p = (WIDTH / 2.0 + r * cos, HEIGHT / 2.0 + r * sin);
            (cos, sin) = (cos * GOLDEN_COS - sin * GOLDEN_SIN, cos * GOLDEN_SIN + sin * GOLDEN_COS);
            p
        })
        .collect();
    let mut temperature = WIDTH / 8.0;
    for _ in 0..LAYOUT_ITERATIONS {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        // Every pair once (the O(V²) heart of the layout): node i's push is summed in registers,
        // in the same order as element by element, so the result is the same to the bit.
        for i in 0..n {
            let (xi, yi) = pos[i];
            let (done, rest) = disp.split_at_mut(i + 1);
            let (mut ax, mut ay) = done[i];
            for (pj, dj) in pos[i + 1..].iter().zip(rest) {
                let (dx, dy) = (xi - pj.0, yi - pj.1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k2 / d2; // repulsion k²/d, as a factor of the (dx, dy) vector
                ax += dx * f;
                ay += dy * f;
                dj.0 -= dx * f;
                dj.1 -= dy * f;
            }
            done[i] = (ax, ay);
        }
        for &(s, t) in &edges {
            let (dx, dy) = (pos[s].0 - pos[t].0, pos[s].1 - pos[t].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = d / k; // attraction d²/k, as a factor of (dx, dy)
            disp[s].0 -= dx * f;
            disp[s].1 -= dy * f;
            disp[t].0 += dx * f;
            disp[t].1 += dy * f;
        }
        for i in 0..n {
            let (dx, dy) = disp[i];
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let step = d.min(temperature);
            // A weak pull to the centre keeps unconnected parts on the canvas.
            let (cx, cy) = (WIDTH / 2.0 - pos[i].0, HEIGHT / 2.0 - pos[i].1);
            pos[i].0 = (pos[i].0 + dx / d * step + cx * 0.01).clamp(0.0, WIDTH);
            pos[i].1 = (pos[i].1 + dy / d * step + cy * 0.01).clamp(0.0, HEIGHT);
        }
        temperature = (temperature * LAYOUT_COOLING).max(1.0);
    }
    fit(&mut pos);
    let widths: Vec<f64> = kg.entities().iter().map(|e| box_width(&e.label)).collect();
    separate(&mut pos, &widths);
    pos.into_iter().map(|(x, y)| ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)).collect()
}

/// Scales and moves the positions into the canvas, keeping their proportions.
fn fit(pos: &mut [(f64, f64)]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pos.iter() {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let scale = (WIDTH / (x1 - x0).max(1.0)).min(HEIGHT / (y1 - y0).max(1.0));
    for p in pos.iter_mut() {
        *p = ((p.0 - x0) * scale, (p.1 - y0) * scale);
    }
}

/// Moves apart pairs of nodes whose boxes overlap, along the axis where they overlap least, a
/// bounded number of passes.
fn separate(pos: &mut [(f64, f64)], widths: &[f64]) {
    const PASSES: usize = 300;
    for _ in 0..PASSES {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in (i + 1)..pos.len() {
                let (dx, dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let over_x = (widths[i] + widths[j]) / 2.0 - dx.abs();
                let over_y = NODE_BOX_HEIGHT - dy.abs();
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                moved = true;
                // Coincident nodes part in a direction fixed by their indices.
                let sign = |d: f64| if d > 0.0 || (d == 0.0 && (i + j) % 2 == 0) { 1.0 } else { -1.0 };
                if over_x < over_y {
                    let push = over_x / 2.0 + 0.5;
                    pos[i].0 -= sign(dx) * push;
                    pos[j].0 += sign(dx) * push;
                } else {
                    let push = over_y / 2.0 + 0.5;
                    pos[i].1 -= sign(dy) * push;
                    pos[j].1 += sign(dy) * push;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_keeps_every_pair_of_nodes_and_labels_apart() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let pos = layout(&kg);
        let widths: Vec<f64> = kg.entities().iter().map(|e| box_width(&e.label)).collect();
        for i in 0..pos.len() {
            for j in (i + 1)..pos.len() {
                let over_x = (widths[i] + widths[j]) / 2.0 - (pos[i].0 - pos[j].0).abs();
                let over_y = NODE_BOX_HEIGHT - (pos[i].1 - pos[j].1).abs();
                assert!(over_x <= 0.1 || over_y <= 0.1, "{} and {} overlap", kg.entities()[i].id, kg.entities()[j].id);
            }
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
            let written = serde_json::to_string(&PathTable(shortest_path_trees(&kg, &options))).unwrap();
            assert_eq!(written, serde_json::to_string(&lists).unwrap());
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
