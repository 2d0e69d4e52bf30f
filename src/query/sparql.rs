//! SPARQL 1.1 over the same RDF that `kg export` writes, in memory: Oxigraph's evaluator over the
//! index of `sparql_index.rs`, which answers as Oxigraph's in-memory store did. Unlike a
//! server's, the default graph here is the union of the store's default graph (the vocabulary
//! and what the essay states) and the background graph, like `oxigraph query
//! --union-default-graph`; `GRAPH kgg:background` still reaches the background alone. The
//! standard prefixes and the export's own (`kgv:`, `ent:`, `rel:`, `ev:`, `qty:`, `kgg:`) are
//! declared implicitly; a query's own `PREFIX` wins.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator};

use super::sparql_index::{SparqlStore, SparqlStoreBuilder};
use super::sparql_view::pace;
use crate::export::{export_prefixes, RdfOptions, RdfStream};
use crate::graph::KnowledgeGraph;

/// Why a SPARQL query failed.
#[derive(Debug, thiserror::Error)]
pub enum SparqlError {
    /// The query does not parse.
    #[error("invalid SPARQL query: {0}")]
    Syntax(String),
    /// The text is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...), not a query.
    #[error("SPARQL updates are not supported: the graph is read-only; change the annotations instead")]
    Update,
    /// The query ran longer than its time limit.
    #[error("the query was stopped after {} s (--timeout SECONDS allows more)", .0.as_secs_f64())]
    Timeout(Duration),
    /// The answer has more rows (or triples) than allowed.
    #[error("the answer has more than {0} rows (--max-rows N allows more; LIMIT asks for fewer)")]
    TooManyRows(usize),
    /// The query could not be evaluated.
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    /// The RDF could not be built or stored.
    #[error("cannot build the SPARQL store: {0}")]
    Store(String),
}

/// The answer to a query, fully read.
#[derive(Debug, Clone, PartialEq)]
pub enum SparqlAnswer {
    /// A SELECT query's solutions.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// One row per solution, a value (or none) per variable.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// An ASK query's answer.
    Boolean(bool),
    /// A CONSTRUCT or DESCRIBE query's triples.
    Graph(Vec<Triple>),
}

/// The standard SPARQL results formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL Query Results XML.
    Xml,
}

/// An in-memory store holding the graph's RDF: every quad `kg export --format nquads` writes.
///
/// # Complexity
/// O(Q) for Q quads (hash lookups of their terms), plus generating them; for the built-in essay
/// with the default options, the index `build.rs` stored, read in place.
pub fn sparql_store(kg: &KnowledgeGraph, options: &RdfOptions) -> Result<SparqlStore, SparqlError> {
    // The built-in graph with the default options: its index was made when the crate was built,
    // by this very code (`sparql_index.rs`), from the stream `RdfStream::new` would lend.
    if options.is_default() && kg.is_builtin() {
        if let Some(stored) = crate::builtin::sparql_index() {
            return Ok(stored.clone());
        }
    }
    fresh_sparql_store(kg, options)
}

/// [`sparql_store`] built at run time from the RDF stream (never the stored index).
pub(crate) fn fresh_sparql_store(kg: &KnowledgeGraph, options: &RdfOptions) -> Result<SparqlStore, SparqlError> {
    let stream = RdfStream::new(kg, options).map_err(|e| SparqlError::Store(e.to_string()))?;
    // Each subject's quads are numbered into the index as they are generated, never all of them
    // at once beside it.
    let (stated, background) = stream.counts();
    let mut builder = SparqlStoreBuilder::with_capacity(stated + background);
    stream.for_each_subject_ref(true, |quads| {
        quads.iter().for_each(|q| builder.add(*q));
        Ok::<(), SparqlError>(())
    })?;
    Ok(builder.build())
}

/// The prefixes `kg sparql` declares implicitly for an export: the standard ones and the
/// export's own, as `(prefix, namespace)`.
pub fn sparql_prefixes(kg: &KnowledgeGraph, options: &RdfOptions) -> Vec<(&'static str, String)> {
    export_prefixes(&options.base_for(kg), options.vocab_namespace())
}

/// How much a query may cost: wall-clock time, and rows (solutions or triples) in the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Stop the evaluation after this long.
    pub timeout: Duration,
    /// Fail when the answer has more rows than this.
    pub max_rows: usize,
}

impl Default for QueryLimits {
    /// 30 seconds and 100,000 rows: far beyond any question about the essay (its whole export is
    /// a few thousand triples), well short of what a cartesian product can cost.
    fn default() -> Self {
        QueryLimits { timeout: Duration::from_secs(30), max_rows: 100_000 }
    }
}

/// Runs a query on a store made by [`sparql_store`], with no implicit prefixes, within the
/// default [`QueryLimits`].
pub fn run_query(store: &SparqlStore, query: &str) -> Result<SparqlAnswer, SparqlError> {
    run_query_within(store, query, &[], QueryLimits::default())
}

/// Runs a query on a store made by [`sparql_store`], with `prefixes` declared implicitly, within
/// the default [`QueryLimits`].
pub fn run_query_with_prefixes(
    store: &SparqlStore,
    query: &str,
    prefixes: &[(&str, String)],
) -> Result<SparqlAnswer, SparqlError> {
    run_query_within(store, query, prefixes, QueryLimits::default())
}

