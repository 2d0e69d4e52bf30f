//! `kg check`: validation problems and the coverage report; exit status 1 when anything is wrong.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{LoadError, Problem};
use serde::Serialize;

use super::output::{Failure, Out};
use super::Cli;

#[derive(Serialize)]
struct Report {
    ok: bool,
    problems: Vec<ProblemRow>,
    unaccounted: Vec<PhraseRow>,
    stale_left_out: Vec<String>,
    left_out: usize,
    name_like_tokens: usize,
    tokens_accounted: usize,
}

#[derive(Serialize)]
struct ProblemRow {
    file: String,
    line: Option<usize>,
    subject: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct PhraseRow {
    phrase: String,
    start: usize,
    end: usize,
}

impl From<&Problem> for ProblemRow {
    fn from(p: &Problem) -> Self {
        ProblemRow { file: p.file.clone(), line: p.line, subject: p.subject.clone(), message: p.message.clone() }
    }
}

pub fn run(cli: &Cli, out: &Out) -> Result<ExitCode, Failure> {
    // The built-in essay's report was made when kg was built (and is read without the dataset it
    // describes, which nothing here prints); `--data DIR`'s is made now.
    let checked = match &cli.data {
        None => match kg::builtin_coverage() {
            Some(report) => Ok((None, report)),
            None => kg::load_builtin_with_coverage().map(|(data, report)| (Some(data), report)),
        },
        Some(_) => super::load_data(cli).map(|data| {
            let report = kg::coverage_report(&data);
            (Some(data), report)
        }),
    };
    let report = match checked {
        Err(LoadError::Invalid(problems)) => Report {
            ok: false,
            problems: problems.iter().map(ProblemRow::from).collect(),
            unaccounted: Vec::new(),
            stale_left_out: Vec::new(),
            left_out: 0,
            name_like_tokens: 0,
            tokens_accounted: 0,
        },
        Err(io) => return Err(io.into()),
        Ok((data, c)) => {
            let report = Report {
                ok: c.is_clean(),
                problems: Vec::new(),
                unaccounted: c
                    .unaccounted
                    .iter()
                    .map(|p| PhraseRow {
                        phrase: p.evidence.quote().to_string(),
                        start: p.evidence.start,
                        end: p.evidence.end,
                    })
                    .collect(),
                stale_left_out: c.left_out_stale.iter().map(|l| l.phrase.to_string()).collect(),
                left_out: c.left_out_used.len(),
                name_like_tokens: c.tokens,
                tokens_accounted: c.tokens_accounted,
            };
            // As `cli::run` does with the graph: the process ends right after, and freeing the
            // dataset piece by piece was 0.14 M of `kg check`'s 3.6 M instructions.
            std::mem::forget(c);
            std::mem::forget(data);
            report
        }
    };
    out.answer(&report, || render(&report))?;
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn render(r: &Report) -> String {
    let mut t = String::new();
    if !r.problems.is_empty() {
        let _ = writeln!(t, "{} problem(s) in the annotations:", r.problems.len());
        for p in &r.problems {
            let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
            let subject = p.subject.as_deref().map(|s| format!(" {s}:")).unwrap_or_default();
            let problem = format!("  {}{line}:{subject} {}", p.file, p.message);
            let _ = writeln!(t, "{}", super::output::terminal_safe(&problem));
        }
        return t;
    }
    let _ = writeln!(t, "annotations: valid (every quote found in the essay, every reference resolved)");
    // Every name-like word is either in the graph, in a phrase coverage.toml leaves out, or in an
    // unaccounted phrase listed below.
    let others = r.name_like_tokens - r.tokens_accounted;
    let _ = writeln!(
        t,
        "coverage: {} of the essay's {} name-like words (capitalised words and numbers) are part of an entity's name, or of a date or number the graph records;",
        r.tokens_accounted, r.name_like_tokens
    );
    let _ = writeln!(
        t,
        "  the other {others} are in the {} phrases that coverage.toml leaves out on purpose{}",
        r.left_out,
        if r.unaccounted.is_empty() {
            String::new()
        } else {
            format!(", or in the {} listed below", r.unaccounted.len())
        }
    );
    if !r.unaccounted.is_empty() {
        let _ = writeln!(t, "\n{} phrase(s) that nothing accounts for (add an entity, alias, date or number, or list it in coverage.toml):", r.unaccounted.len());
        for p in &r.unaccounted {
            let _ = writeln!(t, "  {:>5}  {}", p.start, p.phrase);
        }
    }
    if !r.stale_left_out.is_empty() {
        let _ = writeln!(
            t,
            "\n{} stale entries in coverage.toml (no longer uncovered; remove them):",
            r.stale_left_out.len()
        );
        for p in &r.stale_left_out {
            let _ = writeln!(t, "  {p}");
        }
    }
    if r.ok {
        let _ = writeln!(t, "ok");
    }
    t
}
