//! Evidence: where in the essay a fact is stated, as the exact quote and its character offsets.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::SharedStr;

/// A passage of the essay: the exact quote and its offsets.
///
/// Offsets count Unicode scalar values (code points) from the start of the essay, end exclusive,
/// as W3C Web Annotation's `TextPositionSelector` and Python's `str` slicing do.
///
/// The quote is not a copy: evidence the loader makes is a span of the essay it shares with
/// the [`Dataset`](crate::Dataset) ([`Evidence::in_text`]), or of the built-in essay compiled
/// into the binary, so a quote costs no allocation and the essay's text at `start..end` is the
/// quote by construction. [`Evidence::new`] holds a quote of its own (a passage of another
/// text, or evidence read back from JSON). It serializes as `{quote, start, end}`.
///
/// ```
/// use kg::{Evidence, SharedStr};
/// let essay = SharedStr::from("Japan and Russia signed.");
/// let e = Evidence::in_text(&essay, 10..16, 10, 16).unwrap();
/// assert_eq!(e.quote(), "Russia");
/// assert_eq!(e, Evidence::new("Russia", 10, 16));
/// assert!(Evidence::in_text(&essay, 10..99, 10, 99).is_none());
/// ```
#[derive(Clone)]
pub struct Evidence {
    quote: Quote,
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

/// Where an [`Evidence`]'s quote lies.
#[derive(Clone)]
enum Quote {
    /// Borrowed for the life of the program: a span of the built-in essay.
    Static(&'static str),
    /// Bytes `from..to` of a shared text (the essay).
    Span { text: Arc<str>, from: u32, to: u32 },
    /// Bytes `from..to` of a shared text (the essay), which occur in it there and nowhere else,
    /// overlapping occurrences included: the loader searched the whole text for the quote and
    /// found it once ([`Evidence::found_once`]). The RDF export's passage naming takes that
    /// occurrence instead of searching again ([`Evidence::only_occurrence_in`]).
    Once { text: Arc<str>, from: u32, to: u32 },
    /// A text of its own, whole.
    Whole(Arc<str>),
}

impl Evidence {
    /// Evidence holding its own copy of `quote`.
    pub fn new(quote: &str, start: usize, end: usize) -> Self {
        Evidence { quote: Quote::Whole(Arc::from(quote)), start, end }
    }

    /// Evidence whose quote is bytes `bytes` of `text` (the essay), shared rather than copied;
    /// `start..end` are its character offsets. `None` when `bytes` is not a span of `text` on
    /// character boundaries.
    pub fn in_text(text: &SharedStr, bytes: Range<usize>, start: usize, end: usize) -> Option<Self> {
        // The built-in essay's spans (every quote decoded at start-up) are checked once.
        if let Some(text) = text.as_static() {
            return Evidence::in_static(text, bytes, start, end);
        }
        let quote = text.get(bytes.clone())?;
        let quote = match (text.as_static(), text.as_arc()) {
            (Some(text), _) => Quote::Static(&text[bytes]),
            (None, Some(text)) => match (u32::try_from(bytes.start), u32::try_from(bytes.end)) {
                (Ok(from), Ok(to)) => Quote::Span { text: text.clone(), from, to },
                _ => Quote::Whole(Arc::from(quote)),
            },
            (None, None) => Quote::Whole(Arc::from(quote)),
        };
        Some(Evidence { quote, start, end })
    }

    /// The exact text of the passage.
    pub fn quote(&self) -> &str {
        match &self.quote {
            Quote::Static(s) => s,
            Quote::Span { text, from, to } | Quote::Once { text, from, to } => &text[*from as usize..*to as usize],
            Quote::Whole(s) => s,
        }
    }

    /// [`Evidence::in_text`] of a text borrowed for the life of the program (the built-in essay):
    /// inlined into the built-in graph's decode, which makes ~570 of them in every command.
    #[inline]
    pub(crate) fn in_static(text: &'static str, bytes: Range<usize>, start: usize, end: usize) -> Option<Self> {
        Some(Evidence { quote: Quote::Static(text.get(bytes)?), start, end })
    }

    /// This evidence, marked as the only occurrence of its quote in the text it is a span of
    /// (overlapping occurrences included): for the loader, which has searched the whole text for
    /// the quote and found it once. Evidence that is not a span of a shared text is unchanged.
    pub(crate) fn found_once(self) -> Self {
        match self.quote {
            Quote::Span { text, from, to } => Evidence { quote: Quote::Once { text, from, to }, ..self },
            _ => self,
        }
    }

    /// Where (its byte offset) the quote occurs in `text`, when it is known to occur there only
    /// ([`Evidence::found_once`]) and `text` is the very text it is a span of (the same
    /// allocation: the text cannot have changed since the search); `None` when not known.
    pub(crate) fn only_occurrence_in(&self, text: &str) -> Option<usize> {
        match &self.quote {
            Quote::Once { text: of, from, .. }
                if std::ptr::eq(of.as_ptr(), text.as_ptr()) && of.len() == text.len() =>
            {
                Some(*from as usize)
            }
            _ => None,
        }
    }

