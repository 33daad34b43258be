//! Store integration tests. Every test body runs on SQLite and on PostgreSQL.

mod common;

use chrono::{Duration, Utc};

use app::model::{
    Channel, ContactFields, ContactId, ContactQuery, ContactSort, CreatedVia, PhoneValue, Priority,
    Role, UserId,
};
use app::store::{NewUser, StoreError};
use common::TestDb;

fn person(first: &str, last: &str, email: Option<&str>) -> ContactFields {
    ContactFields {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        email: email.map(str::to_string),
        ..Default::default()
    }
}

/// A contact created by no one in particular, the way most tests need one.
async fn add(
    t: &TestDb,
    tenant: app::model::TenantId,
    fields: &ContactFields,
) -> app::model::Contact {
    t.store
        .create_contact(tenant, None, fields, CreatedVia::Manual, Utc::now())
        .await
        .unwrap()
}

async fn user(t: &TestDb, tenant: app::model::TenantId, name: &str) -> UserId {
    let email = format!(
        "{}-{}@example.test",
        name.to_lowercase().replace(' ', "."),
        common::unique()
    );
    t.store
        .create_user(
            tenant,
            &NewUser {
                email,
                name: name.into(),
                role: Role::Agent,
                password_hash: "x".into(),
            },
        )
        .await
        .unwrap()
        .id
}

both_engines!(
    a_contact_reads_back_exactly_as_written,
    a_stale_update_is_refused_with_the_current_contact_and_changes_nothing,
    each_changed_field_is_audited_with_old_and_new_values,
    emails_are_unique_within_a_tenant_ignoring_case,
    the_same_email_may_exist_in_two_tenants,
    an_unknown_account_identifier_is_refused,
    another_tenants_contact_answers_as_not_found,
    contacts_filter_sort_and_page,
    user_emails_are_unique_across_tenants_and_found_case_insensitively,
    sessions_live_until_expiry_or_logout_and_stay_in_their_tenant,
    the_seeder_writes_what_it_reports,
    of_two_simultaneous_saves_from_one_version_exactly_one_wins,
    saving_unchanged_fields_changes_nothing,
    names_filter_and_sort_alike_with_accents_on_both_engines,
);

async fn a_contact_reads_back_exactly_as_written(t: TestDb) {
    let tenant = t.tenant("rw").await;
    let agent = user(&t, tenant, "Alex Agent").await;
    t.store
        .create_account(tenant, "ACME-1", "Acme Ltd")
        .await
        .unwrap();
    let fields = ContactFields {
        first_name: Some("Siobhán".into()),
        last_name: Some("O'Brien".into()),
        address: Some("1 High Street\nFlat 2".into()),
        city: Some("London".into()),
        state: Some("Greater London".into()),
        postal_code: Some("SW1A 1AA".into()),
        country: Some("United Kingdom".into()),
        time_zone: Some("Europe/London".into()),
        email: Some("Siobhan.OBrien@Example.com".into()),
        phone: Some(PhoneValue {
            typed: "020 7946 0958".into(),
            e164: "+442079460958".into(),
        }),
        mobile: Some(PhoneValue {
            typed: "07700 900123".into(),
            e164: "+447700900123".into(),
        }),
        fax: None,
        account_identifier: Some("acme-1".into()),
        priority: Priority::High,
        preferred_channels: vec![Channel::Email, Channel::Sms],
    };
    let now = Utc::now();
    let created = t
        .store
        .create_contact(tenant, Some(agent), &fields, CreatedVia::Manual, now)
        .await
        .unwrap();
    let read = t
        .store
        .contact(tenant, created.id)
        .await
        .unwrap()
        .expect("exists");
    assert_eq!(read, created);
    assert_eq!(read.version, 1);
    assert_eq!(read.fields.first_name.as_deref(), Some("Siobhán"));
    assert_eq!(read.fields.phone, fields.phone);
    assert_eq!(
        read.fields.preferred_channels,
        vec![Channel::Email, Channel::Sms]
    );
    assert_eq!(read.fields.priority, Priority::High);
    assert_eq!(
        read.account.as_ref().map(|a| a.identifier.as_str()),
        Some("ACME-1")
    );
    assert_eq!(
        read.created_by.as_ref().map(|u| u.name.as_str()),
        Some("Alex Agent")
    );
    assert_eq!(read.created_via, CreatedVia::Manual);
    assert!((read.created_at - now).num_milliseconds().abs() <= 1);
}

