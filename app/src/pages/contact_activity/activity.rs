//! Caller Activity (SPEC §2.3 item 2): the contact's work items as cards. Running items by
//! default, completed ones on request; both counts always visible; "Show more" appends the
//! next page under the cards already shown (they are not drawn again).

use leptos::prelude::*;

use super::{
    activity_params, comm_params, date_value, esc, filter_form, hidden_html, input_html, page_href,
    select_html,
};
use crate::activity_api::{
    ActivityFilter, ActivityPage, CommFilter, STATES, WorkItemCard, contact_activity,
};
use crate::components::hits::{due_label, due_status, now, state_label, work_item_href};
use crate::components::paged::{ListParts, MorePages, list_pages};
use crate::components::tags::tag_label;

#[component]
pub fn CallerActivity(
    contact_id: i64,
    activity: Memo<ActivityFilter>,
    comms: Memo<CommFilter>,
) -> impl IntoView {
    let page = Resource::new(
        move || activity.get(),
        move |f| async move {
            contact_activity(contact_id, f.clone(), 0).await.map(|p| {
                let html = format!(
                    "{}<div class=\"card-pages\" data-testid=\"activity-cards\"><ul class=\"cards\">{}</ul></div>",
                    summary_html(contact_id, &f, &comms.get_untracked(), &p),
                    cards_html(&p.items, now())
                );
                (html, p.items.len(), p.has_more)
            })
        },
    );
    let more = MorePages::<String>::new();
    // A new filter starts the list over.
    Effect::new(move |prev: Option<ActivityFilter>| {
        let f = activity.get();
        if prev.is_some_and(|p| p != f) {
            more.clear();
        }
        f
    });
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let f = activity.get_untracked();
        let offset = (first_len.get_value() + more.loaded()) as u32;
        async move {
            let result = contact_activity(contact_id, f.clone(), offset).await;
            // A page for a filter the agent has since left is dropped.
            if activity.get_untracked() == f {
                more.append(
                    result.map(|p| (cards_html(&p.items, now()), p.items.len(), p.has_more)),
                );
            }
        }
    });
    let fields = Signal::derive(move || form_html(&activity.get(), &comms.get()));
    let parts = ListParts {
        page,
        more,
        load_more,
        first_len,
        open: "<ul class=\"cards\">",
        close: "</ul>",
        more_test_id: "activity-more",
        loading: "Loading work items…",
        wrap_test_id: None,
    };

    view! {
        <section class="panel caller-activity" aria-labelledby="activity-heading">
            <h2 id="activity-heading">"Caller Activity"</h2>
            {filter_form(contact_id, "Filter work items", fields)}
            {list_pages(parts)}
        </section>
    }
}

/// The filter form's fields as HTML (see `esc` in this page's module for why), with the
/// Communications filter and the completed toggle carried along as hidden fields.
fn form_html(f: &ActivityFilter, comms: &CommFilter) -> String {
    let mut out = hidden_html(comm_params(comms));
    if f.completed {
        out.push_str("<input type=\"hidden\" name=\"completed\" value=\"1\">");
    }
    out.push_str(&input_html(
        "activity-text",
        "wq",
        "Text",
        "search",
        &f.text,
        " maxlength=\"200\" placeholder=\"Reference or title words\"",
    ));
    let states =
        std::iter::once(("", "Any state".to_string())).chain(STATES.map(|s| (s, state_label(s))));
    out.push_str(&select_html(
        "activity-state",
        "state",
        "State",
        states,
        &f.state,
    ));
    out.push_str(&input_html(
        "activity-from",
        "wfrom",
        "Created from",
        "date",
        &date_value(f.from),
        "",
    ));
    out.push_str(&input_html(
        "activity-to",
        "wto",
        "to",
        "date",
        &date_value(f.to),
        "",
    ));
    out.push_str("<button type=\"submit\">Filter</button>");
    out
}

