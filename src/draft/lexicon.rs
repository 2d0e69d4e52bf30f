//! The drafter's general knowledge, read once from the data files compiled into the crate:
//! `gazetteer.tsv` (states with their demonyms, modern and historical; international bodies;
//! oceans, large islands, historical regions, capitals), `words.tsv` (head words, title words,
//! function words, words before a titled work, ...) and `cues.tsv` (relation cue phrases). None of it names any one essay's
//! entities; see the files' headers.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{EntityType, RelationKind};
use crate::names::name_key;

const GAZETTEER: &str = include_str!("gazetteer.tsv");
const WORDS: &str = include_str!("words.tsv");
const CUES: &str = include_str!("cues.tsv");

/// One line of the gazetteer: a thing with its names and, for states, demonyms.
#[derive(Debug)]
pub(crate) struct Place {
    pub entity_type: EntityType,
    /// For a state that is one island of the same name ("State/Island" in the gazetteer: Cyprus,
    /// Ireland, Taiwan): the type the name takes where the grammar makes it a place.
    pub place_type: Option<EntityType>,
    /// Names of the same thing; the first is the label.
    pub names: Vec<String>,
}

/// Which way a cue reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The first name is the subject.
    Forward,
    /// The second name is the subject (a passive: "brokered by").
    Backward,
}

/// A relation cue: the words that must stand between two names.
#[derive(Debug)]
pub(crate) struct Cue {
    pub kind: RelationKind,
    /// Lowercase words; `*` stands for one or two other words.
    pub words: Vec<String>,
    pub subject: Vec<EntityType>,
    /// Empty: any type.
    pub object: Vec<EntityType>,
    pub direction: Direction,
}

/// Everything the drafter knows, indexed for lookup.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub places: Vec<Place>,
    /// name key -> index into `places`.
    pub place_by_key: HashMap<String, usize>,
    /// demonym key -> index into `places`.
    pub demonym: HashMap<String, usize>,
    /// Exact words (as written) -> type, for last words of names.
    pub heads: HashMap<String, EntityType>,
    /// First words of names -> type.
    pub leads: HashMap<String, EntityType>,
    /// Title words and phrases (as written) -> whether a ruler's title.
    pub titles: HashMap<String, bool>,
    /// The titles of a head of state or government ("president", "prime minister", "doge"),
    /// lowercase.
    pub head_titles: Vec<String>,
    /// A title that names its state's people ("Tsar" -> "Russian", "Kaiser" -> "German";
    /// round 22): the demonym, whose state the title's bearer led.
    pub title_states: HashMap<String, String>,
    /// Lowercase nouns that name a body after a demonym.
    pub groups: HashMap<String, EntityType>,
    pub function_words: Vec<String>,
    pub fillers: Vec<String>,
    pub cede_verbs: Vec<String>,
    pub compass: Vec<String>,
    /// A combining form before a hyphen ("Sino-", "Franco-") -> the names of the states it may
    /// stand for, most usual first (round 16: "the Sino-French War" was fought by China and France).
    pub combining: HashMap<String, Vec<String>>,
    /// Words that, right before a name, make it a titled work.
    pub work_words: Vec<String>,
    /// Given names common among Europe's rulers (round 24): "Catherine", "Leopold".
    pub given_names: Vec<String>,
    /// Ruling houses that, alone, stand for the state they ruled ("the first Romanov").
    pub dynasties: Vec<String>,
    pub cues: Vec<Cue>,
}

