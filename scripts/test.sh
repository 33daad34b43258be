#!/usr/bin/env bash
# Runs the whole test suite: Rust unit and integration tests (every store test on SQLite and on
# PostgreSQL), then the Playwright end-to-end tests against a freshly built server.
# Usage: scripts/test.sh [all|rust|e2e]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
what="${1:-all}"

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if [ "${SKIP_POSTGRES:-0}" != "1" ]; then
  host_port="${TEST_DATABASE_URL#*@}"; host_port="${host_port%%/*}"
  host="${host_port%%:*}"; port="${host_port##*:}"; [ "$port" = "$host_port" ] && port=5432
  if ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "PostgreSQL is not reachable at $host:$port (TEST_DATABASE_URL=$TEST_DATABASE_URL)." >&2
    echo "Start it (e.g. 'pg_ctlcluster 15 main start'), point TEST_DATABASE_URL at another server," >&2
    echo "or set SKIP_POSTGRES=1 to run the store tests on SQLite only." >&2
    exit 1
  fi
fi

echo "== building (release: server and WebAssembly) =="
cargo leptos build --release --split

if [ "$what" = "all" ] || [ "$what" = "rust" ]; then
  echo "== cargo test (app, server) =="
  cargo test --release -p app -p server -p insights
fi

if [ "$what" = "all" ] || [ "$what" = "e2e" ]; then
  echo "== end-to-end (Playwright, headless Chromium) =="
  bash end2end/run.sh
fi
