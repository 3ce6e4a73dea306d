//! Calls: the ranking (the issue's 3 × 12 fixture through the real store, the page and the
//! exports; conflicted reviews left out), decisions locked with their amendments, and results
//! frozen at publication (409 on a change, the fingerprint of the API's body, version 2 after
//! an amendment, one outcome e-mail per submitted applicant).

use std::collections::BTreeMap;

use crate::common::{TestApp, calls::Competition, calls::competition};
use essaim::core::auth::Role;
use essaim::modules::calls::{self, CriterionInput, Review, StageInput};
use sqlx::Row;

const ADMIN: &str = "reseau-appels@t.example";

/// The fixture's groups of true values (in thirds of a point), as in `ranking.rs`: each
/// juror reviews two groups (A: 0 and 1, B: 1 and 2, C: 0 and 2), C two points higher.
const GROUPS: [[i64; 4]; 3] = [[0, 5, 9, 22], [1, 2, 12, 21], [3, 4, 6, 23]];

fn scores_for(v: i64) -> (i64, i64) {
    let (mut a, mut b) = (v / 3, v - 2 * (v / 3));
    if b > 8 {
        a += 1;
        b -= 2;
    }
    (a, b)
}

struct Ranked {
    c: Competition,
    stage: i64,
    /// application id -> its true value
    value: BTreeMap<i64, i64>,
}

/// The competition's 12 applications on a 0–10 stage with criteria weighted 2 and 1, reviewed
/// as the fixture says; plus a fourth juror, in declared conflict, who gives the weakest
/// application full marks (it must not count).
async fn ranked(app: &TestApp) -> Ranked {
    let c = competition(app, 12, 0).await;
    let db = &app.state.db;
    let now = app.state.now();
    let mut tx = db.begin().await.unwrap();
    let stage = calls::insert_stage(&mut tx, c.call_id, &StageInput { name: "Jury normalisé".into(), scale_max: 10, ..Default::default() })
        .await
        .unwrap();
    let k1 =
        calls::insert_criterion(&mut tx, stage, &CriterionInput { name: "Impact".into(), weight: 2, ..Default::default() }).await.unwrap();
    let k2 = calls::insert_criterion(&mut tx, stage, &CriterionInput { name: "Faisabilité".into(), weight: 1, ..Default::default() })
        .await
        .unwrap();
    let mut jurors = vec![];
    for j in 0..4 {
        jurors.push(calls::insert_juror(&mut tx, stage, &format!("norm{j}@t.example"), &format!("Juré {j}"), "", "fr", now).await.unwrap());
    }
    let mut value = BTreeMap::new();
    let mut group_of = BTreeMap::new();
    for (k, v) in GROUPS.iter().flatten().enumerate() {
        value.insert(c.applications[k], *v);
        group_of.insert(c.applications[k], k / 4);
    }
    for (j, groups) in [[0usize, 1], [1, 2], [0, 2]].iter().enumerate() {
        for (app_id, g) in &group_of {
            if !groups.contains(g) {
                continue;
            }
            let a = calls::insert_assignment(&mut tx, stage, *app_id, jurors[j], "manual", "none", now).await.unwrap().unwrap();
            let (s1, s2) = scores_for(value[app_id]);
            let bonus = if j == 2 { 2 } else { 0 };
            let review =
                Review { assignment_id: a, submitted: true, scores: [(k1, s1 + bonus), (k2, s2 + bonus)].into(), ..Default::default() };
            assert!(calls::save_review(&mut tx, &review, now).await.unwrap());
        }
    }
    // The weakest application (value 0) gets 10/10 from a juror in conflict.
    let weakest = c.applications[0];
    let a = calls::insert_assignment(&mut tx, stage, weakest, jurors[3], "manual", "unknown", now).await.unwrap().unwrap();
    let review = Review { assignment_id: a, submitted: true, scores: [(k1, 10), (k2, 10)].into(), ..Default::default() };
    assert!(calls::save_review(&mut tx, &review, now).await.unwrap());
    tx.commit().await.unwrap();
    calls::admin::decisions::declare_for_tests(&app.state, a, "declared").await.unwrap();
    Ranked { c, stage, value }
}

async fn admin(app: &TestApp) -> reqwest::Client {
    app.user(ADMIN, Role::NetworkAdmin, None).await;
    app.session_client(ADMIN).await
}

