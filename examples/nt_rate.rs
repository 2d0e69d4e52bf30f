//! A benchmark helper, not a user command: the N-Triples rows of `benches/scale.rs` alone, for
//! quick before/after comparisons of the RDF export on a corpus directory (`examples/gen_corpus.rs`
//! writes them). Prints, as medians of RUNS in one process: the first export of a freshly built
//! graph (which names the passages it cites), a repeated export of a loaded graph, oxttl's
//! serializer alone writing the same triples (made untimed in batches of `BATCH` quads, 16384
//! unless the environment says), and the two ratios the bench reports.
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
    // The prefixes kg's export declares, for oxttl's serializer (none in N-Triples).
    let prefixes: Vec<(String, String)> = match format {
        Format::NTriples => Vec::new(),
        _ => {
            let mut written = Vec::new();
            kg::export(&kg, format, &options, &mut written).expect("the export succeeds");
            let p = String::from_utf8_lossy(&written)
                .lines()
                .take_while(|l| l.starts_with("@prefix "))
                .filter_map(|l| l["@prefix ".len()..].strip_suffix("> .")?.split_once(": <"))
                .map(|(name, iri)| (name.to_string(), iri.to_string()))
                .collect();
            p
        }
    };
    // oxttl's side: the same triples, made untimed in batches (`kg::rdf_quads_in_batches`, as
    // `benches/scale.rs` does, so that 1,000,000 relations fit in memory), only the serializer's
    // calls timed (wall and CPU). BATCH (default 16384) sets the batch size.
    let batch: usize = std::env::var("BATCH").ok().and_then(|b| b.parse().ok()).unwrap_or(16_384);
    let mut n_triples = 0;
    let mut oxttl = || {
        let mut serializer = RdfSerializer::from_format(raw_format);
        for (name, iri) in &prefixes {
            serializer = serializer.with_prefix(name.as_str(), iri.as_str()).expect("a valid prefix");
        }
        let mut w = Some(serializer.for_writer(kg::ByteCount::default()));
        let (mut wall, mut cpu_time, mut n) = (Duration::ZERO, Duration::ZERO, 0);
        kg::rdf_quads_in_batches(&kg, &options.rdf, syntax, batch, |quads| {
            let w = w.as_mut().expect("the serializer");
            let (dw, dc) = timed(|| {
                for q in quads {
                    w.serialize_quad(q).expect("serializes");
                }
            });
            wall += dw;
            cpu_time += dc;
            n += quads.len();
        })
        .expect("quads");
        let (dw, dc) = timed(|| {
            black_box(w.take().expect("the serializer").finish().expect("finishes").0);
        });
        n_triples = n;
        (wall + dw, cpu_time + dc)
    };
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
        let (w, c) = oxttl();
        raw.push(w);
        raw_cpu.push(c);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (first, repeated, raw) = (median(first), median(repeated), median(raw));
    let (first_cpu, repeated_cpu, raw_cpu) = (median(first_cpu), median(repeated_cpu), median(raw_cpu));
    println!(
        "{format:?}: {} relations, {} triples, median of {runs}: first {:.0} ms (CPU {:.0}), repeated {:.0} ms (CPU {:.0}), oxttl {:.0} ms (CPU {:.0}); ratio first {:.2} (CPU {:.2}), repeated {:.2} (CPU {:.2})",
        kg.relations().len(),
        n_triples,
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
