//! Events' e-mails through the outbox (one per change, an .ics attached, a dead mail server
//! delays but loses nothing) and the calendar feeds. SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::sync::Arc;

use crate::common::{Options, TestApp, extract_csrf};
use base64::Engine;
use essaim::core::clock::Clock;
use essaim::core::mail;
use essaim::modules::events::{self, EventInput};

async fn event(app: &TestApp, slug: &str, capacity: i64) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        summary: "Un atelier, avec des virgules; et des points-virgules".into(),
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

/// Book one seat through the form, with a given CSRF token and idempotency key.
async fn book_with(app: &TestApp, slug: &str, csrf: &str, key: &str, name: &str) -> String {
    let email = format!("{}@exemple.fr", name.to_lowercase());
    let form = [("csrf", csrf), ("key", key), ("contact_name", name), ("email", email.as_str()), ("seats", "1"), ("attendee", name)];
    let r = app.post_form(&format!("/evenements/{slug}"), &form).await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers().get("location").unwrap().to_str().unwrap();
    location.strip_prefix("/evenements/inscription/").unwrap().to_string()
}

async fn form_tokens(app: &TestApp, slug: &str) -> (String, String) {
    let (_, page) = app.get_text(&format!("/evenements/{slug}")).await;
    let csrf = extract_csrf(&page).unwrap();
    let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    (csrf, page[i..i + page[i..].find('"').unwrap()].to_string())
}

async fn book(app: &TestApp, slug: &str, name: &str) -> String {
    let (csrf, key) = form_tokens(app, slug).await;
    book_with(app, slug, &csrf, &key, name).await
}

async fn cancel(app: &TestApp, token: &str) {
    let (_, page) = app.get_text(&format!("/evenements/inscription/{token}")).await;
    let csrf = extract_csrf(&page).unwrap();
    let r = app.post_form(&format!("/evenements/inscription/{token}/annuler"), &[("csrf", &csrf), ("confirm", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
}

/// Deliver everything due (the app's own loop may hold a message for a moment).
async fn deliver_all(app: &TestApp) {
    for _ in 0..100 {
        mail::deliver_due(&app.state).await.unwrap();
        if mail::unsent_count(&app.state.db).await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the outbox did not empty");
}

/// The .eml files of the outbox, raw and with their parts decoded, in order.
fn outbox(app: &TestApp) -> Vec<(String, String)> {
    let dir = app.state.config.data_dir.join("outbox");
    let mut names: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(d) => d.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "eml")).collect(),
        Err(_) => vec![],
    };
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).unwrap()).map(|raw| (decode(&raw), raw)).collect()
}

