//! Personality Insights (SPEC §3.6; method notes in `docs/insights.md`).
//!
//! Always compiled: the report types the contact page and `GET /api/v1/contacts/{id}/insights`
//! share ([`Profile`], [`TraitScore`], [`Strength`], [`Band`]) and the trait catalogue.
//! With the `score` feature (server only, never in the WebAssembly bundle): the Empath lexicon,
//! the tokenizer, per-text tallies, email clean-up, scoring, tenant norms and reliability.

use serde::{Deserialize, Serialize};

mod catalogue;
pub use catalogue::{TRAITS, TraitDef, TraitGroup, trait_def};

#[cfg(feature = "score")]
mod lexicon;
#[cfg(feature = "score")]
mod norms;
#[cfg(feature = "score")]
mod score;
#[cfg(feature = "score")]
mod strip;
#[cfg(feature = "score")]
mod tally;

#[cfg(feature = "score")]
pub use lexicon::{Lexicon, lexicon};
#[cfg(feature = "score")]
pub use norms::{Norms, TraitNorm, compute_norms, split_half};
#[cfg(feature = "score")]
pub use score::{Features, profile, raw_scores};
#[cfg(feature = "score")]
pub use strip::strip_email_body;
#[cfg(feature = "score")]
pub use tally::{Style, Tally, text_hash, tokenize};

#[cfg(all(test, feature = "score"))]
mod tests;

/// Changes whenever tokenisation, the lexicon, a mapping or the arithmetic changes.
pub const METHOD_VERSION: &str = "callerdesk-lexicon-1";
/// Below this many words nothing is scored (a progress bar instead).
pub const MIN_WORDS: u32 = 100;
/// Only the most recent 250 KB of a contact's text is used.
pub const MAX_BYTES: u64 = 250 * 1024;
/// Contacts with this many words make the tenant's norms (percentiles).
pub const NORM_WORDS: u32 = 600;
/// Percentiles need at least this many norm contacts; fewer give bands only.
pub const MIN_NORM_CONTACTS: u32 = 50;
/// Bands need at least this many reference contacts (100+ words) to compare with.
pub const MIN_REFERENCE_CONTACTS: u32 = 10;

/// How much text there is, by word count (SPEC §3.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Under 100 words: no scores.
    Insufficient,
    /// 100–599: bands only.
    Weak,
    /// 600–1,199.
    Decent,
    /// 1,200–2,999.
    Strong,
    /// 3,000 and more.
    VeryStrong,
}

impl Strength {
    pub fn from_words(words: u32) -> Strength {
        match words {
            0..=99 => Strength::Insufficient,
            100..=599 => Strength::Weak,
            600..=1199 => Strength::Decent,
            1200..=2999 => Strength::Strong,
            _ => Strength::VeryStrong,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Strength::Insufficient => "Not enough text",
            Strength::Weak => "Weak",
            Strength::Decent => "Decent",
            Strength::Strong => "Strong",
            Strength::VeryStrong => "Very strong",
        }
    }

    /// Percentiles may be shown (with tenant norms); weaker text gets bands only.
    pub fn allows_percentiles(self) -> bool {
        !matches!(self, Strength::Insufficient | Strength::Weak)
    }
}

/// Where a trait lies compared with the tenant's contacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Typical,
    High,
    /// Not scored: too little text, no reference yet, or no word-use proxy (Ideal).
    Unscored,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Typical => "Typical",
            Band::High => "High",
            Band::Unscored => "Not scored",
        }
    }
}

/// A word (or a style marker such as exclamation marks) that moved a trait.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub word: String,
    pub count: u32,
    /// +1 raised the trait, -1 lowered it.
    pub direction: i8,
}

/// One trait's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraitScore {
    pub trait_id: String,
    pub name: String,
    /// 0–100, shrunk toward the tenant mean; `None` in band mode or when unscored.
    pub percentile: Option<f64>,
    pub band: Band,
    /// The 80% interval of the percentile (or `None`).
    pub interval: Option<[f64; 2]>,
    /// The unshrunk score in reference standard deviations (`None` when unscored).
    pub raw_score: Option<f64>,
    pub evidence: Vec<Evidence>,
    /// Why a trait is unscored or how to read it, when that needs saying.
    pub note: Option<String>,
}

/// Which standard the scores are compared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NormsInfo {
    /// `percentiles`, `bands` or `none` (no reference yet).
    pub mode: String,
    /// Tenant contacts with 600+ words behind the percentiles.
    pub norm_contacts: u32,
    /// Tenant contacts with 100+ words behind the bands.
    pub reference_contacts: u32,
    pub min_norm_contacts: u32,
    /// RFC 3339 time the norms were computed, if they were.
    pub computed_at: Option<String>,
    /// Words used by more than 30% of reference contacts: about the business, not the person.
    pub domain_words: u32,
}

/// A contact's Personality Insights: the JSON of `GET /api/v1/contacts/{id}/insights`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub word_count: u32,
    pub strength: Strength,
    pub norms: NormsInfo,
    pub method_version: String,
    pub personality: Vec<TraitScore>,
    pub needs: Vec<TraitScore>,
    pub values: Vec<TraitScore>,
}

impl Profile {
    /// Every trait, Big Five first.
    pub fn all(&self) -> impl Iterator<Item = &TraitScore> {
        self.personality
            .iter()
            .chain(&self.needs)
            .chain(&self.values)
    }
}
