//! The Contact Activity page's sections other than Caller Details (SPEC §2.3): Caller Activity
//! (the contact's work items as cards), Caller Communications (with a search of this contact's
//! communications only), notes on the contact, Start New Work Item, and the history of changes.
//! Each section has its own server function so each loads (and fails) on its own.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{AuditEntry, UserRef};

/// Cards per page of Caller Activity ("Show more" asks for the next page).
pub const ACTIVITY_PAGE_SIZE: u32 = 20;
/// Communications per page of Caller Communications and of the notes list.
pub const COMMS_PAGE_SIZE: u32 = 20;
/// The longest note accepted (characters).
pub const MAX_NOTE_CHARS: usize = 10_000;
/// The longest filter or search text accepted (characters).
pub const MAX_FILTER_CHARS: usize = 200;
/// The deepest offset a section serves.
pub const MAX_OFFSET: u32 = 20_000;
/// Entries shown in "History of changes".
pub const HISTORY_LIMIT: u32 = 200;

/// The six states of a work item (SPEC §3.5), as stored.
pub const STATES: [&str; 6] = [
    "draft",
    "to_do",
    "in_progress",
    "waiting",
    "resolved",
    "closed",
];
/// Communication kinds, as stored.
pub const KINDS: [&str; 5] = ["email", "note", "sms", "chat", "call"];

/// Running = Draft, To Do, In Progress, Waiting (SPEC §3.5).
pub fn is_running(state: &str) -> bool {
    matches!(state, "draft" | "to_do" | "in_progress" | "waiting")
}

/// Completed = Resolved, Closed (SPEC §3.5).
pub fn is_completed(state: &str) -> bool {
    matches!(state, "resolved" | "closed")
}

/// Filters of the Caller Activity section; all kept in the page's URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityFilter {
    /// Words that must all appear in the reference or title (prefix of a title word, or the
    /// reference number).
    pub text: String,
    /// One state (`to_do`, …) or empty for any. A completed state shows completed items even
    /// when `completed` is off.
    pub state: String,
    /// Items created on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Items created on or before this day (UTC).
    pub to: Option<NaiveDate>,
    /// Also show Resolved and Closed items (after the running ones).
    pub completed: bool,
}

/// Filters of the Caller Communications section; all kept in the page's URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommFilter {
    /// Free text searched in this contact's communications only (subjects, bodies, notes,
    /// messages, addresses), Quickfind's word rules (SPEC §3.4).
    pub text: String,
    /// One kind (`email`, `note`, `sms`, `chat`, `call`) or empty for all.
    pub kind: String,
    /// Communications on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Communications on or before this day (UTC).
    pub to: Option<NaiveDate>,
}

/// One work item card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItemCard {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub type_name: String,
    /// `ticket` or `case`.
    pub kind: String,
    /// `draft`, `to_do`, `in_progress`, `waiting`, `resolved`, `closed`.
    pub state: String,
    pub due_at: Option<DateTime<Utc>>,
    pub assignee: Option<String>,
    pub queue: String,
    /// This contact's tags on the item: `primary`, `requester`, `original_requester`,
    /// `subject`, `cc`.
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A page of Caller Activity. Running items come first, by due date (overdue first, no due
/// date last); then, when asked for, completed ones, most recently updated first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub items: Vec<WorkItemCard>,
    /// All running items the contact is tagged on (whatever the filter).
    pub running: u32,
    /// All completed items the contact is tagged on (whatever the filter).
    pub completed: u32,
    /// Items that pass the filter.
    pub matching: u32,
    pub has_more: bool,
}

/// One communication as Caller Communications and the notes list show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunicationView {
    pub id: i64,
    /// `note`, `email`, `sms`, `chat`, `call`.
    pub kind: String,
    /// `incoming`, `outgoing`, `internal`.
    pub direction: String,
    /// The other party: the sender of incoming, the recipient of outgoing messages.
    pub party: Option<String>,
    pub subject: Option<String>,
    /// The plain text (what search reads).
    pub body_text: String,
    /// Email HTML, sanitised on the server (safe to insert as HTML).
    pub body_html: Option<String>,
    /// When searching: plain text around the first match, to highlight the query's words in.
    pub snippet: Option<String>,
    pub work_item_reference: Option<String>,
    /// The agent who wrote it (notes, outgoing messages).
    pub author: Option<UserRef>,
    pub occurred_at: DateTime<Utc>,
    /// Set when a note was edited after it was written.
    pub edited_at: Option<DateTime<Utc>>,
    /// It belongs to the contact directly (not only through a work item).
    pub on_contact: bool,
    /// Optimistic-concurrency version (notes are edited against it).
    pub version: i64,
    /// The signed-in user may edit and delete it (a note on the contact, and they wrote it or
    /// are an admin).
    pub can_edit: bool,
    /// Cc, attachments, auto-reply and (outgoing email) send status.
    #[serde(default)]
    pub details: crate::intake::MessageDetails,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommsPage {
    pub items: Vec<CommunicationView>,
    pub has_more: bool,
}

