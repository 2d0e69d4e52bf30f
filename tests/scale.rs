//! Path search on a graph 1,000 times the essay's gives the same answers as on the essay, within
//! one copy (the timing is measured by `cargo bench --bench paths`, not here).

mod common;

use kg::{all_paths, shortest_path, KnowledgeGraph, PathOptions, PathView};

#[path = "common/scale.rs"]
mod scale;

fn relation_ids(kg: &KnowledgeGraph, paths: &[kg::Path], strip: &str) -> Vec<Vec<String>> {
    paths.iter().map(|p| PathView::new(kg, p).edges.into_iter().map(|e| e.id.replace(strip, "")).collect()).collect()
}

#[test]
fn paths_in_a_graph_1000_times_larger_match_the_essay() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let big = KnowledgeGraph::new(scale::replicate(essay.data(), 1000, "japan"));
    assert_eq!(big.entities().len(), essay.entities().len() * 1000);
    let options = PathOptions::default();

    let small = all_paths(&essay, "triple_intervention", "russo_japanese_war", &options, 3, 50).unwrap();
    let large = all_paths(&big, "triple_intervention__c500", "russo_japanese_war__c500", &options, 3, 50).unwrap();
    assert!(!small.is_empty());
    assert_eq!(relation_ids(&big, &large, "__c500"), relation_ids(&essay, &small, ""));

    let small = shortest_path(&essay, "theodore_roosevelt", "sakhalin", &options).unwrap();
    let large = shortest_path(&big, "theodore_roosevelt__c999", "sakhalin__c999", &options).unwrap();
    assert_eq!(relation_ids(&big, &[large], "__c999"), relation_ids(&essay, &[small], ""));

    // Copies are linked: a path crosses from one copy to the next.
    let across = shortest_path(&big, "japan__c10", "japan__c12", &options).unwrap();
    assert_eq!(across.steps.len(), 2);
}

#[path = "common/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// A corpus large enough that the loader parses its files in pieces, on several threads: the
/// problems it reports name the same lines as in a file parsed whole.
#[test]
fn problems_in_a_file_parsed_in_pieces_name_their_lines() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let c = corpus::generate(essay.data(), 12_000);
    assert!(c.relations.len() > 2 << 20, "the relations file is cut into pieces of 2 MiB");
    let source = |name: &str, text: &str| kg::Source { name: name.to_string(), text: text.to_string() };
    let sources = |relations: &str| kg::Sources {
        essay: source("essay.txt", &c.essay),
        entities: source("entities.toml", &c.entities),
        relations: source("relations.toml", relations),
        background: source("background.toml", &c.background),
        coverage: source("coverage.toml", ""),
    };
    assert_eq!(kg::load(&sources(&c.relations)).unwrap().relations.len(), 12_000);
    let lines: Vec<&str> = c.relations.lines().collect();
    // An unknown relation kind near the end (in the last piece), and a syntax error in the middle.
    let late = lines.iter().rposition(|l| l.starts_with("relation = ")).unwrap();
    let middle = lines.len() / 2 + lines[lines.len() / 2..].iter().position(|l| l.starts_with("relation = ")).unwrap();
    // A relation's problems name the line of its `[[relation]]` header; a syntax error its own line.
    let header = lines[..late].iter().rposition(|l| *l == "[[relation]]").unwrap();
    for (at, replacement, expected, reported) in [
        (late, "relation = \"befriended\"", "unknown relation `befriended`", header),
        (middle, "relation = \"won", "not valid", middle),
    ] {
        let mut edited = lines.clone();
        edited[at] = replacement;
        let err = kg::load(&sources(&(edited.join("\n") + "\n"))).unwrap_err().to_string();
        let line = format!("relations.toml:{}:", reported + 1);
        assert!(err.contains(&line) && err.contains(expected), "expected {line} and `{expected}` in: {err}");
    }
}

/// The same files with a comment after every table header: outside the canonical form that the
/// loader's fast reader takes, so every piece goes to the `toml` crate instead (and, with no bare
/// `[[relation]]` line left, no file is cut into pieces).
fn toml_only(text: &str) -> String {
    ["[[entity]]", "[[entity.numbers]]", "[[relation]]", "[[left_out]]"]
        .iter()
        .fold(format!("\n{text}"), |t, h| t.replace(&format!("\n{h}\n"), &format!("\n{h} # read by toml\n")))[1..]
        .to_string()
}

