//! The jury (calls, issue 14): conflicts (declared and automatic) close an application to
//! its juror and keep their score out of `counted_reviews`; nothing but the declaration
//! opens before declaring; a blind stage's identifying fields never reach a juror's page;
//! peers' scores and notes only after one's own review; the automatic assignment and the
//! replacement of a withdrawn juror; reminders once per juror, only to those with work left.

use crate::common::calls::{Competition, competition};
use crate::common::{TestApp, client, extract_csrf};
use essaim::core::access::{self, Links};
use essaim::core::auth::Role;
use essaim::modules::calls::{self, Review, jury};
use sqlx::Row;

async fn make_eligible(app: &TestApp, c: &Competition) {
    sqlx::query("UPDATE call_applications SET eligibility = 'eligible' WHERE call_id = $1")
        .bind(c.call_id)
        .execute(app.state.db.pool())
        .await
        .unwrap();
}

async fn stage(app: &TestApp, id: i64) -> calls::Stage {
    let call_id: i64 =
        sqlx::query_scalar("SELECT call_id FROM call_stages WHERE id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap();
    calls::stages(&app.state.db, call_id).await.unwrap().into_iter().find(|s| s.id == id).unwrap()
}

/// The juror's token (the invitation issues it).
async fn token(app: &TestApp, juror: i64) -> String {
    jury::invite(&app.state, juror, false, app.state.now()).await.unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    let t = access::token_for(&mut tx, &Links::of(&app.state), calls::JUROR_SCOPE, juror).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    t
}

async fn assign(app: &TestApp, c: &Competition, application: i64, juror: i64, conflict: &str) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let id =
        calls::insert_assignment(&mut tx, c.stages[0], application, juror, "manual", conflict, app.state.now()).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    id
}

async fn submit_review(app: &TestApp, c: &Competition, assignment: i64, note: &str) {
    let r = Review {
        assignment_id: assignment,
        submitted: true,
        scores: [(c.criteria[0].0, 4), (c.criteria[1].0, 3)].into(),
        confidence: Some(2),
        jury_note: note.into(),
        ..Default::default()
    };
    let mut tx = app.state.db.begin().await.unwrap();
    assert!(calls::save_review(&mut tx, &r, app.state.now()).await.unwrap());
    tx.commit().await.unwrap();
}

/// Declare every pending assignment of the juror: `declared` for `conflicts`, `none` otherwise.
async fn declare(app: &TestApp, http: &reqwest::Client, token: &str, pending: &[(i64, bool)]) -> reqwest::Response {
    let page = http.get(app.url(&format!("/appels/jury/{token}"))).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap();
    let mut form = vec![("csrf".to_string(), csrf)];
    for (assignment, conflict) in pending {
        form.push((format!("d-{assignment}"), if *conflict { "declared" } else { "none" }.to_string()));
    }
    http.post(app.url(&format!("/appels/jury/{token}"))).form(&form).send().await.unwrap()
}

