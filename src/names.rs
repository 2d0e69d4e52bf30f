//! Name keys: the form in which names are compared, ignoring case, accents, punctuation, spacing
//! and a leading "the", so that "the Soviet Union", "soviet union" and "Soviet-Union" meet.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The comparison key of a name.
///
/// ```
/// use kg::name_key;
/// assert_eq!(name_key("the Soviet Union"), name_key("SOVIET-UNION"));
/// assert_eq!(name_key("Lüshun"), "lushun");
/// assert_eq!(name_key("U.S."), name_key("US"));
/// ```
pub fn name_key(name: &str) -> String {
    let trimmed = name.trim();
    let without_article = strip_article(trimmed);
    if without_article.is_ascii() {
        // Nothing to decompose: the common case, kept cheap since every load keys every name.
        return without_article
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect();
    }
    without_article
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn strip_article(name: &str) -> &str {
    let lower = name.get(..4).map(str::to_ascii_lowercase);
    match lower.as_deref() {
        Some("the ") if name.len() > 4 => name[4..].trim_start(),
        _ => name,
    }
}

/// The words of a name, as keys ("Teddy Roosevelt" gives "teddy" and "roosevelt"), used to suggest
/// entities for a misspelt or partial name.
pub fn word_keys(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '/').map(name_key).filter(|k| k.chars().count() >= 3)
}
