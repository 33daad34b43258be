//! What the search index stores for a record, and the typo candidates of a query word (SPEC
//! §3.4). Pure and shared by both engines, so a contact is indexed the same way whether it
//! lives in SQLite or PostgreSQL.
//!
//! A record's *search document* is its searchable text as index words separated by single
//! spaces, in source order:
//! - Text is split on white space; each piece loses leading and trailing characters that are
//!   not letters, digits or combining marks, is lower-cased (Unicode) and has `’` read as `'`
//!   — exactly what [`crate::domain::quickfind::Query::parse`] does to a typed word, so a typed
//!   word and a stored word compare equal. Inner punctuation stays (`o'brien`, `anne-marie`,
//!   `jane.doe@example.com`); the engines also index the pieces between punctuation (SQLite's
//!   tokenizer splits on it; PostgreSQL's lexeme function adds the pieces).
//! - A phone number becomes one token: `~` and its E.164 digits reversed, so "ends with these
//!   digits" (SPEC: also the last 7+ digits) is a prefix search the index answers.
//! - The document is cut to [`MAX_DOC_CHARS`] characters (a long email is searchable by its
//!   first pages).

use crate::domain::quickfind::{is_ascii_digits, phone_tail, trim_outer};

/// The longest search document stored (characters).
pub const MAX_DOC_CHARS: usize = 20_000;
/// Words longer than this get no typo candidates (there would be thousands).
pub const MAX_TYPO_WORD_CHARS: usize = 24;
/// The letters tried when substituting or inserting a character: the Latin alphabet, plus the
/// word's own letters (so non-Latin words get candidates from their own script).
const TYPO_ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz";

/// The index words of `text`, in order (see the module documentation).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().filter_map(|piece| {
        let core = trim_outer(piece);
        (!core.is_empty()).then(|| core.replace('\u{2019}', "'").to_lowercase())
    })
}

/// Builds a search document. `texts` are the record's searchable fields (names, email,
/// account, title, subject, body, addresses); `phones` are E.164 numbers (`+442079460958`) or
/// any text whose digits are the number.
pub fn document<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    phones: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut doc = String::new();
    let mut chars = 0usize;
    // Phones first, so a long body cut at the limit never loses them.
    let tokens = phones
        .into_iter()
        .filter_map(phone_token)
        .chain(texts.into_iter().flat_map(words));
    for token in tokens {
        let len = token.chars().count();
        if chars + len + 1 > MAX_DOC_CHARS {
            break;
        }
        if !doc.is_empty() {
            doc.push(' ');
        }
        doc.push_str(&token);
        chars += len + 1;
    }
    doc
}

/// A contact's search document: names, email, account identifier and name, phone and mobile
/// (SPEC §3.4 "People match on …").
pub fn contact_document(
    first_name: Option<&str>,
    last_name: Option<&str>,
    email: Option<&str>,
    account: Option<(&str, &str)>,
    phones: [Option<&str>; 2],
) -> String {
    let (identifier, name) = account.unwrap_or(("", ""));
    document(
        [
            first_name.unwrap_or(""),
            last_name.unwrap_or(""),
            email.unwrap_or(""),
            identifier,
            name,
        ],
        phones.into_iter().flatten(),
    )
}

/// A work item's search document: its title (the reference is matched by number).
pub fn work_item_document(title: &str) -> String {
    document([title], [])
}

/// A communication's search documents: `(words, head)`. Every word of the subject, body and
/// addresses is in the first, after a [`member_token`] for each contact it belongs to
/// (`members`: its own contact and the contacts tagged on its work item); the second (subject
/// and addresses) is what substrings are matched in. An address that is a phone number (SMS) is
/// also indexed as one.
pub fn communication_documents(
    subject: Option<&str>,
    body: &str,
    addresses: [Option<&str>; 2],
    members: &[i64],
) -> (String, String) {
    let phones = addresses
        .into_iter()
        .flatten()
        .filter(|a| !a.chars().any(char::is_alphabetic));
    let head = document(
        [subject.unwrap_or("")]
            .into_iter()
            .chain(addresses.into_iter().flatten()),
        phones.clone(),
    );
    let words = document(
        [subject.unwrap_or("")]
            .into_iter()
            .chain(addresses.into_iter().flatten())
            .chain([body]),
        phones,
    );
    let mut members: Vec<i64> = members.to_vec();
    members.sort_unstable();
    members.dedup();
    let mut doc = members
        .iter()
        .map(|id| member_token(*id))
        .collect::<Vec<_>>()
        .join(" ");
    if !doc.is_empty() && !words.is_empty() {
        doc.push(' ');
    }
    doc.push_str(&words);
    (doc, head)
}

/// The index token saying "this communication belongs to contact `id`": `~~c` and the id.
/// No typed word can produce it (a query word loses its leading punctuation), so it only
/// serves the per-contact communications search.
pub fn member_token(id: i64) -> String {
    format!("~~c{id}")
}

/// The index token of a stored phone number: `~` and its digits reversed. `None` when it has
/// fewer than 7 digits (not a number anyone searches for).
pub fn phone_token(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| format!("~{}", digits.chars().rev().collect::<String>()))
}

/// The token prefix a typed phone number (its digits) is searched with: `~` and the reversed
/// [`phone_tail`], so `020 7946 0958` finds `+44 20 7946 0958`.
pub fn phone_query(digits: &str) -> String {
    format!("~{}", phone_tail(digits).chars().rev().collect::<String>())
}

