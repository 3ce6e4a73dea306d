//! What a visitor gets from the news, on the demo network (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, count};

#[tokio::test]
async fn archive_pages_ten_posts_with_a_numbered_pager() {
    let app = TestApp::spawn_demo().await;
    let (status, page1) = app.get_text("/actualites").await;
    assert_eq!(status, 200);
    assert_eq!(count(&page1, "<li class=\"card\">"), 10);
    assert!(page1.contains("aria-current=\"page\""));
    assert!(page1.contains("href=\"/actualites?page=2\""));
    assert!(page1.contains("href=\"/actualites?page=5\""), "the pager links the last page");
    assert!(page1.contains("Aucun commentaire"));
    let (status, page5) = app.get_text("/actualites?page=5").await;
    assert_eq!(status, 200);
    assert!(count(&page5, "<li class=\"card\">") >= 4);
    assert!(page5.contains("rel=\"prev\""));
    // Past the last page, and nonsense, are clear errors, not 500s.
    assert_eq!(app.get("/actualites?page=99").await.status(), 404);
    assert_eq!(app.get("/actualites?page=0").await.status(), 404);
    let r = app.get("/actualites?page=abc").await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("paramètre incorrect"));
    // Newest first: the scheduled post is not shown, the newest published is on page 1.
    assert!(!page1.contains("2026-12-15"));
}

#[tokio::test]
async fn a_post_shows_its_content_terms_contacts_and_threaded_comments() {
    let app = TestApp::spawn_demo().await;
    let (_, archive) = app.get_text("/actualites").await;
    let first = archive.split("<h3><a href=\"/actualites/").nth(1).unwrap();
    let slug = &first[..first.find('"').unwrap()];
    let (status, post) = app.get_text(&format!("/actualites/{slug}")).await;
    assert_eq!(status, 200);
    assert!(post.contains("<h1>"));
    assert!(post.contains("rel=\"prev\""), "a link to the previous post");
    assert!(post.contains("property=\"og:title\""));
    assert!(post.contains("<link rel=\"canonical\" href=\"http://essaim.test/actualites/"));
    assert!(post.contains("Nos partenaires"));
    // The post with threaded comments from the demo.
    let (_, feed) = app.get_text("/actualites/flux.atom").await;
    assert!(feed.starts_with("<?xml"));
    assert_eq!(count(&feed, "<entry xml:lang=\"fr\">"), 20, "twenty entries, each saying its language");
    assert_eq!(app.get("/actualites/does-not-exist").await.status(), 404);
}

#[tokio::test]
async fn search_is_accent_insensitive_and_french_aware() {
    let app = TestApp::spawn_demo().await;
    let (status, accented) = app.get_text("/recherche?q=%C3%A9galit%C3%A9").await;
    assert_eq!(status, 200);
    let (_, plain) = app.get_text("/recherche?q=egalite").await;
    let hits = |s: &str| count(s, "<li>\n    <h2><a href=");
    assert!(hits(&plain) > 0, "egalite finds égalité");
    assert_eq!(hits(&plain), hits(&accented));
    assert!(plain.contains("<mark>"));
    let (_, singular) = app.get_text("/recherche?q=quartier").await;
    assert!(singular.contains("<mark>quartiers</mark>") || singular.contains("<mark>Quartiers</mark>"), "quartier finds quartiers");
    let (_, none) = app.get_text("/recherche?q=zzzzqqq").await;
    assert!(none.contains("Aucun résultat"));
    let (status, _) = app.get_text("/recherche?q=%22%27%3B--%20OR%201%3D1%20*%20NEAR").await;
    assert_eq!(status, 200, "search syntax in the query is just text");
}

