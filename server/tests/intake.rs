//! Communications intake (SPEC §3.7) through the real HTTP endpoints: inbound email (the MIME
//! fixtures in `tests/fixtures/mail`, described in its README), threading, auto-replies,
//! idempotency and refusals. The same bodies run on SQLite and PostgreSQL. SMS and chat are in
//! `intake_messages.rs`.

mod common;

use http::StatusCode;
use serde_json::Value;

use app::model::{ContactId, CreatedVia, TenantId, TenantSettings};
use common::TestDb;
use common::fixtures::{now, set_item, types};
use common::http_app::router;
use common::intake::{
    Desk, count, desk, fixture, fixture_with, message_id, post_email, post_raw, token_for,
};

both_engines!(
    each_message_is_stored_with_its_sender_names_text_and_a_ticket,
    attachments_are_listed_and_the_raw_message_is_kept,
    hostile_html_is_neutralised_before_it_is_stored,
    auto_replies_are_stored_but_start_nothing,
    a_reply_threads_to_its_ticket_reopens_it_or_starts_anew,
    a_plus_reference_threads_but_another_tenants_reference_does_not,
    a_duplicate_delivery_changes_nothing,
    bad_input_is_refused_and_stores_nothing,
    unknown_senders_wait_in_a_draft_when_automatic_creation_is_off,
    without_a_live_ticket_type_the_sender_is_told_to_retry,
);

async fn stored(d: &Desk, name: &str) -> Value {
    let (status, json) = post_email(d, fixture(name)).await;
    assert_eq!(status, StatusCode::CREATED, "{name}: {json}");
    assert_eq!(json["status"], "stored", "{name}: {json}");
    json
}

async fn comm(d: &Desk, json: &Value) -> app::activity_api::CommunicationView {
    let id = json["communication_id"].as_i64().expect("communication id");
    d.t.store
        .communication(d.tenant, id)
        .await
        .unwrap()
        .expect("stored communication")
}

async fn item(d: &Desk, json: &Value) -> app::work_items_api::WorkItemView {
    let reference = json["work_item"].as_str().expect("a work item");
    d.t.store
        .work_item(d.tenant, reference)
        .await
        .unwrap()
        .expect("the work item")
}

struct Expected {
    file: &'static str,
    email: &'static str,
    first: &'static str,
    last: &'static str,
    subject: &'static str,
    text: &'static [&'static str],
    html: bool,
}

const MESSAGES: &[Expected] = &[
    Expected {
        file: "plain.eml",
        email: "jane.doe@example.com",
        first: "Jane",
        last: "Doe",
        subject: "Cannot log in to my account",
        text: &["I tried from the café down the"],
        html: false,
    },
    Expected {
        file: "html_only.eml",
        email: "tom@example.org",
        first: "Tom",
        last: "Baker",
        subject: "Where is my standing desk?",
        text: &["Order number: 88123", "€349.00", "standing desk"],
        html: true,
    },
    Expected {
        file: "alternative.eml",
        email: "jane.d@example.net",
        first: "Jane",
        last: "Doe",
        subject: "Change of billing address",
        text: &["221 Elm Street, Springfield, IL 62704."],
        html: true,
    },
    Expected {
        file: "attachment.eml",
        email: "priya.natarajan@example.com",
        first: "Priya",
        last: "Natarajan",
        subject: "Invoice 2291 charged twice",
        text: &["My card was charged twice for invoice 2291."],
        html: true,
    },
    Expected {
        file: "latin1.eml",
        email: "juergen.mueller@example.de",
        first: "Jürgen",
        last: "Müller",
        subject: "Rückfrage zu Bestellung 55102",
        text: &["Grüße aus Köln", "unvollständig"],
        html: false,
    },
    Expected {
        file: "windows1252.eml",
        email: "sean.obrien@example.ie",
        first: "Sean",
        last: "O'Brien",
        subject: "Charged twice for Premium",
        text: &["€49.99", "“Premium”"],
        html: false,
    },
    Expected {
        file: "shift_jis.eml",
        email: "yamada.taro@example.jp",
        first: "山田",
        last: "太郎",
        subject: "パスワードの再設定",
        text: &["パスワードを忘れました"],
        html: false,
    },
    Expected {
        file: "encoded_word.eml",
        email: "zoe.angstrom@example.se",
        first: "Zoë",
        last: "Ångström",
        subject: "Order № 1234 – refund",
        text: &["arrived broken"],
        html: false,
    },
    Expected {
        file: "role_mailbox.eml",
        email: "info@example.org",
        first: "",
        last: "",
        subject: "Partnership enquiry",
        text: &["wholesale prices"],
        html: false,
    },
    Expected {
        file: "bare_address.eml",
        email: "anne-marie.van.der.berg@example.nl",
        first: "",
        last: "",
        subject: "Warranty question",
        text: &["warranty on the electric standing desk motor"],
        html: false,
    },
];

