//! Contact Activity page store tests (SPEC §2.3): every body runs on SQLite and PostgreSQL.

mod common;

use chrono::Duration;

use app::activity_api::{ActivityFilter, CommFilter};
use app::model::Role;
use app::store::{NewCommunication, StoreError};
use common::TestDb;
use common::fixtures::*;

fn refs(page: &app::activity_api::ActivityPage) -> Vec<&str> {
    page.items.iter().map(|c| c.reference.as_str()).collect()
}
both_engines!(
    running_items_come_first_by_due_date_and_completed_ones_only_when_asked,
    communications_belong_to_the_contact_directly_or_through_its_tagged_items_only,
    the_contacts_communications_search_finds_its_matches_only,
    starting_work_tags_the_contact_and_numbers_references_per_tenant,
    notes_are_edited_and_deleted_by_their_author_or_an_admin_and_audited,
    email_html_is_sanitised_before_it_is_stored,
);

async fn running_items_come_first_by_due_date_and_completed_ones_only_when_asked(t: TestDb) {
    let tenant = t.tenant("activity").await;
    let agent = user(&t, tenant, "Ann Agent", Role::Agent).await;
    let (ticket, case) = types(&t, tenant).await;
    let x = contact(&t, tenant, "Xena", "Cole").await;
    let y = contact(&t, tenant, "Yuri", "Dunn").await;
    let n = now();
    let later = start(&t, tenant, agent, ticket, x).await;
    let no_due = start(&t, tenant, agent, case, x).await;
    let overdue = start(&t, tenant, agent, ticket, x).await;
    let resolved = start(&t, tenant, agent, case, x).await;
    let closed = start(&t, tenant, agent, ticket, x).await;
    let others = start(&t, tenant, agent, ticket, y).await;
    set_item(
        &t,
        tenant,
        &later,
        "in_progress",
        Some(n + Duration::days(3)),
        n,
    )
    .await;
    set_item(&t, tenant, &no_due, "waiting", None, n).await;
    set_item(
        &t,
        tenant,
        &overdue,
        "to_do",
        Some(n - Duration::days(1)),
        n,
    )
    .await;
    set_item(
        &t,
        tenant,
        &resolved,
        "resolved",
        Some(n),
        n - Duration::hours(1),
    )
    .await;
    set_item(&t, tenant, &closed, "closed", None, n - Duration::hours(2)).await;
    set_item(&t, tenant, &others, "to_do", Some(n - Duration::days(9)), n).await;

    let page = |filter: ActivityFilter, offset: u32, limit: u32| {
        let store = t.store.clone();
        async move {
            store
                .contact_work_items(tenant, x, &filter, now(), offset, limit)
                .await
                .expect("contact work items")
        }
    };
    let running = page(ActivityFilter::default(), 0, 20).await;
    assert_eq!(
        refs(&running),
        [overdue.as_str(), later.as_str(), no_due.as_str()]
    );
    assert_eq!(
        (running.running, running.completed, running.matching),
        (3, 2, 3)
    );
    assert!(!running.has_more);
    let card = &running.items[0];
    assert_eq!(
        (
            card.state.as_str(),
            card.queue.as_str(),
            card.type_name.as_str()
        ),
        ("to_do", "General", "Password reset")
    );
    assert_eq!(
        card.tags,
        ["primary", "requester", "original_requester", "subject"]
    );

    let all = ActivityFilter {
        completed: true,
        ..Default::default()
    };
    let everything = page(all.clone(), 0, 20).await;
    assert_eq!(
        refs(&everything),
        [
            overdue.as_str(),
            later.as_str(),
            no_due.as_str(),
            resolved.as_str(),
            closed.as_str()
        ],
        "completed items follow, most recently updated first"
    );
    let first = page(all.clone(), 0, 2).await;
    let second = page(all.clone(), 2, 2).await;
    let third = page(all, 4, 2).await;
    assert_eq!(refs(&first), [overdue.as_str(), later.as_str()]);
    assert!(first.has_more && second.has_more && !third.has_more);
    assert_eq!(refs(&second), [no_due.as_str(), resolved.as_str()]);
    assert_eq!(refs(&third), [closed.as_str()]);

    let only_resolved = ActivityFilter {
        state: "resolved".into(),
        ..Default::default()
    };
    assert_eq!(refs(&page(only_resolved, 0, 20).await), [resolved.as_str()]);
    let refunds = ActivityFilter {
        text: "REFUND cla".into(),
        completed: true,
        ..Default::default()
    };
    assert_eq!(
        refs(&page(refunds, 0, 20).await),
        [no_due.as_str(), resolved.as_str()]
    );
    let by_number = ActivityFilter {
        text: later.clone(),
        ..Default::default()
    };
    assert_eq!(refs(&page(by_number, 0, 20).await), [later.as_str()]);
    let tomorrow = ActivityFilter {
        from: Some((n + Duration::days(1)).date_naive()),
        completed: true,
        ..Default::default()
    };
    let none = page(tomorrow, 0, 20).await;
    assert!(none.items.is_empty());
    assert_eq!((none.running, none.completed, none.matching), (3, 2, 0));
}

