//! The names of the essay's passages in the RDF export: each cited passage's quote with the
//! narrowest context that makes it unique in the essay (the Web Annotation `prefix`/`suffix`) and
//! an IRI local name made of its first words and a hash. A name depends only on the essay text
//! and the passage (offsets and quote), so `build.rs` (which compiles this file through `#[path]`)
//! names every passage of the built-in essay once, when the crate is built; [`passage_names`]
//! takes those names when the text and the passage are the same, and searches for the others.

use crate::model::{Dataset, Evidence};
use crate::text::Windows;

/// FNV-1a, 64 bits: a fixed, documented hash, so IRIs derived from content never change with
/// the compiler or the platform.
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The first few words of a text as an IRI-safe slug (`southern-half-of-sakhalin`).
fn slug(text: &str, words: usize) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(words) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// A passage's quote with the context that makes it unique in the essay (the Web Annotation
/// `prefix`/`suffix`), and the IRI local name derived from them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PassageName {
    /// The IRI local name: the first words of the quote and a hash.
    pub(crate) local: String,
    /// The context before the quote (the Web Annotation `prefix`), empty when none is needed.
    pub(crate) prefix: String,
    /// The context after the quote (`suffix`).
    pub(crate) suffix: String,
}

/// Widening context sizes, in characters, tried until quote and context occur once in the essay.
const CONTEXT_STEPS: [usize; 6] = [0, 16, 32, 64, 128, 256];

/// Byte offsets of character offsets in `text` (offsets past the end map to its end), found in
/// one pass over the text, without a table as large as the text.
struct ByteOffsets {
    chars: Vec<usize>,
    bytes: Vec<usize>,
}

impl ByteOffsets {
    fn new(text: &str, mut wanted: Vec<usize>) -> Self {
        wanted.sort_unstable();
        wanted.dedup();
        let mut bytes = Vec::with_capacity(wanted.len());
        let mut next = wanted.iter().peekable();
        for (n, (byte, _)) in text.char_indices().enumerate() {
            while next.next_if(|&&c| c == n).is_some() {
                bytes.push(byte);
            }
            if next.peek().is_none() {
                break;
            }
        }
        bytes.resize(wanted.len(), text.len());
        ByteOffsets { chars: wanted, bytes }
    }

    fn byte(&self, char_offset: usize) -> usize {
        self.chars.binary_search(&char_offset).map(|i| self.bytes[i]).unwrap_or(0)
    }
}

/// Whether `needle` occurs at most once in `text`, counted as `str::match_indices` counts
/// (non-overlapping, from the left), given the start of every occurrence, overlapping ones
/// included, in order.
fn occurs_once(text: &str, needle: &str, starts: &[usize]) -> bool {
    if needle.is_empty() {
        return text.is_empty();
    }
    match (starts.first(), starts.last()) {
        (Some(&first), Some(&last)) => last < first + needle.len(),
        _ => true,
    }
}

/// Names every passage: its first words and a hash of the quote with the narrowest context
/// ([`CONTEXT_STEPS`]) that occurs once in the essay.
///
/// # Complexity
/// One search of the essay per context width still needed (at most six), for the distinct
/// needles not already known to repeat ([`find_all`]): O(L + N + M) each, for an essay of L
/// bytes, distinct needles of N bytes and M occurrences of them in all (passages with the same
/// needle share its occurrences); memory O(N + M) beyond the essay, never a copy of it.
pub(crate) fn compute_passage_names(text: &str, evidence: &[&Evidence]) -> Vec<PassageName> {
    name_passages(text, evidence, occur_once_grouped)
}

/// Whether each needle occurs once in the text, given where each is cited (`None`: the
/// passage's quote is not the text at its offsets, so its place is not known).
type OnceSearch = fn(&str, &[String], &[Option<usize>]) -> Vec<bool>;

