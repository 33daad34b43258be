//! Caller Communications (SPEC §2.3 item 3): notes, emails, SMS, chat and calls of the contact
//! and of every work item the contact is tagged on, newest first. The search box searches this
//! contact's communications only; a match shows its snippet with the query's words marked.
//! Email HTML arrives sanitised from the server and is inserted as HTML only inside its own
//! container; every other body is plain text.

use leptos::prelude::*;

use super::{
    ListParts, MorePages, activity_params, date_value, esc, filter_form, hidden_html, input_html,
    list_pages, marked_html, select_html, time_html,
};
use crate::activity_api::{
    ActivityFilter, CommFilter, CommunicationView, KINDS, contact_communications,
};
use crate::components::hits::{communication_label, work_item_href};
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
    let page = Resource::new(
        move || (comms.get(), notes_changed.get()),
        move |(f, _)| async move {
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
    Effect::new(move |prev: Option<(CommFilter, u32)>| {
        let now = (comms.get(), notes_changed.get());
        if prev.is_some_and(|p| p != now) {
            more.clear();
        }
        now
    });
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
    let parts = ListParts {
        page,
        more,
        load_more,
        first_len,
        open: "<ol class=\"comm-list\">",
        close: "</ol>",
        more_test_id: "comms-more",
        loading: "Loading communications…",
    };

    view! {
        <section class="panel caller-communications" aria-labelledby="comms-heading">
            <h2 id="comms-heading">"Caller Communications"</h2>
            {filter_form(contact_id, "Search this contact's communications", fields)}
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

/// Communications as HTML (see `esc` in this page's module for why): kind and direction,
/// party, time, subject, where it belongs, then the body — or, when searching, the snippet with
/// the matched words marked and the whole message behind a disclosure. Email HTML was
/// sanitised on the server and goes in only inside its own container.
fn entries_html(items: &[CommunicationView], query: &Query) -> String {
    let mut out = String::new();
    for c in items {
        let party = c.party.as_deref().map(|p| match c.direction.as_str() {
            "incoming" => format!("from {p}"),
            "outgoing" => format!("to {p}"),
            _ => p.to_string(),
        });
        let author = c
            .author
            .as_ref()
            .filter(|_| c.kind == "note" || c.direction == "outgoing")
            .map(|a| format!("by {}", a.name));
        let mut head = format!(
            "<span class=\"hit-kind\">{}</span>",
            esc(&communication_label(&c.kind, &c.direction))
        );
        for p in party.iter().chain(author.iter()) {
            head.push_str(&format!(" <span class=\"comm-party\">{}</span>", esc(p)));
        }
        head.push_str(" · ");
        head.push_str(&time_html(c.occurred_at));
        if c.edited_at.is_some() {
            head.push_str(" · <span class=\"edited\">edited</span>");
        }
        match &c.work_item_reference {
            Some(r) => head.push_str(&format!(
                " · on <a href=\"{}\">{}</a>",
                esc(&work_item_href(r)),
                esc(r)
            )),
            None => head.push_str(" · on this contact"),
        }
        let subject = c
            .subject
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| format!("<p class=\"comm-subject\">{}</p>", marked_html(s, query)))
            .unwrap_or_default();
        let mut body = match c.body_html.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(html) => format!("<div class=\"comm-body comm-html\">{html}</div>"),
            None => format!(
                "<div class=\"comm-body comm-text\">{}</div>",
                esc(&c.body_text)
            ),
        };
        if let Some(snippet) = c.snippet.as_deref().filter(|_| !query.is_empty()) {
            body = format!(
                "<p class=\"comm-snippet\" data-testid=\"comm-snippet\">{}</p>\
                 <details class=\"comm-full\"><summary>Whole message</summary>{body}</details>",
                marked_html(snippet, query)
            );
        }
        out.push_str(&format!(
            "<li class=\"comm comm-{kind}\" data-testid=\"comm\" data-comm-id=\"{id}\">\
             <p class=\"comm-head\">{head}</p>{subject}{body}</li>",
            kind = esc(&c.kind),
            id = c.id,
        ));
    }
    out
}
