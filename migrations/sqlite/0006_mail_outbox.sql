-- essaim: the mail outbox (sqlite). Paired with migrations/postgres/0006_mail_outbox.sql.
-- A message is inserted in the same transaction as the change it reports; `dedup_key`
-- (e.g. "registration:12:confirmed") makes a retried change insert it only once. The sender
-- (src/core/mail.rs) claims due rows with a conditional UPDATE and retries with backoff.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT,
    ics TEXT,
    ics_method TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    CHECK (ics_method IS NULL OR ics_method IN ('REQUEST', 'CANCEL'))
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
