//! Events: the calendar and event pages, registration and cancellation with the waiting
//! list, and the capacity race (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::sync::atomic::Ordering;

use crate::common::{Options, TestApp, extract_csrf, fresh_database};
use essaim::modules::events::{self, EventInput};

/// A published event starting in a week, open for registration.
async fn event(app: &TestApp, slug: &str, capacity: i64) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        summary: "Un atelier".into(),
        description: "Un **atelier**".into(),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        address: "8 rue du Général Renault, 75011 Paris".into(),
        capacity,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

/// The event page's CSRF token and a fresh idempotency key from its form.
async fn form_tokens(app: &TestApp, slug: &str) -> (String, String) {
    let (status, page) = app.get_text(&format!("/evenements/{slug}")).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&page).expect("csrf");
    let i = page.find("name=\"key\" value=\"").expect("idempotency key") + "name=\"key\" value=\"".len();
    let key = page[i..i + page[i..].find('"').unwrap()].to_string();
    (csrf, key)
}

/// Register `names.len()` seats with the names given; returns the status and the token.
async fn book(app: &TestApp, slug: &str, names: &[&str]) -> (u16, String) {
    let (csrf, key) = form_tokens(app, slug).await;
    book_with(app, slug, &csrf, &key, names).await
}

async fn book_with(app: &TestApp, slug: &str, csrf: &str, key: &str, names: &[&str]) -> (u16, String) {
    let seats = names.len().to_string();
    let email = format!("{}@exemple.fr", names[0].to_lowercase().replace(' ', "."));
    let mut form = vec![
        ("csrf", csrf),
        ("key", key),
        ("contact_name", names[0]),
        ("email", email.as_str()),
        ("seats", seats.as_str()),
        ("accessibility", "Boucle magnétique"),
    ];
    form.extend(names.iter().map(|n| ("attendee", *n)));
    let r = app.post_form(&format!("/evenements/{slug}"), &form).await;
    let status = r.status().as_u16();
    let token = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.strip_prefix("/evenements/inscription/"))
        .unwrap_or_default()
        .to_string();
    (status, token)
}

async fn booking_page(app: &TestApp, token: &str) -> String {
    let (status, page) = app.get_text(&format!("/evenements/inscription/{token}")).await;
    assert_eq!(status, 200);
    page
}

