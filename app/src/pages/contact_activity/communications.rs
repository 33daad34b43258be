//! Caller Communications (SPEC §2.3 item 3): notes, emails, SMS, chat and calls of the contact
//! and of every work item the contact is tagged on, newest first. The search box searches this
//! contact's communications only; a match shows its snippet with the query's words marked.
//! Email HTML arrives sanitised from the server and is inserted as HTML only inside its own
//! container; every other body is plain text. A failed outgoing email can be retried here.

use leptos::prelude::*;

use super::{activity_params, date_value, esc, filter_form, hidden_html, input_html, select_html};
use crate::activity_api::{
    ActivityFilter, CommFilter, CommunicationView, KINDS, contact_communications,
};
use crate::components::comms::{RetrySend, comm_list_parts, communication_html};
use crate::components::paged::{MorePages, list_pages};
use crate::domain::quickfind::Query;

/// "Email", "SMS" … for the kind filter.
fn kind_label(kind: &str) -> &str {
    match kind {
        "email" => "Email",
        "note" => "Note",
        "sms" => "SMS",
        "chat" => "Chat",
        "call" => "Call",
        other => other,
    }
}

#[component]
pub fn CallerCommunications(
    contact_id: i64,
    activity: Memo<ActivityFilter>,
    comms: Memo<CommFilter>,
    notes_changed: RwSignal<u32>,
) -> impl IntoView {
    // Bumped after a retry: the list loads again and shows how it went.
    let retried = RwSignal::new(0u32);
    let page = Resource::new(
        move || (comms.get(), notes_changed.get(), retried.get()),
        move |(f, _, _)| async move {
            contact_communications(contact_id, f.clone(), 0)
                .await
                .map(|p| {
                    let mut html = String::new();
                    if p.items.is_empty() {
                        html = format!(
                            "<p class=\"empty\" data-testid=\"comms-empty\">{}</p>",
                            esc(&nothing_found(&f))
                        );
                    }
                    html.push_str(&format!(
                        "<div class=\"comm-pages\" data-testid=\"comms-list\"><ol class=\"comm-list\">{}</ol></div>",
                        entries_html(&p.items, &Query::parse(&f.text))
                    ));
                    (html, p.items.len(), p.has_more)
                })
        },
    );
    let more = MorePages::<String>::new();
    Effect::new(move |prev: Option<(CommFilter, u32, u32)>| {
        let now = (comms.get(), notes_changed.get(), retried.get());
        if prev.is_some_and(|p| p != now) {
            more.clear();
        }
        now
    });
    let retry = RetrySend::new(move || retried.update(|n| *n += 1));
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let f = comms.get_untracked();
        let offset = (first_len.get_value() + more.loaded()) as u32;
        async move {
            let result = contact_communications(contact_id, f.clone(), offset).await;
            if comms.get_untracked() == f {
                let query = Query::parse(&f.text);
                more.append(
                    result.map(|p| (entries_html(&p.items, &query), p.items.len(), p.has_more)),
                );
            }
        }
    });
    let fields = Signal::derive(move || form_html(&comms.get(), &activity.get()));
    let parts = comm_list_parts(page, more, load_more, first_len, "comms-more", None);

    view! {
        <section class="panel caller-communications" aria-labelledby="comms-heading"
            on:submit=move |ev| retry.submit(ev)>
            <h2 id="comms-heading">"Caller Communications"</h2>
            {filter_form(contact_id, "Search this contact's communications", fields)}
            {retry.messages()}
            {list_pages(parts)}
        </section>
    }
}

/// The search form's fields as HTML (see `esc` in this page's module for why), with the
/// Activity filter carried along as hidden fields.
fn form_html(f: &CommFilter, activity: &ActivityFilter) -> String {
    let mut out = hidden_html(activity_params(activity));
    out.push_str(&input_html(
        "comms-q",
        "q",
        "Search",
        "search",
        &f.text,
        " maxlength=\"200\" placeholder=\"Words in subjects, messages and notes\"",
    ));
    let kinds = std::iter::once(("", "All kinds".to_string()))
        .chain(KINDS.map(|k| (k, kind_label(k).to_string())));
    out.push_str(&select_html("comms-kind", "kind", "Kind", kinds, &f.kind));
    out.push_str(&input_html(
        "comms-from",
        "from",
        "From",
        "date",
        &date_value(f.from),
        "",
    ));
    out.push_str(&input_html(
        "comms-to",
        "to",
        "to",
        "date",
        &date_value(f.to),
        "",
    ));
    out.push_str("<button type=\"submit\">Search</button>");
    out
}

/// The honest empty state: what was asked for and found nothing.
fn nothing_found(f: &CommFilter) -> String {
    let mut what = Vec::new();
    if !f.text.is_empty() {
        what.push(format!("“{}”", f.text));
    }
    if !f.kind.is_empty() {
        what.push(format!("kind {}", kind_label(&f.kind)));
    }
    if f.from.is_some() || f.to.is_some() {
        what.push("the dates chosen".into());
    }
    if what.is_empty() {
        "No communications with this contact yet.".into()
    } else {
        format!("No communications match {}.", what.join(", "))
    }
}

/// Communications as HTML (see `esc` in this page's module for why), each with where it
/// belongs (`communication_html`) — or, when searching, the snippet with the matched words
/// marked and the whole message behind a disclosure.
fn entries_html(items: &[CommunicationView], query: &Query) -> String {
    items
        .iter()
        .map(|c| communication_html(c, query, true))
        .collect()
}
