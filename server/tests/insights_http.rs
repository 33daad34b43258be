//! Personality Insights over HTTP (SPEC §3.6): off until an admin turns them on; then incoming
//! messages and an agent's examples build the contact's profile, served by the panel's server
//! function and `GET /api/v1/contacts/{id}/insights`; turning them off deletes the profiles,
//! and turning them on again counts what is stored. Runs on SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use http::StatusCode;
use leptos::server_fn::ServerFn;
use serde_json::{Value, json};

use app::insights_api as ins;
use app::model::{ContactFields, ContactId, CreatedVia, Role};
use common::TestDb;
use common::fixtures::now;
use common::http_app::{PASSWORD, call, get, send, sign_in, user};
use common::intake::{Desk, desk, post_raw};

both_engines!(
    insights_are_off_until_an_admin_turns_them_on,
    messages_and_examples_build_the_profile_until_insights_are_turned_off,
    turning_insights_on_counts_what_arrived_while_they_were_off,
    a_backfill_that_finds_the_switch_off_leaves_nothing,
);

/// A tenant with its intake token, an admin, an agent and a contact with an email address.
struct Insights {
    d: Desk,
    admin: String,
    agent: String,
    contact: ContactId,
    email: String,
}

async fn setup(t: TestDb, label: &str) -> Insights {
    let d = desk(t, label).await;
    let (_, admin_email) = user(&d.t, d.tenant, "Ada Admin", Role::Admin).await;
    let (_, agent_email) = user(&d.t, d.tenant, "Ari Agent", Role::Agent).await;
    let admin = sign_in(&d.router, &admin_email, PASSWORD).await;
    let agent = sign_in(&d.router, &agent_email, PASSWORD).await;
    let email = format!("jane.{}@example.test", common::unique());
    let fields = ContactFields {
        first_name: Some("Jane".into()),
        last_name: Some("Writer".into()),
        email: Some(email.clone()),
        ..Default::default()
    };
    let contact =
        d.t.store
            .create_contact(d.tenant, None, &fields, CreatedVia::Manual, now())
            .await
            .expect("create the contact")
            .id;
    Insights {
        d,
        admin,
        agent,
        contact,
        email,
    }
}

/// Calls a server function; answers its status and JSON.
async fn fun(x: &Insights, path: &str, cookie: &str, form: &str) -> (StatusCode, Value) {
    let a = send(&x.d.router, call(path, cookie, form)).await;
    let json = serde_json::from_str(&a.body)
        .unwrap_or_else(|_| panic!("{path}: JSON answer, got {}: {}", a.status, a.body));
    (a.status, json)
}

async fn switch(x: &Insights, on: bool) {
    let form = format!("default_region=GB&personality_insights={on}");
    let path = app::admin_api::SaveTenantSettings::PATH;
    let a = send(&x.d.router, call(path, &x.admin, &form)).await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "switching insights {on}: {}",
        a.body
    );
}

/// The panel's server function as the agent calls it.
async fn panel(x: &Insights) -> Value {
    let form = format!("contact={}", x.contact.0);
    let (status, json) = fun(x, ins::ContactInsights::PATH, &x.agent, &form).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    json
}

fn words_of(panel: &Value) -> u64 {
    panel["profile"]["word_count"]
        .as_u64()
        .unwrap_or_else(|| panic!("a profile with a word count: {panel}"))
}

async fn profile_json(x: &Insights, cookie: Option<&str>) -> (StatusCode, Value) {
    let uri = format!("/api/v1/contacts/{}/insights", x.contact.0);
    let a = send(&x.d.router, get(&uri, cookie)).await;
    let json = serde_json::from_str(&a.body)
        .unwrap_or_else(|_| panic!("JSON answer, got {}: {}", a.status, a.body));
    (a.status, json)
}

