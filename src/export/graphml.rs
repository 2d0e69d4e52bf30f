//! The GraphML export, for yEd, Gephi and networkx: typed `<key>` declarations before the graph,
//! then one `<node>` per entity and one `<edge>` per relation carrying the flat attributes of
//! `flat.rs` (the IRI, supertypes, quantities, notes, evidence, background bases and context;
//! lists joined with `"; "`, since GraphML attributes are scalars), every value XML-escaped.
//!
//! Styling for yEd: each node also carries a yFiles `y:ShapeNode` (fill colour and the nearest yEd
//! shape to the DOT styling, from `style.rs`; its label), each edge a `y:PolyLineEdge` (an arrow,
//! its reading as label, dashed when it is background knowledge). Other readers ignore the
//! `yfiles.type` keys: networkx reads them as extra attributes (`shape_type`, ...), Gephi skips
//! them. yEd draws every node at the origin: use one of its layouts (Layout > Hierarchic).

use std::io::Write;

use super::decimal::push_u64;
use super::escape::{push_escaped, xml_special, xml_special_marks};
use super::flat::{
    entity_columns, entity_rows, output_buffer, pass_on, push_key, relation_columns, relation_rows, short_plain,
    xml_type, Attrs, Column, LIST_SEPARATOR,
};
use super::style::type_style;
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;

/// Escapes text for XML content and attribute values; characters XML 1.0 does not allow (control
/// characters other than tab and line breaks) become U+FFFD.
#[cfg(test)]
pub(super) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_xml(&mut out, s);
    out
}

/// `xml` onto the end of `out`: runs of plain text copied whole (every character replaced is
/// ASCII or U+FFFE/U+FFFF, found by their bytes, so a run never splits a character).
///
/// A string of at most 16 bytes with nothing to escape is copied as it is (`short_plain`).
pub(super) fn push_xml(out: &mut String, s: &str) {
    if short_plain(s, xml_special) == Some(true) {
        out.push_str(s);
    } else {
        push_escaped(out, s, xml_special_marks, xml_escape);
    }
}

/// How XML writes the byte at `i` (and the bytes of its character), when it is one XML escapes
/// or replaces.
pub(super) fn xml_escape(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
    match bytes[i] {
        b'&' => Some(("&amp;", 1)),
        b'<' => Some(("&lt;", 1)),
        b'>' => Some(("&gt;", 1)),
        b'"' => Some(("&quot;", 1)),
        b'\'' => Some(("&apos;", 1)),
        b'\t' | b'\n' | b'\r' => None,
        0x00..=0x1F => Some(("\u{FFFD}", 1)),
        0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some(("\u{FFFD}", 3)),
        _ => None,
    }
}

/// The yEd `y:Shape` type nearest to a Graphviz shape.
fn yed_shape(graphviz: &str) -> &'static str {
    match graphviz {
        "box" | "rect" | "rectangle" | "square" => "rectangle",
        "octagon" => "octagon",
        "hexagon" => "hexagon",
        "diamond" => "diamond",
        "triangle" => "triangle",
        "trapezium" | "house" => "trapezoid",
        "invtrapezium" | "invhouse" => "trapezoid2",
        "parallelogram" => "parallelogram",
        "septagon" => "octagon",
        "pentagon" => "hexagon",
        "Mdiamond" => "diamond",
        "cds" => "fatarrow",
        "component" => "roundrectangle",
        "note" | "folder" | "tab" | "box3d" | "cylinder" => "rectangle3d",
        _ => "ellipse",
    }
}

fn keys(s: &mut String, prefix: &str, domain: &str, cols: &[Column]) {
    for (name, kind) in cols {
        s.push_str("  <key id=\"");
        s.push_str(prefix);
        s.push('_');
        push_xml(s, name);
        s.push_str("\" for=\"");
        s.push_str(domain);
        s.push_str("\" attr.name=\"");
        push_xml(s, name);
        s.push_str("\" attr.type=\"");
        s.push_str(xml_type(*kind));
        s.push_str("\"/>\n");
    }
}

fn data(s: &mut String, prefix: &str, attrs: &Attrs) {
    for (key, value) in attrs {
        s.push_str("      <data key=\"");
        s.push_str(prefix);
        s.push('_');
        push_key(s, key, push_xml);
        s.push_str("\">");
        value.write_text(LIST_SEPARATOR, s, push_xml);
        s.push_str("</data>\n");
    }
}

