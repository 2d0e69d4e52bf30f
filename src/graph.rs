//! The knowledge graph: entities as the nodes and relations as the edges of a petgraph
//! `DiGraph`, with the dataset they come from. Node `i` is entity `i` of [`Dataset::entities`]
//! and every edge's weight is the index of its relation in [`Dataset::relations`].

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::compact::RelationEnds;
use crate::model::{Dataset, Entity, Relation};
use crate::name_table::{lookup_names, NameTable};
use crate::names::name_key;

/// A validated dataset as a directed multigraph, with lookup by any name.
///
/// ```
/// let kg = kg::KnowledgeGraph::builtin().unwrap();
/// let ussr = kg.resolve("USSR").unwrap();
/// assert_eq!(ussr.id, kg.resolve("the soviet union").unwrap().id);
/// ```
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    data: Dataset,
    graph: DiGraph<usize, usize>,
    /// name key -> indices of the entities that carry that name (sorted, no repeats).
    pub(crate) names: NameIndex,
    /// entity index -> indices of the relations that name it as `under` or `place`.
    qualifying: Vec<Vec<usize>>,
    /// The names of the passages the RDF export cites, made by the first RDF export and kept
    /// for the next ones (`export::rdf::cited_passage_names`).
    pub(crate) passage_names: std::sync::OnceLock<Vec<crate::passage_names::CitedName>>,
}

/// The entities a name key stands for: almost always one, held without an allocation (at a
/// million relations a list per name was tens of megabytes).
#[derive(Debug, Clone)]
pub(crate) enum Owners {
    One(usize),
    Many(Vec<usize>),
}

impl Owners {
    /// The entity indices, in the order they were added.
    pub(crate) fn as_slice(&self) -> &[usize] {
        match self {
            Owners::One(i) => std::slice::from_ref(i),
            Owners::Many(v) => v,
        }
    }

    /// Adds entity `i` unless it is there already.
    fn add(&mut self, i: usize) {
        match self {
            Owners::One(j) if *j == i => {}
            Owners::One(j) => *self = Owners::Many(vec![*j, i]),
            Owners::Many(v) if !v.contains(&i) => v.push(i),
            Owners::Many(_) => {}
        }
    }
}

/// The name index: built at run time, or the built-in essay's table made when the crate was
/// built (`src/name_table.rs`). Both hold the same pairs (`tests::the_built_in_name_table_*`).
#[derive(Debug, Clone)]
pub(crate) enum NameIndex {
    Map(foldhash::HashMap<String, Owners>),
    Table(NameTable),
}

impl NameIndex {
    /// The entities that carry a name with this key.
    pub(crate) fn get(&self, key: &str) -> Option<Owners> {
        match self {
            NameIndex::Map(map) => map.get(key).cloned(),
            NameIndex::Table(table) => {
                let mut owners = table.owners(key);
                let mut found = Owners::One(owners.next()?);
                owners.for_each(|i| found.add(i));
                Some(found)
            }
        }
    }

    /// Calls `f` with every key and some of its owners, until every (key, owner) pair was given.
    pub(crate) fn for_each(&self, mut f: impl FnMut(&str, &[usize])) {
        match self {
            NameIndex::Map(map) => map.iter().for_each(|(k, owners)| f(k, owners.as_slice())),
            NameIndex::Table(table) => table.pairs().for_each(|(k, owner)| f(k, &[owner])),
        }
    }
}

/// One relation seen from one of its ends.
#[derive(Debug, Clone, Copy)]
pub struct Incident<'a> {
    /// The relation.
    pub relation: &'a Relation,
    /// `Outgoing` when the entity is the relation's subject, `Incoming` when it is its object.
    pub direction: Direction,
    /// The entity at the other end.
    pub other: &'a Entity,
}

impl KnowledgeGraph {
    /// Builds the graph of a dataset.
    ///
    /// # Complexity
    /// O(V + E + N) for V entities, E relations and N names.
    pub fn new(data: Dataset) -> Self {
        // The edges and the name index, on two threads for large datasets.
        let parallel = data.entities.len() + data.relations.len() >= PARALLEL_ITEMS;
        let ((graph, qualifying), names) = crate::load::both(
            parallel,
            || crate::trace::span("build a: edges", || edges(&data)),
            || crate::trace::span("build b: name index", || names(&data.entities)),
        );
        KnowledgeGraph { data, graph, names: NameIndex::Map(names), qualifying, passage_names: Default::default() }
    }

