-- Youth programs' badges: Open Badges 3.0 credentials issued to the participants who completed
-- their path, signed with the network's Ed25519 key, revocable through a status list.
--
-- The signing keys live in the database, so that several stateless instances sign with the
-- same key: the first one is created on first use, race-safe through the unique generation
-- (two instances inserting generation 1 at once: one row wins, both read it back).

CREATE TABLE badge_keys (
    id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL UNIQUE,                        -- 1 for the first key; a rotation adds the next
    kid TEXT NOT NULL UNIQUE,                                  -- the JWK thumbprint (RFC 7638) of the public key
    seed TEXT NOT NULL,                                        -- the Ed25519 private seed, base64url
    public_key TEXT NOT NULL,                                  -- the Ed25519 public key, base64url
    created_at INTEGER NOT NULL
);

-- One badge per participant. `id` is random and unguessable (it is the public page's address);
-- `status_index` is its position in the revocation status list; `recipient` is the first name
-- shown on the public page (blanked when the participant is anonymised or erased); the
-- credential is the signed compact JWS as issued, never changed afterwards.
CREATE TABLE program_badges (
    id TEXT PRIMARY KEY,
    participant_id INTEGER NOT NULL UNIQUE REFERENCES participants(id) ON DELETE CASCADE,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    status_index INTEGER NOT NULL UNIQUE,
    recipient TEXT NOT NULL DEFAULT '',
    issued_at INTEGER NOT NULL,
    credential TEXT NOT NULL,
    revoked_at INTEGER,
    CHECK (status_index >= 0)
);
CREATE INDEX program_badges_cohort ON program_badges(cohort_id);
