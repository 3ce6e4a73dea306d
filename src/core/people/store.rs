//! The core's personal data: accounts and the mail outbox.

use serde_json::{Value, json};
use sqlx::Row;

use crate::core::db::{Db, Tx};

pub async fn find_account(db: &Db, email: &str) -> Result<Vec<Value>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.name, u.created_at, u.disabled, \
         (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id), \
         (SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) \
         FROM users u WHERE LOWER(u.email) = $1",
    )
    .bind(email.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = vec![];
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let roles: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT m.role, c.slug FROM memberships m LEFT JOIN clubs c ON c.id = m.club_id WHERE m.user_id = $1 ORDER BY m.id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        out.push(json!({
            "id": id,
            "email": r.try_get::<String, _>(1)?,
            "name": r.try_get::<String, _>(2)?,
            "created_at": crate::core::api::rfc3339(r.try_get(3)?),
            "disabled": r.try_get::<i64, _>(4)? != 0,
            "sessions": r.try_get::<i64, _>(5)?,
            "api_tokens": r.try_get::<i64, _>(6)?,
            "roles": roles.into_iter().map(|(role, club)| json!({ "role": role, "club": club })).collect::<Vec<_>>(),
        }));
    }
    Ok(out)
}

/// The account stays (what it wrote keeps its author) under an address that names nobody,
/// without a name, a password, roles, sessions or tokens.
pub async fn erase_account(tx: &mut Tx, email: &str) -> Result<u64, sqlx::Error> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE LOWER(email) = $1").bind(email.to_string()).fetch_all(&mut **tx).await?;
    for id in &ids {
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_tokens WHERE user_id = $1",
            "DELETE FROM memberships WHERE user_id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut **tx).await?;
        }
        sqlx::query("UPDATE users SET email = $2, name = '', password_hash = NULL, disabled = 1 WHERE id = $1")
            .bind(id)
            .bind(format!("erased-{id}@essaim.invalid"))
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(format!("email:{email}")).execute(&mut **tx).await?;
    Ok(ids.len() as u64)
}

pub async fn find_mail(db: &Db, email: &str) -> Result<Vec<Value>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, subject, status, created_at, sent_at FROM mail_outbox WHERE LOWER(to_address) = $1 ORDER BY id")
        .bind(email.to_string())
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(json!({
                "id": r.try_get::<i64, _>(0)?,
                "subject": r.try_get::<String, _>(1)?,
                "status": r.try_get::<String, _>(2)?,
                "created_at": crate::core::api::rfc3339(r.try_get(3)?),
                "sent_at": r.try_get::<Option<i64>, _>(4)?.map(crate::core::api::rfc3339),
            }))
        })
        .collect()
}

/// Messages to the address, sent or waiting, are deleted (a person who asked to be erased is
/// not written to again).
pub async fn erase_mail(tx: &mut Tx, email: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM mail_outbox WHERE LOWER(to_address) = $1").bind(email.to_string()).execute(&mut **tx).await?;
    Ok(r.rows_affected())
}

pub async fn mail_ids(db: &Db, email: &str) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM mail_outbox WHERE LOWER(to_address) = $1").bind(email.to_string()).fetch_all(db.pool()).await
}
