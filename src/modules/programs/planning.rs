//! Opening a cohort and adapting its path (`/admin/programmes/promotions/nouvelle`,
//! `/admin/programmes/seances/{id}/modifier`, `/admin/programmes/cohortes/{id}/seances/nouvelle`).
//!
//! A club that opens a program for a school year gets the program's path template as its
//! sessions, one every four weeks from the first session's day at the hour given, each with the
//! template's kind, title, skills and length; the club then adapts them (title, kind, date and
//! times, place, who leads) and adds its own. The club joins the program on its first cohort
//! (`program_clubs`, shown on the public page). Opening is for the club's administrators and
//! the network's; adapting sessions for anyone who sees the cohort.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::super::model::{CohortInput, Session, SessionInput, SessionKind};
use super::super::pages::kind_key;
use super::super::store::{self, staff};
use super::{layout, seen_cohort};
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, html_status, see_other};
use crate::modules::network;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/programmes/promotions/nouvelle", get(new_cohort).post(create_cohort))
        .route("/admin/programmes/seances/{id}/modifier", get(edit_session).post(update_session))
        .route("/admin/programmes/cohortes/{id}/seances/nouvelle", get(new_session).post(create_session))
}

// ---- a new cohort ----

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CohortForm {
    csrf: String,
    program: String,
    club: String,
    school_year: String,
    capacity: String,
    starts_on: String,
    ends_on: String,
    first_session: String,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_cohort_new.html")]
struct CohortPage {
    l: Layout,
    programs: Vec<(i64, String)>,
    clubs: Vec<(i64, String)>,
    /// The text fields: (name, label key, input type, value, hint key).
    inputs: Vec<(&'static str, &'static str, &'static str, String, &'static str)>,
    form: CohortForm,
    errors: FormErrors,
    error_lines: Vec<(String, String)>,
}

async fn cohort_render(state: &AppState, ctx: &Ctx, form: CohortForm, errors: FormErrors) -> AppResult<Response> {
    let user = ctx.staff()?;
    let programs = store::programs(&state.db).await?.into_iter().map(|p| (p.id, p.title)).collect();
    let clubs = network::list_clubs(&state.db).await?.into_iter().filter(|c| user.can_manage_club(c.id)).map(|c| (c.id, c.name)).collect();
    let l = layout(state, ctx, ctx.tr.t("programs-planning-new")).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let inputs = vec![
        ("school_year", "programs-admin-year", "text", form.school_year.clone(), "programs-planning-year-hint"),
        ("capacity", "programs-planning-capacity", "number", form.capacity.clone(), ""),
        ("starts_on", "programs-planning-starts", "date", form.starts_on.clone(), ""),
        ("ends_on", "programs-planning-ends", "date", form.ends_on.clone(), ""),
        ("first_session", "programs-planning-first", "datetime-local", form.first_session.clone(), "programs-planning-first-hint"),
    ];
    let page = CohortPage { l, programs, clubs, inputs, form, error_lines: errors.lines(&ctx.tr), errors };
    html_status(status, &page).map(crate::core::access::no_store)
}

async fn new_cohort(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let now = jiff::Timestamp::from_second(ctx.now).map(|t| t.to_zoned(ctx.tr.tz().clone()).date()).unwrap_or_default();
    let year = if now.month() >= 9 { now.year() } else { now.year() - 1 } + if now.month() >= 6 { 1 } else { 0 };
    let form = CohortForm {
        school_year: format!("{year}-{}", year + 1),
        capacity: "12".into(),
        starts_on: format!("{year}-09-16"),
        ends_on: format!("{}-06-24", year + 1),
        first_session: format!("{year}-10-07T14:00"),
        ..CohortForm::default()
    };
    cohort_render(&state, &ctx, form, FormErrors::default()).await
}

fn date(s: &str) -> Option<jiff::civil::Date> {
    jiff::civil::Date::strptime("%Y-%m-%d", s.trim()).ok()
}

fn utc_midnight(d: jiff::civil::Date) -> Option<i64> {
    d.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_second())
}

