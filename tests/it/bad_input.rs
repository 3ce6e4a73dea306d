//! A corpus of malformed input: every answer is a clear 4xx (never a 500), in the visitor's
//! language, and nothing is written.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, extract_csrf};

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    let q = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(app.state.db.pool()).await.unwrap() };
    (q("SELECT COUNT(*) FROM comments").await, q("SELECT COUNT(*) FROM posts").await, q("SELECT COUNT(*) FROM media").await)
}

#[tokio::test]
async fn malformed_queries_paths_and_headers() {
    let app = TestApp::spawn().await;
    app.publish("atelier", "Un atelier", false).await;
    let before = counts(&app).await;
    let cases: &[(&str, u16)] = &[
        ("/actualites?page=-1", 404),
        ("/actualites?page=abc", 400),
        ("/actualites?page=1e9", 400),
        ("/actualites?page=99999999999999999999999", 400),
        ("/actualites?page=%FF", 400),
        ("/actualites?page=2&page=3", 400),
        ("/actualites/%FF%FE", 400),
        ("/actualites/2020/ab", 404),
        ("/actualites/0000/00", 404),
        ("/actualites/categorie/%00", 400),
        ("/recherche?q=a%00b", 400),
        ("/actualites/etiquette/..%2F..", 404),
        ("/recherche?q=%FF", 200),
        ("/recherche?q=a&page=0", 404),
        ("/recherche?q=a&page=x", 400),
        ("/media/..%2F..%2Fetc%2Fpasswd", 404),
        ("/media/x.jpg?w=abc", 400),
        ("/media/x.jpg?w=-1", 400),
        ("/static/..%2F..%2FCargo.toml", 404),
        ("/clubs/%3Cscript%3E", 404),
        ("/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404),
    ];
    for (path, want) in cases {
        let r = app.get(path).await;
        let status = r.status().as_u16();
        let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string()).unwrap_or_default();
        let body = r.text().await.unwrap();
        assert_eq!(status, *want, "{path}");
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
        assert!(status == 200 || body.contains("class=\"site-header\""), "{path}: a full page in the site's layout");
        assert!(!body.contains("<script>alert"), "{path} reflects markup");
    }
    // Searches with operators or odd characters are just text.
    for q in ["%22", "NEAR%28a%2Cb%29", "a%20OR%20*", "%27%3B%20DROP%20TABLE%20posts%3B--", "%F0%9F%98%80", &"x".repeat(5000)] {
        assert_eq!(app.get(&format!("/recherche?q={q}")).await.status(), 200, "{q}");
    }
    // Garbage headers and cookies are ignored.
    let r = app
        .client
        .get(app.url("/actualites"))
        .header("accept-language", ";;;q=abc,,,")
        .header("cookie", "essaim_session=not-a-token; essaim_lang=zz")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app.client.get(app.url("/actualites")).header("cookie", format!("essaim_session={}", "A".repeat(43))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // English errors for an English visitor.
    let r = app.client.get(app.url("/actualites?page=abc")).header("accept-language", "en").send().await.unwrap();
    assert!(r.text().await.unwrap().contains("wrong parameter"));
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn malformed_forms_write_nothing() {
    let app = TestApp::spawn().await;
    app.publish("atelier", "Un atelier", false).await;
    let csrf = extract_csrf(&app.get_text("/actualites/atelier").await.1).unwrap();
    let before = counts(&app).await;
    let url = app.url("/actualites/atelier/commentaires");
    let form = "application/x-www-form-urlencoded";
    let bodies: Vec<(String, &str, Vec<u16>)> = vec![
        (String::new(), form, vec![422, 400]),
        ("name=%FF%FE&email=a%40b.fr&body=x".into(), form, vec![400]),
        ("%%%%".into(), form, vec![400]),
        (format!("name=A&email=a%40b.fr&body=x&csrf={csrf}&name=B"), form, vec![400]),
        ("{\"name\":\"A\"}".into(), "application/json", vec![400, 415]),
        ("name=A".into(), "text/plain", vec![400, 415]),
        (format!("name=A&email=a%40b.fr&body={}&csrf={csrf}", "x".repeat(6000)), form, vec![422]),
        (format!("name={}&email=a%40b.fr&body=x&csrf={csrf}", "n".repeat(200)), form, vec![422]),
        (format!("name=A%00B&email=a%40b.fr&body=x%00y&csrf={csrf}"), form, vec![400]),
    ];
    for (body, ct, want) in bodies {
        let r = app.client.post(&url).header("content-type", ct).body(body.clone()).send().await.unwrap();
        let status = r.status().as_u16();
        assert!(want.contains(&status), "{ct} {}: got {status}", &body[..body.len().min(60)]);
        let text = r.text().await.unwrap();
        assert!(!text.is_empty());
    }
    // A body over the size limit is refused before it is read.
    let huge = format!("name=A&email=a%40b.fr&body={}", "x".repeat(25 * 1024 * 1024));
    let r = app.client.post(&url).header("content-type", form).body(huge).send().await.unwrap();
    assert_eq!(r.status(), 413);
    // A language switch with nonsense.
    for body in ["", "lang=xx", "lang=%FF"] {
        let r = app.client.post(app.url("/langue")).header("content-type", form).body(body).send().await.unwrap();
        assert_eq!(r.status(), 400, "{body}");
    }
    assert_eq!(counts(&app).await, before);
}
