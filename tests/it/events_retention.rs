//! Retention: the bookings of an event that ended more than `retention_days` ago are
//! anonymised by the hourly maintenance (names, e-mails, needs, attendee names emptied,
//! answers deleted), while seats, statuses, check-ins and counts stay; events still within
//! their retention are untouched; a second run changes nothing (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::modules::events::{self, EventInput, NewBooking, retention};
use sqlx::Row;

const DAY: i64 = 86_400;

fn someone(name: &str, seats: i64) -> NewBooking {
    NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: name.into(),
        email: format!("{}@exemple.fr", name.to_lowercase().replace(' ', ".")),
        seats,
        attendees: (0..seats).map(|i| format!("{name} {i}")).collect(),
        accessibility: "Fauteuil roulant".into(),
        ..Default::default()
    }
}

/// An event of `capacity` starting in a day, kept `retention_days` after its end, with
/// bookings for `people` people of one seat each (and the answer to one question each).
async fn event_with_bookings(app: &TestApp, slug: &str, retention_days: i64, people: usize, capacity: i64) -> (i64, Vec<String>) {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: slug.into(),
        starts_at: now + DAY,
        ends_at: now + DAY + 3600,
        capacity,
        status: "published".into(),
        retention_days,
        ..Default::default()
    };
    let id = events::create_event(&app.state.db, &input, now).await.unwrap();
    let db = &app.state.db;
    let question = crate::common::add_question(app, id, "Repas", "text", "", false, None).await;
    let mut tokens = vec![];
    for i in 0..people {
        let (token, _) = events::register(&app.state, id, &someone(&format!("Personne {slug} {i}"), 2), now).await.unwrap();
        let reg = events::get_booking(&app.state, &token).await.unwrap().unwrap().id;
        crate::common::set_answer(app, id, reg, question, essaim::core::forms::Answer::Text("Végétarien".into())).await;
        tokens.push(token);
    }
    // One checked in at the door.
    sqlx::query("UPDATE attendees SET checked_in_at = $1 WHERE registration_id = (SELECT MIN(id) FROM registrations WHERE event_id = $2)")
        .bind(now + DAY)
        .bind(id)
        .execute(db.writer())
        .await
        .unwrap();
    (id, tokens)
}

/// Everything personal left about an event's bookings: (names, e-mails, needs, attendee names, answers).
async fn personal_data(app: &TestApp, id: i64) -> (i64, i64, i64, i64, i64) {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND contact_name <> ''), \
         (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND email <> ''), \
         (SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND accessibility <> ''), \
         (SELECT COUNT(*) FROM attendees a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1 AND a.name <> ''), \
         (SELECT COUNT(*) FROM form_answers x JOIN form_responses r ON r.id = x.response_id JOIN forms f ON f.id = r.form_id \
          WHERE f.owner = $2)",
    )
    .bind(id)
    .bind(format!("event:{id}"))
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4))
}

/// Seats, statuses and check-ins: what stays.
async fn figures(app: &TestApp, id: i64) -> (events::Tally, i64, Vec<String>) {
    let tally = events::tally(&app.state.db, id).await.unwrap();
    let checked: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendees a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1 AND a.checked_in_at IS NOT NULL",
    )
    .bind(id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap();
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM registrations WHERE event_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    (tally, checked, statuses)
}

#[tokio::test]
async fn bookings_are_anonymised_once_the_retention_has_passed() {
    let app = TestApp::spawn().await;
    // A: kept 30 days; B: kept 180 days. Capacity 4 with 3 parties of 2: one waits.
    let (a, a_tokens) = event_with_bookings(&app, "court", 30, 3, 4).await;
    let (b, _) = event_with_bookings(&app, "long", 180, 2, 10).await;
    let a_figures = figures(&app, a).await;
    assert_eq!(a_figures.0.waiting_positions, vec![1]);
    let first = events::get_booking(&app.state, &a_tokens[0]).await.unwrap().unwrap().id;
    assert_eq!(personal_data(&app, a).await, (3, 3, 3, 6, 3));
    let end = app.state.now() + DAY + 3600;

    // Before the end of the retention, nothing happens.
    app.state.clock.set(end + 30 * DAY - 60);
    assert!(retention::anonymise_due(&app.state.db, app.state.now()).await.unwrap().is_empty());
    assert_eq!(personal_data(&app, a).await, (3, 3, 3, 6, 3));

    // 30 days after the end: A is anonymised, B (180 days) is not.
    app.state.clock.set(end + 30 * DAY + 60);
    let done = retention::anonymise_due(&app.state.db, app.state.now()).await.unwrap();
    assert_eq!(done, vec![a]);
    assert_eq!(personal_data(&app, a).await, (0, 0, 0, 0, 0));
    assert_eq!(personal_data(&app, b).await, (2, 2, 2, 4, 2));
    // Seats, statuses, check-ins and counts are the impact figures: they stay.
    assert_eq!(figures(&app, a).await, a_figures);
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
    let stamped: Vec<Option<i64>> = sqlx::query_scalar("SELECT anonymised_at FROM registrations WHERE event_id = $1")
        .bind(a)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert!(stamped.iter().all(|t| *t == Some(app.state.now())));
    assert_eq!(events::get_event(&app.state.db, a).await.unwrap().unwrap().anonymised_at, Some(app.state.now()));
    assert_eq!(events::get_event(&app.state.db, b).await.unwrap().unwrap().anonymised_at, None);
    // A booking keeps nothing personal any more, and its personal link no longer opens.
    let booking = events::get_booking_by_id(&app.state.db, first).await.unwrap().unwrap();
    assert_eq!((booking.contact_name.as_str(), booking.email.as_str(), booking.seats), ("", "", 2));
    assert!(events::get_booking(&app.state, &a_tokens[0]).await.unwrap().is_none());

    // Idempotent: a second run (the next hour) changes nothing.
    app.state.clock.advance(3600);
    assert!(retention::anonymise_due(&app.state.db, app.state.now()).await.unwrap().is_empty());
    assert!(!retention::anonymise_event(&app.state.db, a, app.state.now()).await.unwrap());
    assert_eq!(events::get_event(&app.state.db, a).await.unwrap().unwrap().anonymised_at, Some(app.state.now() - 3600));

    // 180 days after the end, B's turn.
    app.state.clock.set(end + 180 * DAY + 60);
    assert_eq!(retention::anonymise_due(&app.state.db, app.state.now()).await.unwrap(), vec![b]);
    assert_eq!(personal_data(&app, b).await, (0, 0, 0, 0, 0));
}

#[tokio::test]
async fn the_retention_query_uses_an_index() {
    let app = TestApp::spawn().await;
    let sql = "SELECT id FROM events WHERE anonymised_at IS NULL AND ends_at < 1 AND ends_at + retention_days * 86400 < 1";
    let plan: Vec<String> = if crate::common::is_postgres() {
        // A tiny table is scanned whatever the indexes; forbid that to see whether one applies.
        let mut tx = app.state.db.begin().await.unwrap();
        sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await.unwrap();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {sql}"))).fetch_all(&mut *tx).await.unwrap();
        rows.iter().map(|r| r.get::<String, _>(0)).collect()
    } else {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}"))).fetch_all(app.state.db.pool()).await.unwrap();
        rows.iter().map(|r| r.get::<String, _>(3)).collect()
    };
    assert!(plan.iter().any(|l| l.contains("events_to_anonymise")), "{plan:?}");
}