/// Writes the graph as GraphML with yEd styling; entity IRIs under `rdf.base`.
pub fn write_graphml(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    let mut s = output_buffer();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:y=\"http://www.yworks.com/xml/graphml\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n");
    keys(&mut s, "n", "node", &entity_columns(kg, &base)?);
    keys(&mut s, "e", "edge", &relation_columns(kg));
    s.push_str("  <key id=\"n_yfiles\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
    s.push_str("  <key id=\"e_yfiles\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n");
    s.push_str("  <graph id=\"kg\" edgedefault=\"directed\">\n    <desc>");
    push_xml(&mut s, &kg.data().title);
    s.push_str("</desc>\n");
    for (e, attrs) in entity_rows(kg, &base)? {
        s.push_str("    <node id=\"");
        push_xml(&mut s, &e.id);
        s.push_str("\">\n");
        data(&mut s, "n", &attrs);
        let style = type_style(e.entity_type);
        // yEd does not size nodes to their labels; about 7 pixels a character fits its default
        // font (a whole number, which is how the former `f64` printed).
        let width = e.label.chars().count().max(6) * 7 + 20;
        s.push_str("      <data key=\"n_yfiles\"><y:ShapeNode><y:Geometry width=\"");
        push_u64(&mut s, u64::try_from(width).unwrap_or(u64::MAX));
        s.push_str("\" height=\"40.0\"/><y:Fill color=\"");
        push_upper_hex(&mut s, style.fill);
        s.push_str(
            "\" transparent=\"false\"/><y:BorderStyle color=\"#444444\" type=\"line\" width=\"1.0\"/><y:NodeLabel>",
        );
        push_xml(&mut s, &e.label);
        s.push_str("</y:NodeLabel><y:Shape type=\"");
        s.push_str(yed_shape(style.shape));
        s.push_str("\"/></y:ShapeNode></data>\n    </node>\n");
        pass_on(&mut s, out)?;
    }
    for (r, attrs) in relation_rows(kg) {
        s.push_str("    <edge id=\"");
        push_xml(&mut s, &r.id);
        s.push_str("\" source=\"");
        push_xml(&mut s, &r.subject);
        s.push_str("\" target=\"");
        push_xml(&mut s, &r.object);
        s.push_str("\">\n");
        data(&mut s, "e", &attrs);
        let (line, color) = if r.is_stated() { ("line", "#444444") } else { ("dashed", "#999999") };
        s.push_str("      <data key=\"e_yfiles\"><y:PolyLineEdge><y:LineStyle color=\"");
        s.push_str(color);
        s.push_str("\" type=\"");
        s.push_str(line);
        s.push_str("\" width=\"1.0\"/><y:Arrows source=\"none\" target=\"standard\"/><y:EdgeLabel>");
        push_xml(&mut s, r.kind.reading());
        s.push_str("</y:EdgeLabel></y:PolyLineEdge></data>\n    </edge>\n");
        pass_on(&mut s, out)?;
    }
    s.push_str("  </graph>\n</graphml>\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// A style colour (`#9ecae1`, from `style.rs`: ASCII, nothing XML escapes) in upper case, as yEd
/// writes colours.
fn push_upper_hex(s: &mut String, colour: &str) {
    s.extend(colour.chars().map(|c| c.to_ascii_uppercase()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_replaces_characters_xml_forbids() {
        assert_eq!(xml("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(xml("bell\u{7}tab\t"), "bell\u{FFFD}tab\t");
        assert_eq!(xml("é\u{FFFE}✓\u{FFFF}\u{FFFD}\r\n\u{7f}"), "é\u{FFFD}✓\u{FFFD}\u{FFFD}\r\n\u{7f}");
    }

    /// The escaper before it skipped words: byte by byte, the reference `push_xml` is held to.
    fn xml_before(s: &str) -> String {
        let mut out = String::new();
        let bytes = s.as_bytes();
        let (mut plain, mut i) = (0, 0);
        while i < bytes.len() {
            let (replacement, len) = match bytes[i] {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                b'\'' => ("&apos;", 1),
                b'\t' | b'\n' | b'\r' => {
                    i += 1;
                    continue;
                }
                0x00..=0x1F => ("\u{FFFD}", 1),
                0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{FFFD}", 3),
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.push_str(&s[plain..i]);
            out.push_str(replacement);
            i += len;
            plain = i;
        }
        out.push_str(&s[plain..]);
        out
    }

    proptest::proptest! {
        #[test]
        fn xml_is_escaped_as_before(s in "([\"&'<>=?!()\t\r\n\u{0}-\u{1f}\u{7f}\u{fffe}\u{ffff}\u{fffd}\u{efbf}]|é|[a-z ]|\\PC)*") {
            proptest::prop_assert_eq!(xml(&s), xml_before(&s));
        }
    }

    #[test]
    fn every_style_shape_has_a_yed_shape() {
        for &t in crate::model::EntityType::ALL {
            let shape = type_style(t).shape;
            assert!(shape == "ellipse" || shape == "circle" || yed_shape(shape) != "ellipse", "{shape} unmapped");
        }
    }
}
