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
/// `encode_namespaces`): written in one pass with them, nothing kept, and each term's element
/// name and escaped text copied by number from what `build.rs` wrote with this writer
/// ([`encode_terms`]).
///
/// # Errors
/// The writer's, and a triple whose predicate is an RDF/XML syntax term (`rdf:about`, ...).
pub(crate) fn write_rdfxml(
    stream: &RdfStream<'_>,
    prefixes: &[(&str, String)],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let subjects = |f: &mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>| stream.for_each_subject_ref(false, f);
    if stream.is_stored() {
        let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(name, iri)| (*name, iri.as_str())).collect();
        if let Some(used) = super::rdf_stored::decode_namespaces(crate::builtin::RDFXML_NAMESPACES, &candidates) {
            let stored = stream.stored().map(|s| (s, crate::builtin::RDFXML_TERMS));
            return write_declaring(subjects, &candidates, &used, stored, out);
        }
    }
    write_rdfxml_within(subjects, prefixes, RDFXML_BUFFER_LIMIT, out)
}

/// A quad outside the default graph given to the RDF/XML writer (refused as oxrdfio refuses it).
fn not_in_the_default_graph() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "Only quads in the default graph can be serialized to a RDF graph format",
    )
}

/// Term numbers of no quad of the stored stream (`well_formed` rules them out).
fn not_a_quad(n: [u32; 4]) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("the stored stream has no quad of terms {n:?}"))
}

/// How much text [`write_declaring`] gathers before it hands it to the writer.
const FLUSH_AT: usize = 1 << 16;

