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

/// How much of a Turtle or TriG export [`write_turtle`] keeps in memory to declare only the
/// prefixes it uses (known only at the end, and declared first); a larger export declares every
/// candidate prefix and is written as it is generated. The essay's Turtle is 0.7 MB.
pub(crate) const TURTLE_BUFFER_LIMIT: usize = 32 << 20;

/// The room [`write_turtle`]'s buffer is first given (at most its limit).
const BODY_ROOM: usize = 256 << 10;

/// Writes the stream as Turtle (the default graph) or TriG (`with_graphs`) in one pass, declaring
/// those of `prefixes` that some term is written with when the output fits in
/// [`TURTLE_BUFFER_LIMIT`], else every one of them (a declared prefix no term uses is legal
/// Turtle and TriG, and changes no term written: oxttl's writer given the same prefixes writes
/// the same bytes).
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
/// them for this stream and these prefixes: then [`write_stored`] writes it, in one pass at any
/// limit).
fn write_turtle_within(
    stream: &RdfStream<'_>,
    prefixes: &[(&str, String)],
    with_graphs: bool,
    limit: usize,
    stored_terms: &[u8],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    // The built-in essay's stream with the default options' prefixes: each term as `build.rs`
    // wrote it with this very writer (`StoredTerms`), found by its number.
    if let Some(written) = stream.stored().and_then(|s| write_by_number(s, prefixes, with_graphs, stored_terms, out)) {
        return written;
    }
    write_quads(|f| stream.for_each_subject_ref(with_graphs, f), prefixes, with_graphs, limit, out)
}

/// [`write_turtle`] of the stored stream `s` alone: what it writes for a stream lending `s`,
/// without a graph or a stream (`builtin::StoredExport`: the built-in essay with the default
/// options, its graph not decoded): by its terms' numbers where [`StoredTerms::decode`] takes
/// the stored terms (`TURTLE_TERMS`) for `s` and these prefixes, else from its quads.
///
/// # Errors
/// The writer's.
pub(crate) fn write_turtle_stored(
    s: &StoredStream<'_>,
    prefixes: &[(&str, String)],
    with_graphs: bool,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    if let Some(written) = write_by_number(s, prefixes, with_graphs, crate::builtin::TURTLE_TERMS, out) {
        return written;
    }
    write_quads(|f| s.for_each_subject(with_graphs, f), prefixes, with_graphs, TURTLE_BUFFER_LIMIT, out)
}

/// [`write_stored`] of `s` with the terms [`encode_terms`] wrote in `stored_terms`; `None`, with
/// nothing written, when [`StoredTerms::decode`] does not take them for `s` and these prefixes.
fn write_by_number(
    s: &StoredStream<'_>,
    prefixes: &[(&str, String)],
    with_graphs: bool,
    stored_terms: &[u8],
    out: &mut dyn Write,
) -> Option<Result<(), ExportError>> {
    let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(name, iri)| (*name, iri.as_str())).collect();
    let mut writer = TurtleWriter::new(candidates.iter().copied(), with_graphs);
    writer.prelude_written = true;
    let terms = StoredTerms::decode(stored_terms, s, &candidates, writer.prefixes.len())?;
    Some(write_stored(&mut writer, s, &terms, with_graphs, out))
}

/// [`write_turtle_within`] of the quads `subjects` hands over, a subject at a time, each written
/// as a quad.
fn write_quads(
    subjects: impl FnOnce(&mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>) -> Result<(), ExportError>,
    prefixes: &[(&str, String)],
    with_graphs: bool,
    limit: usize,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut writer = TurtleWriter::new(prefixes.iter().map(|(name, iri)| (*name, iri.as_str())), with_graphs);
    writer.prelude_written = true;
    // The body's first room: past glibc's threshold for mapping an allocation (128 KiB), a
    // growing buffer is moved by `mremap`, not copied (the essay's Turtle is 0.5 MB).
    let (mut body, mut streaming) = (Vec::with_capacity(limit.min(BODY_ROOM)), false);
    subjects(&mut |quads| {
        for q in quads {
            writer.write_quad(*q, &mut body)?;
        }
        if streaming {
            if body.len() >= STORED_FLUSH_AT {
                out.write_all(&body)?;
                body.clear();
            }
        } else if body.len() > limit {
            // Over the bound: every candidate prefix declared (the prefixes the rest of the
            // stream uses are not known yet; a term's prefix is the first that fits it, so the
            // terms written stay as they are), then what is held, and the rest as it comes: the
            // stream is generated once.
            streaming = true;
            let mut prelude = Vec::new();
            writer.prelude(&mut prelude);
            out.write_all(&prelude)?;
            out.write_all(&body)?;
            body = Vec::with_capacity(2 * STORED_FLUSH_AT);
        }
        Ok::<_, ExportError>(())
    })?;
    writer.finish(&mut body);
    if streaming {
        return Ok(out.write_all(&body)?);
    }
    // The prefixes used, in the writer's order: a term's prefix is the first that fits it, so
    // declaring the others too would change no term.
    let used = (writer.prefixes.iter().enumerate())
        .filter(|(i, _)| writer.prefix_used(*i))
        .map(|(_, (n, iri))| (n.as_str(), iri.as_str()));
    let writer = TurtleWriter::new(used, with_graphs);
    if !body.is_empty() {
        let mut prelude = Vec::new();
        writer.prelude(&mut prelude);
        out.write_all(&prelude)?;
    }
    Ok(out.write_all(&body)?)
}

