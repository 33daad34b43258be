//! `/admin` and its sections (SPEC §2.6): users, work item types, queues, accounts, tenant
//! settings and the History of changes. Each section is its own route and its own piece of
//! WebAssembly (see `routes`); this module holds the index page and what the sections share.
//!
//! How the sections work:
//! - Lists are a `Resource` read under `<Transition>`, asked for again after every successful
//!   save, so the table shows what was saved without a reload. The table is patched in place,
//!   so focus is put back on the saved row's button by id ([`restore_focus`]: a rename can
//!   move the row).
//! - Every form is a plain `<form method="post">` to its server function, so it works before
//!   the WebAssembly loads (the server answers with a redirect back to the page). Once
//!   hydrated, its submit handler reads the fields ([`Posted`]) and dispatches the server
//!   action instead. (`ActionForm` would do the same, but it carries a form decoder for each
//!   server function's arguments: several kilobytes of WebAssembly per form on these pages.)
//!   A table row is one form: its inputs sit in the row's cells and name the `<form>` in the
//!   last cell through the HTML `form` attribute, which keeps the table valid HTML.
//! - A section has one action per kind of save, shared by its rows, so a row's answer outlives
//!   the table being drawn again; the row it belongs to is the one whose id was last sent.
//!   Field errors show beside the field; other refusals as an alert.
//! - A secret the server shows once (a one-time password) can only be shown by the
//!   WebAssembly: a plain post would redirect back and lose it. Those buttons are enabled once
//!   the page has hydrated. (The inbound token is derived from the server's secret, so the
//!   settings page shows it whenever it is opened.)

pub mod accounts;
pub mod history;
pub mod queues;
pub mod settings;
pub mod types;
pub mod users;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;

