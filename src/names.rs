//! Name keys: the form in which names are compared, ignoring case, accents, punctuation, spacing
//! and a leading "the", so that "the Soviet Union", "soviet union" and "Soviet-Union" meet; and
//! the looser key behind the variants people type ("St."/"Saint", plurals, "Sakhalin Island").

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
    let stripped = strip_article(name.trim());
    // One allocation, sized once (lowercasing a copy and then dropping characters cost two).
    let mut key = if stripped.is_ascii() { String::with_capacity(stripped.len()) } else { String::new() };
    push_key(stripped, &mut key);
    key
}

/// Appends [`name_key`]`(name)` to `out` (the name index writes every key into one buffer
/// instead of allocating a string per name).
pub(crate) fn push_name_key(name: &str, out: &mut String) {
    push_key(strip_article(name.trim()), out);
}

fn push_key(without_article: &str, out: &mut String) {
    if without_article.is_ascii() {
        // Nothing to decompose: the common case, kept cheap since every load keys every name (and
        // every start keys the built-in essay's: collecting chars one by one into a `String` was
        // a tenth of `kg stats`).
        push_ascii_key(without_article.as_bytes(), out);
        return;
    }
    out.extend(
        without_article
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric()),
    );
}

/// Each ASCII byte's byte in a key: its lowercase when it is a letter or a digit, else 0 (left
/// out).
const ASCII_KEY_BYTES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// How many bytes of a name [`push_ascii_key`] keys at a time.
const ASCII_KEY_CHUNK: usize = 64;

/// Appends the key of an ASCII name (its letters and digits, lowercased) to `out`: each chunk of
/// the name written to a stack buffer by table, without a branch per byte, then appended at once.
/// (Filtering into `out` one `char` at a time was ~700 instructions a name, most of the name
/// index's instructions at 100,000 relations: a name's letters and spaces took turns at the filter's
/// branch, and each kept byte went through `String::push`.)
fn push_ascii_key(name: &[u8], out: &mut String) {
    debug_assert!(name.is_ascii());
    let mut buffer = [0u8; ASCII_KEY_CHUNK];
    for chunk in name.chunks(ASCII_KEY_CHUNK) {
        let mut kept = 0;
        for &b in chunk {
            let key = ASCII_KEY_BYTES[usize::from(b & 0x7f)];
            // (`kept` stays below the chunk's length here: the mask only spares the bound check.)
            buffer[kept & (ASCII_KEY_CHUNK - 1)] = key;
            kept += usize::from(key != 0);
        }
        match std::str::from_utf8(&buffer[..kept]) {
            Ok(key) => out.push_str(key),
            // Never: the table gives ASCII letters and digits only.
            Err(_) => out.extend(
                chunk.iter().filter(|b| b.is_ascii_alphanumeric()).map(|&b| char::from(b.to_ascii_lowercase())),
            ),
        }
    }
}

fn strip_article(name: &str) -> &str {
    // (Compared in place: a lowercased copy of the first four bytes cost an allocation per name.)
    match name.get(..4) {
        Some(first) if first.eq_ignore_ascii_case("the ") && name.len() > 4 => name[4..].trim_start(),
        _ => name,
    }
}

/// The words of a name, as keys ("Teddy Roosevelt" gives "teddy" and "roosevelt"), used to suggest
/// entities for a misspelt or partial name.
pub fn word_keys(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '/').map(name_key).filter(|k| k.chars().count() >= 3)
}

/// Words that say what kind of place a name is, dropped from the end of a name by [`loose_key`]
/// ("Sakhalin Island", "Habomai islets", "Yamaguchi Prefecture").
const TRAILING_TYPE_WORDS: &[&str] =
    &["island", "islands", "isle", "isles", "islet", "islets", "peninsula", "prefecture", "city"];

