-- essaim: an organiser's message is recorded once per form (PostgreSQL). Paired with
-- migrations/sqlite/0009_event_message_key.sql. The form's hidden idempotency key is unique per
-- event, so a double submit records no second row and queues no second e-mail.
ALTER TABLE event_messages ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX event_messages_key ON event_messages(event_id, idempotency_key);
