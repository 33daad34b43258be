//! The server side of `admin_api`: the admin check, input rules, then the store.

use chrono::{NaiveTime, TimeZone, Utc};

use super::*;
use crate::activity_api::imp::check_offset;
use crate::domain::contact::{email_problem, is_refused_char};
use crate::model::{FieldError, SessionUser, TenantSettings, UserId};
use crate::server_ctx::{session_user, store};
use crate::store::NewUser;

/// The signed-in user, who must be an admin (anyone else: 403).
pub(crate) fn require_admin() -> Result<SessionUser, AppError> {
    let user = session_user()?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

fn field(name: &str, message: impl Into<String>) -> AppError {
    AppError::Validation(vec![FieldError::new(name, message)])
}

/// A one-line text: trimmed, required, at most `max` characters, no control characters.
fn line(name: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(field(name, "Required"));
    }
    if value.chars().any(is_refused_char) {
        return Err(field(name, "Control characters are not allowed"));
    }
    if value.chars().count() > max {
        return Err(field(name, format!("At most {max} characters")));
    }
    Ok(value.to_string())
}

/// A one-time password: 4 groups of 4 characters from 31 letters and digits that cannot be
/// confused with each other (about 79 bits).
fn one_time_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || crate::auth::server::hash_password(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

pub async fn admin_users() -> Result<Vec<UserRow>, AppError> {
    let admin = require_admin()?;
    Ok(store()?.users(admin.tenant_id).await?)
}

pub async fn create_user(
    email: String,
    name: String,
    role: Role,
    password: String,
) -> Result<CreatedUser, AppError> {
    let admin = require_admin()?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    let email = email.trim().to_string();
    if let Some(problem) = email_problem(&email) {
        return Err(field("email", problem));
    }
    let (password, one_time) = if password.is_empty() {
        let generated = one_time_password();
        (generated.clone(), Some(generated))
    } else {
        if let Some(problem) = password_problem(&password) {
            return Err(field("password", problem));
        }
        (password, None)
    };
    let store = store()?;
    let now = Utc::now();
    let password_hash = hash(password).await?;
    let user = store
        .create_user(
            admin.tenant_id,
            &NewUser {
                email,
                name,
                role,
                password_hash: password_hash.clone(),
            },
        )
        .await?;
    if one_time.is_some() {
        let hash = password_hash;
        store
            .set_password(admin.tenant_id, None, user.id, &hash, true, None, now)
            .await?;
    }
    store
        .record_audit(
            admin.tenant_id,
            Some(admin.user_id),
            "user",
            user.id.0,
            "created",
            Some(&format!(
                "{} <{}> ({})",
                user.name,
                user.email,
                user.role.as_str()
            )),
            now,
        )
        .await?;
    Ok(CreatedUser {
        user: UserRow {
            id: user.id.0,
            email: user.email,
            name: user.name,
            role: user.role,
            active: true,
            password_temporary: one_time.is_some(),
            last_seen_at: None,
        },
        one_time_password: one_time,
    })
}

pub async fn update_user(
    user_id: i64,
    name: String,
    role: Role,
    active: bool,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    if user_id == admin.user_id.0 && (!active || role != Role::Admin) {
        return Err(field(
            "active",
            "You cannot deactivate yourself or take away your own admin role.",
        ));
    }
    Ok(store()?
        .update_user(
            admin.tenant_id,
            admin.user_id,
            UserId(user_id),
            &name,
            role,
            active,
            Utc::now(),
        )
        .await?)
}

pub async fn reset_password(user_id: i64) -> Result<String, AppError> {
    let admin = require_admin()?;
    let password = one_time_password();
    let hash = hash(password.clone()).await?;
    store()?
        .set_password(
            admin.tenant_id,
            Some(admin.user_id),
            UserId(user_id),
            &hash,
            true,
            None,
            Utc::now(),
        )
        .await?;
    Ok(password)
}

pub async fn admin_types() -> Result<Vec<WorkItemType>, AppError> {
    let admin = require_admin()?;
    Ok(store()?.work_item_types(admin.tenant_id).await?)
}

pub async fn save_type(
    id: Option<i64>,
    name: String,
    kind: String,
    live: bool,
    show_in_contacts: bool,
    default_queue: String,
) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    if !matches!(kind.as_str(), "ticket" | "case") {
        return Err(field("kind", "Choose Ticket or Case"));
    }
    let default_queue = match default_queue.trim() {
        "" => None,
        queue => Some(line("default_queue", queue, MAX_NAME_CHARS)?),
    };
    let ty = WorkItemType {
        id: id.unwrap_or(0),
        name,
        kind,
        live,
        show_in_contacts,
        default_queue,
    };
    let store = store()?;
    let now = Utc::now();
    match id {
        Some(id) => {
            store
                .update_work_item_type(admin.tenant_id, admin.user_id, &ty, now)
                .await?;
            Ok(id)
        }
        None => {
            let id = store
                .create_work_item_type(admin.tenant_id, &ty, now)
                .await?;
            store
                .record_audit(
                    admin.tenant_id,
                    Some(admin.user_id),
                    "work_item_type",
                    id,
                    "created",
                    Some(&ty.name),
                    now,
                )
                .await?;
            Ok(id)
        }
    }
}

