//! One module per route.

pub mod admin;
pub mod change_password;
pub mod contact_activity;
pub mod contacts;
pub mod login;
pub mod new_contact;
pub mod search;
pub mod work_item;
pub mod work_items;

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Not found" />
        <h1>"Not found"</h1>
        <p>"There is no page at this address. " <a href="/contacts">"Go to contacts"</a></p>
    }
}
