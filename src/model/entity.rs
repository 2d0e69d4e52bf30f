//! Entities: the nodes of the graph, with their names, dates and numbers.

use super::{EntityType, Evidence, HistDate, Id, SharedStr};

/// A thing the essay names or describes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// Stable, unique, lower snake_case id (`treaty_of_portsmouth`); the relations that refer to
    /// the entity share it.
    pub id: Id,
    /// The class of the entity.
    pub entity_type: EntityType,
    /// The canonical label.
    pub label: SharedStr,
    /// Other names the essay uses for it; each occurs in the essay.
    pub aliases: Vec<SharedStr>,
    /// Well-known names the essay does not use (background knowledge).
    pub background_aliases: Vec<SharedStr>,
    /// Names that deliberately point at several entities ("Roosevelt").
    pub shared_aliases: Vec<SharedStr>,
    /// The Wikidata item (`Q17`), when known.
    pub wikidata: Option<SharedStr>,
    /// The passage that names or introduces it.
    pub evidence: Evidence,
    /// An editorial remark.
    pub note: Option<SharedStr>,
    /// When it happened or was signed.
    pub date: Option<Dated>,
    /// When it began.
    pub start: Option<Dated>,
    /// When it ended.
    pub end: Option<Dated>,
    /// Numbers the essay states about it.
    pub numbers: Vec<Quantity>,
    /// Every place in the essay where one of its names occurs, in essay order.
    pub mentions: Vec<Evidence>,
    /// Occurrences of a name that the annotations attribute to this entity in a given passage
    /// (`mentions_in`), whoever else the name belongs to: "Russia" in the passages on 1858–1905
    /// is Imperial Russia. They take precedence over the name's owner.
    pub attributed_mentions: Vec<Evidence>,
}

impl Entity {
    /// The label and every alias the essay uses, label first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str()).chain(self.aliases.iter().map(SharedStr::as_str))
    }

    /// The date that places it on a timeline: `date`, else `start`.
    pub fn when(&self) -> Option<HistDate> {
        self.date.as_ref().or(self.start.as_ref()).map(|d| d.value)
    }
}

/// A date together with the passage that states it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dated {
    /// The date.
    pub value: HistDate,
    /// The passage that states it.
    pub evidence: Evidence,
}

/// A number the essay states about an entity ("575,000 men taken").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    /// What is counted, snake_case (`men_taken`).
    pub property: SharedStr,
    /// The number.
    pub value: u64,
    /// What it counts (`men`), when the essay says.
    pub unit: Option<SharedStr>,
    /// The passage that states it.
    pub evidence: Evidence,
}
