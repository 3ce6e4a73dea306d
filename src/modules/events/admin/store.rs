//! The SQL of the organisers' back office. Bookings change only through `events::cancel` and
//! `events::set_capacity` (the capacity guarantee lives in `events/store.rs`); what is here
//! reads bookings and writes the event's other columns, its programme, questions and messages.

use sqlx::Row;

use crate::core::db::Db;
use crate::core::mail::{self, Mail};

/// A line of the events list.
#[derive(Clone, Debug)]
pub struct EventRow {
    pub id: i64,
    pub title: String,
    pub club_name: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub registered: i64,
    pub waiting: i64,
    pub status: String,
}

/// The events of these clubs (`None`: all of them; a club-less event only then), at most 500.
pub async fn list_events(db: &Db, clubs: Option<&[i64]>) -> Result<Vec<EventRow>, sqlx::Error> {
    let filter = match clubs {
        None => String::new(),
        Some([]) => "WHERE 1 = 0".to_string(),
        // Integers only: safe to write into the statement.
        Some(ids) => format!("WHERE e.club_id IN ({})", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")),
    };
    let sql = format!(
        "SELECT e.id, e.title, c.name, e.starts_at, e.ends_at, e.capacity, e.registered, e.waiting, e.status \
         FROM events e LEFT JOIN clubs c ON c.id = e.club_id {filter} ORDER BY e.starts_at DESC, e.id DESC LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(db.pool()).await?;
    rows.iter().map(event_row).collect()
}

/// Another event already has this slug.
pub async fn slug_taken(db: &Db, slug: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE slug = $1 AND id <> $2")
        .bind(slug.to_string())
        .bind(except.unwrap_or(0))
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

// ---- registrations ----

/// A booking as the organiser sees it.
#[derive(Clone, Debug)]
pub struct BookingRow {
    pub id: i64,
    pub contact_name: String,
    pub email: String,
    pub seats: i64,
    pub accessibility: String,
    pub status: String,
    pub waiting_position: Option<i64>,
    pub offered_until: Option<i64>,
    pub created_at: i64,
    pub partner: bool,
    /// Names of the booking's people (cancelled ones too when the booking is).
    pub attendees: Vec<String>,
    /// (question label, answer), in the questions' order.
    pub answers: Vec<(String, String)>,
}

impl BookingRow {
    /// confirmed | offered | waiting | cancelled: an offered booking is a confirmed one whose
    /// holder has not accepted yet.
    pub fn state(&self) -> &'static str {
        match self.status.as_str() {
            "confirmed" if self.offered_until.is_some() => "offered",
            "confirmed" => "confirmed",
            "waiting" => "waiting",
            _ => "cancelled",
        }
    }
}

/// The bookings of an event with their people and answers (three queries): confirmed first,
/// then the waiting list in order, then the cancelled ones.
/// Yes/no answers are written in the reader's language (`tr`), as the form showed them.
pub async fn list_bookings(db: &Db, event_id: i64, tr: &crate::core::i18n::Tr) -> Result<Vec<BookingRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, contact_name, email, seats, accessibility, status, waiting_position, offered_until, created_at, partner \
         FROM registrations WHERE event_id = $1 \
         ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, COALESCE(waiting_position, 0), created_at, id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(BookingRow {
                id: r.try_get(0)?,
                contact_name: r.try_get(1)?,
                email: r.try_get(2)?,
                seats: r.try_get(3)?,
                accessibility: r.try_get(4)?,
                status: r.try_get(5)?,
                waiting_position: r.try_get(6)?,
                offered_until: r.try_get(7)?,
                created_at: r.try_get(8)?,
                partner: r.try_get::<i64, _>(9)? != 0,
                attendees: vec![],
                answers: vec![],
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let people = sqlx::query(
        "SELECT a.registration_id, a.name FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE r.event_id = $1 AND (a.status = 'active' OR r.status = 'cancelled') ORDER BY a.registration_id, a.position, a.id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    let index: std::collections::HashMap<i64, usize> = out.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    for r in &people {
        if let Some(&i) = index.get(&r.try_get::<i64, _>(0)?) {
            out[i].attendees.push(r.try_get(1)?);
        }
    }
    // The answers to the current questions, in the form's order (the kit's store).
    let form = crate::modules::events::questions::form(db, event_id).await?;
    let owner = crate::modules::events::questions::owner(event_id);
    let answers = crate::core::forms::store::answers_by_reference(db, &owner, None).await?;
    for b in &mut out {
        let Some(given) = answers.get(&b.id.to_string()) else { continue };
        for q in form.questions() {
            if let Some(t) = given.iter().find(|t| t.question == q.id) {
                b.answers.push((q.label.clone(), crate::core::forms::view::answer_text(tr, &form, q.id, &t.answer)));
            }
        }
    }
    Ok(out)
}

/// The contact name and status of a booking of this event (before cancelling it through
/// `events::cancel_registration`).
pub async fn booking_of_event(db: &Db, event_id: i64, booking_id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT contact_name, status FROM registrations WHERE id = $1 AND event_id = $2")
        .bind(booking_id)
        .bind(event_id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

// ---- messages ----

/// A message sent to an event's people.
#[derive(Clone, Debug)]
pub struct MessageRow {
    pub audience: String,
    pub subject: String,
    pub recipients: i64,
    pub sent_by: Option<String>,
    pub created_at: i64,
}

pub async fn list_messages(db: &Db, event_id: i64) -> Result<Vec<MessageRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.audience, m.subject, m.recipients, u.name, m.created_at FROM event_messages m \
         LEFT JOIN users u ON u.id = m.sent_by WHERE m.event_id = $1 ORDER BY m.created_at DESC, m.id DESC",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MessageRow {
                audience: r.try_get(0)?,
                subject: r.try_get(1)?,
                recipients: r.try_get(2)?,
                sent_by: r.try_get(3)?,
                created_at: r.try_get(4)?,
            })
        })
        .collect()
}

