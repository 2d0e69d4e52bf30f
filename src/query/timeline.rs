//! The timeline: dated events and treaties, and the dated relations the essay states (the Soviet
//! Union broke the pact on 1945-08-08), in order, optionally within years and around one entity;
//! around a place, also around its parts and the places containing it, exactly as `kg treaties`
//! follows containment ([`related_places`]).

use serde::Serialize;

use super::places::related_places;
use super::Quote;
use crate::graph::KnowledgeGraph;
use crate::model::{Dated, Entity, EntityType, Evidence, HistDate, Id, Provenance, Relation, SharedStr};

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
    /// When (`date`, else `start`); written as `1905-09-05`.
    #[serde(serialize_with = "super::as_text")]
    pub date: HistDate,
    /// Until when, if it lasted.
    #[serde(serialize_with = "super::as_optional_text")]
    pub end: Option<HistDate>,
    /// `entity` for an event or treaty, `relation` for a dated relation.
    pub kind: &'static str,
    /// The entity id or relation id.
    pub id: Id,
    /// The entity's label, or the relation as a sentence.
    pub label: SharedStr,
    /// The entity type, or the relation kind.
    #[serde(rename = "type")]
    pub entry_type: &'static str,
    /// The passage that states it.
    pub evidence: Quote,
}

impl TimelineEntry {
    /// Whether the entry is an event or treaty (else a dated relation).
    pub fn is_entity(&self) -> bool {
        self.kind == ENTITY
    }
}

/// [`TimelineEntry::kind`]'s two values.
const ENTITY: &str = "entity";
const RELATION: &str = "relation";

fn dated_entity(e: &Entity, date: &Dated) -> TimelineEntry {
    TimelineEntry {
        date: date.value,
        end: e.end.as_ref().map(|d| d.value),
        kind: ENTITY,
        id: e.id.clone(),
        label: e.label.clone(),
        entry_type: e.entity_type.name(),
        evidence: Quote::from(&date.evidence),
    }
}

fn dated_relation(kg: &KnowledgeGraph, r: &Relation, when: HistDate, evidence: &Evidence) -> TimelineEntry {
    TimelineEntry {
        date: when,
        end: r.qualifiers.end,
        kind: RELATION,
        id: r.id.clone(),
        label: super::statement(kg, r).into(),
        entry_type: r.kind.name(),
        evidence: Quote::from(evidence),
    }
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
    // Sorted by a key of copies (the date, entities first, the position in the id-sorted
    // entities or relations), then made into entries: no string is compared.
    let mut keys: Vec<(HistDate, bool, usize)> = Vec::new();
    for (i, e) in kg.entities().iter().enumerate() {
        let dated = e.entity_type.is_a(EntityType::Event) || e.entity_type.is_a(EntityType::Treaty);
        let linked_ok = linked.as_ref().is_none_or(|ids| ids.contains(&e.id.as_str()));
        if let (true, true, Some(when)) = (dated, linked_ok, e.when()) {
            if in_range(when, e.end.as_ref().map(|d| d.value)) {
                keys.push((when, false, i));
            }
        }
    }
    for (i, r) in kg.relations().iter().enumerate() {
        let touches = involving.as_ref().is_none_or(|places| {
            places.iter().any(|id| r.subject == *id || r.object == *id || r.qualifiers.entity_refs().any(|q| q == id))
        });
        if let (true, Some(when), true) = (touches, r.qualifiers.when(), r.is_stated()) {
            if in_range(when, r.qualifiers.end) {
                keys.push((when, true, i));
            }
        }
    }
    keys.sort_unstable();
    keys.into_iter()
        .filter_map(|(when, relation, i)| {
            if relation {
                let r = &kg.relations()[i];
                let Provenance::Essay(evidence) = &r.provenance else { return None };
                Some(dated_relation(kg, r, when, evidence))
            } else {
                let e = &kg.entities()[i];
                Some(dated_entity(e, e.date.as_ref().or(e.start.as_ref())?))
            }
        })
        .collect()
}
