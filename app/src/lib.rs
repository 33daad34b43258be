//! Caller Desk: what the product does — domain rules, pages, components and the server
//! functions they call. Storage is reached only through the `store::Store` port.

#![recursion_limit = "256"]

pub mod activity_api;
pub mod admin_api;
pub mod auth;
pub mod components;
pub mod contacts_api;
pub mod domain;
pub mod error;
pub mod format;
pub mod insights_api;
#[cfg(feature = "ssr")]
pub mod insights_imp;
pub mod intake;
#[cfg(feature = "ssr")]
pub mod login_limit;
pub mod mail_api;
pub mod model;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod sanitize;
pub mod search_api;
#[cfg(feature = "ssr")]
pub mod server_ctx;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod store_admin;
#[cfg(feature = "ssr")]
pub mod store_insights;
#[cfg(feature = "ssr")]
pub mod store_intake;
#[cfg(feature = "ssr")]
pub mod store_work;
pub mod work_items_api;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::shell::Shell;
use crate::pages::NotFoundPage;
use crate::routes::{
    AdminAccountsRoute, AdminHistoryRoute, AdminQueuesRoute, AdminRoute, AdminSettingsRoute,
    AdminTypesRoute, AdminUsersRoute, ChangePasswordRoute, ContactActivityRoute, ContactsRoute,
    LoginRoute, NewContactRoute, SearchRoute, WorkItemRoute, WorkItemsRoute,
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

    // `<body data-hydrated="true">`, the sign that the WebAssembly has taken over the page, is
    // set by `frontend` once hydration has finished: the route's page arrives as its own piece
    // of WebAssembly, so an effect here could run before that part is hydrated.

    view! {
        <Stylesheet id="leptos" href="/pkg/callerdesk.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="color-scheme" content="light" />
        <Title formatter=|text: String| if text.is_empty() { "Caller Desk".to_string() } else { format!("{text} · Caller Desk") } />
        <Router>
            // Each page's code is its own piece of WebAssembly, fetched when the route is shown
            // (see `routes`); the Shell and the not-found page stay in the main bundle.
            <Routes fallback=|| view! { <Shell><NotFoundPage /></Shell> }>
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                <Route path=path!("/change-password") view={Lazy::<ChangePasswordRoute>::new()} />
                <Route path=path!("/") view={Lazy::<ContactsRoute>::new()} />
                <Route path=path!("/contacts") view={Lazy::<ContactsRoute>::new()} />
                // Before `/contacts/:id`: routes match in order, so "new" is never read as an id.
                <Route path=path!("/contacts/new") view={Lazy::<NewContactRoute>::new()} />
                // Async: the server waits for the contact before answering, so an unknown id
                // answers 404 and the first paint holds the details.
                <Route path=path!("/contacts/:id") view={Lazy::<ContactActivityRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/work-items") view={Lazy::<WorkItemsRoute>::new()} />
                <Route path=path!("/work-items/:reference") view={Lazy::<WorkItemRoute>::new()} ssr=SsrMode::Async />
                // Async: the whole answer is in the first response, so the header's plain form
                // shows results even without WebAssembly.
                <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} />
                <Route path=path!("/admin/users") view={Lazy::<AdminUsersRoute>::new()} />
                <Route path=path!("/admin/types") view={Lazy::<AdminTypesRoute>::new()} />
                <Route path=path!("/admin/queues") view={Lazy::<AdminQueuesRoute>::new()} />
                <Route path=path!("/admin/accounts") view={Lazy::<AdminAccountsRoute>::new()} />
                <Route path=path!("/admin/settings") view={Lazy::<AdminSettingsRoute>::new()} />
                <Route path=path!("/admin/history") view={Lazy::<AdminHistoryRoute>::new()} />
            </Routes>
        </Router>
    }
}
