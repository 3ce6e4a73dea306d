# Surveys: exports of responses, the codebook, the JSON API.
surveys-exports-sheet-responses = Réponses
surveys-exports-wave = Exporter les réponses de la vague :
surveys-exports-all-waves = Exporter les réponses de toutes les vagues :
surveys-exports-codebook = dictionnaire des codes :
audit-action-surveys-responses-export = Enquêtes : export des réponses
audit-action-api-surveys-responses = Enquêtes : réponses lues par l’API
surveys-exports-anonymous-open = Les réponses d’une vague anonyme ne sortent une à une qu’une fois la vague close : tant qu’elle reçoit des réponses, deux exports comparés pourraient désigner la réponse d’une personne dont on voit le lien utilisé. Les résultats agrégés restent consultables.
