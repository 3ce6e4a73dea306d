//! Retention: the bookings of an event that ended more than `events.retention_days` ago are
//! anonymised. Contact names, e-mail addresses, accessibility needs and attendee names are
//! emptied and the answers to the organiser's questions deleted; seats, statuses, check-ins
//! and counts stay (they are the event's impact figures). One transaction per event, so an
//! event is wholly anonymised or not at all; running again changes nothing. The bookings'
//! access links are revoked in the same transaction.

use super::store;
use crate::core::access;
use crate::core::db::Db;

/// Events anonymised per run at most (the next hourly run takes the rest).
const BATCH: i64 = 200;

/// Anonymise the bookings of every event past its retention; returns the events done.
pub async fn anonymise_due(db: &Db, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut done = vec![];
    for id in store::due_for_anonymisation(db, now, BATCH).await? {
        if anonymise_event(db, id, now).await? {
            done.push(id);
        }
    }
    Ok(done)
}

/// Anonymise one event's bookings in one transaction; false if it already was.
pub async fn anonymise_event(db: &Db, event_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !store::mark_anonymised(&mut tx, event_id, now).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    // Their personal links stop opening (and forget the address).
    let ids = store::registration_ids(&mut tx, event_id).await?;
    access::revoke_subjects(&mut tx, super::ACCESS_SCOPE, &ids, now).await?;
    crate::core::forms::store::clear_all_answers(&mut tx, &super::questions::owner(event_id)).await?;
    store::blank_bookings(&mut tx, event_id, now).await?;
    tx.commit().await?;
    Ok(true)
}