async fn cancel(app: &TestApp, token: &str) {
    let page = booking_page(app, token).await;
    let csrf = extract_csrf(&page).unwrap();
    let r = app.post_form(&format!("/evenements/inscription/{token}/annuler"), &[("csrf", &csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
}

#[tokio::test]
async fn the_calendar_and_an_event_with_its_programme() {
    let app = TestApp::spawn_demo().await;
    let (status, list) = app.get_text("/evenements").await;
    assert_eq!(status, 200);
    assert!(list.contains("href=\"/evenements\" aria-current=\"page\""), "Événements is in the navigation");
    let upcoming = &list[..list.find("Événements passés").unwrap()];
    assert!(upcoming.contains("Rendez-vous du numérique"));
    assert!(upcoming.contains("Webinaire") && upcoming.contains("En ligne"));
    assert!(!upcoming.contains("Soirée de clôture"), "past events are apart");
    assert!(list[list.find("Événements passés").unwrap()..].contains("Soirée de clôture"));
    // Filters: by club, by month.
    let (_, lyon) = app.get_text("/evenements?club=lyon-metropole").await;
    assert!(lyon.contains("Forum de l’alternance") && !lyon.contains("Rendez-vous du numérique"));
    let (_, none) = app.get_text("/evenements?mois=2001-01").await;
    assert!(none.contains("Aucun événement à venir") && !none.contains("Forum"));
    let (status, _) = app.get_text("/evenements?mois=n'importe-quoi").await;
    assert_eq!(status, 200);

    let (status, page) = app.get_text("/evenements/rendez-vous-numerique-egalite").await;
    assert_eq!(status, 200);
    for text in [
        "09h00",
        "09h15",
        "09h30",
        "10h00",
        "10h25",
        "10h50",
        "11h00",
        "12h30",
        "Pause café",
        "Table ronde",
        "Nadia Kacem, Sociologue, maîtresse de conférences, Université Paris-Est",
        "Animation",
        "Marc Lefèvre",
        "openstreetmap.org/search?query=",
        "120 places restantes",
        "<legend>Noms des participants</legend>",
    ] {
        assert!(page.contains(text), "missing {text}");
    }
    assert!(!page.contains("pièce d’identité"));
    let (_, full) = app.get_text("/evenements/forum-alternance-lyon").await;
    assert!(full.contains("Complet — liste d’attente ouverte"));
    let (_, id) = app.get_text("/evenements/ceremonie-concours-quartiers").await;
    assert!(id.contains("Une pièce d’identité vous sera demandée à l’entrée") && id.contains("ni copiée ni conservée"));
    let (_, online) = app.get_text("/evenements/webinaire-mecenat-competences").await;
    assert!(online.contains("En ligne") && online.contains("https://visio.exemple.fr/mecenat"));
    // English.
    let r = app.client.get(app.url("/evenements/forum-alternance-lyon")).header("accept-language", "en").send().await.unwrap();
    let en = r.text().await.unwrap();
    assert!(en.contains("Full — waiting list open") && en.contains("Number of attendees"));
    let (_, sitemap) = app.get_text("/sitemap.xml").await;
    assert!(sitemap.contains("/evenements/forum-alternance-lyon</loc>") && sitemap.contains("/evenements</loc>"));
    assert_eq!(app.get_text("/evenements/nope").await.0, 404);
    assert_eq!(app.get_text("/evenements/inscription/nope").await.0, 404);
}

#[tokio::test]
async fn cancelling_promotes_the_waiting_list_in_order() {
    let app = TestApp::spawn().await;
    let id = event(&app, "fifo", 4).await;
    let (s, a) = book(&app, "fifo", &["Awa Diallo", "Bintou Diallo", "Cheikh Diallo"]).await;
    assert_eq!(s, 303);
    let page = booking_page(&app, &a).await;
    assert!(page.contains("Votre inscription est confirmée.") && page.contains("Boucle magnétique") && page.contains("Cheikh Diallo"));
    let (_, b) = book(&app, "fifo", &["Bruno Petit", "Berthe Petit"]).await;
    // One place is left, but the booking of two waits whole, never split.
    assert!(booking_page(&app, &b).await.contains("en position 1"));
    // A single seat does not pass the waiting list (strict order).
    let (_, c) = book(&app, "fifo", &["Chloé Roux"]).await;
    assert!(booking_page(&app, &c).await.contains("en position 2"));
    let (_, d) = book(&app, "fifo", &["Driss Amrani", "Dalia Amrani", "Dina Amrani"]).await;
    assert!(booking_page(&app, &d).await.contains("en position 3"));
    assert!(app.get_text("/evenements/fifo").await.1.contains("Complet — liste d’attente ouverte"));
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats, t.waiting_positions.clone()), (3, 3, vec![1, 2, 3]));

    // A waiting booking leaves: those behind move up.
    cancel(&app, &c).await;
    assert!(booking_page(&app, &c).await.contains("Cette inscription est annulée."));
    assert!(booking_page(&app, &d).await.contains("en position 2"));
    // The confirmed booking leaves: B (2) is promoted; D (3) does not fit in the 2 left and waits.
    cancel(&app, &a).await;
    assert!(booking_page(&app, &b).await.contains("Votre inscription est confirmée."));
    assert!(booking_page(&app, &d).await.contains("en position 1"));
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats, t.waiting_positions.clone()), (2, 2, vec![3]));
    // Cancelling twice changes nothing.
    let (csrf, _) = form_tokens(&app, "fifo").await;
    let r = app.post_form(&format!("/evenements/inscription/{a}/annuler"), &[("csrf", &csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().counter, 2);
    // Capacity cannot drop below the confirmed seats; raising it promotes D.
    assert!(!events::set_capacity(&app.state, id, 1, app.state.now()).await.unwrap());
    assert!(events::set_capacity(&app.state, id, 5, app.state.now()).await.unwrap());
    assert!(booking_page(&app, &d).await.contains("Votre inscription est confirmée."));
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats, t.waiting_positions.len()), (5, 5, 0));
    // A cancellation without the CSRF token is refused.
    let r = app.post_form(&format!("/evenements/inscription/{d}/annuler"), &[("csrf", "x")]).await;
    assert_eq!(r.status().as_u16(), 400);
}

