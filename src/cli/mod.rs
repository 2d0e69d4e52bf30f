//! Argument parsing and dispatch. Exit codes: 0 success, 1 invalid data, a failed check or an
//! output that cannot be written, 2 usage error (a `--data` directory without the files included)
//! or unknown name, 3 a triple store failed or could not be reached (`kg push`).

mod check;
mod draft;
mod entities;
mod export;
mod neighbors;
mod output;
mod path;
mod push;
mod show;
mod sparql;
mod stats;
mod timeline;
mod treaties;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kg::{KnowledgeGraph, LoadError, LookupError};

pub use output::Failure;

/// kg: the essay "A Short History of Russo-Japanese Relationships" as a knowledge graph.
#[derive(Parser, Debug)]
#[command(name = "kg", version, about, long_about = None)]
pub struct Cli {
    /// Read another annotated essay from DIR (essay.txt, entities.toml, relations.toml,
    /// background.toml, coverage.toml) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

/// How answers are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable in a terminal.
    Text,
    /// JSON, for programs.
    Json,
}

/// `--format text|json`, shared by every command that answers a question.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Counts of entities by type, relations by kind, mentions and evidence coverage.
    Stats {
        #[command(flatten)]
        out: OutputArgs,
    },
    /// List the entities.
    Entities {
        /// Only entities of this type or its subtypes (State, Person, Territory, Island, Treaty, ...).
        #[arg(long = "type", value_name = "TYPE")]
        entity_type: Option<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Show what is known about an entity, with the essay's quotes as evidence.
    Show {
        /// Any name, alias or id (case, accents and punctuation do not matter).
        name: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Validate the annotations and report essay phrases that nothing accounts for.
    Check {
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Export the graph as RDF, DOT, JSON or GraphML.
    Export(export::ExportArgs),
    /// The shortest path between two entities (or every path up to --max-hops), with evidence.
    Path(path::PathArgs),
    /// The treaties, pacts and agreements that involved a place (also through its parts).
    Treaties {
        /// The place: any name, alias or id.
        #[arg(long, value_name = "PLACE")]
        involving: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// What is linked to an entity, up to N hops.
    Neighbors {
        /// Any name, alias or id.
        name: String,
        /// How many hops.
        #[arg(long, value_name = "N", default_value_t = 1)]
        depth: usize,
        /// Follow only this relation kind (repeatable).
        #[arg(long, value_name = "RELATION")]
        relation: Vec<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Dated events and treaties in order.
    Timeline {
        /// From this year on.
        #[arg(long, value_name = "YEAR")]
        from: Option<i32>,
        /// Up to this year.
        #[arg(long, value_name = "YEAR")]
        to: Option<i32>,
        /// Only events and treaties linked to this entity.
        #[arg(long, value_name = "NAME")]
        involving: Option<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Run a SPARQL 1.1 query over the exported RDF, in memory.
    Sparql(sparql::SparqlArgs),
    /// Send the RDF to a triple store (SPARQL 1.1 Graph Store HTTP Protocol).
    Push(push::PushArgs),
    /// Draft an annotation of any essay (kg draft ESSAY.txt -o DIR), or score a draft (--score).
    Draft(draft::DraftArgs),
}

/// Parses the arguments and runs the command.
pub fn run() -> Result<ExitCode, Failure> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return Err(Failure { code, message: String::new() });
        }
    };
    if let Command::Draft(args) = &cli.command {
        return draft::run(args);
    }
    if let Command::Check { out } = &cli.command {
        return check::run(&cli, &output::Out::new(out.format));
    }
    let kg = load_graph(&cli)?;
    match &cli.command {
        Command::Stats { out } => stats::run(&kg, &output::Out::new(out.format)),
        Command::Entities { entity_type, out } => {
            entities::run(&kg, entity_type.as_deref(), &output::Out::new(out.format))
        }
        Command::Show { name, out } => show::run(&kg, name, &output::Out::new(out.format)),
        Command::Export(args) => export::run(&kg, args),
        Command::Path(args) => path::run(&kg, args),
        Command::Treaties { involving, out } => treaties::run(&kg, involving, out),
        Command::Neighbors { name, depth, relation, out } => neighbors::run(&kg, name, *depth, relation, out),
        Command::Timeline { from, to, involving, out } => timeline::run(&kg, *from, *to, involving.as_deref(), out),
        Command::Sparql(args) => sparql::run(&kg, args),
        Command::Push(args) => push::run(&kg, args),
        Command::Check { .. } | Command::Draft(_) => unreachable!("handled above"),
    }
}

fn load_graph(cli: &Cli) -> Result<KnowledgeGraph, Failure> {
    load_data(cli).map(KnowledgeGraph::new).map_err(Failure::from)
}

fn load_data(cli: &Cli) -> Result<kg::Dataset, LoadError> {
    match &cli.data {
        Some(dir) => kg::load_dir(dir),
        None => kg::load_builtin(),
    }
}

impl From<LoadError> for Failure {
    /// Invalid annotations exit with 1; a `--data` directory without the files is a usage error.
    fn from(e: LoadError) -> Self {
        let code = if matches!(e, LoadError::Io { .. }) { 2 } else { 1 };
        Failure { code, message: e.to_string() }
    }
}

impl From<LookupError> for Failure {
    fn from(e: LookupError) -> Self {
        Failure { code: 2, message: e.to_string() }
    }
}
