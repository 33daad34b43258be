//! Helpers for the intake tests: a tenant with its inbound token and the HTTP app, the MIME
//! fixtures in `tests/fixtures/mail`, and posting to the intake endpoints.

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use serde_json::Value;

use ::app::model::TenantId;

use super::TestDb;
use super::fixtures::{now, types};
use super::http_app::{router, send};

/// The key `http_app::router` signs with.
pub const SECRET: &[u8] = b"test-secret-test-secret-test-secret!";

pub struct Desk {
    pub t: TestDb,
    pub router: Router,
    pub tenant: TenantId,
    pub token: String,
}

/// A tenant with a queue and types, its inbound token, and the HTTP app.
pub async fn desk(t: TestDb, label: &str) -> Desk {
    let tenant = t.tenant(label).await;
    types(&t, tenant).await;
    let token = token_for(&t, tenant).await;
    let router = router(&t);
    Desk {
        t,
        router,
        tenant,
        token,
    }
}

pub async fn token_for(t: &TestDb, tenant: TenantId) -> String {
    let salt = format!("salt-{}", super::unique());
    t.store
        .set_inbound_token_salt(tenant, None, &salt, now())
        .await
        .unwrap();
    app::auth::server::inbound_token(SECRET, tenant, &salt)
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/mail/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `fixture` with `from` replaced by `to` (fixtures are ASCII where these tokens sit).
pub fn fixture_with(name: &str, swaps: &[(&str, &str)]) -> Vec<u8> {
    let mut text = String::from_utf8(fixture(name)).expect("an ASCII fixture");
    for (from, to) in swaps {
        assert!(text.contains(from), "{name} holds {from}");
        text = text.replace(from, to);
    }
    text.into_bytes()
}

pub async fn post_raw(
    d: &Desk,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let mut req = Request::post(path).header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let a = send(&d.router, req.body(Body::from(body)).unwrap()).await;
    let json = serde_json::from_str(&a.body)
        .unwrap_or_else(|_| panic!("JSON answer, got {}: {}", a.status, a.body));
    (a.status, json)
}

pub async fn post_email(d: &Desk, body: Vec<u8>) -> (StatusCode, Value) {
    post_raw(
        d,
        "/api/v1/inbound/email",
        Some(&d.token),
        "message/rfc822",
        body,
    )
    .await
}

/// The Message-ID of a fixture (the first `Message-ID: <…>` header).
pub fn message_id(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let line = text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .expect("a Message-ID");
    line.split_once('<')
        .and_then(|(_, r)| r.split_once('>'))
        .map(|(id, _)| id.to_string())
        .expect("<id>")
}

/// Rows of `table` in the tenant.
pub async fn count(d: &Desk, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table} WHERE tenant_id = $1");
    match &d.t.db {
        server::store::Database::Sqlite(s) => sqlx::query_scalar(&sql)
            .bind(d.tenant.0)
            .fetch_one(&s.read)
            .await
            .unwrap(),
        server::store::Database::Postgres(s) => sqlx::query_scalar(&sql)
            .bind(d.tenant.0)
            .fetch_one(&s.read)
            .await
            .unwrap(),
    }
}
