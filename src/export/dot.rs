//! The DOT export, by our own emitter: petgraph's `Dot` names nodes by index and is meant for
//! debugging. Nodes are named by entity id; every ID and label is a quoted DOT string escaped by
//! the grammar (so keywords such as `node` or `graph`, quotes, backslashes and newlines are safe).
//!
//! Shape and colour follow the entity type (from `style.rs`), nodes are grouped in one cluster per
//! type group, edges carry the relation's reading with its role, treaty, place and date, background
//! relations are dashed with their basis as tooltip, and a legend draws each shape and colour used.
//! The graph attributes make `dot` (the default), `neato`, `fdp` and `sfdp` all lay it out without
//! overlapping nodes. Three views: the whole graph, the "territories and treaties" view, and the
//! neighbourhood of one entity, which does not expand through hubs and keeps to a node budget,
//! saying in the picture what it left out.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::fmt::Write as _;
use std::io::Write;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::escape::{control_quote_or_backslash, control_quote_or_backslash_marks, push_escaped};
use super::flat::{first_byte, output_buffer, pass_on, short_plain, touch_entity, touch_relation, touched_ahead};
use super::style::{
    push_relation_basis, relation_label_lines, type_style, wrap_into, BACKGROUND_COLOUR, STATED_COLOUR,
};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityType, Relation, RelationKind};

/// An entity with more relations than this is a hub: a focus view does not expand through it
/// (unless it is the focus itself), since through Japan every entity is two hops from every other.
pub const HUB_RELATIONS: usize = 12;
/// The most entities a focus view draws; beyond it the picture says how many it left out.
pub const FOCUS_NODE_BUDGET: usize = 40;
/// Node labels wrap at this many characters, edge labels at [`EDGE_LABEL_WIDTH`].
const NODE_LABEL_WIDTH: usize = 18;
const EDGE_LABEL_WIDTH: usize = 24;
/// Legend entries per row.
const LEGEND_ROW: usize = 7;

/// The direction in which `dot` ranks the graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Bottom to top.
    BottomTop,
    /// Right to left.
    RightLeft,
}

impl RankDir {
    fn as_dot(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
            RankDir::BottomTop => "BT",
            RankDir::RightLeft => "RL",
        }
    }
}

/// Which part of the graph a DOT export draws (a `focus` overrides it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DotView {
    /// Every entity and relation.
    #[default]
    Whole,
    /// Every entity and relation, edges without labels (their reading and evidence are in the
    /// tooltips): the overview that stays readable at page width.
    Overview,
    /// The territories, the treaties, and who received, held, claimed or signed what: the
    /// relations of [`TERRITORY_RELATIONS`] and the entities they connect.
    Territories,
}

/// The relations the "territories and treaties" view draws.
pub const TERRITORY_RELATIONS: &[RelationKind] = &[
    RelationKind::TransferredTo,
    RelationKind::Acquired,
    RelationKind::Claimed,
    RelationKind::DisputedBetween,
    RelationKind::BelongedTo,
    RelationKind::Occupied,
    RelationKind::Captured,
    RelationKind::DrewBorderThrough,
    RelationKind::DrewBorderBetween,
    RelationKind::Concerns,
    RelationKind::PartyTo,
    RelationKind::Signed,
    RelationKind::Broke,
    RelationKind::PartOf,
];

/// Options of the DOT export.
#[derive(Debug, Clone, Default)]
pub struct DotOptions {
    /// Only the neighbourhood of this entity id (`None`: the `view`).
    pub focus: Option<String>,
    /// How many hops around `focus`, following relations in either direction.
    pub depth: usize,
    /// Layout direction.
    pub rankdir: RankDir,
    /// The part of the graph to draw when there is no focus.
    pub view: DotView,
}

/// Quotes and escapes a DOT ID: `"` and `\` are escaped, line breaks become `\n`.
///
/// ```
/// # use kg::dot_quote;
/// assert_eq!(dot_quote("graph"), "\"graph\"");
/// assert_eq!(dot_quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
/// ```
pub fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_dot_quoted(&mut out, s);
    out
}

