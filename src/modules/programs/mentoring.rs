//! Mentoring: a club's volunteer mentors (`/admin/programmes/cohortes/{id}/mentors`, staff who
//! see the cohort), each reached by an access link (`/programmes/mentorat/{token}`, scope
//! [`MENTOR_SCOPE`], no account) where they see the participants paired with them and log
//! their meetings (date, minutes, a note seen by staff only).
//!
//! What a mentor's page holds of a participant is her first name, her program and her cohort,
//! nothing else: `store::mentors::mentees` reads no other column, and only while she is
//! selected with every required consent, so a guardian's withdrawal hides her on the next
//! request. Contact goes through staff: the page gives the club's address, never hers.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::super::store::mentors::{self, Mentee, Mentor};
use super::{CsrfForm, Flash, layout, seen_cohort};
use crate::core::access;
use crate::core::error::{AppError, AppResult, too_long};
use crate::core::i18n::{Locale, Tr};
use crate::core::mail::{self, Mail};
use crate::core::values::Email;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, Query, html_status, see_other};
use crate::modules::network::{self, public_layout};

/// The scope of a mentor's link (its subject: the mentor's id).
pub const MENTOR_SCOPE: &str = "programs.mentor";

/// How long a mentor's link lasts (a school year and a summer).
const LINK_DAYS: i64 = 400;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/programmes/cohortes/{id}/mentors", get(staff_page).post(add))
        .route("/admin/programmes/cohortes/{id}/mentors/{mentor}/lien", post(resend))
        .route("/programmes/mentorat/{token}", get(mentor_page).post(log))
}

// ---- staff ----

#[derive(askama::Template)]
#[template(path = "programs/admin_mentors.html")]
struct StaffPage {
    l: Layout,
    cohort_id: i64,
    cohort: String,
    mentors: Vec<Mentor>,
    name: String,
    email: String,
    errors: FormErrors,
    error_lines: Vec<(String, String)>,
    flash: Option<(bool, String)>,
}

async fn staff_render(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    name: String,
    email: String,
    errors: FormErrors,
    flash: Option<(bool, String)>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    let seen = seen_cohort(state, user, id).await?;
    let l = layout(state, ctx, ctx.tr.a("programs-mentors-title", "cohort", &seen.cohort.label)).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = StaffPage {
        l,
        cohort_id: id,
        cohort: format!("{} · {} · {}", seen.program.title, seen.club, seen.cohort.label),
        mentors: mentors::mentors(&state.db, seen.cohort.club_id).await?,
        name,
        email,
        error_lines: errors.lines(&ctx.tr),
        errors,
        flash,
    };
    html_status(status, &page).map(access::no_store)
}

async fn staff_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Flash>) -> AppResult<Response> {
    let flash = q.message(&ctx.tr);
    staff_render(&state, &ctx, id, String::new(), String::new(), FormErrors::default(), flash).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MentorForm {
    csrf: String,
    name: String,
    email: String,
}

/// Add a mentor to the club and e-mail their link.
async fn add(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<MentorForm>) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let seen = seen_cohort(&state, user, id).await?;
    let name = f.name.trim().to_string();
    let mut errors = FormErrors::default();
    let n = name.chars().count();
    if n == 0 {
        errors.add("name", "field-required");
    } else if n > 200 {
        errors.add("name", &too_long(n, 200));
    }
    let email = match Email::parse(&f.email) {
        Ok(e) => Some(e.into_string()),
        Err(key) => {
            errors.add("email", key);
            None
        }
    };
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return staff_render(&state, &ctx, id, f.name, f.email, errors, None).await;
    };
    let mut tx = state.db.begin().await?;
    let mentor_id = mentors::upsert_mentor(&mut tx, seen.cohort.club_id, &name, &email, ctx.now).await?;
    let mentor = Mentor { id: mentor_id, club_id: seen.cohort.club_id, name, email };
    send_link(&mut tx, &state, &mentor, &seen.club, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/programmes/cohortes/{id}/mentors?ok=mentor#flash")))
}