async fn communications_belong_to_the_contact_directly_or_through_its_tagged_items_only(t: TestDb) {
    let tenant = t.tenant("membership").await;
    let agent = user(&t, tenant, "Ann Agent", Role::Agent).await;
    let (ticket, _) = types(&t, tenant).await;
    let x = contact(&t, tenant, "Xena", "Cole").await;
    let y = contact(&t, tenant, "Yuri", "Dunn").await;
    let xs_item = start(&t, tenant, agent, ticket, x).await;
    let ys_item = start(&t, tenant, agent, ticket, y).await;
    let item_id = |r: String| {
        let store = t.store.clone();
        async move {
            store
                .work_item_by_reference(tenant, &r)
                .await
                .expect("work item")
                .expect("exists")
                .id
        }
    };
    let (xs_item, ys_item) = (item_id(xs_item).await, item_id(ys_item).await);
    let n = now();
    let direct = add_at(
        &t,
        tenant,
        email(Some(x), None, "Direct", "to x"),
        n - Duration::hours(3),
    )
    .await;
    let via_item = add_at(
        &t,
        tenant,
        email(None, Some(xs_item), "On x's item", "via tag"),
        n - Duration::hours(1),
    )
    .await;
    let ys_own = add_at(
        &t,
        tenant,
        email(Some(y), Some(ys_item), "Y only", "not x"),
        n,
    )
    .await;
    let note = t
        .store
        .add_communication(
            tenant,
            Some(agent),
            &NewCommunication::note_on_contact(x, "Called back".into()),
            n,
        )
        .await
        .expect("add note");

    let xs = comms(&t, tenant, x, &CommFilter::default()).await;
    assert_eq!(
        ids(&xs),
        [note, via_item, direct],
        "newest first, none from Y's item"
    );
    assert!(xs[0].on_contact && xs[2].on_contact && !xs[1].on_contact);
    assert_eq!(xs[1].party.as_deref(), Some("caller@example.com"));
    assert!(xs[1].work_item_reference.is_some());
    assert_eq!(xs[0].author.as_ref().map(|a| a.id), Some(agent));
    assert_eq!(
        ids(&comms(&t, tenant, y, &CommFilter::default()).await),
        [ys_own]
    );

    let notes_only = CommFilter {
        kind: "note".into(),
        ..Default::default()
    };
    assert_eq!(ids(&comms(&t, tenant, x, &notes_only).await), [note]);
    let long_ago = CommFilter {
        to: Some((n - Duration::days(2)).date_naive()),
        ..Default::default()
    };
    assert!(comms(&t, tenant, x, &long_ago).await.is_empty());

    // Another tenant sees none of it, by the same ids.
    let other = t.tenant("membership-other").await;
    assert!(comms(&t, other, x, &CommFilter::default()).await.is_empty());
    assert!(
        t.store
            .communication(other, direct)
            .await
            .expect("read")
            .is_none()
    );
    let stranger = email(Some(x), None, "Sneaky", "cross-tenant");
    assert!(matches!(
        t.store.add_communication(other, None, &stranger, n).await,
        Err(StoreError::NotFound)
    ));
}

