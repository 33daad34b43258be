//! Personality Insights on the server (SPEC §3.6): counting a contact's incoming text as it
//! arrives, the backfill when a tenant turns the feature on, the tenant's norms, and a
//! contact's profile. Scoring itself is the `insights` crate; storage is the `InsightStore`
//! port. Each text is tallied once, when it arrives; a profile is composed from the stored
//! totals, so nothing here rescans a contact's history.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use insights::{Norms, Profile, Tally};

use crate::insights_api::NormsSummary;
use crate::intake::Channel;
use crate::model::{ContactId, TenantId, UserId};
use crate::store::{Store, StoreError, StoreResult};
use crate::store_insights::{
    ContactInsight, InsightExample, NewInsightText, SourceKind, SourceStatus,
};

/// Communications read per step of the backfill.
pub const BACKFILL_PAGE: u32 = 500;

/// Whether the tenant has Personality Insights on.
pub async fn enabled(store: &dyn Store, tenant: TenantId) -> StoreResult<bool> {
    Ok(store.tenant(tenant).await?.settings.personality_insights)
}

/// The source kind of a message that arrived on `channel`.
pub fn kind_of(channel: Channel) -> SourceKind {
    match channel {
        Channel::Email => SourceKind::Email,
        Channel::Sms => SourceKind::Sms,
        Channel::Chat => SourceKind::Chat,
    }
}

/// What is counted of a message: an email's body without quotes, signatures and disclaimers,
/// an SMS or chat message as sent; its tally and hash. Work for a blocking thread (a body may
/// be up to a million characters).
fn measure(kind: SourceKind, body: &str) -> (Tally, String) {
    let text = match kind {
        SourceKind::Email => insights::strip_email_body(body),
        _ => body.to_string(),
    };
    (Tally::of_text(&text), insights::text_hash(&text))
}

async fn measure_off_thread(kind: SourceKind, body: String) -> StoreResult<(Tally, String)> {
    tokio::task::spawn_blocking(move || measure(kind, &body))
        .await
        .map_err(|e| StoreError::Backend(format!("tallying a text failed: {e}")))
}

/// Counts an incoming email, SMS or chat message from `contact` (call it once the message is
/// stored). Nothing happens while the tenant has the feature off (`Ok(None)`), nor for a text
/// without words. A repeat of the same communication changes nothing.
pub async fn record_incoming(
    store: &dyn Store,
    tenant: TenantId,
    contact: ContactId,
    kind: SourceKind,
    communication_id: i64,
    occurred_at: DateTime<Utc>,
    body_text: &str,
) -> StoreResult<Option<SourceStatus>> {
    if !enabled(store, tenant).await? {
        return Ok(None);
    }
    let (tally, hash) = measure_off_thread(kind, body_text.to_string()).await?;
    if tally.words == 0 {
        return Ok(None);
    }
    let text = NewInsightText {
        contact_id: contact,
        kind,
        source_id: communication_id,
        occurred_at,
        text_hash: &hash,
        tally: &tally,
    };
    let status = store.add_insight_text(tenant, &text, Utc::now()).await?;
    // An admin may have turned the feature off (and cleared) while this was being counted:
    // then this text must not stay behind.
    if !enabled(store, tenant).await? {
        store.clear_insights(tenant).await?;
        return Ok(None);
    }
    Ok(Some(status))
}

/// Stores an example an agent added (text already checked: trimmed, 1–20,000 characters). A
/// verbatim one is counted; a paraphrase is kept and not counted.
pub async fn add_example(
    store: &dyn Store,
    tenant: TenantId,
    actor: UserId,
    contact: ContactId,
    text: &str,
    verbatim: bool,
    now: DateTime<Utc>,
) -> StoreResult<InsightExample> {
    let measured = if verbatim {
        Some(measure_off_thread(SourceKind::Example, text.to_string()).await?)
    } else {
        None
    };
    let counted = measured
        .as_ref()
        .map(|(tally, hash)| (hash.as_str(), tally));
    store
        .add_insight_example(tenant, actor, contact, text, verbatim, counted, now)
        .await
}

/// What a backfill did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackfillReport {
    /// Incoming messages read (each counted, kept as a duplicate, or already there).
    pub messages: u64,
    /// Verbatim examples read.
    pub examples: u64,
    /// The norms computed at the end (`None` when the feature was turned off meanwhile).
    pub norms: Option<NormsSummary>,
}

