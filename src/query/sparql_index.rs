//! The quads `kg sparql` evaluates a query over: a read-only index built once per graph, which
//! `sparql_view.rs` hands to spareval (Oxigraph's SPARQL evaluator) as a `QueryableDataset`.
//!
//! Every distinct term is numbered once; a quad is four numbers; for each position (subject,
//! predicate, object, graph) the quads holding each term are listed in one compressed array
//! (offsets per term, quad numbers in load order). It replaces Oxigraph's in-memory `Store`,
//! a transactional, concurrent store (a SipHash-128 of every string, eight concurrent maps and a
//! reference-counted node per quad) that cost ~4,600 instructions per quad loaded and most of a
//! `kg sparql` run on the essay, for a dataset that is built once and never changed.
//!
//! A pattern is answered as that store answers it: from the list of the bound position with the
//! fewest quads (subject first on ties, then predicate, object, graph), newest quad first, and
//! an unbound graph matches the default graph and every named graph. So the solutions of a query
//! without `ORDER BY` come in the same order as before; only the listing of named graphs
//! (`GRAPH ?g {}`), which the store gave in its hash map's order, comes in load order.
//!
//! The built-in essay's index with the default options is made when the crate is built:
//! `build.rs` compiles this file (it needs no spareval: the evaluator's side is `sparql_view.rs`),
//! builds the index of the essay's RDF stream and stores it with [`encode`]
//! (`$OUT_DIR/sparql_index.bin`); `SparqlStore::decode` reads it in place at run time (its
//! numbers and strings borrowed from the binary, each term made only when the evaluator asks for
//! it, each term the query names found by its key through a stored hash table: [`key_hash`]). `query::sparql::sparql_store` takes it for the built-in graph and the default options
//! only, the guard of the stored RDF stream (`export/rdf_stored.rs`).

use std::sync::Arc;

use std::str::FromStr;

use oxrdf::{
    BlankNodeRef, GraphNameRef, Literal, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, Term, TermRef,
};

/// A literal as Oxigraph's store holds it, and so as `kg sparql` always answered: a typed
/// literal of an XML Schema type with a value space is held as its value, so
/// `"250"^^xsd:nonNegativeInteger` and `250` (an `xsd:integer`) are one term, which a query
/// matches with either and gets back as `"250"^^xsd:integer`; a lexical form that does not parse
/// stays as written (`None`: held as written).
fn as_value(literal: LiteralRef<'_>) -> Option<Literal> {
    fn parsed<T: FromStr + Into<Literal>>(value: &str) -> Option<Literal> {
        value.parse::<T>().ok().map(Into::into)
    }
    use oxsdatatypes::{
        Boolean, Date, DateTime, DayTimeDuration, Decimal, Double, Duration, Float, GDay, GMonth, GMonthDay, GYear,
        GYearMonth, Integer, Time, YearMonthDuration,
    };
    let local = literal.datatype().as_str().strip_prefix("http://www.w3.org/2001/XMLSchema#")?;
    let value = literal.value();
    let held = match local {
        "boolean" => parsed::<Boolean>(value),
        "float" => parsed::<Float>(value),
        "double" => parsed::<Double>(value),
        "integer" | "byte" | "short" | "int" | "long" | "unsignedByte" | "unsignedShort" | "unsignedInt"
        | "unsignedLong" | "positiveInteger" | "negativeInteger" | "nonPositiveInteger" | "nonNegativeInteger" => {
            parsed::<Integer>(value)
        }
        "decimal" => parsed::<Decimal>(value),
        "dateTime" | "dateTimeStamp" => parsed::<DateTime>(value),
        "time" => parsed::<Time>(value),
        "date" => parsed::<Date>(value),
        "gYearMonth" => parsed::<GYearMonth>(value),
        "gYear" => parsed::<GYear>(value),
        "gMonthDay" => parsed::<GMonthDay>(value),
        "gDay" => parsed::<GDay>(value),
        "gMonth" => parsed::<GMonth>(value),
        "duration" => parsed::<Duration>(value),
        "yearMonthDuration" => parsed::<YearMonthDuration>(value),
        "dayTimeDuration" => parsed::<DayTimeDuration>(value),
        _ => None,
    };
    held.filter(|held| held.as_ref() != literal)
}

/// A term as the store holds it (see [`as_value`]).
pub(super) fn as_held(term: Term) -> Term {
    match term {
        Term::Literal(l) => as_value(l.as_ref()).unwrap_or(l).into(),
        other => other,
    }
}

/// The graph position's number for the default graph; terms are numbered from 1.
pub(super) const DEFAULT_GRAPH: u32 = 0;

/// The graph's quads, indexed for SPARQL (see the module documentation). Cheap to clone: the
/// index is shared.
#[derive(Clone, Debug)]
pub struct SparqlStore {
    pub(super) index: Arc<QuadIndex>,
}

/// The index, built at run time (owned) or stored by `build.rs` (read in place).
#[derive(Debug)]
pub(super) struct QuadIndex {
    /// Term `n` is the `n - 1`-th.
    terms: Terms,
    /// Each term's number by its key: an IRI's text, a blank node's id, a literal's
    /// [`literal_key`].
    keys: Keys,
    /// `[subject, predicate, object, graph]`, in load order, each once: four words a quad.
    quads: Words,
    /// Per position: the quads holding each term.
    pub(super) lists: [Lists; 4],
}

/// Numbers in a vector (built at run time) or stored as little-endian words, read in place.
#[derive(Debug)]
enum Words {
    Owned(Vec<u32>),
    /// Checked by [`SparqlStore::well_formed`] (at run time, or when kg was compiled for the
    /// built-in essay's index): every number is in range.
    Stored(&'static [u8]),
}

impl Words {
    fn len(&self) -> usize {
        match self {
            Words::Owned(v) => v.len(),
            Words::Stored(b) => b.len() / 4,
        }
    }

    /// The `i`-th number; `i < self.len()`.
    fn at(&self, i: usize) -> u32 {
        match self {
            Words::Owned(v) => v[i],
            Words::Stored(b) => word(b, i),
        }
    }

    fn get(&self, i: usize) -> Option<u32> {
        (i < self.len()).then(|| self.at(i))
    }

    #[cfg(test)]
    fn to_vec(&self) -> Vec<u32> {
        (0..self.len()).map(|i| self.at(i)).collect()
    }
}

/// The `i`-th little-endian word of `bytes`.
fn word(bytes: &[u8], i: usize) -> u32 {
    let mut w = [0; 4];
    w.copy_from_slice(&bytes[4 * i..4 * i + 4]);
    u32::from_le_bytes(w)
}

/// The terms: owned, or stored as (kind, string, second string) words over a string table.
#[derive(Debug)]
enum Terms {
    Owned(Vec<Term>),
    Stored(StoredTerms),
}

#[derive(Debug)]
struct StoredTerms {
    /// Three words a term: its kind (`IRI`...), its string (IRI, blank node id, lexical form),
    /// its second string (language tag or datatype IRI; 0 otherwise).
    words: &'static [u8],
    /// Where each string ends in `strings` (ascending, within it: checked).
    ends: &'static [u8],
    /// The strings' UTF-8, each checked when its term is made (a term whose string is not UTF-8
    /// is reported as a term the index does not hold, never a panic).
    strings: &'static [u8],
}

const IRI: u32 = 0;
const BLANK: u32 = 1;
const LANGUAGE_LITERAL: u32 = 2;
const TYPED_LITERAL: u32 = 3;

impl StoredTerms {
    fn string(&self, id: u32) -> Option<&'static str> {
        let id = id as usize;
        let start = if id == 0 { 0 } else { word(self.ends, id - 1) as usize };
        std::str::from_utf8(self.strings.get(start..word(self.ends, id) as usize)?).ok()
    }

