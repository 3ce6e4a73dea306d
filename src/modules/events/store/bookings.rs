//! The booking engine: seats, the waiting list, offers and partner places (the guarantee
//! is described in `store.rs`); a booking read back, and the counters checked.

use super::*;

/// The event, read inside a booking's transaction (for the e-mail it queues).
pub(super) async fn event_in_tx(tx: &mut Tx, id: i64) -> Result<Event, sqlx::Error> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN clubs c ON c.id = e.club_id WHERE e.id = $1");
    event_from_row(&sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&mut **tx).await?)
}

/// Queue the e-mail of a booking's change in its transaction (once per change: dedup key).
pub(super) async fn queue_mail(
    tx: &mut Tx,
    site: &Site,
    event: &Event,
    r: &Recipient,
    change: Change,
    now: i64,
) -> Result<(), sqlx::Error> {
    mail::enqueue(tx, &notify::booking_mail(site, event, r, change, now), now).await?;
    Ok(())
}

/// Take the event's row for the rest of the transaction (see the module comment).
pub(super) async fn lock_event(tx: &mut Tx, event_id: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE events SET waitlist_seq = waitlist_seq WHERE id = $1").bind(event_id).execute(&mut **tx).await?;
    Ok(r.rows_affected() == 1)
}

/// The token of a booking's access link, made again from its row (empty when it has none:
/// an anonymised booking's link is revoked).
pub(super) async fn link_token(tx: &mut Tx, site: &Site, registration_id: i64) -> Result<String, sqlx::Error> {
    Ok(access::token_for(tx, &site.links, super::super::ACCESS_SCOPE, registration_id).await?.unwrap_or_default())
}

async fn booking_by_key(tx: &mut Tx, event_id: i64, key: &str) -> Result<Option<(i64, String, Option<i64>)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, status, waiting_position FROM registrations WHERE event_id = $1 AND idempotency_key = $2")
        .bind(event_id)
        .bind(key.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

pub(super) fn outcome(status: &str, position: Option<i64>) -> Outcome {
    match (status, position) {
        ("waiting", Some(p)) => Outcome::Waiting(p),
        _ => Outcome::Confirmed,
    }
}

/// Where a booking's seats come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pool {
    /// The partner reserve (`partner_registered` moves too).
    Reserve,
    /// The public seats (the unused reserve stays free).
    Public,
}

/// The value of `registrations.partner` for a booking seated in `pool`, made with the partner
/// code or not.
fn partner_flag(pool: Option<Pool>, partner: bool) -> i64 {
    match (pool, partner) {
        (Some(Pool::Reserve), _) => 1,
        (_, true) => 2,
        (_, false) => 0,
    }
}

/// Take `seats` for a new booking if they are free and nobody waits for them (strict FIFO):
/// a partner booking from the reserve (unless an earlier partner booking waits), then anyone
/// from the public seats (unless someone waits). The statements that confirm new seats.
async fn take_seats(tx: &mut Tx, event_id: i64, seats: i64, partner: bool) -> Result<Option<Pool>, sqlx::Error> {
    if partner {
        let r = sqlx::query(
            "UPDATE events SET registered = registered + $2, partner_registered = partner_registered + $2 \
             WHERE id = $1 AND partner_registered + $2 <= partner_seats AND registered + $2 <= capacity \
             AND NOT EXISTS (SELECT 1 FROM registrations w WHERE w.event_id = $1 AND w.status = 'waiting' AND w.partner = 2)",
        )
        .bind(event_id)
        .bind(seats)
        .execute(&mut **tx)
        .await?;
        if r.rows_affected() == 1 {
            return Ok(Some(Pool::Reserve));
        }
    }
    let r = sqlx::query(
        "UPDATE events SET registered = registered + $2 \
         WHERE id = $1 AND waiting = 0 AND registered + $2 + (partner_seats - partner_registered) <= capacity",
    )
    .bind(event_id)
    .bind(seats)
    .execute(&mut **tx)
    .await?;
    Ok((r.rows_affected() == 1).then_some(Pool::Public))
}

