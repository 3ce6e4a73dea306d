//! Events: public calendar, event pages with their programme, and registration that never
//! overbooks (see `store.rs` for how the database enforces it).

pub mod admin;
pub mod api;
pub mod checkin;
pub mod ical;
pub mod model;
pub mod notify;
pub mod offers;
pub mod pages;
pub mod questions;
mod queue;
pub mod retention;
mod store;
pub mod tickets;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;

use crate::core::access;
use crate::core::auth;
use crate::core::cache::Scope;
use crate::core::db::{Db, Tx};
use crate::core::i18n::Tr;
use crate::core::module::{BoxFuture, MenuEntry, Module, Periodic};
use crate::core::people::PersonalData;
use crate::core::web::AppState;
pub use model::{Booked, Booking, Event, EventInput, NewBooking, Outcome, Slot, SlotPerson, Workshop};
pub use offers::{accept_or_decline, expire_offers, expire_offers_at};
pub use queue::BookingQueue;
pub use store::{Answer, AttendeeCancel, EventUpdate};

/// The scope of a booking's access link (its subject: the registration's id).
pub const ACCESS_SCOPE: &str = "events.booking";

/// The bookings' access links (`Module::access`): each is described by its event's title and
/// date, and opens the booking's personal page.
const ACCESS: &[access::Scope] = &[access::Scope { name: ACCESS_SCOPE, describe: describe_link }];

fn describe_link<'a>(state: &'a AppState, tr: &'a Tr, registration_id: i64, token: &'a str) -> access::DescribeFuture<'a> {
    Box::pin(async move {
        let Some((title, starts_at)) = store::booking_event(&state.db, registration_id).await? else { return Ok(None) };
        Ok(Some(access::Described {
            label: format!("{title} ({})", tr.datetime(starts_at)),
            path: format!("/evenements/inscription/{token}"),
        }))
    })
}

/// At start-up: carry the personal tokens of bookings made before access links over (see
/// `store::carry_over_tokens`); nothing to do once done.
pub async fn carry_over_tokens(state: &AppState) -> Result<(), sqlx::Error> {
    let n = store::carry_over_tokens(&state.db, state.now()).await?;
    if n > 0 {
        tracing::info!(bookings = n, "booking tokens carried over into access links");
    }
    Ok(())
}

/// The booking an access link's `token` opens at `now` (`access::verify`; no failure count:
/// pages go through `access::open`).
async fn booking_id(state: &AppState, token: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(access::verify(&state.db, &access::Links::of(state), token, now).await?.filter(|g| g.scope == ACCESS_SCOPE).map(|g| g.subject))
}

/// The page-cache scope of the calendar and the event pages.
pub const EVENTS: Scope = Scope("events");

/// What the events tell the core (see `core::module`).
pub fn module() -> Module {
    Module {
        routes,
        api: api::endpoints,
        api_schemas: api::schemas,
        scopes: &[EVENTS],
        writes: &[
            ("/evenements", &[EVENTS]),
            ("/admin/evenements", &[EVENTS]),
            ("/api/v1/events", &[EVENTS]),
            ("/api/v1/registrations", &[EVENTS]),
        ],
        next_change: Some(next_change),
        sitemap: Some(sitemap),
        periodic: PERIODIC,
        admin_menu: MENU,
        dashboard: Some(admin::dashboard),
        personal_data: PERSONAL_DATA,
        access: ACCESS,
        state: Some(|| Arc::new(Running::default())),
        ..Module::new("events")
    }
}

const PERIODIC: &[Periodic] = &[
    Periodic::every("events.offers", 60, 60, expire_due_offers),
    Periodic::every("events.reminders", 60, 60, queue_reminders),
    Periodic::every("events.retention", 3600, 0, anonymise_past),
    Periodic::every("events.counters", 3600, 0, check_all_counters),
];

