//! The admin store (SPEC §2.6): users, queues, types, accounts, tenant settings, the audit
//! log and idle sessions. The same bodies run on SQLite and PostgreSQL.

mod common;

use chrono::{Duration, Utc};

use app::admin_api::AuditQuery;
use app::model::{ContactFields, CreatedVia, Role, TenantSettings, UserId, WorkItemType};
use app::store::StoreError;
use common::TestDb;
use common::fixtures::{contact, now, types, user};

both_engines!(
    the_last_active_admin_stays_an_admin,
    deactivating_a_user_ends_their_sessions,
    an_idle_session_ends,
    a_new_password_ends_other_sessions_and_can_be_temporary,
    the_default_queue_moves_but_never_disappears,
    a_type_change_shows_in_what_contacts_can_start_at_once,
    account_identifiers_stay_unique_and_accounts_filter,
    tenant_settings_are_saved_and_audited,
    the_audit_log_filters_by_user_contact_and_date,
    another_tenants_ids_are_not_found,
);

async fn the_last_active_admin_stays_an_admin(t: TestDb) {
    let a = t.tenant("lastadmin").await;
    let admin = user(&t, a, "Ada Admin", Role::Admin).await;
    let other = user(&t, a, "Ola Admin", Role::Admin).await;
    t.store
        .update_user(a, admin, other, "Ola Agent", Role::Agent, true, now())
        .await
        .unwrap();
    let err = t
        .store
        .update_user(a, other, admin, "Ada Admin", Role::Admin, false, now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { ref field, .. } if field == "role"),
        "{err:?}"
    );
    let users = t.store.users(a).await.unwrap();
    let ada = users.iter().find(|u| u.id == admin.0).unwrap();
    assert!(ada.active && ada.role == Role::Admin, "unchanged");
    let ola = users.iter().find(|u| u.id == other.0).unwrap();
    assert_eq!((ola.name.as_str(), ola.role), ("Ola Agent", Role::Agent));
}

async fn deactivating_a_user_ends_their_sessions(t: TestDb) {
    let a = t.tenant("deact").await;
    let admin = user(&t, a, "Ada Admin", Role::Admin).await;
    let agent = user(&t, a, "Dee Agent", Role::Agent).await;
    let at = Utc::now();
    t.store
        .create_session(a, agent, "agent-token", at, at + Duration::days(1))
        .await
        .unwrap();
    let live = |t: &TestDb| {
        let store = t.store.clone();
        async move {
            store
                .session_user(a, "agent-token", at, at - Duration::hours(2))
                .await
                .unwrap()
        }
    };
    assert!(live(&t).await.is_some());
    t.store
        .update_user(a, admin, agent, "Dee Agent", Role::Agent, false, now())
        .await
        .unwrap();
    assert!(live(&t).await.is_none());
    // Reactivating does not bring the session back.
    t.store
        .update_user(a, admin, agent, "Dee Agent", Role::Agent, true, now())
        .await
        .unwrap();
    assert!(live(&t).await.is_none());
}

async fn an_idle_session_ends(t: TestDb) {
    let a = t.tenant("idle").await;
    let u = user(&t, a, "Ida Idle", Role::Agent).await;
    let start = Utc::now() - Duration::hours(3);
    t.store
        .create_session(a, u, "idle-token", start, start + Duration::days(1))
        .await
        .unwrap();
    let now = Utc::now();
    assert!(
        t.store
            .session_user(a, "idle-token", now, now - Duration::hours(2))
            .await
            .unwrap()
            .is_none(),
        "unused for 3 hours, idle limit 2"
    );
    assert!(
        t.store
            .session_user(a, "idle-token", now, now - Duration::hours(4))
            .await
            .unwrap()
            .is_some(),
        "idle limit 4 hours"
    );
}

async fn a_new_password_ends_other_sessions_and_can_be_temporary(t: TestDb) {
    let a = t.tenant("pw").await;
    let u = user(&t, a, "Pat Password", Role::Agent).await;
    let at = Utc::now();
    for token in ["keep", "other"] {
        t.store
            .create_session(a, u, token, at, at + Duration::days(1))
            .await
            .unwrap();
    }
    t.store
        .set_password(a, Some(u), u, "new-hash", true, Some("keep"), now())
        .await
        .unwrap();
    let kept = t
        .store
        .session_user(a, "keep", at, at - Duration::hours(1))
        .await
        .unwrap()
        .expect("the changing session stays");
    assert!(kept.must_change_password);
    assert!(
        t.store
            .session_user(a, "other", at, at - Duration::hours(1))
            .await
            .unwrap()
            .is_none()
    );
    let err = t
        .store
        .set_password(a, None, UserId(987_654), "h", false, None, now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
}

async fn the_default_queue_moves_but_never_disappears(t: TestDb) {
    let a = t.tenant("queues").await;
    let admin = user(&t, a, "Ada Admin", Role::Admin).await;
    let general = t
        .store
        .create_queue(a, "General", true, now())
        .await
        .unwrap();
    let billing = t
        .store
        .create_queue(a, "Billing", false, now())
        .await
        .unwrap();
    let err = t
        .store
        .update_queue(a, admin, general, "General", false, now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { ref field, .. } if field == "is_default"));
    t.store
        .update_queue(a, admin, billing, "Billing & refunds", true, now())
        .await
        .unwrap();
    let queues = t.store.admin_queues(a).await.unwrap();
    let defaults: Vec<_> = queues
        .iter()
        .filter(|q| q.is_default)
        .map(|q| q.name.as_str())
        .collect();
    assert_eq!(defaults, ["Billing & refunds"]);
    let err = t
        .store
        .update_queue(a, admin, general, "Billing & refunds", false, now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { ref field, .. } if field == "name"),
        "{err:?}"
    );
}

