//! Writes through the news API never lose data silently: PUT replaces everything and refuses
//! a body that omits fields, PATCH changes only what it is sent, what GET answers goes back
//! through PUT unchanged, a renamed slug leaves its old address answering 301, and a write
//! carrying a stale version (If-Match, or the editor's hidden field) changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, extract_csrf};
use essaim::core::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

/// A network administrator's API token.
async fn admin_token(app: &TestApp) -> String {
    let email = "na@test.example";
    app.user(email, Role::NetworkAdmin, None).await;
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

/// Send `body` with `headers`; (status, headers, JSON body).
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut rb = app.client.request(method, app.url(path)).bearer_auth(token).header("accept-language", "en");
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let h = r.headers().clone();
    let text = r.text().await.unwrap();
    (status, h, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn get(app: &TestApp, path: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let h = r.headers().clone();
    (status, h, serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null))
}

/// A network with a club and two categories, and a published post in them.
async fn with_post(app: &TestApp, token: &str) -> Value {
    let club = json!({ "name": "Club du Var", "territory": "Var", "email": "var@example.org" });
    assert_eq!(send(app, Method::POST, "/api/v1/clubs", token, Some(club), &[]).await.0, 201);
    essaim::modules::news::upsert_category(&app.state.db, "emploi", "Emploi", "").await.unwrap();
    essaim::modules::news::upsert_category(&app.state.db, "sciences", "Sciences", "").await.unwrap();
    let post = json!({ "title": "Forum des métiers", "body": "Un **forum**.", "excerpt": "Le forum de l’année.",
        "status": "published", "club": "club-du-var", "categories": ["emploi", "sciences"], "tags": ["Forum", "Métiers"],
        "featured": true });
    let (status, _, created) = send(app, Method::POST, "/api/v1/posts", token, Some(post), &[]).await;
    assert_eq!(status, 201, "{created}");
    created
}

fn without_volatile(mut v: Value) -> Value {
    let m = v.as_object_mut().unwrap();
    m.remove("updated_at");
    m.remove("version");
    v
}

#[tokio::test]
async fn put_refuses_a_body_omitting_fields_and_patch_changes_only_what_is_sent() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app).await;
    let before = with_post(&app, &token).await;
    let path = "/api/v1/posts/forum-des-metiers";
    // A PUT with only a new title: 422 naming each missing field, nothing changed.
    let (status, _, err) = send(&app, Method::PUT, path, &token, Some(json!({ "title": "Nouveau titre" })), &[]).await;
    assert_eq!(status, 422, "{err}");
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        vec![
            "slug",
            "body",
            "body_format",
            "excerpt",
            "status",
            "published_at",
            "club",
            "categories",
            "tags",
            "featured",
            "comments_closed"
        ]
    );
    assert!(err["error"]["fields"][0]["message"].as_str().unwrap().contains("PATCH"), "{err}");
    assert_eq!(without_volatile(get(&app, path).await.2), without_volatile(before.clone()));
    // PATCH the title: everything else stays, the address too.
    let (status, _, patched) = send(&app, Method::PATCH, path, &token, Some(json!({ "title": "Nouveau titre" })), &[]).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["title"], "Nouveau titre");
    for field in ["slug", "body", "body_html", "excerpt", "status", "published_at", "club", "categories", "tags", "featured"] {
        assert_eq!(patched[field], before[field], "{field} changed");
    }
    // null restores a field's default: no club (the network's), no tags.
    let (status, _, patched) = send(&app, Method::PATCH, path, &token, Some(json!({ "club": null, "tags": null })), &[]).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["club"], Value::Null);
    assert_eq!(patched["tags"], json!([]));
    assert_eq!(patched["categories"], before["categories"]);
    // The same checks as creation, by field.
    let (status, _, err) = send(&app, Method::PATCH, path, &token, Some(json!({ "status": "maybe", "categories": ["nope"] })), &[]).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["status", "categories"]);
    let (status, _, _) = send(&app, Method::PATCH, path, &token, Some(json!({ "author_id": 3 })), &[]).await;
    assert_eq!(status, 400, "unknown fields are refused");
    // Pages have PATCH too.
    let page = json!({ "title": "Nous rejoindre", "body": "<p>Écrivez-nous.</p>", "body_format": "html", "status": "published" });
    assert_eq!(send(&app, Method::POST, "/api/v1/pages", &token, Some(page), &[]).await.0, 201);
    let (status, _, p) =
        send(&app, Method::PATCH, "/api/v1/pages/nous-rejoindre", &token, Some(json!({ "title": "Rejoindre" })), &[]).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(
        (p["slug"].as_str(), p["body"].as_str(), p["status"].as_str()),
        (Some("nous-rejoindre"), Some("<p>Écrivez-nous.</p>"), Some("published"))
    );
    // A page renamed on purpose: its old address answers 301 too.
    let (status, _, _) = send(&app, Method::PATCH, "/api/v1/pages/nous-rejoindre", &token, Some(json!({ "slug": "rejoindre" })), &[]).await;
    assert_eq!(status, 200);
    let r = app.get("/nous-rejoindre").await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (301, "/rejoindre"));
}