async fn each_message_is_stored_with_its_sender_names_text_and_a_ticket(t: TestDb) {
    let d = desk(t, "mime").await;
    for e in MESSAGES {
        let json = stored(&d, e.file).await;
        assert_eq!(json["contact_created"], true, "{}: {json}", e.file);
        assert_eq!(json["work_item_action"], "created", "{}: {json}", e.file);
        assert_eq!(json["auto_reply"], false, "{}", e.file);
        let contact =
            d.t.store
                .contact(d.tenant, ContactId(json["contact_id"].as_i64().unwrap()))
                .await
                .unwrap()
                .unwrap();
        assert_eq!(contact.fields.email.as_deref(), Some(e.email), "{}", e.file);
        assert_eq!(
            contact.fields.first_name.as_deref().unwrap_or(""),
            e.first,
            "{}",
            e.file
        );
        assert_eq!(
            contact.fields.last_name.as_deref().unwrap_or(""),
            e.last,
            "{}",
            e.file
        );
        assert_eq!(contact.created_via, CreatedVia::Email, "{}", e.file);
        let c = comm(&d, &json).await;
        assert_eq!(
            (c.kind.as_str(), c.direction.as_str()),
            ("email", "incoming"),
            "{}",
            e.file
        );
        assert_eq!(c.subject.as_deref(), Some(e.subject), "{}", e.file);
        for needle in e.text {
            assert!(
                c.body_text.contains(needle),
                "{}: {needle:?} not in {:?}",
                e.file,
                c.body_text
            );
        }
        assert_eq!(
            c.body_html.is_some(),
            e.html,
            "{}: html {:?}",
            e.file,
            c.body_html
        );
        assert!(
            c.party.as_deref().unwrap_or("").contains(e.email),
            "{}: party {:?}",
            e.file,
            c.party
        );
        // A new Ticket in the default queue, To Do, the sender tagged on it.
        let w = item(&d, &json).await;
        assert_eq!(
            (w.kind.as_str(), w.state.as_str(), w.queue.as_str()),
            ("ticket", "to_do", "General"),
            "{}",
            e.file
        );
        assert_eq!(w.title, e.subject, "{}", e.file);
        let tagged = d.t.store.tagged_contacts(d.tenant, w.id).await.unwrap();
        assert_eq!(tagged.len(), 1, "{}", e.file);
        assert_eq!(tagged[0].contact_id, contact.id);
        assert_eq!(
            tagged[0].tags,
            vec!["primary", "requester", "original_requester"],
            "{}",
            e.file
        );
        // It shows in the contact's Communications.
        let (list, _) =
            d.t.store
                .contact_communications(d.tenant, contact.id, &Default::default(), None, 0, 10)
                .await
                .unwrap();
        assert_eq!(
            list.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![c.id],
            "{}",
            e.file
        );
    }
    assert_eq!(count(&d, "contacts").await, MESSAGES.len() as i64);
    assert_eq!(count(&d, "work_items").await, MESSAGES.len() as i64);
}

