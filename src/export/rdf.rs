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

use std::fmt::Write as _;
use std::io::Write;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{
    BlankNodeRef, GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef,
    Quad, QuadRef, Term, TermRef,
};
use oxrdfio::RdfFormat;

use super::flat::{first_byte, touch_batch};
use super::ontology::{class_iri, ontology_quads, property_iri};
use super::rdf_stored::StoredStream;
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityType, Evidence, HistDate, Precision, Provenance, RelationKind};
use crate::passage_names::{
    cited_passages_placed, compute_passage_names_into, fnv1a, passage_names, CitedNames, NameRef, PassageNames,
};
use crate::vocab::{self, path, term};

/// `{namespace}{local}` of two constant strings (a vocabulary's term), joined once for the
/// process and borrowed by every triple after: a subject's predicates and classes are no longer
/// copied into its buffer triple by triple.
macro_rules! joined {
    ($namespace:expr, $local:expr) => {{
        static JOINED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| vocab::concat(&[$namespace, $local]));
        Text::Borrowed(JOINED.as_str())
    }};
}

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

    /// Whether these are the default options (`kg export` without `--base`, `--vocab`,
    /// `--background-only` or `--no-ontology`): the only ones the built-in essay's stored stream
    /// was made with (`rdf_stored.rs`).
    pub(crate) fn is_default(&self) -> bool {
        let RdfOptions { base, vocab, ontology, data, only_background } = self;
        base.is_none() && vocab.is_none() && *ontology && *data && !*only_background
    }

    /// Checks the base and the vocabulary namespace, as every export does before it writes.
    ///
    /// # Errors
    /// [`ExportError::BadBase`] when either is not an absolute IRI.
    pub fn check(&self, kg: &KnowledgeGraph) -> Result<(), ExportError> {
        check_namespace("base", &self.base_for(kg))?;
        check_namespace("vocabulary namespace", self.vocab_namespace())
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

#[cfg(test)]
fn passage_name(text: &str, e: &Evidence) -> crate::passage_names::PassageName {
    crate::passage_names::compute_passage_names(text, &[e]).remove(0)
}

/// The IRIs of one export, all under its base (ids are validated lower snake_case, relation
/// locals dot-joined ids and hex, the base an absolute IRI: every IRI made from them is valid).
struct Names {
    base: String,
    /// The background graph's IRI.
    background: String,
}

/// Relation IRI local names, in relation order: `subject.kind.object.` and a hash of what the
/// relation says beyond that (its evidence or basis, and its qualifiers), so that adding,
/// removing or reordering other relations never renames one. Identical relations (a data error
/// the loader allows) get `.2`, `.3` by id order.
///
/// Written into `out`, each followed by `>` (as a subject's local name is in
/// [`RdfStream::locals`], where a relation's part then finds it without a copy of its own);
/// returns where each starts and ends (before its `>`).
///
/// From `touch_from` relations, each batch of [`TOUCH_BATCH`] relations' passage names is read
/// ahead (as [`touch_batch`] does): the names are in name order, the relations in id order, so each
/// relation's passage and its name (`passage_local`) lie at random (at 1M relations ~1M names
/// in a ~0.2 GB buffer), and read one relation at a time each waits for memory in turn.
fn relation_locals<'p>(
    kg: &'p KnowledgeGraph,
    passage_local: impl Fn(usize) -> &'p str,
    out: &mut String,
    touch_from: usize,
) -> Vec<(u32, u32)> {
    let mut ranges = Vec::with_capacity(kg.relations().len());
    let mut dates = [String::new(), String::new(), String::new()];
    let relations = kg.relations();
    let touching = relations.len() >= touch_from;
    for (i, r) in relations.iter().enumerate() {
        if touching && i % TOUCH_BATCH == 0 {
            touch_batch(i..(i + TOUCH_BATCH).min(relations.len()), |j| {
                let r = &relations[j];
                let ends = first_byte(&r.subject).wrapping_add(first_byte(&r.object));
                match &r.provenance {
                    Provenance::Essay(_) => {
                        let local = passage_local(j);
                        let last = local.as_bytes().last().map_or(0, |&b| usize::from(b));
                        ends.wrapping_add(first_byte(local)).wrapping_add(last)
                    }
                    Provenance::Background { .. } => ends,
                }
            });
        }
        let q = &r.qualifiers;
        for (written, date) in dates.iter_mut().zip([q.date, q.start, q.end]) {
            written.clear();
            if let Some(date) = date {
                let _ = write!(written, "{date}");
            }
        }
        let evidence = match &r.provenance {
            Provenance::Essay(_) => passage_local(i),
            Provenance::Background { basis, .. } => basis.as_str(),
        };
        let hash = fnv1a(&[
            evidence,
            q.under.as_deref().unwrap_or(""),
            q.place.as_deref().unwrap_or(""),
            &dates[0],
            &dates[1],
            &dates[2],
            q.role.as_deref().unwrap_or(""),
        ]);
        let from = out.len() as u32;
        for part in [&r.subject, ".", r.kind.name(), ".", &r.object, "."] {
            out.push_str(part);
        }
        let _ = write!(out, "{:08x}", hash >> 32);
        ranges.push((from, out.len() as u32));
        out.push('>');
    }
    // Ids hold no dot, so a local name made here has three and a renamed one four: the k-th of
    // identical names becomes `{name}.k`, taking no other's name. An id with a dot (never in
    // loaded data) could make `{name}.2` another relation's own name: then the set of names
    // taken so far decides, as it always did.
    let plain = kg.relations().iter().all(|r| !r.subject.contains('.') && !r.object.contains('.'));
    rename(out, &mut ranges, plain);
    ranges
}

/// Renames repeated names (`out[range]`): by sorting their hashes when `plain` (no name made
/// with a dot in an id), else by the set of names taken so far.
fn rename(out: &mut String, ranges: &mut [(u32, u32)], plain: bool) {
    match plain {
        true => rename_repeats(out, ranges),
        false => {
            let names: Vec<String> = ranges.iter().map(|&(a, b)| out[a as usize..b as usize].to_string()).collect();
            for (range, name) in ranges.iter_mut().zip(rename_repeats_by_set(names)) {
                *range = append_local(out, &name);
            }
        }
    }
}

/// Appends `local` and its `>` to `out`; where it starts and ends (before the `>`).
fn append_local(out: &mut String, local: &str) -> (u32, u32) {
    let from = out.len() as u32;
    out.push_str(local);
    let to = out.len() as u32;
    out.push('>');
    (from, to)
}

/// Gives the k-th of identical names (`out[range]`, in order) the name `{name}.k` (appended to
/// `out`), found by sorting their hashes: O(n log n), no copy of a name unless repeated.
fn rename_repeats(out: &mut String, ranges: &mut [(u32, u32)]) {
    let name = |out: &str, (a, b): (u32, u32)| out[a as usize..b as usize].to_string();
    let mut keyed: Vec<(u64, u32)> =
        ranges.iter().enumerate().map(|(i, &(a, b))| (fnv1a(&[&out[a as usize..b as usize]]), i as u32)).collect();
    keyed.sort_unstable();
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // One hash, perhaps several names: each name's relations in order.
        let mut left: Vec<u32> = run.iter().map(|k| k.1).collect();
        while let Some(&first) = left.first() {
            let first_name = name(out, ranges[first as usize]);
            let (same, other): (Vec<u32>, Vec<u32>) =
                left.iter().partition(|&&i| name(out, ranges[i as usize]) == first_name);
            for (k, &i) in same.iter().enumerate().skip(1) {
                ranges[i as usize] = append_local(out, &format!("{first_name}.{}", k + 1));
            }
            left = other;
        }
    }
}

/// A citation as [`RdfStream::add_data`] lists them: the passage and, unless it is a background
/// relation's context, why and what cites it.
type Citation<'a> = (&'a Evidence, Option<(Motivation, Body)>);

/// Every citation of a passage in `kg`, in the order the export lists them (each entity's: its
/// dates' evidence, its evidence, its mentions, its numbers' evidence; then each relation's: its
/// evidence or its context; `passage_names::citations`' order), with where each entity's start
/// (and one past the last's) and each relation's (`u32::MAX`: none).
fn citations(kg: &KnowledgeGraph) -> (Vec<Citation<'_>>, Vec<u32>, Vec<u32>) {
    let mut cited: Vec<Citation<'_>> = Vec::new();
    let mut entity_cited = Vec::with_capacity(kg.entities().len() + 1);
    let mut relation_cited = Vec::with_capacity(kg.relations().len());
    for (i, e) in kg.entities().iter().enumerate() {
        entity_cited.push(cited.len() as u32);
        let i = i as u32;
        for d in [&e.date, &e.start, &e.end].into_iter().flatten() {
            cited.push((&d.evidence, Some((Motivation::Describing, Body::Entity(i)))));
        }
        for m in std::iter::once(&e.evidence).chain(&e.mentions) {
            cited.push((m, Some((Motivation::Identifying, Body::Entity(i)))));
        }
        for (n, number) in e.numbers.iter().enumerate() {
            cited.push((&number.evidence, Some((Motivation::Describing, Body::Quantity(i, n as u32)))));
        }
    }
    entity_cited.push(cited.len() as u32);
    for (i, r) in kg.relations().iter().enumerate() {
        relation_cited.push(match &r.provenance {
            Provenance::Background { context: None, .. } => u32::MAX,
            _ => cited.len() as u32,
        });
        match &r.provenance {
            Provenance::Essay(e) => cited.push((e, Some((Motivation::Describing, Body::Statement(i as u32))))),
            Provenance::Background { context: Some(c), .. } => cited.push((c, None)),
            Provenance::Background { context: None, .. } => {}
        }
    }
    (cited, entity_cited, relation_cited)
}

/// The passages `cited` cites (one per offsets, its first citation's evidence, in the order
/// first cited) with their names among `known` (`u32::MAX` for those it does not name), each
/// citation's passage, what cites them (passage, why, what) and the passages `known` does not
/// name. With `placed` and `known` holding each citation's passage ([`CitedNames::placed`],
/// made with the names for these very citations), a citation's passage is found by its place;
/// else by a table of the offsets hashed and the names then searched ([`CitedNames::find_each`]):
/// the same passages, names and citations either way.
#[allow(clippy::type_complexity)]
fn place_citations<'a>(
    known: &CitedNames,
    cited: Vec<Citation<'a>>,
    placed: bool,
) -> (Vec<Passage<'a>>, Vec<u32>, Vec<(u32, Motivation, Body)>, Vec<usize>) {
    let mut passages: Vec<Passage<'a>> = Vec::with_capacity(known.len());
    let mut bodies: Vec<(u32, Motivation, Body)> = Vec::with_capacity(cited.len());
    let mut citations: Vec<u32> = Vec::with_capacity(cited.len());
    let mut missing = Vec::new();
    if placed && known.placed().len() == cited.len() {
        // Each named passage's place among the passages once cited (`u32::MAX`: not yet).
        let mut first = vec![u32::MAX; known.len()];
        for ((e, body), &k) in cited.into_iter().zip(known.placed()) {
            let slot = &mut first[k as usize];
            if *slot == u32::MAX {
                *slot = passages.len() as u32;
                let name = known.find_placed(k as usize, e);
                if name.is_none() {
                    missing.push(passages.len());
                }
                passages.push(Passage { evidence: e, name: name.unwrap_or(u32::MAX), bodies: 0 });
            }
            let p = *slot;
            citations.push(p);
            if let Some((m, body)) = body {
                bodies.push((p, m, body));
            }
        }
        passages.shrink_to_fit();
        return (passages, citations, bodies, missing);
    }
    // A passage per offsets (the first citation's evidence), sized for the named ones.
    let mut first: foldhash::HashMap<(usize, usize), u32> =
        foldhash::HashMap::with_capacity_and_hasher(known.len(), Default::default());
    for (e, body) in cited {
        let next = passages.len() as u32;
        let p = *first.entry((e.start, e.end)).or_insert(next);
        if p == next {
            passages.push(Passage { evidence: e, name: 0, bodies: 0 });
        }
        citations.push(p);
        if let Some((m, body)) = body {
            bodies.push((p, m, body));
        }
    }
    drop(first);
    passages.shrink_to_fit();
    let evidence: Vec<&Evidence> = passages.iter().map(|p| p.evidence).collect();
    let names = known.find_each(&evidence);
    drop(evidence);
    for (i, (p, name)) in passages.iter_mut().zip(names).enumerate() {
        match name {
            Some(k) => p.name = k,
            None => {
                p.name = u32::MAX;
                missing.push(i);
            }
        }
    }
    (passages, citations, bodies, missing)
}

/// The renaming as it was: the names taken so far in a set, each name whose natural name is
/// taken given the first `{name}.n` (n from 2) not taken. The reference of [`rename_repeats`],
/// and what [`relation_locals`] uses for ids with dots.
fn rename_repeats_by_set(names: Vec<String>) -> Vec<String> {
    let mut taken: foldhash::HashSet<String> = Default::default();
    let mut out = Vec::with_capacity(names.len());
    for mut local in names {
        if taken.contains(&local) {
            let stem = local.clone();
            let mut n = 1;
            while taken.contains(&local) {
                n += 1;
                local = format!("{stem}.{n}");
            }
        }
        taken.insert(local.clone());
        out.push(local);
    }
    out
}

/// No names: the stored stream's (which names nothing at run time) until it is generated.
static EMPTY_NAMES: std::sync::OnceLock<CitedNames> = std::sync::OnceLock::new();

/// Every passage `kg` cites, named and sorted by offsets: the names are a search of the essay for
/// each passage's narrowest unique context (`passage_names.rs`, most of an export's work at
/// scale), made by the first RDF export of a graph and kept with it, so that `export --all`, a
/// SPARQL query after an export or a benchmark's repeated runs pay for them once. The built-in
/// essay's were made when the crate was built.
pub(crate) fn cited_passage_names(kg: &KnowledgeGraph) -> &CitedNames {
    kg.passage_names.get_or_init(|| {
        let data = kg.data();
        let (marked, placed) = cited_passages_placed(data);
        let cited: Vec<&Evidence> = marked.iter().map(|m| m.0).collect();
        let names = passage_names(&data.essay, &cited, crate::builtin::passage_names());
        drop(cited);
        CitedNames::new(&marked, names).with_placed(placed)
    })
}

/// The IRI of the entity `id` under `base`, as the RDF export names it; other exports (JSON,
/// CSV, GEXF, GraphML, Cytoscape) carry it so that a node can be looked up in a triple store.
pub(crate) fn entity_iri(base: &str, id: &str) -> Result<String, ExportError> {
    check_namespace("base", base)?;
    Ok(entity_iri_unchecked(base, id))
}

/// `{base}entity/{id}`: the one place an entity's IRI is built, for a base already checked.
pub(crate) fn entity_iri_unchecked(base: &str, id: &str) -> String {
    vocab::concat(&[base, path::ENTITY, id])
}

/// Why a passage is cited, which decides the Web Annotation's motivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Motivation {
    /// It names an entity.
    Identifying,
    /// It states a relation, a date or a number.
    Describing,
}

/// What a passage is evidence for (an `oa:hasBody`), by index into the graph.
#[derive(Debug, Clone, Copy)]
enum Body {
    Entity(u32),
    Quantity(u32, u32),
    Statement(u32),
}

/// One citation of a passage, kept by the passage ([`RdfStream::bodies`]): why and what, in 12
/// bytes (the passage's index, by which they were grouped, dropped; at 1M relations a
/// `(u32, Motivation, Body)` of 20 bytes for each of ~3M citations stood on the export's peak).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cites {
    motivation: Motivation,
    /// [`Body`]'s variant: 0 entity, 1 quantity, 2 statement; `a`, `b` its numbers.
    kind: u8,
    a: u32,
    b: u32,
}

impl Cites {
    fn new(motivation: Motivation, body: Body) -> Self {
        let (kind, a, b) = match body {
            Body::Entity(e) => (0, e, 0),
            Body::Quantity(e, n) => (1, e, n),
            Body::Statement(r) => (2, r, 0),
        };
        Cites { motivation, kind, a, b }
    }

    fn body(self) -> Body {
        match self.kind {
            0 => Body::Entity(self.a),
            1 => Body::Quantity(self.a, self.b),
            _ => Body::Statement(self.a),
        }
    }
}

/// A passage of the essay that something cites, with its name and what cites it: 16 bytes, the
/// name and the citations kept apart ([`RdfStream::name`], [`RdfStream::bodies`]; at 1M
/// relations an owned name and a vector of citations in each of 1.5M passages took ~230 MB).
#[derive(Clone, Copy)]
struct Passage<'a> {
    evidence: &'a Evidence,
    /// Its name: `known[name]`'s (the graph's named passages, [`cited_passage_names`]), or past
    /// them one of `computed`.
    name: u32,
    /// Where its citations start in `bodies` (they end where the next passage's start).
    bodies: u32,
}

/// The subjects a passage is described by.
#[derive(Debug, Clone, Copy)]
enum PassagePart {
    Resource,
    Quote,
    Position,
    Annotation(Motivation),
}

/// Where one subject's triples come from. Several parts can share a subject (two numbers with
/// one property); they are generated into one group.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// The vocabulary's triples about one subject: a range of the ontology's quads.
    Ontology(u32, u32),
    Essay,
    Dataset,
    /// The background graph's description, in the default graph.
    BackgroundGraph,
    /// An entity's stated triples, with the direct triples of the stated relations it is the
    /// subject of.
    Entity(u32),
    /// An entity's background triples (aliases, Wikidata), with the direct triples of the
    /// background relations it is the subject of.
    EntityBackground(u32),
    /// The direct triple of a relation whose subject is no entity (never for loaded data).
    Direct(u32),
    Quantity(u32, u32),
    Statement(u32),
    Passage(u32, PassagePart),
    /// All of a passage's subjects (its annotations, `.position`, `.quote` and itself), which
    /// follow one another in the output: one part instead of up to five, kept only when
    /// [`RdfStream::passages_apart`] finds no other subject among them (else
    /// [`RdfStream::expand_passages`] puts the five back).
    Passages(u32),
}

/// How many parts [`RdfStream::touch`] reads ahead of their generation, together.
const TOUCH_BATCH: usize = super::flat::TOUCH_BATCH;

/// From how many parts a walk touches them ahead: a smaller graph's parts are in the caches
/// already (the essay's ~3,000 parts), where the touch would only add instructions.
const TOUCH_FROM: usize = super::flat::TOUCH_FROM;

/// No entity, in [`RdfStream::relation_ends`] (entity indices are `u32`s below it: a graph has
/// fewer entities than relations' worth of parts, which are counted in `u32`s).
const NO_ENTITY: u32 = u32::MAX;

/// The stems [`RdfStream::add_stems`] registers, by index.
const ENTITY_STEM: u8 = 1;
const RELATION_STEM: u8 = 2;
const EVIDENCE_STEM: u8 = 3;
const QUANTITY_STEM: u8 = 4;

/// One part in the output: its graph (0 default, 1 background), its subject (a stem and a local
/// name, see [`RdfStream::subject_order`]) and what generates it ([`Part`], packed), in 24
/// bytes (at 1M relations ~2.8M parts of 32 bytes took ~88 MB at the export's peak).
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The local name's first 8 bytes with its closing `>`, big-endian, zero-padded: most
    /// comparisons end here.
    head: u64,
    /// Where the local name starts in `locals`; or [`PASSAGE_NAME`].
    from: u32,
    /// The part's numbers ([`Slot::part`]).
    a: u32,
    b: u32,
    /// The local name's length with its `>`, or [`LONG_LOCAL`] (then it ends at its `>`).
    len: u16,
    /// The graph in the top bit, the stem below.
    graph_stem: u8,
    /// The part's variant ([`Slot::part`]).
    kind: u8,
}

/// [`Slot::len`] of a local name of 65,535 bytes or more (a long `--vocab` namespace).
const LONG_LOCAL: u16 = u16::MAX;

/// [`Slot::kind`] of [`Part::Ontology`] and [`Part::Passages`].
const ONTOLOGY_KIND: u8 = 0;
const PASSAGES_KIND: u8 = 10;

impl Slot {
    fn new(graph: u8, stem: u8, head: u64, from: u32, len: usize, part: Part) -> Slot {
        debug_assert!(graph < 2 && stem < 0x80);
        let len = u16::try_from(len).ok().filter(|&n| n != LONG_LOCAL).unwrap_or(LONG_LOCAL);
        Slot { head, from, a: 0, b: 0, len, graph_stem: graph << 7 | stem, kind: 0 }.with_part(part)
    }

