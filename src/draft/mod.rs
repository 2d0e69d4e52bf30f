//! `kg draft`: a first annotation of any essay, from its text alone.
//!
//! The pipeline: [`sentences`] (words and sentences in character offsets) → [`candidates`] (the
//! names: capitalised runs, acronyms, titled names, demonyms) typed by [`typing`] (gazetteer, head
//! words, titles, shape, context) → [`aliases`] (which names are one entity, each merge explained
//! in a note) → [`relations`] (cue phrases between names, and [`numbers`] for the entities they count, with the clause as a verbatim quote made
//! unique by [`quotes`]) → [`assemble`] and [`write`](mod@write) (the five files of the annotation format, with a coverage
//! file that lists what the draft leaves for a human). [`score`](mod@score) compares a draft with a curated
//! annotation. The knowledge it uses is general and lives in data files ([`lexicon`]).
//!
//! ```
//! let essay = "A Tiny Essay\n\nIn 1875 Japan and Russia signed the Treaty of St. Petersburg. \
//!              Sakhalin went to Russia under the Treaty of St. Petersburg.\n";
//! let draft = kg::draft(essay).unwrap();
//! assert!(draft.files.entities.contains("label = \"Treaty of St. Petersburg\""));
//! assert!(draft.files.relations.contains("relation = \"transferred_to\""));
//! // The draft is a valid annotation: it loads.
//! kg::load(&draft.sources()).unwrap();
//! ```

mod aliases;
mod anaphora;
mod assemble;
mod candidates;
mod clauses;
mod context;
mod described;
mod descriptions;
mod groups;
mod lexicon;
mod numbers;
mod quotes;
mod relations;
mod score;
mod sentences;
mod typing;
mod verb_events;
mod write;

pub use assemble::{draft, Draft, DraftError, DraftFiles};
pub use score::{score, AliasScore, DraftScore, EntityScore, RelationScore};

/// What the drafter's unit tests share: a one-paragraph essay drafted and loaded back.
#[cfg(test)]
mod test_support {
    /// The draft's entities file and its relations as sorted `subject relation object` lines, for
    /// a one-paragraph essay under a title.
    pub(crate) fn drafted_with_entities(text: &str) -> (String, String) {
        let draft = crate::draft::draft(&format!("A Title\n\n{text}\n")).unwrap();
        let data = crate::load(&draft.sources()).unwrap();
        let mut lines: Vec<String> =
            data.relations.iter().map(|r| format!("{} {} {}", r.subject, r.kind.name(), r.object)).collect();
        lines.sort();
        (draft.files.entities, lines.join("\n"))
    }

    /// The relations alone, as [`drafted_with_entities`] gives them.
    pub(crate) fn drafted(text: &str) -> String {
        drafted_with_entities(text).1
    }

    /// Drafts each case's one-paragraph essay and checks that every wanted relation line is
    /// among its relations and the unwanted one (when not empty) is not.
    pub(crate) fn check_cases(cases: &[(&str, &[&str], &str)]) {
        for (essay, wanted, unwanted) in cases {
            let got = drafted(essay);
            for w in *wanted {
                assert!(got.lines().any(|l| l == *w), "{essay}\nwanted {w}, got:\n{got}");
            }
            assert!(
                unwanted.is_empty() || !got.lines().any(|l| l == *unwanted),
                "{essay}\nunwanted {unwanted}, got:\n{got}"
            );
        }
    }
}
