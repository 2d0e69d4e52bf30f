//! Questions asked of the graph. Each query returns plain result structs (serde-serializable, so
//! the CLI's `--format json` is their JSON form); the CLI only formats them.

mod card;
mod neighbors;
mod path;
pub(crate) mod path_table;
mod places;
mod sparql;
mod sparql_index;
mod sparql_view;
mod stats;
mod timeline;
mod treaties;

pub use card::{entity_card, EntityCard, EntitySummary, RelationView};
pub use neighbors::{neighbors, Neighbor};
pub(crate) use path::move_table;
pub use path::{
    all_paths, all_shortest_paths, shortest_path, shortest_paths_from, EdgeView, Path, PathOptions, PathView,
    SearchBudgetExceeded, Step, PATH_SEARCH_BUDGET,
};
pub use places::{containment_index, describe_containment, related_places, Containment};
pub use sparql::{
    run_query, run_query_here, run_query_with_prefixes, run_query_within, sparql, sparql_prefixes, sparql_store,
    sparql_within, QueryLimits, ResultsFormat, SparqlAnswer, SparqlError,
};
pub use sparql_index::SparqlStore;
pub use stats::{stats, Stats};
pub use timeline::{timeline, TimelineEntry, TimelineOptions};
pub use treaties::{treaties_involving, How, TreatyInvolvement};

use serde::Serialize;

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Evidence, Id, Provenance, Qualifiers, Relation, RelationKind, SharedStr};

/// Appends the items of `a` and `b` to `out` in ascending order of `key`, when each lists its
/// items in descending order, as petgraph lists a node's edges in one direction: the newest edge
/// first, and every graph's edges are added in relation order (`graph::edges_from`), so by
/// relation index. A merge, O(n), instead of sorting each node's moves (the sorts were ~0.12 M
/// instructions of `kg path --all`). `false` when an input was not in descending order: `out`'s
/// new items are then in no particular order, for the caller to sort.
pub(crate) fn merge_descending<T, K: Ord + Copy>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
    out: &mut Vec<T>,
) -> bool {
    let start = out.len();
    // Each item's key, computed once.
    let (mut a, mut b) = (a.map(|t| (key(&t), t)), b.map(|t| (key(&t), t)));
    let (mut x, mut y) = (a.next(), b.next());
    let mut descending = true;
    let mut last: Option<K> = None;
    loop {
        let from_a = match (&x, &y) {
            (Some((kx, _)), Some((ky, _))) => kx >= ky,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if from_a { std::mem::replace(&mut x, a.next()) } else { std::mem::replace(&mut y, b.next()) };
        let Some((k, t)) = next else { break };
        // A merge of descending lists descends; an input out of order makes it ascend somewhere.
        descending &= last.is_none_or(|l| k <= l);
        last = Some(k);
        out.push(t);
    }
    out[start..].reverse();
    descending
}

/// An entity named in a result: its id, label and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    /// Entity id.
    pub id: Id,
    /// Canonical label.
    pub label: SharedStr,
    /// Type name.
    #[serde(rename = "type")]
    pub entity_type: &'static str,
}

impl From<&Entity> for EntityRef {
    fn from(e: &Entity) -> Self {
        EntityRef { id: e.id.clone(), label: e.label.clone(), entity_type: e.entity_type.name() }
    }
}

/// A passage of the essay in a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The exact text.
    pub quote: SharedStr,
    /// First character offset.
    pub start: usize,
    /// One past the last character offset.
    pub end: usize,
}

impl From<&Evidence> for Quote {
    fn from(e: &Evidence) -> Self {
        Quote { quote: e.shared_quote(), start: e.start, end: e.end }
    }
}

/// Where a relation in a result comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum EvidenceView {
    /// Stated by the essay.
    Essay {
        /// The stating passage.
        #[serde(flatten)]
        quote: Quote,
    },
    /// Background knowledge the essay implies.
    Background {
        /// Why it is held.
        basis: SharedStr,
        /// The passage that made it relevant.
        #[serde(skip_serializing_if = "Option::is_none")]
        context: Option<Quote>,
    },
}

impl From<&Provenance> for EvidenceView {
    fn from(p: &Provenance) -> Self {
        match p {
            Provenance::Essay(e) => EvidenceView::Essay { quote: e.into() },
            Provenance::Background { basis, context } => {
                EvidenceView::Background { basis: basis.clone(), context: context.as_ref().map(Quote::from) }
            }
        }
    }
}

impl EvidenceView {
    /// The quote, or for background knowledge its basis, for one-line display.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        self.write_summary(&mut out);
        out
    }

    /// Appends [`summary`](Self::summary) to `out`.
    pub fn write_summary(&self, out: &mut String) {
        let (before, text, after) = match self {
            EvidenceView::Essay { quote } => ("\"", &quote.quote, "\""),
            EvidenceView::Background { basis, .. } => ("background: ", basis, ""),
        };
        out.reserve(before.len() + text.len() + after.len());
        [before, text, after].iter().for_each(|p| out.push_str(p));
    }
}

