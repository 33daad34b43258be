//! Quickfind levels on PostgreSQL: GIN indexes on `search_tsv` (words, verbatim lexemes) and
//! pg_trgm on the substring column.
//!
//! A GIN index answers "which rows match" but not "which match *newest first*": for a common
//! word (a frequent surname, `smi`, one letter) it would fetch and sort tens of thousands of
//! rows to return eight, while reading the newest rows and testing each finds eight at once.
//! PostgreSQL's planner chooses between the two from its statistics.

use sqlx::{Pool, Postgres};

use app::model::TenantId;
use app::store::StoreResult;

use crate::store::common::backend;
use crate::store::search::{Cond, Scope};

/// A tsquery lexeme literal (verbatim: quotes and backslashes escaped).
fn lexeme(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// A LIKE pattern for `text` anywhere, wildcards escaped with `\`.
fn like_anywhere(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One condition as a tsquery (words) or `None` (substring).
fn tsquery(cond: &Cond) -> Option<String> {
    match cond {
        Cond::Token { text, prefix } => Some(if *prefix {
            format!("{}:*", lexeme(text))
        } else {
            lexeme(text)
        }),
        Cond::Phrase(words) => Some(format!(
            "({})",
            words.iter().map(|w| lexeme(w)).collect::<Vec<_>>().join(" & ")
        )),
        Cond::AnyToken(any) => Some(format!(
            "({})",
            any.iter().filter_map(tsquery).collect::<Vec<_>>().join(" | ")
        )),
        Cond::Substring(_) => None,
    }
}

/// The WHERE condition (on alias `b`) for `conds` and its text parameters, numbered from
/// `first_param`.
fn condition(scope: Scope, conds: &[Cond], first_param: usize) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut params = Vec::new();
    let mut words = Vec::new();
    for cond in conds {
        if let Some(q) = tsquery(cond) {
            words.push(q);
        }
        match cond {
            Cond::Substring(text) => {
                params.push(like_anywhere(text));
                parts.push(format!(
                    "b.{} LIKE ${}",
                    scope.substring_column(),
                    first_param + params.len() - 1
                ));
            }
            Cond::Phrase(ws) => {
                // The words are in the index; their order is checked on the document.
                params.push(like_anywhere(&format!(" {} ", ws.join(" "))));
                parts.push(format!(
                    "(' ' || b.search_doc || ' ') LIKE ${}",
                    first_param + params.len() - 1
                ));
            }
            _ => {}
        }
    }
    if !words.is_empty() {
        params.push(words.join(" & "));
        parts.insert(
            0,
            format!("b.search_tsv @@ ${}::tsquery", first_param + params.len() - 1),
        );
    }
    (parts.join(" AND "), params)
}

/// Up to `limit` ids meeting all `conds`, newest first; with `only`, among those ids.
pub async fn level_ids(
    pool: &Pool<Postgres>,
    tenant: TenantId,
    scope: Scope,
    conds: &[Cond],
    limit: usize,
    only: Option<&[i64]>,
) -> StoreResult<Vec<i64>> {
    let table = scope.table();
    let limit = limit.max(1) as i64;
    let (cond, params) = condition(scope, conds, 3);
    if cond.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(ids) = only {
        let sql = format!(
            "SELECT b.id FROM {table} b WHERE b.tenant_id = $1 AND b.id = ANY($2) AND {cond} ORDER BY b.id DESC"
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(tenant.0).bind(ids);
        for p in &params {
            q = q.bind(p);
        }
        return q.fetch_all(pool).await.map_err(backend);
    }

    // One statement: the planner weighs the GIN indexes against reading the primary key
    // backwards with the condition as a filter, from the tsvector statistics (ANALYZE keeps
    // most-common-lexeme frequencies, prefixes included): a common word is found in the
    // newest rows, a rare one through the index.
    let sql = format!(
        "SELECT b.id FROM {table} b WHERE b.tenant_id = $1 AND {cond} ORDER BY b.id DESC LIMIT $2"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(tenant.0).bind(limit);
    for p in &params {
        q = q.bind(p);
    }
    q.fetch_all(pool).await.map_err(backend)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_become_escaped_tsqueries_and_patterns() {
        let t = |text: &str, prefix| Cond::Token { text: text.into(), prefix };
        let (sql, params) = condition(
            Scope::People,
            &[t("o'b", true), Cond::Substring("50%".into()), Cond::AnyToken(vec![t("a\\b", false), t("c", true)])],
            3,
        );
        assert_eq!(sql, "b.search_tsv @@ $4::tsquery AND b.search_doc LIKE $3");
        assert_eq!(params, vec!["%50\\%%".to_string(), "'o''b':* & ('a\\\\b' | 'c':*)".to_string()]);
        let (sql, _) = condition(Scope::Communications, &[Cond::Substring("acme".into())], 3);
        assert_eq!(sql, "b.search_head LIKE $3");
    }
}
