-- essaim: the public lists of posts at a million posts (SQLite). Paired with
-- migrations/postgres/0011_post_lists_and_search.sql (which also stores
-- the search vectors; SQLite's FTS5 index needs nothing here).
--
-- Each public list (the archive, a category, a tag, a club, a month) is read from one index in
-- its order (published_at DESC, id DESC), and its size and a version live in post_lists, kept
-- by the triggers below in the transaction of every change: a page never counts the list, and
-- the anchors that let a deep page skip the posts before it (core/anchors.rs) know when they
-- are out of date. A list holds the published posts, scheduled ones included: the pages leave
-- out those whose time has not come.

-- A category's and a tag's rows carry their post's sort key while the post is a published post
-- (scheduled ones included), NULL otherwise, so their archives read one index in order.
ALTER TABLE post_categories ADD COLUMN listed_at INTEGER;
ALTER TABLE post_tags ADD COLUMN listed_at INTEGER;
UPDATE post_categories SET listed_at = (SELECT p.published_at FROM posts p
    WHERE p.id = post_categories.post_id AND p.kind = 'post' AND p.status = 'published');
UPDATE post_tags SET listed_at = (SELECT p.published_at FROM posts p
    WHERE p.id = post_tags.post_id AND p.kind = 'post' AND p.status = 'published');
DROP INDEX post_categories_category;
DROP INDEX post_tags_tag;
CREATE INDEX post_categories_list ON post_categories(category_id, listed_at DESC, post_id DESC);
CREATE INDEX post_tags_list ON post_tags(tag_id, listed_at DESC, post_id DESC);

-- The month archive in the archive's full order; the home page's featured post.
DROP INDEX posts_month;
CREATE INDEX posts_month ON posts(kind, month_key, status, published_at DESC, id DESC);
CREATE INDEX posts_featured ON posts(kind, featured, status, published_at DESC, id DESC);

CREATE TABLE post_lists (
    kind TEXT NOT NULL,             -- all | category | tag | club | month
    ref INTEGER NOT NULL,           -- the category's, tag's or club's id, the month's yyyymm; 0 for all
    total INTEGER NOT NULL,         -- its published posts, scheduled ones included
    version INTEGER NOT NULL,       -- grows with every change of its posts or of their order
    PRIMARY KEY (kind, ref)
);
INSERT INTO post_lists (kind, ref, total, version)
    SELECT 'all', 0, COUNT(*), 1 FROM posts WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL;
INSERT INTO post_lists (kind, ref, total, version)
    SELECT 'club', club_id, COUNT(*), 1 FROM posts
    WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL AND club_id IS NOT NULL GROUP BY club_id;
INSERT INTO post_lists (kind, ref, total, version)
    SELECT 'month', month_key, COUNT(*), 1 FROM posts
    WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL GROUP BY month_key;
INSERT INTO post_lists (kind, ref, total, version)
    SELECT 'category', category_id, COUNT(*), 1 FROM post_categories WHERE listed_at IS NOT NULL GROUP BY category_id;
INSERT INTO post_lists (kind, ref, total, version)
    SELECT 'tag', tag_id, COUNT(*), 1 FROM post_tags WHERE listed_at IS NOT NULL GROUP BY tag_id;

-- A post enters its lists (the archive, its club's, its month's) when it is a published post
-- with a date, leaves them when it stops being one; any change of kind, status, date, club or
-- month takes it out of the old lists and puts it into the new ones (versions grow).
CREATE TRIGGER posts_lists_insert AFTER INSERT ON posts
WHEN new.kind = 'post' AND new.status = 'published' AND new.published_at IS NOT NULL
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT l.kind, l.ref, 1, 1 FROM (SELECT 'all' AS kind, 0 AS ref
            UNION ALL SELECT 'club', new.club_id WHERE new.club_id IS NOT NULL
            UNION ALL SELECT 'month', new.month_key) l WHERE true
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + 1, version = post_lists.version + 1;
END;

CREATE TRIGGER posts_lists_delete AFTER DELETE ON posts
WHEN old.kind = 'post' AND old.status = 'published' AND old.published_at IS NOT NULL
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT l.kind, l.ref, 0, 1 FROM (SELECT 'all' AS kind, 0 AS ref
            UNION ALL SELECT 'club', old.club_id WHERE old.club_id IS NOT NULL
            UNION ALL SELECT 'month', old.month_key) l WHERE true
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total - 1, version = post_lists.version + 1;
END;

CREATE TRIGGER posts_lists_update AFTER UPDATE OF kind, status, published_at, club_id, month_key ON posts
WHEN old.kind IS NOT new.kind OR old.status IS NOT new.status OR old.published_at IS NOT new.published_at
    OR old.club_id IS NOT new.club_id OR old.month_key IS NOT new.month_key
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT l.kind, l.ref, 0, 1 FROM (SELECT 'all' AS kind, 0 AS ref
            UNION ALL SELECT 'club', old.club_id WHERE old.club_id IS NOT NULL
            UNION ALL SELECT 'month', old.month_key) l
        WHERE old.kind = 'post' AND old.status = 'published' AND old.published_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total - 1, version = post_lists.version + 1;
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT l.kind, l.ref, 1, 1 FROM (SELECT 'all' AS kind, 0 AS ref
            UNION ALL SELECT 'club', new.club_id WHERE new.club_id IS NOT NULL
            UNION ALL SELECT 'month', new.month_key) l
        WHERE new.kind = 'post' AND new.status = 'published' AND new.published_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + 1, version = post_lists.version + 1;
    UPDATE post_categories SET listed_at = CASE WHEN new.kind = 'post' AND new.status = 'published' THEN new.published_at END
        WHERE post_id = new.id;
    UPDATE post_tags SET listed_at = CASE WHEN new.kind = 'post' AND new.status = 'published' THEN new.published_at END
        WHERE post_id = new.id;
END;

-- A category's rows: a new one takes its post's sort key; a sort key that comes or goes, or
-- changes, moves the category's list (removing a post's row, by hand or by a cascade, too).
CREATE TRIGGER post_categories_lists_insert AFTER INSERT ON post_categories
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT 'category', new.category_id, 1, 1 WHERE new.listed_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + 1, version = post_lists.version + 1;
    UPDATE post_categories SET listed_at = (SELECT p.published_at FROM posts p
        WHERE p.id = new.post_id AND p.kind = 'post' AND p.status = 'published')
        WHERE post_id = new.post_id AND category_id = new.category_id;
