//! Hostile annotations and essays: what the loader refuses (identifiers that would become IRIs,
//! characters no export can carry, files that are too large or not UTF-8), and that loading stays
//! linear when thousands of quotes share a prefix. Each case runs the real binary or the loader and
//! checks the message names the file, line and entity.

mod common;

use common::{edit, fixture_copy, kg, toml_string};
use kg::{load_dir, LoadError, Problem};

fn problems(dir: &std::path::Path) -> Vec<Problem> {
    match load_dir(dir) {
        Err(LoadError::Invalid(p)) => p,
        Err(other) => panic!("expected invalid annotations, got {other}"),
        Ok(_) => panic!("expected invalid annotations, but they loaded"),
    }
}

/// `kg check` on the directory: exit code, and stdout and stderr together.
fn check(dir: &common::Scratch) -> (Option<i32>, String) {
    let out = kg(&["--data", dir.str(), "check"]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code(), text)
}

fn add_number(dir: &common::Scratch, property: &str) {
    edit(
        &dir.join("entities.toml"),
        "quote = \"Sakhalin went to Russia\"",
        &format!(
            "quote = \"Sakhalin went to Russia\"\nnumbers = [ {{ property = {}, value = 1, quote = \"Sakhalin went\" }} ]",
            toml_string(property)
        ),
    );
}

#[test]
fn a_number_property_cannot_inject_triples() {
    for property in ["has space", "x> <http://evil.example/s> <http://evil.example/p> <http://evil.example/o", "Dur"] {
        let dir = fixture_copy("tiny");
        add_number(&dir, property);
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "property {property:?} accepted; stderr:\n{stderr}");
        assert!(
            stderr.contains("entities.toml:")
                && stderr.contains("entity sakhalin")
                && stderr.contains("number property"),
            "{stderr}"
        );
        // Nothing reaches an export either.
        let out = kg(&["--data", dir.str(), "export", "--format", "nquads"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_valid_number_property_is_exported() {
    let dir = fixture_copy("tiny");
    add_number(&dir, "area_km2");
    let out = kg(&["--data", dir.str(), "export", "--format", "ntriples"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("quantity/sakhalin.area_km2>"));
}

#[test]
fn control_characters_and_noncharacters_in_names_are_refused() {
    for bad in ["\u{0}", "\u{1b}[31m", "\u{7}", "\r", "\n", "\u{fffe}", "\u{ffff}", "\u{fdd0}", "\u{10ffff}"] {
        let dir = fixture_copy("tiny");
        let label = format!("Sakhalin{bad}Island");
        edit(&dir.join("entities.toml"), "label = \"Sakhalin\"", &format!("label = {}", toml_string(&label)));
        let p = problems(dir.path());
        assert_eq!(p.len(), 1, "{bad:?}: {p:#?}");
        assert!(p[0].file.ends_with("entities.toml"), "{}", p[0]);
        assert_eq!(p[0].subject.as_deref(), Some("entity sakhalin"));
        assert!(p[0].message.starts_with("label: holds") && p[0].message.contains("at character 8"), "{}", p[0]);
    }
}

#[test]
fn free_text_may_hold_line_breaks_and_tabs_but_not_other_controls() {
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "date = \"1875\"", "date = \"1875\"\nnote = \"line one\\nline\\ttwo\"");
    load_dir(dir.path()).expect("a note with a line break and a tab loads");
    let dir = fixture_copy("tiny");
    edit(&dir.join("relations.toml"), "date = \"1875\"", "date = \"1875\"\nnote = \"bell\\u0007\"");
    let p = problems(dir.path());
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].line, Some(1));
    assert!(p[0].message.contains("note: holds a control character, U+0007"), "{}", p[0]);
}

#[test]
fn an_essay_with_crlf_or_control_characters_is_refused_with_its_line() {
    for (bad, expected) in [("\r\n", "carriage return"), ("\u{0}", "control character"), ("\u{fffe}", "noncharacter")] {
        let dir = fixture_copy("tiny");
        edit(&dir.join("essay.txt"), "Sakhalin went", &format!("{bad}Sakhalin went"));
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("essay.txt:3: column") && stderr.contains(expected), "{bad:?}: {stderr}");
        assert!(!stderr.contains('\u{0}') && !stderr.contains('\r'), "raw control character in {stderr:?}");
    }
}

