//! An inbound email (raw RFC 5322 / MIME) turned into an [`InboundMessage`] (SPEC §3.7).
//!
//! Parsing is `mail-parser` (Stalwart Labs): multipart, quoted-printable and base64, RFC 2047
//! encoded words, RFC 2231 parameters and legacy charsets (through `encoding_rs`), built to
//! survive hostile input. This module decides what the desk keeps:
//! - the sender is the first `From` mailbox with an address that passes the contact email rule
//!   (else the message is refused — a contact could never be matched to it again); its names
//!   are decoded from the decoded display name by SPEC §3.2;
//! - the text is every text/plain body part (or the HTML converted to text when there is
//!   none); the HTML is the first real text/html part (sanitised later by the store);
//! - the idempotency key is the Message-ID, or, when there is none, a hash of the whole
//!   message (a redelivery has the same bytes);
//! - auto-replies: `Auto-Submitted` other than `no`, `X-Autoreply`, `X-Autorespond`,
//!   `Precedence: auto_reply`, a `multipart/report` (delivery or read reports) or an empty
//!   `Return-Path: <>`.
//!
//! NUL characters are removed from all text (PostgreSQL cannot store them in text columns).

use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{Addr, HeaderValue, Message, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

use app::intake::{
    AttachmentInfo, Channel, InboundMessage, MAX_SUBJECT_CHARS, MAX_TEXT_CHARS, Sender, clip,
    plus_references,
};

use super::IntakeError;

/// The largest message accepted (bytes), attachments included.
pub const MAX_EMAIL_BYTES: usize = 25 * 1024 * 1024;
/// Longest Message-ID kept as is; a longer one is replaced by its hash.
const MAX_MESSAGE_ID_CHARS: usize = 250;
/// At most this many Message-IDs of In-Reply-To/References are looked up.
const MAX_THREAD_IDS: usize = 50;
/// At most this many attachments are listed (all stay in the stored raw message).
const MAX_ATTACHMENTS_LISTED: usize = 100;

/// Parses a raw message. `now` is used when the message has no usable date.
pub fn parse_email(raw: &[u8], now: DateTime<Utc>) -> Result<InboundMessage, IntakeError> {
    if raw.len() > MAX_EMAIL_BYTES {
        return Err(IntakeError::too_large(MAX_EMAIL_BYTES));
    }
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| {
            IntakeError::unprocessable(
                "Not an email message: no RFC 5322 header fields were found.",
            )
        })?;
    let from = message
        .from()
        .and_then(|a| a.iter().find(|a| a.address.is_some()))
        .ok_or_else(|| IntakeError::unprocessable("The message has no From address."))?;
    let sender = sender_of(from)?;
    let key = match message.message_id().map(clean).filter(|id| !id.is_empty()) {
        Some(id) if id.chars().count() <= MAX_MESSAGE_ID_CHARS => id,
        _ => format!(
            "sha256-{}@callerdesk.invalid",
            hex::encode(Sha256::digest(raw))
        ),
    };
    let to = mailboxes(message.to());
    let cc = mailboxes(message.cc());
    let references = plus_references(
        to.iter()
            .chain(cc.iter())
            .map(|m| app::intake::address_of(m)),
    );
    let occurred_at = message
        .date()
        .and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single())
        .filter(|d| *d <= now)
        .unwrap_or(now);
    Ok(InboundMessage {
        channel: Channel::Email,
        key,
        sender,
        to,
        cc,
        subject: message
            .subject()
            .map(|s| clip(&clean(s), MAX_SUBJECT_CHARS))
            .filter(|s| !s.is_empty()),
        text: clip(&body_text(&message), MAX_TEXT_CHARS),
        html: body_html(&message),
        occurred_at,
        thread_ids: thread_ids(&message),
        references,
        auto_reply: is_auto_reply(&message),
        attachments: attachments(&message),
        raw: Some(raw.to_vec()),
    })
}

/// The text with NUL characters removed and surrounding white space trimmed.
fn clean(text: &str) -> String {
    text.replace('\0', "").trim().to_string()
}

fn sender_of(from: &Addr<'_>) -> Result<Sender, IntakeError> {
    let address = clean(from.address().unwrap_or_default());
    if app::domain::contact::email_problem(&address).is_some() {
        return Err(IntakeError::unprocessable(format!(
            "The From address “{}” is not a valid email address.",
            clip(&address, 100)
        )));
    }
    let name = from.name().map(clean).filter(|n| !n.is_empty());
    let decoded = match &name {
        Some(name) => {
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            app::domain::name_decoder::decode_name(&format!("\"{quoted}\" <{address}>"))
        }
        None => app::domain::name_decoder::decode_name(&address),
    };
    let some = |s: String| (!s.is_empty()).then_some(s);
    Ok(Sender {
        key: app::domain::contact::email_key(&address),
        display: match &name {
            Some(name) => format!("{name} <{address}>"),
            None => address.clone(),
        },
        first_name: some(decoded.first_name),
        last_name: some(decoded.last_name),
        email: Some(address),
        phone: None,
    })
}

/// `Name <address>` for each mailbox of a header (groups flattened).
fn mailboxes(list: Option<&mail_parser::Address<'_>>) -> Vec<String> {
    let Some(list) = list else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|a| {
            let address = clean(a.address()?);
            if address.is_empty() {
                return None;
            }
            Some(match a.name().map(clean).filter(|n| !n.is_empty()) {
                Some(name) if name.contains([',', '"', '<', '>', ';']) => {
                    format!("\"{}\" <{address}>", name.replace('"', "'"))
                }
                Some(name) => format!("{name} <{address}>"),
                None => address,
            })
        })
        .take(app::intake::MAX_RECIPIENTS * 4)
        .collect()
}

