#!/usr/bin/env bash
# Starts a freshly built server on a random port with its own temporary SQLite file and
# known test users, runs Playwright against it in headless Debian Chromium, stops the server.
# Outgoing email goes to a local SMTP sink (`server smtp-sink`) whose outbox directory the
# tests read (E2E_OUTBOX).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Debian's chromium is missing; installing it (no browser is ever downloaded)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if [ ! -d end2end/node_modules/@playwright/test ]; then
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-fund --no-audit)
fi

bin=./target/release/server
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export DATABASE_URL="sqlite://$tmp/e2e.db"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
# Read by `serve` and by `server inbound-token` (a test runs it for the inbound token).
export SESSION_SECRET="e2e-session-secret-0123456789abcdef0123"
server_pid=""
sink_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# Known users for the tests (passwords are test-only).
$bin create-tenant --slug e2e --name "E2E Contact Centre" >/dev/null
$bin create-user --tenant e2e --email admin@e2e.test --password 'e2e-admin-password' --role admin --name "Erin Admin" >/dev/null
$bin create-user --tenant e2e --email agent1@e2e.test --password 'e2e-agent-password' --role agent --name "Alex Agent" >/dev/null
$bin create-user --tenant e2e --email agent2@e2e.test --password 'e2e-agent-password' --role agent --name "Bo Agent" >/dev/null
$bin seed --tenant e2e --contacts 120 --work-items 240 --comms 600 --seed 7 >/dev/null

# The SMTP sink on a port it picks itself; its first line on stdout names the address.
outbox="$tmp/outbox"
$bin smtp-sink --listen 127.0.0.1:0 --dir "$outbox" >"$tmp/smtp-sink.out" &
sink_pid=$!
sink_addr=""
for _ in $(seq 1 100); do
  sink_addr=$(sed -n 's/^smtp-sink listening on //p' "$tmp/smtp-sink.out" | head -n 1)
  [ -n "$sink_addr" ] && break
  sleep 0.1
done
if [ -z "$sink_addr" ]; then
  echo "the SMTP sink did not start" >&2
  exit 1
fi
export SMTP_URL="smtp://$sink_addr"
export E2E_OUTBOX="$outbox"

$bin serve --listen "127.0.0.1:$port" &
server_pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null

export E2E_BASE_URL="http://127.0.0.1:$port"
# Tests add their own fixtures through the CLI (same database: DATABASE_URL above).
export SERVER_BIN="$PWD/target/release/server"
(cd end2end && npx playwright test "$@")