    /// The same subject, generated from `part`.
    fn with_part(self, part: Part) -> Slot {
        let (kind, a, b) = match part {
            Part::Ontology(from, to) => (ONTOLOGY_KIND, from, to),
            Part::Essay => (1, 0, 0),
            Part::Dataset => (2, 0, 0),
            Part::BackgroundGraph => (3, 0, 0),
            Part::Entity(i) => (4, i, 0),
            Part::EntityBackground(i) => (5, i, 0),
            Part::Direct(i) => (6, i, 0),
            Part::Quantity(e, n) => (7, e, n),
            Part::Statement(i) => (8, i, 0),
            Part::Passage(i, sub) => (
                9,
                i,
                match sub {
                    PassagePart::Resource => 0,
                    PassagePart::Quote => 1,
                    PassagePart::Position => 2,
                    PassagePart::Annotation(Motivation::Identifying) => 3,
                    PassagePart::Annotation(Motivation::Describing) => 4,
                },
            ),
            Part::Passages(i) => (PASSAGES_KIND, i, 0),
        };
        Slot { kind, a, b, ..self }
    }

    /// What generates the part.
    fn part(&self) -> Part {
        let (a, b) = (self.a, self.b);
        match self.kind {
            ONTOLOGY_KIND => Part::Ontology(a, b),
            1 => Part::Essay,
            2 => Part::Dataset,
            3 => Part::BackgroundGraph,
            4 => Part::Entity(a),
            5 => Part::EntityBackground(a),
            6 => Part::Direct(a),
            7 => Part::Quantity(a, b),
            8 => Part::Statement(a),
            9 => Part::Passage(
                a,
                match b {
                    0 => PassagePart::Resource,
                    1 => PassagePart::Quote,
                    2 => PassagePart::Position,
                    3 => PassagePart::Annotation(Motivation::Identifying),
                    _ => PassagePart::Annotation(Motivation::Describing),
                },
            ),
            _ => Part::Passages(a),
        }
    }

    /// 0 for the default graph, 1 for the background graph.
    fn graph(&self) -> u8 {
        self.graph_stem >> 7
    }

    /// The stem, an index into [`RdfStream::stems`].
    fn stem(&self) -> u8 {
        self.graph_stem & 0x7f
    }
}

/// [`Slot::from`] and `Slot::to` of a [`Part::Passages`] whose local name is its passage's
/// name where the graph keeps it ([`RdfStream::name`]), not copied into `locals` (at 1M
/// relations ~1.5M names, ~51 MB at the export's peak).
const PASSAGE_NAME: u32 = u32::MAX;

/// The first 8 bytes of `open` followed by `>`, big-endian, zero-padded ([`Slot::head`]).
fn closed_head(open: &[u8]) -> u64 {
    let mut head = [0; 8];
    let n = open.len().min(8);
    head[..n].copy_from_slice(&open[..n]);
    if n < 8 {
        head[n] = b'>';
    }
    u64::from_be_bytes(head)
}

/// Graphs of at least this many relations hand the memory freed in the allocator back to the
/// system before their parts are added ([`release_freed_memory`]): one walk of the heap, worth it
/// only where the parts are large.
const RELEASE_FROM_RELATIONS: usize = 1 << 16;

/// Hands the memory freed in the allocator's arenas back to the system (glibc's `malloc_trim`;
/// elsewhere nothing). At 1M relations the naming of the passages leaves ~140 MB free but
/// resident, under the export's peak, which comes while the parts are added. Declared here, not
/// through `libc`, because `build.rs` compiles this file without it.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: glibc's `malloc_trim` only returns free memory to the system; no allocation
        // is touched, and it takes the allocator's own locks.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Rewrites the vocabulary namespace (`kgv:`) to another.
struct VocabRewrite {
    namespace: String,
    document: String,
}

impl VocabRewrite {
    fn iri<'s>(&self, iri: &'s str) -> std::borrow::Cow<'s, str> {
        if let Some(local) = iri.strip_prefix(vocab::KGV) {
            format!("{}{local}", self.namespace).into()
        } else if iri == vocab::KGV_ONTOLOGY {
            self.document.clone().into()
        } else {
            iri.into()
        }
    }

    fn node(&self, n: &mut NamedNode) {
        if let std::borrow::Cow::Owned(new) = self.iri(n.as_str()) {
            *n = NamedNode::new_unchecked(new);
        }
    }

    fn quad(&self, q: &mut Quad) {
        if let NamedOrBlankNode::NamedNode(n) = &mut q.subject {
            self.node(n);
        }
        self.node(&mut q.predicate);
        match &mut q.object {
            Term::NamedNode(n) => self.node(n),
            Term::Literal(l) if l.value() == vocab::KGV => *l = Literal::new_simple_literal(&self.namespace),
            _ => {}
        }
    }
}

/// Orders one subject's triples: `rdf:type` first, then by predicate and object (as N-Triples
/// writes them; the object is written out only to break a tie).
fn in_subject_order(a: QuadRef<'_>, b: QuadRef<'_>) -> std::cmp::Ordering {
    fn key(q: QuadRef<'_>) -> (bool, &str) {
        (q.predicate != rdf::TYPE, q.predicate.as_str())
    }
    key(a).cmp(&key(b)).then_with(|| in_written_order(a.object, b.object))
}

/// Orders terms as their N-Triples forms would sort, without writing them out (but for blank
/// nodes and literals that need escaping).
fn in_written_order(a: TermRef<'_>, b: TermRef<'_>) -> std::cmp::Ordering {
    use std::iter::once;
    match (a, b) {
        // `<iri>`: the opening brackets are equal.
        (TermRef::NamedNode(a), TermRef::NamedNode(b)) => closed_order(a.as_str(), b.as_str(), b'>'),
        (TermRef::Literal(a), TermRef::Literal(b)) if !needs_escape(a.value()) && !needs_escape(b.value()) => {
            // `"value"` and its suffix (the opening quotes are equal).
            fn suffix(l: LiteralRef<'_>) -> [&str; 3] {
                match l.language() {
                    Some(language) => ["@", language, ""],
                    None if l.datatype() == xsd::STRING => ["", "", ""],
                    None => ["^^<", l.datatype().as_str(), ">"],
                }
            }
            fn written(l: LiteralRef<'_>) -> impl Iterator<Item = u8> + '_ {
                let [x, y, z] = suffix(l);
                l.value().bytes().chain(once(b'"')).chain(x.bytes()).chain(y.bytes()).chain(z.bytes())
            }
            if a.value() != b.value() && !a.value().starts_with(b.value()) && !b.value().starts_with(a.value()) {
                a.value().cmp(b.value())
            } else {
                written(a).cmp(written(b))
            }
        }
        (TermRef::Literal(_), TermRef::NamedNode(_)) => std::cmp::Ordering::Less,
        (TermRef::NamedNode(_), TermRef::Literal(_)) => std::cmp::Ordering::Greater,
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// Orders `a` and `b` each followed by `close`, as slices (a byte-wise comparison of the chained
/// iterators cost most of a subject's sort).
fn closed_order(a: &str, b: &str, close: u8) -> std::cmp::Ordering {
    closed_bytes_order(a.as_bytes(), b.as_bytes(), close)
}

/// [`closed_order`] of bytes.
fn closed_bytes_order(a: &[u8], b: &[u8], close: u8) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| match (a.get(n), b.get(n)) {
        (Some(&x), _) => x.cmp(&close).then(std::cmp::Ordering::Greater),
        (_, Some(&y)) => close.cmp(&y).then(std::cmp::Ordering::Less),
        (None, None) => std::cmp::Ordering::Equal,
    })
}

/// Whether oxrdf may escape something in this literal value (see [`quoted`]; true for some
/// characters it writes as they are, U+F000 to U+FFFD).
fn needs_escape(value: &str) -> bool {
    value.bytes().any(|b| ESCAPES[usize::from(b)] != 0)
}

/// The graph's RDF, generated one subject at a time in output order (default graph first, then
/// by graph, subject, predicate with `rdf:type` first, and object), each triple once.
///
/// Only an index is kept: one small part per subject (its IRI and what to generate it from) and
/// the passages' names. The triples of a subject are generated when it is written and dropped
/// after, so an export holds the triples of one subject at a time, never the whole dataset.
/// Construction counts the triples of each graph (the dataset description states them).
///
/// # Complexity
/// O(T log S) time for T triples and S subjects; memory O(S) for the index beyond the graph.
pub(crate) struct RdfStream<'a> {
    kg: &'a KnowledgeGraph,
    names: Names,
    ontology: Vec<Quad>,
    passages: Vec<Passage<'a>>,
    /// The graph's named passages, which the passages' names index.
    known: &'a CitedNames,
    /// The names of passages not among `known` (never, for a graph's own passages).
    computed: PassageNames,
    /// What cites each passage: (passage, why, what), grouped by passage.
    bodies: Vec<Cites>,
    /// The passage of each citation, in the order [`Self::add_data`] lists them: each entity's
    /// (its dates' evidence, its evidence, its mentions, its numbers' evidence) from
    /// `entity_cited[i]`, then each relation's (its evidence or its context) at
    /// `relation_cited[i]` (`u32::MAX`: none). Looked up by place instead of hashed offsets.
    cited: Vec<u32>,
    entity_cited: Vec<u32>,
    relation_cited: Vec<u32>,
    /// Each relation's local name: where it lies in `locals` (its `>` after it).
    relation_locals: Vec<(u32, u32)>,
    /// Each relation's subject and object, by index into the entities (`NO_ENTITY`: no such
    /// entity): [`Self::relation_ends`].
    relation_ends: Vec<[u32; 2]>,
    /// The relations whose subject is each entity, in relation order: entity `i`'s are
    /// `subject_relations[subject_starts[i]..subject_starts[i + 1]]` (one vector for all: at 1M
    /// relations a vector per entity took ~25 MB).
    subject_relations: Vec<u32>,
    subject_starts: Vec<u32>,
    /// The property IRI of each relation kind, by `RelationKind as usize`.
    properties: Vec<String>,
    /// The class IRI of each entity type, by `EntityType as usize`.
    classes: Vec<String>,
    /// Every part, in output order: its graph, its subject and what generates it.
    parts: Vec<Slot>,
    /// The subjects' local names (`Slot::local`), one after the other with their closing `>`.
    locals: String,
    /// The stems subjects are made of (`<{base}entity/`, ...); `Slot::stem` 0 is the empty stem
    /// of a subject written whole in `locals`.
    stems: Vec<String>,
    /// Each stem's place in byte order (stems other than the empty one are prefix-free).
    stem_rank: Vec<u8>,
    rewrite: Option<VocabRewrite>,
    only_background: bool,
    /// Triples in the default graph and in the background graph.
    counts: (usize, usize),
    /// The built-in essay's stream as `build.rs` made it, lent in place of generating one (the
    /// index above is then empty): `rdf_stored.rs`.
    stored: Option<&'static StoredStream<'static>>,
}

impl<'a> RdfStream<'a> {
    /// Prepares the export of `kg` and counts its triples.
    ///
    /// # Errors
    /// [`ExportError::BadBase`] when `options.base` or `options.vocab` is not an absolute IRI.
    pub(crate) fn new(kg: &'a KnowledgeGraph, options: &RdfOptions) -> Result<Self, ExportError> {
        // The built-in graph with the default options: its stream was made when the crate was
        // built, by this very code (`rdf_stored.rs`).
        let stored = if options.is_default() && kg.is_builtin() { crate::builtin::rdf_stream() } else { None };
        Self::with_stored(kg, options, stored)
    }

    /// [`Self::new`] lending `stored` whatever the graph (`build.rs`: the stream it has just
    /// stored, to make what a writer stores from it).
    #[allow(dead_code)] // Called by build.rs.
    pub(crate) fn lending(
        kg: &'a KnowledgeGraph,
        options: &RdfOptions,
        stored: &'static StoredStream<'static>,
    ) -> Result<Self, ExportError> {
        Self::with_stored(kg, options, Some(stored))
    }

    /// [`Self::new`], always generated at run time (never the stored stream).
    #[cfg(test)]
    pub(crate) fn generated(kg: &'a KnowledgeGraph, options: &RdfOptions) -> Result<Self, ExportError> {
        Self::with_stored(kg, options, None)
    }

    /// Whether the stream lends the quads `build.rs` stored instead of generating them (the
    /// writers ask [`Self::stored`], whose stream their stored paths write alone).
    #[cfg(test)]
    pub(crate) fn is_stored(&self) -> bool {
        self.stored.is_some()
    }

    /// The stored stream lent in place of generating one, if any (its quads numbered: Turtle's
    /// written terms are found by number).
    pub(crate) fn stored(&self) -> Option<&'static StoredStream<'static>> {
        self.stored
    }

    fn with_stored(
        kg: &'a KnowledgeGraph,
        options: &RdfOptions,
        stored: Option<&'static StoredStream<'static>>,
    ) -> Result<Self, ExportError> {
        options.check(kg)?;
        let base = options.base_for(kg);
        let names = Names { background: background_graph(&base).into_string(), base };
        let rewrite = (options.vocab_namespace() != vocab::KGV).then(|| VocabRewrite {
            namespace: options.vocab_namespace().to_string(),
            document: options.vocab_namespace().trim_end_matches(['#', '/']).to_string(),
        });
        let generates = stored.is_none();
        let mut stream = RdfStream {
            kg,
            names,
            ontology: Vec::new(),
            passages: Vec::new(),
            known: EMPTY_NAMES.get_or_init(Default::default),
            computed: Default::default(),
            bodies: Vec::new(),
            cited: Vec::new(),
            entity_cited: Vec::new(),
            relation_cited: Vec::new(),
            properties: match generates {
                true => RelationKind::ALL.iter().map(|k| property_iri(*k).into_string()).collect(),
                false => Vec::new(),
            },
            classes: match generates {
                true => EntityType::ALL.iter().map(|t| class_iri(*t).into_string()).collect(),
                false => Vec::new(),
            },
            relation_locals: Vec::new(),
            relation_ends: Vec::new(),
            subject_relations: Vec::new(),
            subject_starts: Vec::new(),
            parts: Vec::new(),
            locals: String::new(),
            stems: vec![String::new()],
            stem_rank: vec![0],
            rewrite,
            only_background: options.only_background,
            counts: (0, 0),
            stored,
        };
        if let Some(stored) = stored {
            stream.counts = stored.counts();
            return Ok(stream);
        }
        stream.add_stems();
        if options.ontology && !options.only_background {
            stream.add_ontology();
        }
        if options.data {
            stream.add_data();
        }
        // Parts of one subject are generated into one group and sorted there: their order here
        // does not matter.
        let mut parts = std::mem::take(&mut stream.parts);
        // Only the triple counts are needed, and they are counted without
        // generating the triples, part by part in the order the parts were added (the model's
        // order, read from one address to the next) before the sort puts them in IRI order.
        let counted_alone = stream.rewrite.is_none().then(|| stream.count_parts_alone(&parts));
        // Sorted as a stable sort would (the unstable sort took 3.4x its instructions in
        // `subject_order` on the same input, and missed the first-level cache 4x as often, at
        // 10,000 relations), without the stable sort's scratch (half the parts: ~40 MB at 1M
        // relations, on top of the export's peak): `add_data` adds the parts family by family,
        // each nearly in order, and `sort_few_apart` merges those runs in place.
        stream.sort_parts(&mut parts);
        stream.parts = parts;
        if !stream.passages_apart() {
            stream.expand_passages();
        }
        if let Some(alone) = counted_alone {
            stream.counts = stream.count_triples(alone);
            return Ok(stream);
        }
        let mut counts = (0, 0);
        stream
            .for_each_subject_ref(true, |quads| {
                let background = !quads[0].graph_name.is_default_graph();
                if background {
                    counts.1 += quads.len()
                } else {
                    counts.0 += quads.len()
                }
                Ok::<_, std::convert::Infallible>(())
            })
            .unwrap_or_else(|never| match never {});
        stream.counts = counts;
        Ok(stream)
    }

    /// The triples of the default graph and of the background graph, as [`Self::for_each_subject`]
    /// writes them (sorted, without repeats), counted without generating them where a part's
    /// count is plain arithmetic: every subject but a few (the essay, the dataset description,
    /// a subject made of several parts) is counted from the data, repeats found by comparing the
    /// borrowed strings that would make the repeated triples. `alone` is
    /// [`Self::count_parts_alone`] of the parts; the subjects it does not count right (several
    /// parts, or a part generated to be counted) are corrected here. `tests::counted_as_generated`
    /// checks every subject's count against its generated triples.
    fn count_triples(&self, alone: (usize, usize)) -> (usize, usize) {
        let mut counts = alone;
        let mut start = 0;
        while start < self.parts.len() {
            let first = &self.parts[start];
            let len = self.parts[start..].iter().take_while(|s| self.same_subject(s, first)).count();
            let parts = &self.parts[start..start + len];
            start += len;
            if len == 1 && Self::counted_alone(first.part()) {
                continue;
            }
            let counts = if first.graph() == 0 { &mut counts.0 } else { &mut counts.1 };
            *counts -= parts.iter().filter_map(|p| self.count_part(p.part())).sum::<usize>();
            *counts += self.count_group(parts);
        }
        counts
    }

    /// The triples each part makes alone ([`Self::count_part`]; none for a part generated to be
    /// counted), summed by graph.
    fn count_parts_alone(&self, parts: &[Slot]) -> (usize, usize) {
        self.count_parts_touched(parts, TOUCH_FROM)
    }

    /// [`Self::count_parts_alone`], the parts read ahead ([`Self::touch`], what counting reads)
    /// when there are `touch_from` or more: they come in the model's order here, their passages'
    /// names and the ids they cite at random.
    fn count_parts_touched(&self, parts: &[Slot], touch_from: usize) -> (usize, usize) {
        let mut counts = (0, 0);
        let touching = parts.len() >= touch_from;
        for batch in parts.chunks(TOUCH_BATCH) {
            if touching {
                touch_batch(batch, |s| self.touch(s.part(), false));
            }
            for slot in batch {
                let n = self.count_part(slot.part()).unwrap_or(0);
                if slot.graph() == 0 {
                    counts.0 += n;
                } else {
                    counts.1 += n;
                }
            }
        }
        counts
    }

    /// Whether [`Self::count_part`] counts this part without generating it.
    fn counted_alone(part: Part) -> bool {
        !matches!(part, Part::Essay | Part::Dataset | Part::BackgroundGraph)
    }

    /// The number of triples one subject's parts make, sorted and without repeats.
    fn count_group(&self, parts: &[Slot]) -> usize {
        if let [slot] = parts {
            if let Some(n) = self.count_part(slot.part()) {
                return n;
            }
        }
        let (mut triples, mut refs) = (Triples::default(), Vec::new());
        self.group(parts, &mut triples, &mut refs);
        refs.len()
    }

