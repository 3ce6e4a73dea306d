//! The staff's back office of the programs (`/admin/programmes…`): the cohorts a person may
//! see, a cohort's applicants and participants (selection within capacity, waiting list,
//! consent requests, placing in the sessions to come, who is on track), a participant's
//! record (consents, attendance, mentor, meetings, pictures), the club's mentors, and the
//! attendance of a session on a phone (`attendance.rs`).
//!
//! Minors' data are seen only by the staff of the cohort's club and the network's
//! administrators ([`super::sees_minors`]): another club's cohort is a 403. Every page that
//! shows participants is recorded in the audit log before it answers. Every POST checks the
//! CSRF token.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::model::{Attendance, Cohort, ConsentKind, Participant, Placed, Program, Session, Status, progress};
use super::store::{self, mentors, staff};
use super::{consent, pages, sees_minors};
use crate::core::audit::{self, Subject};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::module::MenuEntry;
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, see_other};
use crate::modules::network;

#[path = "attendance.rs"]
mod attendance;
#[path = "mentoring.rs"]
pub mod mentoring;
#[path = "planning.rs"]
mod planning;

/// The back office's section of the programs (the admin menu's entry).
pub const SECTION: &str = "programs-admin";

pub const MENU: &[MenuEntry] = &[MenuEntry::staff("/admin/programmes", "programs-admin-title", SECTION, 47)];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/programmes", get(list))
        .route("/admin/programmes/cohortes/{id}", get(cohort_page))
        .route("/admin/programmes/cohortes/{id}/inscrire", post(place_all))
        .route("/admin/programmes/participantes/{id}", get(record))
        .route("/admin/programmes/participantes/{id}/statut", post(set_status))
        .route("/admin/programmes/participantes/{id}/seances", post(place_one))
        .route("/admin/programmes/participantes/{id}/mentor", post(set_mentor))
        .route("/admin/programmes/participantes/{id}/photos", post(link_picture))
        .merge(attendance::routes())
        .merge(mentoring::routes())
        .merge(planning::routes())
}

/// Whether a session's attendance may be taken at `now` (its day has come, in the site's zone).
pub fn attendance_open(state: &AppState, session: &Session, now: i64) -> bool {
    attendance::open_for_attendance(&state.tr(crate::core::i18n::Locale::Fr), session, now)
}

pub async fn layout(state: &AppState, ctx: &Ctx, title: impl Into<String>) -> AppResult<Layout> {
    Ok(network::admin_layout(state, ctx, title, SECTION).await?)
}

/// A cohort, its program and club name, for someone who may see its participants: 404 if
/// there is none, 403 if it is another club's.
pub struct Seen {
    pub cohort: Cohort,
    pub program: Program,
    pub club: String,
}

pub async fn seen_cohort(state: &AppState, user: &Principal, cohort_id: i64) -> AppResult<Seen> {
    let cohort = store::cohort(&state.db, cohort_id).await?.ok_or(AppError::NotFound)?;
    if !sees_minors(user, cohort.club_id) {
        return Err(AppError::Forbidden);
    }
    let program = store::program(&state.db, cohort.program_id).await?.ok_or(AppError::NotFound)?;
    let club = network::get_club(&state.db, cohort.club_id).await?.map(|c| c.name).unwrap_or_default();
    Ok(Seen { cohort, program, club })
}

/// A participant of a cohort this person may see (not anonymised).
pub async fn seen_participant(state: &AppState, user: &Principal, id: i64) -> AppResult<(Participant, Seen)> {
    let p = store::participant(&state.db, id).await?.filter(|p| p.anonymised_at.is_none()).ok_or(AppError::NotFound)?;
    let seen = seen_cohort(state, user, p.cohort_id).await?;
    Ok((p, seen))
}

/// A form that only carries its CSRF token.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct CsrfForm {
    pub csrf: String,
}

/// `?ok=` or `?erreur=` after a redirect.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct Flash {
    pub ok: String,
    pub erreur: String,
    pub n: i64,
}

