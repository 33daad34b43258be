//! `/admin/types`: the work item types ("Builder", SPEC §2.6) — name, kind (Ticket or Case),
//! whether it is live, whether Contact Activity pages offer it under Start New Work Item, and
//! the queue its new items go to (empty: the tenant's default queue). A change shows on
//! Contact Activity pages at their next load.

use leptos::html::Form;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    AdminNav, Posted, RowAnswer, alert_text, field_message, invalid, post_url, refusal,
    restore_focus,
};
use crate::admin_api::{
    CreateType, MAX_NAME_CHARS, QueueRow, UpdateType, admin_queues, admin_types,
};
use crate::components::ErrorMessage;
use crate::model::WorkItemType;

const SHOWN: [&str; 3] = ["name", "kind", "default_queue"];

#[component]
pub fn AdminTypesPage() -> impl IntoView {
    let types = Resource::new(|| (), |_| admin_types());
    // The default queue's choices; not asked for again after a type is saved.
    let queues = Resource::new(|| (), |_| admin_queues());
    let create = ServerAction::<CreateType>::new();
    let update = ServerAction::<UpdateType>::new();
    let saved = RowAnswer::new(
        Memo::new(move |_| refusal(update.value().get())),
        update.pending(),
    );
    let status = RwSignal::new(None::<String>);
    let refocus = StoredValue::new(None::<String>);
    let saved_name = StoredValue::new(String::new());
    let create_form = NodeRef::<Form>::new();

    Effect::new(move |_| {
        if let Some(input) = update.input().get() {
            saved.row.set(Some(input.type_id));
            saved_name.set_value(input.name);
            status.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = update.value().get() {
            status.set(Some(format!("Saved {}.", saved_name.get_value().trim())));
            refocus.set_value(Some(format!("type-{id}-save")));
            types.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            status.set(Some("Work item type created.".into()));
            if let Some(form) = create_form.get_untracked() {
                form.reset();
            }
            types.refetch();
        }
    });

    view! {
        <Title text="Work item types — Admin" />
        <AdminNav current="/admin/types" />
        <h1>"Work item types"</h1>
        <p class="intro">"Agents start a live type that is shown in contacts from a Contact Activity page; a type that is not live cannot be started at all."</p>
        <Suspense fallback=|| view! { <p class="loading">"Loading queues…"</p> }>
            {move || Suspend::new(async move {
                match queues.await {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok(list) => view! { <CreateTypeForm create create_form queue_names=names(list) /> }.into_any(),
                }
            })}
        </Suspense>
        <div class="admin-messages" aria-live="polite">
            {move || status.get().map(|s| view! { <p class="status" data-testid="admin-status">{s}</p> })}
        </div>
        {move || saved.orphan().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        <Transition fallback=|| view! { <p class="loading">"Loading work item types…"</p> }>
            {move || Suspend::new(async move {
                let answer = types.await;
                let queue_list = queues.await;
                restore_focus(refocus);
                match (answer, queue_list) {
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
                    (Ok(types), Ok(queue_list)) => {
                        let queue_names = names(queue_list);
                        let empty = types.is_empty();
                        view! {
                            <div class="table-scroll">
                                <table class="admin-table" data-testid="types">
                                    <caption class="visually-hidden">"Work item types"</caption>
                                    <thead><tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Kind"</th>
                                        <th scope="col">"Live"</th>
                                        <th scope="col">"Show in contacts"</th>
                                        <th scope="col">"Default queue"</th>
                                        <th scope="col">"Actions"</th>
                                    </tr></thead>
                                    <tbody>
                                        {types.into_iter().map(|t| type_row(t, update, saved, queue_names)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {empty.then(|| view! { <p class="empty">"No work item types yet."</p> })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Queue names, and which is the tenant's default.
fn names(queues: Vec<QueueRow>) -> StoredValue<Vec<(String, bool)>> {
    StoredValue::new(queues.into_iter().map(|q| (q.name, q.is_default)).collect())
}

/// The default queue's choices: empty (the tenant's default queue) and every queue by name;
/// `current` is kept even if no queue has that name any more.
fn queue_options(
    queue_names: StoredValue<Vec<(String, bool)>>,
    current: &str,
) -> impl IntoView + use<> {
    let mut names = queue_names.get_value();
    if !current.is_empty() && !names.iter().any(|(n, _)| n == current) {
        names.push((current.to_string(), false));
    }
    let default = names
        .iter()
        .find(|(_, d)| *d)
        .map(|(n, _)| format!("Tenant default ({n})"))
        .unwrap_or_else(|| "Tenant default".into());
    let current = current.to_string();
    view! {
        <option value="" selected=current.is_empty()>{default}</option>
        {names.into_iter().map(|(name, _)| {
            let selected = name == current;
            let value = name.clone();
            view! { <option value=value selected=selected>{name}</option> }
        }).collect_view()}
    }
}

/// The kind choices, `current` selected.
fn kind_options(current: &str) -> impl IntoView + use<> {
    let case = current == "case";
    view! {
        <option value="ticket" selected=!case>"Ticket"</option>
        <option value="case" selected=case>"Case"</option>
    }
}

#[component]
fn CreateTypeForm(
    create: ServerAction<CreateType>,
    create_form: NodeRef<Form>,
    queue_names: StoredValue<Vec<(String, bool)>>,
) -> impl IntoView {
    let error = Memo::new(move |_| refusal(create.value().get()));
    let field = move |name: &'static str| move || error.get().and_then(|e| field_message(&e, name));
    view! {
        <section class="panel admin-create" aria-labelledby="new-type-heading">
            <h2 id="new-type-heading">"New work item type"</h2>
            <form node_ref=create_form class="admin-form" novalidate=true method="post" action={post_url::<CreateType>()}
                on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                    create.dispatch(CreateType {
                        name: f.text("name"),
                        kind: f.text("kind"),
                        live: f.flag("live"),
                        show_in_contacts: f.flag("show_in_contacts"),
                        default_queue: f.text("default_queue"),
                    });
                }>
                <div class="field-grid">
                    <div class="field">
                        <label for="new-type-name">"Name"</label>
                        <input id="new-type-name" name="name" type="text" required maxlength=MAX_NAME_CHARS.to_string()
                            aria-invalid=move || invalid(field("name")()) aria-describedby="new-type-name-error" />
                        <p class="field-error" id="new-type-name-error">{field("name")}</p>
                    </div>
                    <div class="field">
                        <label for="new-type-kind">"Kind"</label>
                        <select id="new-type-kind" name="kind">{kind_options("ticket")}</select>
                        <p class="field-error">{field("kind")}</p>
                    </div>
                    <div class="field">
                        <label for="new-type-queue">"Default queue"</label>
                        <select id="new-type-queue" name="default_queue">{queue_options(queue_names, "")}</select>
                        <p class="field-error">{field("default_queue")}</p>
                    </div>
                </div>
                <div class="checkbox-row">
                    <label class="checkbox"><input name="live" type="checkbox" value="true" checked=true />"Live"</label>
                    <label class="checkbox"><input name="show_in_contacts" type="checkbox" value="true" />"Show in contacts"</label>
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="new-type-error">{alert_text(&e, &SHOWN)}</p> })}
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || create.pending().get()>
                        {move || if create.pending().get() { "Creating…" } else { "Create type" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

fn type_row(
    t: WorkItemType,
    update: ServerAction<UpdateType>,
    saved: RowAnswer,
    queue_names: StoredValue<Vec<(String, bool)>>,
) -> impl IntoView {
    let id = t.id;
    let form_id = format!("type-{id}");
    let save_id = format!("{form_id}-save");
    let field = move |name: &'static str| move || saved.field(id, name);
    let label = t.name.clone();
    let queue = t.default_queue.clone().unwrap_or_default();
    view! {
        <tr data-testid="type-row" data-name=t.name.clone()>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-name")>"Name of " {label.clone()}</label>
                <input id=format!("{form_id}-name") form=form_id.clone() name="name" type="text" required
                    maxlength=MAX_NAME_CHARS.to_string() value=t.name.clone()
                    aria-invalid=move || invalid(field("name")()) aria-describedby=format!("{form_id}-name-error") />
                <p class="field-error" id=format!("{form_id}-name-error")>{field("name")}</p>
            </td>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-kind")>"Kind of " {label.clone()}</label>
                <select id=format!("{form_id}-kind") form=form_id.clone() name="kind">{kind_options(&t.kind)}</select>
                <p class="field-error">{field("kind")}</p>
            </td>
            <td>
                <input id=format!("{form_id}-live") form=form_id.clone() name="live" type="checkbox" value="true" checked=t.live />
                <label class="visually-hidden" for=format!("{form_id}-live")>"Live: " {label.clone()}</label>
            </td>
            <td>
                <input id=format!("{form_id}-show") form=form_id.clone() name="show_in_contacts" type="checkbox" value="true"
                    checked=t.show_in_contacts />
                <label class="visually-hidden" for=format!("{form_id}-show")>"Show in contacts: " {label.clone()}</label>
            </td>
            <td>
                <label class="visually-hidden" for=format!("{form_id}-queue")>"Default queue of " {label}</label>
                <select id=format!("{form_id}-queue") form=form_id.clone() name="default_queue">{queue_options(queue_names, &queue)}</select>
                <p class="field-error">{field("default_queue")}</p>
            </td>
            <td class="row-actions">
                <form id=form_id.clone() class="row-form" method="post" action={post_url::<UpdateType>()}
                    on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                        update.dispatch(UpdateType {
                            type_id: id,
                            name: f.text("name"),
                            kind: f.text("kind"),
                            live: f.flag("live"),
                            show_in_contacts: f.flag("show_in_contacts"),
                            default_queue: f.text("default_queue"),
                        });
                    }>
                    <input type="hidden" name="type_id" value=id.to_string() />
                    <button type="submit" id=save_id disabled=move || update.pending().get()>"Save"</button>
                </form>
                {move || saved.alert(id, &SHOWN).map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            </td>
        </tr>
    }
}
