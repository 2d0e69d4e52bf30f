//! Every IRI the RDF export uses, in one place: the project's own vocabulary (`kgv:`) and the
//! well-known vocabularies it maps to. No other module writes an IRI literal.

use oxrdf::NamedNode;

/// The term `local` of the project's vocabulary (`kgv:transferredTo`).
pub(crate) fn kgv(local: &str) -> NamedNode {
    ns(KGV, local)
}

/// The term `local` of a namespace. Namespaces here are IRIs and locals are names, so the result
/// is always a valid IRI.
pub(crate) fn ns(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// The namespace of the project's vocabulary.
pub const KGV: &str = "https://example.org/kg-essay/vocab#";
/// The IRI of the vocabulary as a document (for `rdfs:isDefinedBy`).
pub const KGV_ONTOLOGY: &str = "https://example.org/kg-essay/vocab";
/// The default base under which entities, relations and evidence get their IRIs.
pub const DEFAULT_BASE: &str = "https://example.org/kg-essay/russo-japanese/";

/// `rdf:`
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// `rdfs:`
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// `xsd:`
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// `owl:`
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
/// `skos:`
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// `prov:` (PROV-O)
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// `oa:` (W3C Web Annotation)
pub const OA: &str = "http://www.w3.org/ns/oa#";
/// `schema:` (schema.org)
pub const SCHEMA: &str = "https://schema.org/";
/// `dcterms:`
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
/// `wd:` (Wikidata entities)
pub const WD: &str = "http://www.wikidata.org/entity/";
/// The Library of Congress EDTF datatype, for decades such as `185X`.
pub const EDTF: &str = "http://id.loc.gov/datatypes/edtf";

/// The prefixes Turtle and TriG may declare, in the order they are declared (only those used).
pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("owl", OWL),
    ("skos", SKOS),
    ("prov", PROV),
    ("oa", OA),
    ("schema", SCHEMA),
    ("dcterms", DCTERMS),
    ("wd", WD),
    ("kgv", KGV),
];

/// Local names of the vocabulary's own terms that are not entity classes or relation kinds.
pub mod term {
    /// Class of a reified relation (also an `rdf:Statement`).
    pub const ASSERTION: &str = "Assertion";
    /// Class of the essay.
    pub const ESSAY: &str = "Essay";
    /// The treaty under which a relation holds.
    pub const UNDER: &str = "under";
    /// The place where a relation holds.
    pub const PLACE: &str = "place";
    /// Free-text role of a relation.
    pub const ROLE: &str = "role";
    /// When something happened.
    pub const DATE: &str = "date";
    /// When something began.
    pub const START_DATE: &str = "startDate";
    /// When something ended.
    pub const END_DATE: &str = "endDate";
    /// The passage of the essay that names or introduces an entity.
    pub const EVIDENCE: &str = "evidence";
    /// A place where the essay names an entity.
    pub const MENTION: &str = "mention";
    /// Why a background fact is held.
    pub const BASIS: &str = "basis";
    /// A number the essay states about an entity.
    pub const QUANTITY: &str = "quantity";
    /// Class of such numbers.
    pub const QUANTITY_CLASS: &str = "Quantity";
    /// What a quantity counts.
    pub const PROPERTY: &str = "quantityProperty";
    /// The unit of a quantity.
    pub const UNIT: &str = "unit";
}

/// Path segments under the base.
pub mod path {
    /// Entities: `{base}entity/{id}`.
    pub const ENTITY: &str = "entity/";
    /// Reified relations: `{base}relation/{id}`.
    pub const RELATION: &str = "relation/";
    /// The essay document: `{base}essay`.
    pub const ESSAY: &str = "essay";
    /// Passages: `{base}essay#char=S,E` (RFC 5147 fragment) and `{base}evidence/S-E`.
    pub const EVIDENCE: &str = "evidence/";
    /// Named graph of what the essay states.
    pub const GRAPH_ESSAY: &str = "graph/essay";
    /// Named graph of background knowledge.
    pub const GRAPH_BACKGROUND: &str = "graph/background";
}
