//! What server functions and pages take from Leptos context on the server: the store, the
//! session user (set by the server's auth middleware) and the server's settings.

use leptos::prelude::use_context;

use crate::error::AppError;
use crate::model::SessionUser;
use crate::store::SharedStore;

/// Settings the server hands to server functions.
#[derive(Clone, Debug)]
pub struct ServerSettings {
    /// Key for the session-token hash: a leaked database alone cannot forge sessions.
    pub session_secret: Vec<u8>,
    /// Adds `Secure` to the session cookie (when served over HTTPS).
    pub cookie_secure: bool,
    pub session_days: i64,
    /// A session unused this long ends (it is touched at most once a minute).
    pub session_idle_minutes: i64,
    /// Failed sign-ins per account and client address (one per process).
    pub login_limiter: std::sync::Arc<crate::login_limit::LoginLimiter>,
    /// The request header naming the client's address behind a proxy (else the peer address).
    pub client_ip_header: Option<String>,
    /// Outgoing email: the SMTP relay and the address mail is sent from.
    pub mail: MailSettings,
}

/// Hands an outgoing email to the relay (SMTP in the server; SPEC §3.7).
#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    /// Sends it; `Err` says why the relay refused it or could not be reached.
    async fn send(&self, mail: &crate::intake::OutgoingEmail) -> Result<(), String>;
}

/// Where outgoing email goes and who it is from.
#[derive(Clone)]
pub struct MailSettings {
    /// `None` when no relay is configured: sending is recorded and shown as failed.
    pub mailer: Option<std::sync::Arc<dyn Mailer>>,
    /// The support mailbox (`support@acme.example`): the From address, and, with a work
    /// item's `+reference`, the Reply-To that threads answers back to the item.
    pub support_address: String,
}

/// The support address used when none is configured.
pub const DEFAULT_SUPPORT_ADDRESS: &str = "support@callerdesk.localhost";

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            mailer: None,
            support_address: DEFAULT_SUPPORT_ADDRESS.into(),
        }
    }
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("relay", &self.mailer.is_some())
            .field("support_address", &self.support_address)
            .finish()
    }
}

impl ServerSettings {
    /// Settings with the default idle time (2 hours) and a fresh login limiter.
    pub fn new(session_secret: Vec<u8>, cookie_secure: bool, session_days: i64) -> ServerSettings {
        ServerSettings {
            session_secret,
            cookie_secure,
            session_days,
            session_idle_minutes: DEFAULT_IDLE_MINUTES,
            login_limiter: Default::default(),
            client_ip_header: None,
            mail: MailSettings::default(),
        }
    }
}

/// Two hours: a lunch break keeps the session, a desk left overnight does not.
pub const DEFAULT_IDLE_MINUTES: i64 = 120;

/// The process's store and settings, installed once at start-up ([`install`]). Leptos context
/// carries them to every request; this is the fallback for a server function whose reactive
/// owner no longer reaches the request's context (seen rarely for resources created inside a
/// streamed `Suspend` during server rendering), so such a call still answers instead of
/// failing with "no store in context".
static INSTALLED: std::sync::OnceLock<(SharedStore, ServerSettings)> = std::sync::OnceLock::new();

/// Installs the process-wide store and settings (the server calls this once when it builds
/// its router; later calls keep the first).
pub fn install(store: SharedStore, settings: ServerSettings) {
    let _ = INSTALLED.set((store, settings));
}

pub fn store() -> Result<SharedStore, AppError> {
    use_context::<SharedStore>()
        .or_else(|| INSTALLED.get().map(|(s, _)| s.clone()))
        .ok_or_else(|| {
            tracing::error!("no store in context");
            AppError::Internal
        })
}

pub fn settings() -> Result<ServerSettings, AppError> {
    use_context::<ServerSettings>()
        .or_else(|| INSTALLED.get().map(|(_, s)| s.clone()))
        .ok_or_else(|| {
            tracing::error!("no server settings in context");
            AppError::Internal
        })
}

/// The signed-in user of this request, or `Unauthorized`.
pub fn session_user() -> Result<SessionUser, AppError> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SessionUser>().cloned())
        .ok_or(AppError::Unauthorized)
}

/// The signed-in user if there is one (pages that also render for visitors).
pub fn maybe_session_user() -> Option<SessionUser> {
    session_user().ok()
}

/// The HTTP status for an error answer.
pub fn status_of(error: &AppError) -> http::StatusCode {
    use http::StatusCode;
    match error {
        AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Validation(_) | AppError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Gives a server function's error answer its proper HTTP status (server_fn would answer
/// every error with 500), then passes the result on.
///
/// A plain form post (no WebAssembly yet) is the exception: `leptos_axum` answers its error
/// with a redirect back to the form's page carrying the error, and a 4xx status would turn that
/// redirect into a bare error body.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && !is_plain_form_post()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(status_of(error));
    }
    result
}

/// Whether this request is a plain form post from a page without WebAssembly (the browser asks
/// for HTML; the hydrated page's calls ask for data).
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// After a plain form post, sends the browser to `path` (a path of this site); calls from the
/// hydrated page get the function's answer instead.
pub fn redirect_plain_form(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}
