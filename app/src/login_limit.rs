//! Login rate limiting (SPEC §4 Security): failed sign-ins are counted per account (the email
//! typed, whether or not it exists, so the limit reveals nothing) and per client address over a
//! sliding window. Once either has reached its limit, sign-in is refused before the password
//! is checked, with the time left, until the oldest failure leaves the window.
//!
//! Counts live in the server process. One process serves a tenant's agents on one machine
//! (SQLite); several PostgreSQL-backed nodes each count their own share, which multiplies an
//! attacker's budget by the node count at most — acceptable next to Argon2id's cost, and it
//! keeps a burst of bad sign-ins from writing to the database.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed sign-ins one account may have in [`WINDOW`].
pub const ACCOUNT_LIMIT: usize = 10;
/// Failed sign-ins one client address may have in [`WINDOW`]. Higher than the account limit:
/// a contact centre's agents often share one address (NAT), and one agent's typos must not
/// lock out the floor.
pub const ADDRESS_LIMIT: usize = 30;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys kept before old ones are swept (bounds memory under a spray of made-up emails).
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

impl LoginLimiter {
    pub fn new() -> LoginLimiter {
        LoginLimiter::default()
    }

    /// `None` when a sign-in for `email` from `address` may be tried now; otherwise how long
    /// until it may.
    pub fn blocked_for(
        &self,
        email: &str,
        address: Option<&str>,
        now: Instant,
    ) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = wait_for(&mut failures, &account_key(email), ACCOUNT_LIMIT, now);
        if let Some(address) = address {
            let by_address = wait_for(&mut failures, &address_key(address), ADDRESS_LIMIT, now);
            wait = wait.max(by_address);
        }
        wait
    }

    pub fn record_failure(&self, email: &str, address: Option<&str>, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= SWEEP_AT {
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < WINDOW)
            });
        }
        failures
            .entry(account_key(email))
            .or_default()
            .push_back(now);
        if let Some(address) = address {
            failures
                .entry(address_key(address))
                .or_default()
                .push_back(now);
        }
    }

    /// A successful sign-in clears the account's count (not the address's).
    pub fn record_success(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&account_key(email));
    }
}

/// Drops failures older than the window; when `limit` remain, the time until the oldest leaves.
fn wait_for(
    failures: &mut HashMap<String, VecDeque<Instant>>,
    key: &str,
    limit: usize,
    now: Instant,
) -> Option<Duration> {
    let times = failures.get_mut(key)?;
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
    if times.len() < limit {
        return None;
    }
    let oldest = *times.get(times.len() - limit)?;
    Some(WINDOW.saturating_sub(now.duration_since(oldest)))
}

/// "Too many failed sign-ins …" with the wait in whole minutes (at least one).
pub fn refusal_message(wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("Too many failed sign-ins. Try again in {minutes} {unit}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_attempt_on_an_account_is_refused_until_the_window_passes() {
        let limiter = LoginLimiter::new();
        let start = Instant::now();
        for i in 0..ACCOUNT_LIMIT {
            assert_eq!(
                limiter.blocked_for("A@x.test", None, start),
                None,
                "attempt {i}"
            );
            limiter.record_failure("a@x.test", None, start);
        }
        let wait = limiter.blocked_for(" a@X.test", None, start).unwrap();
        assert_eq!(wait, WINDOW);
        assert_eq!(
            refusal_message(wait),
            "Too many failed sign-ins. Try again in 15 minutes."
        );
        assert!(
            limiter
                .blocked_for("a@x.test", None, start + WINDOW - Duration::from_secs(1))
                .is_some()
        );
        assert_eq!(limiter.blocked_for("a@x.test", None, start + WINDOW), None);
        assert_eq!(limiter.blocked_for("b@x.test", None, start), None);
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let limiter = LoginLimiter::new();
        let now = Instant::now();
        for i in 0..ADDRESS_LIMIT {
            limiter.record_failure(&format!("user{i}@x.test"), Some("10.0.0.1"), now);
        }
        assert!(
            limiter
                .blocked_for("new@x.test", Some("10.0.0.1"), now)
                .is_some()
        );
        assert_eq!(
            limiter.blocked_for("new@x.test", Some("10.0.0.2"), now),
            None
        );
    }

    #[test]
    fn success_clears_the_account() {
        let limiter = LoginLimiter::new();
        let now = Instant::now();
        for _ in 0..ACCOUNT_LIMIT - 1 {
            limiter.record_failure("a@x.test", None, now);
        }
        limiter.record_success("a@x.test");
        limiter.record_failure("a@x.test", None, now);
        assert_eq!(limiter.blocked_for("a@x.test", None, now), None);
    }

    #[test]
    fn the_message_rounds_up_to_whole_minutes() {
        assert_eq!(
            refusal_message(Duration::from_secs(61)),
            "Too many failed sign-ins. Try again in 2 minutes."
        );
        assert_eq!(
            refusal_message(Duration::from_secs(5)),
            "Too many failed sign-ins. Try again in 1 minute."
        );
    }
}
