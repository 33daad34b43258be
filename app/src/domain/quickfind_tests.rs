//! Tests of the Quickfind query parser (`quickfind.rs`, SPEC §3.4).
use super::*;
use proptest::prelude::*;

fn w(text: &str) -> Term {
    let chars = text.chars().count();
    Term::Word {
        text: text.to_string(),
        substring: chars >= 3,
        typo: chars >= 5 && !text.chars().all(|c| c.is_ascii_digit()),
    }
}

fn p(words: &[&str]) -> Term {
    Term::Phrase(words.iter().map(|s| s.to_string()).collect())
}

fn e(address: &str) -> Term {
    Term::Email(address.to_string())
}

fn ep(address: &str) -> Term {
    Term::EmailPrefix(address.to_string())
}

fn ph(digits: &str) -> Term {
    Term::Phone {
        digits: digits.to_string(),
    }
}

fn r(number: u64, kind: Option<RefKind>) -> Term {
    Term::Reference { number, kind }
}

/// A bare number: a reference with no kind, then the same digits as a word.
fn n(digits: &str) -> [Term; 2] {
    [r(digits.parse().unwrap(), None), w(digits)]
}

const T: Option<RefKind> = Some(RefKind::Ticket);
const C: Option<RefKind> = Some(RefKind::Case);

