//! Notes on the work item (SPEC §2.4), as on the Contact Activity page: add, edit, delete (the
//! author or an admin; deleting asks first), newest first with author, time and an "edited"
//! marker. The browser checks a note with the server's own rule (`check_note`) before sending;
//! adding is also a plain form post, so it works before the WebAssembly loads. A stale edit is
//! refused by the server and its message is shown with the agent's text still in the box.

use leptos::html;
use leptos::prelude::*;

use crate::activity_api::{CommunicationView, MAX_NOTE_CHARS, check_note, delete_note, edit_note};
use crate::components::ErrorMessage;
use crate::error::AppError;
use crate::format::{date_time, escape_html, machine};
use crate::work_items_api::{AddWorkItemNote, add_work_item_note, work_item_notes};

/// The message to show beside a note's field for a failed save.
fn note_error(e: AppError) -> String {
    e.field_errors()
        .iter()
        .find(|f| f.field == "note" || f.field == "text")
        .map(|f| f.message.clone())
        .unwrap_or_else(|| e.to_string())
}

#[component]
pub fn Notes(reference: String) -> impl IntoView {
    // Bumped after a note is added, edited or deleted: the list is loaded again.
    let changed_count = RwSignal::new(0u32);
    let r = StoredValue::new(reference.clone());
    let list = Resource::new(
        move || changed_count.get(),
        move |_| work_item_notes(r.get_value(), 0),
    );
    // Notes fetched by "Show more notes", after the first page.
    let more = RwSignal::new(Vec::<CommunicationView>::new());
    let has_more = RwSignal::new(None::<bool>);
    let more_error = RwSignal::new(None::<String>);
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let offset = (first_len.get_value() + more.with_untracked(Vec::len)) as u32;
        let seen = changed_count.get_untracked();
        async move {
            let result = work_item_notes(r.get_value(), offset).await;
            if changed_count.get_untracked() != seen {
                return;
            }
            match result {
                Ok(p) => {
                    more.update(|v| v.extend(p.items));
                    has_more.set(Some(p.has_more));
                    more_error.set(None);
                }
                Err(e) => more_error.set(Some(e.to_string())),
            }
        }
    });
    let changed = move || {
        more.set(Vec::new());
        has_more.set(None);
        more_error.set(None);
        changed_count.update(|n| *n += 1);
    };

    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<&'static str>);
    let field = NodeRef::<html::Textarea>::new();
    let add = Action::new(move |t: &String| {
        let t = t.clone();
        async move {
            match add_work_item_note(r.get_value(), t).await {
                Ok(_) => {
                    text.set(String::new());
                    error.set(None);
                    status.set(Some("Note added."));
                    changed();
                }
                Err(e) => error.set(Some(note_error(e))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        match check_note(&text.get_untracked()) {
            Ok(t) => {
                error.set(None);
                add.dispatch(t);
            }
            Err(m) => {
                error.set(Some(m));
                if let Some(el) = field.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    };
    let on_change = Callback::new(move |_| changed());

    // Without WebAssembly the form posts to the server function, which sends the browser back.
    let add_url = <AddWorkItemNote as leptos::server_fn::ServerFn>::PATH;
    view! {
        <section class="panel notes" aria-labelledby="notes-heading">
            <h2 id="notes-heading">"Notes"</h2>
            <form class="note-form" method="post" action=add_url on:submit=submit novalidate>
                <input type="hidden" name="reference" value=reference />
                <div class=move || if error.get().is_some() { "field has-error" } else { "field" }>
                    <label for="new-note">"New note"</label>
                    <textarea id="new-note" name="text" rows="3" node_ref=field
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby="new-note-error"
                        data-maxchars=MAX_NOTE_CHARS.to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <p class="field-error" id="new-note-error" data-testid="note-error">{move || error.get()}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || add.pending().get()>
                        {move || if add.pending().get() { "Adding…" } else { "Add note" }}
                    </button>
                    <span class="status" role="status">{move || status.get()}</span>
                </div>
            </form>
            <Transition fallback=|| view! { <p class="loading">"Loading notes…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                        Ok(p) => {
                            first_len.set_value(p.items.len());
                            let first_more = p.has_more;
                            let empty = p.items.is_empty().then(|| view! { <p class="empty">"No notes on this work item yet."</p> });
                            view! {
                                {empty}
                                <ol class="note-list" data-testid="notes-list">
                                    {p.items.into_iter().map(|n| view! { <NoteItem note=n on_change /> }).collect_view()}
                                    <For each=move || more.get() key=|n| (n.id, n.version)
                                        children=move |n| view! { <NoteItem note=n on_change /> } />
                                </ol>
                                {move || more_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                                <Show when=move || has_more.get().unwrap_or(first_more)>
                                    <button type="button" class="show-more" disabled=move || load_more.pending().get()
                                        on:click=move |_| { load_more.dispatch(()); }>"Show more notes"</button>
                                </Show>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Reading,
    Editing,
    ConfirmingDelete,
}

/// What the note's editor and delete confirmation need from the note.
#[derive(Clone)]
struct NoteCtl {
    id: i64,
    version: i64,
    body: String,
    mode: RwSignal<Mode>,
    error: RwSignal<Option<String>>,
    on_change: Callback<()>,
    edit_button: NodeRef<html::Button>,
}

/// One note; its author (or an admin) may edit it in place or delete it after confirming.
#[component]
fn NoteItem(note: CommunicationView, on_change: Callback<()>) -> impl IntoView {
    let mode = RwSignal::new(Mode::Reading);
    let error = RwSignal::new(None::<String>);
    let edit_button = NodeRef::<html::Button>::new();
    let id = note.id;
    let can_edit = note.can_edit;
    let ctl = NoteCtl {
        id,
        version: note.version,
        body: note.body_text.clone(),
        mode,
        error,
        on_change,
        edit_button,
    };
    let author = note
        .author
        .map(|a| a.name)
        .unwrap_or_else(|| "Unknown".into());
    // Static text as HTML: one element instead of a view per piece keeps the bundle small.
    let mut head = format!(
        "<span class=\"note-author\">{}</span> · <time datetime=\"{}\">{}</time>",
        escape_html(&author),
        machine(note.occurred_at),
        date_time(note.occurred_at)
    );
    if let Some(at) = note.edited_at {
        head.push_str(&format!(
            " · <span class=\"edited\" data-testid=\"note-edited\" title=\"Edited {}\">edited</span>",
            date_time(at)
        ));
    }
    let body = note.body_text;
    view! {
        <li class="note" data-testid="note" data-note-id=id.to_string()>
            <p class="note-head" inner_html=head></p>
            {move || match mode.get() {
                Mode::Reading => view! {
                    <div class="note-body">{body.clone()}</div>
                    {can_edit.then(|| view! {
                        <div class="note-actions">
                            <button type="button" node_ref=edit_button on:click=move |_| {
                                error.set(None);
                                mode.set(Mode::Editing);
                            }>"Edit"</button>
                            <button type="button" on:click=move |_| { error.set(None); mode.set(Mode::ConfirmingDelete); }>"Delete"</button>
                        </div>
                    })}
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                }.into_any(),
                other => {
                    let ctl = ctl.clone();
                    view! {
                        <Suspense fallback=|| ()>
                            {move || {
                                let ctl = ctl.clone();
                                Suspend::new(async move { work_item_note_editor(ctl, other == Mode::Editing).await })
                            }}
                        </Suspense>
                    }.into_any()
                }
            }}
        </li>
    }
}

/// The note's editor (`editing`) or its delete confirmation: their own piece of WebAssembly,
/// fetched the first time an agent edits or deletes a note.
#[lazy]
fn work_item_note_editor(ctl: NoteCtl, editing: bool) -> AnyView {
    let NoteCtl {
        id,
        version,
        body,
        mode,
        error,
        on_change,
        edit_button,
    } = ctl;
    // Back to reading, the focus on the Edit button again.
    let back = move || {
        mode.set(Mode::Reading);
        error.set(None);
        request_animation_frame(move || {
            if let Some(b) = edit_button.get_untracked() {
                let _ = b.focus();
            }
        });
    };
    if !editing {
        let confirm_no = NodeRef::<html::Button>::new();
        Effect::new(move |_| {
            if let Some(b) = confirm_no.get() {
                // Once the button is in the document.
                request_animation_frame(move || {
                    let _ = b.focus();
                });
            }
        });
        let remove = Action::new(move |_: &()| async move {
            match delete_note(id).await {
                Ok(()) => on_change.run(()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
        return view! {
            <div class="note-body">{body}</div>
            <div class="confirm" role="group" aria-labelledby=format!("note-confirm-{id}")>
                <span id=format!("note-confirm-{id}")>"Delete this note?"</span>
                <button type="button" class="danger" disabled=move || remove.pending().get()
                    on:click=move |_| { remove.dispatch(()); }>"Yes, delete"</button>
                <button type="button" node_ref=confirm_no on:click=move |_| back()>"Cancel"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        }
        .into_any();
    }

    let draft = RwSignal::new(body);
    let editor = NodeRef::<html::Textarea>::new();
    // The field that just appeared takes the focus.
    Effect::new(move |_| {
        if let Some(e) = editor.get() {
            // Once the field is in the document.
            request_animation_frame(move || {
                let _ = e.focus();
            });
        }
    });
    let save = Action::new(move |t: &String| {
        let t = t.clone();
        async move {
            match edit_note(id, version, t).await {
                Ok(_) => on_change.run(()),
                Err(e) => error.set(Some(note_error(e))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_note(&draft.get_untracked()) {
            Ok(t) => {
                error.set(None);
                save.dispatch(t);
            }
            Err(m) => error.set(Some(m)),
        }
    };
    let edit_id = format!("note-edit-{id}");
    let error_id = format!("note-edit-error-{id}");
    view! {
        <form class="note-edit" on:submit=submit novalidate>
            <div class=move || if error.get().is_some() { "field has-error" } else { "field" }>
                <label for=edit_id.clone()>"Edit note"</label>
                <textarea id=edit_id rows="3" node_ref=editor
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                <p class="field-error" id=error_id data-testid="note-edit-error">{move || error.get()}</p>
            </div>
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save"</button>
                <button type="button" on:click=move |_| back()>"Cancel"</button>
            </div>
        </form>
    }
    .into_any()
}
