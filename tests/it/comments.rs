//! Comments: they wait for moderation, keep what was typed when wrong, resist robots
//! accessibly (honeypot, rate limit), can be closed, and the authors' log is purged.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, count, extract_csrf};
use essaim::modules::news;

async fn app_with_post(closed: bool) -> TestApp {
    let app = TestApp::spawn().await;
    app.publish("atelier", "Un atelier", closed).await;
    app
}

async fn form_csrf(app: &TestApp) -> String {
    extract_csrf(&app.get_text("/actualites/atelier").await.1).unwrap()
}

#[tokio::test]
async fn a_strangers_comment_waits_for_moderation() {
    let app = app_with_post(false).await;
    let csrf = form_csrf(&app).await;
    let r = app
        .post_form(
            "/actualites/atelier/commentaires",
            &[("name", "Awa"), ("email", "awa@example.org"), ("body", "Merci pour cet atelier !"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/actualites/atelier?commentaire=attente#commentaires");
    let (_, page) = app.get_text("/actualites/atelier?commentaire=attente").await;
    assert!(page.contains("publié après relecture"));
    assert!(!page.contains("Merci pour cet atelier"), "not shown before moderation");
    assert!(page.contains("Aucun commentaire"));
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE status = 'pending'").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(pending, 1);
    // What the law asks to keep is kept apart, with the address.
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comment_log WHERE operation = 'create' AND ip = '127.0.0.1'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 1);
    // And purged after its term, with the address on the comment once it is moderated.
    sqlx::query("UPDATE comments SET status = 'approved'").execute(app.state.db.pool()).await.unwrap();
    let now = app.state.now();
    app.state.clock.set(now + news::COMMENT_LOG_RETENTION + 1);
    assert_eq!(news::purge_expired(&app.state.db, app.state.now()).await.unwrap(), 1);
    let kept_email: String = sqlx::query_scalar("SELECT author_email FROM comments").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(kept_email, "", "the commenter's address goes with the log");
}

#[tokio::test]
async fn errors_are_shown_next_to_the_fields_with_the_input_kept() {
    let app = app_with_post(false).await;
    let csrf = form_csrf(&app).await;
    let r = app
        .post_form(
            "/actualites/atelier/commentaires",
            &[("name", "Awa"), ("email", "pas une adresse"), ("body", "Mon texte <b>gras</b>"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"comment-email-error\""));
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(body.contains("value=\"Awa\""));
    assert!(body.contains("Mon texte &#60;b&#62;gras&#60;/b&#62;"), "kept, and escaped");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 0, "nothing written");
    // A reply to a comment of another post, or to nothing, is refused.
    let r = app
        .post_form(
            "/actualites/atelier/commentaires",
            &[("name", "Awa"), ("email", "awa@example.org"), ("body", "x"), ("parent_id", "999"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .post_form(
            "/actualites/atelier/commentaires",
            &[("name", "Awa"), ("email", "awa@example.org"), ("body", "x"), ("parent_id", "abc"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn robots_are_stopped_without_a_captcha() {
    let app = app_with_post(false).await;
    let csrf = form_csrf(&app).await;
    // The honeypot: a robot filling every field is thanked and ignored.
    let r = app
        .post_form(
            "/actualites/atelier/commentaires",
            &[("name", "Bot"), ("email", "bot@example.org"), ("body", "spam"), ("website", "http://spam.example"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(n, 0);
    // The rate limit: five comments in ten minutes, then a clear 429 with the input kept.
    for i in 0..5 {
        let body = format!("Commentaire {i}");
        let r = app
            .post_form(
                "/actualites/atelier/commentaires",
                &[("name", "Awa"), ("email", "awa@example.org"), ("body", &body), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    let r = app
        .post_form(
            "/actualites/atelier/commentaires",
            &[("name", "Awa"), ("email", "awa@example.org"), ("body", "Encore un"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 429);
    let body = r.text().await.unwrap();
    assert!(body.contains("Trop de tentatives"));
    assert!(body.contains("Encore un"));
    // A form from another site is refused.
    let r = app
        .client
        .post(app.url("/actualites/atelier/commentaires"))
        .header("origin", "https://evil.example")
        .form(&[("name", "Awa"), ("email", "awa@example.org"), ("body", "x"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .post_form("/actualites/atelier/commentaires", &[("name", "Awa"), ("email", "awa@example.org"), ("body", "x"), ("csrf", "forged")])
        .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn closed_comments_and_threads() {
    let app = app_with_post(true).await;
    let (_, page) = app.get_text("/actualites/atelier").await;
    assert!(page.contains("Les commentaires sont fermés"));
    assert!(!page.contains("id=\"comment-form\""));
    let csrf = extract_csrf(&page).unwrap_or_default();
    let r = app
        .post_form("/actualites/atelier/commentaires", &[("name", "Awa"), ("email", "awa@example.org"), ("body", "x"), ("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), 403);

    let demo = TestApp::spawn_demo().await;
    // The demo's threaded comments render as nested lists with the count in words.
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.slug, COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.status = 'approved' AND c.parent_id IS NOT NULL GROUP BY p.slug",
    )
    .fetch_all(demo.state.db.pool())
    .await
    .unwrap();
    let (slug, _) = rows.first().expect("the demo has threaded comments");
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.slug = $1 AND c.status = 'approved'")
            .bind(slug.clone())
            .fetch_one(demo.state.db.pool())
            .await
            .unwrap();
    let (_, page) = demo.get_text(&format!("/actualites/{slug}")).await;
    assert!(page.contains(&format!("{total} commentaires")) || (total == 1 && page.contains("1 commentaire")));
    assert_eq!(count(&page, "class=\"comment\""), total as usize);
    assert!(page.contains("<ol>"), "replies are nested");
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE status = 'pending'").fetch_one(demo.state.db.pool()).await.unwrap();
    assert_eq!(pending, 1, "the demo has one comment waiting for moderation");
}
