//! The work item's Contacts card (SPEC §2.4, §3.3): the contacts tagged on the item with their
//! tags, each linking to their Contact Activity page; per contact an "Edit tags" disclosure and
//! Remove; and the contact search that adds people (or offers Create a Contact). After each
//! change the page's header is asked to reload (`ReloadWorkItem`), since tag changes bump the
//! item's version.
//!
//! Tag changes and removals are `ActionForm`s posting to their server functions, so they work
//! before the WebAssembly loads (the server answers a plain form post with a redirect back to
//! the work item). Once hydrated, every answer is the item's new list of tagged contacts and
//! the card shows exactly that, so a single-holder tag that moved is seen leaving its old
//! holder. Refusals (the Original Requester never changes, a submitted ticket keeps its Primary
//! Contact and Requester) are shown as an alert.
//!
//! The Original Requester's checkbox is shown but cannot be changed, and that contact has no
//! Remove button; a disabled checkbox is not posted, so its tag travels in a hidden field.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::ErrorMessage;
use crate::components::contact_picker::ContactPicker;
use crate::components::tags::tag_list;
use crate::domain::work_item::Tag;
use crate::error::AppError;
use crate::model::{ContactId, TaggedContact, display_name};
use crate::search_api::PersonHit;
use crate::work_items_api::{AddContactToWorkItem, RemoveContactFromWorkItem, SetContactTags};

/// The form field that carries the wanted tags (`tags[]`, one per ticked box, as the server
/// function's `Vec<String>` reads them).
const TAGS_FIELD: &str = "tags[]";

/// Whether the contact holds `tag`.
fn holds(contact: &TaggedContact, tag: Tag) -> bool {
    contact.tags.iter().any(|t| t == tag.as_str())
}

/// What the card says once a contact was added.
fn added_message(list: &[TaggedContact], contact: i64) -> String {
    match list.iter().find(|c| c.contact_id.0 == contact) {
        Some(c) => format!("Added {} to the work item.", c.name),
        None => "Contact added to the work item.".to_string(),
    }
}

/// The Contacts card. `contacts` is the list as the page loaded it; afterwards the card shows
/// what each change answers.
#[component]
pub fn ContactsCard(reference: String, contacts: Vec<TaggedContact>) -> impl IntoView {
    let list = RwSignal::new(contacts);
    let set_tags = ServerAction::<SetContactTags>::new();
    let remove = ServerAction::<RemoveContactFromWorkItem>::new();
    let add = ServerAction::<AddContactToWorkItem>::new();
    // The polite status line, and the latest refusal (an alert).
    let status = RwSignal::new(None::<String>);
    let refusal = RwSignal::new(None::<AppError>);

    // A tag change bumps the item's version (and a Primary Contact or Requester may now let a
    // Draft be submitted): the page's header asks for the item again.
    let reload = use_context::<super::ReloadWorkItem>();
    // Each answer replaces the list; each refusal is shown until the next answer.
    let follow = move |answer: Option<Result<Vec<TaggedContact>, AppError>>,
                       said: &dyn Fn(&[TaggedContact]) -> String| {
        match answer {
            None => {}
            Some(Ok(new_list)) => {
                status.set(Some(said(&new_list)));
                refusal.set(None);
                list.set(new_list);
                if let Some(super::ReloadWorkItem(reload)) = reload {
                    reload.dispatch(());
                }
            }
            Some(Err(e)) => {
                status.set(None);
                refusal.set(Some(e));
            }
        }
    };
    // The contact being added (an action's input is cleared once it has answered).
    let adding = StoredValue::new(0i64);
    Effect::new(move |_| {
        follow(set_tags.value().get(), &|_| "Tags saved.".to_string());
    });
    Effect::new(move |_| {
        follow(remove.value().get(), &|_| {
            "Contact removed from the work item.".to_string()
        });
    });
    Effect::new(move |_| {
        follow(add.value().get(), &|l| added_message(l, adding.get_value()));
    });

    let add_reference = reference.clone();
    let on_pick = move |hit: PersonHit| {
        let on_item = list.with_untracked(|l| l.iter().any(|c| c.contact_id == hit.id));
        if on_item {
            let name = display_name(
                hit.first_name.as_deref(),
                hit.last_name.as_deref(),
                hit.email.as_deref(),
                hit.phone.as_deref(),
            );
            status.set(None);
            refusal.set(Some(AppError::BadRequest(format!(
                "{name} is already on this work item."
            ))));
            return;
        }
        adding.set_value(hit.id.0);
        add.dispatch(AddContactToWorkItem {
            reference: add_reference.clone(),
            contact_id: hit.id.0,
        });
    };
    let already = Signal::derive(move || {
        list.with(|l| l.iter().map(|c| c.contact_id).collect::<Vec<ContactId>>())
    });
    let pending = Signal::derive(move || {
        set_tags.pending().get() || remove.pending().get() || add.pending().get()
    });

    let rows_reference = reference.clone();
    let rows = move || {
        let contacts = list.get();
        if contacts.is_empty() {
            return view! {
                <p class="empty" data-testid="no-contacts">
                    "No contacts are tagged on this work item yet. The first contact added gets Primary Contact, Requester, Subject and Original Requester."
                </p>
            }
            .into_any();
        }
        let items = contacts
            .into_iter()
            .map(|c| contact_row(c, rows_reference.clone(), set_tags, remove, pending))
            .collect_view();
        view! { <ul class="tagged-contacts" data-testid="work-item-contacts">{items}</ul> }
            .into_any()
    };

    view! {
        <section class="panel contacts-card" aria-labelledby="contacts-card-heading">
            <h2 id="contacts-card-heading">"Contacts"</h2>
            <div aria-live="polite">
                {move || refusal.get().map(|e| view! { <div data-testid="contacts-card-error"><ErrorMessage error=e /></div> })}
            </div>
            <p class="status" role="status" data-testid="contacts-card-status">{move || status.get()}</p>
            {rows}
            <ContactPicker reference=reference already=already on_pick=on_pick />
            {move || add.pending().get().then(|| view! { <p class="loading">"Adding the contact…"</p> })}
        </section>
    }
}

