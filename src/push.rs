//! Pushing the RDF to a triple store, keeping what the essay states apart from background
//! knowledge: by the SPARQL 1.1 Graph Store HTTP Protocol, one request per graph (the default
//! graph's triples to `ENDPOINT?default` or `?graph=IRI`, the background to
//! `?graph={base}graph/background`), or with `dataset` as one N-Quads request to a dataset
//! endpoint that takes quads (Oxigraph's `/store`, Fuseki's dataset URL, GraphDB's
//! `/statements`), or as ONE SPARQL 1.1 Update request to an update endpoint (Oxigraph's
//! `/update`), which the server applies as one transaction. HTTP through ureq, a small blocking
//! client.

use std::io::{Read, Write};
use std::time::Duration;

use oxrdf::{GraphName, Quad};

use crate::export::{background_graph, write_line, ExportError, RdfOptions, RdfStream};
use crate::graph::KnowledgeGraph;

/// Where and how to push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store endpoint (`http://127.0.0.1:7878/store` for Oxigraph,
    /// `http://localhost:3030/ds/data` for Fuseki), or with `dataset` the dataset endpoint.
    pub endpoint: String,
    /// The named graph to write what the essay states (and the vocabulary) into; `None` for the
    /// default graph. The background always goes to its own named graph.
    pub graph: Option<String>,
    /// Replace each graph's content (`PUT`) instead of adding to it (`POST`).
    pub replace: bool,
    /// Send all quads in one N-Quads request to the endpoint itself (a dataset endpoint) instead
    /// of one Graph Store request per graph. With `replace`, the server replaces its whole
    /// dataset.
    pub dataset: bool,
    /// `endpoint` is a SPARQL 1.1 Update endpoint (Oxigraph's `/update`, Fuseki's `/ds/update`):
    /// the whole push is one update request (`DROP SILENT … ; INSERT DATA { … }` with `replace`),
    /// which a store that applies each request as one transaction applies all or nothing.
    pub update: bool,
    /// How long each request may take (at most [`MAX_PUSH_TIMEOUT`]).
    pub timeout: Duration,
    /// The RDF to send.
    pub rdf: RdfOptions,
}

/// One request of a push.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushedGraph {
    /// The URL the RDF went to.
    pub url: String,
    /// The graph written: an IRI, `default`, or `dataset` for an N-Quads request.
    pub graph: String,
    /// How many triples (or quads) were sent.
    pub triples: usize,
    /// The server's HTTP status.
    pub status: u16,
}

/// What a successful push did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushReport {
    /// `PUT` or `POST` (Graph Store protocol or dataset endpoint), or `SPARQL Update`.
    pub method: String,
    /// How many triples were sent in all.
    pub triples: usize,
    /// Each request, in the order sent.
    pub graphs: Vec<PushedGraph>,
}

