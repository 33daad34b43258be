//! Caller Desk: what the product does — domain rules, pages, components and the server
//! functions they call. Storage is reached only through the `store::Store` port.

#![recursion_limit = "256"]

pub mod auth;
pub mod components;
pub mod contacts_api;
pub mod search_api;
pub mod domain;
pub mod error;
pub mod format;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server_ctx;
#[cfg(feature = "ssr")]
pub mod store;
pub mod work_items_api;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::shell::Shell;
use crate::pages::{
    NotFoundPage, admin::AdminPage, contact_activity::ContactActivityPage, contacts::ContactsPage,
    login::LoginPage, new_contact::NewContactPage, search::SearchPage, work_item::WorkItemPage,
    work_items::WorkItemsPage,
};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // Effects never run on the server: this attribute tells tests (and curious people) that
    // the WebAssembly has loaded and taken over the page.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/callerdesk.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="color-scheme" content="light" />
        <Title formatter=|text: String| if text.is_empty() { "Caller Desk".to_string() } else { format!("{text} · Caller Desk") } />
        <Router>
            <Routes fallback=|| view! { <Shell><NotFoundPage /></Shell> }>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/") view=|| view! { <Shell><ContactsPage /></Shell> } />
                <Route path=path!("/contacts") view=|| view! { <Shell><ContactsPage /></Shell> } />
                // Before `/contacts/:id`: routes match in order, so "new" is never read as an id.
                <Route path=path!("/contacts/new") view=|| view! { <Shell><NewContactPage /></Shell> } />
                // Async: the server waits for the contact before answering, so an unknown id
                // answers 404 and the first paint holds the details.
                <Route path=path!("/contacts/:id") view=|| view! { <Shell><ContactActivityPage /></Shell> } ssr=SsrMode::Async />
                <Route path=path!("/work-items") view=|| view! { <Shell><WorkItemsPage /></Shell> } />
                <Route path=path!("/work-items/:reference") view=|| view! { <Shell><WorkItemPage /></Shell> } ssr=SsrMode::Async />
                // Async: the whole answer is in the first response, so the header's plain form
                // shows results even without WebAssembly.
                <Route path=path!("/search") view=|| view! { <Shell><SearchPage /></Shell> } ssr=SsrMode::Async />
                <Route path=path!("/admin") view=|| view! { <Shell><AdminPage /></Shell> } />
            </Routes>
        </Router>
    }
}