/// Writes the triples `subjects` hands over as RDF/XML declaring the `candidates` marked in
/// `used`, which must be those the triples use (as [`NamespaceUse`] finds them), in one pass.
/// `stored`: the stored stream the triples are lent from, and the terms [`encode_terms`] wrote
/// for it (lent numbered instead, each term copied, where [`StoredTerms::decode`] takes them for
/// this stream and these declared namespaces).
fn write_declaring(
    subjects: impl Fn(&mut dyn FnMut(&[QuadRef<'_>]) -> Result<(), ExportError>) -> Result<(), ExportError>,
    candidates: &[(&str, &str)],
    used: &[bool],
    stored: Option<(&StoredStream<'_>, &[u8])>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let declared: Vec<(&str, &str)> = candidates.iter().zip(used).filter(|(_, u)| **u).map(|(c, _)| *c).collect();
    let mut writer = RdfXmlWriter::new(declared.iter().copied());
    let mut buffer = Vec::with_capacity(2 * FLUSH_AT);
    // A subject's quads, or (from the stored stream) its quads' term numbers with the stream
    // and its written terms: each quad's terms found by number, no quad made.
    let mut subject = |quads: &[QuadRef<'_>], known: Option<(&StoredStream<'_>, &StoredTerms<'_>, &[[u32; 4]])>| {
        match known {
            Some((stored, terms, numbers)) => {
                let all = stored.terms();
                for &n in numbers {
                    let term = |k: usize| all.get(n[k] as usize).copied();
                    let (Some(subject), Some(TermRef::NamedNode(predicate)), Some(object)) =
                        (term(0), term(1), term(2))
                    else {
                        return Err(ExportError::from(not_a_quad(n)));
                    };
                    let subject = match subject {
                        TermRef::NamedNode(s) => NamedOrBlankNodeRef::NamedNode(s),
                        TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
                        _ => return Err(ExportError::from(not_a_quad(n))),
                    };
                    if n[3] != u32::MAX {
                        return Err(ExportError::from(not_in_the_default_graph()));
                    }
                    writer.write_numbered(subject, predicate, object, Some((terms, n)), &mut buffer)?;
                }
            }
            None => {
                for q in quads {
                    writer.write_quad(*q, &mut buffer)?;
                }
            }
        }
        if buffer.len() >= FLUSH_AT {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        Ok::<(), ExportError>(())
    };
    let stored = stored.and_then(|(s, bytes)| Some((s, StoredTerms::decode(bytes, s, &declared)?)));
    match &stored {
        Some((s, terms)) => s.for_each_subject_numbers(false, |numbers| subject(&[], Some((s, terms, numbers))))?,
        None => subjects(&mut |quads| subject(quads, None))?,
    }
    writer.finish(&mut buffer);
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
    /// The open subject (`N` for an IRI, `B` for a blank node, then its text; empty when it is
    /// known by its number, `subject_number`).
    current_subject: Option<String>,
    /// The open subject's term number, when the quads are numbered ([`Self::write_numbered`]).
    subject_number: Option<u32>,
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
            subject_number: None,
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
        self.write_numbered(q.subject, q.predicate, q.object, None, out)
    }

    /// [`Self::write_quad`], with the stored terms and the quad's term numbers (subject,
    /// predicate, object, graph) when `known`: each term's element name and escaped text then
    /// copied, the subject told by its number.
    fn write_numbered(
        &mut self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
        known: Option<(&StoredTerms<'_>, [u32; 4])>,
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        if !self.started {
            self.start(out);
            self.started = true;
            self.depth = 1;
        }
        let same_subject = match (&self.current_subject, subject) {
            (Some(_), _) if known.is_some() => self.subject_number == known.map(|(_, n)| n[0]),
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
            self.subject_number = known.map(|(_, n)| n[0]);
            match subject {
                _ if known.is_some() => {}
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
            let typed = match object {
                TermRef::NamedNode(t) if predicate == rdf::TYPE && !is_reserved_syntax_term(t.as_str()) => Some(t),
                _ => None,
            };
            out.push(b'<');
            match typed {
                Some(t) => {
                    let (name, xmlns) = self.qname_known(t, known.map(|(terms, n)| (terms, n[2])));
                    let name = name.unwrap_or(&self.name);
                    out.extend_from_slice(name.as_bytes());
                    let mut tag = std::mem::take(&mut self.spare_tag);
                    tag.clear();
                    tag.push_str(name);
                    self.current_tag = Some(tag);
                    if let Some((attribute, namespace)) = xmlns {
                        attribute_to(attribute, namespace, out);
                    }
                }
                None => out.extend_from_slice(b"rdf:Description"),
            }
            let subject_text = known.and_then(|(terms, n)| terms.text(n[0]));
            match subject {
                NamedOrBlankNodeRef::NamedNode(n) => attribute_known("rdf:about", n.as_str(), subject_text, out),
                NamedOrBlankNodeRef::BlankNode(b) => attribute_known("rdf:nodeID", b.as_str(), subject_text, out),
            }
            out.push(b'>');
            self.depth += 1;
            if typed.is_some() {
                return Ok(());
            }
        }
        self.property(predicate, object, known, out)
    }

    /// One property element (`known`: the stored terms and the quad's numbers).
    fn property(
        &mut self,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
        known: Option<(&StoredTerms<'_>, [u32; 4])>,
        out: &mut Vec<u8>,
    ) -> io::Result<()> {
        if is_reserved_syntax_term(predicate.as_str()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "RDF/XML reserved syntax term is not allowed as a predicate",
            ));
        }
        let (stored_name, xmlns) = self.qname_known(predicate, known.map(|(terms, n)| (terms, n[1])));
        let object_text = known.and_then(|(terms, n)| terms.text(n[2]));
        self.line(out);
        out.push(b'<');
        out.extend_from_slice(stored_name.unwrap_or(&self.name).as_bytes());
        if let Some((attribute, namespace)) = xmlns {
            attribute_to(attribute, namespace, out);
        }
        match object {
            TermRef::NamedNode(n) => {
                match object_text {
                    Some(_) => attribute_known("rdf:resource", n.as_str(), object_text, out),
                    None => self.iri_attribute("rdf:resource", n.as_str(), out),
                }
                out.extend_from_slice(b"/>");
            }
            TermRef::BlankNode(b) => {
                attribute_known("rdf:nodeID", b.as_str(), object_text, out);
                out.extend_from_slice(b"/>");
            }
            TermRef::Literal(l) => {
                if let Some(language) = l.language() {
                    attribute_to("xml:lang", language, out);
                } else if l.datatype() != xsd::STRING {
                    self.iri_attribute("rdf:datatype", l.datatype().as_str(), out);
                }
                out.push(b'>');
                match object_text {
                    Some(text) => out.extend_from_slice(text),
                    None => escape(l.value(), out),
                }
                out.extend_from_slice(b"</");
                out.extend_from_slice(stored_name.unwrap_or(&self.name).as_bytes());
                out.push(b'>');
            }
        }
        Ok(())
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

    /// [`Self::qname`], taken from the stored terms when `known` (them and `iri`'s number)
    /// holds it: then the name is given as stored (`self.name` is left as it was), else `None`
    /// and the name is in `self.name`.
    #[inline]
    fn qname_known<'i, 'b>(
        &mut self,
        iri: NamedNodeRef<'i>,
        known: Option<(&StoredTerms<'b>, u32)>,
    ) -> (Option<&'b str>, Option<(&'static str, &'i str)>) {
        let Some((name, declared)) = known.and_then(|(terms, n)| terms.name(n)) else { return (None, self.qname(iri)) };
        let Some(namespace) = iri.as_str().get(..declared) else { return (None, self.qname(iri)) };
        let xmlns = match declared {
            0 => None,
            _ if name.starts_with("oxprefix:") => Some(("xmlns:oxprefix", namespace)),
            _ => Some(("xmlns", namespace)),
        };
        (Some(name), xmlns)
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

/// ` name="value"`, the value escaped, or copied from `known` (as [`escape`] wrote it) when given.
#[inline]
fn attribute_known(name: &str, value: &str, known: Option<&[u8]>, out: &mut Vec<u8>) {
    match known {
        Some(text) => {
            out.push(b' ');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"=\"");
            out.extend_from_slice(text);
            out.push(b'"');
        }
        None => attribute_to(name, value, out),
    }
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
const TERMS_MAGIC: u32 = u32::from_le_bytes(*b"kxt1");

/// The text of a term as RDF/XML writes it: an IRI, a blank node's id, a literal's value.
fn term_text<'t>(t: &TermRef<'t>) -> &'t str {
    match *t {
        TermRef::NamedNode(n) => n.as_str(),
        TermRef::BlankNode(b) => b.as_str(),
        TermRef::Literal(l) => l.value(),
        #[allow(unreachable_patterns)]
        _ => "",
    }
}

/// Each term of the stored stream (`rdf_stored.rs`) as this writer writes it declaring
/// `declared`: its text escaped ([`escape`]: an IRI in `rdf:about` or `rdf:resource`, a blank
/// node's id, a literal's value) and, for an IRI, its element name and the length of the
/// namespace an element declares for it ([`RdfXmlWriter::qname_uncached`]); made by `build.rs`
/// for the built-in essay with the namespaces it uses, so that its export copies them by number.
///
/// Layout (little-endian `u32`s, then bytes): magic, terms, the declared namespaces' text length;
/// per term the end of its text, the end of its name (after its text) and the length of its
/// declared namespace; the declared namespaces as text (`prefix`, tab, IRI, newline each), the
/// written texts and names one after another. Empty if they are too long to store.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_terms(stream: &StoredStream<'_>, declared: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = RdfXmlWriter::new(declared.iter().copied());
    let (mut entries, mut written) = (Vec::new(), Vec::new());
    for term in stream.terms() {
        escape(term_text(term), &mut written);
        let text_end = written.len();
        let mut namespace = 0;
        if let TermRef::NamedNode(n) = term {
            namespace = writer.qname_uncached(*n).map_or(0, |(_, namespace)| namespace.len());
            written.extend_from_slice(writer.name.as_bytes());
        }
        let (Ok(text_end), Ok(name_end)) = (u32::try_from(text_end), u32::try_from(written.len())) else {
            return Vec::new();
        };
        entries.extend([text_end, name_end, namespace as u32]);
    }
    let text = super::rdf_stored::pairs_text(declared.iter().copied());
    super::rdf_stored::encode_terms_with(TERMS_MAGIC, stream.terms().len(), &entries, &text, &written)
}

/// The stored stream's terms as RDF/XML writes them ([`encode_terms`]), read in place.
struct StoredTerms<'b> {
    /// Per term, by number: found once, as `decode` checks the entries, not at each use.
    terms: Vec<StoredTerm<'b>>,
}

/// A term as [`encode_terms`] stored it: its text as written (escaped) and an IRI's element name
/// with the length of the namespace an element declares for it.
type StoredTerm<'b> = (&'b [u8], Option<(&'b str, usize)>);

impl<'b> StoredTerms<'b> {
    /// The terms [`encode_terms`] stored in `bytes` for `stream` and these very `declared`
    /// namespaces; `None` for other namespaces (other options), a stream of another number of
    /// terms, empty bytes (the built-in data was invalid when the crate was built) and bytes it
    /// did not write (every end checked, each text and name whole UTF-8, an IRI's name not empty
    /// and its namespace a piece of it, no other term with a name).
    fn decode(bytes: &'b [u8], stream: &StoredStream<'_>, declared: &[(&str, &str)]) -> Option<Self> {
        let made_for = super::rdf_stored::pairs_text(declared.iter().copied());
        let (entries, written) = super::rdf_stored::decode_terms_with(bytes, TERMS_MAGIC, stream, 3, &made_for)?;
        let mut terms = Vec::with_capacity(entries.len() / 12);
        let mut start = 0;
        for (entry, term) in entries.chunks_exact(12).zip(stream.terms()) {
            let [text_end, name_end, namespace] =
                [0, 1, 2].map(|k| u32::from_le_bytes(entry[4 * k..4 * k + 4].try_into().unwrap_or_default()) as usize);
            if text_end < start || name_end < text_end || !written.is_char_boundary(text_end) {
                return None;
            }
            written.get(..name_end)?;
            let iri = match term {
                TermRef::NamedNode(n) => n.as_str(),
                _ => "",
            };
            if (iri.is_empty() && name_end != text_end) || (!iri.is_empty() && name_end == text_end) {
                return None;
            }
            iri.get(..namespace)?;
            let name = written.get(text_end..name_end).filter(|name| !name.is_empty());
            terms.push((written.get(start..text_end)?.as_bytes(), name.map(|name| (name, namespace))));
            start = name_end;
        }
        (start == written.len() && terms.len() == stream.term_count()).then_some(StoredTerms { terms })
    }

    /// Term `n`'s text as written (escaped).
    #[inline]
    fn text(&self, n: u32) -> Option<&'b [u8]> {
        Some(self.terms.get(n as usize)?.0)
    }

    /// IRI `n`'s element name and the length of the namespace an element declares for it
    /// (0: none).
    #[inline]
    fn name(&self, n: u32) -> Option<(&'b str, usize)> {
        self.terms.get(n as usize)?.1
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

    /// `build.rs`'s written terms are what this writer makes of the stored stream's terms now,
    /// term by term; the export written with them is the one written without them and the
    /// generated stream's, byte for byte; it does copy them.
    #[test]
    fn the_stored_terms_are_the_terms_written_here() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let (prefixes, used) = essay_declared(&kg);
        let declared = declared_of(&prefixes, &used);
        let bytes = crate::builtin::RDFXML_TERMS;
        assert!(bytes == encode_terms(stored, &declared).as_slice(), "the stored RDF/XML terms are stale");
        let terms = StoredTerms::decode(bytes, stored, &declared).expect("taken");
        // Term by term: the escaped text, and an IRI's name and declaration as a fresh writer
        // (with its cache) makes them.
        let mut fresh = RdfXmlWriter::new(declared.iter().copied());
        for (n, term) in stored.terms().iter().enumerate() {
            let mut text = Vec::new();
            escape(term_text(term), &mut text);
            assert_eq!(terms.text(n as u32), Some(text.as_slice()), "term {n}: {term}");
            match term {
                TermRef::NamedNode(iri) => {
                    let xmlns = fresh.qname(*iri);
                    let (name, namespace) = terms.name(n as u32).expect("an IRI's name");
                    assert_eq!(name, fresh.name, "term {n}");
                    let mut copied = RdfXmlWriter::new(declared.iter().copied());
                    let (copied_name, copied_xmlns) = copied.qname_known(*iri, Some((&terms, n as u32)));
                    assert_eq!(copied_xmlns, xmlns, "term {n}");
                    assert_eq!(copied_name, Some(fresh.name.as_str()), "term {n}");
                    // Not from the stored terms: made in `name`.
                    assert_eq!(copied.qname_known(*iri, None), (None, xmlns), "term {n}");
                    assert_eq!(copied.name, fresh.name, "term {n}");
                    assert_eq!(namespace, xmlns.map_or(0, |(_, ns)| ns.len()), "term {n}");
                }
                _ => assert!(terms.name(n as u32).is_none(), "term {n}"),
            }
        }
        assert!(terms.text(stored.terms().len() as u32).is_none());
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
        // The export does copy them: a letter changed in the last term's name (an IRI's, as
        // the essay's last term is a typed literal, the last IRI's name) shows in the output.
        let mut changed = bytes.to_vec();
        let at = (0..changed.len()).rev().find(|&i| changed[i].is_ascii_lowercase()).expect("a letter");
        changed[at] = if changed[at] == b'x' { b'y' } else { b'x' };
        assert!(StoredTerms::decode(&changed, stored, &declared).is_some());
        assert!(essay_with_terms(&kg, &changed) != written);
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
        assert!(StoredTerms::decode(bytes, stored, &declared).is_some());
        // Other options' namespaces; one fewer, one more, two swapped, one renamed.
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
        ] {
            let other = export_prefixes(&options.base_for(&kg), options.vocab_namespace());
            let other: Vec<(&str, &str)> =
                other.iter().zip(&used).filter(|(_, u)| **u).map(|((p, iri), _)| (*p, iri.as_str())).collect();
            assert!(StoredTerms::decode(bytes, stored, &other).is_none(), "{options:?}");
        }
        let mut swapped = declared.clone();
        swapped.swap(0, 1);
        let mut renamed = declared.clone();
        renamed[1].0 = "zz";
        let more = [declared.as_slice(), &[("more", "http://example.com/more#")]].concat();
        for other in [&declared[1..], &more, &swapped, &renamed] {
            assert!(StoredTerms::decode(bytes, stored, other).is_none(), "{other:?}");
        }
        // Another stream (another number of terms): the essay without its ontology, stored.
        let options = RdfOptions { ontology: false, ..RdfOptions::default() };
        let other_bytes = crate::export::rdf_stored::encode(&RdfStream::new(&kg, &options).unwrap());
        let other_stream = crate::export::StoredStream::decode(&other_bytes).unwrap();
        assert!(StoredTerms::decode(bytes, &other_stream, &declared).is_none());
        // Cut anywhere, ends moved, a name given to a literal or taken from an IRI, a namespace
        // longer than its IRI, a non-UTF-8 byte, a character cut in two, the magic: refused.
        assert!(StoredTerms::decode(&[], stored, &declared).is_none());
        for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(StoredTerms::decode(&bytes[..cut], stored, &declared).is_none(), "cut at {cut}");
        }
        let word = |i: usize| u32::from_le_bytes(bytes[12 + 4 * i..16 + 4 * i].try_into().unwrap());
        let with_word = |i: usize, value: u32| {
            let mut wrong = bytes.to_vec();
            wrong[12 + 4 * i..16 + 4 * i].copy_from_slice(&value.to_le_bytes());
            wrong
        };
        let terms = stored.terms().len();
        let iri = (0..terms).find(|&t| matches!(stored.terms()[t], TermRef::NamedNode(_)) && t > 0).unwrap();
        let literal = (0..terms).find(|&t| matches!(stored.terms()[t], TermRef::Literal(_))).unwrap();
        let iri_len = term_text(&stored.terms()[iri]).len() as u32;
        for wrong in [
            with_word(3 * iri, word(3 * iri - 2) - 1),
            with_word(3 * iri + 1, word(3 * iri) - 1),
            with_word(3 * iri + 1, word(3 * iri)),
            with_word(3 * literal + 1, word(3 * literal) + 1),
            with_word(3 * iri + 2, iri_len + 1),
            with_word(3 * (terms - 1) + 1, u32::MAX),
        ] {
            assert!(StoredTerms::decode(&wrong, stored, &declared).is_none());
        }
        let mut not_utf8 = bytes.to_vec();
        *not_utf8.last_mut().unwrap() = 0xFF;
        assert!(StoredTerms::decode(&not_utf8, stored, &declared).is_none());
        let mut magic = bytes.to_vec();
        magic[0] ^= 1;
        assert!(StoredTerms::decode(&magic, stored, &declared).is_none());
        // A text ending inside a two-byte character (`é` in a term of the essay).
        let written_at = bytes.len() - word(3 * (terms - 1) + 1) as usize;
        let start = |t: usize| if t == 0 { 0 } else { word(3 * t - 2) as usize };
        let (term, wide) = (0..terms)
            .find_map(|t| {
                let text = start(t)..word(3 * t) as usize;
                Some((t, text.clone().find(|&i| bytes[written_at + i] >= 0xC0)?))
            })
            .expect("a text with a non-ASCII character");
        assert!(StoredTerms::decode(&with_word(3 * term, wide as u32 + 1), stored, &declared).is_none());
    }
}
