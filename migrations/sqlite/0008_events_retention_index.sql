-- essaim: the hourly retention run looks for ended events not yet anonymised (SQLite).
-- Paired with migrations/postgres/0008_events_retention_index.sql.
CREATE INDEX events_to_anonymise ON events(ends_at) WHERE anonymised_at IS NULL;
