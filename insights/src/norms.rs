//! A tenant's norms: feature means and spreads over its reference contacts (100+ words),
//! domain words, and per trait the mean μ, the between-person variance τ² and the
//! noise constant k (SE² ≈ k / words, from a leave-one-message-out jackknife).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalogue::TRAITS;
use crate::score::{Features, rates, raw_scores};
use crate::tally::Tally;
use crate::{METHOD_VERSION, MIN_NORM_CONTACTS, MIN_REFERENCE_CONTACTS, MIN_WORDS, NORM_WORDS};

/// Words used by more than this share of reference contacts describe the business.
pub const DOMAIN_SHARE: f64 = 0.30;
/// τ² never falls below this (in squared reference SDs): all-noise traits shrink to the mean.
pub const TAU2_FLOOR: f64 = 1e-4;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureNorm {
    pub name: String,
    /// Mean and SD of √rate over the reference contacts.
    pub mean: f64,
    pub sd: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TraitNorm {
    pub trait_id: String,
    pub mu: f64,
    pub tau2: f64,
    /// SE² of a contact with `w` words ≈ k / w.
    pub k: f64,
    /// Contacts the trait statistics came from, and whether they are the 600+-word norm set
    /// (`norm`) or the 100+-word reference set (`reference`).
    pub contacts: u32,
    pub basis: String,
    /// `jackknife`, or `poisson` when too few contacts had two or more texts.
    pub se_method: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Norms {
    pub method_version: String,
    pub computed_at: String,
    pub reference_contacts: u32,
    pub norm_contacts: u32,
    pub domain_words: Vec<String>,
    pub features: Vec<FeatureNorm>,
    pub traits: Vec<TraitNorm>,
    #[serde(skip)]
    dropped: OnceLock<HashSet<String>>,
}

impl Norms {
    /// The domain words as a set.
    pub fn dropped(&self) -> &HashSet<String> {
        self.dropped
            .get_or_init(|| self.domain_words.iter().cloned().collect())
    }

    pub fn trait_norm(&self, id: &str) -> Option<&TraitNorm> {
        self.traits.iter().find(|t| t.trait_id == id)
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn var(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
}

/// One contact prepared for the norms: per-text feature counts and their sum.
struct Prepared {
    per_text: Vec<(Vec<f64>, f64)>,
    total: Vec<f64>,
    words: f64,
}

fn prepare(texts: &[Tally], dropped: &HashSet<String>) -> Prepared {
    let features = Features::get();
    let per_text: Vec<(Vec<f64>, f64)> = texts
        .iter()
        .map(|t| (features.counts(t, dropped), f64::from(t.words)))
        .collect();
    let mut total = vec![0.0; features.len()];
    let mut words = 0.0;
    for (c, w) in &per_text {
        for (a, b) in total.iter_mut().zip(c) {
            *a += b;
        }
        words += w;
    }
    Prepared {
        per_text,
        total,
        words,
    }
}

/// Computes a tenant's norms from each contact's counted texts (one `Vec` per contact).
pub fn compute_norms(contacts: &[Vec<Tally>], computed_at: String) -> Norms {
    let features = Features::get();
    let reference: Vec<&Vec<Tally>> = contacts
        .iter()
        .filter(|texts| {
            texts.iter().map(|t| u64::from(t.words)).sum::<u64>() >= u64::from(MIN_WORDS)
        })
        .collect();
    let mut norms = Norms {
        method_version: METHOD_VERSION.to_string(),
        computed_at,
        reference_contacts: u32::try_from(reference.len()).unwrap_or(u32::MAX),
        ..Norms::default()
    };
    if reference.len() < MIN_REFERENCE_CONTACTS as usize {
        return norms;
    }
    // Domain words: lexicon words used by more than 30% of reference contacts.
    let mut users: HashMap<&str, usize> = HashMap::new();
    for texts in &reference {
        let mut seen: HashSet<&str> = HashSet::new();
        for t in texts.iter() {
            seen.extend(t.hits.keys().map(String::as_str));
        }
        for w in seen {
            *users.entry(w).or_insert(0) += 1;
        }
    }
    let cut = DOMAIN_SHARE * reference.len() as f64;
    let mut domain: Vec<String> = users
        .into_iter()
        .filter(|(_, n)| *n as f64 > cut)
        .map(|(w, _)| w.to_string())
        .collect();
    domain.sort_unstable();
    norms.domain_words = domain;
    let dropped = norms.dropped().clone();

    let prepared: Vec<Prepared> = reference.iter().map(|t| prepare(t, &dropped)).collect();
    let x: Vec<Vec<f64>> = prepared.iter().map(|p| rates(&p.total, p.words)).collect();
    norms.features = features
        .names
        .iter()
        .enumerate()
        .map(|(f, name)| {
            let col: Vec<f64> = x.iter().map(|r| r[f]).collect();
            FeatureNorm {
                name: name.to_string(),
                mean: mean(&col),
                sd: var(&col).sqrt(),
            }
        })
        .collect();

    let norm_set: Vec<&Prepared> = prepared
        .iter()
        .filter(|p| p.words >= f64::from(NORM_WORDS))
        .collect();
    norms.norm_contacts = u32::try_from(norm_set.len()).unwrap_or(u32::MAX);
    let (basis, basis_name): (Vec<&Prepared>, &str) =
        if norm_set.len() >= MIN_NORM_CONTACTS as usize {
            (norm_set, "norm")
        } else {
            (prepared.iter().collect(), "reference")
        };

    // Raw scores and jackknife SE² per basis contact.
    let n_traits = TRAITS.len();
    let mut scores: Vec<Vec<f64>> = vec![Vec::new(); n_traits];
    let mut k_samples: Vec<Vec<f64>> = vec![Vec::new(); n_traits];
    let mut se2_samples: Vec<Vec<f64>> = vec![Vec::new(); n_traits];
    for p in &basis {
        let full = raw_scores(&p.total, p.words, &norms);
        for (t, s) in full.iter().enumerate() {
            if let Some(s) = s {
                scores[t].push(*s);
            }
        }
        let m = p.per_text.len();
        if m < 2 {
            continue;
        }
        let mut loo: Vec<Vec<f64>> = vec![Vec::with_capacity(m); n_traits];
        for (counts, w) in &p.per_text {
            let rest: Vec<f64> = p.total.iter().zip(counts).map(|(a, b)| a - b).collect();
            let rest_words = p.words - w;
            if rest_words <= 0.0 {
                continue;
            }
            for (t, s) in raw_scores(&rest, rest_words, &norms)
                .into_iter()
                .enumerate()
            {
                if let Some(s) = s {
                    loo[t].push(s);
                }
            }
        }
        for t in 0..n_traits {
            let v = &loo[t];
            if v.len() < 2 {
                continue;
            }
            let mbar = mean(v);
            let n = v.len() as f64;
            let se2 = (n - 1.0) / n * v.iter().map(|s| (s - mbar).powi(2)).sum::<f64>();
            se2_samples[t].push(se2);
            k_samples[t].push(se2 * p.words);
        }
    }
    let signs = &features.signs;
    norms.traits = TRAITS
        .iter()
        .enumerate()
        .filter(|(t, def)| def.unscored.is_none() && !scores[*t].is_empty())
        .map(|(t, def)| {
            let s = &scores[t];
            let enough_jk = k_samples[t].len() >= 5;
            let (k, mean_se2, se_method) = if enough_jk {
                (mean(&k_samples[t]), mean(&se2_samples[t]), "jackknife")
            } else {
                // Poisson: Var(√(c/w)) ≈ 1/(4w), so a mean of n standardised rates has
                // SE² ≈ Σ 1/(4·sd²) / n² / w.
                let used: Vec<f64> = signs[t]
                    .iter()
                    .filter_map(|(f, _)| norms.features.get(*f).map(|fnorm| fnorm.sd))
                    .filter(|sd| *sd > 0.0)
                    .collect();
                let n = used.len().max(1) as f64;
                let k = used.iter().map(|sd| 1.0 / (4.0 * sd * sd)).sum::<f64>() / (n * n);
                let mean_words = mean(&basis.iter().map(|p| p.words).collect::<Vec<_>>());
                (k, k / mean_words.max(1.0), "poisson")
            };
            TraitNorm {
                trait_id: def.id.to_string(),
                mu: mean(s),
                tau2: (var(s) - mean_se2).max(TAU2_FLOOR),
                k,
                contacts: u32::try_from(s.len()).unwrap_or(u32::MAX),
                basis: basis_name.to_string(),
                se_method: se_method.to_string(),
            }
        })
        .collect();
    norms
}

/// Split-half reliability per trait over contacts with 600+ words and two or more texts:
/// odd texts against even texts, Pearson r across contacts, Spearman–Brown corrected
/// (2r / (1 + r)). Answers (trait id, contacts, r, corrected).
pub fn split_half(contacts: &[Vec<Tally>], norms: &Norms) -> Vec<(String, usize, f64, f64)> {
    let features = Features::get();
    let dropped = norms.dropped();
    // Per contact: the odd half's and the even half's scores.
    type Scores = Vec<Option<f64>>;
    let mut halves: Vec<(Scores, Scores)> = Vec::new();
    for texts in contacts {
        let words: u64 = texts.iter().map(|t| u64::from(t.words)).sum();
        if words < u64::from(NORM_WORDS) || texts.len() < 2 {
            continue;
        }
        let (mut odd, mut even) = (Tally::default(), Tally::default());
        for (i, t) in texts.iter().enumerate() {
            if i % 2 == 0 { odd.add(t) } else { even.add(t) }
        }
        let score = |t: &Tally| raw_scores(&features.counts(t, dropped), f64::from(t.words), norms);
        halves.push((score(&odd), score(&even)));
    }
    TRAITS
        .iter()
        .enumerate()
        .filter(|(_, d)| d.unscored.is_none())
        .map(|(t, d)| {
            let pairs: Vec<(f64, f64)> = halves
                .iter()
                .filter_map(|(a, b)| Some((a[t]?, b[t]?)))
                .collect();
            let r = pearson(&pairs);
            (d.id.to_string(), pairs.len(), r, 2.0 * r / (1.0 + r))
        })
        .collect()
}

pub(crate) fn pearson(pairs: &[(f64, f64)]) -> f64 {
    if pairs.len() < 3 {
        return f64::NAN;
    }
    let a: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let b: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let (ma, mb) = (mean(&a), mean(&b));
    let cov: f64 = pairs.iter().map(|(x, y)| (x - ma) * (y - mb)).sum();
    let (va, vb): (f64, f64) = (
        a.iter().map(|x| (x - ma).powi(2)).sum(),
        b.iter().map(|y| (y - mb).powi(2)).sum(),
    );
    if va <= 0.0 || vb <= 0.0 {
        f64::NAN
    } else {
        cov / (va * vb).sqrt()
    }
}
