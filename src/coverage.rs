//! The coverage report: the name-like phrases of the essay (capitalised words and runs of them,
//! numbers and years) that no entity mention, date or number accounts for.
//!
//! A capitalised word is accounted for when a mention covers it, a month name when a date in that
//! month is quoted there. A number is accounted for when a date or number whose quote covers it has
//! that value (so "575,000" needs a number 575000 quoted there, "1945" a date in 1945 and the
//! "8" of "August 8" a date on the 8th). What remains must be listed in `coverage.toml` as left out
//! on purpose; listed phrases that no longer occur uncovered are reported as stale.

use crate::model::MONTHS;
use std::collections::{BTreeSet, HashSet};

use crate::model::{Dataset, Evidence, HistDate, LeftOut};

/// A name-like phrase of the essay that nothing accounts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase and where it is.
    pub evidence: Evidence,
    /// Whether it is a number or year (rather than capitalised words).
    pub numeric: bool,
}

/// The result of [`coverage_report`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverageReport {
    /// Phrases no entity, date or number accounts for, and not left out on purpose.
    pub unaccounted: Vec<Phrase>,
    /// Phrases left out on purpose (from `coverage.toml`) that do occur uncovered.
    pub left_out_used: Vec<LeftOut>,
    /// Phrases listed as left out that no longer occur uncovered: the list is stale.
    pub left_out_stale: Vec<LeftOut>,
    /// How many name-like tokens the essay has, and how many of them are accounted for.
    pub tokens: usize,
    /// How many name-like tokens are accounted for by the graph (not by the left-out list).
    pub tokens_accounted: usize,
}

impl CoverageReport {
    /// Whether the essay is fully covered and the left-out list is current.
    pub fn is_clean(&self) -> bool {
        self.unaccounted.is_empty() && self.left_out_stale.is_empty()
    }
}

/// A word of the essay: maximal run of non-space characters, trimmed of surrounding punctuation.
struct Token {
    start: usize,
    end: usize,
    text: String,
    /// Whether a sentence or clause boundary precedes it (so it does not join the run before).
    breaks_run: bool,
}

fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut pending_break = true;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            if chars[i] == '\n' {
                pending_break = true;
            }
            i += 1;
            continue;
        }
        let mut start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        let mut end = i;
        while start < end && !chars[start].is_alphanumeric() {
            start += 1;
            pending_break = true;
        }
        // Keep a final '.' of abbreviations such as "U.S." and "St." out of the trimmed text
        // only when it ends a sentence; the word itself is what counts.
        let mut trailing_break = false;
        while end > start && !chars[end - 1].is_alphanumeric() {
            if matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '?' | '!' | '’' | '”') {
                trailing_break = true;
            }
            end -= 1;
        }
        // "D." in "Franklin D. Roosevelt", "St.", "Mr." and "U.S." are abbreviations, not the end
        // of a sentence.
        let word = &chars[start..end];
        let trailing = &chars[end..i];
        if trailing == ['.'] && (word.len() <= 2 || word.contains(&'.')) {
            trailing_break = false;
        }
        if start < end {
            out.push(Token { start, end, text: chars[start..end].iter().collect(), breaks_run: pending_break });
        }
        pending_break = trailing_break;
    }
    out
}

/// A passage that states dates or numbers: the years, days and numbers it accounts for, and the
/// months it accounts for by name.
struct Stated<'a> {
    evidence: &'a Evidence,
    numbers: Vec<u64>,
    months: Vec<u8>,
}

impl<'a> Stated<'a> {
    fn dates(evidence: &'a Evidence, dates: &[HistDate]) -> Self {
        let mut numbers = Vec::new();
        let mut months = Vec::new();
        for d in dates {
            numbers.push(d.year() as u64);
            numbers.extend(d.day().map(u64::from));
            months.extend(d.month());
        }
        Stated { evidence, numbers, months }
    }
}

fn leading_number(token: &str) -> Option<u64> {
    let digits: String = token.chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(|c| *c != ',').collect();
    digits.parse().ok()
}

/// Builds the coverage report of a dataset.
///
/// # Complexity
/// O(L + T log T + S) for an essay of L characters with T tokens, and S the tokens inside the
/// quotes of dated or numbered facts (each fact marks the tokens of its own quote, so S is bounded
/// by the length of the annotations' quotes, not by T times the number of facts).
pub fn coverage_report(data: &Dataset) -> CoverageReport {
    report_with(data, marks_by_quote).0
}

/// [`coverage_report`] with the work it did counted (see [`linear_coverage_work`]). For tests
/// that bound the report's work instead of timing it; not part of the API.
#[doc(hidden)]
pub fn coverage_report_work(data: &Dataset) -> (CoverageReport, usize) {
    report_with(data, marks_by_quote)
}

