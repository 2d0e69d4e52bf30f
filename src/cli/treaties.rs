//! `kg treaties --involving PLACE`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{KnowledgeGraph, TreatyInvolvement};

use super::output::{Failure, Out};
use super::OutputArgs;

pub fn run(kg: &KnowledgeGraph, place: &str, out: &OutputArgs) -> Result<ExitCode, Failure> {
    let place = kg.resolve(place)?;
    if !place.entity_type.is_a(kg::EntityType::Territory) {
        return Err(Failure::usage(format!(
            "{} is a {}, not a place; try `kg neighbors \"{}\"` or `kg show \"{}\"`",
            place.label, place.entity_type, place.label, place.label
        )));
    }
    let answers = kg::treaties_involving(kg, &place.id);
    Out::new(out.format).answer(&answers, || render(&place.label, &answers))
}

fn render(place: &str, answers: &[TreatyInvolvement]) -> String {
    let mut t = String::new();
    if answers.is_empty() {
        let _ = writeln!(t, "no treaty involved {place}");
        return t;
    }
    let n = answers.len();
    let _ = writeln!(t, "{n} {} involved {place}:", if n == 1 { "treaty" } else { "treaties" });
    for a in answers {
        let date = a.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
        let _ = writeln!(t, "\n{} ({}{date})", a.label, a.entity_type);
        for how in &a.how {
            let quals =
                if how.qualifiers.is_empty() { String::new() } else { format!("  [{}]", how.qualifiers.summary()) };
            let _ = writeln!(t, "  {}: {}{quals}", how.relation, how.statement);
            if let Some(via) = &how.via {
                let _ = writeln!(t, "    {via}");
            }
            let _ = writeln!(t, "    {}", how.evidence.summary());
        }
    }
    t
}
