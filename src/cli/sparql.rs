//! `kg sparql QUERY` (or `--file F`): SPARQL 1.1 over the exported RDF, in memory, with the
//! standard and the export's prefixes declared; a table (prefixed names, language tags and
//! datatypes where they matter), or the standard results formats.

use std::fmt::Write as _;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use kg::{KnowledgeGraph, ResultsFormat, SparqlAnswer, SparqlStore};

use super::output::{write_stdout, Failure};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SparqlFormat {
    /// A table readable in a terminal.
    Text,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL Query Results XML.
    Xml,
}

#[derive(clap::Args, Debug)]
pub struct SparqlArgs {
    /// The query text; `-` (or no query, when standard input is not a terminal) reads it from
    /// standard input.
    #[arg(conflicts_with = "file")]
    query: Option<String>,
    /// Read the query from this file (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SparqlFormat::Text)]
    format: SparqlFormat,
    /// Stop the query after this many seconds (1 to 86400).
    #[arg(long, value_name = "SECONDS", default_value_t = kg::QueryLimits::default().timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
    /// Fail when the answer has more than this many rows (or triples).
    #[arg(long, value_name = "N", default_value_t = kg::QueryLimits::default().max_rows)]
    max_rows: usize,
}

pub fn run(kg: &KnowledgeGraph, args: &SparqlArgs) -> Result<ExitCode, Failure> {
    let options = kg::RdfOptions::default();
    answer(args, || Ok((kg::sparql_store(kg, &options)?, kg::sparql_prefixes(kg, &options))))
}

/// `kg sparql` on the built-in essay (no `--data`) without decoding its graph
/// (`kg::builtin_sparql`: the index and prefixes [`run`] gets from the built-in graph); `None`
/// when they are not stored, where [`run`] answers.
pub fn run_builtin(args: &SparqlArgs) -> Option<Result<ExitCode, Failure>> {
    let stored = kg::builtin_sparql()?;
    Some(answer(args, || Ok(stored)))
}

