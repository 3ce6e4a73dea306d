//! Every SQL statement of the job queue. The same SQL on both engines: claims and lease
//! renewals are conditional UPDATEs, so one instance wins each job without a backend branch.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Job, JobFile, ProgressState};
use crate::core::db::{Db, Tx};

const JOB_COLUMNS: &str = "j.id, j.kind, j.payload, j.status, j.progress_done, j.progress_total, j.progress_text, j.attempts, \
     j.max_attempts, j.run_at, j.lease_until, j.lease_owner, j.last_error, j.result, j.created_by, u.name, j.created_at, \
     j.updated_at, j.finished_at";

fn job_from_row(r: &AnyRow) -> Result<Job, sqlx::Error> {
    Ok(Job {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        payload: r.try_get(2)?,
        status: r.try_get(3)?,
        progress_done: r.try_get(4)?,
        progress_total: r.try_get(5)?,
        progress_text: r.try_get(6)?,
        attempts: r.try_get(7)?,
        max_attempts: r.try_get(8)?,
        run_at: r.try_get(9)?,
        lease_until: r.try_get(10)?,
        lease_owner: r.try_get(11)?,
        last_error: r.try_get(12)?,
        result: r.try_get(13)?,
        created_by: r.try_get(14)?,
        created_by_name: r.try_get(15)?,
        created_at: r.try_get(16)?,
        updated_at: r.try_get(17)?,
        finished_at: r.try_get(18)?,
    })
}

