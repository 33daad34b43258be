//! Personality Insights on the contact page (SPEC §3.6): the profile with the texts behind it,
//! the agent's examples, and the admin's "recompute norms". While a tenant has the feature
//! off, nothing is read or computed: the panel's call answers `enabled: false` only. The
//! server side is in `imp` below and in `crate::insights_imp`.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The longest example an agent may add (characters, after trimming).
pub const MAX_EXAMPLE_CHARS: usize = 20_000;

/// The Personality Insights panel of a contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InsightsView {
    /// The tenant has the feature on. When off, everything else is empty.
    pub enabled: bool,
    /// The contact's profile (present whenever `enabled`, also under 100 words: its
    /// `strength` is then `insufficient` and the panel shows a progress bar).
    pub profile: Option<insights::Profile>,
    /// The texts behind the profile, newest first.
    pub sources: Vec<SourceView>,
    /// The agent's examples, newest first.
    pub examples: Vec<ExampleView>,
}

/// One text behind a contact's profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceView {
    /// `email`, `sms`, `chat` or `example`.
    pub kind: String,
    /// What to call it: `Email`, `SMS`, `Chat`, `Example`.
    pub kind_label: String,
    /// The communication's id, or the example's id.
    pub source_id: i64,
    /// Where the message is shown (the contact's communications of that kind and day); `None`
    /// for an example, which the panel lists itself.
    pub link: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub words: u32,
    /// `counted`, `duplicate` or `trimmed`.
    pub status: String,
    /// A sentence for the status (`Counted`, `Not counted: the same text is counted already`…).
    pub status_label: String,
    /// In the contact's totals.
    pub counted: bool,
}

/// Text an agent added as an example of how the contact writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExampleView {
    pub id: i64,
    pub text: String,
    /// A verbatim quote (counted); otherwise a paraphrase, kept and marked, not counted.
    pub verbatim: bool,
    /// In the contact's totals now (a verbatim example may be a duplicate, or trimmed).
    pub counted: bool,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What recomputing a tenant's norms found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormsSummary {
    /// Contacts with 100+ words (the reference for bands).
    pub reference_contacts: u32,
    /// Contacts with 600+ words (the norms for percentiles).
    pub norm_contacts: u32,
    /// `percentiles`, `bands` or `none`.
    pub mode: String,
    /// RFC 3339.
    pub computed_at: String,
}

/// The contact's Personality Insights panel. Any signed-in user of the tenant; another
/// tenant's contact is not found.
#[server(endpoint = "insights/contact")]
pub async fn contact_insights(contact: i64) -> Result<InsightsView, AppError> {
    crate::server_ctx::answer(imp::contact_insights(contact).await)
}

/// Adds an example of how the contact writes. A verbatim quote counts toward the profile; a
/// paraphrase is kept and marked, and does not count. Text: 1–20,000 characters (field
/// `text`). Any agent may add one.
#[server(endpoint = "insights/examples/add")]
pub async fn add_insight_example(
    contact: i64,
    text: String,
    #[server(default)] verbatim: bool,
) -> Result<(), AppError> {
    crate::server_ctx::answer(imp::add_insight_example(contact, text, verbatim).await)
}

/// Deletes an example of the contact (and takes it out of the profile).
#[server(endpoint = "insights/examples/delete")]
pub async fn delete_insight_example(contact: i64, example: i64) -> Result<(), AppError> {
    crate::server_ctx::answer(imp::delete_insight_example(contact, example).await)
}

/// Recomputes the tenant's norms now (the server also does so in the background). Admins only.
#[server(endpoint = "admin/insights/recompute-norms")]
pub async fn recompute_insight_norms() -> Result<NormsSummary, AppError> {
    crate::server_ctx::answer(imp::recompute_insight_norms().await)
}

/// The example text trimmed, or why it cannot be added (shared by the browser and the server).
pub fn example_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Paste or type what the contact wrote".into());
    }
    if text.chars().count() > MAX_EXAMPLE_CHARS {
        return Err("At most 20,000 characters".into());
    }
    // Line breaks and tabs are part of a quote; other control characters are not text.
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("Control characters are not allowed".into());
    }
    Ok(text.to_string())
}

/// The server side of the functions above.
#[cfg(feature = "ssr")]
pub mod imp {
    use super::*;
    use crate::insights_imp;
    use crate::model::{ContactId, FieldError, Role, SessionUser};
    use crate::server_ctx::{session_user, store};
    use crate::store::Store;
    use crate::store_insights::{ContactInsight, InsightSource, SourceKind, SourceStatus};

    /// Why a change is refused while the feature is off.
    fn feature_off() -> AppError {
        AppError::BadRequest(
            "Personality Insights are off for this organisation; an admin can turn them on in \
             Admin › Settings."
                .into(),
        )
    }

    async fn enabled(store: &dyn Store, user: &SessionUser) -> Result<bool, AppError> {
        Ok(insights_imp::enabled(store, user.tenant_id).await?)
    }

