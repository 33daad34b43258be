//! The per-row random generator (see "Determinism and random access" in the module docs) and
//! time helpers.

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{DAY, HOUR};

pub(super) struct Rand(ChaCha8Rng);

impl Rand {
    /// A generator for row `index` of `stream`: the key holds all three values verbatim, so
    /// distinct rows can never share a stream.
    pub(super) fn new(seed: u64, stream: u64, index: u64) -> Rand {
        let mut key = [0u8; 32];
        key[0..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&stream.to_le_bytes());
        key[16..24].copy_from_slice(&index.to_le_bytes());
        key[24..32].copy_from_slice(b"cdseed01");
        Rand(ChaCha8Rng::from_seed(key))
    }
    /// Uniform in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0.gen_range(0..n)
    }
    pub(super) fn below64(&mut self, n: u64) -> u64 {
        self.0.gen_range(0..n)
    }
    /// Uniform in `lo..hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            self.0.gen_range(lo..hi)
        }
    }
    pub(super) fn pct(&mut self, p: u32) -> bool {
        (self.0.next_u32() % 100) < p
    }
    /// Uniform in `[0, 1)`.
    pub(super) fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
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
    pub(super) fn weighted_by<T>(&mut self, items: &[T], w: impl Fn(&T) -> u32) -> usize {
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
    /// `k` distinct indices into a list of `n`, written to `out[..k]`; returns `k` (capped at n).
    pub(super) fn distinct(&mut self, n: usize, k: usize, out: &mut [usize; 8]) -> usize {
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

pub(super) fn secs(s: i64) -> Duration {
    Duration::seconds(s)
}

/// Midnight (UTC) of `t`'s day.
pub(super) fn day_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let s = t.timestamp();
    DateTime::from_timestamp(s - s.rem_euclid(DAY), 0).unwrap_or(t)
}

/// A due time on `day`: office hours, on the hour or half hour.
pub(super) fn due_on(day: DateTime<Utc>, r: &mut Rand) -> DateTime<Utc> {
    day + secs(r.range(9, 18) * HOUR + 1800 * r.range(0, 2))
}

/// How busy each hour of the (UTC ≈ UK) day is: most contact happens in office hours.
const HOUR_WEIGHTS: [u32; 24] = [
    1, 0, 0, 0, 0, 1, 2, 4, 9, 13, 14, 13, 11, 12, 13, 12, 11, 9, 6, 4, 3, 3, 2, 1,
];

/// `t` moved to a likely time of the same day, unless that leaves `lo..=hi`.
pub(super) fn working_time(
    r: &mut Rand,
    t: DateTime<Utc>,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> DateTime<Utc> {
    let moved = day_start(t) + secs(r.weighted(&HOUR_WEIGHTS) as i64 * HOUR + r.range(0, HOUR));
    if moved >= lo && moved <= hi { moved } else { t }
}
