//! Youth programs: a national program (its age band, skills, completion rule, consent texts
//! and path template) opened in clubs; a cohort ("promotion") per club and school year with
//! its path of sessions; participants who are minors, each with the consents their age calls
//! for (a guardian's authorisation under 18, their own consent too under 15), given and
//! withdrawn through access links and recorded with the text's version, the time and who gave
//! them; places in sessions written only when those consents hold; attendance with arrival
//! and departure times; completion computed from the program's rule.
//!
//! Who does what: `model.rs` (the types and the pure rules: consents needed, minutes,
//! completion), `store.rs` (every SQL statement; `store::place` is the one writer of places
//! and checks the consents in its statement), `schools.rs` (one-off actions in schools and the
//! pupils they reach), `reports.rs` (the reports per cohort, club and network, their exports),
//! `badges.rs` (Open Badges 3.0 credentials issued on completion, their verification page,
//! keys, status list and revocation), `apply.rs` (the public application), `admin.rs` (the
//! staff's back office, with attendance, mentoring and planning), `api_staff.rs` (the staff
//! API).

pub mod admin;
pub mod api;
pub mod api_staff;
pub mod apply;
pub mod badges;
pub mod consent;
pub mod model;
pub mod pages;
pub mod reports;
pub mod schools;
mod store;

use axum::Router;

use crate::core::auth::{Principal, Role};
use crate::core::cache::Scope;
use crate::core::db::{Db, Tx};
use crate::core::module::{BoxFuture, Module, Periodic};
use crate::core::people::PersonalData;
use crate::core::web::AppState;

pub use model::{
    Attendance, Cohort, CohortInput, CompletionRule, Consent, ConsentKind, ConsentText, Gender, Giver, Needs, Participant,
    ParticipantInput, PathStep, Placed, Program, ProgramInput, Progress, Session, SessionInput, SessionKind, Skill, Status, age_on,
    consent_complete, progress, utc_date,
};
/// Programs in the demo, seeds and tests are written through these (staff and families go
/// through their pages).
pub use store::{
    add_text, cohort, cohort_attendance, cohorts, consents, current_texts, enrolled, insert_cohort, insert_participant, insert_program,
    insert_session, open_in_club, participant, participants, place, places, program, program_by_slug, program_clubs, programs,
    public_figures, record_attendance, record_consent, session, sessions, set_status, withdraw_consent,
};
/// Mentoring and the staff's statements, for the demo and the tests.
pub use store::{mentors, staff};

/// What the kit's export and erasure of a person's data find here: the participants an
/// address belongs to (theirs or their guardian's), anonymised on erasure.
pub const PERSONAL_DATA: &[PersonalData] = &[
    PersonalData { key: "programs.participants", label: "programs-people-kind", find: find_people, erase: erase_people },
    PersonalData { key: "programs.mentors", label: "programs-mentors-kind", find: find_mentors, erase: erase_mentors },
];

/// A mentor's own data: their name, address and club, the pairings and meetings they logged
/// (dates and minutes; the participants by first name).
fn find_mentors<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(store::mentors::find_by_email(db, email))
}

/// Erasing a mentor deletes them, their pairings and the meetings they logged, and revokes
/// their links.
fn erase_mentors<'a>(tx: &'a mut Tx, email: &'a str, now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(async move {
        let ids = store::mentors::ids_by_email(tx, email).await?;
        crate::core::access::revoke_subjects(tx, admin::mentoring::MENTOR_SCOPE, &ids, now).await?;
        store::mentors::delete(tx, &ids).await
    })
}

fn find_people<'a>(db: &'a Db, email: &'a str) -> BoxFuture<'a, Result<Vec<serde_json::Value>, sqlx::Error>> {
    Box::pin(async move {
        let mut people = store::find_by_email(db, email).await?;
        for p in &mut people {
            if let Some(b) = store::badges::badge_of_participant(db, p["id"].as_i64().unwrap_or(0)).await? {
                p["badge"] = serde_json::json!({ "id": b.id, "issued_at": b.issued_at, "revoked_at": b.revoked_at });
            }
        }
        Ok(people)
    })
}

