//! The RDF export: the graph as RDF quads built from oxrdf terms, written by the oxigraph family's
//! serializers (oxrdfio) as Turtle, N-Triples, N-Quads, TriG, RDF/XML or JSON-LD.
//!
//! Shape, for each relation: the direct triple (`ent:sakhalin kgv:transferredTo ent:russia`) for
//! simple queries, and a reified `rdf:Statement` (`rel:sakhalin.transferred_to.russia`) that keeps
//! the n-ary fact whole: its treaty (`kgv:under`), place, dates, role, and its evidence, a W3C Web
//! Annotation `oa:SpecificResource` on the essay with a quote and a position selector. What the
//! essay states goes into the named graph `{base}graph/essay`, background knowledge into
//! `{base}graph/background`, the vocabulary into the default graph; triple formats merge them.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::ontology::{class_iri, ontology_quads, property_iri};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Evidence, HistDate, Precision, Provenance, Relation};
use crate::vocab::{self, kgv, ns, path, term};

/// Options of the RDF export.
#[derive(Debug, Clone)]
pub struct RdfOptions {
    /// The base IRI under which entities, relations and evidence are named; ends with `/` or `#`.
    pub base: String,
    /// Whether to include the vocabulary (classes and properties) in the default graph.
    pub ontology: bool,
    /// Whether to include the essay's data (entities, relations, evidence); `false` with
    /// `ontology` exports the vocabulary alone.
    pub data: bool,
}

impl Default for RdfOptions {
    fn default() -> Self {
        RdfOptions { base: vocab::DEFAULT_BASE.to_string(), ontology: true, data: true }
    }
}

/// The IRIs of one export, all under its base.
struct Names {
    base: String,
    essay_graph: GraphName,
    background_graph: GraphName,
}

impl Names {
    fn new(base: &str) -> Result<Self, ExportError> {
        let check = NamedNode::new(base).map_err(|e| ExportError::BadBase(format!("`{base}` is not an IRI: {e}")))?;
        if !(base.ends_with('/') || base.ends_with('#')) {
            return Err(ExportError::BadBase(format!("`{check}` must end with `/` or `#`")));
        }
        let g = |p: &str| GraphName::NamedNode(NamedNode::new_unchecked(format!("{base}{p}")));
        Ok(Names {
            base: base.to_string(),
            essay_graph: g(path::GRAPH_ESSAY),
            background_graph: g(path::GRAPH_BACKGROUND),
        })
    }

    fn iri(&self, path: &str, local: &str) -> NamedNode {
        // Ids are validated lower snake_case (and relation ids dot-joined ids), so always valid.
        NamedNode::new_unchecked(format!("{}{path}{local}", self.base))
    }

    fn entity(&self, id: &str) -> NamedNode {
        self.iri(path::ENTITY, id)
    }

    fn essay(&self) -> NamedNode {
        self.iri(path::ESSAY, "")
    }

    fn passage(&self, e: &Evidence) -> NamedNode {
        self.iri(path::EVIDENCE, &format!("{}-{}", e.start, e.end))
    }

    fn selector(&self, e: &Evidence) -> NamedNode {
        self.iri(path::EVIDENCE, &format!("{}-{}.selector", e.start, e.end))
    }
}

fn en(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "en")
}

/// The typed literal of a date: `xsd:gYear`, `xsd:gYearMonth`, `xsd:date`, or EDTF for a decade.
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

/// Accumulates quads, each passage described once.
struct Builder<'a> {
    names: &'a Names,
    quads: Vec<Quad>,
    passages: BTreeMap<(usize, usize), (Evidence, GraphName)>,
}

