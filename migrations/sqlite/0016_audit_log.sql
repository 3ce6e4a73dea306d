-- essaim: the audit log (sqlite). Paired with migrations/postgres/0016_audit_log.sql.
-- One row per staff view or export of personal data (src/core/audit): who (the staff
-- member's id and name at the time), what (a stable action key such as
-- "events.registrations.export", the subject "event:12" with a readable label, a detail such
-- as "format=csv rows=42"), when (unix time) and from which address. Never the name or e-mail
-- of the people whose data was looked at, so that erasing a person leaves nothing here.
-- `actor_id` is a plain integer, not a foreign key: deleting an account must neither delete
-- its rows nor update them (the table refuses updates). AUTOINCREMENT: an id is never reused
-- after the purge.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    subject_label TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
-- The journal lists newest first, filtered by date, person or action; the purge by date.
CREATE INDEX audit_log_at ON audit_log(at, id);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at, id);
CREATE INDEX audit_log_action ON audit_log(action, at, id);
-- Append-only: rows are inserted, and leave only through the purge (a DELETE by date).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
