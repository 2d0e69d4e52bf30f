//! Loading and validating an annotated essay: parse the TOML files, check every quote against the
//! essay, resolve every reference, and build a [`Dataset`] — or report every problem at once.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{LoadError, Problem};
use crate::model::{
    Dataset, Dated, Entity, EntityType, Evidence, HistDate, LeftOut, Provenance, Qualifiers, Quantity, Relation,
    RelationKind,
};
use crate::names::name_key;
use crate::text::EssayText;

/// The text of one annotation file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name used in error messages (`data/relations.toml`).
    pub name: String,
    /// The file's contents.
    pub text: String,
}

impl Source {
    fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source { name: name.into(), text: text.into() }
    }
}

/// The files of an annotated essay. `background` and `coverage` may be empty.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `essay.txt`
    pub essay: Source,
    /// `entities.toml`
    pub entities: Source,
    /// `relations.toml`
    pub relations: Source,
    /// `background.toml`
    pub background: Source,
    /// `coverage.toml`
    pub coverage: Source,
}

impl Sources {
    /// The essay's own annotations, compiled into the crate.
    pub fn builtin() -> Sources {
        Sources {
            essay: Source::new("data/essay.txt", include_str!("../data/essay.txt")),
            entities: Source::new("data/entities.toml", include_str!("../data/entities.toml")),
            relations: Source::new("data/relations.toml", include_str!("../data/relations.toml")),
            background: Source::new("data/background.toml", include_str!("../data/background.toml")),
            coverage: Source::new("data/coverage.toml", include_str!("../data/coverage.toml")),
        }
    }

    /// Reads the files of `dir`. `background.toml` and `coverage.toml` are optional.
    pub fn read_dir(dir: &Path) -> Result<Sources, LoadError> {
        let read = |file: &str, required: bool| -> Result<Source, LoadError> {
            let path = dir.join(file);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(Source::new(path.display().to_string(), text)),
                Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                    Ok(Source::new(path.display().to_string(), ""))
                }
                Err(source) => Err(LoadError::Io { path, source }),
            }
        };
        Ok(Sources {
            essay: read("essay.txt", true)?,
            entities: read("entities.toml", true)?,
            relations: read("relations.toml", true)?,
            background: read("background.toml", false)?,
            coverage: read("coverage.toml", false)?,
        })
    }
}

/// Loads and validates the annotated essay in `dir`.
pub fn load_dir(dir: &Path) -> Result<Dataset, LoadError> {
    load(&Sources::read_dir(dir)?)
}

