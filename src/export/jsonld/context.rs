//! JSON-LD's `@context` and the term of each property (`jsonld.rs`), which depend on the base
//! and the vocabulary namespace only, not on the data: built here for any, and for the built-in
//! essay's (the default options) also by `build.rs`, which stores them ([`encode`]) for
//! `jsonld.rs` to read in place ([`decode`]) instead of building and freeing them at each export.
//! Compiled into `build.rs` as well, so it names the rest of the crate by paths `build.rs` gives
//! too (`crate::export::{export_prefixes, property_iri}`, `crate::model`, `crate::vocab`).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::export::{export_prefixes, property_iri};
use crate::model::RelationKind;
use crate::vocab::{self, term};

/// What a property's objects are: the kind the context declares for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// An IRI (`"@type": "@id"`).
    Iri,
    /// An English string (`"@language": "en"`).
    English,
    /// A plain string, `xsd:string` (`"@language": null`).
    Plain,
    /// A literal of this XSD datatype (local name).
    Xsd(&'static str),
    /// Several kinds (dates of different precisions, an entity or a name): every value expanded.
    Mixed,
}

/// Every property kg writes beyond the relation kinds' (`ontology::property_iri`): namespace
/// (`None` for the project's vocabulary, whose namespace `--vocab` may change), local name,
/// and the kind of value it takes.
pub(crate) const PROPERTIES: &[(Option<&str>, &str, ValueKind)] = {
    use ValueKind::*;
    const KGV: Option<&str> = None;
    const RDF: Option<&str> = Some(vocab::RDF);
    const RDFS: Option<&str> = Some(vocab::RDFS);
    const OWL: Option<&str> = Some(vocab::OWL);
    const SKOS: Option<&str> = Some(vocab::SKOS);
    const OA: Option<&str> = Some(vocab::OA);
    const DCTERMS: Option<&str> = Some(vocab::DCTERMS);
    const VOID: Option<&str> = Some(vocab::VOID);
    const VANN: Option<&str> = Some(vocab::VANN);
    &[
        (KGV, term::BASIS, English),
        (KGV, term::DATE, Mixed),
        (KGV, term::START_DATE, Mixed),
        (KGV, term::END_DATE, Mixed),
        (KGV, term::DATE_EVIDENCE, Iri),
        (KGV, term::START_DATE_EVIDENCE, Iri),
        (KGV, term::END_DATE_EVIDENCE, Iri),
        (KGV, term::EARLIEST, Xsd("date")),
        (KGV, term::LATEST, Xsd("date")),
        (KGV, term::EVIDENCE, Iri),
        (KGV, term::MENTION, Iri),
        (KGV, term::PLACE, Iri),
        (KGV, term::UNDER, Iri),
        (KGV, term::ROLE, English),
        (KGV, term::QUANTITY, Iri),
        (KGV, term::PROPERTY, Plain),
        (KGV, term::UNIT, English),
        (RDF, "subject", Iri),
        (RDF, "predicate", Iri),
        (RDF, "object", Iri),
        (RDF, "value", Xsd("nonNegativeInteger")),
        (RDFS, "label", English),
        (RDFS, "comment", English),
        (RDFS, "domain", Iri),
        (RDFS, "range", Iri),
        (RDFS, "subClassOf", Iri),
        (RDFS, "subPropertyOf", Iri),
        (RDFS, "isDefinedBy", Iri),
        (RDFS, "seeAlso", Iri),
        (OWL, "sameAs", Iri),
        (OWL, "inverseOf", Iri),
        (OWL, "disjointWith", Iri),
        (OWL, "versionInfo", Plain),
        (SKOS, "altLabel", English),
        (SKOS, "hiddenLabel", English),
        (SKOS, "editorialNote", English),
        (SKOS, "notation", Plain),
        (OA, "hasBody", Iri),
        (OA, "hasTarget", Iri),
        (OA, "hasSource", Iri),
        (OA, "hasSelector", Iri),
        (OA, "motivatedBy", Iri),
        (OA, "exact", Plain),
        (OA, "prefix", Plain),
        (OA, "suffix", Plain),
        (OA, "start", Xsd("nonNegativeInteger")),
        (OA, "end", Xsd("nonNegativeInteger")),
        (Some(vocab::SCHEMA), "text", Plain),
        (Some(vocab::SCHEMA), "exampleOfWork", Iri),
        (Some(vocab::PROV), "wasDerivedFrom", Iri),
        (DCTERMS, "title", English),
        (DCTERMS, "description", English),
        (DCTERMS, "creator", Mixed),
        (DCTERMS, "license", Iri),
        (DCTERMS, "source", Iri),
        (VOID, "triples", Xsd("nonNegativeInteger")),
        (VOID, "entities", Xsd("nonNegativeInteger")),
        (VOID, "subset", Iri),
        (VOID, "uriSpace", Plain),
        (VOID, "vocabulary", Iri),
        (VANN, "preferredNamespacePrefix", Plain),
        (VANN, "preferredNamespaceUri", Plain),
    ]
};