/// The fast reader and the `toml` crate make the same dataset of the built-in files and of
/// generated corpora (one piece, and many pieces on several threads), and report the same
/// problems on the same lines.
#[test]
fn the_fast_reader_and_the_toml_crate_make_the_same_model() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let builtin = kg::Sources::builtin();
    let mut corpora = vec![builtin.clone()];
    for size in [3_000, 12_000] {
        let c = corpus::generate(essay.data(), size);
        let source = |name: &str, text: &str| kg::Source { name: name.to_string(), text: text.to_string() };
        corpora.push(kg::Sources {
            essay: source("essay.txt", &c.essay),
            entities: source("entities.toml", &c.entities),
            relations: source("relations.toml", &c.relations),
            background: source("background.toml", &c.background),
            coverage: source("coverage.toml", ""),
        });
    }
    for fast in corpora {
        let mut slow = fast.clone();
        for s in [&mut slow.entities, &mut slow.relations, &mut slow.background, &mut slow.coverage] {
            s.text = toml_only(&s.text);
        }
        assert!(slow.relations.text.contains("[[relation]] # read by toml"));
        let (a, b) = (kg::load(&fast).unwrap(), kg::load(&slow).unwrap());
        assert!(a.relations.len() >= 244);
        assert_eq!(a, b, "the fast reader and toml disagree");

        // A wrong relation kind and an unknown entity in the last relation: the same problems.
        let break_last = |text: &str| {
            let at = text.rfind("relation = \"").unwrap();
            let end = at + text[at..].find('\n').unwrap();
            format!("{}relation = \"befriended\"\nplace = \"atlantis\"{}", &text[..at], &text[end..])
        };
        let (mut fast_bad, mut slow_bad) = (fast.clone(), slow.clone());
        fast_bad.relations.text = break_last(&fast.relations.text);
        slow_bad.relations.text = break_last(&slow.relations.text);
        let (a, b) = (kg::load(&fast_bad).unwrap_err().to_string(), kg::load(&slow_bad).unwrap_err().to_string());
        assert!(a.contains("unknown relation `befriended`") && a.contains("atlantis"), "{a}");
        assert_eq!(a, b);
    }
}

/// Large inputs are checked on two threads (entities on one, relations on the other; quotes and
/// names searched apart): the problems still come in file order, as a one-thread check gives them.
#[test]
fn problems_found_on_two_threads_come_in_file_order() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let c = corpus::generate(essay.data(), 12_000);
    let replace_last = |text: &str, key: &str, value: &str| {
        let at = text.rfind(&format!("\n{key} = \"")).unwrap() + 1;
        let end = at + text[at..].find('\n').unwrap();
        format!("{}{key} = \"{value}\"{}", &text[..at], &text[end..])
    };
    let source = |name: &str, text: String| kg::Source { name: name.to_string(), text };
    let sources = kg::Sources {
        essay: source("essay.txt", c.essay.clone()),
        entities: source("entities.toml", replace_last(&c.entities, "type", "Planet")),
        relations: source("relations.toml", replace_last(&c.relations, "relation", "befriended")),
        background: source("background.toml", replace_last(&c.background, "basis", " ")),
        coverage: source("coverage.toml", String::new()),
    };
    let err = kg::load(&sources).unwrap_err().to_string();
    let at = |what: &str| err.find(what).unwrap_or_else(|| panic!("`{what}` not in: {err}"));
    let (entity, relation, background) =
        (at("Planet"), at("unknown relation `befriended`"), at("a background fact needs a `basis`"));
    assert!(entity < relation && relation < background, "not in file order: {err}");
    assert!(err.contains("entities.toml:") && err.contains("relations.toml:") && err.contains("background.toml:"));
    // Nothing else is reported but the one relation that names the entity left without a type.
    assert_eq!(err.matches(".toml:").count(), 4, "{err}");
    assert!(at("is not the id of any entity") < relation, "relations.toml's problems not in line order: {err}");
}

