//! Tenant fixtures for `server/tests/isolation.rs` (included there with `#[path]`): a tenant
//! with look-alike data, its ids by name, and a full dump of a tenant's rows.

use std::collections::BTreeMap;

use axum::Router;
use chrono::Utc;

use app::auth;
use app::model::{ContactFields, CreatedVia, PhoneValue, Role, TenantSettings, WorkItemType};
use app::store::{NewCommunication, NewUser};
use app::store_insights::SourceKind;
use server::store::Database;

use crate::common::{TestDb, unique};

/// One tenant's ids and names by placeholder name (see `fill`), and the texts only it holds.
pub struct Ids {
    v: BTreeMap<&'static str, String>,
    /// Finding one of these in another tenant's answer is a leak.
    pub secrets: Vec<String>,
}

impl Ids {
    pub fn get(&self, name: &str) -> &str {
        &self.v[name]
    }
    pub fn cookie(&self, user: &str) -> String {
        let token = self.get(&format!("{user}_token"));
        format!("callerdesk_session={}.{token}", self.get("tenant"))
    }
    /// Ids that exist in no tenant: the answer every attack must look like.
    pub fn unknown() -> Ids {
        let numbers = NAMES.iter().enumerate();
        let mut v: BTreeMap<_, _> = numbers
            .map(|(i, n)| (*n, format!("98765432{i:04}")))
            .collect();
        for (name, value) in [
            ("item", "987654-T"),
            ("version", "1"),
            ("account", "ACCT-NOWHERE"),
            ("first", "Nobody"),
            ("last", "Nowhere"),
            ("email", "nobody.nowhere@example.test"),
            ("admin_email", "nobody.admin@example.test"),
            ("phone", ""),
            ("queue_name", "Nowhere queue"),
        ] {
            v.insert(name, value.into());
        }
        Ids {
            v,
            secrets: Vec::new(),
        }
    }
}

/// The placeholders: `admin` and `agent` are user ids, `account` an identifier (`account_id`
/// its id), `type` a work item type shown in contacts. `contact` is tagged on `item` (A has more work items than B, so A's
/// reference names nothing in B) and has a note, an email and an SMS; `contact2` is on no
/// work item; `title` and `version` are the item's. Both tenants have Personality Insights on:
/// `contact`'s email and SMS are counted, and `example` is a verbatim example of its writing.
pub const NAMES: &[&str] = &[
    "tenant",
    "contact",
    "contact2",
    "item",
    "version",
    "title",
    "contact_note",
    "item_note",
    "email_comm",
    "type",
    "queue",
    "queue2",
    "queue_name",
    "admin",
    "agent",
    "account",
    "account_id",
    "email",
    "phone",
    "first",
    "last",
    "admin_email",
    "password",
    "admin_token",
    "agent_token",
    "inbound_mac",
    "example",
];

/// The token part of `callerdesk_session={tenant}.{token}`.
pub fn token(cookie: &str) -> &str {
    cookie.rsplit('.').next().unwrap_or_default()
}

/// Tables the fixture writes, so the dump must hold rows of each (it is not vacuous).
pub const DUMPED: &str = "tenants users sessions login_directory accounts contacts queues \
    work_item_types work_items work_item_contacts communications communication_contacts \
    audit_log tenant_counters insight_examples insight_sources contact_insights insight_norms";

pub use crate::common::http_app::router;

/// Signs in; answers the session token.
async fn sign_in(router: &Router, email: &str, password: &str) -> String {
    let cookie = crate::common::http_app::sign_in(router, email, password).await;
    token(&cookie).to_string()
}

