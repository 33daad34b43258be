//! `/work-items`: the work item list, ordered as queues work (the Primary Contact's priority,
//! Urgent first, then due date), with **Take next**. The filter (state, queue, "assigned to
//! me") and the page live in the URL, so reload, back/forward and shared links show the same
//! list; the filter is a GET form, so it works before the WebAssembly loads.
//!
//! Take next is an `ActionForm`: before the WebAssembly loads the server answers its post with
//! a redirect to the item taken (or back here with `?empty=1`); after it, the page navigates
//! itself.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::ErrorMessage;
use crate::components::hits::{due_label, due_status, now, work_item_href};
use crate::domain::work_item::WorkItemState;
use crate::format::urlencode;
use crate::model::Priority;
use crate::work_items_api::{
    QueueRef, TakeNext, WORK_ITEMS_PER_PAGE, WorkItemFilter, list_work_items, queues,
};

/// The filter and the offset in the URL (`?state=to_do&queue=3&mine=1&offset=25`), read
/// through `get` (a query parameter by name).
fn filter_from(get: impl Fn(&str) -> Option<String>) -> (WorkItemFilter, u32) {
    let state = get("state").unwrap_or_default();
    let state = match state.as_str() {
        "running" | "completed" | "all" => state,
        s if WorkItemState::parse(s).is_some() => state,
        _ => String::new(),
    };
    let filter = WorkItemFilter {
        state,
        queue_id: get("queue").and_then(|q| q.parse().ok()),
        mine: get("mine").is_some_and(|m| m == "1" || m == "on"),
    };
    let offset = get("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0)
        .min(crate::activity_api::MAX_OFFSET);
    (filter, offset)
}

/// This list's URL for a filter and an offset.
fn href(f: &WorkItemFilter, offset: u32) -> String {
    let mut parts = Vec::new();
    if !f.state.is_empty() && f.state != "running" {
        parts.push(format!("state={}", urlencode(&f.state)));
    }
    if let Some(q) = f.queue_id {
        parts.push(format!("queue={q}"));
    }
    if f.mine {
        parts.push("mine=1".into());
    }
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    if parts.is_empty() {
        "/work-items".into()
    } else {
        format!("/work-items?{}", parts.join("&"))
    }
}

/// The state filter's choices: (value, label).
fn state_options() -> Vec<(&'static str, &'static str)> {
    let mut v = vec![
        ("running", "Running"),
        ("completed", "Completed"),
        ("all", "All"),
    ];
    v.extend(WorkItemState::ALL.map(|s| (s.as_str(), s.label())));
    v
}

fn state_label(state: &str) -> String {
    WorkItemState::parse(state)
        .map(|s| s.label().to_string())
        .unwrap_or_else(|| state.to_string())
}

#[component]
pub fn WorkItemsPage() -> impl IntoView {
    let query_map = use_query_map();
    let parsed = Memo::new(move |_| query_map.with(|m| filter_from(|k| m.get(k))));
    let filter = Memo::new(move |_| parsed.get().0);
    let offset = Memo::new(move |_| parsed.get().1);
    let empty_redirect =
        Memo::new(move |_| query_map.read().get("empty").is_some_and(|e| e == "1"));
    let queue_list = Resource::new(|| (), |_| queues());
    let rows = Resource::new(move || parsed.get(), |(f, o)| list_work_items(f, o));

    view! {
        <Title text="Work items" />
        <h1>"Work items"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading queues…"</p> }>
            {move || Suspend::new(async move {
                match queue_list.await {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(qs) => view! {
                        <div class="work-list-tools">
                            <FilterForm filter queues=qs.clone() />
                            <TakeNextForm filter queues=qs empty_redirect />
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
        <Transition fallback=|| view! { <p class="loading">"Loading work items…"</p> }>
            {move || Suspend::new(async move {
                let f = filter.get();
                let at = offset.get();
                match rows.await {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(page) => {
                        let now = now();
                        let shown = page.rows.len() as u32;
                        let prev = (at > 0).then(|| href(&f, at.saturating_sub(WORK_ITEMS_PER_PAGE)));
                        let next = page.has_more.then(|| href(&f, at + shown.max(1)));
                        let empty = page.rows.is_empty().then(|| view! {
                            <p class="empty" data-testid="work-list-empty">"No work items match this filter."</p>
                        });
                        let range = if shown == 0 { String::new() } else { format!("Items {}–{}", at + 1, at + shown) };
                        view! {
                            <div class="table-scroll">
                            <table class="work-items-table" data-testid="work-items">
                                <caption class="visually-hidden">"Work items " {range.clone()}</caption>
                                <thead><tr>
                                    <th scope="col">"Reference"</th>
                                    <th scope="col">"Title"</th>
                                    <th scope="col">"Type"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"Priority"</th>
                                    <th scope="col">"Primary contact"</th>
                                    <th scope="col">"Due"</th>
                                    <th scope="col">"Queue"</th>
                                    <th scope="col">"Assignee"</th>
                                </tr></thead>
                                <tbody>
                                    {page.rows.into_iter().map(|w| {
                                        let link = work_item_href(&w.reference);
                                        let due = due_status(w.due_at, &w.state, now);
                                        let priority = Priority::parse(&w.priority).map(|p| p.label()).unwrap_or("Normal");
                                        view! {
                                            <tr data-testid="work-item-row" data-reference=w.reference.clone()>
                                                <td><a class="hit-ref" href=link.clone()>{w.reference.clone()}</a></td>
                                                <td><a href=link>{w.title}</a></td>
                                                <td>{w.type_name}</td>
                                                <td data-col="state" class=format!("state state-{}", w.state)>{state_label(&w.state)}</td>
                                                <td data-col="priority" class=format!("priority-{}", w.priority)>{priority}</td>
                                                <td data-col="primary-contact">{w.primary_contact.unwrap_or_default()}</td>
                                                <td data-col="due"><span class=due.class()>{due_label(w.due_at, &w.state, now)}</span></td>
                                                <td data-col="queue">{w.queue}</td>
                                                <td data-col="assignee">{w.assignee.unwrap_or_else(|| "Unassigned".into())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
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

/// The filter: a GET form, so the choice lands in the URL (offset dropped: a new filter starts
/// at the top).
#[component]
fn FilterForm(filter: Memo<WorkItemFilter>, queues: Vec<QueueRef>) -> impl IntoView {
    let state_value = move || {
        let s = filter.get().state;
        if s.is_empty() {
            "running".to_string()
        } else {
            s
        }
    };
    let queue_value = move || {
        filter
            .get()
            .queue_id
            .map(|q| q.to_string())
            .unwrap_or_default()
    };
    view! {
        <Form method="GET" action="/work-items" attr:class="filter-bar work-list-filter"
            attr:role="search" attr:aria-label="Filter work items">
            <label for="work-state">"State"</label>
            <select id="work-state" name="state" prop:value=state_value>
                {state_options().into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || state_value() == value>{label}</option>
                }).collect_view()}
            </select>
            <label for="work-queue">"Queue"</label>
            <select id="work-queue" name="queue" prop:value=queue_value>
                <option value="" selected=move || queue_value().is_empty()>"All queues"</option>
                {queues.into_iter().map(|q| {
                    let id = q.id.to_string();
                    let selected = {
                        let id = id.clone();
                        move || queue_value() == id
                    };
                    view! { <option value=id selected=selected>{q.name}</option> }
                }).collect_view()}
            </select>
            <label class="checkbox" for="work-mine">
                <input id="work-mine" name="mine" type="checkbox" value="1"
                    checked=move || filter.get().mine prop:checked=move || filter.get().mine />
                "Assigned to me"
            </label>
            <button type="submit">"Apply"</button>
        </Form>
    }
}

/// Take next: the chosen queue's top To Do item becomes the agent's and opens.
#[component]
fn TakeNextForm(
    filter: Memo<WorkItemFilter>,
    queues: Vec<QueueRef>,
    empty_redirect: Memo<bool>,
) -> impl IntoView {
    let take = ServerAction::<TakeNext>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(Some(reference))) = take.value().get() {
            navigate(&work_item_href(&reference), NavigateOptions::default());
        }
    });
    // The filtered queue if there is one, else the default queue.
    let default_queue = queues
        .iter()
        .find(|q| q.is_default)
        .or(queues.first())
        .map(|q| q.id);
    let ids = StoredValue::new(queues.iter().map(|q| q.id).collect::<Vec<_>>());
    let chosen = move || {
        filter
            .get()
            .queue_id
            .filter(|id| ids.with_value(|ids| ids.contains(id)))
            .or(default_queue)
            .map(|id| id.to_string())
            .unwrap_or_default()
    };
    let nothing = move || match take.value().get() {
        Some(Ok(None)) => true,
        Some(_) => false,
        None => empty_redirect.get(),
    };
    let error = move || take.value().get().and_then(|r| r.err());

    view! {
        <ActionForm action=take attr:class="take-next-form" attr:aria-labelledby="take-next-label">
            <span id="take-next-label" class="visually-hidden">"Take next"</span>
            <label for="take-queue">"Queue to take from"</label>
            <select id="take-queue" name="queue_id" prop:value=chosen>
                {queues.into_iter().map(|q| {
                    let id = q.id.to_string();
                    let selected = {
                        let id = id.clone();
                        move || chosen() == id
                    };
                    view! { <option value=id selected=selected>{q.name}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="primary" data-testid="take-next" disabled=move || take.pending().get()>
                {move || if take.pending().get() { "Taking…" } else { "Take next" }}
            </button>
        </ActionForm>
        <div aria-live="polite" class="take-next-messages">
            {move || nothing().then(|| view! { <p class="empty" data-testid="take-next-empty">"Nothing to take in this queue."</p> })}
        </div>
        {move || error().map(|e| view! { <ErrorMessage error=e /> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_lives_in_the_url() {
        let url = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let (f, offset) = filter_from(url(&[
            ("state", "to_do"),
            ("queue", "3"),
            ("mine", "1"),
            ("offset", "25"),
        ]));
        assert_eq!(f.state, "to_do");
        assert_eq!(f.queue_id, Some(3));
        assert!(f.mine);
        assert_eq!(offset, 25);
        assert_eq!(
            href(&f, offset),
            "/work-items?state=to_do&queue=3&mine=1&offset=25"
        );
        assert_eq!(href(&WorkItemFilter::default(), 0), "/work-items");

        let (f, offset) = filter_from(url(&[("state", "<script>"), ("queue", "")]));
        assert_eq!(
            (f.state.as_str(), f.queue_id, f.mine, offset),
            ("", None, false, 0)
        );
        assert_eq!(state_options()[3], ("draft", "Draft"));
    }
}