/// [`dot_quote`] onto the end of `out`: runs of plain text copied whole (the characters escaped
/// are ASCII, so a byte search never splits a character).
///
/// A string of at most 16 bytes with nothing to escape is copied as it is (`short_plain`).
fn push_dot_quoted(out: &mut String, s: &str) {
    out.push('"');
    if short_plain(s, control_quote_or_backslash) == Some(true) {
        out.push_str(s);
    } else {
        push_escaped(out, s, control_quote_or_backslash_marks, dot_escape);
    }
    out.push('"');
}

/// How a DOT string writes the byte at `i`, when it is one DOT escapes.
pub(super) fn dot_escape(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
    match bytes[i] {
        b'"' => Some(("\\\"", 1)),
        b'\\' => Some(("\\\\", 1)),
        b'\n' => Some(("\\n", 1)),
        b'\r' => Some(("", 1)),
        _ => None,
    }
}

/// The longest tooltip, in characters: Graphviz refuses strings of 16,384 characters and more,
/// and a tooltip is a reminder of the quote, not the quote itself.
pub const MAX_DOT_TOOLTIP_CHARS: usize = 1_000;

/// `text` cut to at most `max` characters, the cut marked with an ellipsis.
#[cfg(test)]
fn shorten(text: &str, max: usize) -> String {
    let mut out = text.to_string();
    shorten_in_place(&mut out, max);
    out
}

/// Cuts `text` to at most `max` characters, marking the cut with an ellipsis.
fn shorten_in_place(text: &mut String, max: usize) {
    // No text of `max` bytes or fewer has more than `max` characters.
    if text.len() <= max {
        return;
    }
    if let Some((at, _)) = text.char_indices().nth(max.saturating_sub(1)) {
        if text[at..].chars().nth(1).is_some() {
            text.truncate(at);
            text.push('…');
        }
    }
}

fn attrs(pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 5).sum::<usize>() + 2);
    push_attrs(&mut out, pairs);
    out
}

/// `[k="v", …]` onto the end of `out`, each value quoted.
fn push_attrs(out: &mut String, pairs: &[(&str, &str)]) {
    out.push('[');
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        out.push('=');
        push_dot_quoted(out, v);
    }
    out.push(']');
}

/// What a picture draws: its entities (sorted), its relations (sorted by id), its title, and a
/// note on what it left out. The DOT and Mermaid exports draw the same selection.
pub(super) struct Selection<'a> {
    pub(super) nodes: Vec<NodeIndex>,
    pub(super) relations: Vec<&'a Relation>,
    pub(super) title: String,
    pub(super) note: Option<String>,
    pub(super) edge_labels: bool,
}

/// How many relations an entity takes part in, in either direction.
fn degree(kg: &KnowledgeGraph, n: NodeIndex) -> usize {
    let g = kg.graph();
    g.edges_directed(n, Direction::Outgoing).count() + g.edges_directed(n, Direction::Incoming).count()
}

/// The relations among `nodes`, sorted by id.
///
/// The graph keeps the relations sorted by id (`KnowledgeGraph::relations`), so their places
/// (integers, in memory order) are sorted instead of their ids (two strings read at random a
/// comparison, which grew faster than n log n at 100k relations); the ids are then checked to
/// rise strictly, and sorted as before where they do not (a repeated id keeps the walk's order).
/// With every node (the whole graph) no edge is left out: no set of nodes is made.
fn relations_among<'a>(kg: &'a KnowledgeGraph, nodes: &[NodeIndex]) -> Vec<&'a Relation> {
    let g = kg.graph();
    let outgoing = || nodes.iter().flat_map(|&n| g.edges_directed(n, Direction::Outgoing));
    let mut places: Vec<usize> = if nodes.len() == g.node_count() {
        outgoing().map(|e| *e.weight()).collect()
    } else {
        let included: HashSet<NodeIndex> = nodes.iter().copied().collect();
        outgoing().filter(|e| included.contains(&e.target())).map(|e| *e.weight()).collect()
    };
    let walked = places.clone();
    places.sort_unstable();
    let relations: Vec<&Relation> = places.iter().map(|&i| &kg.relations()[i]).collect();
    if relations.windows(2).all(|pair| pair[0].id < pair[1].id) {
        return relations;
    }
    let mut relations: Vec<&Relation> = walked.iter().map(|&i| &kg.relations()[i]).collect();
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    relations
}

