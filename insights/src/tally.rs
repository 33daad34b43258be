//! Tokenising a text and counting what scoring needs: words, lexicon hits and style markers.
//! A contact's totals are the sum of its texts' tallies, so a new message is added without
//! rereading the contact's history.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_segmentation::UnicodeSegmentation;

use crate::lexicon::lexicon;

/// Counts of closed-class and style markers (self-written lists, see docs/insights.md).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Style {
    /// `!` characters.
    pub exclamations: u32,
    /// First-person singular: I, me, my, mine, myself and their contractions.
    pub i_words: u32,
    /// a, an, the.
    pub articles: u32,
    /// Words of more than six letters.
    pub long_words: u32,
    /// no, not, never, nothing… and every `n't`.
    pub negations: u32,
    /// lol, omg, btw, thx, u, ur, gonna…
    pub netspeak: u32,
}

/// What one text (or the sum of several) contributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub words: u32,
    /// UTF-8 bytes of the text counted (for the 250 KB cap).
    pub bytes: u32,
    /// Lexicon words and how often they occur; other words are not kept.
    pub hits: BTreeMap<String, u32>,
    pub style: Style,
}

const I_WORDS: &[&str] = &[
    "i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll", "im", "ive",
];
const ARTICLES: &[&str] = &["a", "an", "the"];
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot",
    "cant", "dont", "wont", "didnt", "isnt", "doesnt",
];
const NETSPEAK: &[&str] = &[
    "lol", "lmao", "rofl", "omg", "btw", "thx", "thanx", "pls", "plz", "u", "ur", "idk", "imo",
    "imho", "brb", "ttyl", "gonna", "wanna", "gotta", "ya", "yep", "nope", "cuz", "tho", "xd",
    "smh", "tbh", "k", "kk", "yeah", "dunno",
];

/// Words by Unicode word boundaries (UAX #29), lower-cased, with typographic apostrophes
/// made ASCII so `don’t` and `don't` are one word. Tokens without a letter (numbers,
/// prices) are not words.
pub fn tokenize(text: &str) -> Vec<String> {
    text.unicode_words()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(|w| {
            w.replace(['\u{2019}', '\u{2018}', '\u{02BC}'], "'")
                .to_lowercase()
        })
        .collect()
}

impl Tally {
    /// Tallies one text.
    pub fn of_text(text: &str) -> Tally {
        let lex = lexicon();
        let mut tally = Tally {
            bytes: u32::try_from(text.len()).unwrap_or(u32::MAX),
            ..Tally::default()
        };
        tally.style.exclamations = u32::try_from(text.matches('!').count()).unwrap_or(u32::MAX);
        for word in tokenize(text) {
            tally.words = tally.words.saturating_add(1);
            let w = word.as_str();
            let s = &mut tally.style;
            if I_WORDS.contains(&w) {
                s.i_words += 1;
            }
            if ARTICLES.contains(&w) {
                s.articles += 1;
            }
            if NEGATIONS.contains(&w) || w.ends_with("n't") {
                s.negations += 1;
            }
            if NETSPEAK.contains(&w) {
                s.netspeak += 1;
            }
            if w.chars().filter(|c| c.is_alphabetic()).count() > 6 {
                s.long_words += 1;
            }
            let key = if lex.contains(w) {
                Some(word.clone())
            } else {
                w.strip_suffix("'s")
                    .filter(|stem| lex.contains(stem))
                    .map(str::to_string)
            };
            if let Some(key) = key {
                *tally.hits.entry(key).or_insert(0) += 1;
            }
        }
        tally
    }

    /// Adds another text's tally.
    pub fn add(&mut self, other: &Tally) {
        self.words = self.words.saturating_add(other.words);
        self.bytes = self.bytes.saturating_add(other.bytes);
        for (word, n) in &other.hits {
            *self.hits.entry(word.clone()).or_insert(0) += n;
        }
        self.style.combine(&other.style, |a, b| a.saturating_add(b));
    }

    /// Takes away a tally that was added before.
    pub fn subtract(&mut self, other: &Tally) {
        self.words = self.words.saturating_sub(other.words);
        self.bytes = self.bytes.saturating_sub(other.bytes);
        for (word, n) in &other.hits {
            if let Some(have) = self.hits.get_mut(word) {
                *have = have.saturating_sub(*n);
                if *have == 0 {
                    self.hits.remove(word);
                }
            }
        }
        self.style.combine(&other.style, |a, b| a.saturating_sub(b));
    }
}

impl Style {
    fn combine(&mut self, o: &Style, f: impl Fn(u32, u32) -> u32) {
        self.exclamations = f(self.exclamations, o.exclamations);
        self.i_words = f(self.i_words, o.i_words);
        self.articles = f(self.articles, o.articles);
        self.long_words = f(self.long_words, o.long_words);
        self.negations = f(self.negations, o.negations);
        self.netspeak = f(self.netspeak, o.netspeak);
    }

    /// A style marker's count by its mapping name (`~exclamations`…).
    pub fn get(&self, name: &str) -> Option<u32> {
        Some(match name {
            "~exclamations" => self.exclamations,
            "~i_words" => self.i_words,
            "~articles" => self.articles,
            "~long_words" => self.long_words,
            "~negations" => self.negations,
            "~netspeak" => self.netspeak,
            _ => return None,
        })
    }
}

/// Identifies a text for "duplicates counted once": SHA-256 of its words, so re-sent or
/// re-quoted text with other spacing or case is the same text.
pub fn text_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for word in tokenize(text) {
        hasher.update(word.as_bytes());
        hasher.update([0u8]);
    }
    hex::encode(&hasher.finalize()[..16])
}
