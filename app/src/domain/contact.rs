//! Contact fields and the rules that make them valid (SPEC §3.1).
//!
//! [`ContactInput::check`] runs in the browser (WebAssembly) and again on the server: the agent
//! sees a problem next to the field before any round trip, and the server never trusts the
//! browser. Rules that need large data tables — phone-number metadata and the IANA time-zone
//! database — run only on the server, in [`ContactInput::validate`] (feature `ssr`).
//!
//! Decisions where the SPEC is silent:
//! - Every field is trimmed (Unicode white space) before any rule runs; a value that is empty
//!   after trimming counts as "not given". Lengths count characters (Unicode scalar values),
//!   not bytes, after trimming.
//! - Refused everywhere: control characters (`char::is_control`: NUL, tab, CR, LF, DEL, C1…),
//!   the bidirectional override/isolate characters (U+202A–U+202E, U+2066–U+2069, which make a
//!   stored value display differently from what it is) and the Unicode line/paragraph
//!   separators (U+2028, U+2029). The address is the only multi-line field: it may contain line
//!   feeds; a CR LF pair (what browsers submit from a `<textarea>`) is normalised to LF, and a
//!   lone CR is refused.
//! - Names are permissive: any script, apostrophes, hyphens, dots, digits.
//! - Email: parsed by `email_address` (RFC 5322 `addr-spec`) with [`email_options`]: the field
//!   holds a bare address only (no `Name <addr>` display form), no `[IP]` domain literals, and
//!   the domain needs at least two labels (`example.com`, not `localhost`). Quoted local parts
//!   and non-ASCII (EAI) addresses are accepted because the parser accepts them. The address is
//!   stored as typed (trimmed) and compared through [`email_key`].
//! - Phones: `check()` does a cheap portable pre-check ([`phone_problem`]); the server turns the
//!   number into E.164 with the tenant's default region. Extensions (`x12`, `ext. 12`, `#`) are
//!   refused with a clear message: E.164 has no extension, so two contacts differing only by
//!   extension would match as the same number; the agent can put the extension in a note.
//! - Time zone: `check()` only checks the characters; the server accepts any IANA name in any
//!   letter case and stores its canonical spelling (`europe/london` → `Europe/London`).
//! - Preferred channels: blank entries are ignored (a form may submit an empty value);
//!   duplicates are removed and the list is stored sorted.

use email_address::{EmailAddress, Options};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::model::ContactFields;
use crate::model::{Channel, Contact, FieldError, PhoneValue, Priority};

/// Field keys used in `FieldError.field` and by the page: exactly the [`ContactInput`] field
/// names, in the order errors are reported.
pub const FIELD_KEYS: &[&str] = &[
    "first_name",
    "last_name",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "time_zone",
    "email",
    "phone",
    "mobile",
    "fax",
    "account_identifier",
    "priority",
    "preferred_channels",
];

/// Shown on `first_name` when no name, email or phone number was given.
pub const MSG_NEED_NAME_EMAIL_OR_PHONE: &str = "Give at least a name, an email or a phone number";
/// Shown when a field contains a control (or other invisible formatting) character.
pub const MSG_CONTROL_CHARACTER: &str = "Contains a control character";
/// Shown when a phone number carries an extension.
pub const MSG_PHONE_EXTENSION: &str =
    "Extensions are not supported: enter the number without the extension (add it in a note)";

/// The most characters a field may hold (after trimming), by field key. `None` for the keys
/// that are choices rather than free text (`priority`, `preferred_channels`) and unknown keys.
pub fn max_chars(field: &str) -> Option<usize> {
    Some(match field {
        "first_name" | "last_name" | "city" | "state" | "country" => 100,
        "address" => 300,
        "postal_code" => 20,
        "time_zone" => 64,
        "email" => 254,
        "phone" | "mobile" | "fax" => 40,
        "account_identifier" => 64,
        _ => return None,
    })
}

