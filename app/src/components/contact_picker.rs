//! The Contacts card's contact search (SPEC §2.4): finds people with the same engine and
//! ranking as Quickfind (the People group only) and hands the picked person to the card, which
//! adds them to the work item. The last row is always "Create a Contact", which opens the create
//! form pre-filled from the typed text (SPEC §3.2) with the work item as its return address; when
//! nobody is found it is the only row.
//!
//! It behaves like the Quickfind box (see `components::quickfind`): the WAI-ARIA combobox
//! pattern (focus stays in the input, `aria-activedescendant` names the highlighted option,
//! Arrow keys move and wrap, Enter picks, Esc closes and a second Esc clears), requests debounced
//! by [`DEBOUNCE_MS`](crate::components::quickfind::DEBOUNCE_MS) with a leading edge, and
//! every keystroke numbered so a slow answer for an earlier text is never shown. Without WebAssembly the box is a plain `GET` form to the create
//! form, so typing a name and pressing Enter still leads somewhere useful.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::components::hits::person_body;
use crate::components::quickfind::{Keystrokes, reveal, step};
use crate::domain::quickfind::Query;
use crate::error::AppError;
use crate::format::urlencode;
use crate::model::ContactId;
use crate::search_api::{PersonHit, QUICKFIND_LIMIT, QuickfindResults, SearchGroup, search_page};
use crate::work_items_api::work_item_path;

const INPUT_ID: &str = "contact-picker-q";
const LISTBOX_ID: &str = "contact-picker-listbox";

/// The create form for a contact that is to be tagged on work item `reference`: pre-filled
/// from `typed`, coming back to the work item after saving.
pub fn create_on_item_href(typed: &str, reference: &str) -> String {
    format!(
        "/contacts/new?via=work_item&text={}&return_to={}",
        urlencode(typed.trim()),
        urlencode(&work_item_path(reference))
    )
}

/// People only, from the same search (engine, ranking, tenant scope) as Quickfind.
async fn find_people(typed: String) -> Result<QuickfindResults, AppError> {
    search_page(typed, SearchGroup::People, 1).await
}

/// The answer for one typed text.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    text: String,
    query: Query,
    results: Result<QuickfindResults, AppError>,
}

/// One row the Arrow keys reach.
#[derive(Clone, Debug, PartialEq)]
enum Choice {
    Person(PersonHit),
    /// "Create a Contact" from the typed text: always the last row.
    Create,
}

/// The rows in display order: at most [`QUICKFIND_LIMIT`] people, then "Create a Contact"
/// (the only row when nobody is found or the search failed).
fn choices(results: &Result<QuickfindResults, AppError>) -> Vec<Choice> {
    let mut rows: Vec<Choice> = match results {
        Ok(r) => r
            .people
            .iter()
            .take(QUICKFIND_LIMIT as usize)
            .cloned()
            .map(Choice::Person)
            .collect(),
        Err(_) => Vec::new(),
    };
    rows.push(Choice::Create);
    rows
}

/// What the polite live region says about an answer.
fn announcement(found: Option<&Found>) -> String {
    match found.map(|f| &f.results) {
        None => String::new(),
        Some(Err(e)) => format!("Contact search failed: {e}"),
        Some(Ok(r)) => match r.people.len().min(QUICKFIND_LIMIT as usize) {
            0 => "Nobody found. Create a Contact is offered.".to_string(),
            1 => "1 person found".to_string(),
            n => format!("{n} people found"),
        },
    }
}

fn option_id(i: usize) -> String {
    format!("contact-picker-opt-{i}")
}

