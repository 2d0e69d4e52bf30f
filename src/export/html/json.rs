//! The HTML page's data, written by hand as one compact JSON object straight into one buffer:
//! the entity cards ([`crate::entity_card`]'s content, in `kg show --json`'s member order), the
//! nodes' names and keys, the edges, the types. No intermediate structs or `serde_json::Value`:
//! each string is escaped once, as serde_json escapes it (`json_writer::push_json_escaped`, the
//! graph formats' loop), and numbers are written as serde_json writes them. The page then writes
//! every `<` as `\u003c`.
//!
//! `tests` keeps the structs the page was serialized from before (serde, test-only) and checks
//! that both write the same bytes: on the essay, and by a proptest on graphs full of hostile
//! strings (`</script>`, `<!--`, quotes, backslashes, control characters, U+2028/2029).

use petgraph::Direction;

// By their `crate::export` paths, not `super::super`: `build.rs` compiles this file at its root to
// store the built-in essay's page data (`write_page_data`, `write_lt_escaped`).
use crate::export::decimal::push_date;
use crate::export::json_writer::push_json_escaped;
use crate::export::style::{
    push_relation_basis, push_relation_label_line, type_style, BACKGROUND_COLOUR, STATED_COLOUR,
};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, EntityType, Evidence, HistDate, Provenance, Qualifiers, Relation, SharedStr};
use crate::names::name_key;
use crate::query::path_table::decimal;

/// Writes the page's data object without its closing `}` (the path tables follow): `title`,
/// `essay`, the two colours, `types`, `nodes` (with `positions[i]` for node i) and `edges`, in
/// that order, as serde_json wrote the page's structs.
pub(super) fn write_page_data(kg: &KnowledgeGraph, positions: &[(f64, f64)], out: &mut Vec<u8>) {
    let data = kg.data();
    out.extend_from_slice(b"{\"title\":");
    string(out, &data.title);
    out.extend_from_slice(b",\"essay\":");
    string(out, &data.essay);
    out.extend_from_slice(b",\"stated_colour\":");
    string(out, STATED_COLOUR);
    out.extend_from_slice(b",\"background_colour\":");
    string(out, BACKGROUND_COLOUR);
    out.extend_from_slice(b",\"types\":[");
    for (i, &t) in EntityType::ALL.iter().enumerate() {
        let style = type_style(t);
        comma(out, i);
        out.extend_from_slice(b"{\"name\":");
        string(out, t.name());
        out.extend_from_slice(b",\"shape\":");
        string(out, style.shape);
        out.extend_from_slice(b",\"fill\":");
        string(out, style.fill);
        out.extend_from_slice(b",\"group\":");
        string(out, style.group.name());
        out.extend_from_slice(b",\"comment\":");
        string(out, t.comment());
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"nodes\":[");
    let mut names: Vec<&str> = Vec::new();
    let mut written = Written::new(kg);
    for (i, (e, &(x, y))) in kg.entities().iter().zip(positions).enumerate() {
        comma(out, i);
        out.push(b'{');
        entity_ref_members(out, e);
        out.extend_from_slice(b",\"x\":");
        float(out, x);
        out.extend_from_slice(b",\"y\":");
        float(out, y);
        // Every name `kg show` resolves: label, aliases, background and shared aliases, id.
        names.clear();
        let all = e.names().chain(e.background_aliases.iter().chain(&e.shared_aliases).map(SharedStr::as_str));
        for name in all.chain(std::iter::once(e.id.as_str())) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        out.extend_from_slice(b",\"names\":");
        strings(out, names.iter().copied());
        out.extend_from_slice(b",\"keys\":[");
        for (j, name) in names.iter().enumerate() {
            comma(out, j);
            string(out, &name_key(name));
        }
        out.extend_from_slice(b"],\"card\":");
        write_card(kg, e, &mut written, out);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"edges\":[");
    let g = kg.graph();
    // Each edge's label, then its basis, made here (one buffer for all of them).
    let mut label = String::new();
    for (i, ei) in g.edge_indices().enumerate() {
        let r = kg.relation_at(ei);
        let Some((s, t)) = g.edge_endpoints(ei) else { continue };
        comma(out, i);
        out.extend_from_slice(b"{\"id\":");
        string(out, &r.id);
        out.extend_from_slice(b",\"source\":");
        decimal(out, s.index() as u64);
        out.extend_from_slice(b",\"target\":");
        decimal(out, t.index() as u64);
        out.extend_from_slice(b",\"relation\":");
        fixed(out, r.kind.name());
        out.extend_from_slice(b",\"reading\":");
        fixed(out, r.kind.reading());
        out.extend_from_slice(b",\"inverse\":");
        fixed(out, r.kind.inverse_reading());
        out.extend_from_slice(b",\"label\":");
        label.clear();
        push_relation_label_line(&mut label, kg, r);
        string(out, &label);
        out.extend_from_slice(b",\"sentence\":");
        string(out, &kg.sentence(r));
        out.extend_from_slice(b",\"stated\":");
        out.extend_from_slice(if r.is_stated() { b"true" } else { b"false" });
        out.extend_from_slice(b",\"basis\":");
        label.clear();
        push_relation_basis(&mut label, r);
        string(out, &label);
        if let Some(passage) = r.provenance.passage() {
            out.extend_from_slice(b",\"passage\":");
            quote(out, passage);
        }
        out.push(b'}');
    }
    out.push(b']');
}

