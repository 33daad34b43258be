//! Quickfind query parsing (SPEC §2.2 item 8, §3.4 "Quickfind semantics").
//!
//! [`Query::parse`] turns what the agent typed into the header's Quickfind box into a list of
//! [`Term`]s that are ANDed. It is pure (std + serde only), compiles for the browser and the
//! server, and knows nothing about storage: both database engines' search implementations read
//! the same [`Query`], so a query means the same thing whichever engine answers it.
//!
//! Rules, in order:
//! 1. Control characters (`char::is_control`), the bidirectional override/isolate characters
//!    (U+202A–U+202E, U+2066–U+2069) and the invisible U+200B, U+2060, U+FEFF are spaces. The
//!    text is trimmed and cut to [`MAX_INPUT_CHARS`] characters (at a character boundary).
//! 2. Text between double quotes (`"`, `“`, `”`, `„` — any of them opens or closes) is one
//!    [`Term::Phrase`]; an unclosed quote runs to the end; an empty phrase is dropped. Inside a
//!    phrase, words are split on white space and punctuation, except that apostrophes and
//!    hyphens *between* letters stay (`"o'brien anne-marie"` → `["o'brien", "anne-marie"]`), as
//!    in a [`Term::Word`].
//! 3. Outside quotes the text is split on white space (a quote also ends a token) and each
//!    token is classified: an email address ([`Term::Email`] / [`Term::EmailPrefix`]), a work
//!    item reference (`40308-T`, `40308-c`), a phone number, a bare number, or a word.
//! 4. Phone numbers are often typed with spaces (`+44 20 7946 0958`, `(415) 555 2671`): a run
//!    of consecutive tokens made only of digits and `+ ( ) - . /` is joined into one
//!    [`Term::Phone`] when its digits number 7–15 (E.164 allows at most 15).
//! 5. Duplicate terms are removed (the first is kept) and at most [`MAX_TERMS`] terms are kept.
//!
//! Decisions where the SPEC and the brief are silent:
//! - A bare number of 1–6 digits (`40308`) gives a [`Term::Reference`] with `kind: None`
//!   **immediately followed** by a [`Term::Word`] with the same digits. The two are
//!   alternatives for one token (the number is a reference *or* text such as an order number);
//!   [`Query::groups`] returns them as one OR-group, and an engine must OR them rather than AND
//!   them. Such number words have `typo: false` (a one-digit "typo" in a number finds a
//!   different number), and so does any all-digit word; `substring` follows the usual 3+ rule.
//! - The 8-term limit counts output terms. A unit that does not fit whole (the
//!   reference + word pair of a bare number needs two places) is not cut in half: parsing stops
//!   there, and everything after it is ignored too.
//! - A run of phone-ish tokens with more than 15 digits (two numbers pasted one after the
//!   other) is cut greedily from the left: the longest prefix of tokens with 7–15 digits
//!   becomes a phone, and a token starting with `+` always starts a new number. A token that
//!   cannot start such a prefix is classified on its own (a number of 16+ digits is a word).
//! - Surrounding punctuation that is not part of a phone is ignored when recognising numbers,
//!   references and phones (`40308-T,`, `(40308)`, `#4155552671`, `0958,` in a run).
//! - Words keep inner punctuation (`acme.com`, `o'brien`, `anne-marie`); leading and trailing
//!   characters that are neither letters, digits nor combining marks are stripped. The
//!   typographic apostrophe `’` is read as `'` so `O’Brien` and `O'Brien` are one word;
//!   engines should fold stored text the same way. Characters are counted after lower-casing.
//! - Emails: everything outside `<…>` is dropped (`Doe<jane@x.com>`), a `mailto:` prefix and
//!   surrounding `< > , ; : ( ) [ ] { } " ' `` . ! ?` are stripped. "Complete" means
//!   `local@domain.tld`: one `@`, a non-empty local part, a domain of at least two non-empty
//!   labels of letters, digits and `-`, the last at least two characters. Anything else with
//!   an `@` and a letter or digit is an [`Term::EmailPrefix`] (`jane@exa`, `jane@`, `@acme`).
//!   While the agent is still typing, `jane@example.co` is already complete: engines should
//!   also prefix-match an [`Term::Email`], ranking the exact address first.
//! - Phones are matched on digits: [`Term::Phone`] keeps every digit typed (a leading `0`
//!   trunk prefix or `00` international prefix included). [`phone_tail`] gives the digits an
//!   engine matches as the *end* of a stored E.164 number (SPEC: "also the last 7+ digits").
//!   Only ASCII digits count.
//! - [`Query::is_short`] is false for an empty query (there is nothing to look up).

