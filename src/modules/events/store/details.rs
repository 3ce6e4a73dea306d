//! A booking's details: answers, workshops (their own seats), changes, cancelling one
//! attendee, and reminders.

use super::*;

/// The stored language code of a booking ("fr" when none was given).
pub(super) fn lang_code(lang: &str) -> &'static str {
    Locale::parse(lang).unwrap_or_default().code()
}

/// Take `seats` in each chosen workshop of the event by a conditional UPDATE (the same rule
/// as the event's seats). The id of the first full workshop, if any: the caller rolls back.
pub(super) async fn take_slot_seats(tx: &mut Tx, event_id: i64, slots: &[i64], seats: i64) -> Result<Option<i64>, sqlx::Error> {
    for slot in slots {
        let r = sqlx::query(
            "UPDATE event_slots SET registered = registered + $3 WHERE id = $1 AND event_id = $2 AND capacity IS NOT NULL \
             AND registered + $3 <= capacity",
        )
        .bind(*slot)
        .bind(event_id)
        .bind(seats)
        .execute(&mut **tx)
        .await?;
        if r.rows_affected() != 1 {
            return Ok(Some(*slot));
        }
    }
    Ok(None)
}

pub(super) async fn record_slot_bookings(tx: &mut Tx, registration_id: i64, slots: &[i64], seats: i64) -> Result<(), sqlx::Error> {
    for slot in slots {
        sqlx::query("INSERT INTO slot_bookings (slot_id, registration_id, seats) VALUES ($1, $2, $3)")
            .bind(*slot)
            .bind(registration_id)
            .bind(seats)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Give back a cancelled booking's workshop seats.
pub(super) async fn free_slot_seats(tx: &mut Tx, registration_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE event_slots SET registered = registered - (SELECT b.seats FROM slot_bookings b WHERE b.slot_id = event_slots.id \
         AND b.registration_id = $1) WHERE id IN (SELECT slot_id FROM slot_bookings WHERE registration_id = $1)",
    )
    .bind(registration_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM slot_bookings WHERE registration_id = $1").bind(registration_id).execute(&mut **tx).await?;
    Ok(())
}

/// Where a booking's accessibility needs are sent: the event's contact address, or else its
/// club's; nobody when neither is set (the needs stay on the registrations list).
pub(super) async fn organiser_address(tx: &mut Tx, event: &Event) -> Result<Option<String>, sqlx::Error> {
    if !event.contact_email.trim().is_empty() {
        return Ok(Some(event.contact_email.trim().to_string()));
    }
    let Some(club_id) = event.club_id else { return Ok(None) };
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM clubs WHERE id = $1").bind(club_id).fetch_optional(&mut **tx).await?;
    Ok(email.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()))
}

/// Whether an organiser's address receives the accessibility needs of an event's bookings
/// (the form says so).
pub async fn organiser_reads_needs(db: &Db, event: &Event) -> Result<bool, sqlx::Error> {
    if !event.contact_email.trim().is_empty() {
        return Ok(true);
    }
    let Some(club_id) = event.club_id else { return Ok(false) };
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM clubs WHERE id = $1").bind(club_id).fetch_optional(db.pool()).await?;
    Ok(email.is_some_and(|e| !e.trim().is_empty()))
}

/// The workshops of an event: slots with a capacity, in programme order.
pub async fn list_workshops(db: &Db, event_id: i64) -> Result<Vec<Workshop>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, starts_at, ends_at, title, room, capacity, registered FROM event_slots \
         WHERE event_id = $1 AND capacity IS NOT NULL ORDER BY starts_at, id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Workshop {
                id: r.try_get(0)?,
                starts_at: r.try_get(1)?,
                ends_at: r.try_get(2)?,
                title: r.try_get(3)?,
                room: r.try_get(4)?,
                capacity: r.try_get(5)?,
                registered: r.try_get(6)?,
            })
        })
        .collect()
}

