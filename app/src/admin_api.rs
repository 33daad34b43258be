//! Admin (SPEC §2.6): users, work item types, queues, accounts, tenant settings and the
//! History of changes. Every function here answers 403 to anyone but an admin of the caller's
//! tenant, and another tenant's ids are not found. The server side is `admin_imp.rs`.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{Role, TenantSettings, UserRef, WorkItemType};

/// Longest user, queue, type and account name.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest account identifier.
pub const MAX_IDENTIFIER_CHARS: usize = 64;
/// Shortest password a user may choose (NIST SP 800-63B asks for at least 8; agents share
/// terminals, so 12).
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Accounts and audit entries per page.
pub const ADMIN_PAGE_SIZE: u32 = 50;

/// The password rules a chosen password must pass.
pub fn password_problem(password: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Some(format!("At least {MIN_PASSWORD_CHARS} characters"));
    }
    if n > MAX_PASSWORD_CHARS {
        return Some(format!("At most {MAX_PASSWORD_CHARS} characters"));
    }
    if password.chars().any(char::is_control) {
        return Some("Control characters are not allowed".into());
    }
    None
}

/// A user as the admin's user list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// They must choose a new password at their next sign-in.
    pub password_temporary: bool,
    /// When one of their sessions was last used.
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// A created user, with the one-time password to hand them when one was generated (shown
/// once; only its hash is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedUser {
    pub user: UserRow,
    pub one_time_password: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: i64,
    pub name: String,
    pub is_default: bool,
    /// Work items not yet resolved or closed in it.
    pub running: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub identifier: String,
    pub name: String,
    pub contacts: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub rows: Vec<AccountRow>,
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub settings: TenantSettings,
    /// The token systems posting incoming email, SMS and chat send (`None` until made).
    pub inbound_token: Option<String>,
}

/// Which audit entries History of changes shows. Days are `YYYY-MM-DD`, inclusive, in UTC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub user_id: Option<i64>,
    #[serde(default)]
    pub contact_id: Option<i64>,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// [`AuditFilter`] checked: what the store runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub until: Option<DateTime<Utc>>,
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user: Option<UserRef>,
    /// `contact`, `work_item`, `user`, `queue`, `work_item_type`, `account`, `tenant`.
    pub entity: String,
    pub entity_id: i64,
    /// What the entity is called now (a contact's name, a work item's reference…); empty
    /// when it no longer exists.
    pub entity_label: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub more: bool,
    /// The users the filter offers.
    pub users: Vec<UserRef>,
}

#[server(endpoint = "admin/users")]
pub async fn admin_users() -> Result<Vec<UserRow>, AppError> {
    crate::server_ctx::answer(imp::admin_users().await)
}

/// Creates a user. An empty `password` generates a one-time password, shown once; the user
/// chooses their own at first sign-in.
#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    email: String,
    name: String,
    role: Role,
    #[server(default)] password: String,
) -> Result<CreatedUser, AppError> {
    crate::server_ctx::answer(imp::create_user(email, name, role, password).await)
}

/// Changes a user's name, role and whether they may sign in; deactivating ends their
/// sessions at once.
#[server(endpoint = "admin/users/update")]
pub async fn update_user(
    user_id: i64,
    name: String,
    role: Role,
    #[server(default)] active: bool,
) -> Result<(), AppError> {
    crate::server_ctx::answer(imp::update_user(user_id, name, role, active).await)
}

/// Gives a user a new one-time password (shown once) and ends their sessions.
#[server(endpoint = "admin/users/reset-password")]
pub async fn reset_password(user_id: i64) -> Result<String, AppError> {
    crate::server_ctx::answer(imp::reset_password(user_id).await)
}

#[server(endpoint = "admin/types")]
pub async fn admin_types() -> Result<Vec<WorkItemType>, AppError> {
    crate::server_ctx::answer(imp::admin_types().await)
}

