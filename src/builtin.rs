//! The built-in essay, validated when the crate was built (`build.rs` runs the loader on `data/`)
//! and embedded in its compact form (`src/compact.rs`), so that start-up decodes a ready-made
//! [`Dataset`] instead of parsing and validating the TOML again; its strings (ids, quotes, labels,
//! aliases, notes, roles...) are `'static` strings borrowed from the binary, not allocated.
//! `tests/builtin.rs` checks that it equals what [`load`](crate::load()) makes of the same files.

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

/// An export of the built-in essay written from what `build.rs` stored with the export's own
/// code, without decoding the graph (~0.34 M instructions and ~40–50 page faults of every start
/// that reads it): the RDF syntaxes with the default options. N-Triples and N-Quads copy each
/// line from the stored stream's terms by number (`export/rdf_stored.rs`'s `LineTerms`), as
/// [`write_rdf`](crate::write_rdf) copies them for the built-in graph; Turtle, TriG, RDF/XML and
/// JSON-LD are written from the stored stream by the writers' own stored-stream paths (the
/// terms, namespaces, context and plan `build.rs` stored), with the prefixes of the base the
/// essay's title gives, the title read alone from the compact form. `kg export` takes it when no
/// `--data` is given.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let options = kg::ExportOptions::default();
/// for format in [kg::Format::NTriples, kg::Format::Turtle, kg::Format::JsonLd] {
///     let stored = kg::StoredExport::new(format, &options).unwrap();
///     let (mut fast, mut slow) = (Vec::new(), Vec::new());
///     stored.write(&mut fast).unwrap();
///     kg::export(&kg, format, &options, &mut slow).unwrap();
///     assert_eq!(fast, slow);
/// }
/// ```
pub struct StoredExport {
    stream: &'static crate::export::StoredStream<'static>,
    written: Written,
}

/// How a [`StoredExport`] is written.
enum Written {
    /// N-Triples (N-Quads: `with_graph`), each line copied from these terms.
    Lines { terms: crate::export::LineTerms<'static>, with_graph: bool },
    /// Turtle (TriG: `with_graphs`), with the prefixes of `base`.
    Turtle { base: String, with_graphs: bool },
    /// RDF/XML, with the prefixes of `base`.
    RdfXml { base: String },
    /// JSON-LD, with the context of `base`.
    JsonLd { base: String },
}

impl StoredExport {
    /// The stored export of `format` with `options`; `None` for a format other than the RDF
    /// syntaxes, options other than the defaults, or when nothing is stored (the built-in data
    /// was invalid when kg was built, or the stored bytes are not what `build.rs` writes): then
    /// the export is made from the graph.
    pub fn new(format: crate::Format, options: &crate::ExportOptions) -> Option<StoredExport> {
        use crate::Format;
        if !options.rdf.is_default() {
            return None;
        }
        let base = || Some(crate::vocab::default_base(crate::compact::decode_title(VALIDATED, VALIDATED_TEXT)?));
        let written = match format {
            Format::NTriples | Format::NQuads => {
                return Self::from_parts(rdf_stream()?, NTRIPLES_TERMS, format == Format::NQuads)
            }
            Format::Turtle | Format::TriG => Written::Turtle { base: base()?, with_graphs: format == Format::TriG },
            Format::RdfXml => Written::RdfXml { base: base()? },
            Format::JsonLd => Written::JsonLd { base: base()? },
            _ => return None,
        };
        Some(StoredExport { stream: rdf_stream()?, written })
    }

    /// The export of `stream` whose lines' terms `terms` holds; `None` when `LineTerms` refuses
    /// them.
    fn from_parts(
        stream: &'static crate::export::StoredStream<'static>,
        terms: &'static [u8],
        with_graph: bool,
    ) -> Option<StoredExport> {
        let terms = crate::export::LineTerms::decode(terms, stream)?;
        Some(StoredExport { stream, written: Written::Lines { terms, with_graph } })
    }

