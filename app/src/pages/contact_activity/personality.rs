//! Personality Insights (SPEC §3.6): traits estimated from the words the contact wrote, only
//! when the tenant has the feature on (otherwise the panel is not drawn at all, not even its
//! heading). Under 100 words it shows how far the contact is from being scored and which texts
//! count so far; from 100 words the Big Five, Needs and Values, each with its band (and
//! percentile when the tenant's norms and the text allow), and the words that drove it. Agents
//! add and delete examples of how the contact writes ([`examples`]); the panel loads again
//! after each change.
//!
//! The report is read-only and written as HTML (see `esc` in this page's module for why), by
//! code that is its own piece of WebAssembly: the server draws the panel first, so the browser
//! fetches that code only when the panel is loaded again after a change.

mod examples;
mod report;

use leptos::prelude::*;

use crate::components::ErrorMessage;
use crate::error::AppError;
use crate::insights_api::contact_insights;

use examples::Examples;

/// The panel's two parts as HTML: the report, and the examples' list.
type PanelHtml = (String, String);

#[component]
pub fn PersonalityInsights(contact_id: i64) -> impl IntoView {
    // Bumped after an example is added or deleted.
    let changed = RwSignal::new(0u32);
    let panel = Resource::new(move || changed.get(), move |_| panel_html(contact_id));
    let examples = Examples::new(contact_id, move || changed.update(|n| *n += 1));

    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match panel.await {
                    // Off for this tenant: nothing at all. An unknown contact: the page says so.
                    Ok(None) | Err(AppError::NotFound) => ().into_any(),
                    Err(e) => view! {
                        <section class="panel insights" data-testid="insights-panel" aria-labelledby="insights-heading">
                            <h2 id="insights-heading">"Personality Insights"</h2>
                            <ErrorMessage error=e />
                        </section>
                    }.into_any(),
                    Ok(Some((report, list))) => {
                        examples.drawn();
                        view! {
                            <section class="panel insights" data-testid="insights-panel" aria-labelledby="insights-heading"
                                on:submit=move |ev| examples.submit_delete(ev)>
                                <h2 id="insights-heading">"Personality Insights"</h2>
                                <p class="insights-about">"Based on word use only — not a psychological assessment."</p>
                                <div class="html-part" inner_html=report></div>
                                {examples.section(list)}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The contact's insights as HTML, or `None` when the tenant has the feature off.
#[lazy]
async fn panel_html(contact_id: i64) -> Result<Option<PanelHtml>, AppError> {
    let view = contact_insights(contact_id).await?;
    if !view.enabled {
        return Ok(None);
    }
    Ok(Some((
        report::report_html(&view),
        report::examples_html(contact_id, &view.examples, Examples::delete_url()),
    )))
}
