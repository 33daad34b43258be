//! GET filter forms (the router's `<Form method="GET">`) shared by the pages.

/// Leaves empty fields out of a GET filter form's URL, and the unnamed submit button the
/// router's form adds (`&=`).
pub fn drop_empty_fields(
    names: &'static [&'static str],
) -> std::sync::Arc<dyn Fn(&leptos::web_sys::FormData)> {
    std::sync::Arc::new(move |data: &leptos::web_sys::FormData| {
        #[cfg(feature = "hydrate")]
        for name in names.iter().chain(&[""]) {
            if data
                .get(name)
                .as_string()
                .is_some_and(|v| v.trim().is_empty())
            {
                data.delete(name);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (data, names);
    })
}
