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

/// The first few words of a text as an IRI-safe slug (`southern-half-of-sakhalin`): the
/// reference of the slug [`named_into`] writes in place.
#[cfg(test)]
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

impl PassageName {
    /// The name lent as a [`NameRef`].
    pub(crate) fn as_ref(&self) -> NameRef<'_> {
        NameRef { local: &self.local, prefix: &self.prefix, suffix: &self.suffix }
    }
}

/// A passage's name as [`PassageNames`] lends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameRef<'a> {
    /// The IRI local name.
    pub(crate) local: &'a str,
    /// The context before the quote, empty when none is needed.
    pub(crate) prefix: &'a str,
    /// The context after the quote.
    pub(crate) suffix: &'a str,
}

/// Passages' names side by side: each one's local name, prefix and suffix written one after the
/// other into one buffer, instead of a [`PassageName`] of three `String`s each (72 bytes and an
/// allocation or three a passage: at 1M relations ~1.5M names took ~0.2 GB so).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PassageNames {
    text: String,
    /// Where each name's local name, prefix and suffix end in `text`; each starts where the one
    /// before it ends.
    ends: Vec<[usize; 3]>,
}

impl PassageNames {
    /// How many names.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Name `i`.
    pub(crate) fn get(&self, i: usize) -> NameRef<'_> {
        let start = if i == 0 { 0 } else { self.ends[i - 1][2] };
        let [local, prefix, suffix] = self.ends[i];
        NameRef {
            local: &self.text[start..local],
            prefix: &self.text[local..prefix],
            suffix: &self.text[prefix..suffix],
        }
    }

    /// Adds a name whose local name is already written at the end of the buffer (from
    /// `local_from`), with its prefix and suffix.
    fn push_after_local(&mut self, prefix: &str, suffix: &str) {
        let local = self.text.len();
        self.text.push_str(prefix);
        let prefix = self.text.len();
        self.text.push_str(suffix);
        self.ends.push([local, prefix, self.text.len()]);
    }

    /// Adds a name.
    pub(crate) fn push(&mut self, name: NameRef<'_>) {
        self.text.push_str(name.local);
        self.push_after_local(name.prefix, name.suffix);
    }

    /// Adds `other`'s names after these, in order.
    fn append(&mut self, other: PassageNames) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|ends| ends.map(|end| end + base)));
    }

    /// Every name, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = NameRef<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Frees the room grown past the names.
    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// The indices `0..n` in the byte order of `local(i)`, equal names in index order (as a stable
/// sort by name would put them), each name read once per [`KEY_BYTES`] of the prefix it shares
/// with another instead of at every comparison: the indices are sorted by each name's next
/// [`KEY_BYTES`] bytes (and how many of them there are), and each run of equal ones again by the
/// bytes after those. Names read this way from all over a buffer (passages' names share their
/// first words: `boris-yeltsin-in-1993-…`) cost the export a cache miss per comparison; the first
/// bytes are read from one name to the next, and most names differ within them (at 100k
/// relations a name shares 8–31 bytes with a neighbour 9 times in 10: with 8-byte keys each
/// name was read again ~2.3 times at random, with 24-byte keys ~0.5 times).
///
/// # Complexity
/// O(n log n + B) for n names sharing B bytes of prefixes with their neighbours; 32 bytes a name
/// of memory while it sorts.
pub(crate) fn local_order<'n>(n: usize, local: impl Fn(usize) -> &'n [u8]) -> Vec<u32> {
    // The name's bytes `depth..depth + KEY_BYTES`, zero-padded, as big-endian words, and how many
    // there are: a name that ends within them sorts before a longer one with the same bytes
    // (zero is no byte's successor).
    let key = |i: u32, depth: usize| {
        let rest = local(i as usize).get(depth..).unwrap_or_default();
        let n = rest.len().min(KEY_BYTES);
        let mut head = [0; KEY_BYTES];
        head[..n].copy_from_slice(&rest[..n]);
        let mut words = [0u64; KEY_BYTES / 8];
        for (word, bytes) in words.iter_mut().zip(head.chunks_exact(8)) {
            *word = u64::from_be_bytes(bytes.try_into().unwrap_or_default());
        }
        (words, n as u8)
    };
    let mut keyed: Vec<([u64; KEY_BYTES / 8], u8, u32)> = (0..n as u32)
        .map(|i| {
            let (head, len) = key(i, 0);
            (head, len, i)
        })
        .collect();
    let mut runs = vec![(0, keyed.len(), 0)];
    while let Some((from, to, depth)) = runs.pop() {
        let run = &mut keyed[from..to];
        if depth > 0 {
            run.iter_mut().for_each(|k| (k.0, k.1) = key(k.2, depth));
        }
        run.sort_unstable();
        let mut start = 0;
        for same in run.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            // Names that go on past these equal bytes are told apart by the ones after.
            if same.len() > 1 && usize::from(same[0].1) == KEY_BYTES {
                runs.push((from + start, from + start + same.len(), depth + KEY_BYTES));
            }
            start += same.len();
        }
    }
    keyed.into_iter().map(|k| k.2).collect()
}

/// The bytes of a name [`local_order`] sorts by at a time: three words.
const KEY_BYTES: usize = 24;

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

/// [`ByteOffsets`]' places of `evidence`, counted by characters: what [`Places::new`] falls back
/// to where [`spans_in`] does not answer, and its reference in the tests.
fn places_by_characters(text: &str, evidence: &[&Evidence]) -> Vec<(usize, usize)> {
    let offsets = ByteOffsets::new(text, evidence.iter().flat_map(|e| [e.start, e.end]).collect());
    evidence.iter().map(|e| (offsets.byte(e.start), offsets.byte(e.end))).collect()
}

