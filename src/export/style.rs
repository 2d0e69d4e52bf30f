//! How each entity type and each relation looks, in one place, so that every picture-making export
//! (DOT, GraphML, GEXF, HTML, Cytoscape, Mermaid) draws a type the same way, labels an edge the
//! same way, and a change is made once.

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

/// The label of a relation's edge: its reading and the qualifiers that matter ("went to",
/// "under Treaty of Portsmouth", "as mediator", "1905"), one per line, each wrapped to `width`.
pub(crate) fn relation_label(kg: &KnowledgeGraph, r: &Relation, width: usize) -> String {
    let label = |id: &str| kg.entity(id).map_or_else(|| id.to_string(), |e| e.label.to_string());
    let mut lines = vec![r.kind.reading().to_string()];
    if let Some(role) = &r.qualifiers.role {
        lines.push(format!("[{role}]"));
    }
    if let Some(under) = &r.qualifiers.under {
        lines.push(format!("under {}", label(under)));
    }
    if let Some(place) = &r.qualifiers.place {
        lines.push(format!("at {}", label(place)));
    }
    if let Some(d) = r.qualifiers.when() {
        lines.push(format!("({d})"));
    }
    lines.iter().map(|l| wrap(l, width)).collect::<Vec<_>>().join("\n")
}

/// Why a relation holds, as a tooltip says it: the essay's quote, or the basis of a background
/// fact.
pub(crate) fn relation_basis(r: &Relation) -> String {
    match &r.provenance {
        crate::model::Provenance::Essay(e) => format!("\"{}\"", e.quote()),
        crate::model::Provenance::Background { basis, .. } => format!("background: {basis}"),
    }
}

/// Breaks `text` into lines of at most `width` characters at spaces (a longer word stays whole):
/// "Treaty of Shimoda" at 10 is "Treaty of" and "Shimoda" (see the tests below).
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
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
    out
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
