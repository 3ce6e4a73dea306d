//! The attendance of a session, taken on a phone by its lead (`/admin/programmes/seances/{id}`):
//! one line per participant placed in it, arrival and departure as times of the session's day
//! (in the site's time zone), or an excused absence; the minutes attended are computed. A time
//! that does not read, or a departure before the arrival, is said next to its field with what
//! was typed kept, and nothing of the form is written.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::super::model::{Attendance, Participant, Session};
use super::super::store;
use super::{Flash, layout, seen_cohort};
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Tr;
use crate::core::web::{AppState, Ctx, FormErrors, Layout, Query, html_status, see_other};

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/programmes/seances/{id}", get(page).post(save))
}

/// An attendance in words: "14:02 – 16:00 (118 min)", "Excusée", "Absente", "—".
pub fn words(tr: &Tr, a: Option<&Attendance>) -> String {
    match a {
        None => tr.t("programs-attendance-none"),
        Some(a) if a.excused => tr.t("programs-attendance-excused"),
        Some(Attendance { arrived_at: Some(t), left_at: Some(l), .. }) => {
            let minutes =
                Attendance { session_id: 0, participant_id: 0, arrived_at: Some(*t), left_at: Some(*l), excused: false }.minutes();
            tr.args("programs-attendance-span", &[("from", &tr.time(*t)), ("to", &tr.time(*l)), ("minutes", &minutes.to_string())])
        }
        Some(Attendance { arrived_at: Some(t), .. }) => tr.a("programs-attendance-arrived", "from", &tr.time(*t)),
        Some(_) => tr.t("programs-attendance-absent"),
    }
}

/// A time as a time field's value ("14:02", in the site's time zone).
fn hhmm(tr: &Tr, t: i64) -> String {
    jiff::Timestamp::from_second(t).map(|ts| ts.to_zoned(tr.tz().clone()).strftime("%H:%M").to_string()).unwrap_or_default()
}

/// "HH:MM" (or "14h02") on the session's day, in the site's time zone; `None` when it does not read.
pub fn at_time(tr: &Tr, session: &Session, hhmm: &str) -> Option<i64> {
    let (h, m) = hhmm.trim().split_once([':', 'h', 'H'])?;
    // Seconds, as some browsers send them, are dropped.
    let m = m.split(':').next()?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    let day = jiff::Timestamp::from_second(session.starts_at).ok()?.to_zoned(tr.tz().clone()).date();
    day.at(h, m, 0, 0).to_zoned(tr.tz().clone()).ok().map(|z| z.timestamp().as_second())
}

/// Attendance opens on the session's day (in the site's time zone): a session to come on
/// another day has no attendance yet, so that no one completes a path ahead of time.
pub fn open_for_attendance(tr: &Tr, session: &Session, now: i64) -> bool {
    let day = |t: i64| jiff::Timestamp::from_second(t).map(|ts| ts.to_zoned(tr.tz().clone()).date()).ok();
    matches!((day(session.starts_at), day(now)), (Some(s), Some(n)) if s <= n)
}

pub struct Line {
    pub id: i64,
    pub name: String,
    pub arrived: String,
    pub left: String,
    pub excused: bool,
    pub state: String,
}

#[derive(askama::Template)]
#[template(path = "programs/admin_attendance.html")]
struct Page {
    l: Layout,
    session: Session,
    cohort_id: i64,
    cohort: String,
    when: String,
    lines: Vec<Line>,
    errors: FormErrors,
    error_lines: Vec<(String, String)>,
    flash: Option<(bool, String)>,
    /// Attendance may be taken (the session's day has come).
    open: bool,
}

struct Loaded {
    session: Session,
    cohort_label: String,
    people: Vec<Participant>,
    attendance: Vec<Attendance>,
}

