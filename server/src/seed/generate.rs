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

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::words::{self, AddrStyle, COUNTRIES, CULTURES, Country, PhoneStyle};

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

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

struct Rand(ChaCha8Rng);

impl Rand {
    /// A generator for row `index` of `stream`: the key holds all three values verbatim, so
    /// distinct rows can never share a stream.
    fn new(seed: u64, stream: u64, index: u64) -> Rand {
        let mut key = [0u8; 32];
        key[0..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&stream.to_le_bytes());
        key[16..24].copy_from_slice(&index.to_le_bytes());
        key[24..32].copy_from_slice(b"cdseed01");
        Rand(ChaCha8Rng::from_seed(key))
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        self.0.gen_range(0..n)
    }
    fn below64(&mut self, n: u64) -> u64 {
        self.0.gen_range(0..n)
    }
    /// Uniform in `lo..hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            self.0.gen_range(lo..hi)
        }
    }
    fn pct(&mut self, p: u32) -> bool {
        (self.0.next_u32() % 100) < p
    }
    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.0.gen_range(0..total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
    /// `k` distinct indices into a list of `n`, written to `out[..k]`; returns `k` (capped at n).
    fn distinct(&mut self, n: usize, k: usize, out: &mut [usize; 8]) -> usize {
        let k = k.min(n).min(8);
        for j in 0..k {
            loop {
                let x = self.below(n);
                if !out[..j].contains(&x) {
                    out[j] = x;
                    break;
                }
            }
        }
        k
    }
}

fn secs(s: i64) -> Duration {
    Duration::seconds(s)
}

/// Midnight (UTC) of `t`'s day.
fn day_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let s = t.timestamp();
    DateTime::from_timestamp(s - s.rem_euclid(DAY), 0).unwrap_or(t)
}

/// A due time on `day`: office hours, on the hour or half hour.
fn due_on(day: DateTime<Utc>, r: &mut Rand) -> DateTime<Utc> {
    day + secs(r.range(9, 18) * HOUR + 1800 * r.range(0, 2))
}

/// How busy each hour of the (UTC ≈ UK) day is: most contact happens in office hours.
const HOUR_WEIGHTS: [u32; 24] = [
    1, 0, 0, 0, 0, 1, 2, 4, 9, 13, 14, 13, 11, 12, 13, 12, 11, 9, 6, 4, 3, 3, 2, 1,
];

/// `t` moved to a likely time of the same day, unless that leaves `lo..=hi`.
fn working_time(
    r: &mut Rand,
    t: DateTime<Utc>,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> DateTime<Utc> {
    let moved = day_start(t) + secs(r.weighted(&HOUR_WEIGHTS) as i64 * HOUR + r.range(0, HOUR));
    if moved >= lo && moved <= hi { moved } else { t }
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// Appends `name` folded to lowercase ASCII letters (and inner hyphens), for email local parts.
/// `german` spells umlauts out (ü → ue), as Germans do in addresses.
fn fold_into(out: &mut String, name: &str, german: bool) {
    let start = out.len();
    for c in name.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let s: &str = match lower {
            'a'..='z' => {
                out.push(lower);
                continue;
            }
            'ä' => {
                if german {
                    "ae"
                } else {
                    "a"
                }
            }
            'ö' => {
                if german {
                    "oe"
                } else {
                    "o"
                }
            }
            'ü' => {
                if german {
                    "ue"
                } else {
                    "u"
                }
            }
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ą' | 'ā' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ē' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => "o",
            'œ' => "oe",
            'ù' | 'ú' | 'û' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ł' => "l",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            '-' => {
                if out.len() > start && !out.ends_with('-') {
                    out.push('-');
                }
                continue;
            }
            _ => continue,
        };
        out.push_str(s);
    }
    while out.len() > start && out.ends_with('-') {
        out.pop();
    }
    if out.len() == start {
        out.push_str("user");
    }
}

fn first_letter(name: &str) -> String {
    let mut s = String::new();
    fold_into(&mut s, name, false);
    s.truncate(1);
    s
}

/// Upper-cases the first letter (titles that start with a product name).
fn capitalise(s: &mut String) {
    if let Some(c) = s.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = c.to_uppercase().collect();
        s.replace_range(..c.len_utf8(), &upper);
    }
}

fn fill_template(out: &mut String, tpl: &str, r: &mut Rand) {
    for b in tpl.bytes() {
        match b {
            b'#' => out.push((b'0' + r.below(10) as u8) as char),
            b'?' => out.push(r.pick(words::POSTCODE_LETTERS) as char),
            b'%' => out.push(r.pick(words::CA_LETTERS) as char),
            b'*' => out.push(r.pick(words::EIRCODE_CHARS) as char),
            _ => out.push(b as char),
        }
    }
}

fn escape_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The concrete details one conversation is about, so a work item's title, description and
/// messages quote the same order number, amount and product.
struct Facts {
    order: u32,
    invoice: u32,
    amount_pence: u32,
    product: &'static str,
    device: &'static str,
    plan: &'static str,
    relation: &'static str,
    branch: &'static str,
    courier: &'static str,
    month: usize,
    day: u32,
    days: u32,
    n: u32,
    code: u32,
    year: u32,
}

impl Facts {
    fn draw(r: &mut Rand) -> Facts {
        let pounds = match r.below(10) {
            0..=5 => r.range(4, 80),
            6..=8 => r.range(80, 400),
            _ => r.range(400, 1500),
        } as u32;
        let pence = match r.below(4) {
            0 => 0,
            1 => 99,
            2 => 50,
            _ => r.below(100) as u32,
        };
        Facts {
            order: r.range(1_000_000, 9_999_999) as u32,
            invoice: r.range(100_000, 999_999) as u32,
            amount_pence: pounds * 100 + pence,
            product: r.pick(words::PRODUCTS),
            device: r.pick(words::DEVICES),
            plan: r.pick(words::PLANS),
            relation: r.pick(words::RELATIONS),
            branch: r.pick(words::BRANCHES),
            courier: r.pick(words::COURIERS),
            month: r.below(12),
            day: 1 + r.below(28) as u32,
            days: 2 + r.below(12) as u32,
            n: 2 + r.below(60) as u32,
            code: r.range(100_000, 999_999) as u32,
            year: 2008 + r.below(16) as u32,
        }
    }
}

