//! The frame around every signed-in page: header with the Quickfind box, navigation and user
//! menu.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::{Logout, current_user};
use crate::components::quickfind::Quickfind;
use crate::model::Role;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let user = Resource::new(|| (), |_| current_user());
    let logout = ServerAction::<Logout>::new();
    let location = use_location();
    let current = move |prefix: &'static str| {
        let path = location.pathname.get();
        if path == prefix || path.starts_with(&format!("{prefix}/")) {
            Some("page")
        } else {
            None
        }
    };

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href="/contacts">"Caller Desk"</a>
            <Quickfind />
            <nav aria-label="Main">
                <ul>
                    <li><a href="/work-items" aria-current=move || current("/work-items")>"Work items"</a></li>
                    <li><a href="/contacts" aria-current=move || current("/contacts")>"Contacts"</a></li>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let admin = matches!(user.await, Ok(Some(u)) if u.role == Role::Admin);
                            admin.then(|| view! {
                                <li><a href="/admin" aria-current=move || current("/admin")>"Admin"</a></li>
                            })
                        })}
                    </Transition>
                </ul>
            </nav>
            <div class="user-menu">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(u)) => view! {
                                <span class="user-name" data-testid="signed-in-user">{u.name.clone()}</span>
                                <span class="user-role">{u.role.as_str()}</span>
                                <span class="user-tenant">{u.tenant_name.clone()}</span>
                            }.into_any(),
                            _ => view! { <a href="/login">"Sign in"</a> }.into_any(),
                        }
                    })}
                </Transition>
                <ActionForm action=logout attr:class="logout-form">
                    <button type="submit">"Log out"</button>
                </ActionForm>
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
    }
}
