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
#[derive(Debug, Clone, Default)]
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
    let chars: Vec<char> = data.essay.chars().collect();
    let mut covered = vec![false; chars.len()];
    for e in &data.entities {
        for m in &e.mentions {
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
        }
    }
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

    let mut report = CoverageReport::default();
    let mut runs: Vec<Vec<&Token>> = Vec::new();
    // Whether the last token was an unaccounted capitalised word that the next one may extend.
    let mut open = false;
    let toks = tokens(&chars);
    // (token index, value) for every number and (token index, month) for every month that a
    // fact's quote states over that token.
    let mut numbers_at: HashSet<(usize, u64)> = HashSet::new();
    let mut months_at: HashSet<(usize, u8)> = HashSet::new();
    for st in &stated {
        let from = toks.partition_point(|t| t.start < st.evidence.start);
        let to = toks.partition_point(|t| t.start < st.evidence.end);
        for i in from..to {
            numbers_at.extend(st.numbers.iter().map(|&n| (i, n)));
            months_at.extend(st.months.iter().map(|&m| (i, m)));
        }
    }
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
        let numeric = chars[start].is_ascii_digit();
        if let Some(l) = left_out.get(text.as_str()) {
            used.insert(l.phrase.as_str());
            continue;
        }
        report.unaccounted.push(Phrase { evidence: Evidence::new(&text, start, end), numeric });
    }
    for l in &data.left_out {
        if used.contains(l.phrase.as_str()) {
            report.left_out_used.push(l.clone());
        } else {
            report.left_out_stale.push(l.clone());
        }
    }
    report
}
