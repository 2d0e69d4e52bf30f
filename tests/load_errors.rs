//! The loader's errors: each kind of mistake in the annotations produces its own clear problem
//! that names the file, the line and the entity, and all problems are reported at once.

mod common;

use common::{edit, fixture_copy, kg};
use kg::{load_dir, LoadError, Problem};

fn problems(dir: &std::path::Path) -> Vec<Problem> {
    match load_dir(dir) {
        Err(LoadError::Invalid(p)) => p,
        Err(other) => panic!("expected invalid annotations, got {other}"),
        Ok(_) => panic!("expected invalid annotations, but they loaded"),
    }
}

fn only_problem(dir: &std::path::Path) -> Problem {
    let mut p = problems(dir);
    assert_eq!(p.len(), 1, "expected one problem, got {p:#?}");
    p.remove(0)
}

#[test]
fn the_fixture_itself_is_valid() {
    let dir = fixture_copy("tiny");
    let data = load_dir(dir.path()).expect("fixture loads");
    assert_eq!(data.entities.len(), 6);
    assert_eq!(data.relations.len(), 4);
}

#[test]
fn a_quote_missing_from_the_essay() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "quote = \"Sakhalin went to Russia\"", "quote = \"Sakhalin went to Japan\"");
    let p = only_problem(dir.path());
    assert!(p.file.ends_with("relations.toml"), "{p}");
    assert_eq!(p.line, Some(15), "{p}");
    assert_eq!(p.subject.as_deref(), Some("relation sakhalin transferred_to russia"));
    assert!(p.message.contains("quote not found in the essay") && p.message.contains("Sakhalin went to Japan"), "{p}");
}

#[test]
fn a_straight_apostrophe_gets_a_hint() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("entities.toml"), "quote = \"Sakhalin went to Russia\"", "quote = \"Russia's Sakhalin\"");
    let p = only_problem(dir.path());
    assert!(p.message.contains("U+2019"), "{p}");
}

#[test]
fn a_quote_that_occurs_twice_must_be_lengthened() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("entities.toml"), "quote = \"Sakhalin went to Russia\"", "quote = \"Russia\"");
    let p = only_problem(dir.path());
    assert!(p.message.contains("occurs 2 times") && p.message.contains("lengthen"), "{p}");
}

#[test]
fn a_dangling_reference() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "under = \"treaty_of_st_petersburg\"", "under = \"treaty_of_nowhere\"");
    let p = only_problem(dir.path());
    assert_eq!(p.line, Some(15));
    assert!(p.message.contains("under `treaty_of_nowhere` is not the id of any entity"), "{p}");
}

#[test]
fn a_duplicate_id() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("entities.toml"), "id = \"russia\"", "id = \"japan\"");
    let all = problems(dir.path());
    let p = all.iter().find(|p| p.message.contains("duplicate id")).unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(p.line, Some(10), "{p}");
    assert!(p.message.contains("already defined at line 3"), "{p}");
    assert_eq!(p.subject.as_deref(), Some("entity japan"));
}

#[test]
fn a_bad_date() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "date = \"1875\"\nquote = \"In 1875", "date = \"1875-02-30\"\nquote = \"In 1875");
    let p = only_problem(dir.path());
    assert_eq!(p.line, Some(1));
    assert!(p.message.contains("invalid date `1875-02-30`") && p.message.contains("day 30"), "{p}");
}

#[test]
fn an_alias_claimed_by_two_entities() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("entities.toml"), "label = \"Russia\"", "label = \"Russia\"\naliases = [\"Sakhalin\"]");
    let p = only_problem(dir.path());
    assert!(p.message.contains("claimed by russia and sakhalin"), "{p}");
}

#[test]
fn an_alias_that_is_not_in_the_essay() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("entities.toml"), "label = \"Japan\"", "label = \"Japan\"\naliases = [\"Nippon\"]");
    let p = only_problem(dir.path());
    assert!(p.message.contains("alias \"Nippon\" does not occur in the essay"), "{p}");
}