#[test]
fn invalid_utf8_exits_1_naming_the_byte_offset() {
    let dir = fixture_copy("tiny");
    let mut bytes = std::fs::read(dir.join("essay.txt")).unwrap();
    bytes.insert(14, 0xFF);
    std::fs::write(dir.join("essay.txt"), bytes).unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("essay.txt:3: not valid UTF-8: byte 0xFF at byte offset 14"), "{stderr}");
}

#[test]
fn the_title_is_the_first_line_with_visible_text() {
    // An essay opening with blank lines (or lines of spaces and U+2028) still has a title: an
    // empty one left the HTML page's <title> and the DOT graph's tooltip empty.
    let dir = fixture_copy("tiny");
    let essay = std::fs::read_to_string(dir.join("essay.txt")).unwrap();
    std::fs::write(dir.join("essay.txt"), format!("\n \u{2028}\n{essay}")).unwrap();
    let data = load_dir(dir.path()).expect("loads");
    assert_eq!(data.title, "A Tiny Essay");
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_title() {
    let dir = fixture_copy("tiny");
    let essay = std::fs::read_to_string(dir.join("essay.txt")).unwrap();
    std::fs::write(dir.join("essay.txt"), format!("\u{feff}{essay}")).unwrap();
    let toml = std::fs::read_to_string(dir.join("entities.toml")).unwrap();
    std::fs::write(dir.join("entities.toml"), format!("\u{feff}{toml}")).unwrap();
    let data = load_dir(dir.path()).expect("loads");
    assert_eq!(data.title, "A Tiny Essay");
    // Offsets count from the first character after the mark.
    let sakhalin = data.entities.iter().find(|e| e.id == "sakhalin").unwrap();
    assert_eq!(data.essay.chars().skip(sakhalin.evidence.start).take(8).collect::<String>(), "Sakhalin");
}

#[test]
fn a_too_long_quote_or_name_is_refused() {
    let dir = fixture_copy("tiny");
    let long = "word ".repeat(1000);
    std::fs::write(dir.join("essay.txt"), format!("A Tiny Essay\n\n{long}\n")).unwrap();
    std::fs::write(
        dir.join("entities.toml"),
        format!(
            "[[entity]]\nid = \"w\"\ntype = \"State\"\nlabel = \"{}\"\nquote = \"{}\"\n",
            "w".repeat(501),
            long.trim()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("relations.toml"), "").unwrap();
    std::fs::write(dir.join("background.toml"), "").unwrap();
    let p = problems(dir.path());
    let messages: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(|m| m.contains("label: 501 characters long")), "{messages:#?}");
    assert!(messages.iter().any(|m| m.contains("quote of 4999 characters")), "{messages:#?}");
}

#[test]
fn an_essay_over_the_cap_is_refused_without_reading_it_whole() {
    let dir = fixture_copy("tiny");
    std::fs::write(dir.join("essay.txt"), "a".repeat(kg::MAX_ESSAY_BYTES + 1)).unwrap();
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&format!("essay.txt: larger than {} bytes", kg::MAX_ESSAY_BYTES)), "{stderr}");
}