/// The next waiting position, without gaps (a counter on the event's row), and the number of
/// bookings now waiting (the new one's rank: it is last).
async fn next_waiting_position(tx: &mut Tx, event_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "UPDATE events SET waitlist_seq = waitlist_seq + 1, waiting = waiting + 1 WHERE id = $1 RETURNING waitlist_seq, waiting",
    )
    .bind(event_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// The same, only when a public booking of `seats` cannot be seated now: someone waits, or
/// the free public seats are too few. The exact negation of `take_seats`' public condition,
/// so that when the list is already long a booking is placed in one statement; when it
/// places nothing, `take_seats` will seat the booking.
async fn wait_if_full(tx: &mut Tx, event_id: i64, seats: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE events SET waitlist_seq = waitlist_seq + 1, waiting = waiting + 1 \
         WHERE id = $1 AND (waiting <> 0 OR registered + $2 + (partner_seats - partner_registered) > capacity) \
         RETURNING waitlist_seq, waiting",
    )
    .bind(event_id)
    .bind(seats)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// A booking to make (see `queue.rs`, which applies them in groups).
#[derive(Clone, Debug)]
pub(in crate::modules::events) struct BookingJob {
    pub event_id: i64,
    pub booking: NewBooking,
    /// `registrations.token` of the new booking: `~` and random characters. No longer a key:
    /// the booking's personal page is reached through its access link (`core::access`).
    pub placeholder: String,
    pub now: i64,
    /// Made with the event's partner code.
    pub partner: bool,
    /// The client address whose booking limit a new booking counts against (none: no limit).
    pub client: Option<String>,
    /// Tests only (the negative control): the seats counter and whether the booking fitted,
    /// read before the transaction; the booking then writes the counter as a plain value
    /// instead of the conditional UPDATE. The race the guarantee prevents.
    pub stale: Option<(i64, bool)>,
}

/// What one booking's attempt did inside its savepoint.
enum Attempt {
    /// Made: the booking, and its e-mails (the group queues them before it commits).
    Made(Box<Booking>, Vec<(Mail, i64)>),
    SlotFull(i64),
    TooMany {
        retry_after: i64,
    },
    /// A booking with the same idempotency key exists.
    KeyTaken,
}

/// Per event of a group, read under its lock: the event (for the e-mails) and whether the
/// last booking had to wait (then the next one most likely waits too: `wait_if_full` first).
struct Locked {
    event: Event,
    full: bool,
}

/// How a group of bookings is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::modules::events) enum Mode {
    /// Each booking in its own savepoint: one that fails or is refused is rolled back alone.
    Savepoints,
    /// No savepoints (one round trip less per booking): the first booking that is not made,
    /// refused or failed, rolls the whole group back (`Ok(None)`), and the caller applies it
    /// again with savepoints. For the rush, where nearly every booking is made.
    Optimistic,
}

/// Make a group of bookings in one transaction (one commit for all: the group commit), each
/// in its own savepoint (`Mode::Savepoints`), so that one that fails or is refused leaves the
/// others whole. The events concerned are locked first, in id order (no deadlock between two
/// groups), and their due offers settled; then each booking is made as `book_one` says; then
/// the attendees and the e-mails of the bookings made are written, a statement for all (in
/// the same transaction, so each booking commits whole with its people and its messages, or
/// not at all). One result per job, in order; `None` when an optimistic group was rolled back.
/// `Err` when the transaction itself failed: then nothing was written, and the caller may try
/// each booking alone.
pub(in crate::modules::events) async fn book_group(
    db: &Db,
    site: &Site,
    jobs: &[BookingJob],
    mode: Mode,
) -> Result<Option<Vec<Result<Booked, sqlx::Error>>>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let results = book_group_in(&mut tx, site, jobs, mode).await?;
    match results {
        Some(_) => tx.commit().await?,
        None => tx.rollback().await?,
    }
    Ok(results)
}