    /// Writes the export onto `out`, in pieces as [`write_rdf`](crate::write_rdf) hands them on.
    ///
    /// # Errors
    /// `out`'s, as [`ExportError::Io`](crate::ExportError::Io).
    pub fn write(&self, out: &mut dyn std::io::Write) -> Result<(), crate::ExportError> {
        let prefixes = |base: &str| crate::export_prefixes(base, crate::RdfOptions::default().vocab_namespace());
        match &self.written {
            Written::Lines { terms, with_graph } => {
                Ok(self.stream.write_lines(terms, *with_graph, crate::export::PIECE, out)?)
            }
            Written::Turtle { base, with_graphs } => {
                crate::export::write_turtle_stored(self.stream, &prefixes(base), *with_graphs, out)
            }
            Written::RdfXml { base } => crate::export::write_rdfxml_stored(self.stream, &prefixes(base), out),
            Written::JsonLd { base } => crate::export::write_jsonld_stored(self.stream, base, out),
        }
    }
}

/// `kg sparql`'s store and implicit prefixes for the built-in essay with the default options,
/// without decoding the graph (~0.34 M instructions and ~40–50 page faults of every start that
/// reads it): the index `build.rs` stored ([`sparql_store`](crate::sparql_store) lends it to the
/// built-in graph) and the prefixes of the base the essay's title gives, the title read alone
/// from the compact form ([`sparql_prefixes`](crate::sparql_prefixes) reads it from the graph).
/// `None` when either is not stored (the built-in data was invalid when kg was built, or the
/// stored bytes are not what `build.rs` writes): then the graph is decoded and asked. `kg sparql`
/// takes it when no `--data` is given.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let options = kg::RdfOptions::default();
/// let (store, prefixes) = kg::builtin_sparql().unwrap();
/// assert_eq!(prefixes, kg::sparql_prefixes(&kg, &options));
/// let query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
/// assert_eq!(kg::run_query(&store, query).unwrap(), kg::sparql(&kg, query).unwrap());
/// ```
pub fn builtin_sparql() -> Option<(crate::SparqlStore, Vec<(&'static str, String)>)> {
    if VALIDATED.is_empty() {
        return None;
    }
    let title = crate::compact::decode_title(VALIDATED, VALIDATED_TEXT)?;
    let store = sparql_index()?.clone();
    let base = crate::vocab::default_base(title);
    Some((store, crate::export_prefixes(&base, crate::RdfOptions::default().vocab_namespace())))
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

/// Whether [`RDFXML_TERMS`] hold pieces as `export/rdfxml.rs`'s `encode_terms` writes them for
/// the terms of [`RDF_STREAM`] (`forms_well_formed`): checked when kg is compiled, so that no
/// export pays for the pass over the terms.
const RDFXML_TERMS_WELL_FORMED: bool = match crate::export::stream_kinds(RDF_STREAM) {
    Some(kinds) => crate::export::rdfxml_forms_well_formed(RDFXML_TERMS, kinds),
    None => false,
};

/// Whether `bytes` are [`RDFXML_TERMS`] themselves (their memory, not a copy), read for a stream
/// with [`RDF_STREAM`]'s `kinds` of terms, and were found well formed when kg was compiled
/// ([`RDFXML_TERMS_WELL_FORMED`]); any other bytes are checked by their reader.
pub(crate) fn rdfxml_terms_checked(bytes: &[u8], kinds: [usize; 4]) -> bool {
    RDFXML_TERMS_WELL_FORMED
        && std::ptr::eq(bytes, RDFXML_TERMS)
        && crate::export::stream_kinds(RDF_STREAM) == Some(kinds)
}

/// Each term of the built-in essay's stored RDF stream as Turtle writes it with the default
/// options' prefixes, as `build.rs` wrote them (`export/turtle.rs`'s `encode_terms`); empty when
/// the built-in data was invalid.
pub(crate) static TURTLE_TERMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/turtle_terms.bin"));

/// How many prefixes [`TURTLE_TERMS`] are written with, when they hold terms as
/// `export/turtle.rs`'s `encode_terms` writes them for the terms of [`RDF_STREAM`]
/// (`terms_well_formed`); `None` when not. Checked when kg is compiled, so that no export pays
/// for the pass over the terms.
const TURTLE_TERMS_PREFIXES: Option<usize> = match RDF_STREAM_KINDS {
    Some(kinds) => crate::export::turtle_terms_well_formed(TURTLE_TERMS, kinds),
    None => None,
};

/// How many prefixes `bytes` are written with, when they are [`TURTLE_TERMS`] themselves (their
/// memory, not a copy), read for a stream with [`RDF_STREAM`]'s `kinds` of terms, and were found
/// well formed when kg was compiled ([`TURTLE_TERMS_PREFIXES`]); `None` for any other bytes,
/// which their reader checks.
pub(crate) fn turtle_terms_checked(bytes: &[u8], kinds: [usize; 4]) -> Option<usize> {
    TURTLE_TERMS_PREFIXES.filter(|_| std::ptr::eq(bytes, TURTLE_TERMS) && RDF_STREAM_KINDS == Some(kinds))
}

/// The counts of each kind of term of [`RDF_STREAM`] (`rdf_stored::stream_kinds`), read when kg
/// is compiled.
const RDF_STREAM_KINDS: Option<[usize; 4]> = crate::export::stream_kinds(RDF_STREAM);

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

/// The plan of the built-in essay's JSON-LD node objects with the default base and vocabulary
/// (pieces and terms by number, in final order), as `build.rs` made it with the writer
/// (`export/jsonld/plan.rs`); empty when it could not be made.
pub(crate) static JSONLD_PLAN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jsonld_plan.bin"));

/// For how many terms [`JSONLD_PLAN`] is made, when it was found well formed as kg was compiled
/// (`export/jsonld/plan.rs`'s `well_formed`).
const JSONLD_PLAN_TERMS: Option<usize> = crate::export::jsonld_plan_well_formed(JSONLD_PLAN);

/// For how many terms `bytes` are a plan, when they are [`JSONLD_PLAN`] itself (its memory, not
/// a copy) and it was found well formed when kg was compiled; `None` for any other bytes, which
/// their reader checks.
pub(crate) fn jsonld_plan_checked(bytes: &[u8]) -> Option<usize> {
    JSONLD_PLAN_TERMS.filter(|_| std::ptr::eq(bytes, JSONLD_PLAN))
}

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
    checked_tail(RDFXML_TERMS, crate::export::written_at(RDFXML_TERMS, 6)),
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

/// The HTML page's data object of the built-in essay (`title` to `edges`, left open for the path
/// tables, every `<` written as `\u003c`), as `build.rs` wrote it with the page's own code
/// (`src/export/html/json.rs`, with the stored layout's positions); empty when the built-in data
/// was invalid.
static HTML_PAGE_DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/html_page_data.json"));

/// The HTML page's data object of the built-in essay as `build.rs` wrote it, for `kg` when it is
/// the built-in essay's graph (`KnowledgeGraph::is_builtin`: decoded from what `build.rs` wrote
/// from the same data); `None` for any other graph (whose data the page writes now, `--data data`
/// too) or when none is stored. `StoredPage`'s tests check it against the page written now.
pub(crate) fn builtin_page_data(kg: &KnowledgeGraph) -> Option<&'static [u8]> {
    (kg.is_builtin() && !HTML_PAGE_DATA.is_empty()).then_some(HTML_PAGE_DATA)
}

/// The HTML page of the built-in essay written from what `build.rs` stored with the page's own
/// code (its data object and its two path tables; the title read alone from the compact form),
/// without decoding the graph (~0.34 M instructions of every start that reads it) or writing
/// ~4,000 JSON strings: [`write_html`](crate::write_html) of the built-in graph writes the same
/// bytes. `kg export --format html` takes it when no `--data` is given.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let (mut fast, mut slow) = (Vec::new(), Vec::new());
/// kg::StoredPage::new().unwrap().write(&mut fast).unwrap();
/// kg::write_html(&kg, &mut slow).unwrap();
/// assert_eq!(fast, slow);
/// ```
pub struct StoredPage {
    title: &'static str,
    data: &'static [u8],
    tables: [&'static [u8]; 2],
}

impl StoredPage {
    /// The stored page; `None` when any of its parts is not stored (the built-in data was
    /// invalid when kg was built, or the compact form is not readable): then the page is written
    /// from the graph.
    pub fn new() -> Option<StoredPage> {
        Self::from_parts(VALIDATED, HTML_PAGE_DATA, HTML_PATHS)
    }

    /// The page of the compact form `validated` (for its title), the data object `data` and the
    /// path tables `tables`; `None` when any is empty or the title cannot be read.
    fn from_parts(validated: &'static [u8], data: &'static [u8], tables: [&'static [u8]; 2]) -> Option<StoredPage> {
        if validated.is_empty() || data.is_empty() || tables.iter().any(|t| t.is_empty()) {
            return None;
        }
        let title = crate::compact::decode_title(validated, VALIDATED_TEXT)?;
        Some(StoredPage { title, data, tables })
    }

    /// Writes the page onto `out`, in pieces as [`write_html`](crate::write_html) writes them.
    ///
    /// # Errors
    /// `out`'s, as [`ExportError::Io`](crate::ExportError::Io).
    pub fn write(&self, out: &mut dyn std::io::Write) -> Result<(), crate::ExportError> {
        let data = self.data;
        Ok(crate::export::html::write_page(self.title, |out| out.write_all(data), self.tables, out)?)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExportOptions, Format, RdfOptions};

    /// What the export makes of `kg` in `format` with `options`.
    fn exported(kg: &KnowledgeGraph, format: Format, options: &ExportOptions) -> Vec<u8> {
        let mut out = Vec::new();
        crate::export(kg, format, options, &mut out).unwrap();
        out
    }

    /// The RDF syntaxes, which [`StoredExport`] writes for the default options.
    const STORED_FORMATS: [Format; 6] =
        [Format::NTriples, Format::NQuads, Format::Turtle, Format::TriG, Format::RdfXml, Format::JsonLd];

    #[test]
    fn the_stored_exports_are_what_the_graph_exports() {
        let builtin = KnowledgeGraph::builtin().unwrap();
        // The reference: the graph of what the loader makes now, whose stream is generated.
        let loaded = KnowledgeGraph::new(load(&Sources::builtin()).unwrap());
        assert!(builtin.is_builtin() && !loaded.is_builtin());
        let options = ExportOptions::default();
        for format in STORED_FORMATS {
            let mut stored = Vec::new();
            StoredExport::new(format, &options).unwrap().write(&mut stored).unwrap();
            assert_eq!(stored, exported(&loaded, format, &options), "{format:?}");
            assert_eq!(stored, exported(&builtin, format, &options), "{format:?}");
        }
    }

    #[test]
    fn a_stored_export_is_refused_for_other_formats_options_and_bytes() {
        let default = ExportOptions::default();
        for &format in Format::ALL {
            let stored = StoredExport::new(format, &default).is_some();
            assert_eq!(stored, STORED_FORMATS.contains(&format), "{format:?}");
        }
        let options = [
            RdfOptions { base: Some("https://example.org/x/".into()), ..Default::default() },
            RdfOptions { vocab: Some("https://example.org/v#".into()), ..Default::default() },
            RdfOptions { ontology: false, ..Default::default() },
            RdfOptions { data: false, ..Default::default() },
            RdfOptions { only_background: true, ..Default::default() },
        ];
        for rdf in options {
            let options = ExportOptions { rdf, ..Default::default() };
            for format in STORED_FORMATS {
                assert!(StoredExport::new(format, &options).is_none(), "{format:?} {options:?}");
            }
        }
        // Terms cut short or emptied (the built-in data invalid at build time) are refused.
        let stream = rdf_stream().unwrap();
        assert!(StoredExport::from_parts(stream, NTRIPLES_TERMS, false).is_some());
        assert!(StoredExport::from_parts(stream, &NTRIPLES_TERMS[..NTRIPLES_TERMS.len() - 1], false).is_none());
        assert!(StoredExport::from_parts(stream, &[], true).is_none());
    }

    #[test]
    fn the_stored_page_is_what_the_graph_writes() {
        let builtin = KnowledgeGraph::builtin().unwrap();
        // The reference: the graph of what the loader makes now, whose page is written now.
        let loaded = KnowledgeGraph::new(load(&Sources::builtin()).unwrap());
        assert!(builtin_page_data(&builtin).is_some() && builtin_page_data(&loaded).is_none());
        let options = ExportOptions::default();
        let mut stored = Vec::new();
        StoredPage::new().unwrap().write(&mut stored).unwrap();
        let written = exported(&loaded, Format::Html, &options);
        assert!(stored == written, "the stored page differs at byte {}", first_difference(&stored, &written));
        assert!(stored == exported(&builtin, Format::Html, &options));
        // Not vacuous: the data object and both tables are in it.
        let page = String::from_utf8(stored).unwrap();
        for piece in ["{\"title\":", "\"qualifies\":[{", "\"edges\":[{", ",\"paths\":[[", ",\"stated_paths\":[["] {
            assert!(page.contains(piece), "{piece}");
        }
    }

    #[test]
    fn a_stored_page_is_refused_without_its_parts() {
        let whole = StoredPage::from_parts(VALIDATED, HTML_PAGE_DATA, HTML_PATHS).unwrap();
        assert_eq!(whole.title, &*KnowledgeGraph::builtin().unwrap().data().title);
        assert!(StoredPage::from_parts(&[], HTML_PAGE_DATA, HTML_PATHS).is_none());
        assert!(StoredPage::from_parts(VALIDATED, &[], HTML_PATHS).is_none());
        assert!(StoredPage::from_parts(VALIDATED, HTML_PAGE_DATA, [HTML_PATHS[0], &[]]).is_none());
        assert!(StoredPage::from_parts(VALIDATED, HTML_PAGE_DATA, [&[], HTML_PATHS[1]]).is_none());
        assert!(StoredPage::from_parts(&VALIDATED[..VALIDATED.len() / 2], HTML_PAGE_DATA, HTML_PATHS).is_none());
    }

    /// Where `a` and `b` first differ.
    fn first_difference(a: &[u8], b: &[u8]) -> usize {
        a.iter().zip(b).take_while(|(x, y)| x == y).count()
    }

    #[test]
    fn the_stored_sparql_store_answers_as_the_graphs_store() {
        let (store, prefixes) = builtin_sparql().unwrap();
        let builtin = KnowledgeGraph::builtin().unwrap();
        // The reference: the graph of what the loader makes now, whose store is built now.
        let loaded = KnowledgeGraph::new(load(&Sources::builtin()).unwrap());
        let options = RdfOptions::default();
        assert_eq!(prefixes, crate::sparql_prefixes(&builtin, &options));
        assert_eq!(prefixes, crate::sparql_prefixes(&loaded, &options));
        // Not the built-in graph: its store is built now.
        assert!(!loaded.is_builtin());
        let fresh = crate::sparql_store(&loaded, &options).unwrap();
        let queries = [
            include_str!("../docs/queries/treaties-involving-sakhalin.rq"),
            include_str!("../docs/queries/background-facts.rq"),
            include_str!("../docs/queries/dated-1930-1945.rq"),
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        ];
        let limits = crate::QueryLimits::default();
        for query in queries {
            let fast = crate::run_query_within(&store, query, &prefixes, limits).unwrap();
            assert_eq!(fast, crate::run_query_within(&fresh, query, &prefixes, limits).unwrap(), "{query}");
        }
        // The title is read alone as the whole decode reads it; cut bytes are refused.
        let title = crate::compact::decode_title(VALIDATED, VALIDATED_TEXT).unwrap();
        assert_eq!(title, &*builtin.data().title);
        assert!(crate::compact::decode_title(&VALIDATED[..VALIDATED.len() / 2], VALIDATED_TEXT).is_none());
        assert!(crate::compact::decode_title(&[], VALIDATED_TEXT).is_none());
    }
}
