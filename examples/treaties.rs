//! Uses the kg library: lists the treaties of the essay with their parties, the territories that
//! changed hands under them, and the essay's own words for each.
//!
//! Run with `cargo run --example treaties`.

use kg::{EntityType, KnowledgeGraph, RelationKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let graph = KnowledgeGraph::builtin()?;
    for treaty in graph.entities().iter().filter(|e| e.entity_type.is_a(EntityType::Treaty)) {
        let date = treaty.when().map(|d| format!(" ({d})")).unwrap_or_default();
        println!("{}{date}", treaty.label);
        for inc in graph.incident(&treaty.id) {
            if matches!(inc.relation.kind, RelationKind::PartyTo | RelationKind::Signed | RelationKind::Brokered) {
                println!("  {} {}", inc.relation.kind.inverse_reading(), inc.other.label);
            }
        }
        for r in graph.qualified_by(&treaty.id) {
            let (Some(s), Some(o)) = (graph.entity(&r.subject), graph.entity(&r.object)) else { continue };
            let quote = r.provenance.passage().map(|p| p.quote()).unwrap_or("(background)");
            println!("  under it: {} {} {}  \"{quote}\"", s.label, r.kind.reading(), o.label);
        }
    }
    Ok(())
}