END;

CREATE TRIGGER post_categories_lists_update AFTER UPDATE OF listed_at, category_id ON post_categories
WHEN old.listed_at IS NOT new.listed_at OR old.category_id IS NOT new.category_id
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT 'category', old.category_id, 0, 1 WHERE old.listed_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total - 1, version = post_lists.version + 1;
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT 'category', new.category_id, 1, 1 WHERE new.listed_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + 1, version = post_lists.version + 1;
END;

CREATE TRIGGER post_categories_lists_delete AFTER DELETE ON post_categories
WHEN old.listed_at IS NOT NULL
BEGIN
    UPDATE post_lists SET total = total - 1, version = version + 1 WHERE kind = 'category' AND ref = old.category_id;
END;

-- The same for tags.
CREATE TRIGGER post_tags_lists_insert AFTER INSERT ON post_tags
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT 'tag', new.tag_id, 1, 1 WHERE new.listed_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + 1, version = post_lists.version + 1;
    UPDATE post_tags SET listed_at = (SELECT p.published_at FROM posts p
        WHERE p.id = new.post_id AND p.kind = 'post' AND p.status = 'published')
        WHERE post_id = new.post_id AND tag_id = new.tag_id;
END;

CREATE TRIGGER post_tags_lists_update AFTER UPDATE OF listed_at, tag_id ON post_tags
WHEN old.listed_at IS NOT new.listed_at OR old.tag_id IS NOT new.tag_id
BEGIN
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT 'tag', old.tag_id, 0, 1 WHERE old.listed_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total - 1, version = post_lists.version + 1;
    INSERT INTO post_lists (kind, ref, total, version)
        SELECT 'tag', new.tag_id, 1, 1 WHERE new.listed_at IS NOT NULL
        ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + 1, version = post_lists.version + 1;
END;

CREATE TRIGGER post_tags_lists_delete AFTER DELETE ON post_tags
WHEN old.listed_at IS NOT NULL
BEGIN
    UPDATE post_lists SET total = total - 1, version = version + 1 WHERE kind = 'tag' AND ref = old.tag_id;
END;
