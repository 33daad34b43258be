//! The sink over real loopback connections: raw SMTP lines, and lettre as our app sends.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use super::*;

const WAIT: Duration = Duration::from_secs(10);

/// A sink on a random loopback port writing to a fresh temporary directory.
async fn start(max_message_bytes: usize) -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(serve_with_limit(
        listener,
        dir.path().to_path_buf(),
        max_message_bytes,
    ));
    (addr, dir)
}

struct Client {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Client {
    /// Connects and reads the greeting.
    async fn connect(addr: SocketAddr) -> Client {
        let (reader, writer) = TcpStream::connect(addr)
            .await
            .expect("connect")
            .into_split();
        let mut client = Client {
            reader: BufReader::new(reader),
            writer,
        };
        assert_eq!(client.reply().await.0, 220);
        client
    }

    async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("write");
    }

    async fn send(&mut self, line: &str) {
        self.send_raw(format!("{line}\r\n").as_bytes()).await;
    }

    /// One reply, all its lines: (code, text of every line).
    async fn reply(&mut self) -> (u16, String) {
        let mut text = String::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(WAIT, self.reader.read_line(&mut line))
                .await
                .expect("a reply in time")
                .expect("read");
            assert!(n > 0, "the server closed the connection; so far: {text:?}");
            text.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                let code = line[..3].parse().expect("a reply code");
                return (code, text);
            }
        }
    }

    /// Sends a command and returns its reply code.
    async fn cmd(&mut self, line: &str) -> u16 {
        self.send(line).await;
        self.reply().await.0
    }

    /// EHLO, MAIL, one RCPT per recipient, DATA: ready for the message.
    async fn begin(&mut self, from: &str, to: &[&str]) {
        assert_eq!(self.cmd("EHLO client.test").await, 250);
        assert_eq!(self.cmd(&format!("MAIL FROM:<{from}>")).await, 250);
        for rcpt in to {
            assert_eq!(self.cmd(&format!("RCPT TO:<{rcpt}>")).await, 250);
        }
        assert_eq!(self.cmd("DATA").await, 354);
    }
}