/// Writes `json` (the page's data object) onto `out` with every `<` as `\u003c`, in pieces, each
/// copied once: JSON holds a `<` only inside a string, where `\u003c` is the same character, and
/// nothing in the data can then close the page's `<script>`. The path tables, which follow, hold
/// digits, `-`, `,`, brackets and `null`.
///
/// # Errors
/// `out`'s.
pub(crate) fn write_lt_escaped(json: &[u8], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut plain = 0;
    for at in memchr::memchr_iter(b'<', json) {
        out.write_all(&json[plain..at])?;
        out.write_all(b"\\u003c")?;
        plain = at + 1;
    }
    out.write_all(&json[plain..])
}

/// Writes `entity`'s card as `serde_json` writes [`crate::entity_card`]'s answer: `entity` (its
/// [`crate::EntitySummary`]), `relations` (outgoing, then incoming, by relation id) and
/// `qualifies`.
fn write_card<'k>(kg: &'k KnowledgeGraph, e: &'k Entity, written: &mut Written<'k>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"entity\":{\"id\":");
    string(out, &e.id);
    out.extend_from_slice(b",\"label\":");
    string(out, &e.label);
    out.extend_from_slice(b",\"type\":");
    fixed(out, e.entity_type.name());
    out.extend_from_slice(b",\"types\":[");
    let mut t = Some(e.entity_type);
    let mut first = true;
    while let Some(ty) = t {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        fixed(out, ty.name());
        t = ty.parent();
    }
    out.extend_from_slice(b"],\"aliases\":");
    strings(out, e.aliases.iter().map(SharedStr::as_str));
    out.extend_from_slice(b",\"background_aliases\":");
    strings(out, e.background_aliases.iter().map(SharedStr::as_str));
    out.extend_from_slice(b",\"shared_aliases\":");
    strings(out, e.shared_aliases.iter().map(SharedStr::as_str));
    if let Some(wikidata) = &e.wikidata {
        out.extend_from_slice(b",\"wikidata\":");
        string(out, wikidata);
    }
    out.extend_from_slice(b",\"evidence\":");
    quote(out, &e.evidence);
    for (name, dated) in [(&b",\"date\":"[..], &e.date), (b",\"start\":", &e.start), (b",\"end\":", &e.end)] {
        if let Some(d) = dated {
            out.extend_from_slice(name);
            out.extend_from_slice(b"{\"value\":");
            date(out, d.value);
            out.extend_from_slice(b",\"evidence\":");
            quote(out, &d.evidence);
            out.push(b'}');
        }
    }
    out.extend_from_slice(b",\"numbers\":[");
    for (i, n) in e.numbers.iter().enumerate() {
        comma(out, i);
        out.extend_from_slice(b"{\"property\":");
        string(out, &n.property);
        out.extend_from_slice(b",\"value\":");
        decimal(out, n.value);
        if let Some(unit) = &n.unit {
            out.extend_from_slice(b",\"unit\":");
            string(out, unit);
        }
        out.extend_from_slice(b",\"evidence\":");
        quote(out, &n.evidence);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"mentions\":[");
    for (i, m) in e.mentions.iter().enumerate() {
        comma(out, i);
        quote(out, m);
    }
    out.push(b']');
    if let Some(note) = &e.note {
        out.extend_from_slice(b",\"note\":");
        string(out, note);
    }
    out.extend_from_slice(b"},\"relations\":[");
    for (i, inc) in kg.incident(&e.id).into_iter().enumerate() {
        comma(out, i);
        let (direction, reads) = match inc.direction {
            Direction::Outgoing => ("outgoing", inc.relation.kind.reading()),
            Direction::Incoming => ("incoming", inc.relation.kind.inverse_reading()),
        };
        relation_view(kg, inc.relation, direction, reads, inc.other, None, written, out);
    }
    out.extend_from_slice(b"],\"qualifies\":[");
    let mut i = 0;
    for r in kg.qualified_by(&e.id) {
        // As `entity_card`, a relation whose ends are unknown is left out.
        let (Some(subject), Some(object)) = (kg.entity(&r.subject), kg.entity(&r.object)) else { continue };
        comma(out, i);
        i += 1;
        relation_view(kg, r, "qualifier", r.kind.reading(), subject, Some(object), written, out);
    }
    out.extend_from_slice(b"]}");
}

