//! Date and time text for pages. Written out by hand rather than with chrono's strftime
//! formatter, whose parser would otherwise be compiled into the browser bundle.

use chrono::{DateTime, Datelike, Timelike, Utc};

/// `2026-11-21`
pub fn date(t: DateTime<Utc>) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

/// `2026-11-21 09:05 UTC`
pub fn date_time(t: DateTime<Utc>) -> String {
    format!("{} {:02}:{:02} UTC", date(t), t.hour(), t.minute())
}

/// `2026-11-21 09:05:07 UTC`
pub fn date_time_seconds(t: DateTime<Utc>) -> String {
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        date(t),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `2026-11-21T09:05:07Z`, for `<time datetime>`.
pub fn machine(t: DateTime<Utc>) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(t),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `<time>` for a moment, as every page writes it: the machine form in `datetime`, the
/// readable one inside.
pub fn time_html(t: DateTime<Utc>) -> String {
    format!("<time datetime=\"{}\">{}</time>", machine(t), date_time(t))
}

/// Percent-encodes a query-string value (everything but unreserved characters).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Appends `s` to `out` with the five HTML-special characters escaped (text and attribute
/// values alike).
pub fn escape_html_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `s` with the five HTML-special characters escaped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html_into(&mut out, s);
    out
}

/// `2026-12-01` → that day; anything else → none. Written by hand to keep chrono's format
/// parser out of the browser bundle.
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

/// A size in bytes as people read it: `606 B`, `1.5 KB`, `2.0 MB` (1 KB = 1024 bytes).
pub fn byte_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = KB * 1024;
    const GB: u64 = MB * 1024;
    // Tenths, rounded, in integers: no float formatting.
    let tenths = |unit: u64| (bytes.saturating_mul(10) + unit / 2) / unit;
    let (t, name) = match bytes {
        b if b < KB => return format!("{b} B"),
        b if b < MB => (tenths(KB), "KB"),
        b if b < GB => (tenths(MB), "MB"),
        _ => (tenths(GB), "GB"),
    };
    format!("{}.{} {name}", t / 10, t % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_written_in_utc_with_leading_zeros() {
        let t = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
        assert_eq!(date(t), "2026-03-04");
        assert_eq!(date_time(t), "2026-03-04 05:06 UTC");
        assert_eq!(date_time_seconds(t), "2026-03-04 05:06:07 UTC");
        assert_eq!(machine(t), "2026-03-04T05:06:07Z");
    }

    #[test]
    fn sizes_read_in_the_largest_whole_unit() {
        for (bytes, text) in [
            (0, "0 B"),
            (606, "606 B"),
            (1023, "1023 B"),
            (1024, "1.0 KB"),
            (1536, "1.5 KB"),
            (10 * 1024 * 1024, "10.0 MB"),
            (3 * 1024 * 1024 * 1024, "3.0 GB"),
        ] {
            assert_eq!(byte_size(bytes), text);
        }
    }
}
