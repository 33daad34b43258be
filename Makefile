# Caller Desk. `make run` and `make test` work on a fresh machine: they install what is missing.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
DATABASE_URL ?= sqlite://data/callerdesk.db
LISTEN ?= 127.0.0.1:3000
export DATABASE_URL

.PHONY: setup setup-test build run test test-rust test-e2e seed-bench bench fuzz fmt lint clean-data

# Tools for building and serving; the test targets also install Chromium and Playwright.
setup:
	@SETUP_BROWSER=0 bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh

build: setup
	cargo leptos build --release --split

## make run: build, create/migrate the database, seed the demo tenant once, serve on $(LISTEN).
## Without SMTP_URL, outgoing email goes to a local SMTP sink that writes data/outbox/*.eml.
## `scripts/send-demo-email` (in another terminal) posts demo emails to the running server.
SMTP_SINK ?= 127.0.0.1:2525
run: build
	./target/release/server demo --url http://$(LISTEN)
	@if [ -z "$$SMTP_URL" ]; then \
	  echo "Outgoing email: local SMTP sink on $(SMTP_SINK), messages in data/outbox/"; \
	  ./target/release/server smtp-sink --listen $(SMTP_SINK) --dir data/outbox & sink=$$!; \
	  trap "kill $$sink 2>/dev/null" EXIT INT TERM; \
	  SMTP_URL=smtp://$(SMTP_SINK) ./target/release/server serve --listen $(LISTEN); \
	else \
	  ./target/release/server serve --listen $(LISTEN); \
	fi

## make test: every Rust test (stores on SQLite and PostgreSQL), then Playwright in Chromium.
test: setup-test
	@bash scripts/test.sh

test-rust: setup
	@bash scripts/test.sh rust

test-e2e: setup-test
	@bash scripts/test.sh e2e

## make seed-bench: full-size seed (1M contacts, 2M work items, 5M communications) on both engines.
seed-bench: build
	bash scripts/seed-bench.sh

## make bench: Quickfind at 1M contacts on SQLite and PostgreSQL vs naive LIKE; writes docs/benchmarks.md.
bench: build
	bash scripts/bench.sh

## make fuzz: the inbound email fuzzer for FUZZ_SECONDS (default 60); prints executions and the seed.
FUZZ_SECONDS ?= 60
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test --release -p server --test fuzz_inbound -- --ignored --nocapture bounded_fuzz

fmt:
	cargo fmt --all

lint:
	cargo clippy -p app -p server --features app/ssr --all-targets

clean-data:
	rm -rf data
