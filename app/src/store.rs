//! The storage port. `app` defines what it needs; `server` provides SQLite and PostgreSQL
//! implementations and hands one to pages and server functions through Leptos context.
//! Every call that touches tenant data takes the tenant from the caller's session.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{
    Account, AuditEntry, Contact, ContactFields, ContactId, ContactQuery, ContactRow, CreatedVia,
    Page, Role, SessionUser, TaggedContact, Tenant, TenantId, TenantSettings, User, UserId,
    UserRef, WorkItemType,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The actor may not do this (e.g. edit another agent's note).
    #[error("not allowed")]
    Forbidden,
    /// The row changed since the caller read it (optimistic concurrency).
    #[error("changed by someone else")]
    Conflict { current: Box<Contact> },
    /// A uniqueness rule was broken; `field` names the form field.
    #[error("{message}")]
    Duplicate { field: String, message: String },
    /// The caller referred to something that must exist first (e.g. an account identifier).
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("storage failure: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

/// What login needs: the user, their tenant and their password hash.
#[derive(Clone, Debug)]
pub struct LoginRecord {
    pub user: User,
    pub tenant_name: String,
    pub password_hash: String,
    pub password_temporary: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// The whole port: this trait, [`crate::store_work::WorkItemStore`],
/// [`crate::store_admin::AdminStore`], [`crate::store_intake::IntakeStore`] and
/// [`crate::store_insights::InsightStore`].
#[async_trait]
pub trait Store:
    crate::store_work::WorkItemStore
    + crate::store_admin::AdminStore
    + crate::store_intake::IntakeStore
    + crate::store_insights::InsightStore
    + Send
    + Sync
    + 'static
{
    fn engine(&self) -> Engine;

    // Tenants and users.
    async fn create_tenant(
        &self,
        slug: &str,
        name: &str,
        settings: &TenantSettings,
    ) -> StoreResult<Tenant>;
    async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>>;
    async fn tenant(&self, tenant: TenantId) -> StoreResult<Tenant>;
    async fn create_user(&self, tenant: TenantId, user: &NewUser) -> StoreResult<User>;
    /// Looks a user up by login email across tenants (user emails are globally unique).
    async fn login_record(&self, email: &str) -> StoreResult<Option<LoginRecord>>;
    async fn set_password_hash(
        &self,
        tenant: TenantId,
        user: UserId,
        hash: &str,
    ) -> StoreResult<()>;

    // Sessions. The token hash is keyed by the server's session secret.
    async fn create_session(
        &self,
        tenant: TenantId,
        user: UserId,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The active user of a live session (not expired, used after `idle_since`); touches its
    /// last-seen time.
    async fn session_user(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<SessionUser>>;
    async fn delete_session(&self, tenant: TenantId, token_hash: &str) -> StoreResult<()>;

    // Accounts.
    async fn create_account(
        &self,
        tenant: TenantId,
        identifier: &str,
        name: &str,
    ) -> StoreResult<Account>;
    async fn account_by_identifier(
        &self,
        tenant: TenantId,
        identifier: &str,
    ) -> StoreResult<Option<Account>>;

    // Contacts.
    async fn create_contact(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        fields: &ContactFields,
        via: CreatedVia,
        now: DateTime<Utc>,
    ) -> StoreResult<Contact>;
    async fn contact(&self, tenant: TenantId, id: ContactId) -> StoreResult<Option<Contact>>;
    /// Saves `fields` when the contact is still at `expected_version`; otherwise
    /// `StoreError::Conflict` with the current contact. Writes one audit entry per changed field.
    async fn update_contact(
        &self,
        tenant: TenantId,
        actor: UserId,
        id: ContactId,
        expected_version: i64,
        fields: &ContactFields,
        now: DateTime<Utc>,
    ) -> StoreResult<Contact>;
    async fn list_contacts(
        &self,
        tenant: TenantId,
        query: &ContactQuery,
    ) -> StoreResult<Page<ContactRow>>;
    async fn user_ref(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<UserRef>>;
    /// Quickfind (SPEC §3.4): the groups `request` asks for, each ranked exact > prefix >
    /// substring > typo and then newest first, scoped to `tenant`.
    async fn quickfind(
        &self,
        tenant: TenantId,
        query: &crate::domain::quickfind::Query,
        request: &crate::search_api::SearchRequest,
    ) -> StoreResult<crate::search_api::QuickfindResults>;
    /// A work item by its reference (`40308-T`, case-insensitive).
    async fn work_item_by_reference(
        &self,
        tenant: TenantId,
        reference: &str,
    ) -> StoreResult<Option<crate::search_api::WorkItemHit>>;
    /// Caller Activity: the work items `contact` is tagged on that pass `filter`, running first
    /// (by due date, overdue first, no due date last), then completed (newest update first)
    /// when the filter asks for them; with the contact's running and completed counts.
    async fn contact_work_items(
        &self,
        tenant: TenantId,
        contact: ContactId,
        filter: &crate::activity_api::ActivityFilter,
        now: DateTime<Utc>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<crate::activity_api::ActivityPage>;
    /// Caller Communications: the communications of `contact` directly and of every work item
    /// it is tagged on, newest first, passing `filter`; with `query`, only those matching it
    /// (answered from the full-text index, never a scan), each with a snippet. The bool says
    /// whether more follow.
    async fn contact_communications(
        &self,
        tenant: TenantId,
        contact: ContactId,
        filter: &crate::activity_api::CommFilter,
        query: Option<&crate::domain::quickfind::Query>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<crate::activity_api::CommunicationView>, bool)>;
    /// Notes written on the contact itself (not on its work items), newest first.
    async fn contact_notes(
        &self,
        tenant: TenantId,
        contact: ContactId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<crate::activity_api::CommunicationView>, bool)>;
    /// One communication (`can_edit` is left false: the caller decides it).
    async fn communication(
        &self,
        tenant: TenantId,
        id: i64,
    ) -> StoreResult<Option<crate::activity_api::CommunicationView>>;
    /// Records a communication (HTML sanitised first) and indexes it; notes on a contact are
    /// audited. Unknown contact or work item ids are `StoreError::NotFound`.
    async fn add_communication(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        new: &NewCommunication,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Replaces a note's text when it is still at `expected_version`; otherwise
    /// `StoreError::Invalid` saying who changed it when. Only its author or an admin
    /// (`StoreError::Forbidden`). Audited.
    #[allow(clippy::too_many_arguments)]
    async fn edit_note(
        &self,
        tenant: TenantId,
        actor: UserId,
        admin: bool,
        note: i64,
        expected_version: i64,
        text: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Deletes a note (its author or an admin, else `StoreError::Forbidden`). Audited (the
    /// old text is kept in the audit log).
    async fn delete_note(
        &self,
        tenant: TenantId,
        actor: UserId,
        admin: bool,
        note: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Creates a queue; `is_default` makes it the tenant's one default queue.
    async fn create_queue(
        &self,
        tenant: TenantId,
        name: &str,
        is_default: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Creates a work item type (`new.id` is ignored; `new.default_queue` names a queue).
    async fn create_work_item_type(
        &self,
        tenant: TenantId,
        new: &WorkItemType,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// The tenant's work item types, by name.
    async fn work_item_types(&self, tenant: TenantId) -> StoreResult<Vec<WorkItemType>>;
    /// Creates a Draft work item of `type_id` in the type's default queue (else the tenant's
    /// default queue), titled with the type's name, with the next per-tenant reference and
    /// `contact` tagged Primary Contact, Requester, Original Requester and Subject.
    async fn start_work_item(
        &self,
        tenant: TenantId,
        actor: UserId,
        type_id: i64,
        contact: ContactId,
        now: DateTime<Utc>,
    ) -> StoreResult<crate::search_api::WorkItemHit>;
    /// The contacts tagged on a work item, with their tags.
    async fn tagged_contacts(
        &self,
        tenant: TenantId,
        work_item: i64,
    ) -> StoreResult<Vec<TaggedContact>>;
    /// The contact's recorded changes (fields, notes, tags), newest first.
    async fn contact_history(
        &self,
        tenant: TenantId,
        id: ContactId,
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>>;
}

pub type SharedStore = Arc<dyn Store>;

/// A communication to record. `body_html` is sanitised by the store before it is written.
#[derive(Clone, Debug, Default)]
pub struct NewCommunication {
    /// `note`, `email`, `sms`, `chat`, `call`.
    pub kind: String,
    /// `incoming`, `outgoing`, `internal`.
    pub direction: String,
    pub subject: Option<String>,
    pub body_text: String,
    pub body_html: Option<String>,
    pub from_address: Option<String>,
    pub to_address: Option<String>,
    pub contact_id: Option<ContactId>,
    pub work_item_id: Option<i64>,
    pub message_id: Option<String>,
    /// When it happened; `None` means now.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Email Cc recipients, comma-separated.
    pub cc_address: Option<String>,
    /// The SMS/chat provider's id of the message (unique per tenant and kind).
    pub external_id: Option<String>,
    /// An auto-reply or delivery report.
    pub auto_reply: bool,
    /// The Message-ID an email answers.
    pub in_reply_to: Option<String>,
    /// Attachments' names, types and sizes.
    pub attachments: Vec<crate::intake::AttachmentInfo>,
    /// Outgoing email: its send status (`sending` until the relay answers).
    pub send_status: Option<String>,
}

impl NewCommunication {
    /// An internal note written on a contact.
    pub fn note_on_contact(contact: ContactId, text: String) -> NewCommunication {
        NewCommunication {
            kind: "note".into(),
            direction: "internal".into(),
            body_text: text,
            contact_id: Some(contact),
            ..Default::default()
        }
    }
}
