-- The form kit (core/forms). A form belongs to an owner string chosen by its module (such
-- as `event:12`); its definition is versioned: once a version has responses, an edit makes
-- a new version and the earlier responses keep theirs.
CREATE TABLE forms (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL UNIQUE,
    -- The current version.
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE form_versions (
    form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    -- The definition as JSON (core::forms::FormDef).
    definition TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (form_id, version)
);

-- One response per module reference (such as a registration's id) and form.
CREATE TABLE form_responses (
    id INTEGER PRIMARY KEY,
    form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    reference TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (form_id, reference),
    FOREIGN KEY (form_id, version) REFERENCES form_versions(form_id, version)
);
CREATE INDEX form_responses_version ON form_responses(form_id, version);

-- A typed answer as JSON (core::forms::Answer), with the question's stable code.
CREATE TABLE form_answers (
    response_id INTEGER NOT NULL REFERENCES form_responses(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);
