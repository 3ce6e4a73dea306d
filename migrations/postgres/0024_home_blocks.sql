-- essaim: the home page's blocks (postgres). Paired with migrations/sqlite/0024_home_blocks.sql.
-- One row per kind of block (hero, figures, news, events, clubs, partners, support), in the
-- order the staff chose, shown or hidden, with its settings as JSON (src/modules/home). A kind
-- without a row is shown with its defaults after the stored ones.
CREATE TABLE home_blocks (
    kind TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    visible BIGINT NOT NULL DEFAULT 1 CHECK (visible IN (0, 1)),
    settings TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL DEFAULT 0
);
