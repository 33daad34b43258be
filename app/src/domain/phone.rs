//! Phone numbers to E.164 (SPEC §3.1), server only.
//!
//! Uses the `phonenumber` crate (a Rust port of Google's libphonenumber with its metadata), so
//! each country's number lengths, national prefixes (the UK's leading 0) and international
//! dialling prefixes (00, 011, 0011…) are known rather than guessed.
//!
//! Decisions:
//! - The typed text first passes the same portable pre-check as the browser
//!   ([`phone_problem`]): digits, spaces and `+ ( ) - . /` only. So letters ("vanity" numbers
//!   such as 0800 FOR PIZZA, which libphonenumber would translate) and extensions are refused
//!   here too; extensions get their own message because E.164 cannot hold one.
//! - A number typed without a country code is read in the tenant's default region (ISO 3166
//!   alpha-2, any letter case). If the region is empty or unknown, only numbers with a country
//!   code (`+44…`, or `00 44…`) are accepted, with a message asking for the country code.
//! - `00` followed by a country code is accepted whatever the region: libphonenumber only
//!   recognises the region's own international prefix (011 in the US, 0011 in Australia), but
//!   agents everywhere type numbers from European business cards. It is tried only when
//!   reading the number in the region fails, so a region's own rules always come first.
//! - A number must be *valid* (`phonenumber::is_valid`: a length and number range in use in
//!   that country), not merely parseable.

use phonenumber::country::{Id, Source};
use phonenumber::metadata::{DATABASE, Metadata};
use phonenumber::{Mode, ParseError, PhoneNumber};

use crate::domain::contact::{MSG_PHONE_EXTENSION, phone_problem};

/// Parses a phone number typed in any common formatting (spaces, dashes, dots, slashes,
/// parentheses, a leading `+` or `00` international prefix) and returns its E.164 form
/// (`"+442079460958"`). Numbers without a country code are read in `default_region`.
/// Extensions and letters are refused. Errors are sentences for the agent, e.g.
/// "Not a valid phone number for GB: too short".
pub fn normalise_phone(typed: &str, default_region: &str) -> Result<String, String> {
    let typed = typed.trim();
    if let Some(problem) = phone_problem(typed) {
        return Err(problem);
    }
    let region = region_id(default_region);
    match e164(typed, region) {
        Ok(number) => Ok(number),
        Err(first) => typed
            .strip_prefix("00")
            .and_then(|rest| e164(&format!("+{rest}"), region).ok())
            .ok_or(first),
    }
}

/// Whether `region` is a region the phone-number metadata knows (`GB`, `us`…).
pub fn known_region(region: &str) -> bool {
    region_id(region).is_some()
}

/// The region as a `phonenumber` country id, if it is one the metadata knows.
fn region_id(region: &str) -> Option<Id> {
    let id: Id = region.trim().to_ascii_uppercase().parse().ok()?;
    // The parser looks the region's metadata up unchecked; only hand it regions that exist.
    DATABASE.by_id(id.as_ref()).map(|_| id)
}

fn e164(typed: &str, region: Option<Id>) -> Result<String, String> {
    let number = phonenumber::parse(region, typed).map_err(|e| parse_message(&e, typed, region))?;
    if number.extension().is_some() {
        return Err(MSG_PHONE_EXTENSION.into());
    }
    if !phonenumber::is_valid(&number) {
        return Err(invalid_message(&number, region));
    }
    Ok(number.format().mode(Mode::E164).to_string())
}

/// " for GB" when the number was read in the default region, "" when it carried its own code.
fn for_region(typed: &str, region: Option<Id>) -> String {
    match region {
        Some(id) if !typed.starts_with('+') && !typed.starts_with("00") => {
            format!(" for {}", id.as_ref())
        }
        _ => String::new(),
    }
}

fn parse_message(error: &ParseError, typed: &str, region: Option<Id>) -> String {
    let has_code = typed.starts_with('+') || typed.starts_with("00");
    let why = match error {
        ParseError::InvalidCountryCode if region.is_none() && !has_code => {
            return "Not a valid phone number: add the country code, e.g. +44 20 7946 0958".into();
        }
        ParseError::InvalidCountryCode => "unknown country code",
        ParseError::NoNumber => "too few digits",
        ParseError::TooShortAfterIdd | ParseError::TooShortNsn => "too short",
        ParseError::TooLong => "too long",
        // All zeros, or more digits than fit: no number like that exists.
        ParseError::MalformedInteger(_) => "no such number in use there",
    };
    format!(
        "Not a valid phone number{}: {why}",
        for_region(typed, region)
    )
}