    fn term(&self, n: usize) -> Option<TermRef<'static>> {
        let [kind, a, b] = [0, 1, 2].map(|k| word(self.words, 3 * n + k));
        Some(match kind {
            IRI => NamedNodeRef::new_unchecked(self.string(a)?).into(),
            BLANK => BlankNodeRef::new_unchecked(self.string(a)?).into(),
            LANGUAGE_LITERAL => {
                LiteralRef::new_language_tagged_literal_unchecked(self.string(a)?, self.string(b)?).into()
            }
            _ => LiteralRef::new_typed_literal(self.string(a)?, NamedNodeRef::new_unchecked(self.string(b)?)).into(),
        })
    }
}

impl Terms {
    fn len(&self) -> usize {
        match self {
            Terms::Owned(t) => t.len(),
            Terms::Stored(s) => s.words.len() / 12,
        }
    }

    /// Term `n` (numbered from 1), if there is one.
    fn get(&self, n: u32) -> Option<TermRef<'_>> {
        let i = (n as usize).checked_sub(1).filter(|&i| i < self.len())?;
        match self {
            Terms::Owned(t) => Some(t[i].as_ref()),
            Terms::Stored(s) => s.term(i),
        }
    }
}

/// How a term's number is found from the term: hash maps (built at run time) or, stored, each
/// kind's open-addressing table ([`key_table`]).
#[derive(Debug)]
enum Keys {
    Maps {
        named: foldhash::HashMap<Box<str>, u32>,
        blank: foldhash::HashMap<Box<str>, u32>,
        literal: foldhash::HashMap<Box<str>, u32>,
    },
    Tables {
        named: Words,
        blank: Words,
        literal: Words,
    },
}

/// A stored kind's keys (each key with its term number) as an open-addressing table: a power of
/// two of slots at least twice the keys (none for none), two words a slot: the high half of the
/// key's [`key_hash`] and the term's number (0: an empty slot). A key's slot is its hash's low
/// bits, or the next free one (linear probing, wrapping round). So finding a term reads a slot or
/// two, side by side, and the one term whose hash matches, where a bisection of the sorted keys
/// read a dozen terms' strings spread over the index (a cache miss each; on the essay, ~5 of
/// `kg sparql`'s page faults).
#[allow(dead_code)] // Called by `encode` (build.rs and the tests).
fn key_table(keys: &[(String, u32)]) -> Vec<u32> {
    let slots = if keys.is_empty() { 0 } else { (2 * keys.len()).next_power_of_two() };
    let mut table = vec![0u32; 2 * slots];
    for (key, n) in keys {
        let hash = key_hash(key);
        let mut slot = hash as usize & (slots - 1);
        while table[2 * slot + 1] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[2 * slot] = (hash >> 32) as u32;
        table[2 * slot + 1] = *n;
    }
    table
}

/// The hash [`key_table`] places a key by, stored when the index is built (by `build.rs`, for
/// the built-in essay) and computed again at run time: defined here, on the key's bytes read as
/// little-endian words, so that it is the same on every platform and with every version of the
/// dependencies (a library hasher promises neither).
fn key_hash(key: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = key.as_bytes();
    let mut hash = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mix = |hash: u64, word: u64| (hash.rotate_left(23) ^ word).wrapping_mul(K);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    // Every input bit reaches the low bits (the slot) and the high half (the stored hash).
    hash = (hash ^ (hash >> 31)).wrapping_mul(K);
    hash ^ (hash >> 29)
}

/// Compressed lists: the quads (their numbers, ascending) holding term `t` in one position are
/// `quads[start[t]..start[t + 1]]`.
#[derive(Debug)]
pub(super) struct Lists {
    start: Words,
    quads: Words,
}

impl Lists {
    fn new(quads: &[[u32; 4]], position: usize, ids: usize) -> Lists {
        let mut start = vec![0u32; ids + 3];
        for q in quads {
            start[q[position] as usize + 2] += 1;
        }
        for i in 2..start.len() {
            start[i] += start[i - 1];
        }
        // Terms are 0 (the default graph) to `ids`. start[t + 1] is now where term t's list
        // begins; filling moves it to where it ends, which is where t + 1's begins.
        let mut list = vec![0u32; quads.len()];
        for (n, q) in quads.iter().enumerate() {
            let at = &mut start[q[position] as usize + 1];
            list[*at as usize] = n as u32;
            *at += 1;
        }
        start.pop();
        Lists { start: Words::Owned(start), quads: Words::Owned(list) }
    }

    /// The range in [`Self::quad`] of the quads holding `term` (empty for a term not held).
    pub(super) fn range(&self, term: u32) -> (usize, usize) {
        match (self.start.get(term as usize), self.start.get(term as usize + 1)) {
            (Some(from), Some(to)) => (from as usize, to as usize),
            _ => (0, 0),
        }
    }

    /// How many quads hold `term`.
    pub(super) fn count(&self, term: u32) -> usize {
        let (from, to) = self.range(term);
        to - from
    }

    /// The quad number at `i` in the lists (`i` from a [`Self::range`]).
    pub(super) fn quad(&self, i: usize) -> usize {
        self.quads.at(i) as usize
    }
}

/// A literal as one string, to find its number by: its language tag after `@` or its datatype
/// IRI after `^`, a NUL (which neither holds), its lexical form. Written into `out`, a buffer
/// reused from literal to literal, so that finding a literal the index holds allocates nothing.
fn literal_key<'k>(l: LiteralRef<'_>, out: &'k mut String) -> &'k str {
    out.clear();
    match l.language() {
        Some(language) => {
            out.push('@');
            out.push_str(language);
        }
        None => {
            out.push('^');
            out.push_str(l.datatype().as_str());
        }
    }
    out.push('\0');
    out.push_str(l.value());
    out
}

/// The key [`Keys`] finds `term` by: an IRI's text, a blank node's id, a literal's
/// [`literal_key`] (written into `out`).
fn term_key<'k>(term: TermRef<'k>, out: &'k mut String) -> &'k str {
    match term {
        TermRef::NamedNode(n) => n.as_str(),
        TermRef::BlankNode(b) => b.as_str(),
        TermRef::Literal(l) => literal_key(l, out),
    }
}

/// Builds a [`SparqlStore`] from quads given in load order, grouped by subject (as the RDF
/// stream gives them); a quad given twice within its subject's run is kept once.
pub(crate) struct SparqlStoreBuilder {
    terms: Vec<Term>,
    named: foldhash::HashMap<Box<str>, u32>,
    blank: foldhash::HashMap<Box<str>, u32>,
    literal: foldhash::HashMap<Box<str>, u32>,
    /// The buffer of [`literal_key`].
    key: String,
    quads: Vec<[u32; 4]>,
    /// The last subject's number, and where its run of quads starts in `quads`: quads come
    /// grouped by subject, so comparing is cheaper than hashing, and a repeated quad is found in
    /// its subject's run.
    last_subject: u32,
    run_start: usize,
    /// The quads of a long run (more than [`LONG_RUN`]), to find a repeat without a scan.
    run_seen: foldhash::HashSet<[u32; 4]>,
    /// The numbers of recently met IRIs, by [`recent_slot`]: most IRIs of a quad (its predicate,
    /// a class, a vocabulary term) were met a few quads before, and comparing the text with the
    /// term held is cheaper than hashing it and probing the map. 0: none.
    recent: Box<[u32; RECENT]>,
}

/// A subject's run of quads longer than this is searched for repeats through a hash set.
const LONG_RUN: usize = 32;

