//! The project's RDF vocabulary (`kgv:`): an ontology header (version, licence, creator,
//! preferred prefix), a class per entity type with its `rdfs:subClassOf` hierarchy (the four roots
//! pairwise disjoint), a property per relation kind with its domain, range, inverse and
//! characteristics, the qualifier, date and evidence properties, each with `rdfs:label` and
//! `rdfs:comment`; and alignments to PROV-O, schema.org and Dublin Core where they hold in the
//! direction and domain they state, with Wikidata classes as `rdfs:seeAlso` (a class is no SKOS
//! concept).

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, Quad};

use crate::model::{EntityType, RelationKind};
use crate::vocab::{self, kgv, ns, term};

/// `kgv:Island` for `Island`.
pub fn class_iri(t: EntityType) -> NamedNode {
    kgv(t.name())
}

/// `kgv:transferredTo` for `transferred_to`.
pub fn property_iri(kind: RelationKind) -> NamedNode {
    kgv(&camel_case(kind.name()))
}

/// The inverse property of a kind, named after its inverse reading (`kgv:wasBrokeredBy`); `None`
/// for symmetric kinds (same reading both ways) and where two kinds would share an inverse name
/// (`was entered by`), which would make a reasoner confuse them.
pub fn inverse_property_iri(kind: RelationKind) -> Option<NamedNode> {
    inverse_property_iris().into_iter().find(|(k, _)| *k == kind).and_then(|(_, iri)| iri)
}

/// [`inverse_property_iri`] of every kind, in [`RelationKind::ALL`] order, with the names compared
/// once for all kinds.
fn inverse_property_iris() -> Vec<(RelationKind, Option<NamedNode>)> {
    let names: Vec<String> = RelationKind::ALL.iter().map(|k| camel_case(k.name())).collect();
    let inverses: Vec<Option<String>> = RelationKind::ALL
        .iter()
        .map(|&k| (!is_symmetric(k)).then(|| camel_case(&k.inverse_reading().replace([' ', '-'], "_"))))
        .collect();
    let clashes = |i: usize, name: &String| {
        (0..names.len()).any(|j| j != i && (names[j] == *name || inverses[j].as_ref() == Some(name)))
    };
    RelationKind::ALL
        .iter()
        .enumerate()
        .map(|(i, &kind)| (kind, inverses[i].as_ref().filter(|name| !clashes(i, name)).map(|name| kgv(name))))
        .collect()
}

