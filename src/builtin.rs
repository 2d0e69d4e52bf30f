//! The built-in essay, validated when the crate was built (`build.rs` runs the loader on `data/`)
//! and embedded in its compact form (`src/compact.rs`), so that start-up decodes a ready-made
//! [`Dataset`] instead of parsing and validating the TOML again; its strings (ids, quotes, labels,
//! aliases, notes, roles...) are `'static` strings borrowed from the binary, not allocated.
//! `tests/builtin.rs` checks that it equals what [`load`](crate::load) makes of the same files.

use crate::coverage::CoverageReport;
use crate::error::LoadError;
use crate::graph::KnowledgeGraph;
use crate::load::{load, Sources};
use crate::model::Dataset;
use crate::passage_names::NamedPassage;
use crate::query::path_table::{MoveTable, StoredMoves};

/// The validated dataset as `build.rs` wrote it; empty when the built-in data was invalid.
static VALIDATED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.postcard"));
/// Its text (the essay, the dataset's strings, the name index's keys): `include_str!` checks it
/// as UTF-8 when kg is compiled, so that no start-up does.
static VALIDATED_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_text.txt"));

/// The built-in dataset decoded from what `build.rs` wrote; `None` when there is none.
fn decoded() -> Option<crate::compact::Decoded> {
    crate::compact::decode(VALIDATED, VALIDATED_TEXT)
}

/// The compact form `build.rs` wrote (for tests that take it apart).
#[cfg(test)]
pub(crate) fn validated() -> Option<crate::compact::Decoded> {
    decoded()
}

/// Loads the essay's own annotations, compiled into the crate: validated at build time, decoded
/// here. When they were invalid at build time, they are loaded and validated now, which returns
/// every problem.
///
/// ```
/// let data = kg::load_builtin().unwrap();
/// assert!(data.entity("sakhalin").is_some());
/// assert_eq!(data, kg::load(&kg::Sources::builtin()).unwrap());
/// ```
pub fn load_builtin() -> Result<Dataset, LoadError> {
    if VALIDATED.is_empty() {
        return load(&Sources::builtin());
    }
    // The bytes were written by this very crate's `compact::encode`, so decoding cannot fail
    // unless the build is broken; fall back to the full loader rather than panic.
    match decoded() {
        Some(decoded) => Ok(decoded.data),
        None => load(&Sources::builtin()),
    }
}

/// The built-in essay's dataset and its [`coverage_report`](crate::coverage_report), both made
/// when the crate was built (what `kg check` prints); when the built-in data was invalid then,
/// the problems the loader finds now.
///
/// ```
/// let (data, report) = kg::load_builtin_with_coverage().unwrap();
/// assert_eq!(report.tokens, kg::coverage_report(&data).tokens);
/// ```
pub fn load_builtin_with_coverage() -> Result<(Dataset, CoverageReport), LoadError> {
    if let Some(decoded) = decoded() {
        if let Some(report) = decoded.coverage_report() {
            return Ok((decoded.data, report));
        }
    }
    let data = load(&Sources::builtin())?;
    let report = crate::coverage_report(&data);
    Ok((data, report))
}

/// The built-in essay's [`coverage_report`](crate::coverage_report) alone, as made when the crate
/// was built, read without decoding the dataset (what `kg check` prints); `None` when the built-in
/// data was invalid then (or its compact form is not readable), where
/// [`load_builtin_with_coverage`] loads the data now and returns every problem.
///
/// ```
/// let report = kg::builtin_coverage().unwrap();
/// let (_, full) = kg::load_builtin_with_coverage().unwrap();
/// assert_eq!((report.tokens, report.unaccounted), (full.tokens, full.unaccounted));
/// ```
pub fn builtin_coverage() -> Option<CoverageReport> {
    if VALIDATED.is_empty() {
        return None;
    }
    crate::compact::decode_coverage(VALIDATED, VALIDATED_TEXT)
}

/// The graph of the built-in essay: its dataset decoded as by [`load_builtin`], its name index
/// read in place from the table `build.rs` made (`src/name_table.rs`) instead of keying every
/// name again; without the embedded form, the graph of what the loader makes.
pub(crate) fn builtin_graph() -> Result<KnowledgeGraph, LoadError> {
    match (VALIDATED.is_empty(), decoded()) {
        (false, Some(decoded)) => {
            let ends = crate::compact::relation_ends(decoded.relation_records);
            match KnowledgeGraph::with_name_table(decoded.data, decoded.names, ends) {
                Some(graph) => Ok(graph),
                None => load(&Sources::builtin()).map(KnowledgeGraph::new),
            }
        }
        _ => load(&Sources::builtin()).map(KnowledgeGraph::new),
    }
}

/// The essay text and every cited passage's name, as `build.rs` wrote them (postcard); empty
/// when the built-in data was invalid.
static PASSAGE_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/passage_names.postcard"));

