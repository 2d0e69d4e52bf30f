//! `kg timeline [--from YEAR] [--to YEAR] [--involving NAME]`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{KnowledgeGraph, TimelineOptions};

use super::output::{pad_from, Failure, Out};
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
        // Written piece by piece into one buffer: no line is formatted on its own first.
        let mut t = String::with_capacity(entries.iter().map(|e| 32 + e.label.len() + e.evidence.quote.len()).sum());
        for e in &entries {
            let at = t.len();
            let _ = write!(t, "{}", e.date);
            if let Some(end) = &e.end {
                let _ = write!(t, " to {end}");
            }
            pad_from(&mut t, at, WHEN_WIDTH);
            t.push(' ');
            t.push_str(&e.label);
            if e.is_entity() {
                t.push_str(" (");
                t.push_str(e.entry_type);
                t.push(')');
            }
            t.push('\n');
            t.extend(std::iter::repeat_n(' ', WHEN_WIDTH));
            t.push_str("   \"");
            t.push_str(&e.evidence.quote);
            t.push_str("\"\n");
        }
        if entries.is_empty() {
            t.push_str("nothing dated in that range\n");
        }
        t
    })
}

/// The width of the dates' column.
const WHEN_WIDTH: usize = 12;
