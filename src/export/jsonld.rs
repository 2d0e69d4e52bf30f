//! Compact JSON-LD 1.1, streamed: one `@context` fixed before the first quad (the one published
//! as `docs/context.jsonld` for the default base), then one node object per subject written as
//! [`RdfStream`] hands it over, `@type` for `rdf:type`, a short term for each property (its local
//! name, `label`, `partyTo`), and the background graph as the `@graph` of its own node object,
//! last. As RDF it is exactly the N-Quads export.
//!
//! The context does not depend on the data: every property kg can write is declared in
//! [`context::PROPERTIES`] (and one per relation kind) with the kind of value it takes (an IRI, an `@en`
//! string, a plain string, one datatype, or mixed). A value of that kind is written as a plain
//! JSON string; any other value as an expanded value object (`{"@value", "@type"}`), so the
//! output is the same RDF whatever the data holds, and a consumer can cache the context. A
//! property missing from the table would be written under its compact IRI with expanded
//! values (still the same RDF; `tests::every_property_of_the_essay_has_a_term_and_plain_values`
//! keeps the table complete).
//!
//! Memory: the context, and one subject's node object at a time (the stream's bound); the
//! background graph's own description (a handful of triples in the default graph) waits until
//! its members are written, so that it is one node object.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Write;

use oxrdf::{GraphName, LiteralRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use serde_json::{Map, Value};

use super::escape::{json_escape, json_special};
use super::rdf::{background_graph, RdfStream};
use super::rdf_stored::StoredStream;
use super::recent::Recent;
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;
use crate::vocab;

// A path of its own: `build.rs` compiles this file too (for `encode_terms`).
#[path = "jsonld/context.rs"]
pub(crate) mod context;
#[path = "jsonld/plan.rs"]
pub(crate) mod plan;
use context::ValueKind;

/// Whether a literal is written as a plain JSON string under a property of this kind: the
/// context's declaration (language `en`, `xsd:string` or the XSD datatype) gives it its meaning.
fn written_plain(kind: ValueKind, l: LiteralRef<'_>) -> bool {
    match (kind, l.language()) {
        (ValueKind::English, Some(lang)) => lang == "en",
        (ValueKind::Plain, None) => l.datatype() == oxrdf::vocab::xsd::STRING,
        (ValueKind::Xsd(local), None) => l.datatype().as_str().strip_prefix(vocab::XSD).is_some_and(|d| d == local),
        _ => false,
    }
}

/// Whether term `t` is written under a property of this kind as [`Context::write_term`] writes
/// it, a plain JSON string ([`Context::write_value`]): an IRI under an IRI's property, a literal
/// [`written_plain`].
fn plain_under(t: TermRef<'_>, kind: ValueKind) -> bool {
    match t {
        TermRef::NamedNode(_) => kind == ValueKind::Iri,
        TermRef::Literal(l) => written_plain(kind, l),
        _ => false,
    }
}

/// The kinds [`encode_terms`] stores, for each term, whether it is written plain under
/// ([`plain_under`]; bit `i` for `PLAIN_KINDS[i]`): every kind of [`context::PROPERTIES`] but
/// `Mixed`, under which nothing is plain (`tests::every_kind_has_a_plain_bit`). A value under a
/// property of another kind is written by [`Context::write_value`] from its term.
const PLAIN_KINDS: [ValueKind; 5] = [
    ValueKind::Iri,
    ValueKind::English,
    ValueKind::Plain,
    ValueKind::Xsd("date"),
    ValueKind::Xsd("nonNegativeInteger"),
];

/// The bit of [`PLAIN_KINDS`] for `kind` (`0`: none).
fn plain_bit(kind: ValueKind) -> u8 {
    PLAIN_KINDS.iter().position(|k| *k == kind).map_or(0, |i| 1 << i)
}

/// Shortens IRIs with the export's prefixes (longest namespace first).
struct Compactor {
    prefixes: Vec<(String, String)>,
    /// Recently written IRIs and what [`Compactor::write`] wrote for each (the compacted IRI as
    /// a JSON string): an IRI met again (an entity, a class, a datatype, an evidence node named
    /// as object and then as subject) is compared and copied, not matched against every prefix
    /// and escaped again. Made at the first write (a compactor that only compacts the context's
    /// terms needs none).
    written: RefCell<Option<Recent<Vec<u8>>>>,
    /// `written` has `1 << slot_bits` slots.
    slot_bits: u32,
}

/// The slots of [`Compactor::written`]: 2,048, for the essay's ~2,300 IRIs.
const WRITTEN_SLOT_BITS: u32 = 11;

impl Compactor {
    fn new(base: &str, vocab_namespace: &str) -> Compactor {
        Compactor::with_slots(base, vocab_namespace, WRITTEN_SLOT_BITS)
    }

    /// A compactor whose cache has `1 << slot_bits` slots (the tests use few, so that IRIs
    /// share slots).
    fn with_slots(base: &str, vocab_namespace: &str, slot_bits: u32) -> Compactor {
        Compactor { prefixes: context::prefixes(base, vocab_namespace), written: RefCell::new(None), slot_bits }
    }

    /// The prefix and local name `iri` is written with (`prefix:local`), or `None` and the IRI
    /// itself when no prefix fits.
    fn split<'i>(&self, iri: &'i str) -> (Option<&str>, &'i str) {
        context::split(&self.prefixes, iri)
    }

    fn compact(&self, iri: &str) -> String {
        context::compact(&self.prefixes, iri)
    }

    /// Writes `iri` compacted, as a JSON string: copied from the cache when `iri` was the last
    /// IRI written in its slot, else as [`Self::write_uncached`] writes it (then kept).
    fn write(&self, iri: &str, out: &mut Vec<u8>) {
        let mut written = self.written.borrow_mut();
        let written = written.get_or_insert_with(|| Recent::new(self.slot_bits));
        let miss = match written.get(iri) {
            Ok(text) => {
                out.extend_from_slice(text);
                return;
            }
            Err(miss) => miss,
        };
        let start = out.len();
        self.write_uncached(iri, out);
        let text = written.hold(miss, iri);
        text.clear();
        text.extend_from_slice(&out[start..]);
    }

    /// Writes `iri` compacted, as a JSON string, without the cache.
    fn write_uncached(&self, iri: &str, out: &mut Vec<u8>) {
        match self.split(iri) {
            (Some(prefix), local) => push_json_str(out, &[prefix, ":", local]),
            (None, iri) => push_json_str(out, &[iri]),
        }
    }
}

/// The key a value is written under, its kind, the key as a JSON string when it was escaped
/// beforehand, and the key's rank among the terms' keys (`NO_RANK` for a key of no term)
/// ([`Context::key`]).
type Key<'c> = (Cow<'c, str>, ValueKind, Option<&'c [u8]>, u32);

/// A [`Key`] with the index of the quad whose object is the value ([`Context::write_node`]).
type KeyOf<'c> = (Cow<'c, str>, usize, ValueKind, Option<&'c [u8]>, u32);

/// A property's term: key, kind, key as a JSON string (escaped once, beforehand), and the key's
/// rank in the order of the terms' keys (equal keys, equal ranks).
type Term = (Cow<'static, str>, ValueKind, Cow<'static, [u8]>, u32);

/// A subject of the stored stream as [`StoredStream::for_each_subject_stored`] lends it: its
/// term number, its graph's (`u32::MAX`: the default graph), its quads' predicate and object
/// numbers.
type StoredSubject<'s> = (u32, u32, &'s [[u8; 8]]);

/// The rank of a key that is no term's.
const NO_RANK: u32 = u32::MAX;

/// What [`Context::write_node`] knows of a predicate by its term number in the stored stream.
#[derive(Clone, Copy)]
enum Predicate<'c> {
    /// Not met yet.
    Unseen,
    /// `rdf:type`.
    Type,
    /// A property of no term: its key made each time ([`Context::key`]).
    Other,
    /// A property with a term: its key, kind, key as a JSON string, rank, and its kind's
    /// [`plain_bit`].
    Term(&'c str, ValueKind, &'c [u8], u32, u8),
}

/// [`Context::write_node`]'s scratch space: the keys of a node's values, and what it learnt of
/// each predicate by number.
#[derive(Default)]
struct Scratch<'c> {
    keys: Vec<KeyOf<'c>>,
    predicates: Vec<Predicate<'c>>,
    /// [`Context::write_node_numbered`]'s: each value's quad by the rank of its key (rank in the
    /// high half, the quad's index in the low one, so that sorting keeps the stream's order of a
    /// property's values) with its predicate and object numbers, the classes' term numbers
    /// (`rdf:type` quads' objects), and what it knows of each predicate by number.
    order: Vec<(u64, [u32; 2])>,
    types: Vec<u32>,
    numbered: Vec<Numbered>,
    /// Member starts made once per indentation ([`Starts`]).
    starts: Starts,
}

/// What [`Context::write_node_numbered`] knows of a predicate by its term number, in eight
/// bytes (read per quad; [`Predicate`], which it is made from, is six words): not met yet
/// ([`Numbered::UNSEEN`]), `rdf:type` ([`Numbered::TYPE`]), a property with a term and a rank
/// ([`Numbered::TERM`]: its rank and its kind's [`plain_bit`]), or neither
/// ([`Numbered::REFUSED`]).
#[derive(Clone, Copy, Default)]
struct Numbered {
    rank: u32,
    bit: u8,
    what: u8,
}

impl Numbered {
    const UNSEEN: u8 = 0;
    const TERM: u8 = 1;
    const TYPE: u8 = 2;
    const REFUSED: u8 = 3;

    fn of(predicate: Predicate<'_>) -> Numbered {
        match predicate {
            Predicate::Term(_, _, _, rank, bit) if rank != NO_RANK => Numbered { rank, bit, what: Self::TERM },
            Predicate::Type => Numbered { what: Self::TYPE, ..Numbered::default() },
            _ => Numbered { what: Self::REFUSED, ..Numbered::default() },
        }
    }
}

/// The starts of a node object's members (`,`, a line break, the indentation, the key as a JSON
/// string and `: `) for one indentation, made the first time they are needed and copied as one
/// piece afterwards ([`Context::write_node_numbered`]), and its heads ([`Head`]); made again
/// when the indentation changes (the default graph's nodes and the named graph's members are
/// indented differently).
#[derive(Default)]
struct Starts {
    /// The indentation they are made for (`None`: none made).
    indent: Option<usize>,
    /// By predicate term number: its member start's start and end in `text` (equal: not made
    /// yet).
    by_predicate: Vec<(u32, u32)>,
    /// Each [`Head`]'s start and end in `text`.
    heads: [(u32, u32); 4],
    /// The pieces made, one after another, and [`WINDOW`] spaces after the last (so that every
    /// piece is copied by [`copy_windowed`]'s block); empty when none is made.
    text: Vec<u8>,
}

/// The pieces of a node object around its members, at an indentation (`Starts::heads`).
#[derive(Clone, Copy)]
enum Head {
    /// `{`, a line break, the indentation and `"@type": `.
    Type = 0,
    /// `,` after the classes, a line break, the indentation and `"@id": `.
    IdAfterType = 1,
    /// `{`, a line break, the indentation and `"@id": ` (no class).
    Id = 2,
    /// A line break, the indentation of the node and `}`.
    Close = 3,
}

impl Starts {
    /// Makes the pieces for `indent` from now on (those made for another are dropped).
    #[inline]
    fn at(&mut self, indent: usize) {
        if self.indent != Some(indent) {
            self.make_heads(indent);
        }
    }

