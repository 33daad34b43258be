// Part of `store::<engine>::activity` (included from activity.rs): Start New Work Item, work
// item types and queues, tagged contacts, and the communications backfill.

// ---------------------------------------------------------------- Start New Work Item

pub async fn work_item_types(pool: &Pool<Db>, tenant: TenantId) -> StoreResult<Vec<WorkItemType>> {
    let rows = sqlx::query(
        "SELECT ty.id, ty.name, ty.kind, ty.live, ty.show_in_contacts, q.name AS queue FROM work_item_types ty \
         LEFT JOIN queues q ON q.tenant_id = ty.tenant_id AND q.id = ty.default_queue_id \
         WHERE ty.tenant_id = $1 ORDER BY ty.name, ty.id",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.iter()
        .map(|r| {
            Ok(WorkItemType {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
                live: r.try_get("live")?,
                show_in_contacts: r.try_get("show_in_contacts")?,
                default_queue: r.try_get("queue")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(backend)
}

/// Creates a queue (the tenant's default when `is_default`; there is one default).
pub async fn create_queue(pool: &Pool<Db>, tenant: TenantId, name: &str, is_default: bool, now: DateTime<Utc>) -> StoreResult<i64> {
    let mut tx = dialect::begin(pool).await?;
    if is_default {
        sqlx::query("UPDATE queues SET is_default = $2 WHERE tenant_id = $1")
            .bind(tenant.0)
            .bind(false)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
    }
    let id = dialect::next_ids(&mut tx, "queues", 1).await?[0];
    sqlx::query("INSERT INTO queues (tenant_id, id, name, is_default, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(tenant.0)
        .bind(id)
        .bind(name)
        .bind(is_default)
        .bind(millis(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Duplicate { field: "name".into(), message: format!("A queue named “{name}” exists.") }
            } else {
                backend(e)
            }
        })?;
    tx.commit().await.map_err(backend)?;
    Ok(id)
}

pub async fn create_work_item_type(
    pool: &Pool<Db>,
    tenant: TenantId,
    new: &WorkItemType,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    if !matches!(new.kind.as_str(), "ticket" | "case") {
        return Err(StoreError::Invalid { field: "kind".into(), message: "A type is a ticket or a case.".into() });
    }
    let mut tx = dialect::begin(pool).await?;
    let queue: Option<i64> = match &new.default_queue {
        None => None,
        Some(name) => Some(
            sqlx::query_scalar("SELECT id FROM queues WHERE tenant_id = $1 AND name = $2")
                .bind(tenant.0)
                .bind(name)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?
                .ok_or_else(|| StoreError::Invalid { field: "default_queue".into(), message: format!("No queue named “{name}”.") })?,
        ),
    };
    let id = dialect::next_ids(&mut tx, "work_item_types", 1).await?[0];
    sqlx::query(
        "INSERT INTO work_item_types (tenant_id, id, name, kind, live, show_in_contacts, default_queue_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(&new.name)
    .bind(&new.kind)
    .bind(new.live)
    .bind(new.show_in_contacts)
    .bind(queue)
    .bind(millis(now))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Duplicate { field: "name".into(), message: format!("A type named “{}” exists.", new.name) }
        } else {
            backend(e)
        }
    })?;
    tx.commit().await.map_err(backend)?;
    Ok(id)
}

/// The tenant's next work item number (per-tenant counter; continues after the highest
/// number in use when the counter has never been set).
async fn next_number(conn: &mut Conn, tenant: TenantId) -> StoreResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO tenant_counters (tenant_id, name, value) \
         SELECT $1, 'work_item_number', coalesce(max(number), 0) + 1 FROM work_items WHERE tenant_id = $1 \
         ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1 RETURNING value",
    )
    .bind(tenant.0)
    .fetch_one(&mut *conn)
    .await
    .map_err(backend)
}

/// Creates a Draft item of `type_id`, with `contact` (if any) tagged as the first contact and
/// titled `title` (else the type's name); returns its reference.
pub async fn start_work_item(
    pool: &Pool<Db>,
    tenant: TenantId,
    actor: Option<UserId>,
    type_id: i64,
    (contact, title): (Option<ContactId>, Option<&str>),
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let mut tx = dialect::begin(pool).await?;
    let tags = contact.map(|c| (c, STARTER_TAGS));
    let (_, reference) = insert_work_item(&mut tx, tenant, actor, type_id, (tags, title), (None, "draft"), now).await?;
    tx.commit().await.map_err(backend)?;
    Ok(reference)
}

/// Inserts a work item of `type_id` inside the caller's transaction: titled `title` (else the
/// type's name), in `queue` (else the type's default queue, else the tenant's default), in
/// `state`, with `first` (a contact and its tags) tagged; audited. Returns (id, reference).
pub async fn insert_work_item(
    tx: &mut Conn,
    tenant: TenantId,
    actor: Option<UserId>,
    type_id: i64,
    (first, title): (Option<(ContactId, &str)>, Option<&str>),
    (queue, state): (Option<i64>, &str),
    now: DateTime<Utc>,
) -> StoreResult<(i64, String)> {
    let now = millis(now);
    let contact = first.map(|(c, _)| c);
    if let Some(contact) = contact {
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(contact.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        known.ok_or(StoreError::NotFound)?;
    }
    let row = sqlx::query(
        "SELECT ty.name, ty.kind, coalesce(ty.default_queue_id, \
         (SELECT q.id FROM queues q WHERE q.tenant_id = ty.tenant_id ORDER BY q.is_default DESC, q.id LIMIT 1)) AS queue_id \
         FROM work_item_types ty WHERE ty.tenant_id = $1 AND ty.id = $2",
    )
    .bind(tenant.0)
    .bind(type_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?
    .ok_or(StoreError::NotFound)?;
    let name: String = match title {
        Some(title) => title.to_string(),
        None => row.try_get("name").map_err(backend)?,
    };
    let kind: String = row.try_get("kind").map_err(backend)?;
    let type_queue: Option<i64> = row.try_get("queue_id").map_err(backend)?;
    let queue = queue.or(type_queue).ok_or_else(|| StoreError::Invalid {
        field: "queue".into(),
        message: "This tenant has no queue to put the work item in.".into(),
    })?;
    let number = next_number(&mut *tx, tenant).await?;
    let reference = format!("{number}-{}", if kind == "case" { "C" } else { "T" });
    let id = dialect::next_ids(&mut *tx, "work_items", 1).await?[0];
    sqlx::query(
        "INSERT INTO work_items (tenant_id, id, number, reference, type_id, title, state, queue_id, created_at, \
         created_by, updated_at, search_doc, primary_priority) VALUES ($1, $2, $3, $4, $5, $6, $12, $7, $8, $9, $8, $10, \
         coalesce((SELECT priority FROM contacts WHERE tenant_id = $1 AND id = $11), 1))",
    )
    .bind(tenant.0)
    .bind(id)
    .bind(number)
    .bind(&reference)
    .bind(type_id)
    .bind(&name)
    .bind(queue)
    .bind(now)
    .bind(actor.map(|a| a.0))
    .bind(work_item_document(&name))
    .bind(contact.map(|c| c.0))
    .bind(state)
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    audit(&mut *tx, tenant, actor, ("work_item", id), ("State", None, Some(state)), now).await?;
    if let Some((contact, tags)) = first {
        sqlx::query("INSERT INTO work_item_contacts (tenant_id, work_item_id, contact_id, tags, added_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(tenant.0)
            .bind(id)
            .bind(contact.0)
            .bind(tags)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let tags = tag_list(tags).join(", ");
        audit(&mut *tx, tenant, actor, ("contact", contact.0), (&format!("Tags on {reference}"), None, Some(&tags)), now).await?;
    }
    Ok((id, reference))
}

pub async fn tagged_contacts(pool: &Pool<Db>, tenant: TenantId, work_item: i64) -> StoreResult<Vec<TaggedContact>> {
    let rows = sqlx::query(
        "SELECT t.contact_id, t.tags, c.first_name, c.last_name, c.email, c.phone FROM work_item_contacts t \
         JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = t.contact_id \
         WHERE t.tenant_id = $1 AND t.work_item_id = $2 ORDER BY t.added_at, t.contact_id",
    )
    .bind(tenant.0)
    .bind(work_item)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.iter()
        .map(|r| {
            let get = |c: &str| r.try_get::<Option<String>, _>(c);
            let tags: String = r.try_get("tags")?;
            let email = get("email")?;
            Ok(TaggedContact {
                contact_id: ContactId(r.try_get("contact_id")?),
                name: app::model::display_name(
                    get("first_name")?.as_deref(),
                    get("last_name")?.as_deref(),
                    email.as_deref(),
                    get("phone")?.as_deref(),
                ),
                email,
                tags: tag_list(&tags),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(backend)
}

/// Indexes communications written before their search documents existed (start-up).
pub async fn backfill_communications(pool: &Pool<Db>) -> StoreResult<u64> {
    let mut total = 0u64;
    loop {
        let rows = sqlx::query("SELECT tenant_id, id FROM communications WHERE search_doc IS NULL LIMIT 1000")
            .fetch_all(pool)
            .await
            .map_err(backend)?;
        if rows.is_empty() {
            return Ok(total);
        }
        let mut tx = dialect::begin(pool).await?;
        for r in &rows {
            let tenant = TenantId(r.try_get("tenant_id").map_err(backend)?);
            let id: i64 = r.try_get("id").map_err(backend)?;
            reindex_communications(&mut tx, tenant, &[id]).await?;
        }
        tx.commit().await.map_err(backend)?;
        total += rows.len() as u64;
    }
}
