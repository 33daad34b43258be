//! Quickfind's plan, shared by both engines (SPEC §3.4).
//!
//! A parsed [`Query`] becomes, per group (people, work items, communications), a list of
//! *levels*: the conditions a record must meet to rank as an exact, prefix, substring or typo
//! hit. Each level is a superset of the one before, so the engines run them in order, newest
//! first within a level, skip what an earlier level found and stop once they have enough:
//! ranking is exact > prefix > substring > typo, then recency (newest record first — ids are
//! given out in arrival order). The engines only translate [`Cond`]s into their own index
//! queries (FTS5 on SQLite, GIN on PostgreSQL); what matches is decided here once.
//!
//! Decisions where the SPEC is silent:
//! - One- and two-character queries search people and work items only: a letter or two
//!   against millions of message bodies finds noise, and the People group is what an agent
//!   typing a caller's initials wants. Communications answer from three characters on.
//! - Substrings of communications are matched in the subject and addresses, not the body:
//!   trigram-indexing every email body would triple the index for hits that are mostly noise.
//!   Body words match exactly, by prefix and with one typo.
//! - A number is never matched as a substring or with a typo (it would find other numbers).
//! - A typo hit is a word at edit distance 1 (Damerau) from a typed word of 5–16 letters
//!   (apostrophes and hyphens allowed; not an address, user name or code);
//!   at that level every word also matches by prefix, none by substring (a record needing a
//!   substring for one word and a typo for another is not found).

use app::domain::quickfind::{Query, RefKind, Term};
use app::domain::search_text::{phone_query, typo_variants};

/// Which group a plan is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    People,
    WorkItems,
    Communications,
}

impl Scope {
    /// The searched table (also the prefix of its FTS5 tables on SQLite).
    pub fn table(self) -> &'static str {
        match self {
            Scope::People => "contacts",
            Scope::WorkItems => "work_items",
            Scope::Communications => "communications",
        }
    }
    /// The column the trigram (substring) index covers.
    pub fn substring_column(self) -> &'static str {
        match self {
            Scope::Communications => "search_head",
            _ => "search_doc",
        }
    }
}

/// One condition on a record's search document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    /// An index word equal to `text`, or starting with it when `prefix`.
    Token { text: String, prefix: bool },
    /// These words, adjacent and in order.
    Phrase(Vec<String>),
    /// Any of these (each a `Token`).
    AnyToken(Vec<Cond>),
    /// `text` anywhere in the substring column (3+ characters).
    Substring(String),
}

/// A reference typed in the query (`40308-T` or `40308`), for the work items group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceLookup {
    pub number: i64,
    pub kind: Option<RefKind>,
    /// The other words' conditions, which the referenced item must meet too.
    pub others: Vec<Cond>,
}

/// What to run for one group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopePlan {
    /// Looked up first (work items only); its hit ranks first.
    pub reference: Option<ReferenceLookup>,
    /// Conditions ANDed, one list per level, best level first, no two alike.
    pub levels: Vec<Vec<Cond>>,
}

/// Longest word looked for with a typo (its variants grow with its length).
const MAX_TYPO_CHARS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Exact,
    Prefix,
    Substring,
    Typo,
}

const LEVELS: [Level; 4] = [Level::Exact, Level::Prefix, Level::Substring, Level::Typo];

/// The plan for `scope`, or `None` when the query cannot match anything there.
pub fn plan(query: &Query, scope: Scope) -> Option<ScopePlan> {
    if scope == Scope::Communications && query.is_short() {
        return None;
    }
    plan_any_length(query, scope)
}

/// The levels of the per-contact communications search (Caller Communications), tried in
/// turn until one finds something: every word whole (an agent submits whole words, as in a
/// mail client's search), then every word by prefix, then with one typo. Phrases stay phrases;
/// addresses and phone numbers are read as Quickfind reads them. No substrings: the
/// full-text index answers every level. Short queries are allowed (the contact's membership
/// token keeps them cheap). Whole words first is also what keeps this fast: an exact word is
/// one doclist / posting list to intersect with the contact's, a prefix of a common word is
/// the union of many.
pub fn contact_levels(query: &Query) -> Vec<Vec<Cond>> {
    let Some(plan) = plan_any_length(query, Scope::Communications) else {
        return Vec::new();
    };
    plan.levels
        .into_iter()
        .filter(|l| !l.iter().any(|c| matches!(c, Cond::Substring(_))))
        .collect()
}

