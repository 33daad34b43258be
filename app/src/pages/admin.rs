use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Coming;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Title text="Admin" />
        <h1>"Admin"</h1>
        <Coming what="Users, work item types, queues, accounts and tenant settings" />
    }
}
