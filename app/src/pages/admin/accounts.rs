//! `/admin/accounts`: the companies contacts belong to, each chosen by its Account Identifier
//! (SPEC §2.6). A text filter (`?q=`) and the page (`?offset=`) live in the URL, so reload,
//! back/forward and shared links show the same list; create an account, or change one's
//! identifier and name in its row.

use leptos::html::Form;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    AdminNav, Posted, RowAnswer, alert_text, drop_empty_fields, field_message, invalid,
    offset_param, param, post_url, refusal, restore_focus, with_query,
};
use crate::admin_api::{
    ADMIN_PAGE_SIZE, AccountRow, CreateAccount, MAX_IDENTIFIER_CHARS, MAX_NAME_CHARS,
    UpdateAccount, admin_accounts,
};
use crate::components::ErrorMessage;
use crate::format::urlencode;

const SHOWN: [&str; 2] = ["identifier", "name"];

fn href(text: &str, offset: u32) -> String {
    with_query(
        "/admin/accounts",
        &[("q", text.to_string()), ("offset", offset.to_string())],
    )
}

#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    let query = use_query_map();
    let text = Memo::new(move |_| param(&query.read(), "q"));
    let offset = Memo::new(move |_| offset_param(&query.read()));
    let accounts = Resource::new(
        move || (text.get(), offset.get()),
        |(text, offset)| admin_accounts(text, offset),
    );
    let create = ServerAction::<CreateAccount>::new();
    let update = ServerAction::<UpdateAccount>::new();
    let saved = RowAnswer::new(
        Memo::new(move |_| refusal(update.value().get())),
        update.pending(),
    );
    let status = RwSignal::new(None::<String>);
    let refocus = StoredValue::new(None::<String>);
    let last = StoredValue::new(String::new());
    let create_form = NodeRef::<Form>::new();

    Effect::new(move |_| {
        if let Some(input) = update.input().get() {
            saved.row.set(Some(input.account_id));
            last.set_value(input.identifier);
            status.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            status.set(Some(format!("Saved {}.", last.get_value().trim())));
            refocus.set_value(
                saved
                    .row
                    .get_untracked()
                    .map(|id| format!("account-{id}-save")),
            );
            accounts.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            status.set(Some("Account created.".into()));
            if let Some(form) = create_form.get_untracked() {
                form.reset();
            }
            accounts.refetch();
        }
    });
    let error = Memo::new(move |_| refusal(create.value().get()));
    let field = move |name: &'static str| move || error.get().and_then(|e| field_message(&e, name));

    view! {
        <Title text="Accounts — Admin" />
        <AdminNav current="/admin/accounts" />
        <h1>"Accounts"</h1>
        <section class="panel admin-create" aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">"New account"</h2>
            <form node_ref=create_form class="admin-form admin-form-inline" novalidate=true method="post" action={post_url::<CreateAccount>()}
                on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                    create.dispatch(CreateAccount { identifier: f.text("identifier"), name: f.text("name") });
                }>
                <div class="field">
                    <label for="new-account-identifier">"Account identifier"</label>
                    <input id="new-account-identifier" name="identifier" type="text" required
                        maxlength=MAX_IDENTIFIER_CHARS.to_string() autocomplete="off"
                        aria-invalid=move || invalid(field("identifier")()) aria-describedby="new-account-identifier-error" />
                    <p class="field-error" id="new-account-identifier-error">{field("identifier")}</p>
                </div>
                <div class="field">
                    <label for="new-account-name">"Name"</label>
                    <input id="new-account-name" name="name" type="text" required maxlength=MAX_NAME_CHARS.to_string()
                        autocomplete="off" aria-invalid=move || invalid(field("name")()) aria-describedby="new-account-name-error" />
                    <p class="field-error" id="new-account-name-error">{field("name")}</p>
                </div>
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Creating…" } else { "Create account" }}
                </button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="new-account-error">{alert_text(&e, &SHOWN)}</p> })}
            </form>
        </section>
        <leptos_router::components::Form method="GET" action="/admin/accounts" on_form_data=drop_empty_fields(&["q"])
            attr:class="filter-bar" attr:role="search" attr:aria-label="Filter accounts">
            <label for="accounts-filter">"Filter"</label>
            <input id="accounts-filter" name="q" type="search" maxlength=MAX_NAME_CHARS.to_string()
                placeholder="Identifier or name" value=move || text.get() prop:value=move || text.get() />
            <button type="submit">"Apply"</button>
        </leptos_router::components::Form>
        <div class="admin-messages" aria-live="polite">
            {move || status.get().map(|s| view! { <p class="status" data-testid="admin-status">{s}</p> })}
        </div>
        {move || saved.orphan().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading accounts…"</p> }>
            {move || Suspend::new(async move {
                let answer = accounts.await;
                restore_focus(refocus);
                let q = text.get_untracked();
                let at = offset.get_untracked();
                match answer {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(page) => {
                        let shown = page.rows.len() as u32;
                        let range = if shown == 0 { String::new() } else { format!("Accounts {}–{}", at + 1, at + shown) };
                        let prev = (at > 0).then(|| href(&q, at.saturating_sub(ADMIN_PAGE_SIZE)));
                        let next = page.more.then(|| href(&q, at + shown.max(1)));
                        let empty = page.rows.is_empty().then(|| view! {
                            <p class="empty" data-testid="accounts-empty">{if q.is_empty() { "No accounts yet." } else { "No accounts match this filter." }}</p>
                        });
                        view! {
                            <div class="table-scroll">
                                <table class="admin-table" data-testid="accounts">
                                    <caption class="visually-hidden">{range.clone()}</caption>
                                    <thead><tr>
                                        <th scope="col">"Account identifier"</th>
                                        <th scope="col">"Name"</th>
                                        <th scope="col" class="num">"Contacts"</th>
                                        <th scope="col">"Actions"</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.rows.into_iter().map(|a| account_row(a, update, saved)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty}
                            <nav class="pager" aria-label="Pages">
                                {prev.map(|h| view! { <a href=h rel="prev">"← Previous"</a> })}
                                <span>{range}</span>
                                {next.map(|h| view! { <a href=h rel="next">"Next →"</a> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn account_row(
    a: AccountRow,
    update: ServerAction<UpdateAccount>,
    saved: RowAnswer,
) -> impl IntoView {
    let id = a.id;
    let form_id = format!("account-{id}");
    let save_id = format!("{form_id}-save");
    let field = move |name: &'static str| move || saved.field(id, name);
    let contacts_href = format!("/contacts?account={}", urlencode(&a.identifier));
    view! {
        <tr data-testid="account-row" data-identifier=a.identifier.clone()>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-identifier")>"Identifier of " {a.identifier.clone()}</label>
                <input id=format!("{form_id}-identifier") form=form_id.clone() name="identifier" type="text" required
                    maxlength=MAX_IDENTIFIER_CHARS.to_string() value=a.identifier.clone()
                    aria-invalid=move || invalid(field("identifier")()) aria-describedby=format!("{form_id}-identifier-error") />
                <p class="field-error" id=format!("{form_id}-identifier-error")>{field("identifier")}</p>
            </td>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-name")>"Name of " {a.identifier.clone()}</label>
                <input id=format!("{form_id}-name") form=form_id.clone() name="name" type="text" required
                    maxlength=MAX_NAME_CHARS.to_string() value=a.name.clone()
                    aria-invalid=move || invalid(field("name")()) aria-describedby=format!("{form_id}-name-error") />
                <p class="field-error" id=format!("{form_id}-name-error")>{field("name")}</p>
            </td>
            <td class="num"><a href=contacts_href aria-label=format!("{} contacts of {}", a.contacts, a.identifier)>{a.contacts}</a></td>
            <td class="row-actions">
                <form id=form_id.clone() class="row-form" method="post" action={post_url::<UpdateAccount>()}
                    on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                        update.dispatch(UpdateAccount { account_id: id, identifier: f.text("identifier"), name: f.text("name") });
                    }>
                    <input type="hidden" name="account_id" value=id.to_string() />
                    <button type="submit" id=save_id disabled=move || update.pending().get()>"Save"</button>
                </form>
                {move || saved.alert(id, &SHOWN).map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_and_page_live_in_the_url() {
        assert_eq!(href("", 0), "/admin/accounts");
        assert_eq!(href("acme co", 50), "/admin/accounts?q=acme%20co&offset=50");
    }
}
