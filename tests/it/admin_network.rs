//! The network's back office: who may reach which screen (role × route), forms that keep
//! their input and explain errors, people and API tokens.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::{TestApp, extract_csrf};
use essaim::core::auth::Role;

async fn status(c: &reqwest::Client, app: &TestApp, path: &str) -> u16 {
    c.get(app.url(path)).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn every_screen_is_denied_by_default_and_opened_by_role() {
    let app = TestApp::spawn_demo().await;
    let db = &app.state.db;
    let lyon = essaim::modules::network::get_club_by_slug(db, "lyon-metropole").await.unwrap().unwrap().id;
    let ssd = essaim::modules::network::get_club_by_slug(db, "seine-saint-denis").await.unwrap().unwrap().id;
    app.user("member@t.example", Role::Member, Some("lyon-metropole")).await;
    app.user("editor@t.example", Role::Editor, Some("lyon-metropole")).await;
    app.user("clubadmin@t.example", Role::ClubAdmin, Some("lyon-metropole")).await;
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    let anon = crate::common::client();
    let member = app.session_client("member@t.example").await;
    let editor = app.session_client("editor@t.example").await;
    let club_admin = app.session_client("clubadmin@t.example").await;
    let admin = app.session_client("na@t.example").await;
    let lyon_club = format!("/admin/reseau/clubs/{lyon}");
    let other_club = format!("/admin/reseau/clubs/{ssd}");
    // (path, member, editor, club admin of Lyon, network admin); anonymous is always sent to sign in.
    let matrix: Vec<(&str, u16, u16, u16, u16)> = vec![
        ("/admin/reseau", 403, 200, 200, 200),
        ("/admin/reseau/clubs", 403, 403, 200, 200),
        ("/admin/reseau/clubs/nouveau", 403, 403, 403, 200),
        (lyon_club.as_str(), 403, 403, 200, 200),
        (other_club.as_str(), 403, 403, 403, 200),
        ("/admin/reseau/partenaires", 403, 403, 403, 200),
        ("/admin/reseau/partenaires/nouveau", 403, 403, 403, 200),
        ("/admin/reseau/contacts", 403, 403, 200, 200),
        ("/admin/reseau/contacts/nouveau", 403, 403, 200, 200),
        ("/admin/reseau/personnes", 403, 403, 403, 200),
        ("/admin/reseau/personnes/nouvelle", 403, 403, 403, 200),
        ("/admin/reseau/jetons", 403, 403, 403, 200),
        ("/admin/reseau/jetons/nouveau", 403, 403, 403, 200),
    ];
    for (path, m, e, ca, na) in matrix {
        assert_eq!(status(&anon, &app, path).await, 303, "anonymous {path}");
        assert_eq!(status(&member, &app, path).await, m, "member {path}");
        assert_eq!(status(&editor, &app, path).await, e, "editor {path}");
        assert_eq!(status(&club_admin, &app, path).await, ca, "club admin {path}");
        assert_eq!(status(&admin, &app, path).await, na, "network admin {path}");
    }
    // Writes: a club admin of Lyon cannot edit another club, nor partners, people or tokens.
    let csrf = app.csrf(&club_admin, &lyon_club).await;
    let r = club_admin.post(app.url(&other_club)).form(&[("csrf", csrf.as_str()), ("name", "Pris")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);
    for path in ["/admin/reseau/partenaires/1/supprimer", "/admin/reseau/jetons/1/revoquer", "/admin/reseau/personnes/1/desactiver"] {
        let r = club_admin.post(app.url(path)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 403, "{path}");
    }
    // Their own club, with the csrf token, works; without it, it does not.
    let form = [("csrf", csrf.as_str()), ("name", "Club Lyon Métropole"), ("slug", "lyon-metropole"), ("territory", "Métropole de Lyon")];
    let r = club_admin.post(app.url(&lyon_club)).form(&form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r = club_admin.post(app.url(&lyon_club)).form(&[("csrf", "forged"), ("name", "X")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(essaim::modules::network::get_club(db, lyon).await.unwrap().unwrap().name, "Club Lyon Métropole");
}

#[tokio::test]
async fn forms_with_errors_keep_the_input_and_point_at_the_fields() {
    let app = TestApp::spawn_demo().await;
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    let admin = app.session_client("na@t.example").await;
    let csrf = app.csrf(&admin, "/admin/reseau/clubs/nouveau").await;
    let r = admin
        .post(app.url("/admin/reseau/clubs/nouveau"))
        .form(&[("csrf", csrf.as_str()), ("name", ""), ("territory", "Var « sud »"), ("email", "pas-une-adresse")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("class=\"error-summary\""));
    assert!(page.contains("href=\"#f-name\""));
    assert!(page.contains("value=\"Var « sud »\""), "input kept");
    assert!(page.contains("value=\"pas-une-adresse\""));
    assert!(
        page.contains("id=\"f-email\" name=\"email\" value=\"pas-une-adresse\" aria-invalid=\"true\" aria-describedby=\"f-email-error\"")
    );
    assert!(page.contains("<legend>"));
    // A taken slug is an error on the slug field.
    let r = admin
        .post(app.url("/admin/reseau/clubs/nouveau"))
        .form(&[("csrf", csrf.as_str()), ("name", "Lyon"), ("slug", "lyon-metropole")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-slug-error\""));
    // Valid: created, listed.
    let r =
        admin.post(app.url("/admin/reseau/clubs/nouveau")).form(&[("csrf", csrf.as_str()), ("name", "Club du Var")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let (_, list) = (0, admin.get(app.url("/admin/reseau/clubs?ok=saved")).send().await.unwrap().text().await.unwrap());
    assert!(list.contains("Club du Var"));
    assert!(list.contains("class=\"flash\""));
    assert!(list.contains("<th scope=\"col\">"));
    // Partners: multipart with a bad logo and a bad kind keep the input.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("name", "Coopérative Azur")
        .text("kind", "friend")
        .text("position", "2")
        .part("logo", reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("logo.png"));
    let r = admin.post(app.url("/admin/reseau/partenaires/nouveau")).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("value=\"Coopérative Azur\""));
    assert!(page.contains("id=\"f-kind-error\""));
    assert!(page.contains("id=\"f-logo-error\""));
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("name", "Coopérative Azur")
        .text("kind", "association")
        .text("position", "2");
    let r = admin.post(app.url("/admin/reseau/partenaires/nouveau")).multipart(form).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let p = essaim::modules::network::get_partner_by_slug(&app.state.db, "cooperative-azur").await.unwrap().unwrap();
    assert_eq!(p.position, 2);
    // Contacts: a club that does not exist is refused.
    let r = admin
        .post(app.url("/admin/reseau/contacts/nouveau"))
        .form(&[("csrf", csrf.as_str()), ("name", "Awa Diallo"), ("club_id", "9999")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("value=\"Awa Diallo\""));
    let r = admin
        .post(app.url(&format!("/admin/reseau/partenaires/{}/supprimer", p.id)))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(essaim::modules::network::get_partner_by_slug(&app.state.db, "cooperative-azur").await.unwrap().is_none());
}

#[tokio::test]
async fn people_get_roles_and_a_password_shown_once_and_can_be_disabled() {
    let app = TestApp::spawn_demo().await;
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    let admin = app.session_client("na@t.example").await;
    let csrf = app.csrf(&admin, "/admin/reseau/personnes/nouvelle").await;
    let lyon = essaim::modules::network::get_club_by_slug(&app.state.db, "lyon-metropole").await.unwrap().unwrap().id.to_string();
    let r = admin
        .post(app.url("/admin/reseau/personnes/nouvelle"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Inès Martin"),
            ("email", "ines@t.example"),
            ("role", "editor"),
            ("club_id", lyon.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    let code = page.split("<code id=\"secret\">").nth(1).unwrap();
    let password = &code[..code.find('<').unwrap()];
    assert_eq!(password.len(), 16);
    let id = essaim::modules::network::user_id_by_email(&app.state.db, "ines@t.example").await.unwrap().unwrap();
    let again = admin.get(app.url(&format!("/admin/reseau/personnes/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains(password), "the password is shown once");
    assert!(again.contains("Rédacteur ("), "the role and its club are listed");
    // The same e-mail again is an error on the field.
    let r = admin
        .post(app.url("/admin/reseau/personnes/nouvelle"))
        .form(&[("csrf", csrf.as_str()), ("name", "Autre"), ("email", "ines@t.example"), ("role", "editor")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // Add and remove a role.
    let r = admin
        .post(app.url(&format!("/admin/reseau/personnes/{id}/roles")))
        .form(&[("csrf", csrf.as_str()), ("role", "club_admin"), ("club_id", lyon.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let p = essaim::core::auth::principal_for_user(&app.state.db, id).await.unwrap().unwrap();
    assert!(p.can_manage_club(lyon.parse().unwrap()));
    let r = admin
        .post(app.url(&format!("/admin/reseau/personnes/{id}/roles/retirer")))
        .form(&[("csrf", csrf.as_str()), ("role", "club_admin"), ("club_id", lyon.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let p = essaim::core::auth::principal_for_user(&app.state.db, id).await.unwrap().unwrap();
    assert!(!p.can_manage_club(lyon.parse().unwrap()));
    // Disabling ends the person's sessions.
    let ines = app.session_client("ines@t.example").await;
    assert_eq!(status(&ines, &app, "/admin/reseau").await, 200);
    let r = admin.post(app.url(&format!("/admin/reseau/personnes/{id}/desactiver"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(status(&ines, &app, "/admin/reseau").await, 303);
    let r = admin.post(app.url(&format!("/admin/reseau/personnes/{id}/activer"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(essaim::core::auth::principal_for_user(&app.state.db, id).await.unwrap().is_some());
}

#[tokio::test]
async fn a_token_is_shown_once_works_and_stops_when_revoked() {
    let app = TestApp::spawn_demo().await;
    app.user("na@t.example", Role::NetworkAdmin, None).await;
    app.user("ed@t.example", Role::Editor, Some("lyon-metropole")).await;
    let admin = app.session_client("na@t.example").await;
    let new = admin.get(app.url("/admin/reseau/jetons/nouveau")).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&new).unwrap();
    let ed = essaim::modules::network::user_id_by_email(&app.state.db, "ed@t.example").await.unwrap().unwrap().to_string();
    let r = admin
        .post(app.url("/admin/reseau/jetons/nouveau"))
        .form(&[("csrf", csrf.as_str()), ("user_id", ed.as_str()), ("name", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let r = admin
        .post(app.url("/admin/reseau/jetons/nouveau"))
        .form(&[("csrf", csrf.as_str()), ("user_id", ed.as_str()), ("name", "Zapier")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    let code = page.split("<code id=\"secret\">").nth(1).unwrap();
    let token = code[..code.find('<').unwrap()].to_string();
    let list = admin.get(app.url("/admin/reseau/jetons")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Zapier"));
    assert!(!list.contains(&token), "shown once");
    assert!(list.contains("Jamais"), "never used yet");
    let body = serde_json::json!({ "title": "Par l’API", "club": "lyon-metropole" });
    let r = app.client.post(app.url("/api/v1/posts")).bearer_auth(&token).json(&body).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let list = admin.get(app.url("/admin/reseau/jetons")).send().await.unwrap().text().await.unwrap();
    assert!(!list.contains("Jamais"), "last use recorded");
    let at = list.find("/revoquer\"").unwrap();
    let start = list[..at].rfind("/admin/reseau/jetons/").unwrap();
    let revoke = list[start..at + "/revoquer".len()].to_string();
    let r = admin.post(app.url(&revoke)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let r =
        app.client.post(app.url("/api/v1/posts")).bearer_auth(&token).json(&serde_json::json!({ "title": "Encore" })).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
}
