// The `Store` implementation shared by both engines.
//
// This file is compiled twice, once inside `store::sqlite` and once inside `store::postgres`,
// each of which defines `Db` (the sqlx database type) and `dialect` (the few statements that
// differ). One body of SQL and Rust therefore serves both engines with concrete types, and a
// fix made here is made for both. Parameters are written `$1, $2, …`, which both engines accept.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::{Pool, Row};

use app::model::{
    Account, AuditEntry, Channel, Contact, ContactFields, ContactId, ContactQuery, ContactRow, ContactSort, CreatedVia, Page,
    SessionUser, Tenant, TenantId, TenantSettings, User, UserId, UserRef,
};
use app::store::{Engine, LoginRecord, NewUser, Store, StoreError, StoreResult};

use crate::store::common::{backend, is_unique_violation, like_prefix, millis, priority_from_db, priority_to_db};

type Conn = <Db as sqlx::Database>::Connection;

use rows::{CONTACT_COLUMNS, CONTACT_FROM, audit_values, contact_from_row, phone_parts, tenant_from_row};

/// Reads go to `read`; writes to `write`. On SQLite `write` holds one connection, so writers
/// queue in the pool instead of failing with "database is locked"; on PostgreSQL both are the
/// same pool.
#[derive(Clone)]
pub struct SqlStore {
    pub read: Pool<Db>,
    pub write: Pool<Db>,
}

async fn load_contact(conn: &mut Conn, tenant: TenantId, id: ContactId) -> StoreResult<Option<Contact>> {
    let sql = format!("SELECT {CONTACT_COLUMNS} {CONTACT_FROM} WHERE c.tenant_id = $1 AND c.id = $2");
    let row = sqlx::query(&sql)
        .bind(tenant.0)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    row.map(|r| contact_from_row(&r)).transpose().map_err(backend)
}

