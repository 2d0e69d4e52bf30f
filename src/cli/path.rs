//! `kg path FROM TO`: the shortest path, or `--all` paths up to `--max-hops`, each hop with its
//! relation, direction and evidence.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{EntityRef, EntityType, KnowledgeGraph, PathOptions, PathView, RelationKind};
use serde::Serialize;

use super::output::{Failure, Out};
use super::OutputArgs;

#[derive(clap::Args, Debug)]
pub struct PathArgs {
    /// Where the path starts: any name, alias or id.
    pub(super) from: String,
    /// Where the path ends.
    pub(super) to: String,
    /// Follow relations only from subject to object.
    #[arg(long)]
    pub(super) directed: bool,
    /// List every simple path up to --max-hops, shortest first, instead of one shortest path.
    #[arg(long)]
    pub(super) all: bool,
    /// With --all: the longest path to list.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "all")]
    pub(super) max_hops: usize,
    /// With --all: how many nodes the search may expand before it gives up with an error.
    #[arg(long, value_name = "N", default_value_t = kg::PATH_SEARCH_BUDGET, requires = "all", value_parser = at_least_one)]
    pub(super) budget: usize,
    /// With --all: how many paths to print at most.
    #[arg(long, value_name = "N", default_value_t = 20, requires = "all", value_parser = at_least_one)]
    pub(super) limit: usize,
    /// Use only this relation kind (repeatable).
    #[arg(long, value_name = "RELATION")]
    pub(super) via: Vec<String>,
    /// Never use this relation kind, nor pass through entities of this type (repeatable).
    #[arg(long, value_name = "RELATION|TYPE")]
    pub(super) avoid: Vec<String>,
    /// Use only relations the essay states, leaving out background knowledge.
    #[arg(long)]
    pub(super) stated_only: bool,
    #[command(flatten)]
    pub(super) out: OutputArgs,
}

#[derive(Serialize)]
struct Answer {
    #[serde(skip)]
    all: bool,
    from: EntityRef,
    to: EntityRef,
    paths: Vec<PathView>,
}

pub fn options(via: &[String], avoid: &[String], directed: bool, stated_only: bool) -> Result<PathOptions, Failure> {
    let mut options = PathOptions { directed, stated_only, ..Default::default() };
    for v in via {
        options.via.push(v.parse::<RelationKind>().map_err(Failure::usage)?);
    }
    for a in avoid {
        if let Ok(kind) = a.parse::<RelationKind>() {
            options.avoid_relations.push(kind);
        } else if let Ok(t) = a.parse::<EntityType>() {
            options.avoid_types.push(t);
        } else {
            let types: Vec<&str> = EntityType::ALL.iter().map(|t| t.name()).collect();
            return Err(Failure::usage(format!(
                "--avoid `{a}` is neither a relation kind nor an entity type; the relations are: {}; the types are: {}",
                RelationKind::valid_names(),
                types.join(", ")
            )));
        }
    }
    Ok(options)
}

pub fn run(kg: &KnowledgeGraph, args: &PathArgs) -> Result<ExitCode, Failure> {
    let from = kg.resolve(&args.from)?;
    let to = kg.resolve(&args.to)?;
    let mut options = options(&args.via, &args.avoid, args.directed, args.stated_only)?;
    options.budget = Some(args.budget);
    let paths = if args.all {
        kg::all_paths(kg, &from.id, &to.id, &options, args.max_hops, args.limit)
            .map_err(|e| Failure { code: 1, message: e.to_string() })?
    } else {
        kg::shortest_path(kg, &from.id, &to.id, &options).into_iter().collect()
    };
    let answer = Answer {
        all: args.all,
        from: from.into(),
        to: to.into(),
        paths: paths.iter().map(|p| PathView::new(kg, p)).collect(),
    };
    Out::new(args.out.format).answer(&answer, || render(&answer))
}

fn render(a: &Answer) -> String {
    let mut t = String::new();
    if a.paths.is_empty() {
        let _ = writeln!(t, "no path from {} to {}", a.from.label, a.to.label);
        return t;
    }
    for (i, p) in a.paths.iter().enumerate() {
        if a.all {
            let _ = writeln!(t, "{}path {} ({})", if i > 0 { "\n" } else { "" }, i + 1, hops(p.length));
        } else {
            let _ = writeln!(t, "{}", hops(p.length));
        }
        let _ = writeln!(t, "  {} ({})", p.nodes[0].label, p.nodes[0].entity_type);
        for (edge, node) in p.edges.iter().zip(&p.nodes[1..]) {
            // Pieces pushed into the one buffer: no line is formatted on its own first.
            let arrow = if edge.direction == "forward" { "  -> " } else { "  <- " };
            for piece in [arrow, edge.reads, " ", &node.label, " (", node.entity_type, ")"] {
                t.push_str(piece);
            }
            if !edge.qualifiers.is_empty() {
                t.push_str("  [");
                t.push_str(&edge.qualifiers.summary());
                t.push(']');
            }
            t.push_str("\n       ");
            edge.evidence.write_summary(&mut t);
            t.push('\n');
        }
    }
    t
}

fn hops(n: usize) -> String {
    format!("{n} hop{}", if n == 1 { "" } else { "s" })
}

fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}
