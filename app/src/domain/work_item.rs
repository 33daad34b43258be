//! Work item states and what moves them (SPEC §3.5), and the tag rules of the Contacts card
//! (SPEC §3.3). Pure functions: the server runs them before it writes, the browser runs them to
//! offer only the buttons that can work.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A work item's state. Running = Draft, To Do, In Progress, Waiting; completed = Resolved,
/// Closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkItemState {
    Draft,
    ToDo,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl WorkItemState {
    pub const ALL: [WorkItemState; 6] = [
        WorkItemState::Draft,
        WorkItemState::ToDo,
        WorkItemState::InProgress,
        WorkItemState::Waiting,
        WorkItemState::Resolved,
        WorkItemState::Closed,
    ];

    /// The stored form (`to_do`).
    pub fn as_str(self) -> &'static str {
        match self {
            WorkItemState::Draft => "draft",
            WorkItemState::ToDo => "to_do",
            WorkItemState::InProgress => "in_progress",
            WorkItemState::Waiting => "waiting",
            WorkItemState::Resolved => "resolved",
            WorkItemState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<WorkItemState> {
        WorkItemState::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkItemState::Draft => "Draft",
            WorkItemState::ToDo => "To Do",
            WorkItemState::InProgress => "In Progress",
            WorkItemState::Waiting => "Waiting",
            WorkItemState::Resolved => "Resolved",
            WorkItemState::Closed => "Closed",
        }
    }

    pub fn is_running(self) -> bool {
        !self.is_completed()
    }

    pub fn is_completed(self) -> bool {
        matches!(self, WorkItemState::Resolved | WorkItemState::Closed)
    }
}

/// Why a work item waits (SPEC §3.5: "more information / until a date").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitingReason {
    /// Waiting for the contact (or someone) to send more information.
    MoreInformation,
    /// Waiting until a date.
    Until(chrono::NaiveDate),
}

impl WaitingReason {
    /// The stored form: `more_information` or `until:2026-12-01`.
    pub fn to_stored(&self) -> String {
        match self {
            WaitingReason::MoreInformation => "more_information".into(),
            WaitingReason::Until(d) => format!("until:{d}"),
        }
    }

    pub fn from_stored(s: &str) -> Option<WaitingReason> {
        if s == "more_information" {
            return Some(WaitingReason::MoreInformation);
        }
        let date = s.strip_prefix("until:")?;
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .map(WaitingReason::Until)
    }

    pub fn label(&self) -> String {
        match self {
            WaitingReason::MoreInformation => "Waiting for more information".into(),
            WaitingReason::Until(d) => format!("Waiting until {}", d.format("%-d %b %Y")),
        }
    }
}

/// A state change the agent asks for (the buttons in the work item's header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    /// Draft → To Do.
    Submit,
    /// To Do → In Progress, assigned to the agent.
    Take,
    /// Waiting → In Progress.
    Resume,
    /// To Do or In Progress → Waiting, with a reason.
    Wait(WaitingReason),
    /// In Progress → To Do, unassigned (hand the item back to its queue).
    Release,
    /// To Do, In Progress or Waiting → Resolved.
    Resolve,
    /// Resolved → To Do.
    Reopen,
    /// Resolved → Closed.
    Close,
}

impl Transition {
    /// The button's words.
    pub fn label(&self) -> &'static str {
        match self {
            Transition::Submit => "Submit",
            Transition::Take => "Take it",
            Transition::Resume => "Resume",
            Transition::Wait(_) => "Wait",
            Transition::Release => "Put back in queue",
            Transition::Resolve => "Resolve",
            Transition::Reopen => "Reopen",
            Transition::Close => "Close",
        }
    }

    /// A short name, used in forms and URLs (`wait` for every reason).
    pub fn name(&self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Take => "take",
            Transition::Resume => "resume",
            Transition::Wait(_) => "wait",
            Transition::Release => "release",
            Transition::Resolve => "resolve",
            Transition::Reopen => "reopen",
            Transition::Close => "close",
        }
    }
}

/// Ticket or Case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkItemKind {
    Ticket,
    Case,
}

impl WorkItemKind {
    pub fn parse(s: &str) -> Option<WorkItemKind> {
        match s {
            "ticket" => Some(WorkItemKind::Ticket),
            "case" => Some(WorkItemKind::Case),
            _ => None,
        }
    }
}

/// What the state machine needs to know about the item besides its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemFacts {
    pub kind: WorkItemKind,
    pub state: WorkItemState,
    pub has_primary_contact: bool,
    pub has_requester: bool,
}

/// Where a transition leads: the new state, and what happens to the assignee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub state: WorkItemState,
    pub assignee: AssigneeChange,
    pub waiting_reason: Option<WaitingReason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssigneeChange {
    Keep,
    /// The agent who asked.
    Actor,
    Clear,
}

