-- essaim: events, their programme and registrations (SQLite). Paired with
-- migrations/postgres/0005_events.sql. Timestamps are unix seconds; flags are 0/1.
--
-- Capacity: `registered` (confirmed seats) only moves through conditional UPDATEs in the same
-- transaction that writes the registration (see src/modules/events/store.rs); the CHECKs are
-- the last guard. `waiting` counts waiting bookings; `waitlist_seq` hands out gapless waiting
-- positions (it is a row, not a sequence: a rolled-back booking gives its number back).

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    place_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL,
    registered INTEGER NOT NULL DEFAULT 0,
    waiting INTEGER NOT NULL DEFAULT 0,
    waitlist_seq INTEGER NOT NULL DEFAULT 0,
    registration_opens_at INTEGER,
    registration_closes_at INTEGER,
    id_required INTEGER NOT NULL DEFAULT 0,
    waitlist_mode TEXT NOT NULL DEFAULT 'auto',
    status TEXT NOT NULL DEFAULT 'draft',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (capacity >= 0),
    CHECK (registered >= 0 AND registered <= capacity),
    CHECK (waiting >= 0),
    CHECK (ends_at >= starts_at),
    CHECK (waitlist_mode IN ('auto')),
    CHECK (status IN ('draft', 'published', 'cancelled'))
);
CREATE INDEX events_starts ON events(status, starts_at);
CREATE INDEX events_club ON events(club_id, starts_at);

-- The timed programme.
CREATE TABLE event_slots (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'talk',
    CHECK (ends_at >= starts_at)
);
CREATE INDEX event_slots_event ON event_slots(event_id, starts_at);

CREATE TABLE slot_people (
    id INTEGER PRIMARY KEY,
    slot_id INTEGER NOT NULL REFERENCES event_slots(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    CHECK (role IN ('speaker', 'moderator'))
);
CREATE INDEX slot_people_slot ON slot_people(slot_id, position);

-- A booking: one contact, 1 to 10 seats, all confirmed or all waiting (never split).
CREATE TABLE registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    seats INTEGER NOT NULL,
    accessibility TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    waiting_position INTEGER,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    cancelled_at INTEGER,
    CHECK (seats BETWEEN 1 AND 10),
    CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    CHECK (status <> 'waiting' OR waiting_position IS NOT NULL),
    UNIQUE (event_id, idempotency_key),
    UNIQUE (event_id, waiting_position)
);
CREATE INDEX registrations_event ON registrations(event_id, status, waiting_position);

CREATE TABLE attendees (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    position INTEGER NOT NULL DEFAULT 0,
    CHECK (status IN ('active', 'cancelled'))
);
CREATE INDEX attendees_registration ON attendees(registration_id, position);