/// Bookings by the address they were made with: anonymised as past events' bookings are
/// (names, address, needs and answers emptied; seats, statuses and check-ins kept for the
/// counts).
const PERSONAL_DATA: &[PersonalData] =
    &[PersonalData { key: "events.registrations", label: "people-kind-registrations", find: find_bookings, erase: erase_bookings }];

fn find_bookings<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(store::bookings_by_email(db, email))
}

fn erase_bookings<'a>(tx: &'a mut Tx, email: &'a str, now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(store::anonymise_bookings_by_email(tx, email, now))
}

const MENU: &[MenuEntry] = &[MenuEntry::staff("/admin/evenements", "nav-events", "events-admin", 40)];

/// What the events keep while the app runs.
#[derive(Default)]
pub struct Running {
    /// The booking queue (group commit of bookings); its writers start with the first booking.
    bookings: BookingQueue,
    /// The site's ticket key, read once from the database.
    ticket_key: OnceLock<Arc<[u8; 32]>>,
    /// Tests only: the race test turns this on to show that without the conditional UPDATE
    /// the capacity is overbooked (its negative control). Never set by the app.
    pub unsafe_overbooking_for_tests: AtomicBool,
}

/// The events' running state.
pub fn running(state: &AppState) -> Result<&Running, sqlx::Error> {
    state.part::<Running>().ok_or_else(|| sqlx::Error::Configuration("the events module is not registered".into()))
}

fn routes() -> Router<AppState> {
    pages::routes().merge(offers::routes()).merge(tickets::routes()).merge(checkin::routes()).merge(admin::routes())
}

fn next_change(db: &Db, now: i64) -> BoxFuture<'_, Result<Option<i64>, sqlx::Error>> {
    Box::pin(store::next_boundary(db, now))
}

fn sitemap(state: &AppState, _now: i64) -> BoxFuture<'_, Result<Vec<(String, i64)>, sqlx::Error>> {
    Box::pin(async move {
        let mut urls = vec![("/evenements".to_string(), state.now())];
        urls.extend(sitemap_urls(&state.db, 5_000).await?);
        Ok(urls)
    })
}

fn expire_due_offers(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        if expire_offers(state).await? > 0 {
            state.pages.changed(&state.db, &[EVENTS]).await;
        }
        Ok(())
    })
}

fn queue_reminders(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        send_reminders(state).await?;
        Ok(())
    })
}

fn anonymise_past(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let ids = retention::anonymise_due(&state.db, state.now()).await?;
        if !ids.is_empty() {
            tracing::info!(events = ?ids, "bookings of past events anonymised");
        }
        Ok(())
    })
}

fn check_all_counters(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let ids = check_counters(&state.db).await?;
        if !ids.is_empty() {
            tracing::error!(events = ?ids, "event seat counters disagree with the bookings");
        }
        Ok(())
    })
}

pub async fn create_event(db: &Db, input: &EventInput, now: i64) -> Result<i64, sqlx::Error> {
    store::insert_event(db, input, None, now).await
}

/// `create_event` inside the caller's transaction (the generated data set's batches).
pub async fn create_event_tx(tx: &mut Tx, input: &EventInput, now: i64) -> Result<i64, sqlx::Error> {
    store::insert_event_tx(tx, input, now).await
}

/// Add a slot of the programme with its speakers and moderators.
pub async fn add_slot(db: &Db, event_id: i64, slot: &Slot) -> Result<i64, sqlx::Error> {
    store::insert_slot(db, event_id, slot).await
}

/// The programme of an event with its people, workshop capacities and seats, in order.
pub async fn list_slots(db: &Db, event_id: i64) -> Result<Vec<Slot>, sqlx::Error> {
    store::list_slots(db, event_id).await
}

pub async fn get_event_by_slug(db: &Db, slug: &str) -> Result<Option<Event>, sqlx::Error> {
    store::get_event_by_slug(db, slug).await
}

/// Events in every state.
/// The next `limit` published events that have not ended at `now`, soonest first (the
/// home's events block); cancelled ones are left out.
pub async fn upcoming_events(db: &Db, now: i64, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    let mut events = store::list_upcoming(db, now, i64::MAX, None, limit + 20).await?;
    events.retain(|e| e.status == "published");
    events.truncate(limit.max(0) as usize);
    Ok(events)
}

