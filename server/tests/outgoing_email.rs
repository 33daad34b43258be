//! Outgoing email (SPEC §3.7) end to end: an agent sends from a work item through the server
//! function, `lettre` delivers over SMTP to a real SMTP server process on loopback
//! (`server smtp-sink`, started by the harness), the message carries the threading headers, a
//! failed send is kept and shown failed, and a retry delivers the same message. The customer's
//! reply then threads back to the item. The same bodies run on SQLite and PostgreSQL.

mod common;

use std::sync::Arc;
use std::time::Duration;

use leptos::server_fn::ServerFn;
use serde_json::Value;

use app::mail_api as mail;

use app::model::{ContactFields, CreatedVia, Role};
use app::server_ctx::MailSettings;
use common::TestDb;
use common::fixtures::now;
use common::http_app::{PASSWORD, call, router_with, send, settings, sign_in, user};
use common::intake::{desk, fixture, message_id, post_email};
use common::smtp::SmtpSink;
use server::intake::mailer::SmtpMailer;

both_engines!(an_email_goes_out_over_smtp_threads_and_a_failed_one_is_retried);

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.bytes()
                    .map(|b| if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    })
                    .collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.split("\r\n\r\n")
        .next()?
        .split("\r\n")
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        })
        .map(|l| l[name.len() + 1..].trim())
}

