//! Two people saving the same event cannot overwrite each other unknowingly: every save
//! raises the event's version; the API answers it as the ETag and refuses a change whose
//! If-Match names an older one (412, nothing saved); the back office form carries it in a
//! hidden field and a stale save shows the form again with what was typed and the other
//! person's values, nothing overwritten (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL
//! is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::core::auth::Role;
use essaim::modules::events::model::EventDraft;
use essaim::modules::events::{self, EventInput};
use serde_json::{Value, json};

const SSD: &str = "seine-saint-denis";

async fn club_id(app: &TestApp, slug: &str) -> i64 {
    essaim::modules::network::get_club_by_slug(&app.state.db, slug).await.unwrap().unwrap().id
}

/// A published event of the club in a month.
async fn event(app: &TestApp, slug: &str) -> i64 {
    let now = app.state.now();
    let input = EventInput {
        slug: slug.into(),
        title: format!("Atelier {slug}"),
        summary: "Un atelier".into(),
        starts_at: now + 30 * 86_400,
        ends_at: now + 30 * 86_400 + 7200,
        place_name: "Maison des associations".into(),
        capacity: 20,
        club_id: Some(club_id(app, SSD).await),
        status: "published".into(),
        contact_email: "orga@exemple.fr".into(),
        ..Default::default()
    };
    events::create_event(&app.state.db, &input, now).await.unwrap()
}

