//! A name's type: by the gazetteer ("Sweden" is a State), by its head word ("Treaty of Kiel",
//! "Kuril Islands", "Port Arthur"), by a title ("President Nixon"), by shape ("Gustav Vasa", two
//! capitalised words, is a person; "Charles XII" has a regnal number), by a word before a titled
//! work ("the novel War and Peace", "wrote Leviathan") and, for a lone unknown word,
//! by the words before it ("in Sochi" is a place, "the island of Bornholm" an island).

use crate::model::EntityType;

use super::candidates::{is_roman_numeral, Mention};
use super::lexicon::Lexicon;
use super::sentences::Token;

/// A type with how sure the drafter is (higher is surer); the surest guess of any mention wins
/// for the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Guess {
    pub entity_type: EntityType,
    /// 5 gazetteer, 4 head word or title, 3 regnal number or body, 2 shape, 1 context.
    pub strength: u8,
    /// Which rule gave the type ("gazetteer", "head word", "title", "one word (default)", ...):
    /// the drafter's measure of its own rules (`kg::draft::type_rules`), never part of the draft.
    pub rule: &'static str,
}

/// The rule that types two unknown capitalised words after "the" ("the Viet Minh"): a body of
/// people, said with no cue, so that any other typed mention of the same entity wins.
pub(crate) const TWO_WORDS_AFTER_THE: &str = "two words after the (default)";

impl Guess {
    /// A type given for want of any cue (`Agent`, which only says the name acts, or round 33's
    /// `Organisation` for "the X Y"): at equal strength any other guess of the entity wins, and
    /// a place's description may retype it.
    pub(crate) fn is_fallback(&self) -> bool {
        is_fallback(self.entity_type, self.rule)
    }
}

/// Whether a type with the rule that gave it is a fallback (`Guess::is_fallback`), for an entity
/// whose guess is kept as its type and rule apart (`aliases.rs`).
pub(crate) fn is_fallback(entity_type: EntityType, rule: &str) -> bool {
    entity_type == EntityType::Agent || rule == TWO_WORDS_AFTER_THE
}

const PLACE_PREPOSITIONS: [&str; 13] =
    ["in", "at", "to", "into", "from", "near", "over", "across", "through", "towards", "off", "around", "with"];

/// Verbs whose object is a place: what kind of place an unknown word after them most often is.
const PLACE_VERBS: [(&str, EntityType); 29] = [
    ("regained", EntityType::Region),
    ("recovered", EntityType::Region),
    ("took", EntityType::City),
    ("retook", EntityType::City),
    ("recaptured", EntityType::City),
    ("surrendered", EntityType::City),
    ("stormed", EntityType::City),
    ("sacked", EntityType::City),
    ("conquered", EntityType::Region),
    ("hold", EntityType::Region),
    ("held", EntityType::Region),
    ("evacuated", EntityType::City),
    ("entered", EntityType::City),
    ("reached", EntityType::City),
    ("liberated", EntityType::City),
    ("lost", EntityType::Region),
    ("ceded", EntityType::Region),
    ("returned", EntityType::Region),
    ("annexed", EntityType::Region),
    ("captured", EntityType::City),
    ("besieged", EntityType::City),
    ("seized", EntityType::City),
    ("invaded", EntityType::Region),
    ("occupied", EntityType::Region),
    ("fled", EntityType::City),
    ("visited", EntityType::City),
    // Round 25: "besieging Narva" (Sweden-Russia), "raided Columbus, New Mexico" (Mexico-United
    // States). ("kept" was tried: one region more typed, four places kept drafted as controlled
    // that the golds lack.)
    ("besieging", EntityType::City),
    ("raided", EntityType::City),
    // Round 27: "received Trat and Dan Sai in exchange" (Thailand-Cambodia), a land received as
    // "ceded" and "annexed" are.
    ("received", EntityType::Region),
];

/// Lowercase nouns before "of" that type the name after them ("the island of Bornholm").
const OF_NOUNS: [(&str, EntityType); 24] = [
    // Battles and sieges are fought between two sides: an Event (docs/annotation-format.md).
    ("battle", EntityType::Event),
    ("battles", EntityType::Event),
    ("siege", EntityType::Event),
    ("kingdom", EntityType::State),
    ("state", EntityType::State),
    ("republic", EntityType::State),
    ("provinces", EntityType::Region),
    ("cities", EntityType::City),
    ("island", EntityType::Island),
    ("city", EntityType::City),
    ("town", EntityType::City),
    ("port", EntityType::City),
    ("forest", EntityType::Forest),
    ("province", EntityType::Region),
    ("region", EntityType::Region),
    ("peninsula", EntityType::Peninsula),
    // "the isle of X", "the archipelago of X", "the county of X", "the duchy of X", "the towns of
    // X". ("the islands of X" is left out: it names a group or lists single islands.)
    ("isle", EntityType::Island),
    ("archipelago", EntityType::IslandGroup),
    ("county", EntityType::Region),
    ("duchy", EntityType::Region),
    ("towns", EntityType::City),
    // "the fortress of Izmail" (round 24).
    ("fortress", EntityType::City),
    // "the eastern part of Misiones", "a large part of Ili" (round 27).
    ("part", EntityType::Region),
    // "opened the ports of Shimoda and Hakodate" (round 28, Japan-United States), as "towns".
    ("ports", EntityType::City),
];

/// Lowercase particles inside personal names ("Otto von Bismarck", "Vasco da Gama").
pub(super) const NAME_PARTICLES: [&str; 12] =
    ["von", "van", "de", "da", "du", "der", "den", "di", "la", "le", "bin", "ibn"];

const ADJECTIVE_ENDINGS: [&str; 6] = ["an", "ese", "ish", "ic", "ant", "ist"];