/// What the agent typed, as form strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    pub first_name: String,
    pub last_name: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
    pub time_zone: String,
    pub email: String,
    pub phone: String,
    pub mobile: String,
    pub fax: String,
    pub account_identifier: String,
    /// "low" | "normal" | "high" | "urgent" (case-insensitive); empty = normal.
    pub priority: String,
    /// Each "email" | "chat" | "voice" | "sms" (case-insensitive).
    pub preferred_channels: Vec<String>,
}

/// The contact's local time at a given instant, for display next to their details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalTime {
    /// 24-hour "HH:MM".
    pub time: String,
    /// English weekday name, e.g. "Monday".
    pub weekday: String,
    /// Local time minus UTC, in seconds (3600 for BST).
    pub offset_seconds: i32,
    /// The zone's abbreviation at that instant ("GMT", "BST", "EST"; some zones only have a
    /// numeric one such as "+04").
    pub abbreviation: String,
}

impl LocalTime {
    /// "UTC+01:00", "UTC-05:00", "UTC+05:30", "UTC±00:00".
    pub fn offset_label(&self) -> String {
        let sign = match self.offset_seconds {
            0 => '±',
            s if s < 0 => '-',
            _ => '+',
        };
        let abs = self.offset_seconds.unsigned_abs();
        format!("UTC{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
    }
}

impl ContactInput {
    /// Fills the form from a stored contact (phones show the typed form; the account shows its
    /// identifier).
    pub fn from_contact(c: &Contact) -> Self {
        let f = &c.fields;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let typed =
            |v: &Option<PhoneValue>| v.as_ref().map(|p| p.typed.clone()).unwrap_or_default();
        ContactInput {
            first_name: text(&f.first_name),
            last_name: text(&f.last_name),
            address: text(&f.address),
            city: text(&f.city),
            state: text(&f.state),
            postal_code: text(&f.postal_code),
            country: text(&f.country),
            time_zone: text(&f.time_zone),
            email: text(&f.email),
            phone: typed(&f.phone),
            mobile: typed(&f.mobile),
            fax: typed(&f.fax),
            account_identifier: c
                .account
                .as_ref()
                .map(|a| a.identifier.clone())
                .or_else(|| f.account_identifier.clone())
                .unwrap_or_default(),
            priority: f.priority.as_str().to_string(),
            preferred_channels: f
                .preferred_channels
                .iter()
                .map(|ch| ch.as_str().to_string())
                .collect(),
        }
    }

    /// The value of a free-text field by key (`None` for `preferred_channels` and unknown keys).
    pub fn get(&self, field: &str) -> Option<&str> {
        Some(match field {
            "first_name" => &self.first_name,
            "last_name" => &self.last_name,
            "address" => &self.address,
            "city" => &self.city,
            "state" => &self.state,
            "postal_code" => &self.postal_code,
            "country" => &self.country,
            "time_zone" => &self.time_zone,
            "email" => &self.email,
            "phone" => &self.phone,
            "mobile" => &self.mobile,
            "fax" => &self.fax,
            "account_identifier" => &self.account_identifier,
            "priority" => &self.priority,
            _ => return None,
        })
    }

    /// Sets a free-text field by key (e.g. from a CSV column). Returns false for
    /// `preferred_channels` (a list) and unknown keys.
    pub fn set(&mut self, field: &str, value: impl Into<String>) -> bool {
        let slot = match field {
            "first_name" => &mut self.first_name,
            "last_name" => &mut self.last_name,
            "address" => &mut self.address,
            "city" => &mut self.city,
            "state" => &mut self.state,
            "postal_code" => &mut self.postal_code,
            "country" => &mut self.country,
            "time_zone" => &mut self.time_zone,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            "mobile" => &mut self.mobile,
            "fax" => &mut self.fax,
            "account_identifier" => &mut self.account_identifier,
            "priority" => &mut self.priority,
            _ => return false,
        };
        *slot = value.into();
        true
    }