/// Each distinct needle once. A needle cited at two places that do not overlap (a quote the
/// annotations cite in several places) does not occur once: no search. The others are searched,
/// each once, so that a quote cited many times never reports its occurrences once per citing
/// passage (a cost that grows with the square of the repeats).
fn occur_once_grouped(text: &str, needles: &[String], cited_at: &[Option<usize>]) -> Vec<bool> {
    let mut distinct: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    // Per distinct needle: the first and last place it is cited at, and its search.
    let mut groups: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut refs: Vec<&str> = Vec::new();
    let which: Vec<usize> = needles
        .iter()
        .zip(cited_at)
        .map(|(n, at)| {
            let g = *distinct.entry(n.as_str()).or_insert_with(|| {
                groups.push((usize::MAX, 0, None));
                groups.len() - 1
            });
            if let Some(at) = *at {
                groups[g].0 = groups[g].0.min(at);
                groups[g].1 = groups[g].1.max(at);
            }
            g
        })
        .collect();
    drop(distinct);
    // The distinct needles in the order first cited, each searched unless cited repeatedly.
    let mut first_seen = vec![true; groups.len()];
    for (n, &g) in needles.iter().zip(&which) {
        if !std::mem::take(&mut first_seen[g]) {
            continue;
        }
        let (first, last, search) = &mut groups[g];
        let repeated = !n.is_empty() && *first != usize::MAX && *last >= *first + n.len();
        if !repeated {
            *search = Some(refs.len());
            refs.push(n);
        }
    }
    let starts = find_all(text, &refs);
    needles.iter().zip(which).map(|(n, g)| groups[g].2.is_some_and(|r| occurs_once(text, n, &starts[r]))).collect()
}

/// The windows passage naming anchors its needles by ([`crate::text::find_all_anchored`]):
/// 8 bytes probed at every byte, anchored at the place among 8 along the needle whose window
/// the fewest needles share, for needles of 8 bytes or more; shorter ones go to the
/// automaton (on the 100k corpus a pass of 4-byte windows for its 1,717 needles of 4–7 bytes
/// took about 3x the automaton's time). Narrower than the loader's 16-byte windows and at every
/// byte: labels such as `Boris Yeltsin 17` and `Boris Yeltsin 18` differ in their last bytes
/// only, and a run of several windows (a stride) would put one of them where they are the same,
/// shared by every copy.
pub(crate) const NAME_WINDOWS: &[Windows] = &[Windows { width: 8, stride: 1, candidates: 8 }];

/// Every occurrence of every needle, overlapping ones included, sorted.
fn find_all(text: &str, needles: &[&str]) -> Vec<Vec<usize>> {
    // The budget is never reached: a quote with context occurs at most as often as the quote,
    // whose occurrences the loader has already bounded.
    crate::text::find_all_anchored(text, needles, usize::MAX, NAME_WINDOWS)
        .unwrap_or_else(|_| needles.iter().map(|n| text.match_indices(n).map(|(i, _)| i).collect()).collect())
}

/// The search as it was before [`occur_once_grouped`]: every needle searched on its own, by one
/// automaton; kept to prove that the grouped search names every passage as it did.
#[cfg(test)]
fn occur_once_each(text: &str, needles: &[String], _: &[Option<usize>]) -> Vec<bool> {
    let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
    let starts = crate::text::find_all_many(text, &refs, usize::MAX)
        .unwrap_or_else(|_| refs.iter().map(|n| text.match_indices(n).map(|(i, _)| i).take(2).collect()).collect());
    needles.iter().zip(&starts).map(|(n, s)| occurs_once(text, n, s)).collect()
}

/// [`compute_passage_names`] with the given search for the needles that occur once.
fn name_passages(text: &str, evidence: &[&Evidence], search: OnceSearch) -> Vec<PassageName> {
    let mut found: Vec<Option<(String, String)>> = vec![None; evidence.len()];
    let mut pending: Vec<usize> = (0..evidence.len()).collect();
    let mut widest: Vec<(String, String)> = vec![Default::default(); evidence.len()];
    for (step, &k) in CONTEXT_STEPS.iter().enumerate() {
        if pending.is_empty() {
            break;
        }
        let wanted = pending
            .iter()
            .flat_map(|&i| {
                [evidence[i].start.saturating_sub(k), evidence[i].start, evidence[i].end, evidence[i].end + k]
            })
            .collect();
        let offsets = ByteOffsets::new(text, wanted);
        let take = |from: usize, to: usize| text[offsets.byte(from)..offsets.byte(to)].to_string();
        let contexts: Vec<(String, String)> = pending
            .iter()
            .map(|&i| {
                let e = evidence[i];
                (take(e.start.saturating_sub(k), e.start), take(e.end, e.end + k))
            })
            .collect();
        let needles: Vec<String> = pending
            .iter()
            .zip(&contexts)
            .map(|(&i, (prefix, suffix))| format!("{prefix}{}{suffix}", evidence[i].quote()))
            .collect();
        let cited_at: Vec<Option<usize>> = pending
            .iter()
            .map(|&i| {
                let e = evidence[i];
                let exact = text.get(offsets.byte(e.start)..offsets.byte(e.end)) == Some(e.quote());
                exact.then(|| offsets.byte(e.start.saturating_sub(k)))
            })
            .collect();
        let once = search(text, &needles, &cited_at);
        let mut still = Vec::new();
        let last = step + 1 == CONTEXT_STEPS.len();
        for ((&i, context), once) in pending.iter().zip(contexts).zip(once) {
            if once {
                found[i] = Some(context);
            } else {
                if last {
                    widest[i] = context;
                }
                still.push(i);
            }
        }
        pending = still;
    }
    evidence
        .iter()
        .zip(found)
        .zip(widest)
        .map(|((e, found), widest)| {
            // A passage whose widest context still repeats (a long repeated stretch) falls back
            // on its offset, the only thing that tells it apart.
            let (prefix, suffix, tiebreak) = match found {
                Some((prefix, suffix)) => (prefix, suffix, String::new()),
                None => (widest.0, widest.1, e.start.to_string()),
            };
            let words = slug(e.quote(), 4);
            let hash = fnv1a(&[&prefix, e.quote(), &suffix, &tiebreak]);
            let local = if words.is_empty() { format!("{hash:016x}") } else { format!("{words}-{:012x}", hash >> 16) };
            PassageName { local, prefix, suffix }
        })
        .collect()
}