/// Each passage's bytes in `text` read off its quote, when every quote is a span of this very
/// text ([`Evidence::bytes_in`]: the loader's evidence) and the passages come by their starts
/// (as [`cited_passages`] sorts them), checked against the offsets: the characters before each
/// start, counted from the start before it, and the characters of each quote, 8 bytes at a
/// time. `None` (for [`ByteOffsets`]) when one is not a span of `text` or its offsets are not
/// its span's characters. Where it answers, it answers as [`ByteOffsets`] would, without a walk
/// of the essay by characters, a sort of the offsets or a binary search for each (at 1M
/// relations ~3M offsets in a 24 MB table).
///
/// # Complexity
/// O(L + Q) for an essay of L bytes and quotes of Q bytes in all; no memory beyond the result.
fn spans_in(text: &str, evidence: &[&Evidence]) -> Option<Vec<(usize, usize)>> {
    let hay = text.as_bytes();
    let mut spans = Vec::with_capacity(evidence.len());
    // The last start checked: its character offset and its byte.
    let (mut char_at, mut byte_at) = (0, 0);
    for e in evidence {
        let (from, to) = e.bytes_in(text)?;
        if e.start < char_at
            || from < byte_at
            || from > to
            || !text.is_char_boundary(from)
            || !text.is_char_boundary(to)
        {
            return None;
        }
        if crate::text::char_starts(&hay[byte_at..from]) != e.start - char_at
            || crate::text::char_starts(&hay[from..to]) != e.end.checked_sub(e.start)?
        {
            return None;
        }
        (char_at, byte_at) = (e.start, from);
        spans.push((from, to));
    }
    Some(spans)
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
/// The essay is searched once, for every distinct quote ([`find_all`]); a quote with context
/// occurs exactly where its quote does with that context around it, so each wider context is
/// checked at the quote's occurrences only, never by another search of the essay. At each
/// width, the occurrences of a quote cited by many passages are keyed by the text around them
/// (the context of that width), so that each passage is a lookup; a quote cited by few, or a
/// passage whose context the essay's start or end cuts short, compares its context at each
/// occurrence.
///
/// # Complexity
/// O(L + N + M·W) for an essay of L bytes, distinct quotes of N bytes and M occurrences of
/// them in all, and contexts of W bytes in all over the widths still needed (at most six);
/// memory O(N + M) beyond the essay, never a copy of it.
pub(crate) fn compute_passage_names(text: &str, evidence: &[&Evidence]) -> Vec<PassageName> {
    let mut names = PassageNames::default();
    compute_passage_names_into(text, evidence, &mut names);
    names
        .iter()
        .map(|n| PassageName { local: n.local.into(), prefix: n.prefix.into(), suffix: n.suffix.into() })
        .collect()
}

/// [`compute_passage_names`], each name added to `out` in `evidence`'s order: the names without
/// a `String` of their own, and each passage's context kept as the width it was found at (a
/// byte) until its name is written, instead of two `String`s (the memory of naming ~1.5M
/// passages at 1M relations).
///
/// Returns how many distinct quotes it searched the essay for: a quote the loader found once
/// in this very text ([`Evidence::only_occurrence_in`]) is not searched again, its occurrence
/// is the loader's.
pub(crate) fn compute_passage_names_into(text: &str, evidence: &[&Evidence], out: &mut PassageNames) -> usize {
    let places = Places::new(text, evidence);
    // The distinct quotes, each searched once unless the loader found it once in `text`. The
    // quotes the loader found once (most of them, long ones) are not hashed: such a quote occurs
    // once, so its passages are named by it alone ([`ONLY`]), unless a passage the loader did
    // not mark cites the same quote (looked up only when one of that length does), and then
    // the loader's occurrence serves that quote's passages too, as one quote.
    let only = |e: &Evidence| e.only_occurrence_in(text).filter(|_| !e.quote().is_empty());
    let mut index: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    let mut quotes: Vec<&str> = Vec::new();
    let mut only_at: Vec<usize> = Vec::new();
    let mut quote_of: Vec<u32> = evidence
        .iter()
        .map(|e| {
            let q = e.quote();
            if q.is_empty() || only(e).is_some() {
                return u32::MAX;
            }
            *index.entry(q).or_insert_with(|| {
                quotes.push(q);
                only_at.push(Occurrences::UNKNOWN);
                quotes.len() as u32 - 1
            })
        })
        .collect();
    let lengths = QuoteLengths::of(&quotes);
    for (e, q) in evidence.iter().zip(&mut quote_of) {
        let Some(from) = only(e) else { continue };
        *q = match lengths.may_hold(e.quote().len()).then(|| index.get(e.quote())).flatten() {
            Some(&at) => {
                only_at[at as usize] = from;
                at
            }
            None => ONLY,
        };
    }
    drop((index, lengths));
    let occurrences = Occurrences::of(text, &quotes, &only_at);
    let searched = only_at.iter().filter(|&&at| at == Occurrences::UNKNOWN).count();
    drop((quotes, only_at));
    // The step of `CONTEXT_STEPS` each passage's context was found at (`NOT_FOUND`: its widest
    // context repeats too); the context itself is taken again from `places` when named.
    const NOT_FOUND: u8 = u8::MAX;
    let mut found = vec![NOT_FOUND; evidence.len()];
    // A quote that occurs once in the essay is its passage's name at the first step, no context.
    let mut pending: Vec<usize> = Vec::with_capacity(evidence.len());
    for (i, &q) in quote_of.iter().enumerate() {
        match q {
            ONLY => found[i] = 0,
            _ => pending.push(i),
        }
    }
    for (step, &k) in CONTEXT_STEPS.iter().enumerate() {
        if pending.is_empty() {
            break;
        }
        let contexts: Vec<Context> = pending.iter().map(|&i| places.context(evidence[i], i, k)).collect();
        let once = occur_once_at(text, evidence, &pending, &contexts, &quote_of, &occurrences, k);
        let mut still = Vec::new();
        for (&i, once) in pending.iter().zip(once) {
            if once {
                found[i] = step as u8;
            } else {
                still.push(i);
            }
        }
        pending = still;
    }
    drop((occurrences, quote_of, pending));
    out.ends.reserve(evidence.len());
    let widest = CONTEXT_STEPS.len() - 1;
    // Passages `from..to` named into `names`: each one's context walked again and hashed with
    // its quote (FNV, a byte at a time: most of this loop's time at scale).
    let name = |from: usize, to: usize, names: &mut PassageNames| {
        for i in from..to {
            let (e, step) = (evidence[i], found[i]);
            let c = places.context(e, i, CONTEXT_STEPS[if step == NOT_FOUND { widest } else { usize::from(step) }]);
            named_into(e, &text[c.prefix], &text[c.suffix], step == NOT_FOUND, names);
        }
    };
    in_two_halves(evidence.len(), out, name);
    searched
}

/// From how many names [`in_two_halves`] writes them on two threads.
/// (In the unit tests 2, so that every naming test writes its names in halves.)
const SPLIT_NAMES: usize = if cfg!(test) { 2 } else { 1 << 16 };

/// Names `0..n` written into `out` by `write(from, to, names)`, in order: from [`SPLIT_NAMES`]
/// names on, the first half on this thread into `out` and the second on another into a buffer
/// of its own, then appended to `out` ([`PassageNames::append`], one copy of the second half's
/// bytes); one after the other on one core ([`crate::load::both`]). The same names as one
/// `write(0, n, out)`.
fn in_two_halves(n: usize, out: &mut PassageNames, write: impl Fn(usize, usize, &mut PassageNames) + Sync) {
    if n < SPLIT_NAMES {
        write(0, n, out);
        return;
    }
    let mid = n / 2;
    let ((), second) = crate::load::both(
        true,
        || write(0, mid, out),
        || {
            let mut second = PassageNames::default();
            second.ends.reserve_exact(n - mid);
            write(mid, n, &mut second);
            second
        },
    );
    out.append(second);
}

/// The mark, in [`compute_passage_names_into`]'s quote of each passage, of a passage whose quote
/// the loader found once in the essay ([`Evidence::only_occurrence_in`]) and no passage it did
/// not mark cites: named by its quote alone, with no context (it occurs once), never grouped.
const ONLY: u32 = u32::MAX - 1;

/// Which lengths some of a set of quotes have (a length past the table's counts as held): a
/// quote of another length is none of them, told without hashing it.
struct QuoteLengths(Vec<bool>);

impl QuoteLengths {
    /// Lengths up to this many bytes are told apart.
    const TOLD: usize = 1024;

    fn of(quotes: &[&str]) -> QuoteLengths {
        let mut held = vec![false; Self::TOLD + 1];
        for q in quotes {
            held[q.len().min(Self::TOLD)] = true;
        }
        QuoteLengths(held)
    }

    /// Whether a quote of `len` bytes may be one of them.
    fn may_hold(&self, len: usize) -> bool {
        self.0[len.min(Self::TOLD)]
    }
}

/// Every occurrence of each distinct quote in the essay, overlapping ones included, sorted: one
/// list of starts for all the quotes (at a million relations ~1.5M quotes, most of which occur
/// once: a `Vec` each cost an allocation and 24 bytes a quote).
struct Occurrences {
    /// The starts, quote after quote.
    starts: Vec<usize>,
    /// Where each quote's starts end in `starts` (each begins where the one before ends).
    ends: Vec<usize>,
}

impl Occurrences {
    /// A quote's occurrence not known beforehand (it must be searched for).
    const UNKNOWN: usize = usize::MAX;

    /// The occurrences of `quotes` in `text`: `only_at[q]` where the loader found quote `q` once
    /// (not [`Self::UNKNOWN`]), and for the others a search of the essay, all of them at once.
    fn of(text: &str, quotes: &[&str], only_at: &[usize]) -> Occurrences {
        let unknown: Vec<&str> =
            quotes.iter().zip(only_at).filter(|(_, &at)| at == Self::UNKNOWN).map(|(q, _)| *q).collect();
        // With `NAME_WINDOWS`: the loader's wider `QUOTE_WINDOWS` measured 4.2x the instructions
        // here (the mentions' short quotes, which the loader does not search, went to the automaton).
        let mut found = find_all(text, &unknown).into_iter();
        drop(unknown);
        let mut starts = Vec::with_capacity(quotes.len());
        let mut ends = Vec::with_capacity(quotes.len());
        for &at in only_at {
            match at {
                Self::UNKNOWN => starts.extend(found.next().unwrap_or_default()),
                at => starts.push(at),
            }
            ends.push(starts.len());
        }
        Occurrences { starts, ends }
    }

    /// Quote `q`'s starts, sorted.
    fn get(&self, q: usize) -> &[usize] {
        let from = if q == 0 { 0 } else { self.ends[q - 1] };
        &self.starts[from..self.ends[q]]
    }
}

/// Where each passage lies in the essay, in bytes, found in one pass over it.
struct Places<'t> {
    text: &'t str,
    /// Each passage's start and end in bytes (offsets past the end map to the end).
    bytes: Vec<(usize, usize)>,
    /// The essay's length in characters, counted when a passage reaches its end.
    chars: std::sync::OnceLock<usize>,
}

/// A passage's context of one width: the byte ranges of its prefix and suffix, and whether both
/// are as wide as asked (the essay's start or end cuts neither short).
struct Context {
    prefix: std::ops::Range<usize>,
    suffix: std::ops::Range<usize>,
    full: bool,
}

impl<'t> Places<'t> {
    fn new(text: &'t str, evidence: &[&Evidence]) -> Self {
        let bytes = spans_in(text, evidence).unwrap_or_else(|| places_by_characters(text, evidence));
        Places { text, bytes, chars: Default::default() }
    }

    /// The `k` characters before passage `i` (`e`) and the `k` after it, as far as the essay
    /// goes: the character offsets `start - k .. start` and `end .. end + k`, walked from the
    /// passage's bytes instead of counted from the essay's start.
    fn context(&self, e: &Evidence, i: usize, k: usize) -> Context {
        let text = self.text;
        let (from, to) = self.bytes[i];
        // The character the prefix ends at, and its byte: the passage's start, or the essay's
        // end for a start past it.
        let (end_char, end_byte) = if from < text.len() || e.start == 0 {
            (e.start, from)
        } else {
            (e.start.min(*self.chars.get_or_init(|| text.chars().count())), text.len())
        };
        let wanted = end_char - e.start.saturating_sub(k).min(end_char);
        let (prefix_from, walked) =
            text[..end_byte].char_indices().rev().take(wanted).fold((end_byte, 0), |(_, n), (at, _)| (at, n + 1));
        let (suffix_to, after) = match text[to..].char_indices().nth(k) {
            Some((at, _)) => (to + at, k),
            None => (text.len(), text[to..].chars().count().min(k)),
        };
        Context {
            prefix: prefix_from..end_byte,
            suffix: to..suffix_to,
            full: end_char == e.start && walked == k && after == k,
        }
    }
}

