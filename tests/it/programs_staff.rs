//! The programs' pages for families, staff and mentors (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set): the public application and its eligibility; who sees a
//! cohort (its club's staff and network administrators, every view in the audit log);
//! selection within capacity and the consent links it e-mails; placing refused while consent
//! is pending; attendance on the session's page (14:02 to 16:00 is 118 minutes, bad times
//! said next to their field, nothing written); mentors who see first names only, and no
//! longer see a participant once her guardian withdraws; the staff API; image rights
//! withdrawn withholding her pictures.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use essaim::core::auth::Role;
use essaim::modules::programs::{self, ConsentKind, Giver, Status, mentors};
use serde_json::{Value, json};

use crate::common::{TestApp, client, extract_csrf};
use crate::programs::{apply, consent, fixture};

async fn club_slug(app: &TestApp, cohort_id: i64) -> (i64, String) {
    let cohort = programs::cohort(&app.state.db, cohort_id).await.unwrap().unwrap();
    let club = essaim::modules::network::get_club(&app.state.db, cohort.club_id).await.unwrap().unwrap();
    (club.id, club.slug)
}

async fn sql_count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).bind(id).fetch_one(app.state.db.writer()).await.unwrap()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action.to_string())
        .fetch_one(app.state.db.writer())
        .await
        .unwrap()
}

/// A signed-in staff client of `club` (None: a network administrator).
async fn staff(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> reqwest::Client {
    app.user(email, role, club).await;
    app.session_client(email).await
}

async fn post(app: &TestApp, c: &reqwest::Client, csrf_from: &str, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf(c, csrf_from).await;
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend_from_slice(form);
    c.post(app.url(path)).form(&fields).send().await.unwrap()
}

#[tokio::test]
async fn a_parent_applies_and_eligibility_is_the_age_on_the_cohort_s_first_day() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let cohort = programs::cohort(&app.state.db, f.cohort_id).await.unwrap().unwrap();
    let program = programs::program(&app.state.db, cohort.program_id).await.unwrap().unwrap();
    let path = format!("/programmes/{}/candidater", program.slug);
    let c = client();
    let page = c.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&page).unwrap();
    // The cohort's option as the form writes it.
    let i = page.find("name=\"q-2\" value=\"").expect("the cohort's choice");
    let rest = &page[i + 18..];
    let choice = rest[..rest.find('"').unwrap()].replace("&#x27;", "'").replace("&amp;", "&");
    let start = programs::utc_date(cohort.starts_on);
    let year: i32 = start[..4].parse().unwrap();
    let eleven = format!("{}{}", year - 11, &start[4..]);
    let fifteen = format!("{}{}", year - 15, &start[4..]);
    let send = |birth: String, guardian: &'static str| {
        let c = c.clone();
        let (csrf, choice, path) = (csrf.clone(), choice.clone(), path.clone());
        let app_url = app.url(&path);
        async move {
            let form = [
                ("csrf", csrf.as_str()),
                ("q-2", choice.as_str()),
                ("q-1", "Un parent ou responsable légal"),
                ("q-3", "Lou"),
                ("q-4", "Carpentier"),
                ("q-5", birth.as_str()),
                ("q-6", "Fille"),
                ("q-9", guardian),
                ("q-10", "patricia.carpentier@famille.test"),
                ("q-11", "Elle code des jeux le soir."),
            ];
            c.post(app_url).form(&form).send().await.unwrap()
        }
    };
    // Eleven on the first day: refused next to the date of birth, what was typed kept.
    let r = send(eleven.clone(), "Patricia Carpentier").await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"f-q-5-error\""), "{body}");
    assert!(body.contains("âge à cette date : 11 ans"));
    assert!(body.contains("value=\"Carpentier\"") && body.contains("Elle code des jeux le soir."));
    // Under 18 without a guardian's name: said next to it.
    let r = send(fifteen.clone(), "").await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-q-9-error\""));
    // Malformed date: no 500.
    let r = send("2011-02-31".into(), "Patricia Carpentier").await;
    assert_eq!(r.status().as_u16(), 422);
    // Fifteen: stored as applied, by a parent, with the consents her age calls for; a mail.
    let r = send(fifteen.clone(), "Patricia Carpentier").await;
    assert_eq!(r.status().as_u16(), 303);
    let people = programs::participants(&app.state.db, f.cohort_id).await.unwrap();
    let lou = people.iter().find(|p| p.first_name == "Lou").expect("stored");
    assert_eq!((lou.status, lou.age_at_start, lou.needs.guardian, lou.needs.own), (Status::Applied, 15, true, false));
    assert_eq!(programs::staff::application(&app.state.db, lou.id).await.unwrap(), ("parent".into(), "Elle code des jeux le soir.".into()));
    let mails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'patricia.carpentier@famille.test'")
        .fetch_one(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(mails, 1);
    // Twice: the same thanks (the form does not tell who applied), nothing stored again.
    let r = send(fifteen, "Patricia Carpentier").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(programs::participants(&app.state.db, f.cohort_id).await.unwrap().len(), people.len());
}