/// Who a text is from and to, for `{first}`, `{full}`, `{agent}`, `{agent_first}`, `{ref}`.
struct Voices<'a> {
    first: &'a str,
    full: &'a str,
    agent: &'a str,
    agent_first: &'a str,
    reference: &'a str,
}

/// Expands `{slot}` placeholders.
fn fill(out: &mut String, tpl: &str, f: &Facts, v: &Voices) {
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let slot = &after[..close];
        match slot {
            "order" => {
                let _ = write!(out, "#{}", f.order);
            }
            "invoice" => {
                let _ = write!(out, "INV-{}", f.invoice);
            }
            "amount" => {
                let _ = write!(out, "£{}.{:02}", f.amount_pence / 100, f.amount_pence % 100);
            }
            "product" => out.push_str(f.product),
            "device" => out.push_str(f.device),
            "plan" => out.push_str(f.plan),
            "relation" => out.push_str(f.relation),
            "branch" => out.push_str(f.branch),
            "courier" => out.push_str(f.courier),
            "month" => out.push_str(words::MONTHS[f.month]),
            "date" => {
                let _ = write!(out, "{} {}", f.day, words::MONTHS[f.month]);
            }
            "days" => {
                let _ = write!(out, "{}", f.days);
            }
            "n" => {
                let _ = write!(out, "{}", f.n);
            }
            "code" => {
                let _ = write!(out, "{}", f.code);
            }
            "year" => {
                let _ = write!(out, "{}", f.year);
            }
            "ref" => out.push_str(v.reference),
            "first" => out.push_str(v.first),
            "full" => out.push_str(v.full),
            "agent" => out.push_str(v.agent),
            "agent_first" => out.push_str(v.agent_first),
            _ => {
                out.push('{');
                out.push_str(slot);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// Appends `k` distinct sentences from `list`, space-separated.
fn sentences(out: &mut String, r: &mut Rand, list: &[&str], k: usize, f: &Facts, v: &Voices) {
    let mut idx = [0usize; 8];
    let k = r.distinct(list.len(), k, &mut idx);
    for &i in &idx[..k] {
        if !out.is_empty() && !out.ends_with(['\n', ' ']) {
            out.push(' ');
        }
        fill(out, list[i], f, v);
    }
}

fn agent_first(agent: usize) -> &'static str {
    let name = AGENTS[agent].0;
    name.split(' ').next().unwrap_or(name)
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

impl SeedConfig {
    /// Account `i` (`0..accounts`).
    pub fn account(&self, i: u64) -> GenAccount {
        let mut r = Rand::new(self.seed, S_ACCOUNT, i);
        let mut name = String::with_capacity(40);
        let mut slug = String::with_capacity(32);
        match r.below(10) {
            0..=2 => {
                let c = &CULTURES[r.below(CULTURES.len())];
                let a = r.pick(c.last);
                let mut b = r.pick(c.last);
                if a == b {
                    b = r.pick(words::CULTURES[0].last);
                }
                let _ = write!(name, "{a} & {b}");
                fold_into(&mut slug, a, false);
                fold_into(&mut slug, b, false);
                let legal = r.pick(&["LLP", "Ltd", "& Co", "Partners", ""]);
                if !legal.is_empty() {
                    name.push(' ');
                    name.push_str(legal);
                }
            }
            3..=6 => {
                let p = r.pick(words::COMPANY_PREFIX);
                let s = r.pick(words::COMPANY_SUFFIX);
                let ind = r.pick(words::INDUSTRIES);
                let _ = write!(name, "{p}{s} {ind}");
                fold_into(&mut slug, p, false);
                fold_into(&mut slug, s, false);
                let legal = r.pick(words::LEGAL_FORMS);
                if !legal.is_empty() {
                    name.push(' ');
                    name.push_str(legal);
                }
            }
            _ => {
                let town = r.pick(words::COMPANY_TOWNS);
                let ind = r.pick(words::INDUSTRIES);
                let group = r.pick(words::COMPANY_GROUPS);
                let _ = write!(name, "{town} {ind} {group}");
                fold_into(&mut slug, town, false);
                for w in ind.split(' ') {
                    if w != "&" {
                        fold_into(&mut slug, w, false);
                    }
                }
            }
        }
        let mut identifier = String::with_capacity(16);
        let first_word = name.split(' ').next().unwrap_or("");
        let mut code = String::new();
        fold_into(&mut code, first_word, false);
        for c in code.chars().filter(|c| c.is_ascii_alphabetic()).take(12) {
            identifier.push(c.to_ascii_uppercase());
        }
        if identifier.len() < 2 {
            identifier = "ACCT".into();
        }
        let _ = write!(identifier, "-{i:04}");
        slug.retain(|c| c.is_ascii_alphanumeric());
        slug.push_str(".example");
        GenAccount {
            identifier,
            name,
            domain: slug,
        }
    }

    /// The email domain of account `i`'s business contacts.
    pub fn account_domain(&self, i: u64) -> String {
        self.account(i).domain
    }
}

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Normal,
    /// Last name only.
    NoFirst,
    /// Known only by an email address.
    EmailOnly,
    /// Known only by a phone number.
    PhoneOnly,
}

/// What other rows need to know about a contact: cheap to recompute.
struct Person {
    shape: Shape,
    country: usize,
    city: usize,
    first: Option<String>,
    last: Option<String>,
    email: Option<String>,
    phone: Option<(String, String)>,
    mobile: Option<(String, String)>,
    account: Option<u64>,
    created_at: DateTime<Utc>,
}

impl Person {
    fn full_name(&self) -> String {
        match (&self.first, &self.last) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(f), None) => f.clone(),
            (None, Some(l)) => l.clone(),
            (None, None) => String::new(),
        }
    }
    /// What a message's greeting or sign-off calls them.
    fn first_or_last(&self) -> &str {
        self.first.as_deref().or(self.last.as_deref()).unwrap_or("")
    }
    /// The number calls and SMS use (mobile preferred), E.164.
    fn any_phone(&self) -> Option<&str> {
        self.mobile
            .as_ref()
            .or(self.phone.as_ref())
            .map(|p| p.1.as_str())
    }
}

