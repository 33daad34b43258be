//! Server functions for contacts. Each takes the tenant from the session, validates its input
//! with the domain rules and answers a typed `AppError`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::contact::{ContactInput, LocalTime};
use crate::error::AppError;
use crate::model::{Contact, ContactQuery, ContactRow, Page};

/// A contact as the Contact Activity page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    pub contact: Contact,
    /// The contact's local time now, when a time zone is set.
    pub local_time: Option<LocalTime>,
}

/// What saving the Caller Details form led to. Invalid input and a stale edit are ordinary
/// answers the page handles, not failures of the request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved(Box<ContactView>),
    Invalid(Vec<crate::model::FieldError>),
    /// Someone saved after the agent started editing; nothing was written.
    Conflict {
        by: String,
        at: chrono::DateTime<chrono::Utc>,
        current: Box<Contact>,
    },
}

/// What creating a contact led to: its id, or the field errors to show beside the fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CreateOutcome {
    Created(crate::model::ContactId),
    Invalid(Vec<crate::model::FieldError>),
}

/// The largest page the contacts table asks for.
pub const MAX_PER_PAGE: u32 = 100;

#[server(endpoint = "contacts/list")]
pub async fn list_contacts(query: ContactQuery) -> Result<Page<ContactRow>, AppError> {
    crate::server_ctx::answer(imp::list_contacts(query).await)
}

#[server(endpoint = "contacts/get")]
pub async fn get_contact(id: i64) -> Result<ContactView, AppError> {
    crate::server_ctx::answer(imp::get_contact(id).await)
}

/// Saves the Caller Details form. `version` is the version the agent started editing from;
/// if someone saved in between, the answer is `SaveOutcome::Conflict` and nothing is written.
#[server(endpoint = "contacts/save")]
pub async fn save_contact(
    id: i64,
    version: i64,
    input: ContactInput,
) -> Result<SaveOutcome, AppError> {
    crate::server_ctx::answer(imp::save_contact(id, version, input).await)
}

/// Creates a contact from the create-contact form. `via` records where the agent started
/// (Quickfind, the contacts page, a work item); the form's rules run again here.
#[server(endpoint = "contacts/create")]
pub async fn create_contact(
    input: ContactInput,
    via: crate::model::CreatedVia,
) -> Result<CreateOutcome, AppError> {
    crate::server_ctx::answer(imp::create_contact(input, via).await)
}

/// The server's verdict on one field whose rules need large data tables (phone numbers,
/// time zones): `Ok(normalised form)` or `Err(message)`. The browser shows it beside the field.
#[server(endpoint = "contacts/check-field")]
pub async fn check_contact_field(
    field: String,
    value: String,
) -> Result<Result<String, String>, AppError> {
    crate::server_ctx::answer(imp::check_contact_field(field, value).await)
}

/// IANA time zone names for the picker. Served, not compiled into the browser bundle.
#[server(endpoint = "contacts/time-zones")]
pub async fn time_zone_names() -> Result<Vec<String>, AppError> {
    crate::server_ctx::answer(crate::server_ctx::session_user().map(|_| {
        crate::domain::timezone::time_zone_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }))
}

/// The server side of the functions above.
#[cfg(feature = "ssr")]
mod imp {
    use super::*;
    use crate::model::ContactId;
    use crate::server_ctx::{session_user, store};

    pub async fn list_contacts(query: ContactQuery) -> Result<Page<ContactRow>, AppError> {
        let user = session_user()?;
        let store = store()?;
        if query.text.chars().count() > 200 || query.account.chars().count() > 64 {
            return Err(AppError::BadRequest(
                "The filter is too long (at most 200 characters).".into(),
            ));
        }
        let query = ContactQuery {
            page: query.page.max(1),
            per_page: query.per_page.clamp(1, MAX_PER_PAGE),
            ..query
        };
        Ok(store.list_contacts(user.tenant_id, &query).await?)
    }

    pub async fn get_contact(id: i64) -> Result<ContactView, AppError> {
        let user = session_user()?;
        let contact = store()?
            .contact(user.tenant_id, ContactId(id))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(view_of(contact))
    }

    pub async fn save_contact(
        id: i64,
        version: i64,
        input: ContactInput,
    ) -> Result<SaveOutcome, AppError> {
        let user = session_user()?;
        let store = store()?;
        let tenant = store.tenant(user.tenant_id).await?;
        let fields = match input.validate(&tenant.settings.default_region) {
            Ok(fields) => fields,
            Err(errors) => return Ok(SaveOutcome::Invalid(errors)),
        };
        let saved = store
            .update_contact(
                user.tenant_id,
                user.user_id,
                ContactId(id),
                version,
                &fields,
                chrono::Utc::now(),
            )
            .await
            .map_err(AppError::from);
        match saved {
            Ok(contact) => Ok(SaveOutcome::Saved(Box::new(view_of(contact)))),
            Err(AppError::Validation(errors)) => Ok(SaveOutcome::Invalid(errors)),
            Err(AppError::Conflict { by, at, current }) => {
                Ok(SaveOutcome::Conflict { by, at, current })
            }
            Err(other) => Err(other),
        }
    }

    pub async fn create_contact(
        input: ContactInput,
        via: crate::model::CreatedVia,
    ) -> Result<CreateOutcome, AppError> {
        use crate::model::CreatedVia;
        let user = session_user()?;
        // Email and SMS intake create contacts on the server; a form may not claim to.
        if !matches!(
            via,
            CreatedVia::Manual | CreatedVia::Quickfind | CreatedVia::WorkItem
        ) {
            return Err(AppError::BadRequest(
                "Contacts created by hand are manual, Quickfind or work item.".into(),
            ));
        }
        let store = store()?;
        let tenant = store.tenant(user.tenant_id).await?;
        let fields = match input.validate(&tenant.settings.default_region) {
            Ok(fields) => fields,
            Err(errors) => return Ok(CreateOutcome::Invalid(errors)),
        };
        match store
            .create_contact(
                user.tenant_id,
                Some(user.user_id),
                &fields,
                via,
                chrono::Utc::now(),
            )
            .await
            .map_err(AppError::from)
        {
            Ok(contact) => Ok(CreateOutcome::Created(contact.id)),
            Err(AppError::Validation(errors)) => Ok(CreateOutcome::Invalid(errors)),
            Err(other) => Err(other),
        }
    }

    pub async fn check_contact_field(
        field: String,
        value: String,
    ) -> Result<Result<String, String>, AppError> {
        let user = session_user()?;
        if field.len() > 64 || value.chars().count() > 1000 {
            return Err(AppError::BadRequest("The value is too long.".into()));
        }
        let tenant = store()?.tenant(user.tenant_id).await?;
        Ok(crate::domain::contact::check_field_on_server(
            &field,
            &value,
            &tenant.settings.default_region,
        ))
    }
}

#[cfg(feature = "ssr")]
pub fn view_of(contact: Contact) -> ContactView {
    let local_time = contact
        .fields
        .time_zone
        .as_deref()
        .and_then(|tz| crate::domain::timezone::local_time(tz, chrono::Utc::now()));
    ContactView {
        contact,
        local_time,
    }
}
