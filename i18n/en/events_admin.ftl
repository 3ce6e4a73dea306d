# The events back office: list, editor, registrations, exports, messages.

events-admin-title = Events
events-admin-new = New event
events-admin-edit-title = Edit “{ $title }”
events-admin-upcoming = Upcoming and ongoing
events-admin-past = Past
events-admin-event-nav = Pages of the event
events-admin-tab-edit = Event details
events-admin-tab-registrations = Registrations
events-admin-tab-messages = Messages
events-admin-tab-checkin = Check-in
events-admin-status-draft = Draft
events-admin-status-published = Published
events-admin-status-cancelled = Cancelled
events-admin-col-when = Date
events-admin-col-seats-taken = Confirmed seats
events-admin-col-waiting = Waiting
events-admin-flash-created = Event created. You can now complete it or publish it.
events-admin-flash-cancelled = Registration cancelled: the person is told by e-mail and the waiting list moves up.
events-admin-flash-sent = { $count ->
    [0] Message recorded: nobody to write to.
    [one] Message sent to 1 registration.
   *[other] Message sent to { $formatted } registrations.
}
events-admin-flash-already-sent = This message was already sent: it was not sent again.

## Event form
events-admin-group-what = The event
events-admin-group-when = Date and place
events-admin-group-registration = Registration
events-admin-group-organiser = Organisation
events-admin-group-publication = Publication
events-admin-sections = Sections of the form
events-admin-timezone-hint = Dates and times in the site’s time zone ({ $zone }).
events-admin-field-summary = Summary
events-admin-field-description = Description
events-admin-field-theme = Theme
events-admin-field-starts = Start
events-admin-field-ends = End
events-admin-field-place = Venue name
events-admin-field-address = Address
events-admin-field-online = Online event link
events-admin-field-online-hint = Optional. An address starting with https://.
events-admin-field-capacity = Number of seats
events-admin-field-capacity-hint = 0: nobody can register, everyone goes on the waiting list. Lowering it cancels no confirmed registration; raising it confirms the waiting list in order.
events-admin-field-opens = Registration opens
events-admin-field-opens-hint = Optional: without a date, registration opens when the event is published.
events-admin-field-closes = Registration closes
events-admin-field-closes-hint = Optional: without a date, it closes when the event starts.
events-admin-field-id-required = An ID document will be asked for at the door (only looked at, never recorded)
events-admin-field-waitlist = When a seat is freed
events-admin-waitlist-auto = The next person on the waiting list is registered automatically
events-admin-waitlist-offer = The seat is offered to them for a limited time
events-admin-field-offer-hours = Time to accept the seat (hours)
events-admin-field-offer-hours-hint = Used only when seats are offered. After that, the seat goes to the next person.
events-admin-field-partner-seats = Seats kept for partners
events-admin-field-partner-seats-hint = Part of the number of seats; only registrations made with the partner link can take them.
events-admin-partner-link = Registration link for partners
events-admin-partner-link-hint = Copy this link and send it to your partners: it gives access to the seats kept for them.
events-admin-field-contact = Organiser’s e-mail
events-admin-field-contact-hint = Receives the accessibility needs people give when they register.
events-admin-field-reminder = Reminder before the event (hours)
events-admin-field-reminder-hint = 0: no reminder.
events-admin-field-retention = Data kept for (days after the end)
events-admin-field-retention-hint = Then names and answers are anonymised; only the numbers remain.
events-admin-field-status = Status
events-admin-error-club = Choose a club you may publish for.
events-admin-error-end-before-start = The end must be after the start.
events-admin-error-closes-before-opens = Closing must be after opening.
events-admin-error-capacity = Enter a number of seats between 0 and 100,000.
events-admin-error-capacity-below = Not possible: more seats are already confirmed. Cancel registrations first or choose a larger number.
events-admin-error-partner-seats = Enter a number between 0 and the number of seats.
events-admin-error-offer-hours = Enter a time between 1 and 720 hours.
events-admin-error-waitlist = Choose what happens when a seat is freed.
events-admin-error-reminder = Enter a number of hours between 0 and 720.
events-admin-error-retention = Enter a number of days between 1 and 3,650.
events-admin-error-status = Choose a status.

## Registrations
events-admin-registrations-title = Registrations – { $title }
events-admin-exports = Exports
events-admin-export-csv = CSV table (for Excel or LibreOffice)
events-admin-export-xlsx = Excel workbook (.xlsx)
events-admin-export-sheet = Attendance sheet (PDF)
events-admin-filter = Show
events-admin-filter-all = All registrations
events-admin-filter-submit = Filter
events-admin-state-confirmed = Confirmed
events-admin-state-offered = Seat offered
events-admin-state-waiting = On the waiting list
events-admin-state-cancelled = Cancelled
events-admin-bookings-count = { $count ->
    [0] No registrations
    [one] 1 registration
   *[other] { $formatted } registrations
}
events-admin-no-bookings = Nobody has registered yet.
events-admin-col-booking = Registration no.
events-admin-col-state = Status
events-admin-col-position = Waiting rank
events-admin-col-attendee = Attendee
events-admin-col-attendees = Attendees
events-admin-col-contact = Contact
events-admin-col-email = E-mail
events-admin-col-seats = Seats
events-admin-col-accessibility = Accessibility needs
events-admin-col-partner = Partner
events-admin-col-date = Registered on
events-admin-col-answers = Answers
events-admin-col-actions = Actions
events-admin-position = Rank { $position }
events-admin-offered-until = To accept before { $date }
events-admin-partner = Partner seat
events-admin-needs = Need given:
events-admin-seats = { $count ->
    [one] 1 seat
   *[other] { $formatted } seats
}
events-admin-yes = Yes
events-admin-no = No
events-admin-cancel-booking = Cancel the registration
events-admin-cancel-title = Cancel a registration
events-admin-cancel-question = Cancel the registration of { $name }? They will be told by e-mail and their seats will go to the waiting list.
events-admin-cancel-confirm = Yes, cancel the registration
events-admin-cancel-back = No, back to the registrations

