//! The synthetic corpus behind `examples/gen_corpus.rs` (which documents it), shared with the
//! tests that count the loader's work at two sizes (`tests/load_work.rs`).

use std::collections::HashMap;
use std::fmt::Write as _;

use kg::{Dataset, Entity, Provenance, Relation};

/// The files of a synthetic corpus.
pub struct Corpus {
    /// `essay.txt`
    pub essay: String,
    /// `entities.toml`
    pub entities: String,
    /// `relations.toml`
    pub relations: String,
    /// `background.toml`
    pub background: String,
}

/// A TOML basic string: JSON's escaping is a subset of TOML's.
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

fn toml_list(items: &[kg::SharedStr], tag: &str) -> String {
    let items: Vec<String> = items.iter().map(|a| toml_str(&format!("{a} {tag}"))).collect();
    format!("[{}]", items.join(", "))
}

/// A corpus of exactly `target` relations made of copies of `essay`'s annotations.
pub fn generate(essay: &Dataset, target: usize) -> Corpus {
    let mut out = Corpus {
        essay: format!("{} (synthetic corpus of {target} relations)\n\n", essay.title),
        entities: String::new(),
        relations: String::new(),
        background: String::new(),
    };
    let link = essay.relations.iter().find(|r| r.is_stated()).expect("the essay states a relation");
    let mut written = 0;
    let mut k = 0;
    while written < target {
        let mut copy = Copy { k, quotes: HashMap::new(), text: String::new() };
        for e in &essay.entities {
            write_entity(&mut out.entities, e, &mut copy);
        }
        if k > 0 {
            let mut r = link.clone();
            r.subject = format!("{}__c{}", link.subject, k - 1).into();
            r.note = Some(kg::SharedStr::from_static("links this copy to the one before"));
            write_relation(&mut out.relations, &r, &mut copy, false);
            written += 1;
        }
        for r in &essay.relations {
            if written == target {
                break;
            }
            let file = if r.is_stated() { &mut out.relations } else { &mut out.background };
            write_relation(file, r, &mut copy, true);
            written += 1;
        }
        out.essay.push_str(&copy.text);
        out.essay.push('\n');
        k += 1;
    }
    out
}

/// One copy of the essay being written: its number and the quotes already in its text.
struct Copy {
    k: usize,
    /// Original quote -> the copy's unique version of it.
    quotes: HashMap<String, String>,
    text: String,
}

impl Copy {
    fn id(&self, id: &str) -> String {
        format!("{id}__c{}", self.k)
    }

    /// The copy's version of an essay quote, added to its text the first time.
    fn quote(&mut self, original: &str) -> String {
        if let Some(q) = self.quotes.get(original) {
            return q.clone();
        }
        let q = format!("{original} [{}]", marker(self.k, self.quotes.len()));
        let _ = write!(self.text, "{q}. ");
        self.quotes.insert(original.to_string(), q.clone());
        q
    }
}

/// A word that makes a copy's quote unique in the corpus: quote `n` of copy `k`, scrambled into
/// base 36 so that its characters vary as much as a real passage's would.
fn marker(k: usize, n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    // An odd multiplier is a bijection modulo 2^64, so distinct (k, n) give distinct markers.
    let mut x = ((k as u64) << 20 | n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut word = String::new();
    while x > 0 {
        word.push(DIGITS[(x % 36) as usize] as char);
        x /= 36;
    }
    word
}

fn write_entity(file: &mut String, e: &Entity, copy: &mut Copy) {
    let tag = copy.k.to_string();
    // The label and every alias occur in the text, in a sentence of their own.
    let _ = write!(copy.text, "{} {tag}", e.label);
    for a in &e.aliases {
        let _ = write!(copy.text, ", {a} {tag}");
    }
    copy.text.push_str(". ");
    let _ = writeln!(file, "[[entity]]");
    let _ = writeln!(file, "id = {}", toml_str(&copy.id(&e.id)));
    let _ = writeln!(file, "type = {}", toml_str(e.entity_type.name()));
    let _ = writeln!(file, "label = {}", toml_str(&format!("{} {tag}", e.label)));
    for (field, names) in
        [("aliases", &e.aliases), ("background_aliases", &e.background_aliases), ("shared_aliases", &e.shared_aliases)]
    {
        if !names.is_empty() {
            let _ = writeln!(file, "{field} = {}", toml_list(names, &tag));
        }
    }
    if let Some(w) = &e.wikidata {
        let _ = writeln!(file, "wikidata = {}", toml_str(w));
    }
    let _ = writeln!(file, "quote = {}", toml_str(&copy.quote(e.evidence.quote())));
    if let Some(n) = &e.note {
        let _ = writeln!(file, "note = {}", toml_str(n));
    }
    for (field, dated) in [("date", &e.date), ("start", &e.start), ("end", &e.end)] {
        if let Some(d) = dated {
            let q = copy.quote(d.evidence.quote());
            let _ = writeln!(file, "{field} = {{ value = \"{}\", quote = {} }}", d.value, toml_str(&q));
        }
    }
    for n in &e.numbers {
        let q = copy.quote(n.evidence.quote());
        let unit = n.unit.as_ref().map(|u| format!("\nunit = {}", toml_str(u))).unwrap_or_default();
        let _ = writeln!(
            file,
            "[[entity.numbers]]\nproperty = {}\nvalue = {}{unit}\nquote = {}",
            toml_str(&n.property),
            n.value,
            toml_str(&q)
        );
    }
    file.push('\n');
}

/// Writes `r` into the copy; `local` relations have both ends in this copy, the link's subject is
/// already an id of the copy before.
fn write_relation(file: &mut String, r: &Relation, copy: &mut Copy, local: bool) {
    let subject = if local { copy.id(&r.subject) } else { r.subject.to_string() };
    let _ = writeln!(file, "[[relation]]");
    let _ = writeln!(file, "subject = {}", toml_str(&subject));
    let _ = writeln!(file, "relation = {}", toml_str(r.kind.name()));
    let _ = writeln!(file, "object = {}", toml_str(&copy.id(&r.object)));
    let q = &r.qualifiers;
    for (field, id) in [("under", &q.under), ("place", &q.place)] {
        if let Some(id) = id {
            let _ = writeln!(file, "{field} = {}", toml_str(&copy.id(id)));
        }
    }
    for (field, date) in [("date", q.date), ("start", q.start), ("end", q.end)] {
        if let Some(d) = date {
            let _ = writeln!(file, "{field} = \"{d}\"");
        }
    }
    if let Some(role) = &q.role {
        let _ = writeln!(file, "role = {}", toml_str(role));
    }
    match &r.provenance {
        Provenance::Essay(e) => {
            let _ = writeln!(file, "quote = {}", toml_str(&copy.quote(e.quote())));
        }
        Provenance::Background { basis, context } => {
            let _ = writeln!(file, "basis = {}", toml_str(basis));
            if let Some(c) = context {
                let _ = writeln!(file, "context = {}", toml_str(&copy.quote(c.quote())));
            }
        }
    }
    if let Some(n) = &r.note {
        let _ = writeln!(file, "note = {}", toml_str(n));
    }
    file.push('\n');
}
