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
    encode_runs(|f| stream.for_each_subject_ref(true, f), stream.counts())
}

/// [`encode`] of the runs of one subject's quads `runs` hands to its argument, in output order
/// (`counts`: the default and the background graphs' triples); the tests store hostile quads so.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_runs(
    runs: impl FnOnce(
        &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), std::convert::Infallible>,
    ) -> Result<(), std::convert::Infallible>,
    counts: (usize, usize),
) -> Vec<u8> {
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
    runs(&mut |group| {
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
        Ok(())
    })
    .unwrap_or_else(|never| match never {});
    let (stated, background) = counts;
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
    if word(0)? != magic || terms != stream.term_count() || text_len != made_for.len() {
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

/// The counts of each kind of term (IRIs, blank nodes, language-tagged and typed literals) of a
/// stream [`encode`] wrote, from its header; `None` where [`layout`] refuses it. A `const fn`
/// (`builtin.rs` checks RDF/XML's stored terms for the binary's own stream when kg is compiled).
pub(crate) const fn stream_kinds(bytes: &[u8]) -> Option<[usize; 4]> {
    match layout(bytes) {
        Some((header, _)) => Some([header[2], header[3], header[4], header[5]]),
        None => None,
    }
}

/// The header of a stream [`encode`] wrote, and where its strings begin; `None` for another
/// magic, bytes too short for the numbers the header counts, or counts that overflow. A `const
/// fn`: [`StoredStream::well_formed`] is run when kg is compiled.
const fn layout(bytes: &[u8]) -> Option<([usize; HEADER], usize)> {
    let Some(header) = const_words::<HEADER>(bytes) else {
        return None;
    };
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

/// The first `N` little-endian words of `bytes` (a stored file's header), if it has them (a
/// `const fn`).
pub(crate) const fn const_words<const N: usize>(bytes: &[u8]) -> Option<[usize; N]> {
    let mut words = [0; N];
    let mut i = 0;
    while i < N {
        words[i] = match const_word(bytes, i) {
            Some(w) => w as usize,
            None => return None,
        };
        i += 1;
    }
    Some(words)
}

/// The `i`-th little-endian word of `bytes`, if it has one (a `const fn`).
pub(crate) const fn const_word(bytes: &[u8], i: usize) -> Option<u32> {
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

/// The first word of [`encode_line_terms`]'s form (`knt` and a version).
const LINE_TERMS_MAGIC: u32 = u32::from_le_bytes(*b"knt1");

/// Each term of the stored stream `stream` as an N-Triples or N-Quads line writes it, with the
/// space after it (`rdf.rs`'s `write_term`, the code `write_line` writes each term of a line
/// with), as [`LineTerms::decode`] reads them: made by `build.rs` for the built-in essay's stream,
/// and by the tests; empty if the terms would not fit.
///
/// Layout ([`encode_terms_with`]'s, nothing in `made_for`): magic, terms, 0; each term's end in
/// the written bytes; the written terms one after another.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_line_terms(stream: &StoredStream<'_>) -> Vec<u8> {
    let (mut ends, mut written) = (Vec::new(), Vec::new());
    for term in stream.terms() {
        super::rdf::write_term(*term, &mut written);
        written.push(b' ');
        match u32::try_from(written.len()) {
            Ok(end) => ends.push(end),
            Err(_) => return Vec::new(),
        }
    }
    encode_terms_with(LINE_TERMS_MAGIC, ends.len(), &ends, "", &written)
}

/// The stored stream's terms as N-Triples and N-Quads lines write them ([`encode_line_terms`]),
/// read in place: each found by its term number, so that a line of the essay is copied from its
/// terms, not made (no literal escaped, no term's kind told apart).
#[derive(Debug)]
pub(crate) struct LineTerms<'b> {
    /// Each term as written, by number (found once, as `decode` checks the ends).
    forms: Vec<&'b [u8]>,
}

impl<'b> LineTerms<'b> {
    /// The terms [`encode_line_terms`] stored in `bytes` for `stream`; `None` for a stream of
    /// another number of terms, empty bytes (the built-in data was invalid when the crate was
    /// built) and bytes it did not write (every end is checked: after the one before, at a
    /// space, the last at the end of the written terms, which are UTF-8).
    pub(crate) fn decode(bytes: &'b [u8], stream: &StoredStream<'_>) -> Option<Self> {
        let (ends, as_text) = decode_terms_with(bytes, LINE_TERMS_MAGIC, stream, 1, "")?;
        let written = as_text.as_bytes();
        let mut forms = Vec::with_capacity(ends.len() / 4);
        let mut start = 0;
        for entry in ends.chunks_exact(4) {
            let end = u32::from_le_bytes(entry.try_into().ok()?) as usize;
            // A term ends with its space: an ASCII byte, so the end is a character's.
            let form = written.get(start..end).filter(|form| form.last() == Some(&b' '))?;
            forms.push(form);
            start = end;
        }
        (start == written.len()).then_some(LineTerms { forms })
    }

    /// Term `n` as a line writes it, with its space (empty beyond the terms: `decode` took
    /// these terms for a stream whose numbers are all below their number).
    #[inline]
    fn get(&self, n: u32) -> &'b [u8] {
        self.forms.get(n as usize).copied().unwrap_or_default()
    }
}

/// Writes `stream` as N-Triples lines (N-Quads `with_graph`, the background graph's quads too)
/// when it is the stored stream and `stored_terms` holds its terms as [`encode_line_terms`]
/// wrote them: each line copied from its terms, found by number, byte for byte what `rdf.rs`'s
/// `write_line` writes for its quad; handed to `out` in pieces of at least `piece` bytes, each
/// subject's lines whole. `None` (nothing written) for a generated stream or terms
/// [`LineTerms::decode`] refuses; `write_line` then writes each quad.
///
/// # Errors
/// `out`'s.
pub(crate) fn write_stored_lines(
    stream: &RdfStream<'_>,
    stored_terms: &[u8],
    with_graph: bool,
    piece: usize,
    out: &mut dyn std::io::Write,
) -> Option<std::io::Result<()>> {
    let stored = stream.stored()?;
    let terms = LineTerms::decode(stored_terms, stored)?;
    Some(stored.write_lines(&terms, with_graph, piece, out))
}

/// A stream stored by [`encode`], read in place: its terms made once, when first asked for
/// (borrowing the stored strings; N-Triples and N-Quads copy their lines from [`LineTerms`] and
/// never ask), its subjects and quads read from the stored words as they are lent.
#[derive(Debug)]
pub(crate) struct StoredStream<'b> {
    /// The terms, made from `term_words` and the strings by [`Self::make_terms`] when first asked
    /// for.
    terms: std::sync::OnceLock<Vec<TermRef<'b>>>,
    /// The IRIs, blank nodes, language-tagged and typed literals: how many of each.
    kinds: [usize; 4],
    /// Each term's string numbers (one for an IRI or a blank node, two for a literal: value and
    /// language tag or datatype), 4 bytes each.
    term_words: &'b [u8],
    /// Each string's end in `strings`, 4 bytes each.
    ends: &'b [u8],
    strings: &'b str,
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

    /// Whether `bytes`' numbers are a stream [`encode`] wrote: every string's end after the one
    /// before, within the strings and at a character's start (when the strings are UTF-8);
    /// every term's strings among them; every subject and graph an IRI or a blank node, each
    /// subject's quads after the last subject's, to the last quad; every predicate an IRI and
    /// every object a term. A `const fn`: `builtin.rs` runs it on the built-in stream when kg is
    /// compiled (so no export pays for the pass over the quads and terms), and [`Self::decode`]
    /// on any other bytes. The strings' UTF-8 is checked as they are read.
    pub(crate) const fn well_formed(bytes: &[u8]) -> bool {
        let Some((header, strings_at)) = layout(bytes) else { return false };
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
        // The strings' ends, and the terms' strings (the words between the ends and the
        // subjects).
        let strings_len = bytes.len() - strings_at;
        while s < n_strings {
            let end = word(bytes, HEADER + s);
            ok &= end >= start && end <= strings_len && (end == strings_len || bytes[strings_at + end] & 0xC0 != 0x80);
            start = end;
            s += 1;
        }
        let mut t = HEADER + n_strings;
        while t < subjects_at {
            ok &= word(bytes, t) < n_strings;
            t += 1;
        }
        let (mut start, mut s) = (0, 0);
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
    /// checked as UTF-8 here, the terms made when first asked for ([`Self::terms`]). Never call
    /// it with bytes that were not so checked: [`Self::decode`] checks them.
    pub(crate) fn read_well_formed(bytes: &'b [u8]) -> Option<Self> {
        let (header, strings_at) = layout(bytes)?;
        let [_, n_strings, n_iris, n_blanks, n_language, n_typed, n_subjects, _, stated, background] = header;
        // The terms a subject or a graph may be (IRIs and blank nodes), and the literals.
        let nodes = n_iris.checked_add(n_blanks)?;
        let literals = n_language.checked_add(n_typed)?;
        let (numbers, strings) = bytes.split_at_checked(strings_at)?;
        let strings = utf8(strings)?;
        let nodes_at = HEADER + n_strings;
        let subjects_at = nodes_at + nodes + 2 * literals;
        let quads_at = subjects_at + 3 * n_subjects;
        Some(StoredStream {
            terms: std::sync::OnceLock::new(),
            kinds: [n_iris, n_blanks, n_language, n_typed],
            term_words: numbers.get(4 * nodes_at..4 * subjects_at)?,
            ends: numbers.get(4 * HEADER..4 * nodes_at)?,
            strings,
            subjects: numbers.get(4 * subjects_at..4 * quads_at)?,
            quads: numbers.get(4 * quads_at..)?,
            counts: (stated, background),
        })
    }

    /// The terms of `term_words`, in number order, kind by kind (as [`Self::term`] makes one:
    /// a loop per kind, `string` inlined, cost 0.3 M fewer instructions in Turtle's and
    /// RDF/XML's exports of the essay than a call of `term` per number).
    fn make_terms(&self) -> Vec<TermRef<'b>> {
        let [n_iris, n_blanks, n_language, n_typed] = self.kinds;
        let string = |i: usize| self.string(i);
        let nodes = n_iris + n_blanks;
        let mut terms = Vec::with_capacity(nodes + n_language + n_typed);
        terms.extend((0..n_iris).map(|t| TermRef::from(NamedNodeRef::new_unchecked(string(t)))));
        terms.extend((n_iris..nodes).map(|t| TermRef::from(BlankNodeRef::new_unchecked(string(t)))));
        for t in 0..n_language + n_typed {
            let (value, second) = (string(nodes + 2 * t), string(nodes + 2 * t + 1));
            terms.push(if t < n_language {
                LiteralRef::new_language_tagged_literal_unchecked(value, second).into()
            } else {
                LiteralRef::new_typed_literal(value, NamedNodeRef::new_unchecked(second)).into()
            });
        }
        terms
    }

    /// String `i` of `term_words` (a string beyond the strings, which [`Self::well_formed`]
    /// refuses, made empty).
    #[inline(always)]
    fn string(&self, i: usize) -> &'b str {
        let at = |bytes: &[u8], i: usize| -> Option<usize> {
            Some(u32::from_le_bytes(bytes.get(4 * i..4 * i + 4)?.try_into().ok()?) as usize)
        };
        let Some(id) = at(self.term_words, i) else { return "" };
        let start = if id == 0 { Some(0) } else { at(self.ends, id - 1) };
        match (start, at(self.ends, id)) {
            (Some(start), Some(end)) => self.strings.get(start..end).unwrap_or_default(),
            _ => "",
        }
    }

    /// Term number `n`, made alone from `term_words` and the strings (a writer that needs a few
    /// terms, JSON-LD's, makes them so instead of asking for [`Self::terms`]); `None` beyond the
    /// terms. Its kind is its number's range.
    #[inline]
    pub(crate) fn term(&self, n: u32) -> Option<TermRef<'b>> {
        let [n_iris, n_blanks, n_language, n_typed] = self.kinds;
        let (n, nodes) = (n as usize, n_iris + n_blanks);
        if n < n_iris {
            return Some(NamedNodeRef::new_unchecked(self.string(n)).into());
        }
        if n < nodes {
            return Some(BlankNodeRef::new_unchecked(self.string(n)).into());
        }
        let t = n - nodes;
        if t >= n_language + n_typed {
            return None;
        }
        let (value, second) = (self.string(nodes + 2 * t), self.string(nodes + 2 * t + 1));
        Some(if t < n_language {
            LiteralRef::new_language_tagged_literal_unchecked(value, second).into()
        } else {
            LiteralRef::new_typed_literal(value, NamedNodeRef::new_unchecked(second)).into()
        })
    }

    /// Whether term number `n` is an IRI (its number's range), without making it.
    #[inline]
    pub(crate) fn is_iri(&self, n: u32) -> bool {
        (n as usize) < self.kinds[0]
    }

    /// How many terms of each kind the stream has: IRIs, blank nodes, language-tagged and typed
    /// literals (numbered in that order).
    pub(crate) fn kinds(&self) -> [usize; 4] {
        self.kinds
    }

    /// Term number `n` as a subject ([`Self::term`]): `None` beyond the terms or for a literal.
    pub(crate) fn node(&self, n: u32) -> Option<NamedOrBlankNodeRef<'b>> {
        node_of(self.term(n))
    }

    /// Graph number `n` (`NO_GRAPH`: the default graph) as a graph name ([`Self::term`]): `None`
    /// beyond the terms or for a literal.
    pub(crate) fn graph(&self, n: u32) -> Option<GraphNameRef<'b>> {
        graph_of(n, |g| self.term(g))
    }

    /// Whether [`Self::terms`] were made (the tests: a writer that makes its few terms alone
    /// does not make them all).
    #[cfg(test)]
    pub(crate) fn terms_made(&self) -> bool {
        self.terms.get().is_some()
    }

    /// How many terms the stream has (without making them).
    pub(crate) fn term_count(&self) -> usize {
        self.kinds.iter().sum()
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
        let terms = self.terms();
        self.for_each_subject_stored(with_background, |subject, graph, pairs| {
            // Every number was checked by `well_formed`: the subject and the graph exist.
            let (Some(node), Some(graph)) =
                (node_of(terms.get(subject as usize).copied()), graph_of(graph, |g| terms.get(g as usize).copied()))
            else {
                return Ok(());
            };
            group.clear();
            for quad in pairs {
                let [predicate, object] = Self::pair(quad);
                // Every predicate is an IRI (`well_formed`).
                let predicate = match terms[predicate as usize] {
                    TermRef::NamedNode(n) => n,
                    _ => oxrdf::vocab::rdf::TYPE,
                };
                group.push(QuadRef::new(node, predicate, terms[object as usize], graph));
            }
            f(&group)
        })
    }

    /// The term numbers of each subject's quads in output order (subject, predicate, object,
    /// graph or `u32::MAX` for the default graph; the background graph's only
    /// `with_background`), as [`Self::for_each_subject`] lends the quads: nothing but the numbers
    /// is made per quad. A writer finds what `build.rs` made of each term by its number
    /// (RDF/XML's written terms: `rdfxml.rs`'s `StoredTerms`; Turtle's, lent
    /// [`Self::for_each_subject_stored`]), a term in [`Self::terms`], and a quad, where it needs
    /// one, with [`Self::quad`]. The writers now read the quads in place
    /// ([`Self::for_each_subject_stored`]); this copy is kept as the tests' reference.
    #[cfg(test)]
    pub(crate) fn for_each_subject_numbers<E>(
        &self,
        with_background: bool,
        mut f: impl FnMut(&[[u32; 4]]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut numbers: Vec<[u32; 4]> = Vec::new();
        self.for_each_subject_stored(with_background, |subject, graph, pairs| {
            numbers.clear();
            numbers.extend(pairs.iter().map(|quad| {
                let [predicate, object] = Self::pair(quad);
                [subject, predicate, object, graph]
            }));
            f(&numbers)
        })
    }

    /// Each subject in output order, as `for_each_subject_numbers` (the tests' copy) lends it but without
    /// copying a number: its term, its graph (`u32::MAX` for the default graph; the background
    /// graph's subjects only `with_background`) and its quads' predicate and object numbers as
    /// stored, eight bytes a quad ([`Self::pair`] reads one). Turtle and TriG read them in place.
    #[inline]
    pub(crate) fn for_each_subject_stored<E>(
        &self,
        with_background: bool,
        mut f: impl FnMut(u32, u32, &'b [[u8; 8]]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut start = 0;
        for s in self.subjects.chunks_exact(12) {
            let [subject, graph, end] = [0, 1, 2].map(|k| word(s, k));
            let quads = start..end as usize;
            start = end as usize;
            if !with_background && graph != NO_GRAPH {
                continue;
            }
            // In bounds: checked by `well_formed`.
            let (pairs, _) = self.quads.get(8 * quads.start..8 * quads.end).unwrap_or_default().as_chunks::<8>();
            f(subject, graph, pairs)?;
        }
        Ok(())
    }

    /// A quad's predicate and object numbers, as [`Self::for_each_subject_stored`] lends them.
    #[inline(always)]
    pub(crate) fn pair(quad: &[u8; 8]) -> [u32; 2] {
        let [p0, p1, p2, p3, o0, o1, o2, o3] = *quad;
        [u32::from_le_bytes([p0, p1, p2, p3]), u32::from_le_bytes([o0, o1, o2, o3])]
    }

    /// [`write_stored_lines`]: every subject's lines (the background graph's too, with their
    /// graph, `with_graph`) copied from `terms` by number into one buffer, handed to `out` each
    /// time it holds `piece` bytes or more. Inlined into each caller (`write_stored_lines` and
    /// `builtin::StoredExport::write`): called out of line, it let `write_stored_lines` be
    /// inlined into `write_rdf`, whose other code (JSON-LD's) then took +0.16 M instructions.
    #[inline]
    pub(crate) fn write_lines(
        &self,
        terms: &LineTerms<'_>,
        with_graph: bool,
        piece: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut buffer = Vec::with_capacity(2 * piece);
        let mut start = 0;
        for s in self.subjects.chunks_exact(12) {
            let [subject, graph, end] = [0, 1, 2].map(|k| word(s, k));
            let quads = start..end as usize;
            start = end as usize;
            if !with_graph && graph != NO_GRAPH {
                continue;
            }
            let subject = terms.get(subject);
            // In bounds: checked by `well_formed`.
            let quads = self.quads.get(8 * quads.start..8 * quads.end).unwrap_or_default().chunks_exact(8);
            if graph == NO_GRAPH {
                for quad in quads {
                    buffer.extend_from_slice(subject);
                    buffer.extend_from_slice(terms.get(word(quad, 0)));
                    buffer.extend_from_slice(terms.get(word(quad, 1)));
                    buffer.extend_from_slice(b".\n");
                }
            } else {
                let graph = terms.get(graph);
                for quad in quads {
                    buffer.extend_from_slice(subject);
                    buffer.extend_from_slice(terms.get(word(quad, 0)));
                    buffer.extend_from_slice(terms.get(word(quad, 1)));
                    buffer.extend_from_slice(graph);
                    buffer.extend_from_slice(b".\n");
                }
            }
            if buffer.len() >= piece {
                out.write_all(&buffer)?;
                buffer.clear();
            }
        }
        out.write_all(&buffer)
    }

    /// The quad of these term numbers (as `for_each_subject_numbers` lends them); `None`
    /// where a number is beyond the terms or its term cannot be in that place.
    pub(crate) fn quad(&self, [subject, predicate, object, graph]: [u32; 4]) -> Option<QuadRef<'b>> {
        let terms = self.terms();
        let TermRef::NamedNode(predicate) = *terms.get(predicate as usize)? else { return None };
        let object = *terms.get(object as usize)?;
        let graph = graph_of(graph, |g| terms.get(g as usize).copied())?;
        Some(QuadRef::new(node_of(terms.get(subject as usize).copied())?, predicate, object, graph))
    }

    /// The terms, by number (as `for_each_subject_numbers` numbers them), made on the
    /// first call.
    #[inline]
    pub(crate) fn terms(&self) -> &[TermRef<'b>] {
        self.terms.get_or_init(|| self.make_terms())
    }
}