/// Why a push failed. Nothing claims success when any of these happens.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The endpoint is not an http(s) URL with a valid port and no fragment.
    #[error(
        "invalid endpoint `{endpoint}`: {reason} (give the http:// or https:// URL of a SPARQL Graph Store endpoint)"
    )]
    BadEndpoint {
        /// The endpoint given, without its credentials.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server answered with a redirect, which kg does not follow.
    #[error("{url} answered HTTP {status} redirecting to {location}; nothing was stored. kg does not follow redirects (a redirected POST or PUT can lose its body): give the final URL as --endpoint")]
    Redirect {
        /// The URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Where the server pointed.
        location: String,
    },
    /// The TLS handshake failed.
    #[error("TLS handshake with {url} failed: {reason}; if the server speaks plain HTTP, use an http:// URL")]
    Tls {
        /// The URL.
        url: String,
        /// The TLS library's reason.
        reason: String,
    },
    /// The graph name is not an IRI.
    #[error("invalid graph IRI `{iri}`: {reason}")]
    BadGraph {
        /// The graph name given.
        iri: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Nothing answered at the endpoint.
    #[error("cannot connect to {url}: {reason}; is the server running and listening there?")]
    Connect {
        /// The URL.
        url: String,
        /// The system's reason.
        reason: String,
    },
    /// The server did not answer in time.
    #[error("{url} did not answer within {seconds} s (--timeout)")]
    Timeout {
        /// The URL.
        url: String,
        /// The time allowed.
        seconds: u64,
    },
    /// The server refused the RDF.
    #[error("{url} answered HTTP {status}: {message}")]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The server's message (the start of its response body).
        message: String,
    },
    /// Another failure of the request.
    #[error("request to {url} failed: {message}")]
    Request {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The RDF could not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Percent-encodes a query-string value (everything but RFC 3986's unreserved characters).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The longest `timeout` [`push`] honours (a week); longer ones are shortened to it, so that no
/// deadline overflows the clock.
pub const MAX_PUSH_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

/// An endpoint checked to be an `http(s)://host[:port]/path[?query]` URL.
struct Endpoint {
    /// The URL as given.
    url: String,
}

/// Checks an endpoint URL: http or https, a host, a port from 1 to 65535 when given, no
/// fragment (a fragment is never sent to the server, so the RDF would not go where it says).
fn parse_endpoint(endpoint: &str) -> Result<Endpoint, PushError> {
    let bad = |why: &str| PushError::BadEndpoint { endpoint: redact(endpoint), reason: why.to_string() };
    if endpoint.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it contains spaces or control characters"));
    }
    let lower = endpoint.to_ascii_lowercase();
    let scheme_len = if lower.starts_with("http://") {
        7
    } else if lower.starts_with("https://") {
        8
    } else {
        return Err(bad("give an http:// or https:// URL"));
    };
    if endpoint.contains('#') {
        return Err(bad("it has a #fragment, which is never sent to the server; remove it"));
    }
    let rest = &endpoint[scheme_len..];
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, after)) => (h, after.strip_prefix(':')),
            None => return Err(bad("an IPv6 host needs its closing ]")),
        },
        None => match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        },
    };
    if host.is_empty() {
        return Err(bad("it names no host"));
    }
    if let Some(port) = port {
        if !port.bytes().all(|b| b.is_ascii_digit()) || !(1..=65535).contains(&port.parse::<u32>().unwrap_or(0)) {
            return Err(bad(&format!("port `{port}` is not a number from 1 to 65535")));
        }
    }
    Ok(Endpoint { url: endpoint.to_string() })
}

/// The URL with any `user:password@` replaced by `***@`, for messages and reports.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..scheme_end], &rest[at..]),
        None => url.to_string(),
    }
}

/// The Graph Store URL of a push: `ENDPOINT?default` or `ENDPOINT?graph=IRI`.
///
/// ```
/// let url = kg::graph_store_url("http://127.0.0.1:7878/store", Some("http://ex.org/g#1")).unwrap();
/// assert_eq!(url, "http://127.0.0.1:7878/store?graph=http%3A%2F%2Fex.org%2Fg%231");
/// assert!(kg::graph_store_url("http://127.0.0.1:99999/store", None).is_err());
/// assert!(kg::graph_store_url("http://127.0.0.1:7878/store#g", None).is_err());
/// ```
pub fn graph_store_url(endpoint: &str, graph: Option<&str>) -> Result<String, PushError> {
    let endpoint = parse_endpoint(endpoint)?.url;
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    Ok(match graph {
        None => format!("{endpoint}{separator}default"),
        Some(iri) => {
            oxrdf::NamedNode::new(iri)
                .map_err(|e| PushError::BadGraph { iri: iri.to_string(), reason: e.to_string() })?;
            format!("{endpoint}{separator}graph={}", percent_encode(iri))
        }
    })
}

