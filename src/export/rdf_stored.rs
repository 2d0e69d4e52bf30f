//! The built-in essay's RDF stream, made when the crate is built: `build.rs` compiles the RDF
//! export (`rdf.rs`, `ontology.rs`, `vocab.rs`, `graph.rs`) and runs [`RdfStream`] on the validated
//! built-in dataset with the default options, and [`encode`] stores every subject's quads as
//! numbers into a table of terms (`$OUT_DIR/rdf_stream.bin`). At run time [`StoredStream`] reads
//! that table in place and lends the same quads, subject by subject, as the stream would have
//! generated them, so an export or a SPARQL query of the essay pays neither for the stream's
//! index (IRIs, relation names, passages, the vocabulary, the sort) nor for the generation.
//!
//! The stored stream stands in for the generated one only for the built-in graph
//! (`KnowledgeGraph::is_builtin`) and the default options (`RdfOptions::is_default`); any other
//! graph (`--data DIR`) or option (`--base`, `--vocab`, `--background-only`, `--no-ontology`) is
//! generated at run time. `tests::the_stored_stream_is_the_generated_stream` compares it with a
//! fresh generation; `tests/builtin.rs` compares every RDF format and SPARQL answers built-in
//! with `--data data`.
//!
//! Layout (little-endian `u32`s, then the strings): a header (magic, strings, the terms of each
//! kind: IRIs, blank nodes, language-tagged and typed literals, then subjects, quads, the two
//! graphs' triple counts), each string's end offset, the terms numbered in that order of kinds
//! (an IRI or a blank node: its string; a literal: its value and its language tag or datatype),
//! each subject (term, graph term or `NO_GRAPH`, end of its quads), each quad (predicate term,
//! object term), the strings' UTF-8 bytes. A term's kind is its number's range, so that checking
//! a quad's predicate (an IRI) or a subject (an IRI or a blank node) is one comparison.

use oxrdf::{BlankNodeRef, GraphNameRef, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};

use super::rdf::RdfStream;

/// The first word of the stored form (`kgrs` and a version).
const MAGIC: u32 = u32::from_le_bytes(*b"krs2");
/// The words of the header: magic, strings, IRIs, blank nodes, language-tagged literals, typed
/// literals, subjects, quads, the two triple counts.
const HEADER: usize = 10;
/// A subject's graph when it is in the default graph.
const NO_GRAPH: u32 = u32::MAX;

const IRI: u32 = 0;
const BLANK: u32 = 1;
const LANGUAGE_LITERAL: u32 = 2;
const TYPED_LITERAL: u32 = 3;