/// A [`crate::RelationView`]: the relation seen from a card's entity.
#[allow(clippy::too_many_arguments)]
fn relation_view<'k>(
    kg: &'k KnowledgeGraph,
    r: &'k Relation,
    direction: &'static str,
    reads: &'static str,
    other: &'k Entity,
    object: Option<&'k Entity>,
    written: &mut Written<'k>,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &r.id);
    out.extend_from_slice(b",\"relation\":");
    fixed(out, r.kind.name());
    out.extend_from_slice(b",\"direction\":");
    fixed(out, direction);
    out.extend_from_slice(b",\"reads\":");
    fixed(out, reads);
    out.extend_from_slice(b",\"other\":");
    written.entity(other, out);
    if let Some(object) = object {
        out.extend_from_slice(b",\"object\":");
        written.entity(object, out);
    }
    // The qualifiers and the evidence: the same on every card the relation is on.
    written.relation(kg, r, out);
}

/// The end of a [`crate::RelationView`]: its qualifiers and evidence, and the closing `}`.
fn relation_tail(kg: &KnowledgeGraph, r: &Relation, out: &mut Vec<u8>) {
    out.extend_from_slice(b",\"qualifiers\":");
    qualifiers(kg, &r.qualifiers, out);
    out.extend_from_slice(b",\"evidence\":");
    match &r.provenance {
        Provenance::Essay(evidence) => {
            out.extend_from_slice(b"{\"source\":\"essay\",");
            quote_members(out, evidence);
            out.push(b'}');
        }
        Provenance::Background { basis, context } => {
            out.extend_from_slice(b"{\"source\":\"background\",\"basis\":");
            string(out, basis);
            if let Some(context) = context {
                out.extend_from_slice(b",\"context\":");
                quote(out, context);
            }
            out.push(b'}');
        }
    }
    out.push(b'}');
}

