//! The job queue: long work (an import) runs in the background on whichever instance is free,
//! with its progress, retries and end recorded in the database.
//!
//! A job is a row of `jobs` (kind, JSON payload, status, progress) with its files in
//! `job_files`, so any instance can run it and any instance can show it. Modules register a
//! handler per kind in a `Jobs` registry (built in `lib.rs`, kept in `AppState`); the core
//! names no module. `runner`, started by `App::serve`, polls about every second (and at once
//! when this instance queues a job) and claims due jobs with a conditional UPDATE, as the
//! mail outbox does: one instance wins each job. The claim is a lease (`LEASE_SECS`): while
//! the handler runs, its progress is written every 250 ms when it moved, and at least every
//! third of the lease, each write renewing the lease. A job whose lease ran out while
//! "running" (its instance died) is due again and run again by another instance (handlers are
//! all-or-nothing or idempotent), or failed with a reason once its attempts reach
//! `max_attempts`: never left running. A failure is retried with a backoff of 30 s doubling
//! (at most 6 hours) until the attempts run out, unless the handler says it is final (a broken
//! file will not mend). An instance that stops queues its running jobs again.

mod admin;
mod store;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use crate::core::db::Db;
use crate::core::web::AppState;

pub use admin::{JobStatus, routes};

/// How long a claimed job stays with the instance running it without a renewal.
pub const LEASE_SECS: i64 = 60;
/// Jobs one instance runs at once.
const CONCURRENCY: usize = 4;
/// A failed job's files are kept this long (for a retry), then purged.
pub const KEEP_FAILED_FILES_SECS: i64 = 7 * 86_400;
/// Ended jobs are listed this long, then forgotten.
pub const KEEP_ENDED_SECS: i64 = 90 * 86_400;
/// The reason given to a job whose last attempt's instance stopped.
pub const ABANDONED: &str = "interrupted: the instance running it stopped and no attempt is left";

/// What a handler's future gives: the job's result (JSON), or why it failed.
pub type JobFuture = Pin<Box<dyn Future<Output = Result<serde_json::Value, JobError>> + Send + 'static>>;
/// Runs one job of a kind.
pub type Handler = Arc<dyn Fn(AppState, JobRun) -> JobFuture + Send + Sync>;

/// A kind of job and how to run it.
#[derive(Clone)]
pub struct JobKind {
    /// The stored name, e.g. "wordpress.import".
    pub kind: &'static str,
    /// The message key of its name in words, for the staff pages.
    pub label: &'static str,
    /// Runs before the job is failed (a lost instance counts as a run).
    pub max_attempts: i64,
    pub handler: Handler,
}

impl JobKind {
    pub fn new<F, Fut>(kind: &'static str, label: &'static str, max_attempts: i64, run: F) -> JobKind
    where
        F: Fn(AppState, JobRun) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<serde_json::Value, JobError>> + Send + 'static,
    {
        let handler: Handler = Arc::new(move |state, job| Box::pin(run(state, job)));
        JobKind { kind, label, max_attempts: max_attempts.max(1), handler }
    }
}

/// Why a job failed: a message for the staff page, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobError {
    pub message: String,
    pub retry: bool,
}

impl JobError {
    /// A failure that may pass (the database was busy): tried again after a backoff.
    pub fn retry(message: impl std::fmt::Display) -> JobError {
        JobError { message: message.to_string(), retry: true }
    }