fn table() -> Vec<(&'static str, Vec<Term>)> {
    let [n40308_ref, n40308_word] = n("40308");
    let [n7_ref, n7_word] = n("7");
    let [n123_ref, n123_word] = n("123");
    let [n415_ref, n415_word] = n("415");
    vec![
        // Single and two letters.
        ("a", vec![w("a")]),
        ("J", vec![w("j")]),
        ("jo", vec![w("jo")]),
        ("Ö", vec![w("ö")]),
        // Surnames, first + last.
        ("Smith", vec![w("smith")]),
        ("smi", vec![w("smi")]),
        ("Jane Smith", vec![w("jane"), w("smith")]),
        ("  jane   SMITH  ", vec![w("jane"), w("smith")]),
        ("Smith, Jane", vec![w("smith"), w("jane")]),
        // Accents and non-Latin scripts.
        ("Ölander", vec![w("ölander")]),
        ("王", vec![w("王")]),
        ("王小明", vec![w("王小明")]),
        ("Ζωή", vec![w("ζωή")]),
        ("Müller-Lüdenscheidt", vec![w("müller-lüdenscheidt")]),
        ("Jose\u{301}", vec![w("jose\u{301}")]),
        ("Đorđević", vec![w("đorđević")]),
        // Apostrophes and hyphens.
        ("O'Brien", vec![w("o'brien")]),
        ("O’Brien", vec![w("o'brien")]),
        ("anne-marie", vec![w("anne-marie")]),
        ("'quoted'", vec![w("quoted")]),
        ("-dash-", vec![w("dash")]),
        ("smith!", vec![w("smith")]),
        // Emails, full and partial.
        ("jane.doe@example.com", vec![e("jane.doe@example.com")]),
        ("Jane.Doe@Example.COM", vec![e("jane.doe@example.com")]),
        ("<jane@example.com>", vec![e("jane@example.com")]),
        (
            "Jane Doe <jane@example.com>",
            vec![w("jane"), w("doe"), e("jane@example.com")],
        ),
        ("jane@example.com,", vec![e("jane@example.com")]),
        ("jane@example.com.", vec![e("jane@example.com")]),
        ("mailto:jane@example.com", vec![e("jane@example.com")]),
        ("jane@exa", vec![ep("jane@exa")]),
        ("jane@", vec![ep("jane@")]),
        ("@acme", vec![ep("@acme")]),
        ("jane@example.c", vec![ep("jane@example.c")]),
        ("a@b@c.com", vec![ep("a@b@c.com")]),
        ("@", vec![]),
        // Phones in many formats.
        ("07700 900123", vec![ph("07700900123")]),
        ("+44 7700 900123", vec![ph("447700900123")]),
        ("+44 20 7946 0958", vec![ph("442079460958")]),
        ("020 7946 0958", vec![ph("02079460958")]),
        ("(020) 7946-0958", vec![ph("02079460958")]),
        ("020.7946.0958", vec![ph("02079460958")]),
        ("+1 (415) 555-2671", vec![ph("14155552671")]),
        ("(415) 555 2671", vec![ph("4155552671")]),
        ("4155552671", vec![ph("4155552671")]),
        ("415/555-2671", vec![ph("4155552671")]),
        ("9460958", vec![ph("9460958")]),
        ("946 0958", vec![ph("9460958")]),
        ("0044 20 7946 0958", vec![ph("00442079460958")]),
        ("#4155552671", vec![ph("4155552671")]),
        ("020 7946 0958,", vec![ph("02079460958")]),
        (
            "020 7946 0958 07700 900123",
            vec![ph("02079460958"), ph("07700900123")],
        ),
        (
            "+44 20 7946 0958 +1 415 555 2671",
            vec![ph("442079460958"), ph("14155552671")],
        ),
        ("smith 020 7946 0958", vec![w("smith"), ph("02079460958")]),
        // Phone-ish runs of fewer than 7 digits: each token on its own.
        ("(415)", vec![n415_ref.clone(), n415_word.clone()]),
        (
            "123 415",
            vec![n123_ref.clone(), n123_word.clone(), n415_ref, n415_word],
        ),
        ("12-34", vec![w("12-34")]),
        ("+44", vec![r(44, None), w("44")]),
        // 16+ digits are not a phone.
        ("1234567890123456", vec![w("1234567890123456")]),
        // References.
        ("40308-T", vec![r(40308, T)]),
        ("40308-t", vec![r(40308, T)]),
        ("40308-c", vec![r(40308, C)]),
        ("40308-C", vec![r(40308, C)]),
        ("(40308-T),", vec![r(40308, T)]),
        ("123456789-T", vec![r(123456789, T)]),
        ("1234567890-T", vec![w("1234567890-t")]),
        ("40308", vec![n40308_ref.clone(), n40308_word.clone()]),
        ("#40308", vec![n40308_ref.clone(), n40308_word.clone()]),
        ("7", vec![n7_ref, n7_word]),
        ("40308-X", vec![w("40308-x")]),
        // Quotes.
        ("\"late delivery\"", vec![p(&["late", "delivery"])]),
        ("\"Late  Delivery", vec![p(&["late", "delivery"])]),
        ("“late delivery”", vec![p(&["late", "delivery"])]),
        ("„spät geliefert“", vec![p(&["spät", "geliefert"])]),
        ("\"late, delivery!\"", vec![p(&["late", "delivery"])]),
        (
            "\"o'brien anne-marie\"",
            vec![p(&["o'brien", "anne-marie"])],
        ),
        ("\"\"", vec![]),
        ("\" ... \"", vec![]),
        ("\"", vec![]),
        ("smith\"late\"", vec![w("smith"), p(&["late"])]),
        // Mixed queries.
        ("smith 40308-T", vec![w("smith"), r(40308, T)]),
        (
            "jane \"late delivery\"",
            vec![w("jane"), p(&["late", "delivery"])],
        ),
        (
            "smith 40308",
            vec![w("smith"), n40308_ref.clone(), n40308_word.clone()],
        ),
        (
            "jane@example.com 07700 900123 40308-T",
            vec![e("jane@example.com"), ph("07700900123"), r(40308, T)],
        ),
        (
            "020 7946 0958 \"late\" smith",
            vec![ph("02079460958"), p(&["late"]), w("smith")],
        ),
        // Duplicates removed, first kept.
        ("smith SMITH Smith", vec![w("smith")]),
        (
            "40308 smith 40308",
            vec![n40308_ref.clone(), n40308_word.clone(), w("smith")],
        ),
        // Two bare numbers side by side have 7–15 digits together: one phone (rule 3).
        ("40308 40308", vec![ph("4030840308")]),
        ("40308 12", vec![ph("4030812")]),
        (
            "smith 40308 jane",
            vec![w("smith"), n40308_ref, n40308_word, w("jane")],
        ),
        // Too many terms: at most 8, the rest ignored.
        (
            "a b c d e f g h i j",
            vec![
                w("a"),
                w("b"),
                w("c"),
                w("d"),
                w("e"),
                w("f"),
                w("g"),
                w("h"),
            ],
        ),
        // A bare number needs two places; with one left it is not split, and parsing stops.
        (
            "a b c d e f g 40308 h",
            vec![w("a"), w("b"), w("c"), w("d"), w("e"), w("f"), w("g")],
        ),
        // Control characters are spaces.
        (
            "jane\tsmith\ndoe\u{0}x",
            vec![w("jane"), w("smith"), w("doe"), w("x")],
        ),
        ("\u{202E}smith\u{200B}jones", vec![w("smith"), w("jones")]),
        // Punctuation-only and blank input.
        ("", vec![]),
        ("   ", vec![]),
        ("!!! ... ,,, --- ???", vec![]),
        ("— … « » ¿ ¡ ・", vec![]),
        ("\t\r\n", vec![]),
    ]
}

