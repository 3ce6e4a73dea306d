# essaim: the events JSON API and the per-address booking limit.

events-booking-rate-limited = Too many registrations were made from this connection within an hour. Please try again a little later or write to the organiser. No registration was recorded.
events-api-error-key = The idempotency key must be 16 to 64 characters long: letters, digits, “-” or “_”.
events-api-error-attendees = Give at most one name per seat booked.
events-api-error-answer-unknown = This event has no such question.
events-api-error-answer-required = This question needs an answer.
events-api-error-answer-choice = Choose one of the answers offered.
events-api-error-answer-yesno = Answer “yes” or “no”.
events-api-error-answer-number = Enter a number.
events-api-error-answer-date = Enter a date as YYYY-MM-DD.
events-api-error-answer-too-long = This answer is too long (1,000 characters at most).
events-api-error-capacity = The capacity must be a whole number between 0 and 100,000.
events-api-error-capacity-below = The capacity cannot go below the seats already confirmed. Cancel some registrations first.
events-api-error-dates = The end must come after the start.
events-api-error-status = The status must be “draft”, “published” or “cancelled”.
events-api-error-number = Enter a whole number, zero or more.
