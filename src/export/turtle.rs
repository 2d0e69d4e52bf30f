//! Turtle and TriG, written by kg itself from the RDF stream (`rdf.rs`), byte for byte as oxttl's
//! serializers write the same quads (prefix block, `a`, `;` and `,` lists, tabs, TriG's graph
//! blocks), without the formatting machinery (`fmt::Display` per term, a search of every prefix
//! with an allocated escaped local name) that was most of a Turtle export's cost.
//!
//! The grammar is Turtle 1.1's and TriG's: a prefixed name is written only when its local part is
//! a `PN_LOCAL` (the characters `PN_LOCAL_ESC` allows escaped with `\`, a final `.` escaped, any
//! other character making it a full `<IRI>`); literals are `STRING_LITERAL_QUOTE` with
//! N-Triples' escapes, then `@lang` or `^^datatype`, the numbers and booleans whose lexical form
//! the grammar reads back with the same datatype written bare. `tests` compare the output with
//! oxttl's on hostile quads and parse it back.

use std::io::{self, Write};

use super::rdf::RdfStream;
use super::rdf_stored::StoredStream;
use super::recent::Recent;
use super::ExportError;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNodeRef, GraphNameRef, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};

/// How much of a Turtle or TriG export [`write_turtle`] keeps in memory to write it in one pass
/// (the prefixes it uses are known only at the end, and are declared first); a larger export is
/// written in two (the first finds the prefixes). The essay's Turtle is 0.7 MB.
pub(crate) const TURTLE_BUFFER_LIMIT: usize = 32 << 20;

/// Writes the stream as Turtle (the default graph) or TriG (`with_graphs`), declaring those of
/// `prefixes` that some term is written with. In one pass when the output fits in
/// [`TURTLE_BUFFER_LIMIT`], else in two.
///
/// # Errors
/// The writer's.
pub(crate) fn write_turtle(
    stream: &RdfStream<'_>,
    prefixes: &[(&str, String)],
    with_graphs: bool,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    write_turtle_within(stream, prefixes, with_graphs, TURTLE_BUFFER_LIMIT, crate::builtin::TURTLE_TERMS, out)
}

