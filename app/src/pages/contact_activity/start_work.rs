//! Start New Work Item (SPEC §2.3 item 4): one button per work item type that is live and shown
//! in contacts, straight from configuration. Each is a small form posting to `start_work_item`:
//! before the WebAssembly loads the server answers the post with a redirect to the new item;
//! after it, the page navigates there itself.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::activity_api::{StartWorkItem, start_types};
use crate::components::ErrorMessage;
use crate::components::hits::work_item_href;

#[component]
pub fn StartNewWorkItem(contact_id: i64) -> impl IntoView {
    let types = Resource::new(|| (), |_| start_types());
    let start = ServerAction::<StartWorkItem>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(reference)) = start.value().get() {
            navigate(&work_item_href(&reference), NavigateOptions::default());
        }
    });
    let error = move || start.value().get().and_then(|r| r.err());
    // Without WebAssembly the form posts to the server function, which redirects to the item.
    let start_url = <StartWorkItem as leptos::server_fn::ServerFn>::PATH;

    view! {
        <section class="panel start-work" aria-labelledby="start-heading">
            <h2 id="start-heading">"Start New Work Item"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading work item types…"</p> }>
                {move || Suspend::new(async move {
                    match types.await {
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                        Ok(types) if types.is_empty() => view! {
                            <p class="empty">"No work item type is set up to start from a contact. An admin can tick “show in contacts” on a live type."</p>
                        }.into_any(),
                        Ok(types) => view! {
                            <ul class="start-list" data-testid="start-types">
                                {types.into_iter().map(|t| {
                                    let kind = if t.kind == "case" { "Case" } else { "Ticket" };
                                    view! {
                                        <li>
                                            <form class="start-form" method="post" action=start_url on:submit=move |ev: leptos::ev::SubmitEvent| {
                                                ev.prevent_default();
                                                start.dispatch(StartWorkItem { contact_id, type_id: t.id });
                                            }>
                                                <input type="hidden" name="contact_id" value=contact_id.to_string() />
                                                <input type="hidden" name="type_id" value=t.id.to_string() />
                                                <button type="submit" class="start-button" data-testid="start-type"
                                                    disabled=move || start.pending().get()>
                                                    {t.name} " " <span class="start-kind">"(" {kind} ")"</span>
                                                </button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <div aria-live="polite">
                {move || start.pending().get().then(|| view! { <p class="loading">"Creating the work item…"</p> })}
                {move || error().map(|e| view! { <ErrorMessage error=e /> })}
            </div>
        </section>
    }
}
