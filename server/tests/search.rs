//! Quickfind store tests (SPEC §3.4): every query class, ranking and tenant isolation. Every
//! body runs on SQLite and on PostgreSQL.

mod common;

use chrono::{Duration, Utc};

use app::domain::quickfind::Query;
use app::model::{ContactFields, ContactId, CreatedVia, PhoneValue, TenantId};
use app::search_api::{QuickfindResults, SearchGroup, SearchRequest};
use common::TestDb;
use server::store::Database;

fn person(first: &str, last: &str, email: Option<&str>) -> ContactFields {
    ContactFields {
        first_name: (!first.is_empty()).then(|| first.into()),
        last_name: (!last.is_empty()).then(|| last.into()),
        email: email.map(str::to_string),
        ..Default::default()
    }
}

async fn add(t: &TestDb, tenant: TenantId, fields: &ContactFields) -> ContactId {
    t.store
        .create_contact(tenant, None, fields, CreatedVia::Manual, Utc::now())
        .await
        .expect("create contact")
        .id
}

async fn find(t: &TestDb, tenant: TenantId, q: &str) -> QuickfindResults {
    t.store
        .quickfind(tenant, &Query::parse(q), &SearchRequest::all(8))
        .await
        .expect("quickfind")
}

async fn people(t: &TestDb, tenant: TenantId, q: &str) -> Vec<ContactId> {
    find(t, tenant, q)
        .await
        .people
        .into_iter()
        .map(|p| p.id)
        .collect()
}

/// Runs raw SQL on either engine's write pool, with that engine's id allocator as `$next`.
macro_rules! on_write {
    ($db:expr, $pool:ident, $next:ident => $body:expr) => {
        match $db {
            Database::Sqlite(s) => {
                use server::store::sqlite::dialect::next_ids as $next;
                let $pool = &s.write;
                $body
            }
            Database::Postgres(s) => {
                use server::store::postgres::dialect::next_ids as $next;
                let $pool = &s.write;
                $body
            }
        }
    };
}

/// A queue, a ticket type and a case type for the tenant: `(queue, ticket type, case type)`.
async fn work_setup(t: &TestDb, tenant: TenantId) -> (i64, i64, i64) {
    let now = Utc::now();
    on_write!(&t.db, pool, next_ids => {
        let mut ids = Vec::new();
        for (table, n) in [("queues", 1), ("work_item_types", 2)] {
            let mut conn = pool.acquire().await.expect("a test connection");
            ids.extend(next_ids(&mut conn, table, n).await.expect("fresh ids"));
        }
        sqlx::query("INSERT INTO queues (tenant_id, id, name, is_default, created_at) VALUES ($1, $2, 'Support', TRUE, $3)")
            .bind(tenant.0).bind(ids[0]).bind(now).execute(pool).await.expect("insert a test row");
        for (id, name, kind) in [(ids[1], "Ticket", "ticket"), (ids[2], "Case", "case")] {
            sqlx::query(
                "INSERT INTO work_item_types (tenant_id, id, name, kind, live, show_in_contacts, default_queue_id, created_at) \
                 VALUES ($1, $2, $3, $4, TRUE, TRUE, $5, $6)",
            )
            .bind(tenant.0).bind(id).bind(name).bind(kind).bind(ids[0]).bind(now)
            .execute(pool).await.expect("insert a test row");
        }
        (ids[0], ids[1], ids[2])
    })
}

async fn add_work_item(
    t: &TestDb,
    tenant: TenantId,
    setup: (i64, i64, i64),
    number: i64,
    case: bool,
    title: &str,
) -> i64 {
    let now = Utc::now();
    let doc = app::domain::search_text::work_item_document(title);
    on_write!(&t.db, pool, next_ids => {
        let mut conn = pool.acquire().await.expect("a test connection");
        let id = next_ids(&mut conn, "work_items", 1).await.expect("a fresh id")[0];
        sqlx::query(
            "INSERT INTO work_items (tenant_id, id, number, reference, type_id, title, state, queue_id, created_at, updated_at, search_doc) \
             VALUES ($1, $2, $3, $4, $5, $6, 'to_do', $7, $8, $8, $9)",
        )
        .bind(tenant.0).bind(id).bind(number)
        .bind(format!("{number}-{}", if case { "C" } else { "T" }))
        .bind(if case { setup.2 } else { setup.1 })
        .bind(title).bind(setup.0).bind(now).bind(doc)
        .execute(&mut *conn).await.expect("insert a test row");
        id
    })
}