/// The stored form of `stream`'s quads (both graphs), as [`StoredStream::decode`] reads it; made
/// by `build.rs` for the built-in essay and by the tests.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode(stream: &RdfStream<'_>) -> Vec<u8> {
    #[derive(Default)]
    struct Table {
        strings: Vec<u8>,
        ends: Vec<u32>,
        string_ids: std::collections::HashMap<String, u32>,
        terms: Vec<[u32; 3]>,
        term_ids: std::collections::HashMap<[u32; 3], u32>,
    }
    impl Table {
        fn string(&mut self, s: &str) -> u32 {
            if let Some(&id) = self.string_ids.get(s) {
                return id;
            }
            self.strings.extend_from_slice(s.as_bytes());
            self.ends.push(self.strings.len() as u32);
            let id = self.ends.len() as u32 - 1;
            self.string_ids.insert(s.to_string(), id);
            id
        }
        fn term(&mut self, t: TermRef<'_>) -> u32 {
            let key = match t {
                TermRef::NamedNode(n) => [IRI, self.string(n.as_str()), 0],
                TermRef::BlankNode(b) => [BLANK, self.string(b.as_str()), 0],
                TermRef::Literal(l) => match l.language() {
                    Some(language) => [LANGUAGE_LITERAL, self.string(l.value()), self.string(language)],
                    None => [TYPED_LITERAL, self.string(l.value()), self.string(l.datatype().as_str())],
                },
                #[allow(unreachable_patterns)]
                _ => [IRI, self.string(""), 0],
            };
            let next = self.terms.len() as u32;
            let id = *self.term_ids.entry(key).or_insert(next);
            if id == next {
                self.terms.push(key);
            }
            id
        }
    }
    let mut table = Table::default();
    let (mut subjects, mut quads) = (Vec::<[u32; 3]>::new(), Vec::<[u32; 2]>::new());
    stream
        .for_each_subject_ref(true, |group| {
            let first = group[0];
            let subject = table.term(first.subject.into());
            let graph = match first.graph_name {
                GraphNameRef::NamedNode(n) => table.term(n.into()),
                GraphNameRef::BlankNode(b) => table.term(b.into()),
                GraphNameRef::DefaultGraph => NO_GRAPH,
            };
            for q in group {
                let predicate = table.term(q.predicate.into());
                quads.push([predicate, table.term(q.object)]);
            }
            subjects.push([subject, graph, quads.len() as u32]);
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    let (stated, background) = stream.counts();
    // The terms renumbered by kind (IRIs, blank nodes, language-tagged, typed literals), each
    // kind in the order met.
    let mut order: Vec<usize> = (0..table.terms.len()).collect();
    order.sort_by_key(|&t| table.terms[t][0]);
    let mut number = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        number[old] = new as u32;
    }
    let of_kind = |kind| table.terms.iter().filter(|t| t[0] == kind).count() as u32;
    for [subject, graph, _] in &mut subjects {
        *subject = number[*subject as usize];
        if *graph != NO_GRAPH {
            *graph = number[*graph as usize];
        }
    }
    for [predicate, object] in &mut quads {
        *predicate = number[*predicate as usize];
        *object = number[*object as usize];
    }
    let term_words = order.iter().flat_map(|&t| {
        let [kind, a, b] = table.terms[t];
        if kind == IRI || kind == BLANK {
            vec![a]
        } else {
            vec![a, b]
        }
    });
    let header = [
        MAGIC,
        table.ends.len() as u32,
        of_kind(IRI),
        of_kind(BLANK),
        of_kind(LANGUAGE_LITERAL),
        of_kind(TYPED_LITERAL),
        subjects.len() as u32,
        quads.len() as u32,
        stated as u32,
        background as u32,
    ];
    let words = header
        .into_iter()
        .chain(table.ends.iter().copied())
        .chain(term_words)
        .chain(subjects.iter().flatten().copied())
        .chain(quads.iter().flatten().copied());
    let mut out: Vec<u8> = words.flat_map(u32::to_le_bytes).collect();
    out.extend_from_slice(&table.strings);
    out
}

/// Which of `candidates` (prefix, namespace IRI) the default graph's quads of `stream` use, as
/// `rdf.rs`'s `uses_namespace` says (the namespaces RDF/XML declares), stored as one line per
/// candidate (`prefix`, tab, IRI, tab, `1` or `0`); made by `build.rs` for the built-in essay's
/// stream and the default options' prefixes, and by the tests. Every quad is tried against
/// every candidate: this is the reference `rdfxml.rs`'s `NamespaceUse` is tested against.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_namespaces(stream: &RdfStream<'_>, candidates: &[(&str, &str)]) -> Vec<u8> {
    let mut used = vec![false; candidates.len()];
    stream
        .for_each_subject_ref(false, |quads| {
            for q in quads {
                for (used, (_, iri)) in used.iter_mut().zip(candidates) {
                    *used = *used || super::rdf::uses_namespace(*q, iri);
                }
            }
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    let mut out = String::new();
    for ((prefix, iri), used) in candidates.iter().zip(used) {
        out.push_str(&format!("{prefix}\t{iri}\t{}\n", u8::from(used)));
    }
    out.into_bytes()
}

/// The namespaces [`encode_namespaces`] stored in `bytes`, if it stored them for these very
/// `candidates`, in this order; `None` for other candidates (other options), empty bytes (the
/// built-in data was invalid when the crate was built) and bytes it did not write.
#[allow(dead_code)] // Called by rdfxml.rs, not by build.rs.
pub(crate) fn decode_namespaces(bytes: &[u8], candidates: &[(&str, &str)]) -> Option<Vec<bool>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.split_terminator('\n');
    let mut used = Vec::with_capacity(candidates.len());
    for (prefix, iri) in candidates {
        let flag = lines.next()?.strip_prefix(prefix)?.strip_prefix('\t')?.strip_prefix(iri)?;
        used.push(match flag {
            "\t1" => true,
            "\t0" => false,
            _ => return None,
        });
    }
    (lines.next().is_none() && text.ends_with('\n')).then_some(used)
}

/// What a writer made of each term of a stored stream, as `build.rs` stores it (`turtle.rs`,
/// `jsonld.rs`, `rdfxml.rs`: their `encode_terms`): little-endian `u32`s, then bytes: `magic`,
/// the number of terms, the length of `made_for` (the prefixes or namespaces the terms were
/// written with, as [`pairs_text`] writes them); the writer's `entries` (a fixed number per
/// term); `made_for`; the written bytes.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_terms_with(magic: u32, terms: usize, entries: &[u32], made_for: &str, written: &[u8]) -> Vec<u8> {
    let header = [magic, terms as u32, made_for.len() as u32];
    let mut out: Vec<u8> = header.iter().chain(entries).flat_map(|w| w.to_le_bytes()).collect();
    out.extend_from_slice(made_for.as_bytes());
    out.extend_from_slice(written);
    out
}

