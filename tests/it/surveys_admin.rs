//! The surveys' back office (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set): a
//! survey's creation keeps what was typed, a wave's mode is locked once opened and opening
//! needs questions, the invitations' import reports each rejected line (CSV and XLSX), the
//! sending job e-mails each invitation once with its own access link, reminders go only to
//! those who have not answered, a club's staff cannot manage another club's survey, and an
//! invitation is erased by its address.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use essaim::core::access::{self, Links};
use essaim::core::auth::Role;
use essaim::core::forms;
use essaim::core::jobs;
use essaim::modules::surveys::{self, Holder, Mode, QuotaGuard, SurveyInput};

use crate::common::TestApp;
use crate::common::surveys::{answers, barometer, clubs, form_v1, invite};

async fn admin(app: &TestApp) -> reqwest::Client {
    app.user("reseau@surveys.test", Role::NetworkAdmin, None).await;
    app.session_client("reseau@surveys.test").await
}

async fn club_slug(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT slug FROM clubs WHERE id = $1").bind(id).fetch_one(app.state.db.pool()).await.unwrap()
}

async fn count(app: &TestApp, sql: &str, bind: String) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).bind(bind).fetch_one(app.state.db.pool()).await.unwrap()
}

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
    let r = c.post(app.url(path)).form(form).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