/// The most work [`coverage_report_work`] may count for `data` and still be linear: 4 units per
/// character of the essay and of its mentions and per entity, relation and left-out phrase, and
/// per dated or numbered fact 10 per character of its quote (a token marked once per value it
/// states, at most 9) and 2 log₂ L (finding its tokens). A report that tests every fact at every
/// token costs about T times the facts' count instead. Not part of the API.
#[doc(hidden)]
pub fn linear_coverage_work(data: &Dataset) -> usize {
    let chars = data.essay.chars().count();
    let mentions: usize = data.entities.iter().flat_map(|e| &e.mentions).map(|m| m.end - m.start).sum();
    let quotes: usize =
        stated(data).iter().map(|st| 10 * (st.evidence.end - st.evidence.start) + search_work(chars)).sum();
    4 * (chars + mentions + data.entities.len() + data.relations.len() + data.left_out.len()) + quotes
}

/// The comparisons of the two binary searches that find a quote's tokens among `tokens`.
fn search_work(tokens: usize) -> usize {
    2 * (usize::BITS - tokens.leading_zeros()) as usize
}

/// The facts that state dates or numbers, each with its quote.
fn stated(data: &Dataset) -> Vec<Stated<'_>> {
    let mut stated: Vec<Stated> = Vec::new();
    for e in &data.entities {
        for d in [&e.date, &e.start, &e.end].into_iter().flatten() {
            stated.push(Stated::dates(&d.evidence, &[d.value]));
        }
        for n in &e.numbers {
            stated.push(Stated { evidence: &n.evidence, numbers: vec![n.value], months: Vec::new() });
        }
    }
    for r in &data.relations {
        if let Some(evidence) = r.provenance.passage().filter(|_| r.is_stated()) {
            let q = &r.qualifiers;
            let dates: Vec<HistDate> = [q.date, q.start, q.end].into_iter().flatten().collect();
            if !dates.is_empty() {
                stated.push(Stated::dates(evidence, &dates));
            }
        }
    }
    stated
}

/// (token index, value) for every number and (token index, month) for every month that a fact's
/// quote states over that token.
#[derive(Default, PartialEq, Eq, Debug)]
struct Marks {
    numbers_at: HashSet<(usize, u64)>,
    months_at: HashSet<(usize, u8)>,
}

/// Each fact marks the tokens of its own quote, found by binary search.
fn marks_by_quote(toks: &[Token], stated: &[Stated], work: &mut usize) -> Marks {
    let mut marks = Marks::default();
    for st in stated {
        let from = toks.partition_point(|t| t.start < st.evidence.start);
        let to = toks.partition_point(|t| t.start < st.evidence.end);
        *work += search_work(toks.len()) + (to - from) * (1 + st.numbers.len() + st.months.len());
        for i in from..to {
            marks.numbers_at.extend(st.numbers.iter().map(|&n| (i, n)));
            marks.months_at.extend(st.months.iter().map(|&m| (i, m)));
        }
    }
    marks
}

