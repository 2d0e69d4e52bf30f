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
    NamedNode::new_unchecked(concat(&[namespace, local]))
}

/// The strings joined, allocated once (`format!` costs several times more in the RDF export's
/// inner loop).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The namespace of the project's vocabulary.
pub const KGV: &str = "https://example.org/kg-essay/vocab#";
/// The IRI of the vocabulary as a document (for `rdfs:isDefinedBy`).
pub const KGV_ONTOLOGY: &str = "https://example.org/kg-essay/vocab";
/// Where the default base of an essay's IRIs lives: `{KG_ESSAYS}{slug of the title}/`.
pub const KG_ESSAYS: &str = "https://example.org/kg-essay/";

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
pub const EDTF: &str = "http://id.loc.gov/datatypes/edtf/EDTF";
/// `edtf:`, the namespace of the Library of Congress EDTF datatypes.
pub const EDTF_NAMESPACE: &str = "http://id.loc.gov/datatypes/edtf/";
/// `void:` (Vocabulary of Interlinked Datasets)
pub const VOID: &str = "http://rdfs.org/ns/void#";
/// `dcat:` (Data Catalog Vocabulary)
pub const DCAT: &str = "http://www.w3.org/ns/dcat#";
/// `vann:` (vocabulary annotations: preferred prefix and namespace)
pub const VANN: &str = "http://purl.org/vocab/vann/";
/// `sh:` (SHACL)
pub const SH: &str = "http://www.w3.org/ns/shacl#";
/// The licence of the vocabulary and of the exported annotations (the crate's own licence).
pub const LICENSE: &str = "https://spdx.org/licenses/MIT.html";

/// The default base of an essay's IRIs, derived from its title, so that two essays loaded into
/// one store never share a node.
///
/// ```
/// assert_eq!(
///     kg::vocab::default_base("A Short History of Russo-Japanese Relationships"),
///     "https://example.org/kg-essay/a-short-history-of-russo-japanese-relationships/"
/// );
/// assert_eq!(kg::vocab::default_base("Ōsaka: 1945!"), "https://example.org/kg-essay/saka-1945/");
/// ```
pub fn default_base(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("{KG_ESSAYS}{}/", if slug.is_empty() { "essay" } else { slug })
}

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
    ("void", VOID),
    ("edtf", EDTF_NAMESPACE),
    ("dcat", DCAT),
    ("vann", VANN),
    ("kgv", KGV),
];

/// Local names of the vocabulary's own terms that are not entity classes or relation kinds.
pub mod term {
    /// Class of a reified relation the essay states (also an `rdf:Statement`).
    pub const ASSERTION: &str = "Assertion";
    /// Class of a reified background relation, which the essay does not state.
    pub const BACKGROUND_ASSERTION: &str = "BackgroundAssertion";
    /// The first day a dated thing may have begun on (`xsd:date`).
    pub const EARLIEST: &str = "earliest";
    /// The last day a dated thing may have ended on (`xsd:date`).
    pub const LATEST: &str = "latest";
    /// The passage that states an entity's `date`.
    pub const DATE_EVIDENCE: &str = "dateEvidence";
    /// The passage that states an entity's `startDate`.
    pub const START_DATE_EVIDENCE: &str = "startDateEvidence";
    /// The passage that states an entity's `endDate`.
    pub const END_DATE_EVIDENCE: &str = "endDateEvidence";
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
    /// Passages: `{base}evidence/{first words}-{hash of the quote and its context}`.
    pub const EVIDENCE: &str = "evidence/";
    /// Numbers the essay states: `{base}quantity/{entity}.{property}`.
    pub const QUANTITY: &str = "quantity/";
    /// The dataset description (VoID, DCAT): `{base}dataset`.
    pub const DATASET: &str = "dataset";
    /// Named graph of background knowledge (also a VoID subset of the dataset).
    pub const GRAPH_BACKGROUND: &str = "graph/background";
}
