//! Pieces shared by several pages.

pub mod comms;
pub mod contact_form;
pub mod contact_picker;
pub mod filter_form;
pub mod form_post;
pub mod hits;
pub mod notes;
pub mod paged;
pub mod quickfind;
pub mod shell;
pub mod tags;

use leptos::prelude::*;

use crate::error::AppError;

/// A clear message for a failed request, announced to screen readers.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let signin = matches!(error, AppError::Unauthorized);
    view! {
        <div class="error-banner" role="alert">
            <p>{error.to_string()}</p>
            {signin.then(|| view! { <p><a href="/login">"Sign in"</a></p> })}
        </div>
    }
}

/// An honest placeholder for a part of the product that is not built yet.
#[component]
pub fn Coming(what: &'static str) -> impl IntoView {
    view! { <p class="coming">{what} " — coming soon. Nothing is shown here yet."</p> }
}

/// Moves keyboard focus to the first element matching `selector` once the browser has drawn
/// the current change (e.g. a form that just appeared). Does nothing on the server.
pub fn focus_soon(selector: &'static str) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document()
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}
