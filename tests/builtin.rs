//! The built-in essay that `build.rs` validated and embedded is exactly what the full loader makes
//! of the same files at run time, and `--data DIR` still validates in full.

mod common;

use kg::{load, load_builtin, Sources};

#[test]
fn the_embedded_dataset_equals_what_the_loader_makes_of_the_same_files() {
    let embedded = load_builtin().unwrap();
    let loaded = load(&Sources::builtin()).unwrap();
    // Compare piece by piece first, so that a failure names what drifted.
    assert_eq!(embedded.title, loaded.title);
    assert_eq!(embedded.essay, loaded.essay);
    assert_eq!(embedded.entities.len(), loaded.entities.len());
    for (e, l) in embedded.entities.iter().zip(&loaded.entities) {
        assert_eq!(e, l, "entity {} differs", l.id);
    }
    assert_eq!(embedded.relations.len(), loaded.relations.len());
    for (e, l) in embedded.relations.iter().zip(&loaded.relations) {
        assert_eq!(e, l, "relation {} differs", l.id);
    }
    assert_eq!(embedded.left_out, loaded.left_out);
    assert_eq!(embedded, loaded);
    assert!(!loaded.entities.is_empty() && !loaded.relations.is_empty());
}

#[test]
fn a_data_directory_is_still_validated_in_full() {
    // A copy of the built-in data with one quote the essay does not contain: `--data` reports it,
    // so `--data` does not take the embedded, pre-validated form.
    let dir = common::Scratch::new("builtin-full-validation");
    let data = common::root().join("data");
    for file in ["essay.txt", "entities.toml", "background.toml", "coverage.toml"] {
        std::fs::copy(data.join(file), dir.join(file)).unwrap();
    }
    let relations = std::fs::read_to_string(data.join("relations.toml")).unwrap();
    let first_quote = relations.find("quote = \"").expect("a quoted relation") + "quote = \"".len();
    let broken = format!("{}NOT IN THE ESSAY {}", &relations[..first_quote], &relations[first_quote..]);
    std::fs::write(dir.join("relations.toml"), broken).unwrap();
    let out = common::kg(&["--data", dir.str(), "stats"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("relations.toml") && stderr.contains("quote not found"), "stderr: {stderr}");
}
