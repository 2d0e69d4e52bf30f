//! Evidence: where in the essay a fact is stated, as the exact quote and its character offsets.

/// A passage of the essay: the exact quote and its offsets.
///
/// Offsets count Unicode scalar values (code points) from the start of the essay, end exclusive,
/// as W3C Web Annotation's `TextPositionSelector` and Python's `str` slicing do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    /// The exact text of the passage.
    pub quote: String,
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

impl Evidence {
    /// Whether the character at `offset` lies within this passage.
    pub fn contains(&self, offset: usize) -> bool {
        (self.start..self.end).contains(&offset)
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
        basis: String,
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