/// Slots of [`SparqlStoreBuilder::recent`], as a power of two.
const RECENT_BITS: u32 = 8;
const RECENT: usize = 1 << RECENT_BITS;

/// An IRI's slot in [`SparqlStoreBuilder::recent`] (`text::tail_slot`).
fn recent_slot(iri: &str) -> usize {
    crate::text::tail_slot(iri, RECENT_BITS)
}

impl Default for SparqlStoreBuilder {
    fn default() -> Self {
        SparqlStoreBuilder {
            terms: Vec::new(),
            named: Default::default(),
            blank: Default::default(),
            literal: Default::default(),
            key: String::new(),
            quads: Vec::new(),
            last_subject: 0,
            run_start: 0,
            run_seen: Default::default(),
            recent: Box::new([0; RECENT]),
        }
    }
}

impl SparqlStoreBuilder {
    /// A builder with room for about `quads` quads.
    pub(crate) fn with_capacity(quads: usize) -> Self {
        // About one new term in two quads on the essay.
        let terms = |n: usize| foldhash::HashMap::with_capacity_and_hasher(n, Default::default());
        SparqlStoreBuilder {
            named: terms(quads / 4),
            literal: terms(quads / 4),
            quads: Vec::with_capacity(quads),
            ..Default::default()
        }
    }

    pub(crate) fn add(&mut self, quad: QuadRef<'_>) {
        let subject: TermRef<'_> = match quad.subject {
            NamedOrBlankNodeRef::NamedNode(n) => n.into(),
            NamedOrBlankNodeRef::BlankNode(b) => b.into(),
        };
        let last = self.terms.get((self.last_subject as usize).wrapping_sub(1));
        let subject = if last.is_some_and(|t| t.as_ref() == subject) {
            self.last_subject
        } else {
            self.last_subject = self.number(subject);
            self.run_start = self.quads.len();
            if !self.run_seen.is_empty() {
                self.run_seen.clear();
            }
            self.last_subject
        };
        let predicate = self.number(quad.predicate.into());
        let object = match quad.object {
            TermRef::Literal(l) => self.literal(l),
            other => self.number(other),
        };
        let graph = match quad.graph_name {
            GraphNameRef::NamedNode(n) => self.number(n.into()),
            GraphNameRef::BlankNode(b) => self.number(b.into()),
            GraphNameRef::DefaultGraph => DEFAULT_GRAPH,
        };
        self.push_unless_repeated([subject, predicate, object, graph]);
    }
    /// Adds `quad` unless its subject's run (the quads since its subject was first met) holds
    /// it already.
    fn push_unless_repeated(&mut self, quad: [u32; 4]) {
        // A subject's run is mostly a few quads: scanned; a long one is kept in a set.
        let run = &self.quads[self.run_start..];
        let repeated = if run.len() < LONG_RUN {
            run.contains(&quad)
        } else {
            if self.run_seen.is_empty() {
                self.run_seen.extend(run.iter().copied());
            }
            !self.run_seen.insert(quad)
        };
        if !repeated {
            self.quads.push(quad);
        }
    }

    /// The term's number, or, when it is new, the next one (terms are numbered from 1 in the
    /// order they are met; 0 is the default graph).
    fn number(&mut self, term: TermRef<'_>) -> u32 {
        let slot = match term {
            TermRef::NamedNode(n) => {
                let slot = recent_slot(n.as_str());
                let id = self.recent[slot];
                if let Some(Term::NamedNode(held)) = self.terms.get((id as usize).wrapping_sub(1)) {
                    if held.as_str() == n.as_str() {
                        return id;
                    }
                }
                Some(slot)
            }
            _ => None,
        };
        let id = self.number_by_key(term);
        if let Some(slot) = slot {
            self.recent[slot] = id;
        }
        id
    }

    /// [`Self::number`] through the maps.
    fn number_by_key(&mut self, term: TermRef<'_>) -> u32 {
        let (map, key) = match term {
            TermRef::NamedNode(n) => (&mut self.named, n.as_str()),
            TermRef::BlankNode(b) => (&mut self.blank, b.as_str()),
            TermRef::Literal(l) => (&mut self.literal, literal_key(l, &mut self.key)),
        };
        if let Some(&id) = map.get(key) {
            return id;
        }
        self.terms.push(term.into_owned());
        let id = self.terms.len() as u32;
        map.insert(key.into(), id);
        id
    }

    fn literal(&mut self, l: LiteralRef<'_>) -> u32 {
        // Most literals are held as written (text, canonical values): found without parsing.
        if let Some(&id) = self.literal.get(literal_key(l, &mut self.key)) {
            return id;
        }
        match as_value(l) {
            // Held as its value. (Keeping the form as written as another key saved 280 of the
            // essay's 2,460 parses and cost an allocation for each: not worth it.)
            Some(held) => self.number(TermRef::Literal(held.as_ref())),
            // Held as written and not yet numbered: its key is already in the buffer.
            None => {
                self.terms.push(TermRef::Literal(l).into_owned());
                let id = self.terms.len() as u32;
                self.literal.insert(self.key.as_str().into(), id);
                id
            }
        }
    }

    pub(crate) fn build(self) -> SparqlStore {
        let ids = self.terms.len();
        let lists = [0, 1, 2, 3].map(|position| Lists::new(&self.quads, position, ids));
        SparqlStore {
            index: Arc::new(QuadIndex {
                terms: Terms::Owned(self.terms),
                keys: Keys::Maps { named: self.named, blank: self.blank, literal: self.literal },
                quads: Words::Owned(self.quads.into_flattened()),
                lists,
            }),
        }
    }
}

/// The first word of the stored form (`ksi` and a version).
const MAGIC: u32 = u32::from_le_bytes(*b"ksi2");
/// The words of the header: magic, strings, terms, quads, and the slots of the IRIs', blank
/// nodes' and literals' [`key_table`]s.
const HEADER: usize = 7;

/// The stored form of `store`'s index, as `SparqlStore::decode` reads it (made by `build.rs`
/// for the built-in essay, and by the tests). Little-endian words, then the strings: the header,
/// each string's end, each term (kind, string, second string), each quad (four terms), for each
/// position the lists' starts (terms + 2) and quads, the IRIs', blank nodes' and literals'
/// [`key_table`]s, the strings' UTF-8 bytes.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode(store: &SparqlStore) -> Vec<u8> {
    let index = &store.index;
    let (mut strings, mut ends) = (String::new(), Vec::<u32>::new());
    let mut string_ids = std::collections::HashMap::<String, u32>::new();
    let mut string = |s: &str| -> u32 {
        *string_ids.entry(s.to_string()).or_insert_with(|| {
            strings.push_str(s);
            ends.push(strings.len() as u32);
            ends.len() as u32 - 1
        })
    };
    let mut terms = Vec::with_capacity(3 * index.terms.len());
    let mut keys: [Vec<(String, u32)>; 3] = Default::default();
    let mut key = String::new();
    for n in 1..=index.terms.len() as u32 {
        let Some(term) = index.terms.get(n) else { break };
        let (words, kind) = match term {
            TermRef::NamedNode(t) => ([IRI, string(t.as_str()), 0], 0),
            TermRef::BlankNode(t) => ([BLANK, string(t.as_str()), 0], 1),
            TermRef::Literal(l) => match l.language() {
                Some(language) => ([LANGUAGE_LITERAL, string(l.value()), string(language)], 2),
                None => ([TYPED_LITERAL, string(l.value()), string(l.datatype().as_str())], 2),
            },
        };
        terms.extend(words);
        keys[kind].push((term_key(term, &mut key).to_string(), n));
    }
    let tables = keys.map(|keys| key_table(&keys));
    let n_quads = index.quads.len() / 4;
    let header = [
        MAGIC,
        ends.len() as u32,
        index.terms.len() as u32,
        n_quads as u32,
        tables[0].len() as u32 / 2,
        tables[1].len() as u32 / 2,
        tables[2].len() as u32 / 2,
    ];
    let mut words: Vec<u32> = header.into_iter().chain(ends).chain(terms).collect();
    words.extend((0..index.quads.len()).map(|i| index.quads.at(i)));
    for lists in &index.lists {
        words.extend((0..lists.start.len()).map(|i| lists.start.at(i)));
        words.extend((0..lists.quads.len()).map(|i| lists.quads.at(i)));
    }
    words.extend(tables.iter().flatten());
    let mut out: Vec<u8> = words.into_iter().flat_map(u32::to_le_bytes).collect();
    out.extend_from_slice(strings.as_bytes());
    out
}