impl Builder<'_> {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: impl Into<NamedNode>, o: impl Into<Term>, g: &GraphName) {
        self.quads.push(Quad::new(s, p, o, g.clone()));
    }

    /// The passage's IRI; the passage is described once, after everything else.
    fn passage(&mut self, e: &Evidence, g: &GraphName) -> NamedNode {
        self.passages.entry((e.start, e.end)).or_insert_with(|| (e.clone(), g.clone()));
        self.names.passage(e)
    }

    /// Describes every passage used (source, quote and position), in essay order.
    fn describe_passages(&mut self) {
        let passages = std::mem::take(&mut self.passages);
        for (e, g) in passages.into_values() {
            let iri = self.names.passage(&e);
            let selector = self.names.selector(&e);
            let essay = self.names.essay();
            self.add(iri.clone(), rdf::TYPE, ns(vocab::OA, "SpecificResource"), &g);
            self.add(iri.clone(), ns(vocab::OA, "hasSource"), essay, &g);
            self.add(iri, ns(vocab::OA, "hasSelector"), selector.clone(), &g);
            self.add(selector.clone(), rdf::TYPE, ns(vocab::OA, "TextQuoteSelector"), &g);
            self.add(selector.clone(), rdf::TYPE, ns(vocab::OA, "TextPositionSelector"), &g);
            self.add(selector.clone(), ns(vocab::OA, "exact"), Literal::new_simple_literal(&e.quote), &g);
            self.add(selector.clone(), ns(vocab::OA, "start"), Literal::from(e.start as u64), &g);
            self.add(selector, ns(vocab::OA, "end"), Literal::from(e.end as u64), &g);
        }
    }

    fn entity(&mut self, e: &Entity) {
        let essay = self.names.essay_graph.clone();
        let background = self.names.background_graph.clone();
        let s = self.names.entity(&e.id);
        self.add(s.clone(), rdf::TYPE, class_iri(e.entity_type), &essay);
        self.add(s.clone(), rdfs::LABEL, en(&e.label), &essay);
        for alias in &e.aliases {
            self.add(s.clone(), ns(vocab::SKOS, "altLabel"), en(alias), &essay);
        }
        for alias in &e.shared_aliases {
            self.add(s.clone(), ns(vocab::SKOS, "hiddenLabel"), en(alias), &essay);
        }
        for alias in &e.background_aliases {
            self.add(s.clone(), ns(vocab::SKOS, "altLabel"), en(alias), &background);
        }
        if let Some(q) = &e.wikidata {
            self.add(s.clone(), ns(vocab::OWL, "sameAs"), ns(vocab::WD, q), &background);
        }
        for (p, d) in [(term::DATE, &e.date), (term::START_DATE, &e.start), (term::END_DATE, &e.end)] {
            if let Some(d) = d {
                self.add(s.clone(), kgv(p), date_literal(d.value), &essay);
            }
        }
        let evidence = self.passage(&e.evidence, &essay);
        self.add(s.clone(), kgv(term::EVIDENCE), evidence, &essay);
        for m in &e.mentions {
            let passage = self.passage(m, &essay);
            self.add(s.clone(), kgv(term::MENTION), passage, &essay);
        }
        for n in &e.numbers {
            let q = NamedNode::new_unchecked(format!("{}/{}", s.as_str(), n.property));
            self.add(s.clone(), kgv(term::QUANTITY), q.clone(), &essay);
            self.add(q.clone(), rdf::TYPE, kgv(term::QUANTITY_CLASS), &essay);
            self.add(q.clone(), kgv(term::PROPERTY), Literal::new_simple_literal(&n.property), &essay);
            self.add(q.clone(), rdf::VALUE, Literal::new_typed_literal(n.value.to_string(), xsd::INTEGER), &essay);
            if let Some(unit) = &n.unit {
                self.add(q.clone(), kgv(term::UNIT), en(unit), &essay);
            }
            let passage = self.passage(&n.evidence, &essay);
            self.add(q, kgv(term::EVIDENCE), passage, &essay);
        }
        if let Some(note) = &e.note {
            self.add(s, ns(vocab::SKOS, "editorialNote"), en(note), &essay);
        }
    }

    fn relation(&mut self, r: &Relation) {
        let g = if r.is_stated() { self.names.essay_graph.clone() } else { self.names.background_graph.clone() };
        let (s, p, o) = (self.names.entity(&r.subject), property_iri(r.kind), self.names.entity(&r.object));
        self.add(s.clone(), p.clone(), o.clone(), &g);
        let st = self.names.iri(path::RELATION, &r.id);
        self.add(st.clone(), rdf::TYPE, rdf::STATEMENT, &g);
        self.add(st.clone(), rdf::TYPE, kgv(term::ASSERTION), &g);
        self.add(st.clone(), rdf::SUBJECT, s, &g);
        self.add(st.clone(), rdf::PREDICATE, p, &g);
        self.add(st.clone(), rdf::OBJECT, o, &g);
        let q = &r.qualifiers;
        if let Some(under) = &q.under {
            self.add(st.clone(), kgv(term::UNDER), self.names.entity(under), &g);
        }
        if let Some(place) = &q.place {
            self.add(st.clone(), kgv(term::PLACE), self.names.entity(place), &g);
        }
        for (p, d) in [(term::DATE, q.date), (term::START_DATE, q.start), (term::END_DATE, q.end)] {
            if let Some(d) = d {
                self.add(st.clone(), kgv(p), date_literal(d), &g);
            }
        }
        if let Some(role) = &q.role {
            self.add(st.clone(), kgv(term::ROLE), en(role), &g);
        }
        match &r.provenance {
            Provenance::Essay(e) => {
                let passage = self.passage(e, &g);
                self.add(st.clone(), ns(vocab::PROV, "wasDerivedFrom"), passage, &g);
            }
            Provenance::Background { basis, context } => {
                self.add(st.clone(), kgv(term::BASIS), en(basis), &g);
                if let Some(c) = context {
                    let essay = self.names.essay_graph.clone();
                    let passage = self.passage(c, &essay);
                    self.add(st.clone(), rdfs::SEE_ALSO, passage, &g);
                }
            }
        }
        if let Some(note) = &r.note {
            self.add(st, ns(vocab::SKOS, "editorialNote"), en(note), &g);
        }
    }
}

