//! `/contacts/{id}`: the Contact Activity page (SPEC §2.3). Its sections each load on their
//! own (one resource and one suspense boundary each), so a slow section never holds up the
//! others: Caller Details, Caller Activity, Caller Communications, Start New Work Item, Notes
//! and, on demand, the History of changes.
//!
//! Both searchable sections keep their filters in the URL (Activity: `wq`, `state`, `wfrom`,
//! `wto`, `completed=1`; Communications: `q`, `kind`, `from`, `to`), so reload, back/forward
//! and shared links show the same page. Their filter forms are GET forms: before the
//! WebAssembly loads they reload the page, after it the router navigates in place. Each form
//! repeats the other section's filters as hidden fields so applying one keeps the other.

mod activity;
mod caller_details;
mod communications;
mod history;
mod personality;
mod start_work;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::activity_api::{ActivityFilter, CommFilter};
use crate::components::ErrorMessage;
use crate::components::notes::{Notes, NotesOwner};
use crate::contacts_api::get_contact;
use crate::error::AppError;
use crate::format::urlencode;

use activity::CallerActivity;
use caller_details::CallerDetails;
use communications::CallerCommunications;
use history::HistoryOfChanges;
use personality::PersonalityInsights;
use start_work::StartNewWorkItem;

#[component]
pub fn ContactActivityPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let query = use_query_map();
    let activity_filter = Memo::new(move |_| activity_filter_from(&query.read()));
    let comm_filter = Memo::new(move |_| comm_filter_from(&query.read()));
    let contact = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_contact(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );

    view! {
        <article class="contact-activity">
            <Suspense fallback=|| view! { <p class="loading">"Loading contact…"</p> }>
                {move || Suspend::new(async move {
                    match contact.await {
                        Ok(view) => view! {
                            <Title text=view.contact.display_name() />
                            <h1 data-testid="contact-heading">{view.contact.display_name()}</h1>
                            {view! { <CallerDetails initial=view /> }.into_any()}
                        }.into_any(),
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            if matches!(e, AppError::NotFound)
                                && let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                    r.set_status(http::StatusCode::NOT_FOUND);
                                }
                            view! { <Title text="Contact" /><h1>"Contact"</h1><ErrorMessage error=e /> }.into_any()
                        }
                    }
                })}
            </Suspense>
            // Another contact (Quickfind from this page) starts every section afresh.
            {move || id.get().map(|contact_id| {
                // Bumped after a note is added, edited or deleted: notes also appear in
                // Communications and in the History of changes.
                let notes_changed = RwSignal::new(0u32);
                view! {
                    <div class="activity-columns">
                        <div class="activity-main">
                            <CallerActivity contact_id activity=activity_filter comms=comm_filter />
                            <CallerCommunications contact_id activity=activity_filter comms=comm_filter notes_changed />
                        </div>
                        <div class="activity-side">
                            <StartNewWorkItem contact_id />
                            <Notes owner=NotesOwner::Contact(contact_id) notes_changed />
                            <PersonalityInsights contact_id />
                            <HistoryOfChanges contact_id notes_changed />
                        </div>
                    </div>
                }
            })}
        </article>
    }
}

/// `2026-03-04`, as a date input's value.
fn date_value(d: Option<NaiveDate>) -> String {
    use chrono::Datelike;
    d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        .unwrap_or_default()
}

fn activity_filter_from(map: &ParamsMap) -> ActivityFilter {
    ActivityFilter {
        text: map.get("wq").unwrap_or_default().trim().to_string(),
        state: map.get("state").unwrap_or_default(),
        from: map.get("wfrom").and_then(|s| crate::format::parse_day(&s)),
        to: map.get("wto").and_then(|s| crate::format::parse_day(&s)),
        completed: map.get("completed").is_some_and(|c| c == "1"),
    }
}

fn comm_filter_from(map: &ParamsMap) -> CommFilter {
    CommFilter {
        text: map.get("q").unwrap_or_default().trim().to_string(),
        kind: map.get("kind").unwrap_or_default(),
        from: map.get("from").and_then(|s| crate::format::parse_day(&s)),
        to: map.get("to").and_then(|s| crate::format::parse_day(&s)),
    }
}

/// The Activity filter's URL parameters that are set.
fn activity_params(f: &ActivityFilter) -> Vec<(&'static str, String)> {
    let mut p = vec![
        ("wq", f.text.clone()),
        ("state", f.state.clone()),
        ("wfrom", date_value(f.from)),
        ("wto", date_value(f.to)),
    ];
    if f.completed {
        p.push(("completed", "1".into()));
    }
    p.retain(|(_, v)| !v.is_empty());
    p
}

