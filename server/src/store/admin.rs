// The admin store functions (SPEC §2.6) and the session lookups, shared by both engines.
// Included into `store::sqlite` and `store::postgres` (see store/mod.rs) next to `sql.rs`.

pub mod admin {
    use async_trait::async_trait;
    use chrono::{DateTime, Utc};
    use sqlx::{Pool, QueryBuilder, Row};

    use app::admin_api::{AccountRow, AuditQuery, AuditRow, QueueRow, UserRow};
    use app::model::{Role, SessionUser, TenantId, TenantSettings, User, UserId, UserRef, WorkItemType};
    use app::store::{LoginRecord, StoreError, StoreResult};
    use app::store_admin::AdminStore;

    use super::activity::audit;
    use super::{Conn, Db, SqlStore, dialect};
    use crate::store::common::{backend, is_unique_violation, like_anywhere, millis, split_more};

    fn invalid(field: &str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid { field: field.into(), message: message.into() }
    }

    pub async fn login_record(pool: &Pool<Db>, email: &str) -> StoreResult<Option<LoginRecord>> {
        let row = sqlx::query(
            "SELECT u.tenant_id, u.id, u.email, u.name, u.role, u.active, u.password_hash, u.password_temporary, \
             t.name AS tenant_name \
             FROM login_directory d \
             JOIN users u ON u.tenant_id = d.tenant_id AND u.id = d.user_id \
             JOIN tenants t ON t.id = u.tenant_id \
             WHERE d.email_lower = $1",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role").map_err(backend)?;
        Ok(Some(LoginRecord {
            user: User {
                id: UserId(row.try_get("id").map_err(backend)?),
                tenant_id: TenantId(row.try_get("tenant_id").map_err(backend)?),
                email: row.try_get("email").map_err(backend)?,
                name: row.try_get("name").map_err(backend)?,
                role: Role::parse(&role).unwrap_or(Role::Agent),
                active: row.try_get("active").map_err(backend)?,
            },
            tenant_name: row.try_get("tenant_name").map_err(backend)?,
            password_hash: row.try_get("password_hash").map_err(backend)?,
            password_temporary: row.try_get("password_temporary").map_err(backend)?,
        }))
    }

    /// The active user of a live session that was used after `idle_since`.
    pub async fn session_user(
        store: &SqlStore,
        tenant: TenantId,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<SessionUser>> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.password_temporary, t.name AS tenant_name, s.last_seen_at \
             FROM sessions s \
             JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id \
             JOIN tenants t ON t.id = s.tenant_id \
             WHERE s.tenant_id = $1 AND s.token_hash = $2 AND s.expires_at > $3 AND s.last_seen_at > $4 AND u.active = $5",
        )
        .bind(tenant.0)
        .bind(token_hash)
        .bind(millis(now))
        .bind(millis(idle_since))
        .bind(true)
        .fetch_optional(&store.read)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let last_seen: DateTime<Utc> = row.try_get("last_seen_at").map_err(backend)?;
        // Touch at most once a minute: a write per request would serialise every page view.
        if now - last_seen > chrono::Duration::seconds(60) {
            sqlx::query("UPDATE sessions SET last_seen_at = $3 WHERE tenant_id = $1 AND token_hash = $2")
                .bind(tenant.0)
                .bind(token_hash)
                .bind(millis(now))
                .execute(&store.write)
                .await
                .map_err(backend)?;
        }
        let role: String = row.try_get("role").map_err(backend)?;
        Ok(Some(SessionUser {
            user_id: UserId(row.try_get("id").map_err(backend)?),
            tenant_id: tenant,
            tenant_name: row.try_get("tenant_name").map_err(backend)?,
            email: row.try_get("email").map_err(backend)?,
            name: row.try_get("name").map_err(backend)?,
            role: Role::parse(&role).unwrap_or(Role::Agent),
            must_change_password: row.try_get("password_temporary").map_err(backend)?,
        }))
    }

