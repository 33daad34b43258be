//! The Quickfind box in the header (SPEC §2.2): one box that finds people, work items and
//! communications as the agent types.
//!
//! - Without WebAssembly it is a plain `GET /search` form, so it works before (and without)
//!   hydration; the full results page renders on the server.
//! - `/` (when not typing in a field) and Ctrl+K / Cmd+K focus it from any page.
//! - It follows the WAI-ARIA combobox pattern with a grouped listbox: focus stays in the input,
//!   `aria-activedescendant` names the highlighted option, Arrow keys move through every option
//!   across the groups (wrapping), Enter opens it (or submits the form when none is
//!   highlighted), Esc closes the list and a second Esc clears the box. Options are real links,
//!   so a click, a middle-click and "open in new tab" all work.
//! - Requests are debounced by [`DEBOUNCE_MS`]: a keystroke after a pause of at least that long
//!   asks at once (the leading edge, so a single keystroke is not delayed), keystrokes in quick
//!   succession wait until the agent pauses. Every keystroke takes a new sequence number and an
//!   answer is shown only if no keystroke came after its request, so a slow answer for "smi"
//!   can never replace the answer for "smith".

use std::time::Duration;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::components::hits::{
    communication_body, communication_href, create_contact_href, now, person_body, person_href,
    search_href, show_all_label, work_item_body, work_item_href,
};
use crate::domain::quickfind::Query;
use crate::error::AppError;
use crate::search_api::{
    CommunicationHit, PersonHit, QUICKFIND_LIMIT, QuickfindResults, SearchGroup, WorkItemHit,
    quickfind,
};

/// Quiet time after a keystroke before a request is sent (unless the box was idle).
pub const DEBOUNCE_MS: u64 = 100;
const INPUT_ID: &str = "quickfind-q";
const LISTBOX_ID: &str = "quickfind-listbox";

/// The answer for one typed text.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    text: String,
    query: Query,
    results: Result<QuickfindResults, AppError>,
}

/// One row of the drop-down that the Arrow keys reach.
#[derive(Clone, Debug, PartialEq)]
enum Choice {
    Person(PersonHit),
    WorkItem(WorkItemHit),
    Communication(CommunicationHit),
    ShowAll(SearchGroup),
    /// "Create a contact" from the typed text: always the last row of People.
    Create,
}

/// The rows in display order, each with its group: People (hits, "Show all", "Create a
/// contact"), Work items and Communications (hits, "Show all"). A group's "Show all" row is
/// there when it has hits or the server says there are more. A failed search has no rows.
fn choices(results: &Result<QuickfindResults, AppError>) -> Vec<(SearchGroup, Choice)> {
    let Ok(r) = results else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let limit = QUICKFIND_LIMIT as usize;
    let show_all = |rows: &mut Vec<(SearchGroup, Choice)>, group: SearchGroup, any: bool, i| {
        if any || r.more[i] {
            rows.push((group, Choice::ShowAll(group)));
        }
    };
    let people = SearchGroup::People;
    rows.extend(
        r.people
            .iter()
            .take(limit)
            .map(|h| (people, Choice::Person(h.clone()))),
    );
    show_all(&mut rows, people, !r.people.is_empty(), 0);
    rows.push((people, Choice::Create));
    let work = SearchGroup::WorkItems;
    rows.extend(
        r.work_items
            .iter()
            .take(limit)
            .map(|h| (work, Choice::WorkItem(h.clone()))),
    );
    show_all(&mut rows, work, !r.work_items.is_empty(), 1);
    let comms = SearchGroup::Communications;
    rows.extend(
        r.communications
            .iter()
            .take(limit)
            .map(|h| (comms, Choice::Communication(h.clone()))),
    );
    show_all(&mut rows, comms, !r.communications.is_empty(), 2);
    rows
}

/// Where a row leads.
fn choice_href(choice: &Choice, typed: &str) -> String {
    match choice {
        Choice::Person(hit) => person_href(hit),
        Choice::WorkItem(hit) => work_item_href(&hit.reference),
        Choice::Communication(hit) => communication_href(hit, typed),
        Choice::ShowAll(group) => search_href(typed, Some(*group), 1),
        Choice::Create => create_contact_href(typed),
    }
}

/// The next highlighted row after an Arrow key: down from nothing is the first row, up from
/// nothing the last; both wrap.
pub(crate) fn step(current: Option<usize>, rows: usize, down: bool) -> Option<usize> {
    if rows == 0 {
        return None;
    }
    Some(match (current, down) {
        (None, true) => 0,
        (None, false) => rows - 1,
        (Some(i), true) => (i + 1) % rows,
        (Some(i), false) => (i + rows - 1) % rows,
    })
}