/// A stage's assignments: (id, application, juror).
async fn assignments(app: &TestApp, stage: i64) -> Vec<(i64, i64, i64)> {
    sqlx::query("SELECT id, application_id, juror_id FROM call_assignments WHERE stage_id = $1 ORDER BY id")
        .bind(stage)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

async fn get(http: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = http.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn add_file(app: &TestApp, application: i64, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO call_files (application_id, question_id, filename, mime, size, bytes, created_at) VALUES ($1, 1, $2, 'application/pdf', 3, $3, 0) RETURNING id",
    )
    .bind(application)
    .bind(name.to_string())
    .bind(b"pdf".to_vec())
    .fetch_one(app.state.db.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn conflicts_close_the_application_and_do_not_count() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 3, 2).await;
    make_eligible(&app, &c).await;
    let st = stage(&app, c.stages[0]).await;
    // A juror of the same organisation as application 1 (case and accents aside): automatic.
    let mut tx = app.state.db.begin().await.unwrap();
    let same_org = calls::insert_juror(&mut tx, c.stages[0], "autre@t.example", "Juré Auto", "ORGANISATION  1", "fr", 0).await.unwrap();
    tx.commit().await.unwrap();
    for a in &c.applications {
        jury::assign_by_hand(&app.state, &st, *a, same_org, app.state.now()).await.unwrap().unwrap();
    }
    let conflict: String = sqlx::query_scalar("SELECT conflict FROM call_assignments WHERE juror_id = $1 AND application_id = $2")
        .bind(same_org)
        .bind(c.applications[1])
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(conflict, "automatic");

    // Juror 0 on the three applications; declares a conflict on application 1.
    let ids: Vec<i64> = {
        let mut v = vec![];
        for a in &c.applications {
            v.push(assign(&app, &c, *a, c.jurors[0], "unknown").await);
        }
        v
    };
    let file1 = add_file(&app, c.applications[1], "annexe-1.pdf").await;
    let t = token(&app, c.jurors[0]).await;
    let http = client();
    // Before declaring, only the declaration opens.
    let (status, body) = get(&http, &app, &format!("/appels/jury/{t}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Pas de conflit") && body.contains("Projet 1"), "{body}");
    let r = http.get(app.url(&format!("/appels/jury/{t}/dossiers/{}", c.applications[0]))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303, "the dossier waits for the declaration");
    let (status, _) = get(&http, &app, &format!("/appels/jury/{t}/dossiers/{}/fichiers/{file1}", c.applications[1])).await;
    assert_ne!(status, 200);
    // An incomplete declaration is refused with the summary.
    let r = declare(&app, &http, &t, &[(ids[0], false)]).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"erreurs\""));
    let r = declare(&app, &http, &t, &[(ids[0], false), (ids[1], true), (ids[2], false)]).await;
    assert_eq!(r.status().as_u16(), 303);

    let (status, queue) = get(&http, &app, &format!("/appels/jury/{t}")).await;
    assert_eq!(status, 200);
    assert!(queue.contains("Projet 0") && queue.contains("Projet 2") && !queue.contains("Projet 1"), "{queue}");
    assert!(queue.contains("0 sur 2 évaluées"));
    let (status, _) = get(&http, &app, &format!("/appels/jury/{t}/dossiers/{}", c.applications[1])).await;
    assert_eq!(status, 404, "declared conflict");
    let (status, _) = get(&http, &app, &format!("/appels/jury/{t}/dossiers/{}/fichiers/{file1}", c.applications[1])).await;
    assert_eq!(status, 404);
    let (status, dossier) = get(&http, &app, &format!("/appels/jury/{t}/dossiers/{}", c.applications[0])).await;
    assert_eq!(status, 200);
    assert!(dossier.contains("Organisation 0"));
    let recusals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'calls.jury.recusal' AND subject = $1")
        .bind(format!("call_application:{}", c.applications[1]))
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(recusals, 1);

    // The automatic juror: application 1 is a 404 even after declaring the others.
    let ta = token(&app, same_org).await;
    let auto_ids: Vec<i64> = sqlx::query("SELECT id FROM call_assignments WHERE juror_id = $1 AND conflict = 'unknown'")
        .bind(same_org)
        .fetch_all(app.state.db.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let (_, decl) = get(&http, &app, &format!("/appels/jury/{ta}")).await;
    assert!(!decl.contains("Projet 1"), "an automatic conflict is not even listed");
    declare(&app, &http, &ta, &auto_ids.iter().map(|i| (*i, false)).collect::<Vec<_>>()).await;
    let (_, q) = get(&http, &app, &format!("/appels/jury/{ta}")).await;
    assert!(q.contains("Projet 0") && !q.contains("Projet 1"));
    let (status, _) = get(&http, &app, &format!("/appels/jury/{ta}/dossiers/{}", c.applications[1])).await;
    assert_eq!(status, 404, "automatic conflict");
    let (status, _) = get(&http, &app, &format!("/appels/jury/{ta}/dossiers/{}/fichiers/{file1}", c.applications[1])).await;
    assert_eq!(status, 404);

    // Scores in conflict never count.
    let auto_1: i64 = sqlx::query_scalar("SELECT id FROM call_assignments WHERE juror_id = $1 AND application_id = $2")
        .bind(same_org)
        .bind(c.applications[1])
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    submit_review(&app, &c, ids[1], "déclaré").await;
    submit_review(&app, &c, auto_1, "auto").await;
    submit_review(&app, &c, ids[0], "compte").await;
    let counted = jury::counted_reviews(&app.state.db, c.stages[0]).await.unwrap();
    let counted_ids: Vec<i64> = counted.iter().map(|(a, _)| a.id).collect();
    assert_eq!(counted_ids, vec![ids[0]], "only the review without conflict counts");
}