async fn add_email(
    t: &TestDb,
    tenant: TenantId,
    subject: &str,
    body: &str,
    from: &str,
    contact: Option<ContactId>,
) -> i64 {
    let now = Utc::now();
    let (doc, head) = app::domain::search_text::communication_documents(
        Some(subject),
        body,
        [Some(from), Some("support@desk.test")],
        &contact.map(|c| vec![c.0]).unwrap_or_default(),
    );
    on_write!(&t.db, pool, next_ids => {
        let mut conn = pool.acquire().await.expect("a test connection");
        let id = next_ids(&mut conn, "communications", 1).await.expect("a fresh id")[0];
        sqlx::query(
            "INSERT INTO communications (tenant_id, id, kind, direction, subject, body_text, from_address, to_address, contact_id, \
             occurred_at, created_at, search_doc, search_head) \
             VALUES ($1, $2, 'email', 'incoming', $3, $4, $5, 'support@desk.test', $6, $7, $7, $8, $9)",
        )
        .bind(tenant.0).bind(id).bind(subject).bind(body).bind(from)
        .bind(contact.map(|c| c.0)).bind(now).bind(doc).bind(head)
        .execute(&mut *conn).await.expect("insert a test row");
        id
    })
}

both_engines!(
    ranking_is_exact_then_prefix_then_substring_then_typo,
    within_a_level_the_newest_record_comes_first,
    one_and_two_letter_queries_find_people_by_prefix,
    words_are_anded_across_fields,
    emails_match_whole_and_partial,
    phones_match_in_any_format_and_by_their_last_digits,
    references_find_work_items_with_or_without_their_kind,
    quotes_search_a_phrase,
    communications_match_subject_body_and_addresses,
    a_second_tenants_identical_contact_never_appears,
    saving_a_contact_reindexes_it,
    pages_continue_where_the_last_one_ended,
);

async fn ranking_is_exact_then_prefix_then_substring_then_typo(t: TestDb) {
    let tenant = t.tenant("rank").await;
    // Created in an order that recency alone would rank the other way round.
    let typo = add(&t, tenant, &person("Ann", "Smyth", None)).await;
    let substring = add(&t, tenant, &person("Bob", "Blacksmith", None)).await;
    let prefix = add(&t, tenant, &person("Cat", "Smithers", None)).await;
    let exact = add(&t, tenant, &person("Dan", "Smith", None)).await;
    add(&t, tenant, &person("Eve", "Jones", None)).await;
    let got = people(&t, tenant, "smith").await;
    assert_eq!(got, vec![exact, prefix, substring, typo]);
    // Typos need five characters; substrings three.
    assert!(people(&t, tenant, "smyt").await == vec![typo]);
    assert_eq!(people(&t, tenant, "acks").await, vec![substring]);
    assert!(people(&t, tenant, "ck").await.is_empty());
    // A typo in a longer name: transposition, missing and extra letters.
    let jonathan = add(&t, tenant, &person("Jonathan", "Hale", None)).await;
    for typed in ["jonahtan", "jonathn", "jonathaan", "jonathon"] {
        assert_eq!(people(&t, tenant, typed).await, vec![jonathan], "{typed}");
    }
}

async fn within_a_level_the_newest_record_comes_first(t: TestDb) {
    let tenant = t.tenant("recent").await;
    let older = add(&t, tenant, &person("Ann", "Jones", None)).await;
    let newer = add(&t, tenant, &person("Bob", "Jones", None)).await;
    assert_eq!(people(&t, tenant, "jones").await, vec![newer, older]);
}