/// Runs a query on a store made by [`sparql_store`], with `prefixes` declared implicitly.
///
/// # Errors
/// [`SparqlError::Syntax`] for a query that does not parse, [`SparqlError::Update`] for a SPARQL
/// Update, [`SparqlError::Timeout`] and [`SparqlError::TooManyRows`] when it exceeds `limits`
/// (the evaluation is cancelled, so memory stays bounded too).
pub fn run_query_within(
    store: &SparqlStore,
    query: &str,
    prefixes: &[(&str, String)],
    limits: QueryLimits,
) -> Result<SparqlAnswer, SparqlError> {
    let cancel = CancellationToken::new();
    let (prepared, _) = prepare(query, prefixes, &cancel)?;
    // The evaluation runs on its own thread so that the caller gets its answer, or the timeout,
    // on time even when the evaluator is inside a step that does not look at the cancellation
    // token (sorting a huge intermediate result); cancelled, the thread stops at its next check.
    let (send, receive) = mpsc::channel();
    let store = store.clone();
    let query = query.to_string();
    std::thread::spawn(move || {
        let _ = send.send(evaluate(prepared.on_queryable_dataset(store.view()).execute(), &query, limits.max_rows));
    });
    match receive.recv_timeout(limits.timeout) {
        Ok(answer) => answer,
        Err(_) => {
            cancel.cancel();
            Err(SparqlError::Timeout(limits.timeout))
        }
    }
}

/// [`run_query_within`] evaluated on the calling thread, for a caller that can end its process
/// at the deadline (the `kg` command): when `limits.timeout` has passed, `at_deadline` runs on a
/// watchdog thread, and the evaluation is cancelled if it returns.
///
/// The evaluator looks at its cancellation token at every quad it reads, but not inside every
/// step (sorting or joining rows already made), so after the deadline an evaluation may go on
/// for long and grow large: `at_deadline` is how the caller stops on time. Once the evaluation
/// has ended, `at_deadline` is never called; once `at_deadline` is called, this function returns
/// only after it returns (and then [`SparqlError::Timeout`], unless the answer was complete).
///
/// What it saves over [`run_query_within`]: handing the query to a thread and the answer back
/// (two wake-ups, each a wait for a core on a busy host) and that thread's allocations (a
/// malloc arena of their own, and its page faults). For a paced query (`paced`) the watchdog
/// thread itself is started only if the evaluation reaches its `PACED_STEPS`th step, with the
/// same deadline, so a short query runs on one thread.
///
/// # Errors
/// As [`run_query_within`].
///
/// # Example
/// ```
/// let (store, prefixes) = kg::builtin_sparql().unwrap();
/// let limits = kg::QueryLimits::default();
/// let query = "ASK { ?t rdfs:label \"Treaty of Portsmouth\"@en ; a kgv:Treaty }";
/// // At the deadline, end the process (as `kg sparql` does, with a message).
/// let answer = kg::run_query_here(&store, query, &prefixes, limits, || std::process::exit(1)).unwrap();
/// assert_eq!(answer, kg::SparqlAnswer::Boolean(true));
/// ```
pub fn run_query_here(
    store: &SparqlStore,
    query: &str,
    prefixes: &[(&str, String)],
    limits: QueryLimits,
    at_deadline: impl FnOnce() + Send + 'static,
) -> Result<SparqlAnswer, SparqlError> {
    let cancel = CancellationToken::new();
    let (prepared, paced) = prepare(query, prefixes, &cancel)?;
    // No deadline when `timeout` runs past what `Instant` can hold.
    let deadline = Instant::now().checked_add(limits.timeout);
    let task = move || {
        at_deadline();
        cancel.cancel();
    };
    // The watchdog thread, started now, or (for a paced query) only at the evaluation's
    // `PACED_STEPS`th step, on this thread, with the same deadline.
    let watchdog: Rc<RefCell<Option<Watchdog>>> = Rc::default();
    let _unset = if paced {
        let slot = Rc::clone(&watchdog);
        pace::set(PACED_STEPS, Box::new(move || *slot.borrow_mut() = Some(Watchdog::start(deadline, task))));
        Some(Unset)
    } else {
        *watchdog.borrow_mut() = Some(Watchdog::start(deadline, task));
        None
    };
    let answer = evaluate(prepared.on_queryable_dataset(store.view()).execute(), query, limits.max_rows);
    pace::clear();
    let fired = watchdog.borrow_mut().take().is_some_and(Watchdog::stop);
    match answer {
        Err(_) if fired => Err(SparqlError::Timeout(limits.timeout)),
        answer => answer,
    }
}

/// How many steps (`sparql_view::pace`: patterns looked up, terms numbered or read back, term numbers
/// copied, one or more for each row made) a paced query's evaluation takes before
/// [`run_query_here`] starts its watchdog thread: ~10 ms of evaluation, far more than the docs
/// queries take (the Sakhalin query ~570), and so few rows that whatever spareval does with
/// them without a step (sorting them, or hashing them) is over long before any deadline.
const PACED_STEPS: u32 = 1 << 17;

/// Clears the pace's task when dropped (as on a panic inside the evaluation).
struct Unset;