/// [`write_turtle`] with `limit` bytes kept in memory, and the stored stream's terms as
/// [`encode_terms`] wrote them in `stored_terms` (used only where [`StoredTerms::decode`] takes
/// them for this stream and these prefixes).
fn write_turtle_within(
    stream: &RdfStream<'_>,
    prefixes: &[(&str, String)],
    with_graphs: bool,
    limit: usize,
    stored_terms: &[u8],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let candidates = || prefixes.iter().map(|(name, iri)| (*name, iri.as_str()));
    let mut writer = TurtleWriter::new(candidates(), with_graphs);
    writer.prelude_written = true;
    let (mut body, mut overflow) = (Vec::new(), false);
    // A subject's quads, or (from the stored stream) its quads' term numbers with the stream
    // and its written terms.
    let mut subject = |writer: &mut TurtleWriter,
                       quads: &[QuadRef<'_>],
                       known: Option<(&StoredStream<'_>, &StoredTerms<'_>, &[[u32; 4]])>| {
        if overflow {
            // Written only to find the prefixes used.
            body.clear();
        }
        match known {
            Some((stored, terms, numbers)) => {
                for n in numbers {
                    writer.write_numbered(*n, stored, terms, &mut body)?;
                }
            }
            None => {
                for q in quads {
                    writer.write_quad(*q, &mut body)?;
                }
            }
        }
        overflow = overflow || body.len() > limit;
        Ok::<_, ExportError>(())
    };
    // The built-in essay's stream with the default options' prefixes: each term as `build.rs`
    // wrote it with this very writer (`StoredTerms`), found by its number.
    let stored = stream.stored().and_then(|s| {
        let candidates: Vec<(&str, &str)> = candidates().collect();
        Some((s, StoredTerms::decode(stored_terms, s, &candidates, writer.prefixes.len())?))
    });
    match &stored {
        Some((s, terms)) => {
            s.for_each_subject_numbers(with_graphs, |numbers| subject(&mut writer, &[], Some((s, terms, numbers))))?
        }
        None => stream.for_each_subject_ref(with_graphs, |quads| subject(&mut writer, quads, None))?,
    }
    writer.finish(&mut body);
    // The prefixes used, in the writer's order: a term's prefix is the first that fits it, so
    // declaring the others too would change no term.
    let used = writer
        .prefixes
        .iter()
        .zip(&writer.used)
        .filter(|(_, used)| **used)
        .map(|((n, iri), _)| (n.as_str(), iri.as_str()));
    let mut writer = TurtleWriter::new(used, with_graphs);
    if !overflow {
        if !body.is_empty() {
            let mut prelude = Vec::new();
            writer.prelude(&mut prelude);
            out.write_all(&prelude)?;
        }
        return Ok(out.write_all(&body)?);
    }
    body.clear();
    stream.for_each_subject_ref(with_graphs, |quads| {
        body.clear();
        for q in quads {
            writer.write_quad(*q, &mut body)?;
        }
        out.write_all(&body).map_err(ExportError::from)
    })?;
    body.clear();
    writer.finish(&mut body);
    Ok(out.write_all(&body)?)
}

/// Writes quads as Turtle (the default graph only) or TriG, one quad at a time, into a byte
/// buffer the caller flushes (a subject at a time in the export).
///
/// The prefix block is written with the first quad (none for an empty graph, as oxttl); a prefix
/// is used for an IRI when the IRI starts with it and the rest is a valid local name, the longest
/// such prefix first.
pub(crate) struct TurtleWriter {
    /// The prefixes, one IRI per name (the last one given), longest IRI first and ties by name:
    /// the order they are declared and tried in.
    prefixes: Vec<(String, String)>,
    /// Each prefix's last 8 bytes (fewer, zero-padded, for a shorter one): most IRIs a prefix
    /// does not start are told by comparing these with the IRI's bytes at the same place.
    tails: Vec<u64>,
    /// Whether a term was written with each prefix.
    used: Vec<bool>,
    /// TriG (named graphs written as blocks) rather than Turtle.
    with_graphs: bool,
    prelude_written: bool,
    /// The open graph block: `None` for the default graph, else whether it is a blank node and
    /// its IRI or id.
    graph: Option<(bool, String)>,
    /// Whether a triple is open (its ` .` not yet written), with its subject (blank, id or IRI)
    /// and predicate.
    open: bool,
    subject: (bool, String),
    predicate: String,
    /// The open triple's subject and predicate as term numbers when it was written by number
    /// ([`Self::write_numbered`]; `subject` and `predicate` are then not kept).
    open_numbers: Option<[u32; 2]>,
    /// The open graph block's term number (`u32::MAX` for the default graph), when the quad that
    /// opened it was written by number: the next quad's graph is then told by its number, not
    /// by comparing its IRI.
    graph_number: Option<u32>,
    /// Recently written IRIs: what was written for each, and the prefix it was written with.
    /// Most IRIs of an export (classes, entities, passages) are written many times, and
    /// comparing the IRI with the one held is cheaper than finding its prefix and checking its
    /// local name again.
    names: Recent<WrittenName>,
    /// Whether each term number written as a predicate by number is `rdf:type` (written `a`):
    /// [`UNSEEN`], [`TYPE`] or [`OTHER`], so that a predicate's IRI is compared once.
    predicate_kinds: Vec<u8>,
}

/// [`TurtleWriter::predicate_kinds`]' values.
const UNSEEN: u8 = 0;
const TYPE: u8 = 1;
const OTHER: u8 = 2;

/// What [`TurtleWriter::named_node`] wrote for an IRI: the bytes, and the prefix they use.
#[derive(Default)]
struct WrittenName {
    written: Vec<u8>,
    prefix: Option<usize>,
}

/// The room a slot's written name is first given: a prefixed name is mostly shorter, an IRI
/// written in full (`<...>`) longer.
const WRITTEN_ROOM: usize = 64;

/// Slots of [`TurtleWriter::names`], as a power of two.
const NAME_BITS: u32 = 9;

impl TurtleWriter {
    /// A writer declaring `prefixes` (name, namespace IRI); `with_graphs` for TriG.
    pub(crate) fn new<'p>(prefixes: impl IntoIterator<Item = (&'p str, &'p str)>, with_graphs: bool) -> Self {
        let mut prefixes: Vec<(String, String)> =
            prefixes.into_iter().map(|(name, iri)| (name.to_string(), iri.to_string())).collect();
        // oxttl keeps them in a map by name (the last IRI given for a name), then sorts them by
        // decreasing length; its unstable sort is an insertion sort up to 20 prefixes, so ties
        // stay in name order (beyond 20, ties may be declared in another order than oxttl's).
        prefixes.reverse();
        prefixes.sort_by(|a, b| a.0.cmp(&b.0));
        prefixes.dedup_by(|later, first| later.0 == first.0);
        prefixes.sort_by_key(|(_, iri)| std::cmp::Reverse(iri.len()));
        TurtleWriter {
            tails: prefixes.iter().map(|(_, iri)| tail(iri.as_bytes(), iri.len())).collect(),
            used: vec![false; prefixes.len()],
            prefixes,
            with_graphs,
            prelude_written: false,
            graph: None,
            open: false,
            subject: (false, String::new()),
            predicate: String::new(),
            open_numbers: None,
            graph_number: None,
            names: Recent::new(NAME_BITS),
            predicate_kinds: Vec::new(),
        }
    }

    /// Writes one quad: a new statement, or `;` and the predicate for the same subject, or `,`
    /// and the object for the same subject and predicate (in the same graph).
    ///
    /// # Errors
    /// A quad in a named graph written as Turtle (as oxrdfio refuses it).
    pub(crate) fn write_quad(&mut self, q: QuadRef<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        if !self.with_graphs && !q.graph_name.is_default_graph() {
            return Err(named_graph_in_turtle());
        }
        if !self.prelude_written {
            self.prelude_written = true;
            self.prelude(out);
        }
        let (subject_blank, subject) = match q.subject {
            NamedOrBlankNodeRef::NamedNode(n) => (false, n.as_str()),
            NamedOrBlankNodeRef::BlankNode(b) => (true, b.as_str()),
        };
        let in_named_graph = self.graph.is_some();
        if self.same_graph(q.graph_name) {
            if self.open && self.subject.0 == subject_blank && self.subject.1 == subject {
                if self.predicate == q.predicate.as_str() {
                    out.extend_from_slice(b" , ");
                    self.make_term(q.object, out);
                    return Ok(());
                }
                out.extend_from_slice(if in_named_graph { b" ;\n\t\t" } else { b" ;\n\t" });
                self.predicate(q.predicate, out);
                out.push(b' ');
                self.make_term(q.object, out);
                set(&mut self.predicate, q.predicate.as_str());
                return Ok(());
            }
            if self.open {
                out.extend_from_slice(b" .\n");
            }
            if in_named_graph {
                out.push(b'\t');
            }
        } else {
            self.open_graph(q.graph_name, |writer, g, out| writer.make_term(g, out), out);
        }
        self.make_term(q.subject.into(), out);
        out.push(b' ');
        self.predicate(q.predicate, out);
        out.push(b' ');
        self.make_term(q.object, out);
        self.open = true;
        self.subject.0 = subject_blank;
        set(&mut self.subject.1, subject);
        set(&mut self.predicate, q.predicate.as_str());
        Ok(())
    }

    /// [`Self::write_quad`] of the quad of these term numbers (subject, predicate, object,
    /// graph) in the stored stream `stored`, each term copied from `terms` (what `build.rs`
    /// wrote of the stream's terms with this writer), the open statement's subject, predicate
    /// and graph told by number; no quad is made. A term `terms` lacks is made from the
    /// stream's; numbers beyond the stream's terms write nothing of that term (`well_formed`
    /// rules them out). A writer is given numbers with every quad or with none.
    fn write_numbered(
        &mut self,
        [subject, predicate, object, graph]: [u32; 4],
        stored: &StoredStream<'_>,
        terms: &StoredTerms<'_>,
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        if !self.with_graphs && graph != u32::MAX {
            return Err(named_graph_in_turtle());
        }
        if !self.prelude_written {
            self.prelude_written = true;
            self.prelude(out);
        }
        let in_named_graph = self.graph.is_some();
        let same_graph = match self.graph_number {
            Some(held) => graph == held,
            None => graph == u32::MAX && !in_named_graph,
        };
        self.graph_number = Some(graph);
        if same_graph {
            if let (true, Some([open_subject, open_predicate])) = (self.open, self.open_numbers) {
                if open_subject == subject {
                    if open_predicate == predicate {
                        out.extend_from_slice(b" , ");
                        self.term_numbered(object, stored, terms, out);
                        return Ok(());
                    }
                    out.extend_from_slice(if in_named_graph { b" ;\n\t\t" } else { b" ;\n\t" });
                    self.predicate_numbered(predicate, stored, terms, out);
                    out.push(b' ');
                    self.term_numbered(object, stored, terms, out);
                    self.open_numbers = Some([subject, predicate]);
                    return Ok(());
                }
            }
            if self.open {
                out.extend_from_slice(b" .\n");
            }
            if in_named_graph {
                out.push(b'\t');
            }
        } else {
            let name = match stored.terms().get(graph as usize) {
                Some(TermRef::NamedNode(n)) => GraphNameRef::NamedNode(*n),
                Some(TermRef::BlankNode(b)) => GraphNameRef::BlankNode(*b),
                _ => GraphNameRef::DefaultGraph,
            };
            self.open_graph(name, |writer, _, out| writer.term_numbered(graph, stored, terms, out), out);
        }
        self.term_numbered(subject, stored, terms, out);
        out.push(b' ');
        self.predicate_numbered(predicate, stored, terms, out);
        out.push(b' ');
        self.term_numbered(object, stored, terms, out);
        self.open = true;
        // The text is not kept: the numbers tell the next quad's subject and predicate.
        self.open_numbers = Some([subject, predicate]);
        Ok(())
    }

    /// Ends the open statement and graph block and opens the block of graph `g` (none for the
    /// default graph), its name written by `name`.
    fn open_graph(
        &mut self,
        g: GraphNameRef<'_>,
        name: impl FnOnce(&mut Self, TermRef<'_>, &mut Vec<u8>),
        out: &mut Vec<u8>,
    ) {
        if self.open {
            out.extend_from_slice(b" .\n");
        }
        if self.graph.is_some() {
            out.extend_from_slice(b"}\n");
        }
        self.graph = match g {
            GraphNameRef::NamedNode(n) => {
                name(self, n.into(), out);
                Some((false, n.as_str().to_string()))
            }
            GraphNameRef::BlankNode(b) => {
                name(self, b.into(), out);
                Some((true, b.as_str().to_string()))
            }
            GraphNameRef::DefaultGraph => None,
        };
        if self.graph.is_some() {
            out.extend_from_slice(b" {\n\t");
        }
    }

    /// The `@prefix` lines, as oxttl writes them before the first quad.
    fn prelude(&self, out: &mut Vec<u8>) {
        for (name, iri) in &self.prefixes {
            out.extend_from_slice(b"@prefix ");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": <");
            out.extend_from_slice(iri.as_bytes());
            out.extend_from_slice(b"> .\n");
        }
    }

    /// Ends the last statement and closes the last graph block.
    pub(crate) fn finish(&mut self, out: &mut Vec<u8>) {
        if std::mem::take(&mut self.open) {
            out.extend_from_slice(b" .\n");
        }
        if self.graph.take().is_some() {
            out.extend_from_slice(b"}\n");
        }
        self.graph_number = None;
    }

    fn same_graph(&self, g: GraphNameRef<'_>) -> bool {
        match (&self.graph, g) {
            (None, GraphNameRef::DefaultGraph) => true,
            (Some((false, open)), GraphNameRef::NamedNode(n)) => open == n.as_str(),
            (Some((true, open)), GraphNameRef::BlankNode(b)) => open == b.as_str(),
            _ => false,
        }
    }

    fn predicate(&mut self, p: NamedNodeRef<'_>, out: &mut Vec<u8>) {
        if p == rdf::TYPE {
            out.push(b'a');
        } else {
            self.make_term(p.into(), out);
        }
    }

    /// [`Self::predicate`] by the predicate's term number in `stored` (`terms`: as
    /// [`Self::term_numbered`]).
    fn predicate_numbered(&mut self, p: u32, stored: &StoredStream<'_>, terms: &StoredTerms<'_>, out: &mut Vec<u8>) {
        if self.predicate_kinds.len() < terms.terms.len() {
            self.predicate_kinds.resize(terms.terms.len(), UNSEEN);
        }
        let is_type = match self.predicate_kinds.get(p as usize) {
            Some(&TYPE) => true,
            Some(&OTHER) => false,
            // Unseen (or beyond the terms): compared once.
            _ => {
                let is_type = stored.terms().get(p as usize) == Some(&TermRef::NamedNode(rdf::TYPE));
                if let Some(kind) = self.predicate_kinds.get_mut(p as usize) {
                    *kind = if is_type { TYPE } else { OTHER };
                }
                is_type
            }
        };
        if is_type {
            out.push(b'a');
        } else {
            self.term_numbered(p, stored, terms, out);
        }
    }

    /// Writes term `n` of `stored`: copied from its written form in `terms`, else made here
    /// (nothing for a number beyond the stream's terms).
    #[inline]
    fn term_numbered(&mut self, n: u32, stored: &StoredStream<'_>, terms: &StoredTerms<'_>, out: &mut Vec<u8>) {
        if let Some((written, prefix)) = terms.get(n) {
            out.extend_from_slice(written);
            if let Some(used) = prefix.and_then(|i| self.used.get_mut(i)) {
                *used = true;
            }
            return;
        }
        self.make_stored_term(n, stored, out);
    }

    /// Term `n` of `stored` made here, where the stored terms lack it (never for the terms
    /// `StoredTerms::decode` took: kept out of the copying path).
    #[cold]
    #[inline(never)]
    fn make_stored_term(&mut self, n: u32, stored: &StoredStream<'_>, out: &mut Vec<u8>) {
        if let Some(t) = stored.terms().get(n as usize) {
            self.make_term(*t, out);
        }
    }

    /// A term made here: the prefixes tried (an IRI held in [`Self::names`] copied).
    fn make_term(&mut self, t: TermRef<'_>, out: &mut Vec<u8>) {
        match t {
            TermRef::NamedNode(n) => self.named_node(n, out),
            TermRef::BlankNode(b) => blank(b, out),
            TermRef::Literal(l) => self.literal(l, out),
            #[allow(unreachable_patterns)]
            other => out.extend_from_slice(other.to_string().as_bytes()),
        }
    }

    fn literal(&mut self, l: LiteralRef<'_>, out: &mut Vec<u8>) {
        let value = l.value();
        if let Some(language) = l.language() {
            super::rdf::quoted(value, out);
            out.push(b'@');
            out.extend_from_slice(language.as_bytes());
            return;
        }
        let datatype = l.datatype();
        let bare = match datatype {
            xsd::STRING => {
                super::rdf::quoted(value, out);
                return;
            }
            xsd::BOOLEAN => matches!(value, "true" | "false"),
            xsd::INTEGER => is_integer(value.as_bytes()),
            xsd::DECIMAL => is_decimal(value.as_bytes()),
            xsd::DOUBLE => is_double(value.as_bytes()),
            _ => false,
        };
        if bare {
            out.extend_from_slice(value.as_bytes());
        } else {
            super::rdf::quoted(value, out);
            out.extend_from_slice(b"^^");
            self.named_node(datatype, out);
        }
    }

    /// `prefix:local` for the longest declared prefix whose local part is a valid `PN_LOCAL`
    /// (escaped), else `<iri>`.
    fn named_node(&mut self, n: NamedNodeRef<'_>, out: &mut Vec<u8>) {
        let iri = n.as_str();
        let miss = match self.names.get(iri) {
            Ok(held) => {
                out.extend_from_slice(&held.written);
                if let Some(i) = held.prefix {
                    self.used[i] = true;
                }
                return;
            }
            Err(miss) => miss,
        };
        let mark = out.len();
        let prefix = self.named_node_by_prefixes(iri, out);
        let held = self.names.hold(miss, iri);
        held.written.clear();
        // Room for most names at the slot's first (`recent.rs`'s keys likewise).
        held.written.reserve((out.len() - mark).max(WRITTEN_ROOM));
        held.written.extend_from_slice(&out[mark..]);
        held.prefix = prefix;
    }

    /// [`Self::named_node`] without the cache: the prefix written with, if any.
    fn named_node_by_prefixes(&mut self, iri: &str, out: &mut Vec<u8>) -> Option<usize> {
        for (i, (name, namespace)) in self.prefixes.iter().enumerate() {
            if iri.len() < namespace.len() || tail(iri.as_bytes(), namespace.len()) != self.tails[i] {
                continue;
            }
            if let Some(local) = iri.strip_prefix(namespace.as_str()) {
                let mark = out.len();
                out.extend_from_slice(name.as_bytes());
                out.push(b':');
                if write_local_name(local, out) {
                    self.used[i] = true;
                    return Some(i);
                }
                out.truncate(mark);
            }
        }
        out.push(b'<');
        out.extend_from_slice(iri.as_bytes());
        out.push(b'>');
        None
    }
}

