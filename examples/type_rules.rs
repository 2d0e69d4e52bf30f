//! Measures `kg draft`'s typing rules on the development fixtures: for each rule
//! (`Draft::type_rules`, src/draft/typing.rs), how many draft entities that find a gold entity it
//! typed, how many of them right (the gold's type), and the gold types of its wrong ones. The
//! held-out fixtures (tests/fixtures/draft/README.md) are never drafted here.
//!
//! Run with `cargo run --release --example type_rules` (`-- --wrong` also lists each wrong entity
//! as `fixture: label (rule: draft type -> gold type)`, `-- --all` the right ones too).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The held-out fixtures: never drafted by this measure.
const HELD_OUT: &[&str] =
    &["ethiopia_italy", "poland_lithuania", "chile_argentina", "greece_turkey", "britain_argentina", "china_india"];

#[derive(Default)]
struct Tally {
    typed: usize,
    right: usize,
    /// Gold type of each wrong entity, with how often.
    wrong: BTreeMap<String, usize>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match run() {
        // `| head` closes the pipe early: stop quietly, as a filter should.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            Ok(())
        }
        other => other,
    }
}

/// Drafts the development fixtures and prints the table; an error writing stdout is returned.
fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    let list_wrong = std::env::args().any(|a| a == "--wrong" || a == "--all");
    let list_right = std::env::args().any(|a| a == "--all");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft");
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("essay.txt").is_file() && p.join("entities.toml").is_file())
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !HELD_OUT.contains(&n.as_str()))
        .collect();
    names.sort();
    let mut tally: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let (mut found, mut right) = (0, 0);
    for name in &names {
        let fixture = dir.join(name);
        let essay = std::fs::read_to_string(fixture.join("essay.txt"))?;
        let draft = kg::draft(&essay)?;
        let gold = kg::load_dir(&fixture)?;
        let drafted = kg::load(&draft.sources())?;
        let score = kg::score_draft(&gold, &drafted);
        let rule_of: BTreeMap<&str, &'static str> = draft.type_rules.iter().map(|(l, r)| (l.as_str(), *r)).collect();
        for e in &drafted.entities {
            let label = e.label.to_string();
            if score.entities.spurious.contains(&label) {
                continue;
            }
            let rule = rule_of.get(label.as_str()).copied().unwrap_or("(unrecorded)");
            let t = tally.entry(rule).or_default();
            t.typed += 1;
            found += 1;
            match score.entities.mistyped.iter().find(|(l, _, _)| *l == label) {
                Some((_, draft_type, gold_type)) => {
                    *t.wrong.entry(gold_type.clone()).or_default() += 1;
                    if list_wrong {
                        writeln!(out, "{name}: {label} ({rule}: {draft_type} -> {gold_type})")?;
                    }
                }
                None => {
                    if list_right {
                        writeln!(out, "{name}: {label} ({rule}: {} right)", e.entity_type.name())?;
                    }
                    t.right += 1;
                    right += 1;
                }
            }
        }
    }
    writeln!(out, "{} development fixtures; {right} of {found} found entities typed right", names.len())?;
    writeln!(out, "{:<40} {:>6} {:>6} {:>6}  wrong ones' gold types", "rule", "typed", "right", "%")?;
    let mut rows: Vec<(&&str, &Tally)> = tally.iter().collect();
    rows.sort_by_key(|(r, t)| (std::cmp::Reverse(t.typed - t.right), **r));
    for (rule, t) in rows {
        let wrong: Vec<String> = t.wrong.iter().map(|(g, n)| format!("{g} {n}")).collect();
        let percent = 100.0 * t.right as f64 / t.typed as f64;
        writeln!(out, "{rule:<40} {:>6} {:>6} {percent:>6.1}  {}", t.typed, t.right, wrong.join(", "))?;
    }
    Ok(())
}
