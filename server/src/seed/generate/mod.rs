//! Deterministic, realistic demo and benchmark data for `server seed`.
//!
//! # Determinism and random access
//!
//! Every generated row is a **pure function of `(SeedConfig, index)`**. Each method seeds its
//! own ChaCha8 generator (`rand_chacha`, whose output is specified and platform independent,
//! unlike `StdRng`) with a 256-bit key made of the run seed, a stream constant naming what is
//! being generated (account, contact, work item, work item text, communication) and the row's
//! index. Nothing is shared between rows and no state is carried from one call to the next, so
//!
//! - the same seed, counts, `now` and index always give the same row, on any machine;
//! - rows can be generated in any order, in batches, or in parallel (`cfg.contact(i)` does not
//!   need `cfg.contact(i - 1)`), which lets the seeder stream millions of rows in fixed memory;
//! - rows that refer to other rows stay consistent without a lookup table: a communication on
//!   work item `w` recomputes that item's cheap "core" (state, dates, tagged contacts) and the
//!   contact's identity (name, email, phones) from their own streams instead of asking the
//!   database. Text is drawn from a separate stream so this stays cheap.
//!
//! Times are relative to `SeedConfig::now`, so pass the same `now` to regenerate identical data.
//!
//! # Shape of the data
//!
//! - Contacts are created over the three years before `now`, in index order (contact `i` is
//!   created at `now - 3y + 3y * (i + jitter) / contacts`), so ids follow creation time. Work
//!   items only name contacts created before the item.
//! - Work item `i` has the per-tenant number `FIRST_WORK_ITEM_NUMBER + i` (40001, 40002, ...);
//!   its reference is that number plus `-T` (ticket) or `-C` (case). After seeding, the tenant's
//!   work item counter must be set to `FIRST_WORK_ITEM_NUMBER - 1 + work_items`.
//! - About 55% of work items are running (draft, to do, in progress, waiting); running items
//!   are recent and their due dates sit around `now` (overdue, due today, later).
//! - Contact [`HEAVY_CONTACT`] (index 0) is the benchmark's heavy contact: it is the primary
//!   contact of every [`HEAVY_EVERY_WORK_ITEMS`]th work item and takes part in every
//!   [`HEAVY_EVERY_COMMS`]th communication, i.e. 1,000 work items and 10,000 communications at
//!   1,000,000 contacts / 2,000,000 work items / 5,000,000 communications. One contact in 50
//!   (indices ≡ 17 mod 50) is a "regular" with several times the average number of items.
//! - Emails are unique: the local part is derived from the name and always ends with the
//!   contact index (`jane.doe1042@example.com`); the part before the digits never contains
//!   digits, so two contacts can never produce the same address.
//! - Phone numbers are valid by libphonenumber's rules (ranges in `words.rs`, checked with the
//!   `phonenumber` crate). UK numbers are mostly typed in national format (`020 7946 0123`,
//!   `07712345678`; the tenant default region is [`PHONE_DEFAULT_REGION`]), sometimes as
//!   `+44 ...`; other countries always carry their country code (`+49 30 12345678`,
//!   `0033 1 42 68 53 00`, `+1 (212) 456-7890`), so the typed form parses to exactly `*_e164`
//!   with a GB default region.
//! - Activity (work item creation, messages) mostly falls in UK office hours.
//! - Account, personal and business email domains are reserved names (`example.com`, `.org`,
//!   `.net`, `<company>.example`) and the support address is `SUPPORT_ADDRESS`, so nothing
//!   seeded can reach a real mailbox.

use chrono::{DateTime, Utc};

mod accounts;
mod comms;
mod people;
mod random;
mod text;
mod work;

