//! The quads `kg sparql` evaluates a query over: a read-only index built once per graph and
//! handed to spareval (Oxigraph's SPARQL evaluator) as a `QueryableDataset`.
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

use std::cell::RefCell;
use std::sync::Arc;

use std::str::FromStr;

use oxrdf::{GraphNameRef, Literal, LiteralRef, NamedOrBlankNodeRef, QuadRef, Term, TermRef};
use spareval::{InternalQuad, QueryableDataset};

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
fn as_held(term: Term) -> Term {
    match term {
        Term::Literal(l) => as_value(l.as_ref()).unwrap_or(l).into(),
        other => other,
    }
}

/// The graph position's number for the default graph; terms are numbered from 1.
const DEFAULT_GRAPH: u32 = 0;

/// A term number that no term has: a broken invariant, reported rather than a panic.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the SPARQL evaluation asked for term {0}, which the store never numbered")]
pub(crate) struct UnknownTerm(u32);

/// The graph's quads, indexed for SPARQL (see the module documentation). Cheap to clone: the
/// index is shared.
#[derive(Clone, Debug)]
pub struct SparqlStore {
    index: Arc<QuadIndex>,
}

#[derive(Debug)]
struct QuadIndex {
    /// Term `n` is `terms[n - 1]`.
    terms: Vec<Term>,
    /// Each term's number: an IRI's by its text, a blank node's by its id, a literal's by its
    /// [`literal_key`].
    named: foldhash::HashMap<Box<str>, u32>,
    blank: foldhash::HashMap<Box<str>, u32>,
    literal: foldhash::HashMap<Box<str>, u32>,
    /// `[subject, predicate, object, graph]`, in load order, each once.
    quads: Vec<[u32; 4]>,
    /// Per position: the quads holding each term.
    lists: [Lists; 4],
}

/// Compressed lists: the quads (their numbers, ascending) holding term `t` in one position are
/// `quads[start[t]..start[t + 1]]`.
#[derive(Debug, Default)]
struct Lists {
    start: Vec<u32>,
    quads: Vec<u32>,
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
        Lists { start, quads: list }
    }

    fn of(&self, term: u32) -> &[u32] {
        match (self.start.get(term as usize), self.start.get(term as usize + 1)) {
            (Some(&from), Some(&to)) => &self.quads[from as usize..to as usize],
            _ => &[],
        }
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
    /// The number of each term of a stored stream (`export::rdf_stored`) by its number there,
    /// 0 until met ([`Self::add_numbered`]).
    stored: Vec<u32>,
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
            stored: Vec::new(),
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

    /// Prepares [`Self::add_numbered`] for a stored stream of `terms` terms.
    pub(crate) fn expect_stored_terms(&mut self, terms: usize) {
        self.stored = vec![0; terms];
    }

    /// [`Self::add`] for a quad of a stored stream whose subject, predicate and object are the
    /// stream's terms `ids`: each term is numbered here once, the first time it is met, and
    /// found by its stream number after (the same numbers, in the same order, as [`Self::add`]
    /// gives: `tests::a_stored_stream_is_indexed_as_its_quads_are`).
    pub(crate) fn add_numbered(&mut self, quad: QuadRef<'_>, ids: [u32; 3]) {
        let subject = match quad.subject {
            NamedOrBlankNodeRef::NamedNode(n) => n.into(),
            NamedOrBlankNodeRef::BlankNode(b) => b.into(),
        };
        let [subject, predicate, object] = [(ids[0], subject), (ids[1], quad.predicate.into()), (ids[2], quad.object)]
            .map(|(id, term)| match self.stored.get(id as usize) {
                Some(&known) if known != 0 => known,
                _ => {
                    let number = match term {
                        TermRef::Literal(l) => self.literal(l),
                        other => self.number(other),
                    };
                    if let Some(slot) = self.stored.get_mut(id as usize) {
                        *slot = number;
                    }
                    number
                }
            });
        if subject != self.last_subject {
            self.last_subject = subject;
            self.run_start = self.quads.len();
            if !self.run_seen.is_empty() {
                self.run_seen.clear();
            }
        }
        let graph = self.graph(quad.graph_name);
        self.push_unless_repeated([subject, predicate, object, graph]);
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
        let graph = self.graph(quad.graph_name);
        self.push_unless_repeated([subject, predicate, object, graph]);
    }

    fn graph(&mut self, graph: GraphNameRef<'_>) -> u32 {
        match graph {
            GraphNameRef::NamedNode(n) => self.number(n.into()),
            GraphNameRef::BlankNode(b) => self.number(b.into()),
            GraphNameRef::DefaultGraph => DEFAULT_GRAPH,
        }
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
                terms: self.terms,
                named: self.named,
                blank: self.blank,
                literal: self.literal,
                quads: self.quads,
                lists,
            }),
        }
    }
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
        self.index.quads.len()
    }

    /// Whether the store holds no quad.
    pub fn is_empty(&self) -> bool {
        self.index.quads.is_empty()
    }

    /// A view for one query's evaluation: it numbers the terms the query brings that the graph
    /// does not hold (constants, computed values) apart from the shared index.
    pub(crate) fn view(&self) -> QueryView {
        QueryView { index: Arc::clone(&self.index), extra: RefCell::default() }
    }
}

