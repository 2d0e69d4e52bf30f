//! RDF/XML, written by kg itself from the RDF stream (`rdf.rs`), byte for byte as oxrdfxml's
//! serializer (through quick-xml's indenting writer) writes the same triples: one
//! `rdf:Description` (or a typed node element, when a subject's first triple is its `rdf:type`)
//! per run of a subject's triples, one property element per triple, tabs, and the same rule for
//! an IRI that is no XML QName under a declared namespace (an `xmlns` declared on the element,
//! or `oxprefix:`). It replaces oxrdfxml's serializer, whose events, attribute vectors and
//! `format!`ed names per triple were two thirds of an RDF/XML export's instructions (53 M of
//! 80 M on the essay).
//!
//! Escaping is quick-xml's: `<`, `>`, `&`, `'` and `"` as entities in attribute values and in
//! text, nothing else (a character XML 1.0 cannot carry is written as it is, as oxrdfxml does).
//! `tests` compare the output with oxrdfxml's on hostile triples and parse it back.

use std::collections::BTreeMap;
use std::io::{self, Write};

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};

use super::rdf::{uses_namespace, RdfStream};
use super::rdf_stored::StoredStream;
use super::recent::Recent;
use super::ExportError;

/// How much of an RDF/XML export [`write_rdfxml`] keeps in memory to write it in one pass (the
/// namespaces it declares are known only at the end, and are declared first); a larger export is
/// written in two (the first finds the namespaces). The essay's RDF/XML is about 1 MB.
pub(crate) const RDFXML_BUFFER_LIMIT: usize = 32 << 20;

/// The RDF and ITS namespaces, which oxrdfxml always declares (as `rdf:` and `its:`).
const RDF_NAMESPACE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const ITS_NAMESPACE: &str = "http://www.w3.org/2005/11/its";
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// The RDF/XML syntax terms that are no property (oxrdfxml refuses them as predicates, and
/// writes `rdf:Description` for a subject whose type is one of them).
const RESERVED_SYNTAX_TERMS: [&str; 9] = [
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Description",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#li",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#RDF",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#ID",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#about",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#parseType",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#resource",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#nodeID",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#datatype",
];

/// Whether `iri` is one of [`RESERVED_SYNTAX_TERMS`]: most IRIs are told apart by their length
/// and the four bytes where the RDF namespace ends, without comparing them with each term.
fn is_reserved_syntax_term(iri: &str) -> bool {
    let end = RDF_NAMESPACE.len();
    iri.len() > end && iri.as_bytes()[end - 4..end] == *b"-ns#" && RESERVED_SYNTAX_TERMS.contains(&iri)
}

/// Writes the stream's default graph as RDF/XML, declaring those of `prefixes` that some term
/// uses (`rdf.rs`'s `uses_namespace`: a subject, predicate, object or datatype IRI in the
/// namespace with a local name), as kg always declared them. In one pass when the output fits in
/// [`RDFXML_BUFFER_LIMIT`], else in two. For the built-in essay's stored stream (the default
/// options) the namespaces in use were found by `build.rs` (`rdf_stored.rs`'s
/// `encode_namespaces`): written in one pass with them, nothing kept, and each element copied
/// by its terms' numbers from what `build.rs` wrote of each term with this writer
/// ([`encode_terms`], [`write_stored`]).
///
/// # Errors
/// The writer's, and a triple whose predicate is an RDF/XML syntax term (`rdf:about`, ...).
pub(crate) fn write_rdfxml(
    stream: &RdfStream<'_>,
    prefixes: &[(&str, String)],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    if let Some(s) = stream.stored() {
        return write_rdfxml_stored(s, prefixes, out);
    }
    let subjects = |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stream.for_each_subject_ref(false, f);
    write_rdfxml_within(subjects, prefixes, RDFXML_BUFFER_LIMIT, out)
}

/// [`write_rdfxml`] of the stored stream `s` alone: what it writes for a stream lending `s`,
/// without a graph or a stream (`builtin::StoredExport`: the built-in essay with the default
/// options, its graph not decoded), declaring the namespaces `build.rs` found its quads use
/// (`RDFXML_NAMESPACES`) and writing its terms' stored pieces (`RDFXML_TERMS`) where they are
/// taken, else its quads; its quads in two passes (the namespaces they use found first) when the
/// stored namespaces were not made for these prefixes.
///
/// # Errors
/// The writer's.
pub(crate) fn write_rdfxml_stored(
    s: &StoredStream<'_>,
    prefixes: &[(&str, String)],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let subjects = |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| s.for_each_subject(false, f);
    let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(name, iri)| (*name, iri.as_str())).collect();
    match super::rdf_stored::decode_namespaces(crate::builtin::RDFXML_NAMESPACES, &candidates) {
        Some(used) => write_declaring(subjects, &candidates, &used, Some((s, crate::builtin::RDFXML_TERMS)), out),
        None => write_rdfxml_within(subjects, prefixes, RDFXML_BUFFER_LIMIT, out),
    }
}

/// A quad outside the default graph given to the RDF/XML writer (refused as oxrdfio refuses it).
fn not_in_the_default_graph() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "Only quads in the default graph can be serialized to a RDF graph format",
    )
}

/// How much text [`write_declaring`] gathers before it hands it to the writer.
const FLUSH_AT: usize = 1 << 16;