#[tokio::test]
async fn the_same_form_sent_twice_books_once() {
    let app = TestApp::spawn().await;
    let id = event(&app, "double", 10).await;
    let (csrf, key) = form_tokens(&app, "double").await;
    let (s1, t1) = book_with(&app, "double", &csrf, &key, &["Awa Diallo", "Léo Diallo"]).await;
    let (s2, t2) = book_with(&app, "double", &csrf, &key, &["Awa Diallo", "Léo Diallo"]).await;
    assert_eq!((s1, s2), (303, 303));
    assert_eq!(t1, t2, "the same key gives the same registration");
    // Ten at once with one key: still one booking.
    let (_, key2) = form_tokens(&app, "double").await;
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (addr, csrf, key, client) = (app.url("/evenements/double"), csrf.clone(), key2.clone(), app.same_visitor());
        set.spawn(async move {
            let form =
                [("csrf", csrf.as_str()), ("key", key.as_str()), ("contact_name", "Bruno"), ("email", "b@exemple.fr"), ("seats", "1")];
            let r = client.post(addr).form(&form).send().await.unwrap();
            (r.status().as_u16(), r.headers().get("location").unwrap().to_str().unwrap().to_string())
        });
    }
    let results = set.join_all().await;
    assert!(results.iter().all(|(s, l)| *s == 303 && *l == results[0].1), "{results:?}");
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.active_bookings, t.counter), (2, 3));
}

#[tokio::test]
async fn form_errors_keep_the_input_and_closed_registration_is_refused() {
    let app = TestApp::spawn().await;
    let id = event(&app, "erreurs", 10).await;
    let (csrf, key) = form_tokens(&app, "erreurs").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("contact_name", ""),
        ("email", "pas-une-adresse"),
        ("seats", "3"),
        ("attendee", "Awa"),
        ("attendee", "Léo"),
        ("attendee", ""),
        ("accessibility", "Accès en fauteuil"),
    ];
    let r = app.post_form("/evenements/erreurs", &form).await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    for text in [
        "Indiquez votre nom",
        "Saisissez une adresse e-mail valable",
        "Indiquez le nom de ce participant",
        "value=\"pas-une-adresse\"",
        "value=\"Léo\"",
        "Accès en fauteuil</textarea>",
        "<option value=\"3\" selected>",
        &format!("name=\"key\" value=\"{key}\""),
        "id=\"reg-attendee-3\" name=\"attendee\" type=\"text\" maxlength=\"100\" value=\"\" aria-invalid=\"true\"",
    ] {
        assert!(page.contains(text), "missing {text}");
    }
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().active_bookings, 0);
    // Broken input is a 4xx, never a 500.
    for seats in ["0", "11", "abc", ""] {
        let form = [("csrf", csrf.as_str()), ("key", key.as_str()), ("contact_name", "Awa"), ("email", "a@exemple.fr"), ("seats", seats)];
        assert_eq!(app.post_form("/evenements/erreurs", &form).await.status().as_u16(), 422, "seats {seats}");
    }
    let form = [("csrf", csrf.as_str()), ("key", "court"), ("contact_name", "Awa"), ("email", "a@exemple.fr"), ("seats", "1")];
    assert_eq!(app.post_form("/evenements/erreurs", &form).await.status().as_u16(), 400);

    // An event that is over: no form, and a clear refusal if someone posts anyway.
    let now = app.state.now();
    let past = EventInput {
        slug: "passe".into(),
        title: "Passé".into(),
        starts_at: now - 7200,
        ends_at: now - 3600,
        capacity: 10,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &past, now).await.unwrap();
    let (_, page) = app.get_text("/evenements/passe").await;
    assert!(page.contains("Les inscriptions sont closes.") && !page.contains("name=\"contact_name\""));
    let form = [("csrf", csrf.as_str()), ("key", key.as_str()), ("contact_name", "Awa"), ("email", "a@exemple.fr"), ("seats", "1")];
    let r = app.post_form("/evenements/passe", &form).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("Les inscriptions à cet événement ne sont pas ouvertes"));
    // Not open yet.
    let later = EventInput {
        slug: "bientot".into(),
        title: "Bientôt".into(),
        starts_at: now + 90 * 86_400,
        ends_at: now + 90 * 86_400 + 60,
        registration_opens_at: Some(now + 30 * 86_400),
        capacity: 10,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &later, now).await.unwrap();
    assert!(app.get_text("/evenements/bientot").await.1.contains("Les inscriptions ouvriront le"));
    assert_eq!(app.post_form("/evenements/bientot", &form).await.status().as_u16(), 409);
    // A draft is not public.
    let draft = EventInput {
        slug: "brouillon".into(),
        title: "Brouillon".into(),
        starts_at: now + 86_400,
        ends_at: now + 90_000,
        capacity: 10,
        status: "draft".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &draft, now).await.unwrap();
    assert_eq!(app.get_text("/evenements/brouillon").await.0, 404);
}