    /// The number of distinct triples one part makes, without generating them; `None` for the
    /// few parts generated to be counted (the essay, the dataset and background descriptions).
    fn count_part(&self, part: Part) -> Option<usize> {
        /// The number of distinct items; without allocating for the few most parts have.
        fn distinct<T: Ord + Copy>(items: impl Iterator<Item = T>) -> usize {
            const FEW: usize = 16;
            let mut few: [Option<T>; FEW] = [None; FEW];
            let mut n = 0;
            let mut items = items.peekable();
            while let Some(item) = items.next_if(|_| n < FEW) {
                if !few[..n].contains(&Some(item)) {
                    few[n] = Some(item);
                    n += 1;
                }
            }
            if items.peek().is_none() {
                return n;
            }
            let mut v: Vec<T> = few[..n].iter().flatten().copied().chain(items).collect();
            v.sort_unstable();
            v.dedup();
            v.len()
        }
        fn dates(date: Option<HistDate>, start: Option<HistDate>, end: Option<HistDate>) -> usize {
            let given = [date, start, end].iter().filter(|d| d.is_some()).count();
            given + usize::from(date.or(start).is_some()) + usize::from(end.or(date).or(start).is_some())
        }
        let kg = self.kg;
        let direct = |i: u32, stated: bool| {
            distinct(
                self.subject_relations(i)
                    .iter()
                    .map(|&r| &kg.relations()[r as usize])
                    .filter(|r| r.is_stated() == stated)
                    .map(|r| (r.kind.name(), r.object.as_str())),
            )
        };
        let passage_local = |&p: &u32| self.name(&self.passages[p as usize]).local;
        Some(match part {
            Part::Ontology(from, to) => (to - from) as usize,
            // As `counted_alone` says.
            Part::Essay | Part::Dataset | Part::BackgroundGraph => return None,
            Part::Entity(i) => {
                let e = &kg.entities()[i as usize];
                let mut types = 0;
                let mut t = Some(e.entity_type);
                while let Some(class) = t {
                    types += 1;
                    t = class.parent();
                }
                let date_evidence = [&e.date, &e.start, &e.end].iter().filter(|d| d.is_some()).count();
                types
                    + 1
                    + distinct(e.aliases.iter().map(crate::SharedStr::as_str))
                    + distinct(e.shared_aliases.iter().map(crate::SharedStr::as_str))
                    + date_evidence
                    + 1
                    + distinct(self.mentions(i, e).iter().map(passage_local))
                    + distinct(e.numbers.iter().map(|n| n.property.as_str()))
                    + usize::from(e.note.is_some())
                    + dates(
                        e.date.as_ref().map(|d| d.value),
                        e.start.as_ref().map(|d| d.value),
                        e.end.as_ref().map(|d| d.value),
                    )
                    + direct(i, true)
            }
            Part::EntityBackground(i) => {
                let e = &kg.entities()[i as usize];
                distinct(e.background_aliases.iter().map(crate::SharedStr::as_str))
                    + usize::from(e.wikidata.is_some())
                    + direct(i, false)
            }
            Part::Direct(_) => 1,
            Part::Quantity(e, n) => 5 + usize::from(kg.entities()[e as usize].numbers[n as usize].unit.is_some()),
            Part::Statement(i) => {
                let r = &kg.relations()[i as usize];
                let q = &r.qualifiers;
                let provenance = match &r.provenance {
                    Provenance::Essay(_) => 1,
                    Provenance::Background { context, .. } => 1 + usize::from(context.is_some()),
                };
                6 + usize::from(q.under.is_some())
                    + usize::from(q.place.is_some())
                    + usize::from(q.role.is_some())
                    + provenance
                    + usize::from(r.note.is_some())
                    + dates(q.date, q.start, q.end)
            }
            Part::Passages(p) => self.passage_parts(p).filter_map(|sub| self.count_part(Part::Passage(p, sub))).sum(),
            Part::Passage(i, part) => {
                let p = &self.passages[i as usize];
                match part {
                    PassagePart::Resource => 4,
                    PassagePart::Quote => {
                        let name = self.name(p);
                        2 + usize::from(!name.prefix.is_empty()) + usize::from(!name.suffix.is_empty())
                    }
                    PassagePart::Position => 3,
                    PassagePart::Annotation(motivation) => {
                        // Bodies by the strings that make their IRIs (entity ids, quantity ids
                        // and properties, relation local names).
                        let bodies =
                            self.bodies(i).iter().filter(|c| c.motivation == motivation).map(|c| match c.body() {
                                Body::Entity(e) => (0, kg.entities()[e as usize].id.as_str(), ""),
                                Body::Quantity(e, n) => {
                                    let e = &kg.entities()[e as usize];
                                    (1, e.id.as_str(), e.numbers[n as usize].property.as_str())
                                }
                                Body::Statement(r) => (2, self.relation_local(r), ""),
                            });
                        3 + distinct(bodies)
                    }
                }
            }
        })
    }

    /// The triples of the default graph and of the background graph (counted at construction).
    pub(crate) fn counts(&self) -> (usize, usize) {
        self.counts
    }

    /// Registers the subjects' stems under the base: each family of subjects (`entity/`,
    /// `relation/`, `evidence/`, `quantity/`) is sorted by its local names alone.
    fn add_stems(&mut self) {
        for family in [path::ENTITY, path::RELATION, path::EVIDENCE, path::QUANTITY] {
            self.stems.push(vocab::concat(&["<", &self.names.base, family]));
        }
        let mut order: Vec<usize> = (1..self.stems.len()).collect();
        order.sort_by(|&a, &b| self.stems[a].cmp(&self.stems[b]));
        self.stem_rank = vec![0; self.stems.len()];
        for (rank, stem) in order.into_iter().enumerate() {
            self.stem_rank[stem] = rank as u8;
        }
    }

    /// Adds a part whose subject is the stem `stem` (an index into `stems`, 0 for none) followed
    /// by `local` joined.
    fn add_part(&mut self, graph: u8, stem: u8, local: &[&str], part: Part) {
        // `--background-only` writes the background graph alone, as the default graph.
        let graph = match (self.only_background, graph) {
            (true, 0) => return,
            (true, _) => 0,
            (false, graph) => graph,
        };
        let from = self.locals.len();
        if stem != 0 && self.rewrite.is_none() {
            local.iter().for_each(|s| self.locals.push_str(s));
            self.locals.push('>');
        } else {
            // Written whole, then filed under the stem it starts with, if any, so that a subject
            // is always filed the same way.
            let mut subject = String::with_capacity(2 + local.iter().map(|s| s.len()).sum::<usize>());
            subject.push_str(if stem == 0 { "<" } else { &self.stems[usize::from(stem)] });
            local.iter().for_each(|s| subject.push_str(s));
            if let Some(r) = &self.rewrite {
                if let std::borrow::Cow::Owned(new) = r.iri(&subject[1..]) {
                    subject = vocab::concat(&["<", &new]);
                }
            }
            subject.push('>');
            let (stem, rest) = (1..self.stems.len())
                .find_map(|k| subject.strip_prefix(self.stems[k].as_str()).map(|rest| (k as u8, rest)))
                .unwrap_or((0, subject.as_str()));
            self.locals.push_str(rest);
            self.push_slot(graph, stem, from, part);
            return;
        }
        self.push_slot(graph, stem, from, part);
    }

    /// Adds a part whose local name is `locals[from..]`.
    fn push_slot(&mut self, graph: u8, stem: u8, from: usize, part: Part) {
        self.push_slot_at(graph, stem, from, self.locals.len(), part);
    }

    /// Adds a part whose local name is `locals[from..to]`.
    fn push_slot_at(&mut self, graph: u8, stem: u8, from: usize, to: usize, part: Part) {
        let mut head = [0; 8];
        let local = &self.locals.as_bytes()[from..to];
        let n = local.len().min(8);
        head[..n].copy_from_slice(&local[..n]);
        self.parts.push(Slot::new(graph, stem, u64::from_be_bytes(head), from as u32, to - from, part));
    }

    /// Adds passage `p`'s one part ([`Part::Passages`]), its local name left where the graph
    /// keeps it ([`PASSAGE_NAME`]; without `--vocab`, which rewrites subjects whole).
    fn add_passage_named(&mut self, p: u32) {
        debug_assert!(self.rewrite.is_none());
        // As `add_part` files graphs.
        if self.only_background {
            return;
        }
        let head = closed_head(self.name(&self.passages[p as usize]).local.as_bytes());
        let part = Part::Passages(p);
        self.parts.push(Slot::new(0, EVIDENCE_STEM, head, PASSAGE_NAME, 0, part));
    }

    /// Adds relation `r`'s part (its statement) in `graph`: its local name is already in
    /// `locals` with its `>`, lent as it is unless `--vocab` rewrites subjects whole.
    fn add_relation_part(&mut self, graph: u8, r: u32) {
        let (from, to) = self.relation_locals[r as usize];
        if self.rewrite.is_some() {
            let local = self.relation_local(r).to_string();
            self.add_part(graph, RELATION_STEM, &[&local], Part::Statement(r));
            return;
        }
        // As `add_part` files graphs.
        let graph = match (self.only_background, graph) {
            (true, 0) => return,
            (true, _) => 0,
            (false, graph) => graph,
        };
        self.push_slot_at(graph, RELATION_STEM, from as usize, to as usize + 1, Part::Statement(r));
    }

    /// Relation `r`'s local name.
    fn relation_local(&self, r: u32) -> &str {
        let (from, to) = self.relation_locals[r as usize];
        &self.locals[from as usize..to as usize]
    }

    /// A part's subject after its stem, without its closing `>` (a local name holds no other
    /// `>`: it is part of a valid IRI).
    fn local(&self, slot: &Slot) -> &[u8] {
        match slot.from {
            PASSAGE_NAME => self.name(&self.passages[slot.a as usize]).local.as_bytes(),
            from => {
                let local = &self.locals.as_bytes()[from as usize..];
                match slot.len {
                    LONG_LOCAL => &local[..local.iter().position(|&c| c == b'>').unwrap_or(local.len())],
                    len => &local[..usize::from(len) - 1],
                }
            }
        }
    }

    /// A part's subject after its stem, with its closing `>` (never a passage's name read in
    /// place: a subject under no stem).
    fn closed_local(&self, slot: &Slot) -> &[u8] {
        let open = self.local(slot).len();
        &self.locals.as_bytes()[slot.from as usize..slot.from as usize + open + 1]
    }

    /// A part's subject as N-Triples writes it.
    #[cfg(test)]
    fn subject(&self, slot: &Slot) -> String {
        let stem = &self.stems[usize::from(slot.stem())];
        vocab::concat(&[stem, std::str::from_utf8(self.local(slot)).unwrap_or_default(), ">"])
    }

    /// Whether two parts describe the same subject in the same graph.
    fn same_subject(&self, a: &Slot, b: &Slot) -> bool {
        a.graph_stem == b.graph_stem && a.head == b.head && self.local(a) == self.local(b)
    }

    /// The output order of parts: by graph, then by subject as N-Triples writes it. Subjects of
    /// one stem compare by their local names; two stems (prefix-free) by their rank; a subject
    /// written whole (which starts with no stem, and ends with a `>` no stem holds) differs from
    /// a stem before either ends, so comparing it with the stem decides.
    fn subject_order(&self, a: &Slot, b: &Slot) -> std::cmp::Ordering {
        a.graph().cmp(&b.graph()).then_with(|| match (a.stem(), b.stem()) {
            // IRIs hold no NUL byte, so the zero-padded heads order as the names do.
            (x, y) if x == y => {
                a.head.cmp(&b.head).then_with(|| closed_bytes_order(self.local(a), self.local(b), b'>'))
            }
            // A subject under no stem is never a passage's name: its `>` is in `locals`.
            (0, y) => self.closed_local(a).cmp(self.stems[usize::from(y)].as_bytes()),
            (x, 0) => self.stems[usize::from(x)].as_bytes().cmp(self.closed_local(b)),
            (x, y) => self.stem_rank[usize::from(x)].cmp(&self.stem_rank[usize::from(y)]),
        })
    }

    fn add_ontology(&mut self) {
        // Sorted and without repeats once, so that a subject of the vocabulary alone is written
        // straight from here.
        let mut quads = ontology_quads();
        quads.sort_by_cached_key(|q| q.subject.to_string());
        quads.dedup();
        let mut start = 0;
        while start < quads.len() {
            let end = start + quads[start..].iter().take_while(|q| q.subject == quads[start].subject).count();
            quads[start..end].sort_by(|a, b| in_subject_order(a.as_ref(), b.as_ref()));
            start = end;
        }
        quads.dedup();
        let mut start = 0;
        while start < quads.len() {
            let end = start + quads[start..].iter().take_while(|q| q.subject == quads[start].subject).count();
            let NamedOrBlankNode::NamedNode(subject) = &quads[start].subject else {
                start = end;
                continue;
            };
            self.add_part(0, 0, &[subject.as_str()], Part::Ontology(start as u32, end as u32));
            start = end;
        }
        self.ontology = quads;
    }

