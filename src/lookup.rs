//! Finding an entity by any of its names, ignoring case, accents and punctuation; then, when no
//! name matches exactly, by the variants people type (`loose_key`: "Saint"/"St.", a leading
//! article, plural or singular, a trailing "Island"); "did you mean" suggestions for unknown
//! names and the candidates of ambiguous ones. Two entities never merge: a variant that fits
//! several entities is ambiguous, never a guess.

use crate::graph::{KnowledgeGraph, Owners};
use crate::model::Entity;
use crate::names::{loose_key, name_key, word_keys};

/// Why a name did not resolve to exactly one entity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// No entity has this name.
    #[error("no entity is named \"{name}\"{}", suggest(.suggestions))]
    Unknown {
        /// The name asked for.
        name: String,
        /// `(id, label)` of the entities with the closest names, best first.
        suggestions: Vec<(String, String)>,
    },
    /// Several entities have this name.
    #[error("\"{name}\" is ambiguous; it names {}", list(.candidates))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// `(id, label)` of every entity with this name.
        candidates: Vec<(String, String)>,
    },
}

fn list(items: &[(String, String)]) -> String {
    items.iter().map(|(id, label)| format!("{label} ({id})")).collect::<Vec<_>>().join(", ")
}

fn suggest(items: &[(String, String)]) -> String {
    if items.is_empty() {
        "; try `kg entities` for the list".to_string()
    } else {
        format!("; did you mean {}?", list(items))
    }
}

impl KnowledgeGraph {
    /// The entity with this name, id, label or alias (the essay's own or a background alias), or
    /// with a name of which this is a variant people type.
    ///
    /// # Example
    /// ```
    /// use kg::{KnowledgeGraph, LookupError};
    /// let kg = KnowledgeGraph::builtin().unwrap();
    /// assert_eq!(kg.resolve("Soviet Union").unwrap().id, kg.resolve("ussr").unwrap().id);
    /// match kg.resolve("Rosevelt") {
    ///     Err(LookupError::Unknown { suggestions, .. }) => assert!(suggestions.len() >= 2),
    ///     other => panic!("expected suggestions, got {other:?}"),
    /// }
    /// assert_eq!(kg.resolve("Sakhalin Island").unwrap().id, "sakhalin");
    /// assert_eq!(kg.resolve("Treaty of Saint Petersburg").unwrap().id, "treaty_of_st_petersburg");
    /// ```
    pub fn resolve(&self, name: &str) -> Result<&Entity, LookupError> {
        let key = name_key(name);
        let pair = |i: &usize| {
            let e = &self.entities()[*i];
            (e.id.to_string(), e.label.to_string())
        };
        let owners = self.name_index().get(&key);
        match owners.as_ref().map(Owners::as_slice) {
            Some([one]) => Ok(&self.entities()[*one]),
            Some(many) if !many.is_empty() => {
                Err(LookupError::Ambiguous { name: name.to_string(), candidates: many.iter().map(pair).collect() })
            }
            _ => match self.loose_matches(name).as_slice() {
                [one] => Ok(&self.entities()[*one]),
                [] => Err(LookupError::Unknown { name: name.to_string(), suggestions: self.suggestions(name, &key) }),
                many => {
                    Err(LookupError::Ambiguous { name: name.to_string(), candidates: many.iter().map(pair).collect() })
                }
            },
        }
    }

    /// The entities with a name whose [`loose_key`] is the query's, sorted, without repeats.
    ///
    /// # Complexity
    /// O(N·k) for N names of at most k characters: names are keyed per query, which costs less
    /// than a millisecond for the essay and is only paid when the exact lookup failed.
    fn loose_matches(&self, query: &str) -> Vec<usize> {
        let key = loose_key(query);
        if key.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<usize> = self
            .entities()
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.names()
                    .chain(e.background_aliases.iter().map(crate::SharedStr::as_str))
                    .chain(e.shared_aliases.iter().map(crate::SharedStr::as_str))
                    .any(|n| loose_key(n) == key)
            })
            .map(|(i, _)| i)
            .collect();
        found.dedup();
        found
    }

    /// Up to five entities whose names are closest to the query, best first.
    ///
    /// # Complexity
    /// O(N·k²) for N names of at most k characters.
    fn suggestions(&self, query: &str, key: &str) -> Vec<(String, String)> {
        if key.is_empty() {
            return Vec::new();
        }
        let similarity = |candidate: &str| {
            let score = strsim::normalized_damerau_levenshtein(key, candidate);
            if key.len() >= 3 && candidate.contains(key) {
                score.max(0.8)
            } else {
                score
            }
        };
        let mut best: Vec<f64> = vec![0.0; self.entities().len()];
        self.name_index().for_each(|candidate, owners| {
            let score = similarity(candidate);
            for &i in owners {
                best[i] = best[i].max(score);
            }
        });
        let query_words: Vec<String> = word_keys(query).collect();
        for (i, e) in self.entities().iter().enumerate() {
            let words: Vec<String> = e
                .names()
                .chain(e.shared_aliases.iter().chain(&e.background_aliases).map(crate::SharedStr::as_str))
                .flat_map(word_keys)
                .collect();
            for word in &words {
                best[i] = best[i].max(similarity(word));
            }
            // Every word of the query is a word of one of its names: "petersburg treaty".
            if !query_words.is_empty() && query_words.iter().all(|q| words.contains(q)) {
                best[i] = best[i].max(0.85);
            }
        }
        let mut ranked: Vec<(f64, usize)> =
            best.into_iter().enumerate().filter(|(_, s)| *s >= 0.7).map(|(i, s)| (s, i)).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .take(5)
            .map(|(_, i)| {
                let e = &self.entities()[i];
                (e.id.to_string(), e.label.to_string())
            })
            .collect()
    }
}