/// A passage named at build time: its offsets, quote and name.
pub(crate) type NamedPassage = (usize, usize, String, PassageName);

/// Names every passage as [`compute_passage_names`] does, taking the names in `known` (sorted by
/// offsets; made for the essay `known.0`) for the passages it holds when `text` is that essay,
/// and computing the rest.
///
/// # Complexity
/// O(P log K) lookups for P passages and K known names, then [`compute_passage_names`] for the
/// passages not known.
pub(crate) fn passage_names(
    text: &str,
    evidence: &[&Evidence],
    known: Option<&(String, Vec<NamedPassage>)>,
) -> Vec<PassageName> {
    let known: &[NamedPassage] = match known {
        Some((known_text, names)) if known_text == text => names,
        _ => &[],
    };
    let mut names: Vec<Option<PassageName>> = evidence
        .iter()
        .map(|e| {
            let i = known.binary_search_by(|(start, end, _, _)| (*start, *end).cmp(&(e.start, e.end))).ok()?;
            let (_, _, quote, name) = &known[i];
            (*quote == e.quote()).then(|| name.clone())
        })
        .collect();
    let missing: Vec<&Evidence> = evidence.iter().zip(&names).filter(|(_, n)| n.is_none()).map(|(e, _)| *e).collect();
    let mut computed = compute_passage_names(text, &missing).into_iter();
    names.iter_mut().map(|n| n.take().or_else(|| computed.next()).unwrap_or_default()).collect()
}

/// Every passage of `data` the RDF export cites (entity evidence, mentions, date and number
/// evidence, relation quotes and background relations' context), named, sorted by offsets and
/// without repeats: what `build.rs` stores for the built-in essay.
#[cfg_attr(not(test), allow(dead_code))] // called by build.rs and the tests
pub(crate) fn name_all_passages(data: &Dataset) -> Vec<NamedPassage> {
    let cited = cited_passages(data);
    let names = compute_passage_names(&data.essay, &cited);
    cited.into_iter().zip(names).map(|(e, name)| (e.start, e.end, e.quote().to_string(), name)).collect()
}

