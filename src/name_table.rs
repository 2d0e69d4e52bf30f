//! The built-in essay's name index (name key -> the entities that carry the name), made when the
//! crate is built and read in place at start-up: `build.rs` keys every name with [`name_key`]
//! through [`lookup_names`], the very functions the run-time index (`graph::names`) uses, and
//! stores the sorted keys in one string beside a table of fixed-width entries, both embedded in
//! the compact form (`src/compact.rs`). A command on the built-in essay then keys no name and
//! allocates no key: a lookup is a binary search of the table. `--data DIR` builds the hash map
//! at run time, as before; `graph::tests` checks that both indices hold the same pairs.

use crate::model::{Entity, SharedStr};
use crate::names::name_key;

/// Bytes per entry: the key's start and end in the key string and the owner's entity index, each
/// a little-endian `u32`.
const ENTRY: usize = 12;

/// Every name an entity is found by: its id, label, aliases, background and shared aliases.
pub(crate) fn lookup_names(e: &Entity) -> impl Iterator<Item = &str> {
    std::iter::once(e.id.as_str())
        .chain(e.names())
        .chain(e.background_aliases.iter().map(SharedStr::as_str))
        .chain(e.shared_aliases.iter().map(SharedStr::as_str))
}

/// The table of `entities`' names: the distinct keys concatenated in sorted order, and one entry
/// per (key, owner) pair, sorted by key and then by entity index, without repeats. `None` when
/// an offset or an index passes 4 GiB.
// (Used by `build.rs` through `compact::encode`, and by the tests; the library only reads.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode(entities: &[Entity]) -> Option<(String, Vec<u8>)> {
    let mut pairs: Vec<(String, usize)> =
        entities.iter().enumerate().flat_map(|(i, e)| lookup_names(e).map(move |n| (name_key(n), i))).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let (mut keys, mut entries) = (String::new(), Vec::with_capacity(pairs.len() * ENTRY));
    let mut last: Option<(&str, u32, u32)> = None;
    for (key, owner) in &pairs {
        let (start, end) = match last {
            Some((k, start, end)) if k == key => (start, end),
            _ => {
                let start = u32::try_from(keys.len()).ok()?;
                keys.push_str(key);
                (start, u32::try_from(keys.len()).ok()?)
            }
        };
        last = Some((key, start, end));
        for n in [start, end, u32::try_from(*owner).ok()?] {
            entries.extend_from_slice(&n.to_le_bytes());
        }
    }
    Some((keys, entries))
}

/// The table as embedded in the binary, checked once ([`NameTable::new`]) so that reading it
/// cannot fail.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameTable {
    keys: &'static str,
    entries: &'static [u8],
}

impl NameTable {
    /// The table over `keys` and `entries` as [`encode`] made them, or `None` when an entry's
    /// key is not a slice of `keys`, an owner is not below `entities`, or the entries are not
    /// sorted by key.
    pub(crate) fn new(keys: &'static str, entries: &'static [u8], entities: usize) -> Option<Self> {
        if !entries.len().is_multiple_of(ENTRY) {
            return None;
        }
        let table = NameTable { keys, entries };
        let mut previous: Option<&str> = None;
        for i in 0..table.len() {
            let (start, end, owner) = table.raw(i);
            let key = keys.get(start..end)?;
            if owner >= entities || previous.is_some_and(|p| p > key) {
                return None;
            }
            previous = Some(key);
        }
        Some(table)
    }

    fn len(&self) -> usize {
        self.entries.len() / ENTRY
    }

    fn raw(&self, i: usize) -> (usize, usize, usize) {
        let at = |k: usize| {
            let b = &self.entries[i * ENTRY + 4 * k..i * ENTRY + 4 * k + 4];
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
        };
        (at(0), at(1), at(2))
    }

    /// Entry `i`: its key and owner (checked by [`NameTable::new`]).
    fn entry(&self, i: usize) -> (&'static str, usize) {
        let (start, end, owner) = self.raw(i);
        (self.keys.get(start..end).unwrap_or_default(), owner)
    }

    /// The entities that carry a name with this key, in index order.
    pub(crate) fn owners<'k>(&self, key: &'k str) -> impl Iterator<Item = usize> + 'k {
        let table = *self;
        let first = partition(table.len(), |i| table.entry(i).0 < key);
        (first..table.len()).map(move |i| table.entry(i)).take_while(move |(k, _)| *k == key).map(|(_, owner)| owner)
    }

    /// Every (key, owner) pair, sorted.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&'static str, usize)> {
        let table = *self;
        (0..table.len()).map(move |i| table.entry(i))
    }
}

/// The first of `0..n` for which `before` is false (`before` is true on a prefix).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, n);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}
