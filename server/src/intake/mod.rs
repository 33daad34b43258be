//! Communications intake over HTTP (SPEC §3.7): the endpoints mail services, SMS gateways and
//! chat widgets post to, authenticated by the tenant's inbound token, and outgoing SMTP.
//!
//! - `POST /api/v1/inbound/email` — `Authorization: Bearer <token>`, body one raw RFC 5322
//!   message (`message/rfc822`), at most 25 MiB.
//! - `POST /api/v1/inbound/messages` — the same token, body JSON
//!   `{channel, from, to, text, sent_at, external_id}`, at most 256 KiB.
//!
//! Both answer `201 {"status": "stored", …}` once the message is committed to the database,
//! `200 {"status": "duplicate", …}` for a Message-ID / external id already stored, `401` for a
//! missing or wrong token, `413` for an over-size body, `415` for the wrong content type,
//! `422` for a message that cannot be used (no From, not MIME, bad field) — nothing is stored
//! then — and `503` when it could not be stored (the sender should retry).

pub mod email;
pub mod mailer;
pub mod messages;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use serde_json::json;

use app::intake::{InboundMessage, IngestOutcome};
use app::model::{Tenant, TenantId};
use app::store::StoreError;

use crate::startup::AppState;

/// A refusal: its status and a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeError {
    pub status: StatusCode,
    pub message: String,
}

impl IntakeError {
    pub fn unprocessable(message: impl Into<String>) -> IntakeError {
        IntakeError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: message.into(),
        }
    }

    pub fn too_large(limit: usize) -> IntakeError {
        IntakeError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: if limit >= 1024 * 1024 {
                format!("The message is larger than {} MiB.", limit / (1024 * 1024))
            } else {
                format!("The message is larger than {} KiB.", limit / 1024)
            },
        }
    }

    fn unauthorized() -> IntakeError {
        IntakeError {
            status: StatusCode::UNAUTHORIZED,
            message: "Send the tenant's inbound token as `Authorization: Bearer <token>`.".into(),
        }
    }

    fn unavailable(message: impl Into<String>) -> IntakeError {
        IntakeError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }
}

impl IntoResponse for IntakeError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.message }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
        }
        response
    }
}

pub fn routes() -> Router<AppState> {
    // Each endpoint has its own body limit (instead of axum's 2 MB default and the app's
    // 1 MiB): a sub-router per route, so the limit layer wraps only that route.
    let email = Router::new()
        .route("/api/v1/inbound/email", post(inbound_email))
        .layer(DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            email::MAX_EMAIL_BYTES,
        ));
    let messages = Router::new()
        .route("/api/v1/inbound/messages", post(inbound_message))
        .layer(DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            messages::MAX_MESSAGE_BYTES,
        ));
    email.merge(messages)
}

/// The tenant whose inbound token the request carries.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Tenant, IntakeError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(IntakeError::unauthorized)?;
    let tenant = presented
        .split_once('.')
        .and_then(|(t, _)| t.parse::<i64>().ok())
        .map(TenantId)
        .ok_or_else(IntakeError::unauthorized)?;
    let salt = match state.store.inbound_token_salt(tenant).await {
        Ok(Some(salt)) => salt,
        Ok(None) | Err(StoreError::NotFound) => return Err(IntakeError::unauthorized()),
        Err(e) => return Err(store_failure(e)),
    };
    if !app::auth::server::inbound_token_matches(
        &state.settings.session_secret,
        tenant,
        &salt,
        presented,
    ) {
        return Err(IntakeError::unauthorized());
    }
    state.store.tenant(tenant).await.map_err(store_failure)
}

fn store_failure(e: StoreError) -> IntakeError {
    match e {
        StoreError::Invalid { message, .. } => IntakeError::unavailable(message),
        other => {
            tracing::error!(error = %other, "storing an inbound message failed");
            IntakeError::unavailable("The message could not be stored; try again later.")
        }
    }
}

