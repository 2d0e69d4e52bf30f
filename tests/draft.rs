//! `kg draft`: drafts of the essays in tests/fixtures/draft/*, each with a gold annotation written
//! by hand (see its README.md for which were written blind, as held-out sets), scored against the
//! issue's targets, and, where a fixture misses one, against its score recorded in
//! tests/fixtures/draft/scores.toml; the draft of the bundled essay, made from a copy of its text
//! alone, scored against data/.

mod common;

use std::path::Path;

use common::{kg, kg_ok, root, Scratch};

/// The issue's targets, in percent.
const ENTITY_RECALL: f64 = 85.0;
const ENTITY_PRECISION: f64 = 75.0;
const TYPE_RIGHT: f64 = 80.0;
const RELATION_RECALL: f64 = 40.0;
const RELATION_PRECISION: f64 = 70.0;

/// The held-out fixtures (tests/fixtures/draft/README.md): never tuned on, so their misses are not
/// printed.
const HELD_OUT: &[&str] =
    &["ethiopia_italy", "poland_lithuania", "chile_argentina", "greece_turkey", "britain_argentina", "china_india"];

/// Every fixture directory: a subdirectory of tests/fixtures/draft with an essay.txt and an
/// entities.toml, so that a fixture is scored the moment it is added.
fn fixtures() -> Vec<String> {
    let dir = root().join("tests/fixtures/draft");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("read tests/fixtures/draft").path())
        .filter(|p| p.join("essay.txt").is_file() && p.join("entities.toml").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The two written with the drafter, round 11's development essay written before the drafter
    // saw it, and the two of round 16, the two of round 17, the two of round 18, the two of
    // round 19, the two of round 20, the two of round 21, the two of round 22, the two of round 23
    // and the two of round 24 written blind to it (scored blind first; scores.toml's comment) are
    // always there; any others are scored as well.
    for required in [
        "anglo_spanish",
        "danish_swedish",
        "austria_prussia",
        "egypt_israel",
        "thailand_cambodia",
        "peru_ecuador",
        "iran_iraq",
        "bolivia_paraguay",
        "india_pakistan",
        "japan_korea",
        "sweden_russia",
        "russia_ottoman",
        "mexico_united_states",
        "france_germany",
        "china_japan",
        "spain_portugal",
        "britain_netherlands",
        "hungary_romania",
        "brazil_argentina",
        "finland_russia",
        "united_states_spain",
    ] {
        assert!(names.iter().any(|n| n == required), "tests/fixtures/draft/{required} is missing: {names:?}");
    }
    names
}

/// Drafts a copy of `essay` into a scratch directory with the real binary; returns the scratch
/// directory (kept alive by the caller) and the draft's path.
fn draft_of(essay: &Path, tag: &str) -> (Scratch, std::path::PathBuf) {
    let scratch = Scratch::new(tag);
    // The drafter sees only a copy of the essay's text, nowhere near any annotation.
    let copy = scratch.join("essay-input.txt");
    std::fs::copy(essay, &copy).expect("copy essay");
    let dir = scratch.join("draft");
    let out = kg(&["draft", copy.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // What was written is a status line on standard error; standard output stays empty.
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("drafted"));
    (scratch, dir)
}

fn score(gold: &Path, draft: &Path) -> kg::DraftScore {
    let gold = kg::load_dir(gold).unwrap_or_else(|e| panic!("gold {} does not load: {e}", gold.display()));
    let draft = kg::load_dir(draft).unwrap_or_else(|e| panic!("draft {} does not load: {e}", draft.display()));
    kg::score_draft(&gold, &draft)
}

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/draft").join(name)
}

#[test]
fn the_gold_fixtures_pass_check() {
    for name in &fixtures() {
        let text = kg_ok(&["--data", fixture(name).to_str().unwrap(), "check"]);
        assert!(text.trim_end().ends_with("ok"), "{name}: {text}");
    }
}

