//! The events API and the events back office accept exactly the same events: the same invalid
//! inputs get the same refusals, field by field and word for word, and the same valid ones are
//! created by both. SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use crate::common::TestApp;
use essaim::core::auth::Role;
use essaim::core::i18n::Locale;
use serde_json::{Value, json};

const CLUB: &str = "seine-saint-denis";

/// One event, as both surfaces take it.
#[derive(Clone)]
struct Event {
    title: String,
    slug: String,
    summary: String,
    place_name: String,
    online_url: String,
    starts_at: i64,
    ends_at: i64,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    capacity: String,
    contact_email: String,
    retention_days: String,
    status: String,
}

impl Event {
    fn valid(now: i64, n: usize) -> Event {
        let start = now + 30 * 86_400;
        Event {
            title: format!("Forum de l’emploi {n}"),
            slug: String::new(),
            summary: "Des recruteurs".into(),
            place_name: "Bourse du travail".into(),
            online_url: String::new(),
            starts_at: start,
            ends_at: start + 7200,
            opens_at: None,
            closes_at: None,
            capacity: "40".into(),
            contact_email: "orga@exemple.fr".into(),
            retention_days: "180".into(),
            status: "published".into(),
        }
    }

    fn json(&self) -> Value {
        let at = |t: i64| essaim::core::api::rfc3339(t);
        let number = |s: &str| s.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(s));
        json!({
            "title": self.title, "slug": self.slug, "summary": self.summary, "club": CLUB, "place_name": self.place_name,
            "online_url": self.online_url, "starts_at": at(self.starts_at), "ends_at": at(self.ends_at),
            "registration_opens_at": self.opens_at.map(at), "registration_closes_at": self.closes_at.map(at),
            "capacity": number(&self.capacity), "contact_email": self.contact_email,
            "retention_days": number(&self.retention_days), "status": self.status,
        })
    }

    fn form(&self, app: &TestApp, csrf: &str, club_id: i64) -> Vec<(String, String)> {
        let tr = app.state.tr(Locale::Fr);
        let at = |t: i64| tr.input_datetime(t);
        [
            ("csrf", csrf.to_string()),
            ("title", self.title.clone()),
            ("slug", self.slug.clone()),
            ("summary", self.summary.clone()),
            ("description", String::new()),
            ("club_id", club_id.to_string()),
            ("starts_at", at(self.starts_at)),
            ("ends_at", at(self.ends_at)),
            ("place_name", self.place_name.clone()),
            ("address", String::new()),
            ("online_url", self.online_url.clone()),
            ("theme", String::new()),
            ("capacity", self.capacity.clone()),
            ("opens_at", self.opens_at.map(at).unwrap_or_default()),
            ("closes_at", self.closes_at.map(at).unwrap_or_default()),
            ("waitlist", "auto".into()),
            ("offer_hours", "48".into()),
            ("partner_seats", "0".into()),
            ("contact_email", self.contact_email.clone()),
            ("reminder_hours", "48".into()),
            ("retention_days", self.retention_days.clone()),
            ("status", self.status.clone()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

/// The API's name of a back-office field.
fn api_name(form_field: &str) -> &str {
    match form_field {
        "club_id" => "club",
        "opens_at" => "registration_opens_at",
        "closes_at" => "registration_closes_at",
        f => f,
    }
}

/// The field errors of a back-office page: field (API name) => message shown.
fn page_errors(page: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = page;
    while let Some(i) = rest.find("id=\"f-") {
        rest = &rest[i + 6..];
        let Some(end) = rest.find('"') else { break };
        if let Some(field) = rest[..end].strip_suffix("-error") {
            let text = &rest[end + 2..];
            let text = &text[..text.find("</p>").unwrap_or(0)];
            let text = text.replace("&#39;", "'").replace("&quot;", "\"").replace("&#34;", "\"").replace("&amp;", "&");
            out.insert(api_name(field).to_string(), text);
        }
    }
    out
}

/// The field errors of an API answer: field => message.
fn api_errors(body: &Value) -> BTreeMap<String, String> {
    body["error"]["fields"]
        .as_array()
        .map(|a| a.iter().map(|f| (f["field"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string())).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_api_and_the_back_office_refuse_and_accept_the_same_events() {
    let app = TestApp::spawn_demo().await;
    let email = "orga-input@test.example";
    app.user(email, Role::Editor, Some(CLUB)).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    let token = essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1;
    let staff = app.session_client(email).await;
    let csrf = app.csrf(&staff, "/admin/evenements/nouveau").await;
    let club_id = essaim::modules::network::get_club_by_slug(db, CLUB).await.unwrap().unwrap().id;
    let now = app.state.now();
    let api = reqwest::Client::new();
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM events").fetch_one(db.pool()).await.unwrap() };

    type Change = fn(&mut Event);
    let invalid: Vec<(&str, Change)> = vec![
        ("retention 0", |e| e.retention_days = "0".into()),
        ("retention over ten years", |e| e.retention_days = "3651".into()),
        ("an end equal to the start", |e| e.ends_at = e.starts_at),
        ("an end before the start", |e| e.ends_at = e.starts_at - 60),
        ("registration closing before it opens", |e| {
            e.opens_at = Some(e.starts_at - 86_400);
            e.closes_at = Some(e.starts_at - 2 * 86_400);
        }),
        ("registration closing when it opens", |e| {
            e.opens_at = Some(e.starts_at - 86_400);
            e.closes_at = e.opens_at;
        }),
        ("a title too long", |e| e.title = "T".repeat(201)),
        ("a summary too long", |e| e.summary = "s".repeat(1001)),
        ("a place too long", |e| e.place_name = "p".repeat(301)),
        ("an online address that is not a web address", |e| e.online_url = "ftp://exemple.fr/salle".into()),
        ("an online address with a space", |e| e.online_url = "https://exemple .fr".into()),
        ("a bad e-mail", |e| e.contact_email = "pas une adresse".into()),
        ("a bad slug", |e| e.slug = "Pas Un Slug".into()),
        ("a capacity too large", |e| e.capacity = "100001".into()),
        ("a negative capacity", |e| e.capacity = "-1".into()),
        ("an unknown status", |e| e.status = "archived".into()),
        ("several at once", |e| {
            e.title = "T".repeat(201);
            e.ends_at = e.starts_at;
            e.retention_days = "0".into();
        }),
    ];
    let before = count().await;
    for (n, (what, change)) in invalid.iter().enumerate() {
        let mut e = Event::valid(now, n);
        change(&mut e);
        let r = api.post(app.url("/api/v1/events")).bearer_auth(&token).json(&e.json()).send().await.unwrap();
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, 422, "API, {what}: {body}");
        let from_api = api_errors(&body);
        let r = staff.post(app.url("/admin/evenements/nouveau")).form(&e.form(&app, &csrf, club_id)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 422, "back office, {what}");
        let from_form = page_errors(&r.text().await.unwrap());
        assert!(!from_api.is_empty(), "{what}");
        assert_eq!(from_api, from_form, "{what}: the same refusals, field by field");
    }
    assert_eq!(count().await, before, "nothing was created");

    // The edges that are allowed: accepted by both.
    type Valid = fn(&mut Event);
    let valid: Vec<(&str, Valid)> = vec![
        ("retention of one day", |e| e.retention_days = "1".into()),
        ("retention of ten years", |e| e.retention_days = "3650".into()),
        ("an end one minute after the start", |e| e.ends_at = e.starts_at + 60),
        ("registration closing after it opens", |e| {
            e.opens_at = Some(e.starts_at - 2 * 86_400);
            e.closes_at = Some(e.starts_at - 86_400);
        }),
        ("the longest title", |e| e.title = "T".repeat(200)),
        ("the longest summary", |e| e.summary = "s".repeat(1000)),
        ("an online address", |e| e.online_url = "https://visio.exemple.fr/salle?id=3".into()),
        ("a cancelled event", |e| e.status = "cancelled".into()),
        ("no capacity", |e| e.capacity = "0".into()),
    ];
    for (n, (what, change)) in valid.iter().enumerate() {
        let mut e = Event::valid(now, 100 + n);
        change(&mut e);
        let r = api.post(app.url("/api/v1/events")).bearer_auth(&token).json(&e.json()).send().await.unwrap();
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, 201, "API, {what}: {body}");
        // The same event again through the back office (its own slug, since the first took it).
        assert!(body["slug"].is_string(), "{what}");
        e.slug = format!("bureau-{n}");
        let r = staff.post(app.url("/admin/evenements/nouveau")).form(&e.form(&app, &csrf, club_id)).send().await.unwrap();
        let status = r.status().as_u16();
        assert_eq!(status, 303, "back office, {what}: {:?}", page_errors(&r.text().await.unwrap()));
    }
    assert_eq!(count().await, before + 2 * valid.len() as i64);

    // A PATCH goes through the same parser: what the form refuses, PATCH refuses too.
    let r = api
        .patch(app.url("/api/v1/events/bureau-0"))
        .bearer_auth(&token)
        .json(&json!({ "title": "T".repeat(201), "summary": "s".repeat(1001) }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let fields: Vec<String> = api_errors(&r.json().await.unwrap()).into_keys().collect();
    assert_eq!(fields, vec!["summary", "title"]);
}
