//! Server functions for work items (SPEC §2.4, §3.3, §3.5): the work item page and its
//! Contacts card, the work item list, Take next, and creating a contact from inside a work item.
//! Every function takes the tenant from the session; the rules live in
//! `domain::work_item` and run here before the store writes.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::activity_api::{CommsPage, CommunicationView};
use crate::domain::contact::ContactInput;
use crate::error::AppError;
use crate::model::{ContactId, FieldError, TaggedContact, UserRef};
use crate::search_api::WorkItemHit;

/// The longest reference accepted (a per-tenant number plus `-T`/`-C`, with room to spare).
pub const MAX_REFERENCE_CHARS: usize = 32;
/// The longest title and description accepted.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Rows per page of the work item list.
pub const WORK_ITEMS_PER_PAGE: u32 = 25;

/// A work item as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItemView {
    pub id: i64,
    pub reference: String,
    /// `ticket` or `case`.
    pub kind: String,
    pub type_name: String,
    pub title: String,
    pub description: String,
    /// `draft`, `to_do`, `in_progress`, `waiting`, `resolved`, `closed`.
    pub state: String,
    /// Stored form of the waiting reason (`more_information`, `until:2026-12-01`).
    pub waiting_reason: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub queue_id: i64,
    pub queue: String,
    pub assignee: Option<UserRef>,
    /// Optimistic-concurrency version: every edit, state change and tag change bumps it.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A queue work is routed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRef {
    pub id: i64,
    pub name: String,
    pub is_default: bool,
}

/// Everything the work item page needs in one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItemPageData {
    pub item: WorkItemView,
    pub contacts: Vec<TaggedContact>,
    /// For the edit form's pickers.
    pub queues: Vec<QueueRef>,
    pub agents: Vec<UserRef>,
    /// The transitions the state machine offers in the item's state (`Transition::name`).
    pub offered: Vec<String>,
    /// The signed-in user (to say "you" and to preselect).
    pub me: UserRef,
}

/// The editable fields, as the form posts them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItemEdit {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DDTHH:MM` (a `datetime-local` input, UTC) or empty for no due date.
    pub due: String,
    pub queue_id: i64,
    /// Empty for unassigned, else a user id.
    pub assignee_id: String,
}

/// What saving the edit form or a state change led to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkItemOutcome {
    Saved(Box<WorkItemView>),
    /// Field errors to show beside the fields; nothing was written.
    Invalid(Vec<FieldError>),
}

/// The work item list's filter, kept in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItemFilter {
    /// `running` (default when empty), `completed`, `all`, or one state (`to_do`).
    pub state: String,
    /// A queue id, or none for every queue.
    pub queue_id: Option<i64>,
    /// Only items assigned to the signed-in agent.
    pub mine: bool,
}

/// One row of the work item list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItemRow {
    pub reference: String,
    pub title: String,
    pub type_name: String,
    pub state: String,
    pub due_at: Option<DateTime<Utc>>,
    pub queue: String,
    pub assignee: Option<String>,
    /// The Primary Contact's name, and their priority (`low`, `normal`, `high`, `urgent`;
    /// `normal` when the item has no Primary Contact).
    pub primary_contact: Option<String>,
    pub priority: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItemsPage {
    pub rows: Vec<WorkItemRow>,
    pub has_more: bool,
}

/// A contact that may be the one the agent is about to create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicateCandidate {
    pub contact_id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Why it is shown: `same email`, `same phone`, `similar name`.
    pub reasons: Vec<String>,
}

/// What creating a contact from a work item led to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CreateOnItemOutcome {
    /// Created and tagged; go back to `return_to` (a checked work item path).
    Created {
        contact_id: ContactId,
        return_to: String,
    },
    /// Field errors; nothing was written.
    Invalid(Vec<FieldError>),
}

/// A work item by its reference (`40308-T`, any letter case), in the signed-in user's tenant.
#[server(endpoint = "work-items/get")]
pub async fn get_work_item(reference: String) -> Result<WorkItemHit, AppError> {
    crate::server_ctx::answer(imp::get_work_item(reference).await)
}

/// The work item page's data: the item, its tagged contacts, the pickers and the offered
/// state changes.
#[server(endpoint = "work-items/page")]
pub async fn work_item_page(reference: String) -> Result<WorkItemPageData, AppError> {
    crate::server_ctx::answer(imp::work_item_page(reference).await)
}

/// The contacts tagged on a work item (by reference), with their tags.
#[server(endpoint = "work-items/contacts")]
pub async fn work_item_contacts(reference: String) -> Result<Vec<TaggedContact>, AppError> {
    crate::server_ctx::answer(imp::work_item_contacts(reference).await)
}

/// Saves the edit form against `version`. On a To Do item the agent's edit assigns it to them
/// (unless the form names another assignee) and makes it In Progress.
#[server(endpoint = "work-items/save")]
pub async fn save_work_item(
    reference: String,
    version: i64,
    edit: WorkItemEdit,
) -> Result<WorkItemOutcome, AppError> {
    crate::server_ctx::answer(imp::save_work_item(reference, version, edit).await)
}

/// A state change: `transition` is a `Transition::name` (`submit`, `take`, `resume`, `wait`,
/// `release`, `resolve`, `reopen`, `close`); `wait` needs `reason` (`more_information` or
/// `until`, with `until` a `YYYY-MM-DD` date). Posted from a plain form it redirects back to
/// the work item's page.
#[server(endpoint = "work-items/state")]
pub async fn change_state(
    reference: String,
    version: i64,
    transition: String,
    #[server(default)] reason: Option<String>,
    #[server(default)] until: Option<String>,
) -> Result<WorkItemOutcome, AppError> {
    crate::server_ctx::answer(
        imp::change_state(reference, version, transition, reason, until).await,
    )
}

