//! `/admin/queues`: the queues work items wait in, with how many are running in each; create
//! one, rename one, or make another the default. The default queue cannot be un-marked, only
//! moved: marking another queue as the default takes the mark from the old one.

use leptos::html::Form;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    AdminNav, Posted, RowAnswer, alert_text, field_message, invalid, post_url, refusal,
    restore_focus,
};
use crate::admin_api::{CreateQueue, MAX_NAME_CHARS, QueueRow, UpdateQueue, admin_queues};
use crate::components::ErrorMessage;

#[component]
pub fn AdminQueuesPage() -> impl IntoView {
    let queues = Resource::new(|| (), |_| admin_queues());
    let create = ServerAction::<CreateQueue>::new();
    let update = ServerAction::<UpdateQueue>::new();
    let saved = RowAnswer::new(
        Memo::new(move |_| refusal(update.value().get())),
        update.pending(),
    );
    let status = RwSignal::new(None::<String>);
    let refocus = StoredValue::new(None::<String>);
    let last = StoredValue::new((String::new(), false));
    let create_form = NodeRef::<Form>::new();

    Effect::new(move |_| {
        if let Some(input) = update.input().get() {
            saved.row.set(Some(input.queue_id));
            last.set_value((input.name, input.is_default));
            status.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = update.value().get() {
            let (name, made_default) = last.get_value();
            let name = name.trim().to_string();
            status.set(Some(if made_default {
                format!("Saved {name}; it is now the default queue.")
            } else {
                format!("Saved {name}.")
            }));
            refocus.set_value(
                saved
                    .row
                    .get_untracked()
                    .map(|id| format!("queue-{id}-save")),
            );
            queues.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            status.set(Some("Queue created.".into()));
            if let Some(form) = create_form.get_untracked() {
                form.reset();
            }
            queues.refetch();
        }
    });
    let error = Memo::new(move |_| refusal(create.value().get()));
    let new_name_error = move || error.get().and_then(|e| field_message(&e, "name"));

    view! {
        <Title text="Queues — Admin" />
        <AdminNav current="/admin/queues" />
        <h1>"Queues"</h1>
        <section class="panel admin-create" aria-labelledby="new-queue-heading">
            <h2 id="new-queue-heading">"New queue"</h2>
            <form node_ref=create_form class="admin-form admin-form-inline" novalidate=true method="post" action={post_url::<CreateQueue>()}
                on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                    create.dispatch(CreateQueue { name: f.text("name"), is_default: f.flag("is_default") });
                }>
                <div class="field">
                    <label for="new-queue-name">"Name"</label>
                    <input id="new-queue-name" name="name" type="text" required maxlength=MAX_NAME_CHARS.to_string()
                        aria-invalid=move || invalid(new_name_error()) aria-describedby="new-queue-name-error" />
                    <p class="field-error" id="new-queue-name-error">{new_name_error}</p>
                </div>
                <label class="checkbox"><input name="is_default" type="checkbox" value="true" />"Make it the default queue"</label>
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Creating…" } else { "Create queue" }}
                </button>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="new-queue-error">{alert_text(&e, &["name"])}</p> })}
            </form>
        </section>
        <div class="admin-messages" aria-live="polite">
            {move || status.get().map(|s| view! { <p class="status" data-testid="admin-status">{s}</p> })}
        </div>
        {move || saved.orphan().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading queues…"</p> }>
            {move || Suspend::new(async move {
                let answer = queues.await;
                restore_focus(refocus);
                match answer {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll">
                            <table class="admin-table" data-testid="queues">
                                <caption class="visually-hidden">"Queues"</caption>
                                <thead><tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col" class="num">"Running"</th>
                                    <th scope="col">"Default"</th>
                                    <th scope="col">"Actions"</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|q| queue_row(q, update, saved)).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn queue_row(q: QueueRow, update: ServerAction<UpdateQueue>, saved: RowAnswer) -> impl IntoView {
    let id = q.id;
    let form_id = format!("queue-{id}");
    let save_id = format!("{form_id}-save");
    let name_error = move || saved.field(id, "name");
    // The default keeps its mark when renamed; another queue takes it with its own button.
    let default_cell = if q.is_default {
        view! { <span class="badge">"Default"</span> }.into_any()
    } else {
        view! {
            <button type="submit" form=form_id.clone() name="is_default" value="true"
                disabled=move || update.pending().get()>"Make default"</button>
        }
        .into_any()
    };
    view! {
        <tr data-testid="queue-row" data-name=q.name.clone()>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-name")>"Name of " {q.name.clone()}</label>
                <input id=format!("{form_id}-name") form=form_id.clone() name="name" type="text" required
                    maxlength=MAX_NAME_CHARS.to_string() value=q.name.clone()
                    aria-invalid=move || invalid(name_error()) aria-describedby=format!("{form_id}-name-error") />
                <p class="field-error" id=format!("{form_id}-name-error")>{name_error}</p>
            </td>
            <td class="num" data-col="running">{q.running}</td>
            <td>{default_cell}</td>
            <td class="row-actions">
                <form id=form_id.clone() class="row-form" method="post" action={post_url::<UpdateQueue>()}
                    on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                        update.dispatch(UpdateQueue { queue_id: id, name: f.text("name"), is_default: f.flag("is_default") });
                    }>
                    <input type="hidden" name="queue_id" value=id.to_string() />
                    {q.is_default.then(|| view! { <input type="hidden" name="is_default" value="true" /> })}
                    <button type="submit" id=save_id disabled=move || update.pending().get()>"Save name"</button>
                </form>
                {move || saved.alert(id, &["name"]).map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            </td>
        </tr>
    }
}