/// The export's prefixes (prefix, namespace), longest namespace first, so that `ent:` wins
/// over a base that is itself a prefix.
pub(crate) fn prefixes(base: &str, vocab_namespace: &str) -> Vec<(String, String)> {
    let mut prefixes: Vec<(String, String)> =
        export_prefixes(base, vocab_namespace).into_iter().map(|(p, iri)| (p.to_string(), iri)).collect();
    prefixes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    prefixes
}

/// The prefix and local name `iri` is written with (`prefix:local`), or `None` and the IRI
/// itself when none of `prefixes` (as [`prefixes`] orders them) fits.
pub(crate) fn split<'p, 'i>(prefixes: &'p [(String, String)], iri: &'i str) -> (Option<&'p str>, &'i str) {
    for (prefix, namespace) in prefixes {
        // Too short for a local name, or another last byte (the namespaces under one base
        // differ at their ends): not this prefix, without comparing the whole namespace.
        let ns = namespace.as_bytes();
        if iri.len() <= ns.len() || ns.last().is_some_and(|&last| iri.as_bytes()[ns.len() - 1] != last) {
            continue;
        }
        if let Some(local) = iri.strip_prefix(namespace.as_str()) {
            if !local.is_empty() && !local.starts_with("//") && !local.contains(['/', '#', '?']) {
                return (Some(prefix), local);
            }
        }
    }
    (None, iri)
}

/// `iri` compacted with `prefixes`: `prefix:local`, or the IRI itself.
pub(crate) fn compact(prefixes: &[(String, String)], iri: &str) -> String {
    match split(prefixes, iri) {
        (Some(prefix), local) => format!("{prefix}:{local}"),
        (None, iri) => iri.to_string(),
    }
}

/// A property's IRI, the kind of its values, and its key.
pub(crate) type Term = (String, ValueKind, String);

/// The `@context` object of an export with these `prefixes` (as [`prefixes`] made them) and
/// vocabulary namespace, and each property's IRI, kind and key: its local name, unless two
/// properties share it or it is a prefix (then its compact IRI).
pub(crate) fn context_and_terms(
    prefixes: &[(String, String)],
    vocab_namespace: &str,
) -> (Map<String, Value>, Vec<Term>) {
    let mut kinds: BTreeMap<String, ValueKind> = BTreeMap::new();
    for (namespace, local, kind) in PROPERTIES {
        kinds.insert(vocab::concat(&[namespace.unwrap_or(vocab_namespace), local]), *kind);
    }
    for &kind in RelationKind::ALL {
        let iri = property_iri(kind);
        let local = iri.as_str().strip_prefix(vocab::KGV).unwrap_or(iri.as_str());
        kinds.insert(vocab::concat(&[vocab_namespace, local]), ValueKind::Iri);
    }
    let mut context = Map::new();
    context.insert("@version".into(), json!(1.1));
    for (prefix, namespace) in prefixes {
        let definition = if namespace.ends_with(['/', '#', ':']) {
            json!(namespace)
        } else {
            json!({"@id": namespace, "@prefix": true})
        };
        context.insert(prefix.clone(), definition);
    }
    // Each property compacted once.
    let compacted: Vec<Term> = kinds
        .into_iter()
        .map(|(iri, kind)| {
            let compact = compact(prefixes, &iri);
            (iri, kind, compact)
        })
        .collect();
    fn local(compact: &str) -> Option<&str> {
        compact.split_once(':').map(|(_, l)| l)
    }
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, compact) in &compacted {
        if let Some(l) = local(compact) {
            *uses.entry(l).or_default() += 1;
        }
    }
    let mut terms = Vec::with_capacity(compacted.len());
    for (iri, kind, compact) in &compacted {
        let key = match local(compact) {
            Some(l) if uses[l] == 1 && !context.contains_key(l) && compact != iri => l.to_string(),
            _ => compact.clone(),
        };
        let mut definition = Map::new();
        definition.insert("@id".into(), json!(compact));
        match kind {
            ValueKind::Iri => {
                definition.insert("@type".into(), json!("@id"));
            }
            ValueKind::English => {
                definition.insert("@language".into(), json!("en"));
            }
            ValueKind::Plain => {
                definition.insert("@language".into(), Value::Null);
            }
            ValueKind::Xsd(datatype) => {
                definition.insert("@type".into(), json!(format!("xsd:{datatype}")));
            }
            ValueKind::Mixed => {}
        }
        if key != *compact || definition.len() > 1 {
            context.insert(key.clone(), Value::Object(definition));
        }
        terms.push((iri.clone(), *kind, key));
    }
    (context, terms)
}