/// Types the name made of `words` (tokens `from..to`). Returns `None` for a word that is not a
/// name after all (an adjective such as "Protestant rebels").
pub(crate) fn classify(
    words: &[&str],
    titled: bool,
    toks: &[Token],
    from: usize,
    to: usize,
    lex: &Lexicon,
    earlier: &[Mention],
) -> Option<(Guess, Option<usize>)> {
    let name = words.join(" ");
    let guess = |entity_type, strength, rule| Guess { entity_type, strength, rule };
    if let Some(place) = lex.place(&name) {
        let entry = &lex.places[place];
        let entity_type = match entry.place_type {
            Some(t) if !acts_as_state(toks, from, to) => t,
            _ => entry.entity_type,
        };
        return Some((guess(entity_type, 5, "gazetteer"), Some(place)));
    }
    if words.len() == 1 {
        if let Some(place) = lex.demonym_of(words[0]) {
            return Some((guess(lex.places[place].entity_type, 5, "demonym"), Some(place)));
        }
    }
    // "the Kurds", "the Bengalis", "the Karelians", "the South Tyroleans" (round 27): a people named
    // after a region (not a state: a state's people is the state, by its demonyms) is a body.
    if people_of_region(words, lex) {
        return Some((guess(EntityType::Organisation, 3, "people of a region"), None));
    }
    let first = words[0];
    let last = words[words.len() - 1];
    // "the novel War and Peace", "wrote Leviathan", "his memoir “Years of Upheaval”": a titled work.
    let context: Vec<&str> = toks[..from]
        .iter()
        .rev()
        .filter(|t| !matches!(t.text.as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "“" | "\"" | ","))
        .take(1)
        .map(|t| t.text.as_str())
        .collect();
    if !titled && context.first().is_some_and(|w| lex.is_work_word(w)) {
        return Some((guess(EntityType::Work, 4, "work word before"), None));
    }
    if titled {
        return Some((guess(EntityType::Person, 4, "title"), None));
    }
    // "the Kangxi Emperor", "the Meiji Emperor" (round 28): a reign name before "Emperor", the
    // usual English form for emperors of China and Japan, names the emperor.
    if words.len() == 2 && matches!(last, "Emperor" | "Empress") && lex.demonym_of(first).is_none() {
        return Some((guess(EntityType::Person, 3, "reign name Emperor"), None));
    }
    // Round 24: a person named with a place or an epithet: "Catherine of Braganza", "Leopold of
    // Saxe-Coburg" (a given name of the word list before "of"), "William III of Orange" (a regnal
    // number before "of"), "Catherine the Great" (names join "the" only before an epithet).
    if words.len() > 2
        && ((words[1] == "of" && lex.is_given_name(first))
            || (words.len() > 3 && words[2] == "of" && is_roman_numeral(words[1]))
            || (words.len() == 3 && words[1] == "the"))
    {
        return Some((guess(EntityType::Person, 3, "person by place or epithet"), None));
    }
    // "Battle of the Coral Sea", "Siege of Leningrad": a first word before "of" types the whole
    // name, whatever its last word.
    if words.len() > 2 && words[1] == "of" {
        if let Some(t) = lex.leads.get(first) {
            return Some((guess(*t, 4, "lead word before of"), None));
        }
    }
    // "International Court of Justice", "Grand Duchy of Finland": the noun before the first
    // "of" is the head of the name.
    if let Some(k) = words.iter().position(|w| *w == "of").filter(|&k| k > 0 && k + 1 < words.len()) {
        if let Some(t) = lex.heads.get(words[k - 1]) {
            return Some((guess(*t, 4, "head before of"), None));
        }
    }
    if let Some(t) = lex.heads.get(last).or_else(|| {
        // A lowercase head word taken into the name ("Triple interventions").
        let mut cap = last.to_string();
        if let Some(f) = cap.get(..1) {
            cap = f.to_uppercase() + &cap[1..];
        }
        lex.heads.get(&cap)
    }) {
        if words.len() > 1 {
            return Some((guess(*t, 4, "head word"), None));
        }
    }
    if words.len() > 1 {
        if let Some(t) = lex.leads.get(first) {
            return Some((guess(*t, 4, "lead word"), None));
        }
        if lex.is_compass(first) {
            if let Some(place) = lex.place(&words[1..].join(" ")) {
                let t = match lex.places[place].entity_type {
                    EntityType::Sea => EntityType::Sea,
                    _ => EntityType::Region,
                };
                return Some((guess(t, 3, "compass before a place"), None));
            }
            // "Eastern Rumelia", "the West Bank" (round 24): a direction word before an unknown
            // name names a region.
            // Not an adjective after "the": "the Southern Han", "the Northern Wei" are dynasties'
            // states ("the West Bank" is a region).
            let dynasty = first.ends_with("ern") && from > 0 && toks[from - 1].text.eq_ignore_ascii_case("the");
            if words.len() == 2 && !dynasty && lex.place(words[1]).is_none() && lex.demonym_of(words[1]).is_none() {
                return Some((guess(EntityType::Region, 2, "compass before an unknown word"), None));
            }
        }
        if is_roman_numeral(last) {
            return Some((guess(EntityType::Person, 3, "regnal number"), None));
        }
        // "Spanish Florida", "Swedish Pomerania", "Soviet Karelia", "the Austrian Netherlands"
        // (round 28): a demonym before a land of the gazetteer that is not the demonym's own names
        // that land as another state's possession, a region (the development golds type all five
        // so; before, a weak body, or a state when the land is one). Not before a city or a sea.
        if words.len() == 2 {
            if let (Some(owner), Some(land)) = (lex.demonym_of(first), lex.place(last)) {
                let kind = lex.places[land].entity_type;
                if owner != land && (kind.is_a(EntityType::State) || kind == EntityType::Region) {
                    return Some((guess(EntityType::Region, 3, "demonym before another's land"), None));
                }
            }
        }
        // Round 33: "Dutch Timor" after "the island of Timor" (Netherlands-Portugal): a demonym
        // before a land the essay has named already, not in the gazetteer, is that people's part
        // of it, as with a gazetteer land above.
        if words.len() == 2
            && lex.demonym_of(first).is_some()
            && earlier
                .iter()
                .any(|m| m.name == last && m.title.is_none() && m.guess.entity_type.root() == EntityType::Territory)
        {
            return Some((guess(EntityType::Region, 3, "demonym before a land named earlier"), None));
        }
        // "Revolutionary France", "Imperial Russia" (round 11): an adjective before a state's
        // name is that state in one period.
        // "Ming China", "Bourbon Spain" (round 25): a ruling house before it, likewise.
        if words.len() == 2
            && lex.place(last).is_some_and(|p| lex.places[p].entity_type.is_a(EntityType::State))
            && (["ary", "al", "ist", "ic", "ian"].iter().any(|e| first.ends_with(e)) || lex.is_dynasty(first))
        {
            return Some((guess(EntityType::State, 3, "adjective before a state"), None));
        }
        // "Spanish Armada": a name that starts with a demonym names no person; a body, weakly.
        if lex.demonym_of(first).is_some() {
            return Some((guess(EntityType::Organisation, 1, "demonym first word (default)"), None));
        }
        // "Gustav Vasa", "Otto von Bismarck", "Charles de Gaulle": capitalised words, with at
        // most the particles of personal names between them.
        let personal = words.iter().enumerate().all(|(k, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                || (k > 0 && k + 1 < words.len() && NAME_PARTICLES.contains(w))
        });
        if personal {
            // "El Paso", "Ciudad Juárez", "Puerto Bolívar" (round 24): Spanish words that start
            // place names and no person's; the kind of place from the words around, else a town.
            if matches!(first, "El" | "Ciudad" | "Puerto") {
                return Some(match apposition_place(toks, to).or_else(|| place_context(toks, from, true)) {
                    Some(t) => (guess(t, 2, "Spanish place word, context"), None),
                    None => (guess(EntityType::City, 1, "Spanish place word (default)"), None),
                });
            }
            // "the Rio Grande", "the Río Negro" (round 25): Spanish and Portuguese for "river"
            // starts a river's name, a Region as the golds type rivers.
            if matches!(first, "Rio" | "Río") {
                return Some((guess(EntityType::Region, 2, "Rio"), None));
            }
            // "from Arica to La Paz", "occupied Thăng Long": two capitalised words where a place
            // goes, and nothing after them that only a person does, are a place.
            if !person_cue(toks, to) {
                // "Battambang and Siem Reap", "Trat and Dan Sai" (round 16): in a list right after
                // a place, a place of its kind.
                if let Some(t) = list_place(toks, earlier, from) {
                    return Some((guess(t, 2, "two words: list after a place"), None));
                }
                if let Some(t) =
                    apposition_place(toks, to).or_else(|| named_place(toks, from)).or_else(|| noun_after(toks, to))
                {
                    return Some((guess(t, 2, "two words: apposition or naming"), None));
                }
                if battle_at(toks, from, to) {
                    return Some((guess(EntityType::Event, 1, "two words: battle at"), None));
                }
                if let Some(t) = place_context(toks, from, false).or_else(|| passive_place(toks, to)) {
                    return Some((guess(t, 1, "two words: place context"), None));
                }
                // "Tel Aviv" (round 26): "Tel" (a mound, in Hebrew and Arabic) starts place names
                // and no person's; where the words around say nothing, a town, as "Port" and
                // "Fort" are (words.tsv). ("New" was tried: "England kept New Netherland" lost
                // its transfer as a town; "Santa" and "San" start surnames: "Santa Anna".)
                if first == "Tel" {
                    return Some((guess(EntityType::City, 1, "Tel"), None));
                }
                // "England kept New Netherland", "between Maine and New Brunswick" (round 29:
                // Britain-Netherlands, Britain-United States): "New" starts the names of colonies,
                // provinces and towns named after older places, and no person's; where the words
                // around say nothing, a land (round 26 tried a town: a transfer of a colony lost).
                // Not before an acronym: "New START" is a treaty's name (round 29's fresh
                // Russia-United States).
                if first == "New" && !words[1..].iter().any(|w| is_acronymish(w)) {
                    return Some((guess(EntityType::Region, 1, "New"), None));
                }
                // "the Khmer Rouge", "the Viet Minh", "the Free Officers": people's names take
                // no article; two capitalised words after "the" with no other cue name a body
                // of people acting together, an Organisation (round 33: `Agent`, the root, is
                // a type no gold entity has). ("the Trưng Sisters", "the Wright Brothers": a
                // family is people.)
                let family = matches!(last, "Sisters" | "Brothers");
                if from > 0 && toks[from - 1].text.eq_ignore_ascii_case("the") && !family {
                    // Round 30: "in the Oregon Country", "of the Louisiana Purchase": after a
                    // preposition of place, a land, as a lone word after "the" is.
                    // Not "a fleet of the Southern Han": a direction adjective after "the" is a
                    // dynasty's state (round 24).
                    if place_preposition_before_the(toks, from) && !dynasty_adjective(first, lex) {
                        return Some((guess(EntityType::Region, 1, "two words after a preposition and the"), None));
                    }
                    return Some((guess(EntityType::Organisation, 1, TWO_WORDS_AFTER_THE), None));
                }
            }
            return Some((guess(EntityType::Person, 2, "two capitalised words (default)"), None));
        }
        return Some((guess(EntityType::Territory, 1, "several words (default)"), None));
    }
    // "Congress", "the Senate", "the Diet" alone (round 25): the legislature of the essay's state,
    // a Government (Mexico-United States, United States-Spain, Finland-Russia); "Congress of
    // Vienna", "the Diet of Porvoo" stay conferences (words.tsv's leads).
    if matches!(first, "Congress" | "Senate" | "Diet") {
        return Some((guess(EntityType::Government, 2, "legislature"), None));
    }
    // A head word on its own ("the Sound"): its type, weakly.
    if let Some(t) = lex.heads.get(first) {
        return Some((guess(*t, 2, "head word alone"), None));
    }
    // "Napoleon", "Isabella" (round 24): a given name of the word list alone is a person.
    if lex.is_given_name(first) {
        return Some((guess(EntityType::Person, 2, "given name"), None));
    }
    // "the first Bourbon king", "the first Romanov", "the Habsburgs", "the Qing" (round 25): a
    // ruling house of words.tsv's `dynasty` list alone stands for the state it ruled.
    if lex.is_dynasty(first) {
        return Some((guess(EntityType::State, 2, "dynasty"), None));
    }
    // "Finlandization", "Russification" (round 25): a noun of a process, an Event.
    if ["ization", "isation", "ification"].iter().any(|e| first.ends_with(e)) {
        return Some((guess(EntityType::Event, 2, "process noun"), None));
    }
    // One unknown word: look at the words before it.
    let before = words_before(toks, from);
    // In a list after a name: "Gibraltar and Minorca", "Scania, Halland", "the battles of
    // Chorrillos and Miraflores".
    if before.first().is_some_and(|w| *w == "and" || *w == ",") && from >= 2 {
        let previous = earlier.last().filter(|m| m.last_token < from && from - m.last_token <= 3);
        if let Some(m) = previous.filter(|m| {
            m.guess.entity_type.is_a(EntityType::Territory)
                || matches!(m.guess.entity_type, EntityType::Attack | EntityType::Event)
        }) {
            return Some((guess(m.guess.entity_type, 1, "list after a place"), None));
        }
        // "annexed Hanover, Hesse-Kassel and Frankfurt" (round 13): a list whose first name
        // follows a verb whose object is a place ("annexed", "ceded"), whatever the names before.
        if let Some(t) = list_head(toks, earlier, from).and_then(|head| place_verb_before(toks, head)) {
            return Some((guess(t, 1, "list after a place verb"), None));
        }
    }
    // "the Qing envoy Chonghou", "the Qing general Yishan" (round 28): a lowercase title or role
    // right before one unknown word names the person holding it.
    if role_before(toks, from, lex) {
        return Some((guess(EntityType::Person, 2, "role before"), None));
    }
    // "his brother Cornelis", "his wife, Elena" (round 25): a kinship noun after a possessive.
    if kin_after_possessive(toks, from) {
        return Some((guess(EntityType::Person, 2, "kin after possessive"), None));
    }
    if !person_cue(toks, to) {
        // "the Uruguay and Iguazu rivers" (round 25): a lowercase noun of
        // a kind of place right after the name.
        if let Some(t) = noun_after(toks, to) {
            return Some((guess(t, 2, "noun after"), None));
        }
        // "Taba, a beach on the Gulf of Aqaba" (round 16), "Run, a small nutmeg island",
        // "Ituzaingó, a battle that" (round 24): an apposition that says what place it is, before
        // the words in front of the name; "the town that Romanians call Iași" likewise.
        if let Some(t) = apposition_place(toks, to).or_else(|| named_place(toks, from)) {
            return Some((guess(t, 2, "one word: apposition or naming"), None));
        }
        // "its last battle, at X", "at X, Y defeated a fleet" (round 20): an unknown place after
        // "at" that names a battle is the battle.
        if battle_at(toks, from, to) {
            return Some((guess(EntityType::Event, 1, "one word: battle at"), None));
        }
        if let Some(t) = place_context(toks, from, true).or_else(|| passive_place(toks, to)) {
            return Some((guess(t, 1, "one word: place context"), None));
        }
        // "Nicosia fell within weeks": only a town or fortress falls and holds out.
        let next: Vec<&str> = toks[to..].iter().filter(|t| t.word).take(2).map(|t| t.text.as_str()).collect();
        if matches!(next.as_slice(), ["fell", w] if *w != "ill" && *w != "from") || next.as_slice() == ["held", "out"] {
            return Some((guess(EntityType::City, 1, "fell / held out"), None));
        }
    }
    let next_is_lowercase_word = toks.get(to).is_some_and(|t| t.word && !t.is_capitalised());
    if next_is_lowercase_word && ADJECTIVE_ENDINGS.iter().any(|e| first.ends_with(e)) {
        return None;
    }
    if is_acronymish(first) {
        return Some((guess(EntityType::Organisation, 1, "acronym (default)"), None));
    }
    // A lone unknown word is a person only when the grammar says so: "X, who", "X died", "the
    // brother of X". Names of people take no article, so "the Litoral" is a place; with no cue
    // at all the drafter says only that the name acts (Agent, the root of states, people and
    // bodies), and leaves the choice to the human.
    if person_cue(toks, to) || kin_before(toks, from) {
        return Some((guess(EntityType::Person, 2, "person cue"), None));
    }
    if from > 0 && toks[from - 1].text.eq_ignore_ascii_case("the") {
        return Some((guess(EntityType::Region, 1, "one word after the (default)"), None));
    }
    Some((guess(EntityType::Agent, 1, "one word (default)"), None))
}

