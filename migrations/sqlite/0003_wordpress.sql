-- essaim: WordPress import (SQLite). Paired with migrations/postgres/0003_wordpress.sql.

-- What each imported WordPress object became, per WordPress site (source = its base_site_url),
-- so that importing again updates instead of duplicating. fingerprint: a hash of what was
-- imported, so an unchanged object is left alone.
CREATE TABLE wp_imports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    wp_type TEXT NOT NULL,          -- post | page | attachment | comment | category | tag
    wp_id INTEGER NOT NULL,
    essaim_id INTEGER NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT '',
    UNIQUE (source, wp_type, wp_id)
);

-- Old URLs and their new home: a normalised path ("/2017/11/some-slug") or query key
-- ("?p=123"), never a host, so they work on whatever domain serves the site.
CREATE TABLE redirects (
    id INTEGER PRIMARY KEY,
    old_path TEXT NOT NULL UNIQUE,
    new_path TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

-- The summary of each import (JSON), for the back office.
CREATE TABLE import_reports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,             -- wordpress
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
