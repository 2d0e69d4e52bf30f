//! Benchmark of path search: the essay's graph (the baseline) against a graph 1,000 times larger,
//! measured in the same run. Reports medians and the ratio to the baseline; no single timing.
//!
//! Run with `cargo bench --bench paths`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kg::{all_paths, shortest_path, KnowledgeGraph, PathOptions};

#[path = "../tests/common/scale.rs"]
mod scale;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let runs = 31;
    let essay = KnowledgeGraph::builtin().expect("essay loads");
    let big = KnowledgeGraph::new(scale::replicate(essay.data(), 1000, "japan"));
    let options = PathOptions::default();
    println!(
        "graphs: essay {} entities / {} relations; large {} entities / {} relations",
        essay.entities().len(),
        essay.relations().len(),
        big.entities().len(),
        big.relations().len()
    );
    println!("{:<44} {:>12} {:>12} {:>8}", "query (median of 31 runs)", "essay", "x1000 graph", "ratio");
    let cases: [(&str, &str, &str, usize); 3] = [
        ("all paths <= 4 hops, limit 20", "triple_intervention", "russo_japanese_war", 4),
        ("all paths <= 4 hops, limit 20", "yalta_conference", "kuril_islands", 4),
        ("all paths <= 5 hops, limit 20", "theodore_roosevelt", "sakhalin", 5),
    ];
    for (what, from, to, hops) in cases {
        let (bf, bt) = (format!("{from}__c500"), format!("{to}__c500"));
        let small = measure(runs, || {
            black_box(all_paths(&essay, from, to, &options, hops, 20).unwrap());
        });
        let large = measure(runs, || {
            black_box(all_paths(&big, &bf, &bt, &options, hops, 20).unwrap());
        });
        report(&format!("{what}: {from} -> {to}"), small, large);
    }
    let small = measure(runs, || {
        black_box(shortest_path(&essay, "theodore_roosevelt", "sakhalin", &options));
    });
    let large = measure(runs, || {
        black_box(shortest_path(&big, "theodore_roosevelt__c500", "sakhalin__c500", &options));
    });
    report("shortest path: theodore_roosevelt -> sakhalin", small, large);

    // The whole process, as a user runs it: loading and validating the essay's data included.
    // The baseline is the same binary doing no work (`kg --version`).
    let kg = env!("CARGO_BIN_EXE_kg");
    let process = |args: &[&str]| {
        measure(runs, || {
            let status = std::process::Command::new(kg).args(args).stdout(std::process::Stdio::null()).status();
            assert!(status.expect("kg runs").success());
        })
    };
    let baseline = process(&["--version"]);
    let path = process(&["path", "Shinzo Abe", "Sakhalin"]);
    let treaties = process(&["treaties", "--involving", "Sakhalin"]);
    println!("\n{:<44} {:>12} {:>8}", "whole process (median of 31 runs)", "time", "ratio");
    for (what, t) in [
        ("kg --version (baseline)", baseline),
        ("kg path \"Shinzo Abe\" Sakhalin", path),
        ("kg treaties --involving Sakhalin", treaties),
    ] {
        println!("{what:<44} {t:>12?} {:>7.1}x", t.as_secs_f64() / baseline.as_secs_f64());
    }
}

fn report(what: &str, small: Duration, large: Duration) {
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    println!("{what:<44}\n{:<44} {:>12?} {:>12?} {:>7.1}x", "", small, large, ratio);
}