use serde::{Deserialize, Serialize};

/// Input longer than this (in characters, after trimming) is cut.
pub const MAX_INPUT_CHARS: usize = 200;
/// At most this many terms are kept; the rest of the input is ignored.
pub const MAX_TERMS: usize = 8;
/// Fewest digits that make a phone number (a local number without area code).
pub const MIN_PHONE_DIGITS: usize = 7;
/// Most digits of a phone number (E.164).
pub const MAX_PHONE_DIGITS: usize = 15;
/// Longest bare number that is read as a work item reference (plus a word).
pub const MAX_BARE_REFERENCE_DIGITS: usize = 6;

/// Characters that may appear in a typed phone number besides digits.
const PHONE_PUNCTUATION: [char; 6] = ['+', '(', ')', '-', '.', '/'];
/// Characters that open or close a quoted phrase.
const QUOTES: [char; 4] = ['"', '\u{201C}', '\u{201D}', '\u{201E}'];
/// Characters stripped from both ends of an email token.
const EMAIL_TRIM: [char; 18] = [
    '<', '>', ',', ';', ':', '(', ')', '[', ']', '{', '}', '"', '\'', '`', '.', '!', '?',
    '\u{2019}',
];

/// One thing the agent searches for. A [`Query`]'s terms are ANDed (see [`Query::groups`] for
/// the one exception).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Term {
    /// A word: matched as a prefix of a word in a field; 3+ chars also as a substring; 5+ chars
    /// also with one typo (never for an all-digit word).
    Word {
        /// Lower-cased (Unicode `to_lowercase`), never empty, `’` read as `'`.
        text: String,
        /// At least 3 characters: also match inside words.
        substring: bool,
        /// At least 5 characters and not all digits: also match with one typo.
        typo: bool,
    },
    /// `"quoted phrase"`: lower-cased words, in order; never empty.
    Phrase(Vec<String>),
    /// A whole email address, lower-cased, e.g. `jane.doe@example.com`.
    Email(String),
    /// A partial address containing `@`, lower-cased, e.g. `jane@exa`.
    EmailPrefix(String),
    /// A phone number: its ASCII digits only (no `+`), 7–15 of them. It matches a stored
    /// number whose E.164 digits are equal or end with [`phone_tail`] of these digits.
    Phone {
        /// 7–15 ASCII digits.
        digits: String,
    },
    /// A work item reference: `40308-T` → `{40308, Some(Ticket)}`, `40308-c` → `Case`; a bare
    /// number of 1–6 digits → `{number, None}`, always followed by its digits as a `Word`.
    Reference {
        /// The per-tenant number.
        number: u64,
        /// `None` when typed without `-T`/`-C`: matches tickets and cases.
        kind: Option<RefKind>,
    },
}

/// The kind named by a reference's suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefKind {
    /// `-T`
    Ticket,
    /// `-C`
    Case,
}

/// A parsed Quickfind query: terms ANDed, at most [`MAX_TERMS`], no duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    /// Parses what the agent typed (see the module documentation). Never fails: anything that
    /// is not recognised is ignored.
    pub fn parse(input: &str) -> Query {
        let text = normalise(input);
        let mut out = Builder::default();
        let mut tokens: Vec<&str> = Vec::new();
        for piece in pieces(&text) {
            match piece {
                Piece::Token(token) => tokens.push(token),
                Piece::Phrase(phrase) => {
                    classify_tokens(&tokens, &mut out);
                    tokens.clear();
                    let words = phrase_words(phrase);
                    if !words.is_empty() {
                        out.push(vec![Term::Phrase(words)]);
                    }
                }
            }
            if out.full {
                break;
            }
        }
        classify_tokens(&tokens, &mut out);
        Query { terms: out.terms }
    }

    /// True when there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when every term is a 1–2 character [`Term::Word`] (the engines answer these from a
    /// prefix index, SPEC §3.4). False for an empty query.
    pub fn is_short(&self) -> bool {
        !self.terms.is_empty()
            && self.terms.iter().all(|term| match term {
                Term::Word { text, .. } => text.chars().count() <= 2,
                _ => false,
            })
    }

    /// The terms as AND-ed groups of OR-ed alternatives: every term is its own group, except a
    /// `Reference { kind: None }` followed by the `Word` with its digits (one bare number),
    /// which form one group of two.
    pub fn groups(&self) -> Vec<&[Term]> {
        let terms = &self.terms;
        let mut groups = Vec::with_capacity(terms.len());
        let mut i = 0;
        while i < terms.len() {
            let pair = match (&terms[i], terms.get(i + 1)) {
                (Term::Reference { number, kind: None }, Some(Term::Word { text, .. })) => {
                    is_ascii_digits(text) && text.parse::<u64>().ok() == Some(*number)
                }
                _ => false,
            };
            let len = if pair { 2 } else { 1 };
            groups.push(&terms[i..i + len]);
            i += len;
        }
        groups
    }
}

