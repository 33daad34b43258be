//! The Personality Insights storage (SPEC §3.6): texts counted into a contact's running totals,
//! repeats and duplicates, the 250 KB window, examples, norms, clearing and the backfill's
//! reading. The same bodies run on SQLite and PostgreSQL.

mod common;
#[path = "common/insights.rs"]
mod desk;

use app::model::{ContactId, TenantSettings};
use app::store::StoreError;
use app::store_insights::{NewInsightText, SourceKind, SourceStatus};
use common::TestDb;
use common::fixtures::{now, start, types};
use desk::{Desk, big, of, sum};
use insights::{MAX_BYTES, Norms, text_hash};

use SourceKind::{Chat, Email, Example, Sms};
use SourceStatus::{Counted, Duplicate, Trimmed};

both_engines!(
    texts_are_counted_into_the_contacts_totals,
    a_repeated_delivery_answers_the_stored_status_and_changes_nothing,
    the_same_text_counts_once_and_its_duplicate_takes_over_when_it_is_removed,
    the_oldest_texts_past_the_byte_cap_are_trimmed_and_return_when_room_is_made,
    concurrent_texts_for_one_contact_are_all_counted,
    examples_are_listed_audited_and_counted_only_when_verbatim,
    another_tenants_contacts_and_examples_are_not_found_and_stay_unchanged,
    norm_inputs_are_the_counted_tallies_of_contacts_with_enough_words,
    norms_round_trip_and_go_stale_when_a_profile_changes,
    clearing_deletes_profiles_and_norms_but_keeps_examples,
    the_backfill_lists_incoming_email_sms_and_chat_with_a_contact,
    tenants_with_the_feature_on_are_listed,
);

const HELLO: &str = "Hello, I would love to explore new ideas with your team!";
const THANKS: &str = "Thanks so much, that was really kind and helpful of you.";
const WORRY: &str = "I am worried and anxious that the delivery will never arrive.";

async fn texts_are_counted_into_the_contacts_totals(t: TestDb) {
    let d = Desk::new(&t, "count").await;
    let (jane, joe) = (d.contact("Jane").await, d.contact("Joe").await);
    assert_eq!(d.add((jane, Email, 11), 1, HELLO).await, Counted);
    assert_eq!(d.add((jane, Sms, 12), 2, THANKS).await, Counted);

    let profile = d.profile(jane).await.expect("a profile");
    assert_eq!(profile.totals, sum(&[&of(HELLO), &of(THANKS)]));
    let listed: Vec<_> = profile
        .sources
        .iter()
        .map(|s| (s.kind, s.source_id, s.words, s.occurred_at))
        .collect();
    let expected = [
        (Sms, 12, of(THANKS).words, d.at(2)),
        (Email, 11, of(HELLO).words, d.at(1)),
    ];
    assert_eq!(listed, expected, "newest first");
    assert!(d.profile(joe).await.is_none(), "nothing counted for Joe");

    let unknown = d
        .try_add((ContactId(987_654_321), Chat, 13), 3, WORRY)
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    assert_eq!(d.statuses(jane).await.len(), 2, "nothing else stored");
}

async fn a_repeated_delivery_answers_the_stored_status_and_changes_nothing(t: TestDb) {
    let d = Desk::new(&t, "repeat").await;
    let jane = d.contact("Jane").await;
    d.add((jane, Email, 1), 0, HELLO).await;
    assert_eq!(d.add((jane, Chat, 2), 1, HELLO).await, Duplicate);
    let before = d.profile(jane).await;

    assert_eq!(
        d.add((jane, Email, 1), 5, WORRY).await,
        Counted,
        "the stored status"
    );
    assert_eq!(
        d.add((jane, Chat, 2), 5, WORRY).await,
        Duplicate,
        "the stored status"
    );
    assert_eq!(d.profile(jane).await, before);
    // The same id under another kind is another text.
    assert_eq!(d.add((jane, Sms, 1), 2, WORRY).await, Counted);
    assert_eq!(d.totals(jane).await, sum(&[&of(HELLO), &of(WORRY)]));
}

