//! The server side of `work_items_api`: session, input checks, the domain rules, then the
//! store. A rule computed from what was read is written only if the item is still at the
//! version read; tag changes re-read and re-apply the rule when someone else changed the item
//! in between, so two agents tagging at once both land.

use chrono::{NaiveDate, NaiveDateTime, Utc};

use super::*;
use crate::activity_api::imp::{check_offset, for_viewer, note_text};
use crate::domain::work_item::{
    self, AssigneeChange, ItemFacts, Tag, Tagging, Transition, WaitingReason, WorkItemKind,
    WorkItemState,
};
use crate::model::{CreatedVia, SessionUser, UserId};
use crate::server_ctx::{redirect_plain_form, session_user, store};
use crate::store::{NewCommunication, StoreError};
use crate::store_work::WorkItemChange;

const COMMS_PAGE_SIZE: u32 = 20;
const DUPLICATES_SHOWN: u32 = 10;
/// Tag changes retry this often when the item changes under them.
const TAG_TRIES: usize = 5;

fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// The item by reference in the user's tenant; another tenant's reference is not found.
async fn known_item(user: &SessionUser, reference: &str) -> Result<WorkItemView, AppError> {
    let reference = reference.trim();
    if reference.chars().count() > MAX_REFERENCE_CHARS {
        return Err(bad(format!(
            "A work item reference has at most {MAX_REFERENCE_CHARS} characters."
        )));
    }
    if reference.is_empty() {
        return Err(AppError::NotFound);
    }
    store()?
        .work_item(user.tenant_id, reference)
        .await?
        .ok_or(AppError::NotFound)
}

fn state_of(item: &WorkItemView) -> Result<WorkItemState, AppError> {
    WorkItemState::parse(&item.state).ok_or(AppError::Internal)
}

fn kind_of(item: &WorkItemView) -> WorkItemKind {
    WorkItemKind::parse(&item.kind).unwrap_or(WorkItemKind::Ticket)
}

/// A stale version is an ordinary answer the page shows, not a server failure.
fn stale_or(e: StoreError) -> AppError {
    match e {
        StoreError::Invalid { field, message } if field == "version" => bad(message),
        other => other.into(),
    }
}

pub async fn get_work_item(reference: String) -> Result<WorkItemHit, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    Ok(WorkItemHit {
        id: item.id,
        reference: item.reference,
        title: item.title,
        type_name: item.type_name,
        state: item.state,
        due_at: item.due_at,
        assignee: item.assignee.map(|a| a.name),
    })
}

pub async fn work_item_page(reference: String) -> Result<WorkItemPageData, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    let store = store()?;
    let state = state_of(&item)?;
    let (contacts, queues, agents, me) = tokio::try_join!(
        store.tagged_contacts(user.tenant_id, item.id),
        store.queues(user.tenant_id),
        store.agents(user.tenant_id),
        store.user_ref(user.tenant_id, user.user_id),
    )?;
    Ok(WorkItemPageData {
        offered: work_item::offered(state)
            .iter()
            .map(|t| t.name().to_string())
            .collect(),
        item,
        contacts,
        queues,
        agents,
        me: me.ok_or(AppError::Unauthorized)?,
    })
}

pub async fn work_item_contacts(reference: String) -> Result<Vec<TaggedContact>, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    Ok(store()?.tagged_contacts(user.tenant_id, item.id).await?)
}