/// The qualifiers of a relation in a result; absent ones are left out of JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QualifierView {
    /// The treaty under which it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub under: Option<EntityRef>,
    /// Where it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<EntityRef>,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Since when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Until when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Role, part or manner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<SharedStr>,
}

impl QualifierView {
    fn new(q: &Qualifiers, kg: &crate::KnowledgeGraph) -> Self {
        let entity = |id: &Option<crate::model::Id>| id.as_deref().and_then(|id| kg.entity(id)).map(EntityRef::from);
        QualifierView {
            under: entity(&q.under),
            place: entity(&q.place),
            date: q.date.map(|d| d.to_string()),
            start: q.start.map(|d| d.to_string()),
            end: q.end.map(|d| d.to_string()),
            role: q.role.clone(),
        }
    }

    /// Whether no qualifier is set.
    pub fn is_empty(&self) -> bool {
        *self == QualifierView::default()
    }

    /// The qualifiers as one line: `under Treaty of Portsmouth, 1905, role: southern half`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(u) = &self.under {
            parts.push(format!("under {}", u.label));
        }
        if let Some(p) = &self.place {
            parts.push(format!("at {}", p.label));
        }
        if let Some(d) = &self.date {
            parts.push(d.clone());
        }
        match (&self.start, &self.end) {
            (Some(s), Some(e)) => parts.push(format!("{s} to {e}")),
            (Some(s), None) => parts.push(format!("from {s}")),
            (None, Some(e)) => parts.push(format!("until {e}")),
            (None, None) => {}
        }
        if let Some(r) = &self.role {
            parts.push(r.to_string());
        }
        parts.join(", ")
    }
}

/// Qualifiers and evidence of a relation, as results show them.
pub(crate) fn relation_parts(r: &Relation, kg: &crate::KnowledgeGraph) -> (QualifierView, EvidenceView) {
    (QualifierView::new(&r.qualifiers, kg), EvidenceView::from(&r.provenance))
}

/// The relation as a sentence; a border drawn between two places (one `drew_border_between`
/// relation for each side) reads as one sentence naming both sides, in relation id order.
pub(crate) fn statement(kg: &KnowledgeGraph, r: &Relation) -> String {
    if r.kind != RelationKind::DrewBorderBetween {
        return kg.sentence(r);
    }
    let label = |id: &str| kg.entity(id).map_or_else(|| id.to_string(), |e| e.label.to_string());
    let sides: Vec<String> = kg
        .incident(&r.subject)
        .into_iter()
        .filter(|i| i.relation.kind == RelationKind::DrewBorderBetween && i.relation.subject == r.subject)
        .filter(|i| i.relation.provenance.passage() == r.provenance.passage())
        .map(|i| label(&i.relation.object))
        .collect();
    match sides.as_slice() {
        [a, b] => format!("{} drew a border between {a} and {b}", label(&r.subject)),
        _ => kg.sentence(r),
    }
}

/// Serializes a value as its text (`Display`), as a date is in JSON: `"1905-09-05"`.
pub(crate) fn as_text<T: std::fmt::Display, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// Serializes an optional value as its text, or `null`.
pub(crate) fn as_optional_text<T: std::fmt::Display, S: serde::Serializer>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::merge_descending;

    proptest! {
        /// Two lists in descending order merge into the ascending order of both; a list out of
        /// order is reported (`false`), for the caller to sort instead.
        #[test]
        fn merging_descending_lists_sorts_them(a in proptest::collection::vec(0u32..40, 0..12), b in proptest::collection::vec(0u32..40, 0..12)) {
            // Distinct keys, as a node's moves have: the item with its list and place.
            let a: Vec<(u32, u8, usize)> = a.into_iter().enumerate().map(|(i, k)| (k, 0, i)).collect();
            let b: Vec<(u32, u8, usize)> = b.into_iter().enumerate().map(|(i, k)| (k, 1, i)).collect();
            let descending = |l: &[(u32, u8, usize)]| l.windows(2).all(|w| w[0] >= w[1]);
            let mut out = vec![(99, 9, 9)];
            let merged = merge_descending(a.iter().copied(), b.iter().copied(), |x| *x, &mut out);
            prop_assert_eq!(out.len(), 1 + a.len() + b.len());
            prop_assert_eq!(out[0], (99, 9, 9));
            prop_assert_eq!(merged, descending(&a) && descending(&b));
            let mut expected: Vec<_> = a.iter().chain(&b).copied().collect();
            expected.sort_unstable();
            if merged {
                prop_assert_eq!(&out[1..], &expected[..]);
            }
            let mut got = out[1..].to_vec();
            got.sort_unstable();
            prop_assert_eq!(got, expected);
        }
    }
}
