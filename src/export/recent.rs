//! The writers' one cache of recently met IRIs: a direct-mapped table (each IRI has one slot,
//! `text::tail_slot` of it) holding the last IRI met in each slot and what the writer made of
//! it (Turtle's written name and prefix, JSON-LD's compacted IRI as a JSON string, RDF/XML's
//! element name, or nothing when only "already met" matters). Most IRIs of an export (classes,
//! predicates, entities, datatypes) come back many times, and comparing an IRI with the one held
//! is cheaper than matching it against every prefix and escaping it again.
//!
//! A lookup either finds the IRI held, or gives a [`Miss`] with which the caller stores the IRI
//! and fills its value in place (keeping the slot's allocations). The empty IRI, which an unused
//! slot holds, is never found.

use crate::text::tail_hash;
#[cfg(test)]
use crate::text::tail_slot;

/// The room a slot's key is first given: the essay's IRIs are 122 bytes at the median, 165 at
/// most.
const KEY_ROOM: usize = 192;

/// `1 << bits` slots, each the last key stored in it and its value.
pub(crate) struct Recent<V> {
    slots: Box<[(String, V)]>,
    /// `63 - bits`: a key's slot is its `tail_hash` shifted right by one and then by this, its
    /// top `bits` (`text::tail_slot`) without a test for `bits == 0`.
    shift: u32,
}

/// A key not held: where [`Recent::hold`] stores it.
#[must_use]
pub(crate) struct Miss {
    slot: usize,
}

impl<V: Default> Recent<V> {
    /// An empty cache of `1 << bits` slots (the tests use few, so that keys share slots).
    ///
    /// # Panics
    /// When `bits` is more than 20 (a million slots), far beyond what a writer needs.
    pub(crate) fn new(bits: u32) -> Self {
        assert!(bits <= 20, "a cache of 2^{bits} slots");
        Recent { slots: std::iter::repeat_with(Default::default).take(1 << bits).collect(), shift: 63 - bits }
    }

    /// `key`'s slot: `text::tail_slot(key, bits)`.
    #[inline]
    fn slot(&self, key: &str) -> usize {
        ((tail_hash(key) >> 1) >> self.shift) as usize
    }

    /// The value stored with `key` when `key` is the last key stored in its slot (and not
    /// empty), else where to store it.
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Result<&V, Miss> {
        let slot = self.slot(key);
        let (held, value) = &self.slots[slot];
        if held == key && !key.is_empty() {
            Ok(value)
        } else {
            Err(Miss { slot })
        }
    }

    /// Stores `key` in the slot `miss` (from [`Self::get`] of this key) gives, and returns the
    /// value stored with the key it replaces, for the caller to overwrite (its allocations
    /// kept).
    pub(crate) fn hold(&mut self, miss: Miss, key: &str) -> &mut V {
        debug_assert_eq!(miss.slot, self.slot(key), "a miss of another key");
        let (held, value) = &mut self.slots[miss.slot];
        held.clear();
        // A slot's first key is given room for most IRIs, so that a longer one later does not
        // reallocate it (the slots took 1,758 allocations and reallocations in the essay's
        // Turtle export, with the written names').
        held.reserve(key.len().max(KEY_ROOM));
        held.push_str(key);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the cache is asked to remember of a key, made so that another key's value differs.
    fn made(key: &str) -> String {
        format!("<{key}>")
    }

    proptest! {
        /// Through a cache of 1, 2, 4 or 512 slots, a key is found exactly when it is the last
        /// key stored in its slot (and not empty), and then with the value stored with it: a
        /// cache that found another key's value, kept a stale one after its slot was taken, or
        /// found the empty key of an unused slot, fails it.
        #[test]
        fn a_key_is_found_with_its_value_exactly_when_last_stored_in_its_slot(
            bits in prop_oneof![Just(0u32), Just(1), Just(2), Just(9)],
            keys in proptest::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    "[a-c]{1,3}",
                    "http://example\\.org/[a-z#/]{0,12}",
                    ".{0,20}",
                ],
                1..60,
            ),
            repeats in proptest::collection::vec(0usize..60, 0..60),
        ) {
            let mut cache: Recent<String> = Recent::new(bits);
            // The reference: per slot, the last key stored.
            let mut last: Vec<Option<String>> = vec![None; 1 << bits];
            let order = keys.iter().chain(repeats.iter().map(|&i| &keys[i % keys.len()]));
            for key in order {
                let slot = tail_slot(key, bits);
                let expected_hit = !key.is_empty() && last[slot].as_deref() == Some(key.as_str());
                match cache.get(key) {
                    Ok(value) => {
                        prop_assert!(expected_hit, "{key:?} found, not the last stored in its slot");
                        prop_assert_eq!(value, &made(key));
                    }
                    Err(miss) => {
                        prop_assert!(!expected_hit, "{key:?} not found, the last stored in its slot");
                        prop_assert_eq!(miss.slot, slot);
                        let value = cache.hold(miss, key);
                        value.clear();
                        value.push_str(&made(key));
                        last[slot] = Some(key.clone());
                    }
                }
            }
        }
    }

    /// An unused slot (holding the empty key and a default value) finds nothing, not even the
    /// empty key.
    #[test]
    fn the_empty_key_is_never_found() {
        let mut cache: Recent<u32> = Recent::new(0);
        assert!(cache.get("").is_err());
        let miss = cache.get("").expect_err("a miss");
        *cache.hold(miss, "") = 7;
        assert!(cache.get("").is_err(), "the empty key stored, and still not found");
        let miss = cache.get("a").expect_err("a miss");
        *cache.hold(miss, "a") = 8;
        assert_eq!(cache.get("a").ok(), Some(&8));
    }
}