async fn add_example(x: &Insights, text: &str, verbatim: bool) -> (StatusCode, Value) {
    let form = serde_urlencoded(&[
        ("contact", x.contact.0.to_string()),
        ("text", text.to_string()),
        ("verbatim", verbatim.to_string()),
    ]);
    fun(x, ins::AddInsightExample::PATH, &x.agent, &form).await
}

fn serde_urlencoded(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// An email from the contact through the intake endpoint.
async fn email_from_contact(x: &Insights, key: &str, text: &str) -> Value {
    let raw = format!(
        "From: Jane Writer <{}>\r\nTo: support@acme.example\r\nSubject: About my order\r\n\
         Message-ID: <{key}@example.test>\r\nDate: Fri, 20 Nov 2026 09:30:00 +0000\r\n\r\n{text}\r\n",
        x.email
    );
    let (status, json) = post_raw(
        &x.d,
        "/api/v1/inbound/email",
        Some(&x.d.token),
        "message/rfc822",
        raw.into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["contact_id"], json!(x.contact.0), "{json}");
    json
}

/// A chat message from the contact's email address through the intake endpoint.
async fn chat_from_contact(x: &Insights, key: &str, text: &str) {
    let body = json!({"channel": "chat", "from": x.email, "text": text,
        "sent_at": "2026-11-20T10:00:00Z", "external_id": key});
    let (status, json) = post_raw(
        &x.d,
        "/api/v1/inbound/messages",
        Some(&x.d.token),
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["contact_id"], json!(x.contact.0), "{json}");
}

fn words(text: &str) -> u64 {
    u64::from(insights::Tally::of_text(text).words)
}

/// The words counted of an email body (quotes and signatures stripped).
fn email_words(body: &str) -> u64 {
    words(&insights::strip_email_body(body))
}

const EMAIL: &str = "Hello, I wanted to ask about my order. I love trying new things and I am \
    always curious about how your products are made. Could you tell me when it will arrive? \
    Thank you so much for your help, it means a lot to our family.";
const EXAMPLE_1: &str = "We had a wonderful time at the party with all our friends and \
    neighbours. Everyone laughed and danced until late, and I felt so happy and grateful to \
    share the evening with people I care about. Next year we plan an even bigger celebration.";
const EXAMPLE_2: &str = "I carefully planned every detail of the trip: the schedule, the \
    budget, the tickets and the hotel. Being organised matters to me, because it means \
    nothing goes wrong and we can relax and explore the city, its museums and its history.";
const CHAT: &str = "Hi again, just checking whether the parcel has shipped yet, thanks a lot";

async fn insights_are_off_until_an_admin_turns_them_on(t: TestDb) {
    let x = setup(t, "ins-off").await;
    let (status, _) = profile_json(&x, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a session is needed");

    // Off (the default): the JSON is not found, the panel says off and holds nothing.
    let (status, json) = profile_json(&x, Some(&x.agent)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
    assert!(json["error"].is_string(), "{json}");
    let off = panel(&x).await;
    assert_eq!(
        off,
        json!({"enabled": false, "profile": null, "sources": [], "examples": []})
    );
    // Messages are stored but not counted; examples are refused.
    email_from_contact(&x, "off-1", EMAIL).await;
    let (status, json) = add_example(&x, EXAMPLE_1, true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    let store = &x.d.t.store;
    let (tenant, contact) = (x.d.tenant, x.contact);
    let kept = store.contact_insight(tenant, contact).await;
    assert!(kept.expect("read").is_none(), "nothing counted while off");
    let examples = store.insight_examples(tenant, contact).await;
    assert!(examples.expect("read").is_empty());
    let norms = store.insight_norms(tenant).await.expect("read");
    assert!(norms.is_none(), "nothing computed while off");
    let (status, _) = fun(&x, ins::RecomputeInsightNorms::PATH, &x.admin, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // An unknown contact of a tenant with the feature on is not found, by both ways in.
    switch(&x, true).await;
    let form = "contact=987654321";
    let (status, _) = fun(&x, ins::ContactInsights::PATH, &x.agent, form).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let a = send(
        &x.d.router,
        get("/api/v1/contacts/987654321/insights", Some(&x.agent)),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
}

async fn messages_and_examples_build_the_profile_until_insights_are_turned_off(t: TestDb) {
    let x = setup(t, "ins-on").await;
    switch(&x, true).await;

    // An incoming email is counted (its text as the contact wrote it).
    let stored = email_from_contact(&x, "on-1", EMAIL).await;
    let p = panel(&x).await;
    assert_eq!(p["enabled"], json!(true));
    assert_eq!(words_of(&p), email_words(EMAIL));
    assert_eq!(p["profile"]["strength"], json!("insufficient"), "{p}");
    let sources = p["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 1, "{p}");
    assert_eq!(sources[0]["kind"], json!("email"));
    assert_eq!(sources[0]["source_id"], stored["communication_id"]);
    assert_eq!(sources[0]["counted"], json!(true));
    assert!(sources[0]["link"].is_string(), "{p}");

    // Verbatim examples push it past 100 words: weak, bands only.
    for text in [EXAMPLE_1, EXAMPLE_2] {
        let (status, json) = add_example(&x, text, true).await;
        assert_eq!(status, StatusCode::OK, "{json}");
    }
    let total = email_words(EMAIL) + words(EXAMPLE_1) + words(EXAMPLE_2);
    assert!(total >= 100, "the fixture texts have {total} words");
    // A paraphrase is kept and marked, not counted.
    let (status, _) = add_example(&x, "She says she loves parties", false).await;
    assert_eq!(status, StatusCode::OK);
    let p = panel(&x).await;
    assert_eq!(words_of(&p), total);
    let examples = p["examples"].as_array().expect("examples");
    assert_eq!(examples.len(), 3, "{p}");
    let counted: Vec<_> = examples.iter().map(|e| e["counted"].clone()).collect();
    assert_eq!(
        counted,
        [json!(false), json!(true), json!(true)],
        "newest first"
    );
    assert_eq!(examples[0]["verbatim"], json!(false));

    let (status, json) = profile_json(&x, Some(&x.agent)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["word_count"], json!(total));
    assert_eq!(json["strength"], json!("weak"));
    assert_eq!(json["method_version"], json!(insights::METHOD_VERSION));
    assert!(json["norms"]["mode"].is_string(), "{json}");
    for (group, n) in [("personality", 5), ("needs", 12), ("values", 5)] {
        let traits = json[group].as_array().expect("a group");
        assert_eq!(traits.len(), n, "{group}");
        for t in traits {
            for key in [
                "trait_id",
                "name",
                "band",
                "interval",
                "raw_score",
                "evidence",
                "note",
            ] {
                assert!(t.get(key).is_some(), "{group} trait without {key}: {t}");
            }
            assert!(t["band"].is_string(), "{t}");
            assert_eq!(
                t["percentile"],
                Value::Null,
                "weak text has bands only: {t}"
            );
        }
    }

    // Examples are checked like a form field.
    for bad in ["   ", &"x".repeat(20_001)] {
        let (status, json) = add_example(&x, bad, true).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        assert!(json.to_string().contains("\"text\""), "{json}");
    }

    // Norms: admins only.
    let (status, _) = fun(&x, ins::RecomputeInsightNorms::PATH, &x.agent, "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, json) = fun(&x, ins::RecomputeInsightNorms::PATH, &x.admin, "").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["reference_contacts"], json!(1), "{json}");

    // Deleting an example takes its words out.
    let example_1 = examples
        .iter()
        .find(|e| e["text"] == json!(EXAMPLE_1))
        .and_then(|e| e["id"].as_i64())
        .expect("the first example's id");
    let form = format!("contact={}&example={example_1}", x.contact.0);
    let (status, json) = fun(&x, ins::DeleteInsightExample::PATH, &x.agent, &form).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let p = panel(&x).await;
    assert_eq!(words_of(&p), total - words(EXAMPLE_1));
    assert_eq!(p["examples"].as_array().map(Vec::len), Some(2));

    // Off: the profiles and norms are deleted (examples are kept: they are an agent's work).
    switch(&x, false).await;
    let store = &x.d.t.store;
    let gone = store.contact_insight(x.d.tenant, x.contact).await;
    assert!(gone.expect("read").is_none(), "the profile is deleted");
    assert!(
        store
            .insight_norms(x.d.tenant)
            .await
            .expect("read")
            .is_none()
    );
    let kept = store.insight_examples(x.d.tenant, x.contact).await;
    assert_eq!(kept.expect("read").len(), 2);
    let (status, json) = profile_json(&x, Some(&x.agent)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
    assert_eq!(panel(&x).await["enabled"], json!(false));
    // Saving "off" again is harmless.
    switch(&x, false).await;
    let gone = store.contact_insight(x.d.tenant, x.contact).await;
    assert!(gone.expect("read").is_none());
}

async fn turning_insights_on_counts_what_arrived_while_they_were_off(t: TestDb) {
    let x = setup(t, "ins-backfill").await;
    switch(&x, true).await;
    let (status, _) = add_example(&x, EXAMPLE_1, true).await;
    assert_eq!(status, StatusCode::OK);
    switch(&x, false).await;
    // While off: an email and a chat message arrive; nothing is counted.
    email_from_contact(&x, "backfill-1", EMAIL).await;
    chat_from_contact(&x, "backfill-chat-1", CHAT).await;
    let none = x.d.t.store.contact_insight(x.d.tenant, x.contact).await;
    assert!(none.expect("read").is_none());

    // On again: the backfill (in the background) counts both messages and the example.
    switch(&x, true).await;
    let expected = email_words(EMAIL) + words(CHAT) + words(EXAMPLE_1);
    let mut last = Value::Null;
    for _ in 0..200 {
        last = panel(&x).await;
        if last["profile"]["word_count"].as_u64() == Some(expected) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(words_of(&last), expected, "{last}");
    let mut kinds: Vec<_> = last["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["chat", "email", "example"], "{last}");
    // The backfill ends with the norms.
    let mut norms = None;
    for _ in 0..200 {
        norms = x.d.t.store.insight_norms(x.d.tenant).await.expect("read");
        if norms.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(norms.is_some(), "the backfill computes the norms");
}

async fn a_backfill_that_finds_the_switch_off_leaves_nothing(t: TestDb) {
    let x = setup(t, "ins-race").await;
    switch(&x, true).await;
    let stored = email_from_contact(&x, "race-1", EMAIL).await;
    let store = x.d.t.store.as_ref();
    let counted = store.contact_insight(x.d.tenant, x.contact).await;
    assert!(counted.expect("read").is_some());
    // The switch goes off (as the admin saves it) while a backfill or a message is counted.
    let admin = store.users(x.d.tenant).await.expect("users")[0].id;
    let off = app::model::TenantSettings::default();
    store
        .save_tenant_settings(x.d.tenant, app::model::UserId(admin), &off, now())
        .await
        .expect("save settings");
    let report = app::insights_imp::backfill(store, x.d.tenant, now())
        .await
        .expect("backfill");
    assert_eq!(report.norms, None, "stopped");
    let left = store.contact_insight(x.d.tenant, x.contact).await;
    assert!(left.expect("read").is_none(), "what it counted is gone");
    let id = stored["communication_id"].as_i64().expect("an id");
    let kind = app::store_insights::SourceKind::Email;
    let counted =
        app::insights_imp::record_incoming(store, x.d.tenant, x.contact, kind, id, now(), EMAIL)
            .await
            .expect("record");
    assert_eq!(counted, None, "nothing is counted while off");
    let summary = app::insights_imp::recompute_norms(store, x.d.tenant, now()).await;
    assert_eq!(summary.expect("norms").reference_contacts, 0);
    let norms = store.insight_norms(x.d.tenant).await.expect("read");
    assert!(
        norms.is_none(),
        "norms computed as the switch went off are not kept"
    );
}
