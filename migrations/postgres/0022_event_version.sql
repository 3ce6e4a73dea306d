-- An event's version: raised by every save of the event (back office or API) in the same
-- conditional UPDATE, so that a save started from an older version is refused instead of
-- overwriting the other person's changes (the API's ETag / If-Match, the form's hidden field).
ALTER TABLE events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
