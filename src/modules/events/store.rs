//! Every SQL statement of the events module: events, slots, questions, personal data and
//! retention here; the booking engine in `store/bookings.rs`, a booking's details (answers,
//! workshops, changes, reminders) in `store/details.rs`, the check-in's and the programme
//! editor's statements in `store/checkin.rs` and `store/programme.rs`.
//!
//! The capacity guarantee lives here. Every transaction that changes an event's bookings
//! (booking, cancelling, changing the capacity) first takes the event's row (`lock_event`, a
//! no-op UPDATE: a row lock on PostgreSQL, and SQLite's `BEGIN IMMEDIATE` already serialises
//! writers), so bookings of one event are applied one after the other and the lock order is
//! always event row, then registrations (no deadlock). Seats are then taken only by
//! `UPDATE events SET registered = registered + $n WHERE … AND registered + $n <= capacity`,
//! in the transaction that inserts the registration; a CHECK (registered <= capacity) is the
//! last guard.
//!
//! Partner places: `partner_seats` of the capacity are kept for bookings made with the event's
//! partner code. The public (and public promotions) take seats only while
//! `registered + n + (partner_seats - partner_registered) <= capacity`; a partner booking takes
//! from the reserve while `partner_registered + n <= partner_seats` (both counters move, and
//! `registrations.partner` = 1), else falls back to the public rule. `registrations.partner` is
//! 0 for a public booking, 1 when its seats are in the reserve, 2 when it was made with the
//! partner code but waits or sits on public seats. The waiting list is one queue served in
//! order by two pools: the reserve goes to the earliest waiting partner booking that fits, the
//! public seats to the head of the whole queue; a head too big for its pool blocks that pool.
//!
//! Offers: when `offer_hours` is set, a promotion does not confirm but offers the place (status
//! 'confirmed', seats held, `offered_until` set, `confirmed_at` NULL). Every transaction that
//! locks an event first expires its offers past their deadline (`settle`), so the order holds
//! even when the minute tick is late.

use std::collections::HashMap;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    BOOKING_WINDOW, BOOKINGS_PER_WINDOW, Booked, Booking, Event, EventInput, NewBooking, Outcome, Slot, SlotPerson, Workshop,
};
use super::notify::{self, Change, Recipient, Site};
use super::questions::{self, Question};
use crate::core::access;
use crate::core::db::{Db, Tx};
use crate::core::forms::{FormDef, Typed};
use crate::core::i18n::Locale;
use crate::core::mail::{self, Mail};

/// The check-in at the door.
pub(super) mod checkin;
/// The programme editor's slots.
pub(super) mod programme;

/// The booking engine: seats, the waiting list, offers, partner places.
mod bookings;
/// A booking's details: answers, workshops, changes, reminders.
mod details;
pub use bookings::*;
pub use details::*;

const EVENT_COLUMNS: &str = "e.id, e.slug, e.title, e.summary, e.description, e.club_id, c.name, c.slug, \
    e.starts_at, e.ends_at, e.place_name, e.address, e.online_url, e.theme, e.capacity, e.registered, e.waiting, \
    e.registration_opens_at, e.registration_closes_at, e.id_required, e.status, e.offer_hours, e.partner_seats, \
    e.partner_registered, e.partner_code, e.contact_email, e.reminder_hours, e.retention_days, e.anonymised_at, e.ics_sequence, e.version";

fn event_from_row(r: &AnyRow) -> Result<Event, sqlx::Error> {
    Ok(Event {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        title: r.try_get(2)?,
        summary: r.try_get(3)?,
        description: r.try_get(4)?,
        club_id: r.try_get(5)?,
        club_name: r.try_get(6)?,
        club_slug: r.try_get(7)?,
        starts_at: r.try_get(8)?,
        ends_at: r.try_get(9)?,
        place_name: r.try_get(10)?,
        address: r.try_get(11)?,
        online_url: r.try_get(12)?,
        theme: r.try_get(13)?,
        capacity: r.try_get(14)?,
        registered: r.try_get(15)?,
        waiting: r.try_get(16)?,
        registration_opens_at: r.try_get(17)?,
        registration_closes_at: r.try_get(18)?,
        id_required: r.try_get::<i64, _>(19)? != 0,
        status: r.try_get(20)?,
        offer_hours: r.try_get(21)?,
        partner_seats: r.try_get(22)?,
        partner_registered: r.try_get(23)?,
        partner_code: r.try_get(24)?,
        contact_email: r.try_get(25)?,
        reminder_hours: r.try_get(26)?,
        retention_days: r.try_get(27)?,
        anonymised_at: r.try_get(28)?,
        ics_sequence: r.try_get(29)?,
        version: r.try_get(30)?,
    })
}

