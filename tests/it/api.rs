//! The JSON API v1 on the demo network: public reading, writing with a personal token under
//! the back office's rights, errors as JSON, and an OpenAPI document that describes every route.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::core::auth::Role;
use serde_json::{Value, json};

/// A person with `role` and a live API token.
async fn token_for(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> (i64, String) {
    app.user(email, role, club).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap()
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut rb = app.client.request(method, app.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let (s, _, v) = send(app, reqwest::Method::GET, path, None, None).await;
    (s, v)
}

#[tokio::test]
async fn published_posts_are_listed_newest_first_with_paging_and_filters() {
    let app = TestApp::spawn_demo().await;
    let (status, body) = get_json(&app, "/api/v1/posts?per_page=5&page=2").await;
    assert_eq!(status, 200);
    let data = body["data"].as_array().unwrap();
    assert_eq!(data.len(), 5);
    assert_eq!(body["meta"]["page"], 2);
    assert_eq!(body["meta"]["per_page"], 5);
    let total = body["meta"]["total"].as_i64().unwrap();
    assert!(total >= 40, "{total}");
    let dates: Vec<&str> = data.iter().map(|p| p["published_at"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert!(data[0]["url"].as_str().unwrap().starts_with("http://essaim.test/actualites/"));
    // The scheduled post never shows.
    let (_, all) = get_json(&app, "/api/v1/posts?per_page=100").await;
    assert_eq!(all["data"].as_array().unwrap().len() as i64, total);
    assert!(!all.to_string().contains("2026-12-15"));
    // Filters: a club, a category; an unknown slug matches nothing.
    let (_, club) = get_json(&app, "/api/v1/posts?club=lyon-metropole&per_page=100").await;
    let n = club["meta"]["total"].as_i64().unwrap();
    assert!(n > 0 && n < total);
    assert!(club["data"].as_array().unwrap().iter().all(|p| p["club"]["slug"] == "lyon-metropole"));
    let (_, cat) = get_json(&app, "/api/v1/posts?category=emploi&per_page=100").await;
    assert!(cat["data"].as_array().unwrap().iter().all(|p| p["categories"].to_string().contains("\"emploi\"")));
    let (_, none) = get_json(&app, "/api/v1/posts?tag=nothing-like-this").await;
    assert_eq!(none["meta"]["total"], 0);
    // Bad paging: 422 with fields, 400 for a non-number.
    let (status, err) = get_json(&app, "/api/v1/posts?per_page=101").await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["field"], "per_page");
    let (status, err) = get_json(&app, "/api/v1/posts?page=abc").await;
    assert_eq!(status, 400);
    assert_eq!(err["error"]["status"], 400);
}

#[tokio::test]
async fn a_post_pages_clubs_and_partners_read_without_a_token() {
    let app = TestApp::spawn_demo().await;
    let (_, list) = get_json(&app, "/api/v1/posts?per_page=1").await;
    let slug = list["data"][0]["slug"].as_str().unwrap().to_string();
    let (status, post) = get_json(&app, &format!("/api/v1/posts/{slug}")).await;
    assert_eq!(status, 200);
    for key in ["title", "slug", "url", "excerpt", "body_html", "published_at", "club", "author", "categories", "tags", "image"] {
        assert!(post.get(key).is_some(), "post has {key}");
    }
    assert_eq!(post["status"], "published");
    assert!(post["published_at"].as_str().unwrap().ends_with('Z'));
    assert!(!post.to_string().contains("@example"), "no e-mails of commenters");
    let (status, err) = get_json(&app, "/api/v1/posts/nope").await;
    assert_eq!(status, 404);
    assert_eq!(err["error"]["code"], "error-not-found");
    let (status, pages) = get_json(&app, "/api/v1/pages").await;
    assert_eq!(status, 200);
    let page_slug = pages["data"][0]["slug"].as_str().unwrap().to_string();
    assert_eq!(get_json(&app, &format!("/api/v1/pages/{page_slug}")).await.0, 200);
    let (_, clubs) = get_json(&app, "/api/v1/clubs").await;
    assert_eq!(clubs["data"].as_array().unwrap().len(), 6);
    assert_eq!(clubs["data"][0]["national"], true);
    let (status, club) = get_json(&app, "/api/v1/clubs/lyon-metropole").await;
    assert_eq!(status, 200);
    assert_eq!(club["url"], "http://essaim.test/clubs/lyon-metropole");
    let (_, partners) = get_json(&app, "/api/v1/partners").await;
    assert_eq!(partners["data"].as_array().unwrap().len(), 10);
    assert!(partners["data"][0]["logo_url"].as_str().unwrap().starts_with("http://essaim.test/media/"));
}

#[tokio::test]
async fn a_token_writes_posts_under_its_person_s_rights() {
    let app = TestApp::spawn_demo().await;
    let (_, editor) = token_for(&app, "ed93@test.example", Role::Editor, Some("seine-saint-denis")).await;
    let post = json!({ "title": "Forum des métiers à Bobigny", "body": "Un **forum**.", "status": "published",
        "club": "seine-saint-denis", "categories": ["emploi"], "tags": ["Forum", "Métiers"] });
    let (status, headers, created) = send(&app, reqwest::Method::POST, "/api/v1/posts", Some(&editor), Some(post.clone())).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(headers["location"], "/api/v1/posts/forum-des-metiers-a-bobigny");
    assert_eq!(created["body_html"].as_str().unwrap().trim(), "<p>Un <strong>forum</strong>.</p>");
    assert_eq!(created["author"], "ed93@test.example");
    assert_eq!(created["tags"].as_array().unwrap().len(), 2);
    // Public at once, on the site and in the API.
    assert_eq!(get_json(&app, "/api/v1/posts/forum-des-metiers-a-bobigny").await.0, 200);
    assert_eq!(app.get("/actualites/forum-des-metiers-a-bobigny").await.status(), 200);
    // PUT replaces the editable fields: back to draft, so invisible.
    let put = json!({ "title": "Forum des métiers (report)", "slug": "forum-des-metiers-a-bobigny", "body": "Un **forum**.",
        "body_format": "markdown", "excerpt": "", "status": "draft", "published_at": null, "club": "seine-saint-denis",
        "categories": [], "tags": [], "featured": false, "comments_closed": false });
    let (status, _, updated) =
        send(&app, reqwest::Method::PUT, "/api/v1/posts/forum-des-metiers-a-bobigny", Some(&editor), Some(put)).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["status"], "draft");
    assert_eq!(updated["tags"].as_array().unwrap().len(), 0);
    assert_eq!(get_json(&app, "/api/v1/posts/forum-des-metiers-a-bobigny").await.0, 404, "drafts are invisible");
    let (_, list) = get_json(&app, "/api/v1/posts?per_page=100").await;
    assert!(!list.to_string().contains("forum-des-metiers"));
    // Another club's post, or moving one to another club: 403.
    let (_, other) = get_json(&app, "/api/v1/posts?club=lyon-metropole&per_page=1").await;
    let lyon_slug = other["data"][0]["slug"].as_str().unwrap().to_string();
    let (status, _, err) = send(&app, reqwest::Method::DELETE, &format!("/api/v1/posts/{lyon_slug}"), Some(&editor), None).await;
    assert_eq!(status, 403);
    assert_eq!(err["error"]["code"], "error-forbidden");
    let mut elsewhere = post.clone();
    elsewhere["club"] = json!("lyon-metropole");
    elsewhere["title"] = json!("Ailleurs");
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/posts", Some(&editor), Some(elsewhere)).await.0, 403);
    let (status, _, _) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/posts/{lyon_slug}"),
        Some(&editor),
        Some(json!({ "title": "x", "club": "seine-saint-denis" })),
    )
    .await;
    assert_eq!(status, 403);
    // A member's token writes nothing; network posts need network rights.
    let (_, member) = token_for(&app, "m@test.example", Role::Member, Some("lyon-metropole")).await;
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/posts", Some(&member), Some(json!({ "title": "x" }))).await.0, 403);
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/pages", Some(&editor), Some(json!({ "title": "x" }))).await.0, 403);
    // Delete.
    let (status, _, _) = send(&app, reqwest::Method::DELETE, "/api/v1/posts/forum-des-metiers-a-bobigny", Some(&editor), None).await;
    assert_eq!(status, 204);
    assert_eq!(send(&app, reqwest::Method::DELETE, "/api/v1/posts/forum-des-metiers-a-bobigny", Some(&editor), None).await.0, 404);
}

#[tokio::test]
async fn pages_are_written_by_network_staff() {
    let app = TestApp::spawn_demo().await;
    let (_, admin) = token_for(&app, "na@test.example", Role::NetworkAdmin, None).await;
    let body = json!({ "title": "Nous rejoindre", "body": "<p>Écrivez-nous.</p>", "body_format": "html", "status": "published" });
    let (status, headers, page) = send(&app, reqwest::Method::POST, "/api/v1/pages", Some(&admin), Some(body)).await;
    assert_eq!(status, 201, "{page}");
    assert_eq!(headers["location"], "/api/v1/pages/nous-rejoindre");
    assert_eq!(page["kind"], "page");
    assert_eq!(app.get("/nous-rejoindre").await.status(), 200);
    let (status, _, again) =
        send(&app, reqwest::Method::POST, "/api/v1/pages", Some(&admin), Some(json!({ "title": "Nous rejoindre" }))).await;
    assert_eq!(status, 422);
    assert_eq!(again["error"]["fields"][0]["field"], "slug");
    assert_eq!(
        send(
            &app,
            reqwest::Method::PATCH,
            "/api/v1/pages/nous-rejoindre",
            Some(&admin),
            Some(json!({ "title": "Rejoindre" , "slug": "nous-rejoindre"}))
        )
        .await
        .0,
        200
    );
    assert_eq!(send(&app, reqwest::Method::DELETE, "/api/v1/pages/nous-rejoindre", Some(&admin), None).await.0, 204);
}

#[tokio::test]
async fn tokens_are_checked_and_bad_input_is_explained() {
    let app = TestApp::spawn_demo().await;
    let (token_id, admin) = token_for(&app, "na@test.example", Role::NetworkAdmin, None).await;
    let ok = json!({ "title": "Bonjour" });
    // No token, a wrong one, a session-less garbage header: 401 with the Bearer challenge.
    for token in [None, Some("not-a-token")] {
        let (status, headers, err) = send(&app, reqwest::Method::POST, "/api/v1/posts", token, Some(ok.clone())).await;
        assert_eq!(status, 401);
        assert!(headers["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
        assert_eq!(err["error"]["code"], "error-unauthenticated");
    }
    // 422 with every field and a translated message.
    let bad = json!({ "title": "", "status": "maybe", "club": "atlantis", "published_at": "demain", "categories": ["nope"] });
    let r = app.client.post(app.url("/api/v1/posts")).bearer_auth(&admin).header("accept-language", "en").json(&bad).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let err: Value = r.json().await.unwrap();
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["title", "status", "published_at", "club", "categories"]);
    assert_eq!(err["error"]["fields"][0]["message"], "This field is required.");
    // Malformed JSON, wrong types, unknown fields: 400 with a detail.
    let raw = |body: &'static str| {
        app.client.post(app.url("/api/v1/posts")).bearer_auth(&admin).header("content-type", "application/json").body(body).send()
    };
    for body in ["{\"title\": ", "{\"title\": 3}", "{\"title\": \"x\", \"featured\": \"yes\"}", "{\"title\": \"x\", \"author_id\": 1}"] {
        let r = raw(body).await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{body}");
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["error"]["code"], "error-bad-json");
        assert!(!err["error"]["detail"].as_str().unwrap().is_empty());
    }
    let r = raw("{\"title\": \"x\", \"author_id\": 1}").await.unwrap();
    assert!(r.text().await.unwrap().contains("author_id"));
    // A revoked token stops working at once.
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/posts", Some(&admin), Some(ok.clone())).await.0, 201);
    assert!(essaim::modules::network::revoke_api_token(&app.state.db, token_id, app.state.now()).await.unwrap());
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/posts", Some(&admin), Some(json!({ "title": "Encore" }))).await.0, 401);
}