    /// Where (its bytes) the quote lies in `text`, when it is a span of that very text (the same
    /// allocation: [`Evidence::in_text`] of the loaded essay); `None` otherwise. Its offsets
    /// `start..end` are the characters of those bytes when the evidence was made by the loader;
    /// a caller that needs them to be checks it ([`Evidence::shifted`] moves the offsets, not the
    /// span).
    pub(crate) fn bytes_in(&self, text: &str) -> Option<(usize, usize)> {
        match &self.quote {
            Quote::Span { text: of, from, to } | Quote::Once { text: of, from, to }
                if std::ptr::eq(of.as_ptr(), text.as_ptr()) && of.len() == text.len() =>
            {
                Some((*from as usize, *to as usize))
            }
            _ => None,
        }
    }

    /// The quote as a [`SharedStr`]: borrowed, without an allocation, when it is a span of the
    /// built-in essay or a text of its own; copied once when it is a span of a loaded essay.
    ///
    /// ```
    /// let data = kg::load_builtin().unwrap();
    /// let quote = data.entity("sakhalin").unwrap().evidence.shared_quote();
    /// assert!(quote.as_static().is_some());
    /// ```
    pub fn shared_quote(&self) -> SharedStr {
        match &self.quote {
            Quote::Static(s) => SharedStr::from_static(s),
            Quote::Whole(s) => SharedStr::from(s.clone()),
            Quote::Span { .. } | Quote::Once { .. } => SharedStr::from(self.quote()),
        }
    }

    /// Whether the character at `offset` lies within this passage.
    pub fn contains(&self, offset: usize) -> bool {
        (self.start..self.end).contains(&offset)
    }

    /// The same passage moved by `shift` characters (its quote unchanged).
    pub fn shifted(&self, shift: usize) -> Self {
        Evidence { quote: self.quote.clone(), start: self.start + shift, end: self.end + shift }
    }
}

impl fmt::Debug for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evidence")
            .field("quote", &self.quote())
            .field("start", &self.start)
            .field("end", &self.end)
            .finish()
    }
}

/// Two passages are equal when their quotes and offsets are, wherever the quotes are held.
impl PartialEq for Evidence {
    fn eq(&self, other: &Self) -> bool {
        self.start == other.start && self.end == other.end && self.quote() == other.quote()
    }
}

impl Eq for Evidence {}

impl Hash for Evidence {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.quote().hash(state);
        self.start.hash(state);
        self.end.hash(state);
    }
}

impl serde::Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Evidence", 3)?;
        s.serialize_field("quote", self.quote())?;
        s.serialize_field("start", &self.start)?;
        s.serialize_field("end", &self.end)?;
        s.end()
    }
}

/// `{quote, start, end}`, as [`Evidence`] serializes.
#[derive(serde::Deserialize)]
#[serde(rename = "Evidence")]
struct EvidenceFields {
    quote: String,
    start: usize,
    end: usize,
}

impl<'de> serde::Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let e = <EvidenceFields as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Evidence { quote: Quote::Whole(Arc::from(e.quote)), start: e.start, end: e.end })
    }
}

/// Where a relation comes from: stated by the essay, or background knowledge the essay implies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Provenance {
    /// The essay states it in this passage.
    Essay(Evidence),
    /// The essay does not state it; `basis` says why we hold it, `context` is the passage that made
    /// it relevant, if any.
    Background {
        /// Why we hold it (for example "geography").
        basis: SharedStr,
        /// The essay's passage that made it relevant.
        context: Option<Evidence>,
    },
}

impl Provenance {
    /// The essay passage behind it: the evidence, or a background fact's context.
    pub fn passage(&self) -> Option<&Evidence> {
        match self {
            Provenance::Essay(e) => Some(e),
            Provenance::Background { context, .. } => context.as_ref(),
        }
    }

    /// Whether this is background knowledge rather than something the essay states.
    pub fn is_background(&self) -> bool {
        matches!(self, Provenance::Background { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mark of a quote found once costs no byte: `Quote::Once` is another variant of the
    /// size of `Quote::Span`, under the tag the enum already had (an `Evidence` is 48 bytes, as
    /// before the mark; at a million relations ~4M of them are cited).
    #[test]
    fn the_mark_of_a_quote_found_once_costs_no_memory() {
        assert_eq!(std::mem::size_of::<Evidence>(), 48);
        let essay = SharedStr::from(String::from("Japan and Russia signed."));
        let e = Evidence::in_text(&essay, 10..16, 10, 16).unwrap();
        assert_eq!(e.only_occurrence_in(&essay), None);
        let once = e.clone().found_once();
        assert_eq!((once.quote(), &once), ("Russia", &e));
        assert_eq!(once.only_occurrence_in(&essay), Some(10));
        assert_eq!(once.shifted(3).only_occurrence_in(&essay), Some(10), "a property of the quote in its text");
        assert_eq!(once.only_occurrence_in("Japan and Russia signed."), None, "another allocation");
        assert_eq!(&*once.shared_quote(), "Russia");
        // Evidence of its own text stays unmarked.
        assert_eq!(Evidence::new("Russia", 10, 16).found_once().only_occurrence_in(&essay), None);
    }
}
