//! The RDF export: the graph as RDF quads built from oxrdf terms, written by the oxigraph family's
//! serializers (oxrdfio) as Turtle, N-Triples, N-Quads, TriG or RDF/XML (JSON-LD: `jsonld.rs`).
//!
//! Shape, for each relation: the direct triple (`ent:sakhalin kgv:transferredTo ent:russia`) for
//! simple queries, and a reified `rdf:Statement` (`rel:sakhalin.transferred_to.russia.1a2b3c4d`)
//! that keeps the n-ary fact whole: its treaty (`kgv:under`), place, dates (original precision and
//! comparable `xsd:date` bounds), role, and its evidence, a W3C Web Annotation
//! `oa:SpecificResource` on the essay with a quote selector and a position selector.
//!
//! Graphs: the **default graph** holds the vocabulary, the dataset description and everything the
//! essay states; the named graph `{base}graph/background` holds background knowledge (relations
//! the essay does not state, background aliases, Wikidata identities). So a server without a union
//! default graph answers from what the essay states, `GRAPH` reaches the background, and the
//! triple syntaxes (Turtle, N-Triples, RDF/XML) hold exactly the default graph: everything asserted
//! in `essay.ttl` is stated by the essay. `only_background` exports the background graph alone.
//!
//! IRIs are derived from content, never from file order or offsets: entities by id, relations by
//! subject, kind, object and a hash of their evidence and qualifiers, passages by their first words
//! and a hash of the quote with as much context as makes it unique in the essay.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::ontology::{class_iri, ontology_quads, property_iri};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityType, Evidence, HistDate, Precision, Provenance, Relation};
use crate::vocab::{self, kgv, ns, path, term};

/// Options of the RDF export.
#[derive(Debug, Clone)]
pub struct RdfOptions {
    /// The base IRI under which entities, relations and evidence are named: any absolute IRI
    /// (`https://example.org/x/`, `urn:kg:x:`). `None`: derived from the essay's title by
    /// [`vocab::default_base`], so two essays never share a node.
    pub base: Option<String>,
    /// The namespace of the vocabulary (`kgv:`); `None` for [`vocab::KGV`].
    pub vocab: Option<String>,
    /// Whether to include the vocabulary (classes and properties) in the default graph.
    pub ontology: bool,
    /// Whether to include the essay's data (entities, relations, evidence); `false` with
    /// `ontology` exports the vocabulary alone.
    pub data: bool,
    /// Export the background graph alone, as the default graph (for triple syntaxes).
    pub only_background: bool,
}

impl Default for RdfOptions {
    fn default() -> Self {
        RdfOptions { base: None, vocab: None, ontology: true, data: true, only_background: false }
    }
}

impl RdfOptions {
    /// The base IRI this export uses for `kg`'s essay.
    pub fn base_for(&self, kg: &KnowledgeGraph) -> String {
        self.base.clone().unwrap_or_else(|| vocab::default_base(&kg.data().title))
    }

    /// The vocabulary namespace this export uses.
    pub fn vocab_namespace(&self) -> &str {
        self.vocab.as_deref().unwrap_or(vocab::KGV)
    }
}

/// Checks that `iri` is an absolute IRI usable as a namespace (entities are `{iri}entity/{id}`).
fn check_namespace(what: &str, iri: &str) -> Result<(), ExportError> {
    NamedNode::new(iri).map_err(|e| ExportError::BadBase(format!("{what} `{iri}` is not an absolute IRI: {e}")))?;
    if iri.contains(['<', '>', '"', ' ', '{', '}', '|', '\\', '^', '`']) {
        return Err(ExportError::BadBase(format!("{what} `{iri}` contains a character IRIs do not allow")));
    }
    Ok(())
}

/// The background graph's IRI for a base.
pub fn background_graph(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}{}", path::GRAPH_BACKGROUND))
}

/// FNV-1a, 64 bits: a fixed, documented hash, so IRIs derived from content never change with
/// the compiler or the platform.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The first few words of a text as an IRI-safe slug (`southern-half-of-sakhalin`).
fn slug(text: &str, words: usize) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(words) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// A passage's quote with the context that makes it unique in the essay (the Web Annotation
/// `prefix`/`suffix`), and the IRI local name derived from them.
#[derive(Debug, Clone)]
struct PassageName {
    local: String,
    prefix: String,
    suffix: String,
}

