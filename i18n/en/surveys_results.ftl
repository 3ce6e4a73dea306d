# surveys_results: the results' arithmetic, pages, charts, export and API.

## Labels of the figures
surveys-results-yes = Yes
surveys-results-no = No
surveys-results-other = Other
surveys-results-whole = All territories
surveys-results-respondents = Respondents
surveys-results-mean = Mean
surveys-results-median = Median
surveys-results-range = Minimum – maximum
surveys-results-figure = Figure
surveys-results-suppressed = fewer than { $n } responses
surveys-results-hidden = hidden (too few responses)
surveys-results-points = { $n } pts
surveys-results-change = Change { $from } → { $to }
surveys-results-chart-desc = Chart of the results. { $figures }. The figures are in the table that follows.
surveys-results-table-caption = Results: { $question }
surveys-results-kind-single-choice = Single choice
surveys-results-kind-multiple-choice = Multiple choice (percentages of respondents: they may add up to more than 100%)
surveys-results-kind-yes-no = Yes or no
surveys-results-kind-number = Number
surveys-results-kind-scale = Scale
surveys-results-kind-matrix = Grid (mean / median and respondents per row)
surveys-results-kind-short-text = Short text
surveys-results-kind-long-text = Long text
surveys-results-kind-date = Date
surveys-results-kind-email = E-mail address
surveys-results-kind-file = File
surveys-results-others = { $count ->
    [one] One "Other" answer
   *[other] { $count } "Other" answers
}
surveys-results-texts = { $count ->
    [one] One text
   *[other] { $count } texts
}

## The public pages
surveys-results-title = Results { $wave } — { $survey }
surveys-results-report-title = Report { $wave } — { $survey }
surveys-results-evolution-title = Change from wave to wave — { $survey }
surveys-results-wave = Wave
surveys-results-waves = Published waves
surveys-results-published-at = Published on
surveys-results-by-territory = Responses per territory
surveys-results-col-responses = Complete responses
surveys-results-evolution-link = Change from wave to wave
surveys-results-report-link = Printable report
surveys-results-report-back = Back to the results
surveys-results-report-hint = Print this page or save it as PDF from your browser.
surveys-results-public-note = Any figure computed from fewer than { $n } responses is hidden ("fewer than { $n } responses") to protect respondents.
surveys-results-none = No published question.
surveys-results-evolution-waves = Waves compared: { $waves }.
surveys-results-evolution-hint = Questions are matched by their code, even when reworded; the change is in percentage points for choices and a difference of means for numbers and scales.
surveys-results-back-results = Back to the results
surveys-results-back-survey = Back to the survey

## Staff
surveys-results-staff-title = Results of wave { $wave } — { $survey }
surveys-results-back-wave = Back to the wave
surveys-results-export = Export the results table (CSV)
surveys-results-partner-view = Partners' view: figures computed from too few responses are hidden and free texts are not shown.
surveys-results-not-opened = This wave is not open yet: it has no results.
surveys-results-publication = Publication
surveys-results-published-on = Results published on { $date }.
surveys-results-published-count = { $count ->
    [one] One question published.
   *[other] { $count } questions published.
}
surveys-results-public-page = See the public page
surveys-results-unpublished = The results of this wave are not published.
surveys-results-publish-hint = Tick the questions to show on the public page, then "Publish the results". Figures from too few responses are hidden there and free texts never appear.
surveys-results-publish-this = Publish this question
surveys-results-publish = Publish the results
surveys-results-withdraw = Withdraw the publication
surveys-results-flag-legend = Figure computed from fewer than { $n } responses: hidden on public pages and from partners.
surveys-results-flash-published = The results are published.
surveys-results-flash-withdrawn = The publication is withdrawn.
surveys-results-error-none = Choose at least one question to publish.
surveys-results-error-not-opened = This wave is not open yet.

## The export
surveys-results-col-territory = Territory
surveys-results-col-code = Code
surveys-results-col-question = Question
surveys-results-col-line = Line
surveys-results-col-value = Value
surveys-results-col-count = Count
surveys-results-col-percent = Percentage
surveys-results-col-respondents = Respondents
surveys-results-col-note = Note
surveys-results-note-small = fewer than { $n } responses: not for release
audit-action-surveys-results-export = Export of a survey's results
