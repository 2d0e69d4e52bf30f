//! Paths between entities: the shortest one (breadth-first search) and every simple path up to a
//! number of hops (depth-first search, pruned by the distance to the target and deepened one
//! length at a time so that the shortest come first). Relations are followed in either direction
//! unless `directed` is set; `via` and `avoid` restrict which relations and entity types a path may
//! use.

use std::collections::VecDeque;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{relation_parts, EntityRef, EvidenceView, QualifierView};
use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, RelationKind};

/// What a path may use.
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// Follow relations only from subject to object.
    pub directed: bool,
    /// When not empty, only these relation kinds.
    pub via: Vec<RelationKind>,
    /// Never these relation kinds.
    pub avoid_relations: Vec<RelationKind>,
    /// Never pass through entities of these types (or their subtypes); the ends are exempt.
    pub avoid_types: Vec<EntityType>,
    /// Leave out background relations, using only what the essay states.
    pub stated_only: bool,
}

/// One step of a path: a relation, and whether it was followed from subject to object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The relation's edge.
    pub edge: EdgeIndex,
    /// `true` when walked from the relation's subject to its object.
    pub forward: bool,
}

/// A path: `nodes[0]` to `nodes[n]` through `steps[0..n]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The entities on the path, in order.
    pub nodes: Vec<NodeIndex>,
    /// The relations between consecutive entities.
    pub steps: Vec<Step>,
}

/// The allowed moves from each node, sorted by relation id so that answers are deterministic.
struct Adjacency {
    out: Vec<Vec<(NodeIndex, Step)>>,
}

impl Adjacency {
    /// # Complexity
    /// O(V + E log E).
    fn new(kg: &KnowledgeGraph, options: &PathOptions, ends: [NodeIndex; 2], reverse: bool) -> Adjacency {
        let g = kg.graph();
        let mut out = vec![Vec::new(); g.node_count()];
        let passable = |n: NodeIndex| {
            ends.contains(&n) || !options.avoid_types.iter().any(|t| kg.entity_at(n).entity_type.is_a(*t))
        };
        for e in g.edge_references() {
            let r = kg.relation_at(e.id());
            if (!options.via.is_empty() && !options.via.contains(&r.kind))
                || options.avoid_relations.contains(&r.kind)
                || (options.stated_only && !r.is_stated())
                || !passable(e.source())
                || !passable(e.target())
            {
                continue;
            }
            let (s, t) = (e.source(), e.target());
            // In a reversed adjacency (for distances *to* the target), a forward relation s -> t
            // is a move from t back to s.
            if !reverse || !options.directed {
                out[s.index()].push((t, Step { edge: e.id(), forward: true }));
            }
            if reverse || !options.directed {
                out[t.index()].push((s, Step { edge: e.id(), forward: false }));
            }
        }
        for moves in &mut out {
            moves.sort_by_key(|(n, step)| (g[step.edge], !step.forward, *n));
        }
        Adjacency { out }
    }

    /// Hop counts from `start` to every node, `usize::MAX` where unreachable.
    fn distances(&self, start: NodeIndex) -> Vec<usize> {
        let mut dist = vec![usize::MAX; self.out.len()];
        dist[start.index()] = 0;
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            for (m, _) in &self.out[n.index()] {
                if dist[m.index()] == usize::MAX {
                    dist[m.index()] = dist[n.index()] + 1;
                    queue.push_back(*m);
                }
            }
        }
        dist
    }
}

/// The shortest path from `from` to `to`, if any.
///
/// # Arguments
/// * `from`, `to` — entity ids.
/// * `options` — direction and restrictions.
///
/// # Returns
/// The path with the fewest relations; ties are broken by relation id. `None` when no path
/// exists (or an id is unknown). A path from an entity to itself has no steps.
///
/// # Complexity
/// O(V + E log E) for V entities and E relations.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let path = kg::shortest_path(&kg, "yalta_conference", "kuril_islands", &Default::default()).unwrap();
/// assert!(path.steps.len() <= 4);
/// ```
pub fn shortest_path(kg: &KnowledgeGraph, from: &str, to: &str, options: &PathOptions) -> Option<Path> {
    let (from, to) = (kg.node(from)?, kg.node(to)?);
    let adjacency = Adjacency::new(kg, options, [from, to], false);
    let mut parent: Vec<Option<(NodeIndex, Step)>> = vec![None; adjacency.out.len()];
    let mut seen = vec![false; adjacency.out.len()];
    seen[from.index()] = true;
    let mut queue = VecDeque::from([from]);
    while let Some(n) = queue.pop_front() {
        if n == to {
            break;
        }
        for &(m, step) in &adjacency.out[n.index()] {
            if !seen[m.index()] {
                seen[m.index()] = true;
                parent[m.index()] = Some((n, step));
                queue.push_back(m);
            }
        }
    }
    if !seen[to.index()] {
        return None;
    }
    let (mut nodes, mut steps) = (vec![to], Vec::new());
    let mut current = to;
    while let Some((p, step)) = parent[current.index()] {
        nodes.push(p);
        steps.push(step);
        current = p;
    }
    nodes.reverse();
    steps.reverse();
    Some(Path { nodes, steps })
}