async fn attachments_are_listed_and_the_raw_message_is_kept(t: TestDb) {
    let d = desk(t, "attach").await;
    let json = stored(&d, "attachment.eml").await;
    let c = comm(&d, &json).await;
    let listed: Vec<(&str, &str, u64)> = c
        .details
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.content_type.as_str(), a.size))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("invoice-2291.pdf", "application/pdf", 606),
            ("screenshot.png", "image/png", 69)
        ]
    );
    let sql = "SELECT raw FROM email_sources WHERE tenant_id = $1 AND communication_id = $2";
    let raw: Vec<u8> = match &d.t.db {
        server::store::Database::Sqlite(s) => sqlx::query_scalar(sql)
            .bind(d.tenant.0)
            .bind(c.id)
            .fetch_one(&s.read)
            .await
            .unwrap(),
        server::store::Database::Postgres(s) => sqlx::query_scalar(sql)
            .bind(d.tenant.0)
            .bind(c.id)
            .fetch_one(&s.read)
            .await
            .unwrap(),
    };
    assert_eq!(
        raw,
        fixture("attachment.eml"),
        "the message is kept byte for byte"
    );
}

async fn hostile_html_is_neutralised_before_it_is_stored(t: TestDb) {
    let d = desk(t, "hostile").await;
    let json = stored(&d, "hostile.eml").await;
    let c = comm(&d, &json).await;
    let html = c.body_html.expect("sanitised HTML is kept").to_lowercase();
    for bad in [
        "<script",
        "alert(",
        "onerror",
        "onload",
        "javascript:",
        "javascript&colon;",
        "<svg",
        "<iframe",
        "<form",
        "<input",
        "<style",
        "style=",
        "evil.example",
    ] {
        assert!(!html.contains(bad), "{bad} survived in {html}");
    }
    assert!(html.contains("please reset my password"), "{html}");
    assert!(html.contains("https://help.example.com/faq"), "{html}");
    assert!(
        c.body_text.contains("Please reset my password") && !c.body_text.contains("alert("),
        "{}",
        c.body_text
    );
}

async fn auto_replies_are_stored_but_start_nothing(t: TestDb) {
    let d = desk(t, "auto").await;
    for file in [
        "auto_submitted.eml",
        "x_autoreply.eml",
        "x_autorespond.eml",
        "dsn.eml",
        "empty_return_path.eml",
    ] {
        let json = stored(&d, file).await;
        assert_eq!(json["auto_reply"], true, "{file}: {json}");
        assert!(
            json["contact_id"].is_null() && json["work_item"].is_null(),
            "{file}: {json}"
        );
        assert!(comm(&d, &json).await.details.auto_reply, "{file}");
    }
    assert_eq!(count(&d, "communications").await, 5);
    assert_eq!(
        (count(&d, "contacts").await, count(&d, "work_items").await),
        (0, 0)
    );
    // From a known sender it lands on the contact, still without work.
    let fields = app::model::ContactFields {
        email: Some("max@example.de".into()),
        ..Default::default()
    };
    let max =
        d.t.store
            .create_contact(d.tenant, None, &fields, CreatedVia::Manual, now())
            .await
            .unwrap();
    let again = fixture_with(
        "auto_submitted.eml",
        &[("Message-ID: <", "Message-ID: <again-")],
    );
    let (status, json) = post_email(&d, again).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(
        (
            json["contact_id"].as_i64(),
            json["contact_created"].as_bool()
        ),
        (Some(max.id.0), Some(false))
    );
    assert!(json["work_item"].is_null());
    assert_eq!(count(&d, "work_items").await, 0);
}

