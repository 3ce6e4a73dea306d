-- essaim: imports started from the back office (SQLite). Paired with migrations/postgres/0004_import_jobs.sql.

-- One row per upload: the background task updates it as it goes, so whichever instance
-- serves the progress page can report it. status: queued | running | done | failed;
-- processed / total: progress in thousandths while running; message: the phase while
-- running, the reason when failed; report_id: the import's report when done.
CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'queued',
    processed INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    report_id INTEGER REFERENCES import_reports(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
