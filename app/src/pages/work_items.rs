use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Coming;

#[component]
pub fn WorkItemsPage() -> impl IntoView {
    view! {
        <Title text="Work items" />
        <h1>"Work items"</h1>
        <Coming what="The work item list and work item pages" />
    }
}
