// Part of `store::<engine>::insights` (included from insights.rs): the rules that keep a
// contact's totals.
//
// Each text keeps its word tally; a contact's totals are the sum of its counted tallies,
// changed by one text's tally at a time, so no write ever rereads a contact's history. The
// counted texts are always the contact's newest (ordered by occurred_at, then source id and
// kind): every `trimmed` text is older than every `counted` one. Trimming takes the oldest
// counted texts out until the totals fit `insights::MAX_BYTES`, but never the newest, so a
// contact with text always has a profile. A `duplicate` repeats a counted text (same hash)
// and takes its place when that one is removed or trimmed.
//
// On PostgreSQL every change to a contact's texts first takes the row lock of its totals
// (`Texts::lock_totals`), so concurrent writers for one contact queue instead of losing an
// update; SQLite's write transaction serialises them already.

/// Where a text stands in the order texts are counted and trimmed in.
type Key<'a> = (DateTime<Utc>, i64, &'a str);

/// One stored text, without its status.
#[derive(sqlx::FromRow)]
struct Source {
    kind: String,
    source_id: i64,
    occurred_at: DateTime<Utc>,
    text_hash: String,
    tally: String,
}

impl Source {
    /// The order texts are counted and trimmed in (the same as the SQL `ORDER BY`).
    fn key(&self) -> Key<'_> {
        (self.occurred_at, self.source_id, &self.kind)
    }

    fn tally(&self) -> StoreResult<Tally> {
        from_json(&self.tally)
    }
}

const SOURCE_COLUMNS: &str = "kind, source_id, occurred_at, text_hash, tally";

/// The stored text's status, if it is stored.
async fn stored_status(
    conn: &mut Conn,
    tenant: TenantId,
    (kind, source_id): (&str, i64),
) -> StoreResult<Option<SourceStatus>> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM insight_sources WHERE tenant_id = $1 AND kind = $2 AND source_id = $3",
    )
    .bind(tenant.0)
    .bind(kind)
    .bind(source_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?;
    status.as_deref().map(status_parse).transpose()
}