    /// The rules that run in the browser AND on the server (same code). Returns every problem
    /// found, one per field at most, in [`FIELD_KEYS`] order.
    pub fn check(&self) -> Vec<FieldError> {
        let address = normalise_line_breaks(&self.address);
        let first_name = self.first_name.trim();
        let problems: [(&str, Option<String>); 15] = [
            (
                "first_name",
                text_problem("first_name", first_name, false).or_else(|| {
                    (!self.has_name_email_or_phone())
                        .then(|| MSG_NEED_NAME_EMAIL_OR_PHONE.to_string())
                }),
            ),
            ("last_name", self.plain_problem("last_name")),
            ("address", text_problem("address", address.trim(), true)),
            ("city", self.plain_problem("city")),
            ("state", self.plain_problem("state")),
            ("postal_code", self.plain_problem("postal_code")),
            ("country", self.plain_problem("country")),
            ("time_zone", optional(&self.time_zone, time_zone_problem)),
            ("email", optional(&self.email, email_problem)),
            ("phone", optional(&self.phone, phone_problem)),
            ("mobile", optional(&self.mobile, phone_problem)),
            ("fax", optional(&self.fax, phone_problem)),
            (
                "account_identifier",
                self.plain_problem("account_identifier"),
            ),
            (
                "priority",
                parse_priority(&self.priority)
                    .is_none()
                    .then(|| "Choose low, normal, high or urgent".to_string()),
            ),
            (
                "preferred_channels",
                parse_channels(&self.preferred_channels)
                    .is_none()
                    .then(|| "Choose only email, chat, voice or SMS".to_string()),
            ),
        ];
        problems
            .into_iter()
            .filter_map(|(field, problem)| problem.map(|message| FieldError::new(field, message)))
            .collect()
    }

    /// Server only: [`check`](Self::check) plus the rules that need large data tables: phone
    /// numbers normalised to E.164 with the tenant's default region (ISO 3166 alpha-2, e.g.
    /// "GB"), and the time zone must be an IANA name (any letter case; the canonical spelling
    /// is stored). `Ok` gives the normalised fields: trimmed strings, empty → `None`, address
    /// line breaks as LF, email kept as typed (trimmed), phones as typed (trimmed) plus E.164,
    /// priority parsed (empty → Normal), channels parsed, sorted, deduplicated.
    #[cfg(feature = "ssr")]
    pub fn validate(&self, default_region: &str) -> Result<ContactFields, Vec<FieldError>> {
        let mut errors = self.check();
        let phone = server_phone("phone", &self.phone, default_region, &mut errors);
        let mobile = server_phone("mobile", &self.mobile, default_region, &mut errors);
        let fax = server_phone("fax", &self.fax, default_region, &mut errors);
        let time_zone = match non_empty(&self.time_zone) {
            Some(_) if has_error(&errors, "time_zone") => None,
            Some(typed) => match super::timezone::canonical_time_zone(&typed) {
                Some(canonical) => Some(canonical.to_string()),
                None => {
                    errors.push(FieldError::new(
                        "time_zone",
                        "Not a known time zone: pick one from the list (e.g. Europe/London)",
                    ));
                    None
                }
            },
            None => None,
        };
        if !errors.is_empty() {
            // Stable sort: keeps one error per field in FIELD_KEYS order.
            errors.sort_by_key(|e| field_rank(&e.field));
            return Err(errors);
        }
        Ok(ContactFields {
            first_name: non_empty(&self.first_name),
            last_name: non_empty(&self.last_name),
            address: non_empty(&normalise_line_breaks(&self.address)),
            city: non_empty(&self.city),
            state: non_empty(&self.state),
            postal_code: non_empty(&self.postal_code),
            country: non_empty(&self.country),
            time_zone,
            email: non_empty(&self.email),
            phone,
            mobile,
            fax,
            account_identifier: non_empty(&self.account_identifier),
            // check() passed, so both parse; the defaults are never used.
            priority: parse_priority(&self.priority).unwrap_or_default(),
            preferred_channels: parse_channels(&self.preferred_channels).unwrap_or_default(),
        })
    }

