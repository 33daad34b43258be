//! The command line's subcommands.

use std::path::Path;

use anyhow::{Context, bail};
use leptos::config::get_configuration;

use app::model::Role;
use app::server_ctx::ServerSettings;
use app::store::NewUser;

use crate::config::{DemoArgs, SeedArgs, ServeArgs};
use crate::startup::{AppState, build_router};
use crate::store::{Database, connect};

async fn open(database_url: &str) -> anyhow::Result<Database> {
    let db = connect(database_url)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(database_url)))?;
    db.migrate_and_index().await.context("migrations failed")?;
    Ok(db)
}

/// The URL without a password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].find(':') {
            Some(colon) => format!("{}:***{}", &url[..s + 3 + colon], &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}

/// The session secret: given, or generated once and kept beside the SQLite file.
fn session_secret(given: Option<String>, database_url: &str) -> anyhow::Result<Vec<u8>> {
    if let Some(s) = given {
        if s.len() < 32 {
            bail!("SESSION_SECRET must be at least 32 characters");
        }
        return Ok(s.into_bytes());
    }
    let dir = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .and_then(|p| {
            Path::new(p.split('?').next().unwrap_or(p))
                .parent()
                .map(|d| d.to_path_buf())
        })
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("data").to_path_buf());
    let path = dir.join("session-secret");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    let secret: String = {
        use rand::Rng;
        rand::thread_rng()
            .sample_iter(&rand::distributions::Alphanumeric)
            .take(48)
            .map(char::from)
            .collect()
    };
    std::fs::create_dir_all(&dir)?;
    write_private(&path, &secret)?;
    tracing::info!(path = %path.display(), "generated a session secret");
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, content: &str) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut f = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.write_all(content.as_bytes())?;
    Ok(())
}

/// The SMTP relay and support address from the flags.
pub fn mail_settings(args: &ServeArgs) -> anyhow::Result<app::server_ctx::MailSettings> {
    let support_address = args.support_address.trim().to_string();
    if !support_address.contains('@') {
        anyhow::bail!("SUPPORT_ADDRESS must be an email address, not {support_address:?}");
    }
    let mailer = match args
        .smtp_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url) => {
            let mailer: std::sync::Arc<dyn app::server_ctx::Mailer> =
                std::sync::Arc::new(crate::intake::mailer::SmtpMailer::from_url(url)?);
            Some(mailer)
        }
        None => {
            tracing::warn!("no SMTP_URL: emails written on work items are kept but not sent");
            None
        }
    };
    Ok(app::server_ctx::MailSettings {
        mailer,
        support_address,
    })
}

/// Prints the tenant's inbound token, making one (or a new one, `rotate`) when asked.
pub async fn inbound_token(
    database_url: &str,
    args: &ServeArgs,
    slug: &str,
    rotate: bool,
) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let store = db.store();
    let tenant = store
        .tenant_by_slug(slug)
        .await?
        .with_context(|| format!("no tenant {slug:?}"))?;
    let secret = session_secret(args.session_secret.clone(), database_url)?;
    let salt = match store.inbound_token_salt(tenant.id).await? {
        Some(salt) if !rotate => salt,
        _ => {
            let salt = app::auth::server::new_token();
            store
                .set_inbound_token_salt(tenant.id, None, &salt, chrono::Utc::now())
                .await?;
            salt
        }
    };
    println!(
        "{}",
        app::auth::server::inbound_token(&secret, tenant.id, &salt)
    );
    db.close().await;
    Ok(())
}

/// `server insights-norms --tenant SLUG`: recomputes the tenant's norms from the counted text
/// (no backfill) and prints the summary as one line of JSON.
pub async fn insights_norms(database_url: &str, slug: &str) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let store = db.store();
    let tenant = store
        .tenant_by_slug(slug)
        .await?
        .with_context(|| format!("no tenant {slug:?}"))?;
    if !tenant.settings.personality_insights {
        bail!("Personality Insights are off for {slug}: nothing is computed while they are off");
    }
    let summary =
        app::insights_imp::recompute_norms(store.as_ref(), tenant.id, chrono::Utc::now()).await?;
    let mut line = serde_json::to_value(&summary)?;
    line["tenant"] = serde_json::Value::from(tenant.slug);
    println!("{line}");
    db.close().await;
    Ok(())
}