    /// Finds the passages cited and what cites them, names them and the relations, and adds a
    /// part per subject.
    fn add_data(&mut self) {
        let kg = self.kg;
        let (cited, entity_cited, relation_cited) = citations(kg);
        (self.entity_cited, self.relation_cited) = (entity_cited, relation_cited);
        // Named once per graph (the built-in essay's when the crate was built); a passage not
        // among them (never, for a graph's own passages) is searched for.
        let known = cited_passage_names(kg);
        self.known = known;
        let (mut passages, cited, mut bodies, missing) = place_citations(known, cited, true);
        self.cited = cited;
        let evidence: Vec<&Evidence> = missing.iter().map(|&i| passages[i].evidence).collect();
        compute_passage_names_into(&kg.data().essay, &evidence, &mut self.computed);
        for (n, i) in missing.into_iter().enumerate() {
            passages[i].name = (known.len() + n) as u32;
        }
        let moved_to = self.in_passage_order(&mut passages);
        // The citations grouped by passage, in the passages' new order (a stable sort: each
        // passage's in the order they were cited).
        bodies.iter_mut().for_each(|b| b.0 = moved_to[b.0 as usize]);
        self.cited.iter_mut().for_each(|p| *p = moved_to[*p as usize]);
        drop(moved_to);
        bodies.sort_by_key(|b| b.0);
        let mut at = 0;
        for (p, passage) in passages.iter_mut().enumerate() {
            passage.bodies = at as u32;
            at += bodies[at..].iter().take_while(|b| b.0 == p as u32).count();
        }
        self.bodies = bodies.iter().map(|&(_, m, body)| Cites::new(m, body)).collect();
        drop(bodies);
        self.passages = passages;
        // Sized once (a subject per relation, up to two per entity, one per number, one per
        // passage, up to five with `--vocab`): grown by doubling, these were copied and their new
        // pages faulted in on every export.
        let numbers: usize = kg.entities().iter().map(|e| e.numbers.len()).sum();
        let per_passage = if self.rewrite.is_none() { 1 } else { 5 };
        let passages = &self.passages;
        self.parts.reserve(kg.relations().len() + 2 * kg.entities().len() + numbers + per_passage * passages.len() + 3);
        let local_bytes =
            kg.relations().iter().map(|r| r.subject.len() + r.kind.name().len() + r.object.len() + 12).sum::<usize>()
                + kg.entities().iter().map(|e| 2 * (e.id.len() + 1)).sum::<usize>()
                + kg.entities()
                    .iter()
                    .flat_map(|e| e.numbers.iter().map(|n| e.id.len() + n.property.len() + 2))
                    .sum::<usize>()
                + match self.rewrite {
                    // Their parts find their names where the graph keeps them.
                    None => 0,
                    Some(_) => passages.iter().map(|p| per_passage * (self.name(p).local.len() + 9)).sum::<usize>(),
                };
        self.locals.reserve(local_bytes);
        // The relations' local names first in `locals`, where their parts find them.
        let mut locals = std::mem::take(&mut self.locals);
        self.relation_locals =
            relation_locals(kg, |i| self.name(self.relation_passage(i)).local, &mut locals, TOUCH_FROM);
        self.locals = locals;
        let base = self.names.base.clone();
        let base = base.as_str();

        let index: foldhash::HashMap<&str, u32> =
            kg.entities().iter().enumerate().map(|(i, e)| (e.id.as_str(), i as u32)).collect();
        // Parts are added family by family, in the output's order as far as it is known here
        // (entities by id, passages by name, quantities, relations by id: each nearly in IRI
        // order already; the default graph before the background graph), so that the sort in
        // `new` finds them nearly sorted, reading the parts and their local names from one
        // address to the next instead of all over the index.
        let mut background_subjects = vec![false; kg.entities().len()];
        let mut background_relations: Vec<u32> = Vec::new();
        self.relation_ends = Vec::with_capacity(kg.relations().len());
        for (i, r) in kg.relations().iter().enumerate() {
            let stated = r.is_stated();
            let subject = index.get(r.subject.as_str()).copied();
            let object = index.get(r.object.as_str()).copied();
            self.relation_ends.push([subject.unwrap_or(NO_ENTITY), object.unwrap_or(NO_ENTITY)]);
            match subject {
                Some(s) => background_subjects[s as usize] |= !stated,
                None => self.add_part(u8::from(!stated), ENTITY_STEM, &[&r.subject], Part::Direct(i as u32)),
            }
            if !stated {
                background_relations.push(i as u32);
            }
        }
        drop(index);
        // Each entity's relations, counted, then placed in relation order.
        let mut starts = vec![0u32; kg.entities().len() + 1];
        for &[s, _] in self.relation_ends.iter().filter(|ends| ends[0] != NO_ENTITY) {
            starts[s as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        self.subject_relations = vec![0; *starts.last().unwrap_or(&0) as usize];
        for (i, &[s, _]) in self.relation_ends.iter().enumerate().filter(|(_, ends)| ends[0] != NO_ENTITY) {
            self.subject_relations[next[s as usize] as usize] = i as u32;
            next[s as usize] += 1;
        }
        drop(next);
        self.subject_starts = starts;
        // What the naming freed, handed back before the parts are added (the export's peak).
        if kg.relations().len() >= RELEASE_FROM_RELATIONS {
            release_freed_memory();
        }
        for (i, e) in kg.entities().iter().enumerate() {
            self.add_part(0, ENTITY_STEM, &[e.id.as_str()], Part::Entity(i as u32));
        }
        // One part per passage (its subjects follow one another: `passages_apart`), or with
        // `--vocab` (subjects rewritten whole) one per subject.
        let mut local = String::new();
        for p in 0..self.passages.len() as u32 {
            match self.rewrite {
                None => self.add_passage_named(p),
                Some(_) => {
                    local.clear();
                    local.push_str(self.name(&self.passages[p as usize]).local);
                    self.add_passage_parts(p, &local);
                }
            }
        }
        for (i, e) in kg.entities().iter().enumerate() {
            for (n, number) in e.numbers.iter().enumerate() {
                let q = [&*e.id, ".", &number.property];
                self.add_part(0, QUANTITY_STEM, &q, Part::Quantity(i as u32, n as u32));
            }
        }
        for (i, r) in kg.relations().iter().enumerate() {
            if r.is_stated() {
                self.add_relation_part(0, i as u32);
            }
        }
        for (iri, part) in [
            ([base, path::ESSAY], Part::Essay),
            ([base, path::DATASET], Part::Dataset),
            ([base, path::GRAPH_BACKGROUND], Part::BackgroundGraph),
        ] {
            self.add_part(0, 0, &iri, part);
        }
        for (i, e) in kg.entities().iter().enumerate() {
            if background_subjects[i] || !e.background_aliases.is_empty() || e.wikidata.is_some() {
                self.add_part(1, ENTITY_STEM, &[e.id.as_str()], Part::EntityBackground(i as u32));
            }
        }
        for i in background_relations {
            self.add_relation_part(1, i);
        }
    }

    /// The relations whose subject is entity `i`, in relation order.
    fn subject_relations(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.subject_relations[self.subject_starts[i] as usize..self.subject_starts[i + 1] as usize]
    }

    /// Relation `i`'s subject and object, by index into the entities (`None`: no such entity).
    fn relation_ends(&self, i: u32) -> [Option<u32>; 2] {
        self.relation_ends[i as usize].map(|e| (e != NO_ENTITY).then_some(e))
    }

    /// The passages entity `i` cites, in the order [`Self::add_data`] lists them.
    fn entity_passages(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.cited[self.entity_cited[i] as usize..self.entity_cited[i + 1] as usize]
    }

    /// The passage relation `i` cites (its evidence, or its context): a relation without one
    /// has no passage to refer to, and is never asked.
    fn relation_passage(&self, i: usize) -> &Passage<'a> {
        &self.passages[self.cited[self.relation_cited[i] as usize] as usize]
    }

    /// Puts `passages` (named: `self.known`'s, `self.computed`'s) in the order of their local
    /// names; returns where each moved. Every name among the graph's (always, for its own
    /// passages): their indices are in their local names' order already ([`in_name_order`]);
    /// else they are compared by name ([`in_local_order`]).
    fn in_passage_order(&self, passages: &mut Vec<Passage<'a>>) -> Vec<u32> {
        match self.computed.len() {
            0 => in_name_order(passages),
            _ => in_local_order(passages, |p| self.name(p).local),
        }
    }

    /// A passage's name.
    fn name(&self, p: &Passage<'a>) -> NameRef<'_> {
        match (p.name as usize).checked_sub(self.known.len()) {
            None => self.known.name(p.name as usize),
            Some(k) => self.computed.get(k),
        }
    }

    /// What cites passage `p`: (passage, why, what).
    fn bodies(&self, p: u32) -> &[Cites] {
        let p = p as usize;
        let to = self.passages.get(p + 1).map_or(self.bodies.len(), |next| next.bodies as usize);
        &self.bodies[self.passages[p].bodies as usize..to]
    }

    /// The subjects of passage `p`, in output order: `.describing>`, `.identifying>` (those it
    /// has), `.position>`, `.quote>`, `>` (their byte order).
    fn passage_parts(&self, p: u32) -> impl Iterator<Item = PassagePart> + '_ {
        let bodies = self.bodies(p);
        [Motivation::Describing, Motivation::Identifying]
            .into_iter()
            .filter(|m| bodies.iter().any(|c| c.motivation == *m))
            .map(PassagePart::Annotation)
            .chain([PassagePart::Position, PassagePart::Quote, PassagePart::Resource])
    }

    /// Adds a part for each subject of passage `p`, whose local name is `local`.
    fn add_passage_parts(&mut self, p: u32, local: &str) {
        let subjects: Vec<PassagePart> = self.passage_parts(p).collect();
        for sub in subjects {
            let suffix = match sub {
                PassagePart::Annotation(m) => annotation_suffix(m),
                PassagePart::Position => ".position",
                PassagePart::Quote => ".quote",
                PassagePart::Resource => "",
            };
            self.add_part(0, EVIDENCE_STEM, &[local, suffix], Part::Passage(p, sub));
        }
    }

    /// Whether each passage's one part ([`Part::Passages`]) can stand for its subjects: no
    /// other part's subject in its graph lies among them. Its subjects run from
    /// `{local}.describing>` to `{local}>` and all start with `{local}`, so any other subject
    /// among them (or equal to one) starts with `{local}` too and sorts next to the part; a
    /// neighbour under the same stem starting so refuses (a few harmless ones too, such as
    /// `{local}x>` after it). Local names are a few words and a hash, so on loaded data this
    /// never refuses; a base or ids made to collide can make it.
    fn passages_apart(&self) -> bool {
        let starts_with_local = |part: &Slot, next: &Slot| {
            part.graph_stem == next.graph_stem && self.local(next).starts_with(self.local(part))
        };
        self.parts.windows(2).all(|w| match (w[0].part(), w[1].part()) {
            (Part::Passages(_), _) => !starts_with_local(&w[0], &w[1]),
            (_, Part::Passages(_)) => !starts_with_local(&w[1], &w[0]),
            _ => true,
        })
    }

    /// Puts back a part per subject for every [`Part::Passages`], and sorts the parts again.
    fn expand_passages(&mut self) {
        let parts = std::mem::take(&mut self.parts);
        let mut local = String::new();
        for slot in parts {
            match slot.part() {
                Part::Passages(p) => {
                    local.clear();
                    local.push_str(self.name(&self.passages[p as usize]).local);
                    self.add_passage_parts(p, &local);
                }
                _ => self.parts.push(slot),
            }
        }
        let mut parts = std::mem::take(&mut self.parts);
        self.sort_parts(&mut parts);
        self.parts = parts;
    }

    /// Sorts parts into output order (as a stable sort by [`Self::subject_order`] would) with
    /// [`sort_few_apart`]: the subjects under no stem (the vocabulary's, the essay's, the
    /// dataset's, the background graph's: a few hundred) sort among the families of the others,
    /// so they are set apart; the others come family by family, each family nearly in order.
    /// Returns whether it sorted in place.
    fn sort_parts(&self, parts: &mut Vec<Slot>) -> bool {
        sort_few_apart(parts, |s| s.stem() == 0, |a, b| self.subject_order(a, b))
    }

    /// Calls `f` with the triples of each subject in output order, sorted and without repeats;
    /// the background graph's too when `with_background` (the triple syntaxes hold the default
    /// graph only). The quads are owned copies: [`Self::for_each_subject_ref`] lends them
    /// without copying.
    pub(crate) fn for_each_subject<E>(
        &self,
        with_background: bool,
        mut f: impl FnMut(&[Quad]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut owned = Vec::new();
        self.for_each_subject_ref(with_background, |quads| {
            owned.clear();
            owned.extend(quads.iter().map(|q| q.into_owned()));
            f(&owned)
        })
    }

    /// [`Self::for_each_subject`] with borrowed quads: each subject's terms are made into one
    /// reused buffer ([`Triples`]) or borrowed from the graph and the vocabulary, so that no
    /// term is allocated on its own.
    pub(crate) fn for_each_subject_ref<E>(
        &self,
        with_background: bool,
        f: impl FnMut(&[QuadRef<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(stored) = self.stored {
            return stored.for_each_subject(with_background, f);
        }
        self.for_each_subject_touched(with_background, TOUCH_FROM, f)
    }

    /// [`Self::for_each_subject_ref`] of a generated stream, each batch of [`TOUCH_BATCH`] parts
    /// read ahead ([`Self::touch`]) when there are `touch_from` parts or more.
    fn for_each_subject_touched<E>(
        &self,
        with_background: bool,
        touch_from: usize,
        mut f: impl FnMut(&[QuadRef<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut triples = Triples::default();
        let mut owned: Vec<Quad>;
        let mut spare: Vec<QuadRef<'static>> = Vec::new();
        let mut start = 0;
        // The parts up to here have had their scattered reads made ahead ([`Self::touch`]).
        let mut touched = if self.parts.len() < touch_from { self.parts.len() } else { 0 };
        while start < self.parts.len() {
            if start >= touched {
                touched = (start + TOUCH_BATCH).min(self.parts.len());
                let batch = &self.parts[start..touched];
                touch_batch(batch, |s| self.touch(s.part(), true));
            }
            let first = &self.parts[start];
            let len = self.parts[start..].iter().take_while(|s| self.same_subject(s, first)).count();
            let graph = first.graph();
            let parts = &self.parts[start..start + len];
            start += len;
            if graph != 0 && !with_background {
                continue;
            }
            if let [slot @ Slot { kind: PASSAGES_KIND, a: p, .. }] = parts {
                // Each of the passage's subjects in turn, as its own part would be.
                for sub in self.passage_parts(*p) {
                    let mut refs = reuse(std::mem::take(&mut spare));
                    self.group(&[slot.with_part(Part::Passage(*p, sub))], &mut triples, &mut refs);
                    if !refs.is_empty() {
                        f(&refs)?;
                    }
                    spare = reuse(refs);
                }
                continue;
            }
            let mut refs = reuse(std::mem::take(&mut spare));
            if let ([Slot { kind: ONTOLOGY_KIND, a: from, b: to, .. }], None) = (parts, &self.rewrite) {
                // Sorted and without repeats at construction.
                refs.extend(self.ontology[*from as usize..*to as usize].iter().map(Quad::as_ref));
                f(&refs)?;
            } else if self.rewrite.is_some() {
                owned = self.group_owned(parts);
                owned.sort_by(|a, b| in_subject_order(a.as_ref(), b.as_ref()));
                owned.dedup();
                refs.extend(owned.iter().map(Quad::as_ref));
                if !refs.is_empty() {
                    f(&refs)?;
                }
            } else {
                self.group(parts, &mut triples, &mut refs);
                if !refs.is_empty() {
                    f(&refs)?;
                }
            }
            spare = reuse(refs);
        }
        Ok(())
    }

    /// Reads a byte of each thing generating `part`'s triples reads that lies apart from the
    /// part and from the parts next to it (as [`super::flat::touched_ahead`] does for the graph
    /// formats): its entity's or relation's strings and the labels of the entities it names, the
    /// names of the passages it cites, a passage's evidence and quote and what cites it.
    ///
    /// The parts are walked in IRI order, which is the order of the entities, relations and
    /// passages themselves, but what each refers to lies anywhere on the heap or in the essay;
    /// generated one part at a time, each of those reads waits for memory in turn once the graph
    /// outgrows the caches. This loop does nothing else, so the processor has a batch's reads in
    /// flight together, and the generation then finds them cached. It only reads: the output
    /// cannot change ([`for_each_subject_ref`](Self::for_each_subject_ref) calls it on batches of
    /// [`TOUCH_BATCH`] parts, from [`TOUCH_FROM`] parts).
    /// With `generating` false, only what [`Self::count_part`] reads of them (the passages'
    /// names, the relations' objects and the ids a passage cites).
    fn touch(&self, part: Part, generating: bool) -> usize {
        let kg = self.kg;
        // What only generating reads.
        let only_generating = |s: &str| if generating { first_byte(s) } else { 0 };
        let name = |p: u32| first_byte(self.name(&self.passages[p as usize]).local);
        let entity = |i: u32| first_byte(&kg.entities()[i as usize].id);
        let objects = |i: u32| {
            self.subject_relations(i)
                .iter()
                .fold(0usize, |sum, &r| sum.wrapping_add(first_byte(&kg.relations()[r as usize].object)))
        };
        match part {
            Part::Entity(i) => {
                let e = &kg.entities()[i as usize];
                let names = self.entity_passages(i).iter().fold(0usize, |sum, &p| sum.wrapping_add(name(p)));
                only_generating(&e.id)
                    .wrapping_add(only_generating(&e.label))
                    .wrapping_add(e.note.as_deref().map_or(0, only_generating))
                    .wrapping_add(names)
                    .wrapping_add(objects(i))
            }
            Part::EntityBackground(i) => {
                let e = &kg.entities()[i as usize];
                let aliases = e.background_aliases.first().map_or(0, |a| first_byte(a));
                only_generating(&e.id).wrapping_add(aliases).wrapping_add(objects(i))
            }
            Part::Quantity(..) | Part::Statement(_) if !generating => 0,
            Part::Quantity(i, n) => {
                let e = &kg.entities()[i as usize];
                let k = Self::dates_cited(e) + 1 + e.mentions.len() + n as usize;
                let number = e.numbers.get(n as usize).map_or(0, |q| first_byte(&q.property));
                first_byte(&e.id)
                    .wrapping_add(first_byte(&e.label))
                    .wrapping_add(number)
                    .wrapping_add(self.entity_passages(i).get(k).map_or(0, |&p| name(p)))
            }
            Part::Statement(r) => {
                let rel = &kg.relations()[r as usize];
                let ends = self
                    .relation_ends(r)
                    .iter()
                    .flatten()
                    .fold(0usize, |sum, &e| sum.wrapping_add(first_byte(&kg.entities()[e as usize].label)));
                let passage = match self.relation_cited[r as usize] {
                    u32::MAX => 0,
                    c => name(self.cited[c as usize]),
                };
                first_byte(self.relation_local(r))
                    .wrapping_add(first_byte(&rel.subject))
                    .wrapping_add(first_byte(&rel.object))
                    .wrapping_add(ends)
                    .wrapping_add(passage)
                    .wrapping_add(rel.note.as_deref().map_or(0, first_byte))
            }
            Part::Passage(p, _) | Part::Passages(p) => {
                let evidence = self.passages[p as usize].evidence;
                let bodies = self.bodies(p).iter().fold(0usize, |sum, c| {
                    sum.wrapping_add(match c.body() {
                        Body::Entity(e) | Body::Quantity(e, _) => entity(e),
                        Body::Statement(r) => first_byte(self.relation_local(r)),
                    })
                });
                let quote = if generating { first_byte(evidence.quote()) } else { 0 };
                quote.wrapping_add(name(p)).wrapping_add(bodies)
            }
            Part::Ontology(..) | Part::Essay | Part::Dataset | Part::BackgroundGraph | Part::Direct(_) => 0,
        }
    }

    /// One subject's triples, generated from its parts into `triples` and lent as `refs`, sorted
    /// and without repeats (the vocabulary is not rewritten here).
    fn group<'s: 'q, 'q>(&'s self, parts: &[Slot], triples: &'q mut Triples<'s>, refs: &mut Vec<QuadRef<'q>>) {
        triples.clear();
        for slot in parts {
            self.generate(slot.part(), triples);
        }
        let triples: &'q Triples<'s> = triples;
        let background = if self.only_background { None } else { Some(self.names.background.as_str()) };
        refs.extend(triples.quads(background));
        refs.sort_by(|a, b| in_subject_order(*a, *b));
        // One subject and graph: a repeat has the same predicate and object.
        debug_assert!(refs.iter().all(|q| q.subject == refs[0].subject && q.graph_name == refs[0].graph_name));
        refs.dedup_by(|a, b| a.predicate == b.predicate && a.object == b.object);
    }

    /// One subject's triples as owned quads, with the vocabulary rewritten (`--vocab`), unsorted.
    fn group_owned(&self, parts: &[Slot]) -> Vec<Quad> {
        let mut made = Triples::default();
        for slot in parts {
            self.generate(slot.part(), &mut made);
        }
        let background = if self.only_background { None } else { Some(self.names.background.as_str()) };
        let mut owned: Vec<Quad> = made.quads(background).map(QuadRef::into_owned).collect();
        if let Some(r) = &self.rewrite {
            owned.iter_mut().for_each(|q| r.quad(q));
        }
        owned
    }

    fn generate<'t>(&'t self, part: Part, out: &mut Triples<'t>) {
        let kg = self.kg;
        match part {
            Part::Ontology(from, to) => {
                for q in &self.ontology[from as usize..to as usize] {
                    out.push_quad(q);
                }
            }
            Part::Essay => self.essay(out),
            Part::Dataset => self.dataset(out),
            Part::BackgroundGraph => self.background_description(out),
            Part::Entity(i) => {
                let e = &kg.entities()[i as usize];
                let s = self.entity_iri(&e.id, out);
                self.entity(i, e, s, out);
                self.direct(i, s, true, out);
            }
            Part::EntityBackground(i) => {
                let e = &kg.entities()[i as usize];
                let s = self.entity_iri(&e.id, out);
                for alias in &e.background_aliases {
                    let p = joined!(vocab::SKOS, "altLabel");
                    out.add(s, p, en_ref(alias), true);
                }
                if let Some(q) = &e.wikidata {
                    let (p, o) = (joined!(vocab::OWL, "sameAs"), out.make(&[vocab::WD, q]));
                    out.add(s, p, Obj::Iri(o), true);
                }
                self.direct(i, s, false, out);
            }
            Part::Direct(r) => {
                let r = &kg.relations()[r as usize];
                let s = self.entity_iri(&r.subject, out);
                let o = self.entity_iri(&r.object, out);
                out.add(s, self.property(r.kind), Obj::Iri(o), !r.is_stated());
            }
            Part::Quantity(e, n) => self.quantity(e, n, out),
            Part::Statement(r) => self.statement(r, out),
            Part::Passage(p, part) => self.describe_passage(p, part, out),
            Part::Passages(p) => {
                for sub in self.passage_parts(p) {
                    self.describe_passage(p, sub, out);
                }
            }
        }
    }

    /// `{base}entity/{id}`, made in `out`.
    fn entity_iri<'t>(&'t self, id: &str, out: &mut Triples<'t>) -> Text<'t> {
        out.make(&[&self.names.base, path::ENTITY, id])
    }

    /// `ev:{local}{suffix}`, made in `out`.
    fn passage_text<'t>(&'t self, local: &str, suffix: &str, out: &mut Triples<'t>) -> Text<'t> {
        out.make(&[&self.names.base, path::EVIDENCE, local, suffix])
    }

    /// The IRI of the passage `e`, made in `out`.
    fn passage_ref<'t>(&'t self, p: &Passage<'a>, out: &mut Triples<'t>) -> Text<'t> {
        self.passage_text(self.name(p).local, "", out)
    }

    /// The passage of entity `i`'s citation `k` (in [`Self::add_data`]'s order).
    fn entity_passage(&self, i: u32, k: usize) -> &Passage<'a> {
        &self.passages[self.entity_passages(i)[k] as usize]
    }

    /// How many dates entity `e` has (its first citations).
    fn dates_cited(e: &Entity) -> usize {
        [&e.date, &e.start, &e.end].iter().filter(|d| d.is_some()).count()
    }

    /// The passages of entity `i`'s (`e`'s) mentions.
    fn mentions(&self, i: u32, e: &Entity) -> &[u32] {
        let from = Self::dates_cited(e) + 1;
        &self.entity_passages(i)[from..from + e.mentions.len()]
    }

    /// The property IRI of a relation kind (made once per export).
    fn property<'t>(&'t self, kind: crate::model::RelationKind) -> Text<'t> {
        Text::Borrowed(&self.properties[kind as usize])
    }

    /// The direct triples (`ent:sakhalin kgv:transferredTo ent:russia`) of the stated (or
    /// background) relations whose subject is entity `i` (whose IRI is `s`).
    fn direct<'t>(&'t self, i: u32, s: Text<'t>, stated: bool, out: &mut Triples<'t>) {
        for &r in self.subject_relations(i) {
            let r = &self.kg.relations()[r as usize];
            if r.is_stated() == stated {
                let o = self.entity_iri(&r.object, out);
                out.add(s, self.property(r.kind), Obj::Iri(o), !stated);
            }
        }
    }

    /// A passage's source, quote and position selectors, and annotations, in the default graph:
    /// passages are the essay's text, whatever cites them.
    fn describe_passage<'t>(&'t self, i: u32, part: PassagePart, out: &mut Triples<'t>) {
        let p = &self.passages[i as usize];
        let (e, name) = (p.evidence, self.name(p));
        let local = name.local;
        let a = Text::Borrowed(rdf::TYPE.as_str());
        // Each part's triples added in the order `group` sorts them into (`rdf:type`, then by
        // predicate and object), so that its sort finds them in place and moves none.
        match part {
            PassagePart::Resource => {
                let iri = self.passage_text(local, "", out);
                let quote = self.passage_text(local, ".quote", out);
                let position = self.passage_text(local, ".position", out);
                let class = joined!(vocab::OA, "SpecificResource");
                out.add(iri, a, Obj::Iri(class), false);
                let p = joined!(vocab::OA, "hasSelector");
                out.add(iri, p, Obj::Iri(position), false);
                out.add(iri, p, Obj::Iri(quote), false);
                let (p, essay) = (joined!(vocab::OA, "hasSource"), out.make(&[&self.names.base, path::ESSAY]));
                out.add(iri, p, Obj::Iri(essay), false);
            }
            PassagePart::Quote => {
                let quote = self.passage_text(local, ".quote", out);
                let class = joined!(vocab::OA, "TextQuoteSelector");
                out.add(quote, a, Obj::Iri(class), false);
                let pr = joined!(vocab::OA, "exact");
                out.add(quote, pr, simple(e.quote()), false);
                if !name.prefix.is_empty() {
                    let pr = joined!(vocab::OA, "prefix");
                    out.add(quote, pr, simple(name.prefix), false);
                }
                if !name.suffix.is_empty() {
                    let pr = joined!(vocab::OA, "suffix");
                    out.add(quote, pr, simple(name.suffix), false);
                }
            }
            PassagePart::Position => {
                let position = self.passage_text(local, ".position", out);
                let class = joined!(vocab::OA, "TextPositionSelector");
                out.add(position, a, Obj::Iri(class), false);
                for (pr, n) in [(joined!(vocab::OA, "end"), e.end), (joined!(vocab::OA, "start"), e.start)] {
                    let o = non_negative_ref(n, out);
                    out.add(position, pr, o, false);
                }
            }
            PassagePart::Annotation(motivation) => {
                let iri = self.passage_text(local, "", out);
                let annotation = self.passage_text(local, annotation_suffix(motivation), out);
                let class = joined!(vocab::OA, "Annotation");
                out.add(annotation, a, Obj::Iri(class), false);
                let pr = joined!(vocab::OA, "hasBody");
                for c in self.bodies(i) {
                    if c.motivation == motivation {
                        let o = self.body_ref(c.body(), out);
                        out.add(annotation, pr, Obj::Iri(o), false);
                    }
                }
                let pr = joined!(vocab::OA, "hasTarget");
                out.add(annotation, pr, Obj::Iri(iri), false);
                let (pr, o) =
                    (joined!(vocab::OA, "motivatedBy"), out.make(&[vocab::OA, &annotation_suffix(motivation)[1..]]));
                out.add(annotation, pr, Obj::Iri(o), false);
            }
        }
    }

    fn body_ref<'t>(&'t self, body: Body, out: &mut Triples<'t>) -> Text<'t> {
        match body {
            Body::Entity(e) => self.entity_iri(&self.kg.entities()[e as usize].id, out),
            Body::Quantity(e, n) => self.quantity_ref(e, n, out),
            Body::Statement(r) => self.statement_ref(r, out),
        }
    }

    fn statement_ref<'t>(&'t self, r: u32, out: &mut Triples<'t>) -> Text<'t> {
        out.make(&[&self.names.base, path::RELATION, self.relation_local(r)])
    }

    fn quantity_ref<'t>(&'t self, e: u32, n: u32, out: &mut Triples<'t>) -> Text<'t> {
        let entity = &self.kg.entities()[e as usize];
        out.make(&[&self.names.base, path::QUANTITY, &entity.id, ".", &entity.numbers[n as usize].property])
    }

    /// `kgv:date`/`startDate`/`endDate` at their own precision, and the `kgv:earliest` and
    /// `kgv:latest` `xsd:date` bounds of the whole dated thing (the first day of its date or start,
    /// the last day of its end or date), comparable across precisions.
    fn dates<'t>(
        s: Text<'t>,
        date: Option<HistDate>,
        start: Option<HistDate>,
        end: Option<HistDate>,
        background: bool,
        out: &mut Triples<'t>,
    ) {
        let dated = [
            (joined!(vocab::KGV, term::DATE), date),
            (joined!(vocab::KGV, term::START_DATE), start),
            (joined!(vocab::KGV, term::END_DATE), end),
        ];
        for (p, d) in dated {
            if let Some(d) = d {
                let o = date_literal_ref(d, out);
                out.add(s, p, o, background);
            }
        }
        // Something known only to have ended by a date has a latest bound and no earliest.
        if let Some(first) = date.or(start) {
            let p = joined!(vocab::KGV, term::EARLIEST);
            let o = out.display(first.first_day());
            out.add(s, p, Obj::Typed(o, xsd::DATE.as_str()), background);
        }
        if let Some(last) = end.or(date).or(start) {
            let p = joined!(vocab::KGV, term::LATEST);
            let o = out.display(last.last_day());
            out.add(s, p, Obj::Typed(o, xsd::DATE.as_str()), background);
        }
    }

    /// An entity's stated triples: every class up the hierarchy (so `?x a kgv:Territory` finds
    /// islands without `rdfs:subClassOf*` or a reasoner), names, dates, evidence, mentions and
    /// quantities.
    fn entity<'t>(&'t self, i: u32, e: &'t Entity, s: Text<'t>, out: &mut Triples<'t>) {
        let a = Text::Borrowed(rdf::TYPE.as_str());
        let mut t = Some(e.entity_type);
        while let Some(class) = t {
            out.add(s, a, Obj::Iri(Text::Borrowed(&self.classes[class as usize])), false);
            t = class.parent();
        }
        out.add(s, Text::Borrowed(rdfs::LABEL.as_str()), en_ref(&e.label), false);
        if !e.aliases.is_empty() {
            let p = joined!(vocab::SKOS, "altLabel");
            for alias in &e.aliases {
                out.add(s, p, en_ref(alias), false);
            }
        }
        if !e.shared_aliases.is_empty() {
            let p = joined!(vocab::SKOS, "hiddenLabel");
            for alias in &e.shared_aliases {
                out.add(s, p, en_ref(alias), false);
            }
        }
        // Its citations in `add_data`'s order: its dates', its evidence, its mentions.
        let mut k = 0;
        let cited = [
            (joined!(vocab::KGV, term::DATE_EVIDENCE), &e.date),
            (joined!(vocab::KGV, term::START_DATE_EVIDENCE), &e.start),
            (joined!(vocab::KGV, term::END_DATE_EVIDENCE), &e.end),
        ];
        for (p, d) in cited {
            if d.is_some() {
                let o = self.passage_ref(self.entity_passage(i, k), out);
                out.add(s, p, Obj::Iri(o), false);
                k += 1;
            }
        }
        let p = joined!(vocab::KGV, term::EVIDENCE);
        let o = self.passage_ref(self.entity_passage(i, k), out);
        out.add(s, p, Obj::Iri(o), false);
        if !e.mentions.is_empty() {
            let p = joined!(vocab::KGV, term::MENTION);
            for &m in self.mentions(i, e) {
                let o = self.passage_ref(&self.passages[m as usize], out);
                out.add(s, p, Obj::Iri(o), false);
            }
        }
        if !e.numbers.is_empty() {
            let p = joined!(vocab::KGV, term::QUANTITY);
            for n in 0..e.numbers.len() {
                let o = self.quantity_ref(i, n as u32, out);
                out.add(s, p, Obj::Iri(o), false);
            }
        }
        if let Some(note) = &e.note {
            let p = joined!(vocab::SKOS, "editorialNote");
            out.add(s, p, en_ref(note), false);
        }
        Self::dates(
            s,
            e.date.as_ref().map(|d| d.value),
            e.start.as_ref().map(|d| d.value),
            e.end.as_ref().map(|d| d.value),
            false,
            out,
        );
    }

    /// A number the essay states about an entity, as a `kgv:Quantity`.
    fn quantity<'t>(&'t self, i: u32, n: u32, out: &mut Triples<'t>) {
        let e = &self.kg.entities()[i as usize];
        let number = &e.numbers[n as usize];
        let q = self.quantity_ref(i, n, out);
        let class = joined!(vocab::KGV, term::QUANTITY_CLASS);
        out.add(q, Text::Borrowed(rdf::TYPE.as_str()), Obj::Iri(class), false);
        let label = {
            let start = out.arena.len();
            let property = number.property.replace('_', " ");
            let _ = write!(out.arena, "{}: {} {}", e.label, property, number.value);
            if let Some(unit) = &number.unit {
                out.arena.push(' ');
                out.arena.push_str(unit);
            }
            Text::Made(start, out.arena.len())
        };
        out.add(q, Text::Borrowed(rdfs::LABEL.as_str()), Obj::Lang(label, "en"), false);
        let p = joined!(vocab::KGV, term::PROPERTY);
        out.add(q, p, simple(&number.property), false);
        let value = out.display(number.value);
        out.add(q, Text::Borrowed(rdf::VALUE.as_str()), Obj::Typed(value, xsd::NON_NEGATIVE_INTEGER.as_str()), false);
        if let Some(unit) = &number.unit {
            let p = joined!(vocab::KGV, term::UNIT);
            out.add(q, p, en_ref(unit), false);
        }
        let p = joined!(vocab::KGV, term::EVIDENCE);
        // Its numbers' citations follow its dates', its evidence and its mentions.
        let k = Self::dates_cited(e) + 1 + e.mentions.len() + n as usize;
        let o = self.passage_ref(self.entity_passage(i, k), out);
        out.add(q, p, Obj::Iri(o), false);
    }

    /// A relation's reified `rdf:Statement`: the n-ary fact whole, with its qualifiers and its
    /// evidence (or, for background knowledge, its basis).
    fn statement<'t>(&'t self, i: u32, out: &mut Triples<'t>) {
        let kg = self.kg;
        let r = &kg.relations()[i as usize];
        let g = !r.is_stated();
        let st = self.statement_ref(i, out);
        let a = Text::Borrowed(rdf::TYPE.as_str());
        out.add(st, a, Obj::Iri(Text::Borrowed(rdf::STATEMENT.as_str())), g);
        let class = if r.is_stated() { term::ASSERTION } else { term::BACKGROUND_ASSERTION };
        let class = out.make(&[vocab::KGV, class]);
        out.add(st, a, Obj::Iri(class), g);
        let s = self.entity_iri(&r.subject, out);
        out.add(st, Text::Borrowed(rdf::SUBJECT.as_str()), Obj::Iri(s), g);
        out.add(st, Text::Borrowed(rdf::PREDICATE.as_str()), Obj::Iri(self.property(r.kind)), g);
        let o = self.entity_iri(&r.object, out);
        out.add(st, Text::Borrowed(rdf::OBJECT.as_str()), Obj::Iri(o), g);
        // `KnowledgeGraph::sentence`, with the ends found once at construction.
        let [subject, object] = self.relation_ends(i).map(|end| end.map(|e| kg.entities()[e as usize].label.as_str()));
        let label = out.make(&[subject.unwrap_or(&r.subject), " ", r.kind.reading(), " ", object.unwrap_or(&r.object)]);
        out.add(st, Text::Borrowed(rdfs::LABEL.as_str()), Obj::Lang(label, "en"), g);
        let q = &r.qualifiers;
        if let Some(under) = &q.under {
            let (p, o) = (joined!(vocab::KGV, term::UNDER), self.entity_iri(under, out));
            out.add(st, p, Obj::Iri(o), g);
        }
        if let Some(place) = &q.place {
            let (p, o) = (joined!(vocab::KGV, term::PLACE), self.entity_iri(place, out));
            out.add(st, p, Obj::Iri(o), g);
        }
        if let Some(role) = &q.role {
            let p = joined!(vocab::KGV, term::ROLE);
            out.add(st, p, en_ref(role), g);
        }
        match &r.provenance {
            Provenance::Essay(_) => {
                let (p, o) =
                    (joined!(vocab::PROV, "wasDerivedFrom"), self.passage_ref(self.relation_passage(i as usize), out));
                out.add(st, p, Obj::Iri(o), g);
            }
            Provenance::Background { basis, context } => {
                let p = joined!(vocab::KGV, term::BASIS);
                out.add(st, p, en_ref(basis), g);
                if context.is_some() {
                    let o = self.passage_ref(self.relation_passage(i as usize), out);
                    out.add(st, Text::Borrowed(rdfs::SEE_ALSO.as_str()), Obj::Iri(o), g);
                }
            }
        }
        if let Some(note) = &r.note {
            let p = joined!(vocab::SKOS, "editorialNote");
            out.add(st, p, en_ref(note), g);
        }
        Self::dates(st, q.date, q.start, q.end, g, out);
    }

    /// The essay as a document, with its title and its author: the entity the byline ("By NAME"
    /// on the line after the title) names.
    fn essay<'t>(&'t self, out: &mut Triples<'t>) {
        let kg = self.kg;
        let essay = out.make(&[&self.names.base, path::ESSAY]);
        let class = joined!(vocab::KGV, term::ESSAY);
        out.add(essay, Text::Borrowed(rdf::TYPE.as_str()), Obj::Iri(class), false);
        let p = joined!(vocab::DCTERMS, "title");
        out.add(essay, p, en_ref(&kg.data().title), false);
        let p = joined!(vocab::SCHEMA, "text");
        out.add(essay, p, simple(&kg.data().essay), false);
        if let Some(author) = byline_author(kg) {
            let (p, o) = (joined!(vocab::DCTERMS, "creator"), self.entity_iri(&author.id, out));
            out.add(essay, p, Obj::Iri(o), false);
        }
        // The document is the text of the Work entity that `author_of` points at.
        if let Some(work) = title_work(kg) {
            let (p, o) = (joined!(vocab::SCHEMA, "exampleOfWork"), self.entity_iri(&work.id, out));
            out.add(essay, p, Obj::Iri(o), false);
        }
    }

    /// The VoID / DCAT description of the dataset, in the default graph: title, source essay,
    /// licence, generator, vocabulary, and the triple count of the default graph (this
    /// description included).
    fn dataset<'t>(&'t self, out: &mut Triples<'t>) {
        let dataset = out.make(&[&self.names.base, path::DATASET]);
        let background = Text::Borrowed(self.names.background.as_str());
        let a = Text::Borrowed(rdf::TYPE.as_str());
        let title = &self.kg.data().title;
        let class = joined!(vocab::VOID, "Dataset");
        out.add(dataset, a, Obj::Iri(class), false);
        let class = joined!(vocab::DCAT, "Dataset");
        out.add(dataset, a, Obj::Iri(class), false);
        let (p, o) = (joined!(vocab::DCTERMS, "title"), out.make(&["Knowledge graph of the essay “", title, "”"]));
        out.add(dataset, p, Obj::Lang(o, "en"), false);
        let p = joined!(vocab::DCTERMS, "description");
        let o = out.make(&[
            "Entities and relations of the essay with the quotes that state them, made by kg ",
            env!("CARGO_PKG_VERSION"),
            "; background knowledge the essay does not state is the subset ",
            &self.names.background,
            ".",
        ]);
        out.add(dataset, p, Obj::Lang(o, "en"), false);
        let (p, o) = (joined!(vocab::DCTERMS, "source"), out.make(&[&self.names.base, path::ESSAY]));
        out.add(dataset, p, Obj::Iri(o), false);
        let p = joined!(vocab::DCTERMS, "license");
        out.add(dataset, p, Obj::Iri(Text::Borrowed(vocab::LICENSE)), false);
        let p = joined!(vocab::VOID, "vocabulary");
        out.add(dataset, p, Obj::Iri(Text::Borrowed(vocab::KGV_ONTOLOGY)), false);
        let p = joined!(vocab::VOID, "uriSpace");
        out.add(dataset, p, simple(&self.names.base), false);
        let p = joined!(vocab::VOID, "entities");
        let o = non_negative_ref(self.kg.entities().len(), out);
        out.add(dataset, p, o, false);
        let p = joined!(vocab::VOID, "subset");
        out.add(dataset, p, Obj::Iri(background), false);
        let p = joined!(vocab::VOID, "triples");
        let o = non_negative_ref(self.counts.0, out);
        out.add(dataset, p, o, false);
    }

    /// The background graph as a VoID subset: its title and triple count.
    fn background_description<'t>(&'t self, out: &mut Triples<'t>) {
        let background = Text::Borrowed(self.names.background.as_str());
        let title = &self.kg.data().title;
        let class = joined!(vocab::VOID, "Dataset");
        out.add(background, Text::Borrowed(rdf::TYPE.as_str()), Obj::Iri(class), false);
        let p = joined!(vocab::DCTERMS, "title");
        let o = out.make(&["Background knowledge for the essay “", title, "”, which the essay does not state"]);
        out.add(background, p, Obj::Lang(o, "en"), false);
        let p = joined!(vocab::VOID, "triples");
        let o = non_negative_ref(self.counts.1, out);
        out.add(background, p, o, false);
    }
}