/// A tenant with users, queues, a type, an account, contacts, work items, notes and messages;
/// every text carries `zorvex{x}`.
pub async fn tenant(t: &TestDb, router: &Router, x: char, fillers: usize) -> Ids {
    let s = &t.store;
    let now = Utc::now();
    let m = format!("zorvex{x}");
    let marker = format!("Zorvex{x}");
    let tenant = t.tenant(&m).await;
    let password = format!("pw-{m}-battery");
    let hash = auth::server::hash_password(&password).unwrap();
    let mut users = Vec::new();
    for (name, role) in [("Ada", Role::Admin), ("Ari", Role::Agent)] {
        let email = format!("{}.{m}-{}@example.test", name.to_lowercase(), unique());
        let new = NewUser {
            email: email.clone(),
            name: format!("{name} {marker}"),
            role,
            password_hash: hash.clone(),
        };
        users.push((s.create_user(tenant, &new).await.unwrap(), email));
    }
    let queue = s
        .create_queue(tenant, &format!("{marker} Support"), true, now)
        .await
        .unwrap();
    let queue2 = s
        .create_queue(tenant, &format!("{marker} Escalations"), false, now)
        .await
        .unwrap();
    let ty = WorkItemType {
        id: 0,
        name: format!("{marker} Password reset"),
        kind: "ticket".into(),
        live: true,
        show_in_contacts: true,
        default_queue: Some(format!("{marker} Support")),
    };
    let type_id = s.create_work_item_type(tenant, &ty, now).await.unwrap();
    let account = s
        .create_account(
            tenant,
            &format!("ACCT-{}", m.to_uppercase()),
            &format!("{marker} Holdings"),
        )
        .await
        .unwrap();
    let (admin, agent) = (users[0].0.id, users[1].0.id);
    let phone = format!("020 7946 01{:02}", if x == 'a' { 1 } else { 2 });
    let mut contacts = Vec::new();
    for (i, first) in ["Marrow", "Linden", "Oriel"].into_iter().enumerate() {
        let fields = ContactFields {
            first_name: Some(format!("{first}{x}")),
            last_name: Some(marker.clone()),
            email: Some(format!("{}.{m}@example.test", first.to_lowercase())),
            phone: (i == 0).then(|| PhoneValue {
                typed: phone.clone(),
                e164: format!("+44{}", phone[1..].replace(' ', "")),
            }),
            account_identifier: (i != 1).then(|| account.identifier.clone()),
            ..Default::default()
        };
        let c = s
            .create_contact(tenant, Some(admin), &fields, CreatedVia::Manual, now)
            .await;
        contacts.push(c.unwrap().id);
    }
    for _ in 0..fillers {
        let title = format!("{marker} Filler");
        s.create_work_item(tenant, Some(agent), type_id, &title, now)
            .await
            .unwrap();
    }
    let item = s
        .start_work_item(tenant, admin, type_id, contacts[0], now)
        .await
        .unwrap();
    let texts = [
        format!("Called back {m} about the refund"),
        format!("Escalated {m} to second line"),
        format!("Please refund order {m}-1001"),
        format!("Running late {m}"),
    ];
    let mut comms = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let new = match i {
            0 => NewCommunication::note_on_contact(contacts[0], text.clone()),
            1 => NewCommunication {
                kind: "note".into(),
                direction: "internal".into(),
                body_text: text.clone(),
                work_item_id: Some(item.id),
                ..Default::default()
            },
            _ => NewCommunication {
                kind: if i == 2 { "email" } else { "sms" }.into(),
                direction: "incoming".into(),
                subject: (i == 2).then(|| format!("Refund {m}")),
                body_text: text.clone(),
                from_address: Some(format!("marrow.{m}@example.test")),
                to_address: Some(format!("support@{m}.example")),
                contact_id: Some(contacts[0]),
                work_item_id: (i == 2).then_some(item.id),
                ..Default::default()
            },
        };
        comms.push(
            s.add_communication(tenant, Some(admin), &new, now)
                .await
                .unwrap(),
        );
    }
    let example = insights(t, tenant, admin, contacts[0], &comms, &texts, &m).await;
    let view = s.work_item(tenant, &item.reference).await.unwrap().unwrap();
    let mut secrets: Vec<String> = vec![
        format!("Tenant {m}"),
        format!("Ada {marker}"),
        format!("Ari {marker}"),
        format!("{marker} Support"),
        format!("{marker} Escalations"),
        ty.name.clone(),
        format!("{marker} Filler"),
        account.identifier.clone(),
        account.name.clone(),
        format!("Refund {m}"),
        format!("support@{m}.example"),
        marker.clone(),
    ];
    for first in ["Marrow", "Linden", "Oriel"] {
        secrets.push(format!("{first}{x}"));
        secrets.push(format!("{}.{m}@example.test", first.to_lowercase()));
    }
    secrets.extend(users.iter().map(|(_, email)| email.clone()));
    secrets.extend(texts);
    secrets.push(example_text(&m));
    let salt = format!("salt-{m}-{}", unique());
    s.set_inbound_token_salt(tenant, None, &salt, now)
        .await
        .unwrap();
    let inbound = auth::server::inbound_token(crate::common::intake::SECRET, tenant, &salt);
    let inbound_mac = inbound.split_once('.').unwrap().1.to_string();
    let admin_token = sign_in(router, &users[0].1, &password).await;
    let agent_token = sign_in(router, &users[1].1, &password).await;
    let v = [
        ("tenant", tenant.0.to_string()),
        ("contact", contacts[0].0.to_string()),
        ("contact2", contacts[1].0.to_string()),
        ("item", item.reference),
        ("version", view.version.to_string()),
        ("title", view.title),
        ("contact_note", comms[0].to_string()),
        ("item_note", comms[1].to_string()),
        ("email_comm", comms[2].to_string()),
        ("type", type_id.to_string()),
        ("queue", queue.to_string()),
        ("queue2", queue2.to_string()),
        ("queue_name", format!("{marker} Support")),
        ("admin", admin.0.to_string()),
        ("agent", agent.0.to_string()),
        ("account_id", account.id.to_string()),
        ("account", account.identifier),
        ("email", format!("marrow.{m}@example.test")),
        ("phone", phone),
        ("first", format!("Marrow{x}")),
        ("last", marker),
        ("admin_email", users[0].1.clone()),
        ("password", password),
        ("admin_token", admin_token),
        ("agent_token", agent_token),
        ("inbound_mac", inbound_mac),
        ("example", example.to_string()),
    ];
    Ids {
        v: v.into_iter().collect(),
        secrets,
    }
}

