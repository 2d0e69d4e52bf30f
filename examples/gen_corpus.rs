//! A benchmark helper, not a user command: writes a synthetic annotated essay in the project's own
//! format (`essay.txt`, `entities.toml`, `relations.toml`, `background.toml`, `coverage.toml`)
//! with a given number of relations, for `kg --data DIR` and `scripts/bench`.
//!
//! ```text
//! cargo run --release --example gen_corpus -- RELATIONS OUT_DIR
//! ```
//!
//! The corpus is the built-in essay's annotations copied as many times as needed, so it has the
//! essay's mix of entity types, relation kinds, qualifiers, dates, numbers, aliases and background
//! facts. Copy `k` names every entity `"{label} {k}"` (ids `{id}__c{k}`), and its text holds each
//! distinct quote of the essay once, followed by a marker word in brackets that makes it occur exactly once
//! in the whole corpus, plus one sentence per entity that uses its label and aliases. Each copy
//! after the first is linked to the one before by a copy of the essay's first stated relation,
//! so the graph is connected. The last copy is cut so that there are exactly RELATIONS relations.
//! Everything goes through the real loader when read, quotes searched and names matched.

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../tests/common/corpus.rs"]
mod corpus;
use corpus::generate;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(Ok(relations)), Some(out)) = (args.first().map(|n| n.replace('_', "").parse::<usize>()), args.get(1))
    else {
        eprintln!("usage: gen_corpus RELATIONS OUT_DIR");
        return ExitCode::from(2);
    };
    let essay = match kg::load_builtin() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("gen_corpus: the built-in essay does not load: {e}");
            return ExitCode::from(1);
        }
    };
    let corpus = generate(&essay, relations);
    let dir = PathBuf::from(out);
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        for (name, text) in [
            ("essay.txt", &corpus.essay),
            ("entities.toml", &corpus.entities),
            ("relations.toml", &corpus.relations),
            ("background.toml", &corpus.background),
            ("coverage.toml", &String::new()),
        ] {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    });
    if let Err(e) = written {
        eprintln!("gen_corpus: cannot write {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
