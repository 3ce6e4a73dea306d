//! The import from the back office, for the network's administrators: upload a WordPress
//! export, follow the import's progress, then read its report. The upload becomes a job of
//! the core's queue (kind `wordpress.import`, the file attached in the database), so whichever
//! instance is free runs it, and any instance shows its progress.

use std::path::PathBuf;

use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::model::{Job, Options, Summary, Tally, group_warnings, overall_progress};
use super::{ImportError, Site};
use crate::core::auth::{Principal, random_token};
use crate::core::error::{AppError, AppResult};
use crate::core::jobs::{self, JobError, JobKind, JobRun, NewJob};
use crate::core::media;
use crate::core::web::{AppState, Ctx, FormErrors, Layout, html, html_status, see_other};
use crate::modules::network;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/import", get(form).post(upload))
        .route("/admin/import/rapports/{id}", get(report))
        // `{id}` is the job's page, `{id}.json` its progress for the page's script.
        .route("/admin/import/taches/{id}", get(job))
        // An export can be large: the global body limit (the largest upload plus the form)
        // applies instead of the extractor's 2 MB default.
        .layer(DefaultBodyLimit::max(media::MAX_UPLOAD + 1024 * 1024))
}

/// Only the network's administrators import: a file can touch every club's content.
fn network_admin(ctx: &Ctx) -> AppResult<&Principal> {
    let p = ctx.staff()?;
    if p.is_network_admin() { Ok(p) } else { Err(AppError::Forbidden) }
}

async fn layout(state: &AppState, ctx: &Ctx, title: String) -> AppResult<Layout> {
    Ok(network::admin_layout(state, ctx, title, "import").await?)
}

/// A past report in the list.
struct ReportRow {
    id: i64,
    when: i64,
    file: String,
    summary: Summary,
}

#[derive(askama::Template)]
#[template(path = "admin/import.html")]
struct ImportPage {
    l: Layout,
    clubs: Vec<(String, String)>,
    club: String,
    dry_run: bool,
    errors: FormErrors,
    reports: Vec<ReportRow>,
}

async fn import_page(state: &AppState, ctx: &Ctx, club: Option<String>, dry_run: bool, errors: FormErrors) -> AppResult<ImportPage> {
    let l = layout(state, ctx, ctx.tr.t("import-title")).await?;
    let all = network::list_clubs(&state.db).await?;
    let club = club.or_else(|| all.iter().find(|c| c.national).map(|c| c.slug.clone())).unwrap_or_default();
    let clubs = all.into_iter().map(|c| (c.slug, c.name)).collect();
    let reports = super::list_reports(&state.db, 50)
        .await?
        .into_iter()
        .map(|(id, _, file, summary, when)| ReportRow { id, when, file, summary })
        .collect();
    Ok(ImportPage { l, clubs, club, dry_run, errors, reports })
}

async fn form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    html(&import_page(&state, &ctx, None, false, FormErrors::default()).await?)
}

