-- essaim: foundation and news (SQLite). Paired with migrations/postgres/0001_foundation.sql.
-- Timestamps are unix seconds (INTEGER); flags are 0/1 integers; ids are INTEGER primary keys.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE clubs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    national INTEGER NOT NULL DEFAULT 0,
    territory TEXT NOT NULL DEFAULT '',
    director TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- A role scoped to the whole network (club_id NULL) or to one club.
CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    club_id INTEGER REFERENCES clubs(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX memberships_unique ON memberships(user_id, role, COALESCE(club_id, 0));

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins per key (e-mail or IP) in a sliding window; shared by all instances.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);

-- Media bytes live in the database so that every instance serves the same files.
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,             -- image | document
    key TEXT NOT NULL UNIQUE,       -- stable public name, e.g. 3f9a…-guide.pdf
    filename TEXT NOT NULL,         -- original file name
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    alt TEXT NOT NULL DEFAULT '',
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE media_files (
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,          -- original | w480 | w960 | w1600
    mime TEXT NOT NULL,
    width INTEGER,
    bytes BLOB NOT NULL,
    PRIMARY KEY (media_id, variant)
);

CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,             -- sponsor | skills | public | association
    website TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    logo_media_id INTEGER REFERENCES media(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

-- Posts and static pages share one table (kind = post | page).
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body_format TEXT NOT NULL,      -- markdown | html
    body_source TEXT NOT NULL,
    body_html TEXT NOT NULL,        -- rendered and sanitised
    excerpt TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,           -- draft | published
    published_at INTEGER,           -- in the future: scheduled
    month_key INTEGER NOT NULL DEFAULT 0, -- yyyymm of published_at in the site's time zone
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    image_id INTEGER REFERENCES media(id) ON DELETE SET NULL,
    parent_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
    featured INTEGER NOT NULL DEFAULT 0,
    comments_closed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, slug)
);
CREATE INDEX posts_public ON posts(kind, status, published_at DESC, id DESC);
CREATE INDEX posts_month ON posts(kind, month_key, status, published_at DESC);
CREATE INDEX posts_club ON posts(club_id, kind, status, published_at DESC, id DESC);

CREATE TABLE post_categories (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, category_id)
);
CREATE INDEX post_categories_category ON post_categories(category_id, post_id);

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_tag ON post_tags(tag_id, post_id);

CREATE TABLE post_contacts (
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, contact_id)
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    author_email TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,           -- pending | approved | spam
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_post ON comments(post_id, status, created_at);
CREATE INDEX comments_status ON comments(status, created_at);

-- What French law (LCEN) asks to keep about who wrote a comment, kept apart and purged after its term.
CREATE TABLE comment_log (
    id INTEGER PRIMARY KEY,
    comment_id INTEGER,
    post_id INTEGER,
    user_id INTEGER,
    operation TEXT NOT NULL,        -- create | approve | spam | delete
    ip TEXT NOT NULL DEFAULT '',
    author_email TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    purge_after INTEGER NOT NULL
);
CREATE INDEX comment_log_purge ON comment_log(purge_after);

-- Rate limiting of anonymous actions (comments) per key and window; shared by all instances.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    hits INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);

-- Search documents: normalised, stemmed text built in Rust, indexed per backend.
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL UNIQUE REFERENCES posts(id) ON DELETE CASCADE,
    doc TEXT NOT NULL
);
CREATE VIRTUAL TABLE search_fts USING fts5(doc, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
  INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.doc);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.doc);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.doc);
  INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.doc);
END;