/// Widening context sizes, in characters, tried until quote and context occur once in the essay.
const CONTEXT_STEPS: [usize; 6] = [0, 16, 32, 64, 128, 256];

fn passage_name(essay: &[char], text: &str, e: &Evidence) -> PassageName {
    let take = |from: usize, to: usize| essay[from.min(essay.len())..to.min(essay.len())].iter().collect::<String>();
    let context = |k: usize| (take(e.start.saturating_sub(k), e.start), take(e.end, e.end + k));
    let unique = CONTEXT_STEPS.iter().map(|&k| context(k)).find(|(prefix, suffix)| {
        let needle = format!("{prefix}{}{suffix}", e.quote);
        text.match_indices(&needle).nth(1).is_none()
    });
    // A passage whose widest context still repeats (a long repeated stretch) falls back on its
    // offset, the only thing that tells it apart.
    let (prefix, suffix, tiebreak) = match unique {
        Some((prefix, suffix)) => (prefix, suffix, String::new()),
        None => {
            let (prefix, suffix) = context(CONTEXT_STEPS[CONTEXT_STEPS.len() - 1]);
            (prefix, suffix, e.start.to_string())
        }
    };
    let words = slug(&e.quote, 4);
    let hash = fnv1a(&[&prefix, &e.quote, &suffix, &tiebreak]);
    let local = if words.is_empty() { format!("{hash:016x}") } else { format!("{words}-{:012x}", hash >> 16) };
    PassageName { local, prefix, suffix }
}

/// The IRIs of one export, all under its base.
struct Names {
    base: String,
    background_graph: GraphName,
    relations: BTreeMap<String, NamedNode>,
}

impl Names {
    fn iri(&self, path: &str, local: &str) -> NamedNode {
        // Ids are validated lower snake_case (and relation ids dot-joined ids), the base is an
        // absolute IRI, and hashes are hex: always valid.
        NamedNode::new_unchecked(format!("{}{path}{local}", self.base))
    }

    fn entity(&self, id: &str) -> NamedNode {
        // Ids are validated lower snake_case and the base an absolute IRI: always valid.
        NamedNode::new_unchecked(entity_iri_unchecked(&self.base, id))
    }

    fn essay(&self) -> NamedNode {
        self.iri(path::ESSAY, "")
    }

    fn dataset(&self) -> NamedNode {
        self.iri(path::DATASET, "")
    }
}

/// Relation IRIs: `subject.kind.object.` and a hash of what the relation says beyond that (its
/// evidence or basis, and its qualifiers), so that adding, removing or reordering other
/// relations never renames one. Identical relations (a data error the loader allows) get `.2`,
/// `.3` by id order.
fn relation_names(
    kg: &KnowledgeGraph,
    base: &str,
    passages: &dyn Fn(&Evidence) -> String,
) -> BTreeMap<String, NamedNode> {
    let mut taken = HashSet::new();
    let mut out = BTreeMap::new();
    for r in kg.relations() {
        let q = &r.qualifiers;
        let dates = [q.date, q.start, q.end].map(|d| d.map(|d| d.to_string()).unwrap_or_default());
        let evidence = match &r.provenance {
            Provenance::Essay(e) => passages(e),
            Provenance::Background { basis, .. } => basis.clone(),
        };
        let hash = fnv1a(&[
            &evidence,
            q.under.as_deref().unwrap_or(""),
            q.place.as_deref().unwrap_or(""),
            &dates[0],
            &dates[1],
            &dates[2],
            q.role.as_deref().unwrap_or(""),
        ]);
        let stem = format!("{}.{}.{}.{:08x}", r.subject, r.kind.name(), r.object, hash >> 32);
        let mut local = stem.clone();
        let mut n = 1;
        while !taken.insert(local.clone()) {
            n += 1;
            local = format!("{stem}.{n}");
        }
        out.insert(r.id.clone(), NamedNode::new_unchecked(format!("{base}{}{local}", path::RELATION)));
    }
    out
}

/// The IRI of the entity `id` under `base`, as the RDF export names it; other exports (JSON,
/// CSV, GEXF, GraphML, Cytoscape) carry it so that a node can be looked up in a triple store.
pub(crate) fn entity_iri(base: &str, id: &str) -> Result<String, ExportError> {
    check_namespace("base", base)?;
    Ok(entity_iri_unchecked(base, id))
}

/// `{base}entity/{id}`: the one place an entity's IRI is built, for a base already checked.
fn entity_iri_unchecked(base: &str, id: &str) -> String {
    format!("{base}{}{id}", path::ENTITY)
}