/// Whether `words` name a people by a region of the gazetteer that is no state: one plural word,
/// a direction word before it or not, whose stem is the region ("Karelians": Karelia, "Bengalis":
/// Bengal, "Tyroleans": Tyrol, "Kurds": Kurdistan, "Schleswig-Holsteiners": Schleswig and
/// Holstein). A stem that is no place ("Balkans", "Carpathians", "Tigris") says nothing.
fn people_of_region(words: &[&str], lex: &Lexicon) -> bool {
    let word = match words {
        [w] => *w,
        [compass, w] if lex.is_compass(compass) => *w,
        _ => return false,
    };
    let region = |stem: &str| {
        lex.place(stem).is_some_and(|p| {
            let t = lex.places[p].entity_type;
            t.is_a(EntityType::Territory) && !t.is_a(EntityType::State) && t != EntityType::City
        })
    };
    let stems = [
        word.strip_suffix("ns").map(str::to_string),
        word.strip_suffix("eans").map(str::to_string),
        word.strip_suffix("is").map(str::to_string),
        word.strip_suffix("ers").map(str::to_string),
        word.strip_suffix('s').map(|s| format!("{s}istan")),
    ];
    stems
        .iter()
        .flatten()
        .any(|stem| stem.chars().count() > 2 && (region(stem) || (stem.contains('-') && stem.split('-').all(region))))
}

/// What a common noun says a place is: "a town", "the port", "a small island", "a battle".
fn place_noun(noun: &str) -> Option<EntityType> {
    match noun {
        "beach" | "town" | "village" | "port" | "city" | "resort" | "harbour" | "harbor" | "oasis" | "fortress" => {
            Some(EntityType::City)
        }
        // "the land east of the Uruguay River", "a hot, dry lowland plain" (round 25).
        "district" | "province" | "region" | "land" | "plain" => Some(EntityType::Region),
        "island" => Some(EntityType::Island),
        // "Porkkala, a peninsula near Helsinki" (round 25).
        "peninsula" => Some(EntityType::Peninsula),
        "battle" => Some(EntityType::Event),
        // "Puyi, the last Qing emperor" (round 25): an apposition of a ruler's title.
        "emperor" | "empress" | "king" | "queen" | "sultan" | "shah" | "tsar" | "pharaoh" => Some(EntityType::Person),
        _ => None,
    }
}

