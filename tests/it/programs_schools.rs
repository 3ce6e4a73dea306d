//! Actions in schools and the programs' reports (SQLite, or PostgreSQL when
//! ESSAIM_TEST_DATABASE_URL is set): a club's staff record, correct and delete their club's
//! actions (another club's: 403), bad input keeps what was typed; the pupils reached per club,
//! for the network and on the program's public page and API; the demo reaches more than a
//! thousand pupils this school year; the report counts a small fixture exactly, its CSV and
//! XLSX download, and a cohort's participants' export is for that club's staff only and
//! written in the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use essaim::core::auth::Role;
use essaim::modules::programs::schools::{self, ActionInput};
use essaim::modules::programs::{
    self, Attendance, CohortInput, CompletionRule, ConsentKind, Gender, Giver, ParticipantInput, PathStep, ProgramInput, SessionInput,
    SessionKind, Status,
};

use crate::common::{TestApp, extract_csrf};

const DAY: i64 = 86_400;

/// Two clubs with known slugs: (id, slug) each.
async fn two_clubs(app: &TestApp) -> [(i64, String); 2] {
    let suffix = essaim::core::auth::random_token().to_lowercase().replace(['-', '_'], "")[..8].to_string();
    let mut out = vec![];
    for name in ["Club Est", "Club Ouest"] {
        let slug = format!("{}-{suffix}", name.to_lowercase().replace(' ', "-"));
        let id: i64 = sqlx::query_scalar("INSERT INTO clubs (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(slug.clone())
            .bind(format!("{name} {suffix}"))
            .bind(app.state.now())
            .fetch_one(app.state.db.writer())
            .await
            .unwrap();
        out.push((id, slug));
    }
    out.try_into().unwrap()
}

async fn staff(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> reqwest::Client {
    app.user(email, role, club).await;
    app.session_client(email).await
}

/// A day this school year (UTC): yesterday.
fn yesterday(app: &TestApp) -> String {
    programs::model::utc_date(app.state.now() - DAY)
}

fn this_year(app: &TestApp) -> String {
    schools::school_year_at(app.state.now(), &jiff::tz::TimeZone::UTC)
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    c.post(app.url(path)).form(form).send().await.unwrap()
}

async fn program(app: &TestApp, slug: &str, clubs: &[i64]) -> i64 {
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let id = programs::insert_program(
        &mut tx,
        &ProgramInput {
            slug: slug.into(),
            title: "Exploratrices du numérique".into(),
            summary: "Un parcours".into(),
            age_min: 14,
            age_max: 17,
            rule: CompletionRule::default(),
            path: vec![PathStep { kind: SessionKind::Workshop, title: "Atelier".into(), skills: vec![], minutes: 120 }],
            retention_days: 730,
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    for c in clubs {
        programs::open_in_club(&mut tx, id, *c, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    id
}

async fn action(app: &TestApp, club_id: i64, program_id: Option<i64>, held_on: &str, girls: i64, boys: i64) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let input = ActionInput {
        club_id,
        program_id,
        school: "Collège Jean-Jaurès".into(),
        town: "Montreuil".into(),
        level: "4e".into(),
        held_on: held_on.into(),
        girls,
        boys,
        volunteers: 3,
    };
    let id = schools::insert_action(&mut tx, &input, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn a_club_s_staff_record_correct_and_delete_their_actions_and_not_another_club_s() {
    let app = TestApp::spawn().await;
    let [(a, a_slug), (_b, b_slug)] = two_clubs(&app).await;
    let alice = staff(&app, "alice@club-est.test", Role::ClubAdmin, Some(&a_slug)).await;
    let bruno = staff(&app, "bruno@club-ouest.test", Role::Editor, Some(&b_slug)).await;
    let day = yesterday(&app);
    let (status, page) = get(&app, &alice, "/admin/programmes/actions/nouvelle").await;
    assert_eq!(status, 200, "{page}");
    let csrf = extract_csrf(&page).unwrap();
    let a_id = a.to_string();
    let good = [
        ("csrf", csrf.as_str()),
        ("club", a_id.as_str()),
        ("program", ""),
        ("school", "Collège Pablo-Neruda"),
        ("town", "Pierrefitte-sur-Seine"),
        ("level", "3e"),
        ("held_on", day.as_str()),
        ("girls", "13"),
        ("boys", "11"),
        ("volunteers", "2"),
    ];
    // Bad numbers and a date that does not exist: the form again, values kept, no 500.
    let mut bad = good;
    bad[7] = ("girls", "douze");
    bad[8] = ("boys", "-4");
    bad[6] = ("held_on", "2026-13-45");
    let r = post(&app, &alice, "/admin/programmes/actions/nouvelle", &bad).await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("value=\"douze\"") && body.contains("value=\"-4\"") && body.contains("value=\"2026-13-45\""), "{body}");
    assert!(body.contains("Collège Pablo-Neruda"));
    assert!(body.contains("Indiquez un nombre entier") && body.contains("Indiquez une date qui existe"), "{body}");
    // In English too.
    let r = alice.post(app.url("/admin/programmes/actions/nouvelle")).header("accept-language", "en").form(&bad).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("Give a whole number") && body.contains("value=\"douze\""), "{body}");
    // Malformed everything (a club that is not a number, huge numbers, no pupils): still a form.
    for (field, value) in [("club", "abc"), ("girls", "99999999999999999999999"), ("level", "cp"), ("girls", "0")] {
        let mut f = good;
        let i = f.iter().position(|(k, _)| *k == field).unwrap();
        f[i] = (field, value);
        if field == "girls" && value == "0" {
            f[8] = ("boys", "");
        }
        let r = post(&app, &alice, "/admin/programmes/actions/nouvelle", &f).await;
        assert_eq!(r.status().as_u16(), 422, "{field}={value}");
        assert!(r.text().await.unwrap().contains("aria-invalid=\"true\""));
    }
    // Another club's id in the form: refused next to the field.
    let b_id = _b.to_string();
    let mut other = good;
    other[1] = ("club", b_id.as_str());
    assert_eq!(post(&app, &alice, "/admin/programmes/actions/nouvelle", &other).await.status().as_u16(), 422);
    // Without the CSRF token: refused.
    let mut no_csrf = good;
    no_csrf[0] = ("csrf", "x");
    assert_ne!(post(&app, &alice, "/admin/programmes/actions/nouvelle", &no_csrf).await.status().as_u16(), 303);

    let r = post(&app, &alice, "/admin/programmes/actions/nouvelle", &good).await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains(&format!("annee={}", this_year(&app))), "{location}");
    let list = schools::actions(&app.state.db, &this_year(&app)).await.unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0].id;
    assert_eq!((list[0].girls, list[0].boys, list[0].level.as_str(), list[0].club_id), (13, 11, "3e", a));
    let (_, page) = get(&app, &alice, &location).await;
    assert!(page.contains("Collège Pablo-Neruda") && page.contains("L’action est enregistrée."));

    // Edit: kept values on error, saved otherwise.
    let path = format!("/admin/programmes/actions/{id}");
    let (status, page) = get(&app, &alice, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("value=\"13\""));
    let mut edit = good;
    edit[6] = ("held_on", "hier");
    let r = post(&app, &alice, &path, &edit).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("value=\"hier\""));
    edit[6] = ("held_on", day.as_str());
    edit[8] = ("boys", "15");
    assert_eq!(post(&app, &alice, &path, &edit).await.status().as_u16(), 303);
    assert_eq!(schools::action(&app.state.db, id).await.unwrap().unwrap().boys, 15);

    // Another club's staff: not in their list, 403 on every page of it.
    let (_, theirs) = get(&app, &bruno, "/admin/programmes/actions").await;
    assert!(!theirs.contains("Collège Pablo-Neruda"));
    let csrf_b = extract_csrf(&theirs).unwrap_or_default();
    let mut forged = good;
    forged[0] = ("csrf", csrf_b.as_str());
    assert_eq!(get(&app, &bruno, &path).await.0, 403);
    assert_eq!(post(&app, &bruno, &path, &forged).await.status().as_u16(), 403);
    assert_eq!(get(&app, &bruno, &format!("{path}/supprimer")).await.0, 403);
    assert_eq!(post(&app, &bruno, &format!("{path}/supprimer"), &[("csrf", &csrf_b)]).await.status().as_u16(), 403);
    assert_eq!(get(&app, &alice, "/admin/programmes/actions/999999").await.0, 404);
    assert_eq!(get(&app, &alice, "/admin/programmes/actions/abc").await.0 / 100, 4);

    // Delete, after a confirmation page.
    let (status, page) = get(&app, &alice, &format!("{path}/supprimer")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Supprimer l’action"));
    assert_eq!(post(&app, &alice, &format!("{path}/supprimer"), &[("csrf", &csrf)]).await.status().as_u16(), 303);
    assert!(schools::action(&app.state.db, id).await.unwrap().is_none());
}

#[tokio::test]
async fn pupils_reached_per_club_for_the_network_and_on_the_program_s_page_and_api() {
    let app = TestApp::spawn().await;
    let [(a, a_slug), (b, _)] = two_clubs(&app).await;
    let slug = format!("exploratrices-{a}");
    let p = program(&app, &slug, &[a, b]).await;
    let day = yesterday(&app);
    action(&app, a, Some(p), &day, 10, 12).await;
    action(&app, a, None, &day, 5, 5).await;
    action(&app, b, Some(p), &day, 20, 0).await;
    // Last school year: not counted this year.
    let last = programs::model::utc_date(app.state.now() - 400 * DAY);
    action(&app, a, Some(p), &last, 50, 50).await;
    let year = this_year(&app);
    let by_club = schools::reached_by_club(&app.state.db, &year).await.unwrap();
    let of = |id: i64| by_club.iter().find(|(c, _, _)| *c == id).unwrap().2;
    assert_eq!((of(a).girls, of(a).boys, of(a).pupils(), of(a).actions), (15, 17, 32, 2));
    assert_eq!(of(b).pupils(), 20);
    let network = schools::network_reached(&app.state.db, &year).await.unwrap();
    assert_eq!((network.girls, network.boys, network.pupils()), (35, 17, 52));
    assert_eq!(schools::program_reached(&app.state.db, p, &year).await.unwrap().pupils(), 42);

    // The back office: the network administrator sees the network's total, a club's staff their club only.
    let admin = staff(&app, "reseau@schools.test", Role::NetworkAdmin, None).await;
    let (status, page) = get(&app, &admin, "/admin/programmes/actions").await;
    assert_eq!(status, 200);
    let total = &page[page.find("id=\"network-reached\"").expect("network total")..];
    assert!(total[..200].contains("<strong>52</strong>"), "{}", &total[..200]);
    let alice = staff(&app, "alice@club-est.test", Role::ClubAdmin, Some(&a_slug)).await;
    let (_, mine) = get(&app, &alice, "/admin/programmes/actions").await;
    assert!(!mine.contains("network-reached"));
    assert!(mine.contains("<td>32</td>") && !mine.contains("<td>20</td>"), "{mine}");
    // Last year's, asked for.
    let last_year = schools::school_year_of(&last).unwrap();
    let (_, old) = get(&app, &admin, &format!("/admin/programmes/actions?annee={last_year}")).await;
    assert!(old[old.find("id=\"network-reached\"").unwrap()..].contains("<strong>100</strong>"));
    // A year that is not one: this year's.
    assert_eq!(get(&app, &admin, "/admin/programmes/actions?annee=%27x").await.0, 200);

    // The public figure.
    app.state.pages.changed_all(&app.state.db).await;
    let detail: serde_json::Value = app.get(&format!("/api/v1/programs/{slug}")).await.json().await.unwrap();
    assert_eq!(detail["figures"]["pupils_reached"], 42, "{detail}");
    let (_, page) = app.get_text(&format!("/programmes/{slug}")).await;
    let fig = &page[page.find("id=\"figure-pupils-reached\"").expect("figure")..];
    assert!(fig[..120].contains("<strong>42</strong>"), "{}", &fig[..120]);
    let (_, list) = app.get_text("/programmes").await;
    assert!(list[list.find("id=\"pupils-reached\"").unwrap()..].contains("<strong>52</strong>"));
    let openapi: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(openapi.to_string().contains("pupils_reached"));
}

#[tokio::test]
async fn the_demo_reaches_more_than_a_thousand_pupils_this_school_year() {
    let app = TestApp::spawn_demo().await;
    let year = schools::school_year_at(app.state.now(), &app.state.tz);
    let network = schools::network_reached(&app.state.db, &year).await.unwrap();
    assert!(network.pupils() > 1000, "{network:?}");
    assert!(network.actions >= 30);
    let by_club = schools::reached_by_club(&app.state.db, &year).await.unwrap();
    assert_eq!(by_club.len(), 3);
    let last = schools::school_year_of(&programs::model::utc_date(app.state.now() - 365 * DAY)).unwrap();
    assert!(schools::network_reached(&app.state.db, &last).await.unwrap().actions > 0);
    // Never in the future.
    let today = programs::model::utc_date(app.state.now() + DAY);
    assert!(schools::actions(&app.state.db, &year).await.unwrap().iter().all(|a| a.held_on <= today));
    let detail: serde_json::Value = app.get("/api/v1/programs/exploratrices-du-numerique").await.json().await.unwrap();
    assert!(detail["figures"]["pupils_reached"].as_i64().unwrap() > 1000, "{detail}");
    let admin = staff(&app, "reseau@demo-schools.test", Role::NetworkAdmin, None).await;
    let (status, page) = get(&app, &admin, "/admin/programmes/actions").await;
    assert_eq!(status, 200);
    assert!(page.contains("Lycée Paul-Éluard") || page.contains("Collège Jean-Macé"));
    let (status, report) = get(&app, &admin, "/admin/programmes/rapports").await;
    assert_eq!(status, 200);
    assert!(report.contains("data-level=\"network\""));
}

struct Cohort {
    id: i64,
    label: String,
}

/// A cohort this school year, four sessions all held (the last one the final event), and
/// five participants: Lina (girl, 14, every consent, came to all four: completed), Hugo (boy,
/// 16, consent, came to two), Inès (girl, 15, selected, no consent: pending), Sam (other, 17,
/// consent, on the waiting list), and one declined.
async fn reported(app: &TestApp, club: i64, year: &str) -> Cohort {
    let now = app.state.now();
    let p = program(app, &format!("rapport-{club}"), &[club]).await;
    let texts = programs::current_texts(&app.state.db, p).await.unwrap();
    assert!(texts.is_empty());
    let mut tx = app.state.db.begin().await.unwrap();
    let participation = programs::add_text(&mut tx, p, ConsentKind::Participation, "J’autorise.", now).await.unwrap();
    let own = programs::add_text(&mut tx, p, ConsentKind::Own, "J’accepte.", now).await.unwrap();
    let label = format!("Promotion test {club}");
    let cohort = programs::insert_cohort(
        &mut tx,
        &CohortInput {
            program_id: p,
            club_id: club,
            school_year: year.into(),
            label: label.clone(),
            capacity: 20,
            starts_on: now - 60 * DAY,
            ends_on: now + 100 * DAY,
        },
        now,
    )
    .await
    .unwrap();
    let mut sessions = vec![];
    for (i, kind) in [SessionKind::Workshop, SessionKind::Workshop, SessionKind::Coaching, SessionKind::Final].into_iter().enumerate() {
        let at = now - (40 - i as i64 * 7) * DAY;
        let input = SessionInput {
            kind,
            title: "Séance".into(),
            starts_at: at,
            ends_at: at + 7200,
            place: String::new(),
            lead: String::new(),
            skills: vec![],
        };
        sessions.push((programs::insert_session(&mut tx, cohort, &input).await.unwrap(), at));
    }
    let people = [
        ("Lina", "2012-03-10", Gender::Girl, 14, Status::Selected, true, 4),
        ("Hugo", "2010-01-10", Gender::Boy, 16, Status::Selected, true, 2),
        ("Inès", "2011-01-10", Gender::Girl, 15, Status::Selected, false, 0),
        ("Sam", "2009-01-10", Gender::Other, 17, Status::Waiting, true, 0),
        ("=1+1", "2010-01-10", Gender::Girl, 16, Status::Declined, false, 0),
    ];
    for (first, birth, gender, age, status, consent, came) in people {
        let id = programs::insert_participant(
            &mut tx,
            cohort,
            &ParticipantInput {
                first_name: first.into(),
                last_name: "Benali".into(),
                birth_date: birth.into(),
                gender,
                email: String::new(),
                phone: String::new(),
                guardian_name: "Nadia Benali".into(),
                guardian_email: "nadia@famille.test".into(),
            },
            age,
            now,
        )
        .await
        .unwrap();
        programs::set_status(&mut tx, id, status, now).await.unwrap();
        if consent {
            programs::record_consent(&mut tx, id, &participation, Giver::Guardian, "Nadia Benali", true, now).await.unwrap();
            if age < 15 {
                programs::record_consent(&mut tx, id, &own, Giver::Participant, first, true, now).await.unwrap();
            }
        }
        for (session, at) in sessions.iter().take(came) {
            assert_eq!(programs::place(&mut tx, *session, id, now).await.unwrap(), programs::Placed::Placed);
            let a =
                Attendance { session_id: *session, participant_id: id, arrived_at: Some(*at), left_at: Some(at + 7000), excused: false };
            assert!(programs::record_attendance(&mut tx, &a, now).await.unwrap());
        }
    }
    tx.commit().await.unwrap();
    // The club's actions in schools: 15 pupils for the program, 6 for none.
    let day = yesterday(app);
    action(app, club, Some(p), &day, 10, 5).await;
    action(app, club, None, &day, 3, 3).await;
    Cohort { id: cohort, label }
}

fn csv_rows(body: &str) -> Vec<Vec<String>> {
    body.trim_start_matches('\u{feff}').lines().map(|l| l.split(';').map(|c| c.trim_matches('"').to_string()).collect()).collect()
}

#[tokio::test]
async fn the_report_counts_a_small_fixture_exactly_and_exports_it() {
    let app = TestApp::spawn().await;
    let [(a, a_slug), (_b, b_slug)] = two_clubs(&app).await;
    let year = this_year(&app);
    let cohort = reported(&app, a, &year).await;
    let admin = staff(&app, "reseau@rapports.test", Role::NetworkAdmin, None).await;
    let (status, page) = get(&app, &admin, &format!("/admin/programmes/rapports?annee={year}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(&cohort.label) && page.contains("data-level=\"network\""));
    assert!(page.contains("<td>75 %</td>"), "{page}");

    let r = admin.get(app.url(&format!("/admin/programmes/rapports.csv?annee={year}"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let rows = csv_rows(&r.text().await.unwrap());
    let row = rows.iter().find(|r| r[3] == cohort.label).expect("the cohort's row");
    // applicants, selected, enrolled, consent complete, pending, waiting, sessions held,
    // attendance %, completed, on track, girls, boys, other, unsaid, <14, 14, 15, 16, 17, 18+,
    // reached girls, boys, total.
    let expected = ["4", "3", "2", "3", "1", "1", "4", "75", "1", "1", "1", "1", "0", "0", "0", "1", "0", "1", "0", "0", "10", "5", "15"];
    assert_eq!(&row[4..], &expected, "{row:?}");
    let club = rows.iter().find(|r| r[0] == "club" && r[1].starts_with("Club Est")).expect("the club's row");
    assert_eq!(&club[4..7], &["4", "3", "2"]);
    assert_eq!(&club[24..], &["13", "8", "21"]);
    let network = rows.iter().find(|r| r[0] == "réseau").expect("the network's row");
    assert_eq!(&network[6..7], &["2"]);
    assert_eq!(&network[24..], &["13", "8", "21"]);

    let r = admin.get(app.url(&format!("/admin/programmes/rapports.xlsx?annee={year}"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));

    // Another club's staff: neither this club's rows nor the network's.
    let bruno = staff(&app, "bruno@club-ouest.test", Role::ClubAdmin, Some(&b_slug)).await;
    let r = bruno.get(app.url(&format!("/admin/programmes/rapports.csv?annee={year}"))).send().await.unwrap();
    let theirs = csv_rows(&r.text().await.unwrap());
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    let (_, page) = get(&app, &bruno, "/admin/programmes/rapports").await;
    assert!(!page.contains(&cohort.label) && !page.contains("data-level=\"network\""));

    // The participants' export: that club's staff and network administrators only, audited.
    let path = format!("/admin/programmes/cohortes/{}/participantes", cohort.id);
    for ext in ["csv", "xlsx"] {
        assert_eq!(get(&app, &bruno, &format!("{path}.{ext}")).await.0, 403);
    }
    let alice = staff(&app, "alice@club-est.test", Role::ClubAdmin, Some(&a_slug)).await;
    let r = alice.get(app.url(&format!("{path}.csv"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().await.unwrap();
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 6, "{body}");
    let lina = rows.iter().find(|r| r[0] == "Lina").unwrap();
    assert_eq!(lina[1..], ["Benali", "14", "Fille", "Retenue", "oui", "100", "oui"]);
    let hugo = rows.iter().find(|r| r[0] == "Hugo").unwrap();
    assert_eq!(hugo[5..], ["oui", "50", "non"]);
    let ines = rows.iter().find(|r| r[0] == "Inès").unwrap();
    assert_eq!(ines[5], "non");
    // A name that a spreadsheet would read as a formula is neutralised.
    assert!(body.contains("'=1+1;Benali"), "{body}");
    let r = admin.get(app.url(&format!("{path}.xlsx"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let logged: Vec<(String, String)> =
        sqlx::query_as("SELECT actor_name, detail FROM audit_log WHERE action = 'programs.participants.export' ORDER BY id")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(logged[0].1.contains("format=csv") && logged[0].1.contains("rows=5"));
    assert!(logged[1].1.contains("format=xlsx"));
    assert_eq!(get(&app, &admin, "/admin/programmes/cohortes/999999/participantes.csv").await.0, 404);
    // Not signed in: no report.
    assert_ne!(app.get("/admin/programmes/rapports").await.status().as_u16(), 200);
}
