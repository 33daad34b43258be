//! The editable contact fields (SPEC §3.1), shared by Caller Details (editing in place) and the
//! create-contact form, so both show the same fields, labels and errors in the same places and
//! the browser bundle carries this form once.
//!
//! The caller owns the form's state ([`ContactFormState`]) and runs `ContactInput::check` on
//! submit; this component shows each error beside its field (`aria-invalid`,
//! `aria-describedby`) and, for the rules that need large tables (phone metadata, time zones),
//! asks the server when the agent leaves the field and shows its verdict there.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::contacts_api::{check_contact_field, time_zone_names};
use crate::domain::contact::ContactInput;
use crate::model::{Channel, FieldError, Priority};

/// The text fields, in display order: (key, label, input type).
const TEXT_FIELDS: &[(&str, &str, &str)] = &[
    ("first_name", "First name", "text"),
    ("last_name", "Last name", "text"),
    ("email", "Email", "email"),
    ("phone", "Phone", "tel"),
    ("mobile", "Mobile", "tel"),
    ("fax", "Fax", "tel"),
    ("address", "Address", "textarea"),
    ("city", "City", "text"),
    ("state", "State / province", "text"),
    ("postal_code", "Postal code", "text"),
    ("country", "Country", "text"),
    ("time_zone", "Time zone", "timezone"),
    ("account_identifier", "Account identifier", "text"),
];

/// Fields whose verdict only the server can give.
const SERVER_CHECKED: &[&str] = &["phone", "mobile", "fax", "time_zone"];

/// What the agent typed, the errors to show beside the fields, and the server's verdicts on
/// the fields only it can check (`Ok(normalised form)` or `Err(message)`).
#[derive(Clone, Copy)]
pub struct ContactFormState {
    pub form: RwSignal<ContactInput>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub verdicts: RwSignal<HashMap<String, Result<String, String>>>,
}

impl ContactFormState {
    pub fn new(input: ContactInput) -> ContactFormState {
        ContactFormState {
            form: RwSignal::new(input),
            errors: RwSignal::new(Vec::new()),
            verdicts: RwSignal::new(HashMap::new()),
        }
    }

    /// Starts over from `input`: no errors, no verdicts.
    pub fn reset(&self, input: ContactInput) {
        self.form.set(input);
        self.errors.set(Vec::new());
        self.verdicts.set(HashMap::new());
    }
}

fn text_of(input: &ContactInput, key: &str) -> String {
    input.get(key).unwrap_or_default().to_string()
}

pub fn error_for(errors: &[FieldError], key: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == key)
        .map(|e| e.message.clone())
}

