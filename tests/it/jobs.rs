//! The job queue: a job runs and reports its progress; failures are retried with backoff,
//! then failed; a job whose instance died is resumed by another, or failed once its attempts
//! are spent, never left running; two instances never run one job twice at once (with its
//! negative control); the staff page `/admin/taches` with retry and cancel (SQLite, or
//! PostgreSQL when ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{Options, TestApp, fresh_database};
use essaim::core::auth::Role;
use essaim::core::jobs::{self, Job, JobError, JobKind, NewJob};
use essaim::core::web::AppState;

const ADMIN: &str = "admin@example.org";

async fn job(state: &AppState, id: i64) -> Job {
    jobs::get(&state.db, id).await.unwrap().expect("the job exists")
}

/// Wait (at most 20 s) until the job satisfies `done`; returns it.
async fn wait_for(state: &AppState, id: i64, what: &str, done: impl Fn(&Job) -> bool) -> Job {
    for _ in 0..400 {
        let j = job(state, id).await;
        if done(&j) {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {id}: {what} never happened: {:?}", job(state, id).await);
}

fn enqueue_now(kind: &'static str) -> NewJob {
    NewJob { kind, ..Default::default() }
}

/// Overwrite a job's row as an instance that died mid-run would have left it.
async fn as_left_by_a_dead_instance(state: &AppState, id: i64, attempts: i64) {
    let now = state.now();
    sqlx::query(
        "UPDATE jobs SET status = 'running', attempts = $2, lease_owner = 'an-instance-that-died', lease_until = $3, run_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(attempts)
    .bind(now - 1)
    .bind(now - 120)
    .execute(state.db.pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn a_job_runs_and_reports_its_progress() {
    let app = TestApp::spawn().await;
    app.state.jobs.register(JobKind::new("test.steps", "jobs-title", 3, |_state, run| async move {
        for i in 1..=4 {
            run.progress.set(i, 4, "import-phase-reading");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let bytes = run.files.iter().map(|f| f.bytes.len()).sum::<usize>();
        Ok(serde_json::json!({ "echo": run.payload["n"], "bytes": bytes, "attempt": run.attempt }))
    }));
    let id = jobs::enqueue(
        &app.state,
        NewJob {
            kind: "test.steps",
            payload: serde_json::json!({ "n": 7 }),
            files: vec![("a.bin".into(), vec![1, 2, 3]), ("b.bin".into(), vec![4; 10])],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(jobs::count_files(&app.state.db, id).await.unwrap(), 2);
    // Progress shows while it runs, written by the runner and renewing the lease.
    let running = wait_for(&app.state, id, "progress while running", |j| j.status == "running" && j.progress_done >= 1).await;
    assert_eq!(running.progress_total, 4);
    assert_eq!(running.progress_text, "import-phase-reading");
    assert_eq!(running.lease_owner.as_deref(), Some(app.state.jobs.instance()));
    assert!(running.lease_until.unwrap() >= app.state.now() + jobs::LEASE_SECS - 2);
    let j = wait_for(&app.state, id, "done", |j| j.status == "done").await;
    assert_eq!((j.progress_done, j.progress_total, j.attempts), (4, 4, 1));
    assert_eq!(j.result_json(), serde_json::json!({ "echo": 7, "bytes": 13, "attempt": 1 }));
    assert!(j.finished_at.is_some() && j.lease_owner.is_none() && j.last_error.is_none());
    // A job that is done drops its files.
    assert_eq!(jobs::count_files(&app.state.db, id).await.unwrap(), 0);
    // An unknown kind cannot be queued.
    assert!(jobs::enqueue(&app.state, enqueue_now("test.nobody")).await.is_err());
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_failed() {
    let app = TestApp::spawn().await;
    let t0 = app.state.now();
    app.state.clock.set(t0);
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    app.state.jobs.register(JobKind::new("test.fails", "jobs-title", 3, move |_state, _run| {
        let n = c.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Err::<serde_json::Value, _>(JobError::retry(format!("the mail server said no ({n})"))) }
    }));
    let id = jobs::enqueue(&app.state, enqueue_now("test.fails")).await.unwrap();

    // First failure: queued again 30 s later, the error shown.
    let j = wait_for(&app.state, id, "first failure", |j| j.attempts == 1 && j.status == "queued").await;
    assert_eq!(j.run_at, t0 + 30);
    assert_eq!(j.last_error.as_deref(), Some("the mail server said no (1)"));
    // Not before its time.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // Second failure: 60 s later (doubling).
    app.state.clock.advance(30);
    let j = wait_for(&app.state, id, "second failure", |j| j.attempts == 2 && j.status == "queued").await;
    assert_eq!(j.run_at, t0 + 30 + 60);
    app.state.clock.advance(59);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2, "not due one second early");

    // Third and last: failed, with its reason, never running again.
    app.state.clock.advance(1);
    let j = wait_for(&app.state, id, "failure", |j| j.status == "failed").await;
    assert_eq!((j.attempts, j.max_attempts), (3, 3));
    assert_eq!(j.last_error.as_deref(), Some("the mail server said no (3)"));
    assert!(j.finished_at.is_some() && j.lease_owner.is_none());
    app.state.clock.advance(24 * 3600);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // A failure that will not pass by itself fails at once.
    app.state.jobs.register(JobKind::new("test.broken", "jobs-title", 3, |_state, _run| async {
        Err::<serde_json::Value, _>(JobError::fatal("line 12: the file is cut short"))
    }));
    let id = jobs::enqueue(&app.state, enqueue_now("test.broken")).await.unwrap();
    let j = wait_for(&app.state, id, "fatal failure", |j| j.status == "failed").await;
    assert_eq!(j.attempts, 1);
    assert_eq!(j.last_error.as_deref(), Some("line 12: the file is cut short"));
    // A handler that panics is a failure too, tried again.
    app.state.jobs.register(JobKind::new("test.panics", "jobs-title", 1, |_state, _run| async {
        let v: Vec<u8> = vec![];
        if v.is_empty() {
            panic!("a bug in the handler");
        }
        Ok(serde_json::Value::Null)
    }));
    let id = jobs::enqueue(&app.state, enqueue_now("test.panics")).await.unwrap();
    let j = wait_for(&app.state, id, "panic recorded", |j| j.status == "failed").await;
    assert!(j.last_error.unwrap().contains("panic"));
    // Even before its first await: the runner goes on.
    app.state.jobs.register(JobKind::new(
        "test.panics-early",
        "jobs-title",
        1,
        |_state, _run| -> std::future::Ready<Result<serde_json::Value, JobError>> { panic!("a bug before the future") },
    ));
    let id = jobs::enqueue(&app.state, enqueue_now("test.panics-early")).await.unwrap();
    wait_for(&app.state, id, "early panic recorded", |j| j.status == "failed").await;
    let id = jobs::enqueue(&app.state, enqueue_now("test.broken")).await.unwrap();
    wait_for(&app.state, id, "the runner still runs jobs", |j| j.status == "failed").await;
}

#[tokio::test]
async fn a_job_left_running_by_a_dead_instance_is_resumed_or_failed() {
    let app = TestApp::spawn().await;
    let runs = Arc::new(AtomicUsize::new(0));
    let r = runs.clone();
    app.state.jobs.register(JobKind::new("test.idempotent", "jobs-title", 3, move |_state, run| {
        r.fetch_add(1, Ordering::SeqCst);
        async move { Ok(serde_json::json!({ "attempt": run.attempt })) }
    }));
    let later = || NewJob { kind: "test.idempotent", run_at: Some(i64::MAX / 2), ..Default::default() };
    let resumed = jobs::enqueue(&app.state, later()).await.unwrap();
    let spent = jobs::enqueue(&app.state, later()).await.unwrap();
    let alive = jobs::enqueue(&app.state, later()).await.unwrap();
    // Its instance died during its first run: the lease ran out.
    as_left_by_a_dead_instance(&app.state, resumed, 1).await;
    // Died during its last allowed run.
    as_left_by_a_dead_instance(&app.state, spent, 3).await;
    // Still running elsewhere, its lease valid: left alone.
    let now = app.state.now();
    sqlx::query("UPDATE jobs SET status = 'running', attempts = 1, lease_owner = 'another-live-instance', lease_until = $2 WHERE id = $1")
        .bind(alive)
        .bind(now + 3600)
        .execute(app.state.db.pool())
        .await
        .unwrap();

    let j = wait_for(&app.state, resumed, "resumed", |j| j.status == "done").await;
    assert_eq!(j.attempts, 2);
    assert_eq!(j.result_json()["attempt"], 2);
    let j = wait_for(&app.state, spent, "failed", |j| j.status == "failed").await;
    assert_eq!(j.attempts, 3);
    assert_eq!(j.last_error.as_deref(), Some(jobs::ABANDONED));
    assert!(j.finished_at.is_some() && j.lease_owner.is_none());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let j = job(&app.state, alive).await;
    assert_eq!((j.status.as_str(), j.lease_owner.as_deref()), ("running", Some("another-live-instance")));
    assert_eq!(runs.load(Ordering::SeqCst), 1, "only the resumed job ran");
}

/// What the race's handlers saw: per job, the runs in progress and the runs made.
#[derive(Default)]
struct Seen {
    now: HashMap<i64, usize>,
    runs: HashMap<i64, usize>,
    overlaps: usize,
}

fn racing_kind(seen: Arc<Mutex<Seen>>) -> JobKind {
    JobKind::new("test.race", "jobs-title", 3, move |_state, run| {
        let seen = seen.clone();
        async move {
            {
                let mut s = seen.lock().unwrap();
                let now = s.now.entry(run.id).or_default();
                *now += 1;
                if *now > 1 {
                    s.overlaps += 1;
                }
                *s.runs.entry(run.id).or_default() += 1;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            *seen.lock().unwrap().now.entry(run.id).or_default() -= 1;
            Ok(serde_json::Value::Null)
        }
    })
}

/// Queue `n` jobs for later, make them all due at once, and let both instances run them at
/// the same moment (and again, until every one has run).
async fn race(a: &TestApp, b: &TestApp, n: usize) -> Vec<i64> {
    let mut ids = vec![];
    for _ in 0..n {
        ids.push(
            jobs::enqueue(&a.state, NewJob { kind: "test.race", run_at: Some(a.state.now() + 3600), ..Default::default() }).await.unwrap(),
        );
    }
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'test.race' AND status = 'queued'")
        .bind(a.state.now() - 1)
        .execute(a.state.db.pool())
        .await
        .unwrap();
    for _ in 0..20 {
        let (x, y) = tokio::join!(jobs::run_due(&a.state), jobs::run_due(&b.state));
        x.unwrap();
        y.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for id in &ids {
        wait_for(&a.state, *id, "done", |j| j.status == "done").await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    ids
}

/// Whether a job ran twice at once, or twice at all, among `ids`.
fn ran_twice(seen: &Mutex<Seen>, ids: &[i64]) -> bool {
    let s = seen.lock().unwrap();
    s.overlaps > 0 || ids.iter().any(|id| s.runs.get(id).is_some_and(|n| *n > 1))
}

#[tokio::test]
async fn two_instances_never_run_one_job_twice_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let a = TestApp::spawn_with(Options { database_url: Some(url.clone()), ..Default::default() }).await;
    let b = TestApp::spawn_with(Options { database_url: Some(url), ..Default::default() }).await;
    let seen = Arc::new(Mutex::new(Seen::default()));
    a.state.jobs.register(racing_kind(seen.clone()));
    b.state.jobs.register(racing_kind(seen.clone()));

    let ids = race(&a, &b, 16).await;
    assert!(!ran_twice(&seen, &ids));
    for id in &ids {
        assert_eq!(seen.lock().unwrap().runs.get(id), Some(&1), "job {id} ran once");
    }
    for id in &ids {
        assert_eq!(job(&a.state, *id).await.attempts, 1);
    }

    // The negative control: without the claim's condition, both instances take the same jobs.
    a.state.jobs.unsafe_unconditional_claim_for_tests.store(true, Ordering::SeqCst);
    b.state.jobs.unsafe_unconditional_claim_for_tests.store(true, Ordering::SeqCst);
    let mut doubled = false;
    for _ in 0..5 {
        let ids = race(&a, &b, 8).await;
        if ran_twice(&seen, &ids) {
            doubled = true;
            break;
        }
    }
    assert!(doubled, "without the conditional claim, a job runs twice");
}

#[tokio::test]
async fn an_instance_that_stops_hands_its_running_job_over() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let a = TestApp::spawn_with(Options { database_url: Some(url.clone()), ..Default::default() }).await;
    let b = TestApp::spawn_with(Options { database_url: Some(url), ..Default::default() }).await;
    // Only A knows the kind at first: A takes the job.
    let slow = || {
        JobKind::new("test.slow", "jobs-title", 3, |_state, run| async move {
            run.progress.set(1, 2, "");
            tokio::time::sleep(Duration::from_secs(2)).await;
            Ok(serde_json::json!({ "attempt": run.attempt }))
        })
    };
    a.state.jobs.register(slow());
    let id = jobs::enqueue(&a.state, enqueue_now("test.slow")).await.unwrap();
    let a_instance = a.state.jobs.instance().to_string();
    wait_for(&b.state, id, "running on A", |j| j.status == "running" && j.lease_owner.as_deref() == Some(a_instance.as_str())).await;
    // A stops: the job is queued again at once, the interrupted run not counted; B takes it.
    drop(a);
    let j = wait_for(&b.state, id, "released", |j| j.status != "running").await;
    assert_eq!((j.status.as_str(), j.attempts), ("queued", 0));
    b.state.jobs.register(slow());
    let j = wait_for(&b.state, id, "done on B", |j| j.status == "done").await;
    assert_eq!(j.result_json()["attempt"], 1);
}

async fn text(c: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_staff_page_lists_jobs_for_network_administrators_only() {
    let app = TestApp::spawn().await;
    app.user(ADMIN, Role::NetworkAdmin, None).await;
    app.user("ed@example.org", Role::Editor, None).await;
    let admin_id = essaim::modules::network::user_id_by_email(&app.state.db, ADMIN).await.unwrap();
    app.state.jobs.register(JobKind::new("test.quick", "jobs-title", 3, |_state, run| async move {
        run.progress.set(5, 5, "");
        Ok(serde_json::json!({ "url": "/admin/import" }))
    }));
    let done = jobs::enqueue(&app.state, enqueue_now("test.quick")).await.unwrap();
    wait_for(&app.state, done, "done", |j| j.status == "done").await;
    // An import waiting for later, asked for by the administrator.
    let import = jobs::enqueue(
        &app.state,
        NewJob {
            kind: "wordpress.import",
            payload: serde_json::json!({ "club": null, "dry_run": true }),
            created_by: admin_id,
            run_at: Some(app.state.now() + 3600),
            total: 1000,
            files: vec![("club.xml".into(), b"<rss/>".to_vec())],
        },
    )
    .await
    .unwrap();

    let c = app.session_client(ADMIN).await;
    let (status, page) = text(&c, &app, "/admin/taches").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"href="/admin/taches" aria-current="page""#), "the admin nav links the page");
    assert!(page.contains(&format!(r#"href="/admin/taches/{import}""#)) && page.contains(&format!(r#"href="/admin/taches/{done}""#)));
    // Newest first, the kind in words, who asked, the status, the progress and attempts.
    assert!(page.find(&format!("/admin/taches/{import}\"")).unwrap() < page.find(&format!("/admin/taches/{done}\"")).unwrap());
    assert!(page.contains("Import WordPress") && page.contains(ADMIN) && page.contains("En attente"), "{page}");
    assert!(page.contains("Terminée") && page.contains(r#"max="5" value="5""#) && page.contains("1 / 3"), "{page}");

    // The job's page: a real progress bar that refreshes itself, and its JSON.
    let (status, page) = text(&c, &app, &format!("/admin/taches/{import}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<progress id="job-progress" max="1000" value="0""#), "{page}");
    assert!(page.contains(r#"role="status" aria-live="polite""#) && page.contains(r#"http-equiv="refresh""#));
    assert!(page.contains("Annuler la tâche") && !page.contains("Relancer la tâche"));
    let (_, page) = text(&c, &app, &format!("/admin/taches/{done}")).await;
    assert!(!page.contains(r#"http-equiv="refresh""#) && page.contains(r#"href="/admin/import">Voir le résultat"#), "{page}");
    let s: serde_json::Value = c.get(app.url(&format!("/admin/taches/{done}.json"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (s["status"].as_str(), s["processed"].as_i64(), s["total"].as_i64(), s["percent"].as_i64()),
        (Some("done"), Some(5), Some(5), Some(100))
    );
    assert_eq!(text(&c, &app, "/admin/taches/999").await.0, 404);
    assert_eq!(text(&c, &app, "/admin/taches/abc.json").await.0, 404);
    // The import's own page shows imports only.
    assert_eq!(text(&c, &app, &format!("/admin/import/taches/{done}")).await.0, 404);
    assert_eq!(text(&c, &app, &format!("/admin/import/taches/{import}")).await.0, 200);

    // Editors, club administrators and members are refused everywhere and see no link;
    // anonymous visitors are sent to sign in.
    app.user("club@example.org", Role::ClubAdmin, None).await;
    app.user("member@example.org", Role::Member, None).await;
    let ed = app.session_client("ed@example.org").await;
    let gets = ["/admin/taches".to_string(), format!("/admin/taches/{done}"), format!("/admin/taches/{done}.json")];
    for path in &gets {
        for email in ["ed@example.org", "club@example.org", "member@example.org"] {
            let c = app.session_client(email).await;
            assert_eq!(text(&c, &app, path).await.0, 403, "{email} {path}");
        }
        let r = crate::common::client().get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303, "anonymous {path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion"));
    }
    let (_, page) = text(&ed, &app, "/admin").await;
    assert!(!page.contains(r#"href="/admin/taches""#));
    let csrf = app.csrf(&ed, "/admin").await;
    for action in ["annuler", "relancer"] {
        let r = ed.post(app.url(&format!("/admin/taches/{import}/{action}"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 403, "editor {action}");
    }
    assert_eq!(job(&app.state, import).await.status, "queued");
}

#[tokio::test]
async fn the_list_is_paged_newest_first() {
    let app = TestApp::spawn().await;
    app.user(ADMIN, Role::NetworkAdmin, None).await;
    app.state.jobs.register(JobKind::new("test.later", "jobs-title", 3, |_state, _run| async { Ok(serde_json::Value::Null) }));
    let mut ids = vec![];
    for _ in 0..53 {
        ids.push(jobs::enqueue(&app.state, NewJob { kind: "test.later", run_at: Some(i64::MAX / 2), ..Default::default() }).await.unwrap());
    }
    let c = app.session_client(ADMIN).await;
    let (_, page) = text(&c, &app, "/admin/taches").await;
    assert_eq!(crate::common::count(&page, "<tr>") - 1, 50);
    assert!(page.contains(&format!("/admin/taches/{}\"", ids[52])) && !page.contains(&format!("/admin/taches/{}\"", ids[2])));
    let next = format!("/admin/taches?avant={}", ids[3]);
    assert!(page.contains(&format!(r#"href="{next}" rel="next""#)), "{page}");
    let (status, page) = text(&c, &app, &next).await;
    assert_eq!(status, 200);
    assert_eq!(crate::common::count(&page, "<tr>") - 1, 3);
    assert!(page.contains(&format!("/admin/taches/{}\"", ids[0])) && !page.contains("rel=\"next\""));
    assert!(page.contains(r#"href="/admin/taches" rel="prev""#));
    assert_eq!(text(&c, &app, "/admin/taches?avant=abc").await.0, 400);
}

#[tokio::test]
async fn retry_and_cancel_work_and_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    app.user(ADMIN, Role::NetworkAdmin, None).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let c2 = calls.clone();
    // Fails the first time for good, works the second.
    app.state.jobs.register(JobKind::new("test.flaky", "jobs-title", 3, move |_state, _run| {
        let n = c2.fetch_add(1, Ordering::SeqCst);
        async move { if n == 0 { Err(JobError::fatal("the file was not there yet")) } else { Ok(serde_json::json!({ "ok": true })) } }
    }));
    app.state.jobs.register(JobKind::new("test.later", "jobs-title", 3, |_state, _run| async { Ok(serde_json::Value::Null) }));
    let flaky = jobs::enqueue(&app.state, enqueue_now("test.flaky")).await.unwrap();
    wait_for(&app.state, flaky, "failed", |j| j.status == "failed").await;
    let queued = jobs::enqueue(
        &app.state,
        NewJob { kind: "test.later", run_at: Some(i64::MAX / 2), files: vec![("x.xml".into(), vec![0; 100])], ..Default::default() },
    )
    .await
    .unwrap();

    let c = app.session_client(ADMIN).await;
    let (_, page) = text(&c, &app, &format!("/admin/taches/{flaky}")).await;
    assert!(page.contains("Relancer la tâche") && !page.contains("Annuler la tâche") && page.contains("the file was not there yet"));
    let csrf = crate::common::extract_csrf(&page).unwrap();
    let post = |path: String, token: String| {
        let c = c.clone();
        let url = app.url(&path);
        async move { c.post(url).form(&[("csrf", token)]).send().await.unwrap() }
    };

    // Without the token: refused, nothing changes.
    let r = post(format!("/admin/taches/{flaky}/relancer"), String::new()).await;
    assert_eq!(r.status().as_u16(), 400);
    let r = post(format!("/admin/taches/{queued}/annuler"), "wrong".into()).await;
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(job(&app.state, flaky).await.status, "failed");
    assert_eq!(job(&app.state, queued).await.status, "queued");

    // Retry: queued again with all its attempts, and it runs.
    let r = post(format!("/admin/taches/{flaky}/relancer"), csrf.clone()).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], format!("/admin/taches/{flaky}?ok=relancee").as_str());
    let j = wait_for(&app.state, flaky, "done after retry", |j| j.status == "done").await;
    assert_eq!((j.attempts, calls.load(Ordering::SeqCst)), (1, 2));
    let (_, page) = text(&c, &app, &format!("/admin/taches/{flaky}?ok=relancee")).await;
    assert!(page.contains("La tâche est relancée."));
    // A job that did not fail cannot be retried.
    let r = post(format!("/admin/taches/{flaky}/relancer"), csrf.clone()).await;
    assert_eq!(r.status().as_u16(), 409);

    // Cancel a queued job: its files go, and it never runs.
    assert_eq!(jobs::count_files(&app.state.db, queued).await.unwrap(), 1);
    let r = post(format!("/admin/taches/{queued}/annuler"), csrf.clone()).await;
    assert_eq!(r.status().as_u16(), 303);
    let j = job(&app.state, queued).await;
    assert_eq!(j.status, "cancelled");
    assert!(j.finished_at.is_some());
    assert_eq!(jobs::count_files(&app.state.db, queued).await.unwrap(), 0);
    let (_, page) = text(&c, &app, &format!("/admin/taches/{queued}?ok=annulee")).await;
    assert!(page.contains("La tâche est annulée.") && page.contains("Annulée") && !page.contains("Annuler la tâche"));
    // Cancelled once is enough; a missing job is a 404.
    assert_eq!(post(format!("/admin/taches/{queued}/annuler"), csrf.clone()).await.status().as_u16(), 409);
    assert_eq!(post("/admin/taches/999/annuler".into(), csrf.clone()).await.status().as_u16(), 404);
}

#[tokio::test]
async fn the_imports_of_the_back_office_move_into_the_queue() {
    use essaim::core::db::{Db, DbKind};
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    // The schema as it was before the job queue, with three imports in it.
    let mut before = match db.kind() {
        DbKind::Sqlite => sqlx::migrate!("migrations/sqlite"),
        DbKind::Postgres => sqlx::migrate!("migrations/postgres"),
    };
    before.migrations = before.migrations.iter().filter(|m| m.version < 15).cloned().collect::<Vec<_>>().into();
    before.run(db.writer()).await.unwrap();
    for sql in [
        "INSERT INTO users (id, email, name, created_at) VALUES (7, 'awa@example.org', 'Awa', 1)",
        "INSERT INTO import_reports (id, kind, source, file_name, summary, created_at) VALUES (3, 'wordpress', 'https://x', 'a.xml', '{}', 10)",
        "INSERT INTO import_jobs (id, status, processed, total, message, report_id, created_by, created_at, updated_at) VALUES \
         (1, 'done', 1000, 1000, '', 3, 7, 10, 20), (2, 'failed', 0, 1000, 'line 9: broken', NULL, 7, 30, 40), \
         (5, 'running', 500, 1000, 'writing', NULL, NULL, 50, 60)",
    ] {
        sqlx::query(sql).execute(db.writer()).await.unwrap();
    }
    db.migrate().await.unwrap();

    let done = jobs::get(&db, 1).await.unwrap().unwrap();
    assert_eq!((done.kind.as_str(), done.status.as_str(), done.progress_done), ("wordpress.import", "done", 1000));
    assert_eq!(done.result_json()["report_id"], 3);
    assert_eq!((done.created_by_name.as_deref(), done.finished_at), (Some("Awa"), Some(20)));
    let failed = jobs::get(&db, 2).await.unwrap().unwrap();
    assert_eq!((failed.status.as_str(), failed.last_error.as_deref()), ("failed", Some("line 9: broken")));
    // The one left running had lost its instance and its file: failed, never running.
    let lost = jobs::get(&db, 5).await.unwrap().unwrap();
    assert_eq!(lost.status, "failed");
    assert!(lost.last_error.unwrap().starts_with("interrupted"));
    // New jobs take the ids after them.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, status, run_at, created_at, updated_at) VALUES ('x', '{}', 'queued', 1, 1, 1) RETURNING id",
    )
    .fetch_one(db.writer())
    .await
    .unwrap();
    assert_eq!(id, 6);
    db.close().await;
}

#[tokio::test]
async fn ended_jobs_and_their_files_are_forgotten_in_time() {
    let app = TestApp::spawn().await;
    app.state.jobs.register(JobKind::new("test.later", "jobs-title", 3, |_state, _run| async { Ok(serde_json::Value::Null) }));
    let file = || vec![("f.xml".to_string(), vec![1u8; 10])];
    let later = || NewJob { kind: "test.later", run_at: Some(i64::MAX / 2), files: file(), ..Default::default() };
    let (failed, old, queued) = (
        jobs::enqueue(&app.state, later()).await.unwrap(),
        jobs::enqueue(&app.state, later()).await.unwrap(),
        jobs::enqueue(&app.state, later()).await.unwrap(),
    );
    let now = app.state.now();
    let end = |id: i64, at: i64| {
        sqlx::query("UPDATE jobs SET status = 'failed', finished_at = $2 WHERE id = $1").bind(id).bind(at).execute(app.state.db.pool())
    };
    // Failed eight days ago: its files go (no retry after a week), the job stays listed.
    end(failed, now - 8 * 86_400).await.unwrap();
    // Ended a hundred days ago: forgotten.
    end(old, now - 100 * 86_400).await.unwrap();
    // (The hourly maintenance may have run the same purge at the start: check what is left.)
    jobs::purge(&app.state.db, now).await.unwrap();
    assert_eq!(jobs::count_files(&app.state.db, failed).await.unwrap(), 0);
    assert!(jobs::get(&app.state.db, failed).await.unwrap().is_some());
    assert!(jobs::get(&app.state.db, old).await.unwrap().is_none());
    // A queued job keeps everything.
    assert_eq!(jobs::count_files(&app.state.db, queued).await.unwrap(), 1);
}
