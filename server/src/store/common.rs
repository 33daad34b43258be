//! Small helpers both engines' stores share.

use chrono::{DateTime, SubsecRound, Utc};

use app::model::Priority;
use app::store::StoreError;

pub fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Timestamps are kept to the millisecond on both engines, so a value reads back equal on
/// either and SQLite's text timestamps sort in time order.
pub fn millis(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(3)
}

/// A page read with `LIMIT limit + 1`: cuts it to `limit` rows and says whether more follow.
pub fn split_more<T>(rows: &mut Vec<T>, limit: u32) -> bool {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    more
}

/// `text` with the LIKE wildcards `%`, `_` and the escape `\` escaped with `\`.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A LIKE pattern matching values that start with `text`, wildcards in `text` escaped with `\`.
pub fn like_prefix(text: &str) -> String {
    format!("{}%", like_escaped(text))
}

/// A LIKE pattern matching values that contain `text`, wildcards in `text` escaped with `\`.
pub fn like_anywhere(text: &str) -> String {
    format!("%{}%", like_escaped(text))
}

pub fn priority_to_db(p: Priority) -> i16 {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

pub fn priority_from_db(v: i64) -> Priority {
    match v {
        0 => Priority::Low,
        2 => Priority::High,
        3 => Priority::Urgent,
        _ => Priority::Normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_prefix("o'br"), "o'br%");
        assert_eq!(like_prefix("50%_off\\"), "50\\%\\_off\\\\%");
    }

    #[test]
    fn priorities_round_trip_through_their_stored_numbers() {
        for p in Priority::ALL {
            assert_eq!(priority_from_db(priority_to_db(p) as i64), p);
        }
    }
}