#[tokio::test]
async fn only_the_club_s_staff_and_network_admins_see_a_cohort_and_every_view_is_audited() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (_, slug) = club_slug(&app, f.cohort_id).await;
    let other = crate::common::surveys::clubs(&app, 1).await[0];
    let other_slug = essaim::modules::network::get_club(&app.state.db, other).await.unwrap().unwrap().slug;
    let lina = apply(&app, f.cohort_id, "Lina", "2011-03-10", 15).await;
    let pages = [
        format!("/admin/programmes/cohortes/{}", f.cohort_id),
        format!("/admin/programmes/participantes/{lina}"),
        format!("/admin/programmes/seances/{}", f.past),
        format!("/admin/programmes/cohortes/{}/mentors", f.cohort_id),
    ];
    // Another club's administrator, and a network-wide editor: 403, and the list omits it.
    for (email, role, club) in
        [("autre@club.test", Role::ClubAdmin, Some(other_slug.as_str())), ("redaction@reseau.test", Role::Editor, None)]
    {
        let c = staff(&app, email, role, club).await;
        for p in &pages {
            assert_eq!(c.get(app.url(p)).send().await.unwrap().status().as_u16(), 403, "{email} {p}");
        }
        let list = c.get(app.url("/admin/programmes")).send().await.unwrap().text().await.unwrap();
        assert!(!list.contains(&format!("/admin/programmes/cohortes/{}", f.cohort_id)));
    }
    // A visitor goes to the sign-in page.
    let r = client().get(app.url(&pages[0])).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // The club's editor and a network administrator see them; each view is recorded.
    for (email, role, club) in [("equipe@club.test", Role::Editor, Some(slug.as_str())), ("admin@reseau.test", Role::NetworkAdmin, None)] {
        let c = staff(&app, email, role, club).await;
        let before = (audit_count(&app, "programs.cohort.view").await, audit_count(&app, "programs.participant.view").await);
        let cohort = c.get(app.url(&pages[0])).send().await.unwrap();
        assert_eq!(cohort.status().as_u16(), 200);
        assert!(cohort.text().await.unwrap().contains("Lina Benali"));
        let record = c.get(app.url(&pages[1])).send().await.unwrap().text().await.unwrap();
        assert!(record.contains("2011-03-10") && record.contains("nadia.benali@famille.test"));
        assert_eq!(c.get(app.url(&pages[2])).send().await.unwrap().status().as_u16(), 200);
        assert_eq!(audit_count(&app, "programs.cohort.view").await, before.0 + 1);
        assert_eq!(audit_count(&app, "programs.participant.view").await, before.1 + 1);
        let list = c.get(app.url("/admin/programmes")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(&format!("/admin/programmes/cohortes/{}", f.cohort_id)));
    }
    assert!(audit_count(&app, "programs.attendance.view").await >= 2);
}

