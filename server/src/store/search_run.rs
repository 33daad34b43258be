// Quickfind's runner and hit loading, shared by both engines. Included into `store::sqlite`
// and `store::postgres` (see store/mod.rs) next to `sql.rs`; each engine module supplies
// `search_engine::level_ids`, which turns one level's conditions into its own index query.

pub mod search_run {
    use std::collections::HashSet;

    use sqlx::{Pool, QueryBuilder, Row};

    use app::domain::quickfind::{Query, RefKind};
    use app::model::{ContactId, TenantId};
    use app::search_api::{CommunicationHit, PersonHit, QuickfindResults, SearchRequest, WorkItemHit};
    use app::store::StoreResult;

    use super::Db;
    use super::search_engine::level_ids;
    use crate::store::common::backend;
    use crate::store::search::{Scope, ScopePlan, matched_field, plan, snippet};

    /// Characters of a communication's body read to cut a snippet from.
    const SNIPPET_SOURCE_CHARS: i64 = 4000;
    const SNIPPET_CHARS: usize = 160;

    pub async fn quickfind(
        pool: &Pool<Db>,
        tenant: TenantId,
        query: &Query,
        request: &SearchRequest,
    ) -> StoreResult<QuickfindResults> {
        let mut results = QuickfindResults::default();
        // The three groups are independent: each runs on its own pooled connection, at once.
        let people_hits = async {
            let (ids, more) = group_ids(pool, tenant, query, request, request.people, Scope::People).await?;
            Ok::<_, app::store::StoreError>((people(pool, tenant, &ids, query).await?, more))
        };
        let work_item_hits = async {
            let (ids, more) = group_ids(pool, tenant, query, request, request.work_items, Scope::WorkItems).await?;
            Ok::<_, app::store::StoreError>((work_items(pool, tenant, &ids).await?, more))
        };
        let communication_hits = async {
            let (ids, more) = group_ids(pool, tenant, query, request, request.communications, Scope::Communications).await?;
            Ok::<_, app::store::StoreError>((communications(pool, tenant, &ids, query).await?, more))
        };
        let (p, w, c) = futures::future::try_join3(people_hits, work_item_hits, communication_hits).await?;
        (results.people, results.more[0]) = p;
        (results.work_items, results.more[1]) = w;
        (results.communications, results.more[2]) = c;
        Ok(results)
    }

    /// One group's page of ids and whether more follow.
    async fn group_ids(
        pool: &Pool<Db>,
        tenant: TenantId,
        query: &Query,
        request: &SearchRequest,
        wanted: bool,
        scope: Scope,
    ) -> StoreResult<(Vec<i64>, bool)> {
        let Some(p) = plan(query, scope).filter(|_| wanted) else {
            return Ok((Vec::new(), false));
        };
        let want = (request.offset + request.limit + 1) as usize;
        let ids = ranked_ids(pool, tenant, scope, &p, want).await?;
        let more = ids.len() > (request.offset + request.limit) as usize;
        let ids = ids
            .into_iter()
            .skip(request.offset as usize)
            .take(request.limit as usize)
            .collect();
        Ok((ids, more))
    }

    /// The ids of the best `want` records, best first: the reference lookup, then each level
    /// newest first, skipping what an earlier level found.
    async fn ranked_ids(
        pool: &Pool<Db>,
        tenant: TenantId,
        scope: Scope,
        plan: &ScopePlan,
        want: usize,
    ) -> StoreResult<Vec<i64>> {
        let mut found: Vec<i64> = Vec::new();
        let mut seen: HashSet<i64> = HashSet::new();
        if let Some(lookup) = &plan.reference {
            // By the unique reference when the kind is typed, else by number: both indexed.
            let ids: Vec<i64> = match lookup.kind {
                Some(kind) => {
                    let suffix = if kind == RefKind::Case { "C" } else { "T" };
                    sqlx::query_scalar("SELECT id FROM work_items WHERE tenant_id = $1 AND reference = $2")
                        .bind(tenant.0)
                        .bind(format!("{}-{suffix}", lookup.number))
                        .fetch_all(pool)
                        .await
                }
                None => {
                    sqlx::query_scalar("SELECT id FROM work_items WHERE tenant_id = $1 AND number = $2 ORDER BY id DESC")
                        .bind(tenant.0)
                        .bind(lookup.number)
                        .fetch_all(pool)
                        .await
                }
            }
            .map_err(backend)?;
            let ids = if lookup.others.is_empty() || ids.is_empty() {
                ids
            } else {
                level_ids(pool, tenant, scope, &lookup.others, ids.len(), Some(&ids)).await?
            };
            for id in ids {
                if seen.insert(id) {
                    found.push(id);
                }
            }
        }
        for conds in &plan.levels {
            if found.len() >= want {
                break;
            }
            // Earlier levels' hits come back too (each level is a superset): ask for enough.
            let ask = want - found.len() + seen.len();
            for id in level_ids(pool, tenant, scope, conds, ask, None).await? {
                if found.len() >= want {
                    break;
                }
                if seen.insert(id) {
                    found.push(id);
                }
            }
        }
        Ok(found)
    }

