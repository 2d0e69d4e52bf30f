//! Which treaties, pacts and agreements involved a place: as a territory transferred, claimed or
//! disputed under them, a border they drew, or their subject — directly, or through containment
//! (`part_of`): a treaty about the Kuril Islands involves the Northern Territories that are part
//! of them, and a treaty about the southern half of Sakhalin involves Sakhalin.

use std::collections::BTreeMap;

use serde::Serialize;

use super::places::{containment_index, describe_containment, related_places};
use super::{relation_parts, statement, EntityRef, EvidenceView, QualifierView};
use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, Relation, SharedStr};

/// A treaty that involved the place, and how.
#[derive(Debug, Clone, Serialize)]
pub struct TreatyInvolvement {
    /// Treaty id.
    pub id: String,
    /// Treaty label.
    pub label: SharedStr,
    /// Treaty, Pact or Agreement.
    #[serde(rename = "type")]
    pub entity_type: String,
    /// When it was concluded, if the essay says.
    pub date: Option<String>,
    /// Every way it involved the place, each with its evidence.
    pub how: Vec<How>,
}

/// One way a treaty involved a place.
#[derive(Debug, Clone, Serialize)]
pub struct How {
    /// The relation id.
    pub relation_id: String,
    /// The relation kind (`transferred_to`, `drew_border_through`, `claimed`, ...).
    pub relation: String,
    /// The relation as a sentence ("southern half of Sakhalin went to Japan").
    pub statement: String,
    /// The place the relation names (the place asked about, or one related by containment).
    pub place: EntityRef,
    /// How that place relates to the one asked about ("southern half of Sakhalin is part of
    /// Sakhalin"), when containment was used.
    pub via: Option<String>,
    /// The relation's qualifiers.
    pub qualifiers: QualifierView,
    /// The relation's evidence.
    pub evidence: EvidenceView,
}

/// The treaties, pacts and agreements that involved a place.
///
/// A relation counts when it names the place (or a place related by containment) and either
/// names a treaty as its `under` qualifier (a territory transferred or claimed under it) or has
/// a treaty at its other end (a border drawn through it, its subject).
///
/// # Returns
/// Treaties sorted by date (undated last), then id; each with every way it involved the place.
///
/// # Complexity
/// O(V + E) for V entities and E relations.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let treaties = kg::treaties_involving(&kg, "sakhalin");
/// let ids: Vec<&str> = treaties.iter().map(|t| t.id.as_str()).collect();
/// assert_eq!(ids, ["treaty_of_st_petersburg", "treaty_of_portsmouth"]);
/// ```
pub fn treaties_involving(kg: &KnowledgeGraph, place: &str) -> Vec<TreatyInvolvement> {
    let Some(asked) = kg.entity(place) else { return Vec::new() };
    let is_treaty = |id: &str| kg.entity(id).is_some_and(|e| e.entity_type.is_a(EntityType::Treaty));
    let mut found: BTreeMap<String, Vec<How>> = BTreeMap::new();
    let places = related_places(kg, place);
    let index = containment_index(&places);
    for (place_id, _) in &places {
        for inc in kg.incident(place_id) {
            let r: &Relation = inc.relation;
            let mut treaties: Vec<&str> = Vec::new();
            if let Some(under) = r.qualifiers.under.as_deref() {
                treaties.push(under);
            }
            if is_treaty(&inc.other.id) {
                treaties.push(&inc.other.id);
            }
            for treaty in treaties {
                if treaty == place {
                    continue;
                }
                let (qualifiers, evidence) = relation_parts(r, kg);
                let how = How {
                    relation_id: r.id.to_string(),
                    relation: r.kind.name().to_string(),
                    statement: statement(kg, r),
                    place: EntityRef::from(kg.entity(place_id).unwrap_or(asked)),
                    via: describe_containment(kg, &index, place_id).map(|c| format!("via part of: {c}")),
                    qualifiers,
                    evidence,
                };
                let list = found.entry(treaty.to_string()).or_default();
                if !list.iter().any(|h| h.relation_id == how.relation_id) {
                    list.push(how);
                }
            }
        }
    }
    let mut answers: Vec<TreatyInvolvement> = found
        .into_iter()
        .filter_map(|(id, how)| {
            let t = kg.entity(&id)?;
            Some(TreatyInvolvement {
                id: t.id.to_string(),
                label: t.label.clone(),
                entity_type: t.entity_type.name().to_string(),
                date: t.when().map(|d| d.to_string()),
                how,
            })
        })
        .collect();
    answers.sort_by(|a, b| {
        let key = |t: &TreatyInvolvement| {
            (kg.entity(&t.id).and_then(|e| e.when()).is_none(), kg.entity(&t.id).and_then(|e| e.when()))
        };
        key(a).cmp(&key(b)).then(a.id.cmp(&b.id))
    });
    answers
}