pub async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let conf = get_configuration(None).context("cannot read the Leptos configuration")?;
    let mut leptos_options = conf.leptos_options;
    if let Some(listen) = &args.listen {
        leptos_options.site_addr = listen
            .parse()
            .with_context(|| format!("bad listen address {listen:?}"))?;
    }
    let mail = mail_settings(&args)?;
    let mut settings = ServerSettings::new(
        session_secret(args.session_secret, database_url)?,
        args.cookie_secure,
        args.session_days.clamp(1, 90),
    );
    settings.session_idle_minutes = args.session_idle_minutes.clamp(5, 60 * 24 * 90);
    settings.client_ip_header = args.client_ip_header.clone();
    settings.mail = mail;
    // Compute the unknown-user hash now, so the first sign-in with an unknown email does not
    // take longer than a wrong password (a timing tell).
    tokio::task::spawn_blocking(app::auth::server::dummy_hash);
    let pkg_dir =
        Path::new(leptos_options.site_root.as_ref()).join(leptos_options.site_pkg_dir.as_ref());
    tokio::task::spawn_blocking(move || match crate::assets::precompress(&pkg_dir) {
        Ok(n) if n > 0 => tracing::info!(files = n, "precompressed static assets"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not precompress static assets"),
    });
    let state = AppState {
        leptos_options: leptos_options.clone(),
        store: db.store(),
        settings,
    };
    crate::startup::spawn_insights_norms_job(db.store(), args.insights_norms_every);
    let app = build_router(state);
    let listener = tokio::net::TcpListener::bind(leptos_options.site_addr)
        .await
        .with_context(|| format!("cannot listen on {}", leptos_options.site_addr))?;
    let addr = listener.local_addr()?;
    tracing::info!(
        engine = db.store().engine().as_str(),
        "listening on http://{addr}"
    );
    println!("Caller Desk is serving on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    db.close().await;
    Ok(())
}

pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    println!("migrations applied ({})", db.store().engine().as_str());
    db.close().await;
    Ok(())
}

pub async fn seed(database_url: &str, args: SeedArgs) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    println!(
        "seeding tenant {:?} on {}: {} contacts, {} work items, {} communications (seed {})",
        args.tenant,
        db.store().engine().as_str(),
        args.contacts,
        args.work_items,
        args.comms,
        args.seed
    );
    let report = crate::seed::run(&db, &args).await?;
    report.print();
    db.close().await;
    Ok(())
}

pub async fn create_tenant(database_url: &str, slug: &str, name: &str) -> anyhow::Result<()> {
    if slug.is_empty()
        || slug.len() > 40
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        bail!("a slug is 1–40 characters of a–z, 0–9 and -");
    }
    if name.trim().is_empty() || name.chars().count() > 100 {
        bail!("a tenant name is 1–100 characters");
    }
    let db = open(database_url).await?;
    let t = db
        .store()
        .create_tenant(slug, name.trim(), &Default::default())
        .await?;
    println!("created tenant {} ({}) with id {}", t.slug, t.name, t.id.0);
    db.close().await;
    Ok(())
}