fn plan_any_length(query: &Query, scope: Scope) -> Option<ScopePlan> {
    if query.is_empty() {
        return None;
    }
    // Resolve the OR-groups: a bare number is a reference *or* a word.
    let mut reference: Option<(u64, Option<RefKind>)> = None;
    let mut words: Vec<&Term> = Vec::new();
    let mut word_only = true;
    for group in query.groups() {
        let (refs, rest): (Vec<&Term>, Vec<&Term>) = group
            .iter()
            .partition(|t| matches!(t, Term::Reference { .. }));
        if let Some(Term::Reference { number, kind }) = refs.first()
            && scope == Scope::WorkItems
            && reference.is_none()
        {
            reference = Some((*number, *kind));
            if rest.is_empty() {
                word_only = false;
            }
            continue;
        }
        match rest.first() {
            Some(term) => words.push(term),
            // `40308-T` for people or communications, or a second reference: no match.
            None if scope != Scope::WorkItems => return None,
            None => word_only = false,
        }
    }
    let reference_alternative: Option<&Term> = match (scope, reference) {
        (Scope::WorkItems, Some(_)) => query
            .groups()
            .into_iter()
            .find(|g| g.iter().any(|t| matches!(t, Term::Reference { .. })))
            .and_then(|g| g.iter().find(|t| matches!(t, Term::Word { .. }))),
        _ => None,
    };

    let level_conds = |level: Level, terms: &[&Term]| -> Vec<Cond> {
        terms.iter().map(|t| cond(t, level)).collect()
    };
    let mut levels: Vec<Vec<Cond>> = Vec::new();
    // With a `-T`/`-C` reference (or a second one) only the lookup can match.
    if word_only || reference_alternative.is_some() {
        let mut all = words.clone();
        all.extend(reference_alternative);
        if !all.is_empty() {
            for level in LEVELS {
                let conds = level_conds(level, &all);
                // The typo level adds something only when a word has typo variants.
                let adds =
                    level != Level::Typo || conds.iter().any(|c| matches!(c, Cond::AnyToken(_)));
                if adds && !levels.contains(&conds) {
                    levels.push(conds);
                }
            }
        }
    }
    let reference = reference.map(|(number, kind)| ReferenceLookup {
        number: i64::try_from(number).unwrap_or(i64::MAX),
        kind,
        others: level_conds(Level::Prefix, &words),
    });
    if levels.is_empty() && reference.is_none() {
        return None;
    }
    Some(ScopePlan { reference, levels })
}

fn cond(term: &Term, level: Level) -> Cond {
    let token = |text: &str, prefix: bool| Cond::Token {
        text: text.to_string(),
        prefix,
    };
    match term {
        Term::Word {
            text,
            substring,
            typo,
        } => {
            let numeric = text.chars().all(|c| c.is_ascii_digit());
            let substring = *substring && !numeric;
            // A typo is looked for in a word: letters, perhaps an apostrophe or hyphen — not in
            // an address, a user name or a code (`jane.smith42`, `ab-1234`).
            let typo = *typo
                && text.chars().count() <= MAX_TYPO_CHARS
                && text
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '-');
            match level {
                Level::Exact => token(text, false),
                Level::Prefix => token(text, true),
                Level::Substring | Level::Typo if level == Level::Typo && typo => {
                    let mut any = vec![token(text, true)];
                    any.extend(typo_variants(text).iter().map(|v| token(v, false)));
                    Cond::AnyToken(any)
                }
                // At the typo level the other words match by prefix, so the whole level is
                // one word-index query (mixing the two indexes per row is slow on SQLite).
                Level::Substring if substring => Cond::Substring(text.clone()),
                Level::Substring | Level::Typo => token(text, true),
            }
        }
        Term::Phrase(words) => Cond::Phrase(words.clone()),
        Term::Email(address) => token(address, level != Level::Exact),
        Term::EmailPrefix(partial) => match partial.split_once('@') {
            Some((local, _)) if local.chars().any(char::is_alphanumeric) => token(partial, true),
            _ if partial.chars().count() >= 3 => Cond::Substring(partial.clone()),
            _ => token(partial.trim_start_matches('@'), true),
        },
        Term::Phone { digits } => token(&phone_query(digits), true),
        // Resolved by `plan` before conditions are built; a reference never reaches here
        // except as the work items' lookup.
        Term::Reference { number, .. } => token(&number.to_string(), false),
    }
}

