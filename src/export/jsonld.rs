//! Compact JSON-LD 1.1, streamed: one `@context` fixed before the first quad (the one published
//! as `docs/context.jsonld` for the default base), then one node object per subject written as
//! [`RdfStream`] hands it over, `@type` for `rdf:type`, a short term for each property (its local
//! name, `label`, `partyTo`), and the background graph as the `@graph` of its own node object,
//! last. As RDF it is exactly the N-Quads export.
//!
//! The context does not depend on the data: every property kg can write is declared in
//! [`PROPERTIES`] (and one per relation kind) with the kind of value it takes (an IRI, an `@en`
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

use std::collections::BTreeMap;
use std::io::Write;

use oxrdf::{GraphName, NamedOrBlankNodeRef, QuadRef, TermRef};
use serde_json::{json, Map, Value};

use super::rdf::{background_graph, export_prefixes, RdfStream};
use super::{ExportError, RdfOptions};
use crate::graph::KnowledgeGraph;
use crate::model::RelationKind;
use crate::vocab::{self, term};

/// What a property's objects are: the kind the context declares for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
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
const PROPERTIES: &[(Option<&str>, &str, ValueKind)] = {
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

/// Shortens IRIs with the export's prefixes (longest namespace first).
struct Compactor {
    prefixes: Vec<(String, String)>,
}

impl Compactor {
    fn new(base: &str, vocab_namespace: &str) -> Compactor {
        let mut prefixes: Vec<(String, String)> =
            export_prefixes(base, vocab_namespace).into_iter().map(|(p, iri)| (p.to_string(), iri)).collect();
        // Longest namespace first, so `ent:` wins over a base that is itself a prefix.
        prefixes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        Compactor { prefixes }
    }

    fn compact(&self, iri: &str) -> String {
        for (prefix, namespace) in &self.prefixes {
            if let Some(local) = iri.strip_prefix(namespace.as_str()) {
                if !local.is_empty() && !local.starts_with("//") && !local.contains(['/', '#', '?']) {
                    return format!("{prefix}:{local}");
                }
            }
        }
        iri.to_string()
    }
}

/// The context of an export and how each property is written.
struct Context {
    compactor: Compactor,
    /// The `@context` object.
    context: Map<String, Value>,
    /// Per property IRI: the key of its values in a node object, and their kind.
    terms: BTreeMap<String, (String, ValueKind)>,
}

impl Context {
    fn new(base: &str, vocab_namespace: &str) -> Context {
        let compactor = Compactor::new(base, vocab_namespace);
        let mut kinds: BTreeMap<String, ValueKind> = BTreeMap::new();
        for (namespace, local, kind) in PROPERTIES {
            kinds.insert(vocab::concat(&[namespace.unwrap_or(vocab_namespace), local]), *kind);
        }
        for &kind in RelationKind::ALL {
            let iri = super::property_iri(kind);
            let local = iri.as_str().strip_prefix(vocab::KGV).unwrap_or(iri.as_str());
            kinds.insert(vocab::concat(&[vocab_namespace, local]), ValueKind::Iri);
        }
        let mut context = Map::new();
        context.insert("@version".into(), json!(1.1));
        for (prefix, namespace) in &compactor.prefixes {
            let definition = if namespace.ends_with(['/', '#', ':']) {
                json!(namespace)
            } else {
                json!({"@id": namespace, "@prefix": true})
            };
            context.insert(prefix.clone(), definition);
        }
        // A term is the property's local name, unless two properties share it or it is a
        // prefix: then the compact IRI is the key.
        let local = |iri: &str| compactor.compact(iri).split_once(':').map(|(_, l)| l.to_string());
        let mut uses: BTreeMap<String, usize> = BTreeMap::new();
        for iri in kinds.keys() {
            if let Some(l) = local(iri) {
                *uses.entry(l).or_default() += 1;
            }
        }
        let mut terms = BTreeMap::new();
        for (iri, kind) in kinds {
            let compact = compactor.compact(&iri);
            let key = match local(&iri) {
                Some(l) if uses[&l] == 1 && !context.contains_key(&l) && compact != iri => l,
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
            if key != compact || definition.len() > 1 {
                context.insert(key.clone(), Value::Object(definition));
            }
            terms.insert(iri, (key, kind));
        }
        Context { compactor, context, terms }
    }

    /// A value as the property's term writes it: a plain string when it is of the declared
    /// kind, else a value object.
    fn value(&self, t: TermRef<'_>, kind: ValueKind) -> Value {
        let compact = |iri: &str| self.compactor.compact(iri);
        match t {
            TermRef::NamedNode(n) if kind == ValueKind::Iri => json!(compact(n.as_str())),
            TermRef::NamedNode(n) => json!({"@id": compact(n.as_str())}),
            TermRef::Literal(l) => {
                let plain = match (kind, l.language()) {
                    (ValueKind::English, Some(lang)) => lang == "en",
                    (ValueKind::Plain, None) => l.datatype() == oxrdf::vocab::xsd::STRING,
                    (ValueKind::Xsd(local), None) => {
                        l.datatype().as_str().strip_prefix(vocab::XSD).is_some_and(|d| d == local)
                    }
                    _ => false,
                };
                match (plain, l.language()) {
                    (true, _) => json!(l.value()),
                    (false, Some(lang)) => json!({"@value": l.value(), "@language": lang}),
                    (false, None) => json!({"@value": l.value(), "@type": compact(l.datatype().as_str())}),
                }
            }
            other => json!({"@id": other.to_string()}),
        }
    }

    fn id(&self, subject: NamedOrBlankNodeRef<'_>) -> String {
        match subject {
            NamedOrBlankNodeRef::NamedNode(n) => self.compactor.compact(n.as_str()),
            other => other.to_string(),
        }
    }

    /// The node object of one subject's quads.
    fn node(&self, quads: &[QuadRef<'_>]) -> NodeObject {
        let mut node = NodeObject {
            id: quads.first().map(|q| self.id(q.subject)).unwrap_or_default(),
            types: Vec::new(),
            properties: BTreeMap::new(),
        };
        for q in quads {
            let (key, v) = if q.predicate == oxrdf::vocab::rdf::TYPE {
                match q.object {
                    TermRef::NamedNode(class) => {
                        node.types.push(self.compactor.compact(class.as_str()));
                        continue;
                    }
                    // A class that is no IRI cannot be an `@type`: written as the property.
                    other => (self.compactor.compact(q.predicate.as_str()), self.value(other, ValueKind::Mixed)),
                }
            } else {
                match self.terms.get(q.predicate.as_str()) {
                    Some((key, kind)) => (key.clone(), self.value(q.object, *kind)),
                    None => (self.compactor.compact(q.predicate.as_str()), self.value(q.object, ValueKind::Mixed)),
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
}

/// One subject's node object, its keys in the order of JSON-LD's streaming document form:
/// `@type`, then `@id`, then the properties by term.
struct NodeObject {
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

/// Writes `value` pretty-printed as serde_json does, each line after the first indented by
/// `indent` spaces (JSON strings hold no raw line break, so every newline is formatting).
fn write_indented(
    value: &impl serde::Serialize,
    indent: usize,
    scratch: &mut Vec<u8>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    scratch.clear();
    serde_json::to_writer_pretty(&mut *scratch, value)?;
    let pad = " ".repeat(indent);
    let mut lines = scratch.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.write_all(first)?;
    }
    for line in lines {
        out.write_all(b"\n")?;
        out.write_all(pad.as_bytes())?;
        out.write_all(line)?;
    }
    Ok(())
}

/// A JSON array written one element at a time.
struct Array {
    indent: usize,
    empty: bool,
}

impl Array {
    fn open(indent: usize, out: &mut dyn Write) -> Result<Array, ExportError> {
        out.write_all(b"[")?;
        Ok(Array { indent, empty: true })
    }

    /// Starts the next element: a separator, a line break and the element's indentation, which
    /// it returns.
    fn next(&mut self, out: &mut dyn Write) -> Result<usize, ExportError> {
        out.write_all(if self.empty { b"\n" } else { b",\n" })?;
        out.write_all(" ".repeat(self.indent + 2).as_bytes())?;
        self.empty = false;
        Ok(self.indent + 2)
    }

    fn close(self, out: &mut dyn Write) -> Result<(), ExportError> {
        if !self.empty {
            out.write_all(b"\n")?;
            out.write_all(" ".repeat(self.indent).as_bytes())?;
        }
        out.write_all(b"]")?;
        Ok(())
    }
}

/// Writes the graph as compact JSON-LD: the default graph's node objects, then each named graph
/// (the background) as the `@graph` of its node object, one subject at a time as the stream
/// generates it.
///
/// # Errors
/// [`ExportError::BadBase`] for a base or vocabulary that is no absolute IRI; writing errors.
pub(crate) fn write_jsonld(kg: &KnowledgeGraph, options: &RdfOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let stream = RdfStream::new(kg, options)?;
    let base = options.base_for(kg);
    let ctx = Context::new(&base, options.vocab_namespace());
    let background = background_graph(&base);
    let mut scratch = Vec::new();
    let out: &mut dyn Write = &mut std::io::BufWriter::with_capacity(1 << 16, out);
    out.write_all(b"{\n  \"@context\": ")?;
    write_indented(&ctx.context, 2, &mut scratch, out)?;
    out.write_all(b",\n  \"@graph\": ")?;
    let mut top = Array::open(2, out)?;
    // The default graph's description of the background graph, held until the graph's members
    // are written, so that it is one node object with them.
    let mut held: Option<NodeObject> = None;
    // The named graph being written, and its `@graph` array.
    let mut graph: Option<(GraphName, Array)> = None;
    stream.for_each_subject_ref(true, |quads| {
        let name = quads[0].graph_name;
        if name.is_default_graph() {
            if matches!(quads[0].subject, NamedOrBlankNodeRef::NamedNode(s) if s == background) {
                held = Some(ctx.node(quads));
                return Ok(());
            }
            let indent = top.next(out)?;
            return write_indented(&ctx.node(quads), indent, &mut scratch, out);
        }
        if graph.as_ref().is_none_or(|(current, _)| current.as_ref() != name) {
            if let Some((_, members)) = graph.take() {
                close_graph(members, out)?;
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
            let indent = top.next(out)?;
            graph = Some((name.into_owned(), open_graph(&node, indent, &mut scratch, out)?));
        }
        let (_, members) = graph.as_mut().expect("a graph is open");
        let indent = members.next(out)?;
        write_indented(&ctx.node(quads), indent, &mut scratch, out)
    })?;
    if let Some((_, members)) = graph.take() {
        close_graph(members, out)?;
    }
    if let Some(node) = held {
        // A background graph described but empty.
        let indent = top.next(out)?;
        write_indented(&node, indent, &mut scratch, out)?;
    }
    top.close(out)?;
    out.write_all(b"\n}\n")?;
    out.flush()?;
    Ok(())
}

/// Writes a named graph's node object up to its `@graph` array, which is returned open: the
/// node's own properties, then `"@graph": [`.
fn open_graph(
    node: &NodeObject,
    indent: usize,
    scratch: &mut Vec<u8>,
    out: &mut dyn Write,
) -> Result<Array, ExportError> {
    let mut written = Vec::new();
    write_indented(node, indent, scratch, &mut written)?;
    // serde_json ends an object that has members with a line break and its closing brace.
    let closing = format!("\n{}}}", " ".repeat(indent));
    let open = written.strip_suffix(closing.as_bytes()).unwrap_or(&written);
    out.write_all(open)?;
    write!(out, ",\n{}\"@graph\": ", " ".repeat(indent + 2))?;
    Array::open(indent + 2, out)
}

/// Closes a named graph's `@graph` array and its node object.
fn close_graph(members: Array, out: &mut dyn Write) -> Result<(), ExportError> {
    let indent = members.indent - 2;
    members.close(out)?;
    write!(out, "\n{}}}", " ".repeat(indent))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::rdf_quads;

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
                let Some((key, kind)) = ctx.terms.get(q.predicate.as_str()) else {
                    panic!("no term for {} (add it to PROPERTIES)", q.predicate)
                };
                assert!(!key.contains(':'), "{} is written as {key}, not by a short term", q.predicate);
                if *kind == ValueKind::Mixed {
                    mixed.insert(key.clone());
                } else {
                    assert!(ctx.value(q.object.as_ref(), *kind).is_string(), "{q}: not of the declared kind {kind:?}");
                }
            }
            // The mixed ones are mixed in the essay itself (dates of several precisions).
            assert!(mixed.contains("date") && mixed.contains("startDate"), "{mixed:?}");
        }
    }

    #[test]
    fn a_value_of_another_kind_is_written_expanded() {
        let ctx = Context::new("https://example.org/x/", vocab::KGV);
        let date = oxrdf::Term::Literal(oxrdf::Literal::new_typed_literal("1905", oxrdf::vocab::xsd::G_YEAR));
        assert_eq!(ctx.value(date.as_ref(), ValueKind::Xsd("date")), json!({"@value": "1905", "@type": "xsd:gYear"}));
        let french = oxrdf::Term::Literal(oxrdf::Literal::new_language_tagged_literal_unchecked("Japon", "fr"));
        assert_eq!(ctx.value(french.as_ref(), ValueKind::English), json!({"@value": "Japon", "@language": "fr"}));
        let iri = oxrdf::Term::NamedNode(oxrdf::NamedNode::new_unchecked("https://example.org/x/entity/japan"));
        assert_eq!(ctx.value(iri.as_ref(), ValueKind::English), json!({"@id": "ent:japan"}));
        assert_eq!(ctx.value(iri.as_ref(), ValueKind::Iri), json!("ent:japan"));
    }
}