/// Pieces of JSON already written, by the entity or relation they were written for, so that
/// what several cards share is escaped once and copied after. Each is found by its index in the
/// graph's list, told by its address (round 20: a hash map keyed by the address before).
struct Written<'k> {
    text: Vec<u8>,
    /// Each entity's piece, then each relation's: its `begin..end` in `text`, once written.
    spans: Vec<Option<(usize, usize)>>,
    entities: &'k [Entity],
    relations: &'k [Relation],
}

impl<'k> Written<'k> {
    fn new(kg: &'k KnowledgeGraph) -> Self {
        let (entities, relations) = (kg.entities(), kg.relations());
        Written { text: Vec::new(), spans: vec![None; entities.len() + relations.len()], entities, relations }
    }

    /// Copies `e`'s [`entity_ref`] to `out`.
    fn entity(&mut self, e: &'k Entity, out: &mut Vec<u8>) {
        let slot = index_in(self.entities, e);
        self.copy(slot, out, |out| entity_ref(out, e));
    }

    /// Copies `r`'s [`relation_tail`] to `out`.
    fn relation(&mut self, kg: &KnowledgeGraph, r: &'k Relation, out: &mut Vec<u8>) {
        let slot = index_in(self.relations, r).map(|i| self.entities.len() + i);
        self.copy(slot, out, |out| relation_tail(kg, r, out));
    }

    /// Copies the piece in `slot` to `out`, writing it with `write` the first time; an item
    /// outside the graph's lists (no slot) is written straight to `out`.
    fn copy(&mut self, slot: Option<usize>, out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) {
        let Written { text, spans, .. } = self;
        let Some(span) = slot.and_then(|i| spans.get_mut(i)) else { return write(out) };
        let (begin, end) = *span.get_or_insert_with(|| {
            let begin = text.len();
            write(text);
            (begin, text.len())
        });
        out.extend_from_slice(&text[begin..end]);
    }
}

/// The index of `item` in `items`, told by its address; `None` for an item held elsewhere.
fn index_in<T>(items: &[T], item: &T) -> Option<usize> {
    let offset = (item as *const T as usize).wrapping_sub(items.as_ptr() as usize);
    let i = offset / std::mem::size_of::<T>().max(1);
    items.get(i).filter(|found| std::ptr::eq(*found, item)).map(|_| i)
}

/// A [`crate::query::QualifierView`]: the qualifiers that are set (an unknown entity left out).
fn qualifiers(kg: &KnowledgeGraph, q: &Qualifiers, out: &mut Vec<u8>) {
    out.push(b'{');
    let mut first = true;
    let mut member = |out: &mut Vec<u8>, name: &str| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
    };
    for (name, id) in [("under", &q.under), ("place", &q.place)] {
        if let Some(entity) = id.as_deref().and_then(|id| kg.entity(id)) {
            member(out, name);
            entity_ref(out, entity);
        }
    }
    for (name, date) in [("date", &q.date), ("start", &q.start), ("end", &q.end)] {
        if let Some(date) = date {
            member(out, name);
            self::date(out, *date);
        }
    }
    if let Some(role) = &q.role {
        member(out, "role");
        string(out, role);
    }
    out.push(b'}');
}

/// An [`crate::query::EntityRef`]: id, label and type.
fn entity_ref(out: &mut Vec<u8>, e: &Entity) {
    out.push(b'{');
    entity_ref_members(out, e);
    out.push(b'}');
}

/// `"id":…,"label":…,"type":…`: an entity reference's members, which a node's object begins with.
fn entity_ref_members(out: &mut Vec<u8>, e: &Entity) {
    out.extend_from_slice(b"\"id\":");
    string(out, &e.id);
    out.extend_from_slice(b",\"label\":");
    string(out, &e.label);
    out.extend_from_slice(b",\"type\":");
    fixed(out, e.entity_type.name());
}

/// A [`crate::query::Quote`]: `{"quote":…,"start":…,"end":…}`.
fn quote(out: &mut Vec<u8>, evidence: &Evidence) {
    out.push(b'{');
    quote_members(out, evidence);
    out.push(b'}');
}

