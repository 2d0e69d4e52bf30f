//! `kg completions SHELL`: the shell completion script, generated from the clap definitions by
//! clap_complete, so it always knows every command, option and value.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::output::{write_stdout, Failure};
use super::Cli;

pub fn run(shell: Shell) -> Result<ExitCode, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kg", &mut script);
    write_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}
