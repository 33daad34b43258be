// Writes a seed plan. Compiled once per engine (see `seed/mod.rs`), with `Db` and `next_ids`
// from the parent module. Rows go in multi-row INSERTs of `ROWS_PER_STATEMENT`, many
// statements per transaction, so a crash leaves whole batches or nothing.

use std::time::Instant;

use chrono::{DateTime, Utc};
use sqlx::{Pool, QueryBuilder};

use crate::seed::generate::{self, GenComm, GenContact, GenWorkItem};
use crate::seed::{elapsed, Plan, SeedReport, QUEUE_NAMES, TYPES};
use crate::store::common::millis;

/// Under SQLite's 32,766 and PostgreSQL's 65,535 bind limits for the widest table.
const ROWS_PER_STATEMENT: usize = 500;

fn ts(t: DateTime<Utc>) -> DateTime<Utc> {
    millis(t)
}

fn priority_number(p: &str) -> i16 {
    match p {
        "low" => 0,
        "high" => 2,
        "urgent" => 3,
        _ => 1,
    }
}

async fn ids(pool: &Pool<Db>, table: &str, n: u64) -> anyhow::Result<Vec<i64>> {
    let mut out = Vec::with_capacity(n as usize);
    let mut tx = pool.begin().await?;
    let mut left = n as i64;
    while left > 0 {
        let take = left.min(100_000);
        out.extend(next_ids(&mut tx, table, take).await.map_err(|e| anyhow::anyhow!("{e}"))?);
        left -= take;
    }
    tx.commit().await?;
    Ok(out)
}

