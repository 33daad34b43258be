//! Typed values that cross the wire between the browser, the server functions and the store.
//! They hold data only; the rules that make them valid live in `crate::domain`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The tenant a request acts for. Only the server builds one, from the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TenantId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContactId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "agent" => Some(Role::Agent),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: TenantId,
    pub slug: String,
    pub name: String,
    pub settings: TenantSettings,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSettings {
    /// ISO 3166 region used for phone numbers typed without a country code.
    pub default_region: String,
    pub personality_insights: bool,
    pub auto_create_contacts: bool,
}

impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings {
            default_region: "GB".into(),
            personality_insights: false,
            auto_create_contacts: true,
        }
    }
}

/// The signed-in user as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// An admin gave them a one-time password: they must choose their own before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub identifier: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(Default)]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Priority::Low => "Low",
            Priority::Normal => "Normal",
            Priority::High => "High",
            Priority::Urgent => "Urgent",
        }
    }
    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// A preferred communication method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Chat,
    Voice,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Email, Channel::Chat, Channel::Voice, Channel::Sms];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::Voice => "voice",
            Channel::Sms => "sms",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Email",
            Channel::Chat => "Chat",
            Channel::Voice => "Voice",
            Channel::Sms => "SMS",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
    /// Stored as a comma-separated list in a fixed order.
    pub fn join(channels: &[Channel]) -> String {
        let mut v: Vec<Channel> = channels.to_vec();
        v.sort();
        v.dedup();
        v.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
    }
    pub fn split(stored: &str) -> Vec<Channel> {
        stored.split(',').filter_map(Channel::parse).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreatedVia {
    Manual,
    Quickfind,
    WorkItem,
    Email,
    Import,
    /// From an incoming SMS (its sender's number).
    Sms,
    /// From an incoming chat message (its sender's handle).
    Chat,
}

impl CreatedVia {
    pub const ALL: [CreatedVia; 7] = [
        CreatedVia::Manual,
        CreatedVia::Quickfind,
        CreatedVia::WorkItem,
        CreatedVia::Email,
        CreatedVia::Import,
        CreatedVia::Sms,
        CreatedVia::Chat,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CreatedVia::Manual => "manual",
            CreatedVia::Quickfind => "quickfind",
            CreatedVia::WorkItem => "work_item",
            CreatedVia::Email => "email",
            CreatedVia::Import => "import",
            CreatedVia::Sms => "sms",
            CreatedVia::Chat => "chat",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CreatedVia::Manual => "Manual",
            CreatedVia::Quickfind => "Quickfind",
            CreatedVia::WorkItem => "Work item",
            CreatedVia::Email => "Email",
            CreatedVia::Import => "Import",
            CreatedVia::Sms => "SMS",
            CreatedVia::Chat => "Chat",
        }
    }
    pub fn parse(s: &str) -> Option<CreatedVia> {
        CreatedVia::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Who did something, for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: UserId,
    pub name: String,
}

/// The editable fields of a contact, already validated and normalised (see
/// `domain::contact::ContactInput::validate` and its server-side completion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContactFields {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub time_zone: Option<String>,
    pub email: Option<String>,
    pub phone: Option<PhoneValue>,
    pub mobile: Option<PhoneValue>,
    pub fax: Option<PhoneValue>,
    /// The account's identifier as typed; the store resolves it to the tenant's account.
    pub account_identifier: Option<String>,
    pub priority: Priority,
    pub preferred_channels: Vec<Channel>,
}

/// A phone number as typed plus its E.164 form for matching.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneValue {
    pub typed: String,
    pub e164: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub fields: ContactFields,
    pub account: Option<Account>,
    pub created_via: CreatedVia,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<UserRef>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<UserRef>,
    pub version: i64,
}

impl Contact {
    pub fn display_name(&self) -> String {
        display_name(
            self.fields.first_name.as_deref(),
            self.fields.last_name.as_deref(),
            self.fields.email.as_deref(),
            self.fields.phone.as_ref().map(|p| p.typed.as_str()),
        )
    }
}

/// "First Last", else the email, else the phone, else "(no name)".
pub fn display_name(
    first: Option<&str>,
    last: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> String {
    let name = [first, last]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !name.is_empty() {
        return name;
    }
    email
        .filter(|s| !s.is_empty())
        .or(phone.filter(|s| !s.is_empty()))
        .unwrap_or("(no name)")
        .to_string()
}

/// One row of the contacts table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: ContactId,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub account_identifier: Option<String>,
    pub account_name: Option<String>,
    pub priority: Priority,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    #[default]
    LastName,
    FirstName,
    Email,
    Account,
    City,
    Priority,
    Updated,
}

impl ContactSort {
    pub const ALL: [ContactSort; 7] = [
        ContactSort::LastName,
        ContactSort::FirstName,
        ContactSort::Email,
        ContactSort::Account,
        ContactSort::City,
        ContactSort::Priority,
        ContactSort::Updated,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ContactSort::LastName => "last_name",
            ContactSort::FirstName => "first_name",
            ContactSort::Email => "email",
            ContactSort::Account => "account",
            ContactSort::City => "city",
            ContactSort::Priority => "priority",
            ContactSort::Updated => "updated",
        }
    }
    pub fn parse(s: &str) -> Option<ContactSort> {
        ContactSort::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ContactQuery {
    /// Free text; each word matched as a prefix of first name, last name, email, city or
    /// account identifier.
    pub text: String,
    /// An account identifier: only that account's contacts.
    pub account: String,
    pub sort: ContactSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    /// Whether a next page exists (we do not count all rows: that is a full scan at scale).
    pub has_more: bool,
}

/// One field-level problem, shown next to the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// One recorded change of one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub user: Option<UserRef>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A configured work item type (SPEC §1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItemType {
    pub id: i64,
    pub name: String,
    /// `ticket` or `case`.
    pub kind: String,
    pub live: bool,
    pub show_in_contacts: bool,
    pub default_queue: Option<String>,
}

/// A contact tagged on a work item, with its tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaggedContact {
    pub contact_id: ContactId,
    pub name: String,
    pub email: Option<String>,
    /// In the order primary, requester, original_requester, subject, cc.
    pub tags: Vec<String>,
}