/// A term as a subject: `None` for no term or a literal.
#[inline]
fn node_of(term: Option<TermRef<'_>>) -> Option<NamedOrBlankNodeRef<'_>> {
    match term? {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

/// Graph number `n` (`NO_GRAPH`: the default graph) as a graph name, its term found by `term`:
/// `None` for no term or a literal.
#[inline]
fn graph_of<'b>(n: u32, term: impl FnOnce(u32) -> Option<TermRef<'b>>) -> Option<GraphNameRef<'b>> {
    match n {
        NO_GRAPH => Some(GraphNameRef::DefaultGraph),
        _ => match term(n)? {
            TermRef::NamedNode(n) => Some(n.into()),
            TermRef::BlankNode(b) => Some(b.into()),
            _ => None,
        },
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
                    // The subject and graph made alone, and an object's kind told by number.
                    assert_eq!((stored.node(*s), stored.graph(*g)), (Some(q.subject), Some(q.graph_name)));
                    assert_eq!(stored.is_iri(*o), q.object.is_named_node());
                    assert!(stored.is_iri(*p));
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
        // A term alone: none beyond the terms; a literal is no subject and no graph.
        assert_eq!(stored.term(beyond), None);
        assert_eq!(stored.term(literal), Some(all[literal as usize]));
        assert!(!stored.is_iri(beyond) && !stored.is_iri(literal));
        assert_eq!((stored.node(literal), stored.graph(literal)), (None, None));
        assert_eq!((stored.node(beyond), stored.graph(beyond)), (None, None));
        assert_eq!(stored.graph(NO_GRAPH), Some(GraphNameRef::DefaultGraph));
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

    /// N-Triples (N-Quads `with_graph`) of `stream` as `write_line` writes each quad: the
    /// reference the stored terms' lines are compared with.
    fn lines_made(stream: &RdfStream<'_>, with_graph: bool) -> Vec<u8> {
        let mut out = Vec::new();
        stream
            .for_each_subject_ref(with_graph, |quads| {
                quads.iter().try_for_each(|q| crate::export::write_line(*q, with_graph, &mut out))
            })
            .unwrap();
        out
    }

    /// What `out` was handed, write by write.
    #[derive(Default)]
    struct Pieces(Vec<Vec<u8>>);

    impl std::io::Write for Pieces {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_stored_line_terms_are_the_terms_written_here() {
        use crate::export::RdfSyntax;
        let essay = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        // The stored bytes are what `write_term` makes of the stored stream's terms now.
        let bytes = crate::builtin::NTRIPLES_TERMS;
        assert!(bytes == encode_line_terms(stored).as_slice(), "the stored N-Triples terms are stale");
        let terms = LineTerms::decode(bytes, stored).expect("taken");
        // Term by term, what `write_term` writes, with the space after it.
        for (n, term) in stored.terms().iter().enumerate() {
            let mut made = Vec::new();
            crate::export::rdf::write_term(*term, &mut made);
            made.push(b' ');
            assert_eq!(String::from_utf8_lossy(terms.get(n as u32)), String::from_utf8_lossy(&made), "term {n}");
        }
        assert!(terms.get(stored.terms().len() as u32).is_empty());
        // The lines copied from them are the lines `write_line` writes for the generated stream's
        // quads, N-Triples and N-Quads, whatever the pieces, and so is the whole export.
        let generated = RdfStream::generated(&essay, &options).unwrap();
        let stream = RdfStream::new(&essay, &options).unwrap();
        for (with_graph, syntax) in [(false, RdfSyntax::NTriples), (true, RdfSyntax::NQuads)] {
            let reference = lines_made(&generated, with_graph);
            assert!(reference.len() > 1_000_000, "{} bytes", reference.len());
            for piece in [0, 1, 4096, 1 << 16, 1 << 22] {
                let mut pieces = Pieces::default();
                write_stored_lines(&stream, bytes, with_graph, piece, &mut pieces).expect("taken").unwrap();
                // Each piece but the last holds `piece` bytes or more and ends a line.
                let (last, full) = pieces.0.split_last().unwrap();
                assert!(full.iter().all(|p| p.len() >= piece && p.ends_with(b"\n")), "piece {piece}");
                assert_eq!(full.is_empty(), piece > reference.len(), "piece {piece}");
                let written: Vec<u8> = full.iter().flatten().chain(last).copied().collect();
                assert!(written == reference, "with_graph {with_graph}, piece {piece}: the lines differ");
            }
            let mut exported = Vec::new();
            crate::export::write_rdf(&essay, syntax, &options, &mut exported).unwrap();
            assert!(exported == reference, "{syntax:?}: the export differs from the generated stream's lines");
        }
        // Copying the lines makes none of the stream's terms (they are made when first asked
        // for, which an N-Triples export never does).
        let fresh = StoredStream::decode(crate::builtin::RDF_STREAM).unwrap();
        let fresh_terms = LineTerms::decode(bytes, &fresh).expect("taken");
        let mut copied = Vec::new();
        fresh.write_lines(&fresh_terms, true, 1 << 16, &mut copied).unwrap();
        assert!(fresh.terms.get().is_none(), "the terms were made");
        assert!(copied == lines_made(&generated, true));
        assert_eq!((fresh.term_count(), fresh.terms().len()), (stored.term_count(), stored.terms().len()));
        assert!(fresh.terms.get().is_some());
        // The lines do copy them: a letter changed in a written term shows in the output (a test
        // that cannot fail would not see it).
        let mut changed = bytes.to_vec();
        let at = (0..changed.len()).rev().find(|&i| changed[i].is_ascii_lowercase()).expect("a letter");
        changed[at] = if changed[at] == b'x' { b'y' } else { b'x' };
        let (mut theirs, mut ours) = (Vec::new(), Vec::new());
        write_stored_lines(&stream, &changed, true, 1 << 16, &mut theirs).expect("taken").unwrap();
        write_stored_lines(&stream, bytes, true, 1 << 16, &mut ours).expect("taken").unwrap();
        assert!(theirs != ours);
    }

    #[test]
    fn the_stored_line_terms_are_refused_where_they_were_not_made_for() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let bytes = crate::builtin::NTRIPLES_TERMS;
        assert!(LineTerms::decode(bytes, stored).is_some());
        // A generated stream (each option flipped, the same data loaded at run time, the
        // default options generated): nothing written.
        let loaded = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        let default = RdfOptions::default();
        let mut streams =
            vec![RdfStream::generated(&essay, &default).unwrap(), RdfStream::new(&loaded, &default).unwrap()];
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
            RdfOptions { ontology: false, ..RdfOptions::default() },
            RdfOptions { only_background: true, ..RdfOptions::default() },
        ] {
            streams.push(RdfStream::new(&essay, &options).unwrap());
        }
        for stream in &streams {
            for with_graph in [false, true] {
                let mut out = Vec::new();
                assert!(write_stored_lines(stream, bytes, with_graph, 1 << 16, &mut out).is_none());
                assert!(out.is_empty());
            }
        }
        // Another stream (another number of terms): the essay without its ontology, stored.
        let options = RdfOptions { ontology: false, ..RdfOptions::default() };
        let other_bytes = encode(&RdfStream::new(&essay, &options).unwrap());
        let other_stream = StoredStream::decode(&other_bytes).unwrap();
        assert!(LineTerms::decode(bytes, &other_stream).is_none());
        assert!(LineTerms::decode(&encode_line_terms(&other_stream), &other_stream).is_some());
        // Cut anywhere, the magic changed, an end moved back, moved off its space, made zero or
        // moved beyond the written terms, the last end short of them, a non-UTF-8 byte: refused,
        // no panic; and by the stream's writer, nothing written.
        let stream = RdfStream::new(&essay, &RdfOptions::default()).unwrap();
        let refused = |wrong: &[u8]| {
            let mut out = Vec::new();
            LineTerms::decode(wrong, stored).is_none()
                && write_stored_lines(&stream, wrong, true, 1 << 16, &mut out).is_none()
                && out.is_empty()
        };
        assert!(refused(&[]));
        for cut in (0..4096).step_by(7).chain((4096..bytes.len()).step_by(997)).chain([bytes.len() - 1]) {
            assert!(refused(&bytes[..cut]), "cut at {cut}");
        }
        let entry = |i: usize| u32::from_le_bytes(bytes[12 + 4 * i..16 + 4 * i].try_into().unwrap());
        let with_entry = |i: usize, value: u32| {
            let mut wrong = bytes.to_vec();
            wrong[12 + 4 * i..16 + 4 * i].copy_from_slice(&value.to_le_bytes());
            wrong
        };
        let last = stored.terms().len() - 1;
        let (first, second) = (entry(0), entry(1));
        for wrong in [
            with_entry(1, first),
            with_entry(1, first - 1),
            with_entry(0, first - 1),
            with_entry(0, 0),
            with_entry(last, entry(last) + 1),
            with_entry(last, entry(last - 1)),
            with_entry(0, second),
        ] {
            assert!(refused(&wrong));
        }
        let mut not_utf8 = bytes.to_vec();
        let at = not_utf8.len() - 2;
        not_utf8[at] = 0xFF;
        assert!(refused(&not_utf8));
        let mut magic = bytes.to_vec();
        magic[0] ^= 1;
        assert!(refused(&magic));
        // What is taken is written: the unchanged bytes, copied (their text then checked).
        let (copy, mut out) = (bytes.to_vec(), Vec::new());
        assert!(write_stored_lines(&stream, &copy, false, 1 << 16, &mut out).is_some());
        assert!(!out.is_empty());
    }

    thread_local! {
        /// How many texts [`utf8`] took without a look (on this test's thread).
        pub(super) static UNLOOKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn the_binarys_own_texts_are_taken_unlooked_and_nothing_else() {
        use crate::builtin::{checked_text, JSONLD_TERMS, NTRIPLES_TERMS, RDFXML_TERMS, RDF_STREAM, TURTLE_TERMS};
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
        for (bytes, words) in [(TURTLE_TERMS, 1), (JSONLD_TERMS, 2), (RDFXML_TERMS, 6), (NTRIPLES_TERMS, 1)] {
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
            (JSONLD_TERMS, written_at(JSONLD_TERMS, 2)),
            (RDFXML_TERMS, written_at(RDFXML_TERMS, 6)),
            (NTRIPLES_TERMS, written_at(NTRIPLES_TERMS, 1)),
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
            // A string's end beyond the strings, before the end before it; a term's string
            // beyond the strings (an IRI's, a literal's datatype).
            (4 * HEADER, (bytes.len() - strings_at(bytes) + 1) as u32),
            (4 * HEADER + 4, word(bytes, HEADER) - 1),
            (4 * (HEADER + n_strings), n_strings as u32),
            (subjects_at - 4, n_strings as u32),
        ] {
            let mut wrong = bytes.to_vec();
            wrong[at..at + 4].copy_from_slice(&value.to_le_bytes());
            assert!(StoredStream::decode(&wrong).is_none(), "word at {at} set to {value}");
        }
        // A string ending inside a character (the first non-ASCII one of the strings).
        let strings = &bytes[strings_at(bytes)..];
        let inside = strings.iter().position(|b| b & 0xC0 == 0x80).expect("a non-ASCII character");
        let string = (0..n_strings).find(|&i| word(bytes, HEADER + i) as usize > inside).unwrap();
        let mut wrong = bytes.to_vec();
        wrong[4 * (HEADER + string)..4 * (HEADER + string) + 4].copy_from_slice(&(inside as u32).to_le_bytes());
        assert!(StoredStream::decode(&wrong).is_none(), "string {string} ends inside a character");
    }
}
