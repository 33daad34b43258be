//! Tests of the seed generator (`generate/`).
use super::*;
use crate::seed::words::COUNTRIES;
use chrono::TimeZone;
use std::collections::HashSet;

fn config(seed: u64) -> SeedConfig {
    SeedConfig {
        seed,
        contacts: 1_000_000,
        work_items: 2_000_000,
        comms: 5_000_000,
        accounts: 50_000,
        now: Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap(),
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    local_ok && domain_ok && !domain.contains('@')
}

#[test]
fn the_same_seed_and_index_give_identical_output() {
    let a = config(7);
    let b = config(7);
    for i in [0u64, 1, 17, 999, 123_456, 999_999] {
        assert_eq!(a.account(i % a.accounts), b.account(i % b.accounts));
        assert_eq!(a.contact(i), b.contact(i));
        assert_eq!(a.work_item(i), b.work_item(i));
        assert_eq!(a.comm(i), b.comm(i));
    }
    // Order of generation does not matter.
    let forward: Vec<_> = (0..50).map(|i| a.comm(i)).collect();
    let backward: Vec<_> = (0..50).rev().map(|i| a.comm(i)).collect();
    assert!(forward.iter().eq(backward.iter().rev()));
}

#[test]
fn different_seeds_give_different_data() {
    let a = config(1);
    let b = config(2);
    let differ = (0..100).filter(|i| a.contact(*i) != b.contact(*i)).count();
    assert!(differ >= 95, "only {differ} of 100 contacts differ");
    let differ = (0..100)
        .filter(|i| a.work_item(*i) != b.work_item(*i))
        .count();
    assert!(differ >= 95);
    let differ = (0..100).filter(|i| a.comm(*i) != b.comm(*i)).count();
    assert!(differ >= 95);
}

#[test]
fn the_emails_of_the_first_20000_contacts_are_unique_and_plausible() {
    let cfg = config(42);
    let mut seen = HashSet::new();
    let mut with_email = 0;
    for i in 0..20_000 {
        if let Some(e) = cfg.contact(i).email {
            assert!(plausible_email(&e), "implausible email {e}");
            assert!(seen.insert(e.to_lowercase()), "duplicate email {e}");
            with_email += 1;
        }
    }
    assert!(with_email > 17_000, "{with_email}");
}

#[test]
fn phone_numbers_are_e164_and_the_typed_form_ends_with_the_national_number() {
    let cfg = config(3);
    let mut count = 0;
    for i in 0..10_000 {
        let c = cfg.contact(i);
        let country = c.country.as_deref();
        for (typed, e164) in [
            (&c.phone_typed, &c.phone_e164),
            (&c.mobile_typed, &c.mobile_e164),
        ] {
            assert_eq!(typed.is_some(), e164.is_some());
            let (Some(typed), Some(e164)) = (typed, e164) else {
                continue;
            };
            count += 1;
            let rest = e164.strip_prefix('+').expect("E.164 starts with +");
            assert!(
                (8..=15).contains(&rest.len())
                    && rest.chars().all(|c| c.is_ascii_digit())
                    && !rest.starts_with('0'),
                "{e164} is not E.164"
            );
            let cc = COUNTRIES
                .iter()
                .find(|k| rest.starts_with(k.calling_code) && country.is_none_or(|n| n == k.name))
                .map(|k| k.calling_code)
                .unwrap_or_else(|| panic!("no country for {e164}"));
            let nsn = &rest[cc.len()..];
            let typed_digits = digits(typed);
            if typed.starts_with('+') {
                assert_eq!(typed_digits, rest, "{typed} vs {e164}");
            } else {
                assert!(
                    typed_digits.ends_with(nsn),
                    "{typed} does not end with {nsn} ({e164})"
                );
            }
        }
    }
    assert!(count > 7_500, "{count}");
}

#[test]
fn every_state_appears_among_the_first_10000_work_items() {
    let cfg = config(5);
    let mut states = HashSet::new();
    let mut running = 0;
    let mut kinds = HashSet::new();
    for i in 0..10_000 {
        let w = cfg.work_item(i);
        states.insert(w.state);
        kinds.insert(w.kind);
        if ["draft", "to_do", "in_progress", "waiting"].contains(&w.state) {
            running += 1;
        }
        assert_eq!(w.state == "waiting", w.waiting_reason.is_some());
        assert_eq!(w.kind, WORK_ITEM_TYPES[w.type_index].1);
        assert!(w.queue_index < QUEUES.len());
        assert!(w.assignee_index.is_none_or(|a| a < AGENTS.len()));
        assert!(!w.title.is_empty() && !w.title.contains('{'), "{}", w.title);
        assert!(
            !w.description.is_empty() && !w.description.contains('{'),
            "{}",
            w.description
        );
        assert_eq!(w.number, FIRST_WORK_ITEM_NUMBER + i);
    }
    for s in STATES {
        assert!(states.contains(s), "state {s} missing");
    }
    assert!(kinds.contains("ticket") && kinds.contains("case"));
    assert!((5_000..6_000).contains(&running), "{running} running");
}

#[test]
fn time_zones_come_from_a_known_good_list() {
    const KNOWN: &[&str] = &[
        "Europe/London",
        "Europe/Dublin",
        "Europe/Berlin",
        "Europe/Paris",
        "Europe/Madrid",
        "Europe/Amsterdam",
        "Europe/Rome",
        "Europe/Warsaw",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Detroit",
        "Pacific/Honolulu",
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "Australia/Sydney",
        "Australia/Melbourne",
        "Australia/Brisbane",
        "Australia/Perth",
        "Australia/Adelaide",
        "Asia/Kolkata",
        "America/Sao_Paulo",
        "America/Bahia",
        "America/Recife",
        "Africa/Lagos",
        "Asia/Dubai",
        "Asia/Tokyo",
    ];
    let cfg = config(9);
    let mut seen = HashSet::new();
    for i in 0..10_000 {
        let c = cfg.contact(i);
        if let Some(tz) = c.time_zone {
            assert!(KNOWN.contains(&tz.as_str()), "unknown zone {tz}");
            seen.insert(tz);
        }
    }
    assert!(seen.len() > 20);
}

#[test]
fn contact_and_work_item_indices_are_in_range_and_consistent() {
    let mut cfg = config(11);
    cfg.contacts = 3_000;
    cfg.work_items = 7_000;
    cfg.accounts = 150;
    for i in 0..cfg.work_items {
        let w = cfg.work_item(i);
        assert!(w.created_at <= cfg.now);
        assert!(
            w.due_at.is_none_or(|d| d > w.created_at),
            "item {i} due before it was created"
        );
        let mut seen = HashSet::new();
        for (c, tags) in &w.contact_indices {
            assert!(*c < cfg.contacts);
            assert!(seen.insert(*c), "contact {c} twice on item {i}");
            assert!(!tags.is_empty());
        }
        if w.state != "draft" {
            assert!(
                w.contact_indices
                    .iter()
                    .any(|(_, t)| t.contains("primary") && t.contains("requester"))
            );
        }
    }
    for i in 0..cfg.contacts {
        assert!(
            cfg.contact(i)
                .account_index
                .is_none_or(|a| a < cfg.accounts)
        );
    }
    for i in 0..8_000 {
        let m = cfg.comm(i);
        assert!(m.work_item_index.is_some() || m.contact_index.is_some());
        assert!(m.contact_index.is_none_or(|c| c < cfg.contacts));
        assert!(m.occurred_at <= cfg.now);
        if let Some(w) = m.work_item_index {
            assert!(w < cfg.work_items);
            let item = cfg.work_item(w);
            if let Some(c) = m.contact_index {
                assert!(
                    item.contact_indices.iter().any(|(x, _)| *x == c),
                    "comm {i} contact not on item"
                );
            }
            assert!(m.occurred_at >= item.created_at);
        }
        if m.kind == "email" {
            let email = cfg.contact(m.contact_index.unwrap()).email.unwrap();
            let (from, to) = (m.from_address.unwrap(), m.to_address.unwrap());
            match m.direction {
                "incoming" => assert!(from == email && to == SUPPORT_ADDRESS),
                "outgoing" => assert!(from == SUPPORT_ADDRESS && to == email),
                d => panic!("email direction {d}"),
            }
        }
        if m.kind == "note" {
            assert_eq!(m.direction, "internal");
            assert!(m.author_agent_index.is_some());
        }
        assert!(
            !m.body_text.is_empty() && !m.body_text.contains('{'),
            "{}",
            m.body_text
        );
    }
}

#[test]
fn the_heavy_contact_gets_its_share() {
    let cfg = config(13);
    for i in [0, HEAVY_EVERY_WORK_ITEMS, 7 * HEAVY_EVERY_WORK_ITEMS] {
        assert_eq!(cfg.work_item(i).contact_indices[0].0, HEAVY_CONTACT);
    }
    let comms = (0..5_000)
        .filter(|i| cfg.comm(*i).contact_index == Some(HEAVY_CONTACT))
        .count();
    assert!(comms >= 10, "{comms}");
}

#[test]
fn generating_10000_of_each_kind_does_not_panic() {
    let mut cfg = config(17);
    cfg.contacts = 10_000;
    cfg.work_items = 10_000;
    cfg.comms = 10_000;
    cfg.accounts = 500;
    let mut accounts = HashSet::new();
    for i in 0..cfg.accounts {
        assert!(accounts.insert(cfg.account(i).identifier.to_lowercase()));
    }
    let mut kinds = HashSet::new();
    for i in 0..10_000 {
        let _ = cfg.contact(i);
        let _ = cfg.work_item(i);
        kinds.insert(cfg.comm(i).kind);
    }
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    // Tiny and empty configurations work too.
    let tiny = SeedConfig {
        contacts: 1,
        work_items: 1,
        comms: 3,
        accounts: 0,
        ..cfg.clone()
    };
    for i in 0..3 {
        let _ = tiny.contact(i);
        let _ = tiny.work_item(i);
        let _ = tiny.comm(i);
    }
    let no_contacts = SeedConfig {
        contacts: 0,
        work_items: 5,
        comms: 5,
        accounts: 0,
        ..cfg
    };
    for i in 0..5 {
        assert!(no_contacts.work_item(i).contact_indices.is_empty());
        assert_eq!(no_contacts.comm(i).kind, "note");
    }
}
