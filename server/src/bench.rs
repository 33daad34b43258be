//! `server bench quickfind`: Quickfind's server time at scale, and the naive `LIKE '%word%'`
//! search most helpdesks run, on the same data (issue "Quickfind", SPEC §4 Speed).
//!
//! It seeds (or reuses) a tenant of N contacts, 2N work items and 5N communications, draws a
//! fixed, seeded mix of realistic queries from that tenant's own data, runs the mix once to
//! warm the caches and once measured, and prints p50/p95/p99 per query class and overall.
//! The baseline runs a stratified sample of the same queries (every class, in turn), since
//! each naive query reads whole tables. The last line printed is one JSON object.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, bail};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use app::domain::quickfind::{Query, Term};
use app::model::TenantId;
use app::search_api::{QUICKFIND_LIMIT, SearchRequest};

use crate::config::{QuickfindBenchArgs, SeedArgs};
use crate::store::Database;

/// Runs `$body` with `$pool` bound to the database's read pool, once per engine type.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Database::Sqlite(s) => {
                let $pool = &s.read;
                $body
            }
            Database::Postgres(s) => {
                let $pool = &s.read;
                $body
            }
        }
    };
}

/// One benchmark query and its class.
#[derive(Clone, Debug)]
struct BenchQuery {
    class: &'static str,
    text: String,
}

pub async fn quickfind(db: &Database, args: &QuickfindBenchArgs) -> anyhow::Result<()> {
    let store = db.store();
    let engine = store.engine().as_str();
    let tenant = prepare_tenant(db, args).await?;
    println!("sampling queries from tenant {:?}…", args.tenant);
    let queries = sample_queries(db, tenant, args.queries, args.seed).await?;
    println!(
        "{} queries in {} classes",
        queries.len(),
        classes(&queries).len()
    );

    let run_one = |text: String| {
        let store = store.clone();
        async move {
            let started = Instant::now();
            let result = app::search_api::imp::run(
                tenant,
                &text,
                SearchRequest::all(QUICKFIND_LIMIT),
                store.as_ref(),
            )
            .await;
            (started.elapsed().as_secs_f64() * 1000.0, result)
        }
    };
    // Warm-up pass: the measured figures are for a server that has been running.
    for q in &queries {
        let (_, result) = run_one(q.text.clone()).await;
        result.map_err(|e| anyhow::anyhow!("query {:?} failed: {e}", q.text))?;
    }
    let mut times: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut all = Vec::with_capacity(queries.len());
    let mut empty = 0usize;
    for q in &queries {
        let (ms, result) = run_one(q.text.clone()).await;
        let r = result.map_err(|e| anyhow::anyhow!("query {:?} failed: {e}", q.text))?;
        if r.people.is_empty() && r.work_items.is_empty() && r.communications.is_empty() {
            empty += 1;
        }
        times.entry(q.class).or_default().push(ms);
        all.push(ms);
    }

    // The naive baseline on a stratified sample.
    let by_class = classes(&queries);
    let mut sample: Vec<&BenchQuery> = Vec::new();
    let mut round = 0;
    while sample.len() < args.baseline_queries && round < queries.len() {
        for qs in by_class.values() {
            if let Some(q) = qs.get(round)
                && sample.len() < args.baseline_queries
            {
                sample.push(q);
            }
        }
        round += 1;
    }
    println!(
        "baseline: {} queries with LIKE '%word%' and no search index…",
        sample.len()
    );
    let mut base_all = Vec::new();
    let mut base_by_class: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut ours_sample = Vec::new();
    for q in &sample {
        let ms = baseline(db, tenant, &q.text).await?;
        base_all.push(ms);
        base_by_class.entry(q.class).or_default().push(ms);
        ours_sample.push(run_one(q.text.clone()).await.0);
    }

    println!();
    println!(
        "Quickfind on {engine}, {} contacts, {} queries ({} with no hit)",
        args.contacts,
        all.len(),
        empty
    );
    println!(
        "{:<16} {:>6} {:>9} {:>9} {:>9} {:>13}",
        "class", "n", "p50 ms", "p95 ms", "p99 ms", "naive p95 ms"
    );
    for (class, ts) in &times {
        let naive = base_by_class
            .get(class)
            .map(|b| format!("{:.1}", pct(b, 95.0)))
            .unwrap_or_else(|| "-".into());
        println!(
            "{:<16} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>13}",
            class,
            ts.len(),
            pct(ts, 50.0),
            pct(ts, 95.0),
            pct(ts, 99.0),
            naive
        );
    }
    let short: Vec<f64> = queries
        .iter()
        .zip(&all)
        .filter(|(q, _)| Query::parse(&q.text).is_short())
        .map(|(_, ms)| *ms)
        .collect();
    let (p50, p95, p99) = (pct(&all, 50.0), pct(&all, 95.0), pct(&all, 99.0));
    let base_p95 = pct(&base_all, 95.0);
    let ours_sample_p95 = pct(&ours_sample, 95.0);
    println!(
        "{:<16} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>13.1}",
        "overall",
        all.len(),
        p50,
        p95,
        p99,
        base_p95
    );
    println!(
        "baseline sample: naive p95 {:.1} ms vs Quickfind p95 {:.2} ms on the same {} queries",
        base_p95,
        ours_sample_p95,
        sample.len()
    );
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({
            "bench": "quickfind",
            "engine": engine,
            "contacts": args.contacts,
            "queries": all.len(),
            "p50_ms": round2(p50),
            "p95_ms": round2(p95),
            "p99_ms": round2(p99),
            "baseline_p95_ms": round2(base_p95),
            "ratio_p95": round2(base_p95 / p95.max(0.001)),
            "short_query_p95_ms": round2(pct(&short, 95.0)),
        })
    );
    Ok(())
}