    fn has_name_email_or_phone(&self) -> bool {
        [
            &self.first_name,
            &self.last_name,
            &self.email,
            &self.phone,
            &self.mobile,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
    }

    /// Length and control-character rules for a single-line free-text field.
    fn plain_problem(&self, field: &str) -> Option<String> {
        text_problem(field, self.get(field).unwrap_or_default().trim(), false)
    }
}

/// Server only: the verdict on one field whose rules need large data tables, for the page to
/// show beside the field while the agent types. Phones answer their E.164 form, time zones
/// their canonical IANA name; anything else is not checked this way.
#[cfg(feature = "ssr")]
pub fn check_field_on_server(
    field: &str,
    value: &str,
    default_region: &str,
) -> Result<String, String> {
    let value = value.trim();
    if let Some(limit) = max_chars(field)
        && value.chars().count() > limit
    {
        return Err(format!("At most {limit} characters"));
    }
    match field {
        "phone" | "mobile" | "fax" => {
            if let Some(problem) = phone_problem(value) {
                return Err(problem);
            }
            super::phone::normalise_phone(value, default_region)
        }
        "time_zone" => {
            if let Some(problem) = time_zone_problem(value) {
                return Err(problem);
            }
            super::timezone::canonical_time_zone(value)
                .map(str::to_string)
                .ok_or_else(|| {
                    "Not a known time zone: pick one from the list (e.g. Europe/London)".to_string()
                })
        }
        _ => Err("This field is checked when you save".to_string()),
    }
}

/// The form of a name or city used for filtering and sorting: trimmed and lower-cased with
/// Unicode rules (so "Élodie" and "ÉLODIE" agree), computed here so both engines use the same.
pub fn sort_key(text: Option<&str>) -> String {
    text.map(|t| t.trim().to_lowercase()).unwrap_or_default()
}

/// Lower-cased form of an email used for case-insensitive comparison and uniqueness (the
/// whole address, trimmed; Unicode lower-casing so non-ASCII addresses compare too).
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The `email_address` options for a contact's email field: no display name (`Jane <j@x.com>`
/// is refused: the field holds an address only), no domain literal (`j@[10.0.0.1]` is not a
/// customer's mailbox) and at least two domain labels (`j@localhost` is refused).
pub fn email_options() -> Options {
    Options::default()
        .without_display_text()
        .without_domain_literal()
        .with_required_tld()
}

/// Why an email address is refused, or `None` when it is acceptable. Trims first; an empty
/// value is a problem here (callers treat an empty optional field as "not given").
pub fn email_problem(typed: &str) -> Option<String> {
    let email = typed.trim();
    if email.is_empty() {
        return Some("Enter an email address".into());
    }
    if let Some(problem) = text_problem("email", email, false) {
        return Some(problem);
    }
    use email_address::Error as E;
    let why = match EmailAddress::parse_with_options(email, email_options()) {
        Ok(_) => return None,
        Err(E::UnsupportedDisplayName | E::MissingDisplayName | E::MissingEndBracket) => {
            return Some("Enter the address only, without a name or < >".into());
        }
        Err(E::MissingSeparator) => "the @ is missing",
        Err(E::LocalPartEmpty) => "nothing before the @",
        Err(E::LocalPartTooLong) => "the part before the @ is too long",
        Err(E::DomainEmpty) => "nothing after the @",
        Err(E::DomainTooFew) => "the domain needs a dot, like example.com",
        Err(E::UnsupportedDomainLiteral) => "use a domain name, not an IP address",
        Err(E::UnbalancedQuotes) => "unbalanced quotes",
        Err(E::DomainTooLong | E::SubDomainTooLong) => "the domain is too long",
        Err(E::SubDomainEmpty | E::DomainInvalidSeparator) => "misplaced dot in the domain",
        Err(_) => return Some("Not a valid email address".into()),
    };
    Some(format!("Not a valid email address: {why}"))
}

/// The cheap, portable phone-number pre-check shared by browser and server: no control
/// characters, at most 40 characters, only digits, spaces and `+ ( ) - . /`, a `+` only at
/// the start, at least 3 digits. Trims first; an empty value is a problem here. The real
/// verdict (E.164, region rules) is `domain::phone::normalise_phone` on the server.
pub fn phone_problem(typed: &str) -> Option<String> {
    let phone = typed.trim();
    if phone.is_empty() {
        return Some("Enter a phone number".into());
    }
    if let Some(problem) = text_problem("phone", phone, false) {
        return Some(problem);
    }
    let lower = phone.to_lowercase();
    if lower.contains('x') || lower.contains('#') || lower.contains("ext") {
        return Some(MSG_PHONE_EXTENSION.into());
    }
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '.' | '/'))
    {
        return Some("Use only digits, spaces and + ( ) - . /".into());
    }
    if phone.chars().skip(1).any(|c| c == '+') {
        return Some("A + can only come first".into());
    }
    if phone.chars().filter(char::is_ascii_digit).count() < 3 {
        return Some("Too few digits for a phone number".into());
    }
    None
}

