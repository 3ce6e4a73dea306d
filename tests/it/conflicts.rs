//! A value that must be unique never becomes a server error: two requests creating the same
//! slug at the same instant give one creation and one refusal (409 in the API, the field's
//! error in a form), and creating a person whose e-mail exists never changes their password
//! or role. On PostgreSQL (ESSAIM_TEST_DATABASE_URL) the two requests go to two instances on
//! one database; on SQLite, to the one server.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{Options, TestApp, is_postgres};
use essaim::core::auth::Role;
use serde_json::{Value, json};

/// The instance that takes the second request: another one on PostgreSQL.
async fn second(a: &TestApp) -> Option<TestApp> {
    if is_postgres() {
        Some(TestApp::spawn_with(Options { database_url: Some(a.state.config.database_url.clone()), ..Default::default() }).await)
    } else {
        None
    }
}

async fn token(app: &TestApp, email: &str) -> String {
    app.user(email, Role::NetworkAdmin, None).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

async fn post_json(url: String, token: String, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new().post(url).bearer_auth(token).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Send `body` to `path` on both instances at once; returns both answers.
async fn twice(a: &TestApp, b: &TestApp, token: &str, path: &str, body: Value) -> [(u16, Value); 2] {
    let one = tokio::spawn(post_json(a.url(path), token.to_string(), body.clone()));
    let two = tokio::spawn(post_json(b.url(path), token.to_string(), body));
    [one.await.unwrap(), two.await.unwrap()]
}

async fn count(app: &TestApp, sql: &str, slug: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).bind(slug.to_string()).fetch_one(app.state.db.pool()).await.unwrap()
}

/// One created, the other refused as taken (never a 500), and one row stored.
fn one_created_one_refused(what: &str, answers: &[(u16, Value); 2]) {
    let mut statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    statuses.sort_unstable();
    assert!(statuses == [201, 409] || statuses == [201, 422], "{what}: {answers:?}");
    let refused = &answers.iter().find(|(s, _)| *s != 201).unwrap().1;
    assert_eq!(refused["error"]["fields"][0]["field"], "slug", "{what}: {refused}");
    assert_eq!(refused["error"]["fields"][0]["message"], "Cette adresse est déjà utilisée.", "{what}: {refused}");
}

#[tokio::test]
async fn the_same_slug_created_twice_at_once_gives_one_creation_and_one_refusal() {
    let a = TestApp::spawn_demo().await;
    let other = second(&a).await;
    let b = other.as_ref().unwrap_or(&a);
    let token = token(&a, "course@test.example").await;
    let now = a.state.now();
    let at = |d: i64| essaim::core::api::rfc3339(now + d);
    for round in 0..6 {
        let slug = format!("club-course-{round}");
        let answers = twice(&a, b, &token, "/api/v1/clubs", json!({ "name": format!("Club {round}"), "slug": slug })).await;
        one_created_one_refused("club", &answers);
        assert_eq!(count(&a, "SELECT COUNT(*) FROM clubs WHERE slug = $1", &slug).await, 1);

        let slug = format!("article-course-{round}");
        let body = json!({ "title": format!("Article {round}"), "slug": slug, "body": "Texte.", "status": "published" });
        let answers = twice(&a, b, &token, "/api/v1/posts", body).await;
        one_created_one_refused("post", &answers);
        assert_eq!(count(&a, "SELECT COUNT(*) FROM posts WHERE slug = $1", &slug).await, 1);

        let slug = format!("evenement-course-{round}");
        let body =
            json!({ "title": format!("Atelier {round}"), "slug": slug, "starts_at": at(86_400), "ends_at": at(90_000), "capacity": 10 });
        let answers = twice(&a, b, &token, "/api/v1/events", body).await;
        one_created_one_refused("event", &answers);
        assert_eq!(count(&a, "SELECT COUNT(*) FROM events WHERE slug = $1", &slug).await, 1);

        // A new tag named by two posts at once: both posts, one tag.
        let tag = format!("Course {round}");
        let posts = [format!("tag-a-{round}"), format!("tag-b-{round}")];
        let one = tokio::spawn(post_json(
            a.url("/api/v1/posts"),
            token.clone(),
            json!({ "title": "Un", "slug": posts[0], "body": "x", "tags": [tag] }),
        ));
        let two = tokio::spawn(post_json(
            b.url("/api/v1/posts"),
            token.clone(),
            json!({ "title": "Deux", "slug": posts[1], "body": "x", "tags": [tag] }),
        ));
        let answers = [one.await.unwrap(), two.await.unwrap()];
        assert!(answers.iter().all(|(s, _)| *s == 201), "tag: {answers:?}");
        assert_eq!(count(&a, "SELECT COUNT(*) FROM tags WHERE slug = $1", &format!("course-{round}")).await, 1);
    }

    // Categories, from the back office: one saved, the other the form again with the field's error.
    a.user("categories@test.example", Role::NetworkAdmin, None).await;
    let staff = a.session_client("categories@test.example").await;
    let csrf = a.csrf(&staff, "/admin/categories").await;
    for round in 0..6 {
        let slug = format!("categorie-course-{round}");
        let send = |app: &TestApp| {
            let (c, url) = (staff.clone(), app.url("/admin/categories"));
            let form = vec![
                ("csrf", csrf.clone()),
                ("name", format!("Catégorie {round}")),
                ("slug", slug.clone()),
                ("description", String::new()),
            ];
            tokio::spawn(async move {
                let r = c.post(url).form(&form).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            })
        };
        let (one, two) = (send(&a), send(b));
        let mut answers = [one.await.unwrap(), two.await.unwrap()];
        answers.sort_by_key(|(s, _)| *s);
        assert_eq!((answers[0].0, answers[1].0), (303, 422), "category");
        assert!(answers[1].1.contains("id=\"f-slug-error\">Cette adresse est déjà utilisée."), "the slug's error next to it");
        assert_eq!(count(&a, "SELECT COUNT(*) FROM categories WHERE slug = $1", &slug).await, 1);
    }
}

#[tokio::test]
async fn creating_a_person_whose_email_exists_never_changes_their_password_or_role() {
    let a = TestApp::spawn_demo().await;
    let password = a.user("lea@test.example", Role::Editor, Some("lyon-metropole")).await;
    let admin = "personnes@test.example";
    a.user(admin, Role::NetworkAdmin, None).await;
    let staff = a.session_client(admin).await;
    let csrf = a.csrf(&staff, "/admin/reseau/personnes/nouvelle").await;
    let roles = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'lea@test.example' ORDER BY m.role",
        )
        .fetch_all(a.state.db.pool())
        .await
        .unwrap()
    };
    let before = roles().await;

    // The back office: refused with the field's error, what was typed kept.
    let form = [("csrf", csrf.as_str()), ("name", "Léa"), ("email", "Lea@Test.example"), ("role", "network_admin"), ("club_id", "")];
    let r = staff.post(a.url("/admin/reseau/personnes/nouvelle")).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Un compte existe déjà avec cette adresse."), "the reason is said");
    assert!(page.contains("value=\"Lea@Test.example\""), "what was typed is kept");

    // Two at once for a new address: one account, one refusal, never a 500.
    let send = || {
        let (c, url) = (staff.clone(), a.url("/admin/reseau/personnes/nouvelle"));
        let form = vec![("csrf", csrf.clone()), ("name", "Nina".into()), ("email", "nina@test.example".into()), ("role", "editor".into())];
        tokio::spawn(async move {
            let r = c.post(url).form(&form).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        })
    };
    let (one, two) = (send(), send());
    let mut answers = [one.await.unwrap(), two.await.unwrap()];
    answers.sort_by_key(|(s, _)| *s);
    assert_eq!((answers[0].0, answers[1].0), (200, 422));
    assert!(answers[1].1.contains("Un compte existe déjà avec cette adresse."));
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'nina@test.example'").fetch_one(a.state.db.pool()).await.unwrap();
    assert_eq!(n, 1);

    // The command line: refused with a clear message.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_essaim"))
        .args(["user", "create", "--email", "lea@test.example", "--role", "network_admin", "--password", "un autre mot de passe"])
        .env("ESSAIM_DATABASE_URL", &a.state.config.database_url)
        .env("ESSAIM_DATA_DIR", a.state.config.data_dir.display().to_string())
        .env("ESSAIM_DEMO", "false")
        .env_remove("ESSAIM_USER_PASSWORD")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already exists") && err.contains("unchanged"), "{err}");

    // Nothing changed: the same roles, and the old password still signs in.
    assert_eq!(roles().await, before);
    let c = crate::common::client();
    let r = c
        .post(a.url("/admin/connexion"))
        .form(&[("email", "lea@test.example"), ("password", password.as_str()), ("next", "/admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "the old password still works");
}