impl Drop for Unset {
    fn drop(&mut self) {
        pace::clear();
    }
}

/// The query parsed with `prefixes` declared and evaluated under `cancel`, its default graph the
/// union of the store's graphs; and whether it is [`paced`].
fn prepare(
    query: &str,
    prefixes: &[(&str, String)],
    cancel: &CancellationToken,
) -> Result<(PreparedSparqlQuery, bool), SparqlError> {
    let named = NamedPrefixes::of(query);
    let with_prefixes = |declare: &dyn Fn(&str) -> bool| -> Result<spargebra::SparqlParser, SparqlError> {
        let mut parser = spargebra::SparqlParser::new();
        for (prefix, iri) in prefixes.iter().filter(|(prefix, _)| declare(prefix)) {
            parser = parser.with_prefix(*prefix, iri.as_str()).map_err(|e| SparqlError::Store(e.to_string()))?;
        }
        Ok(parser)
    };
    // Only the prefixes the query may use: declaring one parses its IRI (~3,400 instructions
    // each), and one the query never names changes nothing.
    let may_use = |prefix: &str| named.may_name(prefix);
    // First without those the query seems to declare itself (`PREFIX kgv: <...>`, as the docs
    // queries do): its own declaration would win over them. A query that parses without them
    // parses to the same algebra with them (a prologue's declarations come before every name
    // that uses them, and the algebra keeps no prefix); one that does not is parsed again with
    // all of them, as before, for its algebra or its error.
    let first = match named.declared {
        Some(_) => Some(with_prefixes(&|prefix| !named.declares(prefix) && may_use(prefix))?.parse_query(query)),
        None => None,
    };
    // Parsed as `SparqlEvaluator::parse_query` parses (the same parser, the same prefixes), so
    // that the algebra can be looked at before it is evaluated.
    let parsed = match first {
        Some(Ok(parsed)) => parsed,
        _ => match with_prefixes(&may_use)?.parse_query(query) {
            Ok(parsed) => parsed,
            Err(_) if with_prefixes(&may_use)?.parse_update(query).is_ok() => return Err(SparqlError::Update),
            Err(e) => return Err(SparqlError::Syntax(e.to_string())),
        },
    };
    let paced = paced(&parsed);
    let mut prepared = SparqlEvaluator::new().with_cancellation_token(cancel.clone()).for_query(parsed);
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    Ok((prepared, paced))
}

/// Whether every row the query's evaluation makes is paced: made with at least one step of
/// `sparql_view::pace`, so that spareval cannot spend long between two steps on rows made before
/// the [`PACED_STEPS`]th. True when the pattern, under its solution modifiers (`ORDER BY` plain
/// variables only), is made only of triple patterns and paths that bind a variable, joins,
/// unions, `OPTIONAL` without a filter and `GRAPH`: each of its rows then binds a variable, and a
/// row is made by copying term numbers (a step each). Not paced: expressions (`FILTER`, `BIND`,
/// computed `SELECT`s and `ORDER BY`s; one can make gigabytes from one row), aggregates,
/// `VALUES`, `MINUS`, `SERVICE` and subqueries (whose rows may bind nothing, so that a cartesian
/// product of them makes rows without a step).
fn paced(query: &spargebra::Query) -> bool {
    use spargebra::algebra::{Expression, GraphPattern as P, OrderExpression};
    use spargebra::term::{NamedNodePattern, TermPattern};
    let binds = |t: &TermPattern| matches!(t, TermPattern::Variable(_) | TermPattern::BlankNode(_));
    fn body(p: &P, binds: &dyn Fn(&TermPattern) -> bool) -> bool {
        match p {
            P::Bgp { patterns } => {
                !patterns.is_empty()
                    && patterns.iter().all(|t| {
                        binds(&t.subject) || matches!(t.predicate, NamedNodePattern::Variable(_)) || binds(&t.object)
                    })
            }
            P::Path { subject, object, .. } => binds(subject) || binds(object),
            P::Join { left, right } | P::Union { left, right } | P::LeftJoin { left, right, expression: None } => {
                body(left, binds) && body(right, binds)
            }
            P::Graph { inner, .. } => body(inner, binds),
            _ => false,
        }
    }
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = query;
    let plain = |e: &OrderExpression| {
        matches!(e, OrderExpression::Asc(Expression::Variable(_)) | OrderExpression::Desc(Expression::Variable(_)))
    };
    let mut pattern = pattern;
    loop {
        pattern = match pattern {
            P::Project { inner, .. } | P::Distinct { inner } | P::Reduced { inner } | P::Slice { inner, .. } => inner,
            P::OrderBy { inner, expression } if expression.iter().all(plain) => inner,
            other => return body(other, &binds),
        };
    }
}

/// The prefixes a query's text may name: for each `:` in it, the letters, digits, `_`, `-` and
/// `.` right before it (`kgv` in `kgv:Treaty`, but also `http` in `<http://...>` and words in
/// comments and strings: a prefix is left undeclared only where no prefixed name can use it).
/// `None` (any prefix) when the text holds a backslash: the parser replaces `\u0041`-style
/// escapes anywhere in the text before it reads it, so an escaped name may spell a prefix, or
/// its colon, with other characters.
///
/// Also the prefixes the text seems to declare: each such run of name characters that follows
/// white space after a `PREFIX` keyword (any case) that starts a word; `None` when there is none.
/// Comments and strings can fool this too, which `prepare` makes harmless.
struct NamedPrefixes<'q> {
    named: Option<Vec<&'q str>>,
    declared: Option<Vec<&'q str>>,
}