#[tokio::test]
async fn the_fixture_ranks_by_normalised_scores_in_the_page_and_the_exports() {
    let app = TestApp::spawn_demo().await;
    let r = ranked(&app).await;
    let c = admin(&app).await;
    let base = format!("/admin/appels/{}/etapes/{}/classement", r.c.call_id, r.stage);

    let csv = c.get(app.url(&format!("{base}.csv"))).send().await.unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM");
    let lines: Vec<Vec<&str>> =
        text.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).map(|l| l.split(';').collect()).collect();
    let head = &lines[0];
    for col in ["Moyenne pondérée", "Médiane", "Moyenne normalisée", "Écart entre jurés", "Évaluations"] {
        assert!(head.contains(&col), "{col} in {head:?}");
    }
    let at = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let (cat, project, reviews) = (at("Catégorie"), at("Projet"), at("Évaluations"));
    assert_eq!(lines.len(), 13, "12 applications");
    // Within each category, the order of the export is the true values' order.
    let title_of: BTreeMap<String, i64> = (0..12).map(|i| (format!("Projet {i}"), r.value[&r.c.applications[i]])).collect();
    let mut by_cat: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for l in &lines[1..] {
        by_cat.entry(l[cat].to_string()).or_default().push(title_of[l[project]]);
        assert_eq!(l[reviews], "2", "the conflicted review does not count: {l:?}");
    }
    assert_eq!(by_cat.len(), 2);
    for (name, values) in &by_cat {
        let mut sorted = values.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(values, &sorted, "category {name} by normalised mean");
    }
    // The weakest, whom the conflicted juror gave 10/10, is last of its category.
    let weakest = lines.iter().find(|l| l.get(project) == Some(&"Projet 0")).unwrap();
    assert_eq!(weakest[at("Moyenne pondérée")], "1,00");

    let page = c.get(app.url(&format!("{base}?tri=mean"))).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Moyenne normalisée") && html.contains("Médiane") && html.contains("aria-sort=\"descending\""));
    assert!(html.contains("table-scroll"));

    let x = c.get(app.url(&format!("{base}.xlsx"))).send().await.unwrap();
    assert_eq!(x.status().as_u16(), 200);
    let bytes = x.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(strings.contains("Moyenne pondérée") && strings.contains("Médiane") && strings.contains("Moyenne normalisée"));

    // Another club's editor may not; a missing stage is a 404.
    app.user("editeur@t.example", Role::Editor, Some("seine-saint-denis")).await;
    let other = app.session_client("editeur@t.example").await;
    let status = other.get(app.url(&base)).send().await.unwrap().status().as_u16();
    assert!(status == 403, "network's call, a club's editor: {status}");
    let missing = c.get(app.url(&format!("/admin/appels/{}/etapes/999999/classement", r.c.call_id))).send().await.unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}