/// What one request carries. Its bytes are generated from the export's stream twice, never
/// held whole: once to measure them (the `Content-Length`), once as they are sent.
enum Body {
    /// The default graph's triples, as N-Triples.
    Stated,
    /// The background graph's triples, as N-Triples.
    Background,
    /// Every quad, as N-Quads.
    Dataset,
    /// One SPARQL 1.1 Update: `prologue` (the `DROP`s of a replace), then one `INSERT DATA` with
    /// the default graph's triples (in `GRAPH target` when given) and each named graph's in its
    /// own `GRAPH` block. The triples are written in N-Triples syntax, which `INSERT DATA`
    /// accepts as it is.
    Update { prologue: String, target: Option<oxrdf::NamedNode> },
}

/// One HTTP request of a push: where it goes, how, and which graphs it carries.
struct Request {
    url: String,
    method: &'static str,
    content_type: &'static str,
    body: Body,
    /// Each graph the request writes, with its number of triples (or quads).
    graphs: Vec<(String, usize)>,
}

/// An N-Triples line of a quad's triple, whatever its graph.
fn write_triple(q: &Quad, line: &mut Vec<u8>) -> std::io::Result<()> {
    if q.graph_name.is_default_graph() {
        write_line(q, false, line)
    } else {
        let triple = Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), GraphName::DefaultGraph);
        write_line(&triple, false, line)
    }
}

/// Writes a request's body, a subject's triples at a time.
fn write_body(
    stream: &RdfStream,
    body: &Body,
    background: &oxrdf::NamedNode,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut line = Vec::new();
    let background = GraphName::NamedNode(background.clone());
    match body {
        Body::Stated | Body::Background | Body::Dataset => {
            stream.for_each_subject(!matches!(body, Body::Stated), |quads| {
                line.clear();
                for q in quads {
                    match body {
                        Body::Dataset => write_line(q, true, &mut line)?,
                        Body::Stated if q.graph_name.is_default_graph() => write_line(q, false, &mut line)?,
                        Body::Background if q.graph_name == background => write_triple(q, &mut line)?,
                        _ => {}
                    }
                }
                out.write_all(&line).map_err(ExportError::from)
            })
        }
        Body::Update { prologue, target } => {
            out.write_all(prologue.as_bytes())?;
            out.write_all(b"INSERT DATA {\n")?;
            if let Some(g) = target {
                writeln!(out, "GRAPH {g} {{")?;
            }
            // The named graph whose block is open.
            let mut open: Option<GraphName> = None;
            stream.for_each_subject(true, |quads| {
                line.clear();
                for q in quads {
                    if !q.graph_name.is_default_graph() && open.as_ref() != Some(&q.graph_name) {
                        if open.is_some() || target.is_some() {
                            line.extend_from_slice(b"}\n");
                        }
                        line.extend_from_slice(format!("GRAPH {} {{\n", q.graph_name).as_bytes());
                        open = Some(q.graph_name.clone());
                    }
                    write_triple(q, &mut line)?;
                }
                out.write_all(&line).map_err(ExportError::from)
            })?;
            if open.is_some() || target.is_some() {
                out.write_all(b"}\n")?;
            }
            out.write_all(b"}\n")?;
            Ok(())
        }
    }
}

/// The writing end of a body in flight: each chunk goes to the thread that sends it.
struct ChunkSender(std::sync::mpsc::SyncSender<Vec<u8>>);

