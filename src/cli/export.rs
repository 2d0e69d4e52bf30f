//! `kg export`: one format to stdout or a file, or `--all` formats into a directory. Every file is
//! made in its temporary and then moved into place, so a failure leaves no partial file; the
//! formats but Mermaid and HTML stream to stdout once their options are checked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use kg::{DotOptions, DotView, ExportOptions, Format, KnowledgeGraph, RankDir, RdfOptions};

use super::files::{write_set_made, BoxedContent, Content};
use super::output::{self, write_stdout, Failure};

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
    Html,
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
    pub(super) format: Option<FormatArg>,
    /// Write to FILE (with --all: into the directory FILE) instead of standard output; `-` is
    /// standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    /// Write every format into the directory given by -o, as essay.ttl, essay.nt, ..., and list
    /// the files written on standard error.
    #[arg(long, requires = "output", conflicts_with = "format")]
    pub(super) all: bool,
    /// Base IRI for entities, relations and evidence (RDF formats; also the entity IRIs that JSON,
    /// CSV, GEXF, GraphML and Cytoscape carry): any absolute IRI, such as https://example.org/x/ or
    /// urn:kg:x: (default: derived from the essay's title).
    #[arg(long, value_name = "IRI")]
    pub(super) base: Option<String>,
    /// Namespace of the vocabulary (RDF formats; default: https://example.org/kg-essay/vocab#).
    #[arg(long, value_name = "IRI")]
    pub(super) vocab: Option<String>,
    /// Export the background graph alone (RDF formats): the facts the essay does not state.
    /// `--all` writes it as essay-background.ttl.
    #[arg(long, conflicts_with_all = ["ontology_only", "all"])]
    pub(super) background_only: bool,
    /// Leave the vocabulary (classes and properties) out of RDF exports.
    #[arg(long)]
    pub(super) no_ontology: bool,
    /// Export the vocabulary alone (RDF formats; Turtle unless --format or -o says otherwise),
    /// without the essay's data, as published in docs/kgv.ttl.
    #[arg(long, conflicts_with_all = ["no_ontology", "all"])]
    pub(super) ontology_only: bool,
    /// DOT and Mermaid: draw only the neighbourhood of this entity.
    #[arg(long, value_name = "NAME")]
    pub(super) focus: Option<String>,
    /// DOT and Mermaid: how many hops around --focus.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub(super) depth: usize,
    /// DOT and Mermaid: layout direction.
    #[arg(long, value_enum, default_value_t = RankDirArg::Lr)]
    pub(super) rankdir: RankDirArg,
    /// DOT and Mermaid: what to draw without --focus.
    #[arg(long, value_enum, default_value_t = DotViewArg::Whole, conflicts_with = "focus")]
    pub(super) view: DotViewArg,
}

/// The file `--all` writes the background graph to, as Turtle.
pub const BACKGROUND_FILE: &str = "essay-background.ttl";

fn render(kg: &KnowledgeGraph, format: Format, options: &ExportOptions) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    render_into(kg, format, options, &mut buf)?;
    Ok(buf)
}

/// Exports straight into `out` (a file's temporary): the export is never held in memory whole.
fn render_into(
    kg: &KnowledgeGraph,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    kg::export(kg, format, options, out).map_err(failure)
}

/// An export's error as the command reports it: a bad base is a usage error.
fn failure(e: kg::ExportError) -> Failure {
    match e {
        kg::ExportError::BadBase(_) => Failure::usage(e.to_string()),
        other => Failure { code: 1, message: other.to_string() },
    }
}

/// What [`run_stored`] writes of what was stored when kg was built.
enum Stored {
    Page(kg::StoredPage),
    Rdf(kg::StoredExport),
}

/// `kg export` of the built-in essay (no `--data`) when what it writes was stored when kg was
/// built (`kg::StoredExport`: the six RDF syntaxes with the default options; `kg::StoredPage`:
/// the HTML page with no RDF option; to standard output or one file): written without decoding
/// the graph, as [`run`] writes it from the graph (the same bytes, the same handling of a failed
/// write). `None` for any other command line, which [`run`] answers (its mistakes too).
pub fn run_stored(args: &ExportArgs) -> Option<Result<ExitCode, Failure>> {
    if args.all || args.focus.is_some() || args.rankdir != RankDirArg::Lr || args.view != DotViewArg::Whole {
        return None;
    }
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let format = match (args.format, output) {
        (Some(f), _) => f,
        (None, Some(path)) => format_of(path).ok()?,
        (None, None) => return None,
    };
    let options = options(args, None);
    // The page takes no RDF option; one given is left to [`run`], which refuses or ignores it.
    let rdf = &options.rdf;
    let rdf_default = rdf.base.is_none() && rdf.vocab.is_none() && rdf.ontology && rdf.data && !rdf.only_background;
    let stored = match format {
        FormatArg::Html if rdf_default => Stored::Page(kg::StoredPage::new()?),
        _ => Stored::Rdf(kg::StoredExport::new(Format::from(format), &options)?),
    };
    let content = |out: &mut dyn Write| {
        match &stored {
            Stored::Page(page) => page.write(out),
            Stored::Rdf(rdf) => rdf.write(out),
        }
        .map_err(failure)
    };
    Some(
        match output {
            Some(path) => write_set_made(&[(path.to_path_buf(), &content as Content)]).map(|_| ()),
            None => output::stream_stdout(content),
        }
        .map(|()| ExitCode::SUCCESS),
    )
}