/// Every stored message in name order: (the .eml bytes, the .json envelope).
fn stored(dir: &Path) -> Vec<(Vec<u8>, serde_json::Value)> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|eml| {
            let json = std::fs::read(eml.with_extension("json")).expect("the sidecar");
            (
                std::fs::read(&eml).expect("the message"),
                serde_json::from_slice(&json).expect("sidecar JSON"),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_message_is_stored_with_its_envelope_and_dot_stuffing_undone() {
    let (addr, dir) = start(MAX_MESSAGE_BYTES).await;
    let mut c = Client::connect(addr).await;
    c.send("EHLO client.test").await;
    let (code, ehlo) = c.reply().await;
    assert_eq!(code, 250);
    for ext in ["8BITMIME", "SIZE 26214400", "SMTPUTF8", "PIPELINING"] {
        assert!(ehlo.contains(ext), "EHLO advertises {ext}: {ehlo}");
    }
    assert_eq!(
        c.cmd("MAIL FROM:<desk@example.test> BODY=8BITMIME").await,
        250
    );
    assert_eq!(c.cmd("RCPT TO:<ann@example.test>").await, 250);
    assert_eq!(c.cmd("rcpt to: <bob@example.test>").await, 250);
    assert_eq!(c.cmd("DATA").await, 354);
    c.send_raw(b"Subject: Hi\r\n\r\n..line\r\n...two\r\n.x\r\nend\r\n.\r\n")
        .await;
    let (code, text) = c.reply().await;
    assert_eq!(code, 250, "{text}");
    assert!(text.starts_with("250 2.0.0 Ok: queued as "), "{text}");
    assert_eq!(c.cmd("QUIT").await, 221);

    let messages = stored(dir.path());
    assert_eq!(messages.len(), 1);
    let (eml, envelope) = &messages[0];
    assert_eq!(
        eml.as_slice(),
        b"Subject: Hi\r\n\r\n.line\r\n..two\r\nx\r\nend\r\n".as_slice()
    );
    assert_eq!(envelope["mail_from"], "desk@example.test");
    assert_eq!(
        envelope["rcpt_to"],
        serde_json::json!(["ann@example.test", "bob@example.test"])
    );
    let received_at = envelope["received_at"].as_str().expect("received_at");
    chrono::DateTime::parse_from_rfc3339(received_at).expect("an RFC 3339 time");
    let queued_as = text.trim_end().rsplit(' ').next().expect("a name");
    assert!(dir.path().join(format!("{queued_as}.eml")).exists());
}

#[tokio::test]
async fn commands_out_of_order_are_a_bad_sequence() {
    let (addr, dir) = start(MAX_MESSAGE_BYTES).await;
    let mut c = Client::connect(addr).await;
    assert_eq!(c.cmd("MAIL FROM:<desk@example.test>").await, 503);
    assert_eq!(c.cmd("RCPT TO:<ann@example.test>").await, 503);
    assert_eq!(c.cmd("DATA").await, 503);
    assert_eq!(c.cmd("HELO client.test").await, 250);
    assert_eq!(c.cmd("RCPT TO:<ann@example.test>").await, 503);
    assert_eq!(c.cmd("MAIL FROM:<desk@example.test>").await, 250);
    assert_eq!(c.cmd("MAIL FROM:<desk@example.test>").await, 503);
    assert_eq!(c.cmd("DATA").await, 503);
    assert_eq!(c.cmd("FROB").await, 500);
    assert_eq!(c.cmd("MAIL FROM:desk").await, 503, "still nested");
    assert_eq!(c.cmd("RCPT TO:<>").await, 501);
    assert_eq!(c.cmd("NOOP").await, 250);
    assert_eq!(c.cmd("VRFY ann").await, 252);
    assert_eq!(c.cmd("QUIT").await, 221);
    assert!(stored(dir.path()).is_empty());
}

#[tokio::test]
async fn two_messages_on_one_connection_are_stored_separately_and_rset_drops_a_transaction() {
    let (addr, dir) = start(MAX_MESSAGE_BYTES).await;
    let mut c = Client::connect(addr).await;
    c.begin("a@example.test", &["one@example.test"]).await;
    c.send_raw(b"Subject: first\r\n\r\nbody one\r\n.\r\n").await;
    assert_eq!(c.reply().await.0, 250);

    assert_eq!(c.cmd("MAIL FROM:<dropped@example.test>").await, 250);
    assert_eq!(c.cmd("RCPT TO:<nobody@example.test>").await, 250);
    assert_eq!(c.cmd("RSET").await, 250);
    assert_eq!(c.cmd("DATA").await, 503, "RSET ended the transaction");

    assert_eq!(c.cmd("MAIL FROM:<b@example.test>").await, 250);
    assert_eq!(c.cmd("RCPT TO:<two@example.test>").await, 250);
    assert_eq!(c.cmd("DATA").await, 354);
    c.send_raw(b"Subject: second\r\n\r\nbody two\r\n.\r\n")
        .await;
    assert_eq!(c.reply().await.0, 250);
    assert_eq!(c.cmd("QUIT").await, 221);

    let messages = stored(dir.path());
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].1["mail_from"], "a@example.test");
    assert_eq!(
        messages[0].1["rcpt_to"],
        serde_json::json!(["one@example.test"])
    );
    assert!(messages[0].0.ends_with(b"body one\r\n"));
    assert_eq!(messages[1].1["mail_from"], "b@example.test");
    assert_eq!(
        messages[1].1["rcpt_to"],
        serde_json::json!(["two@example.test"])
    );
    assert!(messages[1].0.ends_with(b"body two\r\n"));
}

