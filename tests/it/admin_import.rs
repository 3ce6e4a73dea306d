//! The WordPress import from the back office: upload, progress, report; a broken file; bad
//! uploads; only network administrators (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::core::auth::Role;
use reqwest::multipart::{Form, Part};

const ADMIN: &str = "admin@example.org";

/// A small export: two published posts, a draft and a page.
fn export() -> String {
    let head = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Club Import</title>
<link>https://import.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://import.example.org</wp:base_site_url>
<wp:base_blog_url>https://import.example.org</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[awa]]></wp:author_login><wp:author_email><![CDATA[awa@import.example.org]]></wp:author_email><wp:author_display_name><![CDATA[Awa]]></wp:author_display_name></wp:author>
<wp:author><wp:author_login><![CDATA[ghost]]></wp:author_login><wp:author_email></wp:author_email><wp:author_display_name><![CDATA[Ghost]]></wp:author_display_name></wp:author>
"#;
    let item = |id: i64, kind: &str, status: &str, name: &str, title: &str| {
        format!(
            "<item><title>{title}</title><link>https://import.example.org/2020/01/{name}/</link><dc:creator><![CDATA[awa]]></dc:creator>\n\
             <content:encoded><![CDATA[<p>Texte de {title}</p>]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\
             <wp:post_id>{id}</wp:post_id><wp:post_date>2020-01-0{id} 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-0{id} 09:00:00</wp:post_date_gmt>\n\
             <wp:comment_status>open</wp:comment_status><wp:post_name>{name}</wp:post_name><wp:status>{status}</wp:status>\n\
             <wp:post_parent>0</wp:post_parent><wp:post_type>{kind}</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky></item>\n"
        )
    };
    let mut x = head.to_string();
    x += &item(1, "post", "publish", "premier-atelier", "Premier atelier");
    x += &item(2, "post", "publish", "second-atelier", "Second atelier");
    x += &item(3, "post", "draft", "brouillon-cache", "Brouillon");
    x += &item(4, "page", "publish", "qui-sommes-nous", "Qui sommes-nous");
    x += "</channel>\n</rss>\n";
    x
}

async fn admin(app: &TestApp) -> (reqwest::Client, String) {
    app.user(ADMIN, Role::NetworkAdmin, None).await;
    let c = app.session_client(ADMIN).await;
    let csrf = app.csrf(&c, "/admin/import").await;
    (c, csrf)
}

fn form(csrf: &str, file: Option<(&str, Vec<u8>)>, dry_run: bool) -> Form {
    let mut f = Form::new().text("csrf", csrf.to_string()).text("club", "");
    if let Some((name, bytes)) = file {
        f = f.part("file", Part::bytes(bytes).file_name(name.to_string()).mime_str("text/xml").unwrap());
    }
    if dry_run {
        f = f.text("dry_run", "1");
    }
    f
}

