//! A counting global allocator for the test binaries that measure work by counting, not timing
//! (`tests/export_memory.rs`, `tests/load_work.rs`): the system allocator, counting live bytes,
//! their peak, the number of allocations (reallocations included) and the bytes allocated.
//! Include it with `#[path = "common/counting.rs"] mod counting;`: it installs itself as the
//! binary's global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED.fetch_add(new_size, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What `f` cost (each test binary reads the fields it needs).
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)]
pub struct Cost {
    /// Peak live bytes above those live when `f` started.
    pub peak: usize,
    /// Allocations and reallocations.
    pub allocations: usize,
    /// Bytes allocated (each allocation's size, each reallocation's new size).
    pub allocated: usize,
}

/// Runs `f` and counts what it cost. The counters are global: measure one thing at a time.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Cost) {
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let (allocations, allocated) = (ALLOCATIONS.load(Ordering::Relaxed), ALLOCATED.load(Ordering::Relaxed));
    let out = f();
    let cost = Cost {
        peak: PEAK.load(Ordering::Relaxed) - start,
        allocations: ALLOCATIONS.load(Ordering::Relaxed) - allocations,
        allocated: ALLOCATED.load(Ordering::Relaxed) - allocated,
    };
    (out, cost)
}