/// The entries (`words` per term) and the written text of bytes [`encode_terms_with`] wrote with
/// `magic` for `stream`'s terms and exactly `made_for`; `None` for another magic, number of terms
/// or `made_for`, bytes cut, and written bytes that are no UTF-8. The writer checks its entries.
pub(crate) fn decode_terms_with<'b>(
    bytes: &'b [u8],
    magic: u32,
    stream: &StoredStream<'_>,
    words: usize,
    made_for: &str,
) -> Option<(&'b [u8], &'b str)> {
    let word = |i: usize| Some(u32::from_le_bytes(bytes.get(4 * i..4 * i + 4)?.try_into().ok()?));
    let (terms, text_len) = (word(1)? as usize, word(2)? as usize);
    if word(0)? != magic || terms != stream.terms().len() || text_len != made_for.len() {
        return None;
    }
    let text_at = terms.checked_mul(4 * words)?.checked_add(12)?;
    let written_at = text_at.checked_add(text_len)?;
    let (entries, text, written) = (bytes.get(12..text_at)?, bytes.get(text_at..written_at)?, bytes.get(written_at..)?);
    if text != made_for.as_bytes() {
        return None;
    }
    Some((entries, utf8(written)?))
}

/// Where the written text begins in bytes [`encode_terms_with`] wrote with `words` entries per
/// term (its length where the header is cut or its numbers overflow): a `const fn`, so that
/// `builtin.rs` checks the binary's own stored text as UTF-8 when kg is compiled.
pub(crate) const fn written_at(bytes: &[u8], words: usize) -> usize {
    let (Some(terms), Some(text_len)) = (const_word(bytes, 1), const_word(bytes, 2)) else {
        return bytes.len();
    };
    match (terms as usize).checked_mul(4 * words) {
        Some(entries) => match entries.checked_add(12 + text_len as usize) {
            Some(at) if at <= bytes.len() => at,
            _ => bytes.len(),
        },
        None => bytes.len(),
    }
}

/// Where a stream [`encode`] wrote keeps its strings (after the numbers); its length where the
/// bytes are not one ([`layout`]). A `const fn`, like [`written_at`].
pub(crate) const fn strings_at(bytes: &[u8]) -> usize {
    match layout(bytes) {
        Some((_, at)) => at,
        None => bytes.len(),
    }
}

/// The header of a stream [`encode`] wrote, and where its strings begin; `None` for another
/// magic, bytes too short for the numbers the header counts, or counts that overflow. A `const
/// fn`: [`StoredStream::well_formed`] is run when kg is compiled.
const fn layout(bytes: &[u8]) -> Option<([usize; HEADER], usize)> {
    let mut header = [0; HEADER];
    let mut i = 0;
    while i < HEADER {
        header[i] = match const_word(bytes, i) {
            Some(w) => w as usize,
            None => return None,
        };
        i += 1;
    }
    if header[0] != MAGIC as usize {
        return None;
    }
    // Strings, IRIs and blank nodes (one word each), the literals (two), subjects (three),
    // quads (two): words 1 to 7 of the header; and the terms' numbers must fit a word.
    let per_word = [1, 1, 1, 2, 2, 3, 2];
    let mut words = HEADER;
    let mut i = 0;
    while i < per_word.len() {
        words = match header[i + 1].checked_mul(per_word[i]) {
            Some(n) => match words.checked_add(n) {
                Some(sum) => sum,
                None => return None,
            },
            None => return None,
        };
        i += 1;
    }
    let terms = header[2] as u64 + header[3] as u64 + header[4] as u64 + header[5] as u64;
    match words.checked_mul(4) {
        Some(at) if at <= bytes.len() && terms <= u32::MAX as u64 => Some((header, at)),
        _ => None,
    }
}

/// The `i`-th little-endian word of `bytes`, if it has one (a `const fn`).
const fn const_word(bytes: &[u8], i: usize) -> Option<u32> {
    if bytes.len() < 4 * i + 4 {
        return None;
    }
    Some(u32::from_le_bytes([bytes[4 * i], bytes[4 * i + 1], bytes[4 * i + 2], bytes[4 * i + 3]]))
}

