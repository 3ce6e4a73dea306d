-- The results' counts of a wave, kept once computed (store::answer_counts): a results page
-- then reads a few thousand rows instead of aggregating every answer. `counts_key` is the
-- fingerprint of the wave's responses the counts were computed from (their number and a sum
-- of their random keys): responses are only ever added, or removed with their territory or
-- wave, so a different fingerprint means the counts are stale and are computed again.
ALTER TABLE survey_waves ADD COLUMN counts_key TEXT;

CREATE TABLE survey_wave_counts (
    wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL
);
CREATE INDEX survey_wave_counts_wave ON survey_wave_counts(wave_id);