/// A new event with a fresh partner code; `created_by` is the organiser who wrote it (none
/// for the demo and the API's first version).
pub async fn insert_event(db: &Db, e: &EventInput, created_by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    insert_event_with(db.writer(), e, created_by, now).await
}

/// `insert_event` inside the caller's transaction (batches of generated events).
pub async fn insert_event_tx(tx: &mut Tx, e: &EventInput, now: i64) -> Result<i64, sqlx::Error> {
    insert_event_with(&mut **tx, e, None, now).await
}

async fn insert_event_with<'c, X: sqlx::Executor<'c, Database = sqlx::Any>>(
    executor: X,
    e: &EventInput,
    created_by: Option<i64>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO events ({EDITABLE_COLUMNS}, created_at, updated_at, partner_code, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, $23, $24) \
         RETURNING id"
    );
    let q = bind_editable(sqlx::query(sqlx::AssertSqlSafe(sql)), e);
    q.bind(now).bind(crate::core::auth::random_token()).bind(created_by).fetch_one(executor).await?.try_get(0)
}

/// The columns an organiser sets, in the order `bind_editable` binds them ($1 to $21).
const EDITABLE_COLUMNS: &str = "slug, title, summary, description, club_id, starts_at, ends_at, place_name, address, \
    online_url, theme, capacity, registration_opens_at, registration_closes_at, id_required, status, offer_hours, \
    partner_seats, contact_email, reminder_hours, retention_days";

fn bind_editable<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    e: &EventInput,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(e.slug.clone())
        .bind(e.title.clone())
        .bind(e.summary.clone())
        .bind(e.description.clone())
        .bind(e.club_id)
        .bind(e.starts_at)
        .bind(e.ends_at)
        .bind(e.place_name.clone())
        .bind(e.address.clone())
        .bind(e.online_url.clone())
        .bind(e.theme.clone())
        .bind(e.capacity)
        .bind(e.registration_opens_at)
        .bind(e.registration_closes_at)
        .bind(i64::from(e.id_required))
        .bind(e.status.clone())
        .bind(e.offer_hours)
        .bind(e.partner_seats)
        .bind(e.contact_email.clone())
        .bind(e.reminder_hours)
        .bind(e.retention_days)
}

pub async fn insert_slot(db: &Db, event_id: i64, s: &Slot) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO event_slots (event_id, starts_at, ends_at, title, description, room, kind) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(event_id)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.title.clone())
    .bind(s.description.clone())
    .bind(s.room.clone())
    .bind(s.kind.clone())
    .fetch_one(&mut *tx)
    .await?;
    for (i, p) in s.people.iter().enumerate() {
        sqlx::query("INSERT INTO slot_people (slot_id, name, title, organisation, role, position) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(p.name.clone())
            .bind(p.title.clone())
            .bind(p.organisation.clone())
            .bind(p.role.clone())
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn get_event_by_slug(db: &Db, slug: &str) -> Result<Option<Event>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN clubs c ON c.id = e.club_id WHERE e.slug = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug.to_string()).fetch_optional(db.pool()).await?.as_ref().map(event_from_row).transpose()
}

/// An event by its slug with its registration form (every booking reads both).
pub async fn event_with_form(db: &Db, slug: &str) -> Result<Option<(Event, FormDef)>, sqlx::Error> {
    let Some(event) = get_event_by_slug(db, slug).await? else { return Ok(None) };
    let form = questions::form(db, event.id).await?;
    Ok(Some((event, form)))
}

pub async fn count_events(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(db.pool()).await
}

pub async fn get_event(db: &Db, id: i64) -> Result<Option<Event>, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN clubs c ON c.id = e.club_id WHERE e.id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?.as_ref().map(event_from_row).transpose()
}

