# Youth programs: the staff's back office, the application form, attendance and mentoring.

programs-admin-title = Youth programs
programs-admin-none = No cohort of your club yet.
programs-admin-cohorts = The cohorts you follow
programs-admin-cohort = Cohort
programs-admin-club = Club
programs-admin-year = School year
programs-admin-applied = Applications
programs-admin-waiting = On the waiting list
programs-admin-selected = Selected
programs-admin-enrolled = Enrolled (consents complete)
programs-admin-schools = School actions
programs-admin-reports = Reports
programs-admin-capacity = { $n } places
programs-admin-enrolled-n = { $count ->
    [0] none enrolled
    [one] 1 enrolled
   *[other] { $count } enrolled
}
programs-admin-mentors = Mentors
programs-admin-export-csv = Export the list (CSV)
programs-admin-export-xlsx = Export the list (XLSX)
programs-admin-applicants = Applications to review
programs-admin-no-applicants = No application waiting.
programs-admin-select-hint = “Select” e-mails the consent requests at once (to the guardian, and to the young person if under 15). A full cohort takes no more selections: use the waiting list.
programs-admin-participants = Selected participants
programs-admin-no-participants = No participant selected yet.
programs-admin-others = Declined or withdrawn applications
programs-admin-place-all = Place the participants in the sessions to come
programs-admin-place-one = Place in the sessions to come
programs-admin-sessions = Sessions of the path
programs-admin-session = Session
programs-admin-when = Date
programs-admin-placed-col = Placed
programs-admin-placed = { $count ->
    [0] nobody placed
    [one] 1 placed
   *[other] { $count } placed
}
programs-admin-attendance-take = Take attendance
programs-admin-attendance-list = Who is placed
programs-admin-name = Name
programs-admin-age = Age at start
programs-admin-years = { $count ->
    [one] 1 year old
   *[other] { $count } years old
}
programs-admin-status = Status
programs-admin-consents = Consents
programs-admin-consent-complete = Complete
programs-admin-consent-pending = Pending consent
programs-admin-consent-replaced = replaced or withdrawn
programs-admin-missing-guardian = the guardian’s authorisation
programs-admin-missing-own = her own consent
programs-admin-applied-by = Sent by
programs-admin-actions = Decision
programs-admin-attendance = Attendance
programs-admin-track = Path
programs-admin-mentor = Mentor
programs-admin-select = Select
programs-admin-wait = Waiting list
programs-admin-decline = Decline
programs-admin-progress = { $attended } session(s) attended of { $held } held so far
programs-admin-identity = Details
programs-admin-no-consent = No answer yet.
programs-admin-path = Path and attendance
programs-admin-pending-title = Pending consent: she cannot be placed in any session or paired with a mentor.
programs-admin-pending-help = The consent links were e-mailed; the person can also ask for them again from the “My links” page.
programs-admin-no-mentor = No mentor yet.
programs-admin-pair = The participant’s mentor
programs-admin-unpair = No mentor
programs-admin-pair-save = Save
programs-admin-meetings = Meetings logged (notes seen by staff only)
programs-admin-pictures = Pictures
programs-admin-pictures-help = The library’s pictures she appears in. Without image rights, or once they are withdrawn, they are taken off the public site at once and flagged here for deletion.
programs-admin-picture-removal = to delete since { $date } (no image rights)
programs-admin-picture-link = Picture from the library
programs-admin-picture-add = Link the picture
programs-admin-flash-selected = Application selected: the consent requests were e-mailed.
programs-admin-flash-status = Status saved.
programs-admin-flash-paired = Mentor saved.
programs-admin-flash-unpaired = The mentoring has ended.
programs-admin-flash-mentor = The mentor’s personal link was e-mailed to them.
programs-admin-flash-picture = Picture linked.
programs-admin-flash-placed = { $count ->
    [0] No new place.
    [one] 1 place in a session added.
   *[other] { $count } places in sessions added.
}
programs-admin-error-full = The cohort is full: put the application on the waiting list, or free a place.
programs-admin-error-pending = Cannot place her: a required consent is still missing.
programs-admin-error-pair = Cannot pair: the participant is not selected or a required consent is missing.
programs-admin-error-picture = Choose an image from the library.
programs-status-applied = Application received
programs-status-waiting = Waiting list
programs-status-selected = Selected
programs-status-declined = Declined
programs-status-withdrawn = Withdrawn
programs-track-completed = Path completed
programs-track-on_track = On track
programs-track-off_track = Off track
programs-applied-by-self = by the young person
programs-applied-by-parent = by a parent
programs-applied-by-staff = by staff
programs-yes = yes
programs-no = no