impl SparqlStore {
    /// How many quads the store holds (each distinct quad once).
    ///
    /// # Example
    /// ```
    /// let kg = kg::KnowledgeGraph::builtin().unwrap();
    /// let store = kg::sparql_store(&kg, &kg::RdfOptions::default()).unwrap();
    /// assert!(store.len() > 1_000);
    /// ```
    pub fn len(&self) -> usize {
        self.index.quad_count()
    }

    /// Whether the store holds no quad.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the index is the one `build.rs` stored (read in place), not built at run time.
    #[cfg(test)]
    pub(crate) fn is_stored(&self) -> bool {
        matches!(self.index.terms, Terms::Stored(_))
    }

    /// Reads an index stored by [`encode`] in place; `None` when `bytes` is empty (the built-in
    /// data was invalid when the crate was built) or not an index [`encode`] wrote: every number
    /// is checked first ([`well_formed`]), so that reading the index cannot panic; a string is
    /// checked as UTF-8 when its term is made (a term whose string is not is one the index does
    /// not hold: an error for the evaluation).
    #[cfg(test)] // The built-in index is read unchecked; other bytes only in the tests.
    pub(crate) fn decode(bytes: &'static [u8]) -> Option<SparqlStore> {
        if !Self::well_formed(bytes) {
            return None;
        }
        Self::read_well_formed(bytes)
    }

    /// Whether `bytes` is an index [`encode`] wrote, as far as its numbers go ([`well_formed`]).
    pub(crate) const fn well_formed(bytes: &[u8]) -> bool {
        well_formed(bytes)
    }

    /// Reads bytes [`well_formed`] accepts, without checking them again: the built-in essay's
    /// index, which `builtin.rs` checks when kg is compiled (a constant evaluation), so that no
    /// `kg sparql` pays for (or pages in) a pass over every number. Never call it with bytes
    /// that were not so checked: `SparqlStore::decode` checks them.
    pub(crate) fn read_well_formed(bytes: &'static [u8]) -> Option<SparqlStore> {
        let (_, lengths) = layout(bytes)?;
        let total = lengths.iter().sum::<usize>();
        let (mut numbers, strings) = bytes.split_at_checked(4 * total)?;
        let parts = lengths.map(|n| {
            let (part, rest) = numbers.split_at(4 * n);
            numbers = rest;
            part
        });
        let [_, ends, terms, quads, s0, q0, s1, q1, s2, q2, s3, q3, named, blank, literal] = parts;
        let lists = [(s0, q0), (s1, q1), (s2, q2), (s3, q3)]
            .map(|(s, q)| Lists { start: Words::Stored(s), quads: Words::Stored(q) });
        let terms = Terms::Stored(StoredTerms { words: terms, ends, strings });
        let keys =
            Keys::Tables { named: Words::Stored(named), blank: Words::Stored(blank), literal: Words::Stored(literal) };
        Some(SparqlStore { index: Arc::new(QuadIndex { terms, keys, quads: Words::Stored(quads), lists }) })
    }
}

/// The parts of a stored index, in order: header, string ends, terms, quads, each position's
/// lists' starts and quads (four times), the IRIs', blank nodes' and literals' key tables.
const PARTS: usize = 15;

/// The header's numbers and each part's length in words, in order; `None` for bytes too short
/// for them, another magic, or lengths that overflow.
const fn layout(bytes: &[u8]) -> Option<([usize; HEADER], [usize; PARTS])> {
    if bytes.len() < 4 * HEADER {
        return None;
    }
    let mut header = [0; HEADER];
    let mut i = 0;
    while i < HEADER {
        header[i] = const_word(bytes, i) as usize;
        i += 1;
    }
    let [magic, n_strings, n_terms, n_quads, n_named, n_blank, n_literal] = header;
    let (Some(list), Some(terms), Some(quads), Some(named), Some(blank), Some(literal)) = (
        n_terms.checked_add(2),
        n_terms.checked_mul(3),
        n_quads.checked_mul(4),
        n_named.checked_mul(2),
        n_blank.checked_mul(2),
        n_literal.checked_mul(2),
    ) else {
        return None;
    };
    if magic != MAGIC as usize {
        return None;
    }
    let lengths = [
        HEADER, n_strings, terms, quads, list, n_quads, list, n_quads, list, n_quads, list, n_quads, named, blank,
        literal,
    ];
    let mut total: usize = 0;
    let mut i = 0;
    while i < PARTS {
        total = match total.checked_add(lengths[i]) {
            Some(sum) => sum,
            None => return None,
        };
        i += 1;
    }
    match total.checked_mul(4) {
        Some(at) if at <= bytes.len() => Some((header, lengths)),
        _ => None,
    }
}

/// Whether `bytes` is an index [`encode`] wrote, as far as its numbers go: strings' ends
/// ascending and within the strings, each term a kind and strings in range, each quad's terms
/// numbered from 1 to the terms (its graph also 0, the default graph), each position's lists
/// starting from 0 and ascending to the last quad and listing quads in range, each kind's key
/// table a power of two of slots (or none), each slot empty or a term of that kind. A `const fn`: `builtin.rs` runs it on the built-in essay's index when kg
/// is compiled, `SparqlStore::decode` on any other bytes. UTF-8 is checked per term, when made.
const fn well_formed(bytes: &[u8]) -> bool {
    let Some((header, lengths)) = layout(bytes) else { return false };
    let [_, n_strings, n_terms, n_quads, _, _, _] = header;
    let mut at = [0; PARTS];
    let mut i = 1;
    while i < PARTS {
        at[i] = at[i - 1] + lengths[i - 1];
        i += 1;
    }
    let strings = bytes.len() - 4 * (at[PARTS - 1] + lengths[PARTS - 1]);
    // Strings: their ends ascending, within the strings.
    let (ends_ok, last_end) = ascending(bytes, at[1], n_strings);
    let mut ok = ends_ok && last_end as usize <= strings;
    // Terms: a kind, strings in range.
    let mut t = 0;
    while t < n_terms {
        let w = at[2] + 3 * t;
        ok &= const_word(bytes, w) <= TYPED_LITERAL
            && (const_word(bytes, w + 1) as usize) < n_strings
            && (const_word(bytes, w + 2) as usize) < n_strings;
        t += 1;
    }
    // Quads: subject, predicate and object numbered from 1 to the terms; the graph may also be
    // 0, the default graph (a 0 elsewhere wraps to the largest number).
    let mut q = 0;
    while q < n_quads {
        let w = at[3] + 4 * q;
        let mut k = 0;
        while k < 3 {
            ok &= (const_word(bytes, w + k).wrapping_sub(1) as usize) < n_terms;
            k += 1;
        }
        ok &= const_word(bytes, w + 3) as usize <= n_terms;
        q += 1;
    }
    // Lists: starts from 0, ascending, to the last quad; quads in range.
    let mut p = 0;
    while p < 4 {
        let (start, quads) = (at[4 + 2 * p], at[5 + 2 * p]);
        let (ascends, last) = ascending(bytes, start, n_terms + 2);
        ok &= ascends && const_word(bytes, start) == 0 && last as usize == n_quads;
        let mut q = 0;
        while q < n_quads {
            ok &= (const_word(bytes, quads + q) as usize) < n_quads;
            q += 1;
        }
        p += 1;
    }
    // Each kind's key table: a power of two of slots (or none), each empty or a term of that
    // kind. (A slot's hash is not checked: a wrong one makes a term not found, never a panic.)
    let kinds = [(IRI, IRI), (BLANK, BLANK), (LANGUAGE_LITERAL, TYPED_LITERAL)];
    let mut k = 0;
    while k < 3 {
        let slots = lengths[12 + k] / 2;
        ok &= slots == 0 || slots.is_power_of_two();
        let mut slot = 0;
        while slot < slots {
            let n = const_word(bytes, at[12 + k] + 2 * slot + 1) as usize;
            ok &= n == 0
                || n <= n_terms && {
                    let kind = const_word(bytes, at[2] + 3 * (n - 1));
                    kind >= kinds[k].0 && kind <= kinds[k].1
                };
            slot += 1;
        }
        k += 1;
    }
    ok
}

