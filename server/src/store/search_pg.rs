//! Quickfind levels on PostgreSQL: GIN indexes on `search_tsv` (words, verbatim lexemes) and
//! pg_trgm on the substring column.
//!
//! A GIN index answers "which rows match" but not "which match *newest first*": for a common
//! word (a frequent surname, `smi`, one letter) it would fetch and sort tens of thousands of
//! rows to return eight, while reading the newest rows and testing each finds eight at once.
//! PostgreSQL's planner makes that choice from estimates that go badly wrong for prefixes and
//! substrings (a rare two-letter prefix estimated common → a walk of the whole table; a
//! trigram estimated rare → a sort of 20,000 rows), so the choice is made here instead:
//! - words: the frequencies ANALYZE keeps for the most common lexemes (read from `pg_stats`,
//!   cached five minutes) estimate the share of rows that match. A common condition reads the
//!   newest rows first (bounded, then the index for older rows); anything rarer than the
//!   most-common list goes straight to the GIN index, where it has few entries;
//! - substrings (no statistics): the newest 1,000 rows, then the trigram index for older ones.

use sqlx::{Pool, Postgres};

use app::model::TenantId;
use app::store::StoreResult;

use crate::store::common::{backend, like_anywhere};
use crate::store::search::{Cond, Scope};

/// A tsquery lexeme literal (verbatim: quotes and backslashes escaped).
fn lexeme(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
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
            words
                .iter()
                .map(|w| lexeme(w))
                .collect::<Vec<_>>()
                .join(" & ")
        )),
        Cond::AnyToken(any) => Some(format!(
            "({})",
            any.iter()
                .filter_map(tsquery)
                .collect::<Vec<_>>()
                .join(" | ")
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
            format!(
                "b.search_tsv @@ ${}::tsquery",
                first_param + params.len() - 1
            ),
        );
    }
    (parts.join(" AND "), params)
}

/// The per-contact communications search's FROM and WHERE, for alias `m` (the contact's
/// `communication_contacts` rows): the GIN index answers the contact's membership lexeme AND
/// the conditions (an intersection of posting lists); phrases are checked on the document.
/// False when the conditions can never match.
pub fn contact_match(
    qb: &mut sqlx::QueryBuilder<'_, Postgres>,
    tenant: TenantId,
    contact: app::model::ContactId,
    conds: &[Cond],
) -> bool {
    let mut words = vec![lexeme(&app::domain::search_text::member_token(contact.0))];
    for cond in conds {
        match tsquery(cond) {
            Some(q) => words.push(q),
            None => return false,
        }
    }
    // The matches come from the GIN index first (an intersection of posting lists: the
    // contact's membership lexeme is rare), fenced by OFFSET 0 so the planner cannot instead
    // walk the contact's 10,000 newest messages and test each one's tsvector.
    qb.push("(SELECT c.id FROM communications c WHERE c.tenant_id = ")
        .push_bind(tenant.0)
        .push(" AND c.search_tsv @@ CAST(")
        .push_bind(words.join(" & "))
        .push(" AS tsquery)");
    for cond in conds {
        if let Cond::Phrase(ws) = cond {
            qb.push(" AND (' ' || c.search_doc || ' ') LIKE ")
                .push_bind(like_anywhere(&format!(" {} ", ws.join(" "))));
        }
    }
    qb.push(" OFFSET 0) hits JOIN communication_contacts m ON m.tenant_id = ")
        .push_bind(tenant.0)
        .push(" AND m.communication_id = hits.id WHERE m.contact_id = ")
        .push_bind(contact.0);
    true
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

    // A typo level ORs hundreds of variants; a few may be common words ("more" for "mroe").
    // Testing every variant on each of thousands of newest rows, or fetching every row a
    // common variant matches through the index, are both slow — so the common variants are
    // looked for newest-first on their own, the rare ones through the index, and the two
    // answers merged.
    if let Some(stats) = lexeme_stats(pool, table).await.ok()
        && let Some((dense, rare)) = split_variants(&stats.lexemes, conds)
    {
        let (a, b) = futures::future::try_join(
            Box::pin(level_ids_planned(pool, tenant, scope, dense, limit)),
            Box::pin(level_ids_planned(pool, tenant, scope, rare, limit)),
        )
        .await?;
        let mut ids: Vec<i64> = a.into_iter().chain(b).collect();
        ids.sort_unstable_by(|x, y| y.cmp(x));
        ids.dedup();
        ids.truncate(limit as usize);
        return Ok(ids);
    }
    level_ids_planned(pool, tenant, scope, conds.to_vec(), limit).await
}

