-- The form kit (core/forms). A form belongs to an owner string chosen by its module (such
-- as `event:12`); its definition is versioned: once a version has responses, an edit makes
-- a new version and the earlier responses keep theirs.
CREATE TABLE forms (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL UNIQUE,
    -- The current version.
    version INTEGER NOT NULL DEFAULT 1,
    -- The largest question id any version used: new ids are taken above every form's, so
    -- an id is never reused and names one question across forms.
    max_question_id INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX forms_max_question ON forms(max_question_id);

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

-- The events' questions and answers move into the kit: one form per event that asks
-- questions (owner `event:{id}`, version 1), the question ids kept, codes `q{id}`, the
-- answers typed as core::forms::Answer; then the old tables go.
INSERT INTO forms (owner, version, max_question_id, created_at, updated_at)
SELECT 'event:' || event_id, 1, MAX(id), CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)
FROM event_questions GROUP BY event_id;

INSERT INTO form_versions (form_id, version, definition, created_at)
WITH RECURSIVE lines(qid, line, rest, n) AS (
    SELECT id, '', choices || char(10), 0 FROM event_questions WHERE kind = 'choice'
    UNION ALL
    SELECT qid, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1), n + 1
    FROM lines WHERE rest <> ''
),
options(qid, arr) AS (
    SELECT qid, json_group_array(trim(line, ' ' || char(9) || char(13)) ORDER BY n) FROM lines
    WHERE n > 0 AND trim(line, ' ' || char(9) || char(13)) <> '' GROUP BY qid
)
SELECT f.id, 1, json_object('items', json_group_array(json(json_object(
        'item', 'question',
        'id', q.id,
        'code', 'q' || q.id,
        'label', q.label,
        'help', q.help,
        'required', json(CASE WHEN q.required <> 0 THEN 'true' ELSE 'false' END),
        'condition', json(CASE WHEN q.show_if_question IS NULL THEN 'null'
            ELSE json_object('question', q.show_if_question, 'test', 'equals', 'value', q.show_if_value) END),
        'kind', json(CASE q.kind
            WHEN 'choice' THEN json_object('type', 'single_choice', 'choices', json(COALESCE(o.arr, '[]')))
            WHEN 'yesno' THEN json_object('type', 'yes_no')
            WHEN 'number' THEN json_object('type', 'number')
            WHEN 'date' THEN json_object('type', 'date')
            ELSE json_object('type', 'short_text') END)
    )) ORDER BY q.position, q.id)), f.created_at
FROM event_questions q JOIN forms f ON f.owner = 'event:' || q.event_id LEFT JOIN options o ON o.qid = q.id
GROUP BY f.id, f.created_at;

INSERT INTO form_responses (form_id, version, reference, created_at, updated_at)
SELECT f.id, 1, CAST(r.id AS TEXT), r.created_at, r.created_at
FROM registrations r JOIN forms f ON f.owner = 'event:' || r.event_id
WHERE EXISTS (SELECT 1 FROM registration_answers a WHERE a.registration_id = r.id);

INSERT INTO form_answers (response_id, question_id, code, value)
SELECT fr.id, a.question_id, 'q' || a.question_id, CASE q.kind
        WHEN 'choice' THEN json_object('type', 'choice', 'value', a.value)
        WHEN 'yesno' THEN json_object('type', 'yes_no', 'value', json(CASE WHEN a.value = 'yes' THEN 'true' ELSE 'false' END))
        WHEN 'number' THEN json_object('type', 'number', 'value', CAST(a.value AS REAL))
        WHEN 'date' THEN json_object('type', 'date', 'value', a.value)
        ELSE json_object('type', 'text', 'value', a.value) END
FROM registration_answers a
JOIN event_questions q ON q.id = a.question_id
JOIN forms f ON f.owner = 'event:' || q.event_id
JOIN form_responses fr ON fr.form_id = f.id AND fr.reference = CAST(a.registration_id AS TEXT);

DROP TABLE registration_answers;
DROP TABLE event_questions;
