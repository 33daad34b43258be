//! Security middleware (SPEC §4): response headers with a per-response CSP nonce, the request
//! body limit, the client address for sign-in rate limits, and the role gates (admin pages and
//! functions; a user with a one-time password may only choose a new one).

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use app::auth::server::ClientAddress;
use app::model::{Role, SessionUser};

/// Largest request body accepted (413 above it). Forms and server-function calls are a few
/// kilobytes; every text field has its own, much smaller, limit.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// This response's Content-Security-Policy nonce (Leptos puts it on its inline scripts).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The policy for pages: the app's own scripts, stylesheet and WebAssembly; inline script only
/// with this response's nonce (hydration and streamed resources); no plugins, no framing, no
/// `<base>` rewriting, forms post only here. Images in sanitised email HTML load only from
/// this site or `data:` URLs, which also keeps tracking pixels out.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Everything that is not a page (JSON, files) may not be framed or run anything.
pub const OTHER_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

fn new_nonce() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// Adds the security headers to every response.
pub async fn headers(mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if is_page {
        page_policy(&nonce)
    } else {
        OTHER_POLICY.to_string()
    };
    let h = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// The client's address: the first entry of `forwarded_header` when the server runs behind a
/// proxy that sets it, else the connection's peer address.
pub fn client_address(req: &Request, forwarded_header: Option<&str>) -> Option<ClientAddress> {
    if let Some(name) = forwarded_header {
        return req
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && v.len() <= 64)
            .map(|v| ClientAddress(v.to_string()));
    }
    req.extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| ClientAddress(addr.ip().to_string()))
}

fn is_admin_path(path: &str) -> bool {
    path == "/admin" || path.starts_with("/admin/") || path.starts_with("/api/admin/")
}

/// A signed-in user's request this role may not make: a user with a one-time password may
/// only choose a new one (pages go to that form); admin pages and functions are for admins.
pub fn refuse_for_role(user: &SessionUser, path: &str) -> Option<Response> {
    if user.must_change_password && !app::auth::allowed_before_password_change(path) {
        if path.starts_with("/api/") {
            return Some(
                (
                    StatusCode::FORBIDDEN,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"error":"Choose a new password first."}"#,
                )
                    .into_response(),
            );
        }
        let next = app::format::urlencode(path);
        return Some(Redirect::to(&format!("/change-password?next={next}")).into_response());
    }
    if user.role != Role::Admin && is_admin_path(path) {
        if path.starts_with("/api/") {
            return Some(
                (
                    StatusCode::FORBIDDEN,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"error":"You do not have permission to do that."}"#,
                )
                    .into_response(),
            );
        }
        return Some(
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed</title>\
                 <link rel=\"stylesheet\" href=\"/pkg/callerdesk.css\"></head><body><main>\
                 <h1>Admins only</h1><p>This page is for admins. <a href=\"/contacts\">Back to contacts</a></p>\
                 </main></body></html>",
            )
                .into_response(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_only_this_site_and_the_nonce() {
        let p = page_policy("abc");
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
        assert_ne!(new_nonce(), new_nonce());
        assert_eq!(new_nonce().len(), 32);
    }

    #[test]
    fn admin_paths_are_the_page_and_its_functions() {
        assert!(is_admin_path("/admin"));
        assert!(is_admin_path("/admin/users"));
        assert!(is_admin_path("/api/admin/types/update"));
        assert!(!is_admin_path("/administrator"));
        assert!(!is_admin_path("/contacts"));
    }
}