pub async fn count_events(db: &Db) -> Result<i64, sqlx::Error> {
    store::count_events(db).await
}

pub async fn get_event(db: &Db, id: i64) -> Result<Option<Event>, sqlx::Error> {
    store::get_event(db, id).await
}

/// Addresses and update times of the public events, for the sitemap.
pub async fn sitemap_urls(db: &Db, limit: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    Ok(store::list_public_slugs(db, limit).await?.into_iter().map(|(slug, updated)| (format!("/evenements/{slug}"), updated)).collect())
}

/// Book seats: confirmed when they all fit and nobody waits, else on the waiting list (never
/// split). The same idempotency key answers with the first booking (`Booked::Again`). With a
/// `client` address, a new booking counts against its limit (`BOOKINGS_PER_WINDOW` an hour),
/// in the booking's own transaction. `partner`: made through the event's partner link (seats
/// from the partner reserve while it lasts, then as a public booking). Bookings go through
/// the booking queue (`queue.rs`), which applies them in groups.
pub async fn book(
    state: &AppState,
    event_id: i64,
    booking: &NewBooking,
    client: Option<&str>,
    partner: bool,
    now: i64,
) -> Result<Booked, sqlx::Error> {
    // The negative control of the race tests: the check done in Rust on a stale read.
    let running = running(state)?;
    let stale = if !partner && running.unsafe_overbooking_for_tests.load(Ordering::Relaxed) {
        let read = store::stale_read(&state.db, event_id, booking.seats).await?;
        tokio::time::sleep(Duration::from_millis(5)).await;
        Some(read)
    } else {
        None
    };
    let job = store::BookingJob {
        event_id,
        booking: booking.clone(),
        placeholder: format!("~{}", auth::random_token()),
        now,
        partner,
        client: client.map(str::to_string),
        stale,
    };
    running.bookings.book(state, job).await
}

/// Several bookings made in one transaction, each in its own savepoint, as the booking queue
/// groups them: one that fails (its error in its place) or is refused leaves the others whole.
/// No booking limit. One result per booking, in order; `Err` when the transaction itself
/// failed, and then nothing was written. The demo loads its bookings this way.
pub async fn book_together(
    state: &AppState,
    bookings: &[(i64, NewBooking)],
    now: i64,
) -> Result<Vec<Result<Booked, sqlx::Error>>, sqlx::Error> {
    let jobs: Vec<store::BookingJob> = bookings.iter().map(|(event_id, booking)| unlimited_job(*event_id, booking, now)).collect();
    let results = store::book_group(&state.db, &notify::Site::of(state), &jobs, store::Mode::Savepoints).await?;
    // A group with savepoints always answers each booking.
    results.ok_or(sqlx::Error::RowNotFound)
}

/// `register` inside the caller's transaction, through the same statements (the generated data
/// set books in batches, with the events it creates). A booking refused or failed leaves
/// nothing behind in the transaction (its savepoint is rolled back). The e-mails are queued in
/// the transaction as usual.
pub async fn register_tx(
    tx: &mut Tx,
    site: &notify::Site,
    event_id: i64,
    booking: &NewBooking,
    now: i64,
) -> Result<(String, Outcome), sqlx::Error> {
    let job = unlimited_job(event_id, booking, now);
    let results = store::book_group_in(tx, site, std::slice::from_ref(&job), store::Mode::Savepoints).await?;
    token_and_outcome(results.and_then(|r| r.into_iter().next()).ok_or(sqlx::Error::RowNotFound)??)
}

/// A booking made without a booking limit, outside the queue.
fn unlimited_job(event_id: i64, booking: &NewBooking, now: i64) -> store::BookingJob {
    store::BookingJob {
        event_id,
        booking: booking.clone(),
        placeholder: format!("~{}", auth::random_token()),
        now,
        partner: false,
        client: None,
        stale: None,
    }
}

