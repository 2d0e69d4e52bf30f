//! Paths between entities: the shortest one (breadth-first search) and every simple path up to a
//! number of hops (depth-first search, pruned by the distance to the target and deepened one
//! length at a time so that the shortest come first). Relations are followed in either direction
//! unless `directed` is set; `via` and `avoid` restrict which relations and entity types a path may
//! use.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use foldhash::{HashMap, HashSet};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;

use super::path_table::{MoveTable, TreeSearch};
use super::{relation_parts, EntityRef, EvidenceView, QualifierView};
use crate::graph::KnowledgeGraph;
use crate::model::{EntityType, Id, Relation, RelationKind};

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
    /// How many nodes [`all_paths`] may expand; `None` for [`PATH_SEARCH_BUDGET`].
    pub budget: Option<usize>,
}

impl PathOptions {
    /// Whether a path may use relation `r` (its kind, and whether it is stated).
    fn allows(&self, r: &Relation) -> bool {
        (self.via.is_empty() || self.via.contains(&r.kind))
            && !self.avoid_relations.contains(&r.kind)
            && (!self.stated_only || r.is_stated())
    }
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
        let mut out = Vec::new();
        self.list_ignoring_types(n, &mut out);
        out.retain(|&(other, _)| self.passable(other));
        out
    }

    /// [`Moves::from`] without the `avoid_types` check, into `out` (cleared first): what a table
    /// of moves shared by searches with different ends holds.
    fn list_ignoring_types(&self, n: NodeIndex, out: &mut Vec<(NodeIndex, Step)>) {
        let g = self.kg.graph();
        let o = self.options;
        // With `reverse`, a relation s -> t is a move from t back to s.
        let forward_dir = if self.reverse { Direction::Incoming } else { Direction::Outgoing };
        let moves = |dir: Direction| {
            g.edges_directed(n, dir).filter(|e| o.allows(self.kg.relation_at(e.id()))).map(move |e| {
                let other = if dir == Direction::Outgoing { e.target() } else { e.source() };
                (other, Step { edge: e.id(), forward: dir == Direction::Outgoing })
            })
        };
        // The keys are distinct (a relation is one edge, listed once per direction).
        let key = |&(m, step): &(NodeIndex, Step)| (g[step.edge], !step.forward, m);
        out.clear();
        let backward = moves(forward_dir.opposite()).take(if o.directed { 0 } else { usize::MAX });
        if !super::merge_descending(moves(forward_dir), backward, key, out) {
            out.sort_unstable_by_key(key);
        }
    }

    /// Hop counts from `start` to the nodes within `limit` hops.
    ///
    /// # Complexity
    /// O(B log d) for the B relations within `limit` hops.
    fn distances(&self, start: NodeIndex, limit: usize) -> HashMap<NodeIndex, usize> {
        let mut dist = HashMap::default();
        dist.insert(start, 0);
        let mut queue = VecDeque::from([start]);
        let mut moves = Vec::new();
        while let Some(n) = queue.pop_front() {
            let d = dist[&n];
            if d == limit {
                continue;
            }
            self.list_ignoring_types(n, &mut moves);
            for &(m, _) in moves.iter().filter(|&&(m, _)| self.passable(m)) {
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

/// The steps of [`shortest_paths_from`]'s answers for every ordered pair of entities:
/// `steps[i][j]` for the path from node `i` to node `j`, `None` where there is none (as there,
/// `avoid_types` exempts the source only). What the HTML page embeds.
///
/// # Complexity
/// V searches of O((V + E) log E); each entity's moves are listed and sorted once for all of them,
/// and every search keeps its state in arrays indexed by node (it visits the whole graph anyway).
///
/// # Example
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let all = kg::all_shortest_paths(&kg, &Default::default());
/// let (from, to) = (kg.node("yalta_conference").unwrap(), kg.node("kuril_islands").unwrap());
/// let path = kg::shortest_path(&kg, "yalta_conference", "kuril_islands", &Default::default()).unwrap();
/// assert_eq!(all[from.index()][to.index()].as_ref(), Some(&path.steps));
/// ```
pub fn all_shortest_paths(kg: &KnowledgeGraph, options: &PathOptions) -> Vec<Vec<Option<Vec<Step>>>> {
    shortest_path_trees(kg, options)
        .iter()
        .enumerate()
        .map(|(start, tree)| {
            (0..tree.len())
                .map(|to| {
                    let mut steps = Vec::new();
                    path_in_tree(tree, start, to, &mut steps).then_some(steps)
                })
                .collect()
        })
        .collect()
}

/// The move that reaches each node on its shortest path from the tree's root: the node it comes
/// from and the step; `None` for the root and for nodes the root cannot reach.
pub(crate) type PathTree = Vec<Option<(NodeIndex, Step)>>;

/// [`all_shortest_paths`] as one shortest-path tree per entity (`trees[i]` rooted at node `i`),
/// from which every path is read ([`path_in_tree`]) without being stored.
///
/// Each tree is [`MoveTable::search`]'s over [`move_table`] (a compact adjacency listed once for
/// all the searches), whose parents are `shortest_path`'s:
/// `tests::all_pairs_give_the_single_source_answers` compares the answers with [`dijkstra`]'s.
///
/// # Complexity
/// V breadth-first searches of O(V log V + E); O(V²) space.
pub(crate) fn shortest_path_trees(kg: &KnowledgeGraph, options: &PathOptions) -> Vec<PathTree> {
    let table = move_table(kg, options);
    let mut search = TreeSearch::default();
    (0..table.len())
        .map(|start| {
            table.search(start, &mut search);
            search
                .parent
                .iter()
                .map(|&(p, at)| {
                    let (_, edge, forward, _) = *table.moves.get(at as usize)?;
                    Some((NodeIndex::new(p as usize), Step { edge: EdgeIndex::new(edge as usize), forward }))
                })
                .collect()
        })
        .collect()
}

/// The moves the searches of [`shortest_path_trees`] (and the HTML page's path tables) make with
/// `options`: along the relations [`PathOptions::allows`], never through an entity of an
/// avoided type.
pub(crate) fn move_table(kg: &KnowledgeGraph, options: &PathOptions) -> MoveTable {
    MoveTable::new(
        kg,
        options.directed,
        |r| options.allows(r),
        |m| options.avoid_types.iter().any(|t| kg.entity_at(m).entity_type.is_a(*t)),
    )
}

/// Puts into `steps` the steps from `start` to `to` in `start`'s [`PathTree`] (none from a node
/// to itself); `false` when `to` is not reached. Walks at most one step per node, so a broken
/// tree cannot loop.
pub(crate) fn path_in_tree(tree: &[Option<(NodeIndex, Step)>], start: usize, to: usize, steps: &mut Vec<Step>) -> bool {
    steps.clear();
    let mut current = to;
    while current != start {
        let Some(Some((p, step))) = tree.get(current) else { return false };
        if steps.len() == tree.len() {
            return false;
        }
        steps.push(*step);
        current = p.index();
    }
    steps.reverse();
    true
}

/// What a Dijkstra search keeps per node: the best cost found so far and the move that reached
/// it, in hash maps, so that a search that stops at its target pays only for what it visits.
#[derive(Default)]
struct SparseState {
    best: HashMap<NodeIndex, (usize, usize)>,
    parent: HashMap<NodeIndex, (NodeIndex, Step)>,
}

impl SparseState {
    /// Forgets every node and marks `n` reached at no cost.
    fn start(&mut self, n: NodeIndex) {
        self.best.clear();
        self.parent.clear();
        self.best.insert(n, (0, 0));
    }
    fn best(&self, n: NodeIndex) -> Option<(usize, usize)> {
        self.best.get(&n).copied()
    }
    fn reach(&mut self, n: NodeIndex, cost: (usize, usize), from: (NodeIndex, Step)) {
        self.best.insert(n, cost);
        self.parent.insert(n, from);
    }
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
    let mut state = SparseState::default();
    search(kg, from, to, |n, out| *out = moves.from(n), &mut state, &mut Vec::new());
    state.parent
}

/// The search of [`dijkstra`], over the moves `moves_from` lists (in relation-id order) and with
/// its state in `state` (cleared first); `moves` is scratch space for one node's moves.
fn search(
    kg: &KnowledgeGraph,
    from: NodeIndex,
    to: Option<NodeIndex>,
    mut moves_from: impl FnMut(NodeIndex, &mut Vec<(NodeIndex, Step)>),
    state: &mut SparseState,
    moves: &mut Vec<(NodeIndex, Step)>,
) {
    state.start(from);
    let mut heap = BinaryHeap::from([Reverse((0usize, 0usize, 0usize, from))]);
    let mut order = 0;
    while let Some(Reverse((hops, background, _, n))) = heap.pop() {
        if state.best(n) != Some((hops, background)) {
            continue;
        }
        if Some(n) == to {
            break;
        }
        moves_from(n, moves);
        for &(m, step) in moves.iter() {
            let cost = (hops + 1, background + usize::from(!kg.relation_at(step.edge).is_stated()));
            if state.best(m).is_none_or(|b| cost < b) {
                state.reach(m, cost, (n, step));
                order += 1;
                heap.push(Reverse((cost.0, cost.1, order, m)));
            }
        }
    }
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

/// How many nodes [`all_paths`] may expand (one expansion lists a node's moves) unless
/// [`PathOptions::budget`] says otherwise: a few seconds of work.
pub const PATH_SEARCH_BUDGET: usize = 1_000_000;

/// [`all_paths`] gave up: listing the paths would take more than the budget of expansions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the search for every path stopped after {budget} expansions with {} path(s) found; lower --max-hops, add --via or --avoid, or raise --budget",
    found.len()
)]
pub struct SearchBudgetExceeded {
    /// The budget that was spent.
    pub budget: usize,
    /// The paths found before the search stopped, shortest first.
    pub found: Vec<Path>,
}

/// Every simple path from `from` to `to` with at most `max_hops` relations, shortest first, at
/// most `limit` of them.
///
/// # Arguments
/// * `from`, `to` — entity ids.
/// * `max_hops` — the longest path to list; a simple path never has more relations than the
///   graph has entities minus one, so larger values cost nothing more.
/// * `limit` — how many paths at most.
///
/// # Returns
/// Paths ordered by length, then by the relation ids along them. Two relations between the same
/// entities make two paths.
///
/// # Errors
/// [`SearchBudgetExceeded`], with the paths found so far, when the search would expand more
/// nodes than `options.budget` (default [`PATH_SEARCH_BUDGET`]): the number of simple paths grows
/// exponentially with their length in a dense graph.
///
/// # Complexity
/// A breadth-first search from the target bounded to `max_hops` (the ball B of relations within
/// reach), then a depth-first search (iterative, with an explicit stack) that only enters a node
/// from which the target is still reachable within the remaining hops, one path length at a time:
/// roughly O(|B| + max_hops · (P + D) · d log d) for P paths listed, D dead ends and degree d,
/// and never more than the budget of expansions. The `limit` bounds P; nothing depends on the
/// size of the graph beyond the ball.
pub fn all_paths(
    kg: &KnowledgeGraph,
    from: &str,
    to: &str,
    options: &PathOptions,
    max_hops: usize,
    limit: usize,
) -> Result<Vec<Path>, SearchBudgetExceeded> {
    let (Some(from), Some(to)) = (kg.node(from), kg.node(to)) else { return Ok(Vec::new()) };
    let max_hops = max_hops.min(kg.graph().node_count().saturating_sub(1));
    let moves = Moves::new(kg, options, [from, to], false);
    // Distances to the target within the hop budget: the search enters only nodes in this ball.
    let to_target = Moves::new(kg, options, [from, to], true).distances(to, max_hops);
    let mut found = Vec::new();
    let Some(&shortest) = to_target.get(&from) else { return Ok(found) };
    let mut search = Search {
        moves: &moves,
        to_target: &to_target,
        to,
        found: &mut found,
        limit,
        budget: options.budget.unwrap_or(PATH_SEARCH_BUDGET),
        expansions: 0,
        listed: HashMap::default(),
        table: Vec::new(),
        scratch: Vec::new(),
    };
    for length in shortest..=max_hops {
        if search.found.len() >= limit {
            break;
        }
        if !search.paths_of_length(from, length) {
            let budget = search.budget;
            return Err(SearchBudgetExceeded { budget, found });
        }
    }
    Ok(found)
}

/// The state of the depth-first searches for paths of one exact length.
struct Search<'a> {
    moves: &'a Moves<'a>,
    to_target: &'a HashMap<NodeIndex, usize>,
    to: NodeIndex,
    found: &'a mut Vec<Path>,
    limit: usize,
    budget: usize,
    expansions: usize,
    /// Every node's moves, listed once for the searches of every length: a node's range of
    /// `table`. Listing (and sorting) them again at each expansion was most of the search.
    listed: HashMap<NodeIndex, (usize, usize)>,
    table: Vec<(NodeIndex, Step)>,
    scratch: Vec<(NodeIndex, Step)>,
}

impl Search<'_> {
    /// The range of `table` that holds the moves from `n`, listed on the first call.
    fn moves_from(&mut self, n: NodeIndex) -> (usize, usize) {
        if let Some(&range) = self.listed.get(&n) {
            return range;
        }
        self.moves.list_ignoring_types(n, &mut self.scratch);
        let start = self.table.len();
        self.table.extend(self.scratch.iter().filter(|&&(other, _)| self.moves.passable(other)));
        self.listed.insert(n, (start, self.table.len()));
        (start, self.table.len())
    }

    /// Adds every simple path from `from` to the target with exactly `length` relations (up to
    /// the limit); `false` when the budget ran out.
    fn paths_of_length(&mut self, from: NodeIndex, length: usize) -> bool {
        let mut on_path: HashSet<NodeIndex> = HashSet::default();
        on_path.insert(from);
        let mut nodes = vec![from];
        let mut steps: Vec<Step> = Vec::new();
        // One frame per node on the path: the next of its moves to try, and the end of them.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        if from == self.to {
            if length == 0 {
                self.found.push(Path { nodes, steps });
            }
            return true;
        }
        self.expansions += 1;
        stack.push(self.moves_from(from));
        while let Some((next, end)) = stack.last_mut() {
            if self.found.len() >= self.limit {
                return true;
            }
            if *next == *end {
                stack.pop();
                if let Some(left) = nodes.pop() {
                    on_path.remove(&left);
                }
                steps.pop();
                continue;
            }
            let (m, step) = self.table[*next];
            *next += 1;
            // `nodes` holds the path so far; after this move `remaining` hops are left.
            let remaining = length - nodes.len();
            if on_path.contains(&m) || self.to_target.get(&m).is_none_or(|&d| d > remaining) {
                continue;
            }
            if m == self.to {
                if remaining == 0 {
                    let mut path_nodes = nodes.clone();
                    path_nodes.push(m);
                    let mut path_steps = steps.clone();
                    path_steps.push(step);
                    self.found.push(Path { nodes: path_nodes, steps: path_steps });
                }
                continue;
            }
            if remaining == 0 {
                continue;
            }
            self.expansions += 1;
            if self.expansions > self.budget {
                return false;
            }
            on_path.insert(m);
            nodes.push(m);
            steps.push(step);
            let range = self.moves_from(m);
            stack.push(range);
        }
        true
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
    pub id: Id,
    /// Relation kind.
    pub relation: &'static str,
    /// The relation's subject (entity id).
    pub source: Id,
    /// The relation's object (entity id).
    pub target: Id,
    /// `forward` when the path walks it from subject to object, else `backward`.
    pub direction: &'static str,
    /// How it reads in the path's direction ("went to", "was brokered by").
    pub reads: &'static str,
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
                    relation: r.kind.name(),
                    source: r.subject.clone(),
                    target: r.object.clone(),
                    direction: if step.forward { "forward" } else { "backward" },
                    reads: r.kind.reading_towards(step.forward),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared table of moves and the arrays of [`all_shortest_paths`] change no answer.
    #[test]
    fn all_pairs_give_the_single_source_answers() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let option_sets = [
            PathOptions::default(),
            PathOptions { stated_only: true, ..Default::default() },
            PathOptions { directed: true, ..Default::default() },
            PathOptions { avoid_types: vec![EntityType::State], ..Default::default() },
            PathOptions { avoid_relations: vec![RelationKind::PartOf], ..Default::default() },
        ];
        for options in &option_sets {
            let all = all_shortest_paths(&kg, options);
            assert_eq!(all.len(), kg.entities().len());
            let mut found = 0;
            for from in kg.entities() {
                let start = kg.node(&from.id).unwrap();
                let expected: Vec<Option<Vec<Step>>> =
                    shortest_paths_from(&kg, &from.id, options).into_iter().map(|p| p.map(|p| p.steps)).collect();
                assert_eq!(all[start.index()], expected, "from {} with {options:?}", from.id);
                found += expected.iter().filter(|p| p.as_ref().is_some_and(|s| !s.is_empty())).count();
            }
            assert!(found > kg.entities().len(), "too few paths with {options:?}: {found}");
        }
        let all = all_shortest_paths(&kg, &PathOptions::default());
        for (i, from) in kg.entities().iter().enumerate() {
            for (j, to) in kg.entities().iter().enumerate() {
                let one = shortest_path(&kg, &from.id, &to.id, &PathOptions::default()).map(|p| p.steps);
                assert_eq!(all[i][j], one, "{} to {}", from.id, to.id);
            }
        }
    }

    /// Each node's moves, merged from petgraph's two lists, are the moves sorted as before (the
    /// reference, kept here), in every direction and option set, on the built-in graph and on
    /// one built at run time from the same files; and the merge does take its fast path (a
    /// node's lists were descending), not only the sort after it.
    #[test]
    fn merged_moves_are_the_sorted_moves() {
        let built = KnowledgeGraph::builtin().unwrap();
        let made = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        let option_sets = [
            PathOptions::default(),
            PathOptions { stated_only: true, ..Default::default() },
            PathOptions { directed: true, ..Default::default() },
            PathOptions { avoid_relations: vec![RelationKind::PartOf], ..Default::default() },
        ];
        let mut merged = 0;
        for kg in [&built, &made] {
            let g = kg.graph();
            for options in &option_sets {
                for reverse in [false, true] {
                    let m = Moves::new(kg, options, [NodeIndex::new(0); 2], reverse);
                    for n in g.node_indices() {
                        let mut got = Vec::new();
                        m.list_ignoring_types(n, &mut got);
                        let forward_dir = if reverse { Direction::Incoming } else { Direction::Outgoing };
                        let mut expected = Vec::new();
                        for dir in
                            std::iter::once(forward_dir).chain((!options.directed).then(|| forward_dir.opposite()))
                        {
                            for e in g.edges_directed(n, dir).filter(|e| options.allows(kg.relation_at(e.id()))) {
                                let other = if dir == Direction::Outgoing { e.target() } else { e.source() };
                                expected.push((other, Step { edge: e.id(), forward: dir == Direction::Outgoing }));
                            }
                        }
                        let key = |&(m, step): &(NodeIndex, Step)| (g[step.edge], !step.forward, m);
                        let mut listed = Vec::new();
                        let forward = g
                            .edges_directed(n, forward_dir)
                            .map(|e| (NodeIndex::new(0), Step { edge: e.id(), forward: true }));
                        merged += usize::from(
                            super::super::merge_descending(forward, std::iter::empty(), key, &mut listed)
                                && listed.len() > 1,
                        );
                        expected.sort_unstable_by_key(key);
                        assert_eq!(got, expected, "node {} {options:?} reverse {reverse}", n.index());
                    }
                }
            }
        }
        assert!(merged > 100, "the merge's fast path was taken {merged} times");
    }
}