/// Whether each pending passage's quote with its context occurs once in the essay, counted as
/// [`occurs_once`] counts, from the occurrences of its quote (`occurrences[quote_of[i]]`); `k`
/// is the width of the contexts in characters.
fn occur_once_at(
    text: &str,
    evidence: &[&Evidence],
    pending: &[usize],
    contexts: &[Context],
    quote_of: &[u32],
    occurrences: &Occurrences,
    k: usize,
) -> Vec<bool> {
    let hay = text.as_bytes();
    let mut once = vec![false; pending.len()];
    // Pending passages by quote; those with an empty quote are searched with their context.
    let mut by_quote: Vec<(u32, usize)> = Vec::with_capacity(pending.len());
    let mut bare: Vec<usize> = Vec::new();
    for (n, &i) in pending.iter().enumerate() {
        match quote_of[i] {
            u32::MAX => bare.push(n),
            q => by_quote.push((q, n)),
        }
    }
    if !bare.is_empty() {
        let needles: Vec<String> = bare
            .iter()
            .map(|&n| [&text[contexts[n].prefix.clone()], &text[contexts[n].suffix.clone()]].concat())
            .collect();
        let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
        let starts = find_all(text, &refs);
        for ((&n, needle), starts) in bare.iter().zip(&refs).zip(&starts) {
            once[n] = occurs_once(text, needle, starts);
        }
    }
    by_quote.sort_unstable();
    for group in by_quote.chunk_by(|a, b| a.0 == b.0) {
        let q = group[0].0 as usize;
        let (quote, at) = (evidence[pending[group[0].1]].quote(), occurrences.get(q));
        // Where the needle (prefix, quote, suffix) of context `c` starts, at each occurrence of
        // the quote it matches.
        let matches = |c: &Context| {
            let (p, s) = (&hay[c.prefix.clone()], &hay[c.suffix.clone()]);
            at.iter().filter_map(move |&o| {
                let before = o.checked_sub(p.len())?;
                (&hay[before..o] == p && hay[o + quote.len()..].starts_with(s)).then_some(before)
            })
        };
        let once_among = |c: &Context, first: Option<usize>, last: Option<usize>| match (first, last) {
            (Some(first), Some(last)) => last < first + c.prefix.len() + quote.len() + c.suffix.len(),
            _ => true,
        };
        let full = group.iter().filter(|(_, n)| contexts[*n].full).count();
        // Few passages: each compares its context at every occurrence.
        if full <= FEW_PASSAGES {
            for &(_, n) in group {
                let c = &contexts[n];
                let mut m = matches(c);
                let first = m.next();
                once[n] = once_among(c, first, m.next_back().or(first));
            }
            continue;
        }
        // Many: the occurrences keyed by their context of this width (the same width in
        // characters as every full context's, so that a full context matches an occurrence
        // exactly when its key is the occurrence's).
        let mut keyed: ByContext = foldhash::HashMap::default();
        for &o in at {
            // The `k` characters before the occurrence and the `k` after its quote; with fewer on
            // either side it matches no full context.
            let before = if k == 0 { Some(o) } else { text[..o].char_indices().rev().nth(k - 1).map(|(b, _)| b) };
            let end = o + quote.len();
            let after = match text[end..].char_indices().nth(k) {
                Some((b, _)) => Some(end + b),
                None => (text[end..].chars().count() == k).then_some(text.len()),
            };
            let (Some(before), Some(after)) = (before, after) else { continue };
            keyed
                .entry((&hay[before..o], &hay[end..after]))
                .and_modify(|(_, last)| *last = before)
                .or_insert((before, before));
        }
        for &(_, n) in group {
            let c = &contexts[n];
            if c.full {
                let hit = keyed.get(&(&hay[c.prefix.clone()], &hay[c.suffix.clone()]));
                once[n] = once_among(c, hit.map(|h| h.0), hit.map(|h| h.1));
            } else {
                let mut m = matches(c);
                let first = m.next();
                once[n] = once_among(c, first, m.next_back().or(first));
            }
        }
    }
    once
}

/// The first and last place of a quote's occurrences with each context (prefix, suffix).
type ByContext<'t> = foldhash::HashMap<(&'t [u8], &'t [u8]), (usize, usize)>;

/// Up to this many passages of one quote with a full context compare it at each occurrence of
/// the quote; more key the occurrences by their context.
const FEW_PASSAGES: usize = 4;

/// A passage's name from the context found for it (`None`: its widest context repeats too).
#[cfg(test)]
fn named(e: &Evidence, found: Option<(String, String)>, widest: (String, String)) -> PassageName {
    let (prefix, suffix, repeats) = match found {
        Some((prefix, suffix)) => (prefix, suffix, false),
        None => (widest.0, widest.1, true),
    };
    let mut names = PassageNames::default();
    named_into(e, &prefix, &suffix, repeats, &mut names);
    let local = names.get(0).local.to_string();
    PassageName { local, prefix, suffix }
}

/// Adds passage `e`'s name, from the context found for it (`repeats`: none was, and this, its
/// widest, repeats too), to `out`.
fn named_into(e: &Evidence, prefix: &str, suffix: &str, repeats: bool, out: &mut PassageNames) {
    // A passage whose widest context still repeats (a long repeated stretch) falls back on its
    // offset, the only thing that tells it apart.
    let tiebreak = if repeats { e.start.to_string() } else { String::new() };
    let hash = fnv1a(&[prefix, e.quote(), suffix, &tiebreak]);
    // The slug written in place (`slug`'s words, 4 of them).
    let from = out.text.len();
    for word in e.quote().split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(4) {
        if out.text.len() > from {
            out.text.push('-');
        }
        out.text.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    match out.text.len() == from {
        true => push_hex(&mut out.text, hash, 16),
        false => {
            out.text.push('-');
            push_hex(&mut out.text, hash >> 16, 12);
        }
    }
    out.push_after_local(prefix, suffix);
}

/// Writes the last `digits` (at most 16) hexadecimal digits of `n`, lower case, zero-padded: what
/// `write!(out, "{n:0digits$x}")` writes for an `n` below `16^digits`, without the formatting
/// machinery (~370 instructions a name, once per passage).
fn push_hex(out: &mut String, n: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 16];
    for (i, b) in buf[..digits].iter_mut().enumerate() {
        *b = HEX[(n >> (4 * (digits - 1 - i)) & 0xf) as usize];
    }
    // Hexadecimal digits are ASCII.
    out.push_str(std::str::from_utf8(&buf[..digits]).unwrap_or_default());
}

/// Whether each needle occurs once in the text, given where each is cited (`None`: the
/// passage's quote is not the text at its offsets, so its place is not known).
#[cfg(test)]
type OnceSearch = fn(&str, &[String], &[Option<usize>]) -> Vec<bool>;

/// The windows passage naming anchors its needles by ([`crate::text::find_all_anchored`]): the
/// quotes, and the rare needles with context (passages with an empty quote);
/// 8 bytes probed at every byte, anchored at the place among 8 along the needle whose window
/// the fewest needles share, for needles of 8 bytes or more; shorter ones go to the
/// automaton (on the 100k corpus a pass of 4-byte windows for its 1,717 needles of 4–7 bytes
/// took about 3x the automaton's time). Narrower than the loader's 16-byte windows and at every
/// byte: labels such as `Boris Yeltsin 17` and `Boris Yeltsin 18` differ in their last bytes
/// only, and a run of several windows (a stride) would put one of them where they are the same,
/// shared by every copy.
pub(crate) const NAME_WINDOWS: &[Windows] = &[Windows { width: 8, stride: 1, candidates: 8 }];

/// Every occurrence of every needle, overlapping ones included, sorted.
///
/// The needles too short for [`NAME_WINDOWS`] are searched apart, by a DFA rather than the
/// contiguous NFA `aho_corasick` picks for more than a hundred needles: one transition a byte
/// instead of failure transitions (the mentions' short quotes, such as `Abe 17`, are a fixed set
/// at scale: 1,717 needles, 11 KB, at 100k relations and a 0.5 MB DFA; 6,572 and 1.9 MB at 1M;
/// a pass over the 100k essay 23 → 16 ms).
///
/// An essay of [`SPLIT_SEARCH_BYTES`] or more is searched in two halves on two threads
/// ([`find_all_split`]).
fn find_all(text: &str, needles: &[&str]) -> Vec<Vec<usize>> {
    find_all_split(text, needles, SPLIT_SEARCH_BYTES)
}

/// From how many bytes of essay [`find_all`] searches its two halves on two threads: the first
/// export's search of the essay (at 1M relations ~40% of the naming, ~1.3 s of one core's time,
/// while the export's writer thread waits for the names) halved in wall time. Below it (the
/// built-in essay, `--data data`) one thread, no thread started. (In the unit tests one byte, so
/// that every naming test searches in halves.)
const SPLIT_SEARCH_BYTES: usize = if cfg!(test) { 1 } else { 512 << 10 };

/// [`find_all`], the text searched in two halves on two threads ([`crate::load::both`]; one after
/// the other on one core) when it holds at least `split_from` bytes: the first half from the
/// text's start to past its middle by the longest needle (less a byte), keeping the occurrences
/// that start before the middle (every one of those ends within it); the second from the middle
/// to the end. Each half's occurrences sorted, the first's all before the second's: the same
/// lists as one search of the whole text. The needles anchored by [`NAME_WINDOWS`] are searched
/// in both halves with one anchor table, made before the threads start
/// ([`crate::text::SharedAnchors`]).
fn find_all_split(text: &str, needles: &[&str], split_from: usize) -> Vec<Vec<usize>> {
    let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid += 1;
    }
    let mut end = (mid + longest.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if text.len() < split_from.max(1) || needles.is_empty() || end >= text.len() {
        return find_all_whole(text, needles);
    }
    let long: Vec<&str> = needles.iter().copied().filter(|n| !is_short(n)).collect();
    let anchors = (!long.is_empty()).then(|| crate::text::SharedAnchors::new(&long, NAME_WINDOWS[0]));
    let half = |part: &str| match &anchors {
        Some(anchors) => find_all_with(part, needles, anchors),
        None => find_all_whole(part, needles),
    };
    let (first, second) = crate::load::both(true, || half(&text[..end]), || half(&text[mid..]));
    first
        .into_iter()
        .zip(second)
        .map(|(mut starts, after)| {
            starts.retain(|&s| s < mid);
            starts.extend(after.into_iter().map(|s| s + mid));
            starts
        })
        .collect()
}

/// Whether a needle is too short for [`NAME_WINDOWS`] (searched by a DFA instead).
fn is_short(needle: &str) -> bool {
    needle.len() < NAME_WINDOWS[0].width + NAME_WINDOWS[0].stride - 1
}

/// [`find_all`] in one search of the whole text, on this thread.
fn find_all_whole(text: &str, needles: &[&str]) -> Vec<Vec<usize>> {
    // The budget is never reached: a quote with context occurs at most as often as the quote,
    // whose occurrences the loader has already bounded.
    let anchored = |needles: &[&str]| {
        crate::text::find_all_anchored(text, needles, usize::MAX, NAME_WINDOWS)
            .unwrap_or_else(|_| needles.iter().map(|n| text.match_indices(n).map(|(i, _)| i).collect()).collect())
    };
    find_all_searched(text, needles, anchored)
}

/// [`find_all_whole`] with the needles that are not short searched with `anchors`, made for
/// them (in their order) beforehand.
fn find_all_with(text: &str, needles: &[&str], anchors: &crate::text::SharedAnchors<'_>) -> Vec<Vec<usize>> {
    let anchored = |needles: &[&str]| {
        anchors
            .find_all(text, usize::MAX)
            .unwrap_or_else(|_| needles.iter().map(|n| text.match_indices(n).map(|(i, _)| i).collect()).collect())
    };
    find_all_searched(text, needles, anchored)
}

