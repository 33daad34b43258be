//! Decoding a name from typed text (SPEC §3.2): what a new contact's form is pre-filled with
//! when it is created from Quickfind, from a work item's search text, or from an unknown
//! email sender's `From:` value.
//!
//! Pure and portable (browser and server): only std, serde and `email_address`. The address is
//! checked with the contact field's own [`email_options`], so a filled email always passes the
//! email rule of SPEC §3.1.
//!
//! Decisions where the SPEC is silent (all follow rule 8, "when not confident, leave it empty"):
//! - Input is trimmed first; more than 254 characters, or any control / bidi-override / line
//!   separator character, gives an empty result. Whitespace runs in names collapse to one space.
//! - A name word may hold letters (any script), combining marks and inner `'` `’` `-`; a word
//!   with anything else (digits, other punctuation) makes the whole name "not confident" and
//!   both names stay empty. Initials (`J`, `J.`) are never stored as a name.
//! - Honorifics are dropped only at the start of a name, suffixes only at the end (so a first
//!   name `Md` is kept). A display name that is a single word (`Jane <jane.doe@x.com>`) is not
//!   decoded by rule 5 (rule 1 names rules 3-4 only): the address is decoded by rule 2
//!   instead, as it is when the display name does not decode (digits, an address, an RFC 2047
//!   encoded word). `Mr Smith` (one word after an honorific) is a last name everywhere.
//! - `Last, First`: more than one comma-separated part beyond the last name that is not a
//!   suffix is not confident (empty names); `John Smith, Jr.` is decoded as `John Smith`.
//! - In a bare address, role mailboxes are recognised with or without separators
//!   (`do.not.reply`) and when any part is a role word (`support.team`).
//! - Phone detection refuses text shaped like a date (`2024-01-15`, `15/01/2024`) and
//!   unbalanced parentheses; the phone field gets the trimmed text as typed.
//! - Title-casing upper-cases the first letter of each part (after a space, `-`, `'`, `’`) and
//!   lower-cases the rest; it never adds letters (no Mc/Mac rules), so a letter whose capital is
//!   several letters (`ß`) is left as typed.

use email_address::EmailAddress;
use serde::{Deserialize, Serialize};

use crate::domain::contact::{email_options, max_chars, phone_problem};

/// What a contact form is pre-filled with. Empty string = leave the field empty (never invent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedName {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
}

/// The longest input that is decoded at all (the longest email address, SPEC §3.1).
const MAX_INPUT_CHARS: usize = 254;

const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"];
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"];
const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "del", "der", "den", "di", "du", "le", "la", "ter", "ten", "dos",
    "das", "bin", "al",
];
/// Role mailboxes, written without separators (`no-reply` and `noreply` are both `noreply`).
const ROLE_MAILBOXES: &[&str] = &[
    "info",
    "support",
    "noreply",
    "admin",
    "sales",
    "contact",
    "hello",
    "office",
    "billing",
    "accounts",
    "help",
    "team",
    "service",
    "enquiries",
    "postmaster",
    "webmaster",
    "mailerdaemon",
    "donotreply",
];

/// Decodes what an agent typed (or an email's `From:` value) into the fields of a new contact
/// (SPEC §3.2). Fields it is not confident about are left empty.
pub fn decode_name(typed: &str) -> DecodedName {
    let text = typed.trim();
    if text.is_empty()
        || text.chars().count() > MAX_INPUT_CHARS
        || text.chars().any(is_refused_char)
    {
        return DecodedName::default();
    }
    // Rule 6.
    if looks_like_phone(text) {
        return DecodedName {
            phone: text.to_string(),
            ..DecodedName::default()
        };
    }
    // Rule 1.
    if text.contains(['<', '>']) {
        return decode_name_addr(text).unwrap_or_default();
    }
    // Rule 2.
    if text.contains('@') {
        if !is_valid_email(text) {
            return DecodedName::default();
        }
        let (first_name, last_name) = names_from_address(text).unwrap_or_default();
        return finish(first_name, last_name, text);
    }
    // Rules 3-5, 7.
    let (first_name, last_name) = person_name(text, true).unwrap_or_default();
    finish(first_name, last_name, "")
}

/// Applies the field limits: a name too long for its field is left empty.
fn finish(first_name: String, last_name: String, email: &str) -> DecodedName {
    let fits = |field: &str, value: String| match max_chars(field) {
        Some(max) if value.chars().count() > max => String::new(),
        _ => value,
    };
    DecodedName {
        first_name: fits("first_name", first_name),
        last_name: fits("last_name", last_name),
        email: email.to_string(),
        phone: String::new(),
    }
}