/// Why a transition was refused; the message is shown to the agent as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Applies `t` to an item (SPEC §3.5). Tickets leave Draft only with a Primary Contact and a
/// Requester; Waiting needs a reason; a date to wait until must be after `today`.
pub fn transition(
    facts: ItemFacts,
    t: &Transition,
    today: chrono::NaiveDate,
) -> Result<Outcome, Refusal> {
    use WorkItemState::*;
    let to = |state, assignee| Outcome {
        state,
        assignee,
        waiting_reason: None,
    };
    let refuse = || {
        Err(Refusal(format!(
            "A work item in {} cannot {}.",
            facts.state.label(),
            t.label().to_lowercase()
        )))
    };
    match (facts.state, t) {
        (Draft, Transition::Submit) => {
            if facts.kind == WorkItemKind::Ticket {
                let missing: Vec<&str> = [
                    (!facts.has_primary_contact).then_some("a Primary Contact"),
                    (!facts.has_requester).then_some("a Requester"),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !missing.is_empty() {
                    return Err(Refusal(format!(
                        "A ticket needs {} before it is submitted.",
                        missing.join(" and ")
                    )));
                }
            }
            Ok(to(ToDo, AssigneeChange::Keep))
        }
        (ToDo, Transition::Take) => Ok(to(InProgress, AssigneeChange::Actor)),
        (Waiting, Transition::Resume) => Ok(to(InProgress, AssigneeChange::Keep)),
        (ToDo | InProgress, Transition::Wait(reason)) => {
            if let WaitingReason::Until(date) = reason
                && *date <= today
            {
                return Err(Refusal(
                    "The date to wait until must be in the future.".into(),
                ));
            }
            // An agent's update to a To Do item makes it theirs (SPEC §3.5).
            let assignee = if facts.state == ToDo {
                AssigneeChange::Actor
            } else {
                AssigneeChange::Keep
            };
            Ok(Outcome {
                state: Waiting,
                assignee,
                waiting_reason: Some(reason.clone()),
            })
        }
        (InProgress, Transition::Release) => Ok(to(ToDo, AssigneeChange::Clear)),
        (ToDo | InProgress | Waiting, Transition::Resolve) => {
            let assignee = if facts.state == ToDo {
                AssigneeChange::Actor
            } else {
                AssigneeChange::Keep
            };
            Ok(to(Resolved, assignee))
        }
        (Resolved, Transition::Reopen) => Ok(to(ToDo, AssigneeChange::Keep)),
        (Resolved, Transition::Close) => Ok(to(Closed, AssigneeChange::Keep)),
        _ => refuse(),
    }
}

/// The transitions offered in `state` (Wait stands for both reasons).
pub fn offered(state: WorkItemState) -> Vec<Transition> {
    use WorkItemState::*;
    let wait = Transition::Wait(WaitingReason::MoreInformation);
    match state {
        Draft => vec![Transition::Submit],
        ToDo => vec![Transition::Take, wait, Transition::Resolve],
        InProgress => vec![wait, Transition::Resolve, Transition::Release],
        Waiting => vec![Transition::Resume, Transition::Resolve],
        Resolved => vec![Transition::Reopen, Transition::Close],
        Closed => vec![],
    }
}

/// An edit of the item's fields (title, description, due date, queue, assignee) by an agent:
/// on a To Do item it assigns the item to them (unless the edit names another assignee) and
/// makes it In Progress (SPEC §3.5). Other states are kept. Closed items cannot be edited.
pub fn after_edit(state: WorkItemState) -> Result<(WorkItemState, bool), Refusal> {
    match state {
        WorkItemState::Closed => Err(Refusal(
            "A closed work item cannot be changed; it is kept as it was closed.".into(),
        )),
        WorkItemState::ToDo => Ok((WorkItemState::InProgress, true)),
        other => Ok((other, false)),
    }
}

/// A contact's role on one work item (SPEC §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tag {
    PrimaryContact,
    Requester,
    OriginalRequester,
    Subject,
    Cc,
}

impl Tag {
    /// Display order.
    pub const ALL: [Tag; 5] = [
        Tag::PrimaryContact,
        Tag::Requester,
        Tag::OriginalRequester,
        Tag::Subject,
        Tag::Cc,
    ];

