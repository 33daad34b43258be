//! `server seed`: deterministic, realistic data for a tenant, written in batched multi-row
//! inserts inside transactions. `generate` makes the rows (a pure function of seed and
//! index); `insert.rs`, compiled once per engine, writes them.

pub mod generate;
mod words;

use std::time::Instant;

use anyhow::Context;
use chrono::Utc;

use app::model::{Role, TenantId, TenantSettings};
use app::store::{NewUser, SharedStore};

use crate::config::SeedArgs;
use crate::store::Database;
use generate::{AGENTS, QUEUES, SeedConfig, WORK_ITEM_TYPES};

mod sqlite_insert {
    pub type Db = sqlx::Sqlite;
    pub use crate::store::sqlite::dialect::next_ids;
    include!("insert.rs");
}

mod postgres_insert {
    pub type Db = sqlx::Postgres;
    pub use crate::store::postgres::dialect::next_ids;
    include!("insert.rs");
}

/// What a seed run wrote and how fast.
#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    pub accounts: u64,
    pub contacts: u64,
    pub work_items: u64,
    pub comms: u64,
    pub contacts_secs: f64,
    pub work_items_secs: f64,
    pub comms_secs: f64,
}

impl SeedReport {
    pub fn print(&self) {
        let rate = |n: u64, s: f64| if s > 0.0 { n as f64 / s } else { 0.0 };
        println!("accounts:        {}", self.accounts);
        println!(
            "contacts:        {} in {:.1}s ({:.0}/s)",
            self.contacts,
            self.contacts_secs,
            rate(self.contacts, self.contacts_secs)
        );
        println!(
            "work items:      {} in {:.1}s ({:.0}/s)",
            self.work_items,
            self.work_items_secs,
            rate(self.work_items, self.work_items_secs)
        );
        println!(
            "communications:  {} in {:.1}s ({:.0}/s)",
            self.comms,
            self.comms_secs,
            rate(self.comms, self.comms_secs)
        );
    }
}

/// The email of seeded agent `local` in tenant `slug`.
pub fn agent_email(local: &str, slug: &str) -> String {
    format!("{local}@{slug}.callerdesk.test")
}

/// Makes sure the tenant exists, returning it.
pub async fn ensure_tenant(
    store: &SharedStore,
    slug: &str,
    name: &str,
) -> anyhow::Result<TenantId> {
    if let Some(t) = store.tenant_by_slug(slug).await? {
        return Ok(t.id);
    }
    Ok(store
        .create_tenant(slug, name, &TenantSettings::default())
        .await?
        .id)
}

/// Makes sure the seeded agents exist (with unusable random passwords unless they already
/// exist), returning their user ids in `AGENTS` order.
async fn ensure_agents(
    store: &SharedStore,
    tenant: TenantId,
    slug: &str,
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for (name, local) in AGENTS {
        let email = agent_email(local, slug);
        let id = match store.login_record(&email).await? {
            Some(r) if r.user.tenant_id == tenant => r.user.id.0,
            Some(_) => anyhow::bail!("{email} belongs to another tenant"),
            None => {
                let password: String = {
                    use rand::Rng;
                    rand::thread_rng()
                        .sample_iter(&rand::distributions::Alphanumeric)
                        .take(24)
                        .map(char::from)
                        .collect()
                };
                let hash = app::auth::server::hash_password(&password)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                store
                    .create_user(
                        tenant,
                        &NewUser {
                            email,
                            name: name.to_string(),
                            role: Role::Agent,
                            password_hash: hash,
                        },
                    )
                    .await?
                    .id
                    .0
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

pub async fn run(db: &Database, args: &SeedArgs) -> anyhow::Result<SeedReport> {
    let store = db.store();
    let tenant = ensure_tenant(&store, &args.tenant, &title_case(&args.tenant)).await?;
    let agents = ensure_agents(&store, tenant, &args.tenant).await?;
    let config = SeedConfig {
        seed: args.seed,
        contacts: args.contacts,
        work_items: args.work_items,
        comms: args.comms,
        accounts: (args.contacts / 20).clamp(5, 50_000),
        now: args.now.unwrap_or_else(Utc::now),
    };
    let batch = args.batch.clamp(100, 50_000);
    let plan = Plan {
        tenant: tenant.0,
        agents,
        config,
        batch,
    };
    let report = match db {
        Database::Sqlite(s) => sqlite_insert::seed(&s.write, &plan).await,
        Database::Postgres(s) => postgres_insert::seed(&s.write, &plan).await,
    }
    .context("seeding failed")?;
    tidy_search_indexes(db)
        .await
        .context("tidying the search indexes")?;
    Ok(report)
}

/// After a bulk load: SQLite merges each FTS5 index into one segment (queries then read one
/// b-tree, not dozens); PostgreSQL refreshes the statistics its planner uses to choose between
/// the search indexes and reading newest rows first.
async fn tidy_search_indexes(db: &Database) -> anyhow::Result<()> {
    let started = Instant::now();
    match db {
        Database::Sqlite(s) => {
            for table in ["contacts", "work_items", "communications"] {
                for kind in ["fts", "tri"] {
                    let sql =
                        format!("INSERT INTO {table}_{kind} ({table}_{kind}) VALUES ('optimize')");
                    sqlx::query(&sql).execute(&s.write).await?;
                }
            }
        }
        Database::Postgres(s) => {
            // Flush the GIN indexes' pending lists (fast-update buffers every search would
            // otherwise scan), then refresh the planner's and Quickfind's statistics.
            for index in ["contacts", "work_items", "communications"]
                .iter()
                .flat_map(|t| [format!("{t}_search_words"), format!("{t}_search_trigrams")])
            {
                sqlx::query("SELECT gin_clean_pending_list($1::regclass)")
                    .bind(index)
                    .execute(&s.write)
                    .await?;
            }
            sqlx::query(
                "ANALYZE contacts, accounts, work_items, work_item_contacts, communications",
            )
            .execute(&s.write)
            .await?;
            // The membership table is read by index alone (contact, newest first) once the
            // visibility map knows its pages are all-visible; VACUUM sets it.
            sqlx::query("VACUUM ANALYZE communication_contacts")
                .execute(&s.write)
                .await?;
        }
    }
    eprintln!("  search indexes tidied ({:.1}s)", elapsed(started));
    Ok(())
}

/// Everything the engine-specific writer needs.
pub struct Plan {
    pub tenant: i64,
    pub agents: Vec<i64>,
    pub config: SeedConfig,
    pub batch: u64,
}

fn title_case(slug: &str) -> String {
    let mut c = slug.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(crate) fn elapsed(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}

pub(crate) const QUEUE_NAMES: &[&str] = QUEUES;
pub(crate) const TYPES: &[(&str, &str, bool, bool)] = WORK_ITEM_TYPES;