/// The graph as RDF quads, in a stable order: vocabulary, essay, entities by id, relations by id,
/// then the passages of the essay they cite, in essay order.
///
/// # Errors
/// [`ExportError::BadBase`] when `options.base` is not an absolute IRI ending in `/` or `#`.
pub fn rdf_quads(kg: &KnowledgeGraph, options: &RdfOptions) -> Result<Vec<Quad>, ExportError> {
    let names = Names::new(&options.base)?;
    let mut b = Builder { names: &names, quads: Vec::new(), passages: BTreeMap::new() };
    if options.ontology {
        b.quads.extend(ontology_quads());
    }
    if !options.data {
        return Ok(b.quads);
    }
    let essay = names.essay();
    let g = names.essay_graph.clone();
    b.add(essay.clone(), rdf::TYPE, kgv(term::ESSAY), &g);
    b.add(essay.clone(), ns(vocab::DCTERMS, "title"), en(&kg.data().title), &g);
    b.add(essay, ns(vocab::SCHEMA, "text"), Literal::new_simple_literal(&kg.data().essay), &g);
    for e in kg.entities() {
        b.entity(e);
    }
    for r in kg.relations() {
        b.relation(r);
    }
    b.describe_passages();
    Ok(b.quads)
}

/// The RDF syntaxes `kg export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfSyntax {
    /// Turtle (triples; graphs merged).
    Turtle,
    /// N-Triples (triples; graphs merged).
    NTriples,
    /// N-Quads (with named graphs).
    NQuads,
    /// TriG (with named graphs).
    TriG,
    /// RDF/XML (triples; graphs merged).
    RdfXml,
    /// JSON-LD (with named graphs).
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

/// The quads as the syntax stores them: named graphs merged into the default graph (without
/// repeats) for triple syntaxes.
pub fn quads_for(syntax: RdfSyntax, quads: Vec<Quad>) -> Vec<Quad> {
    if syntax.keeps_graphs() {
        return quads;
    }
    let merged: Vec<Quad> =
        quads.into_iter().map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)).collect();
    // First occurrences, found by reference: no quad is cloned.
    let keep: Vec<bool> = {
        let mut seen = HashSet::with_capacity(merged.len());
        merged.iter().map(|q| seen.insert(q)).collect()
    };
    merged.into_iter().zip(keep).filter_map(|(q, keep)| keep.then_some(q)).collect()
}

/// Writes the graph in an RDF syntax. Turtle, TriG and RDF/XML declare the prefixes they use.
pub fn write_rdf(
    kg: &KnowledgeGraph,
    syntax: RdfSyntax,
    options: &RdfOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let quads = quads_for(syntax, rdf_quads(kg, options)?);
    let mut serializer = RdfSerializer::from_format(syntax.format());
    let mut prefixes: Vec<(&str, String)> = vocab::PREFIXES.iter().map(|(p, iri)| (*p, iri.to_string())).collect();
    prefixes.push(("ent", format!("{}{}", options.base, path::ENTITY)));
    prefixes.push(("rel", format!("{}{}", options.base, path::RELATION)));
    prefixes.push(("ev", format!("{}{}", options.base, path::EVIDENCE)));
    // N-Triples and N-Quads write every IRI in full: no need to look for the prefixes in use.
    let writes_prefixes = !matches!(syntax, RdfSyntax::NTriples | RdfSyntax::NQuads);
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