fn en(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

fn non_negative(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

fn xsd_date(day: String) -> Literal {
    Literal::new_typed_literal(day, xsd::DATE)
}

/// The typed literal of a date at its own precision: `xsd:gYear`, `xsd:gYearMonth`, `xsd:date`,
/// or the Library of Congress EDTF datatype for a decade (`185X`).
pub(crate) fn date_literal(d: HistDate) -> Literal {
    match d.precision() {
        Precision::Decade => {
            Literal::new_typed_literal(format!("{:03}X", d.year() / 10), NamedNode::new_unchecked(vocab::EDTF))
        }
        Precision::Year => Literal::new_typed_literal(d.to_string(), xsd::G_YEAR),
        Precision::Month => Literal::new_typed_literal(d.to_string(), xsd::G_YEAR_MONTH),
        Precision::Day => Literal::new_typed_literal(d.to_string(), xsd::DATE),
    }
}

/// Why a passage is cited, which decides the Web Annotation's motivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Motivation {
    /// It names an entity.
    Identifying,
    /// It states a relation, a date or a number.
    Describing,
}

/// Accumulates quads; passages are described once each, at the end.
struct Builder<'a> {
    names: &'a Names,
    essay_chars: Vec<char>,
    essay_text: &'a str,
    quads: Vec<Quad>,
    passages: BTreeMap<(usize, usize), (Evidence, PassageName)>,
    annotations: BTreeMap<(usize, usize), BTreeMap<Motivation, BTreeSet<NamedNode>>>,
}