async fn the_same_text_counts_once_and_its_duplicate_takes_over_when_it_is_removed(t: TestDb) {
    let d = Desk::new(&t, "dupes").await;
    let (jane, joe) = (d.contact("Jane").await, d.contact("Joe").await);
    assert_eq!(d.add((jane, Email, 1), 0, HELLO).await, Counted);
    // Hashes compare words: case and punctuation do not make another text.
    let shouted = HELLO.to_uppercase().replace(['!', ','], "");
    assert_eq!(d.add((jane, Sms, 2), 1, &shouted).await, Duplicate);
    assert_eq!(d.add((jane, Chat, 3), 2, HELLO).await, Duplicate);
    // Another contact writing the same text has it counted for them.
    assert_eq!(d.add((joe, Email, 4), 0, HELLO).await, Counted);
    assert_eq!(d.totals(jane).await, of(HELLO));

    d.remove(Email, 1).await;
    assert_eq!(
        d.statuses(jane).await,
        [(3, Counted), (2, Duplicate)],
        "the newest duplicate takes over"
    );
    assert_eq!(d.totals(jane).await, of(HELLO));

    // Removing a duplicate or an unknown text changes nothing else.
    d.remove(Sms, 2).await;
    d.remove(Sms, 999).await;
    assert_eq!(d.statuses(jane).await, [(3, Counted)]);
    assert_eq!(d.totals(jane).await, of(HELLO));
    d.remove(Chat, 3).await;
    assert!(d.profile(jane).await.is_none(), "no text left");
    assert_eq!(d.totals(joe).await, of(HELLO), "Joe's profile is his own");
}

async fn the_oldest_texts_past_the_byte_cap_are_trimmed_and_return_when_room_is_made(t: TestDb) {
    assert_eq!(
        MAX_BYTES,
        250 * 1024,
        "the texts below are sized for a 250 KB window"
    );
    let d = Desk::new(&t, "trim").await;
    let (jane, joe) = (d.contact("Jane").await, d.contact("Joe").await);
    let (a, b, c, old) = (
        big(100, "alpha"),
        big(100, "bravo"),
        big(100, "charlie"),
        big(40, "old"),
    );
    assert_eq!(d.add_big((jane, Email, 1), 10, &a).await, Counted);
    assert_eq!(d.add_big((jane, Email, 2), 20, &b).await, Counted);
    // 300 KB: the oldest text leaves the window.
    assert_eq!(d.add_big((jane, Email, 3), 30, &c).await, Counted);
    assert_eq!(
        d.statuses(jane).await,
        [(3, Counted), (2, Counted), (1, Trimmed)]
    );
    assert_eq!(d.totals(jane).await, sum(&[&b.1, &c.1]));

    // A text older than a trimmed one is trimmed at once, though 40 KB would fit.
    assert_eq!(d.add_big((jane, Email, 4), 0, &old).await, Trimmed);
    assert_eq!(d.totals(jane).await, sum(&[&b.1, &c.1]));

    // Removing the newest makes room: the newest trimmed texts come back while they fit.
    d.remove(Email, 3).await;
    assert_eq!(
        d.statuses(jane).await,
        [(2, Counted), (1, Counted), (4, Counted)]
    );
    let totals = d.totals(jane).await;
    assert_eq!(
        (totals.bytes, totals),
        (240_000, sum(&[&a.1, &b.1, &old.1]))
    );

    // A new text past the cap trims from the oldest until the totals fit.
    assert_eq!(d.add_big((jane, Email, 5), 50, &c).await, Counted);
    assert_eq!(
        d.statuses(jane).await,
        [(5, Counted), (2, Counted), (1, Trimmed), (4, Trimmed)]
    );
    assert_eq!(d.totals(jane).await, sum(&[&b.1, &c.1]));

    // One text longer than the window still makes a profile.
    assert_eq!(
        d.add_big((joe, Email, 6), 0, &big(300, "huge")).await,
        Counted
    );
    assert_eq!(d.totals(joe).await.bytes, 300_000);
}

async fn concurrent_texts_for_one_contact_are_all_counted(t: TestDb) {
    let d = Desk::new(&t, "concurrent").await;
    let jane = d.contact("Jane").await;
    let texts: Vec<String> = (0..12)
        .map(|i| format!("{HELLO} Message {} about {WORRY}", "x".repeat(i + 1)))
        .collect();
    let mut tasks = Vec::new();
    for (i, text) in (0..).zip(texts.clone()) {
        let (store, tenant, occurred_at) = (t.store.clone(), d.tenant, d.at(i));
        tasks.push(tokio::spawn(async move {
            let (text_hash, tally) = (&text_hash(&text), &of(&text));
            let new = NewInsightText {
                contact_id: jane,
                kind: Chat,
                source_id: 100 + i,
                occurred_at,
                text_hash,
                tally,
            };
            store.add_insight_text(tenant, &new, now()).await
        }));
    }
    for task in tasks {
        assert_eq!(
            task.await.expect("the task ran").expect("add a text"),
            Counted
        );
    }
    let tallies: Vec<_> = texts.iter().map(|text| of(text)).collect();
    assert_eq!(
        d.totals(jane).await,
        sum(&tallies.iter().collect::<Vec<_>>()),
        "no update lost"
    );
}