/// Every word at Damerau–Levenshtein distance exactly 1 from `word` (one character deleted,
/// inserted, replaced, or two neighbours swapped), without duplicates and without `word`
/// itself, in a stable order. Empty for words longer than [`MAX_TYPO_WORD_CHARS`] and for
/// numbers (a "typo" in a number finds a different number).
pub fn typo_variants(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.is_empty() || chars.len() > MAX_TYPO_WORD_CHARS || is_ascii_digits(word) {
        return Vec::new();
    }
    let mut alphabet: Vec<char> = TYPO_ALPHABET.chars().collect();
    for &c in &chars {
        if !alphabet.contains(&c) && c.is_alphanumeric() {
            alphabet.push(c);
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    seen.insert(word.to_string());
    let mut push = |candidate: Vec<char>, out: &mut Vec<String>| {
        let text: String = candidate.into_iter().collect();
        if !text.is_empty() && seen.insert(text.clone()) {
            out.push(text);
        }
    };
    for i in 0..chars.len() {
        let mut v = chars.clone();
        v.remove(i);
        push(v, &mut out);
    }
    for i in 0..chars.len().saturating_sub(1) {
        let mut v = chars.clone();
        v.swap(i, i + 1);
        push(v, &mut out);
    }
    for i in 0..chars.len() {
        for &c in &alphabet {
            if c != chars[i] {
                let mut v = chars.clone();
                v[i] = c;
                push(v, &mut out);
            }
        }
    }
    for i in 0..=chars.len() {
        for &c in &alphabet {
            let mut v = chars.clone();
            v.insert(i, c);
            push(v, &mut out);
        }
    }
    out
}

/// The pieces of an index word between punctuation (`o'brien` → `o`, `brien`), as the engines
/// index them besides the whole word.
pub fn pieces(word: &str) -> impl Iterator<Item = &str> {
    word.split(|c: char| !crate::domain::quickfind::is_word_char(c) && c != '~')
        .filter(|piece| !piece.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_communication_document_starts_with_its_contacts_membership_tokens() {
        let (doc, head) = communication_documents(
            Some("Refund"),
            "Where is my parcel?",
            [Some("ann@example.com"), None],
            &[42, 7, 42],
        );
        assert_eq!(doc, "~~c7 ~~c42 refund ann@example.com where is my parcel");
        assert_eq!(
            head, "refund ann@example.com",
            "substrings never see membership"
        );
        // No typed word can become a membership token.
        let typed: Vec<String> = words("~~c42").collect();
        assert_eq!(typed, ["c42"]);
    }

    #[test]
    fn words_match_what_the_parser_makes_of_a_typed_word() {
        let got: Vec<String> =
            words("  Mary-Jane  O’Brien, <Jane.Doe@Example.com> (Acme Ltd.)").collect();
        assert_eq!(
            got,
            [
                "mary-jane",
                "o'brien",
                "jane.doe@example.com",
                "acme",
                "ltd"
            ]
        );
    }

    #[test]
    fn document_joins_words_and_reversed_phones() {
        let doc = document(["Jane Doe", "", "ACME"], ["+442079460958", "12"]);
        assert_eq!(doc, "~859064970244 jane doe acme");
    }

    #[test]
    fn document_is_cut_at_the_limit_between_words() {
        let long = "word ".repeat(MAX_DOC_CHARS);
        let doc = document([long.as_str()], []);
        assert!(doc.chars().count() <= MAX_DOC_CHARS);
        assert!(doc.ends_with("word"));
    }

    #[test]
    fn a_typed_phone_is_the_prefix_of_the_stored_token() {
        let stored = phone_token("+44 20 7946 0958").unwrap_or_default();
        for typed in ["02079460958", "442079460958", "4420794609", "79460958"] {
            let query = phone_query(typed);
            let tail_matches = stored.starts_with(&query);
            let tail = phone_tail(typed);
            assert_eq!(tail_matches, "442079460958".ends_with(tail), "{typed}");
        }
        assert!(stored.starts_with(&phone_query("02079460958")));
        assert!(stored.starts_with(&phone_query("9460958")));
        assert_eq!(phone_token("123"), None);
    }

    #[test]
    fn typo_variants_cover_each_kind_of_edit() {
        let v = typo_variants("smith");
        for expected in ["smth", "msith", "smyth", "smiths", "ssmith"] {
            assert!(v.iter().any(|w| w == expected), "{expected} missing");
        }
        assert!(!v.iter().any(|w| w == "smith"));
        let unique: std::collections::HashSet<_> = v.iter().collect();
        assert_eq!(unique.len(), v.len());
        assert!(typo_variants("40308").is_empty());
        assert!(typo_variants(&"a".repeat(MAX_TYPO_WORD_CHARS + 1)).is_empty());
        assert!(typo_variants("müller").iter().any(|w| w == "muller"));
        assert!(typo_variants("ölçer").iter().any(|w| w == "ölçr"));
    }

    #[test]
    fn pieces_split_on_inner_punctuation() {
        assert_eq!(pieces("o'brien").collect::<Vec<_>>(), ["o", "brien"]);
        assert_eq!(
            pieces("jane.doe@example.com").collect::<Vec<_>>(),
            ["jane", "doe", "example", "com"]
        );
        assert_eq!(pieces("~8590").collect::<Vec<_>>(), ["~8590"]);
    }

    fn distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #[test]
        fn every_variant_is_one_edit_away(word in "[a-zé]{1,10}") {
            for v in typo_variants(&word) {
                prop_assert_eq!(distance(&word, &v), 1, "{} -> {}", word, v);
            }
        }

        #[test]
        fn documents_never_panic_and_hold_only_index_words(text in "\\PC{0,200}", phone in "[0-9 +()-]{0,20}") {
            let doc = document([text.as_str()], [phone.as_str()]);
            for token in doc.split(' ').filter(|_| !doc.is_empty()) {
                prop_assert!(!token.is_empty());
                prop_assert!(!token.chars().any(char::is_whitespace));
            }
        }
    }
}
