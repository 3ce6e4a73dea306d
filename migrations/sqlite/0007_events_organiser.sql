-- essaim: what organisers need around events (SQLite). Paired with
-- migrations/postgres/0007_events_organiser.sql. Timestamps are unix seconds; flags are 0/1.
--
-- Waiting list modes: `offer_hours` NULL confirms the next people automatically; a number
-- offers them the freed place for that many hours. An offered booking holds its seats: it has
-- status 'confirmed' (its seats are in `events.registered`, so the capacity guarantee is
-- unchanged), `offered_until` set and `confirmed_at` NULL until its holder accepts; an offer
-- that expires is cancelled and the place goes to the next one.
--
-- Partner places: `partner_seats` of the capacity are kept for bookings made with the
-- event's `partner_code`; the public takes seats only while
-- `registered + n + (partner_seats - partner_registered) <= capacity`.

ALTER TABLE events ADD COLUMN offer_hours INTEGER;
ALTER TABLE events ADD COLUMN partner_seats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN partner_registered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN partner_code TEXT NOT NULL DEFAULT '';
-- The organiser's address: accessibility needs and questions are routed there.
ALTER TABLE events ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
-- Reminders go this many hours before the start (0: none).
ALTER TABLE events ADD COLUMN reminder_hours INTEGER NOT NULL DEFAULT 48;
-- Answers and names are anonymised this many days after the end; the counts stay.
ALTER TABLE events ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 180;
ALTER TABLE events ADD COLUMN anonymised_at INTEGER;
ALTER TABLE events ADD COLUMN created_by INTEGER REFERENCES users(id) ON DELETE SET NULL;

-- Per-slot capacity (workshops): a booking that chooses a slot takes its seats there too,
-- by the same kind of conditional UPDATE.
ALTER TABLE event_slots ADD COLUMN capacity INTEGER;
ALTER TABLE event_slots ADD COLUMN registered INTEGER NOT NULL DEFAULT 0;

CREATE TABLE slot_bookings (
    slot_id INTEGER NOT NULL REFERENCES event_slots(id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    seats INTEGER NOT NULL,
    PRIMARY KEY (slot_id, registration_id)
);
CREATE INDEX slot_bookings_registration ON slot_bookings(registration_id);

-- The registrant's language (their e-mails follow it), partner places, offers, reminders.
ALTER TABLE registrations ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE registrations ADD COLUMN partner INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN offered_until INTEGER;
ALTER TABLE registrations ADD COLUMN reminded_at INTEGER;
ALTER TABLE registrations ADD COLUMN anonymised_at INTEGER;
CREATE INDEX registrations_offers ON registrations(offered_until);
CREATE INDEX registrations_email ON registrations(event_id, email);

-- Check-in at the door: present, ID seen (never stored), by whom.
ALTER TABLE attendees ADD COLUMN checked_in_at INTEGER;
ALTER TABLE attendees ADD COLUMN id_checked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attendees ADD COLUMN checked_in_by INTEGER REFERENCES users(id) ON DELETE SET NULL;

-- The organiser's questions: typed, required or not, shown on a condition (another
-- question's answer equals `show_if_value`).
CREATE TABLE event_questions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL,
    help TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    -- For 'choice': one option per line.
    choices TEXT NOT NULL DEFAULT '',
    required INTEGER NOT NULL DEFAULT 0,
    show_if_question INTEGER REFERENCES event_questions(id) ON DELETE SET NULL,
    show_if_value TEXT NOT NULL DEFAULT '',
    CHECK (kind IN ('text', 'choice', 'yesno', 'number', 'date'))
);
CREATE INDEX event_questions_event ON event_questions(event_id, position);

CREATE TABLE registration_answers (
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (registration_id, question_id)
);
CREATE INDEX registration_answers_question ON registration_answers(question_id);

-- Messages an organiser sent to the attendees or the waiting list (one e-mail each through
-- the outbox, queued in the transaction that records the message).
CREATE TABLE event_messages (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    sent_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    CHECK (audience IN ('confirmed', 'waiting', 'all'))
);
CREATE INDEX event_messages_event ON event_messages(event_id, created_at);