impl Lexicon {
    /// The lexicon, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::parse)
    }

    fn parse() -> Lexicon {
        let mut lex = Lexicon::default();
        for fields in rows(GAZETTEER) {
            // "State/Island": a state by default, an island where the grammar makes it a place.
            let mut typed = fields.first().map(|t| t.split('/').map(str::parse::<EntityType>)).into_iter().flatten();
            let Some(Ok(entity_type)) = typed.next() else { continue };
            let place_type = typed.next().and_then(Result::ok);
            let names: Vec<String> = fields.get(1).map(|n| split_bar(n)).unwrap_or_default();
            if names.is_empty() {
                continue;
            }
            let index = lex.places.len();
            for name in &names {
                lex.place_by_key.entry(name_key(name)).or_insert(index);
            }
            for demonym in fields.get(2).map(|d| split_bar(d)).unwrap_or_default() {
                // "Austrian" -> "Austrians", "Peruvian" -> "Peruvians" (round 11): the plural of
                // a demonym in -an names the people too, where the line does not list it.
                // Likewise in -i (round 16): "Israeli" -> "Israelis", "Thai" -> "Thais".
                // And a people's noun in -t or -e (round 33): "Croat" -> "Croats", "Slovene" ->
                // "Slovenes" (not "Chinese": an adjective in -ese has no plural).
                let noun = (demonym.ends_with('t') || demonym.ends_with('e')) && !demonym.ends_with("ese");
                if demonym.ends_with("an") || demonym.ends_with('i') || noun {
                    lex.demonym.entry(name_key(&format!("{demonym}s"))).or_insert(index);
                }
                lex.demonym.entry(name_key(&demonym)).or_insert(index);
            }
            lex.places.push(Place { entity_type, place_type, names });
        }
        for fields in rows(WORDS) {
            let word = fields.get(1).map(|w| w.to_string()).unwrap_or_default();
            let typed = fields.get(2).and_then(|t| t.parse::<EntityType>().ok());
            match (fields[0], typed) {
                ("head", Some(t)) => {
                    lex.heads.insert(word, t);
                }
                ("lead", Some(t)) => {
                    lex.leads.insert(word, t);
                }
                ("group", Some(t)) => {
                    lex.groups.insert(word, t);
                }
                // "title <tab> FLAGS <tab> Title" or "title <tab> Title".
                ("title", _) => {
                    let (flags, title) = match fields.get(2) {
                        Some(title) => (word.split(',').collect::<Vec<_>>(), title.to_string()),
                        None => (Vec::new(), word),
                    };
                    if flags.contains(&"head") {
                        lex.head_titles.push(title.to_lowercase());
                    }
                    // An `office` is read as a head of state's title only, never split off a
                    // name ("ruled by a Governor-General" stays a name).
                    if !flags.contains(&"office") {
                        lex.titles.insert(title, flags.contains(&"ruler"));
                    }
                }
                ("function", _) => lex.function_words.push(word),
                ("filler", _) => lex.fillers.push(word),
                ("cede", _) => lex.cede_verbs.push(word),
                ("compass", _) => lex.compass.push(word),
                ("combining", _) => {
                    lex.combining.insert(word, fields.get(2).map(|n| split_bar(n)).unwrap_or_default());
                }
                ("work", _) => lex.work_words.push(word),
                ("given", _) => lex.given_names.push(word),
                ("dynasty", _) => lex.dynasties.push(word),
                ("titlestate", _) => {
                    lex.title_states.insert(word, fields.get(2).map(|d| d.to_string()).unwrap_or_default());
                }
                _ => {}
            }
        }
        for fields in rows(CUES) {
            let (Some(kind), Some(words), Some(subject), Some(object), Some(direction)) = (
                // By its name only: `FromStr` also reads the kinds' readings, at a cost that
                // shows in the drafter's run time.
                fields.first().and_then(|k| RelationKind::ALL.iter().copied().find(|kind| kind.name() == *k)),
                fields.get(1),
                fields.get(2),
                fields.get(3),
                fields.get(4),
            ) else {
                continue;
            };
            lex.cues.push(Cue {
                kind,
                words: words.split_whitespace().map(str::to_string).collect(),
                subject: types(subject),
                object: types(object),
                direction: if *direction == "<" { Direction::Backward } else { Direction::Forward },
            });
        }
        lex
    }

    /// The gazetteer entry a name belongs to.
    pub fn place(&self, name: &str) -> Option<usize> {
        self.place_by_key.get(&name_key(name)).copied()
    }

    /// The state a demonym ("Swedish", "Danes") belongs to.
    pub fn demonym_of(&self, word: &str) -> Option<usize> {
        self.demonym.get(&name_key(word)).copied()
    }

    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.iter().any(|w| w == word)
    }

    pub fn is_filler(&self, word: &str) -> bool {
        self.fillers.iter().any(|w| w == word)
    }

    /// Whether `word` ("novel", "wrote") makes the name after it a titled work.
    pub fn is_work_word(&self, word: &str) -> bool {
        self.work_words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// Whether `title` (any case; "Prime Minister") is a head of state's or government's title.
    pub fn is_head_title(&self, title: &str) -> bool {
        self.head_titles.iter().any(|t| t.eq_ignore_ascii_case(title))
    }

    /// Whether `word` is a given name of the word list, as written ("Catherine", not "catherine").
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.iter().any(|w| w == word)
    }

    pub fn is_dynasty(&self, word: &str) -> bool {
        self.dynasties.iter().any(|w| w == word)
    }

    pub fn is_compass(&self, word: &str) -> bool {
        self.compass.iter().any(|w| w == word)
    }
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