/// Public events ending at or after `from` and starting before `to` (upcoming: soonest first),
/// optionally of one club.
pub async fn list_upcoming(db: &Db, from: i64, to: i64, club_id: Option<i64>, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN clubs c ON c.id = e.club_id \
         WHERE e.status IN ('published', 'cancelled') AND e.ends_at >= $1 AND e.starts_at < $2 \
         AND ($3 = 0 OR e.club_id = $3) ORDER BY e.starts_at, e.id LIMIT $4"
    );
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to).bind(club_id.unwrap_or(0)).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(event_from_row).collect()
}

/// A page of the public events (published or cancelled) ending at or after `from` and
/// starting before `to`, of the club `club_id` (0: every club; an id no club has: none),
/// soonest first, with how many there are in all (the API's list).
pub async fn public_events_page(
    db: &Db,
    from: i64,
    to: i64,
    club_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Event>, i64), sqlx::Error> {
    const PUBLIC: &str = "FROM events e LEFT JOIN clubs c ON c.id = e.club_id \
        WHERE e.status IN ('published', 'cancelled') AND e.ends_at >= $1 AND e.starts_at < $2 AND ($3 = 0 OR e.club_id = $3)";
    let sql = format!("SELECT {EVENT_COLUMNS} {PUBLIC} ORDER BY e.starts_at, e.id LIMIT $4 OFFSET $5");
    let rows =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to).bind(club_id).bind(limit).bind(offset).fetch_all(db.pool()).await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {PUBLIC}")))
        .bind(from)
        .bind(to)
        .bind(club_id)
        .fetch_one(db.pool())
        .await?;
    Ok((rows.iter().map(event_from_row).collect::<Result<_, _>>()?, total))
}

/// A registration as the organisers' API lists it.
#[derive(Clone, Debug)]
pub struct RegistrationRow {
    pub id: i64,
    pub status: String,
    pub seats: i64,
    pub waiting_position: Option<i64>,
    pub contact_name: String,
    pub email: String,
    pub accessibility: String,
    pub created_at: i64,
    pub anonymised: bool,
    /// The people still coming (every one of a cancelled booking), in order.
    pub attendees: Vec<String>,
}

