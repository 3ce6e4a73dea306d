//! The surveys' store: anonymity that holds by construction, the quota under concurrent
//! submissions, a link that works once, and versions frozen by waves.

use std::sync::Arc;

use essaim::core::forms;
use essaim::modules::surveys::{self, Holder, Mode, QuotaGuard, Submitted};

use crate::common::surveys::{answers, barometer, columns, invite};
use crate::common::{TestApp, is_postgres};

/// The tables a table's foreign keys point to.
async fn references(app: &TestApp, table: &str) -> Vec<String> {
    if is_postgres() {
        sqlx::query_scalar(
            "SELECT ccu.table_name::text FROM information_schema.table_constraints tc \
             JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name \
             WHERE tc.table_name = $1 AND tc.constraint_type = 'FOREIGN KEY'",
        )
        .bind(table.to_string())
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
    } else {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT \"table\" FROM pragma_foreign_key_list('{table}')")))
            .fetch_all(app.state.db.pool())
            .await
            .unwrap()
    }
}

async fn submit(app: &TestApp, wave_id: i64, club: i64, holder: Holder, guard: QuotaGuard, q2: &[&str]) -> Submitted {
    let wave = surveys::wave(&app.state.db, wave_id).await.unwrap().unwrap();
    let def = forms::store::get(&app.state.db, &surveys::model::owner(wave.survey_id)).await.unwrap().unwrap().def;
    let mut tx = app.state.db.begin().await.unwrap();
    if let Holder::OpenKey(key) = &holder {
        surveys::start_open_draft(&mut tx, wave_id, club, key, app.state.now()).await.unwrap();
    }
    let done = surveys::submit(&mut tx, &wave, club, &holder, &answers(&def, q2, None, 3), guard, app.state.now()).await.unwrap();
    if matches!(done, Submitted::Stored(_)) {
        tx.commit().await.unwrap();
    }
    done
}

#[tokio::test]
async fn an_anonymous_response_keeps_no_path_to_its_invitation() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let invitations = invite(&app, b.wave_id, b.clubs[0], 50).await;
    let mut submitted = vec![];
    for id in &invitations {
        // A draft first, as a respondent who saves and comes back leaves one.
        let mut tx = app.state.db.begin().await.unwrap();
        surveys::save_draft(&mut tx, b.wave_id, b.clubs[0], &Holder::Invitation(*id), &[("q-1".into(), "x".into())], 1, app.state.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        match submit(&app, b.wave_id, b.clubs[0], Holder::Invitation(*id), QuotaGuard::Database, &["A"]).await {
            Submitted::Stored(key) => submitted.push(key),
            other => panic!("{other:?}"),
        }
    }

    // No column names an invitation, a person, a token or a precise time; no foreign key leads
    // to the invitations, the drafts or the links.
    for table in ["survey_responses", "survey_answers"] {
        let cols = columns(&app, table).await;
        assert!(!cols.is_empty(), "{table} has columns");
        for c in &cols {
            for bad in ["invitation", "email", "token", "key", "name", "user", "person", "_at", "created", "updated", "ip"] {
                assert!(!c.contains(bad), "{table}.{c} could lead to a respondent");
            }
        }
        for target in references(&app, table).await {
            assert!(["survey_waves", "clubs", "survey_responses"].contains(&target.as_str()), "{table} references {target}");
        }
    }
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_response_links").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(links, 0, "an anonymous wave links nothing");
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_drafts").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(drafts, 0, "drafts are deleted at submission");

    // Times at midnight.
    let days: Vec<i64> = sqlx::query_scalar("SELECT submitted_on FROM survey_responses WHERE wave_id = $1")
        .bind(b.wave_id)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(days.len(), 50);
    assert!(days.iter().all(|d| d % 86_400 == 0));

    // The order they are kept and read in is not the order they came in.
    let stored: Vec<i64> =
        sqlx::query_scalar(if is_postgres() { "SELECT id FROM survey_responses ORDER BY id" } else { "SELECT id FROM survey_responses" })
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(stored.len(), 50);
    assert_ne!(stored, submitted, "stored order is the submission order");
    let answers_order: Vec<i64> = sqlx::query_scalar(if is_postgres() {
        "SELECT response_id FROM survey_answers WHERE code = 'q1' ORDER BY response_id"
    } else {
        "SELECT response_id FROM survey_answers WHERE code = 'q1'"
    })
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_ne!(answers_order, submitted);

    // Each invitation is used up, and its link works once.
    let (invited, started, answered) = surveys::invitation_counts(&app.state.db, b.wave_id).await.unwrap();
    assert_eq!((invited, started, answered), (0, 0, 50));
    assert_eq!(
        submit(&app, b.wave_id, b.clubs[0], Holder::Invitation(invitations[0]), QuotaGuard::Database, &["A"]).await,
        Submitted::AlreadyAnswered
    );
    assert_eq!(surveys::response_counts(&app.state.db, b.wave_id).await.unwrap(), vec![(b.clubs[0], 50)]);
}