/// Set a workshop's capacity (tests, later the back office); `None` makes it a plain slot.
pub async fn set_slot_capacity(db: &Db, slot_id: i64, capacity: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE event_slots SET capacity = $2 WHERE id = $1").bind(slot_id).bind(capacity).execute(db.writer()).await?;
    Ok(())
}

/// A booking's answers (by question id) and its workshops (slot ids).
pub async fn booking_details(db: &Db, registration_id: i64) -> Result<(Vec<Typed>, Vec<i64>), sqlx::Error> {
    let event_id: Option<i64> =
        sqlx::query_scalar("SELECT event_id FROM registrations WHERE id = $1").bind(registration_id).fetch_optional(db.pool()).await?;
    let answers = match event_id {
        Some(e) => questions::answers(db, e, registration_id).await?,
        None => vec![],
    };
    let slots = sqlx::query_scalar("SELECT slot_id FROM slot_bookings WHERE registration_id = $1 ORDER BY slot_id")
        .bind(registration_id)
        .fetch_all(db.pool())
        .await?;
    Ok((answers, slots))
}

/// The attendees still coming of a booking: (id, name), in order.
pub async fn active_attendees(db: &Db, registration_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT id, name FROM attendees WHERE registration_id = $1 AND status = 'active' ORDER BY position, id")
        .bind(registration_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// A booking, for a change: (event id, partner, status, seats, recipient).
async fn booking_for_change(
    tx: &mut Tx,
    site: &Site,
    registration_id: i64,
) -> Result<Option<(i64, i64, String, i64, Recipient)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, event_id, status, seats, email, contact_name, lang, partner FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get(0)?;
    let seats: i64 = row.try_get(3)?;
    let lang = Locale::parse(&row.try_get::<String, _>(6)?).unwrap_or_default();
    let r = Recipient { id, token: link_token(tx, site, id).await?, email: row.try_get(4)?, name: row.try_get(5)?, seats, lang };
    Ok(Some((row.try_get(1)?, row.try_get(7)?, row.try_get(2)?, seats, r)))
}

/// Change a booking's attendee names (by attendee id) and answers (already checked), and
/// queue the "booking changed" e-mail, in one transaction. False when the booking is
/// cancelled or unknown.
pub async fn change_booking(
    db: &Db,
    site: &Site,
    registration_id: i64,
    names: &[(i64, String)],
    answers: &[Typed],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some((event_id, _, status, seats, r)) = booking_for_change(&mut tx, site, registration_id).await? else { return Ok(false) };
    if status == "cancelled" {
        return Ok(false);
    }
    for (attendee, name) in names {
        sqlx::query("UPDATE attendees SET name = $3 WHERE id = $1 AND registration_id = $2 AND status = 'active'")
            .bind(*attendee)
            .bind(r.id)
            .bind(name.clone())
            .execute(&mut *tx)
            .await?;
    }
    questions::save_answers(&mut tx, event_id, r.id, answers, now).await?;
    let event = event_in_tx(&mut tx, event_id).await?;
    let r = Recipient { seats, ..r };
    queue_mail(&mut tx, site, &event, &r, Change::Changed(now), now).await?;
    tx.commit().await?;
    Ok(true)
}

/// What cancelling one attendee did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttendeeCancel {
    /// One seat freed (and the waiting list promoted).
    Done,
    /// The last attendee: the caller cancels the whole booking.
    Last,
    /// Nothing to cancel (unknown or already cancelled).
    Nothing,
}

