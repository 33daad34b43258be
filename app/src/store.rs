//! The storage port. `app` defines what it needs; `server` provides SQLite and PostgreSQL
//! implementations and hands one to pages and server functions through Leptos context.
//! Every call that touches tenant data takes the tenant from the caller's session.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::model::{
    Account, AuditEntry, Contact, ContactFields, ContactId, ContactQuery, ContactRow, CreatedVia,
    Page, Role, SessionUser, Tenant, TenantId, TenantSettings, User, UserId, UserRef,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
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

#[async_trait]
pub trait Store: Send + Sync + 'static {
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
    /// The active user of a live session; touches its last-seen time.
    async fn session_user(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: DateTime<Utc>,
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
    /// The contact's field changes, newest first.
    async fn contact_history(
        &self,
        tenant: TenantId,
        id: ContactId,
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>>;
}

pub type SharedStore = Arc<dyn Store>;