async fn examples_are_listed_audited_and_counted_only_when_verbatim(t: TestDb) {
    let d = Desk::new(&t, "examples").await;
    let (jane, agent) = (d.contact("Jane").await, d.user("Ann Agent").await);
    let quote = d
        .example(agent, jane, HELLO, true, 0)
        .await
        .expect("add a verbatim example");
    assert_eq!(
        (quote.contact_id, quote.text.as_str(), quote.verbatim),
        (jane, HELLO, true)
    );
    assert_eq!(
        (quote.created_by.as_deref(), quote.created_at),
        (Some("Ann Agent"), d.t0)
    );
    let paraphrase = "She likes to try new things.";
    let loose = d
        .example(agent, jane, paraphrase, false, 1)
        .await
        .expect("add a paraphrase");
    assert!(!loose.verbatim);

    assert_eq!(
        d.examples(jane).await,
        [loose.clone(), quote.clone()],
        "newest first"
    );
    let verbatim = t
        .store
        .verbatim_examples(d.tenant)
        .await
        .expect("list verbatim examples");
    assert_eq!(verbatim, std::slice::from_ref(&quote));
    let profile = d.profile(jane).await.expect("a profile");
    let counted: Vec<_> = profile
        .sources
        .iter()
        .map(|s| (s.kind, s.source_id, s.status))
        .collect();
    assert_eq!(
        counted,
        [(Example, quote.id, Counted)],
        "the paraphrase is not counted"
    );
    assert_eq!(profile.totals, of(HELLO));

    let delete = |id| {
        t.store
            .delete_insight_example(d.tenant, agent, jane, id, now())
    };
    delete(quote.id).await.expect("delete the example");
    assert_eq!(d.examples(jane).await, std::slice::from_ref(&loose));
    assert!(d.profile(jane).await.is_none(), "its text went with it");
    let again = delete(quote.id).await;
    assert!(matches!(again, Err(StoreError::NotFound)), "{again:?}");

    let history = t
        .store
        .contact_history(d.tenant, jane, 20)
        .await
        .expect("history");
    let fields: Vec<_> = history
        .iter()
        .map(|e| (e.field.as_str(), e.user.as_ref().map(|u| u.id)))
        .collect();
    for field in [
        "Insight example added",
        "Insight example added (paraphrase)",
        "Insight example deleted",
    ] {
        assert!(
            fields.contains(&(field, Some(agent))),
            "{field} in {fields:?}"
        );
    }
}

async fn another_tenants_contacts_and_examples_are_not_found_and_stay_unchanged(t: TestDb) {
    let (a, b) = (Desk::new(&t, "a").await, Desk::new(&t, "b").await);
    let (jane, bob) = (a.contact("Jane").await, b.contact("Bob").await);
    let (ann, ben) = (a.user("Ann").await, b.user("Ben").await);
    let theirs = b
        .example(ben, bob, THANKS, true, 0)
        .await
        .expect("B's example");
    b.add((bob, Email, 77), 1, WORRY).await;
    let before = (b.profile(bob).await, b.examples(bob).await);

    let store = &t.store;
    let attempts = [
        a.example(ann, bob, HELLO, true, 2).await.map(|_| ()),
        store
            .delete_insight_example(a.tenant, ann, bob, theirs.id, now())
            .await,
        store
            .delete_insight_example(a.tenant, ann, jane, theirs.id, now())
            .await,
        a.try_add((bob, Email, 78), 3, HELLO).await.map(|_| ()),
    ];
    for (i, attempt) in attempts.into_iter().enumerate() {
        assert!(
            matches!(attempt, Err(StoreError::NotFound)),
            "attempt {i}: {attempt:?}"
        );
    }
    // Through A, B's texts and examples are invisible and cannot be removed or cleared.
    assert!(a.profile(bob).await.is_none());
    assert!(a.examples(bob).await.is_empty());
    assert!(
        store
            .verbatim_examples(a.tenant)
            .await
            .expect("list")
            .is_empty()
    );
    a.remove(Email, 77).await;
    a.remove(Example, theirs.id).await;
    assert_eq!(store.clear_insights(a.tenant).await.expect("clear A"), 0);
    assert_eq!((b.profile(bob).await, b.examples(bob).await), before);
    assert!(a.profile(jane).await.is_none());
    let history = store
        .contact_history(b.tenant, bob, 20)
        .await
        .expect("history");
    assert_eq!(
        history.len(),
        1,
        "only B's own example was audited: {history:?}"
    );
}

