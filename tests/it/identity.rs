//! The network's visual identity (/admin/reseau/identite), its stylesheet /theme.css, the
//! layout that shows it on every page, and the clubs' own colour and logo.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{self, TestApp};
use essaim::core::auth::Role;
use reqwest::multipart::{Form, Part};

const PAGE: &str = "/admin/reseau/identite";

/// The identity form as the demo fills it, with some fields changed.
fn identity_form(csrf: &str, changes: &[(&str, &str)]) -> Form {
    let mut fields: Vec<(String, String)> = [
        ("csrf", csrf),
        ("site_name", "Réseau Passerelles"),
        ("primary", "#0b5d5b"),
        ("accent", "#b3451b"),
        ("text_font", "lato"),
        ("title_font", "league-spartan"),
        ("social_mastodon", "https://mastodon.passerelles.example/@reseau"),
        ("donate_url", "https://passerelles.example/nous-soutenir"),
        ("donate_label", "support"),
        ("newsletter_url", "https://passerelles.example/lettre-d-information"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k.to_string(), v.to_string()));
    }
    fields.into_iter().fold(Form::new(), |f, (k, v)| f.text(k, v))
}

async fn admin(app: &TestApp) -> (reqwest::Client, String) {
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    let client = app.session_client("na@t.example").await;
    let csrf = app.csrf(&client, PAGE).await;
    (client, csrf)
}

fn theme_url(page: &str) -> String {
    let start = page.find("/theme.css?v=").expect("the page links the theme");
    page[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn only_network_administrators_set_the_identity() {
    let app = TestApp::spawn_demo().await;
    let anonymous = app.get(PAGE).await;
    assert_eq!(anonymous.status().as_u16(), 303);
    assert!(anonymous.headers()["location"].to_str().unwrap().starts_with("/admin/connexion"));
    app.user("ed@t.example", Role::Editor, None).await;
    app.user("ca@t.example", Role::ClubAdmin, Some("lyon-metropole")).await;
    let (na, csrf) = admin(&app).await;
    for email in ["ed@t.example", "ca@t.example"] {
        let c = app.session_client(email).await;
        assert_eq!(c.get(app.url(PAGE)).send().await.unwrap().status().as_u16(), 403, "{email}");
        let own_csrf = app.csrf(&c, "/admin").await;
        let r = c.post(app.url(PAGE)).multipart(identity_form(&own_csrf, &[("primary", "#000000")])).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 403, "{email}");
        // The hub does not offer it to them either.
        let hub = c.get(app.url("/admin/reseau")).send().await.unwrap().text().await.unwrap();
        assert!(!hub.contains(PAGE), "{email}");
    }
    let hub = na.get(app.url("/admin/reseau")).send().await.unwrap().text().await.unwrap();
    assert!(hub.contains(PAGE));
    let page = na.get(app.url(PAGE)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("value=\"#0b5d5b\""), "the demo's colour is shown");
    assert!(page.contains("<option value=\"lato\" selected>"));
    // Without the form's token nothing changes.
    let r = na.post(app.url(PAGE)).multipart(identity_form("forged", &[("primary", "#000000")])).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(!app.get_text("/").await.1.contains("#000000"));
    let _ = csrf;
}

#[tokio::test]
async fn a_colour_without_enough_contrast_is_refused_with_its_ratio_and_the_input_kept() {
    let app = TestApp::spawn_demo().await;
    let (na, csrf) = admin(&app).await;
    let form = identity_form(&csrf, &[("primary", "#f0a020"), ("site_name", "Réseau « Passerelles » bis"), ("accent", "#737373")]);
    let r = na.post(app.url(PAGE)).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Contraste 2,1:1 avec le blanc ; 4,5:1 au moins"), "{page}");
    assert!(page.contains("Contraste 4,3:1 avec le gris clair des encadrés"), "passes on white, fails on panels");
    assert!(page.contains("href=\"#f-primary\""), "the summary points at the field");
    assert!(page.contains("id=\"f-primary-error\""));
    assert!(page.contains("value=\"#f0a020\""), "what was typed is kept");
    assert!(page.contains("value=\"Réseau « Passerelles » bis\""));
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"f-primary-hint f-primary-error\""));
    // In English, with the English decimal point.
    let r = na
        .post(app.url(PAGE))
        .header("Accept-Language", "en")
        .multipart(identity_form(&csrf, &[("primary", "#f0a020")]))
        .send()
        .await
        .unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("Contrast 2.1:1 with white; at least 4.5:1"), "{page}");
    // Not a colour at all, a bad address, a typeface that is not shipped.
    let form = identity_form(&csrf, &[("primary", "bleu"), ("social_mastodon", "mastodon.social/@x"), ("text_font", "comic-sans")]);
    let page = na.post(app.url(PAGE)).multipart(form).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Saisissez une couleur en hexadécimal"));
    assert!(page.contains("id=\"f-social_mastodon-error\""));
    assert!(page.contains("value=\"mastodon.social/@x\""));
    assert!(page.contains("id=\"f-text_font-error\""));
    // Nothing was saved.
    let stored = essaim::modules::network::identity::load(&app.state.db).await.unwrap();
    assert_eq!(stored.primary, "#0b5d5b");
}