/// Writes the triples `subjects` hands over as RDF/XML declaring the `candidates` marked in
/// `used`, which must be those the triples use (as [`NamespaceUse`] finds them), in one pass.
/// `stored`: the stored stream the triples are lent from, and the terms [`encode_terms`] wrote
/// for it (then written by number instead, [`write_stored`], where [`StoredForms::decode`] takes
/// them for this stream and these declared namespaces).
fn write_declaring(
    subjects: impl Fn(&mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>) -> Result<(), ExportError>,
    candidates: &[(&str, &str)],
    used: &[bool],
    stored: Option<(&StoredStream<'_>, &[u8])>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let declared: Vec<(&str, &str)> = candidates.iter().zip(used).filter(|(_, u)| **u).map(|(c, _)| *c).collect();
    let mut writer = RdfXmlWriter::new(declared.iter().copied());
    if let Some((stream, forms)) = stored.and_then(|(s, bytes)| Some((s, StoredForms::decode(bytes, s, &declared)?))) {
        return write_stored(&writer, stream, &forms, out);
    }
    let mut buffer = Vec::with_capacity(2 * FLUSH_AT);
    subjects(&mut |quads| {
        for q in quads {
            writer.write_quad(*q, &mut buffer)?;
        }
        if buffer.len() >= FLUSH_AT {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        Ok(())
    })?;
    writer.finish(&mut buffer);
    out.write_all(&buffer)?;
    Ok(())
}

/// Writes the default graph of the stored stream `stream` as RDF/XML from what `build.rs`
/// made of its terms with this writer's own functions ([`encode_terms`], `forms`), by number,
/// byte for byte what [`RdfXmlWriter::write_quad`] writes for its quads (`writer`: the one
/// declaring the same namespaces, which writes the start): a subject's element is `<`, its
/// class's element name (or `rdf:Description`) and its subject attribute copied; a property
/// element is `<`, its predicate's element name and its object's attributes copied, and the
/// predicate's name again after a literal. No term is made, no text escaped, no name looked up.
///
/// # Errors
/// `out`'s, and a predicate that is an RDF/XML syntax term, as [`RdfXmlWriter::write_quad`].
fn write_stored(
    writer: &RdfXmlWriter,
    stream: &StoredStream<'_>,
    forms: &StoredForms<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut buffer = Vec::with_capacity(2 * FLUSH_AT);
    writer.start(&mut buffer);
    // The open subject's number, and its element's name (`None`: `rdf:Description`).
    let mut open: Option<(u32, Option<&[u8]>)> = None;
    let close = |tag: Option<&[u8]>, buffer: &mut Vec<u8>| {
        buffer.extend_from_slice(b"\n\t</");
        buffer.extend_from_slice(tag.unwrap_or(b"rdf:Description"));
        buffer.push(b'>');
    };
    // Each subject's quads read in place (eight stored bytes a quad), not copied into numbers.
    stream.for_each_subject_stored(false, |subject, graph, pairs| {
        let Some([predicate, object]) = pairs.first().map(StoredStream::pair) else { return Ok(()) };
        if graph != u32::MAX {
            return Err(ExportError::from(not_in_the_default_graph()));
        }
        let mut properties = pairs;
        if open.is_none_or(|(s, _)| s != subject) {
            if let Some((_, tag)) = open {
                close(tag, &mut buffer);
            }
            let (p, o) = (forms.entry(predicate), forms.entry(object));
            let typed = p[FLAGS] & IS_RDF_TYPE != 0 && stream.is_iri(object) && o[FLAGS] & RESERVED == 0;
            buffer.extend_from_slice(b"\n\t<");
            let tag = match typed {
                true => {
                    buffer.extend_from_slice(forms.span(o, START, ELEMENT_END));
                    properties = &pairs[1..];
                    Some(forms.span(o, START, NAME_END))
                }
                false => {
                    buffer.extend_from_slice(b"rdf:Description");
                    None
                }
            };
            buffer.extend_from_slice(forms.span(forms.entry(subject), ELEMENT_END, SUBJECT_END));
            open = Some((subject, tag));
        }
        for [predicate, object] in properties.iter().map(StoredStream::pair) {
            let (p, o) = (forms.entry(predicate), forms.entry(object));
            if p[FLAGS] & RESERVED != 0 {
                return Err(ExportError::from(reserved_as_predicate()));
            }
            buffer.extend_from_slice(b"\n\t\t<");
            buffer.extend_from_slice(forms.span(p, START, ELEMENT_END));
            let attributes = forms.span(o, SUBJECT_END, OBJECT_END);
            buffer.extend_from_slice(attributes);
            // A literal's attributes end with `</` (`object_attributes`), the others with `/>`.
            if attributes.last() == Some(&b'/') {
                buffer.extend_from_slice(forms.span(p, START, NAME_END));
                buffer.push(b'>');
            }
        }
        if buffer.len() >= FLUSH_AT {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        Ok(())
    })?;
    if let Some((_, tag)) = open {
        close(tag, &mut buffer);
    }
    buffer.extend_from_slice(b"\n</rdf:RDF>");
    out.write_all(&buffer)?;
    Ok(())
}

/// [`write_rdfxml`] of the triples `subjects` hands to its argument (a subject's run at a time,
/// the same each time it is called), with `limit` bytes kept in memory.
fn write_rdfxml_within(
    subjects: impl Fn(&mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>) -> Result<(), ExportError>,
    prefixes: &[(&str, String)],
    limit: usize,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(name, iri)| (*name, iri.as_str())).collect();
    // First pass: written with every candidate namespace, the used ones marked.
    let mut writer = RdfXmlWriter::new(candidates.iter().copied());
    // The start (with the namespaces) is written last, before the body.
    (writer.started, writer.depth) = (true, 1);
    let mut used = NamespaceUse::new(&candidates);
    let (mut body, mut overflow) = (Vec::new(), false);
    subjects(&mut |quads| {
        if overflow {
            body.clear();
        }
        used.mark_run(quads);
        for q in quads {
            writer.write_quad(*q, &mut body)?;
        }
        overflow = overflow || body.len() > limit;
        Ok(())
    })?;
    let used = used.used;
    let declared: Vec<(&str, &str)> = candidates.iter().zip(&used).filter(|(_, u)| **u).map(|(c, _)| *c).collect();
    let mut final_writer = RdfXmlWriter::new(declared.iter().copied());
    // The body holds what the declared namespaces alone give unless a name was written with a
    // namespace left undeclared, or the default namespace's presence changed a name.
    let same_names = writer
        .hits
        .iter()
        .zip(&writer.namespaces)
        .all(|(hit, (_, (_, candidate)))| !hit || candidate.is_none_or(|c| used[c]))
        && (!writer.default_checked || writer.custom_default == final_writer.custom_default);
    if !overflow && same_names {
        let mut head = Vec::with_capacity(1024);
        if writer.current_subject.is_some() {
            final_writer.start(&mut head);
            final_writer.started = true;
            final_writer.current_subject = writer.current_subject.take();
            final_writer.current_tag = writer.current_tag.take();
            final_writer.depth = writer.depth;
        }
        out.write_all(&head)?;
        out.write_all(&body)?;
        let mut tail = Vec::new();
        final_writer.finish(&mut tail);
        out.write_all(&tail)?;
        return Ok(());
    }
    // Second pass, written with the declared namespaces.
    write_declaring(subjects, &candidates, &used, None, out)
}

/// Which candidate namespaces some quad uses, as `rdf.rs`'s `uses_namespace` says (an IRI of the
/// quad in the namespace, with a non-empty local name holding no `/` or `#`), found without
/// trying every namespace on every IRI: a namespace ending in `/` or `#` can only be the IRI's
/// text up to its last `/` or `#`.
struct NamespaceUse<'c> {
    candidates: &'c [(&'c str, &'c str)],
    used: Vec<bool>,
    /// The candidates not yet used that end in `/` or `#`, and the others.
    delimited: Vec<usize>,
    others: Vec<usize>,
    /// IRIs recently checked against `delimited`: checking one again would find nothing (its
    /// namespace's candidates were taken from `delimited`, which only shrinks), so a repeated
    /// IRI (a predicate, a class, a datatype) is skipped.
    seen: Recent<()>,
}

/// The slots of [`NamespaceUse::seen`].
const SEEN_SLOT_BITS: u32 = 9;

impl<'c> NamespaceUse<'c> {
    fn new(candidates: &'c [(&'c str, &'c str)]) -> Self {
        NamespaceUse::with_slots(candidates, SEEN_SLOT_BITS)
    }

    /// With `1 << seen_bits` slots for the IRIs checked (the tests use few, so that IRIs share
    /// slots).
    fn with_slots(candidates: &'c [(&'c str, &'c str)], seen_bits: u32) -> Self {
        let (delimited, others) = (0..candidates.len()).partition(|&i| candidates[i].1.ends_with(['/', '#']));
        NamespaceUse {
            candidates,
            used: vec![false; candidates.len()],
            delimited,
            others,
            seen: Recent::new(seen_bits),
        }
    }

    /// Marks the namespaces a run of quads of one subject uses: its subject is looked at once.
    fn mark_run(&mut self, quads: &[QuadRef<'_>]) {
        let Some(first) = quads.first() else { return };
        if let NamedOrBlankNodeRef::NamedNode(n) = first.subject {
            self.iri(n.as_str());
        }
        for q in quads {
            self.mark_but_subject(*q);
        }
    }

    /// Marks the namespaces a quad uses.
    #[cfg(test)]
    fn mark(&mut self, q: QuadRef<'_>) {
        self.mark_run(&[q]);
    }

    /// Marks the namespaces a quad's predicate, object and graph name are in (its subject's are
    /// marked once per run by [`Self::mark_run`]), and the `others` the whole quad uses.
    fn mark_but_subject(&mut self, q: QuadRef<'_>) {
        if self.delimited.is_empty() && self.others.is_empty() {
            return;
        }
        let mut k = 0;
        while k < self.others.len() {
            let i = self.others[k];
            if uses_namespace(q, self.candidates[i].1) {
                self.used[i] = true;
                self.others.swap_remove(k);
            } else {
                k += 1;
            }
        }
        self.iri(q.predicate.as_str());
        match q.object {
            TermRef::NamedNode(n) => self.iri(n.as_str()),
            TermRef::Literal(l) => self.iri(l.datatype().as_str()),
            TermRef::BlankNode(_) => {}
        }
        if let oxrdf::GraphNameRef::NamedNode(n) = q.graph_name {
            self.iri(n.as_str());
        }
    }

    fn iri(&mut self, iri: &str) {
        if self.delimited.is_empty() {
            return;
        }
        match self.seen.get(iri) {
            Ok(()) => {}
            Err(miss) => {
                let () = self.seen.hold(miss, iri);
                self.check(iri);
            }
        }
    }

    /// Marks the delimited candidates that are `iri`'s namespace.
    fn check(&mut self, iri: &str) {
        let Some(end) = memchr::memrchr2(b'/', b'#', iri.as_bytes()) else { return };
        if end + 1 == iri.len() {
            return;
        }
        let namespace = &iri[..end + 1];
        if let Some(at) = self.delimited.iter().position(|&i| self.candidates[i].1 == namespace) {
            let i = self.delimited.swap_remove(at);
            self.used[i] = true;
            // Another candidate with the same IRI.
            self.check(iri);
        }
    }
}

/// The RDF/XML writer's state: the namespaces by IRI (oxrdfxml's order and precedence), the
/// open subject and its element.
pub(crate) struct RdfXmlWriter {
    /// Namespace IRI -> (prefix, the index of the candidate it came from; `None` for `rdf:` and
    /// `its:`, which are always declared). Sorted by IRI, as oxrdfxml declares them.
    namespaces: BTreeMap<String, (String, Option<usize>)>,
    /// Per entry of `namespaces` in order: whether a name was written with it.
    hits: Vec<bool>,
    /// Whether a prefix `""` (the default namespace) is declared.
    custom_default: bool,
    /// Whether a name's writing depended on `custom_default`.
    default_checked: bool,
    /// Whether the XML declaration and `rdf:RDF` are written.
    started: bool,
    /// The open subject (`N` for an IRI, `B` for a blank node, then its text).
    current_subject: Option<String>,
    /// The open subject's element name, when it is a typed node element.
    current_tag: Option<String>,
    /// The last closed element name's room, kept for the next typed node element's (a typed
    /// subject's name is copied into it, not into a new `String` each time).
    spare_tag: String,
    /// The element depth, which is the indentation in tabs.
    depth: usize,
    /// A buffer for an element's name.
    name: String,
    /// Recently named IRIs: each one's element name, and the length of the namespace an element
    /// declares for it (0: none; else `xmlns` or `xmlns:oxprefix` by whether the name starts
    /// with `oxprefix:`). A subject's predicates and classes repeat from subject to subject, and
    /// splitting an IRI by XML name characters is the costly part.
    names: Recent<(String, usize)>,
    /// Recently written objects and datatypes (`rdf:resource`, `rdf:datatype`), escaped
    /// (`None`: as they are): an object or a datatype comes back many times, and comparing it
    /// with the one held is cheaper than searching it for what XML escapes. Made at the first
    /// write. Subjects (`rdf:about`), most written once, are not kept.
    values: Option<Recent<Option<Box<[u8]>>>>,
    /// `values` has `1 << value_bits` slots.
    value_bits: u32,
}

/// Slots of [`RdfXmlWriter::values`], as a power of two: 1,024, for the essay's 1,647 objects
/// and datatypes (written 5,829 times).
const VALUE_SLOT_BITS: u32 = 10;

/// Slots of [`RdfXmlWriter::names`], as a power of two.
const NAME_SLOT_BITS: u32 = 7;

impl RdfXmlWriter {
    /// A writer declaring `prefixes` (name, namespace IRI) as oxrdfxml's serializer given them
    /// with `with_prefix` in this order does: `oxprefix` is ignored, `rdf` and `its` always
    /// mean their own namespaces, and of two names for one IRI the last in name order wins.
    pub(crate) fn new<'p>(prefixes: impl IntoIterator<Item = (&'p str, &'p str)>) -> Self {
        let mut by_name: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for (i, (name, iri)) in prefixes.into_iter().enumerate() {
            if name != "oxprefix" {
                by_name.insert(name, (iri, i));
            }
        }
        by_name.remove("rdf");
        by_name.remove("its");
        let custom_default = by_name.contains_key("");
        let mut namespaces: BTreeMap<String, (String, Option<usize>)> =
            by_name.into_iter().map(|(name, (iri, i))| (iri.to_string(), (name.to_string(), Some(i)))).collect();
        namespaces.insert(RDF_NAMESPACE.into(), ("rdf".into(), None));
        namespaces.insert(ITS_NAMESPACE.into(), ("its".into(), None));
        let hits = vec![false; namespaces.len()];
        RdfXmlWriter {
            namespaces,
            hits,
            custom_default,
            default_checked: false,
            started: false,
            current_subject: None,
            current_tag: None,
            spare_tag: String::new(),
            depth: 0,
            name: String::new(),
            names: Recent::new(NAME_SLOT_BITS),
            values: None,
            value_bits: VALUE_SLOT_BITS,
        }
    }

    /// The XML declaration and the `rdf:RDF` start tag with the namespace declarations.
    fn start(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF");
        for (iri, (name, _)) in &self.namespaces {
            if name.is_empty() {
                out.extend_from_slice(b" xmlns=\"");
            } else {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"=\"");
            }
            escape(iri, out);
            out.push(b'"');
        }
        out.push(b'>');
    }

    /// A line break and the current indentation (one or two tabs but at the end, written as
    /// constants: a call to fill them cost more than the line's other bytes).
    fn line(&self, out: &mut Vec<u8>) {
        match self.depth {
            1 => out.extend_from_slice(b"\n\t"),
            2 => out.extend_from_slice(b"\n\t\t"),
            depth => {
                out.push(b'\n');
                out.extend(std::iter::repeat_n(b'\t', depth));
            }
        }
    }

    /// Writes a triple (a quad of the default graph).
    ///
    /// # Errors
    /// A quad in a named graph, or a predicate that is an RDF/XML syntax term, as oxrdfio's
    /// serializer refuses them.
    pub(crate) fn write_quad(&mut self, q: QuadRef<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        if !q.graph_name.is_default_graph() {
            return Err(not_in_the_default_graph());
        }
        if !self.started {
            self.start(out);
            self.started = true;
            self.depth = 1;
        }
        let same_subject = match (&self.current_subject, q.subject) {
            (Some(s), NamedOrBlankNodeRef::NamedNode(n)) => s.starts_with('N') && &s[1..] == n.as_str(),
            (Some(s), NamedOrBlankNodeRef::BlankNode(b)) => s.starts_with('B') && &s[1..] == b.as_str(),
            (None, _) => false,
        };
        if !same_subject {
            if self.current_subject.is_some() {
                self.end_subject(out);
            }
            let held = self.current_subject.get_or_insert_with(String::new);
            held.clear();
            match q.subject {
                NamedOrBlankNodeRef::NamedNode(n) => {
                    held.push('N');
                    held.push_str(n.as_str());
                }
                NamedOrBlankNodeRef::BlankNode(b) => {
                    held.push('B');
                    held.push_str(b.as_str());
                }
            }
            self.line(out);
            let typed = match q.object {
                TermRef::NamedNode(t) if q.predicate == rdf::TYPE && !is_reserved_syntax_term(t.as_str()) => Some(t),
                _ => None,
            };
            out.push(b'<');
            match typed {
                Some(t) => {
                    let xmlns = self.qname(t);
                    element_name(&self.name, xmlns, out);
                    let mut tag = std::mem::take(&mut self.spare_tag);
                    tag.clear();
                    tag.push_str(&self.name);
                    self.current_tag = Some(tag);
                }
                None => out.extend_from_slice(b"rdf:Description"),
            }
            subject_attribute(q.subject, out);
            self.depth += 1;
            if typed.is_some() {
                return Ok(());
            }
        }
        self.property(q.predicate, q.object, out)
    }

    /// One property element.
    fn property(&mut self, predicate: NamedNodeRef<'_>, object: TermRef<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        if is_reserved_syntax_term(predicate.as_str()) {
            return Err(reserved_as_predicate());
        }
        let xmlns = self.qname(predicate);
        self.line(out);
        out.push(b'<');
        element_name(&self.name, xmlns, out);
        if self.object_attributes(object, out) {
            out.extend_from_slice(self.name.as_bytes());
            out.push(b'>');
        }
        Ok(())
    }

    /// What a property element holds after its name and namespace declaration, for `object`:
    /// ` rdf:resource="iri"/>` or ` rdf:nodeID="id"/>`, or a literal's `xml:lang` or
    /// `rdf:datatype` attribute, `>`, its escaped value and `</` (the element's name and `>`
    /// follow: then `true`). The written form of each term of the stored stream
    /// ([`encode_terms`]).
    fn object_attributes(&mut self, object: TermRef<'_>, out: &mut Vec<u8>) -> bool {
        match object {
            TermRef::NamedNode(n) => {
                self.iri_attribute("rdf:resource", n.as_str(), out);
                out.extend_from_slice(b"/>");
                false
            }
            TermRef::BlankNode(b) => {
                attribute_to("rdf:nodeID", b.as_str(), out);
                out.extend_from_slice(b"/>");
                false
            }
            TermRef::Literal(l) => {
                if let Some(language) = l.language() {
                    attribute_to("xml:lang", language, out);
                } else if l.datatype() != xsd::STRING {
                    self.iri_attribute("rdf:datatype", l.datatype().as_str(), out);
                }
                out.push(b'>');
                escape(l.value(), out);
                out.extend_from_slice(b"</");
                true
            }
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// ` name="iri"`, the IRI escaped, or copied from [`Self::values`].
    fn iri_attribute(&mut self, name: &str, iri: &str, out: &mut Vec<u8>) {
        out.push(b' ');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"=\"");
        let values = self.values.get_or_insert_with(|| Recent::new(self.value_bits));
        match values.get(iri) {
            Ok(None) => out.extend_from_slice(iri.as_bytes()),
            Ok(Some(escaped)) => out.extend_from_slice(escaped),
            Err(miss) => {
                let start = out.len();
                escape(iri, out);
                let written = &out[start..];
                *values.hold(miss, iri) = (written != iri.as_bytes()).then(|| written.into());
            }
        }
        out.push(b'"');
    }

    /// Closes the open subject's element.
    fn end_subject(&mut self, out: &mut Vec<u8>) {
        self.depth -= 1;
        self.line(out);
        out.extend_from_slice(b"</");
        match self.current_tag.take() {
            Some(tag) => {
                out.extend_from_slice(tag.as_bytes());
                self.spare_tag = tag;
            }
            None => out.extend_from_slice(b"rdf:Description"),
        }
        out.push(b'>');
    }

    /// Closes the document (writing its start first when no triple was written).
    pub(crate) fn finish(&mut self, out: &mut Vec<u8>) {
        if self.current_subject.is_some() {
            self.end_subject(out);
        } else if !self.started {
            self.start(out);
            self.depth = 1;
        }
        self.started = true;
        self.current_subject = None;
        self.depth = 0;
        out.extend_from_slice(b"\n</rdf:RDF>");
    }

    /// Puts the element name of `iri` in `self.name`, as oxrdfxml names it, and gives the
    /// namespace declaration the element needs when the name's namespace is not declared.
    fn qname<'i>(&mut self, iri: NamedNodeRef<'i>) -> Option<(&'static str, &'i str)> {
        let miss = match self.names.get(iri.as_str()) {
            Ok((name, declared)) => {
                self.name.clear();
                self.name.push_str(name);
                let namespace = &iri.as_str()[..*declared];
                return match *declared {
                    0 => None,
                    _ if name.starts_with("oxprefix:") => Some(("xmlns:oxprefix", namespace)),
                    _ => Some(("xmlns", namespace)),
                };
            }
            Err(miss) => miss,
        };
        let xmlns = self.qname_uncached(iri);
        let (name, declared) = self.names.hold(miss, iri.as_str());
        name.clear();
        name.push_str(&self.name);
        *declared = xmlns.map_or(0, |(_, namespace)| namespace.len());
        xmlns
    }

    /// [`Self::qname`] without the cache.
    fn qname_uncached<'i>(&mut self, iri: NamedNodeRef<'i>) -> Option<(&'static str, &'i str)> {
        let (namespace, local) = split_iri(iri.as_str());
        self.name.clear();
        if let Some((at, (_, (prefix, _)))) =
            self.namespaces.iter().enumerate().find(|(_, (n, _))| n.as_str() == namespace)
        {
            self.hits[at] = true;
            if !prefix.is_empty() {
                self.name.push_str(prefix);
                self.name.push(':');
            }
            self.name.push_str(local);
            None
        } else if namespace == XMLNS_NAMESPACE {
            self.name.push_str("xmlns:");
            self.name.push_str(local);
            None
        } else {
            if !local.is_empty() {
                self.default_checked = true;
            }
            if !local.is_empty() && !self.custom_default {
                self.name.push_str(local);
                Some(("xmlns", namespace))
            } else {
                self.name.push_str("oxprefix:");
                self.name.push_str(local);
                Some(("xmlns:oxprefix", namespace))
            }
        }
    }
}