async fn resend(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, mentor_id)): Path<(i64, i64)>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let user = ctx.staff()?;
    ctx.check_csrf(&f.csrf)?;
    let seen = seen_cohort(&state, user, id).await?;
    let mentor = mentors::mentor(&state.db, mentor_id).await?.filter(|m| m.club_id == seen.cohort.club_id).ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    // The new link replaces the old ones (a forwarded or lost link stops working).
    access::revoke_subjects(&mut tx, MENTOR_SCOPE, &[mentor.id], ctx.now).await?;
    send_link(&mut tx, &state, &mentor, &seen.club, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other(&format!("/admin/programmes/cohortes/{id}/mentors?ok=mentor#flash")))
}

/// Issue a mentor's link and e-mail it through the outbox (in French, the network's language).
pub async fn send_link(tx: &mut crate::core::db::Tx, state: &AppState, m: &Mentor, club: &str, now: i64) -> Result<String, sqlx::Error> {
    let tr = state.tr(Locale::Fr);
    let token = access::issue(tx, &access::Links::of(state), MENTOR_SCOPE, m.id, &m.email, now + LINK_DAYS * 86_400, now).await?;
    let text = [
        tr.a("programs-mentor-mail-hello", "name", &m.name),
        String::new(),
        tr.a("programs-mentor-mail-body", "club", club),
        state.absolute(&format!("/programmes/mentorat/{token}")),
        String::new(),
        tr.t("programs-mentor-mail-privacy"),
    ]
    .join("\n");
    let mail = Mail {
        dedup_key: format!("programs:mentor:{}:{}", m.id, crate::core::auth::random_token()),
        to: m.email.clone(),
        subject: tr.a("programs-mentor-mail-subject", "club", club),
        text,
        html: None,
        ics: None,
    };
    mail::enqueue(tx, &mail, now).await?;
    Ok(token)
}

// ---- the mentor's page ----

pub struct MenteeView {
    pub m: Mentee,
    /// "3 rencontres, 4 h 30".
    pub meetings: String,
    pub held_on: String,
    pub minutes: String,
    pub note: String,
}

#[derive(askama::Template)]
#[template(path = "programs/mentor.html")]
struct MentorPage {
    l: Layout,
    token: String,
    mentor_name: String,
    club: String,
    club_email: String,
    mentees: Vec<MenteeView>,
    errors: FormErrors,
    error_lines: Vec<(String, String)>,
    /// The pairing whose form was sent with errors.
    sent_pair: i64,
    flash: Option<String>,
}

fn summary(tr: &Tr, meetings: &[mentors::Meeting], pair_id: i64) -> String {
    let mine: Vec<&mentors::Meeting> = meetings.iter().filter(|e| e.pair_id == pair_id).collect();
    let minutes: i64 = mine.iter().map(|e| e.minutes).sum();
    tr.args(
        "programs-mentor-meetings",
        &[("count", &mine.len().to_string()), ("hours", &(minutes / 60).to_string()), ("minutes", &format!("{:02}", minutes % 60))],
    )
}

#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
struct LogForm {
    csrf: String,
    pair: String,
    held_on: String,
    minutes: String,
    note: String,
}

