//! Tests of decoding a name from typed text (`name_decoder.rs`, SPEC §3.2).
use super::*;
use proptest::prelude::*;

/// One table row: why, what was typed, then the expected first name, last name, email, phone.
struct Case {
    why: &'static str,
    typed: &'static str,
    first: &'static str,
    last: &'static str,
    email: &'static str,
    phone: &'static str,
}

const fn names(
    why: &'static str,
    typed: &'static str,
    first: &'static str,
    last: &'static str,
) -> Case {
    Case {
        why,
        typed,
        first,
        last,
        email: "",
        phone: "",
    }
}

const fn address(
    why: &'static str,
    typed: &'static str,
    first: &'static str,
    last: &'static str,
    email: &'static str,
) -> Case {
    Case {
        why,
        typed,
        first,
        last,
        email,
        phone: "",
    }
}

const fn phone(why: &'static str, typed: &'static str, phone: &'static str) -> Case {
    Case {
        why,
        typed,
        first: "",
        last: "",
        email: "",
        phone,
    }
}

const fn nothing(why: &'static str, typed: &'static str) -> Case {
    names(why, typed, "", "")
}

const TABLE: &[Case] = &[
    // Rule 1: an address with a display name.
    address(
        "a plain display name gives both names and the address",
        "Jane Doe <jane@example.com>",
        "Jane",
        "Doe",
        "jane@example.com",
    ),
    address(
        "a quoted display name with a comma is Last, First",
        "\"Doe, Jane\" <jane.doe@example.com>",
        "Jane",
        "Doe",
        "jane.doe@example.com",
    ),
    address(
        "a single-quoted display name is unquoted",
        "'Jane Doe' <jane@example.com>",
        "Jane",
        "Doe",
        "jane@example.com",
    ),
    address(
        "an escaped apostrophe in a quoted display name is decoded",
        r#""O\'Brien, Sean" <sean@example.com>"#,
        "Sean",
        "O'Brien",
        "sean@example.com",
    ),
    address(
        "a display name with escaped quotes that does not decode falls back to the address",
        r#""Jane \"JJ\" Doe" <jane.doe@example.com>"#,
        "Jane",
        "Doe",
        "jane.doe@example.com",
    ),
    address(
        "an undecodable display name and a nameless address give no names",
        r#""Jane \"JJ\" Doe" <jd@example.com>"#,
        "",
        "",
        "jd@example.com",
    ),
    address(
        "an angle address without a display name is decoded as a bare address",
        "<jane.doe@example.com>",
        "Jane",
        "Doe",
        "jane.doe@example.com",
    ),
    address(
        "an angle role mailbox gives no names",
        "<info@example.com>",
        "",
        "",
        "info@example.com",
    ),
    address(
        "an invalid address does not fill the email but the display name still decodes",
        "Jane Doe <not an address>",
        "Jane",
        "Doe",
        "",
    ),
    address(
        "an address without a top-level domain is refused like the email field refuses it",
        "Jane Doe <jane@localhost>",
        "Jane",
        "Doe",
        "",
    ),
    address(
        "a display name that is the address itself is ignored in favour of rule 2",
        "\"jane.doe@example.com\" <jane.doe@example.com>",
        "Jane",
        "Doe",
        "jane.doe@example.com",
    ),
    address(
        "an RFC 2047 encoded word is not guessed at",
        "=?UTF-8?Q?Ren=C3=A9e_Dupont?= <rdupont@example.com>",
        "",
        "",
        "rdupont@example.com",
    ),
    address(
        "a one-word display name defers to the address",
        "Jane <jane.doe@example.com>",
        "Jane",
        "Doe",
        "jane.doe@example.com",
    ),
    address(
        "a role display name with a role mailbox gives no names",
        "Support <support@example.com>",
        "",
        "",
        "support@example.com",
    ),
    address(
        "an honorific in a display name is dropped",
        "Dr. Jane Doe <jane@example.com>",
        "Jane",
        "Doe",
        "jane@example.com",
    ),
    address(
        "an all-caps display name is title-cased and the address kept as typed",
        "JOHN SMITH <JOHN.SMITH@EXAMPLE.COM>",
        "John",
        "Smith",
        "JOHN.SMITH@EXAMPLE.COM",
    ),
    nothing(
        "a missing closing bracket is not a name-addr",
        "Jane Doe <jane@example.com",
    ),
    // Rule 2: a bare address.
    address(
        "a dotted local part gives first and last name",
        "john.smith@example.com",
        "John",
        "Smith",
        "john.smith@example.com",
    ),
    address(
        "a three-part local part gives the first and last parts",
        "mary.anne.smith@example.com",
        "Mary",
        "Smith",
        "mary.anne.smith@example.com",
    ),
    address(
        "an underscore separates names too",
        "john_smith@example.com",
        "John",
        "Smith",
        "john_smith@example.com",
    ),
    address(
        "an apostrophe inside a part is kept and title-cased",
        "sean.o'brien@example.com",
        "Sean",
        "O'Brien",
        "sean.o'brien@example.com",
    ),
    address(
        "digits in the local part leave the names empty",
        "john.smith2@example.com",
        "",
        "",
        "john.smith2@example.com",
    ),
    address(
        "a plus tag is stripped before decoding",
        "john.smith+newsletter@example.com",
        "John",
        "Smith",
        "john.smith+newsletter@example.com",
    ),
    address(
        "a role mailbox gives no names",
        "info@example.com",
        "",
        "",
        "info@example.com",
    ),
    address(
        "a hyphenated role mailbox gives no names",
        "no-reply@example.com",
        "",
        "",
        "no-reply@example.com",
    ),
    address(
        "a three-part role mailbox gives no names",
        "do-not-reply@example.com",
        "",
        "",
        "do-not-reply@example.com",
    ),
    address(
        "a role word as one part gives no names",
        "support.team@example.com",
        "",
        "",
        "support.team@example.com",
    ),
    address(
        "a one-part local part gives no names",
        "jsmith@example.com",
        "",
        "",
        "jsmith@example.com",
    ),
    address(
        "an initial is not stored as a first name",
        "j.smith@example.com",
        "",
        "Smith",
        "j.smith@example.com",
    ),
    address(
        "four parts are not confident",
        "john.paul.george.ringo@example.com",
        "",
        "",
        "john.paul.george.ringo@example.com",
    ),
    address(
        "a mixed-case local part is kept as typed",
        "John.McDonald@example.com",
        "John",
        "McDonald",
        "John.McDonald@example.com",
    ),
    address(
        "names are never guessed from the domain",
        "jane@smith.com",
        "",
        "",
        "jane@smith.com",
    ),
    address(
        "a non-ASCII local part is decoded",
        "zoë.müller@example.de",
        "Zoë",
        "Müller",
        "zoë.müller@example.de",
    ),
    nothing("an invalid bare address fills nothing", "jane.doe@"),
    nothing(
        "an address and a name without brackets is not confident",
        "Jane Doe jane@example.com",
    ),
    // Rule 3: Last, First.
    names("a comma means Last, First", "Smith, John", "John", "Smith"),
    names(
        "particles stay with a last name before the comma",
        "van der Berg, Anna",
        "Anna",
        "van der Berg",
    ),
    names(
        "a suffix after a second comma is dropped",
        "Smith, John, Jr.",
        "John",
        "Smith",
    ),
    names(
        "a suffix after the only comma is not a first name",
        "John Smith, Jr.",
        "John",
        "Smith",
    ),
    names(
        "a degree after a comma is dropped",
        "Sarah Connor, M.D.",
        "Sarah",
        "Connor",
    ),
    names(
        "Last, First in lower case is title-cased",
        "smith, john",
        "John",
        "Smith",
    ),
    names(
        "a middle name after the comma is not stored",
        "Smith, John Paul",
        "John",
        "Smith",
    ),
    nothing(
        "three name parts between commas are not confident",
        "Smith, John, Paul",
    ),
    // Rule 4: words separated by spaces.
    names(
        "two words are first and last",
        "John Smith",
        "John",
        "Smith",
    ),
    names(
        "a middle name is not stored",
        "John Paul Smith",
        "John",
        "Smith",
    ),
    names(
        "an honorific with a dot is dropped",
        "Mr. John Smith",
        "John",
        "Smith",
    ),
    names(
        "an honorific in lower case is dropped",
        "dr jane doe",
        "Jane",
        "Doe",
    ),
    names(
        "several honorifics are dropped",
        "Prof. Dr. Anna Schmidt",
        "Anna",
        "Schmidt",
    ),
    names(
        "a suffix is dropped",
        "Martin Luther King Jr.",
        "Martin",
        "King",
    ),
    names("a degree is dropped", "John Smith PhD", "John", "Smith"),
    names(
        "a particle stays with the last name",
        "Ludwig van Beethoven",
        "Ludwig",
        "van Beethoven",
    ),
    names(
        "two particles stay with the last name",
        "Anna van der Berg",
        "Anna",
        "van der Berg",
    ),
    names(
        "Spanish particles stay with the last name",
        "Maria de la Cruz",
        "Maria",
        "de la Cruz",
    ),
    names(
        "particles stay lower-case in an all-lower name",
        "ludwig van beethoven",
        "Ludwig",
        "van Beethoven",
    ),
    names(
        "particles stay lower-case in an all-caps name",
        "LUDWIG VAN BEETHOVEN",
        "Ludwig",
        "van Beethoven",
    ),
    names(
        "a capitalised particle in a mixed-case name is a middle name",
        "Ludwig Van Beethoven",
        "Ludwig",
        "Beethoven",
    ),
    names(
        "a particle first makes one surname",
        "van Gogh",
        "",
        "van Gogh",
    ),
    names(
        "a first name that looks like a suffix is kept",
        "Md Rahman",
        "Md",
        "Rahman",
    ),
    names("an initial is not a first name", "J. Smith", "", "Smith"),
    names(
        "an honorific and one word is a last name",
        "Mrs Smith",
        "",
        "Smith",
    ),
    // Rule 5: a single word.
    names("a single word is the last name", "Smith", "", "Smith"),
    names(
        "a single lower-case word is title-cased",
        "smith",
        "",
        "Smith",
    ),
    names(
        "a single Chinese name is the last name",
        "王小明",
        "",
        "王小明",
    ),
    nothing("an honorific alone is not a name", "Dr."),
    // Rule 6: phone numbers.
    phone(
        "an international number fills the phone",
        "+44 20 7946 0958",
        "+44 20 7946 0958",
    ),
    phone(
        "a number with brackets and a hyphen fills the phone",
        "(020) 7946-0958",
        "(020) 7946-0958",
    ),
    phone(
        "a dotted number fills the phone",
        "020.7946.0958",
        "020.7946.0958",
    ),
    phone(
        "a phone number is trimmed",
        "  07700 900123  ",
        "07700 900123",
    ),
    nothing(
        "a short digit string is neither a name nor a phone",
        "12345",
    ),
    nothing(
        "more than 15 digits is not a phone",
        "+1 555 010 9999 1234 5678",
    ),
    nothing("a date is not a phone", "2024-01-15"),
    nothing(
        "letters in a number are neither name nor phone",
        "0800 FLOWERS",
    ),
    // Rule 7: letter case and scripts.
    names(
        "an apostrophe name is title-cased",
        "o'brien",
        "",
        "O'Brien",
    ),
    names(
        "a hyphenated first name is title-cased",
        "anne-marie smith",
        "Anne-Marie",
        "Smith",
    ),
    names("Mc is not invented", "mcdonald", "", "Mcdonald"),
    names(
        "mixed case is kept as typed",
        "DeShawn McDonald",
        "DeShawn",
        "McDonald",
    ),
    names("all caps are title-cased", "JOHN SMITH", "John", "Smith"),
    names(
        "Cyrillic lower case is title-cased",
        "иван петров",
        "Иван",
        "Петров",
    ),
    names(
        "Japanese is kept as typed by rule 4",
        "山田 太郎",
        "山田",
        "太郎",
    ),
    names(
        "Greek lower case is title-cased",
        "γιώργος παπαδόπουλος",
        "Γιώργος",
        "Παπαδόπουλος",
    ),
    names(
        "Greek capitals get a final sigma",
        "ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ",
        "Οδυσσεας",
        "Ελυτης",
    ),
    names("Arabic is kept as typed", "محمد علي", "محمد", "علي"),
    names(
        "Devanagari with a virama is a name",
        "लक्ष्मी शर्मा",
        "लक्ष्मी",
        "शर्मा",
    ),
    names(
        "a typographic apostrophe is kept",
        "Zoë O’Neill",
        "Zoë",
        "O’Neill",
    ),
    // Rule 8: not confident, empty, odd input.
    nothing("empty input gives nothing", ""),
    nothing("whitespace-only input gives nothing", "   \t  "),
    nothing("digits inside a name give no names", "John2 Smith"),
    nothing("a digit word among names gives no names", "John 2 Smith"),
    nothing("punctuation only gives no names", "!!! ..."),
    nothing(
        "a nickname in brackets is not confident",
        "John (Johnny) Smith",
    ),
    nothing("a control character gives nothing", "Jane\u{0}Doe"),
    nothing("an inner tab gives nothing", "Jane\tDoe"),
    nothing("a bidi override gives nothing", "Jane \u{202E}Doe"),
    names(
        "runs of whitespace collapse",
        "  John   Smith  ",
        "John",
        "Smith",
    ),
];