#[tokio::test]
async fn selection_respects_capacity_mails_the_consent_links_and_placing_waits_for_consent() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (_, slug) = club_slug(&app, f.cohort_id).await;
    let c = staff(&app, "equipe@club.test", Role::ClubAdmin, Some(&slug)).await;
    let cohort_page = format!("/admin/programmes/cohortes/{}", f.cohort_id);
    // Two applicants; capacity one.
    sqlx::query("UPDATE cohorts SET capacity = 1 WHERE id = $1").bind(f.cohort_id).execute(app.state.db.writer()).await.unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    let mut ids = vec![];
    for (first, birth, age) in [("Aya", "2012-05-01", 14), ("Inès", "2010-05-01", 16)] {
        let input = programs::ParticipantInput {
            first_name: first.into(),
            last_name: "Diallo".into(),
            birth_date: birth.into(),
            gender: programs::Gender::Girl,
            email: format!("{}@famille.test", first.to_lowercase()),
            phone: String::new(),
            guardian_name: "Mariam Diallo".into(),
            guardian_email: "mariam.diallo@famille.test".into(),
        };
        ids.push(programs::insert_participant(&mut tx, f.cohort_id, &input, age, app.state.now()).await.unwrap());
    }
    tx.commit().await.unwrap();
    let (aya, ines) = (ids[0], ids[1]);
    let r = post(&app, &c, &cohort_page, &format!("/admin/programmes/participantes/{aya}/statut"), &[("status", "selected")]).await;
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("{cohort_page}?ok=selected#flash"));
    // Her guardian's link and her own (she is fourteen) went out.
    let scopes: Vec<String> = sqlx::query_scalar("SELECT scope FROM access_links WHERE subject_id = $1 ORDER BY scope")
        .bind(aya)
        .fetch_all(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(scopes, vec!["programs.guardian".to_string(), "programs.participant".to_string()]);
    // Full: the next selection is refused, and said so; the waiting list takes her.
    let r = post(&app, &c, &cohort_page, &format!("/admin/programmes/participantes/{ines}/statut"), &[("status", "selected")]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("erreur=full"));
    assert_eq!(programs::participant(&app.state.db, ines).await.unwrap().unwrap().status, Status::Applied);
    let r = post(&app, &c, &cohort_page, &format!("/admin/programmes/participantes/{ines}/statut"), &[("status", "waiting")]).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(programs::participant(&app.state.db, ines).await.unwrap().unwrap().status, Status::Waiting);
    // A status that does not exist: 400, not a 500.
    let r = post(&app, &c, &cohort_page, &format!("/admin/programmes/participantes/{ines}/statut"), &[("status", "queen")]).await;
    assert_eq!(r.status().as_u16(), 400);

    // Pending consent: "place" writes nothing and says why.
    let record = format!("/admin/programmes/participantes/{aya}");
    let r = post(&app, &c, &record, &format!("{record}/seances"), &[]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("erreur=pending"));
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM session_places WHERE participant_id = $1", aya).await, 0);
    consent(&app, aya, f.text(ConsentKind::Participation), Giver::Guardian, "Mariam Diallo", true).await;
    let r = post(&app, &c, &record, &format!("{record}/seances"), &[]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("erreur=pending"), "her own consent is still missing");
    consent(&app, aya, f.text(ConsentKind::Own), Giver::Participant, "Aya Diallo", true).await;
    let r = post(&app, &c, &record, &format!("{record}/seances"), &[]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("ok=placed&n=3"), "the three sessions to come");
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM session_places WHERE participant_id = $1", aya).await, 3);
}

