//! `kg neighbors NAME [--depth N] [--relation R]`.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{EntityRef, KnowledgeGraph, Neighbor, RelationKind};
use serde::Serialize;

use super::output::{Failure, Out};
use super::OutputArgs;

#[derive(Serialize)]
struct Answer {
    entity: EntityRef,
    depth: usize,
    neighbors: Vec<Neighbor>,
}

pub fn run(
    kg: &KnowledgeGraph,
    name: &str,
    depth: usize,
    relations: &[String],
    out: &OutputArgs,
) -> Result<ExitCode, Failure> {
    let entity = kg.resolve(name)?;
    let kinds: Vec<RelationKind> =
        relations.iter().map(|r| r.parse()).collect::<Result<_, String>>().map_err(Failure::usage)?;
    let answer = Answer { entity: entity.into(), depth, neighbors: kg::neighbors(kg, &entity.id, depth, &kinds) };
    Out::new(out.format).answer(&answer, || {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "{} neighbours of {} within {depth} hop{}:",
            answer.neighbors.len(),
            answer.entity.label,
            if depth == 1 { "" } else { "s" }
        );
        if answer.neighbors.is_empty() {
            t.push_str("  (none)\n");
        }
        for n in &answer.neighbors {
            // Pieces pushed into the one buffer: no line is formatted on its own first.
            let _ = write!(t, "  {} ", n.depth);
            for piece in [&*n.entity.label, " (", n.entity.entity_type, ")  [", &n.from.label, " ", n.reads, " "] {
                t.push_str(piece);
            }
            t.push_str(&n.entity.label);
            t.push_str("]\n      ");
            n.evidence.write_summary(&mut t);
            t.push('\n');
        }
        t
    })
}