impl<'q> NamedPrefixes<'q> {
    fn of(query: &'q str) -> Self {
        let bytes = query.as_bytes();
        let mut named = Vec::new();
        let mut declared = Vec::new();
        for (colon, _) in query.match_indices(':') {
            // An ASCII byte always starts a character, so `start` is on a character boundary.
            let start = bytes[..colon].iter().rposition(|&b| !name_byte(b)).map_or(0, |at| at + 1);
            named.push(&query[start..colon]);
            // Declared: the run follows white space after a `PREFIX` that starts a word.
            let before = &bytes[..start];
            let keyword_end = before.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |at| at + 1);
            let keyword = keyword_end.checked_sub("PREFIX".len());
            if let Some(keyword) = keyword.filter(|_| keyword_end < start) {
                let starts_word = keyword == 0 || !(name_byte(bytes[keyword - 1]) || bytes[keyword - 1] >= 0x80);
                if starts_word && bytes[keyword..keyword_end].eq_ignore_ascii_case(b"PREFIX") {
                    declared.push(&query[start..colon]);
                }
            }
        }
        NamedPrefixes {
            // Escapes are replaced before the text is read: any backslash may spell any name.
            named: (!query.contains('\\')).then_some(named),
            declared: (!declared.is_empty()).then_some(declared),
        }
    }

    /// Whether the text seems to declare `prefix` itself (see [`NamedPrefixes`]).
    fn declares(&self, prefix: &str) -> bool {
        self.declared.as_ref().is_some_and(|declared| declared.contains(&prefix))
    }

    /// Whether a prefixed name `prefix:local` (or `prefix:`) may be in the query: `prefix` ends
    /// one of the runs of name characters before a colon.
    fn may_name(&self, prefix: &str) -> bool {
        let plain = prefix.bytes().all(name_byte);
        match &self.named {
            Some(names) if plain => names.iter().any(|name| name.ends_with(prefix)),
            _ => true,
        }
    }
}

/// Whether `b` is one of the name characters [`NamedPrefixes`] reads before a colon: an ASCII
/// letter or digit, `_`, `-` or `.`.
fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// A thread that runs its task when the time is up, unless stopped first.
struct Watchdog {
    state: Arc<AtomicU8>,
    /// The watchdog thread; `None` when it could not be started (the evaluation then runs
    /// without a deadline rather than not at all).
    thread: Option<std::thread::JoinHandle<()>>,
}

/// [`Watchdog`]'s states: watching, then either stopped (by the evaluation's end) or fired (by
/// the deadline), whichever comes first.
const WATCHING: u8 = 0;
const STOPPED: u8 = 1;
const FIRED: u8 = 2;

impl Watchdog {
    /// The stack of a thread that only waits (and runs a small task): std's default is 2 MiB.
    const STACK: usize = 64 * 1024;

    /// Runs `task` at `deadline` (never when `None`) unless stopped first.
    fn start(deadline: Option<Instant>, task: impl FnOnce() + Send + 'static) -> Watchdog {
        let state = Arc::new(AtomicU8::new(WATCHING));
        let watched = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .stack_size(Self::STACK)
            .spawn(move || loop {
                // `park_timeout` may return early (spuriously, or when stopped): the state and
                // the clock decide.
                if watched.load(Ordering::Acquire) != WATCHING {
                    return;
                }
                let now = Instant::now();
                match deadline {
                    Some(deadline) if now >= deadline => {
                        if watched.compare_exchange(WATCHING, FIRED, Ordering::AcqRel, Ordering::Acquire).is_ok() {
                            task();
                        }
                        return;
                    }
                    Some(deadline) => std::thread::park_timeout(deadline - now),
                    None => std::thread::park(),
                }
            })
            .ok();
        Watchdog { state, thread }
    }

    /// Ends the watch: whether the deadline came first, in which case the task has run (it is
    /// waited for); otherwise the watchdog thread is woken to return, not waited for.
    fn stop(self) -> bool {
        match self.state.compare_exchange(WATCHING, STOPPED, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => {
                if let Some(thread) = &self.thread {
                    thread.thread().unpark();
                }
                false
            }
            Err(_) => {
                if let Some(thread) = self.thread {
                    let _ = thread.join();
                }
                true
            }
        }
    }
}

pub(super) fn evaluate(
    results: Result<QueryResults<'_>, QueryEvaluationError>,
    query: &str,
    max_rows: usize,
) -> Result<SparqlAnswer, SparqlError> {
    let eval = |e: QueryEvaluationError| SparqlError::Evaluation(e.to_string());
    Ok(match results.map_err(eval)? {
        QueryResults::Solutions(solutions) => {
            let mut variables = solutions.variables().to_vec();
            if is_select_star(query) {
                variables = in_query_order(query, variables);
            }
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution.map_err(eval)?;
                if rows.len() == max_rows {
                    return Err(SparqlError::TooManyRows(max_rows));
                }
                rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            SparqlAnswer::Solutions { variables, rows }
        }
        QueryResults::Boolean(b) => SparqlAnswer::Boolean(b),
        QueryResults::Graph(triples) => {
            let mut out = Vec::new();
            for triple in triples {
                if out.len() == max_rows {
                    return Err(SparqlError::TooManyRows(max_rows));
                }
                out.push(triple.map_err(eval)?);
            }
            SparqlAnswer::Graph(out)
        }
    })
}