impl Write for ChunkSender {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.send(buf.to_vec()).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The reading end: the HTTP client reads the body from it as it is generated.
struct ChunkReceiver {
    chunks: std::sync::mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for ChunkReceiver {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.chunks.recv() {
                Ok(chunk) => (self.chunk, self.at) = (chunk, 0),
                // The body is complete.
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Chunks of a body in flight (64 KiB each at most): what a push holds of a body at a time.
const BODY_CHUNKS_IN_FLIGHT: usize = 4;

/// Sends the graph's RDF to a triple store, what the essay states and background knowledge in
/// separate graphs (see [`PushOptions`]). Each request's body is generated from the export's
/// stream as it is sent (after a first pass that measures its length), so a push holds a few
/// chunks of the body and one subject's triples, never the whole export.
///
/// # Errors
/// A [`PushError`] naming the URL and what went wrong: no server, a timeout, or an HTTP error
/// status with the server's own message. Requests already sent stay sent: the report of an
/// error names the failing URL. (An update push is one request, so it is never half sent.)
pub fn push(kg: &KnowledgeGraph, options: &PushOptions) -> Result<PushReport, PushError> {
    let stream = RdfStream::new(kg, &options.rdf)?;
    let (stated_triples, background_triples) = stream.counts();
    let background = background_graph(&options.rdf.base_for(kg));
    let graph = match &options.graph {
        Some(iri) => Some(
            oxrdf::NamedNode::new(iri.as_str())
                .map_err(|e| PushError::BadGraph { iri: iri.clone(), reason: e.to_string() })?,
        ),
        None => None,
    };
    let graph_label = options.graph.clone().unwrap_or_else(|| "default".to_string());
    let put_or_post = if options.replace { "PUT" } else { "POST" };
    let mut requests: Vec<Request> = Vec::new();
    if options.update {
        let url = parse_endpoint(&options.endpoint)?.url;
        let (body, graphs) = if options.dataset {
            // Every quad where the export puts it; with `replace`, the whole dataset is dropped.
            let prologue = if options.replace { "DROP ALL ;\n" } else { "" }.to_string();
            let graphs = vec![("dataset".to_string(), stated_triples + background_triples)];
            (Body::Update { prologue, target: None }, graphs)
        } else {
            let mut prologue = String::new();
            let mut graphs = vec![(graph_label, stated_triples)];
            if options.replace {
                match &graph {
                    Some(g) => prologue.push_str(&format!("DROP SILENT GRAPH {g} ;\n")),
                    None => prologue.push_str("DROP SILENT DEFAULT ;\n"),
                }
            }
            if background_triples > 0 {
                if options.replace {
                    prologue.push_str(&format!("DROP SILENT GRAPH {background} ;\n"));
                }
                graphs.push((background.as_str().to_string(), background_triples));
            }
            (Body::Update { prologue, target: graph.clone() }, graphs)
        };
        requests.push(Request { url, method: "POST", content_type: "application/sparql-update", body, graphs });
    } else if options.dataset {
        let url = graph_store_url(&options.endpoint, None)?;
        let url = url.strip_suffix("?default").or_else(|| url.strip_suffix("&default")).unwrap_or(&url).to_string();
        let graphs = vec![("dataset".to_string(), stated_triples + background_triples)];
        requests.push(Request {
            url,
            method: put_or_post,
            content_type: "application/n-quads",
            body: Body::Dataset,
            graphs,
        });
    } else {
        let url = graph_store_url(&options.endpoint, options.graph.as_deref())?;
        let graphs = vec![(graph_label, stated_triples)];
        requests.push(Request {
            url,
            method: put_or_post,
            content_type: "application/n-triples",
            body: Body::Stated,
            graphs,
        });
        if background_triples > 0 {
            let url = graph_store_url(&options.endpoint, Some(background.as_str()))?;
            let graphs = vec![(background.as_str().to_string(), background_triples)];
            requests.push(Request {
                url,
                method: put_or_post,
                content_type: "application/n-triples",
                body: Body::Background,
                graphs,
            });
        }
    }

    let timeout = options.timeout.min(MAX_PUSH_TIMEOUT);
    // Redirects are not followed: a 301/302/303 turns the POST into a GET without the RDF, and the
    // server would then answer 200 for data it never received.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut graphs = Vec::new();
    for request in requests {
        let shown = redact(&request.url);
        let status = send_streamed(&agent, &request, &shown, timeout, &stream, &background)?;
        for (graph, triples) in request.graphs {
            graphs.push(PushedGraph { url: shown.clone(), graph, triples, status });
        }
    }
    Ok(PushReport {
        method: if options.update { "SPARQL Update" } else { put_or_post }.to_string(),
        triples: graphs.iter().map(|g| g.triples).sum(),
        graphs,
    })
}

/// Sends one request, its body generated on another thread as the client reads it.
fn send_streamed(
    agent: &ureq::Agent,
    request: &Request,
    shown: &str,
    timeout: Duration,
    stream: &RdfStream,
    background: &oxrdf::NamedNode,
) -> Result<u16, PushError> {
    let mut length = crate::export::ByteCount::default();
    write_body(stream, &request.body, background, &mut length)?;
    std::thread::scope(|scope| {
        let (sender, chunks) = std::sync::mpsc::sync_channel(BODY_CHUNKS_IN_FLIGHT);
        let producer = scope.spawn(move || {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, ChunkSender(sender));
            write_body(stream, &request.body, background, &mut out)?;
            out.flush()?;
            Ok::<(), ExportError>(())
        });
        let mut reader = ChunkReceiver { chunks, chunk: Vec::new(), at: 0 };
        let sent = send(agent, request, shown, timeout, &mut reader, length.0);
        // A producer still writing (the server answered early, or the connection failed) stops
        // when its reader is gone.
        drop(reader);
        let produced =
            producer.join().unwrap_or_else(|_| Err(ExportError::Io(std::io::Error::other("the body's writer failed"))));
        match (sent, produced) {
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e.into()),
            (Ok(status), Ok(())) => Ok(status),
        }
    })
}

/// Sends one request and returns the server's 2xx status; a redirect, any other status or a
/// transport failure is an error naming `shown` (the URL without credentials).
fn send(
    agent: &ureq::Agent,
    request: &Request,
    shown: &str,
    timeout: Duration,
    body: &mut dyn Read,
    length: u64,
) -> Result<u16, PushError> {
    let builder = if request.method == "PUT" { agent.put(&request.url) } else { agent.post(&request.url) };
    let result = builder
        .header("Content-Type", request.content_type)
        .header("Content-Length", length)
        .send(ureq::SendBody::from_reader(body));
    let mut response = result.map_err(|e| request_error(shown, timeout, e))?;
    let status = response.status().as_u16();
    if (300..400).contains(&status) {
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("nowhere");
        return Err(PushError::Redirect { url: shown.to_string(), status, location: redact(location) });
    }
    // Only a 2xx says the server stored the RDF; anything else (1xx, 4xx, 5xx) is a failure.
    if !(200..300).contains(&status) {
        let text = response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
        let mut message: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if message.chars().count() > 500 {
            message = message.chars().take(500).collect::<String>() + "…";
        }
        if message.is_empty() {
            message = response.status().canonical_reason().unwrap_or("no message").to_string();
        }
        return Err(PushError::Status { url: shown.to_string(), status, message });
    }
    Ok(status)
}

fn request_error(url: &str, timeout: Duration, e: ureq::Error) -> PushError {
    let url = url.to_string();
    let seconds = timeout.as_secs();
    match e {
        ureq::Error::Timeout(_) => PushError::Timeout { url, seconds },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => PushError::Timeout { url, seconds },
        // A plain HTTP server answers a TLS greeting with plain text (rustls: invalid data) or
        // hangs up.
        ureq::Error::Io(io)
            if url.starts_with("https://")
                && matches!(
                    io.kind(),
                    std::io::ErrorKind::InvalidData
                        | std::io::ErrorKind::UnexpectedEof
                        | std::io::ErrorKind::ConnectionReset
                ) =>
        {
            PushError::Tls { url, reason: io.to_string() }
        }
        ureq::Error::Io(io) => PushError::Connect { url, reason: io.to_string() },
        ureq::Error::ConnectionFailed => PushError::Connect { url, reason: "connection failed".to_string() },
        ureq::Error::HostNotFound => PushError::Connect { url, reason: "host not found".to_string() },
        ureq::Error::Rustls(e) => PushError::Tls { url, reason: e.to_string() },
        ureq::Error::Tls(e) => PushError::Tls { url, reason: e.to_string() },
        ureq::Error::Protocol(e) => PushError::Request { url, message: format!("the reply is not valid HTTP ({e})") },
        other => PushError::Request { url, message: other.to_string() },
    }
}
