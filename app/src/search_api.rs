//! Quickfind (SPEC §2.2, §3.4): the result types, and the server functions the header box and
//! the `/search` page call. The JSON endpoint `GET /api/v1/quickfind` answers from the same
//! `imp::quickfind`, so there is one implementation behind both.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::ContactId;

/// At most this many hits per group in the header's drop-down (SPEC §2.2).
pub const QUICKFIND_LIMIT: u32 = 8;
/// Hits per page on the full results page.
pub const SEARCH_PAGE_SIZE: u32 = 25;
/// The most hits any one request may ask for.
pub const MAX_LIMIT: u32 = 100;
/// The deepest page the full results page serves (ranking is computed per request).
pub const MAX_PAGE: u32 = 40;

/// A contact found by Quickfind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonHit {
    pub id: ContactId,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// The phone as typed (or the mobile when there is no phone).
    pub phone: Option<String>,
    /// The account's name (identifier when it has no name).
    pub account: Option<String>,
    /// Which field matched: `name`, `email`, `phone`, `mobile`, `account`.
    pub matched_field: String,
}

/// A work item found by Quickfind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkItemHit {
    pub id: i64,
    pub reference: String,
    pub title: String,
    /// The work item type's name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// `draft`, `to_do`, `in_progress`, `waiting`, `resolved`, `closed`.
    pub state: String,
    pub due_at: Option<DateTime<Utc>>,
    /// The assignee's name.
    pub assignee: Option<String>,
}

/// A communication (note, email, SMS, chat, call) found by Quickfind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunicationHit {
    pub id: i64,
    /// `note`, `email`, `sms`, `chat`, `call`.
    pub kind: String,
    /// `incoming`, `outgoing`, `internal`.
    pub direction: String,
    /// The other party: the sender of incoming, the recipient of outgoing messages.
    pub party: Option<String>,
    pub subject: Option<String>,
    /// Plain text around the first match (at most ~160 characters); the page highlights the
    /// query's words in it with `domain::highlight::highlight`.
    pub snippet: String,
    pub work_item_reference: Option<String>,
    pub contact_id: Option<ContactId>,
    pub occurred_at: DateTime<Utc>,
}

/// The three groups, best first, and the server time taken.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuickfindResults {
    pub people: Vec<PersonHit>,
    pub work_items: Vec<WorkItemHit>,
    pub communications: Vec<CommunicationHit>,
    /// True when a group has more hits than were returned (one per group, in order).
    pub more: [bool; 3],
    pub took_ms: f64,
}

/// One group of the full results page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchGroup {
    People,
    WorkItems,
    Communications,
}

impl SearchGroup {
    pub const ALL: [SearchGroup; 3] = [
        SearchGroup::People,
        SearchGroup::WorkItems,
        SearchGroup::Communications,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SearchGroup::People => "people",
            SearchGroup::WorkItems => "work_items",
            SearchGroup::Communications => "communications",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SearchGroup::People => "People",
            SearchGroup::WorkItems => "Work items",
            SearchGroup::Communications => "Communications",
        }
    }
    pub fn parse(s: &str) -> Option<SearchGroup> {
        SearchGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// What the store is asked: which groups, how many hits, from which position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub people: bool,
    pub work_items: bool,
    pub communications: bool,
    /// Hits per group.
    pub limit: u32,
    /// Hits to skip per group (paging on the full results page).
    pub offset: u32,
}

impl SearchRequest {
    /// All three groups, the first `limit` hits of each.
    pub fn all(limit: u32) -> SearchRequest {
        SearchRequest {
            people: true,
            work_items: true,
            communications: true,
            limit,
            offset: 0,
        }
    }
    /// One group's page `page` (1-based) of `per_page` hits.
    pub fn page(group: SearchGroup, page: u32, per_page: u32) -> SearchRequest {
        SearchRequest {
            people: group == SearchGroup::People,
            work_items: group == SearchGroup::WorkItems,
            communications: group == SearchGroup::Communications,
            limit: per_page,
            offset: page.saturating_sub(1) * per_page,
        }
    }
}

/// Quickfind for the header box: at most `limit` (≤ [`MAX_LIMIT`]) hits per group.
#[server(endpoint = "search/quickfind")]
pub async fn quickfind(q: String, limit: u32) -> Result<QuickfindResults, AppError> {
    crate::server_ctx::answer(imp::quickfind(&q, SearchRequest::all(limit)).await)
}

/// One page of one group for the full results page `/search?q=…&group=…&page=…`.
#[server(endpoint = "search/page")]
pub async fn search_page(
    q: String,
    group: SearchGroup,
    page: u32,
) -> Result<QuickfindResults, AppError> {
    let page = page.clamp(1, MAX_PAGE);
    crate::server_ctx::answer(
        imp::quickfind(&q, SearchRequest::page(group, page, SEARCH_PAGE_SIZE)).await,
    )
}

/// The server side, shared by the server functions and `GET /api/v1/quickfind`.
#[cfg(feature = "ssr")]
pub mod imp {
    use super::*;
    use crate::domain::quickfind::{MAX_INPUT_CHARS, Query};
    use crate::server_ctx::{session_user, store};

    /// Runs a query for the signed-in user's tenant. Over-long input is refused (the box
    /// limits it too); an empty query answers empty groups without touching the database.
    pub async fn quickfind(q: &str, request: SearchRequest) -> Result<QuickfindResults, AppError> {
        let user = session_user()?;
        run(user.tenant_id, q, request, store()?.as_ref()).await
    }

    /// [`quickfind`] for a known tenant (the JSON endpoint and the benchmark use it).
    pub async fn run(
        tenant: crate::model::TenantId,
        q: &str,
        request: SearchRequest,
        store: &dyn crate::store::Store,
    ) -> Result<QuickfindResults, AppError> {
        let started = std::time::Instant::now();
        if q.chars().count() > MAX_INPUT_CHARS * 5 {
            return Err(AppError::BadRequest(format!(
                "The search text is too long (at most {MAX_INPUT_CHARS} characters are used)."
            )));
        }
        let request = SearchRequest {
            limit: request.limit.clamp(1, MAX_LIMIT),
            offset: request.offset.min(MAX_PAGE * MAX_LIMIT),
            ..request
        };
        let query = Query::parse(q);
        let mut results = if query.is_empty() {
            QuickfindResults::default()
        } else {
            store.quickfind(tenant, &query, &request).await?
        };
        results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(results)
    }
}
