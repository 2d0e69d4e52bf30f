//! Places related to a place through containment (`part_of` between territories, in both
//! directions): the one function that `kg treaties` and `kg timeline` share, so that a question
//! about Etorofu reaches what the essay says of the Kuril Islands, and one about Sakhalin what it
//! says of the southern half of Sakhalin.

use std::collections::{HashMap, VecDeque};

use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, RelationKind};

/// How a place is related to the place asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Containment {
    /// It is the place itself.
    Itself,
    /// It is a part of the place asked about.
    PartOf {
        /// The entity ids from the place asked about to this one, excluding the first: the
        /// chain of `part_of` links, nearest first.
        path: Vec<String>,
        /// Whether any link of the chain is background knowledge rather than stated.
        background: bool,
    },
    /// The place asked about is a part of it.
    Contains {
        /// The entity ids from the place asked about to this one, excluding the first.
        path: Vec<String>,
        /// Whether any link of the chain is background knowledge rather than stated.
        background: bool,
    },
}

impl Containment {
    /// How the place `place` relates to `asked`, as a phrase of labels: "Etorofu is part of
    /// Kuril Islands", with "(background knowledge)" when a link is not stated by the essay;
    /// `None` for the place itself.
    pub fn describe(&self, kg: &KnowledgeGraph, asked: &str) -> Option<String> {
        let label = |id: &str| kg.entity(id).map_or_else(|| id.to_string(), |e| e.label.clone());
        let (chain, background) = match self {
            Containment::Itself => return None,
            Containment::Contains { path, background } => {
                let mut chain = vec![label(asked)];
                chain.extend(path.iter().map(|id| label(id)));
                (chain, *background)
            }
            Containment::PartOf { path, background } => {
                let mut chain: Vec<String> = path.iter().rev().map(|id| label(id)).collect();
                chain.push(label(asked));
                (chain, *background)
            }
        };
        let mut text = chain.join(" is part of ");
        if background {
            text.push_str(" (background knowledge)");
        }
        Some(text)
    }
}

/// The place itself, its parts and the places that contain it, following `part_of` between
/// territories in both directions, by the fewest links (stated links before background ones on
/// ties). For an entity that is not a territory, only the entity itself.
///
/// # Returns
/// The place first, then its parts, then the places containing it; each with how it relates.
///
/// # Complexity
/// O(V + E) for V entities and E relations.
///
/// # Example
/// ```
/// use kg::{related_places, Containment};
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let places = related_places(&kg, "sakhalin");
/// assert!(places.iter().any(|(id, c)| id == "southern_sakhalin" && matches!(c, Containment::PartOf { .. })));
/// ```
pub fn related_places(kg: &KnowledgeGraph, id: &str) -> Vec<(String, Containment)> {
    let Some(start) = kg.node(id) else { return Vec::new() };
    let g = kg.graph();
    let mut out = vec![(id.to_string(), Containment::Itself)];
    if !kg.entity_at(start).entity_type.is_a(EntityType::Territory) {
        return out;
    }
    // Incoming part_of: parts of the place; outgoing: wholes that contain it.
    for direction in [Direction::Incoming, Direction::Outgoing] {
        let mut chain: HashMap<usize, (Vec<String>, bool)> = HashMap::from([(start.index(), (Vec::new(), false))]);
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            let mut next: Vec<_> = g
                .edges_directed(n, direction)
                .filter(|e| kg.relation_at(e.id()).kind == RelationKind::PartOf)
                .map(|e| {
                    let m = if direction == Direction::Incoming { e.source() } else { e.target() };
                    (!kg.relation_at(e.id()).is_stated(), m)
                })
                .filter(|(_, m)| kg.entity_at(*m).entity_type.is_a(EntityType::Territory))
                .collect();
            next.sort();
            for (background_link, m) in next {
                if chain.contains_key(&m.index()) {
                    continue;
                }
                let (mut path, background) = chain[&n.index()].clone();
                path.push(kg.entity_at(m).id.clone());
                let background = background || background_link;
                out.push((
                    kg.entity_at(m).id.clone(),
                    if direction == Direction::Incoming {
                        Containment::PartOf { path: path.clone(), background }
                    } else {
                        Containment::Contains { path: path.clone(), background }
                    },
                ));
                chain.insert(m.index(), (path, background));
                queue.push_back(m);
            }
        }
    }
    out
}