#[test]
fn every_table_case_decodes_as_the_spec_says() {
    assert!(TABLE.len() >= 45, "only {} cases", TABLE.len());
    let mut failures = Vec::new();
    for case in TABLE {
        let got = decode_name(case.typed);
        let want = DecodedName {
            first_name: case.first.into(),
            last_name: case.last.into(),
            email: case.email.into(),
            phone: case.phone.into(),
        };
        if got != want {
            failures.push(format!(
                "{}: {:?}\n  want {want:?}\n  got  {got:?}",
                case.why, case.typed
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn input_longer_than_254_characters_gives_nothing() {
    let long = format!("{} Smith", "a".repeat(250));
    assert_eq!(decode_name(&long), DecodedName::default());
    let just_fits = format!("John {}", "b".repeat(95));
    assert_eq!(decode_name(&just_fits).last_name.chars().count(), 95);
}

#[test]
fn a_name_longer_than_its_field_is_left_empty() {
    let typed = format!("John {}", "x".repeat(120));
    let got = decode_name(&typed);
    assert_eq!(got.first_name, "John");
    assert_eq!(got.last_name, "");
}

/// Case-insensitive form used to check that a name is present in the input.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_uppercase)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every word of every name occurs in the input, ignoring case (and backslash escapes, which
/// a quoted display name resolves).
fn names_are_present(decoded: &DecodedName, input: &str) -> Result<(), TestCaseError> {
    let plain = fold(input);
    let unescaped = fold(&input.replace('\\', ""));
    for word in decoded
        .first_name
        .split(' ')
        .chain(decoded.last_name.split(' '))
        .filter(|w| !w.is_empty())
    {
        let word = fold(word);
        prop_assert!(
            plain.contains(&word) || unescaped.contains(&word),
            "{word:?} not in {input:?}: {decoded:?}"
        );
    }
    Ok(())
}

/// Text made of name-ish pieces: words in several scripts and cases, particles, titles,
/// separators, quotes, brackets, digits and address characters.
fn name_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(" ".to_string()),
        Just(", ".to_string()),
        Just(".".to_string()),
        Just("'".to_string()),
        Just("-".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("@".to_string()),
        Just("+".to_string()),
        Just("_".to_string()),
        "[a-zA-Z]{1,8}",
        "[a-z]{2,8}",
        "[A-Z]{2,8}",
        "[à-ÿ]{1,4}",
        "[а-яА-Я]{1,6}",
        "[α-ωΑ-Ω]{1,6}",
        "[一-龥]{1,3}",
        "[0-9]{1,4}",
        prop::sample::select(vec![
            "van",
            "de",
            "la",
            "Dr.",
            "Mr",
            "jr",
            "PhD",
            "ß",
            "İ",
            "ſ",
            "ǅ",
            "ς",
            "Σ",
            "K",
            "example.com",
            "@example.com",
            "info",
            "o'brien",
            "=?",
        ])
        .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![name_like(), "\\PC{0,80}", any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoding_never_panics(typed in any::<String>()) {
        let _ = decode_name(&typed);
    }

    #[test]
    fn decoding_long_text_never_panics(typed in "\\PC{200,300}") {
        let _ = decode_name(&typed);
    }

    #[test]
    fn names_only_contain_text_present_in_the_input(typed in any_text()) {
        names_are_present(&decode_name(&typed), &typed)?;
    }

    #[test]
    fn the_email_is_a_substring_of_the_input(typed in any_text()) {
        let decoded = decode_name(&typed);
        prop_assert!(decoded.email.is_empty() || typed.contains(&decoded.email), "{decoded:?}");
        prop_assert!(decoded.phone.is_empty() || typed.contains(&decoded.phone), "{decoded:?}");
    }

    #[test]
    fn a_phone_fills_nothing_else(typed in prop_oneof![any_text(), "[0-9 ()+./-]{0,25}"]) {
        let decoded = decode_name(&typed);
        if !decoded.phone.is_empty() {
            prop_assert_eq!(
                (&decoded.first_name, &decoded.last_name, &decoded.email),
                (&String::new(), &String::new(), &String::new())
            );
            let digits = decoded.phone.chars().filter(char::is_ascii_digit).count();
            prop_assert!((7..=15).contains(&digits));
        }
    }

    #[test]
    fn names_never_come_from_the_domain(
        local in "[a-zA-Z]{1,8}('[a-zA-Z]{1,4})?([._-][a-zA-Z]{1,8}){0,3}(\\+[a-z0-9]{1,5})?",
        domain in "[a-zA-Z]{1,8}(\\.[a-zA-Z]{2,6}){1,2}",
        angle in any::<bool>(),
    ) {
        let address = format!("{local}@{domain}");
        let typed = if angle { format!("<{address}>") } else { address.clone() };
        let decoded = decode_name(&typed);
        prop_assert_eq!(&decoded.email, &address);
        let local_folded = fold(&local);
        for name in [&decoded.first_name, &decoded.last_name] {
            let name = fold(name);
            prop_assert!(local_folded.contains(&name), "{name:?} not from {local:?}");
            for label in domain.split('.') {
                let label = fold(label);
                prop_assert!(
                    !name.contains(&label) || local_folded.contains(&label),
                    "{name:?} holds domain label {label:?} of {typed:?}"
                );
            }
        }
    }

    #[test]
    fn decoding_is_deterministic(typed in any_text()) {
        prop_assert_eq!(decode_name(&typed), decode_name(&typed.clone()));
    }

    #[test]
    fn two_lower_case_words_are_title_cased_first_and_last(
        first in "[a-z]{2,10}",
        last in "[a-z]{2,10}",
    ) {
        let is_special = |w: &str| {
            HONORIFICS.contains(&w) || SUFFIXES.contains(&w) || PARTICLES.contains(&w)
        };
        prop_assume!(!is_special(&first) && !is_special(&last));
        let decoded = decode_name(&format!("{first} {last}"));
        prop_assert_eq!(decoded.first_name, title_case(&first));
        prop_assert_eq!(decoded.last_name, title_case(&last));
    }
}