pub async fn seed(pool: &Pool<Db>, plan: &Plan) -> anyhow::Result<SeedReport> {
    let tenant = plan.tenant;
    let cfg = &plan.config;
    let now = ts(Utc::now());
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM (SELECT 1 FROM contacts WHERE tenant_id = $1 LIMIT 1) x")
        .bind(tenant)
        .fetch_one(pool)
        .await?;
    if existing > 0 {
        anyhow::bail!("this tenant already has contacts; seed a new tenant (--tenant NAME) instead");
    }

    // Queues and work item types.
    let mut queue_ids = Vec::new();
    for (i, name) in QUEUE_NAMES.iter().enumerate() {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM queues WHERE tenant_id = $1 AND name = $2")
            .bind(tenant)
            .bind(*name)
            .fetch_optional(pool)
            .await?;
        let id = match found {
            Some(id) => id,
            None => {
                let id = ids(pool, "queues", 1).await?[0];
                sqlx::query("INSERT INTO queues (tenant_id, id, name, is_default, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(tenant)
                    .bind(id)
                    .bind(*name)
                    .bind(i == 0)
                    .bind(now)
                    .execute(pool)
                    .await?;
                id
            }
        };
        queue_ids.push(id);
    }
    let mut type_ids = Vec::new();
    for (i, (name, kind, live, show)) in TYPES.iter().enumerate() {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM work_item_types WHERE tenant_id = $1 AND name = $2")
            .bind(tenant)
            .bind(*name)
            .fetch_optional(pool)
            .await?;
        let id = match found {
            Some(id) => id,
            None => {
                let id = ids(pool, "work_item_types", 1).await?[0];
                sqlx::query(
                    "INSERT INTO work_item_types (tenant_id, id, name, kind, live, show_in_contacts, default_queue_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(tenant)
                .bind(id)
                .bind(*name)
                .bind(*kind)
                .bind(*live)
                .bind(*show)
                .bind(queue_ids[generate::WORK_ITEM_TYPE_QUEUES.get(i).copied().unwrap_or(0) % queue_ids.len()])
                .bind(now)
                .execute(pool)
                .await?;
                id
            }
        };
        type_ids.push(id);
    }

    let mut report = SeedReport::default();

    // Accounts.
    let account_ids = ids(pool, "accounts", cfg.accounts).await?;
    {
        let mut tx = pool.begin().await?;
        for chunk in account_ids.chunks(ROWS_PER_STATEMENT).enumerate() {
            let (c, chunk) = chunk;
            let mut qb: QueryBuilder<Db> =
                QueryBuilder::new("INSERT INTO accounts (tenant_id, id, identifier, identifier_lower, name, created_at) ");
            qb.push_values(chunk.iter().enumerate(), |mut b, (j, id)| {
                let a = cfg.account((c * ROWS_PER_STATEMENT + j) as u64);
                b.push_bind(tenant)
                    .push_bind(*id)
                    .push_bind(a.identifier.clone())
                    .push_bind(a.identifier.to_lowercase())
                    .push_bind(a.name)
                    .push_bind(now);
            });
            qb.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        report.accounts = cfg.accounts;
    }

    // Contacts. Their search documents name the account, so keep the accounts at hand.
    let accounts: Vec<generate::GenAccount> = (0..cfg.accounts).map(|i| cfg.account(i)).collect();
    let started = Instant::now();
    let contact_ids = ids(pool, "contacts", cfg.contacts).await?;
    for (b, batch) in contact_ids.chunks(plan.batch as usize).enumerate() {
        let base = b * plan.batch as usize;
        let mut tx = pool.begin().await?;
        for (c, chunk) in batch.chunks(ROWS_PER_STATEMENT).enumerate() {
            let first = base + c * ROWS_PER_STATEMENT;
            let rows: Vec<(i64, GenContact)> =
                chunk.iter().enumerate().map(|(j, id)| (*id, cfg.contact((first + j) as u64))).collect();
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
                "INSERT INTO contacts (tenant_id, id, first_name, last_name, address, city, state, postal_code, country, \
                 time_zone, email, email_lower, phone, phone_e164, mobile, mobile_e164, account_id, priority, \
                 preferred_channels, created_via, created_at, updated_at, version, first_name_key, last_name_key, city_key, \
                 search_doc) ",
            );
            qb.push_values(rows, |mut q, (id, g)| {
                let email_lower = g.email.as_ref().map(|e| e.to_lowercase());
                let first_key = app::domain::contact::sort_key(g.first_name.as_deref());
                let last_key = app::domain::contact::sort_key(g.last_name.as_deref());
                let city_key = app::domain::contact::sort_key(g.city.as_deref());
                let account = g.account_index.and_then(|i| accounts.get(i as usize));
                let search_doc = app::domain::search_text::contact_document(
                    g.first_name.as_deref(),
                    g.last_name.as_deref(),
                    g.email.as_deref(),
                    account.map(|a| (a.identifier.as_str(), a.name.as_str())),
                    [g.phone_e164.as_deref(), g.mobile_e164.as_deref()],
                );
                q.push_bind(tenant)
                    .push_bind(id)
                    .push_bind(g.first_name)
                    .push_bind(g.last_name)
                    .push_bind(g.address)
                    .push_bind(g.city)
                    .push_bind(g.state)
                    .push_bind(g.postal_code)
                    .push_bind(g.country)
                    .push_bind(g.time_zone)
                    .push_bind(g.email)
                    .push_bind(email_lower)
                    .push_bind(g.phone_typed)
                    .push_bind(g.phone_e164)
                    .push_bind(g.mobile_typed)
                    .push_bind(g.mobile_e164)
                    .push_bind(g.account_index.map(|i| account_ids[i as usize]))
                    .push_bind(priority_number(g.priority))
                    .push_bind(g.preferred_channels)
                    .push_bind(g.created_via)
                    .push_bind(ts(g.created_at))
                    .push_bind(ts(g.created_at))
                    .push_bind(1i64)
                    .push_bind(first_key)
                    .push_bind(last_key)
                    .push_bind(city_key)
                    .push_bind(search_doc);
            });
            qb.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    report.contacts = cfg.contacts;
    report.contacts_secs = elapsed(started);
    eprintln!("  contacts written ({:.1}s)", report.contacts_secs);

    // Work items and their contact links.
    let started = Instant::now();
    let work_item_ids = ids(pool, "work_items", cfg.work_items).await?;
    let mut max_number: i64 = 0;
    for (b, batch) in work_item_ids.chunks(plan.batch as usize).enumerate() {
        let base = b * plan.batch as usize;
        let mut tx = pool.begin().await?;
        for (c, chunk) in batch.chunks(ROWS_PER_STATEMENT).enumerate() {
            let first = base + c * ROWS_PER_STATEMENT;
            let rows: Vec<(i64, GenWorkItem)> =
                chunk.iter().enumerate().map(|(j, id)| (*id, cfg.work_item((first + j) as u64))).collect();
            let mut links: Vec<(i64, i64, &'static str, DateTime<Utc>)> = Vec::new();
            for (id, w) in &rows {
                for (ci, tags) in &w.contact_indices {
                    if !links.iter().any(|l| l.0 == *id && l.1 == contact_ids[*ci as usize]) {
                        links.push((*id, contact_ids[*ci as usize], tags, ts(w.created_at)));
                    }
                }
                max_number = max_number.max(w.number as i64);
            }
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
                "INSERT INTO work_items (tenant_id, id, number, reference, type_id, title, description, state, \
                 waiting_reason, due_at, queue_id, assignee_id, created_at, updated_at, version, search_doc) ",
            );
            qb.push_values(rows, |mut q, (id, w)| {
                let suffix = if w.kind == "case" { "C" } else { "T" };
                let search_doc = app::domain::search_text::work_item_document(&w.title);
                q.push_bind(tenant)
                    .push_bind(id)
                    .push_bind(w.number as i64)
                    .push_bind(format!("{}-{}", w.number, suffix))
                    .push_bind(type_ids[w.type_index % type_ids.len()])
                    .push_bind(w.title)
                    .push_bind(w.description)
                    .push_bind(w.state)
                    .push_bind(w.waiting_reason)
                    .push_bind(w.due_at.map(ts))
                    .push_bind(queue_ids[w.queue_index % queue_ids.len()])
                    .push_bind(w.assignee_index.and_then(|a| plan.agents.get(a % plan.agents.len().max(1)).copied()))
                    .push_bind(ts(w.created_at))
                    .push_bind(ts(w.created_at))
                    .push_bind(1i64)
                    .push_bind(search_doc);
            });
            qb.build().execute(&mut *tx).await?;
            for chunk in links.chunks(ROWS_PER_STATEMENT) {
                let mut qb: QueryBuilder<Db> =
                    QueryBuilder::new("INSERT INTO work_item_contacts (tenant_id, work_item_id, contact_id, tags, added_at) ");
                qb.push_values(chunk, |mut q, (w, c, tags, at)| {
                    q.push_bind(tenant).push_bind(*w).push_bind(*c).push_bind(*tags).push_bind(*at);
                });
                qb.build().execute(&mut *tx).await?;
            }
        }
        // Queues order by the Primary Contact's priority, copied onto the item.
        if let (Some(lo), Some(hi)) = (batch.iter().min(), batch.iter().max()) {
            sqlx::query(
                "UPDATE work_items SET primary_priority = coalesce((SELECT c.priority FROM work_item_contacts t \
                 JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = t.contact_id \
                 WHERE t.tenant_id = work_items.tenant_id AND t.work_item_id = work_items.id \
                 AND (',' || t.tags || ',') LIKE '%,primary,%' LIMIT 1), 1) \
                 WHERE tenant_id = $1 AND id BETWEEN $2 AND $3",
            )
            .bind(tenant)
            .bind(*lo)
            .bind(*hi)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    if cfg.work_items > 0 {
        sqlx::query(
            "INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, 'work_item_number', $2) \
             ON CONFLICT (tenant_id, name) DO UPDATE SET value = CASE WHEN tenant_counters.value > excluded.value \
             THEN tenant_counters.value ELSE excluded.value END",
        )
        .bind(tenant)
        .bind(max_number)
        .execute(pool)
        .await?;
    }
    report.work_items = cfg.work_items;
    report.work_items_secs = elapsed(started);
    eprintln!("  work items written ({:.1}s)", report.work_items_secs);

    // Communications.
    let started = Instant::now();
    let comm_ids = ids(pool, "communications", cfg.comms).await?;
    for (b, batch) in comm_ids.chunks(plan.batch as usize).enumerate() {
        let base = b * plan.batch as usize;
        let mut tx = pool.begin().await?;
        for (c, chunk) in batch.chunks(ROWS_PER_STATEMENT).enumerate() {
            let first = base + c * ROWS_PER_STATEMENT;
            let rows: Vec<(i64, GenComm)> =
                chunk.iter().enumerate().map(|(j, id)| (*id, cfg.comm((first + j) as u64))).collect();
            // Which contacts each belongs to (Caller Communications reads this table).
            let members: Vec<(i64, i64, DateTime<Utc>)> = rows
                .iter()
                .flat_map(|(id, m)| {
                    let contact_ids = &contact_ids;
                    m.member_indices.iter().map(move |c| (contact_ids[*c as usize], *id, ts(m.occurred_at)))
                })
                .collect();
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
                "INSERT INTO communications (tenant_id, id, kind, direction, subject, body_text, body_html, from_address, \
                 to_address, author_id, work_item_id, contact_id, occurred_at, created_at, search_doc, search_head) ",
            );
            qb.push_values(rows, |mut q, (id, m)| {
                let members: Vec<i64> = m.member_indices.iter().map(|c| contact_ids[*c as usize]).collect();
                let (search_doc, search_head) = app::domain::search_text::communication_documents(
                    m.subject.as_deref(),
                    &m.body_text,
                    [m.from_address.as_deref(), m.to_address.as_deref()],
                    &members,
                );
                // Our generator escapes every text it puts in HTML; the sanitiser still runs, as
                // for every email stored.
                let body_html = m.body_html.as_deref().map(app::sanitize::email_html);
                q.push_bind(tenant)
                    .push_bind(id)
                    .push_bind(m.kind)
                    .push_bind(m.direction)
                    .push_bind(m.subject)
                    .push_bind(m.body_text)
                    .push_bind(body_html)
                    .push_bind(m.from_address)
                    .push_bind(m.to_address)
                    .push_bind(m.author_agent_index.and_then(|a| plan.agents.get(a % plan.agents.len().max(1)).copied()))
                    .push_bind(m.work_item_index.map(|w| work_item_ids[w as usize]))
                    .push_bind(m.contact_index.map(|c| contact_ids[c as usize]))
                    .push_bind(ts(m.occurred_at))
                    .push_bind(ts(m.occurred_at))
                    .push_bind(search_doc)
                    .push_bind(search_head);
            });
            qb.build().execute(&mut *tx).await?;
            for chunk in members.chunks(ROWS_PER_STATEMENT) {
                let mut qb: QueryBuilder<Db> = QueryBuilder::new(
                    "INSERT INTO communication_contacts (tenant_id, contact_id, communication_id, occurred_at) ",
                );
                qb.push_values(chunk, |mut q, (c, id, at)| {
                    q.push_bind(tenant).push_bind(*c).push_bind(*id).push_bind(*at);
                });
                qb.build().execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
    }
    report.comms = cfg.comms;
    report.comms_secs = elapsed(started);
    Ok(report)
}
