//! The shortest-path trees of every entity over a compact table of moves, and the HTML page's
//! path table written straight from them. Depends only on `graph.rs` and the model, so that
//! `build.rs` compiles this very file (`#[path]`) to write the built-in essay's tables once, when
//! the crate is built (`src/builtin.rs` `html_path_tables`), and `query/path.rs` (any graph, any
//! options) and the HTML export (any other graph) use it at run time.
//!
//! The search is `path.rs`'s Dijkstra on (hops, background relations) without its heap: every
//! move costs one hop, so Dijkstra settles the nodes one hop count at a time and, within one, in
//! the order of (background relations, when the node was last improved). [`MoveTable::search`]
//! walks the hop counts as layers of a breadth-first search, orders each layer that way, and
//! relaxes the moves exactly as the heap would. `path::tests::all_pairs_give_the_single_source_answers`
//! compares the answers with the Dijkstra's.

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::graph::KnowledgeGraph;
use crate::model::Relation;

/// One move: the node it reaches, the relation's edge index, whether it follows the relation
/// from subject to object, and whether the relation is background knowledge.
pub(crate) type Move = (u32, u32, bool, bool);

/// Every node's moves, listed once for all the searches, and the nodes no path may pass through.
/// As `build.rs` stores it: `(offsets, moves, blocked)`.
pub(crate) type StoredMoves = (Vec<u32>, Vec<Move>, Vec<bool>);

/// The moves of every node, in `path.rs`'s order (`Moves::list_ignoring_types`: by relation
/// index, forwards before backwards, then by the node reached): node `v`'s are
/// `moves[offsets[v]..offsets[v + 1]]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MoveTable {
    pub(crate) offsets: Vec<u32>,
    pub(crate) moves: Vec<Move>,
    /// Nodes no path may pass through (a search's start is exempt).
    pub(crate) blocked: Vec<bool>,
}

/// A node not reached (or the start) in [`TreeSearch::parent`].
pub(crate) const NO_PARENT: (u32, u32) = (u32::MAX, u32::MAX);

/// One search's answer and its scratch space, reused from one start to the next.
#[derive(Default)]
pub(crate) struct TreeSearch {
    /// For each node, the node it is reached from and the index of the move (in
    /// [`MoveTable::moves`]) that reaches it; [`NO_PARENT`] for the start and nodes not reached.
    pub(crate) parent: Vec<(u32, u32)>,
    /// Nodes in the order they were settled (the start first): every node after its parent.
    pub(crate) settled: Vec<u32>,
    cost: Vec<(u32, u32)>,
    improved: Vec<u32>,
    layer: Vec<u128>,
    next: Vec<u32>,
}

impl MoveTable {
    /// The moves of `kg`'s graph along the relations `allowed` accepts, both ways unless
    /// `directed`; nodes for which `blocked` is true are passed through by no path.
    ///
    /// # Complexity
    /// O(V + E log d) for nodes of degree d.
    pub(crate) fn new(
        kg: &KnowledgeGraph,
        directed: bool,
        allowed: impl Fn(&Relation) -> bool,
        blocked: impl Fn(NodeIndex) -> bool,
    ) -> MoveTable {
        let g = kg.graph();
        let mut offsets = Vec::with_capacity(g.node_count() + 1);
        let mut moves: Vec<Move> = Vec::with_capacity(2 * g.edge_count());
        offsets.push(0);
        let directions: &[Direction] =
            if directed { &[Direction::Outgoing] } else { &[Direction::Outgoing, Direction::Incoming] };
        for node in g.node_indices() {
            let first = moves.len();
            for &dir in directions {
                for e in g.edges_directed(node, dir) {
                    let r = kg.relation_at(e.id());
                    if !allowed(r) {
                        continue;
                    }
                    let other = if dir == Direction::Outgoing { e.target() } else { e.source() };
                    moves.push((
                        other.index() as u32,
                        e.id().index() as u32,
                        dir == Direction::Outgoing,
                        !r.is_stated(),
                    ));
                }
            }
            moves[first..]
                .sort_by_key(|&(m, edge, forward, _)| (g[petgraph::graph::EdgeIndex::new(edge as usize)], !forward, m));
            offsets.push(moves.len() as u32);
        }
        MoveTable { offsets, moves, blocked: g.node_indices().map(blocked).collect() }
    }

    /// How many nodes the table holds.
    pub(crate) fn len(&self) -> usize {
        self.blocked.len()
    }

