//! Work item store tests (SPEC §2.4, §3.3, §3.5): every body runs on SQLite and PostgreSQL.
//! The rules come from `app::domain::work_item`, applied as the server functions apply them.

mod common;

use chrono::Duration;

use app::activity_api::CommFilter;
use app::domain::work_item::{self, Tag};
use app::model::{ContactFields, CreatedVia, PhoneValue, Priority, Role};
use app::store::StoreError;
use app::store_work::WorkItemChange;
use app::work_items_api::WorkItemFilter;
use common::TestDb;
use common::fixtures::*;

both_engines!(
    tags_move_between_contacts_and_membership_follows,
    a_stale_version_changes_nothing,
    state_changes_are_saved_and_audited,
    queues_order_by_the_primary_contacts_priority_then_due_date,
    take_next_never_gives_two_agents_the_same_item,
    duplicates_are_found_by_email_phone_and_similar_name,
    another_tenants_work_item_is_not_found,
    notes_on_a_work_item_are_listed_edited_and_deleted,
);

async fn item(
    t: &TestDb,
    tenant: app::model::TenantId,
    reference: &str,
) -> app::work_items_api::WorkItemView {
    t.store
        .work_item(tenant, reference)
        .await
        .expect("read work item")
        .expect("work item exists")
}

async fn tags_move_between_contacts_and_membership_follows(t: TestDb) {
    let tenant = t.tenant("tags").await;
    let agent = user(&t, tenant, "Tia Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let a = contact(&t, tenant, "Ada", "First").await;
    let b = contact(&t, tenant, "Bea", "Second").await;
    let reference = start(&t, tenant, agent, ticket, a).await;
    let w = item(&t, tenant, &reference).await;
    let mail = add_at(
        &t,
        tenant,
        email(None, Some(w.id), "Router", "It blinks red"),
        now(),
    )
    .await;
    // Bea does not see the item's email before she is on it.
    assert!(ids(&comms(&t, tenant, b, &CommFilter::default()).await).is_empty());

    let before = t.store.tagging(tenant, w.id).await.expect("tagging");
    let mut first = work_item::FIRST_CONTACT_TAGS.to_vec();
    first.sort();
    assert_eq!(before, vec![(a.0, first)]);
    let added = work_item::add_contact(&before, b.0).expect("add");
    t.store
        .save_tagging(tenant, agent, w.id, w.version, &added, now())
        .await
        .expect("save add");
    let w = item(&t, tenant, &reference).await;
    let moved = work_item::set_tags(&added, b.0, &[Tag::PrimaryContact, Tag::Cc], false)
        .expect("move primary");
    t.store
        .save_tagging(tenant, agent, w.id, w.version, &moved, now())
        .await
        .expect("save move");

    let after = t.store.tagging(tenant, w.id).await.expect("tagging");
    assert_eq!(after, moved);
    assert!(
        !after[0].1.contains(&Tag::PrimaryContact),
        "Primary Contact moved away from Ada"
    );
    assert_eq!(after[1].1, vec![Tag::PrimaryContact, Tag::Cc]);
    // The membership follows: Bea now sees the item's email in her communications, and the
    // search finds it for her.
    assert_eq!(
        ids(&comms(&t, tenant, b, &CommFilter::default()).await),
        vec![mail]
    );
    let search = CommFilter {
        text: "blinks".into(),
        ..Default::default()
    };
    assert_eq!(ids(&comms(&t, tenant, b, &search).await), vec![mail]);
    // Her history records the tag change.
    let history = t
        .store
        .contact_history(tenant, b, 10)
        .await
        .expect("history");
    assert!(
        history
            .iter()
            .any(|e| e.field == format!("Tags on {reference}")),
        "{history:?}"
    );

    // Removing Bea takes the item's email off her communications again.
    let w = item(&t, tenant, &reference).await;
    let removed = work_item::remove_contact(&moved, b.0, false).expect("remove");
    t.store
        .save_tagging(tenant, agent, w.id, w.version, &removed, now())
        .await
        .expect("save remove");
    assert!(ids(&comms(&t, tenant, b, &CommFilter::default()).await).is_empty());
    assert_eq!(
        ids(&comms(&t, tenant, a, &CommFilter::default()).await),
        vec![mail]
    );

    // An unknown contact (or another tenant's) is refused and nothing changes.
    let other_tenant = t.tenant("tags-other").await;
    let stranger = contact(&t, other_tenant, "Sam", "Stranger").await;
    let w = item(&t, tenant, &reference).await;
    let bad = work_item::add_contact(&removed, stranger.0).expect("rule allows it");
    let err = t
        .store
        .save_tagging(tenant, agent, w.id, w.version, &bad, now())
        .await;
    assert!(matches!(err, Err(StoreError::NotFound)), "{err:?}");
    assert_eq!(
        t.store.tagging(tenant, w.id).await.expect("tagging"),
        removed
    );
}

async fn a_stale_version_changes_nothing(t: TestDb) {
    let tenant = t.tenant("stale").await;
    let agent = user(&t, tenant, "Sol Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let a = contact(&t, tenant, "Ada", "Stale").await;
    let reference = start(&t, tenant, agent, ticket, a).await;
    let w = item(&t, tenant, &reference).await;
    let mut change = WorkItemChange::from_view(&w);
    change.title = "First edit".into();
    t.store
        .save_work_item(tenant, agent, w.id, w.version, &change, now())
        .await
        .expect("first save");
    change.title = "Second edit from a stale page".into();
    let err = t
        .store
        .save_work_item(tenant, agent, w.id, w.version, &change, now())
        .await;
    assert!(
        matches!(&err, Err(StoreError::Invalid { field, .. }) if field == "version"),
        "{err:?}"
    );
    let tagging = t.store.tagging(tenant, w.id).await.expect("tagging");
    let err = t
        .store
        .save_tagging(tenant, agent, w.id, w.version, &tagging, now())
        .await;
    assert!(
        matches!(&err, Err(StoreError::Invalid { field, .. }) if field == "version"),
        "{err:?}"
    );
    assert_eq!(item(&t, tenant, &reference).await.title, "First edit");
}

async fn state_changes_are_saved_and_audited(t: TestDb) {
    let tenant = t.tenant("states").await;
    let agent = user(&t, tenant, "Stu Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let a = contact(&t, tenant, "Ada", "State").await;
    let reference = start(&t, tenant, agent, ticket, a).await;
    let w = item(&t, tenant, &reference).await;
    assert_eq!(w.state, "draft");
    let mut change = WorkItemChange::from_view(&w);
    change.state = "waiting".into();
    change.waiting_reason = Some("until:2030-01-02".into());
    change.assignee_id = Some(agent);
    change.due_at = Some(now() + Duration::days(2));
    t.store
        .save_work_item(tenant, agent, w.id, w.version, &change, now())
        .await
        .expect("save");
    let w = item(&t, tenant, &reference).await;
    assert_eq!(
        (w.state.as_str(), w.waiting_reason.as_deref()),
        ("waiting", Some("until:2030-01-02"))
    );
    assert_eq!(w.assignee.map(|a| a.id), Some(agent));
    assert_eq!(w.version, 2);

    // An unknown queue or assignee is a field error; nothing is written.
    let mut wrong = WorkItemChange::from_view(&item(&t, tenant, &reference).await);
    wrong.queue_id = 999_999;
    let err = t
        .store
        .save_work_item(tenant, agent, w.id, 2, &wrong, now())
        .await;
    assert!(
        matches!(&err, Err(StoreError::Invalid { field, .. }) if field == "queue_id"),
        "{err:?}"
    );
    let other_tenant = t.tenant("states-other").await;
    let outsider = user(&t, other_tenant, "Oz Outsider", Role::Agent).await;
    let mut wrong = WorkItemChange::from_view(&item(&t, tenant, &reference).await);
    wrong.assignee_id = Some(outsider);
    let err = t
        .store
        .save_work_item(tenant, agent, w.id, 2, &wrong, now())
        .await;
    assert!(
        matches!(&err, Err(StoreError::Invalid { field, .. }) if field == "assignee_id"),
        "{err:?}"
    );
    assert_eq!(item(&t, tenant, &reference).await.version, 2);
}

async fn set_priority(
    t: &TestDb,
    tenant: app::model::TenantId,
    agent: app::model::UserId,
    c: app::model::ContactId,
    p: Priority,
) {
    let current = t
        .store
        .contact(tenant, c)
        .await
        .expect("read")
        .expect("contact");
    let mut fields = current.fields.clone();
    fields.priority = p;
    t.store
        .update_contact(tenant, agent, c, current.version, &fields, now())
        .await
        .expect("update priority");
}

async fn submit(
    t: &TestDb,
    tenant: app::model::TenantId,
    agent: app::model::UserId,
    reference: &str,
    due: Option<chrono::DateTime<chrono::Utc>>,
) {
    let w = item(t, tenant, reference).await;
    let mut change = WorkItemChange::from_view(&w);
    change.state = "to_do".into();
    change.due_at = due;
    t.store
        .save_work_item(tenant, agent, w.id, w.version, &change, now())
        .await
        .expect("submit");
}

async fn queues_order_by_the_primary_contacts_priority_then_due_date(t: TestDb) {
    let tenant = t.tenant("order").await;
    let agent = user(&t, tenant, "Ola Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let low = contact(&t, tenant, "Lou", "Low").await;
    let normal = contact(&t, tenant, "Nan", "Normal").await;
    let urgent = contact(&t, tenant, "Uma", "Urgent").await;
    set_priority(&t, tenant, agent, low, Priority::Low).await;
    let n = now();
    let r_low = start(&t, tenant, agent, ticket, low).await;
    let r_normal_late = start(&t, tenant, agent, ticket, normal).await;
    let r_normal_soon = start(&t, tenant, agent, ticket, normal).await;
    let r_normal_none = start(&t, tenant, agent, ticket, normal).await;
    let r_urgent = start(&t, tenant, agent, ticket, urgent).await;
    submit(&t, tenant, agent, &r_low, Some(n - Duration::days(5))).await;
    submit(
        &t,
        tenant,
        agent,
        &r_normal_late,
        Some(n + Duration::days(5)),
    )
    .await;
    submit(
        &t,
        tenant,
        agent,
        &r_normal_soon,
        Some(n + Duration::days(1)),
    )
    .await;
    submit(&t, tenant, agent, &r_normal_none, None).await;
    submit(&t, tenant, agent, &r_urgent, Some(n + Duration::days(9))).await;
    // Uma becomes urgent after her item exists: the queue follows.
    set_priority(&t, tenant, agent, urgent, Priority::Urgent).await;

    let filter = WorkItemFilter {
        state: "to_do".into(),
        ..Default::default()
    };
    let (rows, more) = t
        .store
        .list_work_items(tenant, agent, &filter, 0, 10)
        .await
        .expect("list");
    let order: Vec<&str> = rows.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(
        order,
        [
            &r_urgent,
            &r_normal_soon,
            &r_normal_late,
            &r_normal_none,
            &r_low
        ]
        .map(String::as_str)
    );
    assert!(!more);
    assert_eq!(rows[0].priority, "urgent");
    assert_eq!(rows[0].primary_contact.as_deref(), Some("Uma Urgent"));
    let (page2, more) = t
        .store
        .list_work_items(tenant, agent, &filter, 2, 2)
        .await
        .expect("page 2");
    assert_eq!(
        page2
            .iter()
            .map(|r| r.reference.as_str())
            .collect::<Vec<_>>(),
        [&r_normal_late, &r_normal_none].map(String::as_str)
    );
    assert!(more);
    let mine = WorkItemFilter {
        state: "all".into(),
        mine: true,
        ..Default::default()
    };
    assert!(
        t.store
            .list_work_items(tenant, agent, &mine, 0, 10)
            .await
            .expect("mine")
            .0
            .is_empty()
    );

    // Take next follows the same order.
    let queue = item(&t, tenant, &r_low).await.queue_id;
    let taken = t
        .store
        .take_next(tenant, agent, queue, now())
        .await
        .expect("take next");
    assert_eq!(taken.as_deref(), Some(r_urgent.as_str()));
    let w = item(&t, tenant, &r_urgent).await;
    assert_eq!(
        (w.state.as_str(), w.assignee.map(|a| a.id)),
        ("in_progress", Some(agent))
    );
    let (rows, _) = t
        .store
        .list_work_items(tenant, agent, &mine, 0, 10)
        .await
        .expect("mine");
    assert_eq!(rows.len(), 1);
}

async fn take_next_never_gives_two_agents_the_same_item(t: TestDb) {
    let tenant = t.tenant("take").await;
    let (ticket, _) = types(&t, tenant).await;
    let boss = user(&t, tenant, "Bo Boss", Role::Admin).await;
    let c = contact(&t, tenant, "Cy", "Caller").await;
    let mut refs = Vec::new();
    for _ in 0..6 {
        let r = start(&t, tenant, boss, ticket, c).await;
        submit(&t, tenant, boss, &r, None).await;
        refs.push(r);
    }
    let queue = item(&t, tenant, &refs[0]).await.queue_id;
    let mut agents = Vec::new();
    for i in 0..8 {
        agents.push(user(&t, tenant, &format!("Agent {i}"), Role::Agent).await);
    }
    let mut tasks = Vec::new();
    for agent in agents.clone() {
        let store = t.store.clone();
        tasks.push(tokio::spawn(async move {
            (agent, store.take_next(tenant, agent, queue, now()).await)
        }));
    }
    let mut taken = Vec::new();
    for task in tasks {
        let (agent, result) = task.await.expect("task");
        if let Some(r) = result.expect("take next") {
            taken.push((agent, r));
        }
    }
    // Six items, eight agents: six get one each, all different; two get nothing.
    assert_eq!(taken.len(), 6, "{taken:?}");
    let mut distinct: Vec<&String> = taken.iter().map(|(_, r)| r).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 6, "{taken:?}");
    for (agent, r) in &taken {
        assert_eq!(
            item(&t, tenant, r).await.assignee.map(|a| a.id),
            Some(*agent)
        );
    }
    // An unknown queue is not found.
    let err = t.store.take_next(tenant, agents[0], 999_999, now()).await;
    assert!(matches!(err, Err(StoreError::NotFound)), "{err:?}");
}

async fn duplicates_are_found_by_email_phone_and_similar_name(t: TestDb) {
    let tenant = t.tenant("dupes").await;
    let with = |first: &str, last: &str, email: Option<&str>, phone: Option<&str>| ContactFields {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        email: email.map(str::to_string),
        phone: phone.map(|e| PhoneValue {
            typed: e.into(),
            e164: e.into(),
        }),
        ..Default::default()
    };
    let create = |f: ContactFields| {
        let store = t.store.clone();
        async move {
            store
                .create_contact(tenant, None, &f, CreatedVia::Manual, now())
                .await
                .expect("create")
                .id
        }
    };
    let jane = create(with("Jane", "Doe", Some("Jane.Doe@Example.com"), None)).await;
    let john = create(with("John", "Smith", None, Some("+442079460958"))).await;
    let _mary = create(with("Mary", "Smith", None, None)).await;
    let _jim = create(with("Jim", "Jones", None, None)).await;
    let other_tenant = t.tenant("dupes-other").await;
    t.store
        .create_contact(
            other_tenant,
            None,
            &with("Jon", "Smith", Some("jane.doe@example.com"), None),
            CreatedVia::Manual,
            now(),
        )
        .await
        .expect("other tenant's contact");

    let found = |f: ContactFields| {
        let store = t.store.clone();
        async move {
            store
                .duplicate_candidates(tenant, &f, 10)
                .await
                .expect("duplicates")
        }
    };
    let by_email = found(with("", "", Some("jane.doe@example.com"), None)).await;
    assert_eq!(
        by_email.iter().map(|d| d.contact_id).collect::<Vec<_>>(),
        vec![jane]
    );
    assert_eq!(by_email[0].reasons, vec!["same email"]);
    let by_phone = found(ContactFields {
        mobile: Some(PhoneValue {
            typed: "020 7946 0958".into(),
            e164: "+442079460958".into(),
        }),
        ..Default::default()
    })
    .await;
    assert_eq!(
        by_phone.iter().map(|d| d.contact_id).collect::<Vec<_>>(),
        vec![john]
    );
    assert_eq!(by_phone[0].reasons, vec!["same phone"]);
    let by_name = found(with("Jon", "Smith", None, None)).await;
    assert_eq!(
        by_name.iter().map(|d| d.contact_id).collect::<Vec<_>>(),
        vec![john],
        "Mary Smith and Jim Jones are not similar"
    );
    assert_eq!(by_name[0].reasons, vec!["similar name"]);
    let typo = found(with("john", "smyth", None, None)).await;
    assert_eq!(
        typo.iter().map(|d| d.contact_id).collect::<Vec<_>>(),
        vec![john]
    );
    // Both email and name: one candidate with both reasons, first.
    let both = found(with("Jane", "Doe", Some("jane.doe@example.com"), None)).await;
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].reasons, vec!["same email", "similar name"]);
    assert!(
        found(with("Zed", "Nobody", Some("zed@nowhere.example"), None))
            .await
            .is_empty()
    );
}

async fn another_tenants_work_item_is_not_found(t: TestDb) {
    let tenant = t.tenant("iso").await;
    let agent = user(&t, tenant, "Iso Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let a = contact(&t, tenant, "Ada", "Iso").await;
    let reference = start(&t, tenant, agent, ticket, a).await;
    let other = t.tenant("iso-other").await;
    let outsider = user(&t, other, "Out Sider", Role::Admin).await;
    assert!(
        t.store
            .work_item(other, &reference)
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        t.store
            .work_item(tenant, &reference.to_lowercase())
            .await
            .expect("read")
            .is_some(),
        "references are case-insensitive"
    );
    let w = item(&t, tenant, &reference).await;
    let change = WorkItemChange::from_view(&w);
    let err = t
        .store
        .save_work_item(other, outsider, w.id, w.version, &change, now())
        .await;
    assert!(matches!(err, Err(StoreError::NotFound)), "{err:?}");
    let err = t
        .store
        .save_tagging(other, outsider, w.id, w.version, &Vec::new(), now())
        .await;
    assert!(matches!(err, Err(StoreError::NotFound)), "{err:?}");
    assert!(
        t.store
            .tagging(other, w.id)
            .await
            .expect("tagging")
            .is_empty()
    );
    let everything = WorkItemFilter {
        state: "all".into(),
        ..Default::default()
    };
    assert!(
        t.store
            .list_work_items(other, outsider, &everything, 0, 10)
            .await
            .expect("list")
            .0
            .is_empty()
    );
    assert!(t.store.queues(other).await.expect("queues").is_empty());
}

async fn notes_on_a_work_item_are_listed_edited_and_deleted(t: TestDb) {
    let tenant = t.tenant("wi-notes").await;
    let agent = user(&t, tenant, "Nia Agent", Role::Agent).await;
    let other = user(&t, tenant, "Oli Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let a = contact(&t, tenant, "Ada", "Notes").await;
    let reference = start(&t, tenant, agent, ticket, a).await;
    let w = item(&t, tenant, &reference).await;
    let note = app::store::NewCommunication {
        kind: "note".into(),
        direction: "internal".into(),
        body_text: "Rang back, router replaced".into(),
        work_item_id: Some(w.id),
        ..Default::default()
    };
    let id = t
        .store
        .add_communication(tenant, Some(agent), &note, now())
        .await
        .expect("add note");
    let mail = add_at(
        &t,
        tenant,
        email(None, Some(w.id), "Thanks", "Works now"),
        now(),
    )
    .await;
    let (notes, _) = t
        .store
        .work_item_communications(tenant, w.id, true, 0, 10)
        .await
        .expect("notes");
    assert_eq!(ids(&notes), vec![id]);
    let (timeline, _) = t
        .store
        .work_item_communications(tenant, w.id, false, 0, 10)
        .await
        .expect("timeline");
    assert_eq!(ids(&timeline), vec![mail]);
    // Only its author (or an admin) edits it.
    let err = t
        .store
        .edit_note(tenant, other, false, id, 1, "Hijacked", now())
        .await;
    assert!(matches!(err, Err(StoreError::Forbidden)), "{err:?}");
    t.store
        .edit_note(tenant, agent, false, id, 1, "Rang back twice", now())
        .await
        .expect("edit");
    let edited = t
        .store
        .communication(tenant, id)
        .await
        .expect("read")
        .expect("note");
    assert_eq!(
        (edited.body_text.as_str(), edited.version),
        ("Rang back twice", 2)
    );
    t.store
        .delete_note(tenant, agent, false, id, now())
        .await
        .expect("delete");
    let (notes, _) = t
        .store
        .work_item_communications(tenant, w.id, true, 0, 10)
        .await
        .expect("notes");
    assert!(notes.is_empty());
}
