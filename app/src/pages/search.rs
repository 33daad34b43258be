//! `/search?q=…[&group=people|work_items|communications][&page=N]`: Quickfind's full results
//! page (SPEC §2.2 item 2). Without `group` it shows the first hits of all three groups, each
//! with a "Show all" link; with `group` it pages through that group. Everything lives in the
//! URL, and the route renders on the server before answering (`SsrMode::Async`), so the header
//! box's plain form lands here with results even without WebAssembly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::ErrorMessage;
use crate::components::hits::{
    communication_body, communication_href, create_contact_href, now, person_body, person_href,
    search_href, show_all_label, work_item_body, work_item_href,
};
use crate::domain::quickfind::Query;
use crate::error::AppError;
use crate::search_api::{
    MAX_PAGE, QUICKFIND_LIMIT, QuickfindResults, SearchGroup, quickfind, search_page,
};

/// What the URL asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SearchParams {
    q: String,
    group: Option<SearchGroup>,
    page: u32,
}

impl SearchParams {
    fn from_url(map: &leptos_router::params::ParamsMap) -> SearchParams {
        SearchParams {
            q: map.get("q").unwrap_or_default().trim().to_string(),
            group: map.get("group").and_then(|g| SearchGroup::parse(&g)),
            page: map
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .clamp(1, MAX_PAGE),
        }
    }
}

fn group_index(group: SearchGroup) -> usize {
    match group {
        SearchGroup::People => 0,
        SearchGroup::WorkItems => 1,
        SearchGroup::Communications => 2,
    }
}

/// "No people match." and so on.
fn nothing_label(group: SearchGroup) -> &'static str {
    match group {
        SearchGroup::People => "No people match.",
        SearchGroup::WorkItems => "No work items match.",
        SearchGroup::Communications => "No communications match.",
    }
}

