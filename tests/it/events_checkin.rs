//! Signed tickets and check-in at the door: a genuine code is accepted once, every forged,
//! altered, truncated or foreign code is refused with nothing written, the ID check is
//! enforced, only the event's organisers get in, and the numbers and duplicates are right
//! (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).
// The helpers below run only inside tests: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{TestApp, extract_csrf};
use essaim::core::auth::Role;
use essaim::modules::events::tickets::{self, TicketIds};
use essaim::modules::events::{self, EventInput, NewBooking};
use sqlx::Row;

const SSD: &str = "seine-saint-denis";
const LYON: &str = "lyon-metropole";
const SCAN: &str = "/admin/evenements/accueil/scan";

async fn club_id(app: &TestApp, slug: &str) -> i64 {
    essaim::modules::network::get_club_by_slug(&app.state.db, slug).await.unwrap().expect("club").id
}

/// A published event of the Seine-Saint-Denis club starting in `in_days` days.
async fn event(app: &TestApp, slug: &str, capacity: i64, id_required: bool, in_days: i64) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Soirée {slug}"),
        summary: "Une soirée".into(),
        starts_at: now + in_days * 86_400,
        ends_at: now + in_days * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        address: "8 rue du Général Renault, 75011 Paris".into(),
        capacity,
        id_required,
        club_id: Some(club_id(app, SSD).await),
        status: "published".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

/// Book through the public form; returns the booking's token.
async fn book(app: &TestApp, slug: &str, email: &str, names: &[&str]) -> String {
    let (status, page) = app.get_text(&format!("/evenements/{slug}")).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&page).unwrap();
    let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key = page[i..i + page[i..].find('"').unwrap()].to_string();
    let seats = names.len().to_string();
    let mut form =
        vec![("csrf", csrf.as_str()), ("key", key.as_str()), ("contact_name", names[0]), ("email", email), ("seats", seats.as_str())];
    form.extend(names.iter().map(|n| ("attendee", *n)));
    let r = app.post_form(&format!("/evenements/{slug}"), &form).await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap();
    location.strip_prefix("/evenements/inscription/").unwrap().to_string()
}

/// The codes written on a booking's ticket page.
async fn codes(app: &TestApp, token: &str) -> Vec<String> {
    let (status, page) = app.get_text(&format!("/evenements/inscription/{token}/billet")).await;
    assert_eq!(status, 200);
    page.split("<code class=\"ticket-code\"")
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find('<').unwrap()].to_string()
        })
        .collect()
}

/// An organiser (editor of the event's club) with a session.
async fn organiser(app: &TestApp) -> reqwest::Client {
    app.user("accueil@example.org", Role::Editor, Some(SSD)).await;
    app.session_client("accueil@example.org").await
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = c.post(app.url(path)).form(form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    (status, location.unwrap_or_default() + &r.text().await.unwrap())
}

fn scan_path(code: &str) -> String {
    format!("{SCAN}?code={}", code.replace('+', "%2B"))
}

/// Attendees checked in for the event.
async fn checked_in(app: &TestApp, event_id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE r.event_id = $1 AND a.checked_in_at IS NOT NULL",
    )
    .bind(event_id)
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
}

/// (attendee id, registration id) of the attendees of a booking, in order.
async fn attendee_ids(app: &TestApp, token: &str) -> Vec<(i64, i64)> {
    let registration = events::get_booking(&app.state, token).await.unwrap().unwrap().id;
    let rows = sqlx::query(
        "SELECT a.id, a.registration_id FROM attendees a JOIN registrations r ON r.id = a.registration_id \
         WHERE r.id = $1 ORDER BY a.position, a.id",
    )
    .bind(registration)
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    rows.iter().map(|r| (r.get::<i64, _>(0), r.get::<i64, _>(1))).collect()
}