/// [`find_all_whole`]'s search, the needles that are not short found by `anchored` (given them
/// in their order), the short ones by a DFA.
fn find_all_searched(text: &str, needles: &[&str], anchored: impl Fn(&[&str]) -> Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let (short, long): (Vec<usize>, Vec<usize>) = (0..needles.len()).partition(|&i| is_short(needles[i]));
    if short.is_empty() {
        return anchored(needles);
    }
    let pick = |ids: &[usize]| ids.iter().map(|&i| needles[i]).collect::<Vec<&str>>();
    let dfa = Some(aho_corasick::AhoCorasickKind::DFA);
    let short_found = crate::text::find_all_many_by(text, &pick(&short), usize::MAX, dfa)
        .unwrap_or_else(|_| short.iter().map(|&i| text.match_indices(needles[i]).map(|(i, _)| i).collect()).collect());
    let mut found = vec![Vec::new(); needles.len()];
    for (&i, starts) in short.iter().zip(short_found) {
        found[i] = starts;
    }
    if !long.is_empty() {
        for (&i, starts) in long.iter().zip(anchored(&pick(&long))) {
            found[i] = starts;
        }
    }
    found
}

/// The search as it was before [`compute_passage_names`] searched only for the quotes: every
/// needle (quote and context) searched on its own, by one automaton, at every width; kept to
/// prove that the names are the same.
#[cfg(test)]
fn occur_once_each(text: &str, needles: &[String], _: &[Option<usize>]) -> Vec<bool> {
    let refs: Vec<&str> = needles.iter().map(String::as_str).collect();
    let starts = crate::text::find_all_many(text, &refs, usize::MAX)
        .unwrap_or_else(|_| refs.iter().map(|n| text.match_indices(n).map(|(i, _)| i).take(2).collect()).collect());
    needles.iter().zip(&starts).map(|(n, s)| occurs_once(text, n, s)).collect()
}

/// The naming as it was before: at each width, every pending needle searched in the whole
/// essay by `search`; kept as the tests' reference.
#[cfg(test)]
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
    evidence.iter().zip(found).zip(widest).map(|((e, found), widest)| named(e, found, widest)).collect()
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
) -> PassageNames {
    let known: &[NamedPassage] = match known {
        Some((known_text, names)) if known_text == text => names,
        _ => &[],
    };
    let found = |e: &Evidence| {
        let i = known.binary_search_by(|(start, end, _, _)| (*start, *end).cmp(&(e.start, e.end))).ok()?;
        let (_, _, quote, name) = &known[i];
        (*quote == e.quote()).then_some(name)
    };
    let mut names = PassageNames::default();
    if known.is_empty() {
        // Any graph's but the built-in essay's: every name searched for, written in place.
        compute_passage_names_into(text, evidence, &mut names);
        names.shrink_to_fit();
        return names;
    }
    let missing: Vec<&Evidence> = evidence.iter().filter(|e| found(e).is_none()).copied().collect();
    let mut computed = PassageNames::default();
    compute_passage_names_into(text, &missing, &mut computed);
    let mut computed = computed.iter();
    for e in evidence {
        match found(e) {
            Some(name) => names.push(name.as_ref()),
            None => names.push(computed.next().unwrap_or(NameRef { local: "", prefix: "", suffix: "" })),
        }
    }
    names.shrink_to_fit();
    names
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

/// The cited passages' names as a graph keeps them for its next exports: each passage's offsets
/// (sorted) and name, and its quote only where passages of other quotes are cited at the same
/// offsets (else every passage cited there has this quote). At 1M relations a copy of every
/// quote took ~80 MB, and a record of 104 bytes with three `String`s a passage ~0.2 GB more.
///
/// The names are kept in the order of their local names (equal ones by offsets), not of the
/// offsets: the export writes passages in that order, and so reads the names from one address
/// to the next instead of all over the buffer (at 1M relations the random reads took a fifth of
/// the export's time), and sorts its passages by their name's index instead of by name.
#[derive(Debug, Clone, Default)]
pub(crate) struct CitedNames {
    /// Each passage's start and end, sorted.
    offsets: Vec<(usize, usize)>,
    /// The quotes kept: (passage, quote), sorted by passage.
    quotes: Vec<(usize, Box<str>)>,
    /// Where each passage's name is among `names` (by the passage's place in `offsets`).
    at: Vec<u32>,
    /// The names, in local-name order ([`local_order`]).
    names: PassageNames,
    /// The passage (by its place in `offsets`) of each citation of the graph, in the order
    /// [`citations`] lists them ([`cited_passages_placed`]); empty if not given.
    placed: Vec<u32>,
}

impl CitedNames {
    /// The names of `cited` (sorted by offsets, without repeats, each marked with whether a
    /// passage of another quote is cited at its offsets: [`cited_passages_marked`]), `names` in
    /// their order.
    pub(crate) fn new(cited: &[(&Evidence, bool)], names: PassageNames) -> CitedNames {
        Self::new_read_ahead(cited, names, READ_AHEAD_FROM)
    }

    /// [`Self::new`], the names copied in local-name order with each batch of [`READ_AHEAD`]
    /// read ahead ([`read_ahead`]) once there are `ahead_from` names or more. `names` is in offset
    /// order, so the copy reads it at random: at 1M relations ~1.5M names (each an `ends` entry
    /// and its text, two misses one after the other) from a ~0.2 GB buffer, each read waiting
    /// for memory in turn when made one name at a time.
    fn new_read_ahead(cited: &[(&Evidence, bool)], names: PassageNames, ahead_from: usize) -> CitedNames {
        let offsets = cited.iter().map(|(e, _)| (e.start, e.end)).collect();
        let quotes = cited.iter().enumerate().filter(|(_, (_, shared))| *shared);
        let quotes = quotes.map(|(i, (e, _))| (i, e.quote().into())).collect();
        let order = local_order(names.len(), |i| names.get(i).local.as_bytes());
        let mut at = vec![0u32; order.len()];
        let mut sorted = PassageNames::default();
        sorted.text.reserve_exact(names.text.len());
        sorted.ends.reserve_exact(names.len());
        // (Copied in two halves on two threads, round 23: 13 M fewer instructions on this thread
        // at 100k, and the second half's buffer beside both copies, +82 MB of peak at 1M.)
        let ahead = order.len() >= ahead_from;
        for (batch, chunk) in order.chunks(READ_AHEAD).enumerate() {
            if ahead {
                read_ahead(&names, &at, chunk);
            }
            for (k, &from) in chunk.iter().enumerate() {
                at[from as usize] = (batch * READ_AHEAD + k) as u32;
                sorted.push(names.get(from as usize));
            }
        }
        CitedNames { offsets, quotes, at, names: sorted, placed: Vec::new() }
    }

    /// These names with each citation's passage (`placed`, from [`cited_passages_placed`] with
    /// the passages these names were made for) kept beside them, for [`Self::placed`].
    pub(crate) fn with_placed(self, placed: Vec<u32>) -> CitedNames {
        CitedNames { placed, ..self }
    }

    /// The passage of each citation of the graph, by its place among the named passages, in the
    /// order [`citations`] lists them (`RdfStream::add_data`'s); empty if not kept.
    pub(crate) fn placed(&self) -> &[u32] {
        &self.placed
    }

    /// [`Self::find`] for a passage `e` known to be at the `k`th offsets named (as
    /// [`Self::placed`] tells): its offsets are not searched, and its quote is compared only where
    /// quotes are kept.
    pub(crate) fn find_placed(&self, k: usize, e: &Evidence) -> Option<u32> {
        let found = match self.quotes.binary_search_by_key(&k, |q| q.0) {
            Ok(q) => (*self.quotes[q].1 == *e.quote()).then_some(k),
            Err(_) => Some(k),
        };
        found.map(|k| self.at[k])
    }

    /// How many passages are named.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Which of these names is passage `e`'s (at its offsets, with its quote), if any: an index
    /// for [`Self::name`]. Names' indices are in their local names' order (equal names by
    /// offsets).
    pub(crate) fn find(&self, e: &Evidence) -> Option<usize> {
        let k = self.offsets.binary_search(&(e.start, e.end)).ok()?;
        let found = match self.quotes.binary_search_by_key(&k, |q| q.0) {
            Ok(q) => (*self.quotes[q].1 == *e.quote()).then_some(k),
            Err(_) => Some(k),
        };
        found.map(|k| self.at[k] as usize)
    }

    /// [`Self::find`] for each of `evidence`, in its order: the passages' offsets sorted (packed
    /// into a word with the passage's place) and walked beside the names' sorted offsets, instead
    /// of a binary search each (at 1M relations ~1.5M searches of a 24 MB table, a cache miss at
    /// each of their last steps: ~4% of the export's CPU). Offsets past `u32` are searched.
    ///
    /// # Complexity
    /// O(P log P + N) for P passages and N names; 16 bytes a passage while it sorts.
    pub(crate) fn find_each(&self, evidence: &[&Evidence]) -> Vec<Option<u32>> {
        let mut found = vec![None; evidence.len()];
        let mut keyed: Vec<(u64, u32)> = Vec::with_capacity(evidence.len());
        for (i, e) in evidence.iter().enumerate() {
            match (u32::try_from(e.start), u32::try_from(e.end)) {
                (Ok(start), Ok(end)) => keyed.push((u64::from(start) << 32 | u64::from(end), i as u32)),
                _ => found[i] = self.find(e).map(|k| k as u32),
            }
        }
        keyed.sort_unstable();
        let mut k = 0;
        for &(key, i) in &keyed {
            let offsets = ((key >> 32) as usize, key as u32 as usize);
            while self.offsets.get(k).is_some_and(|&o| o < offsets) {
                k += 1;
            }
            if self.offsets.get(k) != Some(&offsets) {
                continue;
            }
            let e = evidence[i as usize];
            found[i as usize] = match self.quotes.binary_search_by_key(&k, |q| q.0) {
                Ok(q) => (*self.quotes[q].1 == *e.quote()).then_some(k),
                Err(_) => Some(k),
            }
            .map(|k| self.at[k]);
        }
        found
    }

    /// Name `k`.
    pub(crate) fn name(&self, k: usize) -> NameRef<'_> {
        self.names.get(k)
    }

    /// Whether name `k` keeps its passage's quote.
    #[cfg(test)]
    pub(crate) fn keeps_quote(&self, k: usize) -> bool {
        let passage = self.at.iter().position(|&at| at as usize == k);
        passage.is_some_and(|p| self.quotes.binary_search_by_key(&p, |q| q.0).is_ok())
    }
}