async fn load(p: SearchParams) -> Result<Option<QuickfindResults>, AppError> {
    if p.q.is_empty() {
        return Ok(None);
    }
    match p.group {
        None => quickfind(p.q, QUICKFIND_LIMIT).await.map(Some),
        Some(group) => search_page(p.q, group, p.page).await.map(Some),
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query_map = use_query_map();
    let params = Memo::new(move |_| SearchParams::from_url(&query_map.read()));
    let results = Resource::new(move || params.get(), load);
    let q = move || params.get().q;
    let group = move || params.get().group.map(|g| g.as_str()).unwrap_or("");

    view! {
        <Title text="Search" />
        <h1>"Search"</h1>
        <form class="filter-bar search-form" method="get" action="/search" role="search" aria-label="Search everything">
            <label for="search-q">"Search for"</label>
            <input id="search-q" name="q" type="search" maxlength="200"
                placeholder="Name, email, phone, reference or words"
                value=q prop:value=q />
            <label for="search-group">"In"</label>
            <select id="search-group" name="group" prop:value=group>
                <option value="" selected=move || group().is_empty()>"Everything"</option>
                {SearchGroup::ALL.into_iter().map(|g| view! {
                    <option value=g.as_str() selected=move || group() == g.as_str()>{g.label()}</option>
                }).collect_view()}
            </select>
            <button type="submit">"Search"</button>
        </form>
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                let p = params.get();
                match results.await {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(None) => view! {
                        <p class="empty">"Type what you are looking for: a name, an email address, a phone number, a work item reference such as 40308-T, or words from a message."</p>
                    }.into_any(),
                    Ok(Some(r)) => view! { <Results params=p results=r /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The answer: all groups, or one group's page.
#[component]
fn Results(params: SearchParams, results: QuickfindResults) -> impl IntoView {
    let query = Query::parse(&params.q);
    let typed = params.q.clone();
    let create = view! {
        <p class="create-contact">
            <a href=create_contact_href(&typed) data-testid="search-create-contact">"Create a contact"</a>
            " from “" {typed.clone()} "”"
        </p>
    };
    let sections = match params.group {
        None => SearchGroup::ALL
            .into_iter()
            .map(|group| {
                let any = group_len(&results, group) > 0;
                let show_all = (any || results.more[group_index(group)]).then(|| {
                    view! { <p class="show-all"><a href=search_href(&typed, Some(group), 1)>{show_all_label(group)} " →"</a></p> }
                });
                view! {
                    <GroupSection group=group results=results.clone() query=query.clone() typed=typed.clone() />
                    {show_all}
                }
                .into_any()
            })
            .collect_view()
            .into_any(),
        Some(group) => {
            let page = params.page;
            let more = results.more[group_index(group)] && page < MAX_PAGE;
            let prev = (page > 1).then(|| search_href(&typed, Some(group), page - 1));
            let next = more.then(|| search_href(&typed, Some(group), page + 1));
            view! {
                <p class="back-to-all"><a href=search_href(&typed, None, 1)>"← All groups"</a></p>
                <GroupSection group=group results=results.clone() query=query.clone() typed=typed.clone() />
                <nav class="pager" aria-label="Pages">
                    {prev.map(|h| view! { <a href=h rel="prev">"← Previous"</a> })}
                    <span>"Page " {page}</span>
                    {next.map(|h| view! { <a href=h rel="next">"Next →"</a> })}
                </nav>
            }
            .into_any()
        }
    };
    view! {
        <p class="search-summary" role="status">
            {summary(&results, params.group, params.page)}
        </p>
        {sections}
        {create}
    }
}

fn group_len(r: &QuickfindResults, group: SearchGroup) -> usize {
    match group {
        SearchGroup::People => r.people.len(),
        SearchGroup::WorkItems => r.work_items.len(),
        SearchGroup::Communications => r.communications.len(),
    }
}

/// "12 results" (with "+" when a group has more), or "No results".
fn summary(r: &QuickfindResults, group: Option<SearchGroup>, page: u32) -> String {
    let shown: usize = SearchGroup::ALL.into_iter().map(|g| group_len(r, g)).sum();
    let more = match group {
        Some(g) => r.more[group_index(g)],
        None => r.more.iter().any(|m| *m),
    };
    let page_note = match group {
        Some(g) if page > 1 => format!(" ({}, page {page})", g.label()),
        Some(g) => format!(" ({})", g.label()),
        None => String::new(),
    };
    match (shown, more) {
        (0, _) => format!("No results{page_note}"),
        (1, false) => format!("1 result{page_note}"),
        (n, false) => format!("{n} results{page_note}"),
        (n, true) => format!("{n}+ results{page_note}"),
    }
}

/// One group as a headed list of links.
#[component]
fn GroupSection(
    group: SearchGroup,
    results: QuickfindResults,
    query: Query,
    typed: String,
) -> impl IntoView {
    let heading = format!("search-{}", group.as_str());
    let now = now();
    let items: Vec<AnyView> = match group {
        SearchGroup::People => results
            .people
            .iter()
            .map(|h| view! { <li><a class="hit" href=person_href(h)>{person_body(h, &query)}</a></li> }.into_any())
            .collect(),
        SearchGroup::WorkItems => results
            .work_items
            .iter()
            .map(|h| view! { <li><a class="hit" href=work_item_href(&h.reference)>{work_item_body(h, &query, now)}</a></li> }.into_any())
            .collect(),
        SearchGroup::Communications => results
            .communications
            .iter()
            .map(|h| view! { <li><a class="hit" href=communication_href(h, &typed)>{communication_body(h, &query)}</a></li> }.into_any())
            .collect(),
    };
    let empty = items.is_empty();
    view! {
        <section class="panel search-group" aria-labelledby=heading.clone() data-group=group.as_str()>
            <h2 id=heading.clone()>{group.label()}</h2>
            {if empty {
                view! { <p class="empty">{nothing_label(group)}</p> }.into_any()
            } else {
                view! { <ul class="hit-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos_router::params::ParamsMap;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let mut map = ParamsMap::new();
        for (k, v) in pairs {
            map.insert(k.to_string(), v.to_string());
        }
        SearchParams::from_url(&map)
    }

    #[test]
    fn the_url_says_what_to_search() {
        assert_eq!(
            params(&[("q", " smith "), ("group", "people"), ("page", "3")]),
            SearchParams {
                q: "smith".into(),
                group: Some(SearchGroup::People),
                page: 3
            }
        );
        // Unknown groups show all groups; silly pages are clamped.
        let p = params(&[("q", "x"), ("group", "nope"), ("page", "-2")]);
        assert_eq!((p.group, p.page), (None, 1));
        assert_eq!(params(&[("q", "x"), ("page", "99999")]).page, MAX_PAGE);
    }

    #[test]
    fn the_summary_counts_what_is_shown() {
        let mut r = QuickfindResults::default();
        assert_eq!(summary(&r, None, 1), "No results");
        r.work_items = vec![crate::search_api::WorkItemHit {
            id: 1,
            reference: "1-T".into(),
            title: "t".into(),
            type_name: "x".into(),
            state: "to_do".into(),
            due_at: None,
            assignee: None,
        }];
        assert_eq!(summary(&r, None, 1), "1 result");
        r.more = [false, true, false];
        assert_eq!(
            summary(&r, Some(SearchGroup::WorkItems), 2),
            "1+ results (Work items, page 2)"
        );
    }
}
