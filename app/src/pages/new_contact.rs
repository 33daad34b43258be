//! `/contacts/new?text=…&via=quickfind`: the create-contact form. Quickfind's "Create a
//! contact" opens it with what the agent typed; the name, email or phone decoded from that text
//! (SPEC §3.2) are filled in and everything else is left to the agent. The browser checks the
//! fields with the same `ContactInput::check` rules the server runs again on save; rules that
//! need large tables (phone metadata, time zones) are asked of the server when the agent leaves
//! the field. After saving, the agent lands on the new contact's Contact Activity page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::contact_form::{ContactFields, ContactFormState};
use crate::components::focus_soon;
use crate::contacts_api::{CreateOutcome, create_contact};
use crate::domain::contact::ContactInput;
use crate::domain::name_decoder::decode_name;
use crate::model::CreatedVia;

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

#[component]
pub fn NewContactPage() -> impl IntoView {
    let query = use_query_map();
    let text = Memo::new(move |_| query.read().get("text").unwrap_or_default());
    let via = Memo::new(move |_| created_via(query.read().get("via").as_deref()));

    view! {
        <Title text="New contact" />
        <h1>"New contact"</h1>
        // A new typed text (Quickfind used again from this page) starts a fresh form.
        {move || {
            let text = text.get();
            view! { <NewContactForm text=text via=via /> }
        }}
    }
}

#[component]
fn NewContactForm(text: String, via: Memo<CreatedVia>) -> impl IntoView {
    let state = ContactFormState::new(prefilled(&text));
    let ContactFormState { form, errors, .. } = state;
    let status = RwSignal::new(None::<String>);
    let navigate = use_navigate();

    let create = Action::new(move |(input, via): &(ContactInput, CreatedVia)| {
        let (input, via) = (input.clone(), *via);
        async move { create_contact(input, via).await }
    });

    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            let Some(result) = create.value().get() else {
                return;
            };
            match result {
                Ok(CreateOutcome::Created(id)) => {
                    status.set(Some("Saved.".into()));
                    navigate(&format!("/contacts/{}", id.0), NavigateOptions::default());
                }
                Ok(CreateOutcome::Invalid(field_errors)) => {
                    errors.set(field_errors);
                    status.set(None);
                    focus_soon("[aria-invalid=true]");
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
        create.dispatch((input, via.get_untracked()));
    };

    let cancel = move |_| {
        let went_back = window()
            .history()
            .ok()
            .filter(|h| h.length().unwrap_or(0) > 1)
            .is_some_and(|h| h.back().is_ok());
        if !went_back {
            navigate("/contacts", NavigateOptions::default());
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

    view! {
        <section class="panel new-contact" aria-labelledby="new-contact-heading">
            <h2 id="new-contact-heading" class="visually-hidden">"Contact details"</h2>
            {decoded_note}
            <form class="details-form" on:submit=submit novalidate>
                <p class="status" role="status" data-testid="new-contact-status">{move || status.get()}</p>
                {move || (!errors.get().is_empty()).then(|| view! {
                    <p class="form-error" role="alert">"Please correct the highlighted fields."</p>
                })}
                <ContactFields state=state theirs=Signal::stored(None) />
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || create.pending().get()>
                        {move || if create.pending().get() { "Saving…" } else { "Save contact" }}
                    </button>
                    <button type="button" on:click=cancel>"Cancel"</button>
                </div>
            </form>
        </section>
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
    fn only_quickfind_is_recorded_as_quickfind() {
        assert_eq!(created_via(Some("quickfind")), CreatedVia::Quickfind);
        assert_eq!(created_via(Some("email")), CreatedVia::Manual);
        assert_eq!(created_via(None), CreatedVia::Manual);
    }
}
