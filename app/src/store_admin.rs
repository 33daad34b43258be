//! The storage port's admin part (SPEC §2.6): users, queues, work item types, accounts,
//! tenant settings and the audit log. `Store` requires it. Every change an admin makes is
//! written to the audit log in the same transaction, so History of changes shows who changed
//! what; every call is scoped to the caller's tenant, and another tenant's id is not found.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::admin_api::{AccountRow, AuditQuery, AuditRow, QueueRow, UserRow};
use crate::model::{Role, TenantId, TenantSettings, UserId, WorkItemType};
use crate::store::StoreResult;

#[async_trait]
pub trait AdminStore {
    /// The tenant's users, by name.
    async fn users(&self, tenant: TenantId) -> StoreResult<Vec<UserRow>>;
    /// Changes a user's name, role and whether they may sign in. Deactivating ends their
    /// sessions in the same transaction. The tenant keeps at least one active admin
    /// (`StoreError::Invalid`).
    #[allow(clippy::too_many_arguments)]
    async fn update_user(
        &self,
        tenant: TenantId,
        actor: UserId,
        user: UserId,
        name: &str,
        role: Role,
        active: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Replaces a user's password hash and ends their sessions except `keep_session` (the
    /// token hash of the session that made the change, when a user changes their own).
    /// `temporary` makes them choose a new one at the next sign-in.
    #[allow(clippy::too_many_arguments)]
    async fn set_password(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        user: UserId,
        hash: &str,
        temporary: bool,
        keep_session: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The tenant's queues with their running item counts, by name.
    async fn admin_queues(&self, tenant: TenantId) -> StoreResult<Vec<QueueRow>>;
    /// Renames a queue and/or makes it the default. The tenant always has one default queue:
    /// un-marking the default is refused (mark another one instead).
    async fn update_queue(
        &self,
        tenant: TenantId,
        actor: UserId,
        id: i64,
        name: &str,
        is_default: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Saves a work item type (`ty.id` names it; `ty.default_queue` is a queue name).
    async fn update_work_item_type(
        &self,
        tenant: TenantId,
        actor: UserId,
        ty: &WorkItemType,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Accounts whose identifier or name contains `text` (case-insensitive), by identifier,
    /// with their contact counts. The bool says whether more follow.
    async fn accounts(
        &self,
        tenant: TenantId,
        text: &str,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<AccountRow>, bool)>;
    /// Changes an account's identifier (unique per tenant, case-insensitive) and name.
    async fn update_account(
        &self,
        tenant: TenantId,
        actor: UserId,
        id: i64,
        identifier: &str,
        name: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn save_tenant_settings(
        &self,
        tenant: TenantId,
        actor: UserId,
        settings: &TenantSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Records one audit entry (creations an admin makes through the older create calls).
    #[allow(clippy::too_many_arguments)]
    async fn record_audit(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        entity: &str,
        entity_id: i64,
        field: &str,
        new_value: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The audit log, newest first, passing `query`; the bool says whether more follow.
    async fn audit_log(
        &self,
        tenant: TenantId,
        query: &AuditQuery,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<AuditRow>, bool)>;
}