/// One tagged contact: name (a link to their Contact Activity page), email, tags, the tag
/// editor and Remove.
fn contact_row(
    c: TaggedContact,
    reference: String,
    set_tags: ServerAction<SetContactTags>,
    remove: ServerAction<RemoveContactFromWorkItem>,
    pending: Signal<bool>,
) -> impl IntoView {
    let id = c.contact_id.0;
    let original = holds(&c, Tag::OriginalRequester);
    let boxes = Tag::ALL
        .into_iter()
        .map(|tag| {
            let box_id = format!("tag-{id}-{}", tag.as_str());
            let checked = holds(&c, tag);
            if tag == Tag::OriginalRequester {
                view! {
                    <label for=box_id.clone() class="checkbox">
                        <input type="checkbox" id=box_id.clone() value=tag.as_str() checked=checked disabled=true
                            aria-describedby=format!("tag-{id}-original-note") />
                        {tag.label()}
                    </label>
                    {checked.then(|| view! { <input type="hidden" name=TAGS_FIELD value=tag.as_str() /> })}
                }
                .into_any()
            } else {
                view! {
                    <label for=box_id.clone() class="checkbox">
                        <input type="checkbox" id=box_id.clone() name=TAGS_FIELD value=tag.as_str() checked=checked />
                        {tag.label()}
                    </label>
                }
                .into_any()
            }
        })
        .collect_view();
    let remove_label = format!("Remove {} from this work item", c.name);
    let remove_reference = reference.clone();
    let remove_form = (!original).then(|| {
        view! {
            <ActionForm action=remove attr:class="remove-contact-form">
                <input type="hidden" name="reference" value=remove_reference />
                <input type="hidden" name="contact_id" value=id.to_string() />
                <button type="submit" data-testid="remove-contact" aria-label=remove_label
                    disabled=move || pending.get()>"Remove"</button>
            </ActionForm>
        }
    });
    let stays = original.then(|| {
        view! { <p class="muted" data-testid="stays-note">"The Original Requester stays on the work item."</p> }
    });

    view! {
        <li data-testid="tagged-contact" data-contact-id=id.to_string()>
            <a href=format!("/contacts/{id}")>{c.name.clone()}</a>
            {c.email.clone().map(|e| view! { " " <span class="muted">{e}</span> })}
            {tag_list(&c.tags)}
            <details class="tag-editor" data-testid="tag-editor">
                <summary>"Edit tags" <span class="visually-hidden">" of " {c.name.clone()}</span></summary>
                <ActionForm action=set_tags attr:class="tag-form">
                    <input type="hidden" name="reference" value=reference />
                    <input type="hidden" name="contact_id" value=id.to_string() />
                    <fieldset>
                        <legend>"Tags of " {c.name.clone()}</legend>
                        {boxes}
                    </fieldset>
                    <p class="muted" id=format!("tag-{id}-original-note")>
                        "Primary Contact, Requester and Subject have one holder each: ticking one here moves it from whoever holds it. The Original Requester never changes."
                    </p>
                    <button type="submit" data-testid="save-tags" disabled=move || pending.get()>"Save tags"</button>
                </ActionForm>
            </details>
            {remove_form}
            {stays}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(id: i64, name: &str, tags: &[&str]) -> TaggedContact {
        TaggedContact {
            contact_id: ContactId(id),
            name: name.into(),
            email: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn the_card_reads_tags_by_their_stored_names() {
        let c = tagged(1, "Jane Doe", &["primary", "original_requester"]);
        assert!(holds(&c, Tag::OriginalRequester));
        assert!(holds(&c, Tag::PrimaryContact));
        assert!(!holds(&c, Tag::Cc));
    }

    #[test]
    fn the_added_contact_is_named() {
        let list = vec![tagged(3, "Jane Doe", &["cc"])];
        assert_eq!(added_message(&list, 3), "Added Jane Doe to the work item.");
        assert_eq!(added_message(&list, 9), "Contact added to the work item.");
    }
}
