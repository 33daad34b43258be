//! Fuzzing the inbound email path (issue 7): arbitrary bytes and mutated MIME fixtures go
//! through the parser, and a share of the ones it accepts through the whole HTTP endpoint into
//! SQLite. Nothing may panic; every answer must be a stored/duplicate answer or a clear 4xx/503
//! with an `error`, and what is stored must respect the limits (no NUL, bounded text).
//!
//! - `cargo test -p server --test fuzz_inbound` runs a short, fixed-seed round with the tests.
//! - `make fuzz` runs `bounded_fuzz` (ignored otherwise) for `FUZZ_SECONDS` (default 60) with
//!   a fresh seed (or `FUZZ_SEED`), and prints the executions, the share parsed and stored, and
//!   the seed to replay a failure.
//!
//! A hand-rolled mutator (seeded ChaCha) rather than `cargo fuzz`: libFuzzer needs a nightly
//! compiler, which this machine does not have. The mutations are the classic byte-level ones
//! (flip, insert, delete, duplicate, truncate, splice) plus MIME-aware ones (boundaries,
//! encodings, charsets, encoded words, deep nesting, huge headers).

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use http::StatusCode;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use app::intake::MAX_TEXT_CHARS;
use common::TestDb;
use common::intake::{desk, fixture, post_email};
use server::intake::email::parse_email;

const FIXTURES: &[&str] = &[
    "plain.eml",
    "html_only.eml",
    "alternative.eml",
    "attachment.eml",
    "latin1.eml",
    "windows1252.eml",
    "shift_jis.eml",
    "encoded_word.eml",
    "reply_in_reply_to.eml",
    "plus_reference.eml",
    "auto_submitted.eml",
    "dsn.eml",
    "hostile.eml",
    "no_from.eml",
    "not_mime.txt",
];

const SNIPPETS: &[&[u8]] = &[
    b"\r\n",
    b"\r\n\r\n",
    b"--",
    b"Content-Type: multipart/mixed; boundary=\"b\"\r\n",
    b"Content-Type: text/html; charset=\"x-unknown\"\r\n",
    b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n",
    b"=?UTF-8?B?",
    b"=?ISO-2022-JP?Q?=1B$B?=",
    b"?=",
    b"=\r\n",
    b"=FF=FE",
    b"From: \"\\\"\" <@>\r\n",
    b"From: =?utf-8?b?AAAA?= <a@example.com>\r\n",
    b"In-Reply-To: <<<>>>\r\n",
    b"References: <a@b> <c@d> <\r\n",
    b"Message-ID: <\0@x>\r\n",
    b"Date: Thu, 31 Feb 99999 25:61:61 +9999\r\n",
    b"\0",
    b"\xff\xfe\xfd",
    b"<script>alert(1)</script>",
    b"Auto-Submitted: auto-replied\r\n",
    b"To: support+1-T@acme.example, support+99999999999999999999-T@acme.example\r\n",
];

