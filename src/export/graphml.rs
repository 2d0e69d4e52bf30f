//! The GraphML export, for Gephi, yEd and networkx: typed `<key>` declarations before the graph,
//! then one `<node>` per entity and one `<edge>` per relation, every value XML-escaped. List
//! values (aliases) are joined with "; " since GraphML attributes are scalars.

use std::fmt::Write as _;
use std::io::Write;

use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Dated, Provenance};

/// Escapes text for XML content and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `(id, for, attr.type)` of every key, in output order.
const NODE_KEYS: &[(&str, &str)] = &[
    ("label", "string"),
    ("type", "string"),
    ("aliases", "string"),
    ("background_aliases", "string"),
    ("wikidata", "string"),
    ("date", "string"),
    ("start", "string"),
    ("end", "string"),
    ("evidence", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
    ("mentions", "int"),
];

const EDGE_KEYS: &[(&str, &str)] = &[
    ("relation", "string"),
    ("label", "string"),
    ("under", "string"),
    ("place", "string"),
    ("date", "string"),
    ("start", "string"),
    ("end", "string"),
    ("role", "string"),
    ("background", "boolean"),
    ("evidence", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
    ("basis", "string"),
];

fn data(s: &mut String, prefix: &str, key: &str, value: &str) {
    let _ = writeln!(s, "      <data key=\"{prefix}_{key}\">{}</data>", xml(value));
}

/// Writes the graph as GraphML.
pub fn write_graphml(kg: &KnowledgeGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (prefix, domain, keys) in [("n", "node", NODE_KEYS), ("e", "edge", EDGE_KEYS)] {
        for (name, ty) in keys {
            let _ =
                writeln!(s, "  <key id=\"{prefix}_{name}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>");
        }
    }
    let _ = writeln!(s, "  <graph id=\"{}\" edgedefault=\"directed\">", xml("kg"));
    let _ = writeln!(s, "    <desc>{}</desc>", xml(&kg.data().title));
    for e in kg.entities() {
        let _ = writeln!(s, "    <node id=\"{}\">", xml(&e.id));
        data(&mut s, "n", "label", &e.label);
        data(&mut s, "n", "type", e.entity_type.name());
        data(&mut s, "n", "aliases", &e.aliases.join("; "));
        data(&mut s, "n", "background_aliases", &e.background_aliases.join("; "));
        if let Some(q) = &e.wikidata {
            data(&mut s, "n", "wikidata", q);
        }
        for (key, d) in [("date", &e.date), ("start", &e.start), ("end", &e.end)] {
            if let Some(Dated { value, .. }) = d {
                data(&mut s, "n", key, &value.to_string());
            }
        }
        data(&mut s, "n", "evidence", &e.evidence.quote);
        data(&mut s, "n", "evidence_start", &e.evidence.start.to_string());
        data(&mut s, "n", "evidence_end", &e.evidence.end.to_string());
        data(&mut s, "n", "mentions", &e.mentions.len().to_string());
        s.push_str("    </node>\n");
    }
    for r in kg.relations() {
        let _ = writeln!(
            s,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml(&r.id),
            xml(&r.subject),
            xml(&r.object)
        );
        data(&mut s, "e", "relation", r.kind.name());
        data(&mut s, "e", "label", r.kind.reading());
        let q = &r.qualifiers;
        for (key, v) in [("under", &q.under), ("place", &q.place), ("role", &q.role)] {
            if let Some(v) = v {
                data(&mut s, "e", key, v);
            }
        }
        for (key, d) in [("date", q.date), ("start", q.start), ("end", q.end)] {
            if let Some(d) = d {
                data(&mut s, "e", key, &d.to_string());
            }
        }
        data(&mut s, "e", "background", if r.is_stated() { "false" } else { "true" });
        match &r.provenance {
            Provenance::Essay(ev) => {
                data(&mut s, "e", "evidence", &ev.quote);
                data(&mut s, "e", "evidence_start", &ev.start.to_string());
                data(&mut s, "e", "evidence_end", &ev.end.to_string());
            }
            Provenance::Background { basis, .. } => data(&mut s, "e", "basis", basis),
        }
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}