impl Flash {
    /// The message to show, from known keys only.
    pub fn message(&self, tr: &Tr) -> Option<(bool, String)> {
        let ok = match self.ok.as_str() {
            "saved" => Some("admin-flash-saved"),
            "selected" => Some("programs-admin-flash-selected"),
            "status" => Some("programs-admin-flash-status"),
            "paired" => Some("programs-admin-flash-paired"),
            "unpaired" => Some("programs-admin-flash-unpaired"),
            "mentor" => Some("programs-admin-flash-mentor"),
            "picture" => Some("programs-admin-flash-picture"),
            _ => None,
        };
        if let Some(k) = ok {
            return Some((true, tr.t(k)));
        }
        if self.ok == "placed" {
            return Some((true, tr.n("programs-admin-flash-placed", self.n)));
        }
        let err = match self.erreur.as_str() {
            "full" => "programs-admin-error-full",
            "pending" => "programs-admin-error-pending",
            "pair" => "programs-admin-error-pair",
            "picture" => "programs-admin-error-picture",
            _ => return None,
        };
        Some((false, tr.t(err)))
    }
}

/// The i18n key of a status.
pub fn status_key(s: Status) -> &'static str {
    match s {
        Status::Applied => "programs-status-applied",
        Status::Waiting => "programs-status-waiting",
        Status::Selected => "programs-status-selected",
        Status::Declined => "programs-status-declined",
        Status::Withdrawn => "programs-status-withdrawn",
    }
}

/// The consents still missing, in words ("" when complete).
fn missing(tr: &Tr, p: &Participant, consents: &[super::Consent]) -> Vec<String> {
    let given = |k: ConsentKind| consents.iter().any(|c| c.kind == k && c.live() && c.granted);
    let mut out = vec![];
    if p.needs.guardian && !given(ConsentKind::Participation) {
        out.push(tr.t("programs-admin-missing-guardian"));
    }
    if p.needs.own && !given(ConsentKind::Own) {
        out.push(tr.t("programs-admin-missing-own"));
    }
    out
}

// ---- the list of cohorts ----

#[derive(askama::Template)]
#[template(path = "programs/admin_list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<staff::CohortLine>,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.staff()?;
    let rows = staff::cohort_lines(&state.db, None).await?.into_iter().filter(|c| sees_minors(user, c.club_id)).collect();
    let l = layout(&state, &ctx, ctx.tr.t("programs-admin-title")).await?;
    html(&ListPage { l, rows })
}

// ---- a cohort ----

pub struct ParticipantRow {
    pub id: i64,
    pub name: String,
    pub age: i64,
    pub status: &'static str,
    pub status_label: String,
    /// The consents missing, in words ("" when complete).
    pub missing: String,
    pub progress: String,
    /// `completed`, `on_track`, `off_track`, or "" before selection.
    pub track: &'static str,
    pub track_label: String,
    pub mentor: String,
    pub applied_by: String,
}

pub struct SessionRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub when: String,
    pub iso: String,
    pub placed: i64,
    pub past: bool,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_cohort.html")]
struct CohortPage {
    l: Layout,
    cohort: Cohort,
    program: Program,
    club: String,
    flash: Option<(bool, String)>,
    applicants: Vec<ParticipantRow>,
    participants: Vec<ParticipantRow>,
    others: Vec<ParticipantRow>,
    sessions: Vec<SessionRow>,
    enrolled: i64,
}

/// The sessions and the attendance of a cohort, and a participant's progress on them.
pub struct CohortRecords {
    pub sessions: Vec<Session>,
    pub attendance: Vec<Attendance>,
}

impl CohortRecords {
    pub async fn load(state: &AppState, cohort_id: i64) -> AppResult<CohortRecords> {
        Ok(CohortRecords {
            sessions: store::sessions(&state.db, cohort_id).await?,
            attendance: store::cohort_attendance(&state.db, cohort_id).await?,
        })
    }

    pub fn progress(&self, program: &Program, participant_id: i64, now: i64) -> super::Progress {
        let mine: Vec<Attendance> = self.attendance.iter().filter(|a| a.participant_id == participant_id).cloned().collect();
        progress(program.rule, &self.sessions, &mine, now)
    }
}

