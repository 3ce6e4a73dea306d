# calls
nav-calls = Calls and competitions
calls-legal-association = Association
calls-legal-local-authority = Local authority
calls-legal-cooperative = Cooperative
calls-legal-company = Company
calls-error-siret-digits = A SIRET has 14 digits.
calls-error-siret-key = This SIRET does not exist: its check digit does not match. Check the digits.
calls-error-rna = An RNA number is W followed by 9 digits (for example W751234567).

# calls: apply (public pages, applying, districts, API)
calls-title = Calls for projects and competitions
calls-intro = The network's calls for projects and competitions: apply online, no account needed.
calls-open = Open
calls-open-empty = No call is open at the moment.
calls-closed = Closed
calls-closed-empty = No closed call awaiting results.
calls-results = Results
calls-results-empty = No results published yet.
calls-phase-open = Open
calls-phase-upcoming = Opening soon
calls-phase-closed = Closed
calls-phase-results = Results published
calls-zone = { $city } time
calls-deadline = Closes on { $when } ({ $zone })
calls-deadline-past = Closed since { $when } ({ $zone })
calls-opens-on = Applications open on { $when }
calls-apply = Apply
calls-closed-help = Applications are closed: the jury is reviewing them. Results will be published on this page.
calls-see-results = See the results
calls-rules = Rules
calls-eligibility = Who can apply?
calls-categories = Categories and prizes
calls-sponsored-by = Category supported by { $sponsor }
calls-prize = Prize
calls-ceremony = Award ceremony
calls-back = All calls for projects
calls-back-to-call = Back to the call “{ $call }”
calls-start-title = Apply: { $call }
calls-start-intro = Give your e-mail address: we send you a personal link to your application. You can fill it in over several visits, without a password.
calls-start-email = E-mail address
calls-start-email-hint = The link to your application will be sent to this address.
calls-start-name = Your name (optional)
calls-start-submit = Send me my link
calls-start-sent-title = Check your mailbox
calls-start-sent = If the address is valid, an e-mail has just been sent with the link to your application. It may take a few minutes; check your spam folder too.
calls-start-no-mail = Nothing received?
calls-start-not-open = This call does not accept applications at the moment.
calls-start-throttled = Too many requests from this address. Try again in { $minutes } minutes.
calls-link-label = My application: { $call }
calls-link-label-ref = My application { $reference }: { $call }
calls-mail-hello = Hello,
calls-mail-link-subject = Your application: { $call }
calls-mail-link-lead = Here is the personal link to your application to “{ $call }”:
calls-mail-link-keep = This link is personal: keep this message and do not forward it. Your draft is saved each time you click “Save the draft”.
calls-mail-receipt-subject = Application received ({ $reference }): { $call }
calls-mail-receipt-lead = We have received your application to “{ $call }”, on { $when }.
calls-mail-receipt-reference = Your reference: { $reference }
calls-mail-receipt-summary = What you sent:
calls-mail-receipt-link = Follow the review of your application on your page:
calls-mail-withdrawn-subject = Application withdrawn ({ $reference }): { $call }
calls-mail-withdrawn-text = Your application { $reference } to “{ $call }” was withdrawn on { $when }. It will not be reviewed.
calls-application-title = My application: { $call }
calls-application-intro = Fill in your application at your own pace: “Save the draft” keeps everything you typed, and you can come back through the link you received by e-mail. Send it before the deadline.
calls-draft-saved = Your draft is saved.
calls-draft-closed = The call closed on { $when }; your draft is kept but can no longer be sent.
calls-submit-too-late = Too late: the call closed on { $when }. Your application was not sent; your draft is kept.
calls-section-organisation = Your organisation
calls-section-contact = The person to contact
calls-section-project = The project
calls-section-places = Where the project takes place
calls-section-form = The call's questions
calls-choose = Choose…
calls-optional = (optional)
calls-no-club = No club in particular
calls-priority-district = priority district
calls-district-not-listed = My district is not in the list
calls-no-districts = The network has no list of districts yet: write them below.
calls-field-email = E-mail address
calls-field-org-name = Name of the organisation
calls-field-org-legal-form = Legal form
calls-field-ids-hint = Give the SIRET, or the RNA number for an association (one of the two is enough).
calls-field-org-siret = SIRET
calls-field-org-siret-hint = 14 digits, for example 732 829 320 00074.
calls-field-org-rna = RNA number
calls-field-org-rna-hint = W followed by 9 digits, for example W751234567.
calls-field-org-address = Address
calls-field-org-postcode = Postcode
calls-field-org-town = Town
calls-field-contact-name = Full name
calls-field-contact-phone = Phone
calls-field-project-title = Title of the project
calls-field-summary = The project in a few lines
calls-field-summary-hint = What the project does, for whom, and what it changes (3,000 characters at most).
calls-field-category-id = Category
calls-field-club-id = Nearest club
calls-field-project-url = Project website
calls-field-url-hint = An address starting with https://
calls-field-video-url = Presentation video
calls-field-video-hint = A YouTube, Vimeo or PeerTube link, for example.
calls-field-district = District where the project is carried out
calls-field-district-hint = Choose from the network's list, or “My district is not in the list”.
calls-field-district-other = District not listed
calls-field-district-other-hint = Only if your district is not in the list: its name and town.
calls-field-reached = Districts the project reaches
calls-field-reached-other = Other districts reached
calls-field-reached-other-hint = Those not in the list, one per line.
calls-error-required = This field is required.
calls-error-too-long = This text is too long.
calls-error-legal-form = Choose the organisation's legal form.
calls-error-siret-or-rna = Give the organisation's SIRET, or its RNA number for an association.
calls-error-category = Choose a category.
calls-error-choice = This choice is not in the list.
calls-error-district = Choose the district where the project is carried out, or “My district is not in the list”.
calls-error-district-other = Write the district's name.
calls-save-draft = Save the draft
calls-submit = Send my application
calls-submit-hint = Once sent, the application can no longer be changed; you can withdraw it until the deadline.
calls-reference = Application sent: reference { $reference }
calls-submitted-at = Received on { $when }.
calls-sent-title = What you sent
calls-status-draft = Draft
calls-status-review = Under review.
calls-status-ineligible = Your application was not found eligible.
calls-status-withdrawn = Application withdrawn on { $when }.
calls-outcome-laureate = Winner of the category “{ $category }”: congratulations!
calls-outcome-mention = Jury's mention: congratulations!
calls-outcome-nominee = Your project is nominated.
calls-outcome-not-selected = Your project was not selected. Thank you for applying.
calls-withdraw-heading = Withdraw my application
calls-withdraw-help = Until the deadline, you can withdraw your application: it will not be reviewed.
calls-withdraw-action = Withdraw my application
calls-withdraw-title = Withdraw my application: { $call }
calls-withdraw-warning = Your application { $reference } will not be reviewed by the jury.
calls-withdraw-final = This is final: you will not be able to send it again.
calls-withdraw-keep = Keep my application
calls-withdraw-submit = Yes, withdraw my application
calls-withdraw-too-late = The call is closed: an application can no longer be withdrawn.
calls-districts-title = Districts
calls-districts-intro = The network's list of districts, from which applicants choose where their project is carried out and the districts it reaches. Priority districts are marked.
calls-districts-count = { $count ->
    [0] No district
    [one] { $formatted } district
   *[other] { $formatted } districts
}
calls-districts-empty = No district yet: add some or import a CSV file.
calls-district-name = Name
calls-district-town = Town
calls-district-code = Code
calls-district-code-hint = The official code if there is one (for example QN07501M), optional.
calls-district-priority = Priority district of the city policy
calls-district-priority-col = Priority
calls-district-actions = Actions
calls-district-edit = Edit
calls-district-delete = Delete
calls-district-add = Add a district
calls-district-add-submit = Add the district
calls-district-save = Save
calls-district-cancel = Cancel
calls-district-added = The district is added.
calls-district-saved = The district is saved.
calls-district-deleted = The district is deleted.
calls-district-edit-title = Edit the district { $name }
calls-district-delete-title = Delete the district { $name }?
calls-district-delete-warning = Applications that chose it will lose it. This cannot be undone.
calls-district-delete-submit = Delete the district
calls-district-code-taken = Another district already has this code.
calls-district-name-taken = Another district of this town already has this name.
calls-import-title = Import a CSV file
calls-import-help = A UTF-8 CSV file, separated by semicolons or commas, with the columns code, name, town, priority (yes or no). The first line may name the columns. A district already there (same code, or same name and town) is updated.
calls-import-file = CSV file
calls-import-submit = Import
calls-import-report = Import result
calls-import-added = { $count ->
    [0] No district added,
    [one] { $formatted } district added,
   *[other] { $formatted } districts added,
}
calls-import-updated = { $count ->
    [0] none updated,
    [one] { $formatted } updated,
   *[other] { $formatted } updated,
}
calls-import-rejected = { $count ->
    [0] no line rejected.
    [one] { $formatted } line rejected:
   *[other] { $formatted } lines rejected:
}
calls-import-line = Line { $formatted }
calls-import-error-encoding = This file is not UTF-8. Save it as "CSV UTF-8" from your spreadsheet, then import it again.
calls-import-error-empty = This file is empty.
calls-import-error-too-many = This file has too many lines (20,000 at most).
calls-import-error-no-file = Choose a CSV file.
calls-import-error-name = the district's name is missing.
calls-import-error-long = a field is too long (name and town: 200 characters, code: 40).
calls-import-error-priority = the "priority" column must be yes, no, 1 or 0.
calls-import-error-clash = the code names one district, the name and town another; nothing is changed.
people-kind-applications = Applications to calls and competitions
