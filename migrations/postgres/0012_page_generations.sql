-- The generations of the rendered-page cache (see src/core/cache.rs): moved by every write of
-- public content when several instances share the database, and by commands that write from
-- another process.
CREATE TABLE page_generations (
    id BIGINT PRIMARY KEY,
    news BIGINT NOT NULL DEFAULT 0,
    events BIGINT NOT NULL DEFAULT 0,
    site BIGINT NOT NULL DEFAULT 0
);
INSERT INTO page_generations (id) VALUES (1);
