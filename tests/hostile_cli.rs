//! The binary under hostile conditions: closed or full standard streams, control characters in
//! arguments, huge numbers in flags, unbounded searches. Exit codes stay 0–3; nothing panics.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `sh -c SCRIPT` with `$KG` set to the binary; returns exit code and stderr.
fn sh(script: &str) -> (Option<i32>, String) {
    let out = Command::new("sh").arg("-c").arg(script).env("KG", env!("CARGO_BIN_EXE_kg")).output().expect("sh runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_standard_output_is_an_error_not_a_silent_success() {
    let (code, stderr) = sh("\"$KG\" stats >&-");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to standard output"), "{stderr}");
    // Redirecting to /dev/null on purpose is fine.
    let (code, stderr) = sh("\"$KG\" stats >/dev/null");
    assert_eq!(code, Some(0), "{stderr}");
    // So is /dev/null opened for reading and writing, as Python's subprocess.DEVNULL and the
    // shell's `<>` do: the same open mode the Rust runtime uses when it reopens a closed stream.
    let (code, stderr) = sh("\"$KG\" export --format ntriples 1<>/dev/null");
    assert_eq!(code, Some(0), "{stderr}");
    // And a closed standard output stays an error for a streamed export too.
    let (code, stderr) = sh("\"$KG\" export --format ntriples >&-");
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn a_full_or_closed_standard_error_does_not_panic() {
    for redirect in ["2>/dev/full", "2>&-"] {
        let (code, _) = sh(&format!("\"$KG\" show no-such-entity {redirect}"));
        assert_eq!(code, Some(2), "{redirect}");
    }
}

/// kg starts from its own `main` on glibc (`src/main.rs`), which does what the Rust runtime did
/// before it: closed standard streams are reopened on `/dev/null`, and `SIGPIPE` is ignored.
#[test]
fn closed_standard_streams_are_reopened_and_sigpipe_is_ignored() {
    // A closed standard input reads as empty; with standard error closed too, the status is the same.
    let (code, stderr) = sh("\"$KG\" sparql --file - <&-");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("the query read from standard input is empty"), "{stderr}");
    let (_, stderr) = sh("\"$KG\" sparql --file - <&- 2>&-; echo \"kg $?\" >&2");
    assert_eq!(stderr.trim_end(), "kg 2");
    // A closed pipe is an error kg ends on quietly (0), not a signal that kills it (141).
    let (_, stderr) = sh("{ \"$KG\" export --format ntriples; echo \"kg $?\" >&2; } | head -c 1 >/dev/null");
    assert_eq!(stderr.trim_end(), "kg 0");
    // The standard library reads a closed standard input as empty by itself, so look at the
    // descriptor: kg started with standard error closed, blocked reading its query from a pipe,
    // holds `/dev/null` on descriptor 2 (else the first file it opened would take that number).
    #[cfg(target_os = "linux")]
    {
        use std::io::Write;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("exec \"$KG\" sparql --file - 2>&-")
            .env("KG", env!("CARGO_BIN_EXE_kg"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("sh runs");
        let proc = std::path::PathBuf::from(format!("/proc/{}", child.id()));
        // Until `exec` has made the process kg and kg waits in read(2) (system call 0 on x86-64;
        // elsewhere, until it sleeps), up to a bound far above any start-up.
        let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_kg")).unwrap();
        let waiting = || {
            std::fs::read_link(proc.join("exe")).is_ok_and(|e| e == exe)
                && std::fs::read_to_string(proc.join("stat"))
                    .is_ok_and(|s| s.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('S')))
        };
        let started = Instant::now();
        while !waiting() && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let fd2 = std::fs::read_link(proc.join("fd/2"));
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"ASK {}").unwrap();
        drop(stdin);
        let status = child.wait().unwrap();
        assert_eq!(fd2.ok(), Some(std::path::PathBuf::from("/dev/null")));
        assert_eq!(status.code(), Some(0));
    }
}

#[test]
fn control_characters_in_arguments_are_escaped_in_messages() {
    let (code, stderr) = sh("\"$KG\" show \"$(printf 'x\\033[2J\\007y')\"");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("x\\u{1b}[2J\\u{7}y"), "{stderr:?}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

/// Runs `kg ARGS`, failing the test when it takes longer than `limit`.
fn kg_within(args: &[&str], limit: Duration) -> std::process::Output {
    let started = Instant::now();
    let out = common::kg(args);
    assert!(started.elapsed() < limit, "kg {args:?} took {:?}", started.elapsed());
    out
}

#[test]
fn a_huge_max_hops_is_bounded_by_the_graph() {
    let out = kg_within(
        &[
            "--data",
            common::root().join("tests/fixtures/tiny").to_str().unwrap(),
            "path",
            "japan",
            "sakhalin",
            "--all",
            "--max-hops",
            "1000000000",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Sakhalin"));
}

#[test]
fn a_cartesian_sparql_query_stops_at_its_timeout() {
    // The memory cap keeps a regression from taking the machine down with it.
    let started = Instant::now();
    let (code, stderr) = sh(
        "ulimit -v 6000000; \"$KG\" sparql --timeout 2 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a' >/dev/null",
    );
    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("the query was stopped after 2 s (--timeout SECONDS allows more)"), "{stderr}");
}

#[test]
fn a_sparql_answer_over_the_row_limit_is_an_error() {
    let out = common::kg(&["sparql", "--max-rows", "10", "SELECT * WHERE { ?s ?p ?o }"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("more than 10 rows"), "{stderr}");
    let out = common::kg(&["sparql", "--max-rows", "10", "SELECT * WHERE { ?s ?p ?o } LIMIT 10"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_sparql_update_is_refused_as_such() {
    for update in
        ["INSERT DATA { <http://a.example/s> <http://a.example/p> 1 }", "CLEAR ALL", "DELETE WHERE { ?s ?p ?o }"]
    {
        let out = common::kg(&["sparql", update]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("SPARQL updates are not supported"), "{update}: {stderr}");
    }
    let (code, stderr) = sh("\"$KG\" sparql --timeout 18446744073709551615 'ASK {}'");
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn sparql_xml_results_refuse_what_xml_cannot_carry() {
    let query = r#"SELECT ("a\u0001b" AS ?x) {}"#;
    let out = common::kg(&["sparql", "--format", "xml", query]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("U+0001, which XML cannot carry"), "{stderr}");
    let out = common::kg(&["sparql", "--format", "json", query]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["results"]["bindings"][0]["x"]["value"], "a\u{1}b");
    // In a table the character is shown escaped.
    let out = common::kg(&["sparql", query]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("a\\u{1}b"));
}

#[cfg(unix)]
mod output_files {
    use super::sh;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn leftovers(dir: &common::Scratch) -> Vec<String> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("kg-tmp"))
            .collect()
    }

    use super::common;

    #[test]
    fn a_replaced_file_keeps_its_mode() {
        let dir = common::Scratch::new("mode");
        let file = dir.join("g.ttl");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let out = common::kg(&["export", "-o", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(mode(&file), 0o600);
        assert!(std::fs::read_to_string(&file).unwrap().contains("@prefix"));
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = common::Scratch::new("readonly");
        let file = dir.join("g.ttl");
        std::fs::write(&file, "keep me").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
        let out = common::kg(&["export", "-o", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("is read-only"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
        assert!(leftovers(&dir).is_empty());
    }

    #[test]
    fn a_dangling_symlink_is_not_replaced() {
        let dir = common::Scratch::new("dangling");
        let link = dir.join("g.ttl");
        std::os::unix::fs::symlink(dir.join("missing/target.ttl"), &link).unwrap();
        let out = common::kg(&["export", "-o", link.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("is a symbolic link to") && stderr.contains("does not exist"), "{stderr}");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_and_all_is_a_set() {
        let dir = common::Scratch::new("efbig");
        // With the file size capped at 8 KiB (and SIGXFSZ ignored), the big exports fail to write.
        let (code, stderr) = sh(&format!("trap '' XFSZ; ulimit -f 16; \"$KG\" export --all -o '{}'", dir.str()));
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("cannot write"), "{stderr}");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        // As a set: the small files that could be written were not left behind either.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.is_empty(), "{names:?}");
    }

    /// `--all` with essay.graphml a named pipe nobody reads: kg blocks opening it after writing
    /// the other temporaries; Ctrl-C then must leave neither temporaries nor a partial set.
    #[test]
    fn an_interrupt_removes_the_temporaries() {
        let dir = common::Scratch::new("sigint");
        let fifo = dir.join("essay.graphml");
        let (code, stderr) = sh(&format!("mkfifo '{}'", fifo.display()));
        assert_eq!(code, Some(0), "{stderr}");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
            .args(["export", "--all", "-o", dir.str()])
            .spawn()
            .expect("kg starts");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while leftovers(&dir).len() < 8 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(leftovers(&dir).len(), 8, "the temporaries were not all written: {:?}", leftovers(&dir));
        let (code, stderr) = sh(&format!("kill -INT {}", child.id()));
        assert_eq!(code, Some(0), "{stderr}");
        let status = child.wait().unwrap();
        assert!(!status.success());
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        let mut names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["essay.graphml"]);
    }
}

/// A streamed answer (`cli/output.rs`'s `stream_stdout`, through its own 64 KiB buffer on a
/// duplicate of descriptor 1) fails as before round 19: a full device is status 1 and one line
/// naming the error (the export's own when its writing fails, standard output's when only the
/// last flush does: the CSV nodes file fits the buffer, Mermaid is written whole), a closed
/// standard output status 1, a pipe closed after 10 bytes status 0 and nothing on standard
/// error; never a panic. The built-in essay's RDF syntaxes are written from what kg stored when
/// it was built (`kg::StoredExport`), the HTML page from its stored page, the other formats from
/// the graph.
#[test]
fn a_streamed_answer_fails_on_a_full_closed_or_broken_output_as_before() {
    let formats = [
        "ntriples",
        "nquads",
        "turtle",
        "trig",
        "rdfxml",
        "jsonld",
        "dot",
        "json",
        "json-full",
        "graphml",
        "gexf",
        "csv-nodes",
        "csv-relationships",
        "cytoscape",
        "mermaid",
        "html",
    ];
    for format in formats {
        let (code, stderr) = sh(&format!("\"$KG\" export --format {format} >/dev/full"));
        assert_eq!(code, Some(1), "{format}: {stderr}");
        let expected = match format {
            "csv-nodes" | "mermaid" => "kg: cannot write to standard output: No space left on device (os error 28)\n",
            _ => "kg: cannot write the export: No space left on device (os error 28)\n",
        };
        assert_eq!(stderr, expected, "{format}");
        let (code, stderr) = sh(&format!("\"$KG\" export --format {format} >&-"));
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "kg: cannot write to standard output: it is closed\n", "{format}");
        let (code, stderr) =
            sh(&format!("{{ \"$KG\" export --format {format}; echo \"kg $?\" >&2; }} | head -c 10 >/dev/null"));
        assert_eq!((code, stderr.as_str()), (Some(0), "kg 0\n"), "{format}");
        let (code, stderr) = sh(&format!("\"$KG\" export --format {format} -o /dev/full"));
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert_eq!(stderr, "kg: cannot write /dev/full: No space left on device (os error 28)\n", "{format}");
    }
}