/// The sections: (path, title, what it is for).
const SECTIONS: [(&str, &str, &str); 6] = [
    (
        "/admin/users",
        "Users",
        "Create users, set their role, deactivate them, reset passwords.",
    ),
    (
        "/admin/types",
        "Work item types",
        "The kinds of ticket and case agents start, whether they are live and shown on contacts.",
    ),
    (
        "/admin/queues",
        "Queues",
        "Where work items wait to be taken; which queue is the default.",
    ),
    (
        "/admin/accounts",
        "Accounts",
        "The companies contacts belong to: identifier and name.",
    ),
    (
        "/admin/settings",
        "Tenant settings",
        "Default phone region, Personality Insights, contacts from incoming email, the inbound token.",
    ),
    (
        "/admin/history",
        "History of changes",
        "Who changed what and when, filtered by user, contact and date.",
    ),
];

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Admin" />
        <h1>"Admin"</h1>
        <ul class="admin-index" data-testid="admin-sections">
            {SECTIONS.into_iter().map(|(href, title, about)| view! {
                <li>
                    <a href=href>{title}</a>
                    <p>{about}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The links between the sections, above each section's heading.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    view! {
        <nav class="admin-nav" aria-label="Admin sections">
            <a href="/admin">"Admin"</a>
            <ul>
                {SECTIONS.into_iter().map(|(href, title, _)| view! {
                    <li><a href=href aria-current=(href == current).then_some("page")>{title}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// True once the WebAssembly has taken over the page (effects run only in the browser).
pub fn hydrated() -> ReadSignal<bool> {
    let (done, set_done) = signal(false);
    Effect::new(move |_| set_done.set(true));
    done
}

/// The message a refusal holds for one field, if any.
pub fn field_message(error: &AppError, field: &str) -> Option<String> {
    error
        .field_errors()
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// What to say in the form's alert: the refusal itself, and the messages of fields the form
/// does not show beside an input.
pub fn alert_text(error: &AppError, shown: &[&str]) -> String {
    let mut text = error.to_string();
    for e in error.field_errors() {
        if !shown.contains(&e.field.as_str()) {
            text.push(' ');
            text.push_str(&e.message);
        }
    }
    text
}

/// The error of an action's last answer, if it was refused.
pub fn refusal<T: Clone>(answer: Option<Result<T, AppError>>) -> Option<AppError> {
    answer.and_then(|r| r.err())
}

/// The answer of the save a table's rows share, and the row that sent it last.
#[derive(Clone, Copy)]
pub struct RowAnswer {
    pub row: RwSignal<Option<i64>>,
    error: Memo<Option<AppError>>,
    pending: Memo<bool>,
}

impl RowAnswer {
    pub fn new(error: Memo<Option<AppError>>, pending: Memo<bool>) -> RowAnswer {
        RowAnswer {
            row: RwSignal::new(None),
            error,
            pending,
        }
    }

    /// The refusal of this row's last save, once it has come back.
    pub fn error_for(self, id: i64) -> Option<AppError> {
        if self.row.get() != Some(id) || self.pending.get() {
            return None;
        }
        self.error.get()
    }

    pub fn field(self, id: i64, field: &str) -> Option<String> {
        self.error_for(id).and_then(|e| field_message(&e, field))
    }

    pub fn alert(self, id: i64, shown: &[&str]) -> Option<String> {
        self.error_for(id).map(|e| alert_text(&e, shown))
    }

    /// A refusal no row can claim: a plain form post (before the WebAssembly loaded) came
    /// back with it in the URL.
    pub fn orphan(self) -> Option<String> {
        if self.row.get().is_some() {
            return None;
        }
        self.error.get().map(|e| alert_text(&e, &[]))
    }
}

/// `aria-invalid` of an input.
pub fn invalid(message: Option<String>) -> &'static str {
    if message.is_some() { "true" } else { "false" }
}

pub use crate::components::form_post::{Posted, post_url};

/// Moves keyboard focus to the element with this id once the browser has drawn the current
/// change (a table drawn again after a save replaces the button that had focus).
pub fn focus_id_soon(id: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Focuses the element a save asked for, once its table has been drawn again.
pub fn restore_focus(refocus: StoredValue<Option<String>>) {
    if let Some(id) = refocus.try_update_value(Option::take).flatten() {
        focus_id_soon(id);
    }
}

/// A secret the server shows once, and who or what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub heading: String,
    pub value: String,
    pub note: &'static str,
}

/// The box a once-shown secret appears in, until the admin hides it. It takes focus when it
/// appears, so a screen reader reads it at once.
#[component]
pub fn ShownOnce(secret: RwSignal<Option<Secret>>) -> impl IntoView {
    view! {
        {move || secret.get().map(|s| {
            focus_id_soon("shown-once".into());
            view! {
                <section class="secret-box" id="shown-once" tabindex="-1" aria-labelledby="shown-once-heading" data-testid="shown-once">
                    <h2 id="shown-once-heading">{s.heading}</h2>
                    <p class="secret-value"><code data-testid="secret-value">{s.value}</code></p>
                    <p>{s.note}</p>
                    <p class="secret-warning">"It is shown only this once: it is not stored anywhere it could be read again."</p>
                    <button type="button" on:click=move |_| secret.set(None)>"I have noted it — hide"</button>
                </section>
            }
        })}
    }
}

/// A parameter of the page's URL, trimmed; empty when absent.
pub fn param(map: &leptos_router::params::ParamsMap, name: &str) -> String {
    map.get(name)
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The offset in the URL (`?offset=50`), within what the server accepts.
pub fn offset_param(map: &leptos_router::params::ParamsMap) -> u32 {
    map.get("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0)
        .min(crate::activity_api::MAX_OFFSET)
}

/// `path` with the non-empty query parameters.
pub fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let query = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty() && v != "0")
        .map(|(k, v)| format!("{k}={}", crate::format::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

pub use crate::components::filter_form::drop_empty_fields;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldError;

    #[test]
    fn queries_keep_only_what_is_set() {
        assert_eq!(
            with_query(
                "/admin/accounts",
                &[("q", "a&b".into()), ("offset", "0".into())]
            ),
            "/admin/accounts?q=a%26b"
        );
        assert_eq!(
            with_query(
                "/admin/history",
                &[("user", "".into()), ("offset", "50".into())]
            ),
            "/admin/history?offset=50"
        );
    }

    #[test]
    fn alerts_carry_the_messages_no_field_shows() {
        let e = AppError::Validation(vec![
            FieldError::new("name", "Required"),
            FieldError::new("kind", "Choose Ticket or Case"),
        ]);
        assert_eq!(field_message(&e, "name").as_deref(), Some("Required"));
        assert_eq!(
            alert_text(&e, &["name"]),
            "Please correct the highlighted fields. Choose Ticket or Case"
        );
    }
}