async fn upload(app: &TestApp, c: &reqwest::Client, path: &str, csrf: &str, name: &str, bytes: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = c.post(app.url(path)).multipart(form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Wait (a bounded number of polls) for the job behind a send's page to end; its status.
async fn wait_job(app: &TestApp, location: &str) -> String {
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    for _ in 0..600 {
        let job = jobs::get(&app.state.db, id).await.unwrap().unwrap();
        if !job.active() {
            return job.status;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the send job {id} did not end");
}

/// The outbox's messages for a dedup key prefix: (key, to, text).
async fn outbox(app: &TestApp, prefix: &str) -> Vec<(String, String, String)> {
    let rows = sqlx::query("SELECT dedup_key, to_address, text_body FROM mail_outbox WHERE dedup_key LIKE $1 ORDER BY dedup_key")
        .bind(format!("{prefix}%"))
        .fetch_all(app.state.db.pool())
        .await
        .unwrap();
    use sqlx::Row;
    rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect()
}

#[tokio::test]
async fn a_survey_with_bad_input_is_shown_again_with_what_was_typed() {
    let app = TestApp::spawn().await;
    let c = admin(&app).await;
    let csrf = app.csrf(&c, "/admin/enquetes/nouvelle").await;
    let (status, _, body) = post(
        &app,
        &c,
        "/admin/enquetes/nouvelle",
        &[("csrf", &csrf), ("title", " "), ("slug", ""), ("club_id", ""), ("summary", "Un résumé gardé"), ("min_cell", "0")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("Un résumé gardé"), "what was typed is kept");
    assert!(body.contains("Ce champ est obligatoire") || body.contains("obligatoire"), "the title's error is shown");
    assert!(body.contains("entre 1 et 1000"), "the cell size's error is shown");
    assert!(body.contains("href=\"#f-min_cell\""), "the summary links to the field");

    let (status, location, _) = post(
        &app,
        &c,
        "/admin/enquetes/nouvelle",
        &[("csrf", &csrf), ("title", "Baromètre des âges"), ("club_id", ""), ("summary", "s"), ("intro", "**Bonjour**"), ("min_cell", "5")],
    )
    .await;
    assert_eq!(status, 303);
    let id: i64 = location.trim_start_matches("/admin/enquetes/").split('?').next().unwrap().parse().unwrap();
    let s = surveys::survey(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!((s.slug.as_str(), s.club_id, s.min_cell), ("barometre-des-ages", None, 5));
    // The same slug again is refused next to the field.
    let (status, _, body) =
        post(&app, &c, "/admin/enquetes/nouvelle", &[("csrf", &csrf), ("title", "Baromètre des âges"), ("club_id", ""), ("min_cell", "5")])
            .await;
    assert_eq!(status, 422);
    assert!(body.contains("f-slug-error"));
    // `reponse` is the invitations' address (/enquetes/reponse/{token}): taken.
    let (status, _, body) =
        post(&app, &c, "/admin/enquetes/nouvelle", &[("csrf", &csrf), ("title", "Réponse"), ("club_id", ""), ("min_cell", "5")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("f-slug-error") && body.contains("value=\"Réponse\""));
    let (status, _) = app.get_text("/admin/enquetes").await;
    assert_ne!(status, 200, "the list is staff's");
    let body = c.get(app.url("/admin/enquetes")).send().await.unwrap().text().await.unwrap();
    assert!(body.contains("Baromètre des âges"));
}

#[tokio::test]
async fn opening_needs_questions_and_locks_the_mode() {
    let app = TestApp::spawn().await;
    let c = admin(&app).await;
    let clubs = clubs(&app, 2).await;
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let sid = surveys::insert_survey(
        &mut tx,
        &SurveyInput { slug: format!("ouvrir-{}", clubs[0]), title: "Ouvrir".into(), min_cell: 5, ..Default::default() },
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let csrf = app.csrf(&c, &format!("/admin/enquetes/{sid}/vagues/nouvelle")).await;
    let opens = app.state.tr(essaim::core::i18n::Locale::Fr).input_datetime(now - 3600);
    let closes = app.state.tr(essaim::core::i18n::Locale::Fr).input_datetime(now + 10 * 86_400);
    let t0 = format!("t_{}", clubs[0]);
    let q0 = format!("quota_{}", clubs[0]);
    // Bad input first: no territory, a bad quota; what was typed stays.
    let (status, _, body) = post(
        &app,
        &c,
        &format!("/admin/enquetes/{sid}/vagues/nouvelle"),
        &[("csrf", &csrf), ("label", "2026"), ("mode", "anonymous"), ("opens_at", &opens), ("closes_at", &closes), (&q0, "-2")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("value=\"-2\"") && body.contains("au moins un territoire"));
    let (status, location, _) = post(
        &app,
        &c,
        &format!("/admin/enquetes/{sid}/vagues/nouvelle"),
        &[("csrf", &csrf), ("label", "2026"), ("mode", "anonymous"), ("opens_at", &opens), ("closes_at", &closes), (&t0, "1"), (&q0, "40")],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let wid: i64 = location.split("/vagues/").nth(1).unwrap().split('?').next().unwrap().parse().unwrap();
    let t = surveys::territories(&app.state.db, wid).await.unwrap();
    assert_eq!((t.len(), t[0].quota), (1, Some(40)));

    // No question: opening is refused with a message, nothing frozen.
    let (status, _, body) = post(&app, &c, &format!("/admin/enquetes/{sid}/vagues/{wid}/ouvrir"), &[("csrf", &csrf)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("aucune question"));
    assert_eq!(surveys::wave(&app.state.db, wid).await.unwrap().unwrap().form_version, None);

    // Before opening, the mode can change.
    let wave_form = |mode: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("label", "2026".to_string()),
            ("mode", mode.to_string()),
            ("opens_at", opens.clone()),
            ("closes_at", closes.clone()),
            (t0.as_str(), "1".to_string()),
        ]
    };
    let r = c.post(app.url(&format!("/admin/enquetes/{sid}/vagues/{wid}"))).form(&wave_form("pseudonymous")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(surveys::wave(&app.state.db, wid).await.unwrap().unwrap().mode, Mode::Pseudonymous);

    // With questions, it opens on version 1, and the mode is locked.
    let mut tx = app.state.db.begin().await.unwrap();
    let base = forms::store::next_question_id(&mut tx).await.unwrap();
    forms::store::save(&mut tx, &surveys::model::owner(sid), &form_v1(base), now).await.unwrap();
    tx.commit().await.unwrap();
    let (status, _, _) = post(&app, &c, &format!("/admin/enquetes/{sid}/vagues/{wid}/ouvrir"), &[("csrf", &csrf)]).await;
    assert_eq!(status, 303);
    assert_eq!(surveys::wave(&app.state.db, wid).await.unwrap().unwrap().form_version, Some(1));
    let r = c.post(app.url(&format!("/admin/enquetes/{sid}/vagues/{wid}"))).form(&wave_form("identified")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(surveys::wave(&app.state.db, wid).await.unwrap().unwrap().mode, Mode::Pseudonymous, "the mode stays once opened");
    let body = c.get(app.url(&format!("/admin/enquetes/{sid}/vagues/{wid}"))).send().await.unwrap().text().await.unwrap();
    assert!(body.contains("version 1") && body.contains("ne peut plus changer"));

    // Closing early: the closing date becomes now.
    let (status, _, _) = post(&app, &c, &format!("/admin/enquetes/{sid}/vagues/{wid}/clore"), &[("csrf", &csrf)]).await;
    assert_eq!(status, 303);
    let w = surveys::wave(&app.state.db, wid).await.unwrap().unwrap();
    assert!(w.closes_at <= app.state.now());
}

#[tokio::test]
async fn the_import_reports_each_rejected_line_and_reads_xlsx() {
    let app = TestApp::spawn().await;
    let c = admin(&app).await;
    let b = barometer(&app, 2, Mode::Anonymous, None).await;
    let outside = clubs(&app, 1).await[0];
    invite(&app, b.wave_id, b.clubs[0], 1).await; // entreprise0-{club}@t.example
    let (s0, s1, s_out) = (club_slug(&app, b.clubs[0]).await, club_slug(&app, b.clubs[1]).await, club_slug(&app, outside).await);
    let already = format!("entreprise0-{}@t.example", b.clubs[0]);
    let csv = format!(
        "\u{feff}Nom;E-mail;Territoire;Secteur;Taille\r\n\
         Acme;acme@ex.fr;{s0};Industrie;250\r\n\
         Mauvaise;pas-une-adresse;{s0};;\r\n\
         Inconnue;inconnue@ex.fr;Atlantide;;\r\n\
         Dehors;dehors@ex.fr;{s_out};;\r\n\
         Acme bis;ACME@ex.fr;{s0};;\r\n\
         Déjà;{already};{s0};;\r\n\
         \"Beta, Fils & Cie\";beta@ex.fr;{s1};Services;12\r\n"
    );
    let path = format!("/admin/enquetes/{}/vagues/{}/invitations", b.survey_id, b.wave_id);
    let csrf = app.csrf(&c, &path).await;
    let (status, body) = upload(&app, &c, &format!("{path}/import"), &csrf, "invites.csv", csv.into_bytes()).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("2 lignes acceptées, 5 lignes refusées"), "{body}");
    for reason in [
        "adresse e-mail invalide",
        "territoire inconnu",
        "territoire hors de cette vague",
        "adresse en double dans le fichier",
        "déjà invitée",
    ] {
        assert!(body.contains(reason), "{reason}");
    }
    let invs = surveys::invitations(&app.state.db, b.wave_id).await.unwrap();
    assert_eq!(invs.len(), 3);
    let acme = invs.iter().find(|i| i.email == "acme@ex.fr").unwrap();
    assert_eq!(
        (acme.club_id, acme.attributes["Secteur"].as_str(), acme.attributes["Taille"].as_str()),
        (b.clubs[0], Some("Industrie"), Some("250"))
    );
    assert_eq!(invs.iter().find(|i| i.email == "beta@ex.fr").unwrap().name, "Beta, Fils & Cie");

    // XLSX, with a comma-free header in English and the club's name as the territory.
    let club1_name: String =
        sqlx::query_scalar("SELECT name FROM clubs WHERE id = $1").bind(b.clubs[1]).fetch_one(app.state.db.pool()).await.unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, h) in ["name", "email", "territory", "size"].iter().enumerate() {
        sheet.write_string(0, i as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Gamma").unwrap();
    sheet.write_string(1, 1, "gamma@ex.fr").unwrap();
    sheet.write_string(1, 2, &club1_name).unwrap();
    sheet.write_number(1, 3, 40.0).unwrap();
    sheet.write_string(2, 0, "Acme encore").unwrap();
    sheet.write_string(2, 1, "acme@ex.fr").unwrap();
    sheet.write_string(2, 2, &club1_name).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let (status, body) = upload(&app, &c, &format!("{path}/import"), &csrf, "invites.xlsx", bytes).await;
    assert_eq!(status, 200);
    assert!(body.contains("1 ligne acceptée, 1 ligne refusée."), "{body}");
    let gamma = surveys::invitations(&app.state.db, b.wave_id).await.unwrap().into_iter().find(|i| i.email == "gamma@ex.fr").unwrap();
    assert_eq!((gamma.club_id, gamma.attributes["size"].as_str()), (b.clubs[1], Some("40")));

    // A file without the columns it needs is refused as a whole, with a message.
    let (status, body) = upload(&app, &c, &format!("{path}/import"), &csrf, "x.csv", b"nom;ville\nA;B\n".to_vec()).await;
    assert_eq!(status, 422);
    assert!(body.contains("colonne « e-mail »"));
    // The list filters by territory, and an anonymous wave only says whether the link was used.
    let body = c.get(app.url(&format!("{path}?territoire={}", b.clubs[1]))).send().await.unwrap().text().await.unwrap();
    assert!(body.contains("beta@ex.fr") && !body.contains("acme@ex.fr"));
    assert!(body.contains("Lien non utilisé") && !body.contains(">Invité<"));
    // The imports are in the audit log.
    let n = count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = $1", "surveys.invitations.import".into()).await;
    assert_eq!(n, 2, "two files were read; the one refused whole wrote nothing");
}

#[tokio::test]
async fn sending_emails_each_invitation_once_with_its_own_link() {
    let app = TestApp::spawn().await;
    let c = admin(&app).await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let ids = invite(&app, b.wave_id, b.clubs[0], 3).await;
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    let path = format!("/admin/enquetes/{}/vagues/{}/invitations", b.survey_id, b.wave_id);
    let csrf = app.csrf(&c, &path).await;
    let (status, location, _) = post(&app, &c, &format!("{path}/envoyer"), &[("csrf", &csrf)]).await;
    assert_eq!(status, 303);
    assert!(location.contains("/envois/"), "{location}");
    assert_eq!(wait_job(&app, &location).await, "done");
    let page = c.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("3 e-mails mis en file"), "{page}");
    let progress: serde_json::Value = c.get(app.url(&format!("{location}.json"))).send().await.unwrap().json().await.unwrap();
    assert_eq!((progress["processed"].as_i64(), progress["total"].as_i64()), (Some(3), Some(3)));

    let mails = outbox(&app, "survey-invitation:").await;
    assert_eq!(mails.len(), 3);
    for id in &ids {
        let (key, to, text) = mails.iter().find(|m| m.0 == format!("survey-invitation:{id}:invite")).unwrap();
        let inv = surveys::invitation(&app.state.db, *id).await.unwrap().unwrap();
        assert_eq!(to, &inv.email, "{key}");
        assert!(inv.invited_at.is_some());
        assert!(text.contains("Baromètre des âges") && text.contains("Territoire 1") && text.contains("anonymes"));
        // Its own link: a token of scope surveys.invitation whose subject is the invitation,
        // expiring when the wave closes.
        let token = text.split("/enquetes/reponse/").nth(1).unwrap().split_whitespace().next().unwrap();
        let granted = access::verify(&app.state.db, &Links::of(&app.state), token, app.state.now()).await.unwrap().unwrap();
        assert_eq!((granted.scope.as_str(), granted.subject), (surveys::INVITATION_SCOPE, *id));
        let expires: i64 = sqlx::query_scalar("SELECT expires_at FROM access_links WHERE id = $1")
            .bind(granted.link_id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(expires, wave.closes_at);
    }

    // Asked again: nobody left to invite.
    let (status, location, _) = post(&app, &c, &format!("{path}/envoyer"), &[("csrf", &csrf)]).await;
    assert_eq!((status, location.ends_with("?ok=aucun")), (303, true));
    // The same job run again (as when its instance stopped) e-mails nobody twice.
    let payload = serde_json::json!({"survey_id": b.survey_id, "wave_id": b.wave_id, "remind": false, "invited_before": 0, "since": 0});
    let again = jobs::enqueue(&app.state, jobs::NewJob { kind: "surveys.send", payload, ..Default::default() }).await.unwrap();
    assert_eq!(wait_job(&app, &format!("/x/{again}")).await, "done");
    assert_eq!(outbox(&app, "survey-invitation:").await.len(), 3);
    let links = count(&app, "SELECT COUNT(*) FROM access_links WHERE scope = $1", surveys::INVITATION_SCOPE.into()).await;
    assert_eq!(links, 3, "one link per invitation");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = $1", "surveys.invitations.send".into()).await, 1);
}

#[tokio::test]
async fn reminders_go_only_to_those_who_have_not_answered() {
    let app = TestApp::spawn().await;
    let c = admin(&app).await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let ids = invite(&app, b.wave_id, b.clubs[0], 3).await;
    let path = format!("/admin/enquetes/{}/vagues/{}/invitations", b.survey_id, b.wave_id);
    let csrf = app.csrf(&c, &path).await;
    // Reminders before any invitation: nobody.
    let (_, location, _) = post(&app, &c, &format!("{path}/relancer"), &[("csrf", &csrf), ("jours", "0")]).await;
    assert!(location.ends_with("?ok=aucun"));
    let (_, location, _) = post(&app, &c, &format!("{path}/envoyer"), &[("csrf", &csrf)]).await;
    assert_eq!(wait_job(&app, &location).await, "done");
    // One answers, one starts (a draft), one does nothing.
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    let done = surveys::submit(
        &mut tx,
        &wave,
        b.clubs[0],
        &Holder::Invitation(ids[0]),
        &answers(&b.def, &["A"], None, 3),
        QuotaGuard::Database,
        app.state.now(),
    )
    .await
    .unwrap();
    assert!(matches!(done, surveys::Submitted::Stored(_)));
    surveys::save_draft(&mut tx, b.wave_id, b.clubs[0], &Holder::Invitation(ids[1]), &[], 0, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    // Invited less than 7 days ago: nobody to remind yet; a bad number of days is refused.
    let (_, location, _) = post(&app, &c, &format!("{path}/relancer"), &[("csrf", &csrf), ("jours", "7")]).await;
    assert!(location.ends_with("?ok=aucun"));
    let (status, _, body) = post(&app, &c, &format!("{path}/relancer"), &[("csrf", &csrf), ("jours", "deux")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("value=\"deux\""));
    let (status, location, _) = post(&app, &c, &format!("{path}/relancer"), &[("csrf", &csrf), ("jours", "0")]).await;
    assert_eq!(status, 303);
    assert_eq!(wait_job(&app, &location).await, "done");
    let reminders = outbox(&app, "survey-invitation:").await.into_iter().filter(|m| m.0.contains(":reminder:")).collect::<Vec<_>>();
    let keys: Vec<&str> = reminders.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(reminders.len(), 2, "{keys:?}");
    assert!(!keys.iter().any(|k| k.starts_with(&format!("survey-invitation:{}:", ids[0]))), "the one who answered is not reminded");
    assert!(reminders.iter().all(|m| m.2.contains("pas encore répondu")));
    for id in &ids[1..] {
        assert_eq!(surveys::invitation(&app.state.db, *id).await.unwrap().unwrap().reminders, 1);
    }
    assert_eq!(surveys::invitation(&app.state.db, ids[0]).await.unwrap().unwrap().reminders, 0);
}

#[tokio::test]
async fn a_clubs_staff_cannot_manage_another_clubs_survey() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Anonymous, None).await;
    let (a, other) = (b.clubs[0], b.clubs[1]);
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let sid = surveys::insert_survey(
        &mut tx,
        &SurveyInput { slug: format!("club-{a}"), club_id: Some(a), title: "Enquête du club A".into(), min_cell: 5, ..Default::default() },
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app.user("a@surveys.test", Role::ClubAdmin, Some(&club_slug(&app, a).await)).await;
    app.user("b@surveys.test", Role::ClubAdmin, Some(&club_slug(&app, other).await)).await;
    let ca = app.session_client("a@surveys.test").await;
    let cb = app.session_client("b@surveys.test").await;
    for path in [format!("/admin/enquetes/{sid}"), format!("/admin/enquetes/{sid}/vagues/nouvelle")] {
        assert_eq!(ca.get(app.url(&path)).send().await.unwrap().status().as_u16(), 200, "{path}");
        assert_eq!(cb.get(app.url(&path)).send().await.unwrap().status().as_u16(), 403, "{path}");
    }
    // The network's barometer is the network administrators' to manage.
    let wave_path = format!("/admin/enquetes/{}/vagues/{}/invitations", b.survey_id, b.wave_id);
    assert_eq!(cb.get(app.url(&wave_path)).send().await.unwrap().status().as_u16(), 403);
    let csrf = app.csrf(&cb, "/admin/enquetes").await;
    let (status, _, _) = post(&app, &cb, &format!("/admin/enquetes/{sid}"), &[("csrf", &csrf), ("title", "Pris"), ("min_cell", "5")]).await;
    assert_eq!(status, 403);
    assert_eq!(surveys::survey(&app.state.db, sid).await.unwrap().unwrap().title, "Enquête du club A");
    // The list: B sees the network's barometer (a wave runs in their club) but not A's survey.
    let list = cb.get(app.url("/admin/enquetes")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("Baromètre des âges") && !list.contains("Enquête du club A"));
    assert!(!list.contains(&format!("href=\"/admin/enquetes/{}\"", b.survey_id)), "shown, not managed");
    // As a partner, B reaches the wave's results, and sees no count under the threshold.
    assert!(list.contains(&format!("href=\"/admin/enquetes/{}/vagues/{}/resultats\"", b.survey_id, b.wave_id)));
    assert!(list.contains("moins de 5 réponses"), "B's territory has no response yet");
    // A's wave offers A's club alone as a territory, and B's club sent anyway is not taken.
    let new_wave = ca.get(app.url(&format!("/admin/enquetes/{sid}/vagues/nouvelle"))).send().await.unwrap().text().await.unwrap();
    assert!(new_wave.contains(&format!("name=\"t_{a}\"")) && !new_wave.contains(&format!("name=\"t_{other}\"")));
    let csrf = app.csrf(&ca, "/admin/enquetes").await;
    let (t_a, t_other) = (format!("t_{a}"), format!("t_{other}"));
    let form = [
        ("csrf", csrf.as_str()),
        ("label", "2026"),
        ("mode", "anonymous"),
        ("opens_at", "2030-01-01T09:00"),
        ("closes_at", "2030-02-01T09:00"),
        (t_a.as_str(), "1"),
        (t_other.as_str(), "1"),
    ];
    let (status, location, body) = post(&app, &ca, &format!("/admin/enquetes/{sid}/vagues/nouvelle"), &form).await;
    assert_eq!(status, 303, "{body}");
    let wave: i64 = location.rsplit('/').next().unwrap().split('?').next().unwrap().parse().unwrap();
    let places: Vec<i64> = surveys::territories(&app.state.db, wave).await.unwrap().into_iter().map(|t| t.club_id).collect();
    assert_eq!(places, vec![a]);
}

#[tokio::test]
async fn an_invitation_is_found_and_erased_by_its_address() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 1, Mode::Pseudonymous, None).await;
    let ids = invite(&app, b.wave_id, b.clubs[0], 2).await;
    let email = format!("entreprise0-{}@t.example", b.clubs[0]);
    let wave = surveys::wave(&app.state.db, b.wave_id).await.unwrap().unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    surveys::submit(
        &mut tx,
        &wave,
        b.clubs[0],
        &Holder::Invitation(ids[0]),
        &answers(&b.def, &["B"], None, 2),
        QuotaGuard::Database,
        app.state.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let found = essaim::core::people::find(&app.state.db, &app.state.modules, &email).await.unwrap();
    assert!(found.to_json(app.state.now()).to_string().contains("surveys.invitations"));
    essaim::core::people::erase(&app.state.db, &app.state.modules, std::path::Path::new("/nonexistent"), &email, app.state.now())
        .await
        .unwrap();
    let inv = surveys::invitation(&app.state.db, ids[0]).await.unwrap().unwrap();
    assert_eq!((inv.name.as_str(), inv.attributes.len()), ("", 0));
    assert_ne!(inv.email, email);
    assert_eq!(inv.state, surveys::InvitationState::Answered, "counts stay");
    assert!(surveys::response_links(&app.state.db, b.wave_id).await.unwrap().is_empty(), "no response leads to the person");
    assert_eq!(surveys::response_counts(&app.state.db, b.wave_id).await.unwrap(), vec![(b.clubs[0], 1)], "the response stays");
}

#[tokio::test]
async fn the_invitations_list_runs_over_pages_of_a_hundred_with_its_filters() {
    let app = TestApp::spawn().await;
    let b = barometer(&app, 2, Mode::Anonymous, None).await;
    invite(&app, b.wave_id, b.clubs[0], 130).await;
    let c = admin(&app).await;
    let list = format!("/admin/enquetes/{}/vagues/{}/invitations", b.survey_id, b.wave_id);
    let rows = |body: &str| body.matches("<tr>\n        <th scope=\"row\">").count();
    let first = c.get(app.url(&list)).send().await.unwrap().text().await.unwrap();
    assert_eq!(rows(&first), 100);
    assert!(first.contains("130 ") && first.contains("page 1 sur 2"), "the caption counts them all");
    let next = format!("{list}?territoire=&#38;etat=&#38;page=2");
    assert!(first.contains(&format!("href=\"{next}\" rel=\"next\"")), "a link to the next page, filters kept");
    let second = c.get(app.url(&format!("{list}?territoire={}&page=2", b.clubs[0]))).send().await.unwrap().text().await.unwrap();
    assert_eq!(rows(&second), 30);
    // A page past the last, or not a number, shows the nearest one.
    let far = c.get(app.url(&format!("{list}?page=99"))).send().await.unwrap().text().await.unwrap();
    assert_eq!(rows(&far), 30);
    let bad = c.get(app.url(&format!("{list}?page=deux"))).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 200);
    assert_eq!(rows(&bad.text().await.unwrap()), 100);
}