async fn a_stale_update_is_refused_with_the_current_contact_and_changes_nothing(t: TestDb) {
    let tenant = t.tenant("stale").await;
    let ann = user(&t, tenant, "Ann").await;
    let bob = user(&t, tenant, "Bob").await;
    let c = t
        .store
        .create_contact(
            tenant,
            Some(ann),
            &person("Jane", "Doe", None),
            CreatedVia::Manual,
            Utc::now(),
        )
        .await
        .unwrap();

    let mut first = c.fields.clone();
    first.city = Some("Leeds".into());
    let saved = t
        .store
        .update_contact(tenant, ann, c.id, c.version, &first, Utc::now())
        .await
        .unwrap();
    assert_eq!(saved.version, 2);

    let mut second = c.fields.clone();
    second.city = Some("York".into());
    match t
        .store
        .update_contact(tenant, bob, c.id, c.version, &second, Utc::now())
        .await
    {
        Err(StoreError::Conflict { current }) => {
            assert_eq!(current.version, 2);
            assert_eq!(current.fields.city.as_deref(), Some("Leeds"));
            assert_eq!(
                current.updated_by.as_ref().map(|u| u.name.as_str()),
                Some("Ann")
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = t.store.contact(tenant, c.id).await.unwrap().unwrap();
    assert_eq!(now.fields.city.as_deref(), Some("Leeds"));
    assert_eq!(now.version, 2);

    // Saving again from the version now seen goes through.
    let third = t
        .store
        .update_contact(tenant, bob, c.id, 2, &second, Utc::now())
        .await
        .unwrap();
    assert_eq!(third.fields.city.as_deref(), Some("York"));
    assert_eq!(third.version, 3);
}

async fn each_changed_field_is_audited_with_old_and_new_values(t: TestDb) {
    let tenant = t.tenant("audit").await;
    let ann = user(&t, tenant, "Ann Auditor").await;
    let c = t
        .store
        .create_contact(
            tenant,
            Some(ann),
            &person("Jane", "Doe", Some("jane@example.com")),
            CreatedVia::Manual,
            Utc::now(),
        )
        .await
        .unwrap();
    let mut f = c.fields.clone();
    f.last_name = Some("Smith".into());
    f.priority = Priority::Urgent;
    t.store
        .update_contact(tenant, ann, c.id, 1, &f, Utc::now())
        .await
        .unwrap();
    // Saving unchanged fields records nothing.
    t.store
        .update_contact(tenant, ann, c.id, 2, &f, Utc::now())
        .await
        .unwrap();
    let mut history = t.store.contact_history(tenant, c.id, 50).await.unwrap();
    history.sort_by(|a, b| a.field.cmp(&b.field));
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0].field, "last_name");
    assert_eq!(history[0].old_value.as_deref(), Some("Doe"));
    assert_eq!(history[0].new_value.as_deref(), Some("Smith"));
    assert_eq!(
        history[0].user.as_ref().map(|u| u.name.as_str()),
        Some("Ann Auditor")
    );
    assert_eq!(history[1].field, "priority");
    assert_eq!(history[1].old_value.as_deref(), Some("normal"));
    assert_eq!(history[1].new_value.as_deref(), Some("urgent"));
}

async fn emails_are_unique_within_a_tenant_ignoring_case(t: TestDb) {
    let tenant = t.tenant("uniq").await;
    let a = add(&t, tenant, &person("A", "One", Some("Same@Example.com"))).await;
    let dup = t
        .store
        .create_contact(
            tenant,
            None,
            &person("B", "Two", Some("same@example.COM")),
            CreatedVia::Manual,
            Utc::now(),
        )
        .await;
    assert!(
        matches!(dup, Err(StoreError::Duplicate { ref field, .. }) if field == "email"),
        "{dup:?}"
    );
    // Changing another contact's email to it is refused as well, and changes nothing.
    let b = add(&t, tenant, &person("B", "Two", Some("b@example.com"))).await;
    let mut f = b.fields.clone();
    f.email = Some("SAME@example.com".into());
    let r = t
        .store
        .update_contact(tenant, UserId(0), b.id, b.version, &f, Utc::now())
        .await;
    assert!(matches!(r, Err(StoreError::Duplicate { .. })), "{r:?}");
    assert_eq!(
        t.store
            .contact(tenant, b.id)
            .await
            .unwrap()
            .unwrap()
            .fields
            .email
            .as_deref(),
        Some("b@example.com")
    );
    // A contact keeps its own email through an update.
    let mut own = a.fields.clone();
    own.city = Some("Bath".into());
    t.store
        .update_contact(tenant, UserId(0), a.id, a.version, &own, Utc::now())
        .await
        .unwrap();
}

async fn the_same_email_may_exist_in_two_tenants(t: TestDb) {
    let one = t.tenant("one").await;
    let two = t.tenant("two").await;
    add(&t, one, &person("A", "One", Some("shared@example.com"))).await;
    add(&t, two, &person("A", "One", Some("shared@example.com"))).await;
}

async fn an_unknown_account_identifier_is_refused(t: TestDb) {
    let tenant = t.tenant("acct").await;
    let other = t.tenant("acct-other").await;
    t.store
        .create_account(other, "ELSEWHERE", "Other tenant's account")
        .await
        .unwrap();
    let mut f = person("Jane", "Doe", None);
    f.account_identifier = Some("ELSEWHERE".into());
    let r = t
        .store
        .create_contact(tenant, None, &f, CreatedVia::Manual, Utc::now())
        .await;
    assert!(
        matches!(r, Err(StoreError::Invalid { ref field, .. }) if field == "account_identifier"),
        "{r:?}"
    );
    let page = t
        .store
        .list_contacts(
            tenant,
            &ContactQuery {
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(page.items.is_empty(), "nothing was written");
}

async fn another_tenants_contact_answers_as_not_found(t: TestDb) {
    let a = t.tenant("iso-a").await;
    let b = t.tenant("iso-b").await;
    let c = add(&t, a, &person("Only", "InA", Some("only@a.example"))).await;
    assert!(t.store.contact(b, c.id).await.unwrap().is_none());
    assert!(
        t.store
            .contact(b, ContactId(c.id.0 + 1_000_000))
            .await
            .unwrap()
            .is_none()
    );
    let r = t
        .store
        .update_contact(
            b,
            UserId(0),
            c.id,
            c.version,
            &person("Hacked", "ByB", None),
            Utc::now(),
        )
        .await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    let page = t
        .store
        .list_contacts(
            b,
            &ContactQuery {
                text: "only".into(),
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert!(
        t.store
            .contact_history(b, c.id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        t.store
            .contact(a, c.id)
            .await
            .unwrap()
            .unwrap()
            .fields
            .first_name
            .as_deref(),
        Some("Only")
    );
}

async fn contacts_filter_sort_and_page(t: TestDb) {
    let tenant = t.tenant("list").await;
    t.store
        .create_account(tenant, "GLOBEX", "Globex")
        .await
        .unwrap();
    for (first, last, city) in [
        ("Zoe", "Adams", "York"),
        ("Yann", "Brown", "Bath"),
        ("Xia", "Clark", "Leeds"),
        ("Will", "Davies", "Bath"),
        ("Vera", "Evans", "Hull"),
    ] {
        let mut f = person(
            first,
            last,
            Some(&format!("{}@example.com", first.to_lowercase())),
        );
        f.city = Some(city.into());
        if city == "Bath" {
            f.account_identifier = Some("GLOBEX".into());
        }
        t.store
            .create_contact(tenant, None, &f, CreatedVia::Import, Utc::now())
            .await
            .unwrap();
    }
    let q = |text: &str, sort, descending, page, per_page| ContactQuery {
        text: text.into(),
        account: String::new(),
        sort,
        descending,
        page,
        per_page,
    };
    let names = |p: &app::model::Page<app::model::ContactRow>| {
        p.items
            .iter()
            .map(|r| r.last_name.clone().unwrap())
            .collect::<Vec<_>>()
    };

    let p1 = t
        .store
        .list_contacts(tenant, &q("", ContactSort::LastName, false, 1, 2))
        .await
        .unwrap();
    assert_eq!(names(&p1), ["Adams", "Brown"]);
    assert!(p1.has_more);
    let p3 = t
        .store
        .list_contacts(tenant, &q("", ContactSort::LastName, false, 3, 2))
        .await
        .unwrap();
    assert_eq!(names(&p3), ["Evans"]);
    assert!(!p3.has_more);
    let desc = t
        .store
        .list_contacts(tenant, &q("", ContactSort::FirstName, true, 1, 10))
        .await
        .unwrap();
    assert_eq!(names(&desc), ["Adams", "Brown", "Clark", "Davies", "Evans"]);
    let bath = t
        .store
        .list_contacts(tenant, &q("BA", ContactSort::LastName, false, 1, 10))
        .await
        .unwrap();
    assert_eq!(names(&bath), ["Brown", "Davies"]);
    let two_words = t
        .store
        .list_contacts(tenant, &q("bath wi", ContactSort::LastName, false, 1, 10))
        .await
        .unwrap();
    assert_eq!(names(&two_words), ["Davies"]);
    let by_account = t
        .store
        .list_contacts(
            tenant,
            &ContactQuery {
                account: "globex".into(),
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(names(&by_account), ["Brown", "Davies"]);
    // LIKE wildcards typed by the agent are literal.
    let wild = t
        .store
        .list_contacts(tenant, &q("%", ContactSort::LastName, false, 1, 10))
        .await
        .unwrap();
    assert!(wild.items.is_empty());
}

async fn user_emails_are_unique_across_tenants_and_found_case_insensitively(t: TestDb) {
    let a = t.tenant("ua").await;
    let b = t.tenant("ub").await;
    let email = format!("Agent.{}@Example.test", common::unique());
    t.store
        .create_user(
            a,
            &NewUser {
                email: email.clone(),
                name: "Agent A".into(),
                role: Role::Admin,
                password_hash: "h".into(),
            },
        )
        .await
        .unwrap();
    let dup = t
        .store
        .create_user(
            b,
            &NewUser {
                email: email.to_uppercase(),
                name: "Agent B".into(),
                role: Role::Agent,
                password_hash: "h".into(),
            },
        )
        .await;
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
    let found = t
        .store
        .login_record(&email.to_lowercase())
        .await
        .unwrap()
        .expect("found");
    assert_eq!(found.user.tenant_id, a);
    assert_eq!(found.user.role, Role::Admin);
    assert_eq!(found.password_hash, "h");
    assert!(
        t.store
            .login_record("nobody@example.test")
            .await
            .unwrap()
            .is_none()
    );
}

async fn sessions_live_until_expiry_or_logout_and_stay_in_their_tenant(t: TestDb) {
    let a = t.tenant("sa").await;
    let b = t.tenant("sb").await;
    let u = user(&t, a, "Sam Session").await;
    let now = Utc::now();
    t.store
        .create_session(a, u, "live-token-hash", now, now + Duration::days(1))
        .await
        .unwrap();
    t.store
        .create_session(
            a,
            u,
            "old-token-hash",
            now - Duration::days(2),
            now - Duration::days(1),
        )
        .await
        .unwrap();
    let s = t
        .store
        .session_user(a, "live-token-hash", now, now - chrono::Duration::hours(2))
        .await
        .unwrap()
        .expect("live");
    assert_eq!(s.user_id, u);
    assert_eq!(s.name, "Sam Session");
    assert!(
        t.store
            .session_user(a, "old-token-hash", now, now - chrono::Duration::hours(2))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        t.store
            .session_user(b, "live-token-hash", now, now - chrono::Duration::hours(2))
            .await
            .unwrap()
            .is_none(),
        "other tenant"
    );
    t.store.delete_session(a, "live-token-hash").await.unwrap();
    assert!(
        t.store
            .session_user(a, "live-token-hash", now, now - chrono::Duration::hours(2))
            .await
            .unwrap()
            .is_none(),
        "logged out"
    );
}

async fn the_seeder_writes_what_it_reports(t: TestDb) {
    let slug = format!("seed-{}", common::unique());
    let args = server::config::SeedArgs {
        tenant: slug.clone(),
        contacts: 300,
        work_items: 500,
        comms: 900,
        seed: 42,
        batch: 250,
        now: None,
    };
    let report = server::seed::run(&t.db, &args).await.unwrap();
    assert_eq!(
        (report.contacts, report.work_items, report.comms),
        (300, 500, 900)
    );
    let tenant = t.store.tenant_by_slug(&slug).await.unwrap().unwrap().id;
    let mut seen = 0;
    let mut page = 1;
    loop {
        let p = t
            .store
            .list_contacts(
                tenant,
                &ContactQuery {
                    page,
                    per_page: 100,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        seen += p.items.len();
        if !p.has_more {
            break;
        }
        page += 1;
    }
    assert_eq!(seen, 300);
    // Seeding the same tenant twice is refused rather than duplicating.
    assert!(server::seed::run(&t.db, &args).await.is_err());
}

async fn of_two_simultaneous_saves_from_one_version_exactly_one_wins(t: TestDb) {
    let tenant = t.tenant("race").await;
    let ann = user(&t, tenant, "Ann").await;
    let bob = user(&t, tenant, "Bob").await;
    for round in 0..5 {
        let c = add(&t, tenant, &person("Race", &format!("Round{round}"), None)).await;
        let mut a = c.fields.clone();
        a.city = Some("Aberdeen".into());
        let mut b = c.fields.clone();
        b.city = Some("Brighton".into());
        let (ra, rb) = tokio::join!(
            t.store.update_contact(tenant, ann, c.id, 1, &a, Utc::now()),
            t.store.update_contact(tenant, bob, c.id, 1, &b, Utc::now()),
        );
        let wins = [ra.is_ok(), rb.is_ok()].iter().filter(|w| **w).count();
        assert_eq!(wins, 1, "round {round}: {ra:?} / {rb:?}");
        let loser = if ra.is_ok() { rb } else { ra };
        assert!(
            matches!(loser, Err(StoreError::Conflict { .. })),
            "{loser:?}"
        );
        let now = t.store.contact(tenant, c.id).await.unwrap().unwrap();
        assert_eq!(now.version, 2);
        assert_eq!(
            t.store
                .contact_history(tenant, c.id, 10)
                .await
                .unwrap()
                .len(),
            1
        );
    }
}

async fn saving_unchanged_fields_changes_nothing(t: TestDb) {
    let tenant = t.tenant("noop").await;
    let ann = user(&t, tenant, "Ann").await;
    let c = add(
        &t,
        tenant,
        &person("Same", "Same", Some("same@example.com")),
    )
    .await;
    let again = t
        .store
        .update_contact(tenant, ann, c.id, 1, &c.fields, Utc::now())
        .await
        .unwrap();
    assert_eq!(again, c);
    // So another agent's edit from version 1 still goes through.
    let mut f = c.fields.clone();
    f.city = Some("Hull".into());
    assert_eq!(
        t.store
            .update_contact(tenant, ann, c.id, 1, &f, Utc::now())
            .await
            .unwrap()
            .version,
        2
    );
}

async fn names_filter_and_sort_alike_with_accents_on_both_engines(t: TestDb) {
    let tenant = t.tenant("intl").await;
    for (first, last) in [
        ("Élodie", "Zoë"),
        ("Łukasz", "Ångström"),
        ("Ana", "Ölander"),
        ("Bob", "Zed"),
    ] {
        add(&t, tenant, &person(first, last, None)).await;
    }
    let list = |text: &str, sort| {
        let query = ContactQuery {
            text: text.into(),
            sort,
            per_page: 10,
            ..Default::default()
        };
        let store = t.store.clone();
        async move {
            store
                .list_contacts(tenant, &query)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|r| r.first_name.unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list("élo", ContactSort::LastName).await, ["Élodie"]);
    assert_eq!(list("ÉLODIE", ContactSort::LastName).await, ["Élodie"]);
    assert_eq!(list("ångs", ContactSort::LastName).await, ["Łukasz"]);
    assert_eq!(list("łuk", ContactSort::LastName).await, ["Łukasz"]);
    // Byte order of the lower-cased names, the same on both engines.
    assert_eq!(
        list("", ContactSort::LastName).await,
        ["Bob", "Élodie", "Łukasz", "Ana"]
    );
}
