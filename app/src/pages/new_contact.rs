//! `/contacts/new?text=…&via=quickfind`: the create-contact form. Quickfind's "Create a
//! contact" opens it with what the agent typed; the name, email or phone decoded from that text
//! (SPEC §3.2) are filled in and everything else is left to the agent. The browser checks the
//! fields with the same `ContactInput::check` rules the server runs again on save; rules that
//! need large tables (phone metadata, time zones) are asked of the server when the agent leaves
//! the field. After saving, the agent lands on the new contact's Contact Activity page.
//!
//! From a work item's Contacts card (SPEC §2.4) the form is opened with
//! `via=work_item&return_to=/work-items/{reference}`. The return address is checked by the
//! server first (`check_return_to`): anything that is not a work item of the agent's tenant is
//! refused and no form is shown, so the page can never be used to send someone elsewhere. The
//! page names the work item the contact will be added to; while the agent fills in the name,
//! email and phone, possible duplicates are shown with "Use this contact instead" (which tags
//! the existing contact on the item). Saving creates the contact, tags it on the item, and goes
//! back to the work item; Cancel goes back there too.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::contact_form::{ContactFields, ContactFormState};
use crate::components::{ErrorMessage, focus_soon};
use crate::contacts_api::{CreateOutcome, create_contact};
use crate::domain::contact::ContactInput;
use crate::domain::name_decoder::decode_name;
use crate::error::AppError;
use crate::model::{CreatedVia, FieldError};
use crate::work_items_api::{
    AddContactToWorkItem, CreateOnItemOutcome, DuplicateCandidate, check_return_to,
    create_contact_on_work_item, duplicate_candidates, work_item_path,
};

/// Quiet time after the agent's last change to a name, email or phone before duplicates are
/// looked up again.
const DUPLICATES_DEBOUNCE_MS: u64 = 350;

/// The work item a contact created here is added to.
#[derive(Clone, Debug, PartialEq)]
struct ItemTarget {
    /// The item's reference, as the server's check answered it.
    reference: String,
    /// The return address as given (the server checks it again when saving).
    return_to: String,
}

/// What saving led to: where to go next, or the field errors.
#[derive(Clone, Debug, PartialEq)]
enum Saved {
    GoTo(String),
    Invalid(Vec<FieldError>),
}

/// The form as first shown: the fields decoded from the typed text, nothing invented.
fn prefilled(text: &str) -> ContactInput {
    let decoded = decode_name(text);
    ContactInput {
        first_name: decoded.first_name,
        last_name: decoded.last_name,
        email: decoded.email,
        phone: decoded.phone,
        ..ContactInput::default()
    }
}

/// `via=quickfind` records that the contact came from Quickfind; anything else is manual.
fn created_via(via: Option<&str>) -> CreatedVia {
    match via {
        Some("quickfind") => CreatedVia::Quickfind,
        _ => CreatedVia::Manual,
    }
}

/// "same email" → "Same email".
fn reason_label(reason: &str) -> String {
    let mut chars = reason.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The fields that identify a person, as the duplicate check reads them.
fn identity(input: &ContactInput) -> [String; 5] {
    [
        input.first_name.trim().to_string(),
        input.last_name.trim().to_string(),
        input.email.trim().to_string(),
        input.phone.trim().to_string(),
        input.mobile.trim().to_string(),
    ]
}

/// What the refusal of a return address says: a refused or unknown address in one sentence;
/// anything else (signed out, the server unreachable) is shown as itself.
fn refusal_text(error: &AppError) -> Option<&'static str> {
    matches!(
        error,
        AppError::BadRequest(_) | AppError::NotFound | AppError::Forbidden
    )
    .then_some("This return address is not a work item here.")
}

#[component]
pub fn NewContactPage() -> impl IntoView {
    let query = use_query_map();
    let text = Memo::new(move |_| query.read().get("text").unwrap_or_default());
    let via = Memo::new(move |_| created_via(query.read().get("via").as_deref()));
    let return_to = Memo::new(move |_| query.read().get("return_to"));

    view! {
        <Title text="New contact" />
        <h1>"New contact"</h1>
        // A new typed text (Quickfind used again from this page) starts a fresh form.
        {move || {
            let text = text.get();
            match return_to.get() {
                None => view! { <NewContactForm text=text via=via target=None /> }.into_any(),
                Some(return_to) => {
                    view! { <OnWorkItem text=text via=via return_to=return_to /> }.into_any()
                }
            }
        }}
    }
}

