-- essaim: calls for projects and competitions, their juries and results (SQLite). Paired with
-- migrations/postgres/0026_calls.sql. Timestamps are unix seconds; flags are 0/1.
--
-- A call has prize categories (each with a sponsor among the partners), a form (the form kit's,
-- owner `calls:{id}`), and stages in order (screening, first jury, grand jury), each with its
-- jurors, rubric (criteria with weights, one scale per stage whose levels each criterion
-- describes) and decision. Applications are made through access links (scope
-- `calls.application`), jurors act through theirs (scope `calls.juror`).

-- The districts the network maintains (for example the priority districts of the city
-- policy), importable from CSV.
CREATE TABLE districts (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE,                    -- official code when known (e.g. QN07501M)
    name TEXT NOT NULL,
    town TEXT NOT NULL DEFAULT '',
    priority INTEGER NOT NULL DEFAULT 0, -- 1: a priority district
    created_at INTEGER NOT NULL,
    CHECK (priority IN (0, 1))
);
CREATE UNIQUE INDEX districts_name_town ON districts(name, town);

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL, -- NULL: the network's
    kind TEXT NOT NULL DEFAULT 'competition',                -- competition | call
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    rules TEXT NOT NULL DEFAULT '',                          -- Markdown
    eligibility TEXT NOT NULL DEFAULT '',                    -- Markdown
    status TEXT NOT NULL DEFAULT 'draft',                    -- draft | published | archived
    opens_at INTEGER NOT NULL,
    closes_at INTEGER NOT NULL,                              -- the deadline, to the second
    ceremony_event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
    next_reference INTEGER NOT NULL DEFAULT 0,               -- the last reference number handed out
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (kind IN ('competition', 'call')),
    CHECK (status IN ('draft', 'published', 'archived')),
    CHECK (closes_at > opens_at)
);
CREATE INDEX calls_status ON calls(status, closes_at);

CREATE TABLE call_categories (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    prize TEXT NOT NULL DEFAULT '',                          -- e.g. "10 000 € et un an d'accompagnement"
    sponsor_id INTEGER REFERENCES partners(id) ON DELETE SET NULL
);
CREATE INDEX call_categories_call ON call_categories(call_id, position);

-- Stages in order. `decides`: advance (the chosen ones go to the next stage) or laureates (one
-- per category, and mentions). `hidden_fields`: JSON list of what jurors of a blind stage
-- do not see (organisation, names, emails, siret, files).
CREATE TABLE call_stages (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'jury',                       -- screening | jury
    decides TEXT NOT NULL DEFAULT 'advance',                 -- advance | laureates
    advance_count INTEGER,                                   -- how many to advance, when known
    jurors_per_application INTEGER NOT NULL DEFAULT 3,       -- k of the automatic assignment
    scale_min INTEGER NOT NULL DEFAULT 0,
    scale_max INTEGER NOT NULL DEFAULT 5,
    blind INTEGER NOT NULL DEFAULT 0,
    hidden_fields TEXT NOT NULL DEFAULT '[]',
    review_deadline INTEGER,
    UNIQUE (call_id, position),
    CHECK (kind IN ('screening', 'jury')),
    CHECK (decides IN ('advance', 'laureates')),
    CHECK (scale_max > scale_min),
    CHECK (jurors_per_application >= 1),
    CHECK (blind IN (0, 1))
);

-- A stage's rubric. `levels`: JSON object from a score to its description ({"0": "…", "5": "…"}).
CREATE TABLE call_criteria (
    id INTEGER PRIMARY KEY,
    stage_id INTEGER NOT NULL REFERENCES call_stages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    weight INTEGER NOT NULL DEFAULT 1,
    levels TEXT NOT NULL DEFAULT '{}',
    CHECK (weight >= 1)
);
CREATE INDEX call_criteria_stage ON call_criteria(stage_id, position);

