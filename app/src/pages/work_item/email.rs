//! Writing an email on the work item (SPEC §3.7: outgoing email is composed on the work item
//! and sent over SMTP to the configured relay). "Write email" opens a form filled from the
//! server's draft (`compose_email`): To is the Primary Contact's address, Cc the CC-tagged
//! contacts', the subject the item's title and reference, and the From line the address replies
//! come back to. Without a relay the form says honestly that the email will be kept and marked
//! not sent.
//!
//! Sending stores the email first and then hands it to the relay, so whatever the relay says
//! the email is in the timeline afterwards — "Sent", or "Not sent — why" with a Retry button —
//! and the form closes and clears. A refused form (a bad address, no subject …) stays open
//! with each message beside its field. Like the page's other forms it is a plain form post to
//! its server function before the WebAssembly loads; the draft's addresses stay as typed when
//! the draft is loaded again (the page's data changed), only untouched fields follow it.

use leptos::html;
use leptos::prelude::*;

use super::Live;
use crate::components::form_post::{Posted, post_url};
use crate::components::{ErrorMessage, focus_soon};
use crate::error::AppError;
use crate::intake::MAX_SUBJECT_CHARS;
use crate::mail_api::{EmailDraft, MAX_BODY_CHARS, SendEmail, SendOutcome, compose_email};

/// The form's fields as the agent is writing them.
#[derive(Clone, Copy)]
struct Fields {
    to: RwSignal<String>,
    cc: RwSignal<String>,
    subject: RwSignal<String>,
    body: RwSignal<String>,
    /// The agent changed To, Cc or Subject: a draft loaded again leaves them alone.
    touched: RwSignal<bool>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            to: RwSignal::new(String::new()),
            cc: RwSignal::new(String::new()),
            subject: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            touched: RwSignal::new(false),
        }
    }

    /// Takes the draft's addresses and subject, unless the agent has changed them.
    fn fill(&self, draft: &EmailDraft) {
        if self.touched.get_untracked() {
            return;
        }
        self.to.set(draft.to.clone());
        self.cc.set(draft.cc.clone());
        self.subject.set(draft.subject.clone());
    }

    /// After a send: the next email starts from the draft again.
    fn clear(&self) {
        self.body.set(String::new());
        self.touched.set(false);
    }
}

/// The form fields the composer shows errors beside.
const FIELDS: [&str; 4] = ["to", "cc", "subject", "body"];

/// The message a refused send holds for `field`.
fn field_error(answer: &Option<Result<SendOutcome, AppError>>, field: &str) -> Option<String> {
    match answer {
        Some(Err(e)) => e
            .field_errors()
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message.clone()),
        _ => None,
    }
}

/// What to say after a send, in words: `Ok` for the status line, `Err` for an alert.
fn outcome_text(answer: &Result<SendOutcome, AppError>) -> Result<String, String> {
    match answer {
        Ok(o) if o.sent => Ok("Sent.".into()),
        Ok(o) => Err(format!(
            "Not sent: {} The email is kept in Communications below; retry it there.",
            o.error
                .as_deref()
                .unwrap_or("the mail relay did not take it.")
        )),
        Err(e) => {
            let mut text = e.to_string();
            for f in e.field_errors() {
                if !FIELDS.contains(&f.field.as_str()) {
                    text.push(' ');
                    text.push_str(&f.message);
                }
            }
            Err(text)
        }
    }
}

