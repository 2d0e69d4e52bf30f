//! `kg export`: one format to stdout or a file, or `--all` formats into a directory. Every file is
//! rendered in memory first and then moved into place, so a failure leaves no partial file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use kg::{DotOptions, ExportOptions, Format, KnowledgeGraph, RankDir, RdfOptions};

use super::files::{write_atomically, write_set};
use super::output::{write_stdout, Failure};

/// The formats, as the command line names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
    Dot,
    Json,
    Graphml,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Turtle => Format::Turtle,
            FormatArg::Ntriples => Format::NTriples,
            FormatArg::Nquads => Format::NQuads,
            FormatArg::Trig => Format::TriG,
            FormatArg::Rdfxml => Format::RdfXml,
            FormatArg::Jsonld => Format::JsonLd,
            FormatArg::Dot => Format::Dot,
            FormatArg::Json => Format::Json,
            FormatArg::Graphml => Format::GraphMl,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RankDirArg {
    #[value(name = "LR")]
    Lr,
    #[value(name = "TB")]
    Tb,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The format; inferred from the extension of -o when not given.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write to FILE (with --all: into the directory FILE) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write every format into the directory given by -o, as essay.ttl, essay.nt, ...
    #[arg(long, requires = "output", conflicts_with = "format")]
    all: bool,
    /// Base IRI for entities, relations and evidence (RDF formats); must end with / or #.
    #[arg(long, value_name = "IRI")]
    base: Option<String>,
    /// Leave the vocabulary (classes and properties) out of RDF exports.
    #[arg(long)]
    no_ontology: bool,
    /// Export the vocabulary alone (RDF formats), without the essay's data.
    #[arg(long, conflicts_with = "no_ontology")]
    ontology_only: bool,
    /// DOT: draw only the neighbourhood of this entity.
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// DOT: how many hops around --focus.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    depth: usize,
    /// DOT: layout direction.
    #[arg(long, value_enum, default_value_t = RankDirArg::Lr)]
    rankdir: RankDirArg,
}

fn render(kg: &KnowledgeGraph, format: Format, options: &ExportOptions) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    kg::export(kg, format, options, &mut buf).map_err(|e| match e {
        kg::ExportError::BadBase(_) => Failure::usage(e.to_string()),
        other => Failure { code: 1, message: other.to_string() },
    })?;
    Ok(buf)
}

pub fn run(kg: &KnowledgeGraph, args: &ExportArgs) -> Result<ExitCode, Failure> {
    let focus = match &args.focus {
        Some(name) => Some(kg.resolve(name)?.id.clone()),
        None => None,
    };
    let options = ExportOptions {
        rdf: RdfOptions {
            base: args.base.clone().unwrap_or_else(|| RdfOptions::default().base),
            ontology: !args.no_ontology,
            data: !args.ontology_only,
        },
        dot: DotOptions {
            focus,
            depth: args.depth,
            rankdir: match args.rankdir {
                RankDirArg::Lr => RankDir::LeftRight,
                RankDirArg::Tb => RankDir::TopBottom,
            },
        },
    };
    if args.all {
        let dir = args.output.as_deref().expect("clap requires -o with --all");
        // Render everything before writing anything.
        let rendered: Vec<(Format, Vec<u8>)> =
            Format::ALL.iter().map(|&f| render(kg, f, &options).map(|b| (f, b))).collect::<Result<_, _>>()?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure { code: 1, message: format!("cannot create directory {}: {e}", dir.display()) })?;
        let files: Vec<(PathBuf, &[u8])> =
            rendered.iter().map(|(format, bytes)| (dir.join(format.file_name()), bytes.as_slice())).collect();
        write_set(&files)?;
        return Ok(ExitCode::SUCCESS);
    }
    let format = match (args.format, &args.output) {
        (Some(f), _) => Format::from(f),
        (None, Some(path)) => path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .ok_or_else(|| {
                Failure::usage(format!(
                    "cannot tell the format from {}; give --format (turtle, ntriples, nquads, trig, rdfxml, jsonld, dot, json, graphml)",
                    path.display()
                ))
            })?,
        (None, None) => return Err(Failure::usage("give --format, or -o FILE with a known extension, or --all -o DIR")),
    };
    if args.ontology_only && format.rdf_syntax().is_none() {
        return Err(Failure::usage(format!("--ontology-only applies to RDF formats, not {}", format.name())));
    }
    if format != Format::Dot && (args.focus.is_some() || args.rankdir != RankDirArg::Lr) {
        return Err(Failure::usage(format!(
            "--focus, --depth and --rankdir only shape the DOT export, not {}",
            format.name()
        )));
    }
    let bytes = render(kg, format, &options)?;
    match &args.output {
        Some(path) => write_atomically(path, &bytes)?,
        None => write_stdout(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