/// The entities within `depth` hops of `focus`, in either direction: breadth-first, in entity-id
/// order, never expanding through a hub other than the focus and stopping at the node budget.
///
/// # Complexity
/// O(V + E) for the part of the graph within `depth` hops.
fn focus_selection<'a>(kg: &'a KnowledgeGraph, focus: NodeIndex, depth: usize) -> Selection<'a> {
    let g = kg.graph();
    let sorted_neighbours = |n: NodeIndex| {
        let mut ms: Vec<NodeIndex> = g.neighbors_undirected(n).collect();
        ms.sort();
        ms.dedup();
        ms
    };
    let mut seen: HashSet<NodeIndex> = HashSet::from([focus]);
    let mut queue = VecDeque::from([(focus, 0)]);
    let mut hubs: BTreeSet<NodeIndex> = BTreeSet::new();
    let mut over_budget = false;
    while let Some((n, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        if n != focus && degree(kg, n) > HUB_RELATIONS {
            hubs.insert(n);
            continue;
        }
        for m in sorted_neighbours(n) {
            if seen.contains(&m) {
                continue;
            }
            if seen.len() == FOCUS_NODE_BUDGET {
                over_budget = true;
                continue;
            }
            seen.insert(m);
            queue.push_back((m, d + 1));
        }
    }
    // Everything within reach, to say how much was left out.
    let mut reach: HashSet<NodeIndex> = HashSet::from([focus]);
    let mut queue = VecDeque::from([(focus, 0)]);
    while let Some((n, d)) = queue.pop_front() {
        if d < depth {
            for m in g.neighbors_undirected(n) {
                if reach.insert(m) {
                    queue.push_back((m, d + 1));
                }
            }
        }
    }
    let mut nodes: Vec<NodeIndex> = seen.into_iter().collect();
    nodes.sort();
    let e = kg.entity_at(focus);
    let hops = if depth == 1 { "1 hop".to_string() } else { format!("{depth} hops") };
    let title = format!("{}: {} within {hops}", kg.data().title, e.label);
    let left_out = reach.len() - nodes.len();
    let note = (left_out > 0).then(|| {
        let mut why = Vec::new();
        let hubs: Vec<String> =
            hubs.iter().map(|&h| format!("{} ({} relations)", kg.entity_at(h).label, degree(kg, h))).collect();
        if !hubs.is_empty() {
            why.push(format!("not expanded through the hubs {}", hubs.join(", ")));
        }
        if over_budget {
            why.push(format!("at most {FOCUS_NODE_BUDGET} entities drawn"));
        }
        let plural = if left_out == 1 { "entity" } else { "entities" };
        format!("{left_out} more {plural} within {hops} not drawn: {}", why.join("; "))
    });
    Selection { relations: relations_among(kg, &nodes), nodes, title, note, edge_labels: true }
}

/// What the options ask to draw.
pub(super) fn selection<'a>(kg: &'a KnowledgeGraph, options: &DotOptions) -> Selection<'a> {
    if let Some(focus) = options.focus.as_deref().and_then(|id| kg.node(id)) {
        return focus_selection(kg, focus, options.depth);
    }
    match options.view {
        DotView::Whole | DotView::Overview => {
            let nodes: Vec<NodeIndex> = kg.graph().node_indices().collect();
            let edge_labels = options.view == DotView::Whole;
            let note =
                (!edge_labels).then(|| "Every entity and relation; hover over an edge for what it says".to_string());
            Selection {
                relations: relations_among(kg, &nodes),
                nodes,
                title: kg.data().title.to_string(),
                note,
                edge_labels,
            }
        }
        DotView::Territories => {
            let not_event = |id: &str| kg.entity(id).is_some_and(|e| !e.entity_type.is_a(EntityType::Event));
            let relations: Vec<&Relation> = kg
                .relations()
                .iter()
                .filter(|r| TERRITORY_RELATIONS.contains(&r.kind) && not_event(&r.subject) && not_event(&r.object))
                .collect();
            let mut nodes: Vec<NodeIndex> =
                relations.iter().flat_map(|r| [&r.subject, &r.object]).filter_map(|id| kg.node(id)).collect();
            nodes.sort();
            nodes.dedup();
            let left_out = kg.entities().len() - nodes.len();
            let note = format!(
                "Only who received, held, claimed, disputed or signed what; {left_out} other entities and {} other relations are in the whole graph",
                kg.relations().len() - relations.len()
            );
            Selection {
                nodes,
                relations,
                title: format!("{}: territories and treaties", kg.data().title),
                note: Some(note),
                edge_labels: true,
            }
        }
    }
}

