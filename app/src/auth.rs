//! Signing in and out: the server functions the login page and the user menu call, and the
//! password and session-token rules the server's middleware and JSON API share.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SessionUser;

pub const SESSION_COOKIE: &str = "callerdesk_session";

/// Who is signed in (None for a visitor). The shell's header uses it.
#[server(endpoint = "session/current")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(crate::server_ctx::maybe_session_user())
}

/// Signs in with email and password; sets the session cookie and goes to `next` (a local
/// path only — anything else goes to the start page).
#[server(endpoint = "session/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    crate::server_ctx::answer(server::login(email, password, next).await)
}

#[server(endpoint = "session/logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::server_ctx::answer(server::logout().await)
}

/// Changes the signed-in user's own password (required after an admin gave them a one-time
/// password). Their other sessions end; this one stays. Then goes to `next` (a local path).
#[server(endpoint = "session/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    crate::server_ctx::answer(
        server::change_password(current_password, new_password, confirm_password, next).await,
    )
}

/// Paths a user who must change their password may still reach (the page, its server
/// function, sign-out and "who am I").
pub fn allowed_before_password_change(path: &str) -> bool {
    matches!(
        path,
        "/change-password"
            | "/api/session/change-password"
            | "/api/session/logout"
            | "/api/session/current"
            | "/api/v1/session"
    )
}

