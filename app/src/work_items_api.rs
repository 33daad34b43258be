//! Server functions for work items. For now only reading one by its reference, so a Quickfind
//! hit has a page to land on; the full work item page (SPEC §2.4) comes with its own issue.

use leptos::prelude::*;

use crate::error::AppError;
use crate::search_api::WorkItemHit;

/// The longest reference accepted (a per-tenant number plus `-T`/`-C`, with room to spare).
pub const MAX_REFERENCE_CHARS: usize = 32;

/// A work item by its reference (`40308-T`, any letter case), in the signed-in user's tenant.
#[server(endpoint = "work-items/get")]
pub async fn get_work_item(reference: String) -> Result<WorkItemHit, AppError> {
    crate::server_ctx::answer(imp::get_work_item(reference).await)
}

/// The contacts tagged on a work item (by reference), with their tags.
#[server(endpoint = "work-items/contacts")]
pub async fn work_item_contacts(
    reference: String,
) -> Result<Vec<crate::model::TaggedContact>, AppError> {
    crate::server_ctx::answer(imp::work_item_contacts(reference).await)
}

/// The server side of the functions above.
#[cfg(feature = "ssr")]
mod imp {
    use super::*;
    use crate::server_ctx::{session_user, store};

    pub async fn work_item_contacts(
        reference: String,
    ) -> Result<Vec<crate::model::TaggedContact>, AppError> {
        let user = session_user()?;
        let item = get_work_item(reference).await?;
        Ok(store()?.tagged_contacts(user.tenant_id, item.id).await?)
    }

    pub async fn get_work_item(reference: String) -> Result<WorkItemHit, AppError> {
        let user = session_user()?;
        let reference = reference.trim();
        if reference.chars().count() > MAX_REFERENCE_CHARS {
            return Err(AppError::BadRequest(format!(
                "A work item reference has at most {MAX_REFERENCE_CHARS} characters."
            )));
        }
        if reference.is_empty() {
            return Err(AppError::NotFound);
        }
        store()?
            .work_item_by_reference(user.tenant_id, reference)
            .await?
            .ok_or(AppError::NotFound)
    }
}
