//! The work item's communications timeline (SPEC §2.4): emails, SMS, chat messages and calls
//! on the item, newest first (notes have their own section), with "Show more" appending older
//! ones under those already shown. Email HTML arrives sanitised from the server and is inserted
//! as HTML only inside its own container; every other body is plain text.

use leptos::prelude::*;

use crate::activity_api::CommunicationView;
use crate::components::comms::{comm_list_parts, communication_html};
use crate::components::paged::{MorePages, list_pages};
use crate::domain::quickfind::Query;
use crate::work_items_api::work_item_communications;

#[component]
pub fn Communications(reference: String) -> impl IntoView {
    let r = StoredValue::new(reference);
    let page = Resource::new(
        || (),
        move |_| async move {
            work_item_communications(r.get_value(), 0)
                .await
                .map(|p| (first_page_html(&p.items), p.items.len(), p.has_more))
        },
    );
    let more = MorePages::<String>::new();
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let offset = (first_len.get_value() + more.loaded()) as u32;
        async move {
            let result = work_item_communications(r.get_value(), offset).await;
            more.append(result.map(|p| (entries_html(&p.items), p.items.len(), p.has_more)));
        }
    });
    let parts = comm_list_parts(
        page,
        more,
        load_more,
        first_len,
        "timeline-more",
        Some("timeline"),
    );

    view! {
        <section class="panel work-item-communications" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">"Communications"</h2>
            {list_pages(parts)}
        </section>
    }
}

/// The first page as HTML: the list, after an honest empty state when there is nothing yet.
fn first_page_html(items: &[CommunicationView]) -> String {
    let empty = if items.is_empty() {
        "<p class=\"empty\" data-testid=\"timeline-empty\">No emails, messages or calls on this work item yet.</p>"
    } else {
        ""
    };
    format!(
        "{empty}<ol class=\"comm-list\">{}</ol>",
        entries_html(items)
    )
}

/// Communications as HTML, as the contact's page lists them (`communication_html`) but without
/// where each belongs: they are all on this work item. Notes are not among them.
fn entries_html(items: &[CommunicationView]) -> String {
    let query = Query::default();
    items
        .iter()
        .map(|c| communication_html(c, &query, false))
        .collect()
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