/// A work item type the agent can start from a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartType {
    pub id: i64,
    pub name: String,
    /// `ticket` or `case`.
    pub kind: String,
}

/// Caller Activity: the contact's work items (every item the contact is tagged on).
#[server(endpoint = "contacts/activity")]
pub async fn contact_activity(
    contact_id: i64,
    filter: ActivityFilter,
    offset: u32,
) -> Result<ActivityPage, AppError> {
    crate::server_ctx::answer(imp::contact_activity(contact_id, filter, offset).await)
}

/// Caller Communications: the contact's own communications and those of every work item the
/// contact is tagged on, newest first; with `filter.text`, the matches of this contact's
/// communications only, each with a snippet.
#[server(endpoint = "contacts/communications")]
pub async fn contact_communications(
    contact_id: i64,
    filter: CommFilter,
    offset: u32,
) -> Result<CommsPage, AppError> {
    crate::server_ctx::answer(imp::contact_communications(contact_id, filter, offset).await)
}

/// The notes written on the contact itself, newest first.
#[server(endpoint = "contacts/notes")]
pub async fn contact_notes(contact_id: i64, offset: u32) -> Result<CommsPage, AppError> {
    crate::server_ctx::answer(imp::contact_notes(contact_id, offset).await)
}

/// Adds a note to the contact. Empty or over-long text answers `AppError::Validation` with
/// field `note`.
#[server(endpoint = "contacts/notes/add")]
pub async fn add_note(contact_id: i64, text: String) -> Result<CommunicationView, AppError> {
    crate::server_ctx::answer(imp::add_note(contact_id, text).await)
}

/// Edits a note (its author or an admin). `version` is the version the agent started from;
/// a note changed since answers `AppError::BadRequest` naming who changed it, and nothing is
/// written.
#[server(endpoint = "contacts/notes/edit")]
pub async fn edit_note(
    note_id: i64,
    version: i64,
    text: String,
) -> Result<CommunicationView, AppError> {
    crate::server_ctx::answer(imp::edit_note(note_id, version, text).await)
}

/// Deletes a note (its author or an admin; the page asks to confirm first).
#[server(endpoint = "contacts/notes/delete")]
pub async fn delete_note(note_id: i64) -> Result<(), AppError> {
    crate::server_ctx::answer(imp::delete_note(note_id).await)
}

/// Start New Work Item: the types that are live and shown in contacts.
#[server(endpoint = "contacts/start-types")]
pub async fn start_types() -> Result<Vec<StartType>, AppError> {
    crate::server_ctx::answer(imp::start_types().await)
}

/// Creates a Draft work item of `type_id` with the contact tagged Primary Contact, Requester,
/// Subject and Original Requester, and answers its reference. Posted from a plain form (no
/// WebAssembly yet) it redirects to the new item's page.
#[server(endpoint = "contacts/start-work-item")]
pub async fn start_work_item(contact_id: i64, type_id: i64) -> Result<String, AppError> {
    crate::server_ctx::answer(imp::start_work_item(contact_id, type_id).await)
}

/// History of changes: who changed which field, note or tag of the contact, newest first.
#[server(endpoint = "contacts/changes")]
pub async fn contact_changes(contact_id: i64) -> Result<Vec<AuditEntry>, AppError> {
    crate::server_ctx::answer(imp::contact_changes(contact_id).await)
}

/// Checks a note's text: trimmed, not empty, at most [`MAX_NOTE_CHARS`].
pub fn check_note(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Write something first: a note cannot be empty.".into());
    }
    let n = text.chars().count();
    if n > MAX_NOTE_CHARS {
        return Err(format!(
            "A note has at most {MAX_NOTE_CHARS} characters; this one has {n}."
        ));
    }
    Ok(text.to_string())
}

