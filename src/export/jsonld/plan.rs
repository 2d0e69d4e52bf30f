//! JSON-LD's plan of the built-in essay's node objects: for each subject of the stored stream, in
//! the order the export writes them, what [`Context::write_node_numbered`] writes of it, as
//! pieces and terms in final order. A piece is the text between two stored terms (a head, a
//! member's start, an array's separator or end, a value object's members), kept once in a table
//! of distinct pieces and named by number; a term is named by its number in the stored terms
//! ([`StoredTerms`]). `build.rs` makes it by writing the essay's export with the writer itself
//! and noting where each stored term was copied ([`Recorder`]), so there is one writer; an
//! export of the essay then copies pieces and terms by number ([`Plan::write`]), with no
//! predicate classified, grouped or sorted at run time.
//!
//! Layout (little-endian; `u32` words unless said): magic, terms, subjects, pieces, entries,
//! the text's length; each piece's start and end in the text; each subject's term number, quad
//! count, indentation (bit 31: closed) and its entries' end; each entry as two `u16`s, a piece
//! and the term after it ([`NO_TERM`]: none, a subject's last piece); the text (the pieces, then
//! [`WINDOW`] spaces, so that every piece is copied as one block).
//!
//! [`Context::write_node_numbered`]: super::Context::write_node_numbered

use std::collections::HashMap;

use super::super::rdf_stored::{const_word, const_words};
use super::{copy_windowed, StoredTerms, WINDOW};

/// The first word of the plan (`kjp` and a version).
const PLAN_MAGIC: u32 = u32::from_le_bytes(*b"kjp1");

/// An entry's term number for none (a subject's last piece, after its last term).
pub(super) const NO_TERM: u16 = u16::MAX;

/// Words before the pieces' bounds.
const HEADER_WORDS: usize = 6;

/// The largest number of pieces or terms a plan names (entries are two `u16`s): beyond it no
/// plan is made, and the essay is written by the writer.
const MOST_NUMBERED: usize = NO_TERM as usize;

/// Bit 31 of a subject's indentation word: its node object is closed.
const CLOSED: u32 = 1 << 31;

/// What [`Recorder::node`] is told of a node object the writer has just written.
pub(super) struct Written<'w> {
    /// The subject's term number and its quads' count, as the stream lends them.
    pub(super) subject: u32,
    pub(super) quads: usize,
    pub(super) indent: usize,
    pub(super) close: bool,
    /// The node object's text, and where each stored term was copied into it (from its
    /// start), with its number and length.
    pub(super) text: &'w [u8],
    pub(super) copies: &'w [(usize, u32, usize)],
}

/// The plan as the writer makes it (`build.rs`, the tests): every node object written, cut at
/// its stored terms.
#[derive(Default)]
pub(super) struct Recorder {
    /// Each subject's term number, quad count, indentation word and its entries' end.
    subjects: Vec<[u32; 4]>,
    entries: Vec<[u16; 2]>,
    /// Each distinct piece's number.
    numbers: HashMap<Vec<u8>, u16>,
    /// Each piece's start and end in `text`.
    bounds: Vec<[u32; 2]>,
    text: Vec<u8>,
    /// A node object not written from the stored stream, or numbers beyond a `u16`: no plan.
    failed: bool,
}

impl Recorder {
    /// No plan can be made (a node object written otherwise than from the stored stream).
    pub(super) fn fail(&mut self) {
        self.failed = true;
    }

    /// Notes a node object as pieces and terms.
    pub(super) fn node(&mut self, node: Written<'_>) {
        let mut at = 0;
        for &(start, term, len) in node.copies {
            match (node.text.get(at..start), u16::try_from(term)) {
                (Some(piece), Ok(term)) if term != NO_TERM => {
                    let piece = self.piece(piece);
                    self.entries.push([piece, term]);
                }
                _ => return self.fail(),
            }
            at = start + len;
        }
        let last = self.piece(node.text.get(at..).unwrap_or_default());
        self.entries.push([last, NO_TERM]);
        let how = node.indent as u32 | if node.close { CLOSED } else { 0 };
        match (u32::try_from(node.quads), node.indent < CLOSED as usize) {
            (Ok(quads), true) => self.subjects.push([node.subject, quads, how, self.entries.len() as u32]),
            _ => self.fail(),
        }
    }

