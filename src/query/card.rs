//! The entity card behind `kg show`: an entity's attributes and every relation in either
//! direction, with the other entity, the qualifiers and the evidence.

use petgraph::Direction;
use serde::Serialize;

use super::{relation_parts, EntityRef, EvidenceView, QualifierView, Quote};
use crate::graph::KnowledgeGraph;
use crate::model::{Dated, Entity, SharedStr};

/// What is known about one entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCard {
    /// The entity's attributes.
    pub entity: EntitySummary,
    /// Every relation it takes part in; outgoing first, each group sorted by relation id.
    pub relations: Vec<RelationView>,
    /// Relations in which it is a qualifier (the treaty under which, the place where).
    pub qualifies: Vec<RelationView>,
}

/// An entity's attributes.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    /// Entity id.
    pub id: String,
    /// Canonical label.
    pub label: SharedStr,
    /// Type name.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// The type and its ancestors, most specific first (`Island`, `Territory`).
    pub types: Vec<String>,
    /// Other names the essay uses.
    pub aliases: Vec<SharedStr>,
    /// Well-known names the essay does not use.
    pub background_aliases: Vec<SharedStr>,
    /// Names shared with other entities.
    pub shared_aliases: Vec<SharedStr>,
    /// Wikidata item id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<SharedStr>,
    /// The passage that names or introduces it.
    pub evidence: Quote,
    /// When it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<DateView>,
    /// When it began.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<DateView>,
    /// When it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<DateView>,
    /// Numbers the essay states.
    pub numbers: Vec<NumberView>,
    /// Where the essay names it.
    pub mentions: Vec<Quote>,
    /// Editorial remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<SharedStr>,
}

/// A date and the passage that states it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// ISO-style date (`1945-08-08`, `1945`, `1850s`).
    pub value: String,
    /// The stating passage.
    pub evidence: Quote,
}

/// A number and the passage that states it.
#[derive(Debug, Clone, Serialize)]
pub struct NumberView {
    /// What is counted.
    pub property: SharedStr,
    /// The number.
    pub value: u64,
    /// The unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<SharedStr>,
    /// The stating passage.
    pub evidence: Quote,
}

/// One relation seen from the entity of a card.
#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    /// Relation id.
    pub id: String,
    /// The relation kind.
    pub relation: String,
    /// `outgoing` when the card's entity is the subject, `incoming` when it is the object,
    /// `qualifier` when it is the treaty or place of the relation.
    pub direction: String,
    /// How it reads from the card's entity ("went to", "was brokered by").
    pub reads: String,
    /// The entity at the other end (for a qualifier: the subject).
    pub other: EntityRef,
    /// For a qualifier: the object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<EntityRef>,
    /// The qualifiers.
    pub qualifiers: QualifierView,
    /// The evidence.
    pub evidence: EvidenceView,
}

impl EntitySummary {
    /// The attributes of an entity.
    pub fn new(e: &Entity) -> Self {
        let date = |d: &Option<Dated>| {
            d.as_ref().map(|d| DateView { value: d.value.to_string(), evidence: Quote::from(&d.evidence) })
        };
        let mut types = Vec::new();
        let mut t = Some(e.entity_type);
        while let Some(ty) = t {
            types.push(ty.name().to_string());
            t = ty.parent();
        }
        EntitySummary {
            id: e.id.to_string(),
            label: e.label.clone(),
            entity_type: e.entity_type.name().to_string(),
            types,
            aliases: e.aliases.clone(),
            background_aliases: e.background_aliases.clone(),
            shared_aliases: e.shared_aliases.clone(),
            wikidata: e.wikidata.clone(),
            evidence: Quote::from(&e.evidence),
            date: date(&e.date),
            start: date(&e.start),
            end: date(&e.end),
            numbers: e
                .numbers
                .iter()
                .map(|n| NumberView {
                    property: n.property.clone(),
                    value: n.value,
                    unit: n.unit.clone(),
                    evidence: Quote::from(&n.evidence),
                })
                .collect(),
            mentions: e.mentions.iter().map(Quote::from).collect(),
            note: e.note.clone(),
        }
    }
}

/// The card of an entity.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let card = kg::entity_card(&kg, kg.resolve("Treaty of Portsmouth").unwrap());
/// assert!(card.relations.iter().any(|r| r.relation == "brokered" && r.other.id == "theodore_roosevelt"));
/// ```
pub fn entity_card(kg: &KnowledgeGraph, entity: &Entity) -> EntityCard {
    let relations = kg
        .incident(&entity.id)
        .into_iter()
        .map(|inc| {
            let (qualifiers, evidence) = relation_parts(inc.relation, kg);
            let (direction, reads) = match inc.direction {
                Direction::Outgoing => ("outgoing", inc.relation.kind.reading()),
                Direction::Incoming => ("incoming", inc.relation.kind.inverse_reading()),
            };
            RelationView {
                id: inc.relation.id.to_string(),
                relation: inc.relation.kind.name().to_string(),
                direction: direction.to_string(),
                reads: reads.to_string(),
                other: EntityRef::from(inc.other),
                object: None,
                qualifiers,
                evidence,
            }
        })
        .collect();
    let qualifies = kg
        .qualified_by(&entity.id)
        .into_iter()
        .filter_map(|r| {
            let (qualifiers, evidence) = relation_parts(r, kg);
            Some(RelationView {
                id: r.id.to_string(),
                relation: r.kind.name().to_string(),
                direction: "qualifier".to_string(),
                reads: r.kind.reading().to_string(),
                other: EntityRef::from(kg.entity(&r.subject)?),
                object: Some(EntityRef::from(kg.entity(&r.object)?)),
                qualifiers,
                evidence,
            })
        })
        .collect();
    EntityCard { entity: EntitySummary::new(entity), relations, qualifies }
}
