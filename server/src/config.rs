//! Configuration from flags and environment (clap).

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "server", about = "Caller Desk: the web server and its tools")]
pub struct Cli {
    /// Database: `sqlite://path/to/file.db` (default) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/callerdesk.db",
        global = true
    )]
    pub database_url: String,

    /// Log filter, e.g. `info` or `server=debug,sqlx=warn`.
    #[arg(
        long,
        env = "LOG_LEVEL",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log_level: String,

    /// Settings for serving (also accepted before or after `serve`).
    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Generate deterministic, realistic data for a tenant (created if missing).
    Seed(SeedArgs),
    /// Create a tenant.
    CreateTenant {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
    /// Create a user in a tenant.
    CreateUser {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        /// The password (or set NEW_USER_PASSWORD, which keeps it out of `ps` and shell history).
        #[arg(long, env = "NEW_USER_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, value_parser = ["agent", "admin"])]
        role: String,
        /// Display name (defaults to the email's local part).
        #[arg(long)]
        name: Option<String>,
    },
    /// Record a communication (email, SMS, chat, call or note) on a contact or work item, as an
    /// operator would import one; email HTML is sanitised before it is stored. Prints its id.
    AddCommunication(AddCommunicationArgs),
    /// Create a Draft work item with no contacts yet, of a type given by name. Prints its
    /// reference.
    CreateWorkItem {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// The work item type's name (e.g. "General enquiry").
        #[arg(long = "type")]
        type_name: String,
        #[arg(long)]
        title: String,
    },
    /// Run a benchmark and print its figures (the last line is JSON).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Create the demo tenant and its users the first time, and print the demo logins.
    Demo(DemoArgs),
    /// Print the tenant's inbound token (what mail services, SMS gateways and chat widgets
    /// send to `/api/v1/inbound/…`), making one the first time. Uses the same session secret
    /// as `serve`.
    InboundToken {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// Make a new token; the old one stops working.
        #[arg(long, default_value_t = false)]
        rotate: bool,
    },
    /// Recompute a tenant's Personality Insights norms now (no backfill) and print what they
    /// rest on as one line of JSON.
    InsightsNorms {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
    },
    /// Run a local SMTP server that writes every message it receives to a directory (for
    /// development and tests); not a relay.
    SmtpSink(SmtpSinkArgs),
}

#[derive(Debug, Args)]
pub struct SmtpSinkArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    // The same id as serving's global `--listen`, which clap then does not add here; a String
    // like that one, because clap copies global values between levels. One consequence: without
    // `--listen`, an exported LISTEN_ADDR wins over this default, so scripts pass `--listen`.
    #[arg(long, default_value = "127.0.0.1:2525")]
    pub listen: String,
    /// Directory each received message is written to (`.eml` plus a `.json` envelope).
    #[arg(long, default_value = "data/outbox")]
    pub dir: std::path::PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct AddCommunicationArgs {
    /// The tenant's slug.
    #[arg(long)]
    pub tenant: String,
    /// The contact it belongs to.
    #[arg(long)]
    pub contact_id: Option<i64>,
    /// The work item it belongs to, by reference (`40308-T`).
    #[arg(long)]
    pub work_item: Option<String>,
    #[arg(long, value_parser = ["email", "sms", "chat", "call", "note"])]
    pub kind: String,
    #[arg(long, value_parser = ["incoming", "outgoing", "internal"])]
    pub direction: String,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub subject: Option<String>,
    /// The plain text (what search reads).
    #[arg(long, default_value = "")]
    pub text: String,
    /// Email HTML (sanitised before it is stored).
    #[arg(long)]
    pub html: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on (overrides LEPTOS_SITE_ADDR), e.g. 127.0.0.1:3000.
    #[arg(long, env = "LISTEN_ADDR", global = true)]
    pub listen: Option<String>,

    /// Secret keying the session-token hashes. Without it, one is generated and kept in
    /// `data/session-secret` (SQLite) so sessions survive restarts.
    #[arg(long, env = "SESSION_SECRET", hide_env_values = true, global = true)]
    pub session_secret: Option<String>,

    /// Mark the session cookie `Secure` (serve behind HTTPS).
    #[arg(long, env = "COOKIE_SECURE", default_value_t = false, global = true)]
    pub cookie_secure: bool,

    /// Session lifetime in days.
    #[arg(long, env = "SESSION_DAYS", default_value_t = 7, global = true)]
    pub session_days: i64,

    /// Minutes a session may sit unused before it ends.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = app::server_ctx::DEFAULT_IDLE_MINUTES, global = true)]
    pub session_idle_minutes: i64,

    /// Behind a reverse proxy: the request header carrying the client's address (e.g.
    /// `X-Forwarded-For`, first entry), used to rate-limit sign-ins per address. Without it,
    /// the connection's peer address is used.
    #[arg(long, env = "CLIENT_IP_HEADER", global = true)]
    pub client_ip_header: Option<String>,
    /// The SMTP relay outgoing email is sent through: `smtp://host:25`,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://host:465`. Without it,
    /// emails written on work items are kept and shown as not sent.
    #[arg(long, env = "SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,
    /// The support mailbox outgoing email comes from; replies go to its `+reference` form
    /// (`support+40308-T@…`) so they thread back to the work item.
    #[arg(long, env = "SUPPORT_ADDRESS", default_value = app::server_ctx::DEFAULT_SUPPORT_ADDRESS, global = true)]
    pub support_address: String,
    /// Seconds between checks for Personality Insights norms to recompute (tenants with the
    /// feature on whose contacts' text changed since); 0 turns the background job off.
    #[arg(
        long,
        env = "INSIGHTS_NORMS_EVERY",
        default_value_t = 600,
        global = true
    )]
    pub insights_norms_every: u64,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// The tenant's slug.
    #[arg(long, default_value = "demo")]
    pub tenant: String,
    #[arg(long, default_value_t = 500)]
    pub contacts: u64,
    #[arg(long = "work-items", default_value_t = 1000)]
    pub work_items: u64,
    #[arg(long, default_value_t = 3000)]
    pub comms: u64,
    /// Random seed: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Rows per insert transaction.
    #[arg(long, default_value_t = 5000)]
    pub batch: u64,
    /// The moment the data is generated around (RFC 3339, default: now). With the same seed
    /// and the same `--now`, the data is identical, timestamps included.
    #[arg(long)]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

