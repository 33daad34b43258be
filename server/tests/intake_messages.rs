//! Inbound SMS and chat (SPEC §3.7) through `POST /api/v1/inbound/messages`: matching by
//! normalised phone number or handle, contacts for unknown senders, idempotency by
//! `external_id`, refusals. The same bodies run on SQLite and PostgreSQL.

mod common;

use http::StatusCode;
use serde_json::{Value, json};

use app::model::{ContactFields, ContactId, CreatedVia, PhoneValue};
use common::TestDb;
use common::fixtures::now;
use common::intake::{Desk, count, desk, post_raw};

both_engines!(
    sms_matches_a_contact_by_number_in_any_format,
    a_repeated_external_id_is_stored_once,
    unknown_senders_become_contacts_by_number_or_handle,
    chat_from_an_email_address_matches_that_contact,
    bad_messages_are_refused_and_store_nothing,
);

async fn post(d: &Desk, body: Value) -> (StatusCode, Value) {
    post_raw(
        d,
        "/api/v1/inbound/messages",
        Some(&d.token),
        "application/json",
        body.to_string().into_bytes(),
    )
    .await
}

fn sms(from: &str, external_id: &str, text: &str) -> Value {
    json!({"channel": "sms", "from": from, "to": "+44 20 7946 0000", "text": text, "sent_at": "2026-11-20T09:30:00Z", "external_id": external_id})
}

async fn with_mobile(d: &Desk, e164: &str) -> ContactId {
    let fields = ContactFields {
        first_name: Some("Mo".into()),
        last_name: Some("Bile".into()),
        mobile: Some(PhoneValue {
            typed: e164.into(),
            e164: e164.into(),
        }),
        ..Default::default()
    };
    d.t.store
        .create_contact(d.tenant, None, &fields, CreatedVia::Manual, now())
        .await
        .unwrap()
        .id
}

async fn communications_of(d: &Desk, c: ContactId) -> Vec<app::activity_api::CommunicationView> {
    d.t.store
        .contact_communications(d.tenant, c, &Default::default(), None, 0, 50)
        .await
        .unwrap()
        .0
}

async fn sms_matches_a_contact_by_number_in_any_format(t: TestDb) {
    let d = desk(t, "sms").await;
    let mo = with_mobile(&d, "+447911123456").await;
    for (i, from) in [
        "07911 123456",
        "+44 7911 123456",
        "0044 (0)7911-123-456",
        "+44.7911.123.456",
    ]
    .iter()
    .enumerate()
    {
        let (status, json) = post(&d, sms(from, &format!("SM{i}"), &format!("Message {i}"))).await;
        if from.contains("(0)") {
            // "(0)" after a country code is not a number libphonenumber reads as given: refused
            // clearly rather than matched by guesswork.
            assert!(
                status == StatusCode::CREATED || status == StatusCode::UNPROCESSABLE_ENTITY,
                "{from}: {json}"
            );
            if status != StatusCode::CREATED {
                continue;
            }
        }
        assert_eq!(status, StatusCode::CREATED, "{from}: {json}");
        assert_eq!(
            (
                json["contact_id"].as_i64(),
                json["contact_created"].as_bool()
            ),
            (Some(mo.0), Some(false)),
            "{from}"
        );
        assert!(
            json["work_item"].is_null(),
            "an SMS from a known contact goes to their Communications: {json}"
        );
    }
    let list = communications_of(&d, mo).await;
    assert!(list.len() >= 3, "{}", list.len());
    assert!(
        list.iter()
            .all(|c| c.kind == "sms" && c.direction == "incoming")
    );
    assert!(list.iter().any(|c| c.body_text == "Message 0"));
    // A landline number matches too, when no mobile does.
    let fields = ContactFields {
        phone: Some(PhoneValue {
            typed: "020 7946 0999".into(),
            e164: "+442079460999".into(),
        }),
        ..Default::default()
    };
    let land =
        d.t.store
            .create_contact(d.tenant, None, &fields, CreatedVia::Manual, now())
            .await
            .unwrap()
            .id;
    let (_, json) = post(&d, sms("020 7946 0999", "SM-land", "From the office")).await;
    assert_eq!(json["contact_id"].as_i64(), Some(land.0), "{json}");
}

