//! Relations: the typed, qualified edges of the graph, each with its provenance.

use super::{HistDate, Id, Provenance, RelationKind, SharedStr};

/// A relation between two entities, such as "Sakhalin went to Russia under the Treaty of St.
/// Petersburg in 1875".
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Relation {
    /// Stable id: `subject.kind.object`, with `.2`, `.3`... for repeats.
    pub id: Id,
    /// The subject's entity id (shared with the entity's [`Entity::id`](super::Entity::id)).
    pub subject: Id,
    /// The kind of relation.
    pub kind: RelationKind,
    /// The object's entity id (shared with the entity's).
    pub object: Id,
    /// The qualifiers the essay gives.
    pub qualifiers: Qualifiers,
    /// Where it comes from.
    pub provenance: Provenance,
    /// An editorial remark.
    pub note: Option<SharedStr>,
}

/// The qualifiers of a relation: when, where, under which treaty, in which role.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Qualifiers {
    /// The treaty under which it happened (entity id).
    pub under: Option<Id>,
    /// Where it happened (entity id).
    pub place: Option<Id>,
    /// When it happened.
    pub date: Option<HistDate>,
    /// When it began.
    pub start: Option<HistDate>,
    /// When it ended.
    pub end: Option<HistDate>,
    /// A free-text qualifier: a role, a part, a manner.
    pub role: Option<SharedStr>,
}

impl Qualifiers {
    /// Whether no qualifier is set.
    pub fn is_empty(&self) -> bool {
        *self == Qualifiers::default()
    }

    /// The date that places it on a timeline: `date`, else `start`.
    pub fn when(&self) -> Option<HistDate> {
        self.date.or(self.start)
    }

    /// The entity ids the qualifiers refer to (`under`, `place`).
    pub fn entity_refs(&self) -> impl Iterator<Item = &str> {
        self.under.iter().chain(self.place.iter()).map(Id::as_str)
    }
}

impl Relation {
    /// Whether the essay states it (rather than it being background knowledge).
    pub fn is_stated(&self) -> bool {
        !self.provenance.is_background()
    }
}
