//! The knowledge graph: entities as the nodes and relations as the edges of a petgraph
//! `DiGraph`, with the dataset they come from. Node `i` is entity `i` of [`Dataset::entities`]
//! and every edge's weight is the index of its relation in [`Dataset::relations`].

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::compact::RelationEnds;
use crate::model::{Dataset, Entity, Relation, SharedStr};
use crate::name_table::{lookup_names, NameTable};
use crate::names::{name_key, push_name_key};

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
    /// name key -> indices of the entities that carry that name (sorted, no repeats): made with
    /// the graph by [`KnowledgeGraph::new`], or on first use ([`KnowledgeGraph::name_index`]) by
    /// a graph made with [`KnowledgeGraph::with_names_on_first_use`].
    names: std::sync::OnceLock<NameIndex>,
    /// entity index -> indices of the relations that name it as `under` or `place`.
    qualifying: Vec<Vec<usize>>,
    /// The names of the passages the RDF export cites, made by the first RDF export and kept
    /// for the next ones (`export::rdf::cited_passage_names`).
    pub(crate) passage_names: std::sync::OnceLock<crate::passage_names::CitedNames>,
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
    /// Built at run time ([`NameMap`]).
    Keys(NameMap),
    /// Built at run time on two threads: the first map holds the names of the entities before
    /// some index, the second those of the entities from it ([`NameMap::of_part`]), so that a
    /// key in both has its owners in the first before those in the second, in order.
    Parts(Box<[NameMap; 2]>),
    /// Built at run time where a [`NameMap`]'s `u32` offsets do not fit (past 2 GiB of keys or
    /// entities).
    Map(foldhash::HashMap<String, Owners>),
    Table(NameTable),
}

