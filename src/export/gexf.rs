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

use std::fmt::Write as _;
use std::io::Write;

use super::flat::{columns, entity_rows, get, pass_on, relation_rows, xml_type, Attrs, Kind, Value, LIST_SEPARATOR};
use super::graphml::xml;
use super::style::type_style;
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;

/// Attributes GEXF holds natively (label, interval), left out of the attribute values.
const NATIVE: &[&str] = &["label", "earliest", "latest"];

/// The attribute title of a flat attribute.
fn title(name: &str) -> String {
    match name {
        "start" | "end" => format!("stated_{name}"),
        other => other.to_string(),
    }
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

fn declarations(s: &mut String, class: &str, cols: &[(String, Kind)]) {
    let _ = writeln!(s, "    <attributes class=\"{class}\" mode=\"static\">");
    for (name, kind) in cols.iter().filter(|(n, _)| !NATIVE.contains(&n.as_str())) {
        let _ = writeln!(
            s,
            "      <attribute id=\"{}\" title=\"{}\" type=\"{}\"/>",
            xml(name),
            xml(&title(name)),
            xml_type(*kind)
        );
    }
    s.push_str("    </attributes>\n");
}

/// ` start="…" end="…"` from the `earliest` and `latest` attributes.
fn interval(attrs: &Attrs) -> String {
    let mut out = String::new();
    for (key, xml_name) in [("earliest", "start"), ("latest", "end")] {
        if let Some(Value::Day(d)) = get(attrs, key) {
            let _ = write!(out, " {xml_name}=\"{d}\"");
        }
    }
    out
}

fn attvalues(s: &mut String, attrs: &Attrs) {
    s.push_str("        <attvalues>\n");
    for (key, value) in attrs.iter().filter(|(k, _)| !NATIVE.contains(&k.as_str())) {
        let _ =
            writeln!(s, "          <attvalue for=\"{}\" value=\"{}\"/>", xml(key), xml(&value.text(LIST_SEPARATOR)));
    }
    s.push_str("        </attvalues>\n");
}

/// Writes the graph as GEXF 1.3; entity IRIs under `rdf.base`.
pub fn write_gexf(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    let _ = writeln!(
        s,
        "  <meta>\n    <creator>{}</creator>\n    <description>{}</description>\n  </meta>",
        xml(&format!("kg {}", env!("CARGO_PKG_VERSION"))),
        xml(&kg.data().title)
    );
    s.push_str("  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n");
    declarations(&mut s, "node", &columns(entity_rows(kg, &base)?, false));
    declarations(&mut s, "edge", &columns(relation_rows(kg), true));
    s.push_str("    <nodes>\n");
    for (e, attrs) in entity_rows(kg, &base)? {
        let _ = writeln!(s, "      <node id=\"{}\" label=\"{}\"{}>", xml(&e.id), xml(&e.label), interval(&attrs));
        attvalues(&mut s, &attrs);
        let style = type_style(e.entity_type);
        let (r, g, b) = rgb(style.fill);
        let _ = writeln!(s, "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>");
        let _ = writeln!(s, "        <viz:shape value=\"{}\"/>", gexf_shape(style.shape));
        s.push_str("      </node>\n");
        pass_on(&mut s, out)?;
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (r, attrs) in relation_rows(kg) {
        let _ = writeln!(
            s,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\"{}>",
            xml(&r.id),
            xml(&r.subject),
            xml(&r.object),
            xml(r.kind.reading()),
            interval(&attrs)
        );
        attvalues(&mut s, &attrs);
        // The same greys as the DOT export: dark and solid when stated, light and dashed when
        // background knowledge.
        let (color, line) = if r.is_stated() { ("#444444", "solid") } else { ("#999999", "dashed") };
        let (red, green, blue) = rgb(color);
        let _ = writeln!(s, "        <viz:color r=\"{red}\" g=\"{green}\" b=\"{blue}\"/>");
        let _ = writeln!(s, "        <viz:shape value=\"{line}\"/>");
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
