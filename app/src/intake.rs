//! Communications intake (SPEC §3.7): what an incoming email, SMS or chat message becomes
//! once parsed, what storing it did, and an outgoing email. Shared by the server's intake
//! endpoints, the work item page's email composer and the stores.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::ContactId;

/// Longest subject kept (characters); a longer one is cut, never refused.
pub const MAX_SUBJECT_CHARS: usize = 998;
/// Longest body text kept (characters).
pub const MAX_TEXT_CHARS: usize = 1_000_000;
/// Most recipients an outgoing email may have (To and Cc together).
pub const MAX_RECIPIENTS: usize = 50;

/// The channel a message arrived on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Sms,
    Chat,
}

impl Channel {
    /// The communication kind stored for it.
    pub fn kind(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Chat => "chat",
        }
    }
}

/// Who sent an incoming message, as matched against contacts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sender {
    /// Email: the lower-cased address. SMS: the E.164 number. Chat: the handle as sent.
    pub key: String,
    /// What the message said, for the timeline (`Jane Doe <jane@example.com>`, `+44 7700…`).
    pub display: String,
    /// Names decoded from the display name or address (SPEC §3.2); empty when unsure.
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Email: the address as written (its case kept), for a new contact's email field.
    pub email: Option<String>,
    /// SMS or chat sent from a phone: the number, for a new contact's mobile field.
    pub phone: Option<String>,
}

/// An attachment of an incoming email: its name, type and size (the bytes stay in the raw
/// message, which is stored whole).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// An incoming message, parsed and checked, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundMessage {
    pub channel: Channel,
    /// Idempotency key: the email's Message-ID (without angle brackets) or the SMS/chat
    /// provider's `external_id`. A second delivery with the same key changes nothing.
    pub key: String,
    pub sender: Sender,
    /// Recipients as written (addresses, or the number/handle messaged).
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: Option<String>,
    pub text: String,
    /// Email HTML as received; the store sanitises it before writing.
    pub html: Option<String>,
    pub occurred_at: DateTime<Utc>,
    /// Message-IDs this one replies to (In-Reply-To first, then References, newest first).
    pub thread_ids: Vec<String>,
    /// Work item references found in `+reference` recipient addresses (`support+40308-T@…`).
    pub references: Vec<String>,
    /// An auto-reply, bounce or delivery report: stored, but never creates work or contacts.
    pub auto_reply: bool,
    pub attachments: Vec<AttachmentInfo>,
    /// The message exactly as delivered (email only).
    pub raw: Option<Vec<u8>>,
}

/// What storing an incoming message did to work items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkAction {
    /// A new Ticket was created for it.
    Created,
    /// Attached to the running work item it replies to.
    Attached,
    /// Attached to the Resolved item it replies to, which went back to To Do.
    Reopened,
    /// It replies to a Closed item: a new Ticket with the same contacts was created.
    NewFromClosed,
}

/// The result of storing an incoming message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestOutcome {
    /// The key was already stored: nothing changed, `communication_id` is the earlier one.
    pub duplicate: bool,
    pub communication_id: i64,
    pub contact_id: Option<ContactId>,
    pub contact_created: bool,
    pub work_item: Option<String>,
    pub work_item_action: Option<WorkAction>,
    pub auto_reply: bool,
}

/// An outgoing email as stored and sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    /// Without angle brackets (`…@domain`).
    pub message_id: String,
    /// `Name <address>` of the sender.
    pub from: String,
    /// Where replies go: the support address with the work item's `+reference`.
    pub reply_to: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
}

/// Send state of an outgoing email.
pub mod send_status {
    pub const SENDING: &str = "sending";
    pub const SENT: &str = "sent";
    pub const FAILED: &str = "failed";
}

/// What the timeline shows of a message beyond its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDetails {
    pub cc: Option<String>,
    pub auto_reply: bool,
    pub attachments: Vec<AttachmentInfo>,
    /// Outgoing email: `sending`, `sent` or `failed`.
    pub send_status: Option<String>,
    pub send_error: Option<String>,
    pub send_attempts: i64,
}

/// `text` cut to `max` characters (at a character boundary).
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_string(),
        None => text.to_string(),
    }
}

/// Work item references in `+reference` addresses: `support+40308-T@acme.example` → `40308-T`.
pub fn plus_references<'a>(addresses: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found = Vec::new();
    for address in addresses {
        let Some((local, _domain)) = address.rsplit_once('@') else {
            continue;
        };
        let Some((_, tag)) = local.split_once('+') else {
            continue;
        };
        let tag = tag.trim().to_ascii_uppercase();
        let valid = tag.split_once('-').is_some_and(|(n, k)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (k == "T" || k == "C")
        });
        if valid && !found.contains(&tag) {
            found.push(tag);
        }
    }
    found
}

/// The address in `Name <address>` (or the whole text, trimmed).
pub fn address_of(mailbox: &str) -> &str {
    let m = mailbox.trim();
    match (m.rfind('<'), m.ends_with('>')) {
        (Some(start), true) => m[start + 1..m.len() - 1].trim(),
        _ => m,
    }
}

/// A comma- or semicolon-separated address list split into mailboxes (commas inside quotes,
/// as in `"Doe, Jane" <jane@example.com>`, do not split).
pub fn split_addresses(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in list.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' | ';' if !quoted => {
                if !current.trim().is_empty() {
                    out.push(current.trim().to_string());
                }
                current.clear();
            }
            _ => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_references_are_found_in_recipient_addresses() {
        let found = plus_references([
            "support+40308-T@acme.example",
            "Support+12-c@acme.example",
            "support@acme.example",
            "support+news@acme.example",
            "support+40308-T@acme.example",
            "support+-T@acme.example",
            "not an address",
        ]);
        assert_eq!(found, vec!["40308-T".to_string(), "12-C".to_string()]);
    }

    #[test]
    fn address_lists_split_outside_quotes() {
        let list = r#""Doe, Jane" <jane@example.com>, tom@example.org; Ann <ann@example.net>"#;
        let parts = split_addresses(list);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(address_of(&parts[0]), "jane@example.com");
        assert_eq!(address_of(&parts[1]), "tom@example.org");
        assert_eq!(address_of(&parts[2]), "ann@example.net");
        assert!(split_addresses(" , ").is_empty());
    }

    #[test]
    fn clip_cuts_at_a_character_boundary() {
        assert_eq!(clip("Grüße", 3), "Grü");
        assert_eq!(clip("abc", 10), "abc");
    }
}
