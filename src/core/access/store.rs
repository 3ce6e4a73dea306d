//! Every SQL statement of access links (`access_links`) and of their failure counts
//! (`rate_limits`).

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Link, LinkKey};
use crate::core::db::{Db, Tx};

const COLUMNS: &str = "id, scope, subject_id, email, nonce, legacy_hash, created_at, expires_at, revoked_at, last_used_at";

/// A link's row: what callers see and what its tag is computed over.
pub(super) struct Stored {
    pub link: Link,
    pub key: LinkKey,
    pub legacy_hash: Option<String>,
}

fn stored(r: &AnyRow) -> Result<Stored, sqlx::Error> {
    let link = Link {
        id: r.try_get(0)?,
        scope: r.try_get(1)?,
        subject: r.try_get(2)?,
        email: r.try_get(3)?,
        created_at: r.try_get(6)?,
        expires_at: r.try_get(7)?,
        revoked_at: r.try_get(8)?,
        last_used_at: r.try_get(9)?,
    };
    let key = LinkKey { id: link.id, scope: link.scope.clone(), subject: link.subject, nonce: r.try_get(4)? };
    Ok(Stored { link, key, legacy_hash: r.try_get(5)? })
}

pub(super) async fn by_id(db: &Db, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM access_links WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?.as_ref().map(stored).transpose()
}

pub(super) async fn by_legacy_hash(db: &Db, hash: &str) -> Result<Option<Stored>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM access_links WHERE legacy_hash = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(hash.to_string()).fetch_optional(db.pool()).await?.as_ref().map(stored).transpose()
}

/// Record that a link was used (verification calls it at most once an hour per link).
pub(super) async fn touch(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE access_links SET last_used_at = $2 WHERE id = $1").bind(id).bind(now).execute(db.writer()).await?;
    Ok(())
}

/// Insert a link; its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx,
    scope: &str,
    subject: i64,
    email: &str,
    nonce: &str,
    legacy_hash: Option<&str>,
    expires_at: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO access_links (scope, subject_id, email, nonce, legacy_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(scope.to_string())
    .bind(subject)
    .bind(email.to_string())
    .bind(nonce.to_string())
    .bind(legacy_hash.map(str::to_string))
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut **tx)
    .await
}

/// The key of the newest link not revoked of each subject (at most one per subject).
pub(super) async fn keys_for(tx: &mut Tx, scope: &str, subjects: &[i64]) -> Result<Vec<LinkKey>, sqlx::Error> {
    let mut keys: Vec<LinkKey> = Vec::with_capacity(subjects.len());
    for chunk in subjects.chunks(500) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id, subject_id, nonce FROM access_links WHERE scope = $1 AND revoked_at IS NULL AND subject_id IN ({}) \
             ORDER BY subject_id, id DESC",
            list.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.to_string());
        for s in chunk {
            q = q.bind(*s);
        }
        for r in q.fetch_all(&mut **tx).await? {
            let key = LinkKey { id: r.try_get(0)?, scope: scope.to_string(), subject: r.try_get(1)?, nonce: r.try_get(2)? };
            if keys.last().is_none_or(|k| k.subject != key.subject) {
                keys.push(key);
            }
        }
    }
    Ok(keys)
}

pub(super) async fn revoke(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE access_links SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Move the expiry of the live links of these subjects.
pub(super) async fn set_expiry(tx: &mut Tx, scope: &str, subjects: &[i64], expires_at: i64) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for chunk in subjects.chunks(500) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "UPDATE access_links SET expires_at = $2 WHERE scope = $1 AND revoked_at IS NULL AND subject_id IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.to_string()).bind(expires_at);
        for s in chunk {
            q = q.bind(*s);
        }
        n += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

/// Revoke the links of these subjects and empty their e-mail address.
pub(super) async fn revoke_subjects(tx: &mut Tx, scope: &str, subjects: &[i64], now: i64) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    for chunk in subjects.chunks(500) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "UPDATE access_links SET revoked_at = COALESCE(revoked_at, $2), email = '' WHERE scope = $1 AND subject_id IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.to_string()).bind(now);
        for s in chunk {
            q = q.bind(*s);
        }
        n += q.execute(&mut **tx).await?.rows_affected();
    }
    Ok(n)
}

pub(super) async fn active_for_email(db: &Db, email: &str, now: i64) -> Result<Vec<Stored>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_links WHERE email = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC LIMIT 100"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(email.to_string()).bind(now).fetch_all(db.pool()).await?;
    rows.iter().map(stored).collect()
}

/// The links sent to an address, for the export of a person's data.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM access_links WHERE email = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(email.to_string()).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            let s = stored(r)?;
            Ok(serde_json::json!({
                "id": s.link.id,
                "scope": s.link.scope,
                "subject": s.link.subject,
                "created_at": crate::core::api::rfc3339(s.link.created_at),
                "expires_at": crate::core::api::rfc3339(s.link.expires_at),
                "revoked_at": s.link.revoked_at.map(crate::core::api::rfc3339),
                "last_used_at": s.link.last_used_at.map(crate::core::api::rfc3339),
            }))
        })
        .collect()
}

/// The links sent to an address are revoked and forget it (a person's erasure).
pub async fn erase_email(tx: &mut Tx, email: &str, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE access_links SET revoked_at = COALESCE(revoked_at, $2), email = '' WHERE email = $1")
        .bind(email.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}

/// A rate limit's count and window start.
pub(super) async fn hits(db: &Db, key: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT hits, window_start FROM rate_limits WHERE key = $1").bind(key.to_string()).fetch_optional(db.pool()).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Count one hit against `key` in a window of `window` seconds (a new window once it has
/// passed), in one statement so that concurrent instances count exactly; the count and the
/// window's start.
pub(super) async fn hit<'e, E>(executor: E, key: &str, now: i64, window: i64) -> Result<(i64, i64), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, 1, $2) ON CONFLICT (key) DO UPDATE SET \
         hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
         window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind(key.to_string())
    .bind(now)
    .bind(now - window)
    .fetch_one(executor)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}