impl QuadIndex {
    fn id(&self, term: &Term) -> Option<u32> {
        let mut key = String::new();
        match term {
            Term::NamedNode(n) => self.named.get(n.as_str()),
            Term::BlankNode(b) => self.blank.get(b.as_str()),
            Term::Literal(l) => self.literal.get(literal_key(l.as_ref(), &mut key)).or_else(|| {
                as_value(l.as_ref()).and_then(|held| self.literal.get(literal_key(held.as_ref(), &mut key)))
            }),
        }
        .copied()
    }
}

/// The index seen by one query evaluation (spareval's `QueryableDataset`).
pub(crate) struct QueryView {
    index: Arc<QuadIndex>,
    extra: RefCell<Extra>,
}

/// Terms met during an evaluation that the graph does not hold, numbered after the graph's.
#[derive(Default)]
struct Extra {
    terms: Vec<Term>,
    ids: foldhash::HashMap<Term, u32>,
}

/// The quads matching a pattern, walked backwards through one list (or through all quads).
pub(crate) struct Matches {
    index: Arc<QuadIndex>,
    /// The position whose list is walked, or `None` for all quads.
    position: Option<usize>,
    /// The list's range in `index.lists[position].quads`, or in `index.quads`; walked from the end.
    from: usize,
    to: usize,
    expect: [Option<u32>; 4],
}

impl Iterator for Matches {
    type Item = Result<InternalQuad<u32>, UnknownTerm>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.to > self.from {
            self.to -= 1;
            let n = match self.position {
                Some(p) => self.index.lists[p].quads[self.to] as usize,
                None => self.to,
            };
            let quad = self.index.quads[n];
            if quad.iter().zip(&self.expect).all(|(t, e)| e.is_none_or(|e| e == *t)) {
                let [subject, predicate, object, graph] = quad;
                return Some(Ok(InternalQuad {
                    subject,
                    predicate,
                    object,
                    graph_name: (graph != DEFAULT_GRAPH).then_some(graph),
                }));
            }
        }
        None
    }
}

impl<'a> QueryableDataset<'a> for QueryView {
    type InternalTerm = u32;
    type Error = UnknownTerm;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&u32>,
        predicate: Option<&u32>,
        object: Option<&u32>,
        graph_name: Option<Option<&u32>>,
    ) -> impl Iterator<Item = Result<InternalQuad<u32>, UnknownTerm>> + use<'a> {
        // `None`: any graph, the default one included (as Oxigraph's store reads it; spareval
        // drops default-graph quads itself where only named graphs are meant).
        let graph = graph_name.map(|g| g.copied().unwrap_or(DEFAULT_GRAPH));
        let expect = [subject.copied(), predicate.copied(), object.copied(), graph];
        let index = &self.index;
        let count = |p: usize| expect[p].map_or(usize::MAX, |t| index.lists[p].of(t).len());
        let [cs, cp, co, cg] = [0, 1, 2, 3].map(count);
        let position = if expect[0].is_some() && cs <= cp && cs <= co && cs <= cg {
            Some(0)
        } else if expect[1].is_some() && cp <= co && cp <= cg {
            Some(1)
        } else if expect[2].is_some() && co <= cg {
            Some(2)
        } else if expect[3].is_some() {
            Some(3)
        } else {
            None
        };
        let (from, to) = match position {
            Some(p) => {
                let t = expect[p].unwrap_or(DEFAULT_GRAPH) as usize;
                let lists = &index.lists[p];
                match (lists.start.get(t), lists.start.get(t + 1)) {
                    (Some(&from), Some(&to)) => (from as usize, to as usize),
                    _ => (0, 0),
                }
            }
            None => (0, index.quads.len()),
        };
        Matches { index: Arc::clone(index), position, from, to, expect }
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<u32, UnknownTerm>> + use<'a> {
        let index = Arc::clone(&self.index);
        let graphs = (1..=index.terms.len() as u32).filter(move |&g| !index.lists[3].of(g).is_empty());
        graphs.map(Ok)
    }

    fn contains_internal_graph_name(&self, graph_name: &u32) -> Result<bool, UnknownTerm> {
        Ok(*graph_name != DEFAULT_GRAPH && !self.index.lists[3].of(*graph_name).is_empty())
    }

    fn internalize_term(&self, term: Term) -> Result<u32, UnknownTerm> {
        let term = as_held(term);
        if let Some(id) = self.index.id(&term) {
            return Ok(id);
        }
        let mut extra = self.extra.borrow_mut();
        if let Some(&id) = extra.ids.get(&term) {
            return Ok(id);
        }
        extra.terms.push(term.clone());
        let id = (self.index.terms.len() + extra.terms.len()) as u32;
        extra.ids.insert(term, id);
        Ok(id)
    }

    fn externalize_term(&self, term: u32) -> Result<Term, UnknownTerm> {
        let n = (term as usize).checked_sub(1).ok_or(UnknownTerm(term))?;
        let held = self.index.terms.len();
        let found = match n.checked_sub(held) {
            None => self.index.terms.get(n).cloned(),
            Some(extra) => self.extra.borrow().terms.get(extra).cloned(),
        };
        found.ok_or(UnknownTerm(term))
    }
}