/// The first word of [`encode_terms`]'s form (`ktt` and a version).
const TERMS_MAGIC: u32 = u32::from_le_bytes(*b"ktt1");
/// A written term's prefix code when it uses none.
const NO_PREFIX: u32 = 0xFF;

/// Each term of the stored stream `stream` (`rdf_stored.rs`) as [`TurtleWriter`] writes it with
/// `candidates` (name, namespace IRI) as subject, object or graph (an IRI, a blank node, a
/// literal; a predicate other than `rdf:type` likewise), with the prefix it uses, as
/// [`StoredTerms::decode`] reads them: made by `build.rs` for the built-in essay's stream and the
/// default options' prefixes, and by the tests; empty if a term's name would not fit.
///
/// Layout (little-endian `u32`s, then bytes): magic, terms, the candidates' text length; each
/// term's end in the written bytes shifted left by 8, or'ed with its prefix (`NO_PREFIX`: none);
/// the candidates as text (`name`, tab, IRI, newline each), the written terms one after another.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_terms(stream: &super::rdf_stored::StoredStream<'_>, candidates: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = TurtleWriter::new(candidates.iter().copied(), true);
    let (mut ends, mut written) = (Vec::new(), Vec::new());
    for term in stream.terms() {
        writer.used.fill(false);
        writer.make_term(*term, &mut written);
        let mut used = writer.used.iter().enumerate().filter(|(_, used)| **used).map(|(i, _)| i as u32);
        let prefix = used.next().unwrap_or(NO_PREFIX);
        if used.next().is_some() || prefix > NO_PREFIX || written.len() >= 1 << 24 {
            return Vec::new();
        }
        ends.push((written.len() as u32) << 8 | prefix);
    }
    let text = super::rdf_stored::pairs_text(candidates.iter().copied());
    super::rdf_stored::encode_terms_with(TERMS_MAGIC, ends.len(), &ends, &text, &written)
}

