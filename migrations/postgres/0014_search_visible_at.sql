-- A search document carries when its post became visible (its published_at while it is
-- published, NULL otherwise), so that a search checks its matches without reading the posts'
-- rows (twin: migrations/sqlite/0014_search_visible_at.sql).
ALTER TABLE search_docs ADD COLUMN visible_at BIGINT;

UPDATE search_docs d SET visible_at = CASE WHEN p.status = 'published' THEN p.published_at END
FROM posts p WHERE p.id = d.post_id;

-- Whatever changes a post's status or date (the editor, a bulk action, an import) keeps it.
CREATE FUNCTION posts_search_visible() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_docs SET visible_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE post_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER posts_search_visible AFTER UPDATE OF status, published_at ON posts
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION posts_search_visible();