/// A string of a generated triple: borrowed from the graph, the vocabulary or the export's
/// index, or made in the subject's buffer (`Triples::arena`, by byte range).
#[derive(Debug, Clone, Copy)]
enum Text<'t> {
    Borrowed(&'t str),
    Made(usize, usize),
}

/// The object of a generated triple.
#[derive(Debug, Clone, Copy)]
enum Obj<'t> {
    Iri(Text<'t>),
    /// A literal with a language tag.
    Lang(Text<'t>, &'t str),
    /// A literal of a datatype (`xsd:string` for a plain one).
    Typed(Text<'t>, &'t str),
    Blank(&'t str),
}

/// One subject's triples as they are generated: subject, predicate, object, whether in the
/// background graph. Made strings go into one buffer reused from subject to subject; the quads
/// are lent as oxrdf `QuadRef`s once the subject is complete.
#[derive(Default)]
struct Triples<'t> {
    arena: String,
    raw: Vec<(Text<'t>, Text<'t>, Obj<'t>, bool)>,
}

impl<'t> Triples<'t> {
    fn clear(&mut self) {
        self.arena.clear();
        self.raw.clear();
    }

    /// The strings joined, in the buffer.
    fn make(&mut self, parts: &[&str]) -> Text<'t> {
        let start = self.arena.len();
        for p in parts {
            self.arena.push_str(p);
        }
        Text::Made(start, self.arena.len())
    }

    /// A value as `Display` writes it, in the buffer.
    fn display(&mut self, value: impl std::fmt::Display) -> Text<'t> {
        let start = self.arena.len();
        let _ = write!(self.arena, "{value}");
        Text::Made(start, self.arena.len())
    }

    fn add(&mut self, s: Text<'t>, p: Text<'t>, o: Obj<'t>, background: bool) {
        self.raw.push((s, p, o, background));
    }

    /// A quad of the vocabulary, borrowed.
    fn push_quad(&mut self, q: &'t Quad) {
        let s = match &q.subject {
            NamedOrBlankNode::NamedNode(n) => Text::Borrowed(n.as_str()),
            NamedOrBlankNode::BlankNode(b) => Text::Borrowed(b.as_str()),
        };
        let o = match &q.object {
            Term::NamedNode(n) => Obj::Iri(Text::Borrowed(n.as_str())),
            Term::BlankNode(b) => Obj::Blank(b.as_str()),
            Term::Literal(l) => match l.language() {
                Some(language) => Obj::Lang(Text::Borrowed(l.value()), language),
                None => Obj::Typed(Text::Borrowed(l.value()), l.datatype().as_str()),
            },
        };
        // The vocabulary's subjects are IRIs and it is in the default graph.
        self.raw.push((s, Text::Borrowed(q.predicate.as_str()), o, false));
    }

    fn text(&self, t: Text<'t>) -> &str {
        match t {
            Text::Borrowed(s) => s,
            Text::Made(from, to) => &self.arena[from..to],
        }
    }

    /// The quads, borrowing the buffer; `background` is the background graph's IRI (`None`:
    /// everything in the default graph, for `--background-only`).
    fn quads<'q>(&'q self, background: Option<&'q str>) -> impl Iterator<Item = QuadRef<'q>> + 'q {
        self.raw.iter().map(move |&(s, p, o, in_background)| {
            let object: TermRef<'q> = match o {
                Obj::Iri(t) => NamedNodeRef::new_unchecked(self.text(t)).into(),
                Obj::Lang(t, language) => {
                    LiteralRef::new_language_tagged_literal_unchecked(self.text(t), language).into()
                }
                Obj::Typed(t, datatype) => {
                    LiteralRef::new_typed_literal(self.text(t), NamedNodeRef::new_unchecked(datatype)).into()
                }
                Obj::Blank(b) => BlankNodeRef::new_unchecked(b).into(),
            };
            let graph = match background {
                Some(g) if in_background => GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(g)),
                _ => GraphNameRef::DefaultGraph,
            };
            QuadRef::new(
                NamedNodeRef::new_unchecked(self.text(s)),
                NamedNodeRef::new_unchecked(self.text(p)),
                object,
                graph,
            )
        })
    }
}

/// Sorts `v` as `v.sort_by(order)` does, without its scratch when the elements `apart` picks are
/// few (at most 1/16 of `v` and 1024) and the others a few ascending runs each near its place:
/// those picked are taken out (a stable `retain`, into a vector of their own) and sorted, the
/// others sorted by [`sort_by_runs`], and the two merged back from the end. An element picked
/// must never be equal to one not picked under `order` (as subjects under no stem never equal
/// one under a stem); then the result is the stable sort's. Else (too many picked) it is
/// `v.sort_by(order)`. Returns whether it sorted without the stable sort's scratch.
fn sort_few_apart<T: Copy>(
    v: &mut Vec<T>,
    apart: impl Fn(&T) -> bool,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> bool {
    let picked = v.iter().filter(|x| apart(x)).count();
    if picked > v.len() / 16 + 1024 {
        v.sort_by(|a, b| order(a, b));
        return false;
    }
    let mut few: Vec<T> = Vec::with_capacity(picked);
    v.retain(|x| match apart(x) {
        true => {
            few.push(*x);
            false
        }
        false => true,
    });
    few.sort_by(|a, b| order(a, b));
    let in_place = sort_by_runs(v, &order);
    // Merged from the end: each element moves once.
    let (mut i, mut j) = (v.len(), few.len());
    v.extend_from_slice(&few);
    while j > 0 {
        let k = i + j - 1;
        if i > 0 && order(&v[i - 1], &few[j - 1]).is_gt() {
            v[k] = v[i - 1];
            i -= 1;
        } else {
            v[k] = few[j - 1];
            j -= 1;
        }
    }
    in_place
}

/// Sorts `v` as `v.sort_by(order)` (a stable sort) does, without its scratch (half of `v`) when `v`
/// is made of a few ascending runs each near its place: each run is merged in place into the
/// sorted runs before it ([`merge_in_place`]), which costs a binary search and the moves of the
/// elements it passes. When the moves pass twice `v`'s length plus 4096 (many runs far from
/// their places: an input no export makes), the rest is left to `sort_by`, which is stable and
/// so ends as if it had sorted from the start. Returns whether it sorted in place.
///
/// # Complexity
/// O(n + r log n) comparisons and O(n) moves for r runs within the budget; else `sort_by`'s
/// O(n log n) after at most O(n) moves.
fn sort_by_runs<T>(v: &mut [T], order: impl Fn(&T, &T) -> std::cmp::Ordering) -> bool {
    let mut budget = 2 * v.len() + 4096;
    let ascending =
        |v: &[T], from: usize| from + 1 + v[from..].windows(2).take_while(|w| order(&w[0], &w[1]).is_le()).count();
    let mut sorted = if v.is_empty() { 0 } else { ascending(v, 0) };
    while sorted < v.len() {
        let end = ascending(v, sorted);
        match merge_in_place(&mut v[..end], sorted, &order, budget) {
            Some(left) => budget = left,
            None => {
                v.sort_by(|a, b| order(a, b));
                return false;
            }
        }
        sorted = end;
    }
    true
}

/// Merges the sorted `v[..mid]` and `v[mid..]` in place, stably (of equal elements the first
/// half's stay first): each stretch of the second half is rotated in front of the first half's
/// elements after it. Returns the budget of moves left, or `None` when the moves would pass
/// `budget` (then `v` is left a permutation of itself, each half's order and the order of equal
/// elements kept).
fn merge_in_place<T>(
    v: &mut [T],
    mid: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    mut budget: usize,
) -> Option<usize> {
    let (mut a, mut mid) = (0, mid);
    while a < mid && mid < v.len() {
        // The first of the first half after the second half's first (equal ones stay first).
        a += v[a..mid].partition_point(|x| order(x, &v[mid]).is_le());
        if a == mid {
            break;
        }
        // The second half's elements before it (equal ones stay after).
        let k = v[mid..].partition_point(|y| order(y, &v[a]).is_lt());
        budget = budget.checked_sub(mid - a + k)?;
        v[a..mid + k].rotate_left(mid - a);
        a += k;
        mid += k;
    }
    Some(budget)
}

/// An empty vector with the allocation of `v`, for borrows of another lifetime (the quads of one
/// subject lent, then the next subject's in the same allocation).
fn reuse<'a, 'b>(mut v: Vec<QuadRef<'a>>) -> Vec<QuadRef<'b>> {
    v.clear();
    v.into_iter().map(|_| -> QuadRef<'b> { unreachable!("the vector is empty") }).collect()
}

/// The passages put in the order of their local names (so of their subjects), with `index`
/// (passage offsets -> index) made to follow them: the export then reads the passages from one
/// address to the next as it writes them. Sorted by the names' first 8 bytes, then the whole
/// names. Returns where each passage moved.
fn in_local_order<'a, 'n>(passages: &mut Vec<Passage<'a>>, local: impl Fn(&Passage<'a>) -> &'n str) -> Vec<u32> {
    let head = |local: &str| {
        let mut head = [0; 8];
        let n = local.len().min(8);
        head[..n].copy_from_slice(&local.as_bytes()[..n]);
        u64::from_be_bytes(head)
    };
    let mut order: Vec<(u64, u32)> = passages.iter().enumerate().map(|(i, p)| (head(local(p)), i as u32)).collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| local(&passages[a.1 as usize]).cmp(local(&passages[b.1 as usize])))
    });
    let mut moved_to = vec![0u32; passages.len()];
    for (to, &(_, from)) in order.iter().enumerate() {
        moved_to[from as usize] = to as u32;
    }
    *passages = order.iter().map(|&(_, i)| passages[i as usize]).collect();
    moved_to
}

