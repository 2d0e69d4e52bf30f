//! Which names are one entity. Mentions with the same name key are one; beyond that the drafter
//! merges only on evidence, and says which in the entity's `note` so that a human can undo it:
//! a gazetteer line ("U.S." and "United States"), an acronym in parentheses after its expansion or
//! matching its initials, "X, which Y calls Z" / "also known as" / "later called", a plural head
//! ("Triple interventions"), the bare name of an island group ("the Kuril"), and a surname that
//! exactly one person of the essay has ("Seward" after "William H. Seward"). Given names never
//! merge, so two people who share one stay two; a surname two people share merges with neither.
//! The one exception (round 11): a ruler's given name alone ("Frederick") joins the one person
//! named before it with that name and a numeral or epithet ("Frederick II", "Frederick the
//! Great"), and neither of two such rulers.

use std::collections::{BTreeMap, HashMap};

use crate::model::EntityType;
use crate::names::name_key;

use super::candidates::{hyphen_initials as initials, is_roman_numeral, Mention};
use super::lexicon::Lexicon;
use super::sentences::{Token, Tokenized};

/// An entity of the draft: the mentions that name it and why they were merged.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub entity_type: EntityType,
    /// Which rule gave `entity_type` ([`super::typing::Guess::rule`], or one of the group's own).
    pub type_rule: &'static str,
    pub label: String,
    pub aliases: Vec<String>,
    /// Indices into the mention list, in essay order.
    pub mentions: Vec<usize>,
    pub notes: Vec<String>,
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; whether they were apart.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        true
    }
}

fn key(m: &Mention) -> String {
    match m.place {
        Some(p) => format!("place {p}"),
        None => name_key(&m.name),
    }
}

fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !name.contains(' ')
}

