//! Anonymous forms carry a per-visitor CSRF token (the HMAC of a random visitor id kept in a
//! cookie) while the cached pages stay shared: one copy in the cache, each visitor's own token
//! written into the copy they receive. SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is
//! set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, client, extract_csrf};
use essaim::core::web::VISITOR_CSRF;

const POST: &str = "/actualites/atelier";

/// A visitor's view of `path`: the page, and the visitor cookie it sets (if any).
async fn visit(app: &TestApp, c: &reqwest::Client, path: &str) -> (String, Option<String>) {
    let r = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("essaim_visitor="))
        .map(str::to_string);
    (r.text().await.unwrap(), cookie)
}

async fn comment(app: &TestApp, c: &reqwest::Client, csrf: &str, body: &str) -> (u16, String) {
    let form = [("name", "Awa"), ("email", "awa@example.org"), ("body", body), ("csrf", csrf)];
    let r = c.post(app.url(&format!("{POST}/commentaires"))).form(&form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn each_visitor_has_their_own_token_on_the_one_cached_page() {
    let app = TestApp::spawn().await;
    let id = app.publish("atelier", "Un atelier", false).await;
    let (a, b) = (client(), client());

    // Two first-time visitors (no cookie sent before): each gets the visitor cookie with the
    // page, and their own token in it.
    let (page_a, cookie_a) = visit(&app, &a, POST).await;
    let (page_b, cookie_b) = visit(&app, &b, POST).await;
    let cookie_a = cookie_a.expect("the visitor cookie is set with the first page that has a form");
    assert!(cookie_a.contains("HttpOnly") && cookie_a.contains("SameSite=Lax") && cookie_a.contains("Path=/"), "{cookie_a}");
    assert!(!cookie_a.contains("Secure"), "the test site is served over http");
    assert!(cookie_b.is_some());
    let (token_a, token_b) = (extract_csrf(&page_a).unwrap(), extract_csrf(&page_b).unwrap());
    assert_ne!(token_a, token_b, "two visitors, two tokens");
    assert_eq!(token_a.len(), 43);
    assert!(!page_a.contains(VISITOR_CSRF) && !page_b.contains(VISITOR_CSRF), "the placeholder never reaches a visitor");
    assert_eq!(page_a.replace(&token_a, ""), page_b.replace(&token_b, ""), "the rest of the page is the same");

    // The same visitor keeps their token, and their cookie is not set again.
    let (again, cookie) = visit(&app, &a, POST).await;
    assert_eq!(extract_csrf(&again).unwrap(), token_a);
    assert!(cookie.is_none());

    // The page comes from the cache: the database changed behind the app's back, the old page
    // is still served, with each visitor's own token.
    sqlx::query("UPDATE posts SET title = 'Titre changé en douce' WHERE id = $1").bind(id).execute(app.state.db.writer()).await.unwrap();
    let (cached_a, _) = visit(&app, &a, POST).await;
    let (cached_b, _) = visit(&app, &b, POST).await;
    assert!(cached_a.contains("Un atelier") && !cached_a.contains("Titre changé en douce"), "served from the cache");
    assert_eq!(extract_csrf(&cached_a).unwrap(), token_a);
    assert_eq!(extract_csrf(&cached_b).unwrap(), token_b);

    // A's token is refused for B, for a client without the visitor cookie, and so is the
    // placeholder itself.
    let (status, page) = comment(&app, &b, &token_a, "Un commentaire avec le jeton d'un autre").await;
    assert_eq!(status, 400);
    assert!(page.contains("Le formulaire a expiré"), "the translated error");
    let no_cookie = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    assert_eq!(comment(&app, &no_cookie, &token_a, "Sans cookie").await.0, 400);
    assert_eq!(comment(&app, &a, VISITOR_CSRF, "Avec le marqueur").await.0, 400);
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM comments").fetch_one(app.state.db.pool()).await.unwrap() };
    assert_eq!(count().await, 0);

    // Each with their own token: the comment form works for both first-time visitors.
    assert_eq!(comment(&app, &a, &token_a, "Merci pour cet atelier").await.0, 303);
    assert_eq!(comment(&app, &b, &token_b, "Merci aussi").await.0, 303);
    assert_eq!(count().await, 2);
}

#[tokio::test]
async fn a_first_time_visitor_books_with_the_token_of_the_cached_page() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let input = essaim::modules::events::EventInput {
        slug: "atelier-cv".into(),
        title: "Atelier CV".into(),
        starts_at: now + 7 * 86_400,
        ends_at: now + 7 * 86_400 + 3600,
        place_name: "Salle".into(),
        capacity: 10,
        status: "published".into(),
        ..Default::default()
    };
    essaim::modules::events::create_event(&app.state.db, &input, now).await.unwrap();
    // Someone else's visit puts the page in the cache.
    visit(&app, &client(), "/evenements/atelier-cv").await;
    let held = app.state.pages.len();
    assert!(held > 0);

    let c = client();
    let (page, cookie) = visit(&app, &c, "/evenements/atelier-cv").await;
    assert!(cookie.is_some());
    assert_eq!(app.state.pages.len(), held, "answered from the cache");
    let csrf = extract_csrf(&page).unwrap();
    let i = page.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key = &page[i..i + page[i..].find('"').unwrap()];
    let form = [
        ("csrf", csrf.as_str()),
        ("key", key),
        ("contact_name", "Awa Diallo"),
        ("email", "awa@exemple.fr"),
        ("seats", "1"),
        ("attendee", "Awa Diallo"),
    ];
    let r = c.post(app.url("/evenements/atelier-cv")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
}