async fn an_email_goes_out_over_smtp_threads_and_a_failed_one_is_retried(t: TestDb) {
    let mut sink = SmtpSink::start();
    // An incoming email starts the ticket (so the reply has something to answer).
    let d = desk(t, "smtp").await;
    let first = post_email(&d, fixture("plain.eml")).await.1;
    let reference = first["work_item"].as_str().unwrap().to_string();
    let item =
        d.t.store
            .work_item(d.tenant, &reference)
            .await
            .unwrap()
            .unwrap();
    // A CC contact on the item.
    let cc_fields = ContactFields {
        email: Some("boss@example.com".into()),
        last_name: Some("Boss".into()),
        ..Default::default()
    };
    let boss =
        d.t.store
            .create_contact(d.tenant, None, &cc_fields, CreatedVia::Manual, now())
            .await
            .unwrap();
    let mut tagging = d.t.store.tagging(d.tenant, item.id).await.unwrap();
    tagging.push((boss.id.0, vec![app::domain::work_item::Tag::Cc]));
    let actor = common::fixtures::user(&d.t, d.tenant, "Tagger", Role::Agent).await;
    d.t.store
        .save_tagging(d.tenant, actor, item.id, item.version, &tagging, now())
        .await
        .unwrap();

    let mut with_mail = settings();
    with_mail.mail = MailSettings {
        mailer: Some(Arc::new(SmtpMailer::from_url(&sink.url()).unwrap())),
        support_address: "support@acme.example".into(),
    };
    let router = router_with(&d.t, with_mail);
    let (_, email) = user(&d.t, d.tenant, "Sam Sender", Role::Agent).await;
    let cookie = sign_in(&router, &email, PASSWORD).await;

    // The composer's defaults: the Primary Contact, the CC contact.
    let a = send(
        &router,
        call(
            mail::ComposeEmail::PATH,
            &cookie,
            &form(&[("reference", &reference)]),
        ),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let draft: Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(draft["to"], "jane.doe@example.com");
    assert_eq!(draft["cc"], "boss@example.com");
    assert_eq!(draft["relay"], true);

    let send_form = |subject: &str| {
        form(&[
            ("reference", &reference),
            ("to", "Jane Doe <jane.doe@example.com>"),
            ("cc", "boss@example.com"),
            ("subject", subject),
            ("body", "Hello Jane,\nthe reset link is on its way.\n"),
        ])
    };
    let a = send(
        &router,
        call(
            mail::SendEmail::PATH,
            &cookie,
            &send_form("Your password reset"),
        ),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let sent: Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(
        (sent["sent"].as_bool(), sent["error"].is_null()),
        (Some(true), true),
        "{sent}"
    );
    let got = sink.wait_for(1, Duration::from_secs(20)).await;
    let raw = got[0].text();
    let mut rcpt = got[0].rcpt_to.clone();
    rcpt.sort();
    assert_eq!(
        rcpt,
        vec![
            "boss@example.com".to_string(),
            "jane.doe@example.com".to_string()
        ]
    );
    assert_eq!(header(&raw, "Subject"), Some("Your password reset"));
    assert!(
        header(&raw, "From")
            .unwrap()
            .contains("<support@acme.example>"),
        "{raw}"
    );
    assert_eq!(
        header(&raw, "Reply-To"),
        Some(format!("support+{reference}@acme.example").as_str())
    );
    let original = message_id(&fixture("plain.eml"));
    assert_eq!(
        header(&raw, "In-Reply-To"),
        Some(format!("<{original}>").as_str())
    );
    assert!(header(&raw, "References").unwrap().contains(&original));
    assert!(raw.contains("the reset link is on its way."), "{raw}");
    let out_id = header(&raw, "Message-ID")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    let stored =
        d.t.store
            .communication(d.tenant, sent["id"].as_i64().unwrap())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        (
            stored.direction.as_str(),
            stored.details.send_status.as_deref()
        ),
        ("outgoing", Some("sent"))
    );
    assert_eq!(stored.details.cc.as_deref(), Some("boss@example.com"));

    // The relay is down: the email is kept, marked failed with the reason.
    sink.stop();
    let a = send(
        &router,
        call(mail::SendEmail::PATH, &cookie, &send_form("Second try")),
    )
    .await;
    let failed: Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(failed["sent"], false, "{failed}");
    assert!(
        failed["error"].as_str().unwrap().contains("relay"),
        "{failed}"
    );
    let id = failed["id"].as_i64().unwrap();
    let view =
        d.t.store
            .communication(d.tenant, id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(view.details.send_status.as_deref(), Some("failed"));
    assert_eq!(view.subject.as_deref(), Some("Second try"));
    // Retry while still down: failed again, attempts counted.
    let a = send(
        &router,
        call(mail::RetryEmail::PATH, &cookie, &format!("id={id}")),
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&a.body).unwrap()["sent"],
        false,
        "{}",
        a.body
    );
    // The relay is back: the retry delivers the same message.
    sink.restart();
    let a = send(
        &router,
        call(mail::RetryEmail::PATH, &cookie, &format!("id={id}")),
    )
    .await;
    let retried: Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(
        (retried["sent"].as_bool(), retried["id"].as_i64()),
        (Some(true), Some(id)),
        "{retried}"
    );
    let got = sink.wait_for(2, Duration::from_secs(20)).await;
    let second = got[1].text();
    assert_eq!(header(&second, "Subject"), Some("Second try"));
    let view =
        d.t.store
            .communication(d.tenant, id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(
        (
            view.details.send_status.as_deref(),
            view.details.send_attempts
        ),
        (Some("sent"), 3)
    );
    // A sent email cannot be "retried" into a second copy.
    let a = send(
        &router,
        call(mail::RetryEmail::PATH, &cookie, &format!("id={id}")),
    )
    .await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(sink.messages().len(), 2);

    // Bad recipients are refused before anything is stored or sent.
    let before = common::intake::count(&d, "communications").await;
    let bad = form(&[
        ("reference", &reference),
        ("to", "not an address"),
        ("subject", "x"),
        ("body", "y"),
    ]);
    let a = send(&router, call(mail::SendEmail::PATH, &cookie, &bad)).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("to"), "{}", a.body);
    assert_eq!(common::intake::count(&d, "communications").await, before);

    // The customer's answer to the first email threads back to the item.
    let reply = format!(
        "From: Jane Doe <jane.doe@example.com>\r\nTo: support@acme.example\r\nSubject: Re: Your password reset\r\n\
         Message-ID: <jane-reply@example.com>\r\nIn-Reply-To: <{out_id}>\r\n\r\nThanks, it worked.\r\n"
    );
    let (_, json) = post_email(&d, reply.into_bytes()).await;
    assert_eq!(
        (
            json["work_item"].as_str(),
            json["work_item_action"].as_str()
        ),
        (Some(reference.as_str()), Some("attached")),
        "{json}"
    );
}