#[tokio::test]
async fn an_svg_that_could_run_code_or_reach_out_is_refused_and_a_png_is_accepted() {
    let app = TestApp::spawn_demo().await;
    let (na, csrf) = admin(&app).await;
    let bad = [
        (r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#, "contient un script"),
        (r#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" onclick="alert(1)"/></svg>"#, "contient un script"),
        (r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>"#, "ressource extérieure"),
        (r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>"#, "foreignObject"),
        ("GIF89a not a logo", "ni un SVG ni un PNG"),
    ];
    for (svg, message) in bad {
        let form = identity_form(&csrf, &[]).part("logo", Part::bytes(svg.as_bytes().to_vec()).file_name("logo.svg"));
        let r = na.post(app.url(PAGE)).multipart(form).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 422, "{svg}");
        let page = r.text().await.unwrap();
        assert!(page.contains("id=\"f-logo-error\""), "{svg}");
        assert!(page.contains(message), "{svg}: {message}");
    }
    let logo_before = essaim::modules::network::identity::load(&app.state.db).await.unwrap().logo;
    assert_eq!(logo_before.as_ref().map(|l| l.mime.as_str()), Some("image/svg+xml"), "the demo's drawing");
    // A PNG through the media kit: stored, shown in the header with the name as its text.
    let png = common::png::huge_png(240, 64);
    let form = identity_form(&csrf, &[("site_name", "Réseau Passerelles")]).part("logo", Part::bytes(png).file_name("logo.png"));
    let r = na.post(app.url(PAGE)).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let logo = essaim::modules::network::identity::load(&app.state.db).await.unwrap().logo.expect("a logo");
    assert_eq!((logo.mime.as_str(), logo.width, logo.height), ("image/png", 240, 64));
    let (_, home) = app.get_text("/").await;
    assert!(
        home.contains(&format!(
            "<img class=\"brand-logo\" src=\"/media/{}\" alt=\"Réseau Passerelles\" width=\"240\" height=\"64\">",
            logo.key
        )),
        "{home}"
    );
    let r = app.get(&format!("/media/{}", logo.key)).await;
    assert_eq!(r.headers()["content-type"], "image/png");
    // A clean SVG favicon is accepted and served as SVG; removing the logo brings the name back.
    let icon = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#0b5d5b"/></svg>"##;
    let form = identity_form(&csrf, &[("remove_logo", "1")]).part("favicon", Part::bytes(icon.as_bytes().to_vec()).file_name("icon.svg"));
    assert_eq!(na.post(app.url(PAGE)).multipart(form).send().await.unwrap().status().as_u16(), 303);
    let identity = essaim::modules::network::identity::load(&app.state.db).await.unwrap();
    assert!(identity.logo.is_none());
    let favicon = identity.favicon.expect("a favicon");
    let (_, home) = app.get_text("/").await;
    assert!(home.contains(&format!("<link rel=\"icon\" href=\"/media/{}\" type=\"image/svg+xml\">", favicon.key)));
    assert!(home.contains("<a class=\"brand\" href=\"/\">Réseau Passerelles</a>"));
    assert_eq!(app.get(&format!("/media/{}", favicon.key)).await.headers()["content-type"], "image/svg+xml");
}

#[tokio::test]
async fn the_theme_follows_the_settings_and_every_cached_page_picks_it_up() {
    let app = TestApp::spawn_demo().await;
    let (na, csrf) = admin(&app).await;
    // The demo's identity on a cached public page: theme, preloaded faces, footer links.
    let (_, home) = app.get_text("/").await;
    let (_, again) = app.get_text("/").await;
    assert_eq!(home, again);
    let before = theme_url(&home);
    assert!(home.contains("rel=\"preload\" href=\"/static/lato-400."), "{home}");
    assert!(home.contains("as=\"font\" type=\"font/woff2\" crossorigin"));
    assert!(home.contains(">Nous soutenir</a>"));
    assert!(home.contains("href=\"https://passerelles.example/lettre-d-information\""));
    assert!(home.contains("rel=\"me\">Mastodon</a>"));
    let r = app.get(&before).await;
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    let css = r.text().await.unwrap();
    assert!(css.contains("--brand: #0b5d5b;"), "{css}");
    assert!(css.contains("font-family: \"League Spartan\""));
    // Compressed when the browser accepts it.
    let r = common::client().get(app.url(&before)).header("Accept-Encoding", "br").send().await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    // Changed: the cached home shows the new stylesheet at once, which says the new colours.
    let form =
        identity_form(&csrf, &[("primary", "#5a2a82"), ("text_font", "system"), ("title_font", "roboto-slab"), ("donate_label", "donate")]);
    assert_eq!(na.post(app.url(PAGE)).multipart(form).send().await.unwrap().status().as_u16(), 303);
    let (_, home) = app.get_text("/").await;
    let after = theme_url(&home);
    assert_ne!(before, after, "a new address for the new theme");
    assert!(home.contains(">Faire un don</a>"));
    assert!(!home.contains("/static/lato-400."), "a face no longer used is not preloaded");
    let css = app.get(&after).await.text().await.unwrap();
    assert!(css.contains("--brand: #5a2a82;"));
    assert!(css.contains("\"Roboto Slab\""));
    assert!(!css.contains("Lato"));
    // The old address is no longer cached for ever.
    assert_eq!(app.get(&before).await.headers()["cache-control"], "no-cache");
    // The back office shows it too.
    let admin_page = na.get(app.url("/admin")).send().await.unwrap().text().await.unwrap();
    assert!(admin_page.contains(&after));
}

#[tokio::test]
async fn a_club_colour_is_checked_like_the_network_s_and_shown_on_its_page() {
    let app = TestApp::spawn_demo().await;
    let (na, csrf) = admin(&app).await;
    let club = essaim::modules::network::get_club_by_slug(&app.state.db, "hauts-de-france").await.unwrap().unwrap();
    assert!(club.accent.is_empty());
    let path = format!("/admin/reseau/clubs/{}", club.id);
    let form = |accent: &str| {
        Form::new()
            .text("csrf", csrf.clone())
            .text("name", club.name.clone())
            .text("slug", club.slug.clone())
            .text("territory", club.territory.clone())
            .text("accent", accent.to_string())
    };
    let r = na.post(app.url(&path)).multipart(form("#ffcc00")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Contraste 1,5:1 avec le blanc ; 4,5:1 au moins"), "{page}");
    assert!(page.contains("value=\"#ffcc00\""));
    assert!(page.contains("id=\"f-accent-error\""));
    assert!(essaim::modules::network::get_club(&app.state.db, club.id).await.unwrap().unwrap().accent.is_empty());
    // A bad logo is refused the same way as the network's.
    let bad = form("").part("logo", Part::bytes(b"<svg><script/></svg>".to_vec()).file_name("x.svg"));
    let page = na.post(app.url(&path)).multipart(bad).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"f-logo-error\""));
    // A dark enough colour and a logo: the club's page wears them.
    let (_, before) = app.get_text(&format!("/clubs/{}", club.slug)).await;
    assert!(!before.contains("club-theme-"));
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><circle cx="48" cy="48" r="46" fill="#1f6b3a"/></svg>"##;
    let ok = form("#1F6B3A").part("logo", Part::bytes(logo.as_bytes().to_vec()).file_name("hdf.svg"));
    assert_eq!(na.post(app.url(&path)).multipart(ok).send().await.unwrap().status().as_u16(), 303);
    let saved = essaim::modules::network::get_club(&app.state.db, club.id).await.unwrap().unwrap();
    assert_eq!(saved.accent, "#1f6b3a");
    let (_, page) = app.get_text(&format!("/clubs/{}", club.slug)).await;
    assert!(page.contains(&format!("class=\"club-theme-{}\"", club.id)), "the cached page moved");
    assert!(page.contains(&format!("<img class=\"club-logo\" src=\"/media/{}\"", saved.logo_key.unwrap())));
    let css = app.get(&theme_url(&page)).await.text().await.unwrap();
    assert!(css.contains(&format!(".club-theme-{} {{ --club-accent: #1f6b3a;", club.id)), "{css}");
    let (_, list) = app.get_text("/clubs").await;
    assert!(list.contains(&format!("<li class=\"club-theme-{}\">", club.id)), "the list of clubs wears it too");
    // The urlencoded form (no logo) still works, and checks the colour too.
    let r =
        na.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("name", club.name.as_str()), ("accent", "#eeeeee")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
}