/// The built-in essay's text and its passages' names (sorted by offsets), made when the crate
/// was built, decoded once; `None` when there are none. The RDF export takes a passage's name
/// from here when its essay is this text (`passage_names::passage_names`), which saves it the
/// search for the narrowest unique context (most of the instructions of an RDF export of the
/// essay). `passage_names::tests` checks them against the search.
pub(crate) fn passage_names() -> Option<&'static (String, Vec<NamedPassage>)> {
    static DECODED: std::sync::OnceLock<Option<(String, Vec<NamedPassage>)>> = std::sync::OnceLock::new();
    DECODED.get_or_init(|| postcard::from_bytes(PASSAGE_NAMES).ok()).as_ref()
}

/// The HTML page's layout of the built-in essay as `build.rs` wrote it (postcard: the label
/// widths and edges it was made from, and the positions); empty when the built-in data was
/// invalid.
static HTML_LAYOUT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/html_layout.postcard"));

/// The node positions `build.rs` computed with the HTML export's own layout
/// (`src/export/html/layout.rs`) for the built-in essay, when `widths` and `edges` are exactly the
/// inputs it computed them from (so another graph, or a changed one, is laid out at run time,
/// and a stored layout cannot be used for a graph it was not made for); `None` otherwise.
/// `--data data` (the same inputs) gets the stored layout too; `export::html::tests` checks that it is
/// what the layout makes of the essay's graph now, and that other inputs are refused.
pub(crate) fn html_layout(widths: &[f64], edges: &[(usize, usize)]) -> Option<Vec<(f64, f64)>> {
    let (stored_widths, stored_edges, positions): crate::export::html::layout::StoredLayout =
        postcard::from_bytes(HTML_LAYOUT).ok()?;
    (stored_widths == widths && stored_edges == edges && positions.len() == widths.len()).then_some(positions)
}

/// The built-in essay's RDF stream with the default options, as `build.rs` made it with the
/// export's own code (`src/export/rdf_stored.rs`); empty when the built-in data was invalid.
pub(crate) static RDF_STREAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rdf_stream.bin"));

/// Whether [`RDF_STREAM`]'s numbers are a stream `rdf_stored::encode` wrote, every one in range
/// (`StoredStream::well_formed`): checked when kg is compiled, so that no export pays for a pass
/// over them; when not, the stream is generated at run time.
const RDF_STREAM_WELL_FORMED: bool = crate::export::StoredStream::well_formed(RDF_STREAM);

/// The stored stream of [`RDF_STREAM`], read once (its strings' ends checked as they are read);
/// `None` when there is none. `RdfStream::new` lends it for the built-in graph and the default
/// options only.
pub(crate) fn rdf_stream() -> Option<&'static crate::export::StoredStream<'static>> {
    static DECODED: std::sync::OnceLock<Option<crate::export::StoredStream<'static>>> = std::sync::OnceLock::new();
    DECODED
        .get_or_init(|| {
            RDF_STREAM_WELL_FORMED.then(|| crate::export::StoredStream::read_well_formed(RDF_STREAM)).flatten()
        })
        .as_ref()
}

/// The namespaces the built-in essay's RDF/XML declares with the default options, as `build.rs`
/// found them on the stored stream (`export/rdf_stored.rs`'s `encode_namespaces`); empty when
/// the built-in data was invalid.
pub(crate) static RDFXML_NAMESPACES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rdfxml_namespaces.txt"));

/// Each term of the built-in essay's stored RDF stream as RDF/XML writes it with the namespaces
/// it declares (escaped text, element name), as `build.rs` wrote them (`export/rdfxml.rs`'s
/// `encode_terms`); empty when the built-in data was invalid.
pub(crate) static RDFXML_TERMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rdfxml_terms.bin"));

/// Each term of the built-in essay's stored RDF stream as Turtle writes it with the default
/// options' prefixes, as `build.rs` wrote them (`export/turtle.rs`'s `encode_terms`); empty when
/// the built-in data was invalid.
pub(crate) static TURTLE_TERMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/turtle_terms.bin"));

/// Each term of the built-in essay's stored RDF stream as an N-Triples or N-Quads line writes
/// it, as `build.rs` wrote them (`export/rdf_stored.rs`'s `encode_line_terms`); empty when the
/// built-in data was invalid.
pub(crate) static NTRIPLES_TERMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ntriples_terms.bin"));

/// The JSON-LD context and terms for the built-in essay's default base and vocabulary, as
/// `build.rs` made them (`export/jsonld/context.rs`'s `encode`); empty when the built-in data
/// was invalid.
pub(crate) static JSONLD_CONTEXT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jsonld_context.postcard"));

/// Each term of the built-in essay's stored RDF stream as JSON-LD writes it with the default
/// base and vocabulary, as `build.rs` wrote them (`export/jsonld.rs`'s `encode_terms`); empty
/// when the built-in data was invalid.
pub(crate) static JSONLD_TERMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jsonld_terms.bin"));