impl NameIndex {
    /// The entities that carry a name with this key.
    pub(crate) fn get(&self, key: &str) -> Option<Owners> {
        match self {
            NameIndex::Keys(map) => map.get(key),
            NameIndex::Parts(parts) => match (parts[0].get(key), parts[1].get(key)) {
                (Some(first), Some(rest)) => {
                    Some(Owners::Many(first.as_slice().iter().chain(rest.as_slice()).copied().collect()))
                }
                (first, rest) => first.or(rest),
            },
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
            NameIndex::Keys(map) => map.for_each(f),
            NameIndex::Parts(parts) => parts.iter().for_each(|map| map.for_each(&mut f)),
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
        // The edges and the name index, on two threads for large datasets: the edges and the
        // first part of the name index on one, the rest of the index on the other
        // ([`NameIndex::Parts`]: the index alone took about twice the edges' time).
        let parallel = data.entities.len() + data.relations.len() >= PARALLEL_ITEMS;
        let ((graph, qualifying), names) = if parallel {
            let split = data.entities.len() / NAMES_BESIDE_EDGES;
            let ((edges, first), rest) = crate::load::both(
                true,
                || {
                    let edges = crate::trace::span("build a: edges", || edges(&data));
                    let first = crate::trace::span("build a: name index, first part", || {
                        NameMap::of_part(&data.entities, 0..split, u32::MAX)
                    });
                    (edges, first)
                },
                || {
                    crate::trace::span("build b: name index, the rest", || {
                        NameMap::of_part(&data.entities, split..data.entities.len(), u32::MAX)
                    })
                },
            );
            (edges, joined(first, rest, &data.entities))
        } else {
            (
                crate::trace::span("build a: edges", || edges(&data)),
                crate::trace::span("build b: name index", || name_index(&data.entities, u32::MAX)),
            )
        };
        KnowledgeGraph { data, graph, names: names.into(), qualifying, passage_names: Default::default() }
    }

    /// [`KnowledgeGraph::new`] without the name index, which is made on the first question that
    /// looks a name up ([`KnowledgeGraph::resolve`]): the same graph, for a command that may
    /// never look a name up. No export does: at a million relations the index is ~0.1 GB that
    /// an export would hold to its end, and the half second of a core it takes to make.
    ///
    /// # Complexity
    /// O(V + E) here, and O(N) for N names on the first lookup.
    pub fn with_names_on_first_use(data: Dataset) -> Self {
        let (graph, qualifying) = crate::trace::span("build a: edges", || edges(&data));
        KnowledgeGraph { data, graph, names: Default::default(), qualifying, passage_names: Default::default() }
    }

    /// The name index, made here on first use when the graph was made without it.
    pub(crate) fn name_index(&self) -> &NameIndex {
        self.names
            .get_or_init(|| crate::trace::span("build b: name index", || name_index(&self.data.entities, u32::MAX)))
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
            names: NameIndex::Table(names).into(),
            qualifying,
            passage_names: Default::default(),
        })
    }

    /// Whether this is the built-in essay's graph as `crate::builtin::builtin_graph` decodes it
    /// (the only graph made with the build-time name table; a graph cannot be changed after it
    /// is made), so that what `build.rs` made from the same data can stand in for run-time work
    /// (the RDF export's stored stream, `export::rdf_stored`).
    pub(crate) fn is_builtin(&self) -> bool {
        matches!(self.names.get(), Some(NameIndex::Table(_)))
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
    pub(crate) fn ends_of(&self, r: &Relation) -> Option<(usize, usize)> {
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

/// Where [`KnowledgeGraph::new`] builds the name index on two threads, the first
/// `1 / NAMES_BESIDE_EDGES` of the entities' names are indexed after the edges, on their thread,
/// and the rest on the other: at a million relations the edges took ~0.22 s of thread CPU and
/// the whole index ~0.50 s (benches/analysis.md, round 22), so a quarter of the names beside
/// the edges leaves the two sides about even.
const NAMES_BESIDE_EDGES: usize = 4;

/// The graph (node `i` is entity `i`, edge weights index relations) and, for each entity, the
/// relations that name it as a qualifier.
type Edges = (DiGraph<usize, usize>, Vec<Vec<usize>>);

/// The [`Edges`] of a dataset: by the addresses of the ids its references share with the
/// entities ([`edges_by_address`], every loaded dataset), else looking every reference up by id
/// ([`IdIndex`], in batches of relations: [`EndsByBatch`]).
fn edges(data: &Dataset) -> Edges {
    if let Some(edges) = edges_by_address(data) {
        return edges;
    }
    let index = IdIndex::new(&data.entities);
    edges_from(data.entities.len(), EndsByBatch::new(&index, &data.relations)).unwrap_or_default()
}

/// The [`Edges`] of a dataset whose entity ids are distinct and whose references share their
/// entity's id (the loader clones each end's [`crate::model::Id`] from its entity: one
/// allocation per id), each end found by the address of its text ([`AddressIndex`]) without
/// reading or hashing it; `None` (nothing kept) where an id is not in the index by its address
/// (a reference made apart from its entity, or naming none) or the ids are not in strictly
/// ascending order, as the loader sorts them (which proves them distinct: two equal ids would
/// make the same text at two addresses stand for two entities, where the look-up by id gives
/// the last).
///
/// The same edges as [`IdIndex`]'s: a reference at the same address and of the same length as
/// an entity's id is that id's text, and with distinct ids that entity is the one its id names.
/// At a million relations the look-up by id was the edges' main cost: every reference's text read
/// at random and hashed (~35% of the edges' samples), then a 32 MB table read at random; here the
/// subjects, in the order of the loader's relations (by subject), are found beside the previous
/// one, and the other ends in a 16 MB table of addresses.
fn edges_by_address(data: &Dataset) -> Option<Edges> {
    let index = AddressIndex::new(&data.entities)?;
    let mut ends = EndsByAddress::new(&index, &data.relations);
    let edges = edges_from(data.entities.len(), &mut ends)?;
    (!ends.missed).then_some(edges)
}

/// An id's text as [`AddressIndex`] keys it: its address and length.
fn address(id: &str) -> (usize, usize) {
    (id.as_ptr() as usize, id.len())
}

/// The address of each entity id's text -> the entity's index: an open-addressing table (linear
/// probing) of 16-byte slots, four to a cache line, read ahead in batches as [`IdIndex`] is.
struct AddressIndex<'a> {
    /// A power of two of slots, at most two thirds full; an empty slot's address is 0 (a text's
    /// address never is).
    slots: Vec<AddressSlot>,
    /// 64 less the slot count's bits: a slot's place is the top bits of its multiplied address.
    shift: u32,
    entities: &'a [Entity],
}

#[derive(Clone, Copy)]
struct AddressSlot {
    address: usize,
    len: u32,
    index: u32,
}

impl<'a> AddressIndex<'a> {
    const EMPTY: AddressSlot = AddressSlot { address: 0, len: 0, index: 0 };

    /// The index of `entities`' ids; `None` unless they are in strictly ascending order and
    /// their count and lengths fit in `u32`.
    fn new(entities: &'a [Entity]) -> Option<AddressIndex<'a>> {
        u32::try_from(entities.len()).ok()?;
        if !entities.windows(2).all(|w| w[0].id.as_str() < w[1].id.as_str()) {
            return None;
        }
        let size = (entities.len() + entities.len() / 2 + 1).next_power_of_two().max(2);
        let mut index = AddressIndex {
            slots: crate::load::huge_filled(size, AddressIndex::EMPTY),
            shift: 64 - size.trailing_zeros(),
            entities,
        };
        for (chunk, first) in entities.chunks(ID_BATCH).zip((0..).step_by(ID_BATCH)) {
            let mut keys = [(0, 0); ID_BATCH];
            for (key, e) in keys.iter_mut().zip(chunk) {
                *key = address(&e.id);
            }
            let keys = &keys[..chunk.len()];
            index.touch(keys.iter().copied());
            for (i, &(address, len)) in keys.iter().enumerate() {
                let len = u32::try_from(len).ok()?;
                let mut at = index.place(address);
                while index.slots[at].address != 0 {
                    at = (at + 1) & (index.slots.len() - 1);
                }
                index.slots[at] = AddressSlot { address, len, index: (first + i) as u32 };
            }
        }
        Some(index)
    }

    /// The slot where the look-up of `address` starts.
    fn place(&self, address: usize) -> usize {
        ((address as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Reads the first slot of each key, so that the look-ups after find them in the cache.
    fn touch(&self, keys: impl Iterator<Item = (usize, usize)>) {
        std::hint::black_box(keys.fold(0, |t, (address, _)| t ^ self.slots[self.place(address)].len));
    }

    /// The index of the entity whose id's text is at `address`, `len` bytes long.
    fn get(&self, (address, len): (usize, usize)) -> Option<usize> {
        let mut at = self.place(address);
        loop {
            let slot = &self.slots[at];
            if slot.address == 0 {
                return None;
            }
            if slot.address == address && slot.len as usize == len {
                return Some(slot.index as usize);
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
    }

    /// [`AddressIndex::get`], trying first the entities from `from` on (a few: the loader's
    /// relations are in their subjects' order, so that a subject is its predecessor's or a
    /// little after it).
    fn get_from(&self, from: usize, key: (usize, usize)) -> Option<usize> {
        let near = self.entities.get(from..).unwrap_or_default().iter().take(SUBJECTS_AHEAD);
        match near.map(|e| address(&e.id)).position(|k| k == key) {
            Some(ahead) => Some(from + ahead),
            None => self.get(key),
        }
    }
}

/// How many entities from the previous relation's subject [`AddressIndex::get_from`] tries.
const SUBJECTS_AHEAD: usize = 4;

/// Each relation's [`RelationEnds`] found by address in an [`AddressIndex`] a batch of relations
/// at a time (the subjects from the previous one's, the other ends' slots read together first),
/// until an end is not found there: `missed` is then set and the ends stop.
struct EndsByAddress<'a> {
    index: &'a AddressIndex<'a>,
    /// The relations not yet looked up.
    relations: &'a [Relation],
    batch: [RelationEnds; ID_BATCH / 4],
    /// The batch's ends not yet given, `batch[at..len]`.
    at: usize,
    len: usize,
    /// The last subject found.
    subject: usize,
    missed: bool,
}

impl<'a> EndsByAddress<'a> {
    fn new(index: &'a AddressIndex<'a>, relations: &'a [Relation]) -> Self {
        EndsByAddress {
            index,
            relations,
            batch: [(0, 0, [None, None]); ID_BATCH / 4],
            at: 0,
            len: 0,
            subject: 0,
            missed: false,
        }
    }

    /// Looks the next batch of relations up; false (and `missed` set) when an end is not found.
    fn refill(&mut self) -> bool {
        let (chunk, rest) = self.relations.split_at(self.relations.len().min(ID_BATCH / 4));
        self.relations = rest;
        let key = |id: &crate::model::Id| address(id);
        let others = |r: &'a Relation| {
            let mut qualifiers = r.qualifiers.entity_refs();
            [Some(address(&r.object)), qualifiers.next().map(address), qualifiers.next().map(address)]
        };
        self.index.touch(chunk.iter().flat_map(others).flatten());
        for (ends, r) in self.batch.iter_mut().zip(chunk) {
            let Some(subject) = self.index.get_from(self.subject, key(&r.subject)) else {
                self.missed = true;
                return false;
            };
            self.subject = subject;
            let [object, first, second] = others(r).map(|k| k.map(|k| self.index.get(k).ok_or(())).transpose());
            let (Ok(Some(object)), Ok(first), Ok(second)) = (object, first, second) else {
                self.missed = true;
                return false;
            };
            *ends = (subject, object, [first, second]);
        }
        (self.at, self.len) = (0, chunk.len());
        true
    }
}

impl Iterator for EndsByAddress<'_> {
    type Item = Option<RelationEnds>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at == self.len && (self.relations.is_empty() || self.missed || !self.refill()) {
            return None;
        }
        self.at += 1;
        Some(Some(self.batch[self.at - 1]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.relations.len() + self.len - self.at;
        (left, Some(left))
    }
}

impl ExactSizeIterator for EndsByAddress<'_> {}

/// How many ids [`IdIndex`] hashes before it reads their slots, together; [`EndsByBatch`]
/// looks up a quarter as many relations at once (up to four ids each).
const ID_BATCH: usize = 64;

/// Entity id -> index in [`Dataset::entities`]: an open-addressing table (linear probing) of
/// each id's hash, text and index, filled and read in batches whose first slot reads are made
/// together, in a loop of their own, so that their misses to memory overlap. (A hash map read
/// one id at a time missed the cache two or three times a lookup: its control bytes, its entry,
/// and the entity's id compared; here the id compared is the one just hashed, which the loader
/// shares between an entity and the relations that name it.) An id declared twice (no loaded
/// dataset has one) is the last entity's, as a hash map collected from the entities would hold.
struct IdIndex<'a> {
    /// A power of two of slots, at most two thirds full; an empty slot's index is `usize::MAX`.
    slots: Vec<IdSlot<'a>>,
    hasher: foldhash::fast::RandomState,
}

#[derive(Clone, Copy)]
struct IdSlot<'a> {
    hash: u64,
    id: &'a str,
    index: usize,
}

impl<'a> IdIndex<'a> {
    const EMPTY: IdSlot<'static> = IdSlot { hash: 0, id: "", index: usize::MAX };

    fn new(entities: &'a [Entity]) -> IdIndex<'a> {
        let size = (entities.len() + entities.len() / 2 + 1).next_power_of_two();
        let mut index = IdIndex { slots: crate::load::huge_filled(size, IdIndex::EMPTY), hasher: Default::default() };
        for (chunk, first) in entities.chunks(ID_BATCH).zip((0..).step_by(ID_BATCH)) {
            let mut hashes = [0u64; ID_BATCH];
            for (hash, e) in hashes.iter_mut().zip(chunk) {
                *hash = index.hash(&e.id);
            }
            index.touch(&hashes[..chunk.len()]);
            for (i, (e, &hash)) in chunk.iter().zip(&hashes).enumerate() {
                index.insert(&e.id, hash, first + i);
            }
        }
        index
    }

    fn hash(&self, id: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.hasher, id)
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Reads the first slot of each hash, so that the look-ups after find them in the cache.
    fn touch(&self, hashes: &[u64]) {
        let mask = self.mask();
        std::hint::black_box(hashes.iter().fold(0, |t, &hash| t ^ self.slots[hash as usize & mask].index));
    }

    fn insert(&mut self, id: &'a str, hash: u64, at_index: usize) {
        let mask = self.mask();
        let mut at = hash as usize & mask;
        loop {
            let slot = &mut self.slots[at];
            if slot.index == usize::MAX || (slot.hash == hash && slot.id == id) {
                *slot = IdSlot { hash, id, index: at_index };
                return;
            }
            at = (at + 1) & mask;
        }
    }

    fn get(&self, id: &str, hash: u64) -> Option<usize> {
        let mask = self.mask();
        let mut at = hash as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.index == usize::MAX {
                return None;
            }
            if slot.hash == hash && slot.id == id {
                return Some(slot.index);
            }
            at = (at + 1) & mask;
        }
    }
}

/// Each relation's [`RelationEnds`] looked up in an [`IdIndex`] a batch of relations at a time
/// (`None` where its subject or object is not an entity's id; a qualifier that is not is left
/// out): the relations' ids hashed, their slots read together, then looked up.
struct EndsByBatch<'a> {
    index: &'a IdIndex<'a>,
    /// The relations not yet looked up.
    relations: &'a [Relation],
    batch: [Option<RelationEnds>; ID_BATCH / 4],
    /// The batch's ends not yet given, `batch[at..len]`.
    at: usize,
    len: usize,
}

impl<'a> EndsByBatch<'a> {
    fn new(index: &'a IdIndex<'a>, relations: &'a [Relation]) -> Self {
        EndsByBatch { index, relations, batch: [None; ID_BATCH / 4], at: 0, len: 0 }
    }

    /// Looks the next batch of relations up.
    fn refill(&mut self) {
        let (chunk, rest) = self.relations.split_at(self.relations.len().min(ID_BATCH / 4));
        self.relations = rest;
        // Each relation's subject, object and up to two qualifiers, with their hashes.
        let mut ids = [None; ID_BATCH];
        let mut hashes = [0u64; ID_BATCH];
        for (r, (ids, hashes)) in chunk.iter().zip(ids.chunks_mut(4).zip(hashes.chunks_mut(4))) {
            let mut qualifiers = r.qualifiers.entity_refs();
            let names = [Some(r.subject.as_str()), Some(r.object.as_str()), qualifiers.next(), qualifiers.next()];
            for ((id, hash), name) in ids.iter_mut().zip(hashes.iter_mut()).zip(names) {
                if let Some(name) = name {
                    *hash = self.index.hash(name);
                    *id = Some((name, *hash));
                }
            }
        }
        // (A relation without qualifiers touches slot 0 twice more: no matter.)
        self.index.touch(&hashes[..chunk.len() * 4]);
        for (ends, ids) in self.batch.iter_mut().zip(ids.chunks(4)) {
            let get = |id: Option<(&str, u64)>| id.and_then(|(id, hash)| self.index.get(id, hash));
            *ends = match (get(ids[0]), get(ids[1])) {
                (Some(s), Some(o)) => Some((s, o, [get(ids[2]), get(ids[3])])),
                _ => None,
            };
        }
        (self.at, self.len) = (0, chunk.len());
    }
}

impl Iterator for EndsByBatch<'_> {
    type Item = Option<RelationEnds>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at == self.len {
            if self.relations.is_empty() {
                return None;
            }
            self.refill();
        }
        self.at += 1;
        Some(self.batch[self.at - 1])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.relations.len() + self.len - self.at;
        (left, Some(left))
    }
}

