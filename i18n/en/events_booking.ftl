# Registration details: the organiser's questions, workshops, accessibility, changing a
# booking, and the booking e-mails (in the registrant's language).
events-booking-questions = Questions from the organiser
events-booking-workshops = Workshops (optional)
events-booking-workshops-hint = Each workshop has limited places. Every attendee of the booking takes one. Two workshops at the same time cannot both be chosen.
events-booking-workshop-full = Full
events-booking-a11y-routed = They are e-mailed to them, so that they can prepare your welcome.
events-booking-a11y-unrouted = They read them in the list of registrations.
events-booking-error-workshop = This workshop does not exist for this event.
events-booking-error-overlap = Two of the workshops chosen take place at the same time: keep only one.
events-booking-error-full = A workshop you chose has not enough places left for your booking. Nothing was saved: choose another workshop or untick it.
events-booking-answers = Your answers
events-booking-workshops-chosen = Workshops
events-booking-changed = Your booking is changed. An e-mail confirms it.
events-booking-change-title = Change the booking
events-booking-change-help = You can correct the attendees’ names and your answers. To change the number of places, cancel an attendee below or make a new booking.
events-booking-change-submit = Save the changes
events-booking-change-too-late = This booking can no longer be changed: it is cancelled or the event has started.
events-booking-remove-title = Cancel one attendee’s place
events-booking-remove-help = The freed place goes to the first person waiting. The other attendees stay registered.
events-booking-remove-submit = Cancel { $name }’s place
events-mail-places = { $count ->
    [one] 1 place
   *[other] { $count } places
}
events-mail-hello = Hello { $name },
events-mail-when = On { $date }
events-mail-where = Place: { $place }
events-mail-online = Online: { $url }
events-mail-link = Your booking, to see, change or cancel it:
events-mail-ticket = Your ticket, to show at the door: { $url }
events-mail-footer = You receive this e-mail because you registered; it contains no advertising.
events-mail-confirmed-subject = Booking confirmed: { $event }
events-mail-confirmed-lead = Your booking is confirmed ({ $places }).
events-mail-waiting-subject = Waiting list: { $event }
events-mail-waiting-lead = The event is full: you are on the waiting list ({ $places }), in position { $position }. You will receive an e-mail if a place frees up.
events-mail-promoted-subject = A place is free: { $event }
events-mail-promoted-lead = Good news: a place freed up, your booking is confirmed ({ $places }).
events-mail-cancelled-subject = Booking cancelled: { $event }
events-mail-cancelled-lead = Your booking is cancelled.
events-mail-changed-subject = Booking changed: { $event }
events-mail-changed-lead = Your booking was changed; it now has { $places }.
events-mail-reminder-subject = Reminder: { $event }
events-mail-reminder-lead = See you soon: the event starts on { $date } ({ $places }).
events-mail-a11y-subject = Accessibility needs: { $name }, { $event }
events-mail-a11y-lead = A booking for “{ $event }” (on { $date }) mentions accessibility needs:
events-mail-a11y-who = Booking of { $name } ({ $email }), { $places }.
events-mail-a11y-admin = All the event’s registrations:
events-mail-a11y-footer = You receive this e-mail as an organiser of the event. This information is personal: share it only with the people preparing the welcome.
events-mail-offered-subject = A place is offered to you: { $event }
events-mail-offered-lead = A place has become free ({ $places }): it is held for you until { $date }. Accept or decline it on your personal page below; without an answer in time, it will be offered to the next person.
events-mail-offer-expired-subject = Offered place expired: { $event }
events-mail-offer-expired-lead = The time to accept the place offered to you has passed: your registration is cancelled and the place is offered to the next person.
events-mail-event-changed-subject = Change: { $event }
events-mail-event-changed-lead = The organiser has changed the event: here are the up-to-date date and place. Your registration is kept; the attached invitation replaces the previous one in your calendar.
events-mail-event-cancelled-subject = Event cancelled: { $event }
events-mail-event-cancelled-lead = The organiser has cancelled the event. We are sorry for the inconvenience.
