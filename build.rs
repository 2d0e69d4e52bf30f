//! Build script: loads and validates the built-in essay (`data/`) with the crate's own loader,
//! compiled in here through `#[path]`, and writes the validated `Dataset` in its compact form
//! (`src/compact.rs`, postcard, with the graph's name index as a sorted table: `src/name_table.rs`)
//! to `$OUT_DIR/builtin.postcard` and its text to `builtin_text.txt`, which `src/builtin.rs`
//! embeds and decodes at start-up, and the names of the passages the RDF export cites
//! (`src/passage_names.rs`) to `$OUT_DIR/passage_names.postcard`, and the HTML page's layout
//! (`src/export/html/layout.rs`) and path tables (`src/query/path_table.rs` over `src/graph.rs`),
//! each with the inputs it was made from, and its data object (`src/export/html/json.rs`), to
//! `$OUT_DIR/html_*`. So the
//! binary pays for TOML parsing, quote search and mention finding once, when it is built, and a
//! change to the loader or the model flows through here without a second copy of either.
//!
//! Invalid built-in data does not fail the build: the script writes an empty file and says why in
//! cargo warnings, and the library then loads the sources at run time, which reports every problem
//! (so `kg check` keeps working while the annotations are being edited).

// The library's modules are compiled here for one call (`load::load`); most of their API is unused.
#![allow(dead_code, unused_imports)]

#[path = "src/canonical.rs"]
mod canonical;
#[path = "src/compact.rs"]
mod compact;
#[path = "src/coverage.rs"]
mod coverage;
#[path = "src/error.rs"]
mod error;
#[path = "src/graph.rs"]
mod graph;
#[path = "src/export/html/layout.rs"]
mod html_layout;
#[path = "src/query/path_table.rs"]
mod html_path_table;
#[path = "src/load.rs"]
mod load;
#[path = "src/mentions.rs"]
mod mentions;
#[path = "src/model/mod.rs"]
mod model;
#[path = "src/name_table.rs"]
mod name_table;
#[path = "src/names.rs"]
mod names;
#[path = "src/passage_names.rs"]
mod passage_names;
#[path = "src/text.rs"]
mod text;
// The RDF stream of the built-in essay (`src/export/rdf_stored.rs`): the export's own stream
// (`rdf.rs`, with the vocabulary, `graph.rs` and `vocab.rs`), run here with the default options.
#[path = "src/export/ontology.rs"]
mod ontology;
#[path = "src/export/rdf.rs"]
mod rdf;
#[path = "src/export/rdf_stored.rs"]
mod rdf_stored;
// `kg sparql`'s index of the built-in essay's stream (`src/query/sparql_index.rs`, without the
// evaluator's side).
#[path = "src/query/sparql_index.rs"]
mod sparql_index;
#[path = "src/vocab.rs"]
mod vocab;
// JSON-LD's writer (`src/export/jsonld.rs`, with its context `jsonld/context.rs`, which names
// what it uses of the export as `crate::export`, and the escapes `escape.rs`): it writes the
// context and terms for the built-in essay's defaults (`context::encode`) and each term of the
// stored stream (`jsonld::encode_terms`).
#[path = "src/export/escape.rs"]
mod escape;
#[path = "src/export/jsonld.rs"]
mod jsonld;
use rdf::RdfOptions;
mod export {
    pub(crate) use crate::ontology::property_iri;
    pub(crate) use crate::rdf::export_prefixes;
    pub(crate) use crate::{decimal, json_writer, style};
}
// The HTML page's data object (`src/export/html/json.rs`, with what it writes with: dates and
// numbers `decimal.rs`, strings `json_writer.rs` (over `flat.rs`), labels and colours `style.rs`),
// written here for the built-in essay.
#[path = "src/export/decimal.rs"]
mod decimal;
#[path = "src/export/flat.rs"]
mod flat;
#[path = "src/export/html/json.rs"]
mod html_json;
#[path = "src/export/json_writer.rs"]
mod json_writer;
#[path = "src/export/style.rs"]
mod style;
/// `src/query/mod.rs` as the page's data and `decimal.rs` see it: the path tables' numbers.
mod query {
    pub(crate) use crate::html_path_table as path_table;
}
use error::LoadError;
use model::SharedStr;
/// `src/export/mod.rs`'s error, as far as the stream uses it.
#[derive(Debug)]
enum ExportError {
    BadBase(String),
    Io(std::io::Error),
}
impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}
impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> Self {
        ExportError::Io(e.into())
    }
}
// Turtle's writer (`src/export/turtle.rs`, with the writers' cache `recent.rs`), which writes
// each term of the stored stream here (`turtle::encode_terms`).
#[path = "src/export/recent.rs"]
mod recent;
#[path = "src/export/turtle.rs"]
mod turtle;
// RDF/XML's writer (`src/export/rdfxml.rs`), which writes each term of the stored stream here
// (`rdfxml::encode_terms`).
#[path = "src/export/rdfxml.rs"]
mod rdfxml;
/// `src/builtin.rs` as the stream and `graph.rs` see it here: no stored stream and no stored
/// passage names (they are being made); `KnowledgeGraph::builtin`, never called here, is the graph
/// of what the loader makes.
mod builtin {
    pub(crate) fn passage_names() -> Option<&'static (String, Vec<crate::passage_names::NamedPassage>)> {
        None
    }
    pub(crate) fn rdf_stream() -> Option<&'static crate::rdf_stored::StoredStream<'static>> {
        None
    }
    pub(crate) static TURTLE_TERMS: &[u8] = &[];
    pub(crate) static JSONLD_CONTEXT: &[u8] = &[];
    pub(crate) static JSONLD_TERMS: &[u8] = &[];
    pub(crate) static JSONLD_PLAN: &[u8] = &[];
    pub(crate) fn jsonld_plan_checked(_bytes: &[u8]) -> Option<usize> {
        None
    }
    pub(crate) static RDFXML_NAMESPACES: &[u8] = &[];
    pub(crate) static RDFXML_TERMS: &[u8] = &[];
    pub(crate) static NTRIPLES_TERMS: &[u8] = &[];
    pub(crate) fn rdfxml_terms_checked(_bytes: &[u8], _kinds: [usize; 4]) -> bool {
        false
    }
    pub(crate) fn turtle_terms_checked(_bytes: &[u8], _kinds: [usize; 4]) -> Option<usize> {
        None
    }
    pub(crate) fn checked_text(_bytes: &[u8]) -> Option<&'static str> {
        None
    }
    pub(crate) fn builtin_graph() -> Result<crate::graph::KnowledgeGraph, crate::LoadError> {
        crate::load::load(&crate::load::Sources::builtin()).map(crate::graph::KnowledgeGraph::new)
    }
}