/// The number shown for a counter of the check-in page.
fn count(page: &str, name: &str) -> i64 {
    let marker = format!("data-count=\"{name}\">");
    let i = page.find(&marker).unwrap_or_else(|| panic!("no {name} count")) + marker.len();
    page[i..i + page[i..].find('<').unwrap()].trim().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_genuine_ticket_is_accepted_once_then_said_already() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "soiree-billets", 20, false, 3).await;
    let token = book(&app, "soiree-billets", "awa@exemple.fr", &["Awa Diallo", "Léo Diallo"]).await;
    let codes = codes(&app, &token).await;
    assert_eq!(codes.len(), 2, "one ticket per attendee");
    assert!(codes.iter().all(|c| c.starts_with("T1.")));
    let (_, ticket) = app.get_text(&format!("/evenements/inscription/{token}/billet")).await;
    assert!(ticket.contains("<svg role=\"img\""), "the QR code is inline SVG");
    assert!(ticket.contains("aria-labelledby=\"qr-"), "the QR code is labelled by the code written below it");
    assert!(!ticket.contains("Pièce d’identité demandée à l’entrée"), "no ID notice when none is asked");
    // The confirmation e-mail links to the tickets.
    let mail: String = sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE to_address = $1")
        .bind("awa@exemple.fr")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(mail.contains(&format!("/evenements/inscription/{token}/billet")), "{mail}");

    let org = organiser(&app).await;
    let (status, page) = get(&app, &org, &scan_path(&codes[0])).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Awa Diallo") && page.contains("Marquer présent·e"));
    let csrf = extract_csrf(&page).unwrap();
    let (status, location) = post(&app, &org, SCAN, &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(checked_in(&app, id).await, 1);
    let (at, by, id_checked): (i64, i64, i64) = {
        let r = sqlx::query("SELECT checked_in_at, checked_in_by, id_checked FROM attendees WHERE id = $1")
            .bind(attendee_ids(&app, &token).await[0].0)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    assert!(at > 0 && by > 0 && id_checked == 0);

    // Scanned again (or sent twice): "already", with the time, and still one.
    let (status, page) = get(&app, &org, &scan_path(&codes[0])).await;
    assert_eq!(status, 200);
    assert!(page.contains("Déjà enregistré·e à"), "{page}");
    assert!(!page.contains("name=\"code\" value=\"T1"), "no confirm button the second time");
    let (status, _) = post(&app, &org, SCAN, &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!(status, 303);
    assert_eq!(checked_in(&app, id).await, 1);
    let at_again: i64 = sqlx::query_scalar("SELECT checked_in_at FROM attendees WHERE id = $1")
        .bind(attendee_ids(&app, &token).await[0].0)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(at_again, at, "the first check-in's time is kept");

    // Two phones at once on the second ticket: counted once.
    let mut phones = vec![];
    for _ in 0..8 {
        let (c, url, form) = (org.clone(), app.url(SCAN), [("csrf", csrf.clone()), ("code", codes[1].clone())]);
        phones.push(tokio::spawn(async move {
            let r = c.post(url).form(&form).send().await.unwrap();
            (r.status().as_u16(), r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default())
        }));
    }
    let mut results = vec![];
    for p in phones {
        results.push(p.await.unwrap());
    }
    assert!(results.iter().all(|(s, _)| *s == 303), "{results:?}");
    assert_eq!(results.iter().filter(|(_, l)| l.contains("ok=1")).count(), 1, "exactly one phone checked in: {results:?}");
    assert_eq!(checked_in(&app, id).await, 2);
}

#[tokio::test]
async fn forged_altered_truncated_and_foreign_codes_are_refused_and_nothing_is_written() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "soiree-faux", 20, false, 3).await;
    let token = book(&app, "soiree-faux", "awa@exemple.fr", &["Awa Diallo", "Léo Diallo"]).await;
    let codes = codes(&app, &token).await;
    let ids = attendee_ids(&app, &token).await;
    let (a0, a1) = (ids[0].0, ids[1].0);
    let genuine = codes[0].clone();
    let tag = genuine.rsplit('.').next().unwrap().to_string();
    // Another attendee's number with the first one's signature.
    let other_attendee = format!("T1.{a1}.{tag}");
    // One character of the signature changed.
    let mut chars: Vec<char> = genuine.chars().collect();
    let last = chars.len() - 3;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    let altered_tag: String = chars.into_iter().collect();
    let truncated = genuine[..genuine.len() - 4].to_string();
    // Signed with another key, over the right ids.
    let foreign = tickets::sign(&[42u8; 32], TicketIds { attendee_id: a0, registration_id: ids[0].1, event_id: id });
    let unknown = format!("T1.999999.{tag}");
    let version = genuine.replacen("T1.", "T2.", 1);
    let org = organiser(&app).await;
    let csrf = app.csrf(&org, SCAN).await;
    for bad in [&other_attendee, &altered_tag, &truncated, &foreign, &unknown, &version, &"n'importe quoi".to_string()] {
        assert_ne!(bad, &genuine);
        let (status, page) = get(&app, &org, &format!("{SCAN}?{}", serde_urlencoded::to_string([("code", bad.as_str())]).unwrap())).await;
        assert_eq!(status, 422, "{bad}: {page}");
        assert!(page.contains("role=\"alert\"") && page.contains("Billet refusé"), "{bad}");
        assert!(!page.contains("Awa Diallo") && !page.contains("Léo Diallo"), "a refused code shows nobody");
        let (status, _) = post(&app, &org, SCAN, &[("csrf", &csrf), ("code", bad)]).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(checked_in(&app, id).await, 0, "{bad} wrote nothing");
    }
    // The genuine code still works (the refusals were not a broken page).
    let (status, _) = get(&app, &org, &scan_path(&genuine)).await;
    assert_eq!(status, 200);

    // A cancelled booking's ticket is refused too.
    let booking_page = app.get_text(&format!("/evenements/inscription/{token}")).await.1;
    let public_csrf = extract_csrf(&booking_page).unwrap();
    let r = app.post_form(&format!("/evenements/inscription/{token}/annuler"), &[("csrf", &public_csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let (status, page) = get(&app, &org, &scan_path(&genuine)).await;
    assert_eq!(status, 409);
    assert!(page.contains("role=\"alert\"") && page.contains("annulée"), "{page}");
    let (status, _) = post(&app, &org, SCAN, &[("csrf", &csrf), ("code", &genuine)]).await;
    assert_eq!(status, 409);
    assert_eq!(checked_in(&app, id).await, 0);
    // And the ticket page of a cancelled booking shows no ticket.
    let (_, ticket) = app.get_text(&format!("/evenements/inscription/{token}/billet")).await;
    assert!(ticket.contains("Cette inscription est annulée") && !ticket.contains("ticket-code"));
}

#[tokio::test]
async fn the_id_check_is_required_when_the_event_asks_for_one() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "soiree-prefecture", 20, true, 3).await;
    let token = book(&app, "soiree-prefecture", "awa@exemple.fr", &["Awa Diallo", "Léo Diallo"]).await;
    let codes = codes(&app, &token).await;
    let (_, ticket) = app.get_text(&format!("/evenements/inscription/{token}/billet")).await;
    assert_eq!(crate::common::count(&ticket, "Pièce d’identité demandée à l’entrée"), 2, "on every ticket");
    let ids = attendee_ids(&app, &token).await;
    let org = organiser(&app).await;
    let desk = format!("/admin/evenements/{id}/accueil");

    // From the scan page: without the box ticked, a 422 with the message by the box.
    let (_, page) = get(&app, &org, &scan_path(&codes[0])).await;
    assert!(page.contains("Pièce d’identité vérifiée"));
    let csrf = extract_csrf(&page).unwrap();
    let (status, page) = post(&app, &org, SCAN, &[("csrf", &csrf), ("code", &codes[0])]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-id_checked-error\"") && page.contains("href=\"#f-id_checked\""), "{page}");
    assert_eq!(checked_in(&app, id).await, 0);
    let (status, _) = post(&app, &org, SCAN, &[("csrf", &csrf), ("code", &codes[0]), ("id_checked", "1")]).await;
    assert_eq!(status, 303);
    let flag: i64 =
        sqlx::query_scalar("SELECT id_checked FROM attendees WHERE id = $1").bind(ids[0].0).fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(flag, 1);

    // From the check-in page: the same rule, the search kept.
    let second = ids[1].0.to_string();
    let (status, page) = post(&app, &org, &desk, &[("csrf", &csrf), ("attendee", &second), ("action", "checkin"), ("q", "léo")]).await;
    assert_eq!(status, 422);
    assert!(page.contains(&format!("id=\"f-idc-{second}-error\"")) && page.contains("value=\"léo\""), "{page}");
    assert_eq!(checked_in(&app, id).await, 1);
    let (status, location) =
        post(&app, &org, &desk, &[("csrf", &csrf), ("attendee", &second), ("action", "checkin"), ("id_checked", "1"), ("q", "léo")]).await;
    assert_eq!(status, 303);
    assert!(location.contains("ok=checked"), "{location}");
    assert_eq!(checked_in(&app, id).await, 2);
    // A form without the CSRF token changes nothing.
    let (status, _) = post(&app, &org, &desk, &[("attendee", &second), ("action", "undo")]).await;
    assert_eq!(status, 400);
    assert_eq!(checked_in(&app, id).await, 2);
}

