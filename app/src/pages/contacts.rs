//! `/contacts`: a paged, sortable table of contacts with a text filter. Every choice lives in
//! the URL, so reload, back/forward and shared links show the same table.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::ErrorMessage;
use crate::contacts_api::list_contacts;
use crate::format::urlencode;
use crate::model::{ContactQuery, ContactSort, display_name};

const PER_PAGE: u32 = 25;

fn query_from_url(map: &leptos_router::params::ParamsMap) -> ContactQuery {
    ContactQuery {
        text: map.get("q").unwrap_or_default(),
        account: map.get("account").unwrap_or_default(),
        sort: map
            .get("sort")
            .and_then(|s| ContactSort::parse(&s))
            .unwrap_or_default(),
        descending: map.get("dir").as_deref() == Some("desc"),
        page: map
            .get("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1),
        per_page: PER_PAGE,
    }
}

/// The URL of the table with some choices changed.
fn href(q: &ContactQuery, sort: ContactSort, descending: bool, page: u32) -> String {
    let mut parts = Vec::new();
    if !q.text.is_empty() {
        parts.push(format!("q={}", urlencode(&q.text)));
    }
    if !q.account.is_empty() {
        parts.push(format!("account={}", urlencode(&q.account)));
    }
    if sort != ContactSort::default() {
        parts.push(format!("sort={}", sort.as_str()));
    }
    if descending {
        parts.push("dir=desc".into());
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/contacts".into()
    } else {
        format!("/contacts?{}", parts.join("&"))
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_from_url(&query_map.read()));
    let rows = Resource::new(move || query.get(), list_contacts);

    let columns: [(ContactSort, &str); 6] = [
        (ContactSort::LastName, "Name"),
        (ContactSort::Email, "Email"),
        (ContactSort::Account, "Account"),
        (ContactSort::City, "City"),
        (ContactSort::Priority, "Priority"),
        (ContactSort::Updated, "Updated"),
    ];

    view! {
        <Title text="Contacts" />
        <h1>"Contacts"</h1>
        <form class="filter-bar" method="get" action="/contacts" role="search" aria-label="Filter contacts">
            <label for="contacts-filter">"Filter"</label>
            <input id="contacts-filter" name="q" type="search" maxlength="200"
                placeholder="Name, email, city or account" value=move || query.get().text prop:value=move || query.get().text />
            <label for="contacts-account">"Account"</label>
            <input id="contacts-account" name="account" type="search" maxlength="64"
                placeholder="Account identifier" value=move || query.get().account prop:value=move || query.get().account />
            <button type="submit">"Apply"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Loading contacts…"</p> }>
            {move || Suspend::new(async move {
                let q = query.get();
                match rows.await {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(page) => {
                        let empty = page.items.is_empty();
                        let prev = (page.page > 1).then(|| href(&q, q.sort, q.descending, page.page - 1));
                        let next = page.has_more.then(|| href(&q, q.sort, q.descending, page.page + 1));
                        view! {
                            <table class="contacts-table">
                                <caption class="visually-hidden">"Contacts, page " {page.page}</caption>
                                <thead><tr>
                                    {columns.iter().map(|(sort, label)| {
                                        let active = q.sort == *sort;
                                        let desc = active && !q.descending;
                                        let aria = if active { if q.descending { "descending" } else { "ascending" } } else { "none" };
                                        let arrow = if active { if q.descending { " ▼" } else { " ▲" } } else { "" };
                                        view! {
                                            <th scope="col" aria-sort=aria>
                                                <a href=href(&q, *sort, desc, 1)>{*label}{arrow}</a>
                                            </th>
                                        }
                                    }).collect_view()}
                                    <th scope="col">"Phone"</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|c| {
                                        let name = display_name(c.first_name.as_deref(), c.last_name.as_deref(), c.email.as_deref(), c.phone.as_deref());
                                        let account = c.account_identifier.clone().map(|ident| {
                                            let label = c.account_name.clone().unwrap_or_else(|| ident.clone());
                                            view! { <a href=format!("/contacts?account={}", urlencode(&ident))>{label}</a> }
                                        });
                                        view! {
                                            <tr>
                                                <td><a href=format!("/contacts/{}", c.id.0)>{name}</a></td>
                                                <td>{c.email.unwrap_or_default()}</td>
                                                <td>{account}</td>
                                                <td>{c.city.unwrap_or_default()}</td>
                                                <td>{c.priority.label()}</td>
                                                <td><time datetime=crate::format::machine(c.updated_at)>{crate::format::date(c.updated_at)}</time></td>
                                                <td>{c.phone.unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {empty.then(|| view! { <p class="empty">"No contacts match this filter."</p> })}
                            <nav class="pager" aria-label="Pages">
                                {prev.map(|h| view! { <a href=h rel="prev">"← Previous"</a> })}
                                <span>"Page " {page.page}</span>
                                {next.map(|h| view! { <a href=h rel="next">"Next →"</a> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_links_keep_the_filter_and_encode_it() {
        let q = ContactQuery {
            text: "o'brien & co".into(),
            ..Default::default()
        };
        assert_eq!(
            href(&q, ContactSort::City, true, 2),
            "/contacts?q=o%27brien%20%26%20co&sort=city&dir=desc&page=2"
        );
        assert_eq!(
            href(&ContactQuery::default(), ContactSort::LastName, false, 1),
            "/contacts"
        );
    }
}