    /// `… AND <column> IN ($2, $3, …)` for `ids`, tenant as `$1`.
    fn in_ids<'a>(sql: &'a str, tenant: TenantId, column: &str, ids: &[i64]) -> QueryBuilder<'a, Db> {
        let mut qb: QueryBuilder<Db> = QueryBuilder::new(sql);
        qb.push_bind(tenant.0);
        qb.push(format!(" AND {column} IN ("));
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        list.push_unseparated(")");
        qb
    }

    /// Puts rows back in `ids` order.
    fn in_order<T>(ids: &[i64], mut rows: Vec<(i64, T)>) -> Vec<T> {
        let mut out = Vec::with_capacity(rows.len());
        for id in ids {
            if let Some(pos) = rows.iter().position(|(r, _)| r == id) {
                out.push(rows.swap_remove(pos).1);
            }
        }
        out
    }

    async fn people(pool: &Pool<Db>, tenant: TenantId, ids: &[i64], query: &Query) -> StoreResult<Vec<PersonHit>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = in_ids(
            "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.phone_e164, c.mobile, c.mobile_e164, \
             a.identifier, a.name AS account_name FROM contacts c \
             LEFT JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id WHERE c.tenant_id = ",
            tenant,
            "c.id",
            ids,
        );
        let rows = qb.build().fetch_all(pool).await.map_err(backend)?;
        let mut hits = Vec::with_capacity(rows.len());
        for r in rows {
            let get = |c: &str| r.try_get::<Option<String>, _>(c).map_err(backend);
            let (first, last, email) = (get("first_name")?, get("last_name")?, get("email")?);
            let (phone, phone_e164, mobile, mobile_e164) =
                (get("phone")?, get("phone_e164")?, get("mobile")?, get("mobile_e164")?);
            let (identifier, account_name) = (get("identifier")?, get("account_name")?);
            let name = [first.as_deref(), last.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
            let account_text = [identifier.as_deref(), account_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let matched = matched_field(
                query,
                [
                    ("name", Some(name.as_str())),
                    ("email", email.as_deref()),
                    ("phone", phone_e164.as_deref()),
                    ("mobile", mobile_e164.as_deref()),
                    ("account", (!account_text.is_empty()).then_some(account_text.as_str())),
                ],
            );
            let id: i64 = r.try_get("id").map_err(backend)?;
            hits.push((
                id,
                PersonHit {
                    id: ContactId(id),
                    first_name: first,
                    last_name: last,
                    email,
                    phone: phone.or(mobile),
                    account: account_name.filter(|n| !n.is_empty()).or(identifier),
                    matched_field: matched,
                },
            ));
        }
        Ok(in_order(ids, hits))
    }

    const WORK_ITEM_HIT_SQL: &str = "SELECT w.id, w.reference, w.title, t.name AS type_name, w.state, w.due_at, \
         u.name AS assignee FROM work_items w \
         JOIN work_item_types t ON t.tenant_id = w.tenant_id AND t.id = w.type_id \
         LEFT JOIN users u ON u.tenant_id = w.tenant_id AND u.id = w.assignee_id WHERE w.tenant_id = ";

    fn work_item_hit(r: &<Db as sqlx::Database>::Row) -> Result<(i64, WorkItemHit), sqlx::Error> {
        let id: i64 = r.try_get("id")?;
        Ok((
            id,
            WorkItemHit {
                id,
                reference: r.try_get("reference")?,
                title: r.try_get("title")?,
                type_name: r.try_get("type_name")?,
                state: r.try_get("state")?,
                due_at: r.try_get("due_at")?,
                assignee: r.try_get("assignee")?,
            },
        ))
    }

    async fn work_items(pool: &Pool<Db>, tenant: TenantId, ids: &[i64]) -> StoreResult<Vec<WorkItemHit>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = in_ids(WORK_ITEM_HIT_SQL, tenant, "w.id", ids);
        let rows = qb.build().fetch_all(pool).await.map_err(backend)?;
        let hits = rows.iter().map(work_item_hit).collect::<Result<Vec<_>, _>>().map_err(backend)?;
        Ok(in_order(ids, hits))
    }

    /// A work item by reference, compared case-insensitively (`40308-t` finds `40308-T`).
    pub async fn work_item_by_reference(
        pool: &Pool<Db>,
        tenant: TenantId,
        reference: &str,
    ) -> StoreResult<Option<WorkItemHit>> {
        let sql = format!("{WORK_ITEM_HIT_SQL}$1 AND w.reference = $2");
        let row = sqlx::query(&sql)
            .bind(tenant.0)
            .bind(reference.trim().to_uppercase())
            .fetch_optional(pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(work_item_hit).transpose().map(|o| o.map(|(_, h)| h)).map_err(backend)
    }

    async fn communications(
        pool: &Pool<Db>,
        tenant: TenantId,
        ids: &[i64],
        query: &Query,
    ) -> StoreResult<Vec<CommunicationHit>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT m.id, m.kind, m.direction, m.subject, substr(m.body_text, 1, {SNIPPET_SOURCE_CHARS}) AS body, \
             m.from_address, m.to_address, m.contact_id, m.occurred_at, w.reference, u.name AS author \
             FROM communications m \
             LEFT JOIN work_items w ON w.tenant_id = m.tenant_id AND w.id = m.work_item_id \
             LEFT JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.author_id WHERE m.tenant_id = "
        );
        let mut qb = in_ids(&sql, tenant, "m.id", ids);
        let rows = qb.build().fetch_all(pool).await.map_err(backend)?;
        let mut hits = Vec::with_capacity(rows.len());
        for r in rows {
            let direction: String = r.try_get("direction").map_err(backend)?;
            let party: Option<String> = match direction.as_str() {
                "incoming" => r.try_get("from_address").map_err(backend)?,
                "outgoing" => r.try_get("to_address").map_err(backend)?,
                _ => r.try_get("author").map_err(backend)?,
            };
            let body: String = r.try_get("body").map_err(backend)?;
            let id: i64 = r.try_get("id").map_err(backend)?;
            hits.push((
                id,
                CommunicationHit {
                    id,
                    kind: r.try_get("kind").map_err(backend)?,
                    direction,
                    party,
                    subject: r.try_get("subject").map_err(backend)?,
                    snippet: snippet(&body, query, SNIPPET_CHARS),
                    work_item_reference: r.try_get("reference").map_err(backend)?,
                    contact_id: r.try_get::<Option<i64>, _>("contact_id").map_err(backend)?.map(ContactId),
                    occurred_at: r.try_get("occurred_at").map_err(backend)?,
                },
            ));
        }
        Ok(in_order(ids, hits))
    }

    /// Writes the search documents of rows that have none (rows written before the search
    /// migration), a thousand at a time. Returns how many rows it indexed.
    pub async fn backfill(pool: &Pool<Db>) -> Result<u64, sqlx::Error> {
        use app::domain::search_text::{contact_document, work_item_document};
        let mut total = 0u64;
        loop {
            let rows = sqlx::query(
                "SELECT c.tenant_id, c.id, c.first_name, c.last_name, c.email, c.phone_e164, c.mobile_e164, \
                 a.identifier, a.name FROM contacts c \
                 LEFT JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id \
                 WHERE c.search_doc IS NULL LIMIT 1000",
            )
            .fetch_all(pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut tx = pool.begin().await?;
            for r in &rows {
                let get = |c: &str| r.try_get::<Option<String>, _>(c);
                let (identifier, name) = (get("identifier")?, get("name")?);
                let doc = contact_document(
                    get("first_name")?.as_deref(),
                    get("last_name")?.as_deref(),
                    get("email")?.as_deref(),
                    identifier.as_deref().map(|i| (i, name.as_deref().unwrap_or(""))),
                    [get("phone_e164")?.as_deref(), get("mobile_e164")?.as_deref()],
                );
                sqlx::query("UPDATE contacts SET search_doc = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(r.try_get::<i64, _>("tenant_id")?)
                    .bind(r.try_get::<i64, _>("id")?)
                    .bind(doc)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            total += rows.len() as u64;
        }
        loop {
            let rows = sqlx::query("SELECT tenant_id, id, title FROM work_items WHERE search_doc IS NULL LIMIT 1000")
                .fetch_all(pool)
                .await?;
            if rows.is_empty() {
                break;
            }
            let mut tx = pool.begin().await?;
            for r in &rows {
                let title: String = r.try_get("title")?;
                sqlx::query("UPDATE work_items SET search_doc = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(r.try_get::<i64, _>("tenant_id")?)
                    .bind(r.try_get::<i64, _>("id")?)
                    .bind(work_item_document(&title))
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            total += rows.len() as u64;
        }
        // Communications also record which contacts they belong to.
        total += super::activity::backfill_communications(pool)
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        Ok(total)
    }
}