impl Builder<'_> {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: impl Into<NamedNode>, o: impl Into<Term>, g: &GraphName) {
        self.quads.push(Quad::new(s, p, o, g.clone()));
    }

    fn passage_name(&mut self, e: &Evidence) -> PassageName {
        let (chars, text) = (&self.essay_chars, self.essay_text);
        self.passages.entry((e.start, e.end)).or_insert_with(|| (e.clone(), passage_name(chars, text, e))).1.clone()
    }

    /// The passage's IRI; `body` is what it is evidence for (annotated by `oa:Annotation`s).
    fn passage(&mut self, e: &Evidence, body: Option<(&NamedNode, Motivation)>) -> NamedNode {
        let name = self.passage_name(e);
        if let Some((body, motivation)) = body {
            self.annotations.entry((e.start, e.end)).or_default().entry(motivation).or_default().insert(body.clone());
        }
        self.names.iri(path::EVIDENCE, &name.local)
    }

    /// Describes every passage used (source, quote and position selectors, annotations), in the
    /// default graph: passages are the essay's text, whatever cites them.
    fn describe_passages(&mut self) {
        let g = GraphName::DefaultGraph;
        let passages = std::mem::take(&mut self.passages);
        let annotations = std::mem::take(&mut self.annotations);
        let oa = |l: &str| ns(vocab::OA, l);
        for (key, (e, name)) in passages {
            let iri = self.names.iri(path::EVIDENCE, &name.local);
            let quote = self.names.iri(path::EVIDENCE, &format!("{}.quote", name.local));
            let position = self.names.iri(path::EVIDENCE, &format!("{}.position", name.local));
            let essay = self.names.essay();
            self.add(iri.clone(), rdf::TYPE, oa("SpecificResource"), &g);
            self.add(iri.clone(), oa("hasSource"), essay, &g);
            self.add(iri.clone(), oa("hasSelector"), quote.clone(), &g);
            self.add(iri.clone(), oa("hasSelector"), position.clone(), &g);
            self.add(quote.clone(), rdf::TYPE, oa("TextQuoteSelector"), &g);
            self.add(quote.clone(), oa("exact"), Literal::new_simple_literal(&e.quote), &g);
            if !name.prefix.is_empty() {
                self.add(quote.clone(), oa("prefix"), Literal::new_simple_literal(&name.prefix), &g);
            }
            if !name.suffix.is_empty() {
                self.add(quote.clone(), oa("suffix"), Literal::new_simple_literal(&name.suffix), &g);
            }
            self.add(position.clone(), rdf::TYPE, oa("TextPositionSelector"), &g);
            self.add(position.clone(), oa("start"), non_negative(e.start), &g);
            self.add(position, oa("end"), non_negative(e.end), &g);
            for (motivation, bodies) in annotations.get(&key).into_iter().flatten() {
                let (suffix, motive) = match motivation {
                    Motivation::Identifying => ("identifying", oa("identifying")),
                    Motivation::Describing => ("describing", oa("describing")),
                };
                let annotation = self.names.iri(path::EVIDENCE, &format!("{}.{suffix}", name.local));
                self.add(annotation.clone(), rdf::TYPE, oa("Annotation"), &g);
                self.add(annotation.clone(), oa("motivatedBy"), motive, &g);
                self.add(annotation.clone(), oa("hasTarget"), iri.clone(), &g);
                for body in bodies {
                    self.add(annotation.clone(), oa("hasBody"), body.clone(), &g);
                }
            }
        }
    }

    /// `kgv:date`/`startDate`/`endDate` at their own precision, and the `kgv:earliest` and
    /// `kgv:latest` `xsd:date` bounds of the whole dated thing (the first day of its date or start,
    /// the last day of its end or date), comparable across precisions.
    fn dates(
        &mut self,
        s: &NamedNode,
        date: Option<HistDate>,
        start: Option<HistDate>,
        end: Option<HistDate>,
        g: &GraphName,
    ) {
        for (p, d) in [(term::DATE, date), (term::START_DATE, start), (term::END_DATE, end)] {
            if let Some(d) = d {
                self.add(s.clone(), kgv(p), date_literal(d), g);
            }
        }
        // Something known only to have ended by a date has a latest bound and no earliest.
        if let Some(first) = date.or(start) {
            self.add(s.clone(), kgv(term::EARLIEST), xsd_date(first.first_day().to_string()), g);
        }
        if let Some(last) = end.or(date).or(start) {
            self.add(s.clone(), kgv(term::LATEST), xsd_date(last.last_day().to_string()), g);
        }
    }

    fn entity(&mut self, e: &Entity) {
        let stated = GraphName::DefaultGraph;
        let background = self.names.background_graph.clone();
        let s = self.names.entity(&e.id);
        // Every class up the hierarchy, so `?x a kgv:Territory` finds islands without
        // `rdfs:subClassOf*` or a reasoner.
        let mut t = Some(e.entity_type);
        while let Some(class) = t {
            self.add(s.clone(), rdf::TYPE, class_iri(class), &stated);
            t = class.parent();
        }
        self.add(s.clone(), rdfs::LABEL, en(&e.label), &stated);
        for alias in &e.aliases {
            self.add(s.clone(), ns(vocab::SKOS, "altLabel"), en(alias), &stated);
        }
        for alias in &e.shared_aliases {
            self.add(s.clone(), ns(vocab::SKOS, "hiddenLabel"), en(alias), &stated);
        }
        for alias in &e.background_aliases {
            self.add(s.clone(), ns(vocab::SKOS, "altLabel"), en(alias), &background);
        }
        if let Some(q) = &e.wikidata {
            self.add(s.clone(), ns(vocab::OWL, "sameAs"), ns(vocab::WD, q), &background);
        }
        self.dates(
            &s,
            e.date.as_ref().map(|d| d.value),
            e.start.as_ref().map(|d| d.value),
            e.end.as_ref().map(|d| d.value),
            &stated,
        );
        for (p, d) in
            [(term::DATE_EVIDENCE, &e.date), (term::START_DATE_EVIDENCE, &e.start), (term::END_DATE_EVIDENCE, &e.end)]
        {
            if let Some(d) = d {
                let passage = self.passage(&d.evidence, Some((&s, Motivation::Describing)));
                self.add(s.clone(), kgv(p), passage, &stated);
            }
        }
        let evidence = self.passage(&e.evidence, Some((&s, Motivation::Identifying)));
        self.add(s.clone(), kgv(term::EVIDENCE), evidence, &stated);
        for m in &e.mentions {
            let passage = self.passage(m, Some((&s, Motivation::Identifying)));
            self.add(s.clone(), kgv(term::MENTION), passage, &stated);
        }
        for n in &e.numbers {
            let q = self.names.iri(path::QUANTITY, &format!("{}.{}", e.id, n.property));
            let unit = n.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            let label = format!("{}: {} {}{unit}", e.label, n.property.replace('_', " "), n.value);
            self.add(s.clone(), kgv(term::QUANTITY), q.clone(), &stated);
            self.add(q.clone(), rdf::TYPE, kgv(term::QUANTITY_CLASS), &stated);
            self.add(q.clone(), rdfs::LABEL, en(&label), &stated);
            self.add(q.clone(), kgv(term::PROPERTY), Literal::new_simple_literal(&n.property), &stated);
            self.add(
                q.clone(),
                rdf::VALUE,
                Literal::new_typed_literal(n.value.to_string(), xsd::NON_NEGATIVE_INTEGER),
                &stated,
            );
            if let Some(unit) = &n.unit {
                self.add(q.clone(), kgv(term::UNIT), en(unit), &stated);
            }
            let passage = self.passage(&n.evidence, Some((&q, Motivation::Describing)));
            self.add(q, kgv(term::EVIDENCE), passage, &stated);
        }
        if let Some(note) = &e.note {
            self.add(s, ns(vocab::SKOS, "editorialNote"), en(note), &stated);
        }
    }

    fn relation(&mut self, kg: &KnowledgeGraph, r: &Relation) {
        let g = if r.is_stated() { GraphName::DefaultGraph } else { self.names.background_graph.clone() };
        let (s, p, o) = (self.names.entity(&r.subject), property_iri(r.kind), self.names.entity(&r.object));
        self.add(s.clone(), p.clone(), o.clone(), &g);
        let st = self.names.relations[&r.id].clone();
        self.add(st.clone(), rdf::TYPE, rdf::STATEMENT, &g);
        let class = if r.is_stated() { term::ASSERTION } else { term::BACKGROUND_ASSERTION };
        self.add(st.clone(), rdf::TYPE, kgv(class), &g);
        self.add(st.clone(), rdf::SUBJECT, s, &g);
        self.add(st.clone(), rdf::PREDICATE, p, &g);
        self.add(st.clone(), rdf::OBJECT, o, &g);
        self.add(st.clone(), rdfs::LABEL, en(&kg.sentence(r)), &g);
        let q = &r.qualifiers;
        if let Some(under) = &q.under {
            self.add(st.clone(), kgv(term::UNDER), self.names.entity(under), &g);
        }
        if let Some(place) = &q.place {
            self.add(st.clone(), kgv(term::PLACE), self.names.entity(place), &g);
        }
        self.dates(&st, q.date, q.start, q.end, &g);
        if let Some(role) = &q.role {
            self.add(st.clone(), kgv(term::ROLE), en(role), &g);
        }
        match &r.provenance {
            Provenance::Essay(e) => {
                let passage = self.passage(e, Some((&st, Motivation::Describing)));
                self.add(st.clone(), ns(vocab::PROV, "wasDerivedFrom"), passage, &g);
            }
            Provenance::Background { basis, context } => {
                self.add(st.clone(), kgv(term::BASIS), en(basis), &g);
                if let Some(c) = context {
                    let passage = self.passage(c, None);
                    self.add(st.clone(), rdfs::SEE_ALSO, passage, &g);
                }
            }
        }
        if let Some(note) = &r.note {
            self.add(st, ns(vocab::SKOS, "editorialNote"), en(note), &g);
        }
    }

    /// The essay as a document, with its title and its author: the entity the byline ("By NAME"
    /// on the line after the title) names.
    fn essay(&mut self, kg: &KnowledgeGraph) {
        let g = GraphName::DefaultGraph;
        let essay = self.names.essay();
        self.add(essay.clone(), rdf::TYPE, kgv(term::ESSAY), &g);
        self.add(essay.clone(), ns(vocab::DCTERMS, "title"), en(&kg.data().title), &g);
        self.add(essay.clone(), ns(vocab::SCHEMA, "text"), Literal::new_simple_literal(&kg.data().essay), &g);
        if let Some(author) = byline_author(kg) {
            self.add(essay.clone(), ns(vocab::DCTERMS, "creator"), self.names.entity(&author.id), &g);
        }
        // The document is the text of the Work entity that `author_of` points at.
        if let Some(work) = title_work(kg) {
            self.add(essay, ns(vocab::SCHEMA, "exampleOfWork"), self.names.entity(&work.id), &g);
        }
    }
}