/// Each MIME part's headers and decoded body (base64 or quoted-printable), joined.
fn decode(eml: &str) -> String {
    let mut parts = vec![eml.to_string()];
    let mut rest = eml;
    while let Some(i) = rest.find("boundary=\"") {
        let b = &rest[i + 10..];
        let b = &b[..b.find('"').unwrap()];
        parts = parts.iter().flat_map(|p| p.split(&format!("--{b}")).map(str::to_string).collect::<Vec<_>>()).collect();
        rest = &rest[i + 10..];
    }
    parts
        .iter()
        .map(|p| {
            let Some((head, body)) = p.split_once("\r\n\r\n") else { return p.clone() };
            let lower = head.to_ascii_lowercase();
            let body = if lower.contains("content-transfer-encoding: base64") {
                let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
                String::from_utf8(base64::engine::general_purpose::STANDARD.decode(clean).unwrap()).unwrap()
            } else if lower.contains("content-transfer-encoding: quoted-printable") {
                quoted_printable(body)
            } else {
                body.to_string()
            };
            format!("{head}\r\n\r\n{body}")
        })
        .collect::<Vec<_>>()
        .join("\n--part--\n")
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let bytes = s.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() && u8::from_str_radix(&s[i + 1..i + 3], 16).is_ok() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn uid_of(text: &str) -> String {
    let i = text.find("UID:").expect("a UID");
    text[i + 4..i + text[i..].find("\r\n").unwrap()].to_string()
}

#[tokio::test]
async fn registering_twice_sends_one_invitation_and_cancelling_sends_a_cancel() {
    let app = TestApp::spawn().await;
    let id = event(&app, "courriel", 10).await;
    let (csrf, key) = form_tokens(&app, "courriel").await;
    let token = book_with(&app, "courriel", &csrf, &key, "Alice").await;
    assert_eq!(book_with(&app, "courriel", &csrf, &key, "Alice").await, token, "the same form twice: one booking");
    deliver_all(&app).await;
    let mails = outbox(&app);
    assert_eq!(mails.len(), 1, "one message for one booking");
    let (text, raw) = &mails[0];
    assert!(raw.contains("To: alice@exemple.fr"), "{raw}");
    assert!(raw.to_ascii_lowercase().contains("\r\nmessage-id: <registration.") && raw.contains("\r\nDate: "), "{raw}");
    assert!(text.contains(&format!("http://essaim.test/evenements/inscription/{token}")), "{text}");
    assert!(text.contains("text/calendar") && text.contains("method=REQUEST"));
    assert!(text.contains("METHOD:REQUEST") && text.contains("SEQUENCE:0") && text.contains("STATUS:CONFIRMED"));
    let booking = events::get_booking(&app.state, &token).await.unwrap().unwrap();
    let uid = uid_of(text);
    assert_eq!(uid, format!("event-{id}-registration-{}@essaim.test", booking.id));
    assert!(text.contains("LOCATION:Maison des associations\\, 8 rue du Général Renault\\, 75011 Paris"), "{text}");

    cancel(&app, &token).await;
    assert!(!events::cancel(&app.state, &token, app.state.now()).await.unwrap(), "already cancelled: no second notice");
    deliver_all(&app).await;
    let mails = outbox(&app);
    assert_eq!(mails.len(), 2, "one cancellation notice");
    let (text, _) = &mails[1];
    assert!(text.contains("METHOD:CANCEL") && text.contains("STATUS:CANCELLED") && text.contains("SEQUENCE:1"));
    assert_eq!(uid_of(text), uid, "the cancellation carries the invitation's UID");
    mail::deliver_due(&app.state).await.unwrap();
    assert_eq!(outbox(&app).len(), 2, "nothing is sent twice");
}

#[tokio::test]
async fn a_promoted_person_is_emailed_once() {
    let app = TestApp::spawn().await;
    event(&app, "promotion", 1).await;
    let first = book(&app, "promotion", "Bruno").await;
    book(&app, "promotion", "Chloe").await;
    deliver_all(&app).await;
    let mails = outbox(&app);
    assert_eq!(mails.len(), 2);
    assert!(mails[1].1.contains("To: chloe@exemple.fr"));
    assert!(mails[1].0.contains("en position 1"), "{}", mails[1].0);
    assert!(!mails[1].0.contains("BEGIN:VCALENDAR"), "no invitation while waiting");

    cancel(&app, &first).await;
    deliver_all(&app).await;
    let mails = outbox(&app);
    assert_eq!(mails.len(), 4, "a cancellation and a promotion");
    let to_chloe: Vec<_> = mails.iter().filter(|(_, raw)| raw.contains("To: chloe@exemple.fr")).collect();
    assert_eq!(to_chloe.len(), 2);
    assert!(to_chloe[1].0.contains("une place s’est libérée") && to_chloe[1].0.contains("METHOD:REQUEST"));
    mail::deliver_due(&app.state).await.unwrap();
    assert_eq!(outbox(&app).len(), 4);
}

#[tokio::test]
async fn a_dead_mail_server_delays_mail_and_loses_none() {
    let app = TestApp::spawn_with(Options { smtp_url: Some("smtp://127.0.0.1:9".into()), ..Default::default() }).await;
    let id = event(&app, "panne", 5).await;
    let booking = events::NewBooking {
        idempotency_key: "k1".into(),
        contact_name: "Dora".into(),
        email: "dora@exemple.fr".into(),
        seats: 1,
        attendees: vec!["Dora".into()],
        accessibility: String::new(),
        ..Default::default()
    };
    let (token, _) = events::register(&app.state, id, &booking, app.state.now()).await.unwrap();
    let rid = events::get_booking(&app.state, &token).await.unwrap().unwrap().id;
    let key = format!("registration:{rid}:confirmed");
    // The app's own delivery loop may claim the message first: wait (bounded) until an attempt
    // has failed, whichever instance made it.
    let mut state = None;
    for _ in 0..100 {
        let _ = mail::deliver_due(&app.state).await.unwrap();
        let s = mail::delivery_state(&app.state.db, &key).await.unwrap().unwrap();
        if s.1 >= 1 && s.2.as_ref().is_some_and(|e| !e.is_empty()) {
            state = Some(s);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, attempts, error) = state.expect("a delivery attempt failed and was recorded");
    assert_eq!(status, "pending");
    assert!(attempts >= 1);
    assert!(error.is_some_and(|e| !e.is_empty()));
    assert!(outbox(&app).is_empty());

    // Later, the mail server is back (here: the file outbox) and the message goes out once.
    let later = app.state.with(|s| {
        s.config = Arc::new(essaim::Config { smtp_url: None, ..(*app.state.config).clone() });
        s.clock = Clock::system();
    });
    later.clock.set(app.state.now() + 3600);
    assert_eq!(mail::deliver_due(&later).await.unwrap().sent, 1);
    assert_eq!(mail::deliver_due(&later).await.unwrap().sent, 0);
    assert_eq!(mail::delivery_state(&app.state.db, &key).await.unwrap().unwrap().0, "sent");
    let mails = outbox(&app);
    assert_eq!(mails.len(), 1);
    assert!(mails[0].0.contains(&format!("/evenements/inscription/{token}")));
}

fn check_feed(body: &str) -> Vec<String> {
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "{body}");
    assert!(body.ends_with("END:VCALENDAR\r\n"));
    assert!(!body.replace("\r\n", "").contains('\n'), "CRLF only");
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
    }
    let unfolded = body.replace("\r\n ", "");
    let uids: Vec<String> = unfolded.split("\r\n").filter_map(|l| l.strip_prefix("UID:")).map(str::to_string).collect();
    assert_eq!(unfolded.matches("BEGIN:VEVENT\r\n").count(), uids.len());
    assert_eq!(unfolded.matches("END:VEVENT\r\n").count(), uids.len());
    let mut unique = uids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "one VEVENT per event");
    uids
}

