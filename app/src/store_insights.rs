//! The storage port's Personality Insights part (SPEC §3.6): the texts counted for each
//! contact (as pre-computed word tallies, so a new message never rescans a contact's
//! history), the running per-contact totals, the agent's examples, and the tenant's norms.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use insights::{Norms, Tally};
use serde::{Deserialize, Serialize};

use crate::model::{ContactId, TenantId, UserId};
use crate::store::StoreResult;

/// What a counted text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An incoming email (body with quotes, signatures and disclaimers stripped).
    Email,
    Sms,
    Chat,
    /// A verbatim example an agent added on the contact page.
    Example,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Email => "email",
            SourceKind::Sms => "sms",
            SourceKind::Chat => "chat",
            SourceKind::Example => "example",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        Some(match s {
            "email" => SourceKind::Email,
            "sms" => SourceKind::Sms,
            "chat" => SourceKind::Chat,
            "example" => SourceKind::Example,
            _ => return None,
        })
    }
}

/// Whether a text is in the contact's totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    /// In the totals.
    Counted,
    /// The same text (by hash) is already counted for this contact.
    Duplicate,
    /// Older than the most recent 250 KB of the contact's text.
    Trimmed,
}

/// One text behind a contact's profile (no body: the page links to the message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightSource {
    pub kind: SourceKind,
    /// The communication's id, or the example's id.
    pub source_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub words: u32,
    pub status: SourceStatus,
}

/// A contact's running totals and the texts behind them, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactInsight {
    /// The sum of the counted sources' tallies.
    pub totals: Tally,
    pub sources: Vec<InsightSource>,
}

/// Text an agent added by hand as an example of how the contact writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightExample {
    pub id: i64,
    pub contact_id: ContactId,
    pub text: String,
    /// A verbatim quote counts; a paraphrase is kept, marked, and not counted.
    pub verbatim: bool,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An incoming email, SMS or chat message with a contact, for the backfill that runs when a
/// tenant switches the feature on.
#[derive(Clone, Debug, PartialEq)]
pub struct BackfillText {
    pub communication_id: i64,
    pub contact_id: ContactId,
    pub kind: SourceKind,
    pub occurred_at: DateTime<Utc>,
    pub body_text: String,
}

/// The per-source row the store keeps: a source's tally and hash.
#[derive(Clone, Debug, PartialEq)]
pub struct NewInsightText<'a> {
    pub contact_id: ContactId,
    pub kind: SourceKind,
    pub source_id: i64,
    pub occurred_at: DateTime<Utc>,
    /// `insights::text_hash` of the text: the same text is counted once per contact.
    pub text_hash: &'a str,
    pub tally: &'a Tally,
}

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// Adds one text to the contact's totals in one transaction. Idempotent by
    /// (kind, source_id): a repeat answers the stored status and changes nothing. A text whose
    /// hash is already counted for the contact is kept as `Duplicate`. When the counted bytes
    /// pass `insights::MAX_BYTES`, the oldest counted sources become `Trimmed` (their tallies
    /// subtracted) until the totals fit. `NotFound` for an unknown or foreign contact.
    async fn add_insight_text(
        &self,
        tenant: TenantId,
        text: &NewInsightText<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<SourceStatus>;
    /// Removes a source (and subtracts it when counted); a `Duplicate` of the same text, or
    /// the newest `Trimmed` sources that fit again, take its place. Unknown: no change.
    async fn remove_insight_text(
        &self,
        tenant: TenantId,
        kind: SourceKind,
        source_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The contact's totals and sources; `None` when nothing was counted for it.
    async fn contact_insight(
        &self,
        tenant: TenantId,
        contact: ContactId,
    ) -> StoreResult<Option<ContactInsight>>;
    /// Stores an example (text ≤ 20,000 chars, validated by the caller) and, when `counted`
    /// is given, adds it as a source in the same transaction. Audited. `NotFound` for an
    /// unknown or foreign contact.
    #[allow(clippy::too_many_arguments)]
    async fn add_insight_example(
        &self,
        tenant: TenantId,
        actor: UserId,
        contact: ContactId,
        text: &str,
        verbatim: bool,
        counted: Option<(&str, &Tally)>,
        now: DateTime<Utc>,
    ) -> StoreResult<InsightExample>;
    /// Deletes an example of this contact and its source. Audited. `NotFound` otherwise.
    async fn delete_insight_example(
        &self,
        tenant: TenantId,
        actor: UserId,
        contact: ContactId,
        id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The contact's examples, newest first.
    async fn insight_examples(
        &self,
        tenant: TenantId,
        contact: ContactId,
    ) -> StoreResult<Vec<InsightExample>>;
    /// For the norms: the counted sources' tallies of every contact whose totals have at least
    /// `min_words` words, one `Vec` per contact (oldest source first).
    async fn insight_norm_inputs(
        &self,
        tenant: TenantId,
        min_words: u32,
    ) -> StoreResult<Vec<Vec<Tally>>>;
    async fn save_insight_norms(
        &self,
        tenant: TenantId,
        norms: &Norms,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn insight_norms(&self, tenant: TenantId) -> StoreResult<Option<Norms>>;
    /// Whether any contact's totals changed after the norms were computed (or there are
    /// totals and no norms).
    async fn insight_norms_stale(&self, tenant: TenantId) -> StoreResult<bool>;
    /// Deletes every source, total and the norms of the tenant (examples are kept: they are
    /// an agent's work). Answers how many contact profiles were deleted.
    async fn clear_insights(&self, tenant: TenantId) -> StoreResult<u64>;
    /// Incoming email/SMS/chat communications linked to a contact with id > `after`, oldest
    /// id first, at most `limit`.
    async fn insight_backfill(
        &self,
        tenant: TenantId,
        after: i64,
        limit: u32,
    ) -> StoreResult<Vec<BackfillText>>;
    /// The tenant's verbatim examples, oldest first (re-counted by the backfill after the
    /// feature is switched on again).
    async fn verbatim_examples(&self, tenant: TenantId) -> StoreResult<Vec<InsightExample>>;
    /// Tenants with the feature switched on (for the background norms job).
    async fn insight_tenants(&self) -> StoreResult<Vec<TenantId>>;
}
