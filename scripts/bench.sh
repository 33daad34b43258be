#!/usr/bin/env bash
# `make bench`: at 1,000,000 contacts (2M work items, 5M communications) on SQLite and on
# PostgreSQL — Quickfind against the naive LIKE search; the heavy contact's page render and
# communications search against the same reads without indexes — and the tables in
# docs/benchmarks.md. BENCH_ONLY="quickfind" or "contact" runs one part.
# The first run seeds both databases (about 25 minutes each on 2 cores); later runs reuse them.
# Usage: scripts/bench.sh [contacts]   (BENCH_ENGINES="sqlite postgres" to choose engines)
set -euo pipefail
cd "$(dirname "$0")/.."
contacts="${1:-1000000}"
engines="${BENCH_ENGINES:-sqlite postgres}"
dir="${BENCH_DIR:-data/bench}"
pg_base="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
bin=./target/release/server
mkdir -p "$dir"
[ -x "$bin" ] || cargo build --release -p server --bin server

only="${BENCH_ONLY:-quickfind contact}"
results="$dir/quickfind-$contacts.jsonl"
contact_results="$dir/contact-$contacts.jsonl"
: > "$contact_results"
[[ " $only " == *" quickfind "* ]] && : > "$results"
for engine in $engines; do
  case "$engine" in
    sqlite) url="sqlite://$dir/quickfind-$contacts.db" ;;
    postgres) url="$pg_base/callerdesk_bench_$contacts" ;;
    *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac
  if [[ " $only " == *" quickfind "* ]]; then
    log="$dir/quickfind-$engine-$contacts.log"
    echo "== quickfind, $engine: $url (log: $log) =="
    $bin --database-url "$url" --log-level warn bench quickfind --contacts "$contacts" --tenant bench | tee "$log"
    tail -n 1 "$log" >> "$results"
  fi
  if [[ " $only " == *" contact "* ]]; then
    for bench in contact-page contact-comms-search; do
      log="$dir/$bench-$engine-$contacts.log"
      echo "== $bench, $engine (log: $log) =="
      $bin --database-url "$url" --log-level warn bench "$bench" --contacts "$contacts" --tenant bench | tee "$log"
      tail -n 1 "$log" >> "$contact_results"
    done
  fi
done
[[ " $only " == *" quickfind "* ]] && python3 scripts/bench_table.py "$results" "$dir" "$contacts"
[[ " $only " == *" contact "* ]] && python3 scripts/contact_bench_table.py "$contact_results"
true