/// The kind of place a lowercase noun right after a name says it is (token `to`): "the Uruguay
/// and Iguazu rivers" (round 25; the golds type rivers Regions). ("the Hanko peninsula": the
/// name takes such a head word in, candidates.rs.)
fn noun_after(toks: &[Token], to: usize) -> Option<EntityType> {
    match toks.get(to).map(|t| t.text.as_str())? {
        "river" | "rivers" | "valley" => Some(EntityType::Region),
        _ => None,
    }
}

/// Whether a kinship noun after a possessive comes right before token `from`, a comma between or
/// not: "his brother Cornelis", "his wife, Elena", "the king's son X" (round 25).
fn kin_after_possessive(toks: &[Token], from: usize) -> bool {
    let before: Vec<&str> =
        toks[..from].iter().rev().filter(|t| t.text != ",").take(2).map(|t| t.text.as_str()).collect();
    matches!(before.as_slice(), [noun, "his" | "her" | "their" | "'s" | "’s"] if KIN.contains(noun))
}

/// The kind of place an apposition right after a name says it is (tokens from `to`): ", a beach
/// on", ", a town on the left bank", ", a small nutmeg island" (round 24: up to two words before
/// the noun), ", a battle that"; after "the" too (round 25: "Khuzestan, the oil-rich province",
/// "the Banda Oriental, the land east of the Uruguay River").
fn apposition_place(toks: &[Token], to: usize) -> Option<EntityType> {
    let next: Vec<&str> = toks[to..].iter().take(6).map(|t| t.text.as_str()).collect();
    let [",", article @ ("a" | "an" | "the"), rest @ ..] = next.as_slice() else { return None };
    let words = rest.iter().take(3).take_while(|w| w.chars().all(|c| c.is_alphabetic() || c == '-')).count();
    let (k, t) = rest[..words].iter().enumerate().find_map(|(k, w)| place_noun(w).map(|t| (k, t)))?;
    // After "the" the noun must end the apposition, not open a clause ("X, the sultan recognised").
    let ends = |w: &&str| {
        matches!(
            *w,
            "," | "."
                | ";"
                | "of"
                | "that"
                | "which"
                | "who"
                | "where"
                | "in"
                | "on"
                | "near"
                | "east"
                | "west"
                | "north"
                | "south"
        )
    };
    (*article != "the" || rest.get(k + 1).is_some_and(ends)).then_some(t)
}

/// The kind of place a name is given as by "the NOUN (that) B call(s)" right before it: "the
/// Moldavian town that Romanians call Iași", "the town the Finns call Turku", "the port the
/// Georgians call Batumi" (round 24).
fn named_place(toks: &[Token], from: usize) -> Option<EntityType> {
    let before: Vec<&Token> = toks[..from].iter().rev().take(6).collect();
    let [verb, rest @ ..] = before.as_slice() else { return None };
    if !matches!(verb.text.as_str(), "call" | "calls" | "called") {
        return None;
    }
    // The namers (one or two capitalised words, "the" before them), then "that"/"which".
    let speakers = rest.iter().take_while(|t| t.word && t.is_capitalised()).count();
    if !(1..=2).contains(&speakers) {
        return None;
    }
    let mut rest = rest[speakers..].iter().skip_while(|t| t.text == "the");
    let mut noun = rest.next()?;
    if matches!(noun.text.as_str(), "that" | "which") {
        noun = rest.next()?;
    }
    place_noun(&noun.text)
}

/// Whether a name that is both a state and an island ("Cyprus") acts as the state here: it is
/// the subject of a verb ("Ireland declared", "Iceland was neutral") or owns something ("Taiwan's
/// government"), and no preposition or verb comes right before it. Elsewhere ("the coast of
/// Ireland", "won back Cyprus", "as well as Taiwan") it is the place.
fn acts_as_state(toks: &[Token], from: usize, to: usize) -> bool {
    let before = toks[..from].iter().rev().find(|t| t.text != "the").map(|t| t.text.as_str());
    if before.is_some_and(|w| {
        PLACE_PREPOSITIONS.contains(&w)
            || matches!(w, "of" | "on" | "back" | "for" | "as" | "by" | "between" | "under" | "against")
            || (w.ends_with("ed") && w.chars().all(char::is_lowercase))
            || PLACE_VERBS.iter().any(|(v, _)| *v == w)
    }) {
        return false;
    }
    let next: Vec<&str> = toks[to..].iter().filter(|t| t.text != ",").take(2).map(|t| t.text.as_str()).collect();
    match next.as_slice() {
        [w, ..] if matches!(*w, "'s" | "’s" | "'" | "’") => true,
        [w, ..] if STATE_VERBS.contains(w) => true,
        [w, ..] => w.ends_with("ed") && w.chars().all(char::is_lowercase),
        [] => false,
    }
}

/// Whether `first` is a direction adjective ("Southern", "Northern"), which after "the" names a
/// dynasty's state ("the Southern Han"), no land.
fn dynasty_adjective(first: &str, lex: &Lexicon) -> bool {
    first.ends_with("ern") && lex.is_compass(first)
}

/// Whether a preposition of place stands before the "the" at token `from - 1`: "in the X", "of
/// the X", "across the X".
fn place_preposition_before_the(toks: &[Token], from: usize) -> bool {
    from >= 2 && {
        let w = toks[from - 2].text.to_lowercase();
        PLACE_PREPOSITIONS.contains(&w.as_str()) || matches!(w.as_str(), "of" | "beyond" | "along" | "across" | "on")
    }
}

/// Verbs after which the name before them is their subject (with verbs ending in "-ed").
const STATE_VERBS: [&str; 16] = [
    "was", "were", "is", "has", "had", "would", "will", "could", "did", "became", "joined", "signed", "sent", "won",
    "lost", "made",
];

const KIN: [&str; 12] =
    ["brother", "sister", "son", "daughter", "father", "mother", "wife", "husband", "widow", "nephew", "uncle", "heir"];

/// Roles of people that are no title of words.tsv: "the Qing envoy X".
const ROLES: [&str; 5] = ["envoy", "diplomat", "negotiator", "leader", "commander"];

/// Whether a lowercase title of words.tsv ("general", "admiral", "king") or a role of [`ROLES`]
/// stands right before token `from`: "the Qing general Yishan".
fn role_before(toks: &[Token], from: usize, lex: &Lexicon) -> bool {
    let Some(word) = from.checked_sub(1).map(|k| &toks[k]).filter(|t| t.word && !t.is_capitalised()) else {
        return false;
    };
    let w = word.text.as_str();
    let mut capitalised = w.to_string();
    if let Some(f) = w.get(..1) {
        capitalised = f.to_uppercase() + &w[1..];
    }
    ROLES.contains(&w) || lex.titles.contains_key(&capitalised)
}

/// Whether a kinship noun and "of" come right before token `from`: "the brother of X", "a son of X".
fn kin_before(toks: &[Token], from: usize) -> bool {
    matches!(words_before(toks, from).as_slice(), ["of", noun] if KIN.contains(noun))
}