/// One backfill per tenant at a time in this process: a second one (the switch turned off
/// and on again quickly) waits for the first, then runs; counting is idempotent, so the
/// second one only fills in what the first missed.
fn backfill_lock(tenant: TenantId) -> Arc<tokio::sync::Mutex<()>> {
    static LOCKS: OnceLock<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let locks = LOCKS.get_or_init(Default::default);
    let mut locks = locks
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    locks.entry(tenant.0).or_default().clone()
}

/// Counts every incoming email, SMS and chat message with a contact and every verbatim
/// example of the tenant (after the feature is turned on), then recomputes the norms. Stops,
/// and leaves nothing behind, when the feature is turned off meanwhile.
pub async fn backfill(
    store: &dyn Store,
    tenant: TenantId,
    now: DateTime<Utc>,
) -> StoreResult<BackfillReport> {
    let lock = backfill_lock(tenant);
    let _running = lock.lock().await;
    let mut report = BackfillReport::default();
    let mut after = 0;
    loop {
        if !enabled(store, tenant).await? {
            return stopped(store, tenant, report).await;
        }
        let page = store.insight_backfill(tenant, after, BACKFILL_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.communication_id;
        let full = page.len() >= BACKFILL_PAGE as usize;
        for text in page {
            let (tally, hash) = measure_off_thread(text.kind, text.body_text).await?;
            report.messages += 1;
            if tally.words == 0 {
                continue;
            }
            let new = NewInsightText {
                contact_id: text.contact_id,
                kind: text.kind,
                source_id: text.communication_id,
                occurred_at: text.occurred_at,
                text_hash: &hash,
                tally: &tally,
            };
            match store.add_insight_text(tenant, &new, now).await {
                // The contact was deleted since the page was read.
                Ok(_) | Err(StoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        if !full {
            break;
        }
    }
    for example in store.verbatim_examples(tenant).await? {
        let (tally, hash) = measure_off_thread(SourceKind::Example, example.text).await?;
        report.examples += 1;
        if tally.words == 0 {
            continue;
        }
        let new = NewInsightText {
            contact_id: example.contact_id,
            kind: SourceKind::Example,
            source_id: example.id,
            occurred_at: example.created_at,
            text_hash: &hash,
            tally: &tally,
        };
        match store.add_insight_text(tenant, &new, now).await {
            Ok(_) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    if !enabled(store, tenant).await? {
        return stopped(store, tenant, report).await;
    }
    report.norms = Some(recompute_norms(store, tenant, now).await?);
    Ok(report)
}

/// The feature was turned off during a backfill: what it counted goes too.
async fn stopped(
    store: &dyn Store,
    tenant: TenantId,
    report: BackfillReport,
) -> StoreResult<BackfillReport> {
    store.clear_insights(tenant).await?;
    Ok(report)
}

/// Recomputes the tenant's norms from the contacts with at least 100 words and saves them.
pub async fn recompute_norms(
    store: &dyn Store,
    tenant: TenantId,
    now: DateTime<Utc>,
) -> StoreResult<NormsSummary> {
    let inputs = store
        .insight_norm_inputs(tenant, insights::MIN_WORDS)
        .await?;
    let computed_at = now.to_rfc3339();
    // Norms read every counted text's tally of every reference contact: off the async threads.
    let norms = tokio::task::spawn_blocking(move || insights::compute_norms(&inputs, computed_at))
        .await
        .map_err(|e| StoreError::Backend(format!("computing norms failed: {e}")))?;
    store.save_insight_norms(tenant, &norms, now).await?;
    // Turned off while they were computed (the background job, a backfill): nothing stays.
    if !enabled(store, tenant).await? {
        store.clear_insights(tenant).await?;
    }
    Ok(summary(&norms))
}

/// The admin's and the command line's view of norms.
pub fn summary(norms: &Norms) -> NormsSummary {
    let mode =
        if norms.reference_contacts < insights::MIN_REFERENCE_CONTACTS || norms.traits.is_empty() {
            "none"
        } else if norms.norm_contacts >= insights::MIN_NORM_CONTACTS {
            "percentiles"
        } else {
            "bands"
        };
    NormsSummary {
        reference_contacts: norms.reference_contacts,
        norm_contacts: norms.norm_contacts,
        mode: mode.to_string(),
        computed_at: norms.computed_at.clone(),
    }
}

/// The contact's stored insight (`None` when nothing is counted) and the tenant's norms;
/// `NotFound` for an unknown or foreign contact.
pub async fn known_contact_insight(
    store: &dyn Store,
    tenant: TenantId,
    contact: ContactId,
) -> StoreResult<(Option<ContactInsight>, Option<Norms>)> {
    if store.contact(tenant, contact).await?.is_none() {
        return Err(StoreError::NotFound);
    }
    let insight = store.contact_insight(tenant, contact).await?;
    let norms = store.insight_norms(tenant).await?;
    Ok((insight, norms))
}

/// A profile from a contact's totals and the tenant's norms.
pub fn compose(totals: &Tally, norms: Option<&Norms>) -> Profile {
    insights::profile(totals, norms)
}

/// The contact's profile (under 100 words: `strength` insufficient, no scores). `NotFound`
/// for an unknown or foreign contact. The caller checks that the feature is on.
pub async fn contact_profile(
    store: &dyn Store,
    tenant: TenantId,
    contact: ContactId,
) -> StoreResult<Profile> {
    let (insight, norms) = known_contact_insight(store, tenant, contact).await?;
    let totals = insight.map(|i| i.totals).unwrap_or_default();
    Ok(compose(&totals, norms.as_ref()))
}

/// Recomputes the norms of every tenant with the feature on whose contacts' totals changed
/// since (the background job). Failures are logged; the other tenants still run.
pub async fn refresh_stale_norms(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<u32> {
    let mut refreshed = 0;
    for tenant in store.insight_tenants().await? {
        let stale = match store.insight_norms_stale(tenant).await {
            Ok(stale) => stale,
            Err(e) => {
                tracing::warn!(tenant = tenant.0, error = %e, "checking insight norms failed");
                continue;
            }
        };
        if !stale {
            continue;
        }
        match recompute_norms(store, tenant, now).await {
            Ok(s) => {
                refreshed += 1;
                tracing::info!(
                    tenant = tenant.0,
                    reference_contacts = s.reference_contacts,
                    norm_contacts = s.norm_contacts,
                    "recomputed insight norms"
                );
            }
            Err(e) => {
                tracing::warn!(tenant = tenant.0, error = %e, "recomputing insight norms failed")
            }
        }
    }
    Ok(refreshed)
}

/// Starts the backfill in the background (the admin turned the feature on); its outcome is
/// logged.
pub fn spawn_backfill(store: crate::store::SharedStore, tenant: TenantId) {
    tokio::spawn(async move {
        match backfill(store.as_ref(), tenant, Utc::now()).await {
            Ok(r) => tracing::info!(
                tenant = tenant.0,
                messages = r.messages,
                examples = r.examples,
                finished = r.norms.is_some(),
                "personality insights backfill"
            ),
            Err(e) => {
                tracing::error!(tenant = tenant.0, error = %e, "personality insights backfill failed")
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_counted_without_its_quoted_reply() {
        let body = "Thanks, that works for me.\n\nOn Mon, 1 Jan 2024, Support wrote:\n> Your parcel \
                    left the warehouse today and should arrive soon.";
        let (email, _) = measure(SourceKind::Email, body);
        let (sms, _) = measure(SourceKind::Sms, body);
        assert!(email.words < sms.words, "{} < {}", email.words, sms.words);
        assert_eq!(measure(SourceKind::Chat, "Hi there").0.words, 2);
    }

    #[test]
    fn the_same_words_are_the_same_text() {
        let (_, a) = measure(SourceKind::Sms, "Where is my parcel?");
        let (_, b) = measure(SourceKind::Chat, "where  is my PARCEL");
        assert_eq!(a, b);
    }

    #[test]
    fn without_enough_reference_contacts_there_is_no_standard() {
        let norms = insights::compute_norms(&[], "2026-11-20T00:00:00Z".into());
        let s = summary(&norms);
        assert_eq!((s.mode.as_str(), s.reference_contacts), ("none", 0));
        assert_eq!(s.computed_at, "2026-11-20T00:00:00Z");
    }
}
