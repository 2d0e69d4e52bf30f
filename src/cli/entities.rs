//! `kg entities [--type TYPE]`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{EntityType, KnowledgeGraph};
use serde::Serialize;

use super::output::{pad_from, Failure, Out};

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
            // Pieces pushed into the one buffer, padded as `{:<width$}` pads.
            let at = t.len();
            t.push_str(r.id);
            pad_from(&mut t, at, id_w);
            t.push_str("  ");
            let at = t.len();
            t.push_str(r.entity_type);
            pad_from(&mut t, at, ty_w);
            t.push_str("  ");
            t.push_str(r.label);
            for (i, alias) in r.aliases.iter().enumerate() {
                t.push_str(if i == 0 { " (" } else { ", " });
                t.push_str(alias);
            }
            t.push_str(if r.aliases.is_empty() { "\n" } else { ")\n" });
        }
        let _ = writeln!(t, "{} entities", rows.len());
        t
    })
}
