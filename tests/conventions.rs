//! The conventions a command-line user brings along: `-` for standard input and output, examples
//! at the end of every `--help` (and they run), `-q/--quiet`, status lines on standard error,
//! colour only on a terminal without `NO_COLOR`, shell completions and manual pages generated from
//! the same definitions, and the exit status of each.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{kg, kg_ok, root, tool, OxigraphServer, Scratch};

/// Runs `kg` with `stdin` as its standard input, in `dir`.
fn kg_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kg runs");
    // kg may stop reading early (a too-long query): a broken pipe here is its answer, not ours.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The commands `kg --help` lists (without `help`).
fn commands() -> Vec<String> {
    let help = kg_ok(&["--help"]);
    let listing = help.split("Commands:").nth(1).expect("--help lists commands").split("\n\n").next().unwrap();
    let names: Vec<String> = listing
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 12 && names.iter().any(|n| n == "export"), "{names:?}");
    names
}

/// The examples at the end of `kg COMMAND --help`, one command line each.
fn help_examples(command: &str) -> Vec<String> {
    let help = kg_ok(&[command, "--help"]);
    help.split("\nExamples:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("kg {command} --help has no examples:\n{help}"))
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn dash_as_output_is_standard_output_and_writes_no_file() {
    let dir = Scratch::new("dash-out");
    let plain = kg_ok(&["export", "--format", "ntriples"]);
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["export", "--format", "ntriples", "-o", "-"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), plain);
    assert!(!dir.join("-").exists(), "-o - wrote a file named -");
    // Without --format, `-` has no extension to tell the format from: a usage error, no file.
    let out =
        Command::new(env!("CARGO_BIN_EXE_kg")).args(["export", "-o", "-"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--format"), "{}", text(&out.stderr));
    // --all writes a directory: standard output cannot be one.
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["export", "--all", "-o", "-"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("-o DIR"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn sparql_reads_the_query_from_standard_input() {
    let query = "SELECT ?label WHERE { <https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/entity/sakhalin> <http://www.w3.org/2000/01/rdf-schema#label> ?label }";
    let expected = kg_ok(&["sparql", query]);
    assert!(expected.contains("Sakhalin") && expected.contains("1 row"), "{expected}");
    for args in [&["sparql", "-"][..], &["sparql", "--file", "-"], &["sparql"]] {
        let out = kg_with_stdin(args, query);
        assert_eq!(out.status.code(), Some(0), "kg {args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), expected, "kg {args:?}");
    }
    // With --format, the same through standard input.
    let out = kg_with_stdin(&["sparql", "--format", "csv"], query);
    assert_eq!(text(&out.stdout).replace("\r\n", "\n"), "label\nSakhalin\n");
    // Nothing on standard input is a usage error that says what to give.
    for args in [&["sparql", "-"][..], &["sparql"]] {
        let out = kg_with_stdin(args, "  \n");
        assert_eq!(out.status.code(), Some(2), "kg {args:?}");
        assert!(text(&out.stderr).contains("standard input is empty"), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty());
    }
    // A mistaken pipe is refused before kg holds it all.
    let out = kg_with_stdin(&["sparql"], &"# not a query\n".repeat(100_000));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("longer than 1048576 bytes"), "{}", text(&out.stderr));
    // A query that does not parse, through standard input, is a usage error too.
    let out = kg_with_stdin(&["sparql", "-"], "SELEKT nothing");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn export_without_a_format_lists_the_formats() {
    let out = kg(&["export"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    for format in kg::Format::ALL {
        assert!(
            err.contains(&format!("  {:<10} .{}", format.name(), format.extension())),
            "{} missing from:\n{err}",
            format.name()
        );
    }
}

#[test]
fn a_picture_file_gets_the_graphviz_command() {
    let dir = Scratch::new("picture");
    for (file, flag) in [("graph.svg", "-Tsvg"), ("graph.PNG", "-Tpng"), ("my graph.pdf", "-Tpdf")] {
        let path = dir.join(file);
        let out = kg(&["export", "-o", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = text(&out.stderr);
        let quoted = if file.contains(' ') { format!("'{}'", path.display()) } else { path.display().to_string() };
        assert!(err.contains(&format!("kg export --format dot | dot {flag} -o {quoted}")), "{err}");
        assert!(!path.exists());
    }
    // The advice works: Graphviz draws the DOT export into an SVG.
    let dot = tool("dot", "graphviz");
    let svg = dir.join("graph.svg");
    let mut child =
        Command::new(&dot).args(["-Tsvg", "-o", svg.to_str().unwrap()]).stdin(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(kg_ok(&["export", "--format", "dot"]).as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
}

#[test]
fn ontology_only_alone_prints_the_published_vocabulary() {
    let published = std::fs::read_to_string(root().join("docs/kgv.ttl")).unwrap();
    assert_eq!(kg_ok(&["export", "--ontology-only"]), published);
    assert_eq!(kg_ok(&["export", "--ontology-only", "-o", "-"]), published);
    let out = kg(&["export", "--ontology-only", "--all", "-o", Scratch::new("onto").join("d").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn export_all_lists_what_it_wrote_on_standard_error_unless_quiet() {
    let dir = Scratch::new("all-status");
    let out_dir = dir.join("out");
    let out = kg(&["export", "--all", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "status lines belong on standard error");
    let err = text(&out.stderr);
    // Every format, and the background graph as Turtle beside them.
    assert!(
        err.starts_with(&format!("wrote {} files into {}:", kg::Format::ALL.len() + 1, out_dir.display())),
        "{err}"
    );
    assert!(err.contains("essay-background.ttl"), "{err}");
    for format in kg::Format::ALL {
        let name = format.file_name();
        let size = std::fs::metadata(out_dir.join(&name)).unwrap().len();
        assert!(size > 0);
        let line = err.lines().find(|l| l.split_whitespace().next() == Some(name.as_str())).unwrap_or_else(|| {
            panic!("{name} not reported:\n{err}");
        });
        assert_eq!(line.split_whitespace().collect::<Vec<_>>(), [name.as_str(), &size.to_string(), "bytes"], "{line}");
    }

    let quiet_dir = dir.join("quiet");
    for flag in ["-q", "--quiet"] {
        let out = kg(&[flag, "export", "--all", "-o", quiet_dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{flag}: {}", text(&out.stderr));
    }
    assert_eq!(std::fs::read_dir(&quiet_dir).unwrap().count(), kg::Format::ALL.len() + 1);
    // --quiet silences status, never errors.
    let out = kg(&["export", "--quiet", "-o", dir.join("x.svg").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("dot -Tsvg"));
}

#[test]
fn push_prints_its_status_on_standard_error_and_quiet_silences_it() {
    let server = OxigraphServer::get();
    let endpoint = format!("{}/store", server.url);
    let graph = "https://example.org/kg-test/conventions";
    let out = kg(&["push", "--endpoint", &endpoint, "--graph", graph, "--replace"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "status on stdout: {}", text(&out.stdout));
    assert!(text(&out.stderr).starts_with(&format!("replaced graph {graph} with ")), "{}", text(&out.stderr));

    let out = kg(&["push", "-q", "--endpoint", &endpoint, "--graph", graph, "--replace"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{}", text(&out.stderr));

    // JSON is an answer asked for: standard output, also with --quiet.
    let out = kg(&["push", "-q", "--endpoint", &endpoint, "--graph", graph, "--replace", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report on stdout");
    assert_eq!(report["method"], "PUT");
    assert!(out.stderr.is_empty());

    // --quiet never hides an error: exit 3 and the message.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = kg(&["push", "-q", "--endpoint", &format!("http://127.0.0.1:{port}/store")]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).starts_with("kg: "), "{}", text(&out.stderr));
}

#[test]
fn every_help_ends_with_examples_that_run() {
    let scratch = Scratch::new("examples");
    let home = scratch.join("home");
    for dir in [".local/share/bash-completion/completions", ".zfunc", ".config/fish/completions"] {
        std::fs::create_dir_all(home.join(dir)).unwrap();
    }
    // The examples read docs/ and data/ from the repository's root, as README says.
    let work = scratch.join("work");
    std::fs::create_dir_all(&work).unwrap();
    for d in ["docs", "data"] {
        std::os::unix::fs::symlink(root().join(d), work.join(d)).unwrap();
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_kg")).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    tool("dot", "graphviz");
    let server = OxigraphServer::get();
    let mut ran = 0;
    for command in commands() {
        let help = kg_ok(&[&command, "--help"]);
        let examples = help_examples(&command);
        assert!(
            help.trim_end().ends_with(examples.last().unwrap()),
            "kg {command} --help does not end with its examples"
        );
        assert!((2..=4).contains(&examples.len()), "kg {command}: {examples:?}");
        for example in examples {
            assert!(example.starts_with("kg ") || example.contains("| kg "), "{example}");
            // Push examples go to the test's Oxigraph server instead of the usual port.
            let runnable = example.replace("http://127.0.0.1:7878", &server.url);
            let out = Command::new("bash")
                .args(["-o", "pipefail", "-c", &runnable])
                .current_dir(&work)
                .env("PATH", &path)
                .env("HOME", &home)
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "`{example}` failed:\n{}", text(&out.stderr));
            ran += 1;
        }
    }
    assert!(ran >= 28, "{ran} examples");
    // What the examples wrote is where they said.
    assert!(
        work.join("essay.ttl").is_file() && work.join("out/essay.json").is_file() && work.join("essay.svg").is_file()
    );
    assert!(home.join(".local/share/bash-completion/completions/kg").is_file());
    assert!(home.join(".cargo/share/man/man1/kg-export.1").is_file() && work.join("kg.1").is_file());
}

#[test]
fn bash_completion_parses_and_completes_commands_and_values() {
    let script = kg_ok(&["completions", "bash"]);
    let bash = tool("bash", "bash");
    let scratch = Scratch::new("completions");
    let file = scratch.join("kg.bash");
    std::fs::write(&file, &script).unwrap();
    let (_, err) = common::run_ok(&bash, &["-n", file.to_str().unwrap()]);
    assert!(err.is_empty(), "{err}");
    // Ask the completion function what it offers, as bash does on TAB.
    let complete = |words: &str, cword: usize| {
        let program = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; _kg kg \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display()
        );
        common::run_ok(&bash, &["-c", &program]).0
    };
    let offered = complete("kg ''", 1);
    for command in commands() {
        assert!(offered.lines().any(|l| l == command), "{command} not offered: {offered}");
    }
    assert_eq!(complete("kg exp", 1).trim(), "export");
    let formats = complete("kg export --format ''", 3);
    for format in kg::Format::ALL {
        assert!(formats.lines().any(|l| l == format.name()), "{} not offered: {formats}", format.name());
    }
}

#[test]
fn zsh_fish_elvish_and_powershell_completions_name_every_command() {
    for (shell, marker) in [
        ("zsh", "#compdef kg"),
        ("fish", "complete -c kg "),
        ("elvish", "edit:completion:arg-completer[kg]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = kg_ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell} script lacks {marker:?}");
        for command in commands() {
            assert!(script.contains(&command), "{shell} script does not complete {command}");
        }
    }
    let out = kg(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bash"), "the error lists the shells: {}", text(&out.stderr));
}

/// Renders a manual page with groff, with every warning on, as plain text (no bold or underline
/// by overstriking); returns (text, warnings).
fn groff(page: &Path) -> (String, String) {
    let groff = tool("groff", "groff-base");
    let out = Command::new(groff)
        .args(["-man", "-Tutf8", "-ww", "-P-cbu", page.to_str().unwrap()])
        .env("MANWIDTH", "100")
        .output()
        .unwrap();
    assert!(out.status.success(), "groff failed on {}", page.display());
    (text(&out.stdout), text(&out.stderr))
}

#[test]
fn manual_pages_render_without_warnings_and_document_every_command() {
    let scratch = Scratch::new("man");
    let page = scratch.join("stdout.1");
    std::fs::write(&page, kg_ok(&["man"])).unwrap();
    let (rendered, warnings) = groff(&page);
    assert!(warnings.is_empty(), "groff warns about kg.1:\n{warnings}");
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "SUBCOMMANDS", "VERSION"] {
        assert!(rendered.lines().any(|l| l.trim() == section), "kg(1) has no {section} section:\n{rendered}");
    }
    assert!(rendered.contains("--quiet"));
    for command in commands() {
        assert!(rendered.contains(&format!("kg-{command}(1)")), "kg(1) does not list {command}");
    }
    assert!(!rendered.contains("kg-help(1)"), "kg(1) refers to a page that kg man does not write");

    let dir = scratch.join("man1");
    let out = kg(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr).trim(), format!("wrote {} manual pages into {}", commands().len() + 1, dir.display()));
    assert_eq!(std::fs::read(dir.join("kg.1")).unwrap(), std::fs::read(&page).unwrap());
    for command in commands() {
        let (rendered, warnings) = groff(&dir.join(format!("kg-{command}.1")));
        assert!(warnings.is_empty(), "groff warns about kg-{command}.1:\n{warnings}");
        let name = rendered.lines().skip_while(|l| l.trim() != "NAME").nth(1).unwrap_or_default();
        assert!(name.trim().starts_with(&format!("kg-{command} ")), "kg-{command}(1) NAME:\n{rendered}");
        // The examples, each on one line exactly as `--help` shows it (unfilled, unhyphenated,
        // with ASCII hyphens), so that a line copied from the page runs.
        let shown: Vec<&str> = rendered
            .split("\nEXAMPLES\n")
            .nth(1)
            .unwrap_or_else(|| panic!("kg-{command}(1) has no EXAMPLES"))
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        assert_eq!(shown, help_examples(&command), "kg-{command}(1)");
    }
    let (export, _) = groff(&dir.join("kg-export.1"));
    assert!(export.contains("--ontology-only") && export.contains("graphml"));

    let quiet = scratch.join("quiet");
    let out = kg(&["man", "-q", "--dir", quiet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty() && quiet.join("kg-man.1").is_file());
    let out = kg(&["man", "--dir", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a file where the directory should be");
}

/// Runs `kg args` on a pseudo-terminal (util-linux `script`), so that its standard error is one.
fn on_a_terminal(args: &str, no_color: Option<&str>) -> String {
    let script = tool("script", "bsdutils (util-linux)");
    let mut cmd = Command::new(script);
    cmd.args(["-qec", &format!("{} {args}", env!("CARGO_BIN_EXE_kg")), "/dev/null"]);
    cmd.env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "kg {args} on a terminal");
    text(&out.stdout)
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    let red = "\x1b[1;31mkg:\x1b[0m no entity is named";
    assert!(on_a_terminal("show Rosevelt", None).contains(red), "{:?}", on_a_terminal("show Rosevelt", None));
    assert!(!on_a_terminal("show Rosevelt", Some("1")).contains('\x1b'));
    // An empty NO_COLOR counts as unset (no-color.org).
    assert!(on_a_terminal("show Rosevelt", Some("")).contains(red));
    // In a pipe: no colour.
    let out = kg(&["show", "Rosevelt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("kg: no entity is named"), "{}", text(&out.stderr));
    assert!(!out.stderr.contains(&0x1b));
}

#[test]
fn check_says_what_its_coverage_counts_mean() {
    let text = kg_ok(&["check"]);
    let report: serde_json::Value = serde_json::from_str(&kg_ok(&["check", "--format", "json"])).unwrap();
    let (total, accounted, left_out) = (
        report["name_like_tokens"].as_u64().unwrap(),
        report["tokens_accounted"].as_u64().unwrap(),
        report["left_out"].as_u64().unwrap(),
    );
    assert!(accounted < total && left_out > 0);
    assert!(text.contains(&format!("coverage: {accounted} of the essay's {total} name-like words (capitalised words and numbers) are part of an entity's name, or of a date or number the graph records;")), "{text}");
    assert!(
        text.contains(&format!(
            "the other {} are in the {left_out} phrases that coverage.toml leaves out on purpose\n",
            total - accounted
        )),
        "{text}"
    );
}

/// README's "Set up" section.
fn setup_section() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("## Set up").expect("README has a Set up section");
    let rest = &readme[start + 3..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

#[test]
fn readme_set_up_names_every_prerequisite_of_the_test_suite() {
    let setup = setup_section();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let rust_version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Cargo.toml declares rust-version");
    assert!(setup.contains(&format!("Rust {rust_version} or later")), "README must name Rust {rust_version}");
    for needed in ["rustfmt", "clippy", "Python 3", "venv", "apt-get", "cargo install --locked --path ."] {
        assert!(setup.contains(needed), "README's set-up does not mention {needed}");
    }
    // Every Debian package scripts/test installs (`missing+=(PACKAGE)`), by name.
    let script = std::fs::read_to_string(root().join("scripts/test")).unwrap();
    let packages: Vec<&str> = script
        .split("missing+=(")
        .skip(1)
        .flat_map(|rest| rest[..rest.find(')').unwrap()].split_whitespace())
        .collect();
    assert!(packages.contains(&"graphviz") && packages.contains(&"groff-base"), "{packages:?}");
    for package in packages {
        assert!(setup.contains(&format!("`{package}`")), "README's set-up does not name the package {package}");
    }
    if script.contains("npm ") {
        assert!(setup.contains("npm"), "scripts/test runs npm; README's set-up must say so");
    }
    // Exactly two commands for a newcomer: the main job and the whole suite.
    let block = setup.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    let commands: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert_eq!(commands, ["cargo run -- export --all -o out", "scripts/test"]);
}