// ---- the files' shapes -------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EntitiesFile {
    #[serde(default)]
    entity: Vec<Spanned<RawEntity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    id: String,
    #[serde(rename = "type")]
    entity_type: String,
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    background_aliases: Vec<String>,
    #[serde(default)]
    shared_aliases: Vec<String>,
    wikidata: Option<String>,
    quote: String,
    note: Option<String>,
    date: Option<RawDated>,
    start: Option<RawDated>,
    end: Option<RawDated>,
    #[serde(default)]
    numbers: Vec<RawNumber>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDated {
    value: String,
    quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumber {
    property: String,
    value: u64,
    unit: Option<String>,
    quote: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RelationsFile {
    #[serde(default)]
    relation: Vec<Spanned<RawRelation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    subject: String,
    relation: String,
    object: String,
    under: Option<String>,
    place: Option<String>,
    date: Option<String>,
    start: Option<String>,
    end: Option<String>,
    role: Option<String>,
    quote: Option<String>,
    basis: Option<String>,
    context: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CoverageFile {
    #[serde(default)]
    left_out: Vec<Spanned<RawLeftOut>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeftOut {
    phrase: String,
    reason: String,
}

// ---- validation --------------------------------------------------------------------------------

/// Collects problems while validating; every check reports and goes on.
struct Checker<'a> {
    text: EssayText,
    problems: Vec<Problem>,
    source: &'a Source,
    /// Byte offsets where the lines of `source` start.
    line_starts: Vec<usize>,
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

impl<'a> Checker<'a> {
    /// The 1-based line of a byte offset of the current source.
    fn line_of(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= byte)
    }

    /// Switches to another source file.
    fn switch_to(&mut self, source: &'a Source) {
        self.source = source;
        self.line_starts = line_starts(&source.text);
    }

    fn report(&mut self, line: usize, subject: impl Into<Option<String>>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.source.name.clone(),
            line: Some(line),
            subject: subject.into(),
            message: message.into(),
        });
    }

    /// Finds `quote` in the essay; it must occur exactly once.
    fn locate(&mut self, quote: &str, line: usize, subject: &str) -> Option<Evidence> {
        if quote.trim().is_empty() {
            self.report(line, subject.to_string(), "empty quote: give the passage of the essay that states it");
            return None;
        }
        let found = self.text.find_exact(quote);
        match found.as_slice() {
            [start] => Some(Evidence { quote: quote.to_string(), start: *start, end: *start + quote.chars().count() }),
            [] => {
                let hint = if quote.contains('\'') { " (the essay writes the apostrophe as ’, U+2019)" } else { "" };
                self.report(line, subject.to_string(), format!("quote not found in the essay{hint}: \"{quote}\""));
                None
            }
            many => {
                let at: Vec<String> = many.iter().map(usize::to_string).collect();
                self.report(
                    line,
                    subject.to_string(),
                    format!(
                        "quote occurs {} times in the essay (at characters {}); lengthen it so it occurs once: \"{quote}\"",
                        many.len(),
                        at.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn date(&mut self, value: &str, line: usize, subject: &str) -> Option<HistDate> {
        match value.parse() {
            Ok(d) => Some(d),
            Err(e) => {
                self.report(line, subject.to_string(), e);
                None
            }
        }
    }
}

fn parse_file<T: for<'de> Deserialize<'de> + Default>(source: &Source, problems: &mut Vec<Problem>) -> T {
    match toml::from_str(&source.text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.span().map(|s| source.text[..s.start.min(source.text.len())].matches('\n').count() + 1);
            problems.push(Problem {
                file: source.name.clone(),
                line,
                subject: None,
                message: format!("not valid: {}", e.message()),
            });
            T::default()
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && id.as_bytes()[0].is_ascii_lowercase()
}

/// Loads and validates an annotated essay from its sources.
///
/// Returns every problem found, each with its file, line and entity, when anything is wrong.
pub fn load(sources: &Sources) -> Result<Dataset, LoadError> {
    let mut problems = Vec::new();
    let entities_file: EntitiesFile = parse_file(&sources.entities, &mut problems);
    let relations_file: RelationsFile = parse_file(&sources.relations, &mut problems);
    let background_file: RelationsFile = parse_file(&sources.background, &mut problems);
    let coverage_file: CoverageFile = parse_file(&sources.coverage, &mut problems);
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }

    let text = EssayText::new(&sources.essay.text);
    let mut checker =
        Checker { text, problems, source: &sources.entities, line_starts: line_starts(&sources.entities.text) };
    // `types` holds every declared entity whose type is valid, even one with other problems, so
    // that one mistake is reported once rather than again at every reference.
    let (entities, types) = check_entities(&mut checker, entities_file);

    let mut relations = Vec::new();
    checker.switch_to(&sources.relations);
    check_relations(&mut checker, relations_file, &types, false, &mut relations);
    checker.switch_to(&sources.background);
    check_relations(&mut checker, background_file, &types, true, &mut relations);

    checker.switch_to(&sources.coverage);
    let mut left_out = Vec::new();
    for spanned in coverage_file.left_out {
        let line = checker.line_of(spanned.span().start);
        let raw = spanned.into_inner();
        if raw.reason.trim().is_empty() {
            checker.report(line, format!("left_out \"{}\"", raw.phrase), "give a reason for leaving it out");
        }
        if left_out.iter().any(|l: &LeftOut| l.phrase == raw.phrase) {
            checker.report(line, format!("left_out \"{}\"", raw.phrase), "listed twice");
        }
        left_out.push(LeftOut { phrase: raw.phrase, reason: raw.reason });
    }

    let Checker { text, problems, .. } = checker;
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }

    let mut entities = entities;
    crate::mentions::attach_mentions(&text, &mut entities);
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    assign_relation_ids(&mut relations);
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    left_out.sort_by(|a, b| a.phrase.cmp(&b.phrase));

    let essay = sources.essay.text.clone();
    let title = essay.lines().next().unwrap_or_default().trim().to_string();
    Ok(Dataset { essay, title, entities, relations, left_out })
}

fn check_entities(checker: &mut Checker, file: EntitiesFile) -> (Vec<Entity>, HashMap<String, EntityType>) {
    let mut entities = Vec::new();
    let mut types = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    // name key -> (entity id, line, shared?)
    let mut names: BTreeMap<String, Vec<(String, usize, bool)>> = BTreeMap::new();

    for spanned in file.entity {
        let line = checker.line_of(spanned.span().start);
        let raw = spanned.into_inner();
        let who = format!("entity {}", raw.id);
        if !is_valid_id(&raw.id) {
            checker.report(
                line,
                who.clone(),
                "id must be lower snake_case ASCII (letters, digits, _), starting with a letter",
            );
        }
        if let Some(first) = seen.insert(raw.id.clone(), line) {
            checker.report(
                line,
                who.clone(),
                format!("duplicate id: already defined at line {first}; ids must be unique"),
            );
        }
        let entity_type = match raw.entity_type.parse::<EntityType>() {
            Ok(t) => {
                types.insert(raw.id.clone(), t);
                Some(t)
            }
            Err(e) => {
                checker.report(line, who.clone(), e);
                None
            }
        };
        if let Some(q) = &raw.wikidata {
            let ok = q.strip_prefix('Q').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                checker.report(line, who.clone(), format!("wikidata id `{q}` is not of the form Q123"));
            }
        }
        if raw.label.trim().is_empty() {
            checker.report(line, who.clone(), "empty label");
        }
        for alias in &raw.aliases {
            if checker.text.find_name(alias).is_empty() {
                checker.report(
                    line,
                    who.clone(),
                    format!("alias \"{alias}\" does not occur in the essay; move it to background_aliases"),
                );
            }
        }
        for name in std::iter::once(&raw.label).chain(&raw.aliases).chain(&raw.background_aliases) {
            let shared = raw.shared_aliases.iter().any(|s| name_key(s) == name_key(name));
            names.entry(name_key(name)).or_default().push((raw.id.clone(), line, shared));
        }
        for name in &raw.shared_aliases {
            names.entry(name_key(name)).or_default().push((raw.id.clone(), line, true));
        }
        let evidence = checker.locate(&raw.quote, line, &who);
        let dated = |d: Option<RawDated>, checker: &mut Checker| {
            d.and_then(|d| {
                let value = checker.date(&d.value, line, &who);
                let evidence = checker.locate(&d.quote, line, &who);
                Some(Dated { value: value?, evidence: evidence? })
            })
        };
        let date = dated(raw.date, checker);
        let start = dated(raw.start, checker);
        let end = dated(raw.end, checker);
        let numbers: Vec<Quantity> = raw
            .numbers
            .into_iter()
            .filter_map(|n| {
                let evidence = checker.locate(&n.quote, line, &who)?;
                Some(Quantity { property: n.property, value: n.value, unit: n.unit, evidence })
            })
            .collect();
        if let (Some(entity_type), Some(evidence)) = (entity_type, evidence) {
            entities.push(Entity {
                id: raw.id,
                entity_type,
                label: raw.label,
                aliases: raw.aliases,
                background_aliases: raw.background_aliases,
                shared_aliases: raw.shared_aliases,
                wikidata: raw.wikidata,
                evidence,
                note: raw.note,
                date,
                start,
                end,
                numbers,
                mentions: Vec::new(),
            });
        }
    }

    for (key, owners) in &names {
        let mut ids: Vec<&str> = owners.iter().map(|(id, _, _)| id.as_str()).collect();
        ids.sort();
        ids.dedup();
        if ids.len() > 1 && !owners.iter().all(|(_, _, shared)| *shared) {
            let (_, line, _) = owners.iter().find(|(_, _, shared)| !shared).unwrap_or(&owners[0]);
            checker.report(
                *line,
                format!("name \"{key}\""),
                format!(
                    "the name is claimed by {}; list it under shared_aliases of each if it really names all of them",
                    ids.join(" and ")
                ),
            );
        }
    }
    (entities, types)
}

fn check_relations(
    checker: &mut Checker,
    file: RelationsFile,
    types: &HashMap<String, EntityType>,
    background: bool,
    out: &mut Vec<Relation>,
) {
    for spanned in file.relation {
        let line = checker.line_of(spanned.span().start);
        let raw = spanned.into_inner();
        let who = format!("relation {} {} {}", raw.subject, raw.relation, raw.object);
        let kind = match raw.relation.parse::<RelationKind>() {
            Ok(k) => Some(k),
            Err(e) => {
                checker.report(line, who.clone(), e);
                None
            }
        };
        for (field, id) in [
            ("subject", Some(&raw.subject)),
            ("object", Some(&raw.object)),
            ("under", raw.under.as_ref()),
            ("place", raw.place.as_ref()),
        ] {
            let Some(id) = id else { continue };
            match types.get(id) {
                None => checker.report(
                    line,
                    who.clone(),
                    format!("{field} `{id}` is not the id of any entity in entities.toml"),
                ),
                Some(t) if field == "under" && !t.is_a(EntityType::Treaty) => checker.report(
                    line,
                    who.clone(),
                    format!("under `{id}` is a {t}, but `under` names the treaty under which something happened"),
                ),
                Some(t) if field == "place" && !t.is_a(EntityType::Territory) => {
                    checker.report(line, who.clone(), format!("place `{id}` is a {t}, not a Territory"))
                }
                Some(_) => {}
            }
        }
        if raw.subject == raw.object {
            checker.report(line, who.clone(), "a relation needs two different entities");
        }
        let date = |v: &Option<String>, checker: &mut Checker| v.as_ref().map(|v| checker.date(v, line, &who));
        let qualifiers_dates = (date(&raw.date, checker), date(&raw.start, checker), date(&raw.end, checker));
        let provenance = if background {
            if raw.quote.is_some() {
                checker.report(
                    line,
                    who.clone(),
                    "background facts take `basis` and `context`, not `quote`; stated facts belong in relations.toml",
                );
            }
            let basis = raw.basis.clone().unwrap_or_default();
            if basis.trim().is_empty() {
                checker.report(line, who.clone(), "a background fact needs a `basis` saying why we hold it");
            }
            let context = match &raw.context {
                Some(c) => match checker.locate(c, line, &who) {
                    Some(e) => Some(e),
                    None => continue,
                },
                None => None,
            };
            Some(Provenance::Background { basis, context })
        } else {
            if raw.basis.is_some() || raw.context.is_some() {
                checker.report(
                    line,
                    who.clone(),
                    "`basis` and `context` are for background.toml; a stated relation takes `quote`",
                );
            }
            match &raw.quote {
                Some(q) => checker.locate(q, line, &who).map(Provenance::Essay),
                None => {
                    checker.report(
                        line,
                        who.clone(),
                        "missing `quote`: every relation carries the passage of the essay that states it",
                    );
                    None
                }
            }
        };
        let (Some(kind), Some(provenance)) = (kind, provenance) else { continue };
        let flat = |d: Option<Option<HistDate>>| d.flatten();
        out.push(Relation {
            id: String::new(),
            subject: raw.subject,
            kind,
            object: raw.object,
            qualifiers: Qualifiers {
                under: raw.under,
                place: raw.place,
                date: flat(qualifiers_dates.0),
                start: flat(qualifiers_dates.1),
                end: flat(qualifiers_dates.2),
                role: raw.role,
            },
            provenance,
            note: raw.note,
        });
    }
}

/// Gives each relation its id `subject.kind.object`, numbering repeats `.2`, `.3` in file order
/// (stated relations before background ones).
fn assign_relation_ids(relations: &mut [Relation]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in relations.iter_mut() {
        let base = format!("{}.{}.{}", r.subject, r.kind.name(), r.object);
        let n = counts.entry(base.clone()).or_insert(0);
        *n += 1;
        r.id = if *n == 1 { base } else { format!("{base}.{n}") };
    }
}