async fn a_reply_threads_to_its_ticket_reopens_it_or_starts_anew(t: TestDb) {
    let d = desk(t, "thread").await;
    let first = stored(&d, "plain.eml").await;
    let ticket = first["work_item"].as_str().unwrap().to_string();
    let original = message_id(&fixture("plain.eml"));
    let reply = |n: &str| {
        let own = format!("Message-ID: <reply-{n}-");
        fixture_with(
            "reply_in_reply_to.eml",
            &[
                ("outbound-1@acme.example", &original),
                ("Message-ID: <", &own),
            ],
        )
    };
    // A running ticket: attached, state unchanged.
    let (status, json) = post_email(&d, reply("1")).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(
        (
            json["work_item"].as_str(),
            json["work_item_action"].as_str()
        ),
        (Some(ticket.as_str()), Some("attached"))
    );
    assert_eq!(
        (json["contact_id"].clone(), json["contact_created"].clone()),
        (first["contact_id"].clone(), Value::Bool(false))
    );
    assert_eq!(item(&d, &json).await.state, "to_do");
    // Resolved: reopened to To Do.
    set_item(&d.t, d.tenant, &ticket, "resolved", None, now()).await;
    let (_, json) = post_email(&d, reply("2")).await;
    assert_eq!(
        (
            json["work_item"].as_str(),
            json["work_item_action"].as_str()
        ),
        (Some(ticket.as_str()), Some("reopened"))
    );
    assert_eq!(item(&d, &json).await.state, "to_do");
    // Closed: a new Ticket with the closed one's contacts.
    set_item(&d.t, d.tenant, &ticket, "closed", None, now()).await;
    let (_, json) = post_email(&d, reply("3")).await;
    assert_eq!(json["work_item_action"], "new_from_closed", "{json}");
    let fresh = item(&d, &json).await;
    assert_ne!(fresh.reference, ticket);
    assert_eq!(
        (fresh.kind.as_str(), fresh.state.as_str()),
        ("ticket", "to_do")
    );
    let closed =
        d.t.store
            .work_item(d.tenant, &ticket)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(closed.state, "closed", "the closed item stays closed");
    let tagged = d.t.store.tagged_contacts(d.tenant, fresh.id).await.unwrap();
    assert_eq!(
        tagged,
        d.t.store
            .tagged_contacts(d.tenant, closed.id)
            .await
            .unwrap()
    );
    // A reply that names nothing stored starts its own Ticket.
    let (_, json) = post_email(
        &d,
        fixture_with(
            "reply_in_reply_to.eml",
            &[("Message-ID: <", "Message-ID: <lost-")],
        ),
    )
    .await;
    assert_eq!(json["work_item_action"], "created", "{json}");
}

async fn a_plus_reference_threads_but_another_tenants_reference_does_not(t: TestDb) {
    let d = desk(t, "plus").await;
    let first = stored(&d, "plain.eml").await;
    let ticket = first["work_item"].as_str().unwrap().to_string();
    let (_, json) = post_email(
        &d,
        fixture_with("plus_reference.eml", &[("40308-T", &ticket)]),
    )
    .await;
    assert_eq!(
        (
            json["work_item"].as_str(),
            json["work_item_action"].as_str()
        ),
        (Some(ticket.as_str()), Some("attached")),
        "{json}"
    );
    // Another tenant's item with the same reference shape is never reached.
    let other = d.t.tenant("plus-other").await;
    types(&d.t, other).await;
    let other_ref =
        d.t.store
            .create_work_item(other, None, types_ticket(&d, other).await, "Theirs", now())
            .await
            .unwrap();
    let before = count(&d, "work_items").await;
    let (_, json) = post_email(
        &d,
        fixture_with(
            "plus_reference.eml",
            &[
                ("40308-T", &format!("{}9", other_ref.trim_end_matches("-T"))),
                ("Message-ID: <", "Message-ID: <other-"),
            ],
        ),
    )
    .await;
    assert_eq!(json["work_item_action"], "created", "{json}");
    assert_eq!(count(&d, "work_items").await, before + 1);
}

async fn types_ticket(d: &Desk, tenant: TenantId) -> i64 {
    d.t.store
        .work_item_types(tenant)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.kind == "ticket")
        .unwrap()
        .id
}

async fn a_duplicate_delivery_changes_nothing(t: TestDb) {
    let d = desk(t, "dup").await;
    let first = stored(&d, "plain.eml").await;
    let counts = (
        count(&d, "communications").await,
        count(&d, "contacts").await,
        count(&d, "work_items").await,
    );
    let (status, again) = post_email(&d, fixture("plain.eml")).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["status"], "duplicate");
    assert_eq!(again["communication_id"], first["communication_id"]);
    assert_eq!(again["work_item"], first["work_item"]);
    assert_eq!(
        counts,
        (
            count(&d, "communications").await,
            count(&d, "contacts").await,
            count(&d, "work_items").await
        )
    );
}

