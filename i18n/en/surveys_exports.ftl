# Surveys: exports of responses, the codebook, the JSON API.
surveys-exports-sheet-responses = Responses
surveys-exports-wave = Export the wave's responses:
surveys-exports-all-waves = Export the responses of every wave:
surveys-exports-codebook = codebook:
audit-action-surveys-responses-export = Surveys: responses exported
audit-action-api-surveys-responses = Surveys: responses read through the API
surveys-exports-anonymous-open = An anonymous wave's responses leave one by one only once the wave has closed: while it takes answers, two exports compared could point to the response of a person whose link is seen used. The aggregated results remain available.
