//! Property test: hostile labels, aliases and quotes (quotes, backslashes, markup, brackets, line
//! breaks and tabs in quotes, bidi and zero-width characters, astral characters, XML and Turtle
//! syntax) in a tiny annotated essay, exported in every format and parsed back by a real parser:
//! every RDF syntax by oxrdfio, JSON by serde_json, GraphML by quick-xml, comparing the content.
//! DOT goes to Graphviz itself in `tests/consumers.rs`-style CLI test below.

mod common;

use kg::{export, ExportOptions, Format, KnowledgeGraph, Source, Sources};
use oxrdf::{Literal, NamedNode, NamedOrBlankNode, Term};
use proptest::prelude::*;

/// Characters that break naive escaping somewhere.
const NASTY: &[&str] = &[
    "\"",
    "\\",
    "'",
    "<",
    ">",
    "&",
    "&amp;",
    "]]>",
    "<!--",
    "-->",
    "{",
    "}",
    "[",
    "]",
    "#",
    "@",
    "_:b",
    "^^",
    "\"\"\"",
    "'''",
    "\\u0041",
    "\\n",
    "%",
    "$",
    "`",
    ";",
    ",",
    ".",
    "@prefix",
    "<http://evil.example/>",
    "\u{202e}",
    "\u{200b}",
    "\u{2028}",
    "\u{fffd}",
    "😀",
    "\u{10000}",
    "é",
    "e\u{301}",
    "ß",
    "İ",
    "𝔘",
    " ",
    "\u{a0}",
    "node",
    "graph",
    "subgraph",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_string),
        2 => "[a-zA-Z0-9 ]{1,5}",
        1 => any::<char>().prop_filter("allowed by the loader", |c| !c.is_control() && (*c as u32 & 0xFFFE) != 0xFFFE
            && !matches!(*c as u32, 0xFDD0..=0xFDEF)).prop_map(String::from),
    ]
}

fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 1..8)
        .prop_map(|p| p.concat())
        .prop_filter("names have a visible character", |s| !s.trim().is_empty())
}

fn quote() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![4 => piece(), 1 => Just("\n".to_string()), 1 => Just("\t".to_string())],
        1..12,
    )
    .prop_map(|p| p.concat())
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The tiny essay: one state with the hostile label and quote, a second plain one, and a stated
/// relation between them quoting the hostile passage.
fn dataset(label: &str, quote: &str) -> Option<KnowledgeGraph> {
    let quote = format!("«{quote}»");
    let essay = format!("An Essay\n\nPlain Land is here. {quote}\n");
    let entities = format!(
        "[[entity]]\nid = \"hostile\"\ntype = \"State\"\nlabel = {}\nquote = {}\n\n[[entity]]\nid = \"plain\"\ntype = \"State\"\nlabel = \"Plain Land\"\nquote = \"Plain Land is here\"\n",
        toml_string(label),
        toml_string(&quote)
    );
    let relations = format!(
        "[[relation]]\nsubject = \"hostile\"\nrelation = \"allied_with\"\nobject = \"plain\"\nquote = {}\n",
        toml_string(&quote)
    );
    let source = |name: &str, text: String| Source { name: name.to_string(), text };
    let sources = Sources {
        essay: source("essay.txt", essay),
        entities: source("entities.toml", entities),
        relations: source("relations.toml", relations),
        background: source("background.toml", String::new()),
        coverage: source("coverage.toml", String::new()),
    };
    // A label that is also the other entity's name is a (correct) load error, not a case here.
    kg::load(&sources).ok().map(KnowledgeGraph::new)
}

fn render(kg: &KnowledgeGraph, format: Format) -> Vec<u8> {
    let mut buf = Vec::new();
    export(kg, format, &ExportOptions::default(), &mut buf).expect("export");
    buf
}

fn check_rdf(kg: &KnowledgeGraph, format: Format, label: &str, quote: &str) -> Result<(), TestCaseError> {
    let bytes = render(kg, format);
    let syntax = format.rdf_syntax().unwrap();
    let mut quads = Vec::new();
    for q in oxrdfio::RdfParser::from_format(syntax.format()).for_slice(&bytes) {
        match q {
            Ok(q) => quads.push(q),
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "{} does not parse: {e}\n{}",
                    format.name(),
                    String::from_utf8_lossy(&bytes)
                )))
            }
        }
    }
    let entity = NamedNode::new(format!("{}entity/hostile", kg::RdfOptions::default().base_for(kg))).unwrap();
    let rdfs_label = NamedNode::new("http://www.w3.org/2000/01/rdf-schema#label").unwrap();
    let expected_label = Term::from(Literal::new_language_tagged_literal_unchecked(label, "en"));
    prop_assert!(
        quads.iter().any(|q| q.subject == NamedOrBlankNode::from(entity.clone())
            && q.predicate == rdfs_label
            && q.object == expected_label),
        "{}: no label {label:?} on the entity",
        format.name()
    );
    let quoted = format!("«{quote}»");
    prop_assert!(
        quads.iter().any(|q| matches!(&q.object, Term::Literal(l) if l.value() == quoted)),
        "{}: the quote {quoted:?} did not come back",
        format.name()
    );
    Ok(())
}

