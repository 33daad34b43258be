// Personality Insights storage (SPEC §3.6), shared by both engines. Included into
// `store::sqlite` and `store::postgres` (see store/mod.rs) next to `sql.rs`.
//
// The examples agents add, the norms, the backfill's reading, and (insights_texts.rs) the
// texts behind each contact's totals.
//
// The crate `insights` is named `::insights` here: this module has the same name.

pub mod insights {
    use async_trait::async_trait;
    use chrono::{DateTime, Utc};
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use sqlx::Row;

    use ::insights::{MAX_BYTES, Norms, Tally};
    use app::model::{ContactId, TenantId, UserId};
    use app::store::{StoreError, StoreResult};
    use app::store_insights::{
        BackfillText, ContactInsight, InsightExample, InsightSource, InsightStore, NewInsightText,
        SourceKind, SourceStatus,
    };

    use super::activity::audit;
    use super::{Conn, SqlStore, dialect};
    use crate::store::common::{backend, millis};

    const COUNTED: &str = "counted";
    const DUPLICATE: &str = "duplicate";
    const TRIMMED: &str = "trimmed";
    /// Sources read at a time while trimming or un-trimming.
    const BATCH: i64 = 32;

    const STATUSES: [(SourceStatus, &str); 3] = [
        (SourceStatus::Counted, COUNTED),
        (SourceStatus::Duplicate, DUPLICATE),
        (SourceStatus::Trimmed, TRIMMED),
    ];