/// 20,000 entities whose quotes all start with the same words: a search per quote that checks
/// every place the prefix occurs is quadratic (minutes); one pass over the essay is not. The
/// search's work is counted, not timed: the loader's quote search over these quotes (the
/// entities' and their numbers') must stay within a linear bound, 4 units per byte of the essay
/// and the quotes (measured: about 1.5 per byte), where comparing every quote wherever the shared
/// opening occurs costs ~20,000 times the quotes' bytes, ~2,000 times the bound
/// (`text::tests::the_work_bound_catches_a_quadratic_quote_search` shows a deliberately
/// quadratic search exceeding it). The coverage report of those facts is held to its own linear
/// bound ([`kg::linear_coverage_work`]) the same way.
#[test]
fn loading_many_quotes_with_a_shared_prefix_stays_linear() {
    let n = 20_000;
    let dir = common::Scratch::new("prefix");
    let mut essay = String::from("Facts\n\n");
    let mut entities = String::new();
    let mut quotes = Vec::new();
    for i in 0..n {
        essay.push_str(&format!("The same long opening words of fact {i} end here.\n"));
        entities.push_str(&format!(
            "[[entity]]\nid = \"f{i}\"\ntype = \"Event\"\nlabel = \"Item {i}\"\nbackground_aliases = []\nquote = \"The same long opening words of fact {i} end\"\nnumbers = [ {{ property = \"n\", value = {i}, quote = \"fact {i} end\" }} ]\n"
        ));
        quotes.push(format!("The same long opening words of fact {i} end"));
        quotes.push(format!("fact {i} end"));
    }
    std::fs::write(dir.join("essay.txt"), &essay).unwrap();
    std::fs::write(dir.join("entities.toml"), entities).unwrap();
    std::fs::write(dir.join("relations.toml"), "").unwrap();
    let data = load_dir(dir.path()).expect("loads");
    assert_eq!(data.entities.len(), n);
    let last = data.entities.iter().find(|e| e.id == "f19999").unwrap();
    let at = data.essay.find("The same long opening words of fact 19999").unwrap();
    assert_eq!(last.evidence.start, data.essay[..at].chars().count());

    let quotes: Vec<&str> = quotes.iter().map(String::as_str).collect();
    let text = kg::EssayText::new(&essay);
    let work = text.quote_search_work(&quotes, usize::MAX).expect("within the budget");
    let bound = text.linear_search_work(&quotes);
    eprintln!("the quote search: {work} units of work for {} bytes of essay and quotes", bound / 4);
    assert!(work <= bound, "the quote search cost {work} units, more than the linear bound {bound}");

    // Coverage marks the tokens of each fact's own quote instead of testing every fact at every
    // token (20,000 facts × 200,000 tokens, ~4e9 units of work where the bound is ~1e7:
    // `coverage::tests::the_work_bound_catches_a_quadratic_coverage_report` shows that report
    // exceeding it).
    let (report, work) = kg::coverage_report_work(&data);
    let bound = kg::linear_coverage_work(&data);
    eprintln!("the coverage report: {work} units of work, the linear bound {bound}");
    assert!(work <= bound, "the coverage report cost {work} units, more than the linear bound {bound}");
    assert!(report.unaccounted.iter().all(|p| !p.numeric), "{:?}", &report.unaccounted[..3]);
}

#[test]
fn quotes_that_occur_everywhere_stop_at_the_budget() {
    // 2,000 quotes "a", "aa", ... in an essay of 20,000 `a`s occur ~40 million times in all.
    let dir = common::Scratch::new("budget");
    std::fs::write(dir.join("essay.txt"), format!("T\n\n{}\n", "a".repeat(20_000))).unwrap();
    let mut entities = String::new();
    for i in 1..=2000 {
        entities.push_str(&format!(
            "[[entity]]\nid = \"a{i}\"\ntype = \"Event\"\nlabel = \"A{i}\"\nquote = \"{}\"\n",
            "a".repeat(i)
        ));
    }
    std::fs::write(dir.join("entities.toml"), entities).unwrap();
    std::fs::write(dir.join("relations.toml"), "").unwrap();
    // The budget is a count of occurrences, so the refusal below is the bound on the work done.
    let p = problems(dir.path());
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].message.contains("the quotes occur more than"), "{}", p[0]);
}
