//! The project's RDF vocabulary (`kgv:`): a class per entity type with its `rdfs:subClassOf`
//! hierarchy, a property per relation kind, the qualifier and evidence properties, each with
//! `rdfs:label` and `rdfs:comment`, and their mappings to schema.org, Wikidata, SKOS, PROV-O and
//! Dublin Core where they fit.

use oxrdf::vocab::{rdf, rdfs};
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

/// Well-known classes each type is a subclass of (`rdfs:subClassOf`), and Wikidata classes it
/// closely matches (`skos:closeMatch`).
fn class_mappings(t: EntityType) -> (&'static [(&'static str, &'static str)], &'static [&'static str]) {
    use EntityType::*;
    match t {
        Agent => (&[(vocab::PROV, "Agent")], &[]),
        State => (&[], &[]),
        Person => (&[(vocab::SCHEMA, "Person")], &["Q5"]),
        Organisation => (&[(vocab::SCHEMA, "Organization")], &["Q43229"]),
        Army => (&[], &["Q37726"]),
        Territory => (&[(vocab::SCHEMA, "Place")], &[]),
        Island => (&[], &["Q23442"]),
        Peninsula => (&[], &["Q34763"]),
        City => (&[(vocab::SCHEMA, "City")], &["Q515"]),
        Sea => (&[], &["Q165"]),
        Forest => (&[], &["Q4421"]),
        Event => (&[(vocab::SCHEMA, "Event")], &[]),
        War => (&[], &["Q198"]),
        Treaty => (&[], &["Q131569"]),
        _ => (&[], &[]),
    }
}

/// Well-known properties each relation kind specialises (`rdfs:subPropertyOf`).
fn property_mappings(kind: RelationKind) -> &'static [(&'static str, &'static str)] {
    use RelationKind::*;
    match kind {
        PartOf => &[(vocab::DCTERMS, "isPartOf")],
        LocatedIn => &[(vocab::SCHEMA, "location")],
        MemberOf => &[(vocab::SCHEMA, "memberOf")],
        TookPartIn => &[(vocab::PROV, "wasAssociatedWith")],
        _ => &[],
    }
}

/// The vocabulary as quads in the default graph, in a stable order.
pub fn ontology_quads() -> Vec<Quad> {
    let g = GraphName::DefaultGraph;
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: oxrdf::Term| quads.push(Quad::new(s.clone(), p, o, g.clone()));
    let en = |s: &str| Literal::new_language_tagged_literal_unchecked(s, "en").into();
    let ontology = NamedNode::new_unchecked(vocab::KGV_ONTOLOGY);
    let owl = |l: &str| ns(vocab::OWL, l);
    let defined = rdfs::IS_DEFINED_BY.into_owned();

    add(&ontology, rdf::TYPE.into(), owl("Ontology").into());
    add(&ontology, rdfs::LABEL.into(), en("kg essay vocabulary"));
    add(
        &ontology,
        rdfs::COMMENT.into(),
        en("Classes and properties of knowledge graphs built from annotated essays by kg: entity types, relation kinds, qualifiers and evidence."),
    );

    for &t in EntityType::ALL {
        let c = class_iri(t);
        add(&c, rdf::TYPE.into(), owl("Class").into());
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
            add(&c, ns(vocab::SKOS, "closeMatch"), ns(vocab::WD, q).into());
        }
    }
    let classes: [(&str, &str, NamedNode); 3] = [
        (
            term::ASSERTION,
            "A relation stated once, reified so that its qualifiers and evidence stay with it.",
            rdf::STATEMENT.into(),
        ),
        (term::ESSAY, "The essay the graph is built from.", ns(vocab::SCHEMA, "CreativeWork")),
        (
            term::QUANTITY_CLASS,
            "A number the essay states about an entity, with its evidence.",
            ns(vocab::SCHEMA, "QuantitativeValue"),
        ),
    ];
    for (local, comment, superclass) in classes {
        let c = kgv(local);
        add(&c, rdf::TYPE.into(), owl("Class").into());
        add(&c, rdfs::LABEL.into(), en(local));
        add(&c, rdfs::COMMENT.into(), en(comment));
        add(&c, defined.clone(), ontology.clone().into());
        add(&c, rdfs::SUB_CLASS_OF.into(), superclass.into());
    }

    for &kind in RelationKind::ALL {
        let p = property_iri(kind);
        add(&p, rdf::TYPE.into(), owl("ObjectProperty").into());
        add(&p, rdfs::LABEL.into(), en(kind.reading()));
        add(&p, rdfs::COMMENT.into(), en(kind.comment()));
        add(&p, ns(vocab::SKOS, "notation"), Literal::new_simple_literal(kind.name()).into());
        add(&p, defined.clone(), ontology.clone().into());
        for (namespace, local) in property_mappings(kind) {
            add(&p, rdfs::SUB_PROPERTY_OF.into(), ns(namespace, local).into());
        }
    }

    let object = "ObjectProperty";
    let data = "DatatypeProperty";
    let properties: [(&str, &str, &str, &str, Option<NamedNode>); 12] = [
        (term::UNDER, object, "under", "The treaty under which the relation holds.", None),
        (term::PLACE, object, "place", "Where the relation holds.", Some(ns(vocab::SCHEMA, "location"))),
        (term::ROLE, data, "role", "A free-text qualifier of the relation: a role, a part or a manner.", None),
        (
            term::DATE,
            data,
            "date",
            "When it happened: xsd:date, xsd:gYearMonth, xsd:gYear, or an EDTF decade.",
            Some(ns(vocab::DCTERMS, "date")),
        ),
        (term::START_DATE, data, "start date", "When it began.", Some(ns(vocab::SCHEMA, "startDate"))),
        (term::END_DATE, data, "end date", "When it ended.", Some(ns(vocab::SCHEMA, "endDate"))),
        (
            term::EVIDENCE,
            object,
            "evidence",
            "The passage of the essay that names or introduces the entity, or states the number.",
            Some(ns(vocab::PROV, "wasDerivedFrom")),
        ),
        (term::MENTION, object, "mention", "A passage of the essay where one of the entity's names occurs.", None),
        (term::BASIS, data, "basis", "Why a background fact, which the essay does not state, is held.", None),
        (term::QUANTITY, object, "quantity", "A number the essay states about the entity.", None),
        (term::PROPERTY, data, "quantity property", "What a quantity counts, as a snake_case name.", None),
        (term::UNIT, data, "unit", "The unit of a quantity.", None),
    ];
    for (local, kind, label, comment, superproperty) in properties {
        let p = kgv(local);
        add(&p, rdf::TYPE.into(), owl(kind).into());
        add(&p, rdfs::LABEL.into(), en(label));
        add(&p, rdfs::COMMENT.into(), en(comment));
        add(&p, defined.clone(), ontology.clone().into());
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
}