/// What a message to send says.
pub struct Outgoing<'a> {
    pub event_id: i64,
    pub key: &'a str,
    pub audience: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub sent_by: i64,
}

/// Record the message and queue one e-mail per active booking of the audience, in one
/// transaction. `None` when this form's key was already used (nothing sent twice); else the
/// number of e-mails queued. `text` makes each e-mail's body from the booking's token.
/// One e-mail per booking of the audience, each with the booking's personal link (`text` gets
/// its access link's token).
pub async fn send_message(
    db: &Db,
    links: &crate::core::access::Links,
    m: &Outgoing<'_>,
    text: impl Fn(&str) -> String,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO event_messages (event_id, audience, subject, body, recipients, sent_by, created_at, idempotency_key) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7) ON CONFLICT (event_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(m.event_id)
    .bind(m.audience.to_string())
    .bind(m.subject.to_string())
    .bind(m.body.to_string())
    .bind(m.sent_by)
    .bind(now)
    .bind(m.key.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        tx.commit().await?;
        return Ok(None);
    };
    let statuses = match m.audience {
        "confirmed" => "'confirmed'",
        "waiting" => "'waiting'",
        _ => "'confirmed', 'waiting'",
    };
    // Anonymised bookings (empty addresses) get nothing.
    let sql = format!("SELECT id, email FROM registrations WHERE event_id = $1 AND status IN ({statuses}) AND email <> '' ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(m.event_id).fetch_all(&mut *tx).await?;
    let ids = rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>()?;
    let tokens: std::collections::HashMap<i64, String> =
        crate::core::access::tokens_for(&mut tx, links, crate::modules::events::ACCESS_SCOPE, &ids).await?.into_iter().collect();
    let mut sent = 0;
    for r in &rows {
        let (booking, email): (i64, String) = (r.try_get(0)?, r.try_get(1)?);
        let token = tokens.get(&booking).cloned().unwrap_or_default();
        let mail = Mail {
            dedup_key: format!("event-message:{}:{}:{booking}", m.event_id, m.key),
            to: email,
            subject: m.subject.to_string(),
            text: text(&token),
            html: None,
            ics: None,
        };
        if mail::enqueue(&mut tx, &mail, now).await? {
            sent += 1;
        }
    }
    sqlx::query("UPDATE event_messages SET recipients = $2 WHERE id = $1").bind(id).bind(sent).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(Some(sent))
}

/// The names of the confirmed bookings' active attendees (the attendance sheet), unsorted.
pub async fn confirmed_attendee_names(db: &Db, event_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT a.name FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE r.event_id = $1 AND r.status = 'confirmed' AND a.status = 'active'",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await
}

// ---- the dashboard ----

/// `AND e.club_id IN (…)` for these clubs (`None`: every event; integers only, safe to write
/// into the statement).
fn clubs_filter(clubs: Option<&[i64]>) -> String {
    match clubs {
        None => String::new(),
        Some([]) => " AND 1 = 0".to_string(),
        Some(ids) => format!(" AND e.club_id IN ({})", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")),
    }
}

/// What the dashboard counts of some clubs' events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DashboardCounts {
    /// Upcoming published events with people on their waiting list.
    pub waiting_events: i64,
    /// Events still in draft that have not ended.
    pub drafts: i64,
    /// Bookings made since `since` (whatever became of them).
    pub bookings: i64,
    /// Seats of those bookings that are confirmed.
    pub seats: i64,
    /// Bookings cancelled since `since`.
    pub cancellations: i64,
}

pub async fn dashboard_counts(db: &Db, clubs: Option<&[i64]>, since: i64, now: i64) -> Result<DashboardCounts, sqlx::Error> {
    let f = clubs_filter(clubs);
    let sql = format!(
        "SELECT \
           (SELECT COUNT(*) FROM events e WHERE e.status = 'published' AND e.starts_at > $2 AND e.waiting > 0{f}), \
           (SELECT COUNT(*) FROM events e WHERE e.status = 'draft' AND e.ends_at > $2{f}), \
           (SELECT COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.created_at >= $1 AND r.created_at <= $2{f}), \
           (SELECT CAST(COALESCE(SUM(r.seats), 0) AS BIGINT) FROM registrations r JOIN events e ON e.id = r.event_id \
              WHERE r.created_at >= $1 AND r.created_at <= $2 AND r.status = 'confirmed'{f}), \
           (SELECT COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id \
              WHERE r.status = 'cancelled' AND r.cancelled_at >= $1 AND r.cancelled_at <= $2{f})"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(since).bind(now).fetch_one(db.pool()).await?;
    Ok(DashboardCounts {
        waiting_events: row.try_get(0)?,
        drafts: row.try_get(1)?,
        bookings: row.try_get(2)?,
        seats: row.try_get(3)?,
        cancellations: row.try_get(4)?,
    })
}

/// The next published events of these clubs that have not started, soonest first.
pub async fn upcoming_events(db: &Db, clubs: Option<&[i64]>, now: i64, limit: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    let sql = format!(
        "SELECT e.id, e.title, c.name, e.starts_at, e.ends_at, e.capacity, e.registered, e.waiting, e.status \
         FROM events e LEFT JOIN clubs c ON c.id = e.club_id WHERE e.status = 'published' AND e.starts_at > $1{} \
         ORDER BY e.starts_at, e.id LIMIT $2",
        clubs_filter(clubs)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(event_row).collect()
}

/// A recent booking as the dashboard shows it: no name or address, only what it is for.
#[derive(Clone, Debug)]
pub struct RecentBooking {
    pub event_id: i64,
    pub event_title: String,
    pub seats: i64,
    pub status: String,
    pub created_at: i64,
}

/// The latest bookings of these clubs' events, newest first.
pub async fn recent_bookings(db: &Db, clubs: Option<&[i64]>, limit: i64) -> Result<Vec<RecentBooking>, sqlx::Error> {
    let sql = format!(
        "SELECT e.id, e.title, r.seats, r.status, r.created_at FROM registrations r JOIN events e ON e.id = r.event_id \
         WHERE 1 = 1{} ORDER BY r.created_at DESC, r.id DESC LIMIT $1",
        clubs_filter(clubs)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(RecentBooking {
                event_id: r.try_get(0)?,
                event_title: r.try_get(1)?,
                seats: r.try_get(2)?,
                status: r.try_get(3)?,
                created_at: r.try_get(4)?,
            })
        })
        .collect()
}

/// A row of `SELECT e.id, e.title, c.name, e.starts_at, e.ends_at, e.capacity, e.registered,
/// e.waiting, e.status` (the organisers' list and the dashboard's next events).
fn event_row(r: &sqlx::any::AnyRow) -> Result<EventRow, sqlx::Error> {
    Ok(EventRow {
        id: r.try_get(0)?,
        title: r.try_get(1)?,
        club_name: r.try_get(2)?,
        starts_at: r.try_get(3)?,
        ends_at: r.try_get(4)?,
        capacity: r.try_get(5)?,
        registered: r.try_get(6)?,
        waiting: r.try_get(7)?,
        status: r.try_get(8)?,
    })
}
