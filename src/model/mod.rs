//! The data model: entities, relations, their types, dates and evidence. Plain data, no I/O and no
//! output format's shape; [`crate::load()`] builds it and validates it once.

mod date;
mod entity;
mod entity_type;
mod evidence;
mod relation;
mod relation_kind;
mod shared;

pub use date::{HistDate, Precision, MONTHS};
pub use entity::{Dated, Entity, Quantity};
pub use entity_type::EntityType;
pub use evidence::{Evidence, Provenance};
pub use relation::{Qualifiers, Relation};
pub use relation_kind::{check_relation_types, RelationKind};
pub use shared::{Id, SharedStr};
pub(crate) use shared::{SharedText, SharedTextBuilder};

/// A name-like phrase deliberately left out of the graph, with the reason (from `coverage.toml`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeftOut {
    /// The phrase as it appears in the essay.
    pub phrase: SharedStr,
    /// Why it is not an entity or attribute.
    pub reason: SharedStr,
}

/// An annotated essay, loaded and validated: the essay text, its entities (sorted by id), its
/// relations (sorted by id) and the phrases deliberately left out.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    /// The essay, exactly as in `essay.txt`; the evidence's quotes are spans of it, shared.
    pub essay: SharedStr,
    /// The essay's title: its first line with visible text, trimmed (empty only when the essay
    /// has none).
    pub title: SharedStr,
    /// Entities sorted by id.
    pub entities: Vec<Entity>,
    /// Relations sorted by id; stated and background ones together.
    pub relations: Vec<Relation>,
    /// Phrases left out of the graph on purpose.
    pub left_out: Vec<LeftOut>,
}

impl Dataset {
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.binary_search_by(|e| e.id.as_str().cmp(id)).ok().map(|i| &self.entities[i])
    }

    /// The entity's index in [`Dataset::entities`].
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.binary_search_by(|e| e.id.as_str().cmp(id)).ok()
    }
}