/// `conds` with its first variant list split into `(common variants, rare variants)`, when it
/// has both kinds.
fn split_variants(lexemes: &[(String, f64)], conds: &[Cond]) -> Option<(Vec<Cond>, Vec<Cond>)> {
    let at = conds.iter().position(|c| matches!(c, Cond::AnyToken(_)))?;
    let Cond::AnyToken(any) = &conds[at] else {
        return None;
    };
    let (dense, rare): (Vec<Cond>, Vec<Cond>) = any
        .iter()
        .cloned()
        .partition(|c| density_of(lexemes, c) >= DENSE / 2.0);
    if dense.is_empty() || rare.is_empty() {
        return None;
    }
    let with = |part: Vec<Cond>| {
        let mut c = conds.to_vec();
        c[at] = Cond::AnyToken(part);
        c
    };
    Some((with(dense), with(rare)))
}

/// One level on PostgreSQL: newest rows first for a common condition, the index for a rare
/// one, both (bounded) for a substring.
async fn level_ids_planned(
    pool: &Pool<Postgres>,
    tenant: TenantId,
    scope: Scope,
    conds: Vec<Cond>,
    limit: i64,
) -> StoreResult<Vec<i64>> {
    let table = scope.table();
    let (cond, params) = condition(scope, &conds, 3);
    let density = match estimated_density(pool, table, &conds).await {
        Some(d) => d,
        // Substrings have no statistics: look at the newest rows briefly, then the index.
        None => {
            let window = if scope == Scope::Communications {
                4 * SUBSTRING_WINDOW
            } else {
                SUBSTRING_WINDOW
            };
            return two_step(pool, tenant, scope, &cond, &params, limit, window).await;
        }
    };
    if density >= DENSE {
        // Enough rows to expect the page four times over, within bounds.
        let window = ((limit as f64 / density) * 4.0).clamp(1000.0, DENSE_WINDOW as f64) as i64;
        two_step(pool, tenant, scope, &cond, &params, limit, window).await
    } else {
        index_only(pool, tenant, table, &cond, &params, limit, None).await
    }
}

/// A condition met by at least this share of rows is looked for among the newest rows first.
const DENSE: f64 = 0.002;
/// Rows read newest-first for a common word before falling back to the index (a word of
/// density ≥ 0.2% fills a page of nine in ~4,500 rows on average).
const DENSE_WINDOW: i64 = 20_000;
/// Rows read newest-first for a substring (which has no statistics) before the index; four
/// times as many communications, whose subjects and addresses are short to test.
const SUBSTRING_WINDOW: i64 = 1_000;

/// Reads the tenant's newest `window` rows and tests each; when that finds fewer than
/// `limit`, asks the index for the rest among older rows.
async fn two_step(
    pool: &Pool<Postgres>,
    tenant: TenantId,
    scope: Scope,
    cond: &str,
    params: &[String],
    limit: i64,
    window: i64,
) -> StoreResult<Vec<i64>> {
    let table = scope.table();
    // Only the columns the condition reads: a communication's documents are large.
    let columns: Vec<&str> = ["search_tsv", "search_doc", "search_head"]
        .into_iter()
        .filter(|c| cond.contains(&format!("b.{c}")))
        .collect();
    let columns = std::iter::once("id")
        .chain(columns)
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT b.id FROM (SELECT {columns} FROM {table} WHERE tenant_id = $1 ORDER BY id DESC LIMIT {window}) b \
         WHERE {cond} ORDER BY b.id DESC LIMIT $2"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(tenant.0)
        .bind(limit);
    for p in params {
        q = q.bind(p);
    }
    let mut ids = q.fetch_all(pool).await.map_err(backend)?;
    if ids.len() as i64 >= limit {
        return Ok(ids);
    }
    let cutoff: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE tenant_id = $1 ORDER BY id DESC OFFSET {} LIMIT 1",
        window - 1
    ))
    .bind(tenant.0)
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    let Some(cutoff) = cutoff else {
        return Ok(ids); // The window held every row.
    };
    ids.extend(
        index_only(
            pool,
            tenant,
            table,
            cond,
            params,
            limit - ids.len() as i64,
            Some(cutoff),
        )
        .await?,
    );
    Ok(ids)
}

