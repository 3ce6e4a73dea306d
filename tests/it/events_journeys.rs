//! The events' journeys mended: cancelling a booking needs a confirmation that says what will
//! be lost, the calendar's cards say when an event is full, nearly full or closed (and the
//! cached page follows the bookings), an online event gives its join link instead of a ticket,
//! a check-in's notice is shown in the person's card, and the dashboard's figures are counted
//! right for each person's clubs (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, extract_csrf};
use essaim::core::auth::Role;
use essaim::modules::events::{self, EventInput, NewBooking};
use essaim::modules::network::{self, Club};

/// A published event starting in `in_days` days (`online`: no address, a join link).
async fn event(app: &TestApp, slug: &str, capacity: i64, club_id: Option<i64>, online: bool) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Rencontre {slug}"),
        summary: "Une rencontre".into(),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 7200,
        place_name: if online { String::new() } else { "Maison des associations".into() },
        address: if online { String::new() } else { "8 rue du Général Renault, 75011 Paris".into() },
        online_url: if online { format!("https://visio.exemple.fr/{slug}") } else { String::new() },
        capacity,
        club_id,
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

/// Book through the public form; returns the booking's token.
async fn book(app: &TestApp, slug: &str, names: &[&str]) -> String {
    let (status, page) = app.get_text(&format!("/evenements/{slug}")).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&page).unwrap();
    let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key = page[i..i + page[i..].find('"').unwrap()].to_string();
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
    let r = app.post_form(&format!("/evenements/{slug}"), &form).await;
    assert_eq!(r.status().as_u16(), 303);
    r.headers()["location"].to_str().unwrap().strip_prefix("/evenements/inscription/").unwrap().to_string()
}

/// Seats booked directly (no form), `n` bookings of `seats` each.
async fn book_many(app: &TestApp, event_id: i64, n: usize, seats: i64) {
    for i in 0..n {
        let booking = NewBooking {
            idempotency_key: format!("k-{event_id}-{i}-{seats}"),
            contact_name: format!("Personne {i}"),
            email: format!("p{i}@exemple.fr"),
            seats,
            attendees: (0..seats).map(|j| format!("Personne {i}-{j}")).collect(),
            lang: "fr".into(),
            ..Default::default()
        };
        events::register(&app.state, event_id, &booking, app.state.now()).await.unwrap();
    }
}

fn status(app: &TestApp, token: &str) -> impl std::future::Future<Output = String> {
    let state = app.state.clone();
    let token = token.to_string();
    async move { events::get_booking(&state, &token).await.unwrap().unwrap().status }
}

