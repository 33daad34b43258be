// The Contact Activity page's store functions (SPEC §2.3), shared by both engines. Included
// into `store::sqlite` and `store::postgres` (see store/mod.rs) next to `sql.rs`; each engine
// module supplies `search_engine::contact_match`, the full-text part of the per-contact search.

pub mod activity {
    use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
    use sqlx::{Pool, QueryBuilder, Row};

    use app::intake::MessageDetails;
    use app::activity_api::{ActivityFilter, ActivityPage, CommFilter, CommunicationView, WorkItemCard, is_running};
    use app::domain::quickfind::Query;
    use app::domain::search_text::{communication_documents, words, work_item_document};
    use app::model::{ContactId, TaggedContact, TenantId, UserId, UserRef, WorkItemType};
    use app::store::{NewCommunication, StoreError, StoreResult};

    use super::{Conn, Db, dialect};
    use crate::store::common::{backend, is_unique_violation, millis, split_more};
    use crate::store::search::{contact_levels, snippet};

    const SNIPPET_CHARS: usize = 200;
    /// The tags a contact gets on a work item started from its page (SPEC §2.3 item 4).
    pub const STARTER_TAGS: &str = "primary,requester,original_requester,subject";

    /// Start of day `d` (UTC).
    fn day_start(d: NaiveDate) -> DateTime<Utc> {
        d.and_time(NaiveTime::MIN).and_utc()
    }

    /// Start of the day after `d` (UTC): "on or before `d`" is "before this".
    fn day_after(d: NaiveDate) -> DateTime<Utc> {
        day_start(d.succ_opt().unwrap_or(d))
    }

    /// Appends ` (id, id, …)` with each id a bound parameter.
    pub fn push_ids(qb: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
        qb.push(" (");
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        qb.push(")");
    }

    /// The tags as the page shows them, in their fixed order.
    pub fn tag_list(stored: &str) -> Vec<String> {
        stored.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()
    }

    // ---------------------------------------------------------------- Caller Activity

    struct Link {
        id: i64,
        state: String,
        due_at: Option<DateTime<Utc>>,
        created_at: DateTime<Utc>,
        updated_at: DateTime<Utc>,
        reference: String,
        doc: Option<String>,
    }

    /// Whether `link` passes the filter's text, state and dates (not the completed toggle).
    fn passes(link: &Link, filter: &ActivityFilter, text: &[String]) -> bool {
        if !filter.state.is_empty() && link.state != filter.state {
            return false;
        }
        if filter.from.is_some_and(|d| link.created_at < day_start(d)) {
            return false;
        }
        if filter.to.is_some_and(|d| link.created_at >= day_after(d)) {
            return false;
        }
        let reference = link.reference.to_lowercase();
        let doc = link.doc.as_deref().unwrap_or("");
        text.iter().all(|w| {
            reference.starts_with(w.as_str())
                || doc.split(' ').any(|d| d.starts_with(w.as_str()))
        })
    }