#[tokio::test]
async fn the_scores_api_follows_the_ranking_and_the_token_s_rights() {
    let app = TestApp::spawn_demo().await;
    let r = ranked(&app).await;
    app.user(ADMIN, Role::NetworkAdmin, None).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, ADMIN).await.unwrap().unwrap();
    let token = essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1;
    let url = app.url(&format!("/api/v1/calls/{}/stages/{}/scores", r.c.slug, r.stage));
    let v: serde_json::Value = app.client.get(&url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 12);
    assert!(data.iter().all(|d| d["reviews"] == 2 && d["normalised"].is_number() && d["median"].is_number()));
    let unauth = app.client.get(&url).send().await.unwrap();
    assert_eq!(unauth.status().as_u16(), 401);
    let apps: serde_json::Value = app
        .client
        .get(app.url(&format!("/api/v1/calls/{}/applications?per_page=5", r.c.slug)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(apps["data"].as_array().unwrap().len(), 5);
    assert_eq!(apps["meta"]["total"], 12);
    // A club's editor's token: 403 on the network's call.
    app.user("editeur-api@t.example", Role::Editor, Some("seine-saint-denis")).await;
    let eid = essaim::modules::network::user_id_by_email(db, "editeur-api@t.example").await.unwrap().unwrap();
    let etoken = essaim::modules::network::issue_api_token(db, eid, "test", eid, app.state.now()).await.unwrap().1;
    assert_eq!(app.client.get(&url).bearer_auth(&etoken).send().await.unwrap().status().as_u16(), 403);
}

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, form: &[(&str, String)]) -> (u16, String) {
    let csrf = app.csrf(c, path).await;
    let mut all: Vec<(&str, String)> = vec![("csrf", csrf)];
    all.extend(form.iter().cloned());
    let r = c.post(app.url(path)).form(&all).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

#[tokio::test]
async fn a_decision_is_locked_and_an_amendment_needs_a_reason() {
    let app = TestApp::spawn().await;
    let comp = competition(&app, 6, 0).await;
    let c = admin(&app).await;
    let path = format!("/admin/appels/{}/etapes/{}/decision", comp.call_id, comp.stages[0]);
    let first: Vec<(&str, String)> = vec![
        ("advance", comp.applications[0].to_string()),
        ("advance", comp.applications[1].to_string()),
        ("rationale", "Les deux meilleurs.".into()),
    ];

    // Without a rationale: 422, the choice kept.
    let (status, html) = post(&app, &c, &path, &first[..2]).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"erreurs\"") && html.contains(&format!("value=\"{}\" checked", comp.applications[1])));

    // A choice that is not an application's id: a clear 400, nothing recorded.
    let (status, _) = post(&app, &c, &path, &[("advance", "le-premier".into()), ("rationale", "x".into())]).await;
    assert_eq!(status, 400);
    // An application of no stage of this call (another call's): 422.
    let (status, _) = post(&app, &c, &path, &[("advance", "999999".into()), ("rationale", "x".into())]).await;
    assert_eq!(status, 422);

    // Two decisions at once: one is recorded, the other refused.
    let csrf = app.csrf(&c, &path).await;
    let mut form = first.clone();
    form.push(("csrf", csrf));
    let (a, b) = tokio::join!(c.post(app.url(&path)).form(&form).send(), c.post(app.url(&path)).form(&form).send());
    let mut statuses = vec![a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![303, 409]);

    // Locked: a second decision is refused.
    let (status, _) = post(&app, &c, &path, &first).await;
    assert_eq!(status, 409);
    let apps = calls::store_applications_for_tests(&app.state.db, comp.call_id).await;
    let advanced: Vec<i64> = apps.iter().filter(|a| a.stage_id == Some(comp.stages[1])).map(|a| a.id).collect();
    assert_eq!(advanced, vec![comp.applications[0], comp.applications[1]]);
    assert!(apps.iter().filter(|a| !advanced.contains(&a.id)).all(|a| a.outcome.as_deref() == Some("not_selected")));

    // An amendment without a reason: 422; with one, recorded and shown in the history.
    let amend = format!("/admin/appels/{}/etapes/{}/amendement", comp.call_id, comp.stages[0]);
    let second: Vec<(&str, String)> = vec![("advance", comp.applications[0].to_string()), ("advance", comp.applications[2].to_string())];
    let (status, html) = post(&app, &c, &amend, &second).await;
    assert_eq!(status, 422);
    assert!(html.contains("Raison de la modification"));
    let mut with_reason = second.clone();
    with_reason.push(("reason", "Le dossier 1 s’est désisté.".into()));
    let (status, _) = post(&app, &c, &amend, &with_reason).await;
    assert_eq!(status, 303);
    let (_, page) = (200, c.get(app.url(&path)).send().await.unwrap().text().await.unwrap());
    assert!(page.contains("Les deux meilleurs.") && page.contains("Le dossier 1 s’est désisté.") && page.contains("Modification n°"));
    assert!(!page.contains("name=\"rationale\""), "the decision's form is gone");
    let apps = calls::store_applications_for_tests(&app.state.db, comp.call_id).await;
    let advanced: Vec<i64> = apps.iter().filter(|a| a.stage_id == Some(comp.stages[1])).map(|a| a.id).collect();
    assert_eq!(advanced, vec![comp.applications[0], comp.applications[2]]);
    let rows = sqlx::query("SELECT seq FROM call_decisions WHERE stage_id = $1 ORDER BY seq")
        .bind(comp.stages[0])
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(rows.iter().map(|r| r.get::<i64, _>(0)).collect::<Vec<_>>(), vec![1, 2]);
}

fn sha256(s: &str) -> String {
    essaim::core::auth::sha256_hex(s)
}

