//! An inbound SMS or chat message (JSON) turned into an [`InboundMessage`] (SPEC §3.7).
//!
//! `{"channel": "sms"|"chat", "from", "to", "text", "sent_at", "external_id"}`, as an SMS
//! gateway or chat widget posts it. SMS senders are phone numbers, normalised to E.164 in the
//! tenant's default region; chat senders are handles — or an email address or phone number,
//! which are then matched like one.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use app::intake::{Channel, InboundMessage, Sender};

use super::IntakeError;

/// The largest JSON body accepted (bytes).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;
/// Longest message text (characters).
pub const MAX_MESSAGE_TEXT_CHARS: usize = 20_000;
const MAX_HANDLE_CHARS: usize = 100;
const MAX_EXTERNAL_ID_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageIn {
    pub channel: String,
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    pub text: String,
    pub sent_at: String,
    pub external_id: String,
}

fn bad(message: impl Into<String>) -> IntakeError {
    IntakeError::unprocessable(message)
}

fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control())
}

/// Checks and normalises a posted message. `region` is the tenant's default phone region.
pub fn parse_message(
    input: MessageIn,
    region: &str,
    now: DateTime<Utc>,
) -> Result<InboundMessage, IntakeError> {
    let channel = match input.channel.trim() {
        "sms" => Channel::Sms,
        "chat" => Channel::Chat,
        other => {
            return Err(bad(format!(
                "channel must be \"sms\" or \"chat\", not “{}”.",
                app::intake::clip(other, 20)
            )));
        }
    };
    let external_id = input.external_id.trim();
    if external_id.is_empty()
        || external_id.chars().count() > MAX_EXTERNAL_ID_CHARS
        || has_control(external_id)
    {
        return Err(bad(format!(
            "external_id must be 1 to {MAX_EXTERNAL_ID_CHARS} printable characters."
        )));
    }
    let text = input.text.replace('\0', "");
    let text = text.trim();
    if text.is_empty() {
        return Err(bad("text is empty."));
    }
    if text.chars().count() > MAX_MESSAGE_TEXT_CHARS {
        return Err(bad(format!(
            "text is longer than {MAX_MESSAGE_TEXT_CHARS} characters."
        )));
    }
    let sent_at = DateTime::parse_from_rfc3339(input.sent_at.trim())
        .map_err(|_| bad("sent_at must be an RFC 3339 time such as 2026-11-21T09:30:00Z."))?
        .with_timezone(&Utc);
    let from = input.from.trim();
    if from.is_empty() || from.chars().count() > MAX_HANDLE_CHARS || has_control(from) {
        return Err(bad(format!(
            "from must be 1 to {MAX_HANDLE_CHARS} printable characters."
        )));
    }
    let sender = match channel {
        Channel::Sms => {
            let e164 = app::domain::phone::normalise_phone(from, region)
                .map_err(|why| bad(format!("from is not a phone number: {why}.")))?;
            Sender {
                key: e164.clone(),
                display: from.to_string(),
                phone: Some(e164),
                ..Default::default()
            }
        }
        _ => chat_sender(from, region),
    };
    let to = input
        .to
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .map(|t| app::intake::clip(&t, MAX_HANDLE_CHARS));
    Ok(InboundMessage {
        channel,
        key: external_id.to_string(),
        sender,
        to: to.into_iter().collect(),
        cc: Vec::new(),
        subject: None,
        text: text.to_string(),
        html: None,
        occurred_at: sent_at.min(now),
        thread_ids: Vec::new(),
        references: Vec::new(),
        auto_reply: false,
        attachments: Vec::new(),
        raw: None,
    })
}

/// A chat sender: an email address (names decoded from it, SPEC §3.2 rule 2), a phone number,
/// or a handle kept as sent.
fn chat_sender(from: &str, region: &str) -> Sender {
    if from.contains('@') && app::domain::contact::email_problem(from).is_none() {
        let decoded = app::domain::name_decoder::decode_name(from);
        let some = |s: String| (!s.is_empty()).then_some(s);
        return Sender {
            key: from.to_string(),
            display: from.to_string(),
            first_name: some(decoded.first_name),
            last_name: some(decoded.last_name),
            email: Some(from.to_string()),
            phone: None,
        };
    }
    if app::domain::contact::phone_problem(from).is_none()
        && let Ok(e164) = app::domain::phone::normalise_phone(from, region)
    {
        return Sender {
            key: from.to_string(),
            display: from.to_string(),
            phone: Some(e164),
            ..Default::default()
        };
    }
    Sender {
        key: from.to_string(),
        display: from.to_string(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input(channel: &str, from: &str) -> MessageIn {
        MessageIn {
            channel: channel.into(),
            from: from.into(),
            to: Some("+44 20 7946 0000".into()),
            text: "Hello".into(),
            sent_at: "2026-11-21T09:30:00Z".into(),
            external_id: "SM1".into(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0)
            .single()
            .expect("a valid time")
    }

    #[test]
    fn sms_senders_are_normalised_in_the_tenant_region() {
        for typed in [
            "07911 123456",
            "+44 7911 123456",
            "0044 7911-123-456",
            "(07911) 123456",
        ] {
            let m = parse_message(input("sms", typed), "GB", now()).expect("test input");
            assert_eq!(m.sender.key, "+447911123456", "{typed}");
            assert_eq!(m.sender.phone.as_deref(), Some("+447911123456"));
        }
        assert!(parse_message(input("sms", "jane"), "GB", now()).is_err());
    }

    #[test]
    fn chat_senders_may_be_handles_emails_or_numbers() {
        let handle = parse_message(input("chat", "@jane_d"), "GB", now()).expect("test input");
        assert_eq!((handle.sender.email, handle.sender.phone), (None, None));
        let email =
            parse_message(input("chat", "jane.doe@example.com"), "GB", now()).expect("test input");
        assert_eq!(email.sender.first_name.as_deref(), Some("Jane"));
        let phone =
            parse_message(input("chat", "+1 415 555 2671"), "GB", now()).expect("test input");
        assert_eq!(phone.sender.phone.as_deref(), Some("+14155552671"));
    }

    #[test]
    fn bad_fields_are_refused() {
        let mut m = input("fax", "x");
        assert!(parse_message(m, "GB", now()).is_err());
        m = input("sms", "07911 123456");
        m.sent_at = "yesterday".into();
        assert!(parse_message(m, "GB", now()).is_err());
        m = input("sms", "07911 123456");
        m.external_id = " ".into();
        assert!(parse_message(m, "GB", now()).is_err());
        m = input("sms", "07911 123456");
        m.text = "x".repeat(MAX_MESSAGE_TEXT_CHARS + 1);
        assert!(parse_message(m, "GB", now()).is_err());
    }
}
