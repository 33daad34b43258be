//! Contacts: who they are (name, email, phone numbers) and where they live.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::random::{Rand, secs};
use super::text::{fill_template, first_letter, fold_into};
use super::{
    CHANNEL_SETS, GenContact, HOUR, PERSONAL_DOMAINS, PHONE_DEFAULT_REGION, S_CONTACT,
    S_CONTACT_REST, SPAN_SECS, SeedConfig,
};
use crate::seed::words::{self, AddrStyle, COUNTRIES, CULTURES, Country, PhoneStyle};

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
pub(super) struct Person {
    shape: Shape,
    country: usize,
    city: usize,
    pub(super) first: Option<String>,
    last: Option<String>,
    pub(super) email: Option<String>,
    phone: Option<(String, String)>,
    pub(super) mobile: Option<(String, String)>,
    account: Option<u64>,
    pub(super) created_at: DateTime<Utc>,
}

impl Person {
    pub(super) fn full_name(&self) -> String {
        match (&self.first, &self.last) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(f), None) => f.clone(),
            (None, Some(l)) => l.clone(),
            (None, None) => String::new(),
        }
    }
    /// What a message's greeting or sign-off calls them.
    pub(super) fn first_or_last(&self) -> &str {
        self.first.as_deref().or(self.last.as_deref()).unwrap_or("")
    }
    /// The number calls and SMS use (mobile preferred), E.164.
    pub(super) fn any_phone(&self) -> Option<&str> {
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
    pub(super) fn start(&self) -> DateTime<Utc> {
        self.now - secs(SPAN_SECS)
    }

    /// How many contacts exist at `t` (at least 1 when there are contacts at all).
    pub(super) fn contacts_at(&self, t: DateTime<Utc>) -> u64 {
        if self.contacts == 0 {
            return 0;
        }
        let frac = ((t - self.start()).num_seconds() as f64 / SPAN_SECS as f64).clamp(0.0, 1.0);
        ((self.contacts as f64 * frac) as u64).clamp(1, self.contacts)
    }

    /// A contact for a new work item or message among the first `cmax`: mostly uniform, with
    /// one contact in 50 a "regular" who gets several times the average share.
    pub(super) fn pick_contact(&self, r: &mut Rand, cmax: u64) -> u64 {
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

    pub(super) fn person(&self, i: u64) -> Person {
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
