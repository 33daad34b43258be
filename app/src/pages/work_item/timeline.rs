//! The work item's communications timeline (SPEC §2.4): emails, SMS, chat messages and calls
//! on the item, newest first (notes have their own section), with "Show more" appending older
//! ones under those already shown. Email HTML arrives sanitised from the server and is inserted
//! as HTML only inside its own container; every other body is plain text.

use leptos::prelude::*;

use crate::activity_api::CommunicationView;
use crate::components::ErrorMessage;
use crate::components::hits::communication_label;
use crate::format::{date_time, escape_html as esc, machine};
use crate::work_items_api::work_item_communications;

#[component]
pub fn Communications(reference: String) -> impl IntoView {
    let r = StoredValue::new(reference);
    let first = Resource::new(
        || (),
        move |_| async move {
            work_item_communications(r.get_value(), 0)
                .await
                .map(|p| (entries_html(&p.items), p.items.len(), p.has_more))
        },
    );
    // Pages fetched by "Show more", as HTML, after the first one.
    let more = RwSignal::new(Vec::<String>::new());
    let loaded = StoredValue::new(0usize);
    let has_more = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<String>);
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let offset = (first_len.get_value() + loaded.get_value()) as u32;
        async move {
            match work_item_communications(r.get_value(), offset).await {
                Ok(p) => {
                    loaded.update_value(|n| *n += p.items.len());
                    more.update(|v| v.push(entries_html(&p.items)));
                    has_more.set(Some(p.has_more));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });

    view! {
        <section class="panel work-item-communications" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">"Communications"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading communications…"</p> }>
                {move || Suspend::new(async move {
                    match first.await {
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                        Ok((html, items, first_more)) => {
                            first_len.set_value(items);
                            view! {
                                {(items == 0).then(|| view! {
                                    <p class="empty" data-testid="timeline-empty">"No emails, messages or calls on this work item yet."</p>
                                })}
                                <div data-testid="timeline">
                                    <ol class="comm-list" inner_html=html></ol>
                                    <div class="html-part" inner_html=move || more.with(|pages| {
                                        pages.iter().map(|p| format!("<ol class=\"comm-list\">{p}</ol>")).collect::<String>()
                                    })></div>
                                </div>
                                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                                <Show when=move || has_more.get().unwrap_or(first_more)>
                                    <button type="button" class="show-more" data-testid="timeline-more"
                                        disabled=move || load_more.pending().get()
                                        on:click=move |_| { load_more.dispatch(()); }>
                                        {move || if load_more.pending().get() { "Loading…" } else { "Show more" }}
                                    </button>
                                </Show>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Communications as HTML (one element per list instead of a view per piece keeps the bundle
/// small; every value is escaped, email HTML excepted: it was sanitised on the server): kind
/// and direction, party, author, time, subject and body.
fn entries_html(items: &[CommunicationView]) -> String {
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
            .filter(|_| c.direction == "outgoing")
            .map(|a| format!("by {}", a.name));
        let mut head = format!(
            "<span class=\"hit-kind\">{}</span>",
            esc(&communication_label(&c.kind, &c.direction))
        );
        for p in party.iter().chain(author.iter()) {
            head.push_str(&format!(" <span class=\"comm-party\">{}</span>", esc(p)));
        }
        head.push_str(&format!(
            " · <time datetime=\"{}\">{}</time>",
            machine(c.occurred_at),
            date_time(c.occurred_at)
        ));
        let subject = c
            .subject
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| format!("<p class=\"comm-subject\">{}</p>", esc(s)))
            .unwrap_or_default();
        let body = match c.body_html.as_deref().filter(|h| !h.trim().is_empty()) {
            Some(html) => format!("<div class=\"comm-body comm-html\">{html}</div>"),
            None => format!(
                "<div class=\"comm-body comm-text\">{}</div>",
                esc(&c.body_text)
            ),
        };
        out.push_str(&format!(
            "<li class=\"comm comm-{kind}\" data-testid=\"comm\" data-comm-id=\"{id}\">\
             <p class=\"comm-head\">{head}</p>{subject}{body}</li>",
            kind = esc(&c.kind),
            id = c.id,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_entry_escapes_text_and_keeps_sanitised_html() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
        let c = CommunicationView {
            id: 9,
            kind: "email".into(),
            direction: "incoming".into(),
            party: Some("Ann <ann@example.com>".into()),
            subject: Some("Refund & <b>".into()),
            body_text: "plain".into(),
            body_html: Some("<p>Hello</p>".into()),
            snippet: None,
            work_item_reference: Some("40001-T".into()),
            author: None,
            occurred_at: at,
            edited_at: None,
            on_contact: false,
            version: 1,
            can_edit: false,
        };
        let html = entries_html(&[c]);
        assert!(html.contains("Incoming email"));
        assert!(html.contains("from Ann &lt;ann@example.com&gt;"));
        assert!(html.contains("Refund &amp; &lt;b&gt;"));
        assert!(html.contains("<div class=\"comm-body comm-html\"><p>Hello</p></div>"));
        assert!(html.contains("2026-03-04 05:06 UTC"));
    }
}
