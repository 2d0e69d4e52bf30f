//! How each entity type looks, in one place, so that every picture-making export (DOT, GraphML,
//! GEXF, HTML, Cytoscape, Mermaid) draws a type the same way and a change is made once.

use crate::model::EntityType;

/// The look of an entity type: a Graphviz shape name and a fill colour (`#rrggbb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TypeStyle {
    /// Graphviz node shape (`box`, `ellipse`, ...); other formats map it to their nearest shape.
    pub shape: &'static str,
    /// Fill colour as `#rrggbb`.
    pub fill: &'static str,
}

/// The look of `t`.
pub(crate) fn type_style(t: EntityType) -> TypeStyle {
    use EntityType::*;
    let (shape, fill) = match t {
        Agent | State => ("box", "#9ecae1"),
        Person => ("ellipse", "#fdd0a2"),
        Organisation | Government | Alliance => ("box", "#dadaeb"),
        Army => ("octagon", "#bcbddc"),
        Territory | Region => ("house", "#c7e9c0"),
        Island | IslandGroup => ("invhouse", "#a1d99b"),
        Peninsula => ("trapezium", "#c7e9c0"),
        City => ("circle", "#e5f5e0"),
        Sea => ("cylinder", "#c6dbef"),
        Forest => ("triangle", "#74c476"),
        Event | Visit | Conference | Dispute => ("diamond", "#fee391"),
        War | Attack | Intervention => ("diamond", "#fc9272"),
        Treaty | Pact | Agreement => ("note", "#fcbba1"),
        Work => ("folder", "#f0f0f0"),
    };
    TypeStyle { shape, fill }
}
