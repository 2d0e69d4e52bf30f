//! The draft as the five files of the annotation format (docs/annotation-format.md), rendered by
//! the `toml` crate from serialization structs that use only the format's basic fields.

use serde::Serialize;

/// An entity as `entities.toml` writes it.
#[derive(Serialize)]
pub(crate) struct EntityOut {
    pub id: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    pub label: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub quote: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<DatedOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<NumberOut>,
}

/// A number the essay states for an entity, with its quote.
#[derive(Serialize)]
pub(crate) struct NumberOut {
    pub property: String,
    pub value: u64,
    pub unit: String,
    pub quote: String,
}

/// A date with its quote.
#[derive(Serialize)]
pub(crate) struct DatedOut {
    pub value: String,
    pub quote: String,
}

/// A relation as `relations.toml` writes it.
#[derive(Serialize)]
pub(crate) struct RelationOut {
    pub subject: String,
    pub relation: String,
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub under: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub quote: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A phrase left out, with the reason.
#[derive(Serialize)]
pub(crate) struct LeftOutOut {
    pub phrase: String,
    pub reason: String,
}

#[derive(Serialize)]
struct EntitiesFile<'a> {
    entity: &'a [EntityOut],
}

#[derive(Serialize)]
struct RelationsFile<'a> {
    relation: &'a [RelationOut],
}

#[derive(Serialize)]
struct CoverageFile<'a> {
    left_out: &'a [LeftOutOut],
}

const ENTITIES_HEADER: &str =
    "# Drafted by `kg draft` from essay.txt alone. Review every entity: its type, its label, and\n\
# each merge of names (the `note` says why names were merged; split them to undo it).\n\
# Format: docs/annotation-format.md.\n\n";
const RELATIONS_HEADER: &str =
    "# Drafted by `kg draft`: only what a cue phrase between two names supports, each with the\n\
# clause that states it. Add what the drafter missed; check each direction and kind.\n\n";
const BACKGROUND: &str =
    "# Facts the essay implies but does not state, each with a `basis` (docs/annotation-format.md).\n\
# The drafter writes none.\n";
const COVERAGE_HEADER: &str =
    "# Name-like phrases of the essay that the draft does not annotate. Entries whose reason starts\n\
# with \"draft:\" are left for you: annotate the phrase (then `kg check` reports the entry as\n\
# stale and you delete it), or keep it with a real reason.\n\n";

fn render<T: Serialize>(header: &str, value: &T, empty: bool) -> Result<String, String> {
    if empty {
        return Ok(header.to_string());
    }
    let body = toml::to_string(value).map_err(|e| format!("cannot render TOML: {e}"))?;
    Ok(format!("{header}{body}"))
}

pub(crate) fn entities_toml(entities: &[EntityOut]) -> Result<String, String> {
    render(ENTITIES_HEADER, &EntitiesFile { entity: entities }, entities.is_empty())
}

pub(crate) fn relations_toml(relations: &[RelationOut]) -> Result<String, String> {
    render(RELATIONS_HEADER, &RelationsFile { relation: relations }, relations.is_empty())
}

pub(crate) fn coverage_toml(left_out: &[LeftOutOut]) -> Result<String, String> {
    render(COVERAGE_HEADER, &CoverageFile { left_out }, left_out.is_empty())
}

pub(crate) fn background_toml() -> String {
    BACKGROUND.to_string()
}
