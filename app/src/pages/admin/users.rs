//! `/admin/users`: the tenant's users — create one (with a password the admin types, or a
//! generated one-time password shown once), change a user's name, role and whether they may
//! sign in (deactivating ends their sessions), and give them a new one-time password.

use leptos::html::Form;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    AdminNav, Posted, RowAnswer, Secret, ShownOnce, alert_text, field_message, focus_id_soon,
    hydrated, invalid, post_url, refusal, restore_focus,
};
use crate::admin_api::{
    CreateUser, MAX_NAME_CHARS, MAX_PASSWORD_CHARS, ResetPassword, UpdateUser, UserRow, admin_users,
};
use crate::components::ErrorMessage;
use crate::format::{date_time, machine};
use crate::model::Role;

const HAND_OVER: &str = "Hand it over securely: in person or by phone, never in the same \
    message as their email address. They choose their own password when they first sign in.";

/// What the rows share: the two row actions, their answers, and the row asking to confirm a
/// password reset.
#[derive(Clone, Copy)]
struct Rows {
    update: ServerAction<UpdateUser>,
    saved: RowAnswer,
    reset: ServerAction<ResetPassword>,
    reset_answer: RowAnswer,
    /// The user whose password reset waits for confirmation, with their name.
    confirm: RwSignal<Option<(i64, String)>>,
    ready: ReadSignal<bool>,
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let users = Resource::new(|| (), |_| admin_users());
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let rows = Rows {
        update,
        saved: RowAnswer::new(
            Memo::new(move |_| refusal(update.value().get())),
            update.pending(),
        ),
        reset,
        reset_answer: RowAnswer::new(
            Memo::new(move |_| refusal(reset.value().get())),
            reset.pending(),
        ),
        confirm: RwSignal::new(None),
        ready: hydrated(),
    };
    let secret = RwSignal::new(None::<Secret>);
    let status = RwSignal::new(None::<String>);
    let refocus = StoredValue::new(None::<String>);
    let saved_name = StoredValue::new(String::new());
    let create_form = NodeRef::<Form>::new();