/// The looser comparison key of a name, for the variants people type: a leading "the", "a" or
/// "an" dropped, "Saint" and "St." alike, a trailing type word dropped ("Sakhalin Island"), and
/// the last word made singular ("Kurils", "Habomai Islands"). Lookup tries it only when the exact
/// [`name_key`] finds nothing, and a loose key that two entities share stays ambiguous.
///
/// ```
/// use kg::loose_key;
/// assert_eq!(loose_key("Treaty of Saint Petersburg"), loose_key("Treaty of St. Petersburg"));
/// assert_eq!(loose_key("the Kurils"), loose_key("Kuril Islands"));
/// assert_eq!(loose_key("Sakhalin Island"), loose_key("Sakhalin"));
/// assert_eq!(loose_key("Habomai"), loose_key("Habomai islets"));
/// assert_ne!(loose_key("Korea"), loose_key("Korean Peninsula"));
/// ```
pub fn loose_key(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(name_key)
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && ["the", "a", "an"].contains(&words[0].as_str()) {
        words.remove(0);
    }
    for w in &mut words {
        if w == "saint" {
            *w = "st".to_string();
        }
    }
    if words.len() > 1 && words.last().is_some_and(|w| TRAILING_TYPE_WORDS.contains(&w.as_str())) {
        words.pop();
    }
    if let Some(last) = words.last_mut() {
        *last = singular(last);
    }
    words.concat()
}

/// The singular of an English word, by its ending only: "territories" -> "territory",
/// "kurils" -> "kuril"; short words and "-ss" words are left alone.
fn singular(word: &str) -> String {
    if word.chars().count() <= 3 || word.ends_with("ss") || word.ends_with("us") {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    match word.strip_suffix('s') {
        Some(stem) => stem.to_string(),
        None => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`name_key`] as it was before keys could be written into a shared buffer: the reference.
    fn name_key_reference(name: &str) -> String {
        let without_article = strip_article(name.trim());
        if without_article.is_ascii() {
            let mut key = String::with_capacity(without_article.len());
            key.extend(
                without_article.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_lowercase())),
            );
            return key;
        }
        without_article
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    }

    proptest::proptest! {
        /// A key appended to a buffer is the key made alone, whatever the buffer held, and the
        /// key made alone is the reference's: ASCII or not, with or without a leading "the".
        #[test]
        fn keys_written_into_a_buffer_are_the_keys_made_alone(
            before in "[a-zé]{0,6}",
            name in "( |\\t)?((T|t)he ?)?[a-zA-Z0-9 .,'’é\\-ÅİßΣ]{0,12}",
        ) {
            let mut buffer = before.clone();
            push_name_key(&name, &mut buffer);
            let reference = name_key_reference(&name);
            proptest::prop_assert_eq!(&buffer[..before.len()], before.as_str());
            proptest::prop_assert_eq!(&buffer[before.len()..], reference.as_str());
            proptest::prop_assert_eq!(name_key(&name), reference);
        }

        /// Long ASCII names, across [`push_ascii_key`]'s chunks: the reference's key.
        #[test]
        fn long_ascii_names_key_as_the_reference(before in "[a-z]{0,3}", name in "[ -~\t]{0,300}") {
            let mut buffer = before.clone();
            push_name_key(&name, &mut buffer);
            let reference = name_key_reference(&name);
            proptest::prop_assert_eq!(&buffer[before.len()..], reference.as_str());
        }
    }

    /// Every ASCII byte, alone and at every place of a name longer than a chunk of
    /// [`push_ascii_key`], keys as the reference (a letter or digit lowercased, anything else left
    /// out).
    #[test]
    fn every_ascii_byte_keys_as_the_reference() {
        for b in 0..128u8 {
            let alone = char::from(b).to_string();
            assert_eq!(name_key(&alone), name_key_reference(&alone), "byte {b}");
            for at in [0, 1, 62, 63, 64, 65, 127, 128, 129] {
                let mut name: Vec<u8> = (0..150u8).map(|i| b"aZ9 _-"[usize::from(i) % 6]).collect();
                name[at] = b;
                let name = String::from_utf8(name).unwrap();
                assert_eq!(name_key(&name), name_key_reference(&name), "byte {b} at {at}");
            }
        }
    }
}
