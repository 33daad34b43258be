//! Caller Details: every contact field, shown read-only and editable in place. The browser
//! runs the same `ContactInput::check` rules as the server before saving; rules that need
//! large tables (phone metadata, time zones) are asked of the server and their verdict is shown
//! beside the field. A stale save is refused with who changed the contact and when, and the
//! agent's input stays in the form.

use leptos::prelude::*;

use crate::components::contact_form::{ContactFields, ContactFormState};
use crate::components::focus_soon;
use crate::contacts_api::{ContactView, SaveOutcome, save_contact};
use crate::domain::contact::ContactInput;
use crate::model::Contact;

#[derive(Clone, Debug, PartialEq)]
struct ConflictNotice {
    by: String,
    at: String,
    current: Contact,
}

#[component]
pub fn CallerDetails(initial: ContactView) -> impl IntoView {
    let contact_id = initial.contact.id.0;
    let saved = RwSignal::new(initial);
    let editing = RwSignal::new(false);
    let state = ContactFormState::new(ContactInput::default());
    let ContactFormState { form, errors, .. } = state;
    let base_version = RwSignal::new(0i64);
    let conflict = RwSignal::new(None::<ConflictNotice>);
    let status = RwSignal::new(None::<String>);

    let start_editing = move || {
        let view = saved.get_untracked();
        state.reset(ContactInput::from_contact(&view.contact));
        base_version.set(view.contact.version);
        conflict.set(None);
        status.set(None);
        editing.set(true);
        focus_soon("#contact-first_name");
    };

    let save = Action::new(move |(version, input): &(i64, ContactInput)| {
        let (version, input) = (*version, input.clone());
        async move { save_contact(contact_id, version, input).await }
    });

    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        match result {
            Ok(SaveOutcome::Saved(view)) => {
                saved.set(*view);
                editing.set(false);
                errors.set(Vec::new());
                conflict.set(None);
                status.set(Some("Saved.".into()));
                focus_soon("#edit-details");
            }
            Ok(SaveOutcome::Conflict { by, at, current }) => {
                // Keep what the agent typed; the next save is against the version they have now seen.
                base_version.set(current.version);
                conflict.set(Some(ConflictNotice {
                    by,
                    at: crate::format::date_time_seconds(at),
                    current: (*current).clone(),
                }));
                saved.update(|v| v.contact = *current);
                status.set(None);
            }
            Ok(SaveOutcome::Invalid(field_errors)) => {
                errors.set(field_errors);
                status.set(None);
                focus_soon("[aria-invalid=true]");
            }
            Err(other) => {
                errors.set(Vec::new());
                status.set(Some(other.to_string()));
            }
        }
    });

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
        save.dispatch((base_version.get_untracked(), input));
    };

    // After a refused stale save: the contact as it is saved now, shown under changed fields.
    let theirs = Signal::derive(move || {
        conflict
            .get()
            .map(|c| ContactInput::from_contact(&c.current))
    });

    view! {
        <section class="panel caller-details" aria-labelledby="details-heading">
            <div class="panel-head">
                <h2 id="details-heading">"Caller Details"</h2>
                <Show when=move || !editing.get()>
                    <button type="button" id="edit-details" class="edit-button" on:click=move |_| start_editing()>"Edit details"</button>
                </Show>
            </div>
            // Always present, so screen readers announce the text when it appears.
            <p class="status" role="status" data-testid="details-status">{move || status.get()}</p>
            <Show
                when=move || editing.get()
                fallback=move || view! { <ReadOnlyDetails view=saved /> }
            >
                {move || view! { <form class="details-form" on:submit=submit novalidate>
                    {move || conflict.get().map(|c| view! {
                        <div class="conflict-banner" role="alert" data-testid="conflict">
                            <p><strong>"Changed by " {c.by.clone()} " at " {c.at.clone()} " — review and save again."</strong></p>
                            <p>"Your changes are still in the form. Where the saved value now differs, it is shown under the field."</p>
                        </div>
                    })}
                    {move || (!errors.get().is_empty()).then(|| view! {
                        <p class="form-error" role="alert">"Please correct the highlighted fields."</p>
                    })}
                    // The form's fields are their own piece of WebAssembly, fetched the first
                    // time an agent edits: most visits to this page only read the details.
                    <Suspense fallback=|| view! { <p class="loading">"Loading the form…"</p> }>
                        {move || Suspend::new(async move {
                            let fields = contact_fields(state, theirs).await;
                            focus_soon("#contact-first_name");
                            fields
                        })}
                    </Suspense>
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || save.pending().get()>
                            {move || if save.pending().get() { "Saving…" } else { "Save" }}
                        </button>
                        <button type="button" on:click=move |_| { editing.set(false); conflict.set(None); errors.set(Vec::new()); focus_soon("#edit-details"); }>"Cancel"</button>
                    </div>
                </form> }.into_any()}
            </Show>
        </section>
    }
    .into_any()
}