/// What the polite live region says about an answer.
fn announcement(found: Option<&Found>) -> String {
    match found.map(|f| &f.results) {
        None => String::new(),
        Some(Err(e)) => format!("Quickfind failed: {e}"),
        Some(Ok(r)) => match r.people.len() + r.work_items.len() + r.communications.len() {
            0 => "No results".to_string(),
            1 => "1 result".to_string(),
            n => format!("{n} results"),
        },
    }
}

fn option_id(i: usize) -> String {
    format!("quickfind-opt-{i}")
}

/// True when a key press is typing into a field (so `/` is a character, not a shortcut).
fn typing_in_a_field(target: Option<leptos::web_sys::EventTarget>) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Some(el) = target.and_then(|t| t.dyn_into::<leptos::web_sys::HtmlElement>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// Milliseconds on the browser's clock (only read in the browser).
pub(crate) fn clock_ms() -> f64 {
    now().timestamp_millis() as f64
}

/// Scrolls the highlighted option (by element id) into view inside its drop-down.
pub(crate) fn reveal(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = document().get_element_by_id(id) {
        let options = leptos::web_sys::ScrollIntoViewOptions::new();
        options.set_block(leptos::web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The request bookkeeping of a search-as-you-type box (not reactive): the latest keystroke's
/// number, the pending debounce timer and when the previous keystroke happened. Shared by
/// Quickfind and the work item's contact search.
#[derive(Clone, Copy)]
pub(crate) struct Keystrokes {
    latest: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>>,
    last_keystroke: StoredValue<f64>,
}

impl Keystrokes {
    pub(crate) fn new() -> Keystrokes {
        Keystrokes {
            latest: StoredValue::new(0u64),
            timer: StoredValue::new(None::<TimeoutHandle>),
            last_keystroke: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    /// Makes every answer still in flight stale and drops a pending request.
    pub(crate) fn cancel(self) {
        self.latest.update_value(|n| *n += 1);
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        self.timer.set_value(None);
    }

    /// Drops a pending request when the box goes away (the values may be gone already).
    pub(crate) fn clear_timer(self) {
        if let Some(Some(handle)) = self.timer.try_get_value() {
            handle.clear();
        }
    }

    /// Whether `number` is still the latest keystroke (false once the box is gone).
    pub(crate) fn is_latest(self, number: u64) -> bool {
        self.latest.try_get_value() == Some(number)
    }

    /// A keystroke that left `typed` in the box: answers false for a blank box (nothing to
    /// ask); otherwise asks `fetch(typed, number)` at once after a pause of at least
    /// [`DEBOUNCE_MS`], or when the agent pauses.
    pub(crate) fn typed(self, typed: String, fetch: impl Fn(String, u64) + Copy + 'static) -> bool {
        self.cancel();
        if typed.trim().is_empty() {
            return false;
        }
        let number = self.latest.get_value();
        let at = clock_ms();
        let idle = at - self.last_keystroke.get_value() >= DEBOUNCE_MS as f64;
        self.last_keystroke.set_value(at);
        if idle {
            fetch(typed, number);
        } else {
            let timer = self.timer;
            let handle = set_timeout_with_handle(
                move || {
                    timer.set_value(None);
                    fetch(typed, number);
                },
                Duration::from_millis(DEBOUNCE_MS),
            );
            timer.set_value(handle.ok());
        }
        true
    }
}

#[component]
pub fn Quickfind() -> impl IntoView {
    let input_ref = NodeRef::<html::Input>::new();
    let navigate = use_navigate();
    // What is in the box, the latest answer shown, and the drop-down's state.
    let found = RwSignal::new(None::<Found>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let focused = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        found.with(|f| f.as_ref().map(|f| choices(&f.results)).unwrap_or_default())
    });
    let keys = Keystrokes::new();

    let close = move || {
        open.set(false);
        active.set(None);
    };
    let forget = move || {
        keys.cancel();
        found.set(None);
        close();
    };
    let clear = move || {
        if let Some(el) = input_ref.get_untracked() {
            el.set_value("");
        }
        forget();
    };

    let fetch = move |typed: String, number: u64| {
        leptos::task::spawn_local(async move {
            let results = quickfind(typed.clone(), QUICKFIND_LIMIT).await;
            // A later keystroke has its own request: this answer is stale.
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

    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            clear();
            if let Some(el) = input_ref.get_untracked() {
                let _ = el.blur();
            }
            navigate(&href, NavigateOptions::default());
        }
    };

    let on_keydown = {
        move |ev: ev::KeyboardEvent| {
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
                    let Some(i) = active.get_untracked().filter(|_| open.get_untracked()) else {
                        return; // the form submits: the full results page
                    };
                    let href = found.with_untracked(|f| {
                        let f = f.as_ref()?;
                        rows.with_untracked(|r| r.get(i).map(|(_, c)| choice_href(c, &f.text)))
                    });
                    if let Some(href) = href {
                        ev.prevent_default();
                        go(href);
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
        }
    };

    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let typed = input_ref
            .get_untracked()
            .map(|el| el.value())
            .unwrap_or_default();
        forget();
        navigate(
            &search_href(typed.trim(), None, 1),
            NavigateOptions::default(),
        );
    };

    // `/` and Ctrl/Cmd+K focus the box from anywhere. Effects run only in the browser.
    Effect::new(move |_| {
        let handle = window_event_listener(ev::keydown, move |ev| {
            if ev.default_prevented() || ev.is_composing() || ev.alt_key() {
                return;
            }
            let key = ev.key();
            let command = ev.ctrl_key() || ev.meta_key();
            // `code` too, so Ctrl+K works on keyboard layouts where that key is not "k".
            let k = key.eq_ignore_ascii_case("k") || ev.code() == "KeyK";
            let wanted =
                (command && k) || (!command && key == "/" && !typing_in_a_field(ev.target()));
            if !wanted {
                return;
            }
            if let Some(el) = input_ref.get_untracked() {
                ev.prevent_default();
                let _ = el.focus();
                el.select();
            }
        });
        on_cleanup(move || handle.remove());
    });

    let option_view = move |i: usize, choice: Choice, found: &Found| {
        let href = choice_href(&choice, &found.text);
        let selected = move || active.get() == Some(i);
        let body = match &choice {
            Choice::Person(hit) => person_body(hit, &found.query).into_any(),
            Choice::WorkItem(hit) => work_item_body(hit, &found.query, now()).into_any(),
            Choice::Communication(hit) => communication_body(hit, &found.query).into_any(),
            Choice::ShowAll(group) => view! {
                <span class="hit-title">{show_all_label(*group)} " →"</span>
            }
            .into_any(),
            Choice::Create => view! {
                <span class="hit-title">"Create a contact"</span>
                <span class="hit-meta">"from “" {found.text.trim().to_string()} "”"</span>
            }
            .into_any(),
        };
        let kind = match choice {
            Choice::ShowAll(_) => "qf-option qf-more",
            Choice::Create => "qf-option qf-create",
            _ => "qf-option",
        };
        view! {
            <a role="option" id=option_id(i) href=href tabindex="-1" class=kind
                class:qf-active=selected
                aria-selected=move || if selected() { "true" } else { "false" }
                on:click=move |_| clear()>
                {body}
            </a>
        }
    };

    let popup = move || {
        let Some(found) = found.get() else {
            return ().into_any();
        };
        let all = rows.get();
        let error = found.results.as_ref().err().map(|e| {
            view! { <p class="qf-error">"Quickfind failed: " {e.to_string()}</p> }
        });
        let groups = SearchGroup::ALL
            .into_iter()
            .filter_map(|group| {
                let members: Vec<(usize, Choice)> = all
                    .iter()
                    .enumerate()
                    .filter(|(_, (g, _))| *g == group)
                    .map(|(i, (_, c))| (i, c.clone()))
                    .collect();
                if members.is_empty() {
                    return None;
                }
                let heading = format!("quickfind-group-{}", group.as_str());
                Some(view! {
                    <div role="group" class="qf-group" aria-labelledby=heading.clone()>
                        <div role="presentation" class="qf-group-heading" id=heading.clone()>{group.label()}</div>
                        {members.into_iter().map(|(i, c)| option_view(i, c, &found)).collect_view()}
                    </div>
                })
            })
            .collect_view();
        view! { {error} {groups} }.into_any()
    };

    view! {
        <form class="findbox quickfind" method="get" action="/search" role="search" aria-label="Quickfind" on:submit=on_submit>
            <label for=INPUT_ID class="visually-hidden">"Quickfind"</label>
            <input id=INPUT_ID name="q" type="text" node_ref=input_ref
                placeholder="Find people, work items, messages…  ( / )"
                autocomplete="off" spellcheck="false" maxlength="200" enterkeyhint="search"
                role="combobox" aria-autocomplete="list" aria-controls=LISTBOX_ID
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || active.get().map(option_id)
                aria-describedby="quickfind-keys"
                on:input=on_input on:keydown=on_keydown
                on:focus=move |_| {
                    focused.set(true);
                    if found.with_untracked(Option::is_some) {
                        open.set(true);
                    }
                }
                on:blur=move |_| {
                    focused.set(false);
                    close();
                } />
            <button type="submit">"Search"</button>
            <span id="quickfind-keys" class="visually-hidden">
                "Press slash or Control K to come here. Arrow keys move through the results, Enter opens one, Escape closes them."
            </span>
            // Clicks inside the list must not take focus from the box (it would close the list
            // before the click lands); middle-clicks still open links in a new tab.
            <div class="qf-popup" hidden=move || !open.get()
                on:mousedown=move |ev: ev::MouseEvent| if ev.button() == 0 { ev.prevent_default() }>
                <div id=LISTBOX_ID role="listbox" aria-label="Quickfind results">
                    {popup}
                </div>
                <p class="qf-keys" aria-hidden="true">"↑ ↓ move · Enter opens · Esc closes"</p>
            </div>
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="quickfind-status">
                {move || found.with(|f| announcement(f.as_ref()))}
            </p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContactId;

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

    fn work_item(reference: &str) -> WorkItemHit {
        WorkItemHit {
            id: 1,
            reference: reference.into(),
            title: "Refund".into(),
            type_name: "Refund claim".into(),
            state: "to_do".into(),
            due_at: None,
            assignee: None,
        }
    }

    #[test]
    fn people_always_end_with_create_a_contact() {
        let none = QuickfindResults::default();
        assert_eq!(
            choices(&Ok(none)),
            vec![(SearchGroup::People, Choice::Create)]
        );
        let some = QuickfindResults {
            people: vec![person(1), person(2)],
            work_items: vec![work_item("7-T")],
            more: [false, true, true],
            ..Default::default()
        };
        let rows = choices(&Ok(some));
        let kinds: Vec<&Choice> = rows.iter().map(|(_, c)| c).collect();
        assert!(matches!(kinds[0], Choice::Person(p) if p.id == ContactId(1)));
        assert!(matches!(kinds[1], Choice::Person(p) if p.id == ContactId(2)));
        assert_eq!(kinds[2], &Choice::ShowAll(SearchGroup::People));
        assert_eq!(kinds[3], &Choice::Create);
        assert!(matches!(kinds[4], Choice::WorkItem(_)));
        assert_eq!(kinds[5], &Choice::ShowAll(SearchGroup::WorkItems));
        // No communication hits, but the server says there are more: "Show all" leads there.
        assert_eq!(kinds[6], &Choice::ShowAll(SearchGroup::Communications));
        assert_eq!(rows.len(), 7);
    }

    #[test]
    fn a_failed_search_offers_no_rows() {
        assert!(choices(&Err(AppError::Internal)).is_empty());
    }

    #[test]
    fn groups_show_at_most_eight_hits() {
        let many = QuickfindResults {
            people: (0..12).map(person).collect(),
            ..Default::default()
        };
        let people = choices(&Ok(many))
            .into_iter()
            .filter(|(_, c)| matches!(c, Choice::Person(_)))
            .count();
        assert_eq!(people, 8);
    }

    #[test]
    fn arrows_wrap_around_all_rows() {
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(None, 3, false), Some(2));
        assert_eq!(step(Some(2), 3, true), Some(0));
        assert_eq!(step(Some(0), 3, false), Some(2));
        assert_eq!(step(Some(1), 3, false), Some(0));
        assert_eq!(step(None, 0, true), None);
    }

    #[test]
    fn rows_lead_to_their_pages() {
        assert_eq!(choice_href(&Choice::Person(person(5)), "x"), "/contacts/5");
        assert_eq!(
            choice_href(&Choice::WorkItem(work_item("40308-T")), "x"),
            "/work-items/40308-T"
        );
        assert_eq!(
            choice_href(&Choice::Create, "Zyxwvutsson"),
            "/contacts/new?via=quickfind&text=Zyxwvutsson"
        );
        assert_eq!(
            choice_href(&Choice::ShowAll(SearchGroup::Communications), "late parcel"),
            "/search?q=late%20parcel&group=communications"
        );
    }

    #[test]
    fn the_live_region_counts_results() {
        let found = |results| Found {
            text: "x".into(),
            query: Query::parse("x"),
            results,
        };
        assert_eq!(announcement(None), "");
        assert_eq!(
            announcement(Some(&found(Ok(QuickfindResults::default())))),
            "No results"
        );
        let one = QuickfindResults {
            people: vec![person(1)],
            ..Default::default()
        };
        assert_eq!(announcement(Some(&found(Ok(one)))), "1 result");
        let three = QuickfindResults {
            people: vec![person(1)],
            work_items: vec![work_item("1-T"), work_item("2-T")],
            ..Default::default()
        };
        assert_eq!(announcement(Some(&found(Ok(three)))), "3 results");
    }
}