    pub async fn contact_work_items(
        pool: &Pool<Db>,
        tenant: TenantId,
        contact: ContactId,
        filter: &ActivityFilter,
        offset: u32,
        limit: u32,
    ) -> StoreResult<ActivityPage> {
        let text: Vec<String> = words(&filter.text).collect();
        // Every item the contact is tagged on, in one pass over its links (a contact with
        // thousands of items reads a few hundred kilobytes); the title's words only when the
        // filter has text.
        let doc_column = if text.is_empty() { "NULL" } else { "w.search_doc" };
        let sql = format!(
            "SELECT w.id, w.state, w.due_at, w.created_at, w.updated_at, w.reference, {doc_column} AS doc \
             FROM work_item_contacts t JOIN work_items w ON w.tenant_id = t.tenant_id AND w.id = t.work_item_id \
             WHERE t.tenant_id = $1 AND t.contact_id = $2"
        );
        let rows = sqlx::query(&sql).bind(tenant.0).bind(contact.0).fetch_all(pool).await.map_err(backend)?;
        let links = rows
            .iter()
            .map(|r| {
                Ok(Link {
                    id: r.try_get("id")?,
                    state: r.try_get("state")?,
                    due_at: r.try_get("due_at")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                    reference: r.try_get("reference")?,
                    doc: r.try_get("doc")?,
                })
            })
            .collect::<Result<Vec<Link>, sqlx::Error>>()
            .map_err(backend)?;
        let running = links.iter().filter(|l| is_running(&l.state)).count() as u32;
        let completed = links.len() as u32 - running;
        let show_completed = filter.completed || (!filter.state.is_empty() && !is_running(&filter.state));
        let mut open: Vec<&Link> = Vec::new();
        let mut done: Vec<&Link> = Vec::new();
        for link in links.iter().filter(|l| passes(l, filter, &text)) {
            if is_running(&link.state) {
                open.push(link);
            } else if show_completed {
                done.push(link);
            }
        }
        // Overdue first is ascending due date; no due date last.
        open.sort_by_key(|l| (l.due_at.is_none(), l.due_at, l.id));
        done.sort_by_key(|l| (std::cmp::Reverse(l.updated_at), std::cmp::Reverse(l.id)));
        let ordered: Vec<i64> = open.iter().chain(done.iter()).map(|l| l.id).collect();
        let matching = ordered.len() as u32;
        let start = (offset as usize).min(ordered.len());
        let end = (start + limit as usize).min(ordered.len());
        let items = cards(pool, tenant, contact, &ordered[start..end]).await?;
        Ok(ActivityPage { items, running, completed, matching, has_more: end < ordered.len() })
    }