async fn create_cohort(State(state): State<AppState>, ctx: Ctx, Form(f): Form<CohortForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let mut errors = FormErrors::default();
    let program = match f.program.trim().parse::<i64>() {
        Ok(id) => store::program(&state.db, id).await?,
        Err(_) => None,
    };
    if program.is_none() {
        errors.add("program", "programs-planning-error-program");
    }
    let club = f.club.trim().parse::<i64>().ok().filter(|c| user.can_manage_club(*c));
    if club.is_none() {
        errors.add("club", "programs-planning-error-club");
    }
    let year_ok = {
        let y = f.school_year.trim();
        y.len() == 9
            && y.as_bytes()[4] == b'-'
            && matches!((y[..4].parse::<i32>(), y[5..].parse::<i32>()), (Ok(a), Ok(b)) if b == a + 1 && (2000..2100).contains(&a))
    };
    if !year_ok {
        errors.add("school_year", "programs-planning-error-year");
    }
    let capacity = f.capacity.trim().parse::<i64>().ok().filter(|c| (1..=500).contains(c));
    if capacity.is_none() {
        errors.add("capacity", "programs-planning-error-capacity");
    }
    let (starts, ends) = (date(&f.starts_on), date(&f.ends_on));
    if starts.is_none() {
        errors.add("starts_on", "programs-planning-error-date");
    }
    match (starts, ends) {
        (_, None) => errors.add("ends_on", "programs-planning-error-date"),
        (Some(s), Some(e)) if e <= s => errors.add("ends_on", "programs-planning-error-order"),
        _ => {}
    }
    let first = ctx.tr.parse_input_datetime(&f.first_session);
    if first.is_none() {
        errors.add("first_session", "programs-planning-error-datetime");
    }
    let (Some(program), Some(club), Some(capacity), Some(starts), Some(ends), Some(first), true) =
        (program, club, capacity, starts, ends, first, errors.is_empty())
    else {
        return cohort_render(&state, &ctx, f, errors).await;
    };
    let school_year = f.school_year.trim().to_string();
    let input = CohortInput {
        program_id: program.id,
        club_id: club,
        school_year: school_year.clone(),
        label: ctx.tr.a("programs-planning-label", "year", &school_year),
        capacity,
        starts_on: utc_midnight(starts).unwrap_or_default(),
        ends_on: utc_midnight(ends).unwrap_or_default(),
    };
    let mut tx = state.db.begin().await?;
    let cohort_id = match store::insert_cohort(&mut tx, &input, ctx.now).await {
        Ok(id) => id,
        Err(e) if crate::core::error::taken_field(&e).is_some() => {
            tx.rollback().await?;
            let mut errors = FormErrors::default();
            errors.add("school_year", "programs-planning-error-taken");
            return cohort_render(&state, &ctx, f, errors).await;
        }
        Err(e) => return Err(e.into()),
    };
    store::open_in_club(&mut tx, program.id, club, ctx.now).await?;
    // The template's steps, every four weeks from the first session.
    // Four calendar weeks apart at the same local time, whatever the clocks do in between.
    let first_local = jiff::Timestamp::from_second(first)
        .map(|t| t.to_zoned(ctx.tr.tz().clone()).datetime())
        .map_err(|e| AppError::Internal(e.into()))?;
    for (i, step) in program.path.iter().enumerate() {
        let local = first_local.checked_add(jiff::Span::new().weeks(4 * i as i64)).map_err(|e| AppError::Internal(e.into()))?;
        let starts_at = local.to_zoned(ctx.tr.tz().clone()).map_err(|e| AppError::Internal(e.into()))?.timestamp().as_second();
        let s = SessionInput {
            kind: step.kind,
            title: step.title.clone(),
            starts_at,
            ends_at: starts_at + step.minutes.max(15) * 60,
            place: String::new(),
            lead: String::new(),
            skills: step.skills.clone(),
        };
        store::insert_session(&mut tx, cohort_id, &s).await?;
    }
    tx.commit().await?;
    Ok(see_other(&format!("/admin/programmes/cohortes/{cohort_id}?ok=saved#flash")))
}

