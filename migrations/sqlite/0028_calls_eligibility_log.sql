-- essaim: the history of the eligibility decisions on calls' applications (SQLite). Paired with
-- migrations/postgres/0028_calls_eligibility_log.sql. `call_applications.eligibility*` keeps
-- the current decision; each decision (one by one or in bulk) also adds a row here, never
-- updated, so the application's page shows who decided what, when and why.
CREATE TABLE call_eligibility_log (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES call_applications(id) ON DELETE CASCADE,
    eligibility TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at INTEGER NOT NULL,
    CHECK (eligibility IN ('pending', 'eligible', 'ineligible'))
);
CREATE INDEX call_eligibility_log_application ON call_eligibility_log(application_id, id);