/// The stored stream's terms as Turtle writes them ([`encode_terms`]), read in place: each
/// found by its term number, so that a term of the essay is copied, not made (the prefixes
/// tried, the local name checked, the literal escaped).
pub(crate) struct StoredTerms<'b> {
    /// Each term as written and the prefix it uses, by number: found once, as `decode` checks
    /// the ends, not at each use.
    terms: Vec<(&'b [u8], Option<usize>)>,
}

impl<'b> StoredTerms<'b> {
    /// The terms [`encode_terms`] stored in `bytes` for `stream` and these very `candidates`
    /// (of which the writer keeps `prefixes`); `None` for other candidates (other options), a
    /// stream of another number of terms, empty bytes (the built-in data was invalid when the
    /// crate was built) and bytes it did not write (every number is checked, and the written
    /// terms are UTF-8, each one whole and none empty).
    pub(crate) fn decode(
        bytes: &'b [u8],
        stream: &super::rdf_stored::StoredStream<'_>,
        candidates: &[(&str, &str)],
        prefixes: usize,
    ) -> Option<Self> {
        let made_for = super::rdf_stored::pairs_text(candidates.iter().copied());
        let (ends, as_text) = super::rdf_stored::decode_terms_with(bytes, TERMS_MAGIC, stream, 1, &made_for)?;
        let written = as_text.as_bytes();
        let mut terms = Vec::with_capacity(ends.len() / 4);
        let mut start = 0;
        for entry in ends.chunks_exact(4) {
            let entry = u32::from_le_bytes(entry.try_into().ok()?);
            let (end, prefix) = ((entry >> 8) as usize, entry & 0xFF);
            if end <= start || !as_text.is_char_boundary(end) || (prefix != NO_PREFIX && prefix as usize >= prefixes) {
                return None;
            }
            terms.push((written.get(start..end)?, (prefix != NO_PREFIX).then_some(prefix as usize)));
            start = end;
        }
        (start == written.len()).then_some(StoredTerms { terms })
    }

    /// Term `n` as written, and the prefix it uses; `None` for a number beyond the terms.
    #[inline]
    fn get(&self, n: u32) -> Option<(&'b [u8], Option<usize>)> {
        self.terms.get(n as usize).copied()
    }
}

/// The 8 bytes of `bytes` before `end` (fewer, zero-padded, near the start) as a number.
fn tail(bytes: &[u8], end: usize) -> u64 {
    match end.checked_sub(8) {
        Some(start) => u64::from_le_bytes(bytes[start..end].try_into().unwrap_or_default()),
        None => {
            let mut padded = [0u8; 8];
            padded[..end].copy_from_slice(&bytes[..end]);
            u64::from_le_bytes(padded)
        }
    }
}

/// A quad in a named graph written as Turtle (refused as oxrdfio refuses it).
fn named_graph_in_turtle() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "Turtle cannot hold a quad in a named graph")
}

/// Replaces the contents of `s`, keeping its allocation.
fn set(s: &mut String, value: &str) {
    s.clear();
    s.push_str(value);
}

fn blank(b: BlankNodeRef<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(b.as_str().as_bytes());
}

