nav-events = Events
events-title = Events
events-intro = Conferences, workshops, meetings: the events of the foundation and of the network's clubs, open to everyone.
events-filter-title = Filter the events
events-filter-club = Club
events-filter-all-clubs = The whole network
events-filter-month = Month
events-filter-month-hint = As YYYY-MM, for example 2026-12.
events-filter-submit = Filter
events-filter-reset = See all events
events-upcoming = Upcoming
events-upcoming-empty = No upcoming event for now.
events-past = Past events
events-past-empty = No past event.
events-all = All events
events-online = Online
events-cancelled = Cancelled
events-full = Full — waiting list open
events-remaining = { $count ->
    [one] 1 place left
   *[other] { $formatted } places left
}
events-when = Date
events-where = Place
events-club = Organised by
events-theme = Theme
events-map = See the map on OpenStreetMap
events-online-link = Join the event online
events-programme = Programme
events-speakers = Speakers
events-moderators = Moderation
events-room = Room
events-register-title = Registration
events-registration-closed = Registration is closed.
events-registration-not-open = Registration opens on { $date }.
events-registration-cancelled = This event is cancelled.
events-registration-refused = Registration for this event is not open: it is closed or not open yet, or the event is over or cancelled. Nothing was recorded.
events-id-required = You will be asked to show an ID document at the door. It is only looked at: you send nothing, and it is neither copied nor kept.
events-form-intro = All fields are required unless marked otherwise.
events-contact-name = Your name
events-email = Your e-mail address
events-email-hint = To write to you about your registration; never published.
events-seats = Number of attendees (1 to 10)
events-attendees = Names of the attendees
events-attendees-hint = One name per attendee, as many as the number chosen. Leave the first line empty if the first attendee is you; leave the extra lines empty.
events-attendee = Attendee { $count }
events-accessibility = Accessibility needs (optional)
events-accessibility-hint = For example: wheelchair access, hearing loop, sign language interpreter. Passed on to the organisers only.
events-submit = Register
events-waitlist-note = The event is full: your request goes on the waiting list and is confirmed automatically, in order of arrival, if places become free. A request for several places is confirmed whole or waits whole.
events-error-name = Give your name (at most 100 characters).
events-error-seats = Choose a number of attendees between 1 and 10.
events-error-attendee = Give this attendee's name (at most 100 characters).
events-error-accessibility = Describe your needs in at most 1,000 characters.
events-booking-title = Your registration: { $event }
events-booking-confirmed = Your registration is confirmed.
events-booking-seats = { $count ->
    [one] 1 place.
   *[other] { $formatted } places.
}
events-booking-waiting = You are on the waiting list, in position { $count }.
events-booking-waiting-help = If places become free, waiting registrations are confirmed automatically, in order, each one whole.
events-booking-cancelled = This registration is cancelled.
events-booking-link = Keep the address of this page: it is your personal link to find or cancel your registration.
events-booking-attendees = Attendees
events-booking-contact = Contact
events-booking-accessibility = Accessibility needs
events-cancel-title = Cancel the registration
events-cancel-help = Cancelling frees all the places of this registration, which go to the people waiting.
events-cancel-submit = Cancel my registration
events-cancel-too-late = The event has started: the registration can no longer be cancelled.
events-back = See the event
events-calendar-feed = Add all events to your calendar (iCalendar)
events-question-kind-text = Text
events-question-kind-choice = Choice from a list
events-question-kind-yesno = Yes / no
events-question-kind-number = Number
events-question-kind-date = Date
events-card-full = Full — waiting list
events-card-few = { $count ->
    [one] Only 1 place left
   *[other] Only { $formatted } places left
}
events-card-closed = Registration closed
events-cancel-confirm-title = Cancel your registration: { $event }?
events-cancel-confirm-lose = If you cancel, you lose:
events-cancel-lose-seats = { $count ->
    [one] your confirmed place;
   *[other] your { $formatted } confirmed places;
}
events-cancel-lose-offer = { $count ->
    [one] the place offered to you;
   *[other] the { $formatted } places offered to you;
}
events-cancel-lose-position = your position on the waiting list (no. { $formatted }): a new request would start again at the end;
events-cancel-lose-attendees = the registration of:
events-cancel-lose-workshops = your workshop choices:
events-cancel-final = Cancelling is final: the freed places go at once to the people waiting.
events-cancel-keep = No, keep my registration
events-cancel-confirm-submit = Yes, cancel my registration
events-join-title = Joining online
events-join-help = The event takes place online: this link opens the virtual room. There is no ticket to show.
