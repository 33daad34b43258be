//! The work item's communications timeline (SPEC §2.4): emails, SMS, chat messages and calls
//! on the item, newest first (notes have their own section), with "Show more" appending older
//! ones under those already shown. Email HTML arrives sanitised from the server and is inserted
//! as HTML only inside its own container; every other body is plain text. An outgoing email
//! shows how sending it went; a failed one can be retried from here. The list loads again
//! when `changed` is bumped (an email was sent from the composer, or retried).

use leptos::prelude::*;

use crate::activity_api::CommunicationView;
use crate::components::comms::{RetrySend, comm_list_parts, communication_html};
use crate::components::paged::{MorePages, list_pages};
use crate::domain::quickfind::Query;
use crate::work_items_api::work_item_communications;

#[component]
pub fn Communications(reference: String, changed: RwSignal<u32>) -> impl IntoView {
    let r = StoredValue::new(reference);
    let page = Resource::new(
        move || changed.get(),
        move |_| async move {
            work_item_communications(r.get_value(), 0)
                .await
                .map(|p| (first_page_html(&p.items), p.items.len(), p.has_more))
        },
    );
    let more = MorePages::<String>::new();
    Effect::new(move |prev: Option<u32>| {
        let now = changed.get();
        if prev.is_some_and(|p| p != now) {
            more.clear();
        }
        now
    });
    let retry = RetrySend::new(move || changed.update(|n| *n += 1));
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let offset = (first_len.get_value() + more.loaded()) as u32;
        let seen = changed.get_untracked();
        async move {
            let result = work_item_communications(r.get_value(), offset).await;
            // A page fetched before the list was loaded again would not follow it.
            if changed.get_untracked() == seen {
                more.append(result.map(|p| (entries_html(&p.items), p.items.len(), p.has_more)));
            }
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
        <section class="panel work-item-communications" aria-labelledby="timeline-heading"
            on:submit=move |ev| retry.submit(ev)>
            <h2 id="timeline-heading">"Communications"</h2>
            {retry.messages()}
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
    use crate::intake::{AttachmentInfo, MessageDetails};
    use chrono::TimeZone;

    fn email(direction: &str, details: MessageDetails) -> CommunicationView {
        CommunicationView {
            id: 9,
            kind: "email".into(),
            direction: direction.into(),
            party: Some("Ann <ann@example.com>".into()),
            subject: Some("Refund & <b>".into()),
            body_text: "plain".into(),
            body_html: Some("<p>Hello</p>".into()),
            snippet: None,
            work_item_reference: Some("40001-T".into()),
            author: None,
            occurred_at: chrono::Utc
                .with_ymd_and_hms(2026, 3, 4, 5, 6, 7)
                .single()
                .expect("a valid time"),
            edited_at: None,
            on_contact: false,
            version: 1,
            can_edit: false,
            details,
        }
    }

    #[test]
    fn an_entry_escapes_text_and_keeps_sanitised_html() {
        let html = entries_html(&[email("incoming", MessageDetails::default())]);
        assert!(html.contains("Incoming email"));
        assert!(html.contains("from Ann &lt;ann@example.com&gt;"));
        assert!(html.contains("Refund &amp; &lt;b&gt;"));
        assert!(html.contains("<div class=\"comm-body comm-html\"><p>Hello</p></div>"));
        assert!(html.contains("2026-03-04 05:06 UTC"));
        for absent in [
            "Cc:",
            "Auto-reply",
            "send-status",
            "retry-email",
            "attachment",
        ] {
            assert!(!html.contains(absent), "{absent} shown for a plain email");
        }
    }

    #[test]
    fn an_entry_shows_cc_attachments_and_the_auto_reply_badge_escaped() {
        let details = MessageDetails {
            cc: Some("Bo <bo@example.com>".into()),
            auto_reply: true,
            attachments: vec![
                AttachmentInfo {
                    name: "invoice-2291.pdf".into(),
                    content_type: "application/pdf".into(),
                    size: 606,
                },
                AttachmentInfo {
                    name: "<script>.png".into(),
                    content_type: "image/png".into(),
                    size: 1536,
                },
            ],
            ..MessageDetails::default()
        };
        let html = entries_html(&[email("incoming", details)]);
        assert!(html.contains("Cc: Bo &lt;bo@example.com&gt;"));
        assert!(html.contains("data-testid=\"auto-reply\">Auto-reply</span>"));
        assert!(html.contains("invoice-2291.pdf <span class=\"muted\">(606 B)</span>"));
        assert!(html.contains("&lt;script&gt;.png <span class=\"muted\">(1.5 KB)</span>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn an_outgoing_email_shows_how_sending_went_and_a_failed_one_offers_retry() {
        let sent = |status: &str, error: Option<&str>, attempts: i64| MessageDetails {
            send_status: Some(status.into()),
            send_error: error.map(Into::into),
            send_attempts: attempts,
            ..MessageDetails::default()
        };
        let ok = entries_html(&[email("outgoing", sent("sent", None, 1))]);
        assert!(ok.contains("data-testid=\"send-status\" data-status=\"sent\">Sent</p>"));
        assert!(!ok.contains("retry-email"));

        let sending = entries_html(&[email("outgoing", sent("sending", None, 1))]);
        assert!(sending.contains("data-status=\"sending\">Sending…</p>"));
        assert!(!sending.contains("retry-email"));

        let failed = entries_html(&[email(
            "outgoing",
            sent("failed", Some("451 <busy> & full"), 2),
        )]);
        assert!(failed.contains(
            "data-status=\"failed\">Not sent — 451 &lt;busy&gt; &amp; full (tried 2 times)</p>"
        ));
        let path = <crate::mail_api::RetryEmail as leptos::server_fn::ServerFn>::PATH;
        assert!(failed.contains(&format!(
            "<form class=\"retry-form\" method=\"post\" action=\"{path}\">"
        )));
        assert!(failed.contains("<input type=\"hidden\" name=\"id\" value=\"9\">"));
        assert!(failed.contains("data-testid=\"retry-email\""));
    }
}