/// The form for a contact that goes onto a work item: shown only once the server has accepted
/// the return address.
#[component]
fn OnWorkItem(text: String, via: Memo<CreatedVia>, return_to: String) -> impl IntoView {
    let given = StoredValue::new(return_to.clone());
    let checked = Resource::new(move || return_to.clone(), check_return_to);
    let text = StoredValue::new(text);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Checking the work item…"</p> }>
            {move || Suspend::new(async move {
                match checked.await {
                    Ok(reference) => {
                        let target = ItemTarget { reference, return_to: given.get_value() };
                        view! { <NewContactForm text=text.get_value() via=via target=Some(target) /> }
                            .into_any()
                    }
                    Err(e) => match refusal_text(&e) {
                        Some(message) => view! {
                            <div class="error-banner" role="alert" data-testid="return-refused">
                                <p>{message}</p>
                                <p>"No contact form is shown for it. Open the work item and create the contact from its Contacts card."</p>
                            </div>
                            <p><a href="/work-items">"Go to work items"</a></p>
                        }
                        .into_any(),
                        None => view! {
                            <div data-testid="return-refused"><ErrorMessage error=e /></div>
                        }
                        .into_any(),
                    },
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewContactForm(
    text: String,
    via: Memo<CreatedVia>,
    target: Option<ItemTarget>,
) -> impl IntoView {
    let state = ContactFormState::new(prefilled(&text));
    let ContactFormState { form, errors, .. } = state;
    let status = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let duplicates = RwSignal::new(Vec::<DuplicateCandidate>::new());
    let target = StoredValue::new(target);

    let save = Action::new(move |input: &ContactInput| {
        let input = input.clone();
        let target = target.get_value();
        let via = via.get_untracked();
        async move {
            match target {
                None => create_contact(input, via).await.map(|o| match o {
                    CreateOutcome::Created(id) => Saved::GoTo(format!("/contacts/{}", id.0)),
                    CreateOutcome::Invalid(e) => Saved::Invalid(e),
                }),
                Some(t) => create_contact_on_work_item(input, t.return_to)
                    .await
                    .map(|o| match o {
                        CreateOnItemOutcome::Created { return_to, .. } => Saved::GoTo(return_to),
                        CreateOnItemOutcome::Invalid(e) => Saved::Invalid(e),
                    }),
            }
        }
    });

    // Possible duplicates (on a work item only): looked up for the pre-filled fields at once,
    // then again when the agent pauses after changing a name, email or phone. Only the answer
    // to the latest lookup is shown.
    let lookups = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let look_up = move || {
        lookups.update_value(|n| *n += 1);
        let number = lookups.get_value();
        let input = form.get_untracked();
        if identity(&input).iter().all(String::is_empty) {
            duplicates.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found = duplicate_candidates(input).await;
            // Only the latest lookup counts, and none once the form is gone.
            if lookups.try_get_value() != Some(number) {
                return;
            }
            // A failed lookup leaves the list as it was: saving still checks the email.
            if let Ok(found) = found {
                duplicates.try_set(found);
            }
        });
    };
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
    });
    Effect::new(move |before: Option<[String; 5]>| {
        let now = form.with(identity);
        if target.with_value(Option::is_none) || before.as_ref() == Some(&now) {
            return now;
        }
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(None);
        if before.is_none() {
            look_up();
        } else {
            let handle = set_timeout_with_handle(
                move || {
                    timer.set_value(None);
                    look_up();
                },
                Duration::from_millis(DUPLICATES_DEBOUNCE_MS),
            );
            timer.set_value(handle.ok());
        }
        now
    });

    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            let Some(result) = save.value().get() else {
                return;
            };
            match result {
                Ok(Saved::GoTo(href)) => {
                    status.set(Some("Saved.".into()));
                    navigate(&href, NavigateOptions::default());
                }
                Ok(Saved::Invalid(field_errors)) => {
                    errors.set(field_errors);
                    status.set(None);
                    focus_soon("[aria-invalid=true]");
                    // An email that is taken is a duplicate: show who has it.
                    if target.with_value(Option::is_some) {
                        look_up();
                    }
                }
                Err(other) => {
                    status.set(Some(other.to_string()));
                }
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        let problems = input.check();
        status.set(None);
        if !problems.is_empty() {
            errors.set(problems);
            focus_soon("[aria-invalid=true]");
            return;
        }
        errors.set(Vec::new());
        save.dispatch(input);
    };

    let cancel = {
        let navigate = navigate.clone();
        move |_| {
            if let Some(reference) = target.with_value(|t| t.as_ref().map(|t| t.reference.clone()))
            {
                navigate(&work_item_path(&reference), NavigateOptions::default());
                return;
            }
            let went_back = window()
                .history()
                .ok()
                .filter(|h| h.length().unwrap_or(0) > 1)
                .is_some_and(|h| h.back().is_ok());
            if !went_back {
                navigate("/contacts", NavigateOptions::default());
            }
        }
    };

    // The agent arrives to complete the form: start at its first field.
    focus_soon("#contact-first_name");

    let decoded_note = (!text.trim().is_empty()).then(|| {
        view! {
            <p class="prefill-note" data-testid="prefill-note">
                "Filled in from “" {text.trim().to_string()} "”. Check the fields and complete what is missing."
            </p>
        }
    });
    let item_note = target.get_value().map(|t| {
        view! {
            <p class="prefill-note" data-testid="return-target">
                "The contact will be added to work item "
                <a href=work_item_path(&t.reference)>{t.reference.clone()}</a>
                " and you will go back to it after saving."
            </p>
        }
    });
    let duplicates_panel = target
        .get_value()
        .map(|t| view! { <Duplicates target=t duplicates=duplicates /> });

    view! {
        <section class="panel new-contact" aria-labelledby="new-contact-heading">
            <h2 id="new-contact-heading" class="visually-hidden">"Contact details"</h2>
            {item_note}
            {decoded_note}
            {duplicates_panel}
            <form class="details-form" on:submit=submit novalidate>
                <p class="status" role="status" data-testid="new-contact-status">{move || status.get()}</p>
                {move || (!errors.get().is_empty()).then(|| view! {
                    <p class="form-error" role="alert">"Please correct the highlighted fields."</p>
                })}
                <ContactFields state=state theirs=Signal::stored(None) />
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Saving…" } else { "Save contact" }}
                    </button>
                    <button type="button" on:click=cancel>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}

/// Contacts that may be the one being created, each with why, and "Use this contact instead",
/// which tags that contact on the work item and goes back to it.
#[component]
fn Duplicates(target: ItemTarget, duplicates: RwSignal<Vec<DuplicateCandidate>>) -> impl IntoView {
    let use_existing = ServerAction::<AddContactToWorkItem>::new();
    let navigate = use_navigate();
    let back = work_item_path(&target.reference);
    Effect::new(move |_| {
        if let Some(Ok(_)) = use_existing.value().get() {
            navigate(&back, NavigateOptions::default());
        }
    });
    let error = move || use_existing.value().get().and_then(|r| r.err());
    let add_url = <AddContactToWorkItem as leptos::server_fn::ServerFn>::PATH;
    let reference = StoredValue::new(target.reference);

    let candidate = move |d: DuplicateCandidate| {
        let id = d.contact_id.0;
        let facts = [d.email.clone(), d.phone.clone()];
        let reasons = d
            .reasons
            .iter()
            .map(|r| reason_label(r))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <li data-testid="duplicate" data-contact-id=id.to_string()>
                <a href=format!("/contacts/{id}")>{d.name.clone()}</a>
                {facts.into_iter().flatten().map(|f| view! { " " <span class="muted">{f}</span> }).collect_view()}
                <p class="duplicate-reasons" data-testid="duplicate-reasons">{reasons}</p>
                // Without WebAssembly this posts to the server function, which redirects back
                // to the work item.
                <form method="post" action=add_url on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    use_existing.dispatch(AddContactToWorkItem {
                        reference: reference.get_value(),
                        contact_id: id,
                    });
                }>
                    <input type="hidden" name="reference" value=reference.get_value() />
                    <input type="hidden" name="contact_id" value=id.to_string() />
                    <button type="submit" disabled=move || use_existing.pending().get()>
                        "Use this contact instead"
                    </button>
                </form>
            </li>
        }
    };

    view! {
        <div aria-live="polite">
            {move || {
                let list = duplicates.get();
                (!list.is_empty()).then(|| view! {
                    <section class="duplicates" aria-labelledby="duplicates-heading" data-testid="duplicates">
                        <h3 id="duplicates-heading">"Possible duplicates"</h3>
                        <p>"These contacts may be the person you are creating. Use one of them instead, or carry on to create a new contact."</p>
                        <ul class="tagged-contacts">{list.into_iter().map(candidate).collect_view()}</ul>
                    </section>
                })
            }}
            {move || error().map(|e| view! { <ErrorMessage error=e /> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_filled_from_the_typed_text() {
        let input = prefilled("Ada Quxley <ada.quxley@example.org>");
        assert_eq!(
            (
                input.first_name.as_str(),
                input.last_name.as_str(),
                input.email.as_str()
            ),
            ("Ada", "Quxley", "ada.quxley@example.org")
        );
        assert_eq!(prefilled("Zyxwvutsson").last_name, "Zyxwvutsson");
        assert!(
            prefilled("")
                .check()
                .iter()
                .any(|e| e.field == "first_name")
        );
    }

    #[test]
    fn a_refused_return_address_reads_as_one_sentence() {
        let refused = "This return address is not a work item here.";
        assert_eq!(
            refusal_text(&AppError::BadRequest("off-site".into())),
            Some(refused)
        );
        assert_eq!(refusal_text(&AppError::NotFound), Some(refused));
        assert_eq!(refusal_text(&AppError::Unauthorized), None);
    }

    #[test]
    fn duplicates_are_looked_up_by_name_email_and_phones() {
        let input = prefilled("Smith, John");
        assert_eq!(
            identity(&input),
            [
                "John".to_string(),
                "Smith".into(),
                "".into(),
                "".into(),
                "".into()
            ]
        );
        assert!(
            identity(&ContactInput::default())
                .iter()
                .all(String::is_empty)
        );
        assert_eq!(reason_label("same email"), "Same email");
        assert_eq!(reason_label(""), "");
    }

    #[test]
    fn only_quickfind_is_recorded_as_quickfind() {
        assert_eq!(created_via(Some("quickfind")), CreatedVia::Quickfind);
        assert_eq!(created_via(Some("email")), CreatedVia::Manual);
        assert_eq!(created_via(None), CreatedVia::Manual);
    }
}