/// Creates a work item type. `kind` is `ticket` or `case`; an empty `default_queue` uses the
/// tenant's default queue.
#[server(endpoint = "admin/types/create")]
pub async fn create_type(
    name: String,
    kind: String,
    #[server(default)] live: bool,
    #[server(default)] show_in_contacts: bool,
    #[server(default)] default_queue: String,
) -> Result<i64, AppError> {
    crate::server_ctx::answer(
        imp::save_type(None, name, kind, live, show_in_contacts, default_queue).await,
    )
}

/// Saves a work item type. Contact Activity pages read the types on every render, so a
/// change shows there at the next load.
#[server(endpoint = "admin/types/update")]
pub async fn update_type(
    type_id: i64,
    name: String,
    kind: String,
    #[server(default)] live: bool,
    #[server(default)] show_in_contacts: bool,
    #[server(default)] default_queue: String,
) -> Result<i64, AppError> {
    crate::server_ctx::answer(
        imp::save_type(
            Some(type_id),
            name,
            kind,
            live,
            show_in_contacts,
            default_queue,
        )
        .await,
    )
}

#[server(endpoint = "admin/queues")]
pub async fn admin_queues() -> Result<Vec<QueueRow>, AppError> {
    crate::server_ctx::answer(imp::admin_queues().await)
}

#[server(endpoint = "admin/queues/create")]
pub async fn create_queue(
    name: String,
    #[server(default)] is_default: bool,
) -> Result<i64, AppError> {
    crate::server_ctx::answer(imp::create_queue(name, is_default).await)
}

#[server(endpoint = "admin/queues/update")]
pub async fn update_queue(
    queue_id: i64,
    name: String,
    #[server(default)] is_default: bool,
) -> Result<(), AppError> {
    crate::server_ctx::answer(imp::update_queue(queue_id, name, is_default).await)
}

/// Accounts whose identifier or name contains `text`, by identifier.
#[server(endpoint = "admin/accounts")]
pub async fn admin_accounts(
    #[server(default)] text: String,
    #[server(default)] offset: u32,
) -> Result<AccountsPage, AppError> {
    crate::server_ctx::answer(imp::admin_accounts(text, offset).await)
}

#[server(endpoint = "admin/accounts/create")]
pub async fn create_account(identifier: String, name: String) -> Result<i64, AppError> {
    crate::server_ctx::answer(imp::create_account(identifier, name).await)
}

#[server(endpoint = "admin/accounts/update")]
pub async fn update_account(
    account_id: i64,
    identifier: String,
    name: String,
) -> Result<(), AppError> {
    crate::server_ctx::answer(imp::update_account(account_id, identifier, name).await)
}

#[server(endpoint = "admin/settings")]
pub async fn admin_settings() -> Result<SettingsView, AppError> {
    crate::server_ctx::answer(imp::admin_settings().await)
}

#[server(endpoint = "admin/settings/save")]
pub async fn save_tenant_settings(
    default_region: String,
    #[server(default)] personality_insights: bool,
    #[server(default)] auto_create_contacts: bool,
) -> Result<(), AppError> {
    crate::server_ctx::answer(
        imp::save_tenant_settings(default_region, personality_insights, auto_create_contacts).await,
    )
}

/// Makes a new secret token for the inbound email/SMS/chat endpoints and answers it (shown
/// once; only its hash is kept). The old token stops working at once.
#[server(endpoint = "admin/settings/rotate-inbound-token")]
pub async fn rotate_inbound_token() -> Result<String, AppError> {
    crate::server_ctx::answer(imp::rotate_inbound_token().await)
}

/// History of changes: the tenant's audit log, newest first.
#[server(endpoint = "admin/history")]
pub async fn audit_log(
    #[server(default)] filter: AuditFilter,
    #[server(default)] offset: u32,
) -> Result<AuditPage, AppError> {
    crate::server_ctx::answer(imp::audit_log(filter, offset).await)
}

#[cfg(feature = "ssr")]
#[path = "admin_imp.rs"]
mod imp;
