//! The SQL of the check-in at the door (`events::checkin`).

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::core::db::Db;
use crate::modules::events::checkin::Person;
use crate::modules::events::tickets;

const PERSON_COLUMNS: &str = "a.id, a.name, a.registration_id, r.event_id, r.contact_name, r.email, a.status, r.status, \
    r.confirmed_at, r.offered_until, a.checked_in_at, a.id_checked";

fn person_from_row(r: &AnyRow) -> Result<Person, sqlx::Error> {
    let reg_status: String = r.try_get(7)?;
    Ok(Person {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        registration_id: r.try_get(2)?,
        event_id: r.try_get(3)?,
        contact_name: r.try_get(4)?,
        email: r.try_get(5)?,
        status: r.try_get(6)?,
        booking: tickets::booking_state(&reg_status, r.try_get(8)?, r.try_get(9)?),
        checked_in_at: r.try_get(10)?,
        id_checked: r.try_get::<i64, _>(11)? != 0,
        duplicate: false,
    })
}

/// An attendee by id.
pub(in crate::modules::events) async fn person(db: &Db, attendee_id: i64) -> Result<Option<Person>, sqlx::Error> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM attendees a JOIN registrations r ON r.id = a.registration_id WHERE a.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(attendee_id).fetch_optional(db.pool()).await?;
    row.as_ref().map(person_from_row).transpose()
}

/// Every active attendee of the event's active bookings (waiting ones included), unsorted.
pub(in crate::modules::events) async fn people(db: &Db, event_id: i64) -> Result<Vec<Person>, sqlx::Error> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE r.event_id = $1 AND r.status <> 'cancelled' AND a.status = 'active'"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(event_id).fetch_all(db.pool()).await?;
    rows.iter().map(person_from_row).collect()
}

/// Check an attendee in; false when already checked in or not (or no longer) expected.
pub(in crate::modules::events) async fn check_in(
    db: &Db,
    event_id: i64,
    attendee_id: i64,
    by: i64,
    id_checked: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE attendees SET checked_in_at = $3, checked_in_by = $4, id_checked = $5 \
         WHERE id = $1 AND checked_in_at IS NULL AND status = 'active' AND registration_id IN \
         (SELECT id FROM registrations WHERE event_id = $2 AND status = 'confirmed' AND (confirmed_at IS NOT NULL OR offered_until IS NULL))",
    )
    .bind(attendee_id)
    .bind(event_id)
    .bind(now)
    .bind(by)
    .bind(i64::from(id_checked))
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Undo a check-in (a mistake at the door).
pub(in crate::modules::events) async fn undo_check_in(db: &Db, event_id: i64, attendee_id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE attendees SET checked_in_at = NULL, checked_in_by = NULL, id_checked = 0 \
         WHERE id = $1 AND checked_in_at IS NOT NULL AND registration_id IN (SELECT id FROM registrations WHERE event_id = $2)",
    )
    .bind(attendee_id)
    .bind(event_id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}
