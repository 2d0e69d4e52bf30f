//! Export memory is bounded by counting, not by timing: a counting allocator measures the peak
//! memory an RDF export adds beyond the loaded graph, and the allocations it makes, on graphs 4
//! and 16 times the essay's. The streaming exports must hold far less than the triples they
//! write (`rdf_quads`, which collects them, is the yardstick), and grow no faster than the
//! output.

use std::sync::Mutex;

use kg::{ExportOptions, Format, KnowledgeGraph};

#[path = "common/scale.rs"]
mod scale;

#[path = "common/counting.rs"]
mod counting;

/// The most allocations the N-Triples and N-Quads exports may make per triple they write.
const MAX_ALLOCATIONS_PER_TRIPLE: f64 = 5.5;

/// The counters are global: one measurement at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What `f` cost: peak bytes above those live when it started, and allocations.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let (out, cost) = counting::measure(f);
    (out, cost.peak, cost.allocations)
}

/// Counts the lines written (one triple or quad each in N-Triples and N-Quads) and keeps nothing.
#[derive(Default)]
struct LineCounter(usize);

impl std::io::Write for LineCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.iter().filter(|&&b| b == b'\n').count();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Cost {
    triples: usize,
    peak: usize,
    allocations: usize,
    collected_peak: usize,
}

fn export_cost(copies: usize, format: Format) -> Cost {
    let essay = KnowledgeGraph::builtin().unwrap();
    let kg = KnowledgeGraph::new(scale::replicate(essay.data(), copies, "japan"));
    let options = ExportOptions::default();
    let (triples, peak, allocations) = measure(|| {
        let mut out = LineCounter::default();
        kg::export(&kg, format, &options, &mut out).unwrap();
        out.0
    });
    let (quads, collected_peak, _) = measure(|| kg::rdf_quads(&kg, &options.rdf).unwrap());
    assert!(quads.len() >= triples, "{}: {} quads, {triples} written", format.name(), quads.len());
    Cost { triples, peak, allocations, collected_peak }
}

#[test]
fn streaming_rdf_exports_hold_an_index_not_the_triples_and_grow_linearly() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for format in [Format::NTriples, Format::NQuads] {
        let small = export_cost(4, format);
        let large = export_cost(16, format);
        let name = format.name();
        eprintln!(
            "{name}: 4 copies {} triples, peak {} B ({} B/triple), {} allocations; collected {} B",
            small.triples,
            small.peak,
            small.peak / small.triples,
            small.allocations,
            small.collected_peak
        );
        eprintln!(
            "{name}: 16 copies {} triples, peak {} B ({} B/triple), {} allocations; collected {} B",
            large.triples,
            large.peak,
            large.peak / large.triples,
            large.allocations,
            large.collected_peak
        );
        assert!(large.triples > 3 * small.triples, "{name}: the output grows with the graph");
        // The export holds a small index per subject, never the triples: far less than
        // collecting them takes.
        assert!(
            large.peak * 8 < large.collected_peak,
            "{name}: the export peaked at {} B, collecting the triples takes {} B",
            large.peak,
            large.collected_peak
        );
        assert!(large.peak / large.triples <= 96, "{name}: {} B per triple written", large.peak / large.triples);
        // Linear: memory and allocations per triple written do not grow with the graph.
        let per_triple = |bytes: usize, c: &Cost| bytes as f64 / c.triples as f64;
        assert!(
            per_triple(large.peak, &large) <= 1.25 * per_triple(small.peak, &small),
            "{name}: peak per triple grew from {:.1} to {:.1} B",
            per_triple(small.peak, &small),
            per_triple(large.peak, &large)
        );
        // Allocations per triple at a bound: 4.9 measured (an owned string per generated term and
        // the index; the lines themselves go through one reused buffer). Formatting each line
        // through oxttl's `Display` or collecting the triples first made 18 per triple.
        assert!(
            per_triple(large.allocations, &large) <= MAX_ALLOCATIONS_PER_TRIPLE,
            "{name}: {:.2} allocations per triple written (at most {MAX_ALLOCATIONS_PER_TRIPLE})",
            per_triple(large.allocations, &large)
        );
        assert!(
            per_triple(large.allocations, &large) <= 1.1 * per_triple(small.allocations, &small),
            "{name}: allocations per triple grew from {:.2} to {:.2}",
            per_triple(small.allocations, &small),
            per_triple(large.allocations, &large)
        );
    }
}
