//! Words and sentences of an essay, in character offsets. A word keeps its inner dots, hyphens
//! and apostrophes ("U.S.", "Russo-Japanese"); a possessive "’s" becomes a word of its own; a
//! dot ends a sentence unless it ends an abbreviation ("St.", "D.", "U.S.").

/// A word or a punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Whether it is a word (letters or digits) rather than punctuation.
    pub word: bool,
}

impl Token {
    /// Whether the word starts with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the word is a year (a number from 1000 to 2099, or "1904-05").
    pub fn year(&self) -> Option<u16> {
        let digits: String = self.text.chars().take_while(char::is_ascii_digit).collect();
        let rest = &self.text[digits.len()..];
        let year: u16 = digits.parse().ok()?;
        let range = rest.is_empty() || (rest.starts_with('-') && rest[1..].chars().all(|c| c.is_ascii_digit()));
        (digits.len() == 4 && (1000..2100).contains(&year) && range).then_some(year)
    }

    /// Whether the word is a number (digits, with commas).
    pub fn is_number(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// A sentence: a range of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub tokens: std::ops::Range<usize>,
    /// The paragraph it is in: a line break starts a new one (the title is paragraph 0).
    pub paragraph: usize,
}

/// The tokens of an essay, split into sentences.
#[derive(Debug)]
pub(crate) struct Tokenized {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Character offsets of the title ([`title`]), when the essay has one: then sentence 0.
    pub title: Option<(usize, usize)>,
}

/// The essay's title as the drafter reads it: its title line ([`crate::text::title_line`], the
/// first line with visible text, as the loader's) when that line ends with no full stop, question
/// or exclamation mark; character offsets. The drafter reads no names there.
pub(crate) fn title(essay: &str) -> Option<(usize, usize)> {
    crate::text::title_line(essay).filter(|t| !t.text.ends_with(['.', '?', '!'])).map(|t| (t.start, t.end))
}

/// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "St", "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "Gen", "Lt", "Col", "Gov", "Sen", "Rev", "Prof", "No", "vs", "Mt", "Ft",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text` into tokens and sentences. Every line is a sentence of its own or more; the
/// title ([`title`]) is one sentence, sentence 0, whatever stops it holds.
///
/// # Complexity
/// O(L) for L characters.
pub(crate) fn tokenize(text: &str) -> Tokenized {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    // Token indices after which a sentence ends.
    let mut breaks: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            if c == '\n' && !tokens.is_empty() && breaks.last() != Some(&(tokens.len() - 1)) {
                breaks.push(tokens.len() - 1);
            }
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            tokens.push(Token { start: i, end: i + 1, text: c.to_string(), word: false });
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            // "Ecuador–Peru", "Iran–Iraq" (round 17): an en dash between two letters, the second
            // a capital, joins two names as a hyphen does (not "1941–42").
            let joiner = (matches!(chars[i], '.' | '-' | '’' | '\'')
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()))
                || (chars[i] == '–'
                    && i > start
                    && chars[i - 1].is_alphabetic()
                    && chars.get(i + 1).is_some_and(|n| n.is_uppercase()));
            if !(chars[i].is_alphanumeric() || joiner) {
                break;
            }
            i += 1;
        }
        let mut end = i;
        let word: String = chars[start..end].iter().collect();
        // "D." "St." "U.S.": the dot belongs to the word.
        let single_capital = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if chars.get(end) == Some(&'.')
            && (single_capital || word.contains('.') || ABBREVIATIONS.contains(&word.as_str()))
        {
            end += 1;
            i += 1;
        }
        let text: String = chars[start..end].iter().collect();
        // A possessive "’s" is a token of its own.
        let n = text.chars().count();
        let possessive = n > 2 && {
            let tail: Vec<char> = text.chars().skip(n - 2).collect();
            is_apostrophe(tail[0]) && tail[1] == 's'
        };
        if possessive {
            tokens.push(Token { start, end: end - 2, text: text.chars().take(n - 2).collect(), word: true });
            tokens.push(Token { start: end - 2, end, text: chars[end - 2..end].iter().collect(), word: false });
        } else {
            tokens.push(Token { start, end, text, word: true });
        }
    }
    for (t, token) in tokens.iter().enumerate() {
        if matches!(token.text.as_str(), "." | "?" | "!") {
            breaks.push(t);
        }
    }
    // No sentence ends inside the title ("1848. A Year of Revolutions").
    let title = title(text);
    if let Some((_, title_end)) = title {
        breaks.retain(|&b| tokens[b].end >= title_end);
    }
    breaks.sort_unstable();
    breaks.dedup();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut from = 0;
    let mut paragraph = 0;
    // Whether a line break comes right before token `t`.
    let after_newline =
        |t: usize| t > 0 && tokens.get(t).is_some_and(|x| chars[tokens[t - 1].end..x.start].contains(&'\n'));
    for b in breaks {
        // A closing quote or bracket right after the stop belongs to the sentence it closes.
        let mut to = b + 1;
        while to < tokens.len() && matches!(tokens[to].text.as_str(), ")" | "”" | "’" | "\"") {
            to += 1;
        }
        if to > from {
            paragraph += usize::from(after_newline(from));
            sentences.push(Sentence { tokens: from..to, paragraph });
            from = to;
        }
    }
    if from < tokens.len() {
        paragraph += usize::from(after_newline(from));
        sentences.push(Sentence { tokens: from..tokens.len(), paragraph });
    }
    Tokenized { tokens, sentences, title }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).tokens.into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn abbreviations_keep_their_dot_and_do_not_end_sentences() {
        let t = tokenize("Franklin D. Roosevelt met the U.S. envoy in St. Petersburg. Then he left.");
        assert_eq!(t.sentences.len(), 2);
        assert_eq!(words("Franklin D. Roosevelt")[1], "D.");
        assert!(words("the U.S. envoy").contains(&"U.S.".to_string()));
    }

    #[test]
    fn possessives_and_hyphens() {
        assert_eq!(words("Japan’s Russo-Japanese war"), ["Japan", "’s", "Russo-Japanese", "war"]);
        // Round 17: an en dash between a letter and a capital joins as a hyphen; not in a range
        // of years, nor before a lowercase word.
        assert_eq!(words("the Iran–Iraq War"), ["the", "Iran–Iraq", "War"]);
        assert_eq!(words("in 1941–42"), ["in", "1941", "–", "42"]);
        assert_eq!(words("north–south"), ["north", "–", "south"]);
    }

    #[test]
    fn the_title_is_sentence_0_after_blank_lines_and_whatever_stops_it_holds() {
        for essay in ["A Title\n\nBy Someone. Text.", "\n \n\t\nA Title\n\nBy Someone. Text."] {
            let t = tokenize(essay);
            let (start, end) = t.title.expect("a title");
            assert_eq!(essay.chars().skip(start).take(end - start).collect::<String>(), "A Title");
            assert_eq!(t.sentences.len(), 3, "{essay:?}");
            assert_eq!(t.sentences[0].tokens, 0..2);
            assert_eq!(t.sentences[0].paragraph, 0);
        }
        // A stop inside the title ends no sentence; a title line ending with one is no title.
        let t = tokenize("1848. A Year of Revolutions\nIt began. It ended.");
        assert_eq!(t.sentences.len(), 3);
        assert_eq!(t.sentences[0].tokens, 0..6);
        assert_eq!(tokenize("\nIt began. It ended.\n").title, None);
        assert_eq!(tokenize("Who Won?\nIt began.").title, None);
        assert_eq!(tokenize("  \n").title, None);
    }

    #[test]
    fn lines_are_sentences_and_years_are_recognised() {
        let t = tokenize("A Title\n\nBy Someone. In 1904-05 it was.");
        assert_eq!(t.sentences.len(), 3);
        let paragraphs: Vec<usize> = t.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 1]);
        assert!(t.tokens.iter().any(|w| w.year() == Some(1904)));
        assert_eq!(Token { start: 0, end: 3, text: "257".into(), word: true }.year(), None);
    }
}