/// Checks a filter's text and range: at most [`MAX_FILTER_CHARS`] characters, `from` not
/// after `to`.
pub fn check_filter(
    text: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(), String> {
    if text.chars().count() > MAX_FILTER_CHARS {
        return Err(format!(
            "Search text has at most {MAX_FILTER_CHARS} characters."
        ));
    }
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err("The “from” date is after the “to” date.".into());
    }
    Ok(())
}

/// The server side of the functions above.
#[cfg(feature = "ssr")]
pub(crate) mod imp {
    use super::*;
    use crate::domain::quickfind::Query;
    use crate::model::{ContactId, FieldError, SessionUser};
    use crate::server_ctx::{session_user, store};
    use crate::store::{NewCommunication, StoreError};

    fn bad(message: String) -> AppError {
        AppError::BadRequest(message)
    }

    pub(crate) fn check_offset(offset: u32) -> Result<(), AppError> {
        if offset > MAX_OFFSET {
            return Err(bad(format!("Paging stops at {MAX_OFFSET} items.")));
        }
        Ok(())
    }

    /// The contact, in the user's tenant, must exist (another tenant's id is not found).
    async fn known_contact(user: &SessionUser, contact_id: i64) -> Result<ContactId, AppError> {
        let id = ContactId(contact_id);
        store()?
            .contact(user.tenant_id, id)
            .await?
            .map(|_| id)
            .ok_or(AppError::NotFound)
    }

    /// What the signed-in user may do with a communication, and its HTML sanitised again for
    /// display (defence in depth: it was sanitised before storage too).
    pub(crate) fn for_viewer(user: &SessionUser, mut c: CommunicationView) -> CommunicationView {
        c.can_edit = c.kind == "note"
            && (user.role == crate::model::Role::Admin
                || c.author.as_ref().is_some_and(|a| a.id == user.user_id));
        c.body_html = c.body_html.as_deref().map(crate::sanitize::email_html);
        c
    }

    pub async fn contact_activity(
        contact_id: i64,
        filter: ActivityFilter,
        offset: u32,
    ) -> Result<ActivityPage, AppError> {
        let user = session_user()?;
        check_offset(offset)?;
        check_filter(&filter.text, filter.from, filter.to).map_err(bad)?;
        if !filter.state.is_empty() && !STATES.contains(&filter.state.as_str()) {
            return Err(bad(format!("Unknown state “{}”.", filter.state)));
        }
        let id = known_contact(&user, contact_id).await?;
        Ok(store()?
            .contact_work_items(
                user.tenant_id,
                id,
                &filter,
                Utc::now(),
                offset,
                ACTIVITY_PAGE_SIZE,
            )
            .await?)
    }

    pub async fn contact_communications(
        contact_id: i64,
        filter: CommFilter,
        offset: u32,
    ) -> Result<CommsPage, AppError> {
        let user = session_user()?;
        check_offset(offset)?;
        check_filter(&filter.text, filter.from, filter.to).map_err(bad)?;
        if !filter.kind.is_empty() && !KINDS.contains(&filter.kind.as_str()) {
            return Err(bad(format!("Unknown kind “{}”.", filter.kind)));
        }
        let id = known_contact(&user, contact_id).await?;
        let query = Query::parse(&filter.text);
        let query = (!query.is_empty()).then_some(query);
        let (items, has_more) = store()?
            .contact_communications(
                user.tenant_id,
                id,
                &filter,
                query.as_ref(),
                offset,
                COMMS_PAGE_SIZE,
            )
            .await?;
        Ok(CommsPage {
            items: items.into_iter().map(|c| for_viewer(&user, c)).collect(),
            has_more,
        })
    }

    pub async fn contact_notes(contact_id: i64, offset: u32) -> Result<CommsPage, AppError> {
        let user = session_user()?;
        check_offset(offset)?;
        let id = known_contact(&user, contact_id).await?;
        let (items, has_more) = store()?
            .contact_notes(user.tenant_id, id, offset, COMMS_PAGE_SIZE)
            .await?;
        Ok(CommsPage {
            items: items.into_iter().map(|c| for_viewer(&user, c)).collect(),
            has_more,
        })
    }

    pub(crate) fn note_text(text: &str) -> Result<String, AppError> {
        check_note(text).map_err(|m| AppError::Validation(vec![FieldError::new("note", m)]))
    }