/// The loader's phase timings (`src/trace.rs`), never asked for here.
mod trace {
    pub(crate) fn span<T>(_name: &'static str, f: impl FnOnce() -> T) -> T {
        f()
    }
}

use std::path::PathBuf;

fn main() {
    for input in [
        "data",
        "src/load.rs",
        "src/canonical.rs",
        "src/compact.rs",
        "src/coverage.rs",
        "src/model",
        "src/error.rs",
        "src/mentions.rs",
        "src/names.rs",
        "src/name_table.rs",
        "src/passage_names.rs",
        "src/text.rs",
        "src/export/html/layout.rs",
        "src/graph.rs",
        "src/vocab.rs",
        "src/export/ontology.rs",
        "src/export/rdf.rs",
        "src/export/rdf_stored.rs",
        "src/export/turtle.rs",
        "src/export/recent.rs",
        "src/query/sparql_index.rs",
        "src/query/path_table.rs",
        "src/export/jsonld/context.rs",
        "src/export/jsonld.rs",
        "src/export/jsonld/plan.rs",
        "src/export/escape.rs",
        "src/export/rdfxml.rs",
        "src/export/html/json.rs",
        "src/export/decimal.rs",
        "src/export/flat.rs",
        "src/export/json_writer.rs",
        "src/export/style.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    link_position_dependent();
    link_in_symbol_order();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.postcard");
    let text_out = out.with_file_name("builtin_text.txt");
    let names_out = out.with_file_name("passage_names.postcard");
    let layout_out = out.with_file_name("html_layout.postcard");
    let page_data_out = out.with_file_name("html_page_data.json");
    let stream_out = out.with_file_name("rdf_stream.bin");
    let index_out = out.with_file_name("sparql_index.bin");
    let namespaces_out = out.with_file_name("rdfxml_namespaces.txt");
    let context_out = out.with_file_name("jsonld_context.postcard");
    let turtle_out = out.with_file_name("turtle_terms.bin");
    let jsonld_terms_out = out.with_file_name("jsonld_terms.bin");
    let jsonld_plan_out = out.with_file_name("jsonld_plan.bin");
    let rdfxml_terms_out = out.with_file_name("rdfxml_terms.bin");
    let ntriples_terms_out = out.with_file_name("ntriples_terms.bin");
    let path_outs =
        ["html_path_moves.postcard", "html_paths.json", "html_stated_paths.json"].map(|f| out.with_file_name(f));
    let bytes = match load::load(&load::Sources::builtin()) {
        Ok(data) => {
            // The RDF export's passage names (a search of the essay for each passage's narrowest
            // unique context), made once here; the library takes them for this essay text only.
            let names = (data.essay.clone(), passage_names::name_all_passages(&data));
            std::fs::write(&names_out, postcard::to_stdvec(&names).expect("names serialize"))
                .expect("OUT_DIR is writable");
            // The HTML page's layout, made by the export's own code; the library uses it only
            // for a graph with these very label widths and edges.
            let layout = html_layout_of(&data);
            std::fs::write(&layout_out, postcard::to_stdvec(&layout).expect("layout serializes"))
                .expect("OUT_DIR is writable");
            // The page's data object with that layout, written by the page's own code; the
            // library uses it for the graph decoded from this very data only.
            std::fs::write(&page_data_out, html_page_data_of(&data, &layout.2)).expect("OUT_DIR is writable");
            // The RDF stream with the default options (`src/export/rdf_stored.rs`); the library
            // lends it for the built-in graph and these options only.
            // With them, the namespaces RDF/XML declares and JSON-LD's context.
            // And each of its terms as Turtle, JSON-LD, RDF/XML and N-Triples write it.
            let (stream, index, namespaces, context, [turtle_terms, jsonld_terms, rdfxml_terms, ntriples_terms]) =
                rdf_stream_of(&data);
            // JSON-LD's plan of its node objects, made by writing them from that stream.
            std::fs::write(&jsonld_plan_out, jsonld_plan_of(&data, &stream, &jsonld_terms))
                .expect("OUT_DIR is writable");
            std::fs::write(&stream_out, stream).expect("OUT_DIR is writable");
            std::fs::write(&turtle_out, turtle_terms).expect("OUT_DIR is writable");
            std::fs::write(&jsonld_terms_out, jsonld_terms).expect("OUT_DIR is writable");
            std::fs::write(&rdfxml_terms_out, rdfxml_terms).expect("OUT_DIR is writable");
            std::fs::write(&ntriples_terms_out, ntriples_terms).expect("OUT_DIR is writable");
            std::fs::write(&index_out, index).expect("OUT_DIR is writable");
            std::fs::write(&namespaces_out, namespaces).expect("OUT_DIR is writable");
            std::fs::write(&context_out, context).expect("OUT_DIR is writable");
            // The HTML page's path tables, written by the library's own code; it uses them only
            // for a graph with these very moves.
            let (moves, [paths, stated_paths]) = html_path_tables_of(&data);
            for (file, bytes) in
                path_outs.iter().zip([postcard::to_stdvec(&moves).expect("moves serialize"), paths, stated_paths])
            {
                std::fs::write(file, bytes).expect("OUT_DIR is writable");
            }
            // The compact form (`src/compact.rs`): strings borrowed at start-up, quotes as spans;
            // its text (essay, strings, name keys) in a file of its own for `include_str!`.
            let (bytes, text) = compact::encode(&data).unwrap_or_else(|| {
                println!("cargo:warning=the built-in dataset has no compact form; kg will validate it at run time");
                (Vec::new(), String::new())
            });
            std::fs::write(&text_out, text).expect("OUT_DIR is writable");
            bytes
        }
        Err(e) => {
            std::fs::write(&names_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&layout_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&page_data_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&stream_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&text_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&index_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&namespaces_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&context_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&turtle_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&jsonld_terms_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&jsonld_plan_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&rdfxml_terms_out, b"").expect("OUT_DIR is writable");
            std::fs::write(&ntriples_terms_out, b"").expect("OUT_DIR is writable");
            for file in &path_outs {
                std::fs::write(file, b"").expect("OUT_DIR is writable");
            }
            for line in e.to_string().lines() {
                println!("cargo:warning=built-in data is invalid, kg will validate it at run time: {line}");
            }
            Vec::new()
        }
    };
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}

/// The HTML page's layout of `data`'s graph (`src/export/html/layout.rs`), with the inputs it is
/// made from: each entity's label width, and each relation's ends as entity indices, in the
/// order `graph.rs` numbers its nodes (entity order) and edges (relation order).
fn html_layout_of(data: &model::Dataset) -> html_layout::StoredLayout {
    let widths: Vec<f64> = data.entities.iter().map(|e| html_layout::box_width(&e.label)).collect();
    let index: std::collections::HashMap<&str, usize> =
        data.entities.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> = data
        .relations
        .iter()
        .filter_map(|r| Some((*index.get(r.subject.as_str())?, *index.get(r.object.as_str())?)))
        .collect();
    let positions = html_layout::layout(&widths, &edges);
    (widths, edges, positions)
}

/// The HTML page's data object of `data`'s graph with the nodes at `positions`, as the page
/// embeds it (`src/export/html/json.rs`: `write_page_data`, then every `<` written as `\u003c`),
/// left open for the path tables.
fn html_page_data_of(data: &model::Dataset, positions: &[(f64, f64)]) -> Vec<u8> {
    let kg = graph::KnowledgeGraph::new(data.clone());
    let mut json = Vec::with_capacity(1 << 19);
    html_json::write_page_data(&kg, positions, &mut json);
    let mut escaped = Vec::with_capacity(json.len() + (1 << 10));
    html_json::write_lt_escaped(&json, &mut escaped).expect("a Vec takes every write");
    escaped
}

/// What [`rdf_stream_of`] stores: the stream, `kg sparql`'s index, RDF/XML's namespaces,
/// JSON-LD's context, Turtle's, JSON-LD's, RDF/XML's and N-Triples' written terms.
type StoredRdf = (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>, [Vec<u8>; 4]);

/// The stored form of `data`'s RDF stream with the default options (`src/export/rdf_stored.rs`),
/// made by the export's own code, and of `kg sparql`'s index of it (`src/query/sparql_index.rs`,
/// built as `query::sparql::fresh_sparql_store` builds it), the namespaces of the default
/// options' prefixes its default graph uses (which RDF/XML declares: `rdf_stored::encode_namespaces`)
/// JSON-LD's context for the default base and vocabulary (`src/export/jsonld/context.rs`) and
/// each term of the stored stream as Turtle writes it with those prefixes (`turtle::encode_terms`)
/// and as JSON-LD writes it with that context (`jsonld::encode_terms`) and RDF/XML declaring
/// those namespaces (`rdfxml::encode_terms`) and as an N-Triples line writes it
/// (`rdf_stored::encode_line_terms`);
/// all empty (the library then makes them at run time) if the stream fails.
fn rdf_stream_of(data: &model::Dataset) -> StoredRdf {
    let kg = graph::KnowledgeGraph::new(data.clone());
    let options = rdf::RdfOptions::default();
    match rdf::RdfStream::new(&kg, &options) {
        Ok(stream) => {
            let (base, vocab) = (options.base_for(&kg), options.vocab_namespace());
            let prefixes = rdf::export_prefixes(&base, vocab);
            let candidates: Vec<(&str, &str)> = prefixes.iter().map(|(name, iri)| (*name, iri.as_str())).collect();
            let namespaces = rdf_stored::encode_namespaces(&stream, &candidates);
            let context = jsonld::context::encode(&base, vocab).unwrap_or_else(|| {
                println!("cargo:warning=JSON-LD's context is not stored: it did not serialize");
                Vec::new()
            });
            let (stated, background) = stream.counts();
            let mut builder = sparql_index::SparqlStoreBuilder::with_capacity(stated + background);
            stream
                .for_each_subject_ref(true, |quads| {
                    quads.iter().for_each(|q| builder.add(*q));
                    Ok::<(), std::convert::Infallible>(())
                })
                .unwrap_or_else(|never| match never {});
            let stored = rdf_stored::encode(&stream);
            let used = rdf_stored::decode_namespaces(&namespaces, &candidates).unwrap_or_default();
            let declared: Vec<(&str, &str)> =
                candidates.iter().zip(&used).filter(|(_, used)| **used).map(|(c, _)| *c).collect();
            let [turtle_terms, jsonld_terms, rdfxml_terms, ntriples_terms] =
                match rdf_stored::StoredStream::decode(&stored) {
                    Some(decoded) => [
                        turtle::encode_terms(&decoded, &candidates),
                        jsonld::encode_terms(&decoded, &base, vocab),
                        rdfxml::encode_terms(&decoded, &declared),
                        rdf_stored::encode_line_terms(&decoded),
                    ],
                    None => [Vec::new(), Vec::new(), Vec::new(), Vec::new()],
                };
            if turtle_terms.is_empty() {
                println!("cargo:warning=Turtle's written terms are not stored");
            }
            if jsonld_terms.is_empty() {
                println!("cargo:warning=JSON-LD's written terms are not stored");
            }
            if rdfxml_terms.is_empty() {
                println!("cargo:warning=RDF/XML's written terms are not stored");
            }
            if ntriples_terms.is_empty() {
                println!("cargo:warning=N-Triples' written terms are not stored");
            }
            let terms = [turtle_terms, jsonld_terms, rdfxml_terms, ntriples_terms];
            (stored, sparql_index::encode(&builder.build()), namespaces, context, terms)
        }
        Err(e) => {
            println!("cargo:warning=the built-in essay's RDF stream is not stored: {e:?}");
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), [Vec::new(), Vec::new(), Vec::new(), Vec::new()])
        }
    }
}

