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
    if let Some(limit) = max_chars(field) {
        if value.chars().count() > limit {
            return Err(format!("At most {limit} characters"));
        }
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
fn is_refused_char(c: char) -> bool {
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
mod tests {
    use super::*;
    use crate::model::{Account, ContactFields, ContactId, CreatedVia};
    use proptest::prelude::*;

    /// An input that passes the at-least-one rule through `last_name` unless the case
    /// overwrites it.
    fn with(field: &str, value: &str) -> ContactInput {
        let mut input = ContactInput {
            last_name: "Base".into(),
            ..Default::default()
        };
        assert!(input.set(field, value), "unknown field {field}");
        input
    }

    fn error_on(input: &ContactInput, field: &str) -> Option<String> {
        input
            .check()
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
    }

    /// Runs a table of (field, value, expected message fragment or None for "accepted").
    fn run(table: &[(&str, &str, Option<&str>)]) {
        for (field, value, expected) in table {
            let got = error_on(&with(field, value), field);
            match (expected, &got) {
                (None, None) => {}
                (Some(fragment), Some(message)) if message.contains(fragment) => {}
                _ => panic!("{field} = {value:?}: expected {expected:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn field_keys_are_exactly_the_input_field_names() {
        assert_eq!(FIELD_KEYS.len(), 15);
        let declared = declared_field_order();
        assert_eq!(declared, FIELD_KEYS);
        for key in FIELD_KEYS {
            let settable = *key != "preferred_channels";
            assert_eq!(ContactInput::default().set(key, "x"), settable, "{key}");
        }
    }

    /// The declaration order of the struct fields (which serde also follows),
    /// read from the Debug output, which lists fields in declaration order.
    fn declared_field_order() -> Vec<&'static str> {
        let debug = format!("{:?}", ContactInput::default());
        let mut keys: Vec<(usize, &'static str)> = FIELD_KEYS
            .iter()
            .map(|k| (debug.find(&format!("{k}:")).unwrap_or(usize::MAX), *k))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn a_contact_needs_a_name_an_email_or_a_phone_number() {
        let cases: &[(&str, &str, bool)] = &[
            ("first_name", "Ann", true),
            ("last_name", "Smith", true),
            ("email", "ann@example.com", true),
            ("phone", "020 7946 0958", true),
            ("mobile", "07400 123456", true),
            // A fax number, an address or an account alone does not identify a person.
            ("fax", "020 7946 0959", false),
            ("address", "1 High Street", false),
            ("city", "London", false),
            ("account_identifier", "ACME", false),
            // White space is not a name.
            ("first_name", "   ", false),
            ("email", "\t ", false),
        ];
        for (field, value, ok) in cases {
            let mut input = ContactInput::default();
            input.set(field, *value);
            let got = error_on(&input, "first_name");
            if *ok {
                assert_eq!(got, None, "{field} = {value:?}");
            } else {
                assert_eq!(
                    got.as_deref(),
                    Some(MSG_NEED_NAME_EMAIL_OR_PHONE),
                    "{field} = {value:?}"
                );
            }
        }
        assert_eq!(
            ContactInput::default().check(),
            vec![FieldError::new("first_name", MSG_NEED_NAME_EMAIL_OR_PHONE)]
        );
    }

    #[test]
    fn each_field_accepts_exactly_its_length_limit_and_refuses_one_more() {
        // (field, one character of a value that passes the field's format rule)
        let fills: &[(&str, &str)] = &[
            ("first_name", "é"),
            ("last_name", "李"),
            ("address", "a"),
            ("city", "b"),
            ("state", "c"),
            ("postal_code", "9"),
            ("country", "d"),
            ("time_zone", "Z"),
            ("phone", "1"),
            ("mobile", "2"),
            ("fax", "3"),
            ("account_identifier", "A"),
        ];
        for (field, unit) in fills {
            let max = max_chars(field).expect("limited field");
            let at_limit = unit.repeat(max);
            let over = unit.repeat(max + 1);
            assert_eq!(
                error_on(&with(field, &at_limit), field),
                None,
                "{field} at {max}"
            );
            assert_eq!(
                error_on(&with(field, &over), field),
                Some(format!("At most {max} characters")),
                "{field} at {}",
                max + 1
            );
            // Surrounding white space is trimmed before counting.
            let padded = format!("  {at_limit}\t");
            assert_eq!(
                error_on(&with(field, &padded), field),
                None,
                "{field} padded"
            );
        }
        // Email: 64 + 1 + 189 = 254 characters, every label within the parser's own limits.
        let domain_254 = format!("{}.{}.{}", "a".repeat(63), "b".repeat(63), "c".repeat(61));
        let email_254 = format!("{}@{domain_254}", "l".repeat(64));
        assert_eq!(email_254.chars().count(), 254);
        assert_eq!(error_on(&with("email", &email_254), "email"), None);
        let email_255 = format!("{}@{domain_254}c", "l".repeat(64));
        assert_eq!(
            error_on(&with("email", &email_255), "email").as_deref(),
            Some("At most 254 characters")
        );
    }

    #[test]
    fn the_limits_are_the_ones_in_the_spec() {
        let table = [
            ("first_name", 100),
            ("last_name", 100),
            ("address", 300),
            ("city", 100),
            ("state", 100),
            ("postal_code", 20),
            ("country", 100),
            ("time_zone", 64),
            ("email", 254),
            ("phone", 40),
            ("mobile", 40),
            ("fax", 40),
            ("account_identifier", 64),
        ];
        for (field, max) in table {
            assert_eq!(max_chars(field), Some(max), "{field}");
        }
        assert_eq!(max_chars("priority"), None);
        assert_eq!(max_chars("preferred_channels"), None);
    }

    #[test]
    fn control_characters_are_refused_in_every_text_field() {
        let bad = [
            "a\0b",
            "a\tb",
            "a\rb",
            "a\nb",
            "a\u{7f}b",
            "a\u{85}b",
            "a\u{1b}[31m",
            "a\u{202E}b",
            "a\u{2066}b",
            "a\u{2028}b",
        ];
        for field in FIELD_KEYS
            .iter()
            .filter(|k| !matches!(**k, "address" | "priority" | "preferred_channels"))
        {
            for value in bad {
                // Digits keep the phone pre-check from complaining about too few digits first.
                let value = format!("123{value}");
                assert_eq!(
                    error_on(&with(field, &value), field).as_deref(),
                    Some(MSG_CONTROL_CHARACTER),
                    "{field} = {value:?}"
                );
            }
        }
    }

    #[test]
    fn the_address_may_have_line_breaks_but_no_other_control_characters() {
        run(&[
            ("address", "1 High Street\nLondon", None),
            ("address", "1 High Street\r\nFlat 2\r\nLondon", None),
            (
                "address",
                "1 High Street\rLondon",
                Some(MSG_CONTROL_CHARACTER),
            ),
            (
                "address",
                "1 High Street\tLondon",
                Some(MSG_CONTROL_CHARACTER),
            ),
            ("address", "1 High Street\0", Some(MSG_CONTROL_CHARACTER)),
            (
                "address",
                "1 High Street\u{2028}London",
                Some(MSG_CONTROL_CHARACTER),
            ),
        ]);
        // CR LF counts as one character: 150 lines-worth of "a\r\n" is 300 characters.
        let crlf = "a\r\n".repeat(150);
        assert_eq!(error_on(&with("address", &crlf), "address"), None);
    }

    #[test]
    fn surrounding_white_space_is_trimmed_not_refused() {
        run(&[
            ("first_name", "  Ann  ", None),
            ("email", "  ann@example.com\n", None),
            ("phone", "\t020 7946 0958 ", None),
            ("time_zone", " Europe/London ", None),
            ("priority", " High ", None),
        ]);
    }

    #[test]
    fn names_are_permissive_about_script_and_punctuation() {
        run(&[
            ("first_name", "Anne-Marie", None),
            ("last_name", "O'Brien", None),
            ("last_name", "O’Brien", None),
            ("first_name", "J. R.", None),
            ("last_name", "van der Berg", None),
            ("last_name", "Müller", None),
            ("first_name", "Zoë", None),
            ("last_name", "张伟", None),
            ("first_name", "Мария", None),
            ("last_name", "محمد", None),
            ("first_name", "प्रिया", None),
            // Zero-width joiner is a normal part of some scripts.
            ("first_name", "क्\u{200D}ष", None),
            ("first_name", "Louis XIV", None),
            ("last_name", "Smith 2nd", None),
            ("first_name", "12345", None),
        ]);
    }

    #[test]
    fn email_addresses_are_parsed_not_pattern_matched() {
        run(&[
            ("email", "jane@example.com", None),
            ("email", "Jane.Doe@Example.COM", None),
            ("email", "jane+billing@example.com", None),
            ("email", "jane@mail.eu.example.co.uk", None),
            ("email", "o'brien@example.ie", None),
            ("email", "\"jane doe\"@example.com", None),
            ("email", "\"jane@home\"@example.com", None),
            ("email", "josé@example.com", None),
            ("email", "用户@例子.广告", None),
            ("email", "jane@bücher.de", None),
            ("email", "1234@example.com", None),
            ("email", "jane_doe-99@sub-domain.example.org", None),
            ("email", "jane.example.com", Some("the @ is missing")),
            ("email", "@example.com", Some("nothing before the @")),
            ("email", "jane@", Some("nothing after the @")),
            ("email", "jane@localhost", Some("the domain needs a dot")),
            (
                "email",
                "jane..doe@example.com",
                Some("Not a valid email address"),
            ),
            (
                "email",
                ".jane@example.com",
                Some("Not a valid email address"),
            ),
            (
                "email",
                "jane.@example.com",
                Some("Not a valid email address"),
            ),
            ("email", "jane@example..com", Some("misplaced dot")),
            ("email", "jane@example.com.", Some("misplaced dot")),
            (
                "email",
                "jane@-example.com",
                Some("Not a valid email address"),
            ),
            (
                "email",
                "jane doe@example.com",
                Some("Not a valid email address"),
            ),
            (
                "email",
                "jane@ex ample.com",
                Some("Not a valid email address"),
            ),
            (
                "email",
                "jane@home@example.com",
                Some("Not a valid email address"),
            ),
            ("email", "jane@[192.168.0.1]", Some("not an IP address")),
            (
                "email",
                "Jane Doe <jane@example.com>",
                Some("without a name"),
            ),
            (
                "email",
                "\"Doe, Jane\" <jane@example.com>",
                Some("without a name"),
            ),
            (
                "email",
                "<jane@example.com>",
                Some("Not a valid email address"),
            ),
            (
                "email",
                "jane@example.com,bob@example.com",
                Some("Not a valid email"),
            ),
            (
                "email",
                &format!("{}@example.com", "a".repeat(65)),
                Some("the part before the @ is too long"),
            ),
        ]);
    }

    #[test]
    fn email_keys_compare_case_insensitively_and_ignore_surrounding_space() {
        let cases = [
            ("Jane.Doe@Example.COM", "jane.doe@example.com"),
            ("  jane@example.com ", "jane@example.com"),
            ("ÉLODIE@EXAMPLE.FR", "élodie@example.fr"),
            ("jane+Tag@example.com", "jane+tag@example.com"),
        ];
        for (typed, key) in cases {
            assert_eq!(email_key(typed), key, "{typed}");
        }
        assert_eq!(email_key("A@B.CO"), email_key("a@b.co"));
    }

    #[test]
    fn phone_numbers_get_a_cheap_portable_pre_check() {
        run(&[
            ("phone", "020 7946 0958", None),
            ("phone", "+44 (0)20 7946-0958", None),
            ("phone", "0044 20 7946 0958", None),
            ("mobile", "(212) 555.0199", None),
            ("fax", "030/1234567", None),
            ("phone", "123", None),
            ("phone", "12", Some("Too few digits")),
            ("phone", "+", Some("Too few digits")),
            ("phone", "(--)", Some("Too few digits")),
            ("phone", "0800 FOR PIZZA", Some("Use only digits")),
            (
                "mobile",
                "07400 123456 or 07400 123457",
                Some("Use only digits"),
            ),
            (
                "phone",
                "020 7946 0958 ext 12",
                Some("Extensions are not supported"),
            ),
            (
                "phone",
                "020 7946 0958 x12",
                Some("Extensions are not supported"),
            ),
            (
                "phone",
                "020 7946 0958 X 12",
                Some("Extensions are not supported"),
            ),
            (
                "phone",
                "020 7946 0958#12",
                Some("Extensions are not supported"),
            ),
            ("phone", "44+20 7946 0958", Some("A + can only come first")),
            (
                "phone",
                "++44 20 7946 0958",
                Some("A + can only come first"),
            ),
            ("fax", "٠٢٠٧٩٤٦٠٩٥٨", Some("Use only digits")),
            (
                "phone",
                "020\u{00A0}7946\u{00A0}0958",
                Some("Use only digits"),
            ),
        ]);
    }

    #[test]
    fn time_zones_get_a_character_pre_check() {
        run(&[
            ("time_zone", "Europe/London", None),
            ("time_zone", "America/Argentina/Buenos_Aires", None),
            ("time_zone", "Etc/GMT+5", None),
            ("time_zone", "America/Port-au-Prince", None),
            ("time_zone", "UTC", None),
            // Exists or not is decided on the server.
            ("time_zone", "Mars/Olympus", None),
            (
                "time_zone",
                "Europe/London;DROP",
                Some("Not a time zone name"),
            ),
            ("time_zone", "Europe London", Some("Not a time zone name")),
            ("time_zone", "Europe/Zürich", Some("Not a time zone name")),
        ]);
    }

    #[test]
    fn priority_is_one_of_four_and_empty_means_normal() {
        let cases = [
            ("", Some(Priority::Normal)),
            ("  ", Some(Priority::Normal)),
            ("low", Some(Priority::Low)),
            ("Normal", Some(Priority::Normal)),
            ("HIGH", Some(Priority::High)),
            (" urgent ", Some(Priority::Urgent)),
            ("critical", None),
            ("1", None),
            ("hi", None),
        ];
        for (typed, expected) in cases {
            assert_eq!(parse_priority(typed), expected, "{typed:?}");
            assert_eq!(
                error_on(&with("priority", typed), "priority").is_none(),
                expected.is_some(),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn preferred_channels_must_all_be_known() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let cases: &[(&[&str], Option<Vec<Channel>>)] = &[
            (&[], Some(vec![])),
            (&["email"], Some(vec![Channel::Email])),
            (
                &["sms", "Voice", "EMAIL", "email", " chat "],
                Some(vec![
                    Channel::Email,
                    Channel::Chat,
                    Channel::Voice,
                    Channel::Sms,
                ]),
            ),
            (&["", "sms"], Some(vec![Channel::Sms])),
            (&["fax"], None),
            (&["email", "pigeon"], None),
            (&["email,sms"], None),
        ];
        for (typed, expected) in cases {
            assert_eq!(parse_channels(&s(typed)), *expected, "{typed:?}");
            let input = ContactInput {
                last_name: "Base".into(),
                preferred_channels: s(typed),
                ..Default::default()
            };
            assert_eq!(
                error_on(&input, "preferred_channels").is_none(),
                expected.is_some(),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn every_problem_is_reported_once_per_field_in_field_order() {
        let input = ContactInput {
            first_name: "A\0".into(),
            address: "x".repeat(301),
            email: "not-an-email".into(),
            phone: "ab".into(),
            fax: "1".into(),
            time_zone: "Europe/Lon don".into(),
            priority: "soon".into(),
            preferred_channels: vec!["telegram".into()],
            ..Default::default()
        };
        let fields: Vec<String> = input.check().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "first_name",
                "address",
                "time_zone",
                "email",
                "phone",
                "fax",
                "priority",
                "preferred_channels"
            ]
        );
    }

    #[test]
    fn a_form_filled_from_a_contact_shows_what_was_typed() {
        let when = chrono::DateTime::<chrono::Utc>::from_timestamp(1_700_000_000, 0)
            .expect("valid timestamp");
        let contact = Contact {
            id: ContactId(7),
            fields: ContactFields {
                first_name: Some("Jane".into()),
                last_name: Some("Doe".into()),
                address: Some("1 High St\nLondon".into()),
                time_zone: Some("Europe/London".into()),
                email: Some("Jane@Example.com".into()),
                phone: Some(PhoneValue {
                    typed: "020 7946 0958".into(),
                    e164: "+442079460958".into(),
                }),
                account_identifier: Some("stale".into()),
                priority: Priority::High,
                preferred_channels: vec![Channel::Email, Channel::Sms],
                ..Default::default()
            },
            account: Some(Account {
                id: 1,
                identifier: "ACME-01".into(),
                name: "Acme".into(),
            }),
            created_via: CreatedVia::Manual,
            created_at: when,
            created_by: None,
            updated_at: when,
            updated_by: None,
            version: 1,
        };
        let input = ContactInput::from_contact(&contact);
        assert_eq!(input.first_name, "Jane");
        assert_eq!(input.address, "1 High St\nLondon");
        assert_eq!(input.email, "Jane@Example.com");
        assert_eq!(input.phone, "020 7946 0958");
        assert_eq!(input.mobile, "");
        assert_eq!(input.account_identifier, "ACME-01");
        assert_eq!(input.priority, "high");
        assert_eq!(input.preferred_channels, ["email", "sms"]);
        assert_eq!(input.check(), vec![]);

        let without_account = Contact {
            account: None,
            ..contact
        };
        assert_eq!(
            ContactInput::from_contact(&without_account).account_identifier,
            "stale"
        );
    }

    #[test]
    fn a_local_time_offset_reads_as_utc_plus_or_minus() {
        let lt = |s| LocalTime {
            time: "12:00".into(),
            weekday: "Monday".into(),
            offset_seconds: s,
            abbreviation: String::new(),
        };
        assert_eq!(lt(0).offset_label(), "UTC±00:00");
        assert_eq!(lt(3600).offset_label(), "UTC+01:00");
        assert_eq!(lt(-18000).offset_label(), "UTC-05:00");
        assert_eq!(lt(19800).offset_label(), "UTC+05:30");
        assert_eq!(lt(-9000).offset_label(), "UTC-02:30");
    }

    #[cfg(feature = "ssr")]
    mod server {
        use super::*;

        #[test]
        fn validation_returns_trimmed_normalised_fields() {
            let input = ContactInput {
                first_name: "  Jane ".into(),
                last_name: "".into(),
                address: " 1 High St\r\nLondon\r\n".into(),
                city: "   ".into(),
                time_zone: "europe/london".into(),
                email: " Jane.Doe@Example.com ".into(),
                phone: " 020 7946 0958 ".into(),
                mobile: "+1 (212) 555-0199".into(),
                account_identifier: " ACME-01 ".into(),
                priority: "".into(),
                preferred_channels: vec!["sms".into(), "Email".into(), "sms".into()],
                ..Default::default()
            };
            let fields = input.validate("GB").expect("valid");
            assert_eq!(fields.first_name.as_deref(), Some("Jane"));
            assert_eq!(fields.last_name, None);
            assert_eq!(fields.address.as_deref(), Some("1 High St\nLondon"));
            assert_eq!(fields.city, None);
            assert_eq!(fields.time_zone.as_deref(), Some("Europe/London"));
            assert_eq!(fields.email.as_deref(), Some("Jane.Doe@Example.com"));
            assert_eq!(
                fields.phone,
                Some(PhoneValue {
                    typed: "020 7946 0958".into(),
                    e164: "+442079460958".into()
                })
            );
            assert_eq!(
                fields.mobile.map(|p| p.e164).as_deref(),
                Some("+12125550199")
            );
            assert_eq!(fields.fax, None);
            assert_eq!(fields.account_identifier.as_deref(), Some("ACME-01"));
            assert_eq!(fields.priority, Priority::Normal);
            assert_eq!(fields.preferred_channels, [Channel::Email, Channel::Sms]);
        }

        #[test]
        fn a_phone_without_country_code_uses_the_tenant_region() {
            let input = ContactInput {
                phone: "(212) 555-0199".into(),
                ..Default::default()
            };
            let us = input.validate("US").expect("valid in US");
            assert_eq!(us.phone.map(|p| p.e164).as_deref(), Some("+12125550199"));
            let gb = input.validate("GB").expect_err("not a GB number");
            assert_eq!(gb.len(), 1);
            assert_eq!(gb[0].field, "phone");
            assert!(
                gb[0].message.starts_with("Not a valid phone number"),
                "{gb:?}"
            );
        }

        #[test]
        fn server_errors_join_portable_ones_in_field_order() {
            let input = ContactInput {
                first_name: "Jane".into(),
                time_zone: "Mars/Olympus".into(),
                email: "nope".into(),
                phone: "020 7946".into(),
                mobile: "12".into(),
                fax: "+999 123 456 789".into(),
                ..Default::default()
            };
            let errors = input.validate("GB").expect_err("invalid");
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["time_zone", "email", "phone", "mobile", "fax"]);
            assert!(errors[0].message.contains("Not a known time zone"));
            // The portable message wins; the server does not add a second one.
            assert_eq!(errors[3].message, "Too few digits for a phone number");
        }

        #[test]
        fn an_unknown_default_region_still_accepts_international_numbers() {
            let input = ContactInput {
                phone: "+44 20 7946 0958".into(),
                mobile: "07400 123456".into(),
                ..Default::default()
            };
            let errors = input.validate("").expect_err("mobile lacks a country code");
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].field, "mobile");
            assert!(errors[0].message.contains("country code"), "{errors:?}");
        }
    }

    proptest! {
        #[test]
        fn check_never_panics_on_arbitrary_text(
            values in prop::collection::vec(any::<String>(), 14),
            channels in prop::collection::vec(any::<String>(), 0..5),
        ) {
            let mut input = ContactInput { preferred_channels: channels, ..Default::default() };
            for (key, value) in FIELD_KEYS.iter().zip(values) {
                input.set(key, value);
            }
            let errors = input.check();
            // One error per field at most, in FIELD_KEYS order.
            let ranks: Vec<usize> = errors
                .iter()
                .map(|e| FIELD_KEYS.iter().position(|k| *k == e.field).unwrap_or(usize::MAX))
                .collect();
            prop_assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{:?}", errors);
            #[cfg(feature = "ssr")]
            {
                let _ = input.validate("GB");
            }
        }

        #[test]
        fn check_never_panics_on_phone_like_text(
            phone in "[0-9 +()./xX#-]{0,45}",
            email in "[a-z@.\"<> ]{0,20}",
        ) {
            let input = ContactInput { phone, email, ..Default::default() };
            let _ = input.check();
            #[cfg(feature = "ssr")]
            {
                let _ = input.validate("GB");
                let _ = input.validate("US");
            }
        }
    }
}