async fn one_and_two_letter_queries_find_people_by_prefix(t: TestDb) {
    let tenant = t.tenant("short").await;
    let setup = work_setup(&t, tenant).await;
    let quinn = add(&t, tenant, &person("Zed", "Quinn", None)).await;
    let quaid = add(&t, tenant, &person("Amy", "Quaid", None)).await;
    let squire = add(&t, tenant, &person("Amy", "Squire", None)).await;
    add_work_item(&t, tenant, setup, 7, false, "Quote for new boiler").await;
    add_email(
        &t,
        tenant,
        "Quarterly invoice",
        "Quite so",
        "q@example.com",
        None,
    )
    .await;
    let r = find(&t, tenant, "q").await;
    assert_eq!(
        r.people.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![quaid, quinn]
    );
    assert_eq!(r.work_items.len(), 1);
    assert!(
        r.communications.is_empty(),
        "1–2 letters do not search communications"
    );
    assert_eq!(people(&t, tenant, "qu").await, vec![quaid, quinn]);
    // Three letters also match inside words, ranked after the prefix hit.
    assert_eq!(people(&t, tenant, "QUI").await, vec![quinn, squire]);
}

async fn words_are_anded_across_fields(t: TestDb) {
    let tenant = t.tenant("and").await;
    let jane = add(
        &t,
        tenant,
        &person("Jane", "Smith", Some("js@acme.example")),
    )
    .await;
    add(
        &t,
        tenant,
        &person("John", "Smith", Some("john@other.example")),
    )
    .await;
    add(&t, tenant, &person("Jane", "Doe", None)).await;
    assert_eq!(people(&t, tenant, "jane smith").await, vec![jane]);
    assert_eq!(people(&t, tenant, "smith ja").await, vec![jane]);
    assert_eq!(people(&t, tenant, "acme smi").await, vec![jane]);
    assert!(people(&t, tenant, "jane smith nobody").await.is_empty());
}

async fn emails_match_whole_and_partial(t: TestDb) {
    let tenant = t.tenant("email").await;
    let jane = add(
        &t,
        tenant,
        &person("Jane", "Smith", Some("Jane.Smith@Example.com")),
    )
    .await;
    add(
        &t,
        tenant,
        &person("Janet", "Smithson", Some("janet.smithson@other.org")),
    )
    .await;
    for q in [
        "jane.smith@example.com",
        "JANE.SMITH@EXAMPLE.COM",
        "jane.smith@exa",
        "<jane.smith@example.com>",
        "jane.smith@",
    ] {
        assert_eq!(people(&t, tenant, q).await, vec![jane], "{q}");
    }
    assert_eq!(people(&t, tenant, "@example").await, vec![jane]);
    let hit = find(&t, tenant, "jane.smith@example.com").await.people;
    assert_eq!(hit[0].matched_field, "email");
    assert_eq!(hit[0].email.as_deref(), Some("Jane.Smith@Example.com"));
}

async fn phones_match_in_any_format_and_by_their_last_digits(t: TestDb) {
    let tenant = t.tenant("phone").await;
    let mut fields = person("Ann", "Dial", None);
    fields.phone = Some(PhoneValue {
        typed: "020 7946 0958".into(),
        e164: "+442079460958".into(),
    });
    let ann = add(&t, tenant, &fields).await;
    let mut other = person("Bob", "Ring", None);
    other.mobile = Some(PhoneValue {
        typed: "+1 415 555 2671".into(),
        e164: "+14155552671".into(),
    });
    let bob = add(&t, tenant, &other).await;
    for q in [
        "+442079460958",
        "+44 20 7946 0958",
        "020 7946 0958",
        "(020) 7946-0958",
        "02079460958",
        "7946 0958",
        "9460958",
        "0044 20 7946 0958",
    ] {
        assert_eq!(people(&t, tenant, q).await, vec![ann], "{q}");
    }
    for q in [
        "(415) 555-2671",
        "415.555.2671",
        "+1 415 555 2671",
        "5552671",
    ] {
        let hits = find(&t, tenant, q).await.people;
        assert_eq!(
            hits.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![bob],
            "{q}"
        );
        assert_eq!(hits[0].matched_field, "mobile");
    }
    assert!(people(&t, tenant, "7946 0959").await.is_empty());
}