/// The edit form's fields as a change, or the field errors.
pub fn parse_edit(edit: &WorkItemEdit) -> Result<WorkItemChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = edit.title.trim().to_string();
    if title.is_empty() {
        errors.push(FieldError::new("title", "A work item needs a title."));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new(
            "title",
            format!("A title has at most {MAX_TITLE_CHARS} characters."),
        ));
    }
    let description = edit.description.trim_end().to_string();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        errors.push(FieldError::new(
            "description",
            format!("A description has at most {MAX_DESCRIPTION_CHARS} characters."),
        ));
    }
    if title
        .chars()
        .chain(description.chars())
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.push(FieldError::new(
            "title",
            "Control characters are not allowed.",
        ));
    }
    let due = edit.due.trim();
    let due_at = if due.is_empty() {
        None
    } else {
        match NaiveDateTime::parse_from_str(due, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(due, "%Y-%m-%dT%H:%M:%S"))
        {
            Ok(t) => Some(t.and_utc()),
            Err(_) => {
                errors.push(FieldError::new(
                    "due",
                    "Give the due date as a date and time (YYYY-MM-DD HH:MM).",
                ));
                None
            }
        }
    };
    let assignee_id = match edit.assignee_id.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => Some(UserId(id)),
            Err(_) => {
                errors.push(FieldError::new(
                    "assignee_id",
                    "Pick one of the agents listed.",
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(WorkItemChange {
        title,
        description,
        due_at,
        queue_id: edit.queue_id,
        assignee_id,
        state: String::new(),
        waiting_reason: None,
    })
}

/// Writes `change` to `item` by the signed-in user, if the item is still at `version`.
async fn save(
    user: &SessionUser,
    item: &WorkItemView,
    version: i64,
    change: &WorkItemChange,
) -> Result<(), StoreError> {
    let store = store().map_err(|_| StoreError::Backend("no store".into()))?;
    store
        .save_work_item(
            user.tenant_id,
            user.user_id,
            item.id,
            version,
            change,
            Utc::now(),
        )
        .await
}

async fn reload(user: &SessionUser, reference: &str) -> Result<WorkItemOutcome, AppError> {
    Ok(WorkItemOutcome::Saved(Box::new(
        known_item(user, reference).await?,
    )))
}

pub async fn save_work_item(
    reference: String,
    version: i64,
    edit: WorkItemEdit,
) -> Result<WorkItemOutcome, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    let mut change = match parse_edit(&edit) {
        Ok(change) => change,
        Err(errors) => return Ok(WorkItemOutcome::Invalid(errors)),
    };
    let (state, assign_me) = work_item::after_edit(state_of(&item)?).map_err(|r| bad(r.0))?;
    let current = WorkItemChange::from_view(&item);
    let unchanged = WorkItemChange {
        state: current.state.clone(),
        waiting_reason: current.waiting_reason.clone(),
        ..change.clone()
    } == current;
    if unchanged {
        return Ok(WorkItemOutcome::Saved(Box::new(item)));
    }
    // An agent's update to a To Do item makes it theirs, unless they named someone else.
    if assign_me && change.assignee_id == current.assignee_id {
        change.assignee_id = Some(user.user_id);
    }
    change.state = state.as_str().to_string();
    change.waiting_reason = item.waiting_reason.clone();
    match save(&user, &item, version, &change).await {
        Ok(()) => reload(&user, &item.reference).await,
        Err(StoreError::Invalid { field, message }) if field != "version" => Ok(
            WorkItemOutcome::Invalid(vec![FieldError::new(field, message)]),
        ),
        Err(e) => Err(stale_or(e)),
    }
}

/// The transition a form asked for.
pub fn parse_transition(
    name: &str,
    reason: Option<&str>,
    until: Option<&str>,
) -> Result<Transition, String> {
    Ok(match name {
        "submit" => Transition::Submit,
        "take" => Transition::Take,
        "resume" => Transition::Resume,
        "release" => Transition::Release,
        "resolve" => Transition::Resolve,
        "reopen" => Transition::Reopen,
        "close" => Transition::Close,
        "wait" => match reason.map(str::trim) {
            Some("more_information") => Transition::Wait(WaitingReason::MoreInformation),
            Some("until") => {
                let date = until.map(str::trim).unwrap_or_default();
                match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                    Ok(d) => Transition::Wait(WaitingReason::Until(d)),
                    Err(_) => return Err("Give the date to wait until (YYYY-MM-DD).".into()),
                }
            }
            _ => {
                return Err("Waiting needs a reason: more information, or until a date.".into());
            }
        },
        other => return Err(format!("Unknown state change “{other}”.")),
    })
}

pub async fn change_state(
    reference: String,
    version: i64,
    transition: String,
    reason: Option<String>,
    until: Option<String>,
) -> Result<WorkItemOutcome, AppError> {
    let user = session_user()?;
    let item = known_item(&user, &reference).await?;
    let t = parse_transition(&transition, reason.as_deref(), until.as_deref()).map_err(bad)?;
    let store = store()?;
    let tagging = store.tagging(user.tenant_id, item.id).await?;
    let holds = |tag: Tag| tagging.iter().any(|(_, tags)| tags.contains(&tag));
    let facts = ItemFacts {
        kind: kind_of(&item),
        state: state_of(&item)?,
        has_primary_contact: holds(Tag::PrimaryContact),
        has_requester: holds(Tag::Requester),
    };
    let outcome =
        work_item::transition(facts, &t, Utc::now().date_naive()).map_err(|r| bad(r.0))?;
    let mut change = WorkItemChange::from_view(&item);
    change.state = outcome.state.as_str().to_string();
    change.waiting_reason = outcome
        .waiting_reason
        .as_ref()
        .map(WaitingReason::to_stored);
    match outcome.assignee {
        AssigneeChange::Keep => {}
        AssigneeChange::Actor => change.assignee_id = Some(user.user_id),
        AssigneeChange::Clear => change.assignee_id = None,
    }
    save(&user, &item, version, &change)
        .await
        .map_err(stale_or)?;
    redirect_plain_form(&work_item_path(&item.reference));
    reload(&user, &item.reference).await
}