/// The figure: 1,000 people register at once for one seat each among 100 places,
/// half through each of two instances on one database, each from its own address (the apps
/// trust the loopback proxy and every request carries its own `X-Forwarded-For`, so the
/// booking limit per address is in force). Returns the tally, the HTTP statuses and the events
/// whose counters disagree.
const RACE_CAPACITY: i64 = 100;
const RACE_PEOPLE: usize = 1000;

async fn race(unsafe_switch: bool) -> (events::Tally, Vec<u16>, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let opts = |url: &str| Options { database_url: Some(url.to_string()), trusted_proxies: Some("127.0.0.1".into()), ..Default::default() };
    let a = TestApp::spawn_with(opts(&url)).await;
    let b = TestApp::spawn_with(opts(&url)).await;
    for app in [&a, &b] {
        essaim::modules::events::running(&app.state).unwrap().unsafe_overbooking_for_tests.store(unsafe_switch, Ordering::Relaxed);
    }
    let id = event(&a, "course", RACE_CAPACITY).await;
    let (csrf, _) = form_tokens(&b, "course").await;
    let started = std::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    let clients = [a.same_visitor(), b.same_visitor()];
    for i in 0..RACE_PEOPLE {
        let app = if i % 2 == 0 { &a } else { &b };
        let (url, csrf, client) = (app.url("/evenements/course"), csrf.clone(), clients[i % 2].clone());
        set.spawn(async move {
            let name = format!("Personne {i}");
            let email = format!("p{i}@exemple.fr");
            let key = essaim::core::auth::random_token();
            let ip = format!("10.0.{}.{}", i / 250, i % 250 + 1);
            let form = [
                ("csrf", csrf.as_str()),
                ("key", key.as_str()),
                ("contact_name", name.as_str()),
                ("email", email.as_str()),
                ("seats", "1"),
            ];
            client.post(url).header("x-forwarded-for", ip).form(&form).send().await.map(|r| r.status().as_u16()).unwrap_or(599)
        });
    }
    let statuses = set.join_all().await;
    eprintln!("{RACE_PEOPLE} bookings for {RACE_CAPACITY} places (unsafe: {unsafe_switch}) in {:?}", started.elapsed());
    (events::tally(&a.state.db, id).await.unwrap(), statuses, events::check_counters(&a.state.db).await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registrations_on_two_instances_never_overbook() {
    let (t, statuses, wrong) = race(false).await;
    assert!(wrong.is_empty());
    assert!(statuses.iter().all(|s| *s == 303), "no error under load: {statuses:?}");
    assert_eq!(t.confirmed_seats, RACE_CAPACITY, "exactly the capacity is confirmed");
    assert_eq!(t.counter, t.confirmed_seats, "the counter matches the bookings");
    let waiting = RACE_PEOPLE as i64 - RACE_CAPACITY;
    assert_eq!(t.waiting_positions, (1..=waiting).collect::<Vec<_>>(), "waiting positions 1..900 without gaps");
    assert_eq!(t.active_bookings, RACE_PEOPLE as i64);
}

/// The negative control: with the check done in Rust before the write (the test-only switch),
/// the same race overbooks, so the test above proves something.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_the_conditional_update_the_same_race_overbooks() {
    let (t, statuses, wrong) = race(true).await;
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    assert!(t.confirmed_seats > RACE_CAPACITY, "the unprotected path should overbook, got {}", t.confirmed_seats);
    assert_eq!(wrong.len(), 1, "the counter check sees it");
}

async fn active_bookings(app: &TestApp, ids: &[i64]) -> i64 {
    let mut n = 0;
    for id in ids {
        n += events::tally(&app.state.db, *id).await.unwrap().active_bookings;
    }
    n
}

/// A script cannot fill events with fake bookings: 20 bookings an hour per address, across
/// events; the 21st is refused with the form kept and nothing written, a retry of a booking
/// already made still answers, and another address still books.
#[tokio::test]
async fn one_address_books_at_most_twenty_times_an_hour() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let first = event(&app, "limite-a", 100).await;
    let second = event(&app, "limite-b", 100).await;
    let (csrf, _) = form_tokens(&app, "limite-a").await;
    let post = |slug: &'static str, ip: &'static str, key: String, name: String| {
        let (url, csrf, client) = (app.url(&format!("/evenements/{slug}")), csrf.clone(), app.same_visitor());
        async move {
            let email = format!("{}@exemple.fr", name.to_lowercase().replace(' ', "."));
            let form = [
                ("csrf", csrf.as_str()),
                ("key", key.as_str()),
                ("contact_name", name.as_str()),
                ("email", email.as_str()),
                ("seats", "1"),
            ];
            client.post(url).header("x-forwarded-for", ip).form(&form).send().await.unwrap()
        }
    };
    let mut first_key = String::new();
    for i in 0..20 {
        let key = essaim::core::auth::random_token();
        if i == 0 {
            first_key = key.clone();
        }
        let slug = if i % 2 == 0 { "limite-a" } else { "limite-b" };
        let r = post(slug, "203.0.113.5", key, format!("Classe {i}")).await;
        assert_eq!(r.status().as_u16(), 303, "booking {i}");
    }
    let r = post("limite-a", "203.0.113.5", essaim::core::auth::random_token(), "Classe Vingt".into()).await;
    assert_eq!(r.status().as_u16(), 429);
    let page = r.text().await.unwrap();
    assert!(page.contains("Trop d’inscriptions ont été faites depuis cette connexion en une heure."), "the reason, in French");
    assert!(page.contains("value=\"Classe Vingt\""), "the form is kept");
    assert_eq!(active_bookings(&app, &[first, second]).await, 20, "nothing written");
    // The browser resending the first booking is not a new booking: same answer as before.
    let r = post("limite-a", "203.0.113.5", first_key, "Classe 0".into()).await;
    assert_eq!(r.status().as_u16(), 303);
    // Another address books; in English, the refusal is in English.
    assert_eq!(post("limite-a", "203.0.113.6", essaim::core::auth::random_token(), "Autre Famille".into()).await.status().as_u16(), 303);
    let form = [
        ("csrf", csrf.as_str()),
        ("key", "abcdefghijklmnopqrstu"),
        ("contact_name", "Late"),
        ("email", "late@example.org"),
        ("seats", "1"),
    ];
    let r = app
        .same_visitor()
        .post(app.url("/evenements/limite-b"))
        .header("x-forwarded-for", "203.0.113.5")
        .header("accept-language", "en")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.text().await.unwrap().contains("Too many registrations were made from this connection within an hour."));
    assert_eq!(active_bookings(&app, &[first, second]).await, 21);
    // An hour later the address may book again.
    app.state.clock.set(app.state.now() + 3601);
    assert_eq!(post("limite-b", "203.0.113.5", essaim::core::auth::random_token(), "Classe Demain".into()).await.status().as_u16(), 303);
}