/// JSON-LD's plan of the built-in essay's node objects (`src/export/jsonld/plan.rs`), made by
/// writing its export with the default options from the stored `stream` (lent as the library
/// lends it, so kept for the build's life) and JSON-LD's stored `terms`; empty (the library then
/// writes every node object) where it cannot be made.
fn jsonld_plan_of(data: &model::Dataset, stream: &[u8], terms: &[u8]) -> Vec<u8> {
    let bytes: &'static [u8] = Box::leak(stream.to_vec().into_boxed_slice());
    let plan = rdf_stored::StoredStream::decode(bytes).and_then(|decoded| {
        let decoded: &'static rdf_stored::StoredStream<'static> = Box::leak(Box::new(decoded));
        let kg = graph::KnowledgeGraph::new(data.clone());
        let lent = rdf::RdfStream::lending(&kg, &RdfOptions::default(), decoded).ok()?;
        Some(jsonld::encode_plan(&kg, &lent, terms))
    });
    let plan = plan.unwrap_or_default();
    if plan.is_empty() {
        println!("cargo:warning=JSON-LD's plan of the node objects is not stored");
    }
    plan
}

/// The HTML page's two path tables of `data`'s graph (`src/query/path_table.rs`), with the moves
/// they are written from: without and with `--stated-only` (only stated relations), no entity
/// type avoided, relations followed both ways, as `query::path::move_table` lists them for the
/// page's two `PathOptions`.
fn html_path_tables_of(data: &model::Dataset) -> ([html_path_table::StoredMoves; 2], [Vec<u8>; 2]) {
    let kg = graph::KnowledgeGraph::new(data.clone());
    let tables = [false, true]
        .map(|stated_only| html_path_table::MoveTable::new(&kg, false, |r| !stated_only || r.is_stated(), |_| false));
    let texts = tables.each_ref().map(|table| {
        let mut text = Vec::new();
        table.write_json(&mut text);
        text
    });
    (tables.map(|t| (t.offsets, t.moves, t.blocked)), texts)
}