/// Whether the query's (first, outermost) projection is `SELECT *`.
fn is_select_star(query: &str) -> bool {
    let upper = query.to_ascii_uppercase();
    let Some(at) = upper.find("SELECT") else { return false };
    let rest = upper[at + "SELECT".len()..].trim_start();
    let rest = rest.strip_prefix("DISTINCT").or_else(|| rest.strip_prefix("REDUCED")).unwrap_or(rest);
    rest.trim_start().starts_with('*')
}

/// `SELECT *`'s variables in the order they first appear in the query text (Oxigraph sorts
/// them), so a table's columns follow the query.
fn in_query_order(query: &str, mut variables: Vec<Variable>) -> Vec<Variable> {
    let mut order: Vec<&str> = Vec::new();
    let mut rest = query;
    while let Some(at) = rest.find(['?', '$']) {
        let name_len = rest[at + 1..].find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len() - at - 1);
        let name = &rest[at + 1..at + 1 + name_len];
        if !name.is_empty() && !order.contains(&name) {
            order.push(name);
        }
        rest = &rest[at + 1 + name_len..];
    }
    variables.sort_by_key(|v| order.iter().position(|n| *n == v.as_str()).unwrap_or(usize::MAX));
    variables
}

/// Runs a SPARQL 1.1 query over the graph's RDF (with the default export options), the standard
/// and the export's prefixes declared.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let answer = kg::sparql(&kg, "ASK { ?t rdfs:label \"Treaty of Portsmouth\"@en ; a kgv:Treaty }").unwrap();
/// assert_eq!(answer, kg::SparqlAnswer::Boolean(true));
/// ```
pub fn sparql(kg: &KnowledgeGraph, query: &str) -> Result<SparqlAnswer, SparqlError> {
    sparql_within(kg, query, QueryLimits::default())
}

/// [`sparql`] within the given limits.
pub fn sparql_within(kg: &KnowledgeGraph, query: &str, limits: QueryLimits) -> Result<SparqlAnswer, SparqlError> {
    let options = RdfOptions::default();
    run_query_within(&sparql_store(kg, &options)?, query, &sparql_prefixes(kg, &options), limits)
}