fn erase_people<'a>(tx: &'a mut Tx, email: &'a str, now: i64) -> BoxFuture<'a, Result<u64, sqlx::Error>> {
    Box::pin(store::erase_by_email(tx, email, now))
}

/// Retention, hourly on every instance (anonymising twice is harmless).
const PERIODIC: &[Periodic] = &[Periodic::every("programs.retention", 3600, 0, anonymise_past)];

fn anonymise_past(state: &AppState) -> BoxFuture<'_, anyhow::Result<()>> {
    Box::pin(async move {
        let n = anonymise_due(state, state.now()).await?;
        if n > 0 {
            tracing::info!(participants = n, "participants of past cohorts anonymised");
        }
        Ok(())
    })
}

/// Anonymise the participants whose cohort ended more than their program's retention ago
/// (`programs.retention_days`, two years by default): their names, birth date, contacts and
/// the consents' signatures blanked, their consent links revoked; their age, gender, status,
/// consents' kinds, versions and times, places and attendance stay, so that the counts hold.
/// A thousand at a time, each batch in one transaction; returns how many.
pub async fn anonymise_due(state: &AppState, now: i64) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let ids = store::due_for_anonymisation(&state.db, now, 1000).await?;
        if ids.is_empty() {
            return Ok(done);
        }
        let mut tx = state.db.begin().await?;
        for id in &ids {
            store::anonymise(&mut tx, *id, now).await?;
        }
        for scope in [consent::GUARDIAN_SCOPE, consent::PARTICIPANT_SCOPE] {
            crate::core::access::revoke_subjects(&mut tx, scope, &ids, now).await?;
        }
        tx.commit().await?;
        done += ids.len();
    }
}

/// Who may see minors' data of a club's cohorts: the network's administrators and the staff
/// (club administrators and editors) of that very club; not a network-wide editor, not a
/// member, not another club's staff.
pub fn sees_minors(user: &Principal, club_id: i64) -> bool {
    user.is_network_admin() || user.grants.iter().any(|g| matches!(g.role, Role::ClubAdmin | Role::Editor) && g.club_id == Some(club_id))
}

/// The page-cache scope of the programs' public pages.
pub const PROGRAMS: Scope = Scope("programs");

/// What the programs tell the core (see `core::module`).
pub fn module() -> Module {
    Module {
        routes,
        api: || api::endpoints().into_iter().chain(api_staff::endpoints()).collect(),
        api_schemas,
        scopes: &[PROGRAMS],
        sitemap: Some(sitemap),
        access: consent::ACCESS,
        personal_data: PERSONAL_DATA,
        periodic: PERIODIC,
        admin_menu: admin::MENU,
        writes: &[("/programmes", &[PROGRAMS]), ("/admin/programmes", &[PROGRAMS]), ("/api/v1/programs", &[PROGRAMS])],
        ..Module::new("programs")
    }
}

/// The public API's schemas and the staff's.
fn api_schemas() -> serde_json::Value {
    let mut all = api::schemas();
    if let (Some(all), serde_json::Value::Object(staff)) = (all.as_object_mut(), api_staff::schemas()) {
        all.extend(staff);
    }
    all
}

/// The list and each program's page.
fn sitemap(state: &AppState, now: i64) -> BoxFuture<'_, Result<Vec<(String, i64)>, sqlx::Error>> {
    Box::pin(async move {
        let mut urls = vec![("/programmes".to_string(), now)];
        for p in store::programs(&state.db).await? {
            urls.push((format!("/programmes/{}", p.slug), p.created_at));
        }
        Ok(urls)
    })
}

fn routes() -> Router<AppState> {
    pages::routes()
        .merge(consent::routes())
        .merge(apply::routes())
        .merge(admin::routes())
        .merge(schools::routes())
        .merge(reports::routes())
        .merge(badges::routes())
}