-- An application. status: draft -> submitted (-> withdrawn). Eligibility is decided by the
-- managers with a reason; `stage_id` is the furthest stage it reached; `outcome` is told at
-- publication. `draft` keeps the form's fields as typed (JSON) until submission, when they
-- are checked and stored as the form kit's response (reference `application:{id}`).
CREATE TABLE call_applications (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    reference TEXT,                                          -- e.g. TI-2026-0042, given at submission
    email TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'fr',
    status TEXT NOT NULL DEFAULT 'draft',
    project_title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',                        -- what they do, in a few lines
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    org_name TEXT NOT NULL DEFAULT '',
    org_legal_form TEXT NOT NULL DEFAULT '',                 -- association | local_authority | cooperative | company
    org_siret TEXT NOT NULL DEFAULT '',                      -- 14 digits, Luhn
    org_rna TEXT NOT NULL DEFAULT '',                        -- W + 9 digits
    org_address TEXT NOT NULL DEFAULT '',
    org_postcode TEXT NOT NULL DEFAULT '',
    org_town TEXT NOT NULL DEFAULT '',
    district_id INTEGER REFERENCES districts(id) ON DELETE SET NULL,
    district_other TEXT NOT NULL DEFAULT '',                 -- typed when not in the list
    category_id INTEGER REFERENCES call_categories(id) ON DELETE SET NULL,
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL, -- the club nearest the project
    project_url TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    draft TEXT NOT NULL DEFAULT '{}',
    eligibility TEXT NOT NULL DEFAULT 'pending',             -- pending | eligible | ineligible
    eligibility_reason TEXT NOT NULL DEFAULT '',
    eligibility_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    eligibility_at INTEGER,
    stage_id INTEGER REFERENCES call_stages(id) ON DELETE SET NULL,
    outcome TEXT,                                            -- laureate | mention | nominee | not_selected
    outcome_category_id INTEGER REFERENCES call_categories(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    submitted_at INTEGER,
    withdrawn_at INTEGER,
    anonymised_at INTEGER,
    UNIQUE (call_id, reference),
    CHECK (status IN ('draft', 'submitted', 'withdrawn')),
    CHECK (eligibility IN ('pending', 'eligible', 'ineligible')),
    CHECK (outcome IS NULL OR outcome IN ('laureate', 'mention', 'nominee', 'not_selected'))
);
CREATE INDEX call_applications_call ON call_applications(call_id, status);
CREATE INDEX call_applications_email ON call_applications(email);
CREATE INDEX call_applications_siret ON call_applications(call_id, org_siret);

-- The districts an application's project reaches (a listed district, or a name typed).
CREATE TABLE call_application_districts (
    application_id INTEGER NOT NULL REFERENCES call_applications(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    district_id INTEGER REFERENCES districts(id) ON DELETE SET NULL,
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, position)
);
CREATE INDEX call_application_districts_district ON call_application_districts(district_id);

-- Attachments of the form's file questions (bytes in the database, as media are).
CREATE TABLE call_files (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES call_applications(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX call_files_application ON call_files(application_id, question_id);

-- A juror of one stage's jury (invited by e-mail; acts through an access link).
CREATE TABLE call_jurors (
    id INTEGER PRIMARY KEY,
    stage_id INTEGER NOT NULL REFERENCES call_stages(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'fr',
    invited_at INTEGER,
    withdrawn_at INTEGER,
    reminded_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (stage_id, email)
);

-- Who reviews what. conflict: unknown (not yet declared) | none | declared | automatic.
-- A juror in conflict never sees the application; their score does not count.
CREATE TABLE call_assignments (
    id INTEGER PRIMARY KEY,
    stage_id INTEGER NOT NULL REFERENCES call_stages(id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES call_applications(id) ON DELETE CASCADE,
    juror_id INTEGER NOT NULL REFERENCES call_jurors(id) ON DELETE CASCADE,
    source TEXT NOT NULL DEFAULT 'manual',                   -- manual | automatic | replacement
    conflict TEXT NOT NULL DEFAULT 'unknown',
    declared_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (stage_id, application_id, juror_id),
    CHECK (conflict IN ('unknown', 'none', 'declared', 'automatic'))
);
CREATE INDEX call_assignments_juror ON call_assignments(juror_id);
CREATE INDEX call_assignments_application ON call_assignments(application_id);

-- A review: one per assignment; draft until submitted. Scores per criterion below.
CREATE TABLE call_reviews (
    assignment_id INTEGER PRIMARY KEY REFERENCES call_assignments(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'draft',                    -- draft | submitted
    confidence INTEGER,                                      -- 1 low .. 3 high
    jury_note TEXT NOT NULL DEFAULT '',
    feedback TEXT NOT NULL DEFAULT '',                       -- for the applicant
    updated_at INTEGER NOT NULL,
    submitted_at INTEGER,
    CHECK (status IN ('draft', 'submitted')),
    CHECK (confidence IS NULL OR confidence BETWEEN 1 AND 3)
);

CREATE TABLE call_scores (
    assignment_id INTEGER NOT NULL REFERENCES call_assignments(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES call_criteria(id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    PRIMARY KEY (assignment_id, criterion_id)
);

-- A stage's decision and its amendments, in order (seq 1 is the decision). Each row is the
-- whole outcome at that point (`outcomes`: JSON [{application_id, outcome, category_id}]),
-- with its rationale (or the amendment's reason), who and when. Rows are never updated.
CREATE TABLE call_decisions (
    id INTEGER PRIMARY KEY,
    stage_id INTEGER NOT NULL REFERENCES call_stages(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    rationale TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at INTEGER NOT NULL,
    UNIQUE (stage_id, seq),
    CHECK (seq >= 1)
);

-- Published results, frozen: `body` is the canonical JSON published, `fingerprint` its
-- SHA-256 in hex. A later amendment publishes a new version with its reason; earlier
-- versions stay.
CREATE TABLE call_results (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    published_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    published_at INTEGER NOT NULL,
    UNIQUE (call_id, version),
    CHECK (version >= 1)
);
