//! Builds the axum application: pages (SSR + hydration), server functions, the JSON API,
//! static files and the session middleware.

use axum::Router;
use axum::extract::{FromRef, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

use app::server_ctx::ServerSettings;
use app::store::SharedStore;

use crate::api;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub settings: ServerSettings,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn build_router(state: AppState) -> Router {
    app::server_ctx::install(state.store.clone(), state.settings.clone());
    let routes = generate_route_list(app::App);
    let context = {
        let store = state.store.clone();
        let settings = state.settings.clone();
        move || {
            provide_context(store.clone());
            provide_context(settings.clone());
            // The nonce the security-headers middleware put in this response's
            // Content-Security-Policy: Leptos writes it on its hydration and streaming scripts.
            if let Some(nonce) = use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<crate::security::CspNonce>().cloned())
            {
                provide_context(leptos::nonce::Nonce::from_value(nonce.0));
            }
        }
    };
    let shell_options = state.leptos_options.clone();
    let pkg_dir = std::path::Path::new(state.leptos_options.site_root.as_ref())
        .join(state.leptos_options.site_pkg_dir.as_ref());
    let pkg = tower_http::services::ServeDir::new(pkg_dir)
        .precompressed_br()
        .precompressed_gzip();
    // The intake endpoints authenticate by the tenant's inbound token, not a session, and
    // take bodies up to their own limits; they sit outside the session layer and the
    // 1 MiB limit of everything else.
    let intake = crate::intake::routes();
    let pages = Router::new()
        .route("/health", get(health))
        .nest_service("/pkg", pkg)
        .nest("/api/v1", api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            app::shell(shell_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            require_session,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::security::MAX_BODY_BYTES,
        ));
    intake
        .merge(pages)
        .layer(middleware::from_fn(crate::security::headers))
        // Brotli or gzip for pages, the stylesheet and the WebAssembly bundle.
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// The Personality Insights norms job: every `every_secs` seconds (and once at start),
/// recomputes the norms of each tenant with the feature on whose contacts' text changed since
/// its norms were computed. `0` starts nothing.
pub fn spawn_insights_norms_job(
    store: SharedStore,
    every_secs: u64,
) -> Option<tokio::task::JoinHandle<()>> {
    if every_secs == 0 {
        tracing::info!("personality insights norms job is off (INSIGHTS_NORMS_EVERY=0)");
        return None;
    }
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(std::time::Duration::from_secs(every_secs));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match app::insights_imp::refresh_stale_norms(store.as_ref(), chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(tenants = n, "insight norms refreshed"),
                Err(e) => tracing::warn!(error = %e, "listing tenants for insight norms failed"),
            }
        }
    }))
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.tenant_by_slug("-").await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || matches!(
            path,
            "/health" | "/favicon.svg" | "/favicon.ico" | "/robots.txt"
        )
}

/// A state-changing request sent by another site: the browser says so (`Sec-Fetch-Site`), or
/// its `Origin` names another host. SameSite=Lax cookies already keep the session off such
/// requests; this refuses them outright, login included.
fn is_cross_site_write(req: &Request) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    // The origin the browser names, or (older browsers send no Origin on same-site posts)
    // the scheme and host of the Referer.
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            let referer = headers.get(header::REFERER)?.to_str().ok()?;
            let (scheme, rest) = referer.split_once("://")?;
            let authority = rest.split(['/', '?', '#']).next()?;
            Some(format!("{scheme}://{authority}"))
        });
    match (origin.as_deref(), host) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin
                .split_once("://")
                .map(|(_, rest)| rest)
                .unwrap_or(origin);
            !origin_host.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

/// Paths anyone may reach: the login page and its server function, static files, health,
/// and the JSON API's sign-in.
fn is_public(method: &Method, path: &str) -> bool {
    matches!(
        path,
        "/login" | "/health" | "/favicon.svg" | "/favicon.ico" | "/robots.txt"
    ) || path.starts_with("/pkg/")
        || path == "/api/session/login"
        || path == "/api/session/current"
        || (path == "/api/v1/session" && (method == Method::POST || method == Method::DELETE))
}

/// Resolves the session cookie to a `SessionUser` (put in the request's extensions, where
/// server functions and pages find it) and turns visitors away from everything not public:
/// pages redirect to the login page, API calls answer 401.
async fn require_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // Static files and health need no session: no database round trip for them.
    if is_static(&path) {
        return next.run(req).await;
    }
    if is_cross_site_write(&req) {
        return (
            StatusCode::FORBIDDEN,
            "Cross-site requests may not change anything here.",
        )
            .into_response();
    }
    let user =
        match app::auth::server::user_from_headers(&state.store, &state.settings, req.headers())
            .await
        {
            Ok(user) => user,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The server cannot reach its database.",
                )
                    .into_response();
            }
        };
    let client = crate::security::client_address(&req, state.settings.client_ip_header.as_deref());
    if let Some(client) = client {
        req.extensions_mut().insert(client);
    }
    let signed_in = user.is_some();
    if let Some(user) = user {
        if let Some(refusal) = crate::security::refuse_for_role(&user, &path) {
            return refusal;
        }
        req.extensions_mut().insert(user);
    }
    if signed_in || is_public(req.method(), &path) {
        return next.run(req).await;
    }
    if path.starts_with("/api/") {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error":"Please sign in."}"#,
        )
            .into_response();
    }
    let target = match req.uri().path_and_query() {
        Some(pq) if pq.as_str() != "/" => format!("/login?next={}", urlencode(pq.as_str())),
        _ => "/login".to_string(),
    };
    Redirect::to(&target).into_response()
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
