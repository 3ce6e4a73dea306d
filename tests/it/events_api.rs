//! The events JSON API: the public calendar and an event, anonymous booking with an
//! idempotency key and JSON errors naming the fields, a booking read and cancelled by its
//! token, the booking limit per address, organisers' writes under the back office's rights,
//! and every path answering as the OpenAPI document says (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{Options, TestApp};
use essaim::core::auth::Role;
use essaim::modules::events::{self, EventInput, Slot, SlotPerson};
use serde_json::{Value, json};

/// A person with `role` and a live API token.
async fn token_for(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> String {
    app.user(email, role, club).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

struct Call<'a> {
    method: reqwest::Method,
    path: String,
    token: Option<&'a str>,
    body: Option<Value>,
    headers: Vec<(&'static str, String)>,
}

fn call<'a>(method: &str, path: &str) -> Call<'a> {
    Call { method: reqwest::Method::from_bytes(method.as_bytes()).unwrap(), path: path.into(), token: None, body: None, headers: vec![] }
}

impl<'a> Call<'a> {
    fn token(mut self, t: &'a str) -> Self {
        self.token = Some(t);
        self
    }
    fn json(mut self, v: Value) -> Self {
        self.body = Some(v);
        self
    }
    fn header(mut self, name: &'static str, v: &str) -> Self {
        self.headers.push((name, v.to_string()));
        self
    }
    async fn send(self, app: &TestApp) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut rb = crate::common::client().request(self.method, app.url(&self.path));
        if let Some(t) = self.token {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = self.body {
            rb = rb.json(&b);
        }
        for (k, v) in self.headers {
            rb = rb.header(k, v);
        }
        let r = rb.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// A published event in `days` days (two hours long), open for registration.
async fn event(app: &TestApp, slug: &str, capacity: i64, club: Option<&str>, days: i64) -> i64 {
    let now = app.state.now();
    let club_id = match club {
        Some(s) => Some(essaim::modules::network::get_club_by_slug(&app.state.db, s).await.unwrap().unwrap().id),
        None => None,
    };
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        summary: "Un atelier".into(),
        starts_at: now + days * 86_400,
        ends_at: now + days * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        capacity,
        club_id,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

fn fields(err: &Value) -> Vec<String> {
    err["error"]["fields"].as_array().map(|a| a.iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

/// A booking of `seats` seats for `name`'s party.
fn booking(name: &str, seats: i64) -> Value {
    let attendees: Vec<String> = (0..seats).map(|i| if i == 0 { name.to_string() } else { format!("{name} {}", i + 1) }).collect();
    json!({ "contact_name": name, "email": format!("{}@exemple.fr", name.to_lowercase().replace(' ', ".")), "seats": seats, "attendees": attendees })
}

#[tokio::test]
async fn the_calendar_and_an_event_read_as_json() {
    let app = TestApp::spawn_demo().await;
    // Far in the future, so that the demo's events stay out of the window.
    let days = 20 * 365;
    let lyon = event(&app, "lyon-un", 10, Some("lyon-metropole"), days).await;
    event(&app, "lyon-deux", 10, Some("lyon-metropole"), days + 1).await;
    event(&app, "reseau", 10, None, days + 2).await;
    let draft = EventInput {
        slug: "brouillon".into(),
        title: "Brouillon".into(),
        starts_at: app.state.now() + days * 86_400,
        ends_at: app.state.now() + days * 86_400 + 60,
        capacity: 5,
        ..Default::default()
    };
    events::create_event(&app.state.db, &draft, app.state.now()).await.unwrap();
    let slot = Slot {
        starts_at: app.state.now() + days * 86_400,
        ends_at: app.state.now() + days * 86_400 + 3600,
        title: "Ouverture".into(),
        kind: "talk".into(),
        people: vec![
            SlotPerson { name: "Awa Diallo".into(), title: "Directrice".into(), organisation: "Fondation".into(), role: "speaker".into() },
            SlotPerson { name: "Léo Martin".into(), role: "moderator".into(), ..Default::default() },
        ],
        ..Default::default()
    };
    events::add_slot(&app.state.db, lyon, &slot).await.unwrap();

    let from = essaim::core::api::rfc3339(app.state.now() + (days - 1) * 86_400);
    let (status, _, page) = call("GET", &format!("/api/v1/events?from={from}")).send(&app).await;
    assert_eq!(status, 200);
    let slugs: Vec<&str> = page["data"].as_array().unwrap().iter().map(|e| e["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, vec!["lyon-un", "lyon-deux", "reseau"], "upcoming, soonest first, no draft");
    assert_eq!(page["meta"]["total"], 3);
    let first = &page["data"][0];
    assert_eq!(
        (first["capacity"].as_i64(), first["places_left"].as_i64(), first["registration"].as_str()),
        (Some(10), Some(10), Some("open"))
    );
    assert_eq!(first["club"]["slug"], "lyon-metropole");
    assert_eq!(first["url"], "http://essaim.test/evenements/lyon-un");
    // Filters and paging.
    let (_, _, page) = call("GET", &format!("/api/v1/events?from={from}&club=lyon-metropole&per_page=1&page=2")).send(&app).await;
    assert_eq!((page["meta"]["total"].as_i64(), page["data"].as_array().unwrap().len()), (Some(2), 1));
    assert_eq!(page["data"][0]["slug"], "lyon-deux");
    let to = essaim::core::api::rfc3339(app.state.now() + days * 86_400 + 3600);
    let (_, _, page) = call("GET", &format!("/api/v1/events?from={from}&to={to}")).send(&app).await;
    assert_eq!(page["meta"]["total"], 1);
    let (_, _, page) = call("GET", "/api/v1/events?club=nulle-part").send(&app).await;
    assert_eq!(page["meta"]["total"], 0, "an unknown club matches nothing");
    // By default, upcoming events only: the demo's past events are not listed.
    let (_, _, page) = call("GET", "/api/v1/events?per_page=100").send(&app).await;
    let now = app.state.now();
    assert!(
        page["data"].as_array().unwrap().iter().all(|e| essaim::core::api::parse_rfc3339(e["ends_at"].as_str().unwrap()).unwrap() >= now)
    );
    // Bad parameters: JSON errors in the caller's language, never a 500.
    let (status, _, err) = call("GET", "/api/v1/events?from=demain&page=0").send(&app).await;
    assert_eq!(status, 422);
    assert_eq!(fields(&err), vec!["page"]);
    let (status, _, err) = call("GET", "/api/v1/events?from=demain").header("accept-language", "en").send(&app).await;
    assert_eq!((status, fields(&err)), (422, vec!["from".to_string()]));
    assert_eq!(err["error"]["fields"][0]["message"], "Enter a valid date and time.");
    assert_eq!(call("GET", "/api/v1/events?per_page=abc").send(&app).await.0, 400);

    // One event: its programme with speakers, places left, registration state.
    let (status, _, e) = call("GET", "/api/v1/events/lyon-un").send(&app).await;
    assert_eq!(status, 200);
    assert_eq!(e["programme"][0]["title"], "Ouverture");
    assert_eq!(e["programme"][0]["speakers"], json!([{ "name": "Awa Diallo", "title": "Directrice", "organisation": "Fondation" }]));
    assert_eq!(e["programme"][0]["moderators"][0]["name"], "Léo Martin");
    assert_eq!((e["places_left"].as_i64(), e["registration"].as_str()), (Some(10), Some("open")));
    assert_eq!(call("GET", "/api/v1/events/brouillon").send(&app).await.0, 404, "drafts are not public");
    let (status, _, err) = call("GET", "/api/v1/events/inconnu").send(&app).await;
    assert_eq!((status, err["error"]["code"].as_str()), (404, Some("error-not-found")));
}

#[tokio::test]
async fn booking_through_the_api_is_safe_to_retry_and_checked_like_the_form() {
    let app = TestApp::spawn().await;
    let id = event(&app, "api", 3, None, 7).await;
    let path = "/api/v1/events/api/registrations";
    let key = "cle-de-test-0123456789";
    let body = json!({ "contact_name": "Awa Diallo", "email": "Awa@Exemple.fr", "seats": 2, "attendees": ["", "Léo Diallo"], "accessibility": "Boucle magnétique" });
    let (status, headers, b) = call("POST", path).header("idempotency-key", key).json(body.clone()).send(&app).await;
    assert_eq!(status, 201, "{b}");
    let token = b["token"].as_str().unwrap().to_string();
    assert_eq!(headers["location"], format!("/api/v1/registrations/{token}").as_str());
    assert_eq!((b["status"].as_str(), b["seats"].as_i64(), b["waiting_position"].clone()), (Some("confirmed"), Some(2), Value::Null));
    assert_eq!(b["attendees"], json!(["Awa Diallo", "Léo Diallo"]));
    assert_eq!(b["email"], "awa@exemple.fr");
    // The same key again (a retry after a lost answer): the first booking, nothing new.
    let (status, _, again) = call("POST", path).header("idempotency-key", key).json(body.clone()).send(&app).await;
    assert_eq!((status, again["token"].as_str()), (200, Some(token.as_str())));
    // The key may also come in the body.
    let mut with_key = booking("Bruno Petit", 2);
    with_key["idempotency_key"] = json!("autre-cle-0123456789");
    let (status, _, waiting) = call("POST", path).json(with_key.clone()).send(&app).await;
    assert_eq!(status, 201);
    assert_eq!(
        (waiting["status"].as_str(), waiting["waiting_position"].as_i64(), waiting["rank"].as_i64()),
        (Some("waiting"), Some(1), Some(1))
    );
    assert_eq!(call("POST", path).json(with_key).send(&app).await.2["token"], waiting["token"]);
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.confirmed_seats, t.waiting_positions.clone(), t.active_bookings), (2, vec![1], 2));
    let (_, _, e) = call("GET", "/api/v1/events/api").send(&app).await;
    assert_eq!((e["registered"].as_i64(), e["waiting"].as_i64(), e["places_left"].as_i64()), (Some(2), Some(1), Some(0)));

    // Read and cancel by token: the waiting booking moves up.
    let (status, _, read) = call("GET", &format!("/api/v1/registrations/{token}")).send(&app).await;
    assert_eq!((status, read["event"]["slug"].as_str(), read["accessibility"].as_str()), (200, Some("api"), Some("Boucle magnétique")));
    let (status, _, cancelled) = call("DELETE", &format!("/api/v1/registrations/{token}")).send(&app).await;
    assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled")));
    let (_, _, promoted) = call("GET", &format!("/api/v1/registrations/{}", waiting["token"].as_str().unwrap())).send(&app).await;
    assert_eq!(promoted["status"], "confirmed");
    assert_eq!(call("DELETE", &format!("/api/v1/registrations/{token}")).send(&app).await.0, 200, "cancelling twice is harmless");
    assert_eq!(call("GET", "/api/v1/registrations/inconnu").send(&app).await.0, 404);
    assert_eq!(call("DELETE", "/api/v1/registrations/inconnu").send(&app).await.0, 404);

    // Bad input: 422 naming each field, in the caller's language; nothing written.
    let before = events::tally(&app.state.db, id).await.unwrap();
    let (status, _, err) = call("POST", path).json(json!({ "contact_name": "", "email": "pas-une-adresse", "seats": 11 })).send(&app).await;
    assert_eq!(status, 422);
    assert_eq!(fields(&err), vec!["contact_name", "email", "seats"]);
    assert_eq!(err["error"]["fields"][1]["message"], "Saisissez une adresse e-mail valable, par exemple nom@exemple.fr.");
    let (status, _, err) = call("POST", path)
        .header("accept-language", "en")
        .json(json!({ "contact_name": "Awa", "email": "a@exemple.fr", "seats": 3, "attendees": ["Awa", "Léo"] }))
        .send(&app)
        .await;
    assert_eq!((status, fields(&err)), (422, vec!["attendees[2]".to_string()]));
    assert_eq!(err["error"]["fields"][0]["message"], "Give this attendee's name (at most 100 characters).");
    let (status, _, err) = call("POST", path)
        .json(json!({ "contact_name": "Awa", "email": "a@exemple.fr", "seats": 1, "attendees": ["A", "B"] }))
        .send(&app)
        .await;
    assert_eq!((status, fields(&err)), (422, vec!["attendees".to_string()]));
    let (status, _, err) = call("POST", path).header("idempotency-key", "court").json(booking("Awa", 1)).send(&app).await;
    assert_eq!((status, fields(&err)), (422, vec!["idempotency_key".to_string()]));
    // Broken JSON, wrong types, unknown fields: 400 with the parser's detail.
    for raw in [
        "{",
        "\"texte\"",
        "{\"contact_name\": 3}",
        "{\"seats\": \"deux\"}",
        "{\"contact_name\": \"A\", \"email\": \"a@b.fr\", \"places\": 2}",
    ] {
        let r = crate::common::client().post(app.url(path)).header("content-type", "application/json").body(raw).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{raw}");
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["error"]["code"], "error-bad-json", "{raw}");
    }
    let r = crate::common::client().post(app.url(path)).body("contact_name=Awa").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400, "not JSON at all");
    assert_eq!(events::tally(&app.state.db, id).await.unwrap(), before, "nothing written");
    // Not open: 409; unknown event: 404.
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
    let (status, _, err) = call("POST", "/api/v1/events/passe/registrations").json(booking("Awa", 1)).send(&app).await;
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("events-registration-refused")));
    assert_eq!(call("POST", "/api/v1/events/inconnu/registrations").json(booking("Awa", 1)).send(&app).await.0, 404);
}

#[tokio::test]
async fn answers_are_checked_against_the_event_s_questions() {
    let app = TestApp::spawn().await;
    let id = event(&app, "questions", 10, None, 7).await;
    let db = &app.state.db;
    let app = &app;
    let ask = |label: &'static str, kind: &'static str, choices: &'static str, required: bool, show_if: Option<(i64, &'static str)>| async move {
        crate::common::add_question(app, id, label, kind, choices, required, show_if).await
    };
    let meal = ask("Repas", "choice", "Végétarien\nSans gluten\nStandard", true, None).await;
    let coming = ask("Venez-vous en voiture ?", "yesno", "", false, None).await;
    let plate = ask("Immatriculation", "text", "", true, Some((coming, "yes"))).await;
    let age = ask("Âge", "number", "", false, None).await;
    let day = ask("Date d’arrivée", "date", "", false, None).await;
    let (_, _, e) = call("GET", "/api/v1/events/questions").send(app).await;
    assert_eq!(e["questions"].as_array().unwrap().len(), 5);
    let path = "/api/v1/events/questions/registrations";
    let with = |answers: Value| {
        let mut b = booking("Awa Diallo", 1);
        b["answers"] = answers;
        b
    };
    // Required (and the conditional one once its condition holds), kinds, unknown questions.
    let (status, _, err) = call("POST", path)
        .json(with(json!({ coming.to_string(): true, age.to_string(): "vingt", day.to_string(): "31/12/2026", "999": "?" })))
        .send(app)
        .await;
    assert_eq!(status, 422);
    let mut got = fields(&err);
    got.sort();
    let mut want = vec![
        format!("answers.{meal}"),
        format!("answers.{plate}"),
        format!("answers.{age}"),
        format!("answers.{day}"),
        "answers.999".to_string(),
    ];
    want.sort();
    assert_eq!(got, want);
    let (status, _, err) = call("POST", path).json(with(json!({ meal.to_string(): "Poisson" }))).send(app).await;
    assert_eq!((status, fields(&err)), (422, vec![format!("answers.{meal}")]));
    assert_eq!(err["error"]["fields"][0]["message"], "Choisissez l’une des réponses proposées.");
    assert_eq!(events::tally(db, id).await.unwrap().active_bookings, 0);
    // Valid: stored and shown with the booking; a hidden question needs no answer.
    let answers = json!({ meal.to_string(): "Végétarien", coming.to_string(): "no", age.to_string(): 42, day.to_string(): "2026-12-31" });
    let (status, _, b) = call("POST", path).json(with(answers)).send(app).await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(
        b["answers"],
        json!({ meal.to_string(): "Végétarien", coming.to_string(): "no", age.to_string(): "42", day.to_string(): "2026-12-31" })
    );
}

#[tokio::test]
async fn the_booking_limit_per_address_applies_to_the_api() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let id = event(&app, "limite", 100, None, 7).await;
    let path = "/api/v1/events/limite/registrations";
    let mut first = String::new();
    for i in 0..20 {
        let key = format!("cle-limite-{i:04}-abcdef");
        if i == 0 {
            first = key.clone();
        }
        let (status, _, _) = call("POST", path)
            .header("x-forwarded-for", "198.51.100.7")
            .header("idempotency-key", &key)
            .json(booking(&format!("Groupe {i}"), 2))
            .send(&app)
            .await;
        assert_eq!(status, 201, "booking {i}");
    }
    let (status, headers, err) = call("POST", path)
        .header("x-forwarded-for", "198.51.100.7")
        .json(booking("Groupe Vingt", 1))
        .header("accept-language", "en")
        .send(&app)
        .await;
    assert_eq!(status, 429);
    assert_eq!(err["error"]["code"], "events-booking-rate-limited");
    assert!(err["error"]["message"].as_str().unwrap().starts_with("Too many registrations were made from this connection within an hour."));
    let wait: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&wait));
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().active_bookings, 20, "nothing written");
    // A retry of a booking already made answers as before; another address still books.
    let (status, _, _) = call("POST", path)
        .header("x-forwarded-for", "198.51.100.7")
        .header("idempotency-key", &first)
        .json(booking("Groupe 0", 2))
        .send(&app)
        .await;
    assert_eq!(status, 200);
    assert_eq!(call("POST", path).header("x-forwarded-for", "198.51.100.8").json(booking("Voisin", 1)).send(&app).await.0, 201);
}