async fn bad_input_is_refused_and_stores_nothing(t: TestDb) {
    let d = desk(t, "bad").await;
    let path = "/api/v1/inbound/email";
    let other = d.t.tenant("bad-other").await;
    let other_token = token_for(&d.t, other).await;
    let forged = format!("{}.{}", d.tenant.0, other_token.split_once('.').unwrap().1);
    let plain = fixture("plain.eml");
    // (what, token, content type, body, expected status)
    type Refusal<'a> = (&'a str, Option<String>, &'a str, Vec<u8>, StatusCode);
    let cases: Vec<Refusal> = vec![
        (
            "no From",
            Some(d.token.clone()),
            "message/rfc822",
            fixture("no_from.eml"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "not MIME",
            Some(d.token.clone()),
            "message/rfc822",
            fixture("not_mime.txt"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "empty",
            Some(d.token.clone()),
            "message/rfc822",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "no token",
            None,
            "message/rfc822",
            plain.clone(),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "wrong token",
            Some(format!("{}.{}", d.tenant.0, "0".repeat(64))),
            "message/rfc822",
            plain.clone(),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "another tenant's token with this tenant's id",
            Some(forged),
            "message/rfc822",
            plain.clone(),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "garbage token",
            Some("nonsense".into()),
            "message/rfc822",
            plain.clone(),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "wrong type",
            Some(d.token.clone()),
            "application/json",
            plain.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "over the size limit",
            Some(d.token.clone()),
            "message/rfc822",
            vec![b'a'; 25 * 1024 * 1024 + 1],
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (what, token, content_type, body, expected) in cases {
        let (status, json) = post_raw(&d, path, token.as_deref(), content_type, body).await;
        assert_eq!(status, expected, "{what}: {json}");
        assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}: {json}"
        );
    }
    // The other tenant's own token reaches only the other tenant (which has no Ticket type
    // yet, so it is told to retry).
    let (status, json) = post_raw(&d, path, Some(&other_token), "message/rfc822", plain).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(count(&d, "communications").await, 0);
    assert_eq!(
        (count(&d, "contacts").await, count(&d, "work_items").await),
        (0, 0)
    );
}

async fn unknown_senders_wait_in_a_draft_when_automatic_creation_is_off(t: TestDb) {
    let d = desk(t, "noauto").await;
    let admin = common::fixtures::user(&d.t, d.tenant, "Ada Admin", app::model::Role::Admin).await;
    let settings = TenantSettings {
        auto_create_contacts: false,
        ..Default::default()
    };
    d.t.store
        .save_tenant_settings(d.tenant, admin, &settings, now())
        .await
        .unwrap();
    let json = stored(&d, "plain.eml").await;
    assert!(json["contact_id"].is_null(), "{json}");
    assert_eq!(json["work_item_action"], "created");
    let w = item(&d, &json).await;
    assert_eq!(
        w.state, "draft",
        "no contact yet: an agent adds or creates one"
    );
    assert!(
        d.t.store
            .tagged_contacts(d.tenant, w.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(count(&d, "contacts").await, 0);
    assert_eq!(
        comm(&d, &json).await.work_item_reference.as_deref(),
        Some(w.reference.as_str())
    );
}

async fn without_a_live_ticket_type_the_sender_is_told_to_retry(t: TestDb) {
    let tenant = t.tenant("notype").await;
    t.store
        .create_queue(tenant, "General", true, now())
        .await
        .unwrap();
    let token = token_for(&t, tenant).await;
    let router = router(&t);
    let d = Desk {
        t,
        router,
        tenant,
        token,
    };
    let (status, json) = post_email(&d, fixture("plain.eml")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert!(
        json["error"].as_str().unwrap().contains("Ticket type"),
        "{json}"
    );
    assert_eq!(
        (
            count(&d, "communications").await,
            count(&d, "contacts").await
        ),
        (0, 0)
    );
}