/// `server add-communication`: records one communication through the store (which sanitises
/// email HTML and indexes it for the contacts it belongs to) and prints its id.
pub async fn add_communication(
    database_url: &str,
    args: crate::config::AddCommunicationArgs,
) -> anyhow::Result<()> {
    const MAX_TEXT_CHARS: usize = 1_000_000;
    if args.text.chars().count() > MAX_TEXT_CHARS
        || args
            .html
            .as_ref()
            .is_some_and(|h| h.chars().count() > MAX_TEXT_CHARS)
    {
        bail!("text and HTML have at most {MAX_TEXT_CHARS} characters each");
    }
    let db = open(database_url).await?;
    let store = db.store();
    let tenant = store
        .tenant_by_slug(&args.tenant)
        .await?
        .with_context(|| format!("no tenant {:?}", args.tenant))?;
    let work_item_id = match &args.work_item {
        None => None,
        Some(reference) => Some(
            store
                .work_item_by_reference(tenant.id, reference)
                .await?
                .with_context(|| format!("no work item {reference:?} in {}", args.tenant))?
                .id,
        ),
    };
    let counted_kind = match (args.direction.as_str(), args.kind.as_str()) {
        ("incoming", "email") => Some(app::store_insights::SourceKind::Email),
        ("incoming", "sms") => Some(app::store_insights::SourceKind::Sms),
        ("incoming", "chat") => Some(app::store_insights::SourceKind::Chat),
        _ => None,
    };
    let new = app::store::NewCommunication {
        kind: args.kind,
        direction: args.direction,
        subject: args.subject,
        body_text: args.text,
        body_html: args.html,
        from_address: args.from,
        to_address: args.to,
        contact_id: args.contact_id.map(app::model::ContactId),
        work_item_id,
        ..Default::default()
    };
    let id = store
        .add_communication(tenant.id, None, &new, chrono::Utc::now())
        .await
        .map_err(|e| match e {
            app::store::StoreError::NotFound => {
                anyhow::anyhow!("no such contact in {}", args.tenant)
            }
            other => anyhow::anyhow!("{other}"),
        })?;
    // Like a message arriving through intake: it counts toward the contact's Personality
    // Insights when the tenant has them on. The communication is stored either way.
    if let (Some(kind), Some(contact)) = (counted_kind, new.contact_id) {
        let now = chrono::Utc::now();
        let counted = app::insights_imp::record_incoming(
            store.as_ref(),
            tenant.id,
            contact,
            kind,
            id,
            now,
            &new.body_text,
        )
        .await;
        if let Err(e) = counted {
            tracing::warn!(communication = id, error = %e, "counting for personality insights failed");
        }
    }
    println!("{id}");
    db.close().await;
    Ok(())
}

