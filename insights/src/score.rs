//! From a tally to trait scores: square-root stabilised feature rates, standardised against
//! the tenant's reference contacts, signed and averaged per trait, then shrunk toward the
//! tenant mean (empirical Bayes) and read as a percentile through the normal CDF.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use crate::catalogue::{TRAITS, TraitDef, TraitGroup};
use crate::lexicon::lexicon;
use crate::norms::Norms;
use crate::tally::Tally;
use crate::{
    Band, Evidence, METHOD_VERSION, MIN_NORM_CONTACTS, MIN_REFERENCE_CONTACTS, NormsInfo, Profile,
    Strength, TraitScore,
};

/// The features the mappings use: Empath categories and `~style` markers, each with an index.
#[derive(Debug)]
pub struct Features {
    pub names: Vec<&'static str>,
    /// Lexicon category index → feature index.
    by_category: HashMap<u16, usize>,
    /// Per trait (in `TRAITS` order): (feature, sign).
    pub signs: Vec<Vec<(usize, f64)>>,
}

impl Features {
    pub fn get() -> &'static Features {
        static F: OnceLock<Features> = OnceLock::new();
        F.get_or_init(|| {
            let lex = lexicon();
            let mut names: Vec<&'static str> = Vec::new();
            let mut by_category = HashMap::new();
            let mut signs = Vec::new();
            for t in TRAITS {
                let mut these = Vec::new();
                for (list, sign) in [(t.plus, 1.0), (t.minus, -1.0)] {
                    for &name in list {
                        let f = match names.iter().position(|n| *n == name) {
                            Some(f) => f,
                            None => {
                                names.push(name);
                                names.len() - 1
                            }
                        };
                        if !name.starts_with('~') {
                            let c = lex
                                .category(name)
                                .unwrap_or_else(|| panic!("mapping names unknown category {name}"));
                            by_category.insert(c, f);
                        }
                        these.push((f, sign));
                    }
                }
                signs.push(these);
            }
            Features {
                names,
                by_category,
                signs,
            }
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Raw counts per feature, leaving out `dropped` (domain) words.
    pub fn counts(&self, tally: &Tally, dropped: &HashSet<String>) -> Vec<f64> {
        let lex = lexicon();
        let mut counts = vec![0.0; self.names.len()];
        for (word, &n) in &tally.hits {
            if dropped.contains(word) {
                continue;
            }
            for c in lex.categories_of(word) {
                if let Some(&f) = self.by_category.get(c) {
                    counts[f] += f64::from(n);
                }
            }
        }
        for (f, name) in self.names.iter().enumerate() {
            if let Some(n) = tally.style.get(name) {
                counts[f] = f64::from(n);
            }
        }
        counts
    }
}

/// √(count / words) per feature.
pub(crate) fn rates(counts: &[f64], words: f64) -> Vec<f64> {
    counts
        .iter()
        .map(|c| if words > 0.0 { (c / words).sqrt() } else { 0.0 })
        .collect()
}

/// Each trait's raw score (mean of signed standardised rates), `None` for unscored traits.
pub fn raw_scores(counts: &[f64], words: f64, norms: &Norms) -> Vec<Option<f64>> {
    let features = Features::get();
    let x = rates(counts, words);
    TRAITS
        .iter()
        .zip(&features.signs)
        .map(|(t, signs)| {
            if t.unscored.is_some() {
                return None;
            }
            let (mut sum, mut n) = (0.0, 0.0);
            for &(f, sign) in signs {
                let fnorm = norms.features.get(f)?;
                if fnorm.sd > 0.0 {
                    sum += sign * (x[f] - fnorm.mean) / fnorm.sd;
                    n += 1.0;
                }
            }
            (n > 0.0).then(|| sum / n)
        })
        .collect()
}

/// Standard normal CDF.
pub(crate) fn phi(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Empirical-Bayes shrinkage: ρ = τ²/(τ²+SE²), ŝ = μ + ρ(s−μ); percentile Φ((ŝ−μ)/τ) and the
/// 80% interval ŝ ± 1.28·√ρ·SE, both as percentiles (0–100).
pub fn shrink(s: f64, mu: f64, tau2: f64, se2: f64) -> (f64, [f64; 2]) {
    let tau = tau2.max(f64::MIN_POSITIVE).sqrt();
    let rho = tau2 / (tau2 + se2);
    let hat = mu + rho * (s - mu);
    let half = 1.28 * rho.sqrt() * se2.sqrt();
    let pct = |v: f64| 100.0 * phi((v - mu) / tau);
    (pct(hat), [pct(hat - half), pct(hat + half)])
}

/// Bands: the outer 30% on each side of the tenant's distribution.
pub(crate) fn band_of(percentile: f64) -> Band {
    if percentile < 30.0 {
        Band::Low
    } else if percentile > 70.0 {
        Band::High
    } else {
        Band::Typical
    }
}

const STYLE_LABELS: &[(&str, &str)] = &[
    ("~exclamations", "“!” (exclamation marks)"),
    ("~i_words", "I / me / my"),
    ("~articles", "a / an / the"),
    ("~long_words", "words of 7+ letters"),
    ("~negations", "no / not / n't"),
    ("~netspeak", "netspeak (lol, u, btw…)"),
];

fn evidence(t: &TraitDef, totals: &Tally, dropped: &HashSet<String>) -> Vec<Evidence> {
    let lex = lexicon();
    let mut cats: HashMap<u16, i8> = HashMap::new();
    let mut out: Vec<Evidence> = Vec::new();
    for (list, dir) in [(t.plus, 1i8), (t.minus, -1i8)] {
        for &name in list {
            if let Some(c) = lex.category(name) {
                cats.insert(c, dir);
            } else if let Some(n) = totals.style.get(name).filter(|n| *n > 0) {
                let label = STYLE_LABELS
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map_or(name, |(_, l)| l);
                out.push(Evidence {
                    word: label.to_string(),
                    count: n,
                    direction: dir,
                });
            }
        }
    }
    let mut words: BTreeMap<(&str, i8), u32> = BTreeMap::new();
    for (word, &n) in &totals.hits {
        if dropped.contains(word) {
            continue;
        }
        for c in lex.categories_of(word) {
            if let Some(&dir) = cats.get(c) {
                words.insert((word.as_str(), dir), n);
            }
        }
    }
    out.extend(words.into_iter().map(|((w, d), n)| Evidence {
        word: w.to_string(),
        count: n,
        direction: d,
    }));
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    out.truncate(8);
    out
}

/// A contact's profile from its totals and the tenant's norms (if computed).
pub fn profile(totals: &Tally, norms: Option<&Norms>) -> Profile {
    let strength = Strength::from_words(totals.words);
    let usable =
        norms.filter(|n| n.reference_contacts >= MIN_REFERENCE_CONTACTS && !n.traits.is_empty());
    let percentiles = usable.is_some_and(|n| n.norm_contacts >= MIN_NORM_CONTACTS);
    let info = NormsInfo {
        mode: match (usable, percentiles) {
            (None, _) => "none",
            (Some(_), true) => "percentiles",
            (Some(_), false) => "bands",
        }
        .to_string(),
        norm_contacts: norms.map_or(0, |n| n.norm_contacts),
        reference_contacts: norms.map_or(0, |n| n.reference_contacts),
        min_norm_contacts: MIN_NORM_CONTACTS,
        computed_at: norms.map(|n| n.computed_at.clone()),
        domain_words: norms.map_or(0, |n| {
            u32::try_from(n.domain_words.len()).unwrap_or(u32::MAX)
        }),
    };
    let empty = HashSet::new();
    let dropped = norms.map_or(&empty, Norms::dropped);
    let scores = match (usable, strength) {
        (Some(n), s) if s != Strength::Insufficient => {
            let counts = Features::get().counts(totals, dropped);
            raw_scores(&counts, f64::from(totals.words), n)
        }
        _ => vec![None; TRAITS.len()],
    };
    let mut p = Profile {
        word_count: totals.words,
        strength,
        norms: info,
        method_version: METHOD_VERSION.to_string(),
        personality: Vec::new(),
        needs: Vec::new(),
        values: Vec::new(),
    };
    for (t, raw) in TRAITS.iter().zip(scores) {
        let mut score = TraitScore {
            trait_id: t.id.to_string(),
            name: t.name.to_string(),
            percentile: None,
            band: Band::Unscored,
            interval: None,
            raw_score: None,
            evidence: Vec::new(),
            note: None,
        };
        if let Some(reason) = t.unscored {
            score.note = Some(reason.to_string());
        } else if strength == Strength::Insufficient {
            // No scores under 100 words (the panel shows progress instead).
        } else {
            score.evidence = evidence(t, totals, dropped);
            match (usable, raw) {
                (Some(n), Some(s)) => {
                    if let Some(tn) = n.trait_norm(t.id) {
                        let se2 = tn.k / f64::from(totals.words.max(1));
                        let (pct, interval) = shrink(s, tn.mu, tn.tau2, se2);
                        score.raw_score = Some(s);
                        score.band = band_of(pct);
                        if percentiles && strength.allows_percentiles() {
                            score.percentile = Some(pct);
                            score.interval = Some(interval);
                        }
                    }
                }
                _ => {
                    score.note = Some(format!(
                        "Not compared yet: bands need the tenant's reference of at least {MIN_REFERENCE_CONTACTS} contacts with 100+ words."
                    ));
                }
            }
        }
        match t.group {
            TraitGroup::Personality => p.personality.push(score),
            TraitGroup::Needs => p.needs.push(score),
            TraitGroup::Values => p.values.push(score),
        }
    }
    p
}