/// The digits of a [`Term::Phone`] an engine matches against the end of stored E.164 digits:
/// the typed digits without leading zeros (a national trunk prefix `0` or the international
/// prefix `00`), unless that would leave fewer than [`MIN_PHONE_DIGITS`] digits, in which
/// case the digits are returned unchanged. `02079460958` → `2079460958` (a suffix of
/// `442079460958`); `9460958` → `9460958`.
pub fn phone_tail(digits: &str) -> &str {
    let stripped = digits.trim_start_matches('0');
    if stripped.len() >= MIN_PHONE_DIGITS {
        stripped
    } else {
        digits
    }
}

/// Collects terms: removes duplicates, stops at [`MAX_TERMS`].
#[derive(Default)]
struct Builder {
    terms: Vec<Term>,
    full: bool,
}

impl Builder {
    /// Adds the new terms of one token (a unit that must not be split). Once a unit does not
    /// fit, nothing more is added.
    fn push(&mut self, unit: Vec<Term>) {
        if self.full {
            return;
        }
        let mut new: Vec<Term> = Vec::with_capacity(unit.len());
        for term in unit {
            if !self.terms.contains(&term) && !new.contains(&term) {
                new.push(term);
            }
        }
        if self.terms.len() + new.len() > MAX_TERMS {
            self.full = true;
            return;
        }
        self.terms.extend(new);
        if self.terms.len() == MAX_TERMS {
            self.full = true;
        }
    }
}

/// Control and invisible characters → spaces, trim, cut to [`MAX_INPUT_CHARS`].
fn normalise(input: &str) -> String {
    let spaced: String = input
        .chars()
        .map(|c| if is_invisible(c) { ' ' } else { c })
        .collect();
    spaced.trim().chars().take(MAX_INPUT_CHARS).collect()
}

fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