/// Book seats without a booking limit (tests): the booking's personal token and
/// what it became; the same idempotency key returns the first booking.
pub async fn register(state: &AppState, event_id: i64, booking: &NewBooking, now: i64) -> Result<(String, Outcome), sqlx::Error> {
    token_and_outcome(book(state, event_id, booking, None, false, now).await?)
}

/// The same through the event's partner link.
pub async fn register_partner(state: &AppState, event_id: i64, booking: &NewBooking, now: i64) -> Result<(String, Outcome), sqlx::Error> {
    token_and_outcome(book(state, event_id, booking, None, true, now).await?)
}

fn token_and_outcome(booked: Booked) -> Result<(String, Outcome), sqlx::Error> {
    match booked {
        Booked::New(b) => {
            let outcome = match (b.status.as_str(), b.waiting_position) {
                ("waiting", Some(p)) => Outcome::Waiting(p),
                _ => Outcome::Confirmed,
            };
            Ok((b.token, outcome))
        }
        Booked::Again { token, outcome } => Ok((token, outcome)),
        Booked::SlotFull(slot) => Ok((String::new(), Outcome::SlotFull(slot))),
        // Only a booking with a client address is limited.
        Booked::TooMany { .. } => Err(sqlx::Error::Protocol("booking limit reached without a client address".into())),
    }
}

/// Cancel a whole booking by its token and promote the waiting list; false if nothing to
/// cancel. The cancellation notice and the promotions' e-mails are queued in the same
/// transaction.
pub async fn cancel(state: &AppState, token: &str, now: i64) -> Result<bool, sqlx::Error> {
    let Some(id) = booking_id(state, token, now).await? else { return Ok(false) };
    store::cancel_booking(&state.db, &notify::Site::of(state), id, now).await
}

/// Cancel a booking by its id (the organisers' back office, which holds no link); as `cancel`.
pub async fn cancel_registration(state: &AppState, registration_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    store::cancel_booking(&state.db, &notify::Site::of(state), registration_id, now).await
}

/// Change a booking's attendee names (attendee id, name) and answers (checked by
/// `forms::validate`); queues the "booking changed" e-mail. False if cancelled or unknown.
pub async fn change_booking(
    state: &AppState,
    token: &str,
    names: &[(i64, String)],
    answers: &[crate::core::forms::Typed],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(id) = booking_id(state, token, now).await? else { return Ok(false) };
    store::change_booking(&state.db, &notify::Site::of(state), id, names, answers, now).await
}

/// Cancel one attendee of a booking: one seat freed (event and workshops), the waiting list
/// promoted, a "booking changed" e-mail; the last attendee cancels the whole booking.
pub async fn cancel_attendee(state: &AppState, token: &str, attendee_id: i64, now: i64) -> Result<AttendeeCancel, sqlx::Error> {
    let Some(id) = booking_id(state, token, now).await? else { return Ok(AttendeeCancel::Nothing) };
    cancel_attendee_of(state, id, attendee_id, now).await
}

/// `cancel_attendee` of the booking `registration_id` (its link already verified).
pub(crate) async fn cancel_attendee_of(
    state: &AppState,
    registration_id: i64,
    attendee_id: i64,
    now: i64,
) -> Result<AttendeeCancel, sqlx::Error> {
    let site = notify::Site::of(state);
    match store::cancel_attendee(&state.db, &site, registration_id, attendee_id, now).await? {
        AttendeeCancel::Last => {
            store::cancel_booking(&state.db, &site, registration_id, now).await?;
            Ok(AttendeeCancel::Last)
        }
        other => Ok(other),
    }
}

/// Queue the reminders due (once per booking); the maintenance loop calls it every minute.
pub async fn send_reminders(state: &AppState) -> Result<usize, sqlx::Error> {
    store::send_reminders(&state.db, &notify::Site::of(state), state.now()).await
}