/// Same set as the contact field rules refuse (SPEC §3.1).
fn is_refused_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

fn is_valid_email(addr: &str) -> bool {
    !addr.is_empty()
        && max_chars("email").is_none_or(|max| addr.chars().count() <= max)
        && EmailAddress::parse_with_options(addr, email_options()).is_ok()
}

// ---------------------------------------------------------------------------------------------
// Rule 6: phone numbers, by their characters.

fn looks_like_phone(text: &str) -> bool {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '-' | '.' | ' ' | '/'))
    {
        return false;
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && phone_problem(text).is_none()
        && max_chars("phone").is_none_or(|max| text.chars().count() <= max)
        && parentheses_balanced(text)
        && !looks_like_date(text)
}

/// At most one level of parentheses, each opened one closed.
fn parentheses_balanced(text: &str) -> bool {
    let mut open = false;
    for c in text.chars() {
        match c {
            '(' if open => return false,
            '(' => open = true,
            ')' if !open => return false,
            ')' => open = false,
            _ => {}
        }
    }
    !open
}

/// `2024-01-15`, `15.01.2024`, `1/5/2024`: three digit groups joined by one kind of separator,
/// shaped like a date.
fn looks_like_date(text: &str) -> bool {
    ['-', '.', '/'].into_iter().any(|sep| {
        let groups: Vec<&str> = text.split(sep).collect();
        if groups.len() != 3 || !groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit())) {
            return false;
        }
        let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let short = |n: usize| (1..=2).contains(&n);
        (lens[0] == 4 && short(lens[1]) && short(lens[2]))
            || (short(lens[0]) && short(lens[1]) && lens[2] == 4)
    })
}

// ---------------------------------------------------------------------------------------------
// Rule 1: `display-name <addr-spec>` (RFC 5322 `name-addr`).

fn decode_name_addr(text: &str) -> Option<DecodedName> {
    let (display, addr) = split_name_addr(text)?;
    let email = if is_valid_email(addr) { addr } else { "" };
    let from_address = || {
        if email.is_empty() {
            None
        } else {
            names_from_address(email)
        }
    };
    let display = strip_wrapping_quotes(&collapse_whitespace(&display)).to_string();
    let names = if display.is_empty() || display.contains('@') || display.contains("=?") {
        from_address()
    } else {
        person_name(&display, false).or_else(from_address)
    };
    let (first_name, last_name) = names.unwrap_or_default();
    Some(finish(first_name, last_name, email))
}

/// Splits a `name-addr` into its display name (quoted strings unquoted, backslash escapes
/// resolved) and the address between the angle brackets (a slice of `text`, as typed).
/// `None` when the brackets or quotes do not form one `name-addr`.
fn split_name_addr(text: &str) -> Option<(String, &str)> {
    let mut display = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => loop {
                let (_, q) = chars.next()?;
                match q {
                    '\\' => display.push(chars.next()?.1),
                    '"' => break,
                    _ => display.push(q),
                }
            },
            '<' => {
                let addr = text[i + 1..].trim_end().strip_suffix('>')?;
                if addr.contains(['<', '>']) {
                    return None;
                }
                return Some((display, addr.trim()));
            }
            '>' => return None,
            _ => display.push(c),
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Rule 2: names from an address's local part.

fn names_from_address(addr: &str) -> Option<(String, String)> {
    let (local, _domain) = addr.rsplit_once('@')?;
    // Never look at the domain. Drop a `+tag`.
    let local = local.split('+').next().unwrap_or_default();
    if local.is_empty() {
        return None;
    }
    let parts: Vec<&str> = local.split(['.', '_', '-']).collect();
    let joined = parts.concat().to_lowercase();
    if ROLE_MAILBOXES.contains(&joined.as_str())
        || parts
            .iter()
            .any(|p| ROLE_MAILBOXES.contains(&p.to_lowercase().as_str()))
    {
        return None;
    }
    if !(2..=3).contains(&parts.len()) || !parts.iter().all(|p| is_alphabetic_part(p)) {
        return None;
    }
    let case = case_of(parts.iter().copied());
    let name = |part: &str| {
        if is_initial(part) {
            String::new()
        } else {
            fix_case(part, case, false)
        }
    };
    let first = name(parts[0]);
    let last = name(parts[parts.len() - 1]);
    if first.is_empty() && last.is_empty() {
        return None;
    }
    Some((first, last))
}

/// Letters (and combining marks), with apostrophes allowed inside (`o'brien`).
fn is_alphabetic_part(part: &str) -> bool {
    let chars: Vec<char> = part.chars().collect();
    let (Some(first), Some(last)) = (chars.first(), chars.last()) else {
        return false;
    };
    first.is_alphabetic()
        && !is_apostrophe(*last)
        && chars
            .iter()
            .all(|&c| is_letter_or_mark(c) || is_apostrophe(c))
        && !chars
            .windows(2)
            .any(|w| is_apostrophe(w[0]) && is_apostrophe(w[1]))
}

// ---------------------------------------------------------------------------------------------
// Rules 3-5 and 7: a person's name.

/// Decodes a name written by a person (typed text or a display name) into (first, last).
/// `allow_single_word`: rule 5 applies (typed text); a display name needs two words, or one
/// word after an honorific.
fn person_name(text: &str, allow_single_word: bool) -> Option<(String, String)> {
    let text = collapse_whitespace(text);
    let text = strip_wrapping_quotes(&text);
    if !text.contains(',') {
        return words_name(text, allow_single_word);
    }
    // Rule 3: `Last, First`; parts that are only suffixes (`Jr.`) or titles are dropped.
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.split_whitespace().all(is_title))
        .collect();
    match parts.as_slice() {
        [single] => words_name(single, allow_single_word),
        [last, first] => comma_name(last, first),
        _ => None,
    }
}