#[tokio::test]
async fn calendar_feeds_of_all_events_and_per_club() {
    let app = TestApp::spawn_demo().await;
    let r = app.get("/evenements/calendrier.ics").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/calendar"));
    let all = check_feed(&r.text().await.unwrap());
    assert!(all.len() >= 3, "{all:?}");
    assert!(all.iter().all(|u| u.starts_with("event-") && u.ends_with("@essaim.test")));
    let (_, page) = app.get_text("/evenements").await;
    assert!(page.contains("href=\"/evenements/calendrier.ics\""));

    let mut in_clubs = 0;
    for club in essaim::modules::network::list_clubs(&app.state.db).await.unwrap() {
        let r = app.get(&format!("/clubs/{}/evenements.ics", club.slug)).await;
        assert_eq!(r.status().as_u16(), 200);
        let uids = check_feed(&r.text().await.unwrap());
        assert!(uids.iter().all(|u| all.contains(u)));
        in_clubs += uids.len();
    }
    assert!(in_clubs >= 1 && in_clubs <= all.len());
    assert_eq!(app.get("/clubs/nulle-part/evenements.ics").await.status().as_u16(), 404);
}

/// Delivered messages hold personal data: after the keeping time they go, with their file
/// copies; a message still waiting to go out is never removed.
#[tokio::test]
async fn delivered_mail_is_forgotten_after_the_keeping_time() {
    let app = TestApp::spawn().await;
    event(&app, "oubli", 10).await;
    book(&app, "oubli", "Alice").await;
    deliver_all(&app).await;
    assert_eq!(outbox(&app).len(), 1);
    book(&app, "oubli", "Bruno").await; // queued, not yet delivered
    let now = app.state.now();
    // Not yet old enough: nothing goes.
    assert_eq!(mail::purge_delivered(&app.state, now - mail::KEEP_DELIVERED_SECS).await.unwrap(), 0);
    assert_eq!(outbox(&app).len(), 1);
    // Past the keeping time (seen from a day after the file was written).
    assert_eq!(mail::purge_delivered(&app.state, now + 86_400).await.unwrap(), 1, "the sent row goes");
    assert!(outbox(&app).is_empty(), "its file copy goes too");
    assert_eq!(mail::unsent_count(&app.state.db).await.unwrap(), 1, "the pending message stays");
    deliver_all(&app).await;
    assert_eq!(outbox(&app).len(), 1, "and is still delivered");
}

