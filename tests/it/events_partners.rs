//! Partner places: a reserve of the capacity kept for bookings made through the event's
//! partner link, never taken by the public (even in a race), given back on cancellation
//! (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).

// Helpers of a test may unwrap too (clippy.toml allows it in #[test] functions only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{Options, TestApp, extract_csrf, fresh_database};
use essaim::modules::events::{self, EventInput};
use sqlx::Row;

/// A published event starting in a week with `partner_seats` of its capacity kept for
/// partners; returns its id and partner code.
async fn event(app: &TestApp, slug: &str, capacity: i64, partner_seats: i64) -> (i64, String) {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Forum {slug}"),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        capacity,
        partner_seats,
        status: "published".into(),
        ..Default::default()
    };
    let id = events::create_event(&app.state.db, &input, now).await.unwrap();
    let code = events::get_event(&app.state.db, id).await.unwrap().unwrap().partner_code;
    assert!(!code.is_empty());
    (id, code)
}

/// Book through the form (with `partenaire` when given); returns the booking's token.
async fn book(app: &TestApp, client: &reqwest::Client, slug: &str, csrf: &str, name: &str, seats: usize, partner: Option<&str>) -> String {
    let key = essaim::core::auth::random_token();
    let email = format!("{}@exemple.fr", name.to_lowercase().replace(' ', "."));
    let n = seats.to_string();
    let names: Vec<String> = (0..seats).map(|i| format!("{name} {i}")).collect();
    let mut form = vec![("csrf", csrf), ("key", key.as_str()), ("contact_name", name), ("email", email.as_str()), ("seats", n.as_str())];
    form.extend(names.iter().map(|n| ("attendee", n.as_str())));
    if let Some(code) = partner {
        form.push(("partenaire", code));
    }
    let r = client.post(app.url(&format!("/evenements/{slug}"))).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303, "booking of {name}");
    let location = r.headers().get("location").unwrap().to_str().unwrap();
    location.strip_prefix("/evenements/inscription/").unwrap().to_string()
}

async fn csrf(app: &TestApp, slug: &str) -> String {
    extract_csrf(&app.get_text(&format!("/evenements/{slug}")).await.1).unwrap()
}

