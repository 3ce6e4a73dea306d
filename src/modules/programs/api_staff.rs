//! The programs' staff API, with a personal token and the back office's rights (the staff of
//! the cohort's club and the network's administrators, `sees_minors`); every read or write of
//! participants' data is recorded in the audit log.
//!
//! - `GET /api/v1/programs/cohorts`: the cohorts the token's person sees, with their counts;
//! - `GET /api/v1/programs/cohorts/{id}`: the cohort, its participants (names, age at start,
//!   gender, status, consent complete, progress) and its sessions;
//! - `GET /api/v1/programs/sessions/{id}/attendance`: who is placed and their attendance;
//! - `PUT /api/v1/programs/sessions/{id}/attendance`: record attendance (`records`: each
//!   placed participant's arrival and departure as RFC 3339 times, or excused); every record
//!   is checked first, 422 names each bad one, nothing is written unless all are good.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::admin::{CohortRecords, seen_cohort};
use super::model::{Attendance, Progress, Status};
use super::store::{self, staff};
use super::{consent_complete, sees_minors};
use crate::core::api::{self, ApiUser, DateTime, Endpoint, Paging, doc};
use crate::core::audit::{self, Subject};
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult, FieldError};
use crate::core::web::{AppState, Json, Query};

pub fn endpoints() -> Vec<Endpoint> {
    let id = || json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } });
    let mut record_doc = doc::write(
        "Record attendance: each placed participant's arrival and departure (RFC 3339, on the session's day), or an excused absence; all or nothing",
        vec![id()],
        Some("ProgramAttendanceInput"),
        ("200", doc::ok("The session's attendance", doc::schema_ref("ProgramAttendance"))),
    );
    record_doc["responses"]["409"] = doc::error_ref("The session's day has not come: its attendance opens on it");
    vec![
        Endpoint {
            method: "get",
            path: "/api/v1/programs/cohorts",
            handler: get(list_cohorts),
            doc: doc::write(
                "The cohorts the token's person sees (their club's staff, network administrators), with their counts",
                doc::paging_params(),
                None,
                ("200", doc::ok("A page of cohorts, the latest school year first", doc::list_of("ProgramCohort"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/programs/cohorts/{id}",
            handler: get(show_cohort),
            doc: doc::write(
                "A cohort with its participants (names for its club's staff) and its sessions",
                vec![id()],
                None,
                ("200", doc::ok("The cohort", doc::schema_ref("ProgramCohortDetail"))),
            ),
        },
        Endpoint {
            method: "get",
            path: "/api/v1/programs/sessions/{id}/attendance",
            handler: get(attendance_of),
            doc: doc::write(
                "Who is placed in a session and their attendance",
                vec![id()],
                None,
                ("200", doc::ok("The session's attendance", doc::schema_ref("ProgramAttendance"))),
            ),
        },
        Endpoint { method: "put", path: "/api/v1/programs/sessions/{id}/attendance", handler: put(record), doc: record_doc },
    ]
}

pub fn schemas() -> Value {
    api::derived_schemas(|g| {
        g.subschema_for::<CohortJson>();
        g.subschema_for::<CohortDetail>();
        g.subschema_for::<AttendanceJson>();
        g.subschema_for::<AttendanceInput>();
    })
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramCohort")]
struct CohortJson {
    id: i64,
    program_id: i64,
    program: String,
    club_id: i64,
    club: String,
    label: String,
    school_year: String,
    capacity: i64,
    starts_on: DateTime,
    applied: i64,
    waiting: i64,
    selected: i64,
    /// Selected with every required consent.
    enrolled: i64,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramParticipant")]
struct ParticipantJson {
    id: i64,
    first_name: String,
    last_name: String,
    age_at_start: i64,
    /// `girl`, `boy`, `other` or `unsaid`.
    gender: String,
    /// `applied`, `waiting`, `selected`, `declined` or `withdrawn`.
    status: String,
    consent_complete: bool,
    sessions_attended: i64,
    sessions_held: i64,
    minutes: i64,
    completed: bool,
    on_track: bool,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramSession")]
struct SessionJson {
    id: i64,
    /// `workshop`, `coaching`, `tutoring`, `visit` or `final`.
    kind: String,
    title: String,
    starts_at: DateTime,
    ends_at: DateTime,
    place: String,
    lead: String,
    skills: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramCohortDetail")]
struct CohortDetail {
    #[serde(flatten)]
    cohort: CohortJson,
    participants: Vec<ParticipantJson>,
    sessions: Vec<SessionJson>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramAttendanceLine")]
struct AttendanceLine {
    participant_id: i64,
    first_name: String,
    last_name: String,
    arrived_at: Option<DateTime>,
    left_at: Option<DateTime>,
    excused: bool,
    /// Computed from the two times.
    minutes: i64,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "ProgramAttendance")]
struct AttendanceJson {
    session_id: i64,
    data: Vec<AttendanceLine>,
}

/// One participant's attendance, as sent.
#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "ProgramAttendanceRecord")]
struct RecordInput {
    participant_id: i64,
    #[serde(default)]
    arrived_at: Option<String>,
    #[serde(default)]
    left_at: Option<String>,
    #[serde(default)]
    excused: bool,
}

#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "ProgramAttendanceInput")]
struct AttendanceInput {
    records: Vec<RecordInput>,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    page: Option<i64>,
    per_page: Option<i64>,
}

fn cohort_json(c: staff::CohortLine) -> CohortJson {
    CohortJson {
        id: c.id,
        program_id: c.program_id,
        program: c.program,
        club_id: c.club_id,
        club: c.club,
        label: c.label,
        school_year: c.school_year,
        capacity: c.capacity,
        starts_on: DateTime::of(c.starts_on),
        applied: c.applied,
        waiting: c.waiting,
        selected: c.selected,
        enrolled: c.enrolled,
    }
}

fn staff_of(user: &Principal) -> AppResult<()> {
    if user.is_staff() { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn list_cohorts(State(state): State<AppState>, ApiUser(user): ApiUser, Query(q): Query<PageQuery>) -> AppResult<Response> {
    staff_of(&user)?;
    let paging = Paging::parse(q.page, q.per_page)?;
    let rows: Vec<staff::CohortLine> =
        staff::cohort_lines(&state.db, None).await?.into_iter().filter(|c| sees_minors(&user, c.club_id)).collect();
    let total = rows.len() as i64;
    let data: Vec<CohortJson> = rows
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(paging.per_page as usize)
        .map(cohort_json)
        .collect();
    Ok(axum::Json(paging.page(data, total)).into_response())
}

async fn show_cohort(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff_of(&user)?;
    let seen = seen_cohort(&state, &user, id).await?;
    let line =
        staff::cohort_lines(&state.db, Some(&[seen.cohort.club_id])).await?.into_iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
    let now = state.now();
    let records = CohortRecords::load(&state, id).await?;
    let mut participants = vec![];
    let all_consents = store::cohort_consents(&state.db, id).await?;
    for p in store::participants(&state.db, id).await?.into_iter().filter(|p| p.anonymised_at.is_none()) {
        let consents = all_consents.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
        let Progress { attended, held, minutes, completed, on_track, .. } = records.progress(&seen.program, p.id, now);
        let selected = p.status == Status::Selected;
        participants.push(ParticipantJson {
            id: p.id,
            first_name: p.first_name,
            last_name: p.last_name,
            age_at_start: p.age_at_start,
            gender: p.gender.as_str().into(),
            status: p.status.as_str().into(),
            consent_complete: consent_complete(p.needs, consents),
            sessions_attended: attended,
            sessions_held: held,
            minutes,
            completed: selected && completed,
            on_track: selected && on_track,
        });
    }
    let sessions = records
        .sessions
        .iter()
        .map(|s| SessionJson {
            id: s.id,
            kind: s.kind.as_str().into(),
            title: s.title.clone(),
            starts_at: DateTime::of(s.starts_at),
            ends_at: DateTime::of(s.ends_at),
            place: s.place.clone(),
            lead: s.lead.clone(),
            skills: s.skills.clone(),
        })
        .collect();
    let actor = audit::Actor::api(&user, &ip, now);
    audit::record(
        &state.db,
        actor,
        "programs.api.view",
        &Subject::new("cohort", id, &seen.cohort.label),
        &format!("rows={}", participants.len()),
    )
    .await?;
    Ok(axum::Json(CohortDetail { cohort: cohort_json(line), participants, sessions }).into_response())
}

struct SessionSeen {
    session: super::Session,
    label: String,
}

async fn seen_session(state: &AppState, user: &Principal, id: i64) -> AppResult<SessionSeen> {
    staff_of(user)?;
    let session = store::session(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let seen = seen_cohort(state, user, session.cohort_id).await?;
    Ok(SessionSeen { label: seen.cohort.label, session })
}

async fn lines(state: &AppState, session_id: i64, cohort_id: i64) -> AppResult<Vec<AttendanceLine>> {
    let placed = store::places(&state.db, session_id).await?;
    let attendance: Vec<Attendance> =
        store::cohort_attendance(&state.db, cohort_id).await?.into_iter().filter(|a| a.session_id == session_id).collect();
    Ok(store::participants(&state.db, cohort_id)
        .await?
        .into_iter()
        .filter(|p| placed.contains(&p.id))
        .map(|p| {
            let a = attendance.iter().find(|a| a.participant_id == p.id);
            AttendanceLine {
                participant_id: p.id,
                first_name: p.first_name,
                last_name: p.last_name,
                arrived_at: a.and_then(|a| a.arrived_at).map(DateTime::of),
                left_at: a.and_then(|a| a.left_at).map(DateTime::of),
                excused: a.is_some_and(|a| a.excused),
                minutes: a.map(Attendance::minutes).unwrap_or(0),
            }
        })
        .collect())
}

async fn attendance_of(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = seen_session(&state, &user, id).await?;
    let data = lines(&state, id, s.session.cohort_id).await?;
    let actor = audit::Actor::api(&user, &ip, state.now());
    audit::record(&state.db, actor, "programs.api.view", &Subject::new("session", id, &s.label), &format!("rows={}", data.len())).await?;
    Ok(axum::Json(AttendanceJson { session_id: id, data }).into_response())
}

async fn record(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ip: audit::ClientIp,
    Path(id): Path<i64>,
    Json(body): Json<AttendanceInput>,
) -> AppResult<Response> {
    let s = seen_session(&state, &user, id).await?;
    let now = state.now();
    if !super::admin::attendance_open(&state, &s.session, now) {
        return Err(AppError::Conflict("programs-attendance-error-future"));
    }
    let placed = store::places(&state.db, id).await?;
    let mut errors = vec![];
    let mut records = vec![];
    for (i, r) in body.records.iter().enumerate() {
        let field = |name: &str| format!("records[{i}].{name}");
        let time =
            |v: &Option<String>, name: &str, errors: &mut Vec<FieldError>| match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => None,
                Some(v) => {
                    let t = api::parse_rfc3339(v);
                    if t.is_none() {
                        errors.push(FieldError { field: field(name), message: "programs-api-error-datetime".into() });
                    }
                    t
                }
            };
        if !placed.contains(&r.participant_id) {
            errors.push(FieldError { field: field("participant_id"), message: "programs-api-error-not-placed".into() });
        }
        let a = time(&r.arrived_at, "arrived_at", &mut errors);
        let l = time(&r.left_at, "left_at", &mut errors);
        match (a, l) {
            (None, Some(_)) => {
                errors.push(FieldError { field: field("arrived_at"), message: "programs-attendance-error-no-arrival".into() })
            }
            (Some(a), Some(l)) if l <= a => {
                errors.push(FieldError { field: field("left_at"), message: "programs-attendance-error-order".into() })
            }
            _ => {}
        }
        if r.excused && a.is_some() {
            errors.push(FieldError { field: field("excused"), message: "programs-attendance-error-excused".into() });
        }
        records.push(Attendance { session_id: id, participant_id: r.participant_id, arrived_at: a, left_at: l, excused: r.excused });
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.now();
    let mut tx = state.db.begin().await?;
    for a in &records {
        store::record_attendance(&mut tx, a, now).await?;
    }
    tx.commit().await?;
    super::badges::issue_completed(&state, s.session.cohort_id, now).await?;
    let data = lines(&state, id, s.session.cohort_id).await?;
    let actor = audit::Actor::api(&user, &ip, now);
    audit::record(&state.db, actor, "programs.api.view", &Subject::new("session", id, &s.label), &format!("written={}", records.len()))
        .await?;
    Ok(axum::Json(AttendanceJson { session_id: id, data }).into_response())
}