#[cfg(test)]
mod tests {
    use oxigraph::sparql::{PreparedSparqlQuery, SparqlEvaluator};
    use oxigraph::store::Store;
    use oxrdf::{GraphName, NamedNode, Quad};

    use super::super::sparql::{evaluate, sparql_prefixes, sparql_store};
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
        for options in [RdfOptions::default(), RdfOptions { only_background: true, ..RdfOptions::default() }] {
            let ours = sparql_store(&kg, &options).unwrap();
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
            assert!(id as usize <= store.index.terms.len(), "held in the graph");
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

    #[test]
    fn a_stored_stream_is_indexed_as_its_quads_are() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let stream = RdfStream::new(&kg, &RdfOptions::default()).unwrap();
        let stored = stream.stored().expect("the built-in essay's stream is stored");
        // Through the stream's term numbers (what `sparql_store` does for the built-in essay)...
        let numbered = sparql_store(&kg, &RdfOptions::default()).unwrap();
        // ...and quad by quad, every term looked up.
        let mut builder = SparqlStoreBuilder::default();
        stored.for_each_numbered(|quad, _| builder.add(quad));
        let quad_by_quad = builder.build();
        let (a, b) = (&numbered.index, &quad_by_quad.index);
        assert!(a.quads.len() > 9000, "{} quads", a.quads.len());
        assert_eq!(a.terms, b.terms);
        assert_eq!(a.quads, b.quads);
        for position in 0..4 {
            assert_eq!(a.lists[position].start, b.lists[position].start);
            assert_eq!(a.lists[position].quads, b.lists[position].quads);
        }
        let sorted = |map: &foldhash::HashMap<Box<str>, u32>| {
            let mut pairs: Vec<_> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
            pairs.sort();
            pairs
        };
        assert_eq!(sorted(&a.named), sorted(&b.named));
        assert_eq!(sorted(&a.literal), sorted(&b.literal));
        assert_eq!(sorted(&a.blank), sorted(&b.blank));
    }

    #[test]
    fn lists_each_terms_quads_per_position() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let store = sparql_store(&kg, &RdfOptions::default()).unwrap();
        let index = &store.index;
        for (p, lists) in index.lists.iter().enumerate() {
            assert_eq!(lists.start.len(), index.terms.len() + 2);
            assert_eq!(lists.quads.len(), index.quads.len());
            // Strictly ascending lists whose lengths add up to the quads, each quad in its own
            // term's list: every quad is listed exactly once, under its term.
            let mut total = 0;
            for t in 0..=index.terms.len() as u32 {
                let listed = lists.of(t);
                assert!(listed.windows(2).all(|w| w[0] < w[1]), "position {p}, term {t}");
                total += listed.len();
            }
            assert_eq!(total, index.quads.len());
            for (n, quad) in index.quads.iter().enumerate() {
                assert!(lists.of(quad[p]).binary_search(&(n as u32)).is_ok(), "position {p}, quad {n}");
            }
        }
    }
}
