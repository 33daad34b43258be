//! Which parts of a piece of text a Quickfind query matched, for `<mark>`ing them in result
//! snippets, names and subjects (SPEC §2.2 item 5).
//!
//! Pure and portable (std only): the header box runs it in the browser, the `/search` page on
//! the server, and both paint the same marks.
//!
//! Rules (the same shapes of match the engines use, SPEC §3.4, as far as text can show them):
//! - A [`Term::Word`] is marked where a word of the text starts with it; a word of 3+
//!   characters (`substring: true`) is marked wherever it occurs, also inside words.
//! - Each word of a [`Term::Phrase`] is marked where a whole word of the text equals it.
//! - A [`Term::Email`] or [`Term::EmailPrefix`] is marked wherever it occurs.
//! - Phones and references are not marked: they match on digits the text may show with any
//!   punctuation. Typo matches are not marked either (there is no exact place to point at).
//!
//! Matching is case-insensitive: the text is lower-cased character by character (Unicode
//! `to_lowercase`, which may change the length, e.g. `İ` → `i̇`), and the typographic
//! apostrophe `’` is read as `'`, as [`Query::parse`] does. Every mark is widened to whole
//! characters of the original text, so slicing never splits a character, whatever the input.

use crate::domain::quickfind::{Query, Term};

/// Where a needle may match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// At the start of a word of the text.
    WordStart,
    /// A whole word of the text.
    WholeWord,
    /// Anywhere.
    Anywhere,
}

/// The text cut into pieces, each marked `true` when the query matched it. The pieces joined
/// give back `text` exactly; no piece is empty and no two neighbours have the same mark.
/// Empty text gives no pieces.
pub fn highlight(text: &str, query: &Query) -> Vec<(String, bool)> {
    if text.is_empty() {
        return Vec::new();
    }
    let needles = needles(query);
    if needles.is_empty() {
        return vec![(text.to_string(), false)];
    }
    let folded = Folded::new(text);
    // One flag per character of the original text.
    let mut marked = vec![false; folded.chars.len()];
    for (needle, place) in &needles {
        for start in folded.match_starts(needle, *place) {
            let end = start + needle.len();
            let (first, last) = (folded.owner[start], folded.owner[end - 1]);
            for flag in &mut marked[first..=last] {
                *flag = true;
            }
        }
    }
    pieces(text, &folded.chars, &marked)
}

/// The strings to look for, lower-cased, with where they may match.
fn needles(query: &Query) -> Vec<(String, Place)> {
    let mut out: Vec<(String, Place)> = Vec::new();
    let mut add = |text: &str, place: Place| {
        let text = fold(text);
        if !text.is_empty() && !out.iter().any(|(t, p)| *t == text && *p == place) {
            out.push((text, place));
        }
    };
    for term in &query.terms {
        match term {
            Term::Word {
                text, substring, ..
            } => add(
                text,
                if *substring {
                    Place::Anywhere
                } else {
                    Place::WordStart
                },
            ),
            Term::Phrase(words) => words.iter().for_each(|w| add(w, Place::WholeWord)),
            Term::Email(address) | Term::EmailPrefix(address) => add(address, Place::Anywhere),
            Term::Phone { .. } | Term::Reference { .. } => {}
        }
    }
    out
}

/// Lower-cases and reads `’` as `'` (the query side is already lower-cased; this keeps the two
/// sides folded by the same function).
fn fold(s: &str) -> String {
    s.chars().flat_map(fold_char).collect()
}

fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = if c == '\u{2019}' { '\'' } else { c };
    c.to_lowercase()
}

/// The text folded, with a map from each byte of the folded text back to the character of
/// the original text it came from.
struct Folded {
    /// The folded text.
    text: String,
    /// For each byte of `text`: the index (in `chars`) of the original character.
    owner: Vec<usize>,
    /// The original text's characters as (byte offset, char).
    chars: Vec<(usize, char)>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        let chars: Vec<(usize, char)> = original.char_indices().collect();
        let mut text = String::with_capacity(original.len());
        let mut owner = Vec::with_capacity(original.len());
        for (index, &(_, c)) in chars.iter().enumerate() {
            for folded in fold_char(c) {
                text.push(folded);
                owner.extend(std::iter::repeat_n(index, folded.len_utf8()));
            }
        }
        Folded { text, owner, chars }
    }

    /// Byte offsets in the folded text where `needle` occurs in the given place (overlapping
    /// occurrences included).
    fn match_starts(&self, needle: &str, place: Place) -> Vec<usize> {
        let text = self.text.as_str();
        let mut starts = Vec::new();
        for (at, _) in text.char_indices() {
            if !text[at..].starts_with(needle) {
                continue;
            }
            let word_start = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let word_end = text[at + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !is_word_char(c));
            let fits = match place {
                Place::Anywhere => true,
                Place::WordStart => word_start,
                Place::WholeWord => word_start && word_end,
            };
            if fits {
                starts.push(at);
            }
        }
        starts
    }
}

/// Letters, digits and the combining marks that belong to a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}')
}

/// Joins runs of characters with the same mark into pieces of the original text.
fn pieces(text: &str, chars: &[(usize, char)], marked: &[bool]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        let boundary = i == chars.len() || marked[i] != marked[i - 1];
        if boundary {
            let from = chars[start].0;
            let to = chars.get(i).map_or(text.len(), |&(offset, _)| offset);
            out.push((text[from..to].to_string(), marked[start]));
            start = i;
        }
    }
    out
}

#[cfg(test)]
#[path = "highlight_tests.rs"]
mod tests;
