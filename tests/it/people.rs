//! A person's data: everything held for an e-mail address, found from one page or command,
//! exported as one JSON document, and erased (anonymised where counts must stay). SQLite, or
//! PostgreSQL when ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::core::auth::{self, Role};
use essaim::core::db::DbKind;
use essaim::modules::events::{self, EventInput, NewBooking};
use sqlx::Row;

const EMAIL: &str = "zephyrine.quintard@exemple.fr";
const NAME: &str = "Zéphyrine Quintard";

/// A person with an account, a comment and two bookings (of two events); returns the events.
async fn person(app: &TestApp) -> Vec<i64> {
    let db = &app.state.db;
    let now = app.state.now();
    auth::upsert_user(db, EMAIL, NAME, Some("un mot de passe assez long"), Role::Member, None, now).await.unwrap();
    let post = app.publish("ateliers-numeriques", "Ateliers numériques", false).await;
    essaim::modules::news::insert_comment(db, post, None, NAME, EMAIL, "Merci pour ces ateliers !", "approved", now).await.unwrap();
    let mut ids = vec![];
    for slug in ["forum-emploi", "atelier-cv"] {
        let input = EventInput {
            slug: slug.into(),
            title: slug.into(),
            starts_at: now + 86_400,
            ends_at: now + 90_000,
            capacity: 1,
            status: "published".into(),
            ..Default::default()
        };
        let id = events::create_event(db, &input, now).await.unwrap();
        let booking = NewBooking {
            idempotency_key: auth::random_token(),
            contact_name: NAME.into(),
            email: EMAIL.to_uppercase(),
            seats: 1,
            attendees: vec![NAME.into()],
            accessibility: "Boucle magnétique".into(),
            ..Default::default()
        };
        events::register(&app.state, id, &booking, now).await.unwrap();
        // Someone else waits for the place: the counts must not move when the first is erased.
        let other = NewBooking {
            idempotency_key: auth::random_token(),
            contact_name: "Autre Personne".into(),
            email: "autre@exemple.fr".into(),
            seats: 1,
            attendees: vec!["Autre Personne".into()],
            ..Default::default()
        };
        events::register(&app.state, id, &other, now).await.unwrap();
        ids.push(id);
    }
    ids
}

