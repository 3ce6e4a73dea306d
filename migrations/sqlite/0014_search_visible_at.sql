-- A search document carries when its post became visible (its published_at while it is
-- published, NULL otherwise), so that a search checks its matches without reading the posts'
-- rows: in SQLite a post's status and date are stored after its body, and reaching them walked
-- through the body's overflow pages, for each of the thousand matches a search ranks.
ALTER TABLE search_docs ADD COLUMN visible_at INTEGER;

-- The full-text index is rewritten when the document changes, not when its visibility does.
DROP TRIGGER search_docs_au;
CREATE TRIGGER search_docs_au AFTER UPDATE OF doc ON search_docs BEGIN
  INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.doc);
  INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.doc);
END;

UPDATE search_docs SET visible_at =
  (SELECT CASE WHEN p.status = 'published' THEN p.published_at END FROM posts p WHERE p.id = search_docs.post_id);

-- Whatever changes a post's status or date (the editor, a bulk action, an import) keeps it.
CREATE TRIGGER posts_search_visible AFTER UPDATE OF status, published_at ON posts
WHEN old.status IS NOT new.status OR old.published_at IS NOT new.published_at BEGIN
  UPDATE search_docs SET visible_at = CASE WHEN new.status = 'published' THEN new.published_at END
  WHERE post_id = new.id;
END;