impl SparqlAnswer {
    /// Writes the answer in a standard results format. CONSTRUCT and DESCRIBE answers are RDF,
    /// written as N-Triples whatever the format.
    ///
    /// # Errors
    /// Besides write errors: for XML, a value holding a character that XML 1.0 cannot carry
    /// (control characters other than tab and line breaks, U+FFFE, U+FFFF), which a query can
    /// build with an escape such as `"\u0001"`; the JSON format carries every character.
    pub fn write(&self, format: ResultsFormat, out: &mut dyn Write) -> std::io::Result<()> {
        if format == ResultsFormat::Xml {
            self.check_xml_chars()?;
        }
        let serializer = QueryResultsSerializer::from_format(match format {
            ResultsFormat::Json => QueryResultsFormat::Json,
            ResultsFormat::Csv => QueryResultsFormat::Csv,
            ResultsFormat::Tsv => QueryResultsFormat::Tsv,
            ResultsFormat::Xml => QueryResultsFormat::Xml,
        });
        match self {
            SparqlAnswer::Boolean(b) => {
                serializer.serialize_boolean_to_writer(&mut *out, *b)?;
            }
            SparqlAnswer::Solutions { variables, rows } => {
                let mut writer = serializer.serialize_solutions_to_writer(&mut *out, variables.clone())?;
                for row in rows {
                    writer.serialize(
                        variables.iter().zip(row).filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref()))),
                    )?;
                }
                writer.finish()?;
            }
            SparqlAnswer::Graph(triples) => {
                for t in triples {
                    writeln!(out, "{t} .")?;
                }
            }
        }
        Ok(())
    }

    fn check_xml_chars(&self) -> std::io::Result<()> {
        let SparqlAnswer::Solutions { rows, .. } = self else { return Ok(()) };
        let not_xml =
            |c: char| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}';
        for term in rows.iter().flatten().flatten() {
            if let Term::Literal(l) = term {
                if let Some(c) = l.value().chars().find(|&c| not_xml(c)) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("the answer holds U+{:04X}, which XML cannot carry; use --format json", c as u32),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    /// A task that records that it ran.
    fn recorder() -> (Arc<AtomicBool>, impl FnOnce() + Send + 'static) {
        let ran = Arc::new(AtomicBool::new(false));
        let set = Arc::clone(&ran);
        (ran, move || set.store(true, Ordering::SeqCst))
    }

    #[test]
    fn a_watchdog_fires_at_its_deadline_and_not_when_stopped_before() {
        let (ran, task) = recorder();
        let watchdog = Watchdog::start(Instant::now().checked_add(Duration::from_millis(20)), task);
        std::thread::sleep(Duration::from_millis(300));
        // Fired: `stop` says so, and the task has run by the time it returns.
        assert!(watchdog.stop());
        assert!(ran.load(Ordering::SeqCst));

        for timeout in [Duration::from_secs(30), Duration::MAX] {
            let (ran, task) = recorder();
            let watchdog = Watchdog::start(Instant::now().checked_add(timeout), task);
            let thread = watchdog.thread.as_ref().map(|t| t.thread().clone());
            assert!(!watchdog.stop(), "{timeout:?}");
            assert!(thread.is_some());
            std::thread::sleep(Duration::from_millis(50));
            assert!(!ran.load(Ordering::SeqCst), "{timeout:?}");
        }
    }

    #[test]
    fn a_query_answered_here_is_the_threaded_answer_and_never_times_out() {
        let (store, prefixes) = crate::builtin_sparql().unwrap();
        let limits = QueryLimits::default();
        let queries = [
            include_str!("../../docs/queries/treaties-involving-sakhalin.rq"),
            include_str!("../../docs/queries/background-facts.rq"),
            include_str!("../../docs/queries/dated-1930-1945.rq"),
            "ASK { ?t rdfs:label \"Treaty of Portsmouth\"@en ; a kgv:Treaty }",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        ];
        for query in queries {
            let (ran, task) = recorder();
            let here = run_query_here(&store, query, &prefixes, limits, task).unwrap();
            assert_eq!(here, run_query_within(&store, query, &prefixes, limits).unwrap(), "{query}");
            assert!(!ran.load(Ordering::SeqCst), "{query}");
        }
        // The refusals are the threaded path's.
        let (ran, task) = recorder();
        let refused = run_query_here(&store, "CLEAR ALL", &prefixes, limits, task);
        assert!(matches!(refused, Err(SparqlError::Update)), "{refused:?}");
        let few = QueryLimits { max_rows: 3, ..limits };
        let (_, task2) = recorder();
        let refused = run_query_here(&store, "SELECT * { ?s ?p ?o }", &prefixes, few, task2);
        assert!(matches!(refused, Err(SparqlError::TooManyRows(3))), "{refused:?}");
        assert!(!ran.load(Ordering::SeqCst));
    }

    #[test]
    fn a_prefix_is_left_undeclared_only_where_the_query_cannot_name_it() {
        let may_name = |query: &str, prefix: &str| NamedPrefixes::of(query).may_name(prefix);
        assert!(may_name("SELECT * { ?s a kgv:Treaty }", "kgv"));
        assert!(may_name("ASK { kgv: ?p ?o }", "kgv"));
        assert!(may_name("kgv:", "kgv"));
        assert!(may_name("ASK { ?s a é-kgv:T }", "kgv"));
        // A false alarm is harmless: a longer prefix that ends the same way.
        assert!(may_name("ASK { ?s a xkgv:T }", "kgv"));
        // Escapes are replaced before the text is read: any backslash may spell a prefix.
        assert!(may_name("ASK { ?s a k\\u0067v\\u003ATreaty }", "kgv"));
        assert!(may_name("ASK { ?s ?p \"\\n\" }", "kgv"));
        // A prefix of other characters than the ones looked for is always declared.
        assert!(may_name("ASK {}", "é"));
        assert!(!may_name("SELECT * { ?s a kgv_:Treaty . ?kgv ?p \"kgv\" }", "kgv"));
        assert!(!may_name("SELECT * { ?s rdfs:label ?l }", "rdf"));
        assert!(!may_name("SELECT * { ?s a kgv :Treaty }", "kgv"));
        assert!(!may_name(":", "kgv"));
        assert!(!may_name("", "kgv"));
    }

    #[test]
    fn the_prefixes_a_query_seems_to_declare_are_the_names_after_prefix() {
        let declares = |query: &str, prefix: &str| NamedPrefixes::of(query).declares(prefix);
        assert!(declares("PREFIX kgv: <urn:x#> ASK {}", "kgv"));
        assert!(declares("prefix\n\tkgv:<urn:x#> ASK {}", "kgv"));
        assert!(declares("BASE <urn:b> prefix rdf: <urn:r#> PREFIX kgv: <urn:x#> ASK {}", "rdf"));
        assert!(declares("PrEfIx rdf: <urn:r#> ASK {}", "rdf"));
        // Missed (then declared implicitly too, as before): a name spelt with an escape.
        assert!(!declares("PREFIX k\\u0067v: <urn:r#> ASK {}", "kgv"));
        assert!(declares("PREFIX : <urn:x#> ASK {}", ""));
        // Comments and strings fool it (harmless: such a query is parsed again).
        assert!(declares("# PREFIX kgv: <urn:x#>\nASK {}", "kgv"));
        assert!(!declares("PREFIX kgv: <urn:x#> ASK {}", "rdf"));
        assert!(!declares("PREFIXkgv: <urn:x#> ASK {}", "kgv"));
        assert!(!declares("XPREFIX kgv: <urn:x#> ASK {}", "kgv"));
        assert!(!declares("_PREFIX kgv: <urn:x#> ASK {}", "kgv"));
        assert!(!declares("PREFIX x.kgv: <urn:x#> ASK {}", "kgv"));
        assert!(!declares("PREFIX kgv <urn:x#> ASK {}", "kgv"));
        assert!(!declares("PREFIX", ""));
        assert!(NamedPrefixes::of("ASK { ?s a kgv:Treaty }").declared.is_none());
    }

    /// What a query gets when every implicit prefix is declared, as before: the answer, or the
    /// error's message.
    fn answer_with_every_prefix(store: &SparqlStore, query: &str, prefixes: &[(&str, String)]) -> String {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in prefixes {
            evaluator = evaluator.with_prefix(*prefix, iri.as_str()).unwrap();
        }
        let answer = match evaluator.clone().parse_query(query) {
            Ok(mut prepared) => {
                if prepared.dataset().is_default_dataset() {
                    prepared.dataset_mut().set_default_graph_as_union();
                }
                evaluate(prepared.on_queryable_dataset(store.view()).execute(), query, 100)
            }
            Err(_) if evaluator.parse_update(query).is_ok() => Err(SparqlError::Update),
            Err(e) => Err(SparqlError::Syntax(e.to_string())),
        };
        format!("{answer:?}")
    }

    #[test]
    fn queries_parse_as_with_every_prefix_declared() {
        let (store, prefixes) = crate::builtin_sparql().unwrap();
        let limits = QueryLimits { max_rows: 100, ..QueryLimits::default() };
        let queries = [
            include_str!("../../docs/queries/treaties-involving-sakhalin.rq"),
            include_str!("../../docs/queries/background-facts.rq"),
            include_str!("../../docs/queries/dated-1930-1945.rq"),
            "ASK { ?t rdfs:label \"Treaty of Portsmouth\"@en ; a kgv:Treaty }",
            // The prefix spelt with escapes: declared, since the text holds a backslash.
            "ASK { ?t rdfs:label \"Treaty of Portsmouth\"@en ; a k\\u0067v\\u003ATreaty }",
            "SELECT ?t WHERE { ?t a kgv:Treaty } ORDER BY ?t LIMIT 3",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgg:background { ?s ?p ?o } }",
            // Undeclared either way, and the same refusal.
            "ASK { ?t a nope:Treaty }",
            "ASK { ?t a kgvx:Treaty }",
            // The query's own declaration wins; one declared, another implicit; lower case.
            "PREFIX kgv: <urn:other#> ASK { ?t a kgv:Treaty }",
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK { ?t rdfs:label ?l ; a kgv:Treaty }",
            "prefix kgv:<https://example.org/kg-essay/vocab#> SELECT ?t { ?t a kgv:Treaty } ORDER BY ?t LIMIT 2",
            // Declarations that are not: in a comment, in a string (parsed again with the prefix).
            "# PREFIX kgv: <urn:x#>\nASK { ?t a kgv:Treaty }",
            "SELECT ?s { ?s rdfs:label ?l FILTER(?l = \"PREFIX rdfs: x\") }",
            // Refused as before: an update, a syntax error after a declaration.
            "PREFIX kgv: <urn:x#> DELETE WHERE { ?s a kgv:T }",
            "PREFIX kgv: <urn:x#> ASK { ?t a kgv:T ",
            "PREFIX ent: <urn:x#> ASK { ?t a kgv:T . ?x ?y nope:z }",
        ];
        for query in queries {
            let (_, task) = recorder();
            let here = format!("{:?}", run_query_here(&store, query, &prefixes, limits, task));
            assert_eq!(here, answer_with_every_prefix(&store, query, &prefixes), "{query}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn token_soups_parse_as_with_every_prefix_declared(
            tokens in proptest::collection::vec(proptest::sample::select(vec![
                "kgv", "kg", "v", ":", "\\u003A", "\\u0067", "Treaty", "rdfs", "rdf", "label", "ent", "xsd",
                "?s", "?o", " ", "a", "{", "}", ".", "\"x\"", "<http://e/>", "PREFIX", "SELECT", "ASK", "*",
                "PREFIX kgv: <http://e/> ", "prefix rdfs: ", "#", "\n",
            ]), 0..16)
        ) {
            let (store, prefixes) = crate::builtin_sparql().unwrap();
            let limits = QueryLimits { max_rows: 100, ..QueryLimits::default() };
            let query = format!("ASK {{ ?s ?p ?o FILTER(?s != {}) }}", tokens.concat());
            for query in [tokens.concat(), query] {
                let (_, task) = recorder();
                let here = format!("{:?}", run_query_here(&store, &query, &prefixes, limits, task));
                proptest::prop_assert_eq!(here, answer_with_every_prefix(&store, &query, &prefixes), "{}", query);
            }
        }
    }

    /// Whether the query parses and is paced.
    fn is_paced(query: &str) -> bool {
        let (_, prefixes) = crate::builtin_sparql().unwrap();
        prepare(query, &prefixes, &CancellationToken::new()).unwrap().1
    }

    #[test]
    fn only_queries_whose_rows_all_bind_a_variable_and_have_no_expression_are_paced() {
        let paced = [
            include_str!("../../docs/queries/treaties-involving-sakhalin.rq"),
            include_str!("../../docs/queries/background-facts.rq"),
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a",
            "SELECT DISTINCT ?t WHERE { ?t a kgv:Treaty OPTIONAL { ?t kgv:date ?d } } ORDER BY DESC(?d) LIMIT 3",
            "ASK { GRAPH ?g { [] ?p ent:sakhalin } }",
            "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { ?s kgv:partOf+ ?o } }",
            "SELECT ?o WHERE { ent:sakhalin ?p ?o . ent:japan ?q ?o }",
        ];
        for query in paced {
            assert!(is_paced(query), "{query}");
        }
        let unpaced = [
            include_str!("../../docs/queries/dated-1930-1945.rq"),
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
            "SELECT * WHERE { ?a ?b ?c . FILTER(?a != ?c) }",
            "SELECT * WHERE { ?a ?b ?c . BIND(STR(?a) AS ?s) }",
            "SELECT * WHERE { ?a ?b ?c } ORDER BY STR(?a)",
            "SELECT * WHERE { ?t a kgv:Treaty OPTIONAL { ?t kgv:date ?d FILTER(?d > 1) } }",
            // Rows that bind nothing: their products are made without a step.
            "SELECT * WHERE { { SELECT ?x WHERE { ?a ?b ?c } } { SELECT ?y WHERE { ?d ?e ?f } } }",
            "SELECT * WHERE { { } UNION { } }",
            "ASK { ent:sakhalin a kgv:Territory . ent:japan a kgv:Country }",
            "ASK { ent:sakhalin kgv:partOf* ent:sakhalin }",
            "SELECT * WHERE { VALUES ?x { UNDEF UNDEF } ?a ?b ?c }",
            "SELECT * WHERE { ?a ?b ?c MINUS { ?a a kgv:Treaty } }",
            "SELECT ?a WHERE { ?a ?b ?c } GROUP BY ?a",
            "DESCRIBE ent:sakhalin",
        ];
        for query in unpaced {
            assert!(!is_paced(query), "{query}");
        }
    }

    /// The steps (`pace`) the query's evaluation takes, answer read.
    fn steps(store: &SparqlStore, query: &str, prefixes: &[(&str, String)]) -> u32 {
        let (prepared, _) = prepare(query, prefixes, &CancellationToken::new()).unwrap();
        pace::set(u32::MAX - 1, Box::new(|| ()));
        let answer = evaluate(prepared.on_queryable_dataset(store.view()).execute(), query, 1_000_000);
        let left = pace::left();
        pace::clear();
        assert!(answer.is_ok(), "{answer:?}");
        u32::MAX - 1 - left
    }

    #[test]
    fn the_paced_docs_queries_end_long_before_the_watchdog_would_start_and_a_product_does_not() {
        let (store, prefixes) = crate::builtin_sparql().unwrap();
        for query in [
            include_str!("../../docs/queries/treaties-involving-sakhalin.rq"),
            include_str!("../../docs/queries/background-facts.rq"),
        ] {
            let steps = steps(&store, query, &prefixes);
            assert!((100..PACED_STEPS / 16).contains(&steps), "{steps} steps: {query}");
        }
        // A product's rows are counted: 29 territories cubed times 7 treaties, 170,723 rows.
        let product =
            "SELECT * WHERE { ?a a kgv:Territory . ?b a kgv:Territory . ?c a kgv:Territory . ?d a kgv:Treaty }";
        let steps = steps(&store, product, &prefixes);
        assert!(steps > 170_723, "{steps} steps: {product}");
    }

    #[test]
    fn a_paced_query_past_its_deadline_starts_the_watchdog_which_runs_the_task() {
        let (store, prefixes) = crate::builtin_sparql().unwrap();
        let product = "SELECT * WHERE { ?a a kgv:Territory . ?b a kgv:Territory . ?c a kgv:Territory . ?d a kgv:Treaty } ORDER BY ?a";
        assert!(is_paced(product));
        let limits = QueryLimits { timeout: Duration::ZERO, max_rows: 10 };
        let (ran, task) = recorder();
        let answer = run_query_here(&store, product, &prefixes, limits, task);
        assert!(matches!(answer, Err(SparqlError::Timeout(t)) if t == Duration::ZERO), "{answer:?}");
        assert!(ran.load(Ordering::SeqCst));
        // Nothing is left set on this thread: a short paced query then never runs a task.
        let (ran, task) = recorder();
        let query = include_str!("../../docs/queries/treaties-involving-sakhalin.rq");
        let answer = run_query_here(&store, query, &prefixes, QueryLimits { timeout: Duration::ZERO, ..limits }, task);
        assert!(answer.is_ok(), "{answer:?}");
        assert!(!ran.load(Ordering::SeqCst));
    }

    #[test]
    fn a_query_past_its_deadline_runs_the_task_and_times_out() {
        let (store, prefixes) = crate::builtin_sparql().unwrap();
        // Millions of rows from thousands of quads: far past a zero deadline (the evaluation
        // stops at its next look at the token; this test finishes in well under a second).
        let query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(?a != ?d) }";
        let limits = QueryLimits { timeout: Duration::ZERO, max_rows: 10 };
        let (ran, task) = recorder();
        let answer = run_query_here(&store, query, &prefixes, limits, task);
        assert!(matches!(answer, Err(SparqlError::Timeout(t)) if t == Duration::ZERO), "{answer:?}");
        assert!(ran.load(Ordering::SeqCst));
    }
}
