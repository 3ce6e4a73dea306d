# Surveys: exports of responses, the codebook, the JSON API.
surveys-exports-sheet-responses = Responses
audit-action-surveys-responses-export = Surveys: responses exported
audit-action-api-surveys-responses = Surveys: responses read through the API
