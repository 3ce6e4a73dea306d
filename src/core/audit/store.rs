//! Every SQL statement of the audit log.

use sqlx::Row;

use super::{Actor, Subject};
use crate::core::db::Db;

pub(super) async fn insert(db: &Db, actor: &Actor<'_>, action: &str, subject: &Subject<'_>, detail: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, subject, subject_label, detail, ip) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(actor.at)
    .bind(actor.user_id)
    .bind(actor.name.to_string())
    .bind(action.to_string())
    .bind(subject.key.clone())
    .bind(subject.label.to_string())
    .bind(detail.to_string())
    .bind(actor.ip.to_string())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Delete the rows recorded before `cutoff` (the purge, the only way rows leave).
pub(super) async fn purge_before(db: &Db, cutoff: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM audit_log WHERE at < $1").bind(cutoff).execute(db.writer()).await?;
    Ok(r.rows_affected())
}

/// One recorded view or export.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub subject: String,
    pub subject_label: String,
    pub detail: String,
    pub ip: String,
}

/// What the journal is narrowed to; every part optional.
#[derive(Clone, Debug, Default)]
pub(super) struct Filter {
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    /// `at >= from`
    pub from: Option<i64>,
    /// `at < until`
    pub until: Option<i64>,
    /// Keyset: entries strictly older than this `(at, id)`.
    pub before: Option<(i64, i64)>,
}

/// Up to `limit` entries, newest first. Each filter is a condition on an indexed column; the
/// order `(at, id)` is the indexes' own, so a page deep in the journal costs what the first does.
pub(super) async fn list(db: &Db, f: &Filter, limit: i64) -> Result<Vec<Entry>, sqlx::Error> {
    let mut sql =
        String::from("SELECT id, at, actor_id, actor_name, action, subject, subject_label, detail, ip FROM audit_log WHERE 1 = 1");
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    if f.actor_id.is_some() {
        sql.push_str(&format!(" AND actor_id = ${}", next()));
    }
    if f.action.is_some() {
        sql.push_str(&format!(" AND action = ${}", next()));
    }
    if f.from.is_some() {
        sql.push_str(&format!(" AND at >= ${}", next()));
    }
    if f.until.is_some() {
        sql.push_str(&format!(" AND at < ${}", next()));
    }
    if f.before.is_some() {
        let (a, b, c) = (next(), next(), next());
        sql.push_str(&format!(" AND (at < ${a} OR (at = ${b} AND id < ${c}))"));
    }
    sql.push_str(&format!(" ORDER BY at DESC, id DESC LIMIT ${}", next()));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    if let Some(id) = f.actor_id {
        q = q.bind(id);
    }
    if let Some(a) = &f.action {
        q = q.bind(a.clone());
    }
    if let Some(t) = f.from {
        q = q.bind(t);
    }
    if let Some(t) = f.until {
        q = q.bind(t);
    }
    if let Some((at, id)) = f.before {
        q = q.bind(at).bind(at).bind(id);
    }
    let rows = q.bind(limit).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(Entry {
                id: r.try_get(0)?,
                at: r.try_get(1)?,
                actor_id: r.try_get(2)?,
                actor_name: r.try_get(3)?,
                action: r.try_get(4)?,
                subject: r.try_get(5)?,
                subject_label: r.try_get(6)?,
                detail: r.try_get(7)?,
                ip: r.try_get(8)?,
            })
        })
        .collect()
}

/// The people the journal may be narrowed to: every account with a staff role, by name.
pub(super) async fn staff(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut staff: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.role <> 'member' ORDER BY u.id",
    )
    .fetch_all(db.pool())
    .await?;
    crate::core::i18n::collate(&mut staff, |(_, name)| name);
    Ok(staff)
}

/// The name last recorded for `actor_id` (a person who is no longer staff), if any.
pub(super) async fn actor_name(db: &Db, actor_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT actor_name FROM audit_log WHERE actor_id = $1 ORDER BY at DESC, id DESC LIMIT 1")
        .bind(actor_id)
        .fetch_optional(db.pool())
        .await
}