async fn cohort_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Flash>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let seen = seen_cohort(&state, user, id).await?;
    let records = CohortRecords::load(&state, id).await?;
    let people = store::participants(&state.db, id).await?;
    let all_consents = store::cohort_consents(&state.db, id).await?;
    let applied = staff::applied_by(&state.db, id).await?;
    let mentor_names = mentors::mentor_names(&state.db, id).await?;
    let placed = staff::placed_counts(&state.db, id).await?;
    let (mut applicants, mut participants, mut others) = (vec![], vec![], vec![]);
    for p in people.iter().filter(|p| p.anonymised_at.is_none()) {
        let consents = all_consents.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
        let pr = records.progress(&seen.program, p.id, ctx.now);
        let selected = p.status == Status::Selected;
        let applied_by = applied.get(&p.id).map(String::as_str).unwrap_or("staff");
        let track = match (selected, pr.completed, pr.on_track) {
            (false, _, _) => "",
            (true, true, _) => "completed",
            (true, false, true) => "on_track",
            (true, false, false) => "off_track",
        };
        let row = ParticipantRow {
            id: p.id,
            name: format!("{} {}", p.first_name, p.last_name),
            age: p.age_at_start,
            status: p.status.as_str(),
            status_label: ctx.tr.t(status_key(p.status)),
            missing: missing(&ctx.tr, p, consents).join(", "),
            progress: ctx.tr.args("programs-admin-progress", &[("attended", &pr.attended.to_string()), ("held", &pr.held.to_string())]),
            track,
            track_label: if track.is_empty() { String::new() } else { ctx.tr.t(&format!("programs-track-{track}")) },
            mentor: if selected { mentor_names.get(&p.id).cloned().unwrap_or_default() } else { String::new() },
            applied_by: ctx.tr.t(&format!("programs-applied-by-{applied_by}")),
        };
        match p.status {
            Status::Applied | Status::Waiting => applicants.push(row),
            Status::Selected => participants.push(row),
            _ => others.push(row),
        }
    }
    let mut sessions = vec![];
    for s in &records.sessions {
        sessions.push(SessionRow {
            id: s.id,
            title: s.title.clone(),
            kind: ctx.tr.t(pages::kind_key(s.kind)),
            when: ctx.tr.datetime(s.starts_at),
            iso: ctx.tr.iso(s.starts_at),
            placed: placed.get(&s.id).copied().unwrap_or(0),
            past: s.starts_at <= ctx.now,
        });
    }
    let enrolled = store::enrolled(&state.db, id).await?;
    audit::record(
        &state.db,
        &ctx,
        "programs.cohort.view",
        &Subject::new("cohort", id, &seen.cohort.label),
        &format!("rows={}", people.len()),
    )
    .await?;
    let l = layout(&state, &ctx, format!("{} · {} · {}", seen.program.title, seen.club, seen.cohort.label)).await?;
    html(&CohortPage {
        l,
        flash: q.message(&ctx.tr),
        cohort: seen.cohort,
        program: seen.program,
        club: seen.club,
        applicants,
        participants,
        others,
        sessions,
        enrolled,
    })
    .map(crate::core::access::no_store)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    csrf: String,
    status: String,
}

/// Select (within the cohort's capacity; the consent links are then e-mailed), put on the
/// waiting list, decline, or record a withdrawal.
async fn set_status(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<StatusForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let (p, seen) = seen_participant(&state, user, id).await?;
    let back = format!("/admin/programmes/cohortes/{}", p.cohort_id);
    let status = Status::parse(&f.status).filter(|s| *s != Status::Applied).ok_or(AppError::BadRequest("error-bad-form"))?;
    let mut tx = state.db.begin().await?;
    if status == Status::Selected {
        if !staff::select_within_capacity(&mut tx, p.id, ctx.now).await? {
            tx.rollback().await?;
            return Ok(see_other(&format!("{back}?erreur=full#flash")));
        }
        consent::request(&mut tx, &state, &seen.program, &seen.cohort, &p, ctx.now).await?;
    } else {
        store::set_status(&mut tx, p.id, status, ctx.now).await?;
    }
    tx.commit().await?;
    let ok = if status == Status::Selected { "selected" } else { "status" };
    Ok(see_other(&format!("{back}?ok={ok}#flash")))
}