#[tokio::test]
async fn a_blind_stage_never_shows_identifying_fields() {
    let app = TestApp::spawn().await;
    for blind in [true, false] {
        let c = competition(&app, 1, 1).await;
        make_eligible(&app, &c).await;
        let a = c.applications[0];
        sqlx::query(
            "UPDATE call_applications SET org_name = 'Zorglub Solidaire', contact_name = 'Philomène Quasimodo', \
             email = 'philomene@zorglub.example', org_siret = '99988877700011', org_rna = 'W999888777' WHERE id = $1",
        )
        .bind(a)
        .execute(app.state.db.pool())
        .await
        .unwrap();
        sqlx::query("UPDATE call_stages SET blind = $2, hidden_fields = $3 WHERE id = $1")
            .bind(c.stages[0])
            .bind(i64::from(blind))
            .bind(r#"["organisation","names","emails","siret","files"]"#)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let file = add_file(&app, a, "statuts-zorglub.pdf").await;
        let id = assign(&app, &c, a, c.jurors[0], "unknown").await;
        let t = token(&app, c.jurors[0]).await;
        let http = client();
        let secrets = ["Zorglub", "Philomène", "Quasimodo", "philomene@", "99988877700011", "W999888777", "statuts-zorglub"];
        let (_, declaration) = get(&http, &app, &format!("/appels/jury/{t}")).await;
        declare(&app, &http, &t, &[(id, false)]).await;
        let (_, queue) = get(&http, &app, &format!("/appels/jury/{t}")).await;
        let (status, dossier) = get(&http, &app, &format!("/appels/jury/{t}/dossiers/{a}")).await;
        assert_eq!(status, 200);
        let (file_status, _) = get(&http, &app, &format!("/appels/jury/{t}/dossiers/{a}/fichiers/{file}")).await;
        for page in [&declaration, &queue, &dossier] {
            for s in secrets {
                if blind {
                    assert!(!page.contains(s), "blind: {s} leaked");
                }
            }
        }
        if blind {
            assert_eq!(file_status, 404, "hidden files cannot be downloaded");
        } else {
            // Negative control: the same pages show them when the stage is not blind.
            for s in secrets {
                assert!(dossier.contains(s), "not blind: {s} missing");
            }
            assert!(declaration.contains("Zorglub") && queue.contains("Zorglub"));
            assert_eq!(file_status, 200);
        }
    }
}

#[tokio::test]
async fn peers_show_only_after_ones_own_review() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 1, 2).await;
    make_eligible(&app, &c).await;
    let a = c.applications[0];
    let mine = assign(&app, &c, a, c.jurors[0], "none").await;
    let theirs = assign(&app, &c, a, c.jurors[1], "none").await;
    submit_review(&app, &c, theirs, "NOTE-DU-PAIR").await;
    let t = token(&app, c.jurors[0]).await;
    let http = client();
    let path = format!("/appels/jury/{t}/dossiers/{a}");
    let (status, before) = get(&http, &app, &path).await;
    assert_eq!(status, 200);
    assert!(!before.contains("NOTE-DU-PAIR") && !before.contains("Juré 1"), "no peer before one's own review");
    let csrf = extract_csrf(&before).unwrap();
    // A draft first: still no peers; then an incomplete submission: refused, typed kept.
    let form = |action: &str, score: &str| {
        vec![
            ("csrf".to_string(), csrf.clone()),
            (format!("s-{}", c.criteria[0].0), score.to_string()),
            ("confidence".into(), "3".into()),
            ("jury_note".into(), "MA-NOTE".into()),
            ("action".into(), action.into()),
        ]
    };
    let r = http.post(app.url(&path)).form(&form("draft", "2")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (_, draft) = get(&http, &app, &path).await;
    assert!(draft.contains("MA-NOTE") && !draft.contains("NOTE-DU-PAIR"));
    let r = http.post(app.url(&path)).form(&form("submit", "2")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422, "a score per criterion to submit");
    let body = r.text().await.unwrap();
    assert!(body.contains("MA-NOTE") && !body.contains("NOTE-DU-PAIR"));
    let r = http.post(app.url(&path)).form(&form("submit", "9")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422, "off the scale");
    let mut full = form("submit", "2");
    full.push((format!("s-{}", c.criteria[1].0), "5".into()));
    let r = http.post(app.url(&path)).form(&full).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (_, after) = get(&http, &app, &path).await;
    assert!(after.contains("NOTE-DU-PAIR") && after.contains("Juré 1"), "peers after one's own review");
    // Once sent, never changed.
    let r = http.post(app.url(&path)).form(&full).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let counted = jury::counted_reviews(&app.state.db, c.stages[0]).await.unwrap();
    assert_eq!(counted.len(), 2);
    assert!(counted.iter().any(|(s, r)| s.id == mine && r.scores.get(&c.criteria[1].0) == Some(&5)));
    // The ranking's lean read gives the same reviews and scores.
    let lean = jury::counted_scores(&app.state.db, c.stages[0]).await.unwrap();
    let full: Vec<(i64, i64, std::collections::BTreeMap<i64, i64>)> =
        counted.iter().map(|(a, r)| (a.juror_id, a.application_id, r.scores.clone())).collect();
    assert_eq!(lean, full);
}