## Attendance sheet
events-admin-sheet-heading = Attendance sheet
events-admin-sheet-number = No.
events-admin-sheet-name = Name
events-admin-sheet-signature = Signature
events-admin-sheet-page = Page
events-admin-sheet-none = No confirmed registrations.

## Messages
events-admin-messages-title = Messages – { $title }
events-admin-message-new = Write to the people registered
events-admin-message-hint = One e-mail goes to each registration concerned, with the link to the registration. Plain text, no formatting.
events-admin-field-audience = Recipients
events-admin-audience-confirmed = Confirmed registrations
events-admin-audience-waiting = The waiting list
events-admin-audience-all = Both
events-admin-field-subject = Subject
events-admin-field-body = Message
events-admin-message-send = Send the message
events-admin-message-history = Messages sent
events-admin-col-recipients = Recipients
events-admin-col-sent = Sent on
events-admin-error-audience = Choose the recipients.

## Questions
events-admin-tab-questions = Questions
events-admin-questions-title = Questions – { $title }
events-admin-questions-intro = The questions of the registration form, in this order. A question may be shown only for a given answer to an earlier one.
events-admin-questions = Questions asked
events-admin-question-new = Add a question
events-admin-question-edit = Edit the question
events-admin-question-label = Question
events-admin-question-help = Help (optional)
events-admin-question-kind = Kind of answer
events-admin-question-choices = Options
events-admin-question-choices-hint = For a list of choices: one option a line, two at least.
events-admin-question-required = Answer required
events-admin-question-required-short = required
events-admin-question-condition-legend = When to show it
events-admin-question-condition = Show only if the question
events-admin-question-condition-value = has the answer
events-admin-question-always = Always show
events-admin-question-delete-question = Delete the question “{ $label }” and the answers already given?
events-admin-question-move-refused = Cannot move it: a question must stay after the one it depends on.
events-admin-edit = Edit
events-admin-move-up = Move up
events-admin-move-down = Move down
events-admin-error-question-kind = Choose a kind of answer.
events-admin-error-question-choices = Give two options at least, one a line.
events-admin-error-question-condition = Choose a question placed before this one.
events-admin-error-question-condition-value = Choose both the question and the expected answer, or neither.
events-admin-error-question-max = An event may ask 30 questions at most.

## Programme
events-admin-tab-programme = Programme
events-admin-programme-title = Programme – { $title }
events-admin-slots = Slots
events-admin-slot-new = Add a slot
events-admin-slot-edit = Edit the slot
events-admin-slot-room = Room
events-admin-slot-kind = Kind of slot
events-admin-slot-kind-talk = Talk
events-admin-slot-kind-workshop = Workshop
events-admin-slot-kind-round-table = Round table
events-admin-slot-kind-break = Break
events-admin-slot-kind-welcome = Welcome
events-admin-slot-capacity = Workshop seats
events-admin-slot-capacity-hint = Optional, for a workshop with limited seats; never fewer than the seats already taken.
events-admin-slot-people = Speakers
events-admin-slot-speakers = Speakers
events-admin-slot-moderators = Moderators
events-admin-slot-people-hint = One person a line: Name ; title ; organisation (title and organisation optional).
events-admin-slot-delete-refused = This slot already has registrations: it was not deleted.
events-admin-error-slot-kind = Choose a kind of slot.
events-admin-error-slot-capacity-below = Not possible: more seats of this slot are already taken.
events-admin-error-people = One person a line, with a name at least, and two semicolons at most.
events-admin-error-partner-below = Not possible: partners have already taken more reserved places. Cancel partner registrations first or choose a larger number.
events-dash-waiting-events = { $count ->
    [one] upcoming event with a waiting list
   *[other] upcoming events with a waiting list
}
events-dash-drafts = { $count ->
    [one] event in draft
   *[other] events in draft
}
events-dash-bookings-week = { $count ->
    [one] booking
   *[other] bookings
}
events-dash-seats-week = { $count ->
    [one] confirmed place
   *[other] confirmed places
}
events-dash-cancellations-week = { $count ->
    [one] cancellation
   *[other] cancellations
}
events-dash-seats = { $count ->
    [one] 1 place
   *[other] { $formatted } places
}
events-dash-upcoming = Next events
events-dash-all = All events
events-dash-recent = Latest bookings
events-admin-sheet = Registrations
