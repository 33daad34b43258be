//! Test harness: fresh databases of both engines, and a way to write a store test once and
//! run it on each.
//!
//! - SQLite: a new file in a temporary directory per test.
//! - PostgreSQL: one fresh database per test run (per test binary), created on the server at
//!   `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`); each test
//!   uses its own tenants, so tests do not see each other. Databases left by earlier runs more
//!   than two hours old are dropped. When no server is reachable the tests fail with a message
//!   saying how to point them at one, unless `SKIP_POSTGRES=1` is set.

#![allow(dead_code)]

pub mod fixtures;
pub mod http_app;
pub mod intake;
pub mod smtp;

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::Connection;

use app::model::{TenantId, TenantSettings};
use app::store::SharedStore;
use server::store::{Database, connect};

pub struct TestDb {
    pub db: Database,
    pub store: SharedStore,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/test.db", dir.path().display());
        let db = connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb {
            store: db.store(),
            db,
            _dir: Some(dir),
        }
    }

    /// `None` only when `SKIP_POSTGRES=1`.
    pub async fn postgres() -> Option<TestDb> {
        let url = postgres_test_url()?;
        let db = connect(&url).await.expect("connect to the test database");
        db.migrate().await.expect("migrate postgres");
        Some(TestDb {
            store: db.store(),
            db,
            _dir: None,
        })
    }

    /// A new tenant with a unique slug.
    pub async fn tenant(&self, label: &str) -> TenantId {
        let slug = format!("{label}-{}", unique());
        self.store
            .create_tenant(
                &slug,
                &format!("Tenant {label}"),
                &TenantSettings::default(),
            )
            .await
            .expect("create tenant")
            .id
    }
}

pub fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{}{}{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn skip_postgres() -> bool {
    std::env::var("SKIP_POSTGRES")
        .map(|v| v == "1")
        .unwrap_or(false)
}

/// Creates this run's PostgreSQL database once (on a throwaway runtime, since every
/// `#[tokio::test]` has its own) and returns its URL.
fn postgres_test_url() -> Option<String> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    URL.get_or_init(|| {
        if skip_postgres() {
            eprintln!("SKIP_POSTGRES=1: PostgreSQL store tests are skipped");
            return None;
        }
        let admin = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        // Its own thread and runtime: the caller is already inside a test's runtime.
        let url = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let mut conn = match sqlx::PgConnection::connect(&admin).await {
                Ok(c) => c,
                Err(e) => panic!(
                    "PostgreSQL is not reachable at {admin} ({e}).\n\
                     Start it (e.g. `pg_ctlcluster 15 main start`), set TEST_DATABASE_URL to a server \
                     where this user may CREATE DATABASE, or set SKIP_POSTGRES=1 to skip the PostgreSQL store tests."
                ),
            };
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
            let old: Vec<String> = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'callerdesk_test_%'")
                .fetch_all(&mut conn)
                .await
                .unwrap_or_default();
            for name in old {
                let stamp = name.trim_start_matches("callerdesk_test_").split('_').next().and_then(|s| s.parse::<u64>().ok());
                if stamp.is_some_and(|t| now.saturating_sub(t) > 7200) {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut conn).await;
                }
            }
            let name = format!("callerdesk_test_{now}_{}", std::process::id());
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .await
                .expect("CREATE DATABASE for the test run");
            let base = match admin.rfind('/') {
                Some(i) if admin[..i].contains("://") && i > admin.find("://").unwrap() + 2 => admin[..i].to_string(),
                _ => admin.clone(),
            };
            format!("{base}/{name}")
        })
        })
        .join()
        .expect("creating the PostgreSQL test database");
        Some(url)
    })
    .clone()
}

/// Writes each listed async fn (taking a `TestDb`) as two tests, `sqlite::name` and
/// `postgres::name`, with the same body.
#[macro_export]
macro_rules! both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestDb::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(db) = $crate::common::TestDb::postgres().await {
                        super::$name(db).await;
                    }
                }
            )*
        }
    };
}
