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

use crate::common::TestApp;
use crate::common::surveys::clubs;

const DAY: i64 = 86_400;

struct Fixture {
    cohort_id: i64,
    /// A session held a week ago, two to come, the final event.
    past: i64,
    next: Vec<i64>,
    last: i64,
    texts: Vec<ConsentText>,
}

impl Fixture {
    fn text(&self, kind: ConsentKind) -> &ConsentText {
        self.texts.iter().find(|t| t.kind == kind).unwrap()
    }
}

async fn fixture(app: &TestApp) -> Fixture {
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

async fn apply(app: &TestApp, cohort_id: i64, first: &str, birth: &str, age: i64) -> i64 {
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

async fn consent(app: &TestApp, participant: i64, text: &ConsentText, giver: Giver, signer: &str, granted: bool) {
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