/// Place a participant in every session to come of her cohort (refused, whatever is asked,
/// while a required consent is missing: `store::place`).
async fn place_in_future(state: &AppState, p: &Participant, now: i64) -> AppResult<(i64, bool)> {
    let sessions = store::sessions(&state.db, p.cohort_id).await?;
    let mut tx = state.db.begin().await?;
    let (mut placed, mut refused) = (0, false);
    for s in sessions.iter().filter(|s| s.starts_at > now) {
        match store::place(&mut tx, s.id, p.id, now).await? {
            Placed::Placed => placed += 1,
            Placed::AlreadyThere => {}
            Placed::Refused => refused = true,
        }
    }
    tx.commit().await?;
    Ok((placed, refused))
}

async fn place_one(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let (p, _) = seen_participant(&state, user, id).await?;
    let (n, refused) = place_in_future(&state, &p, ctx.now).await?;
    let to = format!("/admin/programmes/participantes/{id}");
    Ok(see_other(&if refused && n == 0 { format!("{to}?erreur=pending#flash") } else { format!("{to}?ok=placed&n={n}#flash") }))
}

/// Place every selected participant of the cohort in the sessions to come; those pending
/// consent are left out (and said so).
async fn place_all(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    seen_cohort(&state, user, id).await?;
    let mut total = 0;
    let mut refused = false;
    for p in store::participants(&state.db, id).await?.iter().filter(|p| p.status == Status::Selected && p.anonymised_at.is_none()) {
        let (n, r) = place_in_future(&state, p, ctx.now).await?;
        total += n;
        refused |= r;
    }
    let to = format!("/admin/programmes/cohortes/{id}");
    Ok(see_other(&if refused {
        format!("{to}?ok=placed&n={total}&erreur=pending#flash")
    } else {
        format!("{to}?ok=placed&n={total}#flash")
    }))
}

// ---- a participant's record ----

pub struct ConsentLine {
    pub title: String,
    pub state: String,
    pub live: bool,
}

pub struct AttendanceLine {
    pub title: String,
    pub when: String,
    pub placed: bool,
    pub state: String,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_participant.html")]
struct RecordPage {
    l: Layout,
    p: Participant,
    seen_label: String,
    cohort_id: i64,
    flash: Option<(bool, String)>,
    status_label: String,
    applied_by: String,
    motivation: String,
    missing: Vec<String>,
    consents: Vec<ConsentLine>,
    sessions: Vec<AttendanceLine>,
    progress: String,
    track: &'static str,
    mentor: Option<mentors::Mentor>,
    club_mentors: Vec<mentors::Mentor>,
    meetings: Vec<mentors::Meeting>,
    pictures: Vec<(i64, String, Option<i64>)>,
    library: Vec<(i64, String)>,
    badge: Option<super::badges::Badge>,
}

impl RecordPage {
    fn gender_key(&self) -> &'static str {
        super::apply::gender_key(self.p.gender)
    }

    fn track_key(&self) -> &'static str {
        match self.track {
            "completed" => "programs-track-completed",
            "on_track" => "programs-track-on_track",
            _ => "programs-track-off_track",
        }
    }
}

