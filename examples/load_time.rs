//! A benchmark helper, not a user command: loads and validates an annotated essay directory
//! (`examples/gen_corpus.rs` writes synthetic ones) several times in one process, and prints the
//! median time of loading + validating and of building the graph, apart, as `scripts/bench`
//! measures them, for quick before/after comparisons of the loader. It prints wall time and the
//! process's CPU time (all threads): on a shared machine the CPU time is the steadier measure.
//!
//! ```text
//! cargo run --release --example load_time -- DIR [RUNS]
//! KG_LOAD_PHASES=1 cargo run --release --example load_time -- DIR [RUNS]
//! ```
//!
//! With `KG_LOAD_PHASES=1` it also prints the median wall time of each phase of the load and the
//! build (`kg::trace`; phases on a second thread are listed beside the phase that holds them).
//! With `KG_LOAD_FAULTS=1` it also prints the medians of the minor page faults and of the system
//! (kernel) CPU time of the load and of the build (`getrusage`, every thread): what a change of
//! the memory's layout moves, which instruction counts do not show.

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
    let trace = std::env::var_os("KG_LOAD_PHASES").is_some_and(|v| v == "1");
    let faults = std::env::var_os("KG_LOAD_FAULTS").is_some_and(|v| v == "1");
    let (mut load_usage, mut build_usage) = (Vec::new(), Vec::new());
    let mut phases: Vec<(&'static str, Vec<Duration>, Vec<Duration>)> = Vec::new();
    let mut note = |got: Vec<kg::trace::Phase>| {
        for (name, took, took_cpu) in got {
            match phases.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, v, c)) => {
                    v.push(took);
                    c.push(took_cpu);
                }
                None => phases.push((name, vec![took], vec![took_cpu])),
            }
        }
    };
    for _ in 0..runs {
        let start_usage = usage();
        let (start, start_cpu) = (Instant::now(), cpu());
        let load = || kg::load_dir(std::path::Path::new(dir));
        let (loaded, got) = if trace { kg::trace::with_phases(load) } else { (load(), Vec::new()) };
        note(got);
        let data = match loaded {
            Ok(data) => data,
            Err(e) => {
                eprintln!("load_time: {e}");
                return ExitCode::from(1);
            }
        };
        let (loaded, loaded_cpu) = (Instant::now(), cpu());
        let loaded_usage = usage();
        let build = || kg::KnowledgeGraph::new(data);
        let (graph, got) = if trace { kg::trace::with_phases(build) } else { (build(), Vec::new()) };
        note(got);
        builds.push(loaded.elapsed());
        build_cpu.push(cpu() - loaded_cpu);
        let built_usage = usage();
        load_usage.push(loaded_usage.since(start_usage));
        build_usage.push(built_usage.since(loaded_usage));
        loads.push(loaded - start);
        load_cpu.push(loaded_cpu - start_cpu);
        relations = graph.relations().len();
        // Freed outside the timings, as in the bench.
        let (freeing, freeing_cpu) = (Instant::now(), cpu());
        drop(graph);
        if trace {
            note(vec![("(outside the timings) graph freed", freeing.elapsed(), cpu() - freeing_cpu)]);
        }
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
    if trace {
        println!("  {:>9} {:>9}  phase (medians; CPU of the phase's own thread)", "wall ms", "CPU ms");
    }
    for (name, took, took_cpu) in phases {
        println!("  {:>9.1} {:>9.1}  {name}", ms(median(took)), ms(median(took_cpu)));
    }
    if faults {
        for (phase, usages) in [("load + validate", load_usage), ("build", build_usage)] {
            let minor = {
                let mut v: Vec<i64> = usages.iter().map(|u| u.minor_faults).collect();
                v.sort();
                v[v.len() / 2]
            };
            let system = median(usages.iter().map(|u| u.system).collect());
            println!("  {phase}: minor page faults {minor} (median), system CPU {:.1} ms (median)", ms(system));
        }
    }
    ExitCode::SUCCESS
}

/// The process's minor page faults and system CPU time so far (every thread).
#[derive(Clone, Copy)]
struct Usage {
    minor_faults: i64,
    system: Duration,
}

impl Usage {
    fn since(self, before: Usage) -> Usage {
        Usage { minor_faults: self.minor_faults - before.minor_faults, system: self.system - before.system }
    }
}

fn usage() -> Usage {
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct, which
    // `getrusage` then fills.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid rusage to write to.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let system = Duration::new(u.ru_stime.tv_sec as u64, u.ru_stime.tv_usec as u32 * 1000);
    Usage { minor_faults: u.ru_minflt, system }
}