/// `bytes` as UTF-8: without a look when they are one of the binary's own stored texts, which
/// `builtin.rs` checked when kg was compiled (the very same memory, not equal bytes elsewhere:
/// `builtin::checked_text`), else checked here; `None` for bytes that are no UTF-8.
fn utf8(bytes: &[u8]) -> Option<&str> {
    match crate::builtin::checked_text(bytes) {
        Some(text) => {
            #[cfg(test)]
            tests::UNLOOKED.with(|n| n.set(n.get() + 1));
            Some(text)
        }
        None => std::str::from_utf8(bytes).ok(),
    }
}

/// Prefixes or namespaces as [`encode_terms_with`] stores what terms were made for: name, tab,
/// IRI, newline each.
pub(crate) fn pairs_text<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> String {
    pairs.into_iter().map(|(name, iri)| format!("{name}\t{iri}\n")).collect()
}

/// A stream stored by [`encode`], read in place: its terms made once (borrowing the stored
/// strings), its subjects and quads read from the stored words as they are lent.
#[derive(Debug)]
pub(crate) struct StoredStream<'b> {
    terms: Vec<TermRef<'b>>,
    /// Each subject: term, graph term (or `NO_GRAPH`), end of its quads; 12 bytes each.
    subjects: &'b [u8],
    /// Each quad: predicate term, object term; 8 bytes each.
    quads: &'b [u8],
    counts: (usize, usize),
}

/// The `i`-th little-endian word of `bytes` (in bounds: checked by [`StoredStream::well_formed`]).
fn word(bytes: &[u8], i: usize) -> u32 {
    let mut w = [0; 4];
    w.copy_from_slice(&bytes[4 * i..4 * i + 4]);
    u32::from_le_bytes(w)
}

impl<'b> StoredStream<'b> {
    /// Reads a stored stream; `None` when `bytes` is empty (the built-in data was invalid when
    /// the crate was built) or not a stream [`encode`] wrote (every number is checked first,
    /// [`Self::well_formed`], and every string as it is read, so that lending the quads cannot
    /// fail).
    #[allow(dead_code)] // Called by build.rs and the tests (the built-in stream is read unchecked).
    pub(crate) fn decode(bytes: &'b [u8]) -> Option<Self> {
        if !Self::well_formed(bytes) {
            return None;
        }
        Self::read_well_formed(bytes)
    }

    /// Whether `bytes`' numbers are a stream [`encode`] wrote: every subject and graph an IRI or
    /// a blank node, each subject's quads after the last subject's, to the last quad; every
    /// predicate an IRI and every object a term. A `const fn`: `builtin.rs` runs it on the
    /// built-in stream when kg is compiled (so no export pays for the pass over the quads), and
    /// [`Self::decode`] on any other bytes. The strings are checked as they are read.
    pub(crate) const fn well_formed(bytes: &[u8]) -> bool {
        let Some((header, _)) = layout(bytes) else { return false };
        let [_, n_strings, n_iris, n_blanks, n_language, n_typed, n_subjects, n_quads, _, _] = header;
        let (nodes, n_terms) = (n_iris + n_blanks, n_iris + n_blanks + n_language + n_typed);
        let subjects_at = HEADER + n_strings + nodes + 2 * (n_language + n_typed);
        let quads_at = subjects_at + 3 * n_subjects;
        // In bounds: `layout` checked that the bytes hold every number it counts.
        const fn word(bytes: &[u8], i: usize) -> usize {
            match const_word(bytes, i) {
                Some(w) => w as usize,
                None => usize::MAX,
            }
        }
        let (mut ok, mut start, mut s) = (true, 0, 0);
        while s < n_subjects {
            let (term, graph, end) = (
                word(bytes, subjects_at + 3 * s),
                word(bytes, subjects_at + 3 * s + 1),
                word(bytes, subjects_at + 3 * s + 2),
            );
            ok &= term < nodes && (graph == NO_GRAPH as usize || graph < nodes) && end > start && end <= n_quads;
            start = end;
            s += 1;
        }
        let mut q = 0;
        while q < n_quads {
            ok &= word(bytes, quads_at + 2 * q) < n_iris && word(bytes, quads_at + 2 * q + 1) < n_terms;
            q += 1;
        }
        ok && start == n_quads
    }

