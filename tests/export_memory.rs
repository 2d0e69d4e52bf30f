//! Export memory is bounded by counting, not by timing: a counting allocator measures the peak
//! memory an RDF export (N-Triples, N-Quads, JSON-LD) adds beyond the loaded graph, and the
//! allocations it makes, on graphs 4 and 16 times the essay's. The streaming exports must hold far less than the triples they
//! write (`rdf_quads`, which collects them, is the yardstick), and grow no faster than the
//! output.

use std::sync::Mutex;

use kg::{ExportOptions, Format, KnowledgeGraph};

#[path = "common/scale.rs"]
mod scale;

#[path = "common/counting.rs"]
mod counting;

/// The most allocations the N-Triples and N-Quads exports may make per triple they write (0.39
/// measured at 16 copies: the index; 0.68 with one string per subject, an owned string per term
/// made 4.9).
const MAX_ALLOCATIONS_PER_TRIPLE: f64 = 0.5;

/// The same for JSON-LD, which also builds each subject's node object (4.7 measured; 9.0 when
/// it took owned quads).
const MAX_JSONLD_ALLOCATIONS_PER_TRIPLE: f64 = 6.0;

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
    let (lines, peak, allocations) = measure(|| {
        let mut out = LineCounter::default();
        kg::export(&kg, format, &options, &mut out).unwrap();
        out.0
    });
    // N-Triples and N-Quads write a line per triple; JSON-LD is measured against the quads of
    // the N-Quads export, the same dataset.
    let triples = if matches!(format, Format::NTriples | Format::NQuads) {
        lines
    } else {
        let mut out = LineCounter::default();
        kg::export(&kg, Format::NQuads, &options, &mut out).unwrap();
        out.0
    };
    let (quads, collected_peak, _) = measure(|| kg::rdf_quads(&kg, &options.rdf).unwrap());
    assert!(quads.len() >= triples, "{}: {} quads, {triples} written", format.name(), quads.len());
    Cost { triples, peak, allocations, collected_peak }
}

#[test]
fn streaming_rdf_exports_hold_an_index_not_the_triples_and_grow_linearly() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // JSON-LD held the whole document (402 MB at 10,000 relations) before it was streamed.
    for format in [Format::NTriples, Format::NQuads, Format::JsonLd] {
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
        // 41 B measured for N-Triples, 39 B for JSON-LD at 16 copies (96 allowed before round 6).
        assert!(large.peak / large.triples <= 64, "{name}: {} B per triple written", large.peak / large.triples);
        // Linear: memory and allocations per triple written do not grow with the graph.
        let per_triple = |bytes: usize, c: &Cost| bytes as f64 / c.triples as f64;
        assert!(
            per_triple(large.peak, &large) <= 1.25 * per_triple(small.peak, &small),
            "{name}: peak per triple grew from {:.1} to {:.1} B",
            per_triple(small.peak, &small),
            per_triple(large.peak, &large)
        );
        // Allocations per triple at a bound: 0.39 measured for N-Triples (the index; each
        // subject's terms are made in one reused buffer and the lines in another). An owned
        // string per generated term made 4.9, formatting each line through oxttl's `Display` or
        // collecting the triples first 18.
        let most =
            if format == Format::JsonLd { MAX_JSONLD_ALLOCATIONS_PER_TRIPLE } else { MAX_ALLOCATIONS_PER_TRIPLE };
        assert!(
            per_triple(large.allocations, &large) <= most,
            "{name}: {:.2} allocations per triple written (at most {most})",
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

/// Counts the bytes written and keeps nothing.
#[derive(Default)]
struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Peak memory and bytes written by an export of the essay replicated `copies` times.
fn written_cost(copies: usize, format: Format) -> (usize, usize) {
    let essay = KnowledgeGraph::builtin().unwrap();
    let kg = KnowledgeGraph::new(scale::replicate(essay.data(), copies, "japan"));
    let (bytes, peak, _) = measure(|| {
        let mut out = ByteCounter::default();
        kg::export(&kg, format, &ExportOptions::default(), &mut out).unwrap();
        out.0
    });
    (bytes, peak)
}

/// The JSON exports (what `kg export --format json` streams to standard output too) serialize
/// one node or edge at a time, and the text formats pass their text on in 64 KiB pieces (JSON-LD,
/// whose stream keeps an index of subjects, is held to the RDF exports' bounds above). Before,
/// each built its whole document in memory first: as much as or several times what it wrote.
#[test]
fn other_exports_hold_far_less_than_they_write_and_grow_linearly() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for format in [
        Format::Json,
        Format::JsonFull,
        Format::Cytoscape,
        Format::GraphMl,
        Format::Gexf,
        Format::CsvNodes,
        Format::CsvRelationships,
        Format::Dot,
    ] {
        let (small_bytes, small_peak) = written_cost(4, format);
        let (large_bytes, large_peak) = written_cost(16, format);
        let name = format.name();
        eprintln!("{name}: 4 copies {small_bytes} B written, peak {small_peak} B; 16 copies {large_bytes} B, peak {large_peak} B");
        assert!(large_bytes > 3 * small_bytes, "{name}: the output grows with the graph");
        assert!(large_peak * 4 < large_bytes, "{name}: peaked at {large_peak} B writing {large_bytes} B");
        let ratio = |peak: usize, bytes: usize| peak as f64 / bytes as f64;
        assert!(
            ratio(large_peak, large_bytes) <= 1.25 * ratio(small_peak, small_bytes),
            "{name}: peak per byte written grew from {:.3} to {:.3}",
            ratio(small_peak, small_bytes),
            ratio(large_peak, large_bytes)
        );
    }
}

/// A Graph Store endpoint on loopback that reads each request's body, keeps its length, and
/// answers 204; it stops after `requests` requests.
fn sink_server(requests: usize) -> (String, std::thread::JoinHandle<Vec<usize>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut lengths = Vec::new();
        for _ in 0..requests {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse::<usize>().unwrap();
                }
                if line == "\r\n" || line.is_empty() {
                    break;
                }
            }
            let mut buf = [0u8; 8192];
            let mut left = length;
            while left > 0 {
                let n = reader.read(&mut buf[..left.min(8192)]).unwrap();
                assert!(n > 0, "the body ended {left} bytes early");
                left -= n;
            }
            lengths.push(length);
            (&stream).write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n").unwrap();
        }
        lengths
    });
    (url, handle)
}

/// `kg push` streams each body as it is sent: its peak is far below the bytes it sends, and
/// below what collecting the triples takes.
#[test]
fn push_streams_its_bodies() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let essay = KnowledgeGraph::builtin().unwrap();
    let kg = KnowledgeGraph::new(scale::replicate(essay.data(), 16, "japan"));
    let (url, server) = sink_server(2);
    let options = kg::PushOptions {
        endpoint: url,
        graph: None,
        replace: true,
        dataset: false,
        update: false,
        timeout: std::time::Duration::from_secs(60),
        rdf: kg::RdfOptions::default(),
    };
    let (report, peak, _) = measure(|| kg::push(&kg, &options).unwrap());
    let sent: usize = server.join().unwrap().iter().sum();
    let (_, collected, _) = measure(|| kg::rdf_quads(&kg, &options.rdf).unwrap());
    eprintln!("push: {} triples, {sent} B sent, peak {peak} B; collecting the triples {collected} B", report.triples);
    assert!(sent > 1_000_000 && report.graphs.len() == 2, "{report:?}");
    assert!(peak * 4 < sent, "push peaked at {peak} B sending {sent} B");
    assert!(peak * 4 < collected, "push peaked at {peak} B; collecting the triples takes {collected} B");
}