/// [`in_local_order`] for passages whose names are all the graph's ([`CitedNames`], kept in
/// local-name order): sorted by their names' indices, without reading a name. Equal names (which
/// are one subject) keep their indices' order, which the unstable sort by name leaves open.
/// Returns where each passage moved.
fn in_name_order(passages: &mut Vec<Passage<'_>>) -> Vec<u32> {
    let mut order: Vec<u64> = passages.iter().enumerate().map(|(i, p)| u64::from(p.name) << 32 | i as u64).collect();
    order.sort_unstable();
    let mut moved_to = vec![0u32; passages.len()];
    for (to, &from) in order.iter().enumerate() {
        moved_to[from as u32 as usize] = to as u32;
    }
    *passages = order.iter().map(|&i| passages[i as u32 as usize]).collect();
    moved_to
}

fn en_ref(text: &str) -> Obj<'_> {
    Obj::Lang(Text::Borrowed(text), "en")
}

fn simple(text: &str) -> Obj<'_> {
    Obj::Typed(Text::Borrowed(text), xsd::STRING.as_str())
}

fn non_negative_ref<'t>(n: usize, out: &mut Triples<'t>) -> Obj<'t> {
    Obj::Typed(out.display(n), xsd::NON_NEGATIVE_INTEGER.as_str())
}

/// The typed literal of a date at its own precision, made in `out`: `xsd:gYear`,
/// `xsd:gYearMonth`, `xsd:date`, or the Library of Congress EDTF datatype for a decade (`185X`).
fn date_literal_ref<'t>(d: HistDate, out: &mut Triples<'t>) -> Obj<'t> {
    match d.precision() {
        Precision::Decade => {
            let start = out.arena.len();
            let _ = write!(out.arena, "{:03}X", d.year() / 10);
            Obj::Typed(Text::Made(start, out.arena.len()), vocab::EDTF)
        }
        Precision::Year => Obj::Typed(out.display(d), xsd::G_YEAR.as_str()),
        Precision::Month => Obj::Typed(out.display(d), xsd::G_YEAR_MONTH.as_str()),
        Precision::Day => Obj::Typed(out.display(d), xsd::DATE.as_str()),
    }
}

