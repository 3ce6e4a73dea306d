-- essaim: the public lists of posts at a million posts, and search (PostgreSQL). Paired with
-- migrations/sqlite/0011_post_lists_and_search.sql.
--
-- Each public list (the archive, a category, a tag, a club, a month) is read from one index in
-- its order (published_at DESC, id DESC), and its size and a version live in post_lists, kept
-- by the triggers below in the transaction of every change: a page never counts the list, and
-- the anchors that let a deep page skip the posts before it (core/anchors.rs) know when they
-- are out of date. A list holds the published posts, scheduled ones included: the pages leave
-- out those whose time has not come.

-- A category's and a tag's rows carry their post's sort key while the post is a published post
-- (scheduled ones included), NULL otherwise, so their archives read one index in order.
ALTER TABLE post_categories ADD COLUMN listed_at BIGINT;
ALTER TABLE post_tags ADD COLUMN listed_at BIGINT;
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
    ref BIGINT NOT NULL,            -- the category's, tag's or club's id, the month's yyyymm; 0 for all
    total BIGINT NOT NULL,          -- its published posts, scheduled ones included
    version BIGINT NOT NULL,        -- grows with every change of its posts or of their order
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

-- One list gains (delta 1) or loses (delta -1) a post; its version grows either way.
CREATE FUNCTION post_lists_move(list_kind TEXT, list_ref BIGINT, delta BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO post_lists (kind, ref, total, version) VALUES (list_kind, list_ref, GREATEST(delta, 0), 1)
    ON CONFLICT (kind, ref) DO UPDATE SET total = post_lists.total + delta, version = post_lists.version + 1
$$;

-- A post enters its lists (the archive, its club's, its month's) when it is a published post
-- with a date, leaves them when it stops being one; any change of kind, status, date, club or
-- month takes it out of the old lists and puts it into the new ones (versions grow).
CREATE FUNCTION posts_lists_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF OLD.kind = 'post' AND OLD.status = 'published' AND OLD.published_at IS NOT NULL THEN
            PERFORM post_lists_move('all', 0, -1);
            IF OLD.club_id IS NOT NULL THEN
                PERFORM post_lists_move('club', OLD.club_id, -1);
            END IF;
            PERFORM post_lists_move('month', OLD.month_key, -1);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL THEN
            PERFORM post_lists_move('all', 0, 1);
            IF NEW.club_id IS NOT NULL THEN
                PERFORM post_lists_move('club', NEW.club_id, 1);
            END IF;
            PERFORM post_lists_move('month', NEW.month_key, 1);
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        UPDATE post_categories SET listed_at = CASE WHEN NEW.kind = 'post' AND NEW.status = 'published' THEN NEW.published_at END
            WHERE post_id = NEW.id;
        UPDATE post_tags SET listed_at = CASE WHEN NEW.kind = 'post' AND NEW.status = 'published' THEN NEW.published_at END
            WHERE post_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER posts_lists_insert_delete AFTER INSERT OR DELETE ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_lists_change();
CREATE TRIGGER posts_lists_update AFTER UPDATE OF kind, status, published_at, club_id, month_key ON posts
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.club_id IS DISTINCT FROM NEW.club_id
        OR OLD.month_key IS DISTINCT FROM NEW.month_key)
    EXECUTE FUNCTION posts_lists_change();

-- A category's or a tag's new row takes its post's sort key.
CREATE FUNCTION post_terms_listed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.listed_at := (SELECT p.published_at FROM posts p WHERE p.id = NEW.post_id AND p.kind = 'post' AND p.status = 'published');
    RETURN NEW;
END
$$;
CREATE TRIGGER post_categories_listed_at BEFORE INSERT ON post_categories
    FOR EACH ROW EXECUTE FUNCTION post_terms_listed_at();
CREATE TRIGGER post_tags_listed_at BEFORE INSERT ON post_tags
    FOR EACH ROW EXECUTE FUNCTION post_terms_listed_at();

-- A sort key that comes or goes, or changes, moves the category's list (removing a post's row,
-- by hand or by a cascade, too).
CREATE FUNCTION post_categories_lists_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.listed_at IS NOT NULL THEN
        PERFORM post_lists_move('category', OLD.category_id, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.listed_at IS NOT NULL THEN
        PERFORM post_lists_move('category', NEW.category_id, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER post_categories_lists_insert_delete AFTER INSERT OR DELETE ON post_categories
    FOR EACH ROW EXECUTE FUNCTION post_categories_lists_change();
CREATE TRIGGER post_categories_lists_update AFTER UPDATE OF listed_at, category_id ON post_categories
    FOR EACH ROW WHEN (OLD.listed_at IS DISTINCT FROM NEW.listed_at OR OLD.category_id IS DISTINCT FROM NEW.category_id)
    EXECUTE FUNCTION post_categories_lists_change();

-- The same for tags.
CREATE FUNCTION post_tags_lists_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.listed_at IS NOT NULL THEN
        PERFORM post_lists_move('tag', OLD.tag_id, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.listed_at IS NOT NULL THEN
        PERFORM post_lists_move('tag', NEW.tag_id, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER post_tags_lists_insert_delete AFTER INSERT OR DELETE ON post_tags
    FOR EACH ROW EXECUTE FUNCTION post_tags_lists_change();
CREATE TRIGGER post_tags_lists_update AFTER UPDATE OF listed_at, tag_id ON post_tags
    FOR EACH ROW WHEN (OLD.listed_at IS DISTINCT FROM NEW.listed_at OR OLD.tag_id IS DISTINCT FROM NEW.tag_id)
    EXECUTE FUNCTION post_tags_lists_change();

-- Search: each document's tsvector, computed once when the document is saved, under the name
-- SQLite's FTS5 index has (search_fts), so that matching and ranking never parse a document
-- again. It replaces the expression index on search_docs.
CREATE TABLE search_fts (
    post_id BIGINT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
    tsv TSVECTOR NOT NULL
);
INSERT INTO search_fts (post_id, tsv) SELECT post_id, to_tsvector('simple', doc) FROM search_docs;
CREATE INDEX search_fts_tsv ON search_fts USING GIN (tsv);
DROP INDEX search_docs_fts;
CREATE FUNCTION search_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_fts (post_id, tsv) VALUES (NEW.post_id, to_tsvector('simple', NEW.doc))
    ON CONFLICT (post_id) DO UPDATE SET tsv = excluded.tsv;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_docs_sync AFTER INSERT OR UPDATE OF doc ON search_docs
    FOR EACH ROW EXECUTE FUNCTION search_fts_sync();
