//! Lists that show a first page and append further ones with "Show more" (the contact's
//! activity cards and communications, a work item's timeline and notes). The first page stays
//! as it is; each further page is appended below it, never drawing the first one again.

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::ErrorMessage;
use crate::error::AppError;

/// A section's first page as the server fetched it: its HTML, how many items it holds, whether
/// more follow. Every HTML list keeps it in a resource of this one type, so the code that loads
/// and hydrates a resource is shared by them.
pub type FirstPage = Result<(String, usize, bool), AppError>;

/// What a list section needs to show its pages: the first page, the pages "Show more" fetched
/// and the action that fetches the next.
#[derive(Clone, Copy)]
pub struct ListParts {
    pub page: Resource<FirstPage>,
    pub more: MorePages<String>,
    pub load_more: Action<(), ()>,
    pub first_len: StoredValue<usize>,
    /// The tags around each further page (`<ul class="cards">`, `</ul>`).
    pub open: &'static str,
    pub close: &'static str,
    pub more_test_id: &'static str,
    pub loading: &'static str,
    /// When set, the first page and the further ones share one `<div>` with this test id.
    pub wrap_test_id: Option<&'static str>,
}

/// A list section's pages: the first one, those "Show more" fetched, and the button.
pub fn list_pages(parts: ListParts) -> impl IntoView {
    let ListParts {
        page,
        more,
        load_more,
        first_len,
        open,
        close,
        more_test_id,
        loading,
        wrap_test_id,
    } = parts;
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    Ok((html, items, first_more)) => {
                        first_len.set_value(items);
                        let pages = move || view! {
                            <div class="html-part" inner_html=html></div>
                            <div class="html-part" inner_html=move || more_html(open, close, &more.pages.read())></div>
                        };
                        view! {
                            {match wrap_test_id {
                                Some(id) => Either::Left(view! { <div data-testid=id>{pages()}</div> }),
                                None => Either::Right(pages()),
                            }}
                            {move || more.error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                            <Show when=move || more.has_more.get().unwrap_or(first_more)>
                                <button type="button" class="show-more" data-testid=more_test_id
                                    disabled=move || load_more.pending().get()
                                    on:click=move |_| { load_more.dispatch(()); }>
                                    {move || if load_more.pending().get() { "Loading…" } else { "Show more" }}
                                </button>
                            </Show>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The pages fetched by "Show more", each in its own list element (`<ul class="cards">` …).
fn more_html(open: &str, close: &str, pages: &[(usize, String)]) -> String {
    pages
        .iter()
        .map(|(_, html)| format!("{open}{html}{close}"))
        .collect()
}

/// Pages fetched by "Show more", after the first page the server rendered. The first page
/// stays as it is; each further page is appended below it.
pub struct MorePages<T: Send + Sync + 'static> {
    /// The pages, each with its key (its place in the list).
    pub pages: RwSignal<Vec<(usize, T)>>,
    /// Items on the pages fetched so far (the first page not counted).
    loaded: StoredValue<usize>,
    /// Whether the server has more after the last page fetched (none yet: ask the first page).
    pub has_more: RwSignal<Option<bool>>,
    pub error: RwSignal<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for MorePages<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for MorePages<T> {}

impl<T: Send + Sync + 'static> Default for MorePages<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Send + Sync + 'static> MorePages<T> {
    pub fn new() -> Self {
        MorePages {
            pages: RwSignal::new(Vec::new()),
            loaded: StoredValue::new(0),
            has_more: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    pub fn clear(&self) {
        self.pages.set(Vec::new());
        self.loaded.set_value(0);
        self.has_more.set(None);
        self.error.set(None);
    }

    pub fn loaded(&self) -> usize {
        self.loaded.get_value()
    }

    /// Appends one fetched page: what to show, how many items it holds, whether more follow.
    pub fn append(&self, result: Result<(T, usize, bool), AppError>) {
        match result {
            Ok((page, items, more)) => {
                self.loaded.update_value(|n| *n += items);
                self.pages.update(|v| {
                    let key = v.len();
                    v.push((key, page))
                });
                self.has_more.set(Some(more));
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
    }
}
