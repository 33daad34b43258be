//! `/admin/settings`: the tenant's settings (SPEC §2.6) — the region phone numbers typed
//! without a country code belong to, Personality Insights on or off, contacts created
//! automatically from incoming email on or off — and the secret token systems use to post
//! incoming email, SMS and chat, with how to use it. The token is derived from the server's
//! secret and a stored salt, so it can be shown whenever an admin opens the page; rotating it
//! makes a new one (after a confirmation) and the old one stops working at once. While
//! Personality Insights are on, the admin can also recompute the tenant's reference (the norms
//! traits are compared with) at once instead of waiting for the server to do it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    AdminNav, Posted, alert_text, field_message, focus_id_soon, hydrated, invalid, post_url,
    refusal, restore_focus,
};
use crate::admin_api::{RotateInboundToken, SaveTenantSettings, admin_settings};
use crate::components::ErrorMessage;
use crate::insights_api::{NormsSummary, RecomputeInsightNorms};

#[component]
pub fn AdminSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| admin_settings());
    let save = ServerAction::<SaveTenantSettings>::new();
    let rotate = ServerAction::<RotateInboundToken>::new();
    let recompute = ServerAction::<RecomputeInsightNorms>::new();
    let ready = hydrated();
    let status = RwSignal::new(None::<String>);
    let refocus = StoredValue::new(None::<String>);
    let token_status = RwSignal::new(None::<&'static str>);
    let confirm = RwSignal::new(false);
    let region = RwSignal::new(String::new());

    Effect::new(move |_| {
        if save.pending().get() {
            status.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            status.set(Some("Settings saved.".into()));
            refocus.set_value(Some("settings-save".into()));
            settings.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = rotate.value().get() {
            confirm.set(false);
            token_status.set(Some(
                "New token made. The previous token has stopped working: put the new one into \
                 every system that posts to Caller Desk.",
            ));
            refocus.set_value(Some("inbound-token".into()));
            settings.refetch();
        }
    });
    let error = Memo::new(move |_| refusal(save.value().get()));
    let region_error = move || {
        error
            .get()
            .and_then(|e| field_message(&e, "default_region"))
    };
    let rotate_error = move || refusal(rotate.value().get()).map(|e| e.to_string());
    let recompute_error = move || refusal(recompute.value().get()).map(|e| e.to_string());
    let recompute_summary = move || match recompute.value().get() {
        Some(Ok(summary)) if !recompute.pending().get() => Some(norms_text(&summary)),
        _ => None,
    };

    view! {
        <Title text="Tenant settings — Admin" />
        <AdminNav current="/admin/settings" />
        <h1>"Tenant settings"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading settings…"</p> }>
            {move || Suspend::new(async move {
                let answer = settings.await;
                restore_focus(refocus);
                match answer {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(view) => {
                        let s = view.settings;
                        // What the region box shows: as typed, then as the server saved it
                        // (upper case). A table drawn again keeps an input's typed value
                        // when the saved one equals what was drawn before.
                        region.set(s.default_region.clone());
                        let token = view.inbound_token;
                        let token_set = token.is_some();
                        view! {
                            <section class="panel" aria-labelledby="settings-heading">
                                <h2 id="settings-heading">"Settings"</h2>
                                <form class="admin-form" novalidate=true method="post" action={post_url::<SaveTenantSettings>()}
                                    on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                                        save.dispatch(SaveTenantSettings {
                                            default_region: f.text("default_region"),
                                            personality_insights: f.flag("personality_insights"),
                                            auto_create_contacts: f.flag("auto_create_contacts"),
                                        });
                                    }>
                                    <div class="field narrow">
                                        <label for="settings-region">"Default phone region"</label>
                                        <input id="settings-region" name="default_region" type="text" required
                                            maxlength="2" size="4" autocomplete="off" value=s.default_region
                                            prop:value=move || region.get() on:input=move |ev| region.set(event_target_value(&ev))
                                            aria-invalid=move || invalid(region_error())
                                            aria-describedby="settings-region-hint settings-region-error" />
                                        <p class="hint" id="settings-region-hint">"Two-letter country code (GB, US, DE …) for phone numbers typed without +country code."</p>
                                        <p class="field-error" id="settings-region-error">{region_error}</p>
                                    </div>
                                    <div class="checkbox-list">
                                        <label class="checkbox">
                                            <input name="personality_insights" type="checkbox" value="true" checked=s.personality_insights
                                                aria-describedby="settings-pi-hint" />
                                            "Personality Insights"
                                        </label>
                                        <p class="hint" id="settings-pi-hint">"Contact pages show traits estimated from the words contacts write. While off, nothing is shown or computed."</p>
                                        <label class="checkbox">
                                            <input name="auto_create_contacts" type="checkbox" value="true" checked=s.auto_create_contacts
                                                aria-describedby="settings-auto-hint" />
                                            "Create contacts automatically from incoming email, SMS and chat"
                                        </label>
                                        <p class="hint" id="settings-auto-hint">"A message from an unknown address, number or chat handle creates a contact for its sender (named from an email's display name). When off, the message waits in a Draft Ticket until an agent adds the contact."</p>
                                    </div>
                                    {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="settings-error">{alert_text(&e, &["default_region"])}</p> })}
                                    <div class="form-actions">
                                        <button type="submit" id="settings-save" class="primary" disabled=move || save.pending().get()>
                                            {move || if save.pending().get() { "Saving…" } else { "Save settings" }}
                                        </button>
                                        <span class="status" role="status" data-testid="settings-status">{move || status.get()}</span>
                                    </div>
                                </form>
                            </section>
                            {s.personality_insights.then(|| view! {
                                <section class="panel" aria-labelledby="insights-reference-heading" data-testid="insights-reference">
                                    <h2 id="insights-reference-heading">"Personality Insights reference"</h2>
                                    <p class="hint">"Traits are compared with this organisation's own contacts: bands with those who have written 100 words or more, percentiles with those who have written 600 or more. The server brings the reference up to date by itself; recompute it now to use the latest text at once."</p>
                                    <form class="admin-form" method="post" action={post_url::<RecomputeInsightNorms>()}
                                        on:submit=move |ev| if Posted::take(&ev).is_some() {
                                            recompute.dispatch(RecomputeInsightNorms {});
                                        }>
                                        <div class="form-actions">
                                            <button type="submit" id="insights-recompute" disabled=move || recompute.pending().get()>
                                                {move || if recompute.pending().get() { "Recomputing…" } else { "Recompute reference now" }}
                                            </button>
                                        </div>
                                    </form>
                                    <p class="status" role="status" data-testid="insights-norms-summary">{recompute_summary}</p>
                                    {move || recompute_error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                                </section>
                            })}
                            <section class="panel" aria-labelledby="token-heading">
                                <h2 id="token-heading">"Inbound token"</h2>
                                {match token {
                                    Some(t) => view! {
                                        <p data-testid="token-state">"A token is set. Systems that post incoming email, SMS or chat to Caller Desk send it with every message."</p>
                                        <div class="field token-field">
                                            <label for="inbound-token">"Token"</label>
                                            <input id="inbound-token" data-testid="inbound-token" type="text" readonly
                                                spellcheck="false" autocomplete="off" value=t
                                                aria-describedby="inbound-token-hint"
                                                on:focus=move |ev| { event_target::<leptos::web_sys::HtmlInputElement>(&ev).select(); } />
                                            <p class="hint" id="inbound-token-hint">"Keep it secret: anyone holding it can post messages as if they came from your contacts."</p>
                                        </div>
                                    }.into_any(),
                                    None => view! {
                                        <p data-testid="token-state">"No token is set yet: incoming email, SMS and chat cannot be posted to Caller Desk until one is."</p>
                                    }.into_any(),
                                }}
                                <ul class="endpoint-list" data-testid="inbound-endpoints">
                                    <li>
                                        <strong>"Incoming email: "</strong>
                                        <code>"POST /api/v1/inbound/email"</code>
                                        " with the header "<code>"Authorization: Bearer <token>"</code>
                                        " and the raw message as the body ("<code>"Content-Type: message/rfc822"</code>
                                        "), the way mail services forward inbound mail."
                                    </li>
                                    <li>
                                        <strong>"SMS and chat: "</strong>
                                        <code>"POST /api/v1/inbound/messages"</code>
                                        " with the same header and a JSON body: "
                                        <code>"{\"channel\": \"sms\" or \"chat\", \"from\", \"to\", \"text\", \"sent_at\", \"external_id\"}"</code>"."
                                    </li>
                                </ul>
                                <p class="hint">"Answers: 201 stored, 200 already stored (same Message-ID or external id), 401 wrong token, 422 a message that cannot be used."</p>
                                <Show when=move || confirm.get() fallback=move || view! {
                                    <button type="button" id="token-rotate" disabled=move || !ready.get() on:click=move |_| {
                                        confirm.set(true);
                                        focus_id_soon("token-confirm".into());
                                    }>
                                        {if token_set { "Rotate inbound token" } else { "Create inbound token" }}
                                    </button>
                                }>
                                    <form class="confirm" method="post" action={post_url::<RotateInboundToken>()}
                                        on:submit=move |ev| if Posted::take(&ev).is_some() {
                                            rotate.dispatch(RotateInboundToken {});
                                        }>
                                        <span>"The current token stops working at once; every system using it needs the new one."</span>
                                        <button type="submit" id="token-confirm" class="danger" disabled=move || rotate.pending().get()>"Make a new token"</button>
                                        <button type="button" on:click=move |_| {
                                            confirm.set(false);
                                            focus_id_soon("token-rotate".into());
                                        }>"Cancel"</button>
                                    </form>
                                </Show>
                                <p class="status" role="status" data-testid="token-status">{move || token_status.get()}</p>
                                {move || rotate_error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// What a recompute found, in plain words.
fn norms_text(s: &NormsSummary) -> String {
    let mode = match s.mode.as_str() {
        "percentiles" => "traits are shown as percentiles".to_string(),
        "bands" => format!(
            "traits are shown as low, typical or high; percentiles need {} contacts with 600 words or more",
            insights::MIN_NORM_CONTACTS
        ),
        _ => format!(
            "traits are not scored until {} contacts have written 100 words or more",
            insights::MIN_REFERENCE_CONTACTS
        ),
    };
    let at = s
        .computed_at
        .get(..16)
        .map(|t| format!(" at {} UTC", t.replace('T', " ")))
        .unwrap_or_default();
    format!(
        "Reference recomputed{at}: {} contacts with 100 words or more, {} with 600 or more; {mode}.",
        s.reference_contacts, s.norm_contacts,
    )
}