#[tokio::test]
async fn what_get_answers_put_takes_back_unchanged() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app).await;
    with_post(&app, &token).await;
    let path = "/api/v1/posts/forum-des-metiers";
    let (status, _, read) = get(&app, path).await;
    assert_eq!(status, 200);
    assert_eq!(read["body"], "Un **forum**.");
    assert_eq!(read["body_format"], "markdown");
    assert_eq!(read["club"]["slug"], "club-du-var");
    assert_eq!(read["featured"], true);
    let (status, _, written) = send(&app, Method::PUT, path, &token, Some(read.clone()), &[]).await;
    assert_eq!(status, 200, "{written}");
    let (_, _, again) = get(&app, path).await;
    assert_eq!(without_volatile(again.clone()), without_volatile(read.clone()));
    assert_eq!(again["version"].as_i64().unwrap(), read["version"].as_i64().unwrap() + 1);
    // The schemas say so: PUT requires every writable field, PATCH none.
    let (_, _, doc) = get(&app, "/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["PostReplace"]["required"].as_array().unwrap().len(), 12);
    assert!(schemas["PostPatch"].get("required").is_none_or(|r| r.as_array().unwrap().is_empty()));
    assert_eq!(schemas["PostInput"]["required"], json!(["title"]));
    assert_eq!(schemas["PostPatch"]["properties"]["title"]["maxLength"], 200);
    assert_eq!(schemas["Post"]["properties"]["body"]["type"], "string");
    let op = &doc["paths"]["/api/v1/posts/{slug}"];
    assert_eq!(op["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/PostPatch");
    assert_eq!(op["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/PostReplace");
    for m in ["put", "patch", "delete"] {
        assert!(op[m]["responses"]["412"].is_object(), "{m}");
        assert!(op[m]["parameters"].to_string().contains("If-Match"), "{m}");
    }
    assert!(op["get"]["responses"]["200"]["headers"]["ETag"].is_object());
}

#[tokio::test]
async fn a_renamed_slug_leaves_every_old_address_answering_301() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app).await;
    with_post(&app, &token).await;
    // A new title keeps the address.
    let body = json!({ "title": "Forum des métiers 2026", "slug": "" });
    let (status, _, p) = send(&app, Method::PATCH, "/api/v1/posts/forum-des-metiers", &token, Some(body), &[]).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["slug"], "forum-des-metiers");
    // Renamed on purpose: A -> B, then B -> C; A and B both answer 301 to C.
    let (status, _, p) =
        send(&app, Method::PATCH, "/api/v1/posts/forum-des-metiers", &token, Some(json!({ "slug": "forum-2026" })), &[]).await;
    assert_eq!(status, 200, "{p}");
    let r = app.get("/actualites/forum-des-metiers").await;
    assert_eq!(r.status(), 301);
    assert_eq!(r.headers()["location"], "/actualites/forum-2026");
    let (status, _, _) = send(&app, Method::PATCH, "/api/v1/posts/forum-2026", &token, Some(json!({ "slug": "forum-emploi" })), &[]).await;
    assert_eq!(status, 200);
    for old in ["/actualites/forum-des-metiers", "/actualites/forum-2026"] {
        let r = app.get(old).await;
        assert_eq!(r.status(), 301, "{old}");
        assert_eq!(r.headers()["location"], "/actualites/forum-emploi", "{old}");
    }
    assert_eq!(app.get("/actualites/forum-emploi").await.status(), 200);
    // A new post taking an old slug wins over the redirect.
    let post = json!({ "title": "Forum des métiers", "body": "Un autre.", "status": "published" });
    let (status, _, p) = send(&app, Method::POST, "/api/v1/posts", &token, Some(post), &[]).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(p["slug"], "forum-des-metiers");
    let (status, page) = app.get_text("/actualites/forum-des-metiers").await;
    assert_eq!(status, 200);
    assert!(page.contains("Un autre."));
    assert_eq!(app.get("/actualites/forum-2026").await.status(), 301);
    // Going back to an old slug makes it live again, and never a loop.
    let (status, _, _) = send(&app, Method::PATCH, "/api/v1/posts/forum-emploi", &token, Some(json!({ "slug": "forum-2026" })), &[]).await;
    assert_eq!(status, 200);
    assert_eq!(app.get("/actualites/forum-2026").await.status(), 200);
    let r = app.get("/actualites/forum-emploi").await;
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (301, "/actualites/forum-2026"));
}