/// Scratch strings for one line, reused from line to line.
#[derive(Default)]
struct Scratch {
    label: String,
    tooltip: String,
}

fn push_node_line(s: &mut String, e: &Entity, focus: bool, scratch: &mut Scratch) {
    let style = type_style(e.entity_type);
    let Scratch { label, tooltip } = scratch;
    label.clear();
    wrap_into(label, &e.label, NODE_LABEL_WIDTH);
    tooltip.clear();
    // `label (type, id): "quote"`, piece by piece.
    for piece in [&e.label, " (", e.entity_type.name(), ", ", &e.id, "): \"", e.evidence.quote(), "\""] {
        tooltip.push_str(piece);
    }
    shorten_in_place(tooltip, MAX_DOT_TOOLTIP_CHARS);
    let pen = if focus { "3" } else { "1" };
    s.push_str("  ");
    push_dot_quoted(s, &e.id);
    s.push(' ');
    push_attrs(
        s,
        &[
            ("label", label),
            ("shape", style.shape),
            ("style", "filled"),
            ("fillcolor", style.fill),
            ("penwidth", pen),
            ("tooltip", tooltip),
        ],
    );
    s.push_str(";\n");
}

fn push_edge_line(s: &mut String, kg: &KnowledgeGraph, r: &Relation, with_label: bool, scratch: &mut Scratch) {
    let lines = relation_label_lines(kg, r);
    let Scratch { label, tooltip } = scratch;
    label.clear();
    if with_label {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                label.push('\n');
            }
            wrap_into(label, line, EDGE_LABEL_WIDTH);
        }
    }
    // The sentence, the qualifiers in brackets (each line's white space made single spaces, as
    // the unwrapped label has them), and why it holds.
    tooltip.clear();
    tooltip.push_str(&kg.sentence(r));
    for (i, line) in lines.iter().enumerate().skip(1) {
        tooltip.push_str(if i == 1 { " (" } else { ", " });
        wrap_into(tooltip, line, usize::MAX);
    }
    if lines.len() > 1 {
        tooltip.push(')');
    }
    tooltip.push_str(": ");
    push_relation_basis(tooltip, r);
    shorten_in_place(tooltip, MAX_DOT_TOOLTIP_CHARS);
    let (style, color) = if r.is_stated() { ("solid", STATED_COLOUR) } else { ("dashed", BACKGROUND_COLOUR) };
    s.push_str("  ");
    push_dot_quoted(s, &r.subject);
    s.push_str(" -> ");
    push_dot_quoted(s, &r.object);
    s.push(' ');
    push_attrs(
        s,
        &[
            ("label", label),
            ("style", style),
            ("color", color),
            ("fontcolor", color),
            ("tooltip", tooltip),
            ("id", &r.id),
        ],
    );
    s.push_str(";\n");
}