/// Check 1 makes the ids declared on its quotes' side and sends them to its names' side, where
/// the name conflicts need them (round 19): on two threads (12,000 relations) a repeated id and a
/// label claimed by two entities are reported as on one thread (300 relations), with their lines.
#[test]
fn repeated_ids_and_name_conflicts_are_reported_alike_on_two_threads() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let mut reports = Vec::new();
    for size in [300, 12_000] {
        let c = corpus::generate(essay.data(), size);
        let field = |key: &str| {
            let at = c.entities.find(&format!("\n{key} = \"")).unwrap() + key.len() + 5;
            c.entities[at..at + c.entities[at..].find('"').unwrap()].to_string()
        };
        let (id, label, quote) = (field("id"), field("label"), field("quote"));
        let header = c.entities.lines().position(|l| l == "[[entity]]").unwrap() + 1;
        let mut entities = c.entities.clone();
        if !entities.ends_with('\n') {
            entities.push('\n');
        }
        let repeated = entities.lines().count() + 2;
        entities.push_str(&format!(
            "\n[[entity]]\nid = \"{id}\"\ntype = \"Event\"\nlabel = \"{label} again\"\nquote = \"{quote}\"\n"
        ));
        entities.push_str(&format!(
            "\n[[entity]]\nid = \"claimant\"\ntype = \"Event\"\nlabel = \"{label}\"\nquote = \"{quote}\"\n"
        ));
        let source = |name: &str, text: String| kg::Source { name: name.to_string(), text };
        let sources = kg::Sources {
            essay: source("essay.txt", c.essay.clone()),
            entities: source("entities.toml", entities),
            relations: source("relations.toml", c.relations.clone()),
            background: source("background.toml", c.background.clone()),
            coverage: source("coverage.toml", String::new()),
        };
        let Err(kg::LoadError::Invalid(problems)) = kg::load(&sources) else { panic!("{size}: expected problems") };
        let duplicate =
            problems.iter().find(|p| p.message.contains("duplicate id")).unwrap_or_else(|| panic!("{problems:#?}"));
        assert_eq!(duplicate.line, Some(repeated), "{size}: {duplicate}");
        assert!(duplicate.message.contains(&format!("already defined at line {header}")), "{size}: {duplicate}");
        assert_eq!(duplicate.file, "entities.toml");
        let claimed = problems
            .iter()
            .find(|p| p.message.contains("the name is claimed by"))
            .unwrap_or_else(|| panic!("{problems:#?}"));
        let mut ids = [id.as_str(), "claimant"];
        ids.sort();
        assert!(claimed.message.contains(&format!("claimed by {} and {}", ids[0], ids[1])), "{size}: {claimed}");
        reports.push((duplicate.message.clone(), claimed.line, claimed.subject.clone(), claimed.message.clone()));
    }
    assert_eq!(reports[0], reports[1]);
}

/// Checks 1 and 2 overlap on two threads (round 24: each side of check 2 starts when what it
/// needs is found): a search that finds too many occurrences is still refused, as on one thread
/// (300 relations) and with the same error first: a label `a` in an essay with a run of five
/// million `a`s refuses the names; a quote of twenty `a`s there as well refuses the quotes, and
/// only them (they are reported first).
#[test]
fn too_many_occurrences_are_refused_alike_on_two_threads() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let mut reports = Vec::new();
    for size in [300, 12_000] {
        let c = corpus::generate(essay.data(), size);
        let at = c.entities.find("\nquote = \"").unwrap() + 10;
        let quote = &c.entities[at..at + c.entities[at..].find('"').unwrap()];
        let run = "a".repeat(kg::MAX_OCCURRENCES + 100);
        for quote_too in [false, true] {
            let mut entities = c.entities.clone();
            entities.push_str(&format!(
                "\n[[entity]]\nid = \"letter\"\ntype = \"Event\"\nlabel = \"a\"\nquote = \"{quote}\"\n"
            ));
            if quote_too {
                let many = "a".repeat(20);
                entities.push_str(&format!(
                    "\n[[entity]]\nid = \"run\"\ntype = \"Event\"\nlabel = \"Run\"\nquote = \"{many}\"\n"
                ));
            }
            let source = |name: &str, text: String| kg::Source { name: name.to_string(), text };
            let sources = kg::Sources {
                essay: source("essay.txt", format!("{}\n{run}\n", c.essay)),
                entities: source("entities.toml", entities),
                relations: source("relations.toml", c.relations.clone()),
                background: source("background.toml", c.background.clone()),
                coverage: source("coverage.toml", String::new()),
            };
            let Err(kg::LoadError::Invalid(problems)) = kg::load(&sources) else {
                panic!("{size}: expected a refusal")
            };
            assert_eq!(problems.len(), 1, "{size}: {problems:#?}");
            let refused =
                if quote_too { "the quotes occur more than" } else { "the labels and aliases occur more than" };
            assert!(problems[0].message.contains(refused), "{size}: {}", problems[0]);
            reports.push(problems[0].to_string());
        }
    }
    assert_eq!(reports[..2], reports[2..]);
}