    Effect::new(move |_| {
        if let Some(input) = update.input().get() {
            rows.saved.row.set(Some(input.user_id));
            saved_name.set_value(input.name);
            status.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            status.set(Some(format!("Saved {}.", saved_name.get_value())));
            refocus.set_value(
                rows.saved
                    .row
                    .get_untracked()
                    .map(|id| format!("user-{id}-save")),
            );
            users.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(input) = reset.input().get() {
            rows.reset_answer.row.set(Some(input.user_id));
            status.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(password)) = reset.value().get() {
            let name = rows
                .confirm
                .get_untracked()
                .map(|(_, name)| name)
                .unwrap_or_default();
            rows.confirm.set(None);
            secret.set(Some(Secret {
                heading: format!("New one-time password for {name}"),
                value: password,
                note: HAND_OVER,
            }));
            status.set(Some(format!(
                "{name} has a new one-time password and was signed out everywhere."
            )));
            users.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            let who = format!("{} <{}>", created.user.name, created.user.email);
            if let Some(password) = created.one_time_password {
                secret.set(Some(Secret {
                    heading: format!("One-time password for {}", created.user.name),
                    value: password,
                    note: HAND_OVER,
                }));
            }
            status.set(Some(format!("Created {who}.")));
            if let Some(form) = create_form.get_untracked() {
                form.reset();
            }
            users.refetch();
        }
    });

    view! {
        <Title text="Users — Admin" />
        <AdminNav current="/admin/users" />
        <h1>"Users"</h1>
        <ShownOnce secret />
        <CreateUserForm create create_form ready=rows.ready />
        <div class="admin-messages" aria-live="polite">
            {move || status.get().map(|s| view! { <p class="status" data-testid="admin-status">{s}</p> })}
        </div>
        {move || rows.saved.orphan().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                let answer = users.await;
                restore_focus(refocus);
                match answer {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll">
                            <table class="admin-table" data-testid="users">
                                <caption class="visually-hidden">"Users"</caption>
                                <thead><tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Email"</th>
                                    <th scope="col">"Role"</th>
                                    <th scope="col">"Active"</th>
                                    <th scope="col">"Must change password"</th>
                                    <th scope="col">"Last seen"</th>
                                    <th scope="col">"Actions"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|u| user_row(u, rows)).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CreateUserForm(
    create: ServerAction<CreateUser>,
    create_form: NodeRef<Form>,
    ready: ReadSignal<bool>,
) -> impl IntoView {
    let error = Memo::new(move |_| refusal(create.value().get()));
    let field = move |name: &'static str| move || error.get().and_then(|e| field_message(&e, name));
    let fields = ["email", "name", "role", "password"];
    view! {
        <section class="panel admin-create" aria-labelledby="new-user-heading">
            <h2 id="new-user-heading">"New user"</h2>
            <form node_ref=create_form class="admin-form" novalidate=true method="post" action={post_url::<CreateUser>()}
                on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                    create.dispatch(CreateUser {
                        email: f.text("email"),
                        name: f.text("name"),
                        role: role(&f),
                        password: f.text("password"),
                    });
                }>
                <div class="field-grid">
                    <div class="field">
                        <label for="new-user-email">"Email"</label>
                        <input id="new-user-email" name="email" type="email" required maxlength="254" autocomplete="off"
                            aria-invalid=move || invalid(field("email")()) aria-describedby="new-user-email-error" />
                        <p class="field-error" id="new-user-email-error">{field("email")}</p>
                    </div>
                    <div class="field">
                        <label for="new-user-name">"Name"</label>
                        <input id="new-user-name" name="name" type="text" required maxlength=MAX_NAME_CHARS.to_string() autocomplete="off"
                            aria-invalid=move || invalid(field("name")()) aria-describedby="new-user-name-error" />
                        <p class="field-error" id="new-user-name-error">{field("name")}</p>
                    </div>
                    <div class="field">
                        <label for="new-user-role">"Role"</label>
                        <select id="new-user-role" name="role">
                            <option value="agent" selected=true>"Agent"</option>
                            <option value="admin">"Admin"</option>
                        </select>
                        <p class="field-error">{field("role")}</p>
                    </div>
                    <div class="field">
                        <label for="new-user-password">"Password (optional)"</label>
                        <input id="new-user-password" name="password" type="password" maxlength=MAX_PASSWORD_CHARS.to_string()
                            autocomplete="new-password" aria-invalid=move || invalid(field("password")())
                            aria-describedby="new-user-password-hint new-user-password-error" />
                        <p class="hint" id="new-user-password-hint">"Leave empty to generate a one-time password, shown once here."</p>
                        <p class="field-error" id="new-user-password-error">{field("password")}</p>
                    </div>
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="new-user-error">{alert_text(&e, &fields)}</p> })}
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || !ready.get() || create.pending().get()>
                        {move || if create.pending().get() { "Creating…" } else { "Create user" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The role chosen in a form (its select offers only the two).
fn role(f: &Posted) -> Role {
    Role::parse(&f.text("role")).unwrap_or(Role::Agent)
}

fn user_row(u: UserRow, rows: Rows) -> impl IntoView {
    let id = u.id;
    let form_id = format!("user-{id}");
    let save_id = format!("{form_id}-save");
    // Focus follows the confirmation step in and out, so the keyboard never lands on nothing.
    let reset_id = StoredValue::new(format!("{form_id}-reset"));
    let confirm_id = StoredValue::new(format!("{form_id}-reset-confirm"));
    let saved = rows.saved;
    let field = move |name: &'static str| move || saved.field(id, name);
    let confirming = move || rows.confirm.get().is_some_and(|(c, _)| c == id);
    let name = StoredValue::new(u.name.clone());
    let last_seen = match u.last_seen_at {
        Some(t) => view! { <time datetime=machine(t)>{date_time(t)}</time> }.into_any(),
        None => "Never".into_any(),
    };
    view! {
        <tr data-testid="user-row" data-email=u.email.clone()>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-name")>"Name of " {u.email.clone()}</label>
                <input id=format!("{form_id}-name") form=form_id.clone() name="name" type="text" required
                    maxlength=MAX_NAME_CHARS.to_string() value=u.name.clone()
                    aria-invalid=move || invalid(field("name")()) aria-describedby=format!("{form_id}-name-error") />
                <p class="field-error" id=format!("{form_id}-name-error")>{field("name")}</p>
            </td>
            <td class="cell-wrap">{u.email.clone()}</td>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-role")>"Role of " {u.email.clone()}</label>
                <select id=format!("{form_id}-role") form=form_id.clone() name="role">
                    <option value="agent" selected=u.role == Role::Agent>"Agent"</option>
                    <option value="admin" selected=u.role == Role::Admin>"Admin"</option>
                </select>
            </td>
            <td>
                <input id=format!("{form_id}-active") form=form_id.clone() name="active" type="checkbox" value="true"
                    checked=u.active aria-invalid=move || invalid(field("active")())
                    aria-describedby=format!("{form_id}-active-error") />
                <label class="visually-hidden" for=format!("{form_id}-active")>"Active: " {u.email.clone()}</label>
                <p class="field-error" id=format!("{form_id}-active-error")>{field("active")}</p>
            </td>
            <td data-col="must-change">{if u.password_temporary { "Yes" } else { "No" }}</td>
            <td>{last_seen}</td>
            <td class="row-actions">
                <form id=form_id.clone() class="row-form" method="post" action={post_url::<UpdateUser>()}
                    on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                        rows.update.dispatch(UpdateUser { user_id: id, name: f.text("name"), role: role(&f), active: f.flag("active") });
                    }>
                    <input type="hidden" name="user_id" value=id.to_string() />
                    <button type="submit" id=save_id disabled=move || rows.update.pending().get()>"Save"</button>
                </form>
                <Show when=confirming fallback=move || view! {
                    <button type="button" id=reset_id.get_value() disabled=move || !rows.ready.get()
                        on:click=move |_| {
                            rows.confirm.set(Some((id, name.get_value())));
                            focus_id_soon(confirm_id.get_value());
                        }>"Reset password"</button>
                }>
                    <form class="confirm" method="post" action={post_url::<ResetPassword>()}
                        on:submit=move |ev| if Posted::take(&ev).is_some() {
                            rows.reset.dispatch(ResetPassword { user_id: id });
                        }>
                        <input type="hidden" name="user_id" value=id.to_string() />
                        <span>"Give " {name.get_value()} " a new one-time password? They are signed out everywhere."</span>
                        <button type="submit" id=confirm_id.get_value() class="danger" disabled=move || rows.reset.pending().get()>"Reset password"</button>
                        <button type="button" on:click=move |_| {
                            rows.confirm.set(None);
                            focus_id_soon(reset_id.get_value());
                        }>"Cancel"</button>
                    </form>
                </Show>
                {move || saved.alert(id, &["name", "active"]).map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                {move || rows.reset_answer.alert(id, &[]).map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            </td>
        </tr>
    }
}