impl ExactSizeIterator for EndsByBatch<'_> {}

/// The graph of `entities` nodes with an edge per relation of `ends` (a relation whose ends are
/// not known, `None`, gets no edge), and the relations naming each entity as a qualifier;
/// `None` when an index is not an entity's.
fn edges_from(entities: usize, ends: impl ExactSizeIterator<Item = Option<RelationEnds>>) -> Option<Edges> {
    let mut graph = DiGraph::with_capacity(entities, ends.len());
    for i in 0..entities {
        graph.add_node(i);
    }
    let mut qualifying = vec![Vec::new(); entities];
    let mut ends = ends.enumerate();
    if entities < EDGE_TOUCH_FROM {
        for (i, ends) in ends {
            add_relation(&mut graph, &mut qualifying, i, ends)?;
        }
        return Some((graph, qualifying));
    }
    // Taken a batch at a time, whose ends' nodes are read in a loop of their own before any edge
    // is added: `add_edge` reads and writes both ends' nodes, at random (at a million relations
    // 449,020 nodes, 7 MB), so that their misses overlap.
    let mut batch = [(0, None); EDGE_BATCH];
    loop {
        let mut len = 0;
        for (slot, got) in batch.iter_mut().zip(ends.by_ref()) {
            (*slot, len) = (got, len + 1);
        }
        if len == 0 {
            return Some((graph, qualifying));
        }
        let nodes = graph.raw_nodes();
        let node = |n: usize| nodes.get(n).map_or(0, |node| node.weight);
        let ends = batch[..len].iter().filter_map(|(_, ends)| ends.as_ref());
        std::hint::black_box(ends.fold(0, |t, &(s, o, _)| t ^ node(s) ^ node(o)));
        for &(i, ends) in &batch[..len] {
            add_relation(&mut graph, &mut qualifying, i, ends)?;
        }
    }
}