fn classes(queries: &[BenchQuery]) -> BTreeMap<&'static str, Vec<&BenchQuery>> {
    let mut out: BTreeMap<&'static str, Vec<&BenchQuery>> = BTreeMap::new();
    for q in queries {
        out.entry(q.class).or_default().push(q);
    }
    out
}

/// The `p`th percentile (nearest rank) of `values`.
pub(crate) fn pct(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// Finds the bench tenant, seeding it when it does not exist.
pub(crate) async fn prepare_tenant(
    db: &Database,
    args: &QuickfindBenchArgs,
) -> anyhow::Result<TenantId> {
    let store = db.store();
    if store.tenant_by_slug(&args.tenant).await?.is_none() {
        println!(
            "seeding tenant {:?}: {} contacts, {} work items, {} communications…",
            args.tenant,
            args.contacts,
            args.contacts * 2,
            args.contacts * 5
        );
        let seed = SeedArgs {
            tenant: args.tenant.clone(),
            contacts: args.contacts,
            work_items: args.contacts * 2,
            comms: args.contacts * 5,
            seed: args.seed,
            batch: 5000,
            now: None,
        };
        crate::seed::run(db, &seed).await?.print();
    }
    let tenant = store
        .tenant_by_slug(&args.tenant)
        .await?
        .context("the bench tenant vanished")?
        .id;
    let count: i64 = on_pool!(db, pool => sqlx::query_scalar("SELECT count(*) FROM contacts WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_one(pool)
        .await?);
    if count as u64 != args.contacts {
        bail!(
            "tenant {:?} has {count} contacts, not {}; pass --tenant with a new name to seed another",
            args.tenant,
            args.contacts
        );
    }
    Ok(tenant)
}

type ContactSample = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Draws the query mix from the tenant's data.
async fn sample_queries(
    db: &Database,
    tenant: TenantId,
    n: usize,
    seed: u64,
) -> anyhow::Result<Vec<BenchQuery>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5155_4943_4b46);
    let (lo, hi): (i64, i64) = on_pool!(db, pool => sqlx::query_as("SELECT min(id), max(id) FROM contacts WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_one(pool)
        .await?);
    let per_class = n.div_ceil(CLASSES.len());
    let mut contacts: Vec<ContactSample> = Vec::new();
    while contacts.len() < per_class * 2 {
        let at = rng.gen_range(lo..=hi);
        let row: Option<ContactSample> = on_pool!(db, pool => sqlx::query_as(
            "SELECT first_name, last_name, email, phone_e164, mobile_e164 FROM contacts \
             WHERE tenant_id = $1 AND id >= $2 ORDER BY id LIMIT 1",
        )
        .bind(tenant.0)
        .bind(at)
        .fetch_optional(pool)
        .await?);
        contacts.extend(row);
    }
    let references: Vec<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT reference FROM work_items WHERE tenant_id = $1 ORDER BY number DESC LIMIT $2",
    )
    .bind(tenant.0)
    .bind((per_class * 40) as i64)
    .fetch_all(pool)
    .await?);
    let subjects: Vec<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT subject FROM communications WHERE tenant_id = $1 AND subject IS NOT NULL ORDER BY id DESC LIMIT 2000",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?);
    let subject_words: Vec<String> = subjects
        .iter()
        .flat_map(|s| app::domain::search_text::words(s).collect::<Vec<_>>())
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .collect();

    let mut out = Vec::new();
    let surname = |c: &ContactSample| c.1.clone().filter(|s| !s.is_empty());
    for i in 0..per_class {
        let c = &contacts[i % contacts.len()];
        let c2 = &contacts[(i + per_class) % contacts.len()];
        let mut push = |class: &'static str, text: Option<String>| {
            if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                out.push(BenchQuery { class, text });
            }
        };
        let last = surname(c).or_else(|| surname(c2));
        push(
            "prefix_1",
            last.as_ref()
                .and_then(|s| s.chars().next())
                .map(String::from),
        );
        push(
            "prefix_2",
            last.as_ref().map(|s| s.chars().take(2).collect()),
        );
        push("surname", last.clone());
        push(
            "surname_prefix",
            last.as_ref().map(|s| s.chars().take(4).collect()),
        );
        push(
            "first_last",
            c.0.as_ref()
                .zip(c.1.as_ref())
                .map(|(f, l)| format!("{f} {l}"))
                .or_else(|| last.clone()),
        );
        let email = c.2.clone().or_else(|| c2.2.clone());
        push("email", email.clone());
        push(
            "email_partial",
            email.as_ref().map(|e| {
                let (local, domain) = e.split_once('@').unwrap_or((e, ""));
                if i % 2 == 0 {
                    local
                        .chars()
                        .take(local.chars().count().max(3) - 2)
                        .collect()
                } else {
                    format!("{local}@{}", domain.chars().take(3).collect::<String>())
                }
            }),
        );
        let phone = c.3.clone().or_else(|| c.4.clone()).or_else(|| c2.3.clone());
        push("phone", phone.as_ref().map(|p| phone_format(p, i)));
        let reference = references
            .get(rng.gen_range(0..references.len().max(1)))
            .cloned();
        push(
            "reference",
            reference.map(|r| {
                if i % 2 == 0 {
                    r
                } else {
                    r.trim_end_matches(['-', 'T', 'C']).to_string()
                }
            }),
        );
        push(
            "typo",
            last.as_ref()
                .filter(|s| s.chars().count() >= 5)
                .map(|s| typo(s, &mut rng)),
        );
        push(
            "substring",
            last.as_ref()
                .filter(|s| s.chars().count() >= 5)
                .map(|s| s.chars().skip(1).take(3).collect()),
        );
        push("comm_word", subject_words.choose(&mut rng).cloned());
        push("no_match", Some(nonsense(&mut rng)));
    }
    out.shuffle(&mut rng);
    out.truncate(n.max(CLASSES.len()));
    Ok(out)
}