#[tokio::test]
async fn an_identified_response_is_linked_to_its_invitation() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Identified, None).await;
    let inv = invite(&app, b.wave_id, b.clubs[0], 1).await;
    let Submitted::Stored(key) = submit(&app, b.wave_id, b.clubs[0], Holder::Invitation(inv[0]), QuotaGuard::Database, &["B"]).await else {
        panic!()
    };
    assert_eq!(surveys::response_links(&app.state.db, b.wave_id).await.unwrap(), vec![(key, inv[0])]);
}

async fn race(app: Arc<TestApp>, guard: QuotaGuard) -> i64 {
    let b = barometer(&app, 1, Mode::Anonymous, Some(50)).await;
    let club = b.clubs[0];
    let mut tasks = vec![];
    for i in 0..200 {
        let app = app.clone();
        let wave_id = b.wave_id;
        tasks.push(tokio::spawn(async move {
            if guard == QuotaGuard::Unguarded {
                // The check the database's guard replaces: read, then write.
                let t = surveys::territories(&app.state.db, wave_id).await.unwrap();
                if t[0].full() {
                    return false;
                }
            }
            let key = format!("{:064x}", i);
            matches!(submit(&app, wave_id, club, Holder::OpenKey(key), guard, &["A"]).await, Submitted::Stored(_))
        }));
    }
    let mut ok = 0;
    for t in tasks {
        ok += i64::from(t.await.unwrap());
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE wave_id = $1")
        .bind(b.wave_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(ok, stored, "every accepted submission is stored, no refused one is");
    let counted = surveys::territories(&app.state.db, b.wave_id).await.unwrap()[0].complete;
    assert_eq!(counted, stored);
    stored
}

#[tokio::test]
async fn a_quota_holds_under_two_hundred_concurrent_submissions() {
    let app = Arc::new(TestApp::spawn().await);
    assert_eq!(race(app.clone(), QuotaGuard::Database).await, 50);
    // Without the database's guard, the same race goes over.
    assert!(race(app, QuotaGuard::Unguarded).await > 50);
}

#[tokio::test]
async fn opening_a_wave_freezes_its_form_version() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let owner = surveys::model::owner(b.survey_id);
    let mut def = b.def.clone();
    if let forms::Item::Question(q) = &mut def.items[1] {
        q.label = "Secteur principal d’activité".into();
    }
    let mut tx = app.state.db.begin().await.unwrap();
    let saved = forms::store::save(&mut tx, &owner, &def, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((saved.version, saved.new_version), (2, true), "a frozen version is never replaced");
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    assert_eq!(wave.form_version, Some(1));
    let v1 = forms::store::get_version(&app.state.db, saved.form_id, 1).await.unwrap().unwrap();
    assert_eq!(v1, b.def);
}

#[tokio::test]
async fn the_demo_has_three_published_waves_of_the_barometer() {
    let app = TestApp::spawn_demo().await;
    let db = &app.state.db;
    let survey = surveys::survey_by_slug(db, "barometre-des-ages").await.unwrap().expect("the barometer");
    let waves = surveys::waves(db, survey.id).await.unwrap();
    assert_eq!(waves.len(), 3);
    assert_eq!(waves.iter().map(|w| w.form_version).collect::<Vec<_>>(), vec![Some(1), Some(1), Some(2)]);
    for w in &waves {
        assert!(w.published_at.is_some() && !w.published_codes.is_empty());
        assert_eq!(w.mode, Mode::Anonymous);
        let counts = surveys::response_counts(db, w.id).await.unwrap();
        assert_eq!(counts.len(), 5, "five territories");
        let total: i64 = counts.iter().map(|(_, n)| n).sum();
        assert!((250..=350).contains(&total), "about 300 responses, not {total}");
        let (invited, started, answered) = surveys::invitation_counts(db, w.id).await.unwrap();
        assert_eq!(answered, total);
        assert!(invited > 0 && started == 0);
    }
    // The newest club's first wave is under the suppression threshold.
    let smallest = surveys::response_counts(db, waves[0].id).await.unwrap().iter().map(|(_, n)| *n).min().unwrap();
    assert!(smallest < survey.min_cell);
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_response_links").fetch_one(db.pool()).await.unwrap();
    assert_eq!(links, 0);
}

/// How many counts are kept for a wave.
async fn kept(app: &TestApp, wave_id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM survey_wave_counts WHERE wave_id = $1")
        .bind(wave_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn results_counts_are_kept_and_counted_again_when_the_responses_change() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Anonymous, None).await;
    for (i, q2) in [&["A", "B"][..], &["A"], &["B", "C"]].into_iter().enumerate() {
        let holder = Holder::OpenKey(format!("ouvert-{i}"));
        assert!(matches!(submit(&app, b.wave_id, b.clubs[0], holder, QuotaGuard::Database, q2).await, Submitted::Stored(_)));
    }
    let db = &app.state.db;
    let first = surveys::answer_counts(db, b.wave_id).await.unwrap();
    assert_eq!(first, surveys::count_answers(db, b.wave_id).await.unwrap());
    assert!(first.iter().any(|(_, code, _, _)| code == "q2"));
    assert_eq!(kept(&app, b.wave_id).await, first.len() as i64, "the counts are kept");

    // Read from what was kept: a kept count altered by hand shows through.
    sqlx::query("UPDATE survey_wave_counts SET n = n + 100 WHERE wave_id = $1").bind(b.wave_id).execute(db.writer()).await.unwrap();
    let read = surveys::answer_counts(db, b.wave_id).await.unwrap();
    assert!(read.iter().zip(&first).all(|(r, f)| r.3 == f.3 + 100), "the kept counts are read");

    // A new response makes them stale: counted again, and kept again.
    assert!(matches!(
        submit(&app, b.wave_id, b.clubs[1], Holder::OpenKey("ouvert-4".into()), QuotaGuard::Database, &["C"]).await,
        Submitted::Stored(_)
    ));
    let second = surveys::answer_counts(db, b.wave_id).await.unwrap();
    assert_eq!(second, surveys::count_answers(db, b.wave_id).await.unwrap());
    assert!(second.iter().any(|(club, _, _, _)| *club == b.clubs[1]));
    assert_eq!(kept(&app, b.wave_id).await, second.len() as i64);

    // A territory removed takes its responses and its kept counts with it.
    sqlx::query("DELETE FROM clubs WHERE id = $1").bind(b.clubs[1]).execute(db.writer()).await.unwrap();
    let third = surveys::answer_counts(db, b.wave_id).await.unwrap();
    assert_eq!(third, surveys::count_answers(db, b.wave_id).await.unwrap());
    assert_eq!(third, first);
}

#[tokio::test]
async fn a_long_answer_is_stored_and_counted_on_both_databases() {
    // A thousand characters that do not compress: more than a B-tree entry holds on
    // PostgreSQL, so no index may hold the answer's value.
    let mut x: u32 = 7;
    let long: String = (0..1000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from_u32(0x4E00 + (x >> 8) % 20_000).unwrap()
        })
        .collect();
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    let def = forms::store::get(&app.state.db, &surveys::model::owner(wave.survey_id)).await.unwrap().unwrap().def;
    let mut tx = app.state.db.begin().await.unwrap();
    surveys::start_open_draft(&mut tx, b.wave_id, b.clubs[0], "ouvert-long", app.state.now()).await.unwrap();
    let done = surveys::submit(
        &mut tx,
        &wave,
        b.clubs[0],
        &Holder::OpenKey("ouvert-long".into()),
        &answers(&def, &["A"], Some(&long), 3),
        QuotaGuard::Database,
        app.state.now(),
    )
    .await
    .unwrap();
    assert!(matches!(done, Submitted::Stored(_)));
    tx.commit().await.unwrap();
    let counts = surveys::answer_counts(&app.state.db, b.wave_id).await.unwrap();
    assert!(counts.iter().any(|(_, code, value, n)| code == "q2" && value.contains(&long) && *n == 1));
}

#[tokio::test]
async fn a_second_send_or_a_late_save_after_submission_keeps_nothing() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let db = &app.state.db;
    // An open link's key: "Envoyer" twice gives one response.
    let key = Holder::OpenKey("ouvert-double".into());
    assert!(matches!(submit(&app, b.wave_id, b.clubs[0], key.clone(), QuotaGuard::Database, &["A"]).await, Submitted::Stored(_)));
    let wave = surveys::wave(db, b.wave_id).await.unwrap().unwrap();
    let def = forms::store::get(db, &surveys::model::owner(wave.survey_id)).await.unwrap().unwrap().def;
    let mut tx = db.begin().await.unwrap();
    let typed = answers(&def, &["A"], None, 3);
    let again = surveys::submit(&mut tx, &wave, b.clubs[0], &key, &typed, QuotaGuard::Database, app.state.now()).await.unwrap();
    assert_eq!(again, Submitted::AlreadyAnswered);
    // A save from another tab after the submission keeps no draft, for a key or an invitation.
    assert!(!surveys::save_draft(&mut tx, b.wave_id, b.clubs[0], &key, &[("q-1".into(), "x".into())], 1, app.state.now()).await.unwrap());
    tx.rollback().await.unwrap();
    let inv = invite(&app, b.wave_id, b.clubs[0], 1).await[0];
    assert!(matches!(
        submit(&app, b.wave_id, b.clubs[0], Holder::Invitation(inv), QuotaGuard::Database, &["B"]).await,
        Submitted::Stored(_)
    ));
    let mut tx = db.begin().await.unwrap();
    let fields = [("q-1".to_string(), "Dupont".to_string())];
    let late = surveys::save_draft(&mut tx, b.wave_id, b.clubs[0], &Holder::Invitation(inv), &fields, 1, app.state.now()).await.unwrap();
    assert!(!late);
    tx.commit().await.unwrap();
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_drafts").fetch_one(db.pool()).await.unwrap();
    assert_eq!(drafts, 0, "no draft outlives its submission");
    assert_eq!(surveys::response_counts(db, b.wave_id).await.unwrap(), vec![(b.clubs[0], 2)]);
}