/// Asks the GIN indexes for every match (behind an `OFFSET 0` fence, so the planner cannot
/// turn it into a newest-first walk of the whole table), newest first, below `before`.
fn index_only<'a>(
    pool: &'a Pool<Postgres>,
    tenant: TenantId,
    table: &'a str,
    cond: &'a str,
    params: &'a [String],
    limit: i64,
    before: Option<i64>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = StoreResult<Vec<i64>>> + Send + 'a>> {
    // Boxed: the transaction's borrows inside would otherwise defeat the `Send` proof of the
    // caller's future.
    Box::pin(async move {
        let below = before
            .map(|id| format!(" AND b.id < {id}"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT id FROM (SELECT b.id FROM {table} b WHERE b.tenant_id = $1 AND {cond}{below} OFFSET 0) s \
             ORDER BY id DESC LIMIT $2"
        );
        // The planner's estimate for a long OR of typo variants can be wild enough to prefer
        // reading the whole table; here the index is always right (the condition was judged
        // rare), so only bitmap scans are allowed, for this transaction only.
        let mut tx = pool.begin().await.map_err(backend)?;
        let ids = bitmap_only(&mut tx, &sql, tenant, limit, params).await?;
        tx.commit().await.map_err(backend)?;
        Ok(ids)
    })
}

async fn bitmap_only(
    conn: &mut sqlx::PgConnection,
    sql: &str,
    tenant: TenantId,
    limit: i64,
    params: &[String],
) -> StoreResult<Vec<i64>> {
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    sqlx::query("SET LOCAL enable_indexscan = off")
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    let mut q = sqlx::query_scalar::<_, i64>(sql).bind(tenant.0).bind(limit);
    for p in params {
        q = q.bind(p.as_str());
    }
    q.fetch_all(&mut *conn).await.map_err(backend)
}

/// Most common lexemes of a table's `search_tsv` and their frequencies (from ANALYZE), sorted
/// for prefix lookups, with when they were read.
struct LexemeStats {
    read_at: std::time::Instant,
    lexemes: Vec<(String, f64)>,
}

/// How long statistics are reused before being read again.
const STATS_TTL: std::time::Duration = std::time::Duration::from_secs(300);

static STATS: std::sync::OnceLock<
    std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<LexemeStats>>>,
> = std::sync::OnceLock::new();

async fn lexeme_stats(
    pool: &Pool<Postgres>,
    table: &str,
) -> StoreResult<std::sync::Arc<LexemeStats>> {
    let cache = STATS.get_or_init(Default::default);
    let key = format!(
        "{}/{table}",
        pool.connect_options().get_database().unwrap_or("")
    );
    if let Ok(map) = cache.lock()
        && let Some(stats) = map.get(&key)
        && stats.read_at.elapsed() < STATS_TTL
    {
        return Ok(stats.clone());
    }
    type MostCommon = (Option<Vec<String>>, Option<Vec<f32>>);
    let row: Option<MostCommon> = sqlx::query_as(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats \
         WHERE schemaname = current_schema() AND tablename = $1 AND attname = 'search_tsv'",
    )
    .bind(table)
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    let mut lexemes: Vec<(String, f64)> = match row {
        Some((Some(elems), Some(freqs))) => elems
            .into_iter()
            .zip(freqs.into_iter().map(f64::from))
            .collect(),
        _ => Vec::new(),
    };
    lexemes.sort_by(|a, b| a.0.cmp(&b.0));
    let stats = std::sync::Arc::new(LexemeStats {
        read_at: std::time::Instant::now(),
        lexemes,
    });
    if let Ok(mut map) = cache.lock() {
        map.insert(key, stats.clone());
    }
    Ok(stats)
}