fn is_acronymish(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The two words before token `from`, "the" left out, punctuation kept.
fn words_before(toks: &[Token], from: usize) -> Vec<&str> {
    toks[..from].iter().rev().filter(|t| t.text != "the").take(2).map(|t| t.text.as_str()).collect()
}

/// Whether the words right after a name say it is a person: "X, who", "X whose", "X himself",
/// or a verb only people do: "X died", "X was born", "X married".
fn person_cue(toks: &[Token], to: usize) -> bool {
    let next: Vec<&str> = toks[to..].iter().filter(|t| t.text != ",").take(2).map(|t| t.text.as_str()).collect();
    match next.as_slice() {
        [w, ..] if matches!(*w, "who" | "whose" | "whom" | "himself" | "herself") => true,
        [w, ..] if PERSON_VERBS.contains(w) => true,
        ["was" | "had" | "has", w] => {
            matches!(*w, "born" | "assassinated" | "crowned" | "married" | "executed" | "baptised" | "baptized")
        }
        _ => false,
    }
}

/// Verbs of a fight after "at X,": "at X, Y defeated a fleet" names the battle by its place.
const BATTLE_VERBS: [&str; 10] =
    ["defeated", "destroyed", "routed", "crushed", "annihilated", "sank", "won", "burned", "beat", "encircled"];

/// Verbs of a defeat: "defeated the Austrians at X" names the battle by its place, whatever
/// the object ("won", "burned", "sank" only with a force as object: [`FORCE_AT`]).
const DEFEAT_VERBS: [&str; 5] = ["defeated", "crushed", "beat", "routed", "annihilated"];

/// How many tokens back from "at" a verb of [`DEFEAT_VERBS`] may stand.
const DEFEAT_REACH: usize = 12;

/// Words that end the clause of a defeat, looking back from "at": after them the verb is
/// another clause's ("defeated X and signed a peace at Y").
const CLAUSE_BREAKS: [&str; 15] = [
    ".", ";", "and", "but", "or", "which", "who", "where", "when", "while", "after", "before", "then", "until", "that",
];

/// Nouns of a force or fleet: "routed a far larger force at X" names the battle by its place.
const FORCE_AT: [&str; 12] = [
    "fleet", "fleets", "force", "forces", "army", "armies", "ships", "squadron", "troops", "garrison", "navy", "armada",
];

/// Whether "at" before the name at tokens `from..to` names a battle by its place: "battle" (or
/// "battles") right before "at", with or without a comma ("its last battle, at X"), a verb of a
/// fight with a force as its object ("destroyed an enemy fleet at X"), or "at X,"
/// opening a clause (after a comma, a semicolon or nothing) with a verb of a fight among the
/// next six words ("that autumn, at X, Y defeated a fleet"); since round 25 "won at X", since
/// round 26 a verb of a defeat earlier in the clause ("crushed the Austrians at X") and "defeat",
/// "offensive", "victory", "broke through" right before "at". "The army was destroyed at X"
/// stays a place: golds differ there, some naming the battle apart from the place.
fn battle_at(toks: &[Token], from: usize, to: usize) -> bool {
    let mut back = toks[..from].iter().rev().skip_while(|t| t.text == "the");
    if back.next().is_none_or(|t| t.text != "at") {
        return false;
    }
    let before: Vec<&str> = back.clone().take(2).map(|t| t.text.as_str()).collect();
    // "defeated the Austrians at X", "crushed the Austrians at X", "defeated the rival claimant,
    // António, Prior of Crato, at X" (round 26: six development battles so told, typed Event by
    // their golds, one place, Kunersdorf, a City): a verb of a defeat earlier in the clause,
    // whatever its object.
    let defeat_before = || {
        back.clone()
            .take(DEFEAT_REACH)
            .take_while(|t| !CLAUSE_BREAKS.contains(&t.text.as_str()))
            .any(|t| DEFEAT_VERBS.contains(&t.text.as_str()))
    };
    if !matches!(before.first(), Some(&";" | &".")) && defeat_before() {
        return true;
    }
    match before.as_slice() {
        ["battle" | "battles", ..] | [",", "battle" | "battles"] => true,
        // "Napoleon's defeat at X", "Diaz's offensive at X", "broke through at X" (round 26: the
        // three development battles so told, all typed Event by their golds).
        ["defeat" | "offensive" | "victory", ..] | ["through", "broke"] => true,
        // "The Portuguese won at Ameixial", "Taylor won at Monterrey and at Buena Vista" (round 25:
        // four such battles typed Event in the development golds, one place, Kolin, a City).
        ["won", ..] => true,
        // "and at Y" after "won at X"; "... defeated the Austrians at X on 4 June and at Y", "and
        // again at Y" (round 26) after a defeat at X.
        ["and", ..] | ["again", "and"] => {
            let clause: Vec<&str> =
                back.take(14).take_while(|t| !matches!(t.text.as_str(), "." | ";")).map(|t| t.text.as_str()).collect();
            clause.windows(2).any(|w| w == ["at", "won"])
                || (clause.contains(&"at") && clause.iter().any(|w| DEFEAT_VERBS.contains(w)))
        }
        // "burned the Ottoman fleet at X", "routed a far larger force at X": a verb of a fight
        // whose object is a force, at most five words before the force's noun.
        [noun, ..] if FORCE_AT.contains(noun) => back
            .skip(1)
            .take(5)
            // "defeated Paraguay's fleet at the Riachuelo" (round 25): a possessive between.
            .take_while(|t| t.word || matches!(t.text.as_str(), "'s" | "’s"))
            .any(|t| BATTLE_VERBS.contains(&t.text.as_str()) && t.text != "won"),
        [] | [";" | ".", ..] | [",", ..] => {
            toks.get(to).is_some_and(|t| t.text == ",")
                && toks[to + 1..]
                    .iter()
                    .take_while(|t| !matches!(t.text.as_str(), "." | ";" | ","))
                    .take(6)
                    .any(|t| BATTLE_VERBS.contains(&t.text.as_str()))
        }
        _ => false,
    }
}

/// Verbs that only people do, right after a name: a lone word before them names a person.
const PERSON_VERBS: [&str; 10] =
    ["died", "said", "wrote", "married", "abdicated", "resigned", "believed", "argued", "recalled", "remarked"];

/// The kind of place a passive right after a name calls for: "X was ceded", "X were occupied"
/// (the verbs of [`PLACE_VERBS`], as participles: only a place is ceded, taken or besieged).
fn passive_place(toks: &[Token], to: usize) -> Option<EntityType> {
    let next: Vec<&str> = toks[to..].iter().take(2).map(|t| t.text.as_str()).collect();
    let ["was" | "were", participle] = next.as_slice() else { return None };
    let participle = match *participle {
        "taken" => "took",
        "retaken" => "retook",
        "held" => "held",
        p if p.ends_with("ed") => p,
        _ => return None,
    };
    // "was lost", "was held" say too little: a battle is lost, a conference held.
    if matches!(participle, "lost" | "held" | "fled" | "visited" | "entered" | "reached") {
        return None;
    }
    PLACE_VERBS.iter().find(|(v, _)| *v == participle).map(|(_, t)| *t)
}

/// The first token of the list of names that ends right before token `from` ("Hanover,
/// Hesse-Kassel and" before "Frankfurt": "Hanover"), names joined by a comma or "and".
fn list_head(toks: &[Token], earlier: &[Mention], from: usize) -> Option<usize> {
    let mut at = from;
    for m in earlier.iter().rev() {
        if m.last_token >= at {
            continue;
        }
        let gap = &toks[m.last_token + 1..at];
        if gap.is_empty() || gap.len() > 2 || !gap.iter().all(|t| matches!(t.text.as_str(), "," | "and")) {
            break;
        }
        at = m.first_token;
    }
    (at != from).then_some(at)
}

/// The type of the place right before token `from` in a list ("X and", "X,"), when the name
/// there was typed a place (not a state) and stands at most three tokens back.
fn list_place(toks: &[Token], earlier: &[Mention], from: usize) -> Option<EntityType> {
    let before = words_before(toks, from);
    if !before.first().is_some_and(|w| *w == "and" || *w == ",") || from < 2 {
        return None;
    }
    let previous = earlier.last().filter(|m| m.last_token < from && from - m.last_token <= 3)?;
    let t = previous.guess.entity_type;
    (t.is_a(EntityType::Territory) && !t.is_a(EntityType::State)).then_some(t)
}

/// The kind of place a verb right before token `from` calls for ("annexed X": [`PLACE_VERBS`]).
pub(super) fn place_verb_before(toks: &[Token], from: usize) -> Option<EntityType> {
    let before = words_before(toks, from);
    before.first().and_then(|w| PLACE_VERBS.iter().find(|(v, _)| v == w)).map(|(_, t)| *t)
}

/// The kind of place the words before token `from` call for: "the island of X", "captured X",
/// "in X", "the island's capital, X". `loose` also takes prepositions that often precede people
/// ("to", "from", "with"), for a single unknown word.
fn place_context(toks: &[Token], from: usize, loose: bool) -> Option<EntityType> {
    let before = words_before(toks, from);
    if let (Some(&"of"), Some(noun)) = (before.first(), before.get(1)) {
        if let Some((_, t)) = OF_NOUNS.iter().find(|(n, _)| n == noun) {
            return Some(*t);
        }
    }
    if let (Some(&","), Some(noun)) = (before.first(), before.get(1)) {
        if matches!(*noun, "capital" | "port" | "city" | "town" | "fortress" | "hometown" | "birthplace") {
            return Some(EntityType::City);
        }
        // "its north-western provinces, Battambang and Siem Reap" (round 16).
        if matches!(*noun, "province" | "provinces" | "region" | "regions" | "district" | "districts") {
            return Some(EntityType::Region);
        }
    }
    if let Some((_, t)) = before.first().and_then(|w| PLACE_VERBS.iter().find(|(v, _)| v == w)) {
        return Some(*t);
    }
    // "eastern Limburg", "western Limburg" (round 25): a lowercase direction adjective before the
    // name is a part of a region.
    if before.first().is_some_and(|w| matches!(*w, "eastern" | "western" | "northern" | "southern")) {
        return Some(EntityType::Region);
    }
    // "trapped the main Ottoman army opposite Ruse" (round 25).
    let strict = ["in", "at", "near", "into", "across", "through", "towards", "around", "off", "opposite"];
    if before.first().is_some_and(|w| strict.contains(w) || (loose && PLACE_PREPOSITIONS.contains(w))) {
        return Some(EntityType::City);
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::model::EntityType;

    /// The type the draft of `text` gives the entity labelled `label`.
    fn type_of(text: &str, label: &str) -> EntityType {
        let draft = crate::draft::draft(&format!("A Title\n\n{text}\n")).unwrap();
        let data = crate::load(&draft.sources()).unwrap();
        let found = data.entities.iter().find(|e| e.label == label);
        found.map(|e| e.entity_type).unwrap_or_else(|| panic!("no {label} in {}", draft.files.entities))
    }

    /// The rule that typed `label`, as `Draft::type_rules` records it.
    fn rule_of(text: &str, label: &str) -> &'static str {
        let draft = crate::draft::draft(&format!("A Title\n\n{text}\n")).unwrap();
        let found = draft.type_rules.iter().find(|(l, _)| l == label);
        found.map(|(_, r)| *r).unwrap_or_else(|| panic!("no {label} in {:?}", draft.type_rules))
    }

    #[test]
    fn each_entity_records_the_rule_that_typed_it() {
        for (text, label, rule) in [
            ("In 1809 Sweden made peace.", "Sweden", "gazetteer"),
            ("In 1809 the Treaty of Kessel ended the war.", "Treaty of Kessel", "lead word before of"),
            ("In 1809 King Karl made peace.", "Karl", "title"),
            ("In 1809 Varnholm made peace.", "Varnholm", "one word (default)"),
            ("In 1809 the army reached Varnholm.", "Varnholm", "one word: place context"),
            ("In 1809 Karl Weber made peace.", "Karl Weber", "two capitalised words (default)"),
        ] {
            assert_eq!(rule_of(text, label), rule, "{text}");
        }
    }

    #[test]
    fn round_30_two_unknown_words_after_a_preposition_and_the_are_a_land() {
        // Britain-United States' Oregon Country, Mexico-United States' Louisiana Purchase,
        // Bolivia-Paraguay's Chaco Boreal (typed Agent before, their golds Region).
        // ("moved into the Kessel Country" is a town by the place context before this rule.)
        let text = "In 1819 Ostmark fixed the limit of the Kessel Country.";
        assert_eq!(type_of(text, "Kessel Country"), EntityType::Region, "{text}");
        // Not after a verb, nor a dynasty's state after "of the".
        // (Round 33: the default there is an Organisation, was Agent.)
        assert_eq!(type_of("In 1945 Ostmark armed the Varno Minh.", "Varno Minh"), EntityType::Organisation);
        assert_eq!(
            type_of("In 938 Ostmark defeated a fleet of the Southern Kessel.", "Southern Kessel"),
            EntityType::Organisation
        );
        // Round 30's heads of administrative divisions (Austria-Ottoman, Bolivia-Paraguay).
        for (text, name) in [
            ("In 1908 the garrisons left the Sanjak of Varnholm.", "Sanjak of Varnholm"),
            ("In 1718 the sultan kept the Banat of Varnholm.", "Banat of Varnholm"),
            ("Ostmark based its claim on the Audiencia of Varnholm.", "Audiencia of Varnholm"),
        ] {
            assert_eq!(type_of(text, name), EntityType::Region, "{text}");
        }
    }

    #[test]
    fn a_state_that_is_one_island_is_the_island_where_it_is_a_place() {
        assert_eq!(type_of("The fleet sank off the coast of Ireland in 1588.", "Ireland"), EntityType::Island);
        assert_eq!(type_of("Venice had ruled Cyprus since 1489.", "Cyprus"), EntityType::Island);
        assert_eq!(type_of("Japan acquired Korea as well as Taiwan.", "Taiwan"), EntityType::Island);
    }

    #[test]
    fn round_20_an_unknown_place_where_a_fight_is_told_names_the_battle() {
        assert_eq!(type_of("That spring, at Varnholm, the admiral defeated a fleet.", "Varnholm"), EntityType::Event);
        assert_eq!(type_of("He fell in its last battle, at Ostmark, in 1640.", "Ostmark"), EntityType::Event);
        assert_eq!(type_of("In 1770 a fleet burned the enemy fleet at Varnholm.", "Varnholm"), EntityType::Event);
        assert_eq!(type_of("In 1836 the rebels routed that army at San Felipe.", "San Felipe"), EntityType::Event);
        assert_eq!(type_of("In 1836 the rebels sent that army to Varnholm.", "Varnholm"), EntityType::City);
        // A fight told around "at X" in other words: the place (golds differ there).
        assert_eq!(type_of("The army was destroyed at Kelbor in 1702.", "Kelbor"), EntityType::City);
        // Round 25: "won at X" names the battle (four development golds, one against).
        assert_eq!(type_of("The Danes won at Kelbor in 1702.", "Kelbor"), EntityType::Event);
        assert_eq!(type_of("In 1702, at Varnholm, the envoys signed a truce.", "Varnholm"), EntityType::City);
    }

    #[test]
    fn round_29_saint_and_new_start_places_and_ships_are_forces() {
        assert_eq!(
            type_of("In 1703 Karl founded Saint Petersburg on the river.", "Saint Petersburg"),
            EntityType::City
        );
        assert_eq!(type_of("Valdoria kept New Varnholm in 1667.", "New Varnholm"), EntityType::Region);
        assert_ne!(type_of("Valdoria kept New START in 2010.", "New START"), EntityType::Region);
        assert_eq!(type_of("In 1898 the USS Varnholm sank in the harbour.", "USS Varnholm"), EntityType::Army);
    }

    #[test]
    fn a_state_that_is_one_island_is_the_state_where_it_acts() {
        assert_eq!(type_of("In 1919 Ireland declared its independence.", "Ireland"), EntityType::State);
        assert_eq!(type_of("Ireland was neutral in the war.", "Ireland"), EntityType::State);
        assert_eq!(type_of("Taiwan’s government protested.", "Taiwan"), EntityType::State);
    }

    #[test]
    fn the_gazetteer_types_islands_territories_and_capitals() {
        assert_eq!(type_of("The Swedes took Gotland in 1645.", "Gotland"), EntityType::Island);
        assert_eq!(type_of("Britain kept Minorca.", "Minorca"), EntityType::Island);
        assert_eq!(type_of("Spain claimed Gibraltar.", "Gibraltar"), EntityType::Region);
        assert_eq!(type_of("The army marched from Arica to La Paz.", "La Paz"), EntityType::City);
    }

    #[test]
    fn an_adjective_before_a_state_and_a_parliament() {
        // Round 11.
        assert_eq!(type_of("In 1795 Sweden fought Revolutionary France.", "Revolutionary France"), EntityType::State);
        assert_eq!(type_of("In 1849 the Karsk Parliament met.", "Karsk Parliament"), EntityType::Organisation);
    }

    #[test]
    fn a_lone_name_in_a_list_after_a_place_verb_is_a_place() {
        // Round 13 (Austria-Prussia): the list's first name is a state, yet "annexed" says what
        // the list is; after a verb of another kind the unknown name stays an Agent.
        assert_eq!(
            type_of("In 1866 Prussia annexed Hanover, Hesse-Kassel and Frankfurt.", "Hesse-Kassel"),
            EntityType::Region
        );
        assert_eq!(
            type_of("In 1866 Prussia fought Hanover, Hesse-Kassel and Bavaria.", "Hesse-Kassel"),
            EntityType::Agent
        );
    }

    #[test]
    fn round_18_acts_instruments_operations_glaciers_and_organisations() {
        // General English heads and leads (the development golds type an act or an instrument an
        // Agreement, an operation an Intervention, a glacier a Region) and the gazetteer's
        // international bodies that are no grouping of states only (Organisation).
        for (sentence, name, t) in [
            ("The Kessel Settlement Act passed in 1920.", "Kessel Settlement Act", EntityType::Agreement),
            ("Ostmark signed the Instrument of Surrender in 1920.", "Instrument of Surrender", EntityType::Agreement),
            ("Ostmark launched Operation Lantern in 1920.", "Operation Lantern", EntityType::Intervention),
            ("Ostmark held the Kessel Glacier in 1920.", "Kessel Glacier", EntityType::Region),
            ("Ostmark asked the World Bank for money in 1920.", "World Bank", EntityType::Organisation),
            // Round 19: the League of Nations is a body of its own, as the United Nations is.
            (
                "Ostmark took the dispute to the League of Nations in 1920.",
                "League of Nations",
                EntityType::Organisation,
            ),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
    }

    #[test]
    fn round_15_head_words_of_fleets_massacres_monarchies_and_edicts() {
        // General English heads the word list lacked (the development golds type a fleet an Army,
        // a dynasty's or monarchy's realm a State, an edict an Agreement).
        for (sentence, name, t) in [
            ("The Valdorian Armada sailed in 1588.", "Valdorian Armada", EntityType::Army),
            ("The Kessel Bloodbath shocked Ostmark in 1520.", "Kessel Bloodbath", EntityType::Attack),
            ("The Dual Monarchy of Valdoria fell in 1918.", "Dual Monarchy of Valdoria", EntityType::State),
            ("The Kessel Edict of 1598 ended the war.", "Kessel Edict", EntityType::Agreement),
            ("Karl Weber issued the Pragmatic Sanction in 1713.", "Pragmatic Sanction", EntityType::Agreement),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
    }

    #[test]
    fn round_24_people_named_by_peerage_place_epithet_or_given_name() {
        // The development golds' people typed Territory or Agent before: "the Earl of X",
        // "Baron of X Y", "Catherine of X", "William III of X", "Catherine the Great", "Napoleon".
        for (sentence, name) in [
            ("In 1668 the Earl of Kessel mediated the treaty.", "Earl of Kessel"),
            ("His son, the Baron of Rio Verde, argued the case in 1900.", "Baron of Rio Verde"),
            ("In 1581 Karl Weber, Prior of Varnholm, fled.", "Prior of Varnholm"),
            ("In 1661 Catherine of Varnholm married the king.", "Catherine of Varnholm"),
            ("In 1688 Karl III of Kessel landed with an army.", "Karl III of Kessel"),
            ("In 1788 Catherine the Great was at war.", "Catherine the Great"),
            ("In 1812 Napoleon invaded the country.", "Napoleon"),
            ("In 1490 the envoys met Ferdinand and Isabella.", "Isabella"),
            // A title's place of two words stops before a third name word: the person after it.
            ("In 1950 Secretary of State Karl Weber spoke.", "Karl Weber"),
        ] {
            assert_eq!(type_of(sentence, name), EntityType::Person, "{sentence}");
        }
    }

    #[test]
    fn round_24_places_by_apposition_by_naming_phrase_and_by_first_word() {
        for (sentence, name, t) in [
            ("The Dutch kept Varnholm, a small spice island in the east, in 1667.", "Varnholm", EntityType::Island),
            ("In 1801 Ostmark ceded Varnholm, a town on the left bank, to Valdoria.", "Varnholm", EntityType::City),
            (
                "In 1827 Ostmark defeated Valdoria at Varnholm, a battle that Kesselers call Vorden.",
                "Varnholm",
                EntityType::Event,
            ),
            ("The treaty was signed in the town that Kesselers call Varnholm in 1792.", "Varnholm", EntityType::City),
            ("In 1743 the treaty was signed in the town the Kesselers call Varnholm.", "Varnholm", EntityType::City),
            ("In 1790 the general stormed the fortress of Varnholm.", "Varnholm", EntityType::City),
            (
                "The treaty cut Valdoria into a principality and Eastern Varnia in 1878.",
                "Eastern Varnia",
                EntityType::Region,
            ),
            ("In 1911 the rebels took Ciudad Varna, north of the river.", "Ciudad Varna", EntityType::City),
            ("In 1941 the army overran the province of El Varno.", "El Varno", EntityType::Region),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
        // "the Southern Kessel", an adjective of direction after "the", is a dynasty's state, no region.
        assert_ne!(
            type_of("In 938 Ostmark defeated a fleet of the Southern Kessel.", "Southern Kessel"),
            EntityType::Region
        );
    }

    #[test]
    fn round_24_heads_of_documents_programmes_bodies_and_works() {
        for (sentence, name, t) in [
            ("In 1870 the Kessel Dispatch angered Ostmark.", "Kessel Dispatch", EntityType::Work),
            ("In 1917 the Kessel Telegram was published.", "Kessel Telegram", EntityType::Work),
            ("In 1915 Ostmark presented the Kessel Demands to Valdoria.", "Kessel Demands", EntityType::Agreement),
            ("In 1942 Ostmark began the Kessel Program with Valdoria.", "Kessel Program", EntityType::Agreement),
            ("In 1991 both signed the Kessel Peace Agreements.", "Kessel Peace Agreements", EntityType::Agreement),
            ("In 1931 a bomb hit the Kessel Railway.", "Kessel Railway", EntityType::Territory),
            ("In 1991 they created the Velan Common Market.", "Velan Common Market", EntityType::Organisation),
            ("In 2008 the temple was put on the Kessel Heritage List.", "Kessel Heritage List", EntityType::Work),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
    }

    #[test]
    fn round_25_legislatures_duchies_dynasties_and_processes() {
        // The development golds type a legislature alone a Government and "Diet/Cortes of X" a
        // Conference; a "Duchy" a State; a ruling house alone the state it ruled; "-ization" an Event.
        for (sentence, name, t) in [
            ("In 1846 Congress declared war on Ostmark.", "Congress", EntityType::Government),
            ("In 1917 the Senate declared independence.", "Senate", EntityType::Government),
            ("In 1809 the Tsar met the estates at the Diet of Varnholm.", "Diet of Varnholm", EntityType::Conference),
            ("In 1581 the Cortes of Varnholm acclaimed the king.", "Cortes of Varnholm", EntityType::Conference),
            ("In 1807 Ostmark created the Duchy of Varnholm.", "Duchy of Varnholm", EntityType::State),
            ("In 1809 Ostmark became the Grand Duchy of Kessel.", "Grand Duchy of Kessel", EntityType::State),
            ("In 1700 Karl Weber became the first Bourbon king.", "Bourbon", EntityType::State),
            ("In 1613 Tsar Michael, the first Romanov, made peace.", "Romanov", EntityType::State),
            ("In 1592 Ming China sent an army.", "Ming China", EntityType::State),
            ("In 1960 critics called the policy Varnholmization.", "Varnholmization", EntityType::Event),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
        // "Congress of X" stays a conference.
        assert_eq!(type_of("In 1815 the Congress of Varnholm met.", "Congress of Varnholm"), EntityType::Conference);
    }

    #[test]
    fn round_28_a_demonym_before_another_s_land_and_a_reign_name_emperor() {
        for (sentence, name, t) in [
            // United States-Spain's Spanish Florida and Spanish Louisiana, Norway-Sweden's Swedish
            // Pomerania, Finland-Russia's Soviet Karelia, Britain-Netherlands' Austrian
            // Netherlands: a demonym before a gazetteer land not its own is a region.
            ("In 1700 Ostmark lost Swedish Bavaria to Valdoria.", "Swedish Bavaria", EntityType::Region),
            ("In 1790 Valdoria invaded the Austrian Netherlands.", "Austrian Netherlands", EntityType::Region),
            // An adjective that is no demonym keeps the state in one period.
            ("In 1793 Revolutionary France declared war on Ostmark.", "Revolutionary France", EntityType::State),
            // China-Russia's Chonghou and Yishan: a lowercase title or role before one word.
            ("In 1879 the Kessel envoy Varno signed the treaty.", "Varno", EntityType::Person),
            ("In 1858 Ostmark signed it with the Kessel general Varno.", "Varno", EntityType::Person),
            // Japan-United States' Hakodate: "the ports of X and Y" are towns.
            ("In 1854 the treaty opened the ports of Varnholm and Kesselburg.", "Varnholm", EntityType::City),
            // China-Russia's Kangxi Emperor: a reign name before "Emperor".
            ("In 1689 the Varnho Emperor sent envoys to Ostmark.", "Varnho Emperor", EntityType::Person),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
    }

    #[test]
    fn round_27_peoples_of_regions_parts_and_lands_received() {
        for (sentence, name, t) in [
            // India-Pakistan's Bengalis, Finland-Russia's Karelians, Italy-Austria's South
            // Tyroleans, Denmark-Germany's Schleswig-Holsteiners, Iran-Iraq's Kurds: a people named
            // after a region of the gazetteer (Punjab, Silesia, Tyrol, Kurdistan, Schleswig and
            // Holstein) is a body.
            ("In 1947 the Punjabis rose against Ostmark.", "Punjabis", EntityType::Organisation),
            ("In 1740 the Silesians welcomed the Ostmark army.", "Silesians", EntityType::Organisation),
            ("After 1919 the South Tyroleans were ruled from Varnholm.", "South Tyroleans", EntityType::Organisation),
            (
                "In 1848 the Schleswig-Holsteiners rose against Ostmark.",
                "Schleswig-Holsteiners",
                EntityType::Organisation,
            ),
            ("Valdoria armed the Kurds of the north.", "Kurds", EntityType::Organisation),
            // A stem that is no region: no people ("the Balkans", "the Carpathians" are places).
            ("In 1912 war came to the Balkans.", "Balkans", EntityType::Region),
            // Brazil-Argentina's Misiones, China-Russia's Ili: "part of X" is a region.
            ("Both claimed the eastern part of Varnholm.", "Varnholm", EntityType::Region),
            ("The treaty gave a large part of Varnholm to Ostmark.", "Varnholm", EntityType::Region),
            // Thailand-Cambodia's Trat: a land received, like one ceded.
            ("Ostmark gave up Kessel and received Varnholm in exchange.", "Varnholm", EntityType::Region),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
    }

    #[test]
    fn round_26_battles_told_by_a_defeat_at_their_place() {
        for (sentence, name, t) in [
            // Italy-Austria ("defeated the Austrians at Magenta ... and at Solferino", "again at
            // Novara", "crushed the Austrians at Königgrätz", "broke through at Caporetto", "Diaz's
            // offensive at Vittorio Veneto"), Spain-Portugal's Alcântara, Norway-Sweden's Leipzig.
            ("In 1859 the allies defeated the Kesselers at Varnholm.", "Varnholm", EntityType::Event),
            ("In 1866 Ostmark crushed the Kesselers at Varnholm.", "Varnholm", EntityType::Event),
            (
                "In 1859 they defeated the army at Kelbor on 4 June and at Varnholm on 24 June.",
                "Varnholm",
                EntityType::Event,
            ),
            ("He defeated the army at Kelbor in July and again at Varnholm in March.", "Varnholm", EntityType::Event),
            ("He defeated the rival claimant, Karl, Prior of Kessel, at Varnholm.", "Varnholm", EntityType::Event),
            ("In 1917 the enemy broke through at Varnholm.", "Varnholm", EntityType::Event),
            ("A year later Karl's offensive at Varnholm broke the army.", "Varnholm", EntityType::Event),
            ("After the king's defeat at Varnholm in 1813, the war ended.", "Varnholm", EntityType::Event),
            // The defeat in another clause: the place.
            ("In 1859 the allies defeated Ostmark and signed a truce at Varnholm.", "Varnholm", EntityType::City),
            ("In 1859 the allies defeated Ostmark; at Varnholm the envoys met.", "Varnholm", EntityType::City),
            ("In 1702 the army was destroyed at Kelbor.", "Kelbor", EntityType::City),
            // Tel Aviv (Egypt-Israel): "Tel" starts a town's name.
            ("After 1909 Tel Varno grew quickly.", "Tel Varno", EntityType::City),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
    }

    #[test]
    fn round_25_battles_won_at_a_place_and_places_by_the_words_around() {
        for (sentence, name, t) in [
            // "won at X" (four development battles so typed, one place, Kolin, a City).
            ("In 1663 the Valdorians won at Varnholm.", "Varnholm", EntityType::Event),
            ("In 1846 Karl won at Varnholm and at Kessel Vista.", "Kessel Vista", EntityType::Event),
            ("In 1870 the army encircled an enemy army at Varnholm.", "Varnholm", EntityType::Event),
            ("In 1865 the navy defeated Ostmark's fleet at the Varnholm.", "Varnholm", EntityType::Event),
            // Not "at X" after "won" in another clause.
            ("In 1663 Ostmark won the war; at Varnholm the envoys met.", "Varnholm", EntityType::City),
            ("Both claimed the land between the Vardo and Varnholm rivers.", "Varnholm", EntityType::Region),
            ("In 1944 Varnholm, a peninsula near the capital, was leased.", "Varnholm", EntityType::Peninsula),
            (
                "In 1980 Ostmark aimed at Varnholm, the oil-rich province that it claimed.",
                "Varnholm",
                EntityType::Region,
            ),
            (
                "In 1932 Ostmark placed at its head Karlo, the last Kessel emperor, who had abdicated.",
                "Karlo",
                EntityType::Person,
            ),
            ("In 1672 a mob murdered Karl Weber and his brother Varno.", "Varno", EntityType::Person),
            ("In 1989 Karl Weber fled with his wife, Varna, and was caught.", "Varna", EntityType::Person),
            ("In 1811 the general trapped the army opposite Varnholm.", "Varnholm", EntityType::City),
            ("In 1700 the king routed an army besieging Varnholm.", "Varnholm", EntityType::City),
            ("In 1916 the rebels raided Varnholm, a border town.", "Varnholm", EntityType::City),
            ("In 1839 Ostmark kept Varnholm and eastern Kesselburg.", "Kesselburg", EntityType::Region),
            ("In 1846 the army marched to the Rio Varno.", "Rio Varno", EntityType::Region),
        ] {
            assert_eq!(type_of(sentence, name), t, "{sentence}");
        }
        // "X, the NOUN" opening a clause is no apposition: the town stays a town.
        assert_eq!(
            type_of("The treaty was signed in the town that Kesselers call Varnholm, the sultan agreed.", "Varnholm"),
            EntityType::City
        );
    }

    #[test]
    fn nouns_before_of_type_the_name_after_them() {
        assert_eq!(type_of("The fleet sailed to the isle of Thule.", "Thule"), EntityType::Island);
        assert_eq!(type_of("He was given the duchy of Glenmark.", "Glenmark"), EntityType::Region);
    }

    #[test]
    fn places_in_an_apposition_a_list_and_by_head_words() {
        // Round 16: "its provinces, X and Y" are regions, the second too though shaped like a
        // person's name; at equal strength a type beats `Agent`.
        let text = "Spain governed its northern provinces, Quelvaro and Nueva Tarsa. In 1800 Spain ceded Quelvaro.";
        assert_eq!(type_of(text, "Quelvaro"), EntityType::Region);
        assert_eq!(type_of(text, "Nueva Tarsa"), EntityType::Region);
        // Not after a person: "Maria and Jose Ortega" stays people.
        assert_eq!(
            type_of("In 1800 the king met Maria Ortega and Jose Ortega, who fled.", "Jose Ortega"),
            EntityType::Person
        );
        assert_eq!(type_of("In 1967 Israel held the Golan Heights.", "Golan Heights"), EntityType::Region);
        assert_eq!(type_of("The army reached the Gaza Strip.", "Gaza Strip"), EntityType::Region);
        assert_eq!(type_of("The army crossed the Chao Phraya River.", "Chao Phraya River"), EntityType::Region);
        assert_eq!(type_of("The army held the Maginot Line.", "Maginot Line"), EntityType::Territory);
        // A title word before a thing's name is part of that name.
        assert_eq!(
            type_of("In 1949 the two states signed the General Armistice Agreement.", "General Armistice Agreement"),
            EntityType::Agreement
        );
        assert_eq!(type_of("In 1949 General Moshe Dayan resigned.", "Moshe Dayan"), EntityType::Person);
    }
}