#[tokio::test]
async fn organisers_write_events_and_read_registrations_under_their_rights() {
    let app = TestApp::spawn_demo().await;
    let editor = token_for(&app, "ed-lyon@test.example", Role::Editor, Some("lyon-metropole")).await;
    let other = token_for(&app, "ed-93@test.example", Role::Editor, Some("seine-saint-denis")).await;
    let member = token_for(&app, "m@test.example", Role::Member, Some("lyon-metropole")).await;
    let now = app.state.now();
    let at = |d: i64| essaim::core::api::rfc3339(now + d);
    let new_event = json!({ "title": "Forum de l’emploi", "club": "lyon-metropole", "starts_at": at(86_400 * 10), "ends_at": at(86_400 * 10 + 7200),
        "capacity": 2, "status": "published", "place_name": "Halle", "contact_email": "orga@exemple.fr" });
    // No token, a member, another club: refused; nothing created.
    assert_eq!(call("POST", "/api/v1/events").json(new_event.clone()).send(&app).await.0, 401);
    assert_eq!(call("POST", "/api/v1/events").token(&member).json(new_event.clone()).send(&app).await.0, 403);
    assert_eq!(call("POST", "/api/v1/events").token(&other).json(new_event.clone()).send(&app).await.0, 403);
    assert!(events::get_event_by_slug(&app.state.db, "forum-de-l-emploi").await.unwrap().is_none());
    let (status, headers, e) = call("POST", "/api/v1/events").token(&editor).json(new_event.clone()).send(&app).await;
    assert_eq!(status, 201, "{e}");
    let slug = e["slug"].as_str().unwrap().to_string();
    assert_eq!(headers["location"], format!("/api/v1/events/{slug}").as_str());
    assert_eq!(
        (e["capacity"].as_i64(), e["registration"].as_str(), e["club"]["slug"].as_str()),
        (Some(2), Some("open"), Some("lyon-metropole"))
    );
    let id = e["id"].as_i64().unwrap();
    // Invalid: 422 by field; the same slug again is taken; bad JSON is a 400.
    let (status, _, err) = call("POST", "/api/v1/events")
        .token(&editor)
        .json(json!({ "title": "", "starts_at": "demain", "ends_at": at(0), "capacity": -1, "club": "inconnu", "status": "archived" }))
        .send(&app)
        .await;
    assert_eq!(status, 422);
    assert_eq!(fields(&err), vec!["title", "starts_at", "capacity", "status", "club"]);
    let (status, _, err) = call("POST", "/api/v1/events")
        .token(&editor)
        .json(json!({ "title": "Forum", "slug": slug, "starts_at": at(100), "ends_at": at(50), "capacity": 1, "club": "lyon-metropole" }))
        .send(&app)
        .await;
    assert_eq!((status, fields(&err)), (422, vec!["slug".to_string(), "ends_at".to_string()]));
    assert_eq!(call("POST", "/api/v1/events").token(&editor).json(json!({ "title": "X", "capacite": 3 })).send(&app).await.0, 400);

    // Three people book two places: one waits.
    let reg = format!("/api/v1/events/{slug}/registrations");
    for name in ["Awa Diallo", "Bruno Petit", "Chloé Roux"] {
        assert_eq!(call("POST", &reg).json(booking(name, 1)).send(&app).await.0, 201);
    }
    // The capacity never goes below the confirmed seats: 409 with a clear message, nothing changed.
    let (status, _, err) =
        call("PATCH", &format!("/api/v1/events/{id}")).token(&editor).json(json!({ "capacity": 1, "title": "Renommé" })).send(&app).await;
    assert_eq!(status, 409);
    assert_eq!(
        err["error"]["message"],
        "La capacité ne peut pas descendre sous le nombre de places déjà confirmées. Annulez d’abord des inscriptions."
    );
    let stored = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((stored.capacity, stored.title.as_str()), (2, "Forum de l’emploi"));
    // Others may not change it; the organiser raises it (by slug) and the waiting person is confirmed.
    assert_eq!(call("PATCH", &format!("/api/v1/events/{slug}")).token(&other).json(json!({ "capacity": 5 })).send(&app).await.0, 403);
    assert_eq!(call("PATCH", &format!("/api/v1/events/{slug}")).json(json!({ "capacity": 5 })).send(&app).await.0, 401);
    let (status, _, e) = call("PATCH", &format!("/api/v1/events/{slug}"))
        .token(&editor)
        .json(json!({ "capacity": 5, "title": "Forum de l’emploi 2027" }))
        .send(&app)
        .await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(
        (e["capacity"].as_i64(), e["registered"].as_i64(), e["waiting"].as_i64(), e["title"].as_str()),
        (Some(5), Some(3), Some(0), Some("Forum de l’emploi 2027"))
    );
    let (status, _, err) =
        call("PATCH", &format!("/api/v1/events/{slug}")).token(&editor).json(json!({ "capacity": "beaucoup" })).send(&app).await;
    assert_eq!((status, err["error"]["code"].as_str()), (400, Some("error-bad-json")));
    let (status, _, err) = call("PATCH", &format!("/api/v1/events/{slug}"))
        .token(&editor)
        .json(json!({ "status": "archived", "title": " " }))
        .send(&app)
        .await;
    assert_eq!((status, fields(&err)), (422, vec!["title".to_string(), "status".to_string()]));
    assert_eq!(call("PATCH", "/api/v1/events/inconnu").token(&editor).json(json!({ "capacity": 5 })).send(&app).await.0, 404);

    // The registrations, for organisers only.
    assert_eq!(call("GET", &reg).send(&app).await.0, 401);
    assert_eq!(call("GET", &reg).token(&other).send(&app).await.0, 403);
    assert_eq!(call("GET", &reg).token(&member).send(&app).await.0, 403);
    let (status, _, list) = call("GET", &format!("{reg}?per_page=2")).token(&editor).send(&app).await;
    assert_eq!(status, 200);
    assert_eq!(list["meta"]["total"], 3);
    let names: Vec<&str> = list["data"].as_array().unwrap().iter().map(|r| r["contact_name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Awa Diallo", "Bruno Petit"]);
    assert_eq!(list["data"][0]["status"], "confirmed");
    assert!(list["data"][0].get("token").is_none(), "a booking's personal key is not shown to organisers");
    assert_eq!(
        (list["data"][0]["attendees"].clone(), list["data"][1]["attendees"].clone()),
        (json!(["Awa Diallo"]), json!(["Bruno Petit"]))
    );
    assert_eq!(list["data"][0]["answers"], json!({}));
    let (_, _, second) = call("GET", &format!("{reg}?per_page=2&page=2")).token(&editor).send(&app).await;
    assert_eq!(second["data"].as_array().unwrap().len(), 1);
    assert_eq!(second["data"][0]["attendees"], json!(["Chloé Roux"]), "each page carries its own people");
    assert_eq!(call("GET", &format!("{reg}?page=0")).token(&editor).send(&app).await.0, 422);
}