    /// A failure that will not pass by itself (a broken file): failed at once.
    pub fn fatal(message: impl std::fmt::Display) -> JobError {
        JobError { message: message.to_string(), retry: false }
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<sqlx::Error> for JobError {
    fn from(e: sqlx::Error) -> Self {
        JobError::retry(format!("database error: {e}"))
    }
}

impl From<anyhow::Error> for JobError {
    fn from(e: anyhow::Error) -> Self {
        JobError::retry(e)
    }
}

/// A file attached to a job.
#[derive(Clone)]
pub struct JobFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Progress as stored: done out of total, and a short text (a message key or a phase).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgressState {
    pub done: i64,
    pub total: i64,
    pub text: String,
}

/// The handler's progress reporter: `set` only records the value in memory (cheap enough to
/// call for every item); the runner writes it to the job's row.
#[derive(Clone, Default)]
pub struct Progress(Arc<Mutex<ProgressState>>);

impl Progress {
    pub fn set(&self, done: i64, total: i64, text: &str) {
        if let Ok(mut p) = self.0.lock() {
            p.done = done;
            p.total = total;
            if p.text != text {
                p.text = text.to_string();
            }
        }
    }

    pub fn get(&self) -> ProgressState {
        self.0.lock().map(|p| p.clone()).unwrap_or_default()
    }
}

/// One run of a job, handed to its handler.
pub struct JobRun {
    pub id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    /// 1 on the first run.
    pub attempt: i64,
    pub files: Vec<JobFile>,
    pub progress: Progress,
}

/// A job as stored.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// queued | running | done | failed | cancelled
    pub status: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub progress_text: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: i64,
    pub lease_until: Option<i64>,
    pub lease_owner: Option<String>,
    pub last_error: Option<String>,
    pub result: Option<String>,
    pub created_by: Option<i64>,
    pub created_by_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

impl Job {
    /// Not ended yet (the page keeps refreshing).
    pub fn active(&self) -> bool {
        self.status == "queued" || self.status == "running"
    }

    pub fn percent(&self) -> i64 {
        (self.progress_done.clamp(0, self.progress_total.max(0)) * 100).checked_div(self.progress_total).unwrap_or(0)
    }

    /// The result as JSON (null when there is none).
    pub fn result_json(&self) -> serde_json::Value {
        self.result.as_deref().and_then(|r| serde_json::from_str(r).ok()).unwrap_or_default()
    }
}

/// A job to queue.
#[derive(Clone, Debug, Default)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: serde_json::Value,
    pub created_by: Option<i64>,
    /// When it is due (now when None).
    pub run_at: Option<i64>,
    /// The progress's total to show until the handler reports (0: unknown).
    pub total: i64,
    pub files: Vec<(String, Vec<u8>)>,
}

/// The registry of job kinds and this instance's runner state, kept in `AppState`.
pub struct Jobs {
    kinds: RwLock<HashMap<&'static str, JobKind>>,
    /// This instance's id, written as the owner of the jobs it claims.
    instance: String,
    /// Jobs running here: id -> the handler's task.
    running: Mutex<HashMap<i64, tokio::task::AbortHandle>>,
    wake: tokio::sync::Notify,
    /// Tests only: the race test's negative control claims without the condition.
    pub unsafe_unconditional_claim_for_tests: AtomicBool,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs::new()
    }
}

impl Jobs {
    pub fn new() -> Jobs {
        Jobs {
            kinds: RwLock::new(HashMap::new()),
            instance: crate::core::auth::random_token(),
            running: Mutex::new(HashMap::new()),
            wake: tokio::sync::Notify::new(),
            unsafe_unconditional_claim_for_tests: AtomicBool::new(false),
        }
    }

    /// Add a kind (replacing one of the same name).
    pub fn register(&self, kind: JobKind) {
        if let Ok(mut kinds) = self.kinds.write() {
            kinds.insert(kind.kind, kind);
        }
    }

    pub fn kind(&self, name: &str) -> Option<JobKind> {
        self.kinds.read().ok().and_then(|k| k.get(name).cloned())
    }

    /// The message key of a kind's name (None for a kind this instance does not know).
    pub fn label(&self, name: &str) -> Option<&'static str> {
        self.kinds.read().ok().and_then(|k| k.get(name).map(|k| k.label))
    }

    /// This instance's id.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    fn is_running(&self, id: i64) -> bool {
        self.running.lock().map(|r| r.contains_key(&id)).unwrap_or(true)
    }

    fn running_count(&self) -> usize {
        self.running.lock().map(|r| r.len()).unwrap_or(CONCURRENCY)
    }
}

