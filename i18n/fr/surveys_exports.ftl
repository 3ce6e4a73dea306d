# Surveys: exports of responses, the codebook, the JSON API.
surveys-exports-sheet-responses = Réponses
audit-action-surveys-responses-export = Enquêtes : export des réponses
audit-action-api-surveys-responses = Enquêtes : réponses lues par l’API