async fn references_find_work_items_with_or_without_their_kind(t: TestDb) {
    let tenant = t.tenant("refs").await;
    let setup = work_setup(&t, tenant).await;
    let ticket = add_work_item(&t, tenant, setup, 40308, false, "Boiler not heating").await;
    let case = add_work_item(&t, tenant, setup, 40309, true, "Complaint about 40308").await;
    add_work_item(&t, tenant, setup, 4030, false, "Unrelated").await;
    let ids = |r: QuickfindResults| r.work_items.into_iter().map(|w| w.id).collect::<Vec<_>>();
    assert_eq!(ids(find(&t, tenant, "40308-T").await), vec![ticket]);
    assert_eq!(ids(find(&t, tenant, "40308-t").await), vec![ticket]);
    assert!(ids(find(&t, tenant, "40308-C").await).is_empty());
    // A bare number: the reference first, then titles mentioning it.
    assert_eq!(ids(find(&t, tenant, "40308").await), vec![ticket, case]);
    assert_eq!(ids(find(&t, tenant, "40309-C").await), vec![case]);
    assert_eq!(ids(find(&t, tenant, "40308 boiler").await), vec![ticket]);
    assert!(ids(find(&t, tenant, "40308 nothing").await).is_empty());
    let hit = &find(&t, tenant, "40308-T").await.work_items[0];
    assert_eq!(
        (
            hit.reference.as_str(),
            hit.type_name.as_str(),
            hit.state.as_str()
        ),
        ("40308-T", "Ticket", "to_do")
    );
    let by_ref = t
        .store
        .work_item_by_reference(tenant, "40308-t")
        .await
        .expect("look up by reference");
    assert_eq!(by_ref.map(|w| w.id), Some(ticket));
    // Titles by word, prefix and substring.
    assert_eq!(ids(find(&t, tenant, "heat").await), vec![ticket]);
    assert_eq!(ids(find(&t, tenant, "oiler").await), vec![ticket]);
}

async fn quotes_search_a_phrase(t: TestDb) {
    let tenant = t.tenant("phrase").await;
    let anne_marie = add(&t, tenant, &person("Anne Marie", "Jones", None)).await;
    add(&t, tenant, &person("Marie", "Anne", None)).await;
    assert_eq!(people(&t, tenant, "\"anne marie\"").await, vec![anne_marie]);
    assert_eq!(
        people(&t, tenant, "\"marie jones\" anne").await,
        vec![anne_marie]
    );
    assert_eq!(people(&t, tenant, "anne marie").await.len(), 2);
}

async fn communications_match_subject_body_and_addresses(t: TestDb) {
    let tenant = t.tenant("comms").await;
    let contact = add(&t, tenant, &person("Ann", "Mailer", None)).await;
    let refund = add_email(
        &t,
        tenant,
        "Refund request",
        "Please refund order 5521, the parcel arrived broken.",
        "ann@mailer.example",
        Some(contact),
    )
    .await;
    let other = add_email(
        &t,
        tenant,
        "Delivery",
        "Where is my parcel?",
        "bob@post.example",
        None,
    )
    .await;
    let ids = |r: &QuickfindResults| r.communications.iter().map(|c| c.id).collect::<Vec<_>>();
    let r = find(&t, tenant, "refund").await;
    assert_eq!(ids(&r), vec![refund]);
    let hit = &r.communications[0];
    assert!(
        hit.snippet.to_lowercase().contains("refund"),
        "{}",
        hit.snippet
    );
    assert_eq!(hit.party.as_deref(), Some("ann@mailer.example"));
    assert_eq!(hit.contact_id, Some(contact));
    assert_eq!(ids(&find(&t, tenant, "parcel").await), vec![other, refund]);
    assert_eq!(ids(&find(&t, tenant, "broken parcel").await), vec![refund]);
    assert_eq!(
        ids(&find(&t, tenant, "bob@post.example").await),
        vec![other]
    );
    assert_eq!(ids(&find(&t, tenant, "@post").await), vec![other]);
    assert_eq!(ids(&find(&t, tenant, "delive").await), vec![other]);
    assert_eq!(
        ids(&find(&t, tenant, "parcle").await),
        vec![other, refund],
        "typo in the body"
    );
    assert_eq!(ids(&find(&t, tenant, "5521").await), vec![refund]);
}

