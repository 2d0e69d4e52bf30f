//! A benchmark helper, not a user command: exports a graph COPIES times the essay's (replicated
//! in memory, past the loader's input caps) so that `/usr/bin/time -v` can report the peak memory
//! of the RDF exports at scale.
//!
//! ```text
//! cargo run --release --example rdf_memory -- COPIES [none|collect|all|FORMAT...]
//! ```
//!
//! `none` only builds the graph (the baseline); `collect` builds every quad in memory with
//! `rdf_quads` and writes them as N-Triples (what every RDF export did before it streamed);
//! `all` writes every RDF format; otherwise the formats named. Output goes to /dev/null; the
//! time and size of each export are printed on standard error.

use std::io::BufWriter;
use std::process::ExitCode;
use std::time::Instant;

use kg::{ExportOptions, Format, KnowledgeGraph};

#[path = "../tests/common/scale.rs"]
mod scale;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(Ok(copies)) = args.first().map(|n| n.parse::<usize>()) else {
        eprintln!("usage: rdf_memory COPIES [none|collect|all|FORMAT...]");
        return ExitCode::from(2);
    };
    let Ok(essay) = KnowledgeGraph::builtin() else {
        eprintln!("rdf_memory: the built-in essay does not load");
        return ExitCode::from(1);
    };
    let kg = KnowledgeGraph::new(scale::replicate(essay.data(), copies, "japan"));
    drop(essay);
    eprintln!("{} entities, {} relations", kg.entities().len(), kg.relations().len());
    let options = ExportOptions::default();
    let what: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    let formats: Vec<Format> = match what.as_slice() {
        [] | ["none"] => Vec::new(),
        ["collect"] => {
            let started = Instant::now();
            let quads = kg::quads_for(kg::RdfSyntax::NTriples, kg::rdf_quads(&kg, &options.rdf).expect("quads"));
            let built = started.elapsed();
            // oxttl's serializer alone on the triples already built, as benches/scale.rs times it.
            let raw = Instant::now();
            let mut out = BufWriter::new(kg::ByteCount::default());
            let mut writer = oxrdfio::RdfSerializer::from_format(oxrdfio::RdfFormat::NTriples).for_writer(&mut out);
            for q in &quads {
                writer.serialize_quad(q).expect("writes");
            }
            writer.finish().expect("writes");
            let raw = raw.elapsed();
            let bytes = out.into_inner().map(|s| s.0).unwrap_or(0);
            eprintln!(
                "collect: {} triples built in {built:.2?}; oxttl alone wrote {bytes} bytes in {raw:.2?}",
                quads.len()
            );
            Vec::new()
        }
        ["all"] => Format::ALL.iter().copied().filter(|f| f.rdf_syntax().is_some()).collect(),
        names => {
            let mut formats = Vec::new();
            for name in names {
                match Format::ALL.iter().find(|f| f.name() == *name) {
                    Some(f) => formats.push(*f),
                    None => {
                        eprintln!("rdf_memory: unknown format {name}");
                        return ExitCode::from(2);
                    }
                }
            }
            formats
        }
    };
    for format in formats {
        let started = Instant::now();
        let mut out = BufWriter::new(kg::ByteCount::default());
        if let Err(e) = kg::export(&kg, format, &options, &mut out) {
            eprintln!("rdf_memory: {}: {e}", format.name());
            return ExitCode::from(1);
        }
        let bytes = out.into_inner().map(|s| s.0).unwrap_or(0);
        eprintln!("{}: {bytes} bytes in {:.2?}", format.name(), started.elapsed());
    }
    ExitCode::SUCCESS
}