    /// The stored form, as in `work_item_contacts.tags`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::PrimaryContact => "primary",
            Tag::Requester => "requester",
            Tag::OriginalRequester => "original_requester",
            Tag::Subject => "subject",
            Tag::Cc => "cc",
        }
    }

    pub fn parse(s: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tag::PrimaryContact => "Primary Contact",
            Tag::Requester => "Requester",
            Tag::OriginalRequester => "Original Requester",
            Tag::Subject => "Subject",
            Tag::Cc => "CC",
        }
    }

    /// Primary Contact, Requester, Original Requester and Subject have at most one holder.
    pub fn single_holder(self) -> bool {
        self != Tag::Cc
    }

    /// Parses a stored comma-separated list, in display order, unknown names dropped.
    pub fn parse_list(s: &str) -> Vec<Tag> {
        let mut tags: Vec<Tag> = s.split(',').filter_map(|t| Tag::parse(t.trim())).collect();
        tags.sort();
        tags.dedup();
        tags
    }

    /// The stored comma-separated form, in display order.
    pub fn join(tags: &[Tag]) -> String {
        let mut tags = tags.to_vec();
        tags.sort();
        tags.dedup();
        tags.iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The tags the first contact added to a work item gets.
pub const FIRST_CONTACT_TAGS: [Tag; 4] = [
    Tag::PrimaryContact,
    Tag::Requester,
    Tag::Subject,
    Tag::OriginalRequester,
];

/// The contacts on one work item and their tags, in the order they were added.
pub type Tagging = Vec<(i64, Vec<Tag>)>;

fn holder(tagging: &Tagging, tag: Tag) -> Option<i64> {
    tagging
        .iter()
        .find(|(_, tags)| tags.contains(&tag))
        .map(|(id, _)| *id)
}

/// Whether the item must keep a Primary Contact and a Requester: a ticket that has left Draft.
pub fn needs_primary_and_requester(kind: WorkItemKind, state: WorkItemState) -> bool {
    kind == WorkItemKind::Ticket && state != WorkItemState::Draft
}

fn check_required(after: &Tagging, required: bool) -> Result<(), Refusal> {
    if !required {
        return Ok(());
    }
    for tag in [Tag::PrimaryContact, Tag::Requester] {
        if holder(after, tag).is_none() {
            return Err(Refusal(format!(
                "A submitted ticket keeps a {}: give the tag to another contact first.",
                tag.label()
            )));
        }
    }
    Ok(())
}

/// Adds a contact to the item: the first contact gets Primary Contact, Requester, Subject and
/// Original Requester; later ones are CC'd. A contact already on the item is refused.
pub fn add_contact(before: &Tagging, contact: i64) -> Result<Tagging, Refusal> {
    if before.iter().any(|(id, _)| *id == contact) {
        return Err(Refusal("This contact is already on the work item.".into()));
    }
    let mut after = before.clone();
    let tags = if before.is_empty() {
        let mut t = FIRST_CONTACT_TAGS.to_vec();
        t.sort();
        t
    } else {
        vec![Tag::Cc]
    };
    after.push((contact, tags));
    Ok(after)
}

/// Gives `contact` exactly the tags `wanted`: single-holder tags move from whoever held them;
/// CC may have many holders. Original Requester never changes once set: it can be neither
/// taken from its holder nor given to another contact. A contact left with no tags stays on
/// the item (it can be removed separately).
pub fn set_tags(
    before: &Tagging,
    contact: i64,
    wanted: &[Tag],
    required: bool,
) -> Result<Tagging, Refusal> {
    let Some(current) = before.iter().find(|(id, _)| *id == contact) else {
        return Err(Refusal("This contact is not on the work item.".into()));
    };
    let original = holder(before, Tag::OriginalRequester);
    let wants_original = wanted.contains(&Tag::OriginalRequester);
    let has_original = current.1.contains(&Tag::OriginalRequester);
    if has_original && !wants_original {
        return Err(Refusal(
            "The Original Requester never changes once set.".into(),
        ));
    }
    if wants_original && !has_original && original.is_some() {
        return Err(Refusal(
            "The Original Requester never changes once set.".into(),
        ));
    }
    let mut wanted = wanted.to_vec();
    wanted.sort();
    wanted.dedup();
    let after: Tagging = before
        .iter()
        .map(|(id, tags)| {
            if *id == contact {
                (*id, wanted.clone())
            } else {
                let kept = tags
                    .iter()
                    .copied()
                    .filter(|t| !(t.single_holder() && wanted.contains(t)))
                    .collect();
                (*id, kept)
            }
        })
        .collect();
    check_required(&after, required)?;
    Ok(after)
}

/// Removes a contact from the item; the Original Requester cannot be removed, nor (on a
/// submitted ticket) the only holder of Primary Contact or Requester.
pub fn remove_contact(before: &Tagging, contact: i64, required: bool) -> Result<Tagging, Refusal> {
    let Some(current) = before.iter().find(|(id, _)| *id == contact) else {
        return Err(Refusal("This contact is not on the work item.".into()));
    };
    if current.1.contains(&Tag::OriginalRequester) {
        return Err(Refusal(
            "The Original Requester cannot be removed from the work item.".into(),
        ));
    }
    let after: Tagging = before
        .iter()
        .filter(|(id, _)| *id != contact)
        .cloned()
        .collect();
    check_required(&after, required)?;
    Ok(after)
}

#[cfg(test)]
#[path = "work_item_tests.rs"]
mod tests;