/// A plain-text window of `body` around the first place a query word occurs (at most
/// `max_chars` characters, cut at word boundaries, `…` where cut).
pub fn snippet(body: &str, query: &Query, max_chars: usize) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_lowercase();
    let needles: Vec<String> = query
        .terms
        .iter()
        .flat_map(|t| match t {
            Term::Word { text, .. } => vec![text.clone()],
            Term::Phrase(words) => vec![words.join(" ")],
            Term::Email(e) | Term::EmailPrefix(e) => vec![e.clone()],
            _ => vec![],
        })
        .collect();
    // Byte offsets of `lower` and `flat` agree only when lower-casing kept lengths; map by
    // character index to stay on boundaries either way.
    let hit_char = needles
        .iter()
        .filter_map(|n| lower.find(n.as_str()).map(|b| lower[..b].chars().count()))
        .min()
        .unwrap_or(0);
    let chars: Vec<char> = flat.chars().collect();
    if chars.len() <= max_chars {
        return flat;
    }
    let mut start = hit_char.saturating_sub(max_chars / 3);
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    let end = (start + max_chars).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    if end < chars.len()
        && let Some(cut) = out.rfind(' ')
        && cut > out.len() / 2
    {
        out.truncate(cut);
    }
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.push_str(out.trim());
    if end < chars.len() {
        text.push('…');
    }
    text
}

