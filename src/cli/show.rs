//! `kg show NAME`: the entity card.

use std::fmt::Write;
use std::process::ExitCode;

use kg::{EntityCard, EvidenceView, KnowledgeGraph, RelationView};

use super::output::{Failure, Out};

pub fn run(kg: &KnowledgeGraph, name: &str, out: &Out) -> Result<ExitCode, Failure> {
    let entity = kg.resolve(name)?;
    let card = kg::entity_card(kg, entity);
    out.answer(&card, || render(&card))
}

fn render(card: &EntityCard) -> String {
    let e = &card.entity;
    let mut t = String::new();
    let _ = writeln!(t, "{}  [{}] ({})", e.label, e.types.join(" < "), e.id);
    if !e.aliases.is_empty() {
        let _ = writeln!(t, "  also called:  {}", e.aliases.join(", "));
    }
    if !e.background_aliases.is_empty() {
        let _ = writeln!(t, "  known as:     {} (background, not in the essay)", e.background_aliases.join(", "));
    }
    if !e.shared_aliases.is_empty() {
        let _ = writeln!(t, "  shares names: {}", e.shared_aliases.join(", "));
    }
    if let Some(q) = &e.wikidata {
        let _ = writeln!(t, "  wikidata:     {q}");
    }
    for (what, d) in [("date", &e.date), ("from", &e.start), ("until", &e.end)] {
        if let Some(d) = d {
            let _ = writeln!(t, "  {what:<13} {}  \"{}\"", d.value, d.evidence.quote);
        }
    }
    for n in &e.numbers {
        let unit = n.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        let _ = writeln!(t, "  {:<13} {}{unit}  \"{}\"", n.property, n.value, n.evidence.quote);
    }
    let _ = writeln!(t, "  evidence:     \"{}\" [{}..{}]", e.evidence.quote, e.evidence.start, e.evidence.end);
    let _ = writeln!(t, "  mentions:     {}", e.mentions.len());
    if let Some(note) = &e.note {
        let _ = writeln!(t, "  note:         {note}");
    }
    if !card.relations.is_empty() {
        let _ = writeln!(t, "\nrelations ({}):", card.relations.len());
        for r in &card.relations {
            relation_line(&mut t, r, None);
        }
    }
    if !card.qualifies.is_empty() {
        let _ = writeln!(t, "\nnamed as the treaty or place of ({}):", card.qualifies.len());
        for r in &card.qualifies {
            relation_line(&mut t, r, r.object.as_ref());
        }
    }
    t
}

fn relation_line(t: &mut String, r: &RelationView, object: Option<&kg::EntityRef>) {
    let arrow = match r.direction.as_str() {
        "outgoing" => "->",
        "incoming" => "<-",
        _ => "··",
    };
    let target = match object {
        Some(o) => format!("{} {} {}", r.other.label, r.reads, o.label),
        None => format!("{} {} ({})", r.reads, r.other.label, r.other.entity_type),
    };
    let quals = if r.qualifiers.is_empty() { String::new() } else { format!("  [{}]", r.qualifiers.summary()) };
    let _ = writeln!(t, "  {arrow} {target}{quals}");
    match &r.evidence {
        EvidenceView::Essay { quote } => {
            let _ = writeln!(t, "       \"{}\" [{}..{}]", quote.quote, quote.start, quote.end);
        }
        background => {
            let _ = writeln!(t, "       {}", background.summary());
        }
    }
}
