//! Outgoing email from the work item page (SPEC §3.7): the composer's defaults, sending over
//! the configured SMTP relay, and retrying a send that failed. Every function takes the tenant
//! from the session. An email is stored (status `sending`) before it is handed to the relay
//! and its outcome recorded after, so a failed or interrupted send is shown with a retry and
//! never lost.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Longest body accepted (characters).
pub const MAX_BODY_CHARS: usize = 100_000;

/// What the composer starts with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailDraft {
    /// The Primary Contact's email.
    pub to: String,
    /// CC-tagged contacts' emails, comma-separated.
    pub cc: String,
    pub subject: String,
    /// The From line replies come back to.
    pub from: String,
    /// Whether an SMTP relay is configured (else sending records the email as not sent).
    pub relay: bool,
}

/// How a send went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendOutcome {
    /// The stored outgoing communication.
    pub id: i64,
    pub sent: bool,
    /// Why the relay did not take it.
    pub error: Option<String>,
}

/// What the composer on work item `reference` starts with.
#[server(endpoint = "work-items/compose-email")]
pub async fn compose_email(reference: String) -> Result<EmailDraft, AppError> {
    crate::server_ctx::answer(imp::compose_email(reference).await)
}

/// Stores and sends an email on the work item `reference`. Field errors name `to`, `cc`,
/// `subject` or `body`.
#[server(endpoint = "work-items/send-email")]
pub async fn send_email(
    reference: String,
    to: String,
    #[server(default)] cc: String,
    subject: String,
    body: String,
) -> Result<SendOutcome, AppError> {
    crate::server_ctx::answer(imp::send_email(reference, to, cc, subject, body).await)
}

/// Sends a failed email again (same Message-ID, so it threads the same way).
#[server(endpoint = "work-items/retry-email")]
pub async fn retry_email(id: i64) -> Result<SendOutcome, AppError> {
    crate::server_ctx::answer(imp::retry_email(id).await)
}

#[cfg(feature = "ssr")]
#[path = "mail_imp.rs"]
mod imp;
