//! Pure domain rules: no I/O, no storage, no HTML.
//!
//! `contact` compiles for both the browser (WebAssembly) and the server, so a form is checked
//! with the same code on both sides. `phone` and `timezone` need large data tables (the
//! libphonenumber metadata and the IANA time-zone database); they are compiled only into the
//! server (feature `ssr`) to keep them out of the browser bundle.

pub mod contact;
#[cfg(feature = "ssr")]
pub mod duplicates;
pub mod highlight;
pub mod name_decoder;
#[cfg(feature = "ssr")]
pub mod phone;
pub mod quickfind;
pub mod search_text;
#[cfg(feature = "ssr")]
pub mod timezone;
pub mod work_item;
