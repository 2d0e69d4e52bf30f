//! Argument parsing and dispatch. Exit codes: 0 success, 1 invalid data (or a failed check),
//! 2 usage error or unknown name.

mod check;
mod entities;
mod export;
mod output;
mod show;
mod stats;

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
        Command::Check { .. } => unreachable!("handled above"),
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
    fn from(e: LoadError) -> Self {
        Failure { code: 1, message: e.to_string() }
    }
}

impl From<LookupError> for Failure {
    fn from(e: LookupError) -> Self {
        Failure { code: 2, message: e.to_string() }
    }
}
