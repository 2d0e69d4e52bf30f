//! [`SharedStr`] (and its name for ids, [`Id`]): a string that is cloned by sharing it, not by
//! copying it, and that can borrow a `'static` text without an allocation.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string that is cheap to clone: a `'static` str (the built-in dataset's strings,
/// borrowed from the binary) or a reference-counted `Arc<str>` (everything loaded at run time).
/// Cloning copies a pointer or bumps a count; it never allocates. Every string of the model is
/// one: ids and the references to them, labels, aliases, notes, roles, bases, units, Wikidata
/// ids, the title and the left-out phrases. Make one with `.into()` or [`SharedStr::from`], and
/// read it as a `&str`:
///
/// ```
/// let data = kg::load_builtin().unwrap();
/// let sakhalin = data.entity("sakhalin").unwrap();
/// let label: &str = &sakhalin.label;
/// assert_eq!(label, "Sakhalin");
/// assert!(sakhalin.label.as_static().is_some(), "the built-in essay's strings are borrowed");
/// let mut renamed = sakhalin.clone();
/// renamed.label = "Karafuto".into();
/// assert_eq!(renamed.label, "Karafuto");
/// ```
///
/// It behaves as the `str` it holds: it dereferences to `str`, compares, orders and hashes as
/// that `str` does (so `HashMap<SharedStr, _>::get(&str)` works), compares equal to `str`, `&str`
/// and `String`, prints as the `str`, and serializes and deserializes as a plain string.
///
/// ```
/// use kg::Id;
/// let a = Id::from("sakhalin");
/// let b = a.clone(); // shares a's text
/// assert_eq!(b, "sakhalin");
/// assert_eq!(b.as_str(), "sakhalin");
/// assert_eq!(format!("{b}"), "sakhalin");
/// assert!(Id::from_static("japan") < a);
/// assert_eq!(serde_json::to_string(&a).unwrap(), "\"sakhalin\"");
/// ```
#[derive(Clone)]
pub struct SharedStr(Repr);

/// Entity ids and the references to them (a relation's subject, object, `under`, `place`): one
/// allocation per id, shared by every reference to it.
pub type Id = SharedStr;

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Shared(Arc<str>),
    /// Bytes `from..to` of a text shared by many strings ([`SharedText`]): one allocation for
    /// all of them. The text is held by a thin pointer, so that this variant is no larger than
    /// the others (a `SharedStr` stays 24 bytes).
    Part {
        text: Arc<String>,
        from: u32,
        to: u32,
    },
}

impl SharedStr {
    /// A string borrowed for the life of the program, without an allocation.
    pub const fn from_static(s: &'static str) -> Self {
        SharedStr(Repr::Static(s))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
            Repr::Part { text, from, to } => &text[*from as usize..*to as usize],
        }
    }

    /// The text when it is borrowed for the life of the program (the built-in dataset's).
    #[inline]
    pub fn as_static(&self) -> Option<&'static str> {
        match self.0 {
            Repr::Static(s) => Some(s),
            Repr::Shared(_) | Repr::Part { .. } => None,
        }
    }

    /// The shared allocation, when the text has one.
    pub(crate) fn as_arc(&self) -> Option<&Arc<str>> {
        match &self.0 {
            Repr::Static(_) | Repr::Part { .. } => None,
            Repr::Shared(s) => Some(s),
        }
    }
}

/// Many strings copied side by side into one buffer, then shared from it ([`SharedText`]): one
/// allocation for all of them instead of one each. The loader makes the relations' roles, notes
/// and bases so: at a million relations, a million small allocations cost check 2 about 30% of
/// its thread's time in glibc's `malloc` (on a spawned thread, whose arena is grown and
/// consolidated as it goes), and the buffer needs no header per string.
pub(crate) struct SharedTextBuilder {
    text: String,
    /// The most bytes the buffer holds: 4 GiB, its offsets being `u32` (less in the tests).
    limit: usize,
    /// Whether a string was refused: every later one is then refused too, so that the buffer
    /// is always the strings pushed up to one, whole, and a reader finds nothing past them.
    full: bool,
}

impl Default for SharedTextBuilder {
    fn default() -> Self {
        SharedTextBuilder::with_capacity(0)
    }
}