/// What a local name may hold of each ASCII character: [`FIRST`] where it may start one,
/// [`REST`] after the first, [`ESCAPED`] when `PN_LOCAL_ESC` writes it as `\c`; none of them
/// (a space, `<`, `"`, `^`, ...): the IRI is written in full.
const FIRST: u8 = 1;
const REST: u8 = 2;
const ESCAPED: u8 = 4;
const LOCAL: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        // PN_CHARS_U, ':' and digits start a name; PN_CHARS (with '-') and ':' continue it.
        if b.is_ascii_alphabetic() || b == b'_' || b == b':' || b.is_ascii_digit() {
            table[c] = FIRST | REST;
        }
        if b == b'-' {
            table[c] = REST;
        }
        c += 1;
    }
    let escaped = b"_~.-!$&'()*+,;=/?#@%";
    let mut i = 0;
    while i < escaped.len() {
        table[escaped[i] as usize] |= ESCAPED;
        i += 1;
    }
    table
};

/// Writes `local` as a `PN_LOCAL` (Turtle 1.1, [168s]), the characters `PN_LOCAL_ESC` allows
/// escaped (and a final `.`); `false` (with part of it written) when it cannot be one. The empty
/// local name is valid (`ent:`).
fn write_local_name(local: &str, out: &mut Vec<u8>) -> bool {
    let bytes = local.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let class = LOCAL[usize::from(b)];
            let allowed = if i == 0 { FIRST } else { REST };
            if class & allowed != 0 || (b == b'.' && i != 0 && i + 1 < bytes.len()) {
                i += 1;
                continue;
            }
            if class & ESCAPED == 0 {
                return false;
            }
            out.extend_from_slice(&bytes[plain..i]);
            out.push(b'\\');
            out.push(b);
            i += 1;
            plain = i;
        } else {
            let c = local[i..].chars().next().unwrap_or('\u{FFFD}');
            let ok = if i == 0 { is_pn_chars_u(c) } else { is_pn_chars(c) };
            if !ok {
                return false;
            }
            i += c.len_utf8();
        }
    }
    out.extend_from_slice(&bytes[plain..]);
    true
}

/// PN_CHARS_BASE [163s] beyond ASCII (PN_CHARS_U adds only `_`).
fn is_pn_chars_u(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{02FF}'
        | '\u{0370}'..='\u{037D}'
        | '\u{037F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// PN_CHARS [160s] beyond ASCII.
fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c) || matches!(c, '\u{00B7}' | '\u{0300}'..='\u{036F}' | '\u{203F}'..='\u{2040}')
}

/// Skips an optional sign.
fn unsigned(value: &[u8]) -> &[u8] {
    match value {
        [b'+' | b'-', rest @ ..] => rest,
        _ => value,
    }
}

/// Skips leading digits; whether there were any.
fn digits(value: &mut &[u8]) -> bool {
    let n = value.iter().take_while(|b| b.is_ascii_digit()).count();
    *value = &value[n..];
    n > 0
}

/// INTEGER [19]: `[+-]? [0-9]+`.
fn is_integer(value: &[u8]) -> bool {
    let value = unsigned(value);
    !value.is_empty() && value.iter().all(u8::is_ascii_digit)
}