    /// Audits each changed (field, old, new) of `entity`.
    async fn audit_changes(
        conn: &mut Conn,
        tenant: TenantId,
        actor: UserId,
        entity: (&str, i64),
        changes: &[(&str, String, String)],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        for (field, old, new) in changes {
            if old != new {
                audit(conn, tenant, Some(actor), entity, (field, Some(old), Some(new)), now).await?;
            }
        }
        Ok(())
    }

    fn yes_no(b: bool) -> String {
        if b { "yes".into() } else { "no".into() }
    }

    async fn end_sessions(conn: &mut Conn, tenant: TenantId, user: UserId, keep: Option<&str>) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND token_hash <> $3")
            .bind(tenant.0)
            .bind(user.0)
            .bind(keep.unwrap_or(""))
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        Ok(())
    }

    fn user_row(r: &<Db as sqlx::Database>::Row) -> Result<UserRow, sqlx::Error> {
        let role: String = r.try_get("role")?;
        Ok(UserRow {
            id: r.try_get("id")?,
            email: r.try_get("email")?,
            name: r.try_get("name")?,
            role: Role::parse(&role).unwrap_or(Role::Agent),
            active: r.try_get("active")?,
            password_temporary: r.try_get("password_temporary")?,
            last_seen_at: r.try_get("last_seen_at")?,
        })
    }

    /// The entity's current name for History of changes.
    fn entity_label(r: &<Db as sqlx::Database>::Row) -> Result<String, sqlx::Error> {
        let entity: String = r.try_get("entity")?;
        let label: Option<String> = match entity.as_str() {
            "contact" => {
                let first: Option<String> = r.try_get("c_first")?;
                let last: Option<String> = r.try_get("c_last")?;
                let email: Option<String> = r.try_get("c_email")?;
                let name = [first, last].into_iter().flatten().collect::<Vec<_>>().join(" ");
                Some(if name.trim().is_empty() { email.unwrap_or_default() } else { name })
            }
            "work_item" => r.try_get("w_ref")?,
            "user" => r.try_get("e_user")?,
            "queue" => r.try_get("q_name")?,
            "work_item_type" => r.try_get("ty_name")?,
            "account" => r.try_get("a_ident")?,
            "tenant" => Some("Tenant settings".into()),
            _ => None,
        };
        Ok(label.unwrap_or_default())
    }

    #[async_trait]
    impl AdminStore for SqlStore {
        async fn users(&self, tenant: TenantId) -> StoreResult<Vec<UserRow>> {
            let rows = sqlx::query(
                "SELECT u.id, u.email, u.name, u.role, u.active, u.password_temporary, \
                 (SELECT max(s.last_seen_at) FROM sessions s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id) AS last_seen_at \
                 FROM users u WHERE u.tenant_id = $1 ORDER BY u.name, u.id",
            )
            .bind(tenant.0)
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
            rows.iter().map(user_row).collect::<Result<Vec<_>, _>>().map_err(backend)
        }

        async fn update_user(
            &self,
            tenant: TenantId,
            actor: UserId,
            user: UserId,
            name: &str,
            role: Role,
            active: bool,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            let row = sqlx::query("SELECT name, role, active FROM users WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(user.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or(StoreError::NotFound)?;
            let old_name: String = row.try_get("name").map_err(backend)?;
            let old_role: String = row.try_get("role").map_err(backend)?;
            let old_active: bool = row.try_get("active").map_err(backend)?;
            let stays_admin = active && role == Role::Admin;
            if old_role == "admin" && old_active && !stays_admin {
                let others: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM users WHERE tenant_id = $1 AND role = 'admin' AND active = $2 AND id <> $3",
                )
                .bind(tenant.0)
                .bind(true)
                .bind(user.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
                if others == 0 {
                    return Err(invalid("role", "This is the last active admin: make someone else an admin first."));
                }
            }
            sqlx::query("UPDATE users SET name = $3, role = $4, active = $5 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(user.0)
                .bind(name)
                .bind(role.as_str())
                .bind(active)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            if !active {
                end_sessions(&mut tx, tenant, user, None).await?;
            }
            let changes = [
                ("name", old_name, name.to_string()),
                ("role", old_role, role.as_str().to_string()),
                ("active", yes_no(old_active), yes_no(active)),
            ];
            audit_changes(&mut tx, tenant, actor, ("user", user.0), &changes, now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn set_password(
            &self,
            tenant: TenantId,
            actor: Option<UserId>,
            user: UserId,
            hash: &str,
            temporary: bool,
            keep_session: Option<&str>,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            let done = sqlx::query("UPDATE users SET password_hash = $3, password_temporary = $4 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(user.0)
                .bind(hash)
                .bind(temporary)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            end_sessions(&mut tx, tenant, user, keep_session).await?;
            if actor.is_some() {
                let what = if temporary { "one-time password issued" } else { "changed" };
                audit(&mut tx, tenant, actor, ("user", user.0), ("password", None, Some(what)), now).await?;
            }
            tx.commit().await.map_err(backend)
        }

        async fn admin_queues(&self, tenant: TenantId) -> StoreResult<Vec<QueueRow>> {
            let rows = sqlx::query(
                "SELECT q.id, q.name, q.is_default, \
                 (SELECT count(*) FROM work_items w WHERE w.tenant_id = q.tenant_id AND w.queue_id = q.id \
                  AND w.state IN ('draft', 'to_do', 'in_progress', 'waiting')) AS running \
                 FROM queues q WHERE q.tenant_id = $1 ORDER BY q.name, q.id",
            )
            .bind(tenant.0)
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
            rows.iter()
                .map(|r| {
                    Ok(QueueRow {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        is_default: r.try_get("is_default")?,
                        running: r.try_get("running")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(backend)
        }

        async fn update_queue(
            &self,
            tenant: TenantId,
            actor: UserId,
            id: i64,
            name: &str,
            is_default: bool,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            let row = sqlx::query("SELECT name, is_default FROM queues WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or(StoreError::NotFound)?;
            let old_name: String = row.try_get("name").map_err(backend)?;
            let was_default: bool = row.try_get("is_default").map_err(backend)?;
            if was_default && !is_default {
                return Err(invalid("is_default", "There is always a default queue: make another queue the default instead."));
            }
            if is_default && !was_default {
                sqlx::query("UPDATE queues SET is_default = $2 WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .bind(false)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
            sqlx::query("UPDATE queues SET name = $3, is_default = $4 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id)
                .bind(name)
                .bind(is_default)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        invalid("name", format!("A queue named “{name}” exists."))
                    } else {
                        backend(e)
                    }
                })?;
            let changes = [("name", old_name, name.to_string()), ("default", yes_no(was_default), yes_no(is_default))];
            audit_changes(&mut tx, tenant, actor, ("queue", id), &changes, now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn update_work_item_type(&self, tenant: TenantId, actor: UserId, ty: &WorkItemType, now: DateTime<Utc>) -> StoreResult<()> {
            if !matches!(ty.kind.as_str(), "ticket" | "case") {
                return Err(invalid("kind", "A type is a ticket or a case."));
            }
            let mut tx = dialect::begin(&self.write).await?;
            let row = sqlx::query(
                "SELECT ty.name, ty.kind, ty.live, ty.show_in_contacts, q.name AS queue FROM work_item_types ty \
                 LEFT JOIN queues q ON q.tenant_id = ty.tenant_id AND q.id = ty.default_queue_id \
                 WHERE ty.tenant_id = $1 AND ty.id = $2",
            )
            .bind(tenant.0)
            .bind(ty.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
            let queue_id: Option<i64> = match &ty.default_queue {
                None => None,
                Some(name) => Some(
                    sqlx::query_scalar("SELECT id FROM queues WHERE tenant_id = $1 AND name = $2")
                        .bind(tenant.0)
                        .bind(name)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend)?
                        .ok_or_else(|| invalid("default_queue", format!("No queue named “{name}”.")))?,
                ),
            };
            sqlx::query(
                "UPDATE work_item_types SET name = $3, kind = $4, live = $5, show_in_contacts = $6, default_queue_id = $7 \
                 WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant.0)
            .bind(ty.id)
            .bind(&ty.name)
            .bind(&ty.kind)
            .bind(ty.live)
            .bind(ty.show_in_contacts)
            .bind(queue_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    invalid("name", format!("A type named “{}” exists.", ty.name))
                } else {
                    backend(e)
                }
            })?;
            let get = |c: &str| row.try_get::<String, _>(c).map_err(backend);
            let flag = |c: &str| row.try_get::<bool, _>(c).map(yes_no).map_err(backend);
            let old_queue: Option<String> = row.try_get("queue").map_err(backend)?;
            let changes = [
                ("name", get("name")?, ty.name.clone()),
                ("kind", get("kind")?, ty.kind.clone()),
                ("live", flag("live")?, yes_no(ty.live)),
                ("show_in_contacts", flag("show_in_contacts")?, yes_no(ty.show_in_contacts)),
                ("default_queue", old_queue.unwrap_or_default(), ty.default_queue.clone().unwrap_or_default()),
            ];
            audit_changes(&mut tx, tenant, actor, ("work_item_type", ty.id), &changes, now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn accounts(&self, tenant: TenantId, text: &str, offset: u32, limit: u32) -> StoreResult<(Vec<AccountRow>, bool)> {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT a.id, a.identifier, a.name, \
                 (SELECT count(*) FROM contacts c WHERE c.tenant_id = a.tenant_id AND c.account_id = a.id) AS contacts \
                 FROM accounts a WHERE a.tenant_id = ",
            );
            qb.push_bind(tenant.0);
            if !text.is_empty() {
                let pattern = like_anywhere(&text.to_lowercase());
                qb.push(" AND (a.identifier_lower LIKE ").push_bind(pattern.clone());
                qb.push(" ESCAPE '\\' OR lower(a.name) LIKE ").push_bind(pattern).push(" ESCAPE '\\')");
            }
            qb.push(" ORDER BY a.identifier_lower, a.id LIMIT ").push_bind(i64::from(limit) + 1);
            qb.push(" OFFSET ").push_bind(i64::from(offset));
            let rows = qb.build().fetch_all(&self.read).await.map_err(backend)?;
            let mut out = rows
                .iter()
                .map(|r| {
                    Ok(AccountRow {
                        id: r.try_get("id")?,
                        identifier: r.try_get("identifier")?,
                        name: r.try_get("name")?,
                        contacts: r.try_get("contacts")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(backend)?;
            let more = split_more(&mut out, limit);
            Ok((out, more))
        }

        async fn update_account(&self, tenant: TenantId, actor: UserId, id: i64, identifier: &str, name: &str, now: DateTime<Utc>) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            let row = sqlx::query("SELECT identifier, name FROM accounts WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or(StoreError::NotFound)?;
            sqlx::query("UPDATE accounts SET identifier = $3, identifier_lower = $4, name = $5 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id)
                .bind(identifier)
                .bind(identifier.to_lowercase())
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        StoreError::Duplicate { field: "identifier".into(), message: format!("An account with identifier “{identifier}” exists.") }
                    } else {
                        backend(e)
                    }
                })?;
            let changes = [
                ("identifier", row.try_get("identifier").map_err(backend)?, identifier.to_string()),
                ("name", row.try_get("name").map_err(backend)?, name.to_string()),
            ];
            audit_changes(&mut tx, tenant, actor, ("account", id), &changes, now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn save_tenant_settings(&self, tenant: TenantId, actor: UserId, settings: &TenantSettings, now: DateTime<Utc>) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            let row = sqlx::query("SELECT default_region, personality_insights, auto_create_contacts FROM tenants WHERE id = $1")
                .bind(tenant.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or(StoreError::NotFound)?;
            sqlx::query("UPDATE tenants SET default_region = $2, personality_insights = $3, auto_create_contacts = $4 WHERE id = $1")
                .bind(tenant.0)
                .bind(&settings.default_region)
                .bind(settings.personality_insights)
                .bind(settings.auto_create_contacts)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            let flag = |c: &str| row.try_get::<bool, _>(c).map(yes_no).map_err(backend);
            let changes = [
                ("default_region", row.try_get("default_region").map_err(backend)?, settings.default_region.clone()),
                ("personality_insights", flag("personality_insights")?, yes_no(settings.personality_insights)),
                ("auto_create_contacts", flag("auto_create_contacts")?, yes_no(settings.auto_create_contacts)),
            ];
            audit_changes(&mut tx, tenant, actor, ("tenant", tenant.0), &changes, now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn record_audit(
            &self,
            tenant: TenantId,
            actor: Option<UserId>,
            entity: &str,
            entity_id: i64,
            field: &str,
            new_value: Option<&str>,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            audit(&mut tx, tenant, actor, (entity, entity_id), (field, None, new_value), now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn audit_log(&self, tenant: TenantId, query: &AuditQuery, offset: u32, limit: u32) -> StoreResult<(Vec<AuditRow>, bool)> {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT l.id, l.at, l.user_id, u.name AS user_name, l.entity, l.entity_id, l.field, l.old_value, l.new_value, \
                 c.first_name AS c_first, c.last_name AS c_last, c.email AS c_email, w.reference AS w_ref, \
                 eu.name AS e_user, q.name AS q_name, ty.name AS ty_name, a.identifier AS a_ident \
                 FROM audit_log l \
                 LEFT JOIN users u ON u.tenant_id = l.tenant_id AND u.id = l.user_id \
                 LEFT JOIN contacts c ON l.entity = 'contact' AND c.tenant_id = l.tenant_id AND c.id = l.entity_id \
                 LEFT JOIN work_items w ON l.entity = 'work_item' AND w.tenant_id = l.tenant_id AND w.id = l.entity_id \
                 LEFT JOIN users eu ON l.entity = 'user' AND eu.tenant_id = l.tenant_id AND eu.id = l.entity_id \
                 LEFT JOIN queues q ON l.entity = 'queue' AND q.tenant_id = l.tenant_id AND q.id = l.entity_id \
                 LEFT JOIN work_item_types ty ON l.entity = 'work_item_type' AND ty.tenant_id = l.tenant_id AND ty.id = l.entity_id \
                 LEFT JOIN accounts a ON l.entity = 'account' AND a.tenant_id = l.tenant_id AND a.id = l.entity_id \
                 WHERE l.tenant_id = ",
            );
            qb.push_bind(tenant.0);
            if let Some(user) = query.user_id {
                qb.push(" AND l.user_id = ").push_bind(user);
            }
            if let Some(contact) = query.contact_id {
                qb.push(" AND l.entity = 'contact' AND l.entity_id = ").push_bind(contact);
            }
            if let Some(from) = query.from {
                qb.push(" AND l.at >= ").push_bind(from);
            }
            if let Some(until) = query.until {
                qb.push(" AND l.at < ").push_bind(until);
            }
            qb.push(" ORDER BY l.at DESC, l.id DESC LIMIT ").push_bind(i64::from(limit) + 1);
            qb.push(" OFFSET ").push_bind(i64::from(offset));
            let rows = qb.build().fetch_all(&self.read).await.map_err(backend)?;
            let mut out = rows
                .iter()
                .map(|r| {
                    let user_id: Option<i64> = r.try_get("user_id")?;
                    let user_name: Option<String> = r.try_get("user_name")?;
                    Ok(AuditRow {
                        id: r.try_get("id")?,
                        at: r.try_get("at")?,
                        user: user_id.zip(user_name).map(|(id, name)| UserRef { id: UserId(id), name }),
                        entity: r.try_get("entity")?,
                        entity_id: r.try_get("entity_id")?,
                        entity_label: entity_label(r)?,
                        field: r.try_get("field")?,
                        old_value: r.try_get("old_value")?,
                        new_value: r.try_get("new_value")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(backend)?;
            let more = split_more(&mut out, limit);
            Ok((out, more))
        }
    }
}
