//! How each entity type and each relation looks, in one place, so that every picture-making export
//! (DOT, GraphML, GEXF, HTML, Cytoscape, Mermaid) draws a type the same way, labels an edge the
//! same way, and a change is made once.

use std::borrow::Cow;

use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, Relation};

/// The look of an entity type: a Graphviz shape name and a fill colour (`#rrggbb`).
///
/// Every type differs from every other by shape or colour; the types of one group (agents,
/// places, events, treaties; works stand alone) share a hue family so that the groups read at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TypeStyle {
    /// Graphviz node shape (`box`, `ellipse`, ...); other formats map it to their nearest shape.
    pub shape: &'static str,
    /// Fill colour as `#rrggbb`.
    pub fill: &'static str,
    /// The group the type belongs to (its root class): `Agent`, `Territory`, `Event`, `Treaty`, `Work`.
    pub group: EntityType,
}

/// The look of `t`.
pub(crate) fn type_style(t: EntityType) -> TypeStyle {
    use EntityType::*;
    let (shape, fill) = match t {
        Agent => ("box", "#deebf7"),
        State => ("box", "#9ecae1"),
        Person => ("ellipse", "#fdd0a2"),
        Organisation => ("box3d", "#dadaeb"),
        Army => ("octagon", "#bcbddc"),
        Government => ("tab", "#cbc9e2"),
        Alliance => ("component", "#dadaeb"),
        Territory => ("house", "#e5f5e0"),
        Region => ("pentagon", "#c7e9c0"),
        Island => ("invhouse", "#a1d99b"),
        IslandGroup => ("invtrapezium", "#a1d99b"),
        Peninsula => ("trapezium", "#c7e9c0"),
        City => ("circle", "#e5f5e0"),
        Sea => ("cylinder", "#c6dbef"),
        Forest => ("triangle", "#74c476"),
        Event => ("diamond", "#fff7bc"),
        War => ("diamond", "#fc9272"),
        Conference => ("hexagon", "#fee391"),
        Visit => ("cds", "#fec44f"),
        Attack => ("septagon", "#ef6548"),
        Intervention => ("parallelogram", "#fdae6b"),
        Dispute => ("Mdiamond", "#fee391"),
        Treaty => ("note", "#fcbba1"),
        Pact => ("note", "#f4a582"),
        Agreement => ("note", "#fde0dd"),
        Work => ("folder", "#f0f0f0"),
    };
    let mut group = t;
    while let Some(parent) = group.parent() {
        group = parent;
    }
    TypeStyle { shape, fill, group }
}

/// Stated relations are drawn solid in this colour, background ones dashed in [`BACKGROUND_COLOUR`].
pub(crate) const STATED_COLOUR: &str = "#444444";
/// The colour of background relations.
pub(crate) const BACKGROUND_COLOUR: &str = "#999999";

/// The lines of a relation's edge label, unwrapped: its reading and the qualifiers that matter
/// ("went to", "under Treaty of Portsmouth", "[mediator]", "at Portsmouth", "(1905)"), one per
/// line; a picture wraps each line to its width with [`wrap_into`].
pub(crate) fn relation_label_lines<'a>(kg: &'a KnowledgeGraph, r: &'a Relation) -> Vec<Cow<'a, str>> {
    let label = |id: &'a str| kg.entity(id).map_or(id, |e| e.label.as_str());
    let mut lines = vec![Cow::Borrowed(r.kind.reading())];
    let q = &r.qualifiers;
    if let Some(role) = &q.role {
        lines.push(Cow::Owned(["[", role, "]"].concat()));
    }
    if let Some(under) = &q.under {
        lines.push(Cow::Owned(["under ", label(under)].concat()));
    }
    if let Some(place) = &q.place {
        lines.push(Cow::Owned(["at ", label(place)].concat()));
    }
    if let Some(d) = q.when() {
        lines.push(Cow::Owned(format!("({d})")));
    }
    lines
}

/// The label of a relation's edge: [`relation_label_lines`], each wrapped to `width`.
pub(crate) fn relation_label(kg: &KnowledgeGraph, r: &Relation, width: usize) -> String {
    relation_label_lines(kg, r).iter().map(|l| wrap(l, width)).collect::<Vec<_>>().join("\n")
}

/// Why a relation holds, as a tooltip says it: the essay's quote, or the basis of a background
/// fact; written onto `out`.
pub(crate) fn push_relation_basis(out: &mut String, r: &Relation) {
    match &r.provenance {
        crate::model::Provenance::Essay(e) => {
            out.push('"');
            out.push_str(e.quote());
            out.push('"');
        }
        crate::model::Provenance::Background { basis, .. } => {
            out.push_str("background: ");
            out.push_str(basis);
        }
    }
}

/// Why a relation holds, as a tooltip says it: the essay's quote, or the basis of a background
/// fact.
pub(crate) fn relation_basis(r: &Relation) -> String {
    let mut out = String::new();
    push_relation_basis(&mut out, r);
    out
}

/// Breaks `text` into lines of at most `width` characters at spaces (a longer word stays whole):
/// "Treaty of Shimoda" at 10 is "Treaty of" and "Shimoda" (see the tests below).
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    wrap_into(&mut out, text, width);
    out
}

/// [`wrap`] onto the end of `out`. Runs of white space become one space or one line break.
pub(crate) fn wrap_into(out: &mut String, text: &str, width: usize) {
    let mut line_len = 0;
    for word in text.split_whitespace() {
        // A word's characters, counted only when a line could be too long for it.
        let n = if word.is_ascii() { word.len() } else { word.chars().count() };
        if line_len > 0 && line_len + 1 + n > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_long_words() {
        assert_eq!(wrap("Treaty of Shimoda", 10), "Treaty of\nShimoda");
        assert_eq!(wrap("Nichi-Ro-Washin-Joyaku", 5), "Nichi-Ro-Washin-Joyaku");
        assert_eq!(wrap("a b", 10), "a b");
    }

    #[test]
    fn every_type_differs_from_every_other_by_shape_or_colour() {
        for (i, a) in EntityType::ALL.iter().enumerate() {
            for b in &EntityType::ALL[i + 1..] {
                let (sa, sb) = (type_style(*a), type_style(*b));
                assert!(sa.shape != sb.shape || sa.fill != sb.fill, "{a} and {b} look the same");
            }
        }
    }
}
