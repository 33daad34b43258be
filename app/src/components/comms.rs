//! How one communication reads in a list, shared by the Contact Activity page's Caller
//! Communications and the work item page's timeline: kind and direction, party, author, time,
//! subject and body. Written as HTML text, not one view per piece: that keeps the browser
//! bundle small. Every value is escaped, email HTML excepted: it was sanitised on the server
//! and goes in only inside its own container.

use leptos::prelude::*;

use crate::activity_api::CommunicationView;
use crate::components::hits::{communication_label, work_item_href};
use crate::components::paged::{FirstPage, ListParts, MorePages};
use crate::domain::highlight::highlight;
use crate::domain::quickfind::Query;
use crate::format::{escape_html as esc, time_html};

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
         <p class=\"comm-head\">{head}</p>{subject}{body}</li>",
        kind = esc(&c.kind),
        id = c.id,
    )
}