/// How many names [`read_ahead`] reads in one loop: enough misses in flight together, few enough
/// that what they bring is still cached when the names are copied.
const READ_AHEAD: usize = 16;

/// From how many names [`CitedNames::new`] reads ahead: below it (the essay, a small graph) the
/// names are in the caches already.
const READ_AHEAD_FROM: usize = 4_096;

/// Reads a byte of what copying names `chunk` will read and write (each name's `ends` entry, the
/// first and last byte of its text, its slot in `at`), in a loop with nothing else in it, so that
/// the processor has the batch's misses in flight together and the copy then finds them cached
/// (the pattern of the RDF walk's `touch`). Only reads: nothing copied can change.
fn read_ahead(names: &PassageNames, at: &[u32], chunk: &[u32]) {
    let sum = chunk.iter().fold(0usize, |sum, &i| {
        let i = i as usize;
        let start = if i == 0 { 0 } else { names.ends[i - 1][2] };
        let end = names.ends[i][2];
        let text = names.text.as_bytes();
        let first = text.get(start).map_or(0, |&b| usize::from(b));
        let last = text.get(end.wrapping_sub(1)).filter(|_| end > start).map_or(0, |&b| usize::from(b));
        sum.wrapping_add(first).wrapping_add(last).wrapping_add(at[i] as usize)
    });
    std::hint::black_box(sum);
}

/// [`cited_passages`], each marked with whether a passage of another quote is cited at its
/// offsets.
pub(crate) fn cited_passages_marked(data: &Dataset) -> Vec<(&Evidence, bool)> {
    let mut marked: Vec<(&Evidence, bool)> = Vec::new();
    for run in all_cited(data).chunk_by(|a, b| (a.start, a.end) == (b.start, b.end)) {
        marked.push((run[0], run.iter().any(|e| e.quote() != run[0].quote())));
    }
    marked
}

/// Every passage of `data` the RDF export cites, sorted by offsets and without repeats.
pub(crate) fn cited_passages(data: &Dataset) -> Vec<&Evidence> {
    let mut cited = all_cited(data);
    cited.dedup_by(|a, b| (a.start, a.end) == (b.start, b.end));
    cited
}

/// [`cited_passages_marked`], and the passage each citation is of: citation `c`, in the order
/// [`citations`] lists them (which is `RdfStream::add_data`'s), cites the passage at
/// `placed[c]` among the marked ones. Made by the one sort of the citations that marks them, so
/// that an export finds each citation's passage by its place (`CitedNames::placed`) instead of
/// hashing its offsets: at 1M relations ~4M look-ups, each a read of the citation's evidence and
/// of a ~40 MB table, both at random. `placed` is empty when an offset is past `u32` (the key
/// packs both in a word) or there are more citations than a `u32` counts.
///
/// # Complexity
/// O(C log C) for C citations; 16 bytes a citation while it sorts, 4 kept.
pub(crate) fn cited_passages_placed(data: &Dataset) -> (Vec<(&Evidence, bool)>, Vec<u32>) {
    let cited = citations(data);
    let key = |(c, e): (usize, &&Evidence)| {
        let start = u32::try_from(e.start).ok()?;
        let end = u32::try_from(e.end).ok()?;
        Some((u64::from(start) << 32 | u64::from(end), u32::try_from(c).ok()?))
    };
    let Some(mut keyed) = cited.iter().enumerate().map(key).collect::<Option<Vec<(u64, u32)>>>() else {
        return (cited_passages_marked(data), Vec::new());
    };
    keyed.sort_unstable_by_key(|k| k.0);
    let mut placed = vec![0u32; cited.len()];
    let mut marked: Vec<(&Evidence, bool)> = Vec::new();
    for same in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        let quote = |k: &(u64, u32)| cited[k.1 as usize].quote();
        let first = match same {
            [one] => (cited[one.1 as usize], false),
            _ => {
                same.sort_by(|a, b| quote(a).cmp(quote(b)));
                let first = quote(&same[0]);
                (cited[same[0].1 as usize], same.iter().any(|k| quote(k) != first))
            }
        };
        let k = marked.len() as u32;
        marked.push(first);
        for &(_, c) in &*same {
            placed[c as usize] = k;
        }
    }
    (marked, placed)
}

/// Every passage of `data` the RDF export cites, sorted by offsets and quotes, with repeats.
fn all_cited(data: &Dataset) -> Vec<&Evidence> {
    let mut cited = citations(data);
    sort_cited(&mut cited);
    cited
}

/// Every citation of a passage in `data` the RDF export makes, in the order `RdfStream::add_data`
/// lists them: each entity's (its dates' evidence, its evidence, its mentions, its numbers'
/// evidence), then each relation's (its evidence, or its context if it has one).
fn citations(data: &Dataset) -> Vec<&Evidence> {
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
    cited
}

/// `data` with each of `moves` applied: mention `from` (counted over every entity's mentions,
/// modulo their number) given the offsets of citation `onto` (of [`citations`], in the order the
/// RDF export lists them, modulo their number) and its quote, or another quote (offsets then
/// cited with two quotes). For the tests of the placed citations, here and in the RDF export.
#[cfg(test)]
pub(crate) fn moved_mentions(mut data: Dataset, moves: &[(usize, usize, bool)]) -> Dataset {
    let targets: Vec<(usize, usize, String)> =
        citations(&data).iter().map(|e| (e.start, e.end, e.quote().to_string())).collect();
    let n = data.entities.iter().map(|e| e.mentions.len()).sum::<usize>();
    for &(from, onto, same) in moves {
        let (start, end, quote) = &targets[onto % targets.len()];
        let quote = if same { quote.clone() } else { format!("another quote {onto}") };
        let mention = data.entities.iter_mut().flat_map(|e| e.mentions.iter_mut()).nth(from % n).unwrap();
        *mention = Evidence::new(&quote, *start, *end);
    }
    data
}

