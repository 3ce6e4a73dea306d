//! Waiting list in "offer with a deadline" mode: freed places are offered in order, accepted,
//! declined or expired (each e-mailed once), and never overbooked under concurrency (SQLite, or
//! PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).

// Helpers of a test may unwrap too (clippy.toml allows it in #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{Options, TestApp, extract_csrf, fresh_database};
use essaim::modules::events::{self, Answer, EventInput, NewBooking, Outcome};
use sqlx::Row;

const OFFER_HOURS: i64 = 2;

/// A published event starting in a week whose waiting list offers places for two hours.
async fn event(app: &TestApp, slug: &str, capacity: i64) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        capacity,
        status: "published".into(),
        offer_hours: Some(OFFER_HOURS),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

fn someone(name: &str, seats: i64) -> NewBooking {
    NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: name.into(),
        email: format!("{}@exemple.fr", name.to_lowercase().replace(' ', ".")),
        seats,
        attendees: (0..seats).map(|i| format!("{name} {i}")).collect(),
        accessibility: String::new(),
        ..Default::default()
    }
}

async fn book(app: &TestApp, id: i64, name: &str, seats: i64, now: i64) -> (String, Outcome) {
    events::register(&app.state, id, &someone(name, seats), now).await.unwrap()
}

/// The registration a booking's personal link opens.
async fn registration_id(app: &TestApp, token: &str) -> i64 {
    events::get_booking(&app.state, token).await.unwrap().unwrap().id
}