/// How much of the stored stream's Turtle or TriG [`write_stored`] holds before it writes it out.
const STORED_FLUSH_AT: usize = 1 << 16;

/// [`write_turtle_within`] of the stored stream `s` by its terms' numbers: the prefixes its terms
/// are written with are known before any is written ([`stored_prefix_bits`]), so the prefix
/// block goes first and the body is written out every [`STORED_FLUSH_AT`] bytes instead of being
/// kept whole (the essay's Turtle is 0.5 MB: ~120 pages fewer touched). `writer` has the
/// candidate prefixes and `prelude_written` set.
fn write_stored(
    writer: &mut TurtleWriter,
    s: &StoredStream<'_>,
    terms: &StoredTerms<'_>,
    with_graphs: bool,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let (bits, any) = stored_prefix_bits(s, terms, with_graphs);
    let used = (writer.prefixes.iter().enumerate())
        .filter(|(i, _)| (bits >> i) & 1 == 1)
        .map(|(_, (n, iri))| (n.as_str(), iri.as_str()));
    let mut buffer = Vec::with_capacity(2 * STORED_FLUSH_AT);
    if any {
        TurtleWriter::new(used, with_graphs).prelude(&mut buffer);
    }
    s.for_each_subject_stored(with_graphs, |subject, graph, pairs| {
        writer.write_numbered(subject, graph, pairs.iter().map(StoredStream::pair), terms, &mut buffer)?;
        if buffer.len() >= STORED_FLUSH_AT {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        Ok::<_, ExportError>(())
    })?;
    writer.finish(&mut buffer);
    debug_assert_eq!(writer.used_by_number, bits, "the prefixes declared are the prefixes written");
    Ok(out.write_all(&buffer)?)
}

/// The prefixes (as bits of [`TurtleWriter::used_by_number`]) that [`TurtleWriter::write_numbered`]
/// marks writing the stored stream's subjects (the background graph's only `with_graphs`), and
/// whether it writes any quad: each subject, graph, predicate not written `a`, and object of a
/// quad written, as `write_numbered` copies them.
fn stored_prefix_bits(s: &StoredStream<'_>, terms: &StoredTerms<'_>, with_graphs: bool) -> (u64, bool) {
    let bit = |n: u32| terms.terms.get(n as usize).map_or(0, |t| t.prefix_bit);
    let (mut bits, mut any) = (0, false);
    let _ = s.for_each_subject_stored(with_graphs, |subject, graph, pairs| {
        if pairs.is_empty() {
            return Ok::<_, std::convert::Infallible>(());
        }
        any = true;
        bits |= bit(subject);
        if graph != u32::MAX {
            bits |= bit(graph);
        }
        for pair in pairs {
            let [predicate, object] = StoredStream::pair(pair);
            if !terms.terms.get(predicate as usize).is_some_and(|t| t.written_a) {
                bits |= bit(predicate);
            }
            bits |= bit(object);
        }
        Ok(())
    });
    (bits, any)
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
    /// Likewise for the terms written by number, a bit per prefix (`StoredTerms` keeps each
    /// term's prefix as its bit, so that marking it is one `or`).
    used_by_number: u64,
    /// TriG (named graphs written as blocks) rather than Turtle.
    with_graphs: bool,
    prelude_written: bool,
    /// The open graph block: `None` for the default graph, else whether it is a blank node and
    /// its IRI or id (neither kept, `(false, "")`, when it was opened by number:
    /// `graph_number` tells it).
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
}

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
            used_by_number: 0,
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
            let (named, term): (_, Option<TermRef<'_>>) = match q.graph_name {
                GraphNameRef::NamedNode(n) => (Some((false, n.as_str())), Some(n.into())),
                GraphNameRef::BlankNode(b) => (Some((true, b.as_str())), Some(b.into())),
                GraphNameRef::DefaultGraph => (None, None),
            };
            self.open_graph(named, |writer, out| term.into_iter().for_each(|t| writer.make_term(t, out)), out);
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

    /// [`Self::write_quad`] of each quad of one subject of the stored stream: `subject` in
    /// `graph` (`u32::MAX`: the default graph) with each predicate and object number of `pairs`,
    /// each term copied from `terms` (what `build.rs` wrote of the stream's terms with this
    /// writer), the open statement's subject, predicate and graph told by number; no quad and no
    /// term is made. A number beyond the terms writes nothing of its term (`StoredTerms::decode`
    /// takes terms only for a stream of their number, whose numbers `well_formed` keeps below
    /// it). A writer is given numbers with every quad or with none.
    ///
    /// # Errors
    /// A subject of a named graph written as Turtle (nothing of it written).
    fn write_numbered(
        &mut self,
        subject: u32,
        graph: u32,
        pairs: impl IntoIterator<Item = [u32; 2]>,
        terms: &StoredTerms<'_>,
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        let mut pairs = pairs.into_iter();
        let Some([predicate, object]) = pairs.next() else { return Ok(()) };
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
        // The open statement's predicate when this subject continues it.
        let mut continued = None;
        if same_graph {
            match (self.open, self.open_numbers) {
                (true, Some([open_subject, open_predicate])) if open_subject == subject => {
                    continued = Some(open_predicate)
                }
                _ => {
                    if self.open {
                        out.extend_from_slice(b" .\n");
                    }
                    if in_named_graph {
                        out.push(b'\t');
                    }
                }
            }
        } else {
            let named = (graph != u32::MAX).then_some((false, ""));
            self.open_graph(named, |writer, out| writer.term_numbered(graph, terms, out), out);
        }
        // A statement inside a graph block is indented once more.
        let indented = self.graph.is_some();
        let (mut last, first) = match continued {
            Some(open_predicate) => (open_predicate, Some([predicate, object])),
            None => {
                self.term_numbered(subject, terms, out);
                out.push(b' ');
                self.predicate_numbered(predicate, terms, out);
                out.push(b' ');
                self.term_numbered(object, terms, out);
                (predicate, None)
            }
        };
        for [predicate, object] in first.into_iter().chain(pairs) {
            if predicate == last {
                out.extend_from_slice(b" , ");
            } else {
                // Two constant pieces, not one chosen slice: a copy of a length the compiler
                // knows is a few moves, not a call of `memcpy`.
                out.extend_from_slice(b" ;\n\t");
                if indented {
                    out.push(b'\t');
                }
                self.predicate_numbered(predicate, terms, out);
                out.push(b' ');
                last = predicate;
            }
            self.term_numbered(object, terms, out);
        }
        self.open = true;
        // The text is not kept: the numbers tell the next quad's subject and predicate.
        self.open_numbers = Some([subject, last]);
        Ok(())
    }

    /// Ends the open statement and graph block and opens the block of a named graph (none for
    /// the default graph: `named` is `None`, else whether it is a blank node and its IRI or id),
    /// its name written by `name`.
    fn open_graph(
        &mut self,
        named: Option<(bool, &str)>,
        name: impl FnOnce(&mut Self, &mut Vec<u8>),
        out: &mut Vec<u8>,
    ) {
        if self.open {
            out.extend_from_slice(b" .\n");
        }
        if self.graph.is_some() {
            out.extend_from_slice(b"}\n");
        }
        self.graph = named.map(|(blank, id)| (blank, id.to_string()));
        if self.graph.is_some() {
            name(self, out);
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

    /// Whether a term was written with prefix `i` (made here or copied by number).
    fn prefix_used(&self, i: usize) -> bool {
        self.used.get(i) == Some(&true) || self.used_by_number.checked_shr(i as u32).is_some_and(|bits| bits & 1 == 1)
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

    /// [`Self::predicate`] by the predicate's term number, copied from `terms` (`a` where
    /// `build.rs` found that `predicate` writes the term so: `rdf:type`); nothing for a number
    /// beyond the terms.
    #[inline]
    fn predicate_numbered(&mut self, p: u32, terms: &StoredTerms<'_>, out: &mut Vec<u8>) {
        if let Some(term) = terms.terms.get(p as usize) {
            if term.written_a {
                out.push(b'a');
            } else {
                term.copy_to(out);
                self.used_by_number |= term.prefix_bit;
            }
        }
    }

    /// Writes term `n` as subject, object or graph: copied from its written form in `terms`
    /// (nothing for a number beyond the terms).
    #[inline]
    fn term_numbered(&mut self, n: u32, terms: &StoredTerms<'_>, out: &mut Vec<u8>) {
        if let Some(term) = terms.terms.get(n as usize) {
            term.copy_to(out);
            self.used_by_number |= term.prefix_bit;
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
const TERMS_MAGIC: u32 = u32::from_le_bytes(*b"ktt2");
/// The bits of a written term's entry that hold its prefix ([`NO_PREFIX`]: none).
const PREFIX_BITS: u32 = 0x7F;
/// A written term's prefix code when it uses none.
const NO_PREFIX: u32 = PREFIX_BITS;
/// The bit of a written term's entry set when [`TurtleWriter::predicate`] writes it `a`.
const WRITTEN_A: u32 = 0x80;
/// The most prefixes whose terms can be stored: each is a bit of a `u64` at run time
/// ([`TurtleWriter::used_by_number`]).
const MOST_PREFIXES: usize = 64;

/// Each term of the stored stream `stream` (`rdf_stored.rs`) as [`TurtleWriter`] writes it with
/// `candidates` (name, namespace IRI) as subject, object or graph (an IRI, a blank node, a
/// literal; a predicate other than `rdf:type` likewise), with the prefix it uses and whether
/// [`TurtleWriter::predicate`] writes it `a`, as [`StoredTerms::decode`] reads them: made by
/// `build.rs` for the built-in essay's stream and the default options' prefixes, and by the
/// tests; empty if a term's name would not fit or there are too many prefixes.
///
/// Layout (little-endian `u32`s, then bytes): magic, terms, the candidates' text length; each
/// term's end in the written bytes shifted left by 8, or'ed with its prefix (`NO_PREFIX`: none)
/// and `WRITTEN_A`; the candidates as text (`name`, tab, IRI, newline each), the written terms
/// one after another.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_terms(stream: &super::rdf_stored::StoredStream<'_>, candidates: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = TurtleWriter::new(candidates.iter().copied(), true);
    if writer.prefixes.len() > MOST_PREFIXES {
        return Vec::new();
    }
    let (mut ends, mut written, mut as_predicate) = (Vec::new(), Vec::new(), Vec::new());
    for term in stream.terms() {
        writer.used.fill(false);
        let at = written.len();
        writer.make_term(*term, &mut written);
        let mut used = writer.used.iter().enumerate().filter(|(_, used)| **used).map(|(i, _)| i as u32);
        let prefix = used.next().unwrap_or(NO_PREFIX);
        if used.next().is_some() || prefix > NO_PREFIX || written.len() >= 1 << 24 {
            return Vec::new();
        }
        // As a predicate: the term as written here, or `a`.
        let written_a = match term {
            TermRef::NamedNode(n) => {
                as_predicate.clear();
                writer.predicate(*n, &mut as_predicate);
                match as_predicate.as_slice() {
                    same if same == &written[at..] => false,
                    b"a" => true,
                    _ => return Vec::new(),
                }
            }
            _ => false,
        };
        ends.push((written.len() as u32) << 8 | prefix | if written_a { WRITTEN_A } else { 0 });
    }
    let text = super::rdf_stored::pairs_text(candidates.iter().copied());
    super::rdf_stored::encode_terms_with(TERMS_MAGIC, ends.len(), &ends, &text, &written)
}

/// How many of the writer's prefixes the terms in `bytes`, laid out as [`encode_terms`] lays
/// them out, are written with (the highest prefix code used, plus one), when they are terms as
/// it writes them for a stream of `kinds` (its IRIs, blank nodes, language-tagged and typed
/// literals: `StoredStream::kinds`): that many terms; each term's end after the one before's
/// (none empty), within the written text and at a character boundary, the last at its end;
/// each prefix code below [`MOST_PREFIXES`] or [`NO_PREFIX`]; `a` only for an IRI. `None`
/// otherwise. The magic, the candidates and the text's UTF-8 are checked by
/// `rdf_stored::decode_terms_with`. A `const fn`: `builtin.rs` runs it on the binary's own bytes
/// when kg is compiled, so that no export pays for the pass over the terms;
/// [`StoredTerms::decode`] on any other bytes.
pub(crate) const fn terms_well_formed(bytes: &[u8], kinds: [usize; 4]) -> Option<usize> {
    use super::rdf_stored::{const_word, written_at};
    let terms = kinds[0] + kinds[1] + kinds[2] + kinds[3];
    match const_word(bytes, 1) {
        Some(n) if n as usize == terms => {}
        _ => return None,
    }
    let written = bytes.split_at(written_at(bytes, 1)).1;
    let (mut start, mut n, mut needed) = (0, 0, 0);
    while n < terms {
        let entry = match const_word(bytes, 3 + n) {
            Some(entry) => entry,
            None => return None,
        };
        let (end, prefix) = ((entry >> 8) as usize, entry & PREFIX_BITS);
        let boundary = end == written.len() || (end < written.len() && written[end] & 0xC0 != 0x80);
        let a_on_iri = entry & WRITTEN_A == 0 || n < kinds[0];
        if end <= start || !boundary || !a_on_iri || (prefix != NO_PREFIX && prefix as usize >= MOST_PREFIXES) {
            return None;
        }
        if prefix != NO_PREFIX && prefix as usize >= needed {
            needed = prefix as usize + 1;
        }
        start = end;
        n += 1;
    }
    match start == written.len() {
        true => Some(needed),
        false => None,
    }
}

/// The stored stream's terms as Turtle writes them ([`encode_terms`]), read in place: each
/// found by its term number, so that a term of the essay is copied, not made (the prefixes
/// tried, the local name checked, the literal escaped, a predicate compared with `rdf:type`).
pub(crate) struct StoredTerms<'b> {
    /// Each term, by number: found once, as `decode` reads the ends, not at each use.
    terms: Vec<StoredTerm<'b>>,
}

/// A term of [`StoredTerms`].
#[derive(Clone, Copy)]
struct StoredTerm<'b> {
    /// As written as subject, object or graph.
    written: &'b [u8],
    /// For a term of at most [`WINDOW`] bytes, the stored bytes from its start on (itself and
    /// the next terms'): copied whole and cut back to the term, a copy the compiler makes with
    /// a few moves, where copying the term itself is a call of `memcpy` of a length it does not
    /// know (most terms of the essay are names of a few bytes; `None` for longer ones and the
    /// last terms, whose window would run past the stored bytes).
    window: Option<&'b [u8; WINDOW]>,
    /// The prefix it is written with, as its bit of [`TurtleWriter::used_by_number`] (0: none).
    prefix_bit: u64,
    /// Whether it is written `a` as a predicate.
    written_a: bool,
}

/// The bytes a short stored term is copied with ([`StoredTerm::window`]).
const WINDOW: usize = 32;

impl StoredTerm<'_> {
    /// Appends the term as written to `out`.
    #[inline(always)]
    fn copy_to(&self, out: &mut Vec<u8>) {
        match self.window {
            Some(window) => {
                let end = out.len() + self.written.len();
                out.extend_from_slice(window);
                out.truncate(end);
            }
            None => out.extend_from_slice(self.written),
        }
    }
}

impl<'b> StoredTerms<'b> {
    /// The terms [`encode_terms`] stored in `bytes` for `stream` and these very `candidates`
    /// (of which the writer keeps `prefixes`); `None` for other candidates (other options), a
    /// stream of another number of terms, empty bytes (the built-in data was invalid when the
    /// crate was built) and bytes it did not write (the header and the text's UTF-8 by
    /// `rdf_stored::decode_terms_with`; every entry by [`terms_well_formed`], when kg was
    /// compiled for the binary's own bytes, else here; its prefixes one of `prefixes`).
    pub(crate) fn decode(
        bytes: &'b [u8],
        stream: &super::rdf_stored::StoredStream<'_>,
        candidates: &[(&str, &str)],
        prefixes: usize,
    ) -> Option<Self> {
        let made_for = super::rdf_stored::pairs_text(candidates.iter().copied());
        let (ends, as_text) = super::rdf_stored::decode_terms_with(bytes, TERMS_MAGIC, stream, 1, &made_for)?;
        let kinds = stream.kinds();
        let needed = match crate::builtin::turtle_terms_checked(bytes, kinds) {
            Some(needed) => needed,
            None => terms_well_formed(bytes, kinds)?,
        };
        if needed > prefixes.min(MOST_PREFIXES) {
            return None;
        }
        // Every entry was checked (`terms_well_formed`): each end after the one before and
        // within the text, each prefix code a bit of a `u64` or `NO_PREFIX`, whose shift is out
        // of range (no bit).
        let written = as_text.as_bytes();
        let mut start = 0;
        let terms = (ends.as_chunks::<4>().0.iter())
            .map(|entry| {
                let entry = u32::from_le_bytes(*entry);
                let end = (entry >> 8) as usize;
                let window = match end - start <= WINDOW {
                    true => written.get(start..start + WINDOW).and_then(|w| w.try_into().ok()),
                    false => None,
                };
                let term = StoredTerm {
                    written: written.get(start..end).unwrap_or_default(),
                    window,
                    prefix_bit: 1u64.checked_shl(entry & PREFIX_BITS).unwrap_or(0),
                    written_a: entry & WRITTEN_A != 0,
                };
                start = end;
                term
            })
            .collect();
        Some(StoredTerms { terms })
    }

    /// Term `n` as written, the prefix it uses and whether it is written `a` as a predicate;
    /// `None` for a number beyond the terms.
    #[cfg(test)]
    fn get(&self, n: u32) -> Option<(&'b [u8], Option<usize>, bool)> {
        let term = self.terms.get(n as usize)?;
        let prefix = (term.prefix_bit != 0).then(|| term.prefix_bit.trailing_zeros() as usize);
        Some((term.written, prefix, term.written_a))
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

/// Writes `local` as a `PN_LOCAL` (Turtle 1.1, \[168s\]), the characters `PN_LOCAL_ESC` allows
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

/// PN_CHARS_BASE \[163s\] beyond ASCII (PN_CHARS_U adds only `_`).
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

/// PN_CHARS \[160s\] beyond ASCII.
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

/// INTEGER \[19\]: `[+-]? [0-9]+`.
fn is_integer(value: &[u8]) -> bool {
    let value = unsigned(value);
    !value.is_empty() && value.iter().all(u8::is_ascii_digit)
}

/// DECIMAL \[20\]: `[+-]? [0-9]* '.' [0-9]+`.
fn is_decimal(value: &[u8]) -> bool {
    let mut value = unsigned(value);
    digits(&mut value);
    match value {
        [b'.', rest @ ..] => !rest.is_empty() && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// DOUBLE \[21\]: `[+-]? ([0-9]+ '.' [0-9]* EXPONENT | '.' [0-9]+ EXPONENT | [0-9]+ EXPONENT)`.
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
                // Over the bound (none held, or half the export: the rest written as it comes),
                // in one pass: every candidate prefix declared before the same statements, as
                // oxttl writes the quads given them all. The stored stream (the default options)
                // is written in one pass with its used prefixes at any bound.
                let stream = RdfStream::new(&kg, &options).unwrap();
                let over_bound = if stream.is_stored() { written.as_bytes() } else { with_every.as_bytes() };
                for limit in [0, written.len() / 2] {
                    let mut stored = Vec::new();
                    write_turtle_within(&stream, &prefixes, trig, limit, crate::builtin::TURTLE_TERMS, &mut stored)
                        .unwrap();
                    assert!(stored == over_bound, "{what} over a bound of {limit} bytes");
                    // The stored terms left out: the built-in stream's terms made.
                    let mut made = Vec::new();
                    write_turtle_within(&stream, &prefixes, trig, limit, &[], &mut made).unwrap();
                    assert!(made == with_every.as_bytes(), "{what} made over a bound of {limit} bytes");
                    assert_eq!(parsed(std::str::from_utf8(&made).unwrap(), trig), given, "{what} over the bound");
                }
            }
        }
    }

    /// The built-in stream, the default options' prefixes, and the stored Turtle terms made for
    /// them.
    fn builtin_terms(
        kg: &KnowledgeGraph,
    ) -> (&'static StoredStream<'static>, Vec<(&'static str, String)>, StoredTerms<'static>) {
        let stored = crate::builtin::rdf_stream().unwrap();
        let candidates = default_candidates(kg);
        let pairs: Vec<(&str, &str)> = candidates.iter().map(|(n, i)| (*n, i.as_str())).collect();
        let n = TurtleWriter::new(pairs.iter().copied(), true).prefixes.len();
        let terms = StoredTerms::decode(crate::builtin::TURTLE_TERMS, stored, &pairs, n).unwrap();
        (stored, candidates, terms)
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
        let mut a_terms = 0;
        for (n, term) in stored.terms().iter().enumerate() {
            let mut writer = TurtleWriter::new(candidates.iter().copied(), true);
            let mut made = Vec::new();
            writer.make_term(*term, &mut made);
            let (written, prefix, written_a) = terms.get(n as u32).expect("every term stored");
            assert_eq!(String::from_utf8_lossy(written), String::from_utf8_lossy(&made), "term {n}: {term}");
            let used: Vec<usize> = (0..writer.used.len()).filter(|i| writer.used[*i]).collect();
            assert_eq!(prefix.into_iter().collect::<Vec<_>>(), used, "term {n}: {term}");
            // As a predicate, what `predicate` writes: `a` exactly where the bit is set.
            if let TermRef::NamedNode(iri) = term {
                let mut as_predicate = Vec::new();
                TurtleWriter::new(candidates.iter().copied(), true).predicate(*iri, &mut as_predicate);
                let expected: &[u8] = if written_a { b"a" } else { written };
                assert_eq!(as_predicate, expected, "term {n}: {term}");
                a_terms += usize::from(written_a);
            } else {
                assert!(!written_a, "term {n}: {term}");
            }
        }
        assert_eq!(a_terms, 1, "only rdf:type is written `a`");
        // A term has a window exactly when it is short and the stored bytes go on far enough,
        // and the window begins with the term itself; about half the essay's terms have one.
        let total: usize = terms.terms.iter().map(|t| t.written.len()).sum();
        let mut start = 0;
        for (n, term) in terms.terms.iter().enumerate() {
            let fits = term.written.len() <= WINDOW && start + WINDOW <= total;
            assert_eq!(term.window.is_some(), fits, "term {n}");
            if let Some(window) = term.window {
                assert!(window.starts_with(term.written), "term {n}");
            }
            start += term.written.len();
        }
        let windowed = terms.terms.iter().filter(|t| t.window.is_some()).count();
        assert!(4 * windowed > terms.terms.len(), "{windowed} of {} terms copied by window", terms.terms.len());
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

    /// By number, the essay's subjects written whole, quad by quad and cut in two (a subject
    /// continuing the open statement) are the quads `write_quad` writes, Turtle and TriG; and
    /// the `a` bit is read: cleared, `rdf:type` is written as a name.
    #[test]
    fn the_writer_by_number_writes_any_cut_of_a_subject_as_write_quad() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let (stored, candidates, terms) = builtin_terms(&kg);
        let candidates: Vec<(&str, &str)> = candidates.iter().map(|(n, i)| (*n, i.as_str())).collect();
        for trig in [false, true] {
            let mut subjects: Vec<(u32, u32, Vec<[u32; 2]>)> = Vec::new();
            stored
                .for_each_subject_stored(trig, |subject, graph, pairs| {
                    subjects.push((subject, graph, pairs.iter().map(StoredStream::pair).collect()));
                    Ok::<_, ()>(())
                })
                .unwrap();
            assert!(subjects.iter().any(|(_, _, pairs)| pairs.len() > 2));
            let mut made = TurtleWriter::new(candidates.iter().copied(), trig);
            let mut reference = Vec::new();
            for (subject, graph, pairs) in &subjects {
                for [p, o] in pairs {
                    made.write_quad(stored.quad([*subject, *p, *o, *graph]).unwrap(), &mut reference).unwrap();
                }
            }
            made.finish(&mut reference);
            let by_number = |cut: &dyn Fn(usize) -> Vec<usize>, terms: &StoredTerms<'_>| {
                let mut writer = TurtleWriter::new(candidates.iter().copied(), trig);
                let mut out = Vec::new();
                for (subject, graph, pairs) in &subjects {
                    let mut at = 0;
                    for end in cut(pairs.len()) {
                        writer
                            .write_numbered(*subject, *graph, pairs[at..end].iter().copied(), terms, &mut out)
                            .unwrap();
                        at = end;
                    }
                }
                writer.finish(&mut out);
                let used: Vec<bool> = (0..writer.prefixes.len()).map(|i| writer.prefix_used(i)).collect();
                (out, used)
            };
            let whole = by_number(&|len| vec![len], &terms);
            assert!(whole.0 == reference, "trig {trig}: whole subjects");
            assert_eq!(whole.1, made.used, "trig {trig}: the prefixes used");
            assert!(by_number(&|len| (1..=len).collect(), &terms).0 == reference, "trig {trig}: quad by quad");
            assert!(by_number(&|len| vec![0, len / 2, len], &terms).0 == reference, "trig {trig}: cut in two");
            // The `a` bit read: cleared, `rdf:type` is written as any IRI.
            let mut cleared = StoredTerms { terms: terms.terms.clone() };
            cleared.terms.iter_mut().for_each(|t| t.written_a = false);
            let (without_a, _) = by_number(&|len| vec![len], &cleared);
            assert!(without_a != reference && String::from_utf8_lossy(&without_a).contains(" rdf:type "));
        }
    }

    /// The prefixes `write_stored` declares before the body are the prefixes the body is written
    /// with, for Turtle and TriG, and with the `a` bits cleared (`rdf:type` then written with its
    /// prefix); the body goes out in pieces, not kept whole, and equals the one-pass write of the
    /// same quads made as terms.
    #[test]
    fn the_prefixes_found_before_writing_are_the_prefixes_written() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let (stored, candidates, terms) = builtin_terms(&kg);
        let pairs: Vec<(&str, &str)> = candidates.iter().map(|(n, i)| (*n, i.as_str())).collect();
        let mut cleared = StoredTerms { terms: terms.terms.clone() };
        cleared.terms.iter_mut().for_each(|t| t.written_a = false);
        // Only the terms written `a` given a prefix (a bit no prefix has), then those cleared.
        const MARK: u64 = 1 << 63;
        let mut marked = StoredTerms { terms: terms.terms.clone() };
        marked.terms.iter_mut().for_each(|t| t.prefix_bit = if t.written_a { MARK } else { 0 });
        let mut marked_cleared = StoredTerms { terms: marked.terms.clone() };
        marked_cleared.terms.iter_mut().for_each(|t| t.written_a = false);
        for trig in [false, true] {
            for terms in [&terms, &cleared, &marked, &marked_cleared] {
                let mut writer = TurtleWriter::new(pairs.iter().copied(), trig);
                let mut out = Vec::new();
                stored
                    .for_each_subject_stored(trig, |subject, graph, quads| {
                        writer.write_numbered(subject, graph, quads.iter().map(StoredStream::pair), terms, &mut out)
                    })
                    .unwrap();
                let (bits, any) = stored_prefix_bits(stored, terms, trig);
                assert!(any);
                assert_eq!(bits, writer.used_by_number, "trig {trig}");
            }
            // The `a` bit is read: `rdf:type` written `a` uses no prefix, written in full its own.
            let bits = |terms| stored_prefix_bits(stored, terms, trig).0;
            assert_eq!((bits(&marked), bits(&marked_cleared)), (0, MARK), "trig {trig}");
            assert_ne!(bits(&terms), 0);
            // Written out in pieces, as the quads made as terms are written in one pass.
            struct Pieces(Vec<usize>, Vec<u8>);
            impl Write for Pieces {
                fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                    self.0.push(b.len());
                    self.1.extend_from_slice(b);
                    Ok(b.len())
                }
                fn flush(&mut self) -> io::Result<()> {
                    Ok(())
                }
            }
            let mut pieces = Pieces(Vec::new(), Vec::new());
            let mut writer = TurtleWriter::new(pairs.iter().copied(), trig);
            writer.prelude_written = true;
            write_stored(&mut writer, stored, &terms, trig, &mut pieces).unwrap();
            assert!(pieces.0.len() > 2 && pieces.0.iter().all(|&len| len < 2 * STORED_FLUSH_AT), "{:?}", pieces.0);
            let mut made = Vec::new();
            let stream = RdfStream::new(&kg, &RdfOptions::default()).unwrap();
            // No stored terms given: each term made, the body kept whole.
            write_turtle_within(&stream, &candidates, trig, TURTLE_BUFFER_LIMIT, &[], &mut made).unwrap();
            assert!(pieces.1 == made, "trig {trig}: the stored write equals the write of made terms");
        }
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
                    let fast_result = by_number.write_numbered(q[0], q[3], [[q[1], q[2]]], &terms, &mut fast);
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
        let entry = |bytes: &[u8], i: usize| u32::from_le_bytes(bytes[12 + 4 * i..16 + 4 * i].try_into().unwrap());
        assert!(StoredTerms::decode(bytes, stored, &candidates, n).is_some());
        // The binary's own bytes were checked when kg was compiled, and pass the check at run
        // time with the same count of prefixes (the highest one a term uses, plus one); a copy,
        // or another stream's kinds of terms, is not taken as checked, and a stream of other
        // kinds (its last IRI taken for a blank node: the `a` of `rdf:type` beyond the IRIs when
        // it is the last one, else the count of terms) fails the check.
        let kinds = stored.kinds();
        let needed = crate::builtin::turtle_terms_checked(bytes, kinds).expect("checked when kg was compiled");
        assert_eq!(terms_well_formed(bytes, kinds), Some(needed));
        let terms = StoredTerms::decode(bytes, stored, &candidates, n).unwrap();
        let highest = terms.terms.iter().filter(|t| t.prefix_bit != 0).map(|t| t.prefix_bit.trailing_zeros()).max();
        assert_eq!(Some(needed), highest.map(|h| h as usize + 1));
        assert!(needed <= n);
        assert!(StoredTerms::decode(bytes, stored, &candidates, needed - 1).is_none());
        let copy = bytes.to_vec();
        assert!(crate::builtin::turtle_terms_checked(&copy, kinds).is_none());
        assert!(StoredTerms::decode(&copy, stored, &candidates, n).is_some());
        for other in [[kinds[0] - 1, kinds[1] + 1, kinds[2], kinds[3]], [kinds[0], kinds[1], kinds[2], kinds[3] + 1]] {
            assert!(crate::builtin::turtle_terms_checked(bytes, other).is_none());
        }
        assert!(terms_well_formed(bytes, [kinds[0], kinds[1], kinds[2], kinds[3] + 1]).is_none());
        let a_at = (0..kinds[0]).find(|&i| entry(bytes, i) & WRITTEN_A != 0).expect("rdf:type is written `a`");
        let fewer_iris = [a_at, kinds[1] + kinds[0] - a_at, kinds[2], kinds[3]];
        assert!(terms_well_formed(bytes, fewer_iris).is_none());
        assert!(terms_well_formed(bytes, [a_at + 1, kinds[1] + kinds[0] - a_at - 1, kinds[2], kinds[3]]).is_some());
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
        // `a` on a term that is no IRI (the last: a literal), and a prefix beyond the bits.
        let last = stored.terms().len() - 1;
        assert!(!stored.is_iri(last as u32));
        assert!(
            StoredTerms::decode(&with_entry(last, entry(bytes, last) | WRITTEN_A), stored, &candidates, n).is_none()
        );
        assert!(StoredTerms::decode(&with_entry(0, (first & !PREFIX_BITS) | 0x7E), stored, &candidates, 200).is_none());
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

    #[test]
    fn the_stored_stream_alone_is_written_as_the_graphs_stream() {
        // `write_turtle_stored` (no graph, no stream) against `write_rdf` of the built-in graph
        // and of the graph the loader makes (its stream generated), by number and from quads.
        let (builtin, loaded, stored) = crate::export::essay_graphs_and_stored_stream();
        let prefixes = default_candidates(&builtin);
        for (syntax, trig) in [(RdfSyntax::Turtle, false), (RdfSyntax::TriG, true)] {
            let (mut alone, mut quads, mut graph, mut generated) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            write_turtle_stored(stored, &prefixes, trig, &mut alone).unwrap();
            let subjects =
                |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stored.for_each_subject(trig, f);
            write_quads(subjects, &prefixes, trig, TURTLE_BUFFER_LIMIT, &mut quads).unwrap();
            write_rdf(&builtin, syntax, &RdfOptions::default(), &mut graph).unwrap();
            write_rdf(&loaded, syntax, &RdfOptions::default(), &mut generated).unwrap();
            assert!(!alone.is_empty());
            assert!(alone == graph, "{syntax:?}: the stored stream alone");
            assert!(quads == graph, "{syntax:?}: the stored stream's quads");
            assert!(generated == graph, "{syntax:?}: the generated stream");
            // Terms refused (not made for these prefixes): nothing written by number.
            assert!(write_by_number(stored, &prefixes, trig, &[], &mut Vec::new()).is_none());
        }
    }
}