/// `Last, First` with both parts given.
fn comma_name(last_part: &str, first_part: &str) -> Option<(String, String)> {
    let (last_words, _) = strip_titles(last_part);
    let (first_words, _) = strip_titles(first_part);
    if !last_words
        .iter()
        .chain(&first_words)
        .all(|w| is_name_word(w) || is_initial(w))
    {
        return None;
    }
    let case = case_of(last_words.iter().chain(&first_words).copied());
    let first = match first_words.first() {
        Some(w) if !is_initial(w) => fix_case(w, case, false),
        _ => String::new(),
    };
    let last = if last_words.iter().any(|w| is_initial(w)) {
        String::new()
    } else {
        last_name_of(&last_words, case)
    };
    if first.is_empty() && last.is_empty() {
        return None;
    }
    Some((first, last))
}

/// Rules 4 and 5: words separated by spaces.
fn words_name(text: &str, allow_single_word: bool) -> Option<(String, String)> {
    let (words, had_honorific) = strip_titles(text);
    if words.is_empty() || !words.iter().all(|w| is_name_word(w) || is_initial(w)) {
        return None;
    }
    let case = case_of(words.iter().copied());
    if let [word] = words.as_slice() {
        if is_initial(word) || !(allow_single_word || had_honorific) {
            return None;
        }
        return Some((String::new(), fix_case(word, case, false)));
    }
    let n = words.len();
    // Particles before the last word stay with it. When every word before the last is a
    // particle (`van Gogh`), the whole text is one surname and there is no first name.
    let mut start = n - 1;
    while start > 0 && is_particle(words[start - 1], case) {
        start -= 1;
    }
    let first = if start == 0 || is_initial(words[0]) {
        String::new()
    } else {
        fix_case(words[0], case, false)
    };
    let last = if is_initial(words[n - 1]) {
        String::new()
    } else {
        last_name_of(&words[start..], case)
    };
    if first.is_empty() && last.is_empty() {
        return None;
    }
    Some((first, last))
}

/// The words of a last name, particles (not the final word) lower-cased when the input is all
/// one case.
fn last_name_of(words: &[&str], case: Case) -> String {
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| fix_case(w, case, i + 1 < n && is_particle(w, case)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words of `text` without leading honorifics and trailing suffixes; also whether an
/// honorific was dropped.
fn strip_titles(text: &str) -> (Vec<&str>, bool) {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let leading = words.iter().take_while(|w| is_honorific(w)).count();
    words.drain(..leading);
    while words.last().is_some_and(|w| is_suffix(w)) {
        words.pop();
    }
    (words, leading > 0)
}

fn title_key(word: &str) -> String {
    word.to_lowercase().replace('.', "")
}

fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&title_key(word).as_str())
}

fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&title_key(word).as_str())
}

fn is_title(word: &str) -> bool {
    is_honorific(word) || is_suffix(word)
}

