-- essaim: the iCalendar SEQUENCE of an event's invitations (SQLite). Paired with
-- migrations/postgres/0010_event_sequence.sql. It grows each time the organiser changes the
-- event's date, place or title, or cancels it, and the new invitations carry it, so that
-- calendars replace the old one (same UID) instead of adding a second.
ALTER TABLE events ADD COLUMN ics_sequence INTEGER NOT NULL DEFAULT 0;
