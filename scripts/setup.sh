#!/usr/bin/env bash
# Installs every tool `make run` and `make test` need, only when missing.
# Safe to run repeatedly; each step checks first. See ../shared/TOOLCHAIN.md for why each pin.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
BINARYEN_VERSION=132.0.0

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '[setup] %s\n' "$*"; }

need_apt_update=1
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not available; please install: $*"; return 1
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ "$need_apt_update" -eq 1 ]; then $sudo apt-get update -qq; need_apt_update=0; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Without --locked on purpose: its lockfile pins a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Debian's binaryen (v108) produces wasm that fails to hydrate; use npm's.
if [ -x /usr/bin/wasm-opt ] && /usr/bin/wasm-opt --version 2>/dev/null | grep -q 'version 1[01][0-9]'; then
  log "removing Debian's old binaryen (its wasm-opt breaks hydration)"
  local_sudo=""; [ "$(id -u)" -ne 0 ] && local_sudo="sudo"
  $local_sudo apt-get remove -y -qq binaryen || true
fi
if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
  npm install -g --no-fund --no-audit "binaryen@$BINARYEN_VERSION"
fi

if [ "${SETUP_BROWSER:-1}" = "1" ] && [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium for the end-to-end tests"
  apt_install chromium
fi

if [ "${SETUP_BROWSER:-1}" = "1" ] && [ -f end2end/package.json ] && [ ! -d end2end/node_modules/@playwright/test ]; then
  log "installing Playwright (no browser download; Debian chromium is used)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-fund --no-audit)
fi

log "tools ready"