    /// The graph of a dataset whose name index was made when the crate was built (the built-in
    /// essay's, `crate::builtin::builtin_graph`).
    /// Its edges come from `ends` (the entity indices the crate's build stored for each
    /// relation), through the same code as [`KnowledgeGraph::new`]'s; `None` when they do not
    /// fit the dataset.
    pub(crate) fn with_name_table(
        data: Dataset,
        names: NameTable,
        ends: impl ExactSizeIterator<Item = Option<RelationEnds>>,
    ) -> Option<Self> {
        if ends.len() != data.relations.len() {
            return None;
        }
        // A malformed record (`None`) fails the whole table, unlike a reference `edges` skips.
        let mut malformed = false;
        let ends = ends.inspect(|e| malformed |= e.is_none());
        let (graph, qualifying) = edges_from(data.entities.len(), ends)?;
        (!malformed).then_some(())?;
        Some(KnowledgeGraph {
            data,
            graph,
            names: NameIndex::Table(names),
            qualifying,
            passage_names: Default::default(),
        })
    }

    /// Whether this is the built-in essay's graph as `crate::builtin::builtin_graph` decodes it
    /// (the only graph made with the build-time name table; a graph cannot be changed after it
    /// is made), so that what `build.rs` made from the same data can stand in for run-time work
    /// (the RDF export's stored stream, `export::rdf_stored`).
    pub(crate) fn is_builtin(&self) -> bool {
        matches!(self.names, NameIndex::Table(_))
    }

    /// The graph of the essay's own annotations, compiled into the crate: validated when the
    /// crate was built, decoded at start-up, its name index read in place.
    pub fn builtin() -> Result<Self, crate::LoadError> {
        crate::builtin::builtin_graph()
    }

    /// The dataset behind the graph.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The petgraph graph: node weights are entity indices, edge weights relation indices.
    pub fn graph(&self) -> &DiGraph<usize, usize> {
        &self.graph
    }

    /// The entities, sorted by id.
    pub fn entities(&self) -> &[Entity] {
        &self.data.entities
    }

    /// The relations, sorted by id.
    pub fn relations(&self) -> &[Relation] {
        &self.data.relations
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.data.entity(id)
    }

    /// The node of the entity with this id.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.data.entity_index(id).map(NodeIndex::new)
    }

    /// The entity of a node.
    pub fn entity_at(&self, node: NodeIndex) -> &Entity {
        &self.data.entities[self.graph[node]]
    }

    /// The relation of an edge.
    pub fn relation_at(&self, edge: EdgeIndex) -> &Relation {
        &self.data.relations[self.graph[edge]]
    }

    /// Every relation the entity takes part in, outgoing ones first, each sorted by relation id.
    pub fn incident(&self, id: &str) -> Vec<Incident<'_>> {
        let Some(node) = self.node(id) else { return Vec::new() };
        let mut out = Vec::new();
        for direction in [Direction::Outgoing, Direction::Incoming] {
            let mut part: Vec<Incident> = self
                .graph
                .edges_directed(node, direction)
                .map(|e| {
                    let other = if direction == Direction::Outgoing { e.target() } else { e.source() };
                    Incident { relation: &self.data.relations[*e.weight()], direction, other: self.entity_at(other) }
                })
                .collect();
            part.sort_by(|a, b| a.relation.id.cmp(&b.relation.id));
            out.extend(part);
        }
        out
    }

    /// The relation as a sentence of labels: "southern half of Sakhalin went to Japan".
    pub fn sentence(&self, r: &Relation) -> String {
        fn label<'x>(kg: &'x KnowledgeGraph, id: &'x str) -> &'x str {
            kg.entity(id).map_or(id, |e| e.label.as_str())
        }
        let (subject, object) = match self.ends_of(r) {
            Some((s, o)) => (self.data.entities[s].label.as_str(), self.data.entities[o].label.as_str()),
            None => (label(self, &r.subject), label(self, &r.object)),
        };
        let parts = [subject, " ", r.kind.reading(), " ", object];
        // Joined without `format!`: the RDF export asks for one sentence per relation.
        let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        parts.iter().for_each(|p| out.push_str(p));
        out
    }

    /// The entity indices of the subject and object of `r`, when `r` is one of this graph's
    /// relations (found by its address in [`Dataset::relations`]) with an edge: its edge's ends,
    /// checked against its ids, instead of two binary searches by id (the sentences of
    /// `kg timeline` spent ~0.05 M instructions on them). `None` for any other relation.
    fn ends_of(&self, r: &Relation) -> Option<(usize, usize)> {
        let size = std::mem::size_of::<Relation>();
        let offset = (r as *const Relation as usize).checked_sub(self.data.relations.as_ptr() as usize)?;
        let i = offset / size;
        (offset % size == 0 && i < self.data.relations.len()).then_some(())?;
        let edge = EdgeIndex::new(i);
        (*self.graph.edge_weight(edge)? == i).then_some(())?;
        let (s, o) = self.graph.edge_endpoints(edge)?;
        let (s, o) = (self.graph[s], self.graph[o]);
        let entities = &self.data.entities;
        (entities.get(s)?.id == r.subject && entities.get(o)?.id == r.object).then_some((s, o))
    }

    /// Relations whose qualifiers (`under`, `place`) name the entity, sorted by relation id.
    pub fn qualified_by(&self, id: &str) -> Vec<&Relation> {
        let Some(e) = self.data.entity_index(id) else { return Vec::new() };
        self.qualifying[e].iter().map(|&i| &self.data.relations[i]).collect()
    }
}