/// The portable time-zone pre-check: IANA names use only ASCII letters, digits and `/ _ - +`.
/// Whether the zone exists is decided on the server. Trims first; empty is a problem here.
pub fn time_zone_problem(typed: &str) -> Option<String> {
    let tz = typed.trim();
    if tz.is_empty() {
        return Some("Pick a time zone".into());
    }
    if let Some(problem) = text_problem("time_zone", tz, false) {
        return Some(problem);
    }
    if !tz
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
    {
        return Some("Not a time zone name: pick one from the list (e.g. Europe/London)".into());
    }
    None
}

/// Empty (after trimming) → `Normal`; otherwise one of the four names in any letter case.
pub fn parse_priority(typed: &str) -> Option<Priority> {
    if typed.trim().is_empty() {
        Some(Priority::Normal)
    } else {
        Priority::parse(typed)
    }
}

/// Parses the chosen channels, ignoring blank entries; sorted and deduplicated. `None` if any
/// entry is not a channel.
pub fn parse_channels(typed: &[String]) -> Option<Vec<Channel>> {
    let mut channels = typed
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Channel::parse(s))
        .collect::<Option<Vec<_>>>()?;
    channels.sort();
    channels.dedup();
    Some(channels)
}

/// True for characters refused in every field: control characters, bidi overrides/isolates
/// and the Unicode line/paragraph separators.
pub(crate) fn is_refused_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// Control-character and length rules for an already-trimmed value.
fn text_problem(field: &str, value: &str, multiline: bool) -> Option<String> {
    if value
        .chars()
        .any(|c| is_refused_char(c) && !(multiline && c == '\n'))
    {
        return Some(MSG_CONTROL_CHARACTER.into());
    }
    let max = max_chars(field)?;
    (value.chars().count() > max).then(|| format!("At most {max} characters"))
}

/// Runs `rule` only when the field was given.
fn optional(typed: &str, rule: fn(&str) -> Option<String>) -> Option<String> {
    if typed.trim().is_empty() {
        None
    } else {
        rule(typed)
    }
}

/// Browsers submit `<textarea>` line breaks as CR LF; store LF.
fn normalise_line_breaks(s: &str) -> String {
    s.replace("\r\n", "\n")
}

#[cfg(feature = "ssr")]
fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(feature = "ssr")]
fn field_rank(field: &str) -> usize {
    FIELD_KEYS
        .iter()
        .position(|k| *k == field)
        .unwrap_or(FIELD_KEYS.len())
}

#[cfg(feature = "ssr")]
fn has_error(errors: &[FieldError], field: &str) -> bool {
    errors.iter().any(|e| e.field == field)
}

/// Normalises one phone field on the server, recording a problem in `errors`.
#[cfg(feature = "ssr")]
fn server_phone(
    field: &str,
    typed: &str,
    default_region: &str,
    errors: &mut Vec<FieldError>,
) -> Option<PhoneValue> {
    let typed = typed.trim();
    if typed.is_empty() || has_error(errors, field) {
        return None;
    }
    match super::phone::normalise_phone(typed, default_region) {
        Ok(e164) => Some(PhoneValue {
            typed: typed.to_string(),
            e164,
        }),
        Err(message) => {
            errors.push(FieldError::new(field, message));
            None
        }
    }
}

#[cfg(test)]
#[path = "contact_tests.rs"]
mod tests;