#[tokio::test]
async fn every_events_path_answers_as_the_openapi_document_says() {
    let app = TestApp::spawn().await;
    let (status, _, doc) = call("GET", "/api/v1/openapi.json").send(&app).await;
    assert_eq!(status, 200);
    let endpoints = essaim::modules::events::api::endpoints();
    assert_eq!(endpoints.len(), 8);
    for e in &endpoints {
        let op = &doc["paths"][e.path][e.method];
        assert!(op["summary"].is_string(), "{} {} is described", e.method, e.path);
        for r in op["responses"].as_object().unwrap().values() {
            if let Some(schema) = r["content"]["application/json"]["schema"]["$ref"].as_str() {
                let name = schema.rsplit('/').next().unwrap();
                assert!(doc["components"]["schemas"][name].is_object(), "{name} is defined");
            }
        }
        if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str() {
            assert!(doc["components"]["schemas"][schema.rsplit('/').next().unwrap()].is_object());
        }
        // The route answers with a status the document lists (a JSON error), never a 5xx.
        let path = e.path.replace("{slug}", "x").replace("{token}", "x");
        let mut c = call(&e.method.to_uppercase(), &path);
        if matches!(e.method, "post" | "patch") {
            c = c.json(json!({}));
        }
        let (status, _, body) = c.send(&app).await;
        assert!(op["responses"].get(status.to_string()).is_some(), "{} {} answered {status}, not in its responses", e.method, e.path);
        if status >= 400 {
            assert!(body["error"]["message"].is_string(), "{} {}: a JSON error", e.method, e.path);
        }
    }
    // Anonymous operations say so; the others need a token.
    assert_eq!(doc["paths"]["/api/v1/events/{slug}/registrations"]["post"]["security"], json!([]));
    assert_eq!(doc["paths"]["/api/v1/events/{slug}/registrations"]["get"]["security"][0]["bearer"], json!([]));
    assert_eq!(doc["paths"]["/api/v1/events/{slug}"]["patch"]["security"][0]["bearer"], json!([]));
    assert_eq!(doc["paths"]["/api/v1/registrations/{token}"]["delete"]["security"], json!([]));
}

