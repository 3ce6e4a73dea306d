//! The staff page of the job queue, for the network's administrators: every job (newest
//! first, paged by id), each with its progress, and a retry for a failed job or a cancel
//! for a queued one.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::Job;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, Layout, Query, html, see_other};

/// Jobs on a page of the list.
const PAGE: i64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/taches", get(list))
        // `{id}` is the job's page, `{id}.json` its progress for the page's script.
        .route("/admin/taches/{id}", get(show))
        .route("/admin/taches/{id}/relancer", post(retry))
        .route("/admin/taches/{id}/annuler", post(cancel))
}

/// Jobs can belong to any club and carry any file: the network's administrators only.
fn network_admin(ctx: &Ctx) -> AppResult<&Principal> {
    let p = ctx.staff()?;
    if p.is_network_admin() { Ok(p) } else { Err(AppError::Forbidden) }
}

async fn layout(state: &AppState, ctx: &Ctx, title: String) -> AppResult<Layout> {
    Ok(Layout::core_admin(state, ctx, title, "jobs").await?)
}

/// A job as the pages show it, its words already translated.
struct Row {
    job: Job,
    kind: String,
    status: String,
    progress: String,
    who: String,
    /// Where its result is shown (a path the result named), if anywhere.
    link: Option<String>,
}

impl Row {
    fn of(state: &AppState, ctx: &Ctx, job: Job) -> Row {
        let tr = &ctx.tr;
        let kind = state.jobs.label(&job.kind).map(|k| tr.t(k)).unwrap_or_else(|| job.kind.clone());
        let status = tr.t(&format!("jobs-status-{}", job.status));
        let progress = if job.progress_text.is_empty() { String::new() } else { tr.t(&job.progress_text) };
        let who = job.created_by_name.clone().unwrap_or_else(|| tr.t("jobs-who-system"));
        let link = job.result_json()["url"].as_str().filter(|u| u.starts_with('/') && !u.starts_with("//")).map(str::to_string);
        Row { job, kind, status, progress, who, link }
    }

    /// The bar's maximum and value: an unknown total shows an indeterminate bar while the
    /// job runs, and a full one once it is done.
    fn bar(&self) -> Option<(i64, i64)> {
        let j = &self.job;
        if j.progress_total > 0 {
            Some((j.progress_total, j.progress_done.clamp(0, j.progress_total)))
        } else if j.status == "done" {
            Some((1, 1))
        } else {
            None
        }
    }

    fn percent(&self) -> i64 {
        match self.bar() {
            Some((max, value)) => value * 100 / max,
            None => 0,
        }
    }

    /// The text of the live region: the status, and what the job is doing while it runs.
    fn state_text(&self) -> String {
        if self.job.status == "running" && !self.progress.is_empty() {
            format!("{} – {}", self.status, self.progress)
        } else {
            self.status.clone()
        }
    }
}

#[derive(askama::Template)]
#[template(path = "admin/jobs.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    /// The next (older) page's `avant` value.
    older: Option<i64>,
    first_page: bool,
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    avant: Option<String>,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let before = match q.avant.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::BadRequest("error-bad-query"))?),
        None => None,
    };
    let mut jobs = super::list(&state.db, before, PAGE + 1).await?;
    let older = if jobs.len() as i64 > PAGE {
        jobs.truncate(PAGE as usize);
        jobs.last().map(|j| j.id)
    } else {
        None
    };
    let rows = jobs.into_iter().map(|j| Row::of(&state, &ctx, j)).collect();
    let l = layout(&state, &ctx, ctx.tr.t("jobs-title")).await?;
    html(&ListPage { l, rows, older, first_page: before.is_none() })
}

#[derive(askama::Template)]
#[template(path = "admin/job.html")]
struct JobPage {
    l: Layout,
    row: Row,
    flash: Option<String>,
}

/// The progress, as the page's script reads it (`static/essaim.js`, every progress page).
#[derive(serde::Serialize)]
pub struct JobStatus {
    pub status: String,
    pub processed: i64,
    pub total: i64,
    pub percent: i64,
    /// The state in words (the page's live region).
    pub text: String,
}

#[derive(serde::Deserialize, Default)]
struct ShowQuery {
    ok: Option<String>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<ShowQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (id, json) = match id.strip_suffix(".json") {
        Some(n) => (n, true),
        None => (id.as_str(), false),
    };
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let job = super::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let row = Row::of(&state, &ctx, job);
    if json {
        let (total, processed) = row.bar().unwrap_or((0, 0));
        let status = JobStatus { status: row.job.status.clone(), processed, total, percent: row.percent(), text: row.state_text() };
        return Ok(Json(status).into_response());
    }
    let flash = match q.ok.as_deref() {
        Some("relancee") => Some(ctx.tr.t("jobs-flash-retried")),
        Some("annulee") => Some(ctx.tr.t("jobs-flash-cancelled")),
        _ => None,
    };
    let mut l = layout(&state, &ctx, ctx.tr.a("jobs-job-title", "id", &id.to_string())).await?;
    l.refresh = if row.job.active() { 2 } else { 0 };
    html(&JobPage { l, row, flash })
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn retry(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    super::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !super::retry(&state, id).await? {
        return Err(AppError::Conflict("jobs-error-not-failed"));
    }
    Ok(see_other(&format!("/admin/taches/{id}?ok=relancee")))
}

async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<CsrfForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    super::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !super::cancel(&state, id).await? {
        return Err(AppError::Conflict("jobs-error-not-queued"));
    }
    Ok(see_other(&format!("/admin/taches/{id}?ok=annulee")))
}