pub async fn admin_queues() -> Result<Vec<QueueRow>, AppError> {
    let admin = require_admin()?;
    Ok(store()?.admin_queues(admin.tenant_id).await?)
}

pub async fn create_queue(name: String, is_default: bool) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    let store = store()?;
    let now = Utc::now();
    let id = store
        .create_queue(admin.tenant_id, &name, is_default, now)
        .await?;
    store
        .record_audit(
            admin.tenant_id,
            Some(admin.user_id),
            "queue",
            id,
            "created",
            Some(&name),
            now,
        )
        .await?;
    Ok(id)
}

pub async fn update_queue(queue_id: i64, name: String, is_default: bool) -> Result<(), AppError> {
    let admin = require_admin()?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    Ok(store()?
        .update_queue(
            admin.tenant_id,
            admin.user_id,
            queue_id,
            &name,
            is_default,
            Utc::now(),
        )
        .await?)
}

pub async fn admin_accounts(text: String, offset: u32) -> Result<AccountsPage, AppError> {
    let admin = require_admin()?;
    check_offset(offset)?;
    let text = text.trim();
    if text.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::BadRequest(format!(
            "The filter is too long (at most {MAX_NAME_CHARS} characters)."
        )));
    }
    let (rows, more) = store()?
        .accounts(admin.tenant_id, text, offset, ADMIN_PAGE_SIZE)
        .await?;
    Ok(AccountsPage { rows, more })
}

fn identifier(value: &str) -> Result<String, AppError> {
    let value = line("identifier", value, MAX_IDENTIFIER_CHARS)?;
    if value.chars().any(char::is_whitespace) {
        return Err(field("identifier", "No spaces in an identifier"));
    }
    Ok(value)
}

pub async fn create_account(identifier_typed: String, name: String) -> Result<i64, AppError> {
    let admin = require_admin()?;
    let ident = identifier(&identifier_typed)?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    let store = store()?;
    let account = store.create_account(admin.tenant_id, &ident, &name).await?;
    store
        .record_audit(
            admin.tenant_id,
            Some(admin.user_id),
            "account",
            account.id,
            "created",
            Some(&format!("{ident} — {name}")),
            Utc::now(),
        )
        .await?;
    Ok(account.id)
}

pub async fn update_account(
    account_id: i64,
    identifier_typed: String,
    name: String,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let ident = identifier(&identifier_typed)?;
    let name = line("name", &name, MAX_NAME_CHARS)?;
    Ok(store()?
        .update_account(
            admin.tenant_id,
            admin.user_id,
            account_id,
            &ident,
            &name,
            Utc::now(),
        )
        .await?)
}

pub async fn admin_settings() -> Result<SettingsView, AppError> {
    let admin = require_admin()?;
    let store = store()?;
    let secret = crate::server_ctx::settings()?.session_secret.clone();
    Ok(SettingsView {
        settings: store.tenant(admin.tenant_id).await?.settings,
        inbound_token: store
            .inbound_token_salt(admin.tenant_id)
            .await?
            .map(|salt| crate::auth::server::inbound_token(&secret, admin.tenant_id, &salt)),
    })
}

