//! Timing helpers shared by the measuring examples (`load_time`, `sparql_store`): process CPU
//! time, which a shared machine's load does not inflate the way it inflates wall time, and the
//! median of a set of samples.

use std::time::Duration;

/// CPU time used by the process so far (every thread).
pub fn cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec to write to.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// The median of `v` (the upper one of an even count).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
