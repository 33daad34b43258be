//! Tests of `highlight.rs`.
use super::*;
use proptest::prelude::*;

/// The marked pieces of `text` for what was typed.
fn marks(text: &str, typed: &str) -> Vec<String> {
    highlight(text, &Query::parse(typed))
        .into_iter()
        .filter(|(_, marked)| *marked)
        .map(|(piece, _)| piece)
        .collect()
}

#[test]
fn a_word_is_marked_at_the_start_of_words_whatever_the_case() {
    assert_eq!(
        marks("Jane Smith rang about Smithers", "smi"),
        ["Smi", "Smi"]
    );
    assert_eq!(
        highlight("Jane Smith", &Query::parse("SMITH")),
        vec![("Jane ".to_string(), false), ("Smith".to_string(), true)]
    );
}

#[test]
fn short_words_match_only_at_word_starts_longer_ones_anywhere() {
    // "mi" has two characters: only a word starting with it is marked.
    assert_eq!(marks("Smith and Mila", "mi"), ["Mi"]);
    // "ith" has three: inside words too.
    assert_eq!(marks("Smith and Keith", "ith"), ["ith", "ith"]);
}

#[test]
fn every_word_of_the_query_is_marked() {
    assert_eq!(
        marks("Refund for order 4412 was refused", "refu 4412"),
        ["Refu", "4412", "refu"]
    );
}

#[test]
fn phrase_words_are_marked_only_as_whole_words() {
    assert_eq!(
        marks("The parcel was lost, parcels are late", "\"parcel lost\""),
        ["parcel", "lost"]
    );
}

#[test]
fn emails_and_email_prefixes_are_marked_where_they_occur() {
    assert_eq!(
        marks("From: <Jane.Doe@Example.com> wrote", "jane.doe@example.com"),
        ["Jane.Doe@Example.com"]
    );
    assert_eq!(marks("cc jane@example.org", "jane@exa"), ["jane@exa"]);
}

#[test]
fn phones_and_references_are_not_marked() {
    assert!(marks("Call +44 20 7946 0958 about 40308-T", "02079460958").is_empty());
    assert!(marks("About 40308-T", "40308-T").is_empty());
}

#[test]
fn overlapping_matches_merge_into_one_mark() {
    assert_eq!(marks("Anne-Marie", "anne anne-m"), ["Anne-M"]);
    assert_eq!(marks("aaaa", "aaa"), ["aaaa"]);
}

#[test]
fn typographic_apostrophes_match_straight_ones() {
    assert_eq!(marks("Mr O’Brien called", "o'brien"), ["O’Brien"]);
    assert_eq!(marks("Mr O'Brien called", "O’Brien"), ["O'Brien"]);
}

#[test]
fn letters_whose_lower_case_is_longer_keep_whole_characters() {
    // 'İ' lower-cases to two characters ("i" + combining dot): the mark covers the whole 'İ'.
    assert_eq!(marks("İstanbul office", "i̇st"), ["İst"]);
    assert_eq!(marks("İstanbul office", "stan"), ["stan"]);
    // A needle that matches only part of a folded character still marks the whole character.
    assert_eq!(marks("İx", "i"), ["İ"]);
}

#[test]
fn non_latin_scripts_are_marked() {
    assert_eq!(marks("Ёлка и ёж", "ё"), ["Ё", "ё"]);
    assert_eq!(marks("山田太郎さん", "太郎"), Vec::<String>::new()); // 2 chars: word start only
    assert_eq!(marks("山田 太郎さん", "太郎"), ["太郎"]);
}

#[test]
fn empty_text_and_empty_queries() {
    assert!(highlight("", &Query::parse("x")).is_empty());
    assert_eq!(
        highlight("Nothing to see", &Query::parse("   ")),
        vec![("Nothing to see".to_string(), false)]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text and any query: no panic, the pieces give back the text, no empty pieces and
    /// neighbours alternate.
    #[test]
    fn pieces_always_rebuild_the_text(text in any::<String>(), typed in any::<String>()) {
        let pieces = highlight(&text, &Query::parse(&typed));
        let joined: String = pieces.iter().map(|(p, _)| p.as_str()).collect();
        prop_assert_eq!(joined, text);
        prop_assert!(pieces.iter().all(|(p, _)| !p.is_empty()));
        prop_assert!(pieces.windows(2).all(|w| w[0].1 != w[1].1));
    }

    /// Same with text built from the query's own words in odd cases and scripts, so matches
    /// actually happen.
    #[test]
    fn pieces_rebuild_text_that_matches(
        words in prop::collection::vec("[a-zA-ZİıßÉéЁё’'\u{0301}-]{1,8}", 1..5),
        glue in "[ ,.<>@]{1,3}",
    ) {
        let text = words.join(&glue);
        let pieces = highlight(&text, &Query::parse(&words.join(" ")));
        let joined: String = pieces.iter().map(|(p, _)| p.as_str()).collect();
        prop_assert_eq!(joined, text);
    }

    /// A word typed from the text (letters only, any case) is always marked somewhere.
    #[test]
    fn a_typed_word_from_the_text_is_marked(
        before in "[a-z ]{0,12}",
        word in "[a-zA-Z]{1,10}",
        after in "[a-z ]{0,12}",
    ) {
        let text = format!("{before} {word} {after}");
        let marked = marks(&text, &word.to_uppercase());
        prop_assert!(!marked.is_empty());
        prop_assert!(marked.iter().all(|m| m.len() >= word.len()));
    }
}
