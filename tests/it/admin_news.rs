//! The staff sign-in and the news back office, on the demo network (SQLite, or PostgreSQL
//! when ESSAIM_TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, client, extract_csrf};
use essaim::core::auth::Role;
use essaim::core::i18n::Locale;
use essaim::modules::news::{self, Kind};
use reqwest::multipart::{Form, Part};

const SSD: &str = "seine-saint-denis";
const SSD_POST: &str = "exploratrices-visite-data-center-aubervilliers";

fn jpeg() -> Vec<u8> {
    let img =
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(640, 360, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// Sign in through the form; returns the client and the session token it was given.
async fn sign_in(app: &TestApp, c: &reqwest::Client, email: &str, password: &str) -> (reqwest::Response, Option<String>) {
    let r = c
        .post(app.url("/admin/connexion"))
        .form(&[("email", email), ("password", password), ("suite", "/admin/articles")])
        .send()
        .await
        .unwrap();
    let name = app.state.cookie_names().session;
    let token = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_string()));
    (r, token)
}

/// A client that sends exactly this session cookie.
fn with_cookie(app: &TestApp, token: &str) -> reqwest::Client {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(&format!("{}={token}; Path=/", app.state.cookie_names().session), &app.addr.parse().unwrap());
    reqwest::Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn status(app: &TestApp, c: &reqwest::Client, path: &str) -> u16 {
    c.get(app.url(path)).send().await.unwrap().status().as_u16()
}

async fn text(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The editor's fields for a post; `extra` overrides or adds.
fn post_form(csrf: &str, fields: &[(&str, &str)]) -> Form {
    let mut base: Vec<(&str, &str)> = vec![("csrf", csrf), ("body_format", "markdown"), ("publish", "publish"), ("action", "save")];
    for (k, v) in fields {
        base.retain(|(bk, _)| bk != k || *k == "category_ids");
        base.push((k, v));
    }
    base.into_iter().fold(Form::new(), |f, (k, v)| f.text(k.to_string(), v.to_string()))
}

async fn submit(app: &TestApp, c: &reqwest::Client, path: &str, form: Form) -> reqwest::Response {
    c.post(app.url(path)).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn login_rotates_the_session_and_logout_ends_it() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("ed@example.org", Role::Editor, Some(SSD)).await;
    // The form exists and says who it is for.
    let (s, page) = app.get_text("/admin/connexion?suite=/admin/pages").await;
    assert_eq!(s, 200);
    assert!(page.contains("name=\"suite\" value=\"/admin/pages\""));
    // A session this browser had before (fixation) is replaced at sign-in.
    let user_id = essaim::modules::network::user_id_by_email(&app.state.db, "ed@example.org").await.unwrap().unwrap();
    let old_token = essaim::core::auth::create_session(&app.state.db, user_id, app.state.now()).await.unwrap();
    let browser = with_cookie(&app, &old_token);
    assert_eq!(status(&app, &browser, "/admin").await, 200);
    let (r, token) = sign_in(&app, &browser, "ed@example.org", &pw).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/admin/articles");
    let second = token.expect("a new session cookie");
    assert_ne!(second, old_token);
    let set_cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    assert_eq!(status(&app, &with_cookie(&app, &old_token), "/admin").await, 303, "the rotated-out session is dead");
    assert_eq!(status(&app, &with_cookie(&app, &second), "/admin").await, 200);
    // Logout deletes the session server-side and expires the cookie.
    let live = with_cookie(&app, &second);
    let csrf = app.csrf(&live, "/admin").await;
    let r = live.post(app.url("/admin/deconnexion")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(status(&app, &with_cookie(&app, &second), "/admin").await, 303, "the session is gone on the server");
    // Logout without the token is refused.
    let (_, third) = sign_in(&app, &client(), "ed@example.org", &pw).await;
    let c = with_cookie(&app, &third.unwrap());
    let r = c.post(app.url("/admin/deconnexion")).form(&[("csrf", "forged")]).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(status(&app, &c, "/admin").await, 200);
    // Only local paths are followed after sign-in.
    let r = client()
        .post(app.url("/admin/connexion"))
        .form(&[("email", "ed@example.org"), ("password", pw.as_str()), ("suite", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/admin");
}

#[tokio::test]
async fn failed_logins_say_nothing_about_accounts_and_are_throttled() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("ed@example.org", Role::Editor, Some(SSD)).await;
    let c = client();
    let (r, _) = sign_in(&app, &c, "ed@example.org", "wrong").await;
    assert_eq!(r.status(), 422);
    let wrong_pw = r.text().await.unwrap();
    assert!(wrong_pw.contains("value=\"ed@example.org\""), "the e-mail is kept");
    assert!(wrong_pw.contains("Adresse e-mail ou mot de passe incorrect"));
    let (r, _) = sign_in(&app, &c, "nobody@example.org", "wrong").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Adresse e-mail ou mot de passe incorrect"), "same answer for an unknown account");
    for _ in 0..4 {
        sign_in(&app, &c, "ed@example.org", "wrong").await;
    }
    let (r, _) = sign_in(&app, &c, "ed@example.org", &pw).await;
    assert_eq!(r.status(), 429, "locked even with the right password");
    assert!(r.headers().contains_key("retry-after"));
    let body = r.text().await.unwrap();
    assert!(body.contains("Trop de tentatives"));
    assert!(body.contains("value=\"ed@example.org\""));
    // Once the delay has passed, the right password works.
    app.state.clock.advance(3600);
    let (r, _) = sign_in(&app, &c, "ed@example.org", &pw).await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn members_have_no_back_office() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("member@example.org", Role::Member, Some(SSD)).await;
    let c = app.login("member@example.org", &pw).await;
    let (s, body) = text(&app, &c, "/admin").await;
    assert_eq!(s, 403);
    assert!(body.contains("pas accès à l’espace équipe"));
}

#[tokio::test]
async fn an_editor_publishes_a_post_with_a_new_picture() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("ed@example.org", Role::Editor, Some(SSD)).await;
    let c = app.login("ed@example.org", &pw).await;
    let (s, editor) = text(&app, &c, "/admin/articles/nouveau").await;
    assert_eq!(s, 200);
    assert!(editor.contains("Seine-Saint-Denis") || editor.contains("seine"), "own club offered");
    // The club chooser (the media library may hold a Lyon club's logo: pictures are not clubs).
    let clubs = &editor[editor.find("id=\"f-club_id\"").unwrap()..];
    let clubs = &clubs[..clubs.find("</select>").unwrap()];
    assert!(clubs.contains("Seine-Saint-Denis"), "own club offered: {clubs}");
    assert!(!clubs.contains("Lyon"), "only clubs the editor may publish for: {clubs}");
    let csrf = extract_csrf(&editor).unwrap();
    let club = essaim::modules::network::get_club_by_slug(&app.state.db, SSD).await.unwrap().unwrap().id.to_string();
    let form = post_form(
        &csrf,
        &[
            ("title", "Un atelier numérique à Bobigny"),
            ("club_id", &club),
            ("body", "## Au programme\n\n- du code\n- des robots\n\n<script>alert(1)</script>"),
            ("tags", "robotique, collège"),
            ("new_image_alt", "Des collégiennes devant un robot"),
        ],
    )
    .part("new_image", Part::bytes(jpeg()).file_name("atelier.jpg").mime_str("image/jpeg").unwrap());
    let r = submit(&app, &c, "/admin/articles/nouveau", form).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/admin/articles/") && location.ends_with("?ok=saved"));
    let (_, archive) = app.get_text("/actualites").await;
    assert!(archive.contains("Un atelier numérique à Bobigny"));
    let (s, page) = app.get_text("/actualites/un-atelier-numerique-a-bobigny").await;
    assert_eq!(s, 200);
    assert!(page.contains("alt=\"Des collégiennes devant un robot\""));
    assert!(page.contains("<li>des robots</li>"));
    assert!(!page.contains("<script>alert"), "sanitised");
    assert!(page.contains("/actualites/etiquette/robotique"));
    // The picture is in the library.
    let (_, lib) = text(&app, &c, "/admin/medias").await;
    assert!(lib.contains("atelier.jpg"));
    // Unpublish hides it.
    let id = location.trim_start_matches("/admin/articles/").trim_end_matches("?ok=saved").to_string();
    let r = c.post(app.url(&format!("/admin/articles/{id}/depublier"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(app.get("/actualites/un-atelier-numerique-a-bobigny").await.status(), 404);
    let (_, list) = text(&app, &c, "/admin/articles").await;
    assert!(list.contains("Brouillon"));
    // Delete asks first, then deletes.
    assert_eq!(status(&app, &c, &format!("/admin/articles/{id}/supprimer")).await, 200);
    let r = c.post(app.url(&format!("/admin/articles/{id}/supprimer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(status(&app, &c, &format!("/admin/articles/{id}")).await, 404);
}

#[tokio::test]
async fn a_future_date_schedules_the_post() {
    let app = TestApp::spawn_demo().await;
    let t0 = app.state.now();
    app.state.clock.set(t0);
    let pw = app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let c = app.login("admin@example.org", &pw).await;
    let csrf = app.csrf(&c, "/admin/articles/nouveau").await;
    let when = app.state.tr(Locale::Fr).input_datetime(t0 + 2 * 86_400);
    let r = submit(
        &app,
        &c,
        "/admin/articles/nouveau",
        post_form(&csrf, &[("title", "Rendez-vous de rentrée"), ("body", "Bientôt"), ("published_at", &when)]),
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get("/actualites/rendez-vous-de-rentree").await.status(), 404, "not public before its date");
    let (_, dash) = text(&app, &c, "/admin").await;
    assert!(dash.contains("Rendez-vous de rentrée") && dash.contains("Programmé"));
    app.state.clock.set(t0 + 3 * 86_400);
    assert_eq!(app.get("/actualites/rendez-vous-de-rentree").await.status(), 200, "public once its time has come");
}

#[tokio::test]
async fn preview_saves_nothing_and_errors_keep_the_input() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let c = app.login("admin@example.org", &pw).await;
    let csrf = app.csrf(&c, "/admin/articles/nouveau").await;
    let r = submit(
        &app,
        &c,
        "/admin/articles/nouveau",
        post_form(&csrf, &[("title", "Juste un essai"), ("body", "**Gras** et texte"), ("action", "preview")]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("Aperçu"));
    assert!(body.contains("<strong>Gras</strong>"));
    assert!(body.contains("value=\"Juste un essai\""), "the input is kept");
    assert!(news::get_post_by_slug(&app.state.db, Kind::Post, "juste-un-essai").await.unwrap().is_none(), "nothing saved");
    // Errors: 422, messages next to the fields, the input kept.
    let r = submit(
        &app,
        &c,
        "/admin/articles/nouveau",
        post_form(&csrf, &[("title", ""), ("body", "Mon texte gardé"), ("tags", "gardée"), ("published_at", "demain")]),
    )
    .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("Mon texte gardé"));
    assert!(body.contains("value=\"gardée\""));
    assert!(body.contains("class=\"error-summary\""));
    assert!(body.contains("id=\"f-title\" name=\"title\" type=\"text\" required maxlength=\"200\" value=\"\" aria-invalid=\"true\" aria-describedby=\"f-title-error\""));
    assert!(body.contains("id=\"f-published_at-error\""));
    // A slug already taken is reported next to the slug.
    let r = submit(&app, &c, "/admin/articles/nouveau", post_form(&csrf, &[("title", "Doublon"), ("slug", SSD_POST), ("body", "x")])).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-slug-error\""));
    // A page may not take one of the site's own addresses.
    let r = submit(&app, &c, "/admin/pages/nouveau", post_form(&csrf, &[("title", "Admin"), ("body", "x")])).await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn bad_uploads_are_refused_next_to_the_file_field() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("ed@example.org", Role::Editor, Some(SSD)).await;
    let c = app.login("ed@example.org", &pw).await;
    let csrf = app.csrf(&c, "/admin/medias").await;
    let send = |bytes: Vec<u8>, name: &'static str, alt: &'static str| {
        let form = Form::new().text("csrf", csrf.clone()).text("alt", alt).part("file", Part::bytes(bytes).file_name(name));
        c.post(app.url("/admin/medias")).multipart(form).send()
    };
    let r = send(b"<?php echo 1; ?>".to_vec(), "photo.jpg", "x").await.unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"f-file-error\"") && body.contains("Ce type de fichier n’est pas accepté"));
    let r = send(b"\x89PNG\r\n\x1a\ngarbage".to_vec(), "x.png", "x").await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("abîmé ou illisible"));
    let r = send(jpeg(), "sans-alt.jpg", "").await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-alt-error\""));
    let r = send(essaim::modules::demo::guide_pdf(), "guide.pdf", "").await.unwrap();
    assert_eq!(r.status(), 303, "a PDF needs no alternative text");
    let r = send(jpeg(), "bonne.jpg", "Une bonne image").await.unwrap();
    assert_eq!(r.status(), 303);
    let (_, lib) = text(&app, &c, "/admin/medias").await;
    assert!(lib.contains("bonne.jpg") && lib.contains("value=\"Une bonne image\""));
    // A picture sent with the editor is checked the same way.
    let ed_csrf = app.csrf(&c, "/admin/articles/nouveau").await;
    let form = post_form(&ed_csrf, &[("title", "Avec image"), ("body", "x"), ("new_image_alt", "alt")])
        .part("new_image", Part::bytes(b"nope".to_vec()).file_name("x.jpg"));
    let r = submit(&app, &c, "/admin/articles/nouveau", form).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-new_image-error\""));
}