fn is_symmetric(kind: RelationKind) -> bool {
    kind.reading() == kind.inverse_reading()
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The label of a relation kind's property: its name in words, so that label and IRI agree
/// (`kgv:joined` "joined"; the reading "entered" is its comment's business).
fn property_label(kind: RelationKind) -> String {
    kind.name().replace('_', " ")
}

/// The domain and range of each relation kind: the most specific class that covers every subject
/// (object) type the kind declares (`RelationKind::subject_types`, which the loader enforces), so
/// that `rdfs:domain`/`rdfs:range` entail nothing the loader did not check. `None` where the
/// declared types share no class (`located_in`: a place in a territory or in a state).
///
/// ```
/// use kg::{domain_and_range, EntityType, RelationKind};
/// assert_eq!(domain_and_range(RelationKind::Brokered), (Some(EntityType::Agent), Some(EntityType::Treaty)));
/// ```
pub fn domain_and_range(kind: RelationKind) -> (Option<EntityType>, Option<EntityType>) {
    (common_class(kind.subject_types()), common_class(kind.object_types()))
}

/// The most specific type that every one of `types` is a subtype of, if any.
fn common_class(types: &[EntityType]) -> Option<EntityType> {
    let first = *types.first()?;
    let mut candidate = Some(first);
    while let Some(c) = candidate {
        if types.iter().all(|t| t.is_a(c)) {
            return Some(c);
        }
        candidate = c.parent();
    }
    None
}

/// Well-known classes each type is a subclass of (`rdfs:subClassOf`), and Wikidata classes it
/// corresponds to (`rdfs:seeAlso`: `skos:closeMatch` would make the class a SKOS concept).
fn class_mappings(t: EntityType) -> (&'static [(&'static str, &'static str)], &'static [&'static str]) {
    use EntityType::*;
    match t {
        Agent => (&[(vocab::PROV, "Agent")], &[]),
        State => (&[], &["Q7275"]),
        Person => (&[(vocab::SCHEMA, "Person"), (vocab::PROV, "Person")], &["Q5"]),
        Organisation => (&[(vocab::SCHEMA, "Organization"), (vocab::PROV, "Organization")], &["Q43229"]),
        Army => (&[], &["Q37726"]),
        Territory => (&[(vocab::SCHEMA, "Place")], &[]),
        Island => (&[], &["Q23442"]),
        Peninsula => (&[], &["Q34763"]),
        City => (&[], &["Q515"]),
        Sea => (&[], &["Q165"]),
        Forest => (&[], &["Q4421"]),
        Event => (&[(vocab::SCHEMA, "Event")], &[]),
        War => (&[], &["Q198"]),
        Treaty => (&[], &["Q131569"]),
        _ => (&[], &[]),
    }
}

/// Well-known properties each relation kind specialises (`rdfs:subPropertyOf`); only where the
/// super-property's domain and range hold for every use.
fn property_mappings(kind: RelationKind) -> &'static [(&'static str, &'static str)] {
    use RelationKind::*;
    match kind {
        PartOf => &[(vocab::DCTERMS, "isPartOf")],
        LocatedIn => &[(vocab::SCHEMA, "location")],
        MemberOf => &[(vocab::SCHEMA, "memberOf")],
        _ => &[],
    }
}

/// The root classes (agent, territory, event, treaty, work), pairwise disjoint: nothing is both
/// an agent and a place.
fn roots() -> Vec<EntityType> {
    EntityType::ALL.iter().copied().filter(|t| t.parent().is_none()).collect()
}

/// The vocabulary as quads in the default graph, in a stable order.
pub fn ontology_quads() -> Vec<Quad> {
    let g = GraphName::DefaultGraph;
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: oxrdf::Term| quads.push(Quad::new(s.clone(), p, o, g.clone()));
    let en = |s: &str| Literal::new_language_tagged_literal_unchecked(s, "en").into();
    let plain = |s: &str| Literal::new_simple_literal(s).into();
    let ontology = NamedNode::new_unchecked(vocab::KGV_ONTOLOGY);
    let owl = |l: &str| ns(vocab::OWL, l);
    let defined = rdfs::IS_DEFINED_BY.into_owned();
    let a = rdf::TYPE.into_owned();

    add(&ontology, a.clone(), owl("Ontology").into());
    add(&ontology, rdfs::LABEL.into(), en("kg essay vocabulary"));
    add(&ontology, ns(vocab::DCTERMS, "title"), en("kg essay vocabulary"));
    add(
        &ontology,
        rdfs::COMMENT.into(),
        en("Classes and properties of knowledge graphs built from annotated essays by kg: entity types, relation kinds, qualifiers, dates and evidence."),
    );
    add(&ontology, owl("versionInfo"), plain(env!("CARGO_PKG_VERSION")));
    add(&ontology, ns(vocab::DCTERMS, "license"), NamedNode::new_unchecked(vocab::LICENSE).into());
    add(&ontology, ns(vocab::DCTERMS, "creator"), en("the kg project"));
    add(&ontology, ns(vocab::VANN, "preferredNamespacePrefix"), plain("kgv"));
    add(&ontology, ns(vocab::VANN, "preferredNamespaceUri"), plain(vocab::KGV));

    for &t in EntityType::ALL {
        let c = class_iri(t);
        add(&c, a.clone(), owl("Class").into());
        add(&c, rdfs::LABEL.into(), en(t.name()));
        add(&c, rdfs::COMMENT.into(), en(t.comment()));
        add(&c, defined.clone(), ontology.clone().into());
        if let Some(parent) = t.parent() {
            add(&c, rdfs::SUB_CLASS_OF.into(), class_iri(parent).into());
        }
        let (supers, wikidata) = class_mappings(t);
        for (namespace, local) in supers {
            add(&c, rdfs::SUB_CLASS_OF.into(), ns(namespace, local).into());
        }
        for q in wikidata {
            add(&c, rdfs::SEE_ALSO.into(), ns(vocab::WD, q).into());
        }
    }
    let roots = roots();
    for (i, x) in roots.iter().enumerate() {
        for y in &roots[i + 1..] {
            add(&class_iri(*x), owl("disjointWith"), class_iri(*y).into());
        }
    }
    let classes: [(&str, &str, &str, NamedNode); 4] = [
        (
            term::ASSERTION,
            "stated relation",
            "A relation the essay states, reified so that its qualifiers and evidence stay with it.",
            rdf::STATEMENT.into(),
        ),
        (
            term::BACKGROUND_ASSERTION,
            "background relation",
            "A relation the essay does not state, held on a basis given with it; in the background graph.",
            rdf::STATEMENT.into(),
        ),
        (term::ESSAY, "essay", "The essay the graph is built from.", ns(vocab::SCHEMA, "CreativeWork")),
        (
            term::QUANTITY_CLASS,
            "quantity",
            "A number the essay states about an entity, with its evidence.",
            ns(vocab::SCHEMA, "QuantitativeValue"),
        ),
    ];
    for (local, label, comment, superclass) in classes {
        let c = kgv(local);
        add(&c, a.clone(), owl("Class").into());
        add(&c, rdfs::LABEL.into(), en(label));
        add(&c, rdfs::COMMENT.into(), en(comment));
        add(&c, defined.clone(), ontology.clone().into());
        add(&c, rdfs::SUB_CLASS_OF.into(), superclass.into());
    }
    add(&kgv(term::ASSERTION), owl("disjointWith"), kgv(term::BACKGROUND_ASSERTION).into());

    for (kind, inverse) in inverse_property_iris() {
        let p = property_iri(kind);
        add(&p, a.clone(), owl("ObjectProperty").into());
        add(&p, rdfs::LABEL.into(), en(&property_label(kind)));
        add(&p, rdfs::COMMENT.into(), en(&format!("Reads “{}”. {}", kind.reading(), kind.comment())));
        add(&p, ns(vocab::SKOS, "notation"), plain(kind.name()));
        add(&p, defined.clone(), ontology.clone().into());
        let (domain, range) = domain_and_range(kind);
        if let Some(d) = domain {
            add(&p, rdfs::DOMAIN.into(), class_iri(d).into());
        }
        if let Some(r) = range {
            add(&p, rdfs::RANGE.into(), class_iri(r).into());
        }
        if is_symmetric(kind) {
            add(&p, a.clone(), owl("SymmetricProperty").into());
        }
        if kind == RelationKind::PartOf {
            add(&p, a.clone(), owl("TransitiveProperty").into());
        }
        for (namespace, local) in property_mappings(kind) {
            add(&p, rdfs::SUB_PROPERTY_OF.into(), ns(namespace, local).into());
        }
        if let Some(inverse) = inverse {
            add(&inverse, a.clone(), owl("ObjectProperty").into());
            add(&inverse, rdfs::LABEL.into(), en(kind.inverse_reading()));
            add(&inverse, rdfs::COMMENT.into(), en(&format!("The inverse of {}.", property_label(kind))));
            add(&inverse, defined.clone(), ontology.clone().into());
            add(&inverse, owl("inverseOf"), p.clone().into());
        }
    }

    let object = "ObjectProperty";
    let data = "DatatypeProperty";
    let statement: NamedNode = rdf::STATEMENT.into();
    let passage = ns(vocab::OA, "SpecificResource");
    let date = xsd::DATE.into_owned();
    #[allow(clippy::type_complexity)]
    let properties: [(&str, &str, &str, &str, Option<NamedNode>, Option<NamedNode>, Option<NamedNode>); 17] = [
        (term::UNDER, object, "under", "The treaty under which the relation holds.", Some(statement.clone()), Some(class_iri(EntityType::Treaty)), None),
        (term::PLACE, object, "place", "Where the relation holds.", Some(statement.clone()), Some(class_iri(EntityType::Territory)), Some(ns(vocab::SCHEMA, "location"))),
        (term::ROLE, data, "role", "A free-text qualifier of the relation: a role, a part or a manner.", Some(statement), None, None),
        (
            term::DATE,
            data,
            "date",
            "When it happened, at the precision the essay gives: xsd:date, xsd:gYearMonth, xsd:gYear, or an EDTF decade (185X). Compare with earliest and latest.",
            None,
            None,
            Some(ns(vocab::DCTERMS, "date")),
        ),
        (term::START_DATE, data, "start date", "When it began, at the precision the essay gives.", None, None, Some(ns(vocab::SCHEMA, "startDate"))),
        (term::END_DATE, data, "end date", "When it ended, at the precision the essay gives.", None, None, Some(ns(vocab::SCHEMA, "endDate"))),
        (term::EARLIEST, data, "earliest", "The first day the dated thing may have begun on: comparable across precisions.", None, Some(date.clone()), None),
        (term::LATEST, data, "latest", "The last day the dated thing may have ended on: comparable across precisions.", None, Some(date), None),
        (term::DATE_EVIDENCE, object, "date evidence", "The passage of the essay that states the date.", None, Some(passage.clone()), None),
        (term::START_DATE_EVIDENCE, object, "start date evidence", "The passage of the essay that states the start date.", None, Some(passage.clone()), None),
        (term::END_DATE_EVIDENCE, object, "end date evidence", "The passage of the essay that states the end date.", None, Some(passage.clone()), None),
        (term::EVIDENCE, object, "evidence", "The passage of the essay that names or introduces the entity, or states the number.", None, Some(passage.clone()), None),
        (term::MENTION, object, "mention", "A passage of the essay where one of the entity's names occurs.", None, Some(passage), None),
        (term::BASIS, data, "basis", "Why a background fact, which the essay does not state, is held.", Some(kgv(term::BACKGROUND_ASSERTION)), None, None),
        (term::QUANTITY, object, "quantity", "A number the essay states about the entity.", None, Some(kgv(term::QUANTITY_CLASS)), None),
        (term::PROPERTY, data, "quantity property", "What a quantity counts, as a snake_case name.", Some(kgv(term::QUANTITY_CLASS)), None, None),
        (term::UNIT, data, "unit", "The unit of a quantity.", Some(kgv(term::QUANTITY_CLASS)), None, None),
    ];
    for (local, kind, label, comment, domain, range, superproperty) in properties {
        let p = kgv(local);
        add(&p, a.clone(), owl(kind).into());
        add(&p, rdfs::LABEL.into(), en(label));
        add(&p, rdfs::COMMENT.into(), en(comment));
        add(&p, defined.clone(), ontology.clone().into());
        if let Some(d) = domain {
            add(&p, rdfs::DOMAIN.into(), d.into());
        }
        if let Some(r) = range {
            add(&p, rdfs::RANGE.into(), r.into());
        }
        if let Some(sup) = superproperty {
            add(&p, rdfs::SUB_PROPERTY_OF.into(), sup.into());
        }
    }
    quads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_names_are_camel_case() {
        assert_eq!(property_iri(RelationKind::TransferredTo).as_str(), format!("{}transferredTo", vocab::KGV));
        assert_eq!(camel_case("admitted_responsibility"), "admittedResponsibility");
    }

    #[test]
    fn inverses_are_named_after_the_inverse_reading_and_never_shared() {
        assert_eq!(inverse_property_iri(RelationKind::Brokered), Some(kgv("wasBrokeredBy")));
        assert_eq!(inverse_property_iri(RelationKind::PartOf), Some(kgv("contains")));
        assert_eq!(inverse_property_iri(RelationKind::AlliedWith), None, "symmetric");
        // Each inverse reading is its own: "was entered by" (joined), "was moved into by".
        assert_eq!(inverse_property_iri(RelationKind::Joined), Some(kgv("wasEnteredBy")));
        assert_eq!(inverse_property_iri(RelationKind::MovedInto), Some(kgv("wasMovedIntoBy")));
        let mut seen = std::collections::HashSet::new();
        for &k in RelationKind::ALL {
            assert!(seen.insert(property_iri(k)));
            if let Some(i) = inverse_property_iri(k) {
                assert!(seen.insert(i.clone()), "{i} named twice");
            }
        }
    }

    #[test]
    fn every_relation_of_the_essay_fits_its_domain_and_range() {
        let kg = crate::KnowledgeGraph::builtin().unwrap();
        for r in kg.relations() {
            let (domain, range) = domain_and_range(r.kind);
            let subject = kg.data().entity(&r.subject).unwrap().entity_type;
            let object = kg.data().entity(&r.object).unwrap().entity_type;
            assert!(domain.is_none_or(|d| subject.is_a(d)), "{}: {subject} is not a {domain:?}", r.id);
            assert!(range.is_none_or(|d| object.is_a(d)), "{}: {object} is not a {range:?}", r.id);
        }
    }
}