    /// The number of `piece`, added to the table if it is new.
    fn piece(&mut self, piece: &[u8]) -> u16 {
        if let Some(&n) = self.numbers.get(piece) {
            return n;
        }
        let n = self.bounds.len();
        if n >= MOST_NUMBERED {
            self.fail();
            return 0;
        }
        let start = self.text.len() as u32;
        self.text.extend_from_slice(piece);
        self.bounds.push([start, self.text.len() as u32]);
        self.numbers.insert(piece.to_vec(), n as u16);
        n as u16
    }

    /// The plan's bytes for a stream of `terms` terms; empty when none could be made.
    pub(super) fn encode(mut self, terms: usize) -> Vec<u8> {
        if self.failed || self.subjects.is_empty() || terms >= MOST_NUMBERED {
            return Vec::new();
        }
        self.text.extend_from_slice(&[b' '; WINDOW]);
        let header = [
            PLAN_MAGIC,
            terms as u32,
            self.subjects.len() as u32,
            self.bounds.len() as u32,
            self.entries.len() as u32,
            self.text.len() as u32,
        ];
        let words = header
            .into_iter()
            .chain(self.bounds.iter().flatten().copied())
            .chain(self.subjects.iter().flatten().copied());
        let mut bytes: Vec<u8> = words.flat_map(u32::to_le_bytes).collect();
        bytes.extend(self.entries.iter().flatten().flat_map(|n| n.to_le_bytes()));
        bytes.extend_from_slice(&self.text);
        bytes
    }
}

/// Whether `bytes` are a plan [`Recorder::encode`] could have written, and for how many terms:
/// the sizes add up, each piece lies within the text at character boundaries, each subject's
/// entries follow the last's, each entry names a piece and a term (or none), the text is
/// UTF-8. A `const fn`, so that `builtin.rs` checks the binary's own plan when kg is compiled
/// (`builtin::jsonld_plan_checked`); any other bytes are checked by it at run time.
pub(crate) const fn well_formed(bytes: &[u8]) -> Option<usize> {
    let Some(header) = const_words::<HEADER_WORDS>(bytes) else {
        return None;
    };
    let [magic, terms, subjects, pieces, entries, text_len] = header;
    if magic != PLAN_MAGIC as usize || terms >= MOST_NUMBERED || pieces > MOST_NUMBERED {
        return None;
    }
    let text_at = 4 * (HEADER_WORDS + 2 * pieces + 4 * subjects) + 4 * entries;
    if bytes.len() != text_at + text_len {
        return None;
    }
    let text = match std::str::from_utf8(bytes.split_at(text_at).1) {
        Ok(text) => text.as_bytes(),
        Err(_) => return None,
    };
    let mut p = 0;
    while p < pieces {
        let (start, end) = match (const_word(bytes, HEADER_WORDS + 2 * p), const_word(bytes, HEADER_WORDS + 2 * p + 1))
        {
            (Some(start), Some(end)) => (start as usize, end as usize),
            _ => return None,
        };
        if start > end || end > text.len() || !boundary(text, start) || !boundary(text, end) {
            return None;
        }
        p += 1;
    }
    let (mut s, mut last) = (0, 0);
    let subjects_at = HEADER_WORDS + 2 * pieces;
    while s < subjects {
        let end = match const_word(bytes, subjects_at + 4 * s + 3) {
            Some(end) => end as usize,
            None => return None,
        };
        if end <= last || end > entries {
            return None;
        }
        last = end;
        s += 1;
    }
    if last != entries {
        return None;
    }
    let entries_at = 4 * (subjects_at + 4 * subjects);
    let mut e = 0;
    while e < entries {
        let at = entries_at + 4 * e;
        let piece = u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
        let term = u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]);
        if piece >= pieces || (term != NO_TERM && term as usize >= terms) {
            return None;
        }
        e += 1;
    }
    Some(terms)
}

