//! The `Store` port's two implementations. `sql.rs` holds the shared body; each engine module
//! compiles it with its own `Db` type and `dialect`.

pub mod common;
pub mod search;
pub mod search_pg;
pub mod search_sqlite;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use app::store::SharedStore;

pub mod sqlite {
    pub type Db = sqlx::Sqlite;

    mod rows {
        include!("rows.rs");
    }
    include!("sql.rs");
    pub use super::search_sqlite as search_engine;
    include!("search_run.rs");
    include!("activity.rs");
    include!("work.rs");
    include!("admin.rs");
    include!("intake.rs");
    include!("insights.rs");

    pub mod dialect {
        use app::store::{Engine, StoreError};

        use crate::store::common::backend;

        pub const ENGINE: Engine = Engine::Sqlite;

        /// A write transaction that takes SQLite's write lock at once, so a concurrent writer
        /// in another process makes it wait (busy timeout) instead of failing mid-way.
        pub async fn begin(
            pool: &sqlx::SqlitePool,
        ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
            pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)
        }

        /// `n` fresh ids for `table` from the `id_sequences` table (SQLite has no sequences).
        pub async fn next_ids(
            conn: &mut sqlx::SqliteConnection,
            table: &str,
            n: i64,
        ) -> Result<Vec<i64>, StoreError> {
            let last: i64 = sqlx::query_scalar(
                "UPDATE id_sequences SET value = value + $2 WHERE name = $1 RETURNING value",
            )
            .bind(table)
            .bind(n)
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
            Ok((last - n + 1..=last).collect())
        }
    }
}

pub mod postgres {
    pub type Db = sqlx::Postgres;

    mod rows {
        include!("rows.rs");
    }
    include!("sql.rs");
    pub use super::search_pg as search_engine;
    include!("search_run.rs");
    include!("activity.rs");
    include!("work.rs");
    include!("admin.rs");
    include!("intake.rs");
    include!("insights.rs");

    pub mod dialect {
        use app::store::{Engine, StoreError};

        use crate::store::common::backend;

        pub const ENGINE: Engine = Engine::Postgres;

        pub async fn begin(
            pool: &sqlx::PgPool,
        ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
            pool.begin().await.map_err(backend)
        }

        /// `n` fresh ids for `table` from its identity sequence.
        pub async fn next_ids(
            conn: &mut sqlx::PgConnection,
            table: &str,
            n: i64,
        ) -> Result<Vec<i64>, StoreError> {
            sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
            )
            .bind(table)
            .bind(n)
            .fetch_all(&mut *conn)
            .await
            .map_err(backend)
        }
    }
}

/// A connected database of either engine, for the things that are not part of the `Store`
/// port (migrations, the seeder, benchmarks).
#[derive(Clone)]
pub enum Database {
    Sqlite(sqlite::SqlStore),
    Postgres(postgres::SqlStore),
}

impl Database {
    pub fn store(&self) -> SharedStore {
        match self {
            Database::Sqlite(s) => Arc::new(s.clone()),
            Database::Postgres(s) => Arc::new(s.clone()),
        }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Database::Sqlite(s) => sqlx::migrate!("../migrations/sqlite").run(&s.write).await?,
            Database::Postgres(s) => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&s.write)
                    .await?
            }
        }
        Ok(())
    }

    /// Migrates, then indexes for Quickfind any rows written before the search migration.
    pub async fn migrate_and_index(&self) -> anyhow::Result<()> {
        self.migrate().await?;
        let indexed = match self {
            Database::Sqlite(s) => sqlite::search_run::backfill(&s.write).await?,
            Database::Postgres(s) => postgres::search_run::backfill(&s.write).await?,
        };
        if indexed > 0 {
            tracing::info!(indexed, "indexed existing records for Quickfind");
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Database::Sqlite(s) => {
                s.write.close().await;
                s.read.close().await;
            }
            Database::Postgres(s) => s.write.close().await,
        }
    }
}

/// Connects by URL: `sqlite://path` (created if missing, WAL mode) or `postgres://…`.
pub async fn connect(url: &str) -> anyhow::Result<Database> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        use sqlx::migrate::MigrateDatabase;
        // Like the SQLite file, the database is created on first use.
        if !sqlx::Postgres::database_exists(url).await? {
            sqlx::Postgres::create_database(url).await?;
        }
        // JIT compilation off: it pays for analytic queries, but for an agent's short queries
        // its 50–200 ms compile time is triggered by any large row *estimate* (a long OR of
        // typo variants) and dwarfs the query itself.
        let options = sqlx::postgres::PgConnectOptions::from_str(url)?.options([("jit", "off")]);
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Database::Postgres(postgres::SqlStore {
            read: pool.clone(),
            write: pool,
        }))
    } else if url.starts_with("sqlite:") {
        use sqlx::sqlite::{
            SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
        };
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: every acknowledged commit is on disk (fsync of the WAL), so nothing
            // acknowledged is lost even on power failure. Writes here are agent actions, not
            // a firehose; the seeder batches thousands of rows per commit.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        if let Some(path) = options.get_filename().parent()
            && !path.as_os_str().is_empty()
        {
            std::fs::create_dir_all(path)?;
        }
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await?;
        Ok(Database::Sqlite(sqlite::SqlStore { read, write }))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres:// (got {url:?})")
    }
}
