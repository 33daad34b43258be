//! Examples of how the contact writes, added by an agent (SPEC §3.6): a verbatim quote is
//! counted like a message from the contact; a paraphrase is kept, marked, and not counted.
//!
//! The add form and each example's Delete form are plain posts to their server functions, so
//! they work before the WebAssembly loads (the server sends the browser back to the page, with
//! a refusal in the URL, which the actions below pick up). Once hydrated, the add form's
//! handler and the panel's handler for the Delete forms (written into the list's HTML) read
//! the fields ([`Posted`]) and call the functions themselves; the panel then loads again.

use leptos::prelude::*;

use crate::components::focus_soon;
use crate::components::form_post::{Posted, post_url};
use crate::error::AppError;
use crate::insights_api::{AddInsightExample, DeleteInsightExample, example_text};

/// The examples' actions and what they last said, shared by the panel's drawings (the panel is
/// drawn again after every change).
#[derive(Clone, Copy)]
pub struct Examples {
    contact_id: i64,
    add: ServerAction<AddInsightExample>,
    delete: ServerAction<DeleteInsightExample>,
    /// The form's fields: emptied (and ticked) again once an example is added. The panel is
    /// drawn again in place, so its inputs would otherwise keep what was typed.
    text: RwSignal<String>,
    verbatim: RwSignal<bool>,
    /// A refusal found before sending (empty or over-long text).
    local_error: RwSignal<Option<String>>,
    status: RwSignal<Option<&'static str>>,
    /// Where focus goes once the panel has been drawn again.
    refocus: StoredValue<Option<&'static str>>,
}

impl Examples {
    /// `changed` is called after an example was added or deleted (the panel loads again).
    pub fn new(contact_id: i64, changed: impl Fn() + Copy + Send + Sync + 'static) -> Examples {
        let add = ServerAction::<AddInsightExample>::new();
        let delete = ServerAction::<DeleteInsightExample>::new();
        let status = RwSignal::new(None);
        let refocus = StoredValue::new(None);
        let text = RwSignal::new(String::new());
        let verbatim = RwSignal::new(true);
        Effect::new(move |_| {
            if let Some(Ok(())) = add.value().get() {
                text.set(String::new());
                verbatim.set(true);
                status.set(Some("Example added."));
                refocus.set_value(Some("#insight-example-text"));
                changed();
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(())) = delete.value().get() {
                status.set(Some("Example deleted."));
                refocus.set_value(Some("#insights-examples-heading"));
                changed();
            }
        });
        Examples {
            contact_id,
            add,
            delete,
            text,
            verbatim,
            local_error: RwSignal::new(None),
            status,
            refocus,
        }
    }

    /// Called each time the panel is drawn: puts focus where the last change asked for it.
    pub fn drawn(self) {
        if let Some(selector) = self.refocus.try_update_value(Option::take).flatten() {
            focus_soon(selector);
        }
    }

    /// The add form's submit handler.
    fn submit_add(self, ev: leptos::ev::SubmitEvent) {
        let Some(form) = Posted::take(&ev) else {
            return;
        };
        self.status.set(None);
        // The server's own rule, checked before sending; its answer is shown all the same.
        let text = match example_text(&form.text("text")) {
            Ok(text) => text,
            Err(message) => {
                self.local_error.set(Some(message));
                focus_soon("#insight-example-text");
                return;
            }
        };
        self.local_error.set(None);
        if !self.add.pending().get_untracked() {
            self.add.dispatch(AddInsightExample {
                contact: self.contact_id,
                text,
                verbatim: form.flag("verbatim"),
            });
        }
    }

    /// The panel's submit handler: takes the Delete forms' events, leaves the others alone.
    pub fn submit_delete(self, ev: leptos::ev::SubmitEvent) {
        let Some(form) = Posted::take_with_class(&ev, "insight-delete-form") else {
            return;
        };
        self.status.set(None);
        if let Ok(example) = form.text("example").parse::<i64>()
            && !self.delete.pending().get_untracked()
        {
            self.delete.dispatch(DeleteInsightExample {
                contact: self.contact_id,
                example,
            });
        }
    }

    /// The address the Delete forms post to before the WebAssembly loads.
    pub fn delete_url() -> &'static str {
        post_url::<DeleteInsightExample>()
    }

    /// The examples' part of the panel: heading, the add form, messages, then `list_html`.
    pub fn section(self, list_html: String) -> impl IntoView {
        let Examples {
            contact_id,
            add,
            delete,
            text,
            verbatim,
            local_error,
            status,
            ..
        } = self;
        let text_error = move || {
            local_error.get().or_else(|| {
                add.value()
                    .get()
                    .filter(|_| !add.pending().get())
                    .and_then(|r| r.err())
                    .map(|e| text_message(&e))
            })
        };
        let delete_error = move || {
            delete
                .value()
                .get()
                .filter(|_| !delete.pending().get())
                .and_then(|r| r.err())
                .map(|e| e.to_string())
        };
        view! {
            <section class="insights-examples" aria-labelledby="insights-examples-heading">
                <h3 id="insights-examples-heading" class="insights-subhead" tabindex="-1">"Examples"</h3>
                <form class="insight-example-form" data-testid="insights-add-example" method="post"
                    action={post_url::<AddInsightExample>()} novalidate on:submit=move |ev| self.submit_add(ev)>
                    <input type="hidden" name="contact" value=contact_id.to_string() />
                    <div class=move || if text_error().is_some() { "field has-error" } else { "field" }>
                        <label for="insight-example-text">"Example of how the contact writes"</label>
                        <textarea id="insight-example-text" name="text" rows="3"
                            aria-invalid=move || text_error().is_some().to_string()
                            aria-describedby="insight-example-error insight-example-hint"
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        <p class="field-error" id="insight-example-error" data-testid="insights-example-error">{text_error}</p>
                    </div>
                    <label class="checkbox">
                        <input type="checkbox" name="verbatim" value="true" checked=true
                            prop:checked=move || verbatim.get()
                            on:change=move |ev| verbatim.set(event_target_checked(&ev)) />
                        "Verbatim quote"
                    </label>
                    <p class="hint" id="insight-example-hint">"Only the contact's own words are counted. A paraphrase is kept here but not counted."</p>
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || add.pending().get()>
                            {move || if add.pending().get() { "Adding…" } else { "Add example" }}
                        </button>
                        <span class="status" role="status" data-testid="insights-status">{move || status.get()}</span>
                    </div>
                </form>
                {move || delete_error().map(|m| view! { <p class="form-error" role="alert" data-testid="insights-error">{m}</p> })}
                <div class="html-part" inner_html=list_html></div>
            </section>
        }
    }
}

/// The message to show beside the example's field for a refused add.
fn text_message(e: &AppError) -> String {
    e.field_errors()
        .iter()
        .find(|f| f.field == "text" || f.field == "example")
        .map(|f| f.message.clone())
        .unwrap_or_else(|| e.to_string())
}
