//! The routes' pages, each in its own piece of WebAssembly.
//!
//! Built with `cargo leptos build --split`, every `#[lazy_route]` view below lands in a separate
//! `.wasm` file that the browser fetches only when that route is shown: on a full page load the
//! server lists the current route's file as a `<link rel="preload">` so it downloads alongside
//! the main bundle (`hydrate_lazy` waits for it before hydrating); on a client-side navigation
//! the router fetches it before drawing the page. The main bundle keeps what every page needs:
//! Leptos, the router, the [`Shell`] with the Quickfind box, and the not-found page.
//!
//! A route's `data()` creates nothing: each page makes its own resources, so the server renders
//! and the browser hydrates exactly as before. Without `--split` the placeholder imports for
//! these pieces are never resolved and the browser bundle does not load.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::components::shell::Shell;
use crate::pages::admin::{
    AdminPage, accounts::AdminAccountsPage, history::AdminHistoryPage, queues::AdminQueuesPage,
    settings::AdminSettingsPage, types::AdminTypesPage, users::AdminUsersPage,
};
use crate::pages::{
    change_password::ChangePasswordPage, contact_activity::ContactActivityPage,
    contacts::ContactsPage, login::LoginPage, new_contact::NewContactPage, search::SearchPage,
    work_item::WorkItemPage, work_items::WorkItemsPage,
};

/// `/login`.
pub struct LoginRoute;

#[lazy_route]
impl LazyRoute for LoginRoute {
    fn data() -> Self {
        LoginRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <LoginPage /> }.into_any()
    }
}

/// `/` and `/contacts`.
pub struct ContactsRoute;

#[lazy_route]
impl LazyRoute for ContactsRoute {
    fn data() -> Self {
        ContactsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><ContactsPage /></Shell> }.into_any()
    }
}

/// `/contacts/new`.
pub struct NewContactRoute;

#[lazy_route]
impl LazyRoute for NewContactRoute {
    fn data() -> Self {
        NewContactRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><NewContactPage /></Shell> }.into_any()
    }
}

/// `/contacts/:id`.
pub struct ContactActivityRoute;

#[lazy_route]
impl LazyRoute for ContactActivityRoute {
    fn data() -> Self {
        ContactActivityRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><ContactActivityPage /></Shell> }.into_any()
    }
}

/// `/work-items`.
pub struct WorkItemsRoute;

#[lazy_route]
impl LazyRoute for WorkItemsRoute {
    fn data() -> Self {
        WorkItemsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><WorkItemsPage /></Shell> }.into_any()
    }
}

/// `/work-items/:reference`.
pub struct WorkItemRoute;

#[lazy_route]
impl LazyRoute for WorkItemRoute {
    fn data() -> Self {
        WorkItemRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><WorkItemPage /></Shell> }.into_any()
    }
}

/// `/search`.
pub struct SearchRoute;

#[lazy_route]
impl LazyRoute for SearchRoute {
    fn data() -> Self {
        SearchRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><SearchPage /></Shell> }.into_any()
    }
}

/// `/admin`.
pub struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        AdminRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminPage /></Shell> }.into_any()
    }
}

/// `/admin/users`.
pub struct AdminUsersRoute;

#[lazy_route]
impl LazyRoute for AdminUsersRoute {
    fn data() -> Self {
        AdminUsersRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminUsersPage /></Shell> }.into_any()
    }
}

/// `/admin/types`.
pub struct AdminTypesRoute;

#[lazy_route]
impl LazyRoute for AdminTypesRoute {
    fn data() -> Self {
        AdminTypesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminTypesPage /></Shell> }.into_any()
    }
}

/// `/admin/queues`.
pub struct AdminQueuesRoute;

#[lazy_route]
impl LazyRoute for AdminQueuesRoute {
    fn data() -> Self {
        AdminQueuesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminQueuesPage /></Shell> }.into_any()
    }
}

/// `/admin/accounts`.
pub struct AdminAccountsRoute;

#[lazy_route]
impl LazyRoute for AdminAccountsRoute {
    fn data() -> Self {
        AdminAccountsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminAccountsPage /></Shell> }.into_any()
    }
}

/// `/admin/settings`.
pub struct AdminSettingsRoute;

#[lazy_route]
impl LazyRoute for AdminSettingsRoute {
    fn data() -> Self {
        AdminSettingsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminSettingsPage /></Shell> }.into_any()
    }
}

/// `/admin/history`.
pub struct AdminHistoryRoute;

#[lazy_route]
impl LazyRoute for AdminHistoryRoute {
    fn data() -> Self {
        AdminHistoryRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Shell><AdminHistoryPage /></Shell> }.into_any()
    }
}

/// `/change-password` (no Shell: see the page).
pub struct ChangePasswordRoute;

#[lazy_route]
impl LazyRoute for ChangePasswordRoute {
    fn data() -> Self {
        ChangePasswordRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ChangePasswordPage /> }.into_any()
    }
}
