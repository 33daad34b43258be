//! The SMTP sink as tests use it: the real `server smtp-sink` process on loopback, sent to
//! with lettre as the app sends, read back from its directory, stopped and started again.

mod common;

use std::time::Duration;

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use common::smtp::SmtpSink;

const WAIT: Duration = Duration::from_secs(10);

fn message(subject: &str) -> Message {
    Message::builder()
        .from("Caller Desk <desk@example.test>".parse().expect("from"))
        .to("Ann <ann@example.test>".parse().expect("to"))
        .bcc("audit@example.test".parse().expect("bcc"))
        .subject(subject)
        .body(format!("Hello Ann,\r\nthis is about {subject}.\r\n"))
        .expect("message")
}

#[tokio::test]
async fn mail_reaches_the_sink_and_a_send_while_it_is_down_fails_until_it_is_back() {
    let mut sink = SmtpSink::start();
    assert!(
        sink.url().starts_with("smtp://127.0.0.1:"),
        "{}",
        sink.url()
    );
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(&sink.url())
        .expect("an smtp:// URL")
        .build();

    mailer
        .send(message("First"))
        .await
        .expect("send to the sink");
    let got = sink.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].mail_from, "desk@example.test");
    assert_eq!(got[0].rcpt_to, ["ann@example.test", "audit@example.test"]);
    let text = got[0].text();
    assert!(text.contains("Subject: First\r\n"), "{text}");
    assert!(text.contains("this is about First."), "{text}");
    assert!(
        !text.contains("audit@example.test"),
        "Bcc is not in the headers: {text}"
    );

    sink.stop();
    let refused = mailer.send(message("Second")).await;
    assert!(
        refused.is_err(),
        "a send to a stopped sink fails: {refused:?}"
    );

    let again = SmtpSink::start_at(sink.addr, sink.dir.clone());
    assert_eq!(again.addr, sink.addr);
    mailer
        .send(message("Second"))
        .await
        .expect("the retry succeeds");
    let got = again.wait_for(2, WAIT).await;
    assert_eq!(got.len(), 2, "the first message is still there: {got:#?}");
    assert!(got[1].text().contains("Subject: Second\r\n"));
}