#[tokio::test]
async fn only_the_event_organisers_get_in() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "soiree-acces", 20, false, 3).await;
    let token = book(&app, "soiree-acces", "awa@exemple.fr", &["Awa Diallo"]).await;
    let code = codes(&app, &token).await.remove(0);
    let desk = format!("/admin/evenements/{id}/accueil");

    // Anonymous: sent to sign in.
    for path in [desk.clone(), scan_path(&code)] {
        let r = app.get(&path).await;
        assert_eq!(r.status().as_u16(), 303, "{path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion?suite="));
    }
    // A member, and an editor of another club: 403, nothing written.
    app.user("membre@example.org", Role::Member, Some(SSD)).await;
    app.user("lyon@example.org", Role::Editor, Some(LYON)).await;
    for email in ["membre@example.org", "lyon@example.org"] {
        let c = app.session_client(email).await;
        assert_eq!(get(&app, &c, &desk).await.0, 403, "{email}");
        assert_eq!(get(&app, &c, &scan_path(&code)).await.0, 403, "{email}");
        let csrf = app.csrf(&c, "/").await;
        assert_eq!(post(&app, &c, SCAN, &[("csrf", &csrf), ("code", &code)]).await.0, 403, "{email}");
        let attendee = attendee_ids(&app, &token).await[0].0.to_string();
        assert_eq!(post(&app, &c, &desk, &[("csrf", &csrf), ("attendee", &attendee), ("action", "checkin")]).await.0, 403, "{email}");
    }
    assert_eq!(checked_in(&app, id).await, 0);
    // The club's editor and the network's administrator get in.
    let org = organiser(&app).await;
    assert_eq!(get(&app, &org, &desk).await.0, 200);
    app.user("reseau@example.org", Role::NetworkAdmin, None).await;
    let admin = app.session_client("reseau@example.org").await;
    assert_eq!(get(&app, &admin, &desk).await.0, 200);
    assert_eq!(get(&app, &admin, &scan_path(&code)).await.0, 200);
    // An event that does not exist.
    assert_eq!(get(&app, &admin, "/admin/evenements/999999/accueil").await.0, 404);
}

