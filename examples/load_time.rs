//! A benchmark helper, not a user command: loads and validates an annotated essay directory
//! (`examples/gen_corpus.rs` writes synthetic ones) several times in one process, and prints the
//! median time of loading + validating and of building the graph, apart, as `scripts/bench`
//! measures them, for quick before/after comparisons of the loader. It prints wall time and the
//! process's CPU time (all threads): on a shared machine the CPU time is the steadier measure.
//!
//! ```text
//! cargo run --release --example load_time -- DIR [RUNS]
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

#[path = "support/timing.rs"]
mod timing;
use timing::{cpu, median};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: load_time DIR [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let (mut loads, mut builds) = (Vec::new(), Vec::new());
    let (mut load_cpu, mut build_cpu) = (Vec::new(), Vec::new());
    let mut relations = 0;
    for _ in 0..runs {
        let (start, start_cpu) = (Instant::now(), cpu());
        let data = match kg::load_dir(std::path::Path::new(dir)) {
            Ok(data) => data,
            Err(e) => {
                eprintln!("load_time: {e}");
                return ExitCode::from(1);
            }
        };
        let (loaded, loaded_cpu) = (Instant::now(), cpu());
        let graph = kg::KnowledgeGraph::new(data);
        builds.push(loaded.elapsed());
        build_cpu.push(cpu() - loaded_cpu);
        loads.push(loaded - start);
        load_cpu.push(loaded_cpu - start_cpu);
        relations = graph.relations().len();
        // Freed outside the timings, as in the bench.
        drop(graph);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (load, build) = (median(loads), median(builds));
    let (load_cpu, build_cpu) = (median(load_cpu), median(build_cpu));
    println!(
        "{relations} relations, median of {runs}: load + validate {:.0} ms (CPU {:.0} ms), build {:.0} ms (CPU {:.0} ms)",
        ms(load),
        ms(load_cpu),
        ms(build),
        ms(build_cpu)
    );
    ExitCode::SUCCESS
}
