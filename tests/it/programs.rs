//! The programs' store (SQLite, or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set): a
//! participant pending consent cannot be placed in a session until every consent their age
//! calls for is stored with the text's version, the time and who gave it; a withdrawal takes
//! them out of the sessions to come; attendance gives minutes, and completion follows the
//! program's rule.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use essaim::modules::programs::{
    self, Attendance, CohortInput, CompletionRule, ConsentKind, ConsentText, Gender, Giver, ParticipantInput, PathStep, Placed,
    ProgramInput, SessionInput, SessionKind, Skill, Status,
};

use crate::common::surveys::clubs;
use crate::common::{TestApp, client};

const DAY: i64 = 86_400;

pub(crate) struct Fixture {
    pub cohort_id: i64,
    /// A session held a week ago, two to come, the final event.
    pub past: i64,
    pub next: Vec<i64>,
    pub last: i64,
    pub texts: Vec<ConsentText>,
}

impl Fixture {
    pub(crate) fn text(&self, kind: ConsentKind) -> &ConsentText {
        self.texts.iter().find(|t| t.kind == kind).unwrap()
    }
}

pub(crate) async fn fixture(app: &TestApp) -> Fixture {
    let now = app.state.now();
    let club = clubs(app, 1).await[0];
    let db = &app.state.db;
    let mut tx = db.begin().await.unwrap();
    let program_id = programs::insert_program(
        &mut tx,
        &ProgramInput {
            slug: format!("exploratrices-{club}"),
            title: "Exploratrices du numérique".into(),
            summary: "Un parcours pour découvrir les métiers du numérique".into(),
            age_min: 14,
            age_max: 17,
            skills: vec![Skill { code: "code".into(), label: "Programmer".into() }],
            rule: CompletionRule::default(),
            path: vec![PathStep { kind: SessionKind::Workshop, title: "Atelier".into(), skills: vec!["code".into()], minutes: 120 }],
            retention_days: 730,
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    let mut texts = vec![];
    for (kind, body) in [
        (ConsentKind::Participation, "J’autorise ma fille à participer au programme."),
        (ConsentKind::Image, "J’autorise la prise et la publication de photos."),
        (ConsentKind::Own, "J’accepte de participer et que mes données soient traitées."),
    ] {
        texts.push(programs::add_text(&mut tx, program_id, kind, body, now).await.unwrap());
    }
    programs::open_in_club(&mut tx, program_id, club, now).await.unwrap();
    let cohort_id = programs::insert_cohort(
        &mut tx,
        &CohortInput {
            program_id,
            club_id: club,
            school_year: "2026-2027".into(),
            label: "Promotion 2026-2027".into(),
            capacity: 20,
            starts_on: now - 30 * DAY,
            ends_on: now + 200 * DAY,
        },
        now,
    )
    .await
    .unwrap();
    let session = |kind, at: i64| SessionInput {
        kind,
        title: "Atelier".into(),
        starts_at: at,
        ends_at: at + 2 * 3600,
        place: String::new(),
        lead: String::new(),
        skills: vec![],
    };
    let specs = [
        session(SessionKind::Workshop, now - 7 * DAY),
        session(SessionKind::Workshop, now + 7 * DAY),
        session(SessionKind::Coaching, now + 14 * DAY),
        session(SessionKind::Final, now + 60 * DAY),
    ];
    let mut ids = vec![];
    for input in &specs {
        ids.push(programs::insert_session(&mut tx, cohort_id, input).await.unwrap());
    }
    tx.commit().await.unwrap();
    Fixture { cohort_id, past: ids[0], next: vec![ids[1], ids[2]], last: ids[3], texts }
}

pub(crate) async fn apply(app: &TestApp, cohort_id: i64, first: &str, birth: &str, age: i64) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = programs::insert_participant(
        &mut tx,
        cohort_id,
        &ParticipantInput {
            first_name: first.into(),
            last_name: "Benali".into(),
            birth_date: birth.into(),
            gender: Gender::Girl,
            email: format!("{}@famille.test", first.to_lowercase()),
            phone: "06 12 34 56 78".into(),
            guardian_name: "Nadia Benali".into(),
            guardian_email: "nadia.benali@famille.test".into(),
        },
        age,
        app.state.now(),
    )
    .await
    .unwrap();
    assert!(programs::set_status(&mut tx, id, Status::Selected, app.state.now()).await.unwrap());
    tx.commit().await.unwrap();
    id
}

async fn place(app: &TestApp, session: i64, participant: i64) -> Placed {
    let mut tx = app.state.db.begin().await.unwrap();
    let placed = programs::place(&mut tx, session, participant, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    placed
}

pub(crate) async fn consent(app: &TestApp, participant: i64, text: &ConsentText, giver: Giver, signer: &str, granted: bool) {
    let mut tx = app.state.db.begin().await.unwrap();
    programs::record_consent(&mut tx, participant, text, giver, signer, granted, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_fourteen_year_old_stays_pending_until_her_consent_and_her_guardian_s_are_stored() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let db = &app.state.db;
    assert_eq!(programs::age_on("2012-03-10", "2026-09-15"), Some(14));
    let lina = apply(&app, f.cohort_id, "Lina", "2012-03-10", 14).await;
    let p = programs::participant(db, lina).await.unwrap().unwrap();
    assert!(p.needs.guardian && p.needs.own);

    // Selected, but no consent yet: no place, not counted as enrolled.
    assert_eq!(place(&app, f.next[0], lina).await, Placed::Refused);
    assert_eq!(programs::enrolled(db, f.cohort_id).await.unwrap(), 0);
    // The guardian's authorisation alone is not enough under 15; a refusal is no consent.
    consent(&app, lina, f.text(ConsentKind::Participation), Giver::Guardian, "Nadia Benali", false).await;
    assert_eq!(place(&app, f.next[0], lina).await, Placed::Refused);
    consent(&app, lina, f.text(ConsentKind::Participation), Giver::Guardian, "Nadia Benali", true).await;
    assert_eq!(place(&app, f.next[0], lina).await, Placed::Refused);
    consent(&app, lina, f.text(ConsentKind::Own), Giver::Participant, "Lina Benali", true).await;
    assert_eq!(programs::enrolled(db, f.cohort_id).await.unwrap(), 1);
    for s in [f.past, f.next[0], f.next[1], f.last] {
        assert_eq!(place(&app, s, lina).await, Placed::Placed);
    }
    assert_eq!(place(&app, f.next[0], lina).await, Placed::AlreadyThere);

    // Each consent names its text's version, the time and who gave it; the refusal is kept,
    // replaced.
    let given = programs::consents(db, lina).await.unwrap();
    let live: Vec<_> = given.iter().filter(|c| c.live()).collect();
    assert_eq!(live.len(), 2);
    for c in &live {
        assert!(c.granted && c.version == 1 && (app.state.now() - c.at).abs() < 60, "{c:?}");
    }
    let own = live.iter().find(|c| c.kind == ConsentKind::Own).unwrap();
    assert_eq!((own.given_by, own.signer.as_str()), (Giver::Participant, "Lina Benali"));
    assert!(given.iter().any(|c| c.kind == ConsentKind::Participation && !c.granted && c.withdrawn_at.is_some()));
    // A new version of the text does not change what was accepted.
    let mut tx = db.begin().await.unwrap();
    let program_id = programs::cohort(db, f.cohort_id).await.unwrap().unwrap().program_id;
    let v2 = programs::add_text(&mut tx, program_id, ConsentKind::Participation, "Texte révisé.", app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(v2.version, 2);
    assert!(programs::consents(db, lina).await.unwrap().iter().filter(|c| c.live()).all(|c| c.version == 1));

    // The guardian withdraws: out of every session to come at once, the past one kept; no new
    // place; no longer enrolled.
    let mut tx = db.begin().await.unwrap();
    assert!(programs::withdraw_consent(&mut tx, lina, ConsentKind::Participation, app.state.now()).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(programs::places(db, f.past).await.unwrap(), vec![lina]);
    for s in [f.next[0], f.next[1], f.last] {
        assert!(programs::places(db, s).await.unwrap().is_empty(), "session {s}");
    }
    assert_eq!(place(&app, f.next[0], lina).await, Placed::Refused);
    assert_eq!(programs::enrolled(db, f.cohort_id).await.unwrap(), 0);
    // Image rights are never required: withdrawing them keeps a sixteen-year-old's places.
    let sarah = apply(&app, f.cohort_id, "Sarah", "2010-05-02", 16).await;
    consent(&app, sarah, f.text(ConsentKind::Participation), Giver::Guardian, "Paul Martin", true).await;
    consent(&app, sarah, f.text(ConsentKind::Image), Giver::Guardian, "Paul Martin", true).await;
    assert_eq!(place(&app, f.next[0], sarah).await, Placed::Placed);
    let mut tx = db.begin().await.unwrap();
    assert!(programs::withdraw_consent(&mut tx, sarah, ConsentKind::Image, app.state.now()).await.unwrap());
    assert!(!programs::withdraw_consent(&mut tx, sarah, ConsentKind::Image, app.state.now()).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(programs::places(db, f.next[0]).await.unwrap(), vec![sarah]);
    // Someone on the waiting list is not placed, consents or not.
    let mut tx = db.begin().await.unwrap();
    programs::set_status(&mut tx, sarah, Status::Waiting, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(place(&app, f.next[1], sarah).await, Placed::Refused);
}

#[tokio::test]
async fn attendance_gives_minutes_and_completion_flags_exactly_the_expected_participants() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let db = &app.state.db;
    let mut ids = vec![];
    for name in ["Inès", "Maëlle", "Chloé"] {
        let id = apply(&app, f.cohort_id, name, "2010-01-20", 16).await;
        consent(&app, id, f.text(ConsentKind::Participation), Giver::Guardian, "Parent", true).await;
        for s in [f.past, f.next[0], f.next[1], f.last] {
            assert_eq!(place(&app, s, id).await, Placed::Placed);
        }
        ids.push(id);
    }
    let outsider = apply(&app, f.cohort_id, "Yasmine", "2010-01-20", 16).await;
    // 14:02 to 16:00 on the day of the past session.
    let day_start = {
        let s = programs::session(db, f.past).await.unwrap().unwrap().starts_at;
        s - s.rem_euclid(DAY)
    };
    let arrived = day_start + 14 * 3600 + 2 * 60;
    let record = |participant: i64, session: i64, arrived_at: Option<i64>, left_at: Option<i64>, excused: bool| Attendance {
        session_id: session,
        participant_id: participant,
        arrived_at,
        left_at,
        excused,
    };
    let mut tx = db.begin().await.unwrap();
    let now = app.state.now();
    // Inès comes to all four; Maëlle misses the final; Chloé is excused once and comes to the rest.
    for s in [f.past, f.next[0], f.next[1], f.last] {
        assert!(
            programs::record_attendance(&mut tx, &record(ids[0], s, Some(arrived), Some(day_start + 16 * 3600), false), now).await.unwrap()
        );
    }
    for s in [f.past, f.next[0], f.next[1]] {
        programs::record_attendance(&mut tx, &record(ids[1], s, Some(arrived), Some(day_start + 16 * 3600), false), now).await.unwrap();
    }
    programs::record_attendance(&mut tx, &record(ids[2], f.past, None, None, true), now).await.unwrap();
    for s in [f.next[0], f.next[1], f.last] {
        programs::record_attendance(&mut tx, &record(ids[2], s, Some(arrived), Some(day_start + 16 * 3600), false), now).await.unwrap();
    }
    // Nobody records the attendance of someone not placed in the session.
    assert!(!programs::record_attendance(&mut tx, &record(outsider, f.past, Some(arrived), None, false), now).await.unwrap());
    tx.commit().await.unwrap();

    let sessions = programs::sessions(db, f.cohort_id).await.unwrap();
    let attendance = programs::cohort_attendance(db, f.cohort_id).await.unwrap();
    let first = attendance.iter().find(|a| a.participant_id == ids[0] && a.session_id == f.past).unwrap();
    assert_eq!(first.minutes(), 118);
    // The rule (80 % of the sessions and the final), once every session is held.
    let after = sessions.last().unwrap().ends_at + DAY;
    let done: Vec<bool> = ids
        .iter()
        .map(|id| {
            let own: Vec<Attendance> = attendance.iter().filter(|a| a.participant_id == *id).cloned().collect();
            programs::progress(CompletionRule::default(), &sessions, &own, after).completed
        })
        .collect();
    assert_eq!(done, vec![true, false, false], "Inès 4/4; Maëlle 3/4 without the final; Chloé 3/4 (75 %)");
    let ines: Vec<Attendance> = attendance.iter().filter(|a| a.participant_id == ids[0]).cloned().collect();
    assert_eq!(programs::progress(CompletionRule::default(), &sessions, &ines, after).minutes, 4 * 118);
}

#[tokio::test]
async fn the_demo_program_runs_in_three_clubs_with_one_participant_pending_consent() {
    let app = TestApp::spawn_demo().await;
    let db = &app.state.db;
    let program = programs::program_by_slug(db, "exploratrices-du-numerique").await.unwrap().expect("the demo's program");
    let clubs = programs::program_clubs(db, program.id).await.unwrap();
    assert_eq!(clubs.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["seine-saint-denis", "lyon-metropole", "hauts-de-france"]);
    let mut pending = vec![];
    let (mut waiting, mut applied) = (0, 0);
    for cohort in programs::cohorts(db, program.id).await.unwrap() {
        let sessions = programs::sessions(db, cohort.id).await.unwrap();
        assert_eq!(sessions.len(), 8);
        assert_eq!(sessions.last().unwrap().kind, SessionKind::Final);
        for p in programs::participants(db, cohort.id).await.unwrap() {
            assert!((14..=17).contains(&p.age_at_start));
            let consents = programs::consents(db, p.id).await.unwrap();
            let placed = programs::places(db, sessions[0].id).await.unwrap().contains(&p.id);
            match p.status {
                Status::Waiting => waiting += 1,
                Status::Applied => applied += 1,
                Status::Selected if !programs::consent_complete(p.needs, &consents) => {
                    assert!(!placed, "{} is pending consent and placed", p.first_name);
                    pending.push((p.first_name.clone(), p.age_at_start));
                }
                Status::Selected => assert!(placed, "{} is enrolled and not placed", p.first_name),
                s => panic!("{s:?}"),
            }
        }
    }
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].1, 14);
    assert_eq!(waiting, 1);
    // Two applications just received through the public form wait for staff.
    assert_eq!(applied, 2);
    // Mentors: two per club, each participant they see has her consents.
    for cohort in programs::cohorts(db, program.id).await.unwrap() {
        let ms = programs::mentors::mentors(db, cohort.club_id).await.unwrap();
        assert_eq!(ms.len(), 2);
        let seen: usize = {
            let mut n = 0;
            for m in &ms {
                n += programs::mentors::mentees(db, m.id).await.unwrap().len();
            }
            n
        };
        assert_eq!(seen, 4, "four participants paired in each club");
    }
    // The sessions already held have their attendance.
    let first = &programs::cohorts(db, program.id).await.unwrap()[0];
    let held = programs::sessions(db, first.id).await.unwrap().iter().filter(|s| s.starts_at < app.state.now()).count();
    if held > 0 {
        assert!(!programs::cohort_attendance(db, first.id).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_public_page_and_the_api_show_the_clubs_and_counts_never_a_participant() {
    let app = TestApp::spawn_demo().await;
    let db = &app.state.db;
    let program = programs::program_by_slug(db, "exploratrices-du-numerique").await.unwrap().unwrap();
    let mut names = vec![];
    let mut enrolled = 0;
    for cohort in programs::cohorts(db, program.id).await.unwrap() {
        // This year's cohorts (last year's, with its badges, has ended).
        if cohort.ends_on >= app.state.now() {
            enrolled += programs::enrolled(db, cohort.id).await.unwrap();
        }
        for p in programs::participants(db, cohort.id).await.unwrap() {
            names.push(p.last_name.clone());
            names.push(p.email.clone());
            names.push(p.birth_date.clone());
        }
    }
    assert!(enrolled > 20);
    let (status, page) = app.get_text("/programmes/exploratrices-du-numerique").await;
    assert_eq!(status, 200);
    for club in ["Passerelles Seine-Saint-Denis", "Passerelles Métropole de Lyon", "Passerelles Hauts-de-France"] {
        assert!(page.contains(club), "{club}");
    }
    assert!(page.contains("depuis septembre 2023") && page.contains("De 14 à 17 ans"));
    assert!(page.contains(&format!("<strong>{enrolled}</strong> participantes inscrites")));
    let (status, list) = app.get_text("/programmes").await;
    assert_eq!(status, 200);
    assert!(list.contains("Mené par 3 clubs"));
    assert_eq!(app.get("/programmes/inconnu").await.status().as_u16(), 404);

    let api: serde_json::Value = app.get("/api/v1/programs").await.json().await.unwrap();
    assert_eq!(api["data"][0]["slug"], "exploratrices-du-numerique");
    assert_eq!(api["data"][0]["clubs"], 3);
    let detail: serde_json::Value = app.get("/api/v1/programs/exploratrices-du-numerique").await.json().await.unwrap();
    assert_eq!(detail["clubs"].as_array().unwrap().len(), 3);
    assert_eq!(detail["clubs"][0]["slug"], "seine-saint-denis");
    assert_eq!(detail["figures"]["enrolled"], enrolled);
    assert_eq!(detail["path"].as_array().unwrap().len(), 8);
    let text = detail.to_string() + &page + &list + &api.to_string();
    for n in names.iter().filter(|n| !n.is_empty()) {
        assert!(!text.contains(n.as_str()), "{n} is shown publicly");
    }
    assert_eq!(app.get("/api/v1/programs/inconnu").await.status().as_u16(), 404);
    let (_, sitemap) = app.get_text("/sitemap.xml").await;
    assert!(sitemap.contains("/programmes/exploratrices-du-numerique"));
}

#[tokio::test]
async fn guardian_and_girl_consent_through_their_links_and_the_guardian_withdraws() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let db = &app.state.db;
    let lina = apply(&app, f.cohort_id, "Lina", "2012-03-10", 14).await;
    let cohort = programs::cohort(db, f.cohort_id).await.unwrap().unwrap();
    let program = programs::program(db, cohort.program_id).await.unwrap().unwrap();
    let participant = programs::participant(db, lina).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    let (guardian, own) = programs::consent::request(&mut tx, &app.state, &program, &cohort, &participant, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    let (guardian, own) = (guardian.expect("a guardian's link"), own.expect("her own link, under 15"));
    let mails: Vec<(String, String)> =
        sqlx::query("SELECT to_address, text_body FROM mail_outbox WHERE dedup_key LIKE $1 ORDER BY to_address")
            .bind(format!("programs:consent:{lina}:%"))
            .fetch_all(db.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| {
                use sqlx::Row;
                (r.get(0), r.get(1))
            })
            .collect();
    assert_eq!(mails.len(), 2);
    assert!(
        mails.iter().any(|(to, text)| to == "nadia.benali@famille.test" && text.contains(&format!("/programmes/autorisation/{guardian}")))
    );
    assert!(mails.iter().any(|(to, text)| to == "lina@famille.test" && text.contains(&format!("/programmes/accord/{own}"))));

    // The guardian's page: both texts with their version, nothing ticked beforehand.
    let parent = client();
    let path = format!("/programmes/autorisation/{guardian}");
    let page = parent.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("J’autorise ma fille à participer") && page.contains("Droit à l’image") && page.contains("version 1"));
    assert!(!page.contains(" checked"), "no answer ticked beforehand");
    assert!(page.contains("value=\"Nadia Benali\""));
    let csrf = crate::common::extract_csrf(&page).unwrap();
    // Nothing chosen, no name: both said next to their fields, what was typed kept.
    let r = parent.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("signer", " "), ("image", "")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("f-signer-error") && body.contains("f-participation-error"));
    let r = parent
        .post(app.url(&path))
        .form(&[("csrf", csrf.as_str()), ("signer", "Nadia Benali"), ("participation", "yes"), ("image", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let page = parent.get(app.url(&format!("{path}?ok=1"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Accord donné le") && page.contains("Refus enregistré le") && page.contains("par Nadia Benali"));
    // Still pending: her own agreement is missing.
    assert_eq!(place(&app, f.next[0], lina).await, Placed::Refused);
    // A guardian's link does not open the girl's page.
    assert_eq!(parent.get(app.url(&format!("/programmes/accord/{guardian}"))).send().await.unwrap().status().as_u16(), 404);

    let girl = client();
    let own_path = format!("/programmes/accord/{own}");
    let page = girl.get(app.url(&own_path)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("tu as moins de 15 ans") && !page.contains("Droit à l’image"));
    let csrf = crate::common::extract_csrf(&page).unwrap();
    let r = girl.post(app.url(&own_path)).form(&[("csrf", csrf.as_str()), ("signer", "Lina Benali"), ("own", "yes")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(place(&app, f.next[0], lina).await, Placed::Placed);
    let consents = programs::consents(db, lina).await.unwrap();
    let own_consent = consents.iter().find(|c| c.kind == ConsentKind::Own && c.live()).unwrap();
    assert_eq!((own_consent.given_by, own_consent.signer.as_str(), own_consent.version), (Giver::Participant, "Lina Benali", 1));

    // The guardian withdraws by the same link: out of the sessions to come at once.
    let page = parent.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::common::extract_csrf(&page).unwrap();
    assert!(page.contains("/retirer"));
    let r =
        parent.post(app.url(&format!("{path}/retirer"))).form(&[("csrf", csrf.as_str()), ("kind", "participation")]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(programs::places(db, f.next[0]).await.unwrap().is_empty());
    assert_eq!(place(&app, f.next[1], lina).await, Placed::Refused);
    // A kind that is not the guardian's, or a made-up one, is refused without a change.
    for kind in ["own", "tout"] {
        let r = parent.post(app.url(&format!("{path}/retirer"))).form(&[("csrf", csrf.as_str()), ("kind", kind)]).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 400, "{kind}");
    }
    assert!(programs::consents(db, lina).await.unwrap().iter().any(|c| c.kind == ConsentKind::Own && c.live()));
    // An altered link opens nothing.
    assert_eq!(client().get(app.url("/programmes/autorisation/faux")).send().await.unwrap().status().as_u16(), 404);
}

#[tokio::test]
async fn a_guardian_s_address_finds_and_erases_the_participant_keeping_the_counts() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let db = &app.state.db;
    let lina = apply(&app, f.cohort_id, "Lina", "2010-03-10", 16).await;
    consent(&app, lina, f.text(ConsentKind::Participation), Giver::Guardian, "Nadia Benali", true).await;
    assert_eq!(place(&app, f.past, lina).await, Placed::Placed);
    let kind = &programs::PERSONAL_DATA[0];
    let found = (kind.find)(db, "Nadia.Benali@famille.test").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["last_name"], "Benali");
    assert_eq!(found[0]["consents"][0]["signer"], "Nadia Benali");
    let mut tx = db.begin().await.unwrap();
    assert_eq!((kind.erase)(&mut tx, "nadia.benali@famille.test", app.state.now()).await.unwrap(), 1);
    tx.commit().await.unwrap();
    let p = programs::participant(db, lina).await.unwrap().unwrap();
    assert!(p.anonymised_at.is_some());
    assert_eq!((p.first_name.as_str(), p.last_name.as_str(), p.birth_date.as_str(), p.email.as_str()), ("", "", "", ""));
    assert_eq!(p.age_at_start, 16, "the counts by age hold");
    assert!(programs::consents(db, lina).await.unwrap().iter().all(|c| c.signer.is_empty()));
    assert_eq!(programs::places(db, f.past).await.unwrap(), vec![lina]);
    assert!((kind.find)(db, "nadia.benali@famille.test").await.unwrap().is_empty());
}

#[tokio::test]
async fn two_years_after_the_cohort_ends_participants_are_anonymised_and_their_links_revoked() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let db = &app.state.db;
    let lina = apply(&app, f.cohort_id, "Lina", "2010-03-10", 16).await;
    consent(&app, lina, f.text(ConsentKind::Participation), Giver::Guardian, "Nadia Benali", true).await;
    assert_eq!(place(&app, f.past, lina).await, Placed::Placed);
    let cohort = programs::cohort(db, f.cohort_id).await.unwrap().unwrap();
    let program = programs::program(db, cohort.program_id).await.unwrap().unwrap();
    let participant = programs::participant(db, lina).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    // Her own link is not needed at 16; the guardian's is issued (the participation consent is
    // given, so nothing is missing: ask as for a new selection by withdrawing it first).
    programs::withdraw_consent(&mut tx, lina, ConsentKind::Participation, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let (guardian, own) = programs::consent::request(&mut tx, &app.state, &program, &cohort, &participant, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    assert!(own.is_none());
    let guardian = guardian.unwrap();
    let page = format!("/programmes/autorisation/{guardian}");
    assert_eq!(client().get(app.url(&page)).send().await.unwrap().status().as_u16(), 200);

    // Not before the cohort's end plus the program's retention (730 days).
    let due = cohort.ends_on + program.retention_days * DAY;
    assert_eq!(programs::anonymise_due(&app.state, due - DAY).await.unwrap(), 0);
    assert_eq!(programs::anonymise_due(&app.state, due + DAY).await.unwrap(), 1);
    let p = programs::participant(db, lina).await.unwrap().unwrap();
    assert!(p.anonymised_at.is_some() && p.last_name.is_empty() && p.guardian_email.is_empty());
    assert_eq!((p.age_at_start, p.gender), (16, Gender::Girl), "the counts by age and gender hold");
    assert_eq!(programs::places(db, f.past).await.unwrap(), vec![lina], "past places and attendance stay");
    assert!(programs::consents(db, lina).await.unwrap().iter().all(|c| c.signer.is_empty()));
    assert_eq!(client().get(app.url(&page)).send().await.unwrap().status().as_u16(), 404, "the link is revoked");
    // Done once: nothing more to do.
    assert_eq!(programs::anonymise_due(&app.state, due + 2 * DAY).await.unwrap(), 0);
}
