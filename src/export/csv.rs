//! The CSV export: a nodes file and a relationships file for spreadsheets, R, pandas, igraph and
//! Neo4j's bulk importer (`neo4j-admin database import full --nodes=essay.nodes.csv
//! --relationships=essay.relationships.csv`), quoted by RFC 4180 (every value in double quotes,
//! a quote doubled, CRLF line ends; an absent value is an empty, unquoted field, which the
//! importer reads as no property rather than an empty string).
//!
//! Headers follow the importer's conventions: `id:ID` and `:LABEL` (the type and its supertypes,
//! `Island;Territory`) in the nodes file, `:START_ID`, `:END_ID` and `:TYPE` (the relation kind
//! in upper case, `TRANSFERRED_TO`) in the relationships file; then the flat attributes of
//! `flat.rs`, typed `name:long`, `name:boolean`, `name:date` (only `earliest` and `latest`, which
//! are always full dates; dates as precise as the essay gives them stay strings) or
//! `name:string[]` (aliases), lists joined by the importer's default array delimiter `;`.

use std::io::Write;

use super::flat::{columns, entity_rows, get, pass_on, relation_rows, type_names, Attrs, Kind, Value};
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;

/// The array delimiter: neo4j-admin's default, which `--array-delimiter` can change.
pub const CSV_ARRAY_DELIMITER: char = ';';

/// Quotes a field by RFC 4180: always in double quotes, each `"` doubled.
fn field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn record(fields: &[String]) -> String {
    let mut line = fields.join(",");
    line.push_str("\r\n");
    line
}

/// The header of an attribute column, typed for neo4j-admin.
fn header(name: &str, kind: Kind) -> String {
    match kind {
        Kind::Text => name.to_string(),
        Kind::Int => format!("{name}:long"),
        Kind::Bool => format!("{name}:boolean"),
        Kind::Day => format!("{name}:date"),
        Kind::List => format!("{name}:string[]"),
    }
}

/// Joins list items with the array delimiter, which no item may contain (the importer has no
/// escape for it).
fn array(items: &[String], owner: &str, column: &str) -> Result<String, ExportError> {
    if let Some(item) = items.iter().find(|i| i.contains(CSV_ARRAY_DELIMITER)) {
        return Err(ExportError::Unrepresentable {
            format: "csv",
            reason: format!(
                "{owner}: the {column} value {item:?} contains the array delimiter `{CSV_ARRAY_DELIMITER}`; rename it in the annotations"
            ),
        });
    }
    Ok(items.join(&CSV_ARRAY_DELIMITER.to_string()))
}

/// Refuses a row with a list item that holds the array delimiter.
fn check_lists(attrs: &Attrs, owner: &str) -> Result<(), ExportError> {
    for (column, value) in attrs {
        if let Value::List(items) = value {
            array(items, owner, column)?;
        }
    }
    Ok(())
}

fn cell(attrs: &Attrs, column: &str, owner: &str) -> Result<String, ExportError> {
    Ok(match get(attrs, column) {
        None => String::new(),
        Some(Value::List(items)) => field(&array(items, owner, column)?),
        Some(v) => field(&v.text("")),
    })
}

/// Writes the nodes file: one row per entity, sorted by id; entity IRIs under `rdf.base`.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let mut out = Vec::new();
/// kg::write_csv_nodes(&kg, &kg::RdfOptions::default(), &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("\"id:ID\",\":LABEL\",\"iri\""));
/// assert!(text.contains("\"sakhalin\",\"Island;Territory\""));
/// ```
pub fn write_csv_nodes(kg: &KnowledgeGraph, rdf: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let base = rdf.base_for(kg);
    let cols = columns(entity_rows(kg, &base)?, false);
    // Every list is checked for the delimiter before the first byte, so that the export fails
    // whole or not at all.
    for (e, attrs) in entity_rows(kg, &base)? {
        let owner = format!("entity {}", e.id);
        array(&type_names(e), &owner, ":LABEL")?;
        check_lists(&attrs, &owner)?;
    }
    let mut s = String::new();
    let mut head = vec![field("id:ID"), field(":LABEL")];
    head.extend(cols.iter().map(|(name, kind)| field(&header(name, *kind))));
    s.push_str(&record(&head));
    for (e, attrs) in entity_rows(kg, &base)? {
        let owner = format!("entity {}", e.id);
        let mut fields = vec![field(&e.id), field(&array(&type_names(e), &owner, ":LABEL")?)];
        for (name, _) in &cols {
            fields.push(cell(&attrs, name, &owner)?);
        }
        s.push_str(&record(&fields));
        pass_on(&mut s, out)?;
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// Writes the relationships file: one row per relation, sorted by relation id.
pub fn write_csv_relationships(kg: &KnowledgeGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    let cols = columns(relation_rows(kg), true);
    for (r, attrs) in relation_rows(kg) {
        check_lists(&attrs, &format!("relation {}", r.id))?;
    }
    let mut s = String::new();
    let mut head = vec![field(":START_ID"), field(":END_ID"), field(":TYPE"), field("id")];
    head.extend(cols.iter().map(|(name, kind)| field(&header(name, *kind))));
    s.push_str(&record(&head));
    for (r, attrs) in relation_rows(kg) {
        let owner = format!("relation {}", r.id);
        let mut fields =
            vec![field(&r.subject), field(&r.object), field(&r.kind.name().to_ascii_uppercase()), field(&r.id)];
        for (name, _) in &cols {
            fields.push(cell(&attrs, name, &owner)?);
        }
        s.push_str(&record(&fields));
        pass_on(&mut s, out)?;
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_by_rfc_4180() {
        assert_eq!(field("a \"b\", c\nd"), "\"a \"\"b\"\", c\nd\"");
    }

    #[test]
    fn a_list_item_containing_the_delimiter_is_refused_with_its_owner() {
        let err = array(&["a;b".to_string()], "entity x", "aliases").unwrap_err().to_string();
        assert!(err.contains("entity x") && err.contains("aliases") && err.contains("a;b"), "{err}");
    }
}
