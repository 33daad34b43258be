//! The storage port's work item half (SPEC §2.4, §3.3, §3.5): reading and changing work items,
//! their tags, the queues' order and Take next, and duplicate candidates for a new contact.
//! `Store` requires it, so every store provides both halves. The rules (which transition is
//! allowed, which tags move) run in `domain::work_item` before these calls; the store checks
//! the version it was computed from, so a concurrent change is never overwritten.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::activity_api::CommunicationView;
use crate::domain::work_item::Tagging;
use crate::model::{ContactFields, TenantId, UserId, UserRef};
use crate::store::StoreResult;
use crate::work_items_api::{
    DuplicateCandidate, QueueRef, WorkItemFilter, WorkItemRow, WorkItemView,
};

/// A work item's new field values and state, as computed by the rules. Every field is
/// written; the store audits the ones that changed.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkItemChange {
    pub title: String,
    pub description: String,
    pub due_at: Option<DateTime<Utc>>,
    pub queue_id: i64,
    pub assignee_id: Option<UserId>,
    /// Stored state name (`in_progress`).
    pub state: String,
    /// Stored waiting reason (only in Waiting).
    pub waiting_reason: Option<String>,
}

impl WorkItemChange {
    /// The item as it is now, to be changed field by field.
    pub fn from_view(item: &WorkItemView) -> WorkItemChange {
        WorkItemChange {
            title: item.title.clone(),
            description: item.description.clone(),
            due_at: item.due_at,
            queue_id: item.queue_id,
            assignee_id: item.assignee.as_ref().map(|a| a.id),
            state: item.state.clone(),
            waiting_reason: item.waiting_reason.clone(),
        }
    }
}

#[async_trait]
pub trait WorkItemStore: Send + Sync {
    /// A work item by reference (case-insensitive).
    async fn work_item(
        &self,
        tenant: TenantId,
        reference: &str,
    ) -> StoreResult<Option<WorkItemView>>;
    /// Writes `change` when the item is still at `expected_version` (else
    /// `StoreError::Invalid` with field `version`); an unknown queue or assignee is
    /// `StoreError::Invalid` naming the field. Audits every changed field.
    async fn save_work_item(
        &self,
        tenant: TenantId,
        actor: UserId,
        id: i64,
        expected_version: i64,
        change: &WorkItemChange,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The contacts on the item and their tags, in the order they were added.
    async fn tagging(&self, tenant: TenantId, work_item: i64) -> StoreResult<Tagging>;
    /// Replaces the item's contacts and tags with `after` when the item is still at
    /// `expected_version` (else `StoreError::Invalid` with field `version`). Keeps the
    /// communications' membership and the queue order (Primary Contact's priority) in step,
    /// bumps the item's version and audits each contact's tag change on the contact.
    async fn save_tagging(
        &self,
        tenant: TenantId,
        actor: UserId,
        work_item: i64,
        expected_version: i64,
        after: &Tagging,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The work item list: `filter` (with `me` for "assigned to me"), ordered by Primary
    /// Contact's priority (Urgent first), then due date (none last), then reference. The bool
    /// says whether more follow.
    async fn list_work_items(
        &self,
        tenant: TenantId,
        me: UserId,
        filter: &WorkItemFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<WorkItemRow>, bool)>;
    /// Take next: assigns the queue's top To Do item (in the list's order; unassigned or
    /// already the actor's) to `actor`, makes it In Progress and answers its reference. Two
    /// concurrent callers never get the same item.
    async fn take_next(
        &self,
        tenant: TenantId,
        actor: UserId,
        queue: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>>;
    /// Creates a Draft work item of `type_id` titled `title`, with no contacts yet (operators'
    /// and tests' tooling; agents start work from a contact). Answers its reference.
    async fn create_work_item(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        type_id: i64,
        title: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<String>;
    /// The tenant's queues, default first, then by name.
    async fn queues(&self, tenant: TenantId) -> StoreResult<Vec<QueueRef>>;
    /// The tenant's active users (the assignee picker), by name.
    async fn agents(&self, tenant: TenantId) -> StoreResult<Vec<UserRef>>;
    /// The item's communications, newest first: its notes (`notes`) or everything else.
    async fn work_item_communications(
        &self,
        tenant: TenantId,
        work_item: i64,
        notes: bool,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<CommunicationView>, bool)>;
    /// Contacts that may be the one described by `fields`: same email (case-insensitive),
    /// same normalised phone (phone or mobile against phone or mobile), or a similar name
    /// (`domain::duplicates::similar_names`). At most `limit`, strongest first.
    async fn duplicate_candidates(
        &self,
        tenant: TenantId,
        fields: &ContactFields,
        limit: u32,
    ) -> StoreResult<Vec<DuplicateCandidate>>;
}
