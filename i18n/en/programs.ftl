# Programs: the public pages.
nav-programs = Programs
programs-title = Programs
programs-intro = The paths the network runs with its clubs for young people: workshops, coaching and tutoring by volunteer professionals.
programs-empty = No program yet.
programs-ages = Ages { $min } to { $max }
programs-run-by = { $count ->
    [0] Run by no club yet
    [one] Run by one club
   *[other] Run by { $formatted } clubs
}
programs-since = since { $date }
programs-figures = In figures
programs-figure-clubs = { $count ->
    [one] club runs the program
   *[other] clubs run the program
}
programs-figure-cohorts = { $count ->
    [one] cohort under way
   *[other] cohorts under way
}
programs-figure-enrolled = { $count ->
    [one] participant enrolled this year
   *[other] participants enrolled this year
}
programs-path = The path
programs-skills = Skills
programs-minutes = { $count ->
    [one] { $count } minute
   *[other] { $formatted } minutes
}
programs-rule = The path is completed with at least { $percent }% of the sessions attended.
programs-rule-final = The path is completed with at least { $percent }% of the sessions attended and the final event.
programs-clubs = The clubs that run it
programs-clubs-none = No club runs this program yet.
programs-back = All programs
programs-kind-workshop = Workshop
programs-kind-coaching = Coaching
programs-kind-tutoring = Tutoring
programs-kind-visit = Visit
programs-kind-final = Final event
# Consents through their links.
programs-consent-title = Consents: { $program }
programs-consent-lead-guardian = You are { $name }'s parent or legal guardian. Here is what the program asks of you; you may accept or refuse each point.
programs-consent-lead-own = { $name }, you are under 15: your own agreement is asked for, as well as your parent's or guardian's.
programs-consent-any-time = You may change your answer or withdraw your consent at any time, through this same link.
programs-consent-participation = Permission to take part
programs-consent-image = Image rights
programs-consent-own = Your agreement
programs-consent-optional = optional
programs-consent-version = Text, version { $version }
programs-consent-none = No answer yet.
programs-consent-given = Consent given on { $date } by { $signer } (text, version { $version }).
programs-consent-refused = Refusal recorded on { $date } by { $signer } (text, version { $version }).
programs-consent-yes = I accept
programs-consent-no = I refuse
programs-consent-signer = Your full name (signature)
programs-consent-signer-hint = It is recorded with your answer, its date and the text's version.
programs-consent-save = Save my answers
programs-consent-withdraw = Withdraw my consent: { $what }
programs-consent-saved = Your answers are saved.
programs-consent-withdrawn = Your consent is withdrawn. It takes effect at once.
programs-consent-error-signer = Give your full name.
programs-consent-error-signer-long = The name cannot be longer than 200 characters.
programs-consent-error-choice = Choose "I accept" or "I refuse".
programs-consent-error-none = Choose at least one answer.
programs-link-label = { $name }'s consents: { $program }
programs-mail-subject = { $program }: your consent is requested
programs-mail-hello = Hello,
programs-mail-guardian = { $name } is taking part in the program "{ $program }". Your permission is needed for her to attend the sessions; image rights are optional. Answer through this personal link:
programs-mail-own = You are taking part in the program "{ $program }". As you are under 15, your own agreement is asked for. Answer through this personal link:
programs-mail-withdraw = The same link lets you change your answer or withdraw a consent at any time. Do not forward it.
programs-people-kind = Program participants (and their guardians)
programs-consent-any-time-own = You can change your answer or withdraw your agreement at any time, through this same link.
programs-consent-signer-own = Your full name (signature)
programs-consent-saved-own = Your answers are saved.
programs-consent-withdrawn-own = Your agreement is withdrawn. It takes effect at once.

# ---- badges (Open Badges 3.0 credentials, their verification page and revocation) ----
programs-badge-title = Badge “{ $program }”
programs-badge-kicker = Verifiable digital badge (Open Badges 3.0)
programs-badge-valid = Valid badge
programs-badge-valid-detail = This badge’s signature was verified with the issuer’s public key, and it is not revoked.
programs-badge-revoked = Badge revoked on { $date }
programs-badge-revoked-detail = The issuer revoked this badge: it no longer attests this path.
programs-badge-invalid = Badge not verified
programs-badge-invalid-detail = This badge’s signature matches none of the keys the issuer publishes.
programs-badge-recipient = Awarded to
programs-badge-recipient-erased = (first name erased)
programs-badge-issuer = Issuer
programs-badge-issued = Date
programs-badge-achievement = What this badge attests
programs-badge-criteria = Criteria
programs-badge-criteria-path = Path: { $steps }.
programs-badge-program-link = About the program
programs-badge-download = Download the badge
programs-badge-download-intro = The badge is a signed credential in the open Open Badges 3.0 format: you can add it to a digital wallet or show it, and anyone can verify it with the issuer’s public key.
programs-badge-download-jwt = The signed credential (JWT file)
programs-badge-download-json = Its readable content (JSON)
programs-badge-keys = The issuer’s public keys (JWKS)
programs-badge-status-list = The revocation list
programs-badge-revoke-title = Revoke this badge
programs-badge-revoke-intro = For the club’s staff and the network’s administrators. Revocation is final and recorded in the audit log.
programs-badge-revoke = Revoke the badge
programs-badge-mail-subject = { $program }: your badge
programs-badge-mail-body = Well done { $name }! You completed the “{ $program }” path. Your digital badge is ready: you can download it, add it to a digital wallet and show it. It is here:
programs-badge-mail-how = Anyone can verify this badge on that page, with the network’s public key.
audit-action-programs-badge-revoke = Revocation of a badge
