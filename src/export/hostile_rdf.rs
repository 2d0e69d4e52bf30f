//! Test-only generators of hostile RDF for the differential tests of kg's own writers
//! (`turtle.rs`, `rdfxml.rs`): terms built from each format's troublesome pieces (its escapes,
//! the characters a local name may not hold), over few subjects and predicates so that a
//! subject's triples run together and come back.

use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use proptest::prelude::*;

/// An IRI: a namespace, then up to `max_pieces - 1` of `local_pieces`; strings that are no IRI
/// are filtered out.
pub(crate) fn iri(
    namespace: impl Strategy<Value = String>,
    local_pieces: &'static [&'static str],
    max_pieces: usize,
) -> impl Strategy<Value = NamedNode> {
    let local =
        proptest::collection::vec(proptest::sample::select(local_pieces), 0..max_pieces).prop_map(|p| p.concat());
    (namespace, local).prop_filter_map("a valid IRI", |(n, l)| NamedNode::new(format!("{n}{l}")).ok())
}

/// A literal of up to four of `value_pieces`, typed by one of `datatypes` or tagged with a
/// language (simple, regional, scripted, private and variant tags).
pub(crate) fn literal(
    value_pieces: &'static [&'static str],
    datatypes: impl Strategy<Value = NamedNode>,
) -> impl Strategy<Value = Literal> {
    let value = proptest::collection::vec(proptest::sample::select(value_pieces), 0..5).prop_map(|p| p.concat());
    let language = proptest::sample::select(&["en", "en-US", "ja-Latn-JP", "x-private", "de-CH-1996"][..]);
    prop_oneof![
        (value.clone(), datatypes).prop_map(|(v, d)| Literal::new_typed_literal(v, d)),
        (value, language).prop_map(|(v, l)| Literal::new_language_tagged_literal(v, l).expect("a valid tag")),
    ]
}

/// A blank node from a few labels, so that they repeat.
pub(crate) fn blank() -> impl Strategy<Value = BlankNode> {
    proptest::sample::select(&["b0", "b1", "x_1"][..]).prop_map(BlankNode::new_unchecked)
}

/// A subject: an IRI three times in four, else a blank node.
pub(crate) fn subject(iri: impl Strategy<Value = NamedNode>) -> impl Strategy<Value = NamedOrBlankNode> {
    prop_oneof![3 => iri.prop_map(NamedOrBlankNode::from), 1 => blank().prop_map(NamedOrBlankNode::from)]
}

/// Up to `max - 1` quads, each picking its subject, predicate, object and graph from one to three
/// subjects and predicates, one to five objects and `graphs`' choices.
pub(crate) fn quads(
    subject: impl Strategy<Value = NamedOrBlankNode>,
    predicate: impl Strategy<Value = NamedNode>,
    object: impl Strategy<Value = Term>,
    graphs: impl Strategy<Value = Vec<GraphName>>,
    max: usize,
) -> impl Strategy<Value = Vec<Quad>> {
    let subjects = proptest::collection::vec(subject, 1..4);
    let predicates = proptest::collection::vec(predicate, 1..4);
    let objects = proptest::collection::vec(object, 1..6);
    (subjects, predicates, objects, graphs).prop_flat_map(move |(s, p, o, g)| {
        let pick = (0..s.len(), 0..p.len(), 0..o.len(), 0..g.len());
        proptest::collection::vec(pick, 0..max).prop_map(move |picks| {
            picks
                .into_iter()
                .map(|(a, b, c, d)| Quad::new(s[a].clone(), p[b].clone(), o[c].clone(), g[d].clone()))
                .collect()
        })
    })
}

/// A subset of `namespaces` to declare as prefixes, in their order.
pub(crate) fn prefixes(
    namespaces: &'static [(&'static str, &'static str)],
) -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
    proptest::sample::subsequence(namespaces, 0..=namespaces.len())
}