    /// [`Self::at`] for an indentation other than the last.
    #[cold]
    #[inline(never)]
    fn make_heads(&mut self, indent: usize) {
        self.indent = Some(indent);
        self.by_predicate.clear();
        self.text.clear();
        let head = |text: &mut Vec<u8>, before: u8, key: &[u8]| {
            text.push(before);
            line(text, indent + 2);
            text.extend_from_slice(key);
        };
        self.heads[Head::Type as usize] = self.push(|text| head(text, b'{', br#""@type": "#));
        self.heads[Head::IdAfterType as usize] = self.push(|text| head(text, b',', br#""@id": "#));
        self.heads[Head::Id as usize] = self.push(|text| head(text, b'{', br#""@id": "#));
        self.heads[Head::Close as usize] = self.push(|text| {
            line(text, indent);
            text.push(b'}');
        });
    }

    /// Appends a piece to `text` with `write` (in place of the spaces after the last); its
    /// start and end.
    fn push(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> (u32, u32) {
        let text = &mut self.text;
        text.truncate(text.len().saturating_sub(WINDOW));
        let start = text.len() as u32;
        write(text);
        let end = text.len() as u32;
        text.extend_from_slice(SPACES);
        (start, end)
    }

    /// Appends a head at the indentation of [`Self::at`].
    #[inline(always)]
    fn copy_head(&self, head: Head, out: &mut Vec<u8>) {
        let (start, end) = self.heads[head as usize];
        copy_windowed(out, &self.text, start as usize, end as usize);
    }

    /// Appends the member start of predicate number `p` at the indentation of [`Self::at`]; its
    /// key as a JSON string is `quoted(p)` (asked for the first time only).
    #[inline(always)]
    fn copy<'q>(&mut self, p: u32, quoted: impl FnOnce(u32) -> &'q [u8], out: &mut Vec<u8>) {
        let (start, end) = match self.by_predicate.get(p as usize) {
            Some(&(start, end)) if start != end => (start, end),
            _ => self.make(p, quoted(p)),
        };
        copy_windowed(out, &self.text, start as usize, end as usize);
    }

    /// Makes the member start of predicate number `p`, whose key as a JSON string is `quoted`;
    /// its start and end in `text`.
    #[cold]
    #[inline(never)]
    fn make(&mut self, p: u32, quoted: &[u8]) -> (u32, u32) {
        let p = p as usize;
        if p >= self.by_predicate.len() {
            self.by_predicate.resize(p + 1, (0, 0));
        }
        let indent = self.indent.unwrap_or_default();
        let made = self.push(|text| {
            text.extend_from_slice(b",\n");
            pad(text, indent + 2);
            text.extend_from_slice(quoted);
            text.extend_from_slice(b": ");
        });
        self.by_predicate[p] = made;
        made
    }
}

/// A property's IRI and its term without the rank: key, kind, key as a JSON string.
type Unranked = (Cow<'static, str>, (Cow<'static, str>, ValueKind, Cow<'static, [u8]>));

/// Each property's term by IRI, with its key's rank.
fn ranked(terms: Vec<Unranked>) -> foldhash::HashMap<Cow<'static, str>, Term> {
    let mut keys: Vec<&str> = terms.iter().map(|(_, (key, _, _))| &**key).collect();
    keys.sort_unstable();
    keys.dedup();
    let rank = |key: &str| keys.binary_search(&key).map_or(NO_RANK, |r| r as u32);
    let ranks: Vec<u32> = terms.iter().map(|(_, (key, _, _))| rank(key)).collect();
    terms.into_iter().zip(ranks).map(|((iri, (key, kind, quoted)), rank)| (iri, (key, kind, quoted, rank))).collect()
}

/// The context of an export and how each property is written.
struct Context {
    compactor: Compactor,
    /// The `@context` object (empty when `text` is stored).
    context: Map<String, Value>,
    /// The `@context` object as written, when it was stored by `build.rs` (`context.rs`).
    text: Option<&'static str>,
    /// Per property IRI: the key of its values in a node object, their kind, the key as a JSON
    /// string, its rank; borrowed from the stored form when there is one.
    terms: foldhash::HashMap<Cow<'static, str>, Term>,
}

impl Context {
    /// The context for this base and vocabulary namespace, built here.
    fn new(base: &str, vocab_namespace: &str) -> Context {
        let compactor = Compactor::new(base, vocab_namespace);
        let (context, terms) = context::context_and_terms(&compactor.prefixes, vocab_namespace);
        let terms = terms
            .into_iter()
            .map(|(iri, kind, key)| {
                let mut quoted = Vec::new();
                push_json_str(&mut quoted, &[&key]);
                (Cow::Owned(iri), (Cow::Owned(key), kind, Cow::Owned(quoted)))
            })
            .collect();
        Context { compactor, context, text: None, terms: ranked(terms) }
    }

    /// The context for this base and vocabulary namespace: the one `build.rs` stored when it
    /// was made for them (the built-in essay's stream with the default options: `stored`),
    /// else built here.
    fn for_export(base: &str, vocab_namespace: &str, stored: bool) -> Context {
        let stored = if stored { context::decode(crate::builtin::JSONLD_CONTEXT, base, vocab_namespace) } else { None };
        let Some(stored) = stored else { return Context::new(base, vocab_namespace) };
        let terms = (stored.terms.into_iter())
            .map(|(iri, kind, key, quoted)| {
                (Cow::Borrowed(iri), (Cow::Borrowed(key), kind, Cow::Borrowed(quoted.as_bytes())))
            })
            .collect();
        Context {
            compactor: Compactor::new(base, vocab_namespace),
            context: Map::new(),
            text: Some(stored.text),
            terms: ranked(terms),
        }
    }

    /// Writes the `@context` object as an export writes it (indented by two spaces).
    fn write_context(&self, out: &mut Vec<u8>) -> Result<(), ExportError> {
        match self.text {
            Some(text) => out.extend_from_slice(text.as_bytes()),
            None => out.extend(context::indented(&self.context, context::CONTEXT_INDENT)?),
        }
        Ok(())
    }

    /// The key a quad's object is written under, its kind, and for a term of the context the
    /// key already written as a JSON string; `None` for an `rdf:type` whose object is an IRI
    /// (an `@type`).
    fn key<'c>(&'c self, q: &QuadRef<'_>) -> Option<Key<'c>> {
        if q.predicate == oxrdf::vocab::rdf::TYPE {
            if q.object.is_named_node() {
                return None;
            }
            // A class that is no IRI cannot be an `@type`: written as the property.
            return Some((Cow::Owned(self.compactor.compact(q.predicate.as_str())), ValueKind::Mixed, None, NO_RANK));
        }
        Some(match self.terms.get(q.predicate.as_str()) {
            Some((key, kind, quoted, rank)) => (Cow::Borrowed(&**key), *kind, Some(&**quoted), *rank),
            None => (Cow::Owned(self.compactor.compact(q.predicate.as_str())), ValueKind::Mixed, None, NO_RANK),
        })
    }

    /// [`Self::key`], for a predicate of term number `number` in the stored stream: what the
    /// first quad with it found (`rdf:type`, a term, neither) is kept in `predicates` and used
    /// again, without comparing or hashing the predicate.
    #[inline]
    fn key_numbered<'c>(
        &'c self,
        q: &QuadRef<'_>,
        number: u32,
        predicates: &mut Vec<Predicate<'c>>,
    ) -> Option<Key<'c>> {
        let n = number as usize;
        if n >= predicates.len() {
            predicates.resize(n + 1, Predicate::Unseen);
        }
        if let Predicate::Unseen = predicates[n] {
            predicates[n] = self.predicate_of(q.predicate);
        }
        match predicates[n] {
            Predicate::Term(key, kind, quoted, rank, _) => Some((Cow::Borrowed(key), kind, Some(quoted), rank)),
            Predicate::Type if q.object.is_named_node() => None,
            _ => self.key(q),
        }
    }

    /// Writes a value as the property's term writes it: a plain string when it is of the
    /// declared kind, else a value object, its members indented by `indent + 2`, as
    /// serde_json's pretty printer writes the `json!` value of the tree writer
    /// (`tests::tree_reference`), keys sorted.
    /// `known`: `t` as [`Self::write_term`] writes it, when stored.
    fn write_value(&self, t: TermRef<'_>, known: Option<&[u8]>, kind: ValueKind, indent: usize, out: &mut Vec<u8>) {
        // `quoted`: the key as a JSON string (the keys here need no escape).
        let member = |out: &mut Vec<u8>, first: bool, quoted: &[u8]| {
            out.extend_from_slice(if first { b"{\n" } else { b",\n" });
            pad(out, indent + 2);
            out.extend_from_slice(quoted);
            out.extend_from_slice(b": ");
        };
        let close = |out: &mut Vec<u8>| {
            out.push(b'\n');
            pad(out, indent);
            out.push(b'}');
        };
        if plain_under(t, kind) {
            return self.write_term(t, known, out);
        }
        match t {
            TermRef::Literal(l) => {
                match l.language() {
                    Some(lang) => {
                        member(out, true, br#""@language""#);
                        push_json_str(out, &[lang]);
                    }
                    None => {
                        member(out, true, br#""@type""#);
                        self.compactor.write(l.datatype().as_str(), out);
                    }
                }
                member(out, false, br#""@value""#);
                self.write_term(t, known, out);
                close(out);
            }
            // An IRI of another kind, a blank node.
            _ => {
                member(out, true, br#""@id""#);
                self.write_term(t, known, out);
                close(out);
            }
        }
    }

    /// Writes a subject's `@id` as a JSON string (`known`: as stored, if it is).
    fn write_id(&self, subject: NamedOrBlankNodeRef<'_>, known: Option<&[u8]>, out: &mut Vec<u8>) {
        self.write_term(subject.into(), known, out);
    }

    /// Writes term `t` as a JSON string: an IRI compacted, a blank node as `_:id`, a literal's
    /// value. `known` is what `build.rs` stored for it ([`encode_terms`], made by this very
    /// function), copied when given; else it is made here.
    #[inline]
    fn write_term(&self, t: TermRef<'_>, known: Option<&[u8]>, out: &mut Vec<u8>) {
        if let Some(written) = known {
            out.extend_from_slice(written);
            return;
        }
        match t {
            TermRef::NamedNode(n) => self.compactor.write(n.as_str(), out),
            TermRef::Literal(l) => push_json_str(out, &[l.value()]),
            other => push_json_str(out, &[&other.to_string()]),
        }
    }

    /// [`Self::write_node`] of the stored stream's subject number `subject` whose quads'
    /// predicate and object numbers are `pairs` (as [`StoredStream::for_each_subject_stored`]
    /// lends them, read in place), each term copied from the stored `terms`, when every
    /// predicate is `rdf:type` with an IRI as object or a term of the context (every subject of
    /// the essay): no quad made, the keys sorted as numbers (not at all when the stream's order
    /// is theirs), each member's start made once per predicate ([`Starts`]), a value the stored
    /// terms say is plain under its property's kind ([`StoredTerms::copy_plain`]) copied
    /// without [`Self::write_value`]'s dispatch, short pieces copied as blocks
    /// ([`copy_windowed`]). Only the terms it needs are made, alone ([`StoredStream::term`]):
    /// each predicate's once, and each value written otherwise. Returns `false`, having
    /// written nothing, where that does not hold (a predicate of no term, a class that is no
    /// IRI, a subject, predicate or object number beyond the terms, no quads): then
    /// [`Self::write_node`] writes it.
    #[allow(clippy::too_many_arguments)]
    fn write_node_numbered<'c>(
        &'c self,
        stream: &StoredStream<'_>,
        terms: &StoredTerms<'_>,
        (subject, pairs): (u32, &[[u8; 8]]),
        indent: usize,
        close: bool,
        scratch: &mut Scratch<'c>,
        out: &mut Vec<u8>,
    ) -> bool {
        let Scratch { predicates, order, types, numbered, starts, .. } = scratch;
        if pairs.is_empty() || subject as usize >= terms.len() {
            return false;
        }
        if numbered.len() < terms.len() {
            numbered.resize(terms.len(), Numbered::default());
            // Room for every term's `Predicate`, so that `numbered_of`, which grows them to a
            // predicate's number, never moves them (the moves copied 0.09 M).
            predicates.reserve(terms.len().saturating_sub(predicates.len()));
        }
        order.clear();
        types.clear();
        let (mut sorted, mut last) = (true, 0);
        for (i, quad) in pairs.iter().enumerate() {
            let [p, o] = StoredStream::pair(quad);
            let (Some(known), true) = (numbered.get_mut(p as usize), (o as usize) < terms.len()) else {
                return false;
            };
            if known.what == Numbered::UNSEEN {
                *known = self.numbered_of(stream, p, predicates);
            }
            match known.what {
                Numbered::TERM => {
                    let key = u64::from(known.rank) << 32 | i as u64;
                    sorted &= key >= last;
                    last = key;
                    order.push((key, [p, o]));
                }
                Numbered::TYPE if stream.is_iri(o) => types.push(o),
                _ => return false,
            }
        }
        if !sorted {
            order.sort_unstable_by_key(|(key, _)| *key);
        }
        starts.at(indent);
        match types[..] {
            [] => starts.copy_head(Head::Id, out),
            [class] => {
                starts.copy_head(Head::Type, out);
                terms.copy(class, out);
                starts.copy_head(Head::IdAfterType, out);
            }
            _ => {
                starts.copy_head(Head::Type, out);
                out.push(b'[');
                for (n, &class) in types.iter().enumerate() {
                    if n > 0 {
                        out.push(b',');
                    }
                    line(out, indent + 4);
                    terms.copy(class, out);
                }
                line(out, indent + 2);
                out.push(b']');
                starts.copy_head(Head::IdAfterType, out);
            }
        }
        terms.copy(subject, out);
        // Every predicate in `order` is a term's (made by `numbered_of`).
        let quoted = |p: u32| match predicates.get(p as usize) {
            Some(Predicate::Term(_, _, quoted, _, _)) => *quoted,
            _ => &b"\"\""[..],
        };
        // Each value, after its member's start (the first of its key) or the one before it (an
        // array's next), and before the array's end (the last of its key).
        let mut previous = None;
        for (j, &(key, [p, o])) in order.iter().enumerate() {
            let rank = key >> 32;
            let last = order.get(j + 1).is_none_or(|(next, _)| next >> 32 != rank);
            let first = previous != Some(rank);
            previous = Some(rank);
            let value_indent = match (first, last) {
                (true, true) => {
                    starts.copy(p, quoted, out);
                    indent + 2
                }
                (true, false) => {
                    starts.copy(p, quoted, out);
                    out.push(b'[');
                    line(out, indent + 4);
                    indent + 4
                }
                (false, _) => {
                    out.push(b',');
                    line(out, indent + 4);
                    indent + 4
                }
            };
            // Copied where it is plain under the property's kind, else written from its term.
            let bit = numbered.get(p as usize).map_or(0, |known| known.bit);
            if !terms.copy_plain(o, bit, out) {
                self.write_value_numbered(stream, terms, predicates, [p, o], value_indent, out);
            }
            if last && !first {
                line(out, indent + 2);
                out.push(b']');
            }
        }
        if close {
            starts.copy_head(Head::Close, out);
        }
        true
    }

    /// What [`Self::write_node_numbered`] knows of predicate number `p` of `stream`, found as
    /// [`Self::predicate_of`] finds it (and kept in `predicates`): refused when `p` is no IRI.
    #[cold]
    #[inline(never)]
    fn numbered_of<'c>(&'c self, stream: &StoredStream<'_>, p: u32, predicates: &mut Vec<Predicate<'c>>) -> Numbered {
        let Some(TermRef::NamedNode(iri)) = stream.term(p) else { return Numbered::of(Predicate::Other) };
        let p = p as usize;
        if p >= predicates.len() {
            predicates.resize(p + 1, Predicate::Unseen);
        }
        predicates[p] = self.predicate_of(iri);
        Numbered::of(predicates[p])
    }

    /// Object `o` written as a value of predicate `p`'s property at `indent` from its term
    /// ([`Self::write_value`]), where the stored terms do not say it is plain under the
    /// property's kind (a value object: rare).
    #[cold]
    #[inline(never)]
    fn write_value_numbered(
        &self,
        stream: &StoredStream<'_>,
        terms: &StoredTerms<'_>,
        predicates: &[Predicate<'_>],
        [p, o]: [u32; 2],
        indent: usize,
        out: &mut Vec<u8>,
    ) {
        let kind = match predicates.get(p as usize) {
            Some(Predicate::Term(_, kind, _, _, _)) => *kind,
            _ => ValueKind::Mixed,
        };
        if let Some(object) = stream.term(o) {
            let at = out.len();
            self.write_value(object, terms.get(o), kind, indent, out);
            if terms.noted.is_some() {
                // The term is last in what was written (a plain value), or before the value
                // object's close (a line break, `indent` spaces and `}`).
                let written = terms.get(o).unwrap_or_default();
                let ends = [out.len(), out.len().saturating_sub(indent + 2)];
                let start = ends
                    .into_iter()
                    .map(|end| end.saturating_sub(written.len()))
                    .find(|&start| start >= at && out.get(start..start + written.len()) == Some(written));
                // Where it is not found, a place no term is at, which fails the plan.
                terms.note(o, start.unwrap_or(usize::MAX));
            }
        }
    }

    /// [`Self::write_node`] of `quads`, or (`known`: the stored stream, its stored terms, and a
    /// subject's number, its graph's and its quads' pairs as the stream lends them) by
    /// [`Self::write_node_numbered`] where it applies, else of the quads made from the numbers.
    fn write_node_known<'c>(
        &'c self,
        quads: &[QuadRef<'_>],
        known: Option<(&StoredStream<'_>, &StoredTerms<'_>, StoredSubject<'_>)>,
        indent: usize,
        close: bool,
        scratch: &mut Scratch<'c>,
        out: &mut Vec<u8>,
    ) {
        let Some((stream, terms, (subject, graph, pairs))) = known else {
            return self.write_node(quads, None, indent, close, scratch, out);
        };
        if self.write_node_numbered(stream, terms, (subject, pairs), indent, close, scratch, out) {
            return;
        }
        let numbers: Vec<[u32; 4]> = (pairs.iter())
            .map(|quad| {
                let [p, o] = StoredStream::pair(quad);
                [subject, p, o, graph]
            })
            .collect();
        // Every number is a quad's (`well_formed`); one that were not would be left out.
        let made: Vec<QuadRef<'_>> = numbers.iter().filter_map(|n| stream.quad(*n)).collect();
        let known = (made.len() == numbers.len()).then_some((terms, &numbers[..]));
        self.write_node(&made, known, indent, close, scratch, out)
    }

    /// What a predicate is to [`Self::write_node`]: `rdf:type`, a term's property, or neither.
    fn predicate_of(&self, predicate: oxrdf::NamedNodeRef<'_>) -> Predicate<'_> {
        if predicate == oxrdf::vocab::rdf::TYPE {
            Predicate::Type
        } else {
            match self.terms.get(predicate.as_str()) {
                Some((key, kind, quoted, rank)) => Predicate::Term(key, *kind, quoted, *rank, plain_bit(*kind)),
                None => Predicate::Other,
            }
        }
    }

    /// Writes the node object of one subject's quads, as serde_json's pretty printer writes it
    /// with each line after the first indented by `indent`: `@type`, then `@id`, then the
    /// properties by term (the order of JSON-LD's streaming document form), a property's values
    /// in the stream's order. Without `close`, the node object is left open after its last
    /// member (for a named graph's `@graph`). `keys` is scratch space. `known`: the stored terms
    /// and each quad's term numbers, for the stored stream.
    fn write_node<'c>(
        &'c self,
        quads: &[QuadRef<'_>],
        known: Option<(&StoredTerms<'_>, &[[u32; 4]])>,
        indent: usize,
        close: bool,
        scratch: &mut Scratch<'c>,
        out: &mut Vec<u8>,
    ) {
        let Scratch { keys, predicates, .. } = scratch;
        keys.clear();
        // Quad `i`'s subject (0) or object (2) as stored.
        let numbers = known.map(|(_, numbers)| numbers);
        let known = |i: usize, k: usize| known.and_then(|(terms, numbers)| terms.get(numbers.get(i)?[k]));
        let mut types = 0;
        for (i, q) in quads.iter().enumerate() {
            let key = match numbers.and_then(|numbers| numbers.get(i)) {
                Some(n) => self.key_numbered(q, n[1], predicates),
                None => self.key(q),
            };
            match key {
                Some((key, kind, quoted, rank)) => keys.push((key, i, kind, quoted, rank)),
                None => types += 1,
            }
        }
        // Stable: a property's values keep the stream's order. By rank when every key is a
        // term's (the ranks are the keys' order), else by the keys.
        let ranked = keys.iter().all(|k| k.4 != NO_RANK);
        if ranked {
            keys.sort_by_key(|k| k.4);
        } else {
            keys.sort_by(|a, b| a.0.cmp(&b.0));
        }
        out.push(b'{');
        // `quoted`: the key already written as a JSON string, if it was.
        let member = |out: &mut Vec<u8>, key: &str, quoted: Option<&[u8]>| {
            out.extend_from_slice(b"\n");
            pad(out, indent + 2);
            match quoted {
                Some(quoted) => out.extend_from_slice(quoted),
                None => push_json_str(out, &[key]),
            }
            out.extend_from_slice(b": ");
        };
        if types > 0 {
            member(out, "@type", Some(br#""@type""#));
            let mut classes = quads
                .iter()
                .enumerate()
                .filter(|(_, q)| matches!(q.object, TermRef::NamedNode(_)) && q.predicate == oxrdf::vocab::rdf::TYPE);
            if types == 1 {
                match classes.next() {
                    Some((i, q)) => self.write_term(q.object, known(i, 2), out),
                    None => out.extend_from_slice(b"\"\""),
                }
            } else {
                out.push(b'[');
                for (n, (i, q)) in classes.enumerate() {
                    out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
                    pad(out, indent + 4);
                    self.write_term(q.object, known(i, 2), out);
                }
                out.push(b'\n');
                pad(out, indent + 2);
                out.push(b']');
            }
            out.push(b',');
        }
        member(out, "@id", Some(br#""@id""#));
        match quads.first() {
            Some(q) => self.write_id(q.subject, known(0, 0), out),
            None => out.extend_from_slice(b"\"\""),
        }
        let mut rest = &keys[..];
        while let Some((key, _, _, quoted, rank)) = rest.first() {
            let len = match ranked {
                true => rest.iter().take_while(|k| k.4 == *rank).count(),
                false => rest.iter().take_while(|k| k.0 == *key).count(),
            };
            let (values, next) = rest.split_at(len);
            out.push(b',');
            member(out, key, *quoted);
            if let [(_, i, kind, _, _)] = values {
                self.write_value(quads[*i].object, known(*i, 2), *kind, indent + 2, out);
            } else {
                out.push(b'[');
                for (n, (_, i, kind, _, _)) in values.iter().enumerate() {
                    out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
                    pad(out, indent + 4);
                    self.write_value(quads[*i].object, known(*i, 2), *kind, indent + 4, out);
                }
                out.push(b'\n');
                pad(out, indent + 2);
                out.push(b']');
            }
            rest = next;
        }
        if close {
            out.push(b'\n');
            pad(out, indent);
            out.push(b'}');
        }
    }
}

/// Writes `parts`, joined, as a JSON string escaped as serde_json escapes it: `"` and `\`, the
/// control characters (`\b \t \n \f \r`, the others as `\u00XX`), nothing else. Eight bytes
/// at a time where none needs escaping.
pub(crate) fn push_json_str(out: &mut Vec<u8>, parts: &[&str]) {
    out.push(b'"');
    for part in parts {
        let bytes = part.as_bytes();
        let mut plain = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes.get(i..i + 8) {
                Some(chunk) => {
                    if !json_special(u64::from_le_bytes(chunk.try_into().unwrap_or_default())) {
                        i += 8;
                        continue;
                    }
                }
                None => {
                    // Fewer than eight bytes left: tested as one word, padded with spaces (which
                    // need no escape), so that a short string is not tested byte by byte.
                    let mut tail = [b' '; 8];
                    tail[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                    if !json_special(u64::from_le_bytes(tail)) {
                        break;
                    }
                }
            }
            let b = bytes[i];
            i += 1;
            let Some(escape) = json_escape(b) else { continue };
            out.extend_from_slice(&bytes[plain..i - 1]);
            plain = i;
            out.extend_from_slice(escape.as_bytes());
        }
        out.extend_from_slice(&bytes[plain..]);
    }
    out.push(b'"');
}

/// Writes `n` spaces: when [`SPACES`] holds that many, its [`WINDOW`] bytes copied and cut
/// back (a call to fill them, or to copy `n` bytes, cost more), else filled.
#[inline]
fn pad(out: &mut Vec<u8>, n: usize) {
    if n <= WINDOW {
        let at = out.len();
        out.extend_from_slice(SPACES);
        out.truncate(at + n);
    } else {
        out.resize(out.len() + n, b' ');
    }
}

/// A line break and `n` spaces ([`pad`]): [`NEW_LINE`]'s first [`WINDOW`] bytes copied and cut
/// back when they hold that many.
#[inline]
fn line(out: &mut Vec<u8>, n: usize) {
    match NEW_LINE.first_chunk::<WINDOW>() {
        Some(window) if n < WINDOW => {
            let at = out.len();
            out.extend_from_slice(window);
            out.truncate(at + n + 1);
        }
        _ => {
            out.push(b'\n');
            pad(out, n);
        }
    }
}

/// Spaces to indent with, and a line break before them; deeper than any node object of an
/// export is indented (a named graph's members' values, at 12).
const NEW_LINE: &[u8; WINDOW + 1] = &{
    let mut line = [b' '; WINDOW + 1];
    line[0] = b'\n';
    line
};
const SPACES: &[u8; WINDOW] = &[b' '; WINDOW];

/// The JSON-LD `@context` every export with this base and vocabulary namespace embeds, whatever
/// the data (`docs/context.jsonld` is the one for the essay's default base).
///
/// ```
/// let context = kg::jsonld_context("https://example.org/x/", "https://example.org/kg-essay/vocab#");
/// assert_eq!(context["ent"], "https://example.org/x/entity/");
/// assert_eq!(context["label"]["@language"], "en");
/// assert_eq!(context["transferredTo"]["@type"], "@id");
/// ```
pub fn jsonld_context(base: &str, vocab_namespace: &str) -> Value {
    Value::Object(Context::new(base, vocab_namespace).context)
}

/// A JSON array written one element at a time.
struct Array {
    indent: usize,
    empty: bool,
}

impl Array {
    fn open(indent: usize, out: &mut Vec<u8>) -> Array {
        out.push(b'[');
        Array { indent, empty: true }
    }

    /// Starts the next element: a separator, a line break and the element's indentation, which
    /// it returns.
    #[inline]
    fn next(&mut self, out: &mut Vec<u8>) -> usize {
        if !self.empty {
            out.push(b',');
        }
        line(out, self.indent + 2);
        self.empty = false;
        self.indent + 2
    }

    fn close(self, out: &mut Vec<u8>) {
        if !self.empty {
            out.push(b'\n');
            pad(out, self.indent);
        }
        out.push(b']');
    }
}

/// How much text [`write_jsonld`] gathers before it hands it to the writer.
const FLUSH_AT: usize = 1 << 16;

/// Writes the graph as compact JSON-LD: the default graph's node objects, then each named graph
/// (the background) as the `@graph` of its node object, one subject at a time as the stream
/// generates it, each node object written straight from the subject's quads.
///
/// # Errors
/// [`ExportError::BadBase`] for a base or vocabulary that is no absolute IRI; writing errors.
pub(crate) fn write_jsonld(kg: &KnowledgeGraph, options: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let stream = RdfStream::new(kg, options)?;
    let planning = Planning::Stored(crate::builtin::JSONLD_PLAN);
    write_jsonld_planned(kg, options, &stream, crate::builtin::JSONLD_TERMS, planning, out)
}

/// [`write_jsonld`] of `stream` (`kg`'s with these options), with the stored stream's terms as
/// [`encode_terms`] wrote them in `stored_terms` (used only where [`StoredTerms::decode`] takes
/// them for this stream and this context's prefixes), every node object written by the writer
/// (no plan).
#[cfg(test)]
fn write_jsonld_with(
    kg: &KnowledgeGraph,
    options: &RdfOptions,
    stream: &RdfStream<'_>,
    stored_terms: &[u8],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    write_jsonld_planned(kg, options, stream, stored_terms, Planning::Off, out)
}

/// What an export does with a plan of its node objects ([`plan`]).
enum Planning<'p> {
    /// None: every node object written by the writer.
    Off,
    /// The plan in these bytes, used where [`plan::Plan::decode`] takes it for the stored terms
    /// (the built-in essay's stream with the default options), else none.
    Stored(&'p [u8]),
    /// That plan, read.
    Use(plan::Plan<'p>),
    /// Every node object written by the writer and noted into a plan (`build.rs`).
    Record(plan::Recorder),
}

/// The plan of the built-in essay's node objects with the default options ([`plan`]), made by
/// writing its export with this writer from the stored stream `stream` and its stored terms as
/// [`encode_terms`] wrote them; empty where a node object is not written from them.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_plan(kg: &KnowledgeGraph, stream: &RdfStream<'_>, stored_terms: &[u8]) -> Vec<u8> {
    let mut planning = Planning::Record(plan::Recorder::default());
    let options = RdfOptions::default();
    let base = options.base_for(kg);
    let (vocab, quads) = (options.vocab_namespace(), Quads::Stream(stream));
    if write_jsonld_recording(&base, vocab, quads, stored_terms, &mut planning, &mut std::io::sink()).is_err() {
        return Vec::new();
    }
    let terms = stream.stored().map_or(0, |s| s.term_count());
    match planning {
        Planning::Record(recorder) => recorder.encode(terms),
        _ => Vec::new(),
    }
}

/// A node object ([`Context::write_node_known`]) as `planning` says: copied from the plan where
/// it applies, else written by the writer (and noted, when a plan is being made).
#[allow(clippy::too_many_arguments)]
fn write_node_planned<'c>(
    ctx: &'c Context,
    planning: &mut Planning<'_>,
    quads: &[QuadRef<'_>],
    known: Option<(&StoredStream<'_>, &StoredTerms<'_>, StoredSubject<'_>)>,
    indent: usize,
    close: bool,
    scratch: &mut Scratch<'c>,
    out: &mut Vec<u8>,
) {
    match (&mut *planning, known) {
        (Planning::Use(plan), Some((_, terms, (subject, _, pairs)))) => {
            if plan.write(subject, pairs.len(), indent, close, terms, out) {
                return;
            }
            // Not this subject's plan: none for the subjects after it either.
            *planning = Planning::Off;
        }
        (Planning::Record(recorder), Some((_, terms, (subject, _, pairs)))) => {
            let at = out.len();
            if let Some(noted) = &terms.noted {
                noted.borrow_mut().clear();
            }
            ctx.write_node_known(quads, known, indent, close, scratch, out);
            let noted = terms.noted.as_ref().map(|noted| noted.take()).unwrap_or_default();
            let copies: Vec<(usize, u32, usize)> =
                noted.into_iter().map(|(start, n, len)| (start.saturating_sub(at), n, len)).collect();
            let text = out.get(at..).unwrap_or_default();
            recorder.node(plan::Written { subject, quads: pairs.len(), indent, close, text, copies: &copies });
            return;
        }
        (Planning::Record(recorder), None) => recorder.fail(),
        _ => {}
    }
    ctx.write_node_known(quads, known, indent, close, scratch, out)
}

/// `write_jsonld_with` with `planning` ([`Planning`]).
fn write_jsonld_planned(
    kg: &KnowledgeGraph,
    options: &RdfOptions,
    stream: &RdfStream<'_>,
    stored_terms: &[u8],
    mut planning: Planning<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let base = options.base_for(kg);
    write_jsonld_recording(&base, options.vocab_namespace(), Quads::Stream(stream), stored_terms, &mut planning, out)
}

/// [`write_jsonld`] of the stored stream `s` alone, for the base `base` and the default
/// vocabulary: what it writes for a stream lending `s` with the default options, without a graph
/// or a stream (`builtin::StoredExport`: the built-in essay, its graph not decoded). The stored
/// terms and plan are taken where they are for `s` and this context, as for the stream.
pub(crate) fn write_jsonld_stored(
    s: &'static StoredStream<'static>,
    base: &str,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let planning = &mut Planning::Stored(crate::builtin::JSONLD_PLAN);
    let vocab_namespace = RdfOptions::default().vocab_namespace().to_string();
    write_jsonld_recording(base, &vocab_namespace, Quads::Stored(s), crate::builtin::JSONLD_TERMS, planning, out)
}

/// The quads a JSON-LD export writes: a stream's, or a stored stream's alone (no graph).
#[derive(Clone, Copy)]
enum Quads<'s, 'a> {
    Stream(&'s RdfStream<'a>),
    Stored(&'static StoredStream<'static>),
}

impl Quads<'_, '_> {
    /// The stored stream the quads are, if they are one.
    fn stored(self) -> Option<&'static StoredStream<'static>> {
        match self {
            Quads::Stream(stream) => stream.stored(),
            Quads::Stored(s) => Some(s),
        }
    }

    /// Each subject's quads, as [`RdfStream::for_each_subject_ref`] hands them.
    fn for_each_subject_ref<E>(
        self,
        with_background: bool,
        f: impl FnMut(&[QuadRef<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            Quads::Stream(stream) => stream.for_each_subject_ref(with_background, f),
            Quads::Stored(s) => s.for_each_subject(with_background, f),
        }
    }
}

/// [`write_jsonld_planned`], `planning` left as it ends (a [`Planning::Record`] holds the plan
/// made).
fn write_jsonld_recording(
    base: &str,
    vocab_namespace: &str,
    stream: Quads<'_, '_>,
    stored_terms: &[u8],
    planning: &mut Planning<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let ctx = Context::for_export(base, vocab_namespace, stream.stored().is_some());
    let background = background_graph(base);
    let mut head = Vec::new();
    head.extend_from_slice(b"{\n  \"@context\": ");
    ctx.write_context(&mut head)?;
    head.extend_from_slice(b",\n  \"@graph\": ");
    // Room for a piece to flush and the node object that ends it, so that the buffer is not
    // grown (and copied) as it fills.
    let mut buf = Vec::with_capacity(2 * FLUSH_AT);
    buf.extend_from_slice(&head);
    let mut top = Array::open(2, &mut buf);
    let mut scratch = Scratch::default();
    // The default graph's description of the background graph, held until the graph's members
    // are written, so that it is one node object with them: its `@id` and its node object
    // written up to its last member, at the top array's indentation.
    let mut held: Option<(Vec<u8>, Vec<u8>)> = None;
    // The named graph being written, and its `@graph` array.
    let mut graph: Option<(GraphName, Array)> = None;
    // The built-in essay's stream with the default options' context: each term as `build.rs`
    // wrote it with this very writer (`StoredTerms`), found by its number.
    let mut stored =
        stream.stored().and_then(|s| Some((s, StoredTerms::decode(stored_terms, s, &ctx.compactor.prefixes)?)));
    // The plan is read for these very terms; a plan being made notes where they are copied.
    match (&*planning, &mut stored) {
        (Planning::Stored(bytes), Some((_, terms))) => {
            *planning = plan::Plan::decode(bytes, terms.len()).map_or(Planning::Off, Planning::Use);
        }
        (Planning::Record(_), Some((_, terms))) => terms.noted = Some(RefCell::default()),
        _ => {}
    }
    // A subject: whether it is the background graph's description (an IRI subject of the
    // default graph: the caller tells), its graph (`same_graph`: the last subject's, as the
    // caller knows by number), and its quads or (from the stored stream) the stream, its stored
    // terms and the subject by number.
    let mut subject = |background: bool,
                       name: oxrdf::GraphNameRef<'_>,
                       same_graph: bool,
                       quads: &[QuadRef<'_>],
                       known: Option<(&StoredStream<'_>, &StoredTerms<'_>, StoredSubject<'_>)>| {
        if name.is_default_graph() {
            if background {
                let mut id = Vec::new();
                match (known, quads.first()) {
                    (Some((_, terms, (node, _, _))), _) => id.extend_from_slice(terms.get(node).unwrap_or_default()),
                    (None, Some(q)) => ctx.write_id(q.subject, None, &mut id),
                    (None, None) => {}
                }
                let mut node = Vec::new();
                write_node_planned(&ctx, planning, quads, known, top.indent + 2, false, &mut scratch, &mut node);
                held = Some((id, node));
                return Ok(());
            }
            let indent = top.next(&mut buf);
            write_node_planned(&ctx, planning, quads, known, indent, true, &mut scratch, &mut buf);
        } else {
            if !same_graph && graph.as_ref().is_none_or(|(current, _)| current.as_ref() != name) {
                if let Some((_, members)) = graph.take() {
                    close_graph(members, &mut buf);
                }
                let mut id = Vec::new();
                match name {
                    oxrdf::GraphNameRef::NamedNode(n) => ctx.compactor.write(n.as_str(), &mut id),
                    other => push_json_str(&mut id, &[&other.to_string()]),
                }
                let indent = top.next(&mut buf);
                match held.take() {
                    Some((held_id, node)) if held_id == id => buf.extend_from_slice(&node),
                    other => {
                        held = other;
                        buf.extend_from_slice(b"{\n");
                        pad(&mut buf, indent + 2);
                        buf.extend_from_slice(b"\"@id\": ");
                        buf.extend_from_slice(&id);
                    }
                }
                buf.extend_from_slice(b",\n");
                pad(&mut buf, indent + 2);
                buf.extend_from_slice(b"\"@graph\": ");
                graph = Some((name.into_owned(), Array::open(indent + 2, &mut buf)));
            }
            let (_, members) = graph.as_mut().expect("a graph is open");
            let indent = members.next(&mut buf);
            write_node_planned(&ctx, planning, quads, known, indent, true, &mut scratch, &mut buf);
        }
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
        Ok::<(), ExportError>(())
    };
    match &stored {
        Some((s, terms)) => {
            // The background graph's IRI as written: a subject written otherwise is another
            // (the one written so is made and compared, to be sure).
            let mut background_written = Vec::new();
            ctx.compactor.write_uncached(background.as_str(), &mut background_written);
            let [iris, blanks, _, _] = s.kinds();
            // The last subject's graph, by number and made.
            let mut last_graph: Option<(u32, oxrdf::GraphNameRef<'_>)> = None;
            s.for_each_subject_stored(true, |node, graph, pairs| {
                let same_graph = last_graph.is_some_and(|(number, _)| number == graph);
                let name = match last_graph {
                    Some((_, name)) if same_graph => Some(name),
                    _ => s.graph(graph),
                };
                // Every number is a quad's (`well_formed`): the subject a node, its graph one.
                let (Some(name), true) = (name, (node as usize) < iris + blanks) else {
                    let error = std::io::Error::new(std::io::ErrorKind::InvalidData, "a stored subject of no quad");
                    return Err(ExportError::from(error));
                };
                last_graph = Some((graph, name));
                let background = name.is_default_graph()
                    && terms.get(node) == Some(&background_written[..])
                    && matches!(s.node(node), Some(NamedOrBlankNodeRef::NamedNode(n)) if n == background);
                subject(background, name, same_graph, &[], Some((s, terms, (node, graph, pairs))))
            })?
        }
        None => stream.for_each_subject_ref(true, |quads| match quads.first() {
            Some(head) => {
                let background = matches!(head.subject, NamedOrBlankNodeRef::NamedNode(s) if s == background);
                subject(background, head.graph_name, false, quads, None)
            }
            None => Ok(()),
        })?,
    }
    if let Some((_, members)) = graph.take() {
        close_graph(members, &mut buf);
    }
    if let Some((_, node)) = held {
        // A background graph described but empty.
        let indent = top.next(&mut buf);
        buf.extend_from_slice(&node);
        buf.push(b'\n');
        pad(&mut buf, indent);
        buf.push(b'}');
    }
    top.close(&mut buf);
    buf.extend_from_slice(b"\n}\n");
    out.write_all(&buf)?;
    out.flush()?;
    Ok(())
}

/// Closes a named graph's `@graph` array and its node object.
fn close_graph(members: Array, out: &mut Vec<u8>) {
    let indent = members.indent - 2;
    members.close(out);
    out.push(b'\n');
    pad(out, indent);
    out.push(b'}');
}

/// The first word of [`encode_terms`]' form (`kjt` and a version).
const TERMS_MAGIC: u32 = u32::from_le_bytes(*b"kjt2");

/// Each term of the stored stream (`rdf_stored.rs`) as JSON-LD writes it with the context of
/// `base` and `vocab_namespace` ([`Context::write_term`]: an IRI compacted, a blank node, a
/// literal's value, each a JSON string), made by `build.rs` for the built-in essay's defaults
/// with this very writer, so that an export of the essay copies each term by its number instead
/// of trying the prefixes and escaping it again. Empty if the terms are too long to store.
///
/// Layout (little-endian `u32`s, then bytes): magic, terms, the prefixes' text length; each
/// term's end in the written bytes; each term's plain kinds (bit `i`: written plain under
/// [`PLAIN_KINDS`]`[i]`, [`plain_under`]); the prefixes as text (`prefix`, tab, namespace,
/// newline each, in the compactor's order), the written terms one after another.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode_terms(stream: &super::rdf_stored::StoredStream<'_>, base: &str, vocab_namespace: &str) -> Vec<u8> {
    let ctx = Context::new(base, vocab_namespace);
    let (mut ends, mut plain, mut written) = (Vec::new(), Vec::new(), Vec::new());
    for term in stream.terms() {
        ctx.write_term(*term, None, &mut written);
        let Ok(end) = u32::try_from(written.len()) else { return Vec::new() };
        ends.push(end);
        plain.push(PLAIN_KINDS.iter().enumerate().map(|(i, kind)| u32::from(plain_under(*term, *kind)) << i).sum());
    }
    let text = prefixes_text(&ctx.compactor.prefixes);
    let entries = [ends, plain].concat();
    super::rdf_stored::encode_terms_with(TERMS_MAGIC, stream.term_count(), &entries, &text, &written)
}

/// The prefixes as [`encode_terms`] stores them.
fn prefixes_text(prefixes: &[(String, String)]) -> String {
    super::rdf_stored::pairs_text(prefixes.iter().map(|(name, iri)| (name.as_str(), iri.as_str())))
}

/// The stored stream's terms as JSON-LD writes them ([`encode_terms`]), read in place.
struct StoredTerms<'b> {
    /// The written terms, one after another.
    written: &'b [u8],
    /// Each term's start and end in `written`, by number, and its plain kinds' bits: found
    /// once, as `decode` checks the ends, not at each use.
    terms: Vec<(u32, u32, u8)>,
    /// Where each term was copied into the output, with its number and length, while a plan is
    /// made ([`plan::Recorder`]); `None` otherwise.
    noted: Option<RefCell<Vec<(usize, u32, usize)>>>,
}

/// The bytes [`copy_windowed`] copies at once: a piece at most this long, with this many
/// bytes from its start in its text, is copied as a block of this length (four 16-byte moves)
/// and cut back, instead of a `memcpy` call of its own length. 64: 93% of the essay's written
/// terms (62% at 32).
const WINDOW: usize = 64;

/// Appends `text[start..end]` to `out`: as the [`WINDOW`] bytes from `start` cut back when the
/// piece is that short and the text goes on that far, else as the piece.
#[inline(always)]
fn copy_windowed(out: &mut Vec<u8>, text: &[u8], start: usize, end: usize) {
    let len = end.saturating_sub(start);
    match text.get(start..).and_then(|rest| rest.first_chunk::<WINDOW>()) {
        Some(window) if len <= WINDOW => {
            let at = out.len();
            out.extend_from_slice(window);
            out.truncate(at + len);
        }
        _ => out.extend_from_slice(text.get(start..end).unwrap_or_default()),
    }
}

impl<'b> StoredTerms<'b> {
    /// The terms [`encode_terms`] stored in `bytes` for `stream` and a context of these very
    /// `prefixes` (as [`context::prefixes`] orders them); `None` for other prefixes (another base
    /// or vocabulary), a stream of another number of terms, empty bytes (the built-in data was
    /// invalid when the crate was built) and bytes it did not write (every end is checked, and
    /// the written terms are UTF-8, each one whole and a JSON string's quotes at its ends; no
    /// plain bit beyond [`PLAIN_KINDS`]).
    fn decode(
        bytes: &'b [u8],
        stream: &super::rdf_stored::StoredStream<'_>,
        prefixes: &[(String, String)],
    ) -> Option<Self> {
        let (ends, as_text) =
            super::rdf_stored::decode_terms_with(bytes, TERMS_MAGIC, stream, 2, &prefixes_text(prefixes))?;
        let (ends, plain) = ends.split_at(ends.len() / 2);
        let written = as_text.as_bytes();
        let mut terms = Vec::with_capacity(ends.len() / 4);
        let mut start = 0;
        for (end, plain) in ends.chunks_exact(4).zip(plain.chunks_exact(4)) {
            let end = u32::from_le_bytes(end.try_into().ok()?) as usize;
            let plain = u8::try_from(u32::from_le_bytes(plain.try_into().ok()?)).ok()?;
            if plain >> PLAIN_KINDS.len() != 0 {
                return None;
            }
            // At least `""`, within the text, a character's end, quoted.
            if end < start + 2 || end > written.len() || !as_text.is_char_boundary(end) {
                return None;
            }
            if written[start] != b'"' || written[end - 1] != b'"' {
                return None;
            }
            terms.push((start as u32, end as u32, plain));
            start = end;
        }
        (start == written.len()).then_some(StoredTerms { written, terms, noted: None })
    }

    /// Term `n` as written; `None` for a number beyond the terms.
    #[inline]
    fn get(&self, n: u32) -> Option<&'b [u8]> {
        let &(start, end, _) = self.terms.get(n as usize)?;
        self.written.get(start as usize..end as usize)
    }

    /// Term `n` as written, where it is written so under a property whose kind has plain bit
    /// `bit` ([`plain_bit`]); `None` where it is not (a bit of `0`: never), or beyond the terms.
    #[cfg(test)]
    fn plain(&self, n: u32, bit: u8) -> Option<&'b [u8]> {
        let &(start, end, plain) = self.terms.get(n as usize)?;
        (plain & bit != 0).then(|| self.written.get(start as usize..end as usize)).flatten()
    }

    /// Appends term `n` as written to `out` ([`copy_windowed`]), where it is written so under a
    /// property whose kind has plain bit `bit`, as `Self::plain` says; `false`, having
    /// written nothing, where it is not.
    #[inline(always)]
    fn copy_plain(&self, n: u32, bit: u8, out: &mut Vec<u8>) -> bool {
        match self.terms.get(n as usize) {
            Some(&(start, end, plain)) if plain & bit != 0 => {
                self.note(n, out.len());
                copy_windowed(out, self.written, start as usize, end as usize);
                true
            }
            _ => false,
        }
    }

    /// Appends term `n` as written to `out` ([`copy_windowed`]); nothing beyond the terms.
    #[inline(always)]
    fn copy(&self, n: u32, out: &mut Vec<u8>) {
        self.note(n, out.len());
        self.copy_unnoted(n, out);
    }

    /// [`Self::copy`], never noted ([`plan::Plan::write`]'s).
    #[inline(always)]
    fn copy_unnoted(&self, n: u32, out: &mut Vec<u8>) {
        if let Some(&(start, end, _)) = self.terms.get(n as usize) {
            copy_windowed(out, self.written, start as usize, end as usize);
        }
    }

    /// Notes, when they are being noted (`noted`: a plan is being made), that term `n` is
    /// copied at `at` in the output.
    #[inline(always)]
    fn note(&self, n: u32, at: usize) {
        if let Some(noted) = &self.noted {
            let len = self.get(n).map_or(0, <[u8]>::len);
            noted.borrow_mut().push((at, n, len));
        }
    }

    /// How many terms (the stream's).
    fn len(&self) -> usize {
        self.terms.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::rdf_quads;
    use crate::vocab::term;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// The writer this file had before round 8, kept as the reference the direct writer is
    /// compared with: each node object built as a tree of `serde_json::Value`s, then
    /// pretty-printed by serde_json.
    mod tree_reference {
        use super::*;

        /// A value as the property's term writes it.
        pub(super) fn value(ctx: &Context, t: TermRef<'_>, kind: ValueKind) -> Value {
            let compact = |iri: &str| ctx.compactor.compact(iri);
            match t {
                TermRef::NamedNode(n) if kind == ValueKind::Iri => json!(compact(n.as_str())),
                TermRef::NamedNode(n) => json!({"@id": compact(n.as_str())}),
                TermRef::Literal(l) => {
                    let plain = written_plain(kind, l);
                    match (plain, l.language()) {
                        (true, _) => json!(l.value()),
                        (false, Some(lang)) => json!({"@value": l.value(), "@language": lang}),
                        (false, None) => json!({"@value": l.value(), "@type": compact(l.datatype().as_str())}),
                    }
                }
                other => json!({"@id": other.to_string()}),
            }
        }

        fn id(ctx: &Context, subject: NamedOrBlankNodeRef<'_>) -> String {
            match subject {
                NamedOrBlankNodeRef::NamedNode(n) => ctx.compactor.compact(n.as_str()),
                other => other.to_string(),
            }
        }

        pub(super) struct NodeObject {
            id: String,
            types: Vec<String>,
            properties: BTreeMap<String, Value>,
        }

        impl serde::Serialize for NodeObject {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                match self.types.as_slice() {
                    [] => {}
                    [one] => map.serialize_entry("@type", one)?,
                    several => map.serialize_entry("@type", several)?,
                }
                map.serialize_entry("@id", &self.id)?;
                for (key, value) in &self.properties {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        /// The node object of one subject's quads.
        pub(super) fn node(ctx: &Context, quads: &[QuadRef<'_>]) -> NodeObject {
            let mut node = NodeObject {
                id: quads.first().map(|q| id(ctx, q.subject)).unwrap_or_default(),
                types: Vec::new(),
                properties: BTreeMap::new(),
            };
            for q in quads {
                let (key, v) = if q.predicate == oxrdf::vocab::rdf::TYPE {
                    match q.object {
                        TermRef::NamedNode(class) => {
                            node.types.push(ctx.compactor.compact(class.as_str()));
                            continue;
                        }
                        other => (ctx.compactor.compact(q.predicate.as_str()), value(ctx, other, ValueKind::Mixed)),
                    }
                } else {
                    match ctx.terms.get(q.predicate.as_str()) {
                        Some((key, kind, _, _)) => (key.to_string(), value(ctx, q.object, *kind)),
                        None => (ctx.compactor.compact(q.predicate.as_str()), value(ctx, q.object, ValueKind::Mixed)),
                    }
                };
                match node.properties.get_mut(&key) {
                    None => {
                        node.properties.insert(key, v);
                    }
                    Some(Value::Array(values)) => values.push(v),
                    Some(single) => {
                        let first = single.take();
                        *single = Value::Array(vec![first, v]);
                    }
                }
            }
            node
        }

        /// A node object as serde_json pretty-prints it, lines after the first indented.
        pub(super) fn node_text(node: &NodeObject, indent: usize) -> Vec<u8> {
            context::indented(node, indent).unwrap()
        }

        /// The whole export, as the tree writer wrote it.
        pub(super) fn write_jsonld(kg: &KnowledgeGraph, options: &RdfOptions) -> Vec<u8> {
            let stream = RdfStream::new(kg, options).unwrap();
            let base = options.base_for(kg);
            let ctx = Context::new(&base, options.vocab_namespace());
            let background = background_graph(&base);
            let mut out = Vec::new();
            out.extend_from_slice(b"{\n  \"@context\": ");
            ctx.write_context(&mut out).unwrap();
            out.extend_from_slice(b",\n  \"@graph\": ");
            let mut top = Array::open(2, &mut out);
            let mut held: Option<NodeObject> = None;
            let mut graph: Option<(GraphName, Array)> = None;
            stream
                .for_each_subject_ref(true, |quads| {
                    let name = quads[0].graph_name;
                    if name.is_default_graph() {
                        if matches!(quads[0].subject, NamedOrBlankNodeRef::NamedNode(s) if s == background) {
                            held = Some(node(&ctx, quads));
                            return Ok(());
                        }
                        let indent = top.next(&mut out);
                        out.extend(node_text(&node(&ctx, quads), indent));
                        return Ok::<(), ExportError>(());
                    }
                    if graph.as_ref().is_none_or(|(current, _)| current.as_ref() != name) {
                        if let Some((_, members)) = graph.take() {
                            close_graph(members, &mut out);
                        }
                        let id = match name {
                            oxrdf::GraphNameRef::NamedNode(n) => ctx.compactor.compact(n.as_str()),
                            other => other.to_string(),
                        };
                        let node = match held.take() {
                            Some(node) if node.id == id => node,
                            other => {
                                held = other;
                                NodeObject { id, types: Vec::new(), properties: BTreeMap::new() }
                            }
                        };
                        let indent = top.next(&mut out);
                        let written = node_text(&node, indent);
                        let closing = format!("\n{}}}", " ".repeat(indent));
                        out.extend_from_slice(written.strip_suffix(closing.as_bytes()).unwrap_or(&written));
                        out.extend_from_slice(format!(",\n{}\"@graph\": ", " ".repeat(indent + 2)).as_bytes());
                        graph = Some((name.into_owned(), Array::open(indent + 2, &mut out)));
                    }
                    let (_, members) = graph.as_mut().expect("a graph is open");
                    let indent = members.next(&mut out);
                    out.extend(node_text(&node(&ctx, quads), indent));
                    Ok(())
                })
                .unwrap();
            if let Some((_, members)) = graph.take() {
                close_graph(members, &mut out);
            }
            if let Some(node) = held {
                let indent = top.next(&mut out);
                out.extend(node_text(&node, indent));
            }
            top.close(&mut out);
            out.extend_from_slice(b"\n}\n");
            out
        }
    }

    /// Equal texts, or the first line where they differ.
    fn same(ours: &[u8], reference: &[u8], what: &str) {
        let (ours, reference) = (String::from_utf8_lossy(ours), String::from_utf8_lossy(reference));
        if let Some((n, (a, b))) = ours.lines().zip(reference.lines()).enumerate().find(|(_, (a, b))| a != b) {
            panic!("{what}, line {}:\n  direct: {a}\n  tree:   {b}", n + 1);
        }
        assert!(ours == reference, "{what}: one ends early");
    }

    /// The direct writer writes the essay byte for byte as the tree writer did, under the
    /// default options and under another base and vocabulary, with and without the ontology.
    #[test]
    fn the_essay_is_written_as_the_tree_writer_wrote_it() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = [
            RdfOptions::default(),
            RdfOptions {
                base: Some("urn:kg:x:".into()),
                vocab: Some("https://example.com/other/".into()),
                ..RdfOptions::default()
            },
            RdfOptions { ontology: false, ..RdfOptions::default() },
            RdfOptions { data: false, ..RdfOptions::default() },
        ];
        for options in options {
            let mut direct = Vec::new();
            write_jsonld(&kg, &options, &mut direct).unwrap();
            assert!(direct.len() > 1000, "{options:?}");
            same(&direct, &tree_reference::write_jsonld(&kg, &options), &format!("{options:?}"));
        }
    }

    /// A context's terms, owned and sorted, to compare.
    fn terms_of(ctx: &Context) -> BTreeMap<String, (String, ValueKind, Vec<u8>, u32)> {
        (ctx.terms.iter())
            .map(|(iri, (key, kind, quoted, rank))| (iri.to_string(), (key.to_string(), *kind, quoted.to_vec(), *rank)))
            .collect()
    }

    /// A term's rank is its key's place among the keys (a node's values are sorted by it when
    /// every key is a term's): for every two terms, the ranks compare as the keys do, built or
    /// stored, under the default and another base and vocabulary.
    #[test]
    fn the_ranks_are_the_order_of_the_keys() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let base = RdfOptions::default().base_for(&kg);
        for ctx in [
            Context::for_export(&base, vocab::KGV, true),
            Context::new(&base, vocab::KGV),
            Context::new("urn:kg:x:", "https://example.com/other/"),
        ] {
            let terms: Vec<_> = ctx.terms.values().collect();
            assert!(terms.len() > 100);
            for a in &terms {
                assert_ne!(a.3, NO_RANK);
                for b in &terms {
                    assert_eq!(a.3.cmp(&b.3), a.0.cmp(&b.0), "{} and {}", a.0, b.0);
                }
            }
        }
    }

    /// The context `build.rs` stored for the essay's defaults is the one built here, term for
    /// term and byte for byte, and an export of the stored stream takes it.
    #[test]
    fn the_stored_context_is_the_context_built_here() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let (base, vocab_namespace) = (options.base_for(&kg), options.vocab_namespace());
        // Not stale: what the run-time code makes of these defaults now.
        assert!(crate::builtin::JSONLD_CONTEXT == context::encode(&base, vocab_namespace).unwrap().as_slice());
        let stored = Context::for_export(&base, vocab_namespace, true);
        assert!(stored.text.is_some(), "the stored context is taken");
        let built = Context::new(&base, vocab_namespace);
        assert!(terms_of(&stored).len() > 100);
        assert_eq!(terms_of(&stored), terms_of(&built));
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        stored.write_context(&mut ours).unwrap();
        built.write_context(&mut theirs).unwrap();
        same(&ours, &theirs, "the context");
        assert!(RdfStream::new(&kg, &options).unwrap().is_stored());
    }

    /// The stored context is refused for another base or vocabulary, for a stream that is not
    /// the stored one, and when damaged.
    #[test]
    fn the_stored_context_is_refused_where_it_was_not_made_for() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let base = RdfOptions::default().base_for(&kg);
        let bytes = crate::builtin::JSONLD_CONTEXT;
        assert!(context::decode(bytes, &base, vocab::KGV).is_some());
        assert!(context::decode(bytes, "urn:kg:x:", vocab::KGV).is_none());
        assert!(context::decode(bytes, &base, "https://example.com/other/").is_none());
        assert!(Context::for_export(&base, vocab::KGV, false).text.is_none());
        let other = Context::for_export("urn:kg:x:", vocab::KGV, true);
        assert!(other.text.is_none());
        assert_eq!(terms_of(&other), terms_of(&Context::new("urn:kg:x:", vocab::KGV)));
        // Cut anywhere, a byte more, a kind that is no kind: refused, no panic.
        let leaked: &'static [u8] = Vec::leak(bytes.to_vec());
        for cut in (0..leaked.len()).step_by(3) {
            assert!(context::decode(&leaked[..cut], &base, vocab::KGV).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(context::decode(Vec::leak(longer), &base, vocab::KGV).is_none());
        let at = bytes.windows(3).position(|w| w == b"@en").unwrap();
        let mut wrong = bytes.to_vec();
        wrong[at + 1] = b'x';
        assert!(context::decode(Vec::leak(wrong), &base, vocab::KGV).is_none());
    }

    mod hostile {
        use super::*;
        use oxrdf::vocab::{rdf, rdfs, xsd};
        use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
        use proptest::prelude::*;

        const NAMESPACES: &[&str] = &[
            "https://example.org/x/entity/",
            "https://example.org/x/evidence/",
            "https://example.org/x/",
            vocab::KGV,
            vocab::RDFS,
            vocab::XSD,
            vocab::OA,
            "http://other.org/",
            "",
        ];
        /// Pieces of names and values: JSON's escapes, control characters, quotes, IRI
        /// delimiters, non-ASCII.
        const PIECES: &[&str] = &[
            "a",
            "label",
            "date",
            "type",
            "x1",
            "\"",
            "\\",
            "/",
            "//",
            "#",
            "?",
            ":",
            "@id",
            "\n",
            "\r",
            "\t",
            "\u{8}",
            "\u{c}",
            "\u{0}",
            "\u{1}",
            "\u{1f}",
            "\u{7f}",
            " ",
            "<",
            "é",
            "\u{2028}",
            "\u{1F600}",
            "\u{FFFF}",
            "{",
            "}",
            "[",
            "]",
            ",",
        ];

        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(proptest::sample::select(PIECES), 0..5).prop_map(|p| p.concat())
        }

        /// Any string after a namespace: unchecked, so hostile ones too.
        fn iri() -> impl Strategy<Value = NamedNode> {
            (proptest::sample::select(NAMESPACES), text())
                .prop_map(|(n, l)| NamedNode::new_unchecked(format!("{n}{l}")))
        }

        fn literal() -> impl Strategy<Value = Literal> {
            let datatype = prop_oneof![
                Just(xsd::STRING.into_owned()),
                Just(xsd::DATE.into_owned()),
                Just(xsd::G_YEAR.into_owned()),
                Just(xsd::NON_NEGATIVE_INTEGER.into_owned()),
                iri(),
            ];
            let language = proptest::sample::select(&["en", "fr", "ja-Latn-JP", "x-\"q"][..]);
            prop_oneof![
                (text(), datatype).prop_map(|(v, d)| Literal::new_typed_literal(v, d)),
                (text(), language).prop_map(|(v, l)| Literal::new_language_tagged_literal_unchecked(v, l)),
            ]
        }

        /// One subject's quads: known properties of every kind, unknown ones, `rdf:type` with
        /// IRIs and other objects; repeated predicates, so that values become arrays.
        fn node_quads() -> impl Strategy<Value = Vec<Quad>> {
            let subject = prop_oneof![
                3 => iri().prop_map(NamedOrBlankNode::from),
                1 => Just(NamedOrBlankNode::from(BlankNode::new_unchecked("b0"))),
            ];
            let known = |local: &'static str| NamedNode::new_unchecked(vocab::concat(&[vocab::KGV, local]));
            let predicate = prop_oneof![
                2 => Just(rdf::TYPE.into_owned()),
                2 => Just(rdfs::LABEL.into_owned()),
                1 => Just(known(term::DATE)),
                1 => Just(known(term::EARLIEST)),
                1 => Just(known(term::EVIDENCE)),
                1 => Just(known(term::PROPERTY)),
                1 => Just(NamedNode::new_unchecked(vocab::concat(&[vocab::OA, "start"]))),
                2 => iri(),
            ];
            let object = prop_oneof![
                2 => iri().prop_map(Term::from),
                1 => Just(Term::from(BlankNode::new_unchecked("b1"))),
                3 => literal().prop_map(Term::from),
            ];
            (subject, proptest::collection::vec((predicate, object), 1..10)).prop_map(|(s, po)| {
                po.into_iter().map(|(p, o)| Quad::new(s.clone(), p, o, GraphName::DefaultGraph)).collect()
            })
        }

        proptest! {
            /// A node object of hostile names and values, closed or left open for a
            /// `@graph`, is written byte for byte as the tree writer wrote it, and is JSON.
            #[test]
            fn a_hostile_node_is_written_as_the_tree_writer_wrote_it(quads in node_quads(), indent in 0usize..7) {
                let ctx = Context::new("https://example.org/x/", vocab::KGV);
                let refs: Vec<QuadRef<'_>> = quads.iter().map(Quad::as_ref).collect();
                let reference = tree_reference::node_text(&tree_reference::node(&ctx, &refs), indent);
                let mut direct = Vec::new();
                ctx.write_node(&refs, None, indent, true, &mut Scratch::default(), &mut direct);
                same(&direct, &reference, "closed");
                prop_assert!(serde_json::from_slice::<Value>(&direct).is_ok());
                let mut open = Vec::new();
                ctx.write_node(&refs, None, indent, false, &mut Scratch::default(), &mut open);
                let closing = format!("\n{}}}", " ".repeat(indent));
                same(&open, reference.strip_suffix(closing.as_bytes()).unwrap(), "open");
            }

            /// An IRI is written from the compactor's cache exactly as without it, whether met
            /// first, again, or after another IRI took its slot (two slots, so IRIs collide).
            #[test]
            fn a_cached_iri_is_written_as_an_uncached_one(
                iris in proptest::collection::vec(iri(), 1..40),
                picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..80),
                slot_bits in prop_oneof![Just(0u32), Just(1), Just(WRITTEN_SLOT_BITS)],
            ) {
                let cached = Compactor::with_slots("https://example.org/x/", vocab::KGV, slot_bits);
                let reference = Compactor::new("https://example.org/x/", vocab::KGV);
                let mut ours = Vec::new();
                let mut theirs = Vec::new();
                for pick in picks {
                    let iri = iris[pick.index(iris.len())].as_str();
                    cached.write(iri, &mut ours);
                    reference.write_uncached(iri, &mut theirs);
                    prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs), "{}", iri);
                }
            }

            /// The escaper is serde_json's.
            #[test]
            fn strings_are_escaped_as_serde_json_escapes_them(
                parts in proptest::collection::vec(
                    proptest::collection::vec(proptest::sample::select(PIECES), 0..24).prop_map(|p| p.concat()),
                    0..3,
                ),
                any in ".*",
            ) {
                let mut out = Vec::new();
                let mut refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                refs.push(&any);
                push_json_str(&mut out, &refs);
                prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&refs.concat()).unwrap());
            }
        }
    }

    /// The static context covers what the export writes: every property of the essay's export
    /// (vocabulary included, under the default and another vocabulary namespace) has a term,
    /// and every value but those of the mixed properties is of its term's kind, so it is written
    /// as a plain string.
    #[test]
    fn every_property_of_the_essay_has_a_term_and_plain_values() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for vocab_namespace in [None, Some("https://example.com/other/")] {
            let options = RdfOptions { vocab: vocab_namespace.map(str::to_string), ..RdfOptions::default() };
            let ctx = Context::new(&options.base_for(&kg), options.vocab_namespace());
            let mut mixed = std::collections::BTreeSet::new();
            for q in rdf_quads(&kg, &options).unwrap() {
                if q.predicate.as_ref() == oxrdf::vocab::rdf::TYPE {
                    assert!(q.object.is_named_node(), "{q}");
                    continue;
                }
                let Some((key, kind, _, _)) = ctx.terms.get(q.predicate.as_str()) else {
                    panic!("no term for {} (add it to context::PROPERTIES)", q.predicate)
                };
                assert!(!key.contains(':'), "{} is written as {key}, not by a short term", q.predicate);
                if *kind == ValueKind::Mixed {
                    mixed.insert(key.clone());
                } else {
                    let mut written = Vec::new();
                    ctx.write_value(q.object.as_ref(), None, *kind, 0, &mut written);
                    assert!(written.starts_with(b"\""), "{q}: not of the declared kind {kind:?}");
                }
            }
            // The mixed ones are mixed in the essay itself (dates of several precisions).
            assert!(mixed.contains("date") && mixed.contains("startDate"), "{mixed:?}");
        }
    }

    #[test]
    fn a_value_of_another_kind_is_written_expanded() {
        let ctx = Context::new("https://example.org/x/", vocab::KGV);
        let written = |t: &oxrdf::Term, kind| {
            let mut out = Vec::new();
            ctx.write_value(t.as_ref(), None, kind, 0, &mut out);
            serde_json::from_slice::<Value>(&out).unwrap()
        };
        let date = oxrdf::Term::Literal(oxrdf::Literal::new_typed_literal("1905", oxrdf::vocab::xsd::G_YEAR));
        assert_eq!(written(&date, ValueKind::Xsd("date")), json!({"@value": "1905", "@type": "xsd:gYear"}));
        let french = oxrdf::Term::Literal(oxrdf::Literal::new_language_tagged_literal_unchecked("Japon", "fr"));
        assert_eq!(written(&french, ValueKind::English), json!({"@value": "Japon", "@language": "fr"}));
        let iri = oxrdf::Term::NamedNode(oxrdf::NamedNode::new_unchecked("https://example.org/x/entity/japan"));
        assert_eq!(written(&iri, ValueKind::English), json!({"@id": "ent:japan"}));
        assert_eq!(written(&iri, ValueKind::Iri), json!("ent:japan"));
    }

    /// The essay's JSON-LD with the default options, the stored stream and `stored_terms`.
    fn essay_with_terms(kg: &KnowledgeGraph, stored_terms: &[u8]) -> Vec<u8> {
        let stream = RdfStream::new(kg, &RdfOptions::default()).unwrap();
        assert!(stream.is_stored());
        let mut out = Vec::new();
        write_jsonld_with(kg, &RdfOptions::default(), &stream, stored_terms, &mut out).unwrap();
        out
    }

    /// The default context's prefixes.
    fn default_prefixes(kg: &KnowledgeGraph) -> Vec<(String, String)> {
        let options = RdfOptions::default();
        context::prefixes(&options.base_for(kg), options.vocab_namespace())
    }

    /// `build.rs`'s written terms are what the writer makes of the stored stream's terms now,
    /// term by term, and the export written with them is the tree writer's, the generated
    /// stream's and the export's without them, byte for byte; it does copy them.
    #[test]
    fn the_stored_terms_are_the_terms_written_here() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let (base, vocab_namespace) = (options.base_for(&kg), options.vocab_namespace());
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let bytes = crate::builtin::JSONLD_TERMS;
        assert!(bytes == encode_terms(stored, &base, vocab_namespace).as_slice(), "the stored JSON-LD terms are stale");
        let prefixes = default_prefixes(&kg);
        let terms = StoredTerms::decode(bytes, stored, &prefixes).expect("taken");
        // Term by term, what a fresh context writes for it, and what the reference writes: an
        // IRI compacted, a blank node's `_:id`, a literal's value, as serde_json strings.
        let fresh = Context::new(&base, vocab_namespace);
        for (n, term) in stored.terms().iter().enumerate() {
            let mut made = Vec::new();
            fresh.write_term(*term, None, &mut made);
            let reference = match term {
                TermRef::NamedNode(iri) => serde_json::to_vec(&fresh.compactor.compact(iri.as_str())),
                TermRef::Literal(l) => serde_json::to_vec(l.value()),
                other => serde_json::to_vec(&other.to_string()),
            };
            let written = terms.get(n as u32).expect("every term stored");
            assert_eq!(String::from_utf8_lossy(written), String::from_utf8_lossy(&made), "term {n}: {term}");
            assert_eq!(String::from_utf8_lossy(written), String::from_utf8_lossy(&reference.unwrap()), "term {n}");
        }
        assert!(terms.get(stored.terms().len() as u32).is_none());
        // Each term's plain bits, kind by kind: set exactly where `write_value` writes the term
        // as `write_term` does (the reference: no bit read); a kind with no bit (`Mixed`, under
        // which nothing is plain, and a datatype no property takes) is never taken as plain.
        let mut plain_met = [0; PLAIN_KINDS.len()];
        for (n, term) in stored.terms().iter().enumerate() {
            let mut alone = Vec::new();
            fresh.write_term(*term, None, &mut alone);
            for kind in PLAIN_KINDS.into_iter().chain([ValueKind::Mixed, ValueKind::Xsd("gYear")]) {
                let mut value = Vec::new();
                fresh.write_value(*term, None, kind, 4, &mut value);
                let plain = terms.plain(n as u32, plain_bit(kind));
                let has_bit = plain_bit(kind) != 0;
                assert_eq!(plain.is_some(), has_bit && value == alone, "term {n} ({term}) under {kind:?}");
                assert!(has_bit || kind != ValueKind::Mixed || value != alone, "term {n} plain under Mixed");
                if let Some(i) = PLAIN_KINDS.iter().position(|k| *k == kind) {
                    plain_met[i] += usize::from(plain.is_some());
                }
            }
        }
        assert!(plain_met.iter().all(|n| *n > 0), "{plain_met:?}");
        assert!(terms.plain(stored.terms().len() as u32, u8::MAX).is_none());
        // The export with them, without them (empty bytes: refused), of the generated stream
        // (made term by term), and the tree writer's: byte for byte.
        let written = essay_with_terms(&kg, bytes);
        same(&written, &essay_with_terms(&kg, &[]), "without the stored terms");
        same(&written, &tree_reference::write_jsonld(&kg, &options), "the tree writer");
        let (stream, mut generated) = (RdfStream::generated(&kg, &options).unwrap(), Vec::new());
        assert!(!stream.is_stored());
        write_jsonld_with(&kg, &options, &stream, bytes, &mut generated).unwrap();
        same(&written, &generated, "the generated stream");
        // The export does copy them: a letter changed in the last written term (a literal or
        // an IRI the essay writes) shows in the output.
        let mut changed = bytes.to_vec();
        let at = (0..changed.len()).rev().find(|&i| changed[i].is_ascii_lowercase()).expect("a letter");
        changed[at] = if changed[at] == b'x' { b'y' } else { b'x' };
        assert!(StoredTerms::decode(&changed, stored, &prefixes).is_some());
        assert!(essay_with_terms(&kg, &changed) != written);
        // And it reads the plain bits. Every value of the essay under a kind with a bit is plain
        // (`every_property_of_the_essay_has_a_term_and_plain_values`): every bit cleared writes
        // each from its term, the same. A literal put under an IRI's property is written as a
        // value object, as the node writer writes it, unless a forged bit says it is plain.
        let count = stored.terms().len();
        let plain_at = |bytes: &mut Vec<u8>, value: u32| {
            for i in 0..count {
                let at = 12 + 4 * (count + i);
                bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
        };
        let (mut all_set, mut none_set) = (bytes.to_vec(), bytes.to_vec());
        plain_at(&mut all_set, (1 << PLAIN_KINDS.len()) - 1);
        plain_at(&mut none_set, 0);
        same(&essay_with_terms(&kg, &none_set), &written, "no plain bit set");
        let ctx = Context::for_export(&base, vocab_namespace, true);
        let all = stored.terms();
        let literal = all.iter().position(|t| t.is_literal()).unwrap() as u32;
        let is_iris = |q: &oxrdf::Quad| ctx.terms.get(q.predicate.as_str()).is_some_and(|t| t.1 == ValueKind::Iri);
        let (at, mut numbers) = (essay_subjects().into_iter())
            .find_map(|(quads, numbers)| Some((quads.iter().position(is_iris)?, numbers)))
            .unwrap();
        numbers[at][2] = literal;
        let quads: Vec<QuadRef<'_>> = numbers.iter().map(|n| stored.quad(*n).unwrap()).collect();
        let (subject, pairs) = pairs_of(&numbers);
        let write = |terms: &StoredTerms<'_>| {
            let mut out = Vec::new();
            let scratch = &mut Scratch::default();
            assert!(ctx.write_node_numbered(stored, terms, (subject, &pairs), 4, true, scratch, &mut out));
            out
        };
        let (mut slow, forged) = (Vec::new(), StoredTerms::decode(&all_set, stored, &prefixes).unwrap());
        ctx.write_node(&quads, Some((&terms, &numbers)), 4, true, &mut Scratch::default(), &mut slow);
        same(&write(&terms), &slow, "a literal under an IRI's property");
        assert!(String::from_utf8_lossy(&slow).contains("\"@value\""));
        assert!(write(&forged) != slow, "the forged bit was not read");
    }

    /// Every kind a property of the context takes but `Mixed` has a plain bit, so that no
    /// value of the essay is written from its term for want of one.
    #[test]
    fn every_kind_has_a_plain_bit() {
        let options = RdfOptions::default();
        let ctx = Context::new("https://example.org/x/", options.vocab_namespace());
        for (iri, (_, kind, _, _)) in &ctx.terms {
            assert_eq!(plain_bit(*kind) == 0, *kind == ValueKind::Mixed, "{iri}: {kind:?}");
        }
    }

    /// The stored stream's export by number makes only the terms it needs, alone: none of the
    /// stream's every term (`StoredStream::terms`), and writes each subject as the node writer
    /// writes the quads lent.
    #[test]
    fn the_stored_subjects_are_written_without_making_every_term() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let ctx = Context::for_export(&options.base_for(&kg), options.vocab_namespace(), true);
        let fresh = StoredStream::decode(crate::builtin::RDF_STREAM).unwrap();
        let terms = StoredTerms::decode(crate::builtin::JSONLD_TERMS, &fresh, &ctx.compactor.prefixes).unwrap();
        let (mut fast, mut scratch, mut heads) = (Vec::new(), Scratch::default(), Vec::new());
        fresh
            .for_each_subject_stored(true, |node, graph, pairs| {
                heads.push((fresh.node(node).unwrap().into_owned(), fresh.graph(graph).unwrap().into_owned()));
                let known = Some((&fresh, &terms, (node, graph, pairs)));
                ctx.write_node_known(&[], known, 4, true, &mut scratch, &mut fast);
                Ok::<_, ()>(())
            })
            .unwrap();
        assert!(!fresh.terms_made(), "every term was made");
        let (mut slow, mut scratch) = (Vec::new(), Scratch::default());
        let mut lent_heads = Vec::new();
        fresh
            .for_each_subject(true, |quads| {
                lent_heads.push((quads[0].subject.into_owned(), quads[0].graph_name.into_owned()));
                ctx.write_node(quads, None, 4, true, &mut scratch, &mut slow);
                Ok::<_, ()>(())
            })
            .unwrap();
        assert!(fresh.terms_made());
        assert_eq!(heads, lent_heads);
        same(&fast, &slow, "the subjects by number");
    }

    /// Each subject of the essay's stored stream, numbered, with the stored terms.
    fn essay_subjects() -> Vec<(Vec<oxrdf::Quad>, Vec<[u32; 4]>)> {
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let (mut quads, mut numbers) = (Vec::new(), Vec::new());
        stored
            .for_each_subject(true, |q| {
                quads.push(q.iter().map(|q| q.into_owned()).collect());
                Ok::<_, ()>(())
            })
            .unwrap();
        stored
            .for_each_subject_numbers(true, |n| {
                numbers.push(n.to_vec());
                Ok::<_, ()>(())
            })
            .unwrap();
        assert_eq!(quads.len(), numbers.len());
        quads.into_iter().zip(numbers).collect()
    }

    /// A subject's term numbers as the stored stream lends them
    /// ([`StoredStream::for_each_subject_stored`]): the subject's number (the first quad's; `0`
    /// for none) and each quad's predicate and object numbers, eight bytes.
    fn pairs_of(numbers: &[[u32; 4]]) -> (u32, Vec<[u8; 8]>) {
        let subject = numbers.first().map_or(0, |n| n[0]);
        let pairs = (numbers.iter())
            .map(|&[_, p, o, _]| {
                let mut pair = [0; 8];
                pair[..4].copy_from_slice(&p.to_le_bytes());
                pair[4..].copy_from_slice(&o.to_le_bytes());
                pair
            })
            .collect();
        (subject, pairs)
    }

    /// The node writer by number writes every subject of the essay (each one: none is left to
    /// the other path) as [`Context::write_node`] writes it with the same stored terms, byte for
    /// byte, at the indentations the export uses and others, closed and left open, with one
    /// scratch space throughout (its member starts made at one indentation and used, or made
    /// again, at the next).
    #[test]
    fn the_node_writer_by_number_writes_as_the_node_writer() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let ctx = Context::for_export(&options.base_for(&kg), options.vocab_namespace(), true);
        let stored = crate::builtin::rdf_stream().unwrap();
        let terms = StoredTerms::decode(crate::builtin::JSONLD_TERMS, stored, &ctx.compactor.prefixes).unwrap();
        let (mut fast_scratch, mut slow_scratch) = (Scratch::default(), Scratch::default());
        let subjects = essay_subjects();
        assert!(subjects.len() > 1000);
        let (mut arrays, mut typed, mut value_objects) = (0, 0, 0);
        // Beyond the copied blocks' indentation too (the pieces and lines then made otherwise).
        for indent in [4, 8, 4, 0, 13, WINDOW + 7] {
            for close in [true, false] {
                for (quads, numbers) in &subjects {
                    let quads: Vec<QuadRef<'_>> = quads.iter().map(|q| q.as_ref()).collect();
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    let (subject, pairs) = pairs_of(numbers);
                    assert!(
                        ctx.write_node_numbered(
                            stored,
                            &terms,
                            (subject, &pairs),
                            indent,
                            close,
                            &mut fast_scratch,
                            &mut fast
                        ),
                        "{}",
                        quads[0].subject
                    );
                    ctx.write_node(&quads, Some((&terms, numbers)), indent, close, &mut slow_scratch, &mut slow);
                    same(&fast, &slow, &format!("{} at {indent}", quads[0].subject));
                    let text = String::from_utf8_lossy(&fast);
                    arrays += usize::from(text.contains(": [\n"));
                    typed += usize::from(text.contains("\"@type\": ["));
                    value_objects += usize::from(text.contains("\"@value\""));
                }
            }
        }
        // The cases the writer by number has its own code for were all met.
        assert!(arrays > 0 && typed > 0 && value_objects > 0, "{arrays} {typed} {value_objects}");
    }

    /// The node writer by number refuses, writing nothing, a subject with a predicate of no
    /// term, a class that is no IRI, a subject or object number beyond the stream's terms, and
    /// no quads; [`Context::write_node_known`] then writes the quads made from the numbers as
    /// [`Context::write_node`] writes them (and the export would).
    #[test]
    fn the_node_writer_by_number_is_refused_where_it_does_not_apply() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let ctx = Context::for_export(&options.base_for(&kg), options.vocab_namespace(), true);
        let stored = crate::builtin::rdf_stream().unwrap();
        let terms = StoredTerms::decode(crate::builtin::JSONLD_TERMS, stored, &ctx.compactor.prefixes).unwrap();
        let all = stored.terms();
        let number = |t: TermRef<'_>| all.iter().position(|x| *x == t).expect("a term of the stream") as u32;
        let subjects = essay_subjects();
        let (quads, numbers) = subjects.iter().find(|(q, _)| q.len() > 2).unwrap();
        let quads: Vec<QuadRef<'_>> = quads.iter().map(|q| q.as_ref()).collect();
        // An IRI no property's (the subject itself) as predicate; `rdf:type` with a literal.
        let entity = match quads[0].subject {
            NamedOrBlankNodeRef::NamedNode(n) => n,
            _ => panic!("an IRI subject"),
        };
        let literal = *all.iter().find(|t| t.is_literal()).unwrap();
        let type_number = number(oxrdf::vocab::rdf::TYPE.into());
        let mut other_predicate = (quads.clone(), numbers.clone());
        other_predicate.0[1].predicate = entity;
        other_predicate.1[1][1] = number(entity.into());
        let mut literal_class = (quads.clone(), numbers.clone());
        literal_class.0[1].predicate = oxrdf::vocab::rdf::TYPE;
        literal_class.0[1].object = literal;
        (literal_class.1[1][1], literal_class.1[1][2]) = (type_number, number(literal));
        for (what, (quads, numbers)) in
            [("a predicate of no term", &other_predicate), ("a literal class", &literal_class)]
        {
            let mut scratch = Scratch::default();
            let mut out = b"before".to_vec();
            let (subject, pairs) = pairs_of(numbers);
            let known = (subject, &pairs[..]);
            assert!(!ctx.write_node_numbered(stored, &terms, known, 4, true, &mut scratch, &mut out), "{what}");
            assert_eq!(out, b"before", "{what}: nothing written");
            let (mut known, mut slow) = (Vec::new(), Vec::new());
            let stored_subject = Some((stored, &terms, (subject, numbers[0][3], &pairs[..])));
            ctx.write_node_known(&[], stored_subject, 4, true, &mut Scratch::default(), &mut known);
            ctx.write_node(quads, Some((&terms, numbers)), 4, true, &mut Scratch::default(), &mut slow);
            same(&known, &slow, what);
            assert!(!known.is_empty());
        }
        // Numbers beyond the stream's terms, a predicate that is no IRI, no quads: refused.
        let mut beyond = numbers.clone();
        beyond[1][2] = all.len() as u32;
        let mut subject_beyond = numbers.clone();
        subject_beyond[0][0] = u32::MAX;
        let mut predicate_beyond = numbers.clone();
        predicate_beyond[2][1] = all.len() as u32;
        let mut literal_predicate = numbers.clone();
        literal_predicate[1][1] = number(literal);
        for (what, numbers) in [
            ("an object beyond the terms", &beyond),
            ("a subject beyond the terms", &subject_beyond),
            ("a predicate beyond the terms", &predicate_beyond),
            ("a literal predicate", &literal_predicate),
            ("no quads", &Vec::new()),
        ] {
            let mut out = b"before".to_vec();
            let mut scratch = Scratch::default();
            let (subject, pairs) = pairs_of(numbers);
            let known = (subject, &pairs[..]);
            assert!(!ctx.write_node_numbered(stored, &terms, known, 4, true, &mut scratch, &mut out), "{what}");
            assert_eq!(out, b"before", "{what}: nothing written");
        }
        // Unchanged, it is taken, and writes as the node writer.
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        let (subject, pairs) = pairs_of(numbers);
        let known = (subject, &pairs[..]);
        assert!(ctx.write_node_numbered(stored, &terms, known, 4, true, &mut Scratch::default(), &mut fast));
        ctx.write_node(&quads, Some((&terms, numbers)), 4, true, &mut Scratch::default(), &mut slow);
        same(&fast, &slow, "unchanged");
    }

    /// A piece copied by [`copy_windowed`] (as a block cut back, or whole near the text's end
    /// or when longer than a block), a line and spaces ([`line`], [`pad`]) are those bytes, at
    /// any length, after what the buffer held.
    #[test]
    fn windowed_copies_are_the_pieces() {
        let text: Vec<u8> = (0..3 * WINDOW as u32).map(|i| b'a' + (i * 7 % 26) as u8).collect();
        for start in 0..=text.len() {
            for end in start..=text.len() {
                let mut out = b"held".to_vec();
                copy_windowed(&mut out, &text, start, end);
                assert_eq!(&out[..4], b"held");
                assert_eq!(&out[4..], &text[start..end], "{start}..{end}");
            }
        }
        for n in 0..3 * WINDOW {
            let (mut lined, mut padded) = (b"held".to_vec(), b"held".to_vec());
            line(&mut lined, n);
            pad(&mut padded, n);
            assert_eq!(lined, [&b"held\n"[..], &vec![b' '; n]].concat(), "{n}");
            assert_eq!(padded, [&b"held"[..], &vec![b' '; n]].concat(), "{n}");
        }
    }

    /// The stored terms are refused for another context (base, vocabulary, prefixes), another
    /// stream, and cut or damaged bytes, with no panic.
    #[test]
    fn the_stored_terms_are_refused_where_they_were_not_made_for() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::rdf_stream().expect("build.rs stored the essay's stream");
        let bytes = crate::builtin::JSONLD_TERMS;
        let prefixes = default_prefixes(&kg);
        assert!(StoredTerms::decode(bytes, stored, &prefixes).is_some());
        // Other options' prefixes; one prefix fewer, one more, two swapped, one renamed.
        for options in [
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
        ] {
            let other = context::prefixes(&options.base_for(&kg), options.vocab_namespace());
            assert!(StoredTerms::decode(bytes, stored, &other).is_none(), "{options:?}");
        }
        let mut swapped = prefixes.clone();
        swapped.swap(0, 1);
        let mut renamed = prefixes.clone();
        renamed[3].0 = "zz".into();
        let more = [prefixes.as_slice(), &[("more".into(), "http://example.com/more#".into())]].concat();
        for other in [&prefixes[1..], &more, &swapped, &renamed] {
            assert!(StoredTerms::decode(bytes, stored, other).is_none(), "{other:?}");
        }
        // Another stream (another number of terms): the essay without its ontology, stored.
        let options = RdfOptions { ontology: false, ..RdfOptions::default() };
        let other_bytes = crate::export::rdf_stored::encode(&RdfStream::new(&kg, &options).unwrap());
        let other_stream = crate::export::StoredStream::decode(&other_bytes).unwrap();
        assert!(StoredTerms::decode(bytes, &other_stream, &prefixes).is_none());
        // Cut anywhere, an end moved back or past the text, a term made empty, a quote lost, a
        // non-UTF-8 byte, a character cut in two, the magic: refused, no panic.
        assert!(StoredTerms::decode(&[], stored, &prefixes).is_none());
        for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(StoredTerms::decode(&bytes[..cut], stored, &prefixes).is_none(), "cut at {cut}");
        }
        let end = |bytes: &[u8], i: usize| u32::from_le_bytes(bytes[12 + 4 * i..16 + 4 * i].try_into().unwrap());
        let with_end = |i: usize, value: u32| {
            let mut wrong = bytes.to_vec();
            wrong[12 + 4 * i..16 + 4 * i].copy_from_slice(&value.to_le_bytes());
            wrong
        };
        let (first, second) = (end(bytes, 0), end(bytes, 1));
        for wrong in
            [with_end(1, first), with_end(1, first + 1), with_end(0, 0), with_end(1, second - 1), with_end(0, u32::MAX)]
        {
            assert!(StoredTerms::decode(&wrong, stored, &prefixes).is_none());
        }
        let terms = stored.terms().len();
        let written_at = bytes.len() - end(bytes, terms - 1) as usize;
        let mut unquoted = bytes.to_vec();
        unquoted[written_at] = b'x';
        assert!(StoredTerms::decode(&unquoted, stored, &prefixes).is_none());
        let mut not_utf8 = bytes.to_vec();
        not_utf8[written_at + 1] = 0xFF;
        assert!(StoredTerms::decode(&not_utf8, stored, &prefixes).is_none());
        let mut magic = bytes.to_vec();
        magic[0] ^= 1;
        assert!(StoredTerms::decode(&magic, stored, &prefixes).is_none());
        // A plain bit beyond the kinds, or beyond a byte.
        for wrong in [1u32 << PLAIN_KINDS.len(), 1 << 8, u32::MAX] {
            let mut reserved = bytes.to_vec();
            let at = 12 + 4 * (terms + terms / 2);
            reserved[at..at + 4].copy_from_slice(&wrong.to_le_bytes());
            assert!(StoredTerms::decode(&reserved, stored, &prefixes).is_none(), "{wrong:#x}");
        }
        // A term ending inside a two-byte character (`é` in a written term of the essay).
        let written = &bytes[written_at..];
        let wide = written.iter().position(|b| *b >= 0xC0).expect("a term with a non-ASCII character");
        let term = (0..terms).find(|&i| end(bytes, i) as usize > wide).unwrap();
        assert!(StoredTerms::decode(&with_end(term, wide as u32 + 1), stored, &prefixes).is_none());
    }

    /// The essay's JSON-LD with the default options, the stored terms and a plan in `plan`.
    fn essay_with_plan(kg: &KnowledgeGraph, plan: &[u8]) -> Vec<u8> {
        let stream = RdfStream::new(kg, &RdfOptions::default()).unwrap();
        let terms = crate::builtin::JSONLD_TERMS;
        let mut out = Vec::new();
        write_jsonld_planned(kg, &RdfOptions::default(), &stream, terms, Planning::Stored(plan), &mut out).unwrap();
        out
    }

    /// Where a plan's parts start: its subjects', entries' and text's offsets in bytes.
    fn plan_offsets(plan: &[u8]) -> [usize; 3] {
        let word = |i: usize| u32::from_le_bytes(plan[4 * i..4 * i + 4].try_into().unwrap()) as usize;
        let subjects_at = 24 + 8 * word(3);
        let entries_at = subjects_at + 16 * word(2);
        [subjects_at, entries_at, entries_at + 4 * word(4)]
    }

    /// `build.rs`'s plan is the one the writer makes now; the export copied from it is the
    /// writer's, byte for byte (so every subject's node object is), by `write_jsonld` too; and it
    /// is what is copied (a piece changed in it changes the export).
    #[test]
    fn the_stored_plan_is_the_plan_made_here() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stream = RdfStream::new(&kg, &RdfOptions::default()).unwrap();
        let (plan, terms) = (crate::builtin::JSONLD_PLAN, crate::builtin::JSONLD_TERMS);
        assert!(!plan.is_empty(), "build.rs stored no plan");
        assert!(plan == encode_plan(&kg, &stream, terms).as_slice(), "the stored JSON-LD plan is stale");
        let written = essay_with_terms(&kg, terms);
        same(&essay_with_plan(&kg, plan), &written, "the plan");
        let mut exported = Vec::new();
        write_jsonld(&kg, &RdfOptions::default(), &mut exported).unwrap();
        same(&exported, &written, "write_jsonld");
        // Every byte of the first piece changed: the export changes there and only there.
        let [_, _, text_at] = plan_offsets(plan);
        let first = u32::from_le_bytes(plan[28..32].try_into().unwrap()) as usize;
        let mut changed = plan.to_vec();
        changed[text_at..text_at + first].fill(b'~');
        let copied = essay_with_plan(&kg, &changed);
        assert_eq!(copied.len(), written.len());
        let differ = copied.iter().zip(&written).filter(|(a, b)| a != b).count();
        assert!(differ >= first, "the plan's pieces are not what is copied");
        // A plan is made only from the stored stream: none from a generated one.
        let generated = RdfStream::generated(&kg, &RdfOptions::default()).unwrap();
        assert!(encode_plan(&kg, &generated, terms).is_empty());
    }

    /// The plan is checked when kg is compiled for the binary's own bytes only, and at run time
    /// for any other: refused where it is cut, made for another number of terms, names a piece
    /// or a term beyond them, its subjects' entries out of order, its text no UTF-8; a plan not
    /// made for a subject (another subject number) is left from there on. The export is then
    /// the writer's.
    #[test]
    fn the_stored_plan_is_refused_where_it_was_not_made_for() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let plan = crate::builtin::JSONLD_PLAN;
        let terms = crate::builtin::rdf_stream().unwrap().term_count();
        assert_eq!(crate::builtin::jsonld_plan_checked(plan), Some(terms));
        assert_eq!(plan::well_formed(plan), Some(terms));
        let copy = plan.to_vec();
        assert_eq!(crate::builtin::jsonld_plan_checked(&copy), None, "a copy is taken as checked");
        assert!(plan::Plan::decode(&copy, terms).is_some());
        assert!(plan::Plan::decode(&copy, terms - 1).is_none(), "taken for another number of terms");
        let written = essay_with_terms(&kg, crate::builtin::JSONLD_TERMS);
        let [subjects_at, entries_at, text_at] = plan_offsets(plan);
        let with = |at: usize, bytes: &[u8]| {
            let mut damaged = plan.to_vec();
            damaged[at..at + bytes.len()].copy_from_slice(bytes);
            damaged
        };
        let pieces = u32::from_le_bytes(plan[12..16].try_into().unwrap());
        let last_term = (entries_at..text_at).step_by(4).find(|&at| plan[at + 2..at + 4] != [0xff, 0xff]).unwrap();
        let refused = [
            ("cut", plan[..plan.len() - 1].to_vec()),
            ("no magic", with(0, b"kjp0")),
            ("another number of terms", with(4, &(terms as u32 - 1).to_le_bytes())),
            ("a piece beyond", with(entries_at, &(pieces as u16).to_le_bytes())),
            ("a term beyond", with(last_term + 2, &(terms as u16).to_le_bytes())),
            ("a piece's end beyond the text", with(28, &u32::MAX.to_le_bytes())),
            ("entries out of order", with(subjects_at + 12, &u32::MAX.to_le_bytes())),
            ("no UTF-8", with(text_at, &[0xff])),
        ];
        for (what, damaged) in &refused {
            assert!(plan::Plan::decode(damaged, terms).is_none(), "{what}");
            same(&essay_with_plan(&kg, damaged), &written, what);
        }
        // Well formed, but made for another first subject: not used for it or after it.
        let other = with(subjects_at, &u32::MAX.to_le_bytes());
        assert!(plan::Plan::decode(&other, terms).is_some());
        same(&essay_with_plan(&kg, &other), &written, "another subject");
    }

    #[test]
    fn the_stored_stream_alone_is_written_as_the_graphs_stream() {
        // `write_jsonld_stored` (no graph, no stream) against `write_jsonld` of the built-in
        // graph and of the graph the loader makes (its stream generated); and the stored
        // stream's quads alone, its stored terms refused (no plan then either).
        let (builtin, loaded, stored) = crate::export::essay_graphs_and_stored_stream();
        let options = RdfOptions::default();
        let base = options.base_for(&builtin);
        let (mut alone, mut quads, mut graph, mut generated) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        write_jsonld_stored(stored, &base, &mut alone).unwrap();
        let planning = &mut Planning::Stored(crate::builtin::JSONLD_PLAN);
        write_jsonld_recording(&base, options.vocab_namespace(), Quads::Stored(stored), &[], planning, &mut quads)
            .unwrap();
        assert!(matches!(planning, Planning::Stored(_)), "no stored terms, no plan read");
        write_jsonld(&builtin, &options, &mut graph).unwrap();
        write_jsonld(&loaded, &options, &mut generated).unwrap();
        assert!(!alone.is_empty());
        assert!(alone == graph, "the stored stream alone");
        assert!(quads == graph, "the stored stream's quads");
        assert!(generated == graph, "the generated stream");
    }
}
