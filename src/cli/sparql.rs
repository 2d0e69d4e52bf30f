//! `kg sparql QUERY` (or `--file F`): SPARQL 1.1 over the exported RDF, in memory; a table, or the
//! standard results formats.

use std::fmt::Write as _;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use kg::{KnowledgeGraph, ResultsFormat, SparqlAnswer};

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
}

pub fn run(kg: &KnowledgeGraph, args: &SparqlArgs) -> Result<ExitCode, Failure> {
    let query = read_query(args)?;
    let answer = kg::sparql(kg, &query).map_err(|e| match e {
        kg::SparqlError::Syntax(_) => Failure::usage(e.to_string()),
        other => Failure { code: 1, message: other.to_string() },
    })?;
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
        None => table(&answer).into_bytes(),
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

/// A short form of a term for the table: prefixed names for the project's IRIs, plain text for
/// literals.
fn short(term: &oxrdf::Term) -> String {
    use kg::vocab::{path, DEFAULT_BASE, KGV};
    let prefixes = [
        ("ent:", format!("{DEFAULT_BASE}{}", path::ENTITY)),
        ("rel:", format!("{DEFAULT_BASE}{}", path::RELATION)),
        ("kgv:", KGV.to_string()),
    ];
    match term {
        oxrdf::Term::NamedNode(n) => prefixes
            .iter()
            .find_map(|(p, ns)| n.as_str().strip_prefix(ns.as_str()).map(|local| format!("{p}{local}")))
            .unwrap_or_else(|| format!("<{}>", n.as_str())),
        oxrdf::Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

fn table(answer: &SparqlAnswer) -> String {
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
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| row.iter().map(|c| c.as_ref().map(short).unwrap_or_default()).collect())
                .collect();
            let widths: Vec<usize> = variables
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    cells.iter().map(|r| r[i].chars().count()).chain([v.as_str().len() + 1]).max().unwrap_or(0)
                })
                .collect();
            let line = |t: &mut String, values: Vec<String>| {
                let padded: Vec<String> = values.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect();
                let _ = writeln!(t, "{}", padded.join("  ").trim_end());
            };
            line(&mut t, variables.iter().map(|v| format!("?{}", v.as_str())).collect());
            line(&mut t, widths.iter().map(|w| "-".repeat(*w)).collect());
            for row in cells {
                line(&mut t, row);
            }
            let _ = writeln!(t, "{} row{}", rows.len(), if rows.len() == 1 { "" } else { "s" });
        }
    }
    t
}