/// The report, with the facts' marks made by `marks`, and the work counted: a unit per character
/// of the essay (read, then cut into tokens), of the mentions (marked) and of the phrases left
/// (joined), per entity, relation and left-out phrase read, per token tested, and what `marks`
/// counts.
fn report_with(data: &Dataset, marks: fn(&[Token], &[Stated], &mut usize) -> Marks) -> (CoverageReport, usize) {
    let chars: Vec<char> = data.essay.chars().collect();
    let mut work = 2 * chars.len() + 2 * data.entities.len() + data.relations.len();
    let mut covered = vec![false; chars.len()];
    for e in &data.entities {
        for m in &e.mentions {
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            work += m.end - m.start;
        }
    }
    let stated = stated(data);

    let mut report = CoverageReport::default();
    let mut runs: Vec<Vec<&Token>> = Vec::new();
    // Whether the last token was an unaccounted capitalised word that the next one may extend.
    let mut open = false;
    let toks = tokens(&chars);
    let Marks { numbers_at, months_at } = marks(&toks, &stated, &mut work);
    work += toks.len();
    for (index, tok) in toks.iter().enumerate() {
        let first = chars[tok.start];
        let numeric = first.is_ascii_digit();
        if !(numeric || first.is_uppercase()) {
            // "of" may join a run: "Treaty of St. Petersburg", "Sea of Japan".
            open = open && tok.text == "of";
            continue;
        }
        report.tokens += 1;
        let accounted = covered[tok.start]
            || if numeric {
                // A year range such as "1904-05" is accounted for by its first year.
                leading_number(&tok.text).is_some_and(|v| numbers_at.contains(&(index, v)))
            } else {
                let month = MONTHS.iter().position(|m| *m == tok.text).map(|i| i as u8 + 1);
                month.is_some_and(|m| months_at.contains(&(index, m)))
            };
        if accounted {
            report.tokens_accounted += 1;
            open = false;
        } else if numeric {
            runs.push(vec![tok]);
            open = false;
        } else {
            match runs.last_mut() {
                Some(run) if open && !tok.breaks_run => run.push(tok),
                _ => runs.push(vec![tok]),
            }
            open = true;
        }
    }

    let mut used: BTreeSet<&str> = BTreeSet::new();
    let left_out: std::collections::HashMap<&str, &LeftOut> =
        data.left_out.iter().map(|l| (l.phrase.as_str(), l)).collect();
    for run in runs {
        let start = run[0].start;
        let end = run[run.len() - 1].end;
        let text: String = chars[start..end].iter().collect();
        work += end - start;
        let numeric = chars[start].is_ascii_digit();
        if let Some(l) = left_out.get(text.as_str()) {
            used.insert(l.phrase.as_str());
            continue;
        }
        report.unaccounted.push(Phrase { evidence: Evidence::new(&text, start, end), numeric });
    }
    work += 2 * data.left_out.len();
    for l in &data.left_out {
        if used.contains(l.phrase.as_str()) {
            report.left_out_used.push(l.clone());
        } else {
            report.left_out_stale.push(l.clone());
        }
    }
    (report, work)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Source, Sources};

    /// The marks made quadratic on purpose, for the work bound to be shown to catch it: every
    /// fact tested at every token, as a report that does not look its quote's tokens up would.
    fn marks_at_every_token(toks: &[Token], stated: &[Stated], work: &mut usize) -> Marks {
        let mut marks = Marks::default();
        for (i, t) in toks.iter().enumerate() {
            for st in stated {
                *work += 1;
                if st.evidence.start <= t.start && t.start < st.evidence.end {
                    *work += st.numbers.len() + st.months.len();
                    marks.numbers_at.extend(st.numbers.iter().map(|&n| (i, n)));
                    marks.months_at.extend(st.months.iter().map(|&m| (i, m)));
                }
            }
        }
        marks
    }

    /// `n` facts, each an entity with a number and a date quoted in its own line, which also
    /// holds a number and a month that nothing states (so the report is not empty).
    fn numbered_facts(n: usize) -> Dataset {
        let mut essay = String::from("Facts\n\n");
        let mut entities = String::new();
        for i in 0..n {
            let day = i % 28 + 1;
            essay.push_str(&format!(
                "The same long opening words of fact {i} end on March {day}, 1900, 17 times in May.\n"
            ));
            entities.push_str(&format!(
                "[[entity]]\nid = \"f{i}\"\ntype = \"Event\"\nlabel = \"Item {i}\"\nbackground_aliases = []\nquote = \"The same long opening words of fact {i} end on\"\ndate = {{ value = \"1900-03-{day:02}\", quote = \"fact {i} end on March {day}, 1900\" }}\nnumbers = [ {{ property = \"n\", value = {i}, quote = \"fact {i} end\" }} ]\n"
            ));
        }
        let source = |name: &str, text: &str| Source { name: name.to_string(), text: text.to_string() };
        let sources = Sources {
            essay: source("essay.txt", &essay),
            entities: source("entities.toml", &entities),
            relations: source("relations.toml", ""),
            background: source("background.toml", ""),
            coverage: source("coverage.toml", ""),
        };
        load(&sources).expect("loads")
    }

    /// The report's work on many dated and numbered facts stays within the linear bound of
    /// [`linear_coverage_work`] (the bound tests/hostile_input.rs holds the report to), where
    /// the report that tests every fact at every token exceeds it many times over and makes the
    /// same report.
    #[test]
    fn the_work_bound_catches_a_quadratic_coverage_report() {
        let data = numbered_facts(2000);
        let bound = linear_coverage_work(&data);
        let (report, work) = coverage_report_work(&data);
        assert!(work <= bound, "the report: {work} > {bound}");
        // Most of it is spent: the essay read and cut into tokens, each fact's tokens marked.
        assert!(work >= 2 * data.essay.chars().count() + 2000 * 4, "{work}");
        // The facts' own numbers, days, years and months are accounted for; "17" and "May" not.
        let numeric: Vec<&str> = report.unaccounted.iter().filter(|p| p.numeric).map(|p| p.evidence.quote()).collect();
        assert_eq!(numeric, vec!["17"; 2000]);
        assert_eq!(report.unaccounted.iter().filter(|p| p.evidence.quote() == "May").count(), 2000);

        let (quadratic, quadratic_work) = report_with(&data, marks_at_every_token);
        assert!(quadratic_work > 20 * bound, "the quadratic report: {quadratic_work} <= 20 x {bound}");
        assert_eq!(quadratic, report);
        assert_eq!(coverage_report(&data), report);
    }
}