/// Every simple path from `from` to `to` with at most `max_hops` relations, shortest first, at
/// most `limit` of them.
///
/// # Arguments
/// * `from`, `to` — entity ids.
/// * `max_hops` — the longest path to list.
/// * `limit` — how many paths at most.
///
/// # Returns
/// Paths ordered by length, then by the relation ids along them. Two relations between the same
/// entities make two paths.
///
/// # Complexity
/// O(V + E log E) to prepare, then depth-first search that only enters a node from which the
/// target is still reachable within the remaining hops, one path length at a time: roughly
/// O(max_hops · (P + D) · d) for P paths listed, D dead ends and degree d. The `limit` bounds P.
pub fn all_paths(
    kg: &KnowledgeGraph,
    from: &str,
    to: &str,
    options: &PathOptions,
    max_hops: usize,
    limit: usize,
) -> Vec<Path> {
    let (Some(from), Some(to)) = (kg.node(from), kg.node(to)) else { return Vec::new() };
    let adjacency = Adjacency::new(kg, options, [from, to], false);
    let to_target = Adjacency::new(kg, options, [from, to], true).distances(to);
    let shortest = to_target[from.index()];
    let mut found = Vec::new();
    if shortest == usize::MAX || limit == 0 {
        return found;
    }
    let mut on_path = vec![false; adjacency.out.len()];
    for length in shortest..=max_hops {
        let mut search = Search {
            adjacency: &adjacency,
            to_target: &to_target,
            to,
            on_path: &mut on_path,
            nodes: vec![from],
            steps: Vec::new(),
            found: &mut found,
            limit,
        };
        search.on_path[from.index()] = true;
        search.extend(from, length);
        on_path[from.index()] = false;
        if found.len() >= limit {
            break;
        }
    }
    found
}

/// The state of one depth-first search for paths of one exact length.
struct Search<'a> {
    adjacency: &'a Adjacency,
    to_target: &'a [usize],
    to: NodeIndex,
    on_path: &'a mut Vec<bool>,
    nodes: Vec<NodeIndex>,
    steps: Vec<Step>,
    found: &'a mut Vec<Path>,
    limit: usize,
}

impl Search<'_> {
    fn extend(&mut self, node: NodeIndex, remaining: usize) {
        if node == self.to {
            if remaining == 0 {
                self.found.push(Path { nodes: self.nodes.clone(), steps: self.steps.clone() });
            }
            return;
        }
        if remaining == 0 {
            return;
        }
        for &(m, step) in &self.adjacency.out[node.index()] {
            if self.found.len() >= self.limit {
                return;
            }
            if self.on_path[m.index()] || self.to_target[m.index()] > remaining - 1 {
                continue;
            }
            self.on_path[m.index()] = true;
            self.nodes.push(m);
            self.steps.push(step);
            self.extend(m, remaining - 1);
            self.steps.pop();
            self.nodes.pop();
            self.on_path[m.index()] = false;
        }
    }
}

/// A path as answers show it.
#[derive(Debug, Clone, Serialize)]
pub struct PathView {
    /// Number of relations.
    pub length: usize,
    /// The entities, in order.
    pub nodes: Vec<EntityRef>,
    /// The relations between consecutive entities.
    pub edges: Vec<EdgeView>,
}

/// One relation of a path.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeView {
    /// Relation id.
    pub id: String,
    /// Relation kind.
    pub relation: String,
    /// The relation's subject (entity id).
    pub source: String,
    /// The relation's object (entity id).
    pub target: String,
    /// `forward` when the path walks it from subject to object, else `backward`.
    pub direction: String,
    /// How it reads in the path's direction ("went to", "was brokered by").
    pub reads: String,
    /// The qualifiers.
    pub qualifiers: QualifierView,
    /// The evidence.
    pub evidence: EvidenceView,
}

impl PathView {
    /// The path with entity and relation details.
    pub fn new(kg: &KnowledgeGraph, path: &Path) -> PathView {
        let edges = path
            .steps
            .iter()
            .map(|step| {
                let r = kg.relation_at(step.edge);
                let (qualifiers, evidence) = relation_parts(r, kg);
                EdgeView {
                    id: r.id.clone(),
                    relation: r.kind.name().to_string(),
                    source: r.subject.clone(),
                    target: r.object.clone(),
                    direction: if step.forward { "forward" } else { "backward" }.to_string(),
                    reads: if step.forward { r.kind.reading() } else { r.kind.inverse_reading() }.to_string(),
                    qualifiers,
                    evidence,
                }
            })
            .collect();
        PathView {
            length: path.steps.len(),
            nodes: path.nodes.iter().map(|n| EntityRef::from(kg.entity_at(*n))).collect(),
            edges,
        }
    }
}
