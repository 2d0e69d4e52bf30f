//! The `kg` command: a thin layer over the `kg` library that parses arguments, calls the library
//! and formats its answers. Only this binary prints.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
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
