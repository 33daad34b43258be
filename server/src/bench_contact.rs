//! `server bench contact-page` and `server bench contact-comms-search` (issue "Contact Activity
//! page", SPEC §4 Speed): the heavy contact of the Quickfind bench tenant — tagged on 1,000
//! work items and party to 10,000 communications among 1,000,000 contacts — measured two ways:
//!
//! - **contact-page**: the server render of `/contacts/{id}` through the real router (session,
//!   every section's data, HTML to the last byte), warmed then measured;
//! - **contact-comms-search**: that contact's communications search (the store call the
//!   section makes, with snippets), over a seeded mix of words taken from its own messages.
//!
//! Each has a baseline: the same data read without the indexes this issue added — the
//! contact's communications found by reading the communications table (`NOT INDEXED` on
//! SQLite; sequential scans forced on PostgreSQL) and searched with `LIKE '%word%'`.
//! The last line printed is one JSON object.

use std::time::Instant;

use anyhow::{Context, bail};
use axum::body::Body;
use http::{Request, StatusCode, header};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use tower::ServiceExt;

use app::activity_api::{COMMS_PAGE_SIZE, CommFilter};
use app::domain::quickfind::Query;
use app::model::{ContactId, Role, TenantId};
use app::store::NewUser;

use crate::bench::{pct, prepare_tenant};
use crate::config::ContactBenchArgs;
use crate::store::Database;

const BENCH_PASSWORD: &str = "bench-password-not-secret";

/// The heavy contact: the first contact the seeder wrote (its index 0).
async fn heavy_contact(db: &Database, tenant: TenantId) -> anyhow::Result<(ContactId, i64, i64)> {
    let sql_first = "SELECT min(id) FROM contacts WHERE tenant_id = $1";
    let sql_items =
        "SELECT count(*) FROM work_item_contacts WHERE tenant_id = $1 AND contact_id = $2";
    let sql_comms =
        "SELECT count(*) FROM communication_contacts WHERE tenant_id = $1 AND contact_id = $2";
    macro_rules! counts {
        ($pool:expr) => {{
            let id: i64 = sqlx::query_scalar(sql_first)
                .bind(tenant.0)
                .fetch_one($pool)
                .await?;
            let items: i64 = sqlx::query_scalar(sql_items)
                .bind(tenant.0)
                .bind(id)
                .fetch_one($pool)
                .await?;
            let comms: i64 = sqlx::query_scalar(sql_comms)
                .bind(tenant.0)
                .bind(id)
                .fetch_one($pool)
                .await?;
            (id, items, comms)
        }};
    }
    let (id, items, comms) = match db {
        Database::Sqlite(s) => counts!(&s.read),
        Database::Postgres(s) => counts!(&s.read),
    };
    if items < 100 || comms < 1000 {
        bail!(
            "contact {id} has {items} work items and {comms} communications; the bench tenant was not seeded by this version (seed a new --tenant)"
        );
    }
    Ok((ContactId(id), items, comms))
}

/// The store, the engine's name, the bench tenant (seeded if missing) and its heavy contact.
async fn prepare(
    db: &Database,
    args: &ContactBenchArgs,
) -> anyhow::Result<(app::store::SharedStore, &'static str, TenantId, ContactId)> {
    let store = db.store();
    let engine = store.engine().as_str();
    let tenant = prepare_tenant(db, &args.quickfind()).await?;
    let (contact, items, comms) = heavy_contact(db, tenant).await?;
    println!(
        "contact {} with {items} work items and {comms} communications",
        contact.0
    );
    Ok((store, engine, tenant, contact))
}

fn summary(name: &str, engine: &str, times: &[f64], baseline: &[f64]) -> serde_json::Value {
    json!({
        "bench": name,
        "engine": engine,
        "n": times.len(),
        "p50_ms": round(pct(times, 50.0)),
        "p95_ms": round(pct(times, 95.0)),
        "p99_ms": round(pct(times, 99.0)),
        "baseline_n": baseline.len(),
        "baseline_p95_ms": round(pct(baseline, 95.0)),
    })
}

/// Prints a bench's percentiles and its baseline's p95.
fn report(title: &str, times: &[f64], baseline_label: &str, baseline: &[f64]) {
    println!();
    println!("{title}");
    println!(
        "  p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
        pct(times, 50.0),
        pct(times, 95.0),
        pct(times, 99.0)
    );
    println!("  {baseline_label} p95 {:.1} ms", pct(baseline, 95.0));
}

fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// `server bench contact-page`.
pub async fn contact_page(db: &Database, args: &ContactBenchArgs) -> anyhow::Result<()> {
    let (store, engine, tenant, contact) = prepare(db, args).await?;

    let email = format!("bench-renderer@{}.callerdesk.test", args.tenant);
    let hash =
        app::auth::server::hash_password(BENCH_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    match store.login_record(&email).await? {
        Some(r) => {
            store
                .set_password_hash(r.user.tenant_id, r.user.id, &hash)
                .await?
        }
        None => {
            let user = NewUser {
                email: email.clone(),
                name: "Bench Renderer".into(),
                role: Role::Agent,
                password_hash: hash,
            };
            store.create_user(tenant, &user).await?;
        }
    }
    let router = crate::startup::build_router(crate::startup::AppState {
        leptos_options: leptos::config::LeptosOptions::builder()
            .output_name("callerdesk")
            .site_root("target/site")
            .build(),
        store: store.clone(),
        settings: app::server_ctx::ServerSettings::new(
            b"bench-secret-bench-secret-bench-secret".to_vec(),
            false,
            1,
        ),
    });
    let login = Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"email": email, "password": BENCH_PASSWORD}).to_string(),
        ))?;
    let res = router.clone().oneshot(login).await?;
    if res.status() != StatusCode::OK {
        bail!("bench sign-in failed: {}", res.status());
    }
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .context("no session cookie")?
        .to_str()?
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();

    let path = format!("/contacts/{}", contact.0);
    let render = || {
        let router = router.clone();
        let request = Request::get(&path)
            .header(header::COOKIE, &cookie)
            .body(Body::empty());
        async move {
            let started = Instant::now();
            let res = router.oneshot(request?).await?;
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if status != StatusCode::OK {
                bail!("{status} rendering the contact page");
            }
            Ok::<_, anyhow::Error>((ms, body.len()))
        }
    };
    let (_, bytes) = render().await?;
    for _ in 0..args.renders / 5 {
        render().await?;
    }
    let mut times = Vec::with_capacity(args.renders);
    for _ in 0..args.renders {
        times.push(render().await?.0);
    }
    println!(
        "baseline: the page's reads without this issue's indexes, {} times…",
        args.baseline_runs
    );
    let mut baseline = Vec::new();
    for _ in 0..args.baseline_runs {
        baseline.push(naive_page(db, tenant, contact).await?);
    }
    report(
        &format!(
            "contact page render on {engine}: {} renders of {bytes} bytes",
            times.len()
        ),
        &times,
        "baseline (reads only, no indexes)",
        &baseline,
    );
    println!("{}", summary("contact-page", engine, &times, &baseline));
    Ok(())
}

