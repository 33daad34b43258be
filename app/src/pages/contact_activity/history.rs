//! History of changes: who changed which field, note or tag of the contact, when, from what to
//! what (SPEC §4, the audit log). Closed by default and loaded only when opened, since most
//! visits to the page never look at it.

use leptos::prelude::*;

use super::esc;
use crate::activity_api::contact_changes;
use crate::components::ErrorMessage;
use crate::error::AppError;
use crate::format::time_html;
use crate::model::AuditEntry;

#[component]
pub fn HistoryOfChanges(contact_id: i64, notes_changed: RwSignal<u32>) -> impl IntoView {
    let open = RwSignal::new(false);
    let changes = Resource::new(
        move || (open.get(), notes_changed.get()),
        move |(open, _)| async move {
            if open {
                history_html(contact_id).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );

    view! {
        <section class="panel history" aria-labelledby="history-heading">
            <details on:toggle=move |ev| {
                use leptos::wasm_bindgen::JsCast;
                let is_open = ev
                    .target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                    .is_some_and(|d| d.has_attribute("open"));
                open.set(is_open);
            }>
                <summary><h2 id="history-heading">"History of changes"</h2></summary>
                <Transition fallback=|| view! { <p class="loading">"Loading the history…"</p> }>
                    {move || Suspend::new(async move {
                        match changes.await {
                            Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Ok(Some(html)) => view! { <div class="html-part" inner_html=html></div> }.into_any(),
                        }
                    })}
                </Transition>
            </details>
        </section>
    }
}

/// The history as HTML (see `esc` in this page's module for why), fetched by code that is its
/// own piece of WebAssembly, loaded the first time the section is opened.
#[lazy]
async fn history_html(contact_id: i64) -> Result<String, AppError> {
    let entries = contact_changes(contact_id).await?;
    if entries.is_empty() {
        return Ok("<p class=\"empty\">No changes recorded yet.</p>".into());
    }
    Ok(format!(
        "<div class=\"table-scroll\"><table class=\"history-table\" data-testid=\"history-table\">\
         <caption class=\"visually-hidden\">Changes to this contact, newest first</caption>\
         <thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">What</th>\
         <th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead><tbody>{}</tbody></table></div>",
        rows_html(entries)
    ))
}

/// The table's rows as HTML.
fn rows_html(entries: Vec<AuditEntry>) -> String {
    let value = |v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(esc)
            .unwrap_or_else(|| "—".into())
    };
    entries
        .iter()
        .map(|e| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"history-value\">{}</td><td class=\"history-value\">{}</td></tr>",
                time_html(e.at),
                esc(e.user.as_ref().map(|u| u.name.as_str()).unwrap_or("System")),
                esc(&e.field),
                value(&e.old_value),
                value(&e.new_value),
            )
        })
        .collect()
}