/// A predicate that is an RDF/XML syntax term (refused as oxrdfio's serializer refuses it).
fn reserved_as_predicate() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "RDF/XML reserved syntax term is not allowed as a predicate")
}

/// An element's name and the namespace declaration it needs (from [`RdfXmlWriter::qname`]).
#[inline]
fn element_name(name: &str, xmlns: Option<(&str, &str)>, out: &mut Vec<u8>) {
    out.extend_from_slice(name.as_bytes());
    if let Some((attribute, namespace)) = xmlns {
        attribute_to(attribute, namespace, out);
    }
}

/// What a subject's element holds after its name: ` rdf:about="iri">` or ` rdf:nodeID="id">`.
fn subject_attribute(subject: NamedOrBlankNodeRef<'_>, out: &mut Vec<u8>) {
    match subject {
        NamedOrBlankNodeRef::NamedNode(n) => attribute_to("rdf:about", n.as_str(), out),
        NamedOrBlankNodeRef::BlankNode(b) => attribute_to("rdf:nodeID", b.as_str(), out),
    }
    out.push(b'>');
}
/// ` name="value"`, the value escaped.
fn attribute_to(name: &str, value: &str, out: &mut Vec<u8>) {
    out.push(b' ');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"=\"");
    escape(value, out);
    out.push(b'"');
}