/// tests/fixtures/draft/scores.toml: for each fixture that misses one of the issue's targets, the
/// score it has now. A miss not recorded there fails; so does a recorded score that gets worse, and
/// a recorded miss that now meets its target (the record must be updated, so it stays true).
fn recorded_misses() -> toml::Table {
    let path = root().join("tests/fixtures/draft/scores.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// How far a score may fall below its record before the test fails (rounding).
const SLACK: f64 = 0.05;

#[test]
fn drafts_of_the_fixtures_pass_check_and_meet_the_targets_or_their_recorded_scores() {
    let recorded = recorded_misses();
    for name in recorded.keys() {
        assert!(fixture(name).join("essay.txt").is_file(), "scores.toml names {name}, which is no fixture");
    }
    // Every fixture is drafted and scored before the test fails, so one run shows all of them.
    let mut failures: Vec<String> = Vec::new();
    let mut below: Vec<String> = Vec::new();
    for name in &fixtures() {
        let (_scratch, dir) = draft_of(&fixture(name).join("essay.txt"), name);
        let check = kg_ok(&["--data", dir.to_str().unwrap(), "check"]);
        if !check.trim_end().ends_with("ok") {
            failures.push(format!("{name}: draft fails check:\n{check}"));
            continue;
        }
        let s = score(&fixture(name), &dir);
        let report = kg_ok(&["draft", "--score", fixture(name).to_str().unwrap(), dir.to_str().unwrap()]);
        // A held-out essay's misses are never printed: whoever runs this test may be improving the
        // drafter, and must see its scores only (tests/fixtures/draft/README.md).
        let shown: Vec<&str> = if HELD_OUT.contains(&name.as_str()) {
            report.lines().filter(|line| !line.starts_with(' ')).collect()
        } else {
            report.lines().collect()
        };
        eprintln!("== {name}\n{}", shown.join("\n"));
        let (e, a, r) = (&s.entities, &s.aliases, &s.relations);
        let record = recorded.get(name.as_str()).and_then(|v| v.as_table());
        let mut metric = |key: &str, value: f64, target: f64| {
            let floor = record.and_then(|t| t.get(key)).and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
            match (value >= target, floor) {
                (true, None) => {}
                (true, Some(f)) => failures.push(format!(
                    "{name}: {key} {value:.1} now meets the target {target}: remove it from scores.toml (recorded {f})"
                )),
                (false, None) => failures.push(format!(
                    "{name}: {key} {value:.1} is below the target {target} and not recorded in scores.toml"
                )),
                (false, Some(f)) if value + SLACK < f => {
                    failures.push(format!("{name}: {key} fell to {value:.1} from the recorded {f} (target {target})"))
                }
                (false, Some(f)) => {
                    if value > f + SLACK {
                        eprintln!("{name}: {key} {value:.1} is better than the recorded {f}: update scores.toml");
                    }
                    below.push(format!("{name}: {key} {value:.1} (target {target})"));
                }
            }
        };
        metric("entity_recall", e.recall(), ENTITY_RECALL);
        metric("entity_precision", e.precision(), ENTITY_PRECISION);
        metric("types_right", e.type_accuracy(), TYPE_RIGHT);
        metric("relation_recall", r.recall(), RELATION_RECALL);
        metric("relation_precision", r.precision(), RELATION_PRECISION);
        // Required pairs: the share merged, in percent; the target is all of them.
        let merged = if a.required == 0 { 100.0 } else { 100.0 * a.required_merged as f64 / a.required as f64 };
        metric("required_pairs_merged", merged, 100.0);
        if merged < 100.0 && !HELD_OUT.contains(&name.as_str()) {
            eprintln!("{name}: acronym/\"calls\" pairs not merged: {:?}", a.required_missed);
        }
        // No record can excuse two people merged into one.
        if !a.people_merged.is_empty() {
            failures.push(format!("{name}: two people merged in {:?}", a.people_merged));
        }
    }
    eprintln!("below the issue's targets, as recorded in tests/fixtures/draft/scores.toml:\n{}", below.join("\n"));
    assert!(failures.is_empty(), "(reports above)\n{}", failures.join("\n"));
}

#[test]
fn the_two_original_fixtures_have_acronym_and_calls_pairs() {
    // The alias target is only tested where the gold has such pairs.
    for name in ["anglo_spanish", "danish_swedish"] {
        let (_scratch, dir) = draft_of(&fixture(name).join("essay.txt"), name);
        assert!(score(&fixture(name), &dir).aliases.required > 0, "{name}");
    }
}

#[test]
fn people_who_share_a_given_name_stay_apart() {
    let (_scratch, dir) = draft_of(&fixture("anglo_spanish").join("essay.txt"), "given-names");
    let data = kg::load_dir(&dir).unwrap();
    let person = |name: &str| {
        let found: Vec<&kg::Entity> =
            data.entities.iter().filter(|e| e.names().any(|n| kg::name_key(n) == kg::name_key(name))).collect();
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0].entity_type, kg::EntityType::Person, "{name}");
        found[0].id.clone()
    };
    assert_ne!(person("Elizabeth I"), person("Elizabeth II"));
    assert_ne!(person("Philip II"), person("Philip V"));
    // A surname after the full name is merged, and says so.
    let drake = data.entity(&person("Francis Drake")).unwrap();
    assert!(drake.names().any(|n| n == "Drake"), "{drake:?}");
    assert!(drake.note.as_deref().is_some_and(|n| n.contains("surname")), "{drake:?}");
}

