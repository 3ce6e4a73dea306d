//! Registration details: the organiser's questions (by kind, on a condition), the
//! registrant's language in every e-mail, accessibility needs sent to the organiser,
//! workshops with their own capacity, changing a booking and cancelling one attendee, and
//! reminders; bookings made together (the group commit). SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, extract_csrf};
use essaim::modules::events::{self, EventInput, Slot};
use sqlx::Row;

const FR_DATE: &str = "2026-12-31";

/// A published event starting in a week.
async fn event_with(app: &TestApp, slug: &str, capacity: i64, tweak: impl FnOnce(&mut EventInput)) -> i64 {
    let now = app.state.now();
    let mut input = EventInput {
        slug: slug.into(),
        title: format!("Rencontre {slug}"),
        summary: "Une rencontre".into(),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 8 * 3600,
        place_name: "Maison des associations".into(),
        address: "8 rue du Général Renault, 75011 Paris".into(),
        capacity,
        status: "published".into(),
        ..Default::default()
    };
    tweak(&mut input);
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

async fn event(app: &TestApp, slug: &str, capacity: i64) -> i64 {
    event_with(app, slug, capacity, |_| {}).await
}

/// Add a question to the event's form (the organiser's back office saves the same); the
/// position is the order of the calls.
#[allow(clippy::too_many_arguments)]
async fn question(
    app: &TestApp,
    event_id: i64,
    _position: i64,
    label: &str,
    kind: &str,
    choices: &str,
    required: bool,
    show_if: Option<(i64, &str)>,
) -> i64 {
    crate::common::add_question(app, event_id, label, kind, choices, required, show_if).await
}

/// A workshop: a slot of the programme with a capacity; `from`/`to` in minutes after the start.
async fn workshop(app: &TestApp, event_id: i64, title: &str, from: i64, to: i64, capacity: i64) -> i64 {
    let e = events::get_event(&app.state.db, event_id).await.unwrap().unwrap();
    let slot = Slot {
        starts_at: e.starts_at + from * 60,
        ends_at: e.starts_at + to * 60,
        title: title.into(),
        kind: "workshop".into(),
        ..Default::default()
    };
    let id = events::add_slot(&app.state.db, event_id, &slot).await.unwrap();
    events::set_slot_capacity(&app.state.db, id, Some(capacity)).await.unwrap();
    id
}

async fn form_tokens(app: &TestApp, client: &reqwest::Client, slug: &str) -> (String, String) {
    let page = client.get(app.url(&format!("/evenements/{slug}"))).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).expect("csrf");
    let i = page.find("name=\"key\" value=\"").expect("idempotency key") + "name=\"key\" value=\"".len();
    (csrf, page[i..i + page[i..].find('"').unwrap()].to_string())
}

/// Send the registration form for `name` (one seat per name in `names`) with extra fields;
/// returns the status, the token (on success) and the page (on errors).
async fn register(app: &TestApp, client: &reqwest::Client, slug: &str, names: &[&str], extra: &[(&str, &str)]) -> (u16, String, String) {
    let (csrf, key) = form_tokens(app, client, slug).await;
    let seats = names.len().to_string();
    let email = format!("{}@exemple.fr", names[0].to_lowercase().replace(' ', "."));
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("contact_name", names[0]),
        ("email", email.as_str()),
        ("seats", seats.as_str()),
    ];
    form.extend(names.iter().map(|n| ("attendee", *n)));
    form.extend_from_slice(extra);
    let r = client.post(app.url(&format!("/evenements/{slug}"))).form(&form).send().await.unwrap();
    let status = r.status().as_u16();
    let token = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .and_then(|l| l.strip_prefix("/evenements/inscription/"))
        .unwrap_or_default()
        .to_string();
    (status, token, r.text().await.unwrap_or_default())
}

fn english() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept-language", "en-GB,en;q=0.9".parse().unwrap());
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).default_headers(headers).build().unwrap()
}