/// `server bench contact-comms-search`.
pub async fn contact_comms_search(db: &Database, args: &ContactBenchArgs) -> anyhow::Result<()> {
    let (store, engine, tenant, contact) = prepare(db, args).await?;
    let queries = sample_queries(db, tenant, contact, args.queries, args.seed).await?;
    println!("{} queries from its own messages", queries.len());
    let run = |text: String| {
        let store = store.clone();
        async move {
            let query = Query::parse(&text);
            let filter = CommFilter {
                text: text.clone(),
                ..Default::default()
            };
            let started = Instant::now();
            let (hits, _) = store
                .contact_communications(tenant, contact, &filter, Some(&query), 0, COMMS_PAGE_SIZE)
                .await
                .map_err(|e| anyhow::anyhow!("{text:?}: {e}"))?;
            Ok::<_, anyhow::Error>((started.elapsed().as_secs_f64() * 1000.0, hits.len()))
        }
    };
    for q in &queries {
        run(q.clone()).await?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut empty = 0;
    for q in &queries {
        let (ms, n) = run(q.clone()).await?;
        times.push(ms);
        empty += usize::from(n == 0);
    }
    println!(
        "baseline: {} of the queries with LIKE '%word%' and no index…",
        args.baseline_runs
    );
    let mut baseline = Vec::new();
    for q in queries.iter().take(args.baseline_runs) {
        baseline.push(naive_search(db, tenant, contact, q).await?);
    }
    report(
        &format!(
            "contact communications search on {engine}: {} queries ({empty} with no hit)",
            times.len()
        ),
        &times,
        "baseline",
        &baseline,
    );
    println!(
        "{}",
        summary("contact-comms-search", engine, &times, &baseline)
    );
    Ok(())
}

/// Words of the contact's own communications: single words (common and rare), two words of
/// one message, 4-letter prefixes, and words no message has.
async fn sample_queries(
    db: &Database,
    tenant: TenantId,
    contact: ContactId,
    n: usize,
    seed: u64,
) -> anyhow::Result<Vec<String>> {
    let sql = "SELECT c.body_text FROM communication_contacts m JOIN communications c \
               ON c.tenant_id = m.tenant_id AND c.id = m.communication_id \
               WHERE m.tenant_id = $1 AND m.contact_id = $2 ORDER BY m.occurred_at DESC LIMIT 400";
    let bodies: Vec<String> = match db {
        Database::Sqlite(s) => {
            sqlx::query_scalar(sql)
                .bind(tenant.0)
                .bind(contact.0)
                .fetch_all(&s.read)
                .await?
        }
        Database::Postgres(s) => {
            sqlx::query_scalar(sql)
                .bind(tenant.0)
                .bind(contact.0)
                .fetch_all(&s.read)
                .await?
        }
    };
    let messages: Vec<Vec<String>> = bodies
        .iter()
        .map(|b| {
            app::domain::search_text::words(b)
                .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
                .collect::<Vec<_>>()
        })
        .filter(|ws| ws.len() >= 2)
        .collect();
    if messages.is_empty() {
        bail!("the contact has no messages with words");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let Some(words) = messages.choose(&mut rng) else {
            break;
        };
        let Some(a) = words.choose(&mut rng) else {
            continue;
        };
        let q = match rng.gen_range(0..20) {
            0..=10 => a.clone(),
            11..=15 => format!("{a} {}", words.choose(&mut rng).unwrap_or(a)),
            16..=18 => a.chars().take(4).collect(),
            _ => format!("{a}zq"),
        };
        out.push(q);
    }
    Ok(out)
}

/// "Communication `c` belongs to contact $2" without the membership table or indexes.
const NAIVE_MEMBERSHIP: &str = "c.tenant_id = $1 AND (c.contact_id = $2 \
     OR c.work_item_id IN (SELECT t.work_item_id FROM work_item_contacts t NOT INDEXED \
     WHERE t.tenant_id = $1 AND t.contact_id = $2))";

/// The page's reads the way a desk without these indexes does them: the contact's work items
/// through its links, its newest communications and notes, by reading the tables.
async fn naive_page(db: &Database, tenant: TenantId, contact: ContactId) -> anyhow::Result<f64> {
    let links = "SELECT w.id, w.state, w.due_at FROM work_item_contacts t NOT INDEXED \
                 JOIN work_items w ON w.tenant_id = t.tenant_id AND w.id = t.work_item_id \
                 WHERE t.tenant_id = $1 AND t.contact_id = $2";
    let newest = format!(
        "SELECT c.id FROM communications c NOT INDEXED WHERE {NAIVE_MEMBERSHIP} \
         ORDER BY c.occurred_at DESC LIMIT 21"
    );
    let notes = "SELECT c.id FROM communications c NOT INDEXED WHERE c.tenant_id = $1 AND c.contact_id = $2 \
                 AND c.kind = 'note' AND c.work_item_id IS NULL ORDER BY c.occurred_at DESC LIMIT 21";
    let started = Instant::now();
    naive_run(db, &[links, &newest, notes], tenant, contact, None).await?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

async fn naive_search(
    db: &Database,
    tenant: TenantId,
    contact: ContactId,
    text: &str,
) -> anyhow::Result<f64> {
    let words: Vec<String> = app::domain::search_text::words(text).collect();
    let first = words.first().cloned().unwrap_or_default();
    let sql = format!(
        "SELECT c.id FROM communications c NOT INDEXED WHERE {NAIVE_MEMBERSHIP} \
         AND (lower(c.body_text) LIKE $3 OR lower(coalesce(c.subject, '')) LIKE $3) \
         ORDER BY c.occurred_at DESC LIMIT 21"
    );
    let started = Instant::now();
    naive_run(
        db,
        &[&sql],
        tenant,
        contact,
        Some(crate::store::common::like_anywhere(&first)),
    )
    .await?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

/// Runs `sqls` with indexes unavailable: `NOT INDEXED` on SQLite; on PostgreSQL (which has no
/// such clause) index and bitmap scans are switched off for the transaction.
async fn naive_run(
    db: &Database,
    sqls: &[&str],
    tenant: TenantId,
    contact: ContactId,
    like: Option<String>,
) -> anyhow::Result<()> {
    match db {
        Database::Sqlite(s) => {
            for sql in sqls {
                let mut q = sqlx::query(sql).bind(tenant.0).bind(contact.0);
                if let Some(l) = &like {
                    q = q.bind(l);
                }
                q.fetch_all(&s.read).await?;
            }
        }
        Database::Postgres(s) => {
            let mut tx = s.read.begin().await?;
            for off in [
                "enable_indexscan",
                "enable_bitmapscan",
                "enable_indexonlyscan",
            ] {
                sqlx::query(&format!("SET LOCAL {off} = off"))
                    .execute(&mut *tx)
                    .await?;
            }
            for sql in sqls {
                let sql = sql.replace(" NOT INDEXED", "");
                let mut q = sqlx::query(&sql).bind(tenant.0).bind(contact.0);
                if let Some(l) = &like {
                    q = q.bind(l);
                }
                q.fetch_all(&mut *tx).await?;
            }
            tx.rollback().await?;
        }
    }
    Ok(())
}