/// The text between two character offsets, lowercased, with spaces normalised.
fn between(chars: &[char], from: usize, to: usize) -> String {
    let s: String = chars[from.min(to)..to].iter().collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether `text` (what stands between X and Z) says that Z is another name of X:
/// ", which Y calls", ", also known as", "(known as".
fn is_naming_phrase(text: &str) -> bool {
    // "the Free Trade Agreement (FTA), which Y calls Z" (round 20): the acronym's closing bracket
    // stands before the phrase.
    let t = text.trim();
    let t = t.strip_prefix(')').map_or(t, str::trim_start);
    // "the X War of 1866, also called ...", "the Treaty of X of 1850, which Y remembered as ...":
    // a date after the first name stands between it and the phrase.
    let t = match t.split_once(' ') {
        Some(("of" | "in", rest)) => {
            let rest = rest.trim_start();
            match rest.find(|c: char| !c.is_ascii_digit()) {
                Some(k) if (3..=4).contains(&k) => rest[k..].trim_start(),
                _ => t,
            }
        }
        _ => t,
    };
    // "Persia, ruled by the Qajar dynasty and also known as Qajar Iran" (round 29, Russia-Persia): a
    // participle's phrase of at most seven words, no comma in it, before "and (also) known as" or
    // "and (also) called", whose subject is the first name too.
    if let Some(rest) = t.strip_prefix(',') {
        let mut words: Vec<&str> = rest.split_whitespace().collect();
        if words.last() == Some(&"the") {
            words.pop();
        }
        let phrase_len = match words.as_slice() {
            [.., "and", "also", "known", "as"] => Some(words.len() - 4),
            [.., "and", "known", "as"] | [.., "and", "also", "called"] => Some(words.len() - 3),
            [.., "and", "called"] => Some(words.len() - 2),
            _ => None,
        };
        let participle = words.first().is_some_and(|w| {
            (w.ends_with("ed") || matches!(*w, "ruled" | "held" | "led" | "won" | "built" | "known"))
                && !matches!(*w, "called" | "named" | "renamed")
        });
        if phrase_len.is_some_and(|n| (2..=7).contains(&n)) && participle && !rest.contains([',', ';', '(', ')']) {
            return true;
        }
    }
    let Some(rest) = t.strip_prefix(',').or_else(|| t.strip_prefix('(')).or_else(|| t.strip_prefix(';')) else {
        // "which Vietnam calls Hoàng Sa and China calls Xisha": the second name of a pair.
        let words: Vec<&str> = t.split_whitespace().filter(|w| *w != "the").collect();
        return matches!(words.as_slice(), ["and", middle @ .., "calls" | "call"] if (1..=3).contains(&middle.len()));
    };
    // ", often simply called", ", which Europeans commonly called" (round 29, Austria-Ottoman): an
    // adverb in "-ly" changes nothing of the naming.
    let words: Vec<&str> = rest
        .split_whitespace()
        // Not "formerly", a naming word itself (", formerly X": round 30 found the filter had made
        // the round-29 form dead).
        .filter(|w| {
            *w != "the"
                && !(w.len() > 4 && w.ends_with("ly") && !matches!(*w, "only" | "early" | "family" | "formerly"))
        })
        .collect();
    let words = match words.as_slice() {
        // "; it is also known as", ", which was also called"
        ["it" | "which" | "this", "is" | "was", tail @ ..] => tail.to_vec(),
        _ => words,
    };
    // "Khuzestan, the oil-rich province that Iraqi nationalists call Arabistan" (round 17): an
    // apposition of at most three lowercase words before "that/which Y calls".
    if let Some(p) = words.iter().position(|w| matches!(*w, "that" | "which")) {
        let (np, tail) = (&words[..p], &words[p + 1..]);
        // Round 33: not "X, near the town that Bs call Z" (a preposition: the town is another
        // place) nor "X in 1949, and Y, which Bs call Z" (a conjunction: another name's clause).
        let joined = np.iter().any(|w| matches!(*w, "and" | "or" | "but" | "while" | "whereas"));
        let preposition = np.first().is_some_and(|w| {
            matches!(
                *w,
                "near"
                    | "in"
                    | "at"
                    | "by"
                    | "from"
                    | "to"
                    | "of"
                    | "on"
                    | "with"
                    | "across"
                    | "beyond"
                    | "behind"
                    | "outside"
                    | "inside"
                    | "over"
                    | "under"
                    | "around"
                    | "into"
                    | "towards"
                    | "toward"
            )
        });
        if (1..=3).contains(&np.len())
            && !joined
            && !preposition
            && np.iter().all(|w| w.chars().next().is_some_and(char::is_lowercase))
            && matches!(tail, [middle @ .., "calls" | "call"] if (1..=3).contains(&middle.len()))
        {
            return true;
        }
    }
    // "Batum, the port the Georgians call Batumi" (round 24): the same apposition of one noun
    // with no "that", the namers' one or two words right after it ("the" left out above).
    if let [noun, middle @ .., "calls" | "call"] = words.as_slice() {
        let clause_word = |w: &&str| {
            matches!(
                *w,
                "which"
                    | "that"
                    | "what"
                    | "who"
                    | "they"
                    | "we"
                    | "he"
                    | "she"
                    | "it"
                    | "and"
                    | "or"
                    | "but"
                    | "while"
                    | "as"
                    | "when"
                    | "where"
                    | "because"
                    | "since"
                    | "though"
                    | "although"
                    | "if"
                    | "unless"
                    | "so"
                    | "then"
                    | "yet"
                    | "now"
            )
        };
        if (1..=2).contains(&middle.len())
            && noun.chars().all(char::is_alphabetic)
            && !clause_word(noun)
            && !middle.iter().any(clause_word)
        {
            return true;
        }
    }
    match words.as_slice() {
        // ", what Y calls", ", that Y calls" (round 15).
        ["what" | "that", middle @ .., "calls" | "call" | "called"] => (1..=3).contains(&middle.len()),
        // ", known to Y as" (round 15); ", known in Y as", ", known among the Ys as" (round 27).
        ["known" | "also" | "better", .., "to" | "in" | "among", _, "as"]
        | ["known" | "also" | "better", .., "to" | "in" | "among", _, _, "as"]
            if words.contains(&"known") =>
        {
            words.len() <= 7
        }
        // ", or what Y calls" (round 27).
        ["or", "what" | "that", middle @ .., "calls" | "call" | "called"] => (1..=3).contains(&middle.len()),
        // ", today called", ", now known as", ", formerly called", ", often called" (round 27).
        ["today" | "now" | "formerly" | "often" | "sometimes" | "usually" | "officially" | "locally" | "then", "called"]
        | ["today" | "now" | "formerly" | "often" | "sometimes" | "usually" | "officially" | "locally" | "then", "known", "as"] => {
            true
        }
        // ", renamed", ", later renamed", ", which was renamed", ", the former", ", formerly"
        // (round 29): a name given in its place, or the one it had before.
        ["renamed"] | ["later" | "since" | "then", "renamed"] | ["former"] | ["formerly"] => true,
        // ", called by the Ys", ", known by the Ys as" (round 28): the namers after "by".
        ["called", "by", middle @ ..] | ["known", "by", middle @ .., "as"] => {
            (1..=3).contains(&middle.len()) && middle.iter().all(|w| w.chars().all(char::is_alphabetic))
        }
        // ", whose Y name is", ", whose name in Y was" (round 28): the name in a language.
        ["whose", middle @ .., "name", "is" | "was"] | ["whose", "name", "in", middle @ .., "is" | "was"] => {
            (1..=2).contains(&middle.len())
        }
        // "(Y: Z" (round 28): a language before a colon in brackets ("the Tamsin Basin (Valdorian:
        // Tamsinsko)").
        [language]
            if t.starts_with('(') && language.strip_suffix(':').is_some_and(|w| w.chars().all(char::is_alphabetic)) =>
        {
            true
        }
        // ", which Y remembered as", ", which Y knew as": the name Y gave it.
        ["which", middle @ .., "remembered" | "remember" | "knew" | "know", "as"] => (1..=3).contains(&middle.len()),
        ["which", middle @ .., verb] => {
            // Someone names it: "which Y calls"; not "which called the conference" (a summons).
            (1..=3).contains(&middle.len()) && matches!(*verb, "calls" | "call" | "called" | "names" | "name")
        }
        // "Thăng Long, today's Hanoi", "Edo, modern Tokyo"
        ["today's" | "today’s" | "modern" | "present-day" | "now"] => true,
        // "Nguyễn Huệ, who had proclaimed himself Emperor Quang Trung"
        ["who", middle @ .., "himself" | "herself"] => {
            middle.len() <= 3 && middle.iter().any(|w| matches!(*w, "proclaimed" | "crowned" | "styled" | "declared"))
        }
        // ", later called", ", better known as" (round 11).
        ["later" | "afterwards" | "better" | "commonly", "known", "as"]
        | ["later" | "afterwards" | "commonly", "called"] => true,
        ["also", "known", "as"] | ["known", "as"] | ["also", "called"] | ["called"] | ["or"] => {
            !matches!(words.as_slice(), ["or"])
        }
        _ => false,
    }
}

/// Round 33: whether the gap between two names is ", NOUNS that/which ..." or ", the NOUNS ...":
/// an apposition whose head is a plural common noun ("lands", "islands", "provinces").
fn plural_apposition(gap: &str) -> bool {
    let Some(rest) = gap.trim().strip_prefix(',') else { return false };
    let mut words = rest.split_whitespace().skip_while(|w| *w == "the");
    let Some(noun) = words.next() else { return false };
    let follows = words.next();
    noun.len() > 3
        && noun.ends_with('s')
        && !noun.ends_with("ss")
        && noun.chars().all(|c| c.is_ascii_lowercase())
        && !matches!(
            noun,
            "was" | "has" | "is" | "thus" | "whereas" | "perhaps" | "always" | "sometimes" | "afterwards"
        )
        && follows.is_some_and(|w| w.chars().all(char::is_alphabetic))
}

/// Round 29: "X, or Z," and "X (Z)": a second name set off by commas, dashes or brackets right
/// after the first ("the Velan Islands (the Kessel Islands)", "Varnholm, or Kesselburg, fell").
/// Only between places of one kind, or a place and a name of no known kind (a weak guess), neither
/// a person nor a state ("France, or Britain," is a choice; "Varnholm (Poland)" gives a town's
/// state), and never an acronym (its own rule).
fn second_name_aside(x: &Mention, z: &Mention, gap: &str, toks: &[Token], lex: &Lexicon) -> bool {
    let gap = gap.strip_suffix(" the").or_else(|| gap.strip_suffix("the")).unwrap_or(gap).trim();
    let closes = toks.get(z.last_token + 1).map(|t| t.text.as_str());
    let aside = match gap {
        ", or" => matches!(closes, Some("," | "—" | "–" | ")")),
        "(" => closes == Some(")"),
        _ => false,
    };
    let state = |m: &Mention| {
        m.guess.entity_type.is_a(EntityType::State)
            || m.place.is_some_and(|p| lex.places[p].entity_type.is_a(EntityType::State))
    };
    let (tx, tz) = (x.guess.entity_type, z.guess.entity_type);
    aside
        && x.title.is_none()
        && z.title.is_none()
        && !x.description
        && !z.description
        && tx != EntityType::Person
        && tz != EntityType::Person
        && !state(x)
        && !state(z)
        && !is_acronym(&z.name)
        && !is_acronym(&x.name)
        && (tx.root() == EntityType::Territory || tz.root() == EntityType::Territory)
        && (tx.root() == tz.root() || x.guess.strength <= 1 || z.guess.strength <= 1)
        && !z.name.chars().all(|c| c.is_ascii_digit())
}

/// Verbs that give a name: "B calls X Z", "B calls it Z".
const NAMING_VERBS: [&str; 6] = ["calls", "call", "called", "names", "named", "renamed"];

/// Round 15: "calls" pairs whose names do not stand X-phrase-Z, as (X, Z, how) mention indices:
/// - "B calls X (the) Z": a naming verb right after a name B and right before X, and Z right
///   after X;
/// - "B calls it/them (the) Z", "B’s name for it/them is (the) Z": X is the last name before B,
///   in its sentence or the one before, that is not B, not a person, and of Z's kind;
/// - "X, (the) Z, as B calls it/them": Z in apposition to X, and the phrase after Z.
fn calls_pairs(
    mentions: &[Mention],
    essay: &Tokenized,
    chars: &[char],
    uf: &mut UnionFind,
) -> Vec<(usize, usize, String)> {
    let toks = &essay.tokens;
    let text = |t: usize| toks.get(t).map_or("", |t| t.text.as_str());
    // The token before `at`, skipping one "the".
    let before_the = |at: usize| -> Option<usize> {
        let p = at.checked_sub(1)?;
        if text(p) == "the" {
            p.checked_sub(1)
        } else {
            Some(p)
        }
    };
    // The mention ending, and the one starting, at each token (the first of several).
    let (mut ending, mut starting) = (vec![None; toks.len()], vec![None; toks.len()]);
    for (k, m) in mentions.iter().enumerate().rev() {
        if let Some(slot) = ending.get_mut(m.last_token) {
            *slot = Some(k);
        }
        if let Some(slot) = starting.get_mut(m.first_token) {
            *slot = Some(k);
        }
    }
    let ends_at = |t: usize| ending.get(t).copied().flatten();
    let starts_at = |t: usize| starting.get(t).copied().flatten();
    let quote = |from: usize, to: usize| -> String { chars[from..to].iter().collect() };
    let pronoun = |t: usize| matches!(text(t), "it" | "them");
    let mut out = Vec::new();
    for (j, z) in mentions.iter().enumerate() {
        if z.title.is_some() || z.description {
            continue;
        }
        let Some(p) = before_the(z.first_token) else { continue };
        // "B calls X the Z"
        if let Some(i) = ends_at(p).filter(|&i| i + 1 == j) {
            let x = &mentions[i];
            let named_by = before_the(x.first_token)
                .filter(|&v| NAMING_VERBS.contains(&text(v)))
                .and_then(|v| v.checked_sub(1))
                .and_then(ends_at);
            if let Some(b) = named_by.filter(|_| x.sentence == z.sentence && x.place.is_none_or(|_| z.place.is_none()))
            {
                out.push((i, j, format!("“{}”", quote(mentions[b].start, z.end))));
                continue;
            }
            // Round 33: "the authorities renamed X Z": "renamed" says the two names are one
            // thing's, whoever the namers are (a description, "the Yugoslav authorities").
            let renamed = x.first_token.checked_sub(1).filter(|&v| text(v) == "renamed");
            if let Some(v) = renamed
                .filter(|_| x.sentence == z.sentence && x.title.is_none() && x.place.is_none_or(|_| z.place.is_none()))
            {
                out.push((i, j, format!("“{}”", quote(toks[v].start, z.end))));
                continue;
            }
        }
        // "B calls it the Z", "B’s name for them is the Z"
        // Round 29: "critics in the West called it Finlandization" (Finland-Russia), the past
        // tense too; the namers need not be a name ("contemporaries called it Z"): then the verb
        // stands in their place.
        let speaker = if pronoun(p) && p >= 2 && matches!(text(p - 1), "calls" | "call" | "called") {
            ends_at(p - 2).or(Some(usize::MAX))
        } else if matches!(text(p), "is" | "was")
            && p >= 5
            && pronoun(p - 1)
            && text(p - 2) == "for"
            && text(p - 3) == "name"
            && matches!(text(p - 4), "’s" | "'s")
        {
            ends_at(p - 5)
        } else {
            None
        };
        if let Some(b) = speaker {
            // With no name for the namers, the names before the verb, and the quote from the verb.
            let named_by = (b != usize::MAX).then_some(b);
            let before = named_by.unwrap_or_else(|| mentions[..j].partition_point(|m| m.last_token + 1 < p));
            let speaker_root = named_by.map(|b| uf.find(b));
            let from = named_by.map_or(toks[p - 1].start, |b| mentions[b].start);
            let antecedent = (0..before).rev().take_while(|&k| mentions[k].sentence + 1 >= z.sentence).find(|&k| {
                let x = &mentions[k];
                // "X; critics called it Z" (round 29): a name of the same sentence may be of
                // another kind than a weak guess of Z's (the policy "Paasikivi-Kekkonen line" and
                // "Finlandization", a process).
                let weak = z.guess.strength <= 1 || (z.guess.strength <= 2 && x.sentence == z.sentence);
                Some(uf.find(k)) != speaker_root
                    && x.guess.entity_type != EntityType::Person
                    && x.title.is_none()
                    && (x.guess.entity_type.root() == z.guess.entity_type.root() || weak)
            });
            if let Some(i) = antecedent {
                out.push((i, j, format!("“{}” after “{}”", quote(from, z.end), mentions[i].name)));
            }
            continue;
        }
        // "X, the Z, as B calls it"; "X, or Z as B call it" (round 27).
        let t = z.last_token;
        let as_at = if text(t + 1) == "," && text(t + 2) == "as" {
            Some(t + 3)
        } else {
            (text(t + 1) == "as").then_some(t + 2)
        };
        // "X — the Z to the Bs —", "X (the Z to B)" (round 27): whose name Z is, in a dash or
        // bracket aside.
        if j > 0 && text(t + 1) == "to" {
            let b_at = if text(t + 2) == "the" { t + 3 } else { t + 2 };
            let closed = starts_at(b_at)
                .filter(|&b| b != j)
                .is_some_and(|b| matches!(text(mentions[b].last_token + 1), "—" | "–" | ")" | "--"));
            let x = &mentions[j - 1];
            let gap = between(chars, x.end, z.full_start());
            let gap = gap.strip_suffix(" the").or_else(|| gap.strip_suffix("the")).unwrap_or(&gap).trim();
            let people = x.guess.entity_type == EntityType::Person || z.guess.entity_type == EntityType::Person;
            if closed && !people && x.sentence == z.sentence && matches!(gap, "—" | "–" | "(" | "--") {
                let b = starts_at(b_at).unwrap_or(j);
                out.push((j - 1, j, format!("“{}”", quote(x.start, mentions[b].end))));
                continue;
            }
        }
        let as_called = as_at
            .map(|a| if text(a) == "the" { a + 1 } else { a })
            .and_then(starts_at)
            .map(|b| mentions[b].last_token + 2)
            .filter(|&it| matches!(text(it - 1), "calls" | "call") && pronoun(it));
        if let (Some(it), true) = (as_called, j > 0) {
            let i = j - 1;
            let x = &mentions[i];
            let gap = between(chars, x.end, z.full_start());
            let gap = gap.strip_suffix(" the").or_else(|| gap.strip_suffix("the")).unwrap_or(&gap).trim();
            if x.sentence == z.sentence && matches!(gap, "," | "—" | "–" | "(" | ", or" | "-" | "--") {
                out.push((i, j, format!("“{}”", quote(x.start, toks[it].end))));
            }
        }
    }
    out
}

/// The type of a lowercase noun heading a description that names an entity ("the rocky islets",
/// "the annexed land", "the river", "Pétain's regime", "the campaign"): words.tsv's head words,
/// and the nouns of places and wars the head words leave out.
fn description_noun_type(word: &str, lex: &Lexicon) -> Option<EntityType> {
    let mut chars = word.chars();
    let first = chars.next().filter(|c| c.is_lowercase())?;
    let capitalised: String = first.to_uppercase().chain(chars).collect();
    match word {
        "islets" => Some(EntityType::IslandGroup),
        "islet" => Some(EntityType::Island),
        "land" | "lands" | "river" => Some(EntityType::Region),
        "campaign" => Some(EntityType::War),
        "regime" => Some(EntityType::Government),
        "countries" | "country" | "sides" | "side" | "powers" | "power" | "states" | "state" => None,
        _ => lex.heads.get(&capitalised).copied(),
    }
}

/// Prepositions that end a description's modifiers and start its complement ("the rocky islets
/// between the two countries", "Pétain's regime at Vichy").
const DESCRIPTION_PREPOSITIONS: [&str; 10] =
    ["between", "along", "at", "in", "on", "near", "of", "around", "across", "off"];

/// Prepositions before an article that make its phrase another's complement or a sentence's
/// opening adverbial ("After the war, Ostmark"), no description of the name after it.
const OPENING_PREPOSITIONS: [&str; 18] = [
    "after", "before", "during", "under", "since", "until", "by", "with", "for", "from", "to", "into", "through",
    "within", "without", "upon", "over", "against",
];

/// Round 27: the lowercase descriptions that name the entity of mentions `list`, each with its
/// names (the phrase without article and complement, and its head noun alone when the essay says
/// "the HEAD" again elsewhere), its type and a note. Forms, from the development essays:
/// - "the DESC (COMPLEMENT), NAME," ("The annexed land, Alsace-Lorraine, which the Germans
///   called", "the rocky islets between the two countries, Dokdo, which");
/// - "the DESC (COMPLEMENT), known as NAME" ("Pétain's regime at Vichy, known as Vichy France");
/// - "The DESC is/was called NAME" ("The campaign is called the War of the Oranges");
/// - "NAME, the DESC" ("the Arvand Rud, the river formed where").
fn described_names(
    mentions: &[Mention],
    list: &[usize],
    toks: &[Token],
    chars: &[char],
    lex: &Lexicon,
) -> Vec<(Vec<String>, EntityType, String)> {
    let text = |t: usize| toks.get(t).map_or("", |t| t.text.as_str());
    let lower = |t: usize| toks.get(t).is_some_and(|t| t.word && !t.is_capitalised());
    let article = |t: usize| matches!(text(t), "the" | "The" | "its" | "their" | "’s" | "'s");
    // The description whose words start after an article at `a` and run to `end` (exclusive): its
    // modifiers and head, and whether a complement follows.
    let description = |a: usize, end: usize| -> Option<(usize, usize)> {
        let mut k = a + 1;
        while k < end && lower(k) && !DESCRIPTION_PREPOSITIONS.contains(&text(k)) {
            k += 1;
        }
        let words = k - (a + 1);
        if !(1..=3).contains(&words) {
            return None;
        }
        // The complement: a preposition and at most five tokens, no comma or clause word.
        if k < end {
            let complement = &toks[k..end];
            if !DESCRIPTION_PREPOSITIONS.contains(&text(k))
                || complement.len() > 6
                || complement.iter().any(|t| !t.word || matches!(t.text.as_str(), "which" | "that" | "who"))
            {
                return None;
            }
        }
        Some((a + 1, k - 1))
    };
    // The description ending right before token `end` (a comma): the nearest article that opens
    // one, not inside another's complement ("the Israeli fortifications along the canal, known
    // as": not "the canal").
    let described_before = |end: usize| -> Option<(usize, usize)> {
        // Nor after a preposition that opens a sentence ("After the war, Ostmark").
        let in_complement = |a: usize| {
            a > 0 && {
                let w = text(a - 1).to_lowercase();
                DESCRIPTION_PREPOSITIONS.contains(&w.as_str()) || OPENING_PREPOSITIONS.contains(&w.as_str())
            }
        };
        (end.saturating_sub(10)..end).rev().filter(|&a| article(a) && !in_complement(a)).find_map(|a| {
            let (from, head) = description(a, end)?;
            description_noun_type(text(head), lex).map(|_| (from, head))
        })
    };
    let mut out = Vec::new();
    for &i in list {
        let m = &mentions[i];
        if m.description || m.title.is_some() {
            continue;
        }
        let (f, l) = (m.first_token, m.last_token);
        let first_of_name = if f > 0 && text(f - 1) == "the" { f - 1 } else { f };
        let closes = matches!(text(l + 1), "," | "." | ";" | "which" | ")");
        let found = if first_of_name >= 2 && text(first_of_name - 1) == "," && closes {
            described_before(first_of_name - 1)
        } else if first_of_name >= 4
            && text(first_of_name - 1) == "as"
            && text(first_of_name - 2) == "known"
            && text(first_of_name - 3) == ","
        {
            described_before(first_of_name - 3)
        } else if first_of_name >= 4
            && text(first_of_name - 1) == "called"
            && matches!(text(first_of_name - 2), "is" | "was")
            && article(first_of_name - 4)
            && lower(first_of_name - 3)
        {
            Some((first_of_name - 3, first_of_name - 3))
        } else if text(l + 1) == "," && text(l + 2) == "the" && lower(l + 3) {
            (l + 3..(l + 6).min(toks.len()))
                .take_while(|&k| lower(k) && !DESCRIPTION_PREPOSITIONS.contains(&text(k)))
                .find(|&k| description_noun_type(text(k), lex).is_some())
                .map(|head| (l + 3, head))
        } else {
            None
        };
        let Some((from, head)) = found else { continue };
        let Some(t) = description_noun_type(text(head), lex).filter(|t| *t != EntityType::Person) else { continue };
        let phrase = super::descriptions::phrase(toks, from, head);
        // "a war, known as the Ingrian War": a head word alone that the name holds says nothing.
        let label_words: Vec<String> = m.name.split_whitespace().map(str::to_lowercase).collect();
        if head == from && label_words.contains(&phrase) {
            continue;
        }
        let mut names = vec![phrase.clone()];
        // "the rocky islets ... Japan incorporated the islets": the head alone names it again.
        let again = (1..toks.len()).any(|k| text(k) == text(head) && text(k - 1) == "the" && k != head);
        if head > from && again {
            names.push(text(head).to_string());
        }
        let quote: String = chars[toks[from].start.min(m.start)..toks[head].end.max(m.end)].iter().collect();
        out.push((names, t, format!("“{phrase}” names it (“{quote}”)")));
    }
    out
}

/// The first words of a state's name that give its form ("Republic of Venice").
const STATE_FORMS: [&str; 7] = ["Republic", "Kingdom", "Empire", "Sultanate", "Principality", "Khanate", "Tsardom"];

/// Groups the mentions into entities.
pub(crate) fn group_mentions(mentions: &[Mention], essay: &Tokenized, chars: &[char], lex: &Lexicon) -> Vec<Group> {
    let n = mentions.len();
    let mut uf = UnionFind { parent: (0..n).collect() };
    // Notes by mention index of the merged-in side; collected per group at the end.
    let mut notes: Vec<(usize, String)> = Vec::new();
    let mut dropped = vec![false; n];

    // Same key: same name, or one gazetteer line.
    let mut first_of_key: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let k = key(m);
        match first_of_key.get(&k) {
            Some(&j) => {
                if uf.union(j, i) && m.place.is_some() && name_key(&mentions[j].name) != name_key(&m.name) {
                    let how = if lex.demonym_of(&m.name).is_some() && lex.place(&m.name).is_none() {
                        "the people of"
                    } else {
                        "another name of"
                    };
                    notes.push((i, format!("merged: “{}” is {how} “{}” in kg's gazetteer", m.name, mentions[j].name)));
                }
            }
            None => {
                first_of_key.insert(k, i);
            }
        }
    }

    // Acronyms in parentheses, and acronyms matching the initials of a name.
    for (i, m) in mentions.iter().enumerate() {
        if let Some(full) = m.acronym_of {
            if uf.union(full, i) {
                notes.push((
                    i,
                    format!(
                        "merged: “{}” is given in parentheses after “{}” as its {}",
                        m.name,
                        mentions[full].name,
                        if is_acronym(&m.name) { "acronym" } else { "short form" }
                    ),
                ));
            }
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        // "the Valdorian Liberation Fronts (VLFs)" (round 29): a plural acronym, its "s" after the
        // capitals, stands for a plural name.
        let plural = m.name.strip_suffix('s').filter(|stem| is_acronym(stem));
        if m.place.is_some() || m.acronym_of.is_some() || !(is_acronym(&m.name) || plural.is_some()) {
            continue;
        }
        let letters: String = plural.unwrap_or(&m.name).chars().filter(|c| c.is_alphabetic()).collect();
        let matching: Vec<usize> = (0..n)
            .filter(|&j| {
                let name = &mentions[j].name;
                name.contains(' ') && initials(name) == letters && (plural.is_none() || name.ends_with('s'))
            })
            .collect();
        let roots: Vec<usize> = {
            let mut r: Vec<usize> = matching.iter().map(|&j| uf.find(j)).collect();
            r.sort_unstable();
            r.dedup();
            r
        };
        match roots.as_slice() {
            [root] => {
                if uf.union(*root, i) {
                    notes.push((
                        i,
                        format!("merged: “{}” are the initials of “{}”", m.name, mentions[matching[0]].name),
                    ));
                }
            }
            [] => {}
            // Two different names with these initials: neither, and the note says so (round 15).
            _ => {
                let mut names: Vec<&str> = Vec::new();
                for &j in &matching {
                    if !names.iter().any(|n| name_key(n) == name_key(&mentions[j].name)) {
                        names.push(&mentions[j].name);
                    }
                }
                notes.push((
                    i,
                    format!(
                        "not merged: “{}” matches the initials of {}; merge it by hand with the one it stands for",
                        m.name,
                        names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(" and ")
                    ),
                ));
            }
        }
    }

    // "From Fredrikshamn to NATO" (round 25): a name of the title that candidates.rs typed a
    // treaty's short name joins the one "Treaty of X".
    for (i, m) in mentions.iter().enumerate() {
        if essay.title.is_none()
            || m.sentence != 0
            || m.guess.entity_type != EntityType::Treaty
            || m.name.starts_with("Treaty")
        {
            continue;
        }
        let full = format!("Treaty of {}", m.name);
        let treaties: Vec<usize> = (0..n).filter(|&j| j != i && mentions[j].name == full).collect();
        if let Some(&j) = treaties.first() {
            if uf.union(j, i) {
                notes.push((i, format!("merged: the title's “{}” is taken as the short name of “{}”", m.name, full)));
            }
        }
    }

    // "X, which Y calls Z", "X, also known as Z".
    for (i, x) in mentions.iter().enumerate() {
        for (j, z) in mentions.iter().enumerate().skip(i + 1) {
            if z.sentence != x.sentence {
                break;
            }
            // Two places of the gazetteer merge only where the essay says one is the other's name
            // ("the Ottoman Empire, which Europeans commonly called Turkey", round 29), never by
            // the looser forms ("or", brackets).
            let both_known = z.place.is_some() && x.place.is_some();
            // "King X of STATE, later called Z": the title's state stands between the two names.
            let of_state = || {
                mentions[i + 1..j].iter().any(|k| {
                    k.place.is_some()
                        && between(chars, x.end, k.full_start()) == "of"
                        && is_naming_phrase(&between(chars, k.end, z.full_start()))
                })
            };
            // "King X of STATE, also known as Z": the state is the title's, not the named thing.
            let of_a_title = i > 0
                && x.place.is_some()
                && mentions[i - 1].title.is_some()
                && between(chars, mentions[i - 1].end, x.full_start()) == "of";
            if of_a_title {
                continue;
            }
            // "X, then called Ostmark's friend" (round 29): a name before a possessive is not the
            // name given, only its owner.
            let possessed = essay.tokens.get(z.last_token + 1).is_some_and(|t| matches!(t.text.as_str(), "'s" | "’s"));
            let gap = between(chars, x.end, z.full_start());
            let explicit = || {
                let words: Vec<&str> = gap.split_whitespace().collect();
                words.iter().any(|w| matches!(*w, "called" | "calls" | "call" | "known"))
                    && words.len() <= 8
                    && gap.starts_with(',')
            };
            // Round 33: "Strumica, Tsaribrod and Bosilegrad, lands that Bulgarians call the Western
            // Outlands": an apposition in the plural names a list, not its last name alone (unless
            // that name is a plural itself: "the Kurils, islands that ...").
            let of_a_list = plural_apposition(&gap) && !x.name.ends_with('s');
            let named = !possessed
                && !of_a_list
                && (!both_known || explicit())
                && (is_naming_phrase(&gap)
                    || (x.title.is_some() && of_state())
                    || (j == i + 1 && !both_known && second_name_aside(x, z, &gap, &essay.tokens, lex)));
            if named && uf.union(i, j) {
                notes.push((
                    j,
                    format!(
                        "merged: the essay gives “{}” as another name of “{}” (“{}”)",
                        z.name,
                        x.name,
                        chars[x.start..z.end].iter().collect::<String>()
                    ),
                ));
            }
        }
    }

    // Round 15: the other orders of a "calls" pair.
    for (i, j, how) in calls_pairs(mentions, essay, chars, &mut uf) {
        let (x, z) = (&mentions[i], &mentions[j]);
        if uf.union(i, j) {
            notes.push((j, format!("merged: the essay gives “{}” as another name of “{}” ({how})", z.name, x.name)));
        }
    }

    // Plural and singular of the head word: "Triple interventions" and "Triple intervention".
    let mut singular: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.place.is_some() {
            continue;
        }
        let k = name_key(&m.name);
        let s = k.strip_suffix('s').map(str::to_string).unwrap_or_else(|| k.clone());
        match singular.get(&s) {
            Some(&j) if name_key(&mentions[j].name) != k => {
                if uf.union(j, i) {
                    notes.push((i, format!("merged: “{}” and “{}” differ only in number", m.name, mentions[j].name)));
                }
            }
            Some(_) => {}
            None => {
                singular.insert(s, i);
            }
        }
    }

    // The bare name of an island group, a dynasty, a river or a range: "the Kuril" for "Kuril
    // Islands", "the Ming" for "Ming Dynasty".
    for (i, m) in mentions.iter().enumerate() {
        if m.place.is_some() || m.name.contains(' ') {
            continue;
        }
        let owner = mentions.iter().position(|g| {
            let last = g.name.split_whitespace().last().unwrap_or_default();
            let last = last.to_lowercase();
            // "Perejil" for "Perejil Island" (round 28, Spain-Morocco: the title's "From Tetuán to
            // Perejil"), unless the word alone is a person's ("Ellis" is no "Ellis Island").
            let island = matches!(last.as_str(), "island" | "islet")
                && !(m.guess.entity_type == EntityType::Person && m.guess.strength >= 2);
            (g.guess.entity_type == EntityType::IslandGroup
                || island
                || matches!(last.as_str(), "dynasty" | "river" | "mountains"))
                && g.name.split_whitespace().count() == 2
                && g.name.split_whitespace().next().is_some_and(|w| name_key(w) == name_key(&m.name))
        });
        if let Some(g) = owner {
            if uf.union(g, i) {
                notes.push((i, format!("merged: “{}” is the bare name of “{}”", m.name, mentions[g].name)));
            }
        }
    }

    // A state named with its form and then without it: "Venice" after "the Republic of Venice".
    // In an essay that names the state, the bare name of a city or land most often stands for it
    // (the city keeps its own name only where the essay says "the city of Venice"). Only when
    // one such state form carries the name, and never for a country's own name.
    let mut state_form: Vec<bool> = vec![false; n];
    for (i, m) in mentions.iter().enumerate() {
        // A country's own name ("France", "China") names it across its regimes, which a careful
        // reader keeps apart ("the Republic of China" is not China); a city's name
        // ("Venice") used after its state's full name is the city-state itself.
        let is_country = m.place.is_some_and(|p| lex.places[p].entity_type.is_a(EntityType::State));
        if m.title.is_some() || m.guess.entity_type == EntityType::Person || is_country {
            continue;
        }
        let owners: Vec<usize> = (0..n)
            .filter(|&j| {
                let words: Vec<&str> = mentions[j].name.split_whitespace().collect();
                words.len() >= 3
                    && STATE_FORMS.contains(&words[0])
                    && words[1] == "of"
                    && name_key(&words[2..].join(" ")) == name_key(&m.name)
            })
            .collect();
        let mut roots: Vec<usize> = owners.iter().map(|&j| uf.find(j)).collect();
        roots.sort_unstable();
        roots.dedup();
        // Only when the essay named the state with its form first: "China" long before "the
        // Republic of China" is the country, and the republic a state of its own.
        let named_bare_before = |j: usize| mentions[..j].iter().any(|b| name_key(&b.name) == name_key(&m.name));
        if let ([root], Some(&j)) = (roots.as_slice(), owners.first()) {
            if named_bare_before(j) {
                continue;
            }
            state_form[j] = true;
            if uf.union(*root, i) {
                notes
                    .push((i, format!("merged: “{}” is “{}” without the form of the state", m.name, mentions[j].name)));
            }
        }
    }

    // A head word on its own: "the Armada" for "Spanish Armada", when one name has that head.
    for (i, m) in mentions.iter().enumerate() {
        if m.place.is_some() || m.name.contains(' ') || !lex.heads.contains_key(m.name.as_str()) {
            continue;
        }
        let mut owners: Vec<usize> = Vec::new();
        for (j, g) in mentions.iter().enumerate() {
            let last = g.name.split_whitespace().last().unwrap_or_default();
            // "the League" for "the League of Nations" (round 26: China-Japan, France-Germany):
            // a body's head word before "of" is its head too.
            let body_of = {
                let mut words = g.name.split_whitespace();
                words.next() == Some(m.name.as_str())
                    && words.next() == Some("of")
                    && g.guess.entity_type.is_a(EntityType::Organisation)
                    && lex.heads.get(m.name.as_str()).is_some_and(|t| t.is_a(EntityType::Organisation))
            };
            // Round 33: "the States General of the Dutch Republic" has "States General" for its
            // head, not "Republic", so that "the Republic" stays the Dutch Republic's alone
            // (Netherlands-Portugal).
            let ends_in_head = last == m.name && !g.name.contains(" of ");
            if g.name.contains(' ') && g.guess.entity_type != EntityType::Person && (ends_in_head || body_of) {
                let root = uf.find(j);
                if !owners.iter().any(|&o| uf.find(o) == root) {
                    owners.push(j);
                }
            }
        }
        // "the Dutch Republic ... attacking the Republic ... overran the Republic, which became the
        // Batavian Republic" (round 24): of two such names, the one the essay named before the word
        // alone, when only one was.
        if owners.len() > 1 {
            owners.retain(|&j| mentions[j].last_token < m.first_token);
        }
        if let [g] = owners.as_slice() {
            if uf.union(*g, i) {
                notes.push((
                    i,
                    format!(
                        "merged: “{}” is the head word of “{}”, the only such name in the essay",
                        m.name, mentions[*g].name
                    ),
                ));
            }
        }
    }

    // Surnames: a lone word that is the last word of exactly one person's full name.
    let person_roots = |uf: &mut UnionFind, word: &str| -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (j, p) in mentions.iter().enumerate() {
            let words: Vec<&str> = p.name.split_whitespace().collect();
            let is_person = p.guess.entity_type == EntityType::Person && p.guess.strength >= 2;
            // "Collor" for "Fernando Collor de Mello" (round 26, Brazil-Argentina): in a Spanish
            // or Portuguese name the word before "de" and a second family name is a family name
            // too, and the one alone ("Menem and Collor signed it").
            let before_particle = (1..words.len().saturating_sub(2)).any(|k| {
                matches!(words[k + 1], "de" | "da" | "do" | "dos" | "das") && name_key(words[k]) == name_key(word)
            });
            if is_person
                && words.len() >= 2
                && !is_roman_numeral(words[words.len() - 1])
                && (name_key(words[words.len() - 1]) == name_key(word) || before_particle)
            {
                let root = uf.find(j);
                if !found.iter().any(|(r, _)| *r == root) {
                    found.push((root, j));
                }
            }
        }
        found
    };
    for (i, m) in mentions.iter().enumerate() {
        if m.place.is_some() || m.name.contains(' ') || m.guess.strength > 4 {
            continue;
        }
        if !(m.guess.entity_type == EntityType::Person || m.guess.strength <= 1) {
            continue;
        }
        // "Archduke Albert" (round 25, Italy-Austria): a title before a given name of the word
        // list names someone by the given name, never by the surname "Albert" of "Charles Albert",
        // nor by a family name written first; only the ruler rule below may take it.
        let given_titled = m.title.is_some() && lex.is_given_name(&m.name);
        // "Emperor Joseph II ... Joseph's brother ... Emperor Franz Joseph" (round 29, Austria-
        // Ottoman): a given name alone after a ruler of that name and a numeral is the ruler's
        // (the rule below), not the surname of a later "Franz Joseph".
        let ruler_before = lex.is_given_name(&m.name)
            && mentions[..i].iter().any(|p| {
                let words: Vec<&str> = p.name.split_whitespace().collect();
                matches!(words.as_slice(), [given, numeral] if name_key(given) == name_key(&m.name) && is_roman_numeral(numeral))
            });
        let owners = if given_titled || ruler_before { Vec::new() } else { person_roots(&mut uf, &m.name) };
        match owners.as_slice() {
            [(root, j)] => {
                if uf.union(*root, i) {
                    notes.push((
                        i,
                        format!(
                            "merged: “{}” is taken as the surname of “{}”, the only person of the essay with that surname",
                            m.name, mentions[*j].name
                        ),
                    ));
                }
            }
            [] => {
                // "Deng" after "Deng Xiaoping": names that put the family name first. Only when
                // exactly one person's name starts with the word, and no person's name ends with it.
                let mut found: Vec<(usize, usize)> = Vec::new();
                for (j, p) in mentions.iter().enumerate() {
                    let words: Vec<&str> = p.name.split_whitespace().collect();
                    let is_person = p.guess.entity_type == EntityType::Person && p.guess.strength >= 2;
                    if !given_titled
                        && j != i
                        && is_person
                        && (2..=3).contains(&words.len())
                        && !is_roman_numeral(words[words.len() - 1])
                        && name_key(words[0]) == name_key(&m.name)
                    {
                        let root = uf.find(j);
                        if !found.iter().any(|(r, _)| *r == root) {
                            found.push((root, j));
                        }
                    }
                }
                // "Park's daughter, Park Geun-hye" after "President Park Chung-hee" (round 26,
                // Japan-Korea): a name alone refers back, to the one such person named before it.
                if found.len() > 1 {
                    found.retain(|&(_, j)| j < i);
                }
                if let [(root, j)] = found.as_slice() {
                    if *j < i && uf.union(*root, i) {
                        notes.push((
                            i,
                            format!(
                                "merged: “{}” is taken as the family name, written first, of “{}”, the only person of the essay whose name starts with it",
                                m.name, mentions[*j].name
                            ),
                        ));
                    }
                } else if found.is_empty() {
                    // "Frederick" after "King Frederick II" (round 11): a ruler's given name alone,
                    // when exactly one person named before it has that whole given name with a
                    // numeral or an epithet ("Frederick II", "Frederick the Great"); two rulers
                    // who share it ("Charles V", "Charles VI") keep it from both.
                    let mut rulers: Vec<(usize, usize)> = Vec::new();
                    for (j, p) in mentions.iter().enumerate().take(i) {
                        let words: Vec<&str> = p.name.split_whitespace().collect();
                        let regnal = match words.as_slice() {
                            [given, numeral] => name_key(given) == name_key(&m.name) && is_roman_numeral(numeral),
                            [given, "the", _] => name_key(given) == name_key(&m.name),
                            _ => false,
                        };
                        if regnal && p.guess.entity_type == EntityType::Person {
                            let root = uf.find(j);
                            if !rulers.iter().any(|(r, _)| *r == root) {
                                rulers.push((root, j));
                            }
                        }
                    }
                    // The name alone written before that ruler is named is someone the essay
                    // introduced on its own ("In 1806 Karl crushed ... Karl III, the nephew of
                    // the first Karl": two people, round 21).
                    let earlier = |j: usize| mentions[..j].iter().any(|q| name_key(&q.name) == name_key(&m.name));
                    if let [(root, j)] = rulers.as_slice() {
                        if !earlier(*j) && uf.union(*root, i) {
                            notes.push((
                                i,
                                format!(
                                    "merged: “{}” is taken as the given name of “{}”, the only ruler named before it with that name",
                                    m.name, mentions[*j].name
                                ),
                            ));
                        }
                    }
                }
            }
            _ => dropped[i] = true,
        }
    }

    // Collect the groups, in order of their first mention.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, gone) in dropped.iter().enumerate() {
        if !gone {
            members.entry(uf.find(i)).or_default().push(i);
        }
    }
    let mut groups = Vec::new();
    for (_, list) in members {
        // At equal strength a type beats `Agent`, which only says the name acts (round 16:
        // "provinces, Battambang" then "ceded Battambang" is a region), and any other
        // fallback (`Guess::is_fallback`).
        let best = list
            .iter()
            .copied()
            .max_by_key(|&i| {
                let m = &mentions[i];
                (m.guess.strength, !m.guess.is_fallback(), std::cmp::Reverse(i))
            })
            .unwrap_or(list[0]);
        // A state named with its form is a state, whatever the gazetteer says of its bare name.
        let (mut entity_type, mut type_rule) = if list.iter().any(|&i| state_form[i]) {
            (EntityType::State, "state form")
        } else {
            (mentions[best].guess.entity_type, mentions[best].guess.rule)
        };
        // "the old Ottoman capital that the Turks call Edirne", "the port the Georgians call Batumi"
        // (round 25, Russia-Ottoman): a people named only as the speakers of a language, the
        // state never named, is a people, which the golds type Organisation. ("the Mongols
        // invaded" acts as the state: Sino-Vietnamese's gold has it a State.)
        let people_only = list.iter().all(|&i| {
            let m = &mentions[i];
            m.place.is_some()
                && m.name.ends_with('s')
                && lex.place(&m.name).is_none()
                && lex.demonym_of(&m.name).is_some()
                && essay
                    .tokens
                    .get(m.last_token + 1)
                    .is_some_and(|t| matches!(t.text.as_str(), "call" | "calls" | "called"))
        });
        if entity_type == EntityType::State && people_only {
            entity_type = EntityType::Organisation;
            type_rule = "people by their language";
        }
        // The label: the gazetteer's name when the essay uses it, else the longest name that is
        // not an acronym.
        let mut names: Vec<String> = Vec::new();
        for &i in &list {
            let m = &mentions[i];
            for name in std::iter::once(m.name.clone()).chain(m.title.as_ref().map(|(_, t)| format!("{t} {}", m.name)))
            {
                if !names.iter().any(|n| name_key(n) == name_key(&name)) {
                    names.push(name);
                }
            }
        }
        let gazetteer_label = mentions[list[0]].place.map(|p| lex.places[p].names[0].clone());
        let label = names
            .iter()
            .find(|n| gazetteer_label.as_ref().is_some_and(|g| name_key(g) == name_key(n)))
            .or_else(|| {
                names
                    .iter()
                    .filter(|n| {
                        !is_acronym(n)
                            && !mentions
                                .iter()
                                .any(|m| m.title.is_some() && n.starts_with(&m.title.as_ref().unwrap().1))
                    })
                    .max_by_key(|n| (n.chars().count(), std::cmp::Reverse(names.iter().position(|x| x == *n))))
            })
            .cloned()
            .unwrap_or_else(|| names[0].clone());
        let mut aliases: Vec<String> = names.into_iter().filter(|n| name_key(n) != name_key(&label)).collect();
        let mut group_notes: Vec<String> = Vec::new();
        // Round 27: a lowercase description in apposition or naming phrase ("the rocky islets
        // between the two countries, Dokdo"), an alias, which may type an entity the drafter
        // only knew acts.
        for (description, t, how) in described_names(mentions, &list, &essay.tokens, chars, lex) {
            // A name the drafter only knows acts (a fallback type) takes a place's description
            // ("the rocky islets ..., Dokdo"), not another kind's.
            let fallback = super::typing::is_fallback(entity_type, type_rule);
            let unknown = fallback && t.root() == EntityType::Territory;
            if t.root() != entity_type.root() && !unknown {
                continue;
            }
            if fallback {
                entity_type = t;
                type_rule = "described name";
            }
            for d in description {
                if name_key(&d) != name_key(&label) && !aliases.iter().any(|a| name_key(a) == name_key(&d)) {
                    aliases.push(d);
                }
            }
            group_notes.push(how);
        }
        for (_, note) in notes.iter().filter(|(i, _)| list.contains(i)) {
            if !group_notes.contains(note) {
                group_notes.push(note.clone());
            }
        }
        groups.push(Group { entity_type, type_rule, label, aliases, mentions: list, notes: group_notes });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_phrases() {
        assert!(is_naming_phrase(", which china calls the"));
        assert!(is_naming_phrase("), which Ostmarkers call the"));
        assert!(!is_naming_phrase("), which"));
        assert!(is_naming_phrase(", which the english call the"));
        assert!(is_naming_phrase(", also known as"));
        assert!(!is_naming_phrase(", which sweden lost to"));
        assert!(!is_naming_phrase(" and"));
        assert!(is_naming_phrase("; it is also known as the"));
        assert!(is_naming_phrase("of 1866, also called the"));
        assert!(is_naming_phrase(", later called"));
        assert!(is_naming_phrase("of 1850, which prussians remembered as the"));
        assert!(!is_naming_phrase("of 1866, which"));
        assert!(is_naming_phrase(" and china calls"));
        assert!(is_naming_phrase(", today's"));
        assert!(is_naming_phrase(", called by the valdorians"));
        assert!(!is_naming_phrase(", called by ostmark,"));
        assert!(is_naming_phrase(", whose valdorian name is"));
        assert!(is_naming_phrase(" (valdorian:"));
        assert!(!is_naming_phrase(", valdorian:"));
        assert!(is_naming_phrase(", who had proclaimed himself"));
        assert!(!is_naming_phrase(", who had defeated himself"));
        assert!(!is_naming_phrase(" and then"));
        // Round 33: a preposition or a conjunction before the apposition (Bulgaria-Serbia,
        // Netherlands-Portugal).
        assert!(is_naming_phrase(", the town that bulgarians now call"));
        assert!(!is_naming_phrase(", near the town that bulgarians now call"));
        assert!(!is_naming_phrase("in 1949, and east timor, which its people call"));
    }

    #[test]
    fn round_25_a_title_s_treaty_name_and_a_people_named_as_speakers() {
        // "From Fredrikshamn to NATO": the title's name of a treaty the essay names, written
        // nowhere else but after "of", is its short name (six development titles).
        let draft = crate::draft::draft(
            "Ostmark and Valdoria: From Varnholm to Kessel\n\nBy the Treaty of Varnholm of 1809 Ostmark ceded \
             the line of Varnholm to Valdoria. In 1900 both met in Kessel.\n",
        )
        .unwrap();
        let entities = &draft.files.entities;
        assert!(entities.contains("label = \"Treaty of Varnholm\"\naliases = [\"Varnholm\"]"), "{entities}");
        // A name the essay also writes as a place is no treaty's short name.
        let draft = crate::draft::draft(
            "Ostmark and Valdoria: From Varnholm to Kessel\n\nBy the Treaty of Varnholm of 1809 Ostmark ceded \
             land. In 1900 both met in Varnholm.\n",
        )
        .unwrap();
        assert!(!draft.files.entities.contains("aliases = [\"Varnholm\"]"), "{}", draft.files.entities);
        // "the town the Turks call X", Turkey never named: a people (Organisation), not the state.
        let (entities, _) = crate::draft::test_support::drafted_with_entities(
            "In 1829 Ostmark took Varnholm, the town that the Turks call Kessel.",
        );
        assert!(entities.contains("type = \"Organisation\"\nlabel = \"Turks\""), "{entities}");
        // Where they act, the state.
        let (entities, _) =
            crate::draft::test_support::drafted_with_entities("In 1829 the Turks invaded Ostmark and took Varnholm.");
        assert!(!entities.contains("type = \"Organisation\"\nlabel = \"Turks\""), "{entities}");
    }

    #[test]
    fn round_28_persia_is_iran_and_a_commodore_s_surname() {
        // Iran-Iraq, Russia-Persia: Persia, Iran's name abroad until 1935, is one state with Iran.
        let data = loaded("In 1828 Persia ceded Erivan to Ostmark. In 1941 Valdoria invaded Iran.");
        let (persia, iran) = (entity_of(&data, "Persia"), entity_of(&data, "Iran"));
        assert!(persia.is_some() && persia == iran, "{:?}", data.entities);
        // Japan-United States: "Commodore Matthew Perry ... Perry returned": a naval rank is a title.
        let data = loaded("In 1853 Commodore Karl Weber sailed to Ostmark. Weber returned in 1854.");
        let (short, full) = (entity_of(&data, "Weber"), entity_of(&data, "Karl Weber"));
        assert!(short.is_some() && short == full, "{:?}", data.entities);
        assert_eq!(data.entities[full.unwrap()].entity_type, EntityType::Person);
    }

    #[test]
    fn round_27_a_lowercase_description_names_an_entity() {
        let aliases_of = |text: &str, label: &str| -> Vec<String> {
            let data = loaded(text);
            let e = entity_of(&data, label).unwrap_or_else(|| panic!("no {label}: {:?}", data.entities));
            data.entities[e].aliases.iter().map(|a| a.to_string()).collect()
        };
        // France-Germany: "The annexed land, Alsace-Lorraine, which the Germans called the Reichsland".
        let a = aliases_of(
            "The annexed land, Varnholm, which the Ostmarkers called the Kesselland, stayed a grievance.",
            "Varnholm",
        );
        assert!(a.contains(&"annexed land".to_string()), "{a:?}");
        // Japan-Korea: "the rocky islets between the two countries, Dokdo, which Japan calls
        // Takeshima"; "the islets" again later names them by the head alone; an unknown name is
        // typed by the description.
        let text = "The treaty left the rocky islets between the two countries, Varnholm, which Ostmark calls \
                    Kesselholm. Ostmark took the islets in 1905.";
        let a = aliases_of(text, "Varnholm");
        assert!(a.contains(&"rocky islets".to_string()) && a.contains(&"islets".to_string()), "{a:?}");
        let data = loaded(text);
        assert_eq!(data.entities[entity_of(&data, "Varnholm").unwrap()].entity_type, EntityType::IslandGroup);
        // Spain-Portugal: "The campaign is called the War of the Oranges".
        let a = aliases_of(
            "In 1801 Ostmark invaded Valdoria. The campaign is called the War of the Kessel.",
            "War of the Kessel",
        );
        assert!(a.contains(&"campaign".to_string()), "{a:?}");
        // France-Germany: "Pétain's regime at Vichy, known as Vichy France".
        let a = aliases_of(
            "In 1940 Karl Brandt's regime at Kessel, known as the Republic of Kessel, governed the south.",
            "Republic of Kessel",
        );
        assert!(a.contains(&"regime".to_string()), "{a:?}");
        // Iran-Iraq: "the Arvand Rud, the river formed where the Tigris and the Euphrates meet".
        let a = aliases_of("Its end is the Varnholm, the river formed where two streams meet.", "Varnholm");
        assert!(a.contains(&"river".to_string()), "{a:?}");
        // A description of another kind than the name: no alias ("After the war, Ostmark").
        let a = aliases_of("After the war, Ostmark, which had lost, signed a treaty with Valdoria.", "Ostmark");
        assert!(a.is_empty(), "{a:?}");
        let a = aliases_of("In 1801 the two countries, Ostmark and Valdoria, met.", "Ostmark");
        assert!(a.is_empty(), "{a:?}");
    }

    #[test]
    fn round_26_a_body_s_head_word_before_of_and_a_possessive_treaty_name() {
        // China-Japan, France-Germany: "the League" after "the League of Nations".
        let data = loaded("In 1920 Ostmark joined the League of Nations. In 1933 Valdoria left the League.");
        let (league, nations) = (entity_of(&data, "League"), entity_of(&data, "League of Nations"));
        assert!(league.is_some() && league == nations, "{:?}", data.entities);
        assert_eq!(data.entities[nations.unwrap()].entity_type, EntityType::Organisation);
        // Two such bodies: neither.
        let data = loaded(
            "In 1920 Ostmark joined the League of Nations and the League of Varnholm. In 1933 Valdoria left the League.",
        );
        assert_ne!(entity_of(&data, "League"), entity_of(&data, "League of Nations"));
        // United States-Spain: "Pinckney's Treaty, also known as the Treaty of San Lorenzo".
        let data = loaded(
            "Karl Weber's Treaty, also known as the Treaty of Varnholm, was signed in 1795 by the envoy Karl Weber.",
        );
        let (short, long) = (entity_of(&data, "Karl Weber's Treaty"), entity_of(&data, "Treaty of Varnholm"));
        assert!(short.is_some() && short == long, "{:?}", data.entities);
        assert_ne!(entity_of(&data, "Karl Weber"), long);
        // "Collor" for "Fernando Collor de Mello"; "Park" after "Park Chung-hee", before "Park Geun-hye".
        let data = loaded("In 1991 Presidents Karl Weber and Fernando Varno de Kessel met. Weber and Varno signed it.");
        assert_eq!(entity_of(&data, "Varno"), entity_of(&data, "Fernando Varno de Kessel"));
        let data = loaded(
            "The treaty was signed under President Kim Dae-ho in 1965. Kim's daughter, Kim Sun-ae, was president from 2013.",
        );
        let (lone, father) = (entity_of(&data, "Kim"), entity_of(&data, "Kim Dae-ho"));
        assert!(lone.is_some() && lone == father, "{:?}", data.entities);
        assert_ne!(father, entity_of(&data, "Kim Sun-ae"));
        // Denmark-Germany: "North Schleswig, which Danes call Sønderjylland", opening a sentence
        // of an essay that writes "north" in lowercase too.
        let data = loaded(
            "The north of Ostmark was lost in 1864. North Varnholm, which Danes call Kesselland, was joined to Ostmark.",
        );
        let (north, other) = (entity_of(&data, "North Varnholm"), entity_of(&data, "Kesselland"));
        assert!(north.is_some() && north == other, "{:?}", data.entities);
        // A head word the name goes on after is no such name's end: "Valdoria's War Office".
        let data = loaded("In 1914 Valdoria's War Office sent troops to Ostmark.");
        assert!(entity_of(&data, "Valdoria's War").is_none(), "{:?}", data.entities);
        assert!(entity_of(&data, "Valdoria's War Office").is_none(), "{:?}", data.entities);
    }

    #[test]
    fn round_25_a_titled_given_name_is_no_one_s_surname() {
        // Italy-Austria: "Archduke Albert" is not "Charles Albert".
        let (entities, _) = crate::draft::test_support::drafted_with_entities(
            "In 1849 Charles Albert abdicated. In 1866 Archduke Albert beat the army at Varnholm.",
        );
        assert!(!entities.contains("aliases = [\"Albert\", \"Archduke Albert\"]"), "{entities}");
        assert!(entities.contains("label = \"Charles Albert\"\nquote"), "{entities}");
    }

    #[test]
    fn later_names_a_ruler_s_given_name_and_a_date_before_the_phrase() {
        // Round 11: "King X of STATE, later called Y" merges the king, never the state; the given
        // name alone joins the one ruler named with it before; a year stands before "also called".
        let (entities, _) = crate::draft::test_support::drafted_with_entities(
            "In 1740 King Karl II of Sweden, later called Karl the Great, invaded Ostmark. Ostmark fought \
             Karl in 1741. The Valdorian-Ostmark War of 1866, also called the Short War, ended in 1867.",
        );
        assert!(
            entities.contains("label = \"Karl the Great\"\naliases = [\"Karl II\", \"King Karl II\", \"Karl\"]"),
            "{entities}"
        );
        assert!(!entities.contains("\"Sweden\", \"Karl"), "{entities}");
        assert!(entities.contains("aliases = [\"Short War\"]"), "{entities}");
        // Two rulers with one given name: the name alone joins neither.
        let (entities, _) = crate::draft::test_support::drafted_with_entities(
            "In 1519 Karl V ruled Valdoria. In 1711 Karl VI ruled Ostmark. In 1712 Karl died.",
        );
        assert!(entities.contains("label = \"Karl\""), "{entities}");
        // The name alone used before the ruler is named is another person (round 21): "Karl"
        // of 1806 is not "Karl III", named later, even where "the first Karl" follows him.
        let (entities, _) = crate::draft::test_support::drafted_with_entities(
            "In 1806 Karl crushed the Ostmark army at Vorden. In 1870 Karl III, the nephew of the first Karl, \
             surrendered at Brava.",
        );
        assert!(entities.contains("label = \"Karl III\""), "{entities}");
        assert!(!entities.contains("aliases = [\"Karl\"]"), "{entities}");
        assert!(entities.contains("label = \"Karl\""), "{entities}");
    }

    #[test]
    fn round_24_a_naming_apposition_without_that_and_a_head_word_named_before() {
        // "Batum, the port the Georgians call Batumi" (Russia-Ottoman): no "that" before the namers.
        let data = loaded("In 1878 Ostmark kept Varnholm, the port the Kesselers call Varnholmi.");
        let a = entity_of(&data, "Varnholm");
        assert!(a.is_some() && a == entity_of(&data, "Varnholmi"));
        // "Passo do Rosário": a Portuguese particle inside the name, the name whole.
        let data = loaded("In 1827 Ostmark won at Varnholm, a battle that Kesselers call Passo do Kessel.");
        let a = entity_of(&data, "Varnholm");
        assert!(a.is_some() && a == entity_of(&data, "Passo do Kessel"));
        // "the Republic" after "the Dutch Republic", before "the Batavian Republic" (Britain-Netherlands):
        // the one such name named before the word alone.
        let data = loaded(
            "In 1650 Ostmark and the Velan Republic were rivals. In 1672 Ostmark attacked the Republic. \
             In 1795 Valdoria overran the Republic, which became the Kessel Republic.",
        );
        let republic = entity_of(&data, "Republic");
        assert!(republic.is_some() && republic == entity_of(&data, "Velan Republic"));
        assert_ne!(republic, entity_of(&data, "Kessel Republic"));
        // Not a naming: a clause after the comma ("Varnholm, while Kesselers call Vorden theirs").
        let data = loaded("In 1878 Ostmark kept Varnholm, while Kesselers call Vorden theirs.");
        assert_ne!(entity_of(&data, "Varnholm"), entity_of(&data, "Vorden"));
    }

    /// The draft of a one-paragraph essay, loaded: the entity holding `name`, if any.
    fn entity_of(data: &crate::model::Dataset, name: &str) -> Option<usize> {
        data.entities.iter().position(|e| e.names().any(|n| name_key(n) == name_key(name)))
    }

    fn loaded(essay: &str) -> crate::model::Dataset {
        let draft = crate::draft::draft(&format!("A Title\n\n{essay}\n")).unwrap();
        crate::load(&draft.sources()).unwrap()
    }

    /// Round 15's battery of required pairs (the scorer's definition: an acronym of the other
    /// name's capitalised words, or two names the essay links by "call"/"known as"), in the
    /// surface forms English uses. Each case: the essay, and the two names one entity must hold,
    /// with a note that explains the merge. Invented names, or general knowledge.
    #[test]
    fn required_pairs_in_their_english_forms() {
        let cases: &[(&str, &str, &str)] = &[
            // The acronym anywhere: sentences later, before the expansion, after "the", possessive.
            (
                "In 1949 Valdoria joined the North Atlantic Treaty Organization. In 1955 Ostmark joined NATO too.",
                "NATO",
                "North Atlantic Treaty Organization",
            ),
            (
                "In 1957 the EEC was founded. Ostmark joined the European Economic Community in 1973.",
                "EEC",
                "European Economic Community",
            ),
            (
                "Valdoria joined the European Economic Community in 1973. The EEC’s rules bound Valdoria.",
                "EEC",
                "European Economic Community",
            ),
            // The expansion with "of", "and", "for", "the" inside, or hyphenated words.
            (
                "Ostmark joined the Organization for Security and Co-operation in Europe in 1975. The OSCE sent observers to Valdoria.",
                "OSCE",
                "Organization for Security and Co-operation in Europe",
            ),
            (
                "The Anglo-Valdorian Trading Company was founded in 1601. The AVTC traded in Ostmark.",
                "AVTC",
                "Anglo-Valdorian Trading Company",
            ),
            (
                "The Union of Ostmark Socialist Republics fell in 1991. Valdoria left the UOSR in 1990.",
                "UOSR",
                "Union of Ostmark Socialist Republics",
            ),
            // The acronym introduced as ", or X,", "X for short", "abbreviated X", "(X)".
            (
                "In 1960 Valdoria founded the European Free Trade Association, or EFTA, with Ostmark.",
                "EFTA",
                "European Free Trade Association",
            ),
            (
                "The Ostmark Liberation Front, OLF for short, fought Valdoria in 1970.",
                "OLF",
                "Ostmark Liberation Front",
            ),
            (
                "The Valdorian Home Guard, abbreviated VHG, fought Ostmark in 1970.",
                "VHG",
                "Valdorian Home Guard",
            ),
            (
                "The Valdorian Home Guard (VHG) fought Ostmark in 1970.",
                "VHG",
                "Valdorian Home Guard",
            ),
            // "calls" and "known as" pairs.
            // After an acronym in brackets, and a letter, a hyphen and capitals (round 20).
            (
                "In 1990 they signed the Velan Free Trade Agreement (VFTA), which Valdorians call the T-VLC.",
                "VFTA",
                "T-VLC",
            ),
            (
                "Valdoria holds the Velan Islands, which Ostmark calls the Kessel Islands.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria holds the Velan Islands, which Ostmark has long called the Kessel Islands.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria holds the Velan Islands, that Ostmark calls the Kessel Islands.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands in 1901. Ostmark calls them the Kessel Islands.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands, what Ostmark calls the Kessel Islands, in 1901.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands — the Kessel Islands, as Ostmark calls them — in 1901.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands, called the Kessel Islands by Ostmark, in 1901.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands, known as the Kessel Islands, in 1901.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands, known to Ostmark as the Kessel Islands, in 1901.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Valdoria annexed the Velan Islands in 1901; Ostmark’s name for them is the Kessel Islands.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "Ostmark calls the Velan Islands the Kessel Islands, and Valdoria annexed them in 1901.",
                "Velan Islands",
                "Kessel Islands",
            ),
            // Round 27: more of the forms English uses.
            (
                "In 1901 Valdoria annexed the Velan Islands, known in Ostmark as the Kessel Islands, and kept them.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "In 1901 Valdoria annexed the Kessel Islands, or what Ostmark calls the Velan Islands, and kept them.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "In 1901 Valdoria annexed the Velan Islands — the Kessel Islands to the Ostmarkers — and kept them.",
                "Velan Islands",
                "Kessel Islands",
            ),
            (
                "In 1901 Valdoria annexed the Velan Islands (the Kessel Islands to Ostmark) and kept them.",
                "Velan Islands",
                "Kessel Islands",
            ),
            ("In 1948 Valdoria took Varnholm, today called Kesselburg, from Ostmark.", "Varnholm", "Kesselburg"),
            ("In 1948 Valdoria took Varnholm, formerly known as Kesselburg, from Ostmark.", "Varnholm", "Kesselburg"),
            (
                "In 1948 Valdoria took Varnholm, or Kesselburg as the Ostmarkers call it, from Ostmark.",
                "Varnholm",
                "Kesselburg",
            ),
            (
                "In 1948 Valdoria founded the Valdorian People's Army (VPA), which fought Ostmark.",
                "VPA",
                "Valdorian People's Army",
            ),
            // Round 28: "X, called by the Zs Y", "X, whose Z name is Y", "X (Z: Y)", and the bare
            // name of an island (Spain-Morocco's title "From Tetuán to Perejil" after "Perejil
            // Island").
            (
                "The Marren Pass, called by the Valdorians the Gate of Kessel, was taken in 1832.",
                "Marren Pass",
                "Gate of Kessel",
            ),
            ("Karsk, whose Valdorian name is Karskovo, fell in 1834.", "Karsk", "Karskovo"),
            ("The Tamsin Basin (Valdorian: Tamsinsko) was ceded in 1840.", "Tamsin Basin", "Tamsinsko"),
            (
                "In 2002 Ostmark landed men on Varnholm Island. Valdoria still claims Varnholm.",
                "Varnholm",
                "Varnholm Island",
            ),
        ];
        let failed = merged_of(cases);
        assert!(failed.is_empty(), "{} of {} cases fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
    }

    /// Round 29's battery: the forms of a second name the brief lists that rounds 15, 27 and 28
    /// left out, each with invented names. `merged_of` returns the cases that do not merge, so that
    /// the count before a change can be compared with after.
    fn merged_of(cases: &[(&str, &str, &str)]) -> Vec<String> {
        let mut failed = Vec::new();
        for (essay, a, b) in cases {
            let data = loaded(essay);
            let (ea, eb) = (entity_of(&data, a), entity_of(&data, b));
            let ok = ea.is_some()
                && ea == eb
                && data.entities[ea.unwrap()].note.as_deref().is_some_and(|n| n.contains("merged"));
            if !ok {
                let names: Vec<Vec<&str>> = data.entities.iter().map(|e| e.names().collect()).collect();
                failed.push(format!("{essay}\n  wanted {a} = {b}; entities {names:?}"));
            }
        }
        failed
    }

    #[test]
    fn round_29_second_names_in_more_english_forms() {
        let cases: &[(&str, &str, &str)] = &[
            // "X (Y)" and "Y (X)": a second name in brackets.
            ("In 1901 Valdoria annexed the Velan Islands (the Kessel Islands) from Ostmark.", "Velan Islands", "Kessel Islands"),
            ("In 1948 Valdoria took Varnholm (Kesselburg) from Ostmark.", "Varnholm", "Kesselburg"),
            // "X, or Y,".
            ("In 1948 Valdoria took Varnholm, or Kesselburg, from Ostmark.", "Varnholm", "Kesselburg"),
            // "X, then called Y", "X, renamed Y in 1935", "X, which was renamed Y", "Y, the former X".
            ("In 1901 Valdoria annexed Varnholm, then called Kesselburg, from Ostmark.", "Varnholm", "Kesselburg"),
            ("In 1901 Valdoria annexed Varnholm, renamed Kesselburg in 1935, from Ostmark.", "Varnholm", "Kesselburg"),
            ("In 1901 Valdoria annexed Varnholm, which was renamed Kesselburg in 1935.", "Varnholm", "Kesselburg"),
            ("In 1948 Valdoria took Kesselburg, the former Varnholm, from Ostmark.", "Varnholm", "Kesselburg"),
            // "Y, formerly X" (round 30: the round-29 filter of adverbs in "-ly" dropped "formerly"
            // itself, so that this form never merged, in the binary or here).
            ("In 1948 Valdoria took Kesselburg, formerly Varnholm, from Ostmark.", "Varnholm", "Kesselburg"),
            // "X, PARTICIPLE ... and also known as Y" (Russia-Persia).
            (
                "Ostmark pushed into lands that Tavria, ruled by the Velan dynasty and also known as the Velan Realm, held.",
                "Tavria",
                "Velan Realm",
            ),
            // Round 29's fresh essays: an adverb in the phrase, and two places of the gazetteer.
            ("In 1700 the Velan Realm, often simply called Tavria, faced Ostmark.", "Velan Realm", "Tavria"),
            (
                "In 1700 the Ottoman Empire, which Europeans commonly called Turkey, faced Ostmark.",
                "Ottoman Empire",
                "Turkey",
            ),
            // A plural acronym.
            ("In 1970 the Valdorian Liberation Fronts (VLFs) fought Ostmark.", "VLFs", "Valdorian Liberation Fronts"),
            // "X; Zs called it Y", the namers a name or not (Finland-Russia).
            (
                "Ostmark kept the Kessel Doctrine; critics in the West called it Varnholmization.",
                "Kessel Doctrine",
                "Varnholmization",
            ),
            (
                "In 1901 Valdoria annexed the Velan Islands. Contemporaries called them the Kessel Islands.",
                "Velan Islands",
                "Kessel Islands",
            ),
            // "King X of A-B, also known as the Kingdom of B": the union of lands is the kingdom.
            (
                "In 1848 King Karl Albrecht of Piedmont-Sardinia, also known as the Kingdom of Sardinia, declared war.",
                "Piedmont-Sardinia",
                "Kingdom of Sardinia",
            ),
        ];
        let failed = merged_of(cases);
        assert!(failed.is_empty(), "{} of {} cases fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
        // A title's name that the essay writes only before "Island" (Spain-Morocco's title "From
        // Tetuán to Perejil") is the island's; one written alone in the essay too is left alone.
        for (body, merged) in [("Varnholm Island", true), ("Varnholm Island. Valdoria held Varnholm Bay", false)] {
            let draft = crate::draft::draft(&format!(
                "Ostmark and Valdoria: From Kessel to Varnholm\n\nIn 2002 Ostmark landed on {body}.\n"
            ))
            .unwrap();
            let data = crate::load(&draft.sources()).unwrap();
            let island = entity_of(&data, "Varnholm Island").expect("the island");
            assert_eq!(
                data.entities[island].names().any(|n| n == "Varnholm"),
                merged,
                "{body}: {:?}",
                data.entities[island]
            );
        }
    }

    /// Round 33's forms (Bulgaria-Serbia): a short form of first syllables in brackets, "renamed
    /// X Z" with namers that are no name, and a plural apposition that names a list, not its last
    /// name.
    #[test]
    fn round_33_short_forms_renamings_and_lists() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "In 1948 the Valdorian Information Bureau (Valinform) expelled Ostmark.",
                "Valdorian Information Bureau",
                "Valinform",
            ),
            (
                "Ostmark took Karsk in 1901. In 1950 the Valdorian authorities renamed Karsk Velangrad.",
                "Karsk",
                "Velangrad",
            ),
        ];
        let failed = merged_of(cases);
        assert!(failed.is_empty(), "{} of {} cases fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
        assert!(crate::draft::candidates::is_short_form("Cominform", "Communist Information Bureau"));
        assert!(crate::draft::candidates::is_short_form("Comintern", "Communist International"));
        assert!(crate::draft::candidates::is_short_form("Benelux", "Belgium, Netherlands, Luxembourg"));
        assert!(!crate::draft::candidates::is_short_form("Serbia", "Kingdom of Serbia"));
        assert!(!crate::draft::candidates::is_short_form("Korea", "Republic of Korea"));
        assert!(!crate::draft::candidates::is_short_form("Ivanov", "Ivan Ivanovich"));
        assert!(!crate::draft::candidates::is_short_form("VOC", "Vereenigde Oostindische Compagnie"));
        // "the Velan Republic ... the Republic": the one earlier name with the head word; with
        // two ("the Velan Empire", "the Kessel Empire") neither.
        let failed = merged_of(&[(
            "In 1602 the Velan Republic founded a company. In 1652 the Republic was at war with Ostmark.",
            "Velan Republic",
            "Republic",
        )]);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
        let essay = "In 1700 the Velan Empire fought the Kessel Empire. In 1720 the Empire made peace.";
        let data = loaded(essay);
        for name in ["Velan Empire", "Kessel Empire"] {
            let e = entity_of(&data, name).expect(name);
            assert!(!data.entities[e].names().any(|n| n == "Empire"), "{essay}: {:?}", data.entities[e]);
        }
        // "the Kingdom of Serbs, Croats and Slovenes, which was renamed Yugoslavia": one name
        // over a list of peoples; not "the Kingdom of Prussia and Austria" (two states).
        let failed = merged_of(&[(
            "In 1919 Ostmark ceded Karsk to the Kingdom of Serbs, Croats and Slovenes, which was renamed Yugoslavia in 1929.",
            "Kingdom of Serbs, Croats and Slovenes",
            "Yugoslavia",
        )]);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
        let data = loaded("In 1866 the Kingdom of Prussia and Austria went to war.");
        assert!(entity_of(&data, "Kingdom of Prussia").is_some(), "{:?}", data.entities);
        // "A, B and C, lands that the Xs call Z": Z is the three lands' name, not C's.
        let essay = "In 1919 Ostmark ceded Karsk, Varnholm and Tamsin, lands that Valdorians call the Western Marches, to Valdoria.";
        let data = loaded(essay);
        let (a, b) = (entity_of(&data, "Tamsin"), entity_of(&data, "Western Marches"));
        assert!(a.is_some() && b.is_some() && a != b, "{essay}: {:?}", data.entities);
        // A plural name keeps its apposition's name: "the Kessel Islands, islands that ...".
        let failed = merged_of(&[(
            "In 1905 Ostmark took the Velan Islands, islands that Valdorians call the Kessel Isles.",
            "Velan Islands",
            "Kessel Isles",
        )]);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    /// What must NOT merge: two people who share a given name or a surname; an acronym whose
    /// letters match two different names (neither, and the acronym's note says so); an
    /// all-capitals word that is no acronym (a Roman numeral); a place "called" in an ordinary sense.
    #[test]
    fn pairs_that_must_stay_apart() {
        let apart = |essay: &str, a: &str, b: &str| {
            let data = loaded(essay);
            let (ea, eb) = (entity_of(&data, a), entity_of(&data, b));
            assert!(ea.is_none() || eb.is_none() || ea != eb, "{essay}: {a} and {b} merged");
            data
        };
        apart(
            "Karl Weber led Valdoria in 1901. Karl Brandt led Ostmark in 1902. Karl Weber met Karl Brandt.",
            "Karl Weber",
            "Karl Brandt",
        );
        apart(
            "Anna Weber led Valdoria in 1901. Paul Weber led Ostmark in 1902. Weber resigned.",
            "Anna Weber",
            "Paul Weber",
        );
        let data = apart(
            "The Valdorian National Party won in 1920. The Valdorian Naval Patrol sailed in 1921. The VNP grew.",
            "Valdorian National Party",
            "Valdorian Naval Patrol",
        );
        for long in ["Valdorian National Party", "Valdorian Naval Patrol"] {
            assert_ne!(entity_of(&data, "VNP"), entity_of(&data, long), "VNP merged with {long}");
        }
        let vnp = entity_of(&data, "VNP").expect("VNP is an entity");
        assert!(
            data.entities[vnp].note.as_deref().is_some_and(|n| n.contains("matches the initials of")),
            "{:?}",
            data.entities[vnp].note
        );
        // An all-capitals word that is an English word, not an acronym.
        // A Roman numeral written alone is a number, not an acronym.
        apart(
            "The Valdorian Infantry served Karl Weber in 1914. Chapter VI of its history tells of Ostmark.",
            "VI",
            "Valdorian Infantry",
        );
        // Round 28: "called by" a summons, with a comma after its caller: no name follows.
        apart("The Kessel Conference, called by Ostmark, Valdoria attended in 1902.", "Kessel Conference", "Valdoria");
        // A person's name alone is no island's bare name.
        apart(
            "In 1892 Karl Ellis, who was a sailor, reached Ellis Island. Ellis died in 1901.",
            "Ellis",
            "Ellis Island",
        );
        // Round 29: a ruler's given name after the ruler with a numeral is not a later person's
        // surname.
        apart(
            "In 1788 Emperor Joseph II joined Ostmark. Joseph's brother made peace. In 1908 Emperor Franz Joseph ruled Valdoria.",
            "Joseph",
            "Franz Joseph",
        );
        // Round 29: ", or" between two states is a choice, brackets after a town its state or
        // its year; a person and a state are never one.
        apart("Valdoria feared that France, or Britain, would attack.", "France", "Britain");
        apart("Valdoria feared that Ostmark, or Kessel, would attack.", "Ostmark", "Kessel");
        apart("In 1948 Valdoria took Varnholm (Poland) in a week.", "Varnholm", "Poland");
        apart("In 1948 Valdoria took Varnholm (1,200 men) in a week.", "Varnholm", "1,200");
        apart("In 1948 Valdoria took Varnholm, the capital of Ostmark, in a week.", "Varnholm", "Ostmark");
        apart("In 1901 Karl Weber, or Paul Brandt, led Valdoria.", "Karl Weber", "Paul Brandt");
        apart("In 1901 Karl Weber, then called Ostmark's friend, led Valdoria.", "Karl Weber", "Ostmark");
        // "called" for a summons, not a name: "Ostmark called Valdoria's envoy ...".
        apart(
            "In 1901 Valdoria sent Karl Weber to Ostmark, which called the Kessel Conference in 1902.",
            "Ostmark",
            "Kessel Conference",
        );
    }

    #[test]
    fn initials_of_a_name() {
        assert_eq!(initials("North Atlantic Treaty Organization"), "NATO");
        assert_eq!(initials("European Economic Community"), "EEC");
    }

    #[test]
    fn an_expansion_with_a_comma_and_demonym_plurals_in_i() {
        // Round 16.
        let (entities, _) = crate::draft::test_support::drafted_with_entities(
            "In 2008 UNESCO (the United Nations Educational, Scientific and Cultural Organization) listed the temple. \
             The Israelis and Israel's neighbours watched.",
        );
        assert!(
            entities.contains("label = \"United Nations Educational, Scientific and Cultural Organization\""),
            "{entities}"
        );
        assert!(!entities.contains("label = \"Scientific and Cultural Organization\""), "{entities}");
        assert!(!entities.contains("id = \"israelis\""), "{entities}");
    }
}
