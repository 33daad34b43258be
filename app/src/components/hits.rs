//! How one Quickfind hit reads (SPEC §2.2 items 3–5), shared by the header's drop-down and the
//! `/search` page so both show the same facts in the same words. Only the inside of a hit is
//! here; the caller wraps it in its own link (an `option` in the drop-down, a list item on the
//! page).

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::highlight::highlight;
use crate::domain::quickfind::Query;
use crate::format::urlencode;
use crate::model::display_name;
use crate::search_api::{CommunicationHit, PersonHit, SearchGroup, WorkItemHit};

/// `/contacts/{id}`: the person's Contact Activity page.
pub fn person_href(hit: &PersonHit) -> String {
    format!("/contacts/{}", hit.id.0)
}

/// `/work-items/{reference}`.
pub fn work_item_href(reference: &str) -> String {
    format!("/work-items/{}", urlencode(reference))
}

/// The work item a communication belongs to, else its contact; a communication that has
/// neither (it should not happen) leads to the full list of matching communications.
pub fn communication_href(hit: &CommunicationHit, typed: &str) -> String {
    match (&hit.work_item_reference, hit.contact_id) {
        (Some(reference), _) => work_item_href(reference),
        (None, Some(contact)) => format!("/contacts/{}", contact.0),
        (None, None) => search_href(typed, Some(SearchGroup::Communications), 1),
    }
}

/// The full results page: all groups, or one group's page (1-based).
pub fn search_href(typed: &str, group: Option<SearchGroup>, page: u32) -> String {
    let mut href = format!("/search?q={}", urlencode(typed));
    if let Some(group) = group {
        href.push_str("&group=");
        href.push_str(group.as_str());
        if page > 1 {
            href.push_str(&format!("&page={page}"));
        }
    }
    href
}

/// The create-contact form, pre-filled from what was typed (SPEC §2.2 item 7, §3.2).
pub fn create_contact_href(typed: &str) -> String {
    format!(
        "/contacts/new?via=quickfind&text={}",
        urlencode(typed.trim())
    )
}

/// "Show all people" and so on.
pub fn show_all_label(group: SearchGroup) -> &'static str {
    match group {
        SearchGroup::People => "Show all people",
        SearchGroup::WorkItems => "Show all work items",
        SearchGroup::Communications => "Show all communications",
    }
}

/// The time now. In the browser chrono's clock is not available without pulling in its
/// JavaScript bindings, so the browser's own clock is read.
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        let millis = leptos::web_sys::js_sys::Date::now() as i64;
        DateTime::from_timestamp_millis(millis).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Utc::now()
    }
}

/// How urgent a due date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Past its due time and still running.
    Overdue,
    /// Due later today (UTC, the date every page shows).
    Today,
    /// Due after today.
    Later,
    /// Resolved or closed: the due date is history, not a warning.
    Done,
    /// No due date.
    None,
}

impl Due {
    /// The CSS class that colours it (red, amber, green; never colour alone: see [`due_label`]).
    pub fn class(self) -> &'static str {
        match self {
            Due::Overdue => "due due-overdue",
            Due::Today => "due due-today",
            Due::Later => "due due-later",
            Due::Done => "due due-done",
            Due::None => "due due-none",
        }
    }
}

pub use crate::activity_api::is_completed;

/// Classifies a due date against `now`. Dates are compared in UTC, as every page shows them.
pub fn due_status(due: Option<DateTime<Utc>>, state: &str, now: DateTime<Utc>) -> Due {
    match due {
        None => Due::None,
        Some(_) if is_completed(state) => Due::Done,
        Some(due) if due < now => Due::Overdue,
        Some(due) if due.date_naive() == now.date_naive() => Due::Today,
        Some(_) => Due::Later,
    }
}

/// The due date in words, so the colour is never the only signal.
pub fn due_label(due: Option<DateTime<Utc>>, state: &str, now: DateTime<Utc>) -> String {
    let Some(at) = due else {
        return "No due date".to_string();
    };
    match due_status(due, state, now) {
        Due::Overdue => format!("Overdue: due {}", crate::format::date_time(at)),
        Due::Today => format!("Due today, {}", time_of_day(at)),
        _ => format!("Due {}", crate::format::date(at)),
    }
}