/// Both counts, the completed toggle and the empty state, as HTML.
fn summary_html(
    contact_id: i64,
    filter: &ActivityFilter,
    comms: &CommFilter,
    p: &ActivityPage,
) -> String {
    let mut toggled = filter.clone();
    toggled.completed = !filter.completed;
    let mut params = activity_params(&toggled);
    params.extend(comm_params(comms));
    let toggle_href = esc(&page_href(contact_id, &params));
    let filtered =
        filter.text.len() + filter.state.len() > 0 || filter.from.is_some() || filter.to.is_some();
    let matching = if filtered {
        format!(
            "<span><strong data-testid=\"matching-count\">{}</strong> match the filter</span>",
            p.matching
        )
    } else {
        String::new()
    };
    let (label, text) = if filter.completed {
        ("Hide completed work items", "Hide completed")
    } else {
        ("Show completed work items", "Show completed")
    };
    let mut out = format!(
        "<div class=\"activity-summary\"><p class=\"counts\">\
         <span><strong data-testid=\"running-count\">{}</strong> running</span>\
         <span><strong data-testid=\"completed-count\">{}</strong> completed</span>{matching}</p>\
         <a class=\"toggle-link\" href=\"{toggle_href}\" data-noscroll=\"true\" data-testid=\"toggle-completed\" aria-label=\"{label}\">{text}</a></div>",
        p.running, p.completed
    );
    if p.items.is_empty() {
        let empty = if filtered {
            "No work items match this filter."
        } else if filter.completed || p.running > 0 {
            "No work items."
        } else if p.completed > 0 {
            "No running work items. Show completed ones to see the rest."
        } else {
            "No work items for this contact yet."
        };
        out.push_str(&format!(
            "<p class=\"empty\" data-testid=\"activity-empty\">{empty}</p>"
        ));
    }
    out
}

/// Work item cards as HTML (see `esc` in this page's module for why): reference and title
/// (both link to the item), type, due date in colour and in words, assignee, queue, state and
/// this contact's tags.
fn cards_html(cards: &[WorkItemCard], now: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::new();
    for c in cards {
        let href = esc(&work_item_href(&c.reference));
        let due = due_status(c.due_at, &c.state, now);
        let kind = if c.kind == "case" { "Case" } else { "Ticket" };
        let state = esc(&c.state);
        let tags: String = c
            .tags
            .iter()
            .map(|t| {
                format!(
                    "<li class=\"tag\" data-tag=\"{}\">{}</li>",
                    esc(t),
                    esc(tag_label(t))
                )
            })
            .collect();
        let reference = esc(&c.reference);
        out.push_str(&format!(
            "<li class=\"card state-card-{state}\" data-testid=\"activity-card\" data-reference=\"{reference}\">\
             <h3 class=\"card-title\"><a class=\"hit-ref\" href=\"{href}\">{reference}</a> <a href=\"{href}\">{title}</a></h3>\
             <dl class=\"card-facts\">\
             <div><dt>Type</dt><dd>{type_name} ({kind})</dd></div>\
             <div><dt>Due</dt><dd><span class=\"{due_class}\" data-testid=\"card-due\">{due_text}</span></dd></div>\
             <div><dt>Assignee</dt><dd>{assignee}</dd></div>\
             <div><dt>Queue</dt><dd>{queue}</dd></div>\
             <div><dt>State</dt><dd class=\"state state-{state}\" data-testid=\"card-state\">{state_text}</dd></div>\
             </dl>{tags}</li>",
            title = esc(&c.title),
            type_name = esc(&c.type_name),
            due_class = due.class(),
            due_text = esc(&due_label(c.due_at, &c.state, now)),
            assignee = esc(c.assignee.as_deref().unwrap_or("Unassigned")),
            queue = esc(&c.queue),
            state_text = esc(&state_label(&c.state)),
            tags = if tags.is_empty() { String::new() } else { format!("<ul class=\"tags\" aria-label=\"Tags\">{tags}</ul>") },
        ));
    }
    out
}
