//! Editing the work item: title, description, due date, queue and assignee, saved against the
//! version the page shows (SPEC §3.5: an agent's edit of a To Do item makes it theirs and In
//! Progress — the server applies that rule). Field errors sit beside their fields; a refusal
//! (the item changed meanwhile, a closed item) is shown above the buttons with the agent's
//! text kept in the form, and the page's data is asked for again so a second save is made
//! against what is there now. An `ActionForm`, so it saves before the WebAssembly loads too.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::{Live, datetime_local};
use crate::domain::work_item::{WorkItemState, after_edit};
use crate::error::AppError;
use crate::model::FieldError;
use crate::work_items_api::{
    MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS, SaveWorkItem, WorkItemOutcome, WorkItemView,
};

/// The form's fields as the agent is editing them.
#[derive(Clone, Copy)]
struct Fields {
    title: RwSignal<String>,
    description: RwSignal<String>,
    due: RwSignal<String>,
    queue_id: RwSignal<String>,
    assignee_id: RwSignal<String>,
}

impl Fields {
    fn new(item: &WorkItemView) -> Fields {
        let f = Fields {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            due: RwSignal::new(String::new()),
            queue_id: RwSignal::new(String::new()),
            assignee_id: RwSignal::new(String::new()),
        };
        f.fill(item);
        f
    }

    /// Shows the item as saved.
    fn fill(&self, item: &WorkItemView) {
        self.title.set(item.title.clone());
        self.description.set(item.description.clone());
        self.due.set(datetime_local(item.due_at));
        self.queue_id.set(item.queue_id.to_string());
        self.assignee_id.set(
            item.assignee
                .as_ref()
                .map(|a| a.id.0.to_string())
                .unwrap_or_default(),
        );
    }
}

/// The field errors of a save's answer (none when it was not refused for its fields).
fn field_errors(answer: Option<Result<WorkItemOutcome, AppError>>) -> Vec<FieldError> {
    match answer {
        Some(Ok(WorkItemOutcome::Invalid(errors))) => errors,
        Some(Err(AppError::Validation(errors))) => errors,
        _ => Vec::new(),
    }
}

/// The form field a server-side error names (`edit[title]`, `title`, `queue` …).
fn names_field(error: &FieldError, field: &str) -> bool {
    let name = error
        .field
        .trim_start_matches("edit[")
        .trim_end_matches(']')
        .trim_end_matches("_id");
    name == field.trim_end_matches("_id")
}

