# Tickets and check-in at the door.
checkin-ticket-title = Tickets: { $event }
checkin-ticket-intro = { $count ->
    [one] Your ticket. Show it at the door, printed or on your phone.
   *[other] Your { $formatted } tickets, one per attendee. Show them at the door, printed or on a phone.
}
checkin-ticket-id = ID document required at the door
checkin-ticket-qr-alt = QR code of { $name }’s ticket.
checkin-ticket-code = Ticket code:
checkin-ticket-print = To print the tickets, use your browser’s print command: each ticket takes half a page.
checkin-ticket-waiting = You are on the waiting list: your tickets will be here as soon as your registration is confirmed.
checkin-ticket-offered = A place is offered to you: accept it from your registration page to get your tickets.
checkin-ticket-cancelled = This registration is cancelled: it has no ticket any more.
checkin-ticket-back = Back to your registration
checkin-ticket-link = See and print my tickets
checkin-ticket-online = This event takes place online: there is no ticket to show at a door. Join it with the link below.
checkin-title = Check-in: { $event }
checkin-scan-title = Ticket check
checkin-id-required-short = ID document required
checkin-counts-title = In numbers
checkin-count-confirmed = Confirmed places
checkin-count-present = Present
checkin-count-expected = Still expected
checkin-count-no-shows = No-shows
checkin-duplicates = { $count ->
    [one] 1 person may be registered twice: they are flagged in the list.
   *[other] { $formatted } people may be registered twice: they are flagged in the list.
}
checkin-find-title = Find someone
checkin-search-label = Name or e-mail address
checkin-search-submit = Search
checkin-search-reset = Show everyone
checkin-list-title = Expected attendees
checkin-list-found = { $count ->
    [0] No result
    [one] 1 result
   *[other] { $formatted } results
}
checkin-list-empty = No confirmed registration yet.
checkin-list-none-found = Nobody matches this search.
checkin-booked-by = Registered by { $name }
checkin-duplicate = Possible duplicate: the same name or e-mail address is on another registration.
checkin-present-since = Present since { $time }
checkin-id-was-checked = ID document checked
checkin-id-checked = ID document checked
checkin-mark-present = Mark as present
checkin-undo = Undo the check-in
checkin-public-page = See the event’s public page
checkin-back-to-desk = Back to the event’s check-in
checkin-scan-another = Check a ticket
checkin-code-label = Ticket code
checkin-code-hint = Type or paste the code written under the QR code, for example T1.123.…
checkin-code-submit = Check the ticket
checkin-camera-label = Take a photo of the QR code
checkin-camera-busy = Reading the code…
checkin-camera-none = No readable QR code in this photo: try again closer, or type the code.
checkin-flash-checked = { $name } is checked in as present.
checkin-flash-undone = { $name }’s check-in is undone.
checkin-flash-already = { $name } was already checked in: they are not counted twice.
checkin-already = Already checked in at { $time }: not counted twice.
checkin-error-id = Check the ID document and tick the box before marking the person as present.
checkin-refused-invalid = Ticket refused: this code is not valid (it was altered, it is incomplete or it was not issued by this site).
checkin-refused-cancelled = Ticket refused: this registration was cancelled.
checkin-refused-not-confirmed = Ticket refused: this registration is not confirmed (waiting list, or an offered place not accepted yet).
checkin-refused-nothing = Nothing was recorded.
