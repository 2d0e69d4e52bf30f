//! Where the loader's time goes, for the benchmark helper `examples/load_time.rs`: each phase of
//! [`crate::load_dir`] and [`crate::KnowledgeGraph::new`] can be timed with [`span`], which costs
//! one relaxed atomic load when nobody asked ([`load_dir_phases`] turns it on). The library
//! never prints: the phases are returned to the caller.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Runs `f`, and records its wall time under `name` when phases are being recorded (from any
/// thread: a phase that runs beside another on a second thread is recorded as well).
pub(crate) fn span<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ON.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    if let Ok(mut phases) = PHASES.lock() {
        phases.push((name, took));
    }
    out
}

/// Runs `f` (a load, a build) with its phases recorded, and returns them in the order they
/// ended, each with its wall time. Not for concurrent use: the record is process-wide.
#[doc(hidden)]
pub fn with_phases<T>(f: impl FnOnce() -> T) -> (T, Vec<(&'static str, Duration)>) {
    if let Ok(mut phases) = PHASES.lock() {
        phases.clear();
    }
    ON.store(true, Ordering::Relaxed);
    let out = f();
    ON.store(false, Ordering::Relaxed);
    let phases = PHASES.lock().map(|mut p| std::mem::take(&mut *p)).unwrap_or_default();
    (out, phases)
}