fn check_json(kg: &KnowledgeGraph, label: &str) -> Result<(), TestCaseError> {
    let bytes = render(kg, Format::Json);
    let json: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| TestCaseError::fail(format!("JSON: {e}")))?;
    let nodes = json["nodes"].as_array().unwrap();
    prop_assert!(nodes.iter().any(|n| n["id"] == "hostile" && n["label"] == label), "JSON: label lost");
    Ok(())
}

fn check_graphml(kg: &KnowledgeGraph, label: &str) -> Result<(), TestCaseError> {
    let bytes = render(kg, Format::GraphMl);
    let mut reader = quick_xml::Reader::from_reader(&bytes[..]);
    let mut buf = Vec::new();
    let mut texts = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Text(t)) => {
                texts.push(t.unescape().map_err(|e| TestCaseError::fail(format!("GraphML text: {e}")))?.into_owned())
            }
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.map_err(|e| TestCaseError::fail(format!("GraphML attribute: {e}")))?;
                    a.unescape_value().map_err(|e| TestCaseError::fail(format!("GraphML attribute: {e}")))?;
                }
            }
            Ok(_) => {}
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "GraphML does not parse: {e}\n{}",
                    String::from_utf8_lossy(&bytes)
                )))
            }
        }
        buf.clear();
    }
    prop_assert!(texts.iter().any(|t| t == label), "GraphML: label {label:?} not among {texts:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_survives_every_format(label in name(), quote in quote()) {
        let Some(kg) = dataset(&label, &quote) else { return Err(TestCaseError::reject("not a valid dataset")) };
        for &format in Format::ALL {
            if format.rdf_syntax().is_some() {
                check_rdf(&kg, format, &label, &quote)?;
            }
        }
        check_json(&kg, &label)?;
        check_graphml(&kg, &label)?;
    }
}

/// The same kind of text through the real Graphviz and rapper, from the command line.
#[test]
fn graphviz_and_rapper_read_a_hostile_export() {
    let label = "A \"quoted\" \\ <b>node</b> & ]]> {graph} \u{202e}😀";
    let quote = format!("{}\tand a tab\nand a break, and {}", "long ".repeat(4000 / 5 - 10), "\\\"");
    let kg = dataset(label, &quote).expect("hostile fixture loads");
    let dir = common::Scratch::new("hostile-dot");
    let dot_file = dir.join("g.dot");
    std::fs::write(&dot_file, render(&kg, Format::Dot)).unwrap();
    let dot = common::tool("dot", "graphviz");
    let (svg, _) = common::run_ok(&dot, &["-Tsvg", dot_file.to_str().unwrap()]);
    assert!(svg.contains("&lt;b&gt;node&lt;/b&gt;") && svg.contains("😀"), "label lost in the SVG");
    let (xdot, _) = common::run_ok(&dot, &["-Tjson", dot_file.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&xdot).unwrap();
    let hostile = json["objects"].as_array().unwrap().iter().find(|o| o["name"] == "hostile").unwrap();
    // What Graphviz draws (its label attribute keeps the DOT escapes, as escString does).
    let drawn: Vec<&str> = hostile["_ldraw_"].as_array().unwrap().iter().filter_map(|op| op["text"].as_str()).collect();
    // Long labels wrap at spaces: the lines joined again are the label.
    assert_eq!(drawn.join(" "), label);
    assert!(hostile["tooltip"].as_str().unwrap().ends_with('…'));

    let rdf_file = dir.join("g.rdf");
    std::fs::write(&rdf_file, render(&kg, Format::RdfXml)).unwrap();
    let rapper = common::tool("rapper", "raptor2-utils");
    let (triples, _) = common::run_ok(&rapper, &["-q", "-i", "rdfxml", "-o", "ntriples", rdf_file.to_str().unwrap()]);
    assert!(triples.contains("\\tand a tab\\nand a break"), "quote lost by rapper");
}