#[tokio::test]
async fn a_write_with_a_stale_if_match_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app).await;
    let created = with_post(&app, &token).await;
    let path = "/api/v1/posts/forum-des-metiers";
    let (status, headers, read) = get(&app, path).await;
    assert_eq!(status, 200);
    let etag = headers["etag"].to_str().unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", read["version"]));
    assert_eq!(created["version"], read["version"]);
    // Someone else saves (with the right If-Match): a new ETag.
    let (status, h, _) = send(&app, Method::PATCH, path, &token, Some(json!({ "title": "Le leur" })), &[("if-match", &etag)]).await;
    assert_eq!(status, 200);
    let theirs = h["etag"].to_str().unwrap().to_string();
    assert_ne!(theirs, etag);
    // The first writer's stale PUT, PATCH and DELETE: 412, translated, nothing written.
    let mut mine = read.clone();
    mine["title"] = json!("Le mien");
    for (method, body) in [(Method::PUT, Some(mine.clone())), (Method::PATCH, Some(json!({ "title": "Le mien" }))), (Method::DELETE, None)]
    {
        let (status, _, err) = send(&app, method.clone(), path, &token, body, &[("if-match", &etag)]).await;
        assert_eq!(status, 412, "{method}: {err}");
        assert_eq!(err["error"]["code"], "api-error-stale");
        assert!(err["error"]["message"].as_str().unwrap().contains("If-Match"));
    }
    // A weak tag never matches; a list with the current one does; so does `*`.
    let weak = format!("W/{theirs}");
    assert_eq!(send(&app, Method::PATCH, path, &token, Some(json!({ "excerpt": "x" })), &[("if-match", &weak)]).await.0, 412);
    assert_eq!(get(&app, path).await.2["title"], "Le leur");
    let list = format!("{etag}, {theirs}");
    let (status, h, _) = send(&app, Method::PATCH, path, &token, Some(json!({ "excerpt": "Mis à jour" })), &[("if-match", &list)]).await;
    assert_eq!(status, 200);
    let current = h["etag"].to_str().unwrap().to_string();
    // Without If-Match the write proceeds.
    assert_eq!(send(&app, Method::PATCH, path, &token, Some(json!({ "featured": false })), &[]).await.0, 200);
    assert_eq!(send(&app, Method::DELETE, path, &token, None, &[("if-match", &current)]).await.0, 412);
    assert_eq!(send(&app, Method::DELETE, path, &token, None, &[("if-match", "*")]).await.0, 204);
}

/// The editor's form fields of an existing post, as a browser would send them back.
fn editor_fields(html: &str) -> Vec<(String, String)> {
    let value = |name: &str| {
        let marker = format!("name=\"{name}\"");
        let at = html.find(&marker).unwrap_or_else(|| panic!("no field {name}"));
        let tag_start = html[..at].rfind('<').unwrap();
        let tag = &html[tag_start..];
        if tag.starts_with("<textarea") {
            let open = tag.find('>').unwrap() + 1;
            let close = tag.find("</textarea>").unwrap();
            tag[open..close].to_string()
        } else {
            let tag = &tag[..tag.find('>').unwrap()];
            tag.split("value=\"").nth(1).map(|r| r[..r.find('"').unwrap()].to_string()).unwrap_or_default()
        }
    };
    ["csrf", "version", "title", "slug", "body", "excerpt"].iter().map(|n| (n.to_string(), value(n))).collect()
}

async fn save_editor(app: &TestApp, c: &reqwest::Client, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.clone(), v.clone());
    }
    form = form.text("body_format", "markdown").text("publish", "publish").text("action", "save");
    c.post(app.url(path)).multipart(form).send().await.unwrap()
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    if let Some(f) = fields.iter_mut().find(|(k, _)| k == name) {
        f.1 = value.to_string();
    }
}

