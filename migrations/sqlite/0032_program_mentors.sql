-- Youth programs, continued: how an application came in, volunteer mentors paired with
-- participants and the meetings they log, and the pictures of a participant (media items of
-- the library) that image rights govern.
--
-- A mentor is a volunteer of a club, reached by an access link (no account). A pairing is
-- written only when the participant is selected with every required consent (store::pair,
-- one INSERT … SELECT like store::place); the mentor's page shows a paired participant only
-- while that still holds, so a guardian's withdrawal hides her on the next request.

ALTER TABLE participants ADD COLUMN applied_by TEXT NOT NULL DEFAULT 'staff';  -- self | parent | staff
ALTER TABLE participants ADD COLUMN motivation TEXT NOT NULL DEFAULT '';

CREATE TABLE program_mentors (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (club_id, email)
);

CREATE TABLE mentor_pairs (
    id INTEGER PRIMARY KEY,
    mentor_id INTEGER NOT NULL REFERENCES program_mentors(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    paired_at INTEGER NOT NULL,
    ended_at INTEGER
);
-- One live mentor per participant.
CREATE UNIQUE INDEX mentor_pairs_live ON mentor_pairs(participant_id) WHERE ended_at IS NULL;
CREATE INDEX mentor_pairs_mentor ON mentor_pairs(mentor_id);

-- What a mentor logs: the date, how long, and a note seen by staff only.
CREATE TABLE mentor_meetings (
    id INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES mentor_pairs(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,                                    -- YYYY-MM-DD
    minutes INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    CHECK (minutes > 0 AND minutes <= 1440)
);
CREATE INDEX mentor_meetings_pair ON mentor_meetings(pair_id, held_on);

-- A picture of the library in which a participant appears. Image rights withdrawn (or
-- refused) marks it for removal and withholds the media item from the public site.
CREATE TABLE participant_pictures (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    added_at INTEGER NOT NULL,
    removal_requested_at INTEGER,
    PRIMARY KEY (participant_id, media_id)
);
CREATE INDEX participant_pictures_media ON participant_pictures(media_id);

-- The kit's media: an item withheld is no longer served (404); staff still see it in the library.
-- An item in which people appear is served for revalidation (no-cache), never as immutable,
-- so that withholding it takes effect in every cache at once.
ALTER TABLE media ADD COLUMN withheld_at INTEGER;
ALTER TABLE media ADD COLUMN shows_people INTEGER NOT NULL DEFAULT 0;