fn split_bar(field: &str) -> Vec<String> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn types(field: &str) -> Vec<EntityType> {
    if field == "any" {
        return Vec::new();
    }
    field.split(',').filter_map(|t| t.trim().parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_data_files_parses() {
        let lex = Lexicon::get();
        let gazetteer_lines = rows(GAZETTEER).count();
        assert_eq!(lex.places.len(), gazetteer_lines, "a gazetteer line has an unknown type or no name");
        let cue_lines = rows(CUES).count();
        assert_eq!(lex.cues.len(), cue_lines, "a cue line has an unknown relation kind or a missing field");
        for cue in &lex.cues {
            assert!(!cue.subject.is_empty(), "{:?}: subject types", cue.words);
        }
        let typed_words = rows(WORDS).filter(|f| matches!(f[0], "head" | "lead" | "group")).count();
        assert_eq!(lex.heads.len() + lex.leads.len() + lex.groups.len(), typed_words);
    }

    #[test]
    fn no_gazetteer_name_is_on_two_lines_and_island_states_are_marked() {
        // A name on two lines would silently belong to the first only.
        let mut seen = std::collections::HashMap::new();
        for (k, fields) in rows(GAZETTEER).enumerate() {
            for name in split_bar(fields[1]) {
                let earlier = seen.insert(name_key(&name), k);
                assert!(earlier.is_none_or(|e| e == k), "{name} is on two gazetteer lines");
            }
            let marks: Vec<&str> = fields[0].split('/').collect();
            assert!(marks.len() <= 2, "{}: one type, or State/Island", fields[0]);
            assert!(marks.iter().all(|t| t.parse::<EntityType>().is_ok()), "{}: unknown type", fields[0]);
        }
        let lex = Lexicon::get();
        let cyprus = &lex.places[lex.place("Cyprus").unwrap()];
        assert_eq!((cyprus.entity_type, cyprus.place_type), (EntityType::State, Some(EntityType::Island)));
        assert_eq!(lex.places[lex.place("Japan").unwrap()].place_type, None);
        // A demonym in -an has its plural (round 11).
        assert!(lex.demonym_of("Austrians").is_some());
        assert_eq!(lex.demonym_of("Austrians"), lex.demonym_of("Austrian"));
        // A people's noun in -t or -e (round 33).
        assert_eq!(lex.demonym_of("Croats"), lex.demonym_of("Croatian"));
        assert_eq!(lex.demonym_of("Slovenes"), lex.demonym_of("Slovenian"));
        assert!(lex.demonym_of("Chineses").is_none());
    }

    #[test]
    fn every_cue_takes_only_types_its_relation_kind_declares() {
        // The loader rejects a relation whose ends do not fit the kind's declared types; a cue
        // typed more widely would only propose relations that the drafter then drops.
        for cue in &Lexicon::get().cues {
            for t in &cue.subject {
                assert!(
                    cue.kind.subject_types().iter().any(|d| t.is_a(*d)),
                    "{} {:?}: subject {t}",
                    cue.kind,
                    cue.words
                );
            }
            for t in &cue.object {
                assert!(cue.kind.object_types().iter().any(|d| t.is_a(*d)), "{} {:?}: object {t}", cue.kind, cue.words);
            }
        }
    }

    #[test]
    fn no_name_is_claimed_by_two_gazetteer_lines() {
        let lex = Lexicon::get();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, place) in lex.places.iter().enumerate() {
            for name in &place.names {
                if let Some(first) = seen.insert(name_key(name), line).filter(|first| *first != line) {
                    panic!("`{name}` is in the lines of both {} and {}", lex.places[first].names[0], place.names[0]);
                }
            }
        }
    }
}