async fn a_type_change_shows_in_what_contacts_can_start_at_once(t: TestDb) {
    let a = t.tenant("types").await;
    let admin = user(&t, a, "Ada Admin", Role::Admin).await;
    let (ticket, _) = types(&t, a).await;
    let shown = |list: &[WorkItemType]| {
        list.iter()
            .filter(|ty| ty.live && ty.show_in_contacts)
            .map(|ty| ty.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(&t.store.work_item_types(a).await.unwrap()),
        ["Password reset", "Refund claim"]
    );
    let changed = WorkItemType {
        id: ticket,
        name: "Password reset".into(),
        kind: "ticket".into(),
        live: true,
        show_in_contacts: false,
        default_queue: Some("General".into()),
    };
    t.store
        .update_work_item_type(a, admin, &changed, now())
        .await
        .unwrap();
    assert_eq!(
        shown(&t.store.work_item_types(a).await.unwrap()),
        ["Refund claim"]
    );
    let bad_queue = WorkItemType {
        default_queue: Some("Nowhere".into()),
        ..changed.clone()
    };
    let err = t
        .store
        .update_work_item_type(a, admin, &bad_queue, now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { ref field, .. } if field == "default_queue"));
    let log = t
        .store
        .audit_log(a, &AuditQuery::default(), 0, 10)
        .await
        .unwrap()
        .0;
    assert_eq!(log[0].entity, "work_item_type");
    assert_eq!(log[0].entity_label, "Password reset");
    assert_eq!(
        (log[0].old_value.as_deref(), log[0].new_value.as_deref()),
        (Some("yes"), Some("no"))
    );
    assert_eq!(log[0].user.as_ref().map(|u| u.id), Some(admin));
}

async fn account_identifiers_stay_unique_and_accounts_filter(t: TestDb) {
    let a = t.tenant("accounts").await;
    let admin = user(&t, a, "Ada Admin", Role::Admin).await;
    let acme = t.store.create_account(a, "ACME", "Acme Ltd").await.unwrap();
    t.store
        .create_account(a, "GLOBEX", "Globex 50% Corp")
        .await
        .unwrap();
    let fields = ContactFields {
        first_name: Some("Wile".into()),
        account_identifier: Some("acme".into()),
        ..Default::default()
    };
    t.store
        .create_contact(a, None, &fields, CreatedVia::Manual, now())
        .await
        .unwrap();
    let err = t
        .store
        .update_account(a, admin, acme.id, "globex", "Acme Ltd", now())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { ref field, .. } if field == "identifier"));
    t.store
        .update_account(a, admin, acme.id, "ACME-UK", "Acme UK", now())
        .await
        .unwrap();
    let (rows, more) = t.store.accounts(a, "uk", 0, 10).await.unwrap();
    assert!(!more);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].identifier.as_str(),
            rows[0].name.as_str(),
            rows[0].contacts
        ),
        ("ACME-UK", "Acme UK", 1)
    );
    let (rows, _) = t.store.accounts(a, "50%", 0, 10).await.unwrap();
    assert_eq!(rows.len(), 1, "% is a character, not a wildcard");
    let (rows, more) = t.store.accounts(a, "", 0, 1).await.unwrap();
    assert_eq!((rows.len(), more), (1, true));
}

async fn tenant_settings_are_saved_and_audited(t: TestDb) {
    let a = t.tenant("settings").await;
    let admin = user(&t, a, "Ada Admin", Role::Admin).await;
    let settings = TenantSettings {
        default_region: "US".into(),
        personality_insights: true,
        auto_create_contacts: false,
    };
    t.store
        .save_tenant_settings(a, admin, &settings, now())
        .await
        .unwrap();
    assert_eq!(t.store.tenant(a).await.unwrap().settings, settings);
    assert_eq!(t.store.inbound_token_salt(a).await.unwrap(), None);
    t.store
        .set_inbound_token_salt(a, Some(admin), "salt", now())
        .await
        .unwrap();
    assert_eq!(
        t.store.inbound_token_salt(a).await.unwrap().as_deref(),
        Some("salt")
    );
    let log = t
        .store
        .audit_log(a, &AuditQuery::default(), 0, 10)
        .await
        .unwrap()
        .0;
    let fields: Vec<_> = log.iter().map(|r| r.field.as_str()).collect();
    assert_eq!(fields.len(), 4, "{fields:?}");
    assert!(fields.contains(&"inbound_token") && fields.contains(&"default_region"));
    assert!(
        log.iter()
            .all(|r| r.entity == "tenant" && r.entity_label == "Tenant settings")
    );
}