/// The work item list (running items by default), ordered as queues work: Primary Contact's
/// priority (Urgent first), then due date (none last).
#[server(endpoint = "work-items/list")]
pub async fn list_work_items(
    filter: WorkItemFilter,
    offset: u32,
) -> Result<WorkItemsPage, AppError> {
    crate::server_ctx::answer(imp::list_work_items(filter, offset).await)
}

/// The tenant's queues, default first.
#[server(endpoint = "work-items/queues")]
pub async fn queues() -> Result<Vec<QueueRef>, AppError> {
    crate::server_ctx::answer(imp::queues().await)
}

/// Take next: assigns the queue's top To Do item to the agent, makes it In Progress and answers
/// its reference (`None` when the queue has nothing to take). Two agents asking at the same
/// moment never get the same item. Posted from a plain form it redirects to the item (or back
/// to the list with `?empty=1`).
#[server(endpoint = "work-items/take-next")]
pub async fn take_next(queue_id: i64) -> Result<Option<String>, AppError> {
    crate::server_ctx::answer(imp::take_next(queue_id).await)
}

/// Notes written on the work item, newest first.
#[server(endpoint = "work-items/notes")]
pub async fn work_item_notes(reference: String, offset: u32) -> Result<CommsPage, AppError> {
    crate::server_ctx::answer(imp::work_item_notes(reference, offset).await)
}

/// Adds a note to the work item (edit and delete are `activity_api::edit_note`/`delete_note`).
#[server(endpoint = "work-items/notes/add")]
pub async fn add_work_item_note(
    reference: String,
    text: String,
) -> Result<CommunicationView, AppError> {
    crate::server_ctx::answer(imp::add_work_item_note(reference, text).await)
}

/// The item's communications timeline (emails, SMS, chats, calls; not notes), newest first.
#[server(endpoint = "work-items/communications")]
pub async fn work_item_communications(
    reference: String,
    offset: u32,
) -> Result<CommsPage, AppError> {
    crate::server_ctx::answer(imp::work_item_communications(reference, offset).await)
}

/// Adds a contact to the item: the first contact gets Primary Contact, Requester, Subject and
/// Original Requester, later ones CC. Answers the card's new list.
#[server(endpoint = "work-items/contacts/add")]
pub async fn add_contact_to_work_item(
    reference: String,
    contact_id: i64,
) -> Result<Vec<TaggedContact>, AppError> {
    crate::server_ctx::answer(imp::add_contact(reference, contact_id).await)
}

/// Gives a contact exactly `tags` (stored names: `primary`, `requester`,
/// `original_requester`, `subject`, `cc`); single-holder tags move from whoever held them.
#[server(endpoint = "work-items/contacts/tags")]
pub async fn set_contact_tags(
    reference: String,
    contact_id: i64,
    #[server(default)] tags: Vec<String>,
) -> Result<Vec<TaggedContact>, AppError> {
    crate::server_ctx::answer(imp::set_tags(reference, contact_id, tags).await)
}

/// Removes a contact from the item (never the Original Requester).
#[server(endpoint = "work-items/contacts/remove")]
pub async fn remove_contact_from_work_item(
    reference: String,
    contact_id: i64,
) -> Result<Vec<TaggedContact>, AppError> {
    crate::server_ctx::answer(imp::remove_contact(reference, contact_id).await)
}

/// Contacts that may be the one being created: same email, same normalised phone (phone or
/// mobile), or a similar name (see `DUPLICATE_NAME_SIMILARITY`).
#[server(endpoint = "contacts/duplicates")]
pub async fn duplicate_candidates(
    input: ContactInput,
) -> Result<Vec<DuplicateCandidate>, AppError> {
    crate::server_ctx::answer(imp::duplicate_candidates(input).await)
}

/// Checks a return address: only a path to a work item of the signed-in user's tenant
/// (`/work-items/40308-T`) is accepted; answers the item's reference. Anything else (another
/// site, another path, an unknown or another tenant's item) is refused.
#[server(endpoint = "work-items/check-return")]
pub async fn check_return_to(return_to: String) -> Result<String, AppError> {
    crate::server_ctx::answer(imp::check_return_to(return_to).await)
}

/// Creates a contact (`created_via = work item`) and tags it on the work item `return_to`
/// points at, with the first-contact rule; then the agent goes back to `return_to`.
#[server(endpoint = "work-items/create-contact")]
pub async fn create_contact_on_work_item(
    input: ContactInput,
    return_to: String,
) -> Result<CreateOnItemOutcome, AppError> {
    crate::server_ctx::answer(imp::create_contact_on_work_item(input, return_to).await)
}

/// The path back to a work item, as the create-contact form's return address.
pub fn work_item_path(reference: &str) -> String {
    crate::components::hits::work_item_href(reference)
}

/// The reference in a return address, when it is a plain work item path
/// (`/work-items/40308-T`); anything with a scheme, host, query, `..` or other characters is
/// refused. Whether the item exists in the tenant is checked separately.
pub fn reference_in_return_path(return_to: &str) -> Option<&str> {
    let reference = return_to.strip_prefix("/work-items/")?;
    let ok = !reference.is_empty()
        && reference.chars().count() <= MAX_REFERENCE_CHARS
        && reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(reference)
}

#[cfg(feature = "ssr")]
#[path = "work_items_imp.rs"]
mod imp;