/// Adds relation `i`'s edge and qualifiers for [`edges_from`] (nothing when its ends are not
/// known); `None` when an index is not an entity's. (Inlined into both of its loops: called, it
/// cost the built-in essay's graph ~5,700 instructions on every start.)
#[inline(always)]
fn add_relation(
    graph: &mut DiGraph<usize, usize>,
    qualifying: &mut [Vec<usize>],
    i: usize,
    ends: Option<RelationEnds>,
) -> Option<()> {
    let Some((subject, object, qualifiers)) = ends else { return Some(()) };
    if subject >= graph.node_count() || object >= graph.node_count() {
        return None;
    }
    graph.add_edge(NodeIndex::new(subject), NodeIndex::new(object), i);
    for e in qualifiers.into_iter().flatten() {
        let list: &mut Vec<usize> = qualifying.get_mut(e)?;
        if !list.contains(&i) {
            list.push(i);
        }
    }
    Some(())
}

/// From how many entities [`edges_from`] reads its nodes ahead: 65,536 nodes are 1 MiB, a
/// core's share of the second-level cache; below it the nodes stay cached and the batches would
/// be work for nothing (the built-in essay's edges are made on every start).
const EDGE_TOUCH_FROM: usize = 1 << 16;

/// How many relations' ends [`edges_from`] takes before it reads their nodes together.
const EDGE_BATCH: usize = 16;

/// The run-time name index of `entities`: a [`NameMap`] when its offsets and indices stay below
/// `limit` (`u32::MAX`; the tests pass less), else the hash map of `String` keys.
fn name_index(entities: &[Entity], limit: u32) -> NameIndex {
    match NameMap::new(entities, limit) {
        Some(map) => NameIndex::Keys(map),
        None => NameIndex::Map(names(entities)),
    }
}

/// The name index of `entities` from its two parts ([`NameIndex::Parts`]), or the whole index
/// made again where either part was refused (past `u32::MAX`, as [`name_index`]).
fn joined(first: Option<NameMap>, rest: Option<NameMap>, entities: &[Entity]) -> NameIndex {
    match (first, rest) {
        (Some(first), Some(rest)) => NameIndex::Parts(Box::new([first, rest])),
        _ => name_index(entities, u32::MAX),
    }
}

/// Name key -> the entities that carry the name (id, label, aliases of every kind): the
/// reference for [`NameMap`], used only where its `u32` offsets do not fit.
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

/// The name index made at run time: every distinct name key written once into one buffer, and
/// an open-addressing table (linear probing) of fixed-width slots that point into it, both
/// asked for huge pages ([`crate::load::huge_filled`]). It holds what [`names`]' hash map of
/// `String` keys holds (`tests::the_name_map_holds_the_hash_maps_pairs`) without a string
/// allocated per name: at a million relations that map made and freed 1.5 million strings and
/// its 56-byte entries, read at random, took twice the table's memory.
///
/// The names are keyed and hashed [`NAME_BATCH`] at a time, and the batch's first slots read in
/// a loop of their own before any is filled ([`NameBatch`]), so that their misses to memory
/// overlap: at a million relations the table (~2 million slots) is larger than the caches, and
/// filled one name at a time each slot read waited for memory in turn.
#[derive(Debug, Clone)]
pub(crate) struct NameMap {
    /// The distinct keys, side by side.
    keys: String,
    /// A power of two of slots, at most two thirds full.
    slots: Vec<Slot>,
    /// The owners of each key that has more than one, in the order they were added.
    many: Vec<Vec<usize>>,
    hasher: foldhash::fast::RandomState,
}

/// A key's place in [`NameMap::keys`], the top 32 bits of its hash and its owners: `owner` the
/// only one, or when its top bit ([`Slot::MANY`]) is set, the index of its list in
/// [`NameMap::many`] in the other bits. Empty when `owner` is [`Slot::EMPTY`]. Sixteen bytes,
/// four to a cache line (with a 64-bit hash and a field of its own for the list, 24 bytes: the
/// table a half larger, and more of its slots across two lines).
#[derive(Debug, Clone, Copy)]
struct Slot {
    tag: u32,
    start: u32,
    len: u32,
    owner: u32,
}

impl Slot {
    const EMPTY: u32 = u32::MAX;
    const MANY: u32 = 1 << 31;
    const VACANT: Slot = Slot { tag: 0, start: 0, len: 0, owner: Slot::EMPTY };

    /// The part of a key's hash a slot keeps (the bits the slot's place does not come from).
    fn tag(hash: u64) -> u32 {
        (hash >> 32) as u32
    }
}

/// How many names [`NameMap::of_part`] reads, keys and hashes before it reads their slots.
const NAME_BATCH: usize = 32;

/// How many entities [`NameMap::of_part`] takes at a time, their alias lists read together first
/// ([`touch_alias_lists`]).
const ENTITY_BATCH: usize = 16;

/// Reads the first item of each of `entities`' alias lists in a loop of its own, so that their
/// misses to memory overlap: the lists lie apart on the heap, and at a million relations (449,000
/// entities) [`NameMap::of_part`]'s two passes over the names waited for each list in turn. Only
/// a read: it changes nothing.
fn touch_alias_lists(entities: &[Entity]) {
    let first = |list: &[SharedStr]| list.first().is_some_and(|name| name.as_static().is_some());
    std::hint::black_box(
        entities
            .iter()
            .fold(false, |t, e| t ^ first(&e.aliases) ^ first(&e.background_aliases) ^ first(&e.shared_aliases)),
    );
}

/// How many names `e` has for the lookup by name (its id, its label and its aliases of every
/// kind: what `lookup_names` yields), counted from the lists' lengths without reading them, and a
/// guess at their keys' bytes from the id's and the label's lengths (half of them per name).
fn names_and_key_bytes_guess(e: &Entity) -> (usize, usize) {
    let names = 2 + e.aliases.len() + e.background_aliases.len() + e.shared_aliases.len();
    (names, (e.id.as_str().len() + e.label.as_str().len()) * names / 2)
}