pub async fn list_work_items(
    filter: WorkItemFilter,
    offset: u32,
) -> Result<WorkItemsPage, AppError> {
    let user = session_user()?;
    check_offset(offset)?;
    let known = ["", "running", "completed", "all"];
    if !known.contains(&filter.state.as_str()) && WorkItemState::parse(&filter.state).is_none() {
        return Err(bad(format!("Unknown state “{}”.", filter.state)));
    }
    let (rows, has_more) = store()?
        .list_work_items(
            user.tenant_id,
            user.user_id,
            &filter,
            offset,
            WORK_ITEMS_PER_PAGE,
        )
        .await?;
    Ok(WorkItemsPage { rows, has_more })
}

pub async fn queues() -> Result<Vec<QueueRef>, AppError> {
    let user = session_user()?;
    Ok(store()?.queues(user.tenant_id).await?)
}

pub async fn take_next(queue_id: i64) -> Result<Option<String>, AppError> {
    let user = session_user()?;
    let taken = store()?
        .take_next(user.tenant_id, user.user_id, queue_id, Utc::now())
        .await?;
    match &taken {
        Some(reference) => redirect_plain_form(&work_item_path(reference)),
        None => redirect_plain_form(&format!("/work-items?queue={queue_id}&empty=1")),
    }
    Ok(taken)
}

async fn comms(reference: String, offset: u32, notes: bool) -> Result<CommsPage, AppError> {
    let user = session_user()?;
    check_offset(offset)?;
    let item = known_item(&user, &reference).await?;
    let (items, has_more) = store()?
        .work_item_communications(user.tenant_id, item.id, notes, offset, COMMS_PAGE_SIZE)
        .await?;
    Ok(CommsPage {
        items: items.into_iter().map(|c| for_viewer(&user, c)).collect(),
        has_more,
    })
}

pub async fn work_item_notes(reference: String, offset: u32) -> Result<CommsPage, AppError> {
    comms(reference, offset, true).await
}

pub async fn work_item_communications(
    reference: String,
    offset: u32,
) -> Result<CommsPage, AppError> {
    comms(reference, offset, false).await
}

pub async fn add_work_item_note(
    reference: String,
    text: String,
) -> Result<CommunicationView, AppError> {
    let user = session_user()?;
    let text = note_text(&text)?;
    let item = known_item(&user, &reference).await?;
    let note = NewCommunication {
        kind: "note".into(),
        direction: "internal".into(),
        body_text: text,
        work_item_id: Some(item.id),
        ..Default::default()
    };
    let store = store()?;
    let id = store
        .add_communication(user.tenant_id, Some(user.user_id), &note, Utc::now())
        .await?;
    store
        .communication(user.tenant_id, id)
        .await?
        .map(|c| for_viewer(&user, c))
        .ok_or(AppError::Internal)
}