async fn norm_inputs_are_the_counted_tallies_of_contacts_with_enough_words(t: TestDb) {
    let (d, other) = (
        Desk::new(&t, "inputs").await,
        Desk::new(&t, "inputs-other").await,
    );
    let (jane, joe, amy) = (
        d.contact("Jane").await,
        d.contact("Joe").await,
        d.contact("Amy").await,
    );
    let stranger = other.contact("Stan").await;
    d.add((jane, Sms, 1), 2, THANKS).await;
    d.add((jane, Email, 2), 1, HELLO).await;
    assert_eq!(d.add((jane, Chat, 3), 3, HELLO).await, Duplicate);
    d.add((joe, Email, 4), 0, WORRY).await;
    d.add((amy, Sms, 5), 0, "ok").await;
    other.add((stranger, Email, 6), 0, WORRY).await;

    let inputs = |min_words| t.store.insight_norm_inputs(d.tenant, min_words);
    let min_words = of(WORRY).words;
    assert!(of("ok").words < min_words);
    let mut groups = inputs(min_words).await.expect("norm inputs");
    groups.sort_by_key(|g| g.len());
    let expected = vec![vec![of(WORRY)], vec![of(HELLO), of(THANKS)]];
    assert_eq!(
        groups, expected,
        "one group a contact, oldest first, without duplicates"
    );
    assert_eq!(inputs(0).await.expect("norm inputs").len(), 3);
    let above_all = sum(&[&of(HELLO), &of(THANKS)]).words + 1;
    assert!(inputs(above_all).await.expect("norm inputs").is_empty());
}

async fn norms_round_trip_and_go_stale_when_a_profile_changes(t: TestDb) {
    let d = Desk::new(&t, "norms").await;
    let jane = d.contact("Jane").await;
    assert!(!d.stale().await, "no totals: nothing to compute");
    assert!(d.norms().await.is_none());
    // Dated now + `seconds`, to order the changes against the norms' time.
    let (desk, store) = (&d, &t.store);
    let add = move |id: i64, text: &'static str, seconds: i64| async move {
        let (hash, tally) = (text_hash(text), of(text));
        let (kind, occurred_at) = (Email, desk.t0);
        let text = NewInsightText {
            contact_id: jane,
            kind,
            source_id: id,
            occurred_at,
            text_hash: &hash,
            tally: &tally,
        };
        let added = store
            .add_insight_text(desk.tenant, &text, desk.at(seconds))
            .await;
        added.expect("add a text")
    };
    add(1, HELLO, 1).await;
    assert!(d.stale().await, "totals and no norms");

    let mut norms = Norms::default();
    norms.method_version = insights::METHOD_VERSION.into();
    norms.computed_at = d.at(2).to_rfc3339();
    norms.reference_contacts = 12;
    norms.domain_words = vec!["invoice".into(), "order".into()];
    d.save_norms(&norms, 2).await;
    assert_eq!(d.norms().await, Some(norms.clone()));
    assert!(!d.stale().await);

    add(2, WORRY, 3).await;
    assert!(d.stale().await, "a profile changed since");
    norms.norm_contacts = 55;
    d.save_norms(&norms, 4).await;
    assert_eq!(d.norms().await, Some(norms), "saved over");
    assert!(!d.stale().await);
    // A removal is a change too.
    let removed = t
        .store
        .remove_insight_text(d.tenant, Email, 2, d.at(5))
        .await;
    removed.expect("remove a text");
    assert!(d.stale().await);
}