// ---- a session ----

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
struct SessionForm {
    csrf: String,
    kind: String,
    title: String,
    starts_at: String,
    ends_at: String,
    place: String,
    lead: String,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_session.html")]
struct SessionPage {
    l: Layout,
    action: String,
    cohort_id: i64,
    cohort: String,
    kinds: Vec<(&'static str, String)>,
    /// The text fields: (name, label key, input type, value).
    inputs: Vec<(&'static str, &'static str, &'static str, String)>,
    form: SessionForm,
    errors: FormErrors,
    error_lines: Vec<(String, String)>,
}

async fn session_render(
    state: &AppState,
    ctx: &Ctx,
    cohort_id: i64,
    session: Option<i64>,
    form: SessionForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let seen = seen_cohort(state, user, cohort_id).await?;
    let title = if session.is_some() { ctx.tr.t("programs-planning-edit-session") } else { ctx.tr.t("programs-planning-new-session") };
    let l = layout(state, ctx, title).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = SessionPage {
        l,
        action: match session {
            Some(id) => format!("/admin/programmes/seances/{id}/modifier"),
            None => format!("/admin/programmes/cohortes/{cohort_id}/seances/nouvelle"),
        },
        cohort_id,
        cohort: format!("{} · {} · {}", seen.program.title, seen.club, seen.cohort.label),
        kinds: SessionKind::ALL.iter().map(|k| (k.as_str(), ctx.tr.t(kind_key(*k)))).collect(),
        inputs: vec![
            ("title", "programs-admin-session", "text", form.title.clone()),
            ("starts_at", "programs-planning-session-starts", "datetime-local", form.starts_at.clone()),
            ("ends_at", "programs-planning-session-ends", "datetime-local", form.ends_at.clone()),
            ("place", "programs-planning-place", "text", form.place.clone()),
            ("lead", "programs-planning-lead", "text", form.lead.clone()),
        ],
        form,
        error_lines: errors.lines(&ctx.tr),
        errors,
    };
    html_status(status, &page).map(crate::core::access::no_store)
}

fn form_of(ctx: &Ctx, s: &Session) -> SessionForm {
    SessionForm {
        csrf: String::new(),
        kind: s.kind.as_str().into(),
        title: s.title.clone(),
        starts_at: ctx.tr.input_datetime(s.starts_at),
        ends_at: ctx.tr.input_datetime(s.ends_at),
        place: s.place.clone(),
        lead: s.lead.clone(),
    }
}

/// The session the form describes, or the errors next to their fields.
fn check(ctx: &Ctx, f: &SessionForm, skills: Vec<String>) -> Result<SessionInput, FormErrors> {
    let mut errors = FormErrors::default();
    let kind = SessionKind::parse(f.kind.trim());
    if kind.is_none() {
        errors.add("kind", "programs-planning-error-kind");
    }
    for (field, value, max, required) in [("title", &f.title, 200, true), ("place", &f.place, 300, false), ("lead", &f.lead, 300, false)] {
        let n = value.trim().chars().count();
        if required && n == 0 {
            errors.add(field, "field-required");
        } else if n > max {
            errors.add(field, &too_long(n, max));
        }
    }
    let starts = ctx.tr.parse_input_datetime(&f.starts_at);
    let ends = ctx.tr.parse_input_datetime(&f.ends_at);
    if starts.is_none() {
        errors.add("starts_at", "programs-planning-error-datetime");
    }
    match (starts, ends) {
        (_, None) => errors.add("ends_at", "programs-planning-error-datetime"),
        (Some(s), Some(e)) if e <= s => errors.add("ends_at", "programs-planning-error-order"),
        _ => {}
    }
    match (kind, starts, ends, errors.is_empty()) {
        (Some(kind), Some(starts_at), Some(ends_at), true) => Ok(SessionInput {
            kind,
            title: f.title.trim().into(),
            starts_at,
            ends_at,
            place: f.place.trim().into(),
            lead: f.lead.trim().into(),
            skills,
        }),
        _ => Err(errors),
    }
}

async fn edit_session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let s = store::session(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let form = form_of(&ctx, &s);
    session_render(&state, &ctx, s.cohort_id, Some(id), form, FormErrors::default()).await
}

async fn update_session(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<SessionForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let s = store::session(&state.db, id).await?.ok_or(AppError::NotFound)?;
    seen_cohort(&state, user, s.cohort_id).await?;
    match check(&ctx, &f, s.skills.clone()) {
        Err(errors) => session_render(&state, &ctx, s.cohort_id, Some(id), f, errors).await,
        Ok(input) => {
            let mut tx = state.db.begin().await?;
            staff::update_session(&mut tx, id, &input).await?;
            tx.commit().await?;
            Ok(see_other(&format!("/admin/programmes/cohortes/{}?ok=saved#flash", s.cohort_id)))
        }
    }
}

async fn new_session(State(state): State<AppState>, ctx: Ctx, Path(cohort_id): Path<i64>) -> AppResult<Response> {
    let form = SessionForm { kind: "workshop".into(), ..SessionForm::default() };
    session_render(&state, &ctx, cohort_id, None, form, FormErrors::default()).await
}

async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(cohort_id): Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    seen_cohort(&state, user, cohort_id).await?;
    match check(&ctx, &f, vec![]) {
        Err(errors) => session_render(&state, &ctx, cohort_id, None, f, errors).await,
        Ok(input) => {
            let mut tx = state.db.begin().await?;
            store::insert_session(&mut tx, cohort_id, &input).await?;
            tx.commit().await?;
            Ok(see_other(&format!("/admin/programmes/cohortes/{cohort_id}?ok=saved#flash")))
        }
    }
}
