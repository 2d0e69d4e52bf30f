//! Compact JSON-LD 1.1, written with serde_json: one `@context` (the one published as
//! `docs/context.jsonld` for the default base), one node object per subject and graph, `@type`
//! for `rdf:type`, a short term for each property (its local name, `label`, `partyTo`) whose
//! values are plain JSON strings where the property always takes one kind of value (an IRI, an
//! `@en` string, or one datatype), and the background graph as the `@graph` of its own node
//! object. As RDF it is exactly the N-Quads export.

use std::collections::BTreeMap;
use std::io::Write;

use oxrdf::{GraphName, NamedOrBlankNode, Quad, Term};
use serde_json::{json, Map, Value};

use super::rdf::export_prefixes;
use super::ExportError;

/// What a property's objects are, when they are all of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ValueKind {
    Iri,
    Language(String),
    Datatype(String),
    Mixed,
}

fn kind_of(t: &Term) -> ValueKind {
    match t {
        Term::NamedNode(_) => ValueKind::Iri,
        Term::Literal(l) => match l.language() {
            Some(lang) => ValueKind::Language(lang.to_string()),
            None => ValueKind::Datatype(l.datatype().as_str().to_string()),
        },
        _ => ValueKind::Mixed,
    }
}

/// Shortens IRIs with the export's prefixes (longest namespace first).
struct Compactor {
    prefixes: Vec<(String, String)>,
}

