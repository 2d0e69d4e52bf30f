//! Start-up against the process floor, in a minute: an empty Rust binary (compiled here), `kg
//! --version`, the questions on the built-in essay (the three slowest too: `timeline`,
//! `neighbors --depth 2`, `path --all`) and `kg draft` of the essay, run interleaved, each as
//! the median wall time and CPU time (user + system), their ratios to the empty binary's and the
//! minor page faults. The same
//! measurement makes the essay table of BENCHMARKS.md (`benches/scale.rs`); this one is for
//! before/after comparisons while working on start-up:
//!
//! ```text
//! cargo bench --bench startup                  # 41 runs of each
//! KG_BENCH_RUNS=101 cargo bench --bench startup
//! ```

#[path = "support/processes.rs"]
mod processes;

use std::path::PathBuf;

use processes::{empty_binary, interleaved, Run};

fn main() {
    let runs: usize = std::env::var("KG_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(41);
    let kg = PathBuf::from(env!("CARGO_BIN_EXE_kg"));
    let scratch = std::env::temp_dir().join(format!("kg-startup-{}", std::process::id()));
    let empty = empty_binary(&scratch);
    let essay = concat!(env!("CARGO_MANIFEST_DIR"), "/data/essay.txt");
    let draft = scratch.join("draft");
    let draft_arg = draft.to_string_lossy().into_owned();
    let commands = vec![
        Run::new("an empty Rust binary (the floor)", &empty, &[]),
        Run::new("kg --version", &kg, &["--version"]),
        Run::new("kg stats", &kg, &["stats"]),
        Run::new("kg show Sakhalin", &kg, &["show", "Sakhalin"]),
        Run::new("kg path \"Shinzo Abe\" Sakhalin", &kg, &["path", "Shinzo Abe", "Sakhalin"]),
        Run::new("kg treaties --involving Sakhalin", &kg, &["treaties", "--involving", "Sakhalin"]),
        Run::new("kg check", &kg, &["check"]),
        Run::new("kg timeline", &kg, &["timeline"]),
        Run::new("kg neighbors Japan --depth 2", &kg, &["neighbors", "Japan", "--depth", "2"]),
        Run::new(
            "kg path --all --max-hops 4 Japan Russia",
            &kg,
            &["path", "--all", "--max-hops", "4", "Japan", "Russia"],
        ),
        Run::new("kg draft data/essay.txt -o DIR (target 50 ms)", &kg, &["draft", essay, "-o", &draft_arg])
            .clearing(&draft),
    ];
    let measured = interleaved(runs, &commands);
    let _ = std::fs::remove_dir_all(&scratch);
    let floor = measured[0];
    println!("Median of {runs} interleaved runs each, output to /dev/null.\n");
    println!(
        "| command | wall | vs. the empty binary | CPU | vs. the empty binary | page faults |\n\
         |---|---:|---:|---:|---:|---:|"
    );
    for (run, m) in commands.iter().zip(&measured) {
        println!(
            "| {} | {:.2} ms | {:.2}x | {:.2} ms | {:.2}x | {} |",
            run.what,
            m.wall.as_secs_f64() * 1e3,
            m.wall.as_secs_f64() / floor.wall.as_secs_f64(),
            m.cpu.as_secs_f64() * 1e3,
            m.cpu.as_secs_f64() / floor.cpu.as_secs_f64(),
            m.page_faults
        );
    }
}