/// The share of rows estimated to meet `conds` (words independent), or `None` when a
/// condition has no statistics (substrings). A word missing from the most-common list is
/// rarer than any on it and counts as 0.
async fn estimated_density(pool: &Pool<Postgres>, table: &str, conds: &[Cond]) -> Option<f64> {
    if conds.iter().any(|c| matches!(c, Cond::Substring(_))) {
        return None;
    }
    let stats = lexeme_stats(pool, table).await.ok()?;
    Some(
        conds
            .iter()
            .map(|c| density_of(&stats.lexemes, c))
            .product(),
    )
}

fn density_of(lexemes: &[(String, f64)], cond: &Cond) -> f64 {
    match cond {
        Cond::Token {
            text,
            prefix: false,
        } => lexemes
            .binary_search_by(|(l, _)| l.as_str().cmp(text))
            .map(|i| lexemes[i].1)
            .unwrap_or(0.0),
        Cond::Token { text, prefix: true } => {
            let start = lexemes.partition_point(|(l, _)| l.as_str() < text.as_str());
            lexemes[start..]
                .iter()
                .take_while(|(l, _)| l.starts_with(text.as_str()))
                .map(|(_, f)| f)
                .sum::<f64>()
                .min(1.0)
        }
        Cond::AnyToken(any) => any
            .iter()
            .map(|c| density_of(lexemes, c))
            .sum::<f64>()
            .min(1.0),
        Cond::Phrase(words) => words
            .iter()
            .map(|w| {
                density_of(
                    lexemes,
                    &Cond::Token {
                        text: w.clone(),
                        prefix: false,
                    },
                )
            })
            .fold(1.0, f64::min),
        Cond::Substring(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_become_escaped_tsqueries_and_patterns() {
        let t = |text: &str, prefix| Cond::Token {
            text: text.into(),
            prefix,
        };
        let (sql, params) = condition(
            Scope::People,
            &[
                t("o'b", true),
                Cond::Substring("50%".into()),
                Cond::AnyToken(vec![t("a\\b", false), t("c", true)]),
            ],
            3,
        );
        assert_eq!(sql, "b.search_tsv @@ $4::tsquery AND b.search_doc LIKE $3");
        assert_eq!(
            params,
            vec![
                "%50\\%%".to_string(),
                "'o''b':* & ('a\\\\b' | 'c':*)".to_string()
            ]
        );
        let (sql, _) = condition(Scope::Communications, &[Cond::Substring("acme".into())], 3);
        assert_eq!(sql, "b.search_head LIKE $3");
    }

    #[test]
    fn densities_come_from_the_most_common_lexemes() {
        let stats: Vec<(String, f64)> = [
            ("smith", 0.01),
            ("smithers", 0.002),
            ("smyth", 0.001),
            ("zed", 0.003),
        ]
        .into_iter()
        .map(|(l, f)| (l.to_string(), f))
        .collect();
        let t = |text: &str, prefix| Cond::Token {
            text: text.into(),
            prefix,
        };
        assert_eq!(density_of(&stats, &t("smith", false)), 0.01);
        assert!((density_of(&stats, &t("smi", true)) - 0.012).abs() < 1e-9);
        assert_eq!(density_of(&stats, &t("qz", true)), 0.0);
        assert_eq!(density_of(&stats, &t("unknown", false)), 0.0);
        assert!(
            (density_of(
                &stats,
                &Cond::AnyToken(vec![t("smith", false), t("smyth", false)])
            ) - 0.011)
                .abs()
                < 1e-9
        );
        assert_eq!(
            density_of(&stats, &Cond::Phrase(vec!["smith".into(), "zed".into()])),
            0.003
        );
    }
}
