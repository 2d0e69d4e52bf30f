//! The Mermaid export: a `flowchart` of the same view the DOT export draws (`--focus NAME
//! --depth N` with its hub rule and node budget, `--view`, or the whole graph; `--rankdir` becomes
//! the flowchart direction; the picture's note on what was left out becomes a comment), short enough to
//! paste into a Markdown file. Node shapes and colours follow the DOT styling (`style.rs`) through
//! one `classDef` per entity type; background relations are dotted arrows.
//!
//! Escaping follows Mermaid's rules: node ids are `n_` and the entity id with every character
//! outside `[A-Za-z0-9_]` written as `_xHH_` (so no id is a keyword such as `end` or `graph`);
//! every label is a quoted string in which `"`, `#`, `<`, `>`, `&`, `` ` `` and `:` are entity
//! codes (`#quot;`, `#35;`, `#lt;`, `#gt;`, `#amp;`, `#96;`, `#58;`) and line breaks `<br/>`. A
//! backtick after the opening quote would start a Markdown string, and a colon would let Mermaid's
//! own preprocessing of `style …:…#…;` lines eat the `;` of an entity code in a label that holds
//! the word "style" or "classDef".
//!
//! Budget: Mermaid refuses diagrams over 500 edges or 50,000 characters by default (`maxEdges`,
//! `maxTextSize`); a view over either is refused here with a message that suggests `--focus`,
//! rather than written and then not rendered.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::dot::selection;
use super::style::type_style;
use super::{DotOptions, DotView, ExportError, RankDir};
use crate::graph::KnowledgeGraph;
use crate::model::EntityType;

/// The most relations a Mermaid view may draw: Mermaid's default `maxEdges`.
pub const MERMAID_MAX_EDGES: usize = 500;

/// The longest Mermaid text written, in characters: Mermaid's default `maxTextSize`.
pub const MERMAID_MAX_TEXT: usize = 50_000;

/// A Mermaid node id: `n_` and the entity id, characters outside `[A-Za-z0-9_]` as `_xHH_`.
#[cfg(test)]
fn node_id(id: &str) -> String {
    let mut out = String::new();
    push_node_id(&mut out, id);
    out
}

/// `node_id` onto the end of `out`.
fn push_node_id(out: &mut String, id: &str) {
    out.push_str("n_");
    if id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        out.push_str(id);
        return;
    }
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            let _ = write!(out, "_x{:X}_", c as u32);
        }
    }
}

/// A quoted Mermaid label, with entity codes for the characters that would end or break it.
#[cfg(test)]
fn label(text: &str) -> String {
    let mut out = String::new();
    push_label(&mut out, text);
    out
}