fn example_text(m: &str) -> String {
    format!("Honestly {m} I adore exploring curious new ideas with friends")
}

/// Turns Personality Insights on, counts the contact's incoming email and SMS (`comms[2]`,
/// `comms[3]`), adds a verbatim example and computes the norms; answers the example's id.
async fn insights(
    t: &TestDb,
    tenant: app::model::TenantId,
    admin: app::model::UserId,
    contact: app::model::ContactId,
    comms: &[i64],
    texts: &[String],
    m: &str,
) -> i64 {
    let s = t.store.as_ref();
    let now = Utc::now();
    let on = TenantSettings {
        personality_insights: true,
        ..Default::default()
    };
    s.save_tenant_settings(tenant, admin, &on, now)
        .await
        .expect("turn insights on");
    for (i, kind) in [(2, SourceKind::Email), (3, SourceKind::Sms)] {
        let counted =
            app::insights_imp::record_incoming(s, tenant, contact, kind, comms[i], now, &texts[i])
                .await
                .expect("count a message");
        assert!(counted.is_some(), "the feature is on");
    }
    let example =
        app::insights_imp::add_example(s, tenant, admin, contact, &example_text(m), true, now)
            .await
            .expect("add an example");
    app::insights_imp::recompute_norms(s, tenant, now)
        .await
        .expect("norms");
    example.id
}

/// Every row of `tenant` in every table with a `tenant_id` column (and its `tenants` row),
/// rendered as text, sorted. Tables are read from the catalog, so new ones are included.
/// Skipped: SQLite's FTS5 virtual tables and their shadow tables (keyed by the base tables'
/// rowids, no tenant_id; what they index is the base tables' `search_doc` columns, which are
/// dumped), and the global tables in `GLOBAL`. Any other table without `tenant_id` fails.
pub async fn dump(db: &Database, ids: &Ids, skip: &[&str]) -> Vec<String> {
    let tenant: i64 = ids.get("tenant").parse().unwrap();
    // sqlx's migration log, and SQLite's stand-in for sequences (one counter a table).
    const GLOBAL: [&str; 2] = ["_sqlx_migrations", "id_sequences"];
    macro_rules! strings {
        ($sql:expr $(, $bind:expr)*) => {
            match db {
                Database::Sqlite(s) => sqlx::query_scalar::<_, String>($sql)$(.bind($bind))*
                    .fetch_all(&s.write).await.unwrap(),
                Database::Postgres(s) => sqlx::query_scalar::<_, String>($sql)$(.bind($bind))*
                    .fetch_all(&s.write).await.unwrap(),
            }
        };
    }
    let sqlite = matches!(db, Database::Sqlite(_));
    let (tables, virtuals) = if sqlite {
        let list = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                    AND coalesce(sql, '') LIKE 'CREATE VIRTUAL%' = $1 ORDER BY name";
        (strings!(list, false), strings!(list, true))
    } else {
        let list = "SELECT table_name::text FROM information_schema.tables \
                    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1";
        (strings!(list), Vec::new())
    };
    let mut rows = Vec::new();
    for table in tables {
        let shadow = virtuals.iter().any(|v| table.starts_with(&format!("{v}_")));
        if shadow || skip.contains(&table.as_str()) || GLOBAL.contains(&table.as_str()) {
            continue;
        }
        let columns = if sqlite {
            strings!(
                "SELECT name FROM pragma_table_info($1) ORDER BY cid",
                &table
            )
        } else {
            strings!(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                &table
            )
        };
        let key = if columns.iter().any(|c| c == "tenant_id") {
            "tenant_id"
        } else {
            assert_eq!(
                table, "tenants",
                "{table} has no tenant_id: isolate it or list it in GLOBAL"
            );
            "id"
        };
        let quote = if sqlite { "quote" } else { "quote_nullable" };
        let row: Vec<String> = columns
            .iter()
            .map(|c| format!("{quote}(\"{c}\")"))
            .collect();
        let sql = format!(
            "SELECT {} FROM \"{table}\" WHERE \"{key}\" = $1 ORDER BY 1",
            row.join(" || '|' || ")
        );
        for row in strings!(&sql, tenant) {
            rows.push(format!("{table}: {row}"));
        }
    }
    rows
}

/// The `.route("…", get(..).post(..))` entries of a router source file, as `METHOD /path`.
pub fn source_routes(source: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in source.split(".route(\"").skip(1) {
        let (path, rest) = chunk.split_once('"').unwrap();
        // The handlers: up to the parenthesis that closes `.route(`.
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        let handlers = rest[..end].replace(['.', ','], " ");
        for method in ["get", "post", "put", "patch", "delete"] {
            if handlers
                .split_whitespace()
                .any(|w| w.starts_with(&format!("{method}(")))
            {
                out.push(format!("{} {prefix}{path}", method.to_uppercase()));
            }
        }
    }
    out
}
