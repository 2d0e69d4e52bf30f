//! A benchmark helper, not a user command: loads an annotated essay directory
//! (`examples/gen_corpus.rs` writes synthetic ones) once, then times each graph format's export of
//! the loaded graph several times in one process (into a byte counter, after one warm-up, as
//! `scripts/bench` measures them), and the graph's build; prints medians of wall and CPU time, for
//! quick before/after comparisons of the graph-format writers' growth.
//!
//! ```text
//! cargo run --release --example graph_formats -- DIR [RUNS] [FORMAT...]
//! ```

use std::process::ExitCode;
use std::time::Instant;

#[path = "support/timing.rs"]
mod timing;
use timing::{cpu, median};

use kg::{export, ExportOptions, Format, KnowledgeGraph};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: graph_formats DIR [RUNS] [FORMAT...]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let wanted: Vec<&str> = args.iter().skip(2).map(String::as_str).collect();
    let data = match kg::load_dir(std::path::Path::new(dir)) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("graph_formats: {e}");
            return ExitCode::from(1);
        }
    };
    let (mut walls, mut cpus, mut kept) = (Vec::new(), Vec::new(), None);
    for _ in 0..runs {
        drop(kept.take());
        let copy = data.clone();
        let (start, start_cpu) = (Instant::now(), cpu());
        kept = Some(KnowledgeGraph::new(copy));
        walls.push(start.elapsed());
        cpus.push(cpu() - start_cpu);
    }
    let kg = kept.expect("at least one run");
    let relations = kg.relations().len();
    println!("{relations} relations");
    println!("{:<20} {:>10.2} ms wall {:>10.2} ms cpu", "build", ms(median(walls)), ms(median(cpus)));
    let options = ExportOptions::default();
    for format in Format::ALL {
        let name = format.name();
        let graph_format = ["dot", "csv-nodes", "csv-relationships", "json", "gexf", "graphml", "cytoscape"];
        let chosen = if wanted.is_empty() { graph_format.contains(&name) } else { wanted.contains(&name) };
        if !chosen {
            continue;
        }
        let mut out = kg::ByteCount::default();
        if let Err(e) = export(&kg, *format, &options, &mut out) {
            println!("{name:<20} refused: {e}");
            continue;
        }
        let (mut walls, mut cpus) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let mut out = kg::ByteCount::default();
            let (start, start_cpu) = (Instant::now(), cpu());
            export(&kg, *format, &options, &mut out).expect("the export succeeds");
            walls.push(start.elapsed());
            cpus.push(cpu() - start_cpu);
        }
        println!("{name:<20} {:>10.2} ms wall {:>10.2} ms cpu", ms(median(walls)), ms(median(cpus)));
    }
    ExitCode::SUCCESS
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
