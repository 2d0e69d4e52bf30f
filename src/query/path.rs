//! Paths between entities: the shortest one (breadth-first search) and every simple path up to a
//! number of hops (depth-first search, pruned by the distance to the target and deepened one
//! length at a time so that the shortest come first). Relations are followed in either direction
//! unless `directed` is set; `via` and `avoid` restrict which relations and entity types a path may
//! use.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
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

/// The allowed moves from a node, computed on demand so that a search costs what it visits, not
/// the size of the graph; sorted by relation id so that answers are deterministic.
struct Moves<'a> {
    kg: &'a KnowledgeGraph,
    options: &'a PathOptions,
    ends: [NodeIndex; 2],
    /// Moves against the relations' direction (for distances *to* a target).
    reverse: bool,
}

impl<'a> Moves<'a> {
    fn new(kg: &'a KnowledgeGraph, options: &'a PathOptions, ends: [NodeIndex; 2], reverse: bool) -> Self {
        Moves { kg, options, ends, reverse }
    }

    fn passable(&self, n: NodeIndex) -> bool {
        self.ends.contains(&n) || !self.options.avoid_types.iter().any(|t| self.kg.entity_at(n).entity_type.is_a(*t))
    }

    /// # Complexity
    /// O(d log d) for a node of degree d.
    fn from(&self, n: NodeIndex) -> Vec<(NodeIndex, Step)> {
        let g = self.kg.graph();
        let o = self.options;
        // With `reverse`, a relation s -> t is a move from t back to s.
        let forward_dir = if self.reverse { Direction::Incoming } else { Direction::Outgoing };
        let mut dirs = vec![forward_dir];
        if !o.directed {
            dirs.push(forward_dir.opposite());
        }
        let mut out = Vec::new();
        for dir in dirs {
            for e in g.edges_directed(n, dir) {
                let r = self.kg.relation_at(e.id());
                let other = if dir == Direction::Outgoing { e.target() } else { e.source() };
                if (!o.via.is_empty() && !o.via.contains(&r.kind))
                    || o.avoid_relations.contains(&r.kind)
                    || (o.stated_only && !r.is_stated())
                    || !self.passable(other)
                {
                    continue;
                }
                out.push((other, Step { edge: e.id(), forward: dir == Direction::Outgoing }));
            }
        }
        out.sort_by_key(|(m, step)| (g[step.edge], !step.forward, *m));
        out
    }