/// The Work entity the essay's title line names (the essay as an entity of its own graph), if
/// any.
fn title_work(kg: &KnowledgeGraph) -> Option<&Entity> {
    let essay = &kg.data().essay;
    let title_start = essay.chars().position(|c| !c.is_whitespace())?;
    kg.entities().iter().find(|e| {
        e.entity_type.is_a(EntityType::Work)
            && std::iter::once(&e.evidence).chain(&e.mentions).any(|m| m.contains(title_start))
    })
}

/// The entity named right after "By " at the start of the essay's byline, if any.
fn byline_author(kg: &KnowledgeGraph) -> Option<&Entity> {
    let essay = &kg.data().essay;
    let byte = essay.find("\nBy ")? + "\nBy ".len();
    if essay[..byte].lines().filter(|l| !l.trim().is_empty()).count() > 2 {
        return None;
    }
    let offset = essay[..byte].chars().count();
    kg.entities().iter().find(|e| {
        e.entity_type.is_a(EntityType::Person)
            && std::iter::once(&e.evidence).chain(&e.mentions).any(|m| m.contains(offset))
    })
}

/// Sort key of a quad: default graph first, then by graph, subject, predicate (`rdf:type` first)
/// and object, so that serializers write each subject once per graph.
fn quad_order(q: &Quad) -> (u8, String, String, u8, String, String) {
    let graph = match &q.graph_name {
        GraphName::DefaultGraph => (0, String::new()),
        other => (1, other.to_string()),
    };
    let predicate = (u8::from(q.predicate.as_ref() != rdf::TYPE), q.predicate.as_str().to_string());
    (graph.0, graph.1, q.subject.to_string(), predicate.0, predicate.1, q.object.to_string())
}