#[tokio::test]
async fn published_results_are_frozen_fingerprinted_and_amended_as_version_two() {
    let app = TestApp::spawn().await;
    let comp = competition(&app, 6, 1).await;
    let db = &app.state.db;
    let now = app.state.now();
    // A counted review with feedback for an application that will not be selected.
    let mut tx = db.begin().await.unwrap();
    let a = calls::insert_assignment(&mut tx, comp.stages[0], comp.applications[5], comp.jurors[0], "manual", "none", now)
        .await
        .unwrap()
        .unwrap();
    let review = Review {
        assignment_id: a,
        submitted: true,
        scores: [(comp.criteria[0].0, 1), (comp.criteria[1].0, 1)].into(),
        feedback: "Le budget reste à consolider.".into(),
        ..Default::default()
    };
    calls::save_review(&mut tx, &review, now).await.unwrap();
    tx.commit().await.unwrap();

    let c = admin(&app).await;
    let ids = &comp.applications;
    let first = format!("/admin/appels/{}/etapes/{}/decision", comp.call_id, comp.stages[0]);
    let advance: Vec<(&str, String)> = vec![
        ("advance", ids[0].to_string()),
        ("advance", ids[1].to_string()),
        ("advance", ids[2].to_string()),
        ("rationale", "Trois finalistes.".into()),
    ];
    assert_eq!(post(&app, &c, &first, &advance).await.0, 303);
    let publish = format!("/admin/appels/{}/publier", comp.call_id);
    // Not before the laureates are decided.
    assert_eq!(post(&app, &c, &publish, &[]).await.0, 409);
    let grand = format!("/admin/appels/{}/etapes/{}/decision", comp.call_id, comp.stages[1]);
    let (emploi, education) = (comp.categories[0], comp.categories[1]);
    let laureates: Vec<(String, String)> = vec![
        (format!("laureate-{emploi}"), ids[0].to_string()),
        (format!("laureate-{education}"), ids[1].to_string()),
        ("rationale".into(), "Unanimité du grand jury.".into()),
    ];
    let form: Vec<(&str, String)> = laureates.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_eq!(post(&app, &c, &grand, &form).await.0, 303);
    assert_eq!(app.get(&format!("/appels/{}/resultats", comp.slug)).await.status().as_u16(), 404, "not before publication");
    assert_eq!(post(&app, &c, &publish, &[]).await.0, 303);

    // One outcome e-mail per submitted applicant, the not-selected one with the feedback.
    let mails =
        sqlx::query("SELECT dedup_key, to_address, text_body FROM mail_outbox WHERE dedup_key LIKE 'calls:application:%' ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(mails.len(), 6);
    let to: Vec<String> = mails.iter().map(|m| m.get::<String, _>(1)).collect();
    for i in 0..6 {
        assert_eq!(to.iter().filter(|t| **t == format!("porteur{i}@t.example")).count(), 1);
    }
    let body_of = |i: usize| mails.iter().find(|m| m.get::<String, _>(1) == format!("porteur{i}@t.example")).unwrap().get::<String, _>(2);
    assert!(body_of(0).contains("lauréat"));
    assert!(body_of(2).contains("finalistes"), "nominee: {}", body_of(2));
    assert!(body_of(5).contains("n’a pas été retenu") && body_of(5).contains("Le budget reste à consolider."));
    assert!(!body_of(4).contains("Le budget"));

    // The applicant's page tells the outcome with the jury's feedback.
    let links = essaim::core::access::Links::of(&app.state);
    let mut tx = db.begin().await.unwrap();
    let mut tokens = vec![];
    for i in [5, 4] {
        let email = format!("porteur{i}@t.example");
        tokens.push(
            essaim::core::access::issue(&mut tx, &links, calls::APPLICATION_SCOPE, ids[i], &email, now + 86_400 * 400, now).await.unwrap(),
        );
    }
    tx.commit().await.unwrap();
    let (status, page) = app.get_text(&format!("/appels/candidature/{}", tokens[0])).await;
    assert_eq!(status, 200);
    assert!(page.contains("n’a pas été retenu") && page.contains("Les retours du jury") && page.contains("Le budget reste à consolider."));
    let (_, other) = app.get_text(&format!("/appels/candidature/{}", tokens[1])).await;
    assert!(!other.contains("Les retours du jury") && !other.contains("Le budget"));

    // The page, the API and the stored body agree on the fingerprint.
    let stored = sqlx::query("SELECT body, fingerprint FROM call_results WHERE call_id = $1 AND version = 1")
        .bind(comp.call_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let (body, fingerprint): (String, String) = (stored.get(0), stored.get(1));
    assert_eq!(sha256(&body), fingerprint);
    let api = app.get(&format!("/api/v1/calls/{}/results", comp.slug)).await;
    assert_eq!(api.status().as_u16(), 200);
    let served = api.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert_eq!(json["fingerprint"], fingerprint.as_str());
    assert!(json["published_at"].is_string());
    // The served text is the stored body with the fingerprint as its last member.
    let unsigned = served.strip_suffix(&format!(",\"fingerprint\":\"{fingerprint}\"}}")).unwrap().to_string() + "}";
    assert_eq!(sha256(&unsigned), fingerprint);
    assert_eq!(json["laureates"].as_array().unwrap().len(), 2);
    assert_eq!(json["laureates"][0]["category"], "Emploi");
    assert_eq!(json["nominees"][0]["project"], "Projet 2");
    let (status, page) = app.get_text(&format!("/appels/{}/resultats", comp.slug)).await;
    assert_eq!(status, 200);
    assert!(page.contains(&fingerprint) && page.contains("Projet 0") && page.contains("Organisation 1"));

    // Frozen: a new decision, a second publication are refused.
    assert_eq!(post(&app, &c, &grand, &form).await.0, 409);
    assert_eq!(post(&app, &c, &publish, &[]).await.0, 409);

    // An amendment with its reason publishes version 2.
    let amend = format!("/admin/appels/{}/etapes/{}/amendement", comp.call_id, comp.stages[1]);
    let amended: Vec<(String, String)> = vec![
        (format!("laureate-{emploi}"), ids[2].to_string()),
        (format!("laureate-{education}"), ids[1].to_string()),
        ("reason".into(), "Le lauréat Emploi a renoncé au prix.".into()),
    ];
    let form: Vec<(&str, String)> = amended.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_eq!(post(&app, &c, &amend, &form).await.0, 303);
    let v2 = sqlx::query("SELECT body, fingerprint, reason FROM call_results WHERE call_id = $1 AND version = 2")
        .bind(comp.call_id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    let (body2, fp2, reason): (String, String, String) = (v2.get(0), v2.get(1), v2.get(2));
    assert_ne!(fp2, fingerprint);
    assert_eq!(sha256(&body2), fp2);
    assert_eq!(reason, "Le lauréat Emploi a renoncé au prix.");
    let served = app.get(&format!("/api/v1/calls/{}/results", comp.slug)).await.text().await.unwrap();
    assert_eq!(served, format!("{},\"fingerprint\":\"{fp2}\"}}", body2.strip_suffix('}').unwrap()));
    let (_, page) = app.get_text(&format!("/appels/{}/resultats", comp.slug)).await;
    assert!(page.contains(&fp2) && page.contains("Le lauréat Emploi a renoncé au prix."));
    assert!(!page.contains(&fingerprint));
    // The applications follow, and those whose outcome changed are told.
    let apps = calls::store_applications_for_tests(db, comp.call_id).await;
    let outcome = |id: i64| apps.iter().find(|a| a.id == id).unwrap().outcome.clone();
    assert_eq!(outcome(ids[2]).as_deref(), Some("laureate"));
    assert_eq!(outcome(ids[0]).as_deref(), Some("nominee"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'calls:application:%:outcome:2'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn the_demo_decides_each_stage_and_publishes() {
    let app = TestApp::spawn().await;
    let r = ranked(&app).await;
    // The fixture's first and grand juries have no reviews: the first advances everyone (fewer
    // than 12), the grand jury gets one laureate per category and two mentions.
    essaim::modules::demo::calls_results::load(&app.state, r.c.call_id, None).await.unwrap();
    let apps = calls::store_applications_for_tests(&app.state.db, r.c.call_id).await;
    let laureates: Vec<_> = apps.iter().filter(|a| a.outcome.as_deref() == Some("laureate")).collect();
    assert_eq!(laureates.len(), 2, "one per category");
    assert_ne!(laureates[0].outcome_category_id, laureates[1].outcome_category_id);
    assert_eq!(apps.iter().filter(|a| a.outcome.as_deref() == Some("mention")).count(), 2);
    let (status, page) = app.get_text(&format!("/appels/{}/resultats", r.c.slug)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Lauréats") && page.contains("Mentions"));
    // Loading again changes nothing.
    essaim::modules::demo::calls_results::load(&app.state, r.c.call_id, None).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM call_results WHERE call_id = $1")
        .bind(r.c.call_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 1);
}