fn time_of_day(t: DateTime<Utc>) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02} UTC", t.hour(), t.minute())
}

/// `to_do` → "To Do" (SPEC §3.5's names).
pub fn state_label(state: &str) -> String {
    match state {
        "draft" => "Draft".into(),
        "to_do" => "To Do".into(),
        "in_progress" => "In Progress".into(),
        "waiting" => "Waiting".into(),
        "resolved" => "Resolved".into(),
        "closed" => "Closed".into(),
        other => other.replace('_', " "),
    }
}

/// "Incoming email", "Outgoing SMS", "Note", "Incoming call".
pub fn communication_label(kind: &str, direction: &str) -> String {
    let kind_text = match kind {
        "email" => "email",
        "sms" => "SMS",
        "chat" => "chat message",
        "call" => "call",
        "note" => return "Note".into(),
        other => other,
    };
    match direction {
        "incoming" => format!("Incoming {kind_text}"),
        "outgoing" => format!("Outgoing {kind_text}"),
        _ => {
            let mut chars = kind_text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// `text` with the parts the query matched in `<mark>`.
pub fn marked(text: &str, query: &Query) -> impl IntoView + use<> {
    highlight(text, query)
        .into_iter()
        .map(|(piece, hit)| {
            if hit {
                view! { <mark>{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

/// A person: name, then email, phone and account, then which field matched.
pub fn person_body(hit: &PersonHit, query: &Query) -> impl IntoView + use<> {
    let name = display_name(
        hit.first_name.as_deref(),
        hit.last_name.as_deref(),
        hit.email.as_deref(),
        hit.phone.as_deref(),
    );
    let facts = [hit.email.clone(), hit.phone.clone(), hit.account.clone()];
    view! {
        <span class="hit-title">{marked(&name, query)}</span>
        <span class="hit-meta">
            {facts.into_iter().flatten().map(|fact| view! { <span>{marked(&fact, query)}</span> }).collect_view()}
        </span>
        <span class="hit-match">"matched: " {hit.matched_field.clone()}</span>
    }
}

/// A work item: reference and title, then type, state, due date and assignee.
pub fn work_item_body(
    hit: &WorkItemHit,
    query: &Query,
    now: DateTime<Utc>,
) -> impl IntoView + use<> {
    let due = due_status(hit.due_at, &hit.state, now);
    view! {
        <span class="hit-title">
            <span class="hit-ref">{marked(&hit.reference, query)}</span>
            " "
            {marked(&hit.title, query)}
        </span>
        <span class="hit-meta">
            <span>{hit.type_name.clone()}</span>
            <span class=format!("state state-{}", hit.state)>{state_label(&hit.state)}</span>
            <span class=due.class()>{due_label(hit.due_at, &hit.state, now)}</span>
            <span>{hit.assignee.clone().unwrap_or_else(|| "Unassigned".to_string())}</span>
        </span>
    }
}

/// A communication: kind and direction, the other party and the subject, then a snippet with
/// the query's words marked.
pub fn communication_body(hit: &CommunicationHit, query: &Query) -> impl IntoView + use<> {
    let party = hit.party.clone().map(|p| match hit.direction.as_str() {
        "incoming" => format!("from {p}"),
        "outgoing" => format!("to {p}"),
        _ => p,
    });
    let subject = hit
        .subject
        .clone()
        .filter(|s| !s.trim().is_empty())
        .map(|s| view! { <span class="hit-subject">{marked(&s, query)}</span> });
    let belongs = hit.work_item_reference.clone().map(|r| format!("on {r}"));
    view! {
        <span class="hit-title">
            <span class="hit-kind">{communication_label(&hit.kind, &hit.direction)}</span>
            {party.map(|p| view! { " " <span class="hit-party">{p}</span> })}
            {subject.map(|s| view! { " · " {s} })}
        </span>
        <span class="hit-snippet">{marked(&hit.snippet, query)}</span>
        <span class="hit-meta">
            <span><time datetime=crate::format::machine(hit.occurred_at)>{crate::format::date_time(hit.occurred_at)}</time></span>
            {belongs.map(|b| view! { <span>{b}</span> })}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, h, m, 0)
            .single()
            .expect("a valid test date")
    }

    #[test]
    fn due_dates_are_overdue_due_today_or_later() {
        let now = at(12, 0, 10);
        assert_eq!(due_status(Some(at(11, 59, 10)), "to_do", now), Due::Overdue);
        assert_eq!(due_status(Some(at(9, 0, 2)), "waiting", now), Due::Overdue);
        assert_eq!(
            due_status(Some(at(12, 0, 10)), "in_progress", now),
            Due::Today
        );
        assert_eq!(due_status(Some(at(23, 59, 10)), "draft", now), Due::Today);
        assert_eq!(due_status(Some(at(0, 0, 11)), "to_do", now), Due::Later);
        assert_eq!(due_status(Some(at(9, 0, 2)), "resolved", now), Due::Done);
        assert_eq!(due_status(None, "to_do", now), Due::None);
    }

    #[test]
    fn due_labels_say_in_words_what_the_colour_says() {
        let now = at(12, 0, 10);
        assert_eq!(
            due_label(Some(at(9, 5, 2)), "to_do", now),
            "Overdue: due 2026-03-02 09:05 UTC"
        );
        assert_eq!(
            due_label(Some(at(17, 30, 10)), "to_do", now),
            "Due today, 17:30 UTC"
        );
        assert_eq!(
            due_label(Some(at(8, 0, 20)), "to_do", now),
            "Due 2026-03-20"
        );
        assert_eq!(
            due_label(Some(at(8, 0, 2)), "closed", now),
            "Due 2026-03-02"
        );
        assert_eq!(due_label(None, "to_do", now), "No due date");
        assert_eq!(Due::Overdue.class(), "due due-overdue");
    }

    #[test]
    fn states_and_communications_read_as_words() {
        assert_eq!(state_label("to_do"), "To Do");
        assert_eq!(state_label("in_progress"), "In Progress");
        assert_eq!(state_label("something_new"), "something new");
        assert_eq!(communication_label("email", "incoming"), "Incoming email");
        assert_eq!(communication_label("sms", "outgoing"), "Outgoing SMS");
        assert_eq!(communication_label("note", "internal"), "Note");
        assert_eq!(communication_label("call", "internal"), "Call");
    }

    #[test]
    fn links_encode_what_was_typed() {
        assert_eq!(
            search_href("o'brien & co", Some(SearchGroup::WorkItems), 3),
            "/search?q=o%27brien%20%26%20co&group=work_items&page=3"
        );
        assert_eq!(
            search_href("smith", Some(SearchGroup::People), 1),
            "/search?q=smith&group=people"
        );
        assert_eq!(search_href("smith", None, 4), "/search?q=smith");
        assert_eq!(
            create_contact_href(" Ada Quxley <ada.quxley@example.org> "),
            "/contacts/new?via=quickfind&text=Ada%20Quxley%20%3Cada.quxley%40example.org%3E"
        );
        assert_eq!(work_item_href("40308-T"), "/work-items/40308-T");
    }

    #[test]
    fn a_communication_opens_its_work_item_else_its_contact() {
        let mut hit = CommunicationHit {
            id: 1,
            kind: "email".into(),
            direction: "incoming".into(),
            party: None,
            subject: None,
            snippet: String::new(),
            work_item_reference: Some("12-C".into()),
            contact_id: Some(crate::model::ContactId(7)),
            occurred_at: at(1, 0, 1),
        };
        assert_eq!(communication_href(&hit, "x"), "/work-items/12-C");
        hit.work_item_reference = None;
        assert_eq!(communication_href(&hit, "x"), "/contacts/7");
        hit.contact_id = None;
        assert_eq!(
            communication_href(&hit, "x"),
            "/search?q=x&group=communications"
        );
    }
}
