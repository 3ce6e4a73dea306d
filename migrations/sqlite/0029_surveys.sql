-- essaim: surveys and barometers (SQLite). Paired with migrations/postgres/0029_surveys.sql.
-- Timestamps are unix seconds; flags are 0/1.
--
-- A survey's questionnaire is a form of the form kit (owner `surveys:{id}`): its questions
-- carry stable codes kept across versions and rewording. A wave is one run of the survey
-- (a barometer has one a year) on one version of the form, frozen when the wave opens, in
-- chosen territories (clubs), in one mode: anonymous, pseudonymous or identified.
--
-- Anonymity by construction: survey_responses and survey_answers hold no invitation, no
-- person and no time finer than the day; their keys are random, so no order they are kept
-- or read in is the order of submission. Whether an invitation was used is kept on the
-- invitation alone. Only a pseudonymous or identified wave links a response to its
-- invitation, in survey_response_links.

-- Form versions a module has frozen (a survey's wave opened on it): an edit then makes a
-- new version, as it does once a version has responses.
ALTER TABLE form_versions ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0;

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL, -- NULL: the network's
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    intro TEXT NOT NULL DEFAULT '',                          -- Markdown, on the first page
    min_cell INTEGER NOT NULL DEFAULT 5,                      -- smaller cells are suppressed
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (min_cell >= 1)
);

CREATE TABLE survey_waves (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    label TEXT NOT NULL,                                     -- e.g. "2025"
    mode TEXT NOT NULL DEFAULT 'anonymous',                  -- anonymous | pseudonymous | identified
    opens_at INTEGER NOT NULL,
    closes_at INTEGER NOT NULL,
    form_version INTEGER,                                     -- set (frozen) when the wave opens
    opened_at INTEGER,
    open_link INTEGER NOT NULL DEFAULT 0,                     -- 1: a public link takes answers too
    published_at INTEGER,                                     -- results published
    published_codes TEXT NOT NULL DEFAULT '[]',              -- JSON: the question codes shown publicly
    created_at INTEGER NOT NULL,
    UNIQUE (survey_id, label),
    CHECK (mode IN ('anonymous', 'pseudonymous', 'identified')),
    CHECK (open_link IN (0, 1)),
    CHECK (closes_at > opens_at)
);
CREATE INDEX survey_waves_survey ON survey_waves(survey_id, opens_at);

-- The territories a wave runs in, with their optional quota of complete responses. `complete`
-- counts them; the quota holds because the count is raised by one conditional UPDATE in the
-- submission's transaction.
CREATE TABLE survey_wave_territories (
    wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    quota INTEGER,
    complete INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (wave_id, club_id),
    CHECK (quota IS NULL OR quota > 0)
);

-- The people or companies invited to a wave. `state`: invited (nothing yet), started (a
-- draft is kept), answered (the link is used up). No time of answering is kept.
CREATE TABLE survey_invitations (
    id INTEGER PRIMARY KEY,
    wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,                                     -- normalised (lower case)
    attributes TEXT NOT NULL DEFAULT '{}',                   -- JSON: sector, size…
    state TEXT NOT NULL DEFAULT 'invited',
    invited_at INTEGER,                                       -- the invitation e-mail was queued
    reminded_at INTEGER,                                      -- the last reminder was queued
    reminders INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (wave_id, email),
    CHECK (state IN ('invited', 'started', 'answered'))
);
CREATE INDEX survey_invitations_state ON survey_invitations(wave_id, state);

-- Answers saved before submission: under the invitation while it is in progress, or under
-- an open link's random key. Deleted in the transaction that submits them.
CREATE TABLE survey_drafts (
    id INTEGER PRIMARY KEY,
    wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    invitation_id INTEGER UNIQUE REFERENCES survey_invitations(id) ON DELETE CASCADE,
    key_hash TEXT UNIQUE,                                    -- SHA-256 of an open link's key
    fields TEXT NOT NULL DEFAULT '[]',                       -- JSON: [[field, value], ...] as typed
    page INTEGER NOT NULL DEFAULT 0,                          -- the section reached
    updated_at INTEGER NOT NULL,
    CHECK ((invitation_id IS NULL) <> (key_hash IS NULL))
);
CREATE INDEX survey_drafts_wave ON survey_drafts(wave_id, updated_at);

-- Complete responses. `id` is random; `submitted_on` is midnight (UTC) of the day.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    submitted_on INTEGER NOT NULL,
    CHECK (submitted_on % 86400 = 0)
);
CREATE INDEX survey_responses_wave ON survey_responses(wave_id, club_id);

-- One typed answer (core::forms::Answer as JSON) per question code; the wave and territory
-- repeated so that results are one indexed aggregate.
CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    wave_id INTEGER NOT NULL,
    club_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (response_id, code)
) WITHOUT ROWID;
CREATE INDEX survey_answers_results ON survey_answers(wave_id, code, club_id, value);

-- Pseudonymous and identified waves only: which invitation gave a response.
CREATE TABLE survey_response_links (
    response_id INTEGER PRIMARY KEY REFERENCES survey_responses(id) ON DELETE CASCADE,
    invitation_id INTEGER NOT NULL UNIQUE REFERENCES survey_invitations(id) ON DELETE CASCADE
);