/// The editable fields, loaded on demand (see the form above).
#[lazy]
fn contact_fields(state: ContactFormState, theirs: Signal<Option<ContactInput>>) -> AnyView {
    view! { <ContactFields state=state theirs=theirs /> }.into_any()
}

#[component]
fn ReadOnlyDetails(view: RwSignal<ContactView>) -> impl IntoView {
    move || {
        let v = view.get();
        let c = v.contact;
        let f = &c.fields;
        let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
        let phone = |p: &Option<crate::model::PhoneValue>| {
            match p {
            Some(p) => view! { <span>{p.typed.clone()}</span> " " <span class="e164" data-testid="e164">{format!("({})", p.e164)}</span> }.into_any(),
            None => view! { "—" }.into_any(),
        }
        };
        let channels = if f.preferred_channels.is_empty() {
            "—".to_string()
        } else {
            f.preferred_channels
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let local_time = match (&f.time_zone, &v.local_time) {
            (Some(tz), Some(lt)) => format!(
                "{} {} ({}, {}; {})",
                lt.weekday,
                lt.time,
                lt.abbreviation,
                format_offset(lt.offset_seconds),
                tz
            ),
            (Some(tz), None) => format!("unknown ({tz})"),
            _ => "— (no time zone)".to_string(),
        };
        let account = c.account.clone().map(|a| {
            let href = format!("/contacts?account={}", crate::format::urlencode(&a.identifier));
            view! { <a href=href title="This account's other contacts">{a.name.clone()} " (" {a.identifier.clone()} ")"</a> }
        });
        view! {
            <dl class="details-list" data-testid="details">
                <div><dt>"First name"</dt><dd data-field="first_name">{text(&f.first_name)}</dd></div>
                <div><dt>"Last name"</dt><dd data-field="last_name">{text(&f.last_name)}</dd></div>
                <div><dt>"Email"</dt><dd data-field="email">{match &f.email { Some(e) => view! { <a href=format!("mailto:{e}")>{e.clone()}</a> }.into_any(), None => view! { "—" }.into_any() }}</dd></div>
                <div><dt>"Phone"</dt><dd data-field="phone">{phone(&f.phone)}</dd></div>
                <div><dt>"Mobile"</dt><dd data-field="mobile">{phone(&f.mobile)}</dd></div>
                <div><dt>"Fax"</dt><dd data-field="fax">{phone(&f.fax)}</dd></div>
                <div><dt>"Address"</dt><dd data-field="address" class="address">{text(&f.address)}</dd></div>
                <div><dt>"City"</dt><dd data-field="city">{text(&f.city)}</dd></div>
                <div><dt>"State / province"</dt><dd data-field="state">{text(&f.state)}</dd></div>
                <div><dt>"Postal code"</dt><dd data-field="postal_code">{text(&f.postal_code)}</dd></div>
                <div><dt>"Country"</dt><dd data-field="country">{text(&f.country)}</dd></div>
                <div><dt>"Local time"</dt><dd data-field="local_time">{local_time}</dd></div>
                <div><dt>"Account"</dt><dd data-field="account">{account.map(|a| a.into_any()).unwrap_or_else(|| view! { "—" }.into_any())}</dd></div>
                <div><dt>"Priority"</dt><dd data-field="priority" class=format!("priority-{}", f.priority.as_str())>{f.priority.label()}</dd></div>
                <div><dt>"Preferred channels"</dt><dd data-field="preferred_channels">{channels}</dd></div>
                <div><dt>"Created"</dt><dd data-field="created">{format!("{} via {}{}", crate::format::date_time(c.created_at), c.created_via.label(), c.created_by.as_ref().map(|u| format!(" by {}", u.name)).unwrap_or_default())}</dd></div>
                <div><dt>"Updated"</dt><dd data-field="updated">{format!("{}{}", crate::format::date_time(c.updated_at), c.updated_by.as_ref().map(|u| format!(" by {}", u.name)).unwrap_or_default())}</dd></div>
            </dl>
        }
    }
}

fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("UTC{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
}