    pub async fn contact_insights(contact: i64) -> Result<InsightsView, AppError> {
        let user = session_user()?;
        let store = store()?;
        if !enabled(store.as_ref(), &user).await? {
            return Ok(InsightsView {
                enabled: false,
                profile: None,
                sources: Vec::new(),
                examples: Vec::new(),
            });
        }
        let tenant = user.tenant_id;
        let contact = ContactId(contact);
        let (insight, norms) =
            insights_imp::known_contact_insight(store.as_ref(), tenant, contact).await?;
        let examples = store.insight_examples(tenant, contact).await?;
        let insight = insight.unwrap_or_default();
        let profile = insights_imp::compose(&insight.totals, norms.as_ref());
        Ok(view(contact, profile, insight, examples))
    }

    fn view(
        contact: ContactId,
        profile: insights::Profile,
        insight: ContactInsight,
        examples: Vec<crate::store_insights::InsightExample>,
    ) -> InsightsView {
        let counted_example = |id: i64| {
            insight.sources.iter().any(|s| {
                s.kind == SourceKind::Example
                    && s.source_id == id
                    && s.status == SourceStatus::Counted
            })
        };
        let examples = examples
            .into_iter()
            .map(|e| ExampleView {
                counted: e.verbatim && counted_example(e.id),
                id: e.id,
                text: e.text,
                verbatim: e.verbatim,
                created_by: e.created_by,
                created_at: e.created_at,
            })
            .collect();
        InsightsView {
            enabled: true,
            profile: Some(profile),
            sources: insight
                .sources
                .iter()
                .map(|s| source_view(contact, s))
                .collect(),
            examples,
        }
    }

    pub(crate) fn source_view(contact: ContactId, s: &InsightSource) -> SourceView {
        let kind_label = match s.kind {
            SourceKind::Email => "Email",
            SourceKind::Sms => "SMS",
            SourceKind::Chat => "Chat",
            SourceKind::Example => "Example",
        };
        let (status, status_label) = match s.status {
            SourceStatus::Counted => ("counted", "Counted"),
            SourceStatus::Duplicate => {
                ("duplicate", "Not counted: the same text is counted already")
            }
            SourceStatus::Trimmed => (
                "trimmed",
                "Not counted: older than the most recent 250 KB of text",
            ),
        };
        let link = (s.kind != SourceKind::Example).then(|| {
            let day = s.occurred_at.format("%Y-%m-%d");
            format!(
                "/contacts/{}?kind={}&from={day}&to={day}",
                contact.0,
                s.kind.as_str()
            )
        });
        SourceView {
            kind: s.kind.as_str().to_string(),
            kind_label: kind_label.to_string(),
            source_id: s.source_id,
            link,
            occurred_at: s.occurred_at,
            words: s.words,
            status: status.to_string(),
            status_label: status_label.to_string(),
            counted: s.status == SourceStatus::Counted,
        }
    }

    pub async fn add_insight_example(
        contact: i64,
        text: String,
        verbatim: bool,
    ) -> Result<(), AppError> {
        let user = session_user()?;
        let store = store()?;
        if !enabled(store.as_ref(), &user).await? {
            return Err(feature_off());
        }
        let text = example_text(&text)
            .map_err(|message| AppError::Validation(vec![FieldError::new("text", message)]))?;
        insights_imp::add_example(
            store.as_ref(),
            user.tenant_id,
            user.user_id,
            ContactId(contact),
            &text,
            verbatim,
            Utc::now(),
        )
        .await?;
        Ok(())
    }

    pub async fn delete_insight_example(contact: i64, example: i64) -> Result<(), AppError> {
        let user = session_user()?;
        let store = store()?;
        if !enabled(store.as_ref(), &user).await? {
            return Err(feature_off());
        }
        Ok(store
            .delete_insight_example(
                user.tenant_id,
                user.user_id,
                ContactId(contact),
                example,
                Utc::now(),
            )
            .await?)
    }

    pub async fn recompute_insight_norms() -> Result<NormsSummary, AppError> {
        let user = session_user()?;
        if user.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        let store = store()?;
        if !enabled(store.as_ref(), &user).await? {
            return Err(feature_off());
        }
        Ok(insights_imp::recompute_norms(store.as_ref(), user.tenant_id, Utc::now()).await?)
    }

    /// `GET /api/v1/contacts/{id}/insights`: the profile, or not found (unknown or foreign
    /// contact, or the feature off: then nothing is read).
    pub async fn profile_for(
        store: &dyn Store,
        user: &SessionUser,
        contact: i64,
    ) -> Result<insights::Profile, AppError> {
        if !enabled(store, user).await? {
            return Err(AppError::NotFound);
        }
        Ok(insights_imp::contact_profile(store, user.tenant_id, ContactId(contact)).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_trimmed_required_limited_and_printable() {
        assert_eq!(
            example_text("  I love it!\n\tTruly.  "),
            Ok("I love it!\n\tTruly.".to_string())
        );
        assert!(example_text(" \n ").is_err());
        assert!(example_text(&"x".repeat(MAX_EXAMPLE_CHARS)).is_ok());
        assert!(example_text(&"é".repeat(MAX_EXAMPLE_CHARS + 1)).is_err());
        assert!(example_text("bell\u{7}").is_err());
    }
}
