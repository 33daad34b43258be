//! `/work-items/{reference}`: the work item page (SPEC §2.4). A main column with the header
//! (facts and the state changes §3.5 offers), the description, the edit form and the
//! communications timeline; a side panel with the Contacts card and the notes.
//!
//! The page's data (`work_item_page`) is loaded once per reference; an unknown reference
//! answers 404 (the route renders on the server before answering, `SsrMode::Async`). After a
//! state change or an edit the page asks the server for its data again and keeps it in one
//! signal ([`Live`]): the header, the buttons and the edit form's pickers follow it, while the
//! notes, the timeline and the Contacts card, which load on their own, are not drawn again.
//! Below the edit form, "Write email" composes an email to the item's contacts (`email`); the
//! timeline loads again after each one.
//!
//! Every form works before the WebAssembly loads: state changes and edits are `ActionForm`s
//! whose plain posts the server answers with a redirect back here (a refusal comes back in the
//! URL and is shown the same way), and a note is a plain form post.

mod contacts_card;
mod edit;
mod email;
mod header;
mod timeline;

use chrono::{DateTime, Datelike, Timelike, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::ErrorMessage;
use crate::components::notes::{Notes, NotesOwner};
use crate::domain::work_item::{Transition, WaitingReason, WorkItemState};
use crate::error::AppError;
use crate::work_items_api::{WorkItemPageData as PageData, work_item_page};

#[component]
pub fn WorkItemPage() -> impl IntoView {
    let params = use_params_map();
    let reference = Memo::new(move |_| params.read().get("reference").unwrap_or_default());
    let page = Resource::new(move || reference.get(), work_item_page);

    view! {
        <article class="work-item">
            <Suspense fallback=|| view! { <p class="loading">"Loading work item…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <WorkItemLayout page=p /> }.into_any(),
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            if matches!(e, AppError::NotFound)
                                && let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                    r.set_status(http::StatusCode::NOT_FOUND);
                                }
                            let title = if matches!(e, AppError::NotFound) { "Work item not found" } else { "Work item" };
                            view! {
                                <Title text=title />
                                <h1>{title}</h1>
                                <ErrorMessage error=e />
                                <p><a href="/work-items">"Go to work items"</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </article>
    }
}

/// The page's data as it stands now, and the action that asks the server for it again.
#[derive(Clone, Copy)]
struct Live {
    data: RwSignal<PageData>,
    reload: Action<(), ()>,
}

impl Live {
    fn new(page: PageData) -> Live {
        let data = RwSignal::new(page);
        let reload = Action::new(move |_: &()| {
            let reference = data.with_untracked(|p| p.item.reference.clone());
            async move {
                // A failed reload keeps what is shown; the next action answers with the
                // server's view of things anyway.
                if let Ok(p) = work_item_page(reference).await {
                    data.set(p);
                }
            }
        });
        Live { data, reload }
    }

    fn reference(&self) -> String {
        self.data.with_untracked(|p| p.item.reference.clone())
    }

    /// The version the next change is made against.
    fn version(&self) -> Memo<i64> {
        let data = self.data;
        Memo::new(move |_| data.with(|p| p.item.version))
    }
}

/// Asks the server for the page's data again, for a section that changes the item itself: a
/// tag change in the Contacts card bumps the item's version, and the header's state changes
/// are made against the version shown. Provided as context by the page.
#[derive(Clone, Copy)]
pub struct ReloadWorkItem(pub Action<(), ()>);

#[component]
fn WorkItemLayout(page: PageData) -> impl IntoView {
    let reference = page.item.reference.clone();
    let contacts = page.contacts.clone();
    let live = Live::new(page);
    provide_context(ReloadWorkItem(live.reload));
    // Bumped after an email is sent: the timeline loads again.
    let comms_changed = RwSignal::new(0u32);
    let data = live.data;
    let title = move || data.with(|p| format!("{} {}", p.item.reference, p.item.title));

    view! {
        <Title text=title />
        <div class="work-item-columns">
            <div class="work-item-main">
                <header::Header live />
                <Description live />
                <edit::EditWorkItem live />
                <email::EmailComposer live sent=comms_changed />
                <timeline::Communications reference=reference.clone() changed=comms_changed />
            </div>
            <div class="work-item-side">
                <contacts_card::ContactsCard reference=reference.clone() contacts />
                <Notes owner=NotesOwner::WorkItem(reference) />
            </div>
        </div>
    }
}

#[component]
fn Description(live: Live) -> impl IntoView {
    let description = Memo::new(move |_| live.data.with(|p| p.item.description.clone()));
    view! {
        <section class="panel work-item-description" aria-labelledby="description-heading">
            <h2 id="description-heading">"Description"</h2>
            {move || {
                let d = description.get();
                if d.trim().is_empty() {
                    view! { <p class="empty" data-testid="description">"No description yet."</p> }.into_any()
                } else {
                    view! { <div class="description-text" data-testid="description">{d}</div> }.into_any()
                }
            }}
        </section>
    }
}

/// `to_do` → "To Do".
fn state_label(state: &str) -> String {
    WorkItemState::parse(state)
        .map(|s| s.label().to_string())
        .unwrap_or_else(|| crate::components::hits::state_label(state))
}

/// A transition's button words by its name (`take` → "Take it").
fn transition_label(name: &str) -> Option<&'static str> {
    [
        Transition::Submit,
        Transition::Take,
        Transition::Resume,
        Transition::Wait(WaitingReason::MoreInformation),
        Transition::Release,
        Transition::Resolve,
        Transition::Reopen,
        Transition::Close,
    ]
    .into_iter()
    .find(|t| t.name() == name)
    .map(|t| t.label())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A stored waiting reason in words, as `WaitingReason::label` says it ("Waiting until
/// 1 Dec 2026"); unknown forms are shown as stored.
fn waiting_label(stored: &str) -> String {
    if stored == "more_information" {
        return "Waiting for more information".into();
    }
    match stored
        .strip_prefix("until:")
        .and_then(crate::format::parse_day)
    {
        Some(d) => format!(
            "Waiting until {} {} {}",
            d.day(),
            MONTHS[d.month0() as usize],
            d.year()
        ),
        None => stored.to_string(),
    }
}

/// A due date as a `datetime-local` input's value (`2026-12-01T09:30`, UTC).
fn datetime_local(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| {
        format!(
            "{}T{:02}:{:02}",
            crate::format::date(t),
            t.hour(),
            t.minute()
        )
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn waiting_reasons_read_as_the_domain_says_them() {
        let more = WaitingReason::MoreInformation;
        assert_eq!(waiting_label(&more.to_stored()), more.label());
        for (y, m, d) in [(2026, 12, 1), (2027, 5, 31), (2030, 1, 9)] {
            let until = WaitingReason::Until(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
            assert_eq!(waiting_label(&until.to_stored()), until.label());
        }
        assert_eq!(waiting_label("until:soon"), "until:soon");
    }

    #[test]
    fn every_offered_transition_has_a_label() {
        for state in WorkItemState::ALL {
            for t in crate::domain::work_item::offered(state) {
                assert_eq!(transition_label(t.name()), Some(t.label()));
            }
        }
        assert_eq!(transition_label("fly"), None);
        assert_eq!(state_label("in_progress"), "In Progress");
    }

    #[test]
    fn due_dates_fill_a_datetime_local_input_in_utc() {
        let t = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
        assert_eq!(datetime_local(Some(t)), "2026-03-04T05:06");
        assert_eq!(datetime_local(None), "");
    }
}