/// From how many entities and relations on [`KnowledgeGraph::new`] builds its edges and its
/// name index on two threads.
const PARALLEL_ITEMS: usize = 4_096;

/// The graph (node `i` is entity `i`, edge weights index relations) and, for each entity, the
/// relations that name it as a qualifier.
type Edges = (DiGraph<usize, usize>, Vec<Vec<usize>>);

/// The [`Edges`] of a dataset, looking every reference up by id.
fn edges(data: &Dataset) -> Edges {
    // One hash lookup per reference: a binary search over a million ids misses the cache at
    // every step (it made building grow as n^1.5 in time).
    let index: foldhash::HashMap<&str, usize> =
        data.entities.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let ends = data.relations.iter().map(|r| {
        // The loader resolved every reference, so both ends exist.
        let (s, o) = (index.get(r.subject.as_str())?, index.get(r.object.as_str())?);
        let mut qualifiers = r.qualifiers.entity_refs().map(|id| index.get(id).copied());
        let qualifiers = [qualifiers.next().flatten(), qualifiers.next().flatten()];
        Some((*s, *o, qualifiers))
    });
    edges_from(data.entities.len(), ends).unwrap_or_default()
}

/// The graph of `entities` nodes with an edge per relation of `ends` (a relation whose ends are
/// not known, `None`, gets no edge), and the relations naming each entity as a qualifier;
/// `None` when an index is not an entity's.
fn edges_from(entities: usize, ends: impl ExactSizeIterator<Item = Option<RelationEnds>>) -> Option<Edges> {
    let mut graph = DiGraph::with_capacity(entities, ends.len());
    for i in 0..entities {
        graph.add_node(i);
    }
    let mut qualifying = vec![Vec::new(); entities];
    for (i, ends) in ends.enumerate() {
        let Some((subject, object, qualifiers)) = ends else { continue };
        if subject >= entities || object >= entities {
            return None;
        }
        graph.add_edge(NodeIndex::new(subject), NodeIndex::new(object), i);
        for e in qualifiers.into_iter().flatten() {
            let list: &mut Vec<usize> = qualifying.get_mut(e)?;
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    Some((graph, qualifying))
}

/// Name key -> the entities that carry the name (id, label, aliases of every kind).
fn names(entities: &[Entity]) -> foldhash::HashMap<String, Owners> {
    // Sized once: growing would hash every key again (each a cache miss at scale).
    let count: usize = entities.iter().map(|e| 2 + e.aliases.len() + e.background_aliases.len()).sum();
    let mut names: foldhash::HashMap<String, Owners> =
        foldhash::HashMap::with_capacity_and_hasher(count, Default::default());
    for (i, e) in entities.iter().enumerate() {
        for name in lookup_names(e) {
            names.entry(name_key(name)).and_modify(|owners: &mut Owners| owners.add(i)).or_insert(Owners::One(i));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (key, owner) pair of an index, sorted.
    fn pairs(kg: &KnowledgeGraph) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        kg.names.for_each(|k, owners| out.extend(owners.iter().map(|&i| (k.to_string(), i))));
        out.sort();
        out
    }

    /// The name table `build.rs` made for the built-in essay holds exactly the pairs the run-time
    /// index makes of the same files, and answers every key as the run-time index does: a test
    /// that fails when the precomputed table drifts from the run-time one.
    #[test]
    fn the_built_in_name_table_is_the_index_made_at_run_time() {
        let built = KnowledgeGraph::builtin().unwrap();
        let made = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        assert!(matches!(built.names, NameIndex::Table(_)), "the built-in graph reads the table made at build time");
        assert!(matches!(made.names, NameIndex::Map(_)));
        let (b, m) = (pairs(&built), pairs(&made));
        assert!(b.len() > built.entities().len(), "{} pairs", b.len());
        assert_eq!(b, m);
        for (key, _) in &m {
            let (x, y) = (built.names.get(key).unwrap(), made.names.get(key).unwrap());
            assert_eq!(x.as_slice(), y.as_slice(), "owners of {key:?}");
        }
        assert!(built.names.get("nosuchnameanywhere").is_none());
    }

    /// Every edge (its ends and relation, in order) and every entity's qualifying relations.
    #[allow(clippy::type_complexity)]
    fn edge_table(kg: &KnowledgeGraph) -> (Vec<(usize, usize, usize)>, Vec<Vec<usize>>) {
        let edges = kg.graph.raw_edges().iter().map(|e| (e.source().index(), e.target().index(), e.weight)).collect();
        (edges, kg.qualifying.clone())
    }

    /// The built-in graph, built from the entity indices stored in the compact form, has exactly
    /// the edges (in the same order) and qualifiers of the graph built by looking every id up: a
    /// test that fails when the stored indices drift from the run-time build.
    #[test]
    fn the_built_in_edges_are_the_edges_built_at_run_time() {
        let built = KnowledgeGraph::builtin().unwrap();
        let made = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        let (b, m) = (edge_table(&built), edge_table(&made));
        assert_eq!(b.0.len(), built.relations().len());
        assert!(b.1.iter().any(|q| !q.is_empty()), "some entity qualifies a relation");
        assert_eq!(b, m);
    }

    /// Stored ends that do not fit the dataset (an index past the entities, a malformed record, a
    /// count that is not the relations') give no graph, so that the caller loads the files.
    #[test]
    fn stored_ends_that_do_not_fit_give_no_graph() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let (n, r) = (data.entities.len(), data.relations.len());
        let table = || crate::builtin::validated().unwrap().names;
        let good = |i: usize| Some((i % n, (i + 1) % n, [None, None]));
        let fits = |ends: Vec<Option<crate::compact::RelationEnds>>| {
            KnowledgeGraph::with_name_table(data.clone(), table(), ends.into_iter()).is_some()
        };
        assert!(fits((0..r).map(good).collect()));
        assert!(!fits((0..r - 1).map(good).collect()));
        assert!(!fits((0..r).map(|i| if i == 3 { Some((n, 0, [None, None])) } else { good(i) }).collect()));
        assert!(!fits((0..r).map(|i| if i == 3 { Some((0, 1, [Some(n), None])) } else { good(i) }).collect()));
        assert!(!fits((0..r).map(|i| if i == 3 { None } else { good(i) }).collect()));
    }

    /// A relation's sentence through its edge is the sentence through its ids (the reference,
    /// kept here), for every relation of the built-in graph and of one built at run time; a
    /// relation that is not the graph's own (a copy) takes the ids' way, and says the same.
    #[test]
    fn sentences_through_edges_are_sentences_through_ids() {
        let built = KnowledgeGraph::builtin().unwrap();
        let made = KnowledgeGraph::new(crate::load(&crate::Sources::builtin()).unwrap());
        for kg in [&built, &made] {
            let label = |id: &str| kg.entity(id).map_or(id.to_string(), |e| e.label.to_string());
            for r in kg.relations() {
                let expected = format!("{} {} {}", label(&r.subject), r.kind.reading(), label(&r.object));
                assert!(kg.ends_of(r).is_some(), "{} has no edge", r.id);
                assert_eq!(kg.sentence(r), expected, "{}", r.id);
                let copy = r.clone();
                assert!(kg.ends_of(&copy).is_none(), "a copy of {} is not the graph's", r.id);
                assert_eq!(kg.sentence(&copy), expected, "{}", r.id);
            }
            // Another graph's relation is not this one's.
            let other = if std::ptr::eq(kg, &built) { &made } else { &built };
            assert!(kg.ends_of(&other.relations()[0]).is_none());
        }
    }
}