/// A page of an event's registrations, oldest first, with their attendees (two queries for
/// the page, not two per booking), and how many there are in all.
pub async fn registrations_page(db: &Db, event_id: i64, limit: i64, offset: i64) -> Result<(Vec<RegistrationRow>, i64), sqlx::Error> {
    const PAGE_IDS: &str = "SELECT id FROM registrations WHERE event_id = $1 ORDER BY id LIMIT $2 OFFSET $3";
    let rows = sqlx::query(
        "SELECT id, status, seats, waiting_position, contact_name, email, accessibility, created_at, anonymised_at \
         FROM registrations WHERE event_id = $1 ORDER BY id LIMIT $2 OFFSET $3",
    )
    .bind(event_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = $1").bind(event_id).fetch_one(db.pool()).await?;
    let people = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT a.registration_id, a.name FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE a.registration_id IN ({PAGE_IDS}) AND (a.status = 'active' OR r.status = 'cancelled') \
         ORDER BY a.registration_id, a.position, a.id"
    )))
    .bind(event_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let mut attendees: HashMap<i64, Vec<String>> = HashMap::new();
    for p in &people {
        attendees.entry(p.try_get(0)?).or_default().push(p.try_get(1)?);
    }
    let page = rows
        .iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            Ok(RegistrationRow {
                id,
                status: r.try_get(1)?,
                seats: r.try_get(2)?,
                waiting_position: r.try_get(3)?,
                contact_name: r.try_get(4)?,
                email: r.try_get(5)?,
                accessibility: r.try_get(6)?,
                created_at: r.try_get(7)?,
                anonymised: r.try_get::<Option<i64>, _>(8)?.is_some(),
                attendees: attendees.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((page, total))
}

/// Public events that ended before `now` and started on or after `from`, latest first.
pub async fn list_past(db: &Db, now: i64, from: i64, to: i64, club_id: Option<i64>, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN clubs c ON c.id = e.club_id \
         WHERE e.status IN ('published', 'cancelled') AND e.ends_at < $1 AND e.starts_at >= $2 AND e.starts_at < $3 \
         AND ($4 = 0 OR e.club_id = $4) ORDER BY e.starts_at DESC, e.id DESC LIMIT $5"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(from)
        .bind(to)
        .bind(club_id.unwrap_or(0))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(event_from_row).collect()
}

/// The programme with its people (two queries).
pub async fn list_slots(db: &Db, event_id: i64) -> Result<Vec<Slot>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, starts_at, ends_at, title, description, room, kind, capacity, registered FROM event_slots \
         WHERE event_id = $1 ORDER BY starts_at, id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    let mut slots = rows
        .iter()
        .map(|r| {
            Ok(Slot {
                id: r.try_get(0)?,
                starts_at: r.try_get(1)?,
                ends_at: r.try_get(2)?,
                title: r.try_get(3)?,
                description: r.try_get(4)?,
                room: r.try_get(5)?,
                kind: r.try_get(6)?,
                people: vec![],
                capacity: r.try_get(7)?,
                registered: r.try_get(8)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let people = sqlx::query(
        "SELECT p.slot_id, p.name, p.title, p.organisation, p.role FROM slot_people p \
         JOIN event_slots s ON s.id = p.slot_id WHERE s.event_id = $1 ORDER BY p.slot_id, p.position, p.id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    for r in &people {
        let slot_id: i64 = r.try_get(0)?;
        if let Some(s) = slots.iter_mut().find(|s| s.id == slot_id) {
            s.people.push(SlotPerson { name: r.try_get(1)?, title: r.try_get(2)?, organisation: r.try_get(3)?, role: r.try_get(4)? });
        }
    }
    Ok(slots)
}

/// Public events for a calendar feed (optionally one club's), latest first.
pub async fn list_for_feed(db: &Db, club_id: Option<i64>, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN clubs c ON c.id = e.club_id \
         WHERE e.status IN ('published', 'cancelled') AND ($1 = 0 OR e.club_id = $1) ORDER BY e.starts_at DESC, e.id DESC LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(club_id.unwrap_or(0)).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(event_from_row).collect()
}

/// Slugs and update times of the public events, latest first (for the sitemap).
pub async fn list_public_slugs(db: &Db, limit: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT slug, updated_at FROM events WHERE status IN ('published', 'cancelled') ORDER BY starts_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The first moment after `now` when an event's page changes by the clock alone: its
/// registration opens or closes, it starts or ends.
pub async fn next_boundary(db: &Db, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let mut at: Option<i64> = None;
    for column in ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"] {
        let sql = format!("SELECT MIN({column}) FROM events WHERE {column} > $1 AND status <> 'draft'");
        let t: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(now).fetch_one(db.pool()).await?;
        at = match (at, t) {
            (Some(a), Some(t)) => Some(a.min(t)),
            (a, t) => a.or(t),
        };
    }
    Ok(at)
}

/// What saving an organiser's edit of an event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventUpdate {
    Saved,
    /// The capacity or the partner places would be below the places already taken.
    SeatsTaken,
    /// Another event has this slug.
    SlugTaken,
    /// The save started from another version of the event: someone saved it meanwhile.
    Stale,
}

/// Save every column an organiser sets, capacity and partner places included, in one
/// transaction under the event's lock: refused (nothing saved) when the new capacity or
/// partner places would leave fewer places than are taken, then the waiting list is promoted
/// if places were freed. An event without a partner code (made before partner places
/// existed) gets one.
///
/// `expected`: the version the save started from (`None`: whatever it is now). The UPDATE
/// raises the version and only matches that one, so a save from an older version changes
/// nothing and is told [`EventUpdate::Stale`].
pub async fn update_event(
    db: &Db,
    site: &Site,
    id: i64,
    e: &EventInput,
    expected: Option<i64>,
    now: i64,
) -> Result<EventUpdate, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !lock_event(&mut tx, id).await? {
        return Err(sqlx::Error::RowNotFound);
    }
    settle(&mut tx, site, id, now).await?;
    let before = event_in_tx(&mut tx, id).await?;
    let expected = expected.unwrap_or(before.version);
    let sets: Vec<String> = EDITABLE_COLUMNS.split(',').enumerate().map(|(n, c)| format!("{} = ${}", c.trim(), n + 1)).collect();
    let sql = format!(
        "UPDATE events SET {}, updated_at = $22, partner_code = CASE WHEN partner_code = '' THEN $23 ELSE partner_code END, \
         version = version + 1 \
         WHERE id = $24 AND version = $25 AND partner_registered <= $18 AND registered + ($18 - partner_registered) <= $12",
        sets.join(", ")
    );
    let q = bind_editable(sqlx::query(sqlx::AssertSqlSafe(sql)), e);
    let saved = q.bind(now).bind(crate::core::auth::random_token()).bind(id).bind(expected).execute(&mut *tx).await;
    let outcome = match saved {
        Ok(r) if r.rows_affected() == 1 => EventUpdate::Saved,
        Ok(_) if expected != before.version => EventUpdate::Stale,
        Ok(_) => EventUpdate::SeatsTaken,
        Err(err) if err.as_database_error().is_some_and(|d| d.is_unique_violation()) => EventUpdate::SlugTaken,
        Err(err) => return Err(err),
    };
    if outcome != EventUpdate::Saved {
        tx.rollback().await?;
        return Ok(outcome);
    }
    tell_registrants(&mut tx, site, &before, now).await?;
    // The bookings' links last until the (new) retention date.
    if (e.ends_at, e.retention_days) != (before.ends_at, before.retention_days) {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1 AND anonymised_at IS NULL")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        access::set_expiry(&mut tx, super::ACCESS_SCOPE, &ids, e.ends_at + e.retention_days * 86_400).await?;
    }
    promote(&mut tx, site, id, now).await?;
    tx.commit().await?;
    Ok(EventUpdate::Saved)
}

/// After an organiser's edit: when the date, the place or the title changed, or the event was
/// cancelled, every booking still active is told, once per change, in its language; the ones
/// holding an invitation get an iCalendar update (same UID, a higher SEQUENCE) or cancellation.
async fn tell_registrants(tx: &mut Tx, site: &Site, before: &Event, now: i64) -> Result<(), sqlx::Error> {
    let after = event_in_tx(tx, before.id).await?;
    let cancelled = after.status == "cancelled" && before.status != "cancelled";
    let moved = (after.starts_at, after.ends_at, &after.place_name, &after.address, &after.online_url, &after.title)
        != (before.starts_at, before.ends_at, &before.place_name, &before.address, &before.online_url, &before.title);
    if !(cancelled || (moved && after.status == "published")) {
        return Ok(());
    }
    let sequence: i64 = sqlx::query_scalar("UPDATE events SET ics_sequence = ics_sequence + 1 WHERE id = $1 RETURNING ics_sequence")
        .bind(after.id)
        .fetch_one(&mut **tx)
        .await?;
    let after = Event { ics_sequence: sequence, ..after };
    let rows = sqlx::query(
        "SELECT id, email, contact_name, seats, lang, status, confirmed_at FROM registrations \
         WHERE event_id = $1 AND status IN ('confirmed', 'waiting') AND email <> '' ORDER BY id",
    )
    .bind(after.id)
    .fetch_all(&mut **tx)
    .await?;
    let ids = rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
    let tokens: HashMap<i64, String> = access::tokens_for(tx, &site.links, super::ACCESS_SCOPE, &ids).await?.into_iter().collect();
    for row in &rows {
        let lang = Locale::parse(&row.try_get::<String, _>(4)?).unwrap_or_default();
        let id: i64 = row.try_get(0)?;
        let r = Recipient {
            id,
            token: tokens.get(&id).cloned().unwrap_or_default(),
            email: row.try_get(1)?,
            name: row.try_get(2)?,
            seats: row.try_get(3)?,
            lang,
        };
        let invite = row.try_get::<String, _>(5)? == "confirmed" && row.try_get::<Option<i64>, _>(6)?.is_some();
        let change = if cancelled { Change::EventCancelled { sequence, invite } } else { Change::EventChanged { sequence, invite } };
        queue_mail(tx, site, &after, &r, change, now).await?;
    }
    Ok(())
}

/// Add a question at the end of an event's form (the demo, tests; the back office has its
/// own editor); returns its id.
pub async fn insert_question(db: &Db, event_id: i64, q: &Question, now: i64) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut list = questions::list_for_update(&mut tx, event_id).await?;
    let id = questions::next_id(&mut tx).await?;
    list.push(Question { id, event_id, ..q.clone() });
    questions::save(&mut tx, event_id, &list, now).await?;
    tx.commit().await?;
    Ok(id)
}

// ---- personal data ----

/// The bookings made with an address (lowercase), with their event, attendees and answers.
pub async fn bookings_by_email(db: &Db, email: &str) -> Result<Vec<serde_json::Value>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.id, e.slug, e.title, e.starts_at, r.contact_name, r.email, r.seats, r.status, r.accessibility, r.created_at, r.event_id \
         FROM registrations r JOIN events e ON e.id = r.event_id WHERE LOWER(r.email) = $1 ORDER BY r.id",
    )
    .bind(email.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = vec![];
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let event_id: i64 = r.try_get(10)?;
        let attendees: Vec<String> = sqlx::query_scalar("SELECT name FROM attendees WHERE registration_id = $1 ORDER BY position, id")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
        let reference = super::questions::reference(id);
        let answers =
            crate::core::forms::store::answers_by_reference(db, &super::questions::owner(event_id), Some(std::slice::from_ref(&reference)))
                .await?
                .remove(&reference)
                .unwrap_or_default();
        out.push(serde_json::json!({
            "id": id,
            "event": { "slug": r.try_get::<String, _>(1)?, "title": r.try_get::<String, _>(2)?, "starts_at": crate::core::api::rfc3339(r.try_get(3)?) },
            "contact_name": r.try_get::<String, _>(4)?,
            "email": r.try_get::<String, _>(5)?,
            "seats": r.try_get::<i64, _>(6)?,
            "status": r.try_get::<String, _>(7)?,
            "accessibility": r.try_get::<String, _>(8)?,
            "created_at": crate::core::api::rfc3339(r.try_get(9)?),
            "attendees": attendees,
            "answers": answers.iter().map(|a| serde_json::json!({
                "question": a.question,
                "code": a.code,
                "answer": serde_json::from_str::<serde_json::Value>(&a.answer.to_json()).unwrap_or_default(),
            })).collect::<Vec<_>>(),
        }));
    }
    Ok(out)
}

