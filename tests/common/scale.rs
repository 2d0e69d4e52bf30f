//! A synthetic graph N times the essay's: N copies of every entity and relation (ids suffixed
//! `__cK`), chained into one connected graph by a relation from each copy's Japan to the next.
//! Used by the scale test and the path benchmark.

use kg::{Dataset, Entity, Id, Relation, RelationKind};

fn suffix(id: &str, k: usize) -> Id {
    Id::from(format!("{id}__c{k}"))
}

/// `copies` copies of `data`, chained through `link` (an entity id of the essay).
pub fn replicate(data: &Dataset, copies: usize, link: &str) -> Dataset {
    let mut entities: Vec<Entity> = Vec::with_capacity(data.entities.len() * copies);
    let mut relations: Vec<Relation> = Vec::with_capacity((data.relations.len() + 1) * copies);
    let chain = data.relations.iter().find(|r| r.is_stated()).expect("a stated relation").clone();
    for k in 0..copies {
        for e in &data.entities {
            let mut e = e.clone();
            e.id = suffix(&e.id, k);
            entities.push(e);
        }
        for r in &data.relations {
            let mut r = r.clone();
            r.id = suffix(&r.id, k);
            r.subject = suffix(&r.subject, k);
            r.object = suffix(&r.object, k);
            r.qualifiers.under = r.qualifiers.under.map(|u| suffix(&u, k));
            r.qualifiers.place = r.qualifiers.place.map(|p| suffix(&p, k));
            relations.push(r);
        }
        if k > 0 {
            let mut r = chain.clone();
            r.kind = RelationKind::Followed;
            r.subject = suffix(link, k - 1);
            r.object = suffix(link, k);
            r.id = Id::from(format!("chain__{k}"));
            r.qualifiers = Default::default();
            relations.push(r);
        }
    }
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    Dataset { essay: data.essay.clone(), title: data.title.clone(), entities, relations, left_out: Vec::new() }
}
