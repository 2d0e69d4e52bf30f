//! Helpers shared by the integration tests: running the real `kg` binary, scratch directories,
//! and golden files refreshed with `UPDATE_GOLDEN=1`.
#![allow(dead_code)]

pub mod gold;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs the `kg` binary with `args` and returns what it did.
pub fn kg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kg")).args(args).output().expect("kg binary runs")
}

/// Runs `kg` and requires exit status 0, returning stdout.
pub fn kg_ok(args: &[&str]) -> String {
    let out = kg(args);
    assert!(
        out.status.success(),
        "kg {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A scratch directory removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "kg-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn str(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `tests/fixtures/NAME` into a scratch directory.
pub fn fixture_copy(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    for entry in std::fs::read_dir(root().join("tests/fixtures").join(name)).expect("fixture exists") {
        let entry = entry.expect("fixture entry");
        std::fs::copy(entry.path(), scratch.join(entry.file_name().to_str().unwrap())).expect("copy fixture");
    }
    scratch
}

/// Replaces `from` by `to` in `file`, which must contain `from`.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read file to edit");
    assert!(text.contains(from), "{} does not contain {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write edited file");
}

/// Compares `actual` with the golden file `tests/golden/NAME`, or rewrites it when
/// `UPDATE_GOLDEN=1`.
pub fn check_golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("golden file {} missing; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
        let at = first.unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output (first difference at line {}):\nexpected: {:?}\n     got: {:?}\nrun with UPDATE_GOLDEN=1 if the change is intended",
            path.display(),
            at + 1,
            expected.lines().nth(at),
            actual.lines().nth(at)
        );
    }
}

/// The Python interpreter of the test environment (`KG_PYTHON`, else `.venv/bin/python`), which
/// `scripts/test` creates with rdflib, pyoxigraph, networkx and jsonschema. A missing one fails
/// the test: these checks are never skipped.
pub fn python() -> PathBuf {
    let path = std::env::var_os("KG_PYTHON").map(PathBuf::from).unwrap_or_else(|| root().join(".venv/bin/python"));
    assert!(
        path.exists(),
        "Python test environment missing at {}: run scripts/test, which installs it",
        path.display()
    );
    path
}

/// The path of an external program on PATH; a missing one fails the test with what to install.
pub fn tool(name: &str, package: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| panic!("`{name}` not found on PATH: install {package} (scripts/test does)"))
}

/// Runs a program and requires success, returning (stdout, stderr).
pub fn run_ok(program: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{} runs: {e}", program.display()));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "{} {args:?} failed ({:?}):\n{stderr}\n{stdout}",
        program.display(),
        out.status.code()
    );
    (stdout, stderr)
}

/// Runs `tests/python/consumers.py COMMAND ARGS...` and parses its JSON answer.
pub fn consumer(command: &str, args: &[&str]) -> serde_json::Value {
    let script = root().join("tests/python/consumers.py");
    let mut all = vec![script.to_str().unwrap(), command];
    all.extend_from_slice(args);
    let (stdout, _) = run_ok(&python(), &all);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("consumers.py {command} printed no JSON ({e}):\n{stdout}"))
}

/// Runs `node tests/js/consumers.mjs COMMAND ARGS...` (Cytoscape.js, Mermaid under jsdom) and
/// parses its JSON answer. The npm packages come from `scripts/test` (`npm ci` in `tests/js`); a
/// missing one fails the test.
pub fn js_consumer(command: &str, args: &[&str]) -> serde_json::Value {
    let dir = root().join("tests/js");
    assert!(
        dir.join("node_modules/mermaid").is_dir() && dir.join("node_modules/cytoscape").is_dir(),
        "npm packages missing in {}: run scripts/test, which runs `npm ci` there",
        dir.display()
    );
    let node = tool("node", "nodejs");
    let script = dir.join("consumers.mjs");
    let mut all = vec![script.to_str().unwrap(), command];
    all.extend_from_slice(args);
    let (stdout, _) = run_ok(&node, &all);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("consumers.mjs {command} printed no JSON ({e}):\n{stdout}"))
}

/// A running Oxigraph server: the one `scripts/test` started (`KG_OXIGRAPH_URL`), or one started
/// here on a free loopback port with a fresh store, stopped when dropped (also when a test fails).
pub struct OxigraphServer {
    pub url: String,
    child: Option<std::process::Child>,
    _store: Option<Scratch>,
}

impl OxigraphServer {
    pub fn get() -> OxigraphServer {
        if let Ok(url) = std::env::var("KG_OXIGRAPH_URL") {
            return OxigraphServer { url, child: None, _store: None };
        }
        OxigraphServer::fresh()
    }

    /// A server of its own with an empty store and Oxigraph's default setup (no union default
    /// graph), for tests that load a whole dataset and must not race other tests.
    pub fn fresh() -> OxigraphServer {
        let binary = oxigraph_binary();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let store = Scratch::new("oxigraph-store");
        let child = Command::new(&binary)
            .args(["serve", "--location", store.str(), "--bind", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let server =
            OxigraphServer { url: format!("http://127.0.0.1:{port}"), child: Some(child), _store: Some(store) };
        for _ in 0..150 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("oxigraph serve did not answer on port {port}");
    }
}

impl Drop for OxigraphServer {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The `oxigraph` command-line tool (`KG_OXIGRAPH`, else `.venv/bin/oxigraph`), which
/// `scripts/test` installs from PyPI.
pub fn oxigraph_binary() -> PathBuf {
    let path = std::env::var_os("KG_OXIGRAPH").map(PathBuf::from).unwrap_or_else(|| root().join(".venv/bin/oxigraph"));
    assert!(path.exists(), "oxigraph binary missing at {}: run scripts/test, which installs it", path.display());
    path
}

/// A TOML basic string holding `s`, with every non-printable character escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || (c as u32 & 0xFFFE) == 0xFFFE => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