/// The Communications filter's URL parameters that are set.
fn comm_params(f: &CommFilter) -> Vec<(&'static str, String)> {
    let mut p = vec![
        ("q", f.text.clone()),
        ("kind", f.kind.clone()),
        ("from", date_value(f.from)),
        ("to", date_value(f.to)),
    ];
    p.retain(|(_, v)| !v.is_empty());
    p
}

/// This page's URL with the given filters.
fn page_href(contact_id: i64, params: &[(&'static str, String)]) -> String {
    let query = params
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        format!("/contacts/{contact_id}")
    } else {
        format!("/contacts/{contact_id}?{query}")
    }
}

/// The other section's filters, carried along by a filter form, as hidden fields' HTML.
fn hidden_html(params: Vec<(&'static str, String)>) -> String {
    params
        .into_iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                esc(&value)
            )
        })
        .collect()
}

/// A labelled `<input>` of a filter form, as HTML (see `esc` for why forms are HTML too).
fn input_html(id: &str, name: &str, label: &str, kind: &str, value: &str, extra: &str) -> String {
    format!(
        "<label for=\"{id}\">{label}</label><input id=\"{id}\" name=\"{name}\" type=\"{kind}\" value=\"{}\"{extra}>",
        esc(value)
    )
}

/// A labelled `<select>` of a filter form, as HTML; `options` are (value, label) pairs.
fn select_html(
    id: &str,
    name: &str,
    label: &str,
    options: impl Iterator<Item = (&'static str, String)>,
    selected: &str,
) -> String {
    let mut out =
        format!("<label for=\"{id}\">{label}</label><select id=\"{id}\" name=\"{name}\">");
    for (value, text) in options {
        let sel = if value == selected { " selected" } else { "" };
        out.push_str(&format!(
            "<option value=\"{value}\"{sel}>{}</option>",
            esc(&text)
        ));
    }
    out.push_str("</select>");
    out
}

/// The filter form's fields (left out of the URL when empty).
const FILTER_FIELDS: [&str; 8] = ["wq", "state", "wfrom", "wto", "q", "kind", "from", "to"];

/// A section's filter form: a GET form whose fields are HTML, reloaded with the URL. Before the
/// WebAssembly loads it reloads the page; after it the router navigates in place.
fn filter_form(contact_id: i64, label: &'static str, fields: Signal<String>) -> impl IntoView {
    view! {
        <Form method="GET" action=page_href(contact_id, &[]) noscroll=true on_form_data=crate::components::filter_form::drop_empty_fields(&FILTER_FIELDS)
            attr:class="filter-bar section-filter" attr:role="search" attr:aria-label=label>
            <div class="filter-fields" inner_html=move || fields.get()></div>
        </Form>
    }
}

/// Text made safe to place in HTML, inside elements or quoted attributes.
///
/// The read-only parts of this page (cards, messages, counts, the filter forms' fields, the
/// history table) are written as HTML text and inserted as such: drawn with one view per element
/// they cost several times as much WebAssembly, and the page must stay within the SPEC's 400 KB
/// budget. Every value in them
/// passes through here (email HTML excepted: it is sanitised on the server).
fn esc(s: &str) -> String {
    crate::format::escape_html(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_come_from_the_url_and_go_back_into_it() {
        let map = ParamsMap::from_iter([
            ("wq".to_string(), " refund ".to_string()),
            ("state".to_string(), "waiting".to_string()),
            ("wfrom".to_string(), "2026-03-04".to_string()),
            ("wto".to_string(), "not a date".to_string()),
            ("completed".to_string(), "1".to_string()),
            ("q".to_string(), "invoice".to_string()),
            ("kind".to_string(), "email".to_string()),
        ]);
        let a = activity_filter_from(&map);
        assert_eq!(a.text, "refund");
        assert_eq!(a.from, NaiveDate::from_ymd_opt(2026, 3, 4));
        assert_eq!(a.to, None);
        assert!(a.completed);
        let c = comm_filter_from(&map);
        assert_eq!((c.text.as_str(), c.kind.as_str()), ("invoice", "email"));
        assert_eq!(
            page_href(7, &activity_params(&a)),
            "/contacts/7?wq=refund&state=waiting&wfrom=2026-03-04&completed=1"
        );
        assert_eq!(
            page_href(7, &comm_params(&CommFilter::default())),
            "/contacts/7"
        );
        assert_eq!(crate::format::parse_day("2026-02-30"), None);
        assert_eq!(
            esc(r#"<a href="x">O'Brien & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;"
        );
    }
}
