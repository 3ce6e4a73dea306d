//! The home page composed of blocks: the order, visibility and settings chosen in
//! `/admin/accueil` shape `/`; only network administrators compose it; bad input is explained
//! next to its field with what was typed kept; the cached home follows the blocks, the posts
//! and the events' places.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{self, TestApp, count};
use essaim::core::auth::Role;
use essaim::modules::events::{self, EventInput, NewBooking};
use essaim::modules::home::{self, Kind, Settings};

const DAY: i64 = 86_400;

/// Where `needle` first is in `hay` (panics when absent).
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle).unwrap_or_else(|| panic!("{needle} not on the page"))
}

async fn admin(app: &TestApp) -> reqwest::Client {
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    app.session_client("na@t.example").await
}

async fn change(app: &TestApp, c: &reqwest::Client, kind: &str, action: &str) -> reqwest::Response {
    let csrf = app.csrf(c, "/admin/accueil").await;
    c.post(app.url(&format!("/admin/accueil/{kind}/ordre"))).form(&[("csrf", csrf.as_str()), ("action", action)]).send().await.unwrap()
}

async fn save(app: &TestApp, c: &reqwest::Client, kind: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let csrf = app.csrf(c, &format!("/admin/accueil/{kind}")).await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let r = c.post(app.url(&format!("/admin/accueil/{kind}"))).form(&form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn blocks_moved_hidden_and_shown_change_the_home() {
    let app = TestApp::spawn_demo().await;
    let c = admin(&app).await;
    let (_, home) = app.get_text("/").await;
    assert!(at(&home, "id=\"hero-title\"") < at(&home, "id=\"home-figures-title\""), "the demo opens with its hero");
    assert_eq!(count(&home, "<h1"), 1);
    assert!(!home.contains(">Réseau Passerelles</h1>"), "the site's name is not the page's heading");
    assert!(home.contains("1\u{202f}200"), "figures in the French format");

    let r = change(&app, &c, "hero", "down").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/admin/accueil?ok=moved#bloc-hero");
    let (_, home) = app.get_text("/").await;
    assert!(at(&home, "id=\"home-figures-title\"") < at(&home, "id=\"hero-title\""), "the hero moved below the figures");

    change(&app, &c, "events", "hide").await;
    let (_, home) = app.get_text("/").await;
    assert!(!home.contains("id=\"home-events-title\""), "hidden events are gone");
    let list = c.get(app.url("/admin/accueil")).send().await.unwrap().text().await.unwrap();
    let events = &list[at(&list, "id=\"bloc-events\"")..];
    assert!(events[..at(events, "</li>")].contains("value=\"show\""), "a hidden block offers to show it");

    change(&app, &c, "events", "show").await;
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("id=\"home-events-title\""));
    // Up from the top changes nothing; an unknown action or block is refused.
    let r = change(&app, &c, "figures", "up").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(change(&app, &c, "figures", "sideways").await.status().as_u16(), 400);
    assert_eq!(change(&app, &c, "weather", "up").await.status().as_u16(), 404);
    let blocks = home::blocks(&app.state.db).await.unwrap();
    assert_eq!(blocks.iter().map(|b| b.kind.as_str()).collect::<Vec<_>>()[..2], ["figures", "hero"]);
    assert!(blocks.iter().all(|b| b.visible));
}

#[tokio::test]
async fn a_site_nobody_composed_shows_every_block_with_its_defaults() {
    let app = TestApp::spawn().await;
    let (status, home) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert_eq!(count(&home, "<h1"), 1);
    assert!(home.contains("id=\"hero-title\""));
    assert!(home.contains("id=\"latest\""));
    assert!(!home.contains("home-figures"), "no figures typed, no figures block");
    assert!(!home.contains("home-support"), "no support text, no band");
}

#[tokio::test]
async fn only_network_administrators_compose_the_home() {
    let app = TestApp::spawn_demo().await;
    app.user("editor@t.example", Role::Editor, Some("lyon-metropole")).await;
    app.user("clubadmin@t.example", Role::ClubAdmin, Some("lyon-metropole")).await;
    let editor = app.session_client("editor@t.example").await;
    let club_admin = app.session_client("clubadmin@t.example").await;
    let admin = admin(&app).await;
    let anon = common::client();
    for path in ["/admin/accueil", "/admin/accueil/hero", "/admin/accueil/figures"] {
        assert_eq!(anon.get(app.url(path)).send().await.unwrap().status().as_u16(), 303, "anonymous {path}");
        assert_eq!(editor.get(app.url(path)).send().await.unwrap().status().as_u16(), 403, "editor {path}");
        assert_eq!(club_admin.get(app.url(path)).send().await.unwrap().status().as_u16(), 403, "club admin {path}");
        assert_eq!(admin.get(app.url(path)).send().await.unwrap().status().as_u16(), 200, "network admin {path}");
    }
    // The clubs and partners come from the network: no settings page.
    assert_eq!(admin.get(app.url("/admin/accueil/clubs")).send().await.unwrap().status().as_u16(), 404);
    assert_eq!(admin.get(app.url("/admin/accueil/meteo")).send().await.unwrap().status().as_u16(), 404);
    // The menu leads there for network administrators only.
    let dash = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert!(dash.contains("href=\"/admin/accueil\""));
    let dash = editor.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert!(!dash.contains("href=\"/admin/accueil\""));
    // Writes: an editor is refused, and so is a form without its token.
    let csrf = app.csrf(&editor, "/admin").await;
    let r = editor.post(app.url("/admin/accueil/hero/ordre")).form(&[("csrf", csrf.as_str()), ("action", "down")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = editor.post(app.url("/admin/accueil/hero")).form(&[("csrf", csrf.as_str()), ("title", "Pris")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = admin.post(app.url("/admin/accueil/hero/ordre")).form(&[("csrf", "faux"), ("action", "down")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(home::blocks(&app.state.db).await.unwrap()[0].kind, Kind::Hero, "nothing moved");
}

#[tokio::test]
async fn bad_input_is_explained_next_to_its_field_and_kept() {
    let app = TestApp::spawn_demo().await;
    let c = admin(&app).await;
    // A figure that is not a number, another without its label.
    let (status, page) = save(
        &app,
        &c,
        "figures",
        &[("figure-value-1", "beaucoup"), ("figure-label-1", "jeunes"), ("figure-value-2", "40"), ("figure-label-2", "")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-figure-value-1-error\""), "the message is next to the number");
    assert!(page.contains("Écrivez un nombre entier"));
    assert!(page.contains("id=\"f-figure-label-2-error\""));
    assert!(page.contains("value=\"beaucoup\""), "what was typed is kept");
    assert!(page.contains("href=\"#f-figure-value-1\""), "the summary links to the field");
    assert!(page.contains("aria-invalid=\"true\""));
    let figures = &home::blocks(&app.state.db).await.unwrap().into_iter().find(|b| b.kind == Kind::Figures).unwrap().settings.figures;
    assert_eq!(figures.len(), 6, "the demo's figures are untouched");

    // A call to action whose link is not a link.
    let (status, page) =
        save(&app, &c, "hero", &[("title", "Bienvenue"), ("link_label", "Agir"), ("link_url", "javascript:alert(1)")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-link_url-error\""));
    assert!(page.contains("value=\"javascript:alert(1)\""));
    assert!(page.contains("value=\"Bienvenue\""));
    // A picture that is not in the library, a count out of range.
    let (status, page) = save(&app, &c, "hero", &[("title", "Bienvenue"), ("media_id", "999999")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-media_id-error\""));
    let (status, page) = save(&app, &c, "news", &[("count", "40")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-count-error\"") && page.contains("value=\"40\""));

    // In English too.
    let (status, page) = {
        let csrf = app.csrf(&c, "/admin/accueil/figures").await;
        let r = c
            .post(app.url("/admin/accueil/figures"))
            .header("accept-language", "en")
            .form(&[("csrf", csrf.as_str()), ("figure-value-1", "12x"), ("figure-label-1", "pupils")])
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 422);
    assert!(page.contains("Write a whole number"));

    // Right input goes through, numbers typed as people type them.
    let (status, _) = save(&app, &c, "figures", &[("figure-value-3", "2 500"), ("figure-label-3", "élèves sensibilisés")]).await;
    assert_eq!(status, 303);
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("<strong>2\u{202f}500</strong> <span>élèves sensibilisés</span>"));
}

#[tokio::test]
async fn the_cached_home_follows_the_blocks_and_the_places_left() {
    let app = TestApp::spawn().await;
    let c = admin(&app).await;
    let now = app.state.now();
    let input = EventInput {
        slug: "atelier-cv".into(),
        title: "Atelier CV".into(),
        starts_at: now + DAY,
        ends_at: now + DAY + 3600,
        capacity: 2,
        status: "published".into(),
        ..Default::default()
    };
    let event_id = events::create_event(&app.state.db, &input, now).await.unwrap();
    app.state.pages.changed_all(&app.state.db).await;
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("Plus que 2 places"), "few places left");
    let (_, again) = app.get_text("/").await;
    assert_eq!(home, again);

    // Two people book directly (as a command would): the cached home is kept until the events
    // scope moves, which every booking request does.
    for (i, name) in ["Inès", "Adam"].iter().enumerate() {
        let b = NewBooking {
            idempotency_key: format!("cle-{i}"),
            contact_name: name.to_string(),
            email: format!("p{i}@t.example"),
            seats: 1,
            attendees: vec![name.to_string()],
            ..Default::default()
        };
        events::register(&app.state, event_id, &b, now).await.unwrap();
    }
    let (_, cached) = app.get_text("/").await;
    assert!(cached.contains("Plus que 2 places"), "the page is really cached");
    app.state.pages.changed(&app.state.db, &[events::EVENTS]).await;
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("Complet — liste d’attente"), "full once the events moved");

    // A block written without a request is not seen until the home's scope moves; a block
    // saved in the back office is seen at once.
    home::save_settings(&app.state.db, Kind::Hero, &Settings { title: "Titre écrit à côté".into(), ..Settings::default() }, now)
        .await
        .unwrap();
    let (_, cached) = app.get_text("/").await;
    assert!(!cached.contains("Titre écrit à côté"), "the page is really cached");
    let (status, _) =
        save(&app, &c, "hero", &[("title", "Des passerelles vers l'emploi"), ("link_label", "Agir"), ("link_url", "/evenements")]).await;
    assert_eq!(status, 303);
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("Des passerelles vers l&#39;emploi</h1>"), "{}", &home[at(&home, "<h1")..][..200]);
    assert!(home.contains("href=\"/evenements\">Agir</a>"));
    change(&app, &c, "hero", "hide").await;
    let (_, home) = app.get_text("/").await;
    assert!(!home.contains("hero-title"));
    assert_eq!(count(&home, "<h1"), 1, "a hidden hero leaves the page a heading");
}