/// Sorts passages by offsets and quotes (as a sort by (start, end, quote) does; equal ones in
/// any order), each passage's offsets read once into a key beside it instead of at every
/// comparison (at 1M relations ~4M passages, read from all over the graph), quotes compared only
/// among passages of equal offsets. Offsets past `u32` (which the key packs) are sorted by the
/// passages themselves.
fn sort_cited(cited: &mut Vec<&Evidence>) {
    let key =
        |e: &Evidence| Some(u64::from(u32::try_from(e.start).ok()?) << 32 | u64::from(u32::try_from(e.end).ok()?));
    let Some(mut keyed) = cited.iter().map(|e| Some((key(e)?, *e))).collect::<Option<Vec<(u64, &Evidence)>>>() else {
        cited.sort_by(|a, b| (a.start, a.end, &a.quote()).cmp(&(b.start, b.end, &b.quote())));
        return;
    };
    keyed.sort_unstable_by_key(|k| k.0);
    cited.clear();
    for same in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if same.len() > 1 {
            same.sort_by(|a, b| a.1.quote().cmp(b.1.quote()));
        }
        cited.extend(same.iter().map(|k| k.1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names lent by a [`PassageNames`], owned.
    fn owned(names: PassageNames) -> Vec<PassageName> {
        names
            .iter()
            .map(|n| PassageName { local: n.local.into(), prefix: n.prefix.into(), suffix: n.suffix.into() })
            .collect()
    }

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
        assert_eq!(owned(passage_names(&data.essay, &refs, Some(known))), searched);
        // Another text: nothing is taken from the build, the search runs.
        let other = format!("{} {}", data.essay, data.essay);
        assert_eq!(owned(passage_names(&other, &refs, Some(known))), compute_passage_names(&other, &refs));
        assert_ne!(owned(passage_names(&other, &refs, Some(known))), searched);
        // A passage the build did not see (same text): searched, the others still taken.
        let unseen = Evidence::new(&data.essay.chars().take(5).collect::<String>(), 0, 5);
        let mut with_unseen = refs.clone();
        with_unseen.push(&unseen);
        let names = owned(passage_names(&data.essay, &with_unseen, Some(known)));
        assert_eq!(names.last(), compute_passage_names(&data.essay, &[&unseen]).last());
        assert_eq!(names[..refs.len()], searched[..]);
    }

    /// Naming from the quotes' occurrences names every passage as the search of each needle (quote
    /// and context) on its own did: on the built-in essay, and on a corpus that repeats every quote (copies of the essay, some with a
    /// marker that tells them apart and two without, so that some passages repeat at every
    /// context width and fall back on their offsets), with passages whose quote is not the text at
    /// their offsets and overlapping repeats mixed in.
    #[test]
    fn names_from_the_quotes_occurrences_are_the_searched_ones() {
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

    /// The loader marks each quote it found once (its search of the whole essay found no other
    /// occurrence, overlapping ones included), and the naming takes that occurrence instead of
    /// searching again: every marked quote does occur once in the essay there (the automaton
    /// says so), the names are the ones a search of every quote gives, and only the unmarked
    /// quotes (the mentions') are searched. A marked passage of another allocation of the same
    /// text is not trusted: every quote is searched there.
    #[test]
    fn quotes_the_loader_found_once_are_not_searched_again() {
        // Loaded from sources (not decoded from the build): the essay is a shared allocation.
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let cited = cited_passages(&data);
        let essay: &str = &data.essay;
        let marked: Vec<&&Evidence> = cited.iter().filter(|e| e.only_occurrence_in(essay).is_some()).collect();
        assert!(marked.len() > cited.len() / 2, "{} of {} passages marked", marked.len(), cited.len());
        let quotes: Vec<&str> = marked.iter().map(|e| e.quote()).collect();
        let found = crate::text::find_all_many(essay, &quotes, usize::MAX).unwrap();
        for (e, found) in marked.iter().zip(&found) {
            assert_eq!(found, &[e.only_occurrence_in(essay).unwrap()], "{e:?}");
        }
        // Mentions are not marked: an alias may occur many times.
        let mention = &data.entities.iter().find(|e| !e.mentions.is_empty()).unwrap().mentions[0];
        assert_eq!(mention.only_occurrence_in(essay), None);

        let distinct = |evidence: &[&Evidence], marked: bool| {
            let mut quotes: Vec<&str> = evidence.iter().map(|e| e.quote()).filter(|q| !q.is_empty()).collect();
            quotes.sort_unstable();
            quotes.dedup();
            // A quote is searched unless one of its passages is marked.
            let known: std::collections::HashSet<&str> = evidence
                .iter()
                .filter(|e| marked && e.only_occurrence_in(essay).is_some())
                .map(|e| e.quote())
                .collect();
            quotes.retain(|q| !known.contains(q));
            quotes.len()
        };
        let mut reused = PassageNames::default();
        let searched = compute_passage_names_into(essay, &cited, &mut reused);
        assert_eq!(searched, distinct(&cited, true));
        assert!(searched * 2 < distinct(&cited, false), "{searched} searched");
        // The same passages unmarked (quotes of their own): every quote searched, the same names.
        let copies: Vec<Evidence> = cited.iter().map(|e| Evidence::new(e.quote(), e.start, e.end)).collect();
        let copies: Vec<&Evidence> = copies.iter().collect();
        let mut searched_names = PassageNames::default();
        assert_eq!(compute_passage_names_into(essay, &copies, &mut searched_names), distinct(&cited, false));
        assert_eq!(reused, searched_names);
        // Another allocation of the same text: the marks are not taken, the names the same.
        let other = essay.to_string();
        let mut elsewhere = PassageNames::default();
        assert_eq!(compute_passage_names_into(&other, &cited, &mut elsewhere), distinct(&cited, false));
        assert_eq!(elsewhere, searched_names);
        // A prefix of the essay at the same address is another text: not taken either.
        let shorter = &essay[..essay.char_indices().last().map_or(0, |(at, _)| at)];
        assert!(cited.iter().all(|e| e.only_occurrence_in(shorter).is_none()));
    }

    /// The passages' places read off their quotes' spans are those counted by characters: on the
    /// essay loaded from sources (every cited passage a span of it) and on a text of multi-byte
    /// characters with passages at its start and end, empty ones and repeated starts; refused
    /// (`None`, for the count by characters) when a passage is not a span of that very text, when
    /// its offsets are not its span's characters (moved, or made so), or out of order.
    #[test]
    fn places_from_the_quotes_spans_are_those_counted_by_characters() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let cited = cited_passages(&data);
        let essay: &str = &data.essay;
        assert!(cited.len() > 100);
        assert_eq!(spans_in(essay, &cited), Some(places_by_characters(essay, &cited)));
        assert!(essay.len() > essay.chars().count(), "the essay has multi-byte characters");

        let text = crate::SharedStr::from("«Ëa» b’c — d\u{1F600}e, ÿ «Ëa» end".to_string());
        let t: &str = &text;
        let span = |from: usize, to: usize| {
            let (start, end) = (t[..from].chars().count(), t[..to].chars().count());
            Evidence::in_text(&text, from..to, start, end).unwrap()
        };
        let ends: Vec<usize> = t.char_indices().map(|(at, _)| at).chain([t.len()]).collect();
        let mut made = vec![span(0, 0), span(0, ends[4]), span(0, t.len())];
        for (i, &from) in ends.iter().enumerate().skip(1) {
            for &to in [from, ends[(i + 3).min(ends.len() - 1)], t.len()].iter() {
                made.push(span(from, to));
            }
        }
        let evidence: Vec<&Evidence> = made.iter().collect();
        assert_eq!(spans_in(t, &evidence), Some(places_by_characters(t, &evidence)));
        assert!(evidence.iter().any(|e| e.quote().len() > e.end - e.start));

        // Refused: another allocation of the same text, a quote of its own, moved offsets,
        // offsets that are not the span's characters, passages out of order.
        let copy = String::from(t);
        assert_eq!(spans_in(&copy, &evidence), None);
        let own = Evidence::new(evidence[5].quote(), evidence[5].start, evidence[5].end);
        let mut with_own = evidence.clone();
        with_own[5] = &own;
        assert_eq!(spans_in(t, &with_own), None);
        let moved = evidence[5].shifted(1);
        let mut with_moved = evidence.clone();
        with_moved[5] = &moved;
        assert_eq!(spans_in(t, &with_moved), None);
        let longer = Evidence::in_text(&text, ends[1]..ends[3], 1, 4).unwrap();
        let shorter = Evidence::in_text(&text, 0..ends[3], 0, 2).unwrap();
        let later = Evidence::in_text(&text, ends[1]..ends[3], 2, 4).unwrap();
        for wrong in [&longer, &shorter, &later] {
            assert_eq!(spans_in(t, &[evidence[0], wrong]), None, "{wrong:?}");
        }
        let mut backwards = evidence.clone();
        backwards.reverse();
        assert_eq!(spans_in(t, &backwards), None);
        assert_eq!(spans_in(t, &[]), Some(Vec::new()));
        // Where it refuses, the places are still counted by characters (the names the same).
        assert_eq!(Places::new(t, &with_moved).bytes, places_by_characters(t, &with_moved));
        assert_eq!(Places::new(t, &evidence).bytes, places_by_characters(t, &evidence));
    }

    /// The same on texts made to catch the edges: few letters (every short quote repeats, some at
    /// every width), multi-byte characters (contexts of one width in characters and different
    /// widths in bytes), passages at the text's start and end (contexts cut short), past its end,
    /// backwards, with quotes that are not the text at their offsets, empty, and cited by many
    /// passages (occurrences keyed by context) or by few (compared one by one).
    #[test]
    fn names_from_the_quotes_occurrences_at_the_edges() {
        let letters = ["a", "b", "é", "日", " ", "ab"];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..6 {
            let length = [40, 300, 700, 90, 1200, 500][round];
            let mut text: String = (0..length).map(|_| letters[next(if round % 2 == 0 { 3 } else { 6 })]).collect();
            if round == 4 {
                // Periodic: every passage repeats at every width, and falls back on its offsets.
                text = text[..text.char_indices().nth(7).map_or(text.len(), |(b, _)| b)].repeat(150);
            }
            let chars: Vec<char> = text.chars().collect();
            let count = chars.len();
            let mut evidence: Vec<Evidence> = Vec::new();
            for _ in 0..400 {
                let start = next(count + 3);
                let len = 1 + next(if round < 3 { 4 } else { 12 });
                let end = start + len;
                let quote: String = match next(10) {
                    0 => "b日".to_string(),
                    1 => String::new(),
                    _ => chars.iter().skip(start).take(len).collect(),
                };
                let (start, end) = if next(20) == 0 { (end, start) } else { (start, end) };
                evidence.push(Evidence::new(&quote, start, end));
            }
            // A quote cited at every place it occurs, then some of those places again.
            let cited: String = chars[count / 2..count / 2 + 2].iter().collect();
            let mut at = 0;
            for (i, _) in text.match_indices(&cited) {
                let start = text[..i].chars().count();
                at += 1;
                for _ in 0..1 + at % 2 {
                    evidence.push(Evidence::new(&cited, start, start + 2));
                }
            }
            let refs: Vec<&Evidence> = evidence.iter().collect();
            let each = name_passages(&text, &refs, occur_once_each);
            let names = compute_passage_names(&text, &refs);
            for (i, (n, e)) in names.iter().zip(&each).enumerate() {
                assert_eq!(n, e, "round {round}, passage {i}: {:?} in {text:?}", refs[i]);
            }
            // What each round exercises: contexts, and in the periodic text the widest ones.
            assert!(names.iter().any(|n| !n.prefix.is_empty() && !n.suffix.is_empty()), "round {round}");
            if round == 4 {
                assert!(names.iter().filter(|n| n.prefix.chars().count() == 256).count() > 100);
            }
        }
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
        // Short needles only (the DFA alone, an empty needle found nowhere, one of multi-byte
        // characters), long ones only, and none.
        let short = ["aaaa", "Japan 1", "ия 1", "", "a J", "17", "ия 1", "60", "Y"];
        assert_eq!(find_all(text, &short), crate::text::find_all_many(text, &short, usize::MAX).unwrap());
        assert_eq!(find_all(text, &short)[2].len(), 1);
        assert!(find_all(text, &short)[3].is_empty());
        let long = ["Japan 17", "Japan 17, Japan 170", "absent here", "Japan 17"];
        assert_eq!(find_all(text, &long), crate::text::find_all_many(text, &long, usize::MAX).unwrap());
        assert_eq!(find_all(text, &[]), Vec::<Vec<usize>>::new());
        // Every window of the text common to many needles: the automaton takes over.
        let text = "ab".repeat(1 << 15);
        let refs = vec!["abababab"; 200];
        assert_eq!(find_all(&text, &refs), crate::text::find_all_many(&text, &refs, usize::MAX).unwrap());
        assert_eq!(find_all(&text, &refs)[199].len(), (1 << 15) - 3);
    }

    /// The essay searched in two halves finds what one search of it finds: occurrences across
    /// the middle, overlapping ones, multi-byte characters at the middle and at the first half's
    /// end, needles short and long, repeated and empty; no split where the longest needle
    /// reaches past the end, or below the threshold.
    #[test]
    fn the_essay_searched_in_halves_as_whole() {
        let text = "Japan 17, Japan 170 — Япония 17 éé Japan 17 Japan 17, Japan 170 ЯЯЯЯ Japan 1";
        let needles = [
            "Japan 17",
            "Japan 1",
            "Япония 17",
            "Я",
            "ЯЯ",
            "é",
            "Japan 17, Japan 170",
            "",
            "absent here",
            "Japan 17",
            "17",
            "— Япония 17 éé Japan 17 Japan",
        ];
        let whole = find_all_whole(text, &needles);
        assert_eq!(whole, crate::text::find_all_many(text, &needles, usize::MAX).unwrap());
        assert_eq!(find_all_split(text, &needles, 1), whole);
        assert_eq!(find_all_split(text, &needles, usize::MAX), whole);
        // Every split point: the text cut short at each byte it may end at.
        for to in (0..=text.len()).filter(|&to| text.is_char_boundary(to)) {
            let text = &text[..to];
            assert_eq!(find_all_split(text, &needles, 1), find_all_whole(text, &needles), "{text:?}");
            assert_eq!(find_all_split(text, &needles[..3], 1), find_all_whole(text, &needles[..3]), "{text:?}");
        }
        // A needle as long as the text: no split (the halves would overlap whole).
        assert_eq!(find_all_split(text, &[text, "Japan"], 1), find_all_whole(text, &[text, "Japan"]));
        assert_eq!(find_all_split(text, &[], 1), Vec::<Vec<usize>>::new());
        // Found at its middle byte by each half alike: runs of one byte.
        let text = "ab".repeat(1 << 12);
        let refs = vec!["abababab", "ba", "bababababababababa"];
        assert_eq!(find_all_split(&text, &refs, 1), crate::text::find_all_many(&text, &refs, usize::MAX).unwrap());
    }

    /// Names written in two halves ([`in_two_halves`], on two threads) are the names written in
    /// one pass, in order, after names already there; fewer than two written in one.
    #[test]
    fn names_written_in_halves_as_in_one_pass() {
        let name = |i: usize| (format!("local-{i}-é"), "p".repeat(i % 3), format!("{i}{}", "s".repeat(i % 2)));
        let write = |from: usize, to: usize, names: &mut PassageNames| {
            for (local, prefix, suffix) in (from..to).map(name) {
                names.push(NameRef { local: &local, prefix: &prefix, suffix: &suffix });
            }
        };
        for n in 0..7 {
            let mut one = PassageNames::default();
            write(0, 2, &mut one);
            let mut halves = one.clone();
            write(0, n, &mut one);
            in_two_halves(n, &mut halves, write);
            assert_eq!(halves, one, "{n} names");
            assert_eq!(halves.len(), n + 2);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// [`find_all_split`] finds what one search finds, on texts of a few letters and
        /// multi-byte characters (so that needles recur, overlap and cross the middle), needles
        /// taken from the text and made up.
        #[test]
        fn the_essay_searched_in_halves_as_whole_anywhere(
            text in "[ab \u{e9}\u{42f}]{0,80}",
            cuts in proptest::collection::vec((0usize..80, 0usize..20), 0..12),
            made_up in proptest::collection::vec("[ab\u{e9}]{0,10}", 0..4),
        ) {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&b| text.is_char_boundary(b)).collect();
            let mut needles: Vec<&str> = cuts
                .iter()
                .map(|&(from, len)| {
                    let from = bounds[from % bounds.len()];
                    let to = bounds.iter().copied().filter(|&b| b >= from).nth(len).unwrap_or(text.len());
                    &text[from..to]
                })
                .collect();
            needles.extend(made_up.iter().map(String::as_str));
            let whole = find_all_whole(&text, &needles);
            proptest::prop_assert_eq!(&whole, &crate::text::find_all_many(&text, &needles, usize::MAX).unwrap());
            proptest::prop_assert_eq!(find_all_split(&text, &needles, 1), whole);
        }
    }

    /// The local name as it was made before names were written in place: the slug of the
    /// quote's first four words and a hash of context, quote and tiebreak, each a `String`.
    fn local_as_made(e: &Evidence, prefix: &str, suffix: &str, repeats: bool) -> String {
        let tiebreak = if repeats { e.start.to_string() } else { String::new() };
        let words = slug(e.quote(), 4);
        let hash = fnv1a(&[prefix, e.quote(), suffix, &tiebreak]);
        if words.is_empty() {
            format!("{hash:016x}")
        } else {
            format!("{words}-{:012x}", hash >> 16)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Names written side by side come back as written, in order, empty parts and any
        /// characters included; each local name written in place is the one made with `slug`
        /// and `format!` (hostile quotes: no words, words of other scripts, digits, dashes).
        #[test]
        fn names_written_in_place_are_the_names_made_apart(
            names in proptest::collection::vec(
                ("(\\PC|[ \\-.,0-9A-Za-z]){0,24}", "\\PC{0,6}", "\\PC{0,6}", proptest::bool::ANY, 0usize..1000),
                0..12,
            ),
        ) {
            let mut written = PassageNames::default();
            let mut made = Vec::new();
            for (quote, prefix, suffix, repeats, start) in &names {
                let e = Evidence::new(quote, *start, *start + quote.chars().count());
                named_into(&e, prefix, suffix, *repeats, &mut written);
                made.push(PassageName { local: local_as_made(&e, prefix, suffix, *repeats), prefix: prefix.clone(), suffix: suffix.clone() });
            }
            proptest::prop_assert_eq!(written.len(), made.len());
            proptest::prop_assert_eq!(owned(written.clone()), made.clone());
            let mut again = PassageNames::default();
            made.iter().for_each(|n| again.push(n.as_ref()));
            proptest::prop_assert_eq!(again, written);
        }
    }

    /// The names `local_order` sorts in the tests: shared prefixes longer than 8, 16 and 24 bytes,
    /// equal names, names that are prefixes of others, NUL bytes, non-ASCII.
    fn hostile_locals() -> Vec<String> {
        let mut names: Vec<String> = [
            "boris-yeltsin-in-1993-43fddadc449b",
            "boris-yeltsin-in-1993-43fddadc449a",
            "boris-yeltsin-in-1993-43fddadc449b",
            "boris-yeltsin-in-1993",
            "boris-yeltsin-in-1993-",
            "boris-ye",
            "boris-y",
            "boris-ye\0",
            "boris-ye\0\0",
            "",
            "",
            "é",
            "e\u{301}",
            "žž-ž",
            "boris-yeltsin-in-1993-43fddadc449b>",
            "boris-yeltsin-in-1993-43",
            "boris-yeltsin-in-1993-4",
            "boris-yeltsin-in-1993-43\0",
            "boris-yeltsin-in-1993-43\0\0",
            "boris-yeltsin-in-1993-43fddadc449b-boris-yeltsin-in",
            "boris-yeltsin-in-1993-43fddadc449b-boris-yeltsin-i",
            "\u{10ffff}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        names.extend((0..40).map(|i| format!("{}{}", "a".repeat(i), i % 3)));
        names
    }

    /// [`local_order`]'s reference: a stable sort of the indices by name.
    fn stable_order(names: &[String]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        order
    }

    #[test]
    fn local_order_is_the_stable_sort_by_name_on_hostile_names() {
        let names = hostile_locals();
        assert_eq!(local_order(names.len(), |i| names[i].as_bytes()), stable_order(&names));
        let reversed: Vec<String> = names.iter().rev().cloned().collect();
        assert_eq!(local_order(reversed.len(), |i| reversed[i].as_bytes()), stable_order(&reversed));
        assert_eq!(local_order(0, |_| &[][..]), Vec::<u32>::new());
    }

    /// A graph's names are kept in local-name order, and each passage finds its own name (the one
    /// named in offsets' order) there: on the built-in essay, and on names made hostile (shared
    /// long prefixes, equal names, non-ASCII).
    #[test]
    fn cited_names_are_kept_in_local_order_and_found_by_offsets() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let marked = cited_passages_marked(&data);
        let cited: Vec<&Evidence> = marked.iter().map(|m| m.0).collect();
        let mut names = PassageNames::default();
        compute_passage_names_into(&data.essay, &cited, &mut names);
        let mut hostile = PassageNames::default();
        let locals = hostile_locals();
        for (i, _) in cited.iter().enumerate() {
            let local = &locals[i % locals.len()];
            hostile.push(NameRef { local, prefix: "p", suffix: &i.to_string() });
        }
        for names in [names, hostile] {
            let known = CitedNames::new(&marked, names.clone());
            assert_eq!(known.len(), cited.len());
            let mut seen = vec![false; known.len()];
            for (i, e) in cited.iter().enumerate() {
                let k = known.find(e).expect("a cited passage is named");
                assert_eq!(known.name(k), names.get(i), "passage {i}");
                assert!(!std::mem::replace(&mut seen[k], true), "two passages share name {k}");
            }
            let locals: Vec<String> = (0..known.len()).map(|k| known.name(k).local.to_string()).collect();
            assert!(locals.windows(2).all(|w| w[0] <= w[1]), "kept in local order");
            // Equal names keep the order of their passages' offsets.
            let order = local_order(names.len(), |i| names.get(i).local.as_bytes());
            let by_offsets: Vec<usize> = cited.iter().map(|e| known.find(e).unwrap()).collect();
            assert!(order.windows(2).all(|w| {
                let (a, b) = (w[0] as usize, w[1] as usize);
                names.get(a).local != names.get(b).local || by_offsets[a] < by_offsets[b]
            }));
        }
    }

    /// The names copied in local order with each batch read ahead (the threshold at 0, 1, a
    /// batch and one, every name: all read ahead, the last batch short) are the names copied
    /// without: the essay's and hostile ones (equal, empty, sharing long beginnings, empty
    /// suffixes), with quotes kept at some offsets.
    #[test]
    fn cited_names_read_ahead_are_the_names_copied_without() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let mut marked = cited_passages_marked(&data);
        for m in marked.iter_mut().step_by(7) {
            m.1 = true;
        }
        let cited: Vec<&Evidence> = marked.iter().map(|m| m.0).collect();
        assert!(cited.len() > 2 * READ_AHEAD);
        let mut names = PassageNames::default();
        compute_passage_names_into(&data.essay, &cited, &mut names);
        let mut hostile = PassageNames::default();
        let locals = hostile_locals();
        for (i, _) in cited.iter().enumerate() {
            let suffix = if i % 3 == 0 { String::new() } else { i.to_string() };
            hostile.push(NameRef { local: &locals[i % locals.len()], prefix: "", suffix: &suffix });
        }
        for names in [names, hostile] {
            let plain = CitedNames::new_read_ahead(&marked, names.clone(), usize::MAX);
            for from in [0, 1, READ_AHEAD + 1, cited.len()] {
                let ahead = CitedNames::new_read_ahead(&marked, names.clone(), from);
                assert_eq!(ahead.offsets, plain.offsets, "from {from}");
                assert_eq!(ahead.quotes, plain.quotes, "from {from}");
                assert_eq!(ahead.at, plain.at, "from {from}");
                assert_eq!(ahead.names, plain.names, "from {from}");
            }
            for (i, e) in cited.iter().enumerate() {
                assert_eq!(plain.name(plain.find(e).unwrap()), names.get(i), "passage {i}");
            }
        }
    }

    /// [`cited_passages_placed`]'s passages are [`cited_passages_marked`]'s (offsets, quote and
    /// mark), and each citation of `data` is placed at a passage of its offsets (or, with an
    /// offset past `u32`, none is).
    fn assert_placed_as_marked(data: &Dataset) {
        let (marked, placed) = cited_passages_placed(data);
        let key = |(e, shared): &(&Evidence, bool)| (e.start, e.end, e.quote().to_string(), *shared);
        let old: Vec<_> = cited_passages_marked(data).iter().map(key).collect();
        assert_eq!(marked.iter().map(key).collect::<Vec<_>>(), old);
        let cited = citations(data);
        if cited.iter().any(|e| u32::try_from(e.end).is_err() || u32::try_from(e.start).is_err()) {
            assert!(placed.is_empty());
            return;
        }
        assert_eq!(placed.len(), cited.len());
        for (c, (e, &k)) in cited.iter().zip(&placed).enumerate() {
            let passage = marked[k as usize].0;
            assert_eq!((passage.start, passage.end), (e.start, e.end), "citation {c}");
        }
    }

    /// The citations placed by the sort that marks them: on the essay (no offsets cited with
    /// two quotes), with mentions moved onto other citations' offsets (the same quote and
    /// another, several onto one), and with an offset past `u32`.
    #[test]
    fn citations_placed_are_the_passages_marked() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        assert_placed_as_marked(&data);
        let moves = [(0, 5, false), (1, 5, true), (2, 5, false), (7, 40, true), (9, 41, false), (30, 0, false)];
        let hostile = moved_mentions(data.clone(), &moves);
        assert!(cited_passages_marked(&hostile).iter().filter(|m| m.1).count() >= 2);
        assert_placed_as_marked(&hostile);
        let mut huge = data;
        huge.entities[0].mentions.push(Evidence::new("huge", 1 << 32, (1 << 32) + 1));
        assert_placed_as_marked(&huge);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// [`citations_placed_are_the_passages_marked`] with mentions moved at random.
        #[test]
        fn citations_placed_as_marked_proptest(
            moves in proptest::collection::vec((0usize..10_000, 0usize..10_000, proptest::bool::ANY), 0..24),
        ) {
            let data = crate::load(&crate::Sources::builtin()).unwrap();
            assert_placed_as_marked(&moved_mentions(data, &moves));
        }
    }

    /// [`CitedNames::find_each`] finds what [`CitedNames::find`] finds, passage by passage: the
    /// essay's cited passages shuffled and repeated; passages at a named passage's offsets with
    /// another quote (the quote kept where several quotes share offsets), at offsets no passage
    /// has, between and past the named ones, and past `u32` (searched one by one).
    #[test]
    fn cited_names_found_together_as_one_by_one() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let mut marked = cited_passages_marked(&data);
        // Passages whose offsets are cited with two quotes keep their quote (the essay has none:
        // some are made so).
        for m in marked.iter_mut().step_by(11) {
            m.1 = true;
        }
        let cited: Vec<&Evidence> = marked.iter().map(|m| m.0).collect();
        let mut names = PassageNames::default();
        compute_passage_names_into(&data.essay, &cited, &mut names);
        let known = CitedNames::new(&marked, names);
        let shared = marked[22].0;
        let last = cited.last().unwrap();
        let extra = [
            Evidence::new("another quote", shared.start, shared.end),
            Evidence::new(shared.quote(), shared.start, shared.end),
            Evidence::new(cited[3].quote(), cited[3].start, cited[3].end + 1),
            Evidence::new("x", 0, 0),
            Evidence::new("past", last.end + 5, last.end + 9),
            Evidence::new("huge", 1 << 32, (1 << 32) + 1),
            Evidence::new("huge end", 1, 1 << 33),
        ];
        let mut asked: Vec<&Evidence> = cited.iter().rev().step_by(3).chain(&cited).copied().collect();
        asked.extend(&extra);
        let third = asked.len() / 3;
        asked.rotate_left(third);
        let one_by_one: Vec<Option<u32>> = asked.iter().map(|e| known.find(e).map(|k| k as u32)).collect();
        assert_eq!(known.find_each(&asked), one_by_one);
        assert!(one_by_one.iter().filter(|k| k.is_none()).count() >= 5);
        assert!(one_by_one.iter().filter(|k| k.is_some()).count() > cited.len());
        assert_eq!(known.find_each(&[]), Vec::<Option<u32>>::new());
        assert_eq!(CitedNames::default().find_each(&cited[..2]), vec![None, None]);
    }

    /// The loader's found-once quotes, named by their quote alone, and those that a passage it
    /// did not mark also cites (the same quote at another place): named as when every quote is
    /// searched, the shared quote's occurrence taken from the loader's mark, not searched.
    #[test]
    fn quotes_found_once_and_cited_unmarked_are_named_alike() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let essay: &str = &data.essay;
        let cited = cited_passages(&data);
        let marked: Vec<&Evidence> = cited.iter().filter(|e| e.only_occurrence_in(essay).is_some()).copied().collect();
        assert!(marked.len() > 100);
        // Unmarked passages citing marked quotes elsewhere (their quotes are not the text there),
        // and an unmarked quote that occurs nowhere.
        let mut evidence: Vec<Evidence> =
            marked.iter().step_by(7).map(|e| Evidence::new(e.quote(), e.start + 1, e.end + 1)).collect();
        evidence.push(Evidence::new("an unmarked quote found nowhere", 3, 9));
        let mut all: Vec<&Evidence> = cited.clone();
        all.extend(evidence.iter());
        let copies: Vec<Evidence> = all.iter().map(|e| Evidence::new(e.quote(), e.start, e.end)).collect();
        let copies: Vec<&Evidence> = copies.iter().collect();
        let (mut reused, mut searched) = (PassageNames::default(), PassageNames::default());
        let searched_quotes = compute_passage_names_into(essay, &all, &mut reused);
        compute_passage_names_into(essay, &copies, &mut searched);
        assert_eq!(owned(reused), owned(searched));
        // The marked quotes cited unmarked elsewhere are not searched: their occurrence is known.
        let mut unmarked: Vec<&str> = all
            .iter()
            .filter(|e| e.only_occurrence_in(essay).is_none() && !e.quote().is_empty())
            .map(|e| e.quote())
            .collect();
        unmarked.sort_unstable();
        unmarked.dedup();
        let known: std::collections::HashSet<&str> = marked.iter().map(|e| e.quote()).collect();
        let shared = unmarked.iter().filter(|q| known.contains(*q)).count();
        assert!(shared > 10, "{shared} quotes cited marked and unmarked");
        assert_eq!(searched_quotes, unmarked.len() - shared);
    }

    /// [`push_hex`] writes what the formatting machinery wrote: 16 digits of a hash, 12 of its
    /// top 48 bits.
    #[test]
    fn hex_digits_as_formatted() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut values = vec![0, 1, 0xf, 0x10, u64::MAX, u64::MAX >> 16, 1 << 63, 0x0123_4567_89ab_cdef];
        for _ in 0..1000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.push(seed);
            values.push(seed >> (seed % 64));
        }
        for n in values {
            let mut out = String::from("x");
            push_hex(&mut out, n, 16);
            assert_eq!(out, format!("x{n:016x}"));
            out.clear();
            push_hex(&mut out, n >> 16, 12);
            assert_eq!(out, format!("{:012x}", n >> 16));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// [`local_order`] is the stable sort by name on names that share long prefixes (past one
        /// and two keys' bytes), repeat, end inside one another's keys, hold NULs and non-ASCII.
        #[test]
        fn local_order_is_the_stable_sort_by_name(
            names in proptest::collection::vec("(boris-yeltsin-|abcdefgh|\\x00|é){0,5}[ab\\x00é>-]{0,10}", 0..60),
        ) {
            proptest::prop_assert_eq!(local_order(names.len(), |i| names[i].as_bytes()), stable_order(&names));
        }
    }

    /// [`sort_cited`]'s reference: the sort by (start, end, quote) it replaced.
    fn sorted_as_before(cited: &[&Evidence]) -> Vec<(usize, usize, String)> {
        let mut cited = cited.to_vec();
        cited.sort_by(|a, b| (a.start, a.end, &a.quote()).cmp(&(b.start, b.end, &b.quote())));
        cited.iter().map(|e| (e.start, e.end, e.quote().to_string())).collect()
    }

    #[test]
    fn cited_passages_sorted_by_key_as_by_offsets_and_quotes() {
        let data = crate::load(&crate::Sources::builtin()).unwrap();
        let mut cited: Vec<&Evidence> =
            data.entities.iter().flat_map(|e| std::iter::once(&e.evidence).chain(&e.mentions)).collect();
        cited.reverse();
        let want = sorted_as_before(&cited);
        sort_cited(&mut cited);
        assert_eq!(cited.iter().map(|e| (e.start, e.end, e.quote().to_string())).collect::<Vec<_>>(), want);
        // Offsets past `u32`: refused, sorted by the passages (a packed key would wrap them).
        let huge =
            [Evidence::new("a", 1 << 32, (1 << 32) + 1), Evidence::new("b", 3, 4), Evidence::new("c", 1, 1 << 33)];
        let mut cited: Vec<&Evidence> = huge.iter().collect();
        let want = sorted_as_before(&cited);
        sort_cited(&mut cited);
        assert_eq!(cited.iter().map(|e| (e.start, e.end, e.quote().to_string())).collect::<Vec<_>>(), want);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// [`sort_cited`] sorts as the sort by (start, end, quote) did: many passages at equal
        /// offsets, equal and non-ASCII quotes.
        #[test]
        fn cited_passages_sorted_as_by_offsets_and_quotes(
            passages in proptest::collection::vec((0usize..6, 0usize..4, "[ab\u{e9}]{0,3}"), 0..60),
        ) {
            let evidence: Vec<Evidence> = passages.iter().map(|(start, len, quote)| Evidence::new(quote, *start, start + len)).collect();
            let mut cited: Vec<&Evidence> = evidence.iter().collect();
            let want = sorted_as_before(&cited);
            sort_cited(&mut cited);
            proptest::prop_assert_eq!(cited.iter().map(|e| (e.start, e.end, e.quote().to_string())).collect::<Vec<_>>(), want);
        }
    }
}
