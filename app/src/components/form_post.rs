//! Forms that post to their server function before the WebAssembly loads and dispatch an
//! action once it has (the admin sections, the email composer, the Retry buttons written into
//! a communications list's HTML). The server answers a plain post with a redirect back to the
//! page; a hydrated page reads the fields here and calls the function itself.

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlButtonElement, HtmlFormElement};

/// A submitted form's fields (the pressed button's name and value included), read by hand.
/// (`ActionForm` would do the same, but it carries a form decoder for each server function's
/// arguments: several kilobytes of WebAssembly per form.)
pub struct Posted(FormData);

impl Posted {
    /// Reads the form a submit event comes from and stops the browser's own post. If the
    /// fields cannot be read, the browser posts the form itself (`None`).
    pub fn take(ev: &leptos::ev::SubmitEvent) -> Option<Posted> {
        let form = ev.target()?.dyn_into::<HtmlFormElement>().ok()?;
        let data = FormData::new_with_form(&form).ok()?;
        if let Some(button) = ev
            .submitter()
            .and_then(|b| b.dyn_into::<HtmlButtonElement>().ok())
            && !button.name().is_empty()
        {
            data.append_with_str(&button.name(), &button.value()).ok()?;
        }
        ev.prevent_default();
        Some(Posted(data))
    }

    /// [`Posted::take`] for a form with the class `class` only: a handler on a container
    /// whose forms are written as HTML hears the submit events of all of them.
    pub fn take_with_class(ev: &leptos::ev::SubmitEvent, class: &str) -> Option<Posted> {
        let form = ev.target()?.dyn_into::<HtmlFormElement>().ok()?;
        if !form.class_name().split_whitespace().any(|c| c == class) {
            return None;
        }
        Posted::take(ev)
    }

    pub fn text(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    /// A checkbox (`value="true"`) that is ticked.
    pub fn flag(&self, name: &str) -> bool {
        self.0.get(name).as_string().is_some_and(|v| v == "true")
    }
}

/// The address a form posts to before the WebAssembly loads: its server function's.
pub fn post_url<S: leptos::server_fn::ServerFn>() -> &'static str {
    S::PATH
}