fn mutate(rng: &mut ChaCha8Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let choice = rng.gen_range(0..100);
    if choice < 8 {
        let len = rng.gen_range(0..2048);
        return (0..len).map(|_| rng.r#gen::<u8>()).collect();
    }
    if choice < 12 {
        return deep_nesting(rng.gen_range(1..400));
    }
    let mut data = corpus[rng.gen_range(0..corpus.len())].clone();
    for _ in 0..rng.gen_range(1..8) {
        let len = data.len();
        match rng.gen_range(0..9) {
            0 if len > 0 => {
                let i = rng.gen_range(0..len);
                data[i] ^= 1 << rng.gen_range(0..8);
            }
            1 => {
                let i = rng.gen_range(0..=len);
                data.insert(i, rng.r#gen());
            }
            2 if len > 0 => {
                let i = rng.gen_range(0..len);
                let n = rng.gen_range(1..=(len - i).min(64));
                data.drain(i..i + n);
            }
            3 if len > 0 => {
                let i = rng.gen_range(0..len);
                let n = rng.gen_range(1..=(len - i).min(256));
                let chunk = data[i..i + n].to_vec();
                let at = rng.gen_range(0..=data.len());
                data.splice(at..at, chunk);
            }
            4 if len > 0 => data.truncate(rng.gen_range(0..len)),
            5 => {
                let other = &corpus[rng.gen_range(0..corpus.len())];
                if !other.is_empty() {
                    let from = rng.gen_range(0..other.len());
                    let at = rng.gen_range(0..=data.len());
                    data.splice(at..at, other[from..].iter().copied().take(512));
                }
            }
            6 => {
                let s = SNIPPETS[rng.gen_range(0..SNIPPETS.len())];
                let at = rng.gen_range(0..=data.len());
                data.splice(at..at, s.iter().copied());
            }
            7 => {
                // A very long header line or a very long word.
                let n = rng.gen_range(1000..20_000);
                let mut line = b"X-Long: ".to_vec();
                line.extend(std::iter::repeat_n(b'a', n));
                line.extend_from_slice(b"\r\n");
                data.splice(0..0, line);
            }
            _ => {
                // Swap line endings.
                data = data
                    .iter()
                    .flat_map(|&b| {
                        if b == b'\n' {
                            vec![b'\r', b'\n', b'\r']
                        } else {
                            vec![b]
                        }
                    })
                    .collect();
            }
        }
    }
    data
}

/// A message whose body is `depth` nested multiparts.
fn deep_nesting(depth: usize) -> Vec<u8> {
    let mut m =
        String::from("From: Deep <deep@example.com>\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
    for i in 0..depth {
        m.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        ));
    }
    m.push_str("Content-Type: text/plain\r\n\r\nbottom\r\n");
    for i in (0..depth).rev() {
        m.push_str(&format!("--b{i}--\r\n"));
    }
    m.into_bytes()
}

#[derive(Default, Debug)]
struct Tally {
    executions: u64,
    parsed: u64,
    posted: u64,
    stored: u64,
    refused: u64,
}

/// Runs the fuzzer for `budget` (or `max_execs`) from `seed`; panics on a broken invariant.
async fn run(t: TestDb, seed: u64, budget: Duration, max_execs: u64) -> Tally {
    let d = desk(t, "fuzz").await;
    let corpus: Vec<Vec<u8>> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut tally = Tally::default();
    let start = Instant::now();
    while start.elapsed() < budget && tally.executions < max_execs {
        let input = mutate(&mut rng, &corpus);
        tally.executions += 1;
        let now = Utc::now();
        let parsed = std::panic::catch_unwind(|| parse_email(&input, now));
        let parsed = match parsed {
            Ok(p) => p,
            Err(_) => panic!(
                "parse_email panicked (seed {seed}, execution {}); input: {:?}",
                tally.executions,
                String::from_utf8_lossy(&input)
            ),
        };
        if let Ok(m) = &parsed {
            tally.parsed += 1;
            for text in [
                m.text.as_str(),
                m.subject.as_deref().unwrap_or(""),
                m.key.as_str(),
                m.sender.display.as_str(),
            ] {
                assert!(!text.contains('\0'), "NUL kept (seed {seed})");
            }
            assert!(m.text.chars().count() <= MAX_TEXT_CHARS);
            assert!(!m.key.is_empty() && m.occurred_at <= now);
        }
        // Every fifth parsed message (and some refused ones) goes through HTTP into the store.
        if tally.executions % 5 == 0 {
            tally.posted += 1;
            let (status, json) = post_email(&d, input).await;
            match status {
                StatusCode::CREATED | StatusCode::OK => tally.stored += 1,
                StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE => {
                    tally.refused += 1
                }
                other => panic!("unexpected {other} (seed {seed}): {json}"),
            }
            assert!(
                json["status"].is_string() || json["error"].is_string(),
                "{json}"
            );
        }
    }
    tally
}

/// A short fixed-seed round with every test run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_fuzz_round_finds_no_panic() {
    let tally = run(TestDb::sqlite().await, 7, Duration::from_secs(60), 1500).await;
    assert_eq!(tally.executions, 1500, "{tally:?}");
    assert!(
        tally.parsed > 100 && tally.stored > 10,
        "the round reaches the store: {tally:?}"
    );
}

/// `make fuzz`: FUZZ_SECONDS (default 60) from FUZZ_SEED (default: the clock).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by `make fuzz`"]
async fn bounded_fuzz() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Utc::now().timestamp_micros() as u64);
    println!("fuzz: seed {seed}, {seconds} s");
    let tally = run(
        TestDb::sqlite().await,
        seed,
        Duration::from_secs(seconds),
        u64::MAX,
    )
    .await;
    println!(
        "fuzz: {} executions in {seconds} s ({:.0}/s), {} parsed, {} posted through HTTP ({} stored, {} refused), no panic; seed {seed}",
        tally.executions,
        tally.executions as f64 / seconds.max(1) as f64,
        tally.parsed,
        tally.posted,
        tally.stored,
        tally.refused
    );
}