/// Queue a job (and its files) in one transaction; the runner of this instance is woken.
pub async fn enqueue(state: &AppState, job: NewJob) -> anyhow::Result<i64> {
    let kind = state.jobs.kind(job.kind).ok_or_else(|| anyhow::anyhow!("no job kind \"{}\" is registered", job.kind))?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let payload = serde_json::to_string(&job.payload)?;
    let id = store::insert_job(&mut tx, job.kind, &payload, kind.max_attempts, job.total, job.created_by, job.run_at.unwrap_or(now), now)
        .await?;
    for (name, bytes) in &job.files {
        store::insert_file(&mut tx, id, name, bytes, now).await?;
    }
    tx.commit().await?;
    state.jobs.wake.notify_one();
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Job>, sqlx::Error> {
    store::get_job(db, id).await
}

/// Up to `limit` jobs, newest first, below the id `before` (keyset paging).
pub async fn list(db: &Db, before: Option<i64>, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
    store::list_jobs(db, before, limit).await
}

/// How many files a job still holds.
pub async fn count_files(db: &Db, id: i64) -> Result<i64, sqlx::Error> {
    store::count_files(db, id).await
}

/// Cancel a queued job; false when it is not queued (running, or ended).
pub async fn cancel(state: &AppState, id: i64) -> Result<bool, sqlx::Error> {
    store::cancel(&state.db, id, state.now()).await
}

/// Queue a failed job again with all its attempts; false when it has not failed.
pub async fn retry(state: &AppState, id: i64) -> Result<bool, sqlx::Error> {
    let queued = store::retry(&state.db, id, state.now()).await?;
    if queued {
        state.jobs.wake.notify_one();
    }
    Ok(queued)
}

/// Forget what the hourly maintenance may forget (see the `KEEP_` constants).
pub async fn purge(db: &Db, now: i64) -> Result<(u64, u64), sqlx::Error> {
    store::purge(db, now - KEEP_FAILED_FILES_SECS, now - KEEP_ENDED_SECS).await
}

/// Seconds before the next attempt after `attempts` runs: 30 s doubling, at most 6 hours.
pub fn backoff(attempts: i64) -> i64 {
    (30_i64 << (attempts - 1).clamp(0, 10)).min(6 * 3600)
}

/// The runner: about every second (and at once when this instance queues a job), run what is
/// due. Runs until aborted.
pub async fn runner(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.jobs.wake.notified() => {}
        }
        if let Err(e) = run_due(&state).await {
            tracing::warn!(error = %e, "job queue run failed");
        }
    }
}

/// One pass: fail the abandoned jobs with no attempt left, then claim due jobs of the kinds
/// this instance knows while it has room, each run in its own task. Returns the jobs started.
pub async fn run_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.now();
    let unconditional = state.jobs.unsafe_unconditional_claim_for_tests.load(Ordering::Relaxed);
    let free = CONCURRENCY.saturating_sub(state.jobs.running_count());
    let mut started = 0;
    for (id, name, exhausted) in store::due_jobs(&state.db, now, 100).await? {
        // A job of ours whose lease ran out while a write waited (SQLite's lock): still ours.
        if state.jobs.is_running(id) {
            continue;
        }
        if exhausted {
            if store::fail_abandoned(&state.db, id, now, ABANDONED).await? {
                tracing::error!(job = id, "job failed: its instance stopped and no attempt is left");
            }
            continue;
        }
        if started >= free {
            continue;
        }
        let Some(kind) = state.jobs.kind(&name) else { continue };
        let Some((kind_name, payload, attempt, max_attempts, progress)) =
            store::claim(&state.db, id, &state.jobs.instance, now, now + LEASE_SECS, unconditional).await?
        else {
            continue;
        };
        let files = match store::files(&state.db, id).await {
            Ok(f) => f,
            Err(e) => {
                // Let the lease run out: the job is due again later.
                tracing::warn!(job = id, error = %e, "could not read a job's files");
                continue;
            }
        };
        let reporter = Progress(Arc::new(Mutex::new(progress)));
        let payload = serde_json::from_str(&payload).unwrap_or_default();
        let run = JobRun { id, kind: kind_name, payload, attempt, files, progress: reporter };
        tracing::info!(job = id, kind = %name, attempt, "job started");
        let progress = run.progress.clone();
        // Called inside the task, so that even a handler that panics before its first await
        // only fails its job.
        let (handler, st) = (kind.handler.clone(), state.clone());
        let handle = tokio::spawn(async move { handler(st, run).await });
        if let Ok(mut running) = state.jobs.running.lock() {
            running.insert(id, handle.abort_handle());
        }
        tokio::spawn(execute(state.clone(), handle, id, attempt, max_attempts, progress));
        started += 1;
    }
    Ok(started)
}