#[tokio::test]
async fn clubs_and_partners_are_written_by_network_administrators() {
    let app = TestApp::spawn_demo().await;
    let (_, admin) = token_for(&app, "na@test.example", Role::NetworkAdmin, None).await;
    let (_, lyon) = token_for(&app, "al@test.example", Role::ClubAdmin, Some("lyon-metropole")).await;
    let club = json!({ "name": "Club du Var", "territory": "Var", "email": "var@example.org" });
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/clubs", Some(&lyon), Some(club.clone())).await.0, 403);
    let (status, headers, created) = send(&app, reqwest::Method::POST, "/api/v1/clubs", Some(&admin), Some(club)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(headers["location"], "/api/v1/clubs/club-du-var");
    // A club administrator edits their own club, not another.
    let edit = json!({ "slug": "lyon-metropole", "name": "Club Lyon Métropole", "territory": "Métropole de Lyon" });
    assert_eq!(send(&app, reqwest::Method::PATCH, "/api/v1/clubs/lyon-metropole", Some(&lyon), Some(edit)).await.0, 200);
    assert_eq!(send(&app, reqwest::Method::PUT, "/api/v1/clubs/club-du-var", Some(&lyon), Some(json!({ "name": "x" }))).await.0, 403);
    let (status, _, err) = send(
        &app,
        reqwest::Method::PATCH,
        "/api/v1/clubs/club-du-var",
        Some(&admin),
        Some(json!({ "name": "Var", "slug": "lyon-metropole" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["field"], "slug");
    assert_eq!(send(&app, reqwest::Method::DELETE, "/api/v1/clubs/club-du-var", Some(&lyon), None).await.0, 403);
    assert_eq!(send(&app, reqwest::Method::DELETE, "/api/v1/clubs/club-du-var", Some(&admin), None).await.0, 204);
    // A club that still holds posts, events or members stays: the 409 says what it holds.
    let (status, _, err) = send(&app, reqwest::Method::DELETE, "/api/v1/clubs/lyon-metropole", Some(&admin), None).await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["error"]["code"], "network-club-not-empty");
    let detail = err["error"]["detail"].as_str().unwrap();
    assert!(detail.contains("articles ou pages") && detail.contains("membre"), "{detail}");
    assert!(essaim::modules::network::get_club_by_slug(&app.state.db, "lyon-metropole").await.unwrap().is_some());
    // Partners.
    let partner = json!({ "name": "Coopérative Azur", "kind": "association", "website": "https://azur.example", "position": 3 });
    assert_eq!(send(&app, reqwest::Method::POST, "/api/v1/partners", Some(&lyon), Some(partner.clone())).await.0, 403);
    let (status, headers, p) = send(&app, reqwest::Method::POST, "/api/v1/partners", Some(&admin), Some(partner)).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(headers["location"], "/api/v1/partners/cooperative-azur");
    let (status, _, err) = send(
        &app,
        reqwest::Method::PATCH,
        "/api/v1/partners/cooperative-azur",
        Some(&admin),
        Some(json!({ "name": "Azur", "kind": "friend" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(err["error"]["fields"][0]["field"], "kind");
    assert_eq!(
        send(
            &app,
            reqwest::Method::PATCH,
            "/api/v1/partners/cooperative-azur",
            Some(&admin),
            Some(json!({ "name": "Azur", "slug": "cooperative-azur", "kind": "sponsor" }))
        )
        .await
        .0,
        200
    );
    assert_eq!(get_json(&app, "/api/v1/partners/cooperative-azur").await.1["kind"], "sponsor");
    assert_eq!(send(&app, reqwest::Method::DELETE, "/api/v1/partners/cooperative-azur", Some(&admin), None).await.0, 204);
    assert_eq!(get_json(&app, "/api/v1/partners/cooperative-azur").await.0, 404);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::spawn().await;
    let (status, doc) = get_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(doc["components"]["schemas"]["Error"].is_object());
    // The router is built from these same lists, so every route under /api/v1 is here.
    let endpoints: Vec<(&str, &str)> = essaim::core::api::all_endpoints(&app.state.modules).iter().map(|e| (e.method, e.path)).collect();
    assert!(endpoints.len() >= 21);
    let mut described = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        assert!(path.starts_with("/api/v1/"));
        described += item.as_object().unwrap().len();
    }
    assert_eq!(described, endpoints.len(), "no operation without a route");
    for (method, path) in endpoints {
        let op = &doc["paths"][path][method];
        assert!(op["summary"].is_string(), "{method} {path} is described");
        assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has responses");
        if path.contains("{slug}") {
            assert_eq!(op["parameters"][0]["name"], "slug", "{method} {path}");
        }
        // Exceptions: anonymous booking and cancelling (by the booking's personal token), and
        // an event's registrations, a call's applications and scores, a survey's responses and
        // a program's cohorts and attendance (their staff only).
        let anonymous_write =
            matches!((method, path), ("post", "/api/v1/events/{slug}/registrations") | ("delete", "/api/v1/registrations/{token}"));
        let private_read = method == "get"
            && matches!(
                path,
                "/api/v1/events/{slug}/registrations"
                    | "/api/v1/calls/{slug}/applications"
                    | "/api/v1/calls/{slug}/stages/{stage_id}/scores"
                    | "/api/v1/surveys/{slug}/waves/{label}/responses"
                    | "/api/v1/surveys/{slug}/codebook"
                    | "/api/v1/programs/cohorts"
                    | "/api/v1/programs/cohorts/{id}"
                    | "/api/v1/programs/sessions/{id}/attendance"
            );
        if (method == "get" && !private_read) || anonymous_write {
            assert_eq!(op["security"], json!([]));
        } else {
            assert_eq!(op["security"][0]["bearer"], json!([]), "{method} {path} needs the token");
            assert!(op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error");
        }
        if method == "post" || method == "put" {
            let schema = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().unwrap();
            let name = schema.rsplit('/').next().unwrap();
            assert!(doc["components"]["schemas"][name].is_object(), "{name} is defined");
        }
        // And the route answers (not the router's 404 or 405).
        let url = app.url(&path.replace("{slug}", "x").replace("{token}", "x"));
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = app.client.request(m, url).send().await.unwrap();
        assert_ne!(r.status().as_u16(), 405, "{method} {path}");
        if !path.contains('{') {
            assert_ne!(r.status().as_u16(), 404, "{method} {path}");
        }
    }
}