/// The names [`NameMap::of_part`] has taken but not yet added, each with its owner; once full,
/// their keys side by side and each key's end and hash ([`NameBatch::keyed`]).
struct NameBatch<'e> {
    names: [(usize, &'e str); NAME_BATCH],
    len: usize,
    keys: String,
    keyed: [(usize, u64); NAME_BATCH],
}

impl<'e> NameBatch<'e> {
    fn new() -> Self {
        NameBatch { names: [(0, ""); NAME_BATCH], len: 0, keys: String::new(), keyed: [(0, 0); NAME_BATCH] }
    }

    /// Takes `name` of entity `owner`; true when the batch is then full.
    fn push(&mut self, owner: usize, name: &'e str) -> bool {
        self.names[self.len] = (owner, name);
        self.len += 1;
        self.len == NAME_BATCH
    }

    /// Keys and hashes the batch's names, after reading the first byte of each in a loop of its
    /// own (the entities' names lie apart on the heap: their misses overlap too).
    fn key(&mut self, hasher: &foldhash::fast::RandomState) {
        let names = &self.names[..self.len];
        std::hint::black_box(names.iter().fold(0u8, |t, (_, name)| t ^ name.as_bytes().first().copied().unwrap_or(0)));
        self.keys.clear();
        for (&(_, name), keyed) in names.iter().zip(&mut self.keyed) {
            let start = self.keys.len();
            push_name_key(name, &mut self.keys);
            *keyed = (self.keys.len(), std::hash::BuildHasher::hash_one(hasher, &self.keys[start..]));
        }
    }

    /// The hashes [`NameBatch::key`] made.
    fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.keyed[..self.len].iter().map(|&(_, hash)| hash)
    }

    /// Each name's owner, key and hash, in the order they were taken ([`NameBatch::key`] first).
    fn keyed(&self) -> impl Iterator<Item = (usize, &str, u64)> {
        let ends = self.keyed[..self.len].iter();
        let starts = std::iter::once(0).chain(ends.clone().map(|&(end, _)| end));
        (self.names.iter().zip(ends).zip(starts))
            .map(|((&(owner, _), &(end, hash)), start)| (owner, &self.keys[start..end], hash))
    }
}

impl NameMap {
    /// The index of every name of `entities` ([`lookup_names`]); `None` when the entities, the
    /// distinct keys' bytes reach `limit` (at most `Slot::MANY - 1`: an owner's top bit tells a
    /// list from an entity, and `u32::MAX` is kept for [`Slot::EMPTY`]).
    fn new(entities: &[Entity], limit: u32) -> Option<NameMap> {
        NameMap::of_part(entities, 0..entities.len(), limit)
    }

    /// [`NameMap::new`] of the names of `entities[part]` alone, each owned by its index in
    /// `entities`.
    fn of_part(entities: &[Entity], part: std::ops::Range<usize>, limit: u32) -> Option<NameMap> {
        let limit = limit.min(Slot::MANY - 1) as usize;
        if entities.len() >= limit {
            return None;
        }
        // The names counted from the lists' lengths, and their bytes guessed from the id's and
        // the label's (the keys' buffer grows if the guess was short): reading every alias for
        // its length cost a miss per list, for a capacity only.
        let (mut count, mut bytes) = (0usize, 0usize);
        for e in &entities[part.clone()] {
            let (names, guess) = names_and_key_bytes_guess(e);
            count += names;
            bytes += guess;
        }
        let size = (count + count / 2 + 1).checked_next_power_of_two()?;
        let mut map = NameMap {
            keys: crate::load::huge_string(bytes),
            slots: crate::load::huge_filled(size, Slot::VACANT),
            many: Vec::new(),
            hasher: Default::default(),
        };
        let mut batch = NameBatch::new();
        for (chunk, first) in entities[part.clone()].chunks(ENTITY_BATCH).zip(part.step_by(ENTITY_BATCH)) {
            touch_alias_lists(chunk);
            for (e, i) in chunk.iter().zip(first..) {
                for name in lookup_names(e) {
                    if batch.push(i, name) {
                        map.add_batch(&mut batch, limit)?;
                    }
                }
            }
        }
        map.add_batch(&mut batch, limit)?;
        Some(map)
    }

    /// Adds the names of `batch` in order and empties it: their keys and hashes made first
    /// ([`NameBatch::key`]), then each one's first slot read in a loop of its own (the reads'
    /// misses overlap; the adds then find the slots cached).
    fn add_batch(&mut self, batch: &mut NameBatch, limit: usize) -> Option<()> {
        batch.key(&self.hasher);
        let mask = self.slots.len() - 1;
        std::hint::black_box(batch.hashes().fold(0, |t, hash| t ^ self.slots[hash as usize & mask].owner));
        for (i, key, hash) in batch.keyed() {
            self.add(i, key, hash, mask, limit)?;
        }
        batch.len = 0;
        Some(())
    }