const CLASSES: [&str; 13] = [
    "prefix_1",
    "prefix_2",
    "surname",
    "surname_prefix",
    "first_last",
    "email",
    "email_partial",
    "phone",
    "reference",
    "typo",
    "substring",
    "comm_word",
    "no_match",
];

/// An E.164 number the way agents type it, in turn: as stored, national with spaces, grouped
/// international, the last 7 digits.
fn phone_format(e164: &str, i: usize) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("44") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix('1') {
        rest.to_string()
    } else {
        digits.clone()
    };
    match i % 4 {
        0 => e164.to_string(),
        1 if national.len() > 5 => format!("{} {}", &national[..5], &national[5..]),
        2 if digits.len() > 6 => format!("+{} {} {}", &digits[..2], &digits[2..6], &digits[6..]),
        _ => digits
            .chars()
            .skip(digits.len().saturating_sub(7))
            .collect(),
    }
}

/// The word with two neighbouring letters swapped (a typo one edit away).
fn typo(word: &str, rng: &mut ChaCha8Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let i = rng.gen_range(1..chars.len() - 1);
    chars.swap(i, i + 1);
    if chars.iter().collect::<String>() == word {
        chars[i] = if chars[i] == 'x' { 'q' } else { 'x' };
    }
    chars.into_iter().collect()
}

