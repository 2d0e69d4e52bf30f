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
    // The standard library treats a closed standard output (`kg stats >&-`) as a sink that accepts
    // everything; the answer would be lost with exit status 0.
    if stdout_was_closed() {
        return Err(Failure { code: 1, message: "cannot write to standard output: it is closed".to_string() });
    }
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Failure { code: 1, message: format!("cannot write to standard output: {e}") }),
    }
}

/// Streams an answer to stdout as `make` writes it (a streamed export, never held in memory
/// whole), with [`write_stdout`]'s handling of a closed stdout and a broken pipe. Only for content
/// that cannot fail once it has begun but by failing to write (checked before).
pub fn stream_stdout(make: impl FnOnce(&mut dyn Write) -> Result<(), Failure>) -> Result<(), Failure> {
    if stdout_was_closed() {
        return Err(Failure { code: 1, message: "cannot write to standard output: it is closed".to_string() });
    }
    /// Remembers a broken pipe, which the content's error message would otherwise hide.
    struct Out<W: Write> {
        inner: W,
        broken: bool,
    }
    impl<W: Write> Write for Out<W> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let r = self.inner.write(buf);
            self.broken |= matches!(&r, Err(e) if e.kind() == io::ErrorKind::BrokenPipe);
            r
        }
        fn flush(&mut self) -> io::Result<()> {
            let r = self.inner.flush();
            self.broken |= matches!(&r, Err(e) if e.kind() == io::ErrorKind::BrokenPipe);
            r
        }
    }
    let mut out = Out { inner: io::BufWriter::with_capacity(1 << 16, unbuffered_stdout()), broken: false };
    let made = make(&mut out).and_then(|()| {
        out.flush().map_err(|e| Failure { code: 1, message: format!("cannot write to standard output: {e}") })
    });
    if out.broken {
        std::process::exit(0);
    }
    made
}

/// Standard output for a streamed answer (which [`stream_stdout`] buffers itself): on Unix a
/// `File` on a duplicate of descriptor 1, so that each piece goes straight to `write(2)`. The
/// standard library's `Stdout` is line-buffered: its `LineWriter` looks for the last line break of
/// every write, from its end, and the page's data (one line of ~0.6 MB) cost ~0.77 M instructions
/// of the page's 4.27 M in that search alone. Elsewhere, or when the descriptor cannot be
/// duplicated, the locked `Stdout`, after what it holds is flushed.
fn unbuffered_stdout() -> Box<dyn Write> {
    let mut stdout = io::stdout().lock();
    // Anything written through `Stdout` before goes first (an error shows again on the next write).
    let _ = stdout.flush();
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = stdout.as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(stdout)
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
        let _ = writeln!(io::stderr().lock(), "{}", terminal_safe(line));
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

/// `text` with every control character (line breaks kept when `keep_lines`) and Unicode
/// noncharacter written as an escape (`\u{1b}`), so that text from data, arguments or a server
/// never moves the cursor, recolours or clears the terminal.
///
/// Everything that prints text which kg did not write itself goes through this function.
pub fn escape_controls(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && !(keep_lines && c == '\n'))
            || matches!(c as u32, 0xFDD0..=0xFDEF)
            || (c as u32 & 0xFFFE) == 0xFFFE
    };
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if bad(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

/// [`escape_controls`] keeping line breaks: for messages.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls(text, true)
}

/// Prints `kg: MESSAGE` on standard error, escaped for the terminal. A closed or full standard
/// error is ignored (there is nowhere left to report it), never a panic.
pub fn print_error(message: &str) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{} {}", error_prefix(), terminal_safe(message));
    let _ = stderr.flush();
}

/// Whether descriptor 1 was closed when the process started, recorded by
/// [`RECORD_STDOUT_AT_START`] before a closed standard stream is reopened on `/dev/null` (by
/// `main`'s start on glibc, the Rust runtime elsewhere), which would make `kg stats >&-` look like
/// a successful write into nothing.
#[cfg(target_os = "linux")]
static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// Runs before `main` and before the Rust runtime's own set-up: the C runtime calls every
/// function in `.init_array` first, then `main` (kg's own on glibc, see `src/main.rs`, or the
/// Rust runtime's).
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static RECORD_STDOUT_AT_START: extern "C" fn() = record_stdout_at_start;

#[cfg(target_os = "linux")]
extern "C" fn record_stdout_at_start() {
    // SAFETY: fcntl(F_GETFD) only reads the descriptor's flags; -1 (EBADF) means it is not open.
    let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, Ordering::Relaxed);
}

/// Whether standard output was closed when kg started. On Linux this was recorded before it was
/// reopened, so `/dev/null` opened read-write on purpose (Python's
/// `subprocess.DEVNULL`, `<>/dev/null`) is an ordinary sink.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(Ordering::Relaxed)
}

/// Whether standard output was closed when kg started. Elsewhere the Rust runtime's reopening is
/// recognised after the fact: `/dev/null` opened for reading and writing on descriptor 1 (a
/// shell's `>/dev/null` opens it for writing only).
#[cfg(all(unix, not(target_os = "linux")))]
fn stdout_was_closed() -> bool {
    // SAFETY: fcntl(F_GETFL) only reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
    if flags < 0 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    let Ok(null) = std::fs::metadata("/dev/null") else { return false };
    // SAFETY: fstat writes only into the zeroed struct it is given.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(1, &mut stat) } != 0 {
        return true;
    }
    use std::os::unix::fs::MetadataExt;
    (stat.st_mode & libc::S_IFMT) == libc::S_IFCHR && stat.st_rdev as u64 == null.rdev()
}

#[cfg(not(unix))]
fn stdout_was_closed() -> bool {
    false
}

/// Pads what was written to `t` since byte `at` with spaces to `width` characters, as
/// `{:<width$}` pads (for text answers written piece by piece into one buffer).
pub fn pad_from(t: &mut String, at: usize, width: usize) {
    let written = t.get(at..).map_or(0, |s| s.chars().count());
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(written)));
}
