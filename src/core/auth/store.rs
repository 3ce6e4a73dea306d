//! The SQL of accounts, sessions, login throttling and API tokens (`core::auth`).

use sqlx::Row;

use super::Role;
use crate::core::db::{Db, Tx};

pub(super) async fn insert_session(db: &Db, token_hash: &str, user_id: i64, now: i64, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)")
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub(super) async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash.to_string()).execute(db.writer()).await?;
    Ok(())
}

/// The user and last activity of a session alive at `now` (seen after `idle_since`), whose
/// user is not disabled.
pub(super) async fn live_session(db: &Db, token_hash: &str, now: i64, idle_since: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled = 0",
    )
    .bind(token_hash.to_string())
    .bind(now)
    .bind(idle_since)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some((row.try_get(0)?, row.try_get(1)?)))
}

pub(super) async fn touch_session(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Id, name and e-mail of a user who is not disabled.
pub(super) async fn active_user(db: &Db, user_id: i64) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, name, email FROM users WHERE id = $1 AND disabled = 0").bind(user_id).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
}

/// A user's roles: (role, club).
pub(super) async fn memberships(db: &Db, user_id: i64) -> Result<Vec<(String, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query("SELECT role, club_id FROM memberships WHERE user_id = $1").bind(user_id).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().filter_map(|r| Some((r.try_get(0).ok()?, r.try_get(1).ok()?))).collect())
}

pub(super) async fn locked_until(db: &Db, key: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT locked_until FROM login_failures WHERE key = $1").bind(key.to_string()).fetch_optional(db.pool()).await
}

/// Count one failure of `key` and return the count in its window. One statement, so that
/// concurrent failures all count (a read then a write would lose some on PostgreSQL): a window
/// older than `window` seconds starts again unless the key is locked (`max` failures).
pub(super) async fn count_login_failure(db: &Db, key: &str, now: i64, window: i64, max: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_failures (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET \
         failures = CASE WHEN $2 - login_failures.window_start > $3 AND login_failures.failures < $4 THEN 1 \
                    ELSE login_failures.failures + 1 END, \
         window_start = CASE WHEN $2 - login_failures.window_start > $3 AND login_failures.failures < $4 THEN $2 \
                        ELSE login_failures.window_start END \
         RETURNING failures",
    )
    .bind(key.to_string())
    .bind(now)
    .bind(window)
    .bind(max)
    .fetch_one(db.writer())
    .await
}

/// Lock `key` until `until`, unless it is already locked longer.
pub(super) async fn lock_login(db: &Db, key: &str, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE login_failures SET locked_until = $2 WHERE key = $1 AND locked_until < $2")
        .bind(key.to_string())
        .bind(until)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub(super) async fn clear_login_failures(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key.to_string()).execute(db.writer()).await?;
    Ok(())
}

/// The id and password hash of the active account of `email` (already normalised).
pub(super) async fn credentials(db: &Db, email: &str) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1 AND disabled = 0")
        .bind(email.to_string())
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some((row.try_get(0)?, row.try_get(1)?)))
}

/// The user of a valid, unrevoked API token, whose last use becomes `now`.
pub(super) async fn use_api_token(db: &Db, token_hash: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash.to_string())
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let user_id: i64 = row.try_get(1)?;
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(now).bind(id).execute(db.writer()).await?;
    Ok(Some(user_id))
}

/// Give `user_id` a role, network-wide (`club_id` `None`) or in one club.
async fn insert_membership(tx: &mut Tx, user_id: i64, role: Role, club_id: Option<i64>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO memberships (user_id, role, club_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(role.as_str())
        .bind(club_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A new account with its role; `None` when the e-mail (already normalised) has one.
pub(super) async fn create_user(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: &str,
    role: Role,
    club_id: Option<i64>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email.to_string())
    .bind(name.to_string())
    .bind(password_hash.to_string())
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else { return Ok(None) };
    insert_membership(&mut tx, id, role, club_id, now).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// An account created, or updated (name, password when given), with the role added if missing.
pub(super) async fn upsert_user(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: Option<&str>,
    role: Role,
    club_id: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (email) DO UPDATE SET name = $2, password_hash = COALESCE($3, users.password_hash) RETURNING id",
    )
    .bind(email.to_string())
    .bind(name.to_string())
    .bind(password_hash.map(str::to_string))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM memberships WHERE user_id = $1 AND role = $2 AND COALESCE(club_id, 0) = $3")
            .bind(id)
            .bind(role.as_str())
            .bind(club_id.unwrap_or(0))
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_none() {
        insert_membership(&mut tx, id, role, club_id, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A person without a password nor role found by e-mail (already normalised), or created:
/// (id, created).
pub(super) async fn upsert_person_tx(tx: &mut Tx, email: &str, name: &str, now: i64) -> Result<(i64, bool), sqlx::Error> {
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.to_string()).fetch_optional(&mut **tx).await?;
    if let Some(id) = existing {
        return Ok((id, false));
    }
    let id = sqlx::query_scalar("INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, NULL, $3) RETURNING id")
        .bind(email.to_string())
        .bind(name.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
    Ok((id, true))
}

/// Remove the sessions expired at `now` or idle since `idle_since`, and the login failures
/// whose window started before `window_since` and whose lock is over.
pub(super) async fn purge_expired(db: &Db, now: i64, idle_since: i64, window_since: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(idle_since)
        .execute(db.writer())
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE window_start <= $1 AND locked_until <= $2")
        .bind(window_since)
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(())
}