fn quote_members(out: &mut Vec<u8>, evidence: &Evidence) {
    out.extend_from_slice(b"\"quote\":");
    string(out, evidence.quote());
    out.extend_from_slice(b",\"start\":");
    decimal(out, evidence.start as u64);
    out.extend_from_slice(b",\"end\":");
    decimal(out, evidence.end as u64);
}

fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    push_json_escaped(out, s);
    out.push(b'"');
}

/// A date as a JSON string, as `string(out, &d.to_string())` writes it: its text as `Display`
/// writes it (`decimal::push_date`, without `core::fmt`), which holds nothing JSON escapes
/// (digits, `-`, `s`; an out-of-range date, which `Display` itself writes, is escaped).
fn date(out: &mut Vec<u8>, d: HistDate) {
    let mut text = String::with_capacity(16);
    push_date(&mut text, d);
    string(out, &text);
}

/// A fixed name of the model (a type's or relation kind's name or reading, a direction), which
/// JSON writes as it is: copied, not escaped (`tests::the_fixed_names_need_no_escaping` checks
/// every one), since a third of the page's strings are these.
fn fixed(out: &mut Vec<u8>, s: &'static str) {
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

fn strings<'s>(out: &mut Vec<u8>, items: impl Iterator<Item = &'s str>) {
    out.push(b'[');
    for (i, s) in items.enumerate() {
        comma(out, i);
        string(out, s);
    }
    out.push(b']');
}

/// A `,` before every item but the first.
fn comma(out: &mut Vec<u8>, index: usize) {
    if index > 0 {
        out.push(b',');
    }
}

/// Writes `x` as serde_json writes an `f64` (`null` when it is not finite).
fn float(out: &mut Vec<u8>, x: f64) {
    // Writing to a `Vec` cannot fail, and serde_json writes a non-finite float as `null`.
    serde_json::to_writer(&mut *out, &x).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationKind;

    #[test]
    fn an_item_is_found_at_its_own_index_and_nowhere_else() {
        let kg = KnowledgeGraph::builtin().unwrap();
        let entities = kg.entities();
        assert!(entities.len() > 50);
        for (i, e) in entities.iter().enumerate() {
            assert_eq!(index_in(entities, e), Some(i));
            assert_eq!(index_in(&entities[1..], e), i.checked_sub(1));
        }
        // An equal item held elsewhere is not the graph's.
        let copy = entities[3].clone();
        assert_eq!(index_in(entities, &copy), None);
        let relations = kg.relations();
        assert_eq!(index_in(relations, &relations[relations.len() - 1]), Some(relations.len() - 1));
        assert_eq!(index_in(relations, &relations[0].clone()), None);
        // Zero-sized items: the first is at index 0.
        let units = [(), ()];
        assert_eq!(index_in(&units, &units[0]), Some(0));
    }

    /// Every name the page writes with [`fixed`] is one JSON writes as it is: a name that ever
    /// needs escaping (a quote, a backslash, a control character) fails here, not on a page.
    #[test]
    fn the_fixed_names_need_no_escaping() {
        let kinds = RelationKind::ALL.iter().flat_map(|k| [k.name(), k.reading(), k.inverse_reading()]);
        let types = EntityType::ALL.iter().map(|t| t.name());
        let names: Vec<&'static str> = kinds.chain(types).chain(["outgoing", "incoming", "qualifier"]).collect();
        assert!(names.len() > 30, "{names:?}");
        let written = |name: &'static str| {
            let (mut escaped, mut copied) = (Vec::new(), Vec::new());
            string(&mut escaped, name);
            fixed(&mut copied, name);
            (escaped, copied)
        };
        for name in names {
            let (escaped, copied) = written(name);
            assert_eq!(String::from_utf8(escaped).unwrap(), String::from_utf8(copied).unwrap());
        }
        // The comparison tells a name that needs escaping apart.
        let (escaped, copied) = written("say \"no\"");
        assert_ne!(escaped, copied);
    }
}