/// (status, confirmed_at is set, offered_until) of a booking.
async fn state_of(app: &TestApp, token: &str) -> (String, bool, Option<i64>) {
    let id = registration_id(app, token).await;
    let r = sqlx::query("SELECT status, confirmed_at, offered_until FROM registrations WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (r.get(0), r.get::<Option<i64>, _>(1).is_some(), r.get(2))
}

/// The dedup keys of the queued e-mails about `token`'s booking, in order ("offered", …).
async fn mails_of(app: &TestApp, token: &str) -> Vec<String> {
    let id = registration_id(app, token).await;
    let prefix = format!("registration:{id}:");
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT dedup_key FROM mail_outbox ORDER BY id").fetch_all(app.state.db.pool()).await.unwrap();
    keys.into_iter().filter_map(|k| k.strip_prefix(&prefix).map(str::to_string)).collect()
}

/// Subject, body and iCalendar method of one queued e-mail.
async fn mail(app: &TestApp, token: &str, kind: &str) -> (String, String, Option<String>) {
    let id = registration_id(app, token).await;
    let r = sqlx::query("SELECT subject, text_body, ics_method FROM mail_outbox WHERE dedup_key = $1")
        .bind(format!("registration:{id}:{kind}"))
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    (r.get(0), r.get(1), r.get(2))
}

async fn counters_right(app: &TestApp, id: i64) -> events::Tally {
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!(t.counter, t.confirmed_seats, "the counter matches the bookings (offers included)");
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
    t
}

async fn cancel(app: &TestApp, token: &str, now: i64) {
    assert!(events::cancel(&app.state, token, now).await.unwrap());
}

/// Post the accept or decline form of the booking's page; returns the status.
async fn answer(app: &TestApp, token: &str, action: &str) -> u16 {
    let (_, page) = app.get_text(&format!("/evenements/inscription/{token}")).await;
    let csrf = extract_csrf(&page).unwrap();
    app.post_form(&format!("/evenements/inscription/{token}/{action}"), &[("csrf", &csrf)]).await.status().as_u16()
}

#[tokio::test]
async fn freed_places_are_offered_in_order_then_accepted_declined_or_expired() {
    let app = TestApp::spawn().await;
    let id = event(&app, "offres", 2).await;
    let now = app.state.now();
    let (a, _) = book(&app, id, "Awa Diallo", 1, now).await;
    let (b, _) = book(&app, id, "Bruno Petit", 1, now).await;
    let mut waiting = vec![];
    for (i, name) in ["Chloé Roux", "Driss Amrani", "Élise Martin", "Fatou Sy"].iter().enumerate() {
        let (t, o) = book(&app, id, name, 1, now).await;
        assert_eq!(o, Outcome::Waiting(i as i64 + 1));
        waiting.push(t);
    }
    let [c, d, e, f] = <[String; 4]>::try_from(waiting).unwrap();

    // A cancels: C, the head, is offered the place (held, not confirmed); D, E, F still wait.
    cancel(&app, &a, now).await;
    assert_eq!(state_of(&app, &c).await, ("confirmed".into(), false, Some(now + OFFER_HOURS * 3600)));
    let t = counters_right(&app, id).await;
    assert_eq!((t.counter, t.waiting_positions.clone()), (2, vec![2, 3, 4]));
    assert_eq!(mails_of(&app, &c).await, vec!["waiting", "offered"]);
    let (subject, body, ics) = mail(&app, &c, "offered").await;
    assert!(subject.starts_with("Une place vous est proposée"), "{subject}");
    assert!(body.contains("réservée jusqu’au") && body.contains(&format!("/evenements/inscription/{c}")), "{body}");
    assert_eq!(ics, None);
    // The public page counts the pending offer as a taken place.
    assert!(app.get_text("/evenements/offres").await.1.contains("Complet — liste d’attente ouverte"));
    // The personal page shows the offer with its two buttons.
    let (_, page) = app.get_text(&format!("/evenements/inscription/{c}")).await;
    assert!(page.contains("Une place vous est proposée") && page.contains("/accepter") && page.contains("/decliner"));

    // C accepts: confirmed, with the confirmation e-mail and its invitation.
    assert_eq!(answer(&app, &c, "accepter").await, 303);
    assert_eq!(state_of(&app, &c).await, ("confirmed".into(), true, None));
    assert_eq!(mails_of(&app, &c).await, vec!["waiting", "offered", "confirmed"]);
    assert_eq!(mail(&app, &c, "confirmed").await.2.as_deref(), Some("REQUEST"));
    let (_, page) = app.get_text(&format!("/evenements/inscription/{c}")).await;
    assert!(!page.contains("/accepter"), "no offer once accepted");
    // Answering twice: a clear refusal.
    let (_, page) = app.get_text(&format!("/evenements/inscription/{b}")).await;
    let csrf = extract_csrf(&page).unwrap();
    let r = app.post_form(&format!("/evenements/inscription/{c}/accepter"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("Il n’y a plus de place proposée"));
    // Without the CSRF token: refused.
    assert_eq!(app.post_form(&format!("/evenements/inscription/{c}/decliner"), &[("csrf", "x")]).await.status().as_u16(), 400);

    // B cancels: D is offered, declines; E is offered next.
    cancel(&app, &b, now).await;
    assert!(state_of(&app, &d).await.2.is_some());
    assert_eq!(answer(&app, &d, "decliner").await, 303);
    assert_eq!(state_of(&app, &d).await.0, "cancelled");
    // (The decline went through the page: its clock may be a second or two later than `now`.)
    let (status, accepted, until) = state_of(&app, &e).await;
    let deadline = until.expect("E is offered the place");
    assert_eq!((status.as_str(), accepted), ("confirmed", false));
    assert!((now + OFFER_HOURS * 3600..now + OFFER_HOURS * 3600 + 30).contains(&deadline));
    assert_eq!(mails_of(&app, &d).await, vec!["waiting", "offered", "cancelled"]);
    let t = counters_right(&app, id).await;
    assert_eq!((t.counter, t.waiting_positions.clone()), (2, vec![4]));

    // Before the deadline nothing expires; after it, E's offer expires and F is offered.
    assert_eq!(events::expire_offers_at(&app.state, deadline - 1).await.unwrap(), 0);
    let later = deadline;
    assert_eq!(events::expire_offers_at(&app.state, later).await.unwrap(), 1);
    assert_eq!(state_of(&app, &e).await.0, "cancelled");
    assert_eq!(mails_of(&app, &e).await, vec!["waiting", "offered", "offer-expired"]);
    assert!(mail(&app, &e, "offer-expired").await.0.starts_with("Place proposée expirée"));
    assert_eq!(state_of(&app, &f).await, ("confirmed".into(), false, Some(later + OFFER_HOURS * 3600)));
    // Accepting too late is refused (the deadline is checked, not only the tick).
    assert_eq!(events::accept_or_decline(&app.state, &e, true, later).await.unwrap(), Answer::NoOffer);
    // The tick again: nothing more, nobody e-mailed twice.
    assert_eq!(events::expire_offers_at(&app.state, later).await.unwrap(), 0);
    assert_eq!(mails_of(&app, &e).await.len(), 3);

    // F's deadline passes without a tick: the next transaction on the event expires it first,
    // then serves the newcomer (the freed place, nobody waiting any more).
    let much_later = later + OFFER_HOURS * 3600 + 5;
    assert_eq!(events::accept_or_decline(&app.state, &f, true, much_later).await.unwrap(), Answer::NoOffer);
    assert_eq!(state_of(&app, &f).await.0, "cancelled");
    assert_eq!(mails_of(&app, &f).await, vec!["waiting", "offered", "offer-expired"]);
    let (g, outcome) = book(&app, id, "Gaston Leroy", 1, much_later).await;
    assert_eq!(outcome, Outcome::Confirmed);
    assert_eq!(state_of(&app, &g).await, ("confirmed".into(), true, None));
    let t = counters_right(&app, id).await;
    assert_eq!((t.counter, t.waiting_positions.len()), (2, 0));
    // Each person was offered a place at most once.
    let offered: Vec<String> = sqlx::query_scalar("SELECT dedup_key FROM mail_outbox WHERE dedup_key LIKE '%:offered' ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(offered.len(), 4);
}

#[tokio::test]
async fn a_head_too_big_blocks_and_more_capacity_is_offered() {
    let app = TestApp::spawn().await;
    let id = event(&app, "gros", 3).await;
    let now = app.state.now();
    book(&app, id, "Awa Diallo", 3, now).await;
    let (b, _) = book(&app, id, "Bruno Petit", 2, now).await;
    let (c, _) = book(&app, id, "Chloé Roux", 1, now).await;
    // One more place: B (2) does not fit and keeps its turn; C behind it is not offered.
    assert!(events::set_capacity(&app.state, id, 4, now).await.unwrap());
    assert_eq!(state_of(&app, &b).await.0, "waiting");
    assert_eq!(state_of(&app, &c).await.0, "waiting");
    // Two more: B is offered both, C still waits.
    assert!(events::set_capacity(&app.state, id, 5, now).await.unwrap());
    assert_eq!(state_of(&app, &b).await, ("confirmed".into(), false, Some(now + OFFER_HOURS * 3600)));
    assert_eq!(state_of(&app, &c).await.0, "waiting");
    // The capacity cannot drop below the seats held by the offer.
    assert!(!events::set_capacity(&app.state, id, 4, now).await.unwrap());
    // B cancels the offer from the page's cancel form: seats freed, C offered.
    cancel(&app, &b, now).await;
    assert_eq!(mails_of(&app, &b).await, vec!["waiting", "offered", "cancelled"]);
    assert!(state_of(&app, &c).await.2.is_some());
    let t = counters_right(&app, id).await;
    assert_eq!((t.counter, t.waiting_positions.len()), (4, 0));
}

/// Two instances on one database, a full event (20) with 20 waiting; at once: 10 confirmed
/// people cancel, 10 newcomers book, and every waiting person tries to accept over and over.
/// Exactly the 10 first waiting are offered (once each), never more than the capacity is held,
/// and the counters stay right.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_cancellations_bookings_and_accepts_never_overbook() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let a = TestApp::spawn_with(Options { database_url: Some(url.clone()), ..Default::default() }).await;
    let b = TestApp::spawn_with(Options { database_url: Some(url), ..Default::default() }).await;
    let id = event(&a, "foule", 20).await;
    let now = a.state.now();
    let mut confirmed = vec![];
    for i in 0..20 {
        confirmed.push(book(&a, id, &format!("Inscrit {i}"), 1, now).await.0);
    }
    let mut waiting = vec![];
    for i in 0..20 {
        waiting.push(book(&b, id, &format!("Attente {i}"), 1, now).await.0);
    }
    let mut set = tokio::task::JoinSet::new();
    for (i, token) in confirmed.iter().take(10).enumerate() {
        let (state, token) = (if i % 2 == 0 { a.state.clone() } else { b.state.clone() }, token.clone());
        set.spawn(async move { assert!(events::cancel(&state, &token, now).await.unwrap()) });
    }
    for i in 0..10 {
        let state = if i % 2 == 0 { b.state.clone() } else { a.state.clone() };
        set.spawn(async move {
            let (_, outcome) = events::register(&state, id, &someone(&format!("Nouveau {i}"), 1), now).await.unwrap();
            assert!(matches!(outcome, Outcome::Waiting(p) if (21..=30).contains(&p)), "{outcome:?}");
        });
    }
    for (i, token) in waiting.iter().enumerate() {
        let (state, token) = (if i % 2 == 0 { a.state.clone() } else { b.state.clone() }, token.clone());
        set.spawn(async move {
            for _ in 0..400 {
                if events::accept_or_decline(&state, &token, true, now).await.unwrap() == Answer::Done {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
        });
    }
    set.join_all().await;
    let t = counters_right(&a, id).await;
    assert_eq!((t.counter, t.confirmed_seats), (20, 20));
    assert_eq!(t.waiting_positions, (11..=30).collect::<Vec<_>>());
    for (i, token) in waiting.iter().enumerate() {
        let (status, accepted, _) = state_of(&a, token).await;
        if i < 10 {
            assert_eq!(status, "confirmed", "waiting person {}", i + 1);
            assert!(accepted, "waiting person {} accepted", i + 1);
            assert_eq!(mails_of(&a, token).await, vec!["waiting", "offered", "confirmed"]);
        } else {
            assert_eq!(status, "waiting", "waiting person {}", i + 1);
            assert_eq!(mails_of(&a, token).await, vec!["waiting"]);
        }
    }
}

/// Once the event has started, nobody is offered a place any more, and an offer made just
/// before cannot be accepted after the start.
#[tokio::test]
async fn no_place_is_offered_or_accepted_once_the_event_has_started() {
    let app = TestApp::spawn().await;
    let id = event(&app, "commence", 2).await;
    let now = app.state.now();
    let starts_at = events::get_event(&app.state.db, id).await.unwrap().unwrap().starts_at;
    let (a, _) = book(&app, id, "Awa Diallo", 1, now).await;
    let (b, _) = book(&app, id, "Bruno Petit", 1, now).await;
    let (c, _) = book(&app, id, "Chloé Roux", 1, now).await;
    let (d, _) = book(&app, id, "Driss Amrani", 1, now).await;
    // An hour before the start, A cancels: C is offered the place until after the start.
    cancel(&app, &a, starts_at - 3600).await;
    assert_eq!(state_of(&app, &c).await, ("confirmed".into(), false, Some(starts_at - 3600 + OFFER_HOURS * 3600)));
    assert_eq!(events::accept_or_decline(&app.state, &c, true, starts_at + 60).await.unwrap(), events::Answer::NoOffer);
    assert!(!state_of(&app, &c).await.1, "not accepted after the start");
    // During the event, B cancels (a no-show): D, next in line, is not offered anything.
    cancel(&app, &b, starts_at + 120).await;
    assert_eq!(state_of(&app, &d).await.0, "waiting");
    assert!(!mails_of(&app, &d).await.contains(&"offered".to_string()));
    counters_right(&app, id).await;
}
