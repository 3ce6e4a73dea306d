# calls_results: the ranking, decisions, publication and the public results page.

## The public results page
calls-results-title = Results — { $call }
calls-results-published = Published on
calls-results-version = version { $version }
calls-results-fingerprint = SHA-256 fingerprint
calls-results-fingerprint-hint = The fingerprint of the published results (the JSON the API serves)
calls-results-ceremony = Ceremony
calls-results-amendments = Changes after publication
calls-results-laureates = Laureates
calls-results-none = No laureate.
calls-results-mentions = Mentions
calls-results-nominees = Nominees
calls-results-category = Category
calls-results-sponsor = Sponsored by
calls-results-district = District where it is carried out
calls-results-reached = Districts reached
calls-results-link = Project website

## The ranking
calls-results-ranking-title = Ranking — { $stage } — { $call }
calls-results-stage-nav = The call's rankings and decisions
calls-results-tab-ranking = Ranking ({ $stage })
calls-results-tab-decision = Decision ({ $stage })
calls-results-tab-publish = Publishing the results
calls-results-ranking-hint = Only submitted reviews count, without conflicts of interest or withdrawn jurors. The normalised mean brings each juror's scores to the same scale (z-scores), so that a stricter or more generous juror does not skew the ranking.
calls-results-export-csv = Export as CSV
calls-results-export-xlsx = Export as XLSX
calls-results-ranking-empty = No counted review for this stage.
calls-results-no-category = No category
calls-results-col-category = Category
calls-results-col-rank = Rank
calls-results-col-tie = Tie
calls-results-col-reference = Reference
calls-results-col-project = Project
calls-results-col-organisation = Organisation
calls-results-col-mean = Weighted mean
calls-results-col-median = Median
calls-results-col-normalised = Normalised mean
calls-results-col-spread = Spread between jurors
calls-results-col-std-dev = Standard deviation
calls-results-col-reviews = Reviews
calls-results-col-version = Version
calls-results-tie = tie

## Decisions
calls-results-decision-title = Decision — { $stage } — { $call }
calls-results-decision = Decision
calls-results-amendment-n = Amendment { $n }
calls-results-decision-new = Record the decision
calls-results-amendment-new = Amend the decision
calls-results-amendment-hint = The decision is recorded and locked. An amendment is added to the history with its reason, which is required; after publication it publishes a new version of the results.
calls-results-history = History
calls-results-field-rationale = Rationale
calls-results-field-reason = Reason for the amendment
calls-results-field-choice = Choice
calls-results-field-laureate = Laureate of the category “{ $category }”
calls-results-field-mentions = Mentions
calls-results-field-advance = Applications that go on to the next stage
calls-results-advance-count = ({ $n } expected)
calls-results-no-laureate = No laureate
calls-results-no-candidates = No application reached this stage.
calls-results-outcome-laureate = Laureate
calls-results-outcome-mention = Mention
calls-results-outcome-advance = Goes on
calls-results-decide = Record the decision
calls-results-amend = Record the amendment
calls-results-frozen-notice = The results are published: any change is an amendment with a reason, which publishes a new version.
calls-results-flash-decided = Decision recorded.
calls-results-flash-amended = Amendment recorded.
calls-results-flash-published = Results published. Each applicant will receive their outcome by e-mail.
calls-results-error-candidate = This application did not reach this stage.
calls-results-error-twice = One application can receive only one prize or mention.
calls-results-error-none = Choose at least one application.
calls-results-error-frozen = The results are published: they only change through an amendment with a reason.
calls-results-error-decided = This stage's decision is already recorded: amend it with a reason.
calls-results-error-undecided = This stage has no decision yet.
calls-results-error-published = This call's results are already published.
calls-results-error-no-final = This call has no stage that chooses the laureates.

## Publication
calls-results-publish-title = Publishing the results — { $call }
calls-results-publish-hint = Publishing freezes the results below, computes their fingerprint and e-mails each applicant their outcome. Afterwards only an amendment with a reason can change them.
calls-results-publish = Publish the results
calls-results-versions = Published versions
calls-results-public-page = See the public results page
calls-results-preview = Preview of what will be published
calls-results-current = Published results

## The outcome e-mail
calls-results-mail-subject = Results — { $call }
calls-results-mail-hello = Hello,
calls-results-mail-laureate = Congratulations! Your project “{ $project }” is a laureate of “{ $call }”.
calls-results-mail-mention = Congratulations! Your project “{ $project }” receives a mention from the jury of “{ $call }”.
calls-results-mail-nominee = Your project “{ $project }” was nominated among the finalists of “{ $call }”. It did not receive a prize this time.
calls-results-mail-not-selected = Your project “{ $project }” was not selected by the jury of “{ $call }”. Thank you for taking part.
calls-results-mail-page = The results are online:
calls-results-mail-feedback = The jury's remarks on your application:
calls-results-mail-amended = This message follows a change to the published results.

## Audit log actions
audit-action-calls-ranking-view = Viewed a call's ranking
audit-action-calls-ranking-export = Exported a call's ranking
audit-action-calls-decision-view = Viewed a call stage's decision
audit-action-api-calls-applications = Read a call's applications through the API
audit-action-api-calls-scores = Read a call's ranking through the API
