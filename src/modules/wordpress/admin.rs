//! The import from the back office, for the network's administrators: upload a WordPress
//! export, follow the import's progress (a background task writes it into `import_jobs`, so
//! any instance can show it), then read its report.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::io::AsyncWriteExt;

use super::model::{Job, Options, Summary, Tally, group_warnings, overall_progress};
use super::{Site, store};
use crate::core::auth::{Principal, random_token};
use crate::core::error::{AppError, AppResult};
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
    let sent = read_upload(&state, mp).await?;
    ctx.check_csrf(&sent.csrf)?;
    let mut errors = FormErrors::default();
    if let Err(key) = &sent.file {
        errors.add("file", key);
    }
    if !sent.club.is_empty() && network::get_club_by_slug(&state.db, &sent.club).await?.is_none() {
        errors.add("club", "import-error-club");
    }
    let staged = match sent.file {
        Ok(staged) if errors.is_empty() => staged,
        _ => {
            let p = import_page(&state, &ctx, Some(sent.club), sent.dry_run, errors).await?;
            return html_status(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let id = store::insert_job(&state.db, user.user_id, state.now()).await?;
    let club = (!sent.club.is_empty()).then_some(sent.club);
    let opts = Options { club, media_dir: None, dry_run: sent.dry_run };
    tokio::spawn(run_job(state.clone(), id, staged, opts));
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

/// The progress, as the page's script reads it.
#[derive(serde::Serialize)]
struct JobStatus {
    status: String,
    processed: i64,
    total: i64,
    percent: i64,
    /// The phase, in words (the page's live region).
    text: String,
}

async fn job(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (id, json) = match id.strip_suffix(".json") {
        Some(n) => (n, true),
        None => (id.as_str(), false),
    };
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let job = store::get_job(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let phase = phase_text(&ctx, &job);
    if json {
        let status =
            JobStatus { status: job.status.clone(), processed: job.processed, total: job.total, percent: job.percent(), text: phase };
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

/// What the job is doing, in words.
fn phase_text(ctx: &Ctx, job: &Job) -> String {
    let key = match (job.status.as_str(), job.message.as_str()) {
        ("done", _) => "import-phase-done",
        ("failed", _) => "import-phase-failed",
        ("queued", _) => "import-phase-queued",
        (_, "media") => "import-phase-media",
        (_, "writing") => "import-phase-writing",
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

/// An uploaded export in its own folder under the data folder; the folder goes when this
/// is dropped (the import is over, or the form was refused).
struct Staged {
    dir: PathBuf,
    file: PathBuf,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(error = %e, dir = %self.dir.display(), "could not remove an uploaded export");
        }
    }
}

/// The form as sent: the file is staged on disk, or refused with a message key.
struct Sent {
    csrf: String,
    club: String,
    dry_run: bool,
    file: Result<Staged, &'static str>,
}

fn multipart_error(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE { AppError::PayloadTooLarge } else { AppError::BadRequest("error-bad-form") }
}

/// Read the form, streaming the file to disk rather than holding it in memory.
async fn read_upload(state: &AppState, mp: Result<Multipart, MultipartRejection>) -> AppResult<Sent> {
    let mut mp = mp.map_err(|_| AppError::BadRequest("error-bad-form"))?;
    let mut sent = Sent { csrf: String::new(), club: String::new(), dry_run: false, file: Err("import-error-no-file") };
    while let Some(field) = mp.next_field().await.map_err(|e| multipart_error(&e))? {
        match field.name().unwrap_or("") {
            "file" => sent.file = stage(state, field).await?,
            "csrf" => sent.csrf = field.text().await.map_err(|e| multipart_error(&e))?,
            "club" => sent.club = field.text().await.map_err(|e| multipart_error(&e))?,
            "dry_run" => sent.dry_run = true,
            _ => {}
        }
    }
    Ok(sent)
}

async fn stage(state: &AppState, mut field: Field<'_>) -> AppResult<Result<Staged, &'static str>> {
    let sent_name = field.file_name().unwrap_or("").to_string();
    let name = super::model::safe_file_name(&sent_name);
    let dir = state.config.data_dir.join("imports").join(random_token());
    tokio::fs::create_dir_all(&dir).await.map_err(|e| AppError::Internal(e.into()))?;
    let staged = Staged { file: dir.join(name), dir };
    let mut out = tokio::fs::File::create(&staged.file).await.map_err(|e| AppError::Internal(e.into()))?;
    let mut head: Vec<u8> = Vec::new();
    let mut size = 0usize;
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
        if head.len() < 512 {
            head.extend(chunk.iter().take(512 - head.len()));
        }
        size += chunk.len();
        out.write_all(&chunk).await.map_err(|e| AppError::Internal(e.into()))?;
    }
    out.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    if sent_name.is_empty() && size == 0 {
        // A file input left empty: the browser sends an empty part without a name.
        return Ok(Err("import-error-no-file"));
    }
    Ok(match super::model::sniff_upload(&head, size) {
        Some(key) => Err(key),
        None => Ok(staged),
    })
}

// ---------------------------------------------------------------- the background task

/// Run the import and keep its row up to date; the row ends as done (with its report) or
/// failed (with the importer's message, which names the line of a broken file).
async fn run_job(state: AppState, id: i64, staged: Staged, opts: Options) {
    let progress = Arc::new(Mutex::new((String::from("reading"), 0i64)));
    let ticker = tokio::spawn(tick(state.clone(), id, progress.clone()));
    let worker = {
        let (state, file, opts) = (state.clone(), staged.file.clone(), opts.clone());
        tokio::spawn(async move {
            let report = move |phase: &str, done: u64, total: u64| {
                if let Ok(mut p) = progress.lock() {
                    *p = (phase.to_string(), overall_progress(phase, done, total));
                }
            };
            let site = Site::of(&state);
            let summary = super::import(&site, &file, &opts, &report).await.map_err(|e| e.to_string())?;
            match summary.report_id {
                Some(r) => Ok(r),
                None => super::save_dry_run_report(&state.db, &summary, state.now()).await.map_err(|e| e.to_string()),
            }
        })
    };
    let outcome = worker.await.unwrap_or_else(|e| Err(format!("internal error: {e}")));
    ticker.abort();
    if outcome.is_ok() {
        state.pages.changed_all(&state.db).await;
    }
    let saved = match outcome {
        Ok(report_id) => store::update_job(&state.db, id, "done", 1000, "", Some(report_id), state.now()).await,
        Err(message) => store::update_job(&state.db, id, "failed", 0, &message, None, state.now()).await,
    };
    if let Err(e) = saved {
        tracing::error!(error = %e, job = id, "could not record the end of an import");
    }
    drop(staged);
}

/// Write the progress into the job's row every quarter of a second when it moved. On SQLite
/// the import holds the write lock while it writes: the update waits, or is tried again.
async fn tick(state: AppState, id: i64, progress: Arc<Mutex<(String, i64)>>) {
    let mut last = (String::new(), -1);
    let mut every = tokio::time::interval(Duration::from_millis(250));
    loop {
        every.tick().await;
        let now = progress.lock().map(|p| p.clone()).unwrap_or_default();
        if now == last {
            continue;
        }
        let update = store::set_job_progress(&state.db, id, now.1, &now.0, state.now());
        if let Ok(Ok(())) = tokio::time::timeout(Duration::from_secs(2), update).await {
            last = now;
        }
    }
}
