//! The whole HTTP application in process (router, middleware, server functions, pages) for
//! tests that send requests: build it over a `TestDb`, sign users in, send requests.

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

use ::app::model::{Role, TenantId, UserId};
use ::app::server_ctx::ServerSettings;
use ::app::store::NewUser;
use server::startup::{AppState, build_router};

use super::TestDb;

pub const PASSWORD: &str = "correct horse battery";

pub struct Answer {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

pub fn router(t: &TestDb) -> Router {
    router_with(t, settings())
}

/// The settings [`router`] uses (the intake tests derive tokens from the same secret).
pub fn settings() -> ServerSettings {
    ServerSettings::new(b"test-secret-test-secret-test-secret!".to_vec(), false, 1)
}

pub fn router_with(t: &TestDb, settings: ServerSettings) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name("callerdesk")
        .site_root("target/site")
        .build();
    build_router(AppState {
        leptos_options,
        store: t.store.clone(),
        settings,
    })
}

pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A user with [`PASSWORD`] and a unique email; returns (id, email).
pub async fn user(t: &TestDb, tenant: TenantId, name: &str, role: Role) -> (UserId, String) {
    let email = format!(
        "{}-{}@example.test",
        name.to_lowercase().replace(' ', "."),
        super::unique()
    );
    let hash = ::app::auth::server::hash_password(PASSWORD).unwrap();
    let user = t
        .store
        .create_user(
            tenant,
            &NewUser {
                email: email.clone(),
                name: name.into(),
                role,
                password_hash: hash,
            },
        )
        .await
        .unwrap();
    (user.id, email)
}

/// The JSON sign-in request.
pub fn sign_in_request(email: &str, password: &str) -> Request<Body> {
    Request::post("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::json!({"email": email, "password": password}).to_string(),
        ))
        .unwrap()
}

/// Signs in and returns the `name=value` cookie.
pub async fn sign_in(router: &Router, email: &str, password: &str) -> String {
    let a = send(router, sign_in_request(email, password)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    cookie_of(&a)
}

pub fn cookie_of(a: &Answer) -> String {
    a.headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

pub fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(uri);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// A server-function call as the hydrated page makes it (form-encoded, JSON answer).
pub fn call(path: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form.to_string()))
        .unwrap()
}