    /// The shortest-path tree rooted at `start` into `search`: the fewest hops, and among those
    /// the fewest background relations; ties go to the first move in the table's order.
    ///
    /// # Complexity
    /// O(V log V + E).
    pub(crate) fn search(&self, start: usize, search: &mut TreeSearch) {
        const UNREACHED: (u32, u32) = (u32::MAX, u32::MAX);
        let n = self.len();
        let s = search;
        s.parent.clear();
        s.parent.resize(n, NO_PARENT);
        s.cost.clear();
        s.cost.resize(n, UNREACHED);
        s.improved.resize(n, 0);
        s.settled.clear();
        if start >= n {
            return;
        }
        // A layer's nodes as (background relations, when last improved, node), packed in one
        // number so that sorting the layer sorts them in the heap's order.
        let key = |background: u32, improved: u32, node: u32| -> u128 {
            (u128::from(background) << 64) | (u128::from(improved) << 32) | u128::from(node)
        };
        s.cost[start] = (0, 0);
        let mut order = 0u32;
        s.layer.clear();
        s.layer.push(key(0, 0, start as u32));
        while !s.layer.is_empty() {
            // The heap's order within one hop count.
            s.layer.sort_unstable();
            s.next.clear();
            for &packed in &s.layer {
                let v = packed as u32;
                s.settled.push(v);
                let (hops, background) = s.cost[v as usize];
                let (from, to) = (self.offsets[v as usize] as usize, self.offsets[v as usize + 1] as usize);
                for (at, &(m, _, _, is_background)) in self.moves[from..to].iter().enumerate() {
                    let mu = m as usize;
                    if self.blocked[mu] && mu != start {
                        continue;
                    }
                    let reached = (hops + 1, background + u32::from(is_background));
                    if reached < s.cost[mu] {
                        if s.cost[mu] == UNREACHED {
                            s.next.push(m);
                        }
                        s.cost[mu] = reached;
                        order += 1;
                        s.improved[mu] = order;
                        s.parent[mu] = (v, (from + at) as u32);
                    }
                }
            }
            s.layer.clear();
            let (cost, improved) = (&s.cost, &s.improved);
            s.layer.extend(s.next.iter().map(|&m| key(cost[m as usize].1, improved[m as usize], m)));
        }
    }

    /// Writes every ordered pair's shortest path as compact JSON, `paths[i][j]`: a list of steps
    /// `e + 1` (edge e walked forwards) or `-(e + 1)` (backwards), or `null` where there is
    /// none, as serde_json writes a `Vec<Vec<Option<Vec<i64>>>>`. Straight from each search's
    /// arrays: each node's list is written once, right after its parent's (in settling order),
    /// and every cell is a copy of it; no path is held as a list of steps.
    ///
    /// # Complexity
    /// V searches, and O(V² · path length) bytes copied.
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        let n = self.len();
        let mut search = TreeSearch::default();
        // Each node's list of steps as a span of `text`; (0, 0) for the start, `None` unreached.
        let mut spans: Vec<Option<(u32, u32)>> = Vec::with_capacity(n);
        let mut text = Vec::new();
        out.push(b'[');
        for start in 0..n {
            if start > 0 {
                out.push(b',');
            }
            self.search(start, &mut search);
            text.clear();
            spans.clear();
            spans.resize(n, None);
            spans[start] = Some((0, 0));
            for &v in search.settled.iter().skip(1) {
                let (p, at) = search.parent[v as usize];
                let Some((begin, end)) = spans[p as usize] else { continue };
                let (_, edge, forward, _) = self.moves[at as usize];
                let from = text.len();
                text.extend_from_within(begin as usize..end as usize);
                if end > begin {
                    text.push(b',');
                }
                if !forward {
                    text.push(b'-');
                }
                decimal(&mut text, u64::from(edge) + 1);
                spans[v as usize] = Some((from as u32, text.len() as u32));
            }
            out.push(b'[');
            for (to, span) in spans.iter().enumerate() {
                if to > 0 {
                    out.push(b',');
                }
                match *span {
                    None => out.extend_from_slice(b"null"),
                    Some((begin, end)) => {
                        out.push(b'[');
                        out.extend_from_slice(&text[begin as usize..end as usize]);
                        out.push(b']');
                    }
                }
            }
            out.push(b']');
        }
        out.push(b']');
    }
}

/// Writes `n` in decimal (also the HTML page's numbers).
pub(crate) fn decimal(out: &mut Vec<u8>, n: u64) {
    let mut digits = [b'0'; 20];
    let at = decimal_digits(n, &mut digits);
    out.extend_from_slice(&digits[at..]);
}

/// Writes the decimal digits of `n` at the end of `digits` (a `u64` has at most 20) and returns
/// where they start; the bytes before are left as they were (the graph exports' zero padding,
/// `export/decimal.rs`, fills them with `0` first).
pub(crate) fn decimal_digits(mut n: u64, digits: &mut [u8; 20]) -> usize {
    let mut at = digits.len();
    loop {
        at -= 1;
        // `n % 10` is below 10.
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    at
}
