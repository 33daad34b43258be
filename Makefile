# Caller Desk. `make run` and `make test` work on a fresh machine: they install what is missing.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
DATABASE_URL ?= sqlite://data/callerdesk.db
LISTEN ?= 127.0.0.1:3000
export DATABASE_URL

.PHONY: setup setup-test build run test test-rust test-e2e seed-bench bench fmt lint clean-data

# Tools for building and serving; the test targets also install Chromium and Playwright.
setup:
	@SETUP_BROWSER=0 bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh

build: setup
	cargo leptos build --release --split

## make run: build, create/migrate the database, seed the demo tenant once, serve on $(LISTEN).
run: build
	./target/release/server demo --url http://$(LISTEN)
	./target/release/server serve --listen $(LISTEN)

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

fmt:
	cargo fmt --all

lint:
	cargo clippy -p app -p server --features app/ssr --all-targets

clean-data:
	rm -rf data