async fn registrations(app: &TestApp, event_id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

async fn registration_id(app: &TestApp, token: &str) -> i64 {
    events::get_booking(&app.state, token).await.unwrap().unwrap().id
}

async fn answers_of(app: &TestApp, token: &str) -> Vec<(i64, String)> {
    events::booking_details(&app.state.db, registration_id(app, token).await).await.unwrap().0
}

/// The queued e-mails: (dedup key, to, subject, text), in order.
async fn mails(app: &TestApp) -> Vec<(String, String, String, String)> {
    sqlx::query("SELECT dedup_key, to_address, subject, text_body FROM mail_outbox ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
}

async fn slot_registered(app: &TestApp, slot_id: i64) -> i64 {
    sqlx::query_scalar("SELECT registered FROM event_slots WHERE id = $1").bind(slot_id).fetch_one(app.state.db.pool()).await.unwrap()
}

async fn booking_csrf(app: &TestApp, token: &str) -> String {
    let (status, page) = app.get_text(&format!("/evenements/inscription/{token}")).await;
    assert_eq!(status, 200);
    extract_csrf(&page).unwrap()
}

#[tokio::test]
async fn questions_are_asked_checked_by_kind_and_stored_with_the_booking() {
    let app = TestApp::spawn().await;
    let id = event(&app, "questions", 20).await;
    let child = question(&app, id, 1, "Venez-vous avec un enfant ?", "yesno", "", true, None).await;
    let age = question(&app, id, 2, "Âge de l’enfant", "number", "", true, Some((child, "oui"))).await;
    let meal = question(&app, id, 3, "Repas", "choice", "Végétarien\nSans gluten", false, None).await;
    let arrival = question(&app, id, 4, "Date d’arrivée", "date", "", false, None).await;
    let (q_child, q_age, q_meal, q_arrival) = (format!("q-{child}"), format!("q-{age}"), format!("q-{meal}"), format!("q-{arrival}"));

    let (status, page) = app.get_text("/evenements/questions").await;
    assert_eq!(status, 200);
    for text in [
        "Venez-vous avec un enfant ?",
        "Âge de l’enfant",
        "Repas (facultatif)",
        "Seulement si vous avez répondu « Oui » à « Venez-vous avec un enfant ? ».",
    ] {
        assert!(page.contains(text), "{text}");
    }
    assert!(page.contains(&format!("data-show-if=\"{q_child}\" data-show-value=\"yes\"")));
    assert!(page.contains(&"<legend>Venez-vous avec un enfant ?</legend>".to_string()), "a yes/no question is a group of radios");

    // Every kind is checked; the answers are kept and explained; nothing is written.
    let client = crate::common::client();
    let bad = [(q_child.as_str(), "yes"), (q_age.as_str(), "douze"), (q_meal.as_str(), "Vegan"), (q_arrival.as_str(), "2026-02-30")];
    let (status, _, page) = register(&app, &client, "questions", &["Awa Diallo"], &bad).await;
    assert_eq!(status, 422);
    for text in [
        "Indiquez un nombre",
        "Choisissez l’une des réponses proposées.",
        "Indiquez une date qui existe",
        "Âge de l’enfant : Indiquez un nombre",
    ] {
        assert!(page.contains(text), "{text}");
    }
    assert!(page.contains("value=\"douze\"") && page.contains("value=\"2026-02-30\""), "what was typed is kept");
    assert!(page.contains("value=\"yes\" checked"));
    assert!(page.contains(&format!("href=\"#reg-{q_age}\"")), "the summary links to the field");
    assert_eq!(registrations(&app, id).await, 0);

    // The conditional question is required only when shown.
    let (status, _, page) = register(&app, &client, "questions", &["Awa Diallo"], &[(q_child.as_str(), "yes")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("Répondez à cette question."));
    let (status, _, page) = register(&app, &client, "questions", &["Awa Diallo"], &[]).await;
    assert_eq!(status, 422, "the yes/no question is required");
    assert!(page.contains(&format!("id=\"reg-{q_child}-error\"")));

    // Hidden: not required and not stored, even when something was sent.
    let (status, token, _) =
        register(&app, &client, "questions", &["Awa Diallo"], &[(q_child.as_str(), "no"), (q_age.as_str(), "douze")]).await;
    assert_eq!(status, 303);
    assert_eq!(answers_of(&app, &token).await, vec![(child, "no".to_string())]);

    // Shown and valid: stored, normalised.
    let good = [(q_child.as_str(), "yes"), (q_age.as_str(), "7"), (q_meal.as_str(), "Sans gluten"), (q_arrival.as_str(), FR_DATE)];
    let (status, token, _) = register(&app, &client, "questions", &["Léo Martin"], &good).await;
    assert_eq!(status, 303);
    assert_eq!(
        answers_of(&app, &token).await,
        vec![(child, "yes".into()), (age, "7".into()), (meal, "Sans gluten".into()), (arrival, FR_DATE.into())]
    );
    let page = app.get_text(&format!("/evenements/inscription/{token}")).await.1;
    assert!(page.contains("Sans gluten") && page.contains("<dd>Oui</dd>"), "the personal page shows the answers");
}

#[tokio::test]
async fn e_mails_follow_the_language_of_the_registration() {
    let app = TestApp::spawn().await;
    let id = event(&app, "langues", 1).await;
    let (status, en_token, _) = register(&app, &english(), "langues", &["Emma Smith"], &[]).await;
    assert_eq!(status, 303);
    let (status, fr_token, _) = register(&app, &crate::common::client(), "langues", &["Chloé Petit"], &[]).await;
    assert_eq!(status, 303);
    let lang: Vec<String> = sqlx::query_scalar("SELECT lang FROM registrations WHERE event_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(lang, vec!["en", "fr"]);

    let m = mails(&app).await;
    assert_eq!(m.len(), 2);
    let (_, to, subject, text) = &m[0];
    assert_eq!(to, "emma.smith@exemple.fr");
    assert_eq!(subject, "Booking confirmed: Rencontre langues");
    assert!(text.starts_with("Hello Emma Smith,") && text.contains("Your booking is confirmed (1 place)."), "{text}");
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    let en_date = app.state.tr(essaim::core::i18n::Locale::En).datetime(e.starts_at);
    assert!(text.contains(&format!("On {en_date}")) && en_date.contains(" at "), "{text}");
    let (_, _, subject, text) = &m[1];
    assert_eq!(subject, "Liste d’attente : Rencontre langues");
    assert!(text.starts_with("Bonjour Chloé Petit,") && text.contains("en position 1"), "{text}");
    let fr_date = app.state.tr(essaim::core::i18n::Locale::Fr).datetime(e.starts_at);
    assert!(text.contains(&format!("Le {fr_date}")), "{text}");

    // The English booking is cancelled: cancellation in English, promotion in French.
    assert!(events::cancel(&app.state, &en_token, app.state.now()).await.unwrap());
    let m = mails(&app).await;
    assert_eq!(m.len(), 4);
    assert_eq!(m[2].2, "Booking cancelled: Rencontre langues");
    assert_eq!(m[3].2, "Une place s’est libérée : Rencontre langues");
    assert!(m[3].3.contains(&format!("/evenements/inscription/{fr_token}")));
}

#[tokio::test]
async fn accessibility_needs_are_sent_to_the_organiser_in_the_same_transaction() {
    let app = TestApp::spawn().await;
    let id = event_with(&app, "accueil", 10, |e| e.contact_email = "orga@exemple.fr".into()).await;
    let page = app.get_text("/evenements/accueil").await.1;
    assert!(page.contains("Ils leur sont envoyés par e-mail"));
    let client = crate::common::client();
    let (status, _, _) =
        register(&app, &client, "accueil", &["Awa Diallo"], &[("accessibility", "Fauteuil roulant, place près de l’entrée")]).await;
    assert_eq!(status, 303);
    let (status, _, _) = register(&app, &client, "accueil", &["Léo Martin"], &[]).await;
    assert_eq!(status, 303);
    let m = mails(&app).await;
    let to_orga: Vec<_> = m.iter().filter(|(_, to, _, _)| to == "orga@exemple.fr").collect();
    assert_eq!(to_orga.len(), 1, "one message, only for the booking with needs");
    let (key, _, subject, text) = to_orga[0];
    assert!(key.ends_with(":accessibility"));
    assert!(subject.contains("Awa Diallo"));
    assert!(text.contains("Fauteuil roulant, place près de l’entrée") && text.contains("Awa Diallo (awa.diallo@exemple.fr)"), "{text}");
    assert!(text.contains(&format!("http://essaim.test/admin/evenements/{id}/inscriptions")), "{text}");

    // No organiser address and no club: nobody is e-mailed, and the form says who reads them.
    event(&app, "sans-contact", 10).await;
    let page = app.get_text("/evenements/sans-contact").await.1;
    assert!(page.contains("Ils les lisent dans la liste des inscriptions."));
    let before = mails(&app).await.len();
    let (status, _, _) = register(&app, &client, "sans-contact", &["Zoé Bernard"], &[("accessibility", "Boucle magnétique")]).await;
    assert_eq!(status, 303);
    assert_eq!(mails(&app).await.len(), before + 1, "only the confirmation");

    // The club's address is the fallback.
    let club: i64 = sqlx::query_scalar(
        "INSERT INTO clubs (slug, name, email, created_at) VALUES ('lille', 'Club de Lille', 'lille@exemple.fr', 0) RETURNING id",
    )
    .fetch_one(app.state.db.writer())
    .await
    .unwrap();
    event_with(&app, "club", 10, |e| e.club_id = Some(club)).await;
    let (status, _, _) = register(&app, &client, "club", &["Inès Roux"], &[("accessibility", "Interprète LSF")]).await;
    assert_eq!(status, 303);
    assert!(mails(&app).await.iter().any(|(_, to, _, text)| to == "lille@exemple.fr" && text.contains("Interprète LSF")));
}

#[tokio::test]
async fn workshops_have_their_own_capacity_and_a_full_one_refuses_the_whole_booking() {
    let app = TestApp::spawn().await;
    let id = event(&app, "ateliers", 20).await;
    let a = workshop(&app, id, "Atelier CV", 60, 120, 2).await;
    let b = workshop(&app, id, "Atelier entretien", 90, 150, 5).await;
    let c = workshop(&app, id, "Atelier réseau", 240, 300, 5).await;
    let (a_s, b_s, c_s) = (a.to_string(), b.to_string(), c.to_string());
    let page = app.get_text("/evenements/ateliers").await.1;
    assert!(page.contains("Atelier CV") && page.contains("2 places restantes"));
    let client = crate::common::client();

    // Two workshops at the same time.
    let (status, _, page) = register(&app, &client, "ateliers", &["Awa Diallo"], &[("workshop", &a_s), ("workshop", &b_s)]).await;
    assert_eq!(status, 422);
    assert!(page.contains("ont lieu en même temps"));
    assert_eq!(registrations(&app, id).await, 0);

    // Two seats take the two places of the first workshop.
    let (status, first, _) =
        register(&app, &client, "ateliers", &["Awa Diallo", "Léo Diallo"], &[("workshop", &a_s), ("workshop", &c_s)]).await;
    assert_eq!(status, 303);
    assert_eq!((slot_registered(&app, a).await, slot_registered(&app, c).await), (2, 2));

    // Full: the whole booking is refused at that field, the form kept, nothing written.
    let (status, _, page) = register(&app, &client, "ateliers", &["Zoé Bernard"], &[("workshop", &c_s), ("workshop", &a_s)]).await;
    assert_eq!(status, 422);
    assert!(page.contains("n’a plus assez de places") && page.contains("href=\"#reg-workshops\""));
    assert!(page.contains(&format!("value=\"{c_s}\" aria-describedby=\"reg-workshop-{c}-places\" checked")), "the choice is kept");
    assert_eq!(registrations(&app, id).await, 1);
    assert_eq!(slot_registered(&app, c).await, 2, "the other workshop's seats were given back");
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().counter, 2);

    // Cancelling frees the workshop.
    assert!(events::cancel(&app.state, &first, app.state.now()).await.unwrap());
    assert_eq!((slot_registered(&app, a).await, slot_registered(&app, c).await), (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_bookings_never_exceed_a_workshop() {
    // Each person from their own address (behind a trusted proxy): the booking limit per
    // address is not what this race is about.
    let app = TestApp::spawn_with(crate::common::Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let id = event(&app, "course", 100).await;
    let w = workshop(&app, id, "Atelier très demandé", 0, 60, 3).await;
    let w_s = w.to_string();
    let mut tasks = vec![];
    for i in 0..24 {
        let url = app.url("/evenements/course");
        let w_s = w_s.clone();
        // Each person with their own client: the page that gave the token set its cookie.
        let client = crate::common::client();
        let (csrf, key) = form_tokens(&app, &client, "course").await;
        tasks.push(tokio::spawn(async move {
            let name = format!("Personne {i}");
            let email = format!("p{i}@exemple.fr");
            let form = [
                ("csrf", csrf.as_str()),
                ("key", key.as_str()),
                ("contact_name", name.as_str()),
                ("email", email.as_str()),
                ("seats", "1"),
                ("workshop", w_s.as_str()),
            ];
            client.post(url).header("x-forwarded-for", format!("10.2.0.{}", i + 1)).form(&form).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = vec![];
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 3, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 21, "{statuses:?}");
    assert_eq!(slot_registered(&app, w).await, 3);
    let booked: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(seats), 0) AS BIGINT) FROM slot_bookings WHERE slot_id = $1")
        .bind(w)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(booked, 3);
    assert_eq!(registrations(&app, id).await, 3);
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().counter, 3);
}

#[tokio::test]
async fn a_booking_is_changed_and_one_attendee_cancelled_from_the_personal_page() {
    let app = TestApp::spawn().await;
    let id = event(&app, "modifier", 3).await;
    let meal = question(&app, id, 1, "Repas", "choice", "Végétarien\nSans gluten", true, None).await;
    let q_meal = format!("q-{meal}");
    let w = workshop(&app, id, "Atelier", 0, 60, 10).await;
    let w_s = w.to_string();
    let client = crate::common::client();
    let (status, token, _) = register(
        &app,
        &client,
        "modifier",
        &["Awa Diallo", "Léo Diallo", "Inès Diallo"],
        &[(q_meal.as_str(), "Végétarien"), ("workshop", &w_s)],
    )
    .await;
    assert_eq!(status, 303);
    let (status, waiting, _) = register(&app, &client, "modifier", &["Zoé Bernard"], &[(q_meal.as_str(), "Végétarien")]).await;
    assert_eq!(status, 303);
    assert_eq!(events::get_booking(&app.state, &waiting).await.unwrap().unwrap().status, "waiting");

    let rid = registration_id(&app, &token).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM attendees WHERE registration_id = $1 ORDER BY position")
        .bind(rid)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    let csrf = booking_csrf(&app, &token).await;
    let change_url = format!("/evenements/inscription/{token}/modifier");
    let (n0, n1, n2) = (format!("name-{}", ids[0]), format!("name-{}", ids[1]), format!("name-{}", ids[2]));

    // A blank name and a wrong answer: 422, what was typed kept, nothing changed.
    let form =
        [("csrf", csrf.as_str()), (n0.as_str(), "Awa Diallo"), (n1.as_str(), ""), (n2.as_str(), "Inès D."), (q_meal.as_str(), "Vegan")];
    let r = app.post_form(&change_url, &form).await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("value=\"Inès D.\"") && page.contains("Indiquez le nom de ce participant") && page.contains("Repas : Choisissez")
    );
    assert_eq!(answers_of(&app, &token).await, vec![(meal, "Végétarien".to_string())]);

    // A good change: names and answers; a "booking changed" e-mail.
    let form = [
        ("csrf", csrf.as_str()),
        (n0.as_str(), "Awa Diallo"),
        (n1.as_str(), "Léo Diallo-Sy"),
        (n2.as_str(), "Inès Diallo"),
        (q_meal.as_str(), "Sans gluten"),
    ];
    let r = app.post_form(&change_url, &form).await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers().get("location").unwrap().to_str().unwrap().to_string();
    let page = app.get_text(&location).await.1;
    assert!(page.contains("Votre inscription est modifiée."));
    let b = events::get_booking(&app.state, &token).await.unwrap().unwrap();
    assert_eq!(b.attendees, vec!["Awa Diallo", "Léo Diallo-Sy", "Inès Diallo"]);
    assert_eq!(answers_of(&app, &token).await, vec![(meal, "Sans gluten".to_string())]);
    assert!(
        mails(&app)
            .await
            .iter()
            .any(|(k, _, s, _)| k.starts_with(&format!("registration:{rid}:changed:")) && s == "Inscription modifiée : Rencontre modifier")
    );

    // Cancel one attendee: one seat freed (event and workshop), the waiting list promoted.
    let r = app
        .post_form(&format!("/evenements/inscription/{token}/retirer"), &[("csrf", csrf.as_str()), ("attendee", &ids[1].to_string())])
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let b = events::get_booking(&app.state, &token).await.unwrap().unwrap();
    assert_eq!((b.seats, b.status.as_str()), (2, "confirmed"));
    assert_eq!(b.attendees, vec!["Awa Diallo", "Inès Diallo"]);
    assert_eq!(slot_registered(&app, w).await, 2);
    assert_eq!(events::get_booking(&app.state, &waiting).await.unwrap().unwrap().status, "confirmed", "the waiting list moved");
    let tally = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((tally.counter, tally.confirmed_seats), (3, 3));
    let m = mails(&app).await;
    assert!(m.iter().any(|(_, _, _, text)| text.contains("elle compte maintenant 2 places")));
    assert!(m.iter().any(|(k, to, _, _)| to == "zoé.bernard@exemple.fr" && k.ends_with(":promoted")));
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());

    // Down to the last attendee: that cancels the whole booking.
    let r = app
        .post_form(&format!("/evenements/inscription/{token}/retirer"), &[("csrf", csrf.as_str()), ("attendee", &ids[0].to_string())])
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = app
        .post_form(&format!("/evenements/inscription/{token}/retirer"), &[("csrf", csrf.as_str()), ("attendee", &ids[2].to_string())])
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let b = events::get_booking(&app.state, &token).await.unwrap().unwrap();
    assert_eq!((b.seats, b.status.as_str()), (1, "cancelled"));
    assert_eq!(slot_registered(&app, w).await, 0);
    assert_eq!(events::tally(&app.state.db, id).await.unwrap().counter, 1);
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());

    // Without the CSRF token: refused.
    let r = app.post_form(&format!("/evenements/inscription/{waiting}/modifier"), &[("csrf", "faux")]).await;
    assert_eq!(r.status().as_u16(), 400);
}

#[tokio::test]
async fn reminders_go_once_to_confirmed_bookings_in_their_language() {
    let app = TestApp::spawn().await;
    let id = event_with(&app, "rappel", 2, |e| e.reminder_hours = 48).await;
    event_with(&app, "sans-rappel", 5, |e| e.reminder_hours = 0).await;
    let (_, fr, _) = register(&app, &crate::common::client(), "rappel", &["Awa Diallo"], &[]).await;
    let (_, en, _) = register(&app, &english(), "rappel", &["Emma Smith"], &[]).await;
    let (_, waiting, _) = register(&app, &crate::common::client(), "rappel", &["Zoé Bernard"], &[]).await;
    let (status, _, _) = register(&app, &crate::common::client(), "sans-rappel", &["Léo Martin"], &[]).await;
    assert_eq!(status, 303);
    let reminders =
        |m: Vec<(String, String, String, String)>| m.into_iter().filter(|(k, _, _, _)| k.ends_with(":reminder")).collect::<Vec<_>>();

    events::send_reminders(&app.state).await.unwrap();
    assert!(reminders(mails(&app).await).is_empty(), "too early");

    let starts = events::get_event(&app.state.db, id).await.unwrap().unwrap().starts_at;
    app.state.clock.set(starts - 47 * 3600);
    events::send_reminders(&app.state).await.unwrap();
    events::send_reminders(&app.state).await.unwrap();
    let r = reminders(mails(&app).await);
    assert_eq!(r.len(), 2, "once per confirmed booking, none for the waiting one or the event without reminders: {r:?}");
    let fr_mail = r.iter().find(|(_, to, _, _)| to == "awa.diallo@exemple.fr").unwrap();
    assert_eq!(fr_mail.2, "Rappel : Rencontre rappel");
    assert!(
        fr_mail.3.contains(&format!("http://essaim.test/evenements/inscription/{fr}/billet"))
            && fr_mail.3.contains(&format!("/evenements/inscription/{fr}\n"))
    );
    let en_mail = r.iter().find(|(_, to, _, _)| to == "emma.smith@exemple.fr").unwrap();
    assert_eq!(en_mail.2, "Reminder: Rencontre rappel");
    assert!(en_mail.3.contains("See you soon") && en_mail.3.contains(&format!("/evenements/inscription/{en}/billet")));
    let reminded: Option<i64> = sqlx::query_scalar("SELECT reminded_at FROM registrations WHERE id = $1")
        .bind(registration_id(&app, &fr).await)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(reminded, Some(starts - 47 * 3600));
    let not: Option<i64> = sqlx::query_scalar("SELECT reminded_at FROM registrations WHERE id = $1")
        .bind(registration_id(&app, &waiting).await)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(not, None);

    // Once the event has started, no more reminders.
    app.state.clock.set(starts + 60);
    events::send_reminders(&app.state).await.unwrap();
    assert_eq!(reminders(mails(&app).await).len(), 2);
}

fn party(name: &str, seats: i64) -> events::NewBooking {
    events::NewBooking {
        idempotency_key: essaim::core::auth::random_token(),
        contact_name: name.into(),
        email: format!("{}@exemple.fr", name.to_lowercase()),
        seats,
        attendees: (0..seats).map(|i| format!("{name} {i}")).collect(),
        ..Default::default()
    }
}

/// Bookings made together (the booking queue's group commit: one transaction, a savepoint
/// each): one that fails in the database leaves no trace and undoes none of the others, the
/// same idempotency key twice in one group books once, and the waiting list stays in order
/// and without gaps.
#[tokio::test]
async fn a_failing_booking_in_a_group_undoes_nothing_of_the_others() {
    let app = TestApp::spawn().await;
    let id = event(&app, "groupe", 3).await;
    let awa = party("Awa", 2);
    // Eleven seats: refused by the table's CHECK (the form and the API never send it), after
    // the booking has taken its waiting number.
    let broken = party("Trop", 11);
    let group = [(id, awa.clone()), (id, broken), (id, party("Bruno", 2)), (id, awa.clone()), (id, party("Chloe", 1))];
    let results = events::book_together(&app.state, &group, app.state.now()).await.unwrap();
    assert_eq!(results.len(), 5);
    let made = |i: usize| match &results[i] {
        Ok(events::Booked::New(b)) => (b.token.clone(), b.status.clone(), b.waiting_position, b.rank),
        other => panic!("booking {i}: {other:?}"),
    };
    let (awa_token, status, _, _) = made(0);
    assert_eq!(status, "confirmed");
    assert!(results[1].is_err(), "the broken booking answers its error");
    assert_eq!(
        (made(2).1.as_str(), made(2).2, made(2).3),
        ("waiting", Some(1), Some(1)),
        "the number the broken booking took is given back"
    );
    match &results[3] {
        Ok(events::Booked::Again { token, outcome }) => assert_eq!((token, *outcome), (&awa_token, events::Outcome::Confirmed)),
        other => panic!("the same key again: {other:?}"),
    }
    assert_eq!((made(4).1.as_str(), made(4).2, made(4).3), ("waiting", Some(2), Some(2)), "one seat is left, but someone waits");
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats, t.waiting_positions, t.active_bookings), (2, 2, vec![1, 2], 3));
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
    assert_eq!(registrations(&app, id).await, 3, "nothing of the broken booking is stored");
    let attendees: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attendees").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(attendees, 5);
    let recipients: Vec<String> = mails(&app).await.into_iter().map(|m| m.1).collect();
    assert_eq!(recipients, ["awa@exemple.fr", "bruno@exemple.fr", "chloe@exemple.fr"], "one e-mail per booking made, none for the others");
}

/// The same through the booking queue, which first applies a group without savepoints: a
/// broken booking among twenty sent at once fails alone (the group runs again with
/// savepoints), the nineteen others are made, in order and without gaps.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_booking_in_the_queue_fails_alone() {
    let app = TestApp::spawn().await;
    let id = event(&app, "file", 5).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..20 {
        let state = app.state.clone();
        let booking = party(&format!("Personne{i}"), if i == 7 { 11 } else { 1 });
        set.spawn(async move { (i, events::register(&state, id, &booking, state.now()).await.map(|(_, outcome)| outcome)) });
    }
    let mut results = set.join_all().await;
    results.sort_by_key(|(i, _)| *i);
    for (i, result) in &results {
        assert_eq!(result.is_err(), *i == 7, "booking {i}: {result:?}");
    }
    let confirmed = results.iter().filter(|(_, r)| matches!(r, Ok(events::Outcome::Confirmed))).count();
    assert_eq!(confirmed, 5);
    let t = events::tally(&app.state.db, id).await.unwrap();
    assert_eq!((t.counter, t.confirmed_seats, t.waiting_positions, t.active_bookings), (5, 5, (1..=14).collect::<Vec<_>>(), 19));
    assert!(events::check_counters(&app.state.db).await.unwrap().is_empty());
    assert_eq!(mails(&app).await.len(), 19);
}

#[tokio::test]
async fn an_edit_after_answers_makes_a_new_version_of_the_form_and_the_answers_keep_theirs() {
    use essaim::core::forms::store;
    let app = TestApp::spawn().await;
    let id = event(&app, "versions", 10).await;
    let meal = question(&app, id, 1, "Repas", "choice", "Végétarien\nSans gluten", true, None).await;
    let owner = events::questions::owner(id);
    // Before any answer, an edit replaces the version.
    let _ = question(&app, id, 2, "Remarque", "text", "", false, None).await;
    assert_eq!(store::get(&app.state.db, &owner).await.unwrap().unwrap().version, 1);
    let client = crate::common::client();
    let q_meal = format!("q-{meal}");
    let (status, token, _) = register(&app, &client, "versions", &["Awa Diallo"], &[(q_meal.as_str(), "Sans gluten")]).await;
    assert_eq!(status, 303);
    // After it, an edit makes version 2; the answer stays with version 1 and still shows.
    let arrival = question(&app, id, 3, "Arrivée", "date", "", false, None).await;
    assert!(arrival > meal);
    let form = store::get(&app.state.db, &owner).await.unwrap().unwrap();
    assert_eq!((form.version, form.def.questions().count()), (2, 3));
    let reg = registration_id(&app, &token).await;
    let (version, _) = store::response(&app.state.db, &owner, &reg.to_string()).await.unwrap().unwrap();
    assert_eq!(version, 1);
    assert_eq!(store::get_version(&app.state.db, form.id, 1).await.unwrap().unwrap().questions().count(), 2);
    assert_eq!(answers_of(&app, &token).await, vec![(meal, "Sans gluten".to_string())]);
    let (status, page) = app.get_text(&format!("/evenements/inscription/{token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("<dt>Repas</dt><dd>Sans gluten</dd>"), "{page}");
    // The next booking answers version 2.
    let (status, token, _) = register(&app, &crate::common::client(), "versions", &["Inès D."], &[(q_meal.as_str(), "Végétarien")]).await;
    assert_eq!(status, 303);
    let reg = registration_id(&app, &token).await;
    assert_eq!(store::response(&app.state.db, &owner, &reg.to_string()).await.unwrap().unwrap().0, 2);
}
