# A person's data (/admin/donnees-personnelles)
people-menu = Personal data
people-title = A person’s personal data
people-intro = Find everything the site keeps for an e-mail address (account, bookings, comments, contacts, e-mails), download it as one JSON file, or erase it. Every look, export and erasure is written to the log.
people-email = The person’s e-mail address
people-search = Search
people-found-title = What the site keeps for { $email }
people-nothing = The site keeps nothing for this address.
people-found-count = { $count ->
    [one] One record.
   *[other] { $formatted } records.
}
people-export = Download this data (JSON)
people-erase-title = Erase this data
people-erase-hint = Names, addresses, needs and answers are erased; bookings keep their seats and status so the events’ counts do not change; comments stay in place without an author; the account is disabled without a name or address. This cannot be undone.
people-erase-confirm = I have checked the identity of the person asking and I confirm the erasure
people-erase = Erase for good
people-erased = { $count ->
    [one] One record was erased.
   *[other] { $formatted } records were erased.
}
people-error-email-missing = Give the person’s e-mail address.
people-error-email = This e-mail address is not valid (for example: first.last@example.org).
people-error-confirm = Tick the box to confirm the erasure.
people-kind-account = Account
people-kind-mail = E-mails sent or waiting
people-kind-comments = Comments
people-kind-contacts = Contact cards
people-kind-registrations = Event bookings
