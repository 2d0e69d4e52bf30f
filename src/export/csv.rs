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

use super::flat::{
    align, entity_columns, entity_rows, output_buffer, pass_on, relation_columns, relation_rows, type_names, Attrs,
    Column, Kind,
};
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;
use crate::model::Entity;

/// The array delimiter: neo4j-admin's default, which `--array-delimiter` can change.
pub const CSV_ARRAY_DELIMITER: char = ';';

/// The delimiter as a string, for joining.
const DELIMITER: &str = ";";

/// Writes `s` onto `out` with each `"` doubled: the inside of an RFC 4180 field (runs without a
/// quote copied whole).
fn push_doubled(out: &mut String, s: &str) {
    let mut plain = 0;
    for i in memchr::memchr_iter(b'"', s.as_bytes()) {
        out.push_str(&s[plain..=i]);
        out.push('"');
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

/// Writes `s` onto `out` as a field quoted by RFC 4180: in double quotes, each `"` doubled.
fn push_field(out: &mut String, s: &str) {
    out.push('"');
    push_doubled(out, s);
    out.push('"');
}

/// The header of an attribute column, typed for neo4j-admin, quoted.
fn push_header(out: &mut String, name: &str, kind: Kind) {
    out.push_str(",\"");
    push_doubled(out, name);
    out.push_str(match kind {
        Kind::Text => "",
        Kind::Int => ":long",
        Kind::Bool => ":boolean",
        Kind::Day => ":date",
        Kind::List => ":string[]",
    });
    out.push('"');
}

/// Refuses a list item that holds the array delimiter (the importer has no escape for it).
fn check_list<'a>(
    items: impl IntoIterator<Item = &'a str>,
    owner: &dyn std::fmt::Display,
    column: &str,
) -> Result<(), ExportError> {
    match items.into_iter().find(|i| i.contains(CSV_ARRAY_DELIMITER)) {
        None => Ok(()),
        Some(item) => Err(ExportError::Unrepresentable {
            format: "csv",
            reason: format!(
                "{owner}: the {column} value {item:?} contains the array delimiter `{CSV_ARRAY_DELIMITER}`; rename it in the annotations"
            ),
        }),
    }
}

/// Refuses a row with a list item that holds the array delimiter: the reference
/// [`check_entity`] is held to (test-only).
#[cfg(test)]
fn check_lists(attrs: &Attrs, owner: &dyn std::fmt::Display) -> Result<(), ExportError> {
    for (column, value) in attrs {
        if let super::flat::Value::List(items) = value {
            check_list(items.iter().copied(), owner, column)?;
        }
    }
    Ok(())
}

/// Refuses an entity with a type or a name that holds the array delimiter: its `:LABEL`, then
/// its lists in its row's order, read from the entity without making its row (the `types`
/// column holds the `:LABEL`'s names, checked already). A relation's row has no list.
fn check_entity(e: &Entity) -> Result<(), ExportError> {
    let owner = Owner("entity", &e.id);
    check_list(type_names(e), &owner, ":LABEL")?;
    for (column, names) in
        [("aliases", &e.aliases), ("background_aliases", &e.background_aliases), ("shared_aliases", &e.shared_aliases)]
    {
        check_list(names.iter().map(|n| n.as_str()), &owner, column)?;
    }
    Ok(())
}

/// The cells of `attrs` under `cols`, each after a comma: quoted, lists joined with the array
/// delimiter (checked before), an absent value empty and unquoted; then the line end.
fn push_cells(out: &mut String, cols: &[Column], attrs: &Attrs) {
    for value in align(cols, attrs) {
        out.push(',');
        if let Some(v) = value {
            out.push('"');
            v.write_text(DELIMITER, out, push_doubled);
            out.push('"');
        }
    }
    out.push_str("\r\n");
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
    let cols = entity_columns(kg, &base)?;
    // Every list is checked for the delimiter before the first byte, so that the export fails
    // whole or not at all.
    for e in kg.entities() {
        check_entity(e)?;
    }
    let mut s = output_buffer();
    s.push_str("\"id:ID\",\":LABEL\"");
    for (name, kind) in &cols {
        push_header(&mut s, name, *kind);
    }
    s.push_str("\r\n");
    for (e, attrs) in entity_rows(kg, &base)? {
        push_field(&mut s, &e.id);
        s.push_str(",\"");
        for (i, t) in type_names(e).iter().enumerate() {
            if i > 0 {
                s.push_str(DELIMITER);
            }
            push_doubled(&mut s, t);
        }
        s.push('"');
        push_cells(&mut s, &cols, &attrs);
        pass_on(&mut s, out)?;
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// Who a row belongs to, as an error names it (`entity sakhalin`), made only for an error.
struct Owner<'a>(&'static str, &'a str);

impl std::fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, self.1)
    }
}