/// Writes the graph, its territories-and-treaties view, or the neighbourhood of `options.focus`,
/// as a DOT digraph.
pub fn write_dot(kg: &KnowledgeGraph, options: &DotOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let sel = selection(kg, options);
    let focus = options.focus.as_deref();
    let mut s = output_buffer();
    let mut label = sel.title.clone();
    if let Some(note) = &sel.note {
        label.push('\n');
        wrap_into(&mut label, note, 110);
    }
    s.push_str("digraph \"kg\" {\n");
    let _ = writeln!(
        s,
        "  graph {};",
        attrs(&[
            ("label", &label),
            ("labelloc", "t"),
            ("labeljust", "l"),
            ("fontsize", "20"),
            ("fontname", "Helvetica"),
            ("rankdir", options.rankdir.as_dot()),
            ("nodesep", "0.25"),
            ("ranksep", "0.5"),
            ("newrank", "true"),
            ("overlap", "false"),
            ("sep", "+8"),
            // Curved splines route fast enough for the whole graph in the spring layouts.
            ("splines", if options.view == DotView::Overview { "curved" } else { "true" }),
            ("outputorder", "edgesfirst"),
            ("layout", if options.view == DotView::Overview && options.focus.is_none() { "neato" } else { "dot" }),
            ("tooltip", &sel.title)
        ])
    );
    let _ = writeln!(s, "  node {};", attrs(&[("fontname", "Helvetica"), ("fontsize", "11"), ("margin", "0.05,0.03")]));
    let _ = writeln!(s, "  edge {};", attrs(&[("fontname", "Helvetica"), ("fontsize", "8"), ("arrowsize", "0.6")]));

    legend(&mut s, &sel.nodes.iter().map(|&n| kg.entity_at(n).entity_type).collect());

    let mut scratch = Scratch::default();
    for &n in touched_ahead(&sel.nodes, |&n| touch_entity(kg.entity_at(n))) {
        let e = kg.entity_at(n);
        push_node_line(&mut s, e, Some(e.id.as_str()) == focus, &mut scratch);
        pass_on(&mut s, out)?;
    }
    // An edge's line also reads its ends' labels (`KnowledgeGraph::sentence`).
    let touch = |r: &&Relation| {
        let labels = kg
            .ends_of(r)
            .map_or(0, |(s, o)| first_byte(&kg.entities()[s].label).wrapping_add(first_byte(&kg.entities()[o].label)));
        touch_relation(r).wrapping_add(labels)
    };
    for r in touched_ahead(&sel.relations, touch) {
        push_edge_line(&mut s, kg, r, sel.edge_labels, &mut scratch);
        pass_on(&mut s, out)?;
    }
    s.push_str("}\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// The legend: a "Legend" heading and one node per type present, drawn with its real shape and
/// colour (named `kg:legend:Type`, which no entity id can be), then a solid and a dashed sample
/// edge. No cluster, since `neato` and `sfdp` ignore clusters: invisible edges hold the entries
/// together as a grid.
fn legend(s: &mut String, types: &BTreeSet<EntityType>) {
    let mut names = vec!["kg:legend".to_string()];
    let _ =
        writeln!(s, "  \"kg:legend\" {};", attrs(&[("label", "Legend:"), ("shape", "plaintext"), ("fontsize", "12")]));
    for t in types {
        let style = type_style(*t);
        let name = format!("kg:legend:{}", t.name());
        let _ = writeln!(
            s,
            "  {} {};",
            dot_quote(&name),
            attrs(&[
                ("label", t.name()),
                ("shape", style.shape),
                ("style", "filled"),
                ("fillcolor", style.fill),
                ("fontsize", "9"),
                ("tooltip", t.comment())
            ])
        );
        names.push(name);
    }
    for (name, label, style, color) in [
        ("stated", "stated in the essay", "solid", STATED_COLOUR),
        ("background", "background (implied)", "dashed", BACKGROUND_COLOUR),
    ] {
        let (from, to) = (format!("kg:legend:{name}"), format!("kg:legend:{name}:to"));
        for (end, label) in [(&from, label), (&to, "")] {
            let _ = writeln!(
                s,
                "  {} {};",
                dot_quote(end),
                attrs(&[("label", label), ("shape", "plaintext"), ("fontsize", "9"), ("fontcolor", color)])
            );
        }
        let _ = writeln!(
            s,
            "  {} -> {} {};",
            dot_quote(&from),
            dot_quote(&to),
            attrs(&[("style", style), ("color", color), ("minlen", "1")])
        );
        names.push(from);
    }
    // Short chains, each a row (left-right) or a column (top-bottom) for `dot`; the chains are
    // tied entry by entry with edges that `dot` does not rank by (constraint=false) but the spring
    // layouts (`neato`, `fdp`, `sfdp`) pull together, so the legend stays a grid there too.
    let quoted: Vec<String> = names.iter().map(|n| dot_quote(n)).collect();
    let chains: Vec<&[String]> = quoted.chunks(LEGEND_ROW).collect();
    for chain in &chains {
        if chain.len() > 1 {
            let _ = writeln!(s, "  {} {};", chain.join(" -> "), attrs(&[("style", "invis"), ("len", "0.6")]));
        }
    }
    // The columns too, so that the spring layouts keep a grid rather than loose strings.
    for pair in chains.windows(2) {
        for (above, below) in pair[0].iter().zip(pair[1].iter()) {
            let _ = writeln!(
                s,
                "  {above} -> {below} {};",
                attrs(&[("style", "invis"), ("constraint", "false"), ("len", "0.6")])
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoting before it skipped words: byte by byte, the reference `dot_quote` is held to.
    fn dot_quote_before(s: &str) -> String {
        let mut out = String::from("\"");
        let mut plain = 0;
        for (i, b) in s.bytes().enumerate() {
            let escaped = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "",
                _ => continue,
            };
            out.push_str(&s[plain..i]);
            out.push_str(escaped);
            plain = i + 1;
        }
        out.push_str(&s[plain..]);
        out.push('"');
        out
    }

    proptest::proptest! {
        #[test]
        fn dot_ids_are_quoted_as_before(s in "([\"\\\\\t\r\n\u{0}-\u{1f}\u{7f}]|é|[a-z ]|\\PC)*") {
            proptest::prop_assert_eq!(super::dot_quote(&s), dot_quote_before(&s));
        }
    }

    /// The relations among `nodes` as they were found before: a set of the nodes, the ids sorted.
    fn relations_among_before<'a>(kg: &'a KnowledgeGraph, nodes: &[NodeIndex]) -> Vec<&'a Relation> {
        let included: HashSet<NodeIndex> = nodes.iter().copied().collect();
        let g = kg.graph();
        let mut relations: Vec<&Relation> = nodes
            .iter()
            .flat_map(|&n| g.edges_directed(n, Direction::Outgoing))
            .filter(|e| included.contains(&e.target()))
            .map(|e| kg.relation_at(e.id()))
            .collect();
        relations.sort_by(|a, b| a.id.cmp(&b.id));
        relations
    }

    #[test]
    fn the_relations_among_nodes_are_found_as_before() {
        let kg = KnowledgeGraph::builtin().unwrap();
        // A dataset built by hand need not keep its relations sorted by id, nor their ids apart
        // (the loader does both): the ids sorted as before, the walk's order kept among repeats.
        let mut reversed = kg.data().clone();
        reversed.relations.reverse();
        let mut repeated = kg.data().clone();
        let n = repeated.relations.len();
        repeated.relations[n / 2].id = repeated.relations[n / 3].id.clone();
        repeated.relations[1].id = repeated.relations[0].id.clone();
        for kg in [kg, KnowledgeGraph::new(reversed), KnowledgeGraph::new(repeated)] {
            let all: Vec<NodeIndex> = kg.graph().node_indices().collect();
            let every = |k: usize| all.iter().copied().step_by(k).collect::<Vec<_>>();
            let focus = focus_selection(&kg, kg.node("sakhalin").expect("in the essay"), 2).nodes;
            assert!(relations_among(&kg, &all).len() > 100, "the whole graph's relations");
            for nodes in [all.clone(), every(2), every(3), all[..all.len() / 2].to_vec(), focus, Vec::new()] {
                let ours: Vec<*const Relation> =
                    relations_among(&kg, &nodes).into_iter().map(|r| r as *const _).collect();
                let before: Vec<*const Relation> =
                    relations_among_before(&kg, &nodes).into_iter().map(|r| r as *const _).collect();
                assert_eq!(ours, before, "{} of {} nodes", nodes.len(), all.len());
            }
        }
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(super::shorten("abcdef", 4), "abc…");
        assert_eq!(super::shorten("abcd", 4), "abcd");
        assert_eq!(super::shorten("ééééé", 3), "éé…");
    }
}
