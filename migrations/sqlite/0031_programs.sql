-- Youth programs: a national program (its age band, skills, completion rule, consent texts and
-- path template) opened in clubs; a cohort per club and school year with its sessions; the
-- participants (minors) with their consents, their places in sessions and their attendance.
--
-- Consent by construction: a participant's `needs_guardian` and `needs_own` are set from
-- their age at the cohort's start when they apply (under 18: a guardian's authorisation to
-- take part; under 15: their own consent too). A place in a session is written only by one
-- INSERT … SELECT whose WHERE holds those consents (store::place), so a participant pending
-- consent cannot be placed whatever the page or the API asks.

CREATE TABLE programs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',                     -- markup (core::markup)
    age_min INTEGER NOT NULL,
    age_max INTEGER NOT NULL,
    skills TEXT NOT NULL DEFAULT '[]',                        -- JSON: [{"code", "label"}]
    min_attendance INTEGER NOT NULL DEFAULT 80,                -- % of the cohort's sessions attended
    final_required INTEGER NOT NULL DEFAULT 1,                 -- 1: the final event attended too
    path TEXT NOT NULL DEFAULT '[]',                          -- JSON: the sessions' template
    retention_days INTEGER NOT NULL DEFAULT 730,               -- after the cohort ends
    created_at INTEGER NOT NULL,
    CHECK (age_min > 0 AND age_max >= age_min AND age_max < 30),
    CHECK (min_attendance BETWEEN 0 AND 100),
    CHECK (final_required IN (0, 1)),
    CHECK (retention_days > 0)
);

-- The texts people consent to, by kind, versioned: a text is never edited, a new version is
-- added, and each consent names the version it accepted.
CREATE TABLE program_texts (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                                       -- participation | image | own
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (program_id, kind, version),
    CHECK (kind IN ('participation', 'image', 'own'))
);

-- The clubs that run the program, since when.
CREATE TABLE program_clubs (
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    joined_on INTEGER NOT NULL,
    PRIMARY KEY (program_id, club_id)
);

CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    school_year TEXT NOT NULL,                                -- e.g. "2026-2027"
    label TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    starts_on INTEGER NOT NULL,                                -- midnight (UTC) of the first day
    ends_on INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (program_id, club_id, school_year),
    CHECK (capacity > 0),
    CHECK (ends_on > starts_on)
);

CREATE TABLE cohort_sessions (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                                       -- workshop | coaching | tutoring | visit | final
    title TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL DEFAULT '',                            -- who leads it (staff or volunteers)
    skills TEXT NOT NULL DEFAULT '[]',                        -- JSON: the program's skill codes
    CHECK (kind IN ('workshop', 'coaching', 'tutoring', 'visit', 'final')),
    CHECK (ends_at > starts_at)
);
CREATE INDEX cohort_sessions_cohort ON cohort_sessions(cohort_id, starts_at);

-- Minors' personal data: seen by the staff of the cohort's club and network administrators
-- only; anonymised (`anonymised_at`) a set time after the cohort ends, the counts kept.
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,                                 -- YYYY-MM-DD ('' once anonymised)
    gender TEXT NOT NULL,                                     -- girl | boy | other | unsaid
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    guardian_name TEXT NOT NULL DEFAULT '',
    guardian_email TEXT NOT NULL DEFAULT '',
    age_at_start INTEGER NOT NULL,                             -- kept for the counts by age
    needs_guardian INTEGER NOT NULL,
    needs_own INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'applied',                   -- applied | waiting | selected | declined | withdrawn
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    anonymised_at INTEGER,
    CHECK (gender IN ('girl', 'boy', 'other', 'unsaid')),
    CHECK (status IN ('applied', 'waiting', 'selected', 'declined', 'withdrawn')),
    CHECK (needs_guardian IN (0, 1) AND needs_own IN (0, 1))
);
CREATE INDEX participants_cohort ON participants(cohort_id, status);

-- Each consent given or refused: which text (kind and version), by whom (the guardian or the
-- participant, with the name they signed), when; withdrawn at any time by the same link. At
-- most one live (not withdrawn) answer per participant and kind.
CREATE TABLE participant_consents (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text_id INTEGER NOT NULL REFERENCES program_texts(id),
    given_by TEXT NOT NULL,                                   -- guardian | participant
    signer TEXT NOT NULL,
    granted INTEGER NOT NULL,                                  -- 1: accepted, 0: refused
    at INTEGER NOT NULL,
    withdrawn_at INTEGER,
    CHECK (kind IN ('participation', 'image', 'own')),
    CHECK (given_by IN ('guardian', 'participant')),
    CHECK (granted IN (0, 1))
);
CREATE UNIQUE INDEX participant_consents_live ON participant_consents(participant_id, kind) WHERE withdrawn_at IS NULL;

-- A participant's place in a session (only ever written by store::place).
CREATE TABLE session_places (
    session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX session_places_participant ON session_places(participant_id);

-- Attendance: arrival and departure times (minutes attended are computed), or an excused
-- absence.
CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    arrived_at INTEGER,
    left_at INTEGER,
    excused INTEGER NOT NULL DEFAULT 0,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, participant_id),
    CHECK (excused IN (0, 1)),
    CHECK (left_at IS NULL OR arrived_at IS NOT NULL AND left_at > arrived_at)
);
