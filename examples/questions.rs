//! The questions of `kg path`, `kg treaties` and `kg timeline`, asked through the library: the
//! same answers the command prints.
//!
//! Run with `cargo run --example questions`.

use kg::{KnowledgeGraph, PathOptions, PathView, TimelineOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let graph = KnowledgeGraph::builtin()?;

    // How is the Yalta Conference connected to the Kuril Islands?
    let (from, to) = (graph.resolve("Yalta Conference")?, graph.resolve("Kuril Islands")?);
    let options = PathOptions { stated_only: true, ..Default::default() };
    if let Some(path) = kg::shortest_path(&graph, &from.id, &to.id, &options) {
        let view = PathView::new(&graph, &path);
        println!("{} to {}: {} hops", from.label, to.label, view.length);
        for (edge, node) in view.edges.iter().zip(&view.nodes[1..]) {
            println!("  {} {}  ({})", edge.reads, node.label, edge.evidence.summary());
        }
    }

    // Which treaties involved Sakhalin?
    for treaty in kg::treaties_involving(&graph, &graph.resolve("Sakhalin")?.id) {
        let how: Vec<String> = treaty.how.iter().map(|h| h.statement.clone()).collect();
        println!("{} ({}): {}", treaty.label, treaty.date.unwrap_or_default(), how.join("; "));
    }

    // What happened in 1945?
    for entry in kg::timeline(&graph, &TimelineOptions { from: Some(1945), to: Some(1945), involving: None }) {
        println!("{}  {}", entry.date, entry.label);
    }
    Ok(())
}
