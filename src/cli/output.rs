//! Writing answers: to stdout in the chosen format, quietly stopping on a broken pipe
//! (`kg show x | head`); status lines on stderr (silenced by `--quiet`); colour only for a
//! terminal without `NO_COLOR`; and the failure type that carries an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::OutputFormat;

/// A failed command: what to print on stderr and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// 1 for invalid data, 2 for usage errors and unknown names.
    pub code: u8,
    /// The message, without the `kg: ` prefix; empty when already printed.
    pub message: String,
}

impl Failure {
    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }
}

/// Where answers go.
pub struct Out {
    pub format: OutputFormat,
}

impl Out {
    pub fn new(format: OutputFormat) -> Self {
        Out { format }
    }

    /// Prints `text` in text mode or `value` as pretty JSON in json mode.
    pub fn answer<T: Serialize>(&self, value: &T, text: impl FnOnce() -> String) -> Result<ExitCode, Failure> {
        let rendered = match self.format {
            OutputFormat::Text => text(),
            OutputFormat::Json => {
                let mut s = serde_json::to_string_pretty(value)
                    .map_err(|e| Failure { code: 1, message: format!("cannot encode JSON: {e}") })?;
                s.push('\n');
                s
            }
        };
        write_stdout(rendered.as_bytes())?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Writes to stdout; a closed pipe ends the program quietly with success.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Failure { code: 1, message: format!("cannot write to standard output: {e}") }),
    }
}

/// Whether `-q/--quiet` was given: set once, after parsing, before any command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Records `-q/--quiet` for [`status`].
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Prints a status line (what was written, what a server answered) on standard error, unless
/// `--quiet`. Answers go to standard output; status lines never do, so pipes carry only data.
pub fn status(line: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
}

/// Whether standard error gets colour: only a terminal, and only when `NO_COLOR` is unset or
/// empty (<https://no-color.org>).
pub fn stderr_has_colour() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The `kg:` prefix of error messages, bold red on a colour terminal.
pub fn error_prefix() -> &'static str {
    if stderr_has_colour() {
        "\x1b[1;31mkg:\x1b[0m"
    } else {
        "kg:"
    }
}