/// The fields, in a grid. `theirs` is the contact as someone else has just saved it (after a
/// refused stale save): where it differs from the form, it is shown under the field.
#[component]
pub fn ContactFields(
    state: ContactFormState,
    #[prop(into)] theirs: Signal<Option<ContactInput>>,
) -> impl IntoView {
    let ContactFormState {
        form,
        errors,
        verdicts,
    } = state;

    let check_on_server = move |key: &'static str| {
        let value = form.with_untracked(|f| text_of(f, key));
        if value.trim().is_empty() {
            verdicts.update(|v| {
                v.remove(key);
            });
            return;
        }
        leptos::task::spawn_local(async move {
            let sent = value.clone();
            let verdict = match check_contact_field(key.to_string(), value).await {
                Ok(verdict) => verdict,
                Err(other) => Err(other.to_string()),
            };
            // An answer about text the agent has since changed is dropped.
            if form.with_untracked(|f| text_of(f, key)) != sent {
                return;
            }
            // The fresh verdict replaces any earlier error on this field.
            errors.update(|e| e.retain(|x| x.field != key));
            verdicts.update(|v| {
                v.insert(key.to_string(), verdict);
            });
        });
    };

    // Served, not compiled into the browser bundle; asked for once the form is shown.
    let time_zones = LocalResource::new(|| async { time_zone_names().await.unwrap_or_default() });

    let fields = TEXT_FIELDS
        .iter()
        .map(|&(key, label, kind)| {
            let id = format!("contact-{key}");
            let err_id = format!("{id}-error");
            let verdict_id = format!("{id}-verdict");
            let described_by = format!("{err_id} {verdict_id}");
            let err = move || error_for(&errors.get(), key);
            let invalid = move || {
                (err().is_some() || matches!(verdicts.get().get(key), Some(Err(_)))).to_string()
            };
            let verdict = move || verdicts.get().get(key).cloned();
            let value = move || form.with(|f| text_of(f, key));
            // Also written as an attribute, so the first paint (before hydration) shows it.
            let first_value = form.with_untracked(|f| text_of(f, key));
            let on_input = move |ev| {
                let typed = event_target_value(&ev);
                form.update(|f| {
                    f.set(key, typed);
                });
                // A verdict on what was typed before no longer applies.
                if verdicts.with_untracked(|v| v.contains_key(key)) {
                    verdicts.update(|v| {
                        v.remove(key);
                    });
                }
            };
            let on_blur = move |_| {
                if SERVER_CHECKED.contains(&key) {
                    check_on_server(key);
                }
            };
            let now_saved = move || {
                theirs.get().and_then(|saved| {
                    let saved = text_of(&saved, key);
                    (saved != form.with(|f| text_of(f, key))).then_some(saved)
                })
            };
            let input = match kind {
                "textarea" => view! {
                    <textarea id=id.clone() name=key rows="2"
                        aria-invalid=invalid aria-describedby=described_by.clone()
                        prop:value=value on:input=on_input on:blur=on_blur>{first_value}</textarea>
                }
                .into_any(),
                _ => {
                    let zone = kind == "timezone";
                    view! {
                        <input id=id.clone() name=key type=if zone { "text" } else { kind } autocomplete="off"
                            list=zone.then_some("time-zone-list")
                            placeholder=zone.then_some("e.g. Europe/London")
                            aria-invalid=invalid aria-describedby=described_by.clone()
                            value=first_value prop:value=value on:input=on_input on:blur=on_blur />
                    }
                    .into_any()
                }
            };
            view! {
                <div class="field" class:has-error=move || err().is_some() data-field=key>
                    <label for=id.clone()>{label}</label>
                    {input}
                    <p class="field-error" id=err_id.clone() data-testid=format!("error-{key}")>{err}</p>
                    {move || match (err().is_none(), verdict()) {
                        (true, Some(Ok(normal))) => Some(view! { <p class="field-ok" id=verdict_id.clone() data-testid=format!("verdict-{key}")>"✓ " {normal}</p> }.into_any()),
                        (true, Some(Err(msg))) => Some(view! { <p class="field-error" id=verdict_id.clone() data-testid=format!("verdict-{key}")>{msg}</p> }.into_any()),
                        _ => None,
                    }}
                    {move || now_saved().map(|v| view! { <p class="field-theirs">"Now saved as: " {if v.is_empty() { "(empty)".to_string() } else { v }}</p> })}
                </div>
            }
            .into_any()
        })
        .collect_view();

    view! {
        <div class="field-grid">
            {fields}
            <datalist id="time-zone-list">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        time_zones.await.into_iter().map(|tz| view! { <option value=tz></option> }).collect_view()
                    })}
                </Suspense>
            </datalist>
            <div class="field" data-field="priority">
                <label for="contact-priority">"Priority"</label>
                <select id="contact-priority" name="priority"
                    on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.priority = v); }>
                    {Priority::ALL.into_iter().map(|p| view! {
                        <option value=p.as_str() selected=move || Priority::parse(&form.get().priority).unwrap_or_default() == p>{p.label()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" data-testid="error-priority">{move || error_for(&errors.get(), "priority")}</p>
            </div>
            <fieldset class="field channels" data-field="preferred_channels">
                <legend>"Preferred channels"</legend>
                {Channel::ALL.into_iter().map(|c| {
                    let id = format!("contact-channel-{}", c.as_str());
                    view! {
                        <label for=id.clone() class="checkbox">
                            <input type="checkbox" id=id.clone() name="preferred_channels" value=c.as_str()
                                prop:checked=move || form.get().preferred_channels.iter().any(|x| Channel::parse(x) == Some(c))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| {
                                        f.preferred_channels.retain(|x| Channel::parse(x) != Some(c));
                                        if on { f.preferred_channels.push(c.as_str().to_string()); }
                                    });
                                } />
                            {c.label()}
                        </label>
                    }
                }).collect_view()}
                <p class="field-error" data-testid="error-preferred_channels">{move || error_for(&errors.get(), "preferred_channels")}</p>
            </fieldset>
        </div>
    }
}
