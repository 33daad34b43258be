//! Fixtures for the Contact Activity store tests: contacts, users, work item types, started
//! work items and communications, written through the store like the app writes them.

use chrono::{DateTime, SubsecRound, Utc};

use app::activity_api::{CommFilter, CommunicationView};
use app::domain::quickfind::Query;
use app::model::{ContactFields, ContactId, CreatedVia, Role, TenantId, UserId, WorkItemType};
use app::store::{NewCommunication, NewUser};
use server::store::Database;

use super::TestDb;

pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

pub async fn contact(t: &TestDb, tenant: TenantId, first: &str, last: &str) -> ContactId {
    let fields = ContactFields {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..Default::default()
    };
    t.store
        .create_contact(tenant, None, &fields, CreatedVia::Manual, now())
        .await
        .expect("create contact")
        .id
}

pub async fn user(t: &TestDb, tenant: TenantId, name: &str, role: Role) -> UserId {
    let email = format!(
        "{}-{}@example.test",
        name.to_lowercase().replace(' ', "."),
        super::unique()
    );
    let new = NewUser {
        email,
        name: name.into(),
        role,
        password_hash: "x".into(),
    };
    t.store
        .create_user(tenant, &new)
        .await
        .expect("create user")
        .id
}

/// A queue and two types shown in contacts (a ticket and a case); returns their ids.
pub async fn types(t: &TestDb, tenant: TenantId) -> (i64, i64) {
    t.store
        .create_queue(tenant, "General", true, now())
        .await
        .expect("create queue");
    let mut ty = WorkItemType {
        id: 0,
        name: "Password reset".into(),
        kind: "ticket".into(),
        live: true,
        show_in_contacts: true,
        default_queue: Some("General".into()),
    };
    let ticket = t
        .store
        .create_work_item_type(tenant, &ty, now())
        .await
        .expect("create ticket type");
    ty.name = "Refund claim".into();
    ty.kind = "case".into();
    ty.default_queue = None;
    let case = t
        .store
        .create_work_item_type(tenant, &ty, now())
        .await
        .expect("create case type");
    (ticket, case)
}

/// Sets what a later issue's state changes will set (state, due date, last update).
pub async fn set_item(
    t: &TestDb,
    tenant: TenantId,
    reference: &str,
    state: &str,
    due: Option<DateTime<Utc>>,
    updated: DateTime<Utc>,
) {
    let sql = "UPDATE work_items SET state = $3, due_at = $4, updated_at = $5 \
               WHERE tenant_id = $1 AND reference = $2";
    let done = match &t.db {
        Database::Sqlite(s) => sqlx::query(sql)
            .bind(tenant.0)
            .bind(reference)
            .bind(state)
            .bind(due)
            .bind(updated)
            .execute(&s.write)
            .await
            .map(|r| r.rows_affected()),
        Database::Postgres(s) => sqlx::query(sql)
            .bind(tenant.0)
            .bind(reference)
            .bind(state)
            .bind(due)
            .bind(updated)
            .execute(&s.write)
            .await
            .map(|r| r.rows_affected()),
    };
    assert_eq!(done.expect("update work item"), 1, "{reference} exists");
}

pub async fn start(t: &TestDb, tenant: TenantId, actor: UserId, ty: i64, c: ContactId) -> String {
    t.store
        .start_work_item(tenant, actor, ty, c, now())
        .await
        .expect("start work item")
        .reference
}

pub fn email(
    contact: Option<ContactId>,
    work_item: Option<i64>,
    subject: &str,
    body: &str,
) -> NewCommunication {
    NewCommunication {
        kind: "email".into(),
        direction: "incoming".into(),
        subject: Some(subject.into()),
        body_text: body.into(),
        from_address: Some("caller@example.com".into()),
        to_address: Some("support@example.com".into()),
        contact_id: contact,
        work_item_id: work_item,
        ..Default::default()
    }
}

pub async fn add_at(
    t: &TestDb,
    tenant: TenantId,
    mut new: NewCommunication,
    at: DateTime<Utc>,
) -> i64 {
    new.occurred_at = Some(at);
    t.store
        .add_communication(tenant, None, &new, now())
        .await
        .expect("add communication")
}

pub async fn comms(
    t: &TestDb,
    tenant: TenantId,
    c: ContactId,
    filter: &CommFilter,
) -> Vec<CommunicationView> {
    let query = Query::parse(&filter.text);
    let query = (!query.is_empty()).then_some(query);
    t.store
        .contact_communications(tenant, c, filter, query.as_ref(), 0, 50)
        .await
        .expect("contact communications")
        .0
}

pub fn ids(list: &[CommunicationView]) -> Vec<i64> {
    list.iter().map(|c| c.id).collect()
}
