// The work item store functions (SPEC §2.4, §3.3, §3.5), shared by both engines. Included into
// `store::sqlite` and `store::postgres` (see store/mod.rs) next to `sql.rs` and `activity.rs`.

pub mod work {
    use async_trait::async_trait;
    use chrono::{DateTime, Utc};
    use sqlx::{Pool, QueryBuilder, Row};

    use app::activity_api::CommunicationView;
    use app::domain::search_text::work_item_document;
    use app::domain::work_item::{Tag, Tagging};
    use app::model::{ContactFields, ContactId, TenantId, UserId, UserRef};
    use app::store::{StoreError, StoreResult};
    use app::store_work::{WorkItemChange, WorkItemStore};
    use app::work_items_api::{DuplicateCandidate, QueueRef, WorkItemFilter, WorkItemRow, WorkItemView};

    use super::activity::{audit, reindex_communications, views};
    use super::{Conn, Db, SqlStore, dialect};
    use crate::store::common::{backend, millis, priority_from_db, split_more};

    /// "Changed since you opened it": the caller re-reads and tries again.
    fn stale() -> StoreError {
        StoreError::Invalid {
            field: "version".into(),
            message: "This work item was changed by someone else since you opened it — review it and try again.".into(),
        }
    }

    const ITEM_SELECT: &str = "SELECT w.id, w.reference, ty.kind, ty.name AS type_name, w.title, w.description, w.state, \
         w.waiting_reason, w.due_at, w.queue_id, q.name AS queue, w.assignee_id, u.name AS assignee_name, w.version, \
         w.created_at, w.updated_at FROM work_items w \
         JOIN work_item_types ty ON ty.tenant_id = w.tenant_id AND ty.id = w.type_id \
         JOIN queues q ON q.tenant_id = w.tenant_id AND q.id = w.queue_id \
         LEFT JOIN users u ON u.tenant_id = w.tenant_id AND u.id = w.assignee_id ";

    fn item_from_row(r: &<Db as sqlx::Database>::Row) -> Result<WorkItemView, sqlx::Error> {
        let assignee_id: Option<i64> = r.try_get("assignee_id")?;
        let assignee_name: Option<String> = r.try_get("assignee_name")?;
        Ok(WorkItemView {
            id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            kind: r.try_get("kind")?,
            type_name: r.try_get("type_name")?,
            title: r.try_get("title")?,
            description: r.try_get("description")?,
            state: r.try_get("state")?,
            waiting_reason: r.try_get("waiting_reason")?,
            due_at: r.try_get("due_at")?,
            queue_id: r.try_get("queue_id")?,
            queue: r.try_get("queue")?,
            assignee: assignee_id.zip(assignee_name).map(|(id, name)| UserRef { id: UserId(id), name }),
            version: r.try_get("version")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        })
    }

