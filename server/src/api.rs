//! The JSON API for scripts and API clients: sign in/out, read a contact and its Personality
//! Insights, Quickfind.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::json;

use app::error::AppError;
use app::model::{ContactId, SessionUser};

use crate::startup::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(sign_in).delete(sign_out))
        .route("/contacts/{id}", get(contact))
        .route("/contacts/{id}/insights", get(contact_insights))
        .route("/quickfind", get(quickfind))
}

/// An `AppError` as an HTTP answer: a status and `{"error": message}`.
pub struct ApiError(pub AppError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = app::server_ctx::status_of(&self.0);
        let mut body = json!({ "error": self.0.to_string() });
        if let AppError::Validation(fields) = &self.0 {
            body["fields"] = json!(fields);
        }
        (status, Json(body)).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<app::store::StoreError> for ApiError {
    fn from(e: app::store::StoreError) -> Self {
        ApiError(e.into())
    }
}

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<app::auth::server::ClientAddress>>,
    body: Result<Json<Credentials>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(credentials) = body.map_err(|e| {
        ApiError(AppError::BadRequest(format!(
            "Expected JSON {{\"email\", \"password\"}}: {}",
            e.body_text()
        )))
    })?;
    let (user, cookie) = app::auth::server::sign_in(
        &state.store,
        &state.settings,
        &credentials.email,
        &credentials.password,
        &headers,
        client.as_ref().map(|Extension(a)| a.0.as_str()),
    )
    .await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({ "user": user })),
    )
        .into_response())
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    app::auth::server::sign_out(&state.store, &state.settings, &headers).await?;
    let cookie = app::auth::server::clearing_cookie(&state.settings);
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

async fn contact(
    State(state): State<AppState>,
    Extension(user): Extension<SessionUser>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // A malformed id is as unknown as a missing one.
    let id: i64 = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let contact = state
        .store
        .contact(user.tenant_id, ContactId(id))
        .await?
        .ok_or(ApiError(AppError::NotFound))?;
    Ok(Json(app::contacts_api::view_of(contact)).into_response())
}

/// `GET /api/v1/contacts/{id}/insights`: the contact's Personality Insights profile
/// (`insights::Profile`, SPEC §3.6). Not found for an unknown or foreign contact, and while
/// the tenant has the feature off.
async fn contact_insights(
    State(state): State<AppState>,
    Extension(user): Extension<SessionUser>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let profile = app::insights_api::imp::profile_for(state.store.as_ref(), &user, id).await?;
    Ok(Json(profile).into_response())
}

#[derive(Deserialize)]
struct QuickfindParams {
    #[serde(default)]
    q: String,
    limit: Option<String>,
}

/// `GET /api/v1/quickfind?q=…&limit=…`: the header box's answer as JSON (SPEC §2.2), from the
/// same implementation as the `quickfind` server function. `limit` is 1–100 (default 8).
async fn quickfind(
    State(state): State<AppState>,
    Extension(user): Extension<SessionUser>,
    params: Result<Query<QuickfindParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    use app::search_api::{MAX_LIMIT, QUICKFIND_LIMIT, SearchRequest};
    let Query(params) = params.map_err(|e| {
        ApiError(AppError::BadRequest(format!(
            "Bad query string: {}",
            e.body_text()
        )))
    })?;
    let limit = match params.limit.as_deref() {
        None | Some("") => QUICKFIND_LIMIT,
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(ApiError(AppError::BadRequest(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}."
                ))));
            }
        },
    };
    let results = app::search_api::imp::run(
        user.tenant_id,
        &params.q,
        SearchRequest::all(limit),
        state.store.as_ref(),
    )
    .await?;
    Ok(Json(results).into_response())
}
