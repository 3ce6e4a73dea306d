//! What an attacker may send: a body over the size limit gets the translated 413 page (JSON
//! under /api) with the security headers; a request carrying the session cookie is checked
//! for its origin whatever else it carries, and `Origin: null` is refused; a picture over 40
//! megapixels is refused with a clear message before it is decoded. SQLite, or PostgreSQL
//! when ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::core::auth::Role;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

fn has_security_headers(r: &reqwest::Response) -> bool {
    ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"].iter().all(|h| r.headers().contains_key(*h))
}

#[tokio::test]
async fn a_body_over_the_limit_gets_the_translated_413_with_the_security_headers() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(25 * 1024 * 1024);
    // A page: the error page in the visitor's language.
    let r = app
        .client
        .post(app.url("/admin/connexion"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(has_security_headers(&r), "{:?}", r.headers());
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(r.text().await.unwrap().contains("Le fichier ou le formulaire envoyé est trop volumineux."));
    // The API: JSON.
    let r =
        reqwest::Client::new().post(app.url("/api/v1/posts")).header("content-type", "application/json").body(huge).send().await.unwrap();
    assert_eq!(r.status(), 413);
    assert!(has_security_headers(&r));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "error-too-large");
    assert_eq!(body["error"]["status"], 413);
}

#[tokio::test]
async fn the_origin_is_checked_whenever_the_session_cookie_comes_and_null_is_refused() {
    let app = TestApp::spawn().await;
    app.user("origine@test.example", Role::NetworkAdmin, None).await;
    let staff = app.session_client("origine@test.example").await;
    let csrf = app.csrf(&staff, "/admin/categories").await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, "origine@test.example").await.unwrap().unwrap();
    let token = essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1;
    let category =
        |name: &str| vec![("csrf", csrf.clone()), ("name", name.to_string()), ("slug", String::new()), ("description", String::new())];
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM categories").fetch_one(db.pool()).await.unwrap() };
    let before = count().await;
    let host = app.addr.trim_start_matches("http://").to_string();
    // The cookie with a foreign origin, with or without an Authorization header: refused.
    for (origin, authorization) in [
        ("https://evil.example", None),
        ("https://evil.example", Some("Bearer x")),
        ("null", None),
        ("null", Some(format!("Bearer {token}").as_str())),
    ] {
        let mut req = staff.post(app.url("/admin/categories")).header("origin", origin).form(&category("Piège"));
        if let Some(a) = authorization {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403, "{origin} {authorization:?}");
    }
    assert_eq!(count().await, before, "nothing was written");
    // `Origin: null` without any credential: refused too (an anonymous form).
    let r = reqwest::Client::new().post(app.url("/langue")).header("origin", "null").form(&[("lang", "en")]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    // The site's own origin: saved.
    let r = staff
        .post(app.url("/admin/categories"))
        .header("origin", format!("http://{host}"))
        .form(&category("Emploi local"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // A bearer token alone (no cookie) is no ambient credential: a server elsewhere may use it.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/clubs"))
        .bearer_auth(&token)
        .header("origin", "https://outil.example")
        .json(&serde_json::json!({ "name": "Club outillé" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[tokio::test]
async fn a_picture_over_40_megapixels_is_refused_with_a_clear_message() {
    let app = TestApp::spawn().await;
    app.user("images@test.example", Role::NetworkAdmin, None).await;
    let staff = app.session_client("images@test.example").await;
    let csrf = app.csrf(&staff, "/admin/medias").await;
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM media").fetch_one(app.state.db.pool()).await.unwrap() };
    let before = count().await;
    let form = Form::new()
        .text("csrf", csrf)
        .text("alt", "Une très grande image")
        .part("file", Part::bytes(crate::common::png::huge_png(10_000, 10_000)).file_name("immense.png").mime_str("image/png").unwrap());
    let r = staff.post(app.url("/admin/medias")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Cette image est trop grande : 40 millions de pixels au plus"), "the reason is said");
    assert_eq!(count().await, before, "nothing was stored");
}