#[tokio::test]
async fn a_stale_save_in_the_editor_shows_both_versions_and_overwrites_nothing() {
    let app = TestApp::spawn().await;
    let id = app.publish("journee-portes-ouvertes", "Journée portes ouvertes", false).await;
    for email in ["a@test.example", "b@test.example"] {
        app.user(email, Role::NetworkAdmin, None).await;
    }
    let (a, b) = (app.session_client("a@test.example").await, app.session_client("b@test.example").await);
    let path = format!("/admin/articles/{id}");
    let mut fa = editor_fields(&a.get(app.url(&path)).send().await.unwrap().text().await.unwrap());
    let mut fb = editor_fields(&b.get(app.url(&path)).send().await.unwrap().text().await.unwrap());
    assert_eq!(fa.iter().find(|(k, _)| k == "version").unwrap().1, "1");
    // A saves first, with a new title and the slug field emptied: the address stays.
    set(&mut fa, "title", "Portes ouvertes : le programme");
    set(&mut fa, "slug", "");
    set(&mut fa, "body", "Le programme d’Awa.");
    let r = save_editor(&app, &a, &path, &fa).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let stored = essaim::modules::news::get_post_by_slug(&app.state.db, essaim::modules::news::Kind::Post, "journee-portes-ouvertes").await;
    let stored = stored.unwrap().expect("the slug is kept");
    assert_eq!(stored.title, "Portes ouvertes : le programme");
    // B saves from the version they started with: the form again, what they typed kept, A's
    // version shown, nothing overwritten.
    set(&mut fb, "title", "Portes ouvertes : version de Binta");
    set(&mut fb, "body", "Le texte de Binta.");
    let r = save_editor(&app, &b, &path, &fb).await;
    assert_eq!(r.status(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("Someone else saved") || page.contains("Quelqu’un d’autre a enregistré"), "{page}");
    assert!(page.contains("value=\"Portes ouvertes : version de Binta\""), "what B typed is kept");
    assert!(page.contains("Le texte de Binta."));
    assert!(page.contains("Portes ouvertes : le programme") && page.contains("Le programme d’Awa."), "A's version is shown");
    let post = essaim::modules::news::get_post_by_slug(&app.state.db, essaim::modules::news::Kind::Post, "journee-portes-ouvertes").await;
    assert_eq!(post.unwrap().unwrap().body_source, "Le programme d’Awa.");
    // Once merged, B's save (from the form that now carries A's version) goes through.
    let mut merged = editor_fields(&page);
    set(&mut merged, "body", "Le programme d’Awa, et le texte de Binta.");
    set(&mut merged, "csrf", &extract_csrf(&page).unwrap());
    let r = save_editor(&app, &b, &path, &merged).await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn clubs_and_partners_take_patch_and_a_full_put() {
    let app = TestApp::spawn().await;
    let token = admin_token(&app).await;
    let club = json!({ "name": "Club du Var", "territory": "Var", "email": "var@example.org", "city": "Toulon" });
    assert_eq!(send(&app, Method::POST, "/api/v1/clubs", &token, Some(club), &[]).await.0, 201);
    let path = "/api/v1/clubs/club-du-var";
    let (status, _, err) = send(&app, Method::PUT, path, &token, Some(json!({ "name": "Var" })), &[]).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["slug", "territory", "director", "email", "phone", "city", "description"]);
    let (status, _, c) = send(&app, Method::PATCH, path, &token, Some(json!({ "name": "Club varois", "city": null })), &[]).await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(
        (c["name"].as_str(), c["territory"].as_str(), c["email"].as_str(), c["city"].as_str()),
        (Some("Club varois"), Some("Var"), Some("var@example.org"), Some(""))
    );
    let (_, _, read) = get(&app, path).await;
    assert_eq!(send(&app, Method::PUT, path, &token, Some(read.clone()), &[]).await.0, 200);
    assert_eq!(get(&app, path).await.2, read);

    let partner = json!({ "name": "Coopérative Azur", "kind": "association", "website": "https://azur.example", "position": 3 });
    assert_eq!(send(&app, Method::POST, "/api/v1/partners", &token, Some(partner), &[]).await.0, 201);
    let path = "/api/v1/partners/cooperative-azur";
    let (status, _, err) = send(&app, Method::PUT, path, &token, Some(json!({ "name": "Azur", "kind": "sponsor" })), &[]).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["slug", "website", "description", "position"]);
    let (status, _, p) = send(&app, Method::PATCH, path, &token, Some(json!({ "kind": "sponsor" })), &[]).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(
        (p["name"].as_str(), p["position"].as_i64(), p["website"].as_str()),
        (Some("Coopérative Azur"), Some(3), Some("https://azur.example"))
    );
    let (_, _, read) = get(&app, path).await;
    assert_eq!(send(&app, Method::PUT, path, &token, Some(read.clone()), &[]).await.0, 200);
    assert_eq!(get(&app, path).await.2, read);
    let (_, _, doc) = get(&app, "/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["ClubReplace"]["required"].as_array().unwrap().len(), 8);
    assert_eq!(schemas["PartnerInput"]["required"], json!(["name", "kind"]));
    assert_eq!(schemas["PartnerPatch"]["properties"]["position"]["maximum"], 100_000);
    assert!(doc["paths"]["/api/v1/partners/{slug}"]["patch"].is_object());
}
