//! Quickfind levels on SQLite: FTS5.
//!
//! Word conditions become one FTS5 expression over `<table>_fts` (quoted strings, so any text
//! is safe; `"…"*` for prefixes, which the table's prefix indexes answer for 1–3 characters);
//! substring conditions become trigram phrases over `<table>_tri`. The query walks the driving
//! FTS table in descending rowid order (FTS5 reads its doclists backwards and stops at the
//! LIMIT), joins each candidate to its row on (tenant_id, id) — the tenant scope — and checks
//! the other table's conditions for that rowid only.

use sqlx::{Pool, Sqlite};

use app::model::TenantId;
use app::store::StoreResult;

use crate::store::common::backend;
use crate::store::search::{Cond, Scope};

/// An FTS5 string literal.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// True when SQLite's tokenizer finds a word in `text` (an expression of no words is an
/// error in FTS5, and matches nothing anyway).
fn has_word(text: &str) -> bool {
    text.chars().any(|c| c.is_alphanumeric() || c == '~')
}

/// The FTS5 word-index expression of one condition; `None` for a substring condition, and
/// `Some(None)` when the condition can never match.
fn word_expr(cond: &Cond) -> Option<Option<String>> {
    match cond {
        Cond::Token { text, prefix } => Some(has_word(text).then(|| {
            if *prefix {
                format!("{}*", quoted(text))
            } else {
                quoted(text)
            }
        })),
        Cond::Phrase(words) => {
            let text = words.join(" ");
            Some(has_word(&text).then(|| quoted(&text)))
        }
        Cond::AnyToken(any) => {
            let parts: Vec<String> = any.iter().filter_map(|c| word_expr(c).flatten()).collect();
            Some((!parts.is_empty()).then(|| format!("({})", parts.join(" OR "))))
        }
        Cond::Substring(_) => None,
    }
}

/// Up to `limit` ids meeting all `conds`, newest first; with `only`, among those ids.
pub async fn level_ids(
    pool: &Pool<Sqlite>,
    tenant: TenantId,
    scope: Scope,
    conds: &[Cond],
    limit: usize,
    only: Option<&[i64]>,
) -> StoreResult<Vec<i64>> {
    let mut words = Vec::new();
    let mut substrings = Vec::new();
    for cond in conds {
        match (cond, word_expr(cond)) {
            (_, Some(Some(expr))) => words.push(expr),
            (_, Some(None)) => return Ok(Vec::new()),
            (Cond::Substring(text), None) => substrings.push(quoted(text)),
            (_, None) => return Ok(Vec::new()),
        }
    }
    let table = scope.table();
    let words = words.join(" AND ");
    let substrings = substrings.join(" AND ");
    // With both kinds of condition, walk the index whose condition is likely the rarer one and
    // test the other for each candidate: a substring (3+ characters) beats a one- or
    // two-letter prefix; a long word, a phone or an email beats a substring.
    let selective_words = conds.iter().any(|c| match c {
        Cond::Token { text, .. } => text.chars().count() >= 4 || text.starts_with('~'),
        Cond::Phrase(_) => true,
        _ => false,
    });
    let (driver, driver_expr, other) =
        if !words.is_empty() && !substrings.is_empty() && !selective_words {
            ("tri", substrings, Some(("fts", words)))
        } else if !words.is_empty() {
            (
                "fts",
                words,
                (!substrings.is_empty()).then_some(("tri", substrings)),
            )
        } else if !substrings.is_empty() {
            ("tri", substrings, None)
        } else {
            return Ok(Vec::new());
        };
    let mut sql = format!(
        // CROSS JOIN makes SQLite keep the FTS table as the outer loop (it never reorders a
        // CROSS JOIN), so rows are read in the index's rowid order and the LIMIT ends the walk.
        "SELECT f.rowid FROM {table}_{driver} f CROSS JOIN {table} b ON b.tenant_id = $1 AND b.id = f.rowid \
         WHERE f.doc MATCH $2"
    );
    if other.is_some() {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM {table}_{} x WHERE x.doc MATCH $3 AND x.rowid = f.rowid)",
            other.as_ref().map(|o| o.0).unwrap_or("tri")
        ));
    }
    if let Some(ids) = only {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        sql.push_str(&format!(" AND f.rowid IN ({})", list.join(", ")));
    }
    sql.push_str(&format!(" ORDER BY f.rowid DESC LIMIT {}", limit.max(1)));
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(tenant.0)
        .bind(driver_expr);
    if let Some((_, expr)) = other {
        q = q.bind(expr);
    }
    q.fetch_all(pool).await.map_err(backend)
}

/// The per-contact communications search's FROM and WHERE, for alias `m` (the contact's
/// `communication_contacts` rows): one FTS5 query, the contact's membership token AND the
/// conditions, drives (FTS5 intersects the doclists), and each hit is joined to the contact's
/// membership row for its time. False when the conditions can never match.
pub fn contact_match(
    qb: &mut sqlx::QueryBuilder<'_, Sqlite>,
    tenant: TenantId,
    contact: app::model::ContactId,
    conds: &[Cond],
) -> bool {
    let mut parts = vec![quoted(&app::domain::search_text::member_token(contact.0))];
    for cond in conds {
        match word_expr(cond) {
            Some(Some(expr)) => parts.push(expr),
            _ => return false,
        }
    }
    // CROSS JOIN keeps the FTS table as the outer loop (SQLite never reorders it).
    qb.push("communications_fts f CROSS JOIN communication_contacts m ON m.tenant_id = ")
        .push_bind(tenant.0)
        .push(" AND m.communication_id = f.rowid AND m.contact_id = ")
        .push_bind(contact.0)
        .push(" WHERE f.doc MATCH ")
        .push_bind(parts.join(" AND "));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_become_safe_fts5_expressions() {
        let t = |text: &str, prefix| Cond::Token {
            text: text.into(),
            prefix,
        };
        assert_eq!(word_expr(&t("o'b", true)), Some(Some("\"o'b\"*".into())));
        assert_eq!(
            word_expr(&t("say \"hi\"", false)),
            Some(Some("\"say \"\"hi\"\"\"".into()))
        );
        assert_eq!(
            word_expr(&t("~8590", true)),
            Some(Some("\"~8590\"*".into()))
        );
        assert_eq!(word_expr(&t("—", true)), Some(None));
        assert_eq!(
            word_expr(&Cond::AnyToken(vec![t("smith", true), t("smyth", false)])),
            Some(Some("(\"smith\"* OR \"smyth\")".into()))
        );
        assert_eq!(word_expr(&Cond::Substring("mit".into())), None);
    }
}
