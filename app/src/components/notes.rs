//! Notes on a contact (SPEC §2.3) or a work item (SPEC §2.4), the same on both pages: add,
//! edit, delete (the author or an admin; deleting asks first), newest first with author, time
//! and an "edited" marker. The browser checks a note with the server's own rule (`check_note`)
//! before sending; the server's answer is shown next to the field all the same. Adding posts a
//! plain form too, so it works before the WebAssembly loads. A stale edit (someone changed the
//! note meanwhile) is refused by the server and its message is shown with the agent's text
//! still in the box. Only loading the list and adding a note depend on whose notes they are
//! ([`NotesOwner`]); editing and deleting are the same server functions for both.

use leptos::html;
use leptos::prelude::*;

use crate::activity_api::{
    AddNote, CommsPage, CommunicationView, MAX_NOTE_CHARS, add_note, check_note, contact_notes,
    delete_note, edit_note,
};
use crate::components::ErrorMessage;
use crate::components::paged::MorePages;
use crate::error::AppError;
use crate::format::{date_time, escape_html, time_html};
use crate::work_items_api::{AddWorkItemNote, add_work_item_note, work_item_notes};

/// Whose notes a [`Notes`] section shows and adds to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotesOwner {
    /// A contact, by id.
    Contact(i64),
    /// A work item, by reference.
    WorkItem(String),
}

impl NotesOwner {
    /// A page of the owner's notes, newest first, from `offset`.
    async fn notes(self, offset: u32) -> Result<CommsPage, AppError> {
        match self {
            NotesOwner::Contact(id) => contact_notes(id, offset).await,
            NotesOwner::WorkItem(reference) => work_item_notes(reference, offset).await,
        }
    }

    /// Adds a note to the owner.
    async fn add(self, text: String) -> Result<CommunicationView, AppError> {
        match self {
            NotesOwner::Contact(id) => add_note(id, text).await,
            NotesOwner::WorkItem(reference) => add_work_item_note(reference, text).await,
        }
    }

    /// Where the add form posts without WebAssembly: the add server function, which sends the
    /// browser back.
    fn add_url(&self) -> &'static str {
        match self {
            NotesOwner::Contact(_) => <AddNote as leptos::server_fn::ServerFn>::PATH,
            NotesOwner::WorkItem(_) => <AddWorkItemNote as leptos::server_fn::ServerFn>::PATH,
        }
    }

    /// The add form's hidden field naming the owner: its name and value.
    fn hidden_field(&self) -> (&'static str, String) {
        match self {
            NotesOwner::Contact(id) => ("contact_id", id.to_string()),
            NotesOwner::WorkItem(reference) => ("reference", reference.clone()),
        }
    }

    fn empty_text(&self) -> &'static str {
        match self {
            NotesOwner::Contact(_) => "No notes on this contact yet.",
            NotesOwner::WorkItem(_) => "No notes on this work item yet.",
        }
    }
}

/// The message to show beside a note's field for a failed save.
fn note_error(e: AppError) -> String {
    e.field_errors()
        .iter()
        .find(|f| f.field == "note" || f.field == "text")
        .map(|f| f.message.clone())
        .unwrap_or_else(|| e.to_string())
}

/// The Notes section. `notes_changed` is bumped after a note is added, edited or deleted, and
/// the list is loaded again; a page whose other sections show notes too passes its own.
#[component]
pub fn Notes(
    owner: NotesOwner,
    #[prop(optional)] notes_changed: Option<RwSignal<u32>>,
) -> impl IntoView {
    let notes_changed = notes_changed.unwrap_or_else(|| RwSignal::new(0));
    let add_url = owner.add_url();
    let (hidden_name, hidden_value) = owner.hidden_field();
    let empty_text = owner.empty_text();
    let owner = StoredValue::new(owner);
    let list = Resource::new(
        move || notes_changed.get(),
        move |_| owner.get_value().notes(0),
    );
    let more = MorePages::<Vec<CommunicationView>>::new();
    let first_len = StoredValue::new(0usize);
    let load_more = Action::new(move |_: &()| {
        let offset = (first_len.get_value() + more.loaded()) as u32;
        let seen = notes_changed.get_untracked();
        let owner = owner.get_value();
        async move {
            let result = owner.notes(offset).await;
            if notes_changed.get_untracked() == seen {
                more.append(result.map(|p| {
                    let n = p.items.len();
                    (p.items, n, p.has_more)
                }));
            }
        }
    });
    let changed = move || {
        more.clear();
        notes_changed.update(|n| *n += 1);
    };
    let on_change = Callback::new(move |_| changed());

    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<&'static str>);
    let field = NodeRef::<html::Textarea>::new();
    let add = Action::new(move |t: &String| {
        let t = t.clone();
        let owner = owner.get_value();
        async move {
            match owner.add(t).await {
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

    view! {
        <section class="panel notes" aria-labelledby="notes-heading">
            <h2 id="notes-heading">"Notes"</h2>
            <form class="note-form" method="post" action=add_url on:submit=submit novalidate>
                <input type="hidden" name=hidden_name value=hidden_value />
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
                            let empty = p.items.is_empty().then(|| view! { <p class="empty">{empty_text}</p> });
                            view! {
                                {empty}
                                <ol class="note-list" data-testid="notes-list">
                                    {p.items.into_iter().map(|n| view! { <NoteItem note=n on_change /> }).collect_view()}
                                    <For each=move || more.pages.get() key=|(k, _)| *k
                                        children=move |(_, notes)| notes.into_iter().map(|n| view! { <NoteItem note=n on_change /> }).collect_view() />
                                </ol>
                                {move || more.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                                <Show when=move || more.has_more.get().unwrap_or(first_more)>
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
        "<span class=\"note-author\">{}</span> · {}",
        escape_html(&author),
        time_html(note.occurred_at)
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
                                Suspend::new(async move { note_editor(ctl, other == Mode::Editing).await })
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
fn note_editor(ctl: NoteCtl, editing: bool) -> AnyView {
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