/// Stores the message; a race with a concurrent delivery of the same message answers as a
/// duplicate.
async fn store(
    state: &AppState,
    tenant: TenantId,
    message: &InboundMessage,
) -> Result<Response, IntakeError> {
    let outcome = match state.store.ingest(tenant, message, Utc::now()).await {
        Err(StoreError::Duplicate { .. }) => state.store.ingest(tenant, message, Utc::now()).await,
        other => other,
    }
    .map_err(store_failure)?;
    tracing::info!(
        tenant = tenant.0,
        channel = message.channel.kind(),
        communication = outcome.communication_id,
        duplicate = outcome.duplicate,
        work_item = outcome.work_item.as_deref().unwrap_or("-"),
        "inbound message"
    );
    count_for_insights(state, tenant, message, &outcome).await;
    Ok(answer(&outcome))
}

/// Counts a newly stored message toward its contact's Personality Insights (when the tenant
/// has them on). The message is stored already: a failure here is logged, never refused.
async fn count_for_insights(
    state: &AppState,
    tenant: TenantId,
    message: &InboundMessage,
    outcome: &IngestOutcome,
) {
    let Some(contact) = outcome.contact_id else {
        return;
    };
    if outcome.duplicate || outcome.auto_reply {
        return;
    }
    if let Err(e) = app::insights_imp::record_incoming(
        state.store.as_ref(),
        tenant,
        contact,
        app::insights_imp::kind_of(message.channel),
        outcome.communication_id,
        // As stored: a time in the future is the time it arrived.
        message.occurred_at.min(Utc::now()),
        &message.text,
    )
    .await
    {
        tracing::warn!(
            tenant = tenant.0,
            communication = outcome.communication_id,
            error = %e,
            "counting a message for personality insights failed"
        );
    }
}

fn answer(outcome: &IngestOutcome) -> Response {
    let status = if outcome.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let body = json!({
        "status": if outcome.duplicate { "duplicate" } else { "stored" },
        "communication_id": outcome.communication_id,
        "contact_id": outcome.contact_id.map(|c| c.0),
        "contact_created": outcome.contact_created,
        "work_item": outcome.work_item,
        "work_item_action": outcome.work_item_action,
        "auto_reply": outcome.auto_reply,
    });
    (status, Json(body)).into_response()
}

fn content_type_is(headers: &HeaderMap, accepted: &[&str]) -> bool {
    match headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(v) => {
            let essence = v
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            accepted.contains(&essence.as_str())
        }
    }
}

/// The body, when its content type is one of `accepted` (or not given) and it fits `limit`.
fn checked_body(
    headers: &HeaderMap,
    (accepted, name): (&[&str], &str),
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
    limit: usize,
) -> Result<Bytes, IntakeError> {
    if !content_type_is(headers, accepted) {
        return Err(IntakeError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: format!("Post the body as `Content-Type: {name}`."),
        });
    }
    body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => IntakeError::too_large(limit),
        status => IntakeError {
            status,
            message: e.body_text(),
        },
    })
}

async fn inbound_email(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let result = async {
        let tenant = authenticate(&state, &headers).await?;
        let body = checked_body(
            &headers,
            (
                &["message/rfc822", "application/octet-stream", "text/plain"],
                "message/rfc822",
            ),
            body,
            email::MAX_EMAIL_BYTES,
        )?;
        if body.is_empty() {
            return Err(IntakeError::unprocessable(
                "The body is empty: post the raw message.",
            ));
        }
        let message = email::parse_email(&body, Utc::now())?;
        store(&state, tenant.id, &message).await
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

async fn inbound_message(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let result = async {
        let tenant = authenticate(&state, &headers).await?;
        let body = checked_body(
            &headers,
            (&["application/json"], "application/json"),
            body,
            messages::MAX_MESSAGE_BYTES,
        )?;
        let input: messages::MessageIn = serde_json::from_slice(&body)
            .map_err(|e| IntakeError::unprocessable(format!("Not the expected JSON: {e}.")))?;
        let message = messages::parse_message(input, &tenant.settings.default_region, Utc::now())?;
        store(&state, tenant.id, &message).await
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}
