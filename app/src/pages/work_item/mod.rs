//! `/work-items/{reference}`: the work item's header facts, so a Quickfind hit has somewhere to
//! land. The full page (state changes, description, notes, the contacts card; SPEC §2.4) comes
//! with its own issue, and the page says so; the contacts tagged on the item are listed already
//! (read-only), each linking to their Contact Activity page. The route renders on the server before answering
//! (`SsrMode::Async`) so an unknown reference answers 404.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::hits::{due_label, due_status, now, state_label};
use crate::components::tags::tag_list;
use crate::components::{Coming, ErrorMessage};
use crate::error::AppError;
use crate::work_items_api::{get_work_item, work_item_contacts};

#[component]
pub fn WorkItemPage() -> impl IntoView {
    let params = use_params_map();
    let reference = Memo::new(move |_| params.read().get("reference").unwrap_or_default());
    let item = Resource::new(move || reference.get(), get_work_item);
    let contacts = Resource::new(move || reference.get(), work_item_contacts);

    view! {
        <article class="work-item">
            <Suspense fallback=|| view! { <p class="loading">"Loading work item…"</p> }>
                {move || Suspend::new(async move {
                    match item.await {
                        Ok(w) => {
                            let now = now();
                            let due = due_status(w.due_at, &w.state, now);
                            let heading = format!("{} {}", w.reference, w.title);
                            view! {
                                <Title text=heading.clone() />
                                <h1 data-testid="work-item-heading">
                                    <span class="hit-ref">{w.reference.clone()}</span> " " {w.title.clone()}
                                </h1>
                                <section class="panel" aria-labelledby="work-item-facts">
                                    <h2 id="work-item-facts" class="visually-hidden">"Details"</h2>
                                    <dl class="details-list" data-testid="work-item-details">
                                        <div><dt>"Reference"</dt><dd data-field="reference">{w.reference.clone()}</dd></div>
                                        <div><dt>"Type"</dt><dd data-field="type">{w.type_name.clone()}</dd></div>
                                        <div><dt>"State"</dt><dd data-field="state" class=format!("state state-{}", w.state)>{state_label(&w.state)}</dd></div>
                                        <div><dt>"Due"</dt><dd data-field="due"><span class=due.class()>{due_label(w.due_at, &w.state, now)}</span></dd></div>
                                        <div><dt>"Assignee"</dt><dd data-field="assignee">{w.assignee.clone().unwrap_or_else(|| "Unassigned".to_string())}</dd></div>
                                    </dl>
                                </section>
                                <section class="panel" aria-labelledby="work-item-contacts">
                                    <h2 id="work-item-contacts">"Contacts"</h2>
                                    <Suspense fallback=|| view! { <p class="loading">"Loading contacts…"</p> }>
                                        {move || Suspend::new(async move {
                                            match contacts.await {
                                                Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                                                Ok(list) if list.is_empty() => view! { <p class="empty">"No contacts are tagged on this work item yet."</p> }.into_any(),
                                                Ok(list) => view! {
                                                    <ul class="tagged-contacts" data-testid="work-item-contacts">
                                                        {list.into_iter().map(|c| view! {
                                                            <li data-testid="tagged-contact" data-contact-id=c.contact_id.0.to_string()>
                                                                <a href=format!("/contacts/{}", c.contact_id.0)>{c.name}</a>
                                                                {c.email.map(|e| view! { " " <span class="muted">{e}</span> })}
                                                                {tag_list(&c.tags)}
                                                            </li>
                                                        }).collect_view()}
                                                    </ul>
                                                }.into_any(),
                                            }
                                        })}
                                    </Suspense>
                                </section>
                                <section class="panel" aria-labelledby="work-item-more">
                                    <h2 id="work-item-more">"More about this work item"</h2>
                                    <Coming what="The rest of the work item page — state changes, description, notes, communications and editing the contacts' tags" />
                                </section>
                            }.into_any()
                        }
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            if matches!(e, AppError::NotFound)
                                && let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                    r.set_status(http::StatusCode::NOT_FOUND);
                                }
                            let title = if matches!(e, AppError::NotFound) { "Work item not found" } else { "Work item" };
                            view! {
                                <Title text=title />
                                <h1>{title}</h1>
                                <ErrorMessage error=e />
                                <p><a href="/work-items">"Go to work items"</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </article>
    }
}