async fn upload(State(state): State<AppState>, ctx: Ctx, mp: Result<Multipart, MultipartRejection>) -> AppResult<Response> {
    let user = network_admin(&ctx)?;
    let sent = read_upload(mp).await?;
    ctx.check_csrf(&sent.csrf)?;
    let mut errors = FormErrors::default();
    if let Err(key) = &sent.file {
        errors.add("file", key);
    }
    if !sent.club.is_empty() && network::get_club_by_slug(&state.db, &sent.club).await?.is_none() {
        errors.add("club", "import-error-club");
    }
    let (name, bytes) = match sent.file {
        Ok(file) if errors.is_empty() => file,
        _ => {
            let p = import_page(&state, &ctx, Some(sent.club), sent.dry_run, errors).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let club = (!sent.club.is_empty()).then_some(sent.club);
    let payload = serde_json::json!({ "club": club, "dry_run": sent.dry_run, "file": name });
    let job =
        NewJob { kind: IMPORT_JOB, payload, created_by: Some(user.user_id), total: 1000, files: vec![(name, bytes)], ..Default::default() };
    let id = jobs::enqueue(&state, job).await?;
    Ok(see_other(&format!("/admin/import/taches/{id}")))
}

#[derive(askama::Template)]
#[template(path = "admin/import_job.html")]
struct JobPage {
    l: Layout,
    job: Job,
    phase: String,
    summary: Option<Summary>,
}

async fn job(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (id, json) = match id.strip_suffix(".json") {
        Some(n) => (n, true),
        None => (id.as_str(), false),
    };
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let job = jobs::get(&state.db, id).await?.filter(|j| j.kind == IMPORT_JOB).ok_or(AppError::NotFound)?;
    let job = import_job(&job);
    let phase = phase_text(&ctx, &job);
    if json {
        let status =
            jobs::JobStatus { status: job.status.clone(), processed: job.processed, total: job.total, percent: job.percent(), text: phase };
        return Ok(Json(status).into_response());
    }
    let summary = match job.report_id {
        Some(r) => super::get_report(&state.db, r).await?.map(|(_, _, _, s, _)| s),
        None => None,
    };
    let mut l = layout(&state, &ctx, ctx.tr.t("import-job-title")).await?;
    l.refresh = if job.running() { 2 } else { 0 };
    html(&JobPage { l, job, phase, summary })
}

/// The import as its page shows it, from the job's row.
fn import_job(job: &jobs::Job) -> Job {
    let message = match job.status.as_str() {
        "failed" => job.last_error.clone().unwrap_or_default(),
        _ => job.progress_text.clone(),
    };
    Job {
        id: job.id,
        status: job.status.clone(),
        processed: job.progress_done,
        total: job.progress_total,
        message,
        report_id: job.result_json()["report_id"].as_i64(),
        created_at: job.created_at,
        updated_at: job.updated_at,
    }
}

/// What the job is doing, in words.
fn phase_text(ctx: &Ctx, job: &Job) -> String {
    let key = match (job.status.as_str(), job.message.as_str()) {
        ("done", _) => "import-phase-done",
        ("failed", _) => "import-phase-failed",
        ("cancelled", _) => "import-phase-cancelled",
        ("queued", _) => "import-phase-queued",
        (_, phase) if phase.starts_with("import-phase-") => phase,
        _ => "import-phase-reading",
    };
    ctx.tr.t(key)
}

#[derive(askama::Template)]
#[template(path = "admin/import_report.html")]
struct ReportPage {
    l: Layout,
    when: i64,
    summary: Summary,
}

impl ReportPage {
    fn tallies(&self) -> [(&'static str, &Tally); 7] {
        let s = &self.summary;
        [
            ("import-kind-authors", &s.authors),
            ("import-kind-categories", &s.categories),
            ("import-kind-tags", &s.tags),
            ("import-kind-media", &s.media),
            ("import-kind-posts", &s.posts),
            ("import-kind-pages", &s.pages),
            ("import-kind-comments", &s.comments),
        ]
    }

    fn warning_groups(&self) -> Vec<(String, Vec<&str>)> {
        group_warnings(&self.summary.warnings).into_iter().map(|(g, w)| (format!("import-warnings-{g}"), w)).collect()
    }
}

async fn report(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (_, _, _, summary, when) = super::get_report(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let l = layout(&state, &ctx, ctx.tr.a("import-report-title", "file", &summary.file)).await?;
    html(&ReportPage { l, when, summary })
}

// ---------------------------------------------------------------- the upload

/// The form as sent: the file (its safe name and bytes), or refused with a message key.
struct Sent {
    csrf: String,
    club: String,
    dry_run: bool,
    file: Result<(String, Vec<u8>), &'static str>,
}

fn multipart_error(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE { AppError::PayloadTooLarge } else { AppError::BadRequest("error-bad-form") }
}

/// Read the form. The file is held in memory (at most the body limit, about 21 MB): it goes
/// into the database with its job.
async fn read_upload(mp: Result<Multipart, MultipartRejection>) -> AppResult<Sent> {
    let mut mp = mp.map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let mut sent = Sent { csrf: String::new(), club: String::new(), dry_run: false, file: Err("import-error-no-file") };
    while let Some(field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        match field.name().unwrap_or("") {
            "file" => sent.file = read_file(field).await?,
            "csrf" => sent.csrf = field.text().await.map_err(|e| multipart_error(&e))?,
            "club" => sent.club = field.text().await.map_err(|e| multipart_error(&e))?,
            "dry_run" => sent.dry_run = true,
            _ => {}
        }
    }
    Ok(sent)
}

async fn read_file(mut field: Field<'_>) -> AppResult<Result<(String, Vec<u8>), &'static str>> {
    let sent_name = field.file_name().unwrap_or("").to_string();
    let mut bytes: Vec<u8> = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
        bytes.extend_from_slice(&chunk);
    }
    if sent_name.is_empty() && bytes.is_empty() {
        // A file input left empty: the browser sends an empty part without a name.
        return Ok(Err("import-error-no-file"));
    }
    Ok(match super::model::sniff_upload(&bytes[..bytes.len().min(512)], bytes.len()) {
        Some(key) => Err(key),
        None => Ok((super::model::safe_file_name(&sent_name), bytes)),
    })
}

// ---------------------------------------------------------------- the job

/// The job kind of an import from the back office.
pub const IMPORT_JOB: &str = "wordpress.import";

/// The import's job: three runs at most (a run lost with its instance is run again: the import
/// is all or nothing, and importing the same file again changes nothing).
pub fn job_kind() -> JobKind {
    JobKind::new(IMPORT_JOB, "import-job-kind", 3, run_import)
}

/// What an import job carries besides its file.
#[derive(serde::Deserialize)]
struct Payload {
    club: Option<String>,
    #[serde(default)]
    dry_run: bool,
}

/// An export written out for the importer (which reads its file twice), in its own folder
/// under the data folder; the folder goes when this is dropped.
struct Staged {
    dir: PathBuf,
    file: PathBuf,
}

impl Staged {
    async fn write(state: &AppState, name: &str, bytes: &[u8]) -> std::io::Result<Staged> {
        let dir = state.config.data_dir.join("imports").join(random_token());
        tokio::fs::create_dir_all(&dir).await?;
        let staged = Staged { file: dir.join(super::model::safe_file_name(name)), dir };
        tokio::fs::write(&staged.file, bytes).await?;
        Ok(staged)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(error = %e, dir = %self.dir.display(), "could not remove an uploaded export");
        }
    }
}

/// Run the import with its progress reported through the job; the result names the report.
/// A file the importer cannot read fails at once (its message names the line); a database
/// error is tried again.
async fn run_import(state: AppState, run: JobRun) -> Result<serde_json::Value, JobError> {
    let payload: Payload = serde_json::from_value(run.payload).map_err(|e| JobError::fatal(format!("bad payload: {e}")))?;
    let file = run.files.into_iter().next().ok_or_else(|| JobError::fatal("the uploaded export is no longer kept"))?;
    let staged = Staged::write(&state, &file.name, &file.bytes).await.map_err(|e| JobError::retry(format!("staging the export: {e}")))?;
    drop(file);
    let progress = run.progress;
    let report = move |phase: &str, done: u64, total: u64| {
        progress.set(overall_progress(phase, done, total), 1000, &format!("import-phase-{phase}"));
    };
    let opts = Options { club: payload.club, media_dir: None, dry_run: payload.dry_run };
    let site = Site::of(&state);
    let summary = super::import(&site, &staged.file, &opts, &report).await.map_err(|e| match e {
        ImportError::Db(_) => JobError::retry(e),
        _ => JobError::fatal(e),
    })?;
    drop(staged);
    let report_id = match summary.report_id {
        Some(r) => r,
        None => super::save_dry_run_report(&state.db, &summary, state.now()).await.map_err(JobError::retry)?,
    };
    state.pages.changed_all(&state.db).await;
    Ok(serde_json::json!({ "report_id": report_id, "url": format!("/admin/import/rapports/{report_id}") }))
}
