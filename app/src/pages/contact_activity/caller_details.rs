//! Caller Details: every contact field, shown read-only and editable in place. The browser
//! runs the same `ContactInput::check` rules as the server before saving; rules that need
//! large tables (phone metadata, time zones) are asked of the server and their verdict is shown
//! beside the field. A stale save is refused with who changed the contact and when, and the
//! agent's input stays in the form.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::components::focus_soon;
use crate::contacts_api::{
    ContactView, SaveOutcome, check_contact_field, save_contact, time_zone_names,
};
use crate::domain::contact::ContactInput;
use crate::model::{Channel, Contact, FieldError, Priority};

/// The text fields of the form, in display order: (key, label, input type, autocomplete).
const TEXT_FIELDS: &[(&str, &str, &str, &str)] = &[
    ("first_name", "First name", "text", "off"),
    ("last_name", "Last name", "text", "off"),
    ("email", "Email", "email", "off"),
    ("phone", "Phone", "tel", "off"),
    ("mobile", "Mobile", "tel", "off"),
    ("fax", "Fax", "tel", "off"),
    ("address", "Address", "textarea", "off"),
    ("city", "City", "text", "off"),
    ("state", "State / province", "text", "off"),
    ("postal_code", "Postal code", "text", "off"),
    ("country", "Country", "text", "off"),
    ("time_zone", "Time zone", "timezone", "off"),
    ("account_identifier", "Account identifier", "text", "off"),
];

/// Fields whose verdict only the server can give.
const SERVER_CHECKED: &[&str] = &["phone", "mobile", "fax", "time_zone"];

fn text_of(input: &ContactInput, key: &str) -> String {
    input.get(key).unwrap_or_default().to_string()
}

fn set_text(input: &mut ContactInput, key: &str, value: String) {
    input.set(key, value);
}

fn error_for(errors: &[FieldError], key: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == key)
        .map(|e| e.message.clone())
}

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
    let form = RwSignal::new(ContactInput::default());
    let base_version = RwSignal::new(0i64);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let verdicts = RwSignal::new(HashMap::<String, Result<String, String>>::new());
    let conflict = RwSignal::new(None::<ConflictNotice>);
    let status = RwSignal::new(None::<String>);

    let start_editing = move || {
        let view = saved.get_untracked();
        form.set(ContactInput::from_contact(&view.contact));
        base_version.set(view.contact.version);
        errors.set(Vec::new());
        verdicts.set(HashMap::new());
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

    let check_on_server = move |key: &'static str| {
        let value = text_of(&form.get_untracked(), key);
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

    let time_zones = LocalResource::new(move || {
        let open = editing.get();
        async move {
            if open {
                time_zone_names().await.unwrap_or_default()
            } else {
                Vec::new()
            }
        }
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
                    <div class="field-grid">
                        {TEXT_FIELDS.iter().map(|&(key, label, kind, autocomplete)| {
                            let id = format!("contact-{key}");
                            let err_id = format!("{id}-error");
                            let err = move || error_for(&errors.get(), key);
                            let verdict_id = format!("{id}-verdict");
                            let described_by = format!("{err_id} {verdict_id}");
                            let invalid = move || {
                                (err().is_some() || matches!(verdicts.get().get(key), Some(Err(_)))).to_string()
                            };
                            let verdict = move || verdicts.get().get(key).cloned();
                            let on_input = move |ev| {
                                let value = event_target_value(&ev);
                                form.update(|f| set_text(f, key, value));
                                // A verdict on what was typed before no longer applies.
                                if verdicts.with_untracked(|v| v.contains_key(key)) {
                                    verdicts.update(|v| { v.remove(key); });
                                }
                            };
                            let on_blur = move |_| {
                                if SERVER_CHECKED.contains(&key) {
                                    check_on_server(key);
                                }
                            };
                            let now_saved = move || {
                                conflict.get().and_then(|c| {
                                    let theirs = text_of(&ContactInput::from_contact(&c.current), key);
                                    (theirs != text_of(&form.get(), key)).then_some(theirs)
                                })
                            };
                            let input = match kind {
                                "textarea" => view! {
                                    <textarea id=id.clone() name=key rows="2"
                                        aria-invalid=invalid
                                        aria-describedby=described_by.clone()
                                        prop:value=move || text_of(&form.get(), key)
                                        on:input=on_input on:blur=on_blur></textarea>
                                }.into_any(),
                                "timezone" => view! {
                                    <input id=id.clone() name=key type="text" list="time-zone-list" autocomplete=autocomplete
                                        placeholder="e.g. Europe/London"
                                        aria-invalid=invalid
                                        aria-describedby=described_by.clone()
                                        prop:value=move || text_of(&form.get(), key)
                                        on:input=on_input on:blur=on_blur />
                                    <datalist id="time-zone-list">
                                        <Suspense fallback=|| ()>
                                            {move || Suspend::new(async move {
                                                time_zones.await.into_iter().map(|tz| view! { <option value=tz></option> }).collect_view()
                                            })}
                                        </Suspense>
                                    </datalist>
                                }.into_any(),
                                _ => view! {
                                    <input id=id.clone() name=key type=kind autocomplete=autocomplete
                                        aria-invalid=invalid
                                        aria-describedby=described_by.clone()
                                        prop:value=move || text_of(&form.get(), key)
                                        on:input=on_input on:blur=on_blur />
                                }.into_any(),
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
                            }.into_any()
                        }).collect_view()}
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
                                let label_for = id.clone();
                                view! {
                                    <label for=label_for class="checkbox">
                                        <input type="checkbox" id=id name="preferred_channels" value=c.as_str()
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