/// (status, registrations.partner) of a booking.
async fn seat_of(app: &TestApp, token: &str) -> (String, i64) {
    let id = events::get_booking(&app.state, token).await.unwrap().unwrap().id;
    let r = sqlx::query("SELECT status, partner FROM registrations WHERE id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap();
    (r.get(0), r.get(1))
}

async fn counters_right(app: &TestApp, id: i64) -> (events::Tally, i64) {
    let t = events::tally(&app.state.db, id).await.unwrap();
    let (partner_counter, partner_counted) = events::partner_tally(&app.state.db, id).await.unwrap();
    assert_eq!(t.counter, t.confirmed_seats);
    assert_eq!(partner_counter, partner_counted, "the partner counter matches the bookings in the reserve");
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
    (t, partner_counter)
}

#[tokio::test]
async fn the_reserve_is_kept_for_partners_and_given_back_on_cancellation() {
    let app = TestApp::spawn().await;
    let (id, code) = event(&app, "reserve", 4, 2).await;
    let csrf = csrf(&app, "reserve").await;
    // The public sees only its own places; the partner link shows the reserve.
    let (_, page) = app.get_text("/evenements/reserve").await;
    assert!(page.contains("2 places restantes") && !page.contains("name=\"partenaire\""));
    let (_, page) = app.get_text(&format!("/evenements/reserve?partenaire={code}")).await;
    assert!(page.contains("Il reste 2 places réservées aux partenaires."), "partner page");
    assert!(page.contains(&format!("name=\"partenaire\" value=\"{code}\"")));
    // A wrong code says so plainly and books publicly.
    let (_, page) = app.get_text("/evenements/reserve?partenaire=faux").await;
    assert!(page.contains("Ce lien partenaire n’est pas valable") && !page.contains("name=\"partenaire\""));

    let a = book(&app, &app.client, "reserve", &csrf, "Awa Diallo", 2, Some("faux")).await;
    assert_eq!(seat_of(&app, &a).await, ("confirmed".into(), 0));
    // The public places are gone, the reserve stays: the next public booking waits.
    let b = book(&app, &app.client, "reserve", &csrf, "Bruno Petit", 1, None).await;
    assert_eq!(seat_of(&app, &b).await, ("waiting".into(), 0));
    assert!(app.get_text("/evenements/reserve").await.1.contains("Complet — liste d’attente ouverte"));
    // A partner takes the reserve even though the public waits.
    let p1 = book(&app, &app.client, "reserve", &csrf, "Paula Nguyen", 2, Some(&code)).await;
    assert_eq!(seat_of(&app, &p1).await, ("confirmed".into(), 1));
    let (t, partner) = counters_right(&app, id).await;
    assert_eq!((t.counter, partner), (4, 2));
    let (_, page) = app.get_text(&format!("/evenements/reserve?partenaire={code}")).await;
    assert!(page.contains("Les places réservées aux partenaires sont toutes prises"));
    // The reserve is used up: the next partner falls back to the public rule and waits.
    let p2 = book(&app, &app.client, "reserve", &csrf, "Pierre Nguyen", 1, Some(&code)).await;
    assert_eq!(seat_of(&app, &p2).await, ("waiting".into(), 2));

    // P1 cancels: the reserve gets its two places back and the waiting partner takes one;
    // the public head B still does not fit the public places.
    assert!(events::cancel(&app.state, &p1, app.state.now()).await.unwrap());
    assert_eq!(seat_of(&app, &p2).await, ("confirmed".into(), 1));
    assert_eq!(seat_of(&app, &b).await.0, "waiting");
    let (t, partner) = counters_right(&app, id).await;
    assert_eq!((t.counter, partner, t.waiting_positions.len()), (3, 1, 1));
    // A cancels: B gets a public place, one reserve place stays free.
    assert!(events::cancel(&app.state, &a, app.state.now()).await.unwrap());
    assert_eq!(seat_of(&app, &b).await, ("confirmed".into(), 0));
    let (t, partner) = counters_right(&app, id).await;
    assert_eq!((t.counter, partner, t.waiting_positions.len()), (2, 1, 0));
    let event = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((event.remaining(), event.partner_remaining()), (1, 1));
    // The capacity cannot drop below the places taken plus the unused reserve.
    assert!(!events::set_capacity(&app.state, id, 2, app.state.now()).await.unwrap());
    assert!(events::set_capacity(&app.state, id, 3, app.state.now()).await.unwrap());
}

/// Cancelling one person of a partner booking gives the seat back to the pool it came from:
/// the reserve for a booking seated there, the public places for one booked with the code
/// but seated publicly.
#[tokio::test]
async fn one_attendee_less_gives_the_seat_back_to_its_pool() {
    let app = TestApp::spawn().await;
    let (id, code) = event(&app, "moitie", 6, 2).await;
    let csrf = csrf(&app, "moitie").await;
    let reserve = book(&app, &app.client, "moitie", &csrf, "Paula Nguyen", 2, Some(&code)).await;
    let public = book(&app, &app.client, "moitie", &csrf, "Pierre Nguyen", 2, Some(&code)).await;
    assert_eq!((seat_of(&app, &reserve).await, seat_of(&app, &public).await), (("confirmed".into(), 1), ("confirmed".into(), 2)));
    let last_attendee = |token: String| {
        let state = app.state.clone();
        async move {
            let id = events::get_booking(&state, &token).await.unwrap().unwrap().id;
            sqlx::query_scalar::<_, i64>(
                "SELECT a.id FROM attendees a JOIN registrations r ON r.id = a.registration_id WHERE r.id = $1 ORDER BY a.id DESC LIMIT 1",
            )
            .bind(id)
            .fetch_one(state.db.pool())
            .await
            .unwrap()
        }
    };
    let now = app.state.now();
    events::cancel_attendee(&app.state, &public, last_attendee(public.clone()).await, now).await.unwrap();
    let (t, partner) = counters_right(&app, id).await;
    assert_eq!((t.counter, partner), (3, 2), "a public seat came back, the reserve stays full");
    events::cancel_attendee(&app.state, &reserve, last_attendee(reserve.clone()).await, now).await.unwrap();
    let (t, partner) = counters_right(&app, id).await;
    assert_eq!((t.counter, partner), (2, 1), "a reserve seat came back");
}

/// An organiser's edit never leaves fewer places than are taken: partner places below the
/// reserve in use, or a capacity below the seats plus the unused reserve, are refused and
/// nothing is saved; the event keeps taking bookings (onto the waiting list) without error.
#[tokio::test]
async fn an_edit_never_shrinks_below_the_places_taken() {
    let app = TestApp::spawn().await;
    let (id, code) = event(&app, "bornes", 4, 2).await;
    let csrf = csrf(&app, "bornes").await;
    book(&app, &app.client, "bornes", &csrf, "Paula Nguyen", 2, Some(&code)).await;
    book(&app, &app.client, "bornes", &csrf, "Awa Diallo", 2, None).await;
    let now = app.state.now();
    let current = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    let input = |capacity: i64, partner_seats: i64| EventInput {
        slug: current.slug.clone(),
        title: "Forum renommé".into(),
        starts_at: current.starts_at,
        ends_at: current.ends_at,
        capacity,
        partner_seats,
        status: "published".into(),
        ..Default::default()
    };
    assert_eq!(events::update_event(&app.state, id, &input(4, 0), now).await.unwrap(), events::EventUpdate::SeatsTaken);
    assert_eq!(events::update_event(&app.state, id, &input(3, 2), now).await.unwrap(), events::EventUpdate::SeatsTaken);
    let kept = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((kept.title.as_str(), kept.capacity, kept.partner_seats), (current.title.as_str(), 4, 2), "nothing saved");
    // Still full, still working: the next booking waits, no error.
    let b = book(&app, &app.client, "bornes", &csrf, "Bruno Petit", 1, None).await;
    assert_eq!(seat_of(&app, &b).await.0, "waiting");
    // A larger capacity is saved with the rest, and promotes the waiting list.
    assert_eq!(events::update_event(&app.state, id, &input(5, 2), now).await.unwrap(), events::EventUpdate::Saved);
    assert_eq!(seat_of(&app, &b).await.0, "confirmed");
    let (t, partner) = counters_right(&app, id).await;
    assert_eq!((t.counter, partner), (5, 2));
    assert_eq!(events::get_event(&app.state.db, id).await.unwrap().unwrap().title, "Forum renommé");
}

/// Capacity 30 with 10 partner places: 100 public and 20 partner bookings at once, half on
/// each of two instances. The public gets exactly 20 places, the reserve exactly 10 partner
/// bookings, everyone else waits, and the counters are right.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_public_never_takes_the_reserve_in_a_race() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    // Each request comes from its own address (behind a trusted proxy), as in real life: the
    // booking limit per address must not be what decides this race.
    let opts = |url: String| Options { database_url: Some(url), trusted_proxies: Some("127.0.0.1".into()), ..Default::default() };
    let a = TestApp::spawn_with(opts(url.clone())).await;
    let b = TestApp::spawn_with(opts(url)).await;
    let (id, code) = event(&a, "course", 30, 10).await;
    let csrf = csrf(&b, "course").await;
    // The visitor who read the page (its token is theirs), from clients of their own.
    let client = b.same_visitor();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..120 {
        let partner = i % 6 == 0;
        let (url, csrf, client, code) =
            ((if i % 2 == 0 { &a } else { &b }).url("/evenements/course"), csrf.clone(), client.clone(), code.clone());
        set.spawn(async move {
            let name = format!("Personne {i}");
            let email = format!("p{i}@exemple.fr");
            let key = essaim::core::auth::random_token();
            let mut form = vec![
                ("csrf", csrf.as_str()),
                ("key", key.as_str()),
                ("contact_name", name.as_str()),
                ("email", email.as_str()),
                ("seats", "1"),
            ];
            if partner {
                form.push(("partenaire", code.as_str()));
            }
            let r =
                client.post(url).header("x-forwarded-for", format!("10.1.{}.{}", i / 200, i % 200 + 1)).form(&form).send().await.unwrap();
            (partner, r.status().as_u16(), r.headers().get("location").map(|l| l.to_str().unwrap().to_string()))
        });
    }
    let results = set.join_all().await;
    assert!(results.iter().all(|(_, s, _)| *s == 303), "no error under load");
    assert_eq!(results.iter().filter(|(p, _, _)| *p).count(), 20);
    let (t, partner) = counters_right(&a, id).await;
    assert_eq!((t.counter, partner), (30, 10));
    assert_eq!(t.waiting_positions, (1..=90).collect::<Vec<_>>());
    let rows = sqlx::query(
        "SELECT partner, COUNT(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed' GROUP BY partner ORDER BY partner",
    )
    .bind(id)
    .fetch_all(a.state.db.pool())
    .await
    .unwrap();
    let by_flag: Vec<(i64, i64)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let reserve = by_flag.iter().find(|(f, _)| *f == 1).map_or(0, |(_, n)| *n);
    let public: i64 = by_flag.iter().filter(|(f, _)| *f != 1).map(|(_, n)| n).sum();
    assert_eq!((reserve, public), (10, 20), "{by_flag:?}");
    // Every partner booking was either in the reserve or handled as public (none lost).
    let partner_bookings: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = $1 AND partner > 0")
        .bind(id)
        .fetch_one(a.state.db.pool())
        .await
        .unwrap();
    assert_eq!(partner_bookings, 20);
    let event = events::get_event(&a.state.db, id).await.unwrap().unwrap();
    assert_eq!((event.remaining(), event.partner_remaining()), (0, 0));
}