async fn ensure_contact(conn: &mut Conn, tenant: TenantId, contact: ContactId) -> StoreResult<()> {
    let sql = "SELECT id FROM contacts WHERE tenant_id = $1 AND id = $2";
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(tenant.0)
        .bind(contact.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Texts of one status, of one text (hash) or all.
type Which<'a> = (&'a str, Option<&'a str>);

/// One contact's texts, inside a write transaction.
struct Texts<'c> {
    conn: &'c mut Conn,
    tenant: TenantId,
    contact: i64,
}

impl<'c> Texts<'c> {
    fn of(conn: &'c mut Conn, tenant: TenantId, contact: i64) -> Texts<'c> {
        Texts {
            conn,
            tenant,
            contact,
        }
    }

    /// The contact's texts of `status` (only those of one text when `hash` is given),
    /// oldest or newest first.
    async fn sources(
        &mut self,
        (status, hash): Which<'_>,
        newest_first: bool,
        limit: i64,
    ) -> StoreResult<Vec<Source>> {
        let dir = if newest_first { "DESC" } else { "ASC" };
        let by_hash = hash.map_or("", |_| " AND text_hash = $4");
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM insight_sources \
             WHERE tenant_id = $1 AND contact_id = $2 AND status = $3{by_hash} \
             ORDER BY occurred_at {dir}, source_id {dir}, kind {dir} LIMIT {limit}"
        );
        let mut q = sqlx::query_as::<_, Source>(&sql)
            .bind(self.tenant.0)
            .bind(self.contact)
            .bind(status);
        if let Some(hash) = hash {
            q = q.bind(hash);
        }
        q.fetch_all(&mut *self.conn).await.map_err(backend)
    }

    async fn first(&mut self, which: Which<'_>, newest: bool) -> StoreResult<Option<Source>> {
        Ok(self.sources(which, newest, 1).await?.into_iter().next())
    }

    async fn set_status(&mut self, source: &Source, status: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE insight_sources SET status = $4 WHERE tenant_id = $1 AND kind = $2 AND source_id = $3",
        )
        .bind(self.tenant.0)
        .bind(&source.kind)
        .bind(source.source_id)
        .bind(status)
        .execute(&mut *self.conn)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn hash_counted(&mut self, hash: &str) -> StoreResult<bool> {
        Ok(self.first((COUNTED, Some(hash)), true).await?.is_some())
    }

    /// Whether a text with this key falls before the counted window: a trimmed text is
    /// newer (the counted texts are always the newest).
    async fn behind_trimmed(&mut self, key: Key<'_>) -> StoreResult<bool> {
        let newest = self.first((TRIMMED, None), true).await?;
        Ok(newest.is_some_and(|t| t.key() > key))
    }

    /// The contact's totals, their row locked (created empty when missing) until the
    /// transaction ends.
    async fn lock_totals(&mut self, now: DateTime<Utc>) -> StoreResult<Tally> {
        let tally: String = sqlx::query_scalar(
            "INSERT INTO contact_insights (tenant_id, contact_id, words, bytes, tally, updated_at) \
             VALUES ($1, $2, 0, 0, $3, $4) ON CONFLICT (tenant_id, contact_id) \
             DO UPDATE SET words = contact_insights.words RETURNING tally",
        )
        .bind(self.tenant.0)
        .bind(self.contact)
        .bind(to_json(&Tally::default())?)
        .bind(now)
        .fetch_one(&mut *self.conn)
        .await
        .map_err(backend)?;
        from_json(&tally)
    }

    async fn save_totals(&mut self, totals: &Tally, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE contact_insights SET words = $3, bytes = $4, tally = $5, updated_at = $6 \
             WHERE tenant_id = $1 AND contact_id = $2",
        )
        .bind(self.tenant.0)
        .bind(self.contact)
        .bind(i64::from(totals.words))
        .bind(i64::from(totals.bytes))
        .bind(to_json(totals)?)
        .bind(now)
        .execute(&mut *self.conn)
        .await
        .map_err(backend)?;
        Ok(())
    }

    /// Takes the oldest counted texts out of the totals until they fit, never the newest.
    /// A trimmed text's newer duplicate takes its place (and may be trimmed in turn).
    async fn trim(&mut self, totals: &mut Tally) -> StoreResult<()> {
        'refetch: while over_cap(totals) {
            let Some(newest) = self.first((COUNTED, None), true).await? else {
                return Ok(());
            };
            let batch = self.sources((COUNTED, None), false, BATCH).await?;
            for source in &batch {
                if !over_cap(totals) || source.key() == newest.key() {
                    return Ok(());
                }
                totals.subtract(&source.tally()?);
                self.set_status(source, TRIMMED).await?;
                let hash = Some(source.text_hash.as_str());
                if let Some(dup) = self.first((DUPLICATE, hash), true).await?
                    && dup.key() > source.key()
                {
                    // Newer than every trimmed text (this one is now the newest): counted.
                    totals.add(&dup.tally()?);
                    self.set_status(&dup, COUNTED).await?;
                    continue 'refetch;
                }
            }
            if batch.is_empty() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Counts the newest trimmed texts again while they fit (one that repeats a counted
    /// text becomes its duplicate).
    async fn untrim(&mut self, totals: &mut Tally) -> StoreResult<()> {
        loop {
            let batch = self.sources((TRIMMED, None), true, BATCH).await?;
            if batch.is_empty() {
                return Ok(());
            }
            for source in &batch {
                if self.hash_counted(&source.text_hash).await? {
                    self.set_status(source, DUPLICATE).await?;
                    continue;
                }
                let tally = source.tally()?;
                let bytes = u64::from(totals.bytes) + u64::from(tally.bytes);
                // With nothing counted, the newest text counts whatever its size.
                if totals.bytes > 0 && bytes > MAX_BYTES {
                    return Ok(());
                }
                totals.add(&tally);
                self.set_status(source, COUNTED).await?;
            }
        }
    }
}

/// Adds a text inside the caller's transaction (see `InsightStore::add_insight_text`).
pub async fn add_text(
    conn: &mut Conn,
    tenant: TenantId,
    text: &NewInsightText<'_>,
    now: DateTime<Utc>,
) -> StoreResult<SourceStatus> {
    let id = (text.kind.as_str(), text.source_id);
    ensure_contact(conn, tenant, text.contact_id).await?;
    let contact = text.contact_id.0;
    let mut texts = Texts::of(conn, tenant, contact);
    let mut totals = texts.lock_totals(now).await?;
    // A repeat changes nothing (a concurrent writer's, too: it held the lock first).
    if let Some(status) = stored_status(texts.conn, tenant, id).await? {
        return Ok(status);
    }
    let occurred_at = millis(text.occurred_at);
    let status = if texts.hash_counted(text.text_hash).await? {
        SourceStatus::Duplicate
    } else if texts.behind_trimmed((occurred_at, id.1, id.0)).await? {
        SourceStatus::Trimmed
    } else {
        SourceStatus::Counted
    };
    sqlx::query(
        "INSERT INTO insight_sources (tenant_id, kind, source_id, contact_id, occurred_at, text_hash, \
         bytes, words, tally, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(id.1)
    .bind(contact)
    .bind(occurred_at)
    .bind(text.text_hash)
    .bind(i64::from(text.tally.bytes))
    .bind(i64::from(text.tally.words))
    .bind(to_json(text.tally)?)
    .bind(status_str(status))
    .execute(&mut *texts.conn)
    .await
    .map_err(backend)?;
    if status != SourceStatus::Counted {
        return Ok(status);
    }
    totals.add(text.tally);
    texts.trim(&mut totals).await?;
    texts.save_totals(&totals, now).await?;
    // Trimming may have taken this very text (older than the window).
    let status = stored_status(texts.conn, tenant, id).await?;
    status.ok_or(StoreError::NotFound)
}

/// Removes a text inside the caller's transaction (see
/// `InsightStore::remove_insight_text`).
pub async fn remove_text(
    conn: &mut Conn,
    tenant: TenantId,
    (kind, source_id): (SourceKind, i64),
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let where_ = "WHERE tenant_id = $1 AND kind = $2 AND source_id = $3";
    let contact: Option<i64> =
        sqlx::query_scalar(&format!("SELECT contact_id FROM insight_sources {where_}"))
            .bind(tenant.0)
            .bind(kind.as_str())
            .bind(source_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
    let Some(contact) = contact else {
        return Ok(());
    };
    let mut texts = Texts::of(conn, tenant, contact);
    let mut totals = texts.lock_totals(now).await?;
    let sql = format!("DELETE FROM insight_sources {where_} RETURNING status, text_hash, tally");
    let removed = sqlx::query(&sql)
        .bind(tenant.0)
        .bind(kind.as_str())
        .bind(source_id)
        .fetch_optional(&mut *texts.conn)
        .await
        .map_err(backend)?;
    // Gone already (a concurrent removal), or not in the totals: nothing else changes.
    let Some(removed) = removed else {
        return Ok(());
    };
    let get = |column: &str| removed.try_get::<String, _>(column).map_err(backend);
    if get("status")? != COUNTED {
        return Ok(());
    }
    totals.subtract(&from_json(&get("tally")?)?);
    let hash = get("text_hash")?;
    if let Some(dup) = texts.first((DUPLICATE, Some(&hash)), true).await? {
        let counted = !texts.behind_trimmed(dup.key()).await?;
        if counted {
            totals.add(&dup.tally()?);
        }
        let status = if counted { COUNTED } else { TRIMMED };
        texts.set_status(&dup, status).await?;
    }
    texts.untrim(&mut totals).await?;
    texts.trim(&mut totals).await?;
    texts.save_totals(&totals, now).await
}