/// The Email section. `sent` is bumped after every send, so the timeline loads again.
#[component]
pub fn EmailComposer(live: Live, sent: RwSignal<u32>) -> impl IntoView {
    let reference = StoredValue::new(live.reference());
    let version = live.version();
    // Bumped after a send: the next email starts from a fresh draft.
    let drafted = RwSignal::new(0u32);
    let draft = Resource::new(
        move || (version.get(), drafted.get()),
        move |_| compose_email(reference.get_value()),
    );
    let send = ServerAction::<SendEmail>::new();
    let fields = Fields::new();
    let panel = NodeRef::<html::Details>::new();
    // A plain post (before the WebAssembly loaded) that was refused comes back in the URL:
    // the form is shown open with the refusal.
    let reopen = send.value().with_untracked(|v| matches!(v, Some(Err(_))));

    Effect::new(move |_| match send.value().get() {
        // Stored either way: the timeline shows it, sent or with its Retry button.
        Some(Ok(_)) => {
            fields.clear();
            if let Some(p) = panel.get_untracked() {
                p.set_open(false);
            }
            focus_soon("#email-summary");
            drafted.update(|n| *n += 1);
            sent.update(|n| *n += 1);
        }
        Some(Err(AppError::Validation(_))) => {
            focus_soon("#email-form [aria-invalid=\"true\"]");
        }
        _ => {}
    });

    let error_for = move |field: &'static str| move || send.value().with(|v| field_error(v, field));
    let field_class = move |field: &'static str| {
        move || {
            if error_for(field)().is_some() {
                "field has-error"
            } else {
                "field"
            }
        }
    };
    let outcome = move || {
        if send.pending().get() {
            return None;
        }
        send.value().with(|v| v.as_ref().map(outcome_text))
    };
    let status = move || match outcome() {
        Some(Ok(text)) => Some(text),
        _ if send.pending().get() => Some("Sending…".into()),
        _ => None,
    };
    let alert = move || outcome().and_then(Result::err);

    view! {
        <section class="panel email-composer" aria-labelledby="email-heading" data-testid="email-composer">
            <details node_ref=panel open=reopen>
                <summary id="email-summary"><h2 id="email-heading">"Write email"</h2></summary>
                <Transition fallback=|| view! { <p class="loading">"Loading the draft…"</p> }>
                    {move || Suspend::new(async move {
                        match draft.await {
                            Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                            Ok(d) => {
                                fields.fill(&d);
                                let relay = d.relay;
                                view! {
                                    <form id="email-form" class="email-form" method="post" action={post_url::<SendEmail>()} novalidate
                                        on:submit=move |ev| if let Some(f) = Posted::take(&ev) {
                                            send.dispatch(SendEmail {
                                                reference: reference.get_value(),
                                                to: f.text("to"),
                                                cc: f.text("cc"),
                                                subject: f.text("subject"),
                                                body: f.text("body"),
                                            });
                                        }>
                                        <input type="hidden" name="reference" value=reference.get_value() />
                                        <p class="email-from" data-testid="email-from">"From: " {d.from}</p>
                                        {(!relay).then(|| view! {
                                            <p class="warn-note" data-testid="no-relay">
                                                "No mail relay is configured: the email will be kept here and marked not sent."
                                            </p>
                                        })}
                                        <div class=field_class("to")>
                                            <label for="email-to">"To"</label>
                                            <input id="email-to" name="to" type="text" autocomplete="off" spellcheck="false"
                                                aria-invalid=move || error_for("to")().is_some().to_string()
                                                aria-describedby="email-to-hint email-to-error"
                                                value=fields.to.get_untracked() prop:value=move || fields.to.get()
                                                on:input=move |ev| { fields.touched.set(true); fields.to.set(event_target_value(&ev)); } />
                                            <p class="hint" id="email-to-hint">"Addresses separated by commas."</p>
                                            <p class="field-error" id="email-to-error" data-testid="email-to-error">{error_for("to")}</p>
                                        </div>
                                        <div class=field_class("cc")>
                                            <label for="email-cc">"Cc"</label>
                                            <input id="email-cc" name="cc" type="text" autocomplete="off" spellcheck="false"
                                                aria-invalid=move || error_for("cc")().is_some().to_string()
                                                aria-describedby="email-cc-error"
                                                value=fields.cc.get_untracked() prop:value=move || fields.cc.get()
                                                on:input=move |ev| { fields.touched.set(true); fields.cc.set(event_target_value(&ev)); } />
                                            <p class="field-error" id="email-cc-error" data-testid="email-cc-error">{error_for("cc")}</p>
                                        </div>
                                        <div class=field_class("subject")>
                                            <label for="email-subject">"Subject"</label>
                                            <input id="email-subject" name="subject" type="text" autocomplete="off"
                                                maxlength=MAX_SUBJECT_CHARS.to_string()
                                                aria-invalid=move || error_for("subject")().is_some().to_string()
                                                aria-describedby="email-subject-error"
                                                value=fields.subject.get_untracked() prop:value=move || fields.subject.get()
                                                on:input=move |ev| { fields.touched.set(true); fields.subject.set(event_target_value(&ev)); } />
                                            <p class="field-error" id="email-subject-error" data-testid="email-subject-error">{error_for("subject")}</p>
                                        </div>
                                        <div class=field_class("body")>
                                            <label for="email-body">"Message"</label>
                                            <textarea id="email-body" name="body" rows="8"
                                                maxlength=MAX_BODY_CHARS.to_string()
                                                aria-invalid=move || error_for("body")().is_some().to_string()
                                                aria-describedby="email-body-error"
                                                prop:value=move || fields.body.get()
                                                on:input=move |ev| fields.body.set(event_target_value(&ev))>
                                                {fields.body.get_untracked()}
                                            </textarea>
                                            <p class="field-error" id="email-body-error" data-testid="email-body-error">{error_for("body")}</p>
                                        </div>
                                        <div class="form-actions">
                                            <button type="submit" class="primary" disabled=move || send.pending().get()>
                                                {move || if send.pending().get() { "Sending…" } else { "Send" }}
                                            </button>
                                        </div>
                                    </form>
                                }.into_any()
                            }
                        }
                    })}
                </Transition>
            </details>
            <p class="status" role="status" data-testid="email-status">{status}</p>
            {move || alert().map(|m| view! { <p class="form-error" role="alert" data-testid="email-error">{m}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldError;

    #[test]
    fn a_send_is_told_as_sent_not_sent_or_refused() {
        let outcome = |sent: bool, error: Option<&str>| SendOutcome {
            id: 1,
            sent,
            error: error.map(Into::into),
        };
        assert_eq!(outcome_text(&Ok(outcome(true, None))), Ok("Sent.".into()));
        let not_sent = outcome_text(&Ok(outcome(false, Some("451 busy"))));
        assert!(not_sent.is_err_and(|m| m.starts_with("Not sent: 451 busy")));

        let refused = Err(AppError::Validation(vec![
            FieldError::new("to", "Enter at least one email address"),
            FieldError::new("reference", "Unknown work item"),
        ]));
        assert_eq!(
            field_error(&Some(refused.clone()), "to").as_deref(),
            Some("Enter at least one email address")
        );
        assert_eq!(field_error(&Some(refused.clone()), "cc"), None);
        // A message no field shows goes into the alert.
        let alert = outcome_text(&refused).err().unwrap_or_default();
        assert!(alert.ends_with(" Unknown work item"));
        assert!(!alert.contains("Enter at least one"));
    }
}
