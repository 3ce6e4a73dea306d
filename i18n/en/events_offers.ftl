# Offers of freed places (waiting list with a deadline) and partner places.
events-offer-title = A place is offered to you
events-offer-text = A place has become free for your registration. It is kept for you until { $date }: accept it to confirm your registration, or decline it to leave it to the next person.
events-offer-help = Without an answer by then, the place will be offered to the next person and your registration will be cancelled.
events-offer-accept = Accept the place
events-offer-decline = Decline the place
events-offer-closed = There is no longer a place offered for this registration: it was already accepted or declined, or the time to answer has passed.
events-partner-title = Partner link
events-partner-remaining = { $count ->
    [0] The places kept for partners are all taken: your registration will be handled as a public one.
    [one] 1 place kept for partners is left.
   *[other] { $formatted } places kept for partners are left.
}
events-partner-invalid = This partner link is not valid: your registration will be a public one, without the places kept for partners.
events-booking-waiting-help-offer = { $count ->
    [one] If a place becomes free, it is offered to the next person on the list, who has 1 hour to accept it; you will then receive an e-mail.
   *[other] If a place becomes free, it is offered to the next person on the list, who has { $formatted } hours to accept it; you will then receive an e-mail.
}