/// `value` pretty-printed as serde_json does, each line after the first indented by `indent`
/// spaces (JSON strings hold no raw line break, so every newline is formatting).
///
/// # Errors
/// `value`'s serialization's.
pub(crate) fn indented(value: &impl serde::Serialize, indent: usize) -> serde_json::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    let mut lines = text.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.resize(out.len() + indent, b' ');
        out.extend_from_slice(line);
    }
    Ok(out)
}

/// How an export writes the `@context` member's value: indented by two spaces.
pub(crate) const CONTEXT_INDENT: usize = 2;

/// A context read in place from its stored form ([`decode`]).
#[derive(Debug, PartialEq)]
pub(crate) struct StoredContext {
    /// The `@context` object as an export writes it ([`indented`] by [`CONTEXT_INDENT`]).
    pub(crate) text: &'static str,
    /// Each property's IRI, kind, key, and key as a JSON string (serde_json's).
    pub(crate) terms: Vec<(&'static str, ValueKind, &'static str, &'static str)>,
}

/// The stored form (postcard): the base, the vocabulary namespace, the context's text, and per
/// term its IRI, kind ([`kind_code`]), key and key as a JSON string.
type Stored<'a> = (&'a str, &'a str, &'a str, Vec<(&'a str, &'a str, &'a str, &'a str)>);

/// A kind as the stored form writes it.
fn kind_code(kind: ValueKind) -> String {
    match kind {
        ValueKind::Iri => "@id".into(),
        ValueKind::English => "@en".into(),
        ValueKind::Plain => "@plain".into(),
        ValueKind::Mixed => "@mixed".into(),
        ValueKind::Xsd(local) => format!("xsd:{local}"),
    }
}

/// The kind [`kind_code`] wrote as `code`.
fn kind_of(code: &'static str) -> Option<ValueKind> {
    Some(match code {
        "@id" => ValueKind::Iri,
        "@en" => ValueKind::English,
        "@plain" => ValueKind::Plain,
        "@mixed" => ValueKind::Mixed,
        _ => ValueKind::Xsd(code.strip_prefix("xsd:")?),
    })
}

/// The stored form of the context and terms for this base and vocabulary namespace, made by
/// `build.rs` for the built-in essay's defaults; `None` if serializing failed.
#[allow(dead_code)] // Called by build.rs and the tests.
pub(crate) fn encode(base: &str, vocab_namespace: &str) -> Option<Vec<u8>> {
    let (context, terms) = context_and_terms(&prefixes(base, vocab_namespace), vocab_namespace);
    let text = String::from_utf8(indented(&context, CONTEXT_INDENT).ok()?).ok()?;
    let mut coded = Vec::with_capacity(terms.len());
    for (iri, kind, key) in terms {
        coded.push((iri, kind_code(kind), serde_json::to_string(&key).ok()?, key));
    }
    let terms: Vec<(&str, &str, &str, &str)> = coded
        .iter()
        .map(|(iri, kind, quoted, key)| (iri.as_str(), kind.as_str(), key.as_str(), quoted.as_str()))
        .collect();
    let stored: Stored<'_> = (base, vocab_namespace, &text, terms);
    postcard::to_stdvec(&stored).ok()
}

/// The context stored by [`encode`] in `bytes`, if it was made for this very base and
/// vocabulary namespace; `None` for another, for empty bytes (the built-in data was invalid
/// when the crate was built) and for bytes [`encode`] did not write.
pub(crate) fn decode(bytes: &'static [u8], base: &str, vocab_namespace: &str) -> Option<StoredContext> {
    let ((stored_base, stored_vocab, text, terms), rest): (Stored<'static>, _) =
        postcard::take_from_bytes(bytes).ok()?;
    if !rest.is_empty() || stored_base != base || stored_vocab != vocab_namespace {
        return None;
    }
    let terms = terms
        .into_iter()
        .map(|(iri, kind, key, quoted)| Some((iri, kind_of(kind)?, key, quoted)))
        .collect::<Option<Vec<_>>>()?;
    Some(StoredContext { text, terms })
}