/// `book_group` inside the caller's transaction, which it neither commits nor rolls back
/// (`None`: an optimistic group failed, and the transaction must be rolled back). The
/// generated data set books this way, with the events it creates in the same transaction.
pub(in crate::modules::events) async fn book_group_in(
    tx: &mut Tx,
    site: &Site,
    jobs: &[BookingJob],
    mode: Mode,
) -> Result<Option<Vec<Result<Booked, sqlx::Error>>>, sqlx::Error> {
    let savepoints = mode == Mode::Savepoints;
    let mut ids: Vec<i64> = jobs.iter().map(|j| j.event_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let now = jobs.iter().map(|j| j.now).max().unwrap_or_default();
    let mut locked: HashMap<i64, Locked> = HashMap::with_capacity(ids.len());
    for id in ids {
        if lock_event(tx, id).await? {
            settle(tx, site, id, now).await?;
            let event = event_in_tx(tx, id).await?;
            let full = event.waiting > 0 || event.registered + (event.partner_seats - event.partner_registered) >= event.capacity;
            locked.insert(id, Locked { event, full });
        }
    }
    let mut results = Vec::with_capacity(jobs.len());
    let mut mails = Vec::with_capacity(jobs.len());
    let mut people = Vec::with_capacity(jobs.len());
    // Whether the next booking's savepoint is already open (released and opened again in one
    // round trip after a booking that was made).
    let mut open = false;
    for (i, job) in jobs.iter().enumerate() {
        let Some(l) = locked.get_mut(&job.event_id) else {
            results.push(Err(sqlx::Error::RowNotFound));
            continue;
        };
        if savepoints && !open {
            sqlx::query("SAVEPOINT booking").execute(&mut **tx).await?;
        }
        let attempt = book_one(tx, site, l, job).await;
        if let Ok(Attempt::Made(b, its_mails)) = attempt {
            if savepoints {
                open = i + 1 < jobs.len();
                // Two statements in one string: raw SQL (PostgreSQL's simple protocol).
                let sql = if open { "RELEASE SAVEPOINT booking; SAVEPOINT booking" } else { "RELEASE SAVEPOINT booking" };
                sqlx::raw_sql(sql).execute(&mut **tx).await?;
            }
            people.extend(b.attendees.iter().enumerate().map(|(n, name)| (b.id, name.clone(), n as i64)));
            mails.extend(its_mails);
            results.push(Ok(Booked::New(*b)));
            continue;
        }
        if !savepoints {
            return Ok(None);
        }
        // Nothing of a booking that is not made is kept (its count against the limit either).
        sqlx::raw_sql("ROLLBACK TO SAVEPOINT booking; RELEASE SAVEPOINT booking").execute(&mut **tx).await?;
        open = false;
        let result = match attempt {
            Err(e) => Err(e),
            // A retry of a booking already made answers with it, whatever else is refused.
            Ok(refused) => match (booking_by_key(tx, job.event_id, &job.booking.idempotency_key).await?, refused) {
                (Some((id, status, position)), _) => {
                    Ok(Booked::Again { token: link_token(tx, site, id).await?, outcome: outcome(&status, position) })
                }
                (None, Attempt::SlotFull(slot)) => Ok(Booked::SlotFull(slot)),
                (None, Attempt::TooMany { retry_after }) => Ok(Booked::TooMany { retry_after }),
                (None, _) => Err(sqlx::Error::RowNotFound),
            },
        };
        results.push(result);
    }
    if open {
        sqlx::query("RELEASE SAVEPOINT booking").execute(&mut **tx).await?;
    }
    insert_attendees(tx, &people).await?;
    mail::enqueue_many(tx, &mails).await?;
    Ok(Some(results))
}

/// Count a new booking against its client address's limit (one statement, so that concurrent
/// instances count exactly); the seconds to wait when it is over.
async fn count_booking(tx: &mut Tx, client: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, 1, $2) ON CONFLICT (key) DO UPDATE SET \
         hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
         window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind(format!("booking:{client}"))
    .bind(now)
    .bind(now - BOOKING_WINDOW)
    .fetch_one(&mut **tx)
    .await?;
    let (hits, start): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    Ok((hits > BOOKINGS_PER_WINDOW).then(|| (start + BOOKING_WINDOW - now).max(1)))
}