/// Fills a telephone pattern; returns (typed, E.164).
fn phone_number(r: &mut Rand, country: &Country, pattern: &str) -> (String, String) {
    let mut digits = [0u8; 20];
    let mut seps = [0u8; 20]; // separator before digit j
    let mut n = 0;
    let mut pending = 0u8;
    let bytes = pattern.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        k += 1;
        let d = match b {
            b'#' => b'0' + r.below(10) as u8,
            b'N' => b'2' + r.below(8) as u8,
            b'0'..=b'9' => b,
            b'[' => {
                let end = k + bytes[k..].iter().position(|&c| c == b']').unwrap_or(0);
                let choice = r.pick(&bytes[k..end]);
                k = end + 1;
                choice
            }
            _ => {
                pending = b;
                continue;
            }
        };
        digits[n] = d;
        seps[n] = pending;
        pending = 0;
        n += 1;
    }
    if country.phone_style == PhoneStyle::Nanp && n == 10 {
        // Exchange codes N11 and 555 are not handed out.
        if digits[4] == b'1' && digits[5] == b'1' {
            digits[5] = b'2' + r.below(8) as u8;
        }
        if &digits[3..6] == b"555" {
            digits[4] = b'4';
        }
    }
    let nsn = std::str::from_utf8(&digits[..n]).unwrap_or("");
    let mut e164 = String::with_capacity(16);
    e164.push('+');
    e164.push_str(country.calling_code);
    e164.push_str(nsn);

    let grouped = |sep_override: Option<u8>| {
        let mut s = String::with_capacity(n + 6);
        for j in 0..n {
            if seps[j] != 0 {
                s.push(sep_override.unwrap_or(seps[j]) as char);
            }
            s.push(digits[j] as char);
        }
        s
    };
    let mut typed = String::with_capacity(24);
    if country.code == PHONE_DEFAULT_REGION {
        match r.below(20) {
            0..=14 => {
                typed.push_str(country.trunk);
                typed.push_str(&grouped(None));
            }
            15..=16 => {
                typed.push_str(country.trunk);
                typed.push_str(nsn);
            }
            _ => {
                let _ = write!(typed, "+{} {}", country.calling_code, grouped(None));
            }
        }
    } else if country.phone_style == PhoneStyle::Nanp {
        let (a, b, c) = (&nsn[0..3], &nsn[3..6], &nsn[6..]);
        match r.below(10) {
            0..=3 => {
                let _ = write!(typed, "+1 {a}-{b}-{c}");
            }
            4..=6 => {
                let _ = write!(typed, "+1 ({a}) {b}-{c}");
            }
            7..=8 => {
                let _ = write!(typed, "+1 {a} {b} {c}");
            }
            _ => {
                let _ = write!(typed, "+1{nsn}");
            }
        }
    } else {
        match r.below(20) {
            0..=13 => {
                let _ = write!(typed, "+{} {}", country.calling_code, grouped(None));
            }
            14..=16 => {
                let _ = write!(typed, "00{} {}", country.calling_code, grouped(None));
            }
            _ => {
                let _ = write!(typed, "+{}{}", country.calling_code, nsn);
            }
        }
    }
    (typed, e164)
}

impl SeedConfig {
    fn start(&self) -> DateTime<Utc> {
        self.now - secs(SPAN_SECS)
    }

    /// How many contacts exist at `t` (at least 1 when there are contacts at all).
    fn contacts_at(&self, t: DateTime<Utc>) -> u64 {
        if self.contacts == 0 {
            return 0;
        }
        let frac = ((t - self.start()).num_seconds() as f64 / SPAN_SECS as f64).clamp(0.0, 1.0);
        ((self.contacts as f64 * frac) as u64).clamp(1, self.contacts)
    }

    /// A contact for a new work item or message among the first `cmax`: mostly uniform, with
    /// one contact in 50 a "regular" who gets several times the average share.
    fn pick_contact(&self, r: &mut Rand, cmax: u64) -> u64 {
        if cmax <= 1 {
            return 0;
        }
        if r.pct(20) {
            let regulars = (cmax / 50).max(1);
            let idx = r.below64(regulars) * 50 + 17;
            if idx < cmax {
                return idx;
            }
        }
        r.below64(cmax)
    }