/// The export options `args` give, `focus` the entity `--focus` names.
fn options(args: &ExportArgs, focus: Option<String>) -> ExportOptions {
    ExportOptions {
        rdf: RdfOptions {
            base: args.base.clone(),
            vocab: args.vocab.clone(),
            ontology: !args.no_ontology,
            data: !args.ontology_only,
            only_background: args.background_only,
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
    }
}

pub fn run(kg: &KnowledgeGraph, args: &ExportArgs) -> Result<ExitCode, Failure> {
    let focus = match &args.focus {
        Some(name) => Some(kg.resolve(name)?.id.to_string()),
        None => None,
    };
    let options = options(args, focus);
    // `-o -` is standard output, as for most commands that write files.
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if args.all {
        let dir = output.ok_or_else(|| Failure::usage("--all writes one file per format: give a directory, -o DIR"))?;
        // Mermaid and HTML are for views within their budgets, so small: rendered first, and a
        // whole graph over one is left out of --all with a note, not a failure of every other
        // format. Every other file is made straight into its temporary, one at a time, so that
        // the set is never held in memory; the renames come after all of them are written.
        let mut pictures: Vec<(Format, Vec<u8>)> = Vec::new();
        for &f in Format::ALL.iter().filter(|f| matches!(f, Format::Mermaid | Format::Html)) {
            match render(kg, f, &options) {
                Ok(bytes) => pictures.push((f, bytes)),
                Err(e) => super::print_error(&format!("{} not written: {}", f.file_name(), e.message)),
            }
        }
        // Triple syntaxes hold what the essay states; the background graph gets its own file.
        let mut background = options.clone();
        background.rdf.only_background = true;
        let streamed = |f: Format, options: &'_ ExportOptions| {
            let options = options.clone();
            Box::new(move |out: &mut dyn Write| render_into(kg, f, &options, out)) as BoxedContent
        };
        let mut contents: Vec<(String, BoxedContent)> = Vec::new();
        for &f in Format::ALL {
            match pictures.iter().find(|(p, _)| *p == f) {
                Some((_, bytes)) => contents.push((
                    f.file_name(),
                    Box::new(move |out: &mut dyn Write| {
                        out.write_all(bytes).map_err(|e| Failure { code: 1, message: e.to_string() })
                    }),
                )),
                None if matches!(f, Format::Mermaid | Format::Html) => {}
                None => contents.push((f.file_name(), streamed(f, &options))),
            }
        }
        contents.push((BACKGROUND_FILE.to_string(), streamed(Format::Turtle, &background)));
        // A bad base fails before the directory is made.
        options.rdf.check(kg).map_err(|e| Failure::usage(e.to_string()))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure { code: 1, message: format!("cannot create directory {}: {e}", dir.display()) })?;
        let files: Vec<(PathBuf, Content)> =
            contents.iter().map(|(name, content)| (dir.join(name), content.as_ref() as Content)).collect();
        let sizes = write_set_made(&files)?;
        let written: Vec<(String, u64)> = contents.iter().map(|(name, _)| name.clone()).zip(sizes).collect();
        report_written(dir, &written);
        return Ok(ExitCode::SUCCESS);
    }
    let format = match (args.format, output) {
        (Some(f), _) => f,
        (None, Some(path)) => format_of(path)?,
        // The vocabulary is published as Turtle (docs/kgv.ttl).
        (None, None) if args.ontology_only => FormatArg::Turtle,
        (None, None) => {
            return Err(Failure::usage(format!(
                "which format? Give --format FORMAT, -o FILE with one of these extensions, or --all -o DIR:\n{}",
                format_list()
            )))
        }
    };
    if format == FormatArg::Csv {
        return write_csv_pair(kg, output, &options);
    }
    let format = Format::from(format);
    if args.ontology_only && format.rdf_syntax().is_none() {
        return Err(Failure::usage(format!("--ontology-only applies to RDF formats, not {}", format.name())));
    }
    if args.background_only && format.rdf_syntax().is_none() {
        return Err(Failure::usage(format!("--background-only applies to RDF formats, not {}", format.name())));
    }
    if !matches!(format, Format::Dot | Format::Mermaid)
        && (args.focus.is_some() || args.rankdir != RankDirArg::Lr || args.view != DotViewArg::Whole)
    {
        return Err(Failure::usage(format!(
            "--focus, --depth, --rankdir and --view only shape the DOT export (and Mermaid), not {}",
            format.name()
        )));
    }
    match output {
        // Made straight into the file's temporary, never held in memory whole.
        Some(path) => {
            let content = |out: &mut dyn Write| render_into(kg, format, &options, out);
            write_set_made(&[(path.to_path_buf(), &content as Content)])?;
        }
        // Every format but the two pictures within size budgets streams to stdout: once the base
        // and vocabulary are checked, only writing can fail (CSV checks its lists for the
        // delimiter before its first byte). Mermaid, which can exceed its budgets, and a page
        // beyond its entities' limit are rendered first (bounded by those budgets), so that a
        // failed export prints nothing.
        None if !matches!(format, Format::Mermaid | Format::Html) => {
            options.rdf.check(kg).map_err(|e| Failure::usage(e.to_string()))?;
            output::stream_stdout(|out| render_into(kg, format, &options, out))?;
        }
        // The page fails only beyond its budget of entities, before its first byte: within it,
        // it streams too (a copy of the whole page, ~0.7 MB for the essay, is not made first).
        // It takes no base, so none is checked.
        None if matches!(format, Format::Html) && kg.entities().len() <= kg::HTML_MAX_ENTITIES => {
            output::stream_stdout(|out| render_into(kg, format, &options, out))?;
        }
        None => write_stdout(&render(kg, format, &options)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The format a file name's extension asks for; a picture's extension gets the Graphviz command
/// that draws it, since kg writes the graph and Graphviz draws it.
fn format_of(path: &Path) -> Result<FormatArg, Failure> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    // The longest conventional extension the file name ends with: `essay.full.json` is
    // json-full, `x.nodes.csv` csv-nodes, while a plain `x.csv` is both CSV files.
    let by_suffix = Format::ALL
        .iter()
        .copied()
        .filter(|f| name.ends_with(&format!(".{}", f.extension())))
        .max_by_key(|f| f.extension().len());
    if by_suffix.is_none() && ext.eq_ignore_ascii_case("csv") {
        return Ok(FormatArg::Csv);
    }
    if let Some(arg) = by_suffix.or_else(|| Format::from_extension(ext)).and_then(format_arg) {
        return Ok(arg);
    }
    let picture = ["svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps"];
    if picture.contains(&ext.to_ascii_lowercase().as_str()) {
        let ext = ext.to_ascii_lowercase();
        return Err(Failure::usage(format!(
            "{} is a picture: kg writes the graph as DOT, and Graphviz draws it:\n  kg export --format dot | dot -T{} -o {}",
            path.display(),
            if ext == "jpeg" { "jpg" } else { &ext },
            shell_word(&path.to_string_lossy()),
        )));
    }
    Err(Failure::usage(format!(
        "cannot tell the format from {}; give --format FORMAT, or one of these extensions:\n{}",
        path.display(),
        format_list()
    )))
}

/// A word as a POSIX shell reads it back: bare when it is plain, else single-quoted.
fn shell_word(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./+:@%,".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The formats, one a line: name, extension, what it is.
fn format_list() -> String {
    Format::ALL
        .iter()
        .map(|f| format!("  {:<10} .{:<9} {}", f.name(), f.extension(), f.description()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The status lines of `--all`: which files were written into `dir`, and their sizes.
fn report_written(dir: &Path, written: &[(String, u64)]) {
    output::status(&format!("wrote {} files into {}:", written.len(), dir.display()));
    let width = written.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (name, size) in written {
        output::status(&format!("  {name:<width$}  {size:>9} bytes"));
    }
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
    let nodes = |out: &mut dyn Write| render_into(kg, pair[0], options, out);
    let relationships = |out: &mut dyn Write| render_into(kg, pair[1], options, out);
    let files: Vec<(PathBuf, Content)> =
        paths.into_iter().zip([&nodes as Content, &relationships as Content]).collect();
    write_set_made(&files)?;
    Ok(ExitCode::SUCCESS)
}
