//! Caller Desk's server: how the product is hosted. Configuration, telemetry, the axum
//! application, the SQLite and PostgreSQL stores, the seeder and the command line.

#![recursion_limit = "256"]

pub mod api;
pub mod assets;
pub mod bench;
pub mod bench_contact;
pub mod bench_insights;
pub mod bench_intake;
pub mod commands;
pub mod config;
pub mod intake;
pub mod security;
pub mod seed;
pub mod smtp_sink;
pub mod startup;
pub mod store;
pub mod telemetry;
