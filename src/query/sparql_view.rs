//! The index of `sparql_index.rs` as spareval (Oxigraph's SPARQL evaluator) reads it: a
//! `QueryableDataset` over its term numbers, one view per query. Apart from the index so that
//! `build.rs`, which makes the built-in essay's index, compiles the index without spareval.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use oxrdf::Term;
use spareval::{InternalQuad, QueryableDataset};

use super::sparql_index::{as_held, QuadIndex, SparqlStore, DEFAULT_GRAPH};

/// A term number that no term has: a broken invariant, reported rather than a panic.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the SPARQL evaluation asked for term {0}, which the store never numbered")]
pub(crate) struct UnknownTerm(u32);

impl SparqlStore {
    /// A view for one query's evaluation: it numbers the terms the query brings that the graph
    /// does not hold (constants, computed values) apart from the shared index.
    pub(crate) fn view(&self) -> QueryView {
        QueryView { index: Arc::clone(&self.index), extra: RefCell::default() }
    }
}

/// The index seen by one query evaluation (spareval's `QueryableDataset`).
pub(crate) struct QueryView {
    index: Arc<QuadIndex>,
    extra: RefCell<Extra>,
}

/// Terms met during an evaluation that the graph does not hold, numbered after the graph's.
#[derive(Default)]
struct Extra {
    terms: Vec<Term>,
    ids: foldhash::HashMap<Term, u32>,
}

/// A term number as spareval holds it. Every copy of one counts as a step of the evaluation
/// ([`pace`]): spareval makes each row of a join or cartesian product by copying the term
/// numbers of the rows it combines, so a step is counted for every such row made (and for every
/// pattern looked up, and every term numbered or read back; not for every quad of a walk, which
/// is at most the store's quads).
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Id(pub(crate) u32);

impl Clone for Id {
    #[inline]
    fn clone(&self) -> Self {
        pace::step();
        Id(self.0)
    }
}

/// Counts the evaluation's steps on this thread and runs a task at the `n`th step: how `kg
/// sparql` starts its timeout's watchdog thread only for an evaluation that is not over within
/// its first steps (a thread costs a malloc arena and a core to start and to end).
pub(crate) mod pace {
    use super::*;

    thread_local! {
        /// Steps left before the task runs; `u32::MAX` while none is set (it then runs out only
        /// after 4 billion steps, and finds no task).
        static LEFT: Cell<u32> = const { Cell::new(u32::MAX) };
        static TASK: RefCell<Option<Box<dyn FnOnce()>>> = const { RefCell::new(None) };
    }

    /// One step of an evaluation on this thread.
    #[inline]
    pub(crate) fn step() {
        LEFT.with(|left| match left.get() {
            0 => run(),
            n => left.set(n - 1),
        });
    }

    #[cold]
    #[inline(never)]
    fn run() {
        LEFT.with(|left| left.set(u32::MAX));
        if let Some(task) = TASK.with(|t| t.borrow_mut().take()) {
            task();
        }
    }

    /// Runs `task` on this thread at the `steps`th step from now, unless [`clear`]ed first.
    pub(crate) fn set(steps: u32, task: Box<dyn FnOnce()>) {
        TASK.with(|t| *t.borrow_mut() = Some(task));
        LEFT.with(|left| left.set(steps));
    }

    /// Steps left before the task runs.
    #[cfg(test)]
    pub(crate) fn left() -> u32 {
        LEFT.with(Cell::get)
    }

    /// Clears the task [`set`] on this thread, if it has not run.
    pub(crate) fn clear() {
        TASK.with(|t| t.borrow_mut().take());
        LEFT.with(|left| left.set(u32::MAX));
    }
}

/// The quads matching a pattern, walked backwards through one list (or through all quads).
pub(crate) struct Matches {
    index: Arc<QuadIndex>,
    /// The position whose list is walked, or `None` for all quads.
    position: Option<usize>,
    /// The list's range in `index.lists[position]`, or in the quads; walked from the end.
    from: usize,
    to: usize,
    expect: [Option<u32>; 4],
}