/// Writes the contact's Quickfind document (names, email, account, phones) from its row; the
/// engines' triggers or generated columns index it.
async fn index_contact(conn: &mut Conn, tenant: TenantId, id: ContactId) -> StoreResult<()> {
    let row = sqlx::query(
        "SELECT c.first_name, c.last_name, c.email, c.phone_e164, c.mobile_e164, a.identifier, a.name \
         FROM contacts c LEFT JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id \
         WHERE c.tenant_id = $1 AND c.id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .fetch_one(&mut *conn)
    .await
    .map_err(backend)?;
    let get = |c: &str| row.try_get::<Option<String>, _>(c).map_err(backend);
    let (identifier, account_name) = (get("identifier")?, get("name")?);
    let doc = app::domain::search_text::contact_document(
        get("first_name")?.as_deref(),
        get("last_name")?.as_deref(),
        get("email")?.as_deref(),
        identifier.as_deref().map(|i| (i, account_name.as_deref().unwrap_or(""))),
        [get("phone_e164")?.as_deref(), get("mobile_e164")?.as_deref()],
    );
    sqlx::query("UPDATE contacts SET search_doc = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .bind(doc)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(())
}

/// Resolves an account identifier to the tenant's account id, or a field error.
async fn resolve_account(conn: &mut Conn, tenant: TenantId, identifier: Option<&str>) -> StoreResult<Option<i64>> {
    let Some(identifier) = identifier else { return Ok(None) };
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE tenant_id = $1 AND identifier_lower = $2")
        .bind(tenant.0)
        .bind(identifier.to_lowercase())
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    id.map(Some).ok_or_else(|| StoreError::Invalid {
        field: "account_identifier".into(),
        message: format!("No account has the identifier “{identifier}”."),
    })
}

/// Refuses an email another contact of the tenant already has (compared case-insensitively).
async fn ensure_email_free(conn: &mut Conn, tenant: TenantId, email: Option<&str>, except: Option<ContactId>) -> StoreResult<()> {
    let Some(email) = email else { return Ok(()) };
    let other: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM contacts WHERE tenant_id = $1 AND email_lower = $2 AND id <> $3",
    )
    .bind(tenant.0)
    .bind(app::domain::contact::email_key(email))
    .bind(except.map(|c| c.0).unwrap_or(-1))
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?;
    match other {
        Some(id) => Err(email_taken(Some(id))),
        None => Ok(()),
    }
}

/// Inserts a contact inside the caller's transaction and indexes it for Quickfind.
async fn insert_contact(
    conn: &mut Conn,
    tenant: TenantId,
    actor: Option<UserId>,
    fields: &ContactFields,
    via: CreatedVia,
    now: DateTime<Utc>,
) -> StoreResult<ContactId> {
    let account_id = resolve_account(&mut *conn, tenant, fields.account_identifier.as_deref()).await?;
    ensure_email_free(&mut *conn, tenant, fields.email.as_deref(), None).await?;
    let id = dialect::next_ids(&mut *conn, "contacts", 1).await?[0];
    let (phone, phone_e164) = phone_parts(&fields.phone);
    let (mobile, mobile_e164) = phone_parts(&fields.mobile);
    let (fax, fax_e164) = phone_parts(&fields.fax);
    sqlx::query(
        "INSERT INTO contacts (tenant_id, id, first_name, last_name, address, city, state, postal_code, country, \
         time_zone, email, email_lower, phone, phone_e164, mobile, mobile_e164, fax, fax_e164, account_id, priority, \
         preferred_channels, created_via, created_at, created_by, updated_at, updated_by, version, \
         first_name_key, last_name_key, city_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $23, $24, 1, \
         $25, $26, $27)",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(&fields.first_name)
    .bind(&fields.last_name)
    .bind(&fields.address)
    .bind(&fields.city)
    .bind(&fields.state)
    .bind(&fields.postal_code)
    .bind(&fields.country)
    .bind(&fields.time_zone)
    .bind(&fields.email)
    .bind(fields.email.as_deref().map(app::domain::contact::email_key))
    .bind(phone)
    .bind(phone_e164)
    .bind(mobile)
    .bind(mobile_e164)
    .bind(fax)
    .bind(fax_e164)
    .bind(account_id)
    .bind(priority_to_db(fields.priority))
    .bind(Channel::join(&fields.preferred_channels))
    .bind(via.as_str())
    .bind(now)
    .bind(actor.map(|u| u.0))
    .bind(app::domain::contact::sort_key(fields.first_name.as_deref()))
    .bind(app::domain::contact::sort_key(fields.last_name.as_deref()))
    .bind(app::domain::contact::sort_key(fields.city.as_deref()))
    .execute(&mut *conn)
    .await
    .map_err(|e| if is_unique_violation(&e) { email_taken(None) } else { backend(e) })?;
    index_contact(&mut *conn, tenant, ContactId(id)).await?;
    Ok(ContactId(id))
}

fn email_taken(id: Option<i64>) -> StoreError {
    StoreError::Duplicate {
        field: "email".into(),
        message: match id {
            Some(id) => format!("Another contact (#{id}) already has this email address."),
            None => "Another contact already has this email address.".into(),
        },
    }
}

#[async_trait]
impl Store for SqlStore {
    fn engine(&self) -> Engine {
        dialect::ENGINE
    }

    async fn create_tenant(&self, slug: &str, name: &str, settings: &TenantSettings) -> StoreResult<Tenant> {
        let row = sqlx::query(
            "INSERT INTO tenants (slug, name, default_region, personality_insights, auto_create_contacts, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, slug, name, default_region, personality_insights, auto_create_contacts",
        )
        .bind(slug)
        .bind(name)
        .bind(&settings.default_region)
        .bind(settings.personality_insights)
        .bind(settings.auto_create_contacts)
        .bind(millis(Utc::now()))
        .fetch_one(&self.write)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Duplicate { field: "slug".into(), message: format!("A tenant with slug “{slug}” exists.") }
            } else {
                backend(e)
            }
        })?;
        tenant_from_row(&row).map_err(backend)
    }

    async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>> {
        let row = sqlx::query(
            "SELECT id, slug, name, default_region, personality_insights, auto_create_contacts FROM tenants WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?;
        row.map(|r| tenant_from_row(&r)).transpose().map_err(backend)
    }

    async fn tenant(&self, tenant: TenantId) -> StoreResult<Tenant> {
        let row = sqlx::query(
            "SELECT id, slug, name, default_region, personality_insights, auto_create_contacts FROM tenants WHERE id = $1",
        )
        .bind(tenant.0)
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        tenant_from_row(&row).map_err(backend)
    }

    async fn create_user(&self, tenant: TenantId, user: &NewUser) -> StoreResult<User> {
        let email_lower = user.email.trim().to_lowercase();
        let mut tx = dialect::begin(&self.write).await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT user_id FROM login_directory WHERE email_lower = $1")
            .bind(&email_lower)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        if taken.is_some() {
            return Err(StoreError::Duplicate { field: "email".into(), message: "A user with this email exists.".into() });
        }
        let id = dialect::next_ids(&mut tx, "users", 1).await?[0];
        sqlx::query(
            "INSERT INTO users (tenant_id, id, email, email_lower, name, role, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(user.email.trim())
        .bind(&email_lower)
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(&user.password_hash)
        .bind(true)
        .bind(millis(Utc::now()))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        sqlx::query("INSERT INTO login_directory (email_lower, tenant_id, user_id) VALUES ($1, $2, $3)")
            .bind(&email_lower)
            .bind(tenant.0)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Duplicate { field: "email".into(), message: "A user with this email exists.".into() }
                } else {
                    backend(e)
                }
            })?;
        tx.commit().await.map_err(backend)?;
        Ok(User { id: UserId(id), tenant_id: tenant, email: user.email.trim().into(), name: user.name.clone(), role: user.role, active: true })
    }

    async fn login_record(&self, email: &str) -> StoreResult<Option<LoginRecord>> {
        admin::login_record(&self.read, email).await
    }

    async fn set_password_hash(&self, tenant: TenantId, user: UserId, hash: &str) -> StoreResult<()> {
        let done = sqlx::query("UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(user.0)
            .bind(hash)
            .execute(&self.write)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_session(
        &self,
        tenant: TenantId,
        user: UserId,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (tenant_id, token_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(tenant.0)
        .bind(token_hash)
        .bind(user.0)
        .bind(millis(now))
        .bind(millis(expires_at))
        .execute(&self.write)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn session_user(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<SessionUser>> {
        admin::session_user(self, tenant, token_hash, now, idle_since).await
    }

    async fn delete_session(&self, tenant: TenantId, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND token_hash = $2")
            .bind(tenant.0)
            .bind(token_hash)
            .execute(&self.write)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn create_account(&self, tenant: TenantId, identifier: &str, name: &str) -> StoreResult<Account> {
        let mut tx = dialect::begin(&self.write).await?;
        let id = dialect::next_ids(&mut tx, "accounts", 1).await?[0];
        sqlx::query(
            "INSERT INTO accounts (tenant_id, id, identifier, identifier_lower, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(identifier)
        .bind(identifier.to_lowercase())
        .bind(name)
        .bind(millis(Utc::now()))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Duplicate { field: "identifier".into(), message: format!("An account “{identifier}” exists.") }
            } else {
                backend(e)
            }
        })?;
        tx.commit().await.map_err(backend)?;
        Ok(Account { id, identifier: identifier.into(), name: name.into() })
    }

    async fn account_by_identifier(&self, tenant: TenantId, identifier: &str) -> StoreResult<Option<Account>> {
        let row = sqlx::query("SELECT id, identifier, name FROM accounts WHERE tenant_id = $1 AND identifier_lower = $2")
            .bind(tenant.0)
            .bind(identifier.to_lowercase())
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        row.map(|r| {
            Ok(Account {
                id: r.try_get("id").map_err(backend)?,
                identifier: r.try_get("identifier").map_err(backend)?,
                name: r.try_get("name").map_err(backend)?,
            })
        })
        .transpose()
    }

    async fn create_contact(
        &self,
        tenant: TenantId,
        actor: Option<UserId>,
        fields: &ContactFields,
        via: CreatedVia,
        now: DateTime<Utc>,
    ) -> StoreResult<Contact> {
        let now = millis(now);
        let mut tx = dialect::begin(&self.write).await?;
        let id = insert_contact(&mut tx, tenant, actor, fields, via, now).await?;
        let contact = load_contact(&mut tx, tenant, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await.map_err(backend)?;
        Ok(contact)
    }

    async fn contact(&self, tenant: TenantId, id: ContactId) -> StoreResult<Option<Contact>> {
        let mut conn = self.read.acquire().await.map_err(backend)?;
        load_contact(&mut conn, tenant, id).await
    }

    async fn update_contact(
        &self,
        tenant: TenantId,
        actor: UserId,
        id: ContactId,
        expected_version: i64,
        fields: &ContactFields,
        now: DateTime<Utc>,
    ) -> StoreResult<Contact> {
        let now = millis(now);
        let mut tx = dialect::begin(&self.write).await?;
        let current = load_contact(&mut tx, tenant, id).await?.ok_or(StoreError::NotFound)?;
        if current.version != expected_version {
            return Err(StoreError::Conflict { current: Box::new(current) });
        }
        // Saving what is already stored changes nothing (and must not make another agent's
        // edit look stale).
        let mut unchanged = fields.clone();
        unchanged.account_identifier = unchanged.account_identifier.map(|a| a.to_lowercase());
        let mut stored = current.fields.clone();
        stored.account_identifier = stored.account_identifier.map(|a| a.to_lowercase());
        if unchanged == stored {
            return Ok(current);
        }
        let account_id = resolve_account(&mut tx, tenant, fields.account_identifier.as_deref()).await?;
        ensure_email_free(&mut tx, tenant, fields.email.as_deref(), Some(id)).await?;
        let (phone, phone_e164) = phone_parts(&fields.phone);
        let (mobile, mobile_e164) = phone_parts(&fields.mobile);
        let (fax, fax_e164) = phone_parts(&fields.fax);
        // The version guard also catches a writer that slipped in after the read above
        // (PostgreSQL at READ COMMITTED); SQLite's single writer cannot interleave.
        let done = sqlx::query(
            "UPDATE contacts SET first_name = $4, last_name = $5, address = $6, city = $7, state = $8, postal_code = $9, \
             country = $10, time_zone = $11, email = $12, email_lower = $13, phone = $14, phone_e164 = $15, mobile = $16, \
             mobile_e164 = $17, fax = $18, fax_e164 = $19, account_id = $20, priority = $21, preferred_channels = $22, \
             updated_at = $23, updated_by = $24, version = version + 1, \
             first_name_key = $25, last_name_key = $26, city_key = $27 \
             WHERE tenant_id = $1 AND id = $2 AND version = $3",
        )
        .bind(tenant.0)
        .bind(id.0)
        .bind(expected_version)
        .bind(&fields.first_name)
        .bind(&fields.last_name)
        .bind(&fields.address)
        .bind(&fields.city)
        .bind(&fields.state)
        .bind(&fields.postal_code)
        .bind(&fields.country)
        .bind(&fields.time_zone)
        .bind(&fields.email)
        .bind(fields.email.as_deref().map(app::domain::contact::email_key))
        .bind(phone)
        .bind(phone_e164)
        .bind(mobile)
        .bind(mobile_e164)
        .bind(fax)
        .bind(fax_e164)
        .bind(account_id)
        .bind(priority_to_db(fields.priority))
        .bind(Channel::join(&fields.preferred_channels))
        .bind(now)
        .bind(actor.0)
        .bind(app::domain::contact::sort_key(fields.first_name.as_deref()))
        .bind(app::domain::contact::sort_key(fields.last_name.as_deref()))
        .bind(app::domain::contact::sort_key(fields.city.as_deref()))
        .execute(&mut *tx)
        .await
        .map_err(|e| if is_unique_violation(&e) { email_taken(None) } else { backend(e) })?;
        if done.rows_affected() == 0 {
            drop(tx);
            let current = self.contact(tenant, id).await?.ok_or(StoreError::NotFound)?;
            return Err(StoreError::Conflict { current: Box::new(current) });
        }
        index_contact(&mut tx, tenant, id).await?;
        if current.fields.priority != fields.priority {
            work::contact_priority_changed(&mut tx, tenant, id, priority_to_db(fields.priority)).await?;
        }
        let old = audit_values(&current.fields);
        let new = audit_values(fields);
        let changed: Vec<_> = old.into_iter().zip(new).filter(|(o, n)| o.1 != n.1).collect();
        if !changed.is_empty() {
            let ids = dialect::next_ids(&mut tx, "audit_log", changed.len() as i64).await?;
            for (((field, old), (_, new)), audit_id) in changed.into_iter().zip(ids) {
                sqlx::query(
                    "INSERT INTO audit_log (tenant_id, id, at, user_id, entity, entity_id, field, old_value, new_value) \
                     VALUES ($1, $2, $3, $4, 'contact', $5, $6, $7, $8)",
                )
                .bind(tenant.0)
                .bind(audit_id)
                .bind(now)
                .bind(actor.0)
                .bind(id.0)
                .bind(field)
                .bind(old)
                .bind(new)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
        }
        let contact = load_contact(&mut tx, tenant, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await.map_err(backend)?;
        Ok(contact)
    }

    async fn list_contacts(&self, tenant: TenantId, query: &ContactQuery) -> StoreResult<Page<ContactRow>> {
        let dir = if query.descending { "DESC" } else { "ASC" };
        let order = match query.sort {
            ContactSort::LastName => format!("c.last_name_key {dir}, c.first_name_key {dir}"),
            ContactSort::FirstName => format!("c.first_name_key {dir}, c.last_name_key {dir}"),
            ContactSort::Email => format!("coalesce(c.email_lower, '') {dir}"),
            ContactSort::Account => format!("coalesce(a.identifier_lower, '') {dir}"),
            ContactSort::City => format!("c.city_key {dir}"),
            ContactSort::Priority => format!("c.priority {dir}"),
            ContactSort::Updated => format!("c.updated_at {dir}"),
        };
        let mut sql = String::from(
            "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.city, c.priority, c.updated_at, \
             a.identifier AS account_identifier, a.name AS account_name \
             FROM contacts c LEFT JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id \
             WHERE c.tenant_id = $1",
        );
        let mut binds: Vec<String> = Vec::new();
        if !query.account.trim().is_empty() {
            binds.push(query.account.trim().to_lowercase());
            sql.push_str(&format!(" AND a.identifier_lower = ${}", binds.len() + 1));
        }
        for word in query.text.split_whitespace().take(8) {
            binds.push(like_prefix(&word.to_lowercase()));
            let n = binds.len() + 1;
            sql.push_str(&format!(
                " AND (c.first_name_key LIKE ${n} ESCAPE '\\' OR c.last_name_key LIKE ${n} ESCAPE '\\' \
                 OR c.email_lower LIKE ${n} ESCAPE '\\' OR c.city_key LIKE ${n} ESCAPE '\\' \
                 OR a.identifier_lower LIKE ${n} ESCAPE '\\')"
            ));
        }
        let per_page = query.per_page.clamp(1, 100) as i64;
        let offset = (query.page.max(1) as i64 - 1) * per_page;
        sql.push_str(&format!(" ORDER BY {order}, c.id {dir} LIMIT {} OFFSET {offset}", per_page + 1));
        let mut q = sqlx::query(&sql).bind(tenant.0);
        for b in &binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.read).await.map_err(backend)?;
        let mut items = rows
            .iter()
            .map(|r| {
                Ok(ContactRow {
                    id: ContactId(r.try_get("id")?),
                    first_name: r.try_get("first_name")?,
                    last_name: r.try_get("last_name")?,
                    email: r.try_get("email")?,
                    phone: r.try_get("phone")?,
                    city: r.try_get("city")?,
                    account_identifier: r.try_get("account_identifier")?,
                    account_name: r.try_get("account_name")?,
                    priority: priority_from_db(r.try_get::<i16, _>("priority")? as i64),
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        let has_more = items.len() as i64 > per_page;
        items.truncate(per_page as usize);
        Ok(Page { items, page: query.page.max(1), per_page: per_page as u32, has_more })
    }

    async fn user_ref(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<UserRef>> {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(user.0)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        Ok(name.map(|name| UserRef { id: user, name }))
    }

    async fn quickfind(
        &self,
        tenant: TenantId,
        query: &app::domain::quickfind::Query,
        request: &app::search_api::SearchRequest,
    ) -> StoreResult<app::search_api::QuickfindResults> {
        search_run::quickfind(&self.read, tenant, query, request).await
    }

    async fn work_item_by_reference(
        &self,
        tenant: TenantId,
        reference: &str,
    ) -> StoreResult<Option<app::search_api::WorkItemHit>> {
        search_run::work_item_by_reference(&self.read, tenant, reference).await
    }

    // The Contact Activity page's sections: see activity.rs.
    async fn contact_work_items(&self, tenant: TenantId, contact: ContactId, filter: &app::activity_api::ActivityFilter, _now: DateTime<Utc>, offset: u32, limit: u32) -> StoreResult<app::activity_api::ActivityPage> {
        activity::contact_work_items(&self.read, tenant, contact, filter, offset, limit).await
    }
    async fn contact_communications(&self, tenant: TenantId, contact: ContactId, filter: &app::activity_api::CommFilter, query: Option<&app::domain::quickfind::Query>, offset: u32, limit: u32) -> StoreResult<(Vec<app::activity_api::CommunicationView>, bool)> {
        activity::contact_communications(&self.read, tenant, contact, filter, query, offset, limit).await
    }
    async fn contact_notes(&self, tenant: TenantId, contact: ContactId, offset: u32, limit: u32) -> StoreResult<(Vec<app::activity_api::CommunicationView>, bool)> {
        activity::contact_notes(&self.read, tenant, contact, offset, limit).await
    }
    async fn communication(&self, tenant: TenantId, id: i64) -> StoreResult<Option<app::activity_api::CommunicationView>> {
        activity::communication(&self.read, tenant, id).await
    }
    async fn add_communication(&self, tenant: TenantId, actor: Option<UserId>, new: &app::store::NewCommunication, now: DateTime<Utc>) -> StoreResult<i64> {
        activity::add_communication(&self.write, tenant, actor, new, now).await
    }
    async fn edit_note(&self, tenant: TenantId, actor: UserId, admin: bool, note: i64, expected_version: i64, text: &str, now: DateTime<Utc>) -> StoreResult<()> {
        activity::edit_note(&self.write, tenant, (actor, admin), note, expected_version, text, now).await
    }
    async fn delete_note(&self, tenant: TenantId, actor: UserId, admin: bool, note: i64, now: DateTime<Utc>) -> StoreResult<()> {
        activity::delete_note(&self.write, tenant, (actor, admin), note, now).await
    }
    async fn create_queue(&self, tenant: TenantId, name: &str, is_default: bool, now: DateTime<Utc>) -> StoreResult<i64> {
        activity::create_queue(&self.write, tenant, name, is_default, now).await
    }
    async fn create_work_item_type(&self, tenant: TenantId, new: &app::model::WorkItemType, now: DateTime<Utc>) -> StoreResult<i64> {
        activity::create_work_item_type(&self.write, tenant, new, now).await
    }
    async fn work_item_types(&self, tenant: TenantId) -> StoreResult<Vec<app::model::WorkItemType>> {
        activity::work_item_types(&self.read, tenant).await
    }
    async fn start_work_item(&self, tenant: TenantId, actor: UserId, type_id: i64, contact: ContactId, now: DateTime<Utc>) -> StoreResult<app::search_api::WorkItemHit> {
        let reference = activity::start_work_item(&self.write, tenant, Some(actor), type_id, (Some(contact), None), now).await?;
        search_run::work_item_by_reference(&self.write, tenant, &reference).await?.ok_or(StoreError::NotFound)
    }
    async fn tagged_contacts(&self, tenant: TenantId, work_item: i64) -> StoreResult<Vec<app::model::TaggedContact>> {
        activity::tagged_contacts(&self.read, tenant, work_item).await
    }

    async fn contact_history(&self, tenant: TenantId, id: ContactId, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT l.at, l.user_id, u.name AS user_name, l.field, l.old_value, l.new_value \
             FROM audit_log l LEFT JOIN users u ON u.tenant_id = l.tenant_id AND u.id = l.user_id \
             WHERE l.tenant_id = $1 AND l.entity = 'contact' AND l.entity_id = $2 \
             ORDER BY l.at DESC, l.id DESC LIMIT $3",
        )
        .bind(tenant.0)
        .bind(id.0)
        .bind(limit.min(1000) as i64)
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let user_id: Option<i64> = r.try_get("user_id")?;
                let user_name: Option<String> = r.try_get("user_name")?;
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    user: user_id.zip(user_name).map(|(id, name)| UserRef { id: UserId(id), name }),
                    field: r.try_get("field")?,
                    old_value: r.try_get("old_value")?,
                    new_value: r.try_get("new_value")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)
    }
}