/// Benchmarks (not tests): figures for docs/benchmarks.md.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Quickfind server time per query class, and the naive LIKE search on the same data.
    Quickfind(QuickfindBenchArgs),
    /// Server render of the heavy contact's Contact Activity page, and the same reads without
    /// indexes.
    ContactPage(ContactBenchArgs),
    /// The heavy contact's communications search, and the same search without indexes.
    ContactCommsSearch(ContactBenchArgs),
    /// `POST /api/v1/inbound/email` through the router into a fresh tenant: latency and rate.
    InboundEmail {
        #[arg(long, default_value_t = 2000)]
        messages: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Personality Insights on generated text: tenant norms for `--contacts` contacts, one
    /// contact's profile after a new message (p95), split-half reliability.
    Insights {
        #[arg(long, default_value_t = 100_000)]
        contacts: u64,
        /// Generated communications per contact (about a third are the contact's own text).
        #[arg(long = "comms-per-contact", default_value_t = 20)]
        comms_per_contact: u64,
        #[arg(long, default_value_t = 5000)]
        updates: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Args)]
pub struct ContactBenchArgs {
    /// Contacts in the bench tenant (work items 2×, communications 5×); seeded if missing.
    #[arg(long, default_value_t = 1_000_000)]
    pub contacts: u64,
    /// The bench tenant's slug (shared with the Quickfind bench).
    #[arg(long, default_value = "bench")]
    pub tenant: String,
    /// Page renders measured (contact-page).
    #[arg(long, default_value_t = 300)]
    pub renders: usize,
    /// Searches measured (contact-comms-search).
    #[arg(long, default_value_t = 1000)]
    pub queries: usize,
    /// Runs of the no-index baseline (each reads whole tables).
    #[arg(long = "baseline-runs", default_value_t = 5)]
    pub baseline_runs: usize,
    /// Seed for the data and the query mix.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl ContactBenchArgs {
    /// The same tenant as the Quickfind bench's.
    pub fn quickfind(&self) -> QuickfindBenchArgs {
        QuickfindBenchArgs {
            contacts: self.contacts,
            tenant: self.tenant.clone(),
            queries: 0,
            baseline_queries: 0,
            seed: self.seed,
        }
    }
}

#[derive(Debug, Args)]
pub struct QuickfindBenchArgs {
    /// Contacts in the bench tenant (work items 2×, communications 5×); seeded if missing.
    #[arg(long, default_value_t = 1_000_000)]
    pub contacts: u64,
    /// The bench tenant's slug (reused when it has exactly `--contacts` contacts).
    #[arg(long, default_value = "bench")]
    pub tenant: String,
    /// Queries in the measured mix.
    #[arg(long, default_value_t = 2600)]
    pub queries: usize,
    /// Queries run the naive way (each reads whole tables).
    #[arg(long = "baseline-queries", default_value_t = 39)]
    pub baseline_queries: usize,
    /// Seed for the data and the query mix.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the demo logins are kept (readable only by this user).
    #[arg(long, default_value = "data/demo-logins.txt")]
    pub logins_file: String,
    /// The URL to print.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    pub url: String,
    /// Demo size.
    #[arg(long, default_value_t = 500)]
    pub contacts: u64,
}
