//! Retention: the bookings of an event that ended more than `events.retention_days` ago are
//! anonymised. Contact names, e-mail addresses, accessibility needs and attendee names are
//! emptied and the answers to the organiser's questions deleted; seats, statuses, check-ins
//! and counts stay (they are the event's impact figures). One transaction per event, so an
//! event is wholly anonymised or not at all; running again changes nothing. The bookings'
//! access links are revoked in the same transaction.

use crate::core::access;
use crate::core::db::Db;

/// Events anonymised per run at most (the next hourly run takes the rest).
const BATCH: i64 = 200;

/// Anonymise the bookings of every event past its retention; returns the events done.
pub async fn anonymise_due(db: &Db, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    // `ends_at < $1` lets the partial index events_to_anonymise narrow the scan to ended,
    // not yet anonymised events.
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM events WHERE anonymised_at IS NULL AND ends_at < $1 AND ends_at + retention_days * 86400 < $1 \
         ORDER BY ends_at, id LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(db.pool())
    .await?;
    let mut done = vec![];
    for id in due {
        if anonymise_event(db, id, now).await? {
            done.push(id);
        }
    }
    Ok(done)
}

/// Anonymise one event's bookings in one transaction; false if it already was.
pub async fn anonymise_event(db: &Db, event_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE events SET anonymised_at = $2 WHERE id = $1 AND anonymised_at IS NULL")
        .bind(event_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    // Their personal links stop opening (and forget the address).
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1").bind(event_id).fetch_all(&mut *tx).await?;
    access::revoke_subjects(&mut tx, super::ACCESS_SCOPE, &ids, now).await?;
    crate::core::forms::store::clear_all_answers(&mut tx, &super::questions::owner(event_id)).await?;
    sqlx::query("UPDATE attendees SET name = '' WHERE registration_id IN (SELECT id FROM registrations WHERE event_id = $1)")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE registrations SET contact_name = '', email = '', accessibility = '', anonymised_at = $2 \
         WHERE event_id = $1 AND anonymised_at IS NULL",
    )
    .bind(event_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}
