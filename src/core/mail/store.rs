//! The SQL of the mail outbox (`core::mail`).

use sqlx::Row;

use super::{IcsMethod, Mail};
use crate::core::db::{Db, Tx};

/// Queue `mail` in the transaction of the change it reports. False when a message with the
/// same dedup key was already queued.
pub async fn enqueue(tx: &mut Tx, mail: &Mail, now: i64) -> Result<bool, sqlx::Error> {
    let q = sqlx::query(
        "INSERT INTO mail_outbox (dedup_key, to_address, subject, text_body, html_body, ics, ics_method, status, attempts, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) ON CONFLICT (dedup_key) DO NOTHING",
    );
    let r = bind_mail(q, mail, now).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

/// Bind a message's eight values, in the order of the outbox's INSERTs above and below.
fn bind_mail<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    mail: &Mail,
    now: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(mail.dedup_key.clone())
        .bind(mail.to.clone())
        .bind(mail.subject.clone())
        .bind(mail.text.clone())
        .bind(mail.html.clone())
        .bind(mail.ics.as_ref().map(|(ics, _)| ics.clone()))
        .bind(mail.ics.as_ref().map(|(_, m)| m.as_str()))
        .bind(now)
}

/// The newest queued message's id (0 when there is none): a mark for `discard_queued_after`.
pub async fn last_id(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM mail_outbox").fetch_one(&mut **tx).await
}

/// Drop the unsent messages queued after `mark`, in the transaction that queued them. Only for
/// `essaim seed`, which writes a history years long on a database nobody else writes to: its
/// bookings were told long ago (their messages would have been sent and forgotten after
/// `KEEP_DELIVERED_SECS`), and a million of them must not go out as `.eml` files when the
/// site starts. Returns the messages dropped.
pub async fn discard_queued_after(tx: &mut Tx, mark: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM mail_outbox WHERE id > $1 AND status = 'pending'").bind(mark).execute(&mut **tx).await?;
    Ok(r.rows_affected())
}

/// Queue several messages (each with its time) in the transaction of the changes they report,
/// a statement for up to a hundred: a group of bookings writes its e-mails this way. A
/// message whose dedup key is already queued is skipped.
pub async fn enqueue_many(tx: &mut Tx, mails: &[(Mail, i64)]) -> Result<(), sqlx::Error> {
    for chunk in mails.chunks(100) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = |k: usize| format!("${}", 8 * i + k);
                format!("({}, {}, {}, {}, {}, {}, {}, 'pending', 0, {}, {})", p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(8), p(8))
            })
            .collect();
        let sql = format!(
            "INSERT INTO mail_outbox (dedup_key, to_address, subject, text_body, html_body, ics, ics_method, status, attempts, \
             next_attempt_at, created_at) VALUES {} ON CONFLICT (dedup_key) DO NOTHING",
            values.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (mail, now) in chunk {
            q = bind_mail(q, mail, *now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Messages not yet sent (pending or being sent), for checks and metrics.
pub async fn unsent_count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE status IN ('pending', 'sending')").fetch_one(db.pool()).await
}

/// A message's delivery state: (status, attempts, last error), by dedup key.
pub async fn delivery_state(db: &Db, dedup_key: &str) -> Result<Option<(String, i64, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT status, attempts, last_error FROM mail_outbox WHERE dedup_key = $1")
        .bind(dedup_key.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

/// The messages due at `now` (pending, or left `sending` by a lease that ran out), oldest first.
pub(super) async fn due_ids(db: &Db, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM mail_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1 ORDER BY id LIMIT 100")
        .bind(now)
        .fetch_all(db.pool())
        .await
}

/// Take one message for this instance (a lease), or None if another instance has it.
pub(super) async fn claim(db: &Db, id: i64, now: i64, lease_until: i64) -> Result<Option<(Mail, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE mail_outbox SET status = 'sending', next_attempt_at = $3 WHERE id = $1 AND status IN ('pending', 'sending') \
         AND next_attempt_at <= $2 RETURNING dedup_key, to_address, subject, text_body, html_body, ics, ics_method, attempts",
    )
    .bind(id)
    .bind(now)
    .bind(lease_until)
    .fetch_optional(db.writer())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let ics: Option<String> = r.try_get(5)?;
    let method: Option<String> = r.try_get(6)?;
    let method = if method.as_deref() == Some("CANCEL") { IcsMethod::Cancel } else { IcsMethod::Request };
    let mail = Mail {
        dedup_key: r.try_get(0)?,
        to: r.try_get(1)?,
        subject: r.try_get(2)?,
        text: r.try_get(3)?,
        html: r.try_get(4)?,
        ics: ics.map(|i| (i, method)),
    };
    Ok(Some((mail, r.try_get(7)?)))
}

pub(super) async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mail_outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// A failed attempt: the message stays `pending` until `next_attempt_at`, or is `failed`.
pub(super) async fn mark_attempt(
    db: &Db,
    id: i64,
    status: &str,
    attempts: i64,
    next_attempt_at: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE mail_outbox SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1")
        .bind(id)
        .bind(status.to_string())
        .bind(attempts)
        .bind(next_attempt_at)
        .bind(error.to_string())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Forget the messages sent or given up before `before`; returns how many.
pub(super) async fn delete_delivered(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM mail_outbox WHERE status IN ('sent', 'failed') AND created_at < $1")
        .bind(before)
        .execute(db.writer())
        .await?
        .rows_affected())
}