/// Upload, follow the redirect to the job, wait for it to end; returns the job's JSON.
async fn run(app: &TestApp, c: &reqwest::Client, csrf: &str, name: &str, bytes: Vec<u8>, dry_run: bool) -> (String, serde_json::Value) {
    let r = c.post(app.url("/admin/import")).multipart(form(csrf, Some((name, bytes)), dry_run)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let job = r.headers()["location"].to_str().unwrap().to_string();
    assert!(job.starts_with("/admin/import/taches/"), "{job}");
    for _ in 0..300 {
        let s: serde_json::Value = c.get(app.url(&format!("{job}.json"))).send().await.unwrap().json().await.unwrap();
        if s["status"] == "done" || s["status"] == "failed" {
            return (job, s);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not end");
}

async fn text(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn an_upload_runs_in_the_background_and_leaves_a_report() {
    let app = TestApp::spawn().await;
    let (c, csrf) = admin(&app).await;
    let (s, page) = text(&app, &c, "/admin/import").await;
    assert_eq!(s, 200);
    assert!(page.contains(r#"type="file""#) && page.contains("dry_run") && page.contains(r#"href="/admin/import""#), "{page}");

    // A dry run first, of a file larger than the extractor's default limit (2 MB): a
    // report, nothing public.
    let big = export().replacen("<channel>", &format!("<!-- {} -->\n<channel>", " ".repeat(3 * 1024 * 1024)), 1);
    let (_, s) = run(&app, &c, &csrf, "club.xml", big.into_bytes(), true).await;
    assert_eq!(s["status"], "done", "{s}");
    assert_eq!(app.get("/actualites/premier-atelier").await.status().as_u16(), 404);

    let (job, s) = run(&app, &c, &csrf, "club.xml", export().into_bytes(), false).await;
    assert_eq!((s["status"].as_str(), s["processed"].as_i64(), s["total"].as_i64()), (Some("done"), Some(1000), Some(1000)), "{s}");
    let (status, page) = text(&app, &c, &job).await;
    assert_eq!(status, 200);
    assert!(page.contains("<progress") && page.contains(r#"value="1000""#) && page.contains(r#"aria-live="polite""#), "{page}");
    assert!(!page.contains("http-equiv=\"refresh\""), "a finished job stops refreshing");
    let report =
        page.split("href=\"/admin/import/rapports/").nth(1).and_then(|r| r.split('"').next()).expect("a link to the report").to_string();

    let (status, page) = text(&app, &c, &format!("/admin/import/rapports/{report}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("club.xml") && page.contains("Articles") && page.contains("Auteurs"), "{page}");
    // The author without an e-mail address is a warning, shown in its group.
    assert!(page.contains("ghost") && page.contains("Avertissements (1)"), "{page}");
    // Both reports are listed on the import page.
    let (_, list) = text(&app, &c, "/admin/import").await;
    assert_eq!(crate::common::count(&list, "/admin/import/rapports/"), 2, "{list}");
    assert!(list.contains("essai à blanc"));

    // The content is public; the draft is not.
    assert_eq!(app.get("/actualites/premier-atelier").await.status().as_u16(), 200);
    assert_eq!(app.get("/actualites/second-atelier").await.status().as_u16(), 200);
    assert_eq!(app.get("/qui-sommes-nous").await.status().as_u16(), 200);
    assert_eq!(app.get("/actualites/brouillon-cache").await.status().as_u16(), 404);
    // The uploaded file is gone from the data folder.
    let left = std::fs::read_dir(app.state.config.data_dir.join("imports")).unwrap().count();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_broken_file_fails_with_its_line_and_imports_nothing() {
    let app = TestApp::spawn().await;
    let (c, csrf) = admin(&app).await;
    let good = export();
    let lines: Vec<&str> = good.lines().collect();
    let cut = lines.iter().position(|l| l.contains("<wp:post_id>2<")).unwrap() + 1;
    let broken = lines[..cut].join("\n");
    let (job, s) = run(&app, &c, &csrf, "casse.xml", broken.into_bytes(), false).await;
    assert_eq!(s["status"], "failed", "{s}");
    let (status, page) = text(&app, &c, &job).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("line {cut}")) && page.contains("L’import a échoué"), "{page}");
    assert_eq!(app.get("/actualites/premier-atelier").await.status().as_u16(), 404);
    let (_, list) = text(&app, &c, "/admin/import").await;
    assert_eq!(crate::common::count(&list, "/admin/import/rapports/"), 0);
}

#[tokio::test]
async fn bad_uploads_get_a_message_next_to_the_file_field() {
    let app = TestApp::spawn().await;
    let (c, csrf) = admin(&app).await;
    type Upload = Option<(&'static str, Vec<u8>)>;
    let cases: Vec<(Upload, &str)> = vec![
        (None, "Choisissez le fichier d’export"),
        (Some(("", vec![])), "Choisissez le fichier d’export"),
        (Some(("vide.xml", vec![])), "Le fichier envoyé est vide."),
        (Some(("export.json", b"{\"posts\": []}".to_vec())), "Ce fichier n’est pas du XML"),
        (Some(("photo.xml", vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])), "Ce fichier n’est pas du XML"),
    ];
    for (file, message) in cases {
        let r = c.post(app.url("/admin/import")).multipart(form(&csrf, file, false)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 422, "{message}");
        let page = r.text().await.unwrap();
        let error = page.split(r#"id="f-file-error">"#).nth(1).expect("a message next to the field");
        assert!(error.starts_with(message), "{error}");
        assert!(page.contains(r#"aria-invalid="true""#));
    }
    // An unknown club is refused too.
    let f = Form::new()
        .text("csrf", csrf.clone())
        .text("club", "nulle-part")
        .part("file", Part::bytes(export().into_bytes()).file_name("a.xml"));
    let r = c.post(app.url("/admin/import")).multipart(f).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // Without the CSRF token: refused, no job.
    let r = c.post(app.url("/admin/import")).multipart(form("", Some(("a.xml", export().into_bytes())), false)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(c.get(app.url("/admin/import/taches/1")).send().await.unwrap().status().as_u16(), 404);
    let left = std::fs::read_dir(app.state.config.data_dir.join("imports")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "refused uploads are not kept");
}

#[tokio::test]
async fn only_network_administrators_reach_the_import() {
    let app = TestApp::spawn().await;
    let (admin_client, csrf) = admin(&app).await;
    let (job, _) = run(&app, &admin_client, &csrf, "club.xml", export().into_bytes(), false).await;
    let report = "/admin/import/rapports/1";
    assert_eq!(admin_client.get(app.url(report)).send().await.unwrap().status().as_u16(), 200);
    let gets = ["/admin/import", report, job.as_str(), &format!("{job}.json")];

    app.user("club@example.org", Role::ClubAdmin, None).await;
    app.user("ed@example.org", Role::Editor, None).await;
    app.user("member@example.org", Role::Member, None).await;
    for email in ["club@example.org", "ed@example.org", "member@example.org"] {
        let c = app.session_client(email).await;
        for path in gets {
            assert_eq!(c.get(app.url(path)).send().await.unwrap().status().as_u16(), 403, "{email} {path}");
        }
        let page = c.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains(r#"href="/admin/import""#), "{email} sees no Import entry");
        let r =
            c.post(app.url("/admin/import")).multipart(form(&csrf, Some(("a.xml", export().into_bytes())), false)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 403, "{email} POST");
    }
    let anon = crate::common::client();
    for path in gets {
        let r = anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303, "anonymous {path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion"), "anonymous {path}");
    }
    let r = anon.post(app.url("/admin/import")).multipart(form(&csrf, Some(("a.xml", export().into_bytes())), false)).send().await.unwrap();
    assert!(matches!(r.status().as_u16(), 303 | 403), "anonymous POST: {}", r.status());
    // Only the administrator's job exists.
    assert_eq!(admin_client.get(app.url("/admin/import/taches/2")).send().await.unwrap().status().as_u16(), 404);
}