    /// Hop counts from `start` to the nodes within `limit` hops.
    ///
    /// # Complexity
    /// O(B log d) for the B relations within `limit` hops.
    fn distances(&self, start: NodeIndex, limit: usize) -> HashMap<NodeIndex, usize> {
        let mut dist = HashMap::from([(start, 0)]);
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            let d = dist[&n];
            if d == limit {
                continue;
            }
            for (m, _) in self.from(n) {
                dist.entry(m).or_insert_with(|| {
                    queue.push_back(m);
                    d + 1
                });
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
/// The path with the fewest relations, and among those the one with the fewest background
/// relations; remaining ties are broken by relation id. `None` when no path exists (or an id is
/// unknown). A path from an entity to itself has no steps.
///
/// # Complexity
/// O((V' + E') log E') for the V' entities and E' relations closer than the target (Dijkstra with a
/// binary heap, stopping at the target; moves are computed on demand).
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let path = kg::shortest_path(&kg, "yalta_conference", "kuril_islands", &Default::default()).unwrap();
/// assert!(path.steps.len() <= 4);
/// ```
pub fn shortest_path(kg: &KnowledgeGraph, from: &str, to: &str, options: &PathOptions) -> Option<Path> {
    let (from, to) = (kg.node(from)?, kg.node(to)?);
    let parent = dijkstra(kg, from, Some(to), options);
    path_to(from, to, &parent)
}

/// The shortest paths from `from` to every entity, each the one [`shortest_path`] finds (the
/// same search, run to the end instead of stopping at one target); `None` where no path exists.
/// Indexed by node; the path to `from` itself has no steps. `avoid_types` exempts `from` only.
///
/// # Complexity
/// O((V + E) log E), one Dijkstra run over the part of the graph reachable from `from`.
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let all = kg::shortest_paths_from(&kg, "yalta_conference", &Default::default());
/// let kuril = kg.node("kuril_islands").unwrap();
/// assert_eq!(all[kuril.index()], kg::shortest_path(&kg, "yalta_conference", "kuril_islands", &Default::default()));
/// ```
pub fn shortest_paths_from(kg: &KnowledgeGraph, from: &str, options: &PathOptions) -> Vec<Option<Path>> {
    let Some(start) = kg.node(from) else { return vec![None; kg.graph().node_count()] };
    let parent = dijkstra(kg, start, None, options);
    kg.graph().node_indices().map(|to| path_to(start, to, &parent)).collect()
}

/// Dijkstra on (hops, background relations) from `from`, stopping when `to` is settled (or running
/// to the end): the fewest hops, and among those the path that leans least on background
/// knowledge; ties go to the first move in relation-id order. Since the order in which nodes are
/// settled does not depend on `to`, stopping early changes no settled node's parent. Returns the
/// parent of every node reached.
fn dijkstra(
    kg: &KnowledgeGraph,
    from: NodeIndex,
    to: Option<NodeIndex>,
    options: &PathOptions,
) -> HashMap<NodeIndex, (NodeIndex, Step)> {
    let moves = Moves::new(kg, options, [from, to.unwrap_or(from)], false);
    let mut best: HashMap<NodeIndex, (usize, usize)> = HashMap::from([(from, (0, 0))]);
    let mut parent: HashMap<NodeIndex, (NodeIndex, Step)> = HashMap::new();
    let mut heap = BinaryHeap::from([Reverse((0usize, 0usize, 0usize, from))]);
    let mut order = 0;
    while let Some(Reverse((hops, background, _, n))) = heap.pop() {
        if best.get(&n) != Some(&(hops, background)) {
            continue;
        }
        if Some(n) == to {
            break;
        }
        for (m, step) in moves.from(n) {
            let cost = (hops + 1, background + usize::from(!kg.relation_at(step.edge).is_stated()));
            if best.get(&m).is_none_or(|b| cost < *b) {
                best.insert(m, cost);
                parent.insert(m, (n, step));
                order += 1;
                heap.push(Reverse((cost.0, cost.1, order, m)));
            }
        }
    }
    parent
}

/// The path to `to` along the parents found from `from`.
fn path_to(from: NodeIndex, to: NodeIndex, parent: &HashMap<NodeIndex, (NodeIndex, Step)>) -> Option<Path> {
    if to != from && !parent.contains_key(&to) {
        return None;
    }
    let (mut nodes, mut steps) = (vec![to], Vec::new());
    let mut current = to;
    while current != from {
        let &(p, step) = parent.get(&current)?;
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
/// A breadth-first search from the target bounded to `max_hops` (the ball B of relations within
/// reach), then a depth-first search that only enters a node from which the target is still
/// reachable within the remaining hops, one path length at a time: roughly
/// O(|B| + max_hops · (P + D) · d log d) for P paths listed, D dead ends and degree d. The `limit`
/// bounds P; nothing depends on the size of the graph beyond the ball.
pub fn all_paths(
    kg: &KnowledgeGraph,
    from: &str,
    to: &str,
    options: &PathOptions,
    max_hops: usize,
    limit: usize,
) -> Vec<Path> {
    let (Some(from), Some(to)) = (kg.node(from), kg.node(to)) else { return Vec::new() };
    let moves = Moves::new(kg, options, [from, to], false);
    // Distances to the target within the hop budget: the search enters only nodes in this ball.
    let to_target = Moves::new(kg, options, [from, to], true).distances(to, max_hops);
    let mut found = Vec::new();
    let Some(&shortest) = to_target.get(&from) else { return found };
    for length in shortest..=max_hops {
        if found.len() >= limit {
            break;
        }
        let mut search = Search {
            moves: &moves,
            to_target: &to_target,
            to,
            on_path: HashSet::from([from]),
            nodes: vec![from],
            steps: Vec::new(),
            found: &mut found,
            limit,
        };
        search.extend(from, length);
    }
    found
}

/// The state of one depth-first search for paths of one exact length.
struct Search<'a> {
    moves: &'a Moves<'a>,
    to_target: &'a HashMap<NodeIndex, usize>,
    to: NodeIndex,
    on_path: HashSet<NodeIndex>,
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
        for (m, step) in self.moves.from(node) {
            if self.found.len() >= self.limit {
                return;
            }
            if self.on_path.contains(&m) || self.to_target.get(&m).is_none_or(|&d| d > remaining - 1) {
                continue;
            }
            self.on_path.insert(m);
            self.nodes.push(m);
            self.steps.push(step);
            self.extend(m, remaining - 1);
            self.steps.pop();
            self.nodes.pop();
            self.on_path.remove(&m);
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
                    reads: r.kind.reading_towards(step.forward).to_string(),
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