programs-gender-girl = Girl
programs-gender-boy = Boy
programs-gender-other = Other
programs-gender-unsaid = Prefers not to say

programs-apply-title = Apply: { $program }
programs-apply-lead = The young person or a parent may apply. The club’s team answers by e-mail.
programs-apply-privacy = Only the chosen club’s team and the network’s administrators see this information. It is anonymised two years after the cohort ends.
programs-apply-form = Your application
programs-apply-closed = No cohort takes applications at the moment.
programs-apply-cohort = Club and cohort
programs-apply-cohort-choice = { $club } · { $cohort } (starts { $date })
programs-apply-who = Who is filling in this form?
programs-apply-who-self = The young person
programs-apply-who-parent = A parent or guardian
programs-apply-young = The young person
programs-apply-first-name = First name
programs-apply-last-name = Last name
programs-apply-birth = Date of birth
programs-apply-birth-help = The program welcomes young people aged { $min } to { $max } on the cohort’s first day. Format YYYY-MM-DD.
programs-apply-gender = Gender
programs-apply-email = The young person’s e-mail address
programs-apply-email-help = Needed under 15, when she gives her own consent too.
programs-apply-phone = The young person’s phone
programs-apply-guardian-section = Guardian
programs-apply-guardian-help = Under 18: the authorisation to take part is asked of them by e-mail.
programs-apply-guardian = The guardian’s name
programs-apply-guardian-email = The guardian’s e-mail address
programs-apply-motivation-section = Motivation
programs-apply-motivation = Why join the program?
programs-apply-motivation-help = A few lines are enough.
programs-apply-send = Send the application
programs-apply-error-age = The program welcomes young people aged { $min } to { $max } on the cohort’s first day ({ $date }); age on that day: { $age }.
programs-apply-error-guardian = Give the guardian’s name (required under 18).
programs-apply-error-guardian-email = Give the guardian’s address: the authorisation is asked by e-mail.
programs-apply-error-own-email = Under 15 she gives her own consent too: give her e-mail address.
programs-apply-error-email = Give an e-mail address to answer to.
programs-apply-error-long = This answer is too long.
programs-apply-error-twice = An application to this cohort already exists for her.
programs-apply-thanks-title = Application sent
programs-apply-thanks = Thank you! The application to { $program } has arrived.
programs-apply-thanks-next = A confirmation e-mail is on its way. The club’s team reviews the applications and answers; if selected, the guardian’s authorisation is asked by e-mail.
programs-apply-back = Back to { $program }
programs-apply-mail-subject = Application received: { $program }
programs-apply-mail-body = We have received { $name }’s application to { $program } ({ $cohort }).
programs-apply-mail-next = The club’s team reviews the applications and answers by e-mail. If selected, you will receive a link to give the consents needed.

programs-attendance-title = Attendance: { $session }
programs-attendance-help = Arrival and departure times (HH:MM), or an excused absence. Leave an absent person empty.
programs-attendance-empty = Nobody is placed in this session.
programs-attendance-arrived-label = Arrival
programs-attendance-left-label = Departure
programs-attendance-excused-label = Excused absence
programs-attendance-save = Save attendance
programs-attendance-none = Not taken yet
programs-attendance-excused = Excused absence
programs-attendance-absent = Absent
programs-attendance-arrived = Arrived at { $from }
programs-attendance-span = { $from } – { $to } ({ $minutes } min)
programs-attendance-error-time = Give a time as HH:MM, for example 14:05.
programs-attendance-error-order = The departure must come after the arrival.
programs-attendance-error-no-arrival = Give the arrival time too.
programs-attendance-error-excused = An excused absence has no arrival time.