async fn the_contacts_communications_search_finds_its_matches_only(t: TestDb) {
    let tenant = t.tenant("comms-search").await;
    let x = contact(&t, tenant, "Xena", "Cole").await;
    let y = contact(&t, tenant, "Yuri", "Dunn").await;
    let n = now();
    let hit = add_at(
        &t,
        tenant,
        email(
            Some(x),
            None,
            "Invoice",
            "The parcel from Zanzibar arrived broken; please refund.",
        ),
        n - Duration::hours(2),
    )
    .await;
    add_at(
        &t,
        tenant,
        email(Some(x), None, "Hello", "Just saying hello."),
        n - Duration::hours(1),
    )
    .await;
    add_at(
        &t,
        tenant,
        email(
            Some(y),
            None,
            "Zanzibar too",
            "Zanzibar is also in Y's mail.",
        ),
        n,
    )
    .await;
    let search = |text: &str| CommFilter {
        text: text.into(),
        ..Default::default()
    };
    let found = comms(&t, tenant, x, &search("zanzib")).await;
    assert_eq!(ids(&found), [hit], "prefix, this contact's only");
    let snippet = found[0].snippet.clone().expect("a snippet when searching");
    assert!(snippet.contains("Zanzibar"), "{snippet}");
    assert_eq!(
        ids(&comms(&t, tenant, x, &search("parcel refund")).await),
        [hit],
        "words ANDed"
    );
    assert_eq!(
        ids(&comms(&t, tenant, x, &search("\"arrived broken\"")).await),
        [hit],
        "phrase"
    );
    assert!(
        comms(&t, tenant, x, &search("\"broken arrived\""))
            .await
            .is_empty(),
        "phrase order"
    );
    assert_eq!(
        ids(&comms(&t, tenant, x, &search("zanzibra")).await),
        [hit],
        "one typo"
    );
    assert!(
        comms(&t, tenant, x, &search("parcel hello"))
            .await
            .is_empty()
    );
    assert!(comms(&t, tenant, x, &search("quokka")).await.is_empty());
    let notes = CommFilter {
        text: "zanzibar".into(),
        kind: "note".into(),
        ..Default::default()
    };
    assert!(
        comms(&t, tenant, x, &notes).await.is_empty(),
        "kind filter applies to search"
    );
    let other = t.tenant("comms-search-other").await;
    assert!(comms(&t, other, x, &search("zanzibar")).await.is_empty());
}

async fn starting_work_tags_the_contact_and_numbers_references_per_tenant(t: TestDb) {
    let tenant = t.tenant("start").await;
    let agent = user(&t, tenant, "Ann Agent", Role::Agent).await;
    let (ticket, case) = types(&t, tenant).await;
    let x = contact(&t, tenant, "Xena", "Cole").await;
    let first = t
        .store
        .start_work_item(tenant, agent, ticket, x, now())
        .await
        .expect("start ticket");
    assert_eq!(
        (first.reference.as_str(), first.state.as_str()),
        ("1-T", "draft")
    );
    assert_eq!(
        (first.title.as_str(), first.type_name.as_str()),
        ("Password reset", "Password reset")
    );
    assert_eq!(start(&t, tenant, agent, case, x).await, "2-C");
    let tagged = t
        .store
        .tagged_contacts(tenant, first.id)
        .await
        .expect("tagged contacts");
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].contact_id, x);
    assert_eq!(tagged[0].name, "Xena Cole");
    assert_eq!(
        tagged[0].tags,
        ["primary", "requester", "original_requester", "subject"]
    );

    // Numbers are per tenant.
    let other = t.tenant("start-other").await;
    let other_agent = user(&t, other, "Bo Agent", Role::Agent).await;
    let (other_ticket, _) = types(&t, other).await;
    let z = contact(&t, other, "Zed", "Ames").await;
    assert_eq!(start(&t, other, other_agent, other_ticket, z).await, "1-T");
    assert_eq!(start(&t, tenant, agent, ticket, x).await, "3-T");

    // Unknown or foreign ids change nothing.
    for (ty, c) in [(ticket, z), (other_ticket, x), (9_999_999, x)] {
        assert!(
            matches!(
                t.store.start_work_item(tenant, agent, ty, c, now()).await,
                Err(StoreError::NotFound)
            ),
            "type {ty}, contact {c:?}"
        );
    }
    assert_eq!(
        start(&t, tenant, agent, ticket, x).await,
        "4-T",
        "no number was used up"
    );

    let history = t
        .store
        .contact_history(tenant, x, 50)
        .await
        .expect("history");
    let tags = history
        .iter()
        .find(|e| e.field == "Tags on 1-T")
        .expect("tagging is audited");
    assert_eq!(
        tags.new_value.as_deref(),
        Some("primary, requester, original_requester, subject")
    );
    assert_eq!(tags.user.as_ref().map(|u| u.id), Some(agent));
}

