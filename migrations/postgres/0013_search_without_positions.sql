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
