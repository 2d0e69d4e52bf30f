//! The `kg` command: a thin layer over the `kg` library that parses arguments, calls the library
//! and formats its answers. Only this binary prints.
//!
//! On Linux with glibc, `kg` starts from its own C `main` (`#![no_main]`) instead of the Rust
//! runtime's `lang_start`, and does itself the two parts of the runtime's set-up it relies on
//! (`start`): closed standard streams reopened on `/dev/null`, and `SIGPIPE` ignored. It leaves
//! out the runtime's stack-overflow guard, whose set-up reads `/proc/self/maps` with `sscanf` and
//! maps an alternate signal stack at every start (~0.1 M instructions, a third of what an empty
//! Rust binary costs); kg has no recursion whose depth its input controls, and an overflow would
//! still end the process, by `SIGSEGV` instead of a message. Arguments are still read by
//! `std::env::args_os` (glibc passes them to the runtime's `.init_array` function); elsewhere kg
//! starts from the ordinary `fn main`, and so does the test build of this binary, so that the
//! test harness's own `main` runs its tests instead of a C `main` running kg.

#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

mod cli;

use std::process::ExitCode;

/// Runs the command and says how it ended.
fn run() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(failure) => {
            if !failure.message.is_empty() {
                cli::print_error(&failure.message);
            }
            ExitCode::from(failure.code)
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() -> ExitCode {
    run()
}

/// The process's entry point, called by the C runtime: the runtime's set-up that kg relies on,
/// then the command; a panic ends it with status 101, as under the Rust runtime.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
#[no_mangle]
extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    start::standard_streams();
    start::ignore_sigpipe();
    let code = std::panic::catch_unwind(run).map_or(101, start::status);
    // What the runtime's clean-up does: anything left in the standard output's buffer is written.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    code
}

/// What kg takes over from the Rust runtime's start-up (`std::rt::lang_start`), on glibc Linux.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
mod start {
    use std::ffi::c_int;
    use std::process::ExitCode;

    /// Opens `/dev/null` on each of descriptors 0, 1 and 2 that is closed, lowest first (so each
    /// lands on its own number), as the runtime does: otherwise the first file kg opens would
    /// become its standard output or error, and a status line would be written into an export.
    /// That standard output was closed is recorded before this (`cli::output`), and is an error.
    pub(super) fn standard_streams() {
        for fd in 0..3 {
            // SAFETY: F_GETFD only reads the descriptor's flags; -1 means it is not open.
            if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
                // SAFETY: a NUL-terminated path; the descriptor is kept for the process's life.
                let null = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
                if null != fd {
                    // As the runtime does: no safe way on without the standard streams.
                    std::process::abort();
                }
            }
        }
    }

    /// Ignores `SIGPIPE`, as the runtime does by default, so that writing into a closed pipe
    /// (`kg export | head`) is an `EPIPE` error, which `cli::output` ends on quietly.
    pub(super) fn ignore_sigpipe() {
        // SAFETY: setting a signal's disposition to SIG_IGN installs no handler.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    }

    /// The exit status of `code` (an `ExitCode` is a byte on Unix, with no stable accessor).
    pub(super) fn status(code: ExitCode) -> c_int {
        (0..=u8::MAX).find(|&byte| ExitCode::from(byte) == code).map_or(1, c_int::from)
    }
}