fn someone(name: &str, seats: i64) -> events::NewBooking {
    events::NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: name.into(),
        email: format!("{}@exemple.fr", name.to_lowercase().replace(' ', ".")),
        seats,
        attendees: (0..seats).map(|i| format!("{name} {i}")).collect(),
        accessibility: String::new(),
        ..Default::default()
    }
}

/// Churn on two instances: a full event (30) with 20 waiting; at once, 10 confirmed people
/// cancel, 10 newcomers register and the capacity goes up to 33. The 13 first waiting, and only
/// they, are promoted, each once; the newcomers queue behind the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn churn_promotes_the_earliest_waiting_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let a = TestApp::spawn_with(Options { database_url: Some(url.clone()), ..Default::default() }).await;
    let b = TestApp::spawn_with(Options { database_url: Some(url), ..Default::default() }).await;
    let id = event(&a, "churn", 30).await;
    let now = a.state.now();
    let mut confirmed = vec![];
    for i in 0..30 {
        let (token, outcome) = events::register(&a.state, id, &someone(&format!("Inscrit {i}"), 1), now).await.unwrap();
        assert_eq!(outcome, events::Outcome::Confirmed);
        confirmed.push(token);
    }
    let mut waiting = vec![];
    for i in 0..20 {
        let (token, outcome) = events::register(&b.state, id, &someone(&format!("Attente {i}"), 1), now).await.unwrap();
        assert_eq!(outcome, events::Outcome::Waiting(i + 1));
        waiting.push(token);
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
            assert!(matches!(outcome, events::Outcome::Waiting(p) if (21..=30).contains(&p)), "{outcome:?}");
        });
    }
    let state = a.state.clone();
    set.spawn(async move { assert!(events::set_capacity(&state, id, 33, now).await.unwrap()) });
    set.join_all().await;
    let t = events::tally(&a.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats), (33, 33));
    assert_eq!(t.waiting_positions, (14..=30).collect::<Vec<_>>());
    for (i, token) in waiting.iter().enumerate() {
        let booking = events::get_booking(&a.state, token).await.unwrap().unwrap();
        let expected = if i < 13 { "confirmed" } else { "waiting" };
        assert_eq!(booking.status, expected, "waiting person {}", i + 1);
    }
    assert!(events::check_counters(&a.state.db).await.unwrap().is_empty());
}

/// Parties of 2, 2 and 1 for the last 3 places, at once, 20 times: never more than 3 seats
/// confirmed, and every party is wholly confirmed or wholly waiting.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parties_are_all_or_nothing_under_concurrency() {
    let app = TestApp::spawn().await;
    for run in 0..20 {
        let id = event(&app, &format!("groupes-{run}"), 3).await;
        let mut set = tokio::task::JoinSet::new();
        for (i, seats) in [2, 2, 1].into_iter().enumerate() {
            let state = app.state.clone();
            set.spawn(async move { events::register(&state, id, &someone(&format!("Groupe {i}"), seats), state.now()).await.unwrap().0 });
        }
        let tokens = set.join_all().await;
        let t = events::tally(&app.state.db, id).await.unwrap();
        assert!(t.confirmed_seats <= 3 && t.counter == t.confirmed_seats, "run {run}: {t:?}");
        let mut seats = 0;
        for token in tokens {
            let b = events::get_booking(&app.state, &token).await.unwrap().unwrap();
            assert_eq!(b.attendees.len() as i64, b.seats);
            seats += b.seats;
        }
        assert_eq!(seats, 5);
        assert_eq!(t.active_bookings, 3);
    }
}
