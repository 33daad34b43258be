//! The error every server function answers with. The page shows `Display`; the log sees causes.

use chrono::{DateTime, Utc};
use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use crate::model::{Contact, FieldError};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in again.")]
    Unauthorized,
    #[error("You do not have permission to do that.")]
    Forbidden,
    /// Unknown ids and ids of another tenant answer alike.
    #[error("Not found.")]
    NotFound,
    #[error("Please correct the highlighted fields.")]
    Validation(Vec<FieldError>),
    /// A stale edit: someone saved this contact after the agent opened it.
    #[error("Changed by {by} at {at} — review and save again.")]
    Conflict {
        by: String,
        at: DateTime<Utc>,
        current: Box<Contact>,
    },
    #[error("Email or password is wrong.")]
    BadCredentials,
    /// Sign-in refused by the rate limit; the message says how long to wait.
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("Something went wrong on the server. Please try again.")]
    Internal,
    #[error("Could not reach the server ({0}).")]
    Transport(String),
}

impl AppError {
    /// Field errors, if this is a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(format!("The request was malformed: {msg}"))
            }
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Response(msg) => {
                AppError::Transport(msg)
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => AppError::Forbidden,
            StoreError::Conflict { current } => AppError::Conflict {
                by: current
                    .updated_by
                    .as_ref()
                    .map(|u| u.name.clone())
                    .unwrap_or_else(|| "another user".into()),
                at: current.updated_at,
                current,
            },
            StoreError::Duplicate { field, message } | StoreError::Invalid { field, message } => {
                AppError::Validation(vec![FieldError::new(field, message)])
            }
            StoreError::Backend(cause) => {
                tracing::error!(%cause, "store failure");
                AppError::Internal
            }
        }
    }
}
