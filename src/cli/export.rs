//! `kg export`: one format to stdout or a file, or `--all` formats into a directory. Every file is
//! rendered in memory first and then moved into place, so a failure leaves no partial file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use kg::{DotOptions, ExportOptions, Format, KnowledgeGraph, RankDir, RdfOptions};

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
    /// Node-link JSON with full, nested detail.
    JsonFull,
    /// Both CSV files (nodes and relationships); needs -o DIR or -o NAME.csv.
    Csv,
    /// The CSV nodes file alone.
    CsvNodes,
    /// The CSV relationships file alone.
    CsvRelationships,
    Gexf,
    Cytoscape,
    Mermaid,
}

impl FormatArg {
    /// The formats this names: one, or for `csv` its two files.
    fn formats(self) -> Vec<Format> {
        match self {
            FormatArg::Csv => vec![Format::CsvNodes, Format::CsvRelationships],
            other => vec![Format::from(other)],
        }
    }
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
            FormatArg::JsonFull => Format::JsonFull,
            // `csv` is two files; `formats` expands it, and this single one is never asked for.
            FormatArg::Csv | FormatArg::CsvNodes => Format::CsvNodes,
            FormatArg::CsvRelationships => Format::CsvRelationships,
            FormatArg::Gexf => Format::Gexf,
            FormatArg::Cytoscape => Format::Cytoscape,
            FormatArg::Mermaid => Format::Mermaid,
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
    /// Base IRI for entities, relations and evidence (RDF formats; also the entity IRIs that JSON,
    /// CSV, GEXF, GraphML and Cytoscape carry); must end with / or #.
    #[arg(long, value_name = "IRI")]
    base: Option<String>,
    /// Leave the vocabulary (classes and properties) out of RDF exports.
    #[arg(long)]
    no_ontology: bool,
    /// Export the vocabulary alone (RDF formats), without the essay's data.
    #[arg(long, conflicts_with = "no_ontology")]
    ontology_only: bool,
    /// DOT and Mermaid: draw only the neighbourhood of this entity.
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
    /// DOT and Mermaid: how many hops around --focus.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    depth: usize,
    /// DOT and Mermaid: layout direction.
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
            },
        },
    };
    if args.all {
        let dir = args.output.as_deref().expect("clap requires -o with --all");
        // Render everything before writing anything.
        let mut rendered: Vec<(Format, Vec<u8>)> = Vec::new();
        for &f in Format::ALL {
            match render(kg, f, &options) {
                Ok(bytes) => rendered.push((f, bytes)),
                // Mermaid is for views within its budget; a whole graph over it is left out of
                // --all with a note, not a failure of every other format.
                Err(e) if f == Format::Mermaid => {
                    eprintln!("kg: {} not written: {}", f.file_name(), e.message);
                }
                Err(e) => return Err(e),
            }
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure { code: 1, message: format!("cannot create directory {}: {e}", dir.display()) })?;
        for (format, bytes) in rendered {
            write_atomically(&dir.join(format.file_name()), &bytes)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let extension = args.output.as_deref().and_then(|p| p.extension()).and_then(|e| e.to_str());
    // The longest conventional extension the file name ends with: `essay.full.json` is
    // json-full, `x.nodes.csv` csv-nodes, while a plain `x.csv` is both CSV files.
    let by_suffix = args.output.as_deref().and_then(|p| p.file_name()).and_then(|n| n.to_str()).and_then(|name| {
        let name = name.to_ascii_lowercase();
        Format::ALL
            .iter()
            .copied()
            .filter(|f| name.ends_with(&format!(".{}", f.extension())))
            .max_by_key(|f| f.extension().len())
    });
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(_)) if by_suffix.is_none() && extension.is_some_and(|e| e.eq_ignore_ascii_case("csv")) => {
            FormatArg::Csv
        }
        (None, Some(path)) => {
            by_suffix.or_else(|| extension.and_then(Format::from_extension)).and_then(format_arg).ok_or_else(|| {
                let names: Vec<String> = FormatArg::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                    .collect();
                Failure::usage(format!(
                    "cannot tell the format from {}; give --format ({})",
                    path.display(),
                    names.join(", ")
                ))
            })?
        }
        (None, None) => {
            return Err(Failure::usage("give --format, or -o FILE with a known extension, or --all -o DIR"))
        }
    };
    if format == FormatArg::Csv {
        return write_csv_pair(kg, args.output.as_deref(), &options);
    }
    let format = Format::from(format);
    if args.ontology_only && format.rdf_syntax().is_none() {
        return Err(Failure::usage(format!("--ontology-only applies to RDF formats, not {}", format.name())));
    }
    if !matches!(format, Format::Dot | Format::Mermaid) && (args.focus.is_some() || args.rankdir != RankDirArg::Lr) {
        return Err(Failure::usage(format!(
            "--focus, --depth and --rankdir only shape the DOT export (and Mermaid), not {}",
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

/// The command-line name of a format.
fn format_arg(format: Format) -> Option<FormatArg> {
    FormatArg::value_variants().iter().copied().find(|v| v.formats() == [format])
}

/// `--format csv`: the nodes and relationships files, into `-o DIR` (as `essay.nodes.csv` and
/// `essay.relationships.csv`) or beside `-o NAME.csv` (as `NAME.nodes.csv` and
/// `NAME.relationships.csv`); both rendered before either is written.
fn write_csv_pair(kg: &KnowledgeGraph, output: Option<&Path>, options: &ExportOptions) -> Result<ExitCode, Failure> {
    let how = "give -o DIR (writes DIR/essay.nodes.csv and DIR/essay.relationships.csv) or -o NAME.csv (writes NAME.nodes.csv and NAME.relationships.csv), or --format csv-nodes or csv-relationships for one file on standard output";
    let Some(output) = output else {
        return Err(Failure::usage(format!("CSV is two files, nodes and relationships; {how}")));
    };
    let pair = [Format::CsvNodes, Format::CsvRelationships];
    let paths: Vec<PathBuf> = if output.is_dir() {
        pair.iter().map(|f| output.join(f.file_name())).collect()
    } else if output.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        pair.iter().map(|f| output.with_extension(f.extension())).collect()
    } else {
        return Err(Failure::usage(format!("{} is neither a directory nor NAME.csv; {how}", output.display())));
    };
    let rendered: Vec<Vec<u8>> = pair.iter().map(|&f| render(kg, f, options)).collect::<Result<_, _>>()?;
    for (path, bytes) in paths.iter().zip(rendered) {
        write_atomically(path, &bytes)?;
    }
    Ok(ExitCode::SUCCESS)
}