fn body_text(message: &Message<'_>) -> String {
    let parts: Vec<String> = (0..message.text_body_count())
        .filter_map(|i| message.body_text(i))
        .map(|t| t.replace('\0', ""))
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts.join("\n\n").trim().to_string()
}

fn body_html(message: &Message<'_>) -> Option<String> {
    message
        .html_bodies()
        .find(|p| p.is_text_html())
        .and_then(|p| p.text_contents())
        .map(|h| clip(&h.replace('\0', ""), MAX_TEXT_CHARS))
        .filter(|h| !h.trim().is_empty())
}

fn header_ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![clean(t)],
        HeaderValue::TextList(list) => list.iter().map(|t| clean(t)).collect(),
        _ => Vec::new(),
    }
}

/// In-Reply-To first, then References newest first; without duplicates or over-long ids.
fn thread_ids(message: &Message<'_>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut references = header_ids(message.references());
    references.reverse();
    for id in header_ids(message.in_reply_to())
        .into_iter()
        .chain(references)
    {
        if !id.is_empty() && id.chars().count() <= MAX_MESSAGE_ID_CHARS && !ids.contains(&id) {
            ids.push(id);
        }
        if ids.len() == MAX_THREAD_IDS {
            break;
        }
    }
    ids
}

fn raw_header<'a>(message: &'a Message<'_>, name: &'static str) -> Option<&'a str> {
    message.header_raw(name).map(str::trim)
}

fn is_auto_reply(message: &Message<'_>) -> bool {
    let auto_submitted = raw_header(message, "Auto-Submitted")
        .is_some_and(|v| !v.is_empty() && !v.eq_ignore_ascii_case("no"));
    let autoreply = ["X-Autoreply", "X-Autorespond", "X-Autoresponder"]
        .iter()
        .any(|h| raw_header(message, h).is_some_and(|v| !v.eq_ignore_ascii_case("no")));
    let precedence =
        raw_header(message, "Precedence").is_some_and(|v| v.eq_ignore_ascii_case("auto_reply"));
    let report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let null_return_path = raw_header(message, "Return-Path").is_some_and(|v| {
        v.trim_matches(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .is_empty()
    });
    auto_submitted || autoreply || precedence || report || null_return_path
}

fn attachments(message: &Message<'_>) -> Vec<AttachmentInfo> {
    message
        .attachments()
        .take(MAX_ATTACHMENTS_LISTED)
        .enumerate()
        .map(|(i, part)| {
            let content_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase();
            let name = part
                .attachment_name()
                .map(clean)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("attachment-{}", i + 1));
            AttachmentInfo {
                name: clip(&name, 255),
                content_type: clip(&content_type, 100),
                size: part.len() as u64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
            .single()
            .expect("a valid time")
    }

    fn parse(text: &str) -> Result<InboundMessage, IntakeError> {
        parse_email(text.replace('\n', "\r\n").as_bytes(), now())
    }

    #[test]
    fn a_plain_message_gives_sender_names_subject_and_text() {
        let m = parse(
            "From: \"Doe, Jane\" <Jane.Doe@Example.com>\nTo: support+40308-T@acme.example\n\
             Subject: Help\nMessage-ID: <abc@example.com>\nDate: Fri, 20 Nov 2026 10:00:00 +0000\n\n\
             Hello there\n",
        )
        .expect("test input");
        assert_eq!(m.key, "abc@example.com");
        assert_eq!(m.sender.key, "jane.doe@example.com");
        assert_eq!(m.sender.email.as_deref(), Some("Jane.Doe@Example.com"));
        assert_eq!(m.sender.first_name.as_deref(), Some("Jane"));
        assert_eq!(m.sender.last_name.as_deref(), Some("Doe"));
        assert_eq!(m.subject.as_deref(), Some("Help"));
        assert_eq!(m.text, "Hello there");
        assert_eq!(m.references, vec!["40308-T".to_string()]);
        assert!(!m.auto_reply);
        assert_eq!(
            m.occurred_at,
            Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
                .single()
                .expect("a valid time")
        );
    }

    #[test]
    fn missing_from_and_garbage_are_refused() {
        assert!(parse("Subject: x\n\nbody").is_err());
        assert!(parse_email(b"\x89PNG\r\n\x1a\n\0\0\0", now()).is_err());
        assert!(parse("From: not an address\nSubject: x\n\nbody").is_err());
    }

    #[test]
    fn without_a_message_id_the_key_is_a_hash_of_the_bytes() {
        let text = "From: a@example.com\nSubject: x\n\nbody";
        let (a, b) = (
            parse(text).expect("test input"),
            parse(text).expect("test input"),
        );
        assert!(a.key.starts_with("sha256-"));
        assert_eq!(a.key, b.key);
    }

    #[test]
    fn future_dates_and_nul_characters_are_tamed() {
        let m = parse(
            "From: a@example.com\nDate: Fri, 1 Jan 2100 00:00:00 +0000\nSubject: x\0y\n\nbo\0dy",
        )
        .expect("test input");
        assert_eq!(m.occurred_at, now());
        assert_eq!(m.subject.as_deref(), Some("xy"));
        assert_eq!(m.text, "body");
    }

    #[test]
    fn thread_ids_put_in_reply_to_first() {
        let m = parse(
            "From: a@example.com\nIn-Reply-To: <b@x>\nReferences: <a@x> <b@x>\nSubject: Re\n\nok",
        )
        .expect("test input");
        assert_eq!(m.thread_ids, vec!["b@x".to_string(), "a@x".to_string()]);
    }
}