/// Whether `at` is a character boundary of `text` (or its end).
const fn boundary(text: &[u8], at: usize) -> bool {
    at == text.len() || (at < text.len() && text[at] & 0xC0 != 0x80)
}

/// A plan read in place ([`well_formed`]), and the next subject to write.
pub(super) struct Plan<'b> {
    /// Each piece's start and end in `text`.
    bounds: &'b [[u8; 8]],
    /// Each subject's term number, quad count, indentation word and its entries' end.
    subjects: &'b [[u8; 16]],
    entries: &'b [[u8; 4]],
    text: &'b [u8],
    /// The next subject, and where its entries start.
    next: usize,
    start: usize,
}

impl<'b> Plan<'b> {
    /// The plan in `bytes` for stored terms of `terms` terms; `None` for bytes that are no plan
    /// ([`well_formed`], checked here unless they are the binary's own, checked when kg was
    /// compiled) or one made for another number of terms.
    pub(super) fn decode(bytes: &'b [u8], terms: usize) -> Option<Self> {
        let planned = match crate::builtin::jsonld_plan_checked(bytes) {
            Some(planned) => planned,
            None => well_formed(bytes)?,
        };
        if planned != terms {
            return None;
        }
        let word = |i: usize| const_word(bytes, i).map(|w| w as usize);
        let (subjects, pieces, entries) = (word(2)?, word(3)?, word(4)?);
        let rest = bytes.get(4 * HEADER_WORDS..)?;
        let (bounds, rest) = rest.split_at_checked(8 * pieces)?;
        let (subject_words, rest) = rest.split_at_checked(16 * subjects)?;
        let (entry_bytes, text) = rest.split_at_checked(4 * entries)?;
        Some(Plan {
            bounds: bounds.as_chunks::<8>().0,
            subjects: subject_words.as_chunks::<16>().0,
            entries: entry_bytes.as_chunks::<4>().0,
            text,
            next: 0,
            start: 0,
        })
    }

    /// Writes the next subject's node object from its pieces and `terms`, when it is subject
    /// number `subject` with `quads` quads, written at `indent` and closed or not (`close`) as
    /// planned; `false`, having written nothing, where it is not (the plan is then of no use
    /// for the subjects after it either).
    #[inline]
    pub(super) fn write(
        &mut self,
        subject: u32,
        quads: usize,
        indent: usize,
        close: bool,
        terms: &StoredTerms<'_>,
        out: &mut Vec<u8>,
    ) -> bool {
        let Some(planned) = self.subjects.get(self.next) else { return false };
        let [number, count, how, end] = [0, 4, 8, 12].map(|at| read_u32(planned, at));
        let how_now = indent as u32 | if close { CLOSED } else { 0 };
        if number != subject || count as usize != quads || how != how_now || indent >= CLOSED as usize {
            return false;
        }
        let Some(entries) = self.entries.get(self.start..end as usize) else { return false };
        for entry in entries {
            let [p0, p1, t0, t1] = *entry;
            let (piece, term) = (u16::from_le_bytes([p0, p1]), u16::from_le_bytes([t0, t1]));
            if let Some(bounds) = self.bounds.get(piece as usize) {
                let (start, end) = (read_u32(bounds, 0), read_u32(bounds, 4));
                copy_windowed(out, self.text, start as usize, end as usize);
            }
            if term != NO_TERM {
                terms.copy_unnoted(u32::from(term), out);
            }
        }
        self.next += 1;
        self.start = end as usize;
        true
    }
}

/// The little-endian `u32` at `at` in `bytes` (within them: the callers' fixed offsets).
#[inline(always)]
fn read_u32<const N: usize>(bytes: &[u8; N], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}