/// Follow one claimed job's handler (in its own task): write its progress (renewing the
/// lease), then record its end.
async fn execute(
    state: AppState,
    mut handle: tokio::task::JoinHandle<Result<serde_json::Value, JobError>>,
    id: i64,
    attempt: i64,
    max_attempts: i64,
    progress: Progress,
) {
    let owner = state.jobs.instance.clone();
    let mut written = progress.get();
    let mut renewed = tokio::time::Instant::now();
    let renew_every = Duration::from_secs((LEASE_SECS / 3) as u64);
    let mut every = tokio::time::interval(Duration::from_millis(250));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let outcome = loop {
        tokio::select! {
            r = &mut handle => break Some(r),
            _ = every.tick() => {
                let now = progress.get();
                if now == written && renewed.elapsed() < renew_every {
                    continue;
                }
                let t = state.now();
                // On SQLite a handler's transaction holds the write lock: the write waits, or
                // is tried again at the next tick.
                let write = store::renew(&state.db, id, &owner, &now, t, t + LEASE_SECS);
                match tokio::time::timeout(Duration::from_secs(2), write).await {
                    Ok(Ok(true)) => {
                        written = now;
                        renewed = tokio::time::Instant::now();
                    }
                    Ok(Ok(false)) => {
                        // Another instance took the job over: this run stops.
                        handle.abort();
                        break None;
                    }
                    Ok(Err(e)) => tracing::warn!(job = id, error = %e, "could not write a job's progress"),
                    Err(_) => {}
                }
            }
        }
    };
    if let Ok(mut running) = state.jobs.running.lock() {
        running.remove(&id);
    }
    let p = progress.get();
    let now = state.now();
    let saved = match outcome {
        None => {
            tracing::warn!(job = id, "job lost its lease to another instance; this run stopped");
            return;
        }
        // Aborted: this instance is stopping (`stop` queues the job again).
        Some(Err(e)) if e.is_cancelled() => return,
        Some(Ok(Ok(result))) => {
            let done = ProgressState { done: p.total.max(p.done), ..p };
            tracing::info!(job = id, "job done");
            store::finish_done(&state.db, id, &owner, &done, &result.to_string(), now).await
        }
        Some(outcome) => {
            let error = match outcome {
                Ok(Err(e)) => e,
                _ => JobError::retry("the job stopped unexpectedly (panic)"),
            };
            if error.retry && attempt < max_attempts {
                let at = now + backoff(attempt);
                tracing::warn!(job = id, attempt, error = %error, retry_at = at, "job failed, will retry");
                store::requeue(&state.db, id, &owner, &p, &error.message, at, now).await
            } else {
                tracing::error!(job = id, attempt, error = %error, "job failed");
                store::fail(&state.db, id, &owner, &p, &error.message, now).await
            }
        }
    };
    match saved {
        Ok(true) => {}
        Ok(false) => tracing::warn!(job = id, "job's end not recorded: another instance holds it"),
        Err(e) => tracing::error!(job = id, error = %e, "could not record a job's end; it will run again"),
    }
}

/// This instance stops: abort its running handlers and queue their jobs again at once (the
/// interrupted attempt not counted), so another instance takes them without waiting for the
/// lease to run out.
pub async fn stop(state: &AppState) {
    let handles: Vec<tokio::task::AbortHandle> =
        state.jobs.running.lock().map(|mut r| r.drain().map(|(_, h)| h).collect()).unwrap_or_default();
    for h in &handles {
        h.abort();
    }
    match store::release(&state.db, &state.jobs.instance, state.now()).await {
        Ok(n) if n > 0 => tracing::info!(jobs = n, "running jobs queued again for another instance"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not release this instance's jobs; their leases will run out"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(3), 120);
        assert_eq!(backoff(40), 6 * 3600);
    }

    #[test]
    fn progress_keeps_the_latest_value() {
        let p = Progress::default();
        p.set(3, 10, "reading");
        p.set(4, 10, "reading");
        assert_eq!(p.get(), ProgressState { done: 4, total: 10, text: "reading".into() });
    }
}