/// Writes the relationships file: one row per relation, sorted by relation id.
pub fn write_csv_relationships(kg: &KnowledgeGraph, out: &mut dyn Write) -> Result<(), ExportError> {
    // A relation's row has no list to check (`tests::no_row_of_a_relation_has_a_list`).
    let cols = relation_columns(kg);
    let mut s = output_buffer();
    s.push_str("\":START_ID\",\":END_ID\",\":TYPE\",\"id\"");
    for (name, kind) in &cols {
        push_header(&mut s, name, *kind);
    }
    s.push_str("\r\n");
    for (r, attrs) in relation_rows(kg) {
        push_field(&mut s, &r.subject);
        s.push(',');
        push_field(&mut s, &r.object);
        s.push(',');
        push_field(&mut s, &r.kind.name().to_ascii_uppercase());
        s.push(',');
        push_field(&mut s, &r.id);
        push_cells(&mut s, &cols, &attrs);
        pass_on(&mut s, out)?;
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The quoting before it wrote into one buffer: the reference `push_field` is held to.
    fn field(s: &str) -> String {
        format!("\"{}\"", s.replace('"', "\"\""))
    }

    fn quoted(s: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, s);
        out
    }

    #[test]
    fn fields_are_quoted_by_rfc_4180() {
        assert_eq!(quoted("a \"b\", c\nd"), "\"a \"\"b\"\", c\nd\"");
        assert_eq!(quoted("a \"b\", c\nd"), field("a \"b\", c\nd"));
    }

    #[test]
    fn a_list_item_containing_the_delimiter_is_refused_with_its_owner() {
        let err = check_list(["a;b"], &Owner("entity", "x"), "aliases").unwrap_err().to_string();
        assert!(err.contains("entity x") && err.contains("aliases") && err.contains("a;b"), "{err}");
    }

    /// The entity's own check refuses what the reference check of its row (and of its
    /// `:LABEL`) refuses, with the same message, and a relation's row has no list to check.
    #[test]
    fn an_entity_is_checked_as_its_row_and_no_row_of_a_relation_has_a_list() {
        use crate::model::SharedStr;
        let reference = |e: &Entity, attrs: &Attrs| -> Result<(), String> {
            let owner = Owner("entity", &e.id);
            check_list(type_names(e), &owner, ":LABEL").map_err(|x| x.to_string())?;
            check_lists(attrs, &owner).map_err(|x| x.to_string())
        };
        let mut data = crate::load_builtin().unwrap();
        for (i, e) in data.entities.iter_mut().enumerate() {
            let bad = SharedStr::from(format!("a;{i}").as_str());
            match i % 5 {
                0 => e.aliases.push(bad),
                1 => e.background_aliases.push(bad),
                2 => e.shared_aliases.push(bad),
                3 => {
                    e.shared_aliases.push(bad.clone());
                    e.aliases.insert(0, bad);
                }
                _ => {}
            }
        }
        for i in 0..data.relations.len() {
            data.relations[i].qualifiers.role = Some(SharedStr::from("a;b"));
        }
        let kg = KnowledgeGraph::new(data);
        assert!(write_csv_relationships(&kg, &mut Vec::new()).is_ok(), "a role is not a list");
        let mut refused = 0;
        for (e, attrs) in entity_rows(&kg, "https://example.org/k/").unwrap() {
            let fast = check_entity(e).map_err(|x| x.to_string());
            assert_eq!(fast, reference(e, &attrs), "{}", e.id);
            refused += usize::from(fast.is_err());
        }
        assert!(refused > 80, "{refused}");
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        for (e, attrs) in entity_rows(&kg, "https://example.org/k/").unwrap() {
            assert_eq!(check_entity(e).map_err(|x| x.to_string()), reference(e, &attrs));
        }
        for keep in [0, 0x5555, u16::MAX] {
            let kg = super::super::flat::tests::varied_graph(&[keep], &[(0, true)], 105);
            for (r, attrs) in relation_rows(&kg) {
                assert!(!attrs.iter().any(|(_, v)| matches!(v, super::super::flat::Value::List(_))), "{}", r.id);
            }
        }
    }

    proptest! {
        #[test]
        fn fields_are_quoted_as_before(s in "(\"|\"\"|,|;|\r|\n|é|[a-z ]|\\PC)*") {
            prop_assert_eq!(quoted(&s), field(&s));
        }
    }
}