/// A rush through the booking queue: 30 bookings at once from one address get exactly 20
/// bookings and 10 refusals (the limit is counted in each booking's own savepoint), and 10
/// requests at once with one idempotency key book once and all answer with that booking.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rush_counts_the_limit_and_the_key_exactly() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let id = event(&app, "ruee", 100, None, 7).await;
    let url = app.url("/api/v1/events/ruee/registrations");
    let mut set = tokio::task::JoinSet::new();
    for i in 0..30 {
        let (url, body) = (url.clone(), booking(&format!("Classe {i}"), 1));
        set.spawn(async move {
            crate::common::client().post(url).header("x-forwarded-for", "198.51.100.9").json(&body).send().await.unwrap().status().as_u16()
        });
    }
    let mut statuses = set.join_all().await;
    statuses.sort_unstable();
    assert_eq!(statuses, [[201; 20].as_slice(), [429; 10].as_slice()].concat());
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().active_bookings, 20, "nothing written for the refused ones");

    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (url, body) = (url.clone(), booking("Famille", 2));
        set.spawn(async move {
            let r = crate::common::client()
                .post(url)
                .header("x-forwarded-for", "198.51.100.10")
                .header("idempotency-key", "cle-de-la-ruee-0123456789")
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let b: Value = r.json().await.unwrap();
            (status, b["token"].as_str().unwrap_or_default().to_string())
        });
    }
    let answers = set.join_all().await;
    let created: Vec<_> = answers.iter().filter(|(s, _)| *s == 201).collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    assert!(answers.iter().all(|(s, t)| (*s == 201 || *s == 200) && *t == created[0].1), "{answers:?}");
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().active_bookings, 21);
}