/// Applies a tag rule to the item's current tagging and saves it; when the item changed in
/// between, reads again and re-applies (the rule decides again on the fresh state).
async fn retag(
    user: &SessionUser,
    reference: &str,
    rule: impl Fn(&Tagging, bool) -> Result<Tagging, work_item::Refusal>,
) -> Result<Vec<TaggedContact>, AppError> {
    let store = store()?;
    for _ in 0..TAG_TRIES {
        let item = known_item(user, reference).await?;
        let state = state_of(&item)?;
        if state == WorkItemState::Closed {
            return Err(bad(
                "A closed work item cannot be changed; it is kept as it was closed.",
            ));
        }
        let required = work_item::needs_primary_and_requester(kind_of(&item), state);
        let before = store.tagging(user.tenant_id, item.id).await?;
        let after = rule(&before, required).map_err(|r| bad(r.0))?;
        match store
            .save_tagging(
                user.tenant_id,
                user.user_id,
                item.id,
                item.version,
                &after,
                Utc::now(),
            )
            .await
        {
            Ok(()) => {
                redirect_plain_form(&work_item_path(&item.reference));
                return Ok(store.tagged_contacts(user.tenant_id, item.id).await?);
            }
            Err(StoreError::Invalid { field, .. }) if field == "version" => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(bad(
        "This work item is being changed by others right now — try again.",
    ))
}

async fn known_contact(user: &SessionUser, contact_id: i64) -> Result<i64, AppError> {
    store()?
        .contact(user.tenant_id, ContactId(contact_id))
        .await?
        .map(|_| contact_id)
        .ok_or(AppError::NotFound)
}

pub async fn add_contact(
    reference: String,
    contact_id: i64,
) -> Result<Vec<TaggedContact>, AppError> {
    let user = session_user()?;
    let contact = known_contact(&user, contact_id).await?;
    retag(&user, &reference, |before, _| {
        work_item::add_contact(before, contact)
    })
    .await
}

pub async fn set_tags(
    reference: String,
    contact_id: i64,
    tags: Vec<String>,
) -> Result<Vec<TaggedContact>, AppError> {
    let user = session_user()?;
    let wanted = tags
        .iter()
        .map(|t| Tag::parse(t.trim()).ok_or_else(|| bad(format!("Unknown tag “{t}”."))))
        .collect::<Result<Vec<Tag>, AppError>>()?;
    retag(&user, &reference, |before, required| {
        work_item::set_tags(before, contact_id, &wanted, required)
    })
    .await
}

pub async fn remove_contact(
    reference: String,
    contact_id: i64,
) -> Result<Vec<TaggedContact>, AppError> {
    let user = session_user()?;
    retag(&user, &reference, |before, required| {
        work_item::remove_contact(before, contact_id, required)
    })
    .await
}

pub async fn duplicate_candidates(
    input: ContactInput,
) -> Result<Vec<DuplicateCandidate>, AppError> {
    let user = session_user()?;
    let store = store()?;
    let tenant = store.tenant(user.tenant_id).await?;
    let fields = lenient_fields(&input, &tenant.settings.default_region);
    Ok(store
        .duplicate_candidates(user.tenant_id, &fields, DUPLICATES_SHOWN)
        .await?)
}

/// What a half-filled form says for the duplicate check: the names, the email when it is a
/// valid address, the phones that normalise. A field that does not parse yet (a half-typed
/// phone) simply does not take part.
fn lenient_fields(input: &ContactInput, region: &str) -> crate::model::ContactFields {
    use crate::domain::contact::{email_problem, sort_key};
    use crate::domain::phone::normalise_phone;
    use crate::model::PhoneValue;
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let phone = |typed: &str| {
        let typed = typed.trim();
        (!typed.is_empty())
            .then(|| normalise_phone(typed, region).ok())
            .flatten()
            .map(|e164| PhoneValue {
                typed: typed.to_string(),
                e164,
            })
    };
    crate::model::ContactFields {
        first_name: text(&input.first_name).filter(|n| !sort_key(Some(n)).is_empty()),
        last_name: text(&input.last_name),
        email: text(&input.email).filter(|e| email_problem(e).is_none()),
        phone: phone(&input.phone),
        mobile: phone(&input.mobile),
        ..Default::default()
    }
}

pub async fn check_return_to(return_to: String) -> Result<String, AppError> {
    let user = session_user()?;
    let refused =
        || bad("This return address is not a work item here; the contact was not created.");
    let reference = reference_in_return_path(return_to.trim()).ok_or_else(refused)?;
    match known_item(&user, reference).await {
        Ok(item) => Ok(item.reference),
        Err(AppError::NotFound) => Err(refused()),
        Err(e) => Err(e),
    }
}

pub async fn create_contact_on_work_item(
    input: ContactInput,
    return_to: String,
) -> Result<CreateOnItemOutcome, AppError> {
    let user = session_user()?;
    // The return address is checked before anything is written.
    let reference = check_return_to(return_to).await?;
    let store = store()?;
    let tenant = store.tenant(user.tenant_id).await?;
    let fields = match input.validate(&tenant.settings.default_region) {
        Ok(fields) => fields,
        Err(errors) => return Ok(CreateOnItemOutcome::Invalid(errors)),
    };
    let contact = match store
        .create_contact(
            user.tenant_id,
            Some(user.user_id),
            &fields,
            CreatedVia::WorkItem,
            Utc::now(),
        )
        .await
        .map_err(AppError::from)
    {
        Ok(contact) => contact,
        Err(AppError::Validation(errors)) => return Ok(CreateOnItemOutcome::Invalid(errors)),
        Err(other) => return Err(other),
    };
    // The contact exists now; tagging it is a second step. If it fails the contact stays (it
    // is not lost) and the agent is told to add it from the card.
    let id = contact.id.0;
    retag(&user, &reference, |before, _| work_item::add_contact(before, id))
        .await
        .map_err(|e| {
            bad(format!(
                "The contact was created, but could not be added to {reference}: {e} Add it from the work item's Contacts card."
            ))
        })?;
    let return_to = work_item_path(&reference);
    redirect_plain_form(&return_to);
    Ok(CreateOnItemOutcome::Created {
        contact_id: contact.id,
        return_to,
    })
}
