//! When a new contact may be one that exists (SPEC §2.4): the name rule. Same email and same
//! normalised phone are exact matches the store finds by index; a *similar name* is decided
//! here.
//!
//! Similarity is Jaro–Winkler (the `strsim` crate: well kept, no dependencies) of the
//! lower-cased "first last", and a name counts as similar at [`NAME_SIMILARITY`] or above.
//! Jaro–Winkler favours a shared beginning, which suits names: "Jon Smith" ~ "John Smith"
//! (0.97), "John Smyth" (0.96), "Jane Smith" (0.93); "Jim Jones" ~ "John Smith" is 0.51.
//! The store only scores candidates from two index ranges — the same last name with a first
//! name of the same initial, and the same first name with a last name of the same initial —
//! so a check never scans the tenant's contacts.

/// The documented threshold: a name this similar (or more) is shown as a possible duplicate.
pub const NAME_SIMILARITY: f64 = 0.9;

/// The comparable form of a name part: trimmed and lower-cased (as the contacts' stored
/// `first_name_key` / `last_name_key`).
pub fn name_key(part: &str) -> String {
    crate::domain::contact::sort_key(Some(part))
}

/// Jaro–Winkler similarity of two (first, last) names, each already a [`name_key`].
pub fn name_similarity(a: (&str, &str), b: (&str, &str)) -> f64 {
    let full = |(f, l): (&str, &str)| format!("{f} {l}").trim().to_string();
    strsim::jaro_winkler(&full(a), &full(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn similar(a: (&str, &str), b: (&str, &str)) -> bool {
        name_similarity(a, b) >= NAME_SIMILARITY
    }

    #[test]
    fn spelling_variants_of_a_name_are_similar() {
        assert!(similar(("john", "smith"), ("jon", "smith")));
        assert!(similar(("john", "smith"), ("john", "smyth")));
        assert!(similar(("john", "smith"), ("john", "smith")));
    }

    #[test]
    fn different_people_are_not() {
        assert!(!similar(("john", "smith"), ("jim", "jones")));
        assert!(!similar(("ada", "lovelace"), ("alan", "turing")));
        assert!(!similar(("john", "smith"), ("mary", "smith")));
    }
}