#[tokio::test]
async fn automatic_assignment_and_replacement() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 10, 4).await;
    make_eligible(&app, &c).await;
    let st = stage(&app, c.stages[0]).await;
    assert_eq!(st.jurors_per_application, 3);
    let n = jury::assign_automatically(&app.state, &st, app.state.now()).await.unwrap().unwrap();
    assert_eq!(n, 30);
    assert_eq!(jury::assign_automatically(&app.state, &st, app.state.now()).await.unwrap().unwrap(), 0, "k each already");
    let all: Vec<(i64, i64)> = assignments(&app, st.id).await.into_iter().map(|(_, a, j)| (a, j)).collect();
    for a in &c.applications {
        assert_eq!(all.iter().filter(|(x, _)| x == a).count(), 3);
    }
    let loads: Vec<usize> = c.jurors.iter().map(|j| all.iter().filter(|(_, x)| x == j).count()).collect();
    assert!(loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1, "{loads:?}");

    // Juror 1 submits a review; juror 0 withdraws: juror 1's review stays, every application
    // keeps 3 active jurors.
    let rows = assignments(&app, st.id).await;
    let of1 = rows.iter().find(|(_, _, j)| *j == c.jurors[1]).unwrap().0;
    submit_review(&app, &c, of1, "garde").await;
    let replaced = jury::withdraw(&app.state, &st, c.jurors[0], app.state.now()).await.unwrap().unwrap();
    assert_eq!(replaced, loads[0]);
    let rows = assignments(&app, st.id).await;
    for a in &c.applications {
        let active = rows.iter().filter(|(_, x, j)| x == a && *j != c.jurors[0]).count();
        assert_eq!(active, 3, "application {a}");
    }
    let counted = jury::counted_reviews(&app.state.db, st.id).await.unwrap();
    assert!(counted.iter().any(|(a, _)| a.id == of1), "others' reviews are kept");
    // The withdrawn juror's link no longer opens.
    let mut tx = app.state.db.begin().await.unwrap();
    assert!(access::token_for(&mut tx, &Links::of(&app.state), calls::JUROR_SCOPE, c.jurors[0]).await.unwrap().is_none());
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn reminders_once_per_juror_with_work_left() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 2, 3).await;
    make_eligible(&app, &c).await;
    let now = app.state.now();
    sqlx::query("UPDATE call_stages SET review_deadline = $2 WHERE id = $1")
        .bind(c.stages[0])
        .bind(now + 72 * 3600)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    // Juror 0 has work left; juror 1 has submitted everything; juror 2 has work but is not invited.
    assign(&app, &c, c.applications[0], c.jurors[0], "none").await;
    let done = assign(&app, &c, c.applications[0], c.jurors[1], "none").await;
    submit_review(&app, &c, done, "fait").await;
    assign(&app, &c, c.applications[1], c.jurors[2], "none").await;
    token(&app, c.jurors[0]).await;
    token(&app, c.jurors[1]).await;
    let reminders = || async {
        sqlx::query("SELECT to_address FROM mail_outbox WHERE dedup_key LIKE 'call-juror:%:reminder'")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect::<Vec<_>>()
    };
    jury::send_reminders(&app.state).await.unwrap();
    assert!(reminders().await.is_empty(), "too early: 72 h before");
    app.state.clock.set(now + 30 * 3600);
    // Two runs at once (two instances), then a third: one reminder.
    let (a, b) = tokio::join!(jury::send_reminders(&app.state), jury::send_reminders(&app.state));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    jury::send_reminders(&app.state).await.unwrap();
    assert_eq!(reminders().await, vec!["juror0@t.example".to_string()]);
}