/// The local name suffix of a passage's annotation (`.identifying`), after the motivation.
fn annotation_suffix(m: Motivation) -> &'static str {
    match m {
        Motivation::Identifying => ".identifying",
        Motivation::Describing => ".describing",
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

/// The graph as RDF quads: vocabulary, dataset description and what the essay states in the
/// default graph, background knowledge in `{base}graph/background`; sorted by graph, subject,
/// predicate and object, without repeats. Exports stream the same quads subject by subject
/// instead of collecting them.
///
/// # Errors
/// [`ExportError::BadBase`] when `options.base` or `options.vocab` is not an absolute IRI.
pub fn rdf_quads(kg: &KnowledgeGraph, options: &RdfOptions) -> Result<Vec<Quad>, ExportError> {
    let stream = RdfStream::new(kg, options)?;
    let mut quads = Vec::with_capacity(stream.counts.0 + stream.counts.1);
    stream
        .for_each_subject(true, |group| {
            quads.extend_from_slice(group);
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    Ok(quads)
}

/// [`quads_for`]`(syntax, `[`rdf_quads`]`(kg, options))`, the same quads in the same order, lent
/// in batches of `batch` quads (the last one shorter; at least one quad a batch) instead of
/// collected: a benchmark feeds a serializer the export's triples at a size where all of them
/// would not fit in memory (~17 KB a relation as owned terms). Only one batch is held at a time.
///
/// # Errors
/// [`ExportError::BadBase`] when `options.base` or `options.vocab` is not an absolute IRI.
pub fn rdf_quads_in_batches(
    kg: &KnowledgeGraph,
    options: &RdfOptions,
    syntax: RdfSyntax,
    batch: usize,
    mut f: impl FnMut(&[Quad]),
) -> Result<(), ExportError> {
    let stream = RdfStream::new(kg, options)?;
    let batch = batch.max(1);
    let keeps_graphs = syntax.keeps_graphs();
    let mut quads: Vec<Quad> = Vec::with_capacity(batch.min(1 << 16));
    stream
        .for_each_subject_ref(true, |group| {
            for q in group.iter().filter(|q| keeps_graphs || q.graph_name.is_default_graph()) {
                quads.push(q.into_owned());
                if quads.len() == batch {
                    f(&quads);
                    quads.clear();
                }
            }
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
    if !quads.is_empty() {
        f(&quads);
    }
    Ok(())
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

/// Writes the graph in an RDF syntax, subject by subject as it is generated (JSON-LD too, one
/// node object per subject: `jsonld.rs`). Turtle, TriG and RDF/XML declare the prefixes they use.
pub fn write_rdf(
    kg: &KnowledgeGraph,
    syntax: RdfSyntax,
    options: &RdfOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    if syntax == RdfSyntax::JsonLd {
        return super::jsonld::write_jsonld(kg, options, out);
    }
    if matches!(syntax, RdfSyntax::NTriples | RdfSyntax::NQuads) {
        // Every IRI in full: no prefixes to look for, and each line is written straight from
        // the terms (`write_line`, byte for byte what oxttl writes), a subject at a time.
        // A subject's lines are handed on in pieces of about `PIECE` bytes, and a long literal
        // (the essay's text: 91 MB at 1M relations) escaped a piece at a time, so that the
        // buffer never holds more than a piece and a line of ordinary length.
        let stream = RdfStream::new(kg, options)?;
        let with_graph = syntax == RdfSyntax::NQuads;
        // The built-in essay with the default options: each term copied as `build.rs` wrote it
        // with `write_term` (`rdf_stored::LineTerms`), found by its number.
        let stored_terms = crate::builtin::NTRIPLES_TERMS;
        if let Some(written) = super::rdf_stored::write_stored_lines(&stream, stored_terms, with_graph, PIECE, out) {
            return Ok(written?);
        }
        let mut buffer = Vec::new();
        return stream.for_each_subject_ref(syntax.keeps_graphs(), |quads| {
            buffer.clear();
            for q in quads {
                match q.object {
                    TermRef::Literal(l) if l.value().len() > PIECE => {
                        write_line_in_pieces(*q, with_graph, PIECE, &mut buffer, out)?
                    }
                    _ => write_line(*q, with_graph, &mut buffer)?,
                }
                if buffer.len() >= PIECE {
                    out.write_all(&buffer)?;
                    buffer.clear();
                }
            }
            out.write_all(&buffer).map_err(ExportError::from)
        });
    }
    let writes_prefixes = true;
    let prefixes =
        if writes_prefixes { export_prefixes(&options.base_for(kg), options.vocab_namespace()) } else { Vec::new() };
    if matches!(syntax, RdfSyntax::Turtle | RdfSyntax::TriG) {
        // kg's own writer (`turtle.rs`): byte for byte oxttl's output at a fraction of its cost,
        // declaring the prefixes it writes terms with while the body is held within
        // `TURTLE_BUFFER_LIMIT`, and every candidate prefix past it (one pass either way).
        let stream = RdfStream::new(kg, options)?;
        return super::turtle::write_turtle(&stream, &prefixes, syntax.keeps_graphs(), out);
    }
    // RDF/XML, kg's own writer too (`rdfxml.rs`): byte for byte oxrdfxml's output, declaring the
    // namespaces its terms use.
    let stream = RdfStream::new(kg, options)?;
    super::rdfxml::write_rdfxml(&stream, &prefixes, out)
}

/// Writes one quad as an N-Quads line (`with_graph`) or an N-Triples line, byte for byte as
/// oxttl's serializers write it (`<iri>`, `_:id`, literals quoted and escaped as oxrdf prints
/// them), without the formatting machinery that dominates their cost.
///
/// # Errors
/// An N-Triples line for a quad in a named graph (as oxrdfio refuses it).
pub(crate) fn write_line<'q>(q: impl Into<QuadRef<'q>>, with_graph: bool, out: &mut Vec<u8>) -> std::io::Result<()> {
    write_line_with(q.into(), with_graph, out, quoted)
}

/// One term as an N-Triples or N-Quads line writes it (`<iri>`, `_:id`, a literal quoted and
/// escaped with its language tag or datatype), the code [`write_line`] writes each term of a line
/// with; `build.rs` stores each term of the built-in essay's stream as written here
/// (`rdf_stored::encode_line_terms`).
pub(crate) fn write_term(t: TermRef<'_>, out: &mut Vec<u8>) {
    term_with(t, out, &mut quoted);
}

#[inline]
fn iri(iri: &str, out: &mut Vec<u8>) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

#[inline]
fn blank(b: BlankNodeRef<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(b.as_str().as_bytes());
}

/// [`write_term`], a literal's value written by `value` (quoted and escaped).
#[inline]
fn term_with(t: TermRef<'_>, out: &mut Vec<u8>, value: &mut impl FnMut(&str, &mut Vec<u8>)) {
    match t {
        TermRef::NamedNode(n) => iri(n.as_str(), out),
        TermRef::BlankNode(b) => blank(b, out),
        TermRef::Literal(l) => {
            value(l.value(), out);
            if let Some(language) = l.language() {
                out.push(b'@');
                out.extend_from_slice(language.as_bytes());
            } else if l.datatype() != xsd::STRING {
                out.extend_from_slice(b"^^");
                iri(l.datatype().as_str(), out);
            }
        }
        #[allow(unreachable_patterns)]
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

/// [`write_line`], the literal's value written by `value` (quoted and escaped).
fn write_line_with(
    q: QuadRef<'_>,
    with_graph: bool,
    out: &mut Vec<u8>,
    mut value: impl FnMut(&str, &mut Vec<u8>),
) -> std::io::Result<()> {
    match q.subject {
        NamedOrBlankNodeRef::NamedNode(n) => iri(n.as_str(), out),
        NamedOrBlankNodeRef::BlankNode(b) => blank(b, out),
    }
    out.push(b' ');
    iri(q.predicate.as_str(), out);
    out.push(b' ');
    term_with(q.object, out, &mut value);
    match q.graph_name {
        GraphNameRef::DefaultGraph => {}
        GraphNameRef::NamedNode(n) if with_graph => {
            out.push(b' ');
            iri(n.as_str(), out);
        }
        GraphNameRef::BlankNode(b) if with_graph => {
            out.push(b' ');
            blank(b, out);
        }
        _ => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "N-Triples cannot hold a quad in a named graph",
            ))
        }
    }
    out.extend_from_slice(b" .\n");
    Ok(())
}

/// The size of the pieces N-Triples and N-Quads are written in (`write_rdf`).
pub(crate) const PIECE: usize = 1 << 16;

/// [`write_line`] for a quad whose object is a literal, written to `out` through `buffer`
/// (which it leaves holding the line's end), its value escaped `piece` bytes or so at a time:
/// the same bytes, without ever holding the whole literal escaped. `buffer` may hold earlier
/// lines, written first.
///
/// # Errors
/// As `write_line`'s (checked before anything is written), or `out`'s.
fn write_line_in_pieces(
    q: QuadRef<'_>,
    with_graph: bool,
    piece: usize,
    buffer: &mut Vec<u8>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let TermRef::Literal(l) = q.object else {
        return Ok(write_line(q, with_graph, buffer)?);
    };
    // The line's own error (a quad in a named graph in N-Triples) before any piece is written.
    let empty = match l.language() {
        Some(language) => LiteralRef::new_language_tagged_literal_unchecked("", language),
        None => LiteralRef::new_typed_literal("", l.datatype()),
    };
    write_line(QuadRef { object: empty.into(), ..q }, with_graph, &mut Vec::new())?;
    let mut failed = None;
    write_line_with(q, with_graph, buffer, |value, buffer| {
        buffer.push(b'"');
        let mut from = 0;
        while from < value.len() && failed.is_none() {
            let mut to = (from + piece.max(1)).min(value.len());
            while !value.is_char_boundary(to) {
                to += 1;
            }
            escaped(&value[from..to], buffer);
            failed = out.write_all(buffer).err();
            buffer.clear();
            from = to;
        }
        buffer.push(b'"');
    })?;
    match failed {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// What N-Triples writes for each byte of a literal: 0 the byte itself, 1 a `\\u00XX` escape,
/// 2 U+FFFE or U+FFFF if the two bytes after it make one, else one of `\\b \\t \\n \\f \\r \\" \\\\`
/// (the escaped letter).
const ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = 1;
        b += 1;
    }
    table[0x7F] = 1;
    table[0xEF] = 2;
    table[0x08] = b'b';
    table[b'\t' as usize] = b't';
    table[b'\n' as usize] = b'n';
    table[0x0C] = b'f';
    table[b'\r' as usize] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// A string as oxrdf's `print_quoted_str` writes it: quoted, with `\b \t \n \f \r \" \\`, the
/// other control characters, U+007F, U+FFFE and U+FFFF escaped; runs of plain bytes copied.
pub(super) fn quoted(value: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    escaped(value, out);
    out.push(b'"');
}

/// [`quoted`] without the quotes: the same for a string cut anywhere between characters, piece
/// by piece (each escape is of one character).
fn escaped(value: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Plain bytes passed over eight at a time.
        while let Some(&word) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            if super::escape::ntriples_special(u64::from_le_bytes(word)) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        match ESCAPES[usize::from(b)] {
            0 => {
                i += 1;
                continue;
            }
            1 => {
                out.extend_from_slice(&bytes[plain..i]);
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
                i += 1;
            }
            2 => match bytes.get(i + 1..i + 3) {
                Some([0xBF, last @ (0xBE | 0xBF)]) => {
                    out.extend_from_slice(&bytes[plain..i]);
                    out.extend_from_slice(if *last == 0xBE { b"\\uFFFE" } else { b"\\uFFFF" });
                    i += 3;
                }
                _ => {
                    i += 1;
                    continue;
                }
            },
            letter => {
                out.extend_from_slice(&bytes[plain..i]);
                out.extend_from_slice(&[b'\\', letter]);
                i += 1;
            }
        }
        plain = i;
    }
    out.extend_from_slice(&bytes[plain..]);
}

pub(crate) fn uses_namespace(q: QuadRef<'_>, namespace: &str) -> bool {
    let starts = |iri: &str| iri.strip_prefix(namespace).is_some_and(is_local_name);
    let subject = matches!(q.subject, NamedOrBlankNodeRef::NamedNode(n) if starts(n.as_str()));
    let object = match q.object {
        TermRef::NamedNode(n) => starts(n.as_str()),
        TermRef::Literal(l) => starts(l.datatype().as_str()),
        _ => false,
    };
    let graph = matches!(q.graph_name, GraphNameRef::NamedNode(n) if starts(n.as_str()));
    subject || starts(q.predicate.as_str()) || object || graph
}

/// Whether a prefixed name `p:local` could be written for this local part (no `/`, `#`).
fn is_local_name(local: &str) -> bool {
    !local.is_empty() && !local.contains(['/', '#'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::GraphName;
    use oxrdfio::RdfSerializer;

    fn en(text: &str) -> Literal {
        Literal::new_language_tagged_literal_unchecked(text, "en")
    }

    #[test]
    fn passage_names_depend_on_the_text_not_the_offsets() {
        let text = "An opening sentence of some length. Japan met Russia. Later Japan met China.";
        let at = |from: usize, quote: &str| {
            let start = text[..].match_indices(quote).map(|(i, _)| i).find(|&i| i >= from).unwrap();
            Evidence::new(quote, start, start + quote.len())
        };
        let (first, second) = (at(0, "Japan"), at(40, "Japan"));
        let (a, b) = (passage_name(text, &first), passage_name(text, &second));
        assert_ne!(a.local, b.local, "two occurrences of one word are two passages");
        assert!(a.local.starts_with("japan-"), "{}", a.local);
        assert_eq!(a.suffix, " met Russia. Lat", "the context that makes it unique");
        // Text inserted far before both moves the offsets, not the names.
        let moved_text = format!("A new first sentence. {text}");
        let shift = "A new first sentence. ".len();
        let first_moved = first.shifted(shift);
        assert_eq!(passage_name(&moved_text, &first_moved).local, a.local);
        let unique = at(0, "Later Japan");
        let name = passage_name(text, &unique);
        assert!(name.prefix.is_empty() && name.suffix.is_empty(), "a unique quote needs no context");
    }

    /// `write_line_in_pieces` through a sink, for every piece size up to `max_piece`: each
    /// against `write_line`'s whole line (after a line already in the buffer).
    fn assert_pieces_as_whole(q: QuadRef<'_>, with_graph: bool, max_piece: usize) {
        let mut whole = b"<earlier> <line> <x> .\n".to_vec();
        write_line(q, with_graph, &mut whole).unwrap();
        for piece in 0..=max_piece {
            let (mut buffer, mut out) = (b"<earlier> <line> <x> .\n".to_vec(), Vec::new());
            write_line_in_pieces(q, with_graph, piece, &mut buffer, &mut out).unwrap();
            out.extend_from_slice(&buffer);
            assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&whole), "piece {piece}");
        }
    }

    #[test]
    fn long_literals_written_in_pieces_as_in_one_line() {
        let s = NamedNode::new_unchecked("https://example.org/s");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("https://example.org/g"));
        // Escapes and characters of 1 to 4 bytes at every offset of the pieces; U+FFFE and
        // U+FFFF (escaped as a 3-byte whole) next to U+FFFD and U+EFBF (whose bytes start alike).
        let tricky =
            "a \"quote\" \\ back\tslash\n\r\u{8}\u{c}\u{1}\u{1f}\u{7f} é ✓ \u{fffe}\u{ffff}\u{fffd}\u{efbf}𝔘 end";
        let objects: Vec<Term> = vec![
            Literal::new_simple_literal(tricky).into(),
            en(tricky).into(),
            Literal::new_typed_literal(tricky, xsd::NON_NEGATIVE_INTEGER).into(),
            Literal::new_simple_literal("").into(),
            NamedNode::new_unchecked("https://example.org/o").into(),
        ];
        for (with_graph, graph) in [(false, GraphName::DefaultGraph), (true, g)] {
            for o in &objects {
                let q = Quad::new(s.clone(), rdf::VALUE, o.clone(), graph.clone());
                assert_pieces_as_whole(q.as_ref(), with_graph, tricky.len() + 1);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn literals_in_pieces_proptest(value in "(\\PC|[\u{0}-\u{1f}\"\\\\\u{fffe}\u{ffff}\u{fffd}]){0,40}", language in proptest::bool::ANY) {
            let s = NamedNode::new_unchecked("https://example.org/s");
            let o: Term = if language { en(&value).into() } else { Literal::new_simple_literal(&value).into() };
            let q = Quad::new(s, rdf::VALUE, o, GraphName::DefaultGraph);
            assert_pieces_as_whole(q.as_ref(), false, value.len() + 1);
        }
    }

    #[test]
    fn a_long_line_in_a_named_graph_is_refused_before_any_piece() {
        let s = NamedNode::new_unchecked("https://example.org/s");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("https://example.org/g"));
        let q = Quad::new(s, rdf::VALUE, Literal::new_simple_literal("x".repeat(100)), g);
        let (mut buffer, mut out) = (b"<earlier> <line> <x> .\n".to_vec(), Vec::new());
        assert!(write_line_in_pieces(q.as_ref(), false, 4, &mut buffer, &mut out).is_err());
        assert!(out.is_empty());
    }

    /// `names` renamed by [`rename`] (sorted hashes when `plain`), read back.
    fn renamed(names: &[String], plain: bool) -> Vec<String> {
        let mut out = String::new();
        let mut ranges: Vec<(u32, u32)> = names.iter().map(|n| append_local(&mut out, n)).collect();
        rename(&mut out, &mut ranges, plain);
        // Every name is followed by its `>`, as a subject's local name is.
        assert!(ranges.iter().all(|&(_, to)| out.as_bytes()[to as usize] == b'>'));
        ranges.iter().map(|&(a, b)| out[a as usize..b as usize].to_string()).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn repeated_relation_names_renamed_as_by_the_set(picks in proptest::collection::vec(0usize..6, 0..40)) {
            // Names as relations make them (three dots), few enough to repeat.
            let names: Vec<String> = picks.iter().map(|&k| format!("s{}.kind.o{}.0000000{}", k % 2, k % 3, k)).collect();
            proptest::prop_assert_eq!(renamed(&names, true), rename_repeats_by_set(names));
        }
    }

    #[test]
    fn names_with_dotted_ids_are_renamed_by_the_set() {
        // An id with a dot can make a name another's renamed one: sorting hashes would give
        // two relations `a.k.b.1.2`; the set gives the third `a.k.b.1.2.2`.
        let names: Vec<String> = ["a.k.b.1", "a.k.b.1", "a.k.b.1.2"].map(String::from).to_vec();
        let by_set = rename_repeats_by_set(names.clone());
        assert_eq!(by_set, ["a.k.b.1", "a.k.b.1.2", "a.k.b.1.2.2"]);
        assert_ne!(renamed(&names, true), by_set);
        assert_eq!(renamed(&names, false), by_set);
    }

    /// The passages put in order by their names' indices ([`in_name_order`]) are in the order
    /// [`in_local_order`] (by name) puts them, from any order; a stream with names not among the
    /// graph's (whose indices say nothing of their order) refuses it and sorts by name.
    #[test]
    fn passages_in_name_order_as_by_their_names() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let mut stream = RdfStream::generated(&essay, &RdfOptions::default()).unwrap();
        assert!(stream.computed.len() == 0 && stream.passages.len() > 100);
        let locals = |stream: &RdfStream<'_>, passages: &[Passage<'_>]| -> Vec<String> {
            passages.iter().map(|p| stream.name(p).local.to_string()).collect()
        };
        let named = locals(&stream, &stream.passages);
        assert!(named.windows(2).all(|w| w[0] <= w[1]), "the stream's passages are in local order");
        let mut shuffled = stream.passages.clone();
        shuffled.reverse();
        shuffled.rotate_left(17);
        let (mut by_index, mut by_name) = (shuffled.clone(), shuffled.clone());
        let moved = in_name_order(&mut by_index);
        in_local_order(&mut by_name, |p| stream.name(p).local);
        assert_eq!(locals(&stream, &by_index), locals(&stream, &by_name));
        assert!(shuffled.iter().zip(&moved).all(|(p, &to)| by_index[to as usize].name == p.name));
        // Names past the graph's, in an order their indices do not follow: sorted by name.
        for (k, p) in stream.passages.iter_mut().enumerate() {
            p.name = (stream.known.len() + k) as u32;
        }
        let n = stream.passages.len();
        for k in 0..n {
            let local = format!("{:08}", (n - k) * 7 % n);
            stream.computed.push(NameRef { local: &local, prefix: "", suffix: "" });
        }
        let mut passages = stream.passages.clone();
        stream.in_passage_order(&mut passages);
        let sorted = locals(&stream, &passages);
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "sorted by name, not by index");
        let mut by_index = stream.passages.clone();
        in_name_order(&mut by_index);
        assert_ne!(locals(&stream, &by_index), sorted, "the test's names are out of index order");
    }

    #[test]
    fn a_cited_name_keeps_its_quote_only_where_another_shares_its_offsets() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let known = cited_passage_names(&essay);
        assert!((0..known.len()).all(|k| !known.keeps_quote(k)));
        let mut data = essay.data().clone();
        let cited = data
            .relations
            .iter()
            .find_map(|r| match &r.provenance {
                Provenance::Essay(e) => Some(e.clone()),
                _ => None,
            })
            .unwrap();
        // Another quote at the same offsets (the loader refuses it; a graph built by hand may
        // hold it): only the passage of the quote named there takes the name.
        let other = Evidence::new("another quote", cited.start, cited.end);
        data.entities[0].mentions.push(other.clone());
        let kg = KnowledgeGraph::new(data);
        let known = cited_passage_names(&kg);
        assert_eq!((0..known.len()).filter(|&k| known.keeps_quote(k)).count(), 1);
        // The first quote in byte order is the one named, as `cited_passages` keeps it.
        let first = cited.quote().min("another quote");
        let named = known.find(&cited).or(known.find(&other)).unwrap();
        assert!(known.keeps_quote(named));
        assert_eq!(known.find(&cited).is_some(), cited.quote() == first);
        assert_eq!(known.find(&other).is_some(), other.quote() == first);
        // Another passage at offsets no name has: none.
        assert_eq!(known.find(&Evidence::new("x", usize::MAX - 1, usize::MAX)), None);
    }

    /// Every citation's passage, found by its place among the citations, is the passage at the
    /// citation's offsets, as the hash map of offsets that found it before said (kept here as
    /// the reference): for each entity's dates, evidence, mentions and numbers, and each
    /// relation's evidence or context, on the essay and on a graph where two quotes share
    /// offsets and entities cite passages others cite.
    #[test]
    fn citations_find_the_passages_at_their_offsets() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let mut data = essay.data().clone();
        let cited = data.relations.iter().find_map(|r| match &r.provenance {
            Provenance::Essay(e) => Some(e.clone()),
            _ => None,
        });
        let cited = cited.unwrap();
        data.entities[0].mentions.push(Evidence::new("another quote", cited.start, cited.end));
        let shared = data.entities[1].evidence.clone();
        data.entities[2].mentions.insert(0, shared);
        let shared = KnowledgeGraph::new(data);
        for kg in [&essay, &shared] {
            let stream = RdfStream::generated(kg, &RdfOptions::default()).unwrap();
            let mut by_offsets: foldhash::HashMap<(usize, usize), u32> = Default::default();
            for (p, passage) in stream.passages.iter().enumerate() {
                let e = passage.evidence;
                assert!(by_offsets.insert((e.start, e.end), p as u32).is_none(), "one passage per offsets");
            }
            let at = |e: &Evidence| &stream.passages[by_offsets[&(e.start, e.end)] as usize];
            let same = |a: &Passage<'_>, b: &Passage<'_>| std::ptr::eq(a, b);
            let mut seen = 0;
            for (i, e) in kg.entities().iter().enumerate() {
                let i = i as u32;
                let mut expected: Vec<&Evidence> =
                    [&e.date, &e.start, &e.end].into_iter().flatten().map(|d| &d.evidence).collect();
                expected.push(&e.evidence);
                expected.extend(&e.mentions);
                expected.extend(e.numbers.iter().map(|n| &n.evidence));
                assert_eq!(stream.entity_passages(i).len(), expected.len());
                for (k, want) in expected.iter().enumerate() {
                    assert!(same(stream.entity_passage(i, k), at(want)), "entity {} citation {k}", e.id);
                }
                let mentions: Vec<&Passage<'_>> =
                    stream.mentions(i, e).iter().map(|&p| &stream.passages[p as usize]).collect();
                assert!(mentions.iter().zip(&e.mentions).all(|(p, m)| same(p, at(m))));
                seen += expected.len();
            }
            for (i, r) in kg.relations().iter().enumerate() {
                match &r.provenance {
                    Provenance::Essay(e) | Provenance::Background { context: Some(e), .. } => {
                        assert!(same(stream.relation_passage(i), at(e)), "{}", r.id);
                        seen += 1;
                    }
                    Provenance::Background { context: None, .. } => assert_eq!(stream.relation_cited[i], u32::MAX),
                }
            }
            assert_eq!(seen, stream.cited.len());
        }
    }

    /// Each entity's relations, placed in one vector, are the ones a vector per entity held
    /// (kept here as the reference), in relation order; each relation's ends are its ids'
    /// entities, `None` for an id no entity has (a graph built by hand: the loader refuses it).
    #[test]
    fn subject_relations_in_one_vector_are_a_vector_per_entity() {
        let mut data = KnowledgeGraph::builtin().unwrap().data().clone();
        data.relations[0].subject = "no_such_entity".into();
        data.relations[1].object = "no_such_entity".into();
        let kg = KnowledgeGraph::new(data);
        let stream = RdfStream::generated(&kg, &RdfOptions::default()).unwrap();
        let index = |id: &str| kg.entities().iter().position(|e| e.id.as_str() == id).map(|i| i as u32);
        let mut per_entity: Vec<Vec<u32>> = vec![Vec::new(); kg.entities().len()];
        for (i, r) in kg.relations().iter().enumerate() {
            assert_eq!(stream.relation_ends(i as u32), [index(&r.subject), index(&r.object)], "{}", r.id);
            if let Some(s) = index(&r.subject) {
                per_entity[s as usize].push(i as u32);
            }
        }
        assert_eq!(stream.relation_ends(0)[0], None);
        assert_eq!(stream.relation_ends(1)[1], None);
        for (i, want) in per_entity.iter().enumerate() {
            assert_eq!(stream.subject_relations(i as u32), &want[..], "{}", kg.entities()[i].id);
        }
        assert!(per_entity.iter().any(|r| r.len() > 1));
    }

    /// Every subject's triples as the stream writes them, with the background graph.
    /// Keys with their places.
    type Keyed = Vec<(u8, usize)>;

    /// `sort_by_runs` against the stable sort it stands for: (key, place) pairs ordered by key
    /// alone, so that a result differing in the order of equal keys differs.
    fn sorted_both_ways(keys: &[u8]) -> (Keyed, Keyed, bool) {
        let v: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
        let mut stable = v.clone();
        stable.sort_by_key(|a| a.0);
        let mut runs = v;
        let in_place = sort_by_runs(&mut runs, |a, b| a.0.cmp(&b.0));
        (runs, stable, in_place)
    }

    proptest::proptest! {
        #[test]
        fn sorted_by_runs_as_by_the_stable_sort(
            runs in proptest::collection::vec(proptest::collection::vec(0u8..12, 0..60), 0..8),
            noise in proptest::collection::vec(0u8..12, 0..6),
        ) {
            // A few ascending runs (families), then a few unordered keys.
            let mut keys: Vec<u8> = Vec::new();
            for mut run in runs {
                run.sort_unstable();
                keys.extend(run);
            }
            keys.extend(noise);
            let (runs, stable, _) = sorted_both_ways(&keys);
            proptest::prop_assert_eq!(runs, stable);
        }

        #[test]
        fn sorted_by_runs_as_by_the_stable_sort_on_any_order(keys in proptest::collection::vec(0u8..8, 0..300)) {
            let (runs, stable, _) = sorted_both_ways(&keys);
            proptest::prop_assert_eq!(runs, stable);
        }
    }

    #[test]
    fn runs_are_merged_in_place_and_many_far_runs_are_refused() {
        // Families, each in order, in the wrong order among themselves, and a few strays.
        let mut keys: Vec<u8> = (0..5000).map(|i| 100 + (i * 7 / 5000) as u8).collect();
        keys.extend((0..3000).map(|i| 10 + (i * 5 / 3000) as u8));
        keys.extend([250, 107, 120, 251, 12]);
        let (runs, stable, in_place) = sorted_both_ways(&keys);
        assert_eq!(runs, stable);
        assert!(in_place, "a few runs are merged without the stable sort");
        // Descending: every element its own run, far from its place: left to the stable sort
        // once the moves pass their budget, which still ends as the stable sort.
        let keys: Vec<u8> = (0..20_000).map(|i| 255 - (i / 80) as u8).collect();
        let (runs, stable, in_place) = sorted_both_ways(&keys);
        assert_eq!(runs, stable);
        assert!(!in_place, "far runs are refused");
        // Refused midway: the halves' order and that of equal elements kept, so the stable sort
        // of what is left is the stable sort of the input.
        let keys: Vec<u8> = (0..3000).map(|i| (i % 3) as u8).chain((0..3000).map(|i| (i % 2) as u8)).collect();
        let v: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
        let mut stable = v.clone();
        stable.sort_by_key(|a| a.0);
        let mut partial = v;
        assert_eq!(merge_in_place(&mut partial, 3000, |a: &(u8, usize), b| a.0.cmp(&b.0), 10), None);
        partial.sort_by_key(|a| a.0);
        assert_eq!(partial, stable);
    }

    proptest::proptest! {
        #[test]
        fn sorted_with_few_apart_as_by_the_stable_sort(
            keys in proptest::collection::vec(0u8..40, 0..400),
            odd in proptest::collection::vec(proptest::bool::ANY, 0..400),
        ) {
            // Keys picked (odd ones, where `odd` says) are never equal to the others (even ones).
            let keys: Vec<u8> = keys.iter().zip(odd.iter().chain(std::iter::repeat(&false))).map(|(k, o)| 2 * (k / 2) + u8::from(*o)).collect();
            let v: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut stable = v.clone();
            stable.sort_by_key(|a| a.0);
            let mut apart = v;
            sort_few_apart(&mut apart, |x| x.0 % 2 == 1, |a, b| a.0.cmp(&b.0));
            proptest::prop_assert_eq!(apart, stable);
        }
    }

    #[test]
    fn many_apart_are_refused() {
        let v: Vec<(u8, usize)> = (0..5000).map(|i| ((i * 37 % 101) as u8, i)).collect();
        let mut stable = v.clone();
        stable.sort_by_key(|a| a.0);
        let mut apart = v.clone();
        assert!(!sort_few_apart(&mut apart, |x| x.0 % 2 == 1, |a, b| a.0.cmp(&b.0)), "half of them apart");
        assert_eq!(apart, stable);
        let mut few = v;
        assert!(!sort_few_apart(&mut few, |x| x.0 == 7, |a, b| a.0.cmp(&b.0)), "the others far from their places");
        assert_eq!(few, stable);
    }

    #[test]
    fn the_streams_parts_are_sorted_in_place_as_by_the_stable_sort() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let vocab = RdfOptions { vocab: Some("https://example.org/v#".into()), ..RdfOptions::default() };
        for options in [RdfOptions::default(), vocab] {
            let stream = RdfStream::generated(&essay, &options).unwrap();
            // As `add_data` adds them: the vocabulary's first, the others family by family.
            let mut added = stream.parts.clone();
            added.sort_by_key(|s| s.stem() != 0);
            let mut stable = added.clone();
            stable.sort_by(|a, b| stream.subject_order(a, b));
            assert!(stream.sort_parts(&mut added), "sorted in place");
            let subjects = |parts: &[Slot]| parts.iter().map(|s| (s.graph(), stream.subject(s))).collect::<Vec<_>>();
            assert_eq!(subjects(&added), subjects(&stable));
            assert_eq!(subjects(&added), subjects(&stream.parts));
        }
    }

    /// A part's local name with its `>` and its order as they were when every local name was
    /// copied into `locals` (before [`PASSAGE_NAME`]): the reference the parts are checked
    /// against.
    fn copied_local(stream: &RdfStream<'_>, slot: &Slot) -> Vec<u8> {
        match (slot.from, slot.part()) {
            (PASSAGE_NAME, Part::Passages(p)) => {
                [stream.name(&stream.passages[p as usize]).local.as_bytes(), b">"].concat()
            }
            // A local name holds no `>` but its last byte.
            _ => {
                let local = &stream.locals.as_bytes()[slot.from as usize..];
                local[..=local.iter().position(|&c| c == b'>').unwrap()].to_vec()
            }
        }
    }

    fn copied_order(stream: &RdfStream<'_>, a: &Slot, b: &Slot) -> std::cmp::Ordering {
        let stem = |s: &Slot| stream.stems[usize::from(s.stem())].as_bytes().to_vec();
        a.graph().cmp(&b.graph()).then_with(|| match (a.stem(), b.stem()) {
            (x, y) if x == y => copied_local(stream, a).cmp(&copied_local(stream, b)),
            (0, _) => copied_local(stream, a).as_slice().cmp(stem(b).as_slice()),
            (_, 0) => stem(a).as_slice().cmp(copied_local(stream, b).as_slice()),
            (x, y) => stream.stem_rank[usize::from(x)].cmp(&stream.stem_rank[usize::from(y)]),
        })
    }

    #[test]
    fn passages_named_in_place_order_as_their_copied_names() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let based = RdfOptions { base: Some("urn:kg:x:".into()), ..RdfOptions::default() };
        for options in [RdfOptions::default(), based] {
            let stream = RdfStream::generated(&essay, &options).unwrap();
            let parts = &stream.parts;
            let named = parts.iter().filter(|s| s.from == PASSAGE_NAME).count();
            assert_eq!(named, stream.passages.len(), "every passage's part reads its name in place");
            for (i, a) in parts.iter().enumerate() {
                let copied = copied_local(&stream, a);
                let mut head = [0; 8];
                head[..copied.len().min(8)].copy_from_slice(&copied[..copied.len().min(8)]);
                assert_eq!(a.head, u64::from_be_bytes(head), "{}", stream.subject(a));
                assert_eq!(
                    stream.subject(a).into_bytes(),
                    [stream.stems[usize::from(a.stem())].as_bytes(), &copied].concat()
                );
                // Against its neighbours and a spread of the others.
                for b in parts.iter().skip(i.saturating_sub(2)).take(5).chain(parts.iter().step_by(7)) {
                    assert_eq!(stream.subject_order(a, b), copied_order(&stream, a, b));
                    assert_eq!(stream.same_subject(a, b), copied_order(&stream, a, b).is_eq());
                }
            }
            let mut stable = parts.clone();
            stable.sort_by(|a, b| copied_order(&stream, a, b));
            let subjects = |parts: &[Slot]| parts.iter().map(|s| (s.graph(), stream.subject(s))).collect::<Vec<_>>();
            assert_eq!(subjects(parts), subjects(&stable));
        }
    }

    #[test]
    fn a_slot_packs_its_part_in_24_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 24);
        let m = u32::MAX;
        let mut parts = vec![
            Part::Ontology(m - 1, m),
            Part::Essay,
            Part::Dataset,
            Part::BackgroundGraph,
            Part::Entity(m),
            Part::EntityBackground(m),
            Part::Direct(m),
            Part::Quantity(m, m - 1),
            Part::Statement(m),
            Part::Passages(m),
        ];
        for sub in [PassagePart::Resource, PassagePart::Quote, PassagePart::Position] {
            parts.push(Part::Passage(m, sub));
        }
        for motivation in [Motivation::Identifying, Motivation::Describing] {
            parts.push(Part::Passage(7, PassagePart::Annotation(motivation)));
        }
        for part in parts {
            for (graph, stem, len) in [(0, 0, 1), (1, 4, 65_534), (1, 0x7f, 65_535), (0, 3, 1 << 20)] {
                let slot = Slot::new(graph, stem, 9, 5, len, part);
                assert_eq!(format!("{:?}", slot.part()), format!("{part:?}"));
                assert_eq!((slot.graph(), slot.stem()), (graph, stem));
                assert_eq!(slot.len, if len < 65_535 { len as u16 } else { LONG_LOCAL });
                let other = slot.with_part(Part::Essay);
                assert_eq!((other.graph_stem, other.head, other.from, other.len), (slot.graph_stem, 9, 5, slot.len));
            }
        }
    }

    #[test]
    fn long_local_names_are_found_by_their_bracket_and_ordered_as_copied() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let namespace = format!("https://example.org/{}#", "v".repeat(70_000));
        let options = RdfOptions { vocab: Some(namespace), ..RdfOptions::default() };
        let stream = RdfStream::generated(&essay, &options).unwrap();
        assert!(stream.parts.iter().any(|s| s.len == LONG_LOCAL), "some subject is longer than 65,534 bytes");
        for slot in &stream.parts {
            let copied = copied_local(&stream, slot);
            assert_eq!(stream.local(slot), &copied[..copied.len() - 1]);
        }
        assert!(stream.parts.windows(2).all(|w| copied_order(&stream, &w[0], &w[1]).is_le()));
    }

    #[test]
    fn passages_names_are_copied_where_subjects_are_rewritten_or_left_out() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let vocab = RdfOptions { vocab: Some("https://example.org/v#".into()), ..RdfOptions::default() };
        let background = RdfOptions { only_background: true, ..RdfOptions::default() };
        for options in [vocab, background] {
            let stream = RdfStream::generated(&essay, &options).unwrap();
            assert!(stream.parts.iter().all(|s| s.from != PASSAGE_NAME));
        }
        let stream = RdfStream::generated(&essay, &RdfOptions::default()).unwrap();
        assert!(stream.parts.iter().any(|s| s.from == PASSAGE_NAME));
    }

    #[test]
    fn only_large_graphs_hand_freed_memory_back() {
        let essay = KnowledgeGraph::builtin().unwrap();
        assert!(essay.relations().len() < RELEASE_FROM_RELATIONS);
        // The bench's 100,000 and 1M relations hand it back.
        const { assert!(RELEASE_FROM_RELATIONS <= 100_000) };
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn closed_heads_and_order_as_with_the_closing_bracket(a in "[ab.~é]{0,11}", b in "[ab.~é]{0,11}") {
            let closed = |s: &str| [s.as_bytes(), b">"].concat();
            let head = |s: &[u8]| {
                let mut head = [0; 8];
                head[..s.len().min(8)].copy_from_slice(&s[..s.len().min(8)]);
                u64::from_be_bytes(head)
            };
            proptest::prop_assert_eq!(closed_head(a.as_bytes()), head(&closed(&a)));
            proptest::prop_assert_eq!(closed_bytes_order(a.as_bytes(), b.as_bytes(), b'>'), closed(&a).cmp(&closed(&b)));
            let (pa, pb) = (closed_head(a.as_bytes()), closed_head(b.as_bytes()));
            proptest::prop_assert!(pa == pb || pa.cmp(&pb) == closed(&a).cmp(&closed(&b)));
        }
    }

    #[test]
    fn a_citation_keeps_its_body_in_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Cites>(), 12);
        for body in [Body::Entity(7), Body::Quantity(u32::MAX, 3), Body::Statement(u32::MAX - 1)] {
            for m in [Motivation::Describing, Motivation::Identifying] {
                let c = Cites::new(m, body);
                assert_eq!(c.motivation, m);
                assert_eq!(format!("{:?}", c.body()), format!("{body:?}"));
            }
        }
    }

    fn written(stream: &RdfStream<'_>) -> Vec<Vec<Quad>> {
        let mut all = Vec::new();
        stream
            .for_each_subject(true, |quads| {
                all.push(quads.to_vec());
                Ok::<_, std::convert::Infallible>(())
            })
            .unwrap();
        all
    }

    #[test]
    fn a_passage_part_is_written_as_its_five_parts() {
        let essay = KnowledgeGraph::builtin().unwrap();
        for options in [RdfOptions::default(), RdfOptions { ontology: false, ..RdfOptions::default() }] {
            let compact = RdfStream::generated(&essay, &options).unwrap();
            assert!(compact.parts.iter().any(|s| matches!(s.part(), Part::Passages(_))));
            let mut expanded = RdfStream::generated(&essay, &options).unwrap();
            expanded.expand_passages();
            assert!(!expanded.parts.iter().any(|s| matches!(s.part(), Part::Passages(_))));
            assert!(expanded.parts.len() > compact.parts.len());
            assert_eq!(written(&compact), written(&expanded));
            assert_eq!(compact.counts, expanded.counts);
        }
        // `--vocab` rewrites subjects whole: a part per subject from the start.
        let vocab = RdfOptions { vocab: Some("https://example.org/v#".into()), ..RdfOptions::default() };
        let rewritten = RdfStream::generated(&essay, &vocab).unwrap();
        assert!(!rewritten.parts.iter().any(|s| matches!(s.part(), Part::Passages(_))));
    }

    #[test]
    fn a_passage_part_is_refused_when_another_subject_lies_among_its_own() {
        let essay = KnowledgeGraph::builtin().unwrap();
        let options = RdfOptions::default();
        let plain = RdfStream::generated(&essay, &options).unwrap();
        assert!(plain.passages_apart());
        let expected = written(&plain);
        // A second part for one passage's `.quote` subject (as a base or ids made to collide
        // could give): it sorts among the passage's subjects.
        let mut stream = RdfStream::generated(&essay, &options).unwrap();
        let p = 3;
        let local = stream.name(&stream.passages[p as usize]).local.to_string();
        stream.add_part(0, EVIDENCE_STEM, &[&local, ".quote"], Part::Passage(p, PassagePart::Quote));
        let mut parts = std::mem::take(&mut stream.parts);
        parts.sort_by(|a, b| stream.subject_order(a, b));
        stream.parts = parts;
        assert!(!stream.passages_apart());
        // Kept, the passage's part would write its `.quote` subject twice, apart.
        assert_ne!(written(&stream), expected);
        stream.expand_passages();
        assert!(stream.passages_apart());
        assert_eq!(written(&stream), expected);
    }

    #[test]
    fn lines_are_written_as_oxttl_writes_them() {
        let s = NamedNode::new_unchecked("https://example.org/s");
        let g = GraphName::NamedNode(NamedNode::new_unchecked("https://example.org/g"));
        let tricky = "a \"quote\" \\ back\tslash\n\r\u{8}\u{c}\u{1}\u{1f}\u{7f} é ✓ \u{fffe}\u{ffff}\u{fffd} end";
        let objects: Vec<Term> = vec![
            NamedNode::new_unchecked("https://example.org/o").into(),
            Literal::new_simple_literal(tricky).into(),
            en(tricky).into(),
            Literal::new_typed_literal("12", xsd::NON_NEGATIVE_INTEGER).into(),
            Literal::new_typed_literal("x", xsd::STRING).into(),
            oxrdf::BlankNode::new_unchecked("b1").into(),
        ];
        for (format, graph) in [(RdfFormat::NTriples, GraphName::DefaultGraph), (RdfFormat::NQuads, g)] {
            let quads: Vec<Quad> =
                objects.iter().map(|o| Quad::new(s.clone(), rdf::VALUE, o.clone(), graph.clone())).collect();
            let mut writer = RdfSerializer::from_format(format).for_writer(Vec::new());
            for q in &quads {
                writer.serialize_quad(q).unwrap();
            }
            let expected = writer.finish().unwrap();
            let mut ours = Vec::new();
            for q in &quads {
                write_line(q, format == RdfFormat::NQuads, &mut ours).unwrap();
            }
            assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(expected).unwrap());
        }
        let named = Quad::new(s.clone(), rdf::VALUE, s, GraphName::NamedNode(NamedNode::new_unchecked("https://g/")));
        assert!(write_line(&named, false, &mut Vec::new()).is_err());
    }

    #[test]
    fn every_character_is_escaped_as_oxrdf_escapes_it() {
        // Each character alone, and between plain text (runs copied around an escape): all of
        // ASCII and Latin-1, and every character whose UTF-8 form starts with 0xEF (U+F000 to
        // U+FFFF, among them U+FFFE and U+FFFF).
        let chars = (0u32..0x100).chain(0xF000..=0xFFFF).filter_map(char::from_u32);
        for c in chars {
            // And at every place of an eight-byte word that `escaped` passes over whole.
            let words = (0..9).map(|k| format!("{}{c}{}", "x".repeat(k), "é".repeat(5)));
            for value in [c.to_string(), format!("a{c}b{c}{c}")].into_iter().chain(words) {
                let mut ours = Vec::new();
                quoted(&value, &mut ours);
                let expected = LiteralRef::new_simple_literal(&value).to_string();
                assert_eq!(String::from_utf8(ours).unwrap(), expected, "U+{:04X}", c as u32);
                // Ordering without writing out relies on this (it may say yes for U+F000 to U+FFFF).
                let escaped = expected.len() != value.len() + 2;
                assert!(needs_escape(&value) || !escaped, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn a_word_has_an_escape_exactly_when_one_of_its_bytes_has() {
        // Every byte at every place of a word of plain bytes, each plain byte as the filler.
        let plain: Vec<u8> = (0..=255u8).filter(|&b| ESCAPES[usize::from(b)] == 0).collect();
        for b in 0..=255u8 {
            for lane in 0..8 {
                for &fill in &plain {
                    let mut word = [fill; 8];
                    word[lane] = b;
                    let expected = ESCAPES[usize::from(b)] != 0;
                    assert_eq!(
                        crate::export::escape::ntriples_special(u64::from_le_bytes(word)),
                        expected,
                        "{word:02X?}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn any_word_has_an_escape_exactly_when_one_of_its_bytes_has(word in proptest::array::uniform8(proptest::prelude::any::<u8>())) {
            let expected = word.iter().any(|&b| ESCAPES[usize::from(b)] != 0);
            proptest::prop_assert_eq!(crate::export::escape::ntriples_special(u64::from_le_bytes(word)), expected);
        }

        #[test]
        fn long_literals_escaped_as_oxrdf_escapes_them(value in "([a-z é]|\\PC|[\u{0}-\u{1f}\"\\\\\u{7f}\u{f000}\u{fffd}\u{fffe}\u{ffff}]){0,80}") {
            let mut ours = Vec::new();
            quoted(&value, &mut ours);
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), LiteralRef::new_simple_literal(&value).to_string());
        }
    }

    #[test]
    fn terms_ordered_as_written() {
        let terms: Vec<Term> = vec![
            NamedNode::new_unchecked("https://example.org/a").into(),
            NamedNode::new_unchecked("https://example.org/ab").into(),
            // Bytes on either side of the closing `>` (0x3E) after a shared beginning.
            NamedNode::new_unchecked("https://example.org/a.b").into(),
            NamedNode::new_unchecked("https://example.org/a=").into(),
            NamedNode::new_unchecked("https://example.org/a?").into(),
            NamedNode::new_unchecked("https://example.org/").into(),
            Literal::new_simple_literal("a").into(),
            Literal::new_simple_literal("ab").into(),
            Literal::new_simple_literal("a\"b").into(),
            en("a").into(),
            en("ab").into(),
            Literal::new_typed_literal("a", xsd::G_YEAR).into(),
            Literal::new_typed_literal("1", xsd::NON_NEGATIVE_INTEGER).into(),
            Literal::new_typed_literal("12", xsd::NON_NEGATIVE_INTEGER).into(),
            oxrdf::BlankNode::new_unchecked("b").into(),
        ];
        for a in &terms {
            for b in &terms {
                assert_eq!(in_written_order(a.as_ref(), b.as_ref()), a.to_string().cmp(&b.to_string()), "{a} {b}");
            }
        }
    }

    #[test]
    fn the_parts_read_ahead_are_written_and_counted_alike() {
        // The essay's parts are fewer than `TOUCH_FROM`: touched here from the first, every
        // kind of part (entities, their background, quantities, statements, passages whole and
        // apart with `--vocab`, the vocabulary's and the descriptions') lends the same triples and
        // counts the same, and each part of the data reads something of what it cites.
        let essay = KnowledgeGraph::builtin().unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for options in [
            RdfOptions::default(),
            RdfOptions { only_background: true, ..RdfOptions::default() },
            RdfOptions { ontology: false, ..RdfOptions::default() },
            RdfOptions { vocab: Some("http://example.org/v#".into()), ..RdfOptions::default() },
        ] {
            let stream = RdfStream::generated(&essay, &options).unwrap();
            assert!(stream.parts.len() < TOUCH_FROM);
            let lent = |touch_from: usize| {
                let mut lent: Vec<String> = Vec::new();
                stream
                    .for_each_subject_touched(true, touch_from, |quads| {
                        lent.extend(quads.iter().map(|q| q.to_string()));
                        Ok::<_, std::convert::Infallible>(())
                    })
                    .unwrap();
                lent
            };
            let untouched = lent(usize::MAX);
            assert!(!untouched.is_empty());
            assert_eq!(lent(0), untouched);
            assert_eq!(
                stream.count_parts_touched(&stream.parts, 0),
                stream.count_parts_touched(&stream.parts, usize::MAX)
            );
            for slot in &stream.parts {
                let part = slot.part();
                let (generating, counting) = (stream.touch(part, true), stream.touch(part, false));
                match part {
                    Part::Entity(_) | Part::EntityBackground(_) | Part::Statement(_) | Part::Quantity(..) => {
                        assert!(generating > 0, "{part:?}")
                    }
                    Part::Passage(..) | Part::Passages(_) => assert!(generating > counting && counting > 0, "{part:?}"),
                    _ => assert_eq!(generating, 0, "{part:?}"),
                }
                kinds.insert(slot.kind);
            }
        }
        // Every kind but a direct part (a relation whose subject is no entity: never loaded).
        assert_eq!(kinds.into_iter().collect::<Vec<u8>>(), [0, 1, 2, 3, 4, 5, 7, 8, 9, 10]);
    }

    /// The essay's data with each of `moves` applied ([`crate::passage_names::moved_mentions`]).
    fn essay_moved(moves: &[(usize, usize, bool)]) -> crate::model::Dataset {
        crate::passage_names::moved_mentions(KnowledgeGraph::builtin().unwrap().data().clone(), moves)
    }

    /// Each citation's passage found by its place ([`CitedNames::placed`]) as by its offsets
    /// hashed (the way before it): the same passages (the same evidence, by address), names,
    /// citations, bodies and passages left to be named; and every RDF syntax written the same by
    /// a graph whose names keep the places and one whose names do not. Returns how many
    /// passages were left to be named (their first citation's quote not the one kept).
    fn assert_placed_as_hashed(data: crate::model::Dataset) -> usize {
        let placed = KnowledgeGraph::new(data.clone());
        let hashed = KnowledgeGraph::new(data);
        let known = cited_passage_names(&placed);
        assert_eq!(known.placed().len(), citations(&placed).0.len());
        let (by_place, by_hash) =
            (place_citations(known, citations(&placed).0, true), place_citations(known, citations(&placed).0, false));
        let passages =
            |p: &[Passage<'_>]| p.iter().map(|p| (p.evidence as *const Evidence, p.name)).collect::<Vec<_>>();
        assert_eq!(passages(&by_place.0), passages(&by_hash.0));
        assert_eq!(by_place.1, by_hash.1);
        assert_eq!(format!("{:?}", by_place.2), format!("{:?}", by_hash.2));
        assert_eq!(by_place.3, by_hash.3);
        // The other graph's names as they were made before: without the citations' places.
        let data = hashed.data();
        let marked = crate::passage_names::cited_passages_marked(data);
        let cited: Vec<&Evidence> = marked.iter().map(|m| m.0).collect();
        let names = passage_names(&data.essay, &cited, crate::builtin::passage_names());
        hashed.passage_names.set(CitedNames::new(&marked, names)).unwrap();
        assert!(cited_passage_names(&hashed).placed().is_empty());
        let options = RdfOptions::default();
        for syntax in [
            RdfSyntax::NTriples,
            RdfSyntax::NQuads,
            RdfSyntax::Turtle,
            RdfSyntax::TriG,
            RdfSyntax::RdfXml,
            RdfSyntax::JsonLd,
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            write_rdf(&placed, syntax, &options, &mut a).unwrap();
            write_rdf(&hashed, syntax, &options, &mut b).unwrap();
            assert!(a == b, "{syntax:?}");
        }
        by_place.3.len()
    }

    /// [`assert_placed_as_hashed`] on the essay (every passage named), with mentions moved onto
    /// other citations' offsets with the same quote and others (passages named apart, names
    /// keeping their quotes), and with every background relation's context taken away.
    #[test]
    fn citations_placed_as_hashed() {
        assert_eq!(assert_placed_as_hashed(essay_moved(&[])), 0);
        let moves = [(0, 5, false), (1, 5, true), (2, 5, false), (7, 40, true), (9, 41, false), (30, 0, false)];
        assert!(assert_placed_as_hashed(essay_moved(&moves)) > 0);
        let mut data = essay_moved(&moves[..2]);
        for r in data.relations.iter_mut() {
            if let Provenance::Background { context, .. } = &mut r.provenance {
                *context = None;
            }
        }
        assert_placed_as_hashed(data);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]
        /// [`citations_placed_as_hashed`] with mentions moved at random.
        #[test]
        fn citations_placed_as_hashed_proptest(
            moves in proptest::collection::vec((0usize..10_000, 0usize..10_000, proptest::bool::ANY), 0..24),
        ) {
            assert_placed_as_hashed(essay_moved(&moves));
        }
    }

    /// The relations' local names read ahead (the threshold at 0, 1, a batch and one, every
    /// relation: all read ahead, the last batch short) are the names made without, and the
    /// stream's own: on the essay (stated relations and background ones with a context and
    /// without) and with `--background-only`.
    #[test]
    fn relation_locals_read_ahead_are_the_names_made_without() {
        // The essay with every third background relation's context taken away (the essay's
        // all have one).
        let mut data = KnowledgeGraph::builtin().unwrap().data().clone();
        let mut taken = 0;
        for r in data.relations.iter_mut() {
            if let Provenance::Background { context, .. } = &mut r.provenance {
                taken += 1;
                if taken % 3 == 0 {
                    *context = None;
                }
            }
        }
        assert!(taken >= 3);
        let essay = KnowledgeGraph::new(data);
        assert!(essay.relations().len() > 2 * TOUCH_BATCH);
        for options in [RdfOptions::default(), RdfOptions { only_background: true, ..RdfOptions::default() }] {
            let stream = RdfStream::generated(&essay, &options).unwrap();
            let made = |touch_from: usize| {
                let mut out = String::new();
                let ranges =
                    relation_locals(&essay, |i| stream.name(stream.relation_passage(i)).local, &mut out, touch_from);
                let names: Vec<String> = ranges.iter().map(|&(a, b)| out[a as usize..b as usize].to_string()).collect();
                (out, names)
            };
            let untouched = made(usize::MAX);
            assert_eq!(untouched.1.len(), essay.relations().len());
            for touch_from in [0, 1, TOUCH_BATCH + 1, essay.relations().len()] {
                assert_eq!(made(touch_from), untouched, "read ahead from {touch_from}");
            }
            for (i, name) in untouched.1.iter().enumerate() {
                assert_eq!(stream.relation_local(i as u32), name, "relation {i}");
            }
        }
    }

    #[test]
    fn counted_as_generated() {
        let essay = KnowledgeGraph::builtin().unwrap();
        for options in [
            RdfOptions::default(),
            RdfOptions { only_background: true, ..RdfOptions::default() },
            RdfOptions { ontology: false, ..RdfOptions::default() },
        ] {
            let stream = RdfStream::generated(&essay, &options).unwrap();
            let mut start = 0;
            while start < stream.parts.len() {
                let first = &stream.parts[start];
                let len = stream.parts[start..].iter().take_while(|s| stream.same_subject(s, first)).count();
                let parts = &stream.parts[start..start + len];
                let subject = stream.subject(first);
                let mut generated = Triples::default();
                for slot in parts {
                    stream.generate(slot.part(), &mut generated);
                }
                let mut generated: Vec<Quad> =
                    generated.quads(Some(&stream.names.background)).map(QuadRef::into_owned).collect();
                generated.sort_by(|a, b| in_subject_order(a.as_ref(), b.as_ref()));
                generated.dedup();
                assert_eq!(stream.count_group(parts), generated.len(), "{subject}");
                start += len;
            }
            let mut counted = (0, 0);
            stream
                .for_each_subject(true, |quads| {
                    if quads[0].graph_name.is_default_graph() {
                        counted.0 += quads.len();
                    } else {
                        counted.1 += quads.len();
                    }
                    Ok::<_, std::convert::Infallible>(())
                })
                .unwrap();
            assert_eq!(stream.counts, counted);
        }
    }

    #[test]
    fn date_literals_use_the_loc_edtf_datatype_for_decades() {
        let d: HistDate = "1850s".parse().unwrap();
        let mut out = Triples::default();
        let Obj::Typed(value, datatype) = date_literal_ref(d, &mut out) else { panic!("a typed literal") };
        assert_eq!(datatype, "http://id.loc.gov/datatypes/edtf/EDTF");
        assert_eq!(out.text(value), "185X");
    }
}