    fn status_str(status: SourceStatus) -> &'static str {
        STATUSES
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(COUNTED, |(_, text)| text)
    }

    fn status_parse(text: &str) -> StoreResult<SourceStatus> {
        let found = STATUSES.iter().find(|(_, t)| *t == text).map(|(s, _)| *s);
        found.ok_or_else(|| StoreError::Backend(format!("unknown insight source status {text:?}")))
    }

    fn kind_parse(s: &str) -> StoreResult<SourceKind> {
        SourceKind::parse(s)
            .ok_or_else(|| StoreError::Backend(format!("unknown insight source kind {s:?}")))
    }

    fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
        serde_json::to_string(value).map_err(|e| StoreError::Backend(e.to_string()))
    }

    fn from_json<T: DeserializeOwned>(text: &str) -> StoreResult<T> {
        serde_json::from_str(text)
            .map_err(|e| StoreError::Backend(format!("stored insight JSON: {e}")))
    }

    fn over_cap(totals: &Tally) -> bool {
        u64::from(totals.bytes) > MAX_BYTES
    }

    fn count_of(v: i64) -> u32 {
        u32::try_from(v.max(0)).unwrap_or(u32::MAX)
    }

    // Counting, trimming and removing one contact's texts.
    include!("insights_texts.rs");

    fn example_from_row(r: &<super::Db as sqlx::Database>::Row) -> StoreResult<InsightExample> {
        let get = || -> Result<InsightExample, sqlx::Error> {
            Ok(InsightExample {
                id: r.try_get("id")?,
                contact_id: ContactId(r.try_get("contact_id")?),
                text: r.try_get("body")?,
                verbatim: r.try_get("verbatim")?,
                created_by: r.try_get("created_by_name")?,
                created_at: r.try_get("created_at")?,
            })
        };
        get().map_err(backend)
    }

    const EXAMPLE_SELECT: &str = "SELECT e.id, e.contact_id, e.body, e.verbatim, e.created_at, \
        u.name AS created_by_name FROM insight_examples e \
        LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.created_by";

    /// The tenant's examples matching `filter` (SQL after the tenant's condition).
    async fn examples(
        pool: &sqlx::Pool<super::Db>,
        tenant: TenantId,
        filter: &str,
        contact: Option<ContactId>,
    ) -> StoreResult<Vec<InsightExample>> {
        let sql = format!("{EXAMPLE_SELECT} WHERE e.tenant_id = $1 {filter}");
        let mut q = sqlx::query(&sql).bind(tenant.0);
        if let Some(contact) = contact {
            q = q.bind(contact.0);
        }
        let rows = q.fetch_all(pool).await.map_err(backend)?;
        rows.iter().map(example_from_row).collect()
    }

    fn source_from_row(r: &<super::Db as sqlx::Database>::Row) -> StoreResult<InsightSource> {
        let kind: String = r.try_get("kind").map_err(backend)?;
        let status: String = r.try_get("status").map_err(backend)?;
        Ok(InsightSource {
            kind: kind_parse(&kind)?,
            source_id: r.try_get("source_id").map_err(backend)?,
            occurred_at: r.try_get("occurred_at").map_err(backend)?,
            words: count_of(r.try_get("words").map_err(backend)?),
            status: status_parse(&status)?,
        })
    }

    fn backfill_from_row(r: &<super::Db as sqlx::Database>::Row) -> StoreResult<BackfillText> {
        let kind: String = r.try_get("kind").map_err(backend)?;
        Ok(BackfillText {
            communication_id: r.try_get("id").map_err(backend)?,
            contact_id: ContactId(r.try_get("contact_id").map_err(backend)?),
            kind: kind_parse(&kind)?,
            occurred_at: r.try_get("occurred_at").map_err(backend)?,
            body_text: r.try_get("body_text").map_err(backend)?,
        })
    }

    #[async_trait]
    impl InsightStore for SqlStore {
        async fn add_insight_text(
            &self,
            tenant: TenantId,
            text: &NewInsightText<'_>,
            now: DateTime<Utc>,
        ) -> StoreResult<SourceStatus> {
            let mut tx = dialect::begin(&self.write).await?;
            let status = add_text(&mut tx, tenant, text, millis(now)).await?;
            tx.commit().await.map_err(backend)?;
            Ok(status)
        }

        async fn remove_insight_text(
            &self,
            tenant: TenantId,
            kind: SourceKind,
            source_id: i64,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            remove_text(&mut tx, tenant, (kind, source_id), millis(now)).await?;
            tx.commit().await.map_err(backend)
        }

        async fn contact_insight(
            &self,
            tenant: TenantId,
            contact: ContactId,
        ) -> StoreResult<Option<ContactInsight>> {
            let mut conn = self.read.acquire().await.map_err(backend)?;
            let sql = "SELECT tally FROM contact_insights WHERE tenant_id = $1 AND contact_id = $2";
            let totals: Option<String> = sqlx::query_scalar(sql)
                .bind(tenant.0)
                .bind(contact.0)
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend)?;
            let Some(totals) = totals else {
                return Ok(None);
            };
            let rows = sqlx::query(
                "SELECT kind, source_id, occurred_at, words, status FROM insight_sources \
                 WHERE tenant_id = $1 AND contact_id = $2 ORDER BY occurred_at DESC, source_id DESC, kind DESC",
            )
            .bind(tenant.0)
            .bind(contact.0)
            .fetch_all(&mut *conn)
            .await
            .map_err(backend)?;
            // Every text removed again: the empty totals row stays, so the norms see the change.
            if rows.is_empty() {
                return Ok(None);
            }
            let sources = rows
                .iter()
                .map(source_from_row)
                .collect::<StoreResult<_>>()?;
            let totals = from_json(&totals)?;
            Ok(Some(ContactInsight { totals, sources }))
        }

        async fn add_insight_example(
            &self,
            tenant: TenantId,
            actor: UserId,
            contact: ContactId,
            text: &str,
            verbatim: bool,
            counted: Option<(&str, &Tally)>,
            now: DateTime<Utc>,
        ) -> StoreResult<InsightExample> {
            let now = millis(now);
            let mut tx = dialect::begin(&self.write).await?;
            ensure_contact(&mut tx, tenant, contact).await?;
            let id = dialect::next_ids(&mut tx, "insight_examples", 1).await?[0];
            sqlx::query(
                "INSERT INTO insight_examples (tenant_id, id, contact_id, body, verbatim, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(tenant.0)
            .bind(id)
            .bind(contact.0)
            .bind(text)
            .bind(verbatim)
            .bind(actor.0)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            if let Some((text_hash, tally)) = counted {
                let kind = SourceKind::Example;
                let source = NewInsightText {
                    contact_id: contact,
                    kind,
                    source_id: id,
                    occurred_at: now,
                    text_hash,
                    tally,
                };
                add_text(&mut tx, tenant, &source, now).await?;
            }
            let field = match verbatim {
                true => "Insight example added",
                false => "Insight example added (paraphrase)",
            };
            let (entity, change) = (("contact", contact.0), (field, None, Some(text)));
            audit(&mut tx, tenant, Some(actor), entity, change, now).await?;
            let row = sqlx::query(&format!(
                "{EXAMPLE_SELECT} WHERE e.tenant_id = $1 AND e.id = $2"
            ))
            .bind(tenant.0)
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            let example = example_from_row(&row)?;
            tx.commit().await.map_err(backend)?;
            Ok(example)
        }

        async fn delete_insight_example(
            &self,
            tenant: TenantId,
            actor: UserId,
            contact: ContactId,
            id: i64,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            let now = millis(now);
            let mut tx = dialect::begin(&self.write).await?;
            let sql = "SELECT body FROM insight_examples WHERE tenant_id = $1 AND id = $2 AND contact_id = $3";
            let body: Option<String> = sqlx::query_scalar(sql)
                .bind(tenant.0)
                .bind(id)
                .bind(contact.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
            let body = body.ok_or(StoreError::NotFound)?;
            remove_text(&mut tx, tenant, (SourceKind::Example, id), now).await?;
            sqlx::query("DELETE FROM insight_examples WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.0)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            let entity = ("contact", contact.0);
            let change = ("Insight example deleted", Some(body.as_str()), None);
            audit(&mut tx, tenant, Some(actor), entity, change, now).await?;
            tx.commit().await.map_err(backend)
        }

        async fn insight_examples(
            &self,
            tenant: TenantId,
            contact: ContactId,
        ) -> StoreResult<Vec<InsightExample>> {
            let order = "AND e.contact_id = $2 ORDER BY e.created_at DESC, e.id DESC";
            examples(&self.read, tenant, order, Some(contact)).await
        }

        async fn insight_norm_inputs(
            &self,
            tenant: TenantId,
            min_words: u32,
        ) -> StoreResult<Vec<Vec<Tally>>> {
            let rows = sqlx::query(
                "SELECT s.contact_id, s.tally FROM insight_sources s \
                 JOIN contact_insights ci ON ci.tenant_id = s.tenant_id AND ci.contact_id = s.contact_id \
                 WHERE s.tenant_id = $1 AND ci.words >= $2 AND s.status = 'counted' \
                 ORDER BY s.contact_id, s.occurred_at, s.source_id, s.kind",
            )
            .bind(tenant.0)
            .bind(i64::from(min_words))
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
            let mut groups: Vec<Vec<Tally>> = Vec::new();
            let mut last = None;
            for r in &rows {
                let contact: i64 = r.try_get("contact_id").map_err(backend)?;
                let tally = from_json(&r.try_get::<String, _>("tally").map_err(backend)?)?;
                match groups.last_mut() {
                    Some(group) if last == Some(contact) => group.push(tally),
                    _ => groups.push(vec![tally]),
                }
                last = Some(contact);
            }
            Ok(groups)
        }

        async fn save_insight_norms(
            &self,
            tenant: TenantId,
            norms: &Norms,
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            sqlx::query(
                "INSERT INTO insight_norms (tenant_id, norms, computed_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (tenant_id) DO UPDATE SET norms = excluded.norms, computed_at = excluded.computed_at",
            )
            .bind(tenant.0)
            .bind(to_json(norms)?)
            .bind(millis(now))
            .execute(&self.write)
            .await
            .map_err(backend)?;
            Ok(())
        }

        async fn insight_norms(&self, tenant: TenantId) -> StoreResult<Option<Norms>> {
            let sql = "SELECT norms FROM insight_norms WHERE tenant_id = $1";
            let norms: Option<String> = sqlx::query_scalar(sql)
                .bind(tenant.0)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
            norms.as_deref().map(from_json).transpose()
        }

        async fn insight_norms_stale(&self, tenant: TenantId) -> StoreResult<bool> {
            let sql = "SELECT computed_at FROM insight_norms WHERE tenant_id = $1";
            let computed: Option<DateTime<Utc>> = sqlx::query_scalar(sql)
                .bind(tenant.0)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
            // The epoch: any totals at all are newer than norms never computed.
            let since = computed.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
            let changed: Option<i64> = sqlx::query_scalar(
                "SELECT contact_id FROM contact_insights WHERE tenant_id = $1 AND updated_at > $2 LIMIT 1",
            )
            .bind(tenant.0)
            .bind(since)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
            Ok(changed.is_some())
        }

        async fn clear_insights(&self, tenant: TenantId) -> StoreResult<u64> {
            let mut tx = dialect::begin(&self.write).await?;
            let mut profiles = 0;
            for table in ["insight_sources", "contact_insights", "insight_norms"] {
                let done = sqlx::query(&format!("DELETE FROM {table} WHERE tenant_id = $1"))
                    .bind(tenant.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                if table == "contact_insights" {
                    profiles = done.rows_affected();
                }
            }
            tx.commit().await.map_err(backend)?;
            Ok(profiles)
        }

        async fn insight_backfill(
            &self,
            tenant: TenantId,
            after: i64,
            limit: u32,
        ) -> StoreResult<Vec<BackfillText>> {
            let rows = sqlx::query(
                "SELECT id, contact_id, kind, occurred_at, body_text FROM communications \
                 WHERE tenant_id = $1 AND id > $2 AND direction = 'incoming' AND kind IN ('email', 'sms', 'chat') \
                 AND contact_id IS NOT NULL AND auto_reply = FALSE ORDER BY id LIMIT $3",
            )
            .bind(tenant.0)
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
            rows.iter().map(backfill_from_row).collect()
        }

        async fn verbatim_examples(&self, tenant: TenantId) -> StoreResult<Vec<InsightExample>> {
            let order = "AND e.verbatim = TRUE ORDER BY e.created_at, e.id";
            examples(&self.read, tenant, order, None).await
        }

        async fn insight_tenants(&self) -> StoreResult<Vec<TenantId>> {
            let sql = "SELECT id FROM tenants WHERE personality_insights = TRUE ORDER BY id";
            let ids: Vec<i64> = sqlx::query_scalar(sql)
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
            Ok(ids.into_iter().map(TenantId).collect())
        }
    }
}
