//! `/admin/history`: History of changes — the tenant's audit log, newest first: when, who,
//! what (a contact or work item links to its page), which field, from what to what. The
//! filter (`user`, `contact`, `from`, `to`, days in UTC) and the page (`offset`) live in the
//! URL; the filter is a GET form, so it works before the WebAssembly loads.
//!
//! The table is read-only, so it is written as HTML text (every value escaped), which costs a
//! fraction of the WebAssembly a view per cell would.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::{AdminNav, drop_empty_fields, field_message, invalid, offset_param, param, with_query};
use crate::admin_api::{ADMIN_PAGE_SIZE, AuditFilter, AuditRow, audit_log};
use crate::components::ErrorMessage;
use crate::components::hits::work_item_href;
use crate::error::AppError;
use crate::format::{escape_html as esc, time_html};
use crate::model::{FieldError, UserRef};

const FIELDS: [&str; 4] = ["user", "contact", "from", "to"];

/// The filter in the URL, its offset, and the contact number as typed (checked: `contact`
/// must be a number).
#[derive(Clone, Debug, PartialEq)]
struct Wanted {
    filter: AuditFilter,
    offset: u32,
    contact: String,
}

fn wanted(map: &ParamsMap) -> Wanted {
    let contact = param(map, "contact");
    Wanted {
        filter: AuditFilter {
            user_id: param(map, "user").parse().ok(),
            contact_id: contact.parse().ok(),
            from: param(map, "from"),
            to: param(map, "to"),
        },
        offset: offset_param(map),
        contact,
    }
}

fn href(w: &Wanted, offset: u32) -> String {
    let f = &w.filter;
    with_query(
        "/admin/history",
        &[
            ("user", f.user_id.map(|u| u.to_string()).unwrap_or_default()),
            ("contact", w.contact.clone()),
            ("from", f.from.clone()),
            ("to", f.to.clone()),
            ("offset", offset.to_string()),
        ],
    )
}

/// The page of entries, after the checks the URL allows here.
async fn entries(w: Wanted) -> Result<crate::admin_api::AuditPage, AppError> {
    if !w.contact.is_empty() && w.filter.contact_id.is_none_or(|id| id < 1) {
        return Err(AppError::Validation(vec![FieldError::new(
            "contact",
            "A contact's number, as in its address /contacts/1234",
        )]));
    }
    audit_log(w.filter, w.offset).await
}