async fn the_audit_log_filters_by_user_contact_and_date(t: TestDb) {
    let a = t.tenant("audit").await;
    let ann = user(&t, a, "Ann Agent", Role::Agent).await;
    let bob = user(&t, a, "Bob Agent", Role::Agent).await;
    let jane = contact(&t, a, "Jane", "Doe").await;
    let john = contact(&t, a, "John", "Roe").await;
    let edit = |who: UserId, id, first: &str, at| {
        let store = t.store.clone();
        let first = first.to_string();
        async move {
            let c = store.contact(a, id).await.unwrap().unwrap();
            let mut fields = c.fields.clone();
            fields.first_name = Some(first);
            store
                .update_contact(a, who, id, c.version, &fields, at)
                .await
                .unwrap();
        }
    };
    let day1 = "2026-03-01T10:00:00Z".parse().unwrap();
    let day2 = "2026-03-02T23:59:00Z".parse().unwrap();
    edit(ann, jane, "Janet", day1).await;
    edit(bob, jane, "Janice", day2).await;
    edit(bob, john, "Jon", day2).await;
    let run = |q: AuditQuery| {
        let store = t.store.clone();
        async move {
            store
                .audit_log(a, &q, 0, 50)
                .await
                .unwrap()
                .0
                .into_iter()
                .map(|r| {
                    (
                        r.user.map(|u| u.name).unwrap_or_default(),
                        r.entity_label,
                        r.new_value.unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let s = |u: &str, l: &str, v: &str| (u.to_string(), l.to_string(), v.to_string());
    assert_eq!(
        run(AuditQuery::default()).await,
        [
            s("Bob Agent", "Jon Roe", "Jon"),
            s("Bob Agent", "Janice Doe", "Janice"),
            s("Ann Agent", "Janice Doe", "Janet")
        ],
        "newest first, labelled with the contact's current name"
    );
    assert_eq!(
        run(AuditQuery {
            user_id: Some(ann.0),
            ..Default::default()
        })
        .await,
        [s("Ann Agent", "Janice Doe", "Janet")]
    );
    assert_eq!(
        run(AuditQuery {
            contact_id: Some(john.0),
            ..Default::default()
        })
        .await,
        [s("Bob Agent", "Jon Roe", "Jon")]
    );
    let from = "2026-03-02T00:00:00Z".parse().ok();
    let until = "2026-03-03T00:00:00Z".parse().ok();
    assert_eq!(
        run(AuditQuery {
            from,
            until,
            user_id: Some(bob.0),
            contact_id: Some(jane.0)
        })
        .await,
        [s("Bob Agent", "Janice Doe", "Janice")]
    );
    assert_eq!(
        run(AuditQuery {
            until: from,
            ..Default::default()
        })
        .await,
        [s("Ann Agent", "Janice Doe", "Janet")]
    );
    let (page, more) = t
        .store
        .audit_log(a, &AuditQuery::default(), 1, 1)
        .await
        .unwrap();
    assert_eq!((page.len(), more), (1, true));
}

async fn another_tenants_ids_are_not_found(t: TestDb) {
    let a = t.tenant("mine").await;
    let b = t.tenant("theirs").await;
    let admin_a = user(&t, a, "Ada Admin", Role::Admin).await;
    let admin_b = user(&t, b, "Bea Admin", Role::Admin).await;
    let queue = t
        .store
        .create_queue(a, "General", true, now())
        .await
        .unwrap();
    let (ticket, _) = types(&t, b).await;
    let account = t.store.create_account(a, "ACME", "Acme").await.unwrap();
    let not_found =
        |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    not_found(
        t.store
            .update_user(b, admin_b, admin_a, "X", Role::Agent, false, now())
            .await,
    );
    not_found(
        t.store
            .set_password(b, Some(admin_b), admin_a, "h", true, None, now())
            .await,
    );
    not_found(
        t.store
            .update_queue(b, admin_b, queue, "X", true, now())
            .await,
    );
    let ty = WorkItemType {
        id: ticket,
        name: "X".into(),
        kind: "ticket".into(),
        live: false,
        show_in_contacts: false,
        default_queue: None,
    };
    not_found(t.store.update_work_item_type(a, admin_a, &ty, now()).await);
    not_found(
        t.store
            .update_account(b, admin_b, account.id, "X", "X", now())
            .await,
    );
    assert!(
        t.store
            .users(b)
            .await
            .unwrap()
            .iter()
            .all(|u| u.id != admin_a.0)
    );
    assert!(t.store.accounts(b, "", 0, 10).await.unwrap().0.is_empty());
    assert!(
        t.store
            .audit_log(b, &AuditQuery::default(), 0, 10)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    let users = t.store.users(a).await.unwrap();
    assert!(
        users[0].active && users[0].role == Role::Admin,
        "A's admin unchanged"
    );
}
