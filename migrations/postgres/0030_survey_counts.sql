-- The results' counts of a wave, kept once computed (store::answer_counts): a results page
-- then reads a few thousand rows instead of aggregating every answer. `counts_key` is the
-- fingerprint of the wave's responses the counts were computed from (their number and a sum
-- of their random keys): responses are only ever added, or removed with their territory or
-- wave, so a different fingerprint means the counts are stale and are computed again.
ALTER TABLE survey_waves ADD COLUMN counts_key TEXT;

CREATE TABLE survey_wave_counts (
    wave_id BIGINT NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    club_id BIGINT NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    n BIGINT NOT NULL
);
CREATE INDEX survey_wave_counts_wave ON survey_wave_counts(wave_id);

-- A long text answer (up to 10,000 characters) does not fit in a B-tree entry (at most about
-- 2.7 kB on PostgreSQL): the answers' index leaves the value out.
DROP INDEX survey_answers_results;
CREATE INDEX survey_answers_results ON survey_answers(wave_id, code, club_id);
