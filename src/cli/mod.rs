//! Argument parsing and dispatch. Exit codes: 0 success, 1 invalid data, a failed check or an
//! output that cannot be written, 2 usage error (a `--data` directory without the files included)
//! or unknown name, 3 a triple store failed or could not be reached (`kg push`).

mod check;
mod completions;
mod draft;
mod entities;
mod export;
mod fast_args;
mod files;
mod man;
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

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kg::{KnowledgeGraph, LoadError, LookupError};

pub use output::{print_error, Failure};

/// kg: the essay "A Short History of Russo-Japanese Relationships" as a knowledge graph.
#[derive(Parser, Debug)]
#[command(name = "kg", version, about, long_about = None)]
pub struct Cli {
    /// Read another annotated essay from DIR (essay.txt, entities.toml, relations.toml,
    /// background.toml, coverage.toml) instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,

    /// Print no status lines (the files `export --all` wrote, what the server answered to `push`);
    /// answers and errors still print.
    #[arg(short, long, global = true)]
    quiet: bool,

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

// `--format text|json`, shared by every command that answers a question. A plain comment: with
// `defer` (below), a doc comment here would become the about line of every command using it.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Each command's arguments are built only when that command runs (`defer`): clap would
/// otherwise build every command's arguments at every start, a third of `kg --version`'s
/// instructions. `--help`, `kg man` and `kg completions` build them all, as before.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
enum Command {
    /// Counts of entities by type, relations by kind, mentions and evidence coverage.
    #[command(after_help = "Examples:\n  kg stats\n  kg stats --format json")]
    Stats {
        #[command(flatten)]
        out: OutputArgs,
    },
    /// List the entities.
    #[command(after_help = "Examples:\n  kg entities --type island\n  kg entities --type treaty --format json")]
    Entities {
        /// Only entities of this type or its subtypes (State, Person, Territory, Island, Treaty, ...).
        #[arg(long = "type", value_name = "TYPE")]
        entity_type: Option<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Show what is known about an entity, with the essay's quotes as evidence.
    #[command(after_help = "Examples:\n  kg show \"Treaty of Portsmouth\"\n  kg show USSR --format json")]
    Show {
        /// Any name, alias or id (case, accents and punctuation do not matter).
        name: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Validate the annotations and report essay phrases that nothing accounts for.
    #[command(
        after_help = "Examples:\n  kg check\n  kg --data data check        # data/ as edited, without rebuilding\n  kg check --format json"
    )]
    Check {
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Export the graph as RDF, DOT, JSON or GraphML.
    #[command(
        after_help = "Examples:\n  kg export --format turtle   # to standard output\n  kg export -o essay.ttl      # the format from the extension\n  kg export --all -o out      # every format into out/\n  kg export --format dot | dot -Tsvg -o essay.svg"
    )]
    Export(export::ExportArgs),
    /// The shortest path between two entities (or every path up to --max-hops), with evidence.
    #[command(
        after_help = "Examples:\n  kg path \"Yalta Conference\" \"Kuril Islands\" --stated-only\n  kg path \"Triple Intervention\" \"Russo-Japanese War\" --all --max-hops 2\n  kg path Japan Sakhalin --avoid part_of --format json"
    )]
    Path(path::PathArgs),
    /// The treaties, pacts and agreements that involved a place (also through its parts).
    #[command(
        after_help = "Examples:\n  kg treaties --involving Sakhalin\n  kg treaties --involving \"Northern Territory\" --format json"
    )]
    Treaties {
        /// The place: any name, alias or id.
        #[arg(long, value_name = "PLACE")]
        involving: String,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// What is linked to an entity, up to N hops.
    #[command(
        after_help = "Examples:\n  kg neighbors \"Treaty of Portsmouth\"\n  kg neighbors Japan --depth 2 --relation party_to"
    )]
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
    #[command(
        after_help = "Examples:\n  kg timeline --from 1945 --to 1945\n  kg timeline --involving Sakhalin --format json"
    )]
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
    #[command(
        after_help = "Examples:\n  kg sparql 'SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }'\n  kg sparql --file docs/queries/treaties-involving-sakhalin.rq --format csv\n  echo 'ASK { ?s ?p ?o }' | kg sparql"
    )]
    Sparql(sparql::SparqlArgs),
    /// Send the RDF to a triple store (SPARQL 1.1 Graph Store HTTP Protocol, or one SPARQL 1.1 Update).
    #[command(
        after_help = "Examples:\n  kg push --endpoint http://127.0.0.1:7878/store --replace\n  kg push --endpoint http://127.0.0.1:7878/store --graph https://example.org/essay --quiet\n  kg push --update-endpoint http://127.0.0.1:7878/update --dataset --replace"
    )]
    Push(push::PushArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    #[command(
        after_help = "Examples:\n  kg completions bash > ~/.local/share/bash-completion/completions/kg\n  kg completions zsh > ~/.zfunc/_kg    # with fpath+=(~/.zfunc) before compinit in ~/.zshrc\n  kg completions fish > ~/.config/fish/completions/kg.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page kg(1), or write it and one page per command into a directory.
    #[command(
        after_help = "Examples:\n  kg man --dir ~/.cargo/share/man/man1    # beside ~/.cargo/bin, where man looks; then: man kg-export\n  kg man > kg.1"
    )]
    Man {
        /// Write kg.1 and kg-COMMAND.1 for every command into DIR instead of printing kg.1.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Draft an annotation of any essay (kg draft ESSAY.txt -o DIR), or score a draft (--score).
    #[command(
        after_help = "Examples:\n  kg draft data/essay.txt -o draft     # a first annotation of the essay\n  kg --data draft check                # validates; lists what is left to review\n  kg draft --score data draft          # the draft against the curated annotation"
    )]
    Draft(draft::DraftArgs),
}