impl Compactor {
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

/// The `@context` of an export: the prefixes, and a term per property with its coercion.
///
/// Returns the context and, per property IRI, the term used as its key and whether its values
/// are written as plain strings.
fn context(quads: &[Quad], compactor: &Compactor) -> (Map<String, Value>, BTreeMap<String, (String, bool)>) {
    let mut kinds: BTreeMap<String, ValueKind> = BTreeMap::new();
    for q in quads {
        if q.predicate.as_ref() == oxrdf::vocab::rdf::TYPE {
            continue;
        }
        let kind = kind_of(&q.object);
        kinds
            .entry(q.predicate.as_str().to_string())
            .and_modify(|k| {
                if *k != kind {
                    *k = ValueKind::Mixed;
                }
            })
            .or_insert(kind);
    }
    let mut ctx = Map::new();
    ctx.insert("@version".into(), json!(1.1));
    for (prefix, namespace) in &compactor.prefixes {
        let definition = if namespace.ends_with(['/', '#', ':']) {
            json!(namespace)
        } else {
            json!({"@id": namespace, "@prefix": true})
        };
        ctx.insert(prefix.clone(), definition);
    }
    // A term is the property's local name, unless two properties share it or it is a prefix:
    // then the compact IRI is the key.
    let local = |iri: &str| compactor.compact(iri).split_once(':').map(|(_, l)| l.to_string());
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for iri in kinds.keys() {
        if let Some(l) = local(iri) {
            *uses.entry(l).or_default() += 1;
        }
    }
    let mut terms = BTreeMap::new();
    for (iri, kind) in &kinds {
        let compact = compactor.compact(iri);
        let term = match local(iri) {
            Some(l) if uses[&l] == 1 && !ctx.contains_key(&l) && compact != *iri => l,
            _ => compact.clone(),
        };
        let mut definition = Map::new();
        definition.insert("@id".into(), json!(compact));
        let plain = match kind {
            ValueKind::Iri => {
                definition.insert("@type".into(), json!("@id"));
                true
            }
            ValueKind::Language(lang) => {
                definition.insert("@language".into(), json!(lang));
                true
            }
            ValueKind::Datatype(dt) if dt == oxrdf::vocab::xsd::STRING.as_str() => {
                definition.insert("@language".into(), Value::Null);
                true
            }
            ValueKind::Datatype(dt) => {
                definition.insert("@type".into(), json!(compactor.compact(dt)));
                true
            }
            ValueKind::Mixed => false,
        };
        if term != compact || definition.len() > 1 {
            ctx.insert(term.clone(), Value::Object(definition));
        }
        terms.insert(iri.clone(), (term, plain));
    }
    (ctx, terms)
}

fn value(t: &Term, plain: bool, compactor: &Compactor) -> Value {
    match (t, plain) {
        (Term::NamedNode(n), true) => json!(compactor.compact(n.as_str())),
        (Term::NamedNode(n), false) => json!({"@id": compactor.compact(n.as_str())}),
        (Term::Literal(l), true) => json!(l.value()),
        (Term::Literal(l), false) => match l.language() {
            Some(lang) => json!({"@value": l.value(), "@language": lang}),
            None => json!({"@value": l.value(), "@type": compactor.compact(l.datatype().as_str())}),
        },
        (other, _) => json!({"@id": other.to_string()}),
    }
}

/// Node objects of one graph, one per subject, in the quads' order.
fn nodes(
    quads: &[&Quad],
    terms: &BTreeMap<String, (String, bool)>,
    compactor: &Compactor,
) -> Vec<(String, Map<String, Value>)> {
    let mut out: Vec<(String, Map<String, Value>)> = Vec::new();
    for q in quads {
        let id = match &q.subject {
            NamedOrBlankNode::NamedNode(n) => compactor.compact(n.as_str()),
            other => other.to_string(),
        };
        if out.last().is_none_or(|(last, _)| *last != id) {
            let mut node = Map::new();
            node.insert("@id".into(), json!(id));
            out.push((id.clone(), node));
        }
        let node = &mut out.last_mut().expect("just pushed").1;
        let (key, v) = if q.predicate.as_ref() == oxrdf::vocab::rdf::TYPE {
            let Term::NamedNode(class) = &q.object else { continue };
            ("@type".to_string(), json!(compactor.compact(class.as_str())))
        } else {
            let (term, plain) = &terms[q.predicate.as_str()];
            (term.clone(), value(&q.object, *plain, compactor))
        };
        match node.get_mut(&key) {
            None => {
                node.insert(key, v);
            }
            Some(Value::Array(values)) => values.push(v),
            Some(single) => {
                let first = single.take();
                *single = Value::Array(vec![first, v]);
            }
        }
    }
    out
}

/// The JSON-LD `@context` an export with this base and vocabulary namespace uses, for every
/// property and datatype kg writes (`docs/context.jsonld` is the one for the default base).
pub fn jsonld_context(quads: &[Quad], base: &str, vocab_namespace: &str) -> Value {
    let compactor = compactor(base, vocab_namespace);
    Value::Object(context(quads, &compactor).0)
}

fn compactor(base: &str, vocab_namespace: &str) -> Compactor {
    let mut prefixes: Vec<(String, String)> =
        export_prefixes(base, vocab_namespace).into_iter().map(|(p, iri)| (p.to_string(), iri)).collect();
    // Longest namespace first, so `ent:` wins over a base that is itself a prefix.
    prefixes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    Compactor { prefixes }
}

/// Writes the quads (default graph and named graphs) as compact JSON-LD.
pub fn write_jsonld(quads: &[Quad], base: &str, vocab_namespace: &str, out: &mut dyn Write) -> Result<(), ExportError> {
    let compactor = compactor(base, vocab_namespace);
    let (ctx, terms) = context(quads, &compactor);
    let default: Vec<&Quad> = quads.iter().filter(|q| q.graph_name.is_default_graph()).collect();
    let mut named: BTreeMap<String, Vec<&Quad>> = BTreeMap::new();
    for q in quads {
        if let GraphName::NamedNode(g) = &q.graph_name {
            named.entry(compactor.compact(g.as_str())).or_default().push(q);
        }
    }
    let mut top = nodes(&default, &terms, &compactor);
    for (graph, graph_quads) in named {
        let members: Vec<Value> =
            nodes(&graph_quads, &terms, &compactor).into_iter().map(|(_, n)| Value::Object(n)).collect();
        match top.iter_mut().find(|(id, _)| *id == graph) {
            Some((_, node)) => {
                node.insert("@graph".into(), Value::Array(members));
            }
            None => {
                let mut node = Map::new();
                node.insert("@id".into(), json!(graph));
                node.insert("@graph".into(), Value::Array(members));
                top.push((graph, node));
            }
        }
    }
    let document = json!({
        "@context": Value::Object(ctx),
        "@graph": top.into_iter().map(|(_, n)| Value::Object(n)).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")?;
    Ok(())
}
