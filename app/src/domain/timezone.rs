//! Time zones (SPEC §3.1), server only: the IANA database from `chrono-tz`.
//!
//! Decision: names are matched case-insensitively (`europe/london` is accepted) and the
//! canonical IANA spelling is what gets stored and shown ([`canonical_time_zone`]). `chrono-tz`
//! parses exact names only unless built with its `case-insensitive` feature, which pulls in
//! extra build dependencies; a scan of the ~600 names is cheap, so it is done here instead.
//! Every name `chrono-tz` knows is accepted, including backward-compatible links such as
//! `US/Eastern`, `GB` and `Etc/GMT+5`, because stored data and imports use them.

use chrono::{DateTime, Offset, Utc};
use chrono_tz::{OffsetName, TZ_VARIANTS, Tz};

pub use crate::domain::contact::LocalTime;

/// The canonical IANA spelling of a zone name given in any letter case (surrounding white
/// space ignored), or `None` if there is no such zone.
pub fn canonical_time_zone(name: &str) -> Option<&'static str> {
    parse_time_zone(name).map(Tz::name)
}

/// The zone for a name in any letter case.
pub fn parse_time_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if name.is_empty() || name.len() > 64 {
        return None;
    }
    name.parse::<Tz>().ok().or_else(|| {
        TZ_VARIANTS
            .iter()
            .copied()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
    })
}

/// Whether `name` is an IANA time-zone name (exact, or in another letter case: see
/// [`canonical_time_zone`] for the spelling to store).
pub fn is_valid_time_zone(name: &str) -> bool {
    parse_time_zone(name).is_some()
}

/// Every zone name, sorted, for a picker list.
pub fn time_zone_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    names.sort_unstable();
    names
}

/// The contact's local time at `now` in zone `name` (any letter case); `None` for an unknown
/// zone.
pub fn local_time(name: &str, now: DateTime<Utc>) -> Option<LocalTime> {
    let tz = parse_time_zone(name)?;
    let local = now.with_timezone(&tz);
    let offset = local.offset();
    let offset_seconds = offset.fix().local_minus_utc();
    let abbreviation = match offset.abbreviation() {
        Some(abbreviation) if !abbreviation.is_empty() => abbreviation.to_string(),
        _ => offset.fix().to_string(),
    };
    Some(LocalTime {
        time: local.format("%H:%M").to_string(),
        weekday: local.format("%A").to_string(),
        offset_seconds,
        abbreviation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("a real UTC instant")
    }

    #[test]
    fn iana_names_are_accepted_in_any_case_and_stored_canonically() {
        let cases = [
            ("Europe/London", Some("Europe/London")),
            ("America/New_York", Some("America/New_York")),
            ("Asia/Kolkata", Some("Asia/Kolkata")),
            ("Australia/Sydney", Some("Australia/Sydney")),
            (
                "America/Argentina/Buenos_Aires",
                Some("America/Argentina/Buenos_Aires"),
            ),
            ("America/Port-au-Prince", Some("America/Port-au-Prince")),
            ("UTC", Some("UTC")),
            ("Etc/GMT+5", Some("Etc/GMT+5")),
            ("US/Eastern", Some("US/Eastern")),
            ("europe/london", Some("Europe/London")),
            ("AMERICA/NEW_YORK", Some("America/New_York")),
            ("utc", Some("UTC")),
            ("  Europe/London  ", Some("Europe/London")),
            ("Mars/Olympus", None),
            ("Europe/Londres", None),
            ("London", None),
            ("GMT+1", None),
            ("Europe/London ; DROP", None),
            ("", None),
            ("Europe/", None),
        ];
        for (name, expected) in cases {
            assert_eq!(canonical_time_zone(name), expected, "{name:?}");
            assert_eq!(is_valid_time_zone(name), expected.is_some(), "{name:?}");
        }
    }

    #[test]
    fn no_two_zone_names_differ_only_by_case() {
        let names = time_zone_names();
        let mut lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len());
    }

    #[test]
    fn the_picker_list_is_sorted_and_complete() {
        let names = time_zone_names();
        assert_eq!(names.len(), TZ_VARIANTS.len());
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        for name in ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"] {
            assert!(names.contains(&name), "{name}");
        }
        // Every listed name passes the browser's character pre-check and its length limit.
        for name in &names {
            assert_eq!(
                crate::domain::contact::time_zone_problem(name),
                None,
                "{name}"
            );
        }
    }

    #[test]
    fn local_time_follows_daylight_saving() {
        // (zone, UTC instant, time, weekday, offset seconds, abbreviation)
        let cases = [
            (
                "Europe/London",
                at(2024, 1, 15, 14, 5),
                "14:05",
                "Monday",
                0,
                "GMT",
            ),
            (
                "Europe/London",
                at(2024, 7, 15, 14, 5),
                "15:05",
                "Monday",
                3600,
                "BST",
            ),
            (
                "europe/london",
                at(2024, 7, 15, 23, 30),
                "00:30",
                "Tuesday",
                3600,
                "BST",
            ),
            (
                "America/New_York",
                at(2024, 1, 15, 14, 5),
                "09:05",
                "Monday",
                -18000,
                "EST",
            ),
            (
                "America/New_York",
                at(2024, 7, 15, 14, 5),
                "10:05",
                "Monday",
                -14400,
                "EDT",
            ),
            (
                "Asia/Kolkata",
                at(2024, 1, 15, 14, 5),
                "19:35",
                "Monday",
                19800,
                "IST",
            ),
            (
                "Australia/Sydney",
                at(2024, 1, 15, 14, 5),
                "01:05",
                "Tuesday",
                39600,
                "AEDT",
            ),
            ("UTC", at(2024, 2, 29, 0, 0), "00:00", "Thursday", 0, "UTC"),
        ];
        for (zone, now, time, weekday, offset, abbreviation) in cases {
            assert_eq!(
                local_time(zone, now),
                Some(LocalTime {
                    time: time.into(),
                    weekday: weekday.into(),
                    offset_seconds: offset,
                    abbreviation: abbreviation.into(),
                }),
                "{zone} at {now}"
            );
        }
    }

    #[test]
    fn local_time_changes_at_the_clock_change() {
        // UK clocks went forward at 01:00 UTC on 31 March 2024.
        let before = local_time("Europe/London", at(2024, 3, 31, 0, 59)).expect("zone");
        let after = local_time("Europe/London", at(2024, 3, 31, 1, 0)).expect("zone");
        assert_eq!(
            (before.time.as_str(), before.abbreviation.as_str()),
            ("00:59", "GMT")
        );
        assert_eq!(
            (after.time.as_str(), after.abbreviation.as_str()),
            ("02:00", "BST")
        );
    }

    #[test]
    fn zones_without_a_letter_abbreviation_show_a_numeric_one() {
        let lt = local_time("Asia/Dubai", at(2024, 1, 15, 12, 0)).expect("zone");
        assert_eq!(lt.offset_seconds, 4 * 3600);
        assert_eq!(lt.time, "16:00");
        assert!(!lt.abbreviation.is_empty());
        assert!(lt.abbreviation.contains('4'), "{}", lt.abbreviation);
    }

    #[test]
    fn an_unknown_zone_has_no_local_time() {
        for zone in ["Mars/Olympus", "", "Europe/London\0"] {
            assert_eq!(local_time(zone, at(2024, 1, 1, 0, 0)), None, "{zone:?}");
        }
    }
}
