//! Where the loader's time goes, for the benchmark helper `examples/load_time.rs`: each phase of
//! [`crate::load_dir`] and [`crate::KnowledgeGraph::new`] can be timed with `span`, which costs
//! one relaxed atomic load when nobody asked ([`with_phases`] turns it on). Each phase is timed
//! in wall time and in its thread's CPU time: on a shared machine whose load inflates wall
//! times, the CPU time still counts what the phase costs, cache misses included (a thread
//! waiting on memory is running). The library never prints: the phases are returned.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
static PHASES: Mutex<Vec<Phase>> = Mutex::new(Vec::new());

/// One phase: its name, its wall time and its thread's CPU time.
pub type Phase = (&'static str, Duration, Duration);

/// CPU time used by this thread so far (zero where the platform has no such clock).
fn thread_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `t` is a valid timespec to write to.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return Duration::new(t.tv_sec as u64, t.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// Runs `f`, and records its wall time under `name` when phases are being recorded (from any
/// thread: a phase that runs beside another on a second thread is recorded as well).
pub(crate) fn span<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ON.load(Ordering::Relaxed) {
        return f();
    }
    let (start, start_cpu) = (Instant::now(), thread_cpu());
    let out = f();
    let (took, took_cpu) = (start.elapsed(), thread_cpu().saturating_sub(start_cpu));
    if let Ok(mut phases) = PHASES.lock() {
        phases.push((name, took, took_cpu));
    }
    out
}

/// Runs `f` (a load, a build) with its phases recorded, and returns them in the order they
/// ended. Not for concurrent use: the record is process-wide. A phase that holds phases on two
/// threads ([`crate::load`]'s `both`) counts only its own thread's CPU time.
#[doc(hidden)]
pub fn with_phases<T>(f: impl FnOnce() -> T) -> (T, Vec<Phase>) {
    if let Ok(mut phases) = PHASES.lock() {
        phases.clear();
    }
    ON.store(true, Ordering::Relaxed);
    let out = f();
    ON.store(false, Ordering::Relaxed);
    let phases = PHASES.lock().map(|mut p| std::mem::take(&mut *p)).unwrap_or_default();
    (out, phases)
}
