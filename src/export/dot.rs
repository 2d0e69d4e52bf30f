//! The DOT export, by our own emitter: petgraph's `Dot` names nodes by index and is meant for
//! debugging. Nodes are named by entity id; every ID and label is a quoted DOT string escaped by
//! the grammar (so keywords such as `node` or `graph`, quotes, backslashes and newlines are safe).
//! Shape and colour follow the entity type, edges carry the relation's reading, background
//! relations are dashed, and a legend explains it all.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::fmt::Write as _;
use std::io::Write;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::style::type_style;
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityType, Relation};

/// The direction in which `dot` ranks the graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
}

impl RankDir {
    fn as_dot(self) -> &'static str {
        match self {
            RankDir::LeftRight => "LR",
            RankDir::TopBottom => "TB",
        }
    }
}

/// Options of the DOT export.
#[derive(Debug, Clone, Default)]
pub struct DotOptions {
    /// Only the neighbourhood of this entity id (`None`: the whole graph).
    pub focus: Option<String>,
    /// How many hops around `focus`, following relations in either direction.
    pub depth: usize,
    /// Layout direction.
    pub rankdir: RankDir,
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
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attrs(pairs: &[(&str, &str)]) -> String {
    let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", dot_quote(v))).collect();
    format!("[{}]", inner.join(", "))
}

/// The node indices to draw: all, or those within `depth` hops of the focus.
pub(super) fn selected(kg: &KnowledgeGraph, options: &DotOptions) -> Vec<NodeIndex> {
    let g = kg.graph();
    let Some(focus) = options.focus.as_deref().and_then(|id| kg.node(id)) else {
        return g.node_indices().collect();
    };
    let mut seen: HashSet<NodeIndex> = HashSet::from([focus]);
    let mut queue = VecDeque::from([(focus, 0)]);
    while let Some((n, d)) = queue.pop_front() {
        if d == options.depth {
            continue;
        }
        for m in g.neighbors_undirected(n) {
            if seen.insert(m) {
                queue.push_back((m, d + 1));
            }
        }
    }
    let mut nodes: Vec<NodeIndex> = seen.into_iter().collect();
    nodes.sort();
    nodes
}

/// The relations whose both ends are among `nodes`, sorted by id.
pub(super) fn relations_among<'a>(kg: &'a KnowledgeGraph, nodes: &[NodeIndex]) -> Vec<&'a Relation> {
    let included: HashSet<NodeIndex> = nodes.iter().copied().collect();
    let g = kg.graph();
    let mut edges: Vec<&Relation> = nodes
        .iter()
        .flat_map(|&n| g.edges_directed(n, Direction::Outgoing))
        .filter(|e| included.contains(&e.target()))
        .map(|e| kg.relation_at(e.id()))
        .collect();
    edges.sort_by(|a, b| a.id.cmp(&b.id));
    edges
}

fn node_line(e: &Entity, focus: bool) -> String {
    let style = type_style(e.entity_type);
    let (shape, fill) = (style.shape, style.fill);
    let label = format!("{}\n{}", e.label, e.entity_type);
    let tooltip = format!("{} ({}): \"{}\"", e.label, e.id, e.evidence.quote);
    let pen = if focus { "3" } else { "1" };
    format!(
        "  {} {};\n",
        dot_quote(&e.id),
        attrs(&[
            ("label", &label),
            ("shape", shape),
            ("style", "filled"),
            ("fillcolor", fill),
            ("penwidth", pen),
            ("tooltip", &tooltip)
        ])
    )
}

fn edge_line(r: &Relation) -> String {
    let mut label = r.kind.reading().to_string();
    if let Some(d) = r.qualifiers.when() {
        label.push_str(&format!("\n({d})"));
    }
    let tooltip = match r.provenance.passage() {
        Some(p) if r.is_stated() => format!("\"{}\"", p.quote),
        _ => "background knowledge".to_string(),
    };
    let (style, color) = if r.is_stated() { ("solid", "#444444") } else { ("dashed", "#999999") };
    format!(
        "  {} -> {} {};\n",
        dot_quote(&r.subject),
        dot_quote(&r.object),
        attrs(&[
            ("label", &label),
            ("style", style),
            ("color", color),
            ("fontcolor", color),
            ("tooltip", &tooltip),
            ("id", &r.id)
        ])
    )
}

/// Writes the graph, or the neighbourhood of `options.focus`, as a DOT digraph.
pub fn write_dot(kg: &KnowledgeGraph, options: &DotOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let nodes = selected(kg, options);
    let focus = options.focus.as_deref();
    let mut s = String::new();
    let title = match focus.and_then(|id| kg.entity(id)) {
        Some(e) => format!("{}: {} within {} hops", kg.data().title, e.label, options.depth),
        None => kg.data().title.clone(),
    };
    s.push_str("digraph \"kg\" {\n");
    let _ = writeln!(
        s,
        "  graph {};",
        attrs(&[
            ("label", &title),
            ("labelloc", "t"),
            ("fontsize", "20"),
            ("fontname", "Helvetica"),
            ("rankdir", options.rankdir.as_dot()),
            ("nodesep", "0.25"),
            ("ranksep", "0.9"),
            ("tooltip", &title)
        ])
    );
    let _ = writeln!(s, "  node {};", attrs(&[("fontname", "Helvetica"), ("fontsize", "11")]));
    let _ = writeln!(s, "  edge {};", attrs(&[("fontname", "Helvetica"), ("fontsize", "9")]));

    let mut types = BTreeSet::new();
    for &n in &nodes {
        let e = kg.entity_at(n);
        types.insert(e.entity_type);
        s.push_str(&node_line(e, Some(e.id.as_str()) == focus));
    }
    let edges = relations_among(kg, &nodes);
    for r in &edges {
        s.push_str(&edge_line(r));
    }
    legend(&mut s, &types);
    s.push_str("}\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// Escapes text for a DOT HTML-like label (an XML fragment).
fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The legend: one HTML-like table node (named `kg:legend`, which no entity id can be) with a coloured row per type drawn, and the two edge
/// styles.
fn legend(s: &mut String, types: &BTreeSet<EntityType>) {
    let mut rows = String::new();
    for t in types {
        let style = type_style(*t);
        let (shape, fill) = (style.shape, style.fill);
        let _ = write!(
            rows,
            "<TR><TD BGCOLOR=\"{}\">{}</TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"#666666\">{}</FONT></TD></TR>",
            html(fill),
            html(t.name()),
            html(shape)
        );
    }
    rows.push_str("<TR><TD>———</TD><TD ALIGN=\"LEFT\">stated in the essay</TD></TR>");
    rows.push_str("<TR><TD><FONT COLOR=\"#999999\">- - -</FONT></TD><TD ALIGN=\"LEFT\">background (implied)</TD></TR>");
    let _ = writeln!(
        s,
        "  \"kg:legend\" [shape=plaintext, fontsize=10, label=<<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"2\"><TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>{rows}</TABLE>>];"
    );
}