#[test]
fn every_query_in_the_table_parses_to_the_expected_terms() {
    let table = table();
    assert!(table.len() >= 40, "the table has {} cases", table.len());
    let mut failures = Vec::new();
    for (input, expected) in &table {
        let got = Query::parse(input).terms;
        if &got != expected {
            failures.push(format!(
                "{input:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn input_longer_than_200_characters_is_cut_at_a_character_boundary() {
    // 199 ASCII letters then multi-byte letters: the 200th character is the first "é".
    let input = format!("{}ééé more", "a".repeat(199));
    let query = Query::parse(&input);
    assert_eq!(
        query.terms,
        vec![w(&format!("{}é", "a".repeat(199)))],
        "text after the 200th character is ignored"
    );
    let long_word_then_more = format!("{} smith", "x".repeat(300));
    assert_eq!(
        Query::parse(&long_word_then_more).terms,
        vec![w(&"x".repeat(200))]
    );
}

#[test]
fn the_200_character_limit_counts_after_trimming() {
    let input = format!("{}smith", " ".repeat(500));
    assert_eq!(Query::parse(&input).terms, vec![w("smith")]);
}

#[test]
fn a_word_is_substring_from_three_characters_and_typo_tolerant_from_five() {
    assert_eq!(
        Query::parse("ab abc abcd abcde").terms,
        vec![
            Term::Word {
                text: "ab".into(),
                substring: false,
                typo: false
            },
            Term::Word {
                text: "abc".into(),
                substring: true,
                typo: false
            },
            Term::Word {
                text: "abcd".into(),
                substring: true,
                typo: false
            },
            Term::Word {
                text: "abcde".into(),
                substring: true,
                typo: true
            },
        ]
    );
}

#[test]
fn a_number_word_never_tolerates_a_typo() {
    let terms = Query::parse("40308").terms;
    assert_eq!(
        terms[1],
        Term::Word {
            text: "40308".into(),
            substring: true,
            typo: false
        }
    );
}

#[test]
fn short_queries_are_one_or_two_character_words_only() {
    let cases: [(&str, bool); 12] = [
        ("a", true),
        ("jo", true),
        ("j o", true),
        ("王", true),
        ("Ö", true),
        ("jo s", true),
        ("", false),
        ("!!!", false),
        ("joe", false),
        ("jo smith", false),
        ("12", false),
        ("\"jo\"", false),
    ];
    for (input, short) in cases {
        assert_eq!(Query::parse(input).is_short(), short, "{input:?}");
    }
}

#[test]
fn an_empty_query_is_empty_and_any_term_makes_it_non_empty() {
    assert!(Query::parse("").is_empty());
    assert!(Query::parse(" ,; ").is_empty());
    assert!(Query::default().is_empty());
    assert!(!Query::parse("x").is_empty());
}

#[test]
fn a_bare_number_forms_one_or_group_and_every_other_term_its_own() {
    let query = Query::parse("smith 40308 40308-T");
    let groups = query.groups();
    assert_eq!(groups.len(), 3);
    assert_eq!(groups[0], &[w("smith")][..]);
    assert_eq!(groups[1], &[r(40308, None), w("40308")][..]);
    assert_eq!(groups[2], &[r(40308, T)][..]);
}

#[test]
fn the_phone_tail_drops_trunk_and_international_zeros_but_keeps_seven_digits() {
    assert_eq!(phone_tail("02079460958"), "2079460958");
    assert_eq!(phone_tail("00442079460958"), "442079460958");
    assert_eq!(phone_tail("442079460958"), "442079460958");
    assert_eq!(phone_tail("9460958"), "9460958");
    assert_eq!(phone_tail("0946095"), "0946095");
}

#[test]
fn a_query_survives_a_json_round_trip() {
    let query = Query::parse("jane@x.com 40308-T \"late delivery\" 020 7946 0958 smith 12");
    let json = serde_json::to_string(&query).unwrap();
    assert_eq!(serde_json::from_str::<Query>(&json).unwrap(), query);
}

/// Strings built from the characters the parser treats specially, so runs of digits,
/// quotes, `@` and punctuation meet often.
fn tricky_string() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("0".to_string()),
            Just("7946".to_string()),
            Just("+44".to_string()),
            Just("(415)".to_string()),
            Just("40308-T".to_string()),
            Just("@".to_string()),
            Just("\"".to_string()),
            Just("“".to_string()),
            Just(" ".to_string()),
            Just("-".to_string()),
            Just("'".to_string()),
            Just(".".to_string()),
            Just("<".to_string()),
            Just("İ".to_string()),
            Just("Σ".to_string()),
            Just("\u{301}".to_string()),
            "[a-zA-Z]{1,6}",
            "[0-9]{1,9}",
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn check_invariants(input: &str) -> Result<(), TestCaseError> {
    let query = Query::parse(input);
    prop_assert!(
        query.terms.len() <= MAX_TERMS,
        "{} terms",
        query.terms.len()
    );
    for (i, term) in query.terms.iter().enumerate() {
        prop_assert!(!query.terms[..i].contains(term), "duplicate {term:?}");
        match term {
            Term::Word {
                text,
                substring,
                typo,
            } => {
                prop_assert!(!text.is_empty());
                prop_assert_eq!(text, &text.to_lowercase());
                let chars = text.chars().count();
                prop_assert_eq!(*substring, chars >= 3);
                prop_assert!(!*typo || chars >= 5);
            }
            Term::Phrase(words) => {
                prop_assert!(!words.is_empty());
                for word in words {
                    prop_assert!(!word.is_empty());
                    prop_assert_eq!(word, &word.to_lowercase());
                }
            }
            Term::Email(address) | Term::EmailPrefix(address) => {
                prop_assert!(address.contains('@'));
                prop_assert_eq!(address, &address.to_lowercase());
            }
            Term::Phone { digits } => {
                prop_assert!((MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()));
                prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
            }
            Term::Reference { number, .. } => prop_assert!(*number <= 999_999_999),
        }
    }
    prop_assert_eq!(Query::parse(input), query, "parsing is deterministic");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_arbitrary_text_never_panics_and_keeps_every_invariant(input in any::<String>()) {
        check_invariants(&input)?;
    }

    #[test]
    fn parsing_text_full_of_digits_quotes_and_punctuation_keeps_every_invariant(
        input in tricky_string()
    ) {
        check_invariants(&input)?;
    }

    #[test]
    fn every_phone_typed_with_spaces_becomes_one_phone_with_its_digits(
        groups in proptest::collection::vec("[0-9]{2,4}", 2..5)
    ) {
        let digits: String = groups.concat();
        prop_assume!((MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()));
        let query = Query::parse(&groups.join(" "));
        prop_assert_eq!(query.terms, vec![ph(&digits)]);
    }
}