enum Piece<'a> {
    /// White-space separated text outside quotes.
    Token(&'a str),
    /// The text between quotes (not yet split into words).
    Phrase(&'a str),
}

/// Splits the text into tokens and quoted phrases, in order.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        if QUOTES.contains(&c) {
            if quoted {
                out.push(Piece::Phrase(&text[start..i]));
            } else if start < i {
                out.push(Piece::Token(&text[start..i]));
            }
            quoted = !quoted;
            start = i + c.len_utf8();
        } else if !quoted && c.is_whitespace() {
            if start < i {
                out.push(Piece::Token(&text[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if quoted {
        out.push(Piece::Phrase(&text[start..]));
    } else if start < text.len() {
        out.push(Piece::Token(&text[start..]));
    }
    out
}

/// The words of a quoted phrase, lower-cased.
fn phrase_words(phrase: &str) -> Vec<String> {
    let phrase = phrase.replace('\u{2019}', "'");
    phrase
        .split(|c: char| !(is_word_char(c) || c == '\'' || c == '-'))
        .map(trim_outer)
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Classifies a sequence of tokens (between phrases), joining phone numbers typed with spaces.
fn classify_tokens(tokens: &[&str], out: &mut Builder) {
    let mut i = 0;
    while i < tokens.len() && !out.full {
        if let Some((end, digits)) = phone_run(tokens, i) {
            out.push(vec![Term::Phone { digits }]);
            i = end;
        } else {
            out.push(classify(tokens[i]));
            i += 1;
        }
    }
}

/// The longest run of phone-ish tokens starting at `start` whose digits number 7–15: its end
/// (exclusive) and its digits. A token starting with `+` starts a new number.
fn phone_run(tokens: &[&str], start: usize) -> Option<(usize, String)> {
    let mut digits = String::new();
    let mut best = None;
    for (i, token) in tokens.iter().enumerate().skip(start) {
        let Some(core) = phone_core(token) else { break };
        if i > start && core.starts_with('+') {
            break;
        }
        let before = digits.len();
        digits.extend(core.chars().filter(char::is_ascii_digit));
        if digits.len() > MAX_PHONE_DIGITS {
            digits.truncate(before);
            break;
        }
        if digits.len() >= MIN_PHONE_DIGITS {
            best = Some((i + 1, digits.len()));
        }
    }
    best.map(|(end, len)| {
        digits.truncate(len);
        (end, digits)
    })
}

/// The token without surrounding characters that are neither digits, letters nor phone
/// punctuation, when what remains is made only of digits and phone punctuation.
fn phone_core(token: &str) -> Option<&str> {
    let core = token.trim_matches(|c: char| {
        !(c.is_ascii_digit() || PHONE_PUNCTUATION.contains(&c) || c.is_alphanumeric())
    });
    let phone_ish = !core.is_empty()
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || PHONE_PUNCTUATION.contains(&c));
    phone_ish.then_some(core)
}

/// Classifies one token that is not part of a joined phone number.
fn classify(token: &str) -> Vec<Term> {
    if token.contains('@') {
        return email(token).into_iter().collect();
    }
    let core = trim_outer(token);
    if core.is_empty() {
        return Vec::new();
    }
    if let Some(reference) = reference(core) {
        return vec![reference];
    }
    if is_ascii_digits(core) {
        let len = core.len();
        if len <= MAX_BARE_REFERENCE_DIGITS {
            let number = core.parse().unwrap_or(0);
            return vec![Term::Reference { number, kind: None }, word(core)];
        }
        if len <= MAX_PHONE_DIGITS {
            return vec![Term::Phone {
                digits: core.to_string(),
            }];
        }
    }
    vec![word(core)]
}

/// `^\d{1,9}-[TtCc]$`.
fn reference(core: &str) -> Option<Term> {
    let (number, suffix) = core.split_once('-')?;
    let kind = match suffix {
        "T" | "t" => RefKind::Ticket,
        "C" | "c" => RefKind::Case,
        _ => return None,
    };
    if number.is_empty() || number.len() > 9 || !is_ascii_digits(number) {
        return None;
    }
    Some(Term::Reference {
        number: number.parse().ok()?,
        kind: Some(kind),
    })
}

/// The part of a token that may be an address: inside `<…>` when present, without `mailto:`
/// and surrounding punctuation.
fn token_email_part(token: &str) -> &str {
    let mut s = token;
    if let Some(open) = s.rfind('<') {
        s = &s[open + 1..];
    }
    if let Some(close) = s.find('>') {
        s = &s[..close];
    }
    let s = s.trim_matches(|c: char| EMAIL_TRIM.contains(&c));
    match s.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("mailto:") => {
            s[7..].trim_matches(|c: char| EMAIL_TRIM.contains(&c))
        }
        _ => s,
    }
}

/// An [`Term::Email`] or [`Term::EmailPrefix`], or `None` when the cleaned token has no `@`
/// or no letter or digit.
fn email(token: &str) -> Option<Term> {
    let address = token_email_part(token).to_lowercase();
    if !address.contains('@') || !address.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(if is_complete_email(&address) {
        Term::Email(address)
    } else {
        Term::EmailPrefix(address)
    })
}

/// `local@domain.tld`: see the module documentation.
fn is_complete_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.chars().any(char::is_whitespace)
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2)
}

/// A [`Term::Word`] from a non-empty, already trimmed token.
fn word(core: &str) -> Term {
    let text = core.replace('\u{2019}', "'").to_lowercase();
    let chars = text.chars().count();
    Term::Word {
        substring: chars >= 3,
        typo: chars >= 5 && !is_ascii_digits(&text),
        text,
    }
}

/// Strips leading and trailing characters that are not word characters.
pub(crate) fn trim_outer(s: &str) -> &str {
    s.trim_matches(|c: char| !is_word_char(c))
}

/// Letters, digits and combining marks (a decomposed accent, an Indic vowel sign or virama).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Combining marks that `char::is_alphanumeric` does not cover: the combining diacritics blocks,
/// the kana voicing marks, and the non-punctuation signs of the Indic and South-East Asian
/// scripts (U+0900–U+109F, U+1780–U+17FF).
fn is_combining_mark(c: char) -> bool {
    match c {
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{3099}'..='\u{309A}' => true,
        // Dandas and the script-specific punctuation of those blocks are not marks.
        '\u{0964}'
        | '\u{0965}'
        | '\u{0970}'
        | '\u{0DF4}'
        | '\u{0E4F}'
        | '\u{0E5A}'
        | '\u{0E5B}'
        | '\u{0F04}'..='\u{0F14}'
        | '\u{104A}'..='\u{104F}'
        | '\u{17D4}'..='\u{17DA}' => false,
        '\u{0900}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' => !c.is_whitespace(),
        _ => false,
    }
}

pub(crate) fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
#[path = "quickfind_tests.rs"]
mod tests;
