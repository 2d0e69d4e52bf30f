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
    /// It is a part of the place asked about, `depth` `part_of` links down.
    PartOf {
        /// How many `part_of` links lie between them.
        depth: usize,
        /// The next entity on the way back to the place asked about (that place itself at depth
        /// 1), so that the chain can be followed without being stored for every place.
        towards: String,
        /// Whether any link of the chain is background knowledge rather than stated.
        background: bool,
    },
    /// The place asked about is a part of it, `depth` `part_of` links up; fields as above.
    Contains {
        /// How many `part_of` links lie between them.
        depth: usize,
        /// The next entity on the way back to the place asked about.
        towards: String,
        /// Whether any link of the chain is background knowledge rather than stated.
        background: bool,
    },
}

impl Containment {
    fn towards(&self) -> Option<&str> {
        match self {
            Containment::Itself => None,
            Containment::PartOf { towards, .. } | Containment::Contains { towards, .. } => Some(towards),
        }
    }
}

/// How `place` relates to `asked`, as a phrase of labels ("Etorofu is part of Kuril Islands"),
/// with "(background knowledge)" when a link is not stated by the essay; `None` for the place
/// itself. `index` is [`containment_index`] of what [`related_places`] answered for the place
/// asked about, whose `towards` links give the chain.
///
/// # Complexity
/// O(d) for a place `d` links away.
pub fn describe_containment(kg: &KnowledgeGraph, index: &HashMap<&str, &Containment>, place: &str) -> Option<String> {
    let label = |id: &str| kg.entity(id).map_or_else(|| id.to_string(), |e| e.label.to_string());
    let containment = index.get(place)?;
    let background = match containment {
        Containment::Itself => return None,
        Containment::PartOf { background, .. } | Containment::Contains { background, .. } => *background,
    };
    // From the place back to the one asked about.
    let mut chain = vec![label(place)];
    let mut at = containment.towards();
    while let Some(id) = at {
        chain.push(label(id));
        at = index.get(id).and_then(|c| c.towards());
    }
    if matches!(containment, Containment::Contains { .. }) {
        chain.reverse();
    }
    let mut text = chain.join(" is part of ");
    if background {
        text.push_str(" (background knowledge)");
    }
    Some(text)
}

/// The places of [`related_places`]'s answer by id, for [`describe_containment`].
pub fn containment_index(places: &[(String, Containment)]) -> HashMap<&str, &Containment> {
    places.iter().map(|(id, c)| (id.as_str(), c)).collect()
}

/// The place itself, its parts and the places that contain it, following `part_of` between
/// territories in both directions, by the fewest links (stated links before background ones on
/// ties). For an entity that is not a territory, only the entity itself.
///
/// # Returns
/// The place first, then its parts, then the places containing it; each with how it relates.
///
/// # Complexity
/// O(V + E) time and memory for V entities and E relations: each place records its depth and
/// the next place towards the one asked about, never its whole chain.
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
        let mut reached: HashMap<usize, (usize, bool)> = HashMap::from([(start.index(), (0, false))]);
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
            let (depth, background) = reached[&n.index()];
            for (background_link, m) in next {
                if reached.contains_key(&m.index()) {
                    continue;
                }
                let (depth, background) = (depth + 1, background || background_link);
                let towards = kg.entity_at(n).id.clone();
                out.push((
                    kg.entity_at(m).id.to_string(),
                    if direction == Direction::Incoming {
                        Containment::PartOf { depth, towards: towards.to_string(), background }
                    } else {
                        Containment::Contains { depth, towards: towards.to_string(), background }
                    },
                ));
                reached.insert(m.index(), (depth, background));
                queue.push_back(m);
            }
        }
    }
    out
}