async fn mentor_render(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    mentor: Mentor,
    sent: Option<LogForm>,
    errors: FormErrors,
    flash: Option<String>,
) -> AppResult<Response> {
    let club = network::get_club(&state.db, mentor.club_id).await?;
    let meetings = mentors::meetings_of_mentor(&state.db, mentor.id).await?;
    let sent_pair = sent.as_ref().and_then(|s| s.pair.parse().ok()).unwrap_or(0);
    let mentees = mentors::mentees(&state.db, mentor.id)
        .await?
        .into_iter()
        .map(|m| {
            let mine = sent.as_ref().filter(|_| m.pair_id == sent_pair);
            MenteeView {
                meetings: summary(&ctx.tr, &meetings, m.pair_id),
                held_on: mine.map(|s| s.held_on.clone()).unwrap_or_default(),
                minutes: mine.map(|s| s.minutes.clone()).unwrap_or_default(),
                note: mine.map(|s| s.note.clone()).unwrap_or_default(),
                m,
            }
        })
        .collect();
    let mut l = public_layout(state, ctx, ctx.tr.t("programs-mentor-title")).await?;
    l.noindex = true;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = MentorPage {
        l,
        token: token.to_string(),
        mentor_name: mentor.name,
        club: club.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        club_email: club.map(|c| c.email).unwrap_or_default(),
        mentees,
        error_lines: errors.lines(&ctx.tr),
        errors,
        sent_pair,
        flash,
    };
    html_status(status, &page).map(access::no_store)
}

async fn holder(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<Mentor> {
    let id = access::open(state, &ctx.ip, token, MENTOR_SCOPE, ctx.now).await?;
    mentors::mentor(&state.db, id).await?.ok_or(AppError::LinkGone)
}

async fn mentor_page(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Query(q): Query<Flash>) -> AppResult<Response> {
    let mentor = holder(&state, &ctx, &token).await?;
    let flash = (q.ok == "logged").then(|| ctx.tr.t("programs-mentor-logged"));
    mentor_render(&state, &ctx, &token, mentor, None, FormErrors::default(), flash).await
}

async fn log(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(f): Form<LogForm>) -> AppResult<Response> {
    let mentor = holder(&state, &ctx, &token).await?;
    ctx.check_csrf(&f.csrf)?;
    let pair: i64 = f.pair.trim().parse().map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let mut errors = FormErrors::default();
    let day = f.held_on.trim();
    let date_ok = jiff::civil::Date::strptime("%Y-%m-%d", day).ok();
    match date_ok {
        None => errors.add("held_on", "programs-mentor-error-date"),
        Some(d) if d > jiff::Timestamp::from_second(ctx.now).map(|t| t.to_zoned(ctx.tr.tz().clone()).date()).unwrap_or(d) => {
            errors.add("held_on", "programs-mentor-error-future")
        }
        Some(_) => {}
    }
    let minutes = f.minutes.trim().parse::<i64>().ok().filter(|m| (1..=1440).contains(m));
    if minutes.is_none() {
        errors.add("minutes", "programs-mentor-error-minutes");
    }
    let n = f.note.trim().chars().count();
    if n > 4000 {
        errors.add("note", &too_long(n, 4000));
    }
    if !errors.is_empty() {
        return mentor_render(&state, &ctx, &token, mentor, Some(f), errors, None).await;
    }
    let mut tx = state.db.begin().await?;
    let ok = mentors::log_meeting(&mut tx, mentor.id, pair, day, minutes.unwrap_or(0), f.note.trim(), ctx.now).await?;
    tx.commit().await?;
    if !ok {
        // The pairing ended, or the participant's consent was withdrawn: she is no longer shown.
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/programmes/mentorat/{token}?ok=logged#flash")))
}

/// The "send me my links again" e-mail's line for a mentor's link.
fn describe<'a>(state: &'a AppState, tr: &'a Tr, subject: i64, token: &'a str) -> access::DescribeFuture<'a> {
    Box::pin(async move {
        let Some(m) = mentors::mentor(&state.db, subject).await? else { return Ok(None) };
        let club = network::get_club(&state.db, m.club_id).await?.map(|c| c.name).unwrap_or_default();
        Ok(Some(access::Described {
            label: tr.a("programs-mentor-link-label", "club", &club),
            path: format!("/programmes/mentorat/{token}"),
        }))
    })
}

pub const SCOPE: access::Scope = access::Scope { name: MENTOR_SCOPE, describe };
