//! `kg timeline [--from YEAR] [--to YEAR] [--involving NAME]`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{KnowledgeGraph, TimelineOptions};

use super::output::{Failure, Out};
use super::OutputArgs;

pub fn run(
    kg: &KnowledgeGraph,
    from: Option<i32>,
    to: Option<i32>,
    involving: Option<&str>,
    out: &OutputArgs,
) -> Result<ExitCode, Failure> {
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(Failure::usage(format!("--from {f} is after --to {t}")));
        }
    }
    let involving = involving.map(|name| kg.resolve(name).map(|e| e.id.to_string())).transpose()?;
    let entries = kg::timeline(kg, &TimelineOptions { from, to, involving });
    Out::new(out.format).answer(&entries, || {
        let mut t = String::new();
        for e in &entries {
            let when = match &e.end {
                Some(end) => format!("{} to {end}", e.date),
                None => e.date.clone(),
            };
            let what = if e.kind == "entity" { format!("{} ({})", e.label, e.entry_type) } else { e.label.clone() };
            let _ = writeln!(t, "{when:<12} {what}");
            let _ = writeln!(t, "{:<12}   \"{}\"", "", e.evidence.quote);
        }
        if entries.is_empty() {
            t.push_str("nothing dated in that range\n");
        }
        t
    })
}