/// The organiser moves the event: each registrant is told once, those holding an invitation
/// get an update of it (same UID, SEQUENCE 1, the new time); a change of the summary alone
/// sends nothing; cancelling the event sends a cancellation (SEQUENCE 2) to each.
#[tokio::test]
async fn changing_or_cancelling_the_event_updates_every_invitation() {
    let app = TestApp::spawn().await;
    let id = event(&app, "deplace", 1).await;
    let alice = book(&app, "deplace", "Alice").await;
    book(&app, "deplace", "Bruno").await; // waiting: told, without an invitation
    deliver_all(&app).await;
    let first_uid = uid_of(&outbox(&app)[0].0);
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    let input = |starts_at: i64, summary: &str, status: &str| EventInput {
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: summary.into(),
        starts_at,
        ends_at: starts_at + 7200,
        place_name: e.place_name.clone(),
        address: e.address.clone(),
        capacity: e.capacity,
        status: status.into(),
        ..Default::default()
    };
    let now = app.state.now();
    assert_eq!(
        events::update_event(&app.state, id, &input(e.starts_at, "Autre résumé", "published"), now).await.unwrap(),
        events::EventUpdate::Saved
    );
    deliver_all(&app).await;
    assert_eq!(outbox(&app).len(), 2, "a new summary alone sends nothing");

    let later = e.starts_at + 86_400;
    assert_eq!(
        events::update_event(&app.state, id, &input(later, "Autre résumé", "published"), now).await.unwrap(),
        events::EventUpdate::Saved
    );
    deliver_all(&app).await;
    let mails = outbox(&app);
    assert_eq!(mails.len(), 4, "one message to each registrant");
    let booking = events::get_booking(&app.state, &alice).await.unwrap().unwrap();
    let (to_alice, _) = mails[2..].iter().find(|(_, raw)| raw.contains("To: alice@")).expect("Alice's update");
    assert!(to_alice.contains("METHOD:REQUEST") && to_alice.contains("SEQUENCE:1"), "{to_alice}");
    assert_eq!(uid_of(to_alice), first_uid);
    assert_eq!(first_uid, format!("event-{id}-registration-{}@essaim.test", booking.id));
    let (to_bruno, _) = mails[2..].iter().find(|(_, raw)| raw.contains("To: bruno@")).expect("Bruno's notice");
    assert!(to_bruno.contains("modifié"), "{to_bruno}");
    assert!(!to_bruno.contains("BEGIN:VCALENDAR"), "no invitation for a waiting booking");

    assert_eq!(
        events::update_event(&app.state, id, &input(later, "Autre résumé", "cancelled"), now).await.unwrap(),
        events::EventUpdate::Saved
    );
    deliver_all(&app).await;
    let mails = outbox(&app);
    assert_eq!(mails.len(), 6);
    let (cancel, _) = mails[4..].iter().find(|(_, raw)| raw.contains("To: alice@")).expect("Alice's cancellation");
    assert!(cancel.contains("METHOD:CANCEL") && cancel.contains("SEQUENCE:2") && cancel.contains("STATUS:CANCELLED"), "{cancel}");
    assert_eq!(uid_of(cancel), first_uid);
}