    /// Reads bytes [`Self::well_formed`] accepts without checking their numbers again (the
    /// built-in stream's, checked when kg was compiled: `builtin::rdf_stream`); the strings are
    /// checked as they are read. Never call it with bytes that were not so checked:
    /// [`Self::decode`] checks them.
    pub(crate) fn read_well_formed(bytes: &'b [u8]) -> Option<Self> {
        let (header, strings_at) = layout(bytes)?;
        let [_, n_strings, n_iris, n_blanks, n_language, n_typed, n_subjects, _, stated, background] = header;
        // The terms a subject or a graph may be (IRIs and blank nodes), and the literals.
        let nodes = n_iris.checked_add(n_blanks)?;
        let literals = n_language.checked_add(n_typed)?;
        let n_terms = nodes.checked_add(literals)?;
        let (numbers, strings) = bytes.split_at_checked(strings_at)?;
        let strings = utf8(strings)?;
        let ends = &numbers[4 * HEADER..4 * (HEADER + n_strings)];
        let nodes_at = HEADER + n_strings;
        let literals_at = nodes_at + nodes;
        let subjects_at = literals_at + 2 * literals;
        let quads_at = subjects_at + 3 * n_subjects;
        let string = |id: u32| -> Option<&'b str> {
            let id = id as usize;
            let end = word(ends, *(id < n_strings).then_some(&id)?) as usize;
            let start = if id == 0 { 0 } else { word(ends, id - 1) as usize };
            strings.get(start..end)
        };
        let mut terms = Vec::with_capacity(n_terms);
        for t in nodes_at..nodes_at + n_iris {
            terms.push(NamedNodeRef::new_unchecked(string(word(numbers, t))?).into());
        }
        for t in nodes_at + n_iris..literals_at {
            terms.push(BlankNodeRef::new_unchecked(string(word(numbers, t))?).into());
        }
        for t in 0..literals {
            let (value, second) =
                (string(word(numbers, literals_at + 2 * t))?, string(word(numbers, literals_at + 2 * t + 1))?);
            terms.push(if t < n_language {
                LiteralRef::new_language_tagged_literal_unchecked(value, second).into()
            } else {
                LiteralRef::new_typed_literal(value, NamedNodeRef::new_unchecked(second)).into()
            });
        }
        let subjects = &numbers[4 * subjects_at..4 * quads_at];
        let quads = &numbers[4 * quads_at..];
        Some(StoredStream { terms, subjects, quads, counts: (stated, background) })
    }

    /// The triples of the default graph and of the background graph.
    pub(crate) fn counts(&self) -> (usize, usize) {
        self.counts
    }

    /// Calls `f` with the quads of each subject in output order, as
    /// [`RdfStream::for_each_subject_ref`] does (the background graph's only `with_background`).
    #[inline]
    pub(crate) fn for_each_subject<E>(
        &self,
        with_background: bool,
        mut f: impl FnMut(&[QuadRef<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut group: Vec<QuadRef<'b>> = Vec::new();
        let mut start = 0;
        for s in self.subjects.chunks_exact(12) {
            let [subject, graph, end] = [0, 1, 2].map(|k| word(s, k));
            let quads = start..end as usize;
            start = end as usize;
            if !with_background && graph != NO_GRAPH {
                continue;
            }
            // Every number was checked by `well_formed`: the subject and the graph exist.
            let (Some(node), Some(graph)) = (self.node(subject), self.graph_name(graph)) else { continue };
            group.clear();
            // In bounds: checked by `well_formed`.
            for quad in self.quads.get(8 * quads.start..8 * quads.end).unwrap_or_default().chunks_exact(8) {
                let (predicate, object) = (word(quad, 0), word(quad, 1));
                group.push(QuadRef::new(node, self.predicate(predicate), self.terms[object as usize], graph));
            }
            f(&group)?;
        }
        Ok(())
    }

    /// The term numbers of each subject's quads in output order (subject, predicate, object,
    /// graph or `u32::MAX` for the default graph; the background graph's only
    /// `with_background`), as [`Self::for_each_subject`] lends the quads: nothing but the numbers
    /// is made per quad. A writer finds what `build.rs` made of each term by its number (Turtle's
    /// written terms: `turtle.rs`'s `StoredTerms`), a term in [`Self::terms`], and a quad, where
    /// it needs one, with [`Self::quad`].
    pub(crate) fn for_each_subject_numbers<E>(
        &self,
        with_background: bool,
        mut f: impl FnMut(&[[u32; 4]]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut numbers: Vec<[u32; 4]> = Vec::new();
        let mut start = 0;
        for s in self.subjects.chunks_exact(12) {
            let [subject, graph, end] = [0, 1, 2].map(|k| word(s, k));
            let quads = start..end as usize;
            start = end as usize;
            if !with_background && graph != NO_GRAPH {
                continue;
            }
            numbers.clear();
            // In bounds: checked by `well_formed`.
            for quad in self.quads.get(8 * quads.start..8 * quads.end).unwrap_or_default().chunks_exact(8) {
                numbers.push([subject, word(quad, 0), word(quad, 1), graph]);
            }
            f(&numbers)?;
        }
        Ok(())
    }

    /// The quad of these term numbers (as [`Self::for_each_subject_numbers`] lends them); `None`
    /// where a number is beyond the terms or its term cannot be in that place.
    pub(crate) fn quad(&self, [subject, predicate, object, graph]: [u32; 4]) -> Option<QuadRef<'b>> {
        let TermRef::NamedNode(predicate) = *self.terms.get(predicate as usize)? else { return None };
        let object = *self.terms.get(object as usize)?;
        Some(QuadRef::new(self.node(subject)?, predicate, object, self.graph_name(graph)?))
    }

    /// Term `n` as a subject: `None` beyond the terms or for a literal.
    #[inline]
    fn node(&self, n: u32) -> Option<NamedOrBlankNodeRef<'b>> {
        match self.terms.get(n as usize)? {
            TermRef::NamedNode(n) => Some((*n).into()),
            TermRef::BlankNode(b) => Some((*b).into()),
            _ => None,
        }
    }

    /// Graph number `n` (`NO_GRAPH`: the default graph) as a graph name: `None` beyond the terms
    /// or for a literal.
    #[inline]
    fn graph_name(&self, n: u32) -> Option<GraphNameRef<'b>> {
        match (n, self.terms.get(n as usize)) {
            (NO_GRAPH, _) => Some(GraphNameRef::DefaultGraph),
            (_, Some(TermRef::NamedNode(n))) => Some((*n).into()),
            (_, Some(TermRef::BlankNode(b))) => Some((*b).into()),
            _ => None,
        }
    }

    /// The terms, by number (as [`Self::for_each_subject_numbers`] numbers them).
    pub(crate) fn terms(&self) -> &[TermRef<'b>] {
        &self.terms
    }

    /// The predicate that is term `id` (`decode` checked that every predicate is an IRI).
    #[inline]
    fn predicate(&self, id: u32) -> NamedNodeRef<'b> {
        match self.terms[id as usize] {
            TermRef::NamedNode(n) => n,
            _ => oxrdf::vocab::rdf::TYPE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::RdfOptions;
    use crate::graph::KnowledgeGraph;

    /// Every subject's quads, as owned text (N-Quads lines, one string per subject).
    fn subjects(each: impl FnOnce(&mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ()>)) -> Vec<String> {
        let mut out = Vec::new();
        each(&mut |quads| {
            out.push(quads.iter().map(|q| format!("{q} .\n")).collect::<String>());
            Ok(())
        });
        out
    }

    #[test]
    fn the_stored_stream_is_the_generated_stream() {
        let essay = KnowledgeGraph::builtin().unwrap();
        assert!(essay.is_builtin());
        let options = RdfOptions::default();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let generated = RdfStream::generated(&essay, &options).unwrap();
        // The stored bytes are what the run-time code makes of the built-in graph now.
        assert!(crate::builtin::RDF_STREAM == encode(&generated).as_slice(), "the stored stream is stale");
        assert_eq!(stored.counts(), generated.counts());
        for with_background in [true, false] {
            let theirs = subjects(|f| generated.for_each_subject_ref(with_background, f).unwrap());
            let ours = subjects(|f| stored.for_each_subject(with_background, f).unwrap());
            assert!(theirs.len() > 2000, "{} subjects", theirs.len());
            assert_eq!(ours, theirs);
        }
        // By number, the same subjects and quads: each quad made from its numbers is the quad
        // lent, and its numbers are its terms'.
        for with_background in [true, false] {
            let mut lent = Vec::new();
            stored
                .for_each_subject(with_background, |quads| {
                    lent.push(quads.iter().map(|q| q.into_owned()).collect::<Vec<_>>());
                    Ok::<_, ()>(())
                })
                .unwrap();
            let mut by_number = Vec::new();
            stored
                .for_each_subject_numbers(with_background, |numbers| {
                    by_number.push(numbers.to_vec());
                    Ok::<_, ()>(())
                })
                .unwrap();
            assert_eq!(lent.len(), by_number.len());
            for (quads, numbers) in lent.iter().zip(&by_number) {
                assert_eq!(quads.len(), numbers.len());
                for (q, n @ [s, p, o, g]) in quads.iter().zip(numbers) {
                    let q = q.as_ref();
                    assert_eq!(stored.quad(*n), Some(q));
                    let term = |n: &u32| stored.terms()[*n as usize];
                    assert_eq!(TermRef::from(q.subject), term(s));
                    assert_eq!(TermRef::from(q.predicate), term(p));
                    assert_eq!(q.object, term(o));
                    match q.graph_name {
                        GraphNameRef::DefaultGraph => assert_eq!(*g, NO_GRAPH),
                        GraphNameRef::NamedNode(n) => assert_eq!(TermRef::from(n), term(g)),
                        GraphNameRef::BlankNode(b) => assert_eq!(TermRef::from(b), term(g)),
                    }
                }
            }
        }
        // A quad is refused for numbers beyond the terms or out of place (a literal subject,
        // predicate or graph).
        let all = stored.terms();
        let literal = all.iter().position(|t| t.is_literal()).unwrap() as u32;
        let mut first = None;
        stored
            .for_each_subject_numbers(true, |numbers| {
                first = first.or(Some(numbers[0]));
                Ok::<_, ()>(())
            })
            .unwrap();
        let first = first.unwrap();
        assert!(stored.quad(first).is_some());
        let beyond = all.len() as u32;
        for (k, wrong) in [(0, beyond), (1, beyond), (2, beyond), (3, beyond), (0, literal), (1, literal), (3, literal)]
        {
            let mut n = first;
            n[k] = wrong;
            assert_eq!(stored.quad(n), None, "{n:?}");
        }
        // What `RdfStream::new` lends for the built-in graph is the stored stream.
        let stream = RdfStream::new(&essay, &options).unwrap();
        assert!(stream.is_stored());
        assert_eq!(stream.counts(), generated.counts());
        let lent = subjects(|f| stream.for_each_subject_ref(true, f).unwrap());
        assert_eq!(lent, subjects(|f| generated.for_each_subject_ref(true, f).unwrap()));
    }

    #[test]
    fn the_stored_stream_is_refused_for_other_graphs_and_options() {
        let essay = KnowledgeGraph::builtin().unwrap();
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
            RdfOptions { ontology: false, ..RdfOptions::default() },
            RdfOptions { data: false, ..RdfOptions::default() },
            RdfOptions { only_background: true, ..RdfOptions::default() },
        ] {
            assert!(!RdfStream::new(&essay, &options).unwrap().is_stored(), "{options:?}");
        }
        // The same data loaded at run time, and a changed dataset, are generated.
        let loaded = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        assert!(!loaded.is_builtin());
        assert!(!RdfStream::new(&loaded, &RdfOptions::default()).unwrap().is_stored());
        let mut changed = crate::load_builtin().unwrap();
        changed.entities.pop();
        let changed = KnowledgeGraph::new(changed);
        assert!(!RdfStream::new(&changed, &RdfOptions::default()).unwrap().is_stored());
    }

    thread_local! {
        /// How many texts [`utf8`] took without a look (on this test's thread).
        pub(super) static UNLOOKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn the_binarys_own_texts_are_taken_unlooked_and_nothing_else() {
        use crate::builtin::{checked_text, JSONLD_TERMS, RDFXML_TERMS, RDF_STREAM, TURTLE_TERMS};
        let unlooked = || UNLOOKED.with(|n| n.get());
        // The built-in stream kept for the process is decoded once, by whichever test's thread
        // asks first: ask for it before counting, so that the count below sees only this test's.
        let _ = crate::builtin::rdf_stream();
        // The stream: its strings taken without a look; a copy of the same bytes looked at.
        let before = unlooked();
        let stored = StoredStream::decode(RDF_STREAM).expect("the stored stream");
        assert_eq!(unlooked(), before + 1, "the stored stream's strings were checked at run time");
        // Its numbers were checked when kg was compiled, by the check `decode` runs on other
        // bytes (which `a_damaged_stored_stream_is_refused` damages): read without it, the same.
        assert!(StoredStream::well_formed(RDF_STREAM));
        assert_eq!(crate::builtin::rdf_stream().expect("stored").terms(), stored.terms());
        let copy = RDF_STREAM.to_vec();
        assert_eq!(StoredStream::decode(&copy).expect("a copy decodes").terms(), stored.terms());
        assert_eq!(unlooked(), before + 1, "a copy was taken without a look");
        // The writers' stored terms, read as each writer reads them (its magic, the number of
        // words a term and what they were made for, from the bytes), likewise.
        for (bytes, words) in [(TURTLE_TERMS, 1), (JSONLD_TERMS, 1), (RDFXML_TERMS, 3)] {
            let word = |i: usize| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()) as usize;
            let text_at = 12 + 4 * words * word(1);
            assert_eq!(written_at(bytes, words), text_at + word(2));
            let made_for = std::str::from_utf8(&bytes[text_at..text_at + word(2)]).unwrap();
            let before = unlooked();
            let (_, written) = decode_terms_with(bytes, word(0) as u32, &stored, words, made_for).expect("taken");
            assert_eq!(unlooked(), before + 1, "stored terms checked at run time");
            assert_eq!(written.as_bytes(), &bytes[written_at(bytes, words)..]);
            let copy = bytes.to_vec();
            let (_, again) = decode_terms_with(&copy, word(0) as u32, &stored, words, made_for).expect("taken");
            assert_eq!((unlooked(), again), (before + 1, written), "a copy was taken without a look");
        }
        // Only the very texts checked when kg was compiled: not a copy, a piece, or the file.
        let cases = [
            (RDF_STREAM, strings_at(RDF_STREAM)),
            (TURTLE_TERMS, written_at(TURTLE_TERMS, 1)),
            (JSONLD_TERMS, written_at(JSONLD_TERMS, 1)),
            (RDFXML_TERMS, written_at(RDFXML_TERMS, 3)),
        ];
        for (bytes, at) in cases {
            let tail = &bytes[at..];
            assert!(tail.len() > 100_000, "{} bytes of text", tail.len());
            assert_eq!(checked_text(tail).map(str::as_bytes), Some(tail));
            for other in [&tail.to_vec()[..], &tail[1..], &tail[..tail.len() - 1], bytes, &bytes[at - 1..]] {
                assert_eq!(checked_text(other), None, "{} bytes", other.len());
            }
        }
        // Where a header is cut or absurd, the text is all or nothing of the bytes, no panic.
        assert_eq!((strings_at(&[]), written_at(&[], 3)), (0, 0));
        assert_eq!(strings_at(&RDF_STREAM[..30]), 30);
        let mut absurd = RDF_STREAM[..64].to_vec();
        absurd[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!((strings_at(&absurd), written_at(&absurd, 3)), (64, 64));
    }

    #[test]
    fn a_damaged_stored_stream_is_refused() {
        let bytes = crate::builtin::RDF_STREAM;
        assert!(StoredStream::decode(bytes).is_some());
        assert!(StoredStream::decode(&[]).is_none());
        // A string that is no UTF-8 (in a copy: the binary's own text was checked when kg was
        // compiled), a character cut in two at the end of the strings.
        let mut not_utf8 = bytes.to_vec();
        *not_utf8.last_mut().unwrap() = 0xFF;
        assert!(StoredStream::decode(&not_utf8).is_none());
        let mut cut_char = bytes.to_vec();
        cut_char.extend_from_slice("é".as_bytes());
        cut_char.pop();
        assert!(StoredStream::decode(&cut_char).is_none());
        // Cut anywhere in the numbers, or with a term number out of range: refused, no panic.
        for cut in (0..bytes.len().min(4096)).step_by(7) {
            assert!(StoredStream::decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let header: Vec<usize> = (0..HEADER).map(|i| word(bytes, i) as usize).collect();
        let [n_strings, iris, blanks, language, typed, n_subjects] = [1, 2, 3, 4, 5, 6].map(|i| header[i]);
        let (nodes, literals) = (iris + blanks, language + typed);
        let subjects_at = 4 * (HEADER + n_strings + nodes + 2 * literals);
        let quads_at = subjects_at + 12 * n_subjects;
        let last_quad = quads_at + 8 * (header[7] - 1);
        assert!(literals > 0, "the essay's stream has literals");
        for (at, value) in [
            (4, u32::MAX),
            (quads_at, 0xFFFF),
            (quads_at + 4, u32::MAX),
            (0, 0),
            // A predicate that is not an IRI (the first term after the IRIs; the last quad's
            // too: the largest number is checked), an object beyond the terms, a subject or a
            // graph that is a literal, a subject's quads ending where they start.
            (quads_at, iris as u32),
            (last_quad, (nodes + literals - 1) as u32),
            (quads_at + 4, (nodes + literals) as u32),
            (subjects_at, nodes as u32),
            (subjects_at + 4, (nodes + literals - 1) as u32),
            (subjects_at + 12 + 8, 0),
        ] {
            let mut wrong = bytes.to_vec();
            wrong[at..at + 4].copy_from_slice(&value.to_le_bytes());
            assert!(StoredStream::decode(&wrong).is_none(), "word at {at} set to {value}");
        }
    }
}
