//! The Empath lexicon (Fast, Chen & Bernstein 2016; MIT), shipped as
//! `data/empath-categories.tsv` with its licence in `data/LICENSE-empath.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

const EMPATH_TSV: &str = include_str!("../data/empath-categories.tsv");

/// Word → categories. Only single words are matched: Empath's few multi-word entries
/// (`worst_part`, `in-law`…) and entries with digits are skipped.
#[derive(Debug)]
pub struct Lexicon {
    names: Vec<String>,
    words: HashMap<String, Vec<u16>>,
    entries: usize,
    skipped: usize,
}

impl Lexicon {
    /// Parses `category<TAB>word<TAB>word…` lines.
    pub fn parse(tsv: &str) -> Result<Lexicon, String> {
        let mut names = Vec::new();
        let mut words: HashMap<String, Vec<u16>> = HashMap::new();
        let (mut entries, mut skipped) = (0, 0);
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut cells = line.split('\t');
            let name = cells.next().unwrap_or_default().trim();
            if name.is_empty() || names.iter().any(|c| c == name) {
                return Err(format!("line {}: missing or repeated category name", n + 1));
            }
            let index =
                u16::try_from(names.len()).map_err(|_| "too many categories".to_string())?;
            names.push(name.to_string());
            for word in cells {
                let word = word.trim().to_lowercase();
                if word.is_empty() {
                    continue;
                }
                if !word.chars().all(|c| c.is_alphabetic() || c == '\'') {
                    skipped += 1;
                    continue;
                }
                let cats = words.entry(word).or_default();
                if !cats.contains(&index) {
                    cats.push(index);
                    entries += 1;
                }
            }
        }
        if names.is_empty() {
            return Err("no categories".into());
        }
        Ok(Lexicon {
            names,
            words,
            entries,
            skipped,
        })
    }

    pub fn category_count(&self) -> usize {
        self.names.len()
    }

    /// Distinct (category, word) pairs kept.
    pub fn entry_count(&self) -> usize {
        self.entries
    }

    /// Entries skipped for not being one word.
    pub fn skipped_count(&self) -> usize {
        self.skipped
    }

    pub fn category(&self, name: &str) -> Option<u16> {
        self.names
            .iter()
            .position(|c| c == name)
            .and_then(|i| u16::try_from(i).ok())
    }

    pub fn category_name(&self, index: u16) -> &str {
        self.names
            .get(usize::from(index))
            .map_or("", String::as_str)
    }

    pub fn categories_of(&self, word: &str) -> &[u16] {
        self.words.get(word).map_or(&[], Vec::as_slice)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The lexicon's words of `category`, sorted (for documentation and tests).
    pub fn words_of(&self, category: &str) -> Vec<&str> {
        let Some(index) = self.category(category) else {
            return Vec::new();
        };
        let mut out: Vec<&str> = self
            .words
            .iter()
            .filter(|(_, cats)| cats.contains(&index))
            .map(|(w, _)| w.as_str())
            .collect();
        out.sort_unstable();
        out
    }
}

/// The shipped lexicon, parsed once.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse(EMPATH_TSV).expect("the shipped Empath file parses"))
}
