//! Failed sign-ins are counted by one atomic statement: concurrent wrong passwords all count,
//! on PostgreSQL too, and the account is then locked. SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{Options, TestApp};
use essaim::core::auth::Role;

#[tokio::test]
async fn concurrent_wrong_passwords_all_count() {
    let app = TestApp::spawn_with(Options { trusted_proxies: Some("127.0.0.1".into()), ..Default::default() }).await;
    let password = app.user("cible@test.example", Role::Editor, None).await;
    let attempt = |n: usize, password: String| {
        let url = app.url("/admin/connexion");
        tokio::spawn(async move {
            let r = crate::common::client()
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

/// The negative control of the test above, whose exact count holds only because a failure is
/// counted by one statement. Twelve failures start together (a barrier): through
/// `record_login_failure` all twelve count; counted as a read then a write, all twelve read
/// before any writes and eleven are lost, the loss the one statement prevents.
#[tokio::test]
async fn a_count_read_then_written_loses_concurrent_failures() {
    let app = TestApp::spawn().await;
    let app = &app;
    let db = &app.state.db;
    let now = app.state.now();
    let count = |key: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT failures FROM login_failures WHERE key = $1")
            .bind(key)
            .fetch_optional(app.state.db.pool())
            .await
            .unwrap()
            .unwrap_or(0)
    };
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(12));
    let atomic: Vec<_> = (0..12)
        .map(|_| {
            let (db, barrier) = (db.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                essaim::core::auth::record_login_failure(&db, "email:atomique@test.example", now).await.unwrap();
            })
        })
        .collect();
    for t in atomic {
        t.await.unwrap();
    }
    assert_eq!(count("email:atomique@test.example").await, 12, "one statement: every failure counts");

    let non_atomic: Vec<_> = (0..12)
        .map(|_| {
            let (db, barrier) = (db.clone(), barrier.clone());
            tokio::spawn(async move {
                let key = "email:lu-puis-ecrit@test.example";
                let seen: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(failures), 0) FROM login_failures WHERE key = $1")
                    .bind(key)
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
                barrier.wait().await;
                sqlx::query(
                    "INSERT INTO login_failures (key, failures, window_start, locked_until) VALUES ($1, $2, $3, 0) \
                     ON CONFLICT (key) DO UPDATE SET failures = $2",
                )
                .bind(key)
                .bind(seen + 1)
                .bind(now)
                .execute(db.writer())
                .await
                .unwrap();
            })
        })
        .collect();
    for t in non_atomic {
        t.await.unwrap();
    }
    assert_eq!(count("email:lu-puis-ecrit@test.example").await, 1, "read then written: eleven failures of twelve are lost");
}
