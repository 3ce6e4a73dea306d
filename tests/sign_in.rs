//! Failed sign-ins are counted by one atomic statement: concurrent wrong passwords all count,
//! on PostgreSQL too, and the account is then locked. SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{Options, TestApp};
use essaim::core::auth::Role;

#[tokio::test]
async fn concurrent_wrong_passwords_all_count() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let password = app.user("cible@test.example", Role::Editor, None).await;
    let attempt = |n: usize, password: String| {
        let url = app.url("/admin/connexion");
        tokio::spawn(async move {
            let r = common::client()
                .post(url)
                .header("x-forwarded-for", format!("198.51.100.{n}"))
                .form(&[("email", "cible@test.example"), ("password", password.as_str())])
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        })
    };
    let tries: Vec<_> = (0..12).map(|n| attempt(n, format!("mauvais {n}"))).collect();
    let mut statuses = vec![];
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    // Each answer is a refusal: 422 (counted) or 429 (already locked, not checked).
    assert!(statuses.iter().all(|s| *s == 422 || *s == 429), "{statuses:?}");
    let refused = statuses.iter().filter(|s| **s == 422).count() as i64;
    assert!(refused >= 5, "{statuses:?}");
    let counted: i64 = sqlx::query_scalar("SELECT failures FROM login_failures WHERE key = 'email:cible@test.example'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(counted, refused, "every failure checked was counted: {statuses:?}");
    // Locked: even the right password waits.
    assert_eq!(attempt(200, password).await.unwrap(), 429);
}
