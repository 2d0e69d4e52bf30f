//! The GEXF 1.3 export, for Gephi: typed attribute declarations, then one `<node>` per entity and
//! one `<edge>` per relation with the flat attributes of `flat.rs` (lists joined with `"; "`),
//! `viz` colours and shapes from the same type styling as DOT (`style.rs`), dashed background
//! edges, and time intervals: the graph is `mode="dynamic"` with `timeformat="date"`, and every
//! dated entity or relation has `start` and `end` on the first and last day its date covers
//! (`1945-02` runs from 1945-02-01 to 1945-02-28), so Gephi's timeline plays the history. Undated
//! ones are always present.
//!
//! GEXF's own `label`, `start` and `end` hold the label and the interval, so among the attribute
//! values the dates as precise as the essay states them are titled `stated_start` and
//! `stated_end` (and `date`), and `earliest`/`latest` are not repeated.

use std::io::Write;

use super::decimal::{push_date, push_u64};
use super::flat::{
    entity_columns, entity_rows, get, output_buffer, pass_on, push_key, relation_columns, relation_rows, xml_type,
    Attrs, Column, Value, LIST_SEPARATOR,
};
use super::graphml::push_xml;
use super::style::type_style;
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;

/// Attributes GEXF holds natively (label, interval), left out of the attribute values.
const NATIVE: &[&str] = &["label", "earliest", "latest"];

/// Writes the attribute title of a flat attribute.
fn push_title(s: &mut String, name: &str) {
    if matches!(name, "start" | "end") {
        s.push_str("stated_");
    }
    push_xml(s, name);
}

/// The GEXF `viz:shape` nearest to a Graphviz shape (GEXF has disc, square, triangle, diamond).
fn gexf_shape(graphviz: &str) -> &'static str {
    match graphviz {
        "box" | "rect" | "rectangle" | "square" | "note" | "folder" | "tab" | "box3d" => "square",
        "triangle" | "house" | "invhouse" | "trapezium" | "invtrapezium" | "invtriangle" => "triangle",
        "diamond" | "Mdiamond" => "diamond",
        _ => "disc",
    }
}

/// `#rrggbb` as red, green, blue; mid grey for anything else.
fn rgb(hex: &str) -> (u8, u8, u8) {
    let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
    match (hex.len() == 7 && hex.starts_with('#'), channel(1), channel(3), channel(5)) {
        (true, Some(r), Some(g), Some(b)) => (r, g, b),
        _ => (128, 128, 128),
    }
}

fn declarations(s: &mut String, class: &str, cols: &[Column]) {
    s.push_str("    <attributes class=\"");
    s.push_str(class);
    s.push_str("\" mode=\"static\">\n");
    for (name, kind) in cols.iter().filter(|(n, _)| !NATIVE.contains(&n.as_str())) {
        s.push_str("      <attribute id=\"");
        push_xml(s, name);
        s.push_str("\" title=\"");
        push_title(s, name);
        s.push_str("\" type=\"");
        s.push_str(xml_type(*kind));
        s.push_str("\"/>\n");
    }
    s.push_str("    </attributes>\n");
}

/// ` start="…" end="…"` from the `earliest` and `latest` attributes, then `>` and a line end.
fn push_interval(s: &mut String, attrs: &Attrs) {
    for (key, xml_name) in [("earliest", "start"), ("latest", "end")] {
        if let Some(Value::Day(d)) = get(attrs, key) {
            s.push(' ');
            s.push_str(xml_name);
            s.push_str("=\"");
            push_date(s, *d);
            s.push('"');
        }
    }
    s.push_str(">\n");
}

fn attvalues(s: &mut String, attrs: &Attrs) {
    s.push_str("        <attvalues>\n");
    for (key, value) in attrs.iter().filter(|(k, _)| !NATIVE.contains(&k.as_ref())) {
        s.push_str("          <attvalue for=\"");
        push_key(s, key, push_xml);
        s.push_str("\" value=\"");
        value.write_text(LIST_SEPARATOR, s, push_xml);
        s.push_str("\"/>\n");
    }
    s.push_str("        </attvalues>\n");
}

/// `<viz:color …/>` and `<viz:shape …/>`.
fn viz(s: &mut String, colour: &str, shape: &str) {
    let (r, g, b) = rgb(colour);
    for (name, channel) in [("        <viz:color r=\"", r), ("\" g=\"", g), ("\" b=\"", b)] {
        s.push_str(name);
        push_u64(s, u64::from(channel));
    }
    s.push_str("\"/>\n        <viz:shape value=\"");
    s.push_str(shape);
    s.push_str("\"/>\n");
}

/// Writes the graph as GEXF 1.3; entity IRIs under `rdf.base`.
pub fn write_gexf(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    let mut s = output_buffer();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    s.push_str("  <meta>\n    <creator>");
    push_xml(&mut s, concat!("kg ", env!("CARGO_PKG_VERSION")));
    s.push_str("</creator>\n    <description>");
    push_xml(&mut s, &kg.data().title);
    s.push_str("</description>\n  </meta>\n");
    s.push_str("  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n");
    declarations(&mut s, "node", &entity_columns(kg, &base)?);
    declarations(&mut s, "edge", &relation_columns(kg));
    s.push_str("    <nodes>\n");
    for (e, attrs) in entity_rows(kg, &base)? {
        s.push_str("      <node id=\"");
        push_xml(&mut s, &e.id);
        s.push_str("\" label=\"");
        push_xml(&mut s, &e.label);
        s.push('"');
        push_interval(&mut s, &attrs);
        attvalues(&mut s, &attrs);
        let style = type_style(e.entity_type);
        viz(&mut s, style.fill, gexf_shape(style.shape));
        s.push_str("      </node>\n");
        pass_on(&mut s, out)?;
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (r, attrs) in relation_rows(kg) {
        s.push_str("      <edge id=\"");
        push_xml(&mut s, &r.id);
        s.push_str("\" source=\"");
        push_xml(&mut s, &r.subject);
        s.push_str("\" target=\"");
        push_xml(&mut s, &r.object);
        s.push_str("\" label=\"");
        push_xml(&mut s, r.kind.reading());
        s.push('"');
        push_interval(&mut s, &attrs);
        attvalues(&mut s, &attrs);
        // The same greys as the DOT export: dark and solid when stated, light and dashed when
        // background knowledge.
        let (color, line) = if r.is_stated() { ("#444444", "solid") } else { ("#999999", "dashed") };
        viz(&mut s, color, line);
        s.push_str("      </edge>\n");
        pass_on(&mut s, out)?;
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_from_hex_and_fall_back_to_grey() {
        assert_eq!(rgb("#9ecae1"), (0x9e, 0xca, 0xe1));
        assert_eq!(rgb("steelblue"), (128, 128, 128));
        assert_eq!(rgb("#é€"), (128, 128, 128));
    }
}
