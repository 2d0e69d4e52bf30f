//! `kg export`: one format to stdout or a file, or `--all` formats into a directory. Every file is
//! rendered in memory first and then moved into place, so a failure leaves no partial file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use kg::{DotOptions, DotView, ExportOptions, Format, KnowledgeGraph, RankDir, RdfOptions};

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
    Html,
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
            FormatArg::Html => Format::Html,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RankDirArg {
    #[value(name = "LR")]
    Lr,
    #[value(name = "TB")]
    Tb,
    #[value(name = "BT")]
    Bt,
    #[value(name = "RL")]
    Rl,
}

/// The parts of the graph a DOT export can draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DotViewArg {
    /// Every entity and relation.
    Whole,
    /// Every entity and relation, edges unlabelled (tooltips keep what they say).
    Overview,
    /// Territories, treaties, and who received, held, claimed or signed what.
    Territories,
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
    /// DOT: what to draw without --focus.
    #[arg(long, value_enum, default_value_t = DotViewArg::Whole, conflicts_with = "focus")]
    view: DotViewArg,
}

fn render(kg: &KnowledgeGraph, format: Format, options: &ExportOptions) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    kg::export(kg, format, options, &mut buf).map_err(|e| match e {
        kg::ExportError::BadBase(_) => Failure::usage(e.to_string()),
        other => Failure { code: 1, message: other.to_string() },
    })?;
    Ok(buf)
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, then a rename.
///
/// A symbolic link is followed (the file it points to is replaced, the link stays), and a path
/// that is not a regular file (`/dev/stdout`, a pipe, a device) is written into directly, since
/// it cannot be replaced.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail =
        |what: &str, e: std::io::Error| Failure { code: 1, message: format!("cannot {what} {}: {e}", path.display()) };
    let target = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))
                .or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })
                .map_err(|e| fail("write", e));
        }
        Ok(_) => std::fs::canonicalize(path).map_err(|e| fail("resolve", e))?,
        Err(_) => path.to_path_buf(),
    };
    let path = target.as_path();
    let name = path.file_name().ok_or_else(|| Failure::usage(format!("{} is not a file name", path.display())))?;
    let tmp = path.with_file_name(format!(".{}.kg-tmp-{}", name.to_string_lossy(), std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| fail("write", e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail("write", e)
    })
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
                RankDirArg::Bt => RankDir::BottomTop,
                RankDirArg::Rl => RankDir::RightLeft,
            },
            view: match args.view {
                DotViewArg::Whole => DotView::Whole,
                DotViewArg::Overview => DotView::Overview,
                DotViewArg::Territories => DotView::Territories,
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
        for (format, bytes) in rendered {
            write_atomically(&dir.join(format.file_name()), &bytes)?;
        }
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
                    "cannot tell the format from {}; give --format (turtle, ntriples, nquads, trig, rdfxml, jsonld, dot, json, graphml, html)",
                    path.display()
                ))
            })?,
        (None, None) => return Err(Failure::usage("give --format, or -o FILE with a known extension, or --all -o DIR")),
    };
    if args.ontology_only && format.rdf_syntax().is_none() {
        return Err(Failure::usage(format!("--ontology-only applies to RDF formats, not {}", format.name())));
    }
    if format != Format::Dot
        && (args.focus.is_some() || args.rankdir != RankDirArg::Lr || args.view != DotViewArg::Whole)
    {
        return Err(Failure::usage(format!(
            "--focus, --depth, --rankdir and --view only shape the DOT export, not {}",
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