impl SharedTextBuilder {
    /// A builder whose buffer holds `bytes` bytes without growing.
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        SharedTextBuilder { text: String::with_capacity(bytes), limit: u32::MAX as usize, full: false }
    }

    /// Appends `s`, unless the buffer would pass 4 GiB (its offsets are `u32`): then neither `s`
    /// nor any string after it is kept, and a [`SharedTextReader`] copies them or finds nothing.
    pub(crate) fn push(&mut self, s: &str) {
        self.full |= self.text.len() + s.len() > self.limit;
        if !self.full {
            self.text.push_str(s);
        }
    }

    /// The buffer, shared from now on.
    pub(crate) fn finish(self) -> SharedText {
        SharedText(Arc::new(self.text))
    }
}

/// The buffer a [`SharedTextBuilder`] made, shared by the strings read from it.
pub(crate) struct SharedText(Arc<String>);

impl SharedText {
    /// Reads the strings back in the order they were pushed.
    pub(crate) fn reader(&self) -> SharedTextReader<'_> {
        SharedTextReader { text: self, at: 0 }
    }
}

/// Hands out a [`SharedText`]'s strings in the order they were pushed ([`SharedTextReader::next`]).
pub(crate) struct SharedTextReader<'a> {
    text: &'a SharedText,
    at: usize,
}

impl SharedTextReader<'_> {
    /// `s`, which should be the next string pushed: shared from the buffer when the buffer's next
    /// bytes are `s` (compared, so a caller that pushed in another order still gets `s`, copied).
    pub(crate) fn next(&mut self, s: &str) -> SharedStr {
        let (from, to) = (self.at, self.at + s.len());
        match (self.text.0.get(from..to), u32::try_from(from), u32::try_from(to)) {
            (Some(there), Ok(from), Ok(to)) if there == s => {
                self.at = to as usize;
                SharedStr(Repr::Part { text: Arc::clone(&self.text.0), from, to })
            }
            _ => SharedStr::from(s),
        }
    }

    /// The next `len` bytes of the buffer, shared; `None` (and nothing read) when they pass its
    /// end or do not end on a character boundary.
    pub(crate) fn next_len(&mut self, len: usize) -> Option<SharedStr> {
        let (from, to) = (self.at, self.at + len);
        self.text.0.get(from..to)?;
        let (from, to) = (u32::try_from(from).ok()?, u32::try_from(to).ok()?);
        self.at = to as usize;
        Some(SharedStr(Repr::Part { text: Arc::clone(&self.text.0), from, to }))
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr::from_static("")
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SharedStr {
    /// Hashes as the `str` does, as `Borrow<str>` requires.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for SharedStr {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<SharedStr> for $other {
            fn eq(&self, other: &SharedStr) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
eq_with!(str, &str, String);

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(Repr::Shared(Arc::from(s)))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        SharedStr::from(s.as_str())
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr(Repr::Shared(Arc::from(s)))
    }
}

impl From<Box<str>> for SharedStr {
    fn from(s: Box<str>) -> Self {
        SharedStr(Repr::Shared(Arc::from(s)))
    }
}

