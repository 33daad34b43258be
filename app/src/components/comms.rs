//! How one communication reads in a list, shared by the Contact Activity page's Caller
//! Communications and the work item page's timeline: kind and direction, party, author, time,
//! subject, Cc, body and attachments, an "Auto-reply" badge, and for an outgoing email how
//! sending it went, with a Retry button when it failed. Written as HTML text, not one view per
//! piece: that keeps the browser bundle small. Every value is escaped, email HTML excepted: it
//! was sanitised on the server and goes in only inside its own container.
//!
//! A Retry button is a plain form posting to `retry_email`, so it works before the
//! WebAssembly loads (the server sends the browser back to the page). Once hydrated, the
//! list's section hears the form's submit event ([`RetrySend`]) and retries in place.

use leptos::prelude::*;

use crate::activity_api::CommunicationView;
use crate::components::form_post::Posted;
use crate::components::hits::{communication_label, work_item_href};
use crate::components::paged::{FirstPage, ListParts, MorePages};
use crate::domain::highlight::highlight;
use crate::domain::quickfind::Query;
use crate::format::{byte_size, escape_html as esc, time_html};
use crate::intake::send_status;
use crate::mail_api::RetryEmail;

/// A paged list of communications: each page an `<ol class="comm-list">` of
/// [`communication_html`] items.
pub fn comm_list_parts(
    page: Resource<FirstPage>,
    more: MorePages<String>,
    load_more: Action<(), ()>,
    first_len: StoredValue<usize>,
    more_test_id: &'static str,
    wrap_test_id: Option<&'static str>,
) -> ListParts {
    ListParts {
        page,
        more,
        load_more,
        first_len,
        open: "<ol class=\"comm-list\">",
        close: "</ol>",
        more_test_id,
        loading: "Loading communications…",
        wrap_test_id,
    }
}

/// `text`, escaped, with the parts the query matched in `<mark>`.
pub fn marked_html(text: &str, query: &Query) -> String {
    highlight(text, query)
        .into_iter()
        .map(|(piece, hit)| {
            if hit {
                format!("<mark>{}</mark>", esc(&piece))
            } else {
                esc(&piece)
            }
        })
        .collect()
}

/// One communication as a list item (`<li class="comm">`). With a `query` (a search), the
/// subject's matched words are marked and the body gives way to the snippet, the whole message
/// behind a disclosure. `with_place` adds where it belongs: its work item, or "this contact".
pub fn communication_html(c: &CommunicationView, query: &Query, with_place: bool) -> String {
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
    if c.details.auto_reply {
        head.push_str(
            " <span class=\"badge badge-auto\" data-testid=\"auto-reply\">Auto-reply</span>",
        );
    }
    if with_place {
        match &c.work_item_reference {
            Some(r) => head.push_str(&format!(
                " · on <a href=\"{}\">{}</a>",
                esc(&work_item_href(r)),
                esc(r)
            )),
            None => head.push_str(" · on this contact"),
        }
    }
    let subject = c
        .subject
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| format!("<p class=\"comm-subject\">{}</p>", marked_html(s, query)))
        .unwrap_or_default();
    let cc = c
        .details
        .cc
        .as_deref()
        .filter(|cc| !cc.trim().is_empty())
        .map(|cc| {
            format!(
                "<p class=\"comm-cc\" data-testid=\"comm-cc\">Cc: {}</p>",
                esc(cc)
            )
        })
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
    format!(
        "<li class=\"comm comm-{kind}\" data-testid=\"comm\" data-comm-id=\"{id}\">\
         <p class=\"comm-head\">{head}</p>{subject}{cc}{body}{attachments}{status}</li>",
        kind = esc(&c.kind),
        id = c.id,
        attachments = attachments_html(c),
        status = send_status_html(c),
    )
}