/// Make one booking, under its event's lock, inside the group's savepoint: count it against
/// the address's limit, take its workshop seats, then its seats if they all fit and nobody
/// waits, else a waiting position (never split); write it, its attendees, answers and
/// workshops, and queue its e-mails. Whatever it refuses, the caller rolls back to the
/// savepoint.
async fn book_one(tx: &mut Tx, site: &Site, l: &mut Locked, job: &BookingJob) -> Result<Attempt, sqlx::Error> {
    let (b, event_id, now) = (&job.booking, job.event_id, job.now);
    if let Some(client) = &job.client
        && let Some(retry_after) = count_booking(tx, client, now).await?
    {
        return Ok(Attempt::TooMany { retry_after });
    }
    if let Some(full) = take_slot_seats(tx, event_id, &b.workshops, b.seats).await? {
        return Ok(Attempt::SlotFull(full));
    }
    // Seated (from which pool), or waiting with (position, bookings now waiting).
    let (pool, waiting) = match job.stale {
        Some((registered, fits)) => {
            if fits {
                sqlx::query("UPDATE events SET registered = $2 WHERE id = $1")
                    .bind(event_id)
                    .bind(registered + b.seats)
                    .execute(&mut **tx)
                    .await?;
                (Some(Pool::Public), None)
            } else {
                (None, Some(next_waiting_position(tx, event_id).await?))
            }
        }
        None if l.full && !job.partner => match wait_if_full(tx, event_id, b.seats).await? {
            Some(w) => (None, Some(w)),
            None => match take_seats(tx, event_id, b.seats, false).await? {
                Some(pool) => (Some(pool), None),
                None => (None, Some(next_waiting_position(tx, event_id).await?)),
            },
        },
        None => match take_seats(tx, event_id, b.seats, job.partner).await? {
            Some(pool) => (Some(pool), None),
            None => (None, Some(next_waiting_position(tx, event_id).await?)),
        },
    };
    l.full = waiting.is_some();
    let position = waiting.map(|(p, _)| p);
    let status = if pool.is_some() { "confirmed" } else { "waiting" };
    let partner = partner_flag(pool, job.partner);
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO registrations (event_id, token, idempotency_key, contact_name, email, seats, accessibility, status, \
         waiting_position, created_at, confirmed_at, lang, partner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (event_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(job.placeholder.clone())
    .bind(b.idempotency_key.clone())
    .bind(b.contact_name.clone())
    .bind(b.email.clone())
    .bind(b.seats)
    .bind(b.accessibility.clone())
    .bind(status)
    .bind(position)
    .bind(now)
    .bind(pool.is_some().then_some(now))
    .bind(lang_code(&b.lang))
    .bind(partner)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else { return Ok(Attempt::KeyTaken) };
    // The booking's personal link, valid until its data is anonymised (the retention date).
    let expires_at = l.event.ends_at + l.event.retention_days * 86_400;
    let token = access::issue(tx, &site.links, super::super::ACCESS_SCOPE, id, &b.email, expires_at, now).await?;
    if !b.answers.is_empty() {
        questions::save_answers(tx, event_id, id, &b.answers, now).await?;
    }
    record_slot_bookings(tx, id, &b.workshops, b.seats).await?;
    let lang = Locale::parse(lang_code(&b.lang)).unwrap_or_default();
    let r = Recipient { id, token: token.clone(), email: b.email.clone(), name: b.contact_name.clone(), seats: b.seats, lang };
    let change = match position {
        Some(p) => Change::Waiting(p),
        None => Change::Confirmed,
    };
    let mut mails = vec![(notify::booking_mail(site, &l.event, &r, change, now), now)];
    // The accessibility needs go to the organiser, when there is one to read them.
    if !b.accessibility.trim().is_empty()
        && let Some(to) = organiser_address(tx, &l.event).await?
    {
        mails.push((notify::accessibility_mail(site, &l.event, &to, &r, &b.accessibility), now));
    }
    let booking = Booking {
        id,
        event_id,
        token,
        contact_name: b.contact_name.clone(),
        email: b.email.clone(),
        seats: b.seats,
        accessibility: b.accessibility.clone(),
        status: status.to_string(),
        waiting_position: position,
        rank: waiting.map(|(_, rank)| rank),
        attendees: b.attendees.clone(),
        created_at: now,
        offered_until: None,
        partner: partner == 1,
    };
    Ok(Attempt::Made(Box::new(booking), mails))
}

/// Attendees of new bookings (registration id, name, position), a statement for many.
async fn insert_attendees(tx: &mut Tx, people: &[(i64, String, i64)]) -> Result<(), sqlx::Error> {
    for chunk in people.chunks(300) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${}, 'active', ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3)).collect();
        let sql = format!("INSERT INTO attendees (registration_id, name, status, position) VALUES {}", values.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (registration_id, name, position) in chunk {
            q = q.bind(*registration_id).bind(name.clone()).bind(*position);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The seats counter and whether `seats` fit, read outside any transaction: only for the
/// negative control of the race tests (`BookingJob::stale`).
pub(in crate::modules::events) async fn stale_read(db: &Db, event_id: i64, seats: i64) -> Result<(i64, bool), sqlx::Error> {
    let row = sqlx::query("SELECT registered, capacity, waiting FROM events WHERE id = $1").bind(event_id).fetch_one(db.pool()).await?;
    let (registered, capacity, waiting): (i64, i64, i64) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    Ok((registered, waiting == 0 && registered + seats <= capacity))
}

/// The earliest waiting booking (of the partner ones only, when `partner_only`).
async fn first_waiting(tx: &mut Tx, event_id: i64, partner_only: bool) -> Result<Option<AnyRow>, sqlx::Error> {
    sqlx::query(
        "SELECT id, seats, email, contact_name, lang FROM registrations WHERE event_id = $1 AND status = 'waiting' \
         AND ($2 = 0 OR partner = 2) ORDER BY waiting_position LIMIT 1",
    )
    .bind(event_id)
    .bind(i64::from(partner_only))
    .fetch_optional(&mut **tx)
    .await
}

/// Take `seats` from `pool` for a waiting booking (it leaves the waiting count).
async fn take_waiting_seats(tx: &mut Tx, event_id: i64, seats: i64, pool: Pool) -> Result<bool, sqlx::Error> {
    let sql = match pool {
        Pool::Reserve => {
            "UPDATE events SET registered = registered + $2, partner_registered = partner_registered + $2, waiting = waiting - 1 \
             WHERE id = $1 AND partner_registered + $2 <= partner_seats AND registered + $2 <= capacity"
        }
        Pool::Public => {
            "UPDATE events SET registered = registered + $2, waiting = waiting - 1 \
             WHERE id = $1 AND registered + $2 + (partner_seats - partner_registered) <= capacity"
        }
    };
    Ok(sqlx::query(sql).bind(event_id).bind(seats).execute(&mut **tx).await?.rows_affected() == 1)
}

/// Promote waiting bookings strictly in order: the reserve to the earliest waiting partner
/// booking, the public seats to the head of the queue; a head too big for the free seats keeps
/// its place and the ones behind it wait too (pretix-like FIFO). With `offer_hours`, the
/// place is offered until a deadline instead of confirmed.
pub(super) async fn promote(tx: &mut Tx, site: &Site, event_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    // Once the event has started, a freed place helps nobody on the waiting list: nobody is
    // confirmed or offered a place for an event already under way.
    let starts_at: i64 = sqlx::query_scalar("SELECT starts_at FROM events WHERE id = $1").bind(event_id).fetch_one(&mut **tx).await?;
    if now >= starts_at {
        return Ok(0);
    }
    let mut promoted = 0;
    let mut event: Option<Event> = None;
    loop {
        let mut seated = None;
        for pool in [Pool::Reserve, Pool::Public] {
            let Some(head) = first_waiting(tx, event_id, pool == Pool::Reserve).await? else { continue };
            let seats: i64 = head.try_get(1)?;
            if take_waiting_seats(tx, event_id, seats, pool).await? {
                seated = Some((head, pool));
                break;
            }
        }
        let Some((head, pool)) = seated else { break };
        let (id, seats): (i64, i64) = (head.try_get(0)?, head.try_get(1)?);
        let event = match &mut event {
            Some(e) => e,
            None => event.insert(event_in_tx(tx, event_id).await?),
        };
        let offered_until = event.offer_hours.map(|h| now + h * 3600);
        let r = sqlx::query(
            "UPDATE registrations SET status = 'confirmed', confirmed_at = $2, offered_until = $3, \
             partner = CASE WHEN $4 = 1 THEN 1 ELSE partner END WHERE id = $1 AND status = 'waiting'",
        )
        .bind(id)
        .bind(if offered_until.is_some() { None } else { Some(now) })
        .bind(offered_until)
        .bind(i64::from(pool == Pool::Reserve))
        .execute(&mut **tx)
        .await?;
        if r.rows_affected() != 1 {
            return Err(sqlx::Error::Protocol("waiting list changed under the event's lock".into()));
        }
        let lang = Locale::parse(&head.try_get::<String, _>(4)?).unwrap_or_default();
        let r = Recipient { id, token: link_token(tx, site, id).await?, email: head.try_get(2)?, name: head.try_get(3)?, seats, lang };
        let change = match offered_until {
            Some(until) => Change::Offered { until },
            None => Change::Promoted,
        };
        queue_mail(tx, site, event, &r, change, now).await?;
        promoted += 1;
    }
    Ok(promoted)
}

/// Give back the seats of a booking that held them (and the reserve's, for a partner one).
pub(super) async fn free_seats(tx: &mut Tx, event_id: i64, seats: i64, partner: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE events SET registered = registered - $2, \
         partner_registered = partner_registered - (CASE WHEN $3 = 1 THEN $2 ELSE 0 END) WHERE id = $1",
    )
    .bind(event_id)
    .bind(seats)
    .bind(partner)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Expire the event's offers past their deadline (cancelled, seats freed, a short e-mail to
/// each, once) and promote the next ones. Called right after `lock_event` by every transaction
/// that changes the event's bookings, and by the minute tick. Returns the offers expired.
pub(in crate::modules::events) async fn settle(tx: &mut Tx, site: &Site, event_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let rows = sqlx::query(
        "UPDATE registrations SET status = 'cancelled', cancelled_at = $2 WHERE event_id = $1 AND status = 'confirmed' \
         AND confirmed_at IS NULL AND offered_until IS NOT NULL AND offered_until <= $2 \
         RETURNING id, seats, partner, email, contact_name, lang",
    )
    .bind(event_id)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let event = event_in_tx(tx, event_id).await?;
    for row in &rows {
        let (id, seats, partner): (i64, i64, i64) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        free_seats(tx, event_id, seats, partner).await?;
        sqlx::query("UPDATE attendees SET status = 'cancelled' WHERE registration_id = $1").bind(id).execute(&mut **tx).await?;
        free_slot_seats(tx, id).await?;
        let lang = Locale::parse(&row.try_get::<String, _>(5)?).unwrap_or_default();
        let r = Recipient { id, token: link_token(tx, site, id).await?, email: row.try_get(3)?, name: row.try_get(4)?, seats, lang };
        queue_mail(tx, site, &event, &r, Change::OfferExpired, now).await?;
    }
    promote(tx, site, event_id, now).await?;
    Ok(rows.len() as u64)
}

/// Events with an offer past its deadline (for the minute tick).
pub async fn events_with_expired_offers(db: &Db, now: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT event_id FROM registrations WHERE offered_until IS NOT NULL AND offered_until <= $1 \
         AND status = 'confirmed' AND confirmed_at IS NULL ORDER BY event_id",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// Expire one event's due offers in their own transaction (the minute tick).
pub async fn expire_event_offers(db: &Db, site: &Site, event_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !lock_event(&mut tx, event_id).await? {
        return Ok(0);
    }
    let n = settle(&mut tx, site, event_id, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// What answering an offer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Done,
    /// No open offer (already answered, expired or never offered).
    NoOffer,
}

/// Accept (`true`) or decline an open offer of booking `id`, before its deadline.
/// Accepting confirms it (the confirmation e-mail with its invitation); declining cancels it,
/// frees its seats and offers them to the next ones.
pub async fn answer_offer(db: &Db, site: &Site, id: i64, accept: bool, now: i64) -> Result<Answer, sqlx::Error> {
    let Some(event_id): Option<i64> =
        sqlx::query_scalar("SELECT event_id FROM registrations WHERE id = $1").bind(id).fetch_optional(db.pool()).await?
    else {
        return Ok(Answer::NoOffer);
    };
    let mut tx = db.begin().await?;
    lock_event(&mut tx, event_id).await?;
    settle(&mut tx, site, event_id, now).await?;
    let sql = if accept {
        "UPDATE registrations SET confirmed_at = $2, offered_until = NULL WHERE id = $1 AND status = 'confirmed' \
         AND confirmed_at IS NULL AND offered_until > $2 AND (SELECT e.starts_at FROM events e WHERE e.id = registrations.event_id) > $2 \
         RETURNING id, seats, partner, email, contact_name, lang"
    } else {
        "UPDATE registrations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 AND status = 'confirmed' \
         AND confirmed_at IS NULL AND offered_until > $2 RETURNING id, seats, partner, email, contact_name, lang"
    };
    let row = sqlx::query(sql).bind(id).bind(now).fetch_optional(&mut *tx).await?;
    let Some(row) = row else {
        // Expiries found on the way are kept.
        tx.commit().await?;
        return Ok(Answer::NoOffer);
    };
    let (id, seats, partner): (i64, i64, i64) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let lang = Locale::parse(&row.try_get::<String, _>(5)?).unwrap_or_default();
    let r = Recipient { id, token: link_token(&mut tx, site, id).await?, email: row.try_get(3)?, name: row.try_get(4)?, seats, lang };
    let event = event_in_tx(&mut tx, event_id).await?;
    if accept {
        queue_mail(&mut tx, site, &event, &r, Change::Confirmed, now).await?;
    } else {
        free_seats(&mut tx, event_id, seats, partner).await?;
        sqlx::query("UPDATE attendees SET status = 'cancelled' WHERE registration_id = $1").bind(id).execute(&mut *tx).await?;
        free_slot_seats(&mut tx, id).await?;
        queue_mail(&mut tx, site, &event, &r, Change::Cancelled { was_confirmed: false }, now).await?;
        promote(&mut tx, site, event_id, now).await?;
    }
    tx.commit().await?;
    Ok(Answer::Done)
}

/// Cancel a whole booking (`registrations.id`); frees its seats and promotes the waiting
/// list in the same transaction. False when there was nothing to cancel.
pub async fn cancel_booking(db: &Db, site: &Site, registration_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let Some(event_id): Option<i64> =
        sqlx::query_scalar("SELECT event_id FROM registrations WHERE id = $1").bind(registration_id).fetch_optional(db.pool()).await?
    else {
        return Ok(false);
    };
    let mut tx = db.begin().await?;
    lock_event(&mut tx, event_id).await?;
    settle(&mut tx, site, event_id, now).await?;
    // The status before the change: an offered booking holds seats but was never confirmed.
    let row = sqlx::query(
        "SELECT seats, confirmed_at, id, email, contact_name, status, partner, lang FROM registrations \
         WHERE id = $1 AND status <> 'cancelled'",
    )
    .bind(registration_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        tx.commit().await?;
        return Ok(false);
    };
    let seats: i64 = row.try_get(0)?;
    let was_confirmed = row.try_get::<Option<i64>, _>(1)?.is_some();
    let id: i64 = row.try_get(2)?;
    let (status, partner): (String, i64) = (row.try_get(5)?, row.try_get(6)?);
    sqlx::query("UPDATE registrations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let lang = Locale::parse(&row.try_get::<String, _>(7)?).unwrap_or_default();
    let r = Recipient { id, token: link_token(&mut tx, site, id).await?, email: row.try_get(3)?, name: row.try_get(4)?, seats, lang };
    if status == "confirmed" {
        free_seats(&mut tx, event_id, seats, partner).await?;
    } else {
        sqlx::query("UPDATE events SET waiting = waiting - 1 WHERE id = $1").bind(event_id).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE attendees SET status = 'cancelled' WHERE registration_id = $1").bind(id).execute(&mut *tx).await?;
    free_slot_seats(&mut tx, id).await?;
    let event = event_in_tx(&mut tx, event_id).await?;
    queue_mail(&mut tx, site, &event, &r, Change::Cancelled { was_confirmed }, now).await?;
    promote(&mut tx, site, event_id, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Change the capacity (never below the seats already taken plus the unused partner reserve)
/// and promote if it grew. False when the new capacity is below that.
pub async fn set_capacity(db: &Db, site: &Site, event_id: i64, capacity: i64, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    lock_event(&mut tx, event_id).await?;
    settle(&mut tx, site, event_id, now).await?;
    let r = sqlx::query(
        "UPDATE events SET capacity = $2, updated_at = $3, version = version + 1 WHERE id = $1 AND registered + (partner_seats - partner_registered) <= $2",
    )
    .bind(event_id)
    .bind(capacity)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    promote(&mut tx, site, event_id, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Carry the personal tokens of bookings made before access links into `access_links` (as
/// their SHA-256, see `access::carry_over`), and replace each by `~{id}`, 500 a transaction;
/// the conditional UPDATE makes two instances starting at once carry each booking once. A
/// booking already anonymised gets a revoked link. Returns how many were carried over.
pub async fn carry_over_tokens(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let mut done = 0;
    loop {
        let mut tx = db.begin().await?;
        // `substr(…) <> '~'`: the partial index registrations_token_to_carry holds these rows.
        let rows = sqlx::query(
            "SELECT r.id, r.token, r.email, e.ends_at + e.retention_days * 86400, r.anonymised_at, r.created_at \
             FROM registrations r JOIN events e ON e.id = r.event_id WHERE substr(r.token, 1, 1) <> '~' ORDER BY r.id LIMIT 500",
        )
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok(done);
        }
        for row in &rows {
            let (id, token, email): (i64, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            let carried = sqlx::query("UPDATE registrations SET token = $2 WHERE id = $1 AND token = $3")
                .bind(id)
                .bind(format!("~{id}"))
                .bind(token.clone())
                .execute(&mut *tx)
                .await?;
            if carried.rows_affected() != 1 {
                continue;
            }
            access::carry_over(&mut tx, super::super::ACCESS_SCOPE, id, &email, &token, row.try_get(3)?, row.try_get(5)?).await?;
            if let Some(at) = row.try_get::<Option<i64>, _>(4)? {
                access::revoke_subjects(&mut tx, super::super::ACCESS_SCOPE, &[id], at.min(now)).await?;
            }
            done += 1;
        }
        tx.commit().await?;
    }
}

/// The title and start of a booking's event (to describe its access link).
pub async fn booking_event(db: &Db, registration_id: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    let row = sqlx::query("SELECT e.title, e.starts_at FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.id = $1")
        .bind(registration_id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// A booking by its id; its `token` is left empty (the caller, who came with it, sets it).
pub async fn get_booking(db: &Db, registration_id: i64) -> Result<Option<Booking>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.id, r.event_id, r.token, r.contact_name, r.email, r.seats, r.accessibility, r.status, r.waiting_position, \
         r.created_at, (SELECT COUNT(*) FROM registrations w WHERE w.event_id = r.event_id AND w.status = 'waiting' \
         AND w.waiting_position <= r.waiting_position), r.offered_until, r.confirmed_at, r.partner \
         FROM registrations r WHERE r.id = $1",
    )
    .bind(registration_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let id: i64 = r.try_get(0)?;
    let status: String = r.try_get(7)?;
    let rank: i64 = r.try_get(10)?;
    // An open offer: seats held, not yet accepted (an expired or declined one is cancelled).
    let offered_until =
        r.try_get::<Option<i64>, _>(11)?.filter(|_| status == "confirmed" && r.try_get::<Option<i64>, _>(12).ok().flatten().is_none());
    // The people of the booking still coming (all of them, for a cancelled booking).
    let attendees = sqlx::query_scalar(
        "SELECT name FROM attendees WHERE registration_id = $1 AND (status = 'active' OR $2 = 'cancelled') ORDER BY position, id",
    )
    .bind(id)
    .bind(status.clone())
    .fetch_all(db.pool())
    .await?;
    Ok(Some(Booking {
        id,
        event_id: r.try_get(1)?,
        token: String::new(),
        contact_name: r.try_get(3)?,
        email: r.try_get(4)?,
        seats: r.try_get(5)?,
        accessibility: r.try_get(6)?,
        rank: (status == "waiting").then_some(rank),
        status,
        waiting_position: r.try_get(8)?,
        attendees,
        created_at: r.try_get(9)?,
        offered_until,
        partner: r.try_get::<i64, _>(13)? == 1,
    }))
}

/// Events whose counters disagree with their bookings (should never return any).
pub async fn events_with_wrong_counters(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT e.id FROM events e WHERE e.registered <> (SELECT CAST(COALESCE(SUM(r.seats), 0) AS BIGINT) FROM registrations r \
         WHERE r.event_id = e.id AND r.status = 'confirmed') OR e.waiting <> (SELECT COUNT(*) FROM registrations r \
         WHERE r.event_id = e.id AND r.status = 'waiting') OR e.registered > e.capacity \
         OR e.partner_registered <> (SELECT CAST(COALESCE(SUM(r.seats), 0) AS BIGINT) FROM registrations r \
         WHERE r.event_id = e.id AND r.status = 'confirmed' AND r.partner = 1) \
         OR e.partner_registered < 0 OR e.partner_registered > e.partner_seats ORDER BY e.id",
    )
    .fetch_all(db.pool())
    .await
}

/// For checks: (counter, confirmed seats counted, waiting positions in order, bookings by status).
pub async fn booking_counts(db: &Db, event_id: i64) -> Result<(i64, i64, Vec<i64>, i64), sqlx::Error> {
    let counter: i64 = sqlx::query_scalar("SELECT registered FROM events WHERE id = $1").bind(event_id).fetch_one(db.pool()).await?;
    let counted: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) FROM registrations WHERE event_id = $1 AND status = 'confirmed'",
    )
    .bind(event_id)
    .fetch_one(db.pool())
    .await?;
    let waiting: Vec<i64> = sqlx::query_scalar(
        "SELECT waiting_position FROM registrations WHERE event_id = $1 AND status = 'waiting' ORDER BY waiting_position",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    let bookings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND status <> 'cancelled'")
        .bind(event_id)
        .fetch_one(db.pool())
        .await?;
    Ok((counter, counted, waiting, bookings))
}

/// For checks: (`partner_registered`, seats of confirmed bookings in the reserve, counted).
pub async fn partner_counts(db: &Db, event_id: i64) -> Result<(i64, i64), sqlx::Error> {
    let counter: i64 =
        sqlx::query_scalar("SELECT partner_registered FROM events WHERE id = $1").bind(event_id).fetch_one(db.pool()).await?;
    let counted: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) FROM registrations WHERE event_id = $1 AND status = 'confirmed' AND partner = 1",
    )
    .bind(event_id)
    .fetch_one(db.pool())
    .await?;
    Ok((counter, counted))
}