    /// Adds the name key `key` (its hash `hash`) of entity `i`, the last entity added so far;
    /// `None` when the distinct keys' bytes would reach `limit`.
    fn add(&mut self, i: usize, key: &str, hash: u64, mask: usize, limit: usize) -> Option<()> {
        // (Checked before the key is known to be new, as when every key was first written at the
        // buffer's end: the same maps are refused.)
        if self.keys.len() + key.len() >= limit {
            return None;
        }
        let tag = Slot::tag(hash);
        let mut at = hash as usize & mask;
        loop {
            let slot = &mut self.slots[at];
            if slot.owner == Slot::EMPTY {
                let start = self.keys.len() as u32;
                self.keys.push_str(key);
                *slot = Slot { tag, start, len: key.len() as u32, owner: i as u32 };
                return Some(());
            }
            if slot.tag == tag && &self.keys[slot.start as usize..(slot.start + slot.len) as usize] == key {
                // Names are added entity by entity: an owner already there is the last. (The
                // lists are fewer than the distinct keys, at most one of them empty, so their
                // count stays below `limit` as the keys' bytes do, and below `Slot::MANY`.)
                if slot.owner & Slot::MANY == 0 {
                    if slot.owner as usize != i {
                        let first = slot.owner as usize;
                        slot.owner = Slot::MANY | self.many.len() as u32;
                        self.many.push(vec![first, i]);
                    }
                } else {
                    let list = &mut self.many[(slot.owner & !Slot::MANY) as usize];
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
                return Some(());
            }
            at = (at + 1) & mask;
        }
    }

    /// The slot of `key`, if it is there.
    fn slot(&self, key: &str) -> Option<&Slot> {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, key);
        let (tag, mask) = (Slot::tag(hash), self.slots.len() - 1);
        let mut at = hash as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.owner == Slot::EMPTY {
                return None;
            }
            if slot.tag == tag && self.key(slot) == key {
                return Some(slot);
            }
            at = (at + 1) & mask;
        }
    }

    fn key(&self, slot: &Slot) -> &str {
        &self.keys[slot.start as usize..(slot.start + slot.len) as usize]
    }

    /// The entities that carry a name with this key, in the order they were added.
    fn get(&self, key: &str) -> Option<Owners> {
        let slot = self.slot(key)?;
        Some(if slot.owner & Slot::MANY == 0 {
            Owners::One(slot.owner as usize)
        } else {
            Owners::Many(self.many[(slot.owner & !Slot::MANY) as usize].clone())
        })
    }

    /// Calls `f` with every key and all its owners.
    fn for_each(&self, mut f: impl FnMut(&str, &[usize])) {
        for slot in self.slots.iter().filter(|s| s.owner != Slot::EMPTY) {
            if slot.owner & Slot::MANY == 0 {
                f(self.key(slot), &[slot.owner as usize]);
            } else {
                f(self.key(slot), &self.many[(slot.owner & !Slot::MANY) as usize]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (key, owner) pair of an index, sorted.
    fn pairs(kg: &KnowledgeGraph) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        kg.name_index().for_each(|k, owners| out.extend(owners.iter().map(|&i| (k.to_string(), i))));
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
        assert!(
            matches!(built.name_index(), NameIndex::Table(_)),
            "the built-in graph reads the table made at build time"
        );
        assert!(matches!(made.name_index(), NameIndex::Keys(_)));
        let (b, m) = (pairs(&built), pairs(&made));
        assert!(b.len() > built.entities().len(), "{} pairs", b.len());
        assert_eq!(b, m);
        for (key, _) in &m {
            let (x, y) = (built.name_index().get(key).unwrap(), made.name_index().get(key).unwrap());
            assert_eq!(x.as_slice(), y.as_slice(), "owners of {key:?}");
        }
        assert!(built.name_index().get("nosuchnameanywhere").is_none());
    }

    /// Asserts that `index` holds exactly the pairs of the reference hash map of `entities`
    /// ([`names`]) and gives every key's owners in the same order, and nothing for other keys.
    fn assert_same_index(index: &NameIndex, entities: &[Entity], absent: &[String]) {
        let reference = names(entities);
        let mut got = Vec::new();
        index.for_each(|k, owners| got.extend(owners.iter().map(|&i| (k.to_string(), i))));
        got.sort();
        let mut want: Vec<(String, usize)> =
            reference.iter().flat_map(|(k, o)| o.as_slice().iter().map(move |&i| (k.clone(), i))).collect();
        want.sort();
        assert_eq!(got, want);
        for (key, owners) in &reference {
            assert_eq!(index.get(key).as_ref().map(Owners::as_slice), Some(owners.as_slice()), "owners of {key:?}");
        }
        for key in absent.iter().filter(|k| !reference.contains_key(k.as_str())) {
            assert!(index.get(key).is_none(), "{key:?} is nobody's name");
        }
    }

    /// The built-in essay's entities, with names from `pool` given to them as aliases and
    /// background aliases (`picks`: entity, pool index, as a background alias?).
    fn renamed(pool: &[String], picks: &[(usize, usize, bool)]) -> Vec<Entity> {
        static ESSAY: std::sync::OnceLock<Vec<Entity>> = std::sync::OnceLock::new();
        let mut entities =
            ESSAY.get_or_init(|| crate::load(&crate::Sources::builtin()).unwrap().entities[..40].to_vec()).clone();
        for &(e, name, background) in picks {
            let e = &mut entities[e % 40];
            let name = crate::model::SharedStr::from(pool[name % pool.len()].as_str());
            if background {
                e.background_aliases.push(name);
            } else {
                e.aliases.push(name);
            }
        }
        entities
    }

    /// The run-time name map holds what the hash map of `String` keys holds, on the essay.
    #[test]
    fn the_name_map_holds_the_hash_maps_pairs() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let index = name_index(&data.entities, u32::MAX);
        assert!(matches!(index, NameIndex::Keys(_)));
        let absent = ["nosuchname".to_string(), String::new(), "sakhali".to_string()];
        assert_same_index(&index, &data.entities, &absent);
    }

    /// The index in two parts answers as the whole, wherever the entities are split: keys in
    /// both parts (the renamed entities share names) give their owners in order.
    fn assert_parts_answer_as_the_whole(entities: &[Entity], absent: &[String]) {
        for split in 0..=entities.len() {
            let part = |range| NameMap::of_part(entities, range, u32::MAX);
            let index = joined(part(0..split), part(split..entities.len()), entities);
            assert!(matches!(index, NameIndex::Parts(_)));
            assert_same_index(&index, entities, absent);
        }
    }

    /// The name index in parts holds what the hash map holds, on the essay split anywhere.
    #[test]
    fn the_name_index_in_parts_holds_the_hash_maps_pairs() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let absent = ["nosuchname".to_string(), String::new(), "sakhali".to_string()];
        assert_parts_answer_as_the_whole(&data.entities, &absent);
    }

    /// A dataset large enough for [`KnowledgeGraph::new`] to build on two threads gets its name
    /// index in parts, which answers as the hash map: the essay's entities repeated, so that
    /// every key has owners in both parts.
    #[test]
    fn a_large_graph_builds_its_name_index_in_parts_that_answer_as_the_whole() {
        let mut data = crate::load(&crate::Sources::builtin()).unwrap();
        let essay = data.entities.clone();
        while data.entities.len() + data.relations.len() < PARALLEL_ITEMS {
            data.entities.extend(essay.iter().cloned());
        }
        let entities = data.entities.clone();
        let kg = KnowledgeGraph::new(data);
        assert!(matches!(kg.name_index(), NameIndex::Parts(_)));
        let (split, sakhalin) = (entities.len() / NAMES_BESIDE_EDGES, kg.name_index().get("sakhalin").unwrap());
        let owners = sakhalin.as_slice();
        assert!(owners[0] < split && owners[owners.len() - 1] >= split, "{owners:?} split at {split}");
        assert_same_index(kg.name_index(), &entities, &["nosuchname".to_string()]);
    }

    /// [`NameMap::of_part`] guesses its keys' bytes from the ids and labels: where the aliases
    /// are far longer than the guess (and past [`ENTITY_BATCH`] entities, whose alias lists are
    /// read ahead batch by batch), the keys' buffer grows and the map still holds the hash map's
    /// pairs, whole and in parts.
    #[test]
    fn the_name_map_holds_long_aliases_past_its_guess() {
        let pool: Vec<String> = (0..12).map(|i| format!("{} the Long Name {i}", "Very ".repeat(40 + i))).collect();
        let picks: Vec<(usize, usize, bool)> = (0..90).map(|k| (k * 7, k, k % 3 == 0)).collect();
        let entities = renamed(&pool, &picks);
        let guess: usize = entities.iter().map(|e| names_and_key_bytes_guess(e).1).sum();
        let keys: usize = names(&entities).keys().map(String::len).sum();
        assert!(keys > guess, "the keys ({keys} bytes) outgrow the guess ({guess})");
        assert!(entities.len() > 2 * ENTITY_BATCH);
        let absent = ["nosuchname".to_string(), name_key(&pool[0][1..])];
        assert_same_index(&name_index(&entities, u32::MAX), &entities, &absent);
        assert_parts_answer_as_the_whole(&entities, &absent);
    }

    /// Where the entities or the distinct keys' bytes reach the limit, the map is
    /// refused and the hash map of `String` keys answers instead, the same.
    #[test]
    fn the_name_map_is_refused_past_its_limit() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let n = data.entities.len();
        let bytes: usize = data.entities.iter().flat_map(lookup_names).map(|name| name_key(name).len()).sum();
        assert!(NameMap::new(&data.entities, u32::MAX).is_some());
        // Entities: refused at as many as the limit, taken below.
        assert!(NameMap::new(&data.entities, n as u32).is_none());
        // Key bytes: the distinct keys are fewer than every key's bytes, but more than a tenth.
        assert!(NameMap::new(&data.entities, (n + 1).max(bytes / 10) as u32).is_none());
        let index = name_index(&data.entities, n as u32);
        assert!(matches!(index, NameIndex::Map(_)));
        assert_same_index(&index, &data.entities, &[]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Names given to several entities, repeated, differing only in case, accents, spacing,
        /// punctuation or a leading "the", or keying to nothing: the map answers as the hash map.
        #[test]
        fn the_name_map_answers_as_the_hash_map(
            pool in proptest::collection::vec("(the )?[aAbé -]{0,4}", 1..12),
            picks in proptest::collection::vec((0usize..40, 0usize..12, proptest::bool::ANY), 0..60),
        ) {
            let entities = renamed(&pool, &picks);
            let index = name_index(&entities, u32::MAX);
            proptest::prop_assert!(matches!(index, NameIndex::Keys(_)));
            let absent: Vec<String> = pool.iter().map(|p| name_key(p) + "z").collect();
            assert_same_index(&index, &entities, &absent);
            assert_parts_answer_as_the_whole(&entities, &absent);
        }
        /// The same with whole graphs: names shared, repeated and keying to nothing resolve on a
        /// graph whose index is made on first use as on one made with it (ambiguity included).
        #[test]
        fn names_made_on_first_use_resolve_as_made_with_the_graph(
            pool in proptest::collection::vec("(the )?[aAbé -]{0,4}", 1..12),
            picks in proptest::collection::vec((0usize..40, 0usize..12, proptest::bool::ANY), 0..60),
        ) {
            let mut data = crate::load(&crate::Sources::builtin()).unwrap();
            data.entities = renamed(&pool, &picks);
            let made = KnowledgeGraph::new(data.clone());
            let lazy = KnowledgeGraph::with_names_on_first_use(data);
            proptest::prop_assert!(lazy.names.get().is_none());
            let extra: Vec<String> = pool.iter().flat_map(|p| [p.clone(), p.clone() + "z"]).collect();
            proptest::prop_assert_eq!(resolved(&lazy, &extra), resolved(&made, &extra));
            proptest::prop_assert_eq!(pairs(&lazy), pairs(&made));
        }
    }

    /// What every name of `kg`'s entities and each of `extra` resolve to: the entity's id, or
    /// the error (with its candidates or suggestions).
    fn resolved(kg: &KnowledgeGraph, extra: &[String]) -> Vec<Result<String, crate::LookupError>> {
        let names: Vec<String> = kg.entities().iter().flat_map(lookup_names).map(str::to_string).collect();
        names.iter().chain(extra).map(|n| kg.resolve(n).map(|e| e.id.to_string())).collect()
    }

    /// A graph made without its name index ([`KnowledgeGraph::with_names_on_first_use`]) holds
    /// none until a name is looked up; no export makes it (a test that fails when an export
    /// starts looking names up, and so holds the index again); its first lookup makes the index
    /// the graph made with it holds, and every name, variant and unknown name resolves as there.
    #[test]
    fn names_made_on_first_use_answer_as_names_made_with_the_graph() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let made = KnowledgeGraph::new(data.clone());
        let lazy = KnowledgeGraph::with_names_on_first_use(data);
        assert!(made.names.get().is_some() && lazy.names.get().is_none());
        assert!(!lazy.is_builtin(), "never taken for the built-in graph (its stored stream)");
        assert_eq!(edge_table(&lazy), edge_table(&made));
        for &format in crate::Format::ALL {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            crate::export(&lazy, format, &Default::default(), &mut a).unwrap();
            crate::export(&made, format, &Default::default(), &mut b).unwrap();
            assert!(a == b, "{format:?} differs");
            assert!(lazy.names.get().is_none(), "the {format:?} export made the name index");
        }
        let extra: Vec<String> = ["Rosevelt", "Sakhalin Island", "Treaty of Saint Petersburg", "", "the", "nosuchname"]
            .map(String::from)
            .to_vec();
        assert_eq!(resolved(&lazy, &extra), resolved(&made, &extra));
        assert!(matches!(lazy.names.get(), Some(NameIndex::Keys(_))));
        assert_eq!(pairs(&lazy), pairs(&made));
    }

    /// Every edge (its ends and relation, in order) and every entity's qualifying relations.
    #[allow(clippy::type_complexity)]
    fn edge_table(kg: &KnowledgeGraph) -> (Vec<(usize, usize, usize)>, Vec<Vec<usize>>) {
        let edges = kg.graph.raw_edges().iter().map(|e| (e.source().index(), e.target().index(), e.weight)).collect();
        (edges, kg.qualifying.clone())
    }

    /// The edges as they were built before round 21: every reference looked up one at a time in
    /// a hash map of the ids (the reference for [`IdIndex`] and [`EndsByBatch`]).
    fn edges_by_hash_map(data: &Dataset) -> Edges {
        let index: foldhash::HashMap<&str, usize> =
            data.entities.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
        let ends = data.relations.iter().map(|r| {
            let (s, o) = (index.get(r.subject.as_str())?, index.get(r.object.as_str())?);
            let mut qualifiers = r.qualifiers.entity_refs().map(|id| index.get(id).copied());
            let qualifiers = [qualifiers.next().flatten(), qualifiers.next().flatten()];
            Some((*s, *o, qualifiers))
        });
        edges_from(data.entities.len(), ends).unwrap_or_default()
    }

    #[allow(clippy::type_complexity)]
    fn edges_table((graph, qualifying): Edges) -> (Vec<(usize, usize, usize)>, Vec<Vec<usize>>) {
        (graph.raw_edges().iter().map(|e| (e.source().index(), e.target().index(), e.weight)).collect(), qualifying)
    }

    /// The edges looked up in batches are the edges looked up one at a time: on the essay, and
    /// with ends and qualifiers that name no entity, an id declared twice (the last entity's, as
    /// the hash map held it), qualifiers given or taken away, and relation counts around the
    /// batch's (the relations cut at every length from 0 to three batches and a bit, and all).
    #[test]
    fn the_edges_looked_up_in_batches_are_the_edges_looked_up_one_at_a_time() {
        let essay = crate::load(&crate::Sources::builtin()).unwrap();
        let mut data = essay.clone();
        assert!(data.relations.len() > ID_BATCH && data.entities.len() > ID_BATCH, "several batches of each");
        let known = |i: usize| essay.entities[i % essay.entities.len()].id.clone();
        for (i, r) in data.relations.iter_mut().enumerate() {
            match i % 7 {
                0 => r.subject = crate::model::Id::from("nosuchentity"),
                1 => r.object = crate::model::Id::from(""),
                2 => r.qualifiers.under = Some(crate::model::Id::from("nosuchtreaty")),
                3 => r.qualifiers.place = Some(known(i)),
                4 => (r.qualifiers.under, r.qualifiers.place) = (Some(known(i + 1)), Some(known(i))),
                _ => {}
            }
        }
        let mut twice = data.entities[5].clone();
        twice.label = "declared again".into();
        data.entities.push(twice);
        for data in [&essay, &data] {
            let batched = edges_table(edges(data));
            assert_eq!(batched, edges_table(edges_by_hash_map(data)));
            assert!(batched.0.len() > data.relations.len() / 2 && batched.1.iter().any(|q| !q.is_empty()));
        }
        let last = data.entities.len() - 1;
        assert!(edges_table(edges(&data)).0.iter().any(|&(s, o, _)| s == last || o == last));
        let all = data.relations.clone();
        for n in (0..=3 * ID_BATCH / 4 + 3).chain([all.len()]) {
            data.relations = all[..n].to_vec();
            assert_eq!(edges_table(edges(&data)), edges_table(edges_by_hash_map(&data)), "{n} relations");
        }
    }

    /// The edges found by address are the edges looked up by id: on the loaded essay (whose
    /// references share their entity's id, so that the address way is taken: a test that fails
    /// if the loader stops sharing them), with its relations cut at every length around the
    /// batches' and in reverse (the subjects then out of order); and the address way gives way
    /// (nothing kept: the look-up by id answers) to a reference made apart from its entity, a
    /// qualifier or an end naming no entity, an id declared twice (beside itself or at the end)
    /// and entities out of order.
    #[test]
    fn the_edges_found_by_address_are_the_edges_looked_up_by_id() {
        let essay = crate::load(&crate::Sources::builtin()).unwrap();
        assert!(essay.relations.len() > ID_BATCH && essay.entities.len() > SUBJECTS_AHEAD);
        let same = |data: &Dataset| {
            let got = edges_table(edges(data));
            assert_eq!(got, edges_table(edges_by_hash_map(data)));
            got
        };
        let got = same(&essay);
        assert_eq!(got.0.len(), essay.relations.len());
        assert!(got.1.iter().any(|q| !q.is_empty()), "some entity qualifies a relation");
        assert!(edges_by_address(&essay).is_some(), "the loaded essay's ends are found by address");
        let mut data = essay.clone();
        for n in (0..=3 * ID_BATCH / 4 + 3).chain([essay.relations.len()]) {
            data.relations = essay.relations[..n].to_vec();
            assert!(edges_by_address(&data).is_some(), "{n} relations");
            same(&data);
            data.relations.reverse();
            assert!(edges_by_address(&data).is_some(), "{n} relations reversed");
            same(&data);
        }
        let apart = |id: &crate::model::Id| crate::model::Id::from(id.as_str().to_string());
        let nth = |i: usize| essay.entities[i % essay.entities.len()].id.clone();
        #[allow(clippy::type_complexity)]
        let changes: Vec<(&str, Box<dyn Fn(&mut Dataset, usize) + '_>)> = vec![
            ("a subject made apart", Box::new(|d, at| d.relations[at].subject = apart(&d.relations[at].subject))),
            ("an object made apart", Box::new(|d, at| d.relations[at].object = apart(&d.relations[at].object))),
            ("an under made apart", Box::new(|d, at| d.relations[at].qualifiers.under = Some(apart(&nth(at))))),
            ("a place made apart", Box::new(|d, at| d.relations[at].qualifiers.place = Some(apart(&nth(at))))),
            ("an unknown object", Box::new(|d, at| d.relations[at].object = "nosuchentity".into())),
            ("an unknown place", Box::new(|d, at| d.relations[at].qualifiers.place = Some("nosuchplace".into()))),
            (
                "an id twice, beside itself",
                Box::new(|d, at| {
                    let at = at % d.entities.len();
                    d.entities.insert(at, d.entities[at].clone())
                }),
            ),
            ("an id twice, apart", Box::new(|d, at| d.entities.push(d.entities[at % d.entities.len()].clone()))),
            (
                "entities out of order",
                Box::new(|d, at| {
                    let at = at % (d.entities.len() - 1);
                    d.entities.swap(at, at + 1)
                }),
            ),
        ];
        for (what, change) in &changes {
            for at in [0, ID_BATCH / 4 - 1, ID_BATCH / 4, essay.relations.len() - 1] {
                let mut data = essay.clone();
                change(&mut data, at);
                assert!(edges_by_address(&data).is_none(), "{what} at {at}");
                same(&data);
            }
        }
        // Shared with an entity whose id is later also a reference's: found, and the same.
        let mut data = essay.clone();
        data.relations[3].qualifiers.place = Some(nth(7));
        data.relations[4].qualifiers.under = Some(nth(8));
        assert!(edges_by_address(&data).is_some());
        same(&data);
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

    /// From [`EDGE_TOUCH_FROM`] entities, where the ends' nodes are read ahead in batches, the
    /// graph is the one added a relation at a time (the reference, kept here): ends at random
    /// with unknown ones and qualifiers (some twice), relation counts around the batch's; and an
    /// index past the entities anywhere in a batch gives no graph.
    #[test]
    fn the_edges_whose_nodes_are_read_ahead_are_the_edges_added_one_at_a_time() {
        let n = EDGE_TOUCH_FROM + 3;
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize % below
        };
        let all: Vec<Option<RelationEnds>> = (0..3 * EDGE_BATCH + 5)
            .map(|_| match next(8) {
                0 => None,
                1 => {
                    let q = next(n);
                    Some((next(n), next(n), [Some(q), Some(q)]))
                }
                2 => Some((next(n), next(n), [Some(next(n)), None])),
                _ => Some((next(n), next(n), [None, None])),
            })
            .collect();
        let reference = |ends: &[Option<RelationEnds>]| {
            let mut graph = DiGraph::with_capacity(n, ends.len());
            (0..n).for_each(|i| _ = graph.add_node(i));
            let mut qualifying = vec![Vec::new(); n];
            for (i, &(subject, object, qualifiers)) in
                ends.iter().enumerate().filter_map(|(i, e)| Some((i, e.as_ref()?)))
            {
                graph.add_edge(NodeIndex::new(subject), NodeIndex::new(object), i);
                for e in qualifiers.into_iter().flatten() {
                    if !qualifying[e].contains(&i) {
                        qualifying[e].push(i);
                    }
                }
            }
            edges_table((graph, qualifying))
        };
        for len in (0..=2 * EDGE_BATCH + 1).chain([all.len()]) {
            let ends = &all[..len];
            let got = edges_from(n, ends.iter().copied()).map(edges_table);
            assert_eq!(got, Some(reference(ends)), "{len} relations");
        }
        for at in [0, EDGE_BATCH - 1, EDGE_BATCH, all.len() - 1] {
            for bad in [(n, 0, [None, None]), (0, n, [None, None]), (0, 1, [None, Some(n)])] {
                let mut ends = all.clone();
                ends[at] = Some(bad);
                assert!(edges_from(n, ends.into_iter()).is_none(), "{bad:?} at {at}");
            }
        }
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