#[test]
fn a_surname_two_people_share_merges_with_neither() {
    let scratch = Scratch::new("surnames");
    let essay = scratch.join("essay.txt");
    std::fs::write(
        &essay,
        "Two Presidents\n\nTheodore Roosevelt brokered a treaty in 1905. Franklin D. Roosevelt met Winston Churchill in 1945. \
         Roosevelt was tired.\n",
    )
    .unwrap();
    let dir = scratch.join("draft");
    // `--quiet` silences the status lines.
    let out = kg(&["--quiet", "draft", essay.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    let data = kg::load_dir(&dir).unwrap();
    let with_roosevelt: Vec<&kg::Entity> =
        data.entities.iter().filter(|e| e.names().any(|n| n.contains("Roosevelt"))).collect();
    assert_eq!(with_roosevelt.len(), 2, "{with_roosevelt:?}");
    assert!(with_roosevelt.iter().all(|e| e.names().all(|n| n != "Roosevelt")), "{with_roosevelt:?}");
    let check = kg_ok(&["--data", dir.to_str().unwrap(), "check"]);
    assert!(check.trim_end().ends_with("ok"), "{check}");
}

/// A development essay opening with blank and whitespace-only lines: the same draft as without
/// them (the files hold quotes, not offsets), and `kg check` passes on it.
#[test]
fn a_draft_of_an_essay_opening_with_blank_lines_is_the_same_and_passes_check() {
    let scratch = Scratch::new("blank-title");
    let text = std::fs::read_to_string(fixture("danish_swedish").join("essay.txt")).unwrap();
    let (_plain_scratch, plain) = draft_of(&fixture("danish_swedish").join("essay.txt"), "blank-title-plain");
    let essay = scratch.join("essay.txt");
    std::fs::write(&essay, format!("\n  \n\t\n{text}")).unwrap();
    let (_blank_scratch, blank) = draft_of(&essay, "blank-title-draft");
    for file in ["entities.toml", "relations.toml", "coverage.toml"] {
        let read = |dir: &Path| std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(read(&blank), read(&plain), "{file}");
    }
    let coverage = std::fs::read_to_string(blank.join("coverage.toml")).unwrap();
    assert!(coverage.contains("the essay's title"), "{coverage}");
    let check = kg_ok(&["--data", blank.to_str().unwrap(), "check"]);
    assert!(check.trim_end().ends_with("ok"), "{check}");
}

/// An essay saved with Windows (CRLF) or old Mac (CR) line endings: drafted as the same essay
/// with LF endings (the loader takes LF only), said on standard error, and `kg check` passes.
#[test]
fn a_draft_of_an_essay_with_crlf_or_cr_line_endings_is_the_lf_draft() {
    let source = fixture("danish_swedish").join("essay.txt");
    let text = std::fs::read_to_string(&source).unwrap();
    let lines = text.matches('\n').count();
    let (_plain_scratch, plain) = draft_of(&source, "crlf-plain");
    for (tag, ending) in [("crlf", "\r\n"), ("cr", "\r")] {
        let scratch = Scratch::new(tag);
        let essay = scratch.join("essay.txt");
        std::fs::write(&essay, text.replace('\n', ending)).unwrap();
        let dir = scratch.join("draft");
        let out = kg(&["draft", essay.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{tag}: {stderr}");
        assert!(stderr.contains(&format!("{lines} line endings (CRLF or CR)")), "{tag}: {stderr}");
        for file in ["essay.txt", "entities.toml", "relations.toml", "coverage.toml"] {
            let read = |dir: &Path| std::fs::read_to_string(dir.join(file)).unwrap();
            assert_eq!(read(&dir), read(&plain), "{tag}: {file}");
        }
        let check = kg_ok(&["--data", dir.to_str().unwrap(), "check"]);
        assert!(check.trim_end().ends_with("ok"), "{tag}: {check}");
    }
}

/// An essay holding a character no annotation can carry: refused before drafting, naming the
/// file given, the line and the column, exit 1, and no directory written.
#[test]
fn a_draft_of_an_essay_with_a_control_character_is_refused_with_its_place() {
    let scratch = Scratch::new("control");
    let essay = scratch.join("my-essay.txt");
    std::fs::write(&essay, "A Title\n\nDenmark ceded Scania to Sweden.\nThe bell \u{7} rang.\n").unwrap();
    let dir = scratch.join("draft");
    let out = kg(&["draft", essay.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{}:4: column 10: a control character, U+0007", essay.display())), "{stderr}");
    assert!(!stderr.contains("defect"), "{stderr}");
    assert!(!dir.exists(), "nothing written");
}

#[test]
fn treaties_involving_an_island_on_a_draft_name_the_treaty_that_ceded_it() {
    let (_scratch, dir) = draft_of(&fixture("danish_swedish").join("essay.txt"), "treaties");
    let text = kg_ok(&["--data", dir.to_str().unwrap(), "treaties", "--involving", "Bornholm"]);
    assert!(text.contains("Treaty of Roskilde"), "{text}");
    assert!(text.contains("Treaty of Copenhagen"), "{text}");
    let (_scratch, dir) = draft_of(&fixture("anglo_spanish").join("essay.txt"), "treaties-minorca");
    let text = kg_ok(&["--data", dir.to_str().unwrap(), "treaties", "--involving", "Minorca"]);
    assert!(text.contains("Treaty of Utrecht") && text.contains("Treaty of Amiens"), "{text}");
}

#[test]
fn the_bundled_essay_drafted_from_its_text_alone() {
    let (_scratch, dir) = draft_of(&root().join("data/essay.txt"), "bundled");
    let check = kg_ok(&["--data", dir.to_str().unwrap(), "check"]);
    assert!(check.trim_end().ends_with("ok"), "{check}");
    let s = score(&root().join("data"), &dir);
    let report = kg_ok(&["draft", "--score", root().join("data").to_str().unwrap(), dir.to_str().unwrap()]);
    // Entities meet the targets here too; relations are reported (README), not held to them.
    assert!(s.entities.recall() >= ENTITY_RECALL, "{report}");
    assert!(s.entities.precision() >= ENTITY_PRECISION, "{report}");
    assert!(s.entities.type_accuracy() >= TYPE_RIGHT, "{report}");
    assert!(s.aliases.people_merged.is_empty(), "{report}");
    assert_eq!(s.aliases.required_merged, s.aliases.required, "{report}");
    // Every command works on the draft at once.
    for args in [vec!["stats"], vec!["export", "--format", "turtle"], vec!["timeline"], vec!["show", "Sakhalin"]] {
        let mut full = vec!["--data", dir.to_str().unwrap()];
        full.extend(args.iter().copied());
        kg_ok(&full);
    }
}

#[test]
fn the_drafter_reads_no_annotation() {
    // The drafter's code never touches the bundled annotations: only the essay it is given.
    for entry in std::fs::read_dir(root().join("src/draft")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let code = std::fs::read_to_string(&path).unwrap();
            for forbidden in ["builtin", "data/", "entities.toml\")"] {
                assert!(!code.contains(forbidden), "{} mentions {forbidden}", path.display());
            }
        }
    }
}

#[test]
fn draft_refuses_to_overwrite_and_reports_usage_errors() {
    let (_scratch, dir) = draft_of(&fixture("anglo_spanish").join("essay.txt"), "overwrite");
    let before = std::fs::read_to_string(dir.join("entities.toml")).unwrap();
    let essay = fixture("anglo_spanish").join("essay.txt");
    let out = kg(&["draft", essay.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"), "{out:?}");
    assert_eq!(std::fs::read_to_string(dir.join("entities.toml")).unwrap(), before);
    let out = kg(&["draft"]);
    assert_eq!(out.status.code(), Some(2));
    let out = kg(&["draft", "/nonexistent/essay.txt", "-o", dir.join("x").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/essay.txt"), "{out:?}");
    // Scoring two different essays is a usage error.
    let other = fixture("danish_swedish");
    let out = kg(&["draft", "--score", other.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn score_json_has_the_numbers() {
    let (_scratch, dir) = draft_of(&fixture("danish_swedish").join("essay.txt"), "json");
    let json = kg_ok(&[
        "draft",
        "--score",
        fixture("danish_swedish").to_str().unwrap(),
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let s = score(&fixture("danish_swedish"), &dir);
    assert_eq!(v["entities"]["found_named"], s.entities.found_named);
    assert_eq!(v["relations"]["correct"], s.relations.correct);
    assert_eq!(v["aliases"]["required"], s.aliases.required);
}

/// Scrambled and odd essays: the drafter never panics, and what it drafts always loads.
#[test]
fn any_text_gives_a_draft_that_loads() {
    let mut texts: Vec<(Option<String>, String)> = [
        String::new(),
        "Only a title".into(),
        "No title line. Japan and Russia signed the Treaty of Kiel in 1814.".into(),
        "T\n\n(((( ,,, )))) ’s ’s Mr. . . . U.S. St. 1904-05 A-bomb (NATO) which calls".into(),
        "T\n\nX ceded Y to. Z became ’s territory. Treaty of A between. President. King of Sweden of of.".into(),
    ]
    .map(|text| (None, text))
    .to_vec();
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for name in &fixtures() {
        let essay = std::fs::read_to_string(fixture(name).join("essay.txt")).unwrap();
        let words: Vec<&str> = essay.split(' ').collect();
        for _ in 0..20 {
            // Words shuffled in small windows keep names and cues near each other.
            let mut w = words.clone();
            for i in 0..w.len() {
                let j = (i + next() % 4).min(w.len() - 1);
                w.swap(i, j);
            }
            texts.push((Some(name.clone()), w.join(" ")));
        }
    }
    for (k, (name, text)) in texts.iter().enumerate() {
        // A held-out essay's words and the error (which may name its entities) stay unprinted: the
        // drafter's authors must not read them (tests/fixtures/draft/README.md).
        let shown = |e: &dyn std::fmt::Display| match name {
            Some(name) if HELD_OUT.contains(&name.as_str()) => {
                format!("text {k}, shuffled from the held-out fixture {name}: its error and words are not shown")
            }
            _ => format!("{e}\n{text}"),
        };
        let draft = kg::draft(text).unwrap_or_else(|e| panic!("{}", shown(&e)));
        let data = kg::load(&draft.sources()).unwrap_or_else(|e| panic!("{}", shown(&e)));
        assert!(kg::coverage_report(&data).is_clean(), "{}", shown(&"the coverage report is not clean"));
    }
}

#[test]
fn a_first_line_that_is_a_sentence_is_drafted_too() {
    let draft = kg::draft("Japan and Sweden signed the Treaty of Kiel in 1814.\nNothing else.\n").unwrap();
    for label in ["Japan", "Sweden", "Treaty of Kiel"] {
        assert!(draft.files.entities.contains(&format!("label = \"{label}\"")), "{label}\n{}", draft.files.entities);
    }
    let titled = kg::draft("Japan and Sweden\n\nNothing else happened.\n").unwrap();
    assert!(!titled.files.entities.contains("label = \"Japan\""), "{}", titled.files.entities);
}