#[test]
fn every_problem_is_reported_at_once_and_the_cli_exits_1() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "quote = \"Sakhalin went to Russia\"", "quote = \"Sakhalin went to Japan\"");
    edit(&dir.join("relations.toml"), "subject = \"japan\"", "subject = \"nippon\"");
    edit(&dir.join("entities.toml"), "id = \"russia\"", "id = \"japan\"");
    edit(&dir.join("entities.toml"), "value = \"1875\"", "value = \"75\"");
    assert!(problems(dir.path()).len() >= 4);

    let out = kg(&["--data", dir.str(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in ["quote not found", "`nippon` is not the id", "duplicate id", "invalid date `75`"] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
    // Any other command refuses to use invalid data, on stderr, with exit 1.
    let out = kg(&["--data", dir.str(), "stats"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("relations.toml:1: relation nippon signed"));
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("entities.toml"), "label = \"Sakhalin\"", "label = \"Sakhalin");
    let p = only_problem(dir.path());
    assert!(p.file.ends_with("entities.toml"));
    assert_eq!(p.line, Some(26), "{p}");
}

#[test]
fn a_missing_directory_is_an_io_error() {
    match load_dir(std::path::Path::new("/nonexistent/kg-data")) {
        Err(LoadError::Io { path, .. }) => assert!(path.ends_with("essay.txt")),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn a_relation_whose_ends_do_not_fit_its_declared_types() {
    // `transferred_to` takes a Territory to a State: a State "went to" a State is a mistake.
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "subject = \"sakhalin\"", "subject = \"japan\"");
    let p = only_problem(dir.path());
    assert!(p.file.ends_with("relations.toml"), "{p}");
    assert_eq!(p.line, Some(15), "{p}");
    assert_eq!(p.subject.as_deref(), Some("relation japan transferred_to russia"));
    assert!(
        p.message.contains("`transferred_to` (State -> State)")
            && p.message.contains("its subject is a State, but `transferred_to` takes a Territory"),
        "{p}"
    );
    // `kg check` runs the same check and exits 1.
    let out = kg(&["--data", dir.str(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("does not fit its declared types"));
}

#[test]
fn a_state_used_as_what_an_event_ended() {
    let dir = fixture_copy("tiny");
    edit(
        &dir.join("relations.toml"),
        "subject = \"japan\"\nrelation = \"signed\"\nobject = \"treaty_of_st_petersburg\"",
        "subject = \"treaty_of_st_petersburg\"\nrelation = \"ended\"\nobject = \"japan\"",
    );
    let p = only_problem(dir.path());
    assert_eq!(p.line, Some(1), "{p}");
    assert!(p.message.contains("its object is a State, but `ended` takes an Event"), "{p}");
}

#[test]
fn a_relation_kind_must_be_written_by_its_name_in_the_annotations() {
    // The CLI accepts "went to"; annotation files keep the closed vocabulary's names.
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "relation = \"transferred_to\"", "relation = \"went to\"");
    let p = only_problem(dir.path());
    assert!(p.message.contains("unknown relation `went to`") && p.message.contains("transferred_to"), "{p}");
}

#[test]
fn mentions_in_attributes_a_name_in_a_passage_to_another_entity() {
    let dir = fixture_copy("tiny");
    edit(
        &dir.join("entities.toml"),
        "label = \"Sakhalin\"",
        "label = \"Sakhalin\"\nmentions_in = [{ name = \"Russia\", passage = \"went to Russia\" }]",
    );
    let data = load_dir(dir.path()).expect("loads");
    let sakhalin = data.entity("sakhalin").unwrap();
    assert!(sakhalin.mentions.iter().any(|m| m.quote() == "Russia"), "{:?}", sakhalin.mentions);
    let russia = data.entity("russia").unwrap();
    assert_eq!(russia.mentions.len(), 1, "only the other Russia stays: {:?}", russia.mentions);

    // A name that is not in the passage is a problem naming both.
    edit(&dir.join("entities.toml"), "name = \"Russia\"", "name = \"Japan\"");
    let p = only_problem(dir.path());
    assert!(p.message.contains("mentions_in: the name \"Japan\" does not occur in the passage"), "{p}");
}