/// Which of a person's fields a query matched, for the hit's "matched" label: the first of
/// name, email, phone, mobile, account in which some query word is found.
pub fn matched_field(query: &Query, fields: [(&'static str, Option<&str>); 5]) -> String {
    use app::domain::search_text::{document, phone_token};
    for (name, value) in fields {
        let Some(value) = value else { continue };
        let doc = if matches!(name, "phone" | "mobile") {
            phone_token(value).unwrap_or_default()
        } else {
            document([value], [])
        };
        let hit = query.terms.iter().any(|t| match t {
            Term::Word { text, .. } => doc.contains(text.as_str()),
            Term::Phrase(words) => doc.contains(&words.join(" ")),
            Term::Email(e) | Term::EmailPrefix(e) => doc.contains(e.as_str()),
            Term::Phone { digits } => doc.starts_with(&phone_query(digits)),
            Term::Reference { .. } => false,
        }) || query.terms.iter().any(|t| match t {
            Term::Word {
                text, typo: true, ..
            } => doc.split(' ').any(|w| one_edit_apart(text, w)),
            _ => false,
        });
        if hit {
            return name.to_string();
        }
    }
    "name".to_string()
}

/// True when `a` and `b` differ by exactly one deleted, inserted or replaced character or
/// two swapped neighbours (what [`typo_variants`] generates), without generating variants.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diffs: Vec<usize> = (0..short.len()).filter(|&i| short[i] != long[i]).collect();
            match diffs.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && short[*i] == long[*j] && short[*j] == long[*i],
                _ => false,
            }
        }
        1 => {
            let first = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[first..] == long[first + 1..]
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(q: &str, scope: Scope) -> Vec<Vec<Cond>> {
        plan(&Query::parse(q), scope)
            .map(|p| p.levels)
            .unwrap_or_default()
    }

    fn tok(text: &str, prefix: bool) -> Cond {
        Cond::Token {
            text: text.into(),
            prefix,
        }
    }

    #[test]
    fn a_contacts_search_is_whole_words_then_prefix_then_typo_never_substring() {
        let l = contact_levels(&Query::parse("Zanzibar refund"));
        assert_eq!(l.len(), 3, "three levels");
        assert_eq!(l[0], vec![tok("zanzibar", false), tok("refund", false)]);
        assert_eq!(l[1], vec![tok("zanzibar", true), tok("refund", true)]);
        assert!(matches!(&l[2][0], Cond::AnyToken(v) if v.len() > 100));
        // Short words too (one contact's messages are few), and phrases stay phrases.
        assert_eq!(
            contact_levels(&Query::parse("ab")),
            vec![vec![tok("ab", false)], vec![tok("ab", true)]]
        );
        assert_eq!(
            contact_levels(&Query::parse("\"arrived broken\"")),
            vec![vec![Cond::Phrase(vec!["arrived".into(), "broken".into()])]]
        );
        assert!(contact_levels(&Query::parse("  ")).is_empty());
    }

    #[test]
    fn a_long_word_goes_exact_prefix_substring_typo() {
        let l = levels("Smith", Scope::People);
        assert_eq!(l.len(), 4);
        assert_eq!(l[0], vec![tok("smith", false)]);
        assert_eq!(l[1], vec![tok("smith", true)]);
        assert_eq!(l[2], vec![Cond::Substring("smith".into())]);
        assert!(matches!(&l[3][0], Cond::AnyToken(v) if v.contains(&tok("smyth", false))));
    }

    #[test]
    fn short_words_stop_at_prefix_and_skip_communications() {
        assert_eq!(
            levels("jo", Scope::People),
            vec![vec![tok("jo", false)], vec![tok("jo", true)]]
        );
        assert!(plan(&Query::parse("jo"), Scope::Communications).is_none());
        assert!(plan(&Query::parse("joh"), Scope::Communications).is_some());
    }

    #[test]
    fn references_are_looked_up_for_work_items_only() {
        let p = plan(&Query::parse("40308-T"), Scope::WorkItems).unwrap_or_default();
        let r = p.reference.clone().unwrap_or_else(|| panic!("no lookup"));
        assert_eq!((r.number, r.kind), (40308, Some(RefKind::Ticket)));
        assert!(p.levels.is_empty());
        assert!(plan(&Query::parse("40308-T"), Scope::People).is_none());
        // A bare number is a reference or a word.
        let p = plan(&Query::parse("40308"), Scope::WorkItems).unwrap_or_default();
        assert!(p.reference.is_some());
        assert_eq!(p.levels[0], vec![tok("40308", false)]);
        assert_eq!(levels("40308", Scope::People)[0], vec![tok("40308", false)]);
        // Numbers never get substring or typo levels.
        assert_eq!(levels("40308", Scope::People).len(), 2);
    }

    #[test]
    fn phones_and_emails_are_whole_tokens() {
        assert_eq!(
            levels("020 7946 0958", Scope::People),
            vec![vec![tok("~8590649702", true)]]
        );
        let l = levels("jane@example.com", Scope::People);
        assert_eq!(
            l,
            vec![
                vec![tok("jane@example.com", false)],
                vec![tok("jane@example.com", true)]
            ]
        );
        assert_eq!(
            levels("@acme", Scope::People),
            vec![vec![Cond::Substring("@acme".into())]]
        );
        assert_eq!(
            levels("jane@ac", Scope::People),
            vec![vec![tok("jane@ac", true)]]
        );
        // A user name or address fragment gets no typo level.
        assert_eq!(levels("jane.smith42", Scope::People).len(), 3);
    }

    #[test]
    fn one_edit_apart_agrees_with_the_variants() {
        for word in ["smith", "jonathan", "müller"] {
            for v in typo_variants(word) {
                assert!(one_edit_apart(word, &v), "{word} {v}");
            }
            assert!(!one_edit_apart(word, word));
        }
        assert!(!one_edit_apart("smith", "smythe"));
        assert!(!one_edit_apart("smith", "htims"));
    }

    #[test]
    fn snippets_centre_on_the_first_hit() {
        let body = format!(
            "{} the refund was approved {}",
            "lorem ".repeat(60),
            "ipsum ".repeat(60)
        );
        let s = snippet(&body, &Query::parse("refund"), 80);
        assert!(s.contains("refund"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.chars().count() <= 82);
        assert_eq!(snippet("short text", &Query::parse("x"), 80), "short text");
    }

    #[test]
    fn matched_field_names_the_first_matching_field() {
        let q = Query::parse("acme");
        let f = [
            ("name", Some("Jane Doe")),
            ("email", Some("jane@example.com")),
            ("phone", None),
            ("mobile", None),
            ("account", Some("ACME Ltd")),
        ];
        assert_eq!(matched_field(&q, f), "account");
        assert_eq!(matched_field(&Query::parse("jane@ex"), f), "email");
        assert_eq!(matched_field(&Query::parse("jnae"), f), "name");
    }
}