async fn notes_are_edited_and_deleted_by_their_author_or_an_admin_and_audited(t: TestDb) {
    let tenant = t.tenant("notes").await;
    let author = user(&t, tenant, "Ann Author", Role::Agent).await;
    let colleague = user(&t, tenant, "Cal Colleague", Role::Agent).await;
    let admin = user(&t, tenant, "Ada Admin", Role::Admin).await;
    let x = contact(&t, tenant, "Xena", "Cole").await;
    let note = t
        .store
        .add_communication(
            tenant,
            Some(author),
            &NewCommunication::note_on_contact(x, "First words".into()),
            now(),
        )
        .await
        .expect("add note");
    let read = |id: i64| {
        let store = t.store.clone();
        async move { store.communication(tenant, id).await.expect("read note") }
    };
    let written = read(note).await.expect("note exists");
    assert_eq!((written.version, written.edited_at), (1, None));

    assert!(matches!(
        t.store
            .edit_note(tenant, colleague, false, note, 1, "Hijacked", now())
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        t.store
            .delete_note(tenant, colleague, false, note, now())
            .await,
        Err(StoreError::Forbidden)
    ));
    t.store
        .edit_note(tenant, author, false, note, 1, "Second words", now())
        .await
        .expect("author edits");
    let edited = read(note).await.expect("note exists");
    assert_eq!(
        (edited.body_text.as_str(), edited.version),
        ("Second words", 2)
    );
    assert!(edited.edited_at.is_some());
    // A save from the version the agent first saw is refused and changes nothing.
    match t
        .store
        .edit_note(tenant, admin, true, note, 1, "Stale", now())
        .await
    {
        Err(StoreError::Invalid { message, .. }) => {
            assert!(message.starts_with("Changed by Ann Author at"), "{message}")
        }
        other => panic!("expected a stale-edit refusal, got {other:?}"),
    }
    assert_eq!(
        read(note).await.expect("note exists").body_text,
        "Second words"
    );
    t.store
        .edit_note(tenant, admin, true, note, 2, "Admin words", now())
        .await
        .expect("admin edits");
    let (notes, _) = t
        .store
        .contact_notes(tenant, x, 0, 20)
        .await
        .expect("notes");
    assert_eq!(ids(&notes), [note]);
    let found = comms(
        &t,
        tenant,
        x,
        &CommFilter {
            text: "admin".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(ids(&found), [note], "the edited text is what search finds");

    let other = t.tenant("notes-other").await;
    assert!(matches!(
        t.store.delete_note(other, admin, true, note, now()).await,
        Err(StoreError::NotFound)
    ));
    t.store
        .delete_note(tenant, author, false, note, now())
        .await
        .expect("author deletes");
    assert!(read(note).await.is_none());
    assert!(
        comms(&t, tenant, x, &CommFilter::default())
            .await
            .is_empty()
    );

    let history = t
        .store
        .contact_history(tenant, x, 50)
        .await
        .expect("history");
    let entries: Vec<(&str, Option<&str>, Option<&str>)> = history
        .iter()
        .map(|e| {
            (
                e.field.as_str(),
                e.old_value.as_deref(),
                e.new_value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("Note deleted", Some("Admin words"), None),
            ("Note edited", Some("Second words"), Some("Admin words")),
            ("Note edited", Some("First words"), Some("Second words")),
            ("Note added", None, Some("First words")),
        ]
    );
}

async fn email_html_is_sanitised_before_it_is_stored(t: TestDb) {
    let tenant = t.tenant("sanitise").await;
    let x = contact(&t, tenant, "Xena", "Cole").await;
    let mut new = email(Some(x), None, "Hostile", "see html");
    new.body_html = Some(
        r#"<p>Hi</p><script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">go</a>"#
            .into(),
    );
    let id = t
        .store
        .add_communication(tenant, None, &new, now())
        .await
        .expect("add email");
    let stored = t
        .store
        .communication(tenant, id)
        .await
        .expect("read")
        .expect("exists")
        .body_html
        .expect("html kept");
    assert!(stored.contains("<p>Hi</p>"), "{stored}");
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!stored.contains(bad), "{bad} stored in {stored}");
    }
}
