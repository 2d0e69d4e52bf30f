//! `kg stats`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::KnowledgeGraph;

use super::output::{Failure, Out};

pub fn run(kg: &KnowledgeGraph, out: &Out) -> Result<ExitCode, Failure> {
    let s = kg::stats(kg);
    out.answer(&s, || {
        let mut t = String::new();
        let _ = writeln!(t, "{}", s.title);
        let _ = writeln!(
            t,
            "{} entities, {} relations ({} stated in the essay, {} background)",
            s.entities, s.relations, s.stated_relations, s.background_relations
        );
        let _ = writeln!(
            t,
            "{} mentions; {} of {} entities named in the essay; {} with a Wikidata id",
            s.mentions, s.entities_mentioned, s.entities, s.entities_with_wikidata
        );
        let pct = 100.0 * s.characters_in_relation_quotes as f64 / s.essay_characters.max(1) as f64;
        let _ = writeln!(
            t,
            "evidence: every stated relation has its quote; quotes cover {} of the essay's {} characters ({pct:.0}%)",
            s.characters_in_relation_quotes, s.essay_characters
        );
        let _ = writeln!(t, "\nentities by type:");
        for (ty, n) in &s.entities_by_type {
            let _ = writeln!(t, "  {ty:<14} {n:>4}");
        }
        let _ = writeln!(t, "\nrelations by kind:");
        for (kind, n) in &s.relations_by_kind {
            let _ = writeln!(t, "  {kind:<24} {n:>4}");
        }
        t
    })
}