/// Rewrites the vocabulary namespace (`kgv:`) to `namespace`.
fn with_vocab_namespace(quads: Vec<Quad>, namespace: &str) -> Vec<Quad> {
    let document = vocab::KGV_ONTOLOGY;
    let new_document = namespace.trim_end_matches(['#', '/']);
    let map = |n: &NamedNode| -> NamedNode {
        if let Some(local) = n.as_str().strip_prefix(vocab::KGV) {
            NamedNode::new_unchecked(format!("{namespace}{local}"))
        } else if n.as_str() == document {
            NamedNode::new_unchecked(new_document)
        } else {
            n.clone()
        }
    };
    quads
        .into_iter()
        .map(|q| {
            let subject = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => NamedOrBlankNode::NamedNode(map(n)),
                other => other.clone(),
            };
            let object = match &q.object {
                Term::NamedNode(n) => Term::NamedNode(map(n)),
                Term::Literal(l) if l.value() == vocab::KGV => Term::Literal(Literal::new_simple_literal(namespace)),
                other => other.clone(),
            };
            Quad::new(subject, map(&q.predicate), object, q.graph_name.clone())
        })
        .collect()
}

/// The graph as RDF quads: vocabulary, dataset description and what the essay states in the
/// default graph, background knowledge in `{base}graph/background`; sorted by graph, subject,
/// predicate and object, without repeats.
///
/// # Errors
/// [`ExportError::BadBase`] when `options.base` or `options.vocab` is not an absolute IRI.
pub fn rdf_quads(kg: &KnowledgeGraph, options: &RdfOptions) -> Result<Vec<Quad>, ExportError> {
    let base = options.base_for(kg);
    check_namespace("base", &base)?;
    check_namespace("vocabulary namespace", options.vocab_namespace())?;
    let essay_chars: Vec<char> = kg.data().essay.chars().collect();
    let essay_text = kg.data().essay.as_str();
    let relations = relation_names(kg, &base, &|e| passage_name(&essay_chars, essay_text, e).local);
    let names = Names { background_graph: background_graph(&base).into(), base, relations };
    let mut b = Builder {
        names: &names,
        essay_chars,
        essay_text,
        quads: Vec::new(),
        passages: BTreeMap::new(),
        annotations: BTreeMap::new(),
    };
    if options.ontology && !options.only_background {
        b.quads.extend(ontology_quads());
    }
    if options.data {
        b.essay(kg);
        for e in kg.entities() {
            b.entity(e);
        }
        for r in kg.relations() {
            b.relation(kg, r);
        }
        b.describe_passages();
    }
    let mut seen = HashSet::new();
    let mut quads: Vec<Quad> = b.quads.into_iter().filter(|q| seen.insert(q.clone())).collect();
    if options.data {
        describe_dataset(kg, &names, &mut quads);
    }
    if options.only_background {
        quads = quads
            .into_iter()
            .filter(|q| q.graph_name == names.background_graph)
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
            .collect();
    }
    if options.vocab_namespace() != vocab::KGV {
        quads = with_vocab_namespace(quads, options.vocab_namespace());
    }
    quads.sort_by_cached_key(quad_order);
    Ok(quads)
}

