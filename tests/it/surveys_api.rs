//! The surveys' JSON API: the public list and a survey with its waves, and the staff's
//! endpoints (a wave's responses, the codebook) with a token under the back office's rights.

use essaim::core::auth::Role;
use essaim::modules::surveys::{self, Holder, Mode, QuotaGuard, Submitted, SurveyInput};
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::surveys::{answers, barometer};

async fn token_for(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> String {
    app.user(email, role, club).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut rb = app.client.get(app.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_list_and_a_survey_show_opened_waves_and_their_results_once_published() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Pseudonymous, None).await;
    // A survey in preparation (no opened wave) is not public.
    let mut tx = app.state.db.begin().await.unwrap();
    let draft = SurveyInput { slug: "en-preparation".into(), title: "En préparation".into(), min_cell: 5, ..Default::default() };
    surveys::insert_survey(&mut tx, &draft, None, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();

    let (status, _, list) = get(&app, "/api/v1/surveys", None).await;
    assert_eq!(status, 200);
    assert_eq!(list["meta"]["total"], 1);
    let s = &list["data"][0];
    assert_eq!(s["slug"], b.slug.as_str());
    assert_eq!(s["title"], "Baromètre des âges");
    assert_eq!(s["summary"], "Comment les entreprises gèrent les âges");
    assert_eq!(s["url"], format!("http://essaim.test/enquetes/{}", b.slug));
    assert_eq!(s["waves"], json!([{ "label": "2025", "state": "open", "published": false }]));
    assert_eq!(s["results_url"], Value::Null);
    assert_eq!(get(&app, "/api/v1/surveys/en-preparation", None).await.0, 404);
    assert_eq!(get(&app, "/api/v1/surveys/nope", None).await.0, 404);
    assert_eq!(get(&app, "/api/v1/surveys?per_page=0", None).await.0, 422);

    let (status, _, detail) = get(&app, &format!("/api/v1/surveys/{}", b.slug), None).await;
    assert_eq!(status, 200);
    let w = &detail["waves"][0];
    assert_eq!(w["label"], "2025");
    assert_eq!(w["mode"], "pseudonymous");
    assert_eq!(w["state"], "open");
    assert!(w["opens_at"].as_str().unwrap().ends_with('Z') && w["closes_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(w["territories"].as_array().unwrap().len(), 2);
    assert!(w["territories"][0]["slug"].as_str().unwrap().starts_with("territoire-"));
    assert_eq!(w["published"], false);
    assert_eq!(w["results_url"], Value::Null);

    // Published: the results' URLs.
    let mut tx = app.state.db.begin().await.unwrap();
    surveys::publish_wave(&mut tx, b.wave_id, Some(&["q1".to_string()]), app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    let (_, _, list) = get(&app, "/api/v1/surveys", None).await;
    assert_eq!(list["data"][0]["results_url"], format!("http://essaim.test/enquetes/{}/resultats", b.slug));
    assert_eq!(list["data"][0]["waves"][0]["published"], true);
    let (_, _, detail) = get(&app, &format!("/api/v1/surveys/{}", b.slug), None).await;
    assert_eq!(detail["waves"][0]["results_url"], format!("http://essaim.test/enquetes/{}/resultats?vague=2025", b.slug));
    assert!(!detail.to_string().contains("@"), "no person in the public API");
}

#[tokio::test]
async fn staff_endpoints_need_a_token_of_someone_who_manages_the_survey() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    for i in 0..2 {
        let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
        let mut tx = app.state.db.begin().await.unwrap();
        let holder = Holder::OpenKey(format!("{i:064x}"));
        surveys::start_open_draft(&mut tx, b.wave_id, b.clubs[0], &format!("{i:064x}"), app.state.now()).await.unwrap();
        let typed = answers(&b.def, &["A", "C"], Some("Autre"), 3);
        let done = surveys::submit(&mut tx, &wave, b.clubs[0], &holder, &typed, QuotaGuard::Database, app.state.now()).await.unwrap();
        assert!(matches!(done, Submitted::Stored(_)));
        tx.commit().await.unwrap();
    }
    let responses = format!("/api/v1/surveys/{}/waves/2025/responses", b.slug);
    crate::common::surveys::close(&app, b.wave_id).await;
    let codebook = format!("/api/v1/surveys/{}/codebook", b.slug);

    // Without a token, or with a bad one: 401 with the challenge.
    for path in [&responses, &codebook] {
        let (status, headers, err) = get(&app, path, None).await;
        assert_eq!(status, 401, "{path}");
        assert!(headers["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
        assert_eq!(err["error"]["status"], 401);
        assert_eq!(get(&app, path, Some("not-a-token")).await.0, 401);
    }
    // A club's editor does not manage the network's survey.
    let club_slug = essaim::modules::network::get_club(&app.state.db, b.clubs[0]).await.unwrap().unwrap().slug;
    let editor = token_for(&app, "club@t.example", Role::Editor, Some(&club_slug)).await;
    assert_eq!(get(&app, &responses, Some(&editor)).await.0, 403);
    assert_eq!(get(&app, &codebook, Some(&editor)).await.0, 403);

    let admin = token_for(&app, "reseau@t.example", Role::NetworkAdmin, None).await;
    let (status, _, body) = get(&app, &responses, Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["survey"]["slug"], b.slug.as_str());
    assert_eq!(body["wave"], json!({ "label": "2025", "mode": "anonymous", "version": 1 }));
    let rows = body["responses"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["q2_a"] == 1 && r["q2_b"] == 0 && r["q2_c"] == 1 && r["q2_other"] == "Autre"));
    assert!(body["codebook"].as_array().unwrap().iter().any(|e| e["code"] == "q5"));
    assert_eq!(get(&app, &format!("/api/v1/surveys/{}/waves/1999/responses", b.slug), Some(&admin)).await.0, 404);
    assert_eq!(get(&app, "/api/v1/surveys/nope/codebook", Some(&admin)).await.0, 404);

    let (status, _, book) = get(&app, &codebook, Some(&admin)).await;
    assert_eq!(status, 200);
    let q5 = book["codebook"].as_array().unwrap().iter().find(|e| e["code"] == "q5").unwrap().clone();
    assert_eq!(q5["columns"], json!(["q5_recrutement", "q5_formation"]));
    assert_eq!(q5["rows"][0], json!({ "code": "recrutement", "label": "Recrutement", "column": "q5_recrutement" }));

    // The responses read through the API are in the audit log.
    let detail: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'api.surveys.responses'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(detail, format!("wave={} format=json rows=2", b.wave_id));
}

#[tokio::test]
async fn the_openapi_document_describes_the_surveys_endpoints() {
    let app = TestApp::spawn().await;
    let (_, _, doc) = get(&app, "/api/v1/openapi.json", None).await;
    assert_eq!(doc["paths"]["/api/v1/surveys"]["get"]["security"], json!([]));
    assert_eq!(doc["paths"]["/api/v1/surveys/{slug}"]["get"]["security"], json!([]));
    let staff = &doc["paths"]["/api/v1/surveys/{slug}/waves/{label}/responses"]["get"];
    assert_eq!(staff["security"][0]["bearer"], json!([]));
    assert_eq!(doc["paths"]["/api/v1/surveys/{slug}/codebook"]["get"]["security"][0]["bearer"], json!([]));
    for name in ["SurveySummary", "SurveyDetail", "SurveyWave", "SurveyResponses", "SurveyCodebook", "SurveyCodebookEntry"] {
        assert!(doc["components"]["schemas"][name].is_object(), "{name}");
    }
    assert_eq!(doc["components"]["schemas"]["SurveyDetail"]["properties"]["waves"]["items"]["$ref"], "#/components/schemas/SurveyWave");
}