/// The text with `<`, `>`, `&`, `'` and `"` as entities (quick-xml's `escape`).
fn escape(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    // Most text holds none of them: found by two vectorised searches, except in a short text
    // (a language tag, a number), where the searches cost more than a look at each byte.
    let mut first = 0;
    if bytes.len() >= SHORT_TEXT {
        let (a, b) = (memchr::memchr3(b'<', b'>', b'&', bytes), memchr::memchr2(b'\'', b'"', bytes));
        match a.into_iter().chain(b).min() {
            None => return out.extend_from_slice(bytes),
            // Byte by byte from the first one.
            Some(at) => first = at,
        }
    }
    let mut from = 0;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        let entity: &[u8] = match b {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'\'' => b"&apos;",
            b'"' => b"&quot;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(entity);
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// Below this many bytes, [`escape`] looks at each byte rather than searching.
const SHORT_TEXT: usize = 16;

/// An IRI split as oxrdfxml splits it into a namespace and a local name: after the last
/// character that is no XML name character (or is `:`), at the first name start character.
fn split_iri(iri: &str) -> (&str, &str) {
    if let Some(base) = iri.rfind(|c| !is_name_char(c) || c == ':') {
        if let Some(add) = iri[base..].find(|c| is_name_start_char(c) && c != ':') {
            return (&iri[..base + add], &iri[base + add..]);
        }
    }
    (iri, "")
}

/// XML 1.0's `NameStartChar`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':'
        | 'A'..='Z'
        | '_'
        | 'a'..='z'
        | '\u{C0}'..='\u{D6}'
        | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0's `NameChar`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// The first word of [`encode_terms`]' form (`kxt` and a version).
const TERMS_MAGIC: u32 = u32::from_le_bytes(*b"kxt2");

/// The words [`encode_terms`] stores per term, by place: where its written pieces start, the
/// end of its element name (an IRI's; else empty), of the name with the namespace declaration
/// an element needs for it, of its subject attribute (an IRI's or a blank node's; else empty),
/// of its object attributes; its flags.
const START: usize = 0;
const NAME_END: usize = 1;
const ELEMENT_END: usize = 2;
const SUBJECT_END: usize = 3;
const OBJECT_END: usize = 4;
const FLAGS: usize = 5;
const ENTRY_WORDS: usize = 6;
/// Flags: the IRI is `rdf:type`; the IRI is an RDF/XML syntax term ([`is_reserved_syntax_term`]).
const IS_RDF_TYPE: u32 = 1;
const RESERVED: u32 = 2;

/// Each term of the stored stream (`rdf_stored.rs`) as this writer writes it declaring
/// `declared`, by the writer's own functions, so that [`write_stored`] copies each by number:
/// an IRI's element name and the namespace declaration an element needs for it
/// ([`RdfXmlWriter::qname_uncached`], [`element_name`]); an IRI's or a blank node's subject
/// attribute ([`subject_attribute`]); every term's object attributes
/// ([`RdfXmlWriter::object_attributes`]); an IRI's flags ([`IS_RDF_TYPE`], [`RESERVED`]). Made by
/// `build.rs` for the built-in essay with the namespaces it uses.
///
/// Layout ([`super::rdf_stored::encode_terms_with`]'s: little-endian `u32`s, then bytes): magic,
/// terms, the declared namespaces' text length; per term its [`ENTRY_WORDS`] words (`START` ..
/// `FLAGS`); the declared namespaces as text (`prefix`, tab, IRI, newline each); the written
/// pieces one after another. Empty if they are too long to store.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_terms(stream: &StoredStream<'_>, declared: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = RdfXmlWriter::new(declared.iter().copied());
    let (mut entries, mut written) = (Vec::new(), Vec::new());
    for term in stream.terms() {
        let mut entry = [written.len(), 0, 0, 0, 0, 0];
        let mut flags = 0;
        if let TermRef::NamedNode(n) = term {
            let xmlns = writer.qname_uncached(*n);
            written.extend_from_slice(writer.name.as_bytes());
            entry[NAME_END] = written.len();
            element_name("", xmlns, &mut written);
            flags |= if *n == rdf::TYPE { IS_RDF_TYPE } else { 0 };
            flags |= if is_reserved_syntax_term(n.as_str()) { RESERVED } else { 0 };
        } else {
            entry[NAME_END] = written.len();
        }
        entry[ELEMENT_END] = written.len();
        match term {
            TermRef::NamedNode(n) => subject_attribute((*n).into(), &mut written),
            TermRef::BlankNode(b) => subject_attribute((*b).into(), &mut written),
            _ => {}
        }
        entry[SUBJECT_END] = written.len();
        writer.object_attributes(*term, &mut written);
        entry[OBJECT_END] = written.len();
        entry[FLAGS] = flags as usize;
        for word in entry {
            let Ok(word) = u32::try_from(word) else { return Vec::new() };
            entries.push(word);
        }
    }
    let text = super::rdf_stored::pairs_text(declared.iter().copied());
    super::rdf_stored::encode_terms_with(TERMS_MAGIC, stream.term_count(), &entries, &text, &written)
}

/// Whether `bytes`, laid out as [`encode_terms`] lays them out, hold pieces as it writes them
/// for a stream of `kinds` (its IRIs, blank nodes, language-tagged and typed literals:
/// `StoredStream::kinds`): that many terms; every term's pieces after the one before's, in
/// order, at character boundaries, to the end of the written text; only an IRI with a name, a
/// namespace declaration (` xmlns...`) and flags; an IRI's or a blank node's subject attribute
/// (` rdf:about="...">` or ` rdf:nodeID="...">`) and no other's; object attributes ending as the
/// term's kind's do (`/>`, a literal's `</`). The magic, the namespaces and the text's UTF-8 are
/// checked by `rdf_stored::decode_terms_with`. A `const fn`: `builtin.rs` runs it on the
/// binary's own bytes when kg is compiled, so that no export pays for the pass over the terms;
/// [`StoredForms::decode`] on any other bytes.
pub(crate) const fn forms_well_formed(bytes: &[u8], kinds: [usize; 4]) -> bool {
    use super::rdf_stored::{const_word, written_at};
    let (nodes, terms) = (kinds[0] + kinds[1], kinds[0] + kinds[1] + kinds[2] + kinds[3]);
    match const_word(bytes, 1) {
        Some(n) if n as usize == terms => {}
        _ => return false,
    }
    let written = bytes.split_at(written_at(bytes, ENTRY_WORDS)).1;
    let (mut end, mut n) = (0, 0);
    while n < terms {
        let mut e = [0; ENTRY_WORDS];
        let mut k = 0;
        while k < ENTRY_WORDS {
            e[k] = match const_word(bytes, 3 + ENTRY_WORDS * n + k) {
                Some(w) => w as usize,
                None => return false,
            };
            k += 1;
        }
        if e[START] != end || e[OBJECT_END] > written.len() {
            return false;
        }
        k = START;
        while k <= OBJECT_END {
            let boundary = e[k] == written.len() || written[e[k]] & 0xC0 != 0x80;
            if !boundary || (k < OBJECT_END && e[k] > e[k + 1]) {
                return false;
            }
            k += 1;
        }
        let named = match n < kinds[0] {
            true => {
                e[FLAGS] <= (IS_RDF_TYPE | RESERVED) as usize
                    && (e[NAME_END] == e[ELEMENT_END] || piece_starts(written, e[NAME_END], e[ELEMENT_END], b" xmlns"))
            }
            false => e[FLAGS] == 0 && e[START] == e[ELEMENT_END],
        };
        let (subject, object) = ((e[ELEMENT_END], e[SUBJECT_END]), (e[SUBJECT_END], e[OBJECT_END]));
        let attributes = match n < nodes {
            true => {
                (piece_starts(written, subject.0, subject.1, b" rdf:about=\"")
                    || piece_starts(written, subject.0, subject.1, b" rdf:nodeID=\""))
                    && piece_ends(written, subject.0, subject.1, b"\">")
                    && piece_ends(written, object.0, object.1, b"/>")
            }
            false => subject.0 == subject.1 && piece_ends(written, object.0, object.1, b"</"),
        };
        if !named || !attributes {
            return false;
        }
        end = e[OBJECT_END];
        n += 1;
    }
    end == written.len()
}

/// Whether `bytes[from..to]` (within `bytes`) starts with `prefix` (a `const fn`).
const fn piece_starts(bytes: &[u8], from: usize, to: usize, prefix: &[u8]) -> bool {
    if to - from < prefix.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if bytes[from + i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `bytes[from..to]` (within `bytes`) ends with `suffix` (a `const fn`).
const fn piece_ends(bytes: &[u8], from: usize, to: usize, suffix: &[u8]) -> bool {
    to - from >= suffix.len() && piece_starts(bytes, to - suffix.len(), to, suffix)
}

/// The stored stream's terms as RDF/XML writes them ([`encode_terms`]), read in place.
struct StoredForms<'b> {
    /// [`ENTRY_WORDS`] little-endian words per term, by number.
    entries: &'b [u8],
    /// The written pieces.
    written: &'b [u8],
}

impl<'b> StoredForms<'b> {
    /// The terms [`encode_terms`] stored in `bytes` for `stream` and these very `declared`
    /// namespaces; `None` for other namespaces (other options), a stream of another number of
    /// terms, empty bytes (the built-in data was invalid when the crate was built) and bytes it
    /// did not write (the header and the text's UTF-8 by `rdf_stored::decode_terms_with`, the
    /// pieces by [`forms_well_formed`]: when kg was compiled for the binary's own bytes, else
    /// here). No term of the stream is made.
    fn decode(bytes: &'b [u8], stream: &StoredStream<'_>, declared: &[(&str, &str)]) -> Option<Self> {
        let made_for = super::rdf_stored::pairs_text(declared.iter().copied());
        let (entries, written) =
            super::rdf_stored::decode_terms_with(bytes, TERMS_MAGIC, stream, ENTRY_WORDS, &made_for)?;
        let kinds = stream.kinds();
        (crate::builtin::rdfxml_terms_checked(bytes, kinds) || forms_well_formed(bytes, kinds))
            .then_some(StoredForms { entries, written: written.as_bytes() })
    }

    /// Term `n`'s words (zeros beyond the terms: [`Self::decode`] took these terms for a stream
    /// whose numbers are all below their number).
    #[inline]
    fn entry(&self, n: u32) -> [u32; ENTRY_WORDS] {
        let mut words = [0; ENTRY_WORDS];
        let at = n as usize * 4 * ENTRY_WORDS;
        if let Some(bytes) = self.entries.get(at..at + 4 * ENTRY_WORDS) {
            for (word, b) in words.iter_mut().zip(bytes.chunks_exact(4)) {
                *word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
        }
        words
    }

    /// The written bytes of an entry from its word `from` to its word `to` (empty where they
    /// are no piece: [`Self::decode`] checked them all).
    #[inline]
    fn span(&self, entry: [u32; ENTRY_WORDS], from: usize, to: usize) -> &'b [u8] {
        self.written.get(entry[from] as usize..entry[to] as usize).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::graph::CanonicalizationAlgorithm;
    use oxrdf::Graph;
    use oxrdf::{GraphName, Literal, NamedNode, Quad, Term};
    use oxrdfio::{RdfFormat, RdfParser, RdfSerializer};
    use proptest::prelude::*;

    use crate::export::hostile_rdf::{self, blank};
    use crate::export::rdf::{export_prefixes, rdf_quads, write_rdf, RdfOptions, RdfStream, RdfSyntax};
    use crate::graph::KnowledgeGraph;

    /// The triples as kg writes them, declaring `prefixes`.
    fn ours(prefixes: &[(&str, &str)], quads: &[Quad]) -> io::Result<String> {
        let mut writer = RdfXmlWriter::new(prefixes.iter().copied());
        let mut out = Vec::new();
        for q in quads {
            writer.write_quad(q.as_ref(), &mut out)?;
        }
        writer.finish(&mut out);
        Ok(String::from_utf8(out).expect("UTF-8"))
    }

    /// The triples as oxrdfxml's serializer (through oxrdfio) writes them.
    fn oxrdfxml(prefixes: &[(&str, &str)], quads: &[Quad]) -> io::Result<String> {
        let mut serializer = RdfSerializer::from_format(RdfFormat::RdfXml);
        for (name, iri) in prefixes {
            serializer = serializer.with_prefix(*name, *iri).expect("a valid prefix IRI");
        }
        let mut writer = serializer.for_writer(Vec::new());
        for q in quads {
            writer.serialize_quad(q)?;
        }
        Ok(String::from_utf8(writer.finish()?).expect("UTF-8"))
    }

    /// The graph oxrdfxml's parser reads back, its blank nodes canonicalized.
    fn parsed(text: &str) -> Graph {
        let mut graph = Graph::new();
        for q in RdfParser::from_format(RdfFormat::RdfXml).for_slice(text.as_bytes()) {
            let q = q.unwrap_or_else(|e| panic!("{e} in\n{text}"));
            graph.insert(q.as_ref());
        }
        graph.canonicalize(CanonicalizationAlgorithm::Unstable);
        graph
    }

    fn graph_of(quads: &[Quad]) -> Graph {
        let mut graph = Graph::new();
        for q in quads {
            graph.insert(oxrdf::TripleRef::from(q.as_ref()));
        }
        graph.canonicalize(CanonicalizationAlgorithm::Unstable);
        graph
    }

    /// Namespaces that nest, share a length, end without `/` or `#`, hold `&` or `'` (escaped
    /// in `xmlns`), are the default one (`""`) or the reserved `oxprefix` and `its`, or name
    /// RDF's own namespace under another prefix.
    const NAMESPACES: &[(&str, &str)] = &[
        ("ex", "http://ex.org/"),
        ("exa", "http://ex.org/a/"),
        ("exh", "http://ex.org/a#"),
        ("exq", "http://ex.org/a"),
        ("amp", "http://ex.org/a&b'/"),
        ("u", "urn:x:"),
        ("r", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("oxprefix", "http://ox.example/"),
        ("its", "http://its.example/"),
        ("", "http://empty.example/"),
    ];

    /// Pieces of local names: XML name start and name characters, characters that are neither,
    /// those XML escapes, and percent escapes.
    const LOCAL_PIECES: &[&str] = &[
        "a",
        "Z",
        "_",
        "0",
        "-",
        ".",
        ":",
        "~",
        "&",
        "'",
        "(",
        "/",
        "?",
        "#",
        "=",
        "%41",
        "é",
        "\u{B7}",
        "\u{300}",
        "\u{203F}",
        "\u{10000}",
        "\u{A0}",
        "\u{2000}",
        "\u{200C}",
        "\u{D7FF}",
        "\u{F900}",
        "\u{EFFFD}",
        "ー",
        "Description",
        "type",
        "about",
    ];

    /// Pieces of literal values: what XML escapes, white space, and characters beyond ASCII.
    const VALUE_PIECES: &[&str] =
        &["", "a", " ", "\"", "'", "<", ">", "&", "&amp;", "]]>", "\n", "\r", "\t", "é", "\u{1F600}", "\u{202E}", "1"];

    fn iri() -> impl Strategy<Value = NamedNode> {
        let namespace = prop_oneof![
            proptest::sample::select(NAMESPACES).prop_map(|(_, iri)| iri.to_string()),
            Just("http://other.org/".to_string()),
            Just("http://www.w3.org/2000/xmlns/".to_string()),
            Just("http://www.w3.org/1999/02/22-rdf-syntax-ns#".to_string()),
        ];
        hostile_rdf::iri(namespace, LOCAL_PIECES, 4)
    }

    fn literal() -> impl Strategy<Value = Literal> {
        let datatype = prop_oneof![
            Just(xsd::STRING.into_owned()),
            Just(xsd::INTEGER.into_owned()),
            Just(xsd::NON_NEGATIVE_INTEGER.into_owned()),
            Just(rdf::XML_LITERAL.into_owned()),
            iri(),
        ];
        hostile_rdf::literal(VALUE_PIECES, datatype)
    }

    /// Triples over few subjects and predicates (often `rdf:type` first, making typed node
    /// elements), so that subjects run over several triples and come back.
    fn quads() -> impl Strategy<Value = Vec<Quad>> {
        let predicate = prop_oneof![2 => Just(rdf::TYPE.into_owned()), 3 => iri()];
        let object = prop_oneof![
            2 => iri().prop_map(Term::from),
            1 => blank().prop_map(Term::from),
            3 => literal().prop_map(Term::from),
            1 => Just(Term::from(NamedNode::new_unchecked(RESERVED_SYNTAX_TERMS[0]))),
        ];
        let graphs = Just(vec![GraphName::DefaultGraph]);
        hostile_rdf::quads(hostile_rdf::subject(iri()), predicate, object, graphs, 12)
    }

    fn prefixes() -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
        hostile_rdf::prefixes(NAMESPACES)
    }

    /// Whether oxrdfxml's parser can read the output back: it was written with an XML name
    /// throughout (no element named `ex:` with an empty local name, no `xmlns:` element, no
    /// predicate oxrdfxml refuses, no `oxprefix` nested in an `oxprefix` element).
    fn readable(written: &str) -> bool {
        !written.contains(":>")
            && !written.contains(": ")
            && !written.contains(":/>")
            && !written.contains("<xmlns:")
            && !written.contains("<oxprefix:")
            && !written.contains("rdf:XMLLiteral")
    }

    fn check(prefixes: &[(&str, &str)], quads: &[Quad]) {
        let written = ours(prefixes, quads);
        let expected = oxrdfxml(prefixes, quads);
        match (&written, &expected) {
            (Ok(written), Ok(expected)) => {
                assert_eq!(written, expected, "as oxrdfxml writes it");
                if readable(written) {
                    assert_eq!(parsed(written), graph_of(quads), "read back from\n{written}");
                }
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!("kg: {written:?}\noxrdfxml: {expected:?}"),
        }
    }

    /// What [`write_rdfxml_within`] writes of `quads` (one subject's run per quad) given the
    /// candidate `prefixes`, in one pass (`limit` large) or two.
    fn declaring_used(prefixes: &[(&str, &str)], quads: &[Quad], limit: usize) -> Result<String, ExportError> {
        let prefixes: Vec<(&str, String)> = prefixes.iter().map(|(n, i)| (*n, i.to_string())).collect();
        let subjects = |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| {
            quads.iter().try_for_each(|q| f(&[q.as_ref()]))
        };
        let mut out = Vec::new();
        write_rdfxml_within(subjects, &prefixes, limit, &mut out)?;
        Ok(String::from_utf8(out).expect("UTF-8"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

        #[test]
        fn rdfxml_is_written_as_oxrdfxml_writes_it_and_reads_back(prefixes in prefixes(), quads in quads()) {
            check(&prefixes, &quads);
        }

        /// The export declares the candidates some term uses (`uses_namespace`, tried on every
        /// quad here), and writes what oxrdfxml writes given those, in one pass or two.
        #[test]
        fn declares_the_namespaces_in_use_as_oxrdfxml_given_them_writes(prefixes in prefixes(), quads in quads()) {
            let used: Vec<(&str, &str)> = prefixes
                .iter()
                .filter(|(_, iri)| quads.iter().any(|q| uses_namespace(q.as_ref(), iri)))
                .copied()
                .collect();
            let expected = oxrdfxml(&used, &quads);
            for limit in [usize::MAX, 0] {
                match (declaring_used(&prefixes, &quads, limit), &expected) {
                    (Ok(written), Ok(expected)) => prop_assert_eq!(&written, expected),
                    (Err(a), Err(b)) => prop_assert!(a.to_string().ends_with(&b.to_string()), "{a} / {b}"),
                    (a, b) => prop_assert!(false, "kg: {:?}\noxrdfxml: {:?}", a, b),
                }
            }
        }
    }

    proptest! {
        /// The namespaces marked in use, with the checked IRIs remembered in one, two or the
        /// export's number of slots, are those some quad uses (`uses_namespace` on every quad).
        #[test]
        fn the_namespaces_marked_are_those_in_use(
            prefixes in prefixes(),
            quads in quads(),
            seen_bits in prop_oneof![Just(0u32), Just(1), Just(SEEN_SLOT_BITS)],
        ) {
            let expected: Vec<bool> =
                prefixes.iter().map(|(_, iri)| quads.iter().any(|q| uses_namespace(q.as_ref(), iri))).collect();
            let mut used = NamespaceUse::with_slots(&prefixes, seen_bits);
            // Twice over, so that every IRI comes back.
            for q in quads.iter().chain(&quads) {
                used.mark(q.as_ref());
            }
            prop_assert_eq!(used.used, expected.clone());
            // The same by runs of one subject, as the export marks them (its subject looked at
            // once per run): marking only a run's first subject, or none, fails it.
            let mut by_runs = NamespaceUse::with_slots(&prefixes, seen_bits);
            for run in quads.chunk_by(|a, b| a.subject == b.subject) {
                by_runs.mark_run(&run.iter().map(Quad::as_ref).collect::<Vec<_>>());
            }
            prop_assert_eq!(by_runs.used, expected);
        }

        /// `escape` writes what quick-xml's escaping writes (each of `<>&'"` as its entity, all
        /// else as it is), for short texts (byte by byte) and long ones (searched), whatever
        /// the pieces: a search that missed one of the five, or a short path that escaped
        /// another byte, fails it.
        #[test]
        fn text_is_escaped_as_quick_xml_escapes_it(
            pieces in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(VALUE_PIECES).prop_map(str::to_string),
                    Just("x".repeat(40)),
                    Just("\u{1}\u{7f}\u{FFFF}\u{10FFFF}".to_string()),
                    "\\PC{0,3}",
                ],
                0..24,
            ),
        ) {
            let text = pieces.concat();
            let mut expected = String::new();
            for c in text.chars() {
                match c {
                    '<' => expected.push_str("&lt;"),
                    '>' => expected.push_str("&gt;"),
                    '&' => expected.push_str("&amp;"),
                    '\'' => expected.push_str("&apos;"),
                    '"' => expected.push_str("&quot;"),
                    c => expected.push(c),
                }
            }
            let mut out = b"kept".to_vec();
            escape(&text, &mut out);
            prop_assert_eq!(String::from_utf8(out).expect("UTF-8"), format!("kept{expected}"));
        }

        /// An IRI attribute is written from the writer's cache exactly as without it
        /// (`attribute_to`), whether met first or again, with one, two or the export's number of
        /// slots: a cache that returned another IRI's text, or a stale one, fails it.
        #[test]
        fn a_cached_iri_attribute_is_written_as_an_uncached_one(
            iris in proptest::collection::vec(iri(), 1..12),
            order in proptest::collection::vec(0usize..12, 1..40),
            value_bits in prop_oneof![Just(0u32), Just(1), Just(VALUE_SLOT_BITS)],
        ) {
            let mut writer = RdfXmlWriter::new([]);
            writer.value_bits = value_bits;
            for i in order {
                let iri = iris[i % iris.len()].as_str();
                let (mut cached, mut uncached) = (Vec::new(), Vec::new());
                writer.iri_attribute("rdf:resource", iri, &mut cached);
                attribute_to("rdf:resource", iri, &mut uncached);
                prop_assert_eq!(cached, uncached, "{}", iri);
            }
        }
    }

    fn swapped_case(s: &str) -> String {
        s.chars().map(|c| if c.is_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect()
    }

    /// The syntax terms, and only they, are found reserved: not a term's IRI with another
    /// namespace ending as RDF's does, nor another name of the RDF namespace of the same length.
    #[test]
    fn the_reserved_syntax_terms_are_found_and_no_other() {
        for term in RESERVED_SYNTAX_TERMS {
            assert!(is_reserved_syntax_term(term), "{term}");
            let local = term.strip_prefix(RDF_NAMESPACE).expect("in the RDF namespace");
            for other in [
                format!("http://www.w3.org/1999/02/22-owl-syntax-ns#{local}"),
                format!("{RDF_NAMESPACE}{}", swapped_case(local)),
                format!("{RDF_NAMESPACE}{local}s"),
                format!("{term}#"),
                term[..term.len() - 1].to_string(),
            ] {
                assert!(!is_reserved_syntax_term(&other), "{other}");
            }
        }
        for other in [RDF_NAMESPACE, "", "-ns#", rdf::TYPE.as_str(), "http://ex.org/a-ns#about"] {
            assert!(!is_reserved_syntax_term(other), "{other}");
        }
    }

    #[test]
    fn names_split_and_escaped_as_oxrdfxml_does() {
        let prefixes = [("ex", "http://ex.org/"), ("", "http://default.example/")];
        for (subject, predicate, object) in [
            ("http://ex.org/s", "http://ex.org/p", "http://ex.org/o"),
            ("http://ex.org/s&'", "http://ex.org/a/p1", "http://other.org/x'y&z"),
            ("urn:x:s", "urn:isbn:foo", "http://ex.org/"),
            ("http://ex.org/s", "http://ex.org/0p", "http://ex.org/o"),
            ("http://ex.org/s", "http://www.w3.org/2000/xmlns/p", "http://ex.org/o"),
            ("http://ex.org/s", "http://default.example/p", "http://ex.org/o"),
            ("http://ex.org/s", "http://ex.org/p", "http://www.w3.org/1999/02/22-rdf-syntax-ns#about"),
        ] {
            let q = |p: &str, o: Term| {
                Quad::new(NamedNode::new_unchecked(subject), NamedNode::new_unchecked(p), o, GraphName::DefaultGraph)
            };
            let quads = [
                q(rdf::TYPE.as_str(), NamedNode::new_unchecked(object).into()),
                q(predicate, NamedNode::new_unchecked(object).into()),
                q(predicate, Literal::new_simple_literal("<a> & 'b' \"c\"").into()),
            ];
            for p in [&prefixes[..], &prefixes[..1], &[]] {
                check(p, &quads);
            }
        }
        // A predicate that is a syntax term, a quad in a named graph: refused as oxrdfio does.
        let s = NamedNode::new_unchecked("http://ex.org/s");
        let refused = [
            Quad::new(
                s.clone(),
                NamedNode::new_unchecked(RESERVED_SYNTAX_TERMS[4]),
                s.clone(),
                GraphName::DefaultGraph,
            ),
            Quad::new(s.clone(), s.clone(), s.clone(), s.clone()),
        ];
        for q in refused {
            let (a, b) = (ours(&[], std::slice::from_ref(&q)), oxrdfxml(&[], std::slice::from_ref(&q)));
            assert_eq!(a.unwrap_err().to_string(), b.unwrap_err().to_string());
        }
        assert_eq!(ours(&[], &[]).unwrap(), oxrdfxml(&[], &[]).unwrap());
    }

    #[test]
    fn the_essay_is_written_as_oxrdfxml_writes_it_with_every_option() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let option_sets = [
            RdfOptions::default(),
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
            RdfOptions { only_background: true, ..RdfOptions::default() },
            RdfOptions { data: false, ..RdfOptions::default() },
        ];
        for options in option_sets {
            let what = format!("{options:?}");
            let mut written = Vec::new();
            write_rdf(&kg, RdfSyntax::RdfXml, &options, &mut written).unwrap();
            let written = String::from_utf8(written).unwrap();
            let quads = crate::export::rdf::quads_for(RdfSyntax::RdfXml, rdf_quads(&kg, &options).unwrap());
            // Byte for byte what oxrdfxml writes given the namespaces kg always declared: those
            // some term uses.
            let prefixes = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
            let used: Vec<(&str, &str)> = (prefixes.iter())
                .filter(|(_, iri)| quads.iter().any(|q| crate::export::rdf::uses_namespace(q.as_ref(), iri)))
                .map(|(p, iri)| (*p, iri.as_str()))
                .collect();
            let expected = oxrdfxml(&used, &quads).unwrap();
            if let Some((n, (a, b))) = written.lines().zip(expected.lines()).enumerate().find(|(_, (a, b))| a != b) {
                panic!("{what}, line {}:\n  kg:       {a}\n  oxrdfxml: {b}", n + 1);
            }
            assert!(written == expected, "{what}");
            assert!(quads.len() > 10 || !options.data, "{what}");
            assert_eq!(parsed(&written), graph_of(&quads), "{what}");
            // Written in two passes when it does not fit in memory: the same bytes.
            let stream = RdfStream::new(&kg, &options).unwrap();
            let subjects =
                |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stream.for_each_subject_ref(false, f);
            let mut two_passes = Vec::new();
            write_rdfxml_within(subjects, &prefixes, 0, &mut two_passes).unwrap();
            assert!(two_passes == written.as_bytes(), "{what} in two passes");
        }
    }

    /// The namespaces `build.rs` stored for the essay (`rdf_stored::encode_namespaces`) are
    /// those the writer's own first pass finds on a generated stream, and the export written
    /// with them is the one written without them.
    #[test]
    fn the_stored_namespaces_are_those_the_first_pass_finds() {
        use crate::export::rdf_stored::{decode_namespaces, encode_namespaces};
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let prefixes = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
        let stored = decode_namespaces(crate::builtin::RDFXML_NAMESPACES, &candidates).expect("build.rs stored them");
        let generated = RdfStream::generated(&kg, &options).unwrap();
        // Not stale: what the run-time code makes of the essay now.
        assert!(crate::builtin::RDFXML_NAMESPACES == encode_namespaces(&generated, &candidates).as_slice());
        let mut first_pass = NamespaceUse::new(&candidates);
        generated
            .for_each_subject_ref(false, |quads| {
                first_pass.mark_run(quads);
                Ok::<_, ()>(())
            })
            .unwrap();
        assert_eq!(stored, first_pass.used);
        // The stored stream takes the stored namespaces; written as the generated one is.
        let stream = RdfStream::new(&kg, &options).unwrap();
        assert!(stream.is_stored());
        let mut with_stored = Vec::new();
        write_rdfxml(&stream, &prefixes, &mut with_stored).unwrap();
        let subjects =
            |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| generated.for_each_subject_ref(false, f);
        let mut fresh = Vec::new();
        write_rdfxml_within(subjects, &prefixes, RDFXML_BUFFER_LIMIT, &mut fresh).unwrap();
        assert!(fresh.len() > 100_000);
        assert!(with_stored == fresh);
        // Declaring one namespace fewer or more would show (but for `rdf:`, always declared).
        for flip in (0..stored.len()).filter(|&i| candidates[i].0 != "rdf") {
            let mut wrong = stored.clone();
            wrong[flip] = !wrong[flip];
            let mut written = Vec::new();
            write_declaring(subjects, &candidates, &wrong, None, &mut written).unwrap();
            assert!(written != fresh, "{:?} flipped", candidates[flip]);
        }
    }

    /// The stored namespaces are refused for other prefixes (other options) and when damaged.
    #[test]
    fn the_stored_namespaces_are_refused_for_other_prefixes_and_when_damaged() {
        use crate::export::rdf_stored::decode_namespaces;
        let kg = KnowledgeGraph::builtin().unwrap();
        let bytes = crate::builtin::RDFXML_NAMESPACES;
        let of = |options: &RdfOptions| export_prefixes(&options.base_for(&kg), options.vocab_namespace());
        fn as_candidates<'p>(prefixes: &'p [(&'p str, String)]) -> Vec<(&'p str, &'p str)> {
            prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect()
        }
        let default = of(&RdfOptions::default());
        let candidates = as_candidates(&default);
        assert!(decode_namespaces(bytes, &candidates).is_some());
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("https://ex.org/v#".into()), ..RdfOptions::default() },
        ] {
            assert_eq!(decode_namespaces(bytes, &as_candidates(&of(&options))), None, "{options:?}");
        }
        // Other candidates: one fewer, one more, two swapped, a prefix renamed.
        let mut other = vec![candidates[..candidates.len() - 1].to_vec(), candidates.clone(), candidates.clone()];
        other[1].push(("x", "http://example.com/x#"));
        other[2].swap(0, 1);
        let mut renamed = candidates.clone();
        renamed[3].0 = "owl2";
        other.push(renamed);
        for candidates in &other {
            assert_eq!(decode_namespaces(bytes, candidates), None, "{candidates:?}");
        }
        // Cut anywhere, a flag that is no flag, bytes that are no UTF-8: refused, no panic.
        for cut in 0..bytes.len() {
            assert_eq!(decode_namespaces(&bytes[..cut], &candidates), None, "cut at {cut}");
        }
        for (from, to) in [(b'1', b'2'), (b'\t', b' '), (b'\n', 0xFF)] {
            let at = bytes.iter().position(|&b| b == from).unwrap();
            let mut wrong = bytes.to_vec();
            wrong[at] = to;
            assert_eq!(decode_namespaces(&wrong, &candidates), None, "byte {at} set to {to}");
        }
        // Another graph, or other options, never gets to them: its stream is not the stored one.
        let loaded = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        assert!(!RdfStream::new(&loaded, &RdfOptions::default()).unwrap().is_stored());
    }

    /// The default options' candidate prefixes and the namespaces the essay declares of them.
    fn essay_declared(kg: &KnowledgeGraph) -> (Vec<(&'static str, String)>, Vec<bool>) {
        let options = RdfOptions::default();
        let prefixes = export_prefixes(&options.base_for(kg), options.vocab_namespace());
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
        let used = crate::export::rdf_stored::decode_namespaces(crate::builtin::RDFXML_NAMESPACES, &candidates)
            .expect("build.rs stored them");
        (prefixes, used)
    }

    /// The prefixes marked in `used`, as the writer declares them.
    fn declared_of<'p>(prefixes: &'p [(&'p str, String)], used: &[bool]) -> Vec<(&'p str, &'p str)> {
        prefixes.iter().zip(used).filter(|(_, u)| **u).map(|((p, iri), _)| (*p, iri.as_str())).collect()
    }

    /// The essay's RDF/XML, from the stored stream with `stored_terms`.
    fn essay_with_terms(kg: &KnowledgeGraph, stored_terms: &[u8]) -> Vec<u8> {
        let (prefixes, used) = essay_declared(kg);
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
        let stream = RdfStream::new(kg, &RdfOptions::default()).unwrap();
        let stored = stream.stored().expect("the stored stream");
        let subjects =
            |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stream.for_each_subject_ref(false, f);
        let mut out = Vec::new();
        write_declaring(subjects, &candidates, &used, Some((stored, stored_terms)), &mut out).unwrap();
        out
    }

    /// Term `n`'s pieces as the stored forms hold them: name, element name with its namespace
    /// declaration, subject attribute, object attributes, flags.
    fn pieces<'b>(forms: &StoredForms<'b>, n: u32) -> (&'b [u8], &'b [u8], &'b [u8], &'b [u8], u32) {
        let e = forms.entry(n);
        let span = |a, b| forms.span(e, a, b);
        (
            span(START, NAME_END),
            span(START, ELEMENT_END),
            span(ELEMENT_END, SUBJECT_END),
            span(SUBJECT_END, OBJECT_END),
            e[FLAGS],
        )
    }

    /// ` name="value"` with the value escaped as quick-xml does, written here (not by the writer).
    fn attribute(name: &str, value: &str) -> String {
        let mut escaped = Vec::new();
        escape(value, &mut escaped);
        format!(" {name}=\"{}\"", String::from_utf8(escaped).unwrap())
    }

    /// `build.rs`'s written terms are what this writer makes of the stored stream's terms now,
    /// term by term against a reference written here (the element name from a fresh writer's
    /// `qname`, with its cache); the export written with them is the one written without them
    /// and the generated stream's, byte for byte, makes none of the stream's terms, and does
    /// copy them.
    #[test]
    fn the_stored_terms_are_the_terms_written_here() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let (prefixes, used) = essay_declared(&kg);
        let declared = declared_of(&prefixes, &used);
        let bytes = crate::builtin::RDFXML_TERMS;
        assert!(bytes == encode_terms(stored, &declared).as_slice(), "the stored RDF/XML terms are stale");
        let forms = StoredForms::decode(bytes, stored, &declared).expect("taken");
        let mut fresh = RdfXmlWriter::new(declared.iter().copied());
        let mut kinds = [0; 4];
        for (n, term) in stored.terms().iter().enumerate() {
            let (name, element, subject, object, flags) = pieces(&forms, n as u32);
            let text = |s: &[u8]| String::from_utf8(s.to_vec()).unwrap();
            let (mut want_element, mut want_subject, mut want_flags) = (String::new(), String::new(), 0);
            let want_object = match term {
                TermRef::NamedNode(iri) => {
                    kinds[0] += 1;
                    let xmlns = fresh.qname(*iri);
                    assert_eq!(text(name), fresh.name, "term {n}");
                    want_element = fresh.name.clone() + &xmlns.map_or(String::new(), |(a, ns)| attribute(a, ns));
                    want_subject = attribute("rdf:about", iri.as_str()) + ">";
                    want_flags = (IS_RDF_TYPE * u32::from(*iri == rdf::TYPE))
                        | (RESERVED * u32::from(is_reserved_syntax_term(iri.as_str())));
                    attribute("rdf:resource", iri.as_str()) + "/>"
                }
                TermRef::BlankNode(b) => {
                    kinds[1] += 1;
                    want_subject = attribute("rdf:nodeID", b.as_str()) + ">";
                    attribute("rdf:nodeID", b.as_str()) + "/>"
                }
                TermRef::Literal(l) => {
                    kinds[2 + usize::from(l.language().is_none())] += 1;
                    let attributes = match (l.language(), l.datatype()) {
                        (Some(language), _) => attribute("xml:lang", language),
                        (None, xsd::STRING) => String::new(),
                        (None, datatype) => attribute("rdf:datatype", datatype.as_str()),
                    };
                    format!(
                        "{attributes}>{}</",
                        text(&{
                            let mut v = Vec::new();
                            escape(l.value(), &mut v);
                            v
                        })
                    )
                }
                #[allow(unreachable_patterns)]
                _ => unreachable!(),
            };
            assert_eq!(text(element), want_element, "term {n}: {term}");
            assert_eq!(text(subject), want_subject, "term {n}: {term}");
            assert_eq!(text(object), want_object, "term {n}: {term}");
            assert_eq!(flags, want_flags, "term {n}: {term}");
        }
        // IRIs and both kinds of literals (the essay has no blank node).
        assert!(kinds[0] > 100 && kinds[2] > 10 && kinds[3] > 10, "{kinds:?}");
        assert_eq!(forms.entry(stored.terms().len() as u32), [0; ENTRY_WORDS]);
        // With them, without them (empty bytes: refused), and the generated stream's export
        // (each term made; `the_essay_is_written_as_oxrdfxml_writes_it_with_every_option`
        // compares the default export with oxrdfxml's).
        let written = essay_with_terms(&kg, bytes);
        assert!(written == essay_with_terms(&kg, &[]), "without the stored terms");
        let generated = RdfStream::generated(&kg, &RdfOptions::default()).unwrap();
        let subjects =
            |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| generated.for_each_subject_ref(false, f);
        let mut fresh_export = Vec::new();
        write_rdfxml_within(subjects, &prefixes, RDFXML_BUFFER_LIMIT, &mut fresh_export).unwrap();
        assert!(written == fresh_export, "the generated stream's export");
        let mut exported = Vec::new();
        write_rdfxml(&RdfStream::new(&kg, &RdfOptions::default()).unwrap(), &prefixes, &mut exported).unwrap();
        assert!(written == exported, "the export");
        // Written by number, none of a freshly read stream's terms made.
        let fresh_stream = StoredStream::decode(crate::builtin::RDF_STREAM).unwrap();
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
        let none = |_: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| -> Result<(), ExportError> {
            panic!("the quads were lent")
        };
        let mut by_number = Vec::new();
        write_declaring(none, &candidates, &used, Some((&fresh_stream, bytes)), &mut by_number).unwrap();
        assert!(by_number == written);
        assert!(!fresh_stream.terms_made(), "every term was made");
        // The export does copy them: a letter changed in the first subject's attribute (its
        // IRI's last lowercase letter) shows in the output.
        let mut first = None;
        stored
            .for_each_subject_numbers(false, |numbers| {
                first = first.or(Some(numbers[0][0]));
                Ok::<_, ()>(())
            })
            .unwrap();
        let e = forms.entry(first.expect("a subject"));
        let written_at = bytes.len() - forms.written.len();
        let mut changed = bytes.to_vec();
        let at = (written_at + e[ELEMENT_END] as usize..written_at + e[SUBJECT_END] as usize)
            .rev()
            .find(|&i| changed[i].is_ascii_lowercase())
            .expect("a letter");
        changed[at] = if changed[at] == b'x' { b'y' } else { b'x' };
        assert!(StoredForms::decode(&changed, stored, &declared).is_some());
        assert!(essay_with_terms(&kg, &changed) != written);
    }

    /// The streams of every option set, stored and written by number with their terms' stored
    /// forms, are written as their quads are.
    #[test]
    fn every_options_stream_is_written_by_number_as_by_its_quads() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for options in [
            RdfOptions::default(),
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
            RdfOptions { only_background: true, ..RdfOptions::default() },
            RdfOptions { ontology: false, ..RdfOptions::default() },
            RdfOptions { data: false, ..RdfOptions::default() },
        ] {
            let generated = RdfStream::generated(&kg, &options).unwrap();
            let stored_bytes = crate::export::rdf_stored::encode(&generated);
            let stored = StoredStream::decode(&stored_bytes).unwrap();
            let prefixes = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
            let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(p, iri)| (*p, iri.as_str())).collect();
            let mut used = NamespaceUse::new(&candidates);
            generated
                .for_each_subject_ref(false, |quads| {
                    used.mark_run(quads);
                    Ok::<_, ()>(())
                })
                .unwrap();
            let declared = declared_of(&prefixes, &used.used);
            let forms = encode_terms(&stored, &declared);
            assert!(StoredForms::decode(&forms, &stored, &declared).is_some(), "{options:?}");
            let subjects =
                |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stored.for_each_subject(false, f);
            let (mut by_number, mut by_quads) = (Vec::new(), Vec::new());
            write_declaring(subjects, &candidates, &used.used, Some((&stored, &forms)), &mut by_number).unwrap();
            write_declaring(subjects, &candidates, &used.used, None, &mut by_quads).unwrap();
            assert!(by_number == by_quads, "{options:?}");
            assert!(by_number.len() > 1_000 || !options.data, "{options:?}");
        }
    }

    proptest! {
        /// Hostile triples (blank nodes, syntax terms as classes and predicates, escapes, names
        /// needing a declaration), stored as a stream in runs of one subject (a subject's run
        /// sometimes cut in two), written by number with their stored forms as the writer writes
        /// their quads: the same bytes, or the same refusal.
        #[test]
        fn hostile_triples_are_written_by_number_as_by_their_quads(
            prefixes in prefixes(),
            quads in quads(),
            cuts in proptest::collection::vec(any::<bool>(), 12),
        ) {
            let mut runs: Vec<Vec<QuadRef<'_>>> = Vec::new();
            for (i, q) in quads.iter().enumerate() {
                match runs.last_mut() {
                    Some(run) if run[0].subject == q.subject.as_ref() && !cuts[i % cuts.len()] => run.push(q.as_ref()),
                    _ => runs.push(vec![q.as_ref()]),
                }
            }
            let bytes = crate::export::rdf_stored::encode_runs(
                |f| runs.iter().try_for_each(|run| f(run)),
                (quads.len(), 0),
            );
            let stored = StoredStream::decode(&bytes).expect("a stored stream");
            let used = vec![true; prefixes.len()];
            let forms = encode_terms(&stored, &prefixes);
            prop_assert!(StoredForms::decode(&forms, &stored, &prefixes).is_some());
            let subjects = |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| {
                runs.iter().try_for_each(|run| f(run))
            };
            let (mut by_number, mut by_quads) = (Vec::new(), Vec::new());
            let a = write_declaring(subjects, &prefixes, &used, Some((&stored, &forms)), &mut by_number);
            let b = write_declaring(subjects, &prefixes, &used, None, &mut by_quads);
            match (a, b) {
                (Ok(()), Ok(())) => prop_assert_eq!(String::from_utf8(by_number).unwrap(), String::from_utf8(by_quads).unwrap()),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "by number: {:?}\nby quads: {:?}", a, b),
            }
        }
    }

    /// The stored terms are refused for other declared namespaces, another stream, and cut or
    /// damaged bytes, with no panic.
    #[test]
    fn the_stored_terms_are_refused_where_they_were_not_made_for() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let (prefixes, used) = essay_declared(&kg);
        let declared = declared_of(&prefixes, &used);
        let bytes = crate::builtin::RDFXML_TERMS;
        assert!(StoredForms::decode(bytes, stored, &declared).is_some());
        // Other options' namespaces; one fewer, one more, two swapped, one renamed.
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
        ] {
            let other = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
            let other: Vec<(&str, &str)> =
                other.iter().zip(&used).filter(|(_, u)| **u).map(|((p, iri), _)| (*p, iri.as_str())).collect();
            assert!(StoredForms::decode(bytes, stored, &other).is_none(), "{options:?}");
        }
        let mut swapped = declared.clone();
        swapped.swap(0, 1);
        let mut renamed = declared.clone();
        renamed[1].0 = "zz";
        let more = [declared.as_slice(), &[("more", "http://example.com/more#")]].concat();
        for other in [&declared[1..], &more, &swapped, &renamed] {
            assert!(StoredForms::decode(bytes, stored, other).is_none(), "{other:?}");
        }
        // Another stream (another number of terms): the essay without its ontology, stored.
        let options = RdfOptions { ontology: false, ..RdfOptions::default() };
        let other_bytes = crate::export::rdf_stored::encode(&RdfStream::new(&kg, &options).unwrap());
        let other_stream = crate::export::StoredStream::decode(&other_bytes).unwrap();
        assert!(StoredForms::decode(bytes, &other_stream, &declared).is_none());
        // The binary's own bytes were checked when kg was compiled, and pass the check at run
        // time; a copy, or another stream's kinds of terms, is not taken as checked, and a
        // stream of other kinds (its last IRI taken for a blank node) fails the check.
        let kinds = stored.kinds();
        assert!(crate::builtin::rdfxml_terms_checked(bytes, kinds));
        assert!(forms_well_formed(bytes, kinds));
        let copy = bytes.to_vec();
        assert!(!crate::builtin::rdfxml_terms_checked(&copy, kinds));
        let shifted = [kinds[0] - 1, kinds[1] + 1, kinds[2], kinds[3]];
        assert!(!crate::builtin::rdfxml_terms_checked(bytes, shifted));
        assert!(!forms_well_formed(bytes, shifted));
        // Empty, cut anywhere, the magic changed, a byte that is no UTF-8: refused.
        assert!(StoredForms::decode(&[], stored, &declared).is_none());
        for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(StoredForms::decode(&bytes[..cut], stored, &declared).is_none(), "cut at {cut}");
        }
        let mut magic = bytes.to_vec();
        magic[0] ^= 1;
        assert!(StoredForms::decode(&magic, stored, &declared).is_none());
        let mut not_utf8 = bytes.to_vec();
        *not_utf8.last_mut().unwrap() = 0xFF;
        assert!(StoredForms::decode(&not_utf8, stored, &declared).is_none());
        // Words changed: a piece moved before the one before or beyond the text, a start that
        // is not the last end, flags on a literal or beyond the flags, a name given to a
        // literal, a literal's object attributes ending as an IRI's, an IRI's subject attribute
        // taken away, a piece ending inside a character.
        let word = |t: usize, k: usize| {
            let at = 12 + 4 * (ENTRY_WORDS * t + k);
            u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
        };
        let with_word = |t: usize, k: usize, value: u32| {
            let at = 12 + 4 * (ENTRY_WORDS * t + k);
            let mut wrong = bytes.to_vec();
            wrong[at..at + 4].copy_from_slice(&value.to_le_bytes());
            wrong
        };
        let terms = stored.term_count();
        let iri = (1..terms).find(|&t| matches!(stored.terms()[t], TermRef::NamedNode(_))).unwrap();
        let literal = (0..terms).find(|&t| matches!(stored.terms()[t], TermRef::Literal(_))).unwrap();
        let last = terms - 1;
        let written_len = word(last, OBJECT_END);
        for (what, wrong) in [
            ("name before start", with_word(iri, NAME_END, word(iri, START) - 1)),
            ("subject before element", with_word(iri, SUBJECT_END, word(iri, ELEMENT_END) - 1)),
            ("start not the last end", with_word(iri, START, word(iri, START) + 1)),
            ("end beyond the text", with_word(last, OBJECT_END, written_len + 1)),
            ("flags on a literal", with_word(literal, FLAGS, IS_RDF_TYPE)),
            ("flags beyond", with_word(iri, FLAGS, 4)),
            ("a literal's name", with_word(literal, NAME_END, word(literal, START) + 1)),
            ("a literal ending as an IRI", with_word(literal, OBJECT_END, word(literal, OBJECT_END) - 1)),
            ("no subject attribute", with_word(iri, SUBJECT_END, word(iri, ELEMENT_END))),
        ] {
            assert!(StoredForms::decode(&wrong, stored, &declared).is_none(), "{what}");
        }
        // A piece ending inside a two-byte character (`é` in a term of the essay).
        let written_at = bytes.len() - word(last, OBJECT_END) as usize;
        let (term, wide) = (0..terms)
            .find_map(|t| {
                let object = word(t, SUBJECT_END) as usize..word(t, OBJECT_END) as usize;
                Some((t, object.clone().find(|&i| bytes[written_at + i] >= 0xC0)?))
            })
            .expect("a piece with a non-ASCII character");
        assert!(StoredForms::decode(&with_word(term, SUBJECT_END, wide as u32 + 1), stored, &declared).is_none());
    }

    #[test]
    fn the_stored_stream_alone_is_written_as_the_graphs_stream() {
        // `write_rdfxml_stored` (no graph, no stream) against `write_rdf` of the built-in graph
        // and of the graph the loader makes (its stream generated), and the two-pass writer
        // of its quads, which it falls back to.
        let (builtin, loaded, stored) = crate::export::essay_graphs_and_stored_stream();
        let options = RdfOptions::default();
        let prefixes = export_prefixes(&options.base_for(&builtin), options.vocab_namespace());
        let (mut alone, mut quads, mut graph, mut generated) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        write_rdfxml_stored(stored, &prefixes, &mut alone).unwrap();
        let subjects = |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stored.for_each_subject(false, f);
        write_rdfxml_within(subjects, &prefixes, RDFXML_BUFFER_LIMIT, &mut quads).unwrap();
        write_rdf(&builtin, RdfSyntax::RdfXml, &options, &mut graph).unwrap();
        write_rdf(&loaded, RdfSyntax::RdfXml, &options, &mut generated).unwrap();
        assert!(!alone.is_empty());
        assert!(alone == graph, "the stored stream alone");
        assert!(quads == graph, "the stored stream's quads");
        assert!(generated == graph, "the generated stream");
    }
}
