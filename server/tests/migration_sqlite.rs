//! The SQLite upgrade to migration 6 rebuilds the `contacts` table (to widen a CHECK) inside
//! sqlx's migration transaction with deferred foreign keys. This proves it on a database that
//! was seeded at migration 5: every row survives, every reference still holds
//! (`PRAGMA foreign_key_check`), Quickfind still finds the contacts through the kept FTS rows,
//! and the widened CHECK accepts an SMS-created contact. (PostgreSQL alters the constraint in
//! place; its migrations run in every other test.)

mod common;

use std::borrow::Cow;

use sqlx::Row;

use app::model::{ContactFields, CreatedVia, PhoneValue};
use server::config::SeedArgs;
use server::store::{Database, connect};

async fn counts(pool: &sqlx::SqlitePool) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "contacts",
        "work_items",
        "work_item_contacts",
        "communications",
        "communication_contacts",
        "audit_log",
    ] {
        out.push(
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(pool)
                .await
                .unwrap(),
        );
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_survive_the_rebuild_with_their_references_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/upgrade.db", dir.path().display());
    let db = connect(&url).await.unwrap();
    let Database::Sqlite(s) = &db else {
        unreachable!("a SQLite URL")
    };
    let mut before_six = sqlx::migrate!("../migrations/sqlite");
    before_six.migrations = Cow::Owned(
        before_six
            .migrations
            .iter()
            .filter(|m| m.version <= 5)
            .cloned()
            .collect(),
    );
    before_six.run(&s.write).await.unwrap();
    let args = SeedArgs {
        tenant: "upgrade".into(),
        contacts: 300,
        work_items: 600,
        comms: 1500,
        seed: 3,
        batch: 500,
        now: None,
    };
    server::seed::run(&db, &args).await.unwrap();
    let before = counts(&s.read).await;
    assert!(
        before[0] == 300 && before[2] > 0 && before[4] > 0,
        "{before:?}"
    );
    let sample = sqlx::query(
        "SELECT id, last_name FROM contacts WHERE last_name IS NOT NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(&s.read)
    .await
    .unwrap();
    let (id, last): (i64, String) = (sample.get("id"), sample.get("last_name"));

    db.migrate().await.unwrap();

    assert_eq!(counts(&s.read).await, before, "every row survives");
    let broken: Vec<(String, i64)> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check")
            .fetch_all(&s.read)
            .await
            .unwrap();
    assert!(
        broken.is_empty(),
        "references broken by the rebuild: {broken:?}"
    );
    let store = db.store();
    let tenant = store.tenant_by_slug("upgrade").await.unwrap().unwrap().id;
    let query = app::domain::quickfind::Query::parse(&last);
    let request = app::search_api::SearchRequest::all(100);
    let found = store.quickfind(tenant, &query, &request).await.unwrap();
    assert!(
        found.people.iter().any(|p| p.id.0 == id),
        "Quickfind still finds {last} (#{id})"
    );
    let fields = ContactFields {
        mobile: Some(PhoneValue {
            typed: "+447700900999".into(),
            e164: "+447700900999".into(),
        }),
        ..Default::default()
    };
    let c = store
        .create_contact(tenant, None, &fields, CreatedVia::Sms, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(c.created_via, CreatedVia::Sms);
    let indexes: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'contacts' AND type IN ('index', 'trigger')")
        .fetch_one(&s.read)
        .await
        .unwrap();
    assert!(indexes >= 14, "indexes and triggers re-created: {indexes}");
}