/// The workshops of an event (slots with a capacity).
pub async fn list_workshops(db: &Db, event_id: i64) -> Result<Vec<Workshop>, sqlx::Error> {
    store::list_workshops(db, event_id).await
}

/// Give a slot a capacity (a workshop chosen on the form) or none.
pub async fn set_slot_capacity(db: &Db, slot_id: i64, capacity: Option<i64>) -> Result<(), sqlx::Error> {
    store::set_slot_capacity(db, slot_id, capacity).await
}

/// Add a question at the end of an event's registration form; returns its id.
pub async fn add_question(db: &Db, event_id: i64, question: &questions::Question, now: i64) -> Result<i64, sqlx::Error> {
    store::insert_question(db, event_id, question, now).await
}

/// A booking's answers (question id, value as one line: "yes"/"no", "2.5", the option) and
/// workshops (slot ids).
pub async fn booking_details(db: &Db, registration_id: i64) -> Result<(Vec<(i64, String)>, Vec<i64>), sqlx::Error> {
    let (answers, slots) = store::booking_details(db, registration_id).await?;
    Ok((answers.iter().map(|t| (t.question, t.answer.plain())).collect(), slots))
}

/// Save an organiser's edit of every column of an event in one transaction (capacity and
/// partner places never below the places taken; freed places promote the waiting list).
pub async fn update_event(state: &AppState, id: i64, input: &EventInput, now: i64) -> Result<EventUpdate, sqlx::Error> {
    update_event_from(state, id, input, None, now).await
}

/// `update_event` of a save started from version `expected` of the event (`None`: any):
/// [`EventUpdate::Stale`] and nothing saved when someone saved it meanwhile.
pub async fn update_event_from(
    state: &AppState,
    id: i64,
    input: &EventInput,
    expected: Option<i64>,
    now: i64,
) -> Result<EventUpdate, sqlx::Error> {
    store::update_event(&state.db, &notify::Site::of(state), id, input, expected, now).await
}

/// Change an event's capacity (never below the confirmed seats: false then); promotes.
pub async fn set_capacity(state: &AppState, event_id: i64, capacity: i64, now: i64) -> Result<bool, sqlx::Error> {
    store::set_capacity(&state.db, &notify::Site::of(state), event_id, capacity, now).await
}

/// The booking an access link's `token` opens now (none when the link does not open).
pub async fn get_booking(state: &AppState, token: &str) -> Result<Option<Booking>, sqlx::Error> {
    let Some(id) = booking_id(state, token, state.now()).await? else { return Ok(None) };
    Ok(store::get_booking(&state.db, id).await?.map(|b| Booking { token: token.to_string(), ..b }))
}

/// A booking by its id (its `token` empty): for tests and tools that hold no link.
pub async fn get_booking_by_id(db: &Db, registration_id: i64) -> Result<Option<Booking>, sqlx::Error> {
    store::get_booking(db, registration_id).await
}

/// Events whose counters disagree with their bookings; the maintenance task logs them as
/// errors (the guarantee says there are none).
pub async fn check_counters(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    store::events_with_wrong_counters(db).await
}

/// What the counters and the bookings say, for checks (tests, later a nightly job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// `events.registered`.
    pub counter: i64,
    /// Seats of confirmed bookings, counted.
    pub confirmed_seats: i64,
    /// Waiting positions of waiting bookings, in order.
    pub waiting_positions: Vec<i64>,
    /// Bookings not cancelled.
    pub active_bookings: i64,
}

/// `events.partner_registered` and the seats of bookings in the partner reserve, counted.
pub async fn partner_tally(db: &Db, event_id: i64) -> Result<(i64, i64), sqlx::Error> {
    store::partner_counts(db, event_id).await
}

pub async fn tally(db: &Db, event_id: i64) -> Result<Tally, sqlx::Error> {
    let (counter, confirmed_seats, waiting_positions, active_bookings) = store::booking_counts(db, event_id).await?;
    Ok(Tally { counter, confirmed_seats, waiting_positions, active_bookings })
}