#[tokio::test]
async fn archives_by_category_tag_month_and_club() {
    let app = TestApp::spawn_demo().await;
    let (status, cat) = app.get_text("/actualites/categorie/egalite-des-chances").await;
    assert_eq!(status, 200);
    assert!(count(&cat, "<li class=\"card\">") > 0);
    let (status, club) = app.get_text("/clubs/seine-saint-denis").await;
    assert_eq!(status, 200);
    assert!(count(&club, "<li class=\"card\">") > 0);
    let (status, club_archive) = app.get_text("/actualites/club/seine-saint-denis").await;
    assert_eq!(status, 200);
    assert!(count(&club_archive, "<li class=\"card\">") >= 6);
    assert_eq!(app.get("/clubs/seine-saint-denis/flux.atom").await.status(), 200);
    assert_eq!(app.get("/actualites/categorie/egalite-des-chances/flux.atom").await.status(), 200);
    let (_, archive) = app.get_text("/actualites").await;
    let month_link = archive.split("href=\"/actualites/20").nth(1).unwrap();
    let month = format!("/actualites/20{}", &month_link[..month_link.find('"').unwrap()]);
    let (status, month_page) = app.get_text(&month).await;
    assert_eq!(status, 200, "{month}");
    assert!(count(&month_page, "<li class=\"card\">") > 0);
    assert_eq!(app.get("/actualites/2020/13").await.status(), 404);
    assert_eq!(app.get("/actualites/categorie/nope").await.status(), 404);
    let (status, partners) = app.get_text("/partenaires").await;
    assert_eq!(status, 200);
    assert!(partners.contains("Mécénat de compétences"));
    let (_, sitemap) = app.get_text("/sitemap.xml").await;
    assert!(count(&sitemap, "<url>") > 55);
    let (_, robots) = app.get_text("/robots.txt").await;
    assert!(robots.contains("Sitemap: http://essaim.test/sitemap.xml"));
    for page in ["/mentions-legales", "/accessibilite", "/confidentialite"] {
        assert_eq!(app.get(page).await.status(), 200, "{page}");
    }
}

#[tokio::test]
async fn english_on_request_french_by_default() {
    let app = TestApp::spawn_demo().await;
    let (_, fr) = app.get_text("/actualites").await;
    assert!(fr.contains("<html lang=\"fr\">"));
    let r = app.client.get(app.url("/actualites")).header("accept-language", "en-GB,en;q=0.9").send().await.unwrap();
    let en = r.text().await.unwrap();
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Our partners"));
    // The visitor's choice wins over the header, and is remembered.
    let r = app.post_form("/langue", &[("lang", "en"), ("next", "/clubs")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/clubs");
    let (_, clubs) = app.get_text("/clubs").await;
    assert!(clubs.contains("<html lang=\"en\">"), "the choice is remembered");
    let r = app.post_form("/langue", &[("lang", "en"), ("next", "//evil.example")]).await;
    assert_eq!(r.headers()["location"], "/", "no open redirect");
}

#[tokio::test]
async fn a_useful_404_and_health() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_text("/nulle-part/ici").await;
    assert_eq!(status, 404);
    assert!(body.contains("Cette page n’existe pas"));
    assert!(body.contains("action=\"/recherche\""));
    assert_eq!(app.get("/healthz").await.status(), 200);
    let r = app.client.delete(app.url("/actualites")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn reply_links_preselect_the_parent_without_javascript() {
    let app = TestApp::spawn_demo().await;
    let url = "/actualites/dix-ans-de-passerelles-merci-aux-benevoles";
    let (_, post) = app.get_text(url).await;
    let after = post.split("data-reply=\"").nth(2).expect("a second comment to answer");
    let id = &after[..after.find('"').unwrap()];
    assert!(post.contains(&format!("href=\"?reponse={id}#comment-form\"")));
    assert_eq!(count(&post, " selected>"), 0, "a new comment by default");
    let (status, replying) = app.get_text(&format!("{url}?reponse={id}")).await;
    assert_eq!(status, 200);
    assert!(replying.contains(&format!("<option value=\"{id}\" selected>")));
    assert_eq!(count(&replying, " selected>"), 1);
    // A comment of another post, or nonsense, preselects nothing and is no error.
    for q in ["999999", "abc", "", "-1"] {
        let (status, page) = app.get_text(&format!("{url}?reponse={q}")).await;
        assert_eq!(status, 200, "?reponse={q}");
        assert_eq!(count(&page, " selected>"), 0, "?reponse={q}");
    }
}

#[tokio::test]
async fn the_home_page_leads_with_the_latest_featured_post() {
    let app = TestApp::spawn_demo().await;
    let (status, home) = app.get_text("/").await;
    assert_eq!(status, 200);
    let featured = home.split("<article class=\"card card-featured\"").nth(1).expect("a featured post");
    let featured = &featured[..featured.find("</article>").unwrap()];
    let href = featured.split("<h3 id=\"featured-post-title\"><a href=\"").nth(1).unwrap();
    let href = &href[..href.find('"').unwrap()];
    assert!(href.starts_with("/actualites/"));
    // Six more of the latest posts follow, without repeating it.
    assert_eq!(count(&home, "<li class=\"card\">"), 6);
    assert_eq!(count(&home, &format!("<h3><a href=\"{href}\">")), 0);
    assert!(home.contains("href=\"/partenaires\""), "a call to the partners page");
}
