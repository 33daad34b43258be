//! Tests of the contact field rules (`contact.rs`).
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
    let when =
        chrono::DateTime::<chrono::Utc>::from_timestamp(1_700_000_000, 0).expect("valid timestamp");
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