/// Whether the `n` words of `bytes` from word `at` ascend, and the last of them (0 if none).
const fn ascending(bytes: &[u8], at: usize, n: usize) -> (bool, u32) {
    let (mut ok, mut last, mut i) = (true, 0, 0);
    while i < n {
        let w = const_word(bytes, at + i);
        ok &= w >= last;
        last = w;
        i += 1;
    }
    (ok, last)
}

/// The `i`-th little-endian word of `bytes` (a `const fn`; in bounds: the caller's layout).
const fn const_word(bytes: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([bytes[4 * i], bytes[4 * i + 1], bytes[4 * i + 2], bytes[4 * i + 3]])
}

impl QuadIndex {
    /// How many terms the graph holds (numbered 1 to this).
    pub(super) fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Term `n`, if the graph holds it.
    pub(super) fn term(&self, n: u32) -> Option<TermRef<'_>> {
        self.terms.get(n)
    }

    pub(super) fn quad_count(&self) -> usize {
        self.quads.len() / 4
    }

    /// Quad `n` (`n < self.quad_count()`): subject, predicate, object, graph.
    ///
    /// (Written out, not `[0, 1, 2, 3].map(..)`: whether the compiler inlined that array map
    /// into `sparql_view::Matches::next` changed with code elsewhere in the crate, and once it
    /// did not, `kg sparql` on the essay ran ~20,000 instructions more.)
    pub(super) fn quad(&self, n: usize) -> [u32; 4] {
        let at = |k: usize| self.quads.at(4 * n + k);
        [at(0), at(1), at(2), at(3)]
    }

    /// The number of `term` (held as [`as_value`] holds it), if the graph holds it.
    pub(super) fn id(&self, term: &Term) -> Option<u32> {
        let mut key = String::new();
        match term {
            Term::NamedNode(n) => self.id_by_key(IRI, n.as_str()),
            Term::BlankNode(b) => self.id_by_key(BLANK, b.as_str()),
            Term::Literal(l) => self.id_by_key(TYPED_LITERAL, literal_key(l.as_ref(), &mut key)).or_else(|| {
                let held = as_value(l.as_ref())?;
                self.id_by_key(TYPED_LITERAL, literal_key(held.as_ref(), &mut key))
            }),
        }
    }

    /// The number of the term of `kind` (`IRI`, `BLANK`, or a literal) whose key is `key`.
    fn id_by_key(&self, kind: u32, key: &str) -> Option<u32> {
        match &self.keys {
            Keys::Maps { named, blank, literal } => [named, blank, literal][(kind as usize).min(2)].get(key).copied(),
            Keys::Tables { named, blank, literal } => {
                let table = [named, blank, literal][(kind as usize).min(2)];
                let slots = table.len() / 2;
                if slots == 0 {
                    return None;
                }
                let hash = key_hash(key);
                let mut held = String::new();
                let mut slot = hash as usize & (slots - 1);
                // Every slot at most once: a table without an empty slot (which `encode` never
                // writes) cannot make this loop for ever.
                for _ in 0..slots {
                    let n = table.at(2 * slot + 1);
                    if n == 0 {
                        return None;
                    }
                    if table.at(2 * slot) == (hash >> 32) as u32 && term_key(self.terms.get(n)?, &mut held) == key {
                        return Some(n);
                    }
                    slot = (slot + 1) & (slots - 1);
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use oxigraph::sparql::{PreparedSparqlQuery, SparqlEvaluator};
    use oxigraph::store::Store;
    use oxrdf::{GraphName, NamedNode, Quad};

    use spareval::QueryableDataset;

    use super::super::sparql::{evaluate, fresh_sparql_store, sparql_prefixes, sparql_store};
    use super::*;
    use crate::export::{RdfOptions, RdfStream};
    use crate::graph::KnowledgeGraph;
    use crate::SparqlAnswer;

    /// Queries over every kind of pattern, graph and answer; each is answered by the index and
    /// by Oxigraph's own in-memory store loaded with the same quads in the same order.
    const QUERIES: &[&str] = &[
        "SELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT * WHERE { GRAPH kgg:background { ?s ?p ?o } }",
        "SELECT * FROM kgg:background WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED kgg:background WHERE { GRAPH ?g { ?s a ?t } }",
        "SELECT ?s ?o WHERE { ?s kgv:partOf ?o }",
        "SELECT * WHERE { ent:sakhalin ?p ?o }",
        "SELECT * WHERE { ?s ?p ent:sakhalin }",
        "SELECT * WHERE { ent:sakhalin kgv:partOf* ?x }",
        "SELECT * WHERE { ?x ^rdfs:label ?y }",
        "SELECT ?t ?l ?d WHERE { ?t a kgv:Treaty ; rdfs:label ?l OPTIONAL { ?t kgv:date ?d } FILTER(lang(?l) = 'en') }",
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "SELECT ?s ?v WHERE { ?s ?p ?v FILTER(isNumeric(?v) && ?v > 100) }",
        "SELECT ?o (DATATYPE(?o) AS ?d) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && DATATYPE(?o) != xsd:string) }",
        "SELECT ?x ?p WHERE { VALUES ?x { ent:sakhalin 'x' 3 kgv:Treaty } ?x ?p ?o }",
        "SELECT ?s ?n WHERE { ?s rdfs:label ?l BIND(CONCAT(STR(?l), '!') AS ?n) FILTER(?n != 'x') } LIMIT 20",
        "SELECT ?s WHERE { ?s a kgv:Territory MINUS { ?s kgv:partOf ?o } }",
        "SELECT ?s WHERE { ?s a kgv:Person FILTER NOT EXISTS { ?s kgv:date ?d } }",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o = 'Sakhalin'@en) }",
        "SELECT * WHERE { ?s ?p 'not in the graph' }",
        "SELECT * WHERE { <urn:not:in:the:graph> ?p ?o }",
        "SELECT * WHERE { GRAPH <urn:not:a:graph> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }",
        "ASK { ent:sakhalin ?p ?o }",
        "ASK { ent:nowhere ?p ?o }",
        "ASK { GRAPH kgg:background { ?s ?p ?o } }",
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kgv:Treaty ; rdfs:label ?l }",
        "DESCRIBE ent:sakhalin",
    ];

    /// Queries without `ORDER BY` whose order comes from a hash table, not from the store:
    /// the named graphs (the store's hash map), property paths with two variables and groups
    /// (the evaluator's hash sets of internal terms, numbers here, Oxigraph's encoded terms
    /// there). Compared as sorted rows.
    const UNORDERED: &[&str] = &[
        "SELECT ?g WHERE { GRAPH ?g {} }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g {} } GROUP BY ?g",
        "ASK { GRAPH ?g {} }",
        "SELECT * WHERE { ?x kgv:partOf+ ?y }",
    ];

    fn prepare(query: &str, prefixes: &[(&str, String)]) -> PreparedSparqlQuery {
        let mut evaluator = SparqlEvaluator::new();
        for (prefix, iri) in prefixes {
            evaluator = evaluator.with_prefix(*prefix, iri.as_str()).unwrap();
        }
        let mut prepared = evaluator.parse_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
    }

    fn sorted(answer: SparqlAnswer) -> SparqlAnswer {
        match answer {
            SparqlAnswer::Solutions { variables, mut rows } => {
                rows.sort_by_key(|r| format!("{r:?}"));
                SparqlAnswer::Solutions { variables, rows }
            }
            other => other,
        }
    }

    #[test]
    fn answers_as_oxigraphs_own_store_does() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let background = RdfOptions { only_background: true, ..RdfOptions::default() };
        // The stored index (the built-in essay, default options), the same built at run time,
        // and one for other options (always built at run time).
        for (options, stored) in [(RdfOptions::default(), true), (RdfOptions::default(), false), (background, false)] {
            let ours = if stored { sparql_store(&kg, &options) } else { fresh_sparql_store(&kg, &options) }.unwrap();
            assert_eq!(ours.is_stored(), stored);
            let theirs = Store::new().unwrap();
            let stream = RdfStream::new(&kg, &options).unwrap();
            stream.for_each_subject(true, |quads| theirs.extend(quads.to_vec())).unwrap();
            assert_eq!(ours.len(), theirs.len().unwrap());
            let prefixes = sparql_prefixes(&kg, &options);
            let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/queries");
            let mut files: Vec<String> =
                std::fs::read_dir(docs).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
            files.sort();
            assert!(files.len() >= 3);
            let queries = QUERIES.iter().map(|q| (*q, true)).chain(UNORDERED.iter().map(|q| (*q, false)));
            let queries = queries.chain(files.iter().map(|q| (q.as_str(), true)));
            let mut nonempty = 0;
            for (query, ordered) in queries {
                let answer = |on_ours: bool| {
                    let prepared = prepare(query, &prefixes);
                    let results = if on_ours {
                        evaluate(prepared.on_queryable_dataset(ours.view()).execute(), query, usize::MAX)
                    } else {
                        evaluate(prepared.on_store(&theirs).execute(), query, usize::MAX)
                    };
                    let answer = results.unwrap_or_else(|e| panic!("{query}: {e}"));
                    if ordered {
                        answer
                    } else {
                        sorted(answer)
                    }
                };
                let (a, b) = (answer(true), answer(false));
                if let (SparqlAnswer::Solutions { rows: ra, .. }, SparqlAnswer::Solutions { rows: rb, .. }) = (&a, &b) {
                    let first = ra.iter().zip(rb).position(|(x, y)| x != y);
                    assert!(
                        first.is_none() && ra.len() == rb.len(),
                        "{query}: {} rows (index) vs {} (Oxigraph's store), first difference at row {first:?}: {:?} vs {:?}",
                        ra.len(),
                        rb.len(),
                        first.map(|i| &ra[i]),
                        first.map(|i| &rb[i]),
                    );
                }
                assert_eq!(a, b, "{query}");
                nonempty += usize::from(match &a {
                    SparqlAnswer::Solutions { rows, .. } => !rows.is_empty(),
                    SparqlAnswer::Boolean(b) => *b,
                    SparqlAnswer::Graph(t) => !t.is_empty(),
                });
            }
            // Most of the queries have an answer on the whole graph: the comparison is not
            // between empty answers (the background graph alone answers fewer).
            if !options.only_background {
                assert!(nonempty >= QUERIES.len() - 6, "{nonempty} non-empty answers");
            }
        }
    }

    #[test]
    fn holds_typed_literals_as_values_as_oxigraphs_store_did() {
        let kg = KnowledgeGraph::builtin().unwrap();
        // The export writes offsets as xsd:nonNegativeInteger; a query's plain integer matches
        // them, and they come back as xsd:integer.
        let mut nq = Vec::new();
        crate::export::write_rdf(&kg, crate::export::RdfSyntax::NQuads, &RdfOptions::default(), &mut nq).unwrap();
        let nq = String::from_utf8(nq).unwrap();
        let start = nq.lines().find(|l| l.contains("ns/oa#start>")).unwrap();
        assert!(start.ends_with("^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> ."), "{start}");
        let value = start.split('"').nth(1).unwrap();
        let query = format!("SELECT ?v WHERE {{ ?s oa:start {value}, ?v }}");
        let SparqlAnswer::Solutions { rows, .. } = crate::sparql(&kg, &query).unwrap() else {
            panic!("a SELECT query answers with solutions")
        };
        let integer =
            Literal::new_typed_literal(value, NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#integer"));
        assert_eq!(rows, [[Some(Term::from(integer))]]);
        // Non-canonical forms are one term with the canonical one, in the data and in queries.
        let mut builder = SparqlStoreBuilder::default();
        let typed = |v: &str, t: &str| {
            Literal::new_typed_literal(v, NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{t}")))
        };
        let s = NamedNode::new_unchecked("urn:s");
        for object in [typed("007", "int"), typed("7", "integer"), typed("0.50", "decimal"), typed("x", "integer")] {
            builder.add(Quad::new(s.clone(), s.clone(), object, GraphName::DefaultGraph).as_ref());
        }
        let store = builder.build();
        assert_eq!(store.len(), 3, "'007'^^xsd:int and 7 are one term");
        let view = store.view();
        for (asked, held) in [
            (typed("+7", "long"), typed("7", "integer")),
            (typed(".5", "decimal"), typed("0.5", "decimal")),
            (typed("x", "integer"), typed("x", "integer")),
        ] {
            let id = view.internalize_term(asked.into()).unwrap();
            assert!(id.0 as usize <= store.index.term_count(), "held in the graph");
            assert_eq!(view.externalize_term(id).unwrap(), Term::from(held));
        }
    }

    #[test]
    fn a_quad_repeated_in_its_subjects_run_is_kept_once() {
        let s = NamedNode::new_unchecked("urn:s");
        let o = |n: usize| Literal::new_simple_literal(n.to_string());
        for run in [3, LONG_RUN - 1, LONG_RUN, 5 * LONG_RUN] {
            let mut builder = SparqlStoreBuilder::default();
            for n in 0..run {
                // Each quad twice: right after itself, and again after the rest of the run.
                builder.add(QuadRef::new(&s, &s, &o(n), GraphNameRef::DefaultGraph));
                builder.add(QuadRef::new(&s, &s, &o(n), GraphNameRef::DefaultGraph));
            }
            for n in 0..run {
                builder.add(QuadRef::new(&s, &s, &o(n), GraphNameRef::DefaultGraph));
            }
            let other = NamedNode::new_unchecked("urn:other");
            builder.add(QuadRef::new(&other, &s, &o(0), GraphNameRef::DefaultGraph));
            builder.add(QuadRef::new(&other, &s, &o(0), GraphNameRef::DefaultGraph));
            assert_eq!(builder.build().len(), run + 1, "a run of {run}");
        }
    }

    /// Every term, quad and list of two indexes, and every term found by its key in both.
    fn assert_same_index(a: &QuadIndex, b: &QuadIndex) {
        assert_eq!(a.term_count(), b.term_count());
        for n in 1..=a.term_count() as u32 {
            let term = a.term(n).unwrap();
            assert_eq!(Some(term), b.term(n), "term {n}");
            assert_eq!(a.id(&term.into_owned()), Some(n), "term {n} by its key: {term}");
            assert_eq!(b.id(&term.into_owned()), Some(n), "term {n} by its key: {term}");
        }
        assert_eq!(a.term(0), None);
        assert_eq!(a.term(a.term_count() as u32 + 1), None);
        assert_eq!(a.quads.to_vec(), b.quads.to_vec());
        for position in 0..4 {
            assert_eq!(a.lists[position].start.to_vec(), b.lists[position].start.to_vec());
            assert_eq!(a.lists[position].quads.to_vec(), b.lists[position].quads.to_vec());
        }
    }

    #[test]
    fn the_stored_index_is_the_one_built_at_run_time() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stored = crate::builtin::sparql_index().expect("the built-in essay's index is stored");
        assert!(stored.is_stored());
        // Built at run time from the generated stream (not the stored one): a stale stored index,
        // or one the stored stream would index differently, fails here.
        let stream = RdfStream::generated(&kg, &RdfOptions::default()).unwrap();
        assert!(!stream.is_stored());
        let mut builder = SparqlStoreBuilder::default();
        stream
            .for_each_subject_ref(true, |quads| {
                quads.iter().for_each(|q| builder.add(*q));
                Ok::<_, ()>(())
            })
            .unwrap();
        let fresh = builder.build();
        assert!(!fresh.is_stored());
        assert!(fresh.len() > 9000, "{} quads", fresh.len());
        assert_same_index(&stored.index, &fresh.index);
        assert_eq!(crate::builtin::SPARQL_INDEX, encode(&fresh), "the stored bytes are what encode makes now");
        // The stored key tables hold each term once, in its kind's table, at most half full, each
        // with its key's hash, reached from its hash's slot without an empty slot between.
        let Keys::Tables { named, blank, literal } = &stored.index.keys else { panic!("a stored index") };
        let mut key = String::new();
        let mut held = vec![0; stored.index.term_count() + 1];
        for (kind, table) in [named, blank, literal].into_iter().enumerate() {
            let slots = table.len() / 2;
            assert!(slots == 0 || slots.is_power_of_two(), "{slots} slots");
            let full: Vec<bool> = (0..slots).map(|slot| table.at(2 * slot + 1) != 0).collect();
            assert!(2 * full.iter().filter(|&&f| f).count() <= slots, "at most half full");
            for slot in (0..slots).filter(|&slot| full[slot]) {
                let n = table.at(2 * slot + 1);
                held[n as usize] += 1;
                let term = stored.index.term(n).unwrap();
                let term_kind = match term {
                    TermRef::NamedNode(_) => 0,
                    TermRef::BlankNode(_) => 1,
                    TermRef::Literal(_) => 2,
                };
                assert_eq!(kind, term_kind, "term {n} in the table of its kind");
                let hash = key_hash(term_key(term, &mut key));
                assert_eq!(table.at(2 * slot), (hash >> 32) as u32, "term {n}'s hash");
                let mut at = hash as usize & (slots - 1);
                while at != slot {
                    assert!(full[at], "term {n} reached from its hash's slot");
                    at = (at + 1) & (slots - 1);
                }
            }
        }
        assert!(held[1..].iter().all(|&h| h == 1), "every term once");
        // Terms the graph does not hold are not found.
        for absent in [
            Term::from(NamedNode::new_unchecked("urn:not:in:the:graph")),
            Literal::new_simple_literal("not in the graph").into(),
            oxrdf::BlankNode::new_unchecked("nowhere").into(),
            Literal::new_typed_literal("0", NamedNode::new_unchecked("urn:no:type")).into(),
        ] {
            assert_eq!(stored.index.id(&absent), None, "{absent}");
            assert_eq!(fresh.index.id(&absent), None, "{absent}");
        }
    }

    #[test]
    fn the_stored_index_is_refused_for_other_graphs_and_options() {
        let kg = KnowledgeGraph::builtin().unwrap();
        assert!(sparql_store(&kg, &RdfOptions::default()).unwrap().is_stored());
        let others = [
            RdfOptions { only_background: true, ..RdfOptions::default() },
            RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.com/v#".into()), ..RdfOptions::default() },
        ];
        for options in &others {
            assert!(!options.is_default());
            assert!(!sparql_store(&kg, options).unwrap().is_stored(), "{options:?}");
        }
        // The same data loaded at run time (`--data data`): a graph the stored index was not
        // checked against, so it is built; and it is the same index.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let loaded = KnowledgeGraph::new(crate::load_dir(&dir).unwrap());
        assert!(!loaded.is_builtin());
        let built = sparql_store(&loaded, &RdfOptions::default()).unwrap();
        assert!(!built.is_stored());
        assert_same_index(&crate::builtin::sparql_index().unwrap().index, &built.index);
        // A changed dataset gets its own index.
        let mut data = crate::load_dir(&dir).unwrap();
        data.relations.pop();
        let changed = sparql_store(&KnowledgeGraph::new(data), &RdfOptions::default()).unwrap();
        assert!(!changed.is_stored());
        assert!(changed.len() < built.len());
    }

    #[test]
    fn the_built_in_index_is_read_unchecked_only_because_it_was_checked_when_compiled() {
        let bytes = crate::builtin::SPARQL_INDEX;
        // The check `builtin.rs` ran when kg was compiled is the one `decode` runs on other
        // bytes (refusing every damage `a_damaged_stored_index_is_refused` makes), and it
        // accepted these bytes; read without it, they are the index `decode` reads.
        assert!(SparqlStore::well_formed(bytes));
        let built_in = crate::builtin::sparql_index().expect("the built-in essay's index is stored");
        assert_same_index(&built_in.index, &SparqlStore::decode(bytes).unwrap().index);
        assert!(built_in.is_stored());
        // Damaged, the check refuses them (in a copy), so they would never be read unchecked.
        let mut damaged = bytes.to_vec();
        damaged[4 * HEADER..4 * HEADER + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(!SparqlStore::well_formed(&damaged));
        assert!(!SparqlStore::well_formed(&bytes[..bytes.len() / 2]));
    }

    #[test]
    fn a_damaged_stored_index_is_refused() {
        let bytes = crate::builtin::SPARQL_INDEX;
        let leak = |b: Vec<u8>| -> &'static [u8] { Box::leak(b.into_boxed_slice()) };
        assert!(SparqlStore::decode(bytes).is_some());
        assert!(SparqlStore::decode(&[]).is_none());
        // Cut short anywhere, or longer: no longer the length its header says.
        for cut in (0..bytes.len()).step_by(997).chain([bytes.len() - 1]) {
            assert!(SparqlStore::decode(leak(bytes[..cut].to_vec())).is_none(), "cut at {cut}");
        }
        // Counts and numbers out of range in each part, a wrong magic, strings not UTF-8 or cut
        // inside a character: refused, never a panic.
        let header: Vec<usize> = (0..HEADER).map(|i| word(bytes, i) as usize).collect();
        let [_, n_strings, n_terms, n_quads, ..] = header[..] else { unreachable!() };
        let terms_at = HEADER + n_strings;
        let quads_at = terms_at + 3 * n_terms;
        let lists_at = quads_at + 4 * n_quads;
        let tables_at = lists_at + 4 * (n_terms + 2 + n_quads);
        let damaged = [
            (0, 0),
            (1, u32::MAX),
            (2, u32::MAX),
            (3, 1),
            (HEADER, u32::MAX),
            (terms_at, 9),
            (terms_at + 1, n_strings as u32),
            (quads_at, 0),
            (quads_at + 1, n_terms as u32 + 1),
            (quads_at + 3, u32::MAX),
            (lists_at, 1),
            (lists_at + n_terms + 1, 0),
            (lists_at + n_terms + 2, n_quads as u32),
            (tables_at + 1, u32::MAX),
            (tables_at + 1, n_terms as u32 + 1),
            // A literal in the IRIs' table.
            (
                tables_at + 1,
                (1..=n_terms as u32).find(|&n| word(bytes, terms_at + 3 * (n as usize - 1)) > BLANK).unwrap(),
            ),
            // IRIs' slots not a power of two.
            (4, header[4] as u32 - 1),
        ];
        for (at, value) in damaged {
            let mut b = bytes.to_vec();
            b[4 * at..4 * at + 4].copy_from_slice(&value.to_le_bytes());
            assert!(SparqlStore::decode(leak(b)).is_none(), "word {at} set to {value}");
        }
        // Strings are checked as UTF-8 when their term is made: a string that is not (or whose
        // end was moved inside a character) makes a term the index does not hold, which the
        // evaluation reports, never a panic.
        let strings_at = 4 * (tables_at + 2 * (header[4] + header[5] + header[6]));
        let text = std::str::from_utf8(&bytes[strings_at..]).unwrap();
        let inside = text.char_indices().find(|(_, c)| c.len_utf8() > 1).map(|(i, _)| i + 1).unwrap();
        // The first string ending at or after it ends there instead: still ascending.
        let end = (0..n_strings).find(|&i| word(bytes, HEADER + i) as usize >= inside).unwrap();
        let mut not_utf8 = bytes.to_vec();
        not_utf8[strings_at] = 0xff;
        let mut cut_inside = bytes.to_vec();
        cut_inside[4 * (HEADER + end)..4 * (HEADER + end) + 4].copy_from_slice(&(inside as u32).to_le_bytes());
        for b in [not_utf8, cut_inside] {
            let store = SparqlStore::decode(leak(b)).expect("the numbers are in range");
            assert!((1..=n_terms as u32).any(|n| store.index.term(n).is_none()));
            let answer = crate::run_query(&store, "SELECT * WHERE { ?s ?p ?o }");
            assert!(matches!(answer, Err(crate::SparqlError::Evaluation(_))), "{answer:?}");
        }
    }

    #[test]
    fn finds_every_term_through_the_stored_key_tables() {
        // Thousands of terms of every kind (slots shared by hashes, runs of taken slots): each
        // found by its key in the stored index as in the one built, terms not held not found.
        let mut builder = SparqlStoreBuilder::default();
        let p = NamedNode::new_unchecked("urn:p");
        for n in 0..3000u32 {
            let s = NamedNode::new_unchecked(format!("https://example.org/a/long/shared/namespace/entity/{n}"));
            let objects: [Term; 4] = [
                Literal::new_language_tagged_literal_unchecked(format!("name {n}"), "en").into(),
                Literal::new_typed_literal(n.to_string(), NamedNode::new_unchecked("urn:type")).into(),
                Literal::from(i64::from(n) * 7).into(),
                oxrdf::BlankNode::new_unchecked(format!("b{n}")).into(),
            ];
            for o in &objects {
                builder.add(QuadRef::new(&s, &p, o, GraphNameRef::DefaultGraph));
            }
        }
        let built = builder.build();
        let bytes: &'static [u8] = Box::leak(encode(&built).into_boxed_slice());
        let stored = SparqlStore::decode(bytes).expect("encoded, decoded");
        assert_same_index(&stored.index, &built.index);
        for absent in [
            Term::from(NamedNode::new_unchecked("https://example.org/a/long/shared/namespace/entity/3000")),
            NamedNode::new_unchecked("").into(),
            Literal::new_language_tagged_literal_unchecked("name 1", "fr").into(),
            Literal::new_typed_literal("1", NamedNode::new_unchecked("urn:other")).into(),
            oxrdf::BlankNode::new_unchecked("b3000").into(),
        ] {
            assert_eq!(stored.index.id(&absent), None, "{absent}");
            assert_eq!(built.index.id(&absent), None, "{absent}");
        }
        // An IRI with one bit of any byte flipped has another stored hash.
        let base = "https://example.org/a/long/shared/namespace/entity/123456789";
        for at in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[at] ^= 1;
            let changed = String::from_utf8(changed).unwrap();
            assert_ne!(key_hash(base) >> 32, key_hash(&changed) >> 32, "byte {at}");
        }
    }

    #[test]
    fn a_full_key_table_ends_the_search() {
        // One IRI: a table of two slots, one empty. Filled with the same term under another hash
        // (well formed as far as its numbers go), a key not held is searched through every slot
        // once, then reported not found.
        let mut builder = SparqlStoreBuilder::default();
        let s = NamedNode::new_unchecked("urn:s");
        builder.add(QuadRef::new(&s, &s, &s, GraphNameRef::DefaultGraph));
        let mut bytes = encode(&builder.build());
        let header: Vec<usize> = (0..HEADER).map(|i| word(&bytes, i) as usize).collect();
        let [_, n_strings, n_terms, n_quads, n_named, ..] = header[..] else { unreachable!() };
        assert_eq!((n_terms, n_named), (1, 2));
        let table_at = HEADER + n_strings + 3 * n_terms + 4 * n_quads + 4 * (n_terms + 2 + n_quads);
        let empty = (0..2).find(|&slot| word(&bytes, table_at + 2 * slot + 1) == 0).unwrap();
        let at = 4 * (table_at + 2 * empty);
        bytes[at..at + 8].copy_from_slice(&[7u8, 0, 0, 0, 1, 0, 0, 0]);
        let store = SparqlStore::decode(Box::leak(bytes.into_boxed_slice())).expect("well formed");
        assert_eq!(store.index.id(&s.clone().into()), Some(1));
        assert_eq!(store.index.id(&NamedNode::new_unchecked("urn:absent").into()), None);
    }

    #[test]
    fn lists_each_terms_quads_per_position() {
        let kg = KnowledgeGraph::builtin().unwrap();
        for store in [
            sparql_store(&kg, &RdfOptions::default()).unwrap(),
            fresh_sparql_store(&kg, &RdfOptions::default()).unwrap(),
        ] {
            let index = &store.index;
            for (p, lists) in index.lists.iter().enumerate() {
                assert_eq!(lists.start.len(), index.term_count() + 2);
                assert_eq!(lists.quads.len(), index.quad_count());
                // Strictly ascending lists whose lengths add up to the quads, each quad in its own
                // term's list: every quad is listed exactly once, under its term.
                let listed: Vec<Vec<usize>> = (0..=index.term_count() as u32)
                    .map(|t| {
                        let (from, to) = lists.range(t);
                        (from..to).map(|i| lists.quad(i)).collect()
                    })
                    .collect();
                for (t, listed) in listed.iter().enumerate() {
                    assert!(listed.windows(2).all(|w| w[0] < w[1]), "position {p}, term {t}");
                }
                assert_eq!(listed.iter().map(Vec::len).sum::<usize>(), index.quad_count());
                for n in 0..index.quad_count() {
                    let term = index.quad(n)[p] as usize;
                    assert!(listed[term].binary_search(&n).is_ok(), "position {p}, quad {n}");
                }
            }
        }
    }
}