/// Every passage of `data` the RDF export cites, sorted by offsets and without repeats.
pub(crate) fn cited_passages(data: &Dataset) -> Vec<&Evidence> {
    let mut cited: Vec<&Evidence> = Vec::new();
    for e in &data.entities {
        cited.extend([&e.date, &e.start, &e.end].into_iter().flatten().map(|d| &d.evidence));
        cited.push(&e.evidence);
        cited.extend(&e.mentions);
        cited.extend(e.numbers.iter().map(|n| &n.evidence));
    }
    for r in &data.relations {
        match &r.provenance {
            crate::model::Provenance::Essay(e) => cited.push(e),
            crate::model::Provenance::Background { context: Some(c), .. } => cited.push(c),
            crate::model::Provenance::Background { context: None, .. } => {}
        }
    }
    cited.sort_by(|a, b| (a.start, a.end, &a.quote()).cmp(&(b.start, b.end, &b.quote())));
    cited.dedup_by(|a, b| (a.start, a.end) == (b.start, b.end));
    cited
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names made at build time are the ones the search makes now, for every passage the
    /// built-in essay cites; a passage or a text they were not made for is searched for.
    #[test]
    fn names_made_at_build_time_are_the_searched_ones() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let known = crate::builtin::passage_names().expect("build.rs named the built-in passages");
        assert_eq!(known.0, data.essay);
        assert_eq!(known.1, name_all_passages(&data));
        assert!(known.1.len() > 100, "{} passages", known.1.len());
        let cited: Vec<Evidence> =
            known.1.iter().map(|(start, end, quote, _)| Evidence::new(quote, *start, *end)).collect();
        let refs: Vec<&Evidence> = cited.iter().collect();
        let searched = compute_passage_names(&data.essay, &refs);
        assert_eq!(passage_names(&data.essay, &refs, Some(known)), searched);
        // Another text: nothing is taken from the build, the search runs.
        let other = format!("{} {}", data.essay, data.essay);
        assert_eq!(passage_names(&other, &refs, Some(known)), compute_passage_names(&other, &refs));
        assert_ne!(passage_names(&other, &refs, Some(known)), searched);
        // A passage the build did not see (same text): searched, the others still taken.
        let unseen = Evidence::new(&data.essay.chars().take(5).collect::<String>(), 0, 5);
        let mut with_unseen = refs.clone();
        with_unseen.push(&unseen);
        let names = passage_names(&data.essay, &with_unseen, Some(known));
        assert_eq!(names.last(), compute_passage_names(&data.essay, &[&unseen]).last());
        assert_eq!(names[..refs.len()], searched[..]);
    }

    /// The grouped search names every passage as the search of each needle on its own did: on the
    /// built-in essay, and on a corpus that repeats every quote (copies of the essay, some with a
    /// marker that tells them apart and two without, so that some passages repeat at every
    /// context width and fall back on their offsets), with passages whose quote is not the text at
    /// their offsets and overlapping repeats mixed in.
    #[test]
    fn grouped_search_names_as_the_search_of_each_needle() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let cited = cited_passages(&data);
        assert!(cited.len() > 100);
        let each = name_passages(&data.essay, &cited, occur_once_each);
        assert_eq!(compute_passage_names(&data.essay, &cited), each);

        let copies = ["[a]", "[b]", "", "", "[c]"];
        let mut text = String::new();
        let mut evidence: Vec<Evidence> = Vec::new();
        for marker in copies {
            let shift = text.chars().count();
            text.push_str(&data.essay);
            text.push_str(marker);
            text.push('\n');
            evidence.extend(cited.iter().map(|e| e.shifted(shift)));
        }
        // Overlapping repeats ("aaaa" in "aaaaaa"), a quote that is not the text at its offsets,
        // and an empty quote.
        let shift = text.chars().count();
        text.push_str("aaaaaa bbb");
        evidence.push(Evidence::new("aaaa", shift, shift + 4));
        evidence.push(Evidence::new("aaaa", shift + 1, shift + 5));
        evidence.push(Evidence::new("not here", shift + 7, shift + 10));
        evidence.push(Evidence::new("", shift + 7, shift + 7));
        let refs: Vec<&Evidence> = evidence.iter().collect();
        let each = name_passages(&text, &refs, occur_once_each);
        let grouped = compute_passage_names(&text, &refs);
        assert_eq!(grouped.len(), each.len());
        for (i, (g, e)) in grouped.iter().zip(&each).enumerate() {
            assert_eq!(g, e, "passage {i}: {:?}", refs[i]);
        }
        // The corpus exercises what it means to: names made with context, and offsets as the last resort.
        assert!(grouped.iter().any(|n| !n.prefix.is_empty()));
        let distinct: std::collections::HashSet<&str> = grouped.iter().map(|n| n.local.as_str()).collect();
        assert!(distinct.len() > cited.len() * 3, "{} names for {} passages", distinct.len(), refs.len());
    }

    /// Naming's windows find what the automaton finds, overlapping occurrences, text edges and
    /// multi-byte characters included, and give way to it when the windows are too common.
    #[test]
    fn short_needles_are_found_as_the_automaton_finds_them() {
        let text = "aaaaaa Japan 17, Japan 170 and Japan 1 — Япония 17. Japan 17";
        let needles = [
            "aaaa",
            "Japan 17",
            "Japan 1",
            "Япония",
            "a J",
            "17",
            "Japan 17",
            "absent here",
            "Japan 17",
            "aaaaa",
            "60",
            "Japan 17, Japan 170",
        ];
        let expected = crate::text::find_all_many(text, &needles, usize::MAX).unwrap();
        assert_eq!(find_all(text, &needles), expected);
        assert_eq!(find_all(text, &needles)[1], vec![7, 17, 60]);
        // Every window of the text common to many needles: the automaton takes over.
        let text = "ab".repeat(1 << 15);
        let refs = vec!["abababab"; 200];
        assert_eq!(find_all(&text, &refs), crate::text::find_all_many(&text, &refs, usize::MAX).unwrap());
        assert_eq!(find_all(&text, &refs)[199].len(), (1 << 15) - 3);
    }
}