/// The contact search box. `already` are the contacts on the item (marked in the list);
/// `on_pick` receives the person the agent picked.
#[component]
pub fn ContactPicker(
    /// The work item being worked on (Create a Contact comes back to it).
    reference: String,
    /// Contacts already tagged on the item.
    #[prop(into)]
    already: Signal<Vec<ContactId>>,
    /// Called with the picked person.
    #[prop(into)]
    on_pick: Callback<PersonHit>,
) -> impl IntoView {
    let input_ref = NodeRef::<html::Input>::new();
    let navigate = StoredValue::new(use_navigate());
    let return_to = work_item_path(&reference);
    let reference = StoredValue::new(reference);
    let found = RwSignal::new(None::<Found>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let focused = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        found.with(|f| f.as_ref().map(|f| choices(&f.results)).unwrap_or_default())
    });
    // Request bookkeeping (not reactive), as in Quickfind.
    let keys = Keystrokes::new();
    on_cleanup(move || keys.clear_timer());

    let close = move || {
        open.set(false);
        active.set(None);
    };
    let clear = move || {
        if let Some(el) = input_ref.get_untracked() {
            el.set_value("");
        }
        keys.cancel();
        found.set(None);
        close();
    };

    let fetch = move |typed: String, number: u64| {
        leptos::task::spawn_local(async move {
            let results = find_people(typed.clone()).await;
            // A later keystroke has its own request: this answer is stale. (The box may be
            // gone too, when the agent left the page meanwhile.)
            if !keys.is_latest(number) {
                return;
            }
            let query = Query::parse(&typed);
            found.set(Some(Found {
                text: typed,
                query,
                results,
            }));
            active.set(None);
            if focused.get_untracked() {
                open.set(true);
            }
        });
    };

    let on_input = move |ev: ev::Event| {
        if !keys.typed(event_target_value(&ev), fetch) {
            found.set(None);
            close();
        }
    };

    // Picks row `i`: a person goes to the card (the box is emptied for the next search and
    // keeps focus); Create a Contact opens the create form.
    let pick = move |i: usize| {
        let Some(choice) = rows.with_untracked(|r| r.get(i).cloned()) else {
            return;
        };
        match choice {
            Choice::Person(hit) => {
                clear();
                on_pick.run(hit);
            }
            Choice::Create => {
                let typed = found.with_untracked(|f| f.as_ref().map(|f| f.text.clone()));
                let href = create_on_item_href(&typed.unwrap_or_default(), &reference.read_value());
                // The page is left: its state is not touched again (an update queued now could
                // run after the page is gone).
                navigate.with_value(|go| go(&href, NavigateOptions::default()));
            }
        }
    };

    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.is_composing() {
            return;
        }
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" => {
                let count = rows.with_untracked(Vec::len);
                if count == 0 {
                    return;
                }
                ev.prevent_default();
                open.set(true);
                let next = step(active.get_untracked(), count, key == "ArrowDown");
                active.set(next);
                if let Some(i) = next {
                    reveal(&option_id(i));
                }
            }
            "Enter" => {
                // Nothing highlighted: Enter does nothing rather than leave the work item.
                ev.prevent_default();
                if let Some(i) = active.get_untracked().filter(|_| open.get_untracked()) {
                    pick(i);
                } else if rows.with_untracked(|r| !r.is_empty()) {
                    open.set(true);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    close();
                } else if input_ref
                    .get_untracked()
                    .is_some_and(|el| !el.value().is_empty())
                {
                    ev.prevent_default();
                    clear();
                }
            }
            "Tab" => close(),
            _ => {}
        }
    };

    let option_view = move |i: usize, choice: Choice, found: &Found| {
        let selected = move || active.try_get().flatten() == Some(i);
        let aria_selected = move || if selected() { "true" } else { "false" };
        match choice {
            Choice::Person(hit) => {
                let on_item = already.with_untracked(|a| a.contains(&hit.id));
                let body = person_body(&hit, &found.query);
                view! {
                    <a role="option" id=option_id(i) tabindex="-1" class="qf-option"
                        data-testid="picker-person" data-contact-id=hit.id.0.to_string()
                        class:qf-active=selected aria-selected=aria_selected
                        on:click=move |ev: ev::MouseEvent| {
                            ev.prevent_default();
                            pick(i);
                        }>
                        {body}
                        {on_item.then(|| view! { <span class="hit-match">"Already on this work item"</span> })}
                    </a>
                }
                .into_any()
            }
            Choice::Create => {
                let href = create_on_item_href(&found.text, &reference.read_value());
                view! {
                    <a role="option" id=option_id(i) href=href tabindex="-1" class="qf-option qf-create"
                        data-testid="picker-create"
                        class:qf-active=selected aria-selected=aria_selected>
                        <span class="hit-title">"Create a Contact"</span>
                        <span class="hit-meta">"from “" {found.text.trim().to_string()} "”"</span>
                    </a>
                }
                .into_any()
            }
        }
    };

    let popup = move || {
        let Some(found) = found.get() else {
            return ().into_any();
        };
        let error = found.results.as_ref().err().map(|e| {
            view! { <p class="qf-error">"Contact search failed: " {e.to_string()}</p> }
        });
        let options = rows
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, c)| option_view(i, c, &found))
            .collect_view();
        view! { {error} <div id=LISTBOX_ID role="listbox" aria-label="Contacts found">{options}</div> }
            .into_any()
    };

    view! {
        <form class="findbox quickfind contact-picker" method="get" action="/contacts/new"
            on:submit=move |ev: ev::SubmitEvent| ev.prevent_default()>
            <input type="hidden" name="via" value="work_item" />
            <input type="hidden" name="return_to" value=return_to />
            <label for=INPUT_ID>"Search contacts to add"</label>
            <input id=INPUT_ID name="text" type="text" node_ref=input_ref
                placeholder="Name, email, phone or account"
                autocomplete="off" spellcheck="false" maxlength="200"
                role="combobox" aria-autocomplete="list" aria-controls=LISTBOX_ID
                aria-expanded=move || if open.try_get().unwrap_or(false) { "true" } else { "false" }
                aria-activedescendant=move || active.try_get().flatten().map(option_id)
                aria-describedby="contact-picker-keys"
                on:input=on_input on:keydown=on_keydown
                on:focus=move |_| {
                    focused.set(true);
                    if found.with_untracked(Option::is_some) {
                        open.set(true);
                    }
                }
                // The browser also blurs the box when the agent leaves the page with focus in
                // it (the box is removed): only what changes is written, with `try_*`, and the
                // closures that read `open` and `active` use `try_get`, so nothing touches state
                // that is already gone.
                on:blur=move |_| {
                    focused.try_set(false);
                    if open.try_get_untracked() == Some(true) {
                        open.try_set(false);
                    }
                    if active.try_get_untracked().flatten().is_some() {
                        active.try_set(None);
                    }
                } />
            <span id="contact-picker-keys" class="visually-hidden">
                "Arrow keys move through the contacts found, Enter adds the highlighted one to the work item, Escape closes the list."
            </span>
            // Clicks inside the list must not take focus from the box (it would close the list
            // before the click lands).
            <div class="qf-popup" hidden=move || !open.try_get().unwrap_or(false)
                on:mousedown=move |ev: ev::MouseEvent| if ev.button() == 0 { ev.prevent_default() }>
                {popup}
                <p class="qf-keys" aria-hidden="true">"↑ ↓ move · Enter adds · Esc closes"</p>
            </div>
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="contact-picker-status">
                {move || found.with(|f| announcement(f.as_ref()))}
            </p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64) -> PersonHit {
        PersonHit {
            id: ContactId(id),
            first_name: Some("Jane".into()),
            last_name: Some("Smith".into()),
            email: None,
            phone: None,
            account: None,
            matched_field: "name".into(),
        }
    }

    #[test]
    fn create_a_contact_is_always_the_last_row() {
        assert_eq!(
            choices(&Ok(QuickfindResults::default())),
            vec![Choice::Create]
        );
        let some = QuickfindResults {
            people: vec![person(1), person(2)],
            ..Default::default()
        };
        let rows = choices(&Ok(some));
        assert_eq!(rows.len(), 3);
        assert!(matches!(&rows[0], Choice::Person(p) if p.id == ContactId(1)));
        assert_eq!(rows[2], Choice::Create);
        assert_eq!(choices(&Err(AppError::Internal)), vec![Choice::Create]);
    }

    #[test]
    fn at_most_eight_people_are_offered() {
        let many = QuickfindResults {
            people: (0..25).map(person).collect(),
            ..Default::default()
        };
        assert_eq!(choices(&Ok(many)).len(), 9);
    }

    #[test]
    fn create_leads_to_the_form_with_the_work_item_as_return_address() {
        assert_eq!(
            create_on_item_href(" jane.doe@example.com ", "40308-T"),
            "/contacts/new?via=work_item&text=jane.doe%40example.com&return_to=%2Fwork-items%2F40308-T"
        );
        assert_eq!(
            create_on_item_href("Smith, John", "7-C"),
            "/contacts/new?via=work_item&text=Smith%2C%20John&return_to=%2Fwork-items%2F7-C"
        );
    }

    #[test]
    fn the_live_region_says_who_was_found() {
        let found = |results| Found {
            text: "x".into(),
            query: Query::parse("x"),
            results,
        };
        assert_eq!(announcement(None), "");
        assert_eq!(
            announcement(Some(&found(Ok(QuickfindResults::default())))),
            "Nobody found. Create a Contact is offered."
        );
        let two = QuickfindResults {
            people: vec![person(1), person(2)],
            ..Default::default()
        };
        assert_eq!(announcement(Some(&found(Ok(two)))), "2 people found");
    }
}