async fn load(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Loaded> {
    let user = ctx.staff()?;
    let session = store::session(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let seen = seen_cohort(state, user, session.cohort_id).await?;
    let placed = store::places(&state.db, id).await?;
    let people = store::participants(&state.db, session.cohort_id).await?.into_iter().filter(|p| placed.contains(&p.id)).collect();
    let attendance = store::cohort_attendance(&state.db, session.cohort_id).await?.into_iter().filter(|a| a.session_id == id).collect();
    Ok(Loaded { session, cohort_label: format!("{} · {} · {}", seen.program.title, seen.club, seen.cohort.label), people, attendance })
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    d: Loaded,
    lines: Vec<Line>,
    errors: FormErrors,
    flash: Option<(bool, String)>,
) -> AppResult<Response> {
    audit::record(
        &state.db,
        ctx,
        "programs.attendance.view",
        &Subject::new("session", d.session.id, &d.session.title),
        &format!("rows={}", lines.len()),
    )
    .await?;
    let l = layout(state, ctx, ctx.tr.a("programs-attendance-title", "session", &d.session.title)).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page {
        l,
        open: open_for_attendance(&ctx.tr, &d.session, ctx.now),
        when: format!("{} – {}", ctx.tr.datetime(d.session.starts_at), ctx.tr.time(d.session.ends_at)),
        cohort_id: d.session.cohort_id,
        session: d.session,
        cohort: d.cohort_label,
        lines,
        error_lines: errors.lines(&ctx.tr),
        errors,
        flash,
    };
    html_status(status, &page).map(crate::core::access::no_store)
}

async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Flash>) -> AppResult<Response> {
    let d = load(&state, &ctx, id).await?;
    let lines = d
        .people
        .iter()
        .map(|p| {
            let a = d.attendance.iter().find(|a| a.participant_id == p.id);
            Line {
                id: p.id,
                name: format!("{} {}", p.first_name, p.last_name),
                arrived: a.and_then(|a| a.arrived_at).map(|t| hhmm(&ctx.tr, t)).unwrap_or_default(),
                left: a.and_then(|a| a.left_at).map(|t| hhmm(&ctx.tr, t)).unwrap_or_default(),
                excused: a.is_some_and(|a| a.excused),
                state: words(&ctx.tr, a),
            }
        })
        .collect();
    let flash = q.message(&ctx.tr);
    render(&state, &ctx, d, lines, FormErrors::default(), flash).await
}

async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, body: axum::body::Bytes) -> AppResult<Response> {
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    ctx.check_csrf(&get("csrf"))?;
    let d = load(&state, &ctx, id).await?;
    if !open_for_attendance(&ctx.tr, &d.session, ctx.now) {
        return Err(AppError::Conflict("programs-attendance-error-future"));
    }
    let mut errors = FormErrors::default();
    let mut lines = vec![];
    let mut records = vec![];
    for p in &d.people {
        let (arrived, left, excused) = (get(&format!("a-{}", p.id)), get(&format!("d-{}", p.id)), !get(&format!("x-{}", p.id)).is_empty());
        let a = if arrived.is_empty() { None } else { at_time(&ctx.tr, &d.session, &arrived) };
        let l = if left.is_empty() { None } else { at_time(&ctx.tr, &d.session, &left) };
        if !arrived.is_empty() && a.is_none() {
            errors.add(&format!("a-{}", p.id), "programs-attendance-error-time");
        }
        if !left.is_empty() && l.is_none() {
            errors.add(&format!("d-{}", p.id), "programs-attendance-error-time");
        } else if l.is_some() && a.is_none() && arrived.is_empty() {
            errors.add(&format!("a-{}", p.id), "programs-attendance-error-no-arrival");
        } else if let (Some(a), Some(l)) = (a, l)
            && l <= a
        {
            errors.add(&format!("d-{}", p.id), "programs-attendance-error-order");
        }
        if excused && !arrived.is_empty() {
            errors.add(&format!("x-{}", p.id), "programs-attendance-error-excused");
        }
        let previous = d.attendance.iter().find(|x| x.participant_id == p.id);
        lines.push(Line {
            id: p.id,
            name: format!("{} {}", p.first_name, p.last_name),
            arrived,
            left,
            excused,
            state: words(&ctx.tr, previous),
        });
        if a.is_some() || excused || previous.is_some() {
            records.push(Attendance { session_id: id, participant_id: p.id, arrived_at: a, left_at: l, excused });
        }
    }
    if !errors.is_empty() {
        return render(&state, &ctx, d, lines, errors, None).await;
    }
    let mut tx = state.db.begin().await?;
    for a in &records {
        store::record_attendance(&mut tx, a, ctx.now).await?;
    }
    tx.commit().await?;
    // Those whose path this completes get their badge now.
    super::super::badges::issue_completed(&state, d.session.cohort_id, ctx.now).await?;
    Ok(see_other(&format!("/admin/programmes/seances/{id}?ok=saved#flash")))
}
