//! Pushing the RDF to a triple store, keeping what the essay states apart from background
//! knowledge: by the SPARQL 1.1 Graph Store HTTP Protocol, one request per graph (the default
//! graph's triples to `ENDPOINT?default` or `?graph=IRI`, the background to
//! `?graph={base}graph/background`), or with `dataset` as one N-Quads request to a dataset
//! endpoint that takes quads (Oxigraph's `/store`, Fuseki's dataset URL, GraphDB's
//! `/statements`). HTTP through ureq, a small blocking client.

use std::time::Duration;

use oxrdf::{GraphName, Quad};
use oxrdfio::{RdfFormat, RdfSerializer};

use crate::export::{background_graph, rdf_quads, ExportError, RdfOptions};
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
    /// How long each request may take.
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
    /// `PUT` or `POST`.
    pub method: String,
    /// How many triples were sent in all.
    pub triples: usize,
    /// Each request, in the order sent.
    pub graphs: Vec<PushedGraph>,
}

/// Why a push failed. Nothing claims success when any of these happens.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The endpoint is not an http(s) URL.
    #[error("invalid endpoint `{0}`: give an http:// or https:// URL of a SPARQL Graph Store endpoint")]
    BadEndpoint(String),
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

/// The Graph Store URL of a push: `ENDPOINT?default` or `ENDPOINT?graph=IRI`.
///
/// ```
/// let url = kg::graph_store_url("http://127.0.0.1:7878/store", Some("http://ex.org/g#1")).unwrap();
/// assert_eq!(url, "http://127.0.0.1:7878/store?graph=http%3A%2F%2Fex.org%2Fg%231");
/// ```
pub fn graph_store_url(endpoint: &str, graph: Option<&str>) -> Result<String, PushError> {
    let lower = endpoint.to_ascii_lowercase();
    let rest = lower.strip_prefix("http://").or_else(|| lower.strip_prefix("https://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) || endpoint.contains(char::is_whitespace) {
        return Err(PushError::BadEndpoint(endpoint.to_string()));
    }
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

/// Serializes quads (or triples, when all are in the default graph) in `format`.
fn serialize(quads: &[Quad], format: RdfFormat) -> Result<Vec<u8>, ExportError> {
    let mut body = Vec::new();
    let mut writer = RdfSerializer::from_format(format).for_writer(&mut body);
    for q in quads {
        writer.serialize_quad(q)?;
    }
    writer.finish()?;
    Ok(body)
}

/// Sends the graph's RDF to a triple store, what the essay states and background knowledge in
/// separate graphs (see [`PushOptions`]).
///
/// # Errors
/// A [`PushError`] naming the URL and what went wrong: no server, a timeout, or an HTTP error
/// status with the server's own message. Requests already sent stay sent: the report of an
/// error names the failing URL.
pub fn push(kg: &KnowledgeGraph, options: &PushOptions) -> Result<PushReport, PushError> {
    let quads = rdf_quads(kg, &options.rdf)?;
    let background = background_graph(&options.rdf.base_for(kg));
    let mut requests: Vec<(String, String, usize, &str, Vec<u8>)> = Vec::new();
    if options.dataset {
        let url = graph_store_url(&options.endpoint, None)?;
        let url = url.strip_suffix("?default").or_else(|| url.strip_suffix("&default")).unwrap_or(&url).to_string();
        let body = serialize(&quads, RdfFormat::NQuads)?;
        requests.push((url, "dataset".into(), quads.len(), "application/n-quads", body));
    } else {
        let (stated, rest): (Vec<Quad>, Vec<Quad>) = quads.into_iter().partition(|q| q.graph_name.is_default_graph());
        let background_triples: Vec<Quad> = rest
            .into_iter()
            .filter(|q| q.graph_name == GraphName::NamedNode(background.clone()))
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
            .collect();
        let url = graph_store_url(&options.endpoint, options.graph.as_deref())?;
        let name = options.graph.clone().unwrap_or_else(|| "default".to_string());
        requests.push((url, name, stated.len(), "application/n-triples", serialize(&stated, RdfFormat::NTriples)?));
        if !background_triples.is_empty() {
            let url = graph_store_url(&options.endpoint, Some(background.as_str()))?;
            let body = serialize(&background_triples, RdfFormat::NTriples)?;
            requests.push((
                url,
                background.as_str().to_string(),
                background_triples.len(),
                "application/n-triples",
                body,
            ));
        }
    }

    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(options.timeout)).http_status_as_error(false).build().into();
    let mut graphs = Vec::new();
    for (url, graph, triples, content_type, body) in requests {
        let request = if options.replace { agent.put(&url) } else { agent.post(&url) };
        let result = request.header("Content-Type", content_type).send(&body[..]);
        let mut response = result.map_err(|e| request_error(&url, options.timeout, e))?;
        let status = response.status().as_u16();
        if status >= 400 {
            let text = response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
            let mut message: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if message.chars().count() > 500 {
                message = message.chars().take(500).collect::<String>() + "…";
            }
            if message.is_empty() {
                message = response.status().canonical_reason().unwrap_or("no message").to_string();
            }
            return Err(PushError::Status { url, status, message });
        }
        graphs.push(PushedGraph { url, graph, triples, status });
    }
    Ok(PushReport {
        method: if options.replace { "PUT" } else { "POST" }.to_string(),
        triples: graphs.iter().map(|g| g.triples).sum(),
        graphs,
    })
}

fn request_error(url: &str, timeout: Duration, e: ureq::Error) -> PushError {
    let url = url.to_string();
    match e {
        ureq::Error::Timeout(_) => PushError::Timeout { url, seconds: timeout.as_secs() },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            PushError::Timeout { url, seconds: timeout.as_secs() }
        }
        ureq::Error::Io(io) => PushError::Connect { url, reason: io.to_string() },
        ureq::Error::ConnectionFailed => PushError::Connect { url, reason: "connection failed".to_string() },
        ureq::Error::HostNotFound => PushError::Connect { url, reason: "host not found".to_string() },
        other => PushError::Request { url, message: other.to_string() },
    }
}
