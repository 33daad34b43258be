//! The server side of `mail_api`.

use chrono::{Duration, Utc};
use rand::RngCore;

use super::*;
use crate::domain::work_item::Tag;
use crate::intake::{
    MAX_RECIPIENTS, MAX_SUBJECT_CHARS, OutgoingEmail, address_of, split_addresses,
};
use crate::model::{FieldError, SessionUser};
use crate::server_ctx::{MailSettings, session_user, settings, store};
use crate::work_items_api::{MAX_REFERENCE_CHARS, WorkItemView};

/// A send still `sending` after this long was cut off (a crash) and may be retried.
const STALE_SEND_MINUTES: i64 = 5;

fn field(name: &str, message: impl Into<String>) -> AppError {
    AppError::Validation(vec![FieldError::new(name, message)])
}

async fn known_item(user: &SessionUser, reference: &str) -> Result<WorkItemView, AppError> {
    let reference = reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_REFERENCE_CHARS {
        return Err(AppError::NotFound);
    }
    store()?
        .work_item(user.tenant_id, reference)
        .await?
        .ok_or(AppError::NotFound)
}

/// `support+40308-T@acme.example` for `support@acme.example`.
fn reply_address(support: &str, reference: &str) -> String {
    match support.rsplit_once('@') {
        Some((local, domain)) => format!("{local}+{reference}@{domain}"),
        None => support.to_string(),
    }
}

fn from_line(tenant_name: &str, mail: &MailSettings) -> String {
    let name: String = tenant_name
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    format!("\"{name}\" <{}>", mail.support_address)
}

pub async fn compose_email(reference: String) -> Result<EmailDraft, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    let store = store()?;
    let contacts = store.tagged_contacts(user.tenant_id, item.id).await?;
    let has = |c: &crate::model::TaggedContact, tag: Tag| c.tags.iter().any(|t| t == tag.as_str());
    let to = contacts
        .iter()
        .find(|c| has(c, Tag::PrimaryContact))
        .and_then(|c| c.email.clone())
        .unwrap_or_default();
    let cc: Vec<String> = contacts
        .iter()
        .filter(|c| has(c, Tag::Cc))
        .filter_map(|c| c.email.clone())
        .filter(|e| *e != to)
        .collect();
    let mail = settings()?.mail;
    let tenant = store.tenant(user.tenant_id).await?;
    Ok(EmailDraft {
        to,
        cc: cc.join(", "),
        subject: format!("{} [{}]", item.title, item.reference),
        from: from_line(&tenant.name, &mail),
        relay: mail.mailer.is_some(),
    })
}

/// Checks an address list: each entry's address must be a valid email address.
fn recipients(name: &str, list: &str, required: bool) -> Result<Vec<String>, AppError> {
    let entries = split_addresses(list);
    if entries.is_empty() && required {
        return Err(field(name, "Enter at least one email address"));
    }
    for entry in &entries {
        if entry.chars().any(char::is_control) {
            return Err(field(name, "Addresses cannot contain line breaks"));
        }
        if let Some(problem) = crate::domain::contact::email_problem(address_of(entry)) {
            return Err(field(name, format!("{entry}: {problem}")));
        }
    }
    Ok(entries)
}

fn new_message_id(reference: &str, support: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let domain = support
        .rsplit_once('@')
        .map(|(_, d)| d)
        .unwrap_or("callerdesk.localhost");
    format!(
        "{}.{}@{domain}",
        hex::encode(bytes),
        reference.to_ascii_lowercase()
    )
}

/// Hands the stored email to the relay and records the outcome.
async fn deliver(
    user: &SessionUser,
    id: i64,
    mail: &OutgoingEmail,
) -> Result<SendOutcome, AppError> {
    let settings = settings()?;
    let result = match &settings.mail.mailer {
        Some(mailer) => mailer.send(mail).await,
        None => Err("No mail relay is configured (set SMTP_URL); the email is kept here.".into()),
    };
    let error = result.err();
    if let Some(e) = &error {
        tracing::warn!(tenant = user.tenant_id.0, communication = id, error = %e, "outgoing email failed");
    }
    store()?
        .finish_send(user.tenant_id, id, error.as_deref(), Utc::now())
        .await?;
    Ok(SendOutcome {
        id,
        sent: error.is_none(),
        error,
    })
}

pub async fn send_email(
    reference: String,
    to: String,
    cc: String,
    subject: String,
    body: String,
) -> Result<SendOutcome, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    let to = recipients("to", &to, true)?;
    let cc = recipients("cc", &cc, false)?;
    if to.len() + cc.len() > MAX_RECIPIENTS {
        return Err(field("cc", format!("At most {MAX_RECIPIENTS} recipients")));
    }
    let subject = subject.trim().to_string();
    if subject.is_empty() {
        return Err(field("subject", "Required"));
    }
    if subject.chars().count() > MAX_SUBJECT_CHARS || subject.chars().any(char::is_control) {
        return Err(field(
            "subject",
            format!("One line of at most {MAX_SUBJECT_CHARS} characters"),
        ));
    }
    let body = body.replace('\r', "");
    if body.trim().is_empty() {
        return Err(field("body", "Required"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(field(
            "body",
            format!("At most {MAX_BODY_CHARS} characters"),
        ));
    }
    let store = store()?;
    let mail_settings = settings()?.mail;
    let tenant = store.tenant(user.tenant_id).await?;
    let thread = store.email_thread(user.tenant_id, item.id).await?;
    let mail = OutgoingEmail {
        message_id: new_message_id(&item.reference, &mail_settings.support_address),
        from: from_line(&tenant.name, &mail_settings),
        reply_to: reply_address(&mail_settings.support_address, &item.reference),
        to,
        cc,
        subject,
        text: body,
        in_reply_to: thread.last_incoming.clone(),
        references: thread.message_ids,
    };
    let id = store
        .record_outgoing(user.tenant_id, user.user_id, item.id, &mail, Utc::now())
        .await?;
    deliver(&user, id, &mail).await
}

pub async fn retry_email(id: i64) -> Result<SendOutcome, AppError> {
    let user = session_user()?;
    let store = store()?;
    let now = Utc::now();
    let (mut mail, reference) = store
        .claim_retry(
            user.tenant_id,
            id,
            now,
            now - Duration::minutes(STALE_SEND_MINUTES),
        )
        .await?;
    let mail_settings = settings()?.mail;
    mail.reply_to = reply_address(&mail_settings.support_address, &reference);
    if let Some(item) = store.work_item(user.tenant_id, &reference).await? {
        mail.references = store
            .email_thread(user.tenant_id, item.id)
            .await?
            .message_ids
            .into_iter()
            .filter(|m| *m != mail.message_id)
            .collect();
    }
    deliver(&user, id, &mail).await
}