/// A return address is kept only when it is a path on this site: no scheme, no host, no `//`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control() || c == '\\')
                && !path.starts_with("/login") =>
        {
            path.to_string()
        }
        _ => "/contacts".to_string(),
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    //! Password hashing (Argon2id), session tokens and cookies.

    use argon2::Argon2;
    use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
    use chrono::{Duration, Utc};
    use hmac::{Hmac, Mac};
    use rand::RngCore;
    use sha2::Sha256;

    use crate::error::AppError;
    use crate::model::{SessionUser, TenantId};
    use crate::server_ctx::ServerSettings;
    use crate::store::SharedStore;

    use super::SESSION_COOKIE;

    /// A hash of a random password nobody knows: verifying against it makes an unknown email
    /// cost as much time as a wrong password, so answers do not reveal which emails exist.
    pub fn dummy_hash() -> String {
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        DUMMY
            .get_or_init(|| hash_password(&new_token()).unwrap_or_default())
            .clone()
    }

    pub fn hash_password(password: &str) -> Result<String, AppError> {
        let mut salt = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|_| AppError::Internal)
    }

    pub fn verify_password(password: &str, hash: &str) -> bool {
        PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }

    /// The stored form of a session token: HMAC-SHA256 keyed by the server's secret.
    pub fn hash_token(secret: &[u8], token: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn new_token() -> String {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    }

    /// A tenant's inbound token (SPEC §3.7): `"{tenant}.{HMAC-SHA256(secret, tenant, salt)}"`.
    /// The database keeps only the random salt, so a leaked database alone does not reveal
    /// the token, while the server and its CLI can show it again; a new salt rotates it.
    pub fn inbound_token(secret: &[u8], tenant: TenantId, salt: &str) -> String {
        format!(
            "{}.{}",
            tenant.0,
            hex::encode(inbound_mac(secret, tenant, salt).finalize().into_bytes())
        )
    }

    fn inbound_mac(secret: &[u8], tenant: TenantId, salt: &str) -> Hmac<Sha256> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(format!("inbound-token\0{}\0{salt}", tenant.0).as_bytes());
        mac
    }

    /// Whether `presented` is the tenant's inbound token (compared in constant time).
    pub fn inbound_token_matches(
        secret: &[u8],
        tenant: TenantId,
        salt: &str,
        presented: &str,
    ) -> bool {
        match parse_cookie_value(presented) {
            Some((t, mac)) if t == tenant => hex::decode(mac).is_ok_and(|bytes| {
                inbound_mac(secret, tenant, salt)
                    .verify_slice(&bytes)
                    .is_ok()
            }),
            _ => false,
        }
    }

    /// Cookie value `"{tenant}.{token}"`: the tenant lets the session lookup use the
    /// tenant-leading key.
    pub fn parse_cookie_value(value: &str) -> Option<(TenantId, &str)> {
        let (tenant, token) = value.split_once('.')?;
        let tenant: i64 = tenant.parse().ok()?;
        (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some((TenantId(tenant), token))
    }

    pub fn session_cookie_from_headers(headers: &http::HeaderMap) -> Option<String> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| cookie::Cookie::parse(pair.trim().to_string()).ok())
            .find(|c| c.name() == SESSION_COOKIE)
            .map(|c| c.value().to_string())
    }

    fn build_cookie(
        settings: &ServerSettings,
        value: String,
        max_age: cookie::time::Duration,
    ) -> String {
        cookie::Cookie::build((SESSION_COOKIE, value))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .secure(settings.cookie_secure)
            .max_age(max_age)
            .build()
            .to_string()
    }

    pub fn clearing_cookie(settings: &ServerSettings) -> String {
        build_cookie(settings, String::new(), cookie::time::Duration::ZERO)
    }

    fn set_cookie(cookie: &str) -> Result<(), AppError> {
        let response = leptos::prelude::expect_context::<leptos_axum::ResponseOptions>();
        response.append_header(
            http::header::SET_COOKIE,
            http::HeaderValue::from_str(cookie).map_err(|_| AppError::Internal)?,
        );
        Ok(())
    }

    /// The client's address, as the server's middleware put it in the request.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ClientAddress(pub String);

    pub(super) async fn login(
        email: String,
        password: String,
        next: Option<String>,
    ) -> Result<(), AppError> {
        let store = crate::server_ctx::store()?;
        let settings = crate::server_ctx::settings()?;
        let parts =
            leptos::prelude::use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        let client = parts
            .extensions
            .get::<ClientAddress>()
            .map(|a| a.0.as_str());
        let (user, cookie) =
            sign_in(&store, &settings, &email, &password, &parts.headers, client).await?;
        set_cookie(&cookie)?;
        let next = super::safe_next(next.as_deref());
        if user.must_change_password {
            leptos_axum::redirect(&format!(
                "/change-password?next={}",
                crate::format::urlencode(&next)
            ));
        } else {
            leptos_axum::redirect(&next);
        }
        Ok(())
    }

    pub(super) async fn change_password(
        current: String,
        new: String,
        confirm: String,
        next: Option<String>,
    ) -> Result<(), AppError> {
        use crate::model::FieldError;
        let user = crate::server_ctx::session_user()?;
        let store = crate::server_ctx::store()?;
        let settings = crate::server_ctx::settings()?;
        let parts =
            leptos::prelude::use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        let problem = |field: &str, message: String| {
            Err(AppError::Validation(vec![FieldError::new(field, message)]))
        };
        if current.len() > 1024 {
            return problem("current_password", "The current password is wrong.".into());
        }
        if let Some(message) = crate::admin_api::password_problem(&new) {
            return problem("new_password", message);
        }
        if new != confirm {
            return problem("confirm_password", "The two new passwords differ.".into());
        }
        if new == current {
            return problem(
                "new_password",
                "Choose a password different from the current one.".into(),
            );
        }
        let record = store
            .login_record(&user.email)
            .await?
            .filter(|r| r.user.id == user.user_id && r.user.tenant_id == user.tenant_id)
            .ok_or(AppError::Unauthorized)?;
        let hash = record.password_hash;
        let ok = tokio::task::spawn_blocking(move || verify_password(&current, &hash))
            .await
            .map_err(|_| AppError::Internal)?;
        if !ok {
            return problem("current_password", "The current password is wrong.".into());
        }
        let hash = tokio::task::spawn_blocking(move || hash_password(&new))
            .await
            .map_err(|_| AppError::Internal)??;
        let keep = session_cookie_from_headers(&parts.headers).and_then(|v| {
            parse_cookie_value(&v).map(|(_, t)| hash_token(&settings.session_secret, t))
        });
        store
            .set_password(
                user.tenant_id,
                Some(user.user_id),
                user.user_id,
                &hash,
                false,
                keep.as_deref(),
                Utc::now(),
            )
            .await?;
        leptos_axum::redirect(&super::safe_next(next.as_deref()));
        Ok(())
    }

    pub(super) async fn logout() -> Result<(), AppError> {
        let store = crate::server_ctx::store()?;
        let settings = crate::server_ctx::settings()?;
        if let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() {
            sign_out(&store, &settings, &parts.headers).await?;
        }
        set_cookie(&clearing_cookie(&settings))?;
        leptos_axum::redirect("/login");
        Ok(())
    }

    /// Checks the password and opens a session: a new token every time (the session the
    /// request's cookie names, if any, ends), so a token planted before sign-in is worthless.
    /// Failed attempts count against the account and the client address (`login_limit`).
    /// Returns the user and the `Set-Cookie` value.
    pub async fn sign_in(
        store: &SharedStore,
        settings: &ServerSettings,
        email: &str,
        password: &str,
        old: &http::HeaderMap,
        client: Option<&str>,
    ) -> Result<(SessionUser, String), AppError> {
        let email = email.trim();
        if email.is_empty() || password.is_empty() || email.len() > 254 || password.len() > 1024 {
            return Err(AppError::BadCredentials);
        }
        let limiter = &settings.login_limiter;
        if let Some(wait) = limiter.blocked_for(email, client, std::time::Instant::now()) {
            return Err(AppError::TooManyAttempts(
                crate::login_limit::refusal_message(wait),
            ));
        }
        let record = store.login_record(email).await?;
        let hash = record
            .as_ref()
            .map(|r| r.password_hash.clone())
            .unwrap_or_else(dummy_hash);
        let password = password.to_string();
        // Argon2 takes tens of milliseconds of CPU and ~19 MB: keep it off the async workers,
        // and run at most two at once so a burst of attempts queues instead of exhausting
        // the machine. (Per-account and per-address rate limits are their own issue.)
        static VERIFICATIONS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let _permit = VERIFICATIONS
            .acquire()
            .await
            .map_err(|_| AppError::Internal)?;
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|_| AppError::Internal)?;
        let record = match record {
            Some(r) if ok && r.user.active => r,
            _ => {
                limiter.record_failure(email, client, std::time::Instant::now());
                return Err(AppError::BadCredentials);
            }
        };
        limiter.record_success(email);
        sign_out(store, settings, old).await?;
        let token = new_token();
        let now = Utc::now();
        let expires = now + Duration::days(settings.session_days);
        store
            .create_session(
                record.user.tenant_id,
                record.user.id,
                &hash_token(&settings.session_secret, &token),
                now,
                expires,
            )
            .await?;
        let user = SessionUser {
            user_id: record.user.id,
            tenant_id: record.user.tenant_id,
            tenant_name: record.tenant_name,
            email: record.user.email,
            name: record.user.name,
            role: record.user.role,
            must_change_password: record.password_temporary,
        };
        let value = format!("{}.{}", user.tenant_id.0, token);
        let cookie = build_cookie(
            settings,
            value,
            cookie::time::Duration::days(settings.session_days),
        );
        Ok((user, cookie))
    }

    /// Ends the session named by the request's cookie, if any.
    pub async fn sign_out(
        store: &SharedStore,
        settings: &ServerSettings,
        headers: &http::HeaderMap,
    ) -> Result<(), AppError> {
        if let Some(value) = session_cookie_from_headers(headers)
            && let Some((tenant, token)) = parse_cookie_value(&value)
        {
            store
                .delete_session(tenant, &hash_token(&settings.session_secret, token))
                .await?;
        }
        Ok(())
    }

    /// The user of the session named by these headers, if it is live.
    pub async fn user_from_headers(
        store: &SharedStore,
        settings: &ServerSettings,
        headers: &http::HeaderMap,
    ) -> Result<Option<SessionUser>, AppError> {
        let Some(value) = session_cookie_from_headers(headers) else {
            return Ok(None);
        };
        let Some((tenant, token)) = parse_cookie_value(&value) else {
            return Ok(None);
        };
        let now = Utc::now();
        Ok(store
            .session_user(
                tenant,
                &hash_token(&settings.session_secret, token),
                now,
                now - Duration::minutes(settings.session_idle_minutes),
            )
            .await?)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_password_verifies_against_its_own_hash_only() {
            let hash = hash_password("correct horse").unwrap();
            assert!(hash.starts_with("$argon2id$"));
            assert!(verify_password("correct horse", &hash));
            assert!(!verify_password("wrong horse", &hash));
        }

        #[test]
        fn the_dummy_hash_parses_so_unknown_users_cost_a_full_verification() {
            assert!(PasswordHash::new(&dummy_hash()).is_ok());
            assert!(!verify_password("anything", &dummy_hash()));
        }

        #[test]
        fn a_cookie_value_carries_tenant_and_a_64_hex_token() {
            let token = "a".repeat(64);
            assert_eq!(
                parse_cookie_value(&format!("7.{token}")),
                Some((TenantId(7), token.as_str()))
            );
            assert_eq!(parse_cookie_value("7.short"), None);
            assert_eq!(parse_cookie_value(&format!("x.{token}")), None);
            assert_eq!(parse_cookie_value(&token), None);
        }

        #[test]
        fn token_hashes_depend_on_the_secret() {
            assert_ne!(hash_token(b"one", "t"), hash_token(b"two", "t"));
            assert_eq!(hash_token(b"one", "t"), hash_token(b"one", "t"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_kept_as_return_addresses() {
        assert_eq!(safe_next(Some("/contacts/5")), "/contacts/5");
        assert_eq!(safe_next(Some("/contacts?q=smith")), "/contacts?q=smith");
        for bad in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "evil",
            "",
            "/login",
        ] {
            assert_eq!(safe_next(Some(bad)), "/contacts", "{bad}");
        }
        assert_eq!(safe_next(None), "/contacts");
    }
}