    /// The cards of `ids`, in that order.
    async fn cards(pool: &Pool<Db>, tenant: TenantId, contact: ContactId, ids: &[i64]) -> StoreResult<Vec<WorkItemCard>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "SELECT w.id, w.reference, w.title, w.state, w.due_at, w.created_at, w.updated_at, ty.name AS type_name, \
             ty.kind, q.name AS queue, u.name AS assignee, t.tags \
             FROM work_items w \
             JOIN work_item_types ty ON ty.tenant_id = w.tenant_id AND ty.id = w.type_id \
             JOIN queues q ON q.tenant_id = w.tenant_id AND q.id = w.queue_id \
             LEFT JOIN users u ON u.tenant_id = w.tenant_id AND u.id = w.assignee_id \
             JOIN work_item_contacts t ON t.tenant_id = w.tenant_id AND t.work_item_id = w.id AND t.contact_id = ",
        );
        qb.push_bind(contact.0).push(" WHERE w.tenant_id = ").push_bind(tenant.0).push(" AND w.id IN");
        push_ids(&mut qb, ids);
        let rows = qb.build().fetch_all(pool).await.map_err(backend)?;
        let mut found = rows
            .iter()
            .map(|r| {
                let tags: String = r.try_get("tags")?;
                Ok(WorkItemCard {
                    id: r.try_get("id")?,
                    reference: r.try_get("reference")?,
                    title: r.try_get("title")?,
                    type_name: r.try_get("type_name")?,
                    kind: r.try_get("kind")?,
                    state: r.try_get("state")?,
                    due_at: r.try_get("due_at")?,
                    assignee: r.try_get("assignee")?,
                    queue: r.try_get("queue")?,
                    tags: tag_list(&tags),
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect::<Result<Vec<WorkItemCard>, sqlx::Error>>()
            .map_err(backend)?;
        found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
        Ok(found)
    }

    // ---------------------------------------------------------------- Communications

    pub async fn contact_communications(
        pool: &Pool<Db>,
        tenant: TenantId,
        contact: ContactId,
        filter: &CommFilter,
        query: Option<&Query>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<CommunicationView>, bool)> {
        let Some(query) = query else {
            let ids = comm_ids(pool, tenant, contact, filter, None, offset, limit).await?;
            return finish(pool, tenant, Some(contact), ids, limit, None).await;
        };
        // Whole words; when that finds nothing at all, words by prefix; then one typo per
        // word. Newest first within the first level that finds anything (on a later page, the
        // level is chosen the same way, by whether it has a first hit).
        let levels = contact_levels(query);
        for (i, conds) in levels.iter().enumerate() {
            let last = i + 1 == levels.len();
            if offset > 0 && !last && comm_ids(pool, tenant, contact, filter, Some(conds), 0, 0).await?.is_empty() {
                continue;
            }
            let ids = comm_ids(pool, tenant, contact, filter, Some(conds), offset, limit).await?;
            if !ids.is_empty() || offset > 0 || last {
                return finish(pool, tenant, Some(contact), ids, limit, Some(query)).await;
            }
        }
        Ok((Vec::new(), false))
    }

    pub async fn contact_notes(
        pool: &Pool<Db>,
        tenant: TenantId,
        contact: ContactId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<(Vec<CommunicationView>, bool)> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM communications WHERE tenant_id = $1 AND contact_id = $2 AND kind = 'note' \
             AND work_item_id IS NULL ORDER BY occurred_at DESC, id DESC LIMIT $3 OFFSET $4",
        )
        .bind(tenant.0)
        .bind(contact.0)
        .bind(i64::from(limit) + 1)
        .bind(i64::from(offset))
        .fetch_all(pool)
        .await
        .map_err(backend)?;
        finish(pool, tenant, Some(contact), ids, limit, None).await
    }

    /// Up to `limit + 1` ids of the contact's communications passing `filter` (and `conds`,
    /// answered by the engine's full-text index), newest first.
    #[allow(clippy::too_many_arguments)]
    async fn comm_ids(
        pool: &Pool<Db>,
        tenant: TenantId,
        contact: ContactId,
        filter: &CommFilter,
        conds: Option<&[crate::store::search::Cond]>,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<i64>> {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new("SELECT m.communication_id FROM ");
        match conds {
            Some(conds) => {
                if !super::search_engine::contact_match(&mut qb, tenant, contact, conds) {
                    return Ok(Vec::new());
                }
            }
            None => {
                qb.push("communication_contacts m WHERE m.tenant_id = ").push_bind(tenant.0);
                qb.push(" AND m.contact_id = ").push_bind(contact.0);
            }
        }
        if !filter.kind.is_empty() {
            qb.push(
                " AND (SELECT k.kind FROM communications k WHERE k.tenant_id = m.tenant_id AND k.id = m.communication_id) = ",
            )
            .push_bind(filter.kind.clone());
        }
        if let Some(from) = filter.from {
            qb.push(" AND m.occurred_at >= ").push_bind(day_start(from));
        }
        if let Some(to) = filter.to {
            qb.push(" AND m.occurred_at < ").push_bind(day_after(to));
        }
        qb.push(" ORDER BY m.occurred_at DESC, m.communication_id DESC LIMIT ")
            .push_bind(i64::from(limit) + 1)
            .push(" OFFSET ")
            .push_bind(i64::from(offset));
        qb.build_query_scalar().fetch_all(pool).await.map_err(backend)
    }

    /// Loads `ids` (one more than `limit` means more follow) as views, in order.
    async fn finish(
        pool: &Pool<Db>,
        tenant: TenantId,
        contact: Option<ContactId>,
        mut ids: Vec<i64>,
        limit: u32,
        query: Option<&Query>,
    ) -> StoreResult<(Vec<CommunicationView>, bool)> {
        let more = split_more(&mut ids, limit);
        let mut views = views(pool, tenant, contact, &ids).await?;
        if let Some(query) = query {
            for v in &mut views {
                v.snippet = Some(snippet(&v.body_text, query, SNIPPET_CHARS));
            }
        }
        Ok((views, more))
    }

    /// The communications `ids` as views, in that order. `on_contact` is "written on
    /// `contact`" (on any contact when `None`).
    pub async fn views(
        pool: &Pool<Db>,
        tenant: TenantId,
        contact: Option<ContactId>,
        ids: &[i64],
    ) -> StoreResult<Vec<CommunicationView>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(
            "SELECT c.id, c.kind, c.direction, c.subject, c.body_text, c.body_html, c.from_address, c.to_address, \
             c.author_id, u.name AS author_name, c.occurred_at, c.edited_at, c.contact_id, c.version, \
             w.reference AS work_item_reference, c.cc_address, c.auto_reply, c.attachments, c.send_status, c.send_error, \
             c.send_attempts \
             FROM communications c \
             LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.author_id \
             LEFT JOIN work_items w ON w.tenant_id = c.tenant_id AND w.id = c.work_item_id \
             WHERE c.tenant_id = ",
        );
        qb.push_bind(tenant.0).push(" AND c.id IN");
        push_ids(&mut qb, ids);
        let rows = qb.build().fetch_all(pool).await.map_err(backend)?;
        let mut found = rows
            .iter()
            .map(|r| {
                let direction: String = r.try_get("direction")?;
                let party: Option<String> = match direction.as_str() {
                    "incoming" => r.try_get("from_address")?,
                    "outgoing" => r.try_get("to_address")?,
                    _ => None,
                };
                let author_id: Option<i64> = r.try_get("author_id")?;
                let author_name: Option<String> = r.try_get("author_name")?;
                let owner: Option<i64> = r.try_get("contact_id")?;
                Ok(CommunicationView {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    direction,
                    party,
                    subject: r.try_get("subject")?,
                    body_text: r.try_get("body_text")?,
                    body_html: r.try_get("body_html")?,
                    snippet: None,
                    work_item_reference: r.try_get("work_item_reference")?,
                    author: author_id.zip(author_name).map(|(id, name)| UserRef { id: UserId(id), name }),
                    occurred_at: r.try_get("occurred_at")?,
                    edited_at: r.try_get("edited_at")?,
                    on_contact: match contact {
                        Some(c) => owner == Some(c.0),
                        None => owner.is_some(),
                    },
                    version: r.try_get("version")?,
                    can_edit: false,
                    details: details_from_row(r)?,
                })
            })
            .collect::<Result<Vec<CommunicationView>, sqlx::Error>>()
            .map_err(backend)?;
        found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
        Ok(found)
    }

    /// Cc, auto-reply, attachments and send status of a `views` row.
    fn details_from_row(r: &<Db as sqlx::Database>::Row) -> Result<MessageDetails, sqlx::Error> {
        let attachments: Option<String> = r.try_get("attachments")?;
        Ok(MessageDetails {
            cc: r.try_get("cc_address")?,
            auto_reply: r.try_get("auto_reply")?,
            // Written by this store from the same type; unreadable JSON shows no attachments
            // rather than hiding the message.
            attachments: attachments.and_then(|a| serde_json::from_str(&a).ok()).unwrap_or_default(),
            send_status: r.try_get("send_status")?,
            send_error: r.try_get("send_error")?,
            send_attempts: r.try_get::<i32, _>("send_attempts")?.into(),
        })
    }

    pub async fn communication(pool: &Pool<Db>, tenant: TenantId, id: i64) -> StoreResult<Option<CommunicationView>> {
        Ok(views(pool, tenant, None, &[id]).await?.pop())
    }

    /// Rewrites the search documents of communications `ids` and which contacts they belong
    /// to: their own contact and every contact tagged on their work item.
    pub async fn reindex_communications(conn: &mut Conn, tenant: TenantId, ids: &[i64]) -> StoreResult<()> {
        for &id in ids {
            let Some(row) = sqlx::query(
                "SELECT subject, body_text, from_address, to_address, contact_id, work_item_id, occurred_at \
                 FROM communications WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant.0)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?
            else {
                continue;
            };
            let get = |c: &str| row.try_get::<Option<String>, _>(c).map_err(backend);
            let owner: Option<i64> = row.try_get("contact_id").map_err(backend)?;
            let work_item: Option<i64> = row.try_get("work_item_id").map_err(backend)?;
            let occurred_at: DateTime<Utc> = row.try_get("occurred_at").map_err(backend)?;
            let body: String = row.try_get("body_text").map_err(backend)?;
            let mut members: Vec<i64> = owner.into_iter().collect();
            if let Some(w) = work_item {
                let tagged: Vec<i64> = sqlx::query_scalar(
                    "SELECT contact_id FROM work_item_contacts WHERE tenant_id = $1 AND work_item_id = $2",
                )
                .bind(tenant.0)
                .bind(w)
                .fetch_all(&mut *conn)
                .await
                .map_err(backend)?;
                members.extend(tagged);
            }
            members.sort_unstable();
            members.dedup();
            let (doc, head) =
                communication_documents(get("subject")?.as_deref(), &body, [get("from_address")?.as_deref(), get("to_address")?.as_deref()], &members);
            sqlx::query("UPDATE communications SET search_doc = $3, search_head = $4 WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id)
                .bind(doc)
                .bind(head)
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
            sqlx::query("DELETE FROM communication_contacts WHERE tenant_id = $1 AND communication_id = $2")
                .bind(tenant.0)
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
            for member in members {
                sqlx::query(
                    "INSERT INTO communication_contacts (tenant_id, contact_id, occurred_at, communication_id) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(tenant.0)
                .bind(member)
                .bind(occurred_at)
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
            }
        }
        Ok(())
    }

    /// One audit entry: `change` is (field, old value, new value).
    pub async fn audit(
        conn: &mut Conn,
        tenant: TenantId,
        actor: Option<UserId>,
        entity: (&str, i64),
        change: (&str, Option<&str>, Option<&str>),
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (field, old, new) = change;
        let id = dialect::next_ids(conn, "audit_log", 1).await?[0];
        sqlx::query(
            "INSERT INTO audit_log (tenant_id, id, at, user_id, entity, entity_id, field, old_value, new_value) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(now)
        .bind(actor.map(|a| a.0))
        .bind(entity.0)
        .bind(entity.1)
        .bind(field)
        .bind(old)
        .bind(new)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
        Ok(())
    }

    const KINDS: [&str; 5] = ["note", "email", "sms", "chat", "call"];
    const DIRECTIONS: [&str; 3] = ["incoming", "outgoing", "internal"];

    pub async fn add_communication(
        pool: &Pool<Db>,
        tenant: TenantId,
        actor: Option<UserId>,
        new: &NewCommunication,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut tx = dialect::begin(pool).await?;
        let id = insert_communication(&mut tx, tenant, actor, new, now).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    /// Writes a communication (HTML sanitised) inside the caller's transaction, indexes it
    /// and audits a note on a contact.
    pub async fn insert_communication(
        tx: &mut Conn,
        tenant: TenantId,
        actor: Option<UserId>,
        new: &NewCommunication,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let invalid = |field: &str, message: String| StoreError::Invalid { field: field.into(), message };
        if !KINDS.contains(&new.kind.as_str()) {
            return Err(invalid("kind", format!("Unknown kind “{}”.", new.kind)));
        }
        if !DIRECTIONS.contains(&new.direction.as_str()) {
            return Err(invalid("direction", format!("Unknown direction “{}”.", new.direction)));
        }
        if new.contact_id.is_none() && new.work_item_id.is_none() && !new.auto_reply {
            return Err(invalid("contact", "A communication belongs to a contact or a work item.".into()));
        }
        let now = millis(now);
        let occurred_at = millis(new.occurred_at.unwrap_or(now));
        let html = new.body_html.as_deref().map(app::sanitize::email_html);
        if let Some(c) = new.contact_id {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(c.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
            found.ok_or(StoreError::NotFound)?;
        }
        if let Some(w) = new.work_item_id {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM work_items WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(w)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
            found.ok_or(StoreError::NotFound)?;
        }
        let attachments = if new.attachments.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&new.attachments).map_err(|e| StoreError::Backend(e.to_string()))?)
        };
        let id = dialect::next_ids(&mut *tx, "communications", 1).await?[0];
        sqlx::query(
            "INSERT INTO communications (tenant_id, id, kind, direction, subject, body_text, body_html, from_address, \
             to_address, author_id, work_item_id, contact_id, message_id, occurred_at, created_at, cc_address, external_id, \
             auto_reply, in_reply_to, attachments, send_status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(&new.kind)
        .bind(&new.direction)
        .bind(&new.subject)
        .bind(&new.body_text)
        .bind(html)
        .bind(&new.from_address)
        .bind(&new.to_address)
        .bind(actor.map(|a| a.0))
        .bind(new.work_item_id)
        .bind(new.contact_id.map(|c| c.0))
        .bind(&new.message_id)
        .bind(occurred_at)
        .bind(now)
        .bind(&new.cc_address)
        .bind(&new.external_id)
        .bind(new.auto_reply)
        .bind(&new.in_reply_to)
        .bind(attachments)
        .bind(&new.send_status)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Duplicate { field: "message_id".into(), message: "This message was already recorded.".into() }
            } else {
                backend(e)
            }
        })?;
        reindex_communications(&mut *tx, tenant, &[id]).await?;
        if new.kind == "note"
            && let (Some(c), None) = (new.contact_id, new.work_item_id)
        {
            audit(&mut *tx, tenant, actor, ("contact", c.0), ("Note added", None, Some(&new.body_text)), now).await?;
        }
        Ok(id)
    }

    /// The note `id` on a contact: (contact, text, version, last editor or author, edited or
    /// written at) — when `actor` (user, is admin) wrote it or is an admin.
    async fn note_for_update(
        conn: &mut Conn,
        tenant: TenantId,
        id: i64,
        actor: (UserId, bool),
    ) -> StoreResult<((&'static str, i64), String, i64, Option<String>, DateTime<Utc>)> {
        let row = sqlx::query(
            "SELECT c.contact_id, c.work_item_id, c.body_text, c.version, c.author_id, coalesce(e.name, a.name) AS by_name, \
             coalesce(c.edited_at, c.created_at) AS at FROM communications c \
             LEFT JOIN users e ON e.tenant_id = c.tenant_id AND e.id = c.edited_by \
             LEFT JOIN users a ON a.tenant_id = c.tenant_id AND a.id = c.author_id \
             WHERE c.tenant_id = $1 AND c.id = $2 AND c.kind = 'note'",
        )
        .bind(tenant.0)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?
        .ok_or(StoreError::NotFound)?;
        let author: Option<i64> = row.try_get("author_id").map_err(backend)?;
        if !(actor.1 || author == Some(actor.0.0)) {
            return Err(StoreError::Forbidden);
        }
        // A note belongs to its work item when it has one, else to its contact: that is
        // whose history records the change.
        let work_item: Option<i64> = row.try_get("work_item_id").map_err(backend)?;
        let contact: Option<i64> = row.try_get("contact_id").map_err(backend)?;
        let owner = match (work_item, contact) {
            (Some(w), _) => ("work_item", w),
            (None, Some(c)) => ("contact", c),
            (None, None) => return Err(StoreError::NotFound),
        };
        (|| {
            Ok::<_, sqlx::Error>((
                owner,
                row.try_get("body_text")?,
                row.try_get("version")?,
                row.try_get("by_name")?,
                row.try_get("at")?,
            ))
        })()
        .map_err(backend)
    }

    pub async fn edit_note(
        pool: &Pool<Db>,
        tenant: TenantId,
        actor: (UserId, bool),
        note: i64,
        expected_version: i64,
        text: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let now = millis(now);
        let mut tx = dialect::begin(pool).await?;
        let (contact, old, version, by, at) = note_for_update(&mut tx, tenant, note, actor).await?;
        if version != expected_version {
            return Err(StoreError::Invalid {
                field: "note".into(),
                message: format!(
                    "Changed by {} at {} — review and save again.",
                    by.unwrap_or_else(|| "someone".into()),
                    app::format::date_time_seconds(at)
                ),
            });
        }
        if old == text {
            return Ok(());
        }
        sqlx::query(
            "UPDATE communications SET body_text = $3, edited_at = $4, edited_by = $5, version = version + 1 \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.0)
        .bind(note)
        .bind(text)
        .bind(now)
        .bind(actor.0.0)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        reindex_communications(&mut tx, tenant, &[note]).await?;
        audit(&mut tx, tenant, Some(actor.0), contact, ("Note edited", Some(&old), Some(text)), now).await?;
        tx.commit().await.map_err(backend)
    }

    pub async fn delete_note(
        pool: &Pool<Db>,
        tenant: TenantId,
        actor: (UserId, bool),
        note: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let now = millis(now);
        let mut tx = dialect::begin(pool).await?;
        let (contact, old, ..) = note_for_update(&mut tx, tenant, note, actor).await?;
        for sql in [
            "DELETE FROM communication_contacts WHERE tenant_id = $1 AND communication_id = $2",
            "DELETE FROM communications WHERE tenant_id = $1 AND id = $2",
        ] {
            sqlx::query(sql).bind(tenant.0).bind(note).execute(&mut *tx).await.map_err(backend)?;
        }
        audit(&mut tx, tenant, Some(actor.0), contact, ("Note deleted", Some(&old), None), now).await?;
        tx.commit().await.map_err(backend)
    }

    // Start New Work Item, types and queues, and the start-up backfill.
    include!("activity_work.rs");
}