/// Cancel one attendee of a booking of several: frees one seat of the booking, of the event
/// (when confirmed) and of its workshops, promotes the waiting list and queues the "booking
/// changed" e-mail, all in one transaction under the event's lock.
pub async fn cancel_attendee(
    db: &Db,
    site: &Site,
    registration_id: i64,
    attendee_id: i64,
    now: i64,
) -> Result<AttendeeCancel, sqlx::Error> {
    let Some(event_id): Option<i64> =
        sqlx::query_scalar("SELECT event_id FROM registrations WHERE id = $1").bind(registration_id).fetch_optional(db.pool()).await?
    else {
        return Ok(AttendeeCancel::Nothing);
    };
    let mut tx = db.begin().await?;
    lock_event(&mut tx, event_id).await?;
    settle(&mut tx, site, event_id, now).await?;
    let Some((_, partner, status, seats, r)) = booking_for_change(&mut tx, site, registration_id).await? else {
        return Ok(AttendeeCancel::Nothing);
    };
    if status == "cancelled" {
        return Ok(AttendeeCancel::Nothing);
    }
    let is_active: Option<i64> =
        sqlx::query_scalar("SELECT id FROM attendees WHERE id = $1 AND registration_id = $2 AND status = 'active'")
            .bind(attendee_id)
            .bind(r.id)
            .fetch_optional(&mut *tx)
            .await?;
    if is_active.is_none() {
        return Ok(AttendeeCancel::Nothing);
    }
    if seats <= 1 {
        return Ok(AttendeeCancel::Last);
    }
    sqlx::query("UPDATE attendees SET status = 'cancelled' WHERE id = $1").bind(attendee_id).execute(&mut *tx).await?;
    sqlx::query("UPDATE registrations SET seats = seats - 1 WHERE id = $1 AND seats > 1").bind(r.id).execute(&mut *tx).await?;
    if status == "confirmed" {
        // Only a booking seated in the partner reserve (partner = 1) gives a reserve seat back.
        free_seats(&mut tx, event_id, 1, partner).await?;
    }
    sqlx::query(
        "UPDATE event_slots SET registered = registered - 1 WHERE id IN (SELECT slot_id FROM slot_bookings WHERE registration_id = $1)",
    )
    .bind(r.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE slot_bookings SET seats = seats - 1 WHERE registration_id = $1").bind(r.id).execute(&mut *tx).await?;
    let event = event_in_tx(&mut tx, event_id).await?;
    let r = Recipient { seats: seats - 1, ..r };
    queue_mail(&mut tx, site, &event, &r, Change::Changed(-attendee_id), now).await?;
    promote(&mut tx, site, event_id, now).await?;
    tx.commit().await?;
    Ok(AttendeeCancel::Done)
}

/// Queue the reminder of every confirmed and accepted booking of events starting within
/// their `reminder_hours`, once each: `reminded_at` is set by a conditional UPDATE in the
/// transaction that queues the message (and its dedup key guards a retry). Returns how many.
pub async fn send_reminders(db: &Db, site: &Site, now: i64) -> Result<usize, sqlx::Error> {
    let due = sqlx::query(
        "SELECT r.id, r.event_id FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE r.status = 'confirmed' AND r.confirmed_at IS NOT NULL AND r.reminded_at IS NULL \
         AND e.status = 'published' AND e.reminder_hours > 0 AND e.starts_at > $1 AND e.starts_at <= $1 + e.reminder_hours * 3600 \
         ORDER BY e.starts_at, r.id LIMIT 500",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    let mut sent = 0;
    for row in &due {
        let (id, event_id): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        let mut tx = db.begin().await?;
        let claimed = sqlx::query(
            "UPDATE registrations SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND status = 'confirmed' \
             AND confirmed_at IS NOT NULL RETURNING email, contact_name, seats, lang",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(c) = claimed else {
            tx.rollback().await?;
            continue;
        };
        let lang = Locale::parse(&c.try_get::<String, _>(3)?).unwrap_or_default();
        let token = link_token(&mut tx, site, id).await?;
        let r = Recipient { id, token, email: c.try_get(0)?, name: c.try_get(1)?, seats: c.try_get(2)?, lang };
        let event = event_in_tx(&mut tx, event_id).await?;
        queue_mail(&mut tx, site, &event, &r, Change::Reminder, now).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