/// The batches the benchmark feeds oxttl's serializer (`kg::rdf_quads_in_batches`) are the
/// collected quads, in order, cut where the batch size says: on the essay (its stored stream) and
/// on a generated graph, for a triple syntax (default graph only) and a dataset syntax.
#[test]
fn quads_in_batches_are_the_collected_quads() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let big = KnowledgeGraph::new(scale::replicate(essay.data(), 3, "japan"));
    for kg in [&essay, &big] {
        for options in [kg::RdfOptions::default(), kg::RdfOptions { only_background: true, ..Default::default() }] {
            for syntax in [kg::RdfSyntax::NTriples, kg::RdfSyntax::NQuads] {
                let all = kg::quads_for(syntax, kg::rdf_quads(kg, &options).unwrap());
                assert!(all.len() > 10);
                for batch in [0, 1, 7, 1000, all.len(), usize::MAX] {
                    let (mut joined, mut sizes) = (Vec::new(), Vec::new());
                    kg::rdf_quads_in_batches(kg, &options, syntax, batch, |b| {
                        sizes.push(b.len());
                        joined.extend_from_slice(b);
                    })
                    .unwrap();
                    assert_eq!(joined, all, "batch {batch}, {syntax:?}");
                    let last = sizes.pop().unwrap();
                    assert!(last >= 1 && last <= batch.max(1));
                    assert!(sizes.iter().all(|&n| n == batch.max(1)), "batch {batch}: {sizes:?}");
                }
            }
        }
    }
    let bad = kg::RdfOptions { base: Some("not an iri".into()), ..Default::default() };
    assert!(kg::rdf_quads_in_batches(&essay, &bad, kg::RdfSyntax::NTriples, 10, |_| panic!("no batch")).is_err());
}

/// The loader marks each quote it found once in the essay, and the RDF export's passage naming
/// takes that occurrence instead of searching the essay again: on a generated corpus (its quotes
/// each once, thanks to their markers; its mentions searched), every RDF export is the one of
/// the same dataset whose essay is another copy of the text, where no mark is taken (each mark
/// holds for the allocation its quote is a span of) and every quote is searched.
#[test]
fn rdf_exports_name_passages_alike_with_the_loaders_occurrences_or_a_search() {
    let essay = KnowledgeGraph::builtin().unwrap();
    let c = corpus::generate(essay.data(), 3_000);
    let source = |name: &str, text: &str| kg::Source { name: name.to_string(), text: text.to_string() };
    let sources = kg::Sources {
        essay: source("essay.txt", &c.essay),
        entities: source("entities.toml", &c.entities),
        relations: source("relations.toml", &c.relations),
        background: source("background.toml", &c.background),
        coverage: source("coverage.toml", ""),
    };
    let data = kg::load(&sources).unwrap();
    let mut copied = data.clone();
    copied.essay = kg::SharedStr::from(data.essay.to_string());
    assert_ne!(copied.essay.as_ptr(), data.essay.as_ptr());
    let (loaded, searched) = (KnowledgeGraph::new(data), KnowledgeGraph::new(copied));
    for format in [kg::Format::NTriples, kg::Format::NQuads, kg::Format::Turtle] {
        let export = |kg: &KnowledgeGraph| {
            let mut out = Vec::new();
            kg::export(kg, format, &kg::ExportOptions::default(), &mut out).unwrap();
            out
        };
        let (a, b) = (export(&loaded), export(&searched));
        assert!(a.len() > 1 << 20, "{format:?}: {} bytes", a.len());
        assert!(a == b, "{format:?}: the exports differ");
    }
}