#[component]
pub fn EditWorkItem(live: Live) -> impl IntoView {
    let data = live.data;
    let fields = data.with_untracked(|p| Fields::new(&p.item));
    let save = ServerAction::<SaveWorkItem>::new();
    let version = live.version();
    let closed = Memo::new(move |_| {
        data.with(|p| WorkItemState::parse(&p.item.state).is_some_and(|s| after_edit(s).is_err()))
    });
    let saved = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(WorkItemOutcome::Saved(view))) => {
            fields.fill(&view);
            saved.set(true);
            live.reload.dispatch(());
        }
        Some(Err(e)) => {
            saved.set(false);
            if !matches!(e, AppError::Validation(_)) {
                live.reload.dispatch(());
            }
        }
        _ => saved.set(false),
    });
    let errors = Memo::new(move |_| field_errors(save.value().get()));
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| names_field(e, field))
                    .map(|e| e.message.clone())
            })
        }
    };
    let refusal = move || match save.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        Some(Ok(WorkItemOutcome::Invalid(_))) => {
            Some("Please correct the highlighted fields.".to_string())
        }
        _ => None,
    };
    let field_class = move |field: &'static str| {
        move || {
            if error_for(field)().is_some() {
                "field has-error"
            } else {
                "field"
            }
        }
    };
    let reference = StoredValue::new(live.reference());

    view! {
        <details class="panel work-item-edit" data-testid="edit-work-item">
            <summary><h2 id="edit-heading">"Edit work item"</h2></summary>
            <Show when=move || !closed.get() fallback=|| view! {
                <p class="empty">"A closed work item cannot be changed; it is kept as it was closed."</p>
            }>
                <ActionForm action=save attr:class="edit-form" attr:aria-labelledby="edit-heading" attr:novalidate=true>
                    <input type="hidden" name="reference" value=reference.get_value() />
                    <input type="hidden" name="version" value=move || version.get().to_string() />
                    <div class=field_class("title")>
                        <label for="edit-title">"Title"</label>
                        <input id="edit-title" name="edit[title]" type="text" required
                            maxlength=MAX_TITLE_CHARS.to_string()
                            aria-invalid=move || error_for("title")().is_some().to_string()
                            aria-describedby="edit-title-error"
                            value=move || fields.title.get() prop:value=move || fields.title.get()
                            on:input=move |ev| fields.title.set(event_target_value(&ev)) />
                        <p class="field-error" id="edit-title-error" data-testid="edit-title-error">{error_for("title")}</p>
                    </div>
                    <div class=field_class("description")>
                        <label for="edit-description">"Description"</label>
                        <textarea id="edit-description" name="edit[description]" rows="6"
                            maxlength=MAX_DESCRIPTION_CHARS.to_string()
                            aria-invalid=move || error_for("description")().is_some().to_string()
                            aria-describedby="edit-description-error"
                            prop:value=move || fields.description.get()
                            on:input=move |ev| fields.description.set(event_target_value(&ev))>
                            {fields.description.get_untracked()}
                        </textarea>
                        <p class="field-error" id="edit-description-error" data-testid="edit-description-error">{error_for("description")}</p>
                    </div>
                    <div class="field-grid">
                        <div class=field_class("due")>
                            <label for="edit-due">"Due (UTC)"</label>
                            <input id="edit-due" name="edit[due]" type="datetime-local"
                                aria-invalid=move || error_for("due")().is_some().to_string()
                                aria-describedby="edit-due-error"
                                value=move || fields.due.get() prop:value=move || fields.due.get()
                                on:input=move |ev| fields.due.set(event_target_value(&ev)) />
                            <p class="field-error" id="edit-due-error" data-testid="edit-due-error">{error_for("due")}</p>
                        </div>
                        <div class=field_class("queue")>
                            <label for="edit-queue">"Queue"</label>
                            <select id="edit-queue" name="edit[queue_id]"
                                aria-invalid=move || error_for("queue")().is_some().to_string()
                                aria-describedby="edit-queue-error"
                                prop:value=move || fields.queue_id.get()
                                on:change=move |ev| fields.queue_id.set(event_target_value(&ev))>
                                {move || data.with(|p| p.queues.clone()).into_iter().map(|q| {
                                    let id = q.id.to_string();
                                    let selected = {
                                        let id = id.clone();
                                        move || fields.queue_id.get() == id
                                    };
                                    view! { <option value=id selected=selected>{q.name}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-error" id="edit-queue-error">{error_for("queue")}</p>
                        </div>
                        <div class=field_class("assignee")>
                            <label for="edit-assignee">"Assignee"</label>
                            <select id="edit-assignee" name="edit[assignee_id]"
                                aria-invalid=move || error_for("assignee")().is_some().to_string()
                                aria-describedby="edit-assignee-error"
                                prop:value=move || fields.assignee_id.get()
                                on:change=move |ev| fields.assignee_id.set(event_target_value(&ev))>
                                <option value="" selected=move || fields.assignee_id.get().is_empty()>"Unassigned"</option>
                                {move || data.with(|p| p.agents.clone()).into_iter().map(|a| {
                                    let id = a.id.0.to_string();
                                    let me = data.with_untracked(|p| p.me.id);
                                    let name = if a.id == me { format!("{} (you)", a.name) } else { a.name };
                                    let selected = {
                                        let id = id.clone();
                                        move || fields.assignee_id.get() == id
                                    };
                                    view! { <option value=id selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-error" id="edit-assignee-error">{error_for("assignee")}</p>
                        </div>
                    </div>
                    {move || refusal().map(|m| view! { <p class="form-error" role="alert" data-testid="edit-error">{m}</p> })}
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || save.pending().get()>
                            {move || if save.pending().get() { "Saving…" } else { "Save" }}
                        </button>
                        <span class="status" role="status" data-testid="edit-status">{move || saved.get().then_some("Saved.")}</span>
                    </div>
                </ActionForm>
            </Show>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_find_their_fields() {
        let e = |f: &str| FieldError::new(f, "wrong");
        assert!(names_field(&e("title"), "title"));
        assert!(names_field(&e("edit[title]"), "title"));
        assert!(names_field(&e("queue_id"), "queue"));
        assert!(names_field(&e("assignee"), "assignee"));
        assert!(!names_field(&e("due"), "title"));
    }
}