#[tokio::test]
async fn comments_are_moderated_in_bulk_within_ones_clubs() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("ed@example.org", Role::Editor, Some(SSD)).await;
    let lyon_pw = app.user("lyon@example.org", Role::ClubAdmin, Some("lyon-metropole")).await;
    let c = app.login("ed@example.org", &pw).await;
    let (s, page) = text(&app, &c, "/admin/commentaires?statut=pending").await;
    assert_eq!(s, 200);
    assert!(page.contains("Marc Lemoine") && page.contains("marc.lemoine@example.org"));
    let i = page.find("name=\"ids\" value=\"").unwrap() + "name=\"ids\" value=\"".len();
    let id = page[i..i + page[i..].find('"').unwrap()].to_string();
    let csrf = extract_csrf(&page).unwrap();
    // Another club's administrator may not touch it.
    let lyon = app.login("lyon@example.org", &lyon_pw).await;
    let (_, lyon_page) = text(&app, &lyon, "/admin/commentaires?statut=pending").await;
    assert!(!lyon_page.contains("Marc Lemoine"));
    let lyon_csrf = extract_csrf(&lyon_page).unwrap();
    let r = lyon
        .post(app.url("/admin/commentaires"))
        .form(&[("csrf", lyon_csrf.as_str()), ("statut", "pending"), ("action", "approve"), ("ids", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Forged token refused.
    let r = c
        .post(app.url("/admin/commentaires"))
        .form(&[("csrf", "forged"), ("action", "approve"), ("ids", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (_, public) = app.get_text(&format!("/actualites/{SSD_POST}")).await;
    assert!(!public.contains("Superbe initiative"));
    let r = c
        .post(app.url("/admin/commentaires"))
        .form(&[("csrf", csrf.as_str()), ("statut", "pending"), ("action", "approve"), ("ids", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, public) = app.get_text(&format!("/actualites/{SSD_POST}")).await;
    assert!(public.contains("Superbe initiative"), "the approved comment shows on the post");
    let (_, approved) = text(&app, &c, "/admin/commentaires?statut=approved").await;
    assert!(approved.contains("Marc Lemoine"));
    // A row's own button: mark as spam.
    let single = format!("spam:{id}");
    let r = c
        .post(app.url("/admin/commentaires"))
        .form(&[("csrf", csrf.as_str()), ("statut", "approved"), ("single", single.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, spam) = text(&app, &c, "/admin/commentaires?statut=spam").await;
    assert!(spam.contains("Marc Lemoine"));
}

#[tokio::test]
async fn categories_are_managed_by_network_admins() {
    let app = TestApp::spawn_demo().await;
    let pw = app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let c = app.login("admin@example.org", &pw).await;
    let csrf = app.csrf(&c, "/admin/categories").await;
    let r = c
        .post(app.url("/admin/categories"))
        .form(&[("csrf", csrf.as_str()), ("name", "Mentorat"), ("slug", ""), ("description", "Le mentorat")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = c
        .post(app.url("/admin/categories"))
        .form(&[("csrf", csrf.as_str()), ("name", "Autre"), ("slug", "mentorat"), ("description", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("value=\"Autre\""));
    assert_eq!(app.get("/actualites/categorie/mentorat").await.status(), 200);
}

/// Every admin route × every role.
#[tokio::test]
async fn role_by_route_matrix() {
    let app = TestApp::spawn_demo().await;
    let db = &app.state.db;
    let ssd_post = news::get_post_by_slug(db, Kind::Post, SSD_POST).await.unwrap().unwrap().id;
    let page = news::get_post_by_slug(db, Kind::Page, "mentions-legales").await.unwrap().unwrap().id;
    let category = news::upsert_category(db, "test-cat", "Test", "").await.unwrap();
    let ed = app.user("ed@example.org", Role::Editor, Some(SSD)).await;
    let lyon = app.user("lyon@example.org", Role::ClubAdmin, Some("lyon-metropole")).await;
    let member = app.user("member@example.org", Role::Member, Some(SSD)).await;
    let admin = app.user("admin@example.org", Role::NetworkAdmin, None).await;
    let anon = client();
    let ed = app.login("ed@example.org", &ed).await;
    let lyon = app.login("lyon@example.org", &lyon).await;
    let member = app.login("member@example.org", &member).await;
    let admin = app.login("admin@example.org", &admin).await;
    // (path, editor of the post's club, editor of another club, network admin)
    let routes: Vec<(String, u16, u16)> = vec![
        ("/admin".into(), 200, 200),
        ("/admin/articles".into(), 200, 200),
        ("/admin/articles/nouveau".into(), 200, 200),
        (format!("/admin/articles/{ssd_post}"), 200, 403),
        (format!("/admin/articles/{ssd_post}/supprimer"), 200, 403),
        ("/admin/pages".into(), 200, 200),
        ("/admin/pages/nouveau".into(), 200, 200),
        (format!("/admin/pages/{page}"), 403, 403),
        ("/admin/medias".into(), 200, 200),
        ("/admin/commentaires".into(), 200, 200),
        ("/admin/categories".into(), 403, 403),
        (format!("/admin/categories/{category}"), 403, 403),
    ];
    for (path, own, other) in &routes {
        let r = anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "anonymous {path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion?suite="), "anonymous {path}");
        assert_eq!(status(&app, &member, path).await, 403, "member {path}");
        assert_eq!(status(&app, &ed, path).await, *own, "club editor {path}");
        assert_eq!(status(&app, &lyon, path).await, *other, "other club {path}");
        assert_eq!(status(&app, &admin, path).await, 200, "network admin {path}");
    }
    assert_eq!(status(&app, &admin, "/admin/articles/999999").await, 404);
    // Writes: another club's editor is refused, with a valid token.
    let csrf = app.csrf(&lyon, "/admin").await;
    for path in [format!("/admin/articles/{ssd_post}/depublier"), format!("/admin/articles/{ssd_post}/supprimer")] {
        let r = lyon.post(app.url(&path)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 403, "other club POST {path}");
        let r = member.post(app.url(&path)).form(&[("csrf", "x")]).send().await.unwrap();
        assert_eq!(r.status(), 403, "member POST {path}");
        let r = anon.post(app.url(&path)).form(&[("csrf", "x")]).send().await.unwrap();
        assert_eq!(r.status(), 303, "anonymous POST {path}");
    }
    let form = post_form(&csrf, &[("title", "Piratage"), ("body", "x")]);
    let r = submit(&app, &lyon, &format!("/admin/articles/{ssd_post}"), form).await;
    assert_eq!(r.status(), 403);
    // Missing or forged CSRF on the owner's own post.
    let r = ed.post(app.url(&format!("/admin/articles/{ssd_post}/depublier"))).form(&[("csrf", "forged")]).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let r = submit(&app, &ed, &format!("/admin/articles/{ssd_post}"), Form::new().text("title", "Sans jeton")).await;
    assert_eq!(r.status(), 400);
    assert_eq!(app.get(&format!("/actualites/{SSD_POST}")).await.status(), 200, "still published");
    // An editor may not move a post to another club.
    let ed_csrf = app.csrf(&ed, "/admin").await;
    let lyon_club = essaim::modules::network::get_club_by_slug(db, "lyon-metropole").await.unwrap().unwrap().id.to_string();
    let r = submit(
        &app,
        &ed,
        &format!("/admin/articles/{ssd_post}"),
        post_form(&ed_csrf, &[("title", "Ailleurs"), ("body", "x"), ("club_id", &lyon_club)]),
    )
    .await;
    assert_eq!(r.status(), 422);
}