pub async fn create_user(
    database_url: &str,
    tenant: &str,
    email: &str,
    password: &str,
    role: &str,
    name: Option<&str>,
) -> anyhow::Result<()> {
    let role = Role::parse(role).context("role must be agent or admin")?;
    if email_address::EmailAddress::parse_with_options(
        email.trim(),
        app::domain::contact::email_options(),
    )
    .is_err()
    {
        bail!("{email:?} is not a valid email address");
    }
    if password.chars().count() < 10 || password.len() > 1024 {
        bail!("a password is at least 10 characters");
    }
    let db = open(database_url).await?;
    let store = db.store();
    let tenant = store
        .tenant_by_slug(tenant)
        .await?
        .with_context(|| format!("no tenant with slug {tenant:?}"))?;
    let hash = app::auth::server::hash_password(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    let user = store
        .create_user(
            tenant.id,
            &NewUser {
                email: email.trim().to_string(),
                name,
                role,
                password_hash: hash,
            },
        )
        .await?;
    println!(
        "created {} {} in {}",
        user.role.as_str(),
        user.email,
        tenant.slug
    );
    db.close().await;
    Ok(())
}

/// The demo: tenant `demo` with an admin and two agents (random passwords, kept in a private
/// file so later runs can print them again) and realistic data, created the first time only.
pub async fn demo(database_url: &str, args: DemoArgs) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let store = db.store();
    let logins_path = Path::new(&args.logins_file);
    let fresh = store.tenant_by_slug("demo").await?.is_none();
    if fresh {
        println!("creating the demo tenant (first run)…");
        let tenant = crate::seed::ensure_tenant(&store, "demo", "Demo Contact Centre").await?;
        let mut lines = Vec::new();
        let people = [
            (
                "Ada Admin",
                crate::seed::agent_email("admin", "demo"),
                Role::Admin,
            ),
            (
                crate::seed::generate::AGENTS[0].0,
                crate::seed::agent_email(crate::seed::generate::AGENTS[0].1, "demo"),
                Role::Agent,
            ),
            (
                crate::seed::generate::AGENTS[1].0,
                crate::seed::agent_email(crate::seed::generate::AGENTS[1].1, "demo"),
                Role::Agent,
            ),
        ];
        for (name, email, role) in people {
            let password: String = {
                use rand::Rng;
                rand::thread_rng()
                    .sample_iter(&rand::distributions::Alphanumeric)
                    .take(16)
                    .map(char::from)
                    .collect()
            };
            let hash =
                app::auth::server::hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
            store
                .create_user(
                    tenant,
                    &NewUser {
                        email: email.clone(),
                        name: name.to_string(),
                        role,
                        password_hash: hash,
                    },
                )
                .await?;
            lines.push(format!("{:<6} {:<40} {}", role.as_str(), email, password));
        }
        if let Some(dir) = logins_path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_private(logins_path, &(lines.join("\n") + "\n"))?;
        let report = crate::seed::run(
            &db,
            &SeedArgs {
                tenant: "demo".into(),
                contacts: args.contacts,
                work_items: args.contacts * 2,
                comms: args.contacts * 6,
                seed: 1,
                batch: 5000,
                now: None,
            },
        )
        .await?;
        report.print();
    }
    println!();
    println!("Caller Desk demo: {}", args.url);
    match std::fs::read_to_string(logins_path) {
        Ok(logins) => {
            println!(
                "Demo logins (role, email, password; kept in {}):",
                logins_path.display()
            );
            print!("{logins}");
        }
        Err(_) => println!(
            "The demo tenant exists but {} is missing; set a password with `server create-user` or delete the database to start over.",
            logins_path.display()
        ),
    }
    db.close().await;
    Ok(())
}

pub async fn bench(database_url: &str, bench: crate::config::BenchCommand) -> anyhow::Result<()> {
    use crate::config::BenchCommand;
    let db = open(database_url).await?;
    let outcome = match &bench {
        BenchCommand::Quickfind(args) => crate::bench::quickfind(&db, args).await,
        BenchCommand::ContactPage(args) => crate::bench_contact::contact_page(&db, args).await,
        BenchCommand::InboundEmail { messages, seed } => {
            crate::bench_intake::inbound_email(&db, *messages, *seed).await
        }
        BenchCommand::Insights {
            contacts,
            comms_per_contact,
            updates,
            seed,
        } => crate::bench_insights::insights(*contacts, *comms_per_contact, *updates, *seed),
        BenchCommand::ContactCommsSearch(args) => {
            crate::bench_contact::contact_comms_search(&db, args).await
        }
    };
    db.close().await;
    outcome
}

/// `server create-work-item`: a Draft of the named type with no contacts yet; prints its
/// reference.
pub async fn create_work_item(
    database_url: &str,
    tenant: &str,
    type_name: &str,
    title: &str,
) -> anyhow::Result<()> {
    use app::work_items_api::MAX_TITLE_CHARS;
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        bail!("a title has 1 to {MAX_TITLE_CHARS} characters");
    }
    let db = open(database_url).await?;
    let store = db.store();
    let found = store
        .tenant_by_slug(tenant)
        .await?
        .with_context(|| format!("no tenant {tenant:?}"))?;
    let ty = store
        .work_item_types(found.id)
        .await?
        .into_iter()
        .find(|t| t.name.eq_ignore_ascii_case(type_name.trim()))
        .with_context(|| format!("no work item type {type_name:?} in {tenant}"))?;
    let reference = store
        .create_work_item(found.id, None, ty.id, title, chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("{reference}");
    db.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn database_passwords_are_not_printed() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