impl Iterator for Matches {
    type Item = Result<InternalQuad<Id>, UnknownTerm>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.to > self.from {
            self.to -= 1;
            let n = match self.position {
                Some(p) => self.index.lists[p].quad(self.to),
                None => self.to,
            };
            let quad = self.index.quad(n);
            if quad.iter().zip(&self.expect).all(|(t, e)| e.is_none_or(|e| e == *t)) {
                let [subject, predicate, object, graph] = quad;
                return Some(Ok(InternalQuad {
                    subject: Id(subject),
                    predicate: Id(predicate),
                    object: Id(object),
                    graph_name: (graph != DEFAULT_GRAPH).then_some(Id(graph)),
                }));
            }
        }
        None
    }
}

impl<'a> QueryableDataset<'a> for QueryView {
    type InternalTerm = Id;
    type Error = UnknownTerm;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&Id>,
        predicate: Option<&Id>,
        object: Option<&Id>,
        graph_name: Option<Option<&Id>>,
    ) -> impl Iterator<Item = Result<InternalQuad<Id>, UnknownTerm>> + use<'a> {
        pace::step();
        // `None`: any graph, the default one included (as Oxigraph's store reads it; spareval
        // drops default-graph quads itself where only named graphs are meant).
        let graph = graph_name.map(|g| g.map_or(DEFAULT_GRAPH, |g| g.0));
        let expect = [subject.map(|t| t.0), predicate.map(|t| t.0), object.map(|t| t.0), graph];
        let index = &self.index;
        let count = |p: usize| expect[p].map_or(usize::MAX, |t| index.lists[p].count(t));
        let [cs, cp, co, cg] = [0, 1, 2, 3].map(count);
        let position = if expect[0].is_some() && cs <= cp && cs <= co && cs <= cg {
            Some(0)
        } else if expect[1].is_some() && cp <= co && cp <= cg {
            Some(1)
        } else if expect[2].is_some() && co <= cg {
            Some(2)
        } else if expect[3].is_some() {
            Some(3)
        } else {
            None
        };
        let (from, to) = match position {
            Some(p) => index.lists[p].range(expect[p].unwrap_or(DEFAULT_GRAPH)),
            None => (0, index.quad_count()),
        };
        Matches { index: Arc::clone(index), position, from, to, expect }
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<Id, UnknownTerm>> + use<'a> {
        let index = Arc::clone(&self.index);
        let graphs = (1..=index.term_count() as u32).filter(move |&g| {
            pace::step();
            index.lists[3].count(g) != 0
        });
        graphs.map(|g| Ok(Id(g)))
    }

    fn contains_internal_graph_name(&self, graph_name: &Id) -> Result<bool, UnknownTerm> {
        pace::step();
        Ok(graph_name.0 != DEFAULT_GRAPH && self.index.lists[3].count(graph_name.0) != 0)
    }

    fn internalize_term(&self, term: Term) -> Result<Id, UnknownTerm> {
        pace::step();
        let term = as_held(term);
        if let Some(id) = self.index.id(&term) {
            return Ok(Id(id));
        }
        let mut extra = self.extra.borrow_mut();
        if let Some(&id) = extra.ids.get(&term) {
            return Ok(Id(id));
        }
        extra.terms.push(term.clone());
        let id = (self.index.term_count() + extra.terms.len()) as u32;
        extra.ids.insert(term, id);
        Ok(Id(id))
    }

    fn externalize_term(&self, term: Id) -> Result<Term, UnknownTerm> {
        pace::step();
        let Id(term) = term;
        let held = self.index.term_count();
        let found = match (term as usize).checked_sub(held + 1) {
            None => self.index.term(term).map(|t| t.into_owned()),
            Some(extra) => self.extra.borrow().terms.get(extra).cloned(),
        };
        found.ok_or(UnknownTerm(term))
    }
}