    async fn load_note(user: &SessionUser, note_id: i64) -> Result<CommunicationView, AppError> {
        store()?
            .communication(user.tenant_id, note_id)
            .await?
            .filter(|c| c.kind == "note" && (c.on_contact || c.work_item_reference.is_some()))
            .map(|c| for_viewer(user, c))
            .ok_or(AppError::NotFound)
    }

    pub async fn add_note(contact_id: i64, text: String) -> Result<CommunicationView, AppError> {
        let user = session_user()?;
        let text = note_text(&text)?;
        let id = known_contact(&user, contact_id).await?;
        let note = NewCommunication::note_on_contact(id, text);
        let note_id = store()?
            .add_communication(user.tenant_id, Some(user.user_id), &note, Utc::now())
            .await?;
        load_note(&user, note_id).await
    }

    pub async fn edit_note(
        note_id: i64,
        version: i64,
        text: String,
    ) -> Result<CommunicationView, AppError> {
        let user = session_user()?;
        let text = note_text(&text)?;
        load_note(&user, note_id).await?;
        let admin = user.role == crate::model::Role::Admin;
        match store()?
            .edit_note(
                user.tenant_id,
                user.user_id,
                admin,
                note_id,
                version,
                &text,
                Utc::now(),
            )
            .await
        {
            Ok(()) => load_note(&user, note_id).await,
            Err(StoreError::Invalid { message, .. }) => Err(bad(message)),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete_note(note_id: i64) -> Result<(), AppError> {
        let user = session_user()?;
        load_note(&user, note_id).await?;
        let admin = user.role == crate::model::Role::Admin;
        store()?
            .delete_note(user.tenant_id, user.user_id, admin, note_id, Utc::now())
            .await?;
        Ok(())
    }

    pub async fn start_types() -> Result<Vec<StartType>, AppError> {
        let user = session_user()?;
        Ok(store()?
            .work_item_types(user.tenant_id)
            .await?
            .into_iter()
            .filter(|t| t.live && t.show_in_contacts)
            .map(|t| StartType {
                id: t.id,
                name: t.name,
                kind: t.kind,
            })
            .collect())
    }

    pub async fn start_work_item(contact_id: i64, type_id: i64) -> Result<String, AppError> {
        let user = session_user()?;
        let id = known_contact(&user, contact_id).await?;
        let types = store()?.work_item_types(user.tenant_id).await?;
        let Some(kind) = types.iter().find(|t| t.id == type_id) else {
            return Err(AppError::NotFound);
        };
        if !(kind.live && kind.show_in_contacts) {
            return Err(bad(format!(
                "“{}” work items cannot be started from a contact.",
                kind.name
            )));
        }
        let item = store()?
            .start_work_item(user.tenant_id, user.user_id, type_id, id, Utc::now())
            .await?;
        // A plain form post (before the WebAssembly loads) lands on the new item; the page
        // itself navigates when it called this function.
        crate::server_ctx::redirect_plain_form(&crate::components::hits::work_item_href(
            &item.reference,
        ));
        Ok(item.reference)
    }

    pub async fn contact_changes(contact_id: i64) -> Result<Vec<AuditEntry>, AppError> {
        let user = session_user()?;
        let id = known_contact(&user, contact_id).await?;
        Ok(store()?
            .contact_history(user.tenant_id, id, HISTORY_LIMIT)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_must_have_text_and_not_too_much() {
        assert_eq!(check_note("  Called back  "), Ok("Called back".to_string()));
        assert!(check_note(" \n\t ").is_err());
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        let message = check_note(&long).expect_err("too long");
        assert!(message.contains(&MAX_NOTE_CHARS.to_string()), "{message}");
        assert!(
            check_note(&"é".repeat(MAX_NOTE_CHARS)).is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn filters_refuse_long_text_and_reversed_ranges() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d);
        assert!(check_filter("refund", day(1), day(2)).is_ok());
        assert!(check_filter("refund", day(2), day(2)).is_ok());
        assert!(check_filter("", day(3), day(2)).is_err());
        assert!(check_filter(&"a".repeat(MAX_FILTER_CHARS + 1), None, None).is_err());
    }

    #[test]
    fn running_states_are_the_four_of_the_spec() {
        let running: Vec<&str> = STATES.into_iter().filter(|s| is_running(s)).collect();
        assert_eq!(running, ["draft", "to_do", "in_progress", "waiting"]);
    }
}