fn nonsense(rng: &mut ChaCha8Rng) -> String {
    let len = rng.gen_range(5..9);
    (0..len)
        .map(|_| char::from(b"qxzjvkwy"[rng.gen_range(0..8)]))
        .collect()
}

/// The naive search: every word `LIKE '%word%'` (ILIKE on PostgreSQL) over the same columns,
/// ANDed, newest first, 8 per group, no search index. Returns milliseconds.
async fn baseline(db: &Database, tenant: TenantId, text: &str) -> anyhow::Result<f64> {
    let words: Vec<String> = Query::parse(text)
        .terms
        .iter()
        .flat_map(|t| match t {
            Term::Word { text, .. } => vec![text.clone()],
            Term::Phrase(ws) => vec![ws.join(" ")],
            Term::Email(e) | Term::EmailPrefix(e) => vec![e.clone()],
            Term::Phone { digits } => vec![digits.clone()],
            Term::Reference { .. } => vec![],
        })
        .collect();
    let words: Vec<String> = {
        let mut seen = Vec::new();
        for w in words {
            if !seen.contains(&w) {
                seen.push(w);
            }
        }
        seen
    };
    if words.is_empty() {
        return Ok(0.0);
    }
    let like = if matches!(db, Database::Postgres(_)) {
        "ILIKE"
    } else {
        "LIKE"
    };
    let groups: [(&str, &[&str]); 3] = [
        (
            "contacts",
            &["first_name", "last_name", "email", "phone", "mobile"],
        ),
        ("work_items", &["reference", "title"]),
        (
            "communications",
            &["subject", "body_text", "from_address", "to_address"],
        ),
    ];
    let started = Instant::now();
    for (table, columns) in groups {
        let mut sql = format!("SELECT id FROM {table} WHERE tenant_id = $1");
        for (i, _) in words.iter().enumerate() {
            let any: Vec<String> = columns
                .iter()
                .map(|c| format!("{c} {like} ${}", i + 2))
                .collect();
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
        sql.push_str(" ORDER BY id DESC LIMIT 8");
        let patterns: Vec<String> = words
            .iter()
            .map(|w| crate::store::common::like_anywhere(w))
            .collect();
        let _: Vec<i64> = on_pool!(db, pool => {
            let mut q = sqlx::query_scalar(&sql).bind(tenant.0);
            for p in &patterns {
                q = q.bind(p);
            }
            q.fetch_all(pool).await?
        });
    }
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}
