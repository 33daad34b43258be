//! `/change-password`: a user chooses their own password — required after an admin gave them
//! a one-time password (the server's middleware sends every page there until they do), and
//! open to anyone signed in. A plain form posting to `change_password`, so it works before the
//! WebAssembly loads; on success the server sends the user on to `next`.
//!
//! No Shell: a user who must change their password may reach only this page and its server
//! functions, and the header's Quickfind would be refused.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::admin_api::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::auth::{ChangePassword, Logout, current_user};

const FIELDS: [&str; 3] = ["current_password", "new_password", "confirm_password"];

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(|| (), |_| current_user());
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Memo::new(move |_| change.value().get().and_then(|r| r.err()));
    let message = move |field: &'static str| {
        move || {
            error.with(|e| {
                e.as_ref().and_then(|e| {
                    e.field_errors()
                        .iter()
                        .find(|f| f.field == field)
                        .map(|f| f.message.clone())
                })
            })
        }
    };
    let invalid = move |field: &'static str| move || message(field)().is_some().to_string();
    // A refusal that is not about one field (signed out meanwhile, too many attempts …).
    let alert = move || {
        error.get().map(|e| {
            let placed = e
                .field_errors()
                .iter()
                .any(|f| FIELDS.contains(&f.field.as_str()));
            if placed {
                "Please correct the highlighted fields.".to_string()
            } else {
                e.to_string()
            }
        })
    };
    let min_hint = format!("At least {MIN_PASSWORD_CHARS} characters.");

    view! {
        <Title text="Choose a new password" />
        <main class="login-page" id="main">
            <h1>"Caller Desk"</h1>
            <ActionForm action=change attr:class="login-form" attr:aria-labelledby="change-heading" attr:novalidate=true>
                <h2 id="change-heading">"Choose a new password"</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        user.await.ok().flatten().map(|u| {
                            let why = if u.must_change_password {
                                "You signed in with a one-time password. Choose your own to continue."
                            } else {
                                "Your other sessions end; this one stays signed in."
                            };
                            view! {
                                <p class="intro">{why}</p>
                                <p class="muted">"Signed in as " {u.email.clone()}</p>
                                // For password managers: the account this password belongs to.
                                <input type="text" autocomplete="username" value=u.email hidden=true readonly=true tabindex="-1" />
                            }
                        })
                    })}
                </Suspense>
                <input type="hidden" name="next" value=next />
                <label for="change-current">"Current password"</label>
                <input id="change-current" name="current_password" type="password" autocomplete="current-password" required
                    maxlength="1024" aria-invalid=invalid("current_password") aria-describedby="change-current-error" />
                <p class="field-error" id="change-current-error" data-testid="current_password-error">{message("current_password")}</p>
                <label for="change-new">"New password"</label>
                <input id="change-new" name="new_password" type="password" autocomplete="new-password" required
                    minlength=MIN_PASSWORD_CHARS.to_string() maxlength=MAX_PASSWORD_CHARS.to_string()
                    aria-invalid=invalid("new_password") aria-describedby="change-new-hint change-new-error" />
                <p class="hint" id="change-new-hint">{min_hint}</p>
                <p class="field-error" id="change-new-error" data-testid="new_password-error">{message("new_password")}</p>
                <label for="change-confirm">"Repeat the new password"</label>
                <input id="change-confirm" name="confirm_password" type="password" autocomplete="new-password" required
                    maxlength=MAX_PASSWORD_CHARS.to_string()
                    aria-invalid=invalid("confirm_password") aria-describedby="change-confirm-error" />
                <p class="field-error" id="change-confirm-error" data-testid="confirm_password-error">{message("confirm_password")}</p>
                {move || alert().map(|e| view! { <p class="form-error" role="alert" data-testid="change-password-error">{e}</p> })}
                <button type="submit" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { "Saving…" } else { "Save new password" }}
                </button>
            </ActionForm>
            <ActionForm action=logout attr:class="logout-form change-password-logout">
                <button type="submit" class="link-button">"Sign out instead"</button>
            </ActionForm>
        </main>
    }
}
