//! The booking queue: bookings are applied in groups, one transaction (one commit) for a
//! group, each booking in its own savepoint (`store::book_group`).
//!
//! Why: on SQLite every write goes through one connection, and a booking alone cost a
//! `BEGIN IMMEDIATE`, about twenty statements and a commit, each statement a hop to the
//! connection's thread; the hops, not SQLite, set the pace. On PostgreSQL each booking held
//! the event's row lock for as many round trips, and waited for its own commit to reach the
//! disk. A writer task takes every booking waiting in the queue (at most `MAX_GROUP`), locks
//! their events once, makes them one after the other under the same guarantees as before (the
//! same conditional UPDATEs, a booking never split, waiting positions without gaps, the
//! idempotency key, the booking limit per address counted in the booking's own savepoint),
//! writes the attendees and e-mails of the bookings made (a statement for the whole group, in
//! the same transaction) and commits once; then it answers each caller. While it works, the
//! next group gathers: the more bookings arrive at once, the larger the groups and the cheaper
//! each booking. A booking that fails is rolled back to its savepoint and answered with its
//! error; the others stand. When the group's transaction itself fails (nothing of it
//! written), each booking is tried again alone.
//!
//! In a rush nearly every booking is made, so a group first runs without savepoints (one round
//! trip less per booking); the first booking refused or failed rolls the whole group back and
//! it runs again with savepoints, as do the next `CAREFUL_GROUPS` groups.
//!
//! Bounded: at most `QUEUE` bookings wait per writer (callers then wait for room), at most
//! `MAX_GROUP` (`MAX_GROUP_PG`) go in one transaction. One writer on SQLite (there is one
//! writer connection anyway); on PostgreSQL `PG_WRITERS`, each serving the events whose id
//! falls to it, so bookings of different events still run side by side while those of one
//! event follow each other (they would wait for the event's row lock anyway). Several
//! instances each have their own queue; the event's lock orders their groups as it ordered
//! single bookings.

use std::sync::{Arc, OnceLock};

use tokio::sync::{mpsc, oneshot};

use super::model::Booked;
use super::notify::Site;
use super::store::{self, BookingJob, Mode};
use crate::core::db::{Db, DbKind};
use crate::core::web::AppState;

/// Bookings applied in one transaction at most on SQLite.
const MAX_GROUP: usize = 128;
/// The same on PostgreSQL: each booking's savepoint that writes is a subtransaction, and past
/// 64 in one transaction PostgreSQL stops caching them, which slows every other session's
/// snapshots while it lasts.
const MAX_GROUP_PG: usize = 60;
/// Bookings waiting for a writer at most, per writer.
const QUEUE: usize = 4096;
/// Writer tasks on PostgreSQL (one per share of the events).
const PG_WRITERS: usize = 4;

type Reply = oneshot::Sender<Result<Booked, sqlx::Error>>;
type Writer = mpsc::Sender<(BookingJob, Reply)>;

/// The queue's handle in `AppState`; its writers start with the first booking.
#[derive(Clone, Default)]
pub struct BookingQueue {
    writers: Arc<OnceLock<Vec<Writer>>>,
}

impl BookingQueue {
    pub fn new() -> BookingQueue {
        BookingQueue::default()
    }

    /// Make a booking through the queue and wait for its answer.
    pub(super) async fn book(&self, state: &AppState, job: BookingJob) -> Result<Booked, sqlx::Error> {
        let writers = self.writers.get_or_init(|| start(&state.db, &Site::of(state)));
        let writer = &writers[job.event_id.rem_euclid(writers.len() as i64) as usize];
        let (reply, answer) = oneshot::channel();
        writer.send((job, reply)).await.map_err(|_| sqlx::Error::WorkerCrashed)?;
        answer.await.map_err(|_| sqlx::Error::WorkerCrashed)?
    }
}

fn start(db: &Db, site: &Site) -> Vec<Writer> {
    let (writers, max_group) = match db.kind() {
        DbKind::Sqlite => (1, MAX_GROUP),
        DbKind::Postgres => (PG_WRITERS, MAX_GROUP_PG),
    };
    (0..writers)
        .map(|_| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(writer(db.clone(), site.clone(), rx, max_group));
            tx
        })
        .collect()
}

/// After an optimistic group was rolled back (a booking refused or failed), this many groups
/// use savepoints before trying again without: a burst of refusals (a full workshop, a
/// script over its limit) does not make every group run twice.
const CAREFUL_GROUPS: u32 = 16;

/// Take what waits (at most `max_group`), apply it, answer, again, until every handle is gone.
/// Each group runs in its own task, so that even a panic would only fail that group's callers.
async fn writer(db: Db, site: Site, mut rx: mpsc::Receiver<(BookingJob, Reply)>, max_group: usize) {
    let mut group = Vec::with_capacity(max_group);
    let mut careful = 0;
    while rx.recv_many(&mut group, max_group).await > 0 {
        let (jobs, replies): (Vec<BookingJob>, Vec<Reply>) = std::mem::take(&mut group).into_iter().unzip();
        let (db, site) = (db.clone(), site.clone());
        careful = match tokio::spawn(async move { apply(&db, &site, jobs, replies, careful).await }).await {
            Ok(careful) => careful,
            Err(e) => {
                tracing::error!(error = %e, "a group of bookings failed");
                CAREFUL_GROUPS
            }
        };
    }
}

/// Apply a group and answer its callers: without savepoints unless a recent group needed
/// them (`careful` > 0), then with them if a booking was not made. Returns the next `careful`.
async fn apply(db: &Db, site: &Site, jobs: Vec<BookingJob>, replies: Vec<Reply>, careful: u32) -> u32 {
    let (mut careful, first) = if careful == 0 { (0, Mode::Optimistic) } else { (careful - 1, Mode::Savepoints) };
    let mut applied = store::book_group(db, site, &jobs, first).await;
    if matches!(applied, Ok(None)) {
        careful = CAREFUL_GROUPS;
        applied = store::book_group(db, site, &jobs, Mode::Savepoints).await;
    }
    match applied {
        Ok(Some(results)) => {
            for (reply, result) in replies.into_iter().zip(results) {
                // A caller that went away (its client disconnected) gets nothing: its booking
                // stands, and a retry with its idempotency key finds it.
                let _ = reply.send(result);
            }
        }
        Ok(None) => {
            for reply in replies {
                let _ = reply.send(Err(sqlx::Error::RowNotFound));
            }
        }
        Err(e) if jobs.len() == 1 => {
            if let Some(reply) = replies.into_iter().next() {
                let _ = reply.send(Err(e));
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, bookings = jobs.len(), "a group of bookings failed; each is tried alone");
            for (job, reply) in jobs.into_iter().zip(replies) {
                let result = store::book_group(db, site, std::slice::from_ref(&job), Mode::Savepoints).await;
                let result = match result {
                    Ok(Some(mut r)) => r.pop().unwrap_or(Err(sqlx::Error::RowNotFound)),
                    Ok(None) => Err(sqlx::Error::RowNotFound),
                    Err(e) => Err(e),
                };
                let _ = reply.send(result);
            }
        }
    }
    careful
}
