//! The browser half: hydrates the server-rendered page with the `app` crate.

#![recursion_limit = "256"]

use leptos::prelude::document;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // What `leptos::mount::hydrate_lazy` does (each route's page is a separate piece of
    // WebAssembly, see `app::routes`, and hydration waits for it), plus one step at the end:
    // `<body data-hydrated="true">` tells tests (and curious people) that the whole page,
    // including the route's piece, has been taken over by the WebAssembly.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        let app = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        app.forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
