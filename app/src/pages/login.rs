//! The sign-in page. A plain form posting to the `login` server function, so it works before
//! (and without) WebAssembly.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::Login;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    // Without WebAssembly a failed login comes back as a redirect carrying the error.
    let error = move || {
        login
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.to_string())
    };

    view! {
        <Title text="Sign in" />
        <main class="login-page" id="main">
            <h1>"Caller Desk"</h1>
            <ActionForm action=login attr:class="login-form" attr:aria-labelledby="login-heading">
                <h2 id="login-heading">"Sign in"</h2>
                <input type="hidden" name="next" value=next />
                <label for="login-email">"Email"</label>
                <input id="login-email" name="email" type="email" autocomplete="username" required maxlength="254" />
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password" autocomplete="current-password" required maxlength="1024" />
                {move || error().map(|e| view! { <p class="field-error" role="alert" data-testid="login-error">{e}</p> })}
                <button type="submit" disabled=move || login.pending().get()>"Sign in"</button>
            </ActionForm>
        </main>
    }
}
