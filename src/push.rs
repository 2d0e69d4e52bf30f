//! Pushing the RDF to a triple store through the SPARQL 1.1 Graph Store HTTP Protocol: the
//! graph's triples as Turtle, `POST`ed (added) or `PUT` (replacing) to `ENDPOINT?default` or
//! `ENDPOINT?graph=IRI`, with ureq, a small blocking HTTP client.

use std::time::Duration;

use crate::export::{quads_for, rdf_quads, write_rdf, ExportError, RdfOptions, RdfSyntax};
use crate::graph::KnowledgeGraph;

/// Where and how to push.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store endpoint (`http://127.0.0.1:7878/store` for Oxigraph,
    /// `http://localhost:3030/ds/data` for Fuseki).
    pub endpoint: String,
    /// The named graph to write into; `None` for the default graph.
    pub graph: Option<String>,
    /// Replace the graph's content (`PUT`) instead of adding to it (`POST`).
    pub replace: bool,
    /// How long the whole request may take.
    pub timeout: Duration,
    /// The RDF to send.
    pub rdf: RdfOptions,
}

/// What a successful push did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushReport {
    /// The URL the RDF went to.
    pub url: String,
    /// `PUT` or `POST`.
    pub method: String,
    /// The server's HTTP status.
    pub status: u16,
    /// How many triples were sent.
    pub triples: usize,
    /// The graph written: an IRI, or `default`.
    pub graph: String,
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

/// Sends the graph's RDF (vocabulary, essay and background merged into one graph) to a SPARQL 1.1
/// Graph Store HTTP Protocol endpoint.
///
/// # Errors
/// A [`PushError`] naming the URL and what went wrong: no server, a timeout, or an HTTP error
/// status with the server's own message.
pub fn push(kg: &KnowledgeGraph, options: &PushOptions) -> Result<PushReport, PushError> {
    let url = graph_store_url(&options.endpoint, options.graph.as_deref())?;
    let triples = quads_for(RdfSyntax::Turtle, rdf_quads(kg, &options.rdf)?).len();
    let mut body = Vec::new();
    write_rdf(kg, RdfSyntax::Turtle, &options.rdf, &mut body)?;

    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(options.timeout)).http_status_as_error(false).build().into();
    let request = if options.replace { agent.put(&url) } else { agent.post(&url) };
    let result = request.header("Content-Type", "text/turtle; charset=utf-8").send(&body[..]);
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
    Ok(PushReport {
        url,
        method: if options.replace { "PUT" } else { "POST" }.to_string(),
        status,
        triples,
        graph: options.graph.clone().unwrap_or_else(|| "default".to_string()),
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
