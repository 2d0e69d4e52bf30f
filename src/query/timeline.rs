//! The timeline: dated events and treaties, and the dated relations the essay states (the Soviet
//! Union broke the pact on 1945-08-08), in order, optionally within years and around one entity;
//! around a place, also around its parts and the places containing it, exactly as `kg treaties`
//! follows containment ([`related_places`]).

use serde::Serialize;

use super::places::related_places;
use super::Quote;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityType, HistDate, Provenance, Relation};

/// Which part of the timeline to show.
#[derive(Debug, Clone, Default)]
pub struct TimelineOptions {
    /// Only what happened in or after this year.
    pub from: Option<i32>,
    /// Only what happened in or before this year.
    pub to: Option<i32>,
    /// Only events and treaties linked to this entity id by a relation (or the entity itself), and
    /// relations that name it; for a place, also to its parts and the places that contain it.
    pub involving: Option<String>,
}

/// One dated event, treaty or relation.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// When (`date`, else `start`).
    pub date: String,
    /// Until when, if it lasted.
    pub end: Option<String>,
    /// `entity` for an event or treaty, `relation` for a dated relation.
    pub kind: String,
    /// The entity id or relation id.
    pub id: String,
    /// The entity's label, or the relation as a sentence.
    pub label: String,
    /// The entity type, or the relation kind.
    #[serde(rename = "type")]
    pub entry_type: String,
    /// The passage that states it.
    pub evidence: Quote,
}

fn dated_entity(e: &Entity) -> Option<TimelineEntry> {
    let d = e.date.as_ref().or(e.start.as_ref())?;
    Some(TimelineEntry {
        date: d.value.to_string(),
        end: e.end.as_ref().map(|d| d.value.to_string()),
        kind: "entity".to_string(),
        id: e.id.to_string(),
        label: e.label.to_string(),
        entry_type: e.entity_type.name().to_string(),
        evidence: Quote::from(&d.evidence),
    })
}

fn dated_relation(kg: &KnowledgeGraph, r: &Relation) -> Option<TimelineEntry> {
    let when = r.qualifiers.when()?;
    let Provenance::Essay(evidence) = &r.provenance else { return None };
    Some(TimelineEntry {
        date: when.to_string(),
        end: r.qualifiers.end.map(|d| d.to_string()),
        kind: "relation".to_string(),
        id: r.id.to_string(),
        label: super::statement(kg, r),
        entry_type: r.kind.name().to_string(),
        evidence: Quote::from(evidence),
    })
}

/// Dated events and treaties, and dated relations the essay states, in chronological order (less
/// precise dates first on ties, then entities before relations, then by id).
///
/// # Complexity
/// O(V log V + E) for V entities and E relations.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let options = kg::TimelineOptions { from: Some(1875), to: Some(1875), ..Default::default() };
/// let entries = kg::timeline(&kg, &options);
/// assert!(entries.iter().any(|e| e.id == "treaty_of_st_petersburg"));
/// ```
pub fn timeline(kg: &KnowledgeGraph, options: &TimelineOptions) -> Vec<TimelineEntry> {
    // The entity asked about and, for a place, the places related to it by containment.
    let involving: Option<Vec<String>> =
        options.involving.as_deref().map(|id| related_places(kg, id).into_iter().map(|(p, _)| p).collect());
    let linked: Option<Vec<&str>> = involving.as_ref().map(|places| {
        let mut ids: Vec<&str> = Vec::new();
        for id in places {
            ids.extend(kg.incident(id).iter().map(|i| i.other.id.as_str()));
            ids.extend(kg.qualified_by(id).iter().flat_map(|r| [r.subject.as_str(), r.object.as_str()]));
            ids.push(id.as_str());
        }
        ids
    });
    let in_range = |when: HistDate, end: Option<HistDate>| {
        let last = end.map_or(when.last_year(), |d| d.last_year());
        options.from.is_none_or(|y| last >= y) && options.to.is_none_or(|y| when.year() <= y)
    };
    let mut entries: Vec<(HistDate, TimelineEntry)> = Vec::new();
    for e in kg.entities() {
        let dated = e.entity_type.is_a(EntityType::Event) || e.entity_type.is_a(EntityType::Treaty);
        let linked_ok = linked.as_ref().is_none_or(|ids| ids.contains(&e.id.as_str()));
        if let (true, true, Some(when)) = (dated, linked_ok, e.when()) {
            if in_range(when, e.end.as_ref().map(|d| d.value)) {
                entries.extend(dated_entity(e).map(|entry| (when, entry)));
            }
        }
    }
    for r in kg.relations() {
        let touches = involving.as_ref().is_none_or(|places| {
            places.iter().any(|id| r.subject == *id || r.object == *id || r.qualifiers.entity_refs().any(|q| q == id))
        });
        if let (true, Some(when)) = (touches, r.qualifiers.when()) {
            if in_range(when, r.qualifiers.end) {
                entries.extend(dated_relation(kg, r).map(|entry| (when, entry)));
            }
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.kind.cmp(&b.1.kind)).then(a.1.id.cmp(&b.1.id)));
    entries.into_iter().map(|(_, e)| e).collect()
}