/// A new queued job: its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert_job(
    tx: &mut Tx,
    kind: &str,
    payload: &str,
    max_attempts: i64,
    total: i64,
    created_by: Option<i64>,
    run_at: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO jobs (kind, payload, status, progress_done, progress_total, progress_text, attempts, max_attempts, run_at, \
         created_by, created_at, updated_at) VALUES ($1, $2, 'queued', 0, $3, '', 0, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(kind.to_string())
    .bind(payload.to_string())
    .bind(total)
    .bind(max_attempts)
    .bind(run_at)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn insert_file(tx: &mut Tx, job_id: i64, name: &str, bytes: &[u8], now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO job_files (job_id, name, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(job_id)
        .bind(name.to_string())
        .bind(bytes.len() as i64)
        .bind(bytes.to_vec())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A job's files, in the order they were attached.
pub async fn files(db: &Db, job_id: i64) -> Result<Vec<JobFile>, sqlx::Error> {
    let rows = sqlx::query("SELECT name, bytes FROM job_files WHERE job_id = $1 ORDER BY id").bind(job_id).fetch_all(db.pool()).await?;
    rows.iter().map(|r| Ok(JobFile { name: r.try_get(0)?, bytes: r.try_get(1)? })).collect()
}

/// How many files a job holds.
pub async fn count_files(db: &Db, job_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM job_files WHERE job_id = $1").bind(job_id).fetch_one(db.pool()).await
}

pub async fn get_job(db: &Db, id: i64) -> Result<Option<Job>, sqlx::Error> {
    let sql = format!("SELECT {JOB_COLUMNS} FROM jobs j LEFT JOIN users u ON u.id = j.created_by WHERE j.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db.pool()).await?;
    row.as_ref().map(job_from_row).transpose()
}

/// Up to `limit` jobs, newest first, those with an id below `before` (keyset paging).
pub async fn list_jobs(db: &Db, before: Option<i64>, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
    let sql =
        format!("SELECT {JOB_COLUMNS} FROM jobs j LEFT JOIN users u ON u.id = j.created_by WHERE j.id < $1 ORDER BY j.id DESC LIMIT $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(before.unwrap_or(i64::MAX)).bind(limit).fetch_all(db.pool()).await?;
    rows.iter().map(job_from_row).collect()
}

/// Jobs that are due (queued and their time has come, or running with a lease run out),
/// oldest first: (id, kind, no attempt left).
pub async fn due_jobs(db: &Db, now: i64, limit: i64) -> Result<Vec<(i64, String, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, attempts, max_attempts FROM jobs \
         WHERE (status = 'queued' AND run_at <= $1) OR (status = 'running' AND lease_until < $1) ORDER BY run_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let (attempts, max_attempts): (i64, i64) = (r.try_get(2)?, r.try_get(3)?);
            Ok((r.try_get(0)?, r.try_get(1)?, attempts >= max_attempts))
        })
        .collect()
}

/// A job left running by an instance that died, with no attempt left: failed, with
/// `reason`. False when it is not such a job (any more).
pub async fn fail_abandoned(db: &Db, id: i64, now: i64, reason: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'failed', last_error = $3, lease_owner = NULL, lease_until = NULL, updated_at = $2, \
         finished_at = $2 WHERE id = $1 AND status = 'running' AND lease_until < $2 AND attempts >= max_attempts",
    )
    .bind(id)
    .bind(now)
    .bind(reason.to_string())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// What a claim hands over: (kind, payload, attempts after this claim, max attempts, progress).
pub type Claimed = (String, String, i64, i64, ProgressState);

/// Take a due job for `owner` until `lease_until`: one instance among several wins it (the
/// condition is evaluated again on the row's latest version). `unconditional` drops the
/// condition: only for the race test's negative control.
pub async fn claim(db: &Db, id: i64, owner: &str, now: i64, lease_until: i64, unconditional: bool) -> Result<Option<Claimed>, sqlx::Error> {
    let sql = if unconditional {
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = $2, lease_until = $3, updated_at = $4 \
         WHERE id = $1 AND run_at <= $4 \
         RETURNING kind, payload, attempts, max_attempts, progress_done, progress_total, progress_text"
    } else {
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = $2, lease_until = $3, updated_at = $4 \
         WHERE id = $1 AND ((status = 'queued' AND run_at <= $4) OR (status = 'running' AND lease_until < $4 AND attempts < max_attempts)) \
         RETURNING kind, payload, attempts, max_attempts, progress_done, progress_total, progress_text"
    };
    let row = sqlx::query(sql).bind(id).bind(owner.to_string()).bind(lease_until).bind(now).fetch_optional(db.writer()).await?;
    let Some(r) = row else { return Ok(None) };
    let progress = ProgressState { done: r.try_get(4)?, total: r.try_get(5)?, text: r.try_get(6)? };
    Ok(Some((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, progress)))
}

/// Write a running job's progress and renew its lease. False when the job is no longer this
/// instance's (its lease ran out and another instance took it).
pub async fn renew(db: &Db, id: i64, owner: &str, p: &ProgressState, now: i64, lease_until: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET progress_done = $3, progress_total = $4, progress_text = $5, lease_until = $6, updated_at = $7 \
         WHERE id = $1 AND status = 'running' AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner.to_string())
    .bind(p.done)
    .bind(p.total)
    .bind(p.text.clone())
    .bind(lease_until)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The job ended well: its result, full progress, and its files go. False when the job was
/// no longer this instance's.
pub async fn finish_done(db: &Db, id: i64, owner: &str, p: &ProgressState, result: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "UPDATE jobs SET status = 'done', progress_done = $3, progress_total = $4, progress_text = $5, result = $6, \
         last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = $7, finished_at = $7 \
         WHERE id = $1 AND status = 'running' AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner.to_string())
    .bind(p.done)
    .bind(p.total)
    .bind(p.text.clone())
    .bind(result.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM job_files WHERE job_id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// The job failed and will be tried again at `run_at`.
pub async fn requeue(db: &Db, id: i64, owner: &str, p: &ProgressState, error: &str, run_at: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'queued', progress_done = $3, progress_total = $4, progress_text = $5, last_error = $6, \
         run_at = $7, lease_owner = NULL, lease_until = NULL, updated_at = $8 WHERE id = $1 AND status = 'running' AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner.to_string())
    .bind(p.done)
    .bind(p.total)
    .bind(p.text.clone())
    .bind(error.to_string())
    .bind(run_at)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The job failed for good.
pub async fn fail(db: &Db, id: i64, owner: &str, p: &ProgressState, error: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'failed', progress_done = $3, progress_total = $4, progress_text = $5, last_error = $6, \
         lease_owner = NULL, lease_until = NULL, updated_at = $7, finished_at = $7 WHERE id = $1 AND status = 'running' AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner.to_string())
    .bind(p.done)
    .bind(p.total)
    .bind(p.text.clone())
    .bind(error.to_string())
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// This instance stops: its running jobs are queued again at once, the interrupted attempt
/// not counted. Returns how many.
pub async fn release(db: &Db, owner: &str, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'queued', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, run_at = $2, \
         lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE status = 'running' AND lease_owner = $1",
    )
    .bind(owner.to_string())
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected())
}

/// Cancel a queued job (its files go). False when it is not queued.
pub async fn cancel(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE jobs SET status = 'cancelled', updated_at = $2, finished_at = $2 WHERE id = $1 AND status = 'queued'")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM job_files WHERE job_id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Queue a failed job again, due now, with all its attempts. False when it has not failed.
pub async fn retry(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, updated_at = $2, finished_at = NULL \
         WHERE id = $1 AND status = 'failed'",
    )
    .bind(id)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Forget the files of jobs that failed before `files_before` and the jobs that ended
/// before `jobs_before`. Returns (files, jobs) removed.
pub async fn purge(db: &Db, files_before: i64, jobs_before: i64) -> Result<(u64, u64), sqlx::Error> {
    let files = sqlx::query(
        "DELETE FROM job_files WHERE job_id IN (SELECT id FROM jobs WHERE status IN ('done', 'failed', 'cancelled') \
         AND finished_at < $1)",
    )
    .bind(files_before)
    .execute(db.writer())
    .await?
    .rows_affected();
    let jobs = sqlx::query("DELETE FROM jobs WHERE status IN ('done', 'failed', 'cancelled') AND finished_at < $1")
        .bind(jobs_before)
        .execute(db.writer())
        .await?
        .rows_affected();
    Ok((files, jobs))
}