#[tokio::test]
async fn cancelling_needs_a_confirmation_that_says_what_is_lost() {
    let app = TestApp::spawn().await;
    event(&app, "annulation", 2, None, false).await;
    let confirmed = book(&app, "annulation", &["Awa Diallo", "Léo Diallo"]).await;
    let waiting = book(&app, "annulation", &["Inès Martin"]).await;

    // The personal page leads to the confirmation; it holds no form that cancels at once.
    let (_, page) = app.get_text(&format!("/evenements/inscription/{confirmed}")).await;
    let csrf = extract_csrf(&page).unwrap();
    assert!(page.contains(&format!("href=\"/evenements/inscription/{confirmed}/annuler\"")), "{page}");
    assert!(!page.contains(&format!("action=\"/evenements/inscription/{confirmed}/annuler\"")));

    // The confirmation page says what will be lost: the places, the people.
    let (code, confirm) = app.get_text(&format!("/evenements/inscription/{confirmed}/annuler")).await;
    assert_eq!(code, 200);
    assert!(confirm.contains("Si vous annulez, vous perdez"), "{confirm}");
    assert!(confirm.contains("vos 2 places confirmées") && confirm.contains("Léo Diallo"), "{confirm}");
    assert!(confirm.contains("name=\"confirm\" value=\"1\"") && confirm.contains("class=\"button-danger\""));
    assert!(confirm.contains("Non, garder mon inscription"));
    // A waiting booking is told it loses its position.
    let (_, confirm_waiting) = app.get_text(&format!("/evenements/inscription/{waiting}/annuler")).await;
    assert!(confirm_waiting.contains("votre position sur la liste d’attente (n° 1)"), "{confirm_waiting}");

    // Sent without the confirmation, the form cancels nothing and shows the confirmation.
    let path = format!("/evenements/inscription/{confirmed}/annuler");
    let r = app.post_form(&path, &[("csrf", &csrf)]).await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("Si vous annulez, vous perdez"));
    assert_eq!(status(&app, &confirmed).await, "confirmed");
    // Without the CSRF token, nothing either.
    let r = app.post_form(&path, &[("csrf", "x"), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(status(&app, &confirmed).await, "confirmed");
    // Confirmed: cancelled, and the waiting booking takes the places.
    let r = app.post_form(&path, &[("csrf", &csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(status(&app, &confirmed).await, "cancelled");
    assert_eq!(status(&app, &waiting).await, "confirmed");
    // A cancelled booking's confirmation page leads back to it.
    let r = app.get(&path).await;
    assert_eq!(r.status().as_u16(), 303);
}

#[tokio::test]
async fn the_cards_say_full_few_places_or_closed_and_follow_the_bookings() {
    let app = TestApp::spawn().await;
    let id = event(&app, "cartes", 12, None, false).await;
    let card = |page: &str| {
        let start = page.find("Rencontre cartes").unwrap();
        page[start..start + page[start..].find("</li>").unwrap()].to_string()
    };
    let (_, list) = app.get_text("/evenements").await;
    assert!(!card(&list).contains("class=\"badge"), "12 places left: nothing to say");
    // Two taken: 10 left, the threshold.
    book_many(&app, id, 1, 2).await;
    book(&app, "cartes", &["Awa Diallo"]).await; // through the form, as the cache sees writes
    let (_, list) = app.get_text("/evenements").await;
    assert!(card(&list).contains("Plus que 9 places"), "{}", card(&list));
    // Full: a waiting list.
    book(&app, "cartes", &["Léo", "Inès", "Zoé", "Noé", "Lou", "Ali", "Eva", "Tom", "Ana"]).await;
    let (_, list) = app.get_text("/evenements").await;
    assert!(card(&list).contains("Complet — liste d’attente"), "{}", card(&list));
    // In English.
    let r = app.client.get(app.url("/evenements")).header("accept-language", "en").send().await.unwrap();
    let en = r.text().await.unwrap();
    assert!(en.contains("Full — waiting list"), "{en}");

    // Registration closed before the event.
    let now = app.state.now();
    let closed = EventInput {
        slug: "fermee".into(),
        title: "Rencontre fermée".into(),
        starts_at: now + 3 * 86_400,
        ends_at: now + 3 * 86_400 + 3600,
        place_name: "Salle".into(),
        capacity: 50,
        registration_closes_at: Some(now - 60),
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &closed, now).await.unwrap();
    app.state.pages.changed(&app.state.db, &[events::EVENTS]).await;
    let (_, list) = app.get_text("/evenements").await;
    let start = list.find("Rencontre fermée").unwrap();
    let closed_card = &list[start..start + list[start..].find("</li>").unwrap()];
    assert!(closed_card.contains("Inscriptions fermées"), "{closed_card}");
}

#[tokio::test]
async fn an_online_event_gives_its_join_link_and_no_ticket_for_the_door() {
    let app = TestApp::spawn().await;
    event(&app, "webinaire", 100, None, true).await;
    event(&app, "sur-place", 100, None, false).await;
    let online = book(&app, "webinaire", &["Awa Diallo"]).await;
    let (_, page) = app.get_text(&format!("/evenements/inscription/{online}")).await;
    assert!(page.contains("href=\"https://visio.exemple.fr/webinaire\""), "{page}");
    assert!(!page.contains("/billet\""), "no ticket page for an online event");
    let (code, ticket) = app.get_text(&format!("/evenements/inscription/{online}/billet")).await;
    assert_eq!(code, 200);
    assert!(ticket.contains("href=\"https://visio.exemple.fr/webinaire\"") && !ticket.contains("<svg"), "{ticket}");
    assert!(ticket.contains("pas de billet à présenter"));
    // An event in a place keeps its tickets.
    let there = book(&app, "sur-place", &["Léo Diallo"]).await;
    let (_, page) = app.get_text(&format!("/evenements/inscription/{there}")).await;
    assert!(page.contains(&format!("/evenements/inscription/{there}/billet")) && !page.contains("visio.exemple.fr"));
    let (_, ticket) = app.get_text(&format!("/evenements/inscription/{there}/billet")).await;
    assert!(ticket.contains("<svg"));
}

#[tokio::test]
async fn the_check_in_notice_is_in_the_persons_card() {
    let app = TestApp::spawn().await;
    let club = network::upsert_club(&app.state.db, &Club { slug: "lille".into(), name: "Club de Lille".into(), ..Default::default() }, 0)
        .await
        .unwrap();
    let id = event(&app, "porte", 10, Some(club), false).await;
    book(&app, "porte", &["Awa Diallo", "Léo Diallo"]).await;
    app.user("accueil@example.org", Role::Editor, Some("lille")).await;
    let org = app.session_client("accueil@example.org").await;
    let desk = format!("/admin/evenements/{id}/accueil");
    let page = org.get(app.url(&desk)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap();
    let marker = "name=\"attendee\" value=\"";
    let i = page.find(marker).unwrap() + marker.len();
    let attendee = page[i..i + page[i..].find('"').unwrap()].to_string();
    let r = org
        .post(app.url(&desk))
        .form(&[("csrf", csrf.as_str()), ("attendee", attendee.as_str()), ("action", "checkin"), ("q", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with(&format!("#p-{attendee}")), "{location}");
    let page = org.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    let card_start = page.find(&format!("<li id=\"p-{attendee}\"")).unwrap();
    let card = &page[card_start..card_start + page[card_start..].find("</li>").unwrap()];
    assert!(card.contains("class=\"flash checkin-notice\" role=\"status\"") && card.contains("présent"), "{card}");
    assert!(card.contains("data-focus-on-load"));
    // Only there: not at the top, not in the other card.
    assert_eq!(page.matches("est enregistré·e comme présent·e").count(), 1, "{page}");
}

#[tokio::test]
async fn the_dashboard_counts_what_needs_attention_and_the_week() {
    let app = TestApp::spawn().await;
    let lille = network::upsert_club(&app.state.db, &Club { slug: "lille".into(), name: "Club de Lille".into(), ..Default::default() }, 0)
        .await
        .unwrap();
    let lyon = network::upsert_club(&app.state.db, &Club { slug: "lyon".into(), name: "Club de Lyon".into(), ..Default::default() }, 0)
        .await
        .unwrap();
    // Lille: a full event with two bookings waiting; Lyon: an event with one booking.
    let full = event(&app, "complet-lille", 4, Some(lille), false).await;
    book_many(&app, full, 2, 2).await; // 4 confirmed seats
    book_many(&app, full, 2, 1).await; // 2 waiting
    let open = event(&app, "ouvert-lyon", 50, Some(lyon), false).await;
    book_many(&app, open, 1, 3).await;
    // A booking cancelled this week, in Lille: one waiting booking is promoted.
    let token = book(&app, "complet-lille", &["Awa Diallo"]).await;
    let (_, page) = app.get_text(&format!("/evenements/inscription/{token}")).await;
    let csrf = extract_csrf(&page).unwrap();
    app.post_form(&format!("/evenements/inscription/{token}/annuler"), &[("csrf", &csrf), ("confirm", "1")]).await;
    // An old booking (made and cancelled long ago) is not counted in the week.
    sqlx::query("UPDATE registrations SET created_at = created_at - 30 * 86400 WHERE contact_name = 'Personne 0' AND seats = 3")
        .execute(app.state.db.pool())
        .await
        .unwrap();

    let figure = |page: &str, label: &str| -> i64 {
        let i = page.find(label).unwrap_or_else(|| panic!("no figure {label} in {page}"));
        let before = &page[..i];
        let s = before.rfind("<strong>").unwrap() + "<strong>".len();
        before[s..s + before[s..].find('<').unwrap()].trim().parse().unwrap()
    };
    // The network administrator sees every club.
    app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let admin = app.session_client("admin@example.org").await;
    let page = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert_eq!(figure(&page, "événement à venir avec une liste d’attente"), 1, "{page}");
    // Bookings of the week: 2 + 2 in Lille, Awa's (cancelled since); Lyon's is a month old.
    assert_eq!(figure(&page, "inscriptions</span>"), 5);
    // Confirmed seats among them: the two Lille bookings of 2 (Awa waited, then cancelled).
    assert_eq!(figure(&page, "places confirmées"), 4);
    assert_eq!(figure(&page, "annulation</span>"), 1);
    assert!(page.contains("Rencontre complet-lille") && page.contains("Rencontre ouvert-lyon"));
    assert!(!page.contains("Awa Diallo"), "the dashboard shows no personal data");

    // An editor of Lyon sees only Lyon's events: one booking, a month old; nothing waiting.
    app.user("lyon@example.org", Role::Editor, Some("lyon")).await;
    let editor = app.session_client("lyon@example.org").await;
    let page = editor.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("liste d’attente</a>"), "{page}");
    assert_eq!(figure(&page, "inscription</span>"), 0);
    assert!(page.contains("Rencontre ouvert-lyon") && !page.contains("Rencontre complet-lille"));

    // News: a comment to moderate is counted for whoever sees its post.
    let post = app.publish("un-article", "Un article", false).await;
    sqlx::query(
        "INSERT INTO comments (post_id, author_name, author_email, body, status, created_at) VALUES ($1, 'Zoé', 'zoe@exemple.fr', 'Bravo', 'pending', $2)",
    )
    .bind(post)
    .bind(app.state.now())
    .execute(app.state.db.pool())
    .await
    .unwrap();
    let page = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert_eq!(figure(&page, "commentaire à modérer"), 1, "{page}");
    assert_eq!(figure(&page, "article publié"), 1);

    // A member is told the staff area is not theirs; a visitor is sent to sign in.
    app.user("membre@example.org", Role::Member, None).await;
    let member = app.session_client("membre@example.org").await;
    assert_eq!(member.get(app.url("/admin")).send().await.unwrap().status().as_u16(), 403);
    assert_eq!(app.get("/admin").await.status().as_u16(), 303);
}
