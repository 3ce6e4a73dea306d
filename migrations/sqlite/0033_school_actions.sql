-- One-off actions in schools: a club's volunteers meet a class (or several) of a school, for a
-- program or not. Aggregates only: how many girls and boys, how many volunteers; never a
-- pupil's name. `school_year` ("2026-2027") is computed from `held_on` (a school year starts
-- on 1 September) when the action is written.

CREATE TABLE school_actions (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    program_id INTEGER REFERENCES programs(id) ON DELETE SET NULL,
    school TEXT NOT NULL,
    town TEXT NOT NULL DEFAULT '',
    class_level TEXT NOT NULL,                                -- cm2 | 6e | 5e | 4e | 3e | 2de | 1re | tle | other
    held_on TEXT NOT NULL,                                    -- YYYY-MM-DD
    school_year TEXT NOT NULL,                                -- e.g. "2026-2027"
    girls INTEGER NOT NULL,
    boys INTEGER NOT NULL,
    volunteers INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (girls >= 0 AND boys >= 0 AND girls + boys > 0),
    CHECK (girls <= 5000 AND boys <= 5000),
    CHECK (volunteers >= 0 AND volunteers <= 500)
);

CREATE INDEX school_actions_year_club ON school_actions (school_year, club_id);
CREATE INDEX school_actions_program ON school_actions (program_id, school_year);