/// Links the `kg` binary with its functions that the essay commands run placed first and
/// together (`link/symbol-order.txt`, written by `scripts/link-order`), where the linker is LLD:
/// each command then touches a few 64 KiB windows of code instead of 20 to 70 scattered over
/// 8 MB, ~10–35 page faults fewer at every start (ARCHITECTURE.md, "Build settings"). Rust links
/// with LLD by default on x86_64 Linux from 1.90 on; GNU ld does not know the option, so it is
/// given only there, and not when the build names a linker of its own or `KG_LINK_ORDER=0`. A
/// name the binary lacks is skipped by LLD (the file is a placement, never a list it needs).
/// `tests/build_settings.rs` checks the placement in a binary that LLD linked.
fn link_in_symbol_order() {
    const ORDER: &str = "link/symbol-order.txt";
    println!("cargo:rerun-if-changed={ORDER}");
    for var in ["KG_LINK_ORDER", "RUSTC", "CARGO_ENCODED_RUSTFLAGS", "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let default_lld = env("TARGET") == "x86_64-unknown-linux-gnu"
        && rustc_minor_version().is_some_and(|minor| minor >= 90)
        && !env("CARGO_ENCODED_RUSTFLAGS").contains("link")
        && std::env::var_os("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_none();
    let order = PathBuf::from(env("CARGO_MANIFEST_DIR")).join(ORDER);
    if default_lld && env("KG_LINK_ORDER") != "0" && order.is_file() {
        println!("cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}", order.display());
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// The minor version of the compiler that builds kg (`rustc -V`: `rustc 1.95.0 (...)`).
fn rustc_minor_version() -> Option<u32> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = std::process::Command::new(rustc).arg("-V").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

/// Links the `kg` binary (not the library, tests or examples) on Linux as a position-dependent
/// executable unless `KG_PIE` is set: its start-up then applies no relocations (a PIE applies
/// about 21,000, which write to ~100 pages of `.data.rel.ro` at every start, a copy-on-write page
/// fault each; half of `kg --version`'s time). What that costs (the program's own code and data
/// at a fixed address; libraries, heap and stack stay randomised) and why it is worth it for a
/// command-line tool is in ARCHITECTURE.md, "Build settings". `KG_PIE=1 cargo install` keeps a PIE.
fn link_position_dependent() {
    println!("cargo:rerun-if-env-changed=KG_PIE");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") && std::env::var_os("KG_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
