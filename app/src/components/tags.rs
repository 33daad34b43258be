//! A contact's tags on a work item (SPEC §1, §3.3), in the product's words.

use leptos::prelude::*;

/// `original_requester` → "Original Requester".
pub fn tag_label(tag: &str) -> &str {
    match tag {
        "primary" => "Primary Contact",
        "requester" => "Requester",
        "original_requester" => "Original Requester",
        "subject" => "Subject",
        "cc" => "CC",
        other => other,
    }
}

/// The tags as a list of labelled chips (`data-tag` keeps the stored name for tests and CSS).
pub fn tag_list(tags: &[String]) -> impl IntoView + use<> {
    let chips = tags
        .iter()
        .map(|t| view! { <li class="tag" data-tag=t.clone()>{tag_label(t).to_string()}</li> })
        .collect_view();
    view! { <ul class="tags" aria-label="Tags">{chips}</ul> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_as_the_product_names_them() {
        assert_eq!(tag_label("primary"), "Primary Contact");
        assert_eq!(tag_label("original_requester"), "Original Requester");
        assert_eq!(tag_label("cc"), "CC");
        assert_eq!(tag_label("watcher"), "watcher");
    }
}