impl From<Arc<str>> for SharedStr {
    fn from(s: Arc<str>) -> Self {
        SharedStr(Repr::Shared(s))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl From<&SharedStr> for String {
    fn from(s: &SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SharedStr;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<SharedStr, E> {
                Ok(SharedStr::from(s))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings read from a shared buffer read, compare, order, hash and serialize as the
    /// strings pushed, share the buffer (a clone allocates nothing) and take no more room than
    /// the other forms; a string that is not the next one pushed is copied, not misread.
    #[test]
    fn strings_of_a_shared_buffer_are_the_strings_pushed() {
        let words = ["", "Portsmouth", "‘it’ = the move into Siberia", "", "é"];
        let mut builder = SharedTextBuilder::with_capacity(words.iter().map(|w| w.len()).sum());
        for w in words {
            builder.push(w);
        }
        let text = builder.finish();
        let mut reader = text.reader();
        let strings: Vec<SharedStr> = words.iter().map(|w| reader.next(w)).collect();
        fn hash<T: Hash + ?Sized>(x: &T) -> u64 {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            x.hash(&mut h);
            h.finish()
        }
        for (s, w) in strings.iter().zip(words) {
            assert_eq!(s.as_str(), w);
            assert_eq!(*s, SharedStr::from(w));
            assert_eq!(s.cmp(&SharedStr::from(w)), std::cmp::Ordering::Equal);
            assert_eq!(hash(s), hash(w));
            assert!(matches!(s.0, Repr::Part { .. }), "{w:?} shared from the buffer");
            assert!(s.as_static().is_none() && s.as_arc().is_none());
            assert_eq!(serde_json::to_string(s).unwrap(), serde_json::to_string(w).unwrap());
        }
        assert_eq!(Arc::strong_count(&text.0), 1 + words.len());
        let copy = strings[2].clone();
        assert_eq!(Arc::strong_count(&text.0), 2 + words.len());
        drop((text, strings));
        assert_eq!(copy, "‘it’ = the move into Siberia");
        assert_eq!(std::mem::size_of::<SharedStr>(), 3 * std::mem::size_of::<usize>());

        // Read in another order than pushed: each string is still itself, copied where the
        // buffer's next bytes are not it.
        let mut builder = SharedTextBuilder::default();
        for w in ["ab", "é", "cd"] {
            builder.push(w);
        }
        let text = builder.finish();
        let mut reader = text.reader();
        for w in ["é", "ab", "x", "é", "cd", "cd", ""] {
            assert_eq!(reader.next(w), w);
        }
        // By length: only whole characters, up to the end.
        let mut reader = text.reader();
        assert_eq!(reader.next_len(2).unwrap(), "ab");
        assert!(reader.next_len(1).is_none(), "half of é");
        assert_eq!(reader.next_len(2).unwrap(), "é");
        assert!(reader.next_len(3).is_none(), "past the end");
        assert_eq!(reader.next_len(2).unwrap(), "cd");
        assert_eq!(reader.next_len(0).unwrap(), "");

        // A buffer that is full keeps no string after the first refused, whole or in part.
        let mut builder = SharedTextBuilder { limit: 5, ..SharedTextBuilder::default() };
        for w in ["ab", "cd", "ef", "g"] {
            builder.push(w);
        }
        let text = builder.finish();
        assert_eq!(text.0.as_str(), "abcd");
        let mut reader = text.reader();
        assert_eq!(reader.next_len(2).unwrap(), "ab");
        assert_eq!(reader.next("cd"), "cd");
        assert!(reader.next_len(2).is_none());
        assert_eq!(reader.next("ef"), "ef");
        assert_eq!(reader.next("g"), "g");
        assert!(matches!(reader.next("g").0, Repr::Shared(_)), "copied");
    }

    #[test]
    fn behaves_as_the_str_it_holds() {
        let shared = SharedStr::from(String::from("treaty_of_portsmouth"));
        let fixed = SharedStr::from_static("treaty_of_portsmouth");
        assert_eq!(shared, fixed);
        assert_eq!(shared.cmp(&fixed), std::cmp::Ordering::Equal);
        let hash = |s: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s(&mut h);
            h.finish()
        };
        assert_eq!(hash(&|h| shared.hash(h)), hash(&|h| "treaty_of_portsmouth".hash(h)));
        let mut map = std::collections::HashMap::new();
        map.insert(shared.clone(), 1);
        assert_eq!(map.get("treaty_of_portsmouth"), Some(&1));
        let (text, owned) = ("treaty_of_portsmouth", String::from("treaty_of_portsmouth"));
        assert!(shared == text);
        assert!(text == shared);
        assert!(shared == *text);
        assert!(shared == owned);
        assert!(owned == shared);
        let (a, b) = (SharedStr::from("a"), SharedStr::from_static("b"));
        assert!(a < b);
        assert_eq!(format!("{shared}/{fixed:?}"), "treaty_of_portsmouth/\"treaty_of_portsmouth\"");
        assert_eq!(fixed.as_static(), Some("treaty_of_portsmouth"));
        assert_eq!(shared.as_static(), None);
        // A clone shares the text.
        let copy = shared.clone();
        assert!(std::ptr::eq(copy.as_str(), shared.as_str()));
        let json = serde_json::to_string(&shared).unwrap();
        assert_eq!(json, "\"treaty_of_portsmouth\"");
        assert_eq!(serde_json::from_str::<SharedStr>(&json).unwrap(), fixed);
    }
}