/// The VoID / DCAT description of the dataset, in the default graph: title, source essay,
/// licence, generator, vocabulary, and triple counts of the default graph (this description
/// included) and of the background graph, a VoID subset named by its graph IRI.
fn describe_dataset(kg: &KnowledgeGraph, names: &Names, quads: &mut Vec<Quad>) {
    let g = GraphName::DefaultGraph;
    let dataset = names.dataset();
    let GraphName::NamedNode(background) = names.background_graph.clone() else { return };
    let void = |l: &str| ns(vocab::VOID, l);
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| quads.push(Quad::new(s.clone(), p, o, g.clone()));
    let title = &kg.data().title;
    add(&dataset, rdf::TYPE.into(), void("Dataset").into());
    add(&dataset, rdf::TYPE.into(), ns(vocab::DCAT, "Dataset").into());
    add(&dataset, ns(vocab::DCTERMS, "title"), en(&format!("Knowledge graph of the essay “{title}”")).into());
    add(
        &dataset,
        ns(vocab::DCTERMS, "description"),
        en(&format!(
            "Entities and relations of the essay with the quotes that state them, made by kg {}; background knowledge the essay does not state is the subset {}.",
            env!("CARGO_PKG_VERSION"),
            background.as_str()
        ))
        .into(),
    );
    add(&dataset, ns(vocab::DCTERMS, "source"), names.essay().into());
    add(&dataset, ns(vocab::DCTERMS, "license"), NamedNode::new_unchecked(vocab::LICENSE).into());
    add(&dataset, void("vocabulary"), NamedNode::new_unchecked(vocab::KGV_ONTOLOGY).into());
    add(&dataset, void("uriSpace"), Literal::new_simple_literal(&names.base).into());
    add(&dataset, void("entities"), non_negative(kg.entities().len()).into());
    add(&dataset, void("subset"), background.clone().into());
    add(&background, rdf::TYPE.into(), void("Dataset").into());
    add(
        &background,
        ns(vocab::DCTERMS, "title"),
        en(&format!("Background knowledge for the essay “{title}”, which the essay does not state")).into(),
    );
    let in_background = quads.iter().filter(|q| q.graph_name == names.background_graph).count();
    // The two counts are the last triples of the default graph, so they count themselves.
    let in_default = quads.iter().filter(|q| q.graph_name.is_default_graph()).count() + 2;
    quads.push(Quad::new(dataset, void("triples"), non_negative(in_default), g.clone()));
    quads.push(Quad::new(background, void("triples"), non_negative(in_background), g));
}

/// The RDF syntaxes `kg export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfSyntax {
    /// Turtle (the default graph: what the essay states).
    Turtle,
    /// N-Triples (the default graph).
    NTriples,
    /// N-Quads (with the background graph).
    NQuads,
    /// TriG (with the background graph).
    TriG,
    /// RDF/XML (the default graph).
    RdfXml,
    /// JSON-LD, compact, with `@context` (with the background graph; see `jsonld.rs`).
    JsonLd,
}

impl RdfSyntax {
    /// The oxrdfio format.
    pub fn format(self) -> RdfFormat {
        match self {
            RdfSyntax::Turtle => RdfFormat::Turtle,
            RdfSyntax::NTriples => RdfFormat::NTriples,
            RdfSyntax::NQuads => RdfFormat::NQuads,
            RdfSyntax::TriG => RdfFormat::TriG,
            RdfSyntax::RdfXml => RdfFormat::RdfXml,
            RdfSyntax::JsonLd => RdfFormat::JsonLd { profile: Default::default() },
        }
    }

    /// Whether the syntax keeps named graphs.
    pub fn keeps_graphs(self) -> bool {
        self.format().supports_datasets()
    }
}

/// The quads as the syntax stores them: triple syntaxes hold the default graph only (the
/// background graph is `--background-only`'s export).
pub fn quads_for(syntax: RdfSyntax, quads: Vec<Quad>) -> Vec<Quad> {
    if syntax.keeps_graphs() {
        return quads;
    }
    quads.into_iter().filter(|q| q.graph_name.is_default_graph()).collect()
}

