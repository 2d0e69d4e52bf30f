//! `kg push` against misbehaving servers: small HTTP servers on 127.0.0.1, started and stopped by
//! each test, that redirect, stall, fail or answer garbage. kg must never claim success for data
//! the server did not confirm, never follow a redirect that loses the body, never print
//! credentials, and never hang past its `--timeout`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::kg;

/// What a fake server saw of one request.
#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    body_len: usize,
}

/// A one-thread HTTP server on a free loopback port that answers each request with `reply`
/// (raw bytes) — or with nothing when `reply` is `None` (a stalled server) — and reports what it
/// saw. It stops after `requests` connections or 30 s, whichever comes first.
struct FakeServer {
    port: u16,
    seen: mpsc::Receiver<Seen>,
}

impl FakeServer {
    fn start(reply: Option<&'static [u8]>, requests: usize) -> FakeServer {
        FakeServer::spawn(reply, requests, false)
    }

    /// A server that answers `reply` as soon as a client connects, before reading anything: what a
    /// plain HTTP server does to a TLS greeting.
    fn eager(reply: &'static [u8]) -> FakeServer {
        FakeServer::spawn(Some(reply), 1, true)
    }

    fn spawn(reply: Option<&'static [u8]>, requests: usize, eager: bool) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().unwrap().port();
        let (tx, seen) = mpsc::channel();
        thread::spawn(move || {
            listener.set_nonblocking(true).unwrap();
            let deadline = Instant::now() + Duration::from_secs(30);
            let mut served = 0;
            while served < requests && Instant::now() < deadline {
                match listener.accept() {
                    Ok((mut stream, _)) if eager => {
                        served += 1;
                        let _ = stream.write_all(reply.unwrap_or_default());
                        let _ = stream.flush();
                        thread::sleep(Duration::from_millis(500));
                    }
                    Ok((stream, _)) => {
                        served += 1;
                        if let Some(s) = serve(stream, reply, deadline) {
                            let _ = tx.send(s);
                        }
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        FakeServer { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests the server saw: waits (up to 10 s) until `expected` have been recorded, since
    /// the server records a request only after its reply, which kg may have read and exited on
    /// already; then takes any that arrive shortly after (a followed redirect would).
    fn requests(&self, expected: usize) -> Vec<Seen> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while seen.len() < expected {
            match self.seen.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(s) => seen.push(s),
                Err(_) => break,
            }
        }
        while let Ok(s) = self.seen.recv_timeout(Duration::from_millis(300)) {
            seen.push(s);
        }
        seen
    }
}

fn serve(stream: TcpStream, reply: Option<&[u8]>, deadline: Instant) -> Option<Seen> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let seen = Seen { method, target, body_len: length };
    match reply {
        Some(bytes) => {
            let mut stream = stream;
            let _ = stream.write_all(bytes);
            let _ = stream.flush();
        }
        // Stall: hold the connection open without answering until kg gives up.
        None => {
            let mut rest = [0u8; 64];
            let mut stream = stream;
            let _ = stream.set_read_timeout(Some(deadline.saturating_duration_since(Instant::now())));
            let _ = stream.read(&mut rest);
        }
    }
    Some(seen)
}

/// Runs `kg push` with `args`; returns exit code, stdout, stderr and how long it took.
fn push(args: &[&str]) -> (Option<i32>, String, String, Duration) {
    let started = Instant::now();
    let mut all = vec!["push"];
    all.extend_from_slice(args);
    let out = kg(&all);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_redirect_is_refused_and_never_followed() {
    for status in
        ["301 Moved Permanently", "302 Found", "303 See Other", "307 Temporary Redirect", "308 Permanent Redirect"]
    {
        let reply: &'static [u8] = Box::leak(
            format!("HTTP/1.1 {status}\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .into_bytes()
                .into_boxed_slice(),
        );
        // A second connection would be kg following the redirect.
        let server = FakeServer::start(Some(reply), 2);
        let (code, stdout, stderr, _) = push(&["--endpoint", &server.url("/store")]);
        assert_eq!(code, Some(3), "{status}: stdout {stdout}\nstderr {stderr}");
        assert!(stdout.is_empty(), "{status}: claimed {stdout}");
        let code_only = &status[..3];
        assert!(
            stderr.contains(&format!(
                "answered HTTP {code_only} redirecting to http://127.0.0.1:9/elsewhere; nothing was stored"
            )),
            "{stderr}"
        );
        let seen = server.requests(1);
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].method, "POST");
        assert!(seen[0].body_len > 1000, "{seen:?}");
        assert_eq!(seen[0].target, "/store?default");
    }
}

#[test]
fn a_2xx_is_success_and_reports_what_was_sent() {
    // Two requests: what the essay states, then the background graph.
    let server = FakeServer::start(Some(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), 2);
    let (code, stdout, stderr, _) = push(&["--endpoint", &server.url("/store"), "--graph", "http://ex.org/g"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.is_empty(), "status lines are on standard error: {stdout}");
    assert!(stderr.starts_with("added to graph http://ex.org/g with "), "{stderr}");
    let seen = server.requests(2);
    assert_eq!(seen[0].target, "/store?graph=http%3A%2F%2Fex.org%2Fg");
    assert!(seen[1].target.ends_with("%2Fgraph%2Fbackground"), "{seen:?}");
}

#[test]
fn a_server_error_is_a_failure_with_its_message_escaped() {
    let server = FakeServer::start(
        Some(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 19\r\nConnection: close\r\n\r\nboom \x1b[31mred\x07 done"),
        1,
    );
    let (code, stdout, stderr, _) = push(&["--endpoint", &server.url("/store")]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("answered HTTP 500: boom \\u{1b}[31mred\\u{7} done"), "{stderr:?}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{stderr:?}");
}

#[test]
fn any_2xx_is_success_and_anything_else_is_not() {
    let server = FakeServer::start(Some(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 2);
    let (code, _, stderr, _) = push(&["--endpoint", &server.url("/store")]);
    assert_eq!(code, Some(0), "{stderr}");
    let server =
        FakeServer::start(Some(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 1);
    let (code, stdout, stderr, _) = push(&["--endpoint", &server.url("/store")]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty() && stderr.contains("answered HTTP 404: Not Found"), "{stderr}");
}

#[test]
fn garbage_is_a_failure() {
    let server = FakeServer::start(Some(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"), 1);
    let (code, stdout, stderr, _) = push(&["--endpoint", &server.url("/store")]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("the reply is not valid HTTP"), "{stderr}");
}

#[test]
fn a_stalled_server_times_out() {
    let server = FakeServer::start(None, 1);
    let (code, stdout, stderr, took) = push(&["--endpoint", &server.url("/store"), "--timeout", "2"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("did not answer within 2 s (--timeout)"), "{stderr}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn https_to_a_plain_server_says_so() {
    let server = FakeServer::eager(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    let url = server.url("/store").replacen("http://", "https://", 1);
    let (code, _, stderr, _) = push(&["--endpoint", &url, "--timeout", "10"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("TLS handshake with") && stderr.contains("use an http:// URL"), "{stderr}");
}

#[test]
fn credentials_are_never_printed() {
    let server = FakeServer::start(Some(b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 1);
    let url = format!("http://alice:s3cret@127.0.0.1:{}/store", server.port);
    let (code, _, stderr, _) = push(&["--endpoint", &url]);
    assert_eq!(code, Some(3));
    assert!(!stderr.contains("s3cret") && stderr.contains("http://***@127.0.0.1"), "{stderr}");

    for format in ["text", "json"] {
        let server =
            FakeServer::start(Some(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 2);
        let url = format!("http://alice:s3cret@127.0.0.1:{}/store", server.port);
        let (code, stdout, stderr, _) = push(&["--endpoint", &url, "--format", format]);
        assert_eq!(code, Some(0), "{stderr}");
        // The text report is a status line on standard error; the JSON report is on standard output.
        let report = if format == "json" { &stdout } else { &stderr };
        assert!(!stdout.contains("s3cret") && !stderr.contains("s3cret"), "{stdout}{stderr}");
        assert!(report.contains("***@127.0.0.1"), "{report}");
    }
    let (code, _, stderr, _) = push(&["--endpoint", "http://alice:s3cret@127.0.0.1:99999/store"]);
    assert_eq!(code, Some(2));
    assert!(!stderr.contains("s3cret"), "{stderr}");
}

#[test]
fn bad_ports_fragments_and_timeouts_are_usage_errors() {
    for (endpoint, expected) in [
        ("http://127.0.0.1:99999/store", "port `99999` is not a number from 1 to 65535"),
        ("http://127.0.0.1:0/store", "port `0`"),
        ("http://127.0.0.1:80x/store", "port `80x`"),
        ("http://127.0.0.1:7878/store#frag", "#fragment"),
        ("ftp://127.0.0.1/store", "http:// or https://"),
        ("http:///store", "names no host"),
    ] {
        let (code, stdout, stderr, _) = push(&["--endpoint", endpoint]);
        assert_eq!(code, Some(2), "{endpoint}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains(expected), "{endpoint}: {stderr}");
    }
    let (code, _, stderr, _) = push(&["--endpoint", "http://127.0.0.1:9/store", "--timeout", "18446744073709551615"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--timeout"), "{stderr}");
}

#[test]
fn the_update_request_gets_the_same_hardening() {
    // A redirect: refused, not followed, one request with the whole update in its body.
    let server = FakeServer::start(
        Some(b"HTTP/1.1 303 See Other\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        2,
    );
    let (code, stdout, stderr, _) = push(&["--update-endpoint", &server.url("/update"), "--replace"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty(), "claimed {stdout}");
    assert!(
        stderr.contains("answered HTTP 303 redirecting to http://127.0.0.1:9/elsewhere; nothing was stored"),
        "{stderr}"
    );
    let seen = server.requests(1);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].method.as_str(), seen[0].target.as_str()), ("POST", "/update"));
    assert!(seen[0].body_len > 100_000, "{seen:?}");
    // Not a 2xx: a failure; credentials never printed.
    let server =
        FakeServer::start(Some(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\nConnection: close\r\n\r\nnope!"), 1);
    let url = format!("http://alice:s3cret@127.0.0.1:{}/update", server.port);
    let (code, stdout, stderr, _) = push(&["--update-endpoint", &url]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("http://***@127.0.0.1") && stderr.contains("answered HTTP 400: nope!"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
    // A 2xx: one request, every graph reported, no credentials in the JSON report.
    let server = FakeServer::start(Some(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), 1);
    let url = format!("http://alice:s3cret@127.0.0.1:{}/update", server.port);
    let (code, stdout, stderr, _) = push(&["--update-endpoint", &url, "--replace", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.contains("s3cret"), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["method"], "SPARQL Update");
    assert_eq!(report["graphs"].as_array().unwrap().len(), 2, "{report}");
    assert_eq!(server.requests(1).len(), 1);
    // The same checks of the URL as for --endpoint; exactly one of the two.
    for (args, expected) in [
        (vec!["--update-endpoint", "http://127.0.0.1:99999/update"], "port `99999`"),
        (vec!["--update-endpoint", "http://127.0.0.1:7878/update#x"], "#fragment"),
        (
            vec!["--endpoint", "http://127.0.0.1:9/store", "--update-endpoint", "http://127.0.0.1:9/update"],
            "cannot be used with",
        ),
        (vec![], "--endpoint"),
    ] {
        let (code, _, stderr, _) = push(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