pub async fn save_tenant_settings(
    default_region: String,
    personality_insights: bool,
    auto_create_contacts: bool,
) -> Result<(), AppError> {
    let admin = require_admin()?;
    let region = default_region.trim().to_ascii_uppercase();
    if !crate::domain::phone::known_region(&region) {
        return Err(field(
            "default_region",
            "Not a region phone numbers know (a two-letter ISO code such as GB, US or DE)",
        ));
    }
    let settings = TenantSettings {
        default_region: region,
        personality_insights,
        auto_create_contacts,
    };
    let store = store()?;
    let was_on = store
        .tenant(admin.tenant_id)
        .await?
        .settings
        .personality_insights;
    store
        .save_tenant_settings(admin.tenant_id, admin.user_id, &settings, Utc::now())
        .await?;
    if !personality_insights {
        // Off: profiles are deleted (SPEC §3.6: nothing is kept computed). Also when it was off
        // already, so saving again finishes a clearing that failed the first time; clearing
        // nothing is cheap.
        let profiles = store.clear_insights(admin.tenant_id).await?;
        if was_on || profiles > 0 {
            tracing::info!(
                tenant = admin.tenant_id.0,
                profiles,
                "personality insights turned off"
            );
        }
    } else if !was_on {
        // On: count the texts that arrived while it was off, in the background.
        crate::insights_imp::spawn_backfill(store, admin.tenant_id);
    }
    Ok(())
}

pub async fn rotate_inbound_token() -> Result<String, AppError> {
    let admin = require_admin()?;
    let salt = crate::auth::server::new_token();
    let settings = crate::server_ctx::settings()?;
    store()?
        .set_inbound_token_salt(admin.tenant_id, Some(admin.user_id), &salt, Utc::now())
        .await?;
    Ok(crate::auth::server::inbound_token(
        &settings.session_secret,
        admin.tenant_id,
        &salt,
    ))
}

/// The start of `day` (UTC), or a field error.
fn day_start(name: &str, day: &str) -> Result<Option<chrono::DateTime<Utc>>, AppError> {
    let day = day.trim();
    if day.is_empty() {
        return Ok(None);
    }
    let date =
        crate::format::parse_day(day).ok_or_else(|| field(name, "A date like 2026-11-21"))?;
    Ok(Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))))
}

pub async fn audit_log(filter: AuditFilter, offset: u32) -> Result<AuditPage, AppError> {
    let admin = require_admin()?;
    check_offset(offset)?;
    let from = day_start("from", &filter.from)?;
    let until = day_start("to", &filter.to)?.map(|t| t + chrono::Duration::days(1));
    if let (Some(from), Some(until)) = (from, until)
        && until <= from
    {
        return Err(field("to", "The end date is before the start date"));
    }
    let query = AuditQuery {
        user_id: filter.user_id,
        contact_id: filter.contact_id,
        from,
        until,
    };
    let store = store()?;
    let (rows, more) = store
        .audit_log(admin.tenant_id, &query, offset, ADMIN_PAGE_SIZE)
        .await?;
    let users = store
        .users(admin.tenant_id)
        .await?
        .into_iter()
        .map(|u| UserRef {
            id: UserId(u.id),
            name: u.name,
        })
        .collect();
    Ok(AuditPage { rows, more, users })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_are_four_groups_of_unambiguous_characters() {
        let p = one_time_password();
        assert_eq!(p.len(), 19);
        assert!(p.split('-').all(|g| g.len() == 4));
        assert!(!p.contains(['0', 'o', '1', 'l', 'i']));
        assert_ne!(p, one_time_password());
        assert!(password_problem(&p).is_none());
    }

    #[test]
    fn chosen_passwords_are_long_enough_and_printable() {
        assert!(password_problem("short").is_some());
        assert!(password_problem("long enough pass").is_none());
        assert!(password_problem("long enough\u{7}pass").is_some());
        assert!(password_problem(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_some());
    }

    #[test]
    fn names_are_trimmed_required_and_limited() {
        assert_eq!(line("name", "  Billing ", 10).ok(), Some("Billing".into()));
        assert!(line("name", "   ", 10).is_err());
        assert!(line("name", "a\u{0}b", 10).is_err());
        assert!(line("name", &"x".repeat(11), 10).is_err());
        assert!(identifier("ACME 1").is_err());
        assert_eq!(identifier("ACME-1").ok(), Some("ACME-1".into()));
    }
}