/// The prefixes an export declares: the standard ones, `kgv:` (or the namespace set), and the
/// base's `ent:`, `rel:`, `ev:`, `qty:`, `kgg:` (graphs).
pub fn export_prefixes(base: &str, vocab_namespace: &str) -> Vec<(&'static str, String)> {
    let mut prefixes: Vec<(&str, String)> = vocab::PREFIXES
        .iter()
        .map(|(p, iri)| (*p, if *iri == vocab::KGV { vocab_namespace.to_string() } else { iri.to_string() }))
        .collect();
    prefixes.push(("ent", format!("{base}{}", path::ENTITY)));
    prefixes.push(("rel", format!("{base}{}", path::RELATION)));
    prefixes.push(("ev", format!("{base}{}", path::EVIDENCE)));
    prefixes.push(("qty", format!("{base}{}", path::QUANTITY)));
    prefixes.push(("kgg", format!("{base}graph/")));
    prefixes
}

/// Writes the graph in an RDF syntax. Turtle, TriG and RDF/XML declare the prefixes they use.
pub fn write_rdf(
    kg: &KnowledgeGraph,
    syntax: RdfSyntax,
    options: &RdfOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let quads = quads_for(syntax, rdf_quads(kg, options)?);
    if syntax == RdfSyntax::JsonLd {
        return super::jsonld::write_jsonld(&quads, &options.base_for(kg), options.vocab_namespace(), out);
    }
    let mut serializer = RdfSerializer::from_format(syntax.format());
    // N-Triples and N-Quads write every IRI in full: no need to look for the prefixes in use.
    let writes_prefixes = !matches!(syntax, RdfSyntax::NTriples | RdfSyntax::NQuads);
    let prefixes = export_prefixes(&options.base_for(kg), options.vocab_namespace());
    for (prefix, iri) in prefixes.into_iter().filter(|_| writes_prefixes) {
        if quads.iter().any(|q| uses_namespace(q, &iri)) {
            serializer = serializer.with_prefix(prefix, iri).map_err(|e| ExportError::BadBase(e.to_string()))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    for q in &quads {
        writer.serialize_quad(q)?;
    }
    writer.finish()?;
    Ok(())
}

fn uses_namespace(q: &Quad, namespace: &str) -> bool {
    let starts = |iri: &str| iri.strip_prefix(namespace).is_some_and(is_local_name);
    let subject = matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if starts(n.as_str()));
    let object = match &q.object {
        Term::NamedNode(n) => starts(n.as_str()),
        Term::Literal(l) => starts(l.datatype().as_str()),
        _ => false,
    };
    let graph = matches!(&q.graph_name, GraphName::NamedNode(n) if starts(n.as_str()));
    subject || starts(q.predicate.as_str()) || object || graph
}

/// Whether a prefixed name `p:local` could be written for this local part (no `/`, `#`).
fn is_local_name(local: &str) -> bool {
    !local.is_empty() && !local.contains(['/', '#'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_names_depend_on_the_text_not_the_offsets() {
        let text = "An opening sentence of some length. Japan met Russia. Later Japan met China.";
        let essay: Vec<char> = text.chars().collect();
        let at = |from: usize, quote: &str| {
            let start = text[..].match_indices(quote).map(|(i, _)| i).find(|&i| i >= from).unwrap();
            Evidence { quote: quote.into(), start, end: start + quote.len() }
        };
        let (first, second) = (at(0, "Japan"), at(40, "Japan"));
        let (a, b) = (passage_name(&essay, text, &first), passage_name(&essay, text, &second));
        assert_ne!(a.local, b.local, "two occurrences of one word are two passages");
        assert!(a.local.starts_with("japan-"), "{}", a.local);
        assert_eq!(a.suffix, " met Russia. Lat", "the context that makes it unique");
        // Text inserted far before both moves the offsets, not the names.
        let moved_text = format!("A new first sentence. {text}");
        let moved: Vec<char> = moved_text.chars().collect();
        let shift = "A new first sentence. ".len();
        let first_moved = Evidence { start: first.start + shift, end: first.end + shift, ..first.clone() };
        assert_eq!(passage_name(&moved, &moved_text, &first_moved).local, a.local);
        let unique = at(0, "Later Japan");
        let name = passage_name(&essay, text, &unique);
        assert!(name.prefix.is_empty() && name.suffix.is_empty(), "a unique quote needs no context");
    }

    #[test]
    fn date_literals_use_the_loc_edtf_datatype_for_decades() {
        let d: HistDate = "1850s".parse().unwrap();
        assert_eq!(date_literal(d).datatype().as_str(), "http://id.loc.gov/datatypes/edtf/EDTF");
        assert_eq!(date_literal(d).value(), "185X");
    }
}
