//! `kg sparql QUERY` (or `--file F`): SPARQL 1.1 over the exported RDF, in memory; a table, or the
//! standard results formats.

use std::fmt::Write as _;
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
    /// The query text.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    query: Option<String>,
    /// Read the query from this file.
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
    let query = match (&args.query, &args.file) {
        (Some(q), _) => q.clone(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| Failure::usage(format!("cannot read query file {}: {e}", f.display())))?,
        (None, None) => return Err(Failure::usage("give a query, or --file FILE")),
    };
    let limits = kg::QueryLimits { timeout: std::time::Duration::from_secs(args.timeout), max_rows: args.max_rows };
    let answer = kg::sparql_within(kg, &query, limits).map_err(|e| match e {
        kg::SparqlError::Syntax(_) | kg::SparqlError::Update => Failure::usage(e.to_string()),
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
        // A cell is one line: line breaks and other control characters are shown escaped.
        oxrdf::Term::Literal(l) => super::output::escape_controls(l.value(), false).into_owned(),
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