#[tokio::test]
async fn a_message_over_the_size_limit_is_refused_and_the_session_goes_on() {
    let (addr, dir) = start(64).await;
    let mut c = Client::connect(addr).await;
    c.begin("a@example.test", &["one@example.test"]).await;
    let big = format!("Subject: big\r\n\r\n{}\r\n.\r\n", "x".repeat(200));
    c.send_raw(big.as_bytes()).await;
    assert_eq!(c.reply().await.0, 552);

    // Many short lines that add up to too much, too.
    assert_eq!(c.cmd("MAIL FROM:<a@example.test>").await, 250);
    assert_eq!(c.cmd("RCPT TO:<one@example.test>").await, 250);
    assert_eq!(c.cmd("DATA").await, 354);
    c.send_raw("line\r\n".repeat(20).as_bytes()).await;
    c.send_raw(b".\r\n").await;
    assert_eq!(c.reply().await.0, 552);

    assert_eq!(c.cmd("MAIL FROM:<a@example.test> SIZE=65").await, 552);
    assert_eq!(c.cmd("MAIL FROM:<a@example.test> SIZE=64").await, 250);
    assert_eq!(c.cmd("RCPT TO:<one@example.test>").await, 250);
    assert_eq!(c.cmd("DATA").await, 354);
    c.send_raw(b"Subject: small\r\n\r\nfits\r\n.\r\n").await;
    assert_eq!(c.reply().await.0, 250);

    let messages = stored(dir.path());
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].0.as_slice(), b"Subject: small\r\n\r\nfits\r\n");
}

#[tokio::test]
async fn an_overlong_command_line_is_refused_and_the_session_goes_on() {
    let (addr, _dir) = start(MAX_MESSAGE_BYTES).await;
    let mut c = Client::connect(addr).await;
    assert_eq!(c.cmd(&format!("NOOP {}", "x".repeat(10_000))).await, 500);
    assert_eq!(c.cmd("EHLO client.test").await, 250);
    assert_eq!(c.cmd("QUIT").await, 221);
}

#[tokio::test]
async fn a_client_leaving_in_the_middle_of_data_stores_nothing_and_harms_no_one() {
    let (addr, dir) = start(MAX_MESSAGE_BYTES).await;
    let mut c = Client::connect(addr).await;
    c.begin("a@example.test", &["one@example.test"]).await;
    c.send_raw(b"Subject: cut off\r\n\r\nhalf a li").await;
    drop(c);

    let mut c = Client::connect(addr).await;
    c.begin("a@example.test", &["one@example.test"]).await;
    c.send_raw(b"Subject: whole\r\n\r\nall here\r\n.\r\n").await;
    assert_eq!(c.reply().await.0, 250);
    let messages = stored(dir.path());
    assert_eq!(messages.len(), 1);
    assert!(messages[0].0.starts_with(b"Subject: whole"));
}

#[tokio::test]
async fn mail_sent_with_lettre_arrives_with_its_subject_body_and_recipients() {
    let (addr, dir) = start(MAX_MESSAGE_BYTES).await;
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(addr.port())
        .build();
    let message = Message::builder()
        .from("Caller Desk <desk@example.test>".parse().expect("from"))
        .to("Ann <ann@example.test>".parse().expect("to"))
        .cc("bob@example.test".parse().expect("cc"))
        .subject("Your enquiry 40308-T")
        .body(String::from(
            "Hello Ann,\r\n.a line starting with a dot\r\nThanks, the desk\r\n",
        ))
        .expect("message");
    let response = mailer.send(message).await.expect("send");
    assert!(response.is_positive());

    let messages = stored(dir.path());
    assert_eq!(messages.len(), 1);
    let (eml, envelope) = &messages[0];
    let eml = String::from_utf8_lossy(eml);
    assert!(eml.contains("Subject: Your enquiry 40308-T\r\n"), "{eml}");
    assert!(eml.contains(".a line starting with a dot"), "{eml}");
    assert!(eml.contains("Hello Ann,"), "{eml}");
    assert_eq!(envelope["mail_from"], "desk@example.test");
    assert_eq!(
        envelope["rcpt_to"],
        serde_json::json!(["ann@example.test", "bob@example.test"])
    );
}
