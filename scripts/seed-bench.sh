#!/usr/bin/env bash
# Seeds a full-size tenant (1,000,000 contacts, 2,000,000 work items, 5,000,000 communications
# by default) on SQLite and on PostgreSQL and prints the rates. Not part of `make test`.
# Usage: scripts/seed-bench.sh [contacts] [work-items] [comms]
set -euo pipefail
cd "$(dirname "$0")/.."
contacts="${1:-1000000}"; work_items="${2:-2000000}"; comms="${3:-5000000}"
bin=./target/release/server
dir="${BENCH_DIR:-data/bench}"
mkdir -p "$dir"
pg_base="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"

echo "== SQLite ($dir/bench.db) =="
rm -f "$dir"/bench.db*
$bin --database-url "sqlite://$dir/bench.db" seed --tenant bench --contacts "$contacts" --work-items "$work_items" --comms "$comms" --seed 1
ls -la "$dir"/bench.db*

echo "== PostgreSQL ($pg_base/callerdesk_bench) =="
psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS callerdesk_bench WITH (FORCE)" >/dev/null
$bin --database-url "$pg_base/callerdesk_bench" seed --tenant bench --contacts "$contacts" --work-items "$work_items" --comms "$comms" --seed 1
psql "$pg_base/callerdesk_bench" -Atc "SELECT pg_size_pretty(pg_database_size('callerdesk_bench'))"
