//! Journeys of the news that made people stumble: errors that say the broken limit, once a
//! field; lists in French order on both databases; the tags' address; the language switch
//! after a failed form; French content marked on English pages and in feeds.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, count, extract_csrf};
use essaim::core::auth::Role;
use essaim::modules::news;

#[tokio::test]
async fn a_comment_with_errors_says_each_once_with_its_limit() {
    let app = TestApp::spawn().await;
    app.publish("atelier", "Un atelier", false).await;
    let csrf = extract_csrf(&app.get_text("/actualites/atelier").await.1).unwrap();
    let long = "é".repeat(5001);
    let r = app
        .post_form("/actualites/atelier/commentaires", &[("name", ""), ("email", "awa@example.org"), ("body", &long), ("csrf", &csrf)])
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"erreurs\""), "the shared summary");
    assert_eq!(count(&page, "Indiquez votre nom."), 2, "once in the summary, once at the field");
    assert!(page.contains("Ce texte fait 5\u{202f}001 caractères\u{202f}; 5\u{202f}000 au plus."), "the limit is said");
    assert!(page.contains("action=\"/actualites/atelier/commentaires#erreurs\""));
    assert!(page.contains(&long), "what was typed is kept");
}

#[tokio::test]
async fn lists_follow_french_order_on_both_databases() {
    let app = TestApp::spawn().await;
    for (slug, name) in [("vie", "Vie du réseau"), ("emploi", "Emploi"), ("education", "Éducation"), ("egalite", "égalité")] {
        news::upsert_category(&app.state.db, slug, name, "").await.unwrap();
    }
    let pw = app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let c = app.login("admin@example.org", &pw).await;
    let page = c.get(app.url("/admin/categories")).send().await.unwrap().text().await.unwrap();
    let at = |n: &str| page.find(&format!(">{n}</a>")).unwrap_or_else(|| panic!("{n} missing"));
    assert!(at("Éducation") < at("égalité") && at("égalité") < at("Emploi") && at("Emploi") < at("Vie du réseau"), "French order");
}

#[tokio::test]
async fn the_tags_address_leads_to_the_tags() {
    let app = TestApp::spawn().await;
    let pw = app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let c = app.login("admin@example.org", &pw).await;
    let r = c.get(app.url("/admin/etiquettes")).send().await.unwrap();
    assert_eq!(r.status(), 308);
    assert_eq!(r.headers()["location"], "/admin/categories#etiquettes");
}

#[tokio::test]
async fn the_language_switch_after_a_failed_form_goes_back_to_the_form() {
    let app = TestApp::spawn().await;
    app.publish("atelier", "Un atelier", false).await;
    let c = app.same_visitor();
    let csrf = app.csrf(&c, "/actualites/atelier").await;
    let r = c
        .post(app.url("/actualites/atelier/commentaires"))
        .header("Referer", app.url("/actualites/atelier?reponse=3"))
        .form(&[("name", ""), ("email", "x"), ("body", ""), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("name=\"next\" value=\"/actualites/atelier?reponse=3\""), "the switch leads back to the form's page");
    // Without a Referer the page's own address stays (the switch still never answers 405:
    // it redirects, and that address answers GET with the post).
    let r = c.post(app.url("/langue")).form(&[("lang", "en"), ("next", "/actualites/atelier?reponse=3")]).send().await.unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn french_content_is_marked_on_english_pages_and_in_feeds() {
    let app = TestApp::spawn().await;
    app.publish("atelier", "Un atelier", false).await;
    let en = |path: &str| {
        let url = app.url(path);
        async move { crate::common::client().get(url).header("Accept-Language", "en").send().await.unwrap().text().await.unwrap() }
    };
    let page = en("/actualites/atelier").await;
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("<h1 lang=\"fr\">Un atelier</h1>"));
    assert!(page.contains("<div class=\"prose\" lang=\"fr\">"));
    let (_, fr) = app.get_text("/actualites/atelier").await;
    assert!(fr.contains("<h1>Un atelier</h1>"), "no lang where the page is French");
    let feed = en("/actualites/flux.atom").await;
    assert!(feed.contains("xml:lang=\"en\"") && feed.contains("<entry xml:lang=\"fr\">"));
}

#[tokio::test]
async fn the_home_and_the_events_mark_their_french_content_on_english_pages() {
    let app = TestApp::spawn_demo().await;
    let en = |path: &str| {
        let url = app.url(path);
        async move { crate::common::client().get(url).header("Accept-Language", "en").send().await.unwrap().text().await.unwrap() }
    };
    let home = en("/").await;
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("<h1 id=\"hero-title\" lang=\"fr\">"), "the hero's title is the staff's French");
    assert!(home.contains("<h3 id=\"featured-post-title\" lang=\"fr\">"), "the featured post");
    let event = en("/evenements/rendez-vous-numerique-egalite").await;
    assert!(event.contains("<h1 lang=\"fr\">"), "the event's title");
    assert!(event.contains("<div class=\"prose\" lang=\"fr\">"), "its description");
    let list = en("/evenements").await;
    assert!(list.contains("<h3 lang=\"fr\"><a href=\"/evenements/"), "the cards' titles");
    let (_, fr) = app.get_text("/").await;
    assert!(fr.contains("<h1 id=\"hero-title\">"), "no lang where the page is French");
}
