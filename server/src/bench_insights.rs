//! `server bench insights` (issue 8): Personality Insights arithmetic on the seed generator's
//! text. It generates communications for `--contacts` contacts, keeps what the contacts wrote
//! (incoming email bodies stripped of quotes and signatures, SMS and chat) as per-text tallies,
//! and measures
//! - `norms_s`: computing the tenant norms over every contact with text (domain words, feature
//!   means and SDs, per-trait μ, τ² and the jackknife noise constant);
//! - `update_*_ms`: one contact's profile after a new message — tallying the message, adding it
//!   to the contact's running totals and scoring the totals against the norms (what the
//!   contact page does on each new text; no history is reread);
//! - split-half reliability per trait (odd vs even texts, Spearman–Brown) over contacts with
//!   600+ words.
//!
//! The last printed line is one JSON object.

use std::collections::HashMap;
use std::time::Instant;

use insights::{Tally, compute_norms, profile, split_half, strip_email_body};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::bench::pct;
use crate::seed::generate::SeedConfig;

pub fn insights(
    contacts: u64,
    comms_per_contact: u64,
    updates: usize,
    seed: u64,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        contacts > 0 && comms_per_contact > 0 && updates > 0,
        "all counts must be positive"
    );
    let started = Instant::now();
    // About a tenth of generated contacts write nothing, so generate a fifth more and keep
    // `contacts` of those with text.
    let config = SeedConfig {
        seed,
        contacts: contacts + contacts / 5,
        work_items: contacts * 2,
        comms: contacts * comms_per_contact,
        accounts: (contacts / 20).max(1),
        now: chrono::Utc::now(),
    };
    let mut by_contact: HashMap<u64, Vec<Tally>> = HashMap::new();
    let mut later: Vec<String> = Vec::new();
    for i in 0..config.comms {
        let c = config.comm(i);
        if c.direction != "incoming" || !matches!(c.kind, "email" | "sms" | "chat") {
            continue;
        }
        let Some(contact) = c.contact_index else {
            continue;
        };
        let text = if c.kind == "email" {
            strip_email_body(&c.body_text)
        } else {
            c.body_text
        };
        if later.len() < updates && i % 7 == 0 {
            later.push(text.clone());
        }
        by_contact
            .entry(contact)
            .or_default()
            .push(Tally::of_text(&text));
    }
    let mut keyed: Vec<(u64, Vec<Tally>)> = by_contact.into_iter().collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    keyed.truncate(usize::try_from(contacts).unwrap_or(usize::MAX));
    let data: Vec<Vec<Tally>> = keyed.into_iter().map(|(_, texts)| texts).collect();
    let words: u64 = data.iter().flatten().map(|t| u64::from(t.words)).sum();
    let texts: usize = data.iter().map(Vec::len).sum();
    println!(
        "generated {} contacts with text, {texts} texts, {words} words in {:.1} s",
        data.len(),
        started.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let norms = compute_norms(&data, chrono::Utc::now().to_rfc3339());
    let norms_s = t.elapsed().as_secs_f64();
    println!(
        "norms: {:.2} s for {} contacts ({} reference with 100+ words, {} with 600+; {} domain words)",
        norms_s,
        data.len(),
        norms.reference_contacts,
        norms.norm_contacts,
        norms.domain_words.len()
    );

    println!("domain words: {}", norms.domain_words.join(", "));

    // Running totals of every contact, as the store keeps them.
    let mut totals: Vec<Tally> = data
        .iter()
        .map(|texts| {
            let mut sum = Tally::default();
            texts.iter().for_each(|t| sum.add(t));
            sum
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ms = Vec::with_capacity(updates);
    let mut percentiles = 0usize;
    for i in 0..updates {
        let who = rng.gen_range(0..totals.len());
        let text = &later[i % later.len().max(1)];
        let t = Instant::now();
        let tally = Tally::of_text(text);
        totals[who].add(&tally);
        let p = profile(&totals[who], Some(&norms));
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        percentiles += p.all().filter(|s| s.percentile.is_some()).count();
    }
    let (p50, p95, p99) = (pct(&ms, 50.0), pct(&ms, 95.0), pct(&ms, 99.0));
    println!(
        "update after a new message: p50 {p50:.3} ms, p95 {p95:.3} ms, p99 {p99:.3} ms over {updates} updates ({percentiles} percentiles shown)"
    );

    let reliability = split_half(&data, &norms);
    println!(
        "split-half reliability (odd vs even texts, Spearman–Brown), contacts with 600+ words:"
    );
    let mut rel_json = serde_json::Map::new();
    for (id, n, r, sb) in &reliability {
        println!("  {id:<28} n={n:<6} r={r:>6.3}  corrected={sb:>6.3}");
        rel_json.insert(
            id.clone(),
            json!({ "n": n, "r": round3(*r), "spearman_brown": round3(*sb) }),
        );
    }
    println!(
        "{}",
        json!({
            "bench": "insights",
            "contacts_with_text": data.len(),
            "texts": texts,
            "words": words,
            "reference_contacts": norms.reference_contacts,
            "norm_contacts": norms.norm_contacts,
            "norms_s": round3(norms_s),
            "updates": updates,
            "update_p50_ms": round3(p50),
            "update_p95_ms": round3(p95),
            "update_p99_ms": round3(p99),
            "split_half": rel_json,
        })
    );
    Ok(())
}

fn round3(v: f64) -> f64 {
    if v.is_finite() {
        (v * 1000.0).round() / 1000.0
    } else {
        f64::NAN
    }
}
