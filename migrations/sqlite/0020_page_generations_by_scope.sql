-- The page cache's generations, one row per scope: each module declares the scopes it owns
-- (src/core/module.rs), so a new module brings its own without a new column. The server
-- inserts a row for each scope it knows at start; the generations restart at 0 (every
-- instance restarts with the new binary, so no page cached under the old ones survives).
DROP TABLE page_generations;
CREATE TABLE page_generations (
    scope TEXT PRIMARY KEY,
    generation INTEGER NOT NULL DEFAULT 0
);