    async fn item_by_id(conn: &mut Conn, tenant: TenantId, id: i64) -> StoreResult<WorkItemView> {
        let sql = format!("{ITEM_SELECT} WHERE w.tenant_id = $1 AND w.id = $2");
        let row = sqlx::query(&sql)
            .bind(tenant.0)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound)?;
        item_from_row(&row).map_err(backend)
    }

    async fn tagging_on(conn: &mut Conn, tenant: TenantId, work_item: i64) -> StoreResult<Tagging> {
        let rows = sqlx::query(
            "SELECT contact_id, tags FROM work_item_contacts WHERE tenant_id = $1 AND work_item_id = $2 \
             ORDER BY added_at, contact_id",
        )
        .bind(tenant.0)
        .bind(work_item)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| Ok((r.try_get::<i64, _>("contact_id")?, Tag::parse_list(&r.try_get::<String, _>("tags")?))))
            .collect::<Result<Tagging, sqlx::Error>>()
            .map_err(backend)
    }

    fn tags_text(tags: &[Tag]) -> String {
        tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The queue order's priority for an item whose Primary Contact is `primary` (Normal when
    /// there is none).
    async fn priority_of(conn: &mut Conn, tenant: TenantId, primary: Option<i64>) -> StoreResult<i16> {
        let Some(id) = primary else {
            return Ok(1);
        };
        let p: Option<i16> = sqlx::query_scalar("SELECT priority FROM contacts WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
        Ok(p.unwrap_or(1))
    }

    /// Keeps the queue order in step when a contact's priority changes (called by
    /// `update_contact` inside its transaction).
    pub async fn contact_priority_changed(conn: &mut Conn, tenant: TenantId, contact: ContactId, priority: i16) -> StoreResult<()> {
        sqlx::query(
            "UPDATE work_items SET primary_priority = $3 WHERE tenant_id = $1 AND id IN \
             (SELECT t.work_item_id FROM work_item_contacts t WHERE t.tenant_id = $1 AND t.contact_id = $2 \
              AND (',' || t.tags || ',') LIKE '%,primary,%')",
        )
        .bind(tenant.0)
        .bind(contact.0)
        .bind(priority)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn check_exists(conn: &mut Conn, sql: &str, tenant: TenantId, id: i64, field: &str, message: &str) -> StoreResult<()> {
        let found: Option<i64> = sqlx::query_scalar(sql)
            .bind(tenant.0)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
        match found {
            Some(_) => Ok(()),
            None => Err(StoreError::Invalid { field: field.into(), message: message.into() }),
        }
    }

    fn when(t: Option<DateTime<Utc>>) -> Option<String> {
        t.map(app::format::date_time_seconds)
    }

    async fn save_work_item(
        pool: &Pool<Db>,
        tenant: TenantId,
        actor: UserId,
        id: i64,
        expected_version: i64,
        change: &WorkItemChange,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let now = millis(now);
        let mut tx = dialect::begin(pool).await?;
        let before = item_by_id(&mut tx, tenant, id).await?;
        if before.version != expected_version {
            return Err(stale());
        }
        if change.queue_id != before.queue_id {
            check_exists(&mut tx, "SELECT id FROM queues WHERE tenant_id = $1 AND id = $2", tenant, change.queue_id, "queue_id", "Pick one of the queues listed.").await?;
        }
        if let Some(user) = change.assignee_id
            && Some(user) != before.assignee.as_ref().map(|a| a.id)
        {
            let sql = "SELECT id FROM users WHERE tenant_id = $1 AND id = $2 AND active = TRUE";
            check_exists(&mut tx, sql, tenant, user.0, "assignee_id", "Pick one of the agents listed.").await?;
        }
        let due_at = change.due_at.map(millis);
        sqlx::query(
            "UPDATE work_items SET title = $3, description = $4, due_at = $5, queue_id = $6, assignee_id = $7, \
             state = $8, waiting_reason = $9, updated_at = $10, version = version + 1, search_doc = $11 \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(&change.title)
        .bind(&change.description)
        .bind(due_at)
        .bind(change.queue_id)
        .bind(change.assignee_id.map(|u| u.0))
        .bind(&change.state)
        .bind(&change.waiting_reason)
        .bind(now)
        .bind(work_item_document(&change.title))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let after = item_by_id(&mut tx, tenant, id).await?;
        let name = |u: &Option<UserRef>| u.as_ref().map(|u| u.name.clone());
        let changes: [(&str, Option<String>, Option<String>); 7] = [
            ("Title", Some(before.title), Some(after.title)),
            ("Description", Some(before.description), Some(after.description)),
            ("Due", when(before.due_at), when(after.due_at)),
            ("Queue", Some(before.queue), Some(after.queue)),
            ("Assignee", name(&before.assignee), name(&after.assignee)),
            ("State", Some(before.state), Some(after.state)),
            ("Waiting reason", before.waiting_reason, after.waiting_reason),
        ];
        for (field, old, new) in changes {
            if old != new {
                audit(&mut tx, tenant, Some(actor), ("work_item", id), (field, old.as_deref(), new.as_deref()), now).await?;
            }
        }
        tx.commit().await.map_err(backend)
    }

    async fn save_tagging(
        pool: &Pool<Db>,
        tenant: TenantId,
        actor: UserId,
        work_item: i64,
        expected_version: i64,
        after: &Tagging,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let now = millis(now);
        let mut tx = dialect::begin(pool).await?;
        let item = item_by_id(&mut tx, tenant, work_item).await?;
        if item.version != expected_version {
            return Err(stale());
        }
        let before = tagging_on(&mut tx, tenant, work_item).await?;
        let mut members_changed = false;
        for (contact, old) in &before {
            if !after.iter().any(|(c, _)| c == contact) {
                sqlx::query("DELETE FROM work_item_contacts WHERE tenant_id = $1 AND work_item_id = $2 AND contact_id = $3")
                    .bind(tenant.0)
                    .bind(work_item)
                    .bind(contact)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                members_changed = true;
                let field = format!("Removed from {}", item.reference);
                audit(&mut tx, tenant, Some(actor), ("contact", *contact), (&field, Some(&tags_text(old)), None), now).await?;
            }
        }
        for (contact, tags) in after {
            let old = before.iter().find(|(c, _)| c == contact).map(|(_, t)| t);
            if old == Some(tags) {
                continue;
            }
            if old.is_none() {
                check_exists(&mut tx, "SELECT id FROM contacts WHERE tenant_id = $1 AND id = $2", tenant, *contact, "contact_id", "No such contact.")
                    .await
                    .map_err(|_| StoreError::NotFound)?;
                sqlx::query("INSERT INTO work_item_contacts (tenant_id, work_item_id, contact_id, tags, added_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(tenant.0)
                    .bind(work_item)
                    .bind(contact)
                    .bind(Tag::join(tags))
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                members_changed = true;
            } else {
                sqlx::query("UPDATE work_item_contacts SET tags = $4 WHERE tenant_id = $1 AND work_item_id = $2 AND contact_id = $3")
                    .bind(tenant.0)
                    .bind(work_item)
                    .bind(contact)
                    .bind(Tag::join(tags))
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
            }
            let field = format!("Tags on {}", item.reference);
            let old = old.map(|t| tags_text(t));
            audit(&mut tx, tenant, Some(actor), ("contact", *contact), (&field, old.as_deref(), Some(&tags_text(tags))), now).await?;
        }
        let primary = after.iter().find(|(_, t)| t.contains(&Tag::PrimaryContact)).map(|(c, _)| *c);
        let priority = priority_of(&mut tx, tenant, primary).await?;
        sqlx::query(
            "UPDATE work_items SET primary_priority = $3, version = version + 1, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.0)
        .bind(work_item)
        .bind(priority)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if members_changed {
            // The item's communications now belong to a different set of contacts.
            let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM communications WHERE tenant_id = $1 AND work_item_id = $2")
                .bind(tenant.0)
                .bind(work_item)
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
            for chunk in ids.chunks(500) {
                reindex_communications(&mut tx, tenant, chunk).await?;
            }
        }
        tx.commit().await.map_err(backend)
    }

    /// The list's filter as SQL conditions after `WHERE w.tenant_id = …`.
    fn push_filter(qb: &mut QueryBuilder<'_, Db>, me: UserId, filter: &WorkItemFilter) {
        match filter.state.as_str() {
            "" | "running" => {
                qb.push(" AND w.state IN ('draft', 'to_do', 'in_progress', 'waiting')");
            }
            "completed" => {
                qb.push(" AND w.state IN ('resolved', 'closed')");
            }
            "all" => {}
            state => {
                qb.push(" AND w.state = ").push_bind(state.to_string());
            }
        }
        if let Some(queue) = filter.queue_id {
            qb.push(" AND w.queue_id = ").push_bind(queue);
        }
        if filter.mine {
            qb.push(" AND w.assignee_id = ").push_bind(me.0);
        }
    }

    /// Queue order: Primary Contact's priority (Urgent first), due date (none last), number.
    const QUEUE_ORDER: &str = " ORDER BY w.primary_priority DESC, (w.due_at IS NULL), w.due_at, w.number";

    async fn list_work_items(
        pool: &Pool<Db>,
        tenant: TenantId,
        me: UserId,
        filter: &WorkItemFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<WorkItemRow>, bool)> {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "SELECT w.reference, w.title, ty.name AS type_name, w.state, w.due_at, q.name AS queue, u.name AS assignee, \
             w.primary_priority, (SELECT coalesce(nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''), c.email, c.phone) \
               FROM work_item_contacts t JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = t.contact_id \
               WHERE t.tenant_id = w.tenant_id AND t.work_item_id = w.id AND (',' || t.tags || ',') LIKE '%,primary,%' LIMIT 1) AS primary_contact \
             FROM work_items w \
             JOIN work_item_types ty ON ty.tenant_id = w.tenant_id AND ty.id = w.type_id \
             JOIN queues q ON q.tenant_id = w.tenant_id AND q.id = w.queue_id \
             LEFT JOIN users u ON u.tenant_id = w.tenant_id AND u.id = w.assignee_id WHERE w.tenant_id = ",
        );
        qb.push_bind(tenant.0);
        push_filter(&mut qb, me, filter);
        qb.push(QUEUE_ORDER).push(" LIMIT ").push_bind(i64::from(limit) + 1).push(" OFFSET ").push_bind(i64::from(offset));
        let rows = qb.build().fetch_all(pool).await.map_err(backend)?;
        let mut rows = rows
            .iter()
            .map(|r| {
                Ok(WorkItemRow {
                    reference: r.try_get("reference")?,
                    title: r.try_get("title")?,
                    type_name: r.try_get("type_name")?,
                    state: r.try_get("state")?,
                    due_at: r.try_get("due_at")?,
                    queue: r.try_get("queue")?,
                    assignee: r.try_get("assignee")?,
                    primary_contact: r.try_get("primary_contact")?,
                    priority: priority_from_db(i64::from(r.try_get::<i16, _>("primary_priority")?)).as_str().to_string(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        let more = split_more(&mut rows, limit);
        Ok((rows, more))
    }

    async fn take_next(pool: &Pool<Db>, tenant: TenantId, actor: UserId, queue: i64, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        let now = millis(now);
        // Each try reads the top candidate and claims it only if it is still To Do at the
        // version read; a concurrent taker makes the claim touch no row, and the next try
        // reads the next candidate. (SQLite serialises writers; PostgreSQL re-checks the
        // WHERE clause after waiting for the other transaction's row lock.)
        for _ in 0..20 {
            let mut tx = dialect::begin(pool).await?;
            check_exists(&mut tx, "SELECT id FROM queues WHERE tenant_id = $1 AND id = $2", tenant, queue, "queue_id", "No such queue.")
                .await
                .map_err(|_| StoreError::NotFound)?;
            let sql = format!(
                "SELECT w.id, w.reference, w.version FROM work_items w WHERE w.tenant_id = $1 AND w.queue_id = $2 \
                 AND w.state = 'to_do' AND (w.assignee_id IS NULL OR w.assignee_id = $3){QUEUE_ORDER} LIMIT 1"
            );
            let Some(row) = sqlx::query(&sql)
                .bind(tenant.0)
                .bind(queue)
                .bind(actor.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
            else {
                return Ok(None);
            };
            let id: i64 = row.try_get("id").map_err(backend)?;
            let reference: String = row.try_get("reference").map_err(backend)?;
            let version: i64 = row.try_get("version").map_err(backend)?;
            let claimed = sqlx::query(
                "UPDATE work_items SET state = 'in_progress', assignee_id = $3, updated_at = $4, version = version + 1 \
                 WHERE tenant_id = $1 AND id = $2 AND state = 'to_do' AND version = $5",
            )
            .bind(tenant.0)
            .bind(id)
            .bind(actor.0)
            .bind(now)
            .bind(version)
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected();
            if claimed == 1 {
                audit(&mut tx, tenant, Some(actor), ("work_item", id), ("State", Some("to_do"), Some("in_progress")), now).await?;
                tx.commit().await.map_err(backend)?;
                return Ok(Some(reference));
            }
            tx.rollback().await.map_err(backend)?;
        }
        Err(StoreError::Backend("Take next: too many concurrent takers; try again.".into()))
    }

    async fn duplicate_candidates(pool: &Pool<Db>, tenant: TenantId, fields: &ContactFields, limit: u32) -> StoreResult<Vec<DuplicateCandidate>> {
        use app::domain::duplicates::{NAME_SIMILARITY, name_similarity, name_key};
        let mut found: Vec<(DuplicateCandidate, f64)> = Vec::new();
        let mut add = |id: i64, first: Option<String>, last: Option<String>, email: Option<String>, phone: Option<String>, reason: &str, score: f64| {
            if let Some((c, s)) = found.iter_mut().find(|(c, _)| c.contact_id.0 == id) {
                if !c.reasons.iter().any(|r| r == reason) {
                    c.reasons.push(reason.to_string());
                }
                *s += score;
                return;
            }
            let name = app::model::display_name(first.as_deref(), last.as_deref(), email.as_deref(), phone.as_deref());
            found.push((DuplicateCandidate { contact_id: ContactId(id), name, email, phone, reasons: vec![reason.to_string()] }, score));
        };
        const COLUMNS: &str = "SELECT id, first_name, last_name, email, phone, mobile FROM contacts WHERE tenant_id = $1 ";
        let mut lookups: Vec<(String, Vec<String>, &str, f64)> = Vec::new();
        if let Some(email) = &fields.email {
            lookups.push((format!("{COLUMNS} AND email_lower = $2 LIMIT 5"), vec![email.to_lowercase()], "same email", 3.0));
        }
        for e164 in [&fields.phone, &fields.mobile].into_iter().flatten().map(|p| &p.e164) {
            lookups.push((format!("{COLUMNS} AND phone_e164 = $2 LIMIT 5"), vec![e164.clone()], "same phone", 2.0));
            lookups.push((format!("{COLUMNS} AND mobile_e164 = $2 LIMIT 5"), vec![e164.clone()], "same phone", 2.0));
        }
        let first = fields.first_name.as_deref().map(name_key).unwrap_or_default();
        let last = fields.last_name.as_deref().map(name_key).unwrap_or_default();
        let mut name_rows = Vec::new();
        if !first.is_empty() && !last.is_empty() {
            // Two index ranges on (last, first) and (first, last): the same last name with a
            // first name of the same initial, and the same first name with a last name of the
            // same initial; similarity then decides (catches Jon/John Smith, John Smyth).
            let initial = |s: &str| s.chars().next().map(|c| c.to_string()).unwrap_or_default();
            name_rows.push((format!("{COLUMNS} AND last_name_key = $2 AND first_name_key >= $3 AND first_name_key < $4 LIMIT 200"), vec![last.clone(), initial(&first), format!("{}\u{10FFFF}", initial(&first))]));
            name_rows.push((format!("{COLUMNS} AND first_name_key = $2 AND last_name_key >= $3 AND last_name_key < $4 LIMIT 200"), vec![first.clone(), initial(&last), format!("{}\u{10FFFF}", initial(&last))]));
        }
        for (sql, binds, reason, score) in lookups {
            let mut q = sqlx::query(&sql).bind(tenant.0);
            for b in binds {
                q = q.bind(b);
            }
            for r in q.fetch_all(pool).await.map_err(backend)? {
                let phone: Option<String> = r.try_get("phone").map_err(backend)?;
                let mobile: Option<String> = r.try_get("mobile").map_err(backend)?;
                add(r.try_get("id").map_err(backend)?, r.try_get("first_name").map_err(backend)?, r.try_get("last_name").map_err(backend)?, r.try_get("email").map_err(backend)?, phone.or(mobile), reason, score);
            }
        }
        for (sql, binds) in name_rows {
            let mut q = sqlx::query(&sql).bind(tenant.0);
            for b in binds {
                q = q.bind(b);
            }
            for r in q.fetch_all(pool).await.map_err(backend)? {
                let f: Option<String> = r.try_get("first_name").map_err(backend)?;
                let l: Option<String> = r.try_get("last_name").map_err(backend)?;
                let similarity = name_similarity((&first, &last), (&name_key(f.as_deref().unwrap_or("")), &name_key(l.as_deref().unwrap_or(""))));
                if similarity >= NAME_SIMILARITY {
                    let phone: Option<String> = r.try_get("phone").map_err(backend)?;
                    let mobile: Option<String> = r.try_get("mobile").map_err(backend)?;
                    add(r.try_get("id").map_err(backend)?, f, l, r.try_get("email").map_err(backend)?, phone.or(mobile), "similar name", similarity);
                }
            }
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.contact_id.0.cmp(&b.0.contact_id.0)));
        Ok(found.into_iter().take(limit as usize).map(|(c, _)| c).collect())
    }

    #[async_trait]
    impl WorkItemStore for SqlStore {
        async fn work_item(&self, tenant: TenantId, reference: &str) -> StoreResult<Option<WorkItemView>> {
            let sql = format!("{ITEM_SELECT} WHERE w.tenant_id = $1 AND w.reference = $2");
            let row = sqlx::query(&sql)
                .bind(tenant.0)
                .bind(reference.trim().to_uppercase())
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
            row.map(|r| item_from_row(&r)).transpose().map_err(backend)
        }
        async fn save_work_item(&self, tenant: TenantId, actor: UserId, id: i64, expected_version: i64, change: &WorkItemChange, now: DateTime<Utc>) -> StoreResult<()> {
            save_work_item(&self.write, tenant, actor, id, expected_version, change, now).await
        }
        async fn tagging(&self, tenant: TenantId, work_item: i64) -> StoreResult<Tagging> {
            let mut conn = self.read.acquire().await.map_err(backend)?;
            tagging_on(&mut conn, tenant, work_item).await
        }
        async fn save_tagging(&self, tenant: TenantId, actor: UserId, work_item: i64, expected_version: i64, after: &Tagging, now: DateTime<Utc>) -> StoreResult<()> {
            save_tagging(&self.write, tenant, actor, work_item, expected_version, after, now).await
        }
        async fn list_work_items(&self, tenant: TenantId, me: UserId, filter: &WorkItemFilter, offset: u32, limit: u32) -> StoreResult<(Vec<WorkItemRow>, bool)> {
            list_work_items(&self.read, tenant, me, filter, offset, limit).await
        }
        async fn take_next(&self, tenant: TenantId, actor: UserId, queue: i64, now: DateTime<Utc>) -> StoreResult<Option<String>> {
            take_next(&self.write, tenant, actor, queue, now).await
        }
        async fn create_work_item(&self, tenant: TenantId, actor: Option<UserId>, type_id: i64, title: &str, now: DateTime<Utc>) -> StoreResult<String> {
            super::activity::start_work_item(&self.write, tenant, actor, type_id, (None, Some(title)), now).await
        }
        async fn queues(&self, tenant: TenantId) -> StoreResult<Vec<QueueRef>> {
            let rows = sqlx::query("SELECT id, name, is_default FROM queues WHERE tenant_id = $1 ORDER BY is_default DESC, name, id")
                .bind(tenant.0)
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
            rows.iter()
                .map(|r| Ok(QueueRef { id: r.try_get("id")?, name: r.try_get("name")?, is_default: r.try_get("is_default")? }))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(backend)
        }
        async fn agents(&self, tenant: TenantId) -> StoreResult<Vec<UserRef>> {
            let rows = sqlx::query("SELECT id, name FROM users WHERE tenant_id = $1 AND active = TRUE ORDER BY name, id")
                .bind(tenant.0)
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
            rows.iter()
                .map(|r| Ok(UserRef { id: UserId(r.try_get("id")?), name: r.try_get("name")? }))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(backend)
        }
        async fn work_item_communications(&self, tenant: TenantId, work_item: i64, notes: bool, offset: u32, limit: u32) -> StoreResult<(Vec<CommunicationView>, bool)> {
            let kind = if notes { "c.kind = 'note'" } else { "c.kind <> 'note'" };
            let sql = format!(
                "SELECT c.id FROM communications c WHERE c.tenant_id = $1 AND c.work_item_id = $2 AND {kind} \
                 ORDER BY c.occurred_at DESC, c.id DESC LIMIT $3 OFFSET $4"
            );
            let mut ids: Vec<i64> = sqlx::query_scalar(&sql)
                .bind(tenant.0)
                .bind(work_item)
                .bind(i64::from(limit) + 1)
                .bind(i64::from(offset))
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
            let more = split_more(&mut ids, limit);
            Ok((views(&self.read, tenant, None, &ids).await?, more))
        }
        async fn duplicate_candidates(&self, tenant: TenantId, fields: &ContactFields, limit: u32) -> StoreResult<Vec<DuplicateCandidate>> {
            duplicate_candidates(&self.read, tenant, fields, limit).await
        }
    }
}
