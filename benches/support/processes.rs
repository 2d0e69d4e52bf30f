//! Whole-process timings for the benchmarks (`benches/scale.rs`'s essay table and
//! `benches/startup.rs`): an empty Rust binary compiled here from a two-line source, the true
//! process floor, and commands run interleaved (one run of each in turn, so a change in the
//! machine's load hits them alike), each reported as the median wall time and the median count
//! of minor page faults, which the kernel counts exactly and which do not drift with the load.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One command to run: what the table calls it, the program and its arguments.
pub struct Run {
    pub what: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    /// A directory removed before every run, untimed: for a command that refuses to overwrite
    /// its output (`kg draft -o DIR`).
    pub clear: Option<PathBuf>,
}

impl Run {
    pub fn new(what: impl Into<String>, program: &Path, args: &[&str]) -> Self {
        Run {
            what: what.into(),
            program: program.to_path_buf(),
            args: args.iter().map(|a| a.to_string()).collect(),
            clear: None,
        }
    }

    /// The same run, with `dir` removed before each of its runs (outside the timed part).
    pub fn clearing(mut self, dir: &Path) -> Self {
        self.clear = Some(dir.to_path_buf());
        self
    }
}

/// The medians of one command's runs.
#[derive(Clone, Copy)]
pub struct Measured {
    pub wall: Duration,
    /// User plus system CPU time: less inflated than wall time by a loaded machine.
    pub cpu: Duration,
    pub page_faults: u64,
}

/// Compiles `fn main() { println!("kg 0.1.0"); }` with `rustc -O` (`$RUSTC` when cargo sets it)
/// into `dir`: a Rust program that does nothing but what `kg --version` does, built the way any
/// Rust program is (a PIE, linked against the same libc), so its time is the floor that start-up
/// work is measured against. Panics (this is a benchmark) when rustc fails.
pub fn empty_binary(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("scratch directory");
    let source = dir.join("empty.rs");
    std::fs::write(&source, "fn main() {\n    println!(\"kg 0.1.0\");\n}\n").expect("scratch is writable");
    let binary = dir.join("empty");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let status = Command::new(&rustc)
        .args(["-O", "--edition", "2021", "-o"])
        .arg(&binary)
        .arg(&source)
        .status()
        .unwrap_or_else(|e| panic!("{} cannot run: {e}", Path::new(&rustc).display()));
    assert!(status.success(), "rustc could not compile the empty binary");
    binary
}

/// Runs every command `runs` times, interleaved (after one untimed round), with standard output
/// and error to /dev/null; returns each command's medians, in the order given. Panics with the
/// command when one fails.
pub fn interleaved(runs: usize, commands: &[Run]) -> Vec<Measured> {
    let mut walls: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); commands.len()];
    let mut cpus: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); commands.len()];
    let mut faults: Vec<Vec<u64>> = vec![Vec::with_capacity(runs); commands.len()];
    for round in 0..=runs {
        for (i, run) in commands.iter().enumerate() {
            let (wall, cpu, minor) = once(run);
            if round > 0 {
                walls[i].push(wall);
                cpus[i].push(cpu);
                faults[i].push(minor);
            }
        }
    }
    (0..commands.len())
        .map(|i| {
            walls[i].sort();
            cpus[i].sort();
            faults[i].sort();
            Measured { wall: walls[i][runs / 2], cpu: cpus[i][runs / 2], page_faults: faults[i][runs / 2] }
        })
        .collect()
}

/// One run: the wall time from spawn to exit, the process's CPU time and its minor page faults
/// (from `wait4`'s resource usage, which counts this child alone; `Child::wait` cannot report them,
/// hence the lint).
#[allow(clippy::zombie_processes)]
fn once(run: &Run) -> (Duration, Duration, u64) {
    if let Some(dir) = &run.clear {
        // A missing directory is the expected case the first time.
        let _ = std::fs::remove_dir_all(dir);
    }
    let start = Instant::now();
    let child = Command::new(&run.program)
        .args(&run.args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} cannot run: {e}", run.program.display()));
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert!(pid > 0, "wait4 failed for {}", run.what);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} {:?} failed (wait status {status}); run it by hand to see why",
        run.program.display(),
        run.args
    );
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (wall, time(usage.ru_utime) + time(usage.ru_stime), usage.ru_minflt as u64)
}