/// The stored texts of [`RDF_STREAM`], [`TURTLE_TERMS`], [`JSONLD_TERMS`], [`RDFXML_TERMS`] and
/// [`NTRIPLES_TERMS`]
/// (the strings after their numbers), checked as UTF-8 when kg is compiled: a constant
/// evaluation, which `export/rdf_stored.rs`'s `strings_at` and `written_at` tell where each text
/// begins; empty where one is not UTF-8 (then it is checked at run time like any bytes, and
/// refused). Each is a view of its file's own memory, which is how [`checked_text`] knows it.
static CHECKED_TEXTS: [&str; 5] = [
    checked_tail(RDF_STREAM, crate::export::strings_at(RDF_STREAM)),
    checked_tail(TURTLE_TERMS, crate::export::written_at(TURTLE_TERMS, 1)),
    checked_tail(JSONLD_TERMS, crate::export::written_at(JSONLD_TERMS, 2)),
    checked_tail(RDFXML_TERMS, crate::export::written_at(RDFXML_TERMS, 3)),
    checked_tail(NTRIPLES_TERMS, crate::export::written_at(NTRIPLES_TERMS, 1)),
];

/// `bytes` from `at` as text, when they are UTF-8 (else empty); evaluated when kg is compiled.
const fn checked_tail(bytes: &'static [u8], at: usize) -> &'static str {
    match std::str::from_utf8(bytes.split_at(at).1) {
        Ok(text) => text,
        Err(_) => "",
    }
}

/// `bytes` as text without a look when they are one of [`CHECKED_TEXTS`] (the same memory and
/// length: not a copy, not a piece, which are checked by their reader); `None` otherwise.
pub(crate) fn checked_text(bytes: &[u8]) -> Option<&'static str> {
    CHECKED_TEXTS.iter().find(|text| !text.is_empty() && std::ptr::eq(text.as_bytes(), bytes)).copied()
}

/// The moves the HTML page's two path tables of the built-in essay were written from, as
/// `build.rs` stored them (postcard: without and with `--stated-only`); empty when the built-in
/// data was invalid.
static HTML_PATH_MOVES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/html_path_moves.postcard"));
/// The two tables themselves, as `MoveTable::write_json` wrote them when the crate was built.
static HTML_PATHS: [&[u8]; 2] = [
    include_bytes!(concat!(env!("OUT_DIR"), "/html_paths.json")),
    include_bytes!(concat!(env!("OUT_DIR"), "/html_stated_paths.json")),
];

/// The HTML page's path table of the built-in essay (`stated_only`: the one without background
/// relations) as `build.rs` wrote it with the library's own code (`src/query/path_table.rs`),
/// when `table` holds exactly the moves it was written from (so another graph, or a changed one,
/// has its table written at run time, and a stored table cannot be used for a graph it was not
/// made for); `None` otherwise. A table is a function of its moves alone, so `--data data` (the
/// same moves) gets the stored one too; `export::html::tests` checks that each stored table is
/// what `MoveTable::write_json` writes for the essay's graph now, and that other moves are refused.
pub(crate) fn html_path_table(stated_only: bool, table: &MoveTable) -> Option<&'static [u8]> {
    let stored: [StoredMoves; 2] = postcard::from_bytes(HTML_PATH_MOVES).ok()?;
    let (offsets, moves, blocked) = &stored[usize::from(stated_only)];
    let text = HTML_PATHS[usize::from(stated_only)];
    (!text.is_empty() && *offsets == table.offsets && *moves == table.moves && *blocked == table.blocked)
        .then_some(text)
}

/// The HTML page's path table of the built-in essay (`stated_only`: the one without background
/// relations) as `build.rs` wrote it, for `kg` when it is the built-in essay's graph
/// (`KnowledgeGraph::is_builtin`: decoded from what `build.rs` wrote from the same data as the
/// tables, so its moves are the ones they were written from, without making and comparing
/// them); `None` for any other graph (which [`html_path_table`] compares) or when none is stored.
pub(crate) fn builtin_path_table(kg: &KnowledgeGraph, stated_only: bool) -> Option<&'static [u8]> {
    let text = HTML_PATHS[usize::from(stated_only)];
    (kg.is_builtin() && !text.is_empty()).then_some(text)
}

/// The built-in essay's SPARQL index with the default options, as `build.rs` made it with the
/// index's own code (`src/query/sparql_index.rs`); empty when the built-in data was invalid.
pub(crate) static SPARQL_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sparql_index.bin"));

/// Whether [`SPARQL_INDEX`]'s numbers are an index `sparql_index::encode` wrote, every one in
/// range (`SparqlStore::well_formed`): checked when kg is compiled, so that no `kg sparql`
/// pays for (or pages in) a pass over them; when not, the index is built at run time.
const SPARQL_INDEX_WELL_FORMED: bool = crate::SparqlStore::well_formed(SPARQL_INDEX);

/// The stored index of [`SPARQL_INDEX`], checked when kg was compiled and read in place; `None`
/// when there is none. `sparql_store` takes it for the built-in graph and the default options
/// only.
pub(crate) fn sparql_index() -> Option<&'static crate::SparqlStore> {
    static DECODED: std::sync::OnceLock<Option<crate::SparqlStore>> = std::sync::OnceLock::new();
    DECODED
        .get_or_init(|| SPARQL_INDEX_WELL_FORMED.then(|| crate::SparqlStore::read_well_formed(SPARQL_INDEX)).flatten())
        .as_ref()
}
