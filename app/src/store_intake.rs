//! The storage port's communications-intake part (SPEC §3.7): inbound tokens, storing an
//! incoming message with its contact and work item in one transaction, and outgoing email.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::intake::{InboundMessage, IngestOutcome, OutgoingEmail};
use crate::model::{TenantId, UserId};
use crate::store::StoreResult;

/// The emails already on a work item, for an outgoing email's threading headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailThread {
    /// Message-IDs of the item's emails, oldest first (at most the last 20).
    pub message_ids: Vec<String>,
    /// The newest incoming email's Message-ID: what a reply answers.
    pub last_incoming: Option<String>,
}

#[async_trait]
pub trait IntakeStore: Send + Sync {
    /// The salt the tenant's inbound token is derived from (with the server secret), if one
    /// was made.
    async fn inbound_token_salt(&self, tenant: TenantId) -> StoreResult<Option<String>>;
    /// Replaces the salt, which rotates the token. Audited (`actor` is `None` for the CLI).
    async fn set_inbound_token_salt(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        salt: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Stores an incoming message in one transaction: finds (or, when the tenant allows and
    /// it is not an auto-reply, creates) the sender's contact, threads it to the work item it
    /// answers (reopening a Resolved one; a Closed one gets a new Ticket with its contacts) or
    /// creates a Ticket in the default queue, and writes the message (and its raw source).
    /// A key already stored answers `duplicate` and changes nothing.
    async fn ingest(
        &self,
        tenant: TenantId,
        message: &InboundMessage,
        now: DateTime<Utc>,
    ) -> StoreResult<IngestOutcome>;
    /// Records an outgoing email on a work item with status `sending` (before it is handed to
    /// the relay, so it is never lost) and returns its id. The first To address that is a
    /// contact's email links it to that contact.
    async fn record_outgoing(
        &self,
        tenant: TenantId,
        actor: UserId,
        work_item: i64,
        mail: &OutgoingEmail,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Claims outgoing email `id` for another attempt: allowed when it failed, or has been
    /// `sending` since before `stale_before` (a send cut off by a crash). Answers the stored
    /// email (without `reply_to` and `references`, which the caller derives) and its work
    /// item's reference; `StoreError::Invalid` when it was sent or is being sent.
    async fn claim_retry(
        &self,
        tenant: TenantId,
        id: i64,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<(OutgoingEmail, String)>;
    /// Records how an attempt went: `None` sent, `Some(reason)` failed.
    async fn finish_send(
        &self,
        tenant: TenantId,
        id: i64,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The emails on a work item, for threading an outgoing one.
    async fn email_thread(&self, tenant: TenantId, work_item: i64) -> StoreResult<EmailThread>;
}
