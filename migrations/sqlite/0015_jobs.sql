-- essaim: the job queue (SQLite). Paired with migrations/postgres/0015_jobs.sql.

-- One row per job (src/core/jobs). Any instance claims a due job with a conditional UPDATE
-- that sets status 'running', its instance id (lease_owner) and a lease; the running instance
-- renews the lease with each progress write. A job whose lease ran out while running (its
-- instance died) is due again, or failed once attempts reach max_attempts.
-- status: queued | running | done | failed | cancelled; payload and result: JSON text;
-- progress_text: a message key or phase; run_at: when a queued job is due (later after a
-- failure: backoff); times are unix seconds.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'queued',
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    progress_text TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    run_at INTEGER NOT NULL,
    lease_until INTEGER,
    lease_owner TEXT,
    last_error TEXT,
    result TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER,
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    CHECK (max_attempts >= 1)
);
CREATE INDEX jobs_due ON jobs(status, run_at);
CREATE INDEX jobs_lease ON jobs(status, lease_until);
CREATE INDEX jobs_finished ON jobs(finished_at);

-- What a job needs to run (an uploaded export), in the database so that whichever instance
-- claims the job can run it. Removed when the job is done or cancelled, a week after it failed.
CREATE TABLE job_files (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX job_files_job ON job_files(job_id);

-- The back office's imports (0004) become jobs of kind 'wordpress.import', with the same ids
-- (their pages keep their addresses). One that was still queued or running had lost its
-- instance and its file: it is failed.
INSERT INTO jobs (id, kind, payload, status, progress_done, progress_total, progress_text, attempts, max_attempts, run_at,
                  last_error, result, created_by, created_at, updated_at, finished_at)
SELECT id, 'wordpress.import', '{}',
       CASE WHEN status = 'done' THEN 'done' ELSE 'failed' END,
       processed, total, '', 1, 1, created_at,
       CASE WHEN status = 'done' THEN NULL WHEN status = 'failed' THEN message
            ELSE 'interrupted: the server stopped during the import' END,
       CASE WHEN report_id IS NULL THEN NULL ELSE '{"report_id":' || CAST(report_id AS TEXT) || '}' END,
       created_by, created_at, updated_at, updated_at
FROM import_jobs;
DROP TABLE import_jobs;