/// Every text column of every table that contains `needle` (case-insensitive): "table.column".
async fn text_columns_containing(app: &TestApp, needle: &str) -> Vec<String> {
    let db = &app.state.db;
    let columns: Vec<(String, String)> = match db.kind() {
        DbKind::Postgres => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')",
        )
        .fetch_all(db.pool())
        .await
        .unwrap(),
        DbKind::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%'",
            )
            .fetch_all(db.pool())
            .await
            .unwrap();
            let mut out = vec![];
            for t in tables {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info({t})"))).fetch_all(db.pool()).await.unwrap();
                for r in rows {
                    let ty: String = r.try_get(2).unwrap();
                    if ty.to_uppercase().contains("TEXT") {
                        out.push((t.clone(), r.try_get(1).unwrap()));
                    }
                }
            }
            out
        }
    };
    assert!(columns.len() > 50, "the scan sees the schema ({} text columns)", columns.len());
    let mut found = vec![];
    for (table, column) in columns {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE LOWER({column}) LIKE $1");
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(format!("%{}%", needle.to_lowercase())).fetch_one(db.pool()).await.unwrap();
        if n > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn everything_held_for_an_address_is_exported_then_erased_keeping_the_counts() {
    let app = TestApp::spawn().await;
    let events = person(&app).await;
    let modules = &app.state.modules;
    let db = &app.state.db;

    let found = essaim::core::people::find(db, modules, EMAIL).await.unwrap();
    let json = found.to_json(app.state.now());
    let data = &json["data"];
    assert_eq!(json["email"], EMAIL);
    assert_eq!(data["core.account"][0]["name"], NAME);
    assert_eq!(data["news.comments"][0]["body"], "Merci pour ces ateliers !");
    let bookings = data["events.registrations"].as_array().unwrap();
    assert_eq!(bookings.len(), 2, "both bookings, whatever the address's case");
    assert_eq!(bookings[0]["attendees"][0], NAME);
    assert_eq!(bookings[0]["accessibility"], "Boucle magnétique");
    assert!(data["core.mail"].as_array().is_some_and(|m| m.len() >= 2), "the booking e-mails: {data}");

    let before: Vec<_> = futures_tallies(&app, &events).await;
    assert!(!text_columns_containing(&app, EMAIL).await.is_empty(), "the scan finds the address before the erasure");
    assert!(!text_columns_containing(&app, NAME).await.is_empty());

    essaim::core::people::erase(db, modules, &app.state.config.data_dir, EMAIL, app.state.now()).await.unwrap();

    assert_eq!(text_columns_containing(&app, EMAIL).await, Vec::<String>::new(), "no text column holds the address");
    assert_eq!(text_columns_containing(&app, NAME).await, Vec::<String>::new(), "no text column holds the name");
    assert_eq!(futures_tallies(&app, &events).await, before, "the events' counts are unchanged");
    assert!(essaim::core::people::find(db, modules, EMAIL).await.unwrap().is_empty());
    // The other person's booking is untouched.
    let other = essaim::core::people::find(db, modules, "autre@exemple.fr").await.unwrap();
    assert_eq!(other.to_json(0)["data"]["events.registrations"].as_array().map(Vec::len), Some(2));
    // The comment keeps its place, shown without an author.
    let (status, page) = app.get_text("/actualites/ateliers-numeriques").await;
    assert_eq!(status, 200);
    assert!(page.contains("Merci pour ces ateliers") && page.contains("Anonyme") && !page.contains(NAME));
    // The account can no longer sign in.
    assert!(auth::check_credentials(db, EMAIL, "un mot de passe assez long").await.unwrap().is_none());
}

async fn futures_tallies(app: &TestApp, events: &[i64]) -> Vec<events::Tally> {
    let mut out = vec![];
    for id in events {
        out.push(events::tally(&app.state.db, *id).await.unwrap());
    }
    out
}

#[tokio::test]
async fn the_page_is_for_network_administrators_and_erasing_needs_a_confirmation() {
    let app = TestApp::spawn().await;
    person(&app).await;
    let editor_pw = app.user("redac@exemple.fr", Role::Editor, None).await;
    let editor = app.login("redac@exemple.fr", &editor_pw).await;
    assert_eq!(editor.get(app.url("/admin/donnees-personnelles")).send().await.unwrap().status(), 403);
    assert_eq!(crate::common::client().get(app.url("/admin/donnees-personnelles")).send().await.unwrap().status(), 303, "sign in first");

    let pw = app.user("admin@exemple.fr", Role::NetworkAdmin, None).await;
    let admin = app.login("admin@exemple.fr", &pw).await;
    let csrf = app.csrf(&admin, "/admin/donnees-personnelles").await;
    let post = |form: Vec<(&'static str, String)>| admin.post(app.url("/admin/donnees-personnelles")).form(&form).send();

    // A bad address: the message next to the field, what was typed kept.
    let r = post(vec![("csrf", csrf.clone()), ("email", "pas-une-adresse".into()), ("action", "search".into())]).await.unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"f-email-error\"") && body.contains("value=\"pas-une-adresse\""));

    let r = post(vec![("csrf", csrf.clone()), ("email", EMAIL.into()), ("action", "search".into())]).await.unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains("Inscriptions aux événements (2)") && body.contains("Commentaires (1)"), "{body}");

    let r = post(vec![("csrf", csrf.clone()), ("email", EMAIL.into()), ("action", "export".into())]).await.unwrap();
    assert_eq!(r.headers()["content-disposition"], "attachment; filename=\"donnees-personnelles.json\"");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let json: serde_json::Value = r.json().await.unwrap();
    assert_eq!(json["data"]["events.registrations"].as_array().map(Vec::len), Some(2));

    // Without the confirmation nothing is erased.
    let r = post(vec![("csrf", csrf.clone()), ("email", EMAIL.into()), ("action", "erase".into())]).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-confirm-error\""));
    assert!(!essaim::core::people::find(&app.state.db, &app.state.modules, EMAIL).await.unwrap().is_empty());
    // Nor without the CSRF token.
    let r = post(vec![("csrf", "x".into()), ("email", EMAIL.into()), ("action", "erase".into()), ("confirm", "1".into())]).await.unwrap();
    assert_eq!(r.status(), 400);

    let r = post(vec![("csrf", csrf.clone()), ("email", EMAIL.into()), ("action", "erase".into()), ("confirm", "1".into())]).await.unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("ont été effacés") && body.contains("Le site ne conserve rien pour cette adresse."), "{body}");

    // Each search, export and erasure is in the audit log, which names the person by a
    // digest, never by the address.
    let logged: Vec<(String, String)> = sqlx::query_as("SELECT action, subject FROM audit_log WHERE action LIKE 'people.%' ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    let actions: Vec<&str> = logged.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["people.data.view", "people.data.export", "people.data.erase"]);
    assert!(logged.iter().all(|(_, s)| s.starts_with("person:") && s == &logged[0].1), "{logged:?}");
    assert!(text_columns_containing(&app, EMAIL).await.is_empty());
}

#[tokio::test]
async fn the_command_line_exports_and_erases_too() {
    let app = TestApp::spawn().await;
    person(&app).await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_essaim"))
            .args(args)
            .env("ESSAIM_DATABASE_URL", &app.state.config.database_url)
            .env("ESSAIM_DATA_DIR", &app.state.config.data_dir)
            .env("ESSAIM_LOG", "error")
            .output()
            .unwrap()
    };
    let out = run(&["people", "export", "--email", EMAIL]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["data"]["news.comments"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["data"]["events.registrations"].as_array().map(Vec::len), Some(2));

    let out = run(&["people", "erase", "--email", EMAIL]);
    assert!(!out.status.success(), "nothing is erased without --yes");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert!(!essaim::core::people::find(&app.state.db, &app.state.modules, EMAIL).await.unwrap().is_empty());

    let out = run(&["people", "erase", "--email", EMAIL, "--yes"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(essaim::core::people::find(&app.state.db, &app.state.modules, EMAIL).await.unwrap().is_empty());
    let out = run(&["people", "export", "--email", "pas-une-adresse"]);
    assert!(!out.status.success());
}
