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
        }
    }

    /// The text when it is borrowed for the life of the program (the built-in dataset's).
    pub fn as_static(&self) -> Option<&'static str> {
        match self.0 {
            Repr::Static(s) => Some(s),
            Repr::Shared(_) => None,
        }
    }

    /// The shared allocation, when the text has one.
    pub(crate) fn as_arc(&self) -> Option<&Arc<str>> {
        match &self.0 {
            Repr::Static(_) => None,
            Repr::Shared(s) => Some(s),
        }
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
