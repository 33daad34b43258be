//! Outgoing email over SMTP with `lettre` (the maintained Rust mail client: message builder
//! with RFC 2047 headers and quoted-printable bodies, SMTP with STARTTLS/TLS via rustls).
//! The relay is `SMTP_URL`: `smtp://host:25` (plain), `smtp://host:587?tls=required`
//! (STARTTLS), `smtps://user:pass@host:465` (TLS).

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Mailboxes};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use app::intake::OutgoingEmail;
use app::server_ctx::Mailer;

/// How long one attempt may take before it counts as failed.
const SEND_TIMEOUT: Duration = Duration::from_secs(20);

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    pub fn from_url(url: &str) -> anyhow::Result<SmtpMailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("SMTP_URL is not usable: {e}"))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        Ok(SmtpMailer { transport })
    }
}

fn mailbox(text: &str, what: &str) -> Result<Mailbox, String> {
    text.parse::<Mailbox>()
        .map_err(|e| format!("{what} “{text}” is not a usable address: {e}"))
}

/// The MIME message for `mail` (text/plain UTF-8, threading headers set).
pub fn build_message(mail: &OutgoingEmail) -> Result<Message, String> {
    let mut builder = Message::builder()
        .from(mailbox(&mail.from, "From")?)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}>", mail.message_id)));
    if !mail.reply_to.is_empty() {
        builder = builder.reply_to(mailbox(&mail.reply_to, "Reply-To")?);
    }
    let mut to = Mailboxes::new();
    for t in &mail.to {
        to.push(mailbox(t, "To")?);
    }
    builder = builder.mailbox(lettre::message::header::To::from(to));
    if !mail.cc.is_empty() {
        let mut cc = Mailboxes::new();
        for c in &mail.cc {
            cc.push(mailbox(c, "Cc")?);
        }
        builder = builder.mailbox(lettre::message::header::Cc::from(cc));
    }
    if let Some(id) = &mail.in_reply_to {
        builder = builder.in_reply_to(format!("<{id}>"));
    }
    if !mail.references.is_empty() {
        let refs: Vec<String> = mail.references.iter().map(|r| format!("<{r}>")).collect();
        builder = builder.references(refs.join(" "));
    }
    builder
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone())
        .map_err(|e| format!("The email could not be built: {e}"))
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingEmail) -> Result<(), String> {
        let message = build_message(mail)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("The mail relay did not take it: {e}"))
    }
}