/// DECIMAL [20]: `[+-]? [0-9]* '.' [0-9]+`.
fn is_decimal(value: &[u8]) -> bool {
    let mut value = unsigned(value);
    digits(&mut value);
    match value {
        [b'.', rest @ ..] => !rest.is_empty() && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// DOUBLE [21]: `[+-]? ([0-9]+ '.' [0-9]* EXPONENT | '.' [0-9]+ EXPONENT | [0-9]+ EXPONENT)`.
fn is_double(value: &[u8]) -> bool {
    let mut value = unsigned(value);
    let before = digits(&mut value);
    let mut after = false;
    if let [b'.', rest @ ..] = value {
        value = rest;
        after = digits(&mut value);
    }
    let [b'e' | b'E', rest @ ..] = value else { return false };
    let exponent = unsigned(rest);
    (before || after) && !exponent.is_empty() && exponent.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{GraphName, Literal, NamedNode, Quad, Term};
    use oxrdfio::{RdfFormat, RdfParser, RdfSerializer};
    use proptest::prelude::*;

    use crate::export::hostile_rdf::{self, blank};
    use crate::export::rdf::{export_prefixes, rdf_quads, write_rdf, RdfOptions, RdfStream, RdfSyntax};
    use crate::graph::KnowledgeGraph;

    /// The quads as kg writes them.
    fn ours(prefixes: &[(&str, &str)], quads: &[Quad], trig: bool) -> io::Result<String> {
        let mut writer = TurtleWriter::new(prefixes.iter().copied(), trig);
        let mut out = Vec::new();
        for q in quads {
            writer.write_quad(q.as_ref(), &mut out)?;
        }
        writer.finish(&mut out);
        Ok(String::from_utf8(out).expect("UTF-8"))
    }

    /// The quads as oxttl's serializer writes them.
    fn oxttl(prefixes: &[(&str, &str)], quads: &[Quad], trig: bool) -> io::Result<String> {
        let mut serializer = RdfSerializer::from_format(if trig { RdfFormat::TriG } else { RdfFormat::Turtle });
        for (name, iri) in prefixes {
            serializer = serializer.with_prefix(*name, *iri).expect("a valid prefix IRI");
        }
        let mut writer = serializer.for_writer(Vec::new());
        for q in quads {
            writer.serialize_quad(q)?;
        }
        Ok(String::from_utf8(writer.finish()?).expect("UTF-8"))
    }

    /// The quads oxttl's parser reads back, sorted and without repeats.
    fn parsed(text: &str, trig: bool) -> Vec<Quad> {
        let format = if trig { RdfFormat::TriG } else { RdfFormat::Turtle };
        let mut quads: Vec<Quad> = RdfParser::from_format(format)
            .for_slice(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e} in\n{text}"));
        quads.sort_by_key(|q| q.to_string());
        quads.dedup();
        quads
    }

    /// Namespaces that nest (`ex:` within `exa:`'s), share a length, or end without `/` or `#`
    /// (`u:`; `exq:`, which ends in no delimiter at all and reaches into local names).
    const NAMESPACES: &[(&str, &str)] = &[
        ("ex", "http://ex.org/"),
        ("exa", "http://ex.org/a/"),
        ("exh", "http://ex.org/a#"),
        ("exb", "http://ex.org/b/"),
        ("exq", "http://ex.org/a"),
        ("u", "urn:x:"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("", "http://empty.example/"),
    ];

    /// Pieces of local names: every character class of PN_LOCAL (start, middle, end), those
    /// PN_LOCAL_ESC escapes, percent escapes, and characters IRIs allow but local names do not.
    const LOCAL_PIECES: &[&str] = &[
        "a",
        "Z",
        "_",
        "0",
        "9",
        "-",
        ".",
        ":",
        "~",
        "!",
        "$",
        "&",
        "'",
        "(",
        ")",
        "*",
        "+",
        ",",
        ";",
        "=",
        "/",
        "?",
        "#",
        "@",
        "%41",
        "%2f",
        "é",
        "\u{B7}",
        "\u{300}",
        "\u{203F}",
        "\u{10000}",
        "\u{A0}",
        "\u{AA}",
        "\u{2000}",
        "\u{200C}",
        "\u{3000}",
        "\u{D7FF}",
        "\u{F900}",
        "\u{FDF0}",
        "\u{EFFFD}",
        "ー",
    ];

    /// Pieces of literal values: every escape class of STRING_LITERAL_QUOTE, and what makes a
    /// number or a boolean.
    const VALUE_PIECES: &[&str] = &[
        "",
        "a",
        " ",
        "\"",
        "'",
        "\\",
        "\n",
        "\r",
        "\t",
        "\u{8}",
        "\u{C}",
        "\u{1}",
        "\u{1F}",
        "\u{7F}",
        "\u{FFFE}",
        "\u{FFFF}",
        "\u{FFFD}",
        "é",
        "\u{1F600}",
        "\u{202E}",
        "1",
        "0",
        "+",
        "-",
        ".",
        "e",
        "E",
        "true",
        "false",
        "\"\"\"",
    ];

    fn iri() -> impl Strategy<Value = NamedNode> {
        let namespace = prop_oneof![
            proptest::sample::select(NAMESPACES).prop_map(|(_, iri)| iri.to_string()),
            Just("http://other.org/".to_string()),
            Just("http://ex.org".to_string()),
        ];
        hostile_rdf::iri(namespace, LOCAL_PIECES, 5)
    }

    fn literal() -> impl Strategy<Value = Literal> {
        let datatype = prop_oneof![
            Just(xsd::STRING.into_owned()),
            Just(xsd::INTEGER.into_owned()),
            Just(xsd::DECIMAL.into_owned()),
            Just(xsd::DOUBLE.into_owned()),
            Just(xsd::BOOLEAN.into_owned()),
            Just(xsd::DATE.into_owned()),
            Just(xsd::NON_NEGATIVE_INTEGER.into_owned()),
            iri(),
        ];
        hostile_rdf::literal(VALUE_PIECES, datatype)
    }

    /// Quads over few subjects and predicates, so that `;` and `,` lists and graph changes
    /// are frequent.
    fn quads() -> impl Strategy<Value = Vec<Quad>> {
        let predicate = prop_oneof![1 => Just(rdf::TYPE.into_owned()), 3 => iri()];
        let object = prop_oneof![
            2 => iri().prop_map(Term::from),
            1 => blank().prop_map(Term::from),
            3 => literal().prop_map(Term::from),
        ];
        let graphs = proptest::collection::vec(
            prop_oneof![
                2 => Just(GraphName::DefaultGraph),
                2 => iri().prop_map(GraphName::from),
                1 => blank().prop_map(GraphName::from),
            ],
            1..3,
        );
        hostile_rdf::quads(hostile_rdf::subject(iri()), predicate, object, graphs, 14)
    }

    fn prefixes() -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
        hostile_rdf::prefixes(NAMESPACES)
    }

    /// Equal texts, or the first line where they differ.
    fn same(ours: &str, expected: &str, what: &str) {
        if let Some((n, (a, b))) = ours.lines().zip(expected.lines()).enumerate().find(|(_, (a, b))| a != b) {
            panic!("{what}, line {}:\n  kg:    {a}\n  oxttl: {b}", n + 1);
        }
        assert_eq!(ours.len(), expected.len(), "{what}: one ends early");
        assert!(ours == expected, "{what}");
    }

    fn check(prefixes: &[(&str, &str)], quads: &[Quad], trig: bool) {
        let written = ours(prefixes, quads, trig).expect("writes");
        let expected = oxttl(prefixes, quads, trig).expect("oxttl writes");
        assert_eq!(written, expected, "as oxttl writes it");
        let mut given = quads.to_vec();
        given.sort_by_key(|q| q.to_string());
        given.dedup();
        assert_eq!(parsed(&written, trig), given, "read back from\n{written}");
        // Declaring only the prefixes a term is written with changes no term.
        let mut probe = TurtleWriter::new(prefixes.iter().copied(), trig);
        probe.prelude_written = true;
        let mut body = Vec::new();
        for q in quads {
            probe.write_quad(q.as_ref(), &mut body).expect("writes");
        }
        probe.finish(&mut body);
        let used: Vec<(&str, &str)> = (probe.prefixes.iter().zip(&probe.used))
            .filter(|(_, u)| **u)
            .map(|((n, i), _)| (n.as_str(), i.as_str()))
            .collect();
        let declaring_used = ours(&used, quads, trig).expect("writes");
        assert_eq!(declaring_used, oxttl(&used, quads, trig).expect("oxttl writes"));
        assert!(declaring_used.ends_with(std::str::from_utf8(&body).expect("UTF-8")));
        assert_eq!(
            declaring_used.lines().take_while(|l| l.starts_with("@prefix ")).count(),
            if quads.is_empty() { 0 } else { used.len() }
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn trig_is_written_as_oxttl_writes_it_and_reads_back(prefixes in prefixes(), quads in quads()) {
            check(&prefixes, &quads, true);
        }

        #[test]
        fn turtle_is_written_as_oxttl_writes_it_and_reads_back(prefixes in prefixes(), quads in quads()) {
            let triples: Vec<Quad> = quads.into_iter().filter(|q| q.graph_name.is_default_graph()).collect();
            check(&prefixes, &triples, false);
        }
    }

    #[test]
    fn local_names_escaped_or_written_in_full() {
        let prefixes = [("ex", "http://ex.org/")];
        let cases = [
            ("http://ex.org/", "ex:"),
            ("http://ex.org/a.b", "ex:a.b"),
            ("http://ex.org/a.", "ex:a\\."),
            ("http://ex.org/.a", "ex:\\.a"),
            ("http://ex.org/-a", "ex:\\-a"),
            ("http://ex.org/a-", "ex:a-"),
            ("http://ex.org/0a", "ex:0a"),
            ("http://ex.org/:a:", "ex::a:"),
            ("http://ex.org/a/b?c=d#e", "ex:a\\/b\\?c\\=d\\#e"),
            ("http://ex.org/%41", "ex:\\%41"),
            ("http://ex.org/\u{B7}a", "<http://ex.org/\u{B7}a>"),
            ("http://ex.org/a\u{B7}", "ex:a\u{B7}"),
            ("http://ex.org/a\u{A0}", "<http://ex.org/a\u{A0}>"),
            ("http://ex.org/a b", "<http://ex.org/a b>"),
        ];
        for (iri, written) in cases {
            let q = Quad::new(
                NamedNode::new_unchecked(iri),
                rdf::VALUE,
                NamedNode::new_unchecked(iri),
                GraphName::DefaultGraph,
            );
            let text = ours(&prefixes, &[q], false).unwrap();
            let statement = text.lines().nth(1).unwrap();
            let rdf_value = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#value>";
            assert_eq!(statement, format!("{written} {rdf_value} {written} ."), "{iri}");
        }
    }

    #[test]
    fn numbers_and_booleans_written_bare_only_when_read_back_with_their_datatype() {
        for (value, datatype, bare) in [
            ("-12", xsd::INTEGER, true),
            ("1e+-5", xsd::DOUBLE, false),
            ("1.", xsd::DECIMAL, false),
            (".5", xsd::DECIMAL, true),
            ("1.E7", xsd::DOUBLE, true),
            ("e7", xsd::DOUBLE, false),
            ("True", xsd::BOOLEAN, false),
            ("12", xsd::NON_NEGATIVE_INTEGER, false),
        ] {
            let q =
                Quad::new(rdf::VALUE, rdf::VALUE, Literal::new_typed_literal(value, datatype), GraphName::DefaultGraph);
            let text = ours(&[], std::slice::from_ref(&q), false).unwrap();
            assert_eq!(text.contains(&format!(" {value} .")), bare, "{text}");
            check(&[], &[q], false);
        }
    }

    #[test]
    fn the_essay_is_written_as_oxttl_writes_it_with_every_option() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let option_sets = [
            RdfOptions::default(),
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
            RdfOptions { only_background: true, ..RdfOptions::default() },
            RdfOptions { data: false, ..RdfOptions::default() },
        ];
        for options in option_sets {
            for syntax in [RdfSyntax::Turtle, RdfSyntax::TriG] {
                let trig = syntax == RdfSyntax::TriG;
                let mut written = Vec::new();
                write_rdf(&kg, syntax, &options, &mut written).unwrap();
                let written = String::from_utf8(written).unwrap();
                let declared: Vec<(&str, &str)> = (written.lines())
                    .take_while(|l| l.starts_with("@prefix "))
                    .map(|l| {
                        let (name, iri) = l["@prefix ".len()..].split_once(": <").unwrap();
                        (name, iri.strip_suffix("> .").unwrap())
                    })
                    .collect();
                let statements = written.lines().skip(declared.len()).collect::<Vec<_>>().join("\n");
                let quads = crate::export::rdf::quads_for(syntax, rdf_quads(&kg, &options).unwrap());
                let what = format!("{syntax:?} with {options:?}");
                // Byte for byte oxttl's, given the prefixes declared.
                same(&written, &oxttl(&declared, &quads, trig).unwrap(), &what);
                // Each declared prefix is used, and oxttl given every prefix writes each term
                // as kg does: the prefixes kg leaves out would change nothing.
                for (name, _) in &declared {
                    assert!(statements.contains(&format!("{name}:")), "{name}: unused in {what}");
                }
                let prefixes = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
                let every: Vec<(&str, &str)> = prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
                let with_every = oxttl(&every, &quads, trig).unwrap();
                let without_prefixes: Vec<&str> =
                    with_every.lines().skip_while(|l| l.starts_with("@prefix ")).collect();
                same(&statements, &without_prefixes.join("\n"), &what);
                let mut given = quads;
                given.sort_by_key(|q| q.to_string());
                assert_eq!(parsed(&written, trig), given, "{what}");
                // Written in two passes when it does not fit in memory: the same bytes.
                let stream = RdfStream::new(&kg, &options).unwrap();
                let mut two_passes = Vec::new();
                write_turtle_within(&stream, &prefixes, trig, 0, crate::builtin::TURTLE_TERMS, &mut two_passes)
                    .unwrap();
                assert!(two_passes == written.as_bytes(), "{what} in two passes");
            }
        }
    }

    /// The default options' prefixes, as the writer's candidates.
    fn default_candidates(kg: &KnowledgeGraph) -> Vec<(&'static str, String)> {
        let options = RdfOptions::default();
        export_prefixes(&options.base_for(kg), options.vocab_namespace())
    }

    /// The essay's Turtle or TriG with the stored stream and `stored_terms`.
    fn essay_with_terms(kg: &KnowledgeGraph, trig: bool, stored_terms: &[u8]) -> Vec<u8> {
        let stream = RdfStream::new(kg, &RdfOptions::default()).unwrap();
        assert!(stream.is_stored());
        let mut out = Vec::new();
        write_turtle_within(&stream, &default_candidates(kg), trig, TURTLE_BUFFER_LIMIT, stored_terms, &mut out)
            .unwrap();
        out
    }

    #[test]
    fn the_stored_terms_are_the_terms_written_here() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let prefixes = default_candidates(&kg);
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(n, iri)| (*n, iri.as_str())).collect();
        // The stored bytes are what the writer makes of the stored stream's terms now.
        let bytes = crate::builtin::TURTLE_TERMS;
        assert!(bytes == encode_terms(stored, &candidates).as_slice(), "the stored Turtle terms are stale");
        let fresh = TurtleWriter::new(candidates.iter().copied(), true);
        let terms = StoredTerms::decode(bytes, stored, &candidates, fresh.prefixes.len()).expect("taken");
        // Term by term, what a fresh writer makes of it (and the prefix it marks used).
        for (n, term) in stored.terms().iter().enumerate() {
            let mut writer = TurtleWriter::new(candidates.iter().copied(), true);
            let mut made = Vec::new();
            writer.make_term(*term, &mut made);
            let (written, prefix) = terms.get(n as u32).expect("every term stored");
            assert_eq!(String::from_utf8_lossy(written), String::from_utf8_lossy(&made), "term {n}: {term}");
            let used: Vec<usize> = (0..writer.used.len()).filter(|i| writer.used[*i]).collect();
            assert_eq!(prefix.into_iter().collect::<Vec<_>>(), used, "term {n}: {term}");
        }
        assert!(terms.get(stored.terms().len() as u32).is_none());
        // The export written with them is the export written from the generated stream (the
        // terms made one by one), Turtle and TriG byte for byte.
        for trig in [false, true] {
            let generated = RdfStream::generated(&kg, &RdfOptions::default()).unwrap();
            let mut reference = Vec::new();
            write_turtle_within(&generated, &prefixes, trig, TURTLE_BUFFER_LIMIT, &[], &mut reference).unwrap();
            let written = essay_with_terms(&kg, trig, bytes);
            assert!(written == reference, "trig {trig}: the stored terms' export differs from the generated one's");
            // And without the stored terms (refused: empty bytes), the same again.
            assert!(essay_with_terms(&kg, trig, &[]) == reference, "trig {trig}");
        }
        // The export does copy them: a letter changed in a written term shows in the output
        // (a test that cannot fail would not see it).
        // TriG writes every quad, so every stored term but `rdf:type` (written `a`).
        let mut changed = bytes.to_vec();
        let at = (0..changed.len()).rev().find(|&i| changed[i].is_ascii_lowercase()).expect("a letter");
        changed[at] = if changed[at] == b'x' { b'y' } else { b'x' };
        assert!(StoredTerms::decode(&changed, stored, &candidates, fresh.prefixes.len()).is_some());
        assert!(essay_with_terms(&kg, true, &changed) != essay_with_terms(&kg, true, bytes));
    }

    /// By number, a quad of a named graph is refused as Turtle (nothing written) as
    /// `write_quad` refuses the quad made from the numbers, and written as TriG as `write_quad`
    /// writes it; after an essay quad, the same.
    #[test]
    fn the_writer_by_number_refuses_what_write_quad_refuses() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().unwrap();
        let candidates = default_candidates(&kg);
        let candidates: Vec<(&str, &str)> = candidates.iter().map(|(n, i)| (*n, i.as_str())).collect();
        let mut numbers = Vec::new();
        stored
            .for_each_subject_numbers(true, |n| {
                numbers.extend_from_slice(n);
                Ok::<_, ()>(())
            })
            .unwrap();
        let named = *numbers.iter().find(|n| n[3] != u32::MAX).expect("a quad of the background graph");
        let first = numbers[0];
        assert_eq!(first[3], u32::MAX);
        for trig in [false, true] {
            for quads in [vec![named], vec![first, named]] {
                let mut by_number = TurtleWriter::new(candidates.iter().copied(), trig);
                let n = by_number.prefixes.len();
                let terms = StoredTerms::decode(crate::builtin::TURTLE_TERMS, stored, &candidates, n).unwrap();
                let mut made = TurtleWriter::new(candidates.iter().copied(), trig);
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                for q in quads {
                    let fast_result = by_number.write_numbered(q, stored, &terms, &mut fast);
                    let slow_result = made.write_quad(stored.quad(q).unwrap(), &mut slow);
                    assert_eq!(fast_result.is_ok(), trig || q[3] == u32::MAX, "trig {trig}");
                    assert_eq!(slow_result.is_ok(), fast_result.is_ok());
                }
                by_number.finish(&mut fast);
                made.finish(&mut slow);
                assert!(fast == slow, "trig {trig}");
                assert!(!fast.is_empty() || !trig);
            }
        }
    }

    #[test]
    fn the_stored_terms_are_refused_where_they_were_not_made_for() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let bytes = crate::builtin::TURTLE_TERMS;
        let prefixes = default_candidates(&kg);
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(n, iri)| (*n, iri.as_str())).collect();
        let n = TurtleWriter::new(candidates.iter().copied(), true).prefixes.len();
        assert!(StoredTerms::decode(bytes, stored, &candidates, n).is_some());
        // Other options' prefixes; one prefix fewer, one more, two swapped, one renamed.
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
        ] {
            let other = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
            let other: Vec<(&str, &str)> = other.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
            assert!(StoredTerms::decode(bytes, stored, &other, n).is_none(), "{options:?}");
        }
        let mut swapped = candidates.clone();
        swapped.swap(0, 1);
        let mut renamed = candidates.clone();
        renamed[3].0 = "zz";
        let more = [candidates.as_slice(), &[("more", "http://example.com/more#")]].concat();
        for other in [&candidates[1..], &more, &swapped, &renamed] {
            assert!(StoredTerms::decode(bytes, stored, other, n).is_none(), "{other:?}");
        }
        // Another stream (another number of terms): the essay without its ontology, stored.
        let options = RdfOptions { ontology: false, ..RdfOptions::default() };
        let other_bytes = crate::export::rdf_stored::encode(&RdfStream::new(&kg, &options).unwrap());
        let other_stream = crate::export::StoredStream::decode(&other_bytes).unwrap();
        assert!(StoredTerms::decode(bytes, &other_stream, &candidates, n).is_none());
        // Cut anywhere, a prefix code out of range, an end moved back, a term made empty, a
        // non-UTF-8 byte, a character cut in two: refused, no panic.
        assert!(StoredTerms::decode(&[], stored, &candidates, n).is_none());
        for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(StoredTerms::decode(&bytes[..cut], stored, &candidates, n).is_none(), "cut at {cut}");
        }
        let entry = |bytes: &[u8], i: usize| u32::from_le_bytes(bytes[12 + 4 * i..16 + 4 * i].try_into().unwrap());
        let with_entry = |i: usize, value: u32| {
            let mut wrong = bytes.to_vec();
            wrong[12 + 4 * i..16 + 4 * i].copy_from_slice(&value.to_le_bytes());
            wrong
        };
        let (first, second) = (entry(bytes, 0), entry(bytes, 1));
        for wrong in [
            with_entry(0, (first & !0xFF) | n as u32),
            with_entry(0, (first & !0xFF) | 0xFE),
            with_entry(1, (first & !0xFF) | (second & 0xFF)),
            with_entry(1, ((first >> 8) - 1) << 8 | (second & 0xFF)),
            with_entry(0, first & 0xFF),
        ] {
            assert!(StoredTerms::decode(&wrong, stored, &candidates, n).is_none());
        }
        let mut not_utf8 = bytes.to_vec();
        *not_utf8.last_mut().unwrap() = 0xFF;
        assert!(StoredTerms::decode(&not_utf8, stored, &candidates, n).is_none());
        let mut magic = bytes.to_vec();
        magic[0] ^= 1;
        assert!(StoredTerms::decode(&magic, stored, &candidates, n).is_none());
        // A term ending inside a two-byte character (`é` in a written term of the essay).
        let written_at = bytes.len() - (entry(bytes, stored.terms().len() - 1) >> 8) as usize;
        let written = &bytes[written_at..];
        let wide = written.iter().position(|b| *b >= 0xC0).expect("a term with a non-ASCII character");
        // The term holding that byte: it starts at or before it, so ending after its first byte
        // leaves it non-empty and cuts the character.
        let term = (0..stored.terms().len()).find(|&i| (entry(bytes, i) >> 8) as usize > wide).unwrap();
        let cut = with_entry(term, ((wide + 1) as u32) << 8 | (entry(bytes, term) & 0xFF));
        assert!(StoredTerms::decode(&cut, stored, &candidates, n).is_none());
    }
}
