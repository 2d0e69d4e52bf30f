//! Counts behind `kg stats`: entities by type, relations by kind, mentions and evidence coverage.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, RelationKind, SharedStr};

/// Counts describing a graph.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The essay's title.
    pub title: SharedStr,
    /// Number of entities (nodes).
    pub entities: usize,
    /// Number of relations (edges), stated and background.
    pub relations: usize,
    /// Relations the essay states, each with its quote.
    pub stated_relations: usize,
    /// Background relations the essay only implies.
    pub background_relations: usize,
    /// Entities by type name.
    pub entities_by_type: BTreeMap<String, usize>,
    /// Relations by kind name.
    pub relations_by_kind: BTreeMap<String, usize>,
    /// Mentions of entities found in the essay.
    pub mentions: usize,
    /// Entities the essay names at least once by label or alias.
    pub entities_mentioned: usize,
    /// Entities with a Wikidata id.
    pub entities_with_wikidata: usize,
    /// Characters of the essay.
    pub essay_characters: usize,
    /// Characters of the essay inside at least one relation's quote.
    pub characters_in_relation_quotes: usize,
}

/// Counts for a graph.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let s = kg::stats(&kg);
/// assert_eq!(s.relations, s.stated_relations + s.background_relations);
/// ```
pub fn stats(kg: &KnowledgeGraph) -> Stats {
    let data = kg.data();
    // Counted by the type's and the kind's position in their `ALL` tables, then named: one
    // `String` per type or kind present, not one per entity and relation.
    let mut per_type = vec![0; EntityType::ALL.len()];
    for e in &data.entities {
        if let Some(i) = EntityType::ALL.iter().position(|t| *t == e.entity_type) {
            per_type[i] += 1;
        }
    }
    let mut per_kind = vec![0; RelationKind::ALL.len()];
    for r in &data.relations {
        if let Some(i) = RelationKind::ALL.iter().position(|k| *k == r.kind) {
            per_kind[i] += 1;
        }
    }
    let named = |names: &mut dyn Iterator<Item = (&'static str, usize)>| -> BTreeMap<String, usize> {
        names.filter(|(_, n)| *n > 0).map(|(name, n)| (name.to_string(), n)).collect()
    };
    let entities_by_type = named(&mut EntityType::ALL.iter().map(|t| t.name()).zip(per_type));
    let relations_by_kind = named(&mut RelationKind::ALL.iter().map(|k| k.name()).zip(per_kind));
    let essay_characters = data.essay.chars().count();
    let mut quoted = vec![false; essay_characters];
    for r in data.relations.iter().filter(|r| r.is_stated()) {
        if let Some(p) = r.provenance.passage() {
            quoted[p.start..p.end].iter_mut().for_each(|c| *c = true);
        }
    }
    let stated = data.relations.iter().filter(|r| r.is_stated()).count();
    Stats {
        title: data.title.clone(),
        entities: data.entities.len(),
        relations: data.relations.len(),
        stated_relations: stated,
        background_relations: data.relations.len() - stated,
        entities_by_type,
        relations_by_kind,
        mentions: data.entities.iter().map(|e| e.mentions.len()).sum(),
        entities_mentioned: data.entities.iter().filter(|e| !e.mentions.is_empty()).count(),
        entities_with_wikidata: data.entities.iter().filter(|e| e.wikidata.is_some()).count(),
        essay_characters,
        characters_in_relation_quotes: quoted.iter().filter(|c| **c).count(),
    }
}
