//! `kg entities [--type TYPE]`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{EntityType, KnowledgeGraph};
use serde::Serialize;

use super::output::{Failure, Out};

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    entity_type: &'a str,
    aliases: &'a [kg::SharedStr],
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    mentions: usize,
}

pub fn run(kg: &KnowledgeGraph, entity_type: Option<&str>, out: &Out) -> Result<ExitCode, Failure> {
    let filter: Option<EntityType> = entity_type.map(str::parse).transpose().map_err(Failure::usage)?;
    let rows: Vec<Row> = kg
        .entities()
        .iter()
        .filter(|e| filter.is_none_or(|t| e.entity_type.is_a(t)))
        .map(|e| Row {
            id: &e.id,
            label: &e.label,
            entity_type: e.entity_type.name(),
            aliases: &e.aliases,
            wikidata: e.wikidata.as_deref(),
            mentions: e.mentions.len(),
        })
        .collect();
    out.answer(&rows, || {
        let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
        let ty_w = rows.iter().map(|r| r.entity_type.len()).max().unwrap_or(4).max(4);
        let mut t = String::new();
        let _ = writeln!(t, "{:<id_w$}  {:<ty_w$}  label (aliases)", "id", "type");
        for r in &rows {
            let aliases = if r.aliases.is_empty() { String::new() } else { format!(" ({})", r.aliases.join(", ")) };
            let _ = writeln!(t, "{:<id_w$}  {:<ty_w$}  {}{aliases}", r.id, r.entity_type, r.label);
        }
        let _ = writeln!(t, "{} entities", rows.len());
        t
    })
}