#[component]
pub fn AdminHistoryPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = Memo::new(move |_| wanted(&query.read()));
    let page = Resource::new(move || wanted.get(), entries);

    view! {
        <Title text="History of changes — Admin" />
        <AdminNav current="/admin/history" />
        <h1>"History of changes"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading the history…"</p> }>
            {move || Suspend::new(async move {
                let answer = page.await;
                let w = wanted.get_untracked();
                match answer {
                    Err(e) => {
                        let placed = FIELDS.iter().any(|f| field_message(&e, f).is_some());
                        view! {
                            <FilterForm w=w.clone() users=Vec::new() error=Some(e.clone()) />
                            {(!placed).then(|| view! { <ErrorMessage error=e /> })}
                        }.into_any()
                    }
                    Ok(p) => {
                        let shown = p.rows.len() as u32;
                        let at = w.offset;
                        let range = if shown == 0 { String::new() } else { format!("Changes {}–{}", at + 1, at + shown) };
                        let prev = (at > 0).then(|| href(&w, at.saturating_sub(ADMIN_PAGE_SIZE)));
                        let next = p.more.then(|| href(&w, at + shown.max(1)));
                        let table = table_html(&p.rows, &range);
                        view! {
                            <FilterForm w users=p.users error=None />
                            <div class="table-scroll" inner_html=table></div>
                            <nav class="pager" aria-label="Pages">
                                {prev.map(|h| view! { <a href=h rel="prev">"← Newer"</a> })}
                                <span>{range}</span>
                                {next.map(|h| view! { <a href=h rel="next">"Older →"</a> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The filter: a GET form (the page starts again at the newest entries).
#[component]
fn FilterForm(w: Wanted, users: Vec<UserRef>, error: Option<AppError>) -> impl IntoView {
    let message = |field: &str| error.as_ref().and_then(|e| field_message(e, field));
    let chosen = w.filter.user_id;
    // Keep the chosen user in the list even when the answer brought none.
    let mut users = users;
    if let Some(id) = chosen
        && !users.iter().any(|u| u.id.0 == id)
    {
        users.push(UserRef {
            id: crate::model::UserId(id),
            name: format!("User #{id}"),
        });
    }
    let (contact_error, from_error, to_error) =
        (message("contact"), message("from"), message("to"));
    view! {
        <Form method="GET" action="/admin/history" on_form_data=drop_empty_fields(&FIELDS)
            attr:class="filter-bar history-filter" attr:role="search" attr:aria-label="Filter the history">
            <div class="field">
                <label for="history-user">"Changed by"</label>
                <select id="history-user" name="user">
                    <option value="" selected=chosen.is_none()>"Anyone"</option>
                    {users.into_iter().map(|u| {
                        let selected = chosen == Some(u.id.0);
                        view! { <option value=u.id.0.to_string() selected=selected>{u.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="history-contact">"Contact number"</label>
                <input id="history-contact" name="contact" type="text" inputmode="numeric" size="8" maxlength="19"
                    value=w.contact aria-invalid=invalid(contact_error.clone()) aria-describedby="history-contact-error" />
                <p class="field-error" id="history-contact-error">{contact_error}</p>
            </div>
            <div class="field">
                <label for="history-from">"From (UTC)"</label>
                <input id="history-from" name="from" type="date" value=w.filter.from
                    aria-invalid=invalid(from_error.clone()) aria-describedby="history-from-error" />
                <p class="field-error" id="history-from-error">{from_error}</p>
            </div>
            <div class="field">
                <label for="history-to">"To (UTC)"</label>
                <input id="history-to" name="to" type="date" value=w.filter.to
                    aria-invalid=invalid(to_error.clone()) aria-describedby="history-to-error" />
                <p class="field-error" id="history-to-error">{to_error}</p>
            </div>
            <button type="submit">"Apply"</button>
            <a href="/admin/history">"Clear"</a>
        </Form>
    }
}

/// What changed: the kind of thing and its name, linked when it has a page.
fn what_html(r: &AuditRow) -> String {
    let word = match r.entity.as_str() {
        "contact" => "Contact",
        "work_item" => "Work item",
        "user" => "User",
        "queue" => "Queue",
        "work_item_type" => "Work item type",
        "account" => "Account",
        "tenant" => "Tenant settings",
        other => other,
    };
    let gone = r.entity_label.is_empty();
    let label = if gone {
        format!("#{} (deleted)", r.entity_id)
    } else {
        r.entity_label.clone()
    };
    let link = match r.entity.as_str() {
        "contact" if !gone => Some(format!("/contacts/{}", r.entity_id)),
        "work_item" if !gone => Some(work_item_href(&r.entity_label)),
        _ => None,
    };
    let label = match (r.entity.as_str(), link) {
        ("tenant", _) => String::new(),
        (_, Some(href)) => format!(" <a href=\"{}\">{}</a>", esc(&href), esc(&label)),
        (_, None) => format!(" {}", esc(&label)),
    };
    format!("<span class=\"history-entity\">{word}</span>{label}")
}

fn value_html(v: &Option<String>) -> String {
    match v.as_deref() {
        Some(v) if !v.is_empty() => format!("<span class=\"history-value\">{}</span>", esc(v)),
        _ => "<span class=\"muted\">—</span>".into(),
    }
}

fn table_html(rows: &[AuditRow], range: &str) -> String {
    if rows.is_empty() {
        return "<p class=\"empty\" data-testid=\"history-empty\">No changes match this filter.</p>"
            .into();
    }
    let mut out = format!(
        "<table class=\"history-table admin-history\" data-testid=\"history\"><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th><th scope=\"col\">What</th>\
         <th scope=\"col\">Field</th><th scope=\"col\">Change</th></tr></thead><tbody>",
        esc(range)
    );
    for r in rows {
        let who = r
            .user
            .as_ref()
            .map(|u| esc(&u.name))
            .unwrap_or_else(|| "<span class=\"muted\">System</span>".into());
        let change = if r.old_value.is_none() {
            value_html(&r.new_value)
        } else {
            format!(
                "{} <span aria-label=\"changed to\">→</span> {}",
                value_html(&r.old_value),
                value_html(&r.new_value)
            )
        };
        out.push_str(&format!(
            "<tr data-testid=\"history-row\"><td>{}</td><td>{who}</td><td>{}</td><td>{}</td><td>{change}</td></tr>",
            time_html(r.at),
            what_html(r),
            esc(&r.field.replace('_', " ")),
        ));
    }
    out.push_str("</tbody></table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn url(pairs: &[(&str, &str)]) -> ParamsMap {
        let mut map = ParamsMap::new();
        for (k, v) in pairs {
            map.insert(k.to_string(), v.to_string());
        }
        map
    }

    #[test]
    fn the_filter_lives_in_the_url() {
        let w = wanted(&url(&[
            ("user", "3"),
            ("contact", "12"),
            ("from", "2026-01-02"),
            ("offset", "50"),
        ]));
        assert_eq!(w.filter.user_id, Some(3));
        assert_eq!(w.filter.contact_id, Some(12));
        assert_eq!(w.filter.from, "2026-01-02");
        assert_eq!(
            href(&w, 100),
            "/admin/history?user=3&contact=12&from=2026-01-02&offset=100"
        );
        assert_eq!(href(&wanted(&url(&[])), 0), "/admin/history");
    }

    #[test]
    fn entries_link_to_their_pages_and_escape_values() {
        let row = AuditRow {
            id: 1,
            at: Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap(),
            user: None,
            entity: "work_item".into(),
            entity_id: 9,
            entity_label: "40308-T".into(),
            field: "show_in_contacts".into(),
            old_value: Some("<b>".into()),
            new_value: None,
        };
        let html = table_html(std::slice::from_ref(&row), "Changes 1–1");
        assert!(html.contains("<a href=\"/work-items/40308-T\">40308-T</a>"));
        assert!(html.contains("&lt;b&gt;"));
        assert!(html.contains("show in contacts"));
        assert!(html.contains("System"));
        let gone = AuditRow {
            entity: "contact".into(),
            entity_label: String::new(),
            ..row
        };
        assert!(!what_html(&gone).contains("<a "));
    }
}
