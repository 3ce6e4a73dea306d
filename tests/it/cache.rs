//! The rendered-page cache never shows stale content: a post published, edited or
//! unpublished, or a comment approved, is on every page that shows it at the next request,
//! also when another instance on the same PostgreSQL made the change; pages are served
//! pre-compressed with an ETag. SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::io::Read;

use crate::common::{Options, TestApp, extract_csrf, is_postgres};
use essaim::core::auth::Role;
use serde_json::{Value, json};

async fn api_token(app: &TestApp, email: &str) -> String {
    app.user(email, Role::NetworkAdmin, None).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

async fn api(app: &TestApp, method: reqwest::Method, path: &str, token: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new().request(method, app.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// An anonymous visitor's view of `path` (a new client each time: no cookie), with the search
/// page's highlighting taken out so that titles read whole.
async fn visit(app: &TestApp, path: &str) -> (u16, String) {
    let r = reqwest::Client::new().get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap().replace("<mark>", "").replace("</mark>", ""))
}

/// Every page that shows a post of category "emploi" titled `title`.
const PAGES: [&str; 5] = ["/", "/actualites", "/actualites/categorie/emploi", "/actualites/flux.atom", "/recherche?q=tremplin"];

async fn warm(app: &TestApp) {
    for p in PAGES.iter().chain(&["/sitemap.xml"]) {
        // Twice: the second answer comes from the cache.
        assert_eq!(visit(app, p).await.0, 200, "{p}");
        assert_eq!(visit(app, p).await.0, 200, "{p}");
    }
}

#[tokio::test]
async fn pages_are_served_compressed_with_an_etag_and_revalidated() {
    let app = TestApp::spawn_demo().await;
    let c = reqwest::Client::new();
    let plain = c.get(app.url("/actualites")).send().await.unwrap();
    assert_eq!(plain.headers()["cache-control"], "no-cache");
    assert!(plain.headers()["vary"].to_str().unwrap().contains("Accept-Encoding"));
    assert!(plain.headers().get("content-security-policy").is_some(), "the security headers are kept");
    let etag = plain.headers()["etag"].to_str().unwrap().to_string();
    let page = plain.text().await.unwrap();
    assert!(page.contains("<h1"));

    let br = c.get(app.url("/actualites")).header("accept-encoding", "gzip, deflate, br").send().await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    let br_etag = br.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(br_etag, etag, "each encoding has its own tag");
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &br.bytes().await.unwrap()[..], &mut decoded).unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), page);

    let gz = c.get(app.url("/actualites")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..]).read_to_string(&mut decoded).unwrap();
    assert_eq!(decoded, page);

    // Revalidation: 304 without a body while nothing changed.
    let r = c.get(app.url("/actualites")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(r.headers()["etag"].to_str().unwrap(), etag);
    assert!(r.bytes().await.unwrap().is_empty());
    let r = c.get(app.url("/actualites")).header("accept-encoding", "br").header("if-none-match", &br_etag).send().await.unwrap();
    assert_eq!(r.status(), 304);
    // Another page's tag does not match.
    let r = c.get(app.url("/actualites?page=2")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(r.status(), 200);

    // After a change the old tag no longer matches.
    let token = api_token(&app, "cache-admin@test.example").await;
    let (s, body) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/posts",
        &token,
        json!({ "title": "Un tremplin numérique", "body": "Texte.", "status": "published" }),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let r = c.get(app.url("/actualites")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Un tremplin numérique"));
}

#[tokio::test]
async fn a_published_edited_or_unpublished_post_shows_on_every_page_at_the_next_request() {
    let app = TestApp::spawn_demo().await;
    let token = api_token(&app, "cache-admin@test.example").await;
    warm(&app).await;

    // Published: on every page that lists it.
    let post =
        json!({ "title": "Tremplin vers l’emploi à Bobigny", "body": "Un **tremplin**.", "status": "published", "categories": ["emploi"] });
    let (s, body) = api(&app, reqwest::Method::POST, "/api/v1/posts", &token, post).await;
    assert_eq!(s, 201, "{body}");
    let slug = body["slug"].as_str().unwrap().to_string();
    let url = format!("/actualites/{slug}");
    for p in PAGES {
        let (status, page) = visit(&app, p).await;
        assert_eq!(status, 200);
        assert!(page.contains("Tremplin vers l’emploi à Bobigny"), "{p} does not show the new post");
    }
    let (status, _) = visit(&app, &url).await;
    assert_eq!(status, 200);
    assert!(visit(&app, "/sitemap.xml").await.1.contains(&url));
    warm(&app).await;

    // Edited: the new title everywhere, the old one nowhere.
    let edit = json!({ "title": "Tremplin numérique à Bobigny", "slug": slug, "body": "Un **tremplin**.", "status": "published", "categories": ["emploi"] });
    let (s, body) = api(&app, reqwest::Method::PATCH, &format!("/api/v1/posts/{slug}"), &token, edit).await;
    assert_eq!(s, 200, "{body}");
    for p in PAGES {
        let (_, page) = visit(&app, p).await;
        assert!(page.contains("Tremplin numérique à Bobigny"), "{p} shows the old title");
        assert!(!page.contains("Tremplin vers l"), "{p} still shows the old title");
    }
    warm(&app).await;
    assert_eq!(visit(&app, &url).await.0, 200);

    // Unpublished: gone from every page, and its own page is a 404.
    let draft = json!({ "title": "Tremplin numérique à Bobigny", "slug": slug, "body": "Un **tremplin**.", "status": "draft", "categories": ["emploi"] });
    let (s, body) = api(&app, reqwest::Method::PATCH, &format!("/api/v1/posts/{slug}"), &token, draft).await;
    assert_eq!(s, 200, "{body}");
    for p in PAGES {
        let (_, page) = visit(&app, p).await;
        assert!(!page.contains("Tremplin numérique"), "{p} still shows an unpublished post");
    }
    assert_eq!(visit(&app, &url).await.0, 404);
    assert!(!visit(&app, "/sitemap.xml").await.1.contains(&url));
}

#[tokio::test]
async fn an_approved_comment_shows_at_the_next_request_and_a_signed_in_page_is_never_shared() {
    let app = TestApp::spawn_demo().await;
    app.publish("atelier-cache", "Atelier du cache", false).await;
    let post = "/actualites/atelier-cache";
    let (_, page) = visit(&app, post).await;
    let (_, again) = visit(&app, post).await;
    // The same page for both, apart from each visitor's own CSRF token (tests/csrf.rs).
    let without_token = |p: &str| p.replace(&extract_csrf(p).unwrap(), "");
    assert_eq!(without_token(&page), without_token(&again));
    // A visitor sends the form with the token of the page they were given (and its cookie).
    let visitor = crate::common::client();
    let csrf = app.csrf(&visitor, post).await;
    let r = visitor
        .post(app.url(&format!("{post}/commentaires")))
        .form(&[("name", "Awa"), ("email", "awa@example.org"), ("body", "Un commentaire très attendu"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!visit(&app, post).await.1.contains("Un commentaire très attendu"), "awaiting moderation");

    let pw = app.user("mod@example.org", Role::NetworkAdmin, None).await;
    let staff = app.login("mod@example.org", &pw).await;
    let list = staff.get(app.url("/admin/commentaires?statut=pending")).send().await.unwrap().text().await.unwrap();
    let i = list.find("name=\"ids\" value=\"").unwrap() + "name=\"ids\" value=\"".len();
    let id = list[i..i + list[i..].find('"').unwrap()].to_string();
    let csrf = extract_csrf(&list).unwrap();
    let r = staff
        .post(app.url("/admin/commentaires"))
        .form(&[("csrf", csrf.as_str()), ("statut", "pending"), ("action", "approve"), ("ids", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(visit(&app, post).await.1.contains("Un commentaire très attendu"), "approved: shown at the next request");

    // The staff member's own view of a page is rendered for them, never taken from (or put in)
    // the visitors' cache.
    let theirs = staff.get(app.url("/actualites")).send().await.unwrap().text().await.unwrap();
    let visitors = visit(&app, "/actualites").await.1;
    assert!(theirs.contains("mod@example.org") || theirs.contains("/admin\""), "the staff page shows the signed-in person");
    assert_ne!(theirs, visitors);
    assert!(!visitors.contains("mod@example.org"));
}

#[tokio::test]
async fn a_scheduled_post_appears_when_its_time_comes() {
    let app = TestApp::spawn_demo().await;
    let token = api_token(&app, "cache-admin@test.example").await;
    let now = app.state.now();
    app.state.clock.set(now);
    let at = jiff::Timestamp::from_second(now + 3600).unwrap().to_string();
    let post = json!({ "title": "Annonce programmée du tremplin", "body": "Bientôt.", "status": "published", "published_at": at });
    let (s, body) = api(&app, reqwest::Method::POST, "/api/v1/posts", &token, post).await;
    assert_eq!(s, 201, "{body}");
    warm(&app).await;
    assert!(!visit(&app, "/actualites").await.1.contains("Annonce programmée"));
    app.state.clock.set(now + 3599);
    assert!(!visit(&app, "/actualites").await.1.contains("Annonce programmée"));
    app.state.clock.set(now + 3600);
    for p in ["/", "/actualites", "/actualites/flux.atom"] {
        assert!(visit(&app, p).await.1.contains("Annonce programmée"), "{p}: the scheduled post is due");
    }
}

#[tokio::test]
async fn every_visitor_gets_their_own_booking_form_key() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let input = essaim::modules::events::EventInput {
        slug: "atelier-cache".into(),
        title: "Atelier du cache".into(),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 3600,
        place_name: "Salle".into(),
        capacity: 10,
        status: "published".into(),
        ..Default::default()
    };
    essaim::modules::events::create_event(&app.state.db, &input, now).await.unwrap();
    let key = |page: &str| {
        let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
        page[i..i + page[i..].find('"').unwrap()].to_string()
    };
    let (_, a) = visit(&app, "/evenements/atelier-cache").await;
    let (_, b) = visit(&app, "/evenements/atelier-cache").await;
    assert_ne!(key(&a), key(&b));
    assert!(!a.contains(essaim::core::cache::FRESH_TOKEN) && !b.contains(essaim::core::cache::FRESH_TOKEN));
    assert_eq!(key(&a).len(), 43);
    let rest = |p: &str| p.replace(&key(p), "").replace(&extract_csrf(p).unwrap(), "");
    assert_eq!(rest(&a), rest(&b), "the rest of the page (apart from each visitor's CSRF token) is the cached one");
}

/// Two instances on one PostgreSQL: a change made through one is on the other's pages at its
/// next request. On SQLite (one server per database), a change written by another process
/// (`essaim import`) reaches the server's pages within a second.
#[tokio::test]
async fn a_change_made_elsewhere_reaches_the_cached_pages() {
    let a = TestApp::spawn_demo().await;
    if is_postgres() {
        let url = a.state.config.database_url.clone();
        let b = TestApp::spawn_with(Options { database_url: Some(url), ..Default::default() }).await;
        let token = api_token(&a, "cache-admin@test.example").await;
        warm(&b).await;
        let post =
            json!({ "title": "Tremplin partagé entre instances", "body": "Texte.", "status": "published", "categories": ["emploi"] });
        let (s, body) = api(&a, reqwest::Method::POST, "/api/v1/posts", &token, post).await;
        assert_eq!(s, 201, "{body}");
        for p in PAGES {
            assert!(visit(&b, p).await.1.contains("Tremplin partagé entre instances"), "{p} on the other instance");
        }
        let draft = json!({ "title": "Tremplin partagé entre instances", "slug": "tremplin-partage-entre-instances", "body": "Texte.", "status": "draft" });
        let (s, body) = api(&a, reqwest::Method::PATCH, "/api/v1/posts/tremplin-partage-entre-instances", &token, draft).await;
        assert_eq!(s, 200, "{body}");
        for p in PAGES {
            assert!(!visit(&b, p).await.1.contains("Tremplin partagé"), "{p} on the other instance after unpublishing");
        }
    } else {
        warm(&a).await;
        // What the import command does, from its own connection: write, then move the generations.
        let other = essaim::core::db::Db::connect(&a.state.config.database_url).await.unwrap();
        sqlx::query("UPDATE posts SET title = 'Titre écrit par une autre commande' WHERE id = (SELECT id FROM posts WHERE kind = 'post' AND status = 'published' AND published_at <= $1 ORDER BY published_at DESC, id DESC LIMIT 1)")
            .bind(a.state.now())
            .execute(other.writer())
            .await
            .unwrap();
        essaim::core::cache::content_changed_elsewhere(&other).await.unwrap();
        let mut seen = false;
        for _ in 0..40 {
            if visit(&a, "/actualites").await.1.contains("Titre écrit par une autre commande") {
                seen = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(seen, "the server took in the other process's change");
    }
}

/// The negative control of the tests above: the cache really answers. A title changed in the
/// database behind the app's back (no generation moved) is not on the page, which comes from
/// the cache; a write through the app then moves the generations, and the next request renders
/// the page again, with the change.
#[tokio::test]
async fn a_page_comes_from_the_cache_until_a_write_through_the_app_moves_the_generations() {
    let app = TestApp::spawn_demo().await;
    let token = api_token(&app, "cache-admin@test.example").await;
    let db = &app.state.db;
    let title = "Témoin du cache";
    let id = app.publish("temoin-du-cache", title, false).await;
    let (status, page) = visit(&app, "/actualites").await;
    assert_eq!(status, 200);
    assert!(page.contains(title), "the newest post is listed");
    // Behind the app's back: the database changes, the generations do not move.
    sqlx::query("UPDATE posts SET title = 'Titre changé en douce' WHERE id = $1").bind(id).execute(db.writer()).await.unwrap();
    // Longer than the SQLite server's poll of the generations table: still nothing moved.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    for _ in 0..3 {
        let (status, page) = visit(&app, "/actualites").await;
        assert_eq!(status, 200);
        assert!(page.contains(title), "the page comes from the cache: the old title is still served");
        assert!(!page.contains("Titre changé en douce"), "the page was rendered again without any write through the app");
    }

    // A write through the app moves the generations: the next request renders the page again.
    let post = json!({ "title": "Un atelier de plus", "body": "Texte.", "status": "published" });
    let (s, body) = api(&app, reqwest::Method::POST, "/api/v1/posts", &token, post).await;
    assert_eq!(s, 201, "{body}");
    let (_, page) = visit(&app, "/actualites").await;
    assert!(page.contains("Un atelier de plus"), "the new post is listed");
    assert!(page.contains("Titre changé en douce"), "the page was rendered again, with the change made behind the app's back");
}
