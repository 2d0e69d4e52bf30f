//! `kg man [--dir DIR]`: the manual pages, generated from the clap definitions by clap_mangen:
//! kg(1) on standard output, or kg(1) and one page per command (kg-export(1), ...) into a
//! directory.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::output::{self, write_stdout, Failure};
use super::Cli;

/// Renders one page; `clap_mangen` writes roff into memory, which cannot fail but for encoding.
///
/// clap_mangen puts the `--help` epilogue (our examples) under a section it calls EXTRA, filled
/// like prose; manual pages call it EXAMPLES (man-pages(7)), and commands are shown unfilled, so
/// that no line is wrapped or hyphenated and each can be copied as it is.
fn page(command: clap::Command) -> Result<Vec<u8>, Failure> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut roff)
        .map_err(|e| Failure { code: 1, message: format!("cannot render the manual page: {e}") })?;
    let mut roff = String::from_utf8_lossy(&roff).into_owned();
    if let Some(start) = roff.find(".SH EXTRA\nExamples:\n") {
        let body = start + ".SH EXTRA\nExamples:\n".len();
        let end = roff[body..].find("\n.SH ").map_or(roff.len(), |i| body + i + 1);
        let examples: String = roff[body..end].lines().map(|l| format!("{}\n", l.trim_start())).collect();
        roff.replace_range(start..end, &format!(".SH EXAMPLES\n.nf\n{examples}.fi\n"));
    }
    Ok(roff.into_bytes())
}

pub fn run(dir: Option<&Path>) -> Result<ExitCode, Failure> {
    // `kg help` is for the terminal; the pages document the commands themselves.
    let mut kg = Cli::command().disable_help_subcommand(true);
    kg.build();
    let Some(dir) = dir.filter(|d| d.as_os_str() != "-") else {
        write_stdout(&page(kg)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    // Every page is rendered before any is written.
    let mut pages = vec![("kg.1".to_string(), page(kg.clone())?)];
    for sub in kg.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("kg-{}", sub.get_name());
        pages.push((format!("{name}.1"), page(sub.clone().name(name).version(env!("CARGO_PKG_VERSION")))?));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure { code: 1, message: format!("cannot create directory {}: {e}", dir.display()) })?;
    for (name, roff) in &pages {
        super::files::write_atomically(&dir.join(name), roff)?;
    }
    output::status(&format!("wrote {} manual pages into {}", pages.len(), dir.display()));
    Ok(ExitCode::SUCCESS)
}