programs-mentors-title = Mentors · { $cohort }
programs-mentors-help = Each mentor gets a personal link: they see the first names of the participants they mentor, never their surname or contacts, and log their meetings there. Contact goes through the club’s team.
programs-mentors-none = No mentor yet.
programs-mentors-resend = Send their link again
programs-mentors-add = Add a mentor
programs-mentors-name = The mentor’s name
programs-mentors-email = The mentor’s e-mail address
programs-mentors-save = Add and send their link
programs-mentor-title = My mentoring
programs-mentor-lead = Hello { $name }: here are the participants you mentor.
programs-mentor-privacy = To reach them, go through the club’s team:
programs-mentor-none = No participant to mentor yet.
programs-mentor-meetings = { $count } meeting(s), { $hours } h { $minutes }
programs-mentor-log = Log a meeting with { $name }
programs-mentor-date = Date of the meeting
programs-mentor-minutes = Length (minutes)
programs-mentor-note = Note for the team
programs-mentor-note-hint = Only the club’s team reads it; the participant does not see it.
programs-mentor-save = Save the meeting
programs-mentor-logged = Meeting saved. Thank you!
programs-mentor-error-date = Give a date as YYYY-MM-DD.
programs-mentor-error-future = The meeting cannot be in the future.
programs-mentor-error-minutes = Give a length in minutes, between 1 and 1,440.
programs-mentor-link-label = Mentoring ({ $club })
programs-mentor-mail-subject = Your mentoring with { $club }
programs-mentor-mail-hello = Hello { $name },
programs-mentor-mail-body = Thank you for mentoring a participant of { $club }. Your personal link, to see whom you mentor and log your meetings:
programs-mentor-mail-privacy = This link is personal: do not forward it.

audit-action-programs-cohort-view = Programs: a cohort viewed
audit-action-programs-participant-view = Programs: a participant’s record viewed
audit-action-programs-attendance-view = Programs: a session’s attendance viewed
audit-action-programs-api-view = Programs: participants’ data read through the API
programs-api-error-not-placed = This person is not placed in the session.
programs-api-error-datetime = Give an RFC 3339 date and time, for example 2026-12-02T14:02:00+01:00.
programs-apply-cta = Apply

programs-planning-new = Open a cohort
programs-planning-help = The club gets the program's path template: one session every four weeks from the first, which you then adapt (dates, places, who leads) and complete.
programs-planning-program = Program
programs-planning-capacity = Number of places
programs-planning-starts = The cohort's first day
programs-planning-ends = The cohort's last day
programs-planning-first = Date and time of the first session
programs-planning-first-hint = The next sessions follow every four weeks, on the same day at the same time.
programs-planning-year-hint = For example 2027-2028.
programs-planning-create = Open the cohort
programs-planning-label = Cohort { $year }
programs-planning-adapt = Adapt
programs-planning-new-session = Add a session
programs-planning-edit-session = Adapt the session
programs-planning-kind = Kind of session
programs-planning-session-starts = Start
programs-planning-session-ends = End
programs-planning-place = Place
programs-planning-lead = Led by
programs-planning-save = Save the session
programs-planning-error-program = Choose a program.
programs-planning-error-club = Choose a club you administer.
programs-planning-error-year = Give the school year as 2027-2028.
programs-planning-error-capacity = Give a number of places between 1 and 500.
programs-planning-error-date = Give a date that exists, as YYYY-MM-DD.
programs-planning-error-datetime = Give a date and a time.
programs-planning-error-order = The end must come after the start.
programs-planning-error-taken = This club already has a cohort of this program for this school year.
programs-planning-error-kind = Choose a kind of session.
