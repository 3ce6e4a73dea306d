-- Optimistic concurrency: a counter raised by every update of a post or page, in the same
-- UPDATE ... WHERE version = $n that writes it. The API answers it as the ETag and
-- refuses a write whose If-Match names an older one (412); the back office's editor carries it
-- in a hidden field.
ALTER TABLE posts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
