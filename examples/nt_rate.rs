//! A benchmark helper, not a user command: the N-Triples rows of `benches/scale.rs` alone, for
//! quick before/after comparisons of the RDF export on a corpus directory (`examples/gen_corpus.rs`
//! writes them). Prints, as medians of RUNS in one process: the first export of a freshly built
//! graph (which names the passages it cites), a repeated export of a loaded graph, oxttl's
//! serializer alone writing the same prebuilt triples, and the two ratios the bench reports.
//! Process CPU time is measured beside wall time: on a shared machine it is the steadier one.
//! FORMAT `turtle` or `trig` measures those instead (kg's own writer, `src/export/turtle.rs`,
//! against oxttl's serializer given the prefixes kg's export declares).
//!
//! ```text
//! cargo run --release --example nt_rate -- DIR [RUNS] [ntriples|turtle|trig]
//! ```

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use kg::{ExportOptions, Format, KnowledgeGraph};
use oxrdfio::{RdfFormat, RdfSerializer};

#[path = "support/timing.rs"]
mod timing;
use timing::{cpu, median};

/// Wall and CPU time of `f`.
fn timed(f: impl FnOnce()) -> (Duration, Duration) {
    let (start, start_cpu) = (Instant::now(), cpu());
    f();
    (start.elapsed(), cpu() - start_cpu)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: nt_rate DIR [RUNS] [ntriples|turtle|trig]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let (format, syntax, raw_format) = match args.get(2).map(String::as_str).unwrap_or("ntriples") {
        "ntriples" => (Format::NTriples, kg::RdfSyntax::NTriples, RdfFormat::NTriples),
        "turtle" => (Format::Turtle, kg::RdfSyntax::Turtle, RdfFormat::Turtle),
        "trig" => (Format::TriG, kg::RdfSyntax::TriG, RdfFormat::TriG),
        other => {
            eprintln!("nt_rate: unknown format `{other}` (ntriples, turtle or trig)");
            return ExitCode::from(2);
        }
    };
    let kg = match kg::load_dir(std::path::Path::new(dir)) {
        Ok(data) => KnowledgeGraph::new(data),
        Err(e) => {
            eprintln!("nt_rate: {e}");
            return ExitCode::from(1);
        }
    };
    let options = ExportOptions::default();
    let export = |g: &KnowledgeGraph| {
        let mut out = kg::ByteCount::default();
        kg::export(g, format, &options, &mut out).expect("the export succeeds");
        black_box(out.0);
    };
    let triples = kg::quads_for(syntax, kg::rdf_quads(&kg, &options.rdf).expect("quads"));
    // The prefixes kg's export declares, for oxttl's serializer.
    let mut written = Vec::new();
    kg::export(&kg, format, &options, &mut written).expect("the export succeeds");
    let prefixes: Vec<(String, String)> = String::from_utf8_lossy(&written)
        .lines()
        .take_while(|l| l.starts_with("@prefix "))
        .filter_map(|l| l["@prefix ".len()..].strip_suffix("> .")?.split_once(": <"))
        .map(|(name, iri)| (name.to_string(), iri.to_string()))
        .collect();
    drop(written);
    let (mut first, mut first_cpu, mut repeated, mut repeated_cpu, mut raw, mut raw_cpu) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    export(&kg); // names the passages of `kg` for the repeated exports
    for _ in 0..runs {
        let fresh = KnowledgeGraph::new(kg.data().clone());
        let (w, c) = timed(|| export(&fresh));
        first.push(w);
        first_cpu.push(c);
        drop(fresh);
        let (w, c) = timed(|| export(&kg));
        repeated.push(w);
        repeated_cpu.push(c);
        let (w, c) = timed(|| {
            let mut serializer = RdfSerializer::from_format(raw_format);
            for (name, iri) in &prefixes {
                serializer = serializer.with_prefix(name.as_str(), iri.as_str()).expect("a valid prefix");
            }
            let mut w = serializer.for_writer(kg::ByteCount::default());
            for q in &triples {
                w.serialize_quad(q).expect("serializes");
            }
            black_box(w.finish().expect("finishes").0);
        });
        raw.push(w);
        raw_cpu.push(c);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (first, repeated, raw) = (median(first), median(repeated), median(raw));
    let (first_cpu, repeated_cpu, raw_cpu) = (median(first_cpu), median(repeated_cpu), median(raw_cpu));
    println!(
        "{format:?}: {} relations, {} triples, median of {runs}: first {:.0} ms (CPU {:.0}), repeated {:.0} ms (CPU {:.0}), oxttl {:.0} ms (CPU {:.0}); ratio first {:.2} (CPU {:.2}), repeated {:.2} (CPU {:.2})",
        kg.relations().len(),
        triples.len(),
        ms(first),
        ms(first_cpu),
        ms(repeated),
        ms(repeated_cpu),
        ms(raw),
        ms(raw_cpu),
        raw.as_secs_f64() / first.as_secs_f64(),
        raw_cpu.as_secs_f64() / first_cpu.as_secs_f64(),
        raw.as_secs_f64() / repeated.as_secs_f64(),
        raw_cpu.as_secs_f64() / repeated_cpu.as_secs_f64(),
    );
    ExitCode::SUCCESS
}