#[tokio::test]
async fn attendance_on_the_session_s_page_gives_minutes_and_refuses_bad_times_whole() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (_, slug) = club_slug(&app, f.cohort_id).await;
    let sarah = apply(&app, f.cohort_id, "Sarah", "2010-05-02", 16).await;
    let lea = apply(&app, f.cohort_id, "Léa", "2010-06-02", 16).await;
    for p in [sarah, lea] {
        consent(&app, p, f.text(ConsentKind::Participation), Giver::Guardian, "Paul Martin", true).await;
        let mut tx = app.state.db.begin().await.unwrap();
        programs::place(&mut tx, f.past, p, app.state.now()).await.unwrap();
        tx.commit().await.unwrap();
    }
    let c = staff(&app, "animatrice@club.test", Role::Editor, Some(&slug)).await;
    let page = format!("/admin/programmes/seances/{}", f.past);
    let (a, d, x) = (format!("a-{sarah}"), format!("d-{sarah}"), format!("x-{lea}"));
    let (a2, d2) = (format!("a-{lea}"), format!("d-{lea}"));
    // A departure before the arrival, and a time that does not read: both said, nothing kept.
    let r = post(&app, &c, &page, &page, &[(&a, "16:00"), (&d, "14:02"), (&a2, "14h7")]).await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains(&format!("id=\"f-d-{sarah}-error\"")) && body.contains(&format!("id=\"f-a-{lea}-error\"")));
    assert!(body.contains("value=\"14h7\""), "what was typed is kept");
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM attendance WHERE session_id = $1", f.past).await, 0);
    // 14:02 to 16:00, and Léa excused.
    let r = post(&app, &c, &page, &page, &[(&a, "14:02"), (&d, "16:00"), (&x, "1"), (&a2, ""), (&d2, "")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let att = programs::cohort_attendance(&app.state.db, f.cohort_id).await.unwrap();
    let s = att.iter().find(|a| a.participant_id == sarah).unwrap();
    assert_eq!(s.minutes(), 118);
    assert!(att.iter().find(|a| a.participant_id == lea).unwrap().excused);
    let shown = c.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("(118 min)"), "{shown}");
    assert!(
        shown.contains(&format!("id=\"f-a-{sarah}\" name=\"a-{sarah}\" type=\"time\" value=\"14:02\"")),
        "the time comes back in its field"
    );
}

/// Everything a mentor's link reaches, as text: the page (before and after logging a meeting)
/// and the e-mail that carries the link.
async fn mentor_reach(app: &TestApp, token: &str, mentor_email: &str) -> String {
    let c = client();
    let page = c.get(app.url(&format!("/programmes/mentorat/{token}"))).send().await.unwrap().text().await.unwrap();
    let mail: Vec<String> = sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE to_address = $1")
        .bind(mentor_email.to_string())
        .fetch_all(app.state.db.writer())
        .await
        .unwrap();
    format!("{page}\n{}", mail.join("\n"))
}