#[tokio::test]
async fn the_numbers_the_search_and_the_duplicates() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "soiree-chiffres", 4, false, 3).await;
    book(&app, "soiree-chiffres", "helene@exemple.fr", &["Hélène Côté", "Paul Durand"]).await;
    book(&app, "soiree-chiffres", "zoe@exemple.fr", &["Zoé Martin"]).await;
    book(&app, "soiree-chiffres", "autre@exemple.fr", &["helene  COTE"]).await;
    // Full: this one waits, with Zoé's address (a duplicate by e-mail), and is not listed.
    let waiting = book(&app, "soiree-chiffres", "ZOE@exemple.fr", &["Nina Petit"]).await;
    let (_, ticket) = app.get_text(&format!("/evenements/inscription/{waiting}/billet")).await;
    assert!(ticket.contains("liste d’attente") && !ticket.contains("ticket-code"), "no ticket while waiting");

    let org = organiser(&app).await;
    let desk = format!("/admin/evenements/{id}/accueil");
    let (status, page) = get(&app, &org, &desk).await;
    assert_eq!(status, 200);
    assert_eq!((count(&page, "confirmed"), count(&page, "present"), count(&page, "expected")), (4, 0, 4));
    assert!(!page.contains("Nina Petit"), "waiting people are not expected at the door");
    assert_eq!(crate::common::count(&page, "class=\"checkin-dup\""), 3, "{page}");
    assert!(page.contains("3 personnes sont peut-être inscrites deux fois"));

    // Accents and case do not matter; the booking's contact and e-mail are searched too (Paul
    // came with Hélène Côté).
    let (_, found) = get(&app, &org, &format!("{desk}?q=COTE")).await;
    assert!(found.contains("3 résultats") && found.contains("Paul Durand"), "{found}");
    assert!(found.contains("Hélène Côté") && found.contains("helene  COTE") && !found.contains("Zoé Martin"));
    let (_, found) = get(&app, &org, &format!("{desk}?q=zoe%40exemple")).await;
    assert!(found.contains("1 résultat") && found.contains("Zoé Martin"));

    // Check one in, then undo.
    let csrf = extract_csrf(&page).unwrap();
    let paul: i64 =
        sqlx::query_scalar("SELECT id FROM attendees WHERE name = $1").bind("Paul Durand").fetch_one(app.state.db.pool()).await.unwrap();
    let paul = paul.to_string();
    let (status, location) = post(&app, &org, &desk, &[("csrf", &csrf), ("attendee", &paul), ("action", "checkin"), ("q", "")]).await;
    assert_eq!(status, 303);
    let (_, page) = get(&app, &org, location.split('#').next().unwrap()).await;
    assert_eq!((count(&page, "confirmed"), count(&page, "present"), count(&page, "expected")), (4, 1, 3));
    assert!(page.contains("Paul Durand est enregistré·e comme présent·e"));
    let (status, _) = post(&app, &org, &desk, &[("csrf", &csrf), ("attendee", &paul), ("action", "undo")]).await;
    assert_eq!(status, 303);
    let (_, page) = get(&app, &org, &desk).await;
    assert_eq!((count(&page, "present"), count(&page, "expected")), (0, 4));
    assert_eq!(checked_in(&app, id).await, 0);

    // An attendee of another event cannot be checked in from this one.
    let other = event(&app, "soiree-autre", 5, false, 3).await;
    let other_desk = format!("/admin/evenements/{other}/accueil");
    assert_eq!(post(&app, &org, &other_desk, &[("csrf", &csrf), ("attendee", &paul), ("action", "checkin")]).await.0, 404);

    // After the event, the still-expected are no-shows.
    let now = app.state.now();
    let past = events::create_event(
        &app.state.db,
        &EventInput {
            slug: "soiree-passee".into(),
            title: "Soirée passée".into(),
            starts_at: now - 3 * 86_400,
            ends_at: now - 3 * 86_400 + 7200,
            capacity: 10,
            club_id: Some(club_id(&app, SSD).await),
            status: "published".into(),
            ..Default::default()
        },
        now - 10 * 86_400,
    )
    .await
    .unwrap();
    let booking = NewBooking {
        idempotency_key: "a".repeat(20),
        contact_name: "Awa Diallo".into(),
        email: "awa@exemple.fr".into(),
        seats: 2,
        attendees: vec!["Awa Diallo".into(), "Léo Diallo".into()],
        accessibility: String::new(),
        ..Default::default()
    };
    events::register(&app.state, past, &booking, now - 5 * 86_400).await.unwrap();
    let (_, page) = get(&app, &org, &format!("/admin/evenements/{past}/accueil")).await;
    assert!(page.contains("Absent·es") && !page.contains("Encore attendu·es"));
    assert_eq!(count(&page, "no-shows"), 2);
}
