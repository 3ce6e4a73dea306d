# Access links: the "send me my link again" page, its e-mail, and the page of a link that no
# longer opens.
access-title = Get my link again
access-intro = You booked or take part without an account and cannot find the personal link you received by e-mail? Type your address: we will send you your links that are still valid.
access-email = Your e-mail address
access-submit = Send my links
access-sent = If this address is known, a message has just been sent to it with your personal links that are still valid. Remember to look in your spam folder.
access-email-invalid = Type a valid e-mail address, for example name@example.org.
access-throttled = { $count ->
    [one] Too many requests. Try again in a minute.
   *[other] Too many requests. Try again in { $count } minutes.
}
access-mail-subject = Your personal links
access-mail-lead = You asked to receive your personal links again. Here they are:
access-mail-footer = These links are personal: do not pass them on. If you did not ask for anything, you can ignore this message.
access-link-gone = This link no longer works.
access-link-gone-help = The link may have expired or been revoked, or it was copied wrongly. You can receive your personal links that are still valid by e-mail again.
access-lost-link = Lost your personal link?
access-lost-link-action = Get my link again
access-keep-link = This page can only be reached through the personal link you received by e-mail: keep that message. Lost it?
people-kind-access-links = Personal links sent (access without an account)