#[tokio::test]
async fn a_mentor_sees_first_names_only_and_no_longer_sees_her_once_her_guardian_withdraws() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (club_id, slug) = club_slug(&app, f.cohort_id).await;
    // Seeded with what must never reach a mentor.
    let lina = apply(&app, f.cohort_id, "Lina", "2011-03-10", 15).await;
    let db = &app.state.db;
    let mut tx = db.begin().await.unwrap();
    let mentor_id = mentors::upsert_mentor(&mut tx, club_id, "Claire Vasseur", "claire@entreprise.test", app.state.now()).await.unwrap();
    // Pending consent: no pairing.
    assert!(!mentors::pair(&mut tx, mentor_id, lina, app.state.now()).await.unwrap());
    tx.commit().await.unwrap();
    consent(&app, lina, f.text(ConsentKind::Participation), Giver::Guardian, "Nadia Benali", true).await;
    // Staff pair her through the record's form; the mentor gets her link by e-mail.
    let c = staff(&app, "equipe@club.test", Role::ClubAdmin, Some(&slug)).await;
    let record = format!("/admin/programmes/participantes/{lina}");
    let mentor = mentor_id.to_string();
    let r = post(&app, &c, &record, &format!("{record}/mentor"), &[("mentor", &mentor)]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("ok=paired"));
    let cohort_mentors = format!("/admin/programmes/cohortes/{}/mentors", f.cohort_id);
    let r = post(&app, &c, &cohort_mentors, &format!("{cohort_mentors}/{mentor_id}/lien"), &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    let token: String = {
        let body: String =
            sqlx::query_scalar("SELECT text_body FROM mail_outbox WHERE to_address = 'claire@entreprise.test' ORDER BY id DESC")
                .fetch_one(db.writer())
                .await
                .unwrap();
        let i = body.find("/programmes/mentorat/").unwrap() + "/programmes/mentorat/".len();
        body[i..].split_whitespace().next().unwrap().to_string()
    };
    let page_path = format!("/programmes/mentorat/{token}");
    let page = client().get(app.url(&page_path)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<h2 id=\"m-") && page.contains(">Lina</h2>"), "{page}");
    // She logs a meeting (a bad duration first: said, kept).
    let mc = client();
    let csrf = extract_csrf(&mc.get(app.url(&page_path)).send().await.unwrap().text().await.unwrap()).unwrap();
    let pair = mentors::mentees(db, mentor_id).await.unwrap()[0].pair_id.to_string();
    let r = mc
        .post(app.url(&page_path))
        .form(&[("csrf", csrf.as_str()), ("pair", &pair), ("held_on", "2026-11-04"), ("minutes", "beaucoup"), ("note", "Elle hésite.")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("Elle hésite."));
    let r = mc
        .post(app.url(&page_path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("pair", &pair),
            ("held_on", "2026-11-04"),
            ("minutes", "60"),
            ("note", "Elle hésite entre design et code."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    // The note is for staff only: on her record, not on the mentor's page.
    assert!(c.get(app.url(&record)).send().await.unwrap().text().await.unwrap().contains("Elle hésite entre design et code."));
    // Nothing a mentor reaches holds her surname, e-mail, phone or date of birth (nor her
    // guardian's), whatever the page.
    let reach = mentor_reach(&app, &token, "claire@entreprise.test").await;
    for secret in ["Benali", "lina@famille.test", "nadia.benali@famille.test", "06 12 34 56 78", "2011-03-10", "10/03/2011", "10 mars 2011"]
    {
        assert!(!reach.contains(secret), "a mentor's page shows {secret}");
    }
    assert!(!reach.contains("Elle hésite entre design et code."), "the note is seen by staff only");

    // Her guardian withdraws: on the next request the mentor no longer sees her, nor logs.
    let mut tx = db.begin().await.unwrap();
    programs::withdraw_consent(&mut tx, lina, ConsentKind::Participation, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    let page = client().get(app.url(&page_path)).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains(">Lina</h2>"), "{page}");
    // (The page has no form left: the token read before is sent, as a stale tab would.)
    let r = mc
        .post(app.url(&page_path))
        .form(&[("csrf", csrf.as_str()), ("pair", &pair), ("held_on", "2026-11-05"), ("minutes", "30"), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM mentor_meetings WHERE pair_id = $1", pair.parse().unwrap()).await, 1);

    // The mentor's own data: found by the kit's export, and erased with their link.
    let modules = &app.state.modules;
    let found = essaim::core::people::find(db, modules, "claire@entreprise.test").await.unwrap();
    let text = found.to_json(app.state.now()).to_string();
    assert!(text.contains("Claire Vasseur") && text.contains("2026-11-04"), "{text}");
    essaim::core::people::erase(db, modules, &app.state.config.data_dir, "claire@entreprise.test", app.state.now()).await.unwrap();
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM program_mentors WHERE id = $1", mentor_id).await, 0);
    assert_eq!(client().get(app.url(&page_path)).send().await.unwrap().status().as_u16(), 404);
}

async fn token_of(app: &TestApp, email: &str) -> String {
    let db = &app.state.db;
    let uid = essaim::modules::network::user_id_by_email(db, email).await.unwrap().unwrap();
    essaim::modules::network::issue_api_token(db, uid, "test", uid, app.state.now()).await.unwrap().1
}

async fn api(app: &TestApp, method: reqwest::Method, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
    let mut r = reqwest::Client::new().request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_staff_api_reads_cohorts_and_records_attendance_all_or_nothing() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (_, slug) = club_slug(&app, f.cohort_id).await;
    let other = crate::common::surveys::clubs(&app, 1).await[0];
    let other_slug = essaim::modules::network::get_club(&app.state.db, other).await.unwrap().unwrap().slug;
    let sarah = apply(&app, f.cohort_id, "Sarah", "2010-05-02", 16).await;
    consent(&app, sarah, f.text(ConsentKind::Participation), Giver::Guardian, "Paul Martin", true).await;
    let mut tx = app.state.db.begin().await.unwrap();
    programs::place(&mut tx, f.past, sarah, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    app.user("equipe@club.test", Role::ClubAdmin, Some(&slug)).await;
    app.user("autre@club.test", Role::ClubAdmin, Some(&other_slug)).await;
    let (mine, theirs) = (token_of(&app, "equipe@club.test").await, token_of(&app, "autre@club.test").await);
    let get = reqwest::Method::GET;
    let (s, list) = api(&app, get.clone(), "/api/v1/programs/cohorts", &mine, None).await;
    assert_eq!(s, 200);
    assert_eq!(list["data"][0]["id"], f.cohort_id);
    let (_, list) = api(&app, get.clone(), "/api/v1/programs/cohorts", &theirs, None).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0);
    let path = format!("/api/v1/programs/cohorts/{}", f.cohort_id);
    assert_eq!(api(&app, get.clone(), &path, &theirs, None).await.0, 403);
    let (s, cohort) = api(&app, get.clone(), &path, &mine, None).await;
    assert_eq!(s, 200);
    assert_eq!(cohort["participants"][0]["last_name"], "Benali");
    assert_eq!(cohort["participants"][0]["consent_complete"], true);
    assert_eq!(cohort["sessions"].as_array().unwrap().len(), 4);
    // Attendance: a bad record makes the whole request 422, nothing written.
    let att = format!("/api/v1/programs/sessions/{}/attendance", f.past);
    let session = programs::session(&app.state.db, f.past).await.unwrap().unwrap();
    let at = |minutes: i64| essaim::core::api::rfc3339(session.starts_at + minutes * 60);
    let put = reqwest::Method::PUT;
    let (s, err) = api(
        &app,
        put.clone(),
        &att,
        &mine,
        Some(json!({ "records": [{ "participant_id": sarah, "arrived_at": at(2), "left_at": at(120) }, { "participant_id": 999_999, "excused": true }] })),
    )
    .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["error"]["fields"][0]["field"], "records[1].participant_id");
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM attendance WHERE session_id = $1", f.past).await, 0);
    let (s, err) =
        api(&app, put.clone(), &att, &mine, Some(json!({ "records": [{ "participant_id": sarah, "arrived_at": "demain" }] }))).await;
    assert_eq!((s, err["error"]["fields"][0]["field"].as_str()), (422, Some("records[0].arrived_at")));
    assert_eq!(api(&app, put.clone(), &att, &theirs, Some(json!({ "records": [] }))).await.0, 403);
    // She attended every other session: this record completes her path, and her badge is issued.
    let mut tx = app.state.db.begin().await.unwrap();
    for s in [f.next[0], f.next[1], f.last] {
        programs::place(&mut tx, s, sarah, app.state.now()).await.unwrap();
        let starts = programs::session(&app.state.db, s).await.unwrap().unwrap().starts_at;
        let a = programs::Attendance {
            session_id: s,
            participant_id: sarah,
            arrived_at: Some(starts),
            left_at: Some(starts + 3600),
            excused: false,
        };
        programs::record_attendance(&mut tx, &a, app.state.now()).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert!(programs::badges::for_participant(&app.state.db, sarah).await.unwrap().is_none());
    let (s, done) =
        api(&app, put, &att, &mine, Some(json!({ "records": [{ "participant_id": sarah, "arrived_at": at(2), "left_at": at(120) }] })))
            .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["data"][0]["minutes"], 118);
    assert_eq!(api(&app, get, &att, &mine, None).await.1["data"][0]["minutes"], 118);
    assert!(programs::badges::for_participant(&app.state.db, sarah).await.unwrap().is_some(), "completing the path issues her badge");
    assert!(audit_count(&app, "programs.api.view").await >= 3);
}

#[tokio::test]
async fn image_rights_withdrawn_withhold_her_pictures_from_the_public_at_once() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (club_id, slug) = club_slug(&app, f.cohort_id).await;
    let sarah = apply(&app, f.cohort_id, "Sarah", "2010-05-02", 16).await;
    consent(&app, sarah, f.text(ConsentKind::Participation), Giver::Guardian, "Paul Martin", true).await;
    consent(&app, sarah, f.text(ConsentKind::Image), Giver::Guardian, "Paul Martin", true).await;
    let png = crate::common::png::huge_png(40, 30);
    let prepared = essaim::core::media::prepare(&png).unwrap();
    let media = essaim::core::media::store(&app.state.db, prepared, "atelier.png", "L’atelier", Some(club_id), None, app.state.now())
        .await
        .unwrap();
    // Another club's picture cannot be linked (nor, through her, withheld).
    let other = crate::common::surveys::clubs(&app, 1).await[0];
    let theirs = essaim::core::media::prepare(&crate::common::png::huge_png(30, 20)).unwrap();
    let theirs =
        essaim::core::media::store(&app.state.db, theirs, "autre.png", "Ailleurs", Some(other), None, app.state.now()).await.unwrap();
    let c = staff(&app, "equipe@club.test", Role::ClubAdmin, Some(&slug)).await;
    let record = format!("/admin/programmes/participantes/{sarah}");
    let r = post(&app, &c, &record, &format!("{record}/photos"), &[("media", &theirs.id.to_string())]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("erreur=picture"));
    let id = media.id.to_string();
    let r = post(&app, &c, &record, &format!("{record}/photos"), &[("media", &id)]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("ok=picture"));
    let url = app.url(&media.url());
    let r = client().get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["cache-control"], "public, no-cache", "a picture of her is never cached as immutable");
    let mut tx = app.state.db.begin().await.unwrap();
    programs::withdraw_consent(&mut tx, sarah, ConsentKind::Image, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(client().get(&url).send().await.unwrap().status().as_u16(), 404, "withheld on the next request");
    let shown = c.get(app.url(&record)).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("à supprimer depuis le"), "flagged for removal on her record");
    // She still takes part: image rights are never required.
    assert_eq!(programs::enrolled(&app.state.db, f.cohort_id).await.unwrap(), 1);
}

#[tokio::test]
async fn a_club_opens_a_cohort_from_the_program_s_template_and_adapts_its_sessions() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (club_id, slug) = club_slug(&app, f.cohort_id).await;
    let program_id = programs::cohort(&app.state.db, f.cohort_id).await.unwrap().unwrap().program_id;
    // A path of two steps, so that the second falls after the clocks go back (31 October 2027).
    sqlx::query(
        "UPDATE programs SET path = '[{\"kind\":\"workshop\",\"title\":\"Atelier\",\"skills\":[],\"minutes\":120},\
         {\"kind\":\"final\",\"title\":\"Cérémonie\",\"skills\":[],\"minutes\":90}]' WHERE id = $1",
    )
    .bind(program_id)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    let c = staff(&app, "direction@club.test", Role::ClubAdmin, Some(&slug)).await;
    let new = "/admin/programmes/promotions/nouvelle";
    let (program, club) = (program_id.to_string(), club_id.to_string());
    let form = |year: &'static str, ends: &'static str| {
        vec![
            ("program", program.clone()),
            ("club", club.clone()),
            ("school_year", year.to_string()),
            ("capacity", "14".to_string()),
            ("starts_on", "2027-09-15".to_string()),
            ("ends_on", ends.to_string()),
            ("first_session", "2027-10-06T14:00".to_string()),
        ]
    };
    let app = &app;
    let send = |fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        async move {
            let csrf = app.csrf(&c, new).await;
            let mut all: Vec<(&str, String)> = vec![("csrf", csrf)];
            all.extend(fields);
            c.post(app.url(new)).form(&all).send().await.unwrap()
        }
    };
    // The end before the start, a year that is not one: said, kept, nothing written.
    let r = send(form("2027/28", "2027-06-01")).await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"f-school_year-error\"") && body.contains("id=\"f-ends_on-error\"") && body.contains("value=\"2027/28\""));
    let r = send(form("2027-2028", "2028-06-23")).await;
    assert_eq!(r.status().as_u16(), 303);
    let cohort = programs::cohorts(&app.state.db, program_id).await.unwrap().into_iter().find(|c| c.school_year == "2027-2028").unwrap();
    assert_eq!((cohort.club_id, cohort.capacity), (club_id, 14));
    // The template's steps, four weeks apart at the same local time across the change of clocks.
    let sessions = programs::sessions(&app.state.db, cohort.id).await.unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].title, "Atelier");
    assert_eq!(sessions[0].ends_at - sessions[0].starts_at, 120 * 60);
    let local = |t: i64| jiff::Timestamp::from_second(t).unwrap().to_zoned(app.state.tz.clone()).strftime("%Y-%m-%d %H:%M").to_string();
    assert_eq!(local(sessions[0].starts_at), "2027-10-06 14:00");
    assert_eq!(local(sessions[1].starts_at), "2027-11-03 14:00");
    // The same year again: said next to the year.
    let r = send(form("2027-2028", "2028-06-23")).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("id=\"f-school_year-error\""));
    // Another club's administrator cannot open it for this club.
    let other = crate::common::surveys::clubs(app, 1).await[0];
    let other_slug = essaim::modules::network::get_club(&app.state.db, other).await.unwrap().unwrap().slug;
    let o = staff(app, "autre@club.test", Role::ClubAdmin, Some(&other_slug)).await;
    let csrf = app.csrf(&o, new).await;
    let mut fields: Vec<(&str, String)> = vec![("csrf", csrf)];
    fields.extend(form("2028-2029", "2029-06-23"));
    let r = o.post(app.url(new)).form(&fields).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    // Adapting a session: place and lead; the end before the start refused.
    let edit = format!("/admin/programmes/seances/{}/modifier", sessions[0].id);
    let r = post(
        app,
        &c,
        &edit,
        &edit,
        &[("kind", "visit"), ("title", "Visite chez un partenaire"), ("starts_at", "2027-10-06T14:00"), ("ends_at", "2027-10-06T13:00")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 422);
    let r = post(
        app,
        &c,
        &edit,
        &edit,
        &[
            ("kind", "visit"),
            ("title", "Visite chez un partenaire"),
            ("starts_at", "2027-10-06T13:30"),
            ("ends_at", "2027-10-06T16:30"),
            ("place", "Campus Numérique, Saint-Denis"),
            ("lead", "Claire Vasseur"),
        ],
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);
    let s = programs::session(&app.state.db, sessions[0].id).await.unwrap().unwrap();
    assert_eq!(
        (s.kind, s.place.as_str(), s.ends_at - s.starts_at),
        (programs::SessionKind::Visit, "Campus Numérique, Saint-Denis", 3 * 3600)
    );
    assert_eq!(o.get(app.url(&edit)).send().await.unwrap().status().as_u16(), 403);
}