/// The store and the implicit prefixes a query is answered with.
type Store = (SparqlStore, Vec<(&'static str, String)>);

/// Answers the query `args` give on the store `store` makes (once the query is read).
fn answer(args: &SparqlArgs, store: impl FnOnce() -> Result<Store, kg::SparqlError>) -> Result<ExitCode, Failure> {
    let query = read_query(args)?;
    let limits = kg::QueryLimits { timeout: std::time::Duration::from_secs(args.timeout), max_rows: args.max_rows };
    let failure = |e: kg::SparqlError| match e {
        kg::SparqlError::Syntax(_) | kg::SparqlError::Update => Failure::usage(e.to_string()),
        other => Failure { code: 1, message: other.to_string() },
    };
    // `kg::sparql_within`, with the store kept: like the graph (`cli/mod.rs`), it is left to the
    // OS at exit rather than freed term by term.
    let (store, prefixes) = store().map_err(failure)?;
    // Evaluated on this thread; at the deadline the watchdog ends the process with the timeout's
    // message and status, as `main` would for the error (the evaluator does not look at its
    // cancellation token inside every step; nothing has been written to standard output yet).
    let timeout = kg::SparqlError::Timeout(limits.timeout).to_string();
    let answer = kg::run_query_here(&store, &query, &prefixes, limits, move || {
        super::print_error(&timeout);
        std::process::exit(1)
    })
    .map_err(failure);
    std::mem::forget(store);
    let answer = answer?;
    let format = match args.format {
        SparqlFormat::Text => None,
        SparqlFormat::Json => Some(ResultsFormat::Json),
        SparqlFormat::Csv => Some(ResultsFormat::Csv),
        SparqlFormat::Tsv => Some(ResultsFormat::Tsv),
        SparqlFormat::Xml => Some(ResultsFormat::Xml),
    };
    if let (SparqlAnswer::Graph(_), Some(_)) = (&answer, format) {
        return Err(Failure::usage(
            "CONSTRUCT and DESCRIBE answers are RDF, not results: use --format text (N-Triples), or kg export",
        ));
    }
    let bytes = match format {
        Some(f) => {
            let mut buf = Vec::new();
            answer.write(f, &mut buf).map_err(|e| Failure { code: 1, message: e.to_string() })?;
            if !buf.ends_with(b"\n") {
                buf.push(b'\n');
            }
            buf
        }
        None => table(&answer, &prefixes).into_bytes(),
    };
    write_stdout(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The longest query read from standard input: far beyond any hand-written query, and a bound on
/// what a mistaken pipe (`kg export | kg sparql`) makes kg hold in memory.
const MAX_STDIN_QUERY_BYTES: u64 = 1 << 20;

/// The query: the argument, the file, or standard input (`-`, `--file -`, or nothing given while
/// standard input is a pipe or a file).
fn read_query(args: &SparqlArgs) -> Result<String, Failure> {
    let from_stdin = || {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_STDIN_QUERY_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| Failure::usage(format!("cannot read the query from standard input: {e}")))?;
        if text.len() as u64 > MAX_STDIN_QUERY_BYTES {
            return Err(Failure::usage(format!(
                "the query on standard input is longer than {MAX_STDIN_QUERY_BYTES} bytes; is it a query?"
            )));
        }
        if text.trim().is_empty() {
            return Err(Failure::usage("the query read from standard input is empty"));
        }
        Ok(text)
    };
    match (&args.query, &args.file) {
        (Some(q), _) if q == "-" => from_stdin(),
        (Some(q), _) => Ok(q.clone()),
        (None, Some(f)) if f.as_os_str() == "-" => from_stdin(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| Failure::usage(format!("cannot read query file {}: {e}", f.display()))),
        (None, None) if !std::io::stdin().is_terminal() => from_stdin(),
        (None, None) => Err(Failure::usage(
            "give a query (kg sparql 'SELECT ...'), --file FILE, or pipe one in (echo 'ASK { ?s ?p ?o }' | kg sparql)",
        )),
    }
}

/// Datatypes whose values read unambiguously without their datatype.
const SELF_EVIDENT: &[&str] = &[
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double",
    "http://www.w3.org/2001/XMLSchema#boolean",
];

/// What a literal is besides its text, in the table's notation (`@en`, `xsd:gYear`); `None`
/// where the value speaks for itself.
fn literal_kind(l: &oxrdf::Literal, prefixes: &[(&str, String)]) -> Option<String> {
    if let Some(lang) = l.language() {
        return Some(format!("@{lang}"));
    }
    let datatype = l.datatype().as_str();
    (!SELF_EVIDENT.contains(&datatype)).then(|| shorten(datatype, prefixes))
}

/// `iri` as a prefixed name with the longest namespace that leaves a plain local name (the last
/// such prefix where namespaces tie), or in full; the name is made once, for the prefix chosen.
fn shorten(iri: &str, prefixes: &[(&str, String)]) -> String {
    let mut best: Option<(&str, &str, usize)> = None;
    for (p, ns) in prefixes {
        let local = iri.strip_prefix(ns.as_str()).filter(|l| !l.is_empty() && !l.contains(['/', '#']));
        if let Some(l) = local {
            if best.is_none_or(|(_, _, len)| ns.len() >= len) {
                best = Some((p, l, ns.len()));
            }
        }
    }
    match best {
        Some((p, l, _)) => format!("{p}:{l}"),
        None => format!("<{iri}>"),
    }
}

/// A short form of a term for the table: prefixed names where a prefix fits, literal text with
/// its language tag or datatype when `annotate` (a column that mixes kinds).
fn short(term: &oxrdf::Term, prefixes: &[(&str, String)], annotate: bool) -> String {
    match term {
        oxrdf::Term::NamedNode(n) => shorten(n.as_str(), prefixes),
        oxrdf::Term::Literal(l) => match (annotate, literal_kind(l, prefixes)) {
            (true, Some(kind)) if kind.starts_with('@') => {
                format!("{}{kind}", super::output::escape_controls(l.value(), false))
            }
            (true, Some(kind)) => format!("{}^^{kind}", super::output::escape_controls(l.value(), false)),
            // A cell is one line: line breaks and other control characters are shown escaped.
            _ => super::output::escape_controls(l.value(), false).into_owned(),
        },
        other => other.to_string(),
    }
}

fn table(answer: &SparqlAnswer, prefixes: &[(&str, String)]) -> String {
    let mut t = String::new();
    match answer {
        SparqlAnswer::Boolean(b) => {
            let _ = writeln!(t, "{b}");
        }
        SparqlAnswer::Graph(triples) => {
            for triple in triples {
                let _ = writeln!(t, "{triple} .");
            }
        }
        SparqlAnswer::Solutions { variables, rows } => {
            // A column whose literals are all of one kind names it once in its header; a column
            // that mixes kinds annotates each cell.
            let kinds: Vec<std::collections::BTreeSet<Option<String>>> = (0..variables.len())
                .map(|i| {
                    rows.iter()
                        .filter_map(|r| match &r[i] {
                            Some(oxrdf::Term::Literal(l)) => Some(literal_kind(l, prefixes)),
                            _ => None,
                        })
                        .collect()
                })
                .collect();
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .map(|(i, c)| c.as_ref().map(|c| short(c, prefixes, kinds[i].len() > 1)).unwrap_or_default())
                        .collect()
                })
                .collect();
            let headers: Vec<String> = variables
                .iter()
                .enumerate()
                .map(|(i, v)| match kinds[i].iter().next() {
                    Some(Some(kind)) if kinds[i].len() == 1 => format!("?{} ({kind})", v.as_str()),
                    _ => format!("?{}", v.as_str()),
                })
                .collect();
            let widths: Vec<usize> = headers
                .iter()
                .enumerate()
                .map(|(i, h)| cells.iter().map(|r| r[i].chars().count()).chain([h.chars().count()]).max().unwrap_or(0))
                .collect();
            // Each value padded to its column's width in characters, two spaces between columns,
            // the line's trailing white space dropped; written in place.
            let line = |t: &mut String, values: &[String]| {
                let start = t.len();
                for (i, (v, w)) in values.iter().zip(&widths).enumerate() {
                    if i > 0 {
                        t.push_str("  ");
                    }
                    t.push_str(v);
                    for _ in v.chars().count()..*w {
                        t.push(' ');
                    }
                }
                t.truncate(start + t[start..].trim_end().len());
                t.push('\n');
            };
            line(&mut t, &headers);
            line(&mut t, &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
            for row in &cells {
                line(&mut t, row);
            }
            let _ = writeln!(t, "{} row{}", rows.len(), if rows.len() == 1 { "" } else { "s" });
        }
    }
    t
}