/// A name particle: listed, and lower-case as typed or the whole name is in one case.
fn is_particle(word: &str, case: Case) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
        && (matches!(case, Case::Lower | Case::Upper) || case_of([word]) == Case::Lower)
}

/// One letter, optionally followed by a dot, in a script with letter case (`J`, `j.`; a
/// single Chinese character is a name, not an initial).
fn is_initial(word: &str) -> bool {
    let core = word.strip_suffix('.').unwrap_or(word);
    let mut chars = core.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => {
            c.is_alphabetic() && (word.ends_with('.') || c.is_uppercase() || c.is_lowercase())
        }
        _ => false,
    }
}

/// A word of a name: starts with a letter, holds letters, combining marks and single `'`, `’`
/// or `-` between them.
fn is_name_word(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let (Some(first), Some(last)) = (chars.first(), chars.last()) else {
        return false;
    };
    first.is_alphabetic()
        && !is_connector(*last)
        && chars
            .iter()
            .all(|&c| is_letter_or_mark(c) || is_connector(c))
        && !chars
            .windows(2)
            .any(|w| is_connector(w[0]) && is_connector(w[1]))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

fn is_connector(c: char) -> bool {
    is_apostrophe(c) || c == '-'
}

/// Letters, plus the combining marks and joiners that names in many scripts need (not all of
/// which are `Alphabetic`, e.g. the Devanagari virama).
fn is_letter_or_mark(c: char) -> bool {
    if c.is_alphabetic() {
        return true;
    }
    if c.is_numeric() {
        return false;
    }
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0900}'..='\u{0963}'
            | '\u{0966}'..='\u{0DFF}'
            | '\u{0E00}'..='\u{0E3E}'
            | '\u{0E40}'..='\u{0E4E}'
            | '\u{0E80}'..='\u{0EFF}'
            | '\u{1000}'..='\u{109F}'
            | '\u{1780}'..='\u{17D3}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'
            | '\u{309A}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

// ---------------------------------------------------------------------------------------------
// Rule 7: letter case.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    /// Every cased letter is lower-case.
    Lower,
    /// Every cased letter is upper-case.
    Upper,
    /// Both: kept exactly as typed.
    Mixed,
    /// No cased letters (Chinese, Japanese, Arabic…): kept as typed.
    Uncased,
}

fn case_of<'a>(words: impl IntoIterator<Item = &'a str>) -> Case {
    let (mut lower, mut upper) = (false, false);
    for c in words.into_iter().flat_map(str::chars) {
        lower |= c.is_lowercase();
        upper |= c.is_uppercase();
    }
    match (lower, upper) {
        (true, false) => Case::Lower,
        (false, true) => Case::Upper,
        (true, true) => Case::Mixed,
        (false, false) => Case::Uncased,
    }
}

/// One name word in the case rule 7 asks for.
fn fix_case(word: &str, case: Case, particle: bool) -> String {
    match case {
        Case::Mixed | Case::Uncased => word.to_string(),
        Case::Lower | Case::Upper if particle => word.to_lowercase(),
        Case::Lower | Case::Upper => title_case(word),
    }
}

/// `o'brien` → `O'Brien`, `ANNE-MARIE` → `Anne-Marie`: the first letter of each part upper,
/// the rest lower.
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut segment = String::new();
    for c in word.chars() {
        if is_connector(c) {
            out.push_str(&title_segment(&segment));
            segment.clear();
            out.push(c);
        } else {
            segment.push(c);
        }
    }
    out.push_str(&title_segment(&segment));
    out
}

fn title_segment(segment: &str) -> String {
    let mut chars = segment.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut upper = first.to_uppercase();
    let first = match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        // A capital that is several letters (`ß` → `SS`) would add letters: keep as typed.
        _ => first,
    };
    let mut out = String::from(first);
    out.push_str(&chars.as_str().to_lowercase());
    out
}

// ---------------------------------------------------------------------------------------------
// Helpers.

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `'Jane Doe'` → `Jane Doe`, `"Jane Doe"` → `Jane Doe`.
fn strip_wrapping_quotes(text: &str) -> &str {
    for q in ['\'', '"'] {
        if let Some(inner) = text.strip_prefix(q).and_then(|rest| rest.strip_suffix(q)) {
            return inner.trim();
        }
    }
    text
}

#[cfg(test)]
#[path = "name_decoder_tests.rs"]
mod tests;