    fn person(&self, i: u64) -> Person {
        let mut r = Rand::new(self.seed, S_CONTACT, i);
        let jitter = r.unit();
        let n = self.contacts.max(1) as f64;
        let frac = ((i as f64 + jitter) / n).min(1.0);
        let created_at = self.start() + secs((frac * (SPAN_SECS - HOUR) as f64) as i64);

        let culture_i = r.weighted_by(CULTURES, |c| c.weight);
        let culture = &CULTURES[culture_i];
        let country_i = culture.countries[r.weighted_by(culture.countries, |c| c.1)].0;
        let country = &COUNTRIES[country_i];
        let city = r.below(country.cities.len());
        let shape = match r.below(1000) {
            0..=9 => Shape::NoFirst,
            10..=19 => Shape::EmailOnly,
            20..=29 => Shape::PhoneOnly,
            _ => Shape::Normal,
        };

        let first_raw = r.pick(culture.first);
        let last = if r.pct(culture.double_last_pct) {
            let a = r.pick(culture.last);
            let mut b = r.pick(culture.last);
            if a == b {
                b = r.pick(culture.last);
            }
            let joiner = r.pick(culture.double_joiners);
            if a == b {
                a.to_string()
            } else if joiner.is_empty() || b.starts_with(|c: char| c.is_lowercase()) {
                format!("{a} {b}")
            } else {
                format!("{a} {joiner} {b}")
            }
        } else {
            r.pick(culture.last).to_string()
        };
        let (first, last) = match shape {
            Shape::Normal => (Some(first_raw.to_string()), Some(last)),
            Shape::NoFirst => (None, Some(last)),
            Shape::EmailOnly | Shape::PhoneOnly => (None, None),
        };

        let account = if self.accounts > 0 && shape != Shape::PhoneOnly && r.pct(60) {
            Some(r.below64(self.accounts))
        } else {
            None
        };

        let has_email = match shape {
            Shape::Normal => r.pct(91),
            Shape::NoFirst => r.pct(80),
            Shape::EmailOnly => true,
            Shape::PhoneOnly => false,
        };
        let email = if has_email {
            let mut e = String::with_capacity(40);
            let german = country_i == words::DE || (culture_i == words::GERMAN && r.pct(70));
            match (&first, &last) {
                (Some(f), Some(l)) => {
                    let l_main = l.as_str();
                    match r.below(20) {
                        0..=6 => {
                            fold_into(&mut e, f, german);
                            e.push('.');
                            fold_into(&mut e, l_main, german);
                        }
                        7..=8 => {
                            fold_into(&mut e, f, german);
                            fold_into(&mut e, l_main, german);
                        }
                        9..=10 => {
                            e.push_str(&first_letter(f));
                            fold_into(&mut e, l_main, german);
                        }
                        11 => {
                            fold_into(&mut e, f, german);
                            e.push('_');
                            fold_into(&mut e, l_main, german);
                        }
                        12 => {
                            fold_into(&mut e, l_main, german);
                            e.push('.');
                            fold_into(&mut e, f, german);
                        }
                        13 => {
                            fold_into(&mut e, f, german);
                            e.push('.');
                            e.push_str(&first_letter(l_main));
                        }
                        14..=15 => fold_into(&mut e, f, german),
                        16 => {
                            fold_into(&mut e, l_main, german);
                            e.push_str(&first_letter(f));
                        }
                        17 => {
                            fold_into(&mut e, f, german);
                            e.push('-');
                            fold_into(&mut e, l_main, german);
                        }
                        _ => {
                            e.push_str(&first_letter(f));
                            e.push('.');
                            fold_into(&mut e, l_main, german);
                        }
                    }
                }
                (None, Some(l)) => fold_into(&mut e, l, german),
                _ => e.push_str(r.pick(words::HANDLES)),
            }
            // The index makes the address unique: the part before it never ends in a digit.
            match r.below(6) {
                0 => e.push('.'),
                1 => e.push('_'),
                _ => {}
            }
            let _ = write!(e, "{i}@");
            match account {
                Some(a) if r.pct(65) => e.push_str(&self.account_domain(a)),
                _ => e.push_str(r.pick(PERSONAL_DOMAINS)),
            }
            Some(e)
        } else {
            None
        };

        let city_ref = &country.cities[city];
        let mobile_patterns = if city_ref.mobile.is_empty() {
            if country.mobile.is_empty() {
                city_ref.landline
            } else {
                country.mobile
            }
        } else {
            city_ref.mobile
        };
        let (want_phone, want_mobile) = match shape {
            Shape::Normal | Shape::NoFirst => {
                let p = r.pct(55) && !city_ref.landline.is_empty();
                let m = r.pct(70);
                (p, m || (!p && !has_email))
            }
            Shape::PhoneOnly => {
                let m = r.pct(70) || city_ref.landline.is_empty();
                (!m, m)
            }
            Shape::EmailOnly => (false, false),
        };
        let phone = if want_phone && !city_ref.landline.is_empty() {
            let pat = r.pick(city_ref.landline);
            Some(phone_number(&mut r, country, pat))
        } else {
            None
        };
        let mobile = if want_mobile {
            let pat = r.pick(mobile_patterns);
            Some(phone_number(&mut r, country, pat))
        } else {
            None
        };

        Person {
            shape,
            country: country_i,
            city,
            first,
            last,
            email,
            phone,
            mobile,
            account,
            created_at,
        }
    }

    /// Contact `i`. Pure function of the config and `i`.
    pub fn contact(&self, i: u64) -> GenContact {
        let p = self.person(i);
        let mut r = Rand::new(self.seed, S_CONTACT_REST, i);
        let country = &COUNTRIES[p.country];
        let city = &country.cities[p.city];

        // Where they live: a full address, only a town, or nothing.
        let place = match p.shape {
            Shape::Normal => match r.below(100) {
                0..=84 => 2,
                85..=94 => 1,
                _ => 0,
            },
            Shape::NoFirst => {
                if r.pct(60) {
                    2
                } else {
                    1
                }
            }
            Shape::EmailOnly | Shape::PhoneOnly => 0,
        };
        let (
            mut address,
            mut city_name,
            mut state,
            mut postal_code,
            mut country_name,
            mut time_zone,
        ) = (None, None, None, None, None, None);
        if place >= 1 {
            city_name = Some(city.name.to_string());
            country_name = Some(country.name.to_string());
            time_zone = Some(city.tz.to_string());
            if r.pct(country.state_pct) {
                state = Some(city.state.to_string());
            }
        }
        if place == 2 {
            address = Some(address_line(&mut r, country, p.country));
            if !city.postal.is_empty() {
                let mut pc = String::with_capacity(10);
                fill_template(&mut pc, r.pick(city.postal), &mut r);
                postal_code = Some(pc);
            }
        }
        if place == 0 && p.shape == Shape::Normal && r.pct(50) {
            // Known country and zone without an address (e.g. captured from a call).
            country_name = Some(country.name.to_string());
            time_zone = Some(city.tz.to_string());
        }

        let priority = ["low", "normal", "high", "urgent"][r.weighted(&[15, 65, 15, 5])];
        let mut mask = 0usize;
        if p.email.is_some() && r.pct(70) {
            mask |= 1;
        }
        if r.pct(15) {
            mask |= 2;
        }
        if (p.phone.is_some() || p.mobile.is_some()) && r.pct(45) {
            mask |= 4;
        }
        if p.mobile.is_some() && r.pct(20) {
            mask |= 8;
        }
        let created_via = match p.shape {
            Shape::EmailOnly if r.pct(70) => "email",
            Shape::PhoneOnly if r.pct(70) => "quickfind",
            _ => ["manual", "quickfind", "work_item", "email", "import"]
                [r.weighted(&[35, 15, 15, 15, 20])],
        };
        let (phone_typed, phone_e164) = match p.phone {
            Some((t, e)) => (Some(t), Some(e)),
            None => (None, None),
        };
        let (mobile_typed, mobile_e164) = match p.mobile {
            Some((t, e)) => (Some(t), Some(e)),
            None => (None, None),
        };
        GenContact {
            first_name: p.first,
            last_name: p.last,
            address,
            city: city_name,
            state,
            postal_code,
            country: country_name,
            time_zone,
            email: p.email,
            phone_typed,
            phone_e164,
            mobile_typed,
            mobile_e164,
            account_index: p.account,
            priority,
            preferred_channels: CHANNEL_SETS[mask],
            created_via,
            created_at: p.created_at,
        }
    }
}

