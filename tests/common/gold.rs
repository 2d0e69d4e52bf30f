//! Queries on the draft fixtures' gold annotations, shared by tests/draft_gold.rs (development
//! fixtures) and tests/draft_gold_heldout.rs (the held-out six).

use super::{kg_ok, root};

/// The directory of the draft fixture `name`.
pub fn fixture(name: &str) -> String {
    root().join("tests/fixtures/draft").join(name).to_str().expect("utf-8 path").to_owned()
}

/// `kg treaties --involving PLACE` lists exactly `treaties`, in order, each block naming the
/// cession the essay states.
pub fn assert_treaties(essay: &str, place: &str, treaties: &[&str], says: &str) {
    let out = kg_ok(&["--data", &fixture(essay), "treaties", "--involving", place]);
    let headers: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(" (") && l.ends_with(')'))
        .map(|l| l.split(" (").next().unwrap())
        .collect();
    assert_eq!(headers, treaties, "kg treaties --involving {place:?} on {essay}:\n{out}");
    assert!(out.contains(says), "kg treaties --involving {place:?} on {essay} does not say {says:?}:\n{out}");
}

/// The id `kg show NAME` resolves to.
pub fn resolves_to(essay: &str, name: &str) -> String {
    let out = kg_ok(&["--data", &fixture(essay), "show", name]);
    let first = out.lines().next().unwrap_or_default();
    first.rsplit_once('(').and_then(|(_, id)| id.strip_suffix(')')).unwrap_or_default().to_owned()
}