async fn token_for(app: &TestApp, email: &str) -> String {
    app.user(email, Role::Editor, Some(SSD)).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<Value>,
) -> (u16, Option<String>, Value) {
    let mut rb = crate::common::client().request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), app.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(m) = if_match {
        rb = rb.header("If-Match", m);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let etag = r.headers().get("etag").map(|v| v.to_str().unwrap().to_string());
    (status, etag, serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_api_answers_the_version_as_etag_and_refuses_a_stale_if_match() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-versions").await;
    let token = token_for(&app, "orga@exemple.fr").await;
    let path = "/api/v1/events/atelier-versions";

    let (status, etag, _) = send(&app, "GET", path, None, None, None).await;
    assert_eq!((status, etag.as_deref()), (200, Some("\"1\"")));

    // A change from the current version: saved, with the next version as its ETag.
    let (status, etag, body) = send(&app, "PATCH", path, Some(&token), Some("\"1\""), Some(json!({ "title": "Premier titre" }))).await;
    assert_eq!((status, etag.as_deref(), body["title"].as_str()), (200, Some("\"2\""), Some("Premier titre")));

    // Another client still holding version 1: 412, translated, nothing saved.
    let (status, _, body) = send(&app, "PATCH", path, Some(&token), Some("\"1\""), Some(json!({ "title": "Titre écrasé" }))).await;
    assert_eq!(status, 412);
    assert_eq!(body["error"]["code"], "events-api-error-stale");
    assert_eq!(body["error"]["status"], 412);
    assert!(body["error"]["message"].as_str().unwrap().contains("ETag"), "{body}");
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((e.title.as_str(), e.version), ("Premier titre", 2));
    // An ETag that is no version at all is no match either.
    let (status, _, _) = send(&app, "PATCH", path, Some(&token), Some("W/\"2\""), Some(json!({ "title": "Faible" }))).await;
    assert_eq!(status, 412);

    // One of several tags, `*`, or no If-Match at all: the change applies.
    let (status, etag, _) = send(&app, "PATCH", path, Some(&token), Some("\"9\", \"2\""), Some(json!({ "summary": "Deux" }))).await;
    assert_eq!((status, etag.as_deref()), (200, Some("\"3\"")));
    let (status, etag, _) = send(&app, "PATCH", path, Some(&token), Some("*"), Some(json!({ "summary": "Trois" }))).await;
    assert_eq!((status, etag.as_deref()), (200, Some("\"4\"")));
    let (status, etag, _) = send(&app, "PATCH", path, Some(&token), None, Some(json!({ "summary": "Quatre" }))).await;
    assert_eq!((status, etag.as_deref()), (200, Some("\"5\"")));

    // The 412 comes after the rights: a stranger gets 403, an unknown event 404.
    let stranger = {
        app.user("autre@exemple.fr", Role::Editor, Some("lyon-metropole")).await;
        let db = &app.state.db;
        let uid = essaim::modules::network::user_id_by_email(db, "autre@exemple.fr").await.unwrap().unwrap();
        essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
    };
    assert_eq!(send(&app, "PATCH", path, Some(&stranger), Some("\"1\""), Some(json!({}))).await.0, 403);
    assert_eq!(send(&app, "PATCH", "/api/v1/events/inconnu", Some(&token), Some("\"1\""), Some(json!({}))).await.0, 404);

    // In French too.
    let r = crate::common::client()
        .patch(app.url(path))
        .bearer_auth(&token)
        .header("If-Match", "\"1\"")
        .header("Accept-Language", "fr")
        .json(&json!({ "title": "Non" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("quelqu’un d’autre"), "{body}");
}

#[tokio::test]
async fn a_save_from_an_older_version_changes_nothing_even_past_the_first_check() {
    // The conditional UPDATE itself refuses an older version (two saves racing past the
    // handlers' early check).
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-course").await;
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    let mut first = EventDraft::of(&e);
    first.title = "Gagnant".into();
    let now = app.state.now();
    let saved = events::update_event_from(&app.state, id, &first.parse().unwrap(), Some(e.version), now).await.unwrap();
    assert_eq!(saved, events::EventUpdate::Saved);
    let mut second = EventDraft::of(&e);
    second.title = "Perdant".into();
    let stale = events::update_event_from(&app.state, id, &second.parse().unwrap(), Some(e.version), now).await.unwrap();
    assert_eq!(stale, events::EventUpdate::Stale);
    let after = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((after.title.as_str(), after.version), ("Gagnant", e.version + 1));
}

/// The event form's fields, all valid; `over` replaces some.
fn event_form<'a>(csrf: &'a str, club: &'a str, version: &'a str, over: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("csrf", csrf),
        ("version", version),
        ("title", "Atelier atelier-formulaire"),
        ("slug", "atelier-formulaire"),
        ("summary", "Un atelier"),
        ("description", ""),
        ("club_id", club),
        ("starts_at", "2031-03-12T09:00"),
        ("ends_at", "2031-03-12T12:30"),
        ("place_name", "Maison des associations"),
        ("address", ""),
        ("online_url", ""),
        ("theme", ""),
        ("capacity", "20"),
        ("opens_at", ""),
        ("closes_at", ""),
        ("waitlist", "auto"),
        ("offer_hours", "48"),
        ("partner_seats", "0"),
        ("contact_email", "orga@exemple.fr"),
        ("reminder_hours", "48"),
        ("retention_days", "180"),
        ("status", "published"),
    ];
    for (k, v) in over {
        f.retain(|(fk, _)| fk != k);
        f.push((k, v));
    }
    f
}

#[tokio::test]
async fn a_stale_back_office_save_shows_the_other_persons_values_and_keeps_what_was_typed() {
    let app = TestApp::spawn_demo().await;
    let id = event(&app, "atelier-formulaire").await;
    let path = format!("/admin/evenements/{id}");
    let club = club_id(&app, SSD).await.to_string();
    app.user("awa@exemple.fr", Role::Editor, Some(SSD)).await;
    app.user("leo@exemple.fr", Role::Editor, Some(SSD)).await;
    let awa = app.session_client("awa@exemple.fr").await;
    let leo = app.session_client("leo@exemple.fr").await;

    // Both open the form on version 1: it carries it in a hidden field.
    let page = awa.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"<input type="hidden" name="version" value="1">"#), "{page}");
    let awa_csrf = app.csrf(&awa, &path).await;
    let leo_csrf = app.csrf(&leo, &path).await;

    // Awa saves first.
    let form = event_form(&awa_csrf, &club, "1", &[("title", "Le titre d’Awa"), ("place_name", "Bourse du travail")]);
    let r = awa.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);

    // Léo saves from version 1: nothing saved; his typing kept, Awa's values shown.
    let form = event_form(&leo_csrf, &club, "1", &[("title", "Le titre de Léo"), ("capacity", "25")]);
    let r = leo.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Quelqu’un d’autre a enregistré cet événement entre-temps"), "{page}");
    assert!(page.contains("value=\"Le titre de Léo\""), "the typed title is kept");
    assert!(page.contains("value=\"25\""), "the typed capacity is kept");
    let notice = &page[page.find("id=\"stale\"").unwrap()..page.find("</dl>").unwrap()];
    assert!(notice.contains("Le titre d’Awa") && notice.contains("Bourse du travail"), "{notice}");
    assert!(notice.contains(">20<"), "Awa's capacity: {notice}");
    assert!(!notice.contains("Un atelier"), "a value both have alike is not listed: {notice}");
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((e.title.as_str(), e.place_name.as_str(), e.capacity, e.version), ("Le titre d’Awa", "Bourse du travail", 20, 2));
    // The form shown again carries the current version: saving it again is a choice.
    assert!(page.contains(r#"<input type="hidden" name="version" value="2">"#));
    let form = event_form(&leo_csrf, &club, "2", &[("title", "Le titre de Léo"), ("capacity", "25")]);
    let r = leo.post(app.url(&path)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let e = events::get_event(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((e.title.as_str(), e.capacity, e.version), ("Le titre de Léo", 25, 3));

    // A back office save moves the API's ETag too.
    let r = crate::common::client().get(app.url("/api/v1/events/atelier-formulaire")).send().await.unwrap();
    assert_eq!(r.headers()["etag"], "\"3\"");
}