/// What to generate. All rows are pure functions of these fields and their index.
#[derive(Clone, Debug)]
pub struct SeedConfig {
    pub seed: u64,
    pub contacts: u64,
    pub work_items: u64,
    pub comms: u64,
    pub accounts: u64,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenAccount {
    /// Unique: `NORTHWIND-0042` (letters of the name's first word, then the index).
    pub identifier: String,
    pub name: String,
    /// The email domain of the account's business contacts, e.g. `northwindlogistics.example`.
    pub domain: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenContact {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    /// English country name ("United Kingdom", "Germany").
    pub country: Option<String>,
    /// IANA name matching the city.
    pub time_zone: Option<String>,
    pub email: Option<String>,
    pub phone_typed: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile_typed: Option<String>,
    pub mobile_e164: Option<String>,
    /// Index into accounts (`0..accounts`).
    pub account_index: Option<u64>,
    pub priority: &'static str,
    pub preferred_channels: &'static str,
    pub created_via: &'static str,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenWorkItem {
    /// `FIRST_WORK_ITEM_NUMBER + index`.
    pub number: u64,
    pub kind: &'static str,
    /// Index into [`WORK_ITEM_TYPES`].
    pub type_index: usize,
    pub title: String,
    pub description: String,
    pub state: &'static str,
    /// For waiting items: `"More information: ..."` or `"Until YYYY-MM-DD: ..."`.
    pub waiting_reason: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    /// Index into [`QUEUES`].
    pub queue_index: usize,
    /// Index into [`AGENTS`].
    pub assignee_index: Option<usize>,
    /// (contact index, comma-separated tags in the order primary, requester,
    /// original_requester, subject, cc). No contact appears twice.
    pub contact_indices: Vec<(u64, &'static str)>,
    pub created_at: DateTime<Utc>,
}

impl GenWorkItem {
    /// `40308-T` / `40308-C`.
    pub fn reference(&self) -> String {
        reference(self.number, self.kind)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenComm {
    pub kind: &'static str,
    pub direction: &'static str,
    pub subject: Option<String>,
    pub body_text: String,
    pub body_html: Option<String>,
    /// Emails: addresses; calls and SMS: E.164 numbers; chats: the contact's email if known.
    pub from_address: Option<String>,
    pub to_address: Option<String>,
    pub work_item_index: Option<u64>,
    pub contact_index: Option<u64>,
    /// The contacts it belongs to (SPEC §2.3 Caller Communications): its own contact and every
    /// contact tagged on its work item, without repeats.
    pub member_indices: Vec<u64>,
    /// Index into [`AGENTS`]; set for notes and outgoing messages.
    pub author_agent_index: Option<usize>,
    pub occurred_at: DateTime<Utc>,
}

/// (name, kind, live, show_in_contacts). Default queues in [`WORK_ITEM_TYPE_QUEUES`].
pub const WORK_ITEM_TYPES: &[(&str, &str, bool, bool)] = &[
    ("Password reset", "ticket", true, true),
    ("Refund claim", "case", true, true),
    ("Complaint", "case", true, true),
    ("Address change", "ticket", true, true),
    ("Billing question", "ticket", true, false),
    ("Delivery problem", "ticket", true, true),
    ("Faulty device", "case", true, true),
    ("Account closure", "case", true, true),
    ("General enquiry", "ticket", true, true),
    ("Legacy enquiry", "ticket", false, true),
];
/// The default queue (index into [`QUEUES`]) of each work item type; most items sit there.
pub const WORK_ITEM_TYPE_QUEUES: &[usize] = &[2, 1, 3, 0, 1, 4, 2, 0, 0, 0];
/// Relative frequency of each type among new items (the legacy type only appears on old,
/// completed items).
const TYPE_WEIGHTS: &[u32] = &[16, 12, 8, 10, 14, 16, 10, 6, 8, 0];
const LEGACY_TYPE: usize = 9;

/// The first one is the default queue.
pub const QUEUES: &[&str] = &[
    "General",
    "Billing",
    "Technical support",
    "Complaints",
    "Deliveries",
];

/// Demo agents beyond the admin: (name, email local part).
pub const AGENTS: &[(&str, &str)] = &[
    ("Priya Shah", "priya.shah"),
    ("Tom Whitfield", "tom.whitfield"),
    ("Aoife Byrne", "aoife.byrne"),
    ("Marcus Johnson", "marcus.johnson"),
    ("Sofia Rossi", "sofia.rossi"),
    ("Daniel Okafor", "daniel.okafor"),
    ("Hannah Müller", "hannah.mueller"),
    ("Lucas Martin", "lucas.martin"),
    ("Mei Chen", "mei.chen"),
    ("Jack Thompson", "jack.thompson"),
    ("Zainab Hussain", "zainab.hussain"),
    ("Ewan MacLeod", "ewan.macleod"),
];

/// Work item states, running ones first.
pub const STATES: &[&str] = &[
    "draft",
    "to_do",
    "in_progress",
    "waiting",
    "resolved",
    "closed",
];
const STATE_WEIGHTS: &[u32] = &[5, 15, 20, 15, 15, 30];

pub const FIRST_WORK_ITEM_NUMBER: u64 = 40_001;
pub const HEAVY_CONTACT: u64 = 0;
pub const HEAVY_EVERY_WORK_ITEMS: u64 = 2_000;
pub const HEAVY_EVERY_COMMS: u64 = 500;
/// The region the typed phone numbers assume for numbers without a country code.
pub const PHONE_DEFAULT_REGION: &str = "GB";
pub const SUPPORT_ADDRESS: &str = "support@demo.callerdesk.test";
pub const SUPPORT_NAME: &str = "Caller Desk Support";
/// The contact centre's own number (UK drama range), used on calls and SMS.
pub const SUPPORT_PHONE_E164: &str = "+442079460000";

const PERSONAL_DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "mail.example.com",
    "inbox.example.org",
    "post.example.net",
];

/// All tags but CC, in stored order.
const TAGS_ALL: &str = "primary,requester,original_requester,subject";
const TAGS_REQUESTER: &str = "primary,requester,original_requester";
const TAG_SUBJECT: &str = "subject";
const TAG_CC: &str = "cc";

/// Preferred-channel subsets by bit mask (email 1, chat 2, voice 4, sms 8), in stored order.
const CHANNEL_SETS: [&str; 16] = [
    "",
    "email",
    "chat",
    "email,chat",
    "voice",
    "email,voice",
    "chat,voice",
    "email,chat,voice",
    "sms",
    "email,sms",
    "chat,sms",
    "email,chat,sms",
    "voice,sms",
    "email,voice,sms",
    "chat,voice,sms",
    "email,chat,voice,sms",
];

const SPAN_SECS: i64 = 3 * 365 * 86_400;
const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

// Stream constants: one per kind of row, so the same index in different tables is unrelated.
const S_ACCOUNT: u64 = 0x6163_636f_756e_7401;
const S_CONTACT: u64 = 0x636f_6e74_6163_7402;
const S_CONTACT_REST: u64 = 0x636f_6e74_7265_7303;
const S_WORK_ITEM: u64 = 0x776f_726b_6974_6504;
const S_WORK_TEXT: u64 = 0x776f_726b_7478_7405;
const S_COMM: u64 = 0x636f_6d6d_756e_6906;

/// `40308-T` / `40308-C`.
pub fn reference(number: u64, kind: &str) -> String {
    format!("{number}-{}", if kind == "case" { "C" } else { "T" })
}

#[cfg(test)]
mod tests;
