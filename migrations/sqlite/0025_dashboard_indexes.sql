-- The back office's dashboard counts the bookings made and cancelled in the last seven days
-- and lists the latest ones: indexes so it reads only that week, whatever the history.
CREATE INDEX registrations_created ON registrations(created_at);
CREATE INDEX registrations_cancelled ON registrations(cancelled_at);
