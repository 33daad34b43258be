//! `/contacts/{id}`: the Contact Activity page. Four sections on one page, each loading on its
//! own: Caller Details, Caller Activity, Caller Communications and Start New Work Item.

mod caller_details;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{Coming, ErrorMessage};
use crate::contacts_api::get_contact;
use crate::error::AppError;

use caller_details::CallerDetails;

#[component]
pub fn ContactActivityPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let contact = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_contact(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );

    view! {
        <article class="contact-activity">
            <Suspense fallback=|| view! { <p class="loading">"Loading contact…"</p> }>
                {move || Suspend::new(async move {
                    match contact.await {
                        Ok(view) => view! {
                            <Title text=view.contact.display_name() />
                            <h1 data-testid="contact-heading">{view.contact.display_name()}</h1>
                            {view! { <CallerDetails initial=view /> }.into_any()}
                        }.into_any(),
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            if matches!(e, AppError::NotFound)
                                && let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                    r.set_status(http::StatusCode::NOT_FOUND);
                                }
                            view! { <Title text="Contact" /><h1>"Contact"</h1><ErrorMessage error=e /> }.into_any()
                        }
                    }
                })}
            </Suspense>
            <section class="panel" aria-labelledby="activity-heading">
                <h2 id="activity-heading">"Caller Activity"</h2>
                <Coming what="This contact's running and completed work items as cards" />
            </section>
            <section class="panel" aria-labelledby="comms-heading">
                <h2 id="comms-heading">"Caller Communications"</h2>
                <Coming what="Notes, emails, SMS and chat with search" />
            </section>
            <section class="panel" aria-labelledby="start-heading">
                <h2 id="start-heading">"Start New Work Item"</h2>
                <Coming what="Links to start work of each type shown in contacts" />
            </section>
        </article>
    }
}
