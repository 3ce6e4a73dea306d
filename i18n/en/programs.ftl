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

# Programs: actions in schools and reports (back office).
programs-admin-home = Programs
programs-school-year = School year
programs-show = Show
programs-choose = Choose…
programs-club = Club
programs-girls = Girls
programs-boys = Boys
programs-pupils = Pupils
programs-edit = Edit
programs-delete = Delete
programs-save = Save
programs-cancel = Cancel
programs-percent = { $n }%
programs-actions-title = Actions in schools
programs-actions-intro = The clubs' one-off actions in primary and secondary schools: how many pupils, girls and boys, and volunteers. Totals only, never a pupil's name.
programs-actions-none = No action recorded for this school year.
programs-actions-col = Actions
programs-action-new = Record an action
programs-action-new-title = New action in a school
programs-action-edit-title = Edit the action
programs-action-aggregates = Give numbers only: no pupil's name is asked for or kept.
programs-action-club = Club
programs-action-program = Program
programs-action-no-program = No program
programs-action-school = School
programs-action-town = Town
programs-action-level = Class level
programs-action-held-on = Date
programs-action-girls = Number of girls
programs-action-boys = Number of boys
programs-action-volunteers = Volunteers present
programs-action-added = The action is recorded.
programs-action-saved = The action is updated.
programs-action-deleted = The action is deleted.
programs-action-delete-title = Delete the action at { $school }
programs-action-delete-warning = The action and its pupils will be taken out of the totals. This cannot be undone.
programs-action-delete-submit = Delete the action
programs-action-error-club = Choose a club you may publish for.
programs-action-error-program = Choose a program from the list.
programs-action-error-required = This field is required.
programs-action-error-long = This text is too long.
programs-action-error-level = Choose a class level from the list.
programs-action-error-date = Give a date that exists, as YYYY-MM-DD.
programs-action-error-future = The action must have taken place: the date cannot be in the future.
programs-action-error-count = Give a whole number, zero or more.
programs-action-error-too-many = This number is too large for one action.
programs-action-error-no-pupils = Give at least one girl or one boy.
programs-level-cm2 = CM2 (year 6)
programs-level-6e = 6e (year 7)
programs-level-5e = 5e (year 8)
programs-level-4e = 4e (year 9)
programs-level-3e = 3e (year 10)
programs-level-2de = 2de (year 11)
programs-level-1re = 1re (year 12)
programs-level-tle = Terminale (year 13)
programs-level-other = Other
programs-reached-title = Pupils reached this school year
programs-reached-network = { $count ->
    [one] pupil reached this school year by the network
   *[other] pupils reached this school year by the network
}
programs-girls-count = { $count ->
    [one] { $formatted } girl
   *[other] { $formatted } girls
}
programs-boys-count = { $count ->
    [one] { $formatted } boy
   *[other] { $formatted } boys
}
programs-actions-count = { $count ->
    [0] No action
    [one] One action
   *[other] { $formatted } actions
}
programs-pupils-count = { $count ->
    [one] { $formatted } pupil
   *[other] { $formatted } pupils
}
programs-figure-pupils = { $count ->
    [one] pupil reached this school year by actions in schools
   *[other] pupils reached this school year by actions in schools
}
programs-list-reached = { $count ->
    [one] pupil reached this school year by the clubs' actions in schools
   *[other] pupils reached this school year by the clubs' actions in schools
}
programs-reports-title = Programs' reports
programs-reports-intro = Per cohort, per club and for the network: enrolment, consents, attendance, completed paths, and pupils reached by actions in schools.
programs-reports-table = The year's figures
programs-reports-empty = Nothing to count for this school year.
programs-reports-how = Enrolled: selected with every consent needed. Attendance rate: sessions attended by the enrolled participants over the sessions held so far. Gender and age (at the cohort's start): of the enrolled. The network's totals are shown only to those who publish for every club.
programs-reports-sheet = Report
programs-report-row = Cohort, club or network
programs-report-network = Network
programs-report-level = Level
programs-report-level-cohort = cohort
programs-report-level-club = club
programs-report-level-network = network
programs-report-cohort = Cohort
programs-report-applicants = Applicants
programs-report-selected = Selected
programs-report-enrolled = Enrolled
programs-report-consent-complete = Consent complete
programs-report-pending = Pending consent
programs-report-waiting = Waiting list
programs-report-sessions-held = Sessions held
programs-report-attendance = Attendance (%)
programs-report-completed = Completed
programs-report-on-track = On track
programs-report-other = Other gender
programs-report-unsaid = Gender unsaid
programs-report-age-under-14 = Under 14
programs-report-age-14 = Aged 14
programs-report-age-15 = Aged 15
programs-report-age-16 = Aged 16
programs-report-age-17 = Aged 17
programs-report-age-18 = 18 and over
programs-report-reached-girls = Pupils reached (girls)
programs-report-reached-boys = Pupils reached (boys)
programs-report-reached = Pupils reached
programs-export-csv = Download (CSV)
programs-export-xlsx = Download (XLSX)
programs-export-participants-csv = Participants (CSV)
programs-export-sheet = Participants
programs-export-first-name = First name
programs-export-last-name = Last name
programs-export-age = Age at start
programs-export-gender = Gender
programs-export-status = Status
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
