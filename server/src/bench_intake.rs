//! `server bench inbound-email` (issue 7): `POST /api/v1/inbound/email` through the real
//! router (token check, MIME parsing, one transaction storing contact, Ticket, message, search
//! index and raw source), on a fresh tenant of the database given. A seeded mix: 60 % new
//! senders (a contact and a Ticket each), 30 % replies that thread by In-Reply-To to an
//! earlier message, 10 % auto-replies. Prints latency percentiles and throughput; the last line
//! is one JSON object.

use std::time::Instant;

use anyhow::bail;
use axum::body::Body;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http::{Request, StatusCode, header};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use tower::ServiceExt;

use app::model::{TenantSettings, WorkItemType};

use crate::bench::pct;
use crate::store::Database;

const SECRET: &[u8] = b"bench-secret-bench-secret-bench-secret";

fn message(i: usize, kind: u32, earlier: Option<usize>) -> Vec<u8> {
    let names = [
        "Zoë Ångström",
        "Jürgen Müller",
        "Priya Natarajan",
        "Seán Ó Briain",
        "山田 太郎",
    ];
    let name = names[i % names.len()];
    let encoded = format!("=?UTF-8?B?{}?=", BASE64.encode(name));
    let mut m = format!(
        "From: {encoded} <sender{i}@bench.example.com>\r\nTo: Support <support@acme.example>\r\n\
         Subject: Order {i} arrived damaged\r\nMessage-ID: <bench-{i}@bench.example.com>\r\n\
         Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    );
    if kind == 2 {
        m.push_str("Auto-Submitted: auto-replied\r\n");
    }
    if let Some(e) = earlier {
        m.push_str(&format!("In-Reply-To: <bench-{e}@bench.example.com>\r\n"));
    }
    m.push_str(
        "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
         Hello, the parcel arrived with a broken corner. Could you send a replacement? Gr=C3=BC=C3=9Fe\r\n\
         --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello, the parcel arrived with a \
         <b>broken</b> corner.</p><script>alert(1)</script>\r\n--b--\r\n",
    );
    m.into_bytes()
}

pub async fn inbound_email(db: &Database, messages: usize, seed: u64) -> anyhow::Result<()> {
    let store = db.store();
    let slug = format!("bench-intake-{}", chrono::Utc::now().timestamp_millis());
    let tenant = store
        .create_tenant(&slug, "Intake bench", &TenantSettings::default())
        .await?
        .id;
    let now = chrono::Utc::now();
    store.create_queue(tenant, "Inbox", true, now).await?;
    let ty = WorkItemType {
        id: 0,
        name: "Email enquiry".into(),
        kind: "ticket".into(),
        live: true,
        show_in_contacts: true,
        default_queue: None,
    };
    store.create_work_item_type(tenant, &ty, now).await?;
    let salt = app::auth::server::new_token();
    store
        .set_inbound_token_salt(tenant, None, &salt, now)
        .await?;
    let token = app::auth::server::inbound_token(SECRET, tenant, &salt);
    let router = crate::startup::build_router(crate::startup::AppState {
        leptos_options: leptos::config::LeptosOptions::builder()
            .output_name("callerdesk")
            .site_root("target/site")
            .build(),
        store: store.clone(),
        settings: app::server_ctx::ServerSettings::new(SECRET.to_vec(), false, 1),
    });
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut times = Vec::with_capacity(messages);
    let mut firsts: Vec<usize> = Vec::new();
    let started = Instant::now();
    for i in 0..messages {
        let roll = rng.gen_range(0..10);
        let (kind, earlier) = match roll {
            0..=5 => (0, None),
            6..=8 if !firsts.is_empty() => (1, Some(firsts[rng.gen_range(0..firsts.len())])),
            6..=8 => (0, None),
            _ => (2, None),
        };
        if kind == 0 {
            firsts.push(i);
        }
        let req = Request::post("/api/v1/inbound/email")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "message/rfc822")
            .body(Body::from(message(i, kind, earlier)))?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await?;
        let status = res.status();
        let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if status != StatusCode::CREATED {
            bail!("message {i} answered {status}");
        }
    }
    let total = started.elapsed().as_secs_f64();
    let engine = store.engine().as_str();
    let (p50, p95, p99) = (pct(&times, 50.0), pct(&times, 95.0), pct(&times, 99.0));
    println!(
        "inbound email on {engine}: {messages} messages ({} new senders, the rest replies and auto-replies) in {total:.1} s = {:.0}/s; p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms",
        firsts.len(),
        messages as f64 / total
    );
    println!(
        "{}",
        json!({"bench": "inbound-email", "engine": engine, "messages": messages, "seconds": total,
               "per_second": messages as f64 / total, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99})
    );
    Ok(())
}