async fn a_second_tenants_identical_contact_never_appears(t: TestDb) {
    let a = t.tenant("iso-a").await;
    let b = t.tenant("iso-b").await;
    let mut fields = person("Ida", "Isolate", Some("ida@isolate.example"));
    fields.phone = Some(PhoneValue {
        typed: "020 7946 0000".into(),
        e164: "+442079460000".into(),
    });
    let in_a = add(&t, a, &fields).await;
    let in_b = add(&t, b, &fields).await;
    for q in [
        "isolate",
        "ida isolate",
        "i",
        "iso",
        "isloate",
        "ida@isolate.example",
        "020 7946 0000",
        "@isolate",
    ] {
        assert_eq!(people(&t, a, q).await, vec![in_a], "{q}");
        assert_eq!(people(&t, b, q).await, vec![in_b], "{q}");
    }
    let setup_a = work_setup(&t, a).await;
    add_work_item(&t, a, setup_a, 12, false, "Only in A").await;
    assert!(find(&t, b, "12-T").await.work_items.is_empty());
    assert!(find(&t, b, "only").await.work_items.is_empty());
    assert!(
        t.store
            .work_item_by_reference(b, "12-T")
            .await
            .expect("look up by reference")
            .is_none()
    );
    add_email(&t, a, "Secret subject", "secret body", "x@a.example", None).await;
    assert!(find(&t, b, "secret").await.communications.is_empty());
}

async fn saving_a_contact_reindexes_it(t: TestDb) {
    let tenant = t.tenant("reindex").await;
    let editor = {
        let email = format!("ed-{}@example.test", common::unique());
        t.store
            .create_user(
                tenant,
                &app::store::NewUser {
                    email,
                    name: "Ed".into(),
                    role: app::model::Role::Agent,
                    password_hash: "x".into(),
                },
            )
            .await
            .expect("create user")
            .id
    };
    let id = add(&t, tenant, &person("Olive", "Oldname", None)).await;
    let current = t
        .store
        .contact(tenant, id)
        .await
        .expect("read contact")
        .expect("contact exists");
    let mut fields = current.fields.clone();
    fields.last_name = Some("Newname".into());
    t.store
        .update_contact(
            tenant,
            editor,
            id,
            current.version,
            &fields,
            Utc::now() + Duration::seconds(1),
        )
        .await
        .expect("update contact");
    assert!(people(&t, tenant, "oldname").await.is_empty());
    assert_eq!(people(&t, tenant, "newname").await, vec![id]);
    assert_eq!(people(&t, tenant, "olive newn").await, vec![id]);
}

async fn pages_continue_where_the_last_one_ended(t: TestDb) {
    let tenant = t.tenant("paging").await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(add(&t, tenant, &person(&format!("P{i}"), "Pager", None)).await);
    }
    ids.reverse();
    let page = |n| {
        let store = t.store.clone();
        async move {
            store
                .quickfind(
                    tenant,
                    &Query::parse("pager"),
                    &SearchRequest::page(SearchGroup::People, n, 3),
                )
                .await
                .expect("quickfind page")
        }
    };
    let (p1, p2, p3) = (page(1).await, page(2).await, page(3).await);
    let got: Vec<ContactId> = [&p1, &p2, &p3]
        .iter()
        .flat_map(|p| p.people.iter().map(|h| h.id))
        .collect();
    assert_eq!(got, ids);
    assert_eq!((p1.more[0], p2.more[0], p3.more[0]), (true, true, false));
    assert!(p1.work_items.is_empty() && p1.communications.is_empty());
}
