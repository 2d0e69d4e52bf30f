//! README.md shows every command with its real output: each ```console block that runs `kg` is
//! run here and compared (a block may end with a `...` line, meaning "the output goes on").
//! `UPDATE_GOLDEN=1` rewrites the blocks with the current output.

mod common;

use std::process::Command;

/// Splits a command line the way a shell would for these examples: spaces, and double quotes.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

fn run(command: &str) -> String {
    let words = split(command);
    assert_eq!(words[0], "kg", "README console blocks run kg: {command}");
    let out = Command::new(env!("CARGO_BIN_EXE_kg")).args(&words[1..]).current_dir(common::root()).output().unwrap();
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str(&String::from_utf8(out.stderr).unwrap());
    text
}

#[test]
fn every_console_block_shows_the_real_output() {
    let path = common::root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut rewritten = String::new();
    let mut lines = readme.split_inclusive('\n').peekable();
    let mut checked = 0;
    while let Some(line) = lines.next() {
        rewritten.push_str(line);
        if line.trim_end() != "```console" {
            continue;
        }
        let command_line = lines.next().expect("a command after ```console");
        rewritten.push_str(command_line);
        let command = command_line.trim_end().strip_prefix("$ ").expect("console blocks start with `$ `");
        let mut shown = Vec::new();
        for l in lines.by_ref() {
            if l.trim_end() == "```" {
                break;
            }
            shown.push(l.trim_end_matches('\n').to_string());
        }
        let truncated = shown.last().is_some_and(|l| l == "...");
        let actual = run(command);
        let actual: Vec<&str> = actual.lines().collect();
        let compared = if truncated { shown.len() - 1 } else { actual.len() };
        if update {
            for l in &actual[..compared.min(actual.len())] {
                rewritten.push_str(l);
                rewritten.push('\n');
            }
            if truncated {
                rewritten.push_str("...\n");
            }
            rewritten.push_str("```\n");
        } else {
            let expected: Vec<&str> =
                shown[..if truncated { shown.len() - 1 } else { shown.len() }].iter().map(String::as_str).collect();
            let got = &actual[..compared.min(actual.len())];
            if got != &expected[..] {
                let at = got.iter().zip(&expected).position(|(a, b)| a != b).unwrap_or(got.len().min(expected.len()));
                panic!(
                    "README block `{command}` differs from the real output at its line {} (UPDATE_GOLDEN=1 rewrites it):\nREADME: {:?}\nactual: {:?}",
                    at + 1,
                    expected.get(at),
                    got.get(at)
                );
            }
        }
        checked += 1;
    }
    if update {
        std::fs::write(&path, rewritten).unwrap();
    }
    assert!(checked >= 10, "only {checked} console blocks found");
}