/// `label` onto the end of `out`: runs of plain text copied whole (every character replaced is
/// ASCII or a control character, found by its first byte or its `char`).
fn push_label(out: &mut String, text: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let code = match c {
            '"' => "#quot;",
            '#' => "#35;",
            '<' => "#lt;",
            '>' => "#gt;",
            '&' => "#amp;",
            '`' => "#96;",
            ':' => "#58;",
            '\n' => "<br/>",
            '\r' => "",
            c if c.is_control() => " ",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(code);
        plain = i + c.len_utf8();
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

/// The Mermaid node shape nearest to a Graphviz shape: the text before and after the label.
fn shape(graphviz: &str) -> (&'static str, &'static str) {
    match graphviz {
        "box" | "rect" | "rectangle" | "square" => ("[", "]"),
        "ellipse" | "oval" => ("([", "])"),
        "circle" => ("((", "))"),
        "octagon" | "hexagon" => ("{{", "}}"),
        "diamond" => ("{", "}"),
        "cylinder" => ("[(", ")]"),
        "house" | "trapezium" => ("[/", "\\]"),
        "invhouse" | "invtrapezium" => ("[\\", "/]"),
        "note" | "folder" | "tab" | "box3d" => ("[[", "]]"),
        "triangle" => (">", "]"),
        _ => ("(", ")"),
    }
}

/// Writes the view of `options` (focus and depth, or the whole graph) as a Mermaid flowchart.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let options = kg::DotOptions { focus: Some("sakhalin".into()), depth: 1, ..Default::default() };
/// let mut out = Vec::new();
/// kg::write_mermaid(&kg, &options, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("flowchart LR"));
/// assert!(text.contains("n_sakhalin -->|\"went to (1875)\"| n_russian_empire"));
/// ```
pub fn write_mermaid(kg: &KnowledgeGraph, options: &DotOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let text = render(kg, options)?;
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn render(kg: &KnowledgeGraph, options: &DotOptions) -> Result<String, ExportError> {
    render_within(kg, options, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT)
}

fn render_within(
    kg: &KnowledgeGraph,
    options: &DotOptions,
    max_edges: usize,
    max_text: usize,
) -> Result<String, ExportError> {
    let sel = selection(kg, options);
    let (nodes, edges) = (&sel.nodes, &sel.relations);
    let view = match &options.focus {
        Some(id) => format!("the view of {id} within {} hops", options.depth),
        None => match options.view {
            DotView::Whole | DotView::Overview => "the whole graph".to_string(),
            DotView::Territories => "the territories-and-treaties view".to_string(),
        },
    };
    let too_large = |what: String| ExportError::Unrepresentable {
        format: "mermaid",
        reason: format!("{view} is {what}, over Mermaid's budget; draw a smaller view with --focus NAME --depth N"),
    };
    if edges.len() > max_edges {
        return Err(too_large(format!("{} relations (at most {max_edges})", edges.len())));
    }

    let direction = match options.rankdir {
        RankDir::LeftRight => "LR",
        RankDir::TopBottom => "TD",
        RankDir::BottomTop => "BT",
        RankDir::RightLeft => "RL",
    };
    let mut s = format!("flowchart {direction}\n");
    // Comments, not a `title:` front matter, so that the text pastes into any Markdown fence.
    let _ = writeln!(s, "  %% {}", sel.title.replace(['\n', '\r'], " "));
    if let Some(note) = &sel.note {
        let _ = writeln!(s, "  %% {}", note.replace(['\n', '\r'], " "));
    }
    let mut classes: BTreeMap<EntityType, Vec<&str>> = BTreeMap::new();
    let mut text = String::new();
    for &n in nodes {
        let e = kg.entity_at(n);
        let (open, close) = shape(type_style(e.entity_type).shape);
        text.clear();
        let _ = write!(text, "{}\n{}", e.label, e.entity_type);
        s.push_str("  ");
        push_node_id(&mut s, &e.id);
        s.push_str(open);
        push_label(&mut s, &text);
        s.push_str(close);
        s.push('\n');
        classes.entry(e.entity_type).or_default().push(&e.id);
    }
    for r in edges {
        let arrow = if r.is_stated() { " -->|" } else { " -.->|" };
        text.clear();
        text.push_str(r.kind.reading());
        if let Some(d) = r.qualifiers.when() {
            let _ = write!(text, " ({d})");
        }
        s.push_str("  ");
        push_node_id(&mut s, &r.subject);
        s.push_str(arrow);
        push_label(&mut s, &text);
        s.push_str("| ");
        push_node_id(&mut s, &r.object);
        s.push('\n');
    }
    for (t, ids) in &classes {
        let (type_name, style) = (t.name(), type_style(*t));
        let _ = writeln!(s, "  classDef t_{type_name} fill:{},stroke:#444444", style.fill);
        s.push_str("  class ");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            push_node_id(&mut s, id);
        }
        let _ = writeln!(s, " t_{type_name}");
    }
    if let Some(focus) = &options.focus {
        s.push_str("  style ");
        push_node_id(&mut s, focus);
        s.push_str(" stroke-width:3px\n");
    }
    let chars = s.chars().count();
    if chars > max_text {
        return Err(too_large(format!("{chars} characters (at most {max_text})")));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The label and id escapers before they wrote onto one string, character by character: the
    /// references the new ones are held to.
    fn label_before(text: &str) -> String {
        let mut out = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => out.push_str("#quot;"),
                '#' => out.push_str("#35;"),
                '<' => out.push_str("#lt;"),
                '>' => out.push_str("#gt;"),
                '&' => out.push_str("#amp;"),
                '`' => out.push_str("#96;"),
                ':' => out.push_str("#58;"),
                '\n' => out.push_str("<br/>"),
                '\r' => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn node_id_before(id: &str) -> String {
        let mut out = String::from("n_");
        for c in id.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                out.push(c);
            } else {
                let _ = write!(out, "_x{:X}_", c as u32);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn labels_and_ids_are_escaped_as_before(s in "([\"#<>&`:\r\n\t\u{0}-\u{1f}\u{7f}\u{85}]|é|[a-z_ ]|\\PC)*") {
            prop_assert_eq!(label(&s), label_before(&s));
            prop_assert_eq!(node_id(&s), node_id_before(&s));
        }
    }

    #[test]
    fn ids_are_prefixed_and_restricted_to_safe_characters() {
        assert_eq!(node_id("end"), "n_end");
        assert_eq!(node_id("a.b-c"), "n_a_x2E_b_x2D_c");
    }

    #[test]
    fn labels_are_quoted_with_entity_codes() {
        assert_eq!(
            label("say \"hi\" #1 <b> & more\nnext"),
            "\"say #quot;hi#quot; #35;1 #lt;b#gt; #amp; more<br/>next\""
        );
        // A backtick right after the quote would open a Markdown string.
        assert_eq!(label("`md`"), "\"#96;md#96;\"");
        // Mermaid would take `style: …#gt;` for a style line and drop the `;`.
        assert_eq!(label("style: x>"), "\"style#58; x#gt;\"");
    }

    #[test]
    fn a_view_over_the_budget_is_refused_with_a_suggestion() {
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        let whole = DotOptions::default();
        let err = render_within(&kg, &whole, 10, MERMAID_MAX_TEXT).unwrap_err().to_string();
        assert!(err.contains("the whole graph is") && err.contains("at most 10") && err.contains("--focus"), "{err}");
        let err = render_within(&kg, &whole, MERMAID_MAX_EDGES, 1000).unwrap_err().to_string();
        assert!(err.contains("characters (at most 1000)"), "{err}");
        assert!(render(&kg, &whole).is_ok(), "the essay's whole graph fits Mermaid's default limits");
    }
}
