//! `essaim seed` at a tiny size, through the library, on the test's backend: the counts, the
//! public pages, the post with 50 comments, and the events' capacity guarantee.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::modules::seed::{self, Params};

fn tiny() -> Params {
    Params { posts: 120, comments: 400, clubs: 3, categories: 4, tags: 15, events: 12, registrations: 300, force: false, seed: 7 }
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.state.db.pool()).await.unwrap()
}

#[tokio::test]
async fn a_tiny_data_set_goes_in_through_the_app() {
    let app = TestApp::spawn().await;
    let now = app.state.now();
    let summary = seed::run(&app.state.db, &app.state.config, &tiny(), now, &|_| {}).await.unwrap();

    // What the summary says is what the database holds.
    assert_eq!((summary.posts, summary.comments, summary.events, summary.registrations), (120, 400, 12, 300));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts WHERE kind = 'post' AND status = 'published'").await, 120);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE status = 'approved'").await, 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM clubs").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM categories").await, 4);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM tags").await, 15);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, 12);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM registrations").await, 300);
    assert_eq!(summary.confirmed + summary.waiting, 300);
    assert!(summary.waiting > 0, "some events are full, with a waiting list");
    // Every post is filed and indexed; the dates span years.
    assert_eq!(count(&app, "SELECT COUNT(DISTINCT post_id) FROM post_categories").await, 120);
    let span = count(&app, "SELECT MAX(published_at) - MIN(published_at) FROM posts").await;
    assert!(span > 15 * 365 * 86_400, "{span}");
    // The clubs' editors cannot sign in (only the app's own first administrator has a
    // password), and no booking e-mail waits to go out.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE email LIKE '%@exemple.invalid'").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 0);

    // The public archive shows the newest posts, and pages through all of them.
    let newest: Vec<String> = sqlx::query_scalar("SELECT slug FROM posts ORDER BY published_at DESC, id DESC LIMIT 10")
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    let (status, archive) = app.get_text("/actualites").await;
    assert_eq!(status, 200);
    for slug in &newest {
        assert!(archive.contains(&format!("/actualites/{slug}")), "{slug} on the first archive page");
    }
    assert_eq!(app.get_text("/actualites?page=12").await.0, 200);

    // The benchmark's post has exactly 50 approved comments, all shown.
    let url = summary.post_with_50_comments.clone().expect("a post with 50 comments");
    assert!(archive.contains(&format!("href=\"{url}\"")), "it is on the first archive page");
    let (status, page) = app.get_text(&url).await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("<li class=\"comment\" id=\"comment-").count(), 50);

    // The category, tag and club pages, a search and the events answer.
    for url in [&summary.category, &summary.tag, &summary.club, &summary.upcoming_event] {
        let url = url.clone().expect("an address");
        assert_eq!(app.get_text(&url).await.0, 200, "{url}");
    }
    let (status, results) = app.get_text(&format!("/recherche?q={}", summary.search_common)).await;
    assert_eq!(status, 200);
    assert!(results.contains("/actualites/"), "the common word finds posts");

    // No event holds more confirmed seats than its capacity, and the counters agree.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM events WHERE registered > capacity").await, 0);
    let over = count(
        &app,
        "SELECT COUNT(*) FROM events e WHERE e.capacity < \
         (SELECT COALESCE(SUM(r.seats), 0) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed')",
    )
    .await;
    assert_eq!(over, 0);
    assert!(essaim::modules::events::check_counters(&app.state.db).await.unwrap().is_empty());
    // Past events' bookings were anonymised, as the hourly maintenance would have done.
    assert!(summary.anonymised_events > 0);
    assert!(count(&app, "SELECT COUNT(*) FROM registrations WHERE anonymised_at IS NOT NULL AND contact_name = ''").await > 0);

    // The event left for the booking rush is open, empty, with its places.
    let slug = summary.open_event.clone().expect("an open event");
    let event = essaim::modules::events::get_event_by_slug(&app.state.db, &slug).await.unwrap().expect("the open event");
    assert_eq!((event.registered, event.capacity), (0, seed::OPEN_EVENT_PLACES));
    assert!(event.is_open(now));
    assert_eq!(app.get_text(&format!("/evenements/{slug}")).await.0, 200);

    // A second run refuses a database that has posts.
    let again = seed::run(&app.state.db, &app.state.config, &tiny(), now, &|_| {}).await;
    assert!(again.is_err_and(|e| e.to_string().contains("already has 120 posts")));
}