#[tokio::test]
async fn the_back_office_page_by_role() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 2, 2).await;
    make_eligible(&app, &c).await;
    let path = format!("/admin/appels/{}/etapes/{}/jury", c.call_id, c.stages[0]);
    let (status, _) = get(&client(), &app, &path).await;
    assert_ne!(status, 200, "anonymous");
    app.user("admin-jury@t.example", Role::NetworkAdmin, None).await;
    let admin = app.session_client("admin-jury@t.example").await;
    let (status, body) = get(&admin, &app, &path).await;
    assert_eq!(status, 200);
    assert!(body.contains("Répartir automatiquement") && body.contains("Juré 0") && body.contains("0 sur 3"));
    let csrf = extract_csrf(&body).unwrap();
    let r = admin.post(app.url(&format!("{path}/repartir"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // Two jurors cannot give k = 3.
    assert!(r.headers()["location"].to_str().unwrap().contains("ok=short"));
    let r = admin
        .post(app.url(&format!("{path}/jures")))
        .form(&[("csrf", csrf.as_str()), ("name", "Nouvelle Jurée"), ("email", "pas-une-adresse"), ("organisation", ""), ("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Nouvelle Jurée"), "what was typed is kept");
    let r = admin
        .post(app.url(&format!("{path}/jures")))
        .form(&[("csrf", csrf.as_str()), ("name", "Nouvelle Jurée"), ("email", "nouvelle@t.example"), ("organisation", ""), ("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // One by hand (twice: the second changes nothing), then the rest automatically.
    let (a0, j0) = (c.applications[0].to_string(), c.jurors[0].to_string());
    for n in ["n=1", "n=0"] {
        let r = admin
            .post(app.url(&format!("{path}/affecter")))
            .form(&[("csrf", csrf.as_str()), ("application", a0.as_str()), ("juror", j0.as_str())])
            .send()
            .await
            .unwrap();
        assert!(r.headers()["location"].to_str().unwrap().contains(n));
    }
    let r = admin.post(app.url(&format!("{path}/repartir"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("ok=assigned&n=5"));
    let (_, body) = get(&admin, &app, &path).await;
    assert!(body.contains("0 sur 2 évaluées"));
    // Withdrawing asks first; confirmed, it withdraws.
    let withdraw = format!("{path}/jures/{}/retirer", c.jurors[1]);
    let r = admin.post(app.url(&withdraw)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().contains("Oui, retirer du jury"));
    assert!(calls::jury::counted_reviews(&app.state.db, c.stages[0]).await.unwrap().is_empty());
    let withdrawn: Option<i64> = sqlx::query_scalar("SELECT withdrawn_at FROM call_jurors WHERE id = $1")
        .bind(c.jurors[1])
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(withdrawn.is_none(), "not before the confirmation");
    let r = admin.post(app.url(&withdraw)).form(&[("csrf", csrf.as_str()), ("confirm", "1")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // Three jurors for k = 3: nobody can replace the withdrawn one, and nothing changes.
    assert!(r.headers()["location"].to_str().unwrap().contains("ok=short"));
    let withdrawn: Option<i64> = sqlx::query_scalar("SELECT withdrawn_at FROM call_jurors WHERE id = $1")
        .bind(c.jurors[1])
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert!(withdrawn.is_none(), "a withdrawal that cannot be covered changes nothing");
    let views: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'calls.jury.view'").fetch_one(app.state.db.pool()).await.unwrap();
    assert!(views >= 2);
    // A stage that is not the call's: 404.
    let (status, _) = get(&admin, &app, &format!("/admin/appels/{}/etapes/999999/jury", c.call_id)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_jurors_link_is_described_for_the_resend_page_until_withdrawn() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 1, 2).await;
    let st = stage(&app, c.stages[0]).await;
    let scope = app.state.modules.access_scope(calls::JUROR_SCOPE).expect("the calls register their jurors' links");
    let tr = app.state.tr(essaim::core::i18n::Locale::Fr);
    let d = (scope.describe)(&app.state, &tr, c.jurors[0], "tok").await.unwrap().unwrap();
    assert_eq!(d.path, "/appels/jury/tok");
    assert!(d.label.contains("Premier jury") && d.label.contains("Trophées de l’inclusion"), "{}", d.label);
    jury::withdraw(&app.state, &st, c.jurors[0], app.state.now()).await.unwrap().unwrap();
    assert!((scope.describe)(&app.state, &tr, c.jurors[0], "tok").await.unwrap().is_none());
}

#[tokio::test]
async fn a_conflict_found_after_the_review_recuses_the_juror_and_the_score_stops_counting() {
    let app = TestApp::spawn().await;
    let c = competition(&app, 2, 1).await;
    make_eligible(&app, &c).await;
    let ids = [
        assign(&app, &c, c.applications[0], c.jurors[0], "unknown").await,
        assign(&app, &c, c.applications[1], c.jurors[0], "unknown").await,
    ];
    let t = token(&app, c.jurors[0]).await;
    let http = client();
    assert_eq!(declare(&app, &http, &t, &[(ids[0], false), (ids[1], false)]).await.status().as_u16(), 303);
    submit_review(&app, &c, ids[0], "avant le conflit").await;
    assert_eq!(jury::counted_reviews(&app.state.db, c.stages[0]).await.unwrap().len(), 1);

    let dossier = format!("/appels/jury/{t}/dossiers/{}", c.applications[0]);
    let (status, page) = get(&http, &app, &dossier).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"{dossier}/conflit\"")));
    let (status, confirm) = get(&http, &app, &format!("{dossier}/conflit")).await;
    assert_eq!(status, 200);
    assert!(confirm.contains("Projet 0") && confirm.contains("définitif"));
    let csrf = extract_csrf(&confirm).unwrap();
    // Without the page's token, nothing changes.
    let r = http.post(app.url(&format!("{dossier}/conflit"))).form(&[("csrf", "x")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(jury::counted_reviews(&app.state.db, c.stages[0]).await.unwrap().len(), 1);
    let r = http.post(app.url(&format!("{dossier}/conflit"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);

    assert!(jury::counted_reviews(&app.state.db, c.stages[0]).await.unwrap().is_empty(), "the score no longer counts");
    assert_eq!(get(&http, &app, &dossier).await.0, 404, "the dossier is closed to the juror");
    let (_, queue) = get(&http, &app, &format!("/appels/jury/{t}")).await;
    assert!(!queue.contains("Projet 0") && queue.contains("Projet 1"));
    let recusals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'calls.jury.recusal'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(recusals, 1);
}