impl Rand {
    fn weighted_by<T>(&mut self, items: &[T], w: impl Fn(&T) -> u32) -> usize {
        let total: u32 = items.iter().map(&w).sum();
        let mut x = self.0.gen_range(0..total);
        for (i, it) in items.iter().enumerate() {
            let wi = w(it);
            if x < wi {
                return i;
            }
            x -= wi;
        }
        items.len() - 1
    }
}

fn address_line(r: &mut Rand, country: &Country, country_i: usize) -> String {
    let street = r.pick(country.streets);
    let mut s = String::with_capacity(40);
    let house = |r: &mut Rand| -> i64 {
        match r.below(10) {
            0..=5 => r.range(1, 60),
            6..=8 => r.range(60, 200),
            _ => r.range(200, 400),
        }
    };
    match country.addr {
        AddrStyle::NumberFirst => {
            if country_i == words::US || country_i == words::CA {
                let _ = write!(s, "{} {street}", r.range(100, 9999));
                if r.pct(15) {
                    let _ = write!(
                        s,
                        ", Apt {}{}",
                        r.range(1, 30),
                        r.pick(&["A", "B", "C", "D"])
                    );
                }
            } else if country_i == words::GB && r.pct(15) {
                let _ = write!(s, "Flat {}, {} {street}", r.range(1, 40), house(r));
            } else if country_i == words::FR && r.pct(8) {
                let _ = write!(s, "{} bis {street}", house(r));
            } else {
                let _ = write!(s, "{} {street}", house(r));
            }
        }
        AddrStyle::NumberLast => {
            let _ = write!(s, "{street} {}", house(r));
            if country_i == words::DE && r.pct(10) {
                s.push('a');
            } else if country_i == words::PL && r.pct(35) {
                let _ = write!(s, "/{}", r.range(1, 80));
            } else if country_i == words::NL && r.pct(15) {
                let _ = write!(s, "-{}", r.range(1, 4));
            }
        }
        AddrStyle::NumberLastComma => {
            let _ = write!(s, "{street}, {}", house(r));
            if country_i == words::ES && r.pct(45) {
                let _ = write!(
                    s,
                    ", {}º {}",
                    r.range(1, 9),
                    r.pick(&["A", "B", "C", "D", "izda.", "dcha."])
                );
            } else if country_i == words::BR && r.pct(35) {
                let _ = write!(s, " - Apto {}", r.range(11, 190));
            }
        }
        AddrStyle::NumberComma => {
            if r.pct(30) {
                let _ = write!(s, "Flat {}, {}, {street}", r.range(101, 1204), house(r));
            } else {
                let _ = write!(s, "{}, {street}", house(r));
            }
        }
        AddrStyle::Japan => {
            let _ = write!(
                s,
                "{}-{}-{} {street}",
                r.range(1, 6),
                r.range(1, 30),
                r.range(1, 20)
            );
        }
        AddrStyle::Gulf => match r.below(3) {
            0 => {
                let _ = write!(s, "Villa {}, {street}", house(r));
            }
            1 => {
                let _ = write!(s, "Apartment {}, {street}", r.range(101, 3405));
            }
            _ => {
                let _ = write!(s, "Office {}, {street}", r.range(101, 2405));
            }
        },
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Work items
// ---------------------------------------------------------------------------------------------

/// The cheap part of a work item, which communications recompute.
struct WorkCore {
    number: u64,
    type_index: usize,
    state: usize,
    created_at: DateTime<Utc>,
    /// When activity on it stopped (`now` while running).
    end_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    queue: usize,
    assignee: Option<usize>,
    contacts: [(u64, &'static str); 3],
    n_contacts: usize,
    waiting_until: Option<DateTime<Utc>>,
}

impl WorkCore {
    fn kind(&self) -> &'static str {
        WORK_ITEM_TYPES[self.type_index].1
    }
}

impl SeedConfig {
    fn work_core(&self, i: u64) -> WorkCore {
        let mut r = Rand::new(self.seed, S_WORK_ITEM, i);
        let now = self.now;
        let state = r.weighted(STATE_WEIGHTS);
        let running = state < 4;
        let age = if state == 0 {
            r.range(5 * 60, 5 * DAY)
        } else if running {
            match r.below(100) {
                0..=69 => r.range(10 * 60, 14 * DAY),
                70..=94 => r.range(14 * DAY, 90 * DAY),
                _ => r.range(90 * DAY, 400 * DAY),
            }
        } else {
            r.range(DAY, SPAN_SECS - DAY)
        };
        let created_at = working_time(&mut r, now - secs(age), self.start(), now - secs(300));
        let mut type_index = r.weighted(TYPE_WEIGHTS);
        if !running && age > 365 * DAY && r.pct(20) {
            type_index = LEGACY_TYPE;
        }
        let end_at = if running {
            now
        } else {
            (created_at + secs(r.range(HOUR, 25 * DAY))).min(now - secs(600))
        };
        let due_at = if running {
            // Overdue (before today, or earlier today), due today, or due later.
            let today = day_start(now);
            match r.below(100) {
                _ if state == 0 && r.pct(70) => None,
                0..=29 => Some(due_on(today - secs(r.range(1, 12) * DAY), &mut r)),
                30..=49 => Some(due_on(today, &mut r)),
                50..=89 => Some(due_on(today + secs(r.range(1, 21) * DAY), &mut r)),
                _ => None,
            }
        } else if r.pct(75) {
            Some(due_on(
                day_start(created_at) + secs(r.range(1, 10) * DAY),
                &mut r,
            ))
        } else {
            None
        };
        // Nobody sets a due time before the item existed.
        let due_at = match due_at {
            Some(d) if d < created_at + secs(2 * HOUR) => Some(due_on(
                day_start(created_at) + secs(r.range(1, 4) * DAY),
                &mut r,
            )),
            d => d,
        };
        let waiting_until = if state == 3 && r.pct(50) {
            Some(now + secs(r.range(DAY, 14 * DAY)))
        } else {
            None
        };
        let queue = if r.pct(85) {
            WORK_ITEM_TYPE_QUEUES[type_index]
        } else {
            r.below(QUEUES.len())
        };
        let assigned = match state {
            0 => r.pct(40),
            1 => r.pct(25),
            2 | 3 => true,
            _ => r.pct(95),
        };
        let assignee = if assigned {
            Some(r.below(AGENTS.len()))
        } else {
            None
        };

        let heavy = self.contacts > 0 && i.is_multiple_of(HEAVY_EVERY_WORK_ITEMS);
        let mut contacts = [(0u64, ""); 3];
        let mut n_contacts = 0;
        let none = self.contacts == 0 || (!heavy && state == 0 && r.pct(30));
        if !none {
            let cmax = self.contacts_at(created_at);
            let primary = if heavy {
                HEAVY_CONTACT
            } else {
                self.pick_contact(&mut r, cmax)
            };
            let shape = r.below(100);
            contacts[0] = (
                primary,
                if (78..88).contains(&shape) {
                    TAGS_REQUESTER
                } else {
                    TAGS_ALL
                },
            );
            n_contacts = 1;
            let extra: &[&'static str] = match shape {
                0..=77 => &[],
                78..=87 => &[TAG_SUBJECT],
                88..=96 => &[TAG_CC],
                _ => &[TAG_CC, TAG_CC],
            };
            for tag in extra {
                for _ in 0..4 {
                    let c = r.below64(cmax);
                    if !contacts[..n_contacts].iter().any(|x| x.0 == c) {
                        contacts[n_contacts] = (c, tag);
                        n_contacts += 1;
                        break;
                    }
                }
            }
            // A subject that could not be placed stays with the primary contact.
            if contacts[0].1 == TAGS_REQUESTER && n_contacts == 1 {
                contacts[0].1 = TAGS_ALL;
            }
        }
        WorkCore {
            number: FIRST_WORK_ITEM_NUMBER + i,
            type_index,
            state,
            created_at,
            end_at,
            due_at,
            queue,
            assignee,
            contacts,
            n_contacts,
            waiting_until,
        }
    }

    /// The text stream of work item `i`: its facts and title (drawn first, so communications can
    /// quote the title without generating the description).
    fn work_text(&self, i: u64, type_index: usize) -> (Rand, Facts, String) {
        let mut r = Rand::new(self.seed, S_WORK_TEXT, i);
        let facts = Facts::draw(&mut r);
        let mut title = String::with_capacity(48);
        let tpl = r.pick(words::TITLES[type_index]);
        let v = Voices {
            first: "",
            full: "",
            agent: "",
            agent_first: "",
            reference: "",
        };
        fill(&mut title, tpl, &facts, &v);
        capitalise(&mut title);
        (r, facts, title)
    }

    /// Work item `i`, numbered `FIRST_WORK_ITEM_NUMBER + i`.
    pub fn work_item(&self, i: u64) -> GenWorkItem {
        let core = self.work_core(i);
        let (mut r, facts, title) = self.work_text(i, core.type_index);
        let kind = core.kind();
        let reference = reference(core.number, kind);
        let v = Voices {
            first: "",
            full: "",
            agent: "",
            agent_first: "",
            reference: &reference,
        };
        let t = core.type_index;
        let mut description = String::with_capacity(300);
        if r.pct(55) {
            let k = 1 + r.below(4);
            sentences(&mut description, &mut r, words::CUSTOMER[t], k, &facts, &v);
            if r.pct(40) {
                sentences(
                    &mut description,
                    &mut r,
                    words::CUSTOMER_GENERIC,
                    1,
                    &facts,
                    &v,
                );
            }
        } else {
            let k = 1 + r.below(2);
            sentences(&mut description, &mut r, words::SUMMARY[t], k, &facts, &v);
            let c = r.below(3);
            sentences(
                &mut description,
                &mut r,
                words::SUMMARY_CONTEXT,
                c,
                &facts,
                &v,
            );
        }
        let waiting_reason = if core.state == 3 {
            Some(match core.waiting_until {
                Some(until) => format!(
                    "Until {}: {}",
                    until.format("%Y-%m-%d"),
                    r.pick(&[
                        "customer away until then",
                        "courier investigation due to complete",
                        "refund batch runs then",
                        "engineer visit booked",
                        "callback arranged with customer",
                        "waiting for the next billing run",
                    ])
                ),
                None => format!(
                    "More information: {}",
                    r.pick(&[
                        "waiting for proof of purchase",
                        "need more details from the customer",
                        "customer to confirm new address",
                        "need a copy of the bank statement",
                        "customer to send the serial number",
                        "waiting for the customer to reply",
                    ])
                ),
            })
        } else {
            None
        };
        GenWorkItem {
            number: core.number,
            kind,
            type_index: t,
            title,
            description,
            state: STATES[core.state],
            waiting_reason,
            due_at: core.due_at,
            queue_index: core.queue,
            assignee_index: core.assignee,
            contact_indices: core.contacts[..core.n_contacts].to_vec(),
            created_at: core.created_at,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Communications
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Email,
    Note,
    Call,
    Sms,
    Chat,
}

impl SeedConfig {
    /// Communication `i`. Needs `contacts > 0` or `work_items > 0`.
    pub fn comm(&self, i: u64) -> GenComm {
        assert!(
            self.contacts > 0 || self.work_items > 0,
            "communications need contacts or work items"
        );
        let mut r = Rand::new(self.seed, S_COMM, i);
        let heavy = self.contacts > 0 && i.is_multiple_of(HEAVY_EVERY_COMMS);
        let on_item = self.work_items > 0 && (self.contacts == 0 || r.pct(80));

        let mut core = None;
        let contact_index = if on_item {
            let w = if heavy {
                let n = self.work_items.div_ceil(HEAVY_EVERY_WORK_ITEMS);
                r.below64(n) * HEAVY_EVERY_WORK_ITEMS
            } else {
                r.below64(self.work_items)
            };
            let c = self.work_core(w);
            let who = if c.n_contacts == 0 {
                None
            } else if heavy || c.n_contacts == 1 || r.pct(80) {
                Some(c.contacts[0].0)
            } else {
                Some(c.contacts[1 + r.below(c.n_contacts - 1)].0)
            };
            core = Some((w, c));
            who
        } else if heavy {
            Some(HEAVY_CONTACT)
        } else {
            Some(self.pick_contact(&mut r, self.contacts))
        };
        let person = contact_index.map(|c| self.person(c));

        // Topic, facts and the item's title.
        let (topic, facts, title, reference) = match &core {
            Some((w, c)) => {
                let (_, facts, title) = self.work_text(*w, c.type_index);
                (
                    c.type_index,
                    facts,
                    Some(title),
                    reference(c.number, c.kind()),
                )
            }
            None => {
                let t = r.weighted(TYPE_WEIGHTS);
                let facts = Facts::draw(&mut r);
                let reference = format!("order #{}", facts.order);
                (t, facts, None, reference)
            }
        };

        // Kind, corrected for the channels the contact actually has.
        let mut kind = match (&person, core.is_some()) {
            (None, _) => Kind::Note,
            (Some(_), true) => [Kind::Email, Kind::Note, Kind::Call, Kind::Sms, Kind::Chat]
                [r.weighted(&[42, 28, 12, 8, 10])],
            (Some(_), false) => [Kind::Email, Kind::Note, Kind::Call, Kind::Sms, Kind::Chat]
                [r.weighted(&[40, 15, 25, 10, 10])],
        };
        if let Some(p) = &person {
            let has_phone = p.any_phone().is_some();
            kind = match kind {
                Kind::Email if p.email.is_none() => {
                    if has_phone {
                        Kind::Call
                    } else {
                        Kind::Note
                    }
                }
                Kind::Sms if p.mobile.is_none() => {
                    if p.email.is_some() {
                        Kind::Email
                    } else if has_phone {
                        Kind::Call
                    } else {
                        Kind::Note
                    }
                }
                Kind::Call if !has_phone => {
                    if p.email.is_some() {
                        Kind::Email
                    } else {
                        Kind::Note
                    }
                }
                k => k,
            };
        }

        // When.
        let (lo, hi) = match (&core, &person) {
            (Some((_, c)), _) => (c.created_at, c.end_at.max(c.created_at)),
            (None, Some(p)) => (p.created_at, self.now),
            (None, None) => (self.start(), self.now),
        };
        let span = (hi - lo).num_seconds().max(0);
        let hi = hi.min(self.now);
        let occurred_at = (lo + secs((r.unit() * span as f64) as i64)).min(hi);
        let occurred_at = working_time(&mut r, occurred_at, lo, hi);

        let agent = match &core {
            Some((_, c)) => c.assignee.unwrap_or_else(|| r.below(AGENTS.len())),
            None => r.below(AGENTS.len()),
        };
        let full = person.as_ref().map(|p| p.full_name()).unwrap_or_default();
        let first = person.as_ref().map(|p| p.first_or_last()).unwrap_or("");
        let v = Voices {
            first,
            full: &full,
            agent: AGENTS[agent].0,
            agent_first: agent_first(agent),
            reference: &reference,
        };
        let t = topic;

        let mut subject = None;
        let mut body_html = None;
        let mut from_address = None;
        let mut to_address = None;
        let mut author = None;
        let mut body = String::with_capacity(400);
        let direction;
        match kind {
            Kind::Note => {
                direction = "internal";
                author = Some(agent);
                let k = 1 + r.below(2);
                sentences(&mut body, &mut r, words::NOTES[t], k, &facts, &v);
                if r.pct(40) {
                    sentences(&mut body, &mut r, words::NOTES_GENERIC, 1, &facts, &v);
                }
            }
            Kind::Email => {
                let p = person.as_ref().expect("emails have a contact");
                let addr = p.email.clone().unwrap_or_default();
                let incoming = r.pct(55);
                direction = if incoming { "incoming" } else { "outgoing" };
                subject = Some(match (&title, &core) {
                    (Some(title), Some(_)) => match (incoming, r.below(10)) {
                        (true, 0..=3) => title.clone(),
                        (true, 4..=7) => format!("Re: {title} [{reference}]"),
                        (true, _) => format!("RE: [{reference}] {title}"),
                        (false, 0..=5) => format!("[{reference}] {title}"),
                        (false, _) => format!("Re: {title} [{reference}]"),
                    },
                    _ => {
                        let mut s = String::new();
                        if !incoming {
                            s.push_str("Re: ");
                        }
                        let start = s.len();
                        fill(&mut s, r.pick(words::TITLES[t]), &facts, &v);
                        let mut rest = s.split_off(start);
                        capitalise(&mut rest);
                        s.push_str(&rest);
                        s
                    }
                });
                let mut mail = Mail::default();
                if incoming {
                    from_address = Some(addr.clone());
                    to_address = Some(SUPPORT_ADDRESS.to_string());
                    mail.greeting = r.pick(words::GREETINGS_IN).to_string();
                    let k = 1 + r.below(4);
                    sentences(&mut mail.para1, &mut r, words::CUSTOMER[t], k, &facts, &v);
                    if r.pct(35) {
                        sentences(
                            &mut mail.para2,
                            &mut r,
                            words::CUSTOMER_GENERIC,
                            1,
                            &facts,
                            &v,
                        );
                    }
                    if !full.is_empty() {
                        fill(&mut mail.signoff, r.pick(words::SIGNOFFS_IN), &facts, &v);
                    } else {
                        mail.signoff.push_str("Thanks");
                    }
                    if r.pct(10) {
                        mail.signoff.push_str("\n\nSent from my phone");
                    }
                } else {
                    author = Some(agent);
                    from_address = Some(SUPPORT_ADDRESS.to_string());
                    to_address = Some(addr.clone());
                    mail.greeting = match (p.first.as_deref(), r.below(3)) {
                        (Some(f), 0) => format!("Hi {f},"),
                        (Some(f), 1) => format!("Hello {f},"),
                        (Some(_), _) => format!("Dear {full},"),
                        (None, _) if !full.is_empty() => format!("Dear {full},"),
                        (None, _) => "Hello,".to_string(),
                    };
                    if r.pct(45) {
                        sentences(
                            &mut mail.para1,
                            &mut r,
                            &words::AGENT_GENERIC[..2],
                            1,
                            &facts,
                            &v,
                        );
                    }
                    let k = 1 + r.below(3);
                    sentences(&mut mail.para1, &mut r, words::AGENT[t], k, &facts, &v);
                    if r.pct(35) {
                        sentences(
                            &mut mail.para2,
                            &mut r,
                            &words::AGENT_GENERIC[2..],
                            1,
                            &facts,
                            &v,
                        );
                    }
                    fill(&mut mail.signoff, r.pick(words::SIGNOFFS_OUT), &facts, &v);
                }
                if core.is_some() && r.pct(15) {
                    let earlier = occurred_at - secs(r.range(HOUR, 48 * HOUR));
                    let when = working_time(&mut r, earlier, earlier - secs(DAY), occurred_at);
                    let mut q = String::new();
                    if incoming {
                        let _ = write!(
                            mail.quote_header,
                            "On {}, {SUPPORT_NAME} <{SUPPORT_ADDRESS}> wrote:",
                            when.format("%a, %-d %b %Y at %H:%M")
                        );
                        sentences(&mut q, &mut r, words::AGENT[t], 1, &facts, &v);
                    } else {
                        let who = if full.is_empty() {
                            addr.clone()
                        } else {
                            format!("{full} <{addr}>")
                        };
                        let _ = write!(
                            mail.quote_header,
                            "On {}, {who} wrote:",
                            when.format("%a, %-d %b %Y at %H:%M")
                        );
                        let k = 1 + r.below(2);
                        sentences(&mut q, &mut r, words::CUSTOMER[t], k, &facts, &v);
                    }
                    mail.quote = q;
                }
                mail.text(&mut body);
                if r.pct(35) {
                    body_html = Some(mail.html());
                }
            }
            Kind::Call => {
                let p = person.as_ref().expect("calls have a contact");
                let number = p.any_phone().unwrap_or_default().to_string();
                let incoming = r.pct(60);
                let minutes = 1 + r.below(25);
                author = Some(agent);
                if incoming {
                    direction = "incoming";
                    from_address = Some(number);
                    to_address = Some(SUPPORT_PHONE_E164.to_string());
                    let _ = write!(body, "Inbound call, {minutes} min. ");
                    sentences(&mut body, &mut r, words::SUMMARY[t], 1, &facts, &v);
                    sentences(&mut body, &mut r, words::NOTES[t], 1, &facts, &v);
                } else {
                    direction = "outgoing";
                    from_address = Some(SUPPORT_PHONE_E164.to_string());
                    to_address = Some(number);
                    if r.pct(30) {
                        body.push_str(r.pick(&[
                            "Outbound call, no answer. Left voicemail.",
                            "Outbound call, no answer.",
                            "Tried to call back, number busy.",
                        ]));
                    } else {
                        let _ = write!(body, "Outbound call, {minutes} min. ");
                        let k = 1 + r.below(2);
                        sentences(&mut body, &mut r, words::NOTES[t], k, &facts, &v);
                    }
                }
            }
            Kind::Sms => {
                let p = person.as_ref().expect("SMS have a contact");
                let number = p.mobile.as_ref().map(|m| m.1.clone()).unwrap_or_default();
                if r.pct(40) {
                    direction = "incoming";
                    from_address = Some(number);
                    to_address = Some(SUPPORT_PHONE_E164.to_string());
                    body.push_str(r.pick(words::SMS_IN));
                } else {
                    direction = "outgoing";
                    author = Some(agent);
                    from_address = Some(SUPPORT_PHONE_E164.to_string());
                    to_address = Some(number);
                    let tpl = r.pick(words::SMS_OUT);
                    let first_or_there = if first.is_empty() { "there" } else { first };
                    let v2 = Voices {
                        first: first_or_there,
                        ..v
                    };
                    fill(&mut body, tpl, &facts, &v2);
                }
            }
            Kind::Chat => {
                let p = person.as_ref().expect("chats have a contact");
                if r.pct(60) {
                    direction = "incoming";
                    from_address = p.email.clone();
                    let k = 1 + r.below(2);
                    sentences(&mut body, &mut r, words::CUSTOMER[t], k, &facts, &v);
                } else {
                    direction = "outgoing";
                    author = Some(agent);
                    to_address = p.email.clone();
                    if !first.is_empty() && r.pct(50) {
                        fill(&mut body, r.pick(words::CHAT_OPENERS_OUT), &facts, &v);
                    }
                    sentences(&mut body, &mut r, words::AGENT[t], 1, &facts, &v);
                }
            }
        }

        GenComm {
            kind: match kind {
                Kind::Email => "email",
                Kind::Note => "note",
                Kind::Call => "call",
                Kind::Sms => "sms",
                Kind::Chat => "chat",
            },
            direction,
            subject,
            body_text: body,
            body_html,
            from_address,
            to_address,
            work_item_index: core.as_ref().map(|(w, _)| *w),
            contact_index,
            author_agent_index: author,
            occurred_at,
        }
    }
}

/// An email's parts, rendered as text and optionally as simple, escaped HTML.
#[derive(Default)]
struct Mail {
    greeting: String,
    para1: String,
    para2: String,
    signoff: String,
    quote_header: String,
    quote: String,
}

impl Mail {
    fn text(&self, out: &mut String) {
        out.push_str(&self.greeting);
        out.push_str("\n\n");
        out.push_str(&self.para1);
        if !self.para2.is_empty() {
            out.push_str("\n\n");
            out.push_str(&self.para2);
        }
        out.push_str("\n\n");
        out.push_str(&self.signoff);
        if !self.quote_header.is_empty() {
            out.push_str("\n\n");
            out.push_str(&self.quote_header);
            out.push_str("\n> ");
            out.push_str(&self.quote);
        }
    }

    fn html(&self) -> String {
        let mut h = String::with_capacity(600);
        h.push_str("<p>");
        escape_html(&mut h, &self.greeting);
        h.push_str("</p><p>");
        escape_html(&mut h, &self.para1);
        h.push_str("</p>");
        if !self.para2.is_empty() {
            h.push_str("<p>");
            escape_html(&mut h, &self.para2);
            h.push_str("</p>");
        }
        h.push_str("<p>");
        for (j, line) in self.signoff.split('\n').enumerate() {
            if j > 0 {
                h.push_str("<br>");
            }
            escape_html(&mut h, line);
        }
        h.push_str("</p>");
        if !self.quote_header.is_empty() {
            h.push_str("<p>");
            escape_html(&mut h, &self.quote_header);
            h.push_str("</p><blockquote>");
            escape_html(&mut h, &self.quote);
            h.push_str("</blockquote>");
        }
        h
    }
}

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
