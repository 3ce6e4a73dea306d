-- essaim: access links (sqlite). Paired with migrations/postgres/0017_access_links.sql.
-- A signed, expiring, revocable link e-mailed to a person without an account, for one scope
-- (`events.booking`: a booking's personal page) and one subject (the booking's id). The token
-- is `{id}.{tag}`, the tag an HMAC-SHA256 with the site's secret over the id, the scope, the
-- subject and `nonce` (src/core/access): nothing here alone opens a link. `legacy_hash` is the
-- SHA-256 (hex) of a personal token sent before access links existed, carried over at start-up
-- by the events module; such a token keeps working through the same verification.
CREATE TABLE access_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    nonce TEXT NOT NULL,
    legacy_hash TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
);
CREATE INDEX access_links_subject ON access_links(scope, subject_id);
CREATE INDEX access_links_email ON access_links(email);

-- `registrations.token` is no longer a key: new bookings store `~` and random characters, and
-- the start-up carry-over replaces each older token by `~{id}` once its hash is in
-- access_links. This index holds the rows still to carry over (none, once done).
CREATE INDEX registrations_token_to_carry ON registrations(id) WHERE substr(token, 1, 1) <> '~';