/// The attachments' names and sizes (`invoice-2291.pdf (606 B)`); the files stay with the
/// stored message.
fn attachments_html(c: &CommunicationView) -> String {
    if c.details.attachments.is_empty() {
        return String::new();
    }
    let items: String = c
        .details
        .attachments
        .iter()
        .map(|a| {
            let name = if a.name.trim().is_empty() {
                "Unnamed attachment"
            } else {
                &a.name
            };
            format!(
                "<li data-testid=\"attachment\" title=\"{}\">{} <span class=\"muted\">({})</span></li>",
                esc(&a.content_type),
                esc(name),
                byte_size(a.size)
            )
        })
        .collect();
    format!(
        "<ul class=\"comm-attachments\" aria-label=\"Attachments\" data-testid=\"attachments\">{items}</ul>"
    )
}

/// How sending an outgoing email went: "Sending…", "Sent", or "Not sent — why" with a Retry
/// form. Nothing for other communications.
fn send_status_html(c: &CommunicationView) -> String {
    let d = &c.details;
    let Some(status) = d.send_status.as_deref() else {
        return String::new();
    };
    let id = c.id;
    let line = |status: &str, text: &str| {
        format!(
            "<p class=\"send-status send-{status}\" id=\"send-status-{id}\" data-testid=\"send-status\" \
             data-status=\"{status}\">{}</p>",
            esc(text),
            status = esc(status),
        )
    };
    match status {
        send_status::SENT => line(send_status::SENT, "Sent"),
        send_status::SENDING => line(send_status::SENDING, "Sending…"),
        send_status::FAILED => {
            let mut text = match d.send_error.as_deref().filter(|e| !e.trim().is_empty()) {
                Some(e) => format!("Not sent — {e}"),
                None => "Not sent".to_string(),
            };
            if d.send_attempts > 1 {
                text.push_str(&format!(" (tried {} times)", d.send_attempts));
            }
            format!(
                "<div class=\"send-failed-box\">{}<form class=\"retry-form\" method=\"post\" action=\"{}\">\
                 <input type=\"hidden\" name=\"id\" value=\"{id}\">\
                 <button type=\"submit\" data-testid=\"retry-email\" aria-describedby=\"send-status-{id}\">Retry</button>\
                 </form></div>",
                line(send_status::FAILED, &text),
                esc(<RetryEmail as leptos::server_fn::ServerFn>::PATH),
            )
        }
        other => line(other, other),
    }
}

/// Retrying failed emails from a list written as HTML: the section around the list passes
/// its submit events to [`RetrySend::submit`], which takes those of Retry forms, sends the
/// email again and then calls `done` (the list loads again and shows the new status).
#[derive(Clone, Copy)]
pub struct RetrySend {
    action: ServerAction<RetryEmail>,
}

impl RetrySend {
    pub fn new(done: impl Fn() + Send + Sync + 'static) -> RetrySend {
        let action = ServerAction::<RetryEmail>::new();
        // The version counts answers received by this page (not an error a plain post
        // brought back in the URL, which the list already shows).
        Effect::new(move |_| {
            if action.version().get() > 0 {
                done();
            }
        });
        RetrySend { action }
    }

    /// A submit event from inside the list: a Retry form's is handled here, others are left
    /// alone.
    pub fn submit(self, ev: leptos::ev::SubmitEvent) {
        let Some(form) = Posted::take_with_class(&ev, "retry-form") else {
            return;
        };
        match form.text("id").parse::<i64>() {
            Ok(id) if !self.action.pending().get_untracked() => {
                self.action.dispatch(RetryEmail { id });
            }
            _ => {}
        }
    }

    /// What the last retry did: a status line, and an alert when it failed.
    pub fn messages(self) -> impl IntoView {
        let action = self.action;
        let status = move || {
            if action.pending().get() {
                return Some("Sending again…".to_string());
            }
            match action.value().get() {
                Some(Ok(o)) if o.sent => Some("Sent.".to_string()),
                _ => None,
            }
        };
        let alert = move || match action.value().get().filter(|_| !action.pending().get()) {
            Some(Ok(o)) if !o.sent => Some(format!(
                "Not sent: {}",
                o.error
                    .unwrap_or_else(|| "the mail relay did not take it.".into())
            )),
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        };
        view! {
            <p class="status" role="status" data-testid="retry-status">{status}</p>
            {move || alert().map(|m| view! { <p class="form-error" role="alert" data-testid="retry-error">{m}</p> })}
        }
    }
}