/// Explains why a parsed number is not valid: its length against the lengths of numbers in
/// use in its country, or else that no such number range exists.
fn invalid_message(number: &PhoneNumber, region: Option<Id>) -> String {
    let code = number.code().value();
    let read_in_region = match (number.code().source(), region) {
        (Source::Default, Some(id)) => Some(id),
        _ => None,
    };
    let place = match read_in_region {
        Some(id) => id.as_ref().to_string(),
        None => format!("+{code}"),
    };
    let meta = read_in_region
        .and_then(|id| DATABASE.by_id(id.as_ref()))
        .or_else(|| number.metadata(&DATABASE))
        .or_else(|| {
            let metas = DATABASE.by_code(&code)?;
            metas
                .iter()
                .find(|m| m.is_main_country_for_code())
                .or(metas.first())
                .copied()
        });
    let digits = number.national().to_string().len();
    let why = match meta.and_then(possible_lengths) {
        Some((min, _)) if digits < min => "too short",
        Some((_, max)) if digits > max => "too long",
        _ => "no such number in use there",
    };
    format!("Not a valid phone number for {place}: {why}")
}

/// Shortest and longest national numbers that can be dialled from abroad in a country. The
/// metadata keeps lengths per number type (the general descriptor's list is often empty);
/// short codes and emergency numbers are left out on purpose.
fn possible_lengths(meta: &Metadata) -> Option<(usize, usize)> {
    let d = meta.descriptors();
    let lengths = [
        Some(d.general()),
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
    .into_iter()
    .flatten()
    .flat_map(|desc| desc.possible_length().iter().copied())
    .map(usize::from);
    lengths.fold(None, |range, n| match range {
        None => Some((n, n)),
        Some((min, max)) => Some((min.min(n), max.max(n))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_in_common_formats_become_e164() {
        // (typed, default region, E.164)
        let cases = [
            // United Kingdom
            ("020 7946 0958", "GB", "+442079460958"),
            ("02079460958", "GB", "+442079460958"),
            ("(020) 7946-0958", "GB", "+442079460958"),
            ("020.7946.0958", "GB", "+442079460958"),
            ("+44 20 7946 0958", "GB", "+442079460958"),
            ("+44 (0)20 7946 0958", "GB", "+442079460958"),
            ("0044 20 7946 0958", "GB", "+442079460958"),
            ("07400 123456", "GB", "+447400123456"),
            ("+447400123456", "US", "+447400123456"),
            // United States
            ("(212) 555-0199", "US", "+12125550199"),
            ("212.555.0199", "US", "+12125550199"),
            ("212-555-0199", "us", "+12125550199"),
            ("1 212 555 0199", "US", "+12125550199"),
            ("+1 212 555 0199", "GB", "+12125550199"),
            ("011 44 20 7946 0958", "US", "+442079460958"),
            // Germany
            ("030 12345678", "DE", "+493012345678"),
            ("030/12345678", "DE", "+493012345678"),
            ("+49 30 12345678", "GB", "+493012345678"),
            ("0049 30 12345678", "FR", "+493012345678"),
            ("0151 23456789", "DE", "+4915123456789"),
            // France
            ("01 23 45 67 89", "FR", "+33123456789"),
            ("06.12.34.56.78", "FR", "+33612345678"),
            ("+33 1 23 45 67 89", "DE", "+33123456789"),
            ("0033 6 12 34 56 78", "GB", "+33612345678"),
            // Australia
            ("(02) 9876 5432", "AU", "+61298765432"),
            ("0412 345 678", "AU", "+61412345678"),
            ("+61 412 345 678", "GB", "+61412345678"),
            ("0011 44 20 7946 0958", "AU", "+442079460958"),
            // India
            ("098765 43210", "IN", "+919876543210"),
            ("98765 43210", "IN", "+919876543210"),
            ("+91 98765 43210", "GB", "+919876543210"),
            ("022 2345 6789", "IN", "+912223456789"),
        ];
        for (typed, region, expected) in cases {
            assert_eq!(
                normalise_phone(typed, region).as_deref(),
                Ok(expected),
                "{typed:?} in {region}"
            );
        }
    }

    #[test]
    fn a_00_prefix_is_international_even_where_the_region_dials_otherwise() {
        for region in ["US", "AU", "JP", "GB", "IN"] {
            assert_eq!(
                normalise_phone("0044 20 7946 0958", region).as_deref(),
                Ok("+442079460958"),
                "{region}"
            );
        }
    }

    #[test]
    fn a_phone_without_country_code_uses_the_tenant_region() {
        // The same digits are a different number in each region.
        let cases = [
            ("0412 345 678", "AU", Ok("+61412345678")),
            ("2125550199", "US", Ok("+12125550199")),
            ("2125550199", "GB", Err(())),
            ("07400 123456", "GB", Ok("+447400123456")),
            ("07400 123456", "US", Err(())),
        ];
        for (typed, region, expected) in cases {
            let got = normalise_phone(typed, region);
            match expected {
                Ok(e164) => assert_eq!(got.as_deref(), Ok(e164), "{typed} in {region}"),
                Err(()) => assert!(got.is_err(), "{typed} in {region}: {got:?}"),
            }
        }
    }

    #[test]
    fn impossible_numbers_are_refused_with_a_clear_message() {
        // (typed, region, exact message)
        let cases = [
            (
                "020 7946",
                "GB",
                "Not a valid phone number for GB: too short",
            ),
            (
                "020 7946 0958 1234",
                "GB",
                "Not a valid phone number for GB: too long",
            ),
            (
                "+44 20 79",
                "US",
                "Not a valid phone number for +44: too short",
            ),
            (
                "+44 20 7946 0958 0000",
                "US",
                "Not a valid phone number for +44: too long",
            ),
            (
                "+999 1234 5678",
                "GB",
                "Not a valid phone number: unknown country code",
            ),
            ("123", "GB", "Not a valid phone number for GB: too short"),
            ("", "GB", "Enter a phone number"),
            ("12", "GB", "Too few digits for a phone number"),
            (
                "0800 FOR PIZZA",
                "GB",
                "Use only digits, spaces and + ( ) - . /",
            ),
            (
                "020 79a6 0958",
                "GB",
                "Use only digits, spaces and + ( ) - . /",
            ),
            ("020 7946 0958 ext. 12", "GB", MSG_PHONE_EXTENSION),
            ("+1 212 555 0199 x 7", "US", MSG_PHONE_EXTENSION),
            ("020 7946 0958\0", "GB", "Contains a control character"),
        ];
        for (typed, region, expected) in cases {
            assert_eq!(
                normalise_phone(typed, region),
                Err(expected.to_string()),
                "{typed:?} in {region}"
            );
        }
    }

    #[test]
    fn messages_never_dump_debug_output() {
        let inputs = [
            "020 7946",
            "+999 1234 5678",
            "000",
            "0000000000000000000",
            "+1 000 000 0000",
            "+44 0",
            "1/2/3/4",
            "(((123)))",
        ];
        for typed in inputs {
            for region in ["GB", "US", "", "ZZ"] {
                if let Err(message) = normalise_phone(typed, region) {
                    assert!(
                        !message.contains('{') && !message.contains("Some(") && !message.is_empty(),
                        "{typed:?} in {region}: {message}"
                    );
                }
            }
        }
    }

    #[test]
    fn without_a_usable_default_region_a_country_code_is_required() {
        for region in ["", "  ", "ZZ", "United Kingdom", "XX"] {
            assert_eq!(
                normalise_phone("020 7946 0958", region),
                Err("Not a valid phone number: add the country code, e.g. +44 20 7946 0958".into()),
                "{region:?}"
            );
            assert_eq!(
                normalise_phone("+44 20 7946 0958", region).as_deref(),
                Ok("+442079460958"),
                "{region:?}"
            );
            assert_eq!(
                normalise_phone("0044 20 7946 0958", region).as_deref(),
                Ok("+442079460958"),
                "{region:?}"
            );
        }
    }

    #[test]
    fn the_region_may_be_typed_in_any_case_with_spaces() {
        for region in ["gb", "Gb", " GB "] {
            assert_eq!(
                normalise_phone("020 7946 0958", region).as_deref(),
                Ok("+442079460958")
            );
        }
    }

    proptest! {
        #[test]
        fn normalising_never_panics(
            typed in "[0-9 +()./-]{0,40}",
            region in prop::sample::select(vec!["GB", "US", "DE", "FR", "AU", "IN", "IT", "", "ZZ", "001"]),
        ) {
            if let Ok(e164) = normalise_phone(&typed, region) {
                prop_assert!(e164.starts_with('+'));
                prop_assert!(e164[1..].chars().all(|c| c.is_ascii_digit()));
                prop_assert!(e164.len() <= 16);
            }
        }

        #[test]
        fn normalising_never_panics_on_any_text(typed in any::<String>()) {
            let _ = normalise_phone(&typed, "GB");
        }
    }
}
