//! The work item's header: reference, type, title and the facts an agent scans first (state,
//! why it waits, due date, queue, assignee), and the state changes the state machine offers
//! now (SPEC §3.5). Each state change is its own `ActionForm`, so it works before the
//! WebAssembly loads; a refusal (a ticket without a Primary Contact cannot be submitted, a
//! date to wait until must be in the future …) is shown as an alert under the buttons.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::{Live, state_label, transition_label, waiting_label};
use crate::components::focus_soon;
use crate::components::hits::{due_label, due_status, now};
use crate::work_items_api::{ChangeState, WorkItemOutcome};

#[component]
pub fn Header(live: Live) -> impl IntoView {
    let data = live.data;
    let item = move || data.with(|p| p.item.clone());
    let me = data.with_untracked(|p| p.me.id);

    let change = ServerAction::<ChangeState>::new();
    let version = live.version();
    let offered = Memo::new(move |_| data.with(|p| p.offered.clone()));
    // What the last state change led to: done (the page's data is asked for again) or the
    // server's refusal, shown as it said it.
    let status = RwSignal::new(None::<String>);
    Effect::new(move |_| match change.value().get() {
        Some(Ok(WorkItemOutcome::Saved(view))) => {
            status.set(Some(format!("Now {}.", state_label(&view.state))));
            live.reload.dispatch(());
            focus_soon("#state-actions-heading");
        }
        // Someone may have changed the item meanwhile: show what it is now.
        Some(Err(_)) => {
            status.set(None);
            live.reload.dispatch(());
        }
        _ => status.set(None),
    });
    let refusal = move || match change.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(WorkItemOutcome::Invalid(errors))) => Some(
            errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    };

    view! {
        <section class="panel work-item-header" aria-labelledby="work-item-title">
            <h1 id="work-item-title" data-testid="work-item-heading">
                <span class="hit-ref">{move || item().reference}</span> " " {move || item().title}
            </h1>
            <dl class="details-list work-item-facts" data-testid="work-item-details">
                <div><dt>"Reference"</dt><dd data-field="reference" class="hit-ref">{move || item().reference}</dd></div>
                <div>
                    <dt>"Type"</dt>
                    <dd data-field="type">{move || {
                        let i = item();
                        let kind = if i.kind == "case" { "Case" } else { "Ticket" };
                        format!("{} ({kind})", i.type_name)
                    }}</dd>
                </div>
                <div>
                    <dt>"State"</dt>
                    <dd data-field="state" class=move || format!("state state-{}", item().state)>
                        {move || state_label(&item().state)}
                    </dd>
                </div>
                {move || item().waiting_reason.map(|r| view! {
                    <div>
                        <dt>"Waiting"</dt>
                        <dd data-field="waiting-reason">{waiting_label(&r)}</dd>
                    </div>
                })}
                <div>
                    <dt>"Due"</dt>
                    <dd data-field="due">{move || {
                        let i = item();
                        let now = now();
                        view! { <span class=due_status(i.due_at, &i.state, now).class()>{due_label(i.due_at, &i.state, now)}</span> }
                    }}</dd>
                </div>
                <div><dt>"Queue"</dt><dd data-field="queue">{move || item().queue}</dd></div>
                <div>
                    <dt>"Assignee"</dt>
                    <dd data-field="assignee">{move || match item().assignee {
                        Some(a) if a.id == me => format!("{} (you)", a.name),
                        Some(a) => a.name,
                        None => "Unassigned".to_string(),
                    }}</dd>
                </div>
            </dl>
            <div class="state-actions" role="group" aria-labelledby="state-actions-heading">
                <h2 id="state-actions-heading" class="state-actions-heading" tabindex="-1">"Change state"</h2>
                {move || {
                    let names = offered.get();
                    if names.is_empty() {
                        return view! { <p class="empty">"A closed work item has no further states."</p> }.into_any();
                    }
                    let reference = live.reference();
                    names.into_iter().map(|name| {
                        let label = transition_label(&name).unwrap_or("Change state");
                        let reference = reference.clone();
                        let hidden = view! {
                            <input type="hidden" name="reference" value=reference />
                            <input type="hidden" name="version" value=move || version.get().to_string() />
                            <input type="hidden" name="transition" value=name.clone() />
                        };
                        if name == "wait" {
                            view! {
                                <ActionForm action=change attr:class="state-form wait-form">
                                    {hidden}
                                    <div class="field">
                                        <label for="wait-reason">"Waiting for"</label>
                                        <select id="wait-reason" name="reason">
                                            <option value="more_information">"More information"</option>
                                            <option value="until">"Until a date"</option>
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="wait-until">"Until date"</label>
                                        <input id="wait-until" name="until" type="date" />
                                    </div>
                                    <button type="submit" data-transition="wait" disabled=move || change.pending().get()>{label}</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            let class = if matches!(name.as_str(), "submit" | "take" | "resume" | "reopen") { "primary" } else { "" };
                            view! {
                                <ActionForm action=change attr:class="state-form">
                                    {hidden}
                                    <button type="submit" class=class data-transition=name.clone() disabled=move || change.pending().get()>{label}</button>
                                </ActionForm>
                            }.into_any()
                        }
                    }).collect_view().into_any()
                }}
            </div>
            <div aria-live="polite" class="state-messages">
                {move || change.pending().get().then(|| view! { <p class="loading">"Changing the state…"</p> })}
                {move || status.get().map(|s| view! { <p class="status" data-testid="state-status">{s}</p> })}
            </div>
            {move || refusal().map(|m| view! { <p class="form-error" role="alert" data-testid="state-error">{m}</p> })}
        </section>
    }
}
