-- A club's own identity on its pages: an accent colour (#rrggbb, empty for the network's,
-- checked for contrast by the back office) and a logo from the media library.
-- The network's identity itself is the `identity` setting (see network/identity.rs).
ALTER TABLE clubs ADD COLUMN accent TEXT NOT NULL DEFAULT '';
ALTER TABLE clubs ADD COLUMN logo_media_id BIGINT REFERENCES media(id) ON DELETE SET NULL;