async fn clearing_deletes_profiles_and_norms_but_keeps_examples(t: TestDb) {
    let (d, other) = (
        Desk::new(&t, "clear").await,
        Desk::new(&t, "clear-other").await,
    );
    let (jane, joe, agent) = (
        d.contact("Jane").await,
        d.contact("Joe").await,
        d.user("Ann").await,
    );
    let stranger = other.contact("Stan").await;
    d.add((jane, Email, 1), 0, HELLO).await;
    other.add((stranger, Email, 2), 0, HELLO).await;
    let example = d
        .example(agent, joe, THANKS, true, 0)
        .await
        .expect("add an example");
    d.save_norms(&Norms::default(), 1).await;
    other.save_norms(&Norms::default(), 1).await;

    let clear = || t.store.clear_insights(d.tenant);
    assert_eq!(
        clear().await.expect("clear"),
        2,
        "Jane's and Joe's profiles"
    );
    assert!(d.profile(jane).await.is_none() && d.profile(joe).await.is_none());
    assert!(d.norms().await.is_none());
    assert!(!d.stale().await);
    assert_eq!(d.examples(joe).await, std::slice::from_ref(&example));
    assert_eq!(
        t.store.verbatim_examples(d.tenant).await.expect("list"),
        [example]
    );
    assert!(
        other.profile(stranger).await.is_some(),
        "other tenants keep theirs"
    );
    assert!(other.norms().await.is_some());
    assert_eq!(clear().await.expect("clear again"), 0);
}

async fn the_backfill_lists_incoming_email_sms_and_chat_with_a_contact(t: TestDb) {
    let (d, other) = (
        Desk::new(&t, "backfill").await,
        Desk::new(&t, "backfill-other").await,
    );
    let (jane, agent) = (d.contact("Jane").await, d.user("Ann").await);
    let stranger = other.contact("Stan").await;
    let (ticket, _) = types(&t, d.tenant).await;
    let reference = start(&t, d.tenant, agent, ticket, jane).await;
    let item = t
        .store
        .work_item_by_reference(d.tenant, &reference)
        .await
        .expect("find");
    let item = item.expect("the work item");
    let messages = [
        ("email", "incoming", Some(jane), "An email from Jane"),
        ("note", "internal", Some(jane), "A note about Jane"),
        ("sms", "incoming", Some(jane), "An SMS from Jane"),
        ("email", "outgoing", Some(jane), "Our answer"),
        ("call", "incoming", Some(jane), "A call"),
        ("chat", "incoming", Some(jane), "A chat with Jane"),
        ("email", "incoming", None, "An email from nobody we know"),
        ("email", "incoming", Some(jane), "Out of office"),
    ];
    let mut ids = Vec::new();
    for (seconds, message) in (0..).zip(messages) {
        ids.push(d.message(message, seconds, Some(item.id)).await);
    }
    other
        .message(
            (
                "email",
                "incoming",
                Some(stranger),
                "Another tenant's email",
            ),
            0,
            None,
        )
        .await;

    let backfill = |after, limit| t.store.insight_backfill(d.tenant, after, limit);
    let texts = backfill(0, 100).await.expect("backfill");
    let listed: Vec<_> = texts
        .iter()
        .map(|b| (b.communication_id, b.kind, b.occurred_at))
        .collect();
    assert_eq!(
        listed,
        [
            (ids[0], Email, d.at(0)),
            (ids[2], Sms, d.at(2)),
            (ids[5], Chat, d.at(5))
        ]
    );
    let bodies: Vec<_> = texts
        .iter()
        .map(|b| (b.contact_id, b.body_text.as_str()))
        .collect();
    let from_jane =
        ["An email from Jane", "An SMS from Jane", "A chat with Jane"].map(|b| (jane, b));
    assert_eq!(bodies, from_jane);
    let page = backfill(ids[0], 1).await.expect("backfill");
    assert_eq!(
        page.iter().map(|b| b.communication_id).collect::<Vec<_>>(),
        [ids[2]],
        "after an id, at most limit"
    );
    let rest = backfill(ids[5], 100).await.expect("backfill");
    assert!(rest.is_empty(), "{rest:?}");
}

async fn tenants_with_the_feature_on_are_listed(t: TestDb) {
    let off = t.tenant("feature-off").await;
    let settings = TenantSettings {
        personality_insights: true,
        ..Default::default()
    };
    let slug = format!("feature-on-{}", common::unique());
    let on = t
        .store
        .create_tenant(&slug, "Insightful", &settings)
        .await
        .expect("create a tenant")
        .id;
    let listed = t.store.insight_tenants().await.expect("list");
    assert!(listed.contains(&on) && !listed.contains(&off), "{listed:?}");
}