async fn record(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Flash>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let (p, seen) = seen_participant(&state, user, id).await?;
    let consents = store::consents(&state.db, p.id).await?;
    let records = CohortRecords::load(&state, p.cohort_id).await?;
    let placed = staff::places_of(&state.db, p.id).await?;
    let pr = records.progress(&seen.program, p.id, ctx.now);
    let sessions = records
        .sessions
        .iter()
        .map(|s| {
            let a = records.attendance.iter().find(|a| a.session_id == s.id && a.participant_id == p.id);
            AttendanceLine {
                title: s.title.clone(),
                when: ctx.tr.datetime(s.starts_at),
                placed: placed.contains(&s.id),
                state: attendance::words(&ctx.tr, a),
            }
        })
        .collect();
    let consent_lines = consents
        .iter()
        .map(|c| ConsentLine { title: consent::kind_title(&ctx.tr, c.kind), state: consent::state_words(&ctx.tr, Some(c)), live: c.live() })
        .collect();
    let (applied_by, motivation) = staff::application(&state.db, p.id).await?;
    let library = staff::library_images(&state.db, (!user.is_network_admin()).then_some(seen.cohort.club_id), 50).await?;
    audit::record(&state.db, &ctx, "programs.participant.view", &Subject::new("participant", p.id, &seen.cohort.label), "").await?;
    let l = layout(&state, &ctx, format!("{} {}", p.first_name, p.last_name)).await?;
    let page = RecordPage {
        l,
        seen_label: format!("{} · {} · {}", seen.program.title, seen.club, seen.cohort.label),
        cohort_id: seen.cohort.id,
        flash: q.message(&ctx.tr),
        status_label: ctx.tr.t(status_key(p.status)),
        applied_by: ctx.tr.t(&format!("programs-applied-by-{applied_by}")),
        motivation,
        missing: missing(&ctx.tr, &p, &consents),
        consents: consent_lines,
        sessions,
        progress: ctx.tr.args("programs-admin-progress", &[("attended", &pr.attended.to_string()), ("held", &pr.held.to_string())]),
        track: if pr.completed {
            "completed"
        } else if pr.on_track {
            "on_track"
        } else {
            "off_track"
        },
        mentor: mentors::mentor_of_participant(&state.db, p.id).await?,
        club_mentors: mentors::mentors(&state.db, seen.cohort.club_id).await?,
        meetings: mentors::meetings_of_participant(&state.db, p.id).await?,
        pictures: staff::pictures(&state.db, p.id).await?,
        library,
        badge: super::badges::for_participant(&state.db, p.id).await?,
        p,
    };
    html(&page).map(crate::core::access::no_store)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MentorForm {
    csrf: String,
    mentor: String,
}

/// Pair a mentor of the club with the participant (refused while she is pending consent), or
/// end the pairing (`mentor` empty).
async fn set_mentor(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<MentorForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let (p, seen) = seen_participant(&state, user, id).await?;
    let to = format!("/admin/programmes/participantes/{id}");
    let mut tx = state.db.begin().await?;
    if f.mentor.trim().is_empty() {
        mentors::unpair(&mut tx, p.id, ctx.now).await?;
        tx.commit().await?;
        return Ok(see_other(&format!("{to}?ok=unpaired#flash")));
    }
    let mentor_id: i64 = f.mentor.trim().parse().map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let m = mentors::mentor(&state.db, mentor_id)
        .await?
        .filter(|m| m.club_id == seen.cohort.club_id)
        .ok_or(AppError::BadRequest("error-bad-form"))?;
    if !mentors::pair(&mut tx, m.id, p.id, ctx.now).await? {
        tx.rollback().await?;
        return Ok(see_other(&format!("{to}?erreur=pair#flash")));
    }
    tx.commit().await?;
    Ok(see_other(&format!("{to}?ok=paired#flash")))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PictureForm {
    csrf: String,
    media: String,
}

/// Link a picture of the library in which the participant appears: without image rights
/// given, it is withheld from the public at once.
async fn link_picture(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<PictureForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let (p, _) = seen_participant(&state, user, id).await?;
    let to = format!("/admin/programmes/participantes/{id}");
    let Ok(media) = f.media.trim().parse::<i64>() else { return Ok(see_other(&format!("{to}?erreur=picture#flash"))) };
    let mut tx = state.db.begin().await?;
    let Some(withheld) = staff::link_picture(&mut tx, p.id, media, user.is_network_admin(), ctx.now).await? else {
        tx.rollback().await?;
        return Ok(see_other(&format!("{to}?erreur=picture#flash")));
    };
    crate::core::media::shows_people(&mut tx, media).await?;
    crate::core::media::withhold(&mut tx, &withheld, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("{to}?ok=picture#flash")))
}