/// Parses the arguments and runs the command.
pub fn run() -> Result<ExitCode, Failure> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The common questions' plain arguments without clap (`fast_args`); clap reads the rest.
    let parsed = match fast_args::parse(&args) {
        Some(cli) => Ok(cli),
        None => parse_with_clap(args),
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return Err(Failure { code, message: String::new() });
        }
    };
    output::set_quiet(cli.quiet);
    match &cli.command {
        Command::Check { out } => return check::run(&cli, &output::Out::new(out.format)),
        Command::Completions { shell } => return completions::run(*shell),
        Command::Man { dir } => return man::run(dir.as_deref()),
        Command::Draft(args) => return draft::run(args),
        _ => {}
    }
    // An export or a query of the built-in essay answered from what was stored when kg was
    // built: no graph to decode.
    let stored = match (&cli.command, &cli.data) {
        (Command::Export(args), None) => export::run_stored(args),
        (Command::Sparql(args), None) => sparql::run_builtin(args),
        _ => None,
    };
    if let Some(result) = stored {
        return result;
    }
    let kg = load_graph(&cli)?;
    let result = match &cli.command {
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
        Command::Check { .. } | Command::Completions { .. } | Command::Man { .. } | Command::Draft(_) => {
            unreachable!("handled above")
        }
    };
    // The process ends right after: the OS takes the memory back at once, while freeing a graph
    // of a million relations piece by piece would take the better part of a second.
    std::mem::forget(kg);
    result
}

/// The arguments as clap reads them: as `Cli::try_parse` does, but the command tree is not freed:
/// the process ends right after (freeing it piece by piece was ~0.03 M instructions).
fn parse_with_clap(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    let parsed = command.try_get_matches_from_mut(args).and_then(|mut matches| {
        let cli = Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()));
        std::mem::forget(matches);
        cli
    });
    std::mem::forget(command);
    parsed
}

fn load_graph(cli: &Cli) -> Result<KnowledgeGraph, Failure> {
    match &cli.data {
        // An export looks no name up (but `--focus NAME`'s, which makes the index then).
        Some(dir) if matches!(cli.command, Command::Export(_)) => {
            kg::load_dir(dir).map(KnowledgeGraph::with_names_on_first_use).inspect(|_| release_freed_memory())
        }
        Some(dir) => kg::load_dir(dir).map(KnowledgeGraph::new),
        // Its name index too was made when kg was built.
        None => KnowledgeGraph::builtin(),
    }
    .map_err(Failure::from)
}

/// Hands the memory the loader freed back to the system before an export builds its own
/// tables. The loader frees most of what it made on its worker threads, into their allocator
/// arenas, which the export (on this thread) does not reuse: at 100,000 relations the
/// N-Triples export's peak was ~10% lower with it returned. One walk of the heap (glibc only).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the system; no allocation is touched.
    unsafe {
        libc::malloc_trim(0);
    }
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