/// Anonymise the bookings made with an address, as retention does for past events.
pub async fn anonymise_bookings_by_email(tx: &mut Tx, email: &str, now: i64) -> Result<u64, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT id, event_id FROM registrations WHERE LOWER(email) = $1")
        .bind(email.to_string())
        .fetch_all(&mut **tx)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    // Their personal links stop opening (`core.access_links` erases the links by address too).
    access::revoke_subjects(tx, super::ACCESS_SCOPE, &ids, now).await?;
    for (id, event_id) in &rows {
        crate::core::forms::store::clear_answers(tx, &super::questions::owner(*event_id), &[super::questions::reference(*id)]).await?;
        sqlx::query("UPDATE attendees SET name = '' WHERE registration_id = $1").bind(id).execute(&mut **tx).await?;
        sqlx::query(
            "UPDATE registrations SET contact_name = '', email = '', accessibility = '', anonymised_at = COALESCE(anonymised_at, $2) WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(rows.len() as u64)
}

// ---- retention ----

/// Events past their retention whose bookings are not anonymised yet, the oldest first.
pub async fn due_for_anonymisation(db: &Db, now: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    // `ends_at < $1` lets the partial index events_to_anonymise narrow the scan to ended,
    // not yet anonymised events.
    sqlx::query_scalar(
        "SELECT id FROM events WHERE anonymised_at IS NULL AND ends_at < $1 AND ends_at + retention_days * 86400 < $1 \
         ORDER BY ends_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Mark an event's bookings anonymised; false if they already were.
pub async fn mark_anonymised(tx: &mut Tx, event_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE events SET anonymised_at = $2 WHERE id = $1 AND anonymised_at IS NULL")
        .bind(event_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Every booking of an event, whatever its state.
pub async fn registration_ids(tx: &mut Tx, event_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM registrations WHERE event_id = $1").bind(event_id).fetch_all(&mut **tx).await
}

/// Empty the names, addresses and needs of an event's bookings; seats, statuses and
/// check-ins stay.
pub async fn blank_bookings(tx: &mut Tx, event_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE attendees SET name = '' WHERE registration_id IN (SELECT id FROM registrations WHERE event_id = $1)")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE registrations SET contact_name = '', email = '', accessibility = '', anonymised_at = $2 \
         WHERE event_id = $1 AND anonymised_at IS NULL",
    )
    .bind(event_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ---- tickets ----

/// A booking's `confirmed_at` and `offered_until` (an offer not yet accepted has no ticket).
pub async fn confirmation(db: &Db, registration_id: i64) -> Result<(Option<i64>, Option<i64>), sqlx::Error> {
    sqlx::query_as("SELECT confirmed_at, offered_until FROM registrations WHERE id = $1").bind(registration_id).fetch_one(db.pool()).await
}
