-- Search documents without positions (strip): essaim ranks the matches itself
-- (core/search.rs), so positions were never read, and the rows a search walks through are a
-- third smaller.
UPDATE search_fts SET tsv = strip(tsv);
CREATE OR REPLACE FUNCTION search_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_fts (post_id, tsv) VALUES (NEW.post_id, strip(to_tsvector('simple', NEW.doc)))
    ON CONFLICT (post_id) DO UPDATE SET tsv = excluded.tsv;
    RETURN NULL;
END
$$;
-- A search reads at most a thousand matches: starting parallel workers costs more than it saves.
ALTER TABLE search_fts SET (parallel_workers = 0);

-- A category's or a tag's new row takes its post's sort key, looked up by the post's id alone:
-- with the kind and status in the WHERE clause, a plan cached while the posts table was small
-- could read them through the posts_public index, every published post for each row.
CREATE OR REPLACE FUNCTION post_terms_listed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.listed_at := (SELECT CASE WHEN p.kind = 'post' AND p.status = 'published' THEN p.published_at END
                      FROM posts p WHERE p.id = NEW.post_id);
    RETURN NEW;
END
$$;