async fn a_repeated_external_id_is_stored_once(t: TestDb) {
    let d = desk(t, "smsdup").await;
    let mo = with_mobile(&d, "+447911123457").await;
    let (first, json) = post(&d, sms("07911 123457", "SMabc", "Hello")).await;
    assert_eq!(first, StatusCode::CREATED, "{json}");
    let (again, dup) = post(&d, sms("07911 123457", "SMabc", "Hello")).await;
    assert_eq!(again, StatusCode::OK, "{dup}");
    assert_eq!(
        (dup["status"].as_str(), dup["communication_id"].clone()),
        (Some("duplicate"), json["communication_id"].clone())
    );
    assert_eq!(communications_of(&d, mo).await.len(), 1);
    // The same id on the other channel is another message.
    let chat = json!({"channel": "chat", "from": "+447911123457", "text": "Hi", "sent_at": "2026-11-20T09:31:00Z", "external_id": "SMabc"});
    let (status, json) = post(&d, chat).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["contact_id"].as_i64(), Some(mo.0));
    assert_eq!(communications_of(&d, mo).await.len(), 2);
}

async fn unknown_senders_become_contacts_by_number_or_handle(t: TestDb) {
    let d = desk(t, "smsnew").await;
    let (status, json) = post(
        &d,
        sms("+1 (415) 555-2671", "SMnew", "Is my order shipped?"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["contact_created"], true);
    let c =
        d.t.store
            .contact(d.tenant, ContactId(json["contact_id"].as_i64().unwrap()))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(c.created_via, CreatedVia::Sms);
    assert_eq!(
        c.fields.mobile.as_ref().map(|m| m.e164.as_str()),
        Some("+14155552671")
    );
    // The next SMS from the number, formatted differently, finds that contact.
    let (_, again) = post(&d, sms("+1 415-555-2671", "SMnew2", "Hello?")).await;
    assert_eq!(
        (
            again["contact_id"].clone(),
            again["contact_created"].clone()
        ),
        (json["contact_id"].clone(), Value::Bool(false))
    );
    // A chat handle: a contact the first time, the same one afterwards (case-insensitive).
    let chat = |from: &str, id: &str| json!({"channel": "chat", "from": from, "to": "web", "text": "Hi there", "sent_at": "2026-11-20T10:00:00Z", "external_id": id});
    let (_, first) = post(&d, chat("@Jane_D", "CH1")).await;
    assert_eq!(first["contact_created"], true, "{first}");
    let jane =
        d.t.store
            .contact(d.tenant, ContactId(first["contact_id"].as_i64().unwrap()))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(jane.created_via, CreatedVia::Chat);
    let (_, second) = post(&d, chat("@jane_d", "CH2")).await;
    assert_eq!(
        (
            second["contact_id"].clone(),
            second["contact_created"].clone()
        ),
        (first["contact_id"].clone(), Value::Bool(false))
    );
    assert_eq!(communications_of(&d, jane.id).await.len(), 2);
    assert_eq!(count(&d, "contacts").await, 2);
    assert_eq!(
        count(&d, "work_items").await,
        0,
        "known or new contacts: no Ticket for a chat line"
    );
}

async fn chat_from_an_email_address_matches_that_contact(t: TestDb) {
    let d = desk(t, "chatmail").await;
    let fields = ContactFields {
        email: Some("Zoe@Example.com".into()),
        ..Default::default()
    };
    let zoe =
        d.t.store
            .create_contact(d.tenant, None, &fields, CreatedVia::Manual, now())
            .await
            .unwrap()
            .id;
    let body = json!({"channel": "chat", "from": "zoe@example.com", "text": "Hello from the widget", "sent_at": "2026-11-20T10:00:00Z", "external_id": "W1"});
    let (status, json) = post(&d, body).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["contact_id"].as_i64(), Some(zoe.0));
}

async fn bad_messages_are_refused_and_store_nothing(t: TestDb) {
    let d = desk(t, "smsbad").await;
    let good = sms("07911 123458", "SMok", "Hi");
    let mut cases: Vec<(&str, Value)> = Vec::new();
    let with = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b
    };
    cases.push(("unknown channel", with("channel", json!("fax"))));
    cases.push(("not a phone number", with("from", json!("jane"))));
    cases.push(("empty text", with("text", json!("  "))));
    cases.push(("over-long text", with("text", json!("x".repeat(20_001)))));
    cases.push(("bad time", with("sent_at", json!("yesterday"))));
    cases.push(("empty external id", with("external_id", json!(""))));
    cases.push(("unknown field", with("extra", json!(1))));
    cases.push((
        "missing field",
        json!({"channel": "sms", "from": "07911 123458"}),
    ));
    for (what, body) in cases {
        let (status, json) = post(&d, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {json}");
        assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}"
        );
    }
    let (status, _) = post_raw(
        &d,
        "/api/v1/inbound/messages",
        Some(&d.token),
        "application/json",
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = post_raw(
        &d,
        "/api/v1/inbound/messages",
        None,
        "application/json",
        good.to_string().into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (
            count(&d, "communications").await,
            count(&d, "contacts").await
        ),
        (0, 0)
    );
}
